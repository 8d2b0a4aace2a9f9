/* prefix: resolutions from an include directory and a library directory. */
#include "resolvers/prefix.h"
#include "resolvers/version.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/name.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

/* Whether every library has its file in dir; *missing names the first one that does not. */
static bool
has_libs(const char *dir, const struct np_strv *libs, const char *suffix, char **missing)
{
	for (size_t i = 0; i < libs->n; i++) {
		char *path = np_xasprintf("%s/lib%s%s", dir, libs->v[i], suffix);
		if (!np_fs_is_file(path)) {
			*missing = path;
			return false;
		}
		free(path);
	}
	return true;
}

static char *
pick_lib_dir(const struct np_request *req, const struct np_prefix *p, const char *suffix,
	struct np_trace_step *step)
{
	const char *subdirs[] = {"lib", "lib64", ("lib/" NP_MULTIARCH)};
	size_t n = *NP_MULTIARCH ? 3 : 2;

	if (p->lib_dir)
		return np_xstrdup(p->lib_dir);
	for (size_t i = 0; i < n; i++) {
		char *dir = np_path_join(p->root, subdirs[i]), *missing = NULL;
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
np_prefix_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_prefix *p, struct np_trace_step *step, struct np_resolution *out,
	struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	bool want_static = req->link == NP_LINK_STATIC;
	const char *suffix = want_static ? ".a" : ".so", *kind = want_static ? "static" : "shared";
	char *include_dir, *lib_dir = NULL, *missing = NULL, *version = NULL;
	bool ok = false;

	include_dir = p->include_dir ? np_xstrdup(p->include_dir) : np_path_join(p->root, "include");
	/* Headers in a subdirectory (include/pixman-1): that is the directory consumers need. */
	if (r->include_subdir) {
		char *sub = np_path_join(include_dir, r->include_subdir);
		if (np_fs_is_dir(sub)) {
			free(include_dir);
			include_dir = sub;
		} else {
			free(sub);
		}
	}
	if (!np_fs_is_dir(include_dir)) {
		np_error_set(err, p->missing_code, "%s: %s: include directory %s does not exist",
			r->name, p->origin, include_dir);
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
			np_error_set(err, p->missing_code, "%s: %s: %s has no %s", r->name, p->origin,
				include_dir, r->headers.v[i]);
			goto out;
		}
	}
	if (req->libs.n == 0) {
		char *env = np_name_env(r->name);
		np_error_set(err, p->missing_code, "%s: %s: no library names: the recipe lists none, "
			"so set NATIVEPKG_%s_LIBS", r->name, p->origin, env);
		free(env);
		goto out;
	}
	lib_dir = pick_lib_dir(req, p, suffix, step);
	if (lib_dir == NULL) {
		np_error_set(err, p->missing_code, "%s: %s: no %s library lib%s%s in %s/lib, %s/lib64%s%s%s%s",
			r->name, p->origin, kind, req->libs.v[0], suffix, p->root, p->root,
			*NP_MULTIARCH ? " or " : "", *NP_MULTIARCH ? p->root : "",
			*NP_MULTIARCH ? "/lib/" : "", NP_MULTIARCH);
		goto out;
	}
	if (!has_libs(lib_dir, &req->libs, suffix, &missing)) {
		np_error_set(err, p->missing_code, "%s: %s: no %s library %s%s", r->name, p->origin,
			kind, missing, want_static ? "" : " (set _STATIC=1 to link a static archive)");
		goto out;
	}
	for (size_t i = 0; i < req->libs.n; i++) {
		char *lib = np_xasprintf("%s/lib%s%s", lib_dir, req->libs.v[i], suffix);
		np_inputs_add_file(req->inputs, lib);
		if (i == 0 && !want_static)
			out->dylib = np_xstrdup(lib);
		np_strv_push_owned(&out->lib_files, lib);
	}
	for (size_t i = 0; i < r->headers.n; i++)
		np_strv_push_owned(&out->header_files, np_path_join(include_dir, r->headers.v[i]));

	if (p->version) {
		version = np_xstrdup(p->version);
	} else {
		struct np_strv dirs = {0}, libdirs = {0};
		struct np_version_where w = {.root = p->root, .include_dirs = &dirs, .lib_dirs = &libdirs,
			.libs = &req->libs};
		bool from_macro = false;
		np_strv_push(&dirs, include_dir);
		np_strv_push(&libdirs, lib_dir);
		ok = np_version_discover(ctx, req, &w, step, &version, &from_macro, err);
		np_strv_release(&dirs);
		np_strv_release(&libdirs);
		if (!ok)
			goto out;
		ok = false;
		out->header_version = version && from_macro ? np_xstrdup(version) : NULL;
	}

	out->version = version;
	out->prefix = p->root ? np_xstrdup(p->root) : NULL;
	np_strv_push(&out->include_dirs, include_dir);
	np_strv_push(&out->lib_dirs, lib_dir);
	np_strv_copy(&out->libs, &req->libs);
	np_strv_push_owned(&out->cflags, np_xasprintf("-I%s", include_dir));
	/* The runtime search path, where one is needed, is added with every answer's (linkage.h). */
	np_strv_push_owned(&out->ldflags, np_xasprintf("-L%s", lib_dir));
	for (size_t i = 0; i < req->libs.n; i++)
		np_strv_push_owned(&out->ldflags, np_xasprintf("-l%s", req->libs.v[i]));
	if (want_static) {
		for (size_t i = 0; i < r->libs_private.n; i++)
			np_strv_push_owned(&out->ldflags, np_xasprintf("-l%s", r->libs_private.v[i]));
		if (p->static_args)
			np_strv_copy(&out->ldflags, p->static_args);
		np_strv_copy(&out->static_ldflags, &out->ldflags);
	} else {
		/* The static closure names the archives; whether they exist matters only if used. */
		np_strv_push_owned(&out->static_ldflags, np_xasprintf("-L%s", lib_dir));
		for (size_t i = 0; i < req->libs.n; i++)
			np_strv_push_owned(&out->static_ldflags, np_xasprintf("-l%s", req->libs.v[i]));
		for (size_t i = 0; i < r->libs_private.n; i++)
			np_strv_push_owned(&out->static_ldflags, np_xasprintf("-l%s", r->libs_private.v[i]));
		if (p->static_args)
			np_strv_copy(&out->static_ldflags, p->static_args);
	}
	ok = true;
out:
	if (!ok)
		free(version);
	free(include_dir);
	free(lib_dir);
	free(missing);
	return ok;
}
