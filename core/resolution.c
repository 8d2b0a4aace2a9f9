/* resolution: the per-package answer and ordered sets of them. */
#include "core/resolution.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/name.h"

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
	np_strv_release(&r->deps);
	free(r->description);
	free(r->pc_module);
	free(r->cmake_package);
	free(r->cmake_prefix);
	free(r->cmake_compat);
	np_kv_release(&r->cmake_targets);
	np_kv_release(&r->metadata);
	np_inputs_release(&r->inputs);
	memset(r, 0, sizeof *r);
}

void
np_resolution_set_add(struct np_resolution_set *set, struct np_resolution *r)
{
	set->v = np_xgrow(set->v, &set->cap, set->n + 1, sizeof *set->v);
	set->v[set->n++] = r;
}

struct np_resolution *
np_resolution_set_find(const struct np_resolution_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i]->name, name) == 0)
			return set->v[i];
	return NULL;
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

	for (const unsigned char *p = (const unsigned char *)arg; *p; p++) {
		if (!(*p < 0x80 && isalnum(*p)) && !strchr(bare, *p))
			np_buf_addc(out, '\\');
		np_buf_addc(out, (char)*p);
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
	for (size_t i = 0; i < dirs->n; i++)
		if (strchr(dirs->v[i], ':'))
			return np_error_set(err, NP_EXIT_INPUT,
				"cannot write %s: directory \"%s\" contains ':', the path list separator",
				key, dirs->v[i]);
	*out = np_strv_join(dirs, ":");
	return true;
}

bool
np_resolution_vars(const struct np_resolution *r, struct np_kv *out, struct np_error *err)
{
	char *links = np_name_env(r->links), *key, *value;
	struct np_buf flags = {0};
	bool ok = false;

#define SET(k, v) do { key = np_xasprintf("DEP_%s_%s", links, k); np_kv_set(out, key, v); free(key); } while (0)
	SET("ROOT", r->prefix ? r->prefix : "");
	key = np_xasprintf("DEP_%s_INCLUDE", links);
	if (!path_list(&r->include_dirs, key, &value, err)) {
		free(key);
		goto out;
	}
	np_kv_set(out, key, value);
	free(key), free(value);
	key = np_xasprintf("DEP_%s_LIB_DIR", links);
	if (!path_list(&r->lib_dirs, key, &value, err)) {
		free(key);
		goto out;
	}
	np_kv_set(out, key, value);
	free(key), free(value);
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
	SET("DYLIB", r->dylib ? r->dylib : "");
	SET("METHOD", np_method_name(r->method));
	for (size_t i = 0; i < r->metadata.keys.n; i++)
		SET(r->metadata.keys.v[i], r->metadata.values.v[i]);
#undef SET
	ok = true;
out:
	np_buf_release(&flags);
	free(links);
	return ok;
}

