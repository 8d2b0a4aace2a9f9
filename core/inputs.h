/*
 * inputs: everything that can change an answer, recorded as it is read: environment
 * variables (set or not) and files. `nativepkg inputs` and the cargo `rerun-if-*` lines come
 * from here, so a caller knows when to ask again.
 */
#ifndef NP_CORE_INPUTS_H
#define NP_CORE_INPUTS_H

#include "core/strv.h"

/* Valid when zeroed. */
struct np_inputs {
	struct np_strv env;   /* variable names, first-read order, unique */
	struct np_strv files; /* paths, first-read order, unique */
};

/* getenv() that records the name. An empty value counts as unset (returns NULL). Borrowed. */
const char *np_inputs_getenv(struct np_inputs *in, const char *name);
void np_inputs_add_env(struct np_inputs *in, const char *name);
void np_inputs_add_file(struct np_inputs *in, const char *path);
void np_inputs_merge(struct np_inputs *dst, const struct np_inputs *src);
void np_inputs_release(struct np_inputs *in);

#endif
