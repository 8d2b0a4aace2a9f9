/*
 * filelock: an advisory lock on a file (flock), exclusive or shared, with a timeout and the
 * exclusive holder's pid written into the file for the messages of whoever waits. Opened
 * close-on-exec, so programs started while it is held do not inherit it, and dropped by the
 * kernel when the holder dies: a killed process never leaves a lock behind.
 *
 * A lock file is opened through np_trust_open (never through a symlink; a regular file of
 * yours with one link). Its holder may remove it while holding it (`cache clean` does): a
 * process that then gets the lock on the removed file notices and takes it again on the file
 * now at that path, so a lock is always on the file its path names.
 */
#ifndef NP_CORE_FILELOCK_H
#define NP_CORE_FILELOCK_H

#include <stdbool.h>

#include "core/error.h"

/* A held lock; valid when zeroed (fd 0 is never a lock: fds are stored plus one). */
struct np_filelock {
	int fd_plus_one;
	bool directory; /* a directory lock records no holder */
	bool shared;    /* a shared lock records no holder */
};

/*
 * Takes the exclusive lock on path (a file, created mode 0600 if missing, or a directory),
 * waiting up to timeout_s seconds (0: do not wait), measured exactly: it never gives up
 * earlier. A timeout is NP_EXIT_LOCK, naming the holder's pid when the file holds the pid of
 * a running process. `waiting` (optional) is called once if the lock is busy, with that pid or
 * 0 when there is none.
 */
bool np_filelock_take(const char *path, unsigned timeout_s,
	void (*waiting)(void *data, long holder), void *data, struct np_filelock *lock,
	struct np_error *err);
/* Takes a shared lock on the file path (created if missing), waiting as np_filelock_take. */
bool np_filelock_share(const char *path, unsigned timeout_s, struct np_filelock *lock,
	struct np_error *err);
/*
 * Takes the exclusive lock on the file path (created if missing) if nobody holds it, without
 * waiting: *busy says whether someone did (then true is returned and nothing is held).
 */
bool np_filelock_try(const char *path, struct np_filelock *lock, bool *busy,
	struct np_error *err);
/*
 * Names another process as the holder, for waiters' messages: a nativepkg whose build runs in
 * a child process names itself, the process the user started.
 */
void np_filelock_set_holder(struct np_filelock *lock, long pid);
void np_filelock_release(struct np_filelock *lock);

#endif
