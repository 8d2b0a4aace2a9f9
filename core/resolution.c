/* resolution: the per-package answer and ordered sets of them. */
#include "core/resolution.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/name.h"
#include "core/text.h"

void
np_resolution_release(struct np_resolution *r)
{
	free(r->name);
	free(r->links);
	free(r->version);
	free(r->prefix);
	free(r->recipe);
	free(r->pc_file);
	free(r->dylib);
	free(r->build_key);
	np_strv_release(&r->include_dirs);
	np_strv_release(&r->lib_dirs);
	np_strv_release(&r->libs);
	np_strv_release(&r->cflags);
	np_strv_release(&r->ldflags);
	np_strv_release(&r->static_ldflags);
	np_strv_release(&r->runtime_dirs);
	np_strv_release(&r->deps);
	free(r->description);
	free(r->pc_module);
	free(r->cmake_package);
	free(r->cmake_prefix);
	free(r->cmake_compat);
	np_strv_release(&r->pc_aliases);
	np_strv_release(&r->cmake_aliases);
	np_kv_release(&r->metadata);
	np_components_release(&r->components);
	np_strv_release(&r->features);
	np_inputs_release(&r->inputs);
	np_strv_release(&r->lib_files);
	np_strv_release(&r->header_files);
	free(r->header_version);
	np_strv_release(&r->aliases);
	np_strv_release(&r->requested_by);
	free(r->range);
	free(r->mode);
	memset(r, 0, sizeof *r);
}

static char *
dup_or_null(const char *s)
{
	return s ? np_xstrdup(s) : NULL;
}

void
np_resolution_copy(struct np_resolution *dst, const struct np_resolution *src)
{
	memset(dst, 0, sizeof *dst);
	dst->name = dup_or_null(src->name);
	dst->links = dup_or_null(src->links);
	dst->version = dup_or_null(src->version);
	dst->method = src->method;
	dst->link = src->link;
	dst->prefix = dup_or_null(src->prefix);
	dst->recipe = dup_or_null(src->recipe);
	dst->pc_file = dup_or_null(src->pc_file);
	dst->dylib = dup_or_null(src->dylib);
	dst->build_key = dup_or_null(src->build_key);
	np_strv_copy(&dst->include_dirs, &src->include_dirs);
	np_strv_copy(&dst->lib_dirs, &src->lib_dirs);
	np_strv_copy(&dst->libs, &src->libs);
	np_strv_copy(&dst->cflags, &src->cflags);
	np_strv_copy(&dst->ldflags, &src->ldflags);
	np_strv_copy(&dst->static_ldflags, &src->static_ldflags);
	np_strv_copy(&dst->runtime_dirs, &src->runtime_dirs);
	dst->runpath = src->runpath;
	np_strv_copy(&dst->deps, &src->deps);
	np_strv_copy(&dst->lib_files, &src->lib_files);
	np_strv_copy(&dst->header_files, &src->header_files);
	dst->header_version = dup_or_null(src->header_version);
	dst->description = dup_or_null(src->description);
	dst->pc_module = dup_or_null(src->pc_module);
	dst->cmake_package = dup_or_null(src->cmake_package);
	dst->cmake_prefix = dup_or_null(src->cmake_prefix);
	dst->cmake_compat = dup_or_null(src->cmake_compat);
	np_strv_copy(&dst->pc_aliases, &src->pc_aliases);
	np_strv_copy(&dst->cmake_aliases, &src->cmake_aliases);
	np_kv_copy(&dst->metadata, &src->metadata);
	np_components_copy(&dst->components, &src->components);
	np_strv_copy(&dst->features, &src->features);
	np_inputs_merge(&dst->inputs, &src->inputs);
	np_strv_copy(&dst->aliases, &src->aliases);
	np_strv_copy(&dst->requested_by, &src->requested_by);
	dst->range = dup_or_null(src->range);
	dst->mode = dup_or_null(src->mode);
	dst->from_lock = src->from_lock;
}

static void
mix(uint64_t *h, const char *s)
{
	/* A string and its end (a NUL can't be inside one): ("ab","c") differs from ("a","bc"). */
	s = s ? s : "\1";
	*h = np_fnv64(*h, s, strlen(s) + 1);
}

static void
mix_strv(uint64_t *h, const struct np_strv *v)
{
	char n[32];
	snprintf(n, sizeof n, "%zu", v->n);
	mix(h, n);
	for (size_t i = 0; i < v->n; i++)
		mix(h, v->v[i]);
}

