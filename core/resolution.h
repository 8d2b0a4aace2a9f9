/*
 * resolution: the answer for one package, whatever found it — the single model every writer
 * renders (DESIGN §2). Paths are absolute.
 */
#ifndef NP_CORE_RESOLUTION_H
#define NP_CORE_RESOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/component.h"
#include "core/error.h"
#include "core/index.h"
#include "core/inputs.h"
#include "core/strv.h"

enum np_method {
	NP_METHOD_NONE,
	NP_METHOD_OVERRIDE,
	NP_METHOD_LOCK,
	NP_METHOD_PKG_CONFIG,
	NP_METHOD_PROBE,
	NP_METHOD_CACHE,
	NP_METHOD_BUILD,
};

enum np_link {
	NP_LINK_SHARED,
	NP_LINK_STATIC,
};

/* Valid when zeroed. */
struct np_resolution {
	char *name;    /* package */
	char *links;   /* links name */
	char *version; /* NULL when unknown */
	enum np_method method;
	enum np_link link;
	char *prefix;  /* NULL when there is no single prefix */
	char *recipe;  /* recipe file, NULL for an implicit recipe */
	char *pc_file; /* the .pc file used (pkg-config) */
	char *dylib;   /* absolute path of the shared object, NULL when static or unknown */
	char *build_key; /* cache and build: the key of the build (DESIGN §6) */

	struct np_strv include_dirs; /* every include directory, system ones too */
	struct np_strv lib_dirs;     /* every library directory, system ones too */
	struct np_strv libs;         /* library names for the chosen link kind, in link order */
	struct np_strv cflags;       /* compiler arguments (system -I dropped, as pkgconf does) */
	struct np_strv ldflags;      /* linker arguments for the chosen link kind */
	struct np_strv static_ldflags; /* the static closure (Libs.private, dependencies) */
	/*
	 * Where the loader must be told to look for this answer's shared libraries: their
	 * directories outside the target's default ones (core/loader.h). Empty for a static
	 * answer and for libraries the loader finds on its own. With `runpath` the link arguments
	 * above carry them as a runtime search path (-Wl,-rpath); without, only the run
	 * environment and DEP_<L>_RUNTIME_DIRS name them (NATIVEPKG_RUNPATH=0).
	 */
	struct np_strv runtime_dirs;
	bool runpath;

	struct np_strv deps;         /* names of the packages this one depends on */

	/* What it points at, for the consistency checks and the lock's fingerprints. */
	struct np_strv lib_files;    /* the package's own library files for the link kind */
	struct np_strv header_files; /* the recipe's headers, where they were found */
	char *header_version;        /* what the recipe's version macro says; NULL when unread */

	/* What the recipe exports, for the writers (they read nothing but resolutions). */
	char *description;
	char *pc_module;             /* the .pc nativepkg writes: exports.pkg_config, else the name */
	struct np_strv pc_aliases;   /* the same .pc under more module names */
	char *cmake_package;         /* NULL: no CMake package config */
	char *cmake_prefix;          /* of the classic result variables */
	char *cmake_compat;          /* SameMajorVersion, ... */
	struct np_strv cmake_aliases; /* more package names whose config is cmake_package's */
	struct np_kv metadata;       /* recipe-defined extra keys, values expanded */
	/*
	 * The libraries of the package, the main one first (core/component.h): each with the file
	 * found for the link kind, its definitions for that kind, its dependencies resolved and
	 * its metadata expanded. Every writer iterates them.
	 */
	struct np_components components;
	struct np_strv features;     /* the features it was built or chosen with, sorted */
	struct np_inputs inputs;     /* what can change this answer */

	/* How it was asked for (recorded in the lock; writers ignore these). */
	struct np_strv aliases;      /* packages it stands in for (its recipe "provides" them) */
	struct np_strv requested_by; /* "nativepkg.json", "command line" or package names, sorted */
	char *range;                 /* the version range every requester accepts; NULL: any */
	char *mode;                  /* auto, system or build */
	bool from_lock;              /* reused from nativepkg.lock in this run */
};

/* Resolutions in dependency order (a package after everything it depends on). */
struct np_resolution_set {
	struct np_resolution **v;
	size_t n;
	size_t cap;
	struct np_index ix; /* name and aliases -> position */
};

void np_resolution_release(struct np_resolution *r);
/* A deep copy of src into dst (zeroed first). */
void np_resolution_copy(struct np_resolution *dst, const struct np_resolution *src);
/*
 * A 64-bit FNV-1a digest of everything the writers read from the resolutions, in order: equal
 * digests mean equal outputs (a collision is a 2^-64 chance of skipping a rewrite).
 */
uint64_t np_resolution_set_digest(const struct np_resolution_set *set);
/* Whether two resolutions hold the same answer and request, field for field. */
bool np_resolution_equal(const struct np_resolution *a, const struct np_resolution *b);
/*
 * What a dependent's build or lock entry records of this answer: "build <key>" for a package
 * nativepkg built, else "<method> <version> <link> <include dirs> <library dirs>". Two
 * resolutions with the same identity are interchangeable for a dependent. Caller frees.
 */
char *np_resolution_identity(const struct np_resolution *r);
/* Takes ownership of r. */
void np_resolution_set_add(struct np_resolution_set *set, struct np_resolution *r);
/*
 * Puts set->v[from..] in the order of order[0..n), which holds the same resolutions; nothing
 * happens when it already is.
 */
void np_resolution_set_reorder(struct np_resolution_set *set, size_t from,
	const struct np_resolution *const *order, size_t n);
/* Borrowed; NULL when absent. A package is also found by the names it stands in for. */
struct np_resolution *np_resolution_set_find(const struct np_resolution_set *set, const char *name);
struct np_resolution *np_resolution_set_find_links(const struct np_resolution_set *set,
	const char *links);
void np_resolution_set_release(struct np_resolution_set *set);

/*
 * The DEP_<LINKS>_<KEY> variables of a resolution (DESIGN §7) in their fixed order: ROOT,
 * INCLUDE, LIB_DIR, LIBS, VERSION, STATIC, CFLAGS, LDFLAGS, RUNTIME_DIRS, DYLIB, METHOD, then
 * the recipe's metadata keys, then for a package of several components each component's
 * <COMPONENT>_LIBS, _CFLAGS, _LDFLAGS and _DYLIB, and every component's metadata
 * (<COMPONENT>_<KEY>). Writers render them; builds hand them to dependents, as Cargo does. Refuses
 * (NP_EXIT_INPUT) a directory containing ':', which a path list cannot carry.
 */
bool np_resolution_vars(const struct np_resolution *r, struct np_kv *out, struct np_error *err);
/* Appends one argument with pkg-config's backslash escaping. */
void np_resolution_quote_arg(const char *arg, struct np_buf *out);
/* Appends every argument, quoted, each followed by a space (pkg-config's own layout). */
void np_resolution_quote_args(const struct np_strv *args, struct np_buf *out);

const char *np_method_name(enum np_method m);
bool np_method_from_name(const char *name, enum np_method *out);
const char *np_link_name(enum np_link l);

#endif
