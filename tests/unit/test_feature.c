/* Unit tests for core/feature: choosing features and applying the choice to a recipe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/feature.h"
#include "core/recipe.h"

static const char text[] =
	"{\"schema\": 2, \"name\": \"f\", \"version\": \"1\", \"links\": \"f\","
	" \"discover\": {\"headers\": [\"f.h\"]},"
	" \"components\": {\"f\": {\"lib\": \"f\"}, \"g\": {\"lib\": \"g\", \"requires\": [\"f\"]},"
	"   \"h\": {\"lib\": \"h\", \"requires\": [\"g\"]}},"
	" \"features\": {\"zeta\": {\"default\": true, \"options\": [\"-DZ=ON\"], \"off_options\": [\"-DZ=OFF\"]},"
	"   \"alpha\": {\"options\": [\"-DA=ON\"], \"components\": [\"g\", \"h\"],"
	"     \"dependencies\": {\"zlib\": {\"version\": \">= 1\", \"static\": true}}}},"
	" \"build\": {\"system\": \"cmake\", \"options\": [\"-DBASE=1\"]}}";

static void
load(struct np_recipe *r)
{
	struct np_error err = {0};
	if (!np_recipe_parse(text, sizeof text - 1, "f.json", r, &err))
		fail_msg("%s", err.msg);
}

static void
test_select(void **state)
{
	static const struct {
		const char *setting, *want;
	} cases[] = {
		{NULL, "zeta"},            /* the defaults */
		{"alpha", "alpha zeta"},   /* sorted */
		{"alpha, -zeta", "alpha"}, /* commas and spaces; '-' turns off */
		{"-zeta -alpha", ""},
		{"zeta zeta", "zeta"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_recipe r;
		struct np_strv sel = {0};
		struct np_error err = {0};
		char *got;
		load(&r);
		assert_true(np_feature_select(&r, cases[i].setting, "test", &sel, &err));
		got = np_strv_join(&sel, " ");
		assert_string_equal(got, cases[i].want);
		free(got);
		np_strv_release(&sel);
		np_recipe_release(&r);
	}
}

static void
test_apply(void **state)
{
	struct np_recipe r;
	struct np_strv sel = {0};
	struct np_error err = {0};

	(void)state;
	load(&r);
	assert_int_equal(r.libs.n, 3);
	assert_true(np_feature_select(&r, NULL, NULL, &sel, &err));
	np_feature_apply(&r, &sel);
	/* alpha is off: its components leave, with every requirement of them. */
	assert_int_equal(r.components.n, 1);
	assert_int_equal(r.libs.n, 1);
	assert_string_equal(r.libs.v[0], "f");
	assert_true(np_strv_contains(&r.build_options, "-DZ=ON"));
	assert_false(np_strv_contains(&r.build_options, "-DA=ON"));
	/* Applied once. */
	np_feature_apply(&r, &sel);
	assert_int_equal(r.build_options.n, 2);
	np_strv_release(&sel);
	np_recipe_release(&r);

	load(&r);
	assert_true(np_feature_select(&r, "alpha,-zeta", NULL, &sel, &err));
	np_feature_apply(&r, &sel);
	assert_int_equal(r.components.n, 3);
	assert_string_equal(r.libs.v[0], "h");
	assert_true(np_strv_contains(&r.build_options, "-DZ=OFF"));
	assert_string_equal(np_kv_get(&r.dependencies, "zlib"), ">= 1");
	assert_string_equal(np_kv_get(&r.dependency_links, "zlib"), "static");
	assert_true(np_strv_equal(&r.features_selected, &sel));
	np_strv_release(&sel);
	np_recipe_release(&r);
}

static void
test_unknown(void **state)
{
	struct np_recipe r;
	struct np_strv sel = {0};
	struct np_error err = {0};

	(void)state;
	load(&r);
	assert_false(np_feature_select(&r, "-beta", "env NATIVEPKG_F_FEATURES", &sel, &err));
	assert_int_equal(err.code, NP_EXIT_INPUT);
	assert_string_equal(err.msg, "f: feature \"beta\" from env NATIVEPKG_F_FEATURES is not one of "
		"its recipe's (zeta, alpha)");
	assert_int_equal(sel.n, 0);
	np_error_release(&err);
	np_recipe_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
