/* Unit tests for core/hash: SHA-256 through the libcrypto loaded on first use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/hash.h"

static void
test_known_digests(void **state)
{
	struct np_error err = {0};
	char hex[NP_HASH_HEX_LEN + 1];
	struct np_hash *h;

	(void)state;
	h = np_hash_new(&err);
	assert_non_null(h);
	np_hash_finish(h, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	h = np_hash_new(&err);
	np_hash_update(h, "ab", 2);
	np_hash_update(h, "c", 1);
	np_hash_finish(h, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_non_null(np_hash_library_version());
}

static void
test_file(void **state)
{
	char path[] = "/tmp/nativepkg-hash-XXXXXX";
	char hex[NP_HASH_HEX_LEN + 1];
	struct np_error err = {0};

	(void)state;
	assert_non_null(mkdtemp(path));
	{
		char *f = np_path_join(path, "abc");
		assert_true(np_fs_write_atomic(f, "abc", 3, &err));
		assert_true(np_hash_file(f, hex, &err));
		assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		free(f);
	}
	assert_false(np_hash_file("/nonexistent/file", hex, &err));
	np_error_release(&err);
	np_fs_remove_tree(path, NULL);
}

static void
test_hex_valid(void **state)
{
	static const char good[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char buf[80];
	(void)state;
	assert_true(np_hash_hex_valid(good));
	assert_false(np_hash_hex_valid(""));
	assert_false(np_hash_hex_valid("../../../../etc/passwd"));
	memcpy(buf, good, sizeof good);
	buf[10] = 'E'; /* upper case is not how nativepkg writes one */
	assert_false(np_hash_hex_valid(buf));
	memcpy(buf, good, sizeof good);
	buf[63] = '\0'; /* 63 digits */
	assert_false(np_hash_hex_valid(buf));
	snprintf(buf, sizeof buf, "%s0", good); /* 65 */
	assert_false(np_hash_hex_valid(buf));
	snprintf(buf, sizeof buf, "%.63s/", good);
	assert_false(np_hash_hex_valid(buf));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_digests),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_hex_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
