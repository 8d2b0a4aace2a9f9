/*
 * write_cps: a Common Package Specification file (<name>.cps, the JSON package description
 * CMake 4 reads) for every package — including libraries found on the system, which no other
 * tool describes in CPS.
 */
#ifndef NP_CLI_WRITE_CPS_H
#define NP_CLI_WRITE_CPS_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

#define NP_WRITE_CPS_VERSION "0.13.0"

/* One component per library (dylib or archive, with its file), requiring the dependencies'
 * first components. Refuses invalid UTF-8 (JSON). */
bool np_write_cps(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err);

#endif
