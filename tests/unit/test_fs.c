/* Unit tests for core/fs: bounded reads, atomic writes that leave nothing behind. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/fs.h"

#define SCRATCH_NAME "fs"
#include "tests/unit/scratch.h"

static size_t
entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void
test_write_read(void **state)
{
	char *path = np_path_join(dir, "a/b/c.txt"), *parent = np_path_dirname(path);
	struct np_buf b = {0};
	struct np_error err = {0};

	(void)state;
	assert_true(np_fs_mkdirs(parent, &err));
	assert_true(np_fs_write_atomic(path, "hello", 5, &err));
	assert_true(np_fs_read(path, 5, &b, &err));
	assert_string_equal(b.data, "hello");
	/* One byte over the limit is refused as bad input. */
	assert_false(np_fs_read(path, 4, &b, &err));
	assert_int_equal(err.code, NP_EXIT_INPUT);
	np_error_release(&err);
	/* Only the file itself: no temporary left beside it. */
	assert_int_equal(entries(parent), 1);
	np_buf_release(&b);
	free(parent);
	free(path);
}

/*
 * An empty file reads as "": the buffer is terminated although no byte was read. The memory
 * the buffer gets was just freed full of 'x', so an unterminated buffer shows (valgrind found
 * a failed build's empty log printing heap bytes).
 */
static void
test_read_empty(void **state)
{
	char *path = np_path_join(dir, "empty"), *junk;
	struct np_buf b = {0};
	struct np_error err = {0};

	(void)state;
	assert_true(np_fs_write_atomic(path, "", 0, &err));
	junk = np_xmalloc(32768); /* what the first read reserves */
	memset(junk, 'x', 32768);
	free(junk);
	assert_true(np_fs_read(path, 100, &b, &err));
	assert_int_equal(b.len, 0);
	assert_non_null(b.data);
	assert_int_equal(b.data[0], '\0');
	np_buf_release(&b);
	free(path);
}

static void
test_update_keeps_unchanged_files(void **state)
{
	char *path = np_path_join(dir, "u.txt");
	struct np_error err = {0};
	struct stat before, after;
	bool changed;

	(void)state;
	assert_true(np_fs_update(path, "same", 4, &changed, &err));
	assert_true(changed);
	assert_int_equal(stat(path, &before), 0);
	assert_true(np_fs_update(path, "same", 4, &changed, &err));
	assert_false(changed);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_true(np_fs_update(path, "samesame", 8, &changed, &err));
	assert_true(changed);
	assert_true(np_fs_update(path, "sam", 3, &changed, &err));
	assert_true(changed);
	free(path);
}

static void
test_write_failure_leaves_nothing(void **state)
{
	char *path = np_path_join(dir, "missing-dir/x.txt");
	struct np_error err = {0};

	(void)state;
	assert_false(np_fs_write_atomic(path, "x", 1, &err));
	assert_non_null(strstr(err.msg, "cannot create"));
	np_error_release(&err);
	free(path);
}

static void
test_remove_tree_does_not_follow_symlinks(void **state)
{
	char *victim = np_path_join(dir, "victim"), *tree = np_path_join(dir, "tree");
	char *link = np_path_join(tree, "link"), *keep = np_path_join(victim, "keep");
	struct np_error err = {0};

	(void)state;
	assert_true(np_fs_mkdirs(victim, &err) && np_fs_mkdirs(tree, &err));
	assert_true(np_fs_write_atomic(keep, "k", 1, &err));
	assert_int_equal(symlink(victim, link), 0);
	assert_true(np_fs_remove_tree(tree, &err));
	assert_false(np_fs_exists(tree));
	assert_true(np_fs_is_file(keep));
	free(victim), free(tree), free(link), free(keep);
}

