/* inputs: recorded environment and file reads. */
#include "core/inputs.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

#define SCANNED 16 /* a package reads about twenty names: smaller lists are searched in order */

/* The index borrows the list's strings; it is built once the list outgrows a linear search. */
static void
add_unique(struct np_strv *sv, struct np_index *ix, const char *s)
{
	if (sv->n < SCANNED) {
		for (size_t i = 0; i < sv->n; i++)
			if (strcmp(sv->v[i], s) == 0)
				return;
	} else if (np_index_get(ix, s) != NP_INDEX_NONE) {
		return;
	}
	np_strv_push(sv, s);
	if (sv->n == SCANNED) {
		ix->borrowed = true;
		for (size_t i = 0; i < sv->n; i++)
			np_index_put(ix, sv->v[i], i);
	} else if (sv->n > SCANNED) {
		np_index_put(ix, sv->v[sv->n - 1], sv->n - 1);
	}
}

const char *
np_inputs_getenv(struct np_inputs *in, const char *name)
{
	const char *v = getenv(name);

	if (in)
		np_inputs_add_env(in, name);
	return (v && *v) ? v : NULL;
}

void
np_inputs_add_env(struct np_inputs *in, const char *name)
{
	add_unique(&in->env, &in->env_ix, name);
}

void
np_inputs_add_file(struct np_inputs *in, const char *path)
{
	add_unique(&in->files, &in->file_ix, path);
}

void
np_inputs_merge(struct np_inputs *dst, const struct np_inputs *src)
{
	for (size_t i = 0; i < src->env.n; i++)
		np_inputs_add_env(dst, src->env.v[i]);
	for (size_t i = 0; i < src->files.n; i++)
		np_inputs_add_file(dst, src->files.v[i]);
}

void
np_inputs_release(struct np_inputs *in)
{
	np_strv_release(&in->env);
	np_strv_release(&in->files);
	np_index_release(&in->env_ix);
	np_index_release(&in->file_ix);
	memset(in, 0, sizeof *in);
}
