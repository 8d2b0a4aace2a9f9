/* Unit tests for core/trust: which directories may hold a cache, and opening files of one. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/trust.h"

#define SCRATCH_NAME "trust"
#include "tests/unit/scratch.h"

/* A directory under the scratch one with this mode (exactly: not the umask's). */
static char *
make(const char *name, mode_t mode)
{
	char *path = np_path_join(dir, name);

	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* np_trust_dir's verdict; on a refusal, the message must contain `says`. */
static void
expect(const char *path, bool trusted, const char *says)
{
	struct np_error err = {0};
	bool ok = np_trust_dir(path, &err);

	if (ok != trusted)
		fail_msg("%s: expected %s, got %s", path, trusted ? "trusted" : "refused",
			err.msg ? err.msg : "trusted");
	if (!ok) {
		assert_int_equal(err.code, NP_EXIT_INPUT);
		if (says && strstr(err.msg, says) == NULL)
			fail_msg("%s: \"%s\" does not say \"%s\"", path, err.msg, says);
	}
	np_error_release(&err);
}

static void
test_modes(void **state)
{
	char *own = make("own", 0755), *open_ = make("open", 0777), *group = make("group", 0775);
	char *sticky = make("sticky", 01777), *in_open, *in_sticky, *in_own;

	(void)state;
	expect(own, true, NULL);
	expect(open_, false, "writable by its group and others (mode 0777)");
	expect(group, false, "writable by its group (mode 0775)");
	/* Sticky is enough for a directory on the way, not for the directory itself. */
	expect(sticky, false, "mode 1777");
	in_open = np_path_join(open_, "c");
	in_sticky = np_path_join(sticky, "c");
	in_own = np_path_join(own, "./c/../c");
	assert_int_equal(mkdir(in_open, 0755), 0);
	assert_int_equal(mkdir(in_sticky, 0755), 0);
	{
		char *c = np_path_join(own, "c");
		assert_int_equal(mkdir(c, 0755), 0);
		free(c);
	}
	expect(in_open, false, "on the way to it is writable");
	expect(in_sticky, true, NULL);
	expect(in_own, true, NULL);
	free(own), free(open_), free(group), free(sticky), free(in_open), free(in_sticky);
	free(in_own);
}

static void
test_symlinks(void **state)
{
	char *real = make("real", 0755), *open_ = make("open2", 0777);
	char *sym = np_path_join(dir, "link"), *via = np_path_join(dir, "link/sub");
	char *bad = np_path_join(dir, "badlink"), *loop = np_path_join(dir, "loop");
	char *sub = np_path_join(real, "sub");

	(void)state;
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(symlink("real", sym), 0);
	expect(sym, true, NULL);
	expect(via, true, NULL);
	/* The link's target is checked, not the link's own directory alone. */
	assert_int_equal(symlink("open2", bad), 0);
	expect(bad, false, "open2 is writable by its group and others");
	assert_int_equal(symlink("loop", loop), 0);
	{
		struct np_error err = {0};
		assert_false(np_trust_dir(loop, &err));
		assert_non_null(strstr(err.msg, "too many symlinks"));
		np_error_release(&err);
	}
	free(real), free(open_), free(sym), free(via), free(bad), free(loop), free(sub);
}

static void
test_owner(void **state)
{
	char *theirs, *way, *mine;

	(void)state;
	if (geteuid() != 0)
		skip(); /* giving a directory to another user needs root */
	theirs = make("theirs", 0755);
	way = make("way", 0755);
	assert_int_equal(chown(theirs, 65534, 65534), 0);
	expect(theirs, false, "not by you");
	expect(theirs, false, "rm -rf");
	mine = np_path_join(way, "mine");
	assert_int_equal(mkdir(mine, 0755), 0);
	assert_int_equal(chown(way, 65534, 65534), 0);
	expect(mine, false, "on the way to it is owned by");
	free(theirs), free(way), free(mine);
}

static void
test_open(void **state)
{
	char *file = np_path_join(dir, "f"), *sym = np_path_join(dir, "f-link");
	char *hard = np_path_join(dir, "f-hard"), *fifo = np_path_join(dir, "fifo");
	char *d = make("d", 0755), *missing = np_path_join(dir, "missing");
	struct np_error err = {0};
	const char *why;
	int fd;

	(void)state;
	fd = np_trust_open(file, O_RDWR | O_CREAT | O_EXCL, 0600, &err);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(symlink("f", sym), 0);
	assert_int_equal(np_trust_open(sym, O_RDWR | O_CREAT, 0600, &err), -1);
	assert_int_equal(err.code, NP_EXIT_INPUT);
	assert_non_null(strstr(err.msg, "is a symlink"));
	np_error_release(&err);
	assert_int_equal(link(file, hard), 0);
	assert_int_equal(np_trust_open(file, O_RDONLY, 0, &err), -1);
	assert_non_null(strstr(err.msg, "has 2 hard links"));
	np_error_release(&err);
	/* A FIFO is refused at once, not waited on. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(np_trust_open(fifo, O_RDONLY, 0, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));
	np_error_release(&err);
	assert_int_equal(np_trust_open(missing, O_RDONLY, 0, &err), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(err.code, NP_EXIT_FAILURE);
	np_error_release(&err);

	assert_true(np_trust_own_dir(d, &why));
	assert_false(np_trust_own_dir(sym, &why));
	assert_false(np_trust_own_dir(missing, &why));
	assert_int_equal(chmod(d, 0775), 0);
	assert_false(np_trust_own_dir(d, &why));
	assert_string_equal(why, "it is writable by other users");
	free(file), free(sym), free(hard), free(fifo), free(d), free(missing);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_open),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
