/* archive: the libarchive adapter — unpacking sources safely, packing finished builds. */
#include "resolvers/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
	int (*errno_)(struct archive *);
	const char *(*entry_pathname)(struct archive_entry *);
	void (*entry_set_pathname)(struct archive_entry *, const char *);
	const char *(*entry_hardlink)(struct archive_entry *);
	void (*entry_set_hardlink)(struct archive_entry *, const char *);
	const char *(*entry_symlink)(struct archive_entry *);
	__LA_MODE_T (*entry_filetype)(struct archive_entry *);
	__LA_MODE_T (*entry_perm)(struct archive_entry *);
	void (*entry_set_perm)(struct archive_entry *, __LA_MODE_T);
	la_int64_t (*entry_size)(struct archive_entry *);
	int (*entry_size_is_set)(struct archive_entry *);
	/* Packing. */
	struct archive *(*write_new)(void);
	int (*write_add_filter_gzip)(struct archive *);
	int (*write_set_format_pax_restricted)(struct archive *);
	int (*write_open_fd)(struct archive *, int);
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
		SYM(errno_, "archive_errno"),
		SYM(entry_pathname, "archive_entry_pathname"),
		SYM(entry_set_pathname, "archive_entry_set_pathname"),
		SYM(entry_hardlink, "archive_entry_hardlink"),
		SYM(entry_set_hardlink, "archive_entry_set_hardlink"),
		SYM(entry_symlink, "archive_entry_symlink"),
		SYM(entry_filetype, "archive_entry_filetype"),
		SYM(entry_perm, "archive_entry_perm"),
		SYM(entry_set_perm, "archive_entry_set_perm"),
		SYM(entry_size, "archive_entry_size"),
		SYM(entry_size_is_set, "archive_entry_size_is_set"),
		SYM(write_new, "archive_write_new"),
		SYM(write_add_filter_gzip, "archive_write_add_filter_gzip"),
		SYM(write_set_format_pax_restricted, "archive_write_set_format_pax_restricted"),
		SYM(write_open_fd, "archive_write_open_fd"),
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

/* --- where links lead ---------------------------------------------------------------------- */

/* The kernel's own limit on the symlinks followed in one lookup. */
#define MAX_HOPS 40

enum reach {
	REACH_INSIDE,
	REACH_OUTSIDE,
	REACH_TOO_DEEP,
};

static void
pop(struct np_strv *sv)
{
	free(sv->v[--sv->n]);
	sv->v[sv->n] = NULL;
}

/*
 * Where `path` (relative to the current directory, which is the tree's root) leads in the tree
 * as it stands on disk: each component is looked up with lstat, and each symlink met is
 * followed as the kernel would follow it, through the links extracted before. A ".." at the
 * root, or an absolute link anywhere on the way, is OUTSIDE. A component that is missing or not
 * a directory cannot be looked up yet (a later entry may create or replace it): the walk goes on
 * lexically until a ".." brings it back to directories that exist, and check_links judges the
 * finished tree again.
 */
static enum reach
reach(const char *path)
{
	struct np_strv at = {0}; /* where the walk stands, from the root */
	size_t real = 0;         /* how many leading components of `at` are directories on disk */
	char *todo = np_xstrdup(path);
	const char *p = todo;
	unsigned hops = 0;
	enum reach r = REACH_INSIDE;

	while (*p) {
		size_t len = strcspn(p, "/");
		char *name = np_xstrndup(p, len), *where, target[PATH_MAX];
		struct stat st;
		ssize_t n;
		bool found;

		p += len;
		while (*p == '/')
			p++;
		if (len == 0 || strcmp(name, ".") == 0) {
			free(name);
			continue;
		}
		if (strcmp(name, "..") == 0) {
			free(name);
			if (at.n == 0) {
				r = REACH_OUTSIDE;
				break;
			}
			pop(&at);
			if (real > at.n)
				real = at.n;
			continue;
		}
		np_strv_push_owned(&at, name);
		if (real + 1 < at.n)
			continue; /* below something that does not exist yet */
		where = np_strv_join(&at, "/");
		found = lstat(where, &st) == 0;
		if (!found || !S_ISLNK(st.st_mode)) {
			if (found && S_ISDIR(st.st_mode))
				real = at.n;
			free(where);
			continue;
		}
		/* A symlink: its target takes its place, read from the directory holding it. */
		n = readlink(where, target, sizeof target - 1);
		free(where);
		pop(&at);
		if (n <= 0 || target[0] == '/') {
			r = REACH_OUTSIDE;
			break;
		}
		if (++hops > MAX_HOPS) {
			r = REACH_TOO_DEEP;
			break;
		}
		target[n] = '\0';
		where = np_xasprintf("%s/%s", target, p);
		free(todo);
		todo = where;
		p = todo;
	}
	np_strv_release(&at);
	free(todo);
	return r;
}

