/*
 * elf: what nativepkg needs to know of a program, shared object or archive member without
 * loading it: its SONAME (CMake's IMPORTED_SONAME), the machine and word size it was built
 * for (a library of the wrong architecture is no answer), and what the dynamic loader reads
 * from it (DT_NEEDED, DT_RPATH, DT_RUNPATH, DT_FLAGS_1, the interpreter) to find its
 * libraries (core/loader.h).
 */
#ifndef NP_CORE_ELF_H
#define NP_CORE_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/strv.h"

/* e_type values. */
#define NP_ELF_EXEC 2 /* a position-dependent executable */
#define NP_ELF_DYN 3  /* a shared object, or a position-independent executable */
/* DT_FLAGS_1: neither the loader cache nor the default directories are searched. */
#define NP_ELF_DF_1_NODEFLIB 0x800u

/* Valid when zeroed. */
struct np_elf {
	int bits;        /* 32 or 64 */
	bool big_endian;
	int osabi;       /* e_ident[EI_OSABI]: 0 System V, 3 GNU ... */
	int type;        /* e_type: NP_ELF_EXEC, NP_ELF_DYN, ... */
	int machine;     /* e_machine: 62 is x86-64, 183 AArch64, 3 i386 ... */
	bool dynamic;    /* has a dynamic section (PT_DYNAMIC) */
	char *interp;    /* PT_INTERP, the program's loader; NULL for a library (caller frees) */
	char *soname;    /* DT_SONAME, NULL when absent (caller frees) */
	struct np_strv needed; /* DT_NEEDED, in order */
	char *rpath;     /* DT_RPATH, NULL when absent */
	char *runpath;   /* DT_RUNPATH, NULL when absent */
	uint64_t flags_1; /* DT_FLAGS_1 */
};

/*
 * Reads an ELF file's headers and dynamic section, with every offset and size checked against
 * the file (it is input: a hostile one gets an error, never a read out of bounds). Only the
 * parts named are read, so a large program costs a few reads. A file that is not ELF (a linker
 * script, an archive) or whose dynamic section is malformed fails with err; out is released.
 */
bool np_elf_read(const char *path, struct np_elf *out, struct np_error *err);
/* The same from bytes in memory; `name` is for messages. */
bool np_elf_parse(const void *data, size_t len, const char *name, struct np_elf *out,
	struct np_error *err);
void np_elf_release(struct np_elf *e);

/*
 * The unsigned little- or big-endian number of `size` bytes (at most 8) at p: a field of an
 * ELF file or of ld.so.cache. The caller checks that the bytes are there.
 */
uint64_t np_elf_field(const unsigned char *p, int size, bool big_endian);
/* "x86-64", "AArch64", ... or "machine <n>". Borrowed (a static buffer for unknown ones). */
const char *np_elf_machine_name(int machine);

#endif