uint64_t
np_resolution_set_digest(const struct np_resolution_set *set)
{
	uint64_t h = NP_FNV64_START;

	for (size_t i = 0; i < set->n; i++) {
		const struct np_resolution *r = set->v[i];
		const char *strings[] = {r->name, r->links, r->version, np_method_name(r->method),
			np_link_name(r->link), r->runpath ? "runpath" : "no runpath", r->prefix, r->recipe, r->pc_file, r->dylib, r->build_key,
			r->description, r->pc_module, r->cmake_package, r->cmake_prefix, r->cmake_compat};
		const struct np_strv *lists[] = {&r->include_dirs, &r->lib_dirs, &r->libs, &r->cflags,
			&r->ldflags, &r->static_ldflags, &r->runtime_dirs, &r->deps, &r->pc_aliases, &r->cmake_aliases, &r->metadata.keys, &r->metadata.values, &r->inputs.env,
			&r->inputs.files};
		for (size_t k = 0; k < sizeof strings / sizeof *strings; k++)
			mix(&h, strings[k]);
		for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
			mix_strv(&h, lists[k]);
		mix_strv(&h, &r->features);
		for (size_t k = 0; k < r->components.n; k++) {
			const struct np_component *c = &r->components.v[k];
			const struct np_strv *clists[] = {&c->pc_aliases, &c->cmake_targets, &c->requires,
				&c->dependencies, &c->definitions, &c->static_definitions, &c->metadata.keys,
				&c->metadata.values};
			mix(&h, c->name);
			mix(&h, c->lib);
			mix(&h, c->pc_module);
			mix(&h, c->file);
			mix(&h, c->is_default ? "default" : "not default");
			for (size_t m = 0; m < sizeof clists / sizeof *clists; m++)
				mix_strv(&h, clists[m]);
		}
	}
	return h;
}

static bool
str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool
kv_eq(const struct np_kv *a, const struct np_kv *b)
{
	return np_strv_equal(&a->keys, &b->keys) && np_strv_equal(&a->values, &b->values);
}

bool
np_resolution_equal(const struct np_resolution *a, const struct np_resolution *b)
{
	return str_eq(a->name, b->name) && str_eq(a->links, b->links) &&
		str_eq(a->version, b->version) && a->method == b->method && a->link == b->link &&
		str_eq(a->prefix, b->prefix) && str_eq(a->recipe, b->recipe) &&
		str_eq(a->pc_file, b->pc_file) && str_eq(a->dylib, b->dylib) &&
		str_eq(a->build_key, b->build_key) && np_strv_equal(&a->include_dirs, &b->include_dirs) &&
		np_strv_equal(&a->lib_dirs, &b->lib_dirs) && np_strv_equal(&a->libs, &b->libs) &&
		np_strv_equal(&a->cflags, &b->cflags) && np_strv_equal(&a->ldflags, &b->ldflags) &&
		np_strv_equal(&a->static_ldflags, &b->static_ldflags) &&
		np_strv_equal(&a->runtime_dirs, &b->runtime_dirs) && a->runpath == b->runpath &&
		np_strv_equal(&a->deps, &b->deps) && np_strv_equal(&a->lib_files, &b->lib_files) &&
		np_strv_equal(&a->header_files, &b->header_files) &&
		str_eq(a->header_version, b->header_version) && str_eq(a->description, b->description) &&
		str_eq(a->pc_module, b->pc_module) && str_eq(a->cmake_package, b->cmake_package) &&
		str_eq(a->cmake_prefix, b->cmake_prefix) && str_eq(a->cmake_compat, b->cmake_compat) &&
		np_strv_equal(&a->pc_aliases, &b->pc_aliases) &&
		np_strv_equal(&a->cmake_aliases, &b->cmake_aliases) &&
		kv_eq(&a->metadata, &b->metadata) &&
		np_components_equal(&a->components, &b->components) &&
		np_strv_equal(&a->features, &b->features) &&
		np_strv_equal(&a->inputs.env, &b->inputs.env) &&
		np_strv_equal(&a->inputs.files, &b->inputs.files) &&
		np_strv_equal(&a->aliases, &b->aliases) &&
		np_strv_equal(&a->requested_by, &b->requested_by) && str_eq(a->range, b->range) &&
		str_eq(a->mode, b->mode);
}

