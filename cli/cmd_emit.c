/* cmd_emit: `nativepkg emit PKG... --out DIR` — any subset of the output tree, anywhere. */
#include "cli/command.h"
#include "cli/write_tree.h"
#include "core/fs.h"

#include <stdlib.h>

enum { OPT_OUT = NP_OPT_FIRST, OPT_ONLY };

static int
cmd_emit(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	unsigned parts = NP_TREE_ALL;
	char *out;
	int code = 0;

	if (opts->value[OPT_OUT] == NULL) {
		np_error_set(err, NP_EXIT_USAGE, "emit: --out DIR is required");
		return NP_EXIT_USAGE;
	}
	if (opts->value[OPT_ONLY] && !np_write_tree_parts(opts->value[OPT_ONLY], &parts, err))
		return NP_EXIT_USAGE;
	if (!np_session_need_packages(opts, "emit", err))
		return NP_EXIT_USAGE;
	out = np_path_absolute(opts->value[OPT_OUT]);
	if (!np_session_resolve(s, &opts->args, &set, err) ||
		!np_write_tree(&set, s->config.target, NULL, 0, out, parts, false, NULL, err))
		code = err->code;
	else if (!s->quiet)
		fprintf(s->out, "wrote %s\n", out);
	free(out);
	np_resolution_set_release(&set);
	return code;
}

const struct np_command np_cmd_emit = {
	.name = "emit",
	.run = cmd_emit,
	.usage = "--out DIR [--only OUTPUTS] PKG...",
	.summary = "write outputs for packages into a directory of your choice",
	.description =
		"Resolves the packages like resolve, and writes the output tree (or the parts named "
		"by --only, a comma-separated list of json, env, cargo, pkg-config, cmake and cps) "
		"under DIR instead of the workspace's .nativepkg/. The CMake dependency provider "
		"uses this to keep nativepkg's files inside the build directory.",
	.options = (const struct np_option[]){
		{OPT_OUT, "out", 'o', "DIR", "the directory to write into", false},
		{OPT_ONLY, "only", 0, "OUTPUTS", "json,env,cargo,pkg-config,cmake,cps (default: all)",
			false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION | NP_CMD_CONSUMER,
};
