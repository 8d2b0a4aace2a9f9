/* update: the workspace's graph, its lock and its output tree, together. */
#include "cli/update.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/write_tree.h"
#include "core/alloc.h"
#include "core/filelock.h"
#include "core/fs.h"
#include "core/manifest.h"
#include "resolvers/lock.h"
#include "resolvers/resolve.h"

struct roots {
	struct np_root *v;
	size_t n, cap;
	struct np_dependencies deps;
};

static void
add_root(struct roots *r, const char *name, const char *range, const char *who,
	const char *where)
{
	r->v = np_xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	r->v[r->n++] = (struct np_root){name, range, who, where};
}

static void
collect_roots(struct np_session *s, const struct np_strv *names, struct roots *r)
{
	np_manifest_dependencies(&s->config.manifest, s->config.target, &r->deps);
	for (size_t i = 0; i < r->deps.n; i++)
		add_root(r, r->deps.v[i].name, r->deps.v[i].range, "nativepkg.json", r->deps.v[i].origin);
	for (size_t i = 0; i < names->n; i++)
		add_root(r, names->v[i], NULL, "command line", "the command line");
	if (s->config.manifest.doc)
		return;
	/* Without a manifest the lock remembers what earlier runs named. */
	for (size_t i = 0; i < s->lock.n; i++) {
		const struct np_lock_entry *e = s->lock.v[i];
		if (strcmp(e->target, s->config.target) == 0 &&
			np_strv_contains(&e->res.requested_by, "command line"))
			add_root(r, e->res.name, NULL, "command line", "an earlier 'nativepkg resolve'");
	}
}

/* The new lock: this run's entries for the target, the other targets' as they were. */
static bool
next_lock(struct np_session *s, const struct np_resolution_set *set, struct np_lock *next,
	struct np_error *err)
{
	for (size_t i = 0; i < set->n; i++) {
		struct np_lock_entry *e = np_lock_entry_make(&s->ctx, set->v[i], set, err);
		if (e == NULL)
			return false;
		np_lock_put(next, e);
	}
	return true;
}

/* Every answer came from the lock, as it was asked for then, and nothing else is locked. */
static bool
lock_current(struct np_session *s, const struct np_resolution_set *set)
{
	size_t here = 0;

	if (!s->lock_stamp.exists) /* current: the workspace is locked since the reload */
		return false;
	for (size_t i = 0; i < s->lock.n; i++)
		here += strcmp(s->lock.v[i]->target, s->config.target) == 0;
	if (here != set->n)
		return false;
	for (size_t i = 0; i < set->n; i++)
		if (!np_lock_entry_current(&s->ctx, set->v[i]))
			return false;
	return true;
}

static bool
record(struct np_session *s, const struct np_resolution_set *set, struct np_strv *changes,
	struct np_error *err)
{
	struct np_lock next = {0};
	struct np_buf text = {0};
	bool ok;

	if (lock_current(s, set))
		return true;
	ok = next_lock(s, set, &next, err);

	if (ok) {
		np_lock_diff(&s->lock, &next, s->config.target, changes);
		ok = np_session_refuse_changes(s, changes, err);
	}
	if (ok && !s->ctx.locked) {
		np_lock_move_other_targets(&s->lock, s->config.target, &next);
		/* Rendering costs more than the rest of a warm run: only when something differs. */
		if (!np_lock_equal(&s->lock, &next) || !s->lock_stamp.exists)
			ok = np_lock_render(&next, &text, err) &&
				np_fs_update(s->ws.lock, text.data, text.len, NULL, err);
	}
	np_buf_release(&text);
	np_lock_release(&next);
	return ok;
}

/* The graph's roots and their resolution, against the lock as the session holds it. */
static bool
resolve_graph(struct np_session *s, const struct np_strv *names, struct np_resolution_set *set,
	struct np_error *err)
{
	struct roots roots = {0};
	bool ok = true;

