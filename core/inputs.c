/* inputs: recorded environment and file reads. */
#include "core/inputs.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
add_unique(struct np_strv *sv, uint32_t **hashes, size_t *cap, const char *s)
{
	uint32_t h = hash(s);

	for (size_t i = 0; i < sv->n; i++)
		if ((*hashes)[i] == h && strcmp(sv->v[i], s) == 0)
			return;
	*hashes = np_xgrow(*hashes, cap, sv->n + 1, sizeof **hashes);
	(*hashes)[sv->n] = h;
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
	add_unique(&in->env, &in->env_hash, &in->env_hash_cap, name);
}

void
np_inputs_add_file(struct np_inputs *in, const char *path)
{
	add_unique(&in->files, &in->file_hash, &in->file_hash_cap, path);
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
np_inputs_remove_file(struct np_inputs *in, const char *path)
{
	for (size_t i = 0; i < in->files.n; i++) {
		if (strcmp(in->files.v[i], path) != 0)
			continue;
		free(in->files.v[i]);
		memmove(&in->files.v[i], &in->files.v[i + 1], (in->files.n - i) * sizeof *in->files.v);
		memmove(&in->file_hash[i], &in->file_hash[i + 1],
			(in->files.n - i - 1) * sizeof *in->file_hash);
		in->files.n--;
		return;
	}
}

void
np_inputs_release(struct np_inputs *in)
{
	np_strv_release(&in->env);
	np_strv_release(&in->files);
	free(in->env_hash);
	free(in->file_hash);
	memset(in, 0, sizeof *in);
}
