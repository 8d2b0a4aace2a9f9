/*
 * catalog: where recipes are found. An ordered list of directories (--recipes, then
 * NATIVEPKG_RECIPE_PATH, then the workspace's recipes/, then the built-in recipes); a recipe
 * found earlier shadows a same-named one later.
 */
#ifndef NP_CORE_CATALOG_H
#define NP_CORE_CATALOG_H

#include <stdbool.h>

#include "core/strv.h"

/* Valid when zeroed. */
struct np_catalog {
	struct np_strv dirs;
	struct np_strv origins; /* why each directory is searched, for explain */
};

void np_catalog_add(struct np_catalog *c, const char *dir, const char *origin);
/* The same at the front: searched before every other directory. */
void np_catalog_prepend(struct np_catalog *c, const char *dir, const char *origin);
/*
 * Looks for <dir>/<name>.json along the path. On success *path is the first match (caller
 * frees) and `shadowed` (optional) receives the later ones. Invalid names never match.
 */
bool np_catalog_find(const struct np_catalog *c, const char *name, char **path,
	struct np_strv *shadowed);
/* Every recipe name on the path (first match wins), sorted by name, with its file. */
void np_catalog_list(const struct np_catalog *c, struct np_kv *out);
void np_catalog_release(struct np_catalog *c);
/* The built-in recipe directory next to the running executable (caller frees), or NULL. */
char *np_catalog_builtin_dir(void);

#endif
