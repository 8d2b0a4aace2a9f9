/* write_tree: the .nativepkg/ output tree, or any subset of it anywhere (emit). */
#include "cli/write_tree.h"

#include <stdlib.h>
#include <string.h>

#include "cli/write_cargo.h"
#include "cli/write_cmake.h"
#include "cli/write_cps.h"
#include "cli/write_env.h"
#include "cli/write_json.h"
#include "cli/write_pc.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"

static const struct {
	const char *name;
	enum np_tree_part part;
} part_names[] = {
	{"json", NP_TREE_JSON}, {"env", NP_TREE_ENV}, {"cargo", NP_TREE_CARGO},
	{"pkg-config", NP_TREE_PKGCONFIG}, {"cmake", NP_TREE_CMAKE}, {"cps", NP_TREE_CPS},
};

bool
np_write_tree_parts(const char *list, unsigned *parts, struct np_error *err)
{
	struct np_strv names = {0};
	bool ok = true;

	*parts = 0;
	np_strv_split(&names, list, ", ");
	for (size_t i = 0; i < names.n && ok; i++) {
		size_t k;
		for (k = 0; k < sizeof part_names / sizeof *part_names; k++)
			if (strcmp(names.v[i], part_names[k].name) == 0)
				break;
		if (k == sizeof part_names / sizeof *part_names)
			ok = np_error_set(err, NP_EXIT_USAGE, "unknown output '%s' (expected json, env, "
				"cargo, pkg-config, cmake or cps)", names.v[i]);
		else
			*parts |= part_names[k].part;
	}
	np_strv_release(&names);
	if (ok && *parts == 0)
		ok = np_error_set(err, NP_EXIT_USAGE, "no output named");
	return ok;
}

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

static bool
render_package(const struct np_resolution_set *set, size_t i, unsigned parts, struct files *fs,
	struct np_error *err)
{
	struct np_resolution *r = set->v[i];

	if ((parts & NP_TREE_ENV) && !np_write_env(&set->v[i], 1, NP_ENV_FORMAT_DOTENV,
					    add(fs, np_xasprintf("env/%s.env", r->links)), err))
		return false;
	if ((parts & NP_TREE_CARGO) &&
		!np_write_cargo(&set->v[i], 1, NP_CARGO_SYNTAX_LEGACY, add(fs, np_xasprintf("cargo/%s.txt", r->links)), err))
		return false;
	if ((parts & NP_TREE_PKGCONFIG) &&
		!np_write_pc(r, set, add(fs, np_xasprintf("lib/pkgconfig/%s.pc", r->pc_module)), err))
		return false;
	/* The names upstream also installs (libpng.pc beside libpng16.pc): the same file. */
	for (size_t k = 0; (parts & NP_TREE_PKGCONFIG) && k < r->pc_aliases.n; k++)
		if (!np_write_pc(r, set, add(fs, np_xasprintf("lib/pkgconfig/%s.pc",
						       r->pc_aliases.v[k])), err))
			return false;
	if ((parts & NP_TREE_CPS) && !np_write_cps(r, set, add(fs, np_xasprintf("cps/%s.cps", r->name)),
					    err))
		return false;
	if ((parts & NP_TREE_CMAKE) && r->cmake_package) {
		struct np_buf *config = add(fs, np_xasprintf("lib/cmake/%s/%sConfig.cmake",
			r->cmake_package, r->cmake_package));
		struct np_buf *version = add(fs, np_xasprintf("lib/cmake/%s/%sConfigVersion.cmake",
			r->cmake_package, r->cmake_package));
		if (!np_write_cmake(r, set, config, version, err))
			return false;
		for (size_t k = 0; k < r->cmake_aliases.n; k++) {
			const char *a = r->cmake_aliases.v[k];
			config = add(fs, np_xasprintf("lib/cmake/%s/%sConfig.cmake", a, a));
			version = add(fs, np_xasprintf("lib/cmake/%s/%sConfigVersion.cmake", a, a));
			if (!np_write_cmake_alias(r, a, config, version, err))
				return false;
		}
	}
	return true;
}

#define STAMP_FILE "tree-stamp"

static char *
stamp_header(const struct np_resolution_set *set, const char *target, unsigned parts)
{
	return np_xasprintf("nativepkg tree 1 %s %s %u %016llx\n", NP_VERSION, target ? target : "-",
		parts, (unsigned long long)np_resolution_set_digest(set));
}

/* "<stamp> rel": the identity of a file of the tree, as np_fs_stamp_add writes it. */
static void
stamp_line(struct np_buf *out, const char *dir, const char *rel)
{
	char *path = np_path_join(dir, rel);
	struct np_fs_stamp st;

	np_fs_stamp(path, &st);
	free(path);
	np_fs_stamp_add(out, &st);
	np_buf_addc(out, ' ');
	np_buf_adds(out, rel);
	np_buf_addc(out, '\n');
}

