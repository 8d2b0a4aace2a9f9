/* scaffold: a first recipe from a source archive and what a trial build installs. */
#include "resolvers/scaffold.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/name.h"
#include "core/proc.h"
#include "core/text.h"
#include "resolvers/archive.h"
#include "resolvers/build.h"
#include "resolvers/fetch.h"
#include "resolvers/sanity.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

/* Build files are read to find options and versions; larger ones are not build files. */
#define MAX_TEXT (4u << 20)

/* Words in an option's name that mean "not the library": tests, docs, programs. */
static const char *const extras[] = {"TEST", "EXAMPLE", "DOC", "BENCH", "FUZZ", "PROGRAM", "TOOL",
	"DEMO", "SAMPLE", "MAN", "APPS", "UTILS", "BINARIES", "BINS", "CLI"};

static void
note(struct np_strv *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
note(struct np_strv *notes, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_strv_push_owned(notes, np_xvasprintf(fmt, ap));
	va_end(ap);
}

static char *
read_text(const char *dir, const char *name)
{
	char *path = np_path_join(dir, name);
	struct np_buf b = {0};
	char *text = NULL;

	if (np_fs_is_file(path) && np_fs_read(path, MAX_TEXT, &b, NULL))
		text = np_buf_detach(&b);
	np_buf_release(&b);
	free(path);
	return text;
}

/* Whether an option's name says it builds something other than the library. */
static bool
is_extra(const char *name)
{
	char up[128];
	size_t n = strlen(name);

	if (n >= sizeof up)
		return false;
	for (size_t i = 0; i <= n; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	if (strstr(up, "SHARED") || strstr(up, "STATIC") || strstr(up, "INSTALL"))
		return false;
	for (size_t i = 0; i < sizeof extras / sizeof *extras; i++)
		if (strstr(up, extras[i]))
			return true;
	return false;
}

/* --- the archive's name ---------------------------------------------------------------------- */

/* "pcre2-10.42.tar.gz" -> "pcre2-10.42"; "v1.2.3.zip" -> "v1.2.3". Caller frees. */
static char *
strip_archive_suffix(const char *base)
{
	static const char *const suffixes[] = {".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst",
		".tar.lz", ".tgz", ".tbz2", ".txz", ".tar", ".zip"};
	size_t n = strlen(base);

	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && strcasecmp(base + n - k, suffixes[i]) == 0)
			return np_xstrndup(base, n - k);
	}
	return np_xstrdup(base);
}

/* Splits "name-1.2.3" (or "name-v1.2.3") into name and version; either may come out NULL. */
static void
split_name(const char *s, char **name, char **version)
{
	const char *dash = NULL;

	*name = *version = NULL;
	for (const char *p = s; *p; p++)
		if (*p == '-' && (isdigit((unsigned char)p[1]) ||
				(p[1] == 'v' && isdigit((unsigned char)p[2]))))
			dash = p;
	if (dash) {
		*name = np_xstrndup(s, (size_t)(dash - s));
		*version = np_xstrdup(dash[1] == 'v' ? dash + 2 : dash + 1);
	} else if (isdigit((unsigned char)s[0]) || (s[0] == 'v' && isdigit((unsigned char)s[1]))) {
		*version = np_xstrdup(s[0] == 'v' ? s + 1 : s);
	} else if (*s) {
		*name = np_xstrdup(s);
	}
}

/* A package name from anything: lower case, [a-z0-9._+-], starting with a letter or digit. */
static char *
package_name(const char *s)
{
	struct np_buf b = {0};

	for (; *s && b.len < 64; s++) {
		unsigned char c = (unsigned char)tolower((unsigned char)*s);
		if (isalnum(c) || strchr("._+-", c))
			np_buf_addc(&b, (char)c);
		else if (b.len)
			np_buf_addc(&b, '-');
	}
	while (b.len && !isalnum((unsigned char)b.data[0])) {
		memmove(b.data, b.data + 1, b.len - 1);
		b.data[--b.len] = '\0';
	}
	if (b.len == 0 || !np_name_valid_package(np_buf_str(&b))) {
		np_buf_release(&b);
		return NULL;
	}
	return np_buf_detach(&b);
}

/* A version as recipes write them: letters, digits and . _ + ~ -. */
static char *
clean_version(const char *s)
{
	struct np_buf b = {0};

	for (; *s && b.len < 64; s++)
		np_buf_addc(&b, isalnum((unsigned char)*s) || strchr("._+~-", *s) ? *s : '.');
	if (b.len == 0) {
		np_buf_release(&b);
		return NULL;
	}
	return np_buf_detach(&b);
}

/* The text between the first quote-like delimiters after `key` in text ("VERSION 1.2"). */
static char *
word_after(const char *text, const char *key)
{
	const char *p = text ? strstr(text, key) : NULL;
	size_t n;

	if (p == NULL)
		return NULL;
	p += strlen(key);
	while (*p == ' ' || *p == '\t' || *p == '\'' || *p == '"' || *p == '[' || *p == ':')
		p++;
	n = strspn(p, "0123456789.abcdefghijklmnopqrstuvwxyz-_+~");
	return n && isdigit((unsigned char)*p) ? np_xstrndup(p, n) : NULL;
}

