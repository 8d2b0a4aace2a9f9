/* session: shared command set-up. */
#include "cli/session.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/command.h"
#include "cli/write_tree.h"
#include "core/alloc.h"
#include "core/fs.h"
#include "core/toolchain.h"
#include "resolvers/resolve.h"

#ifndef NP_HOST_TRIPLE
#define NP_HOST_TRIPLE "unknown"
#endif

static void
on_step(void *data, const char *package, const struct np_trace_step *step)
{
	struct np_session *s = data;
	if (s->verbose)
		fprintf(stderr, "nativepkg: %s: %s: %s: %s\n", package, step->resolver,
			np_verdict_name(step->verdict), step->reason ? step->reason : "");
}

/* A positive number from the environment, or the default; malformed is bad input. */
static bool
env_number(const char *name, unsigned long long dflt, unsigned long long max,
	unsigned long long *out, struct np_error *err)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long n;

	*out = dflt;
	if (v == NULL || *v == '\0')
		return true;
	n = strtoull(v, &end, 10);
	if (*end != '\0' || n == 0 || n > max || *v == '-')
		return np_error_set(err, NP_EXIT_INPUT, "%s=%s: expected a whole number from 1 to %llu",
			name, v, max);
	*out = n;
	return true;
}

/* How builds and downloads behave: from the environment, read once. */
static bool
build_settings(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_fetch *f = &s->ctx.fetch;
	const char *v;
	unsigned long long n;
	bool offline = false;

	if ((v = getenv("NATIVEPKG_OFFLINE")) != NULL && *v && !np_setting_parse_bool(v, &offline))
		return np_error_set(err, NP_EXIT_INPUT, "NATIVEPKG_OFFLINE=%s: expected 1 or 0", v);
	f->offline = offline || opts->count[NP_OPT_OFFLINE] > 0;
	if ((v = getenv("NATIVEPKG_MIRRORS")) != NULL)
		np_strv_split(&f->mirrors, v, " \t\n");
	if ((v = getenv("NATIVEPKG_CA_FILE")) != NULL && *v)
		f->ca_file = np_xstrdup(v);
	if ((v = getenv("NATIVEPKG_NETRC")) != NULL && *v)
		f->netrc_file = np_xstrdup(v);
	if ((v = getenv("NATIVEPKG_BINARY_CACHE_TOKEN")) != NULL && *v)
		f->token = np_xstrdup(v);
	if (!env_number("NATIVEPKG_LOW_SPEED_TIME", 30, 3600, &n, err))
		return false;
	f->low_speed_time = (long)n;
	f->connect_timeout = 30;
	f->retry_delay_ms = 500;
	if (!env_number("NATIVEPKG_MAX_DOWNLOAD", 2ULL << 30, 1ULL << 40, &n, err))
		return false;
	f->max_bytes = (int64_t)n;
	if (!env_number("NATIVEPKG_MAX_EXTRACT", 4ULL << 30, 1ULL << 42, &n, err))
		return false;
	s->ctx.max_extract = n;
	/* Unset: 0, the online cores, counted only when a build needs them (a file read). */
	if (!env_number("NATIVEPKG_JOBS", 0, 4096, &n, err))
		return false;
	s->ctx.jobs = (unsigned)n;
	if (!env_number("NATIVEPKG_LOCK_TIMEOUT", 3600, 86400 * 7, &n, err))
		return false;
	s->ctx.lock_timeout = (unsigned)n;
	np_progress_init(&s->progress, s->quiet);
	f->progress = np_progress_download;
	f->progress_data = &s->progress;
	s->ctx.status = np_progress_status;
	s->ctx.job_event = np_progress_job;
	s->ctx.status_data = &s->progress;
	return true;
}

