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

#define NP_WRITE_CPS_VERSION "0.14.0"

/*
 * One file a CPS reader (CMake 4.3's find_package) accepts where it lies, <tree>/cps/<name>.cps:
 * "cps_path" is "@prefix@/cps" and every path is absolute. One component per library (dylib or
 * archive at its real path; interface when there is no file), the first requiring the others;
 * the dependencies as packages ("requires") and components: "requires" when the consumer links
 * them (a static answer), else "compile_requires" and, for a shared dependency,
 * "dyld_requires" (the loader must find it). The runtime search path is "link_flags"
 * (-Wl,-rpath); a static closure's other libraries are "link_libraries". Refuses invalid UTF-8
 * (JSON).
 */
bool np_write_cps(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err);

#endif
