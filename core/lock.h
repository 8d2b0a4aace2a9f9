/*
 * lock: nativepkg.lock, the workspace's record of one answer per native library per target
 * (docs/workspace.md). Deterministic JSON — entries sorted by target and links name, no
 * timestamps — holding for each: the package, version, method, link kind, what was asked
 * (range, mode, requesters), the recipe's hash, the build key and toolchain, the identities of
 * its dependencies, the whole answer, and fingerprints of the files it points at. What a
 * reused answer depends on (its inputs) is what the reuse reads: the settings, the recipe, the
 * lock and the fingerprinted files — so entries do not list inputs.
 */
#ifndef NP_CORE_LOCK_H
#define NP_CORE_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/fingerprint.h"
#include "core/index.h"
#include "core/resolution.h"
#include "core/strv.h"

#define NP_LOCK_FILE "nativepkg.lock"
/*
 * 2: answers carry their runtime directories and whether a runtime search path is emitted.
 * 3: answers carry their components (core/component.h) and requests their features.
 */
#define NP_LOCK_FORMAT 3
#define NP_LOCK_MAX_BYTES (64 * 1024 * 1024)

struct np_lock_entry {
	char *target;
	struct np_resolution res;    /* the answer, with its request fields and header facts */
	char *recipe_sha256;         /* NULL: no recipe file (a bare pkg-config module) */
	char *toolchain;             /* the compiler's identity; NULL when none was involved */
	struct np_kv dep_ids;        /* dependency -> np_resolution_identity() when locked */
	struct np_fingerprints files;
};

/* Valid when zeroed (an empty lock). */
struct np_lock {
	struct np_lock_entry **v;
	size_t n;
	size_t cap;
	struct np_index ix; /* "<target> <links>" -> position */
	/*
	 * The format of a lock an older nativepkg wrote (its answers lack what this one adds):
	 * read as an empty lock, so every package is resolved again. 0 when current.
	 */
	int old_format;
};

/* Loads path; a missing file is an empty lock. A damaged one is bad input (file:line:col). */
bool np_lock_load(struct np_lock *l, const char *path, struct np_error *err);
bool np_lock_parse(struct np_lock *l, const char *text, size_t len, const char *path,
	struct np_error *err);
/* The file's bytes: entries sorted by target, then links name. */
bool np_lock_render(const struct np_lock *l, struct np_buf *out, struct np_error *err);
void np_lock_release(struct np_lock *l);

/* Borrowed; NULL when absent. */
struct np_lock_entry *np_lock_find(const struct np_lock *l, const char *target, const char *links);
/* Adds e (ownership taken), replacing the entry with the same target and links name. */
void np_lock_put(struct np_lock *l, struct np_lock_entry *e);
/* Whether two locks hold the same entries (in any order), field for field. */
bool np_lock_equal(const struct np_lock *a, const struct np_lock *b);
/* Moves every entry of another target than `target` from `from` into `to`. */
void np_lock_move_other_targets(struct np_lock *from, const char *target, struct np_lock *to);
void np_lock_entry_free(struct np_lock_entry *e);

/*
 * What differs between two locks for target, one line per change ("zlib: version 1.2.13 ->
 * 1.3.1"), in links order. Only what changes which library consumers link counts: for a
 * package nativepkg built, the build key stands for its files (a rebuild with the same key,
 * elsewhere or after a cache clean, is not a change).
 */
void np_lock_diff(const struct np_lock *old, const struct np_lock *cur, const char *target,
	struct np_strv *changes);

#endif
