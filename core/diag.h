/*
 * diag: collects every problem found in one input file as "file:line:col: message" lines, so a
 * validator reports all bad fields at once instead of stopping at the first.
 */
#ifndef NP_CORE_DIAG_H
#define NP_CORE_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

struct np_diags {
	const char *file; /* borrowed; as the user should see it */
	struct np_buf text;
	size_t count;
};

void np_diags_init(struct np_diags *d, const char *file);
void np_diags_release(struct np_diags *d);
/* line 0 means "the whole file". */
void np_diags_add(struct np_diags *d, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* When problems were collected, sets err (NP_EXIT_INPUT) to all of them and returns false. */
bool np_diags_finish(struct np_diags *d, struct np_error *err);

#endif
