/* Unit tests for resolvers/listing: the rules of a binary-cache object's listing, trees
 * matched against one, and trees described into one (with secrets kept out). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/json.h"
#include "resolvers/listing.h"

#define SCRATCH_NAME "listing"
#include "tests/unit/scratch.h"

#define SHA "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/*
 * A manifest from compact lists ("|" between entries): directories, files (the sha256 and size
 * after '=', else SHA and 1) and symlinks ("path=target").
 */
static struct np_json *
manifest(const char *dirs, const char *files, const char *links)
{
	struct np_json *m = np_json_new(NP_JSON_OBJECT);
	struct np_json *d = np_json_add(m, "dirs", np_json_new(NP_JSON_ARRAY));
	struct np_json *f = np_json_add(m, "files", np_json_new(NP_JSON_ARRAY));
	struct np_json *l = np_json_add(m, "links", np_json_new(NP_JSON_ARRAY));
	struct np_strv v = {0};

	np_strv_split(&v, dirs, "|");
	for (size_t i = 0; i < v.n; i++)
		np_json_add(d, NULL, np_json_new_string(v.v[i]));
	np_strv_release(&v);
	np_strv_split(&v, files, "|");
	for (size_t i = 0; i < v.n; i++) {
		struct np_json *e = np_json_add(f, NULL, np_json_new(NP_JSON_OBJECT));
		char *eq = strchr(v.v[i], '='), *comma = eq ? strchr(eq, ',') : NULL;
		if (eq)
			*eq = '\0';
		if (comma)
			*comma = '\0';
		np_json_add_string(e, "path", v.v[i]);
		np_json_add(e, "size", np_json_new_number(comma ? atof(comma + 1) : 1));
		np_json_add_string(e, "sha256", eq ? eq + 1 : SHA);
	}
	np_strv_release(&v);
	np_strv_split(&v, links, "|");
	for (size_t i = 0; i < v.n; i++) {
		struct np_json *e = np_json_add(l, NULL, np_json_new(NP_JSON_OBJECT));
		char *eq = strchr(v.v[i], '=');
		assert_non_null(eq);
		if (eq == NULL)
			continue;
		*eq = '\0';
		np_json_add_string(e, "path", v.v[i]);
		np_json_add_string(e, "target", eq + 1);
	}
	np_strv_release(&v);
	return m;
}

static const struct {
	const char *name, *dirs, *files, *links;
	const char *error; /* NULL: accepted */
	int code;
} load_cases[] = {
	{"a library's symlink chain", "lib", "lib/libz.so.1.3",
		"lib/libz.so=libz.so.1|lib/libz.so.1=libz.so.1.3", NULL, 0},
	{"a symlink to a directory", "include|include/z-1", "include/z-1/zlib.h", "include/z=z-1",
		NULL, 0},
	{"a symlink up to the prefix", "lib|share", "", "lib/top=..|share/lib=../lib", NULL, 0},
	{"a symlink with ./ and a trailing /", "lib|include", "include/z.h", "lib/h=./../include/",
		NULL, 0},
	{"an absolute symlink", "lib", "", "lib/libz.so=/usr/lib/libz.so",
		"the symlink lib/libz.so -> /usr/lib/libz.so leaves the prefix", NP_EXIT_UNSAFE},
	{"a symlink out with ..", "lib", "", "lib/x=../../victim",
		"the symlink lib/x -> ../../victim leaves the prefix", NP_EXIT_UNSAFE},
	{"a chain that stays inside as text", "x", "", "x/s=.|x/c0=s/..|x/c1=c0/..",
		"the symlink x/c0 -> s/.. passes through the symlink x/s", NP_EXIT_UNSAFE},
	{"a symlink through a file", "lib", "lib/a", "lib/x=a/b",
		"the symlink lib/x -> a/b passes through the file lib/a", NP_EXIT_UNSAFE},
	{"a dangling symlink", "lib", "", "lib/x=nothing",
		"the symlink lib/x -> nothing points to lib/nothing, which the object does not hold",
		NP_EXIT_UNSAFE},
	{"a loop of symlinks", "", "", "a=b|b=a", "the symlink a leads through more than 40",
		NP_EXIT_UNSAFE},
	{"a file under a symlink", "lib", "lib/pc/victim.pc", "lib/pc=.",
		"lib/pc/victim.pc lies under the symlink lib/pc", NP_EXIT_UNSAFE},
	{"a file whose directory is not listed", "", "lib/a", "",
		"its manifest lists lib/a but not its directory lib", NP_EXIT_UNSAFE},
	{"nativepkg's marker", "", ".nativepkg-build.json", "",
		"its manifest lists .nativepkg-build.json, which only nativepkg writes", NP_EXIT_UNSAFE},
	{"a path listed twice", "lib|lib", "", "", "its manifest lists lib twice", NP_EXIT_INPUT},
	{"a path with ..", "", "../outside.pc", "", "\"../outside.pc\", which is not a path",
		NP_EXIT_UNSAFE},
	{"a path with .", "", "./a", "", "\"./a\", which is not a path", NP_EXIT_UNSAFE},
	{"a path with //", "lib", "lib//a", "", "\"lib//a\", which is not a path", NP_EXIT_UNSAFE},
	{"an absolute path", "", "/etc/passwd", "", "\"/etc/passwd\", which is not a path",
		NP_EXIT_UNSAFE},
	{"a malformed sha256", "", "a=ABCD", "", "malformed file entry for a", NP_EXIT_INPUT},
	{"a negative size", "", "a=" SHA ",-1", "", "malformed file entry for a", NP_EXIT_INPUT},
};

