/* write_env: DEP_<LINKS>_<KEY> variables in several formats. */
#include "cli/write_env.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"

static const struct {
	const char *name;
	enum np_env_format format;
} formats[] = {
	{"dotenv", NP_ENV_FORMAT_DOTENV}, {"sh", NP_ENV_FORMAT_SH}, {"json", NP_ENV_FORMAT_JSON},
	{"github", NP_ENV_FORMAT_GITHUB}, {"make", NP_ENV_FORMAT_MAKE},
};

bool
np_write_env_format(const char *name, enum np_env_format *out)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return true;
		}
	}
	return false;
}

static void
sh_quote(const char *v, struct np_buf *out)
{
	np_buf_addc(out, '\'');
	for (; *v; v++) {
		if (*v == '\'')
			np_buf_adds(out, "'\\''");
		else
			np_buf_addc(out, *v);
	}
	np_buf_addc(out, '\'');
}

/* A heredoc delimiter GitHub will not find inside the value. */
static char *
github_delimiter(const char *value)
{
	for (unsigned n = 0;; n++) {
		char *d = np_xasprintf("NATIVEPKG_EOF_%u", n);
		if (strstr(value, d) == NULL)
			return d;
		free(d);
	}
}

static bool
render_one(const char *k, const char *v, enum np_env_format f, struct np_buf *out,
	struct np_error *err)
{
	switch (f) {
	case NP_ENV_FORMAT_DOTENV:
		/* The value runs to the end of the line, taken literally: no quoting, no newlines. */
		if (strpbrk(v, "\n\r"))
			return np_error_set(err, NP_EXIT_INPUT,
				"cannot write %s as KEY=VALUE: the value contains a newline", k);
		np_buf_addf(out, "%s=%s\n", k, v);
		return true;
	case NP_ENV_FORMAT_SH:
		np_buf_addf(out, "export %s=", k);
		sh_quote(v, out);
		np_buf_addc(out, '\n');
		return true;
	case NP_ENV_FORMAT_GITHUB:
		if (strpbrk(v, "\n\r")) {
			char *d = github_delimiter(v);
			np_buf_addf(out, "%s<<%s\n%s\n%s\n", k, d, v, d);
			free(d);
		} else {
			np_buf_addf(out, "%s=%s\n", k, v);
		}
		return true;
	case NP_ENV_FORMAT_MAKE:
		if (strpbrk(v, "\n\r"))
			return np_error_set(err, NP_EXIT_INPUT,
				"cannot write %s for make: the value contains a newline", k);
		if (*v && v[strlen(v) - 1] == '\\')
			return np_error_set(err, NP_EXIT_INPUT,
				"cannot write %s for make: the value ends with a backslash", k);
		/* "$()" keeps leading blanks, which make would strip; "$$" and "\#" are literal. */
		np_buf_addf(out, "export %s := %s", k, (*v == ' ' || *v == '\t') ? "$()" : "");
		for (const char *p = v; *p; p++) {
			if (*p == '$')
				np_buf_adds(out, "$$");
			else if (*p == '#')
				np_buf_adds(out, "\\#");
			else
				np_buf_addc(out, *p);
		}
		np_buf_addc(out, '\n');
		return true;
	case NP_ENV_FORMAT_JSON:
		break;
	}
	return true;
}

bool
np_write_env(struct np_resolution *const *rs, size_t n, enum np_env_format f,
	struct np_buf *out, struct np_error *err)
{
	struct np_kv vars = {0};
	struct np_buf text = {0};
	bool ok = true;

	/* Each package's keys carry its own links name: no two packages share one, so the lists
	 * are only appended to (a shared map made a 1000-package tree quadratic). */
	for (size_t i = 0; i < n && ok; i++) {
		struct np_kv one = {0};
		ok = np_resolution_vars(rs[i], &one, err);
		np_strv_copy(&vars.keys, &one.keys);
		np_strv_copy(&vars.values, &one.values);
		np_kv_release(&one);
	}
	if (ok && f == NP_ENV_FORMAT_JSON) {
		struct np_json *obj = np_json_new(NP_JSON_OBJECT);
		for (size_t i = 0; i < vars.keys.n; i++)
			np_json_add_string(obj, vars.keys.v[i], vars.values.v[i]);
		ok = np_json_print(obj, true, &text, err);
		np_json_free(obj);
	} else {
		for (size_t i = 0; i < vars.keys.n && ok; i++)
			ok = render_one(vars.keys.v[i], vars.values.v[i], f, &text, err);
	}
	if (ok)
		np_buf_add(out, text.data ? text.data : "", text.len);
	np_buf_release(&text);
	np_kv_release(&vars);
	return ok;
}

bool
np_write_run_env(struct np_resolution *const *rs, size_t n, enum np_env_format f,
	struct np_buf *out, struct np_error *err)
{
	static const char key[] = "LD_LIBRARY_PATH";
	struct np_strv dirs = {0};
	struct np_buf text = {0};
	char *value;
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++)
		for (size_t k = 0; k < rs[i]->runtime_dirs.n && ok; k++) {
			const char *d = rs[i]->runtime_dirs.v[k];
			if (strchr(d, ':'))
				ok = np_error_set(err, NP_EXIT_INPUT, "cannot write %s: directory \"%s\" "
					"contains ':', the path list separator", key, d);
			np_strv_push_unique(&dirs, d);
		}
	value = np_strv_join(&dirs, ":");
	if (!ok || dirs.n == 0) {
		if (ok && f == NP_ENV_FORMAT_JSON)
			np_buf_adds(&text, "{}\n");
	} else if (f == NP_ENV_FORMAT_SH) {
		np_buf_adds(&text, "export LD_LIBRARY_PATH=");
		sh_quote(value, &text);
		np_buf_adds(&text, "\"${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\"\n");
	} else if (f == NP_ENV_FORMAT_JSON) {
		struct np_json *obj = np_json_new(NP_JSON_OBJECT);
		np_json_add_string(obj, key, value);
		ok = np_json_print(obj, true, &text, err);
		np_json_free(obj);
	} else {
		ok = render_one(key, value, f, &text, err);
	}
	if (ok)
		np_buf_add(out, text.data ? text.data : "", text.len);
	np_buf_release(&text);
	np_strv_release(&dirs);
	free(value);
	return ok;
}
