/* Fuzz target: the ELF reader (headers, program headers, dynamic section) on any bytes. */
#include "core/elf.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_elf e;
	struct np_error err = {0};

	if (np_elf_parse(data, size, "fuzz", &e, &err)) {
		/* What was read is whole: every string ends inside what was given. */
		for (size_t i = 0; i < e.needed.n; i++)
			FUZZ_CHECK(e.needed.v[i] != NULL);
		np_elf_release(&e);
	} else {
		FUZZ_CHECK(err.msg != NULL);
	}
	np_error_release(&err);
	return 0;
}
