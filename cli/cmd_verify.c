/*
 * cmd_verify: `nativepkg verify` — is every locked file still what the lock saw? And, given
 * programs or libraries, does each load at run time the copies the lock names?
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "core/alloc.h"
#include "core/elf.h"
#include "core/fingerprint.h"
#include "core/fs.h"
#include "core/loader.h"

enum { OPT_NO_ENV = NP_OPT_FIRST };

/* One library file of the lock, for the session's target. */
struct locked {
	const struct np_lock_entry *e;
	char *name;   /* the library's name: "z" for libz.so.1 and libz.a */
	char *soname; /* of a shared object; NULL for an archive or when unreadable */
	char *real;   /* its real path (as recorded when it cannot be resolved now) */
};

struct locks {
	struct locked *v;
	size_t n;
	size_t cap;
};

/* "z" for libz.so.1, libz.so, libz.a or /x/libz.so.1; NULL for a name that is none of these. */
static char *
library_name(const char *file)
{
	const char *base = np_path_basename(file), *end;

	if (strncmp(base, "lib", 3) != 0)
		return NULL;
	base += 3;
	if ((end = strstr(base, ".so")) == NULL || (end[3] != '\0' && end[3] != '.')) {
		size_t n = strlen(base);
		if (n < 3 || strcmp(base + n - 2, ".a") != 0)
			return NULL;
		end = base + n - 2;
	}
	return end > base ? np_xstrndup(base, (size_t)(end - base)) : NULL;
}

static void
locks_read(const struct np_lock *lock, const char *target, struct locks *out)
{
	for (size_t i = 0; i < lock->n; i++) {
		const struct np_lock_entry *e = lock->v[i];
		if (strcmp(e->target, target) != 0)
			continue;
		for (size_t k = 0; k < e->res.lib_files.n; k++) {
			const char *file = e->res.lib_files.v[k];
			struct locked *l;
			struct np_elf elf = {0};
			char *name = library_name(file);
			if (name == NULL)
				continue;
			out->v = np_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			l = &out->v[out->n++];
			l->e = e;
			l->name = name;
			l->real = np_path_real(file);
			if (l->real == NULL)
				l->real = np_xstrdup(file);
			l->soname = NULL;
			if (e->res.link == NP_LINK_SHARED && np_elf_read(file, &elf, NULL) && elf.soname) {
				l->soname = elf.soname;
				elf.soname = NULL;
			}
			np_elf_release(&elf);
		}
	}
}

static void
locks_release(struct locks *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].soname);
		free(l->v[i].real);
	}
	free(l->v);
}

/*
 * The locked library an object stands for: one whose SONAME it was loaded by, else one with its
 * library name (a static answer has no SONAME; a library unreadable now neither). NULL: not a
 * library of the lock.
 */
static const struct locked *
locked_for(const struct locks *locks, const struct np_loader_object *o)
{
	char *name;
	const struct locked *found = NULL;

	for (size_t i = 0; i < locks->n; i++)
		if (locks->v[i].soname && np_strv_contains(&o->names, locks->v[i].soname))
			return &locks->v[i];
	if ((name = library_name(o->needed)) == NULL)
		return NULL;
	for (size_t i = 0; i < locks->n && !found; i++)
		if (strcmp(locks->v[i].name, name) == 0)
			found = &locks->v[i];
	free(name);
	return found;
}

/* "ld.so.cache", "DT_RUNPATH of /x/libpng16.so.16" ... Caller frees. */
static char *
how(const struct np_loader_closure *c, const struct np_loader_object *o)
{
	if ((o->via == NP_LOADER_VIA_RPATH || o->via == NP_LOADER_VIA_RUNPATH) && o->via_object != SIZE_MAX)
		return np_xasprintf("%s of %s", np_loader_via_name(o->via), c->v[o->via_object].path);
	return np_xstrdup(np_loader_via_name(o->via));
}

/* " (needed by /x/libpng16.so.16)" for a library the file itself does not need. */
static char *
needed_by(const struct np_loader_closure *c, size_t from)
{
	return from == 0 ? np_xstrdup("") : np_xasprintf(" (needed by %s)", c->v[from].path);
}

