/* inputs: recorded environment and file reads. */
#include "core/inputs.h"

#include <stdlib.h>

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
	np_strv_push_unique(&in->env, name);
}

void
np_inputs_add_file(struct np_inputs *in, const char *path)
{
	np_strv_push_unique(&in->files, path);
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
}
