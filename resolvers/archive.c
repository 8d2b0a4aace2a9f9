/* archive: the libarchive adapter — unpacking sources safely, packing finished builds. */
#include "resolvers/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "core/alloc.h"
#include "core/dynload.h"
#include "core/fs.h"
#include "core/strv.h"

#ifndef NP_LIBARCHIVE_SONAME
#error "NP_LIBARCHIVE_SONAME must name libarchive's shared object (set by CMakeLists.txt)"
#endif

static struct {
	void *handle;
	const char *(*version_string)(void);
	struct archive *(*read_new)(void);
	int (*read_support_filter_all)(struct archive *);
	int (*read_support_format_all)(struct archive *);
	int (*read_open_filename)(struct archive *, const char *, size_t);
	int (*read_next_header)(struct archive *, struct archive_entry **);
	int (*read_data_block)(struct archive *, const void **, size_t *, la_int64_t *);
	int (*read_free)(struct archive *);
	struct archive *(*write_disk_new)(void);
	int (*write_disk_set_options)(struct archive *, int);
	int (*write_header)(struct archive *, struct archive_entry *);
	la_ssize_t (*write_data_block)(struct archive *, const void *, size_t, la_int64_t);
	int (*write_finish_entry)(struct archive *);
	int (*write_free)(struct archive *);
	const char *(*error_string)(struct archive *);
	const char *(*entry_pathname)(struct archive_entry *);
	void (*entry_set_pathname)(struct archive_entry *, const char *);
	const char *(*entry_hardlink)(struct archive_entry *);
	void (*entry_set_hardlink)(struct archive_entry *, const char *);
	const char *(*entry_symlink)(struct archive_entry *);
	__LA_MODE_T (*entry_filetype)(struct archive_entry *);
	__LA_MODE_T (*entry_perm)(struct archive_entry *);
	void (*entry_set_perm)(struct archive_entry *, __LA_MODE_T);
	/* Packing. */
	struct archive *(*write_new)(void);
	int (*write_add_filter_gzip)(struct archive *);
	int (*write_set_format_pax_restricted)(struct archive *);
	int (*write_open_filename)(struct archive *, const char *);
	la_ssize_t (*write_data)(struct archive *, const void *, size_t);
	int (*write_close)(struct archive *);
	struct archive_entry *(*entry_new)(void);
	void (*entry_free)(struct archive_entry *);
	void (*entry_set_size)(struct archive_entry *, la_int64_t);
	void (*entry_set_filetype)(struct archive_entry *, unsigned int);
	void (*entry_set_symlink)(struct archive_entry *, const char *);
	void (*entry_set_mtime)(struct archive_entry *, time_t, long);
} la;

static bool
load(struct np_error *err)
{
#define SYM(field, name) {name, &la.field, sizeof la.field}
	const struct np_dynload_sym syms[] = {
		SYM(version_string, "archive_version_string"),
		SYM(read_new, "archive_read_new"),
		SYM(read_support_filter_all, "archive_read_support_filter_all"),
		SYM(read_support_format_all, "archive_read_support_format_all"),
		SYM(read_open_filename, "archive_read_open_filename"),
		SYM(read_next_header, "archive_read_next_header"),
		SYM(read_data_block, "archive_read_data_block"),
		SYM(read_free, "archive_read_free"),
		SYM(write_disk_new, "archive_write_disk_new"),
		SYM(write_disk_set_options, "archive_write_disk_set_options"),
		SYM(write_header, "archive_write_header"),
		SYM(write_data_block, "archive_write_data_block"),
		SYM(write_finish_entry, "archive_write_finish_entry"),
		SYM(write_free, "archive_write_free"),
		SYM(error_string, "archive_error_string"),
		SYM(entry_pathname, "archive_entry_pathname"),
		SYM(entry_set_pathname, "archive_entry_set_pathname"),
		SYM(entry_hardlink, "archive_entry_hardlink"),
		SYM(entry_set_hardlink, "archive_entry_set_hardlink"),
		SYM(entry_symlink, "archive_entry_symlink"),
		SYM(entry_filetype, "archive_entry_filetype"),
		SYM(entry_perm, "archive_entry_perm"),
		SYM(entry_set_perm, "archive_entry_set_perm"),
		SYM(write_new, "archive_write_new"),
		SYM(write_add_filter_gzip, "archive_write_add_filter_gzip"),
		SYM(write_set_format_pax_restricted, "archive_write_set_format_pax_restricted"),
		SYM(write_open_filename, "archive_write_open_filename"),
		SYM(write_data, "archive_write_data"),
		SYM(write_close, "archive_write_close"),
		SYM(entry_new, "archive_entry_new"),
		SYM(entry_free, "archive_entry_free"),
		SYM(entry_set_size, "archive_entry_set_size"),
		SYM(entry_set_filetype, "archive_entry_set_filetype"),
		SYM(entry_set_symlink, "archive_entry_set_symlink"),
		SYM(entry_set_mtime, "archive_entry_set_mtime"),
	};
#undef SYM
	if (la.handle)
		return true;
	return np_dynload(&la.handle, NP_LIBARCHIVE_SONAME, syms, sizeof syms / sizeof *syms, err);
}

