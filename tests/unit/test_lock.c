/* Unit tests for core/lock and core/fingerprint: round trips, damaged locks, diffs, drift. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/lock.h"

#define SCRATCH_NAME "lock"
#include "tests/unit/scratch.h"

static char *
write_file(const char *name, const char *text)
{
	char *path = np_path_join(dir, name);
	struct np_error err = {0};
	assert_true(np_fs_write_atomic(path, text, strlen(text), &err));
	return path;
}

static struct np_lock_entry *
entry(const char *target, const char *name, const char *links, const char *version)
{
	struct np_lock_entry *e = np_xcalloc(1, sizeof *e);
	e->target = np_xstrdup(target);
	e->res.name = np_xstrdup(name);
	e->res.links = np_xstrdup(links);
	e->res.version = np_xstrdup(version);
	e->res.method = NP_METHOD_PKG_CONFIG;
	e->res.mode = np_xstrdup("auto");
	e->res.pc_module = np_xstrdup(name);
	np_strv_push(&e->res.requested_by, "nativepkg.json");
	np_strv_push(&e->res.include_dirs, "/usr/include");
	np_strv_push(&e->res.cflags, "-I/opt/a b");
	np_kv_set(&e->res.metadata, "KEY", "a \"quoted\" value");
	np_inputs_add_env(&e->res.inputs, "PKG_CONFIG_PATH");
	return e;
}

static void
test_round_trip(void **state)
{
	struct np_lock l = {0}, back = {0};
	struct np_buf a = {0}, b = {0};
	struct np_error err = {0};
	struct np_fingerprint fp;
	char *lib = write_file("libz.so", "not really a library");

	(void)state;
	np_lock_put(&l, entry("x86_64-linux-gnu", "zlib", "z", "1.2.13"));
	np_lock_put(&l, entry("aarch64-linux-gnu", "zlib", "z", "1.3"));
	np_lock_put(&l, entry("x86_64-linux-gnu", "libpng", "png16", "1.6.39"));
	assert_true(np_fingerprint_file(NULL, lib, &fp, &err));
	np_fingerprints_push(&np_lock_find(&l, "x86_64-linux-gnu", "z")->files, &fp);
	assert_true(np_lock_render(&l, &a, &err));
	/* Sorted by target, then links name; no timestamps, so rendering again is identical. */
	assert_true(strstr(np_buf_str(&a), "aarch64") < strstr(np_buf_str(&a), "png16"));
	assert_true(strstr(np_buf_str(&a), "png16") < strstr(np_buf_str(&a), "\"links\": \"z\",\n      \"name\": \"zlib\",\n      \"version\": \"1.2.13\""));
	assert_true(np_lock_parse(&back, a.data, a.len, "nativepkg.lock", &err));
	assert_int_equal(back.n, 3);
	assert_true(np_lock_render(&back, &b, &err));
	assert_string_equal(np_buf_str(&a), np_buf_str(&b));
	assert_string_equal(np_kv_get(&np_lock_find(&back, "x86_64-linux-gnu", "z")->res.metadata, "KEY"),
		"a \"quoted\" value");
	np_buf_release(&a);
	np_buf_release(&b);
	np_lock_release(&l);
	np_lock_release(&back);
	free(lib);
}

static void
test_damaged(void **state)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{"{\"nativepkg_lock\": 4, \"packages\": []}", "lock format 4 is not supported"},
		{"{\"nativepkg_lock\": 0, \"packages\": []}", "lock format 0 is not supported"},
		{"{\"nativepkg_lock\": 3, \"packages\": [5]}", "packages must be objects"},
		{"{\"nativepkg_lock\": 3, \"packages\": [{\"target\": \"t\"}]}", "missing \"links\""},
		{"{\"nativepkg_lock\": 3}", "missing \"packages\""},
		{"{\"nativepkg_lock\": 3, \"packages\": [], \"extra\": 1}", "unknown key \"extra\""},
		{"{\"nativepkg_lock\": 3, \"packages\": []} x", "nativepkg.lock:1:"},
		/* An older format is still checked whole before its entries are dropped. */
		{"{\"nativepkg_lock\": 1, \"packages\": [5]}", "packages must be objects"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_lock l;
		struct np_error err = {0};
		assert_false(np_lock_parse(&l, cases[i].text, strlen(cases[i].text), "nativepkg.lock",
			&err));
		assert_int_equal(err.code, NP_EXIT_INPUT);
		if (strstr(err.msg, cases[i].message) == NULL)
			fail_msg("case %zu: expected \"%s\" in: %s", i, cases[i].message, err.msg);
		np_error_release(&err);
	}
}

