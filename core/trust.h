/*
 * trust: the one place that answers "may I use this path?" (DESIGN §6, Trust). nativepkg runs
 * what it finds in its cache, often as root: whoever can write a directory of the cache, or
 * replace one on the way to it, decides what nativepkg builds and runs. So, as ssh's
 * StrictModes and git's safe.directory do, the owner and the mode of every directory on the
 * way are checked before use, files of nativepkg's own are opened without following symlinks,
 * and a refusal says how to fix it. Refusals are NP_EXIT_INPUT (3): the configuration is bad.
 */
#ifndef NP_CORE_TRUST_H
#define NP_CORE_TRUST_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/error.h"

/*
 * Whether dir (absolute) may hold what nativepkg trusts. Every directory on the way to it,
 * symlinks followed, must be owned by you or root and writable by nobody else (group or
 * others) unless it is sticky, as /tmp is (there, nobody can replace what another owns); a
 * symlink on the way must be owned by you or root. dir itself must be owned by you and
 * writable by nobody else, sticky or not. A refusal's message is "<why>; fix: <commands>",
 * for the caller to prefix with what dir is. A dir that does not exist is NP_EXIT_FAILURE.
 */
bool np_trust_dir(const char *dir, struct np_error *err);

/*
 * Opens path, a file of nativepkg's own in a trusted directory (a lock, a log, a marker),
 * never through a symlink (O_NOFOLLOW) and close-on-exec; flags and mode as for open(2),
 * without ever blocking on a FIFO. The file must then be a regular file owned by you with
 * one link (another link makes it someone else's file too). Returns the descriptor, or -1
 * with err: NP_EXIT_INPUT for a file that is not trusted, NP_EXIT_FAILURE when open(2)
 * failed, with errno kept from it (ENOENT: no such file; EISDIR: a directory).
 */
int np_trust_open(const char *path, int flags, mode_t mode, struct np_error *err);

/*
 * Whether path, an entry nativepkg made in a trusted directory (a finished build), is still
 * its own: a directory, not a symlink, owned by you and writable by nobody else. *why
 * (static text) says what it is instead.
 */
bool np_trust_own_dir(const char *path, const char **why);

#endif
