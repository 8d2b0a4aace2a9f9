/* cache: layout, locks and seeding of nativepkg's cache. */
#include "core/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/fs.h"

static const char *const subdirs[] = {"downloads/sha256", "builds", "logs", "locks", "tmp",
	"compilers"};

bool
np_cache_open(struct np_cache *c, struct np_inputs *in, struct np_error *err)
{
	const char *dir = np_inputs_getenv(in, "NATIVEPKG_CACHE_DIR"), *base;

	if (dir) {
		c->root = np_path_absolute(dir);
	} else if ((base = np_inputs_getenv(in, "XDG_CACHE_HOME")) != NULL) {
		c->root = np_xasprintf("%s/nativepkg", base);
	} else if ((base = np_inputs_getenv(in, "HOME")) != NULL) {
		c->root = np_xasprintf("%s/.cache/nativepkg", base);
	} else {
		return np_error_set(err, NP_EXIT_FAILURE,
			"no cache directory: set NATIVEPKG_CACHE_DIR (or HOME)");
	}
	for (size_t i = 0; i < sizeof subdirs / sizeof *subdirs; i++) {
		char *d = np_path_join(c->root, subdirs[i]);
		bool ok = np_fs_mkdirs(d, err);
		free(d);
		if (!ok)
			return false;
	}
	return true;
}

void
np_cache_close(struct np_cache *c)
{
	free(c->root);
	c->root = NULL;
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
