/* Unit tests for core/recipe: every shipped recipe loads; broken ones fail with all problems. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/recipe.h"
#include "core/text.h"

static void
test_shipped_recipes(void **state)
{
	DIR *d = opendir(NP_TEST_SOURCE "/recipes");
	struct dirent *e;
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		struct np_recipe r;
		struct np_error err = {0};
		char *path;
		if (!np_text_ends_with(e->d_name, ".json"))
			continue;
		path = np_xasprintf("%s/recipes/%s", NP_TEST_SOURCE, e->d_name);
		if (!np_recipe_load(path, &r, &err))
			fail_msg("%s", err.msg);
		/* Shipped recipes are complete: discovery, a verified source and a build. An
		 * alternative installs under its original's pkg-config name, so pkg-config cannot
		 * tell them apart: it is discovered by its headers and symbol only. */
		assert_true(r.pc_modules.n > 0 || r.provides.n > 0);
		assert_true(r.headers.n > 0 && r.libs.n > 0);
		assert_true(np_recipe_sha256_known(&r));
		assert_int_not_equal(r.build_system, NP_BUILD_SYSTEM_NONE);
		assert_int_equal(r.warnings.n, 0);
		np_recipe_release(&r);
		free(path);
		n++;
	}
	closedir(d);
	assert_true(n >= 11);
}

static void
test_provides_and_dependency_links(void **state)
{
	static const char text[] = "{\"schema\": 1, \"name\": \"alt\", \"version\": \"1\", "
		"\"links\": \"z\", \"provides\": [\"zlib\"], \"dependencies\": {\"a\": \">= 1\", "
		"\"b\": {\"version\": \"< 2\", \"static\": true}, \"c\": {\"static\": false}}}";
	static const char bad[] = "{\"schema\": 1, \"name\": \"alt\", \"version\": \"1\", "
		"\"links\": \"z\", \"provides\": [\"alt\"], \"dependencies\": {\"b\": "
		"{\"static\": 1, \"colour\": \"red\"}, \"c\": 5}}";
	struct np_recipe r;
	struct np_buf json = {0};
	struct np_error err = {0};

	(void)state;
	assert_true(np_recipe_parse(text, sizeof text - 1, "alt.json", &r, &err));
	assert_string_equal(r.provides.v[0], "zlib");
	assert_string_equal(np_kv_get(&r.dependencies, "a"), ">= 1");
	assert_string_equal(np_kv_get(&r.dependencies, "b"), "< 2");
	assert_string_equal(np_kv_get(&r.dependencies, "c"), "*");
	assert_null(np_kv_get(&r.dependency_links, "a"));
	assert_string_equal(np_kv_get(&r.dependency_links, "b"), "static");
	assert_string_equal(np_kv_get(&r.dependency_links, "c"), "shared");
	/* The canonical form (part of build keys) keeps the link requirement. */
	assert_true(np_recipe_to_json(&r, &json, &err));
	assert_non_null(strstr(np_buf_str(&json), "\"static\":\ttrue"));
	np_buf_release(&json);
	np_recipe_release(&r);

	assert_false(np_recipe_parse(bad, sizeof bad - 1, "alt.json", &r, &err));
	assert_non_null(strstr(err.msg, "a recipe cannot provide itself"));
	assert_non_null(strstr(err.msg, "\"dependencies\".b.static must be true or false"));
	assert_non_null(strstr(err.msg, "unknown key \"colour\""));
	assert_non_null(strstr(err.msg, "\"dependencies\".c must be a version range or an object"));
	np_error_release(&err);
}

/* Every broken fixture fails, with the number of problems it really has. */
static void
test_bad_recipes(void **state)
{
	static const struct {
		const char *file;
		size_t problems;
	} cases[] = {
		{"typo.json", 3}, {"types.json", 4}, {"duplicate.json", 1}, {"sha.json", 3},
		{"trailing.json", 1}, {"nul.json", 1}, {"utf8.json", 1}, {"deep.json", 1},
		{"numbers.json", 2}, {"huge.json", 1}, {"syntax.json", 1}, {"empty.json", 1},
		{"mismatch.json", 4}, {"missing.json", 5}, {"top.json", 1}, {"v2.json", 38},
		{"v1-with-v2.json", 4},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_recipe r;
		struct np_error err = {0};
		char *path = np_xasprintf("%s/tests/fixtures/bad/%s", NP_TEST_SOURCE, cases[i].file);
		size_t lines = 1;
		assert_false(np_recipe_load(path, &r, &err));
		assert_int_equal(err.code, NP_EXIT_INPUT);
		for (const char *p = err.msg; *p; p++)
			lines += *p == '\n';
		if (lines != cases[i].problems)
			fail_msg("%s: %zu problems reported, expected %zu:\n%s", cases[i].file, lines,
				cases[i].problems, err.msg);
		/* Every line says where. */
		assert_true(np_text_starts_with(err.msg, path));
		np_error_release(&err);
		free(path);
	}
}

