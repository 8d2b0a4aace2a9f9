/*
 * inputs: everything that can change an answer, recorded as it is read: environment
 * variables (set or not) and files. `nativepkg inputs` and the cargo `rerun-if-*` lines come
 * from here, so a caller knows when to ask again.
 */
#ifndef NP_CORE_INPUTS_H
#define NP_CORE_INPUTS_H

#include "core/index.h"
#include "core/strv.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Valid when zeroed. Each list has an index: the uniqueness check was the costliest part of
 * a warm resolve as a linear search, and quadratic across a thousand packages.
 */
struct np_inputs {
	struct np_strv env;   /* variable names, first-read order, unique */
	struct np_strv files; /* paths, first-read order, unique */
	struct np_index env_ix;
	struct np_index file_ix;
};

/* getenv() that records the name. An empty value counts as unset (returns NULL). Borrowed. */
const char *np_inputs_getenv(struct np_inputs *in, const char *name);
void np_inputs_add_env(struct np_inputs *in, const char *name);
void np_inputs_add_file(struct np_inputs *in, const char *path);
void np_inputs_merge(struct np_inputs *dst, const struct np_inputs *src);
void np_inputs_release(struct np_inputs *in);

#endif
