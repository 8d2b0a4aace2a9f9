/*
 * cache: nativepkg's machine-wide cache (DESIGN §6) — content-addressed downloads, finished
 * builds, their logs, and the per-key file locks that make concurrent processes build once.
 *
 *   <root>/downloads/sha256/<hex>        verified source archives
 *   <root>/builds/<name>-<version>-<key> finished install prefixes (present only when complete)
 *   <root>/logs/<name>-<version>-<key>.log
 *   <root>/locks/<key>.lock
 *   <root>/compilers/<hash>              what each compiler binary said it is (build keys)
 *   <root>/tmp/                          work directories and partial files
 *
 * The root is $NATIVEPKG_CACHE_DIR, else $XDG_CACHE_HOME/nativepkg, else ~/.cache/nativepkg.
 * It is trusted only when you own it and nobody else can write it (trust.h): nativepkg runs
 * what it finds there. Directories it creates are 0755 (the root, builds/: programs of other
 * users may load the libraries) or 0700 (the rest).
 *
 * An entry is what `cache clean` removes as one: a build ("zlib-1.3.1-<key16>": builds/<entry>
 * and logs/<entry>.log) or a download ("sha256-<hex>"). A process using one holds a shared
 * lock on locks/<entry>.use, which clean must take exclusively to remove it.
 */
#ifndef NP_CORE_CACHE_H
#define NP_CORE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/filelock.h"
#include "core/hash.h"
#include "core/inputs.h"
#include "core/strv.h"

/* Valid when zeroed. */
struct np_cache {
	char *root;
	const char *origin;            /* what named the root: NATIVEPKG_CACHE_DIR, XDG_CACHE_HOME, HOME */
	struct np_strv used;           /* the entries this process uses (np_cache_use) */
	struct np_filelock *use_locks; /* their shared locks, one per entry of `used` */
	size_t use_cap;
};

/*
 * Finds the root, creates its directories and checks that they may be trusted (np_trust_dir):
 * a refusal is NP_EXIT_INPUT saying how to fix it.
 */
bool np_cache_open(struct np_cache *c, struct np_inputs *in, struct np_error *err);
/* Releases what np_cache_use holds. */
void np_cache_close(struct np_cache *c);

/* Paths inside the cache; each result is caller-freed. */
char *np_cache_download(const struct np_cache *c, const char *sha256);
char *np_cache_build_dir(const struct np_cache *c, const char *name, const char *version,
	const char *key);
char *np_cache_log(const struct np_cache *c, const char *name, const char *version,
	const char *key);
/* A fresh, unique name under tmp/ (nothing is created): <what>.<pid>.<nanoseconds>.<n>. */
char *np_cache_tmp(const struct np_cache *c, const char *what);
/*
 * Whether a tmp/ entry (its file name) belongs to a process that is still running: a build's
 * work directory, a download in progress. A reused pid only keeps debris a little longer.
 */
bool np_cache_tmp_in_use(const char *name);

/* The entry a path under builds/ is ("zlib-1.3.1-<key16>"), borrowed from path; else NULL. */
const char *np_cache_build_entry(const struct np_cache *c, const char *path);

/*
 * Marks entry as in use by this process until np_cache_close (a shared lock, inherited by
 * builder processes, dropped by the kernel if the process dies). It waits (up to timeout_s)
 * only while a `cache clean` is removing the entry: the caller then checks it is still there.
 */
bool np_cache_use(struct np_cache *c, const char *entry, unsigned timeout_s,
	struct np_error *err);
/*
 * Removes an entry's files (paths, each moved aside then deleted) and its lock file, holding
 * the entry's lock exclusively — unless some process uses it: then *busy, and nothing is
 * removed.
 */
bool np_cache_remove(const struct np_cache *c, const char *entry, const struct np_strv *paths,
	bool *busy, struct np_error *err);
/* Removes the lock files under locks/ that nobody holds (each while holding it). */
void np_cache_sweep_locks(const struct np_cache *c);

/*
 * Takes the exclusive lock for key (locks/<key>.lock; see filelock.h), waiting up to timeout_s
 * seconds. Release it with np_filelock_release().
 */
bool np_cache_lock(const struct np_cache *c, const char *key, unsigned timeout_s,
	void (*waiting)(void *data, long holder), void *data, struct np_filelock *lock,
	struct np_error *err);

/*
 * Verifies path's SHA-256 and copies it into downloads/ (temp file + rename). *hex receives
 * the digest. When `expected` is given and differs, nothing is added (NP_EXIT_INTEGRITY).
 */
bool np_cache_add(const struct np_cache *c, const char *path, const char *expected,
	char hex[NP_HASH_HEX_LEN + 1], struct np_error *err);

/* Moves a cache entry aside (under tmp/) and deletes it, so it stops counting at once. */
bool np_cache_discard(const struct np_cache *c, const char *path, struct np_error *err);

#endif
