/*
 * command: what a nativepkg command is — name, options, help text and the function that runs
 * it — and the one sorted table of them (main.c). Shared set-up is a flag, not code copied
 * into each command.
 */
#ifndef NP_CLI_COMMAND_H
#define NP_CLI_COMMAND_H

#include <stddef.h>

#include "cli/options.h"
#include "cli/session.h"
#include "core/error.h"

/* Global option ids; command option ids start at NP_OPT_FIRST. */
enum {
	NP_OPT_DIRECTORY,
	NP_OPT_RECIPES,
	NP_OPT_TARGET,
	NP_OPT_TOOLCHAIN,
	NP_OPT_SYSROOT,
	NP_OPT_STATIC,
	NP_OPT_SHARED,
	NP_OPT_MODE,
	NP_OPT_OFFLINE,
	NP_OPT_LOCKED,
	NP_OPT_QUIET,
	NP_OPT_VERBOSE,
	NP_OPT_HELP,
	NP_OPT_FIRST,
};

enum np_command_flags {
	NP_CMD_SESSION = 1, /* needs the workspace, configuration and recipe path loaded */
	NP_CMD_MEMO = 2,    /* prints an answer that may be kept and printed again (cli/memo.h) */
	NP_CMD_CONSUMER = 4, /* answers from the lock, never builds (np_resolve_ctx.consumer) */
};

struct np_command {
	const char *name;
	/* Returns the exit code; on failure err says why (main prints it). */
	int (*run)(struct np_session *s, const struct np_parsed *opts, struct np_error *err);
	const char *usage;       /* arguments after the command name */
	const char *summary;     /* one line, lower case, no final period */
	const char *description; /* paragraphs for help, the man page and docs/commands.md */
	const struct np_option *options;
	unsigned flags;
};

extern const struct np_option np_global_options[];
extern const struct np_command *const np_commands[];
extern const size_t np_commands_count;

const struct np_command *np_command_find(const char *name);

extern const struct np_command np_cmd_add;
extern const struct np_command np_cmd_build;
extern const struct np_command np_cmd_cache;
extern const struct np_command np_cmd_emit;
extern const struct np_command np_cmd_env;
extern const struct np_command np_cmd_explain;
extern const struct np_command np_cmd_fetch;
extern const struct np_command np_cmd_flags;
extern const struct np_command np_cmd_help;
extern const struct np_command np_cmd_inputs;
extern const struct np_command np_cmd_recipe;
extern const struct np_command np_cmd_resolve;
extern const struct np_command np_cmd_verify;
extern const struct np_command np_cmd_version;

#endif
