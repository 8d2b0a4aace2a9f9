/* alloc: the np_x* allocation family; the only place that handles memory exhaustion. */
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
die_oom(size_t size)
{
	fprintf(stderr, "nativepkg: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *
np_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p == NULL)
		die_oom(size);
	return p;
}

void *
np_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		die_oom(count * size);
	return p;
}

void *
np_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (p == NULL)
		die_oom(size);
	return p;
}

void *
np_xgrow(void *ptr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap;

	if (need <= n)
		return ptr;
	if (n < 8)
		n = 8;
	while (n < need) {
		if (n > ((size_t)-1) / 2 / elem)
			die_oom(need * elem);
		n *= 2;
	}
	*cap = n;
	return np_xrealloc(ptr, n * elem);
}

char *
np_xstrdup(const char *s)
{
	return np_xstrndup(s, strlen(s));
}

char *
np_xstrndup(const char *s, size_t n)
{
	char *p = np_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
np_xvasprintf(const char *fmt, va_list ap)
{
	char small[256];
	va_list copy;
	int n;
	char *p;

	/* Most strings are short: format once into the stack, copy out. */
	va_copy(copy, ap);
	n = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	if (n < 0)
		die_oom(0);
	if ((size_t)n < sizeof small)
		return np_xstrndup(small, (size_t)n);
	p = np_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
np_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = np_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}
