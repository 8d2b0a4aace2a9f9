/* write_cmake: <Pkg>Config.cmake and <Pkg>ConfigVersion.cmake. */
#include "cli/write_cmake.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/binfmt.h"
#include "core/linkage.h"
#include "core/elf.h"
#include "core/fs.h"
#include "core/text.h"

/* A CMake quoted argument: \ " $ are escaped, a newline is written as \n. */
static void
append_quoted(const char *s, struct np_buf *out)
{
	np_buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '\\' || *s == '"' || *s == '$')
			np_buf_addc(out, '\\');
		if (*s == '\n')
			np_buf_adds(out, "\\n");
		else
			np_buf_addc(out, *s);
	}
	np_buf_addc(out, '"');
}

/* One value as a quoted argument; a ';' would make it a list and is refused. */
static bool
quote(const char *what, const char *s, struct np_buf *out, struct np_error *err)
{
	if (strchr(s, ';'))
		return np_error_set(err, NP_EXIT_INPUT, "cannot write %s \"%s\" for CMake: ';' would "
			"split it into a list", what, s);
	append_quoted(s, out);
	return true;
}

/* A CMake list as one quoted argument. */
static bool
quote_list(const char *what, const struct np_strv *items, struct np_buf *out, struct np_error *err)
{
	struct np_buf joined = {0};
	bool ok = true;

	for (size_t i = 0; i < items->n && ok; i++) {
		if (strchr(items->v[i], ';'))
			ok = np_error_set(err, NP_EXIT_INPUT, "cannot write %s \"%s\" for CMake: ';' "
				"would split it into a list", what, items->v[i]);
		np_buf_addf(&joined, "%s%s", i ? ";" : "", items->v[i]);
	}
	if (ok)
		append_quoted(np_buf_str(&joined), out); /* the separators stay: ';' is not escaped */
	np_buf_release(&joined);
	return ok;
}

char *
np_write_cmake_library_file(const struct np_resolution *r, const char *name)
{
	/* A DLL links through its import library (lib<name>.dll.a): Windows targets. */
	static const char *const shared[] = {"so", "dll.a", NULL}, *const archive[] = {"a", NULL};
	const char *const *suffixes = r->link == NP_LINK_STATIC ? archive : shared;

	for (size_t k = 0; suffixes[k]; k++) {
		for (size_t i = 0; i < r->lib_dirs.n; i++) {
			/* The name the linker uses, not the file it points at: CMake recognises
			 * lib<name>.so as a shared library and gives its directory a runtime path; a real
			 * file named libz.so.1.2.13-nativepkg it would link with none. */
			char *path = np_xasprintf("%s/lib%s.%s", r->lib_dirs.v[i], name, suffixes[k]);
			if (np_fs_is_file(path))
				return path;
			free(path);
		}
	}
	return NULL;
}

/*
 * A DLL's import library is what links (IMPORTED_IMPLIB); the DLL, which the answer lists with
 * it, is what runs (IMPORTED_LOCATION). Written after an IMPORTED_LOCATION naming file, which is
 * then replaced; nothing for other files.
 */
static bool
import_library(const struct np_resolution *r, const char *file, struct np_buf *b,
	struct np_error *err)
{
	struct np_binfmt bf;
	const char *dll = NULL;
	bool ok = true;

	if (!np_text_ends_with(file, ".dll.a") || !np_binfmt_read(file, &bf, NULL))
		return true;
	for (size_t i = 0; bf.dll && i < r->lib_files.n && dll == NULL; i++)
		if (strcmp(np_path_basename(r->lib_files.v[i]), bf.dll) == 0)
			dll = r->lib_files.v[i];
	if (dll) {
		np_buf_adds(b, "\n    IMPORTED_IMPLIB ");
		ok = quote("a library", file, b, err);
		np_buf_adds(b, "\n    IMPORTED_LOCATION ");
		ok = ok && quote("a library", dll, b, err);
	}
	np_binfmt_release(&bf);
	return ok;
}

/* -DNAME=value and -DNAME from the compiler flags; other flags (not -I) are options. */
static void
split_cflags(const struct np_strv *cflags, struct np_strv *defs, struct np_strv *opts)
{
	for (size_t i = 0; i < cflags->n; i++) {
		const char *a = cflags->v[i];
		if (np_text_starts_with(a, "-D"))
			np_strv_push(defs, a + 2);
		else if (!np_text_starts_with(a, "-I"))
			np_strv_push(opts, a);
	}
}

