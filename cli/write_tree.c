/* write_tree: the .nativepkg/ output tree. */
#include "cli/write_tree.h"

#include <stdlib.h>

#include "cli/write_cargo.h"
#include "cli/write_cmake.h"
#include "cli/write_env.h"
#include "cli/write_json.h"
#include "cli/write_pc.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"

struct file {
	char *path; /* relative to the tree */
	struct np_buf text;
};

struct files {
	struct file *v;
	size_t n, cap;
};

static struct np_buf *
add(struct files *fs, char *path)
{
	fs->v = np_xgrow(fs->v, &fs->cap, fs->n + 1, sizeof *fs->v);
	fs->v[fs->n].path = path;
	np_buf_init(&fs->v[fs->n].text);
	return &fs->v[fs->n++].text;
}

bool
np_write_tree(const struct np_resolution_set *set, const char *target, const char *dir,
	struct np_strv *written, struct np_error *err)
{
	struct files fs = {0};
	bool ok = true;

	for (size_t i = 0; i < set->n && ok; i++) {
		struct np_resolution *r = set->v[i];
		ok = np_write_env(&set->v[i], 1, NP_ENV_FORMAT_DOTENV,
			     add(&fs, np_xasprintf("env/%s.env", r->links)), err) &&
			np_write_cargo(&set->v[i], 1, add(&fs, np_xasprintf("cargo/%s.txt", r->links)), err) &&
			np_write_pc(r, set, add(&fs, np_xasprintf("lib/pkgconfig/%s.pc", r->pc_module)), err);
		if (ok && r->cmake_package) {
			struct np_buf *config = add(&fs, np_xasprintf("lib/cmake/%s/%sConfig.cmake",
				r->cmake_package, r->cmake_package));
			struct np_buf *version = add(&fs, np_xasprintf("lib/cmake/%s/%sConfigVersion.cmake",
				r->cmake_package, r->cmake_package));
			ok = np_write_cmake(r, set, config, version, err);
		}
	}
	ok = ok && np_write_env(set->v, set->n, NP_ENV_FORMAT_DOTENV, add(&fs, np_xstrdup("env/all.env")), err);
	ok = ok && np_write_env(set->v, set->n, NP_ENV_FORMAT_SH, add(&fs, np_xstrdup("env/all.sh")), err);
	/* Last: a reader that sees the new resolution.json sees every file it describes. */
	ok = ok && np_write_json(set, target, add(&fs, np_xstrdup("resolution.json")), err);
	if (ok)
		ok = np_fs_mkdirs(dir, err);
	for (size_t i = 0; i < fs.n && ok; i++) {
		char *path = np_path_join(dir, fs.v[i].path), *parent = np_path_dirname(path);
		ok = np_fs_mkdirs(parent, err) &&
			np_fs_update(path, np_buf_str(&fs.v[i].text), fs.v[i].text.len, NULL, err);
		if (ok && written)
			np_strv_push(written, path);
		free(parent);
		free(path);
	}
	for (size_t i = 0; i < fs.n; i++) {
		free(fs.v[i].path);
		np_buf_release(&fs.v[i].text);
	}
	free(fs.v);
	return ok;
}
