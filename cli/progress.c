/* progress: the live region on a terminal, step lines in a log. */
#include "cli/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"

struct np_progress_line {
	char *name;       /* "zlib 1.3.1" for a build; the package for a download */
	bool download;
	char *stage;      /* a build's current stage; NULL before the first */
	double started;   /* when the build or download began */
	double since;     /* when the stage began */
	uint64_t done, total;
};

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
	memset(p, 0, sizeof *p);
	p->quiet = quiet;
	p->tty = !quiet && isatty(STDERR_FILENO);
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

static size_t
columns(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

/* Takes the live region off the screen (the cursor ends where it began). */
static void
clear(struct np_progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\033[%zuA\r\033[J", p->drawn);
	p->drawn = 0;
}

static void
draw(struct np_progress *p)
{
	size_t width = columns() - 1;
	double t = now();

	clear(p);
	for (size_t i = 0; i < p->n; i++) {
		const struct np_progress_line *l = &p->lines[i];
		char text[512];
		if (l->download) {
			char have[32], all[32], speed[32];
			double rate = t > l->started ? (double)l->done / (t - l->started) : 0;
			human((double)l->done, have, sizeof have);
			human((double)l->total, all, sizeof all);
			human(rate, speed, sizeof speed);
			snprintf(text, sizeof text, "  %s: download %s%s%s  %s/s", l->name, have,
				l->total ? " / " : "", l->total ? all : "", speed);
		} else {
			snprintf(text, sizeof text, "  %s: %s (%.0f s)", l->name,
				l->stage ? l->stage : "starting", t - l->since);
		}
		if (strlen(text) > width)
			text[width < sizeof text ? width : sizeof text - 1] = '\0';
		fprintf(stderr, "%s\n", text);
		p->drawn++;
	}
	p->last_draw = t;
	fflush(stderr);
}

/* A line that outlives the live region: printed above it. */
static void
say(struct np_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
say(struct np_progress *p, const char *fmt, ...)
{
	va_list ap;

	if (p->quiet)
		return;
	if (p->tty)
		clear(p);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (p->tty)
		draw(p);
	else
		fflush(stderr);
}

static struct np_progress_line *
line(struct np_progress *p, const char *name, bool download)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->lines[i].download == download && strcmp(p->lines[i].name, name) == 0)
			return &p->lines[i];
	p->lines = np_xgrow(p->lines, &p->cap, p->n + 1, sizeof *p->lines);
	p->lines[p->n] = (struct np_progress_line){.name = np_xstrdup(name), .download = download,
		.started = now(), .since = now()};
	return &p->lines[p->n++];
}

static void
drop(struct np_progress *p, struct np_progress_line *l)
{
	free(l->name);
	free(l->stage);
	*l = p->lines[--p->n];
}

void
np_progress_download(void *data, const char *what, uint64_t done, uint64_t total, bool end)
{
	struct np_progress *p = data;
	struct np_progress_line *l;

	if (!p->tty)
		return;
	l = line(p, what, true);
	l->done = done;
	if (total)
		l->total = total;
	if (end) {
		char have[32];
		double took = now() - l->started;
		human((double)done, have, sizeof have);
		drop(p, l);
		say(p, "nativepkg: %s: downloaded %s in %.1f s\n", what, have, took);
		return;
	}
	/* Ten redraws a second are plenty. */
	if (now() - p->last_draw >= 0.1)
		draw(p);
}

void
np_progress_status(void *data, const char *package, const char *message)
{
	(void)package;
	say(data, "nativepkg: %s\n", message);
}

void
np_progress_job(void *data, enum np_job_event e, const char *package, const char *stage)
{
	struct np_progress *p = data;
	struct np_progress_line *l;
	double t = now();

	if (p->quiet)
		return;
	if (e == NP_JOB_TICK) {
		if (p->tty)
			draw(p);
		return;
	}
	l = line(p, package, false);
	/* In a log, each step is a line once it is over (a lock taken at once is not a step). */
	if (!p->tty && l->stage && e == NP_JOB_END && strcmp(stage, "done") != 0)
		say(p, "nativepkg: %s: %s failed (%.1f s)\n", package, l->stage, t - l->since);
	else if (!p->tty && l->stage && (strcmp(l->stage, "lock") != 0 || t - l->since >= 1.0))
		say(p, "nativepkg: %s: %s (%.1f s)\n", package, l->stage, t - l->since);
	if (e == NP_JOB_END) {
		double took = t - l->started;
		drop(p, l);
		if (strcmp(stage, "done") == 0 || p->tty)
			say(p, "nativepkg: %s: %s in %.1f s\n", package, stage, took);
		return;
	}
	free(l->stage);
	l->stage = strcmp(stage, "start") == 0 ? NULL : np_xstrdup(stage);
	l->since = t;
	if (p->tty)
		draw(p);
}

void
np_progress_release(struct np_progress *p)
{
	if (p->tty)
		clear(p);
	while (p->n)
		drop(p, &p->lines[p->n - 1]);
	free(p->lines);
	p->lines = NULL;
	p->cap = 0;
}
