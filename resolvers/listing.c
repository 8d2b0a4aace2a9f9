/* listing: a binary-cache object's list of entries, its rules, and trees checked against it. */
#include "resolvers/listing.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/hash.h"

/* How many symlinks a link may lead through at its end (libz.so -> libz.so.1 -> ...). */
#define MAX_LINK_HOPS 40

/* The prefix itself, where a symlink to "." or ".." may land. */
static const struct np_listing_entry root_entry = {.path = "", .kind = NP_LISTING_DIR};

static const char *
kind_name(enum np_listing_kind k)
{
	return k == NP_LISTING_DIR ? "directory" : k == NP_LISTING_FILE ? "file" : "symlink";
}

void
np_listing_release(struct np_listing *l)
{
	free(l->v);
	np_index_release(&l->ix);
	*l = (struct np_listing){0};
}

static struct np_listing_entry *
get(const struct np_listing *l, const char *path)
{
	size_t i = np_index_get(&l->ix, path);
	return i == NP_INDEX_NONE ? NULL : &l->v[i];
}

/* A path as the packer writes one: relative, without empty, "." or ".." components. */
static bool
plain(const char *rel)
{
	if (*rel == '\0' || strlen(rel) >= PATH_MAX)
		return false;
	for (const char *c = rel;;) {
		size_t n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '\0')
			return true;
		c++;
	}
}

static struct np_listing_entry *
add(struct np_listing *l, const char *path, enum np_listing_kind kind, const char *reserved,
	struct np_error *err)
{
	struct np_listing_entry *e;

	if (!plain(path)) {
		np_error_set(err, NP_EXIT_UNSAFE, "its manifest lists \"%s\", which is not a path "
			"inside the prefix", path);
		return NULL;
	}
	if (reserved && strcmp(path, reserved) == 0) {
		np_error_set(err, NP_EXIT_UNSAFE, "its manifest lists %s, which only nativepkg writes",
			path);
		return NULL;
	}
	if (get(l, path)) {
		np_error_set(err, NP_EXIT_INPUT, "its manifest lists %s twice", path);
		return NULL;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = np_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	e = &l->v[l->n];
	*e = (struct np_listing_entry){.path = path, .kind = kind};
	l->ix.borrowed = true; /* the manifest's strings outlive the listing */
	np_index_put(&l->ix, path, l->n++);
	return e;
}

/* The string member `key` of obj, or NULL. */
static const char *
get_string(const struct np_json *obj, const char *key)
{
	const struct np_json *v = obj && obj->type == NP_JSON_OBJECT ? np_json_get(obj, key) : NULL;
	return v && v->type == NP_JSON_STRING ? v->str : NULL;
}

/*
 * Where one symlink lands, resolved lexically against the listing from the link's directory;
 * NULL and err when the target is absolute, climbs out of the prefix, passes through a
 * symlink or a file on the way, or names nothing the object holds.
 */
static const struct np_listing_entry *
lands(const struct np_listing *l, const struct np_listing_entry *link, struct np_error *err)
{
	const char *slash = strrchr(link->path, '/');
	const struct np_listing_entry *at = &root_entry;
	struct np_buf dir = {0};
	bool ok = true;

	if (*link->target == '\0' || *link->target == '/') {
		np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s -> %s leaves the prefix", link->path,
			link->target);
		return NULL;
	}
	/* Its own directory is a listed directory (checked before any symlink is). */
	if (slash) {
		np_buf_add(&dir, link->path, (size_t)(slash - link->path));
		at = get(l, dir.data);
	}
	for (const char *c = link->target; *c && at;) {
		size_t n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.')) {
			c += n + (c[n] == '/');
			continue;
		}
		/* Going on from here, ".." included, needs a real directory. */
		if (at->kind != NP_LISTING_DIR) {
			ok = np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s -> %s passes through the "
				"%s %s", link->path, link->target, kind_name(at->kind), at->path);
			break;
		}
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			char *up;
			if (dir.len == 0) {
				ok = np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s -> %s leaves the "
					"prefix", link->path, link->target);
				break;
			}
			up = strrchr(dir.data, '/');
			dir.len = up ? (size_t)(up - dir.data) : 0;
			dir.data[dir.len] = '\0';
			at = dir.len ? get(l, dir.data) : &root_entry;
		} else {
			if (dir.len)
				np_buf_addc(&dir, '/');
			np_buf_add(&dir, c, n);
			if ((at = get(l, dir.data)) == NULL)
				ok = np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s -> %s points to %s, "
					"which the object does not hold", link->path, link->target, dir.data);
		}
		c += n + (c[n] == '/');
	}
	/* Every directory on the way is listed (check() saw to it): NULL here means a refusal. */
	if (ok && at == NULL)
		np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s -> %s leaves the listing", link->path,
			link->target);
	np_buf_release(&dir);
	return ok ? at : NULL;
}

