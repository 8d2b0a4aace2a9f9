/* name: normalised names. */
#include "core/name.h"

#include <ctype.h>
#include <string.h>

#include "core/alloc.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

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
	if (*name == '\0' || *name == '-' || *name == '.' || strlen(name) > 255)
		return false;
	for (const char *p = name; *p; p++)
		if (!((unsigned char)*p < 0x80 && (isalnum((unsigned char)*p) || strchr("_.+-", *p))))
			return false;
	return true;
}

const char *
np_name_file_problem(const char *name)
{
	unsigned char first = (unsigned char)name[0];

	if (first == '\0')
		return "must not be empty";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (!(*p < 0x80 && (isalnum(*p) || strchr("._+-", *p))))
			return "may only contain letters, digits and . _ + - (it becomes a file name)";
	if (!(first < 0x80 && (isalnum(first) || first == '_')))
		return "must start with a letter, a digit or '_' (it becomes a file name)";
	if (strlen(name) > NP_NAME_FILE_MAX)
		return "must be at most " STRINGIFY(NP_NAME_FILE_MAX) " characters (it becomes a file name)";
	return NULL;
}