static void
test_load(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof load_cases / sizeof *load_cases; i++) {
		struct np_json *m = manifest(load_cases[i].dirs, load_cases[i].files,
			load_cases[i].links);
		struct np_listing l = {0};
		struct np_error err = {0};
		bool ok = np_listing_load(&l, m, ".nativepkg-build.json", &err);
		if (ok != (load_cases[i].error == NULL) ||
			(!ok && (strstr(err.msg, load_cases[i].error) == NULL ||
				       err.code != load_cases[i].code)))
			fail_msg("%s: %s (exit %d)", load_cases[i].name, ok ? "accepted" : err.msg,
				err.code);
		np_error_release(&err);
		np_listing_release(&l);
		np_json_free(m);
	}
}

/* Following a chain stops at 40 symlinks: 40 in a row are fine, 41 are not. */
static void
test_chain_length(void **state)
{
	(void)state;
	for (int n = 40; n <= 41; n++) {
		struct np_buf links = {0};
		struct np_listing l = {0};
		struct np_error err = {0};
		struct np_json *m;
		for (int i = 0; i < n; i++)
			np_buf_addf(&links, "%sl%d=%s%d", i ? "|" : "", i, i + 1 < n ? "l" : "f", i + 1);
		m = manifest("", n == 40 ? "f40" : "f41", links.data);
		if (n == 40) {
			assert_true(np_listing_load(&l, m, NULL, &err));
		} else {
			assert_false(np_listing_load(&l, m, NULL, &err));
			assert_non_null(strstr(err.msg, "the symlink l0 leads through more than 40"));
		}
		np_error_release(&err);
		np_listing_release(&l);
		np_json_free(m);
		np_buf_release(&links);
	}
}

static void
test_no_lists(void **state)
{
	struct np_json *m = np_json_new(NP_JSON_OBJECT);
	struct np_listing l = {0};
	struct np_error err = {0};

	(void)state;
	np_json_add(m, "files", np_json_new(NP_JSON_ARRAY));
	assert_false(np_listing_load(&l, m, NULL, &err));
	assert_non_null(strstr(err.msg, "no \"dirs\", \"files\" and \"links\""));
	np_error_release(&err);
	np_listing_release(&l);
	np_json_free(m);
}

static void
put(const char *rel, const char *text)
{
	char *path = np_path_join(dir, rel), *parent = np_path_dirname(path);

	assert_true(np_fs_mkdirs(parent, NULL));
	assert_true(np_fs_write_atomic(path, text, strlen(text), NULL));
	free(parent);
	free(path);
}

static void
link_at(const char *rel, const char *target)
{
	char *path = np_path_join(dir, rel);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
	free(path);
}

static void
gone(const char *rel)
{
	char *path = np_path_join(dir, rel);
	assert_int_equal(unlink(path), 0);
	free(path);
}

