/* cmd_resolve: `nativepkg resolve PKG...` — resolve and write the workspace's output tree. */
#include <stdlib.h>

#include "cli/command.h"
#include "cli/write_tree.h"

static const char *
where(const struct np_resolution *r)
{
	if (r->pc_file)
		return r->pc_file;
	if (r->dylib)
		return r->dylib;
	if (r->prefix)
		return r->prefix;
	return r->include_dirs.n ? r->include_dirs.v[0] : "";
}

static int
cmd_resolve(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_strv written = {0};
	int code = 0;

	if (!np_session_need_packages(opts, "resolve", err))
		return NP_EXIT_USAGE;
	if (!np_session_resolve(s, &opts->args, &set, err) ||
		!np_write_tree(&set, s->config.target, s->ws.out_dir, NP_TREE_ALL, &written, err)) {
		code = err->code;
		goto out;
	}
	if (!s->quiet) {
		for (size_t i = 0; i < set.n; i++) {
			const struct np_resolution *r = set.v[i];
			fprintf(s->out, "%s %s via %s (%s): %s\n", r->name,
				r->version ? r->version : "(version unknown)", np_method_name(r->method),
				np_link_name(r->link), where(r));
		}
		fprintf(s->out, "wrote %s\n", s->ws.out_dir);
	}
out:
	np_strv_release(&written);
	np_resolution_set_release(&set);
	return code;
}

const struct np_command np_cmd_resolve = {
	.name = "resolve",
	.run = cmd_resolve,
	.usage = "PKG...",
	.summary = "find each package and write the workspace's output tree",
	.description =
		"Resolves each package and its dependencies - override, then pkg-config, then a "
		"compile-and-link probe - and prints one line per package: name, version, method, "
		"link kind and where it was found.\n\n"
		"Writes .nativepkg/ at the workspace root (the nearest directory holding "
		"nativepkg.json, else the current one): resolution.json, env/ (all.env, all.sh, "
		"<links>.env), cargo/ (<links>.txt, config.toml), lib/pkgconfig/<module>.pc, "
		"lib/cmake/<Pkg>/ and cps/<name>.cps. Every file is replaced atomically; if any "
		"value cannot be written in some format, nothing is written.\n\n"
		"A name without a recipe is resolved as the pkg-config module of that name.",
	.options = (const struct np_option[]){{0, NULL, 0, NULL, NULL, false}},
	.flags = NP_CMD_SESSION,
};
