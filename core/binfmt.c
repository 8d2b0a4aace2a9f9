/* binfmt: ELF, PE/COFF and Mach-O headers of libraries, and whether they fit a target. */
#include "core/binfmt.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/elf.h"

/* An archive's members are read up to this many (an import library has one per symbol). */
#define MAX_MEMBERS 200000
/* A COFF object's section table and .idata$7 contents are read up to these sizes. */
#define MAX_SECTIONS 96
#define MAX_IDATA 512

static uint64_t
le(const unsigned char *p, int size)
{
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint64_t
be(const unsigned char *p, int size)
{
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v = (v << 8) | p[i];
	return v;
}

static bool
read_at(int fd, off_t at, void *buf, size_t n)
{
	return pread(fd, buf, n, at) == (ssize_t)n;
}

/* COFF machines nativepkg knows, so that a COFF object (which has no magic) is recognised. */
static bool
coff_machine(unsigned m)
{
	return m == 0x8664 || m == 0x14c || m == 0xaa64 || m == 0x1c4 || m == 0x5064 || m == 0x6264;
}

/*
 * A COFF object at `at` (size bytes): its machine, and when one of its .idata$7 sections holds
 * a DLL's name (the tail member GNU ld and dlltool write into an import library), that name.
 */
static bool
coff_object(int fd, off_t at, uint64_t size, struct np_binfmt *out, bool *import)
{
	unsigned char h[20], sec[40];
	unsigned machine, nsec, optsize;

	if (size < 20 || !read_at(fd, at, h, sizeof h))
		return false;
	machine = (unsigned)le(h, 2);
	nsec = (unsigned)le(h + 2, 2);
	optsize = (unsigned)le(h + 16, 2);
	if (!coff_machine(machine) || nsec > MAX_SECTIONS || 20 + optsize + 40ull * nsec > size)
		return false;
	out->format = NP_BINARY_PE;
	out->machine = (int)machine;
	for (unsigned i = 0; i < nsec; i++) {
		uint64_t raw, off;
		if (!read_at(fd, at + 20 + optsize + 40 * (off_t)i, sec, sizeof sec))
			break;
		if (memcmp(sec, ".idata$", 7) != 0)
			continue;
		*import = true;
		raw = le(sec + 16, 4);
		off = le(sec + 20, 4);
		if (sec[7] == '7' && out->dll == NULL && raw > 4 && raw <= MAX_IDATA && off + raw <= size) {
			char name[MAX_IDATA + 1];
			size_t n;
			if (!read_at(fd, at + (off_t)off, name, (size_t)raw))
				continue;
			name[raw] = '\0';
			n = strlen(name);
			if (n > 4 && strcasecmp(name + n - 4, ".dll") == 0 && !memchr(name, '/', n))
				out->dll = np_xstrdup(name);
		}
	}
	return true;
}

/* MSVC's short import format: signature 0, 0xffff; machine; then symbol and DLL names. */
static bool
short_import(int fd, off_t at, uint64_t size, struct np_binfmt *out)
{
	unsigned char h[20];
	char names[1024];
	size_t n, sym;

	if (size < 20 || !read_at(fd, at, h, sizeof h) || le(h, 2) != 0 || le(h + 2, 2) != 0xffff)
		return false;
	out->format = NP_BINARY_PE;
	out->machine = (int)le(h + 6, 2);
	n = size - 20 < sizeof names - 1 ? (size_t)(size - 20) : sizeof names - 1;
	if (out->dll == NULL && read_at(fd, at + 20, names, n)) {
		names[n] = '\0';
		sym = strlen(names);
		if (sym + 1 < n && names[sym + 1])
			out->dll = np_xstrdup(names + sym + 1);
	}
	return true;
}

/* An ELF, PE or Mach-O file at `at`; false when it is none of them. */
static bool
object_at(int fd, off_t at, uint64_t size, struct np_binfmt *out)
{
	unsigned char h[64];
	uint64_t magic;

	if (size < 20 || !read_at(fd, at, h, size < sizeof h ? (size_t)size : sizeof h))
		return false;
	if (memcmp(h, "\177ELF", 4) == 0 && (h[4] == 1 || h[4] == 2)) {
		out->format = NP_BINARY_ELF;
		out->bits = h[4] == 2 ? 64 : 32;
		out->osabi = h[7];
		out->machine = (int)(h[5] == 2 ? be(h + 18, 2) : le(h + 18, 2));
		return true;
	}
	if (h[0] == 'M' && h[1] == 'Z' && size >= 64) {
		uint64_t pe = le(h + 0x3c, 4);
		unsigned char p[26];
		if (pe + sizeof p > size || !read_at(fd, at + (off_t)pe, p, sizeof p) ||
			memcmp(p, "PE\0\0", 4) != 0)
			return false;
		out->format = NP_BINARY_PE;
		out->machine = (int)le(p + 4, 2);
		/* The optional header's magic: 0x10b PE32, 0x20b PE32+. */
		out->bits = le(p + 24, 2) == 0x20b ? 64 : 32;
		return true;
	}
	magic = le(h, 4);
	if (magic == 0xfeedface || magic == 0xfeedfacf || be(h, 4) == 0xfeedface ||
		be(h, 4) == 0xfeedfacf) {
		bool swapped = be(h, 4) == 0xfeedface || be(h, 4) == 0xfeedfacf;
		out->format = NP_BINARY_MACHO;
		out->machine = (int)(swapped ? be(h + 4, 4) : le(h + 4, 4));
		out->bits = (magic == 0xfeedfacf || be(h, 4) == 0xfeedfacf) ? 64 : 32;
		return true;
	}
	return false;
}

/* A static or import library: the first object member says the format; any .idata an import. */
static void
archive(int fd, uint64_t fsize, struct np_binfmt *out)
{
	off_t at = 8;
	bool found = false, import = false;

	for (size_t k = 0; k < MAX_MEMBERS && (uint64_t)at + 60 <= fsize; k++) {
		char hdr[61], *end;
		long long size;

		if (!read_at(fd, at, hdr, 60))
			break;
		hdr[60] = '\0';
		hdr[58] = '\0';
		size = strtoll(hdr + 48, &end, 10);
		if (end == hdr + 48 || size < 0 || (uint64_t)size > fsize - (uint64_t)at - 60)
			break;
		/* The symbol and name tables ("/", "//", "/SYM64/", "__.SYMDEF") are not objects; a
		 * member whose long name is in the table ("/123") is. */
		if ((hdr[0] != '/' || (hdr[1] >= '0' && hdr[1] <= '9')) &&
			memcmp(hdr, "__.SYMDEF", 9) != 0) {
			struct np_binfmt m = {.osabi = -1};
			bool is = object_at(fd, at + 60, (uint64_t)size, &m) ||
				short_import(fd, at + 60, (uint64_t)size, &m) ||
				coff_object(fd, at + 60, (uint64_t)size, &m, &import);
			if (is && !found) {
				found = true;
				out->format = m.format;
				out->machine = m.machine;
				out->bits = m.bits;
				out->osabi = m.osabi;
			}
			if (m.dll && out->dll == NULL)
				out->dll = m.dll;
			else
				free(m.dll);
			if (out->dll)
				import = true;
			/* An ELF or Mach-O archive is never an import library: its first member says all. */
			if (found && out->format != NP_BINARY_PE)
				break;
			if (found && out->dll)
				break;
		}
		at += 60 + size + (size & 1);
	}
	if (found)
		out->kind = import ? NP_BINFMT_IMPORT : NP_BINFMT_ARCHIVE;
}

bool
np_binfmt_read(const char *path, struct np_binfmt *out, struct np_error *err)
{
	char magic[8];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(out, 0, sizeof *out);
	out->osabi = -1;
	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !read_at(fd, 0, magic, sizeof magic)) {
		close(fd);
		return true;
	}
	if (memcmp(magic, "!<arch>\n", 8) == 0) {
		archive(fd, (uint64_t)st.st_size, out);
	} else if (object_at(fd, 0, (uint64_t)st.st_size, out)) {
		out->kind = NP_BINFMT_OBJECT;
	}
	close(fd);
	return true;
}

