/* Unit tests for core/loader: the loader's default directories from a sysroot's ld.so.conf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/loader.h"

#define SCRATCH_NAME "loader"
#include "tests/unit/scratch.h"

static void
put(const char *rel, const char *text)
{
	char *path = np_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static void
mk(const char *rel)
{
	char *path = np_xasprintf("%s/%s", dir, rel);
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
}

static char *
in_root(const char *p)
{
	return np_xasprintf("%s%s", dir, p);
}

static void
test_conf_and_system(void **state)
{
	struct np_loader l = {.root = dir, .multiarch = "aarch64-linux-gnu"};
	const struct np_strv *d;
	char *expect[7];
	(void)state;

	mk("etc");
	mk("etc/ld.so.conf.d");
	mk("usr");
	mk("usr/lib");
	mk("opt");
	mk("opt/custom");
	/* Comments, blanks, several directories on a line, relative and absolute includes, and an
	 * include loop, which stops. */
	put("etc/ld.so.conf", "# comment\ninclude ld.so.conf.d/*.conf\n\n/opt/custom # here\n");
	put("etc/ld.so.conf.d/a.conf", "/usr/local/lib:/srv/lib\ninclude /etc/ld.so.conf.d/b.conf\n");
	put("etc/ld.so.conf.d/b.conf", "hwcap 1 x\ninclude /etc/ld.so.conf\n");
	d = np_loader_default_dirs(&l);
	expect[0] = in_root("/usr/local/lib");
	expect[1] = in_root("/srv/lib");
	{
		char *real = realpath(dir, NULL);
		assert_non_null(real);
		expect[2] = np_xasprintf("%s/opt/custom", real ? real : dir);
		free(real);
	}
	assert_true(d->n >= 6);
	assert_string_equal(d->v[0], expect[0]);
	assert_string_equal(d->v[1], expect[1]);
	assert_string_equal(d->v[2], expect[2]);
	assert_true(np_loader_is_default(&l, expect[2]));
	free(expect[2]);
	expect[2] = in_root("/usr/lib/aarch64-linux-gnu");
	assert_true(np_loader_is_default(&l, expect[2]));
	expect[3] = in_root("/usr/lib");
	assert_true(np_loader_is_default(&l, expect[3]));
	expect[4] = in_root("/opt");
	assert_false(np_loader_is_default(&l, expect[4]));
	/* lib64 counts only where it exists. */
	expect[5] = in_root("/usr/lib64");
	assert_false(np_loader_is_default(&l, expect[5]));
	expect[6] = np_xstrdup("/usr/lib");
	assert_false(np_loader_is_default(&l, expect[6])); /* the host's, not the sysroot's */
	for (size_t i = 0; i < 7; i++)
		free(expect[i]);
	np_loader_release(&l);
}

static void
test_host(void **state)
{
	struct np_loader l = {0};
	(void)state;
	assert_true(np_loader_is_default(&l, "/usr/lib"));
	assert_false(np_loader_is_default(&l, dir));
	np_loader_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_and_system),
		cmocka_unit_test(test_host),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
