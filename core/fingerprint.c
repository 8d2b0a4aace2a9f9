/* fingerprint: file identities for the lock, with a stat cache in front of the hashing. */
#include "core/fingerprint.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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
	/* Newest first: a file hashed again was appended after its old entry. */
	for (size_t i = c->n; i-- > 0;)
		if (strcmp(c->v[i].path, path) == 0)
			return &c->v[i];
	return NULL;
}

static bool
parse_line(char *line, struct np_stat_entry *e)
{
	int used = 0;

	if (strlen(line) < NP_HASH_HEX_LEN + 2 || line[NP_HASH_HEX_LEN] != ' ')
		return false;
	memcpy(e->sha256, line, NP_HASH_HEX_LEN);
	e->sha256[NP_HASH_HEX_LEN] = '\0';
	if (sscanf(line + NP_HASH_HEX_LEN + 1, "%" SCNd64 " %" SCNu64 " %" SCNu64 " %" SCNd64
		" %" SCNd64 " %" SCNd64 " %" SCNd64 " %n", &e->size, &e->dev, &e->ino, &e->mtime_s,
		&e->mtime_ns, &e->ctime_s, &e->ctime_ns, &used) != 7 || used == 0)
		return false;
	line += NP_HASH_HEX_LEN + 1 + used;
	if (*line != '/')
		return false;
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
		c->v = np_xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
		c->v[c->n++] = e;
	}
	np_strv_release(&lines);
	np_buf_release(&text);
}

void
np_statcache_save(struct np_statcache *c)
{
	struct np_buf text = {0};
	char *dir;

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
	/* Kept beside what it speeds up: no directory, no cache (it is created by a resolve). */
	dir = np_path_dirname(c->file);
	if (np_fs_is_dir(dir))
		np_fs_write_atomic(c->file, text.data, text.len, NULL);
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
	struct np_stat_entry *e;

	if (strchr(real, '\n'))
		return;
	c->v = np_xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	e = &c->v[c->n++];
	e->path = np_xstrdup(real);
	e->dev = (uint64_t)st->st_dev;
	e->ino = (uint64_t)st->st_ino;
	e->size = (int64_t)st->st_size;
	e->mtime_s = (int64_t)st->st_mtim.tv_sec;
	e->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
	e->ctime_s = (int64_t)st->st_ctim.tv_sec;
	e->ctime_ns = (int64_t)st->st_ctim.tv_nsec;
	memcpy(e->sha256, sha, NP_HASH_HEX_LEN + 1);
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

char *
np_fingerprint_check(struct np_statcache *c, const struct np_fingerprint *want)
{
	char *real = np_path_real(want->path), *why = NULL;
	char sha[NP_HASH_HEX_LEN + 1];
	struct np_error err = {0};
	struct stat st;

	if (real == NULL || stat(real, &st) != 0)
		why = np_xasprintf("%s no longer exists", want->path);
	else if (strcmp(real, want->real) != 0)
		why = np_xasprintf("%s now resolves to %s, not %s", want->path, real, want->real);
	else if ((int64_t)st.st_size != want->size)
		why = np_xasprintf("%s changed: %lld bytes, locked with %lld", want->real,
			(long long)st.st_size, (long long)want->size);
	else if (!digest(c, real, &st, sha, &err))
		why = np_xasprintf("%s cannot be read: %s", want->real, err.msg);
	else if (strcmp(sha, want->sha256) != 0)
		why = np_xasprintf("%s changed: sha256 %.12s..., locked with %.12s...", want->real, sha,
			want->sha256);
	np_error_release(&err);
	free(real);
	return why;
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
