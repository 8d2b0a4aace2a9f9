/*
 * resolve: the driver. Plans the graph (recipes, providers, requesters, the one-copy rules),
 * then for each package in dependency order reads its settings and tries the resolvers in
 * the order its mode allows (DESIGN §4), checking every candidate and recording every step
 * for explain.
 */
#ifndef NP_RESOLVERS_RESOLVE_H
#define NP_RESOLVERS_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/resolution.h"
#include "resolvers/plan.h"
#include "resolvers/resolver.h"

/*
 * Resolves roots[0..n) and everything they depend on into set, in dependency order, with
 * limits[0..m) as extra requests for packages in the graph (see np_plan_build). On failure
 * the packages resolved so far stay in set and err says what failed and why.
 */
bool np_resolve(struct np_resolve_ctx *ctx, const struct np_root *roots, size_t n,
	const struct np_root *limits, size_t m, struct np_resolution_set *set,
	struct np_error *err);

#endif
