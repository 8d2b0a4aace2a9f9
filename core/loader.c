/*
 * loader: the dynamic loader's default search directories (ld.so.conf and the system path), its
 * cache, and its search for every library of a program.
 */
#include "core/loader.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

/* ld.so.conf's `include` nests; a loop of includes stops here. */
#define MAX_DEPTH 8

static char *
under_root(const struct np_loader *l, const char *path)
{
	if (l->root == NULL || *l->root == '\0')
		return np_xstrdup(path);
	return np_xasprintf("%s%s", l->root, path);
}

static void
add_dir(struct np_loader *l, const char *dir)
{
	char *path = under_root(l, dir), *real = realpath(path, NULL);

	/* A directory that does not exist holds nothing to find; its text still counts. */
	np_strv_push_unique(&l->dirs, real ? real : path);
	free(real);
	free(path);
}

/* A directory of the system search path: a default directory the cache does not decide. */
static void
add_system(struct np_loader *l, const char *dir)
{
	char *path = under_root(l, dir), *real = realpath(path, NULL);

	np_strv_push_unique(&l->dirs, real ? real : path);
	np_strv_push_unique(&l->system, real ? real : path);
	free(real);
	free(path);
}

static void read_conf(struct np_loader *l, const char *file, int depth);

/* `include PATTERN`: relative patterns are relative to the including file's directory. */
static void
include(struct np_loader *l, const char *file, const char *pattern, int depth)
{
	char *full, *dir;
	glob_t g;

	if (*pattern == '/') {
		full = under_root(l, pattern);
	} else {
		dir = np_xstrdup(file);
		*(strrchr(dir, '/') ? strrchr(dir, '/') : dir) = '\0';
		full = np_xasprintf("%s/%s", dir, pattern);
		free(dir);
	}
	if (glob(full, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			read_conf(l, g.gl_pathv[i], depth + 1);
		globfree(&g);
	}
	free(full);
}

/* One ld.so.conf file: a directory per line (or several, separated by blanks, ':' or ','). */
static void
read_conf(struct np_loader *l, const char *file, int depth)
{
	struct np_buf text = {0};
	struct np_error err = {0};
	char *save = NULL, *copy;

	if (depth > MAX_DEPTH || !np_fs_read(file, 1 << 20, &text, &err)) {
		np_error_release(&err);
		np_buf_release(&text);
		return;
	}
	copy = np_xstrdup(np_buf_str(&text));
	for (char *line = strtok_r(copy, "\n", &save); line;
		line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *word, *wsave = NULL;
		if (hash)
			*hash = '\0';
		line += strspn(line, " \t");
		if (strncmp(line, "include", 7) == 0 && (line[7] == ' ' || line[7] == '\t')) {
			for (word = strtok_r(line + 8, " \t", &wsave); word; word = strtok_r(NULL, " \t", &wsave))
				include(l, file, word, depth);
			continue;
		}
		if (strncmp(line, "hwcap", 5) == 0 && (line[5] == ' ' || line[5] == '\t'))
			continue;
		for (word = strtok_r(line, " \t:,=", &wsave); word; word = strtok_r(NULL, " \t:,=", &wsave))
			if (*word == '/')
				add_dir(l, word);
	}
	free(copy);
	np_buf_release(&text);
}

const struct np_strv *
np_loader_default_dirs(struct np_loader *l)
{
	const char *system[] = {"/lib", "/usr/lib", "/lib64", "/usr/lib64"};

	if (l->read)
		return &l->dirs;
	l->read = true;
	/* This machine's loader, unless told of another. */
	if ((l->root == NULL || *l->root == '\0') && l->multiarch == NULL)
		l->multiarch = NP_MULTIARCH;
	{
		char *conf = under_root(l, "/etc/ld.so.conf");
		read_conf(l, conf, 0);
		free(conf);
	}
	if (l->multiarch && *l->multiarch) {
		char *a = np_xasprintf("/lib/%s", l->multiarch), *b = np_xasprintf("/usr/lib/%s", l->multiarch);
		add_system(l, a);
		add_system(l, b);
		free(a);
		free(b);
	}
	for (size_t i = 0; i < sizeof system / sizeof *system; i++) {
		char *path = under_root(l, system[i]);
		bool exists = np_fs_is_dir(path);
		free(path);
		/*
		 * lib64 is the system path only where the platform has it instead of multiarch
		 * directories (Fedora, openSUSE): Debian's loader does not search its /usr/lib64.
		 */
		if (i < 2 || (exists && !(l->multiarch && *l->multiarch)))
			add_system(l, system[i]);
	}
	return &l->dirs;
}

bool
np_loader_is_default(struct np_loader *l, const char *dir)
{
	const struct np_strv *dirs = np_loader_default_dirs(l);
	char *real = realpath(dir, NULL);
	bool found = np_strv_contains(dirs, real ? real : dir);

	free(real);
	return found;
}

void
np_loader_release(struct np_loader *l)
{
	np_strv_release(&l->dirs);
	np_strv_release(&l->system);
	np_loader_cache_release(&l->cache);
	free(l->cache_problem);
	memset(l, 0, sizeof *l);
}

/* --- The loader cache (ld.so.cache) ------------------------------------------------------------ */

#define CACHE_MAX (64u << 20)
#define OLD_MAGIC "ld.so-1.7.0"          /* 11 bytes, then the entry count */
#define NEW_MAGIC "glibc-ld.so.cache1.1" /* 17 bytes of magic and 3 of version */
#define OLD_HEADER 16u
#define OLD_ENTRY 12u                    /* flags, name, path */
#define NEW_HEADER 48u
#define NEW_ENTRY 24u                    /* flags, name, path, OS version, hwcap */

static bool
host_big_endian(void)
{
	const uint16_t one = 1;
	return *(const unsigned char *)&one == 0;
}

/* The NUL-terminated string at base + off, inside data[0..len); NULL when it is not. */
static const char *
cache_string(const unsigned char *data, size_t len, size_t base, uint64_t off)
{
	if (base > len || off >= len - base || memchr(data + base + off, '\0', len - base - off) == NULL)
		return NULL;
	return (const char *)data + base + off;
}

/* count entries of `size` bytes at `at`, their strings `base` + offset; the new format has 24. */
static bool
cache_entries(const unsigned char *d, size_t len, size_t at, uint64_t count, size_t size, size_t base,
	bool be, struct np_loader_cache *out, struct np_error *err)
{
	if (count > (len - at) / size)
		return np_error_set(err, NP_EXIT_INPUT, "it claims %llu entries, more than it holds",
			(unsigned long long)count);
	out->v = np_xcalloc(count ? (size_t)count : 1, sizeof *out->v);
	for (size_t i = 0; i < count; i++) {
		const unsigned char *e = d + at + i * size;
		const char *name = cache_string(d, len, base, np_elf_field(e + 4, 4, be));
		const char *path = cache_string(d, len, base, np_elf_field(e + 8, 4, be));
		if (name == NULL || path == NULL) {
			np_loader_cache_release(out);
			return np_error_set(err, NP_EXIT_INPUT, "entry %zu names a string outside the file", i);
		}
		out->v[i].name = np_xstrdup(name);
		out->v[i].path = np_xstrdup(path);
		out->v[i].flags = (uint32_t)np_elf_field(e, 4, be);
		out->v[i].hwcap = size == NEW_ENTRY ? np_elf_field(e + 16, 8, be) : 0;
		out->n = i + 1;
	}
	return true;
}

/* The new format's header at `at`; its strings are relative to the header. */
static bool
cache_new(const unsigned char *d, size_t len, size_t at, struct np_loader_cache *out,
	struct np_error *err)
{
	bool be = host_big_endian();
	int order;

	if (len - at < NEW_HEADER)
		return np_error_set(err, NP_EXIT_INPUT, "its header is cut short");
	/* Two bits of the flags byte say the byte order: unset, invalid, little or big. */
	order = d[at + 28] & 3;
	if (order == 1 || (order == 2 && be) || (order == 3 && !be))
		return np_error_set(err, NP_EXIT_INPUT, "it is for another byte order");
	return cache_entries(d, len, at + NEW_HEADER, np_elf_field(d + at + 20, 4, be), NEW_ENTRY, at, be, out,
		err);
}

bool
np_loader_cache_parse(const void *data, size_t len, struct np_loader_cache *out,
	struct np_error *err)
{
	const unsigned char *d = data;
	bool be = host_big_endian();
	uint64_t count;
	size_t end;

	memset(out, 0, sizeof *out);
	if (len >= 20 && memcmp(d, NEW_MAGIC, 20) == 0)
		return cache_new(d, len, 0, out, err);
	if (len < OLD_HEADER || memcmp(d, OLD_MAGIC, 11) != 0)
		return np_error_set(err, NP_EXIT_INPUT, "not a loader cache (no %s or %s header)",
			OLD_MAGIC, NEW_MAGIC);
	/* The old table, then (glibc before 2.32 wrote both) the new one, aligned after it. */
	count = np_elf_field(d + 12, 4, be);
	if (count > (len - OLD_HEADER) / OLD_ENTRY)
		return np_error_set(err, NP_EXIT_INPUT, "it claims %llu entries, more than it holds",
			(unsigned long long)count);
	end = OLD_HEADER + (size_t)count * OLD_ENTRY;
	for (size_t align = 8; align >= 4; align /= 2) {
		size_t at = (end + align - 1) & ~(align - 1);
		if (at <= len && len - at >= 20 && memcmp(d + at, NEW_MAGIC, 20) == 0)
			return cache_new(d, len, at, out, err);
	}
	/* The old table alone: strings are relative to its end. */
	return cache_entries(d, len, OLD_HEADER, count, OLD_ENTRY, end, be, out, err);
}

void
np_loader_cache_release(struct np_loader_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].path);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* Reads <root>/etc/ld.so.cache once. None is no problem: the loader goes on without one. */
static void
load_cache(struct np_loader *l)
{
	char *path;
	struct np_buf text = {0};
	struct np_error err = {0};

	if (l->cache_read)
		return;
	l->cache_read = true;
	path = under_root(l, "/etc/ld.so.cache");
	if (np_fs_exists(path)) {
		if (!np_fs_read(path, CACHE_MAX, &text, &err)) {
			l->cache_problem = np_xstrdup(err.msg);
		} else if (!np_loader_cache_parse(text.data, text.len, &l->cache, &err)) {
			l->cache_problem = np_xasprintf("%s: %s", path, err.msg);
		}
	}
	np_error_release(&err);
	np_buf_release(&text);
	free(path);
}

