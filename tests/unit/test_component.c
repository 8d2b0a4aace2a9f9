/* Unit tests for core/component: link order, closures, and what each component is told. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/component.h"
#include "core/resolution.h"

/* a requires b, b requires c; d stands alone. With archives, a, b and c name their static
 * libraries under /p/lib (d has none). */
static void
four_with(struct np_components *list, bool archives)
{
	struct np_component *c;

	memset(list, 0, sizeof *list);
	c = np_components_add(list, "a");
	c->lib = strdup("la");
	if (archives)
		c->file = strdup("/p/lib/libla.a");
	np_strv_push(&c->requires, "b");
	np_strv_push(&c->definitions, "A=1");
	c = np_components_add(list, "d");
	c->lib = strdup("ld");
	c = np_components_add(list, "c");
	c->lib = strdup("lc");
	if (archives)
		c->file = strdup("/p/lib/liblc.a");
	np_strv_push(&c->definitions, "C=1");
	c = np_components_add(list, "b");
	c->lib = strdup("lb");
	if (archives)
		c->file = strdup("/p/lib/liblb.a");
	np_strv_push(&c->requires, "c");
}

static void
four(struct np_components *list)
{
	four_with(list, false);
}

static void
test_link_order(void **state)
{
	struct np_components list;
	size_t order[4];
	const char *bad = NULL;
	const char *want[] = {"a", "d", "b", "c"};

	(void)state;
	four(&list);
	assert_true(np_components_link_order(&list, order, &bad));
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(list.v[order[i]].name, want[i]);
	/* A cycle and an unknown requirement name the component. */
	np_strv_push(&list.v[2].requires, "a");
	assert_false(np_components_link_order(&list, order, &bad));
	assert_non_null(bad);
	np_strv_release(&list.v[2].requires);
	np_strv_push(&list.v[1].requires, "zz");
	assert_false(np_components_link_order(&list, order, &bad));
	assert_string_equal(bad, "d");
	np_components_release(&list);
}

static void
test_closure(void **state)
{
	struct np_components list;
	struct np_strv out = {0};

	(void)state;
	four(&list);
	np_components_closure(&list, "a", &out);
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[0], "a");
	assert_string_equal(out.v[1], "b");
	assert_string_equal(out.v[2], "c");
	np_strv_release(&out);
	np_components_closure(&list, "d", &out);
	assert_int_equal(out.n, 1);
	np_strv_release(&out);
	np_components_release(&list);
}

/* A component's flags: the package's, restricted to its closure's libraries and definitions. */
static void
test_flags(void **state)
{
	struct np_resolution r = {0};
	struct np_strv out = {0};
	char *joined;

	(void)state;
	four_with(&r.components, true);
	np_strv_split(&r.cflags, "-I/p/include -DPKG=1 -DA=1 -DC=1", " ");
	np_strv_split(&r.ldflags, "-L/p/lib -Wl,-rpath,/p/lib -lla -llb -llc -lm", " ");
	np_component_cflags(&r, &r.components.v[3], &out); /* b: b and c */
	joined = np_strv_join(&out, " ");
	assert_string_equal(joined, "-I/p/include -DPKG=1 -DC=1");
	free(joined);
	np_strv_release(&out);
	np_component_ldflags(&r, &r.components.v[3], false, &out);
	joined = np_strv_join(&out, " ");
	assert_string_equal(joined, "-L/p/lib -Wl,-rpath,/p/lib -llb -llc -lm");
	free(joined);
	np_strv_release(&out);
	/* Static: its archives by name; d, not in the package line, is added where its own are. */
	r.link = NP_LINK_STATIC;
	np_component_ldflags(&r, &r.components.v[0], false, &out);
	joined = np_strv_join(&out, " ");
	assert_string_equal(joined, "-L/p/lib -Wl,-rpath,/p/lib -l:libla.a -l:liblb.a -l:liblc.a -lm");
	free(joined);
	np_strv_release(&out);
	np_component_ldflags(&r, &r.components.v[1], false, &out);
	joined = np_strv_join(&out, " ");
	assert_string_equal(joined, "-L/p/lib -Wl,-rpath,/p/lib -lld -lm");
	free(joined);
	np_strv_release(&out);
	np_component_libs(&r, &r.components.v[0], &out);
	joined = np_strv_join(&out, " ");
	assert_string_equal(joined, "la lb lc");
	free(joined);
	np_strv_release(&out);
	np_resolution_release(&r);
}

static void
test_copy_equal(void **state)
{
	struct np_components a, b = {0};

	(void)state;
	four(&a);
	np_components_copy(&b, &a);
	assert_true(np_components_equal(&a, &b));
	b.v[1].is_default = false;
	assert_false(np_components_equal(&a, &b));
	assert_string_equal(np_components_find_lib(&a, "lc")->name, "c");
	assert_null(np_components_find(&a, "zz"));
	np_components_release(&a);
	np_components_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_order),
		cmocka_unit_test(test_closure),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_copy_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
