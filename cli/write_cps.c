/* write_cps: Common Package Specification files. */
#include "cli/write_cps.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/write_cmake.h"
#include "core/alloc.h"
#include "core/fs.h"
#include "core/json.h"
#include "core/text.h"

/*
 * CPS's "simple" version schema: [0-9]+([.][0-9]+)*([-+].*)? (1.2.13, 1.2.13-nativepkg). A
 * reader parses each dotted part as a number, so anything else (1.2.13.dfsg) is "custom".
 */
static bool
simple_version(const char *v)
{
	if (v == NULL || !isdigit((unsigned char)*v))
		return false;
	for (;;) {
		while (isdigit((unsigned char)*v))
			v++;
		if (*v == '\0' || *v == '-' || *v == '+')
			return true;
		if (*v != '.' || !isdigit((unsigned char)v[1]))
			return false;
		v++;
	}
}

/*
 * The oldest version a request may name: what the recipe's compatibility rule (the one the
 * CMake config applies) accepts below this version. NULL: only this version (ExactVersion).
 * Caller frees.
 */
static char *
compat_version(const struct np_resolution *r)
{
	const char *mode = r->cmake_compat ? r->cmake_compat : "SameMajorVersion";
	size_t parts = strcmp(mode, "SameMajorVersion") == 0 ? 1 : strcmp(mode, "SameMinorVersion") == 0 ? 2 : 0;
	const char *v = r->version, *end = v;

	if (strcmp(mode, "AnyNewerVersion") == 0)
		return np_xstrdup("0");
	if (parts == 0)
		return NULL;
	for (size_t i = 0; i < parts; i++) {
		end += strspn(end, "0123456789");
		if (*end != '.' || i + 1 == parts)
			break;
		end++;
	}
	return np_xstrndup(v, (size_t)(end - v));
}

/* Whether arg names library `name`: -lNAME, or -l:libNAME.a / -l:libNAME.so for one file. */
static bool
names_library(const char *arg, const char *name)
{
	size_t n = strlen(name);

	if (!np_text_starts_with(arg, "-l"))
		return false;
	if (strcmp(arg + 2, name) == 0)
		return true;
	return np_text_starts_with(arg, "-l:lib") && strncmp(arg + 6, name, n) == 0 &&
		(strcmp(arg + 6 + n, ".a") == 0 || strcmp(arg + 6 + n, ".so") == 0);
}

static bool
names_any(const char *arg, const struct np_strv *libs)
{
	for (size_t i = 0; i < libs->n; i++)
		if (names_library(arg, libs->v[i]))
			return true;
	return false;
}

/* A runtime search path argument: -Wl,-rpath,DIR (the form the resolutions carry). */
static bool
is_rpath(const char *arg)
{
	return np_text_starts_with(arg, "-Wl,-rpath,") || np_text_starts_with(arg, "-Wl,-rpath=");
}

/*
 * "-Dname=value" and "-Dname" as CPS definitions: {"*": {"name": "value", "other": null}}; NULL
 * when there are none. Caller frees.
 */
static struct np_json *
definitions(const struct np_strv *cflags)
{
	struct np_json *all = NULL, *defs = NULL;

	for (size_t i = 0; i < cflags->n; i++) {
		const char *a = cflags->v[i], *eq;
		char *name;
		if (!np_text_starts_with(a, "-D"))
			continue;
		if (all == NULL) {
			all = np_json_new(NP_JSON_OBJECT);
			defs = np_json_add(all, "*", np_json_new(NP_JSON_OBJECT)); /* for every language */
		}
		eq = strchr(a + 2, '=');
		name = eq ? np_xstrndup(a + 2, (size_t)(eq - a - 2)) : np_xstrdup(a + 2);
		np_json_set(defs, name, eq ? np_json_new_string(eq + 1) : np_json_new(NP_JSON_NULL));
		free(name);
	}
	return all;
}

