/*
 * version: what version an installed copy is, from the places a recipe names
 * (discover.version): a macro of its headers (read by the preprocessor, probe.c), the .pc file
 * installed beside the library, a function the probe calls (bzip2's BZ2_bzlibVersion()), or a
 * command of the prefix (bin/pcre2-config --version). Tried in that order; the first that
 * answers wins. A library without any of them has no version ("none" in the lock).
 */
#ifndef NP_RESOLVERS_VERSION_H
#define NP_RESOLVERS_VERSION_H

#include <stdbool.h>

#include "core/error.h"
#include "core/strv.h"
#include "core/trace.h"
#include "resolvers/resolver.h"

/* Where the copy is. */
struct np_version_where {
	const char *root;                  /* the prefix; NULL when there is no single one */
	const struct np_strv *include_dirs; /* searched first for the headers */
	const struct np_strv *lib_dirs;    /* where its libraries are (-L, and a runtime path) */
	const struct np_strv *libs;        /* what a program calling the function links */
};

/*
 * The version of req's package at w, into *version (caller frees; NULL when nothing says).
 * *from_macro says whether the headers' macro said it (that is the headers' own version, for
 * the consistency check). A source that cannot answer (no such file, a program that does not
 * build or run) is a note on step, not an error; false only when trying failed (err set).
 */
bool np_version_discover(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_version_where *w, struct np_trace_step *step, char **version,
	bool *from_macro, struct np_error *err);

/*
 * Runs a program that prints what the recipe's version function returns, compiled with the
 * recipe's prelude and headers against w (probe.c's compiler). *version is NULL when it does
 * not build or run; the target must be the host.
 */
bool np_version_from_function(struct np_resolve_ctx *ctx, const struct np_recipe *r,
	const struct np_version_where *w, bool want_static, struct np_trace_step *step,
	struct np_inputs *in, char **version, struct np_error *err);

#endif
