/* write_cps: Common Package Specification files. */
#include "cli/write_cps.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/write_cmake.h"
#include "core/alloc.h"
#include "core/json.h"
#include "core/text.h"

/* CPS's "simple" schema is dotted numbers; anything else is "custom". */
static bool
simple_version(const char *v)
{
	if (v == NULL || !isdigit((unsigned char)*v))
		return false;
	for (; *v; v++)
		if (!isdigit((unsigned char)*v) && *v != '.')
			return false;
	return true;
}

bool
np_write_cps(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err)
{
	struct np_json *o = np_json_new(NP_JSON_OBJECT), *components, *defaults, *defs = NULL;
	struct np_strv compile = {0}, link = {0}, requires = {0};
	bool ok;

	np_json_add_string(o, "cps_version", NP_WRITE_CPS_VERSION);
	np_json_add_string(o, "name", r->name);
	if (r->version) {
		np_json_add_string(o, "version", r->version);
		np_json_add_string(o, "version_schema", simple_version(r->version) ? "simple" : "custom");
	}
	for (size_t i = 0; i < r->cflags.n; i++) {
		const char *a = r->cflags.v[i];
		if (np_text_starts_with(a, "-D")) {
			const char *eq = strchr(a + 2, '=');
			char *name = eq ? np_xstrndup(a + 2, (size_t)(eq - a - 2)) : np_xstrdup(a + 2);
			if (defs == NULL)
				defs = np_json_new(NP_JSON_OBJECT);
			if (eq)
				np_json_add_string(defs, name, eq + 1);
			else
				np_json_add(defs, name, np_json_new(NP_JSON_NULL));
			free(name);
		} else if (!np_text_starts_with(a, "-I")) {
			np_strv_push(&compile, a);
		}
	}
	/* Linker arguments that are not this package's libraries or directories. */
	for (size_t i = 0; i < r->ldflags.n; i++) {
		const char *a = r->ldflags.v[i];
		bool own = false;
		for (size_t k = 0; k < r->libs.n && !own; k++)
			own = np_text_starts_with(a, "-l") && strcmp(a + 2, r->libs.v[k]) == 0;
		if (!own && !np_text_starts_with(a, "-L"))
			np_strv_push(&link, a);
	}
	for (size_t i = 0; i < r->deps.n; i++) {
		const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[i]);
		if (d && d->libs.n)
			np_strv_push_owned(&requires, np_xasprintf("%s:%s", d->name, d->libs.v[0]));
	}

	defaults = np_json_add(o, "default_components", np_json_new(NP_JSON_ARRAY));
	components = np_json_add(o, "components", np_json_new(NP_JSON_OBJECT));
	for (size_t i = 0; i < r->libs.n; i++) {
		char *file = np_write_cmake_library_file(r, r->libs.v[i]);
		struct np_json *c = np_json_add(components, r->libs.v[i], np_json_new(NP_JSON_OBJECT));
		if (i == 0)
			np_json_add_string(defaults, NULL, r->libs.v[i]);
		np_json_add_string(c, "type", file ? (r->link == NP_LINK_STATIC ? "archive" : "dylib")
						   : "interface");
		if (file)
			np_json_add_string(c, "location", file);
		np_json_add_strings(c, "includes", r->include_dirs.v, r->include_dirs.n);
		if (defs) {
			/* "*": for every language. */
			struct np_json *all = np_json_add(c, "definitions", np_json_new(NP_JSON_OBJECT));
			struct np_json *copy = np_json_new(NP_JSON_OBJECT);
			for (struct np_json *d = defs->child; d; d = d->next)
				np_json_add(copy, d->key, d->type == NP_JSON_STRING ? np_json_new_string(d->str)
										  : np_json_new(NP_JSON_NULL));
			np_json_add(all, "*", copy);
		}
		if (compile.n)
			np_json_add_strings(c, "compile_flags", compile.v, compile.n);
		if (link.n)
			np_json_add_strings(c, "link_flags", link.v, link.n);
		if (!file)
			np_json_add_strings(c, "link_flags", r->ldflags.v, r->ldflags.n);
		if (requires.n)
			np_json_add_strings(c, "requires", requires.v, requires.n);
		free(file);
	}
	ok = np_json_print(o, true, out, err);
	np_json_free(o);
	np_json_free(defs);
	np_strv_release(&compile);
	np_strv_release(&link);
	np_strv_release(&requires);
	return ok;
}