	collect_roots(s, names, &roots);
	if (roots.n == 0)
		ok = np_error_set(err, NP_EXIT_USAGE, "nothing to resolve: name packages, or list "
			"them in %s/nativepkg.json (nativepkg add PKG)", s->ws.root);
	ok = ok && np_resolve(&s->ctx, roots.v, roots.n, NULL, 0, set, err);
	np_dependencies_release(&roots.deps);
	free(roots.v);
	return ok;
}

/* The locked answers of targets other than the run's, per target (sets that own nothing). */
struct others {
	struct np_cargo_target *v;
	struct np_resolution_set *sets;
	size_t n;
};

static void
collect_others(const struct np_lock *lock, const char *except, struct others *o)
{
	memset(o, 0, sizeof *o);
	o->v = np_xcalloc(lock->n + 1, sizeof *o->v);
	o->sets = np_xcalloc(lock->n + 1, sizeof *o->sets);
	for (size_t i = 0; i < lock->n; i++) {
		struct np_lock_entry *e = lock->v[i];
		size_t k;
		if (strcmp(e->target, except) == 0)
			continue;
		for (k = 0; k < o->n && strcmp(o->v[k].triple, e->target) != 0; k++)
			;
		if (k == o->n) {
			o->v[o->n].triple = e->target;
			o->v[o->n].set = &o->sets[o->n];
			o->n++;
		}
		o->sets[k].v = np_xgrow(o->sets[k].v, &o->sets[k].cap, o->sets[k].n + 1,
			sizeof *o->sets[k].v);
		o->sets[k].v[o->sets[k].n++] = &e->res;
	}
}

static void
release_others(struct others *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->sets[i].v);
	free(o->sets);
	free(o->v);
}

/*
 * The host's cargo/config.toml after a foreign target's run: one file that serves `cargo build
 * --target` for every target, with the host's tables first, then the others' (this run's
 * answers for its own target).
 */
static bool
host_cargo_config(struct np_session *s, const struct np_resolution_set *set, struct np_error *err)
{
	struct others o;
	struct np_cargo_target *all;
	struct np_buf text = {0};
	char *path = np_path_join(s->ws.out_dir, "cargo/config.toml");
	size_t n = 0, host = SIZE_MAX;
	bool ok;

	collect_others(&s->lock, s->config.target, &o);
	all = np_xcalloc(o.n + 2, sizeof *all);
	for (size_t i = 0; i < o.n; i++)
		if (strcmp(o.v[i].triple, s->config.host.gnu) == 0)
			host = i;
	all[n++] = host != SIZE_MAX ? o.v[host] : (struct np_cargo_target){s->config.host.gnu,
		&(struct np_resolution_set){0}};
	for (size_t i = 0; i < o.n; i++)
		if (i != host && strcmp(o.v[i].triple, s->config.target) < 0)
			all[n++] = o.v[i];
	all[n++] = (struct np_cargo_target){s->config.target, set};
	for (size_t i = 0; i < o.n; i++)
		if (i != host && strcmp(o.v[i].triple, s->config.target) > 0)
			all[n++] = o.v[i];
	ok = np_write_cargo_config_targets(all, n, &text, err);
	if (ok) {
		/* The host's tree, as its own writer treats it: through no symlink. */
		int fd = np_fs_open_own_dir(s->ws.out_dir, "cargo", true, err);
		ok = fd >= 0 && np_fs_update_at(fd, "config.toml", path, text.data ? text.data : "",
			text.len, NULL, err);
		if (fd >= 0)
			close(fd);
	}
	np_buf_release(&text);
	free(all);
	free(path);
	release_others(&o);
	return ok;
}

