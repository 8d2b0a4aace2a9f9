/* Unit tests for core/elf: SONAME and architecture of real shared objects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/elf.h"
#include "core/fs.h"

static void
test_fixture_library(void **state)
{
	struct np_elf e;
	struct np_error err = {0};

	(void)state;
	assert_true(np_elf_read(NP_TEST_FIXTURES "/prefix/lib/libnpfix.so", &e, &err));
	assert_int_equal(e.bits, (int)(sizeof(void *) * 8));
	assert_non_null(e.soname);
	assert_string_equal(e.soname, "libnpfix.so");
	np_elf_release(&e);
}

static void
test_system_zlib(void **state)
{
	struct np_elf e;
	struct np_error err = {0};
	const char *candidates[] = {"/usr/lib/x86_64-linux-gnu/libz.so", "/lib/x86_64-linux-gnu/libz.so.1",
		"/usr/lib/aarch64-linux-gnu/libz.so", "/usr/lib64/libz.so"};

	(void)state;
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		if (!np_fs_is_file(candidates[i]))
			continue;
		assert_true(np_elf_read(candidates[i], &e, &err));
		assert_string_equal(e.soname, "libz.so.1");
		np_elf_release(&e);
		return;
	}
	skip();
}

static void
test_not_elf(void **state)
{
	struct np_elf e;
	struct np_error err = {0};

	(void)state;
	assert_false(np_elf_read(NP_TEST_SOURCE "/README.md", &e, &err));
	assert_non_null(err.msg);
	np_error_release(&err);
	assert_false(np_elf_read(NP_TEST_FIXTURES "/prefix/lib/libnpfix.a", &e, &err));
	np_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_library),
		cmocka_unit_test(test_system_zlib),
		cmocka_unit_test(test_not_elf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
