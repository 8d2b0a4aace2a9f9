/* secret: stripping credentials from URLs and from the environment of child processes. */
#include "core/secret.h"

#include <string.h>

#include "core/alloc.h"

/* Where the user information of url starts and ends (end at its '@'); false when it has none. */
static bool
userinfo(const char *url, const char **start, const char **at)
{
	const char *scheme = strstr(url, "://"), *end;

	if (scheme == NULL)
		return false;
	*start = scheme + 3;
	end = *start + strcspn(*start, "/?#");
	*at = NULL;
	for (const char *p = *start; p < end; p++)
		if (*p == '@')
			*at = p;
	return *at != NULL;
}

char *
np_secret_url_strip(const char *url)
{
	const char *start, *at;

	if (!userinfo(url, &start, &at))
		return np_xstrdup(url);
	return np_xasprintf("%.*s%s", (int)(start - url), url, at + 1);
}

char *
np_secret_url_mask(const char *url)
{
	const char *start, *at;

	if (!userinfo(url, &start, &at))
		return np_xstrdup(url);
	return np_xasprintf("%.*s***%s", (int)(start - url), url, at);
}

bool
np_secret_env(const char *entry)
{
	static const char *const names[] = {"NATIVEPKG_BINARY_CACHE_TOKEN", "NATIVEPKG_BINARY_CACHE",
		"NATIVEPKG_MIRRORS", "NATIVEPKG_NETRC"};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		size_t n = strlen(names[i]);
		if (strncmp(entry, names[i], n) == 0 && entry[n] == '=')
			return true;
	}
	return false;
}

char **
np_secret_env_filter(char *const *env)
{
	size_t n = 0, k = 0;
	char **out;

	while (env && env[n])
		n++;
	out = np_xcalloc(n + 1, sizeof *out);
	for (size_t i = 0; i < n; i++)
		if (!np_secret_env(env[i]))
			out[k++] = env[i];
	out[k] = NULL;
	return out;
}
