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
	{"pkg-config", np_pkgconfig_resolve, NP_METHOD_PKG_CONFIG, true, false},
	{"probe", np_probe_resolve, NP_METHOD_PROBE, true, false},
	{"cache", np_cache_resolve, NP_METHOD_CACHE, false, true},
	{"build", np_build_resolve, NP_METHOD_BUILD, false, true},
};

struct walk {
	struct np_strv stack;     /* packages being resolved, for cycle detection */
	struct np_kv requested_by; /* package -> its first requester */
};

static void
release_request(struct np_request *req)
{
	free(req->root), free(req->root_origin);
	free(req->include_dir), free(req->include_dir_origin);
	free(req->lib_dir), free(req->lib_dir_origin);
	np_strv_release(&req->libs);
	free(req->libs_origin);
}

/* Reads the package's settings (mode, link kind, override) with every source noted. */
static bool
read_settings(struct np_resolve_ctx *ctx, const struct np_recipe *r, struct np_request *req,
	struct np_error *err)
{
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
	req->link = NP_LINK_SHARED;
	if (value) {
		bool st;
		if (!np_setting_parse_bool(value, &st)) {
			np_error_set(err, NP_EXIT_INPUT,
				"%s: static \"%s\" from %s: expected 1, 0, true, false, yes, no, on or off",
				r->name, value, origin);
			free(value), free(origin);
			return false;
		}
		req->link = st ? NP_LINK_STATIC : NP_LINK_SHARED;
	}
	np_trace_note(step, "link %s (%s)", np_link_name(req->link), origin ? origin : "default");
	free(value), free(origin);

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
	np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_INFO, "mode %s, %s link",
		np_mode_name(req->mode), np_link_name(req->link));
	return true;
}

static bool
load_recipe(struct np_resolve_ctx *ctx, const char *name, struct np_recipe *r,
	struct np_inputs *in, struct np_error *err)
{
	struct np_trace_step *step = np_trace_step(&ctx->trace, name, "recipe");
	struct np_strv shadowed = {0};
	char *path = NULL;
	bool ok = true;

	for (size_t i = 0; i < ctx->catalog->dirs.n; i++)
		np_trace_note(step, "search %s (%s)", ctx->catalog->dirs.v[i], ctx->catalog->origins.v[i]);
	if (np_catalog_find(ctx->catalog, name, &path, &shadowed)) {
		np_inputs_add_file(in, path);
		for (size_t i = 0; i < shadowed.n; i++)
			np_trace_note(step, "shadows %s", shadowed.v[i]);
		ok = np_recipe_load(path, r, err);
		if (ok)
			np_trace_verdict(&ctx->trace, name, step, NP_VERDICT_INFO, "%s", path);
	} else if (np_name_valid_package(name)) {
		np_recipe_implicit(name, r);
		np_trace_verdict(&ctx->trace, name, step, NP_VERDICT_INFO,
			"no recipe named %s: resolving the pkg-config module \"%s\"", name, name);
	} else {
		ok = np_error_set(err, NP_EXIT_USAGE,
			"'%s' is not a package name (lower case letters, digits and . _ + -)", name);
	}
	free(path);
	np_strv_release(&shadowed);
	return ok;
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

/* Fills what every method shares: identity, dependencies, metadata, inputs. */
static void
finish(struct np_resolve_ctx *ctx, const struct np_recipe *r, const struct np_request *req,
	enum np_method method, struct np_resolution *res, const struct np_resolution_set *set)
{
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

static char *
describe_requesters(const struct walk *w, const char *name)
{
	const char *by = np_kv_get(&w->requested_by, name);
	return np_xstrdup(by ? by : "the command line");
}

static bool resolve_one(struct np_resolve_ctx *ctx, struct walk *w, const char *name,
	const char *requester, const char *range, struct np_resolution_set *set,
	struct np_error *err);

/* The caller prefixes the error with the requester's name. */
static bool
check_range(const struct np_resolution *res, const char *range, struct np_error *err)
{
	struct np_version_range vr;
	bool ok = true;

	if (range == NULL || res->version == NULL)
		return true;
	if (!np_version_range_parse(range, &vr, NULL))
		return true; /* validated when the recipe was loaded */
	if (!np_version_range_match(&vr, res->version))
		ok = np_error_set(err, NP_EXIT_INPUT, "requires %s %s, but %s %s was resolved (%s)",
			res->name, range, res->name, res->version, np_method_name(res->method));
	np_version_range_release(&vr);
	return ok;
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
			/* A build that finds its work done by another process reports "cache". */
			*method = res->method != NP_METHOD_NONE ? res->method : chain[i].method;
		} else {
			struct np_trace_package *p = np_trace_package(&ctx->trace, r->name);
			const struct np_trace_step *s = p->steps[p->n - 1];
			np_buf_addf(&tried, "\n  %s: %s", chain[i].name, s->reason ? s->reason : "declined");
			np_resolution_release(res);
		}
	}
	if (!found) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: not found (mode %s); tried:%s", r->name,
			np_mode_name(req->mode), np_buf_str(&tried));
	}
	np_buf_release(&tried);
	return found;
}

