/*
 * toolchain: the programs, flags and sysroot that build for the target (DESIGN §8), resolved
 * once per run from, highest first:
 *
 *   1. the command line: --toolchain KEY=VALUE, --sysroot DIR;
 *   2. the environment, in the lookup Rust's cc, pkg-config and cmake crates use, after
 *      nativepkg's own target-scoped form: NATIVEPKG_CC_<TRIPLE>, CC_<rust-triple>,
 *      CC_<rust_triple_with_underscores>, TARGET_CC (a foreign target only), CC;
 *   3. a CMake toolchain file or meson cross file the user names (CMAKE_TOOLCHAIN_FILE,
 *      NATIVEPKG_MESON_CROSS_FILE or the keys below), read for the values it sets;
 *   4. "targets": {"<triple>": {"toolchain": {KEY: VALUE}}} in nativepkg.json, then in the
 *      user config;
 *   5. for a foreign target, <gnu-triple>-gcc, -g++, -ar, -ranlib, -strip, -windres on PATH;
 *      for the host, cc, c++ and ar.
 *
 * Every variable read is kept per value, so a resolver records as inputs exactly the ones its
 * answer depends on. The identity (every value, and the hashes of the files named) is part of
 * every build key and lock entry.
 */
#ifndef NP_CORE_TOOLCHAIN_H
#define NP_CORE_TOOLCHAIN_H

#include <stdbool.h>

#include "core/config.h"
#include "core/error.h"
#include "core/inputs.h"
#include "core/strv.h"
#include "core/target.h"
#include "core/trace.h"

enum np_tool {
	NP_TOOL_CC,
	NP_TOOL_CXX,
	NP_TOOL_AR,
	NP_TOOL_RANLIB,
	NP_TOOL_STRIP,
	NP_TOOL_WINDRES,
	NP_TOOL_CFLAGS,
	NP_TOOL_CXXFLAGS,
	NP_TOOL_LDFLAGS,
	NP_TOOL_SYSROOT,
	NP_TOOL_CMAKE_TOOLCHAIN_FILE,
	NP_TOOL_MESON_CROSS_FILE,
	NP_TOOL_PKG_CONFIG_PATH,
	NP_TOOL_PKG_CONFIG_LIBDIR,
	NP_TOOL_PKG_CONFIG_SYSROOT_DIR,
	NP_TOOL_COUNT,
};

/* Sets of tools, for recording what a resolver read. */
#define NP_TOOLS_ALL ((1u << NP_TOOL_COUNT) - 1)
#define NP_TOOLS_COMPILE ((1u << NP_TOOL_CC) | (1u << NP_TOOL_CFLAGS) | (1u << NP_TOOL_SYSROOT) | \
	(1u << NP_TOOL_CMAKE_TOOLCHAIN_FILE) | (1u << NP_TOOL_MESON_CROSS_FILE))
#define NP_TOOLS_PKG_CONFIG ((1u << NP_TOOL_PKG_CONFIG_PATH) | (1u << NP_TOOL_PKG_CONFIG_LIBDIR) | \
	(1u << NP_TOOL_PKG_CONFIG_SYSROOT_DIR) | (1u << NP_TOOL_SYSROOT))

/* Valid when zeroed; filled by np_toolchain_resolve. */
struct np_toolchain {
	struct np_target target;
	struct np_target host;
	bool foreign;
	char *value[NP_TOOL_COUNT];  /* NULL: not set (a program found on PATH counts as set) */
	char *origin[NP_TOOL_COUNT]; /* "env CC_aarch64-unknown-linux-gnu", "PATH", ... */
	struct np_strv env[NP_TOOL_COUNT]; /* the variables read for each value, set or not */
	struct np_strv files;        /* the toolchain and cross files read */
	/* Why there is no C compiler: every place looked at. NULL when there is one. */
	char *missing;
	char *identity;              /* what build keys record: every value that changes what a
	                                build produces, but the host's defaults ("" for those) */
};

/* The config-file key of a tool ("cc", "cmake_toolchain_file"). */
const char *np_toolchain_key(enum np_tool t);
/* The tool a config-file or --toolchain key names; false when none does. */
bool np_toolchain_from_key(const char *key, enum np_tool *out);
/* Whether a tool's value is a path (relative values are relative to the file giving them). */
bool np_toolchain_is_path(enum np_tool t);

/*
 * Resolves the toolchain for cfg's target (see above). A value that cannot be used — a
 * toolchain file that does not exist — is NP_EXIT_INPUT. A missing compiler is not an error
 * here (pkg-config and the lock need none): tc->missing says what was tried, and
 * np_toolchain_compiler fails with it when one is needed.
 */
bool np_toolchain_resolve(struct np_toolchain *tc, const struct np_config *cfg,
	struct np_error *err);
void np_toolchain_release(struct np_toolchain *tc);

/* A tool's value, or NULL. Borrowed. */
const char *np_toolchain_get(const struct np_toolchain *tc, enum np_tool t);
/* The C compiler command ("aarch64-linux-gnu-gcc"), or NP_EXIT_FAILURE naming what was tried. */
const char *np_toolchain_compiler(const struct np_toolchain *tc, struct np_error *err);
/* Records in `in` the variables and files read for the tools in mask (NP_TOOLS_...). */
void np_toolchain_inputs(const struct np_toolchain *tc, unsigned mask, struct np_inputs *in);
/* The sysroot .pc files are read in: PKG_CONFIG_SYSROOT_DIR, else the sysroot; NULL if none. */
const char *np_toolchain_pkg_config_sysroot(const struct np_toolchain *tc);
/*
 * Where the target's .pc files are, as a cross pkg-config searches: PKG_CONFIG_PATH, then
 * PKG_CONFIG_LIBDIR or the target's own directories — (<sysroot>)/usr(/local)/lib/<multiarch>/
 * pkgconfig, and in a sysroot its lib/ and share/pkgconfig; Debian's /usr/<triple>/lib/pkgconfig
 * for mingw-w64 — appended to dirs.
 */
void np_toolchain_pkg_config_dirs(const struct np_toolchain *tc, struct np_strv *dirs);
/* Notes every value and where it came from on a trace step (explain). */
void np_toolchain_describe(const struct np_toolchain *tc, struct np_trace_step *step);

#endif
