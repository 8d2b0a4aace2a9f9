/*
 * recipe: loading, validating and printing recipes. The format is described once, by the
 * field tables below; the validator and the canonical printer both walk them.
 */
#include "core/recipe.h"

#include <ctype.h>
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
	K_STRING,
	K_STRINGS,
	K_STRING_OR_STRINGS,
	K_MAP,    /* object of string values -> struct np_kv */
	K_DEPS,   /* dependencies: name -> range, or {"version": range, "static": bool} */
	K_OBJECT, /* nested table, fields stored in the same struct np_recipe */
};

/* A check returns NULL when the string is fine, else the reason it is not. */
typedef const char *(*check_fn)(const char *s);

struct field {
	const char *key;
	enum kind kind;
	size_t offset;
	bool required;
	check_fn check;           /* strings, list elements, map values */
	check_fn check_key;       /* K_MAP keys */
	const struct field *sub;  /* K_OBJECT */
};

#define OFF(member) offsetof(struct np_recipe, member)
#define END {NULL, K_INT, 0, false, NULL, NULL, NULL}

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

/* A name that becomes a file name: a links name (env/<links>.env), a CMake package. */
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

static const struct field pkg_config_fields[] = {
	{"modules", K_STRINGS, OFF(pc_modules), true, check_module, NULL, NULL},
	{"version", K_STRING, OFF(pc_version), false, check_range, NULL, NULL},
	END,
};

static const struct field discover_fields[] = {
	{"pkg_config", K_OBJECT, 0, false, NULL, NULL, pkg_config_fields},
	{"headers", K_STRINGS, OFF(headers), false, check_relpath, NULL, NULL},
	{"libs", K_STRINGS, OFF(libs), false, check_libname, NULL, NULL},
	{"libs_private", K_STRINGS, OFF(libs_private), false, check_libname, NULL, NULL},
	{"symbol", K_STRING, OFF(symbol), false, check_identifier, NULL, NULL},
	{"version_macro", K_STRING_OR_STRINGS, OFF(version_macro), false, check_identifier, NULL, NULL},
	END,
};

static const struct field source_fields[] = {
	{"urls", K_STRINGS, OFF(urls), true, check_url, NULL, NULL},
	{"sha256", K_STRING, OFF(sha256), true, check_sha256, NULL, NULL},
	{"strip", K_INT, OFF(strip), false, NULL, NULL, NULL},
	{"patches", K_STRINGS, OFF(patches), false, check_relpath, NULL, NULL},
	END,
};

static const struct field build_fields[] = {
	{"system", K_STRING, OFF(build_system_name), true, check_build_system, NULL, NULL},
	{"subdir", K_STRING, OFF(build_subdir), false, check_relpath, NULL, NULL},
	{"configure", K_STRING, OFF(build_configure), false, check_relpath, NULL, NULL},
	{"install_target", K_STRING, OFF(build_install_target), false, check_token, NULL, NULL},
	{"options", K_STRINGS, OFF(build_options), false, NULL, NULL, NULL},
	{"static_options", K_STRINGS, OFF(build_static_options), false, NULL, NULL, NULL},
	{"shared_options", K_STRINGS, OFF(build_shared_options), false, NULL, NULL, NULL},
	{"features", K_STRINGS, OFF(build_features), false, check_feature, NULL, NULL},
	{"library", K_STRING, OFF(build_library), false, check_libname, NULL, NULL},
	{"header", K_STRING, OFF(build_header), false, check_crate_path, NULL, NULL},
	{"cbindgen", K_STRING, OFF(build_cbindgen), false, check_crate_path, NULL, NULL},
	END,
};

static const struct field cmake_fields[] = {
	{"package", K_STRING, OFF(cmake_package), true, check_file_name, NULL, NULL},
	{"prefix", K_STRING, OFF(cmake_prefix), false, check_cmake_name, NULL, NULL},
	{"compatibility", K_STRING, OFF(cmake_compatibility), false, check_compat, NULL, NULL},
	{"targets", K_MAP, OFF(cmake_targets), false, check_libname, check_cmake_name, NULL},
	{"aliases", K_STRINGS, OFF(cmake_aliases), false, check_file_name, NULL, NULL},
	END,
};

static const struct field exports_fields[] = {
	{"cmake", K_OBJECT, 0, false, NULL, NULL, cmake_fields},
	{"pkg_config", K_STRING, OFF(pc_export), false, check_module, NULL, NULL},
	{"pkg_config_aliases", K_STRINGS, OFF(pc_aliases), false, check_module, NULL, NULL},
	{"metadata", K_MAP, OFF(metadata), false, NULL, check_metadata_key, NULL},
	END,
};