const char *
np_extract_library_version(void)
{
	if (!load(NULL))
		return NULL;
	return la.version_string();
}

/*
 * Normalises a relative path lexically ("a/./b/../c" -> "a/c") into parts. Returns false if
 * it is absolute or climbs above its root.
 */
static bool
normalise(const char *path, struct np_strv *parts)
{
	struct np_strv raw = {0};
	bool ok = *path != '/';

	np_strv_split(&raw, path, "/");
	for (size_t i = 0; ok && i < raw.n; i++) {
		if (strcmp(raw.v[i], ".") == 0)
			continue;
		if (strcmp(raw.v[i], "..") == 0) {
			if (parts->n == 0) {
				ok = false;
				break;
			}
			free(parts->v[--parts->n]);
			parts->v[parts->n] = NULL;
			continue;
		}
		np_strv_push(parts, raw.v[i]);
	}
	np_strv_release(&raw);
	return ok;
}

/* The entry's path with `strip` leading components removed; NULL when nothing is left. */
static char *
stripped(const char *path, int strip, bool *unsafe)
{
	struct np_strv parts = {0};
	char *out = NULL;

	*unsafe = !normalise(path, &parts);
	if (!*unsafe && parts.n > (size_t)strip) {
		struct np_strv rest = {0};
		for (size_t i = (size_t)strip; i < parts.n; i++)
			np_strv_push(&rest, parts.v[i]);
		out = np_strv_join(&rest, "/");
		np_strv_release(&rest);
	}
	np_strv_release(&parts);
	return out;
}

/* A symlink at `path` pointing at `target` stays inside the tree. */
static bool
symlink_inside(const char *path, const char *target)
{
	struct np_strv parts = {0};
	char *joined;
	bool ok;

	if (*target == '/' || *target == '\0')
		return false;
	/* Resolve relative to the link's directory, lexically, from the tree's root. */
	{
		const char *slash = strrchr(path, '/');
		joined = slash ? np_xasprintf("%.*s/%s", (int)(slash - path), path, target)
			       : np_xstrdup(target);
	}
	ok = normalise(joined, &parts);
	np_strv_release(&parts);
	free(joined);
	return ok;
}

bool
np_extract_archive(const struct np_extract *x, const char *archive, const char *dest,
	struct np_error *err)
{
	struct archive *in = NULL, *out = NULL;
	struct archive_entry *e;
	uint64_t total = 0, entries = 0;
	bool ok = false;
	int rc, cwd;

