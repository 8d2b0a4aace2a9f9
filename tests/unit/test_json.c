/* Unit tests for core/json: strict parsing with locations, printing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/json.h"

static bool
parse(const char *text, struct np_json **out, struct np_error *err)
{
	return np_json_parse(text, strlen(text), "t.json", out, err);
}

static void
test_locations(void **state)
{
	struct np_json *j;
	struct np_error err = {0};
	const struct np_json *v;

	(void)state;
	assert_true(parse("{\n  \"a\": 1,\n  \"b\": [true, \"x\"]\n}", &j, &err));
	v = np_json_get(j, "b");
	assert_non_null(v);
	assert_int_equal(v->line, 3);
	assert_int_equal(v->col, 8);
	assert_int_equal(v->key_line, 3);
	assert_int_equal(v->key_col, 3);
	assert_int_equal(v->count, 2);
	assert_string_equal(v->child->next->str, "x");
	assert_true(np_json_get(j, "a")->integral);
	np_json_free(j);
}

/* Each input is rejected with a message that names the place. */
static void
test_rejects(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{"{\"a\": 1, \"a\": 2}", "t.json:1:10: duplicate key \"a\" (first at line 1)"},
		{"{\"a\": \"x\\u0000y\"}", "t.json:1:9: \"\\u0000\" is not allowed in strings"},
		{"{\"a\": 1e400}", "t.json:1:7: number out of range"},
		{"{\"a\": 1} x", "t.json:1:10: unexpected text after the JSON value"},
		{"{\"a\": \"\xff\"}", "t.json:1:8: invalid UTF-8 (byte 0xff)"},
		{"{\"a\": \"\xc0\xaf\"}", "t.json:1:8: invalid UTF-8 (byte 0xc0)"},
		{"{\"a\": \"\xed\xa0\x80\"}", "t.json:1:8: invalid UTF-8 (byte 0xed)"},
		{"", "t.json:1:1: invalid JSON: unexpected end of file"},
		{"{\"a\" 1}", "t.json:1:6: invalid JSON near '1'"},
		{"{\"a\": \"tab\there\"}", "t.json:1:11: control character 0x09 in a string (escape it)"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_json *j = NULL;
		struct np_error err = {0};
		assert_false(parse(cases[i].text, &j, &err));
		assert_null(j);
		assert_int_equal(err.code, NP_EXIT_INPUT);
		assert_string_equal(err.msg, cases[i].want);
		np_error_release(&err);
	}
}

/* A million brackets are refused by a linear scan, before cJSON recurses. */
static void
test_deep_nesting(void **state)
{
	size_t n = 1000000;
	char *text = np_xmalloc(2 * n + 1);
	struct np_json *j = NULL;
	struct np_error err = {0};

	(void)state;
	memset(text, '[', n);
	memset(text + n, ']', n);
	text[2 * n] = '\0';
	assert_false(np_json_parse(text, 2 * n, "deep.json", &j, &err));
	assert_string_equal(err.msg, "deep.json:1:65: nested deeper than 64 levels");
	np_error_release(&err);
	free(text);
}

static void
test_nul_byte(void **state)
{
	const char text[] = "{\"a\": 1}\0garbage";
	struct np_json *j = NULL;
	struct np_error err = {0};

	(void)state;
	assert_false(np_json_parse(text, sizeof text - 1, "n.json", &j, &err));
	assert_string_equal(err.msg, "n.json:1:9: NUL byte in file");
	np_error_release(&err);
}

static void
test_print_round_trip(void **state)
{
	struct np_json *o = np_json_new(NP_JSON_OBJECT), *back = NULL;
	struct np_buf out = {0};
	struct np_error err = {0};
	const char *hostile = "a \"quoted\" $path\\with\nnewline and caf\xc3\xa9";

	(void)state;
	np_json_add_string(o, "s", hostile);
	np_json_add(o, "n", np_json_new_number(4294967296.0));
	assert_true(np_json_print(o, false, &out, &err));
	assert_true(np_json_parse(out.data, out.len, "out", &back, &err));
	assert_string_equal(np_json_get(back, "s")->str, hostile);
	assert_true(np_json_get(back, "n")->num == 4294967296.0);
	np_json_free(back);
	np_json_free(o);
	np_buf_release(&out);
}

static void
test_print_refuses_invalid_utf8(void **state)
{
	struct np_json *o = np_json_new(NP_JSON_OBJECT);
	struct np_buf out = {0};
	struct np_error err = {0};

	(void)state;
	np_json_add_string(o, "path", "/opt/caf\xe9");
	assert_false(np_json_print(o, true, &out, &err));
	assert_int_equal(err.code, NP_EXIT_INPUT);
	assert_int_equal(out.len, 0);
	np_error_release(&err);
	np_json_free(o);
	np_buf_release(&out);
}

static void
test_quick(void **state)
{
	static const char *const unsure[] = {
		"{\"a\": 3.0}", "{\"a\": 1e0}", "{\"a\": 1, \"a\": 2}", "[\"a\\u0000b\"]",
		"[\"a\tb\"]", "{} x", "[1e400]", "{\"a\": }",
		"[\"\xc3\"]", "[\"\xed\xa0\x80\"]", "[\"\xc0\xaf\"]", "[1, \xc3\xa9]",
		"[\"a\\\"\n\"]", "[\"unterminated", "[0.5]", "[-2E3]",
	};
	struct np_json *j = NULL;
	const char ok[] = "{\"name\": \"z\", \"n\": 12, \"list\": [true, null, \"1.2.13\"]}";

	(void)state;
	assert_true(np_json_parse_quick(ok, sizeof ok - 1, &j));
	assert_int_equal(j->line, 0);
	assert_string_equal(np_json_get(j, "name")->str, "z");
	assert_true(np_json_get(j, "n")->integral);
	assert_int_equal(np_json_get(j, "list")->count, 3);
	np_json_free(j);
	/* Escaped quotes, well-formed UTF-8 and letters that look like exponents stay quick. */
	{
		const char more[] = "{\"s\": \"caf\xc3\xa9 \\\"q\\\" \xf0\x9f\x98\x80\", \"e\": [true, false, "
			"\"1e5\", \"3.0\"]}";
		assert_true(np_json_parse_quick(more, sizeof more - 1, &j));
		assert_string_equal(np_json_get(j, "s")->str, "caf\xc3\xa9 \"q\" \xf0\x9f\x98\x80");
		assert_int_equal(np_json_get(j, "e")->count, 4);
		np_json_free(j);
	}
	/* Past 32 members a duplicate key is found through the member index. */
	{
		struct np_buf big = {0};
		np_buf_adds(&big, "{");
		for (int k = 0; k < 40; k++)
			np_buf_addf(&big, "\"k%d\": %d, ", k, k);
		np_buf_adds(&big, "\"k7\": 0}");
		assert_false(np_json_parse_quick(big.data, big.len, &j));
		big.data[big.len - 6] = 'z'; /* "kz", a new key */
		assert_true(np_json_parse_quick(big.data, big.len, &j));
		assert_int_equal(np_json_get(j, "k39")->num, 39);
		np_json_free(j);
		np_buf_release(&big);
	}
	/* Anything the full parse would reject, or that only the text can judge: not quick. */
	for (size_t i = 0; i < sizeof unsure / sizeof *unsure; i++) {
		if (np_json_parse_quick(unsure[i], strlen(unsure[i]), &j))
			fail_msg("quick parse accepted %s", unsure[i]);
		assert_null(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locations),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_print_round_trip),
		cmocka_unit_test(test_print_refuses_invalid_utf8),
		cmocka_unit_test(test_quick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
