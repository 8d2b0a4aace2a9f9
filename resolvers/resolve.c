/* resolve: dependency order, settings, modes and the resolver chain. */
#include "resolvers/resolve.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/name.h"
#include "core/version.h"
#include "core/text.h"
#include "core/fs.h"
#include "core/linkage.h"
#include "resolvers/build.h"
#include "resolvers/builders.h"

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
	free(req->runpath_origin);
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
	/* An optional dependency is used when it is there; nothing builds it unless told to. */
	if (value == NULL && np_plan_node_optional(node)) {
		value = np_xstrdup("system");
		origin = np_xasprintf("an optional dependency of %s", node->req[0].who);
	}
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

	np_config_get(ctx->config, req->inputs, step, r->name, NP_SETTING_RUNPATH, &value,
		&req->runpath_origin);
	req->runpath = true;
	if (value && !np_setting_parse_bool(value, &req->runpath)) {
		np_error_set(err, NP_EXIT_INPUT, "%s: runpath \"%s\" from %s: expected 1, 0, true, "
			"false, yes, no, on or off", r->name, value, req->runpath_origin);
		free(value);
		return false;
	}
	free(value);
	if (!req->runpath)
		np_trace_note(step, "no runtime search path in the outputs (%s)", req->runpath_origin);

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

/* Expands a map of metadata values into out, leaving out (and tracing) what has no value. */
static void
expand_metadata(struct np_resolve_ctx *ctx, const struct np_recipe *r, enum np_method method,
	const struct np_kv *values, const char *component, const struct np_resolution *res,
	struct np_kv *out)
{
	for (size_t i = 0; i < values->keys.n; i++) {
		const char *missing = NULL;
		char *v = expand(values->values.v[i], res, &missing);
		if (v == NULL) {
			struct np_trace_step *s = np_trace_step(&ctx->trace, r->name, "metadata");
			np_trace_verdict(&ctx->trace, r->name, s, NP_VERDICT_INFO,
				"%s%s%s left out: %s has no value for a %s resolution",
				component ? component : "", component ? " " : "", values->keys.v[i], missing,
				np_method_name(method));
			continue;
		}
		np_kv_set(out, values->keys.v[i], v);
		free(v);
	}
}

/* The file of library lib for the link kind: among the answer's files, else in its directories. */
static char *
component_file(const struct np_resolution *res, const char *lib)
{
	char *base = np_xasprintf("lib%s.%s", lib, res->link == NP_LINK_STATIC ? "a" : "so");
	char *found = NULL;

	for (size_t i = 0; i < res->lib_files.n && found == NULL; i++)
		if (strcmp(np_path_basename(res->lib_files.v[i]), base) == 0)
			found = np_xstrdup(res->lib_files.v[i]);
	for (size_t i = 0; i < res->lib_dirs.n && found == NULL; i++) {
		char *path = np_path_join(res->lib_dirs.v[i], base);
		if (np_fs_is_file(path))
			found = path;
		else
			free(path);
	}
	free(base);
	return found;
}

/*
 * The answer's components: the recipe's (those whose library this answer links, and the others
 * whose file is there), each with its file, its definitions for the link kind and the
 * dependencies it needs; a library named only by an override (_LIBS), or the one library of a
 * recipe-less package, is a component of its own. Adds their definitions to the answer's
 * flags, their files to its files, and names the main component's file as the answer's dylib.
 */
static void
answer_components(const struct np_recipe *r, const struct np_request *req,
	struct np_resolution *res, const struct np_resolution_set *set)
{
	bool want_static = req->link == NP_LINK_STATIC;
	const struct np_component *main_c = NULL;
	struct np_strv defs = {0};

