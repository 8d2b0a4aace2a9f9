/* cmd_add: `nativepkg add PKG [RANGE]` — declare a dependency in nativepkg.json, and resolve. */
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "cli/update.h"
#include "core/alloc.h"
#include "core/fs.h"
#include "core/manifest.h"
#include "core/name.h"
#include "core/version.h"

enum { OPT_NO_RESOLVE = NP_OPT_FIRST };

/* --static, --shared and --mode go into the entry instead of applying to every package. */
static void
take_settings(struct np_session *s, char *settings[NP_SETTING_COUNT])
{
	settings[NP_SETTING_STATIC] = s->config.cli[NP_SETTING_STATIC];
	settings[NP_SETTING_MODE] = s->config.cli[NP_SETTING_MODE];
	s->config.cli[NP_SETTING_STATIC] = NULL;
	s->config.cli[NP_SETTING_MODE] = NULL;
}

static int
cmd_add(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	char *settings[NP_SETTING_COUNT] = {NULL}, *range = NULL, *path;
	struct np_resolution_set set = {0};
	struct np_strv changes = {0}, rest = {0}, none = {0};
	struct np_version_range vr;
	struct np_buf text = {0};
	const char *pkg;
	int code = 0;

	if (opts->args.n == 0) {
		np_error_set(err, NP_EXIT_USAGE, "add: name a package (see 'nativepkg help add')");
		return NP_EXIT_USAGE;
	}
	pkg = opts->args.v[0];
	if (!np_name_valid_package(pkg)) {
		np_error_set(err, NP_EXIT_USAGE, "add: '%s' is not a package name", pkg);
		return NP_EXIT_USAGE;
	}
	/* The range may come as one argument (">= 1.2") or several (>= 1.2). */
	for (size_t i = 1; i < opts->args.n; i++)
		np_strv_push(&rest, opts->args.v[i]);
	if (rest.n) {
		range = np_strv_join(&rest, " ");
		if (!np_version_range_parse(range, &vr, err)) {
			np_error_prefix(err, "add: %s", pkg);
			code = NP_EXIT_USAGE;
			err->code = NP_EXIT_USAGE;
			goto out;
		}
		np_version_range_release(&vr);
	}
	take_settings(s, settings);
	path = s->ws.manifest ? np_xstrdup(s->ws.manifest) : np_path_join(s->ws.root,
		NP_WORKSPACE_MANIFEST);
	/* The edited manifest is what this run resolves; it is written only if that works. */
	if (!np_manifest_add(&s->config.manifest, pkg, range, settings, &text, err) ||
		!np_manifest_parse(&s->config.manifest, np_buf_str(&text), text.len, path,
			NP_MANIFEST_WORKSPACE, err) ||
		(!opts->count[OPT_NO_RESOLVE] && !np_update_workspace(s, &none, &set, &changes, err)) ||
		!np_fs_write_atomic(path, text.data, text.len, err)) {
		code = err->code;
	} else {
		if (!s->quiet)
			fprintf(s->out, "added %s %s to %s\n", pkg, range ? range : "(any version)", path);
		if (!opts->count[OPT_NO_RESOLVE])
			np_update_report(s, &set, &changes);
	}
	free(path);
out:
	for (int i = 0; i < NP_SETTING_COUNT; i++)
		free(settings[i]);
	free(range);
	np_buf_release(&text);
	np_strv_release(&rest);
	np_strv_release(&changes);
	np_resolution_set_release(&set);
	return code;
}

const struct np_command np_cmd_add = {
	.name = "add",
	.run = cmd_add,
	.usage = "[--static|--shared] [--mode MODE] [--no-resolve] PKG [RANGE]",
	.summary = "add a dependency to the workspace's nativepkg.json, then resolve",
	.description =
		"Adds PKG to the \"dependencies\" of nativepkg.json at the workspace root (creating "
		"the file when there is none), with RANGE as its version range (\">= 1.2.11, < 2\"; "
		"any version when omitted), or updates the range of an entry already there. "
		"--static, --shared and --mode are recorded in the entry rather than applied to "
		"every package.\n\n"
		"Then resolves the whole workspace as 'nativepkg resolve' does, updating "
		"nativepkg.lock and the output tree; the manifest is written only if that succeeds, "
		"so a package that cannot be resolved is not added. --no-resolve only edits the "
		"manifest (for a target this machine cannot resolve).\n\n"
		"The file is rewritten with two-space indentation; entries keep their order.",
	.options = (const struct np_option[]){
		{OPT_NO_RESOLVE, "no-resolve", 0, NULL, "only edit nativepkg.json", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION,
};
