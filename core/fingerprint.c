/* fingerprint: file identities for the lock, with a stat cache in front of the hashing. */
#include "core/fingerprint.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/strv.h"

#define STATCACHE_HEADER "nativepkg stat cache 1\n"
#define STATCACHE_MAX_BYTES (64u << 20)

struct np_stat_entry {
	char *path; /* a real path */
	uint64_t dev, ino;
	int64_t size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
	char sha256[NP_HASH_HEX_LEN + 1];
};

static bool
same_identity(const struct np_stat_entry *e, const struct stat *st)
{
	return e->dev == (uint64_t)st->st_dev && e->ino == (uint64_t)st->st_ino &&
		e->size == (int64_t)st->st_size && e->mtime_s == (int64_t)st->st_mtim.tv_sec &&
		e->mtime_ns == (int64_t)st->st_mtim.tv_nsec && e->ctime_s == (int64_t)st->st_ctim.tv_sec &&
		e->ctime_ns == (int64_t)st->st_ctim.tv_nsec;
}

static struct np_stat_entry *
find(struct np_statcache *c, const char *path)
{
	size_t i = np_index_get(&c->ix, path);
	return i == NP_INDEX_NONE ? NULL : &c->v[i];
}

/* Appends e; the path now finds it (a file hashed again supersedes its old entry). */
static void
append(struct np_statcache *c, const struct np_stat_entry *e)
{
	c->v = np_xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	np_index_put(&c->ix, e->path, c->n);
	c->v[c->n++] = *e;
}

/* One decimal field and the space after it; false when there is none. */
static bool
field(char **p, uint64_t *out)
{
	char *end;

	if (**p < '0' || **p > '9')
		return false;
	*out = strtoull(*p, &end, 10);
	if (*end != ' ')
		return false;
	*p = end + 1;
	return true;
}

static bool
parse_line(char *line, struct np_stat_entry *e)
{
	uint64_t v[7] = {0};

	if (strlen(line) < NP_HASH_HEX_LEN + 2 || line[NP_HASH_HEX_LEN] != ' ')
		return false;
	memcpy(e->sha256, line, NP_HASH_HEX_LEN);
	e->sha256[NP_HASH_HEX_LEN] = '\0';
	line += NP_HASH_HEX_LEN + 1;
	for (size_t i = 0; i < 7; i++)
		if (!field(&line, &v[i]))
			return false;
	if (*line != '/')
		return false;
	e->size = (int64_t)v[0];
	e->dev = v[1];
	e->ino = v[2];
	e->mtime_s = (int64_t)v[3];
	e->mtime_ns = (int64_t)v[4];
	e->ctime_s = (int64_t)v[5];
	e->ctime_ns = (int64_t)v[6];
	e->path = np_xstrdup(line);
	return true;
}

void
np_statcache_open(struct np_statcache *c, const char *file)
{
	struct np_buf text = {0};
	struct np_strv lines = {0};

	memset(c, 0, sizeof *c);
	c->file = file ? np_xstrdup(file) : NULL;
	if (file == NULL || !np_fs_read(file, STATCACHE_MAX_BYTES, &text, NULL) ||
		strncmp(np_buf_str(&text), STATCACHE_HEADER, strlen(STATCACHE_HEADER)) != 0) {
		np_buf_release(&text);
		return;
	}
	np_strv_split(&lines, np_buf_str(&text) + strlen(STATCACHE_HEADER), "\n");
	for (size_t i = 0; i < lines.n; i++) {
		struct np_stat_entry e = {0};
		if (!parse_line(lines.v[i], &e))
			continue; /* a damaged line only costs a hash */
		append(c, &e);
	}
	np_strv_release(&lines);
	np_buf_release(&text);
}

void
np_statcache_save(struct np_statcache *c)
{
	struct np_buf text = {0};
	char *dir;
	int fd;

	if (c->file == NULL || !c->dirty)
		return;
	np_buf_adds(&text, STATCACHE_HEADER);
	for (size_t i = 0; i < c->n; i++) {
		const struct np_stat_entry *e = &c->v[i];
		if (find(c, e->path) != e)
			continue; /* superseded */
		np_buf_addf(&text, "%s %" PRId64 " %" PRIu64 " %" PRIu64 " %" PRId64 " %" PRId64 " %"
			PRId64 " %" PRId64 " %s\n", e->sha256, e->size, e->dev, e->ino, e->mtime_s,
			e->mtime_ns, e->ctime_s, e->ctime_ns, e->path);
	}
	/* Kept beside what it speeds up: no directory, no cache (it is created by a resolve); a
	 * directory that is a symlink takes no write. */
	dir = np_path_dirname(c->file);
	fd = np_fs_open_own_dir(dir, "", false, NULL);
	if (fd >= 0) {
		np_fs_write_atomic_at(fd, np_path_basename(c->file), c->file, text.data, text.len, NULL);
		close(fd);
	}
	free(dir);
	np_buf_release(&text);
	c->dirty = false;
}

void
np_statcache_close(struct np_statcache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
	free(c->file);
	np_index_release(&c->ix);
	memset(c, 0, sizeof *c);
}

