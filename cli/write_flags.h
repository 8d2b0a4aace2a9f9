/*
 * write_flags: compiler and linker arguments as one line, quoted the way pkg-config quotes
 * them, so `nativepkg flags` is a drop-in for `pkgconf --cflags --libs`.
 */
#ifndef NP_CLI_WRITE_FLAGS_H
#define NP_CLI_WRITE_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/resolution.h"

enum np_flags_part {
	NP_FLAGS_CFLAGS = 1,
	NP_FLAGS_LIBS = 2,
};

/*
 * The flags of packages rs[0..n) (for each one's link kind) for `parts`, then a newline.
 * Across packages duplicates are dropped: the first of a compiler argument or -L is kept,
 * the last of any other linker argument.
 */
void np_write_flags(struct np_resolution *const *rs, size_t n, int parts, struct np_buf *out);

#endif
