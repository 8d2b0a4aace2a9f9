/*
 * remote: binary caches — finished builds shared through any HTTP object store that takes
 * PUT (a WebDAV location, an S3-compatible gateway, an Artifactory generic repository) or a
 * file:// directory (docs/building.md). A build is stored under its build key as two objects:
 *
 *   <url>/<name>-<version>-<key>.tar.gz   the prefix, packed (paths relative to it)
 *   <url>/<name>-<version>-<key>.json     its manifest: key, the key's inputs, the original
 *                                         prefix, the archive's sha256 and size, and each
 *                                         file's size and sha256 (written last)
 *
 * A restore verifies the archive and every file, then rewrites the original prefix in the
 * text files that embed it (.pc files, CMake configs, libtool .la files, *-config scripts), so
 * the prefix works where this cache keeps it. Libraries find their dependencies through
 * RUNPATHs relative to themselves ($ORIGIN), which survive the move. A cache that is down or
 * serves a corrupt object is a warning, never a wrong answer: the build happens locally.
 */
#ifndef NP_RESOLVERS_REMOTE_H
#define NP_RESOLVERS_REMOTE_H

#include <stdbool.h>

#include "resolvers/resolver.h"

/*
 * Tries each binary cache in order for the build with this key; on a hit, unpacks and
 * relocates it into `staged` (a new directory the caller renames to `final` once it has its
 * marker). *restored says whether one did.
 */
bool np_remote_restore(struct np_resolve_ctx *ctx, const struct np_request *req, const char *key,
	const char *final, const char *staged, struct np_trace_step *step, bool *restored,
	struct np_error *err);

/*
 * Uploads the finished build in `final` to every read-write cache. key_text is what its key
 * hashed (NULL: what the build's marker recorded). Failures are warnings (trace), or errors
 * with `strict` (`nativepkg cache push`).
 */
bool np_remote_push(struct np_resolve_ctx *ctx, const struct np_recipe *r, const char *key,
	const char *key_text, enum np_link link, const char *final, struct np_trace_step *step,
	bool strict, struct np_error *err);

#endif
