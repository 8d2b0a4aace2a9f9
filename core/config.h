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
#include "core/json.h"
#include "core/strv.h"
#include "core/trace.h"

enum np_mode {
	NP_MODE_AUTO,
	NP_MODE_SYSTEM,
	NP_MODE_BUILD,
};

enum np_setting {
	NP_SETTING_ROOT,
	NP_SETTING_INCLUDE_DIR,
	NP_SETTING_LIB_DIR,
	NP_SETTING_LIBS,
	NP_SETTING_STATIC,
	NP_SETTING_MODE,
	NP_SETTING_COUNT,
};

#define NP_CONFIG_MAX_BYTES (4 * 1024 * 1024)

struct np_config_file {
	char *path; /* NULL when there is no such file */
	char *dir;  /* relative paths inside the file are relative to this */
	struct np_json *doc;
};

/* Valid when zeroed. */
struct np_config {
	char *target;     /* target triple, e.g. x86_64-linux-gnu */
	char *target_env; /* its normalised form, for target-scoped variable names */
	struct np_config_file manifest;
	struct np_config_file user;
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
void np_config_set_target(struct np_config *cfg, const char *triple);
void np_config_release(struct np_config *cfg);

/*
 * The effective value of setting s for package pkg, or NULL (*value) when nothing sets it.
 * *origin says where it came from ("env NATIVEPKG_ZLIB_ROOT", "nativepkg.json:4:13"). Paths
 * are made absolute. Every variable consulted is recorded in `in` and noted on `step`
 * (optional). Both results are caller-freed.
 */
void np_config_get(const struct np_config *cfg, struct np_inputs *in, struct np_trace_step *step,
	const char *pkg, enum np_setting s, char **value, char **origin);

const char *np_setting_env_name(enum np_setting s);
bool np_config_parse_bool(const char *text, bool *out);
bool np_config_parse_mode(const char *text, enum np_mode *out);
const char *np_mode_name(enum np_mode m);

#endif
