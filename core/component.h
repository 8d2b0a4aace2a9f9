/*
 * component: one library of a package as data every writer iterates (DESIGN §7): its name,
 * the library it is, the pkg-config module and CMake targets it is published as, the other
 * components of its package and the dependencies it needs, its own compile definitions and
 * DEP_<LINKS>_<COMPONENT>_<KEY> metadata. A recipe declares components (schema 2; a schema-1
 * recipe's libraries become components when it is loaded); an answer carries them with the
 * file found for each (core/resolution.h). Writers never special-case a component: they ask
 * this module for its flags, its closure and its names.
 */
#ifndef NP_CORE_COMPONENT_H
#define NP_CORE_COMPONENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strv.h"

struct np_resolution;
struct np_resolution_set;

/* Valid when zeroed, except is_default (true unless a recipe says otherwise). */
struct np_component {
	char *name;                   /* a file name (core/name.h): "8", "posix", "turbojpeg" */
	char *lib;                    /* the library, as given to -l ("pcre2-8") */
	char *pc_module;              /* its own .pc (lib/pkgconfig/<module>.pc); NULL: none */
	struct np_strv pc_aliases;    /* the same .pc under more names */
	struct np_strv cmake_targets; /* the imported target, then more names for it */
	struct np_strv requires;      /* components of the same package it needs */
	/*
	 * The dependencies it needs: "pkg" or "pkg:component". In a recipe, has_dependencies says
	 * whether the list was given (an empty list: none); without it the component needs every
	 * link dependency of its package. In an answer the list is what it needs, resolved.
	 */
	struct np_strv dependencies;
	bool has_dependencies;
	struct np_strv definitions;        /* NAME or NAME=VALUE, for every consumer */
	struct np_strv static_definitions; /* added for a static link (an answer folds them in) */
	struct np_kv metadata;        /* DEP_<LINKS>_<COMPONENT>_<KEY> values (expanded in an answer) */
	bool is_default;              /* part of the package's own answer (default true) */

	/* In an answer only. */
	char *file;                   /* its library file for the link kind; NULL when not found */
};

/* An ordered list of components: declaration order, the first being the main component. */
struct np_components {
	struct np_component *v;
	size_t n;
	size_t cap;
};

/* Appends a zeroed component named name (is_default true) and returns it (borrowed). */
struct np_component *np_components_add(struct np_components *list, const char *name);
void np_component_release(struct np_component *c);
void np_components_release(struct np_components *list);
void np_components_copy(struct np_components *dst, const struct np_components *src);
bool np_components_equal(const struct np_components *a, const struct np_components *b);
/* Borrowed; NULL when absent. */
const struct np_component *np_components_find(const struct np_components *list,
	const char *name);
const struct np_component *np_components_find_lib(const struct np_components *list,
	const char *lib);

/*
 * Link order: positions into list such that a component comes before every component it
 * requires (the order a static link line needs), declaration order otherwise. False (order
 * left empty) when the requirements form a cycle or name a component that is not there; *bad
 * (borrowed, optional) names a component on the cycle or the one with the unknown requirement.
 */
bool np_components_link_order(const struct np_components *list, size_t *order, const char **bad);

/*
 * The components c needs, itself first, then everything it requires, transitively, in link
 * order (a name per element). Unknown names are skipped.
 */
void np_components_closure(const struct np_components *list, const char *name,
	struct np_strv *out);

/* The environment key of a component ("pcre2-posix" -> "PCRE2_POSIX"). Caller frees. */
char *np_component_env(const char *name);

/*
 * What an answer says of component c (of r, whose set is `set`): the compiler arguments (r's
 * include directories and package definitions, and the definitions of c and of every
 * component it requires), the linker arguments (r's link line restricted to the libraries of
 * c's closure, with r's directories, runtime path and the rest of a static closure), and the
 * library names of its closure in link order. Each appends to out.
 */
void np_component_cflags(const struct np_resolution *r, const struct np_component *c,
	struct np_strv *out);
void np_component_ldflags(const struct np_resolution *r, const struct np_component *c,
	bool static_closure, struct np_strv *out);
void np_component_libs(const struct np_resolution *r, const struct np_component *c,
	struct np_strv *out);
/*
 * The pkg-config modules that stand for the dependency named dep ("pkg" or "pkg:component")
 * of a package: a component's own module, else its package's module, else the modules of
 * the package's default components. Appends to out.
 */
void np_component_dep_modules(const struct np_resolution_set *set, const char *dep,
	struct np_strv *out);
/*
 * The resolution a dependency reference names ("pkg" or "pkg:comp"), and the component when
 * one is named (*comp, NULL otherwise). NULL when the package is not in set.
 */
const struct np_resolution *np_component_dep(const struct np_resolution_set *set,
	const char *dep, const struct np_component **comp);

#endif
