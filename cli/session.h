/*
 * session: the set-up most commands share — the workspace, its configuration, the recipe
 * search path and a resolver context — built once from the global options.
 */
#ifndef NP_CLI_SESSION_H
#define NP_CLI_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/options.h"
#include "cli/progress.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/error.h"
#include "core/inputs.h"
#include "core/resolution.h"
#include "core/workspace.h"
#include "resolvers/resolver.h"

struct np_session {
	struct np_workspace ws;
	struct np_config config;
	struct np_catalog catalog;
	struct np_resolve_ctx ctx;
	bool quiet;
	bool verbose;
	struct np_progress progress;
	FILE *out; /* where command output goes (stdout) */
};

/* Reads the global options; loads the workspace and configuration when `full`. */
bool np_session_open(struct np_session *s, const struct np_parsed *opts, bool full,
	struct np_error *err);
void np_session_close(struct np_session *s);
/* Resolves the named packages (and their dependencies) into set. */
bool np_session_resolve(struct np_session *s, const struct np_strv *names,
	struct np_resolution_set *set, struct np_error *err);
/* The resolutions of the named packages, in the order named (borrowed from set). */
void np_session_pick(const struct np_resolution_set *set, const struct np_strv *names,
	struct np_resolution **out);
/* Usage error unless at least one package is named. */
bool np_session_need_packages(const struct np_parsed *opts, const char *command,
	struct np_error *err);

#endif
