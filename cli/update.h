/*
 * update: resolving the workspace's whole graph and recording the answer — nativepkg.lock and
 * the output tree — under the workspace's write lock, so concurrent writers take turns and a
 * reader sees one complete state or the next. The graph is resolved first without the lock: a
 * run whose lock and tree already hold the answer writes nothing and takes no lock; otherwise
 * it takes the lock and, if another process changed nativepkg.lock meanwhile, resolves again.
 * `resolve` and `add` do this; the consumers' commands only read the lock.
 *
 * The graph's roots: the manifest's dependencies for the target and the packages named; in a
 * workspace without a manifest, also the packages named by earlier runs (the lock remembers
 * them). The lock's entries for the target become exactly the graph's.
 */
#ifndef NP_CLI_UPDATE_H
#define NP_CLI_UPDATE_H

#include <stdbool.h>

#include "cli/session.h"
#include "core/resolution.h"
#include "core/strv.h"

/*
 * Resolves and records. `changes` receives what changed in the lock ("zlib: version 1.2.13 ->
 * 1.3.1"). With --locked, any change is an error (NP_EXIT_INPUT) listing them, and the lock
 * is not written.
 */
bool np_update_workspace(struct np_session *s, const struct np_strv *names,
	struct np_resolution_set *set, struct np_strv *changes, struct np_error *err);

/*
 * Prints one line per package (name, version, method, link kind, "locked" when the lock's
 * answer was reused, where it is), the lock's changes and the output tree's path ("wrote",
 * or "up to date:" when no file of it needed replacing).
 */
void np_update_report(struct np_session *s, const struct np_resolution_set *set,
	const struct np_strv *changes);

#endif