/* The file named by a stamp line; NULL for a malformed line. */
static const char *
stamped_name(const char *line)
{
	line = np_fs_stamp_skip(line);
	return line && *line ? line : NULL;
}

/* Whether the tree in dir is exactly what this digest wrote, untouched since. */
static bool
stamp_holds(const char *dir, const char *header)
{
	char *path = np_path_join(dir, STAMP_FILE);
	struct np_buf text = {0};
	struct np_strv lines = {0};
	bool ok = np_fs_read(path, 64u << 20, &text, NULL) &&
		strncmp(np_buf_str(&text), header, strlen(header)) == 0;

	if (ok)
		np_strv_split(&lines, np_buf_str(&text) + strlen(header), "\n");
	for (size_t i = 0; ok && i < lines.n; i++) {
		const char *rel = stamped_name(lines.v[i]);
		char *file = rel ? np_path_join(dir, rel) : NULL;
		ok = file && np_fs_stamp_holds(lines.v[i], file);
		free(file);
	}
	ok = ok && lines.n > 0;
	np_strv_release(&lines);
	np_buf_release(&text);
	free(path);
	return ok;
}

bool
np_tree_current(const struct np_resolution_set *set, const char *target, const char *dir,
	unsigned parts)
{
	char *header = stamp_header(set, target, parts);
	bool current = stamp_holds(dir, header);

	free(header);
	return current;
}

bool
np_tree_files(const char *dir, struct np_strv *paths)
{
	char *path = np_path_join(dir, STAMP_FILE);
	struct np_buf text = {0};
	struct np_strv lines = {0};
	bool ok = np_fs_read(path, 64u << 20, &text, NULL);

	if (ok) {
		np_strv_push(paths, path);
		np_strv_split(&lines, np_buf_str(&text), "\n");
	}
	for (size_t i = 1; ok && i < lines.n; i++) { /* past the header */
		const char *rel = stamped_name(lines.v[i]);
		if (rel)
			np_strv_push_owned(paths, np_path_join(dir, rel));
		ok = rel != NULL;
	}
	np_strv_release(&lines);
	np_buf_release(&text);
	free(path);
	return ok;
}

bool
np_write_tree(const struct np_resolution_set *set, const char *target, const char *dir,
	unsigned parts, bool stamp, struct np_strv *written, struct np_error *err)
{
	struct files fs = {0};
	char *header = stamp ? stamp_header(set, target, parts) : NULL;
	bool ok = true;

	if (header && stamp_holds(dir, header)) {
		free(header);
		return true;
	}

	for (size_t i = 0; i < set->n && ok; i++)
		ok = render_package(set, i, parts, &fs, err);
	if (ok && (parts & NP_TREE_ENV))
		ok = np_write_env(set->v, set->n, NP_ENV_FORMAT_DOTENV,
			     add(&fs, np_xstrdup("env/all.env")), err) &&
			np_write_env(set->v, set->n, NP_ENV_FORMAT_SH, add(&fs, np_xstrdup("env/all.sh")), err) &&
			np_write_run_env(set->v, set->n, NP_ENV_FORMAT_DOTENV,
				add(&fs, np_xstrdup("env/run.env")), err) &&
			np_write_run_env(set->v, set->n, NP_ENV_FORMAT_SH, add(&fs, np_xstrdup("env/run.sh")),
				err) &&
			np_write_run_env(set->v, set->n, NP_ENV_FORMAT_JSON,
				add(&fs, np_xstrdup("env/run.json")), err);
	if (ok && (parts & NP_TREE_CMAKE))
		ok = np_write_cmake_project_include(set, add(&fs, np_xstrdup("nativepkg.cmake")), err);
	if (ok && (parts & NP_TREE_CARGO))
		ok = np_write_cargo_config(set, target, add(&fs, np_xstrdup("cargo/config.toml")), err);
	/* Last: a reader that sees the new resolution.json sees every file it describes. */
	if (ok && (parts & NP_TREE_JSON))
		ok = np_write_json(set, target, add(&fs, np_xstrdup("resolution.json")), err);
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
	if (ok && header) {
		/* Last: it vouches for every file above as it is now. */
		struct np_buf text = {0};
		char *path = np_path_join(dir, STAMP_FILE);
		np_buf_adds(&text, header);
		for (size_t i = 0; i < fs.n; i++)
			stamp_line(&text, dir, fs.v[i].path);
		ok = np_fs_write_atomic(path, text.data, text.len, err);
		np_buf_release(&text);
		free(path);
	}
	free(header);
	for (size_t i = 0; i < fs.n; i++) {
		free(fs.v[i].path);
		np_buf_release(&fs.v[i].text);
	}
	free(fs.v);
	return ok;
}
