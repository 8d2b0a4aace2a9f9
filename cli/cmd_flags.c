/* cmd_flags: `nativepkg flags PKG...` — compiler and linker flags, as pkg-config prints them. */
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "cli/write_flags.h"
#include "core/alloc.h"

enum { OPT_CFLAGS = NP_OPT_FIRST, OPT_LIBS, OPT_FORMAT };

static int
cmd_flags(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_resolution **picked;
	struct np_strv packages = {0};
	struct np_resolution **made;
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
	/* PKG:COMPONENT asks for one component of a package (core/component.h). */
	for (size_t i = 0; i < opts->args.n; i++) {
		const char *a = opts->args.v[i], *colon = strchr(a, ':');
		np_strv_push_owned(&packages, colon ? np_xstrndup(a, (size_t)(colon - a)) : np_xstrdup(a));
	}
	if (!np_session_resolve(s, &packages, &set, err)) {
		np_resolution_set_release(&set);
		np_strv_release(&packages);
		return err->code;
	}
	picked = np_xcalloc(opts->args.n, sizeof *picked);
	made = np_xcalloc(opts->args.n, sizeof *made);
	np_session_pick(&set, &packages, picked);
	for (size_t i = 0; i < opts->args.n && code == 0; i++) {
		const char *colon = strchr(opts->args.v[i], ':');
		const struct np_component *c;
		struct np_resolution *one;
		if (colon == NULL || picked[i] == NULL)
			continue;
		c = np_components_find(&picked[i]->components, colon + 1);
		if (c == NULL) {
			struct np_strv names = {0};
			char *list;
			for (size_t k = 0; k < picked[i]->components.n; k++)
				np_strv_push(&names, picked[i]->components.v[k].name);
			list = np_strv_join(&names, ", ");
			np_error_set(err, NP_EXIT_USAGE, "flags: %s has no component '%s' (%s)",
				picked[i]->name, colon + 1, names.n ? list : "it has none");
			free(list);
			np_strv_release(&names);
			code = NP_EXIT_USAGE;
			break;
		}
		/* The component's answer: its flags in place of the package's. */
		one = np_xcalloc(1, sizeof *one);
		np_resolution_copy(one, picked[i]);
		np_strv_release(&one->cflags);
		np_strv_release(&one->ldflags);
		np_component_cflags(picked[i], c, &one->cflags);
		np_component_ldflags(picked[i], c, false, &one->ldflags);
		picked[i] = made[i] = one;
	}
	if (code) {
		/* nothing printed */
	} else if (format == NP_FLAGS_FORMAT_PKGCONFIG)
		np_write_flags(picked, opts->args.n, parts, &out);
	else if (!np_write_flags_for(picked, opts->args.n, format, &out, err))
		code = err->code;
	if (code == 0)
		fwrite(np_buf_str(&out), 1, out.len, s->out);
	for (size_t i = 0; i < opts->args.n; i++) {
		if (made[i])
			np_resolution_release(made[i]);
		free(made[i]);
	}
	free(made);
	np_strv_release(&packages);
	free(picked);
	np_buf_release(&out);
	np_resolution_set_release(&set);
	return code;
}

const struct np_command np_cmd_flags = {
	.name = "flags",
	.run = cmd_flags,
	.usage = "[--cflags] [--libs] [--static] [--format FORMAT] PKG[:COMPONENT]...",
	.summary = "print compiler and linker flags, as pkg-config does",
	.description =
		"Prints the compiler flags (--cflags), the linker flags (--libs) or both (the "
		"default) of the packages on one line, quoted and laid out as `pkgconf --cflags "
		"--libs` prints them, with system directories left out. With --static the linker "
		"flags are the static closure (Libs.private, Requires.private, dependencies). "
		"PKG:COMPONENT gives one component of a package of several libraries (pcre2:posix): "
		"its library and those it requires, with its own definitions.\n\n"
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