static const struct field recipe_fields[] = {
	{"schema", K_INT, OFF(schema), true, NULL, NULL, NULL},
	{"name", K_STRING, OFF(name), true, check_name, NULL, NULL},
	{"version", K_STRING, OFF(version), true, check_token, NULL, NULL},
	{"links", K_STRING, OFF(links), true, check_file_name, NULL, NULL},
	{"description", K_STRING, OFF(description), false, NULL, NULL, NULL},
	{"homepage", K_STRING, OFF(homepage), false, check_url, NULL, NULL},
	{"license", K_STRING, OFF(license), false, check_nonempty, NULL, NULL},
	{"discover", K_OBJECT, 0, false, NULL, NULL, discover_fields},
	{"source", K_OBJECT, 0, false, NULL, NULL, source_fields},
	{"build", K_OBJECT, 0, false, NULL, NULL, build_fields},
	{"exports", K_OBJECT, 0, false, NULL, NULL, exports_fields},
	{"provides", K_STRINGS, OFF(provides), false, check_name, NULL, NULL},
	{"dependencies", K_DEPS, OFF(dependencies), false, check_range, check_name, NULL},
	END,
};

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

static void
check_string(struct np_diags *d, const struct np_json *v, const char *what, check_fn check)
{
	const char *why = check ? check(v->str) : NULL;
	if (why)
		np_diags_add(d, v->line, v->col, "%s %s", what, why);
}

static void validate_object(struct np_diags *d, const struct np_json *obj,
	const struct field *fields, const char *path, struct np_recipe *r);

/* "zlib": ">= 1.2", or "zlib": {"version": ">= 1.2", "static": true}. */
static void
validate_dependencies(struct np_diags *d, const struct np_json *v, const struct field *f,
	const char *what, struct np_recipe *r)
{
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
				if (strcmp(m->key, "version") == 0 && m->type == NP_JSON_STRING) {
					check_string(d, m, what, f->check);
					range = m->str;
				} else if (strcmp(m->key, "static") == 0 && m->type == NP_JSON_BOOL) {
					np_kv_set(&r->dependency_links, e->key, m->boolean ? "static" : "shared");
				} else if (strcmp(m->key, "version") == 0 || strcmp(m->key, "static") == 0) {
					np_diags_add(d, m->line, m->col, "%s.%s.%s must be %s", what, e->key, m->key,
						strcmp(m->key, "static") == 0 ? "true or false" : "a version range");
				} else {
					np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" in %s.%s "
						"(expected version or static)", m->key, what, e->key);
				}
			}
		} else {
			np_diags_add(d, e->line, e->col, "%s.%s must be a version range or an object, not %s",
				what, e->key, np_json_type_name(e->type));
			continue;
		}
		np_kv_set(&r->dependencies, e->key, range);
	}
}

