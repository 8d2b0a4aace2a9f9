/*
 * override: the library's location named by configuration (NATIVEPKG_<NAME>_ROOT,
 * _INCLUDE_DIR, _LIB_DIR, _LIBS, or the "overrides" of nativepkg.json / the user config). Used
 * exactly as given, never second-guessed — but verified: an override that points at missing
 * headers or libraries is an error, not a reason to look elsewhere.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/name.h"
#include "resolvers/resolver.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

static const char *
origin_of(const struct np_request *req)
{
	if (req->lib_dir)
		return req->lib_dir_origin;
	if (req->include_dir)
		return req->include_dir_origin;
	return req->root_origin;
}

/* Whether every library has its file in dir; *missing names the first one that does not. */
static bool
has_libs(const char *dir, const struct np_strv *libs, const char *suffix, char **missing)
{
	for (size_t i = 0; i < libs->n; i++) {
		char *path = np_xasprintf("%s/lib%s%s", dir, libs->v[i], suffix);
		bool ok = np_fs_is_file(path);
		if (!ok) {
			*missing = path;
			return false;
		}
		free(path);
	}
	return true;
}

static char *
pick_lib_dir(const struct np_request *req, const char *suffix, struct np_trace_step *step)
{
	const char *subdirs[] = {"lib", "lib64", "lib/" NP_MULTIARCH};

	if (req->lib_dir)
		return np_xstrdup(req->lib_dir);
	for (size_t i = 0; i < sizeof subdirs / sizeof *subdirs; i++) {
		char *dir = np_path_join(req->root, subdirs[i]), *missing = NULL;
		if (*NP_MULTIARCH == '\0' && i == 2) {
			free(dir);
			break;
		}
		if (has_libs(dir, &req->libs, suffix, &missing)) {
			np_trace_note(step, "libraries found in %s", dir);
			return dir;
		}
		np_trace_note(step, "not in %s: %s missing", dir, missing);
		free(missing);
		free(dir);
	}
	return NULL;
}

bool
np_override_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "override");
	bool want_static = req->link == NP_LINK_STATIC;
	const char *suffix = want_static ? ".a" : ".so";
	char *include_dir = NULL, *lib_dir = NULL, *missing = NULL, *version = NULL;
	bool ok = false;

	*found = false;
	if (!req->root && !req->include_dir && !req->lib_dir) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED, "no override is set");
		return true;
	}
	if (!req->root && (!req->include_dir || !req->lib_dir)) {
		char *env = np_name_env(r->name);
		np_error_set(err, NP_EXIT_INPUT,
			"%s: %s sets %s but no %s: an override needs NATIVEPKG_%s_ROOT, or both "
			"NATIVEPKG_%s_INCLUDE_DIR and NATIVEPKG_%s_LIB_DIR", r->name, origin_of(req),
			req->include_dir ? "an include directory" : "a library directory",
			req->include_dir ? "library directory" : "include directory", env, env, env);
		free(env);
		return false;
	}

	include_dir = req->include_dir ? np_xstrdup(req->include_dir) : np_path_join(req->root, "include");
	if (!np_fs_is_dir(include_dir)) {
		np_error_set(err, NP_EXIT_INPUT, "%s: override from %s: include directory %s does not exist",
			r->name, req->include_dir ? req->include_dir_origin : req->root_origin, include_dir);
		goto out;
	}
	for (size_t i = 0; i < r->headers.n; i++) {
		char *h = np_path_join(include_dir, r->headers.v[i]);
		bool exists = np_fs_is_file(h);
		np_trace_note(step, "%s %s", exists ? "found" : "missing", h);
		if (exists)
			np_inputs_add_file(req->inputs, h);
		free(h);
		if (!exists) {
			np_error_set(err, NP_EXIT_INPUT, "%s: override from %s: %s has no %s", r->name,
				req->include_dir ? req->include_dir_origin : req->root_origin, include_dir,
				r->headers.v[i]);
			goto out;
		}
	}

	if (req->libs.n == 0) {
		char *env = np_name_env(r->name);
		np_error_set(err, NP_EXIT_INPUT, "%s: override from %s: no library names: the recipe "
			"lists none, so set NATIVEPKG_%s_LIBS", r->name, origin_of(req), env);
		free(env);
		goto out;
	}
	lib_dir = pick_lib_dir(req, suffix, step);
	if (lib_dir == NULL || !has_libs(lib_dir, &req->libs, suffix, &missing)) {
		const char *kind = want_static ? "static" : "shared";
		if (lib_dir)
			np_error_set(err, NP_EXIT_INPUT, "%s: override from %s: no %s library %s%s",
				r->name, req->lib_dir ? req->lib_dir_origin : req->root_origin, kind, missing,
				want_static ? "" : " (set _STATIC=1 to link a static archive)");
		else
			np_error_set(err, NP_EXIT_INPUT, "%s: override from %s: no %s library lib%s%s in "
				"%s/lib, %s/lib64%s%s%s%s", r->name, req->root_origin, kind, req->libs.v[0],
				suffix, req->root, req->root, *NP_MULTIARCH ? " or " : "",
				*NP_MULTIARCH ? req->root : "", *NP_MULTIARCH ? "/lib/" : "", NP_MULTIARCH);
		goto out;
	}
	for (size_t i = 0; i < req->libs.n; i++) {
		char *lib = np_xasprintf("%s/lib%s%s", lib_dir, req->libs.v[i], suffix);
		np_inputs_add_file(req->inputs, lib);
		if (i == 0 && !want_static)
			out->dylib = np_path_real(lib);
		free(lib);
	}

	if (!np_probe_read_version(ctx, r, include_dir, step, req->inputs, &version, err))
		goto out;

	out->version = version;
	out->prefix = req->root ? np_xstrdup(req->root) : NULL;
	np_strv_push(&out->include_dirs, include_dir);
	np_strv_push(&out->lib_dirs, lib_dir);
	np_strv_copy(&out->libs, &req->libs);
	np_strv_push_owned(&out->cflags, np_xasprintf("-I%s", include_dir));
	np_strv_push_owned(&out->ldflags, np_xasprintf("-L%s", lib_dir));
	for (size_t i = 0; i < req->libs.n; i++)
		np_strv_push_owned(&out->ldflags, np_xasprintf("-l%s", req->libs.v[i]));
	np_strv_copy(&out->static_ldflags, &out->ldflags);
	for (size_t i = 0; i < r->libs_private.n; i++)
		np_strv_push_owned(&out->static_ldflags, np_xasprintf("-l%s", r->libs_private.v[i]));
	if (want_static) {
		np_strv_release(&out->ldflags);
		np_strv_copy(&out->ldflags, &out->static_ldflags);
	}
	np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_ACCEPTED,
		"%s%s from %s (include %s, libraries %s)", version ? "version " : "",
		version ? version : "version unknown", origin_of(req), include_dir, lib_dir);
	*found = true;
	ok = true;
out:
	free(include_dir);
	free(lib_dir);
	free(missing);
	return ok;
}