/* --- What a program loads ----------------------------------------------------------------------- */

/* A program whose closure is larger is refused (a real one has some hundred objects). */
#define MAX_OBJECTS 10000

enum verdict {
	VERDICT_MISSING, /* nothing there (or unreadable): the loader tries the next place */
	VERDICT_SKIPPED, /* another machine or word size: passed over */
	VERDICT_FOUND,
	VERDICT_BROKEN,  /* the loader would stop here with an error */
};

struct search {
	struct np_loader *l;
	struct np_loader_closure *c;
	const struct np_elf *want; /* the root's machine, word size and byte order */
	char *lib;                 /* $LIB */
	const char *platform;      /* $PLATFORM; "" when unknown */
};

const char *
np_loader_via_name(enum np_loader_via via)
{
	switch (via) {
	case NP_LOADER_VIA_ROOT:
		return "given";
	case NP_LOADER_VIA_INTERP:
		return "the interpreter";
	case NP_LOADER_VIA_PATH:
		return "its path";
	case NP_LOADER_VIA_RPATH:
		return "DT_RPATH";
	case NP_LOADER_VIA_ENV:
		return "LD_LIBRARY_PATH";
	case NP_LOADER_VIA_RUNPATH:
		return "DT_RUNPATH";
	case NP_LOADER_VIA_CACHE:
		return "ld.so.cache";
	case NP_LOADER_VIA_DEFAULT:
		return "the system search path";
	}
	return "?";
}

