/* catalog: the recipe search path. */
#include "core/catalog.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/name.h"
#include "core/text.h"

void
np_catalog_add(struct np_catalog *c, const char *dir, const char *origin)
{
	np_strv_push(&c->dirs, dir);
	np_strv_push(&c->origins, origin);
}

/* Inserts s at the front of sv. */
static void
push_front(struct np_strv *sv, const char *s)
{
	char *last;

	np_strv_push(sv, s);
	last = sv->v[sv->n - 1];
	memmove(sv->v + 1, sv->v, (sv->n - 1) * sizeof *sv->v);
	sv->v[0] = last;
}

void
np_catalog_prepend(struct np_catalog *c, const char *dir, const char *origin)
{
	push_front(&c->dirs, dir);
	push_front(&c->origins, origin);
}

bool
np_catalog_find(const struct np_catalog *c, const char *name, char **path,
	struct np_strv *shadowed)
{
	*path = NULL;
	if (!np_name_valid_package(name))
		return false;
	for (size_t i = 0; i < c->dirs.n && (*path == NULL || shadowed); i++) {
		char *file = np_xasprintf("%s/%s.json", c->dirs.v[i], name);
		if (!np_fs_is_file(file))
			free(file);
		else if (*path == NULL)
			*path = file;
		else
			np_strv_push_owned(shadowed, file);
	}
	return *path != NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
np_catalog_list(const struct np_catalog *c, struct np_kv *out)
{
	struct np_strv names = {0};

	for (size_t i = 0; i < c->dirs.n; i++) {
		DIR *d = opendir(c->dirs.v[i]);
		struct dirent *e;
		if (d == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			char *name;
			if (!np_text_ends_with(e->d_name, ".json"))
				continue;
			name = np_xstrndup(e->d_name, strlen(e->d_name) - 5);
			if (np_name_valid_package(name))
				np_strv_push_unique(&names, name);
			free(name);
		}
		closedir(d);
	}
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		char *path;
		if (np_catalog_find(c, names.v[i], &path, NULL)) {
			np_kv_set(out, names.v[i], path);
			free(path);
		}
	}
	np_strv_release(&names);
}

void
np_catalog_release(struct np_catalog *c)
{
	np_strv_release(&c->dirs);
	np_strv_release(&c->origins);
}

char *
np_catalog_builtin_dir(void)
{
	char *exe = np_path_self_exe(), *bindir, *prefix, *dir;

	if (exe == NULL)
		return NULL;
	/* <prefix>/bin/nativepkg -> <prefix>/share/nativepkg/recipes; the build tree mirrors it. */
	bindir = np_path_dirname(exe);
	prefix = np_path_dirname(bindir);
	dir = np_path_join(prefix, "share/nativepkg/recipes");
	free(prefix);
	free(bindir);
	free(exe);
	if (!np_fs_is_dir(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}
