/* resolve: dependency order, settings, modes and the resolver chain. */
#include "resolvers/resolve.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/name.h"
#include "core/version.h"
#include "core/text.h"

struct resolver {
	const char *name;
	np_resolver_fn fn;
	enum np_method method;
	bool system; /* allowed in mode system (finds installed libraries only) */
	bool build;  /* allowed in mode build */
};

/* DESIGN §4 order. */
static const struct resolver chain[] = {
	{"override", np_override_resolve, NP_METHOD_OVERRIDE, true, true},
	{"lock", np_lock_resolve, NP_METHOD_LOCK, true, true},
	{"pkg-config", np_pkgconfig_resolve, NP_METHOD_PKG_CONFIG, true, false},
	{"probe", np_probe_resolve, NP_METHOD_PROBE, true, false},
	{"cache", np_cache_resolve, NP_METHOD_CACHE, false, true},
	{"build", np_build_resolve, NP_METHOD_BUILD, false, true},
};

static void
release_request(struct np_request *req)
{
	free(req->link_origin);
	free(req->root), free(req->root_origin);
	free(req->include_dir), free(req->include_dir_origin);
	free(req->lib_dir), free(req->lib_dir_origin);
	np_strv_release(&req->libs);
	free(req->libs_origin);
}

/*
 * The link kind: a setting (command line, environment, config files) chooses; a dependent
 * whose recipe needs one kind gets it when nothing chose, and a conflict otherwise.
 */
static bool
choose_link(const struct np_plan_node *node, const char *value, const char *origin,
	struct np_request *req, struct np_error *err)
{
	const struct np_plan_request *need = NULL;

	for (size_t i = 0; i < node->n && need == NULL; i++)
		if (node->req[i].link)
			need = &node->req[i];
	if (value) {
		bool st;
		if (!np_setting_parse_bool(value, &st))
			return np_error_set(err, NP_EXIT_INPUT,
				"%s: static \"%s\" from %s: expected 1, 0, true, false, yes, no, on or off",
				node->name, value, origin);
		req->link = st ? NP_LINK_STATIC : NP_LINK_SHARED;
		req->link_origin = np_xstrdup(origin);
		if (need && strcmp(need->link, np_link_name(req->link)) != 0)
			return np_error_set(err, NP_EXIT_INPUT, "%s: %s needs a %s link, but %s asks for "
				"%s; one workspace links one copy", node->name, need->where, need->link, origin,
				np_link_name(req->link));
	} else if (need) {
		req->link = strcmp(need->link, "static") == 0 ? NP_LINK_STATIC : NP_LINK_SHARED;
		req->link_origin = np_xasprintf("needed by %s", need->where);
	} else {
		req->link = NP_LINK_SHARED;
	}
	return true;
}

/* Reads the package's settings (mode, link kind, override) with every source noted. */
static bool
read_settings(struct np_resolve_ctx *ctx, const struct np_plan_node *node,
	struct np_request *req, struct np_error *err)
{
	const struct np_recipe *r = &node->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "settings");
	char *value, *origin;

	np_config_get(ctx->config, req->inputs, step, r->name, NP_SETTING_MODE, &value, &origin);
	req->mode = NP_MODE_AUTO;
	if (value && !np_setting_parse_mode(value, &req->mode)) {
		np_error_set(err, NP_EXIT_INPUT, "%s: mode \"%s\" from %s: expected auto, system or build",
			r->name, value, origin);
		free(value), free(origin);
		return false;
	}
	np_trace_note(step, "mode %s (%s)", np_mode_name(req->mode), origin ? origin : "default");
	free(value), free(origin);

	np_config_get(ctx->config, req->inputs, step, r->name, NP_SETTING_STATIC, &value, &origin);
	if (!choose_link(node, value, origin, req, err)) {
		free(value), free(origin);
		return false;
	}
	np_trace_note(step, "link %s (%s)", np_link_name(req->link),
		req->link_origin ? req->link_origin : "default");
	free(value), free(origin);
	if (req->range)
		np_trace_note(step, "version \"%s\" (%s)", req->range, req->requesters);

	np_config_get(ctx->config, req->inputs, step, r->name, NP_SETTING_ROOT, &req->root,
		&req->root_origin);
	np_config_get(ctx->config, req->inputs, step, r->name, NP_SETTING_INCLUDE_DIR,
		&req->include_dir, &req->include_dir_origin);
	np_config_get(ctx->config, req->inputs, step, r->name, NP_SETTING_LIB_DIR, &req->lib_dir,
		&req->lib_dir_origin);
	np_config_get(ctx->config, req->inputs, step, r->name, NP_SETTING_LIBS, &value,
		&req->libs_origin);
	if (value)
		np_strv_split(&req->libs, value, " ,:\t");
	else
		np_strv_copy(&req->libs, &r->libs);
	free(value);
	for (size_t i = 0; i < req->libs.n; i++)
		if (!np_name_valid_library(req->libs.v[i]))
			return np_error_set(err, NP_EXIT_INPUT, "%s: \"%s\" from %s is not a library name "
				"(letters, digits and _ . + -, as given to -l)", r->name, req->libs.v[i],
				req->libs_origin);
	np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_INFO, "mode %s, %s link",
		np_mode_name(req->mode), np_link_name(req->link));
	return true;
}

