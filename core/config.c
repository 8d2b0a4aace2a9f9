/* config: settings from the command line, the environment and config files. */
#include "core/config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/diag.h"
#include "core/fs.h"
#include "core/name.h"

static const char *const env_names[NP_SETTING_COUNT] = {"ROOT", "INCLUDE_DIR", "LIB_DIR", "LIBS",
	"STATIC", "MODE"};
static const char *const json_names[NP_SETTING_COUNT] = {"root", "include_dir", "lib_dir", "libs",
	"static", "mode"};

const char *
np_setting_env_name(enum np_setting s)
{
	return env_names[s];
}

static bool
is_path_setting(enum np_setting s)
{
	return s == NP_SETTING_ROOT || s == NP_SETTING_INCLUDE_DIR || s == NP_SETTING_LIB_DIR;
}

/* Settings that also exist once for all packages (NATIVEPKG_MODE, "static" at the top). */
static bool
is_global_setting(enum np_setting s)
{
	return s == NP_SETTING_STATIC || s == NP_SETTING_MODE;
}

bool
np_config_parse_bool(const char *t, bool *out)
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
np_config_parse_mode(const char *t, enum np_mode *out)
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

/* Checks one settings object: the top level (global) or a package's override entry. */
static void
validate_settings(struct np_diags *d, const struct np_json *obj, bool package, const char *where)
{
	for (const struct np_json *m = obj->child; m; m = m->next) {
		int s = -1;
		for (int i = 0; i < NP_SETTING_COUNT; i++)
			if (strcmp(m->key, json_names[i]) == 0)
				s = i;
		if (s < 0 || (!package && !is_global_setting((enum np_setting)s))) {
			if (!package && strcmp(m->key, "overrides") == 0)
				continue;
			np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" in %s", m->key, where);
			continue;
		}
		switch ((enum np_setting)s) {
		case NP_SETTING_STATIC:
			if (m->type != NP_JSON_BOOL)
				np_diags_add(d, m->line, m->col, "\"%s\" must be true or false", m->key);
			break;
		case NP_SETTING_MODE: {
			enum np_mode mode;
			if (m->type != NP_JSON_STRING || !np_config_parse_mode(m->str, &mode))
				np_diags_add(d, m->line, m->col,
					"\"mode\" must be \"auto\", \"system\" or \"build\"");
			break;
		}
		case NP_SETTING_LIBS:
			if (m->type == NP_JSON_ARRAY) {
				for (const struct np_json *e = m->child; e; e = e->next)
					if (e->type != NP_JSON_STRING || !*e->str)
						np_diags_add(d, e->line, e->col,
							"\"libs\" elements must be non-empty strings");
				break;
			}
			/* fall through */
		default:
			if (m->type != NP_JSON_STRING || !*m->str)
				np_diags_add(d, m->line, m->col, "\"%s\" must be a non-empty string", m->key);
			break;
		}
	}
}

static bool
load_file(struct np_config_file *f, const char *path, struct np_inputs *in, struct np_error *err)
{
	struct np_buf text = {0};
	struct np_diags d;
	const struct np_json *overrides;
	bool ok = false;

	if (path == NULL || !np_fs_exists(path))
		return true;
	np_inputs_add_file(in, path);
	if (!np_fs_read(path, NP_CONFIG_MAX_BYTES, &text, err))
		goto out;
	if (!np_json_parse(text.data, text.len, path, &f->doc, err))
		goto out;
	np_diags_init(&d, path);
	if (f->doc->type != NP_JSON_OBJECT) {
		np_diags_add(&d, f->doc->line, f->doc->col, "must be a JSON object");
	} else {
		validate_settings(&d, f->doc, false, "the top level");
		overrides = np_json_get(f->doc, "overrides");
		if (overrides && overrides->type != NP_JSON_OBJECT) {
			np_diags_add(&d, overrides->line, overrides->col, "\"overrides\" must be an object");
		} else if (overrides) {
			for (const struct np_json *p = overrides->child; p; p = p->next) {
				char *where = np_xasprintf("the override for \"%s\"", p->key);
				if (!np_name_valid_package(p->key))
					np_diags_add(&d, p->key_line, p->key_col,
						"\"%s\" is not a valid package name", p->key);
				if (p->type != NP_JSON_OBJECT)
					np_diags_add(&d, p->line, p->col, "%s must be an object", where);
				else
					validate_settings(&d, p, true, where);
				free(where);
			}
		}
	}
	ok = np_diags_finish(&d, err);
	np_diags_release(&d);
	if (ok) {
		f->path = np_xstrdup(path);
		f->dir = np_path_dirname(path);
	}
out:
	if (!ok) {
		np_json_free(f->doc);
		f->doc = NULL;
	}
	np_buf_release(&text);
	return ok;
}

bool
np_config_load(struct np_config *cfg, const char *manifest, const char *user,
	struct np_inputs *in, struct np_error *err)
{
	return load_file(&cfg->manifest, manifest, in, err) && load_file(&cfg->user, user, in, err);
}

