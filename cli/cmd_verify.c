/* cmd_verify: `nativepkg verify` — is every locked file still what the lock saw? */
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "core/fingerprint.h"
#include "core/fs.h"

static int
cmd_verify(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	size_t files = 0, drifted = 0, packages = 0;

	(void)opts;
	if (np_error_isset(&s->lock_err)) {
		np_error_set(err, s->lock_err.code, "%s", s->lock_err.msg);
		return err->code;
	}
	if (!np_fs_exists(s->ws.lock)) {
		np_error_set(err, NP_EXIT_FAILURE, "verify: there is no %s to verify (run 'nativepkg "
			"resolve' first)", s->ws.lock);
		return err->code;
	}
	for (size_t i = 0; i < s->lock.n; i++) {
		const struct np_lock_entry *e = s->lock.v[i];
		size_t bad = 0;
		packages++;
		for (size_t k = 0; k < e->files.n; k++) {
			/* No stat cache: every file is read and hashed again. */
			char *why = np_fingerprint_check(NULL, &e->files.v[k]);
			files++;
			if (why) {
				fprintf(s->out, "drift: %s (%s, %s): %s\n", e->res.name, e->res.links, e->target,
					why);
				free(why);
				bad++;
			}
		}
		drifted += bad != 0;
		if (bad == 0 && !s->quiet)
			fprintf(s->out, "ok: %s %s via %s (%s, %s): %zu file%s unchanged\n", e->res.name,
				e->res.version ? e->res.version : "(version unknown)",
				np_method_name(e->res.method), e->res.links, e->target, e->files.n,
				e->files.n == 1 ? "" : "s");
	}
	if (drifted) {
		np_error_set(err, NP_EXIT_INTEGRITY, "verify: %zu of %zu locked package%s changed on "
			"disk since locking; 'nativepkg resolve' re-resolves them (--locked refuses)",
			drifted, packages, packages == 1 ? "" : "s");
		return err->code;
	}
	if (!s->quiet)
		fprintf(s->out, "%s: %zu package%s, %zu file%s verified\n", s->ws.lock, packages,
			packages == 1 ? "" : "s", files, files == 1 ? "" : "s");
	return 0;
}

const struct np_command np_cmd_verify = {
	.name = "verify",
	.run = cmd_verify,
	.usage = "",
	.summary = "check that every file the lock points at is unchanged",
	.description =
		"Reads every file fingerprinted in the workspace's nativepkg.lock - each package's "
		"library files, the .pc file used and its headers - and compares its real path, size "
		"and SHA-256 with what the lock recorded, hashing every file again (the stat cache "
		"that makes 'resolve' fast is not trusted here). Prints one line per package, and one "
		"per changed file naming it: a library upgraded or replaced since locking, a symlink "
		"now pointing elsewhere, a file gone.\n\n"
		"Exits 4 when anything changed, 1 when there is no lock.",
	.options = (const struct np_option[]){{0, NULL, 0, NULL, NULL, false}},
	.flags = NP_CMD_SESSION,
};
