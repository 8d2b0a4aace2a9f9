/*
 * lock: the resolver that reuses the workspace lock (DESIGN §4 step 2), and the making of lock
 * entries from fresh answers. An entry is reused when it answers the same request — the same
 * package and recipe, link kind, a method the mode allows, a version in the range, the same
 * dependencies — and every file it points at is unchanged. Otherwise the reason is the
 * rejection (explain shows it); with --locked it is a change the run refuses.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/version.h"
#include "resolvers/lock.h"
#include "resolvers/resolver.h"

static bool
method_allowed(enum np_method m, enum np_mode mode)
{
	switch (mode) {
	case NP_MODE_AUTO: return true;
	case NP_MODE_SYSTEM: return m == NP_METHOD_OVERRIDE || m == NP_METHOD_PKG_CONFIG ||
		m == NP_METHOD_PROBE;
	case NP_MODE_BUILD: return m == NP_METHOD_OVERRIDE || m == NP_METHOD_CACHE ||
		m == NP_METHOD_BUILD;
	}
	return false;
}

static char *
recipe_changed(struct np_resolve_ctx *ctx, const struct np_recipe *r,
	const struct np_lock_entry *e)
{
	char sha[NP_HASH_HEX_LEN + 1], *why = NULL;
	struct np_error err = {0};

	if (r->implicit || r->path == NULL)
		return e->recipe_sha256 ? np_xstrdup("locked with a recipe, which is gone") : NULL;
	if (e->recipe_sha256 == NULL)
		return np_xasprintf("locked without a recipe; now %s is used", r->path);
	if (!np_fingerprint_digest(ctx->stats, r->path, sha, &err))
		why = np_xasprintf("cannot read the recipe: %s", err.msg);
	else if (strcmp(sha, e->recipe_sha256) != 0)
		why = np_xasprintf("the recipe %s changed since locking", r->path);
	np_error_release(&err);
	return why;
}

/*
 * An answer the toolchain made (a probe, a build) holds for that toolchain: what it sets beyond
 * the host's defaults is recorded after the compiler's identity, and compared without running
 * the compiler.
 */
static char *
toolchain_changed(const struct np_resolve_ctx *ctx, const struct np_lock_entry *e)
{
	struct np_strv was = {0}, now = {0};
	const char *nl;
	char *why = NULL;

	/* A consumer reads the answer, whatever compiler its own process has (CMake gives its
	 * children CC, a build its flags): only a run that could find or build another copy asks. */
	if (e->toolchain == NULL || ctx->toolchain == NULL || ctx->consumer)
		return NULL;
	nl = strchr(e->toolchain, '\n');
	if (strcmp(nl ? nl + 1 : "", ctx->toolchain->identity) == 0)
		return NULL;
	np_strv_split(&was, nl ? nl + 1 : "", "\n");
	np_strv_split(&now, ctx->toolchain->identity, "\n");
	for (size_t i = 0; i < was.n && why == NULL; i++)
		if (!np_strv_contains(&now, was.v[i]))
			why = np_xasprintf("locked with toolchain value \"%s\", which is no longer set so",
				was.v[i]);
	for (size_t i = 0; i < now.n && why == NULL; i++)
		if (!np_strv_contains(&was, now.v[i]))
			why = np_xasprintf("the toolchain now has \"%s\", which it was not locked with",
				now.v[i]);
	np_strv_release(&was);
	np_strv_release(&now);
	return why;
}

