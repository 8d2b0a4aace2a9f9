/* cmd_cache: `nativepkg cache list|add|clean` — the download and build cache. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/command.h"
#include "core/alloc.h"
#include "core/fs.h"
#include "resolvers/remote.h"
#include "resolvers/resolver.h"

enum { OPT_DOWNLOADS = NP_OPT_FIRST, OPT_BUILDS };

static void
list_dir(struct np_session *s, const char *dir, const char *label, bool sizes)
{
	struct np_strv names = {0};

	np_fs_list(dir, false, &names);
	for (size_t i = 0; i < names.n; i++) {
		char *path = np_path_join(dir, names.v[i]);
		struct stat st;
		if (sizes && stat(path, &st) == 0)
			fprintf(s->out, "%s %s %lld\n", label, names.v[i], (long long)st.st_size);
		else
			fprintf(s->out, "%s %s\n", label, names.v[i]);
		free(path);
	}
	np_strv_release(&names);
}

/* Empties tmp/, leaving alone what running processes are still using (their pid is in the name). */
static bool
clean_tmp(struct np_session *s, const char *dir, struct np_error *err)
{
	struct np_strv all = {0}, names = {0};
	bool ok = true;

	np_fs_list(dir, true, &all);
	for (size_t i = 0; i < all.n; i++) {
		if (np_cache_tmp_in_use(all.v[i]))
			fprintf(s->out, "kept %s/%s: a running process uses it\n", dir, all.v[i]);
		else
			np_strv_push(&names, all.v[i]);
	}
	np_strv_release(&all);
	/* Each entry is moved aside first, so a concurrent reader never sees half of it. */
	for (size_t i = 0; i < names.n && ok; i++) {
		char *path = np_path_join(dir, names.v[i]);
		ok = np_cache_discard(&s->ctx.cache, path, err);
		free(path);
	}
	np_strv_release(&names);
	return ok;
}

/*
 * Removes cache entries (cache.h) — downloads, or builds with their logs — each unless a
 * running process uses it: a build, the builds that depend on it, a build extracting the
 * download. Each is moved aside first, so a concurrent reader never sees half of it.
 */
static bool
clean_entries(struct np_session *s, bool downloads, struct np_error *err)
{
	const char *root = s->ctx.cache.root;
	struct np_strv entries = {0}, names = {0};
	char *dl = np_path_join(root, "downloads/sha256"), *builds = np_path_join(root, "builds");
	char *logs = np_path_join(root, "logs");
	bool ok = true;

	if (downloads) {
		np_fs_list(dl, true, &names);
		for (size_t i = 0; i < names.n; i++)
			np_strv_push_owned(&entries, np_xasprintf("sha256-%s", names.v[i]));
	} else {
		np_fs_list(builds, true, &names);
		for (size_t i = 0; i < names.n; i++)
			np_strv_push_unique(&entries, names.v[i]);
		np_strv_release(&names);
		np_fs_list(logs, true, &names);
		for (size_t i = 0; i < names.n; i++) {
			size_t n = strlen(names.v[i]);
			char *e = n > 4 && strcmp(names.v[i] + n - 4, ".log") == 0 ?
				np_xstrndup(names.v[i], n - 4) : np_xstrdup(names.v[i]);
			np_strv_push_unique(&entries, e);
			free(e);
		}
	}
	for (size_t i = 0; i < entries.n && ok; i++) {
		struct np_strv paths = {0};
		bool busy = false;
		if (downloads) {
			np_strv_push_owned(&paths, np_path_join(dl, entries.v[i] + strlen("sha256-")));
		} else {
			np_strv_push_owned(&paths, np_path_join(builds, entries.v[i]));
			np_strv_push_owned(&paths, np_xasprintf("%s/%s.log", logs, entries.v[i]));
		}
		ok = np_cache_remove(&s->ctx.cache, entries.v[i], &paths, &busy, err);
		if (ok && busy)
			fprintf(s->out, "kept %s: a running build uses it\n", paths.v[0]);
		np_strv_release(&paths);
	}
	np_strv_release(&entries);
	np_strv_release(&names);
	free(dl);
	free(builds);
	free(logs);
	return ok;
}

/* The named packages, built (or restored): push sends each finished build to the writable
 * binary caches; pull takes them from a binary cache and never builds. */