/*
 * Why a symlink at `rel` (a path in the tree) pointing at `target` is refused, or NULL. It must
 * stay inside both as written (lexically, from the link's directory) and as it resolves in the
 * tree on disk: a chain of links that each look harmless (`s -> .`, `c -> s/..`) can climb out.
 */
static const char *
symlink_refusal(const char *rel, const char *target)
{
	const char *slash = strrchr(rel, '/');
	char *joined;
	struct np_strv parts = {0};
	const char *why = NULL;
	enum reach r;

	if (*target == '/' || *target == '\0')
		return "outside the tree";
	joined = slash ? np_xasprintf("%.*s/%s", (int)(slash - rel), rel, target)
		       : np_xstrdup(target);
	if (!normalise(joined, &parts))
		why = "outside the tree";
	else if ((r = reach(joined)) == REACH_OUTSIDE)
		why = "resolving outside the tree through other links";
	else if (r == REACH_TOO_DEEP)
		why = "resolving through more than 40 links";
	np_strv_release(&parts);
	free(joined);
	return why;
}

/*
 * Why a hard link to `rel` (a normalised path in the tree) is refused, or NULL: it must name a
 * regular file reached through real directories, so the new name is one more name of a file of
 * the tree — never of a symlink (the copy would be read from another directory) or of anything
 * reached through one.
 */
static const char *
hardlink_refusal(const char *rel)
{
	struct np_strv parts = {0}, at = {0};
	const char *why = NULL;

	np_strv_split(&parts, rel, "/");
	for (size_t i = 0; i < parts.n && !why; i++) {
		struct stat st;
		char *where;
		bool last = i + 1 == parts.n;

		np_strv_push(&at, parts.v[i]);
		where = np_strv_join(&at, "/");
		if (lstat(where, &st) != 0)
			why = "which is not in the tree";
		else if (S_ISLNK(st.st_mode))
			why = last ? "which is a symlink" : "which is reached through a symlink";
		else if (!last && !S_ISDIR(st.st_mode))
			why = "which is not in the tree";
		else if (last && !S_ISREG(st.st_mode))
			why = "which is not a regular file";
		free(where);
	}
	if (parts.n == 0)
		why = "which is not in the tree";
	np_strv_release(&parts);
	np_strv_release(&at);
	return why;
}

/*
 * The finished tree's symlinks, each judged again now that every entry is in place: a link
 * that pointed at something missing when it was extracted may lead elsewhere once a later
 * entry created that (`l -> m/..` before `m -> s/..`). `dir` is relative to the root ("" for it).
 */
static bool
check_links(const char *archive, const char *dir, unsigned depth, struct np_error *err)
{
	struct np_strv names = {0};
	bool ok = true;

	if (!np_fs_list(*dir ? dir : ".", true, &names))
		return np_error_set(err, NP_EXIT_FAILURE, "%s: cannot read the extracted '%s': %s",
			archive, *dir ? dir : ".", strerror(errno));
	for (size_t i = 0; i < names.n && ok; i++) {
		char *rel = *dir ? np_xasprintf("%s/%s", dir, names.v[i]) : np_xstrdup(names.v[i]);
		char target[PATH_MAX];
		struct stat st;
		ssize_t n;
		const char *why;

		if (lstat(rel, &st) != 0) {
			ok = np_error_set(err, NP_EXIT_FAILURE, "%s: cannot read the extracted '%s': %s",
				archive, rel, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			ok = depth < 1024 ? check_links(archive, rel, depth + 1, err)
					  : np_error_set(err, NP_EXIT_UNSAFE, "%s: '%s' is nested too "
						"deeply", archive, rel);
		} else if (S_ISLNK(st.st_mode)) {
			n = readlink(rel, target, sizeof target - 1);
			target[n > 0 ? n : 0] = '\0';
			if ((why = symlink_refusal(rel, target)) != NULL)
				ok = np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': symlink to "
					"'%s' %s", archive, rel, target, why);
		}
		free(rel);
	}
	np_strv_release(&names);
	return ok;
}

