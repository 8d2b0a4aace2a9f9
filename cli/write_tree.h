/*
 * write_tree: the output tree every consumer points at (DESIGN §7):
 *
 *   resolution.json                    every resolved package
 *   env/all.env env/all.sh env/<links>.env
 *   cargo/<links>.txt cargo/config.toml
 *   lib/pkgconfig/<module>.pc
 *   lib/cmake/<Pkg>/<Pkg>Config.cmake, <Pkg>ConfigVersion.cmake
 *   cps/<name>.cps
 */
#ifndef NP_CLI_WRITE_TREE_H
#define NP_CLI_WRITE_TREE_H

#include <stdbool.h>

#include "cli/write_cargo.h"
#include "core/error.h"
#include "core/resolution.h"
#include "core/strv.h"

enum np_tree_part {
	NP_TREE_JSON = 1,
	NP_TREE_ENV = 2,
	NP_TREE_CARGO = 4,
	NP_TREE_PKGCONFIG = 8,
	NP_TREE_CMAKE = 16,
	NP_TREE_CPS = 32,
	NP_TREE_ALL = 63,
};

/* "env,cmake": the parts named (json, env, cargo, pkg-config, cmake, cps); usage error else. */
bool np_write_tree_parts(const char *list, unsigned *parts, struct np_error *err);

/*
 * Renders every file of `parts` first, so a value some format refuses writes nothing at all;
 * then writes each file atomically (temporary file + rename), resolution.json last. A file
 * that already holds the same bytes is left untouched. Written paths go to `written`
 * (optional).
 *
 * With `stamp`, the tree also records in <dir>/tree-stamp a digest of the resolutions and the
 * identity (device, inode, size, times) of each file it holds; a later call with the same
 * digest whose files are all untouched renders nothing (rendering a thousand packages' files
 * was most of a warm resolve).
 */
/*
 * `others` (optional): the answers of the workspace's other targets, whose tables
 * cargo/config.toml carries too (after the target's own), so one file serves `cargo build
 * --target` for every target resolved.
 */
bool np_write_tree(const struct np_resolution_set *set, const char *target,
	const struct np_cargo_target *others, size_t nothers, const char *dir, unsigned parts,
	bool stamp, struct np_strv *written, struct np_error *err);
/* Whether the stamped tree in dir is exactly what np_write_tree would leave: nothing to do. */
bool np_tree_current(const struct np_resolution_set *set, const char *target,
	const struct np_cargo_target *others, size_t nothers, const char *dir, unsigned parts);
/* The stamped tree's files in dir, tree-stamp first, as absolute paths; false when dir holds no
 * stamped tree. */
bool np_tree_files(const char *dir, struct np_strv *paths);

#endif
