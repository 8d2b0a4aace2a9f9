/* sanity: undeclared libraries a build linked against. */
#include "resolvers/sanity.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/elf.h"
#include "core/fs.h"
#include "core/text.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

/* The C and C++ runtimes: what every program links, provided by the toolchain. */
static const char *const runtime[] = {"c", "m", "pthread", "dl", "rt", "util", "resolv", "gcc_s",
	"stdc++", "atomic", "crypt", "anl", "mvec"};

/* Whether soname names library `name`: libNAME.so or libNAME.so.<version>. */
static bool
names(const char *soname, const char *name)
{
	size_t n = strlen(name);

	return np_text_starts_with(soname, "lib") && strncmp(soname + 3, name, n) == 0 &&
		np_text_starts_with(soname + 3 + n, ".so") &&
		(soname[6 + n] == '\0' || soname[6 + n] == '.');
}

/* The sonames of the shared libraries in dir (for the package's own, and a dependency's). */
static void
sonames_in(const char *dir, struct np_strv *sonames, struct np_strv *files)
{
	struct np_strv entries = {0};

	if (!np_fs_list(dir, false, &entries))
		return;
	for (size_t i = 0; i < entries.n; i++) {
		char *path;
		struct np_elf elf = {0};
		if (!np_text_starts_with(entries.v[i], "lib") || strstr(entries.v[i], ".so") == NULL)
			continue;
		path = np_path_join(dir, entries.v[i]);
		if (np_elf_read(path, &elf, NULL)) {
			char *real = np_path_real(path);
			if (elf.soname)
				np_strv_push_unique(sonames, elf.soname);
			/* Each file once, whatever links name it (libz.so, libz.so.1). */
			if (files && real && elf.type == NP_ELF_DYN && !np_strv_contains(files, real))
				np_strv_push(files, real);
			free(real);
		}
		np_elf_release(&elf);
		free(path);
	}
	np_strv_release(&entries);
}

void
np_sanity_needed(const struct np_target *t, const struct np_request *req, const char *prefix,
	struct np_strv *warnings)
{
	const struct np_recipe *r = req->recipe;
	struct np_strv libdirs = {0}, known = {0}, allowed = {0}, files = {0};

	/* The package's own libraries, whatever they are called. */
	np_target_lib_dirs(t, &libdirs);
	for (size_t d = 0; d < libdirs.n; d++) {
		char *dir = np_path_join(prefix, libdirs.v[d]);
		sonames_in(dir, &known, &files);
		free(dir);
	}
	np_strv_release(&libdirs);
	for (size_t i = 0; i < sizeof runtime / sizeof *runtime; i++)
		np_strv_push(&allowed, runtime[i]);
	np_strv_copy(&allowed, &r->libs_private);
	for (size_t i = 0; i < r->components.n; i++)
		np_strv_push(&allowed, r->components.v[i].lib);
	/* Every declared dependency, of whatever kind: its libraries by name and by soname. */
	for (size_t i = 0; req->resolved && i < r->dependencies.keys.n; i++) {
		const struct np_resolution *dep =
			np_resolution_set_find(req->resolved, r->dependencies.keys.v[i]);
		if (dep == NULL)
			continue;
		np_strv_copy(&allowed, &dep->libs);
		for (size_t k = 0; k < dep->components.n; k++)
			if (dep->components.v[k].lib)
				np_strv_push(&allowed, dep->components.v[k].lib);
		/* Its files' own sonames (libpng16.so.16 for png16); never a whole directory, which
		 * may be the system's and would allow anything. */
		for (size_t k = 0; k < dep->lib_files.n; k++) {
			struct np_elf elf = {0};
			if (np_elf_read(dep->lib_files.v[k], &elf, NULL) && elf.soname)
				np_strv_push_unique(&known, elf.soname);
			np_elf_release(&elf);
		}
	}
	for (size_t f = 0; f < files.n; f++) {
		struct np_elf elf = {0};
		if (!np_elf_read(files.v[f], &elf, NULL)) {
			np_elf_release(&elf);
			continue;
		}
		for (size_t k = 0; k < elf.needed.n; k++) {
			const char *need = elf.needed.v[k];
			bool ok = np_strv_contains(&known, need) || np_text_starts_with(need, "ld-linux") ||
				np_text_starts_with(need, "ld64.so") || strchr(need, '/') != NULL;
			for (size_t a = 0; a < allowed.n && !ok; a++)
				ok = names(need, allowed.v[a]);
			if (!ok)
				np_strv_push_owned(warnings, np_xasprintf("%s: %s needs %s, which no declared "
					"dependency provides: its build system found it on this machine; declare "
					"the package that provides it as a dependency, or turn its use off in the "
					"build options", r->name, files.v[f], need));
		}
		np_elf_release(&elf);
	}
	np_strv_release(&known);
	np_strv_release(&allowed);
	np_strv_release(&files);
}
