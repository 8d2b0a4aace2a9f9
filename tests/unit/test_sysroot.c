/* Unit tests for core/sysroot: absolute symlinks followed inside a sysroot, never out of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/sysroot.h"

#define SCRATCH_NAME "sysroot"
#include "tests/unit/scratch.h"

static char *
at(const char *rel)
{
	return np_path_join(dir, rel);
}

static void
file(const char *rel)
{
	char *path = at(rel), *parent = np_path_dirname(path);
	struct np_error err = {0};

	assert_true(np_fs_mkdirs(parent, &err));
	assert_true(np_fs_write_atomic(path, "x", 1, &err));
	free(parent);
	free(path);
}

static void
link_to(const char *target, const char *rel)
{
	char *path = at(rel), *parent = np_path_dirname(path);
	struct np_error err = {0};

	assert_true(np_fs_mkdirs(parent, &err));
	assert_int_equal(symlink(target, path), 0);
	free(parent);
	free(path);
}

static void
test_resolve(void **state)
{
	char *root = at("root"), *real, *want, *p;

	(void)state;
	file("root/lib/aarch64-linux-gnu/libz.so.1.2.13");
	link_to("libz.so.1.2.13", "root/lib/aarch64-linux-gnu/libz.so.1");
	/* Debian's development link: absolute, meaning the sysroot's own /lib. */
	link_to("/lib/aarch64-linux-gnu/libz.so.1.2.13", "root/usr/lib/aarch64-linux-gnu/libz.so");
	/* A chain through a directory link, and one climbing above the root. */
	link_to("usr/lib", "root/lib64");
	link_to("../../../../../../lib/aarch64-linux-gnu/libz.so.1", "root/usr/lib/deep");
	link_to("loop2", "root/loop1");
	link_to("/loop1", "root/loop2");

	want = at("root/lib/aarch64-linux-gnu/libz.so.1.2.13");
	p = at("root/usr/lib/aarch64-linux-gnu/libz.so");
	real = np_sysroot_resolve(root, p);
	assert_string_equal(real, want);
	assert_true(np_sysroot_is_file(root, p));
	/* Followed as this machine would, the link leads nowhere the sysroot has. */
	assert_false(np_fs_is_file(p) && access("/lib/aarch64-linux-gnu/libz.so.1.2.13", F_OK) != 0);
	free(real), free(p);
	p = at("root/lib64/aarch64-linux-gnu/libz.so");
	real = np_sysroot_resolve(root, p);
	assert_string_equal(real, want);
	free(real), free(p);
	p = at("root/usr/lib/deep");
	real = np_sysroot_resolve(root, p);
	assert_string_equal(real, want);
	free(real), free(p);
	/* Missing, and looping. */
	p = at("root/usr/lib/nothing");
	assert_null(np_sysroot_resolve(root, p));
	assert_false(np_sysroot_is_file(root, p));
	free(p);
	p = at("root/loop1");
	assert_null(np_sysroot_resolve(root, p));
	free(p);
	/* Outside the sysroot, or with none: this machine's realpath. */
	p = at("root/lib/aarch64-linux-gnu/libz.so.1");
	real = np_sysroot_resolve(NULL, p);
	assert_string_equal(real, want);
	free(real), free(p);
	assert_true(np_sysroot_contains(root, want));
	assert_false(np_sysroot_contains(root, "/usr/lib"));
	p = np_xasprintf("%s-other/x", root);
	assert_false(np_sysroot_contains(root, p));
	free(p);
	free(want);
	free(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