/* --- the build system and its options ------------------------------------------------------- */

/* CMake: option(NAME ...) of the top CMakeLists.txt whose name says tests, docs or programs. */
static void
cmake_options(const char *root, struct np_recipe *r, struct np_strv *notes)
{
	char *text = read_text(root, "CMakeLists.txt");
	const char *p;

	if (text == NULL)
		return;
	/* CMake commands are case-insensitive (pcre2 writes OPTION): one spelling to look for. */
	for (char *q = text; *q; q++) {
		if (strncasecmp(q, "option(", 7) == 0)
			memcpy(q, "option(", 7);
		else if (strncasecmp(q, "include(ctest)", 14) == 0)
			memcpy(q, "include(CTest)", 14);
	}
	if (strstr(text, "include(CTest)") || strstr(text, "BUILD_TESTING"))
		np_strv_push_unique(&r->build_options, "-DBUILD_TESTING=OFF");
	for (p = text; (p = strstr(p, "option(")) != NULL; p += 7) {
		const char *name = p + 7;
		size_t n;
		char *opt;
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue; /* cmake_dependent_option(...) and the like are someone else's */
		while (*name == ' ' || *name == '\t')
			name++;
		n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		if (n == 0 || n > 100)
			continue;
		opt = np_xstrndup(name, n);
		if (is_extra(opt)) {
			char *arg = np_xasprintf("-D%s=OFF", opt);
			np_strv_push_unique(&r->build_options, arg);
			free(arg);
		}
		free(opt);
	}
	if (r->build_options.n)
		note(notes, "options that turn off tests, examples, documentation and programs (from "
			"CMakeLists.txt): check they are what the project means");
	free(text);
}

/* meson: option('tests', type: 'boolean' | 'feature', ...) in meson_options.txt or meson.options. */
static void
meson_options(const char *root, struct np_recipe *r, struct np_strv *notes)
{
	char *text = read_text(root, "meson_options.txt");
	const char *p;

	if (text == NULL)
		text = read_text(root, "meson.options");
	if (text == NULL)
		return;
	for (p = text; (p = strstr(p, "option(")) != NULL; p += 7) {
		const char *q = p + 7, *end, *type;
		char *name, *arg = NULL;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '\'' && *q != '"')
			continue;
		end = strchr(q + 1, *q);
		if (end == NULL)
			break;
		name = np_xstrndup(q + 1, (size_t)(end - q - 1));
		type = strstr(end, "type");
		if (is_extra(name) && type && (size_t)(type - end) < 80) {
			if (strncmp(strchr(type, ':') ? strchr(type, ':') + 1 + strspn(strchr(type, ':') + 1,
					" \t'\"") : "", "boolean", 7) == 0)
				arg = np_xasprintf("-D%s=false", name);
			else if (strstr(type, "feature") && (size_t)(strstr(type, "feature") - type) < 20)
				arg = np_xasprintf("-D%s=disabled", name);
		}
		if (arg)
			np_strv_push_unique(&r->build_options, arg);
		free(arg);
		free(name);
	}
	if (r->build_options.n)
		note(notes, "options that turn off tests, examples and programs (from meson's options "
			"file): check they are what the project means");
	free(text);
}

/* autotools: --enable-tests and the like, from `configure --help` or configure.ac. */
static void
autotools_options(const char *root, struct np_recipe *r, struct np_strv *notes)
{
	char *script = np_path_join(root, "configure");
	struct np_buf help = {0};
	char *text = NULL;
	const char *p;

	if (np_fs_is_file(script)) {
		char *argv[] = {script, (char *)"--help", NULL};
		struct np_proc proc = {.argv = argv, .cwd = root, .out = &help, .err = &help};
		int status;
		if (np_proc_run(&proc, &status, NULL) && status == 0)
			text = np_buf_detach(&help);
	}
	if (text == NULL) {
		text = read_text(root, "configure.ac");
		if (text == NULL)
			text = read_text(root, "configure.in");
	}
	for (p = text; p && (p = strstr(p, "-able-")) != NULL; p += 6) {
		const char *name = p + 6;
		size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_");
		char *opt, *arg;
		/* --enable-x / --disable-x in the help; AC_ARG_ENABLE([x]) spells it differently. */
		if (p < text + 3 || (strncmp(p - 3, "-en", 3) != 0 && strncmp(p - 3, "dis", 3) != 0))
			continue;
		if (n == 0 || n > 60)
			continue;
		opt = np_xstrndup(name, n);
		if (is_extra(opt)) {
			arg = np_xasprintf("--disable-%s", opt);
			np_strv_push_unique(&r->build_options, arg);
			free(arg);
		}
		free(opt);
	}
	for (p = text; p && (p = strstr(p, "AC_ARG_ENABLE(")) != NULL; p += 14) {
		const char *name = p + 14 + strspn(p + 14, "[ \t");
		size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_");
		char *opt = np_xstrndup(name, n), *arg;
		if (n && is_extra(opt)) {
			arg = np_xasprintf("--disable-%s", opt);
			np_strv_push_unique(&r->build_options, arg);
			free(arg);
		}
		free(opt);
	}
	if (r->build_options.n)
		note(notes, "options that turn off tests, examples and programs (from configure): check "
			"they are what the project means");
	free(text);
	np_buf_release(&help);
	free(script);
}

