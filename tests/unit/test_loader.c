/*
 * Unit tests for core/loader: the loader's default directories from a sysroot's ld.so.conf;
 * crafted and damaged ld.so.cache files; the search for a program's libraries in a tree of
 * objects the compiler makes here (DT_RPATH, DT_RUNPATH, $ORIGIN, LD_LIBRARY_PATH, a sysroot's
 * cache and system directories, DF_1_NODEFLIB, another machine's copy); and, on this machine,
 * the same answers as the real loader (`ld.so --list`) for the programs in /usr/bin.
 */
#include <dirent.h>
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
#include "core/elf.h"
#include "core/fs.h"
#include "core/loader.h"
#include "core/proc.h"

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


/* --- ld.so.cache ----------------------------------------------------------------------------- */

struct centry {
	const char *name, *path;
	uint32_t flags;
	uint64_t hwcap;
};

static void
put32(struct np_buf *b, size_t at, uint32_t v)
{
	memcpy(b->data + at, &v, 4); /* host order, as ldconfig writes it */
}

static void
put64(struct np_buf *b, size_t at, uint64_t v)
{
	memcpy(b->data + at, &v, 8);
}

static void
zeros(struct np_buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		np_buf_addc(b, '\0');
}

/* The new format at b's end (after `base` bytes of something else): header, entries, strings. */
static void
cache_new_format(struct np_buf *b, const struct centry *e, size_t n, unsigned order)
{
	size_t base = b->len, strings;

	np_buf_add(b, "glibc-ld.so.cache1.1", 20);
	zeros(b, 28 + n * 24);
	put32(b, base + 20, (uint32_t)n);
	b->data[base + 28] = (char)order;
	strings = b->len;
	for (size_t i = 0; i < n; i++) {
		size_t at = base + 48 + i * 24;
		put32(b, at, e[i].flags);
		put32(b, at + 4, (uint32_t)(b->len - base));
		np_buf_add(b, e[i].name, strlen(e[i].name) + 1);
		put32(b, at + 8, (uint32_t)(b->len - base));
		np_buf_add(b, e[i].path, strlen(e[i].path) + 1);
		put64(b, at + 16, e[i].hwcap);
	}
	put32(b, base + 24, (uint32_t)(b->len - strings));
}

/* This machine's byte order in the header's flags: 2 little, 3 big. */
static unsigned
host_order(void)
{
	const uint16_t one = 1;
	return *(const unsigned char *)&one ? 2 : 3;
}

static const struct centry entries[] = {
	{"libnpz.so.1", "/opt/np/libnpz.so.1", 0x0303, 0},
	{"libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6", 0x0303, 0},
	{"libnpz.so.1", "/opt/hw/libnpz.so.1", 0x0303, (1ull << 62) | 1},
};

static void
test_cache_formats(void **state)
{
	struct np_buf b = {0};
	struct np_loader_cache c;
	struct np_error err = {0};
	(void)state;

	/* The new format alone (glibc 2.32 and later). */
	cache_new_format(&b, entries, 3, host_order());
	assert_true(np_loader_cache_parse(b.data, b.len, &c, &err));
	assert_int_equal(c.n, 3);
	assert_string_equal(c.v[0].name, "libnpz.so.1");
	assert_string_equal(c.v[0].path, "/opt/np/libnpz.so.1");
	assert_int_equal(c.v[0].flags, 0x0303);
	assert_string_equal(c.v[1].path, "/lib/x86_64-linux-gnu/libc.so.6");
	assert_true(c.v[2].hwcap != 0);
	np_loader_cache_release(&c);

	/* The old table, then the new one, 8-aligned after it. */
	np_buf_reset(&b);
	np_buf_add(&b, "ld.so-1.7.0", 11);
	zeros(&b, 5 + 2 * 12);
	put32(&b, 12, 2);
	zeros(&b, 8 - b.len % 8 == 8 ? 0 : 8 - b.len % 8);
	cache_new_format(&b, entries, 2, 0);
	assert_true(np_loader_cache_parse(b.data, b.len, &c, &err));
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[1].name, "libc.so.6");
	np_loader_cache_release(&c);

	/* The old table alone: strings after the table, offsets from its end. */
	np_buf_reset(&b);
	np_buf_add(&b, "ld.so-1.7.0", 11);
	zeros(&b, 5 + 12);
	put32(&b, 12, 1);
	put32(&b, 16, 3);
	put32(&b, 20, 0);
	put32(&b, 24, 8);
	np_buf_add(&b, "libx.so\0/x/libx.so", 19);
	assert_true(np_loader_cache_parse(b.data, b.len, &c, &err));
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].name, "libx.so");
	assert_string_equal(c.v[0].path, "/x/libx.so");
	assert_int_equal(c.v[0].hwcap, 0);
	np_loader_cache_release(&c);
	np_buf_release(&b);
}

