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