/*
 * A file changed within the last second could change again without its times moving (coarse
 * timestamps): such a hash is used but not remembered.
 */
static bool
settled(const struct stat *st)
{
	time_t now = time(NULL);
	time_t newest = st->st_mtim.tv_sec > st->st_ctim.tv_sec ? st->st_mtim.tv_sec : st->st_ctim.tv_sec;
	return now - newest >= 2;
}

static void
remember(struct np_statcache *c, const char *real, const struct stat *st, const char *sha)
{
	struct np_stat_entry e;

	if (strchr(real, '\n'))
		return;
	e.path = np_xstrdup(real);
	e.dev = (uint64_t)st->st_dev;
	e.ino = (uint64_t)st->st_ino;
	e.size = (int64_t)st->st_size;
	e.mtime_s = (int64_t)st->st_mtim.tv_sec;
	e.mtime_ns = (int64_t)st->st_mtim.tv_nsec;
	e.ctime_s = (int64_t)st->st_ctim.tv_sec;
	e.ctime_ns = (int64_t)st->st_ctim.tv_nsec;
	memcpy(e.sha256, sha, NP_HASH_HEX_LEN + 1);
	append(c, &e);
	c->dirty = true;
}

/* The SHA-256 of real (whose stat is st), from the cache when its identity is unchanged. */
static bool
digest(struct np_statcache *c, const char *real, const struct stat *st,
	char sha[NP_HASH_HEX_LEN + 1], struct np_error *err)
{
	struct np_stat_entry *e = c ? find(c, real) : NULL;

	if (e && same_identity(e, st)) {
		memcpy(sha, e->sha256, NP_HASH_HEX_LEN + 1);
		return true;
	}
	if (!np_hash_file(real, sha, err))
		return false;
	if (c && settled(st))
		remember(c, real, st, sha);
	return true;
}

bool
np_fingerprint_file(struct np_statcache *c, const char *path, struct np_fingerprint *out,
	struct np_error *err)
{
	char *real = np_path_real(path);
	struct stat st;

	memset(out, 0, sizeof *out);
	if (real == NULL || stat(real, &st) != 0) {
		free(real);
		return np_error_set(err, NP_EXIT_FAILURE, "cannot fingerprint '%s': %s", path,
			strerror(errno ? errno : ENOENT));
	}
	if (!digest(c, real, &st, out->sha256, err)) {
		free(real);
		return false;
	}
	out->path = np_xstrdup(path);
	out->real = real;
	out->size = (int64_t)st.st_size;
	return true;
}

/*
 * Whether path still leads to the file `real` names: the same device and inode. Two stats
 * instead of resolving every component of the path (a readlink each) on every warm run.
 */
static bool
same_file(const char *path, const char *real, const struct stat *at_path)
{
	struct stat st;

	if (strcmp(path, real) == 0)
		return true;
	return stat(real, &st) == 0 && st.st_dev == at_path->st_dev && st.st_ino == at_path->st_ino;
}

char *
np_fingerprint_check(struct np_statcache *c, const struct np_fingerprint *want)
{
	char *why = NULL, sha[NP_HASH_HEX_LEN + 1];
	struct np_error err = {0};
	struct stat st;

	if (stat(want->path, &st) != 0) {
		why = np_xasprintf("%s no longer exists", want->path);
	} else if (!same_file(want->path, want->real, &st)) {
		char *real = np_path_real(want->path);
		why = np_xasprintf("%s now resolves to %s, not %s", want->path, real ? real : "?",
			want->real);
		free(real);
	} else if ((int64_t)st.st_size != want->size) {
		why = np_xasprintf("%s changed: %lld bytes, locked with %lld", want->real,
			(long long)st.st_size, (long long)want->size);
	} else if (!digest(c, want->real, &st, sha, &err)) {
		why = np_xasprintf("%s cannot be read: %s", want->real, err.msg);
	} else if (strcmp(sha, want->sha256) != 0) {
		why = np_xasprintf("%s changed: sha256 %.12s..., locked with %.12s...", want->real, sha,
			want->sha256);
	}
	np_error_release(&err);
	return why;
}

bool
np_fingerprint_digest(struct np_statcache *c, const char *path, char sha[NP_HASH_HEX_LEN + 1],
	struct np_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path, strerror(errno));
	return digest(c, path, &st, sha, err);
}

void
np_fingerprint_copy(struct np_fingerprint *dst, const struct np_fingerprint *src)
{
	dst->path = np_xstrdup(src->path);
	dst->real = np_xstrdup(src->real);
	dst->size = src->size;
	memcpy(dst->sha256, src->sha256, sizeof dst->sha256);
}

void
np_fingerprint_release(struct np_fingerprint *f)
{
	free(f->path);
	free(f->real);
	memset(f, 0, sizeof *f);
}

void
np_fingerprints_push(struct np_fingerprints *l, struct np_fingerprint *f)
{
	l->v = np_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = *f;
	memset(f, 0, sizeof *f);
}

void
np_fingerprints_release(struct np_fingerprints *l)
{
	for (size_t i = 0; i < l->n; i++)
		np_fingerprint_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}
