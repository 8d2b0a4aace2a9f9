/* write_tree: the .nativepkg/ output tree, or any subset of it anywhere (emit). */
#include "cli/write_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/write_cargo.h"
#include "cli/write_cmake.h"
#include "cli/write_cps.h"
#include "cli/write_env.h"
#include "cli/write_json.h"
#include "cli/write_pc.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/index.h"

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

/* A new file of the tree, its text returned: valid until the next add (fs->v may move). */
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
	if ((parts & NP_TREE_PKGCONFIG) && r->pc_module &&
		!np_write_pc(r, set, add(fs, np_xasprintf("lib/pkgconfig/%s.pc", r->pc_module)), err))
		return false;
	/* The names upstream also installs (libpng.pc beside libpng16.pc): the same file. */
	for (size_t k = 0; (parts & NP_TREE_PKGCONFIG) && r->pc_module && k < r->pc_aliases.n; k++)
		if (!np_write_pc(r, set, add(fs, np_xasprintf("lib/pkgconfig/%s.pc",
						       r->pc_aliases.v[k])), err))
			return false;
	/* Every component with a module of its own (libpcre2-posix.pc), and its other names. */
	for (size_t c = 0; (parts & NP_TREE_PKGCONFIG) && c < r->components.n; c++) {
		const struct np_component *comp = &r->components.v[c];
		for (size_t k = 0; comp->pc_module && k <= comp->pc_aliases.n; k++)
			if (!np_write_pc_component(r, comp, set, add(fs, np_xasprintf("lib/pkgconfig/%s.pc",
				k ? comp->pc_aliases.v[k - 1] : comp->pc_module)), err))
				return false;
	}
	if ((parts & NP_TREE_CPS) && !np_write_cps(r, set, add(fs, np_xasprintf("cps/%s.cps", r->name)),
					    err))
		return false;
	/*
	 * A package config and its version file, written together: both are added first, then
	 * taken by index, as the second add may move the first (fs->v grows).
	 */
	if ((parts & NP_TREE_CMAKE) && r->cmake_package) {
		size_t at = fs->n;
		add(fs, np_xasprintf("lib/cmake/%s/%sConfig.cmake", r->cmake_package,
			r->cmake_package));
		add(fs, np_xasprintf("lib/cmake/%s/%sConfigVersion.cmake", r->cmake_package,
			r->cmake_package));
		if (!np_write_cmake(r, set, &fs->v[at].text, &fs->v[at + 1].text, err))
			return false;
		for (size_t k = 0; k < r->cmake_aliases.n; k++) {
			const char *a = r->cmake_aliases.v[k];
			at = fs->n;
			add(fs, np_xasprintf("lib/cmake/%s/%sConfig.cmake", a, a));
			add(fs, np_xasprintf("lib/cmake/%s/%sConfigVersion.cmake", a, a));
			if (!np_write_cmake_alias(r, a, &fs->v[at].text, &fs->v[at + 1].text, err))
				return false;
		}
	}
	return true;
}

#define STAMP_FILE "tree-stamp"