static void
test_match(void **state)
{
	char hex[NP_HASH_HEX_LEN + 1], *file, *spec;
	struct np_json *m;

	(void)state;
	put("tree/lib/libz.so.1", "x");
	link_at("tree/lib/libz.so", "libz.so.1");
	file = np_path_join(dir, "tree/lib/libz.so.1");
	assert_true(np_hash_file(file, hex, NULL));
	spec = np_xasprintf("lib/libz.so.1=%s,1", hex);
	m = manifest("lib", spec, "lib/libz.so=libz.so.1");
	{
		struct np_listing l = {0};
		struct np_error err = {0};
		char *tree = np_path_join(dir, "tree");
		assert_true(np_listing_load(&l, m, NULL, &err));
		assert_true(np_listing_match(&l, tree, &err));
		put("tree/lib/extra.so", "y");
		assert_false(np_listing_match(&l, tree, &err));
		assert_int_equal(err.code, NP_EXIT_UNSAFE);
		assert_non_null(strstr(err.msg, "the archive holds the file lib/extra.so, which its "
			"manifest does not list"));
		np_error_release(&err);
		gone("tree/lib/extra.so");
		link_at("tree/lib/libz.so", "libz.so.1.3");
		assert_false(np_listing_match(&l, tree, &err));
		assert_non_null(strstr(err.msg, "the symlink lib/libz.so points to libz.so.1.3 in the "
			"archive but to libz.so.1 in its manifest"));
		np_error_release(&err);
		link_at("tree/lib/libz.so", "libz.so.1");
		put("tree/lib/libz.so.1", "z");
		assert_false(np_listing_match(&l, tree, &err));
		assert_int_equal(err.code, NP_EXIT_INTEGRITY);
		assert_non_null(strstr(err.msg, "lib/libz.so.1 does not match its manifest: sha256 "));
		np_error_release(&err);
		gone("tree/lib/libz.so.1");
		link_at("tree/lib/libz.so.1", "libz.so");
		assert_false(np_listing_match(&l, tree, &err));
		assert_non_null(strstr(err.msg, "lib/libz.so.1 is a symlink in the archive but a file "
			"in its manifest"));
		np_error_release(&err);
		gone("tree/lib/libz.so.1");
		assert_false(np_listing_match(&l, tree, &err));
		assert_non_null(strstr(err.msg, "its manifest lists the file lib/libz.so.1, which the "
			"archive does not hold"));
		np_error_release(&err);
		np_listing_release(&l);
		free(tree);
	}
	np_json_free(m);
	free(spec);
	free(file);
}

/* A tree described into a manifest loads and matches; a secret anywhere in it is refused. */
static void
test_describe(void **state)
{
	struct np_strv secrets = {0};
	struct np_error err = {0};
	struct np_listing l = {0};
	char *tree = np_path_join(dir, "described"), *big;
	struct np_json *m;
	size_t n = 65536 + 100;

	(void)state;
	np_strv_push(&secrets, "s3cret-token-value");
	put("described/include/z.h", "#define Z 1\n");
	put("described/.nativepkg-build.json", "{}");
	link_at("described/include/zz.h", "z.h");
	/* The secret straddles the first 64 KiB read. */
	big = np_xmalloc(n + 1);
	memset(big, 'a', n);
	memcpy(big + 65536 - 5, "s3cret-token-value", 18);
	big[n] = '\0';
	put("described/share/big.txt", big);
	m = np_json_new(NP_JSON_OBJECT);
	assert_false(np_listing_describe(tree, ".nativepkg-build.json", &secrets, m, &err));
	assert_non_null(strstr(err.msg, "share/big.txt holds a credential"));
	np_error_release(&err);
	np_json_free(m);

	big[65536 - 5] = 'x';
	put("described/share/big.txt", big);
	m = np_json_new(NP_JSON_OBJECT);
	assert_true(np_listing_describe(tree, ".nativepkg-build.json", &secrets, m, &err));
	assert_true(np_listing_load(&l, m, ".nativepkg-build.json", &err));
	assert_int_equal(l.n, 5); /* include, share, include/z.h, share/big.txt, include/zz.h */
	put("described/.nativepkg-build.json", "{}");
	/* The marker is not listed, so the tree matches only without it. */
	assert_false(np_listing_match(&l, tree, &err));
	np_error_release(&err);
	gone("described/.nativepkg-build.json");
	assert_true(np_listing_match(&l, tree, &err));
	np_listing_release(&l);
	np_json_free(m);

	link_at("described/include/zz.h", "../s3cret-token-value");
	m = np_json_new(NP_JSON_OBJECT);
	assert_false(np_listing_describe(tree, NULL, &secrets, m, &err));
	assert_non_null(strstr(err.msg, "the symlink include/zz.h holds a credential"));
	np_error_release(&err);
	np_json_free(m);

	assert_non_null(np_listing_secret_in(&secrets, "x s3cret-token-value y", 22));
	assert_null(np_listing_secret_in(&secrets, "x s3cret-token-valu", 19));
	np_strv_release(&secrets);
	free(big);
	free(tree);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_chain_length),
		cmocka_unit_test(test_no_lists),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
