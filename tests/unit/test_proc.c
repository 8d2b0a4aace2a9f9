/* Unit tests for core/proc: exit codes, signals, captured output, start failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/proc.h"

static int
sh(const char *script, struct np_buf *out, struct np_buf *err_out)
{
	char *argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)script, NULL};
	struct np_proc p = {.argv = argv, .out = out, .err = err_out};
	struct np_error err = {0};
	int status = -1;

	assert_true(np_proc_run(&p, &status, &err));
	return status;
}

static void
test_status_and_output(void **state)
{
	struct np_buf out = {0}, err = {0};

	(void)state;
	assert_int_equal(sh("echo out; echo err >&2; exit 7", &out, &err), 7);
	assert_string_equal(out.data, "out\n");
	assert_string_equal(err.data, "err\n");
	np_buf_reset(&out);
	assert_int_equal(sh("kill -9 $$", &out, NULL), 128 + 9);
	/* Large output on both streams at once must not deadlock. */
	np_buf_reset(&out);
	np_buf_reset(&err);
	assert_int_equal(sh("head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2", &out, &err), 0);
	assert_int_equal(out.len, 300000);
	assert_int_equal(err.len, 300000);
	np_buf_release(&out);
	np_buf_release(&err);
}

static void
test_cannot_start(void **state)
{
	char *argv[] = {(char *)"/nonexistent/tool", NULL};
	struct np_proc p = {.argv = argv};
	struct np_error err = {0};
	int status;

	(void)state;
	assert_false(np_proc_run(&p, &status, &err));
	assert_string_equal(err.msg, "cannot run '/nonexistent/tool': No such file or directory");
	np_error_release(&err);
}

static void
test_env_and_cwd(void **state)
{
	char *argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)"pwd; echo \"$ONLY\"", NULL};
	char *env[] = {(char *)"ONLY=this", NULL};
	struct np_buf out = {0};
	struct np_proc p = {.argv = argv, .cwd = "/", .env = env, .out = &out};
	struct np_error err = {0};
	int status;

	(void)state;
	assert_true(np_proc_run(&p, &status, &err));
	assert_string_equal(out.data, "/\nthis\n");
	np_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_and_output),
		cmocka_unit_test(test_cannot_start),
		cmocka_unit_test(test_env_and_cwd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