static char *
stamp_header(const struct np_resolution_set *set, const char *target,
	const struct np_cargo_target *others, size_t nothers, unsigned parts)
{
	uint64_t digest = np_resolution_set_digest(set);

	/* The other targets' answers are in cargo/config.toml: the tree depends on them too. */
	for (size_t i = 0; i < nothers; i++)
		digest = np_fnv64(digest ^ np_resolution_set_digest(others[i].set), others[i].triple,
			strlen(others[i].triple));
	return np_xasprintf("nativepkg tree 1 %s %s %u %016llx\n", NP_VERSION, target ? target : "-",
		parts, (unsigned long long)digest);
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
np_tree_current(const struct np_resolution_set *set, const char *target,
	const struct np_cargo_target *others, size_t nothers, const char *dir, unsigned parts)
{
	char *header = stamp_header(set, target, others, nothers, parts);
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

/*
 * The directories of the tree, open while it is written: every file is created through a
 * descriptor of its directory, reached from the tree's root without following a symlink. A few
 * stay open, as a package's files come together.
 */
#define OPEN_DIRS 8

struct tree_dirs {
	int root;
	const char *shown; /* the root, in errors */
	struct {
		char *rel;
		int fd;
	} v[OPEN_DIRS];
	size_t next;
};

/* The descriptor of the tree's directory rel ("" for the root), or -1 with err set. */
static int
tree_dir(struct tree_dirs *d, const char *rel, bool create, struct np_error *err)
{
	int fd;

	if (*rel == '\0')
		return d->root;
	for (size_t i = 0; i < OPEN_DIRS; i++)
		if (d->v[i].rel && strcmp(d->v[i].rel, rel) == 0)
			return d->v[i].fd;
	fd = np_fs_open_dir_below(d->root, d->shown, rel, create, err);
	if (fd >= 0) {
		size_t slot = d->next++ % OPEN_DIRS;
		if (d->v[slot].rel) {
			free(d->v[slot].rel);
			close(d->v[slot].fd);
		}
		d->v[slot].rel = np_xstrdup(rel);
		d->v[slot].fd = fd;
	}
	return fd;
}

static void
tree_dirs_close(struct tree_dirs *d)
{
	for (size_t i = 0; i < OPEN_DIRS; i++) {
		if (d->v[i].rel) {
			free(d->v[i].rel);
			close(d->v[i].fd);
		}
	}
	if (d->root >= 0)
		close(d->root);
	memset(d, 0, sizeof *d);
	d->root = -1;
}

/*
 * Opens the tree's root. The workspace's own tree (`own`) must be a directory of its own: a
 * `.nativepkg` that is a symlink (one committed to a repository, say) would take every file
 * outside the workspace, so it is refused. A directory named to `emit --out` is the user's
 * choice and is followed; below either, nothing is.
 */
static bool
open_root(struct tree_dirs *d, const char *dir, bool own, struct np_error *err)
{
	d->shown = dir;
	if (own) {
		d->root = np_fs_open_own_dir(dir, "", true, err);
		return d->root >= 0;
	}
	if (!np_fs_mkdirs(dir, err))
		return false;
	d->root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->root < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open directory '%s': %s", dir,
			strerror(errno));
	return true;
}

/* Writes text at rel (its directories made as needed) unless it already holds it. */
static bool
put_file(struct tree_dirs *d, const char *rel, const struct np_buf *text, struct np_error *err)
{
	const char *base = np_path_basename(rel);
	char *parent = np_xstrndup(rel, (size_t)(base - rel) - (base > rel));
	char *shown = np_path_join(d->shown, rel);
	int fd = tree_dir(d, parent, true, err);
	bool ok = fd >= 0 && np_fs_update_at(fd, base, shown, np_buf_str(text), text->len, NULL, err);

	free(shown);
	free(parent);
	return ok;
}

/*
 * Whether rel can name a file of the tree: components that a validated name makes
 * (core/name.h: letters, digits and . _ + -, never a leading '.' or '-'), joined by '/'.
 */
static bool
recordable(const char *rel)
{
	for (const char *c = rel;; c++) {
		size_t n = strcspn(c, "/");
		if (n == 0 || n > 255 || *c == '.' || *c == '-' || strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"abcdefghijklmnopqrstuvwxyz0123456789._+-") != n)
			return false;
		c += n;
		if (*c == '\0')
			return true;
	}
}

/*
 * Removes what the previous tree-stamp recorded and this tree no longer holds (the files of a
 * package that left the graph), then the directories that left empty. Only a file that is
 * still exactly what nativepkg wrote goes (its stamp holds): a file someone wrote or changed
 * since, or anything never recorded, stays; nothing is reached through a symlink.
 */
