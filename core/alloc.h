/* alloc: allocation that never returns NULL; out of memory aborts (no OOM branches anywhere). */
#ifndef NP_CORE_ALLOC_H
#define NP_CORE_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Each returns memory the caller frees; on exhaustion the process aborts with a message. */
void *np_xmalloc(size_t size);
void *np_xcalloc(size_t count, size_t size);
void *np_xrealloc(void *ptr, size_t size);
/* Grow an array to hold at least `need` elements of `elem` bytes; *cap is updated. */
void *np_xgrow(void *ptr, size_t *cap, size_t need, size_t elem);
char *np_xstrdup(const char *s);
char *np_xstrndup(const char *s, size_t n);
char *np_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *np_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
