/* filelock: flock with a timeout, the holder's pid, and lock files that may be removed. */
#include "core/filelock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/trust.h"

/* How often a busy lock is tried again. */
#define POLL_NS (50 * 1000000L)

/*
 * The pid the file names, when it names a running process; else 0. The file may hold nothing
 * (its holder is between taking the lock and writing its pid, or is not nativepkg), a stale
 * pid (a killed holder) or anything at all.
 */
static long
read_holder(int fd)
{
	char buf[32] = {0}, *end;
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	long pid;

	if (n <= 0 || buf[0] < '0' || buf[0] > '9')
		return 0;
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno != 0 || pid <= 0 || pid > INT_MAX || (*end != '\n' && *end != '\0'))
		return 0;
	if (kill((pid_t)pid, 0) != 0 && errno != EPERM)
		return 0;
	return pid;
}

/* Writes pid as the holder's. */
static void
write_holder(int fd, long pid)
{
	char text[32];
	int n = snprintf(text, sizeof text, "%ld\n", pid);

	if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)n, 0) != n) {
		/* Only the message of a waiting process loses its pid. */
	}
}

/* The lock file (or directory) at path, opened; -1 with err. */
static int
open_lock(const char *path, bool *directory, struct np_error *err)
{
	struct np_error e = {0};
	int fd = np_trust_open(path, O_RDWR | O_CREAT, 0600, &e), saved = errno;

	*directory = false;
	if (fd < 0 && (saved == EISDIR || saved == ELOOP)) {
		/*
		 * A directory is locked as it is, without a holder's pid (the workspace's): it is
		 * only read, so following a symlink to it is harmless.
		 */
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			*directory = true;
			np_error_release(&e);
			return fd;
		}
	}
	if (fd < 0) {
		np_error_set(err, e.code, "cannot use a lock: %s", e.msg);
		np_error_release(&e);
	}
	return fd;
}

/* Whether fd is still the file at path: the lock's holder may have removed it meanwhile. */
static bool
still_there(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
		a.st_ino == b.st_ino;
}

static long long
ns_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - start->tv_sec) * 1000000000LL + (now.tv_nsec - start->tv_nsec);
}

/*
 * The one loop behind every kind of lock: op is LOCK_EX or LOCK_SH; with `busy`, no waiting
 * (*busy set instead of a timeout).
 */
static bool
take(const char *path, int op, unsigned timeout_s, void (*waiting)(void *data, long holder),
	void *data, struct np_filelock *lock, bool *busy, struct np_error *err)
{
	const long long limit = (long long)timeout_s * 1000000000LL;
	struct timespec start;
	bool told = false, directory;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (busy)
		*busy = false;
	for (;;) {
		if ((fd = open_lock(path, &directory, err)) < 0)
			return false;
		while (flock(fd, op | LOCK_NB) != 0) {
			long long left;
			if (errno == EINTR)
				continue;
			if (errno != EWOULDBLOCK) {
				np_error_set(err, NP_EXIT_FAILURE, "cannot lock %s: %s", path, strerror(errno));
				close(fd);
				return false;
			}
			if (busy) {
				*busy = true;
				close(fd);
				return true;
			}
			if (waiting && !told) {
				waiting(data, directory ? 0 : read_holder(fd));
				told = true;
			}
			left = limit - ns_since(&start);
			if (left <= 0) {
				long holder = directory ? 0 : read_holder(fd);
				if (holder)
					np_error_set(err, NP_EXIT_LOCK, "timed out after %us waiting for %s, held "
						"by process %ld", timeout_s, path, holder);
				else
					np_error_set(err, NP_EXIT_LOCK, "timed out after %us waiting for %s",
						timeout_s, path);
				close(fd);
				return false;
			}
			{
				struct timespec pause = {.tv_sec = 0,
					.tv_nsec = left < POLL_NS ? (long)left : POLL_NS};
				nanosleep(&pause, NULL);
			}
		}
		if (directory || still_there(fd, path))
			break;
		/* Locked a file its holder removed: the lock is on the one at path now. */
		close(fd);
	}
	/* Who holds it, for the message of whoever waits. */
	if (!directory && op == LOCK_EX)
		write_holder(fd, (long)getpid());
	lock->fd_plus_one = fd + 1;
	lock->directory = directory;
	lock->shared = op == LOCK_SH;
	return true;
}

bool
np_filelock_take(const char *path, unsigned timeout_s,
	void (*waiting)(void *data, long holder), void *data, struct np_filelock *lock,
	struct np_error *err)
{
	return take(path, LOCK_EX, timeout_s, waiting, data, lock, NULL, err);
}

bool
np_filelock_share(const char *path, unsigned timeout_s, struct np_filelock *lock,
	struct np_error *err)
{
	return take(path, LOCK_SH, timeout_s, NULL, NULL, lock, NULL, err);
}

bool
np_filelock_try(const char *path, struct np_filelock *lock, bool *busy, struct np_error *err)
{
	return take(path, LOCK_EX, 0, NULL, NULL, lock, busy, err);
}

void
np_filelock_set_holder(struct np_filelock *lock, long pid)
{
	if (lock->fd_plus_one && !lock->directory && !lock->shared)
		write_holder(lock->fd_plus_one - 1, pid);
}

void
np_filelock_release(struct np_filelock *lock)
{
	if (lock->fd_plus_one) {
		int fd = lock->fd_plus_one - 1;
		if (!lock->directory && !lock->shared && ftruncate(fd, 0) != 0) {
			/* harmless: a stale pid only appears in a timeout message */
		}
		close(fd); /* releases the flock */
		lock->fd_plus_one = 0;
		lock->directory = false;
		lock->shared = false;
	}
}