/* The build system the top directory shows, its options, and a version its files state. */
static void
detect_build(const char *root, struct np_recipe *r, char **file_version, struct np_strv *notes)
{
	char *text;

	*file_version = NULL;
	if ((text = read_text(root, "CMakeLists.txt")) != NULL) {
		r->build_system_name = np_xstrdup("cmake");
		*file_version = word_after(strstr(text, "project(") ? strstr(text, "project(") : NULL,
			"VERSION");
		free(text);
		cmake_options(root, r, notes);
	} else if ((text = read_text(root, "meson.build")) != NULL) {
		r->build_system_name = np_xstrdup("meson");
		*file_version = word_after(strstr(text, "project(") ? strstr(text, "project(") : NULL,
			"version");
		free(text);
		meson_options(root, r, notes);
	} else if ((text = read_text(root, "configure.ac")) != NULL ||
		(text = read_text(root, "configure.in")) != NULL || (text = read_text(root, "configure"))) {
		const char *init = strstr(text, "AC_INIT(");
		r->build_system_name = np_xstrdup("autotools");
		if (init) {
			const char *comma = strchr(init, ',');
			if (comma)
				*file_version = word_after(comma, "");
		}
		free(text);
		autotools_options(root, r, notes);
	} else if ((text = read_text(root, "Makefile")) != NULL ||
		(text = read_text(root, "makefile")) != NULL || (text = read_text(root, "GNUmakefile"))) {
		r->build_system_name = np_xstrdup("make");
		if (strstr(text, "DESTDIR") == NULL) {
			r->make_destdir = false;
			note(notes, "the Makefile never mentions DESTDIR: \"build.make.destdir\" is false, so "
				"nativepkg installs with PREFIX=<staging directory>");
		}
		free(text);
	}
	if (r->build_system_name)
		r->build_system = strcmp(r->build_system_name, "cmake") == 0 ? NP_BUILD_SYSTEM_CMAKE :
			strcmp(r->build_system_name, "meson") == 0 ? NP_BUILD_SYSTEM_MESON :
			strcmp(r->build_system_name, "autotools") == 0 ? NP_BUILD_SYSTEM_AUTOTOOLS :
			NP_BUILD_SYSTEM_MAKE;
}

/* --- what the trial build installed --------------------------------------------------------- */

/* One library the build installed: its name, and whether a shared object and an archive. */
struct found_lib {
	char *name;
	bool shared, archive;
};

struct found {
	struct found_lib *libs;
	size_t nlibs, cap;
	struct np_strv pc_files;   /* every .pc installed */
	struct np_strv cmake_dirs; /* every directory holding a <Pkg>Config.cmake */
};

static void
add_lib(struct found *f, const char *file)
{
	const char *base = np_path_basename(file), *so = strstr(base, ".so");
	size_t n = strlen(base);
	bool archive = n > 5 && strcmp(base + n - 2, ".a") == 0;
	char *name;

	if (!np_text_starts_with(base, "lib") || (!archive && (so == NULL || (so[3] && so[3] != '.'))))
		return;
	name = archive ? np_xstrndup(base + 3, n - 5) : np_xstrndup(base + 3, (size_t)(so - base - 3));
	if (*name == '\0' || !np_name_valid_library(name) || np_name_file_problem(name)) {
		free(name);
		return;
	}
	for (size_t i = 0; i < f->nlibs; i++) {
		if (strcmp(f->libs[i].name, name) == 0) {
			f->libs[i].shared = f->libs[i].shared || !archive;
			f->libs[i].archive = f->libs[i].archive || archive;
			free(name);
			return;
		}
	}
	f->libs = np_xgrow(f->libs, &f->cap, f->nlibs + 1, sizeof *f->libs);
	f->libs[f->nlibs++] = (struct found_lib){name, !archive, archive};
}