/*
 * Values of recipe metadata may use ${ROOT}, ${INCLUDE}, ${LIB_DIR}, ${VERSION}. Returns NULL
 * (and names the variable in *missing) when one of them has no value for this resolution:
 * "/etc/x.conf" from an empty ${ROOT} would be a wrong answer, not a partial one.
 */
static char *
expand(const char *value, const struct np_resolution *res, const char **missing)
{
	static const char *const names[] = {"${ROOT}", "${INCLUDE}", "${LIB_DIR}", "${VERSION}"};
	struct np_buf b = {0};

	for (const char *p = value; *p;) {
		size_t k = sizeof names / sizeof *names;
		const char *rep = NULL;
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (np_text_starts_with(p, names[i]))
				k = i;
		if (k == sizeof names / sizeof *names) {
			np_buf_addc(&b, *p++);
			continue;
		}
		switch (k) {
		case 0: rep = res->prefix; break;
		case 1: rep = res->include_dirs.n ? res->include_dirs.v[0] : NULL; break;
		case 2: rep = res->lib_dirs.n ? res->lib_dirs.v[0] : NULL; break;
		default: rep = res->version; break;
		}
		if (rep == NULL) {
			*missing = names[k];
			np_buf_release(&b);
			return NULL;
		}
		np_buf_adds(&b, rep);
		p += strlen(names[k]);
	}
	return np_buf_detach(&b);
}

/* What the lock records of how it was asked for. */
static void
record_request(const struct np_plan_node *node, const struct np_request *req,
	struct np_resolution *res)
{
	np_strv_release(&res->aliases);
	np_strv_copy(&res->aliases, &node->aliases);
	np_strv_release(&res->requested_by);
	for (size_t i = 0; i < node->n; i++)
		np_strv_push_unique(&res->requested_by, node->req[i].who);
	qsort(res->requested_by.v, res->requested_by.n, sizeof *res->requested_by.v, np_strv_cmp);
	free(res->range);
	res->range = node->range ? np_xstrdup(node->range) : NULL;
	free(res->mode);
	res->mode = np_xstrdup(np_mode_name(req->mode));
}