/* The package's link arguments a reader needs besides its files, dependencies and runpath. */
static void
link_extras(const struct np_resolution *r, const struct np_resolution_set *set,
	const struct np_strv *own, struct np_strv *flags, struct np_strv *libraries)
{
	const struct np_strv *args = r->link == NP_LINK_STATIC ? &r->static_ldflags : &r->ldflags;

	for (size_t i = 0; i < args->n; i++) {
		const char *a = args->v[i];
		bool covered = np_text_starts_with(a, "-L") || is_rpath(a) || names_any(a, own);
		/* What a dependency's component brings. */
		for (size_t k = 0; k < r->deps.n && !covered; k++) {
			const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[k]);
			covered = d && (names_any(a, &d->libs) || np_strv_contains(&d->static_ldflags, a));
		}
		if (covered)
			continue;
		/* A library of the static closure (-lm) by name; everything else is a flag. */
		if (np_text_starts_with(a, "-l") && a[2] != ':' && a[2] != '\0')
			np_strv_push_unique(libraries, a + 2);
		else
			np_strv_push(flags, a);
	}
	/* The directories the loader must be told about, unless the runtime path is turned off. */
	if (r->runpath)
		for (size_t i = 0; i < r->runtime_dirs.n; i++)
			np_strv_push_owned(flags, np_xasprintf("-Wl,-rpath,%s", r->runtime_dirs.v[i]));
}

/* Whether r's consumers link dependency d themselves (its libraries are in r's link line). */
static bool
links_dependency(const struct np_resolution *r, const struct np_resolution *d)
{
	if (r->link == NP_LINK_STATIC)
		return true;
	for (size_t i = 0; i < r->ldflags.n; i++)
		if (names_any(r->ldflags.v[i], &d->libs))
			return true;
	return false;
}

/* The component of d a reference names: its own, else d's main one. NULL when d has none. */
static const struct np_component *
dep_component(const struct np_resolution *d, const struct np_component *named)
{
	return named ? named : d->components.n ? &d->components.v[0] : NULL;
}

