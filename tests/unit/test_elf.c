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

static void
test_machine(void **state)
{
	struct np_elf e;
	struct np_error err = {0};
	int machine, bits;

	(void)state;
	/* A shared object and an archive's first object say the same machine as the full read. */
	assert_true(np_elf_read(NP_TEST_FIXTURES "/prefix/lib/libnpfix.so", &e, &err));
	assert_true(np_elf_machine(NP_TEST_FIXTURES "/prefix/lib/libnpfix.so", &machine, &bits, &err));
	assert_int_equal(machine, e.machine);
	assert_int_equal(bits, e.bits);
	assert_true(np_elf_machine(NP_TEST_FIXTURES "/prefix/lib/libnpfix.a", &machine, &bits, &err));
	assert_int_equal(machine, e.machine);
	np_elf_release(&e);
	/* Not an object: machine 0, no error. */
	assert_true(np_elf_machine(NP_TEST_SOURCE "/README.md", &machine, &bits, &err));
	assert_int_equal(machine, 0);
	assert_false(np_elf_machine(NP_TEST_SOURCE "/no-such-file", &machine, &bits, &err));
	np_error_release(&err);

	assert_int_equal(np_elf_machine_for_triple("x86_64-linux-gnu"), 62);
	assert_int_equal(np_elf_machine_for_triple("aarch64-linux-gnu"), 183);
	assert_int_equal(np_elf_machine_for_triple("arm-linux-gnueabihf"), 40);
	assert_int_equal(np_elf_machine_for_triple("i686-linux-gnu"), 3);
	assert_int_equal(np_elf_machine_for_triple("wasm32-wasi"), 0);
	assert_string_equal(np_elf_machine_name(183), "AArch64");
	assert_string_equal(np_elf_machine_name(9999), "machine 9999");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_library),
		cmocka_unit_test(test_system_zlib),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_machine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