	if (!load(err))
		return false;
	/*
	 * Entries are written by relative name from inside dest (as bsdtar -C does), so the secure
	 * flags judge only the archive's own paths — an absolute dest would trip
	 * NOABSOLUTEPATHS, and symlinks above dest are not the archive's doing.
	 */
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cwd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open the current directory: %s",
			strerror(errno));

	in = la.read_new();
	out = la.write_disk_new();
	la.read_support_filter_all(in);
	la.read_support_format_all(in);
	/* Never ARCHIVE_EXTRACT_PERM or _OWNER: modes come through the umask, ids are ours. */
	la.write_disk_set_options(out, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
		ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
	if (la.read_open_filename(in, archive, 65536) != ARCHIVE_OK) {
		np_error_set(err, NP_EXIT_UNSAFE, "%s: cannot read the archive: %s", archive,
			la.error_string(in));
		goto out;
	}
	if (chdir(dest) != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot enter '%s': %s", dest, strerror(errno));
		goto out;
	}
	for (;;) {
		const char *name, *link;
		char *rel, *rel_link = NULL;
		bool unsafe;
		__LA_MODE_T type, perm;

		rc = la.read_next_header(in, &e);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc < ARCHIVE_WARN) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: corrupt archive: %s", archive,
				la.error_string(in));
			goto out;
		}
		if (++entries > x->max_entries) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: more than %llu entries", archive,
				(unsigned long long)x->max_entries);
			goto out;
		}
		name = la.entry_pathname(e);
		if (name == NULL) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: an entry has no name", archive);
			goto out;
		}
		rel = stripped(name, x->strip, &unsafe);
		if (unsafe) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': %s", archive, name,
				*name == '/' ? "absolute path" : "climbs out with '..'");
			free(rel);
			goto out;
		}
		if (rel == NULL)
			continue; /* a leading directory removed by strip */

		type = la.entry_filetype(e);
		link = la.entry_hardlink(e);
		if (link) {
			/* A hard link must point at another entry of the tree, after the same strip. */
			rel_link = stripped(link, x->strip, &unsafe);
			if (unsafe || rel_link == NULL) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': hard link to '%s' "
					"outside the tree", archive, name, link);
				free(rel);
				free(rel_link);
				goto out;
			}
		} else if (type == AE_IFLNK) {
			const char *target = la.entry_symlink(e);
			if (target == NULL || !symlink_inside(rel, target)) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': symlink to '%s' "
					"outside the tree", archive, name, target ? target : "");
				free(rel);
				goto out;
			}
		} else if (type != AE_IFREG && type != AE_IFDIR) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': a %s", archive, name,
				type == AE_IFCHR ? "character device" : type == AE_IFBLK ? "block device" :
				type == AE_IFIFO ? "FIFO" : type == AE_IFSOCK ? "socket" : "special file");
			free(rel);
			goto out;
		}
		perm = la.entry_perm(e);
		la.entry_set_perm(e, perm & ~(S_ISUID | S_ISGID | S_ISVTX | S_IWOTH) & 07777);

		la.entry_set_pathname(e, rel);
		if (rel_link) {
			la.entry_set_hardlink(e, rel_link);
			free(rel_link);
		}
		free(rel);

		rc = la.write_header(out, e);
		if (rc < ARCHIVE_WARN) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: cannot extract '%s': %s", archive, name,
				la.error_string(out));
			goto out;
		}
		for (;;) {
			const void *buf;
			size_t size;
			la_int64_t offset;
			rc = la.read_data_block(in, &buf, &size, &offset);
			if (rc == ARCHIVE_EOF)
				break;
			if (rc < ARCHIVE_WARN) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: corrupt data in '%s': %s", archive,
					name, la.error_string(in));
				goto out;
			}
			total += size;
			if (total > x->max_bytes) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: expands to more than %llu bytes "
					"(NATIVEPKG_MAX_EXTRACT); stopped at '%s'", archive,
					(unsigned long long)x->max_bytes, name);
				goto out;
			}
			if (la.write_data_block(out, buf, size, offset) < ARCHIVE_WARN) {
				np_error_set(err, NP_EXIT_FAILURE, "%s: cannot write '%s': %s", archive, name,
					la.error_string(out));
				goto out;
			}
		}
		if (la.write_finish_entry(out) < ARCHIVE_WARN) {
			np_error_set(err, NP_EXIT_FAILURE, "%s: cannot finish '%s': %s", archive, name,
				la.error_string(out));
			goto out;
		}
	}
	ok = true;
out:
	if (in)
		la.read_free(in);
	if (out)
		la.write_free(out);
	if (fchdir(cwd) != 0 && ok)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot return to the working directory: %s",
			strerror(errno));
	close(cwd);
	return ok;
}

/* --- packing ------------------------------------------------------------------------------- */

struct packer {
	struct archive *a;
	const char *root;
	const struct np_strv *skip;
	struct np_strv *files;
};