/* The rules of listing.h, once every entry is in. */
static bool
check(const struct np_listing *l, struct np_error *err)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *path = l->v[i].path, *slash = strrchr(path, '/');
		const struct np_listing_entry *p;
		char *parent;
		bool ok = true;
		if (slash == NULL)
			continue;
		parent = np_xstrndup(path, (size_t)(slash - path));
		if ((p = get(l, parent)) == NULL)
			ok = np_error_set(err, NP_EXIT_UNSAFE, "its manifest lists %s but not its "
				"directory %s", path, parent);
		else if (p->kind != NP_LISTING_DIR)
			ok = np_error_set(err, NP_EXIT_UNSAFE, "%s lies under the %s %s", path,
				kind_name(p->kind), parent);
		free(parent);
		if (!ok)
			return false;
	}
	/*
	 * Each symlink is resolved once; then every chain is followed through those landings, so
	 * a manifest of many long chains costs no more than its size.
	 */
	{
		size_t *next = np_xcalloc(l->n + 1, sizeof *next);
		bool ok = true;
		for (size_t i = 0; i < l->n && ok; i++) {
			const struct np_listing_entry *at;
			if (l->v[i].kind != NP_LISTING_LINK)
				continue;
			at = lands(l, &l->v[i], err);
			ok = at != NULL;
			if (ok)
				next[i] = at == &root_entry ? NP_INDEX_NONE : (size_t)(at - l->v);
		}
		for (size_t i = 0; i < l->n && ok; i++) {
			size_t at = i;
			for (int hops = 0; ok && at != NP_INDEX_NONE && l->v[at].kind == NP_LISTING_LINK;
				hops++) {
				if (hops == MAX_LINK_HOPS)
					ok = np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s leads through "
						"more than %d symlinks", l->v[i].path, MAX_LINK_HOPS);
				at = next[at];
			}
		}
		free(next);
		return ok;
	}
}

bool
np_listing_load(struct np_listing *l, const struct np_json *m, const char *reserved,
	struct np_error *err)
{
	const struct np_json *dirs = np_json_get(m, "dirs"), *files = np_json_get(m, "files");
	const struct np_json *links = np_json_get(m, "links");
	struct np_listing_entry *e;

	if (!dirs || dirs->type != NP_JSON_ARRAY || !files || files->type != NP_JSON_ARRAY ||
		!links || links->type != NP_JSON_ARRAY)
		return np_error_set(err, NP_EXIT_INPUT, "its manifest has no \"dirs\", \"files\" and "
			"\"links\" lists");
	for (const struct np_json *d = dirs->child; d; d = d->next) {
		if (d->type != NP_JSON_STRING)
			return np_error_set(err, NP_EXIT_INPUT, "its manifest has a directory that is not "
				"a string");
		if (!add(l, d->str, NP_LISTING_DIR, reserved, err))
			return false;
	}
	for (const struct np_json *f = files->child; f; f = f->next) {
		const char *path = get_string(f, "path"), *sha = get_string(f, "sha256");
		const struct np_json *size = f->type == NP_JSON_OBJECT ? np_json_get(f, "size") : NULL;
		if (!path || !sha || !np_hash_hex_valid(sha) || !size || size->type != NP_JSON_NUMBER ||
			!size->integral || size->num < 0 || size->num > 9007199254740992.0)
			return np_error_set(err, NP_EXIT_INPUT, "its manifest has a malformed file "
				"entry%s%s", path ? " for " : "", path ? path : "");
		if ((e = add(l, path, NP_LISTING_FILE, reserved, err)) == NULL)
			return false;
		e->size = size->num;
		e->sha256 = sha;
	}
	for (const struct np_json *k = links->child; k; k = k->next) {
		const char *path = get_string(k, "path"), *target = get_string(k, "target");
		if (!path || !target)
			return np_error_set(err, NP_EXIT_INPUT, "its manifest has a malformed symlink "
				"entry%s%s", path ? " for " : "", path ? path : "");
		if ((e = add(l, path, NP_LISTING_LINK, reserved, err)) == NULL)
			return false;
		e->target = target;
	}
	return check(l, err);
}

/* --- reading files without following symlinks ------------------------------------------- */

/* Whether needle[0..m) occurs in hay[0..n). */
static bool
has_bytes(const char *hay, size_t n, const char *needle, size_t m)
{
	const char *p = hay, *end = hay + n;

	if (m == 0 || m > n)
		return false;
	while ((size_t)(end - p) >= m && (p = memchr(p, needle[0], (size_t)(end - p) - m + 1))) {
		if (memcmp(p, needle, m) == 0)
			return true;
		p++;
	}
	return false;
}