/* The major, minor and patch numbers of a version, as far as it has them. */
static void
version_parts(const char *v, struct np_strv *parts)
{
	np_strv_split(parts, v ? v : "", ".");
}

/* The target a dependency reference ("pkg" or "pkg:component") links, or NULL. */
static const char *
dep_target(const struct np_resolution_set *set, const char *dep)
{
	const struct np_component *comp;
	const struct np_resolution *d = np_component_dep(set, dep, &comp);

	if (d == NULL || d->cmake_package == NULL)
		return NULL;
	if (comp == NULL)
		for (size_t i = 0; i < d->components.n && comp == NULL; i++)
			if (d->components.v[i].cmake_targets.n)
				comp = &d->components.v[i];
	return comp && comp->cmake_targets.n ? comp->cmake_targets.v[0] : NULL;
}

/*
 * What a static link of the package also needs: everything in its closure that is neither one
 * of its own libraries nor brought by a dependency's target (-lm, -pthread, ...).
 */
static void
static_extras(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_strv *out)
{
	for (size_t i = 0; r->link == NP_LINK_STATIC && i < r->static_ldflags.n; i++) {
		const char *a = r->static_ldflags.v[i];
		bool covered = np_text_starts_with(a, "-L");
		char *archive = np_linkage_archive_name(a);
		/* -lz and -l:libz.a both name the library a component stands for. */
		const char *lib = archive ? archive : np_text_starts_with(a, "-l") ? a + 2 : NULL;
		covered = covered || (lib && np_components_find_lib(&r->components, lib));
		free(archive);
		for (size_t k = 0; k < r->deps.n && !covered; k++) {
			const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[k]);
			covered = d && d->cmake_package && np_strv_contains(&d->static_ldflags, a);
		}
		if (!covered)
			np_strv_push_unique(out, a);
	}
}

/* One component's imported targets: the first names its file, the others stand for it. */
static bool
component_targets(const struct np_resolution *r, const struct np_resolution_set *set,
	const struct np_component *c, const struct np_strv *extras, struct np_buf *b,
	struct np_error *err)
{
	struct np_strv cflags = {0}, defs = {0}, opts = {0}, link = {0}, ldflags = {0};
	const char *target = c->cmake_targets.v[0];
	char *file = c->lib ? np_write_cmake_library_file(r, c->lib) : NULL;
	bool ok = false;

	np_component_cflags(r, c, &cflags);
	split_cflags(&cflags, &defs, &opts);
	/* The real requirement graph: the components it requires, then its dependencies. */
	for (size_t k = 0; k < c->requires.n; k++) {
		const struct np_component *q = np_components_find(&r->components, c->requires.v[k]);
		char *qfile;
		if (q == NULL)
			continue;
		if (q->cmake_targets.n) {
			np_strv_push_unique(&link, q->cmake_targets.v[0]);
		} else if (q->lib && (qfile = np_write_cmake_library_file(r, q->lib)) != NULL) {
			np_strv_push_unique(&link, qfile);
			free(qfile);
		}
	}
	for (size_t k = 0; k < c->dependencies.n; k++) {
		const char *t = dep_target(set, c->dependencies.v[k]);
		if (t)
			np_strv_push_unique(&link, t);
	}
	for (size_t k = 0; k < extras->n; k++)
		np_strv_push_unique(&link, extras->v[k]);