static void
scan_prefix(const struct np_target *t, const char *prefix, struct found *f)
{
	struct np_strv libdirs = {0};

	np_target_lib_dirs(t, &libdirs);
	for (size_t d = 0; d < libdirs.n; d++) {
		char *dir = np_path_join(prefix, libdirs.v[d]), *sub;
		struct np_strv names = {0};
		np_fs_list(dir, false, &names);
		for (size_t i = 0; i < names.n; i++) {
			char *path = np_path_join(dir, names.v[i]);
			if (np_fs_is_file(path))
				add_lib(f, path);
			free(path);
		}
		np_strv_release(&names);
		sub = np_path_join(dir, "pkgconfig");
		np_fs_list(sub, false, &names);
		for (size_t i = 0; i < names.n; i++)
			if (np_text_ends_with(names.v[i], ".pc"))
				np_strv_push_owned(&f->pc_files, np_path_join(sub, names.v[i]));
		np_strv_release(&names);
		free(sub);
		sub = np_path_join(dir, "cmake");
		np_fs_list(sub, false, &names);
		for (size_t i = 0; i < names.n; i++)
			np_strv_push_owned(&f->cmake_dirs, np_path_join(sub, names.v[i]));
		np_strv_release(&names);
		free(sub);
		free(dir);
	}
	np_strv_release(&libdirs);
	{
		/* <prefix>/cmake holds configs too (pcre2's): find_package() searches it. */
		char *top = np_path_join(prefix, "cmake");
		if (np_fs_is_dir(top))
			np_strv_push(&f->cmake_dirs, top);
		free(top);
	}
	{
		char *share = np_path_join(prefix, "share/pkgconfig"), *cm = np_path_join(prefix,
			"share/cmake");
		struct np_strv names = {0};
		np_fs_list(share, false, &names);
		for (size_t i = 0; i < names.n; i++)
			if (np_text_ends_with(names.v[i], ".pc"))
				np_strv_push_owned(&f->pc_files, np_path_join(share, names.v[i]));
		np_strv_release(&names);
		np_fs_list(cm, false, &names);
		for (size_t i = 0; i < names.n; i++)
			np_strv_push_owned(&f->cmake_dirs, np_path_join(cm, names.v[i]));
		np_strv_release(&names);
		free(share);
		free(cm);
	}
}

static void
found_release(struct found *f)
{
	for (size_t i = 0; i < f->nlibs; i++)
		free(f->libs[i].name);
	free(f->libs);
	np_strv_release(&f->pc_files);
	np_strv_release(&f->cmake_dirs);
}

static bool
is_header(const char *name)
{
	return np_text_ends_with(name, ".h") || np_text_ends_with(name, ".hpp") ||
		np_text_ends_with(name, ".hh") || np_text_ends_with(name, ".hxx");
}

/* Headers of dir (not below it), sorted. */
static void
headers_in(const char *dir, struct np_strv *out)
{
	struct np_strv names = {0};

	np_fs_list(dir, false, &names);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, np_strv_cmp);
	for (size_t i = 0; i < names.n; i++) {
		char *path = np_path_join(dir, names.v[i]);
		if (is_header(names.v[i]) && np_fs_is_file(path))
			np_strv_push(out, names.v[i]);
		free(path);
	}
	np_strv_release(&names);
}

/* The stem of a header ("pcre2.h" -> "pcre2"). Caller frees. */
static char *
stem(const char *header)
{
	const char *base = np_path_basename(header), *dot = strrchr(base, '.');
	return np_xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
}

/*
 * The headers a probe includes: those named after the package or one of its libraries, else
 * the first. At most three.
 */
static void
choose_headers(const struct np_strv *all, const char *name, const struct found *f,
	struct np_strv *out)
{
	for (size_t i = 0; i < all->n && out->n < 3; i++) {
		char *s = stem(all->v[i]);
		bool mine = strcasecmp(s, name) == 0;
		for (size_t k = 0; k < f->nlibs && !mine; k++)
			mine = strcasecmp(s, f->libs[k].name) == 0;
		if (mine)
			np_strv_push(out, all->v[i]);
		free(s);
	}
	if (out->n == 0 && all->n)
		np_strv_push(out, all->v[0]);
}

/* What the .pc files say: components' modules, their requirements, the include subdirectory. */
static void
apply_pc_files(const char *prefix, const struct found *f, struct np_recipe *r,
	char **subdir, char **pc_version, struct np_strv *notes)
{
	char *include = np_path_join(prefix, "include");
	size_t n = strlen(include);
	struct np_kv module_lib = {0};
	struct np_pc_info *infos = np_xcalloc(f->pc_files.n + 1, sizeof *infos);

	*subdir = NULL;
	*pc_version = NULL;
	/* Each module's own library: the one of the package it links that its package requirements
	 * do not bring. */
	for (size_t i = 0; i < f->pc_files.n; i++) {
		struct np_error e = {0};
		if (!np_pkgconfig_read_file(f->pc_files.v[i], &infos[i], &e)) {
			note(notes, "%s: %s", f->pc_files.v[i], e.msg);
			np_error_release(&e);
			continue;
		}
		if (*pc_version == NULL && infos[i].version)
			*pc_version = np_xstrdup(infos[i].version);
		for (size_t k = 0; k < infos[i].cflags.n; k++) {
			const char *a = infos[i].cflags.v[k];
			if (np_text_starts_with(a, "-I") && strncmp(a + 2, include, n) == 0 &&
				a[2 + n] == '/' && a[3 + n] && *subdir == NULL)
				*subdir = np_xstrdup(a + 3 + n);
		}
	}
	for (size_t i = 0; i < f->pc_files.n; i++) {
		const char *own = NULL;
		if (infos[i].module == NULL)
			continue;
		for (size_t k = 0; k < infos[i].libs.n && own == NULL; k++) {
			const char *a = infos[i].libs.v[k];
			if (np_text_starts_with(a, "-l") && np_components_find_lib(&r->components, a + 2))
				own = a + 2;
		}
		if (own)
			np_kv_set(&module_lib, infos[i].module, own);
	}
	for (size_t i = 0; i < f->pc_files.n; i++) {
		const char *lib = infos[i].module ? np_kv_get(&module_lib, infos[i].module) : NULL;
		struct np_component *c = NULL;
		for (size_t k = 0; lib && k < r->components.n; k++)
			if (strcmp(r->components.v[k].lib, lib) == 0)
				c = &r->components.v[k];
		if (c == NULL) {
			/* A module of none of the libraries (openssl.pc requiring the others): the
			 * package's own. */
			if (infos[i].module && r->pc_export == NULL && lib == NULL)
				r->pc_export = np_xstrdup(infos[i].module);
			continue;
		}
		if (c->pc_module == NULL)
			c->pc_module = np_xstrdup(infos[i].module);
		for (size_t k = 0; k < infos[i].requires.n; k++) {
			const char *other = np_kv_get(&module_lib, infos[i].requires.v[k]);
			const struct np_component *q = other ? np_components_find_lib(&r->components, other)
							     : NULL;
			if (q && q != c)
				np_strv_push_unique(&c->requires, q->name);
		}
		for (size_t k = 0; k < infos[i].cflags.n; k++)
			if (np_text_starts_with(infos[i].cflags.v[k], "-D"))
				np_strv_push_unique(&c->definitions, infos[i].cflags.v[k] + 2);
	}
	for (size_t i = 0; i < f->pc_files.n; i++)
		np_pc_info_release(&infos[i]);
	free(infos);
	np_kv_release(&module_lib);
	free(include);
}

