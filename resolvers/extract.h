/*
 * extract: unpacking source archives (tar.gz, tar.xz, tar.bz2, tar.zst, zip and the other
 * formats libarchive reads). The only user of libarchive, loaded on first use.
 *
 * Safety is libarchive's secure flags (no "..", no absolute paths, no writes through
 * symlinks) plus nativepkg's own rules, because those flags still let devices, FIFOs and
 * escaping symlinks through: only regular files, directories, and symlinks and hard links
 * whose targets stay inside the tree; setuid, setgid, sticky and world-writable bits are
 * dropped; the total size is capped. Anything else stops extraction with NP_EXIT_UNSAFE,
 * naming the entry; nothing is ever written outside the destination directory.
 */
#ifndef NP_RESOLVERS_EXTRACT_H
#define NP_RESOLVERS_EXTRACT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

struct np_extract {
	int strip;           /* leading path components to drop */
	uint64_t max_bytes;  /* total size of the files written */
	uint64_t max_entries;
};

/* Extracts archive into dest (an existing, empty directory). */
bool np_extract_archive(const struct np_extract *x, const char *archive, const char *dest,
	struct np_error *err);

/* libarchive's version ("libarchive 3.6.2 ..."), or NULL when it cannot be loaded. */
const char *np_extract_library_version(void);

#endif