/* $ORIGIN of object i: a program's real directory; a library's directory as it was opened. */
static char *
origin_of(const struct np_loader_closure *c, size_t i)
{
	const struct np_loader_object *o = &c->v[i];

	if (i == 0 && o->real && (o->elf.interp || o->elf.type == NP_ELF_EXEC))
		return np_path_dirname(o->real);
	return np_path_dirname(o->path);
}

/* The length of $NAME or ${NAME} after the '$' at s; 0 when s does not start with it. */
static size_t
dst(const char *s, const char *name)
{
	size_t n = strlen(name);

	if (s[0] == '{')
		return strncmp(s + 1, name, n) == 0 && s[n + 1] == '}' ? n + 2 : 0;
	if (strncmp(s, name, n) != 0 || isalnum((unsigned char)s[n]) || s[n] == '_')
		return 0;
	return n;
}

/*
 * s with $ORIGIN, $LIB and $PLATFORM replaced, as the loader replaces them (another '$' stays
 * as it is). NULL when it names $PLATFORM and that is unknown: the loader drops the element.
 */
static char *
expand(const struct search *s, const char *text, const char *origin)
{
	struct np_buf b = {0};

	for (; *text; text++) {
		size_t n;
		if (*text != '$') {
			np_buf_addc(&b, *text);
		} else if ((n = dst(text + 1, "ORIGIN")) != 0) {
			np_buf_adds(&b, origin);
			text += n;
		} else if ((n = dst(text + 1, "LIB")) != 0) {
			np_buf_adds(&b, s->lib);
			text += n;
		} else if ((n = dst(text + 1, "PLATFORM")) != 0) {
			if (*s->platform == '\0') {
				np_buf_release(&b);
				return NULL;
			}
			np_buf_adds(&b, s->platform);
			text += n;
		} else {
			np_buf_addc(&b, '$');
		}
	}
	return np_buf_detach(&b);
}

