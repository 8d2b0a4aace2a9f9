/*
 * session: the set-up most commands share — the workspace, its configuration, the recipe
 * search path and a resolver context — built once from the global options.
 */
#ifndef NP_CLI_SESSION_H
#define NP_CLI_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/memo.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/error.h"
#include "core/fingerprint.h"
#include "core/fs.h"
#include "core/inputs.h"
#include "core/lock.h"
#include "core/resolution.h"
#include "core/toolchain.h"
#include "core/workspace.h"
#include "resolvers/resolver.h"

struct np_session {
	struct np_workspace ws;
	char *tree_dir;            /* the target's output tree: ws.out_dir for the host, else
	                              ws.out_dir/targets/<triple> */
	struct np_config config;
	struct np_toolchain toolchain; /* the target's, resolved once */
	struct np_catalog catalog;
	struct np_resolve_ctx ctx;
	struct np_lock lock;       /* the workspace's nativepkg.lock (empty when there is none) */
	struct np_fs_stamp lock_stamp; /* the file as it was when read */
	struct np_error lock_err;  /* why it could not be read; reported when it is needed */
	struct np_statcache stats; /* .nativepkg/stat-cache: file hashes for the lock's checks */
	bool quiet;
	bool verbose;
	struct np_progress progress;
	FILE *out; /* where command output goes (stdout) */
	struct np_memo *memo; /* where the answer is noted to be kept; NULL when it is not */
	unsigned warnings;    /* warnings so far, printed or not (--quiet) */
	bool wrote_tree;      /* this run replaced a file of the output tree */
};

/* Reads the global options; loads the workspace and configuration when `full`. */
bool np_session_open(struct np_session *s, const struct np_parsed *opts, bool full,
	struct np_error *err);
void np_session_close(struct np_session *s);
/*
 * Resolves the named packages (and their dependencies) into set, reusing the workspace lock
 * where it still holds and warning (on stderr) where it does not: a consumer's command never
 * writes the lock, `nativepkg resolve` does.
 */
bool np_session_resolve(struct np_session *s, const struct np_strv *names,
	struct np_resolution_set *set, struct np_error *err);
/* With --locked, any change listed is an error (NP_EXIT_INPUT) naming each. */
bool np_session_refuse_changes(struct np_session *s, const struct np_strv *changes,
	struct np_error *err);
/* Reads nativepkg.lock again (after taking the workspace's write lock). */
bool np_session_reload_lock(struct np_session *s, struct np_error *err);
/* Prints (and forgets) what the resolvers warned about, on stderr unless quiet. */
void np_session_flush_warnings(struct np_session *s);

/*
 * Notes for the memo what the answer in set was made from, when it can be kept: every package
 * answered from the lock and nothing warned about. with_tree: the output tree is part of the
 * answer (resolve).
 */
void np_session_note_answer(struct np_session *s, const struct np_resolution_set *set,
	bool with_tree);
/* Prints a warning line on stderr unless quiet. */
void np_session_warn(struct np_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The resolutions of the named packages, in the order named (borrowed from set). */
void np_session_pick(const struct np_resolution_set *set, const struct np_strv *names,
	struct np_resolution **out);
/* Usage error unless at least one package is named. */
bool np_session_need_packages(const struct np_parsed *opts, const char *command,
	struct np_error *err);

#endif