/* Fills what every method shares: identity, dependencies, metadata, inputs. */
static void
finish(struct np_resolve_ctx *ctx, const struct np_recipe *r, const struct np_request *req,
	enum np_method method, struct np_resolution *res, const struct np_resolution_set *set)
{
	if (res->from_lock) {
		/* The locked answer is complete; only this run's inputs are added. */
		np_inputs_merge(&res->inputs, &ctx->global_inputs);
		return;
	}
	res->name = np_xstrdup(r->name);
	res->links = np_xstrdup(r->links);
	res->recipe = r->path ? np_xstrdup(r->path) : NULL;
	res->method = method;
	res->link = req->link;
	res->description = r->description ? np_xstrdup(r->description) : NULL;
	res->pc_module = np_xstrdup(r->pc_export ? r->pc_export : r->name);
	if (r->cmake_package) {
		res->cmake_package = np_xstrdup(r->cmake_package);
		res->cmake_prefix = np_xstrdup(r->cmake_prefix ? r->cmake_prefix : r->cmake_package);
		res->cmake_compat = np_xstrdup(r->cmake_compatibility ? r->cmake_compatibility
								     : "SameMajorVersion");
		np_kv_copy(&res->cmake_targets, &r->cmake_targets);
	}
	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const struct np_resolution *dep = np_resolution_set_find(set, r->dependencies.keys.v[i]);
		np_strv_push(&res->deps, r->dependencies.keys.v[i]);
		/* pkg-config's closure already holds Requires.private; the others add their deps'. */
		if (dep && method != NP_METHOD_PKG_CONFIG) {
			for (size_t k = 0; k < dep->static_ldflags.n; k++)
				np_strv_push(&res->static_ldflags, dep->static_ldflags.v[k]);
			if (req->link == NP_LINK_STATIC)
				np_strv_copy(&res->ldflags, &dep->static_ldflags);
		}
	}
	for (size_t i = 0; i < r->metadata.keys.n; i++) {
		const char *missing = NULL;
		char *v = expand(r->metadata.values.v[i], res, &missing);
		if (v == NULL) {
			struct np_trace_step *s = np_trace_step(&ctx->trace, r->name, "metadata");
			np_trace_verdict(&ctx->trace, r->name, s, NP_VERDICT_INFO,
				"%s left out: %s has no value for a %s resolution", r->metadata.keys.v[i],
				missing, np_method_name(method));
			continue;
		}
		np_kv_set(&res->metadata, r->metadata.keys.v[i], v);
		free(v);
	}
	np_inputs_merge(&res->inputs, &ctx->global_inputs);
}

/* Runs the candidate checks on what a resolver found; an override must pass them. */
static bool
checked(struct np_resolve_ctx *ctx, const struct np_request *req, enum np_method method,
	struct np_resolution *res, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_package *p = np_trace_package(&ctx->trace, r->name);
	struct np_trace_step *step = p->steps[p->n - 1];
	char *why = NULL;

	if (res->from_lock)
		return true; /* checked when it was locked */
	if (!np_check_candidate(ctx, req, method, res, step, &why, err))
		return false;
	if (why == NULL)
		return true;
	if (method == NP_METHOD_OVERRIDE) {
		np_error_set(err, NP_EXIT_INPUT, "%s: the override (%s) is not usable: %s", r->name,
			req->root_origin ? req->root_origin : req->lib_dir_origin ? req->lib_dir_origin
									       : req->include_dir_origin, why);
		free(why);
		return false;
	}
	np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED, "%s", why);
	free(why);
	*found = false;
	return true;
}

static bool
run_chain(struct np_resolve_ctx *ctx, const struct np_recipe *r, struct np_request *req,
	struct np_resolution *res, enum np_method *method, struct np_error *err)
{
	struct np_buf tried = {0};
	bool found = false;

	for (size_t i = 0; i < sizeof chain / sizeof *chain; i++) {
		bool allowed = req->mode == NP_MODE_AUTO ||
			(req->mode == NP_MODE_SYSTEM && chain[i].system) ||
			(req->mode == NP_MODE_BUILD && chain[i].build);
		if (found) {
			struct np_trace_step *s = np_trace_step(&ctx->trace, r->name, chain[i].name);
			np_trace_verdict(&ctx->trace, r->name, s, NP_VERDICT_SKIPPED,
				"not tried: an earlier resolver succeeded");
			continue;
		}
		if (!allowed) {
			struct np_trace_step *s = np_trace_step(&ctx->trace, r->name, chain[i].name);
			np_trace_verdict(&ctx->trace, r->name, s, NP_VERDICT_SKIPPED, "not used in mode %s",
				np_mode_name(req->mode));
			continue;
		}
		if (!chain[i].fn(ctx, req, res, &found, err)) {
			np_buf_release(&tried);
			return false;
		}
		if (found) {
			/* A build that finds its work done by another process reports "cache"; a lock
			 * reuse keeps the method that found it. */
			*method = res->method != NP_METHOD_NONE ? res->method : chain[i].method;
			if (!checked(ctx, req, *method, res, &found, err)) {
				np_buf_release(&tried);
				return false;
			}
		}
		if (!found) {
			struct np_trace_package *p = np_trace_package(&ctx->trace, r->name);
			const struct np_trace_step *s = p->steps[p->n - 1];
			np_buf_addf(&tried, "\n  %s: %s", chain[i].name, s->reason ? s->reason : "declined");
			np_resolution_release(res);
		}
	}
	if (!found && req->range)
		np_error_set(err, NP_EXIT_FAILURE, "%s: not found (mode %s; \"%s\" wanted by %s); "
			"tried:%s", r->name, np_mode_name(req->mode), req->range, req->requesters,
			np_buf_str(&tried));
	else if (!found)
		np_error_set(err, NP_EXIT_FAILURE, "%s: not found (mode %s); tried:%s", r->name,
			np_mode_name(req->mode), np_buf_str(&tried));
	np_buf_release(&tried);
	return found;
}

