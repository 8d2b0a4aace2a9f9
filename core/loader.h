/*
 * loader: what a target's dynamic loader searches without being told. A library in one of
 * these directories needs no runtime search path; one anywhere else does, or a program loads
 * another copy of it at run time (DESIGN §7).
 */
#ifndef NP_CORE_LOADER_H
#define NP_CORE_LOADER_H

#include <stdbool.h>

#include "core/strv.h"

/* Valid when zeroed; filled on first use by np_loader_is_default. */
struct np_loader {
	const char *root;    /* "" or NULL: this machine; else a sysroot the paths lie in (borrowed) */
	const char *multiarch; /* the target's multiarch name (x86_64-linux-gnu); NULL: this
	                          machine's when root is too, else none */
	struct np_strv dirs; /* the default directories, as real paths, in search order */
	bool read;
};

/*
 * The directories the loader searches by default, in its order: those ld.so.conf lists (the
 * loader finds them through ld.so.cache, so after `ldconfig`), then the system search path
 * (/lib/<multiarch>, /usr/lib/<multiarch>, /lib, /usr/lib, and lib64 where it exists).
 * Borrowed from l.
 */
const struct np_strv *np_loader_default_dirs(struct np_loader *l);
/* Whether dir (absolute) is one of them, comparing real paths. */
bool np_loader_is_default(struct np_loader *l, const char *dir);
void np_loader_release(struct np_loader *l);

#endif