	np_buf_addf(b, "if(NOT TARGET %s)\n", target);
	if (file) {
		struct np_elf elf = {0};
		np_buf_addf(b, "  add_library(%s %s IMPORTED)\n  set_target_properties(%s PROPERTIES\n"
			"    IMPORTED_LOCATION ", target, r->link == NP_LINK_STATIC ? "STATIC" : "SHARED",
			target);
		if (!quote("a library", file, b, err))
			goto out;
		if (r->link == NP_LINK_SHARED && np_elf_read(file, &elf, NULL) && elf.soname)
			np_buf_addf(b, "\n    IMPORTED_SONAME \"%s\"", elf.soname);
		np_elf_release(&elf);
		if (!import_library(r, file, b, err))
			goto out;
	} else {
		/* No file to point at (a linker script, say): the link flags themselves. */
		np_component_ldflags(r, c, false, &ldflags);
		np_buf_addf(b, "  add_library(%s INTERFACE IMPORTED)\n  set_target_properties(%s "
			"PROPERTIES\n    INTERFACE_LINK_OPTIONS ", target, target);
		if (!quote_list("link flags", &ldflags, b, err))
			goto out;
	}
	np_buf_adds(b, "\n    INTERFACE_INCLUDE_DIRECTORIES ");
	if (!quote_list("include directories", &r->include_dirs, b, err))
		goto out;
	if (defs.n) {
		np_buf_adds(b, "\n    INTERFACE_COMPILE_DEFINITIONS ");
		if (!quote_list("definitions", &defs, b, err))
			goto out;
	}
	if (opts.n) {
		np_buf_adds(b, "\n    INTERFACE_COMPILE_OPTIONS ");
		if (!quote_list("compile options", &opts, b, err))
			goto out;
	}
	if (link.n) {
		np_buf_adds(b, "\n    INTERFACE_LINK_LIBRARIES ");
		if (!quote_list("link libraries", &link, b, err))
			goto out;
	}
	np_buf_adds(b, ")\nendif()\n");
	/* More names for the same library (zstd::libzstd_shared and _static). */
	for (size_t k = 1; k < c->cmake_targets.n; k++)
		np_buf_addf(b, "if(NOT TARGET %s)\n  add_library(%s INTERFACE IMPORTED)\n"
			"  set_target_properties(%s PROPERTIES INTERFACE_LINK_LIBRARIES %s)\nendif()\n",
			c->cmake_targets.v[k], c->cmake_targets.v[k], c->cmake_targets.v[k], target);
	ok = true;
out:
	free(file);
	np_strv_release(&cflags);
	np_strv_release(&defs);
	np_strv_release(&opts);
	np_strv_release(&link);
	np_strv_release(&ldflags);
	return ok;
}

/*
 * find_package(<Pkg> COMPONENTS ...): each component is found under its name and under its
 * target's name (PCRE2::8BIT answers "8BIT"); a required component that is not there makes
 * the package not found, as CMake's check_required_components() does.
 */
static void
components_found(const struct np_resolution *r, struct np_buf *b)
{
	struct np_strv names = {0};

	for (size_t i = 0; i < r->components.n; i++) {
		const struct np_component *c = &r->components.v[i];
		np_strv_push_unique(&names, c->name);
		for (size_t k = 0; k < c->cmake_targets.n; k++) {
			const char *sep = strstr(c->cmake_targets.v[k], "::");
			np_strv_push_unique(&names, sep ? sep + 2 : c->cmake_targets.v[k]);
		}
	}
	np_buf_adds(b, "\n# Components, for find_package(... COMPONENTS ...).\n");
	for (size_t i = 0; i < names.n; i++)
		np_buf_addf(b, "set(${CMAKE_FIND_PACKAGE_NAME}_%s_FOUND TRUE)\n", names.v[i]);
	np_buf_adds(b,
		"foreach(_np_c IN LISTS ${CMAKE_FIND_PACKAGE_NAME}_FIND_COMPONENTS)\n"
		"  if(NOT ${CMAKE_FIND_PACKAGE_NAME}_${_np_c}_FOUND AND "
		"${CMAKE_FIND_PACKAGE_NAME}_FIND_REQUIRED_${_np_c})\n"
		"    set(${CMAKE_FIND_PACKAGE_NAME}_FOUND FALSE)\n"
		"    set(${CMAKE_FIND_PACKAGE_NAME}_NOT_FOUND_MESSAGE \"no component ${_np_c} in ");
	np_buf_adds(b, r->name);
	np_buf_adds(b, " (nativepkg)\")\n  endif()\nendforeach()\n");
	np_strv_release(&names);
}

