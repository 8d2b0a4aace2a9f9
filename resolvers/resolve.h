/*
 * resolve: the driver. For each requested package: find its recipe, resolve its dependencies
 * first, read its settings, and try the resolvers in the order its mode allows (DESIGN §4),
 * recording every step for explain.
 */
#ifndef NP_RESOLVERS_RESOLVE_H
#define NP_RESOLVERS_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/resolution.h"
#include "resolvers/resolver.h"

/*
 * Resolves names[0..n) and everything they depend on into set, in dependency order. On
 * failure the packages resolved so far stay in set and err says what failed and why.
 */
bool np_resolve(struct np_resolve_ctx *ctx, char *const *names, size_t n,
	struct np_resolution_set *set, struct np_error *err);

#endif
