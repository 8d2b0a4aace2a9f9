/* cmd_fetch: `nativepkg fetch PKG...` — download sources ahead of time, for offline use. */
#include <stdlib.h>

#include "cli/command.h"
#include "core/alloc.h"
#include "core/recipe.h"
#include "resolvers/resolver.h"

/* Fetches name's source and, depth first, its dependencies'. */
static bool
fetch_tree(struct np_session *s, const char *name, struct np_strv *done, struct np_error *err)
{
	struct np_recipe r;
	char *path = NULL;
	bool ok = true;

	if (np_strv_contains(done, name))
		return true;
	np_strv_push(done, name);
	if (!np_catalog_find(&s->catalog, name, &path, NULL))
		return np_error_set(err, NP_EXIT_FAILURE, "fetch: no recipe named '%s'", name);
	ok = np_recipe_load(path, &r, err);
	free(path);
	if (!ok)
		return false;
	for (size_t i = 0; i < r.dependencies.keys.n && ok; i++)
		ok = fetch_tree(s, r.dependencies.keys.v[i], done, err);
	if (ok && np_build_fetch(&s->ctx, &r, err) && !s->quiet)
		fprintf(s->out, "%s %s: %s\n", r.name, r.version, r.urls.n ? "in the download cache" :
			"no source");
	ok = ok && !np_error_isset(err);
	np_recipe_release(&r);
	return ok;
}

static int
cmd_fetch(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_strv done = {0};
	bool ok = true;

	if (!np_session_need_packages(opts, "fetch", err))
		return NP_EXIT_USAGE;
	for (size_t i = 0; i < opts->args.n && ok; i++)
		ok = fetch_tree(s, opts->args.v[i], &done, err);
	np_strv_release(&done);
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
		"Sources already in the download cache are verified again, not downloaded.",
	.options = (const struct np_option[]){{0, NULL, 0, NULL, NULL, false}},
	.flags = NP_CMD_SESSION,
};
