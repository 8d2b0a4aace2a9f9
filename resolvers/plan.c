/* plan: recipes, providers, requesters and the one-copy rules, before resolving. */
#include "resolvers/plan.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/feature.h"
#include "core/name.h"
#include "core/version.h"

struct walk {
	struct np_resolve_ctx *ctx;
	struct np_plan all;   /* every node, in discovery order (owns them) */
	struct np_plan *out;  /* dependency order (borrows) */
	struct np_strv stack; /* packages being planned, for cycle messages */
};

static struct np_plan_node *
find(const struct np_plan *p, const char *name)
{
	size_t i = np_index_get(&p->ix, name);
	return i == NP_INDEX_NONE ? NULL : p->v[i];
}

/* Makes name (the node's own or an alias) find the node at position i. */
static void
name_node(struct np_plan *p, const char *name, size_t i)
{
	np_index_put(&p->ix, name, i);
}

struct np_plan_node *
np_plan_find(const struct np_plan *p, const char *name)
{
	return find(p, name);
}

static void
add_node(struct np_plan *p, struct np_plan_node *n)
{
	p->v = np_xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
	name_node(p, n->name, p->n);
	for (size_t i = 0; i < n->aliases.n; i++)
		name_node(p, n->aliases.v[i], p->n);
	p->v[p->n++] = n;
}

static void
free_node(struct np_plan_node *n)
{
	free(n->name);
	np_strv_release(&n->aliases);
	np_recipe_release(&n->recipe);
	for (size_t i = 0; i < n->n; i++)
		free(n->req[i].who), free(n->req[i].where), free(n->req[i].range), free(n->req[i].link);
	free(n->req);
	free(n->range);
	np_inputs_release(&n->inputs);
	free(n);
}

bool
np_plan_node_optional(const struct np_plan_node *n)
{
	for (size_t i = 0; i < n->n; i++)
		if (!n->req[i].optional)
			return false;
	return n->n > 0;
}

static void
add_request(struct np_plan_node *n, const char *who, const char *where, const char *range,
	const char *link, bool optional)
{
	struct np_plan_request *r;

	n->req = np_xgrow(n->req, &n->cap, n->n + 1, sizeof *n->req);
	r = &n->req[n->n++];
	r->who = np_xstrdup(who);
	r->where = np_xstrdup(where);
	r->range = range && *range && strcmp(range, "*") != 0 ? np_xstrdup(range) : NULL;
	r->link = link ? np_xstrdup(link) : NULL;
	r->optional = optional;
}

/*
 * The recipe's features for this run: its defaults and the "features" setting, applied to the
 * recipe the rest of the run sees (core/feature.h).
 */
static bool
choose_features(struct np_resolve_ctx *ctx, const char *name, struct np_recipe *r,
	struct np_inputs *in, struct np_trace_step *step, struct np_error *err)
{
	struct np_strv selected = {0};
	char *value = NULL, *origin = NULL;
	bool ok;

