/* cmd_flags: `nativepkg flags PKG...` — compiler and linker flags, as pkg-config prints them. */
#include <stdlib.h>

#include "cli/command.h"
#include "cli/write_flags.h"
#include "core/alloc.h"

enum { OPT_CFLAGS = NP_OPT_FIRST, OPT_LIBS, OPT_FORMAT };

static int
cmd_flags(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_resolution **picked;
	struct np_buf out = {0};
	enum np_flags_format format = NP_FLAGS_FORMAT_PKGCONFIG;
	int parts = 0, code = 0;

	if (opts->count[OPT_CFLAGS])
		parts |= NP_FLAGS_CFLAGS;
	if (opts->count[OPT_LIBS])
		parts |= NP_FLAGS_LIBS;
	if (parts == 0)
		parts = NP_FLAGS_CFLAGS | NP_FLAGS_LIBS;
	if (opts->value[OPT_FORMAT] && !np_write_flags_format(opts->value[OPT_FORMAT], &format)) {
		np_error_set(err, NP_EXIT_USAGE, "flags: --format must be pkg-config, bindgen, cffi or "
			"swig, not '%s'", opts->value[OPT_FORMAT]);
		return NP_EXIT_USAGE;
	}
	if (!np_session_need_packages(opts, "flags", err))
		return NP_EXIT_USAGE;
	if (!np_session_resolve(s, &opts->args, &set, err)) {
		np_resolution_set_release(&set);
		return err->code;
	}
	picked = np_xcalloc(opts->args.n, sizeof *picked);
	np_session_pick(&set, &opts->args, picked);
	if (format == NP_FLAGS_FORMAT_PKGCONFIG)
		np_write_flags(picked, opts->args.n, parts, &out);
	else if (!np_write_flags_for(picked, opts->args.n, format, &out, err))
		code = err->code;
	if (code == 0)
		fwrite(np_buf_str(&out), 1, out.len, s->out);
	free(picked);
	np_buf_release(&out);
	np_resolution_set_release(&set);
	return code;
}

const struct np_command np_cmd_flags = {
	.name = "flags",
	.run = cmd_flags,
	.usage = "[--cflags] [--libs] [--static] [--format FORMAT] PKG...",
	.summary = "print compiler and linker flags, as pkg-config does",
	.description =
		"Prints the compiler flags (--cflags), the linker flags (--libs) or both (the "
		"default) of the packages on one line, quoted and laid out as `pkgconf --cflags "
		"--libs` prints them, with system directories left out. With --static the linker "
		"flags are the static closure (Libs.private, Requires.private, dependencies).\n\n"
		"For binding generators, --format bindgen prints the clang arguments one per line "
		"(for bindgen's clang_arg() or the bindgen command after --), --format cffi a JSON "
		"object of keyword arguments for cffi's FFI.set_source() (include_dirs, "
		"library_dirs, libraries, define_macros, runtime_library_dirs, extra_compile_args, "
		"extra_link_args), and --format swig the -I and -D options quoted for a shell. For "
		"dlopen-style bindings, DEP_<LINKS>_DYLIB (nativepkg env) names the shared object.",
	.options = (const struct np_option[]){
		{OPT_CFLAGS, "cflags", 0, NULL, "print the compiler flags", false},
		{OPT_LIBS, "libs", 0, NULL, "print the linker flags", false},
		{OPT_FORMAT, "format", 'f', "FORMAT", "pkg-config (default), bindgen, cffi or swig", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION | NP_CMD_MEMO | NP_CMD_CONSUMER,
};