/* Why the entry does not answer this request; NULL when it does. */
static char *
request_changed(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_lock_entry *e)
{
	const struct np_recipe *r = req->recipe;
	const struct np_resolution *l = &e->res;
	char *why;

	if (strcmp(l->name, r->name) != 0)
		return np_xasprintf("locked package %s, but %s is asked for", l->name, r->name);
	if ((why = recipe_changed(ctx, r, e)) != NULL)
		return why;
	if (l->link != req->link && !(ctx->consumer && req->link_origin == NULL))
		return np_xasprintf("locked %s, but a %s link is requested (%s)", np_link_name(l->link),
			np_link_name(req->link), req->link_origin ? req->link_origin : "default");
	if (l->runpath != req->runpath && l->runtime_dirs.n)
		return np_xasprintf("locked %s a runtime search path, but %s", l->runpath ? "with" :
			"without", req->runpath ? "it is on now" : req->runpath_origin);
	if (!method_allowed(l->method, req->mode))
		return np_xasprintf("locked via %s, which mode %s does not use", np_method_name(l->method),
			np_mode_name(req->mode));
	if (req->root || req->include_dir || req->lib_dir) {
		/* Only a consumer asks the lock while an override is set (override comes first). */
		const char *origin = req->root_origin ? req->root_origin : req->include_dir_origin ?
			req->include_dir_origin : req->lib_dir_origin;
		bool same = l->method == NP_METHOD_OVERRIDE &&
			(!req->root || (l->prefix && strcmp(req->root, l->prefix) == 0)) &&
			(!req->include_dir || np_strv_contains(&l->include_dirs, req->include_dir)) &&
			(!req->lib_dir || np_strv_contains(&l->lib_dirs, req->lib_dir));
		if (!same)
			return np_xasprintf("an override (%s) names %s, but the lock has %s via %s", origin,
				req->root ? req->root : req->include_dir ? req->include_dir : req->lib_dir,
				l->prefix ? l->prefix : l->name, np_method_name(l->method));
	} else if (l->method == NP_METHOD_OVERRIDE) {
		return np_xstrdup("locked from an override that is no longer set");
	}
	if ((why = toolchain_changed(ctx, e)) != NULL)
		return why;
	if (req->range && l->version) {
		struct np_version_range vr;
		if (np_version_range_parse(req->range, &vr, NULL)) {
			bool ok = np_version_range_match(&vr, l->version);
			np_version_range_release(&vr);
			if (!ok)
				return np_xasprintf("locked version %s, but \"%s\" is wanted (by %s)", l->version,
					req->range, req->requesters);
		}
	}
	if (!np_strv_equal(&l->features, &r->features_selected)) {
		char *was = np_strv_join(&l->features, ", "), *now = np_strv_join(&r->features_selected, ", ");
		why = np_xasprintf("locked with features [%s], but [%s] are chosen now", was, now);
		free(was);
		free(now);
		return why;
	}
	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const char *dep = r->dependencies.keys.v[i], *locked = np_kv_get(&e->dep_ids, dep);
		const char *kind = np_recipe_dependency_kind(r, dep);
		const struct np_resolution *now = np_resolution_set_find(req->resolved, dep);
		char *id = now ? np_resolution_identity(now) : NULL;
		/* An optional dependency absent then and now is the same; a build-only one is the
		 * build's (its key), never part of the answer the lock holds. */
		bool same = (id && locked && strcmp(id, locked) == 0) ||
			(id == NULL && locked == NULL && strcmp(kind, "optional") == 0) ||
			strcmp(kind, "build") == 0;
		free(id);
		if (!same)
			return np_xasprintf("its dependency %s is not what it was locked with", dep);
	}
	return NULL;
}

/* The first file that is no longer what the lock saw; NULL when all are. */
static char *
files_changed(struct np_resolve_ctx *ctx, const struct np_lock_entry *e)
{
	for (size_t i = 0; i < e->files.n; i++) {
		char *why = np_fingerprint_check(ctx->stats, &e->files.v[i]);
		if (why)
			return why;
	}
	return NULL;
}

/*
 * A consumer's answer: the lock's, whatever this process's settings say. A link kind other
 * than the locked one cannot be answered from it; a locked file that changed or is gone
 * means the lock no longer holds. Both fail with the command that updates the lock — a
 * consumer never resolves a second copy on its own, and never builds.
 */
