/*
 * recipe: one native library package described as JSON (format v1, docs/recipe-format.md):
 * identity, how to discover it installed, how to build it from source, what it exports, and
 * what it depends on. Loading validates the whole file and reports every bad field.
 */
#ifndef NP_CORE_RECIPE_H
#define NP_CORE_RECIPE_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/strv.h"

#define NP_RECIPE_MAX_BYTES (1024 * 1024)

enum np_build_system {
	NP_BUILD_SYSTEM_NONE,
	NP_BUILD_SYSTEM_CMAKE,
	NP_BUILD_SYSTEM_AUTOTOOLS,
	NP_BUILD_SYSTEM_MESON,
	NP_BUILD_SYSTEM_MAKE,
	NP_BUILD_SYSTEM_CARGO,
};

struct np_recipe {
	char *path;    /* the file it came from; NULL for an implicit recipe */
	bool implicit; /* no recipe file: a bare pkg-config module of that name */
	long schema;

	char *name;
	char *version;
	char *links;
	char *description;
	char *homepage;
	char *license;

	/* discover */
	struct np_strv pc_modules;
	char *pc_version; /* version range text, NULL for any */
	struct np_strv headers;
	struct np_strv libs;
	struct np_strv libs_private; /* extra libraries a static link needs (m, pthread) */
	char *symbol;
	struct np_strv version_macro; /* one macro, or components joined with '.' */

	/* source */
	struct np_strv urls;
	char *sha256; /* 64 lowercase hex digits, or "unknown" (see np_recipe_sha256_known) */
	long strip;
	bool has_strip;
	struct np_strv patches; /* files relative to the recipe's directory, applied in order */

	/* build */
	char *build_system_name;
	enum np_build_system build_system;
	char *build_subdir; /* where the build system's files are, relative to the source root */
	char *build_configure; /* autotools: the configure script (default "configure") */
	char *build_install_target; /* autotools and make: the install target (default "install") */
	struct np_strv build_options;
	struct np_strv build_static_options;
	struct np_strv build_shared_options;
	/* cargo (docs/rust-libraries.md) */
	struct np_strv build_features; /* the crate's Cargo features to enable */
	char *build_library;  /* installed as lib<library>.a/.so; default: the first of libs */
	char *build_header;   /* a header file or directory in the crate, installed in include/ */
	char *build_cbindgen; /* the crate's cbindgen config: generate the header with cbindgen */

	/* exports */
	char *cmake_package;
	char *cmake_prefix;        /* of the classic result variables; default cmake_package */
	char *cmake_compatibility; /* SameMajorVersion (default), SameMinorVersion, ... */
	struct np_kv cmake_targets; /* imported target name -> library name */
	char *pc_export;            /* the pkg-config module nativepkg writes */
	struct np_strv pc_aliases;  /* more module names it is also written as (libpng for libpng16) */
	struct np_strv cmake_aliases; /* more CMake package names for the same config (EXPAT) */
	struct np_kv metadata;      /* extra DEP_<LINKS>_<KEY> values */

	struct np_strv provides;    /* packages whose API this one offers (chosen explicitly) */
	struct np_kv dependencies;  /* package name -> version range */
	struct np_kv dependency_links; /* package name -> "static"/"shared" when the recipe needs one */

	/* "file:line:col: warning: ..." lines for `recipe lint`: loadable but incomplete. */
	struct np_strv warnings;
};

/* Loads and validates path. On failure err lists every problem (NP_EXIT_INPUT). */
bool np_recipe_load(const char *path, struct np_recipe *out, struct np_error *err);
/* The same without the warnings (left empty), for resolving: twice as fast on a recipe with some. */
bool np_recipe_load_quiet(const char *path, struct np_recipe *out, struct np_error *err);
/* Validates text (as if read from `file`). */
bool np_recipe_parse(const char *text, size_t len, const char *file, struct np_recipe *out,
	struct np_error *err);
/* The recipe nativepkg uses for a name with no recipe file: the pkg-config module `name`. */
void np_recipe_implicit(const char *name, struct np_recipe *out);
void np_recipe_release(struct np_recipe *r);
bool np_recipe_sha256_known(const struct np_recipe *r);
const char *np_build_system_name(enum np_build_system s);
/* Canonical JSON form (what `recipe show --json` prints). */
bool np_recipe_to_json(const struct np_recipe *r, struct np_buf *out, struct np_error *err);

#endif
