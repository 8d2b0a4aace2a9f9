/* index: open addressing with linear probing; grows at half full. */
#include "core/index.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

struct np_index_slot {
	char *key; /* NULL: empty */
	uint32_t hash;
	size_t value;
};

uint32_t
np_index_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

uint64_t
np_fnv64(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

static struct np_index_slot *
find_slot(struct np_index_slot *slots, size_t cap, const char *key, uint32_t h)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1))
		if (slots[i].key == NULL || (slots[i].hash == h && strcmp(slots[i].key, key) == 0))
			return &slots[i];
}

static void
grow(struct np_index *ix)
{
	size_t cap = ix->cap ? ix->cap * 2 : 16;
	struct np_index_slot *slots = np_xcalloc(cap, sizeof *slots);

	for (size_t i = 0; i < ix->cap; i++) {
		if (ix->slots[i].key)
			*find_slot(slots, cap, ix->slots[i].key, ix->slots[i].hash) = ix->slots[i];
	}
	free(ix->slots);
	ix->slots = slots;
	ix->cap = cap;
}

void
np_index_put(struct np_index *ix, const char *key, size_t value)
{
	uint32_t h = np_index_hash(key);
	struct np_index_slot *s;

	if ((ix->n + 1) * 2 > ix->cap)
		grow(ix);
	s = find_slot(ix->slots, ix->cap, key, h);
	if (s->key == NULL) {
		s->key = ix->borrowed ? (char *)key : np_xstrdup(key);
		s->hash = h;
		ix->n++;
	}
	s->value = value;
}

size_t
np_index_get(const struct np_index *ix, const char *key)
{
	const struct np_index_slot *s;

	if (ix->cap == 0)
		return NP_INDEX_NONE;
	s = find_slot(ix->slots, ix->cap, key, np_index_hash(key));
	return s->key ? s->value : NP_INDEX_NONE;
}

void
np_index_clear(struct np_index *ix)
{
	for (size_t i = 0; i < ix->cap; i++) {
		if (!ix->borrowed)
			free(ix->slots[i].key);
		ix->slots[i].key = NULL;
	}
	ix->n = 0;
}

void
np_index_release(struct np_index *ix)
{
	bool borrowed = ix->borrowed;

	np_index_clear(ix);
	free(ix->slots);
	memset(ix, 0, sizeof *ix);
	ix->borrowed = borrowed;
}