/* A quoted value after `key` on the lines following `from` in a CMake file, up to ')'. */
static char *
cmake_property(const char *from, const char *key)
{
	const char *end = strchr(from, ')'), *p = strstr(from, key), *q;

	if (p == NULL || (end && p > end))
		return NULL;
	p += strlen(key);
	p += strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_ \t");
	if (*p != '"' || (q = strchr(p + 1, '"')) == NULL)
		return NULL;
	return np_xstrndup(p + 1, (size_t)(q - p - 1));
}

/* The package's CMake config: its name, and the imported targets of its libraries. */
static void
apply_cmake(const struct found *f, struct np_recipe *r, struct np_strv *notes)
{
	struct np_kv links = {0}; /* target -> its INTERFACE_LINK_LIBRARIES */

	for (size_t d = 0; d < f->cmake_dirs.n && r->cmake_package == NULL; d++) {
		struct np_strv names = {0};
		np_fs_list(f->cmake_dirs.v[d], false, &names);
		for (size_t i = 0; i < names.n && r->cmake_package == NULL; i++) {
			const char *n = names.v[i];
			size_t len = strlen(n);
			if (len > 12 && strcmp(n + len - 12, "Config.cmake") == 0 &&
				!np_text_ends_with(n, "VersionConfig.cmake"))
				r->cmake_package = np_xstrndup(n, len - 12);
			else if (len > 13 && strcmp(n + len - 13, "-config.cmake") == 0 &&
				!np_text_ends_with(n, "-version-config.cmake"))
				r->cmake_package = np_xstrndup(n, len - 13);
			if (r->cmake_package && np_name_file_problem(r->cmake_package)) {
				free(r->cmake_package);
				r->cmake_package = NULL;
			}
		}
		/*
		 * Targets, as CMake's install(EXPORT) writes them: set_target_properties(<T>
		 * PROPERTIES ... IMPORTED_LOCATION_<CONFIG> "<dir>/lib<name>.so..." ...) in one file,
		 * INTERFACE_LINK_LIBRARIES "<other targets>" in another.
		 */
		for (size_t i = 0; r->cmake_package && i < names.n; i++) {
			char *text = np_text_ends_with(names.v[i], ".cmake") ?
				read_text(f->cmake_dirs.v[d], names.v[i]) : NULL;
			for (const char *p = text; p && (p = strstr(p, "set_target_properties(")) != NULL;
				p += 22) {
				const char *t = p + 22;
				char *target = np_xstrndup(t, strcspn(t, " \t\n)"));
				char *loc = cmake_property(t, "IMPORTED_LOCATION");
				char *linked = cmake_property(t, "INTERFACE_LINK_LIBRARIES");
				const char *base = loc ? np_path_basename(loc) : NULL;
				for (size_t k = 0; base && strchr(target, ':') && k < r->components.n; k++) {
					struct np_component *c = &r->components.v[k];
					char *so = np_xasprintf("lib%s.so", c->lib), *a = np_xasprintf("lib%s.a", c->lib);
					if ((np_text_starts_with(base, so) || strcmp(base, a) == 0) &&
						!np_strv_contains(&c->cmake_targets, target))
						np_strv_push(&c->cmake_targets, target);
					free(so);
					free(a);
				}
				if (linked)
					np_kv_set(&links, target, linked);
				free(linked);
				free(target);
				free(loc);
			}
			free(text);
		}
		np_strv_release(&names);
	}
	/* A target linking another component's target: that component is required. */
	for (size_t i = 0; i < r->components.n; i++) {
		struct np_component *c = &r->components.v[i];
		const char *linked = c->cmake_targets.n ? np_kv_get(&links, c->cmake_targets.v[0]) : NULL;
		struct np_strv parts = {0};
		np_strv_split(&parts, linked ? linked : "", ";");
		for (size_t k = 0; k < r->components.n; k++) {
			const struct np_component *other = &r->components.v[k];
			if (other != c && other->cmake_targets.n &&
				np_strv_contains(&parts, other->cmake_targets.v[0]))
				np_strv_push_unique(&c->requires, other->name);
		}
		np_strv_release(&parts);
	}
	np_kv_release(&links);
	if (r->cmake_package)
		note(notes, "CMake package %s: consumers find_package(%s) from nativepkg's tree",
			r->cmake_package, r->cmake_package);
}

