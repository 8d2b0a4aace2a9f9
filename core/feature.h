/*
 * feature: an optional part of a package (libevent with or without OpenSSL), declared by its
 * recipe (schema 2) with the build options, dependencies, definitions and components it
 * brings, and chosen per package from the configuration (NATIVEPKG_<NAME>_FEATURES, or
 * "features" in nativepkg.json) on top of the recipe's defaults. Choosing applies them to the
 * recipe the rest of nativepkg sees; the choice is part of the build key and of the lock.
 */
#ifndef NP_CORE_FEATURE_H
#define NP_CORE_FEATURE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/strv.h"

struct np_recipe;

/* Valid when zeroed. */
struct np_feature {
	char *name;                  /* a file name (core/name.h) */
	char *description;
	bool on_by_default;          /* "default" */
	struct np_strv options;      /* build options when on */
	struct np_strv off_options;  /* build options when off (build systems that detect on their own) */
	struct np_strv definitions;  /* definitions for every consumer when on */
	struct np_strv components;   /* components that exist only when on */
	/* Dependencies when on, as in a recipe: name -> range, static/shared, kind. */
	struct np_kv dependencies;
	struct np_kv dependency_links;
	struct np_kv dependency_kinds;
};

struct np_features {
	struct np_feature *v;
	size_t n;
	size_t cap;
};

/* Appends a zeroed feature named name; borrowed. */
struct np_feature *np_features_add(struct np_features *list, const char *name);
void np_features_release(struct np_features *list);
const struct np_feature *np_features_find(const struct np_features *list, const char *name);

/*
 * The features to build r with: its defaults, changed by `setting` (NULL: none), a list of
 * names separated by spaces or commas where "NAME" turns one on and "-NAME" off. Sorted into
 * *selected. An unknown name is NP_EXIT_INPUT naming origin and the features there are.
 */
bool np_feature_select(const struct np_recipe *r, const char *setting, const char *origin,
	struct np_strv *selected, struct np_error *err);

/*
 * Makes r the recipe of that choice: each selected feature's options, definitions and
 * dependencies join the recipe's; each other feature's off-options join the options and its
 * components leave the recipe (and every requirement of them). r->features_selected records
 * the choice. Once per recipe.
 */
void np_feature_apply(struct np_recipe *r, const struct np_strv *selected);

#endif