/* --- extraction --------------------------------------------------------------------------- */

/*
 * libarchive's message for the last failure of a, with the system's reason when it has one
 * ("Write failed: No space left on device"). Caller frees.
 */
static char *
why_failed(struct archive *a)
{
	const char *msg = la.error_string(a);
	int e = la.errno_(a);

	if (msg == NULL)
		msg = "unknown error";
	if (e > 0 && strstr(msg, strerror(e)) == NULL)
		return np_xasprintf("%s: %s", msg, strerror(e));
	return np_xstrdup(msg);
}

/*
 * Fails the step for a write that went wrong: nothing libarchive reports is let pass, not even
 * a warning. A full disk (or another fault of the system's) is NP_EXIT_FAILURE; anything else
 * libarchive refused to write is the archive's doing.
 */
static bool
write_failed(struct np_error *err, const char *archive, const char *what, const char *name,
	struct archive *out)
{
	int e = la.errno_(out);
	bool system = e == ENOSPC || e == EDQUOT || e == EFBIG || e == EIO || e == EROFS ||
		e == ENOMEM || e == EMFILE || e == ENFILE;
	char *why = why_failed(out);

	np_error_set(err, system ? NP_EXIT_FAILURE : NP_EXIT_UNSAFE, "%s: cannot %s '%s': %s",
		archive, what, name, why);
	free(why);
	return false;
}

bool
np_extract_archive(const struct np_extract *x, const char *archive, const char *dest,
	struct np_error *err)
{
	struct archive *in = NULL, *out = NULL;
	struct archive_entry *e;
	char *name = NULL, *rel = NULL; /* the entry's name in the archive, and in the tree */
	uint64_t total = 0, entries = 0, links = 0;
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
		const char *link, *why;
		char *rel_link = NULL;
		bool unsafe;
		__LA_MODE_T type, perm;
		la_int64_t size;

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
		free(name);
		free(rel);
		rel = NULL;
		if (la.entry_pathname(e) == NULL) {
			name = NULL;
			np_error_set(err, NP_EXIT_UNSAFE, "%s: an entry has no name", archive);
			goto out;
		}
		/* A copy: the entry's own string changes when it is renamed below. */
		name = np_xstrdup(la.entry_pathname(e));
		rel = stripped(name, x->strip, &unsafe);
		if (unsafe) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': %s", archive, name,
				*name == '/' ? "absolute path" : "climbs out with '..'");
			goto out;
		}
		if (rel == NULL)
			continue; /* a leading directory removed by strip */

		type = la.entry_filetype(e);
		link = la.entry_hardlink(e);
		if (link) {
			/* A hard link must point at a file of the tree, after the same strip. */
			rel_link = stripped(link, x->strip, &unsafe);
			if (unsafe || rel_link == NULL) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': hard link to '%s' "
					"outside the tree", archive, name, link);
				free(rel_link);
				goto out;
			}
			if ((why = hardlink_refusal(rel_link)) != NULL) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': hard link to '%s', "
					"%s", archive, name, link, why);
				free(rel_link);
				goto out;
			}
		} else if (type == AE_IFLNK) {
			const char *target = la.entry_symlink(e);
			if (target == NULL || (why = symlink_refusal(rel, target)) != NULL) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': symlink to '%s' %s",
					archive, name, target ? target : "", target ? why : "outside the tree");
				goto out;
			}
			links++;
		} else if (type != AE_IFREG && type != AE_IFDIR) {
			np_error_set(err, NP_EXIT_UNSAFE, "%s: unsafe entry '%s': a %s", archive, name,
				type == AE_IFCHR ? "character device" : type == AE_IFBLK ? "block device" :
				type == AE_IFIFO ? "FIFO" : type == AE_IFSOCK ? "socket" : "special file");
			goto out;
		}
		perm = la.entry_perm(e);
		la.entry_set_perm(e, perm & ~(S_ISUID | S_ISGID | S_ISVTX | S_IWOTH) & 07777);
		/* What a regular file must hold once written (a hard link may carry data or not). */
		size = type == AE_IFREG && !link && la.entry_size_is_set(e) ? la.entry_size(e) : -1;

		la.entry_set_pathname(e, rel);
		if (rel_link) {
			la.entry_set_hardlink(e, rel_link);
			free(rel_link);
		}

		/*
		 * Anything but success fails the step: libarchive reports a write that hit a full
		 * disk as a mere warning, and would go on to pad the file back to its size.
		 */
		if (la.write_header(out, e) < ARCHIVE_OK) {
			write_failed(err, archive, "extract", name, out);
			goto out;
		}
		for (;;) {
			const void *buf;
			size_t n;
			la_int64_t offset;
			rc = la.read_data_block(in, &buf, &n, &offset);
			if (rc == ARCHIVE_EOF)
				break;
			if (rc < ARCHIVE_WARN) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: corrupt data in '%s': %s", archive,
					name, la.error_string(in));
				goto out;
			}
			total += n;
			if (total > x->max_bytes) {
				np_error_set(err, NP_EXIT_UNSAFE, "%s: expands to more than %llu bytes "
					"(NATIVEPKG_MAX_EXTRACT); stopped at '%s'", archive,
					(unsigned long long)x->max_bytes, name);
				goto out;
			}
			/* Only files hold data (a directory's or link's is dropped). */
			if (type == AE_IFREG && la.write_data_block(out, buf, n, offset) < ARCHIVE_OK) {
				write_failed(err, archive, "write", name, out);
				goto out;
			}
		}
		if (la.write_finish_entry(out) < ARCHIVE_OK) {
			write_failed(err, archive, "finish", name, out);
			goto out;
		}
		/* And what is on disk is what the archive holds, whatever libarchive said. */
		if (size >= 0) {
			struct stat st;
			bool there = lstat(rel, &st) == 0 && S_ISREG(st.st_mode);
			if (!there || st.st_size != size) {
				np_error_set(err, NP_EXIT_FAILURE, "%s: cannot write '%s': %lld of %lld "
					"bytes on disk", archive, name, there ? (long long)st.st_size : 0LL,
					(long long)size);
				goto out;
			}
		}
	}
	/* Directory times are set when the writer closes: a failure there fails too. */
	if (la.write_close(out) < ARCHIVE_OK) {
		write_failed(err, archive, "finish", dest, out);
		goto out;
	}
	if (links && !check_links(archive, "", 0, err))
		goto out;
	ok = true;
