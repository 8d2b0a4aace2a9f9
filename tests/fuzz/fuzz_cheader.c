/* Fuzz target: reading a plain #define from arbitrary header text. */
#include <string.h>

#include "core/alloc.h"
#include "core/cheader.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_xmalloc(size + 1), *value = NULL;
	enum np_cheader_result r;

	memcpy(text, data, size);
	text[size] = '\0';
	r = np_cheader_define(text, "V", &value);
	FUZZ_CHECK((r == NP_CHEADER_PLAIN) == (value != NULL));
	free(value);
	free(text);
	return 0;
}