	for (size_t i = 0; i < r->components.n; i++) {
		const struct np_component *rc = &r->components.v[i];
		bool linked = np_strv_contains(&req->libs, rc->lib);
		char *file = component_file(res, rc->lib);
		struct np_component *c;
		if (!linked && (file == NULL || rc->is_default)) {
			free(file);
			continue;
		}
		c = np_components_add(&res->components, rc->name);
		c->lib = np_xstrdup(rc->lib);
		c->file = file;
		c->pc_module = rc->pc_module ? np_xstrdup(rc->pc_module) : NULL;
		np_strv_copy(&c->pc_aliases, &rc->pc_aliases);
		np_strv_copy(&c->cmake_targets, &rc->cmake_targets);
		np_strv_copy(&c->definitions, &rc->definitions);
		if (want_static)
			for (size_t k = 0; k < rc->static_definitions.n; k++)
				np_strv_push_unique(&c->definitions, rc->static_definitions.v[k]);
		c->is_default = linked;
		c->has_dependencies = true;
		/* Given, it names what it needs; else it needs every dependency consumers link. */
		if (rc->has_dependencies) {
			for (size_t k = 0; k < rc->dependencies.n; k++) {
				const struct np_component *ignored;
				if (np_component_dep(set, rc->dependencies.v[k], &ignored))
					np_strv_push(&c->dependencies, rc->dependencies.v[k]);
			}
		} else {
			np_strv_copy(&c->dependencies, &res->deps);
		}
		if (file && !np_strv_contains(&res->lib_files, file))
			np_strv_push(&res->lib_files, file);
		if (main_c == NULL && linked)
			main_c = rc;
	}
	/* A component's requirements that did not make it into the answer are dropped. */
	for (size_t i = 0; i < res->components.n; i++) {
		struct np_strv kept = {0};
		const struct np_component *rc = np_components_find(&r->components, res->components.v[i].name);
		for (size_t k = 0; rc && k < rc->requires.n; k++)
			if (np_components_find(&res->components, rc->requires.v[k]))
				np_strv_push(&kept, rc->requires.v[k]);
		np_strv_release(&res->components.v[i].requires);
		res->components.v[i].requires = kept;
	}
	/* Libraries with no component of their own: an override's, or a recipe-less package's. */
	for (size_t i = 0; i < req->libs.n; i++) {
		const char *lib = req->libs.v[i];
		struct np_component *c;
		if (np_components_find_lib(&res->components, lib) || np_name_file_problem(lib) ||
			np_components_find(&res->components, lib))
			continue;
		c = np_components_add(&res->components, lib);
		c->lib = np_xstrdup(lib);
		c->file = component_file(res, lib);
		c->has_dependencies = true;
		np_strv_copy(&c->dependencies, &res->deps);
		for (size_t k = i + 1; k < req->libs.n; k++)
			if (!np_name_file_problem(req->libs.v[k]))
				np_strv_push(&c->requires, req->libs.v[k]);
	}
	if (res->components.n == 0 && r->implicit && res->libs.n) {
		struct np_component *c = np_components_add(&res->components, res->libs.v[0]);
		if (!np_name_file_problem(res->libs.v[0])) {
			c->lib = np_xstrdup(res->libs.v[0]);
			c->file = component_file(res, res->libs.v[0]);
			c->has_dependencies = true;
		} else {
			np_components_release(&res->components);
		}
	}
	/* The package's own definitions, and its default components', reach every consumer. */
	np_strv_copy(&defs, &r->definitions);
	if (want_static)
		np_strv_copy(&defs, &r->static_definitions);
	for (size_t i = 0; i < res->components.n; i++)
		if (res->components.v[i].is_default)
			np_strv_copy(&defs, &res->components.v[i].definitions);
	for (size_t i = 0; i < defs.n; i++) {
		char *arg = np_xasprintf("-D%s", defs.v[i]);
		np_strv_push_unique(&res->cflags, arg);
		free(arg);
	}
	np_strv_release(&defs);
	/* The main component is the first declared: its shared object is the answer's dylib. */
	if (main_c && !want_static && req->libs.n && strcmp(req->libs.v[0], main_c->lib) != 0) {
		const struct np_component *c = np_components_find(&res->components, main_c->name);
		if (c && c->file) {
			free(res->dylib);
			res->dylib = np_xstrdup(c->file);
		}
	}
}