/* A version macro of the headers whose value is the version (or its parts). */
static void
find_version_macro(const char *include_dir, const struct np_strv *headers, const char *version,
	struct np_recipe *r)
{
	for (size_t h = 0; h < headers->n && r->version_macro.n == 0; h++) {
		char *text = read_text(include_dir, headers->v[h]);
		for (const char *p = text; p && (p = strstr(p, "#define")) != NULL; p += 7) {
			const char *name = p + 7 + strspn(p + 7, " \t"), *value;
			size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
			char *macro;
			if (n == 0)
				continue;
			value = name + n + strspn(name + n, " \t");
			macro = np_xstrndup(name, n);
			if (strstr(macro, "VERSION") && *value == '"' &&
				strncmp(value + 1, version, strlen(version)) == 0 &&
				value[1 + strlen(version)] == '"')
				np_strv_push(&r->version_macro, macro);
			free(macro);
			if (r->version_macro.n)
				break;
		}
		free(text);
	}
}

/* The version as numeric macros (X_MAJOR, X_MINOR, X_PATCH/MICRO/RELEASE) of one prefix. */
static void
find_version_parts(const char *include_dir, const struct np_strv *headers, const char *version,
	struct np_recipe *r)
{
	static const char *const last[] = {"PATCH", "MICRO", "RELEASE", "REVISION"};

	for (size_t h = 0; h < headers->n && r->version_macro.n == 0; h++) {
		char *text = read_text(include_dir, headers->v[h]);
		for (const char *p = text; p && (p = strstr(p, "_MAJOR")) != NULL; p += 6) {
			const char *start = p;
			struct np_strv names = {0}, values = {0};
			char *prefix, *joined;
			while (start > text && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
				start--;
			if (start < text + 8 || strncmp(start - 8, "#define ", 8) != 0)
				continue;
			prefix = np_xstrndup(start, (size_t)(p - start));
			for (size_t k = 0; k < 3; k++) {
				const char *suffixes[] = {"MAJOR", "MINOR", NULL};
				size_t tries = k < 2 ? 1 : sizeof last / sizeof *last;
				for (size_t t = 0; t < tries; t++) {
					char *macro = np_xasprintf("#define %s_%s", prefix, k < 2 ? suffixes[k] : last[t]);
					const char *at = strstr(text, macro), *v;
					if (at) {
						v = at + strlen(macro) + strspn(at + strlen(macro), " \t");
						if (isdigit((unsigned char)*v)) {
							np_strv_push(&names, macro + 8);
							np_strv_push_owned(&values, np_xstrndup(v, strspn(v, "0123456789")));
							free(macro);
							break;
						}
					}
					free(macro);
				}
			}
			joined = np_strv_join(&values, ".");
			if (values.n >= 2 && strcmp(joined, version) == 0)
				np_strv_copy(&r->version_macro, &names);
			free(joined);
			free(prefix);
			np_strv_release(&names);
			np_strv_release(&values);
			if (r->version_macro.n)
				break;
		}
		free(text);
	}
}

/* "#ifndef X" then "#error" in a header: it needs X defined by whoever includes it. */
static void
note_required_definitions(const char *include_dir, const struct np_strv *headers,
	struct np_strv *notes)
{
	for (size_t h = 0; h < headers->n; h++) {
		char *text = read_text(include_dir, headers->v[h]);
		for (const char *p = text; p && (p = strstr(p, "#ifndef")) != NULL; p += 7) {
			const char *name = p + 7 + strspn(p + 7, " \t"), *next;
			size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
			next = name + n + strspn(name + n, " \t\n");
			if (n && strncmp(next, "#error", 6) == 0)
				note(notes, "%s stops with #error unless %.*s is defined: give it in the "
					"components' (or exports') \"definitions\"", headers->v[h], (int)n, name);
		}
		free(text);
	}
}

/* --- the recipe ----------------------------------------------------------------------------- */

/* The source into the download cache: its URL, its sha256 and the archive's path there. */
static bool
get_source(struct np_resolve_ctx *ctx, const char *source, char **url, char **archive,
	char sha[NP_HASH_HEX_LEN + 1], struct np_error *err)
{
	*url = *archive = NULL;
	if (strstr(source, "://")) {
		if (!np_text_starts_with(source, "https://") && !np_text_starts_with(source, "http://") &&
			!np_text_starts_with(source, "file://"))
			return np_error_set(err, NP_EXIT_USAGE, "recipe new: '%s' is not an https://, "
				"http:// or file:// URL", source);
		*url = np_xstrdup(source);
		return np_fetch_learn(&ctx->fetch, "recipe new", source, archive, sha, err);
	}
	*archive = np_path_real(source);
	if (*archive == NULL || !np_fs_is_file(*archive)) {
		free(*archive);
		*archive = NULL;
		return np_error_set(err, NP_EXIT_USAGE, "recipe new: no file '%s'", source);
	}
	if (!np_hash_file(*archive, sha, err))
		return false;
	*url = np_xasprintf("file://%s", *archive);
	return true;
}

/* Fills discovery and exports from what the trial build installed in prefix. */
static bool
fill_from_install(struct np_resolve_ctx *ctx, const char *prefix, struct np_recipe *r,
	struct np_strv *notes, struct np_error *err)
{
	struct found f = {0};
	struct np_strv all = {0};
	char *subdir = NULL, *pc_version = NULL, *include = np_path_join(prefix, "include");
	size_t main_i = 0;
	bool ok = false;

