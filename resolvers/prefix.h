/*
 * prefix: a resolution from an installed layout — an include directory and a library
 * directory, usually <root>/include and <root>/lib. Used for overrides (the layout a user
 * named) and for builds (the layout nativepkg installed); both verify before trusting.
 */
#ifndef NP_RESOLVERS_PREFIX_H
#define NP_RESOLVERS_PREFIX_H

#include <stdbool.h>

#include "resolvers/resolver.h"

struct np_prefix {
	const char *root;        /* may be NULL when both directories are given */
	const char *include_dir; /* NULL: <root>/include */
	const char *lib_dir;     /* NULL: the first of <root>/lib, lib64, lib/<the target's multiarch>
	                            holding the libraries */
	const char *origin;      /* where the location came from, for messages */
	const char *version;     /* NULL: read the recipe's version macro from the headers */
	int missing_code;        /* the exit code when something is missing */
	/* Optional: more arguments a static link needs, after the recipe's libs_private (what
	 * rustc says a Rust staticlib needs). */
	const struct np_strv *static_args;
};

/*
 * Verifies that every recipe header is in the include directory and every library (by the
 * target's names: lib<name>.so, lib<name>.dll.a with its DLL in bin/, or lib<name>.a for a
 * static link) in the library directory, then fills out.
 * A missing piece is an error with p->missing_code, naming what is missing and p->origin.
 */
bool np_prefix_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_prefix *p, struct np_trace_step *step, struct np_resolution *out,
	struct np_error *err);

/*
 * A Windows import library's DLL (the runtime library): where a build installs it, <root>/bin
 * (root may be NULL), else beside the import library or in its ../bin; a DLL given itself is
 * its own. Its real path, or NULL with *why (caller-freed) saying what is missing.
 */
char *np_prefix_find_dll(const char *root, const char *lib_dir, const char *implib, char **why);

#endif