void
np_binfmt_release(struct np_binfmt *b)
{
	free(b->dll);
	b->dll = NULL;
}

const char *
np_binfmt_machine_name(enum np_binary_format f, int machine)
{
	static char other[32];

	if (f == NP_BINARY_ELF)
		return np_elf_machine_name(machine);
	if (f == NP_BINARY_PE) {
		switch (machine) {
		case 0x8664: return "x86-64";
		case 0x14c: return "i386";
		case 0xaa64: return "AArch64";
		case 0x1c4: return "ARM";
		case 0x5064: return "RISC-V";
		case 0x6264: return "LoongArch";
		default: break;
		}
	}
	if (f == NP_BINARY_MACHO) {
		switch (machine) {
		case 0x01000007: return "x86-64";
		case 7: return "i386";
		case 0x0100000c: return "arm64";
		default: break;
		}
	}
	snprintf(other, sizeof other, "machine %#x", (unsigned)machine);
	return other;
}

/* ELF's OS/ABI values a target's libraries may carry. */
static bool
osabi_fits(int osabi, const struct np_target *t)
{
	if (osabi < 0)
		return true;
	if (t->os == NP_TARGET_OS_FREEBSD)
		return osabi == 9 || osabi == 0;
	/* Linux and Android objects are System V (0), or GNU (3) with GNU extensions. */
	return osabi == 0 || osabi == 3;
}

static int
target_machine(const struct np_target *t)
{
	switch (t->format) {
	case NP_BINARY_ELF: return t->elf_machine;
	case NP_BINARY_PE: return (int)t->pe_machine;
	case NP_BINARY_MACHO: return t->macho_cputype;
	}
	return 0;
}

char *
np_binfmt_mismatch(const struct np_binfmt *b, const struct np_target *t)
{
	int want = target_machine(t);

	if (b->kind == NP_BINFMT_UNKNOWN)
		return NULL;
	if (b->format == t->format && want && b->machine != want)
		return np_xasprintf("built for %s, but the target %s needs %s",
			np_binfmt_machine_name(b->format, b->machine), t->gnu,
			np_binfmt_machine_name(t->format, want));
	if (b->format != t->format)
		return np_xasprintf("built for %s (%s), but the target %s needs %s (%s)",
			np_binfmt_machine_name(b->format, b->machine), np_target_format_name(b->format),
			t->gnu, np_binfmt_machine_name(t->format, want), np_target_format_name(t->format));
	if (b->bits && b->bits != t->bits)
		return np_xasprintf("built for %d-bit, but the target %s is %d-bit", b->bits, t->gnu,
			t->bits);
	if (b->format == NP_BINARY_ELF && !osabi_fits(b->osabi, t))
		return np_xasprintf("built for another system (ELF OS/ABI %d), but the target %s is %s",
			b->osabi, t->gnu, np_target_os_name(t->os));
	return NULL;
}