char *
np_config_user_path(struct np_inputs *in)
{
	const char *xdg = np_inputs_getenv(in, "XDG_CONFIG_HOME");
	const char *home;

	if (xdg)
		return np_xasprintf("%s/nativepkg/config.json", xdg);
	home = np_inputs_getenv(in, "HOME");
	return home ? np_xasprintf("%s/.config/nativepkg/config.json", home) : NULL;
}

void
np_config_set_target(struct np_config *cfg, const char *triple)
{
	free(cfg->target);
	free(cfg->target_env);
	cfg->target = np_xstrdup(triple);
	cfg->target_env = np_name_env(triple);
}

void
np_config_release(struct np_config *cfg)
{
	np_json_free(cfg->manifest.doc);
	np_json_free(cfg->user.doc);
	free(cfg->manifest.path);
	free(cfg->manifest.dir);
	free(cfg->user.path);
	free(cfg->user.dir);
	free(cfg->target);
	free(cfg->target_env);
	for (int i = 0; i < NP_SETTING_COUNT; i++)
		free(cfg->cli[i]);
	np_kv_release(&cfg->cli_modes);
	memset(cfg, 0, sizeof *cfg);
}

/* Reads one variable, noting it on the step whether it is set or not. */
static const char *
env_lookup(struct np_inputs *in, struct np_trace_step *step, const char *name)
{
	const char *v = np_inputs_getenv(in, name);

	if (step)
		np_trace_note(step, v ? "env %s=%s" : "env %s: unset", name, v);
	return v;
}

static char *
json_value_string(const struct np_json *v)
{
	struct np_strv parts = {0};
	char *s;

	if (v->type == NP_JSON_BOOL)
		return np_xstrdup(v->boolean ? "1" : "0");
	if (v->type == NP_JSON_STRING)
		return np_xstrdup(v->str);
	for (const struct np_json *e = v->child; e; e = e->next)
		np_strv_push(&parts, e->str);
	s = np_strv_join(&parts, " ");
	np_strv_release(&parts);
	return s;
}

static bool
file_lookup(const struct np_config_file *f, struct np_trace_step *step, const char *pkg,
	enum np_setting s, bool global, char **value, char **origin)
{
	const struct np_json *obj, *v;

	if (f->doc == NULL)
		return false;
	obj = global ? f->doc : np_json_get(np_json_get(f->doc, "overrides"), pkg);
	v = np_json_get(obj, json_names[s]);
	if (v == NULL)
		return false;
	*value = json_value_string(v);
	if (is_path_setting(s) && (*value)[0] != '/') {
		char *abs = np_path_join(f->dir, *value);
		free(*value);
		*value = abs;
	}
	*origin = np_xasprintf("%s:%u:%u", f->path, v->line, v->col);
	if (step) {
		if (global)
			np_trace_note(step, "%s: %s = \"%s\"", *origin, json_names[s], *value);
		else
			np_trace_note(step, "%s: overrides.%s.%s = \"%s\"", *origin, pkg, json_names[s],
				*value);
	}
	return true;
}

void
np_config_get(const struct np_config *cfg, struct np_inputs *in, struct np_trace_step *step,
	const char *pkg, enum np_setting s, char **value, char **origin)
{
	char *pkg_env = np_name_env(pkg);
	char *names[4] = {NULL, NULL, NULL, NULL};
	size_t n = 0;

	*value = NULL;
	*origin = NULL;
	if (s == NP_SETTING_MODE && np_kv_get(&cfg->cli_modes, pkg)) {
		*value = np_xstrdup(np_kv_get(&cfg->cli_modes, pkg));
		*origin = np_xstrdup("the command");
		if (step)
			np_trace_note(step, "command: mode = %s", *value);
		goto out;
	}
	if (cfg->cli[s]) {
		*value = np_xstrdup(cfg->cli[s]);
		*origin = np_xstrdup("the command line");
		if (step)
			np_trace_note(step, "command line: %s = %s", json_names[s], *value);
		goto out;
	}
	if (cfg->target_env)
		names[n++] = np_xasprintf("NATIVEPKG_%s_%s_%s", pkg_env, env_names[s], cfg->target_env);
	names[n++] = np_xasprintf("NATIVEPKG_%s_%s", pkg_env, env_names[s]);
	if (is_global_setting(s)) {
		if (cfg->target_env)
			names[n++] = np_xasprintf("NATIVEPKG_%s_%s", env_names[s], cfg->target_env);
		names[n++] = np_xasprintf("NATIVEPKG_%s", env_names[s]);
	}
	for (size_t i = 0; i < n; i++) {
		const char *v = env_lookup(in, step, names[i]);
		if (v) {
			*value = is_path_setting(s) ? np_path_absolute(v) : np_xstrdup(v);
			*origin = np_xasprintf("env %s", names[i]);
			goto out;
		}
	}
	if (file_lookup(&cfg->manifest, step, pkg, s, false, value, origin))
		goto out;
	if (is_global_setting(s) && file_lookup(&cfg->manifest, step, pkg, s, true, value, origin))
		goto out;
	if (file_lookup(&cfg->user, step, pkg, s, false, value, origin))
		goto out;
	if (is_global_setting(s))
		file_lookup(&cfg->user, step, pkg, s, true, value, origin);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(pkg_env);
}
