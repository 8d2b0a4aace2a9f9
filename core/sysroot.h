/*
 * sysroot: paths inside a target's sysroot, where an absolute symlink means the sysroot's own
 * file, not this machine's. Debian's -dev packages link usr/lib/<triple>/libz.so to
 * /lib/<triple>/libz.so.1.2.13: unpacked into a sysroot, that link must lead to the sysroot's
 * copy — followed as this machine would, it leads to the host's library or nowhere.
 */
#ifndef NP_CORE_SYSROOT_H
#define NP_CORE_SYSROOT_H

#include <stdbool.h>

/*
 * The file path names, with every symlink on the way followed and an absolute target taken
 * inside sysroot when path lies in it (no step leaves it: "/.." stays at its root). Without a
 * sysroot, or for a path outside it, this is realpath(3). NULL when a component is missing or
 * the links loop. Caller frees.
 */
char *np_sysroot_resolve(const char *sysroot, const char *path);
/* Whether path, resolved so, is a regular file. */
bool np_sysroot_is_file(const char *sysroot, const char *path);
/* Whether path is sysroot itself or lies below it (textually, both absolute). */
bool np_sysroot_contains(const char *sysroot, const char *path);

#endif
