/*
 * secret: the credentials nativepkg reads — a user and password in a URL, the binary caches'
 * token, the netrc file — which nothing it stores, hashes, prints or passes to a program it
 * starts may carry (DESIGN §6: the build key hashes "never credentials").
 */
#ifndef NP_CORE_SECRET_H
#define NP_CORE_SECRET_H

#include <stdbool.h>

/*
 * url without its user information: "https://u:p@host/x" is "https://host/x". What a build
 * key, a marker or a manifest records, so rotating a password changes nothing. The user
 * information ends at the last '@' before the authority ends (the first '/', '?' or '#'),
 * as libcurl reads it. Caller frees.
 */
char *np_secret_url_strip(const char *url);
/* url with "***" in place of its user information, as messages show it. Caller frees. */
char *np_secret_url_mask(const char *url);

/*
 * Whether the environment entry "NAME=value" holds one of nativepkg's credentials, which no
 * program it starts may see: NATIVEPKG_BINARY_CACHE_TOKEN, and NATIVEPKG_BINARY_CACHE,
 * NATIVEPKG_MIRRORS (URLs, which may carry passwords) and NATIVEPKG_NETRC (where the
 * passwords are).
 */
bool np_secret_env(const char *entry);
/*
 * env without the entries np_secret_env names: a new NULL-terminated array of pointers to
 * env's own strings (borrowed). The caller frees the array, not the strings.
 */
char **np_secret_env_filter(char *const *env);

#endif
