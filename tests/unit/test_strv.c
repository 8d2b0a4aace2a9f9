/* Unit tests for core/strv, core/buf and core/name: the small containers. */
#include <setjmp.h>
#include <stdarg.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/name.h"
#include "core/strv.h"

static void
test_strv(void **state)
{
	struct np_strv sv = {0};
	char *joined;

	(void)state;
	np_strv_split(&sv, ",a,,b c,", ", ");
	assert_int_equal(sv.n, 3);
	assert_null(sv.v[3]);
	np_strv_push_unique(&sv, "a");
	assert_int_equal(sv.n, 3);
	joined = np_strv_join(&sv, ":");
	assert_string_equal(joined, "a:b:c");
	free(joined);
	np_strv_release(&sv);
	assert_int_equal(sv.n, 0);
}

/* An environment list: set replaces in place, unset removes every entry, prefixes differ. */
static void
test_env(void **state)
{
	struct np_strv env = {0};

	(void)state;
	np_strv_push(&env, "CC=gcc");
	np_strv_push(&env, "CFLAGS=-O2");
	np_strv_push(&env, "CC=clang");
	np_strv_pushf(&env, "%s=%d", "JOBS", 2);
	assert_string_equal(np_env_get(&env, "CC"), "gcc");
	assert_null(np_env_get(&env, "C"));
	assert_null(np_env_get(&env, "CFLAG"));
	assert_string_equal(np_env_get(&env, "JOBS"), "2");
	np_env_set(&env, "CFLAGS", "-O0 -g");
	assert_string_equal(env.v[1], "CFLAGS=-O0 -g");
	np_env_set(&env, "LDFLAGS", "");
	assert_string_equal(np_env_get(&env, "LDFLAGS"), "");
	assert_int_equal(env.n, 5);
	np_env_unset(&env, "CC");
	assert_int_equal(env.n, 3);
	assert_null(np_env_get(&env, "CC"));
	assert_null(env.v[env.n]);
	assert_string_equal(env.v[0], "CFLAGS=-O0 -g");
	np_env_unset(&env, "ABSENT");
	assert_int_equal(env.n, 3);
	np_strv_release(&env);
}

static void
test_kv(void **state)
{
	struct np_kv kv = {0};

	(void)state;
	np_kv_set(&kv, "a", "1");
	np_kv_set(&kv, "b", "2");
	np_kv_set(&kv, "a", "3");
	assert_int_equal(kv.keys.n, 2);
	assert_string_equal(np_kv_get(&kv, "a"), "3");
	assert_null(np_kv_get(&kv, "c"));
	np_kv_release(&kv);
}

static void
test_buf(void **state)
{
	struct np_buf b = {0};
	char big[1000];

	(void)state;
	assert_string_equal(np_buf_str(&b), "");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	np_buf_addf(&b, "%s-%d", big, 7);
	assert_int_equal(b.len, 1001);
	assert_string_equal(b.data + 999, "-7");
	np_buf_adds(&b, "  \n");
	np_buf_rtrim(&b);
	assert_int_equal(b.len, 1001);
	np_buf_release(&b);
	/* Integers written by hand read as printf writes them, at both ends of their range. */
	np_buf_add_uint(&b, 0);
	np_buf_addc(&b, ' ');
	np_buf_add_uint(&b, ULLONG_MAX);
	np_buf_addc(&b, ' ');
	np_buf_add_int(&b, LLONG_MIN);
	np_buf_addc(&b, ' ');
	np_buf_add_int(&b, -7);
	np_buf_addc(&b, ' ');
	np_buf_add_int(&b, LLONG_MAX);
	{
		char want[128];
		snprintf(want, sizeof want, "0 %llu %lld -7 %lld", ULLONG_MAX, LLONG_MIN, LLONG_MAX);
		assert_string_equal(np_buf_str(&b), want);
	}
	np_buf_release(&b);
}

static void
test_names(void **state)
{
	char *s;

	(void)state;
	s = np_name_env("libpng");
	assert_string_equal(s, "LIBPNG");
	free(s);
	s = np_name_env("x86_64-linux-gnu");
	assert_string_equal(s, "X86_64_LINUX_GNU");
	free(s);
	s = np_name_env("gtk+-3.0");
	assert_string_equal(s, "GTK__3_0");
	free(s);
	assert_true(np_name_valid_package("zlib"));
	assert_true(np_name_valid_package("gtk+-3.0"));
	assert_false(np_name_valid_package("Zlib"));
	assert_false(np_name_valid_package("../x"));
	assert_false(np_name_valid_package(""));
	assert_true(np_name_valid_identifier("ZLIB_VERSION"));
	assert_false(np_name_valid_identifier("9x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strv),
		cmocka_unit_test(test_kv),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
