/* strv: owned string lists. */
#include "core/strv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

void
np_strv_release(struct np_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

void
np_strv_push_owned(struct np_strv *sv, char *s)
{
	sv->v = np_xgrow(sv->v, &sv->cap, sv->n + 2, sizeof *sv->v);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
np_strv_pushf(struct np_strv *sv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	np_strv_push_owned(sv, np_xvasprintf(fmt, ap));
	va_end(ap);
}

void
np_strv_push(struct np_strv *sv, const char *s)
{
	np_strv_push_owned(sv, np_xstrdup(s));
}

void
np_strv_push_unique(struct np_strv *sv, const char *s)
{
	if (!np_strv_contains(sv, s))
		np_strv_push(sv, s);
}

bool
np_strv_contains(const struct np_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void
np_strv_copy(struct np_strv *dst, const struct np_strv *src)
{
	for (size_t i = 0; i < src->n; i++)
		np_strv_push(dst, src->v[i]);
}

int
np_strv_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool
np_strv_equal(const struct np_strv *a, const struct np_strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

char *
np_strv_join(const struct np_strv *sv, const char *sep)
{
	struct np_buf b = {0};

	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			np_buf_adds(&b, sep);
		np_buf_adds(&b, sv->v[i]);
	}
	return np_buf_detach(&b);
}

void
np_strv_split(struct np_strv *sv, const char *s, const char *seps)
{
	while (*s) {
		size_t n = strcspn(s, seps);
		if (n)
			np_strv_push_owned(sv, np_xstrndup(s, n));
		s += n;
		if (*s)
			s++;
	}
}

void
np_kv_release(struct np_kv *kv)
{
	np_strv_release(&kv->keys);
	np_strv_release(&kv->values);
}

void
np_kv_set(struct np_kv *kv, const char *key, const char *value)
{
	for (size_t i = 0; i < kv->keys.n; i++) {
		if (strcmp(kv->keys.v[i], key) == 0) {
			free(kv->values.v[i]);
			kv->values.v[i] = np_xstrdup(value);
			return;
		}
	}
	np_strv_push(&kv->keys, key);
	np_strv_push(&kv->values, value);
}

const char *
np_kv_get(const struct np_kv *kv, const char *key)
{
	for (size_t i = 0; i < kv->keys.n; i++)
		if (strcmp(kv->keys.v[i], key) == 0)
			return kv->values.v[i];
	return NULL;
}

void
np_kv_copy(struct np_kv *dst, const struct np_kv *src)
{
	for (size_t i = 0; i < src->keys.n; i++)
		np_kv_set(dst, src->keys.v[i], src->values.v[i]);
}

/* The index of name's entry in env, or env->n. */
static size_t
env_find(const struct np_strv *env, const char *name, size_t from)
{
	size_t n = strlen(name);

	for (size_t i = from; i < env->n; i++)
		if (strncmp(env->v[i], name, n) == 0 && env->v[i][n] == '=')
			return i;
	return env->n;
}

void
np_env_set(struct np_strv *env, const char *name, const char *value)
{
	size_t i = env_find(env, name, 0);
	char *entry = np_xasprintf("%s=%s", name, value);

	if (i == env->n) {
		np_strv_push_owned(env, entry);
		return;
	}
	free(env->v[i]);
	env->v[i] = entry;
}

void
np_env_unset(struct np_strv *env, const char *name)
{
	for (size_t i = env_find(env, name, 0); i < env->n; i = env_find(env, name, i)) {
		free(env->v[i]);
		memmove(env->v + i, env->v + i + 1, (env->n - i) * sizeof *env->v);
		env->n--;
	}
}

const char *
np_env_get(const struct np_strv *env, const char *name)
{
	size_t i = env_find(env, name, 0);

	return i < env->n ? env->v[i] + strlen(name) + 1 : NULL;
}