static bool
consumer_answer(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_lock_entry *e, struct np_trace_step *step, struct np_resolution *out,
	struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	char *why;

	/* A consumer that asks for no link kind gets the locked one; one that asks for the other
	 * would get a second copy. */
	if (e->res.link != req->link && req->link_origin)
		return np_error_set(err, NP_EXIT_INPUT, "%s: %s has it linked %s, but a %s link is "
			"asked for here (%s); the workspace links one copy: run 'nativepkg resolve%s %s' "
			"to change the lock", r->name, ctx->lock_path, np_link_name(e->res.link),
			np_link_name(req->link), req->link_origin,
			req->link == NP_LINK_STATIC ? " --static" : " --shared", r->name);
	if ((why = files_changed(ctx, e)) != NULL) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: the answer in %s no longer holds: %s; run "
			"'nativepkg resolve' to %s it", r->name, ctx->lock_path, why,
			e->res.build_key ? "build" : "update");
		free(why);
		return false;
	}
	if ((why = request_changed(ctx, req, e)) != NULL) {
		if (ctx->locked) {
			np_error_set(err, NP_EXIT_INPUT, "%s: --locked, and this process's settings "
				"disagree with %s: %s", r->name, ctx->lock_path, why);
			free(why);
			return false;
		}
		np_trace_warn(&ctx->trace, "%s: this process's settings disagree with %s (%s): "
			"answering the locked %s %s via %s; run 'nativepkg resolve' to change the lock",
			r->name, ctx->lock_path, why, e->res.name,
			e->res.version ? e->res.version : "(version unknown)", np_method_name(e->res.method));
		np_trace_note(step, "settings disagree: %s", why);
		free(why);
	}
	np_resolution_copy(out, &e->res);
	out->from_lock = true;
	for (size_t i = 0; i < e->files.n; i++)
		np_inputs_add_file(req->inputs, e->files.v[i].path);
	np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_ACCEPTED,
		"locked %s %s via %s: the workspace's answer for every consumer", e->res.name,
		e->res.version ? e->res.version : "(version unknown)", np_method_name(e->res.method));
	return true;
}

bool
np_lock_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "lock");
	const struct np_lock_entry *e;
	bool changed;
	char *why;

	*found = false;
	if (ctx->lock == NULL || ctx->lock->n == 0) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED, "nothing is locked%s%s",
			ctx->lock_path ? " in " : "", ctx->lock_path ? ctx->lock_path : "");
		return true;
	}
	if (ctx->update_all || np_strv_contains(&ctx->update, r->name)) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED,
			"--update: resolving it again");
		return true;
	}
	e = np_lock_find(ctx->lock, ctx->config->target, r->links);
	if (e == NULL) {
		if (ctx->locked)
			return np_error_set(err, NP_EXIT_INPUT, "%s: --locked, but %s has no entry for "
				"\"%s\" (%s): the lock would change", r->name, ctx->lock_path, r->links,
				ctx->config->target);
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED,
			"not in the lock for %s", ctx->config->target);
		return true;
	}
	np_trace_note(step, "entry: %s %s via %s (%s)", e->res.name,
		e->res.version ? e->res.version : "(version unknown)", np_method_name(e->res.method),
		np_link_name(e->res.link));
	if (ctx->consumer) {
		if (!consumer_answer(ctx, req, e, step, out, err))
			return false;
		*found = true;
		return true;
	}
	why = request_changed(ctx, req, e);
	/* A build that is gone from this cache is built again with the same key: no change. */
	if (why == NULL && (why = files_changed(ctx, e)) != NULL && e->res.build_key) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED, "%s", why);
		free(why);
		return true;
	}
	if (why && !ctx->locked) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED, "%s", why);
		free(why);
		return true;
	}
	changed = why != NULL;
	if (why) {
		/* --locked: remember the change, and go on with the locked answer to find the rest. */
		np_strv_push_owned(&ctx->lock_changes, np_xasprintf("%s: %s", r->name, why));
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED, "%s (--locked)", why);
		free(why);
	}
	np_resolution_copy(out, &e->res);
	out->from_lock = true;
	/* The reuse depends on the recipe, the lock and every file it checked. */
	for (size_t i = 0; i < e->files.n; i++)
		np_inputs_add_file(req->inputs, e->files.v[i].path);
	*found = true;
	if (!changed)
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_ACCEPTED,
			"locked %s %s via %s; %zu file%s unchanged", e->res.name,
			e->res.version ? e->res.version : "(version unknown)", np_method_name(e->res.method),
			e->files.n, e->files.n == 1 ? "" : "s");
	return true;
}

