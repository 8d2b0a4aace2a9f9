/*
 * cross: the target's toolchain (core/toolchain.h) as each build system takes it — a CMake
 * toolchain file, a meson cross file, autotools' --host/--build, make variables — and the
 * build environment that goes with it, so a build for another target never sees the host's
 * compiler, headers, libraries or .pc files (DESIGN §6, §8). Drivers take the arguments as
 * they are; none looks at a triple itself.
 */
#ifndef NP_RESOLVERS_CROSS_H
#define NP_RESOLVERS_CROSS_H

#include <stdbool.h>

#include "core/error.h"
#include "core/recipe.h"
#include "core/strv.h"
#include "core/toolchain.h"

/* Whether builds for this toolchain are cross builds (a foreign target, or a toolchain or
 * cross file the user named). */
bool np_cross_active(const struct np_toolchain *tc);

/*
 * The environment of a build: CC, CXX, AR (and for a cross build RANLIB, STRIP, WINDRES, RC),
 * the flags, and pkg-config's search path for the target (PKG_CONFIG_LIBDIR, _SYSROOT_DIR; the
 * host's never for a foreign target, whose CPATH, C_INCLUDE_PATH and LIBRARY_PATH are dropped).
 * extra_cflags is added to CFLAGS and CXXFLAGS ("-fPIC" for a static build). env is the
 * environment so far, changed in place.
 */
void np_cross_env(const struct np_toolchain *tc, const char *extra_cflags, struct np_strv *env);

/*
 * The configure arguments of a cross build for the recipe's build system, written into
 * workdir where they are files (toolchain.cmake, cross.ini): the user's own CMake toolchain
 * file or meson cross file when named, else one generated from the toolchain. env is the
 * build's environment (its CPPFLAGS/LDFLAGS carry the dependencies; a meson cross build gets
 * them in its cross file instead, and they leave env, which meson would give the build
 * machine); prefix_path the dependencies' prefixes, searched as the target's. Nothing for a
 * native build.
 */
bool np_cross_args(const struct np_toolchain *tc, const struct np_recipe *r, const char *workdir,
	struct np_strv *env, const struct np_strv *prefix_path, struct np_strv *args,
	struct np_error *err);

#endif
