/* Unit tests for core/toolchain: where each value comes from, files read, PATH, what is missing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/fs.h"
#include "core/toolchain.h"

#define SCRATCH_NAME "toolchain"
#include "tests/unit/scratch.h"

static char *saved_path;

static void
write_file(const char *name, const char *text, bool exec)
{
	char *path = np_path_join(dir, name), *parent = np_path_dirname(path);
	struct np_error err = {0};

	assert_true(np_fs_mkdirs(parent, &err));
	assert_true(np_fs_write_atomic(path, text, strlen(text), &err));
	if (exec)
		assert_int_equal(chmod(path, 0755), 0);
	free(parent);
	free(path);
}

/* Every variable a test may set, cleared; PATH: only the scratch bin directory. */
static int
clean_env(void **state)
{
	static const char *const names[] = {"CC", "CXX", "AR", "CFLAGS", "TARGET_CC",
		"CC_aarch64-unknown-linux-gnu", "CC_aarch64_unknown_linux_gnu",
		"NATIVEPKG_CC_AARCH64_LINUX_GNU", "CMAKE_TOOLCHAIN_FILE", "NATIVEPKG_MESON_CROSS_FILE",
		"NATIVEPKG_SYSROOT", "NATIVEPKG_SYSROOT_AARCH64_LINUX_GNU", "PKG_CONFIG_PATH",
		"PKG_CONFIG_LIBDIR", "PKG_CONFIG_SYSROOT_DIR"};
	char *bin = np_path_join(dir, "bin");

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		unsetenv(names[i]);
	setenv("PATH", bin, 1);
	free(bin);
	return 0;
}

static int
setup(void **state)
{
	const char *path = getenv("PATH");

	saved_path = np_xstrdup(path ? path : "/usr/bin:/bin");
	return scratch_setup(state);
}

static int
teardown(void **state)
{
	setenv("PATH", saved_path, 1);
	free(saved_path);
	return scratch_teardown(state);
}

static void
resolve(struct np_toolchain *tc, struct np_config *cfg, const char *target)
{
	struct np_error err = {0};

	if (!np_config_set_target(cfg, target, "x86_64-linux-gnu", &err) ||
		!np_toolchain_resolve(tc, cfg, &err))
		fail_msg("%s", err.msg);
}

static void
test_host_defaults(void **state)
{
	struct np_config cfg = {0};
	struct np_toolchain tc = {0};

	(void)state;
	resolve(&tc, &cfg, "x86_64-unknown-linux-gnu");
	assert_false(tc.foreign);
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_CC), "cc");
	assert_string_equal(tc.origin[NP_TOOL_CC], "default");
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_CXX), "c++");
	assert_null(np_toolchain_get(&tc, NP_TOOL_WINDRES));
	/* The host's defaults are what a build key without a toolchain meant. */
	assert_string_equal(tc.identity, "");
	/* The host reads no TARGET_ forms (cc-rs reads them for a foreign target only). */
	assert_false(np_strv_contains(&tc.env[NP_TOOL_CC], "TARGET_CC"));
	assert_true(np_strv_contains(&tc.env[NP_TOOL_CC], "CC_x86_64-unknown-linux-gnu"));
	/* Another name of the default compiler (CMake's children get CC=/usr/bin/cc) is the same
	 * toolchain; another compiler is not. */
	{
		char *cc = np_path_join(dir, "bin/cc");
		write_file("bin/cc", "#!/bin/sh\n", true);
		write_file("bin/other-cc", "#!/bin/sh\n", true);
		setenv("CC", cc, 1);
		resolve(&tc, &cfg, "x86_64-linux-gnu");
		assert_string_equal(tc.origin[NP_TOOL_CC], "env CC");
		assert_string_equal(tc.identity, "");
		setenv("CC", "other-cc -m64", 1);
		resolve(&tc, &cfg, "x86_64-linux-gnu");
		assert_non_null(strstr(tc.identity, "/bin/other-cc -m64"));
		unsetenv("CC");
		free(cc);
	}
	np_toolchain_release(&tc);
	np_config_release(&cfg);
}

