/* main: nativepkg's entry point — global options, the command table, dispatch, exit codes. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/command.h"
#include "cli/help.h"
#include "cli/memo.h"
#include "core/strv.h"

const struct np_option np_global_options[] = {
	{NP_OPT_DIRECTORY, "directory", 'C', "DIR", "run as if started in DIR", false},
	{NP_OPT_RECIPES, "recipes", 0, "DIR", "search DIR for recipes before anything else (repeatable)",
		true},
	{NP_OPT_TARGET, "target", 0, "TRIPLE",
		"the target to find or build for, in its GNU or Rust spelling (default: "
		"$NATIVEPKG_TARGET, in a Cargo build script Cargo's $TARGET, else the host)", false},
	{NP_OPT_TOOLCHAIN, "toolchain", 0, "KEY=VALUE",
		"the target's cc, cxx, ar, ranlib, strip, windres, cflags, cxxflags, ldflags, sysroot, "
		"cmake_toolchain_file or meson_cross_file (repeatable; see docs/cross.md)", true},
	{NP_OPT_SYSROOT, "sysroot", 0, "DIR", "the target's sysroot (--toolchain sysroot=DIR)", false},
	{NP_OPT_STATIC, "static", 0, NULL, "link every package statically", false},
	{NP_OPT_SHARED, "shared", 0, NULL, "link every package's shared object", false},
	{NP_OPT_MODE, "mode", 0, "MODE", "auto, system or build, for every package", false},
	{NP_OPT_OFFLINE, "offline", 0, NULL,
		"never use the network: sources must already be in the cache", false},
	{NP_OPT_LOCKED, "locked", 0, NULL,
		"refuse any change to nativepkg.lock, and say what would change (also NATIVEPKG_LOCKED=1)",
		false},
	{NP_OPT_QUIET, "quiet", 'q', NULL, "print only errors and the output asked for", false},
	{NP_OPT_VERBOSE, "verbose", 'v', NULL, "report each resolver step on stderr as it ends", false},
	{NP_OPT_HELP, "help", 'h', NULL, "show the command's help", false},
	{0, NULL, 0, NULL, NULL, false},
};

/* Sorted by name. */
const struct np_command *const np_commands[] = {
	&np_cmd_add,
	&np_cmd_build,
	&np_cmd_cache,
	&np_cmd_emit,
	&np_cmd_env,
	&np_cmd_explain,
	&np_cmd_fetch,
	&np_cmd_flags,
	&np_cmd_help,
	&np_cmd_inputs,
	&np_cmd_recipe,
	&np_cmd_resolve,
	&np_cmd_verify,
	&np_cmd_version,
};
const size_t np_commands_count = sizeof np_commands / sizeof *np_commands;

const struct np_command *
np_command_find(const char *name)
{
	for (size_t i = 0; i < np_commands_count; i++)
		if (strcmp(np_commands[i]->name, name) == 0)
			return np_commands[i];
	return NULL;
}

/* Whether argv[i] is a global option whose value is the next argument. */
static bool
takes_next(const char *a)
{
	for (const struct np_option *o = np_global_options; o->name; o++) {
		if (!o->arg)
			continue;
		if (a[0] == '-' && a[1] == o->short_name && a[2] == '\0')
			return true;
		if (a[0] == '-' && a[1] == '-' && strcmp(a + 2, o->name) == 0)
			return true;
	}
	return false;
}

static int
report(struct np_error *err)
{
	int code = err->code ? err->code : 1;
	struct np_strv lines = {0};

	/* Indented lines continue the line above; every other line is a message of its own. */
	np_strv_split(&lines, err->msg ? err->msg : "failed", "\n");
	for (size_t i = 0; i < lines.n; i++)
		fprintf(stderr, "%s%s\n", lines.v[i][0] == ' ' ? "" : "nativepkg: ", lines.v[i]);
	np_strv_release(&lines);
	np_error_release(err);
	return code;
}

int
main(int argc, char **argv)
{
	const struct np_command *cmd = NULL;
	const struct np_option *tables[3] = {np_global_options, NULL, NULL};
	struct np_parsed opts = {0};
	struct np_session session;
	struct np_memo memo = {0};
	struct np_error err = {0};
	char **rest;
	int cmd_index = 0, code = 0, nrest = 0;
	bool opened = false, use_memo = false;

#ifdef M_MMAP_THRESHOLD
	/*
	 * A short-lived process: memory freed mid-run is kept for what comes next instead of being
	 * handed back to the kernel and faulted in again (reading a 1000-package lock frees 13 MB
	 * that the resolution then needs: a third of its page faults).
	 */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] != '-') {
			cmd_index = i;
			break;
		}
		if (takes_next(argv[i]))
			i++;
	}
	if (cmd_index) {
		cmd = np_command_find(argv[cmd_index]);
		if (cmd == NULL) {
			np_error_set(&err, NP_EXIT_USAGE, "unknown command '%s' (see 'nativepkg help')",
				argv[cmd_index]);
			return report(&err);
		}
		tables[1] = cmd->options;
	}

	/* Every argument but the program and command names, global options allowed anywhere. */
	rest = calloc((size_t)argc, sizeof *rest);
	if (rest == NULL)
		abort();
	for (int i = 1; i < argc; i++)
		if (i != cmd_index)
			rest[nrest++] = argv[i];
	if (!np_options_parse(tables, nrest, rest, &opts, &err)) {
		free(rest);
		np_parsed_release(&opts);
		return report(&err);
	}
	free(rest);

	if (cmd == NULL) {
		if (opts.count[NP_OPT_HELP]) {
			np_help_general(stdout);
		} else {
			np_help_general(stderr);
			code = NP_EXIT_USAGE;
		}
		goto out;
	}
	if (opts.count[NP_OPT_HELP]) {
		np_help_command(cmd, stdout);
		goto out;
	}
	if ((cmd->flags & NP_CMD_SESSION) && opts.value[NP_OPT_DIRECTORY] &&
		chdir(opts.value[NP_OPT_DIRECTORY]) != 0) {
		np_error_set(&err, NP_EXIT_USAGE, "cannot change to directory '%s'",
			opts.value[NP_OPT_DIRECTORY]);
		code = report(&err);
		goto out;
	}
	/* The same question of an unchanged workspace: the kept answer, nothing resolved. */
	if ((cmd->flags & NP_CMD_MEMO) && !opts.count[NP_OPT_VERBOSE] &&
		np_memo_open(&memo, argc, argv)) {
		if (np_memo_replay(&memo, stdout))
			goto out;
		use_memo = true;
	}
	if (!np_session_open(&session, &opts, (cmd->flags & NP_CMD_SESSION) != 0, &err)) {
		code = report(&err);
		np_session_close(&session);
		goto out;
	}
	opened = true;
	session.ctx.consumer = (cmd->flags & NP_CMD_CONSUMER) != 0;
	if (use_memo) {
		session.out = np_memo_capture(&memo);
		session.memo = &memo;
	}
	code = cmd->run(&session, &opts, &err);
	np_memo_flush(&memo, stdout);
	if (np_error_isset(&err))
		code = report(&err);
	if (use_memo && code == 0)
		np_memo_save(&memo);
out:
	if (opened)
		np_session_close(&session);
	np_memo_release(&memo);
	np_parsed_release(&opts);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "nativepkg: cannot write the output\n");
		return code ? code : 1;
	}
	return code;
}
