/* Unit tests for core/binfmt: crafted ELF, PE/COFF and archive headers, and the target check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/binfmt.h"
#include "core/buf.h"
#include "core/fs.h"

#define SCRATCH_NAME "binfmt"
#include "tests/unit/scratch.h"

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, unsigned long v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static char *
write_bytes(const char *name, const void *data, size_t n)
{
	char *path = np_path_join(dir, name);
	struct np_error err = {0};

	assert_true(np_fs_write_atomic(path, data, n, &err));
	return path;
}

/* An ELF header: class (1/2), OS/ABI, machine. */
static void
elf(unsigned char h[64], int class, int osabi, unsigned machine)
{
	memset(h, 0, 64);
	memcpy(h, "\177ELF", 4);
	h[4] = (unsigned char)class;
	h[5] = 1;
	h[6] = 1;
	h[7] = (unsigned char)osabi;
	put16(h + 16, 3); /* ET_DYN */
	put16(h + 18, machine);
}

/* A COFF object whose one section is .idata$7 holding a DLL's name (an import tail). */
static size_t
coff_tail(unsigned char *o, unsigned machine, const char *dll)
{
	memset(o, 0, 100);
	put16(o, machine);
	put16(o + 2, 1);
	memcpy(o + 20, ".idata$7", 8);
	put32(o + 20 + 16, 16);
	put32(o + 20 + 20, 60);
	memcpy(o + 60, dll, strlen(dll));
	return 76;
}

static void
member(struct np_buf *b, const char *name, const void *data, size_t n)
{
	char hdr[61];

	snprintf(hdr, sizeof hdr, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name, "0", "0", "0", "644", n);
	np_buf_add(b, hdr, 60);
	np_buf_add(b, data, n);
	if (n & 1)
		np_buf_addc(b, '\n');
}

static struct np_binfmt
read_it(const char *path)
{
	struct np_binfmt b;
	struct np_error err = {0};

	assert_true(np_binfmt_read(path, &b, &err));
	return b;
}

static void
test_elf(void **state)
{
	unsigned char h[64];
	struct np_target aarch64, x86, fbsd, win;
	struct np_binfmt b;
	char *path, *why;

	(void)state;
	assert_true(np_target_parse("aarch64-linux-gnu", &aarch64, NULL));
	assert_true(np_target_parse("x86_64-linux-gnu", &x86, NULL));
	assert_true(np_target_parse("x86_64-unknown-freebsd", &fbsd, NULL));
	assert_true(np_target_parse("x86_64-w64-mingw32", &win, NULL));
	elf(h, 2, 0, 62);
	path = write_bytes("libx.so", h, sizeof h);
	b = read_it(path);
	assert_int_equal(b.kind, NP_BINFMT_OBJECT);
	assert_int_equal(b.format, NP_BINARY_ELF);
	assert_int_equal(b.machine, 62);
	assert_int_equal(b.bits, 64);
	assert_null(np_binfmt_mismatch(&b, &x86));
	why = np_binfmt_mismatch(&b, &aarch64);
	assert_string_equal(why, "built for x86-64, but the target aarch64-linux-gnu needs AArch64");
	free(why);
	why = np_binfmt_mismatch(&b, &win);
	assert_string_equal(why, "built for x86-64 (ELF), but the target x86_64-w64-mingw32 needs x86-64 (PE/COFF)");
	free(why);
	free(path);
	/* The same machine, another word size or system. */
	elf(h, 1, 0, 62);
	path = write_bytes("lib32.so", h, sizeof h);
	b = read_it(path);
	why = np_binfmt_mismatch(&b, &x86);
	assert_string_equal(why, "built for 32-bit, but the target x86_64-linux-gnu is 64-bit");
	free(why);
	free(path);
	elf(h, 2, 9, 62);
	path = write_bytes("libbsd.so", h, sizeof h);
	b = read_it(path);
	why = np_binfmt_mismatch(&b, &x86);
	assert_non_null(strstr(why, "another system (ELF OS/ABI 9)"));
	free(why);
	assert_null(np_binfmt_mismatch(&b, &fbsd));
	free(path);
	elf(h, 2, 3, 183); /* GNU/Linux OS/ABI */
	path = write_bytes("libgnu.so", h, sizeof h);
	b = read_it(path);
	assert_null(np_binfmt_mismatch(&b, &aarch64));
	free(path);
}

