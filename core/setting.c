/* setting: names and values of the per-package settings. */
#include "core/setting.h"

#include <string.h>
#include <strings.h>

static const struct {
	const char *env, *key;
	bool path, global, request;
} table[NP_SETTING_COUNT] = {
	[NP_SETTING_ROOT] = {"ROOT", "root", true, false, false},
	[NP_SETTING_INCLUDE_DIR] = {"INCLUDE_DIR", "include_dir", true, false, false},
	[NP_SETTING_LIB_DIR] = {"LIB_DIR", "lib_dir", true, false, false},
	[NP_SETTING_LIBS] = {"LIBS", "libs", false, false, false},
	[NP_SETTING_STATIC] = {"STATIC", "static", false, true, true},
	[NP_SETTING_MODE] = {"MODE", "mode", false, true, true},
	[NP_SETTING_PROVIDER] = {"PROVIDER", "provider", false, false, true},
	[NP_SETTING_RUNPATH] = {"RUNPATH", "runpath", false, true, true},
	[NP_SETTING_FEATURES] = {"FEATURES", "features", false, false, true},
};

const char *
np_setting_env_name(enum np_setting s)
{
	return table[s].env;
}

const char *
np_setting_key(enum np_setting s)
{
	return table[s].key;
}

bool
np_setting_from_key(const char *key, enum np_setting *out)
{
	for (int i = 0; i < NP_SETTING_COUNT; i++) {
		if (strcmp(key, table[i].key) == 0) {
			*out = (enum np_setting)i;
			return true;
		}
	}
	return false;
}

bool
np_setting_is_path(enum np_setting s)
{
	return table[s].path;
}

bool
np_setting_is_global(enum np_setting s)
{
	return table[s].global;
}

bool
np_setting_is_request(enum np_setting s)
{
	return table[s].request;
}

bool
np_setting_parse_bool(const char *t, bool *out)
{
	static const char *yes[] = {"1", "true", "yes", "on"}, *no[] = {"0", "false", "no", "off"};

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(t, yes[i]) == 0)
			return *out = true, true;
		if (strcasecmp(t, no[i]) == 0)
			return *out = false, true;
	}
	return false;
}

bool
np_setting_parse_mode(const char *t, enum np_mode *out)
{
	if (strcmp(t, "auto") == 0)
		*out = NP_MODE_AUTO;
	else if (strcmp(t, "system") == 0)
		*out = NP_MODE_SYSTEM;
	else if (strcmp(t, "build") == 0)
		*out = NP_MODE_BUILD;
	else
		return false;
	return true;
}

const char *
np_mode_name(enum np_mode m)
{
	switch (m) {
	case NP_MODE_AUTO: return "auto";
	case NP_MODE_SYSTEM: return "system";
	case NP_MODE_BUILD: return "build";
	}
	return "?";
}
