/* prefix: resolutions from an include directory and a library directory. */
#include "resolvers/prefix.h"
#include "resolvers/version.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "core/alloc.h"
#include "core/binfmt.h"
#include "core/fs.h"
#include "core/name.h"
#include "core/sysroot.h"
#include "core/text.h"

/* The target's sysroot (core/sysroot.h), inside which absolute symlinks are followed. */
static const char *
sysroot_of(const struct np_resolve_ctx *ctx)
{
	return np_toolchain_get(ctx->toolchain, NP_TOOL_SYSROOT);
}

/*
 * The file of library `name` in dir for the link kind, under the target's names for it
 * (core/target.h: libz.so, libz.dll.a, libz.a), resolved inside the sysroot; NULL when none.
 */
static char *
library_file(const struct np_resolve_ctx *ctx, const char *dir, const char *name,
	bool want_static)
{
	struct np_strv names = {0};
	char *found = NULL;

	np_target_library_names(&ctx->config->tgt, name, want_static, &names);
	for (size_t i = 0; i < names.n && found == NULL; i++) {
		char *path = np_path_join(dir, names.v[i]);
		if (np_sysroot_is_file(sysroot_of(ctx), path))
			found = np_sysroot_contains(sysroot_of(ctx), path) ?
				np_sysroot_resolve(sysroot_of(ctx), path) : np_xstrdup(path);
		free(path);
	}
	np_strv_release(&names);
	return found;
}

/* Whether a file is a PE/COFF one (a DLL, an import library). */
static bool
is_pe(const char *path)
{
	struct np_binfmt b;
	bool pe = np_binfmt_read(path, &b, NULL) && b.kind != NP_BINFMT_UNKNOWN &&
		b.format == NP_BINARY_PE;

	np_binfmt_release(&b);
	return pe;
}

/* The name a missing library is reported by: the target's first (libz.so, libz.dll.a). */
static char *
library_name(const struct np_resolve_ctx *ctx, const char *name, bool want_static)
{
	struct np_strv names = {0};
	char *first;

	np_target_library_names(&ctx->config->tgt, name, want_static, &names);
	first = np_xstrdup(names.v[0]);
	np_strv_release(&names);
	return first;
}

/* Whether every library has its file in dir; *missing names the first one that does not. */
static bool
has_libs(const struct np_resolve_ctx *ctx, const char *dir, const struct np_strv *libs,
	bool want_static, char **missing)
{
	for (size_t i = 0; i < libs->n; i++) {
		char *file = library_file(ctx, dir, libs->v[i], want_static);
		if (file == NULL) {
			char *name = library_name(ctx, libs->v[i], want_static);
			*missing = np_path_join(dir, name);
			free(name);
			return false;
		}
		free(file);
	}
	return true;
}

static char *
pick_lib_dir(const struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_prefix *p, bool want_static, struct np_trace_step *step)
{
	struct np_strv subdirs = {0};
	char *found = NULL;

	if (p->lib_dir)
		return np_xstrdup(p->lib_dir);
	np_target_lib_dirs(&ctx->config->tgt, &subdirs);
	for (size_t i = 0; i < subdirs.n && found == NULL; i++) {
		char *dir = np_path_join(p->root, subdirs.v[i]), *missing = NULL;
		if (has_libs(ctx, dir, &req->libs, want_static, &missing)) {
			np_trace_note(step, "libraries found in %s", dir);
			found = dir;
			continue;
		}
		np_trace_note(step, "not in %s: %s missing", dir, missing);
		free(missing);
		free(dir);
	}
	np_strv_release(&subdirs);
	return found;
}

char *
np_prefix_find_dll(const char *root, const char *lib_dir, const char *implib, char **why)
{
	struct np_binfmt b;
	char *dll = NULL;

	*why = NULL;
	if (np_text_ends_with(implib, ".dll"))
		return np_xstrdup(implib); /* a DLL linked directly */
	if (!np_binfmt_read(implib, &b, NULL) || b.kind != NP_BINFMT_IMPORT || b.dll == NULL) {
		np_binfmt_release(&b);
		*why = np_xasprintf("%s is not an import library naming its DLL", implib);
		return NULL;
	}
	{
		char *candidates[3] = {root ? np_xasprintf("%s/bin/%s", root, b.dll) : NULL,
			np_xasprintf("%s/%s", lib_dir, b.dll), np_xasprintf("%s/../bin/%s", lib_dir, b.dll)};
		for (size_t i = 0; i < 3; i++) {
			if (dll == NULL && candidates[i] && np_fs_is_file(candidates[i]))
				dll = np_path_real(candidates[i]);
			free(candidates[i]);
		}
	}
	if (dll == NULL)
		*why = np_xasprintf("no %s (the DLL of %s) in %s/bin or beside it", b.dll, implib,
			root ? root : lib_dir);
	np_binfmt_release(&b);
	return dll;
}

bool
np_prefix_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	const struct np_prefix *p, struct np_trace_step *step, struct np_resolution *out,
	struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	bool want_static = req->link == NP_LINK_STATIC;
	const char *kind = want_static ? "static" : "shared";
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
	lib_dir = pick_lib_dir(ctx, req, p, want_static, step);
	if (lib_dir == NULL) {
		struct np_strv subdirs = {0};
		char *name = library_name(ctx, req->libs.v[0], want_static);
		np_target_lib_dirs(&ctx->config->tgt, &subdirs);
		np_error_set(err, p->missing_code, "%s: %s: no %s library %s in %s/%s, %s/%s%s%s%s%s",
			r->name, p->origin, kind, name, p->root, subdirs.v[0], p->root, subdirs.v[1],
			subdirs.n > 2 ? " or " : "", subdirs.n > 2 ? p->root : "", subdirs.n > 2 ? "/" : "",
			subdirs.n > 2 ? subdirs.v[2] : "");
		np_strv_release(&subdirs);
		free(name);
		goto out;
	}
	if (!has_libs(ctx, lib_dir, &req->libs, want_static, &missing)) {
		np_error_set(err, p->missing_code, "%s: %s: no %s library %s%s", r->name, p->origin,
			kind, missing, want_static ? "" : " (set _STATIC=1 to link a static archive)");
		goto out;
	}
	for (size_t i = 0; i < req->libs.n; i++) {
		char *lib = library_file(ctx, lib_dir, req->libs.v[i], want_static), *dll = NULL, *why;
		if (lib == NULL) { /* there a moment ago (has_libs): the prefix is changing */
			np_error_set(err, p->missing_code, "%s: %s: the %s library %s left %s while it was "
				"read", r->name, p->origin, kind, req->libs.v[i], lib_dir);
			goto out;
		}
		np_inputs_add_file(req->inputs, lib);
		/* A Windows DLL is the runtime library; its import library is what links. (A file of
		 * another format is left to the candidate check, which says what it is.) */
		if (!want_static && np_target_is_windows(&ctx->config->tgt) && is_pe(lib)) {
			if ((dll = np_prefix_find_dll(p->root, lib_dir, lib, &why)) == NULL) {
				np_error_set(err, p->missing_code, "%s: %s: %s", r->name, p->origin, why);
				free(why);
				free(lib);
				goto out;
			}
			np_inputs_add_file(req->inputs, dll);
		}
		if (i == 0 && !want_static)
			out->dylib = np_xstrdup(dll ? dll : lib);
		np_strv_push_owned(&out->lib_files, lib);
		if (dll && strcmp(dll, lib) != 0)
			np_strv_push(&out->lib_files, dll);
		free(dll);
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
