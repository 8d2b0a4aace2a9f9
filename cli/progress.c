/* progress: the download bar and status lines on stderr. */
#include "cli/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
np_progress_init(struct np_progress *p, bool quiet)
{
	p->quiet = quiet;
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->started = 0;
	p->last_draw = 0;
}

static void
human(double bytes, char *buf, size_t n)
{
	if (bytes >= 1024.0 * 1024.0)
		snprintf(buf, n, "%.1f MiB", bytes / 1024.0 / 1024.0);
	else if (bytes >= 1024.0)
		snprintf(buf, n, "%.1f KiB", bytes / 1024.0);
	else
		snprintf(buf, n, "%.0f B", bytes);
}

void
np_progress_download(void *data, const char *what, uint64_t done, uint64_t total, bool end)
{
	struct np_progress *p = data;
	double t = now(), rate;
	char have[32], all[32], speed[32], eta[32] = "";

	if (!p->enabled)
		return;
	if (p->started == 0)
		p->started = t;
	/* Ten redraws a second are plenty; the last one is always drawn. */
	if (!end && t - p->last_draw < 0.1)
		return;
	p->last_draw = t;
	rate = t > p->started ? (double)done / (t - p->started) : 0;
	human((double)done, have, sizeof have);
	human((double)total, all, sizeof all);
	human(rate, speed, sizeof speed);
	if (total && rate > 0 && !end)
		snprintf(eta, sizeof eta, "  ETA %.0fs", (double)(total - done) / rate);
	fprintf(stderr, "\r\033[K  %s: %s%s%s  %s/s%s", what, have, total ? " / " : "",
		total ? all : "", speed, eta);
	if (end) {
		fputc('\n', stderr);
		p->started = 0;
	}
	fflush(stderr);
}

void
np_progress_status(void *data, const char *package, const char *message)
{
	struct np_progress *p = data;
	(void)package;
	if (!p->quiet)
		fprintf(stderr, "nativepkg: %s\n", message);
}
