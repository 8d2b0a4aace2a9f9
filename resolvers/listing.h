/*
 * listing: what a binary-cache object holds, as its manifest lists it — every directory,
 * regular file (size, sha256) and symlink (target) of a prefix, by the relative path the
 * packer wrote — and the rules that make such a tree safe to install (docs/security.md):
 *
 *  - every path is plain: relative, without empty, "." or ".." components, listed once;
 *  - every entry's directory is itself listed as a directory, so no path passes through a
 *    symlink;
 *  - every symlink, resolved against the listing from its own directory, stays inside the
 *    prefix, never passes through another symlink (or a file) on the way, and, followed to its
 *    end (libz.so -> libz.so.1 -> libz.so.1.3), lands on a listed file or directory.
 *
 * A tree on disk is checked against a listing without following any symlink in it: it must
 * hold exactly the listed entries, each of the listed kind, files with the listed size and
 * sha256, symlinks with the listed target.
 */
#ifndef NP_RESOLVERS_LISTING_H
#define NP_RESOLVERS_LISTING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/index.h"
#include "core/json.h"
#include "core/strv.h"

enum np_listing_kind {
	NP_LISTING_DIR,
	NP_LISTING_FILE,
	NP_LISTING_LINK,
};

struct np_listing_entry {
	const char *path;   /* borrowed from the manifest */
	enum np_listing_kind kind;
	double size;        /* NP_LISTING_FILE */
	const char *sha256; /* NP_LISTING_FILE */
	const char *target; /* NP_LISTING_LINK */
	bool seen;          /* found on disk by np_listing_match */
};

/* Valid when zeroed. */
struct np_listing {
	struct np_listing_entry *v;
	size_t n, cap;
	struct np_index ix; /* path -> position in v */
};

/*
 * Reads a manifest's "dirs" (paths), "files" ({path, size, sha256}) and "links" ({path,
 * target}) into l, borrowing its strings (m must outlive l), and checks the rules above. A
 * top-level entry named `reserved` (optional: nativepkg's build marker) is refused. Errors:
 * NP_EXIT_INPUT when malformed, NP_EXIT_UNSAFE when a rule is broken, naming the entry.
 */
bool np_listing_load(struct np_listing *l, const struct np_json *m, const char *reserved,
	struct np_error *err);

/*
 * Whether the tree at dir is exactly the listing (see above; every listed file is read
 * through, opened without following a symlink). Errors: NP_EXIT_UNSAFE for an entry that is
 * not listed or of another kind, NP_EXIT_INTEGRITY for a listed entry missing or different.
 */
bool np_listing_match(struct np_listing *l, const char *dir, struct np_error *err);

/*
 * Lists the tree at dir into m's "dirs", "files" and "links" (added to it), leaving out the
 * top-level entry named `skip` (optional). Fails (NP_EXIT_UNSAFE) when a name, a symlink's
 * target or a file's bytes hold one of the `secrets` (optional), naming where.
 */
bool np_listing_describe(const char *dir, const char *skip, const struct np_strv *secrets,
	struct np_json *m, struct np_error *err);

/* Which of the secrets (borrowed) occurs in data[0..n), or NULL. */
const char *np_listing_secret_in(const struct np_strv *secrets, const char *data, size_t n);

void np_listing_release(struct np_listing *l);

#endif
