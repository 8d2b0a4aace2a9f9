/* cmd_inputs: `nativepkg inputs PKG...` — what can change the answer, to know when to re-run. */
#include <string.h>

#include "cli/command.h"
#include "core/json.h"

enum { OPT_FORMAT = NP_OPT_FIRST };

static int
cmd_inputs(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const char *format = opts->value[OPT_FORMAT] ? opts->value[OPT_FORMAT] : "text";
	struct np_resolution_set set = {0};
	struct np_error failure = {0};
	struct np_inputs all = {0};
	bool resolved;
	int code = 0;

	if (strcmp(format, "text") != 0 && strcmp(format, "cargo") != 0 && strcmp(format, "json") != 0) {
		np_error_set(err, NP_EXIT_USAGE, "inputs: --format must be text, cargo or json, not '%s'",
			format);
		return NP_EXIT_USAGE;
	}
	if (!np_session_need_packages(opts, "inputs", err))
		return NP_EXIT_USAGE;
	/* Inputs are printed even for a package that was not found: they say when to retry. */
	s->ctx.keep_seen = true;
	resolved = np_session_resolve(s, &opts->args, &set, &failure);
	np_inputs_merge(&all, &s->ctx.global_inputs);
	np_inputs_merge(&all, &s->ctx.seen);

	if (strcmp(format, "json") == 0) {
		struct np_json *root = np_json_new(NP_JSON_OBJECT);
		struct np_buf out = {0};
		np_json_add_strings(root, "env", all.env.v, all.env.n);
		np_json_add_strings(root, "files", all.files.v, all.files.n);
		if (np_json_print(root, true, &out, err))
			fwrite(np_buf_str(&out), 1, out.len, s->out);
		else
			code = err->code;
		np_buf_release(&out);
		np_json_free(root);
	} else {
		bool cargo = strcmp(format, "cargo") == 0;
		for (size_t i = 0; i < all.env.n; i++)
			fprintf(s->out, cargo ? "cargo:rerun-if-env-changed=%s\n" : "env %s\n", all.env.v[i]);
		for (size_t i = 0; i < all.files.n; i++)
			fprintf(s->out, cargo ? "cargo:rerun-if-changed=%s\n" : "file %s\n", all.files.v[i]);
	}
	np_inputs_release(&all);
	np_resolution_set_release(&set);
	if (!resolved && code == 0) {
		*err = failure;
		return err->code;
	}
	np_error_release(&failure);
	return code;
}

const struct np_command np_cmd_inputs = {
	.name = "inputs",
	.run = cmd_inputs,
	.usage = "[--format FORMAT] PKG...",
	.summary = "list the environment variables and files that can change an answer",
	.description =
		"Resolves the packages and lists everything the answer depends on: every environment "
		"variable read (whether or not it was set) and every file read - config files, "
		"recipes, .pc files, the headers and libraries found. A build system re-runs "
		"nativepkg when one of them changes: CMake as configure dependencies, Cargo through "
		"--format cargo (rerun-if-env-changed and rerun-if-changed lines).\n\n"
		"The list is printed even when a package is not found; the exit code then says so.",
	.options = (const struct np_option[]){
		{OPT_FORMAT, "format", 'f', "FORMAT", "text (default), cargo or json", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION | NP_CMD_CONSUMER,
};
