/*
 * check: what every candidate answer must satisfy before it is used (DESIGN §4): the version
 * asked for, the link kind asked for (a static request needs archives, not just shared
 * objects), the target's machine, and headers that belong to the library.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/binfmt.h"
#include "core/fs.h"
#include "core/text.h"
#include "core/version.h"
#include "resolvers/resolver.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

static char *
check_range(const struct np_request *req, const struct np_resolution *out,
	struct np_trace_step *step)
{
	struct np_version_range r;
	char *why = NULL;

	if (req->range == NULL)
		return NULL;
	if (out->version == NULL) {
		np_trace_note(step, "check: version unknown, so \"%s\" cannot be checked", req->range);
		return NULL;
	}
	if (!np_version_range_parse(req->range, &r, NULL))
		return NULL;
	if (np_version_range_match(&r, out->version))
		np_trace_note(step, "check: version %s is in \"%s\"", out->version, req->range);
	else
		why = np_xasprintf("found version %s, but \"%s\" is wanted (by %s)", out->version,
			req->range, req->requesters);
	np_version_range_release(&r);
	return why;
}

/* The libraries that are the package's own: the recipe's, else the first one linked. */
static void
own_names(const struct np_request *req, const struct np_resolution *out, struct np_strv *names)
{
	if (req->recipe->libs.n)
		np_strv_copy(names, &req->recipe->libs);
	else if (out->libs.n)
		np_strv_push(names, out->libs.v[0]);
}

/* Where a shared object of that name is, to say what exists instead of an archive. */
static char *
shared_instead(const struct np_resolution *out, const char *lib)
{
	const char *system[] = {"/usr/local/lib", ("/usr/lib/" NP_MULTIARCH), "/usr/lib",
		("/lib/" NP_MULTIARCH), "/lib"};

	for (size_t i = 0; i < out->lib_dirs.n + sizeof system / sizeof *system; i++) {
		const char *dir = i < out->lib_dirs.n ? out->lib_dirs.v[i] : system[i - out->lib_dirs.n];
		char *path = np_xasprintf("%s/lib%s.so", dir, lib);
		if (np_fs_exists(path))
			return path;
		free(path);
	}
	return NULL;
}

static char *
check_static(const struct np_request *req, const struct np_resolution *out,
	struct np_trace_step *step)
{
	struct np_strv names = {0};
	char *why = NULL;

	if (req->link != NP_LINK_STATIC)
		return NULL;
	own_names(req, out, &names);
	for (size_t i = 0; i < names.n && why == NULL; i++) {
		char *want = np_xasprintf("/lib%s.a", names.v[i]), *so;
		bool found = false;
		for (size_t k = 0; k < out->lib_files.n && !found; k++)
			found = np_text_ends_with(out->lib_files.v[k], want);
		if (found) {
			np_trace_note(step, "check: static archive lib%s.a present", names.v[i]);
		} else if ((so = shared_instead(out, names.v[i])) != NULL) {
			why = np_xasprintf("a static link is requested (%s), but there is no lib%s.a, only "
				"the shared object %s", req->link_origin ? req->link_origin : "default",
				names.v[i], so);
			free(so);
		} else {
			why = np_xasprintf("a static link is requested (%s), but there is no lib%s.a",
				req->link_origin ? req->link_origin : "default", names.v[i]);
		}
		free(want);
	}
	np_strv_release(&names);
	return why;
}

/*
 * Every library file must be built for the target: its format (ELF, PE/COFF, Mach-O), machine,
 * word size and, for ELF, system (core/binfmt.h). A host library is never an answer for a
 * foreign target, and a Linux shared object never one for Windows.
 */
static char *
check_machine(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_resolution *out, struct np_trace_step *step)
{
	const struct np_target *t = &ctx->config->tgt;

	/* What cannot be checked cannot be trusted to be the target's. */
	if (ctx->config->foreign && out->lib_files.n == 0 && req->libs.n)
		return np_xasprintf("no file of lib%s was found to check that it is built for %s",
			req->libs.v[0], t->gnu);

	for (size_t i = 0; i < out->lib_files.n; i++) {
		struct np_binfmt b;
		char *why;
		if (!np_binfmt_read(out->lib_files.v[i], &b, NULL) || b.kind == NP_BINFMT_UNKNOWN)
			continue; /* not an object (a linker script): nothing to compare */
		why = np_binfmt_mismatch(&b, t);
		if (why) {
			char *full = np_xasprintf("%s is %s", out->lib_files.v[i], why);
			free(why);
			np_binfmt_release(&b);
			return full;
		}
		np_trace_note(step, "check: %s is %s%s%s", out->lib_files.v[i],
			np_binfmt_machine_name(b.format, b.machine), b.format == NP_BINARY_ELF ? "" : " ",
			b.format == NP_BINARY_ELF ? "" : np_target_format_name(b.format));
		np_binfmt_release(&b);
	}
	return NULL;
}

/*
 * pkg-config, builds and finished builds take the version from metadata (a .pc file, a
 * recipe): the headers must say the same, or they belong to another installation.
 */
static bool
check_headers(struct np_resolve_ctx *ctx, const struct np_request *req, enum np_method method,
	struct np_resolution *out, struct np_trace_step *step, char **why, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	char *version = NULL;

	if (method != NP_METHOD_PKG_CONFIG && method != NP_METHOD_BUILD && method != NP_METHOD_CACHE)
		return true;
	if (r->version_macro.n == 0 || r->headers.n == 0 || out->version == NULL)
		return true;
	if (out->header_version == NULL) {
		struct np_strv headers = {0};
		if (!np_probe_read_version(ctx, r, &out->include_dirs, step, req->inputs, &version,
			    &headers, err)) {
			np_strv_release(&headers);
			return false;
		}
		if (out->header_files.n == 0)
			np_strv_copy(&out->header_files, &headers);
		np_strv_release(&headers);
		out->header_version = version;
	}
	if (out->header_version == NULL) {
		np_trace_note(step, "check: the headers do not define %s", r->version_macro.v[0]);
		return true;
	}
	if (np_version_cmp(out->header_version, out->version) != 0)
		*why = np_xasprintf("the headers say version %s (%s in %s) but the library is %s (%s): "
			"they belong to different installations", out->header_version, r->version_macro.v[0],
			out->header_files.n ? out->header_files.v[0] : "the headers", out->version,
			out->pc_file ? out->pc_file : "the recipe");
	else
		np_trace_note(step, "check: the headers say %s too", out->header_version);
	return true;
}

bool
np_check_candidate(struct np_resolve_ctx *ctx, const struct np_request *req,
	enum np_method method, struct np_resolution *out, struct np_trace_step *step, char **why,
	struct np_error *err)
{
	*why = check_range(req, out, step);
	if (*why == NULL)
		*why = check_static(req, out, step);
	if (*why == NULL)
		*why = check_machine(ctx, req, out, step);
	if (*why == NULL)
		return check_headers(ctx, req, method, out, step, why, err);
	return true;
}
