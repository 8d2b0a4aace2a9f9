/* fs: bounded reads, atomic writes, directory helpers. */
#include "core/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"

/* Reads fd (closed here) into out; path only names it in errors. */
static bool
read_fd(int fd, const char *path, size_t max, struct np_buf *out, struct np_error *err)
{
	struct stat st;
	bool sized = false;
	ssize_t n;

	/* Straight into the buffer: a small file in one read; a large one sized by fstat after the
	 * first (a large lock in one more read instead of a hundred copies of 16 KiB). */
	np_buf_reserve(out, 16384);
	/* Terminated from the start: an empty file reads as "" (a fresh buffer holds garbage). */
	out->data[out->len] = '\0';
	for (;;) {
		if (!sized && out->len >= 16384) {
			sized = true;
			if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size < max &&
				(size_t)st.st_size >= out->len)
				np_buf_reserve(out, (size_t)st.st_size - out->len + 1);
		}
		if (out->cap - out->len - 1 == 0)
			np_buf_reserve(out, out->cap);
		n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path, strerror(errno));
			close(fd);
			return false;
		}
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len > max) {
			close(fd);
			return np_error_set(err, NP_EXIT_INPUT, "%s: file is larger than %zu bytes", path,
				max);
		}
	}
	close(fd);
	return true;
}

bool
np_fs_read(const char *path, size_t max, struct np_buf *out, struct np_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	np_buf_reset(out);
	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", path, strerror(errno));
	return read_fd(fd, path, max, out, err);
}

static bool
write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

bool
np_fs_write_atomic_at(int dir, const char *name, const char *shown, const void *data,
	size_t len, struct np_error *err)
{
	char *tmp = NULL;
	int fd = -1;
	bool ok = false;
	struct timespec ts;

	/* Unique per process and call, in the destination directory so rename(2) is atomic. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	tmp = np_xasprintf("%s.tmp.%ld.%ld", name, (long)getpid(), (long)ts.tv_nsec);
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot create '%s.tmp.%ld.%ld': %s", shown,
			(long)getpid(), (long)ts.tv_nsec, strerror(errno));
		goto out;
	}
	if (!write_all(fd, data, len)) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot write '%s': %s", shown, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		np_error_set(err, NP_EXIT_FAILURE, "cannot write '%s': %s", shown, strerror(errno));
		goto out;
	}
	fd = -1;
	/* rename replaces whatever is at name, a symlink included, without following it. */
	if (renameat(dir, tmp, dir, name) != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot replace '%s': %s", shown, strerror(errno));
		goto out;
	}
	ok = true;
out:
	if (fd >= 0)
		close(fd);
	if (!ok && tmp)
		unlinkat(dir, tmp, 0);
	free(tmp);
	return ok;
}

bool
np_fs_write_atomic(const char *path, const void *data, size_t len, struct np_error *err)
{
	return np_fs_write_atomic_at(AT_FDCWD, path, path, data, len, err);
}

bool
np_fs_update_at(int dir, const char *name, const char *shown, const void *data, size_t len,
	bool *changed, struct np_error *err)
{
	struct np_buf old = {0};
	struct np_error ignored = {0};
	/* A symlink is never read through: it is "different", and replaced by the file. */
	int fd = openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	bool same;

	/* Reading len + 1 bytes at most tells "equal" from "longer" without reading a big file. */
	same = fd >= 0 && read_fd(fd, shown, len + 1, &old, &ignored) && old.len == len &&
		memcmp(old.data, data, len) == 0;
	np_buf_release(&old);
	np_error_release(&ignored);
	if (changed)
		*changed = !same;
	return same || np_fs_write_atomic_at(dir, name, shown, data, len, err);
}

bool
np_fs_update(const char *path, const void *data, size_t len, bool *changed, struct np_error *err)
{
	return np_fs_update_at(AT_FDCWD, path, path, data, len, changed, err);
}

void
np_fs_stamp(const char *path, struct np_fs_stamp *out)
{
	struct stat st;

	memset(out, 0, sizeof *out);
	if (stat(path, &st) != 0)
		return;
	out->exists = true;
	out->dev = (unsigned long long)st.st_dev;
	out->ino = (unsigned long long)st.st_ino;
	out->size = (unsigned long long)st.st_size;
	out->mtime_s = (long long)st.st_mtim.tv_sec;
	out->mtime_ns = (long long)st.st_mtim.tv_nsec;
	out->ctime_s = (long long)st.st_ctim.tv_sec;
	out->ctime_ns = (long long)st.st_ctim.tv_nsec;
}