static void
test_archives(void **state)
{
	unsigned char h[64], o[100];
	struct np_buf b = {0};
	struct np_binfmt f;
	struct np_target win, win32;
	char *path, *why;
	size_t n;
	static const unsigned char ilf[] = {0, 0, 0xff, 0xff, 0, 0, 0x4c, 0x01, 0, 0, 0, 0, 20, 0, 0, 0,
		0, 0, 0, 0, 'f', 'n', 0, 'o', 'l', 'd', '.', 'd', 'l', 'l', 0, 0};

	(void)state;
	assert_true(np_target_parse("x86_64-w64-mingw32", &win, NULL));
	assert_true(np_target_parse("i686-w64-mingw32", &win32, NULL));
	/* An ELF archive: its first object member, past the symbol table. */
	np_buf_add(&b, "!<arch>\n", 8);
	member(&b, "/", "\0\0\0\0", 4);
	elf(h, 2, 0, 183);
	member(&b, "a.o/", h, sizeof h);
	path = write_bytes("libelf.a", b.data, b.len);
	f = read_it(path);
	assert_int_equal(f.kind, NP_BINFMT_ARCHIVE);
	assert_int_equal(f.machine, 183);
	free(path);

	/* A GNU import library: long member names, its DLL named in an .idata$7 section. */
	np_buf_reset(&b);
	np_buf_add(&b, "!<arch>\n", 8);
	member(&b, "/", "\0\0\0\0", 4);
	member(&b, "//", "libz_dll_d000002.o/\n", 20);
	n = coff_tail(o, 0x8664, "zlib1.dll");
	member(&b, "/0", o, n);
	path = write_bytes("libz.dll.a", b.data, b.len);
	f = read_it(path);
	assert_int_equal(f.kind, NP_BINFMT_IMPORT);
	assert_int_equal(f.format, NP_BINARY_PE);
	assert_int_equal(f.machine, 0x8664);
	assert_string_equal(f.dll, "zlib1.dll");
	assert_null(np_binfmt_mismatch(&f, &win));
	why = np_binfmt_mismatch(&f, &win32);
	assert_string_equal(why, "built for x86-64, but the target i686-w64-mingw32 needs i386");
	free(why);
	np_binfmt_release(&f);
	free(path);

	/* MSVC's short import format. */
	np_buf_reset(&b);
	np_buf_add(&b, "!<arch>\n", 8);
	member(&b, "old.dll/", ilf, sizeof ilf);
	path = write_bytes("old.lib", b.data, b.len);
	f = read_it(path);
	assert_int_equal(f.kind, NP_BINFMT_IMPORT);
	assert_int_equal(f.machine, 0x14c);
	assert_string_equal(f.dll, "old.dll");
	assert_null(np_binfmt_mismatch(&f, &win32));
	np_binfmt_release(&f);
	free(path);

	/* A truncated member is no library; neither is a text file. */
	np_buf_reset(&b);
	np_buf_add(&b, "!<arch>\na.o/            0           0     0     644     999999    `\nxx", 70);
	path = write_bytes("broken.a", b.data, b.len);
	f = read_it(path);
	assert_int_equal(f.kind, NP_BINFMT_UNKNOWN);
	assert_null(np_binfmt_mismatch(&f, &win));
	free(path);
	path = write_bytes("libz.so.script", "GROUP ( libz.so.1 )\n", 20);
	f = read_it(path);
	assert_int_equal(f.kind, NP_BINFMT_UNKNOWN);
	free(path);
	np_buf_release(&b);
}

static void
test_pe(void **state)
{
	unsigned char p[160];
	struct np_binfmt f;
	struct np_target win, arm64;
	char *path, *why;

	(void)state;
	assert_true(np_target_parse("x86_64-pc-windows-gnu", &win, NULL));
	assert_true(np_target_parse("aarch64-linux-gnu", &arm64, NULL));
	memset(p, 0, sizeof p);
	p[0] = 'M';
	p[1] = 'Z';
	put32(p + 0x3c, 0x40);
	memcpy(p + 0x40, "PE\0\0", 4);
	put16(p + 0x44, 0x8664);
	put16(p + 0x40 + 24, 0x20b);
	path = write_bytes("zlib1.dll", p, sizeof p);
	f = read_it(path);
	assert_int_equal(f.kind, NP_BINFMT_OBJECT);
	assert_int_equal(f.format, NP_BINARY_PE);
	assert_int_equal(f.bits, 64);
	assert_null(np_binfmt_mismatch(&f, &win));
	why = np_binfmt_mismatch(&f, &arm64);
	assert_string_equal(why, "built for x86-64 (PE/COFF), but the target aarch64-linux-gnu needs AArch64 (ELF)");
	free(why);
	free(path);
	/* e_lfanew past the end. */
	put32(p + 0x3c, 0x7fffffff);
	path = write_bytes("bad.dll", p, sizeof p);
	f = read_it(path);
	assert_int_equal(f.kind, NP_BINFMT_UNKNOWN);
	free(path);
	/* A file that is not there cannot be read. */
	{
		struct np_error err = {0};
		assert_false(np_binfmt_read("/nonexistent/libz.so", &f, &err));
		np_error_release(&err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf),
		cmocka_unit_test(test_archives),
		cmocka_unit_test(test_pe),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
