/*
 * recipe: one native library package described as JSON (docs/recipe-format.md): identity, how
 * to discover it installed, its components (the libraries it is made of), optional features,
 * how to build it from source, what it exports, and what it depends on. Schema 2 is the
 * current format; a schema-1 file loads into the same model (its libraries become
 * components) and prints as schema 2 (np_recipe_to_json_schema), which is `recipe lint
 * --upgrade`. Loading validates the whole file and reports every bad field.
 */
#ifndef NP_CORE_RECIPE_H
#define NP_CORE_RECIPE_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/component.h"
#include "core/error.h"
#include "core/feature.h"
#include "core/strv.h"

#define NP_RECIPE_MAX_BYTES (1024 * 1024)
/* The schema this nativepkg writes; it reads 1 and 2. */
#define NP_RECIPE_SCHEMA 2

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
	struct np_strv headers;     /* relative to the include directory (below include_subdir) */
	char *include_subdir;       /* headers live in <include>/<subdir> (pixman-1); NULL: none */
	/*
	 * The libraries the package's own answer links, in link order: a schema-1 recipe's
	 * "discover.libs"; for schema 2, the default components' libraries in link order.
	 */
	struct np_strv libs;
	struct np_strv libs_private; /* extra libraries a static link needs (m, pthread) */
	char *symbol;
	/* Where the version comes from: a macro (one, or several joined with '.'), the .pc file
	 * beside the library, a function the probe calls, a command run in the prefix. */
	struct np_strv version_macro;
	char *version_pc;
	char *version_function;
	struct np_strv version_command;
	/* Included and defined before the recipe's headers by the probe, never looked for. */
	struct np_strv prelude_headers;
	struct np_strv prelude_definitions;

	/* The libraries of the package (schema 2; derived from "libs" for schema 1). */
	struct np_components components;
	/* Optional features; `selected` is filled when they are chosen (np_feature_apply). */
	struct np_features features;
	struct np_strv features_selected;
	bool features_applied;

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
	struct np_strv build_install_target; /* autotools and make: install targets (default "install") */
	struct np_strv build_options;
	struct np_strv build_static_options;
	struct np_strv build_shared_options;
	/* cargo (docs/rust-libraries.md) */
	struct np_strv build_features; /* the crate's Cargo features to enable */
	char *build_library;  /* installed as lib<library>.a/.so; default: the first of libs */
	char *build_header;   /* a header file or directory in the crate, installed in include/ */
	char *build_cbindgen; /* the crate's cbindgen config: generate the header with cbindgen */
	struct np_kv cmake_cache;   /* cmake: NAME[:TYPE] -> value, passed as -DNAME:TYPE=value */
	bool make_destdir;          /* make: the install honours DESTDIR (default true) */
	char *make_prefix_variable; /* make: the variable naming the prefix (default PREFIX) */
	struct np_kv make_variables; /* autotools and make: NAME=value on every make command */

	/* exports */
	char *cmake_package;
	char *cmake_prefix;        /* of the classic result variables; default cmake_package */
	char *cmake_compatibility; /* SameMajorVersion (default), SameMinorVersion, ... */
	struct np_kv cmake_targets; /* schema 1: imported target name -> library name */
	char *pc_export;            /* the pkg-config module nativepkg writes */
	struct np_strv pc_aliases;  /* more module names it is also written as (libpng for libpng16) */
	struct np_strv cmake_aliases; /* more CMake package names for the same config (EXPAT) */
	struct np_kv metadata;      /* extra DEP_<LINKS>_<KEY> values */
	struct np_strv definitions;        /* NAME[=VALUE] for every consumer (and the probe) */
	struct np_strv static_definitions; /* added for a static link */

	struct np_strv provides;    /* packages whose API this one offers (chosen explicitly) */
	struct np_kv dependencies;  /* package name -> version range */
	struct np_kv dependency_links; /* package name -> "static"/"shared" when the recipe needs one */
	struct np_kv dependency_kinds; /* package name -> "build" or "optional" (absent: "link") */

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
/* Canonical JSON form in the recipe's own schema (what `recipe show --json` prints). */
bool np_recipe_to_json(const struct np_recipe *r, struct np_buf *out, struct np_error *err);
/*
 * The recipe in schema `schema`'s canonical form, two-space indented (what `recipe lint
 * --upgrade` writes for schema 2). Only schema 2 can say everything a recipe holds, so only
 * NP_RECIPE_SCHEMA and the recipe's own schema are accepted.
 */
bool np_recipe_to_json_schema(const struct np_recipe *r, long schema, struct np_buf *out,
	struct np_error *err);
/*
 * What of the recipe changes the bytes of a build (docs/building.md, "the key"): its name,
 * version, source (sha256, strip, patch names), build section and selected features, in
 * canonical JSON; never its discovery, exports, components or URLs. The same for a schema-1
 * recipe and its upgrade.
 */
bool np_recipe_build_json(const struct np_recipe *r, struct np_buf *out, struct np_error *err);
/* The kind of dependency name: "link" (also for a name that is not one), "build", "optional". */
const char *np_recipe_dependency_kind(const struct np_recipe *r, const char *name);
/*
 * Recomputes r->libs from the components (schema 2): the default components' libraries in
 * link order. Called after the components change (np_feature_apply).
 */
void np_recipe_refresh_libs(struct np_recipe *r);
/* The main component (the first declared); NULL when there is none. */
const struct np_component *np_recipe_main_component(const struct np_recipe *r);
/* "<subdir>/<header>" (or the header) as an #include names it from the include root. Caller frees. */
char *np_recipe_header_include(const struct np_recipe *r, size_t i);

#endif
