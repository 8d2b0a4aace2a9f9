/* trace: explain records. */
#include "core/trace.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

struct np_trace_package *
np_trace_package(struct np_trace *t, const char *name)
{
	struct np_trace_package *p;
	size_t i = np_index_get(&t->ix, name);

	if (i != NP_INDEX_NONE)
		return t->pkgs[i];
	p = np_xcalloc(1, sizeof *p);
	p->name = np_xstrdup(name);
	t->pkgs = np_xgrow(t->pkgs, &t->cap, t->n + 1, sizeof *t->pkgs);
	np_index_put(&t->ix, name, t->n);
	t->pkgs[t->n++] = p;
	return p;
}

struct np_trace_step *
np_trace_step(struct np_trace *t, const char *package, const char *resolver)
{
	struct np_trace_package *p = np_trace_package(t, package);
	struct np_trace_step *s = np_xcalloc(1, sizeof *s);

	s->resolver = np_xstrdup(resolver);
	s->detail = t->detail;
	p->steps = np_xgrow(p->steps, &p->cap, p->n + 1, sizeof *p->steps);
	p->steps[p->n++] = s;
	return s;
}

void
np_trace_note(struct np_trace_step *s, const char *fmt, ...)
{
	va_list ap;

	if (s == NULL || !s->detail)
		return;
	va_start(ap, fmt);
	np_strv_push_owned(&s->notes, np_xvasprintf(fmt, ap));
	va_end(ap);
}

void
np_trace_verdict(struct np_trace *t, const char *package, struct np_trace_step *s,
	enum np_verdict v, const char *fmt, ...)
{
	va_list ap;

	s->verdict = v;
	free(s->reason);
	va_start(ap, fmt);
	s->reason = np_xvasprintf(fmt, ap);
	va_end(ap);
	if (t->event)
		t->event(t->event_data, package, s);
}

const char *
np_verdict_name(enum np_verdict v)
{
	switch (v) {
	case NP_VERDICT_INFO: return "info";
	case NP_VERDICT_ACCEPTED: return "accepted";
	case NP_VERDICT_REJECTED: return "rejected";
	case NP_VERDICT_SKIPPED: return "skipped";
	}
	return "?";
}

void
np_trace_release(struct np_trace *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct np_trace_package *p = t->pkgs[i];
		for (size_t k = 0; k < p->n; k++) {
			free(p->steps[k]->resolver);
			free(p->steps[k]->reason);
			np_strv_release(&p->steps[k]->notes);
			free(p->steps[k]);
		}
		free(p->steps);
		free(p->name);
		free(p);
	}
	free(t->pkgs);
	t->pkgs = NULL;
	np_index_release(&t->ix);
	np_strv_release(&t->warnings);
	t->n = t->cap = 0;
}

void
np_trace_warn(struct np_trace *t, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = np_xvasprintf(fmt, ap);
	va_end(ap);
	if (np_strv_contains(&t->warnings, msg))
		free(msg);
	else
		np_strv_push_owned(&t->warnings, msg);
}
