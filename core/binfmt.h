/*
 * binfmt: what a library file is built for, from its headers alone — an ELF shared object or
 * archive (machine, class, OS/ABI), a PE/COFF DLL, COFF archive or import library (machine,
 * and the DLL an import library stands for), a Mach-O file (CPU type) — so a library of another
 * machine, system or format is never an answer for the target (DESIGN §8). core/elf.h reads
 * what a loader needs of an ELF file; this reads only enough to tell targets apart.
 */
#ifndef NP_CORE_BINFMT_H
#define NP_CORE_BINFMT_H

#include <stdbool.h>

#include "core/error.h"
#include "core/target.h"

enum np_binfmt_kind {
	NP_BINFMT_UNKNOWN, /* neither (a linker script, a text file): nothing to compare */
	NP_BINFMT_OBJECT,  /* a shared object, DLL or object file */
	NP_BINFMT_ARCHIVE, /* a static archive (its first object member was read) */
	NP_BINFMT_IMPORT,  /* a Windows import library (lib<name>.dll.a, <name>.lib) */
};

/* Valid when zeroed. */
struct np_binfmt {
	enum np_binfmt_kind kind;
	enum np_binary_format format;
	int machine;  /* ELF e_machine, PE/COFF machine or Mach-O CPU type */
	int bits;     /* 32 or 64; 0 when the file does not say (a COFF object) */
	int osabi;    /* ELF EI_OSABI (0 System V, 3 GNU/Linux, 9 FreeBSD); -1 otherwise */
	char *dll;    /* an import library: the DLL's file name ("zlib1.dll"); caller frees */
};

/*
 * Reads the headers of path. A file that is no library nativepkg knows is NP_BINFMT_UNKNOWN,
 * not an error; err only when the file cannot be opened.
 */
bool np_binfmt_read(const char *path, struct np_binfmt *out, struct np_error *err);
void np_binfmt_release(struct np_binfmt *b);

/*
 * Why a library read into b cannot be linked for target t ("built for x86-64 (PE/COFF),
 * but the target aarch64-linux-gnu needs AArch64 (ELF)"); NULL when it can. Caller frees.
 */
char *np_binfmt_mismatch(const struct np_binfmt *b, const struct np_target *t);
/* "x86-64", "AArch64", "i386" for a machine of a format. Borrowed. */
const char *np_binfmt_machine_name(enum np_binary_format f, int machine);

#endif
