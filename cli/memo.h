/*
 * memo: a command's answer kept with everything it was made from, so that the same command
 * asked again of an unchanged workspace prints it without resolving anything — the up-to-date
 * check of make and ninja, over every input of the answer.
 *
 * A memo is <workspace>/.nativepkg/memo/<key>, the key a digest of the command line, the
 * directory and nativepkg's version. It holds a digest of the environment variables an answer
 * can depend on (NATIVEPKG_*, PKG_CONFIG_*, the compiler and search-path variables and every
 * variable the run read; never a value itself), the stamp (device, inode, size, mtime, ctime)
 * of every file and directory the answer was made from — nativepkg.lock, the manifest, the
 * user configuration, the recipe directories and recipes, the files each locked entry
 * fingerprints, the output tree, the nativepkg binary — and the output. Any difference and
 * the command runs in full.
 *
 * Only a whole answer from nativepkg.lock is kept: a search (pkg-config, a probe) depends on
 * files that do not exist, which no stamp vouches for. Nor is an answer kept when it warned,
 * or when a file it was made from may have changed while the run read it: changed less than
 * 50 ms before the run began (a second on a file system that keeps whole seconds), as file
 * times lag the clock. NATIVEPKG_MEMO=0 turns memos off (a network file system whose server's
 * clock runs behind defeats that check).
 */
#ifndef NP_CLI_MEMO_H
#define NP_CLI_MEMO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/strv.h"

/* Valid when zeroed. */
struct np_memo {
	char *dir;  /* <workspace>/.nativepkg */
	char *path; /* <dir>/memo/<key> */
	long long start_ns; /* when the run began (wall clock), for the one-second rule */
	FILE *capture;      /* the command's output, while it runs */
	bool captured;      /* all of it went to output: the only output that can be kept */
	char *output;
	size_t output_len;
	/* What the answer was made from, noted by the command; nothing noted: not kept. */
	bool noted;
	struct np_strv files; /* stamped; a missing one is recorded missing */
	struct np_strv env;   /* variables read, beyond those always digested */
};

/*
 * Whether this run may use a memo: NATIVEPKG_MEMO is not 0 and the workspace is found from
 * the current directory. argv is the whole command line.
 */
bool np_memo_open(struct np_memo *m, int argc, char **argv);
/* Prints the kept answer to out and returns true when every input is as it was. */
bool np_memo_replay(struct np_memo *m, FILE *out);
/* Where the command writes its output, to keep it; stdout when that is impossible. */
FILE *np_memo_capture(struct np_memo *m);
/* Ends the capture and prints what was captured to out. */
void np_memo_flush(struct np_memo *m, FILE *out);
/* Notes what the answer was made from (files: paths to stamp; env: variable names). */
void np_memo_note(struct np_memo *m, const struct np_strv *files, const struct np_strv *env);
/* Keeps the captured answer, if it was noted and every file is older than the run. */
void np_memo_save(struct np_memo *m);
void np_memo_release(struct np_memo *m);

#endif
