/* cache: layout, locks and seeding of nativepkg's cache. */
#include "core/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/trust.h"

/* The directories of the cache and the modes nativepkg gives them when it creates them. */
static const struct {
	const char *path;
	mode_t mode;
} subdirs[] = {
	{"downloads", 0700}, {"downloads/sha256", 0700}, {"builds", 0755}, {"logs", 0700},
	{"locks", 0700}, {"tmp", 0700}, {"compilers", 0700},
};

/*
 * mkdir -p, the last component with `mode` and the others 0755. The umask can only take bits
 * away, so nothing nativepkg creates is writable by others (the trust check would refuse it).
 */
static bool
make_dir(const char *path, mode_t mode, struct np_error *err)
{
	char *p;
	bool ok = true;

	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return true;
	p = np_xstrdup(path);
	for (char *s = p + 1; ok; s++) {
		if (*s == '/' || *s == '\0') {
			char saved = *s;
			*s = '\0';
			if (mkdir(p, saved ? 0755 : mode) != 0 && errno != EEXIST)
				ok = np_error_set(err, NP_EXIT_FAILURE, "cannot create directory %s: %s", p,
					strerror(errno));
			*s = saved;
			if (saved == '\0')
				break;
		}
	}
	free(p);
	return ok;
}

bool
np_cache_open(struct np_cache *c, struct np_inputs *in, struct np_error *err)
{
	const char *dir = np_inputs_getenv(in, "NATIVEPKG_CACHE_DIR"), *base, *from;
	bool ok = true;

	if (dir) {
		c->root = np_path_absolute(dir);
		from = "NATIVEPKG_CACHE_DIR";
	} else if ((base = np_inputs_getenv(in, "XDG_CACHE_HOME")) != NULL) {
		c->root = np_xasprintf("%s/nativepkg", base);
		from = "XDG_CACHE_HOME";
	} else if ((base = np_inputs_getenv(in, "HOME")) != NULL) {
		c->root = np_xasprintf("%s/.cache/nativepkg", base);
		from = "HOME";
	} else {
		return np_error_set(err, NP_EXIT_FAILURE,
			"no cache directory: set NATIVEPKG_CACHE_DIR (or HOME)");
	}
	/* Created first, then checked: whatever was there before, the check sees what is used. */
	ok = make_dir(c->root, 0755, err) && np_trust_dir(c->root, err);
	for (size_t i = 0; ok && i < sizeof subdirs / sizeof *subdirs; i++) {
		char *d = np_path_join(c->root, subdirs[i].path);
		ok = make_dir(d, subdirs[i].mode, err) && np_trust_dir(d, err);
		free(d);
	}
	c->origin = from;
	if (!ok) {
		if (err->code == NP_EXIT_INPUT)
			np_error_prefix(err, "the cache %s (from %s) is not safe to use", c->root, from);
		free(c->root);
		c->root = NULL;
	}
	return ok;
}

void
np_cache_close(struct np_cache *c)
{
	for (size_t i = 0; i < c->used.n; i++)
		np_filelock_release(&c->use_locks[i]);
	free(c->use_locks);
	np_strv_release(&c->used);
	free(c->root);
	memset(c, 0, sizeof *c);
}

char *
np_cache_download(const struct np_cache *c, const char *sha256)
{
	return np_xasprintf("%s/downloads/sha256/%s", c->root, sha256);
}

char *
np_cache_build_dir(const struct np_cache *c, const char *name, const char *version,
	const char *key)
{
	return np_xasprintf("%s/builds/%s-%s-%.16s", c->root, name, version, key);
}

char *
np_cache_log(const struct np_cache *c, const char *name, const char *version, const char *key)
{
	return np_xasprintf("%s/logs/%s-%s-%.16s.log", c->root, name, version, key);
}

char *
np_cache_tmp(const struct np_cache *c, const char *what)
{
	struct timespec ts;
	static unsigned counter;

	clock_gettime(CLOCK_REALTIME, &ts);
	return np_xasprintf("%s/tmp/%s.%ld.%ld.%u", c->root, what, (long)getpid(), (long)ts.tv_nsec,
		counter++);
}

