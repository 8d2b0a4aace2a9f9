/* cmd_build: `nativepkg build PKG...` — build from source (or reuse the finished build). */
#include "cli/command.h"
#include "core/alloc.h"

static int
cmd_build(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	int code = 0;

	if (!np_session_need_packages(opts, "build", err))
		return NP_EXIT_USAGE;
	/* Only the packages named are built on purpose; their dependencies resolve as usual. */
	for (size_t i = 0; i < opts->args.n; i++)
		np_kv_set(&s->config.cli_modes, opts->args.v[i], "build");
	if (!np_session_resolve(s, &opts->args, &set, err)) {
		code = err->code;
	} else if (!s->quiet) {
		for (size_t i = 0; i < set.n; i++) {
			const struct np_resolution *r = set.v[i];
			fprintf(s->out, "%s %s via %s (%s): %s\n", r->name, r->version ? r->version : "?",
				np_method_name(r->method), np_link_name(r->link),
				r->prefix ? r->prefix : (r->pc_file ? r->pc_file : ""));
		}
	}
	np_resolution_set_release(&set);
	return code;
}

const struct np_command np_cmd_build = {
	.name = "build",
	.run = cmd_build,
	.usage = "PKG...",
	.summary = "build packages from source into the cache, or reuse a finished build",
	.description =
		"Builds each named package from its recipe even when it is installed (its mode is "
		"build), resolving dependencies as usual, and prints where each package is. The "
		"source is downloaded (mirrors first), verified against the recipe's sha256, "
		"extracted safely, patched, configured for its final prefix, built and installed; "
		"the prefix appears under the cache's builds/ only once complete. Independent "
		"packages build at the same time, sharing NATIVEPKG_JOBS jobs (default: the number "
		"of cores) and downloading their sources together. A build with the same key (recipe, source, patches, link kind, "
		"target, compiler, dependencies) is reused without compiling anything; concurrent "
		"processes build it once.\n\n"
		"A failed build exits 1 with the last lines of its log and the log's path. The "
		"output tree is not written: `nativepkg resolve` does that.",
	.options = (const struct np_option[]){{0, NULL, 0, NULL, NULL, false}},
	.flags = NP_CMD_SESSION,
};