/* The canonical form parses back to the same canonical form. */
static void
test_canonical_round_trip(void **state)
{
	struct np_recipe r, back;
	struct np_buf a = {0}, b = {0};
	struct np_error err = {0};

	(void)state;
	assert_true(np_recipe_load(NP_TEST_SOURCE "/recipes/libpng.json", &r, &err));
	assert_true(np_recipe_to_json(&r, &a, &err));
	assert_true(np_recipe_parse(a.data, a.len, "libpng.json", &back, &err));
	assert_true(np_recipe_to_json(&back, &b, &err));
	assert_string_equal(a.data, b.data);
	assert_string_equal(np_kv_get(&back.dependencies, "zlib"), ">= 1.2.3");
	assert_string_equal(np_kv_get(&back.cmake_targets, "PNG::PNG"), "png16");
	assert_string_equal(np_components_find(&back.components, "png16")->cmake_targets.v[0],
		"PNG::PNG");
	np_recipe_release(&r);
	np_recipe_release(&back);
	np_buf_release(&a);
	np_buf_release(&b);
}

static void
test_defaults_and_implicit(void **state)
{
	const char *text = "{\"schema\": 1, \"name\": \"x\", \"version\": \"1\", \"links\": \"x\"}";
	struct np_recipe r;
	struct np_error err = {0};

	(void)state;
	assert_true(np_recipe_parse(text, strlen(text), "x.json", &r, &err));
	assert_int_equal(r.strip, 1);
	assert_int_equal(r.warnings.n, 2); /* no source, nothing to discover */
	np_recipe_release(&r);
	np_recipe_implicit("libfoo", &r);
	assert_true(r.implicit);
	assert_string_equal(r.links, "libfoo");
	assert_string_equal(r.pc_modules.v[0], "libfoo");
	np_recipe_release(&r);
}

/* Schema 2: components in link order, the main one first in the model; features applied. */
static void
test_schema2_model(void **state)
{
	struct np_recipe r;
	struct np_strv selected = {0};
	struct np_error err = {0};
	const struct np_component *c;

	(void)state;
	assert_true(np_recipe_load(NP_TEST_SOURCE "/tests/fixtures/v2/full.json", &r, &err));
	assert_int_equal(r.schema, 2);
	/* Default components only, dependents before what they require. */
	assert_int_equal(r.libs.n, 2);
	assert_string_equal(r.libs.v[0], "full-posix");
	assert_string_equal(r.libs.v[1], "full");
	assert_string_equal(np_recipe_main_component(&r)->name, "core");
	c = np_components_find(&r.components, "posix");
	assert_true(c->has_dependencies && c->dependencies.n == 0);
	assert_false(np_components_find(&r.components, "core")->is_default == false);
	assert_false(np_components_find(&r.components, "ssl")->is_default);
	assert_string_equal(np_recipe_dependency_kind(&r, "cmake-helper"), "build");
	assert_string_equal(np_recipe_dependency_kind(&r, "bzip2"), "optional");
	assert_string_equal(np_recipe_dependency_kind(&r, "zlib"), "link");
	assert_true(r.make_destdir);
	assert_string_equal(np_kv_get(&r.cmake_cache, "CMAKE_INSTALL_LIBDIR:PATH"), "lib");
	{
		char *h = np_recipe_header_include(&r, 0);
		assert_string_equal(h, "full-1/full.h");
		free(h);
	}
	/* tls is on by default: its options, definitions and dependency join; turned off, its
	 * off-options do and its component leaves. */
	assert_true(np_feature_select(&r, "-tls", "test", &selected, &err));
	assert_int_equal(selected.n, 0);
	np_feature_apply(&r, &selected);
	assert_null(np_components_find(&r.components, "ssl"));
	assert_true(np_strv_contains(&r.build_options, "-DFULL_TLS=OFF"));
	assert_null(np_kv_get(&r.dependencies, "openssl"));
	np_strv_release(&selected);
	np_recipe_release(&r);

	assert_true(np_recipe_load(NP_TEST_SOURCE "/tests/fixtures/v2/full.json", &r, &err));
	assert_true(np_feature_select(&r, NULL, NULL, &selected, &err));
	assert_string_equal(selected.v[0], "tls");
	np_feature_apply(&r, &selected);
	assert_non_null(np_components_find(&r.components, "ssl"));
	assert_true(np_strv_contains(&r.build_options, "-DFULL_TLS=ON"));
	assert_true(np_strv_contains(&r.definitions, "FULL_HAVE_TLS=1"));
	assert_string_equal(np_kv_get(&r.dependencies, "openssl"), ">= 1.1");
	np_strv_release(&selected);
	assert_false(np_feature_select(&r, "tls,nope", "env X", &selected, &err));
	assert_non_null(strstr(err.msg, "feature \"nope\" from env X is not one of its recipe's (tls)"));
	np_error_release(&err);
	np_recipe_release(&r);
}