static bool
fingerprint(struct np_resolve_ctx *ctx, const char *path, struct np_lock_entry *e,
	struct np_error *err)
{
	struct np_fingerprint fp;

	for (size_t i = 0; i < e->files.n; i++)
		if (strcmp(e->files.v[i].path, path) == 0)
			return true;
	if (!np_fingerprint_file(ctx->stats, path, &fp, err))
		return false;
	np_fingerprints_push(&e->files, &fp);
	return true;
}

struct np_lock_entry *
np_lock_entry_make(struct np_resolve_ctx *ctx, const struct np_resolution *res,
	const struct np_resolution_set *set, struct np_error *err)
{
	const struct np_lock_entry *old = ctx->lock ? np_lock_find(ctx->lock, ctx->config->target,
		res->links) : NULL;
	struct np_lock_entry *e = np_xcalloc(1, sizeof *e);
	bool ok = true;

	e->target = np_xstrdup(ctx->config->target);
	np_resolution_copy(&e->res, res);
	e->res.from_lock = false;
	/* Entries list no inputs: a reuse reads its own (see core/lock.h). */
	np_inputs_release(&e->res.inputs);
	if (res->from_lock && old) {
		/* Reused: what was recorded still holds (that is why it was reused). */
		e->recipe_sha256 = old->recipe_sha256 ? np_xstrdup(old->recipe_sha256) : NULL;
		e->toolchain = old->toolchain ? np_xstrdup(old->toolchain) : NULL;
		np_kv_copy(&e->dep_ids, &old->dep_ids);
		for (size_t i = 0; i < old->files.n; i++) {
			struct np_fingerprint fp;
			np_fingerprint_copy(&fp, &old->files.v[i]);
			np_fingerprints_push(&e->files, &fp);
		}
		return e;
	}
	if (res->recipe) {
		char sha[NP_HASH_HEX_LEN + 1];
		if (!np_fingerprint_digest(ctx->stats, res->recipe, sha, err))
			goto fail;
		e->recipe_sha256 = np_xstrdup(sha);
	}
	if (res->method == NP_METHOD_PROBE || res->method == NP_METHOD_CACHE ||
		res->method == NP_METHOD_BUILD) {
		struct np_inputs ignored = {0};
		const char *id = np_build_compiler_id(ctx, &ignored, err);
		np_inputs_release(&ignored);
		if (id == NULL)
			goto fail;
		/* The compiler, then what the toolchain sets beyond the host's defaults (none: the
		 * compiler alone, as before). */
		e->toolchain = ctx->toolchain && *ctx->toolchain->identity ?
			np_xasprintf("%s\n%s", id, ctx->toolchain->identity) : np_xstrdup(id);
	}
	for (size_t i = 0; i < res->deps.n; i++) {
		const struct np_resolution *dep = np_resolution_set_find(set, res->deps.v[i]);
		char *id = dep ? np_resolution_identity(dep) : np_xstrdup("unresolved");
		np_kv_set(&e->dep_ids, res->deps.v[i], id);
		free(id);
	}
	for (size_t i = 0; i < res->lib_files.n && ok; i++)
		ok = fingerprint(ctx, res->lib_files.v[i], e, err);
	if (ok && res->pc_file)
		ok = fingerprint(ctx, res->pc_file, e, err);
	for (size_t i = 0; i < res->header_files.n && ok; i++)
		ok = fingerprint(ctx, res->header_files.v[i], e, err);
	if (ok)
		return e;
fail:
	np_error_prefix(err, "%s: locking", res->name);
	np_lock_entry_free(e);
	return NULL;
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool
np_lock_entry_current(const struct np_resolve_ctx *ctx, const struct np_resolution *res)
{
	const struct np_lock_entry *old;

	if (!res->from_lock || ctx->lock == NULL)
		return false;
	old = np_lock_find(ctx->lock, ctx->config->target, res->links);
	if (old == NULL || !same_str(old->res.name, res->name) ||
		!np_strv_equal(&old->res.requested_by, &res->requested_by) ||
		!same_str(old->res.range, res->range) || !same_str(old->res.mode, res->mode) ||
		!np_strv_equal(&old->res.aliases, &res->aliases))
		return false;
	return true;
}