	scan_prefix(&ctx->config->tgt, prefix, &f);
	if (f.nlibs == 0) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: the trial build installed no library under "
			"%s/lib: is it a library, and do its options build one?", r->name, prefix);
		goto out;
	}
	/* The main library: the one named after the package, else the first. */
	for (size_t i = 0; i < f.nlibs; i++)
		if (strcmp(f.libs[i].name, r->name) == 0 ||
			(np_text_starts_with(r->name, "lib") && strcmp(f.libs[i].name, r->name + 3) == 0))
			main_i = i;
	for (size_t k = 0; k < f.nlibs; k++) {
		size_t i = k == 0 ? main_i : (k <= main_i ? k - 1 : k);
		struct np_component *c = np_components_add(&r->components, f.libs[i].name);
		c->lib = np_xstrdup(f.libs[i].name);
		if (!f.libs[i].shared)
			note(notes, "lib%s: only a static archive was installed", f.libs[i].name);
	}
	free(r->links);
	r->links = np_xstrdup(f.libs[main_i].name);
	apply_pc_files(prefix, &f, r, &subdir, &pc_version, notes);
	apply_cmake(&f, r, notes);
	/* One component with its package's module: the package's. */
	if (r->components.n == 1 && r->components.v[0].pc_module && r->pc_export == NULL) {
		r->pc_export = r->components.v[0].pc_module;
		r->components.v[0].pc_module = NULL;
	}
	if (r->pc_export)
		np_strv_push(&r->pc_modules, r->pc_export);
	for (size_t i = 0; i < r->components.n; i++)
		if (r->components.v[i].pc_module)
			np_strv_push(&r->pc_modules, r->components.v[i].pc_module);

	/* Headers: in the subdirectory the .pc names, else at the top, else one level down. */
	if (subdir) {
		char *dir = np_path_join(include, subdir);
		headers_in(dir, &all);
		free(dir);
		if (all.n) {
			r->include_subdir = subdir;
			subdir = NULL;
			note(notes, "headers in include/%s (the .pc files' -I)", r->include_subdir);
		}
	}
	if (all.n == 0)
		headers_in(include, &all);
	if (all.n == 0) {
		struct np_strv dirs = {0};
		np_fs_list(include, false, &dirs);
		if (dirs.n > 1)
			qsort(dirs.v, dirs.n, sizeof *dirs.v, np_strv_cmp);
		for (size_t i = 0; i < dirs.n && all.n == 0; i++) {
			char *dir = np_path_join(include, dirs.v[i]);
			struct np_strv inner = {0};
			headers_in(dir, &inner);
			for (size_t k = 0; k < inner.n; k++)
				np_strv_push_owned(&all, np_xasprintf("%s/%s", dirs.v[i], inner.v[k]));
			np_strv_release(&inner);
			free(dir);
		}
		np_strv_release(&dirs);
	}
	choose_headers(&all, r->name, &f, &r->headers);
	if (r->headers.n == 0)
		note(notes, "no header was installed under include/: add \"discover.headers\"");
	{
		char *dir = r->include_subdir ? np_path_join(include, r->include_subdir) : np_xstrdup(include);
		find_version_macro(dir, &r->headers, r->version, r);
		find_version_parts(dir, &r->headers, r->version, r);
		note_required_definitions(dir, &r->headers, notes);
		free(dir);
	}
	if (r->version_macro.n == 0 && pc_version && r->pc_modules.n)
		r->version_pc = np_xstrdup(r->pc_modules.v[0]);
	if (r->version_macro.n == 0 && r->version_pc == NULL)
		note(notes, "no version macro or .pc: an installed copy's version will be unknown; "
			"name a function or a command in \"discover.version\"");
	{
		/* What the libraries link that nobody declares yet (sanity.h). */
		struct np_resolution_set none = {0};
		struct np_inputs in = {0};
		struct np_request req = {.recipe = r, .resolved = &none, .inputs = &in};
		struct np_strv warnings = {0};
		np_sanity_needed(&ctx->config->tgt, &req, prefix, &warnings);
		for (size_t i = 0; i < warnings.n; i++)
			note(notes, "%s", warnings.v[i]);
		np_strv_release(&warnings);
		np_inputs_release(&in);
	}
	np_recipe_refresh_libs(r);
	ok = true;
