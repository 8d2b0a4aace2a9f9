/*
 * fuzz: what every fuzz target shares. A target defines LLVMFuzzerTestOneInput and must not
 * crash, leak or trip a sanitizer on any input; where a writer is involved, what it writes
 * must read back equal (FUZZ_CHECK aborts otherwise, which the fuzzer reports as a crash).
 */
#ifndef NP_TESTS_FUZZ_H
#define NP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                        \
	do {                                                                                        \
		if (!(cond)) {                                                                          \
			fprintf(stderr, "%s:%d: round trip broken: %s\n", __FILE__, __LINE__, #cond);     \
			abort();                                                                            \
		}                                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