	/* Only a recipe with features has a setting to read (and a run to re-run when it changes). */
	if (r->features.n == 0)
		return true;
	np_config_get(ctx->config, in, step, name, NP_SETTING_FEATURES, &value, &origin);
	ok = np_feature_select(r, value, origin, &selected, err);
	if (ok) {
		np_feature_apply(r, &selected);
		if (r->features.n) {
			char *list = np_strv_join(&selected, ", ");
			np_trace_note(step, "features: %s (%s)", selected.n ? list : "none",
				origin ? origin : "the recipe's defaults");
			free(list);
		}
	}
	free(value);
	free(origin);
	np_strv_release(&selected);
	return ok;
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
	/* Only an explanation lists shadowed recipes: finding them costs a stat per directory. */
	if (np_catalog_find(ctx->catalog, name, &path, ctx->trace.detail ? &shadowed : NULL)) {
		np_inputs_add_file(in, path);
		for (size_t i = 0; i < shadowed.n; i++)
			np_trace_note(step, "shadows %s", shadowed.v[i]);
		ok = np_recipe_load_quiet(path, r, err) && choose_features(ctx, name, r, in, step, err);
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

/* The package that answers for name: a configured provider, else name itself. */
static bool
choose_package(struct np_resolve_ctx *ctx, const char *name, struct np_inputs *in,
	char **package, char **origin, struct np_error *err)
{
	struct np_trace_step *step = np_trace_step(&ctx->trace, name, "provider");
	char *value = NULL;

	np_config_get(ctx->config, in, step, name, NP_SETTING_PROVIDER, &value, origin);
	if (value == NULL) {
		np_trace_verdict(&ctx->trace, name, step, NP_VERDICT_SKIPPED, "no provider is chosen");
		*package = np_xstrdup(name);
		return true;
	}
	if (!np_name_valid_package(value)) {
		np_error_set(err, NP_EXIT_INPUT, "%s: provider \"%s\" from %s is not a package name",
			name, value, *origin);
		free(value);
		return false;
	}
	np_trace_verdict(&ctx->trace, name, step, NP_VERDICT_INFO, "%s stands in for %s (%s)", value,
		name, *origin);
	*package = value;
	return true;
}

static bool visit(struct walk *w, const char *name, const char *who, const char *where,
	const char *range, const char *link, bool optional, struct np_error *err);

static bool
plan_new(struct walk *w, struct np_plan_node *node, const char *name, const char *origin,
	struct np_error *err)
{
	const struct np_recipe *r = &node->recipe;

	if (!load_recipe(w->ctx, node->name, &node->recipe, &node->inputs, err))
		return false;
	if (strcmp(name, node->name) != 0 && !np_strv_contains(&r->provides, name))
		return np_error_set(err, NP_EXIT_INPUT, "%s: the provider %s (from %s) does not provide "
			"%s: its recipe's \"provides\" does not list it", name, node->name, origin, name);
	np_strv_push(&w->stack, node->name);
	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const char *dep = r->dependencies.keys.v[i];
		if (!visit(w, dep, node->name, node->name, r->dependencies.values.v[i],
			    np_kv_get(&r->dependency_links, dep),
			    strcmp(np_recipe_dependency_kind(r, dep), "optional") == 0, err))
			return false;
	}
	free(w->stack.v[--w->stack.n]);
	w->stack.v[w->stack.n] = NULL;
	node->done = true;
	add_node(w->out, node);
	return true;
}

static bool
visit(struct walk *w, const char *name, const char *who, const char *where, const char *range,
	const char *link, bool optional, struct np_error *err)
{
	struct np_inputs in = {0};
	struct np_plan_node *node;
	char *package = NULL, *origin = NULL;
	bool ok;

	if (!choose_package(w->ctx, name, &in, &package, &origin, err)) {
		free(origin);
		np_inputs_release(&in);
		return false;
	}
	node = find(&w->all, package);
	if (node && !node->done) {
		char *cycle = np_strv_join(&w->stack, " -> ");
		np_error_set(err, NP_EXIT_INPUT, "dependency cycle: %s -> %s", cycle, package);
		free(cycle);
		ok = false;
	} else if (node) {
		ok = true;
	} else {
		node = np_xcalloc(1, sizeof *node);
		node->name = np_xstrdup(package);
		add_node(&w->all, node);
		ok = true;
	}
	if (ok) {
		np_inputs_merge(&node->inputs, &in);
		if (strcmp(name, package) != 0 && !np_strv_contains(&node->aliases, name)) {
			np_strv_push(&node->aliases, name);
			name_node(&w->all, name, np_index_get(&w->all.ix, package));
			if (node->done)
				name_node(w->out, name, np_index_get(&w->out->ix, package));
		}
		add_request(node, who, where, range, link, optional);
		if (node->n == 1)
			ok = plan_new(w, node, name, origin, err);
	}
	np_inputs_release(&in);
	free(package);
	free(origin);
	return ok;
}

static const char *
first_where(const struct np_plan_node *n)
{
	return n->req[0].where;
}

/* A second package for one links name; the message says how to choose when one provides the other. */
static bool
links_clash(const struct np_plan_node *a, const struct np_plan_node *b, struct np_error *err)
{
	const struct np_plan_node *alt = NULL, *orig = NULL;
	char *hint = NULL, *env;

	if (np_strv_contains(&a->recipe.provides, b->name))
		alt = a, orig = b;
	else if (np_strv_contains(&b->recipe.provides, a->name))
		alt = b, orig = a;
	if (alt) {
		env = np_name_env(orig->name);
		hint = np_xasprintf("; %s provides %s: to use it for every request of %s, set "
			"\"provider\": \"%s\" in the dependency entry for %s in nativepkg.json "
			"(or NATIVEPKG_%s_PROVIDER=%s)", alt->name, orig->name, orig->name, alt->name,
			orig->name, env, alt->name);
		free(env);
	}
	np_error_set(err, NP_EXIT_INPUT, "two packages link the native library \"%s\": %s "
		"(requested by %s) and %s (requested by %s); one workspace links one copy%s",
		a->recipe.links, a->name, first_where(a), b->name, first_where(b),
		hint ? hint : ": choose one");
	free(hint);
	return false;
}

/* One package per links name, found by index: comparing every pair was quadratic. */
static bool
check_links(const struct np_plan *p, struct np_error *err)
{
	struct np_index seen = {0};
	bool ok = true;

	for (size_t i = 0; i < p->n && ok; i++) {
		size_t first = np_index_get(&seen, p->v[i]->recipe.links);
		if (first == NP_INDEX_NONE)
			np_index_put(&seen, p->v[i]->recipe.links, i);
		else
			ok = links_clash(p->v[first], p->v[i], err);
	}
	np_index_release(&seen);
	return ok;
}

static bool
parse_range(const char *text, struct np_version_range *r)
{
	return text == NULL ? (memset(r, 0, sizeof *r), true) : np_version_range_parse(text, r, NULL);
}

/* The requesters' ranges together; two that exclude each other are named. */
static bool
check_ranges(struct np_plan_node *n, struct np_error *err)
{
	struct np_version_range all = {0};
	bool ok = true;

	for (size_t i = 0; i < n->n; i++) {
		struct np_version_range r;
		if (parse_range(n->req[i].range, &r)) {
			np_version_range_add(&all, &r);
			np_version_range_release(&r);
		}
	}
	if (np_version_range_satisfiable(&all)) {
		n->range = all.n ? np_version_range_text(&all) : NULL;
		np_version_range_release(&all);
		return true;
	}
	np_version_range_release(&all);
	for (size_t i = 0; i < n->n && ok; i++) {
		for (size_t j = i + 1; j < n->n && ok; j++) {
			struct np_version_range a, b;
			if (!parse_range(n->req[i].range, &a))
				continue;
			if (parse_range(n->req[j].range, &b)) {
				np_version_range_add(&a, &b);
				if (!np_version_range_satisfiable(&a))
					ok = np_error_set(err, NP_EXIT_INPUT, "%s: no version satisfies every "
						"requester: %s wants \"%s\" and %s wants \"%s\"", n->name,
						n->req[i].where, n->req[i].range, n->req[j].where, n->req[j].range);
				np_version_range_release(&b);
			}
			np_version_range_release(&a);
		}
	}
	if (ok) {
		struct np_buf wants = {0};
		for (size_t i = 0; i < n->n; i++)
			if (n->req[i].range)
				np_buf_addf(&wants, "%s%s wants \"%s\"", wants.len ? ", " : "", n->req[i].where,
					n->req[i].range);
		np_error_set(err, NP_EXIT_INPUT, "%s: no version satisfies every requester: %s", n->name,
			np_buf_str(&wants));
		np_buf_release(&wants);
	}
	return false;
}

static bool
check_links_kinds(const struct np_plan_node *n, struct np_error *err)
{
	const struct np_plan_request *first = NULL;

	for (size_t i = 0; i < n->n; i++) {
		if (n->req[i].link == NULL)
			continue;
		if (first && strcmp(first->link, n->req[i].link) != 0)
			return np_error_set(err, NP_EXIT_INPUT, "%s: requested %s by %s and %s by %s; one "
				"workspace links one copy", n->name, first->link, first->where, n->req[i].link,
				n->req[i].where);
		if (first == NULL)
			first = &n->req[i];
	}
	return true;
}

bool
np_plan_build(struct np_resolve_ctx *ctx, const struct np_root *roots, size_t n,
	const struct np_root *limits, size_t m, struct np_plan *out, struct np_error *err)
{
	struct walk w = {.ctx = ctx, .out = out};
	bool ok = true;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n && ok; i++)
		ok = visit(&w, roots[i].name, roots[i].who, roots[i].where, roots[i].range, NULL, false,
			err);
	for (size_t i = 0; i < m && ok; i++) {
		struct np_plan_node *node = find(out, limits[i].name);
		if (node)
			add_request(node, limits[i].who, limits[i].where, limits[i].range, NULL, false);
	}
	if (ok)
		ok = check_links(out, err);
	for (size_t i = 0; i < out->n && ok; i++)
		ok = check_ranges(out->v[i], err) && check_links_kinds(out->v[i], err);
	/* Every node is in `all`; `out` only borrows. */
	if (!ok) {
		for (size_t i = 0; i < w.all.n; i++)
			free_node(w.all.v[i]);
		free(out->v);
		np_index_release(&out->ix);
		memset(out, 0, sizeof *out);
	}
	free(w.all.v);
	np_index_release(&w.all.ix);
	np_strv_release(&w.stack);
	return ok;
}

void
np_plan_release(struct np_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		free_node(p->v[i]);
	free(p->v);
	np_index_release(&p->ix);
	memset(p, 0, sizeof *p);
}