out:
	found_release(&f);
	np_strv_release(&all);
	free(subdir);
	free(pc_version);
	free(include);
	(void)ctx;
	return ok;
}

bool
np_scaffold_recipe(struct np_resolve_ctx *ctx, const struct np_scaffold *s,
	struct np_recipe *out, struct np_strv *notes, bool *built, struct np_error *err)
{
	struct np_inputs in = {0};
	struct np_strv top = {0};
	char sha[NP_HASH_HEX_LEN + 1] = "", *url = NULL, *archive = NULL, *look = NULL;
	char *root = NULL, *stem_name = NULL, *name = NULL, *version = NULL, *file_version = NULL;
	char *prefix = NULL, *log = NULL;
	struct np_extract x = {.strip = 0, .max_bytes = ctx->max_extract, .max_entries = 1000000};
	bool ok = false;

	memset(out, 0, sizeof *out);
	*built = false;
	if (!np_build_cache(ctx, &in, err) || !get_source(ctx, s->source, &url, &archive, sha, err))
		goto out;
	/* Unpacked once to see its layout: one top directory is stripped. */
	look = np_cache_tmp(&ctx->cache, "scaffold");
	if (!np_fs_mkdirs(look, err) || !np_extract_archive(&x, archive, look, err))
		goto out;
	np_fs_list(look, true, &top);
	if (top.n == 1) {
		root = np_path_join(look, top.v[0]);
		if (!np_fs_is_dir(root)) {
			free(root);
			root = NULL;
		}
	}
	out->schema = 2;
	out->has_strip = true;
	out->strip = root ? 1 : 0;
	out->make_destdir = true;
	/* Name and version: given, else "name-version" of the top directory or the file. */
	stem_name = strip_archive_suffix(root ? top.v[0] : np_path_basename(url));
	if (root == NULL)
		root = np_xstrdup(look);
	split_name(stem_name, &name, &version);
	if (name == NULL || version == NULL) {
		char *n2, *v2, *file = strip_archive_suffix(np_path_basename(url));
		split_name(file, &n2, &v2);
		if (name == NULL)
			name = n2, n2 = NULL;
		if (version == NULL)
			version = v2, v2 = NULL;
		free(n2), free(v2), free(file);
	}
	detect_build(root, out, &file_version, notes);
	out->name = package_name(s->name ? s->name : name ? name : "package");
	if (out->name == NULL) {
		np_error_set(err, NP_EXIT_USAGE, "recipe new: '%s' does not make a package name "
			"([a-z0-9][a-z0-9._+-]*): give one with --name", s->name ? s->name : name);
		goto out;
	}
	out->version = clean_version(s->version ? s->version : version ? version : file_version ?
		file_version : "0");
	if (out->version == NULL)
		out->version = np_xstrdup("0");
	if (s->version == NULL && version == NULL)
		note(notes, "version %s %s: check it", out->version, file_version ? "from the build "
			"files" : "is a placeholder");
	out->links = np_xstrdup(out->name);
	np_strv_push(&out->urls, url);
	out->sha256 = np_xstrdup(sha);
	if (np_text_starts_with(url, "file://"))
		note(notes, "the source is a local file: replace \"source.urls\" with where it is "
			"published (the sha256 stays)");
	if (out->build_system_name == NULL) {
		note(notes, "no CMakeLists.txt, meson.build, configure or Makefile at the top: add a "
			"\"build\" section (\"subdir\" if the build files are deeper)");
		ok = true;
		goto out;
	}
	note(notes, "build system %s", out->build_system_name);
	out->path = np_xasprintf("%s.json", out->name);
	if (!s->build) {
		ok = true;
		goto out;
	}
	/* The trial build: what it installs is what the recipe discovers and exports. */
	prefix = np_cache_tmp(&ctx->cache, "trial");
	if (!np_build_trial(ctx, out, NP_LINK_SHARED, prefix, &log, err)) {
		np_error_prefix(err, "%s: the trial build failed (log: %s)", out->name, log ? log : "-");
		ok = true; /* the recipe so far is still worth writing, to fix its options */
		goto out;
	}
	note(notes, "trial build: log %s", log);
	ok = fill_from_install(ctx, prefix, out, notes, err);
	*built = ok;
	if (!ok) {
		ok = true; /* as above: written, and err says why it is incomplete */
	}
out:
	if (look)
		np_fs_remove_tree(look, NULL);
	if (prefix)
		np_fs_remove_tree(prefix, NULL);
	free(look);
	free(prefix);
	free(log);
	free(root);
	free(stem_name);
	free(name);
	free(version);
	free(file_version);
	free(url);
	free(archive);
	np_strv_release(&top);
	np_inputs_release(&in);
	if (!ok)
		np_recipe_release(out);
	return ok;
}