bool
np_write_cps(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err)
{
	struct np_json *o = np_json_new(NP_JSON_OBJECT), *components, *defaults, *defs, *needs = NULL;
	struct np_strv compile = {0}, flags = {0}, libraries = {0}, own = {0};
	char *compat;
	bool ok;

	np_json_add_string(o, "cps_version", NP_WRITE_CPS_VERSION);
	np_json_add_string(o, "name", r->name);
	if (r->version) {
		bool simple = simple_version(r->version);
		np_json_add_string(o, "version", r->version);
		np_json_add_string(o, "version_schema", simple ? "simple" : "custom");
		if (simple && (compat = compat_version(r)) != NULL) {
			np_json_add_string(o, "compat_version", compat);
			free(compat);
		}
	}
	/*
	 * The file lies in <tree>/cps/: the tree is the "prefix" a reader derives from where it
	 * found the file. Every path below is absolute, so nothing depends on it.
	 */
	np_json_add_string(o, "cps_path", "@prefix@/cps");

	/* Dependencies: found by the reader as packages of the same tree, by component. */
	for (size_t i = 0; i < r->deps.n; i++) {
		const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[i]);
		const struct np_component *dc = d ? dep_component(d, NULL) : NULL;
		struct np_json *req;
		if (dc == NULL)
			continue;
		if (needs == NULL)
			needs = np_json_add(o, "requires", np_json_new(NP_JSON_OBJECT));
		req = np_json_get(needs, d->name);
		if (req == NULL) {
			req = np_json_add(needs, d->name, np_json_new(NP_JSON_OBJECT));
			np_json_add(req, "components", np_json_new(NP_JSON_ARRAY));
		}
	}

	for (size_t i = 0; i < r->cflags.n; i++)
		if (!np_text_starts_with(r->cflags.v[i], "-D") && !np_text_starts_with(r->cflags.v[i], "-I"))
			np_strv_push(&compile, r->cflags.v[i]);
	for (size_t i = 0; i < r->components.n; i++)
		if (r->components.v[i].lib)
			np_strv_push(&own, r->components.v[i].lib);
	link_extras(r, set, &own, &flags, &libraries);

	defaults = np_json_add(o, "default_components", np_json_new(NP_JSON_ARRAY));
	components = np_json_add(o, "components", np_json_new(NP_JSON_OBJECT));
	for (size_t i = 0; i < r->components.n; i++) {
		const struct np_component *comp = &r->components.v[i];
		char *real = comp->file ? np_path_real(comp->file) : NULL;
		const char *file = real ? real : comp->file;
		struct np_json *c = np_json_add(components, comp->name, np_json_new(NP_JSON_OBJECT));
		struct np_strv mine = {0}, compile_only = {0}, dyld = {0}, cflags = {0}, ldflags = {0};

		if (comp->is_default)
			np_json_add_string(defaults, NULL, comp->name);
		np_json_add_string(c, "type", file ? (r->link == NP_LINK_STATIC ? "archive" : "dylib")
						   : "interface");
		if (file)
			np_json_add_string(c, "location", file);
		np_json_add_strings(c, "includes", r->include_dirs.v, r->include_dirs.n);
		np_component_cflags(r, comp, &cflags);
		if ((defs = definitions(&cflags)) != NULL)
			np_json_add(c, "definitions", defs);
		if (compile.n)
			np_json_add_strings(c, "compile_flags", compile.v, compile.n);
		if (file) {
			if (flags.n)
				np_json_add_strings(c, "link_flags", flags.v, flags.n);
			if (libraries.n)
				np_json_add_strings(c, "link_libraries", libraries.v, libraries.n);
		} else {
			/* No file to point at (a linker script, say): the link arguments themselves. */
			np_component_ldflags(r, comp, false, &ldflags);
			np_json_add_strings(c, "link_libraries", ldflags.v, ldflags.n);
		}
		/* The components it requires, the real graph, then its dependencies'. */
		for (size_t k = 0; k < comp->requires.n; k++)
			np_strv_push_owned(&mine, np_xasprintf(":%s", comp->requires.v[k]));
		for (size_t k = 0; k < comp->dependencies.n; k++) {
			const struct np_component *named;
			const struct np_resolution *d = np_component_dep(set, comp->dependencies.v[k], &named);
			const struct np_component *dc = d ? dep_component(d, named) : NULL;
			struct np_json *list;
			char *ref;
			if (dc == NULL)
				continue;
			ref = np_xasprintf("%s:%s", d->name, dc->name);
			list = needs ? np_json_get(np_json_get(needs, d->name), "components") : NULL;
			if (list) {
				bool there = false;
				for (const struct np_json *e = list->child; e && !there; e = e->next)
					there = strcmp(e->str, dc->name) == 0;
				if (!there)
					np_json_add_string(list, NULL, dc->name);
			}
			/*
			 * A static link, or a dependency on the link line: the consumer compiles and links
			 * with it. Else it is the shared library's own: its headers for the compiler, and
			 * the loader must find it (the reader adds its directory to the program's runpath).
			 */
			if (links_dependency(r, d)) {
				np_strv_push_unique(&mine, ref);
			} else {
				np_strv_push_unique(&compile_only, ref);
				if (d->link == NP_LINK_SHARED)
					np_strv_push_unique(&dyld, ref);
			}
			free(ref);
		}
		if (mine.n)
			np_json_add_strings(c, "requires", mine.v, mine.n);
		if (compile_only.n)
			np_json_add_strings(c, "compile_requires", compile_only.v, compile_only.n);
		if (dyld.n)
			np_json_add_strings(c, "dyld_requires", dyld.v, dyld.n);
		np_strv_release(&mine);
		np_strv_release(&compile_only);
		np_strv_release(&dyld);
		np_strv_release(&cflags);
		np_strv_release(&ldflags);
		free(real);
	}
	ok = np_json_print(o, true, out, err);
	np_json_free(o);
	np_strv_release(&compile);
	np_strv_release(&flags);
	np_strv_release(&libraries);
	np_strv_release(&own);
	return ok;
}
