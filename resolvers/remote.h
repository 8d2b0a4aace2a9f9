/*
 * remote: binary caches — finished builds shared through any HTTP object store that takes
 * PUT (a WebDAV location, an S3-compatible gateway, an Artifactory generic repository) or a
 * file:// directory (docs/building.md). A build is stored under its build key as two objects:
 *
 *   <url>/<name>-<version>-<key>.tar.gz   the prefix, packed (paths relative to it)
 *   <url>/<name>-<version>-<key>.json     its manifest: key, the key's inputs, the original
 *                                         prefix, the archive's sha256 and size, and the
 *                                         prefix's listing (listing.h: every directory, file
 *                                         with size and sha256, symlink with target);
 *                                         written last
 *
 * An object is someone else's bytes. A restore installs exactly the listing and nothing
 * else, only once it holds together (no symlink out of the prefix or through another), the
 * unpacked tree is exactly it, and the prefix is verified as a build made here; then it
 * rewrites the original prefix in the text files that embed it (.pc files, CMake configs,
 * libtool .la files, *-config scripts), never through a symlink. Libraries find their
 * dependencies through RUNPATHs relative to themselves ($ORIGIN), which survive the move. A
 * cache that is down or serves a bad object is a warning saying what is wrong, never a wrong
 * answer: the build happens locally. An upload never carries the binary cache's token or a
 * URL's credentials.
 */
#ifndef NP_RESOLVERS_REMOTE_H
#define NP_RESOLVERS_REMOTE_H

#include <stdbool.h>

#include "resolvers/resolver.h"

/*
 * Tries each binary cache in order for the build with this key; on a hit, unpacks, checks,
 * relocates and verifies it into `staged` (a new directory the caller renames to `final` once
 * it has its marker). *restored says whether one did; a bad object is a warning on the trace
 * and leaves `staged` absent. Fails only when this machine does (`staged` cannot be made).
 */
bool np_remote_restore(struct np_resolve_ctx *ctx, const struct np_request *req, const char *key,
	const char *final, const char *staged, struct np_trace_step *step, bool *restored,
	struct np_error *err);

/*
 * Uploads the finished build in `final` to every read-write cache. key_text is what its key
 * hashed (NULL: what the build's marker recorded; URL credentials are masked in the
 * manifest). A build a restore would refuse, or one holding a credential, is not uploaded.
 * Failures are warnings (trace), or errors with `strict` (`nativepkg cache push`).
 */
bool np_remote_push(struct np_resolve_ctx *ctx, const struct np_recipe *r, const char *key,
	const char *key_text, enum np_link link, const char *final, struct np_trace_step *step,
	bool strict, struct np_error *err);

#endif
