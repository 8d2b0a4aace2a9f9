/* elf: SONAME and architecture from an ELF file's headers and dynamic section. */
#include "core/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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
