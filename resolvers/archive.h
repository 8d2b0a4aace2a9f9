/*
 * archive: unpacking source archives (tar.gz, tar.xz, tar.bz2, tar.zst, zip and the other
 * formats libarchive reads), and packing finished builds for a binary cache. The only user of
 * libarchive, loaded on first use.
 *
 * Safety is libarchive's secure flags (no "..", no absolute paths, no writes through
 * symlinks) plus nativepkg's own rules, because those flags still let devices, FIFOs and
 * escaping links through: only regular files, directories, symlinks and hard links; a symlink
 * must stay inside the tree as written and as it resolves on disk, through the links extracted
 * before it (and again once the whole tree is there, for links to what came later); a hard
 * link must name a regular file reached through real directories (never a symlink); setuid,
 * setgid, sticky and world-writable bits are dropped; the total size is capped. Anything else
 * stops extraction with NP_EXIT_UNSAFE, naming the entry; nothing is ever written outside the
 * destination directory.
 *
 * Every write error fails (NP_EXIT_FAILURE, with the system's reason): libarchive reports a
 * full disk as a mere warning, which is never let pass, and each file's size on disk is
 * checked against the archive's.
 */
#ifndef NP_RESOLVERS_ARCHIVE_H
#define NP_RESOLVERS_ARCHIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/strv.h"

struct np_extract {
	int strip;           /* leading path components to drop */
	uint64_t max_bytes;  /* total size of the files written */
	uint64_t max_entries;
};

/*
 * Extracts archive into dest (an existing, empty directory). On failure dest holds a part of
 * the tree, which the caller removes: nothing in it may be used.
 */
bool np_extract_archive(const struct np_extract *x, const char *archive, const char *dest,
	struct np_error *err);

/*
 * Packs the directory tree at dir into a gzip-compressed tar at out (a new file: an existing
 * one or a symlink there is an error): regular files, directories and symlinks, paths relative
 * to dir, in sorted order, owner 0 and mtime 0 (the same tree packs to the same bytes).
 * Anything else is refused, as is a file that changes while it is read. Paths named in `skip`
 * (relative) are left out. `files` (optional) receives each regular file's relative path. The
 * archive is synced to disk; on any failure it is removed.
 */
bool np_archive_pack(const char *dir, const char *out, const struct np_strv *skip,
	struct np_strv *files, struct np_error *err);

/* libarchive's version ("libarchive 3.6.2 ..."), or NULL when it cannot be loaded. */
const char *np_extract_library_version(void);

#endif