static bool
config_file(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *b, struct np_error *err)
{
	const char *pre = r->cmake_prefix;
	struct np_strv extras = {0}, libraries = {0}, parts = {0};
	const struct np_component *main_c = r->components.n ? &r->components.v[0] : NULL;
	char *main_file = NULL;
	bool ok = false;

	np_buf_addf(b, "# %sConfig.cmake: %s %s, resolved by nativepkg (%s, %s link).\n"
		"# Written on every resolve; do not edit.\n\n", r->cmake_package, r->name,
		r->version ? r->version : "(version unknown)", np_method_name(r->method),
		np_link_name(r->link));

	/* Dependencies come from the same output tree, never from elsewhere on the system. */
	np_buf_adds(b, "include(CMakeFindDependencyMacro)\n");
	for (size_t i = 0; i < r->deps.n; i++) {
		const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[i]);
		if (d == NULL || d->cmake_package == NULL)
			continue;
		np_buf_addf(b, "find_dependency(%s CONFIG PATHS \"${CMAKE_CURRENT_LIST_DIR}/..\" "
			"NO_DEFAULT_PATH)\n", d->cmake_package);
	}
	np_buf_addc(b, '\n');

	static_extras(r, set, &extras);
	/* Every component with a target, each linking what it requires (never the reverse). */
	for (size_t i = 0; i < r->components.n; i++)
		if (r->components.v[i].cmake_targets.n &&
			!component_targets(r, set, &r->components.v[i], &extras, b, err))
			goto out;

	/* The classic result variables: real projects read them rather than the targets. */
	version_parts(r->version, &parts);
	np_buf_addf(b, "\nset(%s_FOUND TRUE)\nset(%s_VERSION \"%s\")\nset(%s_VERSION_STRING \"%s\")\n",
		pre, pre, r->version ? r->version : "", pre, r->version ? r->version : "");
	for (size_t i = 0; i < parts.n && i < 3; i++) {
		static const char *const names[] = {"MAJOR", "MINOR", "PATCH"};
		np_buf_addf(b, "set(%s_VERSION_%s \"%s\")\n", pre, names[i], parts.v[i]);
	}
	np_buf_addf(b, "set(%s_INCLUDE_DIRS ", pre);
	if (!quote_list("include directories", &r->include_dirs, b, err))
		goto out;
	np_buf_addf(b, ")\nset(%s_INCLUDE_DIR ", pre);
	if (!quote("an include directory", r->include_dirs.n ? r->include_dirs.v[0] : "", b, err))
		goto out;
	np_buf_addf(b, ")\nset(%s_LIBRARIES ", pre);
	/* Every library of the package's own answer, in link order, each by its file. */
	for (size_t i = 0; i < r->libs.n; i++) {
		const struct np_component *c = np_components_find_lib(&r->components, r->libs.v[i]);
		char *file;
		if (c == NULL || !c->is_default || (file = np_write_cmake_library_file(r, c->lib)) == NULL)
			continue;
		np_strv_push_owned(&libraries, file);
	}
	/* A static link also lists what the archives need, as FindZLIB-style modules do. */
	if (r->link == NP_LINK_STATIC)
		for (size_t i = 0; i < extras.n; i++)
			if (strncmp(extras.v[i], "-l", 2) == 0)
				np_strv_push(&libraries, extras.v[i]);
	for (size_t i = 0; i < r->deps.n; i++) {
		const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[i]);
		if (d && d->cmake_package && d->cmake_prefix)
			np_strv_push_owned(&libraries, np_xasprintf("${%s_LIBRARIES}", d->cmake_prefix));
	}
	{
		/* Dependency references must stay variable references: only the file paths are escaped. */
		np_buf_addc(b, '"');
		for (size_t i = 0; i < libraries.n; i++) {
			const char *s = libraries.v[i];
			if (i)
				np_buf_addc(b, ';');
			if (np_text_starts_with(s, "${")) {
				np_buf_adds(b, s);
				continue;
			}
			if (strchr(s, ';')) {
				np_error_set(err, NP_EXIT_INPUT, "cannot write library \"%s\" for CMake: ';' would "
					"split it into a list", s);
				goto out;
			}
			for (; *s; s++) {
				if (*s == '\\' || *s == '"' || *s == '$')
					np_buf_addc(b, '\\');
				np_buf_addc(b, *s);
			}
		}
		np_buf_addc(b, '"');
	}
	if (main_c && main_c->lib)
		main_file = np_write_cmake_library_file(r, main_c->lib);
	np_buf_addf(b, ")\nset(%s_LIBRARY ", pre);
	if (!quote("a library", main_file ? main_file : "", b, err))
		goto out;
	np_buf_adds(b, ")\n");
	if (r->components.n > 1)
		components_found(r, b);
	ok = true;
