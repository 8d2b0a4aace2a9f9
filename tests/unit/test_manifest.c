/* Unit tests for core/manifest: validation, dependencies, where settings are read, editing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/manifest.h"

static void
parse(struct np_manifest *m, const char *text, enum np_manifest_kind kind, bool ok,
	const char *message)
{
	struct np_error err = {0};

	memset(m, 0, sizeof *m);
	assert_int_equal(np_manifest_parse(m, text, strlen(text), "/ws/nativepkg.json", kind, &err), ok);
	if (!ok) {
		assert_int_equal(err.code, NP_EXIT_INPUT);
		if (strstr(err.msg, message) == NULL)
			fail_msg("expected \"%s\" in:\n%s", message, err.msg);
	}
	np_error_release(&err);
}

static void
test_invalid(void **state)
{
	static const struct {
		const char *text, *message;
		enum np_manifest_kind kind;
	} cases[] = {
		{"[]", "must be a JSON object", NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {\"zlib\": 5}}", "must be a version range string or an object",
			NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {\"zlib\": \">= \"}}", ":1:27: the version of zlib", NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {\"Zlib\": \"*\"}}", "not a valid package name", NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {\"zlib\": {\"root\": \"/x\"}}}", "locations go in \"overrides\"",
			NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {\"zlib\": {\"static\": 1}}}", "\"static\" must be true or false",
			NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {\"zlib\": {\"provider\": \"Z NG\"}}}", "must be a package name",
			NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {}}", "belong in a workspace's nativepkg.json", NP_MANIFEST_USER},
		{"{\"targets\": {\"x y\": {}}}", "is not a target triple", NP_MANIFEST_WORKSPACE},
		{"{\"targets\": {\"aarch64-linux-gnu\": {\"targets\": {}}}}", "unknown key \"targets\" in "
			"target", NP_MANIFEST_WORKSPACE},
		{"{\"dependencies\": {\"zlib\": {\"static\": true}}, \"overrides\": {\"zlib\": {\"static\": "
			"false}}}", "\"static\" of zlib is also set by its dependency entry",
			NP_MANIFEST_WORKSPACE},
		{"{\"mode\": \"fast\"}", "\"mode\" must be", NP_MANIFEST_WORKSPACE},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_manifest m;
		parse(&m, cases[i].text, cases[i].kind, false, cases[i].message);
		np_manifest_release(&m);
	}
}

static void
test_dependencies(void **state)
{
	struct np_manifest m;
	struct np_dependencies d = {0};

	(void)state;
	parse(&m, "{\n"
		  "  \"dependencies\": {\"libpng\": \">= 1.6\", \"zlib\": {\"version\": \"*\"}},\n"
		  "  \"targets\": {\"aarch64-linux-gnu\": {\"dependencies\": {\"zlib\": \">= 1.3\", "
		  "\"zstd\": \"*\"}}}\n"
		  "}", NP_MANIFEST_WORKSPACE, true, NULL);
	np_manifest_dependencies(&m, "x86_64-linux-gnu", &d);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].name, "libpng");
	assert_string_equal(d.v[0].range, ">= 1.6");
	assert_string_equal(d.v[0].origin, "/ws/nativepkg.json:2:20");
	assert_null(d.v[1].range);
	np_dependencies_release(&d);

	/* The target section replaces zlib's entry in place and adds zstd. */
	np_manifest_dependencies(&m, "aarch64-linux-gnu", &d);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[1].name, "zlib");
	assert_string_equal(d.v[1].range, ">= 1.3");
	assert_string_equal(d.v[2].name, "zstd");
	np_dependencies_release(&d);
	np_manifest_release(&m);
}

static void
test_settings(void **state)
{
	struct np_manifest m;
	const struct np_json *v;
	char *where;

	(void)state;
	parse(&m, "{\"static\": false,"
		  " \"dependencies\": {\"zlib\": {\"mode\": \"build\"}},"
		  " \"overrides\": {\"zlib\": {\"root\": \"/opt/z\"}},"
		  " \"targets\": {\"aarch64-linux-gnu\": {\"static\": true,"
		  "   \"overrides\": {\"zlib\": {\"root\": \"/sysroot/z\"}}}}}",
		NP_MANIFEST_WORKSPACE, true, NULL);
	v = np_manifest_setting(&m, "x86_64-linux-gnu", "zlib", NP_SETTING_ROOT, &where);
	assert_string_equal(v->str, "/opt/z");
	assert_string_equal(where, "overrides.zlib.root");
	free(where);
	v = np_manifest_setting(&m, "aarch64-linux-gnu", "zlib", NP_SETTING_ROOT, &where);
	assert_string_equal(v->str, "/sysroot/z");
	assert_string_equal(where, "targets.aarch64-linux-gnu.overrides.zlib.root");
	free(where);
	v = np_manifest_setting(&m, "x86_64-linux-gnu", "zlib", NP_SETTING_MODE, &where);
	assert_string_equal(v->str, "build");
	assert_string_equal(where, "dependencies.zlib.mode");
	free(where);
	/* Global settings: the target section before the top level. */
	v = np_manifest_setting(&m, "aarch64-linux-gnu", "zlib", NP_SETTING_STATIC, &where);
	assert_true(v->boolean);
	assert_string_equal(where, "targets.aarch64-linux-gnu.static");
	free(where);
	v = np_manifest_setting(&m, "x86_64-linux-gnu", "zlib", NP_SETTING_STATIC, &where);
	assert_false(v->boolean);
	free(where);
	/* A per-package setting is not global. */
	assert_null(np_manifest_setting(&m, "x86_64-linux-gnu", "libpng", NP_SETTING_ROOT, &where));
	assert_null(where);
	np_manifest_release(&m);
}

static void
test_add(void **state)
{
	struct np_manifest m = {0};
	struct np_buf out = {0};
	struct np_error err = {0};
	char *settings[NP_SETTING_COUNT] = {NULL}, one[] = "1";

	(void)state;
	/* A new file. */
	assert_true(np_manifest_add(&m, "zlib", NULL, settings, &out, &err));
	assert_string_equal(np_buf_str(&out), "{\n  \"dependencies\": {\n    \"zlib\": \"*\"\n  }\n}\n");
	np_buf_reset(&out);
	/* A range replaces the string; a setting turns the entry into an object, keeping it. */
	assert_true(np_manifest_add(&m, "zlib", ">= 1.2", settings, &out, &err));
	np_buf_reset(&out);
	settings[NP_SETTING_STATIC] = one;
	assert_true(np_manifest_add(&m, "zlib", NULL, settings, &out, &err));
	assert_string_equal(np_buf_str(&out), "{\n  \"dependencies\": {\n    \"zlib\": {\n"
		"      \"version\": \">= 1.2\",\n      \"static\": true\n    }\n  }\n}\n");
	np_buf_reset(&out);
	settings[NP_SETTING_STATIC] = NULL;
	assert_true(np_manifest_add(&m, "libpng", NULL, settings, &out, &err));
	assert_non_null(strstr(np_buf_str(&out), "\"libpng\": \"*\""));
	/* What it renders is a valid manifest again. */
	{
		struct np_manifest again = {0};
		assert_true(np_manifest_parse(&again, np_buf_str(&out), out.len, "/ws/nativepkg.json",
			NP_MANIFEST_WORKSPACE, &err));
		np_manifest_release(&again);
	}
	np_buf_release(&out);
	np_manifest_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_dependencies),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
