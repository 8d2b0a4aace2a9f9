/*
 * resolver: the one interface every way of finding a package implements (override,
 * pkg-config, probe; later cache and build), and the context they share. A resolver either
 * fills a resolution (*found = true), declines with its reason on the trace (*found = false),
 * or fails (returns false with err set) — a failure stops resolution, a decline does not.
 */
#ifndef NP_RESOLVERS_RESOLVER_H
#define NP_RESOLVERS_RESOLVER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cache.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/error.h"
#include "core/fingerprint.h"
#include "core/inputs.h"
#include "core/loader.h"
#include "core/lock.h"
#include "core/recipe.h"
#include "core/resolution.h"
#include "core/toolchain.h"
#include "core/trace.h"
#include "resolvers/fetch.h"

struct np_pkgconfig;
struct np_build_job;

/* What a running build reports for the progress display (see np_resolve_ctx.job_event). */
enum np_job_event {
	NP_JOB_STAGE, /* the build entered a stage ("configure") */
	NP_JOB_END,   /* the build ended (stage: "done" or "failed") */
	NP_JOB_TICK,  /* nothing happened for a while: redraw elapsed times */
};

/* The file whose presence marks a finished build in the cache (written last, before the rename). */
#define NP_BUILD_MARKER ".nativepkg-build.json"

/* Shared by every resolution in one run. Valid when zeroed, once config/catalog are set. */
struct np_resolve_ctx {
	const struct np_config *config;     /* borrowed */
	const struct np_toolchain *toolchain; /* the target's (borrowed); NULL: the host's defaults */
	const struct np_catalog *catalog;   /* borrowed */
	struct np_trace trace;
	struct np_inputs global_inputs;     /* read for every package (compiler, tmpdir...) */
	struct np_inputs seen;              /* every input of every package tried, even failed ones */
	bool keep_seen;                     /* fill `seen` (nativepkg inputs); no other command pays */
	struct np_pkgconfig *pkgconfig;     /* created on first use */
	char *cc;                           /* probe compiler command ($CC, else "cc") */

	/* Building from source (the cache and build resolvers). */
	struct np_cache cache;              /* opened on first use */
	struct np_fetch fetch;              /* its cache pointer is set when the cache opens */
	unsigned jobs;                      /* the job budget of all builds (NATIVEPKG_JOBS); 0: the
	                                       online cores, counted when a build first needs them */
	unsigned lock_timeout;              /* seconds to wait for another process's build */
	struct np_remotes remotes;          /* binary caches, tried before building (owned) */
	bool no_local_build;                /* `cache pull`: a miss in every binary cache is an error */
	uint64_t max_extract;               /* bytes an archive may expand to */
	char *compiler_id;                  /* part of every build key; computed once */
	char *rust_id;                      /* cargo and rustc, in a cargo build's key (cargo.h) */
	struct np_loader loader;            /* the target loader's default directories (a foreign
	                                       target's: root and multiarch from its sysroot) */
	/* The workspace lock (DESIGN §4 step 2). */
	const struct np_lock *lock;         /* borrowed; NULL or empty: nothing is locked */
	const char *lock_path;              /* for messages */
	struct np_statcache *stats;         /* remembers file hashes; optional */
	bool locked;                        /* --locked: a change to the lock is an error */
	/*
	 * A consumer's command (env, flags, emit, inputs): a locked package is answered from the
	 * lock whatever this process's settings say (they are warned about, or refused with
	 * --locked), and nothing is downloaded or built (DESIGN §4, "Consumers").
	 */
	bool consumer;
	bool update_all;                    /* --update: ignore every lock entry */
	struct np_strv update;              /* --update PKG: ignore these packages' entries */
	struct np_strv lock_changes;        /* --locked: what would change, for the final report */

	/* The build resolver's job for the scheduler (build.h); set instead of an answer. */
	struct np_build_job *deferred;
	long owner_pid;                     /* in a builder process: the nativepkg that started it */

	/* Optional: one line per notable event ("building zlib 1.2.13 (cmake)"). */
	void (*status)(void *data, const char *package, const char *message);
	/* Optional: what each running build is doing; package is "zlib 1.3.1" (NULL for a tick). */
	void (*job_event)(void *data, enum np_job_event e, const char *package, const char *stage);
	void *status_data;
};

