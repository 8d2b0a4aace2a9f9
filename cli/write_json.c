/* write_json: resolution.json. */
#include "cli/write_json.h"

#include "cli/write_env.h"
#include "core/json.h"

static void
add_opt(struct np_json *obj, const char *key, const char *value)
{
	if (value)
		np_json_add_string(obj, key, value);
	else
		np_json_add(obj, key, np_json_new(NP_JSON_NULL));
}

static bool
package(const struct np_resolution *r, struct np_json *pkgs, struct np_error *err)
{
	struct np_json *p = np_json_add(pkgs, NULL, np_json_new(NP_JSON_OBJECT)), *o;
	struct np_kv vars = {0};

	np_json_add_string(p, "name", r->name);
	np_json_add_string(p, "links", r->links);
	add_opt(p, "version", r->version);
	np_json_add_string(p, "method", np_method_name(r->method));
	np_json_add_string(p, "link", np_link_name(r->link));
	add_opt(p, "prefix", r->prefix);
	add_opt(p, "recipe", r->recipe);
	add_opt(p, "pc_file", r->pc_file);
	add_opt(p, "dylib", r->dylib);
	np_json_add_strings(p, "include_dirs", r->include_dirs.v, r->include_dirs.n);
	np_json_add_strings(p, "lib_dirs", r->lib_dirs.v, r->lib_dirs.n);
	np_json_add_strings(p, "libs", r->libs.v, r->libs.n);
	np_json_add_strings(p, "cflags", r->cflags.v, r->cflags.n);
	np_json_add_strings(p, "ldflags", r->ldflags.v, r->ldflags.n);
	np_json_add_strings(p, "static_ldflags", r->static_ldflags.v, r->static_ldflags.n);
	np_json_add_strings(p, "dependencies", r->deps.v, r->deps.n);
	o = np_json_add(p, "exports", np_json_new(NP_JSON_OBJECT));
	add_opt(o, "cmake", r->cmake_package);
	add_opt(o, "pkg_config", r->pc_module);
	np_json_add_strings(o, "pkg_config_aliases", r->pc_aliases.v, r->pc_aliases.n);
	np_json_add_strings(o, "cmake_aliases", r->cmake_aliases.v, r->cmake_aliases.n);
	o = np_json_add(p, "metadata", np_json_new(NP_JSON_OBJECT));
	for (size_t i = 0; i < r->metadata.keys.n; i++)
		np_json_add_string(o, r->metadata.keys.v[i], r->metadata.values.v[i]);
	np_json_add_strings(p, "features", r->features.v, r->features.n);
	o = np_json_add(p, "components", np_json_new(NP_JSON_ARRAY));
	for (size_t i = 0; i < r->components.n; i++) {
		const struct np_component *c = &r->components.v[i];
		struct np_json *cj = np_json_add(o, NULL, np_json_new(NP_JSON_OBJECT)), *m;
		struct np_strv list = {0};
		np_json_add_string(cj, "name", c->name);
		add_opt(cj, "lib", c->lib);
		add_opt(cj, "file", c->file);
		np_json_add(cj, "default", np_json_new_bool(c->is_default));
		add_opt(cj, "pkg_config", c->pc_module);
		np_json_add_strings(cj, "pkg_config_aliases", c->pc_aliases.v, c->pc_aliases.n);
		np_json_add_strings(cj, "cmake_targets", c->cmake_targets.v, c->cmake_targets.n);
		np_json_add_strings(cj, "requires", c->requires.v, c->requires.n);
		np_json_add_strings(cj, "dependencies", c->dependencies.v, c->dependencies.n);
		np_component_cflags(r, c, &list);
		np_json_add_strings(cj, "cflags", list.v, list.n);
		np_strv_release(&list);
		np_component_ldflags(r, c, false, &list);
		np_json_add_strings(cj, "ldflags", list.v, list.n);
		np_strv_release(&list);
		m = np_json_add(cj, "metadata", np_json_new(NP_JSON_OBJECT));
		for (size_t k = 0; k < c->metadata.keys.n; k++)
			np_json_add_string(m, c->metadata.keys.v[k], c->metadata.values.v[k]);
	}
	if (!np_resolution_vars(r, &vars, err)) {
		np_kv_release(&vars);
		return false;
	}
	o = np_json_add(p, "env", np_json_new(NP_JSON_OBJECT));
	for (size_t i = 0; i < vars.keys.n; i++)
		np_json_add_string(o, vars.keys.v[i], vars.values.v[i]);
	np_kv_release(&vars);
	o = np_json_add(p, "inputs", np_json_new(NP_JSON_OBJECT));
	np_json_add_strings(o, "env", r->inputs.env.v, r->inputs.env.n);
	np_json_add_strings(o, "files", r->inputs.files.v, r->inputs.files.n);
	return true;
}

bool
np_write_json(const struct np_resolution_set *set, const char *target, struct np_buf *out,
	struct np_error *err)
{
	struct np_json *root = np_json_new(NP_JSON_OBJECT), *pkgs;
	bool ok = true;

	np_json_add(root, "format", np_json_new_number(NP_WRITE_JSON_FORMAT));
	add_opt(root, "target", target);
	pkgs = np_json_add(root, "packages", np_json_new(NP_JSON_ARRAY));
	for (size_t i = 0; i < set->n && ok; i++)
		ok = package(set->v[i], pkgs, err);
	if (ok)
		ok = np_json_print(root, true, out, err);
	np_json_free(root);
	return ok;
}
