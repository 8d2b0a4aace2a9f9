/*
 * plan: the graph of one resolution, worked out before anything is resolved — which recipe
 * answers each name (a provider chosen in the configuration stands in for the package it
 * provides), who asks for each package and how, in dependency order. The one-copy rules are
 * checked here, so a conflict is reported before any work, naming both requesters: two
 * packages with the same links name, version ranges that no version satisfies together, and
 * requesters that need different link kinds.
 */
#ifndef NP_RESOLVERS_PLAN_H
#define NP_RESOLVERS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/inputs.h"
#include "core/recipe.h"
#include "core/strv.h"
#include "resolvers/resolver.h"

/* A package asked for from outside the graph: the command line or the manifest. */
struct np_root {
	const char *name;
	const char *range; /* NULL: any version */
	const char *who;   /* "command line", "nativepkg.json" (what the lock records) */
	const char *where; /* for messages: "the command line", "/ws/nativepkg.json:3:5" */
};

struct np_plan_request {
	char *who;   /* "command line", "nativepkg.json" or the requesting package */
	char *where; /* the same, with its place where there is one */
	char *range; /* NULL: any version */
	char *link;  /* "static" or "shared" when the requester needs one, else NULL */
	bool optional; /* the requester goes on without it ("kind": "optional") */
};

struct np_plan_node {
	char *name;               /* the package used: a provider's name when one stands in */
	struct np_strv aliases;   /* the other names it answers for */
	struct np_recipe recipe;
	struct np_plan_request *req;
	size_t n;
	size_t cap;
	char *range;              /* every requester's range together; NULL: any version */
	struct np_inputs inputs;  /* read while planning: recipe files, provider settings */
	bool done;                /* its dependencies are planned */
};

/* Nodes in dependency order: every package after the packages it depends on. */
struct np_plan {
	struct np_plan_node **v;
	size_t n;
	size_t cap;
	struct np_index ix; /* names and aliases -> position */
};

/*
 * Plans roots[0..n) and everything they depend on. `limits` (m of them, optional) are requests
 * that are not roots: each applies to its package only if the graph holds it — the workspace
 * manifest's ranges when a consumer asks for one package.
 */
bool np_plan_build(struct np_resolve_ctx *ctx, const struct np_root *roots, size_t n,
	const struct np_root *limits, size_t m, struct np_plan *out, struct np_error *err);
/* Whether every requester of n can go on without it (optional dependencies only). */
bool np_plan_node_optional(const struct np_plan_node *n);
/* The node answering for name (its own or an alias). Borrowed; NULL when absent. */
struct np_plan_node *np_plan_find(const struct np_plan *p, const char *name);
void np_plan_release(struct np_plan *p);

#endif