bool
np_fs_stamp_equal(const struct np_fs_stamp *a, const struct np_fs_stamp *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
		a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
		a->ctime_ns == b->ctime_ns;
}

void
np_fs_stamp_add(struct np_buf *out, const struct np_fs_stamp *st)
{
	const long long times[] = {st->mtime_s, st->mtime_ns, st->ctime_s, st->ctime_ns};

	np_buf_add_uint(out, st->dev);
	np_buf_addc(out, ' ');
	np_buf_add_uint(out, st->ino);
	np_buf_addc(out, ' ');
	np_buf_add_uint(out, st->size);
	for (size_t i = 0; i < 4; i++) {
		np_buf_addc(out, ' ');
		np_buf_add_int(out, times[i]);
	}
}

const char *
np_fs_stamp_skip(const char *line)
{
	for (int field = 0; field < 7 && line; field++)
		line = strchr(line, ' ') ? strchr(line, ' ') + 1 : NULL;
	return line;
}

/* One of the stamp's numbers at *at, then its separator; false when there is none. */
static bool
stamp_number(const char **at, long long *out)
{
	const char *p = *at;
	bool negative = *p == '-';
	unsigned long long v = 0;

	p += negative;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (~0ULL - 9) / 10)
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (*p != ' ')
		return false;
	*at = p + 1;
	*out = negative ? -(long long)v : (long long)v;
	return true;
}

bool
np_fs_stamp_holds(const char *line, const char *path)
{
	struct np_fs_stamp now;
	long long v[7];

	for (size_t i = 0; i < 7; i++)
		if (!stamp_number(&line, &v[i]))
			return false;
	np_fs_stamp(path, &now);
	return (unsigned long long)v[0] == now.dev && (unsigned long long)v[1] == now.ino &&
		(unsigned long long)v[2] == now.size && v[3] == now.mtime_s && v[4] == now.mtime_ns &&
		v[5] == now.ctime_s && v[6] == now.ctime_ns;
}

bool
np_fs_mkdirs(const char *path, struct np_error *err)
{
	char *p;
	bool ok = true;

	/* The common case, an existing directory, costs one stat. */
	if (np_fs_is_dir(path))
		return true;
	p = np_xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char saved = *s;
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				ok = np_error_set(err, NP_EXIT_FAILURE, "cannot create directory '%s': %s", p,
					strerror(errno));
				break;
			}
			*s = saved;
			if (saved == '\0')
				break;
		}
	}
	if (ok && !np_fs_is_dir(path))
		ok = np_error_set(err, NP_EXIT_FAILURE, "'%s' exists and is not a directory", path);
	free(p);
	return ok;
}

static bool
remove_at(int parent, const char *name, const char *shown, struct np_error *err)
{
	struct stat st;
	int fd;
	DIR *dir;
	struct dirent *e;
	bool ok = true;

	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? true
				       : np_error_set(err, NP_EXIT_FAILURE, "cannot stat '%s': %s", shown,
						 strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (unlinkat(parent, name, 0) != 0 && errno != ENOENT)
			return np_error_set(err, NP_EXIT_FAILURE, "cannot remove '%s': %s", shown,
				strerror(errno));
		return true;
	}
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", shown, strerror(errno));
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return np_error_set(err, NP_EXIT_FAILURE, "cannot list '%s': %s", shown, strerror(errno));
	}
	while (ok && (e = readdir(dir)) != NULL) {
		char *child;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		child = np_path_join(shown, e->d_name);
		ok = remove_at(dirfd(dir), e->d_name, child, err);
		free(child);
	}
	closedir(dir);
	if (ok && unlinkat(parent, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot remove '%s': %s", shown, strerror(errno));
	return ok;
}

bool
np_fs_remove_tree(const char *path, struct np_error *err)
{
	return remove_at(AT_FDCWD, path, path, err);
}

/* Why the component `name` of dir could not be opened as a directory: a symlink is named so. */
static bool
open_below_error(int dir, const char *name, const char *shown, int e, struct np_error *err)
{
	struct stat st;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return np_error_set(err, NP_EXIT_FAILURE, "'%s' is a symbolic link: nativepkg does not "
			"write through one (remove it; the next run makes a directory)", shown);
	return np_error_set(err, NP_EXIT_FAILURE, "cannot open directory '%s': %s", shown,
		strerror(e));
}

int
np_fs_open_dir_below(int dir, const char *dir_shown, const char *rel, bool create,
	struct np_error *err)
{
	char *copy = np_xstrdup(rel), *name, *save = NULL;
	struct np_buf shown = {0};
	int fd = fcntl(dir, F_DUPFD_CLOEXEC, 0);

	np_buf_adds(&shown, dir_shown);
	if (fd < 0)
		np_error_set(err, NP_EXIT_FAILURE, "cannot open directory '%s': %s", dir_shown,
			strerror(errno));
	for (name = strtok_r(copy, "/", &save); name && fd >= 0; name = strtok_r(NULL, "/", &save)) {
		int next;
		np_buf_addf(&shown, "/%s", name);
		if (strcmp(name, "..") == 0) {
			np_error_set(err, NP_EXIT_FAILURE, "'%s': a path below a directory has no '..'",
				np_buf_str(&shown));
			close(fd);
			fd = -1;
			break;
		}
		if (create && mkdirat(fd, name, 0777) != 0 && errno != EEXIST) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot create directory '%s': %s",
				np_buf_str(&shown), strerror(errno));
			close(fd);
			fd = -1;
			break;
		}
		/* O_NOFOLLOW: a symlink here fails (ELOOP), whatever it points at. */
		next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			open_below_error(fd, name, np_buf_str(&shown), errno, err);
		close(fd);
		fd = next;
	}
	np_buf_release(&shown);
	free(copy);
	return fd;
}

