/*
 * filelock: an exclusive advisory lock on a file (flock), with a timeout and the holder's pid
 * written into the file for the messages of whoever waits. Opened close-on-exec, so programs
 * started while it is held do not inherit it, and dropped by the kernel when the holder dies:
 * a killed process never leaves a lock behind.
 */
#ifndef NP_CORE_FILELOCK_H
#define NP_CORE_FILELOCK_H

#include <stdbool.h>

#include "core/error.h"

/* A held lock; valid when zeroed (fd 0 is never a lock: fds are stored plus one). */
struct np_filelock {
	int fd_plus_one;
	bool directory; /* a directory lock records no holder */
};

/*
 * Takes the lock on path (a file, created if missing, or a directory), waiting up to
 * timeout_s seconds (0: do not wait). A timeout is NP_EXIT_LOCK naming the holder's pid. `waiting` (optional) is called
 * once if the lock is busy.
 */
bool np_filelock_take(const char *path, unsigned timeout_s,
	void (*waiting)(void *data, long holder), void *data, struct np_filelock *lock,
	struct np_error *err);
/*
 * Names another process as the holder, for waiters' messages: a nativepkg whose build runs in
 * a child process names itself, the process the user started.
 */
void np_filelock_set_holder(struct np_filelock *lock, long pid);
void np_filelock_release(struct np_filelock *lock);

#endif