static int
push_pull(struct np_session *s, const struct np_parsed *opts, bool push, struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_strv names = {0};
	int code = 0;

	for (size_t i = 1; i < opts->args.n; i++) {
		np_strv_push(&names, opts->args.v[i]);
		np_kv_set(&s->config.cli_modes, opts->args.v[i], "build");
	}
	if (s->ctx.remotes.n == 0) {
		np_error_set(err, NP_EXIT_USAGE, "cache %s: no binary cache is configured "
			"(NATIVEPKG_BINARY_CACHE, or \"binary_cache\" in nativepkg.json)", push ? "push" : "pull");
		code = err->code;
		goto out;
	}
	s->ctx.no_local_build = !push;
	if (!np_session_resolve(s, &names, &set, err)) {
		code = err->code;
		goto out;
	}
	for (size_t i = 0; i < set.n && code == 0; i++) {
		const struct np_resolution *r = set.v[i];
		struct np_recipe recipe = {0};
		if (!np_strv_contains(&names, r->name))
			continue;
		if (r->build_key == NULL) {
			np_error_set(err, NP_EXIT_FAILURE, "cache %s: %s is not a nativepkg build (%s)",
				push ? "push" : "pull", r->name, np_method_name(r->method));
			code = err->code;
			break;
		}
		if (push) {
			recipe.name = r->name;
			recipe.version = r->version;
			if (!np_remote_push(&s->ctx, &recipe, r->build_key, NULL, r->link, r->prefix,
				    np_trace_step(&s->ctx.trace, r->name, "push"), true, err))
				code = err->code;
		}
		if (code == 0 && !s->quiet)
			fprintf(s->out, "%s %s %s %s\n", push ? "pushed" : "have", r->name,
				r->version ? r->version : "?", r->prefix);
	}
out:
	np_session_flush_warnings(s);
	np_strv_release(&names);
	np_resolution_set_release(&set);
	return code;
}

static int
cmd_cache(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const char *sub = opts->args.n ? opts->args.v[0] : "";
	struct np_inputs in = {0};
	int code = 0;

	if (!np_build_cache(&s->ctx, &in, err)) {
		np_inputs_release(&in);
		return err->code;
	}
	np_inputs_release(&in);
	if (strcmp(sub, "list") == 0 && opts->args.n == 1) {
		char *d = np_path_join(s->ctx.cache.root, "downloads/sha256");
		fprintf(s->out, "# cache %s\n", s->ctx.cache.root);
		list_dir(s, d, "download", true);
		free(d);
		d = np_path_join(s->ctx.cache.root, "builds");
		list_dir(s, d, "build", false);
		free(d);
	} else if (strcmp(sub, "add") == 0 && opts->args.n >= 2) {
		for (size_t i = 1; i < opts->args.n && code == 0; i++) {
			char hex[NP_HASH_HEX_LEN + 1];
			if (np_cache_add(&s->ctx.cache, opts->args.v[i], NULL, hex, err))
				fprintf(s->out, "%s  %s\n", hex, opts->args.v[i]);
			else
				code = err->code;
		}
	} else if ((strcmp(sub, "push") == 0 || strcmp(sub, "pull") == 0) && opts->args.n >= 2) {
		code = push_pull(s, opts, strcmp(sub, "push") == 0, err);
	} else if (strcmp(sub, "clean") == 0 && opts->args.n == 1) {
		bool all = !opts->count[OPT_DOWNLOADS] && !opts->count[OPT_BUILDS];
		char *tmp = np_path_join(s->ctx.cache.root, "tmp");
		if ((all || opts->count[OPT_DOWNLOADS]) && !clean_entries(s, true, err))
			code = err->code;
		if (code == 0 && (all || opts->count[OPT_BUILDS]) && !clean_entries(s, false, err))
			code = err->code;
		if (code == 0 && all && !clean_tmp(s, tmp, err))
			code = err->code;
		free(tmp);
		np_cache_sweep_locks(&s->ctx.cache);
	} else {
		np_error_set(err, NP_EXIT_USAGE,
			"cache: expected 'list', 'add FILE...', 'push PKG...', 'pull PKG...' or "
			"'clean [--downloads|--builds]'");
		code = NP_EXIT_USAGE;
	}
	return code;
}

const struct np_command np_cmd_cache = {
	.name = "cache",
	.run = cmd_cache,
	.usage = "list | add FILE... | push PKG... | pull PKG... | clean [--downloads] [--builds]",
	.summary = "list, seed and clean the download and build cache",
	.description =
		"The cache is $NATIVEPKG_CACHE_DIR, else $XDG_CACHE_HOME/nativepkg, else "
		"~/.cache/nativepkg. Downloads are stored by content (downloads/sha256/<hex>), "
		"finished builds as builds/<name>-<version>-<key>.\n\n"
		"list prints every download (with its size) and every build. add copies files into "
		"the download cache under their sha256 and prints it: a CI asset cache or an "
		"air-gapped machine seeds nativepkg this way, and --offline then finds them. push "
		"builds the packages (or reuses their finished builds) and uploads each to every "
		"writable binary cache (NATIVEPKG_BINARY_CACHE); pull restores them from a binary "
		"cache and fails rather than build one locally. clean "
		"removes downloads, builds (and their logs), or everything; each entry is moved "
		"aside before it is deleted, so nothing half-removed is ever used. What a running "
		"build uses is kept and named: its work directory, its log, the builds it depends "
		"on, the download it is extracting.",
	.options = (const struct np_option[]){
		{OPT_DOWNLOADS, "downloads", 0, NULL, "clean: only the downloads", false},
		{OPT_BUILDS, "builds", 0, NULL, "clean: only the builds and their logs", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION,
};