static void
test_env_order(void **state)
{
	static const char *const order[] = {"NATIVEPKG_CC_AARCH64_LINUX_GNU",
		"CC_aarch64-unknown-linux-gnu", "CC_aarch64_unknown_linux_gnu", "TARGET_CC", "CC"};
	struct np_config cfg = {0};
	struct np_toolchain tc = {0};
	struct np_inputs in = {0};

	(void)state;
	/* Set from the lowest up: each one set beats everything set before it. */
	for (size_t i = sizeof order / sizeof *order; i-- > 0;) {
		char *origin = np_xasprintf("env %s", order[i]);
		setenv(order[i], order[i], 1);
		resolve(&tc, &cfg, "aarch64-unknown-linux-gnu");
		assert_string_equal(np_toolchain_get(&tc, NP_TOOL_CC), order[i]);
		assert_string_equal(tc.origin[NP_TOOL_CC], origin);
		assert_non_null(strstr(tc.identity, order[i]));
		free(origin);
	}
	/* The command line beats them all. */
	np_kv_set(&cfg.tools, "cc", "from-the-command-line");
	resolve(&tc, &cfg, "aarch64-linux-gnu");
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_CC), "from-the-command-line");
	assert_string_equal(tc.origin[NP_TOOL_CC], "--toolchain cc");
	/* Every name read is an input of whoever uses the compiler. */
	np_kv_release(&cfg.tools);
	resolve(&tc, &cfg, "aarch64-linux-gnu");
	np_toolchain_inputs(&tc, NP_TOOLS_COMPILE, &in);
	assert_true(np_strv_contains(&in.env, "NATIVEPKG_CC_AARCH64_LINUX_GNU"));
	assert_true(np_strv_contains(&in.env, "CFLAGS_aarch64-unknown-linux-gnu"));
	assert_false(np_strv_contains(&in.env, "PKG_CONFIG_PATH"));
	np_inputs_release(&in);
	np_toolchain_release(&tc);
	np_config_release(&cfg);
	clean_env(NULL);
}

static void
test_path_and_missing(void **state)
{
	struct np_config cfg = {0};
	struct np_toolchain tc = {0};
	struct np_error err = {0};

	(void)state;
	/* Nothing set and no cross compiler: what was tried, and the Debian package. */
	resolve(&tc, &cfg, "aarch64-linux-gnu");
	assert_null(np_toolchain_compiler(&tc, &err));
	assert_int_equal(err.code, NP_EXIT_FAILURE);
	assert_non_null(strstr(err.msg, "no C compiler for aarch64-linux-gnu"));
	assert_non_null(strstr(err.msg, "CC_aarch64-unknown-linux-gnu"));
	assert_non_null(strstr(err.msg, "aarch64-linux-gnu-gcc on PATH"));
	assert_non_null(strstr(err.msg, "apt-get install gcc-aarch64-linux-gnu"));
	np_error_release(&err);
	resolve(&tc, &cfg, "x86_64-pc-windows-gnu");
	assert_non_null(strstr(tc.missing, "x86_64-w64-mingw32-gcc on PATH"));
	assert_non_null(strstr(tc.missing, "gcc-mingw-w64-x86-64"));

	/* <triple>-gcc and the binutils on PATH; windres only for Windows. */
	write_file("bin/aarch64-linux-gnu-gcc", "#!/bin/sh\n", true);
	write_file("bin/aarch64-linux-gnu-ar", "#!/bin/sh\n", true);
	write_file("bin/aarch64-linux-gnu-windres", "#!/bin/sh\n", true);
	write_file("bin/aarch64-linux-gnu-strip", "not executable", false);
	resolve(&tc, &cfg, "aarch64-linux-gnu");
	assert_null(tc.missing);
	assert_string_equal(np_toolchain_compiler(&tc, &err), "aarch64-linux-gnu-gcc");
	assert_non_null(strstr(tc.origin[NP_TOOL_CC], "PATH: "));
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_AR), "aarch64-linux-gnu-ar");
	assert_null(np_toolchain_get(&tc, NP_TOOL_STRIP));
	assert_null(np_toolchain_get(&tc, NP_TOOL_WINDRES));
	np_toolchain_release(&tc);
	np_config_release(&cfg);
}

