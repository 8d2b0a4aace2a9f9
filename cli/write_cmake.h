/*
 * write_cmake: a CMake package config per exported package, so `find_package(ZLIB CONFIG)`
 * (or any find_package, through cmake/NativePkg.cmake's dependency provider) gets nativepkg's
 * answer: <Pkg>Config.cmake with imported targets named as upstream and CMake's Find modules
 * name them, plus the classic result variables real projects still read; and
 * <Pkg>ConfigVersion.cmake with the recipe's compatibility rule and an architecture check.
 */
#ifndef NP_CLI_WRITE_CMAKE_H
#define NP_CLI_WRITE_CMAKE_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

/*
 * Renders both files of r (r->cmake_package must be set). Paths are quoted for CMake; a ';'
 * in a path cannot be carried (CMake would split it into a list) and is refused with
 * NP_EXIT_INPUT.
 */
bool np_write_cmake(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *config, struct np_buf *version, struct np_error *err);

/*
 * The config and version files of `alias`, another name for r's package (EXPAT for expat):
 * they include r's own, and say the alias was found. r->cmake_package must be set.
 */
bool np_write_cmake_alias(const struct np_resolution *r, const char *alias,
	struct np_buf *config, struct np_buf *version, struct np_error *err);

/*
 * nativepkg.cmake, the tree's project include: given to an unmodified project as
 * -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES=<tree>/nativepkg.cmake (CMake 3.24+), it answers every
 * find_package() of a package the tree has a config for — module mode or not — from the tree,
 * and leaves every other package to CMake's usual search. Relocatable: it names the tree
 * relative to itself.
 */
bool np_write_cmake_project_include(const struct np_resolution_set *set, struct np_buf *out,
	struct np_error *err);

/* The library file lib<name> of r (shared object or archive, for its link kind), or NULL.
 * Caller frees. Shared with the CPS writer. */
char *np_write_cmake_library_file(const struct np_resolution *r, const char *name);

#endif