out:
	free(name);
	free(rel);
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

/* The file's bytes, exactly st_size of them: one that changes while it is packed is an error. */
static bool
pack_file(struct packer *p, const char *path, const char *rel, const struct stat *st,
	struct np_error *err)
{
	char buf[65536];
	ssize_t n;
	int64_t done = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	bool ok = true;

	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path, strerror(errno));
	while (ok && (n = read(fd, buf, sizeof buf)) != 0) {
		la_ssize_t w;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ok = np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path,
				strerror(errno));
		} else if ((done += n) > (int64_t)st->st_size) {
			ok = np_error_set(err, NP_EXIT_FAILURE, "cannot pack '%s': it grew while being "
				"packed", rel);
		} else if ((w = la.write_data(p->a, buf, (size_t)n)) != n) {
			char *why = why_failed(p->a);
			ok = np_error_set(err, NP_EXIT_FAILURE, "cannot pack '%s': %s", rel, why);
			free(why);
		}
	}
	if (ok && done != (int64_t)st->st_size)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot pack '%s': it shrank while being packed",
			rel);
	close(fd);
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
	bool ok = false;
	int fd;

	if (!load(err))
		return false;
	/* Opened here rather than by libarchive, which never checks close(), let alone fsync(). */
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot create '%s': %s", out,
			strerror(errno));
	p.a = la.write_new();
	if (p.a == NULL) {
		np_error_set(err, NP_EXIT_FAILURE, "libarchive cannot start an archive");
		goto out;
	}
	if (la.write_add_filter_gzip(p.a) != ARCHIVE_OK ||
		la.write_set_format_pax_restricted(p.a) != ARCHIVE_OK ||
		la.write_open_fd(p.a, fd) != ARCHIVE_OK) {
		char *why = why_failed(p.a);
		np_error_set(err, NP_EXIT_FAILURE, "cannot create '%s': %s", out, why);
		free(why);
		goto out;
	}
	ok = pack_dir(&p, "", err);
	if (la.write_close(p.a) != ARCHIVE_OK && ok) {
		char *why = why_failed(p.a);
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot finish '%s': %s", out, why);
		free(why);
	}
	if (ok && fsync(fd) != 0)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot write '%s': %s", out, strerror(errno));
out:
	if (p.a)
		la.write_free(p.a);
	if (close(fd) != 0 && ok)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot write '%s': %s", out, strerror(errno));
	if (!ok)
		unlink(out);
	return ok;
}