static void
test_files_and_manifest(void **state)
{
	struct np_config cfg = {0};
	struct np_toolchain tc = {0};
	struct np_inputs in = {0};
	struct np_error err = {0};
	char *cmake = np_path_join(dir, "tc/arm.cmake"), *meson = np_path_join(dir, "tc/arm.ini");
	char *manifest = np_path_join(dir, "ws/nativepkg.json"), *want, *first;

	(void)state;
	write_file("tc/arm.cmake", "# a user's toolchain file\n"
		"set(CMAKE_SYSTEM_NAME Linux)\n"
		"  SET( CMAKE_C_COMPILER \"arm cc\" CACHE STRING \"\")\n"
		"set(CMAKE_AR ${TOOLS}/ar)\n"
		"set(CMAKE_SYSROOT ../root)\n"
		"set(CMAKE_C_FLAGS_INIT \"-march=armv7-a\")\n", false);
	write_file("tc/arm.ini", "[binaries]\nc = 'meson-cc'\nar = 'meson-ar'\n"
		"strip = ['meson-strip', '-x']\n[built-in options]\nc_args = ['-O1']\n", false);
	write_file("ws/nativepkg.json", "{\"targets\": {\"armv7-unknown-linux-gnueabihf\": {"
		"\"toolchain\": {\"cxx\": \"manifest-c++\", \"ar\": \"manifest-ar\", \"sysroot\": \"sr\"}}}}",
		false);
	assert_true(np_config_load(&cfg, manifest, NULL, &in, &err));
	setenv("CMAKE_TOOLCHAIN_FILE", cmake, 1);
	setenv("NATIVEPKG_MESON_CROSS_FILE", meson, 1);
	resolve(&tc, &cfg, "arm-linux-gnueabihf");
	/* The CMake file first (a value computed from a variable is not taken), then meson's. */
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_CC), "arm cc");
	assert_non_null(strstr(tc.origin[NP_TOOL_CC], "arm.cmake:3"));
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_AR), "meson-ar");
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_STRIP), "meson-strip -x");
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_CFLAGS), "-march=armv7-a");
	want = np_path_join(dir, "tc/../root");
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_SYSROOT), want);
	free(want);
	/* The manifest's section, in the Rust spelling, fills what the files do not set. */
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_CXX), "manifest-c++");
	assert_non_null(strstr(tc.origin[NP_TOOL_CXX], "nativepkg.json:1:"));
	assert_int_equal(tc.files.n, 2);
	/* The files are part of the identity, by content. */
	first = np_xstrdup(tc.identity);
	assert_non_null(strstr(first, "file "));
	write_file("tc/arm.ini", "[binaries]\nc = 'meson-cc'\nar = 'meson-ar2'\n", false);
	resolve(&tc, &cfg, "arm-linux-gnueabihf");
	assert_string_not_equal(first, tc.identity);
	free(first);

	/* Without the files, the manifest's values; its relative sysroot is relative to it. */
	unsetenv("CMAKE_TOOLCHAIN_FILE");
	unsetenv("NATIVEPKG_MESON_CROSS_FILE");
	resolve(&tc, &cfg, "arm-linux-gnueabihf");
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_AR), "manifest-ar");
	want = np_path_join(dir, "ws/sr");
	assert_string_equal(np_toolchain_get(&tc, NP_TOOL_SYSROOT), want);
	free(want);

	/* A named file that is not there is bad input. */
	setenv("CMAKE_TOOLCHAIN_FILE", "/nonexistent/x.cmake", 1);
	assert_true(np_config_set_target(&cfg, "arm-linux-gnueabihf", "x86_64-linux-gnu", &err));
	assert_false(np_toolchain_resolve(&tc, &cfg, &err));
	assert_int_equal(err.code, NP_EXIT_INPUT);
	assert_non_null(strstr(err.msg, "/nonexistent/x.cmake (env CMAKE_TOOLCHAIN_FILE) does not exist"));
	np_error_release(&err);
	np_toolchain_release(&tc);
	np_config_release(&cfg);
	np_inputs_release(&in);
	free(cmake), free(meson), free(manifest);
	clean_env(NULL);
}

static void
test_pkg_config_dirs(void **state)
{
	struct np_config cfg = {0};
	struct np_toolchain tc = {0};
	struct np_strv dirs = {0};

	(void)state;
	resolve(&tc, &cfg, "aarch64-linux-gnu");
	np_toolchain_pkg_config_dirs(&tc, &dirs);
	assert_true(np_strv_contains(&dirs, "/usr/lib/aarch64-linux-gnu/pkgconfig"));
	assert_false(np_strv_contains(&dirs, "/usr/lib/x86_64-linux-gnu/pkgconfig"));
	np_strv_release(&dirs);
	setenv("NATIVEPKG_SYSROOT_AARCH64_LINUX_GNU", "/sr", 1);
	setenv("PKG_CONFIG_PATH", "/extra", 1);
	resolve(&tc, &cfg, "aarch64-linux-gnu");
	np_toolchain_pkg_config_dirs(&tc, &dirs);
	assert_string_equal(dirs.v[0], "/extra");
	assert_true(np_strv_contains(&dirs, "/sr/usr/lib/aarch64-linux-gnu/pkgconfig"));
	assert_true(np_strv_contains(&dirs, "/sr/usr/share/pkgconfig"));
	assert_false(np_strv_contains(&dirs, "/usr/share/pkgconfig"));
	assert_string_equal(np_toolchain_pkg_config_sysroot(&tc), "/sr");
	np_strv_release(&dirs);
	resolve(&tc, &cfg, "x86_64-w64-mingw32");
	np_toolchain_pkg_config_dirs(&tc, &dirs);
	assert_true(np_strv_contains(&dirs, "/extra"));
	np_strv_release(&dirs);
	unsetenv("PKG_CONFIG_PATH");
	unsetenv("NATIVEPKG_SYSROOT_AARCH64_LINUX_GNU");
	resolve(&tc, &cfg, "x86_64-w64-mingw32");
	np_toolchain_pkg_config_dirs(&tc, &dirs);
	assert_int_equal(dirs.n, 1);
	assert_string_equal(dirs.v[0], "/usr/x86_64-w64-mingw32/lib/pkgconfig");
	np_strv_release(&dirs);
	np_toolchain_release(&tc);
	np_config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_host_defaults, clean_env),
		cmocka_unit_test_setup(test_env_order, clean_env),
		cmocka_unit_test_setup(test_path_and_missing, clean_env),
		cmocka_unit_test_setup(test_files_and_manifest, clean_env),
		cmocka_unit_test_setup(test_pkg_config_dirs, clean_env),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