static bool
pack_file(struct packer *p, const char *path, const char *rel, const struct stat *st,
	struct np_error *err)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = true;

	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path, strerror(errno));
	while (ok && (n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ok = np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path,
				strerror(errno));
		else if (la.write_data(p->a, buf, (size_t)n) != n)
			ok = np_error_set(err, NP_EXIT_FAILURE, "cannot pack '%s': %s", rel,
				la.error_string(p->a));
	}
	close(fd);
	(void)st;
	return ok;
}

static bool pack_dir(struct packer *p, const char *rel, struct np_error *err);

static bool
pack_entry(struct packer *p, const char *rel, struct np_error *err)
{
	char *path = np_path_join(p->root, rel);
	struct archive_entry *e;
	struct stat st;
	char target[4096];
	ssize_t n = 0;
	bool ok = true;

	if (lstat(path, &st) != 0) {
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path, strerror(errno));
		free(path);
		return ok;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode)) {
		free(path);
		return np_error_set(err, NP_EXIT_UNSAFE, "cannot pack '%s': not a file, directory or "
			"symlink", rel);
	}
	if (S_ISLNK(st.st_mode) && ((n = readlink(path, target, sizeof target - 1)) < 0)) {
		free(path);
		return np_error_set(err, NP_EXIT_FAILURE, "cannot read the link '%s'", rel);
	}
	e = la.entry_new();
	la.entry_set_pathname(e, rel);
	la.entry_set_mtime(e, 0, 0);
	if (S_ISDIR(st.st_mode)) {
		la.entry_set_filetype(e, AE_IFDIR);
		la.entry_set_perm(e, 0755);
	} else if (S_ISLNK(st.st_mode)) {
		target[n] = '\0';
		la.entry_set_filetype(e, AE_IFLNK);
		la.entry_set_perm(e, 0777);
		la.entry_set_symlink(e, target);
	} else {
		la.entry_set_filetype(e, AE_IFREG);
		la.entry_set_perm(e, (st.st_mode & 0111) ? 0755 : 0644);
		la.entry_set_size(e, (la_int64_t)st.st_size);
	}
	if (la.write_header(p->a, e) != ARCHIVE_OK)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot pack '%s': %s", rel,
			la.error_string(p->a));
	else if (S_ISREG(st.st_mode)) {
		ok = pack_file(p, path, rel, &st, err);
		if (ok && p->files)
			np_strv_push(p->files, rel);
	}
	la.entry_free(e);
	if (ok && S_ISDIR(st.st_mode))
		ok = pack_dir(p, rel, err);
	free(path);
	return ok;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
pack_dir(struct packer *p, const char *rel, struct np_error *err)
{
	char *path = *rel ? np_path_join(p->root, rel) : np_xstrdup(p->root);
	struct np_strv names = {0};
	bool ok = true;

	if (!np_fs_list(path, true, &names)) {
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path, strerror(errno));
		free(path);
		return ok;
	}
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, by_name);
	for (size_t i = 0; i < names.n && ok; i++) {
		char *child = *rel ? np_xasprintf("%s/%s", rel, names.v[i]) : np_xstrdup(names.v[i]);
		if (!(p->skip && np_strv_contains(p->skip, child)))
			ok = pack_entry(p, child, err);
		free(child);
	}
	np_strv_release(&names);
	free(path);
	return ok;
}

bool
np_archive_pack(const char *dir, const char *out, const struct np_strv *skip,
	struct np_strv *files, struct np_error *err)
{
	struct packer p = {.root = dir, .skip = skip, .files = files};
	bool ok;

	if (!load(err))
		return false;
	p.a = la.write_new();
	if (p.a == NULL)
		return np_error_set(err, NP_EXIT_FAILURE, "libarchive cannot start an archive");
	if (la.write_add_filter_gzip(p.a) != ARCHIVE_OK ||
		la.write_set_format_pax_restricted(p.a) != ARCHIVE_OK ||
		la.write_open_filename(p.a, out) != ARCHIVE_OK) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot create '%s': %s", out, la.error_string(p.a));
		la.write_free(p.a);
		return false;
	}
	ok = pack_dir(&p, "", err);
	if (la.write_close(p.a) != ARCHIVE_OK && ok)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot finish '%s': %s", out,
			la.error_string(p.a));
	la.write_free(p.a);
	if (!ok)
		unlink(out);
	return ok;
}