out:
	np_strv_release(&extras);
	np_strv_release(&libraries);
	np_strv_release(&parts);
	free(main_file);
	return ok;
}

static void
version_file(const struct np_resolution *r, struct np_buf *b)
{
	const char *mode = r->cmake_compat;
	int bits = 0;

	/* The architecture is the first library's. */
	for (size_t t = 0; t < r->components.n && !bits; t++) {
		char *file = r->components.v[t].lib ?
			np_write_cmake_library_file(r, r->components.v[t].lib) : NULL;
		struct np_elf elf = {0};
		if (file && np_elf_read(file, &elf, NULL))
			bits = elf.bits;
		np_elf_release(&elf);
		free(file);
	}
	np_buf_addf(b, "# %sConfigVersion.cmake: written by nativepkg; compatibility %s.\n\n"
		"set(PACKAGE_VERSION \"%s\")\n", r->cmake_package, mode, r->version ? r->version : "");
	np_buf_adds(b,
		"set(PACKAGE_VERSION_COMPATIBLE FALSE)\n"
		"set(PACKAGE_VERSION_EXACT FALSE)\n"
		"if(PACKAGE_FIND_VERSION_RANGE)\n"
		"  # find_package(X 1.2...<2.0): inside the range, whatever the compatibility rule.\n"
		"  if(PACKAGE_VERSION VERSION_GREATER_EQUAL PACKAGE_FIND_VERSION_MIN AND\n"
		"     ((PACKAGE_FIND_VERSION_RANGE_MAX STREQUAL \"INCLUDE\" AND\n"
		"       PACKAGE_VERSION VERSION_LESS_EQUAL PACKAGE_FIND_VERSION_MAX) OR\n"
		"      (PACKAGE_FIND_VERSION_RANGE_MAX STREQUAL \"EXCLUDE\" AND\n"
		"       PACKAGE_VERSION VERSION_LESS PACKAGE_FIND_VERSION_MAX)))\n"
		"    set(PACKAGE_VERSION_COMPATIBLE TRUE)\n"
		"  endif()\n"
		"elseif(NOT PACKAGE_FIND_VERSION)\n"
		"  set(PACKAGE_VERSION_COMPATIBLE TRUE)\n"
		"elseif(PACKAGE_VERSION VERSION_LESS PACKAGE_FIND_VERSION)\n"
		"  set(PACKAGE_VERSION_COMPATIBLE FALSE)\n");
	if (strcmp(mode, "AnyNewerVersion") == 0) {
		np_buf_adds(b, "else()\n  set(PACKAGE_VERSION_COMPATIBLE TRUE)\n");
	} else {
		const char *prefix_of = strcmp(mode, "SameMajorVersion") == 0 ? "1" :
			strcmp(mode, "SameMinorVersion") == 0 ? "2" : "0";
		np_buf_addf(b,
			"else()\n"
			"  # The leading components that must be equal (0: all of them, ExactVersion).\n"
			"  set(_np_n %s)\n"
			"  string(REPLACE \".\" \";\" _np_have \"${PACKAGE_VERSION}\")\n"
			"  string(REPLACE \".\" \";\" _np_want \"${PACKAGE_FIND_VERSION}\")\n"
			"  if(_np_n EQUAL 0)\n"
			"    list(LENGTH _np_want _np_n)\n"
			"  endif()\n"
			"  set(PACKAGE_VERSION_COMPATIBLE TRUE)\n"
			"  foreach(_np_i RANGE 1 ${_np_n})\n"
			"    math(EXPR _np_j \"${_np_i} - 1\")\n"
			"    list(LENGTH _np_want _np_len)\n"
			"    if(_np_j LESS _np_len)\n"
			"      list(GET _np_have ${_np_j} _np_a)\n"
			"      list(GET _np_want ${_np_j} _np_b)\n"
			"      if(NOT _np_a STREQUAL _np_b)\n"
			"        set(PACKAGE_VERSION_COMPATIBLE FALSE)\n"
			"      endif()\n"
			"    endif()\n"
			"  endforeach()\n", prefix_of);
	}
	np_buf_adds(b,
		"endif()\n"
		"if(PACKAGE_FIND_VERSION AND PACKAGE_VERSION VERSION_EQUAL PACKAGE_FIND_VERSION)\n"
		"  set(PACKAGE_VERSION_EXACT TRUE)\n"
		"endif()\n");
	if (bits)
		np_buf_addf(b,
			"# A %d-bit library is no answer for a build of another word size.\n"
			"if(CMAKE_SIZEOF_VOID_P AND NOT CMAKE_SIZEOF_VOID_P EQUAL %d)\n"
			"  set(PACKAGE_VERSION \"${PACKAGE_VERSION} (%d-bit)\")\n"
			"  set(PACKAGE_VERSION_UNSUITABLE TRUE)\n"
			"endif()\n", bits, bits / 8, bits);
}

