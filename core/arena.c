/* arena: bump allocation in chunks that grow geometrically, freed together. */
#include "core/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/alloc.h"

#define ALIGN alignof(max_align_t)
#define FIRST_CHUNK (16u << 10)
#define LARGEST_CHUNK (1u << 20)

struct chunk {
	struct chunk *next;
	size_t size; /* usable bytes after the header */
	alignas(max_align_t) unsigned char data[];
};

struct np_arena {
	struct chunk *head; /* where allocation happens; older chunks follow */
	size_t used;        /* bytes used in head */
};

static size_t
round_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static struct chunk *
chunk_new(size_t size, struct chunk *next)
{
	struct chunk *c = np_xmalloc(sizeof *c + size);
	c->next = next;
	c->size = size;
	return c;
}

struct np_arena *
np_arena_new(void)
{
	struct chunk *c = chunk_new(FIRST_CHUNK, NULL);
	struct np_arena *a = (struct np_arena *)c->data;

	a->head = c;
	a->used = round_up(sizeof *a);
	return a;
}

void *
np_arena_alloc(struct np_arena *a, size_t size)
{
	void *p;

	if (size > SIZE_MAX / 2)
		size = SIZE_MAX / 2; /* np_xmalloc reports it: no request this large can be met */
	size = round_up(size ? size : 1);
	if (size > a->head->size - a->used) {
		size_t next = a->head->size < LARGEST_CHUNK ? a->head->size * 2 : LARGEST_CHUNK;
		if (size > next / 4) {
			/* A large block gets a chunk of its own behind the current one. */
			a->head->next = chunk_new(size, a->head->next);
			return a->head->next->data;
		}
		a->head = chunk_new(next, a->head);
		a->used = 0;
	}
	p = a->head->data + a->used;
	a->used += size;
	return p;
}

void
np_arena_free(struct np_arena *a)
{
	struct chunk *c = a ? a->head : NULL;

	/* a lives in the oldest chunk: nothing reads it after this point. */
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
}
