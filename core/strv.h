/* strv: an ordered list of owned strings (argument lists, directory lists, names). */
#ifndef NP_CORE_STRV_H
#define NP_CORE_STRV_H

#include <stdbool.h>
#include <stddef.h>

/* Valid when zeroed. `v[n]` is always NULL once anything was pushed, so `v` works as argv. */
struct np_strv {
	char **v;
	size_t n;
	size_t cap;
};

void np_strv_release(struct np_strv *sv);
/* Copies s. */
void np_strv_push(struct np_strv *sv, const char *s);
/* Takes ownership of s. */
void np_strv_push_owned(struct np_strv *sv, char *s);
/* Pushes the formatted string. */
void np_strv_pushf(struct np_strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Pushes s unless an equal string is already present. */
void np_strv_push_unique(struct np_strv *sv, const char *s);
bool np_strv_contains(const struct np_strv *sv, const char *s);
void np_strv_copy(struct np_strv *dst, const struct np_strv *src);
/* strcmp for qsort over the elements of a strv. */
int np_strv_cmp(const void *a, const void *b);
bool np_strv_equal(const struct np_strv *a, const struct np_strv *b);
/* Joins with sep; caller frees. */
char *np_strv_join(const struct np_strv *sv, const char *sep);
/* Splits s at any character of seps, dropping empty fields. */
void np_strv_split(struct np_strv *sv, const char *s, const char *seps);

/*
 * An environment: a strv of NAME=VALUE entries, as np_proc's env takes it. Setting replaces
 * NAME's entry in place (or appends one); unsetting removes every entry of NAME.
 */
void np_env_set(struct np_strv *env, const char *name, const char *value);
void np_env_unset(struct np_strv *env, const char *name);
/* Borrowed; NULL when absent. */
const char *np_env_get(const struct np_strv *env, const char *name);

/* An ordered list of key/value string pairs (metadata, dependency ranges, target maps). */
struct np_kv {
	struct np_strv keys;
	struct np_strv values;
};

void np_kv_release(struct np_kv *kv);
void np_kv_set(struct np_kv *kv, const char *key, const char *value);
/* Borrowed; NULL when absent. */
const char *np_kv_get(const struct np_kv *kv, const char *key);
void np_kv_copy(struct np_kv *dst, const struct np_kv *src);

#endif
