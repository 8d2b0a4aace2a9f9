/* cmd_env: `nativepkg env PKG...` — the DEP_<LINKS>_<KEY> variables in a chosen format. */
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "cli/write_cargo.h"
#include "cli/write_env.h"
#include "core/alloc.h"

enum { OPT_FORMAT = NP_OPT_FIRST };

static int
cmd_env(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const char *format = opts->value[OPT_FORMAT] ? opts->value[OPT_FORMAT] : "dotenv";
	struct np_resolution_set set = {0};
	struct np_buf out = {0};
	enum np_env_format f = NP_ENV_FORMAT_DOTENV;
	bool cargo = strcmp(format, "cargo") == 0 || strcmp(format, "cargo::") == 0, ok;

	if (!cargo && !np_write_env_format(format, &f)) {
		np_error_set(err, NP_EXIT_USAGE,
			"env: --format must be sh, dotenv, json, cargo, cargo::, github or make, not '%s'",
			format);
		return NP_EXIT_USAGE;
	}
	if (!np_session_need_packages(opts, "env", err))
		return NP_EXIT_USAGE;
	ok = np_session_resolve(s, &opts->args, &set, err);
	if (ok && cargo) {
		/* A build script speaks for one links name: only the packages asked for. */
		struct np_resolution **picked = np_xcalloc(opts->args.n, sizeof *picked);
		np_session_pick(&set, &opts->args, picked);
		ok = np_write_cargo(picked, opts->args.n, strcmp(format, "cargo::") == 0 ?
			NP_CARGO_SYNTAX_MODERN : NP_CARGO_SYNTAX_LEGACY, &out, err);
		free(picked);
	} else if (ok) {
		ok = np_write_env(set.v, set.n, f, &out, err);
	}
	if (ok)
		fwrite(np_buf_str(&out), 1, out.len, s->out);
	np_buf_release(&out);
	np_resolution_set_release(&set);
	return ok ? 0 : err->code;
}

const struct np_command np_cmd_env = {
	.name = "env",
	.run = cmd_env,
	.usage = "[--format FORMAT] PKG...",
	.summary = "print the DEP_<LINKS>_<KEY> variables of packages",
	.description =
		"Resolves the packages and prints the variables of each one and of its dependencies: "
		"DEP_<LINKS>_ROOT, _INCLUDE (a ':'-separated list), _LIB_DIR, _LIBS, _VERSION, "
		"_STATIC, _CFLAGS, _LDFLAGS, _RUNTIME_DIRS (where the loader must look for the "
		"shared libraries: a ':'-separated list, empty when it looks there anyway), _DYLIB, "
		"_METHOD and the recipe's extra keys.\n\n"
		"Formats: dotenv (KEY=VALUE, the value literal to the end of the line), sh (export "
		"lines for sh, dash and bash to source), json (one object), github (lines for "
		"$GITHUB_ENV, multi-line values as heredocs), make (export KEY := VALUE), cargo "
		"(the build-script lines of the packages named, for a build.rs to print, in the "
		"cargo:KEY=VALUE syntax every Cargo reads) and cargo:: (the same in the "
		"cargo::KEY=VALUE syntax of Cargo 1.77 and later). A value a "
		"format cannot carry - a newline in a dotenv file - is an error (exit 3) and nothing "
		"is printed.",
	.options = (const struct np_option[]){
		{OPT_FORMAT, "format", 'f', "FORMAT",
			"sh, dotenv (default), json, cargo, cargo::, github or make",
			false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION | NP_CMD_MEMO | NP_CMD_CONSUMER,
};