/* What file loads, checked against the lock; returns the number of problems printed. */
static size_t
check_file(struct np_session *s, struct np_loader *loader, const struct locks *locks,
	const char *file, size_t *checked, struct np_error *err)
{
	struct np_loader_closure c = {0};
	size_t problems = 0, ours = 0;

	if (!np_loader_closure(loader, file, &c, err))
		return 0;
	for (size_t i = 1; i < c.n; i++) {
		const struct np_loader_object *o = &c.v[i];
		const struct locked *l;
		const char *real = o->real ? o->real : o->path;
		char *via, *by;
		if (o->via == NP_LOADER_VIA_INTERP || (l = locked_for(locks, o)) == NULL)
			continue;
		ours++;
		via = how(&c, o);
		by = needed_by(&c, o->parent);
		if (l->e->res.link == NP_LINK_STATIC) {
			fprintf(s->out, "static: %s: %s%s loads %s (%s), but the lock links %s %s statically "
				"(%s)\n", file, o->needed, by, real, via, l->e->res.name,
				l->e->res.version ? l->e->res.version : "(version unknown)", l->real);
			problems++;
		} else if (strcmp(real, l->real) != 0) {
			fprintf(s->out, "mismatch: %s: %s%s loads %s (%s), but the lock's %s %s is %s\n", file,
				o->needed, by, real, via, l->e->res.name,
				l->e->res.version ? l->e->res.version : "(version unknown)", l->real);
			problems++;
		} else if (!s->quiet) {
			fprintf(s->out, "ok: %s: %s%s loads the lock's %s %s, %s (%s)\n", file, o->needed, by,
				l->e->res.name, l->e->res.version ? l->e->res.version : "(version unknown)", real,
				via);
		}
		free(via);
		free(by);
	}
	for (size_t i = 0; i < c.nmissing; i++) {
		char *by = needed_by(&c, c.missing[i].from);
		fprintf(s->out, "missing: %s: %s%s: %s\n", file, c.missing[i].name, by, c.missing[i].why);
		free(by);
		problems++;
	}
	if (problems == 0 && !s->quiet)
		fprintf(s->out, "%s: %zu librar%s to load, %zu of them locked, each the lock's copy\n", file,
			c.n - 1, c.n == 2 ? "y" : "ies", ours);
	*checked += c.n - 1;
	np_loader_closure_release(&c);
	return problems;
}

/* The machine and word size of this process: the loader verify follows is this machine's. */
static void
host_kind(int *machine, int *bits)
{
	struct np_elf self = {0};

	*machine = 0;
	*bits = 0;
	if (np_elf_read("/proc/self/exe", &self, NULL)) {
		*machine = self.machine;
		*bits = self.bits;
	}
	np_elf_release(&self);
}

static int
verify_files(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_loader loader = {0};
	struct locks locks = {0};
	size_t problems = 0, checked = 0;
	const char *env = getenv("LD_LIBRARY_PATH");
	int machine, bits;

	host_kind(&machine, &bits);
	/* As the loader, an empty value is no value. */
	if (!opts->count[OPT_NO_ENV] && env && *env)
		loader.library_path = env;
	locks_read(&s->lock, s->config.target, &locks);
	for (size_t i = 0; i < opts->args.n && !np_error_isset(err); i++) {
		const char *file = opts->args.v[i];
		struct np_elf elf = {0};
		if (np_elf_read(file, &elf, NULL) && machine &&
			(elf.machine != machine || elf.bits != bits)) {
			np_error_set(err, NP_EXIT_INPUT, "verify: %s is a %d-bit %s file; verify follows this "
				"machine's loader (%d-bit %s)", file, elf.bits, np_elf_machine_name(elf.machine),
				bits, np_elf_machine_name(machine));
		} else {
			problems += check_file(s, &loader, &locks, file, &checked, err);
		}
		np_elf_release(&elf);
	}
	if (loader.cache_problem)
		np_session_warn(s, "%s; searched as the loader does without a cache", loader.cache_problem);
	if (!np_error_isset(err) && problems)
		np_error_set(err, NP_EXIT_INTEGRITY, "verify: %zu librar%s would not be the lock's copy "
			"at run time (or cannot be found)%s", problems, problems == 1 ? "y" : "ies",
			loader.library_path ? "; LD_LIBRARY_PATH counted (--no-env: without it)" : "");
	locks_release(&locks);
	np_loader_release(&loader);
	return np_error_isset(err) ? err->code : 0;
}

