/*
 * hash: SHA-256 of bytes and files (download verification, fingerprints). The only user of
 * OpenSSL's libcrypto, loaded on first use (see dynload.h).
 */
#ifndef NP_CORE_HASH_H
#define NP_CORE_HASH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define NP_HASH_HEX_LEN 64

struct np_hash;

/* A running SHA-256; NULL and err set when libcrypto cannot be loaded. */
struct np_hash *np_hash_new(struct np_error *err);
void np_hash_update(struct np_hash *h, const void *data, size_t len);
/* Writes 64 lowercase hex digits and a NUL into hex, and frees h. */
void np_hash_finish(struct np_hash *h, char hex[NP_HASH_HEX_LEN + 1]);
bool np_hash_file(const char *path, char hex[NP_HASH_HEX_LEN + 1], struct np_error *err);
/*
 * Whether s is a sha256 as nativepkg writes one: exactly 64 lowercase hex digits. A hash names
 * a file (downloads/sha256/<hex>), so nothing else may pass where one is read from input.
 */
bool np_hash_hex_valid(const char *s);
/* "OpenSSL 3.0.x ..." or NULL when libcrypto cannot be loaded. */
const char *np_hash_library_version(void);

#endif
