/* Unit tests for core/config: precedence and where each value came from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/fs.h"

#define SCRATCH_NAME "config"
#include "tests/unit/scratch.h"

static void
write_file(const char *name, const char *text)
{
	char *path = np_path_join(dir, name);
	struct np_error err = {0};
	assert_true(np_fs_write_atomic(path, text, strlen(text), &err));
	free(path);
}

static void
get(struct np_config *cfg, enum np_setting s, char **value, char **origin)
{
	struct np_inputs in = {0};
	np_config_get(cfg, &in, NULL, "zlib", s, value, origin);
	np_inputs_release(&in);
}

static void
test_precedence(void **state)
{
	struct np_config cfg = {0};
	struct np_inputs in = {0};
	struct np_error err = {0};
	char *m = np_path_join(dir, "nativepkg.json"), *u = np_path_join(dir, "user.json");
	char *value, *origin, *want;

	(void)state;
	write_file("nativepkg.json", "{\n \"mode\": \"system\",\n \"overrides\": {\"zlib\": {\"root\": \"m\"}}\n}");
	write_file("user.json", "{\"static\": true, \"overrides\": {\"zlib\": {\"root\": \"/u\", \"libs\": [\"z\", \"m\"]}}}");
	assert_true(np_config_set_target(&cfg, "x86_64-linux-gnu", "x86_64-linux-gnu", &err));
	assert_true(np_config_load(&cfg, m, u, &in, &err));
	assert_int_equal(in.files.n, 2);

	/* The manifest beats the user config; relative paths are relative to the manifest. */
	get(&cfg, NP_SETTING_ROOT, &value, &origin);
	want = np_path_join(dir, "m");
	assert_string_equal(value, want);
	assert_true(strstr(origin, "nativepkg.json:3:") != NULL);
	free(want), free(value), free(origin);

	/* The user config fills what the manifest does not say; lists become one string. */
	get(&cfg, NP_SETTING_LIBS, &value, &origin);
	assert_string_equal(value, "z m");
	free(value), free(origin);
	get(&cfg, NP_SETTING_STATIC, &value, &origin);
	assert_string_equal(value, "1");
	free(value), free(origin);

	/* Plain env beats files; the target-scoped variable beats the plain one. */
	setenv("NATIVEPKG_ZLIB_ROOT", "/env", 1);
	get(&cfg, NP_SETTING_ROOT, &value, &origin);
	assert_string_equal(value, "/env");
	assert_string_equal(origin, "env NATIVEPKG_ZLIB_ROOT");
	free(value), free(origin);
	setenv("NATIVEPKG_ZLIB_ROOT_X86_64_LINUX_GNU", "/target", 1);
	get(&cfg, NP_SETTING_ROOT, &value, &origin);
	assert_string_equal(value, "/target");
	free(value), free(origin);

	/* A global variable beats a per-package value in a file; the command line beats all. */
	setenv("NATIVEPKG_MODE", "auto", 1);
	get(&cfg, NP_SETTING_MODE, &value, &origin);
	assert_string_equal(value, "auto");
	free(value), free(origin);
	cfg.cli[NP_SETTING_MODE] = np_xstrdup("build");
	get(&cfg, NP_SETTING_MODE, &value, &origin);
	assert_string_equal(value, "build");
	assert_string_equal(origin, "the command line");
	free(value), free(origin);

	unsetenv("NATIVEPKG_ZLIB_ROOT");
	unsetenv("NATIVEPKG_ZLIB_ROOT_X86_64_LINUX_GNU");
	unsetenv("NATIVEPKG_MODE");
	np_config_release(&cfg);
	np_inputs_release(&in);
	free(m);
	free(u);
}

static void
test_parsers(void **state)
{
	bool b;
	enum np_mode mode;

	(void)state;
	assert_true(np_setting_parse_bool("YES", &b) && b);
	assert_true(np_setting_parse_bool("off", &b) && !b);
	assert_false(np_setting_parse_bool("2", &b));
	assert_true(np_setting_parse_mode("system", &mode) && mode == NP_MODE_SYSTEM);
	assert_false(np_setting_parse_mode("System", &mode));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_parsers),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