static bool
prune(struct tree_dirs *d, const char *old_stamp, const struct files *now, struct np_error *err)
{
	struct np_strv lines = {0};
	bool ok = true;

	np_strv_split(&lines, old_stamp, "\n");
	for (size_t i = 1; ok && i < lines.n; i++) { /* past the header */
		const char *rel = stamped_name(lines.v[i]), *base;
		char *path, *parent;
		struct np_error ignored = {0};
		bool kept = false;
		int fd;

		if (rel == NULL || !recordable(rel))
			continue;
		for (size_t k = 0; k < now->n && !kept; k++)
			kept = strcmp(now->v[k].path, rel) == 0;
		path = np_path_join(d->shown, rel);
		if (kept || !np_fs_stamp_holds(lines.v[i], path)) {
			free(path);
			continue;
		}
		base = np_path_basename(rel);
		parent = np_xstrndup(rel, (size_t)(base - rel) - (base > rel));
		fd = tree_dir(d, parent, false, &ignored);
		np_error_release(&ignored);
		if (fd >= 0 && unlinkat(fd, base, 0) != 0 && errno != ENOENT)
			ok = np_error_set(err, NP_EXIT_FAILURE, "cannot remove '%s': %s", path,
				strerror(errno));
		/* Then each directory on the way up that is left empty (rmdir keeps any other). */
		while (ok && fd >= 0 && *parent) {
			char *dir_base = (char *)np_path_basename(parent);
			char *up = np_xstrndup(parent, (size_t)(dir_base - parent) - (dir_base > parent));
			int up_fd = tree_dir(d, up, false, &ignored);
			np_error_release(&ignored);
			fd = up_fd >= 0 && unlinkat(up_fd, dir_base, AT_REMOVEDIR) == 0 ? up_fd : -1;
			free(parent);
			parent = up;
		}
		free(parent);
		free(path);
	}
	np_strv_release(&lines);
	return ok;
}

bool
np_write_tree(const struct np_resolution_set *set, const char *target,
	const struct np_cargo_target *others, size_t nothers, const char *dir, unsigned parts,
	bool stamp, struct np_strv *written, struct np_error *err)
{
	struct files fs = {0};
	struct tree_dirs dirs = {.root = -1};
	struct np_buf old = {0};
	char *header = stamp ? stamp_header(set, target, others, nothers, parts) : NULL;
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
	if (ok && (parts & NP_TREE_CARGO)) {
		/* The target's tables first, then every other target's. */
		struct np_cargo_target *all = np_xcalloc(nothers + 1, sizeof *all);
		all[0] = (struct np_cargo_target){target, set};
		for (size_t i = 0; i < nothers; i++)
			all[i + 1] = others[i];
		ok = np_write_cargo_config_targets(all, nothers + 1,
			add(&fs, np_xstrdup("cargo/config.toml")), err);
		free(all);
	}
	/* Last: a reader that sees the new resolution.json sees every file it describes. */
	if (ok && (parts & NP_TREE_JSON))
		ok = np_write_json(set, target, add(&fs, np_xstrdup("resolution.json")), err);
	/* The names come from recipes and locks, validated there; this is the last line. */
	for (size_t i = 0; i < fs.n && ok; i++)
		if (!recordable(fs.v[i].path))
			ok = np_error_set(err, NP_EXIT_INPUT, "cannot write '%s' into the output tree: "
				"not a file name nativepkg writes", fs.v[i].path);
	if (ok && header) {
		/* What the last run wrote: the record of what may be pruned. */
		char *path = np_path_join(dir, STAMP_FILE);
		np_fs_read(path, 64u << 20, &old, NULL);
		free(path);
	}
	ok = ok && open_root(&dirs, dir, stamp, err);
	for (size_t i = 0; i < fs.n && ok; i++) {
		ok = put_file(&dirs, fs.v[i].path, &fs.v[i].text, err);
		if (ok && written)
			np_strv_push_owned(written, np_path_join(dir, fs.v[i].path));
	}
	if (ok && header && old.len)
		ok = prune(&dirs, np_buf_str(&old), &fs, err);
	if (ok && header) {
		/* Last: it vouches for every file above as it is now, and records what was written. */
		struct np_buf text = {0};
		char *path = np_path_join(dir, STAMP_FILE);
		np_buf_adds(&text, header);
		for (size_t i = 0; i < fs.n; i++)
			stamp_line(&text, dir, fs.v[i].path);
		ok = np_fs_write_atomic_at(dirs.root, STAMP_FILE, path, text.data, text.len, err);
		np_buf_release(&text);
		free(path);
	}
	tree_dirs_close(&dirs);
	np_buf_release(&old);
	free(header);
	for (size_t i = 0; i < fs.n; i++) {
		free(fs.v[i].path);
		np_buf_release(&fs.v[i].text);
	}
	free(fs.v);
	return ok;
}