/* A foreign target's tree lies in .nativepkg/targets/, made as the tree's own directories are. */
static bool
targets_dir(struct np_session *s, struct np_error *err)
{
	int fd = np_fs_open_own_dir(s->ws.out_dir, "targets", true, err);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Forgets a resolution, to resolve again against a lock another process just wrote. */
static void
forget(struct np_session *s, struct np_resolution_set *set, struct np_error *err)
{
	np_resolution_set_release(set);
	np_trace_release(&s->ctx.trace);
	np_strv_release(&s->ctx.lock_changes);
	np_error_release(err);
}

bool
np_update_workspace(struct np_session *s, const struct np_strv *names,
	struct np_resolution_set *set, struct np_strv *changes, struct np_error *err)
{
	struct np_filelock guard = {0};
	struct np_strv written = {0};
	struct np_fs_stamp read_as = s->lock_stamp;
	bool ok = false, tried = false;

	/*
	 * First without the workspace's write lock: a run that would write nothing (the lock and
	 * the tree already say this) ends here, and concurrent readers never queue for each other.
	 */
	if (!np_error_isset(&s->lock_err)) {
		struct others o;
		tried = true;
		ok = resolve_graph(s, names, set, err);
		/*
		 * A failure is the answer: reported once, never tried again under the lock (a failed
		 * build ran twice, every progress line doubled, a bad download fetched twice). What
		 * another process may write meanwhile cannot mend this run's failing build or fetch.
		 */
		if (!ok) {
			np_session_flush_warnings(s);
			return false;
		}
		/* A foreign target's tree has its own Cargo tables; the host's has every target's. */
		collect_others(&s->lock, s->config.target, &o);
		if (s->ctx.lock_changes.n == 0 && lock_current(s, set) &&
			np_tree_current(set, s->config.target, o.v, s->config.foreign ? 0 : o.n, s->tree_dir,
				NP_TREE_ALL)) {
			release_others(&o);
			np_session_flush_warnings(s);
			np_session_note_answer(s, set, true);
			return true;
		}
		release_others(&o);
	}
	if (!np_filelock_take(s->ws.root, s->ctx.lock_timeout, NULL, NULL, &guard, err) ||
		!np_session_reload_lock(s, err)) {
		np_filelock_release(&guard);
		np_session_flush_warnings(s);
		return false;
	}
	/* Held: resolve again only if there was no first try, or another process changed the lock. */
	if (!tried || !np_fs_stamp_equal(&read_as, &s->lock_stamp)) {
		if (tried)
			forget(s, set, err);
		ok = resolve_graph(s, names, set, err);
	}
	np_session_flush_warnings(s);
	/* The tree first: a value some format refuses stops everything before the lock moves. */
	if (ok) {
		struct others o;
		collect_others(&s->lock, s->config.target, &o);
		ok = np_session_refuse_changes(s, &s->ctx.lock_changes, err) &&
			(!s->config.foreign || targets_dir(s, err)) &&
			np_write_tree(set, s->config.target, o.v, s->config.foreign ? 0 : o.n, s->tree_dir,
				NP_TREE_ALL, true, &written, err);
		release_others(&o);
		ok = ok && (!s->config.foreign || s->ctx.locked || host_cargo_config(s, set, err)) &&
			record(s, set, changes, err);
	}
	s->wrote_tree = written.n > 0;
	np_strv_release(&written);
	np_filelock_release(&guard);
	return ok;
}

static const char *
where(const struct np_resolution *r)
{
	if (r->pc_file)
		return r->pc_file;
	if (r->dylib)
		return r->dylib;
	if (r->prefix)
		return r->prefix;
	return r->include_dirs.n ? r->include_dirs.v[0] : "";
}

void
np_update_report(struct np_session *s, const struct np_resolution_set *set,
	const struct np_strv *changes)
{
	if (s->quiet)
		return;
	for (size_t i = 0; i < set->n; i++) {
		const struct np_resolution *r = set->v[i];
		fprintf(s->out, "%s %s via %s (%s%s): %s\n", r->name,
			r->version ? r->version : "(version unknown)", np_method_name(r->method),
			np_link_name(r->link), r->from_lock ? ", locked" : "", where(r));
	}
	for (size_t i = 0; i < changes->n; i++)
		fprintf(s->out, "lock: %s\n", changes->v[i]);
	fprintf(s->out, "%s %s\n", s->wrote_tree ? "wrote" : "up to date:", s->tree_dir);
}
