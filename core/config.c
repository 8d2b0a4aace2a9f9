/* config: settings from the command line, the environment and config files. */
#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/name.h"

bool
np_config_load(struct np_config *cfg, const char *manifest, const char *user,
	struct np_inputs *in, struct np_error *err)
{
	return np_manifest_load(&cfg->manifest, manifest, NP_MANIFEST_WORKSPACE, in, err) &&
		np_manifest_load(&cfg->user, user, NP_MANIFEST_USER, in, err);
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

bool
np_config_set_target(struct np_config *cfg, const char *triple, const char *host,
	struct np_error *err)
{
	struct np_target t, h;

	if (!np_target_parse(triple, &t, err))
		return false;
	if (!np_target_parse(host, &h, err)) {
		np_error_prefix(err, "this machine's triple (the compiler nativepkg was built with)");
		return false;
	}
	free(cfg->target);
	free(cfg->target_env);
	cfg->tgt = t;
	cfg->host = h;
	cfg->foreign = !np_target_same(&t, &h);
	cfg->target = np_xstrdup(t.gnu);
	cfg->target_env = np_xstrdup(t.env);
	return true;
}

void
np_config_release(struct np_config *cfg)
{
	np_manifest_release(&cfg->manifest);
	np_manifest_release(&cfg->user);
	free(cfg->target);
	free(cfg->target_env);
	np_kv_release(&cfg->tools);
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
file_lookup(const struct np_config *cfg, const struct np_manifest *m, struct np_trace_step *step,
	const char *pkg, enum np_setting s, char **value, char **origin)
{
	char *where = NULL;
	const struct np_json *v = np_manifest_setting(m, cfg->target, pkg, s, &where);

	if (v == NULL)
		return false;
	*value = json_value_string(v);
	if (np_setting_is_path(s) && (*value)[0] != '/') {
		char *abs = np_path_join(m->dir, *value);
		free(*value);
		*value = abs;
	}
	*origin = np_xasprintf("%s:%u:%u", m->path, v->line, v->col);
	if (step)
		np_trace_note(step, "%s: %s = \"%s\"", *origin, where, *value);
	free(where);
	return true;
}

/*
 * "NATIVEPKG_a[_b[_c]]" into out, cut to fit as snprintf would (names are far
 * shorter). Written by hand: snprintf was a tenth of a 1000-package resolve.
 */
#define ENV_NAME_CAP 320

static void
env_name(char out[ENV_NAME_CAP], const char *a, const char *b, const char *c)
{
	const char *parts[] = {"NATIVEPKG", a, b, c};
	size_t len = 0;

	for (size_t i = 0; i < 4 && parts[i]; i++) {
		if (i > 0 && len < ENV_NAME_CAP - 1)
			out[len++] = '_';
		for (const char *p = parts[i]; *p && len < ENV_NAME_CAP - 1; p++)
			out[len++] = *p;
	}
	out[len] = '\0';
}

void
np_config_get(const struct np_config *cfg, struct np_inputs *in, struct np_trace_step *step,
	const char *pkg, enum np_setting s, char **value, char **origin)
{
	const char *setting_env = np_setting_env_name(s);
	char *pkg_env = np_name_env(pkg);
	/* Names are at most 64 (package) + 11 (setting) + the target's length: on the stack, as a
	 * thousand-package workspace asks this 7000 times. */
	char names[4][ENV_NAME_CAP];
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
			np_trace_note(step, "command line: %s = %s", np_setting_key(s), *value);
		goto out;
	}
	if (cfg->target_env)
		env_name(names[n++], pkg_env, setting_env, cfg->target_env);
	env_name(names[n++], pkg_env, setting_env, NULL);
	if (np_setting_is_global(s)) {
		if (cfg->target_env)
			env_name(names[n++], setting_env, cfg->target_env, NULL);
		env_name(names[n++], setting_env, NULL, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		const char *v = env_lookup(in, step, names[i]);
		if (v) {
			*value = np_setting_is_path(s) ? np_path_absolute(v) : np_xstrdup(v);
			*origin = np_xasprintf("env %s", names[i]);
			goto out;
		}
	}
	if (!file_lookup(cfg, &cfg->manifest, step, pkg, s, value, origin))
		file_lookup(cfg, &cfg->user, step, pkg, s, value, origin);
out:
	free(pkg_env);
}

static bool
add_remote(struct np_remotes *out, const char *entry, struct np_error *err)
{
	bool ro = strncmp(entry, "ro:", 3) == 0;
	const char *url = ro ? entry + 3 : entry;
	size_t n = strlen(url);

	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0 &&
		strncmp(url, "file://", 7) != 0)
		return np_error_set(err, NP_EXIT_INPUT, "binary cache \"%s\" from %s: expected an "
			"https://, http:// or file:// URL (\"ro:\" in front for a read-only one)", entry,
			out->origin);
	while (n > 0 && url[n - 1] == '/')
		n--;
	out->v = np_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n].url = np_xstrndup(url, n);
	out->v[out->n].read_only = ro;
	out->n++;
	return true;
}

bool
np_config_remotes(const struct np_config *cfg, struct np_inputs *in, struct np_remotes *out,
	struct np_error *err)
{
	const char *env = np_inputs_getenv(in, "NATIVEPKG_BINARY_CACHE");
	struct np_strv entries = {0};
	bool ok = true;

	memset(out, 0, sizeof *out);
	if (env) {
		np_strv_split(&entries, env, " \t\n");
		out->origin = np_xstrdup("env NATIVEPKG_BINARY_CACHE");
	} else {
		np_manifest_binary_caches(&cfg->manifest, &entries);
		if (entries.n) {
			out->origin = np_xstrdup(cfg->manifest.path);
		} else {
			np_manifest_binary_caches(&cfg->user, &entries);
			if (entries.n)
				out->origin = np_xstrdup(cfg->user.path);
		}
	}
	for (size_t i = 0; i < entries.n && ok; i++)
		ok = add_remote(out, entries.v[i], err);
	np_strv_release(&entries);
	if (!ok)
		np_remotes_release(out);
	return ok;
}

void
np_remotes_release(struct np_remotes *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].url);
	free(r->v);
	free(r->origin);
	memset(r, 0, sizeof *r);
}