static void
test_diff(void **state)
{
	struct np_lock a = {0}, b = {0};
	struct np_strv changes = {0};
	struct np_lock_entry *e;

	(void)state;
	np_lock_put(&a, entry("x86_64-linux-gnu", "zlib", "z", "1.2.13"));
	np_lock_put(&a, entry("x86_64-linux-gnu", "npold", "npold", "0.9"));
	np_lock_put(&b, entry("x86_64-linux-gnu", "zlib", "z", "1.3.1"));
	np_lock_put(&b, entry("x86_64-linux-gnu", "libpng", "png16", "1.6.39"));
	np_lock_diff(&a, &b, "x86_64-linux-gnu", &changes);
	assert_int_equal(changes.n, 3);
	assert_string_equal(changes.v[0], "npold: removed (0.9 via pkg-config)");
	assert_string_equal(changes.v[1], "libpng: added (1.6.39 via pkg-config)");
	assert_string_equal(changes.v[2], "zlib: version 1.2.13 -> 1.3.1");
	np_strv_release(&changes);
	/* Other targets do not count. */
	np_lock_diff(&a, &b, "aarch64-linux-gnu", &changes);
	assert_int_equal(changes.n, 0);

	/* A build with the same key is the same answer, whatever its files' hashes. */
	np_lock_release(&a);
	np_lock_release(&b);
	e = entry("x86_64-linux-gnu", "zlib", "z", "1.3.1");
	e->res.build_key = np_xstrdup("k1");
	e->res.method = NP_METHOD_BUILD;
	np_lock_put(&a, e);
	e = entry("x86_64-linux-gnu", "zlib", "z", "1.3.1");
	e->res.build_key = np_xstrdup("k1");
	e->res.method = NP_METHOD_CACHE;
	np_lock_put(&b, e);
	np_lock_diff(&a, &b, "x86_64-linux-gnu", &changes);
	assert_int_equal(changes.n, 0);
	free(np_lock_find(&b, "x86_64-linux-gnu", "z")->res.build_key);
	np_lock_find(&b, "x86_64-linux-gnu", "z")->res.build_key = np_xstrdup("k2");
	np_lock_diff(&a, &b, "x86_64-linux-gnu", &changes);
	assert_int_equal(changes.n, 1);
	assert_string_equal(changes.v[0], "zlib: build key k1 -> k2");
	np_strv_release(&changes);
	np_lock_release(&a);
	np_lock_release(&b);
}

static void
test_fingerprints(void **state)
{
	struct np_statcache c;
	struct np_fingerprint fp, again;
	struct np_error err = {0};
	char *cache = np_path_join(dir, "stat-cache"), *file = write_file("libx.so.1", "version one");
	char *link = np_path_join(dir, "libx.so"), *why;

	(void)state;
	assert_int_equal(symlink("libx.so.1", link), 0);
	np_statcache_open(&c, cache);
	assert_true(np_fingerprint_file(&c, link, &fp, &err));
	assert_string_equal(fp.path, link);
	assert_string_equal(fp.real, file);
	assert_int_equal(fp.size, 11);
	assert_null(np_fingerprint_check(&c, &fp));

	/* A replaced file is noticed: by size here, by hash below. */
	free(write_file("libx.so.1", "version two!"));
	why = np_fingerprint_check(&c, &fp);
	assert_non_null(strstr(why, "changed: 12 bytes, locked with 11"));
	free(why);
	free(write_file("libx.so.1", "version 1!!"));
	why = np_fingerprint_check(&c, &fp);
	assert_non_null(strstr(why, "changed: sha256"));
	free(why);
	/* A symlink pointing elsewhere is noticed. */
	free(write_file("libx.so.2", "version one"));
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink("libx.so.2", link), 0);
	why = np_fingerprint_check(&c, &fp);
	assert_non_null(strstr(why, "now resolves to"));
	free(why);
	assert_int_equal(unlink(link), 0);
	why = np_fingerprint_check(&c, &fp);
	assert_non_null(strstr(why, "no longer exists"));
	free(why);

	/* The cache saves and loads; a damaged one is only slower. */
	assert_true(np_fingerprint_file(&c, file, &again, &err));
	np_statcache_save(&c);
	np_statcache_close(&c);
	np_statcache_open(&c, cache);
	np_statcache_close(&c);
	free(write_file("stat-cache", "nativepkg stat cache 1\ngarbage line\n\n"));
	np_statcache_open(&c, cache);
	assert_int_equal(c.n, 0);
	np_statcache_close(&c);
	np_fingerprint_release(&fp);
	np_fingerprint_release(&again);
	free(cache);
	free(file);
	free(link);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_fingerprints),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