static int
cmd_verify(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	size_t files = 0, drifted = 0, packages = 0;

	if (np_error_isset(&s->lock_err)) {
		np_error_set(err, s->lock_err.code, "%s", s->lock_err.msg);
		return err->code;
	}
	if (!np_fs_exists(s->ws.lock)) {
		np_error_set(err, NP_EXIT_FAILURE, "verify: there is no %s to verify (run 'nativepkg "
			"resolve' first)", s->ws.lock);
		return err->code;
	}
	if (opts->args.n)
		return verify_files(s, opts, err);
	for (size_t i = 0; i < s->lock.n; i++) {
		const struct np_lock_entry *e = s->lock.v[i];
		size_t bad = 0;
		packages++;
		for (size_t k = 0; k < e->files.n; k++) {
			/* No stat cache: every file is read and hashed again. */
			char *why = np_fingerprint_check(NULL, &e->files.v[k]);
			files++;
			if (why) {
				fprintf(s->out, "drift: %s (%s, %s): %s\n", e->res.name, e->res.links, e->target,
					why);
				free(why);
				bad++;
			}
		}
		drifted += bad != 0;
		if (bad == 0 && !s->quiet)
			fprintf(s->out, "ok: %s %s via %s (%s, %s): %zu file%s unchanged\n", e->res.name,
				e->res.version ? e->res.version : "(version unknown)",
				np_method_name(e->res.method), e->res.links, e->target, e->files.n,
				e->files.n == 1 ? "" : "s");
	}
	if (drifted) {
		np_error_set(err, NP_EXIT_INTEGRITY, "verify: %zu of %zu locked package%s changed on "
			"disk since locking; 'nativepkg resolve' re-resolves them (--locked refuses)",
			drifted, packages, packages == 1 ? "" : "s");
		return err->code;
	}
	if (!s->quiet)
		fprintf(s->out, "%s: %zu package%s, %zu file%s verified\n", s->ws.lock, packages,
			packages == 1 ? "" : "s", files, files == 1 ? "" : "s");
	return 0;
}

const struct np_command np_cmd_verify = {
	.name = "verify",
	.run = cmd_verify,
	.usage = "[--no-env] [FILE...]",
	.summary = "check the locked files, or what programs and libraries load at run time",
	.description =
		"Without files: reads every file fingerprinted in the workspace's nativepkg.lock - "
		"each package's library files, the .pc file used and its headers - and compares its "
		"real path, size and SHA-256 with what the lock recorded, hashing every file again "
		"(the stat cache that makes 'resolve' fast is not trusted here). Prints one line per "
		"package, and one per changed file naming it: a library upgraded or replaced since "
		"locking, a symlink now pointing elsewhere, a file gone.\n\n"
		"With files - programs, shared libraries, Python extensions, anything ELF - finds every "
		"library each one loads, as this machine's dynamic loader (glibc's ld.so) finds them: "
		"breadth first through DT_NEEDED, searching DT_RPATH (of the object and of those that "
		"loaded it, unless it has a DT_RUNPATH), LD_LIBRARY_PATH, the object's own DT_RUNPATH, "
		"/etc/ld.so.cache and the system directories, with $ORIGIN, $LIB and $PLATFORM "
		"expanded and libraries of another machine passed over. Every library that one of the "
		"lock's packages provides (matched by SONAME, else by name) must be the very file the "
		"lock names: one line per library says 'ok', 'mismatch' (another file would be loaded: "
		"which, how it was found, and the locked one), 'static' (a shared copy is loaded where "
		"the lock links the archive) or 'missing' (not found: the program would not start). "
		"LD_LIBRARY_PATH of this process counts, as it would for the program started from "
		"here; --no-env checks the program as started without it. Not modelled: glibc-hwcaps "
		"subdirectories, LD_PRELOAD and /etc/ld.so.preload.\n\n"
		"Exits 4 when anything changed or would be loaded from elsewhere, 1 when there is no "
		"lock, 3 for a file that is not ELF or is of another machine.",
	.options = (const struct np_option[]){
		{OPT_NO_ENV, "no-env", 0, NULL,
			"with files: ignore LD_LIBRARY_PATH, as for a program started without it", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION,
};
