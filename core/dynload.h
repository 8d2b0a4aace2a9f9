/*
 * dynload: loading a shared library on first use. libcurl, libarchive and libcrypto pull in
 * about forty shared objects between them; linked normally they cost every nativepkg run
 * about 7 ms of dynamic loading (measured: 7.7 ms against 0.6 ms for a bare program, where
 * `pkgconf --cflags --libs zlib` takes 0.9 ms in all), although only downloads, archives and
 * hashing need them. Their adapters load them through this instead.
 */
#ifndef NP_CORE_DYNLOAD_H
#define NP_CORE_DYNLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct np_dynload_sym {
	const char *name;
	void *slot;  /* address of the function pointer to fill */
	size_t size; /* sizeof that pointer */
};

/*
 * Opens `soname` (once per process; later calls return the cached outcome) and fills every
 * symbol. On failure err names the library and what is missing.
 */
bool np_dynload(void **handle, const char *soname, const struct np_dynload_sym *syms, size_t n,
	struct np_error *err);

#endif
