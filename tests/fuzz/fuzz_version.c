/* Fuzz target: version ranges — parsing, the text form reading back as the same range, and
 * the comparisons and satisfiability check on anything that parsed. */
#include <string.h>

#include "core/alloc.h"
#include "core/version.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_xmalloc(size + 1);
	struct np_version_range r, again;

	memcpy(text, data, size);
	text[size] = '\0';
	if (np_version_range_parse(text, &r, NULL)) {
		char *printed = np_version_range_text(&r), *reprinted;
		FUZZ_CHECK(np_version_range_parse(printed, &again, NULL));
		reprinted = np_version_range_text(&again);
		FUZZ_CHECK(strcmp(printed, reprinted) == 0);
		(void)np_version_range_satisfiable(&r);
		for (size_t i = 0; i < r.n; i++) {
			FUZZ_CHECK(np_version_cmp(r.c[i].version, r.c[i].version) == 0);
			(void)np_version_range_match(&r, r.c[i].version);
		}
		free(printed);
		free(reprinted);
		np_version_range_release(&again);
		np_version_range_release(&r);
	}
	free(text);
	return 0;
}
