/*
 * Fuzz target: the writers against the readers of their formats. The input is a resolution's
 * fields separated by NUL bytes (prefix, include dir, lib dir, library names, version, a
 * compiler flag, a metadata value, the shared object). Each format either refuses it or writes
 * what its reader reads back equal: KEY=VALUE files, GitHub's environment file (heredocs for
 * multi-line values), JSON, and the lock.
 */
#include <string.h>

#include "cli/write_env.h"
#include "core/alloc.h"
#include "core/json.h"
#include "core/lock.h"
#include "core/strv.h"
#include "tests/fuzz/fuzz.h"

static const char *
field(const struct np_strv *f, size_t i)
{
	return i < f->n ? f->v[i] : "";
}

/* KEY=VALUE lines; with `github`, also KEY<<DELIMITER lines up to the delimiter. */
static bool
read_env(const char *text, bool github, struct np_kv *out)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n'), *eq = strchr(p, '='), *heredoc = strstr(p, "<<");
		char *key;
		if (nl == NULL)
			return false;
		if (github && heredoc && heredoc < nl && (eq == NULL || heredoc < eq)) {
			char *delim = np_xstrndup(heredoc + 2, (size_t)(nl - heredoc - 2));
			char *end = np_xasprintf("\n%s\n", delim);
			const char *body = nl + 1, *stop = strstr(nl, end);
			if (stop == NULL) {
				free(delim), free(end);
				return false;
			}
			key = np_xstrndup(p, (size_t)(heredoc - p));
			{
				char *value = stop > body ? np_xstrndup(body, (size_t)(stop - body)) : np_xstrdup("");
				np_kv_set(out, key, value);
				free(value);
			}
			p = stop + strlen(end);
			free(key), free(delim), free(end);
			continue;
		}
		if (eq == NULL || eq > nl)
			return false;
		key = np_xstrndup(p, (size_t)(eq - p));
		{
			char *value = np_xstrndup(eq + 1, (size_t)(nl - eq - 1));
			np_kv_set(out, key, value);
			free(value);
		}
		free(key);
		p = nl + 1;
	}
	return true;
}

static bool
same(const struct np_kv *a, const struct np_kv *b)
{
	if (a->keys.n != b->keys.n)
		return false;
	for (size_t i = 0; i < a->keys.n; i++) {
		const char *v = np_kv_get(b, a->keys.v[i]);
		if (v == NULL || strcmp(v, a->values.v[i]) != 0)
			return false;
	}
	return true;
}

static void
check_env(struct np_resolution *r, const struct np_kv *vars, enum np_env_format f)
{
	struct np_buf out = {0};
	struct np_error err = {0};
	struct np_kv back = {0};

	if (np_write_env(&r, 1, f, &out, &err)) {
		FUZZ_CHECK(read_env(np_buf_str(&out), f == NP_ENV_FORMAT_GITHUB, &back));
		FUZZ_CHECK(same(vars, &back));
	}
	np_kv_release(&back);
	np_buf_release(&out);
	np_error_release(&err);
}

static void
check_json(struct np_resolution *r, const struct np_kv *vars)
{
	struct np_buf out = {0};
	struct np_error err = {0};
	struct np_json *doc = NULL;
	struct np_kv back = {0};

	if (np_write_env(&r, 1, NP_ENV_FORMAT_JSON, &out, &err)) {
		FUZZ_CHECK(np_json_parse(out.data, out.len, "env.json", &doc, &err));
		for (const struct np_json *m = doc->child; m; m = m->next) {
			FUZZ_CHECK(m->type == NP_JSON_STRING);
			np_kv_set(&back, m->key, m->str);
		}
		FUZZ_CHECK(same(vars, &back));
	}
	np_json_free(doc);
	np_kv_release(&back);
	np_buf_release(&out);
	np_error_release(&err);
}

static void
check_lock(const struct np_resolution *r)
{
	struct np_lock l = {0}, back;
	struct np_lock_entry *e = np_xcalloc(1, sizeof *e);
	struct np_buf out = {0};
	struct np_error err = {0};

	e->target = np_xstrdup("x86_64-linux-gnu");
	np_resolution_copy(&e->res, r);
	np_lock_put(&l, e);
	if (np_lock_render(&l, &out, &err)) {
		FUZZ_CHECK(np_lock_parse(&back, out.data, out.len, "nativepkg.lock", &err));
		FUZZ_CHECK(np_lock_equal(&l, &back));
		np_lock_release(&back);
	}
	np_lock_release(&l);
	np_buf_release(&out);
	np_error_release(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_resolution r = {0};
	struct np_strv f = {0};
	struct np_kv vars = {0};
	struct np_error err = {0};
	size_t start = 0;

	for (size_t i = 0; i <= size; i++) {
		if (i == size || data[i] == '\0') {
			np_strv_push_owned(&f, np_xstrndup((const char *)data + start, i - start));
			start = i + 1;
		}
	}
	r.name = np_xstrdup("fuzz");
	r.links = np_xstrdup("fuzz");
	r.method = NP_METHOD_OVERRIDE;
	r.prefix = np_xstrdup(field(&f, 0));
	np_strv_push(&r.include_dirs, field(&f, 1));
	np_strv_push(&r.lib_dirs, field(&f, 2));
	np_strv_split(&r.libs, field(&f, 3), " ");
	r.version = np_xstrdup(field(&f, 4));
	np_strv_push(&r.cflags, field(&f, 5));
	np_kv_set(&r.metadata, "EXTRA", field(&f, 6));
	r.dylib = np_xstrdup(field(&f, 7));
	r.pc_module = np_xstrdup("fuzz");
	if (np_resolution_vars(&r, &vars, &err)) {
		check_env(&r, &vars, NP_ENV_FORMAT_DOTENV);
		check_env(&r, &vars, NP_ENV_FORMAT_GITHUB);
		check_json(&r, &vars);
	}
	check_lock(&r);
	np_kv_release(&vars);
	np_error_release(&err);
	np_resolution_release(&r);
	np_strv_release(&f);
	return 0;
}
