/* extract: the libarchive adapter. */
#include "resolvers/extract.h"

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
