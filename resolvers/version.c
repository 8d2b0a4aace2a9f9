/* version: an installed copy's version, from the sources its recipe names. */
#include "resolvers/version.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/proc.h"

/* The .pc file of the recipe's version module beside the libraries (lib/pkgconfig). */
static char *
version_from_pc(const struct np_recipe *r, const struct np_version_where *w,
	struct np_trace_step *step, struct np_inputs *in)
{
	struct np_strv dirs = {0};
	char *version = NULL;

	for (size_t i = 0; w->lib_dirs && i < w->lib_dirs->n; i++)
		np_strv_push_owned(&dirs, np_path_join(w->lib_dirs->v[i], "pkgconfig"));
	if (w->root)
		np_strv_push_owned(&dirs, np_path_join(w->root, "share/pkgconfig"));
	for (size_t i = 0; i < dirs.n && version == NULL; i++) {
		char *file = np_xasprintf("%s/%s.pc", dirs.v[i], r->version_pc);
		struct np_error e = {0};
		if (np_fs_is_file(file)) {
			np_inputs_add_file(in, file);
			if (np_pkgconfig_file_version(file, &version, &e))
				np_trace_note(step, "version %s from %s", version ? version : "(none)", file);
			else
				np_trace_note(step, "%s: %s", file, e.msg);
		}
		np_error_release(&e);
		free(file);
	}
	if (version == NULL)
		np_trace_note(step, "no %s.pc beside the libraries", r->version_pc);
	np_strv_release(&dirs);
	return version;
}

/* The first line a command of the prefix prints (bin/pcre2-config --version). */
static char *
version_from_command(const struct np_recipe *r, const struct np_version_where *w,
	struct np_trace_step *step, struct np_inputs *in, struct np_error *err)
{
	struct np_strv argv = {0};
	struct np_buf out = {0};
	struct np_proc p = {.out = &out};
	char *program, *version = NULL;
	int status = 0;

	if (w->root == NULL) {
		np_trace_note(step, "version command: no prefix to run %s in", r->version_command.v[0]);
		return NULL;
	}
	program = np_path_join(w->root, r->version_command.v[0]);
	if (!np_fs_is_file(program)) {
		np_trace_note(step, "version command: no %s", program);
		free(program);
		return NULL;
	}
	np_inputs_add_file(in, program);
	np_strv_push(&argv, program);
	for (size_t i = 1; i < r->version_command.n; i++)
		np_strv_push(&argv, r->version_command.v[i]);
	p.argv = argv.v;
	if (np_proc_run(&p, &status, err) && status == 0) {
		char *nl = strchr(np_buf_str(&out), '\n');
		if (nl)
			*nl = '\0';
		np_buf_rtrim(&out);
		if (out.len)
			version = np_xstrdup(np_buf_str(&out));
		np_trace_note(step, "version %s from %s", version ? version : "(none)", program);
	} else if (!np_error_isset(err)) {
		np_trace_note(step, "version command %s exited with status %d", program, status);
	}
	np_buf_release(&out);
	np_strv_release(&argv);
	free(program);
	return version;
}

/*
 * A version as nativepkg carries it (every output must be able to): the first word of what a
 * program or file said that starts with a digit ("pcre2 10.42" -> "10.42"), else its first
 * word, of letters, digits and . _ + ~ -. NULL (v freed) when there is none such.
 */
static char *
plain_version(char *v, struct np_trace_step *step)
{
	struct np_strv words = {0};
	const char *pick = NULL;
	char *out = NULL;

	if (v == NULL)
		return NULL;
	np_strv_split(&words, v, " \t\r\n()[],;");
	for (size_t i = 0; i < words.n && pick == NULL; i++)
		if (words.v[i][0] >= '0' && words.v[i][0] <= '9')
			pick = words.v[i];
	if (pick == NULL && words.n)
		pick = words.v[0];
	if (pick && strspn(pick, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+~-") ==
		strlen(pick))
		out = np_xstrdup(pick);
	else
		np_trace_note(step, "\"%s\" is not a version", v);
	np_strv_release(&words);
	free(v);
	return out;
}

bool
np_version_discover(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_version_where *w, struct np_trace_step *step, char **version,
	bool *from_macro, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;

	*version = NULL;
	*from_macro = false;
	if (r->version_macro.n) {
		if (!np_probe_read_version(ctx, r, w->include_dirs, step, req->inputs, version, NULL, err))
			return false;
		*from_macro = *version != NULL;
	}
	if (*version == NULL && r->version_pc)
		*version = plain_version(version_from_pc(r, w, step, req->inputs), step);
	if (*version == NULL && r->version_function) {
		if (!np_version_from_function(ctx, r, w, req->link == NP_LINK_STATIC, step, req->inputs,
			    version, err))
			return false;
		*version = plain_version(*version, step);
	}
	if (*version == NULL && r->version_command.n) {
		*version = plain_version(version_from_command(r, w, step, req->inputs, err), step);
		if (np_error_isset(err))
			return false;
	}
	return true;
}
