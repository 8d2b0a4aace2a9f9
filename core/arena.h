/*
 * arena: memory handed out in order and given back all at once. A parsed lock of a thousand
 * packages is a few hundred thousand small nodes and strings that live and die together;
 * allocating them one by one cost more than parsing them.
 */
#ifndef NP_CORE_ARENA_H
#define NP_CORE_ARENA_H

#include <stddef.h>

struct np_arena;

/* A new, empty arena (it lives in its own first chunk). Free it with np_arena_free. */
struct np_arena *np_arena_new(void);
/* size bytes, aligned for any type, valid until the arena is freed. Never NULL. */
void *np_arena_alloc(struct np_arena *a, size_t size);
/* Gives back every allocation and the arena itself. NULL is allowed. */
void np_arena_free(struct np_arena *a);

#endif
