/*
 * write_pc: a self-contained pkg-config file per package and per component with a module of
 * its own, so meson's dependency(), autotools' PKG_CHECK_MODULES and anything else that runs
 * pkg-config get nativepkg's answer from .nativepkg/lib/pkgconfig. Dependencies are Requires.private on the modules written beside
 * it; the static closure's remainder is Libs.private.
 */
#ifndef NP_CLI_WRITE_PC_H
#define NP_CLI_WRITE_PC_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

/*
 * Renders r's .pc. Values are escaped as pkgconf reads them (backslash before blanks, quotes,
 * backslashes and '#'); what a .pc cannot carry — a newline, "${", a value over 4000 bytes —
 * is refused with NP_EXIT_INPUT. Directories that do not exist are left out, so the file
 * points only at what is there.
 */
bool np_write_pc(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err);
/*
 * The .pc of component c of r (c->pc_module): Requires on the modules of the components it
 * requires, Requires.private on its dependencies', its own flags (core/component.h).
 */
bool np_write_pc_component(const struct np_resolution *r, const struct np_component *c,
	const struct np_resolution_set *set, struct np_buf *out, struct np_error *err);

#endif
