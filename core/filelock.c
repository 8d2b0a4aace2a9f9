/* filelock: flock with a timeout and the holder's pid. */
#include "core/filelock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static long
read_holder(int fd)
{
	char buf[32] = {0};
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	return n > 0 ? strtol(buf, NULL, 10) : 0;
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

bool
np_filelock_take(const char *path, unsigned timeout_s,
	void (*waiting)(void *data, long holder), void *data, struct np_filelock *lock,
	struct np_error *err)
{
	struct timespec start, now;
	bool told = false, directory = false;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EISDIR) { /* a directory is locked as it is, without a holder's pid */
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		directory = true;
	}
	if (fd < 0) {
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open lock '%s': %s", path,
			strerror(errno));
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot lock '%s': %s", path, strerror(errno));
			goto fail;
		}
		if (waiting && !told) {
			waiting(data, read_holder(fd));
			told = true;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= (time_t)timeout_s) {
			long holder = read_holder(fd);
			if (holder)
				np_error_set(err, NP_EXIT_LOCK, "timed out after %us waiting for %s, held by "
					"process %ld", timeout_s, path, holder);
			else
				np_error_set(err, NP_EXIT_LOCK, "timed out after %us waiting for %s",
					timeout_s, path);
			goto fail;
		}
		{
			struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000000L};
			nanosleep(&pause, NULL);
		}
	}
	/* Who holds it, for the message of whoever waits. */
	if (!directory)
		write_holder(fd, (long)getpid());
	lock->fd_plus_one = fd + 1;
	lock->directory = directory;
	return true;
fail:
	close(fd);
	return false;
}

void
np_filelock_set_holder(struct np_filelock *lock, long pid)
{
	if (lock->fd_plus_one && !lock->directory)
		write_holder(lock->fd_plus_one - 1, pid);
}

void
np_filelock_release(struct np_filelock *lock)
{
	if (lock->fd_plus_one) {
		int fd = lock->fd_plus_one - 1;
		if (!lock->directory && ftruncate(fd, 0) != 0) {
			/* harmless: a stale pid only appears in a timeout message */
		}
		close(fd); /* releases the flock */
		lock->fd_plus_one = 0;
		lock->directory = false;
	}
}

