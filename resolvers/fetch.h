/*
 * fetch: downloads. The only user of libcurl, which is loaded on first use (core/dynload.h):
 * resolving an installed library never pays for it.
 */
#ifndef NP_RESOLVERS_FETCH_H
#define NP_RESOLVERS_FETCH_H

/* libcurl's version string ("7.88.1"), or NULL when libcurl cannot be loaded. */
const char *np_fetch_library_version(void);

#endif
