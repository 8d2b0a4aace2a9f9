/*
 * loader: what a target's dynamic loader searches without being told. A library in one of
 * these directories needs no runtime search path; one anywhere else does, or a program loads
 * another copy of it at run time (DESIGN §7). And the loader's whole search, to tell which
 * files a given program or library would load (nativepkg verify FILE).
 */
#ifndef NP_CORE_LOADER_H
#define NP_CORE_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/elf.h"
#include "core/error.h"
#include "core/strv.h"

/* One entry of the loader cache (/etc/ld.so.cache). */
struct np_loader_cache_entry {
	char *name;     /* the library name a DT_NEEDED asks for (libz.so.1) */
	char *path;     /* where the library is */
	uint32_t flags; /* its kind: the ELF flavour and the ABI (x86-64, AArch64 ...) */
	uint64_t hwcap; /* non-zero: a copy for particular processor capabilities */
};

/* Valid when zeroed. */
struct np_loader_cache {
	struct np_loader_cache_entry *v;
	size_t n;
};

/* Valid when zeroed; filled on first use by np_loader_is_default. */
struct np_loader {
	const char *root;    /* "" or NULL: this machine; else a sysroot the paths lie in (borrowed) */
	const char *multiarch; /* the target's multiarch name (x86_64-linux-gnu); NULL: this
	                          machine's when root is too, else none */
	struct np_strv dirs; /* the default directories, as real paths, in search order */
	bool read;
	struct np_strv system; /* the system search path: the part of dirs not from ld.so.conf */
	/* For np_loader_closure, the environment of the program (borrowed): */
	const char *library_path; /* LD_LIBRARY_PATH; NULL when unset */
	const char *platform;     /* what $PLATFORM expands to; NULL: this machine's (AT_PLATFORM) */
	struct np_loader_cache cache; /* <root>/etc/ld.so.cache, read on first use */
	char *cache_problem; /* why it could not be used (NULL: it could, or there is none) */
	bool cache_read;
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

/* How the loader found a library, in the order it tries them. */
enum np_loader_via {
	NP_LOADER_VIA_ROOT,    /* the program or library asked about */
	NP_LOADER_VIA_INTERP,  /* the program's interpreter (PT_INTERP), loaded with it */
	NP_LOADER_VIA_PATH,    /* a DT_NEEDED holding a '/': that path */
	NP_LOADER_VIA_RPATH,   /* DT_RPATH of the object needing it or of one that loaded that */
	NP_LOADER_VIA_ENV,     /* LD_LIBRARY_PATH */
	NP_LOADER_VIA_RUNPATH, /* DT_RUNPATH of the object needing it */
	NP_LOADER_VIA_CACHE,   /* the loader cache, ld.so.cache */
	NP_LOADER_VIA_DEFAULT, /* the system search path */
};

/* One object the loader maps for a program. */
struct np_loader_object {
	char *path;      /* the path the loader opens, with $ORIGIN and the like expanded */
	char *real;      /* its real path */
	struct np_elf elf;
	size_t parent;   /* the object whose DT_NEEDED loaded it; SIZE_MAX for the root */
	char *needed;    /* that DT_NEEDED entry; NULL for the root and the interpreter */
	enum np_loader_via via;
	size_t via_object; /* NP_LOADER_VIA_RPATH: the object whose DT_RPATH listed it */
	struct np_strv names; /* what a DT_NEEDED matches it by: the names it was loaded as, SONAME */
	dev_t dev;
	ino_t ino;
};

/* A DT_NEEDED entry the loader cannot satisfy: the program does not start. */
struct np_loader_missing {
	size_t from;  /* the object needing it */
	char *name;
	char *why;    /* "not found", or what is wrong with the file it would take */
};

/* Valid when zeroed. */
struct np_loader_closure {
	struct np_loader_object *v; /* v[0] is the root; then in the order the loader maps them */
	size_t n;
	size_t cap;
	struct np_loader_missing *missing;
	size_t nmissing;
	size_t capmissing;
};

/*
 * Every object the dynamic loader (glibc's ld.so) would map for file, a program or a shared
 * library, found as it finds them: breadth first from file's DT_NEEDED entries, a name already
 * loaded (by a DT_NEEDED or SONAME) reused, else a '/' in the name as a path, else DT_RPATH of
 * the object needing it and of each object that loaded that one (only when the object needing
 * it has no DT_RUNPATH; an object's DT_RPATH counts only when it has no DT_RUNPATH), then
 * l->library_path, then the object's own DT_RUNPATH, then the loader cache and the system
 * search path (unless DF_1_NODEFLIB). $ORIGIN, $LIB and $PLATFORM are expanded as the loader
 * expands them; a file of another machine, word size or byte order than file is passed over,
 * as the loader passes it over. With a root, the loader's own files (ld.so.conf, ld.so.cache
 * and the paths it lists, the system directories) are read under it; the paths in the objects
 * and in library_path are taken as they are.
 *
 * Not modelled: glibc-hwcaps and legacy hardware-capability subdirectories, LD_PRELOAD and
 * /etc/ld.so.preload, setuid programs' secure mode, and the cache's own architecture flags
 * (the file's machine is checked instead). Fails only when file cannot be read as ELF or the
 * closure is absurdly large; what cannot be found is in out->missing.
 */
bool np_loader_closure(struct np_loader *l, const char *file, struct np_loader_closure *out,
	struct np_error *err);
void np_loader_closure_release(struct np_loader_closure *c);
/* "DT_RPATH", "LD_LIBRARY_PATH", "ld.so.cache", ... Borrowed. */
const char *np_loader_via_name(enum np_loader_via via);

/*
 * Parses a loader cache in glibc's format (glibc-ld.so.cache1.1, alone or after the old
 * ld.so-1.7.0 table; or the old table alone), checking every count, offset and string against
 * the data: a malformed cache is NP_EXIT_INPUT, never read out of bounds.
 */
bool np_loader_cache_parse(const void *data, size_t len, struct np_loader_cache *out,
	struct np_error *err);
void np_loader_cache_release(struct np_loader_cache *c);

#endif