bool
np_write_cmake(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *config, struct np_buf *version, struct np_error *err)
{
	struct np_buf c = {0};
	bool ok = config_file(r, set, &c, err);

	if (ok) {
		np_buf_add(config, c.data, c.len);
		version_file(r, version);
	}
	np_buf_release(&c);
	return ok;
}

bool
np_write_cmake_project_include(const struct np_resolution_set *set, struct np_buf *out,
	struct np_error *err)
{
	struct np_strv packages = {0};
	bool ok;

	for (size_t i = 0; i < set->n; i++) {
		if (set->v[i]->cmake_package == NULL)
			continue;
		np_strv_push_unique(&packages, set->v[i]->cmake_package);
		for (size_t k = 0; k < set->v[i]->cmake_aliases.n; k++)
			np_strv_push_unique(&packages, set->v[i]->cmake_aliases.v[k]);
	}
	np_buf_adds(out, "# nativepkg.cmake, written by nativepkg: the workspace's answers for an unmodified\n"
		"# CMake project (3.24 or later):\n"
		"#   cmake -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES=<this file> ...\n"
		"# find_package() of a package listed below is answered from the config files next to this\n"
		"# file, even where CMake has a Find module for it (FindZLIB, FindPNG); any other package is\n"
		"# found as CMake always finds it.\n"
		"cmake_minimum_required(VERSION 3.24)\n"
		"set(_NATIVEPKG_TREE_CONFIGS \"${CMAKE_CURRENT_LIST_DIR}/lib/cmake\")\n"
		"set(_NATIVEPKG_TREE_PACKAGES ");
	ok = quote_list("package names", &packages, out, err);
	np_buf_adds(out, ")\n\n"
		"macro(_nativepkg_tree_provide _np_method _np_name)\n"
		"  if(\"${_np_name}\" IN_LIST _NATIVEPKG_TREE_PACKAGES)\n"
		"    # The request's own arguments, minus the mode: the answer is a config file.\n"
		"    set(_np_args ${ARGN})\n"
		"    list(REMOVE_ITEM _np_args MODULE CONFIG NO_MODULE)\n"
		"    find_package(${_np_name} ${_np_args} BYPASS_PROVIDER CONFIG\n"
		"      PATHS \"${_NATIVEPKG_TREE_CONFIGS}\" NO_DEFAULT_PATH)\n"
		"  endif()\n"
		"endmacro()\n\n"
		"cmake_language(SET_DEPENDENCY_PROVIDER _nativepkg_tree_provide SUPPORTED_METHODS FIND_PACKAGE)\n");
	np_strv_release(&packages);
	return ok;
}

bool
np_write_cmake_alias(const struct np_resolution *r, const char *alias, struct np_buf *config,
	struct np_buf *version, struct np_error *err)
{
	(void)err;
	np_buf_addf(config, "# %sConfig.cmake: another name for %s (%s %s), written by nativepkg.\n"
		"include(\"${CMAKE_CURRENT_LIST_DIR}/../%s/%sConfig.cmake\")\n"
		"set(%s_FOUND TRUE)\nset(%s_VERSION \"${%s_VERSION}\")\n", alias, r->cmake_package,
		r->name, r->version ? r->version : "(version unknown)", r->cmake_package,
		r->cmake_package, alias, alias, r->cmake_prefix ? r->cmake_prefix : r->cmake_package);
	np_buf_addf(version, "# %sConfigVersion.cmake: %s's rules, written by nativepkg.\n"
		"include(\"${CMAKE_CURRENT_LIST_DIR}/../%s/%sConfigVersion.cmake\")\n", alias,
		r->cmake_package, r->cmake_package, r->cmake_package);
	return true;
}
