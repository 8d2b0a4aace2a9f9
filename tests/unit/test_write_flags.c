/* Unit tests for pkg-config quoting (core/resolution) and cli/write_flags merging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/write_flags.h"

static void
test_quote(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"-I/usr/include", "-I/usr/include"},
		{"-I/opt/my lib", "-I/opt/my\\ lib"},
		{"-DX=\"a\"", "-DX=\\\"a\\\""},
		{"-L/opt/$(x)/~u", "-L/opt/$(x)/~u"},
		{"-Wl,-rpath,/a;b", "-Wl,-rpath,/a\\;b"},
		/* A UTF-8 character passes whole (pkgconf escapes each byte, breaking it); a byte
		 * that is not one (a stray, a truncated sequence) is escaped. */
		{"-I/caf\xc3\xa9", "-I/caf\xc3\xa9"},
		{"-I/c\xc3\xa4" "che dir/\xf0\x9f\x93\xa6", "-I/c\xc3\xa4" "che\\ dir/\xf0\x9f\x93\xa6"},
		{"-I/x\xff\xc3", "-I/x\\\xff\\\xc3"},
		{"-I/x\xc3(", "-I/x\\\xc3("},
		{"a'b`c", "a\\'b\\`c"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_buf b = {0};
		np_resolution_quote_arg(cases[i].in, &b);
		assert_string_equal(b.data, cases[i].out);
		np_buf_release(&b);
	}
}

static void
test_merge(void **state)
{
	struct np_resolution a = {0}, b = {0};
	struct np_resolution *rs[] = {&a, &b};
	struct np_buf out = {0};

	(void)state;
	np_strv_push(&a.cflags, "-I/x");
	np_strv_push(&a.ldflags, "-L/x");
	np_strv_push(&a.ldflags, "-lpng16");
	np_strv_push(&a.ldflags, "-lz");
	np_strv_push(&b.cflags, "-I/x");
	np_strv_push(&b.ldflags, "-L/x");
	np_strv_push(&b.ldflags, "-lz");
	np_write_flags(rs, 2, NP_FLAGS_CFLAGS | NP_FLAGS_LIBS, &out);
	assert_string_equal(out.data, "-I/x -L/x -lpng16 -lz \n");
	np_buf_reset(&out);
	np_write_flags(rs, 2, NP_FLAGS_CFLAGS, &out);
	assert_string_equal(out.data, "-I/x \n");
	np_buf_release(&out);
	np_resolution_release(&a);
	np_resolution_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
