/*
 * linkage: how a consumer links an answer so that it loads, at run time, the copy it linked
 * (DESIGN §7). Shared libraries outside the target loader's default directories get their
 * directories recorded (runtime_dirs) and, unless turned off, a runtime search path right after
 * their -L; the loader's default directories get neither -L nor a runtime path, so a system
 * directory never shadows a chosen copy on a link line; and a static answer names its
 * archives (-l:lib<name>.a), so a shared object beside one is never what the linker takes.
 */
#ifndef NP_CORE_LINKAGE_H
#define NP_CORE_LINKAGE_H

#include <stdbool.h>

#include "core/loader.h"
#include "core/resolution.h"

/*
 * Rewrites r's link arguments (ldflags and, for a static answer, its static closure) and fills
 * r->runtime_dirs and r->runpath. set holds r's dependencies: the libraries of those answered
 * static are named by archive too. Call once per fresh answer, after its dependencies' closure
 * was added.
 */
void np_linkage_apply(struct np_resolution *r, const struct np_resolution_set *set,
	struct np_loader *loader, bool runpath);

/* The argument naming lib<name>.a alone: "-l:lib<name>.a". Caller frees. */
char *np_linkage_archive_arg(const char *name);
/* <name> when arg is "-l:lib<name>.a", else NULL. Caller frees. */
char *np_linkage_archive_name(const char *arg);

#endif
