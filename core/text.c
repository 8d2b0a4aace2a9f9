/* text: string predicates. */
#include "core/text.h"

#include <string.h>

size_t
np_text_utf8_char(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = len ? s[0] : 0, cp, min;
	size_t n;

	if (len == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		n = 1, cp = c & 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 2, cp = c & 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		n = 3, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n >= len) /* truncated sequence */
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n + 1;
}

bool
np_text_utf8_valid(const char *str, size_t len, size_t *bad)
{
	size_t i = 0;

	while (i < len) {
		size_t n = (unsigned char)str[i] < 0x80 ? 1 : np_text_utf8_char(str + i, len - i);
		if (n == 0) {
			if (bad)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

bool
np_text_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
np_text_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool
np_text_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

void
np_text_position(const char *text, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1;
	size_t start = 0;

	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*col = (unsigned)(off - start) + 1;
}