/* Whether the loader would map path for the root: a shared object of its kind. */
static enum verdict
try_file(const struct search *s, const char *path, struct np_elf *elf, char **why)
{
	struct stat st;
	struct np_error err = {0};

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0)
		return VERDICT_MISSING;
	if (!np_elf_read(path, elf, &err)) {
		*why = np_xstrdup(err.msg);
		np_error_release(&err);
		return VERDICT_BROKEN;
	}
	/* Another word size or machine is passed over; another byte order or ABI is an error. */
	if (elf->bits != s->want->bits || elf->machine != s->want->machine) {
		np_elf_release(elf);
		return VERDICT_SKIPPED;
	}
	if (elf->big_endian != s->want->big_endian || (elf->osabi != 0 && elf->osabi != 3)) {
		*why = np_xasprintf("%s: another byte order or OS ABI", path);
		np_elf_release(elf);
		return VERDICT_BROKEN;
	}
	if (elf->type != NP_ELF_DYN) {
		*why = np_xasprintf("%s: not a shared object", path);
		np_elf_release(elf);
		return VERDICT_BROKEN;
	}
	return VERDICT_FOUND;
}

/*
 * name in each directory of list (DT_RPATH, DT_RUNPATH or LD_LIBRARY_PATH, split at any of
 * seps; an empty element is the current directory, as for the loader).
 */