static char *
describe_requesters(const struct np_plan_node *node)
{
	struct np_strv where = {0};
	char *s;

	for (size_t i = 0; i < node->n; i++)
		if (node->req[i].range)
			np_strv_push_unique(&where, node->req[i].where);
	s = np_strv_join(&where, ", ");
	np_strv_release(&where);
	return s;
}

static bool
resolve_node(struct np_resolve_ctx *ctx, const struct np_plan_node *node,
	struct np_resolution_set *set, struct np_error *err)
{
	const struct np_recipe *r = &node->recipe;
	struct np_resolution *res = NULL;
	struct np_request req = {0};
	struct np_inputs inputs = {0};
	enum np_method method = NP_METHOD_NONE;
	char *requesters = describe_requesters(node);
	bool ok = false;

	np_inputs_merge(&inputs, &node->inputs);
	req.recipe = r;
	req.resolved = set;
	req.inputs = &inputs;
	req.range = node->range;
	req.requesters = requesters;
	if (!read_settings(ctx, node, &req, err))
		goto out;
	res = np_xcalloc(1, sizeof *res);
	if (!run_chain(ctx, r, &req, res, &method, err))
		goto out;
	finish(ctx, r, &req, method, res, set);
	record_request(node, &req, res);
	np_inputs_merge(&res->inputs, &inputs);
	np_resolution_set_add(set, res);
	res = NULL;
	ok = true;
out:
	if (res) {
		np_resolution_release(res);
		free(res);
	}
	free(requesters);
	release_request(&req);
	np_inputs_merge(&ctx->seen, &inputs);
	np_inputs_release(&inputs);
	return ok;
}

bool
np_resolve(struct np_resolve_ctx *ctx, const struct np_root *roots, size_t n,
	const struct np_root *limits, size_t m, struct np_resolution_set *set,
	struct np_error *err)
{
	struct np_plan plan;
	bool ok;

	if (!np_plan_build(ctx, roots, n, limits, m, &plan, err))
		return false;
	ok = true;
	for (size_t i = 0; i < plan.n && ok; i++)
		ok = resolve_node(ctx, plan.v[i], set, err);
	np_plan_release(&plan);
	return ok;
}

void
np_resolve_ctx_release(struct np_resolve_ctx *ctx)
{
	np_trace_release(&ctx->trace);
	np_inputs_release(&ctx->global_inputs);
	np_inputs_release(&ctx->seen);
	np_pkgconfig_free(ctx->pkgconfig);
	free(ctx->cc);
	free(ctx->compiler_id);
	np_cache_close(&ctx->cache);
	np_strv_release(&ctx->fetch.mirrors);
	np_strv_release(&ctx->update);
	np_strv_release(&ctx->lock_changes);
	free(ctx->fetch.ca_file);
	free(ctx->fetch.netrc_file);
	free(ctx->fetch.token);
	np_remotes_release(&ctx->remotes);
	ctx->pkgconfig = NULL;
	ctx->cc = NULL;
	ctx->compiler_id = NULL;
}