int
np_fs_open_own_dir(const char *dir, const char *rel, bool create, struct np_error *err)
{
	int root, fd;

	if (create && mkdir(dir, 0777) != 0 && errno != EEXIST) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot create directory '%s': %s", dir,
			strerror(errno));
		return -1;
	}
	root = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (root < 0) {
		char *parent = np_path_dirname(dir);
		int up = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e = errno;
		if (up >= 0)
			open_below_error(up, np_path_basename(dir), dir, e, err);
		else
			np_error_set(err, NP_EXIT_FAILURE, "cannot open directory '%s': %s", dir,
				strerror(e));
		if (up >= 0)
			close(up);
		free(parent);
		return -1;
	}
	if (*rel == '\0')
		return root;
	fd = np_fs_open_dir_below(root, dir, rel, create, err);
	close(root);
	return fd;
}

/* The names in the directory d (closed here); see np_fs_list. */
static bool
list_dir(DIR *d, bool hidden, struct np_strv *names)
{
	struct dirent *e;

	if (d == NULL)
		return false;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (n[0] == '.' && (!hidden || n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
			continue;
		np_strv_push(names, n);
	}
	closedir(d);
	return true;
}

bool
np_fs_list(const char *dir, bool hidden, struct np_strv *names)
{
	return list_dir(opendir(dir), hidden, names);
}

bool
np_fs_list_at(int dir, bool hidden, struct np_strv *names)
{
	int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (d == NULL && fd >= 0)
		close(fd);
	return list_dir(d, hidden, names);
}

bool
np_fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool
np_fs_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool
np_fs_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

char *
np_path_join(const char *a, const char *b)
{
	size_t n = strlen(a), m;
	char *out;

	if (*b == '/' || n == 0)
		return np_xstrdup(b);
	m = strlen(b);
	out = np_xmalloc(n + 1 + m + 1);
	memcpy(out, a, n);
	if (a[n - 1] != '/')
		out[n++] = '/';
	memcpy(out + n, b, m + 1);
	return out;
}

char *
np_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return np_xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return np_xstrdup("/");
	return np_xstrndup(path, (size_t)(slash - path));
}

const char *
np_path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

bool
np_path_is_below(const char *rel)
{
	if (*rel == '\0' || *rel == '/')
		return false;
	for (const char *c = rel; *c;) {
		size_t n = strcspn(c, "/");
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return false;
		c += n;
		c += *c == '/';
	}
	return true;
}

char *
np_path_real(const char *path)
{
	char *r = realpath(path, NULL);
	char *copy;

	if (r == NULL)
		return NULL;
	copy = np_xstrdup(r); /* keep every allocation in the np_x family */
	free(r);
	return copy;
}

char *
np_path_absolute(const char *path)
{
	char cwd[PATH_MAX];

	if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return np_xstrdup(path);
	return np_path_join(cwd, path);
}

char *
np_path_self_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	return np_xstrndup(buf, (size_t)n);
}
