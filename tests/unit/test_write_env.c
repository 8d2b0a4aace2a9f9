/* Unit tests for cli/write_env: values survive every format that can carry them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/write_env.h"
#include "core/alloc.h"
#include "core/fs.h"
#include "core/json.h"
#include "core/proc.h"

/* Every character a shell, make or a parser might treat specially. */
static const char hostile[] = "/opt/my lib/$HOME/`id`/\"q\"/'s'/;#\\/*?[a]/~/%/&|<>{}()!";

static void
resolution(struct np_resolution *r, const char *prefix)
{
	memset(r, 0, sizeof *r);
	r->name = np_xstrdup("zlib");
	r->links = np_xstrdup("z");
	r->version = np_xstrdup("1.2.13");
	r->prefix = np_xstrdup(prefix);
	r->method = NP_METHOD_OVERRIDE;
	np_strv_push(&r->include_dirs, prefix);
	np_strv_push(&r->libs, "z");
	np_strv_push_owned(&r->ldflags, np_xasprintf("-L%s", prefix));
	np_strv_push(&r->ldflags, "-lz");
}

/* Runs a shell on script and returns what it printed. */
static char *
run(const char *shell, const char *script)
{
	char *argv[] = {(char *)shell, (char *)"-c", (char *)script, NULL};
	struct np_proc p = {.argv = argv};
	struct np_buf out = {0};
	struct np_error err = {0};
	int status;

	p.out = &out;
	assert_true(np_proc_run(&p, &status, &err));
	assert_int_equal(status, 0);
	return np_buf_detach(&out);
}

static void
test_sh_round_trip(void **state)
{
	static const char *shells[] = {"/bin/sh", "/bin/dash", "/bin/bash"};
	struct np_resolution r;
	struct np_resolution *rs = &r;
	struct np_buf out = {0};
	struct np_error err = {0};
	char file[] = "/tmp/nativepkg-env-XXXXXX";
	int fd = mkstemp(file);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	resolution(&r, hostile);
	assert_true(np_write_env(&rs, 1, NP_ENV_FORMAT_SH, &out, &err));
	assert_true(np_fs_write_atomic(file, out.data, out.len, &err));
	for (size_t i = 0; i < sizeof shells / sizeof *shells; i++) {
		char *script, *got;
		if (access(shells[i], X_OK) != 0)
			continue;
		script = np_xasprintf(". %s && printf '%%s' \"$DEP_Z_ROOT\"", file);
		got = run(shells[i], script);
		assert_string_equal(got, hostile);
		free(got);
		free(script);
	}
	unlink(file);
	np_buf_release(&out);
	np_resolution_release(&r);
}

static void
test_make_round_trip(void **state)
{
	struct np_resolution r;
	struct np_resolution *rs = &r;
	struct np_buf out = {0};
	struct np_error err = {0};
	char dir[] = "/tmp/nativepkg-make-XXXXXX";
	char *mk, *script, *got;
	const char *leading = "  two leading spaces and $(sort x) and #hash";

	(void)state;
	if (access("/usr/bin/make", X_OK) != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	resolution(&r, leading);
	assert_true(np_write_env(&rs, 1, NP_ENV_FORMAT_MAKE, &out, &err));
	np_buf_adds(&out, "all:\n\t@printf '%s' \"$$DEP_Z_ROOT\"\n");
	mk = np_path_join(dir, "Makefile");
	assert_true(np_fs_write_atomic(mk, out.data, out.len, &err));
	script = np_xasprintf("make -s -C %s", dir);
	got = run("/bin/sh", script);
	assert_string_equal(got, leading);
	free(got);
	free(script);
	free(mk);
	np_fs_remove_tree(dir, NULL);
	np_buf_release(&out);
	np_resolution_release(&r);
}

static void
test_json_round_trip(void **state)
{
	struct np_resolution r;
	struct np_resolution *rs = &r;
	struct np_buf out = {0};
	struct np_error err = {0};
	struct np_json *j;

	(void)state;
	resolution(&r, hostile);
	assert_true(np_write_env(&rs, 1, NP_ENV_FORMAT_JSON, &out, &err));
	assert_true(np_json_parse(out.data, out.len, "env.json", &j, &err));
	assert_string_equal(np_json_get(j, "DEP_Z_ROOT")->str, hostile);
	assert_string_equal(np_json_get(j, "DEP_Z_LIBS")->str, "z");
	np_json_free(j);
	np_buf_release(&out);
	np_resolution_release(&r);
}

/* A format that cannot carry a value refuses and appends nothing. */
static void
test_refusals(void **state)
{
	static const struct {
		enum np_env_format f;
		const char *value;
	} cases[] = {
		{NP_ENV_FORMAT_DOTENV, "/opt/a\nb"},
		{NP_ENV_FORMAT_MAKE, "/opt/a\nb"},
		{NP_ENV_FORMAT_MAKE, "/opt/ends\\"},
		{NP_ENV_FORMAT_DOTENV, "/opt/with:colon"}, /* a path list cannot hold ':' */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct np_resolution r;
		struct np_resolution *rs = &r;
		struct np_buf out = {0};
		struct np_error err = {0};
		resolution(&r, cases[i].value);
		np_buf_adds(&out, "before\n");
		assert_false(np_write_env(&rs, 1, cases[i].f, &out, &err));
		assert_int_equal(err.code, NP_EXIT_INPUT);
		assert_string_equal(out.data, "before\n");
		np_error_release(&err);
		np_buf_release(&out);
		np_resolution_release(&r);
	}
}

static void
test_github_heredoc(void **state)
{
	struct np_resolution r;
	struct np_resolution *rs = &r;
	struct np_buf out = {0};
	struct np_error err = {0};

	(void)state;
	resolution(&r, "/a\nNATIVEPKG_EOF_0\n/b");
	assert_true(np_write_env(&rs, 1, NP_ENV_FORMAT_GITHUB, &out, &err));
	/* The delimiter is one the value does not contain. */
	assert_non_null(strstr(out.data, "DEP_Z_ROOT<<NATIVEPKG_EOF_1\n/a\nNATIVEPKG_EOF_0\n/b\nNATIVEPKG_EOF_1\n"));
	np_buf_release(&out);
	np_resolution_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sh_round_trip),
		cmocka_unit_test(test_make_round_trip),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_github_heredoc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
