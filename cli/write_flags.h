/*
 * write_flags: compiler and linker arguments as one line, quoted the way pkg-config quotes
 * them, so `nativepkg flags` is a drop-in for `pkgconf --cflags --libs`.
 */
#ifndef NP_CLI_WRITE_FLAGS_H
#define NP_CLI_WRITE_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

enum np_flags_format {
	NP_FLAGS_FORMAT_PKGCONFIG, /* one line, as pkgconf prints it */
	NP_FLAGS_FORMAT_BINDGEN,   /* clang arguments, one per line */
	NP_FLAGS_FORMAT_CFFI,      /* JSON keyword arguments for cffi's set_source() */
	NP_FLAGS_FORMAT_SWIG,      /* -I and -D options, quoted for a shell */
};

bool np_write_flags_format(const char *name, enum np_flags_format *out);

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
/*
 * The same flags for a binding generator. bindgen and swig get compiler arguments only;
 * cffi gets include_dirs, library_dirs, libraries, define_macros, runtime_library_dirs,
 * extra_compile_args, extra_link_args and extra_objects (a static link's archives, whose
 * symbols are kept private with -Wl,--exclude-libs,ALL). JSON cannot carry invalid UTF-8.
 */
bool np_write_flags_for(struct np_resolution *const *rs, size_t n, enum np_flags_format f,
	struct np_buf *out, struct np_error *err);

#endif
