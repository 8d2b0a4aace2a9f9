/* Unit tests for core/target: every spelling of a target parsed into one, and its forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/strv.h"
#include "core/target.h"

static const struct {
	const char *text, *gnu, *rust, *multiarch, *cmake_system, *cmake_processor, *meson_family;
	enum np_binary_format format;
	int bits;
	int elf;
	unsigned pe;
} known[] = {
	{"x86_64-linux-gnu", "x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "x86_64-linux-gnu",
		"Linux", "x86_64", "x86_64", NP_BINARY_ELF, 64, 62, 0x8664},
	{"x86_64-unknown-linux-gnu", "x86_64-linux-gnu", "x86_64-unknown-linux-gnu",
		"x86_64-linux-gnu", "Linux", "x86_64", "x86_64", NP_BINARY_ELF, 64, 62, 0x8664},
	{"x86_64-pc-linux-gnu", "x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "x86_64-linux-gnu",
		"Linux", "x86_64", "x86_64", NP_BINARY_ELF, 64, 62, 0x8664},
	{"x86_64-redhat-linux", "x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "x86_64-linux-gnu",
		"Linux", "x86_64", "x86_64", NP_BINARY_ELF, 64, 62, 0x8664},
	{"aarch64-linux-gnu", "aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "aarch64-linux-gnu",
		"Linux", "aarch64", "aarch64", NP_BINARY_ELF, 64, 183, 0xaa64},
	{"arm64-linux-gnu", "aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "aarch64-linux-gnu",
		"Linux", "aarch64", "aarch64", NP_BINARY_ELF, 64, 183, 0xaa64},
	{"aarch64-unknown-linux-gnu", "aarch64-linux-gnu", "aarch64-unknown-linux-gnu",
		"aarch64-linux-gnu", "Linux", "aarch64", "aarch64", NP_BINARY_ELF, 64, 183, 0xaa64},
	{"i686-linux-gnu", "i686-linux-gnu", "i686-unknown-linux-gnu", "i386-linux-gnu", "Linux",
		"i686", "x86", NP_BINARY_ELF, 32, 3, 0x14c},
	{"i386-linux-gnu", "i686-linux-gnu", "i686-unknown-linux-gnu", "i386-linux-gnu", "Linux",
		"i686", "x86", NP_BINARY_ELF, 32, 3, 0x14c},
	{"armv7-unknown-linux-gnueabihf", "arm-linux-gnueabihf", "armv7-unknown-linux-gnueabihf",
		"arm-linux-gnueabihf", "Linux", "arm", "arm", NP_BINARY_ELF, 32, 40, 0x1c4},
	{"arm-linux-gnueabihf", "arm-linux-gnueabihf", "armv7-unknown-linux-gnueabihf",
		"arm-linux-gnueabihf", "Linux", "arm", "arm", NP_BINARY_ELF, 32, 40, 0x1c4},
	{"riscv64gc-unknown-linux-gnu", "riscv64-linux-gnu", "riscv64gc-unknown-linux-gnu",
		"riscv64-linux-gnu", "Linux", "riscv64", "riscv64", NP_BINARY_ELF, 64, 243, 0x5064},
	{"x86_64-unknown-linux-musl", "x86_64-linux-musl", "x86_64-unknown-linux-musl", "", "Linux",
		"x86_64", "x86_64", NP_BINARY_ELF, 64, 62, 0x8664},
	{"aarch64-linux-android", "aarch64-linux-android", "aarch64-linux-android", "", "Android",
		"aarch64", "aarch64", NP_BINARY_ELF, 64, 183, 0xaa64},
	{"x86_64-w64-mingw32", "x86_64-w64-mingw32", "x86_64-pc-windows-gnu", "", "Windows", "x86_64",
		"x86_64", NP_BINARY_PE, 64, 62, 0x8664},
	{"x86_64-pc-windows-gnu", "x86_64-w64-mingw32", "x86_64-pc-windows-gnu", "", "Windows",
		"x86_64", "x86_64", NP_BINARY_PE, 64, 62, 0x8664},
	{"i686-pc-windows-gnu", "i686-w64-mingw32", "i686-pc-windows-gnu", "", "Windows", "i686", "x86",
		NP_BINARY_PE, 32, 3, 0x14c},
	{"aarch64-apple-darwin", "aarch64-apple-darwin", "aarch64-apple-darwin", "", "Darwin",
		"aarch64", "aarch64", NP_BINARY_MACHO, 64, 183, 0xaa64},
	{"x86_64-apple-darwin21.6.0", "x86_64-apple-darwin", "x86_64-apple-darwin", "", "Darwin",
		"x86_64", "x86_64", NP_BINARY_MACHO, 64, 62, 0x8664},
	{"x86_64-unknown-freebsd", "x86_64-unknown-freebsd", "x86_64-unknown-freebsd", "", "FreeBSD",
		"x86_64", "x86_64", NP_BINARY_ELF, 64, 62, 0x8664},
	{"s390x-linux-gnu", "s390x-linux-gnu", "s390x-unknown-linux-gnu", "s390x-linux-gnu", "Linux",
		"s390x", "s390x", NP_BINARY_ELF, 64, 22, 0},
};

static void
test_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		struct np_target t;
		struct np_error err = {0};
		if (!np_target_parse(known[i].text, &t, &err))
			fail_msg("%s: %s", known[i].text, err.msg);
		assert_string_equal(t.gnu, known[i].gnu);
		assert_string_equal(t.rust, known[i].rust);
		assert_string_equal(t.multiarch, known[i].multiarch);
		assert_string_equal(t.cmake_system, known[i].cmake_system);
		assert_string_equal(t.cmake_processor, known[i].cmake_processor);
		assert_string_equal(t.meson_cpu_family, known[i].meson_family);
		assert_int_equal(t.format, known[i].format);
		assert_int_equal(t.bits, known[i].bits);
		assert_int_equal(t.elf_machine, known[i].elf);
		assert_int_equal(t.pe_machine, known[i].pe);
	}
}

/* The Rust form parses back to the same target: both spellings are one. */
static void
test_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		struct np_target a, b, c;
		assert_true(np_target_parse(known[i].text, &a, NULL));
		assert_true(np_target_parse(a.rust, &b, NULL));
		assert_true(np_target_parse(a.gnu, &c, NULL));
		assert_true(np_target_same(&a, &b));
		assert_true(np_target_same(&a, &c));
	}
}

