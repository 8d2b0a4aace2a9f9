/* Unit tests for core/secret: credentials out of URLs and out of children's environments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/secret.h"

static void
test_urls(void **state)
{
	static const struct {
		const char *url, *stripped, *masked;
	} cases[] = {
		{"https://host/x.tar.gz", "https://host/x.tar.gz", "https://host/x.tar.gz"},
		{"https://u:p@host/x", "https://host/x", "https://***@host/x"},
		{"https://user@host:8443/x", "https://host:8443/x", "https://***@host:8443/x"},
		/* A raw '@' in the password: the user information ends at the last one. */
		{"http://u:p@ss@host/x", "http://host/x", "http://***@host/x"},
		/* An '@' after the authority is part of the path, not a user. */
		{"https://host/a@b/x", "https://host/a@b/x", "https://host/a@b/x"},
		{"https://host?q=a@b", "https://host?q=a@b", "https://host?q=a@b"},
		{"https://u:p@host", "https://host", "https://***@host"},
		{"file:///tmp/a@b.tar", "file:///tmp/a@b.tar", "file:///tmp/a@b.tar"},
		{"not a url @ all", "not a url @ all", "not a url @ all"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = np_secret_url_strip(cases[i].url), *m = np_secret_url_mask(cases[i].url);
		assert_string_equal(s, cases[i].stripped);
		assert_string_equal(m, cases[i].masked);
		free(s);
		free(m);
	}
}

static void
test_env(void **state)
{
	char e0[] = "PATH=/usr/bin", e1[] = "NATIVEPKG_BINARY_CACHE_TOKEN=t";
	char e2[] = "NATIVEPKG_BINARY_CACHE=https://u:p@c", e3[] = "NATIVEPKG_BINARY_CACHE_TOKENX=kept";
	char e4[] = "NATIVEPKG_MIRRORS=x", e5[] = "NATIVEPKG_NETRC=/n", e6[] = "NATIVEPKG_CACHE_DIR=/c";
	char e7[] = "NATIVEPKG_BINARY_CACHE";
	char *env[] = {e0, e1, e2, e3, e4, e5, e6, e7, NULL};
	char **out = np_secret_env_filter(env);

	(void)state;
	assert_string_equal(out[0], "PATH=/usr/bin");
	assert_string_equal(out[1], "NATIVEPKG_BINARY_CACHE_TOKENX=kept");
	assert_string_equal(out[2], "NATIVEPKG_CACHE_DIR=/c");
	/* An entry without '=' is not a variable's value: passed on as it is. */
	assert_string_equal(out[3], "NATIVEPKG_BINARY_CACHE");
	assert_null(out[4]);
	assert_ptr_equal(out[0], env[0]);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