/* What one resolver is asked for. Built by the driver (resolve.c). */
struct np_request {
	const struct np_recipe *recipe;
	enum np_mode mode;
	enum np_link link;
	char *link_origin;   /* who chose the link kind; NULL: the default */
	const char *range;   /* every requester's version range together; NULL: any */
	const char *requesters; /* "nativepkg.json:3:5, libpng", for messages */
	/* Override settings (NULL when unset) and where each came from. */
	char *root, *root_origin;
	char *include_dir, *include_dir_origin;
	char *lib_dir, *lib_dir_origin;
	struct np_strv libs; /* library names: _LIBS override, else the recipe's */
	char *libs_origin;
	bool runpath;        /* outputs carry a runtime search path (NATIVEPKG_RUNPATH, default on) */
	char *runpath_origin;
	/* Resolutions of the recipe's dependencies, already done. Borrowed. */
	const struct np_resolution_set *resolved;
	struct np_inputs *inputs; /* the resolution's input record */
};

typedef bool (*np_resolver_fn)(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err);

bool np_lock_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err);
bool np_override_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err);
bool np_pkgconfig_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err);
bool np_probe_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err);
/*
 * build.c: a finished build with the same key, and building from source. The build resolver
 * declines with a job in ctx->deferred when there is something to build (see build.h).
 */
bool np_cache_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err);
bool np_build_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err);
/*
 * Downloads the recipes' sources into the cache, concurrently (nativepkg fetch). fetched[i]
 * says which are there (a recipe without a source counts); err is the first failure's.
 */
bool np_build_fetch(struct np_resolve_ctx *ctx, const struct np_recipe *recipes, size_t n,
	bool *fetched, struct np_error *err);
/* Opens the cache on first use. */
bool np_build_cache(struct np_resolve_ctx *ctx, struct np_inputs *in, struct np_error *err);

/*
 * Reads the recipe's version macro by preprocessing its headers with include_dirs searched
 * first (probe.c). *version is NULL when the recipe names no macro or it is undefined;
 * headers (optional) receives the files the recipe's headers were found in.
 */
bool np_probe_read_version(struct np_resolve_ctx *ctx, const struct np_recipe *recipe,
	const struct np_strv *include_dirs, struct np_trace_step *step, struct np_inputs *in,
	char **version, struct np_strv *headers, struct np_error *err);

/*
 * The Version of the .pc file at path (pkgconfig.c), into *version (caller frees; NULL when it
 * has none). False with err when the file cannot be read as a .pc file.
 */
bool np_pkgconfig_file_version(const char *path, char **version, struct np_error *err);

/* What a .pc file says, for `recipe new` (pkgconfig.c). Valid when zeroed. */
struct np_pc_info {
	char *module;    /* the file's name without .pc */
	char *version;
	struct np_strv cflags;   /* -I and -D arguments, variables expanded */
	struct np_strv libs;     /* -L and -l arguments */
	struct np_strv requires; /* module names of Requires and Requires.private */
};
bool np_pkgconfig_read_file(const char *path, struct np_pc_info *out, struct np_error *err);
void np_pc_info_release(struct np_pc_info *info);

/*
 * The consistency checks every candidate passes before it is an answer (check.c): its version
 * is in the requested range, a static request has archives, every library is built for the
 * target's machine, the headers' version macro agrees with the library's version. *why is
 * NULL when it passes, else the reason (caller-freed); false only when checking itself failed.
 * Reads the headers' version into out when the resolver did not.
 */
bool np_check_candidate(struct np_resolve_ctx *ctx, const struct np_request *req,
	enum np_method method, struct np_resolution *out, struct np_trace_step *step, char **why,
	struct np_error *err);
/* The compiler identity for build keys and the lock (build.c); NULL with err on failure. */
const char *np_build_compiler_id(struct np_resolve_ctx *ctx, struct np_inputs *in,
	struct np_error *err);

void np_resolve_ctx_release(struct np_resolve_ctx *ctx);
/* Frees the pkg-config client (pkgconfig.c). */
void np_pkgconfig_free(struct np_pkgconfig *pc);
/* Version of the libpkgconf in use. */
const char *np_pkgconfig_library_version(void);

#endif