char *
np_resolution_identity(const struct np_resolution *r)
{
	char *inc, *lib, *id;

	if (r->build_key)
		return np_xasprintf("build %s", r->build_key);
	inc = np_strv_join(&r->include_dirs, ":");
	lib = np_strv_join(&r->lib_dirs, ":");
	/* A lock reuse keeps the method that found it, so the identity does not change. */
	id = np_xasprintf("%s %s %s %s %s", np_method_name(r->method), r->version ? r->version : "-",
		np_link_name(r->link), inc, lib);
	free(inc);
	free(lib);
	return id;
}

void
np_resolution_set_add(struct np_resolution_set *set, struct np_resolution *r)
{
	set->v = np_xgrow(set->v, &set->cap, set->n + 1, sizeof *set->v);
	np_index_put(&set->ix, r->name, set->n);
	for (size_t i = 0; i < r->aliases.n; i++)
		np_index_put(&set->ix, r->aliases.v[i], set->n);
	set->v[set->n++] = r;
}

void
np_resolution_set_reorder(struct np_resolution_set *set, size_t from,
	const struct np_resolution *const *order, size_t n)
{
	bool same = true;

	if (from + n != set->n)
		return; /* not a permutation of the tail: leave it */
	for (size_t i = 0; i < n && same; i++)
		same = set->v[from + i] == order[i];
	if (same)
		return;
	for (size_t i = 0; i < n; i++)
		set->v[from + i] = (struct np_resolution *)order[i];
	np_index_clear(&set->ix);
	for (size_t i = 0; i < set->n; i++) {
		np_index_put(&set->ix, set->v[i]->name, i);
		for (size_t k = 0; k < set->v[i]->aliases.n; k++)
			np_index_put(&set->ix, set->v[i]->aliases.v[k], i);
	}
}

struct np_resolution *
np_resolution_set_find(const struct np_resolution_set *set, const char *name)
{
	size_t i = np_index_get(&set->ix, name);
	return i == NP_INDEX_NONE ? NULL : set->v[i];
}

struct np_resolution *
np_resolution_set_find_links(const struct np_resolution_set *set, const char *links)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i]->links, links) == 0)
			return set->v[i];
	return NULL;
}

void
np_resolution_set_release(struct np_resolution_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		np_resolution_release(set->v[i]);
		free(set->v[i]);
	}
	free(set->v);
	np_index_release(&set->ix);
	memset(set, 0, sizeof *set);
}

const char *
np_method_name(enum np_method m)
{
	switch (m) {
	case NP_METHOD_NONE: return "none";
	case NP_METHOD_OVERRIDE: return "override";
	case NP_METHOD_LOCK: return "lock";
	case NP_METHOD_PKG_CONFIG: return "pkg-config";
	case NP_METHOD_PROBE: return "probe";
	case NP_METHOD_CACHE: return "cache";
	case NP_METHOD_BUILD: return "build";
	}
	return "?";
}

bool
np_method_from_name(const char *name, enum np_method *out)
{
	for (int m = NP_METHOD_OVERRIDE; m <= NP_METHOD_BUILD; m++) {
		if (strcmp(name, np_method_name((enum np_method)m)) == 0) {
			*out = (enum np_method)m;
			return true;
		}
	}
	return false;
}

const char *
np_link_name(enum np_link l)
{
	return l == NP_LINK_STATIC ? "static" : "shared";
}

void
np_resolution_quote_arg(const char *arg, struct np_buf *out)
{
	/* pkg-config leaves these bare and backslash-escapes every other byte, spaces included. */
	static const char bare[] = "$()+,-./:=@^_~";
	size_t len = strlen(arg);

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)arg[i];
		/*
		 * Unlike pkgconf, a UTF-8 character passes whole: a backslash before each of its
		 * bytes ("c\\xc3\\xa4che") is no longer UTF-8, which TOML and JSON refuse, and no shell
		 * or pkg-config parser gives such a character a meaning. A byte that does not start
		 * a valid character is escaped like any other.
		 */
		size_t n = c < 0x80 ? 0 : np_text_utf8_char(arg + i, len - i);
		if (n > 1) {
			np_buf_add(out, arg + i, n);
			i += n;
			continue;
		}
		if (!(c < 0x80 && isalnum(c)) && !strchr(bare, c))
			np_buf_addc(out, '\\');
		np_buf_addc(out, (char)c);
		i++;
	}
}

