/* buf: growable NUL-terminated byte strings. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void
np_buf_init(struct np_buf *b)
{
	memset(b, 0, sizeof *b);
}

void
np_buf_release(struct np_buf *b)
{
	free(b->data);
	np_buf_init(b);
}

void
np_buf_reset(struct np_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
np_buf_reserve(struct np_buf *b, size_t extra)
{
	b->data = np_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void
np_buf_add(struct np_buf *b, const void *data, size_t len)
{
	np_buf_reserve(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
np_buf_adds(struct np_buf *b, const char *s)
{
	np_buf_add(b, s, strlen(s));
}

void
np_buf_addc(struct np_buf *b, char c)
{
	np_buf_add(b, &c, 1);
}

void
np_buf_vaddf(struct np_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	size_t room;
	int n;

	/* One pass when the text fits the spare capacity, a second one only to grow. */
	np_buf_reserve(b, 64);
	room = b->cap - b->len;
	va_copy(copy, ap);
	n = vsnprintf(b->data + b->len, room, fmt, copy);
	va_end(copy);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		np_buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
np_buf_add_uint(struct np_buf *b, unsigned long long v)
{
	char digits[20];
	size_t n = sizeof digits;

	do {
		digits[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	np_buf_add(b, digits + n, sizeof digits - n);
}

void
np_buf_add_int(struct np_buf *b, long long v)
{
	if (v < 0) {
		np_buf_addc(b, '-');
		/* The magnitude as unsigned: -LLONG_MIN does not fit a long long. */
		np_buf_add_uint(b, 0ull - (unsigned long long)v);
	} else {
		np_buf_add_uint(b, (unsigned long long)v);
	}
}

void
np_buf_addf(struct np_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	np_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *
np_buf_str(const struct np_buf *b)
{
	return b->data ? b->data : "";
}

char *
np_buf_detach(struct np_buf *b)
{
	char *s = b->data ? b->data : np_xstrdup("");
	np_buf_init(b);
	return s;
}

void
np_buf_rtrim(struct np_buf *b)
{
	while (b->len > 0 && strchr(" \t\r\n", b->data[b->len - 1]))
		b->data[--b->len] = '\0';
}
