/* cmd_flags: `nativepkg flags PKG...` — compiler and linker flags, as pkg-config prints them. */
#include <stdlib.h>

#include "cli/command.h"
#include "cli/write_flags.h"
#include "core/alloc.h"

enum { OPT_CFLAGS = NP_OPT_FIRST, OPT_LIBS };

static int
cmd_flags(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_resolution **picked;
	struct np_buf out = {0};
	int parts = 0;

	if (opts->count[OPT_CFLAGS])
		parts |= NP_FLAGS_CFLAGS;
	if (opts->count[OPT_LIBS])
		parts |= NP_FLAGS_LIBS;
	if (parts == 0)
		parts = NP_FLAGS_CFLAGS | NP_FLAGS_LIBS;
	if (!np_session_need_packages(opts, "flags", err))
		return NP_EXIT_USAGE;
	if (!np_session_resolve(s, &opts->args, &set, err)) {
		np_resolution_set_release(&set);
		return err->code;
	}
	picked = np_xcalloc(opts->args.n, sizeof *picked);
	np_session_pick(&set, &opts->args, picked);
	np_write_flags(picked, opts->args.n, parts, &out);
	fwrite(np_buf_str(&out), 1, out.len, s->out);
	free(picked);
	np_buf_release(&out);
	np_resolution_set_release(&set);
	return 0;
}

const struct np_command np_cmd_flags = {
	.name = "flags",
	.run = cmd_flags,
	.usage = "[--cflags] [--libs] [--static] PKG...",
	.summary = "print compiler and linker flags, as pkg-config does",
	.description =
		"Prints the compiler flags (--cflags), the linker flags (--libs) or both (the "
		"default) of the packages on one line, quoted and laid out as `pkgconf --cflags "
		"--libs` prints them, with system directories left out. With --static the linker "
		"flags are the static closure (Libs.private, Requires.private, dependencies).\n\n"
		"For binding generators: the flags are what a compiler needs; `nativepkg env "
		"--format json` gives the same answer as separate values.",
	.options = (const struct np_option[]){
		{OPT_CFLAGS, "cflags", 0, NULL, "print the compiler flags", false},
		{OPT_LIBS, "libs", 0, NULL, "print the linker flags", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION,
};