void
np_resolution_quote_args(const struct np_strv *args, struct np_buf *out)
{
	for (size_t i = 0; i < args->n; i++) {
		np_resolution_quote_arg(args->v[i], out);
		np_buf_addc(out, ' ');
	}
}

static bool
path_list(const struct np_strv *dirs, const char *key, char **out, struct np_error *err)
{
	*out = NULL;
	for (size_t i = 0; i < dirs->n; i++)
		if (strchr(dirs->v[i], ':'))
			return np_error_set(err, NP_EXIT_INPUT,
				"cannot write %s: directory \"%s\" contains ':', the path list separator",
				key, dirs->v[i]);
	*out = np_strv_join(dirs, ":");
	return true;
}

/* DEP_<links>_<key> as a ':'-separated path list (path_list's refusal when it cannot be one). */
static bool
set_path_list(struct np_kv *out, const char *links, const char *key,
	const struct np_strv *dirs, struct np_error *err)
{
	char *name = np_xasprintf("DEP_%s_%s", links, key), *value;
	bool ok = path_list(dirs, name, &value, err);

	if (ok)
		np_kv_set(out, name, value);
	free(name);
	free(value);
	return ok;
}

bool
np_resolution_vars(const struct np_resolution *r, struct np_kv *out, struct np_error *err)
{
	char *links = np_name_env(r->links), *key, *value;
	struct np_buf flags = {0};
	bool ok = false;

#define SET(k, v) do { key = np_xasprintf("DEP_%s_%s", links, k); np_kv_set(out, key, v); free(key); } while (0)
	SET("ROOT", r->prefix ? r->prefix : "");
	if (!set_path_list(out, links, "INCLUDE", &r->include_dirs, err) ||
		!set_path_list(out, links, "LIB_DIR", &r->lib_dirs, err))
		goto out;
	value = np_strv_join(&r->libs, " ");
	SET("LIBS", value);
	free(value);
	SET("VERSION", r->version ? r->version : "");
	SET("STATIC", r->link == NP_LINK_STATIC ? "1" : "0");
	np_resolution_quote_args(&r->cflags, &flags);
	np_buf_rtrim(&flags);
	SET("CFLAGS", np_buf_str(&flags));
	np_buf_reset(&flags);
	np_resolution_quote_args(&r->ldflags, &flags);
	np_buf_rtrim(&flags);
	SET("LDFLAGS", np_buf_str(&flags));
	if (!set_path_list(out, links, "RUNTIME_DIRS", &r->runtime_dirs, err))
		goto out;
	SET("DYLIB", r->dylib ? r->dylib : "");
	SET("METHOD", np_method_name(r->method));
	for (size_t i = 0; i < r->metadata.keys.n; i++)
		SET(r->metadata.keys.v[i], r->metadata.values.v[i]);
	/*
	 * Each component's own keys when the package has several (a single component is the
	 * package: its keys would repeat the package's), and any component's metadata.
	 */
	for (size_t i = 0; i < r->components.n; i++) {
		const struct np_component *c = &r->components.v[i];
		char *env = np_component_env(c->name), *k;
		if (r->components.n > 1) {
			struct np_strv list = {0};
			np_component_libs(r, c, &list);
			value = np_strv_join(&list, " ");
			k = np_xasprintf("%s_LIBS", env);
			SET(k, value);
			free(k);
			free(value);
			np_strv_release(&list);
			np_buf_reset(&flags);
			np_component_cflags(r, c, &list);
			np_resolution_quote_args(&list, &flags);
			np_buf_rtrim(&flags);
			np_strv_release(&list);
			k = np_xasprintf("%s_CFLAGS", env);
			SET(k, np_buf_str(&flags));
			free(k);
			np_buf_reset(&flags);
			np_component_ldflags(r, c, false, &list);
			np_resolution_quote_args(&list, &flags);
			np_buf_rtrim(&flags);
			np_strv_release(&list);
			k = np_xasprintf("%s_LDFLAGS", env);
			SET(k, np_buf_str(&flags));
			free(k);
			k = np_xasprintf("%s_DYLIB", env);
			SET(k, r->link == NP_LINK_SHARED && c->file ? c->file : "");
			free(k);
		}
		for (size_t m = 0; m < c->metadata.keys.n; m++) {
			k = np_xasprintf("%s_%s", env, c->metadata.keys.v[m]);
			SET(k, c->metadata.values.v[m]);
			free(k);
		}
		free(env);
	}
#undef SET
	ok = true;
out:
	np_buf_release(&flags);
	free(links);
	return ok;
}

