/*
 * extract: unpacking source archives. The only user of libarchive, which is loaded on first
 * use (core/dynload.h).
 */
#ifndef NP_RESOLVERS_EXTRACT_H
#define NP_RESOLVERS_EXTRACT_H

/* libarchive's version ("libarchive 3.6.2 ..."), or NULL when it cannot be loaded. */
const char *np_extract_library_version(void);

#endif
