/*
 * write_tree: the output tree every consumer points at (DESIGN §7): resolution.json,
 * env/all.env, env/all.sh, env/<links>.env and cargo/<links>.txt under one directory.
 */
#ifndef NP_CLI_WRITE_TREE_H
#define NP_CLI_WRITE_TREE_H

#include <stdbool.h>

#include "core/error.h"
#include "core/resolution.h"
#include "core/strv.h"

/*
 * Renders every file first, so a value some format refuses writes nothing at all; then writes
 * each file atomically (temporary file + rename), resolution.json last. A file that already
 * holds the same bytes is left untouched. The paths are appended to `written` (optional).
 */
bool np_write_tree(const struct np_resolution_set *set, const char *target, const char *dir,
	struct np_strv *written, struct np_error *err);

#endif
