/* text: small string predicates shared by parsers and writers (UTF-8 validity, prefixes). */
#ifndef NP_CORE_TEXT_H
#define NP_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Checks that s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or code points
 * above U+10FFFF). On failure *bad is set to the offset of the first bad byte.
 */
bool np_text_utf8_valid(const char *s, size_t len, size_t *bad);
/* Bytes in the well-formed UTF-8 character at s[0..len) (1 for ASCII), or 0 when it is not one. */
size_t np_text_utf8_char(const char *s, size_t len);
bool np_text_starts_with(const char *s, const char *prefix);
bool np_text_ends_with(const char *s, const char *suffix);
/* True when s is NULL or "". */
bool np_text_empty(const char *s);
/* 1-based line and column (in bytes) of offset `off` in `text`. */
void np_text_position(const char *text, size_t off, unsigned *line, unsigned *col);

#endif
