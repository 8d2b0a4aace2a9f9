/* resolution: the per-package answer and ordered sets of them. */
#include "core/resolution.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

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
	np_strv_release(&r->include_dirs);
	np_strv_release(&r->lib_dirs);
	np_strv_release(&r->libs);
	np_strv_release(&r->cflags);
	np_strv_release(&r->ldflags);
	np_strv_release(&r->static_ldflags);
	np_strv_release(&r->deps);
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
