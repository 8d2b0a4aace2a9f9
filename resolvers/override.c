/*
 * override: the library's location named by configuration (NATIVEPKG_<NAME>_ROOT,
 * _INCLUDE_DIR, _LIB_DIR, _LIBS, or the "overrides" of nativepkg.json / the user config). Used
 * exactly as given, never second-guessed — but verified: an override that points at missing
 * headers or libraries is an error (exit 3), not a reason to look elsewhere.
 */
#include <stdlib.h>

#include "core/alloc.h"
#include "core/name.h"
#include "resolvers/prefix.h"
#include "resolvers/resolver.h"

static const char *
origin_of(const struct np_request *req)
{
	if (req->lib_dir)
		return req->lib_dir_origin;
	if (req->include_dir)
		return req->include_dir_origin;
	return req->root_origin;
}

bool
np_override_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "override");
	struct np_prefix p = {.root = req->root, .include_dir = req->include_dir,
		.lib_dir = req->lib_dir, .missing_code = NP_EXIT_INPUT};
	char *origin;

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
	origin = np_xasprintf("override from %s", origin_of(req));
	p.origin = origin;
	if (!np_prefix_resolve(ctx, req, &p, step, out, err)) {
		free(origin);
		return false;
	}
	np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_ACCEPTED,
		"%s%s from %s (include %s, libraries %s)", out->version ? "version " : "",
		out->version ? out->version : "version unknown", origin_of(req), out->include_dirs.v[0],
		out->lib_dirs.v[0]);
	free(origin);
	*found = true;
	return true;
}
