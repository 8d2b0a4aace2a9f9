/*
 * progress: what the user sees while nativepkg works — a download progress bar (bytes, rate,
 * ETA) on a terminal, nothing on a pipe or with -q, and one status line per build.
 */
#ifndef NP_CLI_PROGRESS_H
#define NP_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct np_progress {
	bool enabled;  /* a terminal and not --quiet */
	bool quiet;
	double started;
	double last_draw;
};

void np_progress_init(struct np_progress *p, bool quiet);
/* Fits struct np_fetch's progress callback. */
void np_progress_download(void *data, const char *what, uint64_t done, uint64_t total, bool end);
/* Fits struct np_resolve_ctx's status callback. */
void np_progress_status(void *data, const char *package, const char *message);

#endif
