/*
 * lock (resolvers side): turning a fresh answer into a lock entry — the recipe's hash, the
 * toolchain, the dependencies' identities and the fingerprints of its files. The lock
 * resolver itself is declared with the others in resolver.h.
 */
#ifndef NP_RESOLVERS_LOCK_H
#define NP_RESOLVERS_LOCK_H

#include "core/lock.h"
#include "resolvers/resolver.h"

/*
 * The lock entry for res (resolved in set). An answer reused from the lock keeps what its
 * entry recorded; a new one is fingerprinted now. NULL with err when a file cannot be read.
 */
struct np_lock_entry *np_lock_entry_make(struct np_resolve_ctx *ctx,
	const struct np_resolution *res, const struct np_resolution_set *set, struct np_error *err);

/*
 * Whether res, reused from the lock, would make exactly the entry it came from (the same
 * request): a warm run then leaves the lock as it is without building a new one.
 */
bool np_lock_entry_current(const struct np_resolve_ctx *ctx, const struct np_resolution *res);

#endif
