/*
 * index: a hash map from strings to positions in an array kept elsewhere — so finding a
 * package, a lock entry or an input by name stays constant-time when a graph has a thousand of
 * them (linear searches made a 1000-package workspace quadratic). Keys are copied unless the
 * index is marked borrowed.
 */
#ifndef NP_CORE_INDEX_H
#define NP_CORE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NP_INDEX_NONE ((size_t)-1)

struct np_index_slot;

/* Valid when zeroed. */
struct np_index {
	struct np_index_slot *slots;
	size_t cap;    /* a power of two, or 0 */
	size_t n;
	bool borrowed; /* keys are the caller's and outlive the index: not copied */
};

/* Maps key to value, replacing what key mapped to. */
void np_index_put(struct np_index *ix, const char *key, size_t value);
/* The value for key, or NP_INDEX_NONE. */
size_t np_index_get(const struct np_index *ix, const char *key);
/* Forgets every key. */
void np_index_clear(struct np_index *ix);
void np_index_release(struct np_index *ix);
/* FNV-1a, the hash it uses. */
uint32_t np_index_hash(const char *s);
/* 64-bit FNV-1a of n bytes, continuing from h (NP_FNV64_START to begin): digests that only
 * need to tell inputs apart (the tree stamp's, the memo's). */
#define NP_FNV64_START 14695981039346656037u
uint64_t np_fnv64(uint64_t h, const void *data, size_t n);

#endif