static void
test_forms(void **state)
{
	struct np_target t;

	(void)state;
	assert_true(np_target_parse("aarch64-unknown-linux-gnu", &t, NULL));
	assert_string_equal(t.env, "AARCH64_LINUX_GNU");
	assert_string_equal(t.meson_system, "linux");
	assert_string_equal(t.meson_cpu, "aarch64");
	assert_false(t.big_endian);
	assert_false(np_target_is_windows(&t));
	assert_true(np_target_parse("s390x-linux-gnu", &t, NULL));
	assert_true(t.big_endian);
	assert_true(np_target_parse("armv7-unknown-linux-gnueabihf", &t, NULL));
	assert_string_equal(t.meson_cpu, "armv7");
	assert_true(np_target_parse("arm-linux-gnueabi", &t, NULL));
	assert_string_equal(t.rust, "arm-unknown-linux-gnueabi");
	assert_true(np_target_parse("x86_64-pc-windows-gnu", &t, NULL));
	assert_true(np_target_is_windows(&t));
	assert_string_equal(t.env, "X86_64_W64_MINGW32");
	assert_string_equal(t.abi, "mingw32");
}

static void
test_library_names(void **state)
{
	struct np_target t;
	struct np_strv names = {0};

	(void)state;
	assert_true(np_target_parse("x86_64-linux-gnu", &t, NULL));
	np_target_library_names(&t, "z", false, &names);
	assert_int_equal(names.n, 1);
	assert_string_equal(names.v[0], "libz.so");
	np_strv_release(&names);
	np_target_library_names(&t, "z", true, &names);
	assert_string_equal(names.v[0], "libz.a");
	np_strv_release(&names);
	assert_true(np_target_parse("x86_64-w64-mingw32", &t, NULL));
	np_target_library_names(&t, "z", false, &names);
	assert_string_equal(names.v[0], "libz.dll.a");
	assert_true(np_strv_contains(&names, "z.lib"));
	assert_true(np_strv_contains(&names, "libz.dll"));
	np_strv_release(&names);
	np_target_library_names(&t, "z", true, &names);
	assert_string_equal(names.v[0], "libz.a");
	assert_false(np_strv_contains(&names, "libz.dll.a"));
	np_strv_release(&names);
	assert_true(np_target_parse("aarch64-apple-darwin", &t, NULL));
	np_target_library_names(&t, "z", false, &names);
	assert_string_equal(names.v[0], "libz.dylib");
	np_strv_release(&names);
}

static void
test_refused(void **state)
{
	static const struct {
		const char *text, *says;
	} bad[] = {
		{"", "is not a target triple"},
		{"bogus-thing", "unknown architecture \"bogus\""},
		{"x86_64", "2 to 4 parts"},
		{"x86_64-bogus", "unknown operating system"},
		{"x86_64-bogus-thing-more", "unknown operating system"},
		{"x86_64-pc-windows-msvc", "MSVC targets are not supported"},
		{"x86_64-pc-windows", "unknown Windows ABI"},
		{"x86_64-linux-gnueabihf", "only for 32-bit ARM"},
		{"arm-linux-gnu", "not for 32-bit ARM"},
		{"aarch64-linux-gnux", "unknown Linux ABI"},
		{"x86_64-linux gnu", "is not a target triple"},
		{"x86_64-linux-gnu/../x", "is not a target triple"},
		{"a-b-c-d-e", "2 to 4 parts"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-linux", "is not a target triple"},
		{"arm-w64-mingw32", "no Windows for arm"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct np_target t;
		struct np_error err = {0};
		if (np_target_parse(bad[i].text, &t, &err))
			fail_msg("\"%s\" was accepted as %s", bad[i].text, t.gnu);
		assert_int_equal(err.code, NP_EXIT_INPUT);
		if (strstr(err.msg, bad[i].says) == NULL)
			fail_msg("\"%s\": %s", bad[i].text, err.msg);
		np_error_release(&err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_library_names),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