/* parse must fail with a message, and leave nothing allocated. */
static void
refused(const struct np_buf *b, const char *what)
{
	struct np_loader_cache c;
	struct np_error err = {0};

	if (np_loader_cache_parse(b->data, b->len, &c, &err))
		fail_msg("a cache with %s was accepted", what);
	assert_non_null(err.msg);
	assert_null(c.v);
	np_error_release(&err);
}

static void
test_cache_damaged(void **state)
{
	struct np_buf b = {0}, good = {0};
	struct np_loader_cache c;
	struct np_error err = {0};
	size_t accepted = 0;
	(void)state;

	np_buf_adds(&b, "hello, not a cache");
	refused(&b, "no header");
	cache_new_format(&good, entries, 2, host_order());

	np_buf_reset(&b);
	np_buf_add(&b, good.data, 30);
	refused(&b, "a header cut short");
	np_buf_reset(&b);
	np_buf_add(&b, good.data, good.len);
	put32(&b, 20, 0x10000000);
	refused(&b, "more entries than bytes");
	np_buf_reset(&b);
	np_buf_add(&b, good.data, good.len);
	put32(&b, 48 + 24 + 8, 0xfffffff0);
	refused(&b, "a path offset outside the file");
	np_buf_reset(&b);
	np_buf_add(&b, good.data, good.len - 1); /* the last string loses its NUL */
	refused(&b, "an unterminated string");
	np_buf_reset(&b);
	np_buf_add(&b, good.data, good.len);
	b.data[28] = 1;
	refused(&b, "its byte order marked invalid");
	b.data[28] = (char)(host_order() == 2 ? 3 : 2);
	refused(&b, "the other byte order");
	np_buf_reset(&b);
	np_buf_add(&b, "ld.so-1.7.0", 11);
	zeros(&b, 5);
	put32(&b, 12, 1000);
	refused(&b, "an old table longer than the file");

	/* Every truncation and every byte set to 0xff: accepted or refused, never out of bounds. */
	for (size_t len = 0; len <= good.len; len++) {
		if (np_loader_cache_parse(good.data, len, &c, &err)) {
			accepted++;
			np_loader_cache_release(&c);
		}
		np_error_release(&err);
	}
	for (size_t at = 0; at < good.len; at++) {
		np_buf_reset(&b);
		np_buf_add(&b, good.data, good.len);
		b.data[at] = (char)0xff;
		if (np_loader_cache_parse(b.data, b.len, &c, &err))
			np_loader_cache_release(&c);
		np_error_release(&err);
	}
	assert_int_equal(accepted, 1); /* only the whole file */
	np_buf_release(&b);
	np_buf_release(&good);
}

/* --- The search, in a tree of objects the compiler makes --------------------------------------- */

static bool have_cc = true;

