/* builders: fork, a pipe of records, poll. */
#include "resolvers/builders.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"

/*
 * A record on the pipe: a type byte, the payload's length (4 bytes, host order), the payload.
 * Types: M status line, S stage, D download progress ("<what>\t<done> <total> <end>"),
 * N trace note, W warning, R result ("<exit code> <outcome>\t<message>").
 */
#define HEADER 5

struct np_builder {
	pid_t pid;
	int fd;
	struct np_build_job *job;
	void *owner;
	unsigned jobs;
	struct np_buf in;   /* bytes read, not yet a whole record */
	bool have_result;
	int code;
	enum np_build_outcome outcome;
	char *message;
};

/* --- in the builder ----------------------------------------------------------------------- */

static int report_fd = -1;

static void
put(char type, const char *a, size_t alen)
{
	uint32_t len = (uint32_t)alen;
	struct np_buf rec = {0};
	const char *p;
	size_t left;

	np_buf_addc(&rec, type);
	np_buf_add(&rec, &len, sizeof len);
	np_buf_add(&rec, a, alen);
	for (p = rec.data, left = rec.len; left;) {
		ssize_t w = write(report_fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* the parent is gone; PR_SET_PDEATHSIG ends this process */
		p += w;
		left -= (size_t)w;
	}
	np_buf_release(&rec);
}

static void
puts_record(char type, const char *text)
{
	put(type, text, strlen(text));
}

static void
child_status(void *data, const char *package, const char *message)
{
	(void)data;
	(void)package;
	puts_record('M', message);
}

static void
child_progress(void *data, const char *what, uint64_t done, uint64_t total, bool end)
{
	char *text = np_xasprintf("%s\t%" PRIu64 " %" PRIu64 " %d", what, done, total, end ? 1 : 0);
	(void)data;
	puts_record('D', text);
	free(text);
}

static void
child_stage(void *data, const char *name)
{
	(void)data;
	puts_record('S', name);
}

static __attribute__((noreturn)) void
child(struct np_resolve_ctx *ctx, struct np_build_job *job, unsigned jobs, int fd, pid_t parent)
{
	struct np_trace_step *step = np_build_job_step(job);
	size_t notes = step->notes.n, warnings = ctx->trace.warnings.n;
	enum np_build_outcome outcome = NP_BUILD_BUILT;
	struct np_error err = {0};
	char *result;
	bool ok;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(1);
	report_fd = fd;
	ctx->owner_pid = (long)parent;
	ctx->status = child_status;
	ctx->job_event = NULL;
	if (ctx->fetch.progress)
		ctx->fetch.progress = child_progress;
	ok = np_build_job_run(ctx, job, jobs, child_stage, NULL, &outcome, &err);
	for (size_t i = notes; i < step->notes.n; i++)
		puts_record('N', step->notes.v[i]);
	for (size_t i = warnings; i < ctx->trace.warnings.n; i++)
		puts_record('W', ctx->trace.warnings.v[i]);
	result = np_xasprintf("%d %d\t%s", ok ? 0 : err.code ? err.code : 1, (int)outcome,
		ok ? "" : err.msg ? err.msg : "failed");
	puts_record('R', result);
	_exit(ok ? 0 : 1);
}

/* --- in the parent ------------------------------------------------------------------------ */

bool
np_builders_start(struct np_resolve_ctx *ctx, struct np_builders *b, struct np_build_job *job,
	unsigned jobs, void *owner, struct np_error *err)
{
	struct np_builder *w;
	pid_t parent = getpid(), pid;
	int fds[2];

	/* Held here, in the process that outlives the builder and uses its result. */
	if (!np_build_job_hold(ctx, job, err))
		return false;
	/* Close-on-exec, so the build tools do not hold the pipe open (one thread: no race). */
	if (pipe(fds) != 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot start a builder: %s", strerror(errno));
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return np_error_set(err, NP_EXIT_FAILURE, "cannot start a builder: %s", strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		child(ctx, job, jobs, fds[1], parent);
	}
	close(fds[1]);
	w = np_xcalloc(1, sizeof *w);
	w->pid = pid;
	w->fd = fds[0];
	w->job = job;
	w->owner = owner;
	w->jobs = jobs;
	b->v = np_xgrow(b->v, &b->cap, b->n + 1, sizeof *b->v);
	b->v[b->n++] = w;
	b->used += jobs;
	if (ctx->job_event)
		ctx->job_event(ctx->status_data, NP_JOB_STAGE, np_build_job_label(job), "start");
	return true;
}

/* Hands one record from a builder to whoever listens. */
static void
dispatch(struct np_resolve_ctx *ctx, struct np_builder *w, char type, const char *text)
{
	const char *label = np_build_job_label(w->job);

	switch (type) {
	case 'M':
		if (ctx->status)
			ctx->status(ctx->status_data, np_build_job_recipe(w->job)->name, text);
		break;
	case 'S':
		if (ctx->job_event)
			ctx->job_event(ctx->status_data, NP_JOB_STAGE, label, text);
		break;
	case 'D': {
		const char *tab = strchr(text, '\t');
		unsigned long long done, total;
		int end;
		if (ctx->fetch.progress && tab &&
			sscanf(tab + 1, "%llu %llu %d", &done, &total, &end) == 3) {
			char *what = np_xstrndup(text, (size_t)(tab - text));
			ctx->fetch.progress(ctx->fetch.progress_data, what, done, total, end != 0);
			free(what);
		}
		break;
	}
	case 'N': {
		struct np_trace_step *step = np_build_job_step(w->job);
		if (step->detail)
			np_strv_push(&step->notes, text);
		break;
	}
	case 'W':
		np_trace_warn(&ctx->trace, "%s", text);
		break;
	case 'R': {
		const char *tab = strchr(text, '\t');
		int code, outcome;
		if (tab && sscanf(text, "%d %d", &code, &outcome) == 2) {
			w->have_result = true;
			w->code = code;
			w->outcome = (enum np_build_outcome)outcome;
			free(w->message);
			w->message = np_xstrdup(tab + 1);
		}
		break;
	}
	default:
		break;
	}
}

/* Reads what is there; false at the end of the pipe. */
static bool
drain(struct np_resolve_ctx *ctx, struct np_builder *w)
{
	char chunk[4096];
	ssize_t n;
	size_t at = 0;

	while ((n = read(w->fd, chunk, sizeof chunk)) < 0 && errno == EINTR)
		;
	if (n > 0)
		np_buf_add(&w->in, chunk, (size_t)n);
	while (w->in.len - at >= HEADER) {
		uint32_t len;
		char *text;
		memcpy(&len, w->in.data + at + 1, sizeof len);
		if (w->in.len - at - HEADER < len)
			break;
		text = np_xstrndup(w->in.data + at + HEADER, len);
		dispatch(ctx, w, w->in.data[at], text);
		free(text);
		at += HEADER + len;
	}
	if (at) {
		memmove(w->in.data, w->in.data + at, w->in.len - at);
		w->in.len -= at;
	}
	return n > 0;
}

/* The builder's end: its exit, its result (or why it has none). */
static void
reap(struct np_builder *w, bool *ok, enum np_build_outcome *outcome, struct np_error *err)
{
	int status = 0;

	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(w->fd);
	*outcome = w->outcome;
	*ok = w->have_result && w->code == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (*ok)
		return;
	if (w->have_result && w->code != 0)
		np_error_set(err, w->code, "%s", w->message);
	else if (WIFSIGNALED(status))
		np_error_set(err, NP_EXIT_FAILURE, "%s: the builder process was killed by signal %d",
			np_build_job_recipe(w->job)->name, WTERMSIG(status));
	else
		np_error_set(err, NP_EXIT_FAILURE, "%s: the builder process ended without a result "
			"(exit status %d)", np_build_job_recipe(w->job)->name, WEXITSTATUS(status));
}

void *
np_builders_wait(struct np_resolve_ctx *ctx, struct np_builders *b, bool *ok,
	enum np_build_outcome *outcome, struct np_error *err)
{
	struct pollfd *pfd;
	void *owner = NULL;

	if (b->n == 0)
		return NULL;
	pfd = np_xcalloc(b->n, sizeof *pfd);
	while (owner == NULL) {
		int r;
		for (size_t i = 0; i < b->n; i++) {
			pfd[i].fd = b->v[i]->fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		/* Four redraws a second keep a terminal's elapsed times moving. */
		r = poll(pfd, b->n, ctx->job_event ? 250 : -1);
		if (r < 0 && errno != EINTR)
			break;
		if (r == 0 && ctx->job_event)
			ctx->job_event(ctx->status_data, NP_JOB_TICK, NULL, NULL);
		for (size_t i = 0; i < b->n && owner == NULL; i++) {
			struct np_builder *w = b->v[i];
			if (pfd[i].revents == 0 || drain(ctx, w))
				continue;
			reap(w, ok, outcome, err);
			if (ctx->job_event)
				ctx->job_event(ctx->status_data, NP_JOB_END, np_build_job_label(w->job),
					*ok ? "done" : "failed");
			owner = w->owner;
			b->used -= w->jobs;
			b->v[i] = b->v[--b->n];
			np_buf_release(&w->in);
			free(w->message);
			free(w);
		}
	}
	free(pfd);
	return owner;
}

void
np_builders_abandon(struct np_builders *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct np_builder *w = b->v[i];
		int status;
		kill(w->pid, SIGKILL);
		while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
			;
		close(w->fd);
		np_buf_release(&w->in);
		free(w->message);
		free(w);
	}
	free(b->v);
	memset(b, 0, sizeof *b);
}
