/* Fuzz target: the strict JSON parser, and printing what it parsed (printed, parsed again,
 * printed again: the same text). */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/json.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_xmalloc(size + 1);
	struct np_json *doc = NULL, *again = NULL;
	struct np_buf a = {0}, b = {0};
	struct np_error err = {0};

	memcpy(text, data, size);
	text[size] = '\0';
	if (np_json_parse(text, size, "fuzz.json", &doc, &err) && np_json_print(doc, false, &a, &err)) {
		FUZZ_CHECK(np_json_parse(a.data, a.len, "printed.json", &again, &err));
		FUZZ_CHECK(np_json_print(again, false, &b, &err));
		FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	}
	np_json_free(doc);
	np_json_free(again);
	np_buf_release(&a);
	np_buf_release(&b);
	np_error_release(&err);
	free(text);
	return 0;
}
