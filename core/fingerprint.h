/*
 * fingerprint: what a lock records of a file a resolution points at — the path as used, the
 * file it resolves to, its size and SHA-256 — so that an upgraded or replaced library is
 * noticed. Hashing means loading libcrypto, which alone costs about as much as a whole warm
 * resolve, so a stat cache (like git's index) remembers each hash with the file's identity
 * (device, inode, size, mtime, ctime) and a file is hashed again only when that changes.
 */
#ifndef NP_CORE_FINGERPRINT_H
#define NP_CORE_FINGERPRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/index.h"

struct np_fingerprint {
	char *path;  /* as the resolution names it (may be a symlink) */
	char *real;  /* what it resolves to */
	int64_t size;
	char sha256[NP_HASH_HEX_LEN + 1];
};

struct np_fingerprints {
	struct np_fingerprint *v;
	size_t n;
	size_t cap;
};

struct np_stat_entry;

/* Valid when zeroed (an empty cache that is never saved). */
struct np_statcache {
	char *file; /* where it is kept; NULL: in memory only */
	struct np_stat_entry *v;
	size_t n;
	size_t cap;
	struct np_index ix; /* path -> its newest entry */
	bool dirty;
};

/* Reads the cache kept in file. A missing or unreadable file is an empty cache. */
void np_statcache_open(struct np_statcache *c, const char *file);
/*
 * Writes it back (atomically) when it changed and its directory exists. Failing to is not an
 * error worth stopping for: the next run hashes again.
 */
void np_statcache_save(struct np_statcache *c);
void np_statcache_close(struct np_statcache *c);

/*
 * Fingerprints path. With a cache (optional), a file whose identity is unchanged is not read
 * again. A missing file is an error naming it.
 */
bool np_fingerprint_file(struct np_statcache *c, const char *path, struct np_fingerprint *out,
	struct np_error *err);
/*
 * Compares the file at want->path with want: NULL when it matches, else what changed
 * ("/usr/lib/libz.so now resolves to ...", "... sha256 was 1a2b..., now 3c4d..."), caller-freed.
 */
char *np_fingerprint_check(struct np_statcache *c, const struct np_fingerprint *want);

/* Only the SHA-256 of path (symlinks followed), remembered under path as given. */
bool np_fingerprint_digest(struct np_statcache *c, const char *path,
	char sha[NP_HASH_HEX_LEN + 1], struct np_error *err);

void np_fingerprint_copy(struct np_fingerprint *dst, const struct np_fingerprint *src);
void np_fingerprint_release(struct np_fingerprint *f);
/* Appends a fingerprint (taking ownership of its strings). */
void np_fingerprints_push(struct np_fingerprints *l, struct np_fingerprint *f);
void np_fingerprints_release(struct np_fingerprints *l);

#endif
