/*
 * trace: the record behind `nativepkg explain`. For each package, an ordered list of steps
 * (one per resolver or decision), each with a verdict, a reason, and notes on what it
 * consulted. core/ and resolvers/ never print: the CLI renders this, and may watch steps as
 * they finish through the event callback.
 */
#ifndef NP_CORE_TRACE_H
#define NP_CORE_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/index.h"
#include "core/strv.h"

enum np_verdict {
	NP_VERDICT_INFO,     /* a decision or fact, not a candidate */
	NP_VERDICT_ACCEPTED,
	NP_VERDICT_REJECTED,
	NP_VERDICT_SKIPPED,  /* not tried, with the reason */
};

struct np_trace_step {
	bool detail; /* copied from the trace: whether notes are kept */
	char *resolver;
	enum np_verdict verdict;
	char *reason;
	struct np_strv notes;
};

struct np_trace_package {
	char *name;
	struct np_trace_step **steps;
	size_t n;
	size_t cap;
};

struct np_trace {
	struct np_trace_package **pkgs;
	size_t n;
	size_t cap;
	struct np_index ix; /* package name -> position */
	/*
	 * Keep notes (what each step consulted). Only explain and --verbose show them; formatting
	 * them for nothing was a fifth of a warm resolve.
	 */
	bool detail;
	/* Called when a step gets its verdict. Optional. */
	void (*event)(void *data, const char *package, const struct np_trace_step *step);
	void *event_data;
	/* Problems worth telling even when nothing failed (a malformed .pc file), unique. */
	struct np_strv warnings;
};

/* Finds or adds the package's record. Borrowed. */
struct np_trace_package *np_trace_package(struct np_trace *t, const char *name);
/* Starts a step (verdict INFO until np_trace_verdict). Borrowed; stays valid until release. */
struct np_trace_step *np_trace_step(struct np_trace *t, const char *package, const char *resolver);
/* Adds a note when the trace keeps detail; otherwise costs nothing. */
void np_trace_note(struct np_trace_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void np_trace_verdict(struct np_trace *t, const char *package, struct np_trace_step *s,
	enum np_verdict v, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Records a warning (kept whether or not detail is on; a repeated one is kept once). */
void np_trace_warn(struct np_trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *np_verdict_name(enum np_verdict v);
void np_trace_release(struct np_trace *t);

#endif
