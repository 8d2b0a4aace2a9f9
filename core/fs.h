/* fs: files and paths: bounded reads, atomic writes (temp file + rename), directories. */
#ifndef NP_CORE_FS_H
#define NP_CORE_FS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/strv.h"

/* Reads the whole file into out (replacing its content). Files over max bytes are refused. */
bool np_fs_read(const char *path, size_t max, struct np_buf *out, struct np_error *err);
/*
 * Replaces path with data so that a reader sees the old file or the new one, never a part:
 * the bytes go to a temporary file in the same directory, which is then renamed over path.
 * Nothing is left behind on failure.
 */
bool np_fs_write_atomic(const char *path, const void *data, size_t len, struct np_error *err);
/*
 * Like np_fs_write_atomic, but leaves the file alone (mtime included) when it already holds
 * exactly these bytes, so build systems watching it do not re-run. *changed (optional) says
 * whether it was written. A symlink at path is replaced by the file, never followed.
 */
bool np_fs_update(const char *path, const void *data, size_t len, bool *changed,
	struct np_error *err);
/* The same in the directory open at dir (AT_FDCWD: the current one), name relative to it, shown
 * in errors. The file at name is never followed: a symlink there is replaced, not written
 * through (nor read: it counts as different). */
bool np_fs_write_atomic_at(int dir, const char *name, const char *shown, const void *data,
	size_t len, struct np_error *err);
bool np_fs_update_at(int dir, const char *name, const char *shown, const void *data, size_t len,
	bool *changed, struct np_error *err);
/*
 * The directory rel ("lib/cmake/ZLIB") below the directory open at dir, opened one component at
 * a time without following a symlink: a symlink on the way is an error that names it, so
 * nothing is created or written outside dir through one. With create, missing components are
 * made. Returns a descriptor (caller closes), or -1 with err set. dir_shown names dir in errors.
 */
int np_fs_open_dir_below(int dir, const char *dir_shown, const char *rel, bool create,
	struct np_error *err);
/*
 * A directory nativepkg keeps its own files in (the output tree, .nativepkg/memo): dir must be
 * a directory, not a symlink to one (with create, it is made when missing, its parent must
 * exist), and rel ("" for dir itself) is opened below it as np_fs_open_dir_below does. So a
 * planted symlink never takes a write, or a removal, outside. Returns a descriptor (caller
 * closes), or -1 with err set.
 */
int np_fs_open_own_dir(const char *dir, const char *rel, bool create, struct np_error *err);
/* A file's identity: equal stamps mean it was not replaced or written in between. */
struct np_fs_stamp {
	bool exists;
	unsigned long long dev, ino, size;
	long long mtime_s, mtime_ns, ctime_s, ctime_ns;
};
void np_fs_stamp(const char *path, struct np_fs_stamp *out);
bool np_fs_stamp_equal(const struct np_fs_stamp *a, const struct np_fs_stamp *b);
/* Appends "dev ino size mtime_s mtime_ns ctime_s ctime_ns" (all 0 for no file), by hand: a
 * thousand-package workspace checks thousands of them on every warm run. */
void np_fs_stamp_add(struct np_buf *out, const struct np_fs_stamp *st);
/* What follows such a stamp and one space in line, or NULL when line does not start so. */
const char *np_fs_stamp_skip(const char *line);
/*
 * Whether line starts with the stamp of the file `path` names now, followed by a space: the
 * numbers are read and compared, not formatted (a thousand-package tree checks thousands).
 */
bool np_fs_stamp_holds(const char *line, const char *path);

/* mkdir -p */
bool np_fs_mkdirs(const char *path, struct np_error *err);
/* rm -rf that never follows symlinks. Missing paths are fine. */
bool np_fs_remove_tree(const char *path, struct np_error *err);
bool np_fs_is_dir(const char *path);
/* The names in directory dir, in no order, without "." and ".." (and, unless `hidden`, without
 * any other name starting with a dot), appended to names; false when dir cannot be read. */
bool np_fs_list(const char *dir, bool hidden, struct np_strv *names);
/* The same for the directory open at dir (which stays open). */
bool np_fs_list_at(int dir, bool hidden, struct np_strv *names);
bool np_fs_is_file(const char *path);
bool np_fs_exists(const char *path);

/* Path helpers; each result is caller-freed. */
char *np_path_join(const char *a, const char *b);
char *np_path_dirname(const char *path);
/* Borrowed pointer into path. */
const char *np_path_basename(const char *path);
/* Whether rel names something inside the directory it is relative to: not empty, not
 * absolute, no ".." component (symlinks aside). */
bool np_path_is_below(const char *rel);
/* NULL when the path does not resolve. */
char *np_path_real(const char *path);
/* Absolute form of path (against the current directory), without resolving symlinks. */
char *np_path_absolute(const char *path);
/* The running executable's path (the kernel's /proc/self/exe link, already absolute), or NULL. */
char *np_path_self_exe(void);

#endif