/*
 * Schema 1 loads into the same model: its libraries become components, the first requiring
 * the rest, with their CMake targets; printed as schema 2 and read back, it is the same
 * recipe, and so is its build key's text.
 */
static void
test_schema1_upgrade(void **state)
{
	static const char *const shipped[] = {"openssl", "zstd", "libpng", "zlib", "expat"};
	(void)state;
	for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
		char *path = np_xasprintf("%s/recipes/%s.json", NP_TEST_SOURCE, shipped[i]);
		struct np_recipe r, up;
		struct np_buf text = {0}, a = {0}, b = {0}, ka = {0}, kb = {0};
		struct np_error err = {0};
		assert_true(np_recipe_load(path, &r, &err));
		assert_int_equal(r.schema, 1);
		assert_true(r.components.n >= 1);
		assert_true(np_recipe_to_json_schema(&r, 2, &text, &err));
		assert_true(np_recipe_parse(text.data, text.len, path, &up, &err));
		assert_int_equal(up.schema, 2);
		assert_true(np_recipe_to_json_schema(&r, 2, &a, &err));
		assert_true(np_recipe_to_json_schema(&up, 2, &b, &err));
		assert_string_equal(a.data, b.data);
		assert_true(np_strv_equal(&r.libs, &up.libs));
		assert_true(np_components_equal(&r.components, &up.components));
		assert_true(np_recipe_build_json(&r, &ka, &err));
		assert_true(np_recipe_build_json(&up, &kb, &err));
		assert_string_equal(ka.data, kb.data);
		np_recipe_release(&r);
		np_recipe_release(&up);
		np_buf_release(&text);
		np_buf_release(&a);
		np_buf_release(&b);
		np_buf_release(&ka);
		np_buf_release(&kb);
		free(path);
	}
	{
		struct np_recipe r;
		struct np_error err = {0};
		const struct np_component *ssl;
		assert_true(np_recipe_load(NP_TEST_SOURCE "/recipes/openssl.json", &r, &err));
		ssl = np_components_find(&r.components, "ssl");
		assert_string_equal(ssl->cmake_targets.v[0], "OpenSSL::SSL");
		assert_string_equal(ssl->requires.v[0], "crypto");
		assert_int_equal(np_components_find(&r.components, "crypto")->requires.n, 0);
		/* Schema 1 cannot say it all: asked for schema 1 of a schema-2 recipe, the printer
		 * refuses nothing but another schema than its own or the current one. */
		np_recipe_release(&r);
	}
}

/* The build key's text holds the name, version, source bytes and build section only. */
static void
test_build_json(void **state)
{
	struct np_recipe r;
	struct np_buf key = {0};
	struct np_error err = {0};

	(void)state;
	assert_true(np_recipe_load(NP_TEST_SOURCE "/tests/fixtures/v2/full.json", &r, &err));
	assert_true(np_recipe_build_json(&r, &key, &err));
	assert_non_null(strstr(np_buf_str(&key), "\"cmake_cache\""));
	assert_non_null(strstr(np_buf_str(&key), "\"sha256\""));
	assert_null(strstr(np_buf_str(&key), "example.invalid")); /* no URL */
	assert_null(strstr(np_buf_str(&key), "\"discover\""));
	assert_null(strstr(np_buf_str(&key), "\"exports\""));
	assert_null(strstr(np_buf_str(&key), "\"components\""));
	assert_null(strstr(np_buf_str(&key), "\"schema\""));
	np_buf_release(&key);
	np_recipe_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_recipes),
		cmocka_unit_test(test_provides_and_dependency_links),
		cmocka_unit_test(test_bad_recipes),
		cmocka_unit_test(test_canonical_round_trip),
		cmocka_unit_test(test_defaults_and_implicit),
		cmocka_unit_test(test_schema2_model),
		cmocka_unit_test(test_schema1_upgrade),
		cmocka_unit_test(test_build_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
