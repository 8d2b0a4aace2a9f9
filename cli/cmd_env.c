/* cmd_env: `nativepkg env PKG...` — the DEP_<LINKS>_<KEY> variables in a chosen format. */
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "cli/write_cargo.h"
#include "cli/write_env.h"
#include "core/alloc.h"

enum { OPT_FORMAT = NP_OPT_FIRST, OPT_RUN };

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
	if (cargo && opts->count[OPT_RUN]) {
		np_error_set(err, NP_EXIT_USAGE, "env: --run has no cargo form (a build script links; "
			"it does not run what it builds)");
		return NP_EXIT_USAGE;
	}
	ok = np_session_resolve(s, &opts->args, &set, err);
	if (ok && opts->count[OPT_RUN]) {
		ok = np_write_run_env(set.v, set.n, f, &out, err);
	} else if (ok && cargo) {
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
	.usage = "[--format FORMAT] [--run] PKG...",
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
		"is printed.\n\n"
		"With --run, the run environment instead: LD_LIBRARY_PATH naming the directories of "
		"every shared library the packages resolved to outside the loader's own (the sh form "
		"puts them before the caller's LD_LIBRARY_PATH). Programs linked from nativepkg's "
		"outputs carry a runtime search path and need none of it; an interpreter that has "
		"already loaded a library of the same name (Debian's python3 links libz.so.1), a test "
		"harness or a program that dlopen()s by name does. The output tree holds the same as "
		"env/run.sh, env/run.env and env/run.json.",
	.options = (const struct np_option[]){
		{OPT_FORMAT, "format", 'f', "FORMAT",
			"sh, dotenv (default), json, cargo, cargo::, github or make",
			false},
		{OPT_RUN, "run", 0, NULL, "print the run environment (LD_LIBRARY_PATH) instead", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION | NP_CMD_MEMO | NP_CMD_CONSUMER,
};
