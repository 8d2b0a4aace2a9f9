/* elf: SONAME and architecture from an ELF file's headers and dynamic section. */
#include "core/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

#define MAX_ELF (256u << 20)

/* Little- or big-endian field readers, bounds checked by the caller. */
static uint64_t
get(const unsigned char *p, int size, bool be)
{
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[be ? size - 1 - i : i] << (8 * i);
	return v;
}

bool
np_elf_read(const char *path, struct np_elf *out, struct np_error *err)
{
	unsigned char *buf = NULL;
	struct stat st;
	uint64_t phoff, phnum, phentsize, dyn_off = 0, dyn_size = 0, strtab = 0, soname = UINT64_MAX;
	bool be, is64, ok = false;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(out, 0, sizeof *out);
	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || st.st_size < 64 || (uint64_t)st.st_size > MAX_ELF) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: not an ELF file", path);
		goto out;
	}
	buf = np_xmalloc((size_t)st.st_size);
	n = read(fd, buf, (size_t)st.st_size);
	if (n != st.st_size || memcmp(buf, "\177ELF", 4) != 0 || (buf[4] != 1 && buf[4] != 2)) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: not an ELF file", path);
		goto out;
	}
	is64 = buf[4] == 2;
	be = buf[5] == 2;
	out->bits = is64 ? 64 : 32;
	out->machine = (int)get(buf + 18, 2, be);
	phoff = get(buf + (is64 ? 32 : 28), is64 ? 8 : 4, be);
	phentsize = get(buf + (is64 ? 54 : 42), 2, be);
	phnum = get(buf + (is64 ? 56 : 44), 2, be);
	if (phoff > (uint64_t)st.st_size || phentsize < (is64 ? 56u : 32u) ||
		phnum > ((uint64_t)st.st_size - phoff) / phentsize) {
		ok = true; /* no program headers we can use: no SONAME */
		goto out;
	}
	/* PT_DYNAMIC gives the dynamic section; PT_LOADs map its string table's address. */
	for (uint64_t i = 0; i < phnum; i++) {
		const unsigned char *ph = buf + phoff + i * phentsize;
		if (get(ph, 4, be) == 2) {
			dyn_off = get(ph + (is64 ? 8 : 4), is64 ? 8 : 4, be);
			dyn_size = get(ph + (is64 ? 32 : 16), is64 ? 8 : 4, be);
		}
	}
	if (dyn_off == 0 || dyn_off > (uint64_t)st.st_size || dyn_size > (uint64_t)st.st_size - dyn_off) {
		ok = true;
		goto out;
	}
	for (uint64_t p = dyn_off; p + (is64 ? 16 : 8) <= dyn_off + dyn_size; p += is64 ? 16 : 8) {
		uint64_t tag = get(buf + p, is64 ? 8 : 4, be), val = get(buf + p + (is64 ? 8 : 4), is64 ? 8 : 4, be);
		if (tag == 0)
			break;
		if (tag == 5) /* DT_STRTAB: a virtual address */
			strtab = val;
		else if (tag == 14) /* DT_SONAME: an offset into it */
			soname = val;
	}
	if (strtab && soname != UINT64_MAX) {
		/* Translate the string table's address to a file offset through the PT_LOADs. */
		for (uint64_t i = 0; i < phnum; i++) {
			const unsigned char *ph = buf + phoff + i * phentsize;
			uint64_t off = get(ph + (is64 ? 8 : 4), is64 ? 8 : 4, be);
			uint64_t vaddr = get(ph + (is64 ? 16 : 8), is64 ? 8 : 4, be);
			uint64_t filesz = get(ph + (is64 ? 32 : 16), is64 ? 8 : 4, be);
			if (get(ph, 4, be) == 1 && strtab >= vaddr && strtab - vaddr < filesz) {
				uint64_t at = off + (strtab - vaddr) + soname;
				if (at < (uint64_t)st.st_size && memchr(buf + at, '\0', (size_t)(st.st_size - at)))
					out->soname = np_xstrdup((const char *)buf + at);
				break;
			}
		}
	}
	ok = true;
out:
	free(buf);
	close(fd);
	return ok;
}

void
np_elf_release(struct np_elf *e)
{
	free(e->soname);
	e->soname = NULL;
}

/* Reads the ELF identification and e_machine at offset `at` of an open file. */
static bool
header_at(int fd, off_t at, int *machine, int *bits)
{
	unsigned char h[20];

	if (pread(fd, h, sizeof h, at) != (ssize_t)sizeof h || memcmp(h, "\177ELF", 4) != 0 ||
		(h[4] != 1 && h[4] != 2))
		return false;
	*bits = h[4] == 2 ? 64 : 32;
	*machine = (int)get(h + 18, 2, h[5] == 2);
	return true;
}

bool
np_elf_machine(const char *path, int *machine, int *bits, struct np_error *err)
{
	char magic[8];
	struct stat st;
	off_t at = 8;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*machine = 0;
	*bits = 0;
	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || pread(fd, magic, sizeof magic, 0) != (ssize_t)sizeof magic) {
		close(fd);
		return true;
	}
	if (memcmp(magic, "!<arch>\n", 8) != 0) {
		header_at(fd, 0, machine, bits);
		close(fd);
		return true;
	}
	/* An archive: 60-byte member headers; the symbol and name tables are not objects. */
	while (at + 60 <= st.st_size) {
		char hdr[61], *end;
		long long size;

		if (pread(fd, hdr, 60, at) != 60)
			break;
		hdr[60] = '\0';
		hdr[58] = '\0';
		size = strtoll(hdr + 48, &end, 10);
		if (end == hdr + 48 || size < 0 || size > st.st_size)
			break;
		if (hdr[0] != '/' && memcmp(hdr, "__.SYMDEF", 9) != 0 &&
			header_at(fd, at + 60, machine, bits))
			break;
		at += 60 + size + (size & 1);
	}
	close(fd);
	return true;
}

static const struct {
	const char *prefix;
	int machine;
	const char *name;
} machines[] = {
	{"x86_64", 62, "x86-64"}, {"amd64", 62, "x86-64"}, {"i386", 3, "i386"}, {"i486", 3, "i386"},
	{"i586", 3, "i386"}, {"i686", 3, "i386"}, {"aarch64", 183, "AArch64"}, {"arm64", 183, "AArch64"},
	{"arm", 40, "ARM"}, {"riscv", 243, "RISC-V"}, {"powerpc64", 21, "PowerPC64"},
	{"ppc64", 21, "PowerPC64"}, {"powerpc", 20, "PowerPC"}, {"s390x", 22, "S/390"},
	{"mips", 8, "MIPS"}, {"loongarch64", 258, "LoongArch"}, {"sparc64", 43, "SPARC V9"},
};

int
np_elf_machine_for_triple(const char *triple)
{
	for (size_t i = 0; i < sizeof machines / sizeof *machines; i++) {
		size_t n = strlen(machines[i].prefix);
		if (strncmp(triple, machines[i].prefix, n) == 0)
			return machines[i].machine;
	}
	return 0;
}

const char *
np_elf_machine_name(int machine)
{
	static char other[32];

	for (size_t i = 0; i < sizeof machines / sizeof *machines; i++)
		if (machines[i].machine == machine)
			return machines[i].name;
	snprintf(other, sizeof other, "machine %d", machine);
	return other;
}