static void
validate_field(struct np_diags *d, const struct np_json *v, const struct field *f,
	const char *what, struct np_recipe *r)
{
	char *base = (char *)r + f->offset;

	switch (f->kind) {
	case K_INT:
		if (v->type != NP_JSON_NUMBER || !v->integral) {
			np_diags_add(d, v->line, v->col, "%s must be an integer, not %s", what,
				v->type == NP_JSON_NUMBER ? "a fraction" : np_json_type_name(v->type));
		} else if (v->num < 0 || v->num > 1e9) {
			np_diags_add(d, v->line, v->col, "%s is out of range", what);
		} else {
			*(long *)base = (long)v->num;
			if (f->offset == OFF(strip))
				r->has_strip = true;
		}
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
		validate_dependencies(d, v, f, what, r);
		return;
	case K_OBJECT:
		validate_object(d, v, f->sub, what, r);
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

static void
validate_object(struct np_diags *d, const struct np_json *obj, const struct field *fields,
	const char *path, struct np_recipe *r)
{
	if (obj->type != NP_JSON_OBJECT) {
		np_diags_add(d, obj->line, obj->col, "%s must be an object, not %s",
			*path ? path : "a recipe", np_json_type_name(obj->type));
		return;
	}
	for (const struct np_json *m = obj->child; m; m = m->next) {
		const struct field *f = NULL, *best = NULL;
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
		if (f == NULL) {
			if (best)
				np_diags_add(d, m->key_line, m->key_col, "unknown key %s (did you mean \"%s\"?)",
					what, best->key);
			else
				np_diags_add(d, m->key_line, m->key_col, "unknown key %s", what);
		} else {
			/* Nested objects use the dotted path without quotes as their prefix. */
			if (f->kind == K_OBJECT) {
				char *sub = dotted(path, m->key, false);
				validate_field(d, m, f, sub, r);
				free(sub);
			} else {
				validate_field(d, m, f, what, r);
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
		np_diags_add(d, v->line, v->col, "\"build.library\" \"%s\" is not in \"discover.libs\"",
			r->build_library);
}

/* Rules that span fields. */
static void
validate_recipe(struct np_diags *d, const struct np_json *root, struct np_recipe *r,
	const char *file)
{
	const struct np_json *v, *exports, *source;

	if ((v = np_json_get(root, "schema")) && v->type == NP_JSON_NUMBER && v->integral &&
		r->schema != 1)
		np_diags_add(d, v->line, v->col,
			"\"schema\" %ld is not supported (this nativepkg reads schema 1)", r->schema);
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
			"without \"discover.libs\": the probe cannot link", file, root->line, root->col));
}

/* Validates a parsed recipe into out; problems go to d. */
static void
validate(struct np_diags *d, const struct np_json *root, const char *file, struct np_recipe *out)
{
	validate_object(d, root, recipe_fields, "", out);
	if (root->type == NP_JSON_OBJECT)
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
	out->name = np_xstrdup(name);
	out->links = np_xstrdup(name);
	np_strv_push(&out->pc_modules, name);
}

static void
release_fields(struct np_recipe *r, const struct field *fields)
{
	for (const struct field *f = fields; f->key; f++) {
		char *base = (char *)r + f->offset;
		switch (f->kind) {
		case K_STRING: free(*(char **)base); *(char **)base = NULL; break;
		case K_STRINGS:
		case K_STRING_OR_STRINGS: np_strv_release((struct np_strv *)base); break;
		case K_MAP: np_kv_release((struct np_kv *)base); break;
		case K_DEPS:
			np_kv_release((struct np_kv *)base);
			np_kv_release(&r->dependency_links);
			break;
		case K_OBJECT: release_fields(r, f->sub); break;
		case K_INT: break;
		}
	}
}

void
np_recipe_release(struct np_recipe *r)
{
	release_fields(r, recipe_fields);
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

/* Emits the fields that are set, in table order; returns whether anything was added. */
static bool
print_fields(const struct np_recipe *r, const struct field *fields, struct np_json *obj)
{
	bool any = false;

	for (const struct field *f = fields; f->key; f++) {
		const char *base = (const char *)r + f->offset;
		const struct np_strv *sv = (const struct np_strv *)base;
		const struct np_kv *kv = (const struct np_kv *)base;
		struct np_json *sub;

		switch (f->kind) {
		case K_INT:
			if (f->offset == OFF(strip) && !r->has_strip)
				break;
			np_json_add(obj, f->key, np_json_new_number((double)*(const long *)base));
			any = true;
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
			if (sv->n) {
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
				sub = np_json_add(obj, f->key, np_json_new(NP_JSON_OBJECT));
				for (size_t i = 0; i < kv->keys.n; i++) {
					const char *link = np_kv_get(&r->dependency_links, kv->keys.v[i]);
					struct np_json *dep;
					if (link == NULL) {
						np_json_add_string(sub, kv->keys.v[i], kv->values.v[i]);
						continue;
					}
					dep = np_json_add(sub, kv->keys.v[i], np_json_new(NP_JSON_OBJECT));
					np_json_add_string(dep, "version", kv->values.v[i]);
					np_json_add(dep, "static", np_json_new_bool(strcmp(link, "static") == 0));
				}
				any = true;
			}
			break;
		case K_OBJECT:
			sub = np_json_new(NP_JSON_OBJECT);
			if (print_fields(r, f->sub, sub)) {
				np_json_add(obj, f->key, sub);
				any = true;
			} else {
				np_json_free(sub);
			}
			break;
		}
	}
	return any;
}

bool
np_recipe_to_json(const struct np_recipe *r, struct np_buf *out, struct np_error *err)
{
	struct np_json *obj = np_json_new(NP_JSON_OBJECT);
	bool ok;

	print_fields(r, recipe_fields, obj);
	ok = np_json_print(obj, true, out, err);
	np_json_free(obj);
	return ok;
}
