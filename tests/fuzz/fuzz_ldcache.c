/* Fuzz target: the loader cache reader (ld.so.cache, old and new formats) on any bytes. */
#include <string.h>

#include "core/loader.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_loader_cache c;
	struct np_error err = {0};

	if (np_loader_cache_parse(data, size, &c, &err)) {
		for (size_t i = 0; i < c.n; i++)
			FUZZ_CHECK(c.v[i].name && c.v[i].path && strlen(c.v[i].name) < size);
		np_loader_cache_release(&c);
	} else {
		FUZZ_CHECK(err.msg != NULL && c.v == NULL);
	}
	np_error_release(&err);
	return 0;
}
