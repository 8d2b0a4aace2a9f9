/*
 * progress: what the user sees while nativepkg works, on stderr. On a terminal, a live region
 * under the status lines with one line per active download (bytes, rate) and per running build
 * (its stage and how long it has run), redrawn in place. Elsewhere (a CI log), one line per
 * finished build step ("nativepkg: zlib 1.3.1: configure (1.3 s)"). Status lines in both;
 * nothing with -q.
 */
#ifndef NP_CLI_PROGRESS_H
#define NP_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolvers/resolver.h"

struct np_progress_line;

struct np_progress {
	bool tty;      /* stderr is a terminal */
	bool quiet;
	struct np_progress_line *lines; /* active downloads and builds */
	size_t n;
	size_t cap;
	size_t drawn;  /* lines of the live region now on the screen */
	double last_draw;
};

void np_progress_init(struct np_progress *p, bool quiet);
/* Clears the live region and forgets the lines. */
void np_progress_release(struct np_progress *p);
/* Fits struct np_fetch's progress callback. */
void np_progress_download(void *data, const char *what, uint64_t done, uint64_t total, bool end);
/* Fits struct np_resolve_ctx's status callback. */
void np_progress_status(void *data, const char *package, const char *message);
/* Fits struct np_resolve_ctx's job_event callback. */
void np_progress_job(void *data, enum np_job_event e, const char *package, const char *stage);

#endif
