/* inputs: recorded environment and file reads. */
#include "core/inputs.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static void
add_unique(struct np_strv *sv, struct np_index *ix, const char *s)
{
	if (np_index_get(ix, s) != NP_INDEX_NONE)
		return;
	np_index_put(ix, s, sv->n);
	np_strv_push(sv, s);
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
