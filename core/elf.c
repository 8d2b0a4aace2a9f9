/* elf: the headers, program headers and dynamic section of an ELF file. */
#include "core/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

/*
 * What a well-formed file stays far below; a larger table is refused rather than read (the file
 * is input). Real programs have a dozen program headers, a few hundred dynamic entries and a
 * string table of some kilobytes.
 */
#define MAX_PHDRS_BYTES (1u << 20)
#define MAX_DYNAMIC_BYTES (1u << 20)
#define MAX_STRTAB_BYTES (16u << 20)
#define MAX_NEEDED 4096u
#define MAX_INTERP 4096u

/* Dynamic section tags and program header types. */
enum {
	PT_LOAD_ = 1, PT_DYNAMIC_ = 2, PT_INTERP_ = 3,
	DT_NULL_ = 0, DT_NEEDED_ = 1, DT_STRTAB_ = 5, DT_STRSZ_ = 10, DT_SONAME_ = 14,
	DT_RPATH_ = 15, DT_RUNPATH_ = 29,
};
#define DT_FLAGS_1_ 0x6ffffffbu

uint64_t
np_elf_field(const unsigned char *p, int size, bool be)
{
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[be ? size - 1 - i : i] << (8 * i);
	return v;
}

/* Where the bytes come from: an open file (read piece by piece) or memory. */
struct source {
	int fd; /* -1: mem */
	const unsigned char *mem;
	uint64_t size;
	const char *name;
};