const char *
np_listing_secret_in(const struct np_strv *secrets, const char *data, size_t n)
{
	for (size_t i = 0; secrets && i < secrets->n; i++)
		if (has_bytes(data, n, secrets->v[i], strlen(secrets->v[i])))
			return secrets->v[i];
	return NULL;
}

/*
 * Opens the regular file at path without following a symlink there and reads it through: its
 * stat (*st), its sha256, and (with `secrets`) which secret it holds (*hit, else NULL).
 */
static bool
read_file(const char *path, const char *rel, const struct np_strv *secrets, struct stat *st,
	char hex[NP_HASH_HEX_LEN + 1], const char **hit, struct np_error *err)
{
	size_t keep = 0, carry = 0;
	struct np_hash *h = NULL;
	char *buf = NULL;
	bool ok = false;
	ssize_t n;
	int fd;

	*hit = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, st) != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot read %s: %s", rel, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		np_error_set(err, NP_EXIT_UNSAFE, "%s is not a regular file", rel);
		goto out;
	}
	if ((h = np_hash_new(err)) == NULL)
		goto out;
	/* A secret split across two reads is found too: the last bytes of one are kept. */
	for (size_t i = 0; secrets && i < secrets->n; i++)
		if (strlen(secrets->v[i]) > keep + 1)
			keep = strlen(secrets->v[i]) - 1;
	buf = np_xmalloc(keep + 65536);
	for (;;) {
		n = read(fd, buf + carry, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot read %s: %s", rel, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		np_hash_update(h, buf + carry, (size_t)n);
		if (*hit == NULL)
			*hit = np_listing_secret_in(secrets, buf, carry + (size_t)n);
		if (keep) {
			size_t have = carry + (size_t)n;
			carry = have < keep ? have : keep;
			memmove(buf, buf + have - carry, carry);
		}
	}
	ok = true;
out:
	if (h)
		np_hash_finish(h, hex); /* which also frees it */
	if (fd >= 0)
		close(fd);
	free(buf);
	return ok;
}

/* --- walking a tree without following symlinks ------------------------------------------- */

/* Called for each entry (lstat'ed) under the root, parents first. */
typedef bool (*visit_fn)(void *data, const char *rel, const char *path, const struct stat *st,
	struct np_error *err);

static bool
walk(const char *root, const char *rel, visit_fn visit, void *data, struct np_error *err)
{
	char *dir = *rel ? np_path_join(root, rel) : np_xstrdup(root);
	struct np_strv names = {0};
	bool ok = true;

	if (!np_fs_list(dir, true, &names))
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot read %s: %s", *rel ? rel : dir,
			strerror(errno));
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, np_strv_cmp);
	for (size_t i = 0; i < names.n && ok; i++) {
		char *child = *rel ? np_xasprintf("%s/%s", rel, names.v[i]) : np_xstrdup(names.v[i]);
		char *path = np_path_join(root, child);
		struct stat st;
		if (lstat(path, &st) != 0)
			ok = np_error_set(err, NP_EXIT_FAILURE, "cannot read %s: %s", child,
				strerror(errno));
		else
			ok = visit(data, child, path, &st, err);
		/* Only real directories are entered: lstat said so. */
		if (ok && S_ISDIR(st.st_mode))
			ok = walk(root, child, visit, data, err);
		free(child);
		free(path);
	}
	np_strv_release(&names);
	free(dir);
	return ok;
}

static bool
kind_of(const struct stat *st, enum np_listing_kind *kind)
{
	if (S_ISDIR(st->st_mode))
		*kind = NP_LISTING_DIR;
	else if (S_ISREG(st->st_mode))
		*kind = NP_LISTING_FILE;
	else if (S_ISLNK(st->st_mode))
		*kind = NP_LISTING_LINK;
	else
		return false;
	return true;
}

/* The symlink's target into buf (PATH_MAX bytes). */
static bool
read_link(const char *path, const char *rel, char *buf, struct np_error *err)
{
	ssize_t n = readlink(path, buf, PATH_MAX - 1);

	if (n < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot read the symlink %s: %s", rel,
			strerror(errno));
	buf[n] = '\0';
	return true;
}

static bool
match_entry(void *data, const char *rel, const char *path, const struct stat *st,
	struct np_error *err)
{
	struct np_listing *l = data;
	struct np_listing_entry *e = get(l, rel);
	char hex[NP_HASH_HEX_LEN + 1], target[PATH_MAX];
	enum np_listing_kind kind;
	const char *hit;
	struct stat fst;

