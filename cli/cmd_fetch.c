/* cmd_fetch: `nativepkg fetch PKG...` — download sources ahead of time, for offline use. */
#include <stdlib.h>

#include "cli/command.h"
#include "core/alloc.h"
#include "core/recipe.h"
#include "resolvers/resolver.h"

/* Loads name's recipe and, depth first, its dependencies' (each once) into recipes. */
static bool
collect(struct np_session *s, const char *name, struct np_strv *seen, struct np_recipe **recipes,
	size_t *n, size_t *cap, struct np_error *err)
{
	struct np_recipe r;
	char *path = NULL;
	bool ok;

	if (np_strv_contains(seen, name))
		return true;
	np_strv_push(seen, name);
	if (!np_catalog_find(&s->catalog, name, &path, NULL))
		return np_error_set(err, NP_EXIT_FAILURE, "fetch: no recipe named '%s'", name);
	ok = np_recipe_load(path, &r, err);
	free(path);
	if (!ok)
		return false;
	for (size_t i = 0; i < r.dependencies.keys.n && ok; i++)
		ok = collect(s, r.dependencies.keys.v[i], seen, recipes, n, cap, err);
	*recipes = np_xgrow(*recipes, cap, *n + 1, sizeof **recipes);
	(*recipes)[(*n)++] = r;
	return ok;
}

static int
cmd_fetch(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_strv seen = {0};
	struct np_recipe *recipes = NULL;
	size_t n = 0, cap = 0;
	bool *fetched, ok = true;

	if (!np_session_need_packages(opts, "fetch", err))
		return NP_EXIT_USAGE;
	for (size_t i = 0; i < opts->args.n && ok; i++)
		ok = collect(s, opts->args.v[i], &seen, &recipes, &n, &cap, err);
	fetched = np_xcalloc(n + 1, sizeof *fetched);
	if (ok)
		ok = np_build_fetch(&s->ctx, recipes, n, fetched, err);
	for (size_t i = 0; i < n; i++) {
		if (fetched[i] && !s->quiet)
			fprintf(s->out, "%s %s: %s\n", recipes[i].name, recipes[i].version,
				recipes[i].urls.n ? "in the download cache" : "no source");
		np_recipe_release(&recipes[i]);
	}
	free(fetched);
	free(recipes);
	np_strv_release(&seen);
	return ok ? 0 : err->code;
}

const struct np_command np_cmd_fetch = {
	.name = "fetch",
	.run = cmd_fetch,
	.usage = "PKG...",
	.summary = "download the sources of packages and their dependencies into the cache",
	.description =
		"Downloads and verifies the source of each named package and of every package it "
		"depends on, so that later builds work with --offline (or NATIVEPKG_OFFLINE=1). "
		"Sources already in the download cache are verified again, not downloaded. The "
		"downloads run concurrently.",
	.options = (const struct np_option[]){{0, NULL, 0, NULL, NULL, false}},
	.flags = NP_CMD_SESSION,
};