/* n bytes at off, all inside the source; false otherwise. */
static bool
fetch(const struct source *s, uint64_t off, void *buf, uint64_t n)
{
	uint64_t done = 0;

	if (off > s->size || n > s->size - off)
		return false;
	if (s->fd < 0) {
		if (n)
			memcpy(buf, s->mem + off, (size_t)n);
		return true;
	}
	while (done < n) {
		ssize_t got = pread(s->fd, (char *)buf + done, (size_t)(n - done), (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		done += (uint64_t)got;
	}
	return true;
}

/* A PT_LOAD segment: where file bytes appear in memory. */
struct load {
	uint64_t offset, vaddr, filesz;
};

static bool
malformed(const struct source *s, struct np_error *err, const char *why)
{
	return np_error_set(err, NP_EXIT_FAILURE, "%s: malformed ELF file: %s", s->name, why);
}

/* A string of the dynamic string table; NULL (and err) when it lies outside or is unterminated. */
static char *
string_at(const struct source *s, const char *tab, uint64_t len, uint64_t off, struct np_error *err)
{
	if (tab == NULL) {
		malformed(s, err, "a dynamic string without a string table");
		return NULL;
	}
	if (off >= len || memchr(tab + off, '\0', (size_t)(len - off)) == NULL) {
		malformed(s, err, "a dynamic string outside its table");
		return NULL;
	}
	return np_xstrdup(tab + off);
}

static bool
parse(const struct source *s, struct np_elf *out, struct np_error *err)
{
	unsigned char h[64], *ph = NULL, *dyn = NULL;
	char *strtab = NULL;
	struct load *loads = NULL;
	size_t nloads = 0, nneeded = 0;
	uint64_t phoff, phentsize, phnum, dyn_off = 0, dyn_size = 0, interp_off = 0, interp_size = 0;
	uint64_t strtab_addr = 0, strsz = 0, strtab_len = 0, soname = 0, rpath = 0, runpath = 0;
	uint64_t *needed = NULL;
	bool be, is64, has_dyn = false, has_interp = false, has_strtab = false, has_strsz = false;
	bool has_soname = false, has_rpath = false, has_runpath = false, ok = false;
	unsigned entsize;

	memset(out, 0, sizeof *out);
	if (!fetch(s, 0, h, 52) || memcmp(h, "\177ELF", 4) != 0 || (h[4] != 1 && h[4] != 2) ||
		(h[5] != 1 && h[5] != 2) || (h[4] == 2 && !fetch(s, 0, h, 64)))
		return np_error_set(err, NP_EXIT_FAILURE, "%s: not an ELF file", s->name);
	is64 = h[4] == 2;
	be = h[5] == 2;
	out->bits = is64 ? 64 : 32;
	out->big_endian = be;
	out->osabi = h[7];
	out->type = (int)np_elf_field(h + 16, 2, be);
	out->machine = (int)np_elf_field(h + 18, 2, be);
	phoff = np_elf_field(h + (is64 ? 32 : 28), is64 ? 8 : 4, be);
	phentsize = np_elf_field(h + (is64 ? 54 : 42), 2, be);
	phnum = np_elf_field(h + (is64 ? 56 : 44), 2, be);
	if (phnum == 0)
		return true; /* an object file: nothing for the loader */
	/* 0xffff means the count is elsewhere (core files only): not a loadable object. */
	if (phnum == 0xffff || phentsize < (is64 ? 56u : 32u) || phentsize > 1024 ||
		phnum * phentsize > MAX_PHDRS_BYTES) {
		malformed(s, err, "unusable program headers");
		goto out;
	}
	ph = np_xmalloc((size_t)(phnum * phentsize));
	if (!fetch(s, phoff, ph, phnum * phentsize)) {
		malformed(s, err, "program headers outside the file");
		goto out;
	}
	loads = np_xcalloc((size_t)phnum, sizeof *loads);
	for (uint64_t i = 0; i < phnum; i++) {
		const unsigned char *p = ph + i * phentsize;
		uint64_t type = np_elf_field(p, 4, be);
		uint64_t off = np_elf_field(p + (is64 ? 8 : 4), is64 ? 8 : 4, be);
		uint64_t vaddr = np_elf_field(p + (is64 ? 16 : 8), is64 ? 8 : 4, be);
		uint64_t filesz = np_elf_field(p + (is64 ? 32 : 16), is64 ? 8 : 4, be);
		if (type == PT_LOAD_) {
			loads[nloads].offset = off;
			loads[nloads].vaddr = vaddr;
			loads[nloads++].filesz = filesz;
		} else if (type == PT_DYNAMIC_) {
			/* As the loader does, the last one counts. */
			has_dyn = true;
			dyn_off = off;
			dyn_size = filesz;
		} else if (type == PT_INTERP_) {
			has_interp = true;
			interp_off = off;
			interp_size = filesz;
		}
	}
	if (has_interp) {
		char buf[MAX_INTERP];
		if (interp_size == 0 || interp_size > MAX_INTERP || !fetch(s, interp_off, buf, interp_size) ||
			memchr(buf, '\0', (size_t)interp_size) == NULL) {
			malformed(s, err, "an unusable interpreter (PT_INTERP)");
			goto out;
		}
		out->interp = np_xstrdup(buf);
	}
	if (!has_dyn) {
		ok = true; /* a static program: nothing to load */
		goto out;
	}
	out->dynamic = true;
	entsize = is64 ? 16 : 8;
	if (dyn_size > MAX_DYNAMIC_BYTES) {
		malformed(s, err, "a dynamic section too large");
		goto out;
	}
	dyn_size -= dyn_size % entsize;
	dyn = np_xmalloc(dyn_size ? (size_t)dyn_size : 1);
	if (!fetch(s, dyn_off, dyn, dyn_size)) {
		malformed(s, err, "a dynamic section outside the file");
		goto out;
	}
	needed = np_xcalloc(MAX_NEEDED, sizeof *needed);
	for (uint64_t p = 0; p + entsize <= dyn_size; p += entsize) {
		uint64_t tag = np_elf_field(dyn + p, entsize / 2, be), val = np_elf_field(dyn + p + entsize / 2, entsize / 2, be);
		if (tag == DT_NULL_)
			break;
		switch (tag) {
		case DT_NEEDED_:
			if (nneeded == MAX_NEEDED) {
				malformed(s, err, "too many DT_NEEDED entries");
				goto out;
			}
			needed[nneeded++] = val;
			break;
		case DT_STRTAB_:
			has_strtab = true;
			strtab_addr = val;
			break;
		case DT_STRSZ_:
			has_strsz = true;
			strsz = val;
			break;
		case DT_SONAME_:
			has_soname = true;
			soname = val;
			break;
		case DT_RPATH_:
			has_rpath = true;
			rpath = val;
			break;
		case DT_RUNPATH_:
			has_runpath = true;
			runpath = val;
			break;
		case DT_FLAGS_1_:
			out->flags_1 = val;
			break;
		default:
			break;
		}
	}
	if (has_strtab) {
		/* DT_STRTAB is an address: the PT_LOAD that maps it gives its place in the file. */
		for (size_t i = 0; i < nloads && strtab == NULL; i++) {
			const struct load *l = &loads[i];
			if (strtab_addr < l->vaddr || strtab_addr - l->vaddr >= l->filesz)
				continue;
			strtab_len = l->filesz - (strtab_addr - l->vaddr);
			if (has_strsz && strsz < strtab_len)
				strtab_len = strsz;
			if (strtab_len > MAX_STRTAB_BYTES)
				strtab_len = MAX_STRTAB_BYTES;
			if (l->offset > UINT64_MAX - (strtab_addr - l->vaddr)) {
				malformed(s, err, "a string table outside the file");
				goto out;
			}
			strtab = np_xmalloc((size_t)strtab_len);
			if (!fetch(s, l->offset + (strtab_addr - l->vaddr), strtab, strtab_len)) {
				malformed(s, err, "a string table outside the file");
				goto out;
			}
		}
		if (strtab == NULL) {
			malformed(s, err, "a string table no segment maps");
			goto out;
		}
	}
	for (size_t i = 0; i < nneeded; i++) {
		char *name = string_at(s, strtab, strtab_len, needed[i], err);
		if (name == NULL)
			goto out;
		np_strv_push_owned(&out->needed, name);
	}
	if ((has_soname && (out->soname = string_at(s, strtab, strtab_len, soname, err)) == NULL) ||
		(has_rpath && (out->rpath = string_at(s, strtab, strtab_len, rpath, err)) == NULL) ||
		(has_runpath && (out->runpath = string_at(s, strtab, strtab_len, runpath, err)) == NULL))
		goto out;
	ok = true;
out:
	if (!ok)
		np_elf_release(out);
	free(ph);
	free(dyn);
	free(strtab);
	free(loads);
	free(needed);
	return ok;
}

bool
np_elf_read(const char *path, struct np_elf *out, struct np_error *err)
{
	struct source s = {.fd = open(path, O_RDONLY | O_CLOEXEC), .name = path};
	struct stat st;
	bool ok;

	memset(out, 0, sizeof *out);
	if (s.fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(s.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(s.fd);
		return np_error_set(err, NP_EXIT_FAILURE, "%s: not an ELF file", path);
	}
	s.size = (uint64_t)st.st_size;
	ok = parse(&s, out, err);
	close(s.fd);
	return ok;
}

bool
np_elf_parse(const void *data, size_t len, const char *name, struct np_elf *out,
	struct np_error *err)
{
	struct source s = {.fd = -1, .mem = data, .size = len, .name = name};
	return parse(&s, out, err);
}

void
np_elf_release(struct np_elf *e)
{
	free(e->interp);
	free(e->soname);
	free(e->rpath);
	free(e->runpath);
	np_strv_release(&e->needed);
	memset(e, 0, sizeof *e);
}

/* e_machine values and what people call them. */
static const struct {
	int machine;
	const char *name;
} machines[] = {
	{62, "x86-64"}, {3, "i386"}, {183, "AArch64"}, {40, "ARM"}, {243, "RISC-V"},
	{21, "PowerPC64"}, {20, "PowerPC"}, {22, "S/390"}, {8, "MIPS"}, {258, "LoongArch"},
	{43, "SPARC V9"},
};

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