/* dir/out from one line of C, as a shared object without the C library, with these arguments. */
static bool
build(const char *out, const char *const *args)
{
	char *src = np_xasprintf("%s/lib.c", dir), *target = np_xasprintf("%s/%s", dir, out);
	const char *argv[40] = {"cc", "-shared", "-fPIC", "-nostdlib", "-Wl,--no-as-needed", "-o", target,
		src};
	size_t n = 8;
	struct np_buf log = {0};
	struct np_error err = {0};
	struct np_proc p = {.argv = (char *const *)argv, .out = &log, .err = &log};
	int status = -1;
	bool ok;

	if (!have_cc)
		return false;
	np_fs_write_atomic(src, "int f(void) { return 1; }\n", 26, NULL);
	for (; *args && n < 39; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	ok = np_proc_run(&p, &status, &err) && status == 0;
	if (!ok) {
		fprintf(stderr, "cc %s failed: %s%s\n", out, np_buf_str(&log), err.msg ? err.msg : "");
		have_cc = false;
	}
	np_error_release(&err);
	np_buf_release(&log);
	free(src);
	free(target);
	return ok;
}

static char *
at(const char *rel)
{
	return np_xasprintf("%s/%s", dir, rel);
}

static void
copy(const char *from, const char *to)
{
	struct np_buf b = {0};
	char *a = at(from), *z = at(to);
	assert_true(np_fs_read(a, 1 << 24, &b, NULL));
	assert_true(np_fs_write_atomic(z, b.data, b.len, NULL));
	np_buf_release(&b);
	free(a);
	free(z);
}

/* The closure of dir/file under loader l (a fresh one when l is NULL). */
static void
closure_of(struct np_loader *l, const char *file, struct np_loader_closure *c)
{
	struct np_loader fresh = {0};
	struct np_error err = {0};
	char *path = at(file);

	if (!np_loader_closure(l ? l : &fresh, path, c, &err))
		fail_msg("closure of %s: %s", file, err.msg);
	np_loader_release(&fresh);
	free(path);
}

/* The object loaded for DT_NEEDED `name`; NULL when none. */
static const struct np_loader_object *
loaded(const struct np_loader_closure *c, const char *name)
{
	for (size_t i = 1; i < c->n; i++)
		if (np_strv_contains(&c->v[i].names, name))
			return &c->v[i];
	return NULL;
}

/* That `name` was loaded from dir/rel, found `via`. */
static void
expect(const struct np_loader_closure *c, const char *name, const char *rel, enum np_loader_via via)
{
	const struct np_loader_object *o = loaded(c, name);
	char *want = at(rel), *real = np_path_real(want);

	if (o == NULL)
		fail_msg("%s was not loaded", name);
	else if (strcmp(o->real, real ? real : want) != 0 || o->via != via)
		fail_msg("%s: loaded %s via %s, expected %s via %s", name, o->real,
			np_loader_via_name(o->via), real ? real : want, np_loader_via_name(via));
	free(want);
	free(real);
}

static bool
missing(const struct np_loader_closure *c, const char *name)
{
	for (size_t i = 0; i < c->nmissing; i++)
		if (strcmp(c->missing[i].name, name) == 0)
			return true;
	return false;
}

/*
 * The tree: z1/ and z2/ each hold a libnpz.so.1, zarm/ an AArch64 one (the same file with
 * another e_machine); bin/ holds libraries needing it with no path, a DT_RPATH or a
 * DT_RUNPATH to z2, and the "programs" (shared objects, so no C library gets in the way).
 */
static bool
make_tree(void)
{
	char *z1 = at("z1"), *mid = at("bin"), *r1, *r2, *lz1 = np_xasprintf("-L%s", z1),
		*lbin = np_xasprintf("-L%s", mid), *rp_z1 = np_xasprintf("-Wl,-rpath,$ORIGIN:%s", z1);
	const char *so = "-Wl,-soname,libnpz.so.1";
	bool ok;
	struct np_buf b = {0};

	mk("z1");
	mk("z2");
	mk("zarm");
	mk("z3");
	mk("bad");
	mk("bin");
	r1 = at("zarm/libnpz.so.1");
	r2 = at("z3/libnoso.so");
	ok = build("z1/libnpz.so.1", (const char *[]){so, NULL}) &&
		build("z2/libnpz.so.1", (const char *[]){so, NULL}) &&
		build("z2/libnpy.so.1", (const char *[]){"-Wl,-soname,libnpy.so.1", NULL}) &&
		build("z3/libnoso.so", (const char *[]){NULL}) &&
		build("bin/libmid.so.1", (const char *[]){"-Wl,-soname,libmid.so.1", lz1, "-l:libnpz.so.1", NULL}) &&
		build("bin/libmidr.so.1", (const char *[]){"-Wl,-soname,libmidr.so.1", lz1, "-l:libnpz.so.1",
			"-Wl,-rpath,$ORIGIN/../z2", "-Wl,--disable-new-dtags", NULL}) &&
		build("bin/libmidu.so.1", (const char *[]){"-Wl,-soname,libmidu.so.1", lz1, "-l:libnpz.so.1",
			"-Wl,-rpath,$ORIGIN/../z2", "-Wl,--enable-new-dtags", NULL}) &&
		/* DT_RPATH $ORIGIN and z1, inherited by libmid; libmidr's own comes first. */
		build("bin/prog-rpath.so", (const char *[]){lbin, "-l:libmid.so.1", "-l:libmidr.so.1", rp_z1,
			"-Wl,--disable-new-dtags", NULL}) &&
		/* The same as DT_RUNPATH: libmid does not inherit it. */
		build("bin/prog-runpath.so", (const char *[]){lbin, "-l:libmid.so.1", rp_z1,
			"-Wl,--enable-new-dtags", NULL}) &&
		/* DT_RPATH z1 does not reach libmidu, which has a DT_RUNPATH. */
		build("bin/prog-mixed.so", (const char *[]){lbin, "-l:libmidu.so.1", rp_z1,
			"-Wl,--disable-new-dtags", NULL}) &&
		/* Needs libnpz itself too: libmid then gets the same object, by name. */
		build("bin/prog-both.so", (const char *[]){lbin, lz1, "-l:libnpz.so.1", "-l:libmid.so.1",
			rp_z1, "-Wl,--disable-new-dtags", NULL}) &&
		/* Needs libnpz and libnpy with no path: the cache and the system directories. */
		build("bin/prog-plain.so", (const char *[]){lz1, "-l:libnpz.so.1", NULL}) &&
		build("bin/prog-nodeflib.so", (const char *[]){lz1, "-l:libnpz.so.1", "-Wl,-z,nodefaultlib",
			NULL}) &&
		/* A library without SONAME linked by path: the DT_NEEDED is that path. */
		build("bin/prog-slash.so", (const char *[]){r2, NULL}) &&
		/* libnpz.so.1 where the DT_RPATH points first is not ELF: the loader stops there. */
		build("bin/prog-broken.so", (const char *[]){lz1, "-l:libnpz.so.1", "-Wl,-rpath,$ORIGIN/../bad",
			"-Wl,--disable-new-dtags", NULL});
	if (ok) {
		copy("z1/libnpz.so.1", "zarm/libnpz.so.1");
		assert_true(np_fs_read(r1, 1 << 24, &b, NULL));
		b.data[18] = (char)183; /* EM_AARCH64, little-endian */
		b.data[19] = 0;
		assert_true(np_fs_write_atomic(r1, b.data, b.len, NULL));
		put("bad/libnpz.so.1", "INPUT(-lz)\n");
	}
	np_buf_release(&b);
	free(z1);
	free(mid);
	free(r1);
	free(r2);
	free(lz1);
	free(lbin);
	free(rp_z1);
	return ok;
}

static bool tree_made;

static void
test_search(void **state)
{
	struct np_loader_closure c;
	struct np_loader env = {0};
	char *list;
	(void)state;

	if (!(tree_made = make_tree())) {
		skip();
		return;
	}
	/* DT_RPATH: $ORIGIN finds libmid; z1, inherited, finds libnpz for it. libmidr's own
	 * DT_RPATH comes before the program's, but libnpz.so.1 is then loaded already. */
	closure_of(NULL, "bin/prog-rpath.so", &c);
	expect(&c, "libmid.so.1", "bin/libmid.so.1", NP_LOADER_VIA_RPATH);
	expect(&c, "libmidr.so.1", "bin/libmidr.so.1", NP_LOADER_VIA_RPATH);
	expect(&c, "libnpz.so.1", "z1/libnpz.so.1", NP_LOADER_VIA_RPATH);
	assert_int_equal(c.nmissing, 0);
	assert_int_equal(c.n, 4);
	{
		const struct np_loader_object *o = loaded(&c, "libnpz.so.1");
		assert_string_equal(c.v[o->parent].needed, "libmid.so.1");
		assert_int_equal(o->via_object, 0); /* the program's DT_RPATH */
	}
	np_loader_closure_release(&c);

	/* DT_RUNPATH is the program's own: libmid's libnpz is not found (no cache lists it). */
	closure_of(NULL, "bin/prog-runpath.so", &c);
	expect(&c, "libmid.so.1", "bin/libmid.so.1", NP_LOADER_VIA_RUNPATH);
	assert_null(loaded(&c, "libnpz.so.1"));
	assert_true(missing(&c, "libnpz.so.1"));
	np_loader_closure_release(&c);

	/* LD_LIBRARY_PATH: the AArch64 copy is passed over, z2's taken; an empty element is ".". */
	list = np_xasprintf("%s/zarm::%s/z2", dir, dir);
	env.library_path = list;
	closure_of(&env, "bin/prog-runpath.so", &c);
	expect(&c, "libnpz.so.1", "z2/libnpz.so.1", NP_LOADER_VIA_ENV);
	assert_int_equal(c.nmissing, 0);
	np_loader_closure_release(&c);
	/* ... and it comes before a DT_RUNPATH, after a DT_RPATH. */
	closure_of(&env, "bin/prog-rpath.so", &c);
	expect(&c, "libnpz.so.1", "z1/libnpz.so.1", NP_LOADER_VIA_RPATH);
	np_loader_closure_release(&c);
	np_loader_release(&env);
	free(list);

	/* A DT_RUNPATH in libmidu hides every DT_RPATH from its search. */
	closure_of(NULL, "bin/prog-mixed.so", &c);
	expect(&c, "libnpz.so.1", "z2/libnpz.so.1", NP_LOADER_VIA_RUNPATH);
	np_loader_closure_release(&c);

	/* One object for one name: libmid reuses the program's libnpz. */
	closure_of(NULL, "bin/prog-both.so", &c);
	expect(&c, "libnpz.so.1", "z1/libnpz.so.1", NP_LOADER_VIA_RPATH);
	assert_int_equal(c.n, 3);
	np_loader_closure_release(&c);

	/* A DT_NEEDED with a '/' is a path. */
	closure_of(NULL, "bin/prog-slash.so", &c);
	{
		char *p = at("z3/libnoso.so");
		expect(&c, p, "z3/libnoso.so", NP_LOADER_VIA_PATH);
		free(p);
	}
	np_loader_closure_release(&c);

	/* Not ELF where the search lands: the loader stops with an error. */
	closure_of(NULL, "bin/prog-broken.so", &c);
	assert_true(missing(&c, "libnpz.so.1"));
	assert_non_null(strstr(c.missing[0].why, "not an ELF file"));
	np_loader_closure_release(&c);
}

/* Writes dir/rel as a cache of these entries. */
static void
write_cache(const char *rel, const struct centry *e, size_t n)
{
	struct np_buf b = {0};
	char *path = at(rel);
	cache_new_format(&b, e, n, host_order());
	assert_true(np_fs_write_atomic(path, b.data, b.len, NULL));
	np_buf_release(&b);
	free(path);
}

static void
test_sysroot(void **state)
{
	struct np_loader l = {0};
	struct np_loader_closure c;
	char *root = at("sys");
	/*
	 * A copy for particular processors (glibc-hwcaps: not chosen), the AArch64 copy (passed
	 * over), then the real one; a stale entry for libnpy.
	 */
	const struct centry e[] = {
		{"libnpz.so.1", "/opt/hw/libnpz.so.1", 0x0303, (1ull << 62) | 1},
		{"libnpz.so.1", "/opt/arm/libnpz.so.1", 0x0303, 0},
		{"libnpz.so.1", "/opt/np/libnpz.so.1", 0x0303, 0},
		{"libnpy.so.1", "/gone/libnpy.so.1", 0x0303, 0},
	};
	(void)state;

	if (!tree_made) {
		skip();
		return;
	}
	mk("sys");
	mk("sys/etc");
	mk("sys/opt");
	mk("sys/opt/np");
	mk("sys/opt/arm");
	mk("sys/opt/hw");
	mk("sys/usr");
	mk("sys/usr/lib");
	mk("sys/usr/lib/x86_64-linux-gnu");
	write_cache("sys/etc/ld.so.cache", e, 4);
	copy("z1/libnpz.so.1", "sys/opt/np/libnpz.so.1");
	copy("zarm/libnpz.so.1", "sys/opt/arm/libnpz.so.1");
	copy("z2/libnpz.so.1", "sys/opt/hw/libnpz.so.1");
	copy("z2/libnpy.so.1", "sys/usr/lib/x86_64-linux-gnu/libnpy.so.1");
	l.root = root;
	l.multiarch = "x86_64-linux-gnu";
	closure_of(&l, "bin/prog-plain.so", &c);
	expect(&c, "libnpz.so.1", "sys/opt/np/libnpz.so.1", NP_LOADER_VIA_CACHE);
	np_loader_closure_release(&c);
	/* DF_1_NODEFLIB: neither the cache nor the system directories. */
	closure_of(&l, "bin/prog-nodeflib.so", &c);
	assert_true(missing(&c, "libnpz.so.1"));
	np_loader_closure_release(&c);
	assert_null(l.cache_problem);
	np_loader_release(&l);

	/* A stale cache entry sends the loader to the system directories. */
	{
		const struct centry y[] = {{"libnpy.so.1", "/gone/libnpy.so.1", 0x0303, 0}};
		char *lz = np_xasprintf("-L%s/sys/usr/lib/x86_64-linux-gnu", dir);
		write_cache("sys/etc/ld.so.cache", y, 1);
		assert_true(build("bin/prog-npy.so", (const char *[]){lz, "-l:libnpy.so.1", NULL}));
		free(lz);
	}
	l.root = root;
	l.multiarch = "x86_64-linux-gnu";
	closure_of(&l, "bin/prog-npy.so", &c);
	expect(&c, "libnpy.so.1", "sys/usr/lib/x86_64-linux-gnu/libnpy.so.1", NP_LOADER_VIA_DEFAULT);
	np_loader_closure_release(&c);
	np_loader_release(&l);

	/* A damaged cache is reported and skipped: the system directories still count. */
	put("sys/etc/ld.so.cache", "glibc-ld.so.cache1.1 but cut");
	l.root = root;
	l.multiarch = "x86_64-linux-gnu";
	closure_of(&l, "bin/prog-npy.so", &c);
	expect(&c, "libnpy.so.1", "sys/usr/lib/x86_64-linux-gnu/libnpy.so.1", NP_LOADER_VIA_DEFAULT);
	assert_non_null(l.cache_problem);
	np_loader_closure_release(&c);
	np_loader_release(&l);
	free(root);
}

/* --- Against the real loader ----------------------------------------------------------------- */

/*
 * For the programs in /usr/bin (a bounded number), what `<interpreter> --list` prints: each
 * "name => path" must be what np_loader_closure found for that name, compared by real path.
 */
static void
test_matches_the_loader(void **state)
{
	struct np_elf self = {0};
	DIR *d = opendir("/usr/bin");
	struct dirent *de;
	size_t files = 0, compared = 0;
	const char *env = getenv("LD_LIBRARY_PATH");
	(void)state;

	if (d == NULL || !np_elf_read("/proc/self/exe", &self, NULL) || self.interp == NULL) {
		if (d)
			closedir(d);
		np_elf_release(&self);
		skip();
		return;
	}
	while ((de = readdir(d)) != NULL && files < 120) {
		char *path = np_xasprintf("/usr/bin/%s", de->d_name);
		struct stat st;
		struct np_elf e = {0};
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && !(st.st_mode & (S_ISUID | S_ISGID)) &&
			access(path, R_OK) == 0 && np_elf_read(path, &e, NULL) && e.dynamic &&
			e.machine == self.machine && e.bits == self.bits) {
			const char *argv[] = {self.interp, "--list", path, NULL};
			struct np_buf out = {0};
			struct np_proc p = {.argv = (char *const *)argv, .out = &out, .err = &out};
			int status = -1;
			if (np_proc_run(&p, &status, NULL) && status == 0) {
				struct np_loader l = {.library_path = env && *env ? env : NULL};
				struct np_loader_closure c;
				struct np_strv lines = {0};
				struct np_error err = {0};
				files++;
				if (!np_loader_closure(&l, path, &c, &err))
					fail_msg("%s: %s", path, err.msg);
				np_strv_split(&lines, np_buf_str(&out), "\n");
				for (size_t i = 0; i < lines.n; i++) {
					char name[512], where[4096], *real;
					const struct np_loader_object *o;
					if (sscanf(lines.v[i], " %511s => %4095s", name, where) != 2 || where[0] != '/')
						continue;
					o = loaded(&c, name);
					real = np_path_real(where);
					if (o == NULL || real == NULL || strcmp(o->real ? o->real : o->path, real) != 0)
						fail_msg("%s: the loader maps %s from %s, np_loader_closure says %s", path,
							name, where, o ? o->real : "nothing");
					compared++;
					free(real);
				}
				assert_int_equal(c.nmissing, 0);
				np_strv_release(&lines);
				np_loader_closure_release(&c);
				np_loader_release(&l);
			}
			np_buf_release(&out);
		}
		np_elf_release(&e);
		free(path);
	}
	closedir(d);
	np_elf_release(&self);
	if (compared < 20)
		skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_and_system),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_cache_formats),
		cmocka_unit_test(test_cache_damaged),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_sysroot),
		cmocka_unit_test(test_matches_the_loader),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
