/*
 * recipe: loading, validating and printing recipes. The format is described once, by the
 * field tables below; the validator and the canonical printer both walk them.
 */
#include "core/recipe.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/diag.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/name.h"
#include "core/text.h"
#include "core/version.h"

enum kind {
	K_INT,
	K_BOOL,
	K_STRING,
	K_STRINGS,
	K_STRING_OR_STRINGS,
	K_MAP,    /* object of string values -> struct np_kv */
	K_DEPS,   /* dependencies: name -> range, or {"version": range, "static": bool, "kind": k} */
	K_OBJECT, /* nested table, fields stored in the same struct */
	K_NAMED,  /* object of objects, each an element of a list (components, features) */
};

/* A check returns NULL when the string is fine, else the reason it is not. */
typedef const char *(*check_fn)(const char *s);

struct field;

/* The elements of a K_NAMED object: a list type and the table of one element. */
struct named {
	const struct field *fields;
	void *(*add)(void *list, const char *name); /* appends a zeroed element, returns it */
	size_t (*count)(const void *list);
	void *(*at)(const void *list, size_t i);
	void (*release)(void *list);
};

/*
 * One key of a table. Offsets are into the struct the table describes: the recipe for the
 * top level and its nested objects, an element for a K_NAMED's table.
 */
struct field {
	const char *key;
	enum kind kind;
	size_t offset;
	bool required;
	check_fn check;            /* strings, list elements, map values */
	check_fn check_key;        /* K_MAP and K_DEPS keys, K_NAMED element names */
	const struct field *sub;   /* K_OBJECT */
	const struct named *named; /* K_NAMED */
	size_t presence;           /* non-zero: the offset of a bool set when the key is there */
	bool bool_default;         /* K_BOOL: the value when absent (printed only when it differs) */
	size_t links, kinds;       /* K_DEPS: offsets of the static/shared and kind maps */
};

#define OFF(member) offsetof(struct np_recipe, member)
#define COFF(member) offsetof(struct np_component, member)
#define FOFF(member) offsetof(struct np_feature, member)
#define END {.key = NULL}

static const char *
check_nonempty(const char *s)
{
	return *s ? NULL : "must not be empty";
}

static const char *
check_name(const char *s)
{
	return np_name_valid_package(s) ? NULL
		: "must match [a-z0-9][a-z0-9._+-]* (at most 64 characters)";
}

static const char *
check_token(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._+~-", *s))
			return "may only contain letters, digits and . _ + ~ -";
	return NULL;
}

/* A pkg-config module: nativepkg writes lib/pkgconfig/<module>.pc, libpkgconf reads one. */
static const char *
check_module(const char *s)
{
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || strchr("<>=!,", *p))
			return "must be a bare pkg-config module name (no spaces or operators)";
	return np_name_file_problem(s);
}

/* A name that becomes a file name: a links name (env/<links>.env), a CMake package, a component. */
static const char *
check_file_name(const char *s)
{
	return np_name_file_problem(s);
}

static const char *
check_range(const char *s)
{
	static char why[256];
	struct np_version_range r;
	struct np_error err = {0};

	if (np_version_range_parse(s, &r, &err)) {
		np_version_range_release(&r);
		return NULL;
	}
	snprintf(why, sizeof why, "is not a version range: %s", err.msg);
	np_error_release(&err);
	return why;
}

static const char *
check_relpath(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	if (*s == '/')
		return "must be relative to an include directory";
	if (!np_path_is_below(s))
		return "must not contain '..'";
	return NULL;
}

/* A path inside the installed prefix (a version command: bin/pcre2-config). */
static const char *
check_prefix_path(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	if (*s == '/' || !np_path_is_below(s))
		return "must be a path inside the prefix (relative, no '..')";
	return NULL;
}

static const char *
check_libname(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	if (!np_name_valid_library(s))
		return "must be a library name as given to -l (\"z\" for libz)";
	return NULL;
}

static const char *
check_identifier(const char *s)
{
	return np_name_valid_identifier(s) ? NULL : "must be a C identifier";
}

/* NAME or NAME=VALUE, as after -D: a C identifier, a value on one line. */
static const char *
check_definition(const char *s)
{
	const char *eq = strchr(s, '=');
	size_t n = eq ? (size_t)(eq - s) : strlen(s);
	char name[256];

	if (n == 0 || n >= sizeof name)
		return "must be NAME or NAME=VALUE with NAME a C identifier";
	memcpy(name, s, n);
	name[n] = '\0';
	if (!np_name_valid_identifier(name))
		return "must be NAME or NAME=VALUE with NAME a C identifier";
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "must not contain a control character";
	return NULL;
}

static const char *
check_url(const char *s)
{
	if (np_text_starts_with(s, "https://") || np_text_starts_with(s, "http://") ||
		np_text_starts_with(s, "file://"))
		return strpbrk(s, " \t\n") ? "must not contain whitespace" : NULL;
	return "must be an https://, http:// or file:// URL";
}

static const char *
check_sha256(const char *s)
{
	if (strcmp(s, "unknown") == 0 || np_hash_hex_valid(s))
		return NULL;
	return "must be 64 lowercase hex digits (or \"unknown\")";
}

static const char *
check_build_system(const char *s)
{
	static const char *systems[] = {"cmake", "autotools", "meson", "make", "cargo"};
	for (size_t i = 0; i < sizeof systems / sizeof *systems; i++)
		if (strcmp(s, systems[i]) == 0)
			return NULL;
	return "must be one of cmake, autotools, meson, make, cargo";
}

/* A file or directory of the crate, relative to its directory. */
static const char *
check_crate_path(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	if (*s == '/')
		return "must be relative to the crate's directory";
	return np_path_is_below(s) ? NULL : "must not contain '..'";
}

/* A Cargo feature as `cargo build --features` takes it: "simd", "serde/std". */
static const char *
check_feature(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_-+./", *s))
			return "must be a Cargo feature name (letters, digits and _ - + . /)";
	return NULL;
}

static const char *
check_cmake_name(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.+-:", *s))
			return "may only contain letters, digits and _ . + - :";
	return NULL;
}

/* A CMake cache entry: NAME or NAME:TYPE, with one of the types CMake knows. */
static const char *
check_cache_key(const char *s)
{
	static const char *types[] = {"BOOL", "FILEPATH", "PATH", "STRING", "INTERNAL"};
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n == 0)
		return "must be NAME or NAME:TYPE";
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.+-/", s[i]))
			return "must be NAME or NAME:TYPE, the name letters, digits and _ . + - /";
	if (colon == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strcmp(colon + 1, types[i]) == 0)
			return NULL;
	return "has an unknown type: expected NAME:BOOL, :FILEPATH, :PATH, :STRING or :INTERNAL";
}

/* A variable given to make on its command line (NAME=value). */
static const char *
check_make_variable(const char *s)
{
	return np_name_valid_identifier(s) ? NULL : "must be a variable name (a C identifier)";
}

/* A component's dependency: "pkg" or "pkg:component". */
static const char *
check_dep_ref(const char *s)
{
	const char *colon = strchr(s, ':');
	char pkg[80];
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n == 0 || n >= sizeof pkg)
		return "must be a dependency's name, or name:component";
	memcpy(pkg, s, n);
	pkg[n] = '\0';
	if (!np_name_valid_package(pkg))
		return "must be a dependency's name, or name:component";
	if (colon && np_name_file_problem(colon + 1))
		return "names a component that is not a component name";
	return NULL;
}

static const char *
check_compat(const char *s)
{
	static const char *modes[] = {"AnyNewerVersion", "SameMajorVersion", "SameMinorVersion",
		"ExactVersion"};
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		if (strcmp(s, modes[i]) == 0)
			return NULL;
	return "must be AnyNewerVersion, SameMajorVersion, SameMinorVersion or ExactVersion";
}