	if (!kind_of(st, &kind))
		return np_error_set(err, NP_EXIT_UNSAFE, "the archive holds %s, which is not a file, "
			"directory or symlink", rel);
	if (e == NULL)
		return np_error_set(err, NP_EXIT_UNSAFE, "the archive holds the %s %s, which its "
			"manifest does not list", kind_name(kind), rel);
	if (e->kind != kind)
		return np_error_set(err, NP_EXIT_UNSAFE, "%s is a %s in the archive but a %s in its "
			"manifest", rel, kind_name(kind), kind_name(e->kind));
	e->seen = true;
	if (kind == NP_LISTING_LINK) {
		if (!read_link(path, rel, target, err))
			return false;
		if (strcmp(target, e->target) != 0)
			return np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s points to %s in the "
				"archive but to %s in its manifest", rel, target, e->target);
	} else if (kind == NP_LISTING_FILE) {
		if (!read_file(path, rel, NULL, &fst, hex, &hit, err))
			return false;
		if ((double)fst.st_size != e->size)
			return np_error_set(err, NP_EXIT_INTEGRITY, "%s is %lld bytes, but its manifest "
				"says %.0f", rel, (long long)fst.st_size, e->size);
		if (strcmp(hex, e->sha256) != 0)
			return np_error_set(err, NP_EXIT_INTEGRITY, "%s does not match its manifest: "
				"sha256 %s, expected %s", rel, hex, e->sha256);
	}
	return true;
}

bool
np_listing_match(struct np_listing *l, const char *dir, struct np_error *err)
{
	for (size_t i = 0; i < l->n; i++)
		l->v[i].seen = false;
	if (!walk(dir, "", match_entry, l, err))
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].seen)
			return np_error_set(err, NP_EXIT_INTEGRITY, "its manifest lists the %s %s, which "
				"the archive does not hold", kind_name(l->v[i].kind), l->v[i].path);
	return true;
}

/* What np_listing_describe fills. */
struct description {
	struct np_json *dirs, *files, *links;
	const char *skip;
	const struct np_strv *secrets;
};

static bool
describe_entry(void *data, const char *rel, const char *path, const struct stat *st,
	struct np_error *err)
{
	struct description *d = data;
	char hex[NP_HASH_HEX_LEN + 1], target[PATH_MAX];
	enum np_listing_kind kind;
	const char *hit;
	struct stat fst;
	struct np_json *e;

	if (d->skip && strcmp(rel, d->skip) == 0)
		return true;
	if (!kind_of(st, &kind))
		return np_error_set(err, NP_EXIT_UNSAFE, "%s is not a file, directory or symlink", rel);
	if (np_listing_secret_in(d->secrets, rel, strlen(rel)))
		return np_error_set(err, NP_EXIT_UNSAFE, "the name %s holds a credential", rel);
	switch (kind) {
	case NP_LISTING_DIR:
		np_json_add(d->dirs, NULL, np_json_new_string(rel));
		break;
	case NP_LISTING_LINK:
		if (!read_link(path, rel, target, err))
			return false;
		if (np_listing_secret_in(d->secrets, target, strlen(target)))
			return np_error_set(err, NP_EXIT_UNSAFE, "the symlink %s holds a credential", rel);
		e = np_json_add(d->links, NULL, np_json_new(NP_JSON_OBJECT));
		np_json_add_string(e, "path", rel);
		np_json_add_string(e, "target", target);
		break;
	case NP_LISTING_FILE:
		if (!read_file(path, rel, d->secrets, &fst, hex, &hit, err))
			return false;
		if (hit)
			return np_error_set(err, NP_EXIT_UNSAFE, "%s holds a credential (a URL's password "
				"or the binary-cache token)", rel);
		e = np_json_add(d->files, NULL, np_json_new(NP_JSON_OBJECT));
		np_json_add_string(e, "path", rel);
		np_json_add(e, "size", np_json_new_number((double)fst.st_size));
		np_json_add_string(e, "sha256", hex);
		break;
	}
	return true;
}

bool
np_listing_describe(const char *dir, const char *skip, const struct np_strv *secrets,
	struct np_json *m, struct np_error *err)
{
	struct description d = {.skip = skip, .secrets = secrets};

	d.dirs = np_json_add(m, "dirs", np_json_new(NP_JSON_ARRAY));
	d.files = np_json_add(m, "files", np_json_new(NP_JSON_ARRAY));
	d.links = np_json_add(m, "links", np_json_new(NP_JSON_ARRAY));
	return walk(dir, "", describe_entry, &d, err);
}