static bool
resolve_one(struct np_resolve_ctx *ctx, struct walk *w, const char *name, const char *requester,
	const char *range, struct np_resolution_set *set, struct np_error *err)
{
	struct np_resolution *existing = np_resolution_set_find(set, name), *res = NULL, *other;
	struct np_recipe recipe = {0};
	struct np_request req = {0};
	struct np_inputs inputs = {0};
	enum np_method method = NP_METHOD_NONE;
	bool ok = false;

	if (existing)
		return check_range(existing, range, err);
	if (np_strv_contains(&w->stack, name)) {
		char *cycle = np_strv_join(&w->stack, " -> ");
		np_error_set(err, NP_EXIT_INPUT, "dependency cycle: %s -> %s", cycle, name);
		free(cycle);
		return false;
	}
	if (np_kv_get(&w->requested_by, name) == NULL)
		np_kv_set(&w->requested_by, name, requester ? requester : "the command line");

	if (!load_recipe(ctx, name, &recipe, &inputs, err))
		goto out;
	np_strv_push(&w->stack, name);
	for (size_t i = 0; i < recipe.dependencies.keys.n; i++) {
		if (!resolve_one(ctx, w, recipe.dependencies.keys.v[i], name,
			    recipe.dependencies.values.v[i], set, err)) {
			np_error_prefix(err, "%s", name);
			goto pop;
		}
	}

	req.recipe = &recipe;
	req.resolved = set;
	req.inputs = &inputs;
	if (!read_settings(ctx, &recipe, &req, err))
		goto pop;
	res = np_xcalloc(1, sizeof *res);
	if (!run_chain(ctx, &recipe, &req, res, &method, err))
		goto pop;
	finish(ctx, &recipe, &req, method, res, set);
	np_inputs_merge(&res->inputs, &inputs);

	/* One copy per native library: a second package may not claim the same links name. */
	other = np_resolution_set_find_links(set, res->links);
	if (other) {
		char *a = describe_requesters(w, other->name), *b = describe_requesters(w, name);
		np_error_set(err, NP_EXIT_INPUT,
			"two packages link the native library \"%s\": %s (requested by %s) and %s "
			"(requested by %s); choose one", res->links, other->name, a, name, b);
		free(a), free(b);
		goto pop;
	}
	if (!check_range(res, range, err))
		goto pop;
	np_resolution_set_add(set, res);
	res = NULL;
	ok = true;
pop:
	free(w->stack.v[--w->stack.n]);
	w->stack.v[w->stack.n] = NULL;
out:
	if (res) {
		np_resolution_release(res);
		free(res);
	}
	release_request(&req);
	np_recipe_release(&recipe);
	np_inputs_merge(&ctx->seen, &inputs);
	np_inputs_release(&inputs);
	return ok;
}

bool
np_resolve(struct np_resolve_ctx *ctx, char *const *names, size_t n,
	struct np_resolution_set *set, struct np_error *err)
{
	struct walk w = {0};
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++)
		ok = resolve_one(ctx, &w, names[i], NULL, NULL, set, err);
	np_strv_release(&w.stack);
	np_kv_release(&w.requested_by);
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
	free(ctx->fetch.ca_file);
	ctx->pkgconfig = NULL;
	ctx->cc = NULL;
	ctx->compiler_id = NULL;
}
