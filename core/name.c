/* name: normalised names. */
#include "core/name.h"

#include <ctype.h>
#include <string.h>

#include "core/alloc.h"

char *
np_name_env(const char *name)
{
	char *s = np_xstrdup(name);

	for (char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		*p = (c < 0x80 && isalnum(c)) ? (char)toupper(c) : '_';
	}
	return s;
}

bool
np_name_valid_package(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64 || !(islower((unsigned char)name[0]) || isdigit((unsigned char)name[0])))
		return false;
	for (const char *p = name; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("._+-", *p)))
			return false;
	return true;
}

bool
np_name_valid_identifier(const char *name)
{
	if (!(isalpha((unsigned char)name[0]) || name[0] == '_'))
		return false;
	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return false;
	return true;
}

bool
np_name_valid_library(const char *name)
{
	if (*name == '\0' || *name == '-' || strlen(name) > 255)
		return false;
	for (const char *p = name; *p; p++)
		if (!((unsigned char)*p < 0x80 && (isalnum((unsigned char)*p) || strchr("_.+-", *p))))
			return false;
	return true;
}
