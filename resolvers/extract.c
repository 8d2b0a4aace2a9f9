/* extract: the libarchive adapter. */
#include "resolvers/extract.h"

#include <stddef.h>

#include <archive.h>

#include "core/dynload.h"

#ifndef NP_LIBARCHIVE_SONAME
#error "NP_LIBARCHIVE_SONAME must name libarchive's shared object (set by CMakeLists.txt)"
#endif

static struct {
	void *handle;
	const char *(*version_string)(void);
} la;

static bool
load(struct np_error *err)
{
	const struct np_dynload_sym syms[] = {
		{"archive_version_string", &la.version_string, sizeof la.version_string},
	};
	if (la.handle)
		return true;
	return np_dynload(&la.handle, NP_LIBARCHIVE_SONAME, syms, sizeof syms / sizeof *syms, err);
}

const char *
np_extract_library_version(void)
{
	if (!load(NULL))
		return NULL;
	return la.version_string();
}
