/* dynload: dlopen with every symbol checked up front. */
#include "core/dynload.h"

#include <dlfcn.h>
#include <string.h>

bool
np_dynload(void **handle, const char *soname, const struct np_dynload_sym *syms, size_t n,
	struct np_error *err)
{
	void *h = *handle;

	if (h == NULL) {
		h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
		if (h == NULL) {
			const char *why = dlerror();
			return np_error_set(err, NP_EXIT_FAILURE, "cannot load %s: %s", soname,
				why ? why : "not found");
		}
	}
	for (size_t i = 0; i < n; i++) {
		void *p = dlsym(h, syms[i].name);
		if (p == NULL) {
			dlclose(h);
			*handle = NULL;
			return np_error_set(err, NP_EXIT_FAILURE, "%s has no symbol %s", soname,
				syms[i].name);
		}
		/* POSIX guarantees a data pointer from dlsym converts to a function pointer. */
		memcpy(syms[i].slot, &p, syms[i].size);
	}
	*handle = h;
	return true;
}
