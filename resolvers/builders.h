/*
 * builders: the builds of one resolution, each in a process of its own, side by side within
 * one job budget. A builder is a fork of this process that runs one build job (build.h) and
 * reports over a pipe — its status lines, stages, download progress, trace notes, warnings,
 * then its result — which the parent hands to the context's callbacks. A builder dies with
 * its parent (PR_SET_PDEATHSIG): a killed nativepkg leaves no builder holding a lock, and its
 * work directory is debris that no one counts as a build.
 */
#ifndef NP_RESOLVERS_BUILDERS_H
#define NP_RESOLVERS_BUILDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "resolvers/build.h"
#include "resolvers/resolver.h"

struct np_builder;

/* Valid when zeroed. */
struct np_builders {
	struct np_builder **v; /* running */
	size_t n;
	size_t cap;
	unsigned used;         /* jobs given to the running builds */
};

/* Starts job in a builder with `jobs` parallel jobs; `owner` comes back from np_builders_wait. */
bool np_builders_start(struct np_resolve_ctx *ctx, struct np_builders *b, struct np_build_job *job,
	unsigned jobs, void *owner, struct np_error *err);
/*
 * Waits until a builder ends, passing on what the running ones report meanwhile; returns its
 * owner, with *ok and *outcome, or its error in err. NULL when none is running.
 */
void *np_builders_wait(struct np_resolve_ctx *ctx, struct np_builders *b, bool *ok,
	enum np_build_outcome *outcome, struct np_error *err);

/* Stops every running builder (SIGKILL), waits for them and forgets them. */
void np_builders_abandon(struct np_builders *b);

#endif
