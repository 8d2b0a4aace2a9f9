/*
 * scratch: one temporary directory per unit-test program, made before its tests (cmocka's
 * group setup) and removed after them. Include after <cmocka.h>; the program defines
 * SCRATCH_NAME ("fs") before including it and refers to the directory as `dir`.
 */
#ifndef NP_TESTS_UNIT_SCRATCH_H
#define NP_TESTS_UNIT_SCRATCH_H

#include <stdlib.h>

#include "core/fs.h"

static char dir[] = "/tmp/nativepkg-" SCRATCH_NAME "-XXXXXX";

static int
scratch_setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
scratch_teardown(void **state)
{
	(void)state;
	return np_fs_remove_tree(dir, NULL) ? 0 : -1;
}

#endif
