/* buf: a growable byte string, always NUL-terminated, with an optional size limit. */
#ifndef NP_CORE_BUF_H
#define NP_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Valid when zeroed. `len` excludes the terminating NUL. */
struct np_buf {
	char *data;
	size_t len;
	size_t cap;
};

void np_buf_init(struct np_buf *b);
void np_buf_release(struct np_buf *b);
void np_buf_reset(struct np_buf *b);
/* Room for extra more bytes (and the NUL) after data + len: for writing into it directly. */
void np_buf_reserve(struct np_buf *b, size_t extra);
void np_buf_add(struct np_buf *b, const void *data, size_t len);
void np_buf_adds(struct np_buf *b, const char *s);
void np_buf_addc(struct np_buf *b, char c);
/* Decimal integers: what "%llu" and "%lld" write, for hot paths where printf's cost shows. */
void np_buf_add_uint(struct np_buf *b, unsigned long long v);
void np_buf_add_int(struct np_buf *b, long long v);
void np_buf_addf(struct np_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void np_buf_vaddf(struct np_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Never NULL: "" for an empty buffer. Borrowed. */
const char *np_buf_str(const struct np_buf *b);
/* Hands the string to the caller (caller frees) and leaves the buffer empty. */
char *np_buf_detach(struct np_buf *b);
/* Drops trailing ASCII whitespace. */
void np_buf_rtrim(struct np_buf *b);

#endif
