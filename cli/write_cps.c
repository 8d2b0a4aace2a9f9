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

/*
 * The package's own libraries, as components: the names and real paths of its library files
 * (a static answer's closure, in r->libs too, is not its own: libm and the dependencies'
 * archives). Without files, its first library name alone, with no file.
 */
static void
own_libraries(const struct np_resolution *r, struct np_strv *names, struct np_strv *files)
{
	for (size_t i = 0; i < r->lib_files.n; i++) {
		const char *base = np_path_basename(r->lib_files.v[i]), *end;
		char *name, *real;
		if (!np_text_starts_with(base, "lib"))
			continue;
		end = strstr(base + 3, r->link == NP_LINK_STATIC ? ".a" : ".so");
		if (end == NULL || end == base + 3)
			continue;
		name = np_xstrndup(base + 3, (size_t)(end - base - 3));
		if (!np_strv_contains(names, name)) {
			real = np_path_real(r->lib_files.v[i]);
			np_strv_push(names, name);
			np_strv_push_owned(files, real ? real : np_xstrdup(r->lib_files.v[i]));
		}
		free(name);
	}
	if (names->n == 0 && r->libs.n) {
		char *file = np_write_cmake_library_file(r, r->libs.v[0]);
		np_strv_push(names, r->libs.v[0]);
		np_strv_push_owned(files, file ? file : np_xstrdup(""));
	}
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

bool
np_write_cps(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err)
{
	struct np_json *o = np_json_new(NP_JSON_OBJECT), *components, *defaults, *defs, *needs = NULL;
	struct np_strv compile = {0}, flags = {0}, libraries = {0}, requires = {0}, compile_only = {0},
		dyld = {0}, names = {0}, files = {0};
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
		struct np_json *req;
		char *component;
		if (d == NULL || d->libs.n == 0)
			continue;
		if (needs == NULL)
			needs = np_json_add(o, "requires", np_json_new(NP_JSON_OBJECT));
		req = np_json_add(needs, d->name, np_json_new(NP_JSON_OBJECT));
		np_json_add_strings(req, "components", d->libs.v, 1);
		component = np_xasprintf("%s:%s", d->name, d->libs.v[0]);
		/*
		 * A static link, or a dependency on the link line: the consumer compiles and links
		 * with it. Else it is the shared library's own: its headers for the compiler, and the
		 * loader must find it (the reader adds its directory to the program's runpath).
		 */
		if (links_dependency(r, d)) {
			np_strv_push(&requires, component);
		} else {
			np_strv_push(&compile_only, component);
			if (d->link == NP_LINK_SHARED)
				np_strv_push(&dyld, component);
		}
		free(component);
	}

	for (size_t i = 0; i < r->cflags.n; i++)
		if (!np_text_starts_with(r->cflags.v[i], "-D") && !np_text_starts_with(r->cflags.v[i], "-I"))
			np_strv_push(&compile, r->cflags.v[i]);
	own_libraries(r, &names, &files);
	link_extras(r, set, &names, &flags, &libraries);

	defaults = np_json_add(o, "default_components", np_json_new(NP_JSON_ARRAY));
	components = np_json_add(o, "components", np_json_new(NP_JSON_OBJECT));
	for (size_t i = 0; i < names.n; i++) {
		const char *file = *files.v[i] ? files.v[i] : NULL;
		struct np_json *c = np_json_add(components, names.v[i], np_json_new(NP_JSON_OBJECT));
		struct np_strv mine = {0};

		if (i == 0)
			np_json_add_string(defaults, NULL, names.v[i]);
		np_json_add_string(c, "type", file ? (r->link == NP_LINK_STATIC ? "archive" : "dylib")
						   : "interface");
		if (file)
			np_json_add_string(c, "location", file);
		np_json_add_strings(c, "includes", r->include_dirs.v, r->include_dirs.n);
		if ((defs = definitions(&r->cflags)) != NULL)
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
			np_json_add_strings(c, "link_libraries", r->ldflags.v, r->ldflags.n);
		}
		/* The first component carries the rest of the package (libssl needs libcrypto). */
		if (i == 0)
			for (size_t k = 1; k < names.n; k++)
				np_strv_push_owned(&mine, np_xasprintf(":%s", names.v[k]));
		for (size_t k = 0; k < requires.n; k++)
			np_strv_push(&mine, requires.v[k]);
		if (mine.n)
			np_json_add_strings(c, "requires", mine.v, mine.n);
		if (compile_only.n)
			np_json_add_strings(c, "compile_requires", compile_only.v, compile_only.n);
		if (dyld.n)
			np_json_add_strings(c, "dyld_requires", dyld.v, dyld.n);
		np_strv_release(&mine);
	}
	ok = np_json_print(o, true, out, err);
	np_json_free(o);
	np_strv_release(&compile);
	np_strv_release(&flags);
	np_strv_release(&libraries);
	np_strv_release(&requires);
	np_strv_release(&compile_only);
	np_strv_release(&dyld);
	np_strv_release(&names);
	np_strv_release(&files);
	return ok;
}