/* Fills what every method shares: identity, dependencies, metadata, inputs. */
static void
finish(struct np_resolve_ctx *ctx, const struct np_recipe *r, const struct np_request *req,
	enum np_method method, struct np_resolution *res, const struct np_resolution_set *set)
{
	bool own_module = false;

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
	/* With components that have modules of their own, the package has one only if it says so. */
	for (size_t i = 0; i < r->components.n; i++)
		own_module = own_module || r->components.v[i].pc_module;
	if (r->pc_export || !own_module)
		res->pc_module = np_xstrdup(r->pc_export ? r->pc_export : r->name);
	np_strv_copy(&res->pc_aliases, &r->pc_aliases);
	if (r->cmake_package) {
		res->cmake_package = np_xstrdup(r->cmake_package);
		res->cmake_prefix = np_xstrdup(r->cmake_prefix ? r->cmake_prefix : r->cmake_package);
		res->cmake_compat = np_xstrdup(r->cmake_compatibility ? r->cmake_compatibility
								     : "SameMajorVersion");
		np_strv_copy(&res->cmake_aliases, &r->cmake_aliases);
	}
	np_strv_copy(&res->features, &r->features_selected);
	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const char *name = r->dependencies.keys.v[i];
		const struct np_resolution *dep = np_resolution_set_find(set, name);
		/* A build-only dependency is the build's alone; an optional one not found is none. */
		if (strcmp(np_recipe_dependency_kind(r, name), "build") == 0 ||
			(dep == NULL && strcmp(np_recipe_dependency_kind(r, name), "optional") == 0))
			continue;
		np_strv_push(&res->deps, name);
		/* pkg-config's closure already holds Requires.private; the others add their deps'. */
		if (dep && method != NP_METHOD_PKG_CONFIG) {
			/*
			 * A static answer links its dependencies as the workspace does: a static one by
			 * its archives, a shared one as its answer says, runtime search path included
			 * (its static closure would link the shared object with none).
			 */
			const struct np_strv *closure = req->link == NP_LINK_STATIC &&
				dep->link == NP_LINK_SHARED ? &dep->ldflags : &dep->static_ldflags;
			for (size_t k = 0; k < closure->n; k++)
				np_strv_push(&res->static_ldflags, closure->v[k]);
			if (req->link == NP_LINK_STATIC)
				np_strv_copy(&res->ldflags, closure);
			/* Its headers include the dependency's (vorbis/codec.h: ogg/ogg.h), as a .pc's
			 * Requires brings the dependency's Cflags: a consumer compiles with both. */
			for (size_t k = 0; k < dep->cflags.n; k++)
				np_strv_push_unique(&res->cflags, dep->cflags.v[k]);
		}
	}
	answer_components(r, req, res, set);
	np_linkage_apply(res, set, &ctx->loader, req->runpath);
	expand_metadata(ctx, r, method, &r->metadata, NULL, res, &res->metadata);
	for (size_t i = 0; i < res->components.n; i++) {
		const struct np_component *rc = np_components_find(&r->components,
			res->components.v[i].name);
		if (rc)
			expand_metadata(ctx, r, method, &rc->metadata, rc->name, res,
				&res->components.v[i].metadata);
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

/*
 * Tries the resolvers in order until one finds the package. When the build resolver leaves a
 * job (ctx->deferred), the chain stops there: the scheduler runs it and finishes.
 */
static bool
run_chain(struct np_resolve_ctx *ctx, const struct np_recipe *r, struct np_request *req,
	struct np_resolution *res, enum np_method *method, struct np_error *err)
{
	struct np_buf tried = {0};
	bool found = false;
	/* A consumer asks the lock first: its answer is the workspace's, whatever this process's
	 * overrides say (the lock resolver warns when they disagree). */
	size_t order[sizeof chain / sizeof *chain];

	for (size_t k = 0; k < sizeof chain / sizeof *chain; k++)
		order[k] = k;
	if (ctx->consumer)
		order[0] = 1, order[1] = 0;
	for (size_t k = 0, i; k < sizeof chain / sizeof *chain; k++) {
		bool allowed;
		i = order[k];
		allowed = req->mode == NP_MODE_AUTO ||
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
		if (ctx->deferred) {
			np_buf_release(&tried);
			return true;
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

/* One package of the plan while it is being resolved. */
struct node_run {
	const struct np_plan_node *node;
	enum { RUN_WAITING, RUN_READY, RUN_BUILDING, RUN_DONE, RUN_FAILED } state;
	size_t *deps; /* positions in the plan of the packages it depends on */
	size_t ndeps;
	struct np_request req;
	struct np_inputs inputs;
	struct np_resolution *res;
	char *requesters;
	struct np_build_job *job;
	const struct np_resolution *added; /* the answer, once in the set */
	struct np_error fetch_err; /* the prefetch of its source failed: the build's answer */
};

static void
end_node(struct np_resolve_ctx *ctx, struct node_run *n)
{
	if (n->res) {
		np_resolution_release(n->res);
		free(n->res);
		n->res = NULL;
	}
	free(n->requesters);
	n->requesters = NULL;
	release_request(&n->req);
	memset(&n->req, 0, sizeof n->req);
	if (ctx->keep_seen)
		np_inputs_merge(&ctx->seen, &n->inputs);
	np_inputs_release(&n->inputs);
	np_build_job_free(n->job);
	n->job = NULL;
	np_error_release(&n->fetch_err);
}

/* The answer found: completed and added to set. */
static void
found_node(struct np_resolve_ctx *ctx, struct node_run *n, enum np_method method,
	struct np_resolution_set *set)
{
	finish(ctx, &n->node->recipe, &n->req, method, n->res, set);
	record_request(n->node, &n->req, n->res);
	np_inputs_merge(&n->res->inputs, &n->inputs);
	np_resolution_set_add(set, n->res);
	n->added = n->res;
	n->res = NULL;
	n->state = RUN_DONE;
	end_node(ctx, n);
}

/* Reads the settings and runs the chain: found, or a build left to run (RUN_READY). */
static bool
begin_node(struct np_resolve_ctx *ctx, struct node_run *n, struct np_resolution_set *set,
	struct np_error *err)
{
	const struct np_plan_node *node = n->node;
	enum np_method method = NP_METHOD_NONE;

	np_inputs_merge(&n->inputs, &node->inputs);
	n->requesters = describe_requesters(node);
	n->req.recipe = &node->recipe;
	n->req.resolved = set;
	n->req.inputs = &n->inputs;
	n->req.range = node->range;
	n->req.requesters = n->requesters;
	if (!read_settings(ctx, node, &n->req, err))
		return false;
	n->res = np_xcalloc(1, sizeof *n->res);
	if (!run_chain(ctx, &node->recipe, &n->req, n->res, &method, err))
		return false;
	if (ctx->deferred) {
		n->job = ctx->deferred;
		ctx->deferred = NULL;
		/* A consumer's command answers; building is `resolve`'s to do (DESIGN §4). */
		if (ctx->consumer)
			return np_error_set(err, NP_EXIT_FAILURE, "%s is not resolved in this workspace "
				"and would have to be built: run 'nativepkg resolve %s' first", node->name,
				node->name);
		n->state = RUN_READY;
		return true;
	}
	found_node(ctx, n, method, set);
	return true;
}

/* A build that ran: its answer, checked like any other candidate. */
static bool
built_node(struct np_resolve_ctx *ctx, struct node_run *n, enum np_build_outcome outcome,
	struct np_resolution_set *set, struct np_error *err)
{
	const struct np_recipe *r = &n->node->recipe;
	enum np_method method = outcome == NP_BUILD_BUILT ? NP_METHOD_BUILD : NP_METHOD_CACHE;
	bool found = true;

	if (!np_build_job_finish(ctx, n->job, outcome, n->res, err) ||
		!checked(ctx, &n->req, method, n->res, &found, err))
		return false;
	if (!found) {
		const struct np_trace_step *s = np_build_job_step(n->job);
		return np_error_set(err, NP_EXIT_FAILURE, "%s: the build is not usable: %s", r->name,
			s->reason ? s->reason : "rejected");
	}
	found_node(ctx, n, method, set);
	return true;
}

static bool
deps_done(const struct node_run *runs, const struct node_run *n)
{
	for (size_t i = 0; i < n->ndeps; i++)
		if (runs[n->deps[i]].state != RUN_DONE)
			return false;
	return true;
}

/*
 * The job budget: a build gets an equal share of the free jobs among the builds ready to
 * start (at least one); none starts when none is free, so the total is never exceeded.
 */
static unsigned
share(unsigned budget, unsigned used, size_t ready)
{
	unsigned free_jobs = budget > used ? budget - used : 0, s;

	if (free_jobs == 0 || ready == 0)
		return 0;
	s = free_jobs / (unsigned)ready;
	return s ? s : 1;
}

/* Whether a package's settings say mode build (read without recording: nothing is decided). */
static bool
set_to_build(struct np_resolve_ctx *ctx, const struct np_plan_node *node)
{
	struct np_inputs scratch = {0};
	enum np_mode mode = NP_MODE_AUTO;
	char *value = NULL, *origin = NULL;

	np_config_get(ctx->config, &scratch, NULL, node->name, NP_SETTING_MODE, &value, &origin);
	if (value && !np_setting_parse_mode(value, &mode))
		mode = NP_MODE_AUTO;
	free(value), free(origin);
	np_inputs_release(&scratch);
	return mode == NP_MODE_BUILD;
}

/*
 * The sources of the builds about to start, and of the packages waiting on them that are set
 * to build, downloaded together; a package that may still be found installed is not
 * downloaded for nothing. A failure (after the fetch's own tries and mirrors) is kept as that
 * package's answer, reported once when its build would start: the build does not fetch it
 * again. Not with a binary cache, whose restore needs no source.
 */
static void
prefetch(struct np_resolve_ctx *ctx, struct node_run *runs, size_t n)
{
	struct np_fetch_item *items;
	size_t *of, k = 0;

	if (ctx->remotes.n || ctx->fetch.offline || ctx->no_local_build || ctx->cache.root == NULL)
		return;
	items = np_xcalloc(n, sizeof *items);
	of = np_xcalloc(n, sizeof *of);
	for (size_t i = 0; i < n; i++) {
		const struct np_recipe *r = &runs[i].node->recipe;
		char *dest;
		if (runs[i].state != RUN_READY &&
			(runs[i].state != RUN_WAITING || !set_to_build(ctx, runs[i].node)))
			continue;
		if (r->implicit || r->urls.n == 0 || r->build_system == NP_BUILD_SYSTEM_NONE ||
			!np_recipe_sha256_known(r))
			continue;
		dest = np_cache_download(&ctx->cache, r->sha256);
		if (!np_fs_exists(dest) && !np_error_isset(&runs[i].fetch_err)) {
			of[k] = i;
			items[k++] = (struct np_fetch_item){.what = r->name, .urls = &r->urls,
				.sha256 = r->sha256};
		}
		free(dest);
	}
	if (k > 1 && !np_fetch_files(&ctx->fetch, items, k))
		for (size_t i = 0; i < k; i++)
			if (np_error_isset(&items[i].err))
				np_error_set(&runs[of[i]].fetch_err, items[i].err.code, "%s", items[i].err.msg);
	for (size_t i = 0; i < k; i++) {
		free(items[i].path);
		np_error_release(&items[i].err);
	}
	free(items);
	free(of);
}

/*
 * The scheduler: packages start in plan order once their dependencies are done; a package to
 * build waits for its share of the job budget and runs in a builder process while the others
 * go on. On a failure nothing new starts, running builds finish, and the first error is the
 * answer. The resolutions end up in plan order whatever order they finished in.
 */
static bool
schedule(struct np_resolve_ctx *ctx, const struct np_plan *plan, struct node_run *runs,
	struct np_resolution_set *set, struct np_error *err)
{
	struct np_builders builders = {0};
	struct np_error first = {0};
	size_t cursor = 0, ready = 0;

	for (;;) {
		size_t newly_ready = 0;

		/* Start what can start. */
		for (size_t i = cursor; i < plan->n && !np_error_isset(&first); i++) {
			struct node_run *n = &runs[i];
			struct np_error e = {0};
			if (n->state != RUN_WAITING || !deps_done(runs, n))
				continue;
			if (!begin_node(ctx, n, set, &e)) {
				/* Not found, and only optional: its requesters go on without it. */
				if (e.code == NP_EXIT_FAILURE && np_plan_node_optional(n->node)) {
					struct np_trace_step *st = np_trace_step(&ctx->trace, n->node->name,
						"optional");
					np_trace_verdict(&ctx->trace, n->node->name, st, NP_VERDICT_INFO,
						"not found: %s goes on without it", n->node->req[0].who);
					np_error_release(&e);
					n->state = RUN_DONE;
					end_node(ctx, n);
					continue;
				}
				np_error_set(&first, e.code, "%s", e.msg);
				np_error_release(&e);
				n->state = RUN_FAILED;
				break;
			}
			if (n->state == RUN_READY)
				newly_ready++;
		}
		ready += newly_ready;
		while (cursor < plan->n && runs[cursor].state == RUN_DONE)
			cursor++;
		if (newly_ready && !np_error_isset(&first))
			prefetch(ctx, runs, plan->n);
		if (ready && ctx->jobs == 0) {
			long cores = sysconf(_SC_NPROCESSORS_ONLN);
			ctx->jobs = cores > 0 ? (unsigned)cores : 1;
		}
		for (size_t i = cursor; i < plan->n && ready && !np_error_isset(&first); i++) {
			unsigned jobs = share(ctx->jobs, builders.used, ready);
			if (jobs == 0)
				break;
			if (runs[i].state != RUN_READY)
				continue;
			if (np_error_isset(&runs[i].fetch_err)) {
				/* Its source could not be had: failed, as its build would, once. */
				runs[i].state = RUN_FAILED;
				np_error_set(&first, runs[i].fetch_err.code, "%s", runs[i].fetch_err.msg);
				ready--;
				break;
			}
			if (!np_builders_start(ctx, &builders, runs[i].job, jobs, &runs[i], &first)) {
				runs[i].state = RUN_FAILED;
				break;
			}
			runs[i].state = RUN_BUILDING;
			ready--;
		}
		if (builders.n == 0)
			break;
		{
			struct np_error e = {0};
			enum np_build_outcome outcome;
			bool ok = false;
			struct node_run *n = np_builders_wait(ctx, &builders, &ok, &outcome, &e);
			if (n == NULL) {
				/* Cannot wait (poll failed): the builds are stopped; each commits by one
				 * rename, so none is left half-written. */
				if (!np_error_isset(&first))
					np_error_set(&first, NP_EXIT_FAILURE, "cannot wait for the builds: %s",
						strerror(errno));
				np_builders_abandon(&builders);
				break;
			}
			if (ok && !np_error_isset(&first))
				ok = built_node(ctx, n, outcome, set, &e);
			if (!ok) {
				n->state = RUN_FAILED;
				if (!np_error_isset(&first))
					np_error_set(&first, e.code, "%s", e.msg);
			}
			np_error_release(&e);
		}
	}
	np_builders_abandon(&builders); /* none is left running: this only frees */
	if (np_error_isset(&first)) {
		np_error_set(err, first.code, "%s", first.msg);
		np_error_release(&first);
		return false;
	}
	return true;
}

bool
np_resolve(struct np_resolve_ctx *ctx, const struct np_root *roots, size_t n,
	const struct np_root *limits, size_t m, struct np_resolution_set *set,
	struct np_error *err)
{
	struct np_plan plan;
	struct node_run *runs;
	size_t first = set->n;
	bool ok;

	if (!np_plan_build(ctx, roots, n, limits, m, &plan, err))
		return false;
	runs = np_xcalloc(plan.n ? plan.n : 1, sizeof *runs);
	for (size_t i = 0; i < plan.n; i++) {
		const struct np_recipe *r = &plan.v[i]->recipe;
		runs[i].node = plan.v[i];
		runs[i].deps = np_xcalloc(r->dependencies.keys.n + 1, sizeof *runs[i].deps);
		for (size_t k = 0; k < r->dependencies.keys.n; k++) {
			size_t at = np_index_get(&plan.ix, r->dependencies.keys.v[k]);
			if (at != NP_INDEX_NONE && at != i)
				runs[i].deps[runs[i].ndeps++] = at;
		}
		/* The trace lists packages in plan order whatever order they finish in. */
		np_trace_package(&ctx->trace, plan.v[i]->name);
	}
	ok = schedule(ctx, &plan, runs, set, err);
	/* Builds finish in any order; the answers are kept in plan order. */
	{
		const struct np_resolution **order = np_xcalloc(plan.n + 1, sizeof *order);
		size_t k = 0;
		for (size_t i = 0; i < plan.n; i++)
			if (runs[i].added)
				order[k++] = runs[i].added;
		np_resolution_set_reorder(set, first, order, k);
		free(order);
	}
	for (size_t i = 0; i < plan.n; i++) {
		end_node(ctx, &runs[i]);
		free(runs[i].deps);
	}
	free(runs);
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
	free(ctx->rust_id);
	np_cache_close(&ctx->cache);
	np_strv_release(&ctx->fetch.mirrors);
	np_strv_release(&ctx->update);
	np_strv_release(&ctx->lock_changes);
	free(ctx->fetch.ca_file);
	free(ctx->fetch.netrc_file);
	free(ctx->fetch.token);
	np_remotes_release(&ctx->remotes);
	np_loader_release(&ctx->loader);
	ctx->pkgconfig = NULL;
	ctx->cc = NULL;
	ctx->compiler_id = NULL;
	ctx->rust_id = NULL;
}