static enum verdict
search_list(const struct search *s, const char *list, const char *seps, const char *origin,
	const char *name, char **found, struct np_elf *elf, char **why)
{
	enum verdict v = VERDICT_MISSING;
	const char *p = list;

	for (;;) {
		size_t n = strcspn(p, seps);
		char *element = np_xstrndup(p, n), *dir = expand(s, element, origin);
		free(element);
		if (dir) {
			char *path, *abs;
			size_t dl = strlen(dir);
			while (dl > 1 && dir[dl - 1] == '/')
				dir[--dl] = '\0';
			path = np_xasprintf("%s%s%s", dl ? dir : ".", dl && dir[dl - 1] == '/' ? "" : "/", name);
			abs = np_path_absolute(path);
			free(path);
			free(dir);
			v = try_file(s, abs, elf, why);
			if (v == VERDICT_FOUND || v == VERDICT_BROKEN) {
				*found = abs;
				return v;
			}
			free(abs);
		}
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	return VERDICT_MISSING;
}

/* Where the loader finds `name` for object req (the search order of np_loader_closure). */
static enum verdict
find(struct search *s, size_t req, const char *name, char **path, struct np_elf *elf, char **why,
	enum np_loader_via *via, size_t *via_object)
{
	const struct np_loader_closure *c = s->c;
	const struct np_loader_object *r = &c->v[req];
	enum verdict v;
	char *origin;

	if (strchr(name, '/')) {
		char *exp;
		origin = origin_of(c, req);
		exp = expand(s, name, origin);
		free(origin);
		*via = NP_LOADER_VIA_PATH;
		if (exp == NULL)
			return VERDICT_MISSING;
		*path = np_path_absolute(exp);
		free(exp);
		v = try_file(s, *path, elf, why);
		if (v != VERDICT_FOUND && v != VERDICT_BROKEN) {
			free(*path);
			*path = NULL;
			v = VERDICT_MISSING;
		}
		return v;
	}
	/* DT_RPATH up the chain of loaders, unless the object needing it has a DT_RUNPATH. */
	if (r->elf.runpath == NULL) {
		for (size_t k = req; k != SIZE_MAX; k = c->v[k].parent) {
			const struct np_loader_object *o = &c->v[k];
			if (o->elf.rpath == NULL || o->elf.runpath != NULL)
				continue;
			origin = origin_of(c, k);
			v = search_list(s, o->elf.rpath, ":", origin, name, path, elf, why);
			free(origin);
			if (v != VERDICT_MISSING) {
				*via = NP_LOADER_VIA_RPATH;
				*via_object = k;
				return v;
			}
		}
	}
	if (s->l->library_path) {
		/* Its $ORIGIN is the program's. */
		origin = origin_of(c, 0);
		v = search_list(s, s->l->library_path, ":;", origin, name, path, elf, why);
		free(origin);
		if (v != VERDICT_MISSING) {
			*via = NP_LOADER_VIA_ENV;
			return v;
		}
	}
	if (r->elf.runpath) {
		origin = origin_of(c, req);
		v = search_list(s, r->elf.runpath, ":", origin, name, path, elf, why);
		free(origin);
		if (v != VERDICT_MISSING) {
			*via = NP_LOADER_VIA_RUNPATH;
			*via_object = req;
			return v;
		}
	}
	if (r->elf.flags_1 & NP_ELF_DF_1_NODEFLIB)
		return VERDICT_MISSING;
	load_cache(s->l);
	for (size_t i = 0; i < s->l->cache.n; i++) {
		const struct np_loader_cache_entry *e = &s->l->cache.v[i];
		unsigned kind = e->flags & 0xff; /* 1: ELF, 3: ELF for glibc; others are not loaded */
		if (strcmp(e->name, name) != 0 || (kind != 1 && kind != 3) || e->hwcap != 0)
			continue;
		*path = under_root(s->l, e->path);
		v = try_file(s, *path, elf, why);
		if (v == VERDICT_FOUND || v == VERDICT_BROKEN) {
			*via = NP_LOADER_VIA_CACHE;
			return v;
		}
		free(*path);
		*path = NULL;
		/* A stale entry sends the loader on to the system directories. */
		if (v == VERDICT_MISSING)
			break;
	}
	for (size_t i = 0; i < s->l->system.n; i++) {
		*path = np_xasprintf("%s/%s", s->l->system.v[i], name);
		v = try_file(s, *path, elf, why);
		if (v == VERDICT_FOUND || v == VERDICT_BROKEN) {
			*via = NP_LOADER_VIA_DEFAULT;
			return v;
		}
		free(*path);
		*path = NULL;
	}
	return VERDICT_MISSING;
}

/* The object a DT_NEEDED name already means: a name it was loaded as, or its SONAME. */
static size_t
loaded_as(const struct np_loader_closure *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (np_strv_contains(&c->v[i].names, name))
			return i;
	return SIZE_MAX;
}

static struct np_loader_object *
add_object(struct np_loader_closure *c)
{
	struct np_loader_object *o;

	c->v = np_xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	o = &c->v[c->n++];
	memset(o, 0, sizeof *o);
	o->parent = SIZE_MAX;
	o->via_object = SIZE_MAX;
	return o;
}

static void
add_missing(struct np_loader_closure *c, size_t from, const char *name, char *why)
{
	struct np_loader_missing *m;

	c->missing = np_xgrow(c->missing, &c->capmissing, c->nmissing + 1, sizeof *c->missing);
	m = &c->missing[c->nmissing++];
	m->from = from;
	m->name = np_xstrdup(name);
	m->why = why ? why : np_xstrdup("not found");
}

/* The object with the same file, if one is loaded (the loader compares device and inode). */
static size_t
same_file(const struct np_loader_closure *c, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].dev == dev && c->v[i].ino == ino)
			return i;
	return SIZE_MAX;
}

/* $LIB: the loader's own library directory name, lib/<multiarch> on Debian, lib64 on Fedora. */
static char *
lib_name(struct np_loader *l, int bits)
{
	char *lib64;
	struct stat st;
	bool real;

	if (l->multiarch && *l->multiarch)
		return np_xasprintf("lib/%s", l->multiarch);
	lib64 = under_root(l, "/usr/lib64");
	real = bits == 64 && lstat(lib64, &st) == 0 && S_ISDIR(st.st_mode);
	free(lib64);
	return np_xstrdup(real ? "lib64" : "lib");
}

bool
np_loader_closure(struct np_loader *l, const char *file, struct np_loader_closure *out,
	struct np_error *err)
{
	struct search s = {.l = l, .c = out};
	struct np_loader_object *root;
	struct np_error why = {0};
	struct stat st;