bool
np_cache_tmp_in_use(const char *name)
{
	const char *dot = strchr(name, '.');
	char *end;
	long pid;

	if (dot == NULL)
		return false;
	pid = strtol(dot + 1, &end, 10);
	if (end == dot + 1 || *end != '.' || pid <= 0)
		return false;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

const char *
np_cache_build_entry(const struct np_cache *c, const char *path)
{
	size_t n = c->root ? strlen(c->root) : 0;
	const char *entry;

	if (n == 0 || strncmp(path, c->root, n) != 0 || strncmp(path + n, "/builds/", 8) != 0)
		return NULL;
	entry = path + n + 8;
	if (*entry == '\0' || *entry == '.' || strchr(entry, '/'))
		return NULL;
	return entry;
}

static char *
use_path(const struct np_cache *c, const char *entry)
{
	return np_xasprintf("%s/locks/%s.use", c->root, entry);
}

bool
np_cache_use(struct np_cache *c, const char *entry, unsigned timeout_s, struct np_error *err)
{
	struct np_filelock lock = {0};
	char *path;
	bool ok;

	if (entry == NULL || np_strv_contains(&c->used, entry))
		return true;
	path = use_path(c, entry);
	ok = np_filelock_share(path, timeout_s, &lock, err);
	free(path);
	if (!ok)
		return false;
	c->use_locks = np_xgrow(c->use_locks, &c->use_cap, c->used.n + 1, sizeof *c->use_locks);
	c->use_locks[c->used.n] = lock;
	np_strv_push(&c->used, entry);
	return true;
}

bool
np_cache_remove(const struct np_cache *c, const char *entry, const struct np_strv *paths,
	bool *busy, struct np_error *err)
{
	struct np_filelock lock = {0};
	char *path = use_path(c, entry);
	bool ok = np_filelock_try(path, &lock, busy, err);

	if (ok && !*busy) {
		for (size_t i = 0; i < paths->n && ok; i++)
			ok = np_cache_discard(c, paths->v[i], err);
		/* Whoever opened it meanwhile takes the lock on a new file (filelock.h). */
		unlink(path);
		np_filelock_release(&lock);
	}
	free(path);
	return ok;
}

void
np_cache_sweep_locks(const struct np_cache *c)
{
	char *dir = np_path_join(c->root, "locks");
	struct np_strv names = {0};

	np_fs_list(dir, true, &names);
	for (size_t i = 0; i < names.n; i++) {
		char *path = np_path_join(dir, names.v[i]);
		struct np_filelock lock = {0};
		struct np_error ignored = {0};
		bool busy;
		if (np_filelock_try(path, &lock, &busy, &ignored) && !busy) {
			unlink(path);
			np_filelock_release(&lock);
		}
		np_error_release(&ignored);
		free(path);
	}
	np_strv_release(&names);
	free(dir);
}

bool
np_cache_lock(const struct np_cache *c, const char *key, unsigned timeout_s,
	void (*waiting)(void *data, long holder), void *data, struct np_filelock *lock,
	struct np_error *err)
{
	char *path = np_xasprintf("%s/locks/%.32s.lock", c->root, key);
	bool ok = np_filelock_take(path, timeout_s, waiting, data, lock, err);
	free(path);
	return ok;
}

bool
np_cache_add(const struct np_cache *c, const char *path, const char *expected,
	char hex[NP_HASH_HEX_LEN + 1], struct np_error *err)
{
	char *tmp = NULL, *dest = NULL;
	struct np_hash *h;
	unsigned char chunk[65536];
	ssize_t n;
	int in = -1, out = -1;
	bool ok = false;

	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", path, strerror(errno));
	if ((h = np_hash_new(err)) == NULL)
		goto out;
	tmp = np_cache_tmp(c, "add");
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot create '%s': %s", tmp, strerror(errno));
		np_hash_finish(h, hex);
		goto out;
	}
	/* Hash what is copied, not a second read: the file may change underneath. */
	while ((n = read(in, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(out, chunk, (size_t)n) != n) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot copy '%s': %s", path, strerror(errno));
			np_hash_finish(h, hex);
			goto out;
		}
		np_hash_update(h, chunk, (size_t)n);
	}
	np_hash_finish(h, hex);
	if (close(out) != 0) {
		out = -1;
		np_error_set(err, NP_EXIT_FAILURE, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	out = -1;
	if (expected && strcmp(expected, hex) != 0) {
		np_error_set(err, NP_EXIT_INTEGRITY, "%s: sha256 mismatch\n  expected %s\n  actual   %s",
			path, expected, hex);
		goto out;
	}
	dest = np_cache_download(c, hex);
	if (rename(tmp, dest) != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot add '%s' to the cache: %s", path,
			strerror(errno));
		goto out;
	}
	ok = true;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (!ok && tmp)
		unlink(tmp);
	free(tmp);
	free(dest);
	return ok;
}

bool
np_cache_discard(const struct np_cache *c, const char *path, struct np_error *err)
{
	char *aside = np_cache_tmp(c, "discard");
	bool ok;

	if (rename(path, aside) != 0) {
		free(aside);
		if (errno == ENOENT)
			return true;
		return np_error_set(err, NP_EXIT_FAILURE, "cannot remove '%s': %s", path,
			strerror(errno));
	}
	ok = np_fs_remove_tree(aside, err);
	free(aside);
	return ok;
}
