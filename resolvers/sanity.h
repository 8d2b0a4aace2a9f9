/*
 * sanity: what a finished build links against, judged against its recipe. A build system that
 * finds a library on its own (libzip picks up the system's bzip2, lzma and OpenSSL when they
 * are installed) makes a library that needs something no recipe declared: consumers then load
 * a copy nobody chose, or none on a machine without it. The shared libraries a build installed
 * are read (their ELF DT_NEEDED entries) and every library they need must be the package's
 * own, a declared dependency's, one the recipe lists as a system library it needs
 * (discover.libs_private), or part of the C and C++ runtimes.
 */
#ifndef NP_RESOLVERS_SANITY_H
#define NP_RESOLVERS_SANITY_H

#include "core/strv.h"
#include "core/target.h"
#include "resolvers/resolver.h"

/*
 * One warning per (file, library) in `warnings`: "<pkg>: <file> needs <soname>, which no
 * declared dependency provides ...". prefix is a finished build of req for the target t; the
 * shared libraries looked at are those in its library directories (np_target_lib_dirs).
 */
void np_sanity_needed(const struct np_target *t, const struct np_request *req, const char *prefix,
	struct np_strv *warnings);

#endif
