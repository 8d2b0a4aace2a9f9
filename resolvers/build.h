/*
 * build (the scheduler's side): the build resolver computes a package's build key and, when no
 * finished build has it, stops there and leaves a job in ctx->deferred. The scheduler
 * (resolve.c) runs the job in a builder process (builders.c), side by side with others, and
 * finishes the resolution from what it reports.
 */
#ifndef NP_RESOLVERS_BUILD_H
#define NP_RESOLVERS_BUILD_H

#include <stdbool.h>

#include "core/error.h"
#include "core/resolution.h"
#include "core/trace.h"
#include "resolvers/resolver.h"

/* A build to run: the key, the final prefix and the request (borrowed from the scheduler). */
struct np_build_job;

/* How the job found its prefix. */
enum np_build_outcome {
	NP_BUILD_BUILT,    /* built here */
	NP_BUILD_REUSED,   /* another process built it while this one waited for the lock */
	NP_BUILD_RESTORED, /* unpacked from a binary cache */
};

/* "zlib 1.3.1": the package and version, for progress lines. */
const char *np_build_job_label(const struct np_build_job *j);
const struct np_recipe *np_build_job_recipe(const struct np_build_job *j);
/* The trace step the job's notes belong to. */
struct np_trace_step *np_build_job_step(const struct np_build_job *j);

/*
 * In the scheduler's process, before the job's builder starts: marks the job's own cache entry
 * (its prefix-to-be, its log) and those of the finished builds it uses (every nativepkg build
 * among the resolutions it was given) as in use until the run ends, so `nativepkg cache clean`
 * removes none of them meanwhile (core/cache.h). Fails when one of those builds was removed
 * since it was resolved.
 */
bool np_build_job_hold(struct np_resolve_ctx *ctx, struct np_build_job *j, struct np_error *err);

/*
 * Runs the job (in a builder process): takes the key's lock (waiting for another process's
 * build), then reuses, restores from a binary cache, or builds with `jobs` parallel jobs and
 * pushes the result. `stage` (optional) is told each stage as it begins: "lock", "restore",
 * "download", "extract", "patch", "configure", "build", "install", "push".
 */
bool np_build_job_run(struct np_resolve_ctx *ctx, struct np_build_job *j, unsigned jobs,
	void (*stage)(void *data, const char *name), void *data, enum np_build_outcome *outcome,
	struct np_error *err);
/* The resolution of a job that ran to `outcome`. */
bool np_build_job_finish(struct np_resolve_ctx *ctx, struct np_build_job *j,
	enum np_build_outcome outcome, struct np_resolution *out, struct np_error *err);
void np_build_job_free(struct np_build_job *j);

/*
 * Whether dir, a prefix staged for the build req asks for (complete, not yet renamed into
 * builds/), holds what the recipe promises: every header of the recipe under dir/include, and
 * every library of req->libs of req's link kind under one of target t's names for it
 * (lib<name>.so, lib<name>.dll.a or lib<name>.a: core/target.h) together in one of dir/lib,
 * dir/lib64, dir/lib/<t's multiarch>. Each must be a regular
 * file, or a symlink that resolves to one inside dir. False with err (NP_EXIT_FAILURE) naming
 * the first thing missing; dir is not changed. Called on every local build and every
 * binary-cache restore before its marker is written.
 */
bool np_build_verify_prefix(const struct np_target *t, const struct np_request *req,
	const char *dir, struct np_error *err);

/*
 * The resolution of the build in `dir`, verified as every build is: the recipe's headers and
 * its libraries of the requested link kind are there (else an error naming what is missing).
 * A binary cache's copy is checked with it before it counts (remote.c).
 */
bool np_build_resolve_prefix(struct np_resolve_ctx *ctx, const struct np_request *req,
	const char *dir, const char *key, enum np_method method, struct np_trace_step *step,
	struct np_resolution *out, struct np_error *err);

/*
 * A trial build of r (`recipe new`): downloaded, extracted, patched, built and installed as
 * every build is, into `prefix` (which must not exist; a fresh path under the cache's tmp/),
 * with the link kind given — but with no key, nothing verified against the recipe (it has
 * nothing to verify yet) and nothing kept in builds/. *log is the build's log (caller frees).
 */
bool np_build_trial(struct np_resolve_ctx *ctx, const struct np_recipe *r, enum np_link link,
	const char *prefix, char **log, struct np_error *err);

#endif
