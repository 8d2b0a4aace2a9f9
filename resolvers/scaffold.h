/*
 * scaffold: a first recipe for a source archive (`nativepkg recipe new URL|FILE`). The archive
 * is downloaded (resolvers/fetch.c: its sha256 is what arrived) or hashed, unpacked
 * (resolvers/archive.c) to see its layout — the top directory to strip, the build system, the
 * options that turn off tests, documentation and programs it recognises (CMake's
 * BUILD_TESTING and <PROJ>_BUILD_TESTS-style options, meson's options file, configure's
 * --enable-* switches) — and, unless told not to, built once (resolvers/build.c) to read what
 * it installs: its libraries become components, its headers and their subdirectory, its .pc
 * files and CMake package fill discovery and exports, its version macro the version. The
 * result is a schema-2 recipe to edit, not a promise: the notes say what was guessed.
 */
#ifndef NP_RESOLVERS_SCAFFOLD_H
#define NP_RESOLVERS_SCAFFOLD_H

#include <stdbool.h>

#include "core/error.h"
#include "core/recipe.h"
#include "core/strv.h"
#include "resolvers/resolver.h"

struct np_scaffold {
	const char *source;  /* an https/http/file URL, or a local file */
	const char *name;    /* NULL: from the archive's name */
	const char *version; /* NULL: from the archive's name or its build files */
	bool build;          /* a trial build fills discovery and exports */
};

/*
 * Makes *out (a schema-2 recipe; np_recipe_release it) and appends to notes one line per thing
 * the user should know or check. *built says whether the trial build ran and succeeded; when
 * it failed, *out still holds the source and build sections (worth writing, to fix the
 * options) and err says why. False without *out only when the source cannot be had or read.
 */
bool np_scaffold_recipe(struct np_resolve_ctx *ctx, const struct np_scaffold *s,
	struct np_recipe *out, struct np_strv *notes, bool *built, struct np_error *err);

#endif
