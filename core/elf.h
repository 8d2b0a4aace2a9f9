/*
 * elf: what nativepkg needs to know of a shared object or archive member without loading it:
 * its SONAME (CMake's IMPORTED_SONAME) and the machine and word size it was built for (a
 * library of the wrong architecture is no answer).
 */
#ifndef NP_CORE_ELF_H
#define NP_CORE_ELF_H

#include <stdbool.h>

#include "core/error.h"

struct np_elf {
	int bits;       /* 32 or 64 */
	int machine;    /* e_machine: 62 is x86-64, 183 AArch64, 3 i386 ... */
	char *soname;   /* DT_SONAME, NULL when absent (caller frees) */
};

/* Reads an ELF shared object. Non-ELF files (a linker script, an archive) fail with err. */
bool np_elf_read(const char *path, struct np_elf *out, struct np_error *err);
void np_elf_release(struct np_elf *e);

/*
 * The machine and word size of a shared object or of a static archive's first object file,
 * from the headers alone. *machine is 0 when the file is neither (a linker script).
 */
bool np_elf_machine(const char *path, int *machine, int *bits, struct np_error *err);
/* The e_machine a target triple's code uses ("aarch64-linux-gnu" -> 183); 0 when unknown. */
int np_elf_machine_for_triple(const char *triple);
/* "x86-64", "AArch64", ... or "machine <n>". Borrowed (a static buffer for unknown ones). */
const char *np_elf_machine_name(int machine);

#endif