/* The workspace lock, the stat cache in front of its file checks, --locked, NATIVEPKG_MEMO. */
static bool
lock_settings(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const char *v = getenv("NATIVEPKG_LOCKED");
	bool locked = false, memo;
	char *stats;

	if (v && *v && !np_setting_parse_bool(v, &locked))
		return np_error_set(err, NP_EXIT_INPUT, "NATIVEPKG_LOCKED=%s: expected 1 or 0", v);
	/* Read by the memo before the session (cli/memo.h), which takes a bad value for 0. */
	if ((v = getenv("NATIVEPKG_MEMO")) != NULL && *v && !np_setting_parse_bool(v, &memo))
		return np_error_set(err, NP_EXIT_INPUT, "NATIVEPKG_MEMO=%s: expected 1 or 0", v);
	s->ctx.locked = locked || opts->count[NP_OPT_LOCKED] > 0;
	np_fs_stamp(s->ws.lock, &s->lock_stamp);
	/* The stamp says whether there is a lock: no second look before reading it. */
	if (s->lock_stamp.exists && np_lock_load(&s->lock, s->ws.lock, &s->lock_err) && s->lock.n)
		np_inputs_add_file(&s->ctx.global_inputs, s->ws.lock);
	if (s->lock.old_format)
		np_trace_warn(&s->ctx.trace, "%s is lock format %d, written by an older nativepkg: "
			"every package is resolved again ('nativepkg resolve' writes format %d)",
			s->ws.lock, s->lock.old_format, NP_LOCK_FORMAT);
	stats = np_path_join(s->ws.out_dir, "stat-cache");
	np_statcache_open(&s->stats, stats);
	free(stats);
	s->ctx.lock = &s->lock;
	s->ctx.lock_path = s->ws.lock;
	s->ctx.stats = &s->stats;
	return true;
}

/*
 * The target: --target, else NATIVEPKG_TARGET, else — in a Cargo build script, which Cargo
 * starts with TARGET set to the triple it builds for — Cargo's TARGET; NULL: the host.
 */
static const char *
choose_target(const struct np_parsed *opts, struct np_inputs *in)
{
	const char *target = opts->value[NP_OPT_TARGET];

	if (target == NULL)
		target = np_inputs_getenv(in, "NATIVEPKG_TARGET");
	if (target == NULL && (target = np_inputs_getenv(in, "TARGET")) != NULL &&
		np_inputs_getenv(in, "CARGO_MANIFEST_DIR") == NULL)
		target = NULL; /* a TARGET of something else than Cargo */
	return target;
}

/* --toolchain KEY=VALUE and --sysroot DIR. */
static bool
toolchain_from_cli(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const struct np_strv *list = &opts->lists[NP_OPT_TOOLCHAIN];

	for (size_t i = 0; i < list->n; i++) {
		const char *eq = strchr(list->v[i], '=');
		char *key = eq ? np_xstrndup(list->v[i], (size_t)(eq - list->v[i])) : NULL;
		enum np_tool t;
		bool known = key && np_toolchain_from_key(key, &t);
		free(key);
		if (!known || eq[1] == '\0')
			return np_error_set(err, NP_EXIT_USAGE, "--toolchain %s: expected KEY=VALUE with "
				"KEY one of cc, cxx, ar, ranlib, strip, windres, cflags, cxxflags, ldflags, "
				"sysroot, cmake_toolchain_file, meson_cross_file, pkg_config_path, "
				"pkg_config_libdir, pkg_config_sysroot_dir", list->v[i]);
		key = np_xstrndup(list->v[i], (size_t)(eq - list->v[i]));
		np_kv_set(&s->config.tools, key, eq + 1);
		free(key);
	}
	if (opts->value[NP_OPT_SYSROOT])
		np_kv_set(&s->config.tools, "sysroot", opts->value[NP_OPT_SYSROOT]);
	return true;
}

/*
 * The target's toolchain (core/toolchain.h), and its loader: a foreign target's libraries are
 * loaded from its sysroot's default directories, never this machine's.
 */