	memset(out, 0, sizeof *out);
	if (stat(file, &st) != 0 || access(file, R_OK) != 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", file, strerror(errno));
	root = add_object(out);
	{
		const char *f = file;
		while (f[0] == '.' && f[1] == '/')
			f += 2 + strspn(f + 2, "/");
		root->path = np_path_absolute(*f ? f : ".");
	}
	root->real = np_path_real(file);
	root->via = NP_LOADER_VIA_ROOT;
	root->dev = st.st_dev;
	root->ino = st.st_ino;
	if (!np_elf_read(file, &root->elf, &why)) {
		np_error_set(err, NP_EXIT_INPUT, "%s", why.msg);
		np_error_release(&why);
		np_loader_closure_release(out);
		return false;
	}
	if (root->elf.soname)
		np_strv_push(&root->names, root->elf.soname);
	np_loader_default_dirs(l);
	s.want = &out->v[0].elf;
	s.lib = lib_name(l, out->v[0].elf.bits);
#ifdef AT_PLATFORM
	s.platform = l->platform ? l->platform : (const char *)getauxval(AT_PLATFORM);
#else
	s.platform = l->platform;
#endif
	if (s.platform == NULL)
		s.platform = "";

	/* The interpreter is loaded with the program, under its path and its SONAME. */
	if (out->v[0].elf.interp) {
		const char *interp = out->v[0].elf.interp;
		struct np_loader_object *o = add_object(out);
		struct np_elf elf = {0};
		o->path = np_xstrdup(interp);
		o->real = np_path_real(interp);
		o->parent = 0;
		o->via = NP_LOADER_VIA_INTERP;
		np_strv_push(&o->names, interp);
		if (stat(interp, &st) == 0) {
			o->dev = st.st_dev;
			o->ino = st.st_ino;
		}
		if (np_elf_read(interp, &elf, NULL) && elf.soname)
			np_strv_push_unique(&o->names, elf.soname);
		np_elf_release(&elf);
	}

	/* Breadth first, as the loader maps a program's dependencies. */
	for (size_t i = 0; i < out->n; i++) {
		if (out->v[i].via == NP_LOADER_VIA_INTERP)
			continue;
		for (size_t k = 0; k < out->v[i].elf.needed.n; k++) {
			const char *name = out->v[i].elf.needed.v[k];
			struct np_elf elf = {0};
			enum np_loader_via via = NP_LOADER_VIA_DEFAULT;
			size_t via_object = SIZE_MAX, same;
			char *path = NULL, *problem = NULL;
			enum verdict v;

			if (loaded_as(out, name) != SIZE_MAX)
				continue;
			s.want = &out->v[0].elf;
			v = find(&s, i, name, &path, &elf, &problem, &via, &via_object);
			if (v != VERDICT_FOUND) {
				add_missing(out, i, name, problem);
				free(path);
				continue;
			}
			if (stat(path, &st) == 0 && (same = same_file(out, st.st_dev, st.st_ino)) != SIZE_MAX) {
				np_strv_push_unique(&out->v[same].names, name);
				np_elf_release(&elf);
				free(path);
				continue;
			}
			if (out->n == MAX_OBJECTS) {
				np_elf_release(&elf);
				free(path);
				free(s.lib);
				np_loader_closure_release(out);
				return np_error_set(err, NP_EXIT_INPUT, "%s: more than %d libraries to load",
					file, MAX_OBJECTS);
			}
			{
				struct np_loader_object *o = add_object(out);
				o->path = path;
				o->real = np_path_real(path);
				o->elf = elf;
				o->parent = i;
				o->needed = np_xstrdup(name);
				o->via = via;
				o->via_object = via_object;
				o->dev = st.st_dev;
				o->ino = st.st_ino;
				np_strv_push(&o->names, name);
				if (elf.soname)
					np_strv_push_unique(&o->names, elf.soname);
			}
		}
	}
	free(s.lib);
	return true;
}

void
np_loader_closure_release(struct np_loader_closure *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].real);
		free(c->v[i].needed);
		np_elf_release(&c->v[i].elf);
		np_strv_release(&c->v[i].names);
	}
	for (size_t i = 0; i < c->nmissing; i++) {
		free(c->missing[i].name);
		free(c->missing[i].why);
	}
	free(c->v);
	free(c->missing);
	memset(c, 0, sizeof *c);
}