static const char *
check_metadata_key(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	for (; *s; s++)
		if (!isupper((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return "must be upper case letters, digits and '_' (it becomes DEP_<LINKS>_<KEY>)";
	return NULL;
}

/* --- the lists K_NAMED fills ---------------------------------------------------------------- */

static void *
component_add(void *list, const char *name)
{
	return np_components_add(list, name);
}

static size_t
component_count(const void *list)
{
	return ((const struct np_components *)list)->n;
}

static void *
component_at(const void *list, size_t i)
{
	return &((const struct np_components *)list)->v[i];
}

static void
component_release(void *list)
{
	np_components_release(list);
}

static void *
feature_add(void *list, const char *name)
{
	return np_features_add(list, name);
}

static size_t
feature_count(const void *list)
{
	return ((const struct np_features *)list)->n;
}

static void *
feature_at(const void *list, size_t i)
{
	return &((const struct np_features *)list)->v[i];
}

static void
feature_release(void *list)
{
	np_features_release(list);
}

/* --- the tables ----------------------------------------------------------------------------- */

#define STRINGS(k, m, chk) {.key = k, .kind = K_STRINGS, .offset = OFF(m), .check = chk}
#define STRING(k, m, chk) {.key = k, .kind = K_STRING, .offset = OFF(m), .check = chk}

static const struct field pkg_config_fields[] = {
	{.key = "modules", .kind = K_STRINGS, .offset = OFF(pc_modules), .required = true,
		.check = check_module},
	STRING("version", pc_version, check_range),
	END,
};

/* Schema 1's discover. */
static const struct field discover_fields_v1[] = {
	{.key = "pkg_config", .kind = K_OBJECT, .sub = pkg_config_fields},
	STRINGS("headers", headers, check_relpath),
	STRINGS("libs", libs, check_libname),
	STRINGS("libs_private", libs_private, check_libname),
	STRING("symbol", symbol, check_identifier),
	{.key = "version_macro", .kind = K_STRING_OR_STRINGS, .offset = OFF(version_macro),
		.check = check_identifier},
	END,
};

static const struct field version_fields[] = {
	{.key = "macro", .kind = K_STRING_OR_STRINGS, .offset = OFF(version_macro),
		.check = check_identifier},
	STRING("pkg_config", version_pc, check_module),
	STRING("function", version_function, check_identifier),
	{.key = "command", .kind = K_STRINGS, .offset = OFF(version_command), .required = false},
	END,
};

static const struct field prelude_fields[] = {
	STRINGS("headers", prelude_headers, check_relpath),
	STRINGS("definitions", prelude_definitions, check_definition),
	END,
};

static const struct field discover_fields_v2[] = {
	{.key = "pkg_config", .kind = K_OBJECT, .sub = pkg_config_fields},
	STRINGS("headers", headers, check_relpath),
	STRING("include_subdir", include_subdir, check_relpath),
	STRINGS("libs_private", libs_private, check_libname),
	STRING("symbol", symbol, check_identifier),
	{.key = "version", .kind = K_OBJECT, .sub = version_fields},
	{.key = "prelude", .kind = K_OBJECT, .sub = prelude_fields},
	END,
};

static const struct field source_fields[] = {
	{.key = "urls", .kind = K_STRINGS, .offset = OFF(urls), .required = true, .check = check_url},
	{.key = "sha256", .kind = K_STRING, .offset = OFF(sha256), .required = true,
		.check = check_sha256},
	{.key = "strip", .kind = K_INT, .offset = OFF(strip), .presence = OFF(has_strip)},
	STRINGS("patches", patches, check_relpath),
	END,
};

/* What the build key holds of a source: its bytes, never where they came from. */
static const struct field source_key_fields[] = {
	{.key = "sha256", .kind = K_STRING, .offset = OFF(sha256)},
	{.key = "strip", .kind = K_INT, .offset = OFF(strip), .presence = OFF(has_strip)},
	STRINGS("patches", patches, NULL),
	END,
};

static const struct field build_fields_v1[] = {
	{.key = "system", .kind = K_STRING, .offset = OFF(build_system_name), .required = true,
		.check = check_build_system},
	STRING("subdir", build_subdir, check_relpath),
	STRING("configure", build_configure, check_relpath),
	/* A string in schema 1 (a list is accepted too: the model holds a list). */
	{.key = "install_target", .kind = K_STRING_OR_STRINGS, .offset = OFF(build_install_target),
		.check = check_token},
	STRINGS("options", build_options, NULL),
	STRINGS("static_options", build_static_options, NULL),
	STRINGS("shared_options", build_shared_options, NULL),
	/* cargo (docs/rust-libraries.md) */
	{.key = "features", .kind = K_STRINGS, .offset = OFF(build_features), .check = check_feature},
	STRING("library", build_library, check_libname),
	STRING("header", build_header, check_crate_path),
	STRING("cbindgen", build_cbindgen, check_crate_path),
	END,
};

static const struct field make_fields[] = {
	{.key = "destdir", .kind = K_BOOL, .offset = OFF(make_destdir), .bool_default = true},
	STRING("prefix_variable", make_prefix_variable, check_make_variable),
	{.key = "variables", .kind = K_MAP, .offset = OFF(make_variables),
		.check_key = check_make_variable},
	END,
};

static const struct field build_fields_v2[] = {
	{.key = "system", .kind = K_STRING, .offset = OFF(build_system_name), .required = true,
		.check = check_build_system},
	STRING("subdir", build_subdir, check_relpath),
	STRING("configure", build_configure, check_relpath),
	{.key = "install_target", .kind = K_STRING_OR_STRINGS, .offset = OFF(build_install_target),
		.check = check_token},
	STRINGS("options", build_options, NULL),
	STRINGS("static_options", build_static_options, NULL),
	STRINGS("shared_options", build_shared_options, NULL),
	/* cargo (docs/rust-libraries.md) */
	{.key = "features", .kind = K_STRINGS, .offset = OFF(build_features), .check = check_feature},
	STRING("library", build_library, check_libname),
	STRING("header", build_header, check_crate_path),
	STRING("cbindgen", build_cbindgen, check_crate_path),
	{.key = "cmake_cache", .kind = K_MAP, .offset = OFF(cmake_cache), .check_key = check_cache_key},
	{.key = "make", .kind = K_OBJECT, .sub = make_fields},
	END,
};

static const struct field cmake_fields_v1[] = {
	{.key = "package", .kind = K_STRING, .offset = OFF(cmake_package), .required = true,
		.check = check_file_name},
	STRING("prefix", cmake_prefix, check_cmake_name),
	STRING("compatibility", cmake_compatibility, check_compat),
	{.key = "targets", .kind = K_MAP, .offset = OFF(cmake_targets), .check = check_libname,
		.check_key = check_cmake_name},
	STRINGS("aliases", cmake_aliases, check_file_name),
	END,
};

static const struct field cmake_fields_v2[] = {
	{.key = "package", .kind = K_STRING, .offset = OFF(cmake_package), .required = true,
		.check = check_file_name},
	STRING("prefix", cmake_prefix, check_cmake_name),
	STRING("compatibility", cmake_compatibility, check_compat),
	STRINGS("aliases", cmake_aliases, check_file_name),
	END,
};

static const struct field exports_fields_v1[] = {
	{.key = "cmake", .kind = K_OBJECT, .sub = cmake_fields_v1},
	STRING("pkg_config", pc_export, check_module),
	STRINGS("pkg_config_aliases", pc_aliases, check_module),
	{.key = "metadata", .kind = K_MAP, .offset = OFF(metadata), .check_key = check_metadata_key},
	END,
};

static const struct field exports_fields_v2[] = {
	{.key = "cmake", .kind = K_OBJECT, .sub = cmake_fields_v2},
	STRING("pkg_config", pc_export, check_module),
	STRINGS("pkg_config_aliases", pc_aliases, check_module),
	STRINGS("definitions", definitions, check_definition),
	STRINGS("static_definitions", static_definitions, check_definition),
	{.key = "metadata", .kind = K_MAP, .offset = OFF(metadata), .check_key = check_metadata_key},
	END,
};

static const struct field component_fields[] = {
	{.key = "lib", .kind = K_STRING, .offset = COFF(lib), .required = true, .check = check_libname},
	{.key = "pkg_config", .kind = K_STRING, .offset = COFF(pc_module), .check = check_module},
	{.key = "pkg_config_aliases", .kind = K_STRINGS, .offset = COFF(pc_aliases),
		.check = check_module},
	{.key = "cmake_targets", .kind = K_STRING_OR_STRINGS, .offset = COFF(cmake_targets),
		.check = check_cmake_name},
	{.key = "requires", .kind = K_STRINGS, .offset = COFF(requires), .check = check_file_name},
	{.key = "dependencies", .kind = K_STRINGS, .offset = COFF(dependencies),
		.check = check_dep_ref, .presence = COFF(has_dependencies)},
	{.key = "definitions", .kind = K_STRINGS, .offset = COFF(definitions),
		.check = check_definition},
	{.key = "static_definitions", .kind = K_STRINGS, .offset = COFF(static_definitions),
		.check = check_definition},
	{.key = "metadata", .kind = K_MAP, .offset = COFF(metadata), .check_key = check_metadata_key},
	{.key = "default", .kind = K_BOOL, .offset = COFF(is_default), .bool_default = true},
	END,
};

static const struct named components_list = {component_fields, component_add, component_count,
	component_at, component_release};

static const struct field feature_fields[] = {
	{.key = "description", .kind = K_STRING, .offset = FOFF(description)},
	{.key = "default", .kind = K_BOOL, .offset = FOFF(on_by_default)},
	{.key = "options", .kind = K_STRINGS, .offset = FOFF(options)},
	{.key = "off_options", .kind = K_STRINGS, .offset = FOFF(off_options)},
	{.key = "definitions", .kind = K_STRINGS, .offset = FOFF(definitions),
		.check = check_definition},
	{.key = "components", .kind = K_STRINGS, .offset = FOFF(components), .check = check_file_name},
	{.key = "dependencies", .kind = K_DEPS, .offset = FOFF(dependencies), .check = check_range,
		.check_key = check_name, .links = FOFF(dependency_links), .kinds = FOFF(dependency_kinds)},
	END,
};

static const struct named features_list = {feature_fields, feature_add, feature_count,
	feature_at, feature_release};

#define IDENTITY_FIELDS \
	{.key = "schema", .kind = K_INT, .offset = OFF(schema), .required = true}, \
	{.key = "name", .kind = K_STRING, .offset = OFF(name), .required = true, .check = check_name}, \
	{.key = "version", .kind = K_STRING, .offset = OFF(version), .required = true, \
		.check = check_token}, \
	{.key = "links", .kind = K_STRING, .offset = OFF(links), .required = true, \
		.check = check_file_name}, \
	STRING("description", description, NULL), \
	STRING("homepage", homepage, check_url), \
	STRING("license", license, check_nonempty)

#define DEPENDENCY_FIELDS \
	STRINGS("provides", provides, check_name), \
	{.key = "dependencies", .kind = K_DEPS, .offset = OFF(dependencies), .check = check_range, \
		.check_key = check_name, .links = OFF(dependency_links), .kinds = OFF(dependency_kinds)}

static const struct field recipe_fields_v1[] = {
	IDENTITY_FIELDS,
	{.key = "discover", .kind = K_OBJECT, .sub = discover_fields_v1},
	{.key = "source", .kind = K_OBJECT, .sub = source_fields},
	{.key = "build", .kind = K_OBJECT, .sub = build_fields_v1},
	{.key = "exports", .kind = K_OBJECT, .sub = exports_fields_v1},
	DEPENDENCY_FIELDS,
	END,
};

static const struct field recipe_fields_v2[] = {
	IDENTITY_FIELDS,
	{.key = "discover", .kind = K_OBJECT, .sub = discover_fields_v2},
	{.key = "components", .kind = K_NAMED, .offset = OFF(components), .named = &components_list,
		.check_key = check_file_name},
	{.key = "features", .kind = K_NAMED, .offset = OFF(features), .named = &features_list,
		.check_key = check_file_name},
	{.key = "source", .kind = K_OBJECT, .sub = source_fields},
	{.key = "build", .kind = K_OBJECT, .sub = build_fields_v2},
	{.key = "exports", .kind = K_OBJECT, .sub = exports_fields_v2},
	DEPENDENCY_FIELDS,
	END,
};

/* What a build key hashes of a recipe (np_recipe_build_json). */
static const struct field recipe_key_fields[] = {
	STRING("name", name, NULL),
	STRING("version", version, NULL),
	{.key = "source", .kind = K_OBJECT, .sub = source_key_fields},
	{.key = "build", .kind = K_OBJECT, .sub = build_fields_v2},
	END,
};

static const struct field *
fields_of(long schema)
{
	return schema >= 2 ? recipe_fields_v2 : recipe_fields_v1;
}

/* Levenshtein distance, capped: used only to suggest a key for a typo. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[32], cur[32];

	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof cur);
	}
	return prev[lb];
}

/* What validation carries along: where problems go, and the schema being read. */
struct vctx {
	struct np_diags *d;
	long schema;
};

static void
check_string(struct np_diags *d, const struct np_json *v, const char *what, check_fn check)
{
	const char *why = check ? check(v->str) : NULL;
	if (why)
		np_diags_add(d, v->line, v->col, "%s %s", what, why);
}

static void validate_object(struct vctx *vc, const struct np_json *obj,
	const struct field *fields, const char *path, void *base);

/*
 * "zlib": ">= 1.2", or "zlib": {"version": ">= 1.2", "static": true, "kind": "build"} ("kind"
 * from schema 2). Into base's maps at f->offset (ranges), f->links and f->kinds.
 */
static void
validate_dependencies(struct vctx *vc, const struct np_json *v, const struct field *f,
	const char *what, void *base)
{
	struct np_diags *d = vc->d;
	struct np_kv *ranges = (struct np_kv *)((char *)base + f->offset);
	struct np_kv *links = (struct np_kv *)((char *)base + f->links);
	struct np_kv *kinds = (struct np_kv *)((char *)base + f->kinds);

	if (v->type != NP_JSON_OBJECT) {
		np_diags_add(d, v->line, v->col, "%s must be an object, not %s", what,
			np_json_type_name(v->type));
		return;
	}
	for (const struct np_json *e = v->child; e; e = e->next) {
		const char *why = f->check_key(e->key);
		const char *range = "*";
		if (why)
			np_diags_add(d, e->key_line, e->key_col, "%s key \"%s\" %s", what, e->key, why);
		if (e->type == NP_JSON_STRING) {
			check_string(d, e, what, f->check);
			range = e->str;
		} else if (e->type == NP_JSON_OBJECT) {
			for (const struct np_json *m = e->child; m; m = m->next) {
				bool kind_known = vc->schema >= 2 && strcmp(m->key, "kind") == 0;
				if (strcmp(m->key, "version") == 0 && m->type == NP_JSON_STRING) {
					check_string(d, m, what, f->check);
					range = m->str;
				} else if (strcmp(m->key, "static") == 0 && m->type == NP_JSON_BOOL) {
					np_kv_set(links, e->key, m->boolean ? "static" : "shared");
				} else if (kind_known && m->type == NP_JSON_STRING &&
					(strcmp(m->str, "link") == 0 || strcmp(m->str, "build") == 0 ||
						strcmp(m->str, "optional") == 0)) {
					if (strcmp(m->str, "link") != 0)
						np_kv_set(kinds, e->key, m->str);
				} else if (kind_known) {
					np_diags_add(d, m->line, m->col, "%s.%s.kind must be \"link\", \"build\" or "
						"\"optional\"", what, e->key);
				} else if (strcmp(m->key, "version") == 0 || strcmp(m->key, "static") == 0) {
					np_diags_add(d, m->line, m->col, "%s.%s.%s must be %s", what, e->key, m->key,
						strcmp(m->key, "static") == 0 ? "true or false" : "a version range");
				} else {
					np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" in %s.%s "
						"(expected version, static%s)", m->key, what, e->key,
						vc->schema >= 2 ? " or kind" : "; \"kind\" needs \"schema\": 2");
				}
			}
		} else {
			np_diags_add(d, e->line, e->col, "%s.%s must be a version range or an object, not %s",
				what, e->key, np_json_type_name(e->type));
			continue;
		}
		np_kv_set(ranges, e->key, range);
	}
}

/* Sets the K_BOOL fields of a table to their defaults (a new element, or the recipe). */
static void
init_defaults(const struct field *fields, void *base)
{
	for (const struct field *f = fields; f->key; f++) {
		if (f->kind == K_BOOL)
			*(bool *)((char *)base + f->offset) = f->bool_default;
		else if (f->kind == K_OBJECT)
			init_defaults(f->sub, base);
	}
}

static void
validate_field(struct vctx *vc, const struct np_json *v, const struct field *f,
	const char *what, void *basep)
{
	struct np_diags *d = vc->d;
	char *base = (char *)basep + f->offset;

	if (f->presence)
		*(bool *)((char *)basep + f->presence) = true;
	switch (f->kind) {
	case K_INT:
		if (v->type != NP_JSON_NUMBER || !v->integral) {
			np_diags_add(d, v->line, v->col, "%s must be an integer, not %s", what,
				v->type == NP_JSON_NUMBER ? "a fraction" : np_json_type_name(v->type));
			if (f->presence)
				*(bool *)((char *)basep + f->presence) = false;
		} else if (v->num < 0 || v->num > 1e9) {
			np_diags_add(d, v->line, v->col, "%s is out of range", what);
			if (f->presence)
				*(bool *)((char *)basep + f->presence) = false;
		} else {
			*(long *)base = (long)v->num;
		}
		return;
	case K_BOOL:
		if (v->type != NP_JSON_BOOL)
			np_diags_add(d, v->line, v->col, "%s must be true or false, not %s", what,
				np_json_type_name(v->type));
		else
			*(bool *)base = v->boolean;
		return;
	case K_STRING:
		if (v->type != NP_JSON_STRING) {
			np_diags_add(d, v->line, v->col, "%s must be a string, not %s", what,
				np_json_type_name(v->type));
			return;
		}
		check_string(d, v, what, f->check);
		*(char **)base = np_xstrdup(v->str);
		return;
	case K_STRING_OR_STRINGS:
		if (v->type == NP_JSON_STRING) {
			check_string(d, v, what, f->check);
			np_strv_push((struct np_strv *)base, v->str);
			return;
		}
		__attribute__((fallthrough));
	case K_STRINGS:
		if (v->type != NP_JSON_ARRAY) {
			np_diags_add(d, v->line, v->col, "%s must be %s, not %s", what,
				f->kind == K_STRINGS ? "an array of strings" : "a string or an array of strings",
				np_json_type_name(v->type));
			return;
		}
		/* A required list says something only with something in it ("modules": []). */
		if (f->required && v->child == NULL) {
			np_diags_add(d, v->line, v->col, "%s must not be empty", what);
			return;
		}
		for (const struct np_json *e = v->child; e; e = e->next) {
			if (e->type != NP_JSON_STRING) {
				np_diags_add(d, e->line, e->col, "%s elements must be strings, not %s", what,
					np_json_type_name(e->type));
				continue;
			}
			check_string(d, e, what, f->check);
			np_strv_push((struct np_strv *)base, e->str);
		}
		return;
	case K_MAP:
		if (v->type != NP_JSON_OBJECT) {
			np_diags_add(d, v->line, v->col, "%s must be an object, not %s", what,
				np_json_type_name(v->type));
			return;
		}
		for (const struct np_json *e = v->child; e; e = e->next) {
			const char *why = f->check_key ? f->check_key(e->key) : NULL;
			if (why)
				np_diags_add(d, e->key_line, e->key_col, "%s key \"%s\" %s", what, e->key, why);
			if (e->type != NP_JSON_STRING) {
				np_diags_add(d, e->line, e->col, "%s.%s must be a string, not %s", what, e->key,
					np_json_type_name(e->type));
				continue;
			}
			check_string(d, e, what, f->check);
			np_kv_set((struct np_kv *)base, e->key, e->str);
		}
		return;
	case K_DEPS:
		validate_dependencies(vc, v, f, what, basep);
		return;
	case K_OBJECT:
		validate_object(vc, v, f->sub, what, basep);
		return;
	case K_NAMED:
		if (v->type != NP_JSON_OBJECT) {
			np_diags_add(d, v->line, v->col, "%s must be an object, not %s", what,
				np_json_type_name(v->type));
			return;
		}
		for (const struct np_json *e = v->child; e; e = e->next) {
			const char *why = f->check_key(e->key);
			void *elem;
			char *sub;
			if (why)
				np_diags_add(d, e->key_line, e->key_col, "%s key \"%s\" %s", what, e->key, why);
			elem = f->named->add(base, e->key);
			init_defaults(f->named->fields, elem);
			sub = np_xasprintf("%s.%s", what, e->key);
			validate_object(vc, e, f->named->fields, sub, elem);
			free(sub);
		}
		return;
	}
}

/* "path.key" (or "key" at the top), quoted or not: joined by hand, as every member of every
 * recipe read needs one. Caller frees. */
static char *
dotted(const char *path, const char *key, bool quoted)
{
	struct np_buf b = {0};

	np_buf_reserve(&b, strlen(path) + strlen(key) + 3);
	if (quoted)
		np_buf_addc(&b, '"');
	if (*path) {
		np_buf_adds(&b, path);
		np_buf_addc(&b, '.');
	}
	np_buf_adds(&b, key);
	if (quoted)
		np_buf_addc(&b, '"');
	return np_buf_detach(&b);
}

/* Whether key is a key of the other schema's table at the same place (for the message). */
static const struct field *
other_schema_field(long schema, const char *path, const char *key)
{
	const struct field *fields = fields_of(schema >= 2 ? 1 : 2);
	const char *p = path;

	/* Walk the other table down the dotted path; only nested objects are followed. */
	while (*p) {
		size_t n = strcspn(p, ".");
		const struct field *next = NULL;
		for (const struct field *f = fields; f->key && next == NULL; f++)
			if (f->kind == K_OBJECT && strlen(f->key) == n && strncmp(f->key, p, n) == 0)
				next = f->sub;
		if (next == NULL)
			return NULL;
		fields = next;
		p += n;
		if (*p == '.')
			p++;
	}
	for (const struct field *f = fields; f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

/* How schema 2 says what a schema-1 key said. */
static const char *
schema2_instead(const char *key)
{
	if (strcmp(key, "libs") == 0 || strcmp(key, "targets") == 0)
		return "; schema 2 declares libraries and their CMake targets as \"components\"";
	if (strcmp(key, "version_macro") == 0)
		return "; schema 2 says \"discover.version\": {\"macro\": ...}";
	return "";
}

static void
validate_object(struct vctx *vc, const struct np_json *obj, const struct field *fields,
	const char *path, void *base)
{
	struct np_diags *d = vc->d;

	if (obj->type != NP_JSON_OBJECT) {
		np_diags_add(d, obj->line, obj->col, "%s must be an object, not %s",
			*path ? path : "a recipe", np_json_type_name(obj->type));
		return;
	}
	for (const struct np_json *m = obj->child; m; m = m->next) {
		const struct field *f = NULL, *best = NULL, *other;
		size_t best_d = 3;
		char *what;

		for (const struct field *k = fields; k->key && f == NULL; k++)
			if (strcmp(k->key, m->key) == 0)
				f = k;
		/* Only an unknown key pays for the suggestion. */
		for (const struct field *k = fields; k->key && f == NULL; k++) {
			size_t dist = distance(k->key, m->key);
			if (dist < best_d)
				best = k, best_d = dist;
		}
		what = dotted(path, m->key, true);
		if (f == NULL && (other = other_schema_field(vc->schema, path, m->key)) != NULL) {
			if (vc->schema >= 2)
				np_diags_add(d, m->key_line, m->key_col, "%s is schema 1's%s", what,
					schema2_instead(m->key));
			else
				np_diags_add(d, m->key_line, m->key_col, "%s needs \"schema\": 2", what);
		} else if (f == NULL) {
			if (best)
				np_diags_add(d, m->key_line, m->key_col, "unknown key %s (did you mean \"%s\"?)",
					what, best->key);
			else
				np_diags_add(d, m->key_line, m->key_col, "unknown key %s", what);
		} else {
			/* Nested objects use the dotted path without quotes as their prefix. */
			if (f->kind == K_OBJECT || f->kind == K_NAMED) {
				char *sub = dotted(path, m->key, false);
				validate_field(vc, m, f, sub, base);
				free(sub);
			} else {
				validate_field(vc, m, f, what, base);
			}
		}
		free(what);
	}
	for (const struct field *k = fields; k->key; k++) {
		if (k->required && np_json_get(obj, k->key) == NULL) {
			if (*path)
				np_diags_add(d, obj->line, obj->col, "\"%s\" is missing \"%s\"", path, k->key);
			else
				np_diags_add(d, obj->line, obj->col, "missing required key \"%s\"", k->key);
		}
	}
}

/* The cargo build system's fields belong to it, and the library it installs is one of libs. */
static void
validate_cargo(struct np_diags *d, const struct np_json *build, const struct np_recipe *r)
{
	static const char *const cargo_only[] = {"features", "library", "header", "cbindgen"};
	const struct np_json *v;

	if (build == NULL || r->build_system_name == NULL)
		return;
	if (strcmp(r->build_system_name, "cargo") != 0) {
		for (size_t i = 0; i < sizeof cargo_only / sizeof *cargo_only; i++)
			if ((v = np_json_get(build, cargo_only[i])) != NULL)
				np_diags_add(d, v->key_line, v->key_col, "\"build.%s\" is only for the cargo "
					"build system", cargo_only[i]);
		return;
	}
	if ((v = np_json_get(build, "library")) && r->build_library &&
		!np_strv_contains(&r->libs, r->build_library))
		np_diags_add(d, v->line, v->col, "\"build.library\" \"%s\" is not in %s",
			r->build_library, r->schema >= 2 ? "a default component's \"lib\"" :
			"\"discover.libs\"");
}

/* The JSON value at a dotted path of plain keys (NULL when absent), for positions. */
static const struct np_json *
at(const struct np_json *root, const char *k1, const char *k2, const char *k3)
{
	const struct np_json *v = np_json_get(root, k1);
	if (v && k2)
		v = v->type == NP_JSON_OBJECT ? np_json_get(v, k2) : NULL;
	if (v && k3)
		v = v->type == NP_JSON_OBJECT ? np_json_get(v, k3) : NULL;
	return v;
}

/* Where to report about a value: itself, else the first of the fallbacks that exists. */
static void
where(const struct np_json *v, const struct np_json *fallback, unsigned *line, unsigned *col)
{
	const struct np_json *w = v ? v : fallback;
	*line = w ? w->line : 0;
	*col = w ? w->col : 0;
}

/* A string element's position in an array value, else the array's. */
static const struct np_json *
element(const struct np_json *array, const char *s)
{
	for (const struct np_json *e = array && array->type == NP_JSON_ARRAY ? array->child : NULL; e;
		e = e->next)
		if (e->type == NP_JSON_STRING && strcmp(e->str, s) == 0)
			return e;
	return array;
}

static void
report(struct np_diags *d, const struct np_json *v, const struct np_json *fallback,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void
report(struct np_diags *d, const struct np_json *v, const struct np_json *fallback,
	const char *fmt, ...)
{
	unsigned line, col;
	va_list ap;
	char *msg;

	where(v, fallback, &line, &col);
	va_start(ap, fmt);
	msg = np_xvasprintf(fmt, ap);
	va_end(ap);
	np_diags_add(d, line, col, "%s", msg);
	free(msg);
}

/* A dependency the recipe declares (at the top or in a feature), and its kind. */
static const char *
declared_dependency(const struct np_recipe *r, const char *name, const char **kind)
{
	const char *range = np_kv_get(&r->dependencies, name);

	*kind = np_kv_get(&r->dependency_kinds, name);
	for (size_t i = 0; range == NULL && i < r->features.n; i++) {
		range = np_kv_get(&r->features.v[i].dependencies, name);
		*kind = np_kv_get(&r->features.v[i].dependency_kinds, name);
	}
	if (*kind == NULL)
		*kind = "link";
	return range;
}

/* The feature that gates component name, or NULL when it always exists. */
static const struct np_feature *
gate_of(const struct np_recipe *r, const char *name)
{
	for (size_t i = 0; i < r->features.n; i++)
		if (np_strv_contains(&r->features.v[i].components, name))
			return &r->features.v[i];
	return NULL;
}

/*
 * The DEP_<LINKS>_<KEY> keys a schema-2 recipe can make, each once: the package's own, its
 * metadata, and each component's (<COMPONENT>_LIBS, _CFLAGS, _LDFLAGS, _DYLIB and metadata).
 */
static void
check_env_keys(struct np_diags *d, const struct np_json *root, const struct np_recipe *r)
{
	static const char *const fixed[] = {"ROOT", "INCLUDE", "LIB_DIR", "LIBS", "VERSION", "STATIC",
		"CFLAGS", "LDFLAGS", "RUNTIME_DIRS", "DYLIB", "METHOD"};
	static const char *const per_component[] = {"LIBS", "CFLAGS", "LDFLAGS", "DYLIB"};
	struct np_kv seen = {0};
	struct np_strv envs = {0};
	const struct np_json *comps = np_json_get(root, "components");

	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		np_kv_set(&seen, fixed[i], "the standard keys");
	for (size_t i = 0; i < r->metadata.keys.n; i++) {
		const char *prev = np_kv_get(&seen, r->metadata.keys.v[i]);
		if (prev && strcmp(prev, "the standard keys") == 0)
			report(d, at(root, "exports", "metadata", NULL), root, "\"exports.metadata\" key "
				"\"%s\" is a key nativepkg sets itself (DEP_<LINKS>_%s)", r->metadata.keys.v[i],
				r->metadata.keys.v[i]);
		np_kv_set(&seen, r->metadata.keys.v[i], "\"exports.metadata\"");
	}
	for (size_t i = 0; i < r->components.n; i++) {
		const struct np_component *c = &r->components.v[i];
		const struct np_json *cj = comps ? np_json_get(comps, c->name) : NULL;
		char *env = np_component_env(c->name);
		struct np_strv keys = {0};
		/* Two components of one environment name are reported once, where they clash. */
		if (np_strv_contains(&envs, env)) {
			free(env);
			continue;
		}
		np_strv_push(&envs, env);
		for (size_t k = 0; k < sizeof per_component / sizeof *per_component; k++)
			np_strv_push_owned(&keys, np_xasprintf("%s_%s", env, per_component[k]));
		for (size_t k = 0; k < c->metadata.keys.n; k++)
			np_strv_push_owned(&keys, np_xasprintf("%s_%s", env, c->metadata.keys.v[k]));
		for (size_t k = 0; k < keys.n; k++) {
			const char *prev = np_kv_get(&seen, keys.v[k]);
			char *mine = np_xasprintf("component \"%s\"", c->name);
			if (prev && strcmp(prev, mine) != 0)
				report(d, cj ? (const struct np_json *)cj : NULL, root, "component \"%s\" would "
					"set DEP_<LINKS>_%s, which %s sets too: rename one", c->name, keys.v[k],
					prev);
			else if (!prev)
				np_kv_set(&seen, keys.v[k], mine);
			free(mine);
		}
		np_strv_release(&keys);
		free(env);
	}
	np_kv_release(&seen);
	np_strv_release(&envs);
}

/* Rules that span fields of a schema-2 recipe: components, features, the build's sections. */
static void
validate_v2(struct np_diags *d, const struct np_json *root, struct np_recipe *r)
{
	const struct np_json *comps = np_json_get(root, "components");
	const struct np_json *feats = np_json_get(root, "features");
	const struct np_json *build = np_json_get(root, "build");
	struct np_kv modules = {0}, targets = {0}, libs = {0}, envs = {0};
	size_t *order = np_xcalloc(r->components.n + 1, sizeof *order);
	const char *bad = NULL;

	if (r->build_system_name) {
		bool cmake = strcmp(r->build_system_name, "cmake") == 0;
		bool make = strcmp(r->build_system_name, "make") == 0;
		bool autotools = strcmp(r->build_system_name, "autotools") == 0;
		if (r->cmake_cache.keys.n && !cmake)
			report(d, at(root, "build", "cmake_cache", NULL), build, "\"build.cmake_cache\" is "
				"for \"system\": \"cmake\"");
		if ((!r->make_destdir || r->make_prefix_variable) && !make)
			report(d, at(root, "build", "make", NULL), build, "\"build.make.destdir\" and "
				"\"build.make.prefix_variable\" are for \"system\": \"make\"");
		if (r->make_variables.keys.n && !make && !autotools)
			report(d, at(root, "build", "make", "variables"), build, "\"build.make.variables\" "
				"are for \"system\": \"make\" or \"autotools\"");
	}
	if (r->version_command.n && check_prefix_path(r->version_command.v[0]))
		report(d, at(root, "discover", "version", "command"), root, "\"discover.version.command\" "
			"must start with a program inside the prefix (relative, no '..'): \"%s\"",
			r->version_command.v[0]);

	/* Names that become files, and identities, once each. */
	if (r->pc_export)
		np_kv_set(&modules, r->pc_export, "\"exports.pkg_config\"");
	for (size_t i = 0; i < r->pc_aliases.n; i++)
		np_kv_set(&modules, r->pc_aliases.v[i], "\"exports.pkg_config_aliases\"");
	for (size_t i = 0; i < r->components.n; i++) {
		const struct np_component *c = &r->components.v[i];
		const struct np_json *cj = comps ? np_json_get(comps, c->name) : NULL;
		const struct np_feature *gate = gate_of(r, c->name);
		char *who = np_xasprintf("component \"%s\"", c->name), *env = np_component_env(c->name);
		const char *prev;
		struct np_strv mods = {0};

		if (c->lib && (prev = np_kv_get(&libs, c->lib)) != NULL)
			report(d, at(comps, c->name, "lib", NULL), cj, "%s has library \"%s\", as %s does",
				who, c->lib, prev);
		else if (c->lib)
			np_kv_set(&libs, c->lib, who);
		if ((prev = np_kv_get(&envs, env)) != NULL)
			report(d, cj, comps, "%s and %s have the same DEP_<LINKS>_%s_* keys: rename one",
				prev, who, env);
		else
			np_kv_set(&envs, env, who);
		if (c->pc_module)
			np_strv_push(&mods, c->pc_module);
		np_strv_copy(&mods, &c->pc_aliases);
		for (size_t k = 0; k < mods.n; k++) {
			if ((prev = np_kv_get(&modules, mods.v[k])) != NULL)
				report(d, at(comps, c->name, "pkg_config", NULL), cj, "%s writes pkg-config "
					"module \"%s\", as %s does", who, mods.v[k], prev);
			else
				np_kv_set(&modules, mods.v[k], who);
		}
		np_strv_release(&mods);
		for (size_t k = 0; k < c->cmake_targets.n; k++) {
			if ((prev = np_kv_get(&targets, c->cmake_targets.v[k])) != NULL)
				report(d, at(comps, c->name, "cmake_targets", NULL), cj, "%s has CMake target "
					"\"%s\", as %s does", who, c->cmake_targets.v[k], prev);
			else
				np_kv_set(&targets, c->cmake_targets.v[k], who);
		}
		for (size_t k = 0; k < c->requires.n; k++) {
			const char *req = c->requires.v[k];
			const struct np_json *rj = element(at(comps, c->name, "requires", NULL), req);
			const struct np_feature *rgate = gate_of(r, req);
			if (strcmp(req, c->name) == 0)
				report(d, rj, cj, "%s requires itself", who);
			else if (np_components_find(&r->components, req) == NULL)
				report(d, rj, cj, "%s requires \"%s\", which is not a component", who, req);
			else if (rgate && rgate != gate)
				report(d, rj, cj, "%s requires \"%s\", which exists only with feature \"%s\"",
					who, req, rgate->name);
		}
		for (size_t k = 0; k < c->dependencies.n; k++) {
			const char *dep = c->dependencies.v[k], *kind;
			const struct np_json *dj = element(at(comps, c->name, "dependencies", NULL), dep);
			char *pkg = np_xstrndup(dep, strcspn(dep, ":"));
			if (!np_name_valid_package(pkg))
				; /* reported by the field's own check */
			else if (declared_dependency(r, pkg, &kind) == NULL)
				report(d, dj, cj, "%s needs \"%s\", which is not among \"dependencies\"", who, pkg);
			else if (strcmp(kind, "build") == 0)
				report(d, dj, cj, "%s needs \"%s\", a build-only dependency (\"kind\": \"build\"), "
					"which consumers never link", who, pkg);
			free(pkg);
		}
		free(who);
		free(env);
	}
	if (r->components.n && !np_components_link_order(&r->components, order, &bad) && bad &&
		np_components_find(&r->components, bad)) {
		/* An unknown requirement was reported above; what is left is a cycle. */
		bool unknown = false;
		const struct np_component *c = np_components_find(&r->components, bad);
		for (size_t k = 0; k < c->requires.n; k++)
			unknown = unknown || !np_components_find(&r->components, c->requires.v[k]);
		if (!unknown)
			report(d, comps ? np_json_get(comps, bad) : NULL, comps, "component \"%s\" is part of "
				"a cycle of \"requires\"", bad);
	}
	check_env_keys(d, root, r);

	for (size_t i = 0; i < r->features.n; i++) {
		const struct np_feature *f = &r->features.v[i];
		const struct np_json *fj = feats ? np_json_get(feats, f->name) : NULL;
		for (size_t k = 0; k < f->components.n; k++) {
			const struct np_json *cj = element(at(feats, f->name, "components", NULL),
				f->components.v[k]);
			const struct np_feature *other = gate_of(r, f->components.v[k]);
			if (np_components_find(&r->components, f->components.v[k]) == NULL)
				report(d, cj, fj, "feature \"%s\" names component \"%s\", which is not one",
					f->name, f->components.v[k]);
			else if (other != f)
				report(d, cj, fj, "component \"%s\" is in features \"%s\" and \"%s\": a component "
					"belongs to one feature", f->components.v[k], other->name, f->name);
		}
		for (size_t k = 0; k < f->dependencies.keys.n; k++) {
			const char *dep = f->dependencies.keys.v[k];
			if (np_kv_get(&r->dependencies, dep))
				report(d, at(feats, f->name, "dependencies", NULL), fj, "feature \"%s\" depends on "
					"\"%s\", which the recipe always depends on", f->name, dep);
			if (r->name && strcmp(dep, r->name) == 0)
				report(d, at(feats, f->name, "dependencies", NULL), fj, "a recipe cannot depend "
					"on itself");
		}
	}
	np_kv_release(&modules);
	np_kv_release(&targets);
	np_kv_release(&libs);
	np_kv_release(&envs);
	free(order);
}

/* Rules that span fields. */
static void
validate_recipe(struct np_diags *d, const struct np_json *root, struct np_recipe *r,
	const char *file)
{
	const struct np_json *v, *exports, *source;

	if ((v = np_json_get(root, "schema")) && v->type == NP_JSON_NUMBER && v->integral &&
		r->schema != 1 && r->schema != 2)
		np_diags_add(d, v->line, v->col,
			"\"schema\" %ld is not supported (this nativepkg reads schemas 1 and 2)", r->schema);
	r->schema = r->schema == 2 ? 2 : 1;
	if ((v = np_json_get(root, "name")) && r->name && file) {
		const char *base = np_path_basename(file);
		size_t n = strlen(r->name);
		if (strncmp(base, r->name, n) != 0 || strcmp(base + n, ".json") != 0)
			np_diags_add(d, v->line, v->col, "\"name\" is \"%s\" but the file is named %s",
				r->name, base);
	}
	if (r->has_strip && r->strip > 16) {
		v = np_json_get(np_json_get(root, "source"), "strip");
		np_diags_add(d, v->line, v->col, "\"source.strip\" must be between 0 and 16");
	}
	exports = np_json_get(root, "exports");
	v = np_json_get(np_json_get(exports, "cmake"), "targets");
	for (size_t i = 0; v && i < r->cmake_targets.values.n; i++) {
		if (!np_strv_contains(&r->libs, r->cmake_targets.values.v[i]))
			np_diags_add(d, v->line, v->col,
				"\"exports.cmake.targets\": \"%s\" names library \"%s\", which is not in "
				"\"discover.libs\"",
				r->cmake_targets.keys.v[i], r->cmake_targets.values.v[i]);
	}
	validate_cargo(d, np_json_get(root, "build"), r);
	if (r->name && np_strv_contains(&r->provides, r->name)) {
		v = np_json_get(root, "provides");
		np_diags_add(d, v->line, v->col, "a recipe cannot provide itself");
	}
	if (r->name && np_kv_get(&r->dependencies, r->name)) {
		v = np_json_get(root, "dependencies");
		np_diags_add(d, v->line, v->col, "a recipe cannot depend on itself");
	}
	if (r->schema >= 2)
		validate_v2(d, root, r);

	/* Loadable, but something a user will trip over later: warnings. */
	source = np_json_get(root, "source");
	if (source == NULL) {
		np_strv_push_owned(&r->warnings, np_xasprintf("%s:%u:%u: warning: no \"source\": "
			"this package cannot be built from source", file, root->line, root->col));
	} else if ((v = np_json_get(source, "sha256")) && r->sha256 && strcmp(r->sha256, "unknown") == 0) {
		np_strv_push_owned(&r->warnings, np_xasprintf("%s:%u:%u: warning: \"source.sha256\" is "
			"unknown: building from source is refused until it is filled in", file, v->line,
			v->col));
	}
	if (source && np_json_get(root, "build") == NULL)
		np_strv_push_owned(&r->warnings, np_xasprintf("%s:%u:%u: warning: \"source\" without "
			"\"build\"", file, source->line, source->col));
	if (r->pc_modules.n == 0 && r->headers.n == 0)
		np_strv_push_owned(&r->warnings, np_xasprintf("%s:%u:%u: warning: nothing to discover: "
			"no \"discover.pkg_config\" and no \"discover.headers\"", file, root->line, root->col));
	if (r->headers.n && r->libs.n == 0)
		np_strv_push_owned(&r->warnings, np_xasprintf("%s:%u:%u: warning: \"discover.headers\" "
			"without %s: the probe cannot link", file, root->line, root->col,
			r->schema >= 2 ? "a default component" : "\"discover.libs\""));
}

void
np_recipe_refresh_libs(struct np_recipe *r)
{
	size_t *order = np_xcalloc(r->components.n + 1, sizeof *order);
	bool ordered = np_components_link_order(&r->components, order, NULL);

	np_strv_release(&r->libs);
	for (size_t i = 0; i < r->components.n; i++) {
		/* A cycle (an error reported elsewhere) leaves declaration order. */
		const struct np_component *c = &r->components.v[ordered ? order[i] : i];
		if (c->is_default && c->lib)
			np_strv_push_unique(&r->libs, c->lib);
	}
	free(order);
}

/*
 * The model both schemas load into. Schema 1's libraries become components named after
 * them, the CMake targets of each library its targets, and the first library (the one whose
 * target "carries the rest") requires every other. Schema 2's libraries are its default
 * components', in link order.
 */
static void
derive(struct np_recipe *r, long schema)
{
	if (schema >= 2) {
		np_recipe_refresh_libs(r);
		return;
	}
	for (size_t i = 0; i < r->libs.n; i++) {
		struct np_component *c;
		if (np_name_file_problem(r->libs.v[i]) || np_components_find(&r->components, r->libs.v[i]))
			continue;
		c = np_components_add(&r->components, r->libs.v[i]);
		c->lib = np_xstrdup(r->libs.v[i]);
		for (size_t k = 0; k < r->cmake_targets.keys.n; k++)
			if (strcmp(r->cmake_targets.values.v[k], r->libs.v[i]) == 0)
				np_strv_push(&c->cmake_targets, r->cmake_targets.keys.v[k]);
	}
	for (size_t i = 1; r->components.n && i < r->components.n; i++)
		np_strv_push(&r->components.v[0].requires, r->components.v[i].name);
}

/* Validates a parsed recipe into out; problems go to d. */
static void
validate(struct np_diags *d, const struct np_json *root, const char *file, struct np_recipe *out)
{
	const struct np_json *schema = root->type == NP_JSON_OBJECT ? np_json_get(root, "schema") : NULL;
	struct vctx vc = {d, 1};

	/* The schema chooses the tables; anything unreadable is read as schema 1. */
	if (schema && schema->type == NP_JSON_NUMBER && schema->integral && schema->num == 2)
		vc.schema = 2;
	/* Every default, whatever the schema: a schema-1 recipe holds the same model. */
	init_defaults(recipe_fields_v2, out);
	validate_object(&vc, root, fields_of(vc.schema), "", out);
	if (root->type != NP_JSON_OBJECT)
		return;
	derive(out, vc.schema);
	validate_recipe(d, root, out, file);
}

static void
finish_recipe(struct np_recipe *out, const char *file)
{
	out->path = np_xstrdup(file);
	if (out->build_system_name) {
		static const enum np_build_system systems[] = {NP_BUILD_SYSTEM_CMAKE,
			NP_BUILD_SYSTEM_AUTOTOOLS, NP_BUILD_SYSTEM_MESON, NP_BUILD_SYSTEM_MAKE,
			NP_BUILD_SYSTEM_CARGO};
		for (size_t i = 0; i < sizeof systems / sizeof *systems; i++)
			if (strcmp(out->build_system_name, np_build_system_name(systems[i])) == 0)
				out->build_system = systems[i];
	}
	if (!out->has_strip)
		out->strip = 1;
}

/*
 * Valid recipes need no positions: they are read once, quickly. Anything with errors (or,
 * when warnings are wanted, with warnings) is read again with positions for its messages.
 */
static bool
parse(const char *text, size_t len, const char *file, bool warnings, struct np_recipe *out,
	struct np_error *err)
{
	struct np_json *root = NULL;
	struct np_diags d;
	bool ok;

	memset(out, 0, sizeof *out);
	if (np_json_parse_quick(text, len, &root)) {
		np_diags_init(&d, file);
		validate(&d, root, file, out);
		ok = d.count == 0 && (!warnings || out->warnings.n == 0);
		np_diags_release(&d);
		np_json_free(root);
		if (ok) {
			np_strv_release(&out->warnings);
			finish_recipe(out, file);
			return true;
		}
		np_recipe_release(out);
	}
	if (!np_json_parse(text, len, file, &root, err))
		return false;
	np_diags_init(&d, file);
	validate(&d, root, file, out);
	ok = np_diags_finish(&d, err);
	np_diags_release(&d);
	np_json_free(root);
	if (!ok) {
		np_recipe_release(out);
		return false;
	}
	finish_recipe(out, file);
	return true;
}

bool
np_recipe_parse(const char *text, size_t len, const char *file, struct np_recipe *out,
	struct np_error *err)
{
	return parse(text, len, file, true, out, err);
}

static bool
load(const char *path, bool warnings, struct np_recipe *out, struct np_error *err)
{
	struct np_buf text = {0};
	bool ok;

	memset(out, 0, sizeof *out);
	if (!np_fs_read(path, NP_RECIPE_MAX_BYTES, &text, err)) {
		np_buf_release(&text);
		return false;
	}
	ok = parse(text.data, text.len, path, warnings, out, err);
	np_buf_release(&text);
	return ok;
}

bool
np_recipe_load(const char *path, struct np_recipe *out, struct np_error *err)
{
	return load(path, true, out, err);
}

bool
np_recipe_load_quiet(const char *path, struct np_recipe *out, struct np_error *err)
{
	return load(path, false, out, err);
}

void
np_recipe_implicit(const char *name, struct np_recipe *out)
{
	memset(out, 0, sizeof *out);
	out->implicit = true;
	out->schema = 1;
	out->make_destdir = true;
	out->name = np_xstrdup(name);
	out->links = np_xstrdup(name);
	np_strv_push(&out->pc_modules, name);
}

/* Releases what a table's fields hold in base (the recipe, or one element). */
static void
release_fields(void *basep, const struct field *fields)
{
	for (const struct field *f = fields; f->key; f++) {
		char *base = (char *)basep + f->offset;
		switch (f->kind) {
		case K_STRING: free(*(char **)base); *(char **)base = NULL; break;
		case K_STRINGS:
		case K_STRING_OR_STRINGS: np_strv_release((struct np_strv *)base); break;
		case K_MAP: np_kv_release((struct np_kv *)base); break;
		case K_DEPS:
			np_kv_release((struct np_kv *)base);
			np_kv_release((struct np_kv *)((char *)basep + f->links));
			np_kv_release((struct np_kv *)((char *)basep + f->kinds));
			break;
		case K_OBJECT: release_fields(basep, f->sub); break;
		case K_NAMED: f->named->release(base); break;
		case K_INT:
		case K_BOOL: break;
		}
	}
}

void
np_recipe_release(struct np_recipe *r)
{
	/* Both tables: a recipe holds fields of its own schema, and derived ones of the other. */
	release_fields(r, recipe_fields_v1);
	release_fields(r, recipe_fields_v2);
	np_strv_release(&r->features_selected);
	free(r->path);
	np_strv_release(&r->warnings);
	memset(r, 0, sizeof *r);
}

bool
np_recipe_sha256_known(const struct np_recipe *r)
{
	return r->sha256 && strcmp(r->sha256, "unknown") != 0;
}

const char *
np_build_system_name(enum np_build_system s)
{
	switch (s) {
	case NP_BUILD_SYSTEM_NONE: return "none";
	case NP_BUILD_SYSTEM_CMAKE: return "cmake";
	case NP_BUILD_SYSTEM_AUTOTOOLS: return "autotools";
	case NP_BUILD_SYSTEM_MESON: return "meson";
	case NP_BUILD_SYSTEM_MAKE: return "make";
	case NP_BUILD_SYSTEM_CARGO: return "cargo";
	}
	return "?";
}

const char *
np_recipe_dependency_kind(const struct np_recipe *r, const char *name)
{
	const char *kind = np_kv_get(&r->dependency_kinds, name);
	return kind ? kind : "link";
}

const struct np_component *
np_recipe_main_component(const struct np_recipe *r)
{
	return r->components.n ? &r->components.v[0] : NULL;
}

char *
np_recipe_header_include(const struct np_recipe *r, size_t i)
{
	if (r->include_subdir)
		return np_xasprintf("%s/%s", r->include_subdir, r->headers.v[i]);
	return np_xstrdup(r->headers.v[i]);
}

static bool print_fields(const void *base, const struct field *fields, struct np_json *obj);

/* Emits the fields that are set, in table order; returns whether anything was added. */
static bool
print_fields(const void *basep, const struct field *fields, struct np_json *obj)
{
	bool any = false;

	for (const struct field *f = fields; f->key; f++) {
		const char *base = (const char *)basep + f->offset;
		const struct np_strv *sv = (const struct np_strv *)base;
		const struct np_kv *kv = (const struct np_kv *)base;
		struct np_json *sub;

		switch (f->kind) {
		case K_INT:
			if (f->presence && !*(const bool *)((const char *)basep + f->presence))
				break;
			np_json_add(obj, f->key, np_json_new_number((double)*(const long *)base));
			any = true;
			break;
		case K_BOOL:
			if (*(const bool *)base != f->bool_default) {
				np_json_add(obj, f->key, np_json_new_bool(*(const bool *)base));
				any = true;
			}
			break;
		case K_STRING:
			if (*(char *const *)base) {
				np_json_add_string(obj, f->key, *(char *const *)base);
				any = true;
			}
			break;
		case K_STRING_OR_STRINGS:
			if (sv->n == 1) {
				np_json_add_string(obj, f->key, sv->v[0]);
				any = true;
				break;
			}
			__attribute__((fallthrough));
		case K_STRINGS:
			/* A list given as empty says something ("dependencies": [] is "none"). */
			if (sv->n || (f->presence && *(const bool *)((const char *)basep + f->presence))) {
				np_json_add_strings(obj, f->key, sv->v, sv->n);
				any = true;
			}
			break;
		case K_MAP:
			if (kv->keys.n) {
				sub = np_json_add(obj, f->key, np_json_new(NP_JSON_OBJECT));
				for (size_t i = 0; i < kv->keys.n; i++)
					np_json_add_string(sub, kv->keys.v[i], kv->values.v[i]);
				any = true;
			}
			break;
		case K_DEPS:
			if (kv->keys.n) {
				const struct np_kv *links = (const struct np_kv *)((const char *)basep + f->links);
				const struct np_kv *kinds = (const struct np_kv *)((const char *)basep + f->kinds);
				sub = np_json_add(obj, f->key, np_json_new(NP_JSON_OBJECT));
				for (size_t i = 0; i < kv->keys.n; i++) {
					const char *link = np_kv_get(links, kv->keys.v[i]);
					const char *kind = np_kv_get(kinds, kv->keys.v[i]);
					struct np_json *dep;
					if (link == NULL && kind == NULL) {
						np_json_add_string(sub, kv->keys.v[i], kv->values.v[i]);
						continue;
					}
					dep = np_json_add(sub, kv->keys.v[i], np_json_new(NP_JSON_OBJECT));
					np_json_add_string(dep, "version", kv->values.v[i]);
					if (link)
						np_json_add(dep, "static", np_json_new_bool(strcmp(link, "static") == 0));
					if (kind)
						np_json_add_string(dep, "kind", kind);
				}
				any = true;
			}
			break;
		case K_OBJECT:
			sub = np_json_new(NP_JSON_OBJECT);
			if (print_fields(basep, f->sub, sub)) {
				np_json_add(obj, f->key, sub);
				any = true;
			} else {
				np_json_free(sub);
			}
			break;
		case K_NAMED: {
			size_t n = f->named->count(base);
			if (n == 0)
				break;
			sub = np_json_add(obj, f->key, np_json_new(NP_JSON_OBJECT));
			for (size_t i = 0; i < n; i++) {
				const void *elem = f->named->at(base, i);
				struct np_json *e = np_json_new(NP_JSON_OBJECT);
				print_fields(elem, f->named->fields, e);
				/* The element's name is its first member (np_component, np_feature). */
				np_json_add(sub, *(char *const *)elem, e);
			}
			any = true;
			break;
		}
		}
	}
	return any;
}

static bool
print(const struct np_recipe *r, const struct field *fields, long schema, bool readable,
	struct np_buf *out, struct np_error *err)
{
	struct np_json *obj = np_json_new(NP_JSON_OBJECT);
	struct np_recipe copy = *r;
	bool ok;

	copy.schema = schema;
	print_fields(&copy, fields, obj);
	ok = readable ? np_json_print_readable(obj, out, err) : np_json_print(obj, true, out, err);
	np_json_free(obj);
	return ok;
}

bool
np_recipe_to_json(const struct np_recipe *r, struct np_buf *out, struct np_error *err)
{
	return print(r, fields_of(r->schema), r->schema, false, out, err);
}

bool
np_recipe_to_json_schema(const struct np_recipe *r, long schema, struct np_buf *out,
	struct np_error *err)
{
	if (schema != NP_RECIPE_SCHEMA && schema != r->schema)
		return np_error_set(err, NP_EXIT_USAGE, "%s: a recipe of schema %ld can be written as "
			"schema %ld or %d, not %ld", r->name, r->schema, r->schema, NP_RECIPE_SCHEMA, schema);
	return print(r, fields_of(schema), schema, true, out, err);
}

bool
np_recipe_build_json(const struct np_recipe *r, struct np_buf *out, struct np_error *err)
{
	return print(r, recipe_key_fields, r->schema, false, out, err);
}
