/*
 * Unit tests for core/elf: SONAME and architecture of real shared objects; the dynamic section
 * of objects the compiler makes with each kind of search path; and damaged files, which fail
 * cleanly (the sanitizer build checks that nothing is read out of bounds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/elf.h"
#include "core/fs.h"
#include "core/proc.h"

#define SCRATCH_NAME "elf"
#include "tests/unit/scratch.h"

/* Compiles a shared object from one line of C with the given linker arguments; false: no cc. */
static bool
build(const char *out, const char *const *args, size_t nargs)
{
	char *src = np_xasprintf("%s/lib.c", dir), *target = np_xasprintf("%s/%s", dir, out);
	const char *argv[32] = {"cc", "-shared", "-fPIC", "-nostdlib", "-Wl,--no-as-needed", "-o", target,
		src};
	size_t n = 8;
	struct np_buf log = {0};
	struct np_error err = {0};
	struct np_proc p = {.argv = (char *const *)argv, .out = &log, .err = &log};
	int status = -1;
	bool ok;

	np_fs_write_atomic(src, "int f(void) { return 1; }\n", 26, NULL);
	for (size_t i = 0; i < nargs && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	ok = np_proc_run(&p, &status, &err) && status == 0;
	if (!ok)
		fprintf(stderr, "cc failed: %s\n", np_buf_str(&log));
	np_error_release(&err);
	np_buf_release(&log);
	free(src);
	free(target);
	return ok;
}

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
test_needed(void **state)
{
	struct np_elf e;
	struct np_error err = {0};

	(void)state;
	/* libnpfix links libnpdep (tests/CMakeLists.txt). */
	assert_true(np_elf_read(NP_TEST_FIXTURES "/prefix/lib/libnpfix.so", &e, &err));
	assert_true(e.dynamic);
	assert_int_equal(e.type, NP_ELF_DYN);
	assert_null(e.interp);
	assert_true(np_strv_contains(&e.needed, "libnpdep.so"));
	np_elf_release(&e);
}

static void
test_search_paths(void **state)
{
	const char *rpath[] = {"-Wl,-soname,libone.so.1", "-Wl,-rpath,$ORIGIN/a:/b", "-Wl,--disable-new-dtags",
		"-L" NP_TEST_FIXTURES "/prefix/lib", "-lnpdep"};
	const char *runpath[] = {"-Wl,-rpath,/c", "-Wl,--enable-new-dtags", "-Wl,-z,nodefaultlib"};
	struct np_elf e;
	struct np_error err = {0};
	char *path;

	(void)state;
	if (!build("libone.so", rpath, 5) || !build("libtwo.so", runpath, 3)) {
		skip();
		return;
	}
	path = np_xasprintf("%s/libone.so", dir);
	assert_true(np_elf_read(path, &e, &err));
	assert_string_equal(e.soname, "libone.so.1");
	assert_string_equal(e.rpath, "$ORIGIN/a:/b");
	assert_null(e.runpath);
	assert_int_equal(e.needed.n, 1);
	assert_string_equal(e.needed.v[0], "libnpdep.so");
	assert_int_equal(e.flags_1 & NP_ELF_DF_1_NODEFLIB, 0);
	np_elf_release(&e);
	free(path);
	path = np_xasprintf("%s/libtwo.so", dir);
	assert_true(np_elf_read(path, &e, &err));
	assert_null(e.soname);
	assert_null(e.rpath);
	assert_string_equal(e.runpath, "/c");
	assert_int_equal(e.needed.n, 0);
	assert_true(e.flags_1 & NP_ELF_DF_1_NODEFLIB);
	np_elf_release(&e);
	free(path);
}

static void
test_program(void **state)
{
	struct np_elf e;
	struct np_error err = {0};

	(void)state;
	/* This test program: an executable with an interpreter, needing the C library. */
	assert_true(np_elf_read("/proc/self/exe", &e, &err));
	assert_non_null(e.interp);
	assert_true(e.interp[0] == '/');
	assert_true(e.needed.n >= 1);
	np_elf_release(&e);
}

/*
 * Every truncation of a real shared object, and every byte of its first 4 KiB (headers,
 * program headers) and of its dynamic section set to 0xff and to 0x00 in turn: each parse
 * either succeeds or fails with a message, never reads out of bounds.
 */
static void
test_damaged(void **state)
{
	struct np_buf data = {0};
	struct np_error err = {0};
	unsigned char *copy;
	size_t ok = 0, failed = 0;

	(void)state;
	assert_true(np_fs_read(NP_TEST_FIXTURES "/prefix/lib/libnpfix.so", 1 << 24, &data, &err));
	copy = np_xmalloc(data.len);
	for (size_t len = 0; len <= data.len; len += len < 4096 ? 1 : 97) {
		struct np_elf e;
		memcpy(copy, data.data, len);
		if (np_elf_parse(copy, len, "cut", &e, &err)) {
			ok++;
			np_elf_release(&e);
		} else {
			assert_non_null(err.msg);
			np_error_release(&err);
			failed++;
		}
	}
	for (size_t at = 0; at < data.len && at < 4096 + 8192; at++) {
		for (int v = 0; v < 2; v++) {
			struct np_elf e;
			memcpy(copy, data.data, data.len);
			copy[at] = v ? 0xff : 0x00;
			if (np_elf_parse(copy, data.len, "flipped", &e, &err)) {
				ok++;
				np_elf_release(&e);
			} else {
				np_error_release(&err);
				failed++;
			}
		}
	}
	assert_true(ok > 0);
	assert_true(failed > 0);
	free(copy);
	np_buf_release(&data);
}

static void
test_machine(void **state)
{
	(void)state;
	/* Which machine a file is for is core/binfmt's (test_binfmt); the names are here. */
	assert_string_equal(np_elf_machine_name(62), "x86-64");
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
		cmocka_unit_test(test_needed),
		cmocka_unit_test(test_search_paths),
		cmocka_unit_test(test_program),
		cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
