/* proc: running a child process (compiler probes, build tools) and capturing what it prints. */
#ifndef NP_CORE_PROC_H
#define NP_CORE_PROC_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/error.h"

struct np_proc {
	char *const *argv;   /* argv[0] is looked up on PATH */
	const char *cwd;     /* NULL: the current directory */
	char *const *env;    /* NULL: inherit; else the complete environment */
	struct np_buf *out;  /* stdout is appended here; NULL: inherited */
	struct np_buf *err;  /* stderr is appended here (may equal out); NULL: inherited */
	const char *out_file; /* when set (and out is NULL), stdout and stderr go to this file */
	int out_fd;          /* when > 0 (and out, out_file unset), stdout and stderr go to this
	                        descriptor (borrowed) */
};

/*
 * Runs the process to completion, in env (else this process's environment) without
 * nativepkg's credentials (core/secret.h): no program it starts sees them. *status is its exit
 * code, or 128 + signal number when a signal ended it. Returns false only when it could not be
 * started (err set).
 */
bool np_proc_run(const struct np_proc *p, int *status, struct np_error *err);

#endif
