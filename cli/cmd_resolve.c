/* cmd_resolve: `nativepkg resolve [PKG...]` — resolve the workspace, lock it, write its tree. */
#include "cli/command.h"
#include "cli/update.h"

enum { OPT_UPDATE = NP_OPT_FIRST };

static int
cmd_resolve(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_strv changes = {0};
	int code = 0;

	if (opts->count[OPT_UPDATE]) {
		if (opts->args.n)
			np_strv_copy(&s->ctx.update, &opts->args);
		else
			s->ctx.update_all = true;
	}
	if (np_update_workspace(s, &opts->args, &set, &changes, err))
		np_update_report(s, &set, &changes);
	else
		code = err->code;
	np_strv_release(&changes);
	np_resolution_set_release(&set);
	return code;
}

const struct np_command np_cmd_resolve = {
	.name = "resolve",
	.run = cmd_resolve,
	.usage = "[--update] [PKG...]",
	.summary = "resolve the workspace, lock the answer and write the output tree",
	.description =
		"Resolves the workspace's packages and their dependencies - override, then the lock, "
		"then pkg-config, then a compile-and-link probe, then a finished build, then building "
		"from source - and prints one line per package: name, version, method, link kind "
		"(\"locked\" when the lock's answer was reused) and where it was found. Every "
		"candidate must pass the consistency checks: the version asked for, an archive for a "
		"static link, the target's machine, headers that agree with the library's version.\n\n"
		"The packages are the dependencies listed in nativepkg.json (see 'nativepkg add') and "
		"those named; without a manifest, those named now and by earlier runs. Two packages "
		"with the same links name, version ranges no version satisfies together, or a static "
		"and a shared request of one package are refused (exit 3) naming both requesters.\n\n"
		"The answer is recorded in nativepkg.lock at the workspace root (the nearest "
		"directory holding nativepkg.json, else the current one): one entry per links name "
		"and target, with fingerprints of the files it points at. Later runs, and every "
		"consumer's 'nativepkg env', 'flags' or 'emit', reuse an entry while its request and "
		"files are unchanged. --update re-resolves the named packages (all of them without "
		"names); --locked (or NATIVEPKG_LOCKED=1) refuses any change to the lock and lists "
		"what would change (exit 3). When nothing an answer from the lock was made from has "
		"changed since a run kept it in .nativepkg/memo/ - files, recipes, the tree, the "
		"relevant environment - the same command prints it again without resolving "
		"(NATIVEPKG_MEMO=0 turns this off).\n\n"
		"Writes .nativepkg/ at the workspace root: resolution.json, env/ (all.env, all.sh, "
		"<links>.env), cargo/ (<links>.txt, config.toml), lib/pkgconfig/<module>.pc, "
		"lib/cmake/<Pkg>/ and cps/<name>.cps. Every file is replaced atomically; if any "
		"value cannot be written in some format, nothing is written. Concurrent runs in one "
		"workspace take turns.\n\n"
		"A name without a recipe is resolved as the pkg-config module of that name.",
	.options = (const struct np_option[]){
		{OPT_UPDATE, "update", 'u', NULL,
			"resolve the named packages (all without names) again instead of reusing the lock",
			false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION | NP_CMD_MEMO,
};
