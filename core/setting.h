/*
 * setting: the per-package settings a user can give from the command line, the environment
 * or a config file (DESIGN §5) — their names in each place, which apply to every package at
 * once, and how their values are read.
 */
#ifndef NP_CORE_SETTING_H
#define NP_CORE_SETTING_H

#include <stdbool.h>

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
	NP_SETTING_PROVIDER,
	NP_SETTING_RUNPATH,
	NP_SETTING_FEATURES, /* optional features: "name" on, "-name" off (core/feature.h) */
	NP_SETTING_COUNT,
};

/* "ROOT" as in NATIVEPKG_<NAME>_ROOT. */
const char *np_setting_env_name(enum np_setting s);
/* "root" as in nativepkg.json. */
const char *np_setting_key(enum np_setting s);
/* The setting whose config-file key is `key`; false when there is none. */
bool np_setting_from_key(const char *key, enum np_setting *out);
/* A directory: relative values are relative to the file (or directory) that gave them. */
bool np_setting_is_path(enum np_setting s);
/* Also settable once for every package (NATIVEPKG_STATIC, "mode" at a file's top level). */
bool np_setting_is_global(enum np_setting s);
/* Settings a workspace dependency entry may carry besides its version range. */
bool np_setting_is_request(enum np_setting s);

/* 1/0, true/false, yes/no, on/off, any case. */
bool np_setting_parse_bool(const char *text, bool *out);
bool np_setting_parse_mode(const char *text, enum np_mode *out);
const char *np_mode_name(enum np_mode m);

#endif
