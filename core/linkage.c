/* linkage: runtime search paths, system directories and archives in an answer's link line. */
#include "core/linkage.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/text.h"

char *
np_linkage_archive_arg(const char *name)
{
	return np_xasprintf("-l:lib%s.a", name);
}

char *
np_linkage_archive_name(const char *arg)
{
	size_t n = strlen(arg);

	if (!np_text_starts_with(arg, "-l:lib") || n <= 8 || strcmp(arg + n - 2, ".a") != 0)
		return NULL;
	return np_xstrndup(arg + 6, n - 8);
}

/* Whether r's shared libraries are Windows DLLs: PE has no runtime search path. */
static bool
dll_answer(const struct np_resolution *r)
{
	for (size_t i = 0; i < r->lib_files.n; i++)
		if (np_text_ends_with(r->lib_files.v[i], ".dll"))
			return true;
	return false;
}

/*
 * The directories of r's own shared libraries that the loader does not search by default;
 * for DLLs, the directories of the DLLs (not of their import libraries).
 */
static void
runtime_dirs(struct np_resolution *r, struct np_loader *loader)
{
	bool dll = dll_answer(r);

	for (size_t i = 0; i < r->lib_files.n; i++) {
		char *dir;
		if (dll && !np_text_ends_with(r->lib_files.v[i], ".dll"))
			continue;
		dir = np_path_dirname(r->lib_files.v[i]);
		if (!np_loader_is_default(loader, dir))
			np_strv_push_unique(&r->runtime_dirs, dir);
		free(dir);
	}
}

/*
 * Library names whose archive a static link must name: r's own archives (its library files,
 * not everything its closure names: -lpthread stays a request to the toolchain), and those of
 * every dependency answered static, through their dependencies in turn.
 */
static void
static_names(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_strv *names, int depth)
{
	if (depth > 64)
		return; /* a cycle cannot be planned; this only guards the recursion */
	for (size_t i = 0; r->link == NP_LINK_STATIC && i < r->lib_files.n; i++) {
		const char *base = strrchr(r->lib_files.v[i], '/');
		size_t n;
		base = base ? base + 1 : r->lib_files.v[i];
		n = strlen(base);
		if (np_text_starts_with(base, "lib") && n > 5 && strcmp(base + n - 2, ".a") == 0) {
			char *name = np_xstrndup(base + 3, n - 5);
			np_strv_push_unique(names, name);
			free(name);
		}
	}
	for (size_t i = 0; set && i < r->deps.n; i++) {
		const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[i]);
		if (d)
			static_names(d, set, names, depth + 1);
	}
}

/* One link line rewritten: see the header. names: libraries to name by archive. */
static void
rewrite(struct np_strv *args, const struct np_resolution *r, const struct np_strv *names,
	struct np_loader *loader, bool with_runpath)
{
	struct np_strv out = {0}, pending = {0};

	/* Runtime directories reached through no -L of their own (a probe's compiler found them)
	 * get their runtime path before the first library. */
	if (with_runpath)
		np_strv_copy(&pending, &r->runtime_dirs);
	for (size_t i = 0; i < args->n; i++) {
		const char *a = args->v[i];
		if (np_text_starts_with(a, "-L") && a[2]) {
			if (np_loader_is_default(loader, a + 2))
				continue;
			np_strv_push_unique(&out, a);
			for (size_t k = 0; k < pending.n; k++) {
				if (strcmp(pending.v[k], a + 2) != 0)
					continue;
				np_strv_push_owned(&out, np_xasprintf("-Wl,-rpath,%s", a + 2));
				free(pending.v[k]);
				memmove(pending.v + k, pending.v + k + 1, (pending.n - k) * sizeof *pending.v);
				pending.n--;
				break;
			}
			continue;
		}
		if (np_text_starts_with(a, "-l") && a[2] != ':') {
			for (size_t k = 0; k < pending.n; k++)
				np_strv_push_owned(&out, np_xasprintf("-Wl,-rpath,%s", pending.v[k]));
			np_strv_release(&pending);
			if (np_strv_contains(names, a + 2)) {
				np_strv_push_owned(&out, np_linkage_archive_arg(a + 2));
				continue;
			}
		}
		/* An rpath already there (a .pc that carries one) is kept once. */
		if (np_text_starts_with(a, "-Wl,-rpath,") && np_strv_contains(&out, a))
			continue;
		np_strv_push(&out, a);
	}
	for (size_t k = 0; k < pending.n; k++)
		np_strv_push_owned(&out, np_xasprintf("-Wl,-rpath,%s", pending.v[k]));
	np_strv_release(&pending);
	np_strv_release(args);
	*args = out;
}

void
np_linkage_apply(struct np_resolution *r, const struct np_resolution_set *set,
	struct np_loader *loader, bool runpath)
{
	struct np_strv names = {0};

	np_strv_release(&r->runtime_dirs);
	r->runpath = runpath;
	if (r->link == NP_LINK_SHARED)
		runtime_dirs(r, loader);
	static_names(r, set, &names, 0);
	/* DLLs are found at run time beside the program or on PATH: no -Wl,-rpath for them. */
	rewrite(&r->ldflags, r, r->link == NP_LINK_STATIC ? &names : &(struct np_strv){0}, loader,
		runpath && r->link == NP_LINK_SHARED && !dll_answer(r));
	/* The static closure of a shared answer is what a static consumer would link: archives
	 * of everything answered static in it, and no runtime paths (an archive needs none). */
	rewrite(&r->static_ldflags, r, &names, loader, false);
	np_strv_release(&names);
}