static bool
toolchain_settings(struct np_session *s, struct np_error *err)
{
	const char *sysroot;

	if (!np_toolchain_resolve(&s->toolchain, &s->config, err))
		return false;
	s->ctx.toolchain = &s->toolchain;
	if (s->config.foreign) {
		sysroot = np_toolchain_get(&s->toolchain, NP_TOOL_SYSROOT);
		s->ctx.loader.root = sysroot ? sysroot : "";
		s->ctx.loader.multiarch = s->config.tgt.multiarch;
	}
	return true;
}

static bool
setting_from_cli(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	if (opts->count[NP_OPT_STATIC] && opts->count[NP_OPT_SHARED])
		return np_error_set(err, NP_EXIT_USAGE, "--static and --shared exclude each other");
	if (opts->count[NP_OPT_STATIC])
		s->config.cli[NP_SETTING_STATIC] = np_xstrdup("1");
	if (opts->count[NP_OPT_SHARED])
		s->config.cli[NP_SETTING_STATIC] = np_xstrdup("0");
	if (opts->value[NP_OPT_MODE]) {
		enum np_mode m;
		if (!np_setting_parse_mode(opts->value[NP_OPT_MODE], &m))
			return np_error_set(err, NP_EXIT_USAGE,
				"--mode must be auto, system or build, not '%s'", opts->value[NP_OPT_MODE]);
		s->config.cli[NP_SETTING_MODE] = np_xstrdup(opts->value[NP_OPT_MODE]);
	}
	return true;
}

bool
np_session_open(struct np_session *s, const struct np_parsed *opts, bool full,
	struct np_error *err)
{
	const char *target, *path;
	struct np_inputs *in;
	char *user = NULL, *builtin;
	bool ok;

	memset(s, 0, sizeof *s);
	s->out = stdout;
	s->quiet = opts->count[NP_OPT_QUIET] > 0;
	s->verbose = opts->count[NP_OPT_VERBOSE] > 0;
	if (!full)
		return true;
	in = &s->ctx.global_inputs;
	/* main changed to --directory already: the memo looks for the workspace first. */
	if (!np_workspace_find(".", &s->ws, err))
		return false;

	target = choose_target(opts, in);
	if (!np_config_set_target(&s->config, target ? target : NP_HOST_TRIPLE, NP_HOST_TRIPLE, err))
		return false;
	if (!setting_from_cli(s, opts, err) || !toolchain_from_cli(s, opts, err))
		return false;
	s->tree_dir = s->config.foreign ? np_xasprintf("%s/targets/%s", s->ws.out_dir,
		s->config.target) : np_xstrdup(s->ws.out_dir);
	user = np_config_user_path(in);
	ok = np_config_load(&s->config, s->ws.manifest, user, in, err);
	free(user);
	if (!ok)
		return false;

	/* Recipe search path: --recipes, NATIVEPKG_RECIPE_PATH, workspace recipes/, built-in. */
	for (size_t i = 0; i < opts->lists[NP_OPT_RECIPES].n; i++) {
		char *abs = np_path_absolute(opts->lists[NP_OPT_RECIPES].v[i]);
		np_catalog_add(&s->catalog, abs, "--recipes");
		free(abs);
	}
	if ((path = np_inputs_getenv(in, "NATIVEPKG_RECIPE_PATH")) != NULL) {
		struct np_strv dirs = {0};
		np_strv_split(&dirs, path, ":");
		for (size_t i = 0; i < dirs.n; i++) {
			char *abs = np_path_absolute(dirs.v[i]);
			np_catalog_add(&s->catalog, abs, "NATIVEPKG_RECIPE_PATH");
			free(abs);
		}
		np_strv_release(&dirs);
	}
	{
		char *ws_recipes = np_path_join(s->ws.root, "recipes");
		if (np_fs_is_dir(ws_recipes))
			np_catalog_add(&s->catalog, ws_recipes, "workspace");
		free(ws_recipes);
	}
	if ((builtin = np_catalog_builtin_dir()) != NULL) {
		if (!np_strv_contains(&s->catalog.dirs, builtin))
			np_catalog_add(&s->catalog, builtin, "built-in");
		free(builtin);
	}

