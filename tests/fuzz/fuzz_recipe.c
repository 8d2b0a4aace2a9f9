/* Fuzz target: recipe validation, and the canonical form of what validated — in its own
 * schema and as schema 2 — reading back as the same recipe. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/recipe.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_recipe r, again;
	struct np_buf a = {0}, b = {0};
	struct np_error err = {0};
	char *text = np_xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	/* The file name must match the recipe's name; "fuzz" is the name the seeds use. */
	if (np_recipe_parse(text, size, "fuzz.json", &r, &err)) {
		char *file = np_xasprintf("%s.json", r.name);
		FUZZ_CHECK(np_recipe_to_json(&r, &a, &err));
		FUZZ_CHECK(np_recipe_parse(a.data, a.len, file, &again, &err));
		FUZZ_CHECK(np_recipe_to_json(&again, &b, &err));
		FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
		np_recipe_release(&again);
		/* Its schema-2 form (recipe lint --upgrade) reads back as the same recipe too. */
		np_buf_reset(&a);
		np_buf_reset(&b);
		FUZZ_CHECK(np_recipe_to_json_schema(&r, 2, &a, &err));
		FUZZ_CHECK(np_recipe_parse(a.data, a.len, file, &again, &err));
		FUZZ_CHECK(np_recipe_to_json_schema(&again, 2, &b, &err));
		FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
		np_recipe_release(&again);
		np_recipe_release(&r);
		free(file);
	}
	np_buf_release(&a);
	np_buf_release(&b);
	np_error_release(&err);
	free(text);
	return 0;
}
