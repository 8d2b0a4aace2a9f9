/* Unit tests for core/version: rpm ordering and ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/version.h"

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
test_compare(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
		{"1.2.13", "1.2.13", 0}, {"1.2.13", "1.2.9", 1}, {"1.10", "1.9", 1},
		{"1.2", "1.2.0", -1}, {"1.0a", "1.0", 1}, {"1.0~rc1", "1.0", -1},
		{"2.0", "10.0", -1}, {"1.001", "1.1", 0}, {"1.2.3", "1.2.3a", -1},
		{"abc", "abd", -1}, {"1.0", "1.0.", 0}, {"3.0.22", "3.0.3", 1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(sign(np_version_cmp(cases[i].a, cases[i].b)), cases[i].want);
		assert_int_equal(sign(np_version_cmp(cases[i].b, cases[i].a)), -cases[i].want);
	}
}

static void
test_ranges(void **state)
{
	static const struct {
		const char *range, *version;
		bool match;
	} cases[] = {
		{"", "0.1", true}, {"*", "9", true}, {">= 1.2", "1.2", true}, {">= 1.2", "1.1.9", false},
		{">= 1.2, < 2", "1.9.9", true}, {">= 1.2, < 2", "2.0", false}, {"1.2.13", "1.2.13", true},
		{"= 1.2.13", "1.2.12", false}, {"!= 1.0", "1.0", false}, {"> 1", "1.0.1", true},
		{"<= 3.0", "3.0", true}, {"==2.5.1", "2.5.1", true},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_version_range r;
		struct np_error err = {0};
		assert_true(np_version_range_parse(cases[i].range, &r, &err));
		assert_int_equal(np_version_range_match(&r, cases[i].version), cases[i].match);
		np_version_range_release(&r);
	}
}

static void
test_bad_ranges(void **state)
{
	static const char *bad[] = {">=", ">= 1.2 <", ">= 1.2,", "1.2 3", ">= 1;2", ">= $x"};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct np_version_range r;
		struct np_error err = {0};
		assert_false(np_version_range_parse(bad[i], &r, &err));
		assert_int_equal(err.code, NP_EXIT_INPUT);
		assert_non_null(err.msg);
		np_error_release(&err);
	}
}

static void
test_satisfiable(void **state)
{
	static const struct {
		const char *a, *b;
		bool ok;
	} cases[] = {
		{">= 1.2", "< 2", true}, {">= 2", "< 2", false}, {">= 2", "<= 2", true},
		{"> 2", "<= 2", false}, {">= 1.3", "< 1.3", false}, {"= 1.2", "= 1.2.0", false},
		{"= 1.2", ">= 1", true}, {"= 1.2", "> 1.2", false}, {">= 2, <= 2", "!= 2", false},
		{"*", "", true}, {">= 1.2.11", ">= 1.3, < 2", true}, {"!= 1", "!= 2", true},
		{">= 3", "<= 2.9", false}, {"= 1.2", "!= 1.3", true},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_version_range a, b;
		char *text;
		assert_true(np_version_range_parse(cases[i].a, &a, NULL));
		assert_true(np_version_range_parse(cases[i].b, &b, NULL));
		np_version_range_add(&a, &b);
		if (np_version_range_satisfiable(&a) != cases[i].ok)
			fail_msg("\"%s\" and \"%s\": expected %s", cases[i].a, cases[i].b,
				cases[i].ok ? "satisfiable" : "empty");
		text = np_version_range_text(&a);
		assert_non_null(text);
		free(text);
		np_version_range_release(&a);
		np_version_range_release(&b);
	}
}

static void
test_range_text(void **state)
{
	struct np_version_range r;
	char *text;

	(void)state;
	assert_true(np_version_range_parse(">=1.2,<2 ,!= 1.5", &r, NULL));
	text = np_version_range_text(&r);
	assert_string_equal(text, ">= 1.2, < 2, != 1.5");
	free(text);
	np_version_range_release(&r);
	assert_true(np_version_range_parse("*", &r, NULL));
	text = np_version_range_text(&r);
	assert_string_equal(text, "*");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_bad_ranges),
		cmocka_unit_test(test_satisfiable),
		cmocka_unit_test(test_range_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