	if (!build_settings(s, opts, err) ||
		!np_config_remotes(&s->config, NULL, &s->ctx.remotes, err) ||
		!toolchain_settings(s, err))
		return false;
	if (!lock_settings(s, opts, err))
		return false;
	s->ctx.config = &s->config;
	s->ctx.catalog = &s->catalog;
	s->ctx.trace.detail = s->verbose;
	s->ctx.trace.event = on_step;
	s->ctx.trace.event_data = s;
	return true;
}

void
np_session_close(struct np_session *s)
{
	np_progress_release(&s->progress);
	np_statcache_save(&s->stats);
	np_statcache_close(&s->stats);
	np_lock_release(&s->lock);
	np_error_release(&s->lock_err);
	np_resolve_ctx_release(&s->ctx);
	np_catalog_release(&s->catalog);
	np_toolchain_release(&s->toolchain);
	np_config_release(&s->config);
	np_workspace_release(&s->ws);
	free(s->tree_dir);
}

void
np_session_warn(struct np_session *s, const char *fmt, ...)
{
	va_list ap;

	s->warnings++;
	if (s->quiet)
		return;
	fputs("nativepkg: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool
np_session_refuse_changes(struct np_session *s, const struct np_strv *changes,
	struct np_error *err)
{
	char *list;

	if (!s->ctx.locked || changes->n == 0)
		return true;
	list = np_strv_join(changes, "\n  ");
	np_error_set(err, NP_EXIT_INPUT, "--locked: %s would change:\n  %s", s->ws.lock, list);
	free(list);
	return false;
}

bool
np_session_reload_lock(struct np_session *s, struct np_error *err)
{
	struct np_fs_stamp now;

	np_fs_stamp(s->ws.lock, &now);
	if (np_fs_stamp_equal(&now, &s->lock_stamp) && !np_error_isset(&s->lock_err))
		return true; /* nobody wrote it since it was read */
	s->lock_stamp = now;
	np_lock_release(&s->lock);
	np_error_release(&s->lock_err);
	if (np_lock_load(&s->lock, s->ws.lock, err))
		return true;
	if (!s->ctx.update_all && s->ctx.update.n == 0)
		return false;
	np_session_warn(s, "%s", err->msg);
	np_session_warn(s, "ignoring the damaged %s: --update replaces it", s->ws.lock);
	np_error_release(err);
	np_lock_release(&s->lock);
	return true;
}

/* What the resolvers warned about (malformed .pc files), at most a screenful. */
void
np_session_flush_warnings(struct np_session *s)
{
	struct np_strv *w = &s->ctx.trace.warnings;
	const size_t max = 20;

	for (size_t i = 0; i < w->n && i < max; i++) {
		char *text = w->v[i], *inner = strstr(text, ": warning: ");
		if (inner)
			np_session_warn(s, "%.*s: %s", (int)(inner - text), text, inner + 11);
		else
			np_session_warn(s, "%s", text);
	}
	if (w->n > max)
		np_session_warn(s, "%zu more warnings like these ('nativepkg explain' lists them)",
			w->n - max);
	np_strv_release(w);
}

/* A consumer that did not get the locked answer is told why: another may have got it. */
static void
warn_unlocked(struct np_session *s, const struct np_resolution_set *set)
{
	if (s->lock.n == 0)
		return;
	for (size_t i = 0; i < set->n; i++) {
		const struct np_trace_package *p = np_trace_package(&s->ctx.trace, set->v[i]->name);
		for (size_t k = 0; k < p->n; k++) {
			const struct np_trace_step *st = p->steps[k];
			if (strcmp(st->resolver, "lock") != 0)
				continue;
			if (st->verdict == NP_VERDICT_REJECTED)
				np_session_warn(s, "%s: not the answer in %s: %s; run 'nativepkg resolve' to "
					"update it", set->v[i]->name, s->ws.lock, st->reason);
			else if (st->verdict == NP_VERDICT_SKIPPED && set->v[i]->method != NP_METHOD_OVERRIDE)
				np_session_warn(s, "%s is not in %s; run 'nativepkg resolve %s' to add it",
					set->v[i]->name, s->ws.lock, set->v[i]->name);
		}
	}
}

bool
np_session_resolve(struct np_session *s, const struct np_strv *names,
	struct np_resolution_set *set, struct np_error *err)
{
	struct np_dependencies deps = {0};
	struct np_root *roots, *limits;
	bool ok;

	if (np_error_isset(&s->lock_err)) {
		np_error_set(err, s->lock_err.code, "%s\n  (repair or delete it, or run 'nativepkg "
			"resolve --update', which replaces it)", s->lock_err.msg);
		return false;
	}
	roots = np_xcalloc(names->n ? names->n : 1, sizeof *roots);
	for (size_t i = 0; i < names->n; i++)
		roots[i] = (struct np_root){names->v[i], NULL, "command line", "the command line"};
	/* The workspace's ranges hold for every consumer of a package it lists. */
	np_manifest_dependencies(&s->config.manifest, s->config.target, &deps);
	limits = np_xcalloc(deps.n ? deps.n : 1, sizeof *limits);
	for (size_t i = 0; i < deps.n; i++)
		limits[i] = (struct np_root){deps.v[i].name, deps.v[i].range, "nativepkg.json",
			deps.v[i].origin};
	ok = np_resolve(&s->ctx, roots, names->n, limits, deps.n, set, err);
	np_session_flush_warnings(s);
	ok = ok && np_session_refuse_changes(s, &s->ctx.lock_changes, err);
	free(roots);
	free(limits);
	np_dependencies_release(&deps);
	if (ok)
		warn_unlocked(s, set);
	if (ok)
		np_session_note_answer(s, set, false);
	return ok;
}

void
np_session_pick(const struct np_resolution_set *set, const struct np_strv *names,
	struct np_resolution **out)
{
	for (size_t i = 0; i < names->n; i++)
		out[i] = np_resolution_set_find(set, names->v[i]);
}

bool
np_session_need_packages(const struct np_parsed *opts, const char *command,
	struct np_error *err)
{
	if (opts->args.n == 0)
		return np_error_set(err, NP_EXIT_USAGE, "%s: name at least one package (see 'nativepkg help %s')",
			command, command);
	return true;
}

void
np_session_note_answer(struct np_session *s, const struct np_resolution_set *set, bool with_tree)
{
	struct np_strv files = {0}, env = {0};
	char *path;

	if (s->memo == NULL || s->warnings || s->ctx.trace.warnings.n)
		return;
	for (size_t i = 0; i < set->n; i++)
		if (!set->v[i]->from_lock)
			return;
	/* Where the workspace, its configuration and its recipes are, found or not. */
	np_strv_push(&files, "/proc/self/exe");
	np_strv_push(&files, s->ws.lock);
	np_strv_push_owned(&files, np_path_join(s->ws.root, NP_WORKSPACE_MANIFEST));
	np_strv_push_owned(&files, np_path_join(s->ws.root, "recipes"));
	if ((path = np_config_user_path(&s->ctx.global_inputs)) != NULL)
		np_strv_push_owned(&files, path);
	for (size_t i = 0; i < s->catalog.dirs.n; i++)
		np_strv_push(&files, s->catalog.dirs.v[i]);
	/* What each answer was read from. */
	np_strv_copy(&files, &s->ctx.global_inputs.files);
	np_strv_copy(&env, &s->ctx.global_inputs.env);
	for (size_t i = 0; i < set->n; i++) {
		np_strv_copy(&files, &set->v[i]->inputs.files);
		np_strv_copy(&env, &set->v[i]->inputs.env);
	}
	if (!with_tree || np_tree_files(s->tree_dir, &files))
		np_memo_note(s->memo, &files, &env);
	np_strv_release(&files);
	np_strv_release(&env);
}
