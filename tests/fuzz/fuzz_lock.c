/* Fuzz target: the lock reader, and its writer: what loaded renders, reads back, and renders
 * to the same bytes. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/lock.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_xmalloc(size + 1);
	struct np_lock l, again;
	struct np_buf a = {0}, b = {0};
	struct np_error err = {0};

	memcpy(text, data, size);
	text[size] = '\0';
	if (np_lock_parse(&l, text, size, "nativepkg.lock", &err)) {
		/* A string that is not UTF-8 cannot be written: refused, never written broken. */
		if (np_lock_render(&l, &a, &err)) {
			FUZZ_CHECK(np_lock_parse(&again, a.data, a.len, "rendered.lock", &err));
			FUZZ_CHECK(np_lock_equal(&l, &again));
			FUZZ_CHECK(np_lock_render(&again, &b, &err));
			FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
			np_lock_release(&again);
		}
		np_lock_release(&l);
	}
	np_buf_release(&a);
	np_buf_release(&b);
	np_error_release(&err);
	free(text);
	return 0;
}
