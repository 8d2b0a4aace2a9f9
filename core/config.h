/*
 * config: per-package settings and where each came from (DESIGN §5). Precedence, highest
 * first: command line > environment (target-scoped > plain; per-package > global) > workspace
 * nativepkg.json > user config ($XDG_CONFIG_HOME/nativepkg/config.json) > recipe defaults.
 */
#ifndef NP_CORE_CONFIG_H
#define NP_CORE_CONFIG_H

#include <stdbool.h>

#include "core/error.h"
#include "core/inputs.h"
#include "core/manifest.h"
#include "core/setting.h"
#include "core/strv.h"
#include "core/target.h"
#include "core/trace.h"

/* Valid when zeroed. */
struct np_config {
	char *target;     /* the target's canonical (GNU) triple, e.g. x86_64-linux-gnu: the lock
	                     key, the output tree's name and the manifest's "targets" section */
	char *target_env; /* its normalised form, for target-scoped variable names */
	struct np_target tgt;  /* the target, parsed (core/target.h) */
	struct np_target host; /* the machine nativepkg runs on */
	bool foreign;          /* the target is not the host: a cross build */
	struct np_kv tools;    /* toolchain values from the command line (core/toolchain.h keys) */
	struct np_manifest manifest; /* the workspace's nativepkg.json */
	struct np_manifest user;     /* $XDG_CONFIG_HOME/nativepkg/config.json */
	char *cli[NP_SETTING_COUNT]; /* values given on the command line, for every package */
	struct np_kv cli_modes;      /* per-package modes from the command (`nativepkg build PKG`) */
};

/*
 * Loads and validates the workspace manifest and the user config (either path may be NULL
 * or name a missing file: then it is skipped). Files read are recorded in `in`.
 */
bool np_config_load(struct np_config *cfg, const char *manifest, const char *user,
	struct np_inputs *in, struct np_error *err);
/* The user config path ($XDG_CONFIG_HOME, else ~/.config). Caller frees; NULL when no home. */
char *np_config_user_path(struct np_inputs *in);
/*
 * Sets the target from a triple in any spelling (core/target.h), normalised to its canonical
 * form so that both spellings of one target are one lock key, one set of variables and one
 * output tree; host is this machine's triple. An unknown triple is NP_EXIT_INPUT.
 */
bool np_config_set_target(struct np_config *cfg, const char *triple, const char *host,
	struct np_error *err);

/* A binary cache (docs/building.md): where finished builds are shared. */
struct np_remote {
	char *url;      /* without a trailing '/' */
	bool read_only;
};

struct np_remotes {
	struct np_remote *v;
	size_t n;
	size_t cap;
	char *origin;   /* "env NATIVEPKG_BINARY_CACHE", "/ws/nativepkg.json" */
};

/*
 * The binary caches: NATIVEPKG_BINARY_CACHE (URLs separated by spaces, "ro:" in front of a
 * read-only one), else the manifest's "binary_cache", else the user config's. A malformed
 * entry in the variable is NP_EXIT_INPUT.
 */
bool np_config_remotes(const struct np_config *cfg, struct np_inputs *in, struct np_remotes *out,
	struct np_error *err);
void np_remotes_release(struct np_remotes *r);
void np_config_release(struct np_config *cfg);

/*
 * The effective value of setting s for package pkg, or NULL (*value) when nothing sets it.
 * *origin says where it came from ("env NATIVEPKG_ZLIB_ROOT", "nativepkg.json:4:13"). Paths
 * are made absolute. Every variable consulted is recorded in `in` and noted on `step`
 * (optional). Both results are caller-freed.
 */
void np_config_get(const struct np_config *cfg, struct np_inputs *in, struct np_trace_step *step,
	const char *pkg, enum np_setting s, char **value, char **origin);


#endif
