/* cheader: plain #define values from header text. */
#include "core/cheader.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* After a blank or a comment only: the end of the line. */
static bool
at_end(const char *p)
{
	p = skip_blanks(p);
	if (p[0] == '/' && p[1] == '/')
		return true;
	if (p[0] == '/' && p[1] == '*') {
		const char *close = strstr(p + 2, "*/"), *nl = strchr(p, '\n');
		if (close == NULL || (nl && nl < close))
			return false;
		return at_end(close + 2);
	}
	return *p == '\n' || *p == '\0' || *p == '\r';
}

/* The value part of one #define line; NULL when it is not plain. */
static char *
plain_value(const char *p)
{
	struct np_buf v = {0};

	p = skip_blanks(p);
	if (*p == '"') {
		while (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (*p == '\\' || *p == '\n' || *p == '\0') {
					np_buf_release(&v);
					return NULL;
				}
				np_buf_addc(&v, *p);
			}
			p = skip_blanks(p + 1);
		}
	} else if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p))
			np_buf_addc(&v, *p++);
	}
	if (v.len == 0 || !at_end(p)) {
		np_buf_release(&v);
		return NULL;
	}
	return np_buf_detach(&v);
}

enum np_cheader_result
np_cheader_define(const char *text, const char *name, char **value)
{
	size_t n = strlen(name), found = 0;
	const char *line = text;

	*value = NULL;
	while (line && *line) {
		const char *p = skip_blanks(line);
		if (*p == '#') {
			p = skip_blanks(p + 1);
			if (strncmp(p, "define", 6) == 0 && (p[6] == ' ' || p[6] == '\t')) {
				p = skip_blanks(p + 6);
				if (strncmp(p, name, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_') {
					char *v;
					found++;
					if (p[n] != ' ' && p[n] != '\t') /* a function-like macro, or no value */
						goto complex;
					if ((v = plain_value(p + n)) == NULL)
						goto complex;
					free(*value);
					*value = v;
				}
			}
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (found == 1)
		return NP_CHEADER_PLAIN;
	if (found == 0)
		return NP_CHEADER_ABSENT;
complex:
	free(*value);
	*value = NULL;
	return NP_CHEADER_COMPLEX;
}
