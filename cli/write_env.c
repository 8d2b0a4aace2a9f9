/* write_env: DEP_<LINKS>_<KEY> variables in several formats. */
#include "cli/write_env.h"

#include <stdlib.h>
#include <string.h>

#include "cli/write_flags.h"
#include "core/alloc.h"
#include "core/json.h"
#include "core/name.h"

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

static bool
path_list(const struct np_strv *dirs, const char *key, char **out, struct np_error *err)
{
	for (size_t i = 0; i < dirs->n; i++)
		if (strchr(dirs->v[i], ':'))
			return np_error_set(err, NP_EXIT_INPUT,
				"cannot write %s: directory \"%s\" contains ':', the path list separator",
				key, dirs->v[i]);
	*out = np_strv_join(dirs, ":");
	return true;
}

bool
np_write_env_vars(const struct np_resolution *r, struct np_kv *out, struct np_error *err)
{
	char *links = np_name_env(r->links), *key, *value;
	struct np_buf flags = {0};
	bool ok = false;

#define SET(k, v) do { key = np_xasprintf("DEP_%s_%s", links, k); np_kv_set(out, key, v); free(key); } while (0)
	SET("ROOT", r->prefix ? r->prefix : "");
	key = np_xasprintf("DEP_%s_INCLUDE", links);
	if (!path_list(&r->include_dirs, key, &value, err)) {
		free(key);
		goto out;
	}
	np_kv_set(out, key, value);
	free(key), free(value);
	key = np_xasprintf("DEP_%s_LIB_DIR", links);
	if (!path_list(&r->lib_dirs, key, &value, err)) {
		free(key);
		goto out;
	}
	np_kv_set(out, key, value);
	free(key), free(value);
	value = np_strv_join(&r->libs, " ");
	SET("LIBS", value);
	free(value);
	SET("VERSION", r->version ? r->version : "");
	SET("STATIC", r->link == NP_LINK_STATIC ? "1" : "0");
	np_write_flags_list(&r->cflags, &flags);
	np_buf_rtrim(&flags);
	SET("CFLAGS", np_buf_str(&flags));
	np_buf_reset(&flags);
	np_write_flags_list(&r->ldflags, &flags);
	np_buf_rtrim(&flags);
	SET("LDFLAGS", np_buf_str(&flags));
	SET("DYLIB", r->dylib ? r->dylib : "");
	SET("METHOD", np_method_name(r->method));
	for (size_t i = 0; i < r->metadata.keys.n; i++)
		SET(r->metadata.keys.v[i], r->metadata.values.v[i]);
#undef SET
	ok = true;
out:
	np_buf_release(&flags);
	free(links);
	return ok;
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

	for (size_t i = 0; i < n && ok; i++)
		ok = np_write_env_vars(rs[i], &vars, err);
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