static void
test_paths(void **state)
{
	char *s;

	(void)state;
	s = np_path_join("/a/", "b");
	assert_string_equal(s, "/a/b");
	free(s);
	s = np_path_join("/a", "/abs");
	assert_string_equal(s, "/abs");
	free(s);
	s = np_path_dirname("/a/b//c");
	assert_string_equal(s, "/a/b");
	free(s);
	s = np_path_dirname("/top");
	assert_string_equal(s, "/");
	free(s);
	s = np_path_dirname("plain");
	assert_string_equal(s, ".");
	free(s);
	assert_string_equal(np_path_basename("/x/y.json"), "y.json");
	assert_true(np_path_is_below("lib/pkgconfig/z.pc"));
	assert_true(np_path_is_below("a/..b/c.."));
	assert_true(np_path_is_below("./x"));
	assert_false(np_path_is_below(""));
	assert_false(np_path_is_below("/etc/passwd"));
	assert_false(np_path_is_below(".."));
	assert_false(np_path_is_below("../x"));
	assert_false(np_path_is_below("a/../../x"));
	assert_false(np_path_is_below("a/.."));
	assert_false(np_path_is_below("a//../x"));
}

/* A stamp written as text is read back and still holds, until the file changes or goes. */
static void
test_stamp_text(void **state)
{
	char *path = np_path_join(dir, "stamped"), *gone = np_path_join(dir, "never");
	struct np_fs_stamp st;
	struct np_buf line = {0};
	struct np_error err = {0};
	struct timespec times[2] = {{.tv_sec = 1000, .tv_nsec = 5}, {.tv_sec = 1000, .tv_nsec = 5}};

	(void)state;
	assert_true(np_fs_write_atomic(path, "one", 3, &err));
	np_fs_stamp(path, &st);
	np_fs_stamp_add(&line, &st);
	np_buf_adds(&line, " ");
	np_buf_adds(&line, path);
	assert_string_equal(np_fs_stamp_skip(np_buf_str(&line)), path);
	assert_true(np_fs_stamp_holds(np_buf_str(&line), path));
	/* Another size, another time: no longer. */
	assert_true(np_fs_write_atomic(path, "three", 5, &err));
	assert_false(np_fs_stamp_holds(np_buf_str(&line), path));
	/* Times before 1970 read back too. */
	times[0].tv_sec = times[1].tv_sec = -86400;
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	np_fs_stamp(path, &st);
	np_buf_reset(&line);
	np_fs_stamp_add(&line, &st);
	np_buf_adds(&line, " x");
	assert_true(np_fs_stamp_holds(np_buf_str(&line), path));
	/* A file that is not there has the all-zero stamp. */
	assert_true(np_fs_stamp_holds("0 0 0 0 0 0 0 x", gone));
	assert_false(np_fs_stamp_holds("0 0 0 0 0 0 0 x", path));
	/* Malformed: too few numbers, no space after the last, not a number, an overflow. */
	assert_false(np_fs_stamp_holds("0 0 0 0 0 0", gone));
	assert_false(np_fs_stamp_holds("0 0 0 0 0 0 0", gone));
	assert_false(np_fs_stamp_holds("0 0 x 0 0 0 0 p", gone));
	assert_false(np_fs_stamp_holds("99999999999999999999 0 0 0 0 0 0 p", gone));
	assert_null(np_fs_stamp_skip("1 2 3"));
	np_buf_release(&line);
	free(gone);
	free(path);
}

/* A directory's names, with or without the hidden ones; never "." or "..". */
static void
test_list(void **state)
{
	char *sub = np_path_join(dir, "listed"), *a = np_path_join(sub, "a"),
	     *hidden = np_path_join(sub, ".h"), *missing = np_path_join(dir, "none");
	struct np_strv names = {0};
	struct np_error err = {0};

	(void)state;
	assert_true(np_fs_mkdirs(sub, &err));
	assert_true(np_fs_write_atomic(a, "", 0, &err));
	assert_true(np_fs_write_atomic(hidden, "", 0, &err));
	assert_true(np_fs_list(sub, false, &names));
	assert_int_equal(names.n, 1);
	assert_string_equal(names.v[0], "a");
	np_strv_release(&names);
	assert_true(np_fs_list(sub, true, &names));
	assert_int_equal(names.n, 2);
	assert_true(np_strv_contains(&names, "a") && np_strv_contains(&names, ".h"));
	np_strv_release(&names);
	assert_false(np_fs_list(missing, true, &names));
	assert_int_equal(names.n, 0);
	free(missing);
	free(hidden);
	free(a);
	free(sub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_read),
		cmocka_unit_test(test_read_empty),
		cmocka_unit_test(test_update_keeps_unchanged_files),
		cmocka_unit_test(test_write_failure_leaves_nothing),
		cmocka_unit_test(test_remove_tree_does_not_follow_symlinks),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_stamp_text),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
