/* Unit tests for core/cheader: which #defines are read from text and which are left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/cheader.h"

static void
test_defines(void **state)
{
	static const struct {
		const char *text, *name;
		enum np_cheader_result result;
		const char *value;
	} cases[] = {
		{"#define ZLIB_VERSION \"1.2.13\"\n", "ZLIB_VERSION", NP_CHEADER_PLAIN, "1.2.13"},
		{"  #  define  V   \"1\" \"." "2\"  /* note */\n", "V", NP_CHEADER_PLAIN, "1.2"},
		{"#define XML_MAJOR_VERSION 2 // major\n", "XML_MAJOR_VERSION", NP_CHEADER_PLAIN, "2"},
		{"#define V_MAJOR 2\n#define V 3\n", "V", NP_CHEADER_PLAIN, "3"},
		{"#define VERSION_X 1\n", "VERSION", NP_CHEADER_ABSENT, NULL},
		{"#define V(x) x\n", "V", NP_CHEADER_COMPLEX, NULL},
		{"#define V MAJOR \".\" MINOR\n", "V", NP_CHEADER_COMPLEX, NULL},
		{"#ifdef A\n#define V \"1\"\n#else\n#define V \"2\"\n#endif\n", "V", NP_CHEADER_COMPLEX, NULL},
		{"#define V \"1\\\"2\"\n", "V", NP_CHEADER_COMPLEX, NULL},
		{"#define V 0x10\n", "V", NP_CHEADER_COMPLEX, NULL},
		{"#define V \"1\" \\\n \"2\"\n", "V", NP_CHEADER_COMPLEX, NULL},
		{"#define V /* two\n lines */ \"1\"\n", "V", NP_CHEADER_COMPLEX, NULL},
		{"#define V\n", "V", NP_CHEADER_COMPLEX, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *value = NULL;
		enum np_cheader_result r = np_cheader_define(cases[i].text, cases[i].name, &value);
		if (r != cases[i].result)
			fail_msg("case %zu: result %d, expected %d", i, r, cases[i].result);
		if (cases[i].value)
			assert_string_equal(value, cases[i].value);
		else
			assert_null(value);
		free(value);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
