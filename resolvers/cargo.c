/* cargo: building a Rust crate's C ABI library, and what its answer needs (cargo.h). */
#include "resolvers/cargo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/json.h"
#include "core/lock.h"
#include "core/name.h"
#include "core/proc.h"
#include "core/text.h"
#include "core/workspace.h"
#include "resolvers/lock.h"

/* `cargo metadata` of one crate without its dependencies is a few KiB; a record, less. */
#define MAX_METADATA (16u << 20)
#define MAX_RECORD (1u << 20)
/* What a build step printed is searched for rustc's note; more than this is not read. */
#define MAX_STEP_OUTPUT (16u << 20)

/* Runs argv, its stdout into out; *status its exit status. Fails when it cannot start. */
static bool
capture(char *const *argv, const char *cwd, char *const *env, struct np_buf *out,
	struct np_buf *errout, int *status, struct np_error *err)
{
	struct np_proc p = {.argv = argv, .cwd = cwd, .env = env, .out = out, .err = errout};
	return np_proc_run(&p, status, err);
}

const char *
np_cargo_toolchain_id(struct np_resolve_ctx *ctx, struct np_inputs *in, struct np_error *err)
{
	static const char *const flags[] = {"RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"};
	const char *rustc = getenv("RUSTC");
	struct np_buf text = {0}, out = {0}, errout = {0};
	char *cargo_argv[] = {(char *)"cargo", (char *)"-V", NULL};
	char *rustc_argv[] = {(char *)(rustc && *rustc ? rustc : "rustc"), (char *)"-vV", NULL};
	char *cbindgen_argv[] = {(char *)"cbindgen", (char *)"--version", NULL};
	char **argvs[] = {cargo_argv, rustc_argv, cbindgen_argv};
	bool ok = true;

	np_inputs_add_env(in, "RUSTC");
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
		np_inputs_add_env(in, flags[i]);
	if (ctx->rust_id)
		return ctx->rust_id;
	for (size_t i = 0; i < sizeof argvs / sizeof *argvs && ok; i++) {
		bool optional = argvs[i] == cbindgen_argv; /* only crates with a header to generate */
		struct np_error e = {0};
		int status = 0;
		np_buf_reset(&out);
		np_buf_reset(&errout);
		if (!capture(argvs[i], NULL, NULL, &out, &errout, &status, &e)) {
			if (optional) {
				np_buf_adds(&text, "no cbindgen\n");
			} else {
				np_error_set(err, e.code, "building a Rust crate needs cargo and rustc "
					"(Debian: apt-get install cargo; or rustup): %s", e.msg);
				ok = false;
			}
		} else if (status != 0) {
			np_buf_rtrim(&errout);
			ok = np_error_set(err, NP_EXIT_FAILURE, "'%s %s' exited with status %d: %s",
				argvs[i][0], argvs[i][1], status, np_buf_str(&errout));
		} else {
			np_buf_rtrim(&out);
			np_buf_addf(&text, "%s\n", np_buf_str(&out));
		}
		np_error_release(&e);
	}
	/* They change the bytes the build makes, and the build inherits them. */
	for (size_t i = 0; i < sizeof flags / sizeof *flags && ok; i++)
		if (getenv(flags[i]))
			np_buf_addf(&text, "%s=%s\n", flags[i], getenv(flags[i]));
	/* rustc's target (the host's keys stay as they were). */
	if (ok && ctx->toolchain && ctx->toolchain->foreign)
		np_buf_addf(&text, "rust target %s\n", ctx->toolchain->target.rust);
	if (ok)
		ctx->rust_id = np_buf_detach(&text);
	np_buf_release(&text);
	np_buf_release(&out);
	np_buf_release(&errout);
	return ok ? ctx->rust_id : NULL;
}

/* Whether path lies inside dir (both absolute and real). */
static bool
inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Adds the dependencies of name (transitively, in dependency order) to names. */
static void
closure(const struct np_resolution_set *set, const struct np_strv *deps, struct np_strv *names,
	int depth)
{
	for (size_t i = 0; depth < 64 && i < deps->n; i++) {
		const struct np_resolution *d = np_resolution_set_find(set, deps->v[i]);
		if (d == NULL || np_strv_contains(names, d->name))
			continue;
		closure(set, &d->deps, names, depth + 1);
		np_strv_push_unique(names, d->name);
	}
}

/* The manifest of the build's workspace: the recipe's dependencies, each as it was answered. */
static bool
write_manifest(const struct np_request *req, const char *path, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_json *doc = np_json_new(NP_JSON_OBJECT);
	struct np_json *deps = np_json_add(doc, "dependencies", np_json_new(NP_JSON_OBJECT));
	struct np_buf text = {0};
	bool ok;

	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const struct np_resolution *d =
			np_resolution_set_find(req->resolved, r->dependencies.keys.v[i]);
		struct np_json *e = np_json_add(deps, r->dependencies.keys.v[i],
			np_json_new(NP_JSON_OBJECT));
		np_json_add_string(e, "version", r->dependencies.values.v[i]);
		if (d)
			np_json_add(e, "static", np_json_new_bool(d->link == NP_LINK_STATIC));
	}
	ok = np_json_print(doc, true, &text, err) &&
		np_fs_write_atomic(path, text.data, text.len, err);
	np_json_free(doc);
	np_buf_release(&text);
	return ok;
}

bool
np_cargo_prepare(struct np_resolve_ctx *ctx, const struct np_request *req, const char *work,
	const char *crate, struct np_strv *env, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_workspace ws = {0};
	struct np_strv names = {0}, recipe_dirs = {0};
	struct np_lock lock = {0};
	struct np_buf text = {0};
	char *self = np_path_self_exe(), *real_work = np_path_real(work), *root = NULL;
	char *manifest = NULL, *lock_path = NULL;
	bool ok = false;

	/* A build script runs `$NATIVEPKG env --format cargo <dep>`: this nativepkg. */
	if (self)
		np_env_set(env, "NATIVEPKG", self);
	if (real_work == NULL) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: the work directory %s is gone", r->name, work);
		goto out;
	}
	/*
	 * The workspace such a command finds from the crate: the source's own, when it ships one
	 * (its manifest is the crate's to keep), else one written at the work directory's root,
	 * which also ends the search upwards before any workspace around the cache.
	 */
	if (!np_workspace_find(crate, &ws, err))
		goto out;
	if (ws.manifest && inside(ws.root, real_work)) {
		root = np_xstrdup(ws.root);
	} else {
		root = np_xstrdup(real_work);
		manifest = np_path_join(root, NP_WORKSPACE_MANIFEST);
		if (!write_manifest(req, manifest, err))
			goto out;
	}
	/* Its lock: the answers of the dependencies and of theirs, as this run has them. */
	closure(req->resolved, &r->dependencies.keys, &names, 0);
	for (size_t i = 0; i < names.n; i++) {
		const struct np_resolution *d = np_resolution_set_find(req->resolved, names.v[i]);
		struct np_lock_entry *e = np_lock_entry_make(ctx, d, req->resolved, err);
		if (e == NULL)
			goto out;
		np_lock_put(&lock, e);
		if (d->recipe) {
			char *dir = np_path_dirname(d->recipe);
			np_strv_push_unique(&recipe_dirs, dir);
			free(dir);
		}
	}
	lock_path = np_path_join(root, NP_LOCK_FILE);
	if (!np_lock_render(&lock, &text, err) ||
		!np_fs_write_atomic(lock_path, text.data, text.len, err))
		goto out;
	/* The same recipes answer there, so the lock's recipe hashes hold. */
	if (recipe_dirs.n) {
		const char *path = getenv("NATIVEPKG_RECIPE_PATH");
		char *dirs = np_strv_join(&recipe_dirs, ":"), *v;
		v = path && *path ? np_xasprintf("%s:%s", dirs, path) : np_xstrdup(dirs);
		np_env_set(env, "NATIVEPKG_RECIPE_PATH", v);
		free(v);
		free(dirs);
	}
	ok = true;
out:
	if (!ok)
		np_error_prefix(err, "%s: preparing the crate's build", r->name);
	np_workspace_release(&ws);
	np_strv_release(&names);
	np_strv_release(&recipe_dirs);
	np_lock_release(&lock);
	np_buf_release(&text);
	free(self), free(real_work), free(root), free(manifest), free(lock_path);
	return ok;
}

/* What `cargo metadata` says of the crate: its package and its library target. */
struct crate {
	char *package;
	char *lib;              /* the [lib] target's name (the files are lib<lib>.a/.so) */
	struct np_strv types;   /* its crate types */
};

static void
crate_release(struct crate *c)
{
	free(c->package);
	free(c->lib);
	np_strv_release(&c->types);
}

static bool
is_library_type(const char *t)
{
	static const char *const types[] = {"lib", "rlib", "dylib", "cdylib", "staticlib",
		"proc-macro"};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strcmp(t, types[i]) == 0)
			return true;
	return false;
}

static char *
joined_types(const struct np_strv *types)
{
	struct np_buf b = {0};
	for (size_t i = 0; i < types->n; i++)
		np_buf_addf(&b, "%s\"%s\"", i ? ", " : "", types->v[i]);
	return np_buf_detach(&b);
}

/* Reads the package whose manifest is `manifest`, and its library target, from the metadata. */
static bool
read_metadata(const struct np_driver_job *j, const struct np_buf *text, const char *manifest,
	struct crate *c, struct np_error *err)
{
	const char *name = j->recipe->name;
	struct np_json *doc = NULL;
	const struct np_json *packages, *pkg = NULL, *v;
	char *real = np_path_real(manifest);
	bool ok = false;

	if (!np_json_parse(np_buf_str(text), text->len, "cargo metadata", &doc, err) ||
		doc->type != NP_JSON_OBJECT ||
		(packages = np_json_get(doc, "packages")) == NULL || packages->type != NP_JSON_ARRAY) {
		if (!np_error_isset(err))
			np_error_set(err, NP_EXIT_FAILURE, "cargo metadata printed no packages");
		np_error_prefix(err, "%s: cannot read what cargo says of the crate", name);
		goto out;
	}
	for (const struct np_json *p = packages->child; p && pkg == NULL; p = p->next) {
		char *mp;
		v = np_json_get(p, "manifest_path");
		if (v == NULL || v->type != NP_JSON_STRING)
			continue;
		mp = np_path_real(v->str);
		if (mp && real && strcmp(mp, real) == 0)
			pkg = p;
		free(mp);
	}
	if (pkg == NULL) {
		np_error_set(err, NP_EXIT_INPUT, "%s: %s is a Cargo workspace, not a crate: set "
			"\"build.subdir\" to the directory of the crate to build", name, manifest);
		goto out;
	}
	v = np_json_get(pkg, "name");
	c->package = np_xstrdup(v && v->type == NP_JSON_STRING ? v->str : "?");
	v = np_json_get(pkg, "targets");
	for (const struct np_json *t = v && v->type == NP_JSON_ARRAY ? v->child : NULL;
		t && c->lib == NULL; t = t->next) {
		const struct np_json *types = np_json_get(t, "crate_types"), *tn = np_json_get(t, "name");
		bool lib = false;
		if (types == NULL || types->type != NP_JSON_ARRAY)
			types = np_json_get(t, "kind");
		for (const struct np_json *k = types && types->type == NP_JSON_ARRAY ? types->child
										   : NULL; k; k = k->next)
			if (k->type == NP_JSON_STRING && is_library_type(k->str))
				lib = true;
		if (!lib || tn == NULL || tn->type != NP_JSON_STRING)
			continue;
		c->lib = np_xstrdup(tn->str);
		for (const struct np_json *k = types->child; k; k = k->next)
			if (k->type == NP_JSON_STRING)
				np_strv_push(&c->types, k->str);
	}
	if (c->lib == NULL) {
		np_error_set(err, NP_EXIT_INPUT, "%s: the crate %s has no library target: a Rust "
			"library for C needs a [lib] with crate-type = [\"staticlib\", \"cdylib\"] in %s "
			"(see %s)", name, c->package, manifest, j->log);
		goto out;
	}
	ok = true;
out:
	np_json_free(doc);
	free(real);
	return ok;
}

/* The crate type the link kind needs must be one the crate's [lib] builds. */
static bool
check_kind(const struct np_driver_job *j, const struct crate *c, const char *manifest,
	struct np_error *err)
{
	const char *want = j->want_static ? "staticlib" : "cdylib";
	const char *other = j->want_static ? "cdylib" : "staticlib";
	char *types, *hint = NULL, *env;

	if (np_strv_contains(&c->types, want))
		return true;
	types = joined_types(&c->types);
	env = np_name_env(j->recipe->name);
	if (np_strv_contains(&c->types, other))
		hint = np_xasprintf(", or link it %s (NATIVEPKG_%s_STATIC=%d, or --%s)",
			j->want_static ? "shared" : "static", env, j->want_static ? 0 : 1,
			j->want_static ? "shared" : "static");
	np_error_set(err, NP_EXIT_INPUT, "%s: a %s build needs crate-type \"%s\", but the [lib] of "
		"the crate %s builds only [%s]: add \"%s\" to its crate-type in %s%s", j->recipe->name,
		j->want_static ? "static" : "shared", want, c->package, types, want, manifest,
		hint ? hint : "");
	free(hint);
	free(env);
	free(types);
	return false;
}

/* What the log received from offset `from` on (the end of it, when it is larger). */
static void
read_log_from(int fd, off_t from, struct np_buf *out)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || st.st_size <= from)
		return;
	if (st.st_size - from > (off_t)MAX_STEP_OUTPUT)
		from = st.st_size - (off_t)MAX_STEP_OUTPUT;
	np_buf_reserve(out, (size_t)(st.st_size - from) + 1);
	while (out->len < (size_t)(st.st_size - from)) {
		ssize_t n = pread(fd, out->data + out->len, (size_t)(st.st_size - from) - out->len,
			from + (off_t)out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out->len += (size_t)n;
	}
	out->data[out->len] = '\0';
}

/* rustc's "note: native-static-libs: -lgcc_s -lutil ..." (the last one), split; false if none. */
static bool
native_static_libs(const char *output, struct np_strv *args)
{
	static const char tag[] = "native-static-libs:";
	const char *at = NULL, *end;
	char *line;

	for (const char *p = output; (p = strstr(p, tag)) != NULL; p += sizeof tag - 1)
		at = p + sizeof tag - 1;
	if (at == NULL)
		return false;
	end = at + strcspn(at, "\r\n");
	line = np_xstrndup(at, (size_t)(end - at));
	np_strv_split(args, line, " \t");
	free(line);
	return true;
}

/* Where the header comes from: a path of the crate, cbindgen with a config, or nowhere. */
struct header_plan {
	char *copy;     /* build.header, absolute */
	char *cbindgen; /* the cbindgen config, absolute */
	char *generated; /* include/<this> is what cbindgen writes */
};

static bool
plan_header(const struct np_driver_job *j, const char *crate, const char *name,
	struct header_plan *h, struct np_error *err)
{
	const struct np_recipe *r = j->recipe;

	if (r->build_header) {
		h->copy = np_path_join(crate, r->build_header);
		if (!np_fs_exists(h->copy))
			return np_error_set(err, NP_EXIT_INPUT, "%s: \"build.header\" names %s, which the "
				"crate does not have", r->name, h->copy);
	}
	if (r->build_cbindgen) {
		h->cbindgen = np_path_join(crate, r->build_cbindgen);
		if (!np_fs_is_file(h->cbindgen))
			return np_error_set(err, NP_EXIT_INPUT, "%s: \"build.cbindgen\" names %s, which "
				"the crate does not have: cbindgen needs its configuration (an empty file is "
				"one: language = \"C\" is the default)", r->name, h->cbindgen);
	} else if (r->build_header == NULL) {
		char *cfg = np_path_join(crate, "cbindgen.toml");
		if (np_fs_is_file(cfg))
			h->cbindgen = cfg;
		else
			free(cfg);
	}
	if (h->cbindgen)
		h->generated = r->headers.n ? np_xstrdup(r->headers.v[0]) : np_xasprintf("%s.h", name);
	if (h->copy == NULL && h->cbindgen == NULL && r->headers.n)
		return np_error_set(err, NP_EXIT_INPUT, "%s: nothing provides the header %s: the crate "
			"has no cbindgen.toml, and the recipe names neither \"build.header\" nor "
			"\"build.cbindgen\"", r->name, r->headers.v[0]);
	return true;
}

static void
plan_release(struct header_plan *h)
{
	free(h->copy);
	free(h->cbindgen);
	free(h->generated);
}

/* share/nativepkg/cargo.json: the crate, its library, and what a static link of it needs. */
static bool
write_record(const char *root, const struct crate *c, const char *name,
	const struct np_strv *native, struct np_error *err)
{
	struct np_json *doc = np_json_new(NP_JSON_OBJECT);
	struct np_buf text = {0};
	char *dir = np_path_join(root, "share/nativepkg"), *path = np_path_join(root, NP_CARGO_RECORD);
	bool ok;

	np_json_add_string(doc, "crate", c->package);
	np_json_add_string(doc, "library", name);
	np_json_add_strings(doc, "crate_types", c->types.v, c->types.n);
	np_json_add_strings(doc, "native_static_libs", native->v, native->n);
	ok = np_json_print(doc, true, &text, err) && np_fs_mkdirs(dir, err) &&
		np_fs_write_atomic(path, text.data, text.len, err);
	np_json_free(doc);
	np_buf_release(&text);
	free(dir);
	free(path);
	return ok;
}

/* One crate's build: the job (with the Cargo environment), and what each step learns. */
struct run {
	struct np_driver_job job;
	const char *crate;      /* the crate's directory */
	char *manifest;         /* its Cargo.toml */
	char *target_dir;       /* CARGO_TARGET_DIR */
	struct crate c;
	const char *name;       /* installed as lib<name> */
	struct header_plan h;
	struct np_strv native;  /* rustc's native-static-libs */
	const struct np_target *target; /* a foreign target's (--target), else NULL */
	char *out_dir;          /* where cargo puts the library: <target_dir>[/<rust>]/release */
};

/* configure: what the crate is (cargo metadata), and whether it builds the kind asked for. */
static bool
inspect(struct run *b, struct np_error *err)
{
	const struct np_driver_job *j = &b->job;
	struct np_strv a = {0};
	struct np_buf json = {0}, errout = {0}, line = {0};
	char *joined;
	int status = 0;
	bool ok = false;

	if (j->stage)
		j->stage(j->stage_data, "configure");
	np_strv_push(&a, "cargo");
	np_strv_push(&a, "metadata");
	np_strv_push(&a, "--format-version=1");
	np_strv_push(&a, "--no-deps");
	np_strv_push(&a, "--offline");
	np_strv_pushf(&a, "--manifest-path=%s", b->manifest);
	/* Logged as np_driver_step logs, but its stdout is the answer, not the log's. */
	joined = np_strv_join(&a, " ");
	np_buf_addf(&line, "$ (cd %s && %s)\n", b->crate, joined);
	free(joined);
	if (write(j->log_fd, line.data, line.len) < 0) {
		/* a log line lost is not a build lost */
	}
	if (!capture(a.v, b->crate, j->env->v, &json, &errout, &status, err)) {
		np_error_prefix(err, "%s: building with cargo needs 'cargo' (Debian: apt-get install "
			"cargo; or rustup)", j->recipe->name);
		goto out;
	}
	if (errout.len && write(j->log_fd, errout.data, errout.len) < 0) {
		/* as above */
	}
	if (status != 0) {
		char *tail = np_driver_log_tail(j->log_fd);
		np_error_set(err, NP_EXIT_FAILURE, "%s: build failed: 'cargo metadata' exited with "
			"status %d; last lines of %s:%s", j->recipe->name, status, j->log, tail);
		free(tail);
		goto out;
	}
	ok = read_metadata(j, &json, b->manifest, &b->c, err) &&
		check_kind(j, &b->c, b->manifest, err);
out:
	np_strv_release(&a);
	np_buf_release(&json);
	np_buf_release(&errout);
	np_buf_release(&line);
	return ok;
}

/*
 * build: `cargo rustc` is `cargo build` of the one library target, whose last rustc invocation
 * alone gets the arguments after "--": the soname and the runtime search path reach the library
 * and not its dependencies or build scripts (RUSTFLAGS would, and would replace the crate's own
 * rustflags configuration). rustc's native-static-libs note is read from what the step logged.
 */
static bool
compile(struct run *b, struct np_error *err)
{
	const struct np_driver_job *j = &b->job;
	const struct np_recipe *r = j->recipe;
	bool has_static = np_strv_contains(&b->c.types, "staticlib"), ok = false;
	struct np_strv a = {0};
	struct np_buf output = {0};
	off_t before;

	np_strv_push(&a, "cargo");
	np_strv_push(&a, "rustc");
	np_strv_push(&a, "--lib");
	np_strv_push(&a, "--release");
	np_strv_push(&a, "--offline");
	np_strv_pushf(&a, "--manifest-path=%s", b->manifest);
	np_strv_pushf(&a, "-j%u", j->jobs);
	if (r->build_features.n) {
		char *features = np_strv_join(&r->build_features, ",");
		np_strv_pushf(&a, "--features=%s", features);
		free(features);
	}
	if (b->target)
		np_strv_pushf(&a, "--target=%s", b->target->rust);
	np_strv_copy(&a, j->options);
	np_strv_push(&a, "--");
	/* An ELF library's name and search path (PE has neither; Windows looks beside the .exe). */
	if (np_strv_contains(&b->c.types, "cdylib") &&
		(b->target == NULL || b->target->format == NP_BINARY_ELF)) {
		np_strv_pushf(&a, "-Clink-arg=-Wl,-soname,lib%s.so", b->name);
		if (j->rpath->n) {
			char *rpath = np_strv_join(j->rpath, ":");
			np_strv_pushf(&a, "-Clink-arg=-Wl,-rpath,%s", rpath);
			free(rpath);
		}
	}
	if (has_static) {
		np_strv_push(&a, "--print");
		np_strv_push(&a, "native-static-libs");
	}
	before = lseek(j->log_fd, 0, SEEK_END);
	if (!np_driver_step(j, "build", b->crate, &a, err))
		goto out;
	read_log_from(j->log_fd, before < 0 ? 0 : before, &output);
	if (has_static && !native_static_libs(np_buf_str(&output), &b->native)) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: rustc did not say what a static link of the "
			"library needs (no \"native-static-libs\" note in %s)", r->name, j->log);
		goto out;
	}
	ok = true;
out:
	np_strv_release(&a);
	np_buf_release(&output);
	return ok;
}

/*
 * The files cargo made for the link kind, and where each is installed, under the target's
 * names: lib/lib<name>.a; lib/lib<name>.so (ELF), lib/lib<name>.dylib (Mach-O); on Windows the
 * DLL in bin/ under the name its import library records (<crate's lib>.dll) and the import
 * library as lib/lib<name>.dll.a. Pairs of (made, installed) appended to files.
 */
static void
library_files(const struct run *b, const char *root, struct np_strv *files)
{
	const char *out = b->out_dir, *lib = b->c.lib, *name = b->name;
	enum np_binary_format f = b->target ? b->target->format : NP_BINARY_ELF;

	if (b->job.want_static) {
		np_strv_pushf(files, "%s/lib%s.a", out, lib);
		np_strv_pushf(files, "%s/lib/lib%s.a", root, name);
	} else if (f == NP_BINARY_PE) {
		np_strv_pushf(files, "%s/%s.dll", out, lib);
		np_strv_pushf(files, "%s/bin/%s.dll", root, lib);
		np_strv_pushf(files, "%s/lib%s.dll.a", out, lib);
		np_strv_pushf(files, "%s/lib/lib%s.dll.a", root, name);
	} else {
		const char *ext = f == NP_BINARY_MACHO ? "dylib" : "so";
		np_strv_pushf(files, "%s/lib%s.%s", out, lib, ext);
		np_strv_pushf(files, "%s/lib/lib%s.%s", root, name, ext);
	}
}

/* install: the library under its name, the header, the record; into <destdir><prefix>. */
static bool
install(struct run *b, struct np_error *err)
{
	struct np_driver_job job = b->job;
	char *root = np_xasprintf("%s%s", job.destdir, job.prefix);
	char *incdir = np_path_join(root, "include");
	char *out_file = NULL, *out_dir = NULL;
	struct np_strv a = {0}, files = {0};
	bool ok = false;

	library_files(b, root, &files);
	for (size_t i = 0; i + 1 < files.n; i += 2) {
		char *dir = np_path_dirname(files.v[i + 1]);
		bool made = np_fs_mkdirs(dir, err);
		free(dir);
		np_strv_release(&a);
		np_strv_push(&a, "cp");
		np_strv_push(&a, files.v[i]);
		np_strv_push(&a, files.v[i + 1]);
		if (!made || !np_driver_step(&job, "install", b->crate, &a, err))
			goto out;
		job.stage = NULL; /* the rest is the same stage */
	}
	if (b->h.copy) {
		struct stat st;
		bool dir = stat(b->h.copy, &st) == 0 && S_ISDIR(st.st_mode);
		np_strv_release(&a);
		np_strv_push(&a, "cp");
		if (dir) {
			/* Links are followed: the extraction kept each inside the source, which goes away. */
			np_strv_push(&a, "-RL");
			np_strv_pushf(&a, "%s/.", b->h.copy);
			np_strv_pushf(&a, "%s/", incdir);
		} else {
			np_strv_push(&a, b->h.copy);
			np_strv_pushf(&a, "%s/%s", incdir, np_path_basename(b->h.copy));
		}
		if (!np_fs_mkdirs(incdir, err) || !np_driver_step(&job, "install", b->crate, &a, err))
			goto out;
	}
	if (b->h.cbindgen) {
		out_file = np_path_join(incdir, b->h.generated);
		out_dir = np_path_dirname(out_file);
		np_strv_release(&a);
		np_strv_push(&a, "cbindgen");
		np_strv_pushf(&a, "--config=%s", b->h.cbindgen);
		np_strv_pushf(&a, "--crate=%s", b->c.package);
		np_strv_pushf(&a, "--output=%s", out_file);
		np_strv_push(&a, b->crate);
		if (!np_fs_mkdirs(out_dir, err) || !np_driver_step(&job, "install", b->crate, &a, err))
			goto out;
	}
	ok = write_record(root, &b->c, b->name, &b->native, err);
out:
	np_strv_release(&a);
	np_strv_release(&files);
	free(root), free(incdir), free(out_file), free(out_dir);
	return ok;
}

/* s as one sh word. */
static void
sh_quote(struct np_buf *b, const char *s)
{
	np_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			np_buf_adds(b, "'\\''");
		else
			np_buf_addc(b, *s);
	}
	np_buf_addc(b, '\'');
}

/*
 * The linker Cargo gives rustc for the target: the toolchain's C compiler, which
 * CARGO_TARGET_<TRIPLE>_LINKER takes as one program. A compiler with arguments (`ccache
 * aarch64-linux-gnu-gcc`), a sysroot or link flags get a script in the build directory that
 * runs it with them. Caller frees; NULL with err when the target has no compiler.
 */
static char *
target_linker(const struct run *b, const struct np_toolchain *tc, struct np_error *err)
{
	const char *cc = np_toolchain_compiler(tc, err);
	const char *sysroot = np_toolchain_get(tc, NP_TOOL_SYSROOT);
	const char *ldflags = np_toolchain_get(tc, NP_TOOL_LDFLAGS);
	struct np_buf text = {0};
	char *path;

	if (cc == NULL) {
		np_error_prefix(err, "%s: cargo links for %s with the target's C compiler",
			b->job.recipe->name, tc->target.rust);
		return NULL;
	}
	if (strpbrk(cc, " \t") == NULL && sysroot == NULL && (ldflags == NULL || *ldflags == '\0'))
		return np_xstrdup(cc);
	path = np_path_join(b->job.build, "rust-linker");
	np_buf_addf(&text, "#!/bin/sh\n# rustc's linker for %s: the toolchain's C compiler\nexec %s",
		tc->target.rust, cc);
	if (sysroot) {
		np_buf_adds(&text, " --sysroot=");
		sh_quote(&text, sysroot);
	}
	np_buf_adds(&text, " \"$@\"");
	if (ldflags && *ldflags)
		np_buf_addf(&text, " %s", ldflags);
	np_buf_addc(&text, '\n');
	if (!np_fs_write_atomic(path, text.data, text.len, err)) {
		free(path);
		path = NULL;
	} else if (chmod(path, 0700) != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot make %s executable: %s", path,
			strerror(errno));
		free(path);
		path = NULL;
	}
	np_buf_release(&text);
	return path;
}

/*
 * A build for a foreign target: `--target <rust triple>` (compile), the target's C compiler as
 * its linker, its outputs under target/<rust triple>/release — and first, a rustc that has the
 * target's standard library, which is not there unless installed for it.
 */
static bool
cross_setup(struct run *b, const struct np_toolchain *tc, struct np_strv *env,
	struct np_error *err)
{
	static const struct {
		const char *var, *value;
	} host_tools[] = {{"HOST_CC", "cc"}, {"HOST_CXX", "c++"}, {"HOST_AR", "ar"},
		{"HOST_CFLAGS", ""}, {"HOST_CXXFLAGS", ""}};
	const char *name = b->job.recipe->name, *rust = tc->target.rust;
	const char *rustc = np_env_get(env, "RUSTC");
	char *argv[] = {(char *)(rustc && *rustc ? rustc : "rustc"), (char *)"--print",
		(char *)"target-libdir", (char *)"--target", (char *)rust, NULL};
	struct np_buf out = {0}, errout = {0};
	char *linker = NULL, *var = NULL, *hint;
	int status = 0;
	bool ok = false;

	if (*rust == '\0')
		return np_error_set(err, NP_EXIT_INPUT, "%s: Rust has no name for the target %s, so "
			"cargo cannot build for it", name, tc->target.gnu);
	if (strcmp(rust, "x86_64-pc-windows-gnu") == 0)
		hint = np_xasprintf("Debian: apt-get install libstd-rust-dev-windows; or rustup target "
			"add %s", rust);
	else
		hint = np_xasprintf("rustup target add %s; Debian's rustc has the standard library of "
			"the host and, with libstd-rust-dev-windows, of x86_64-pc-windows-gnu only", rust);
	if (!capture(argv, NULL, env->v, &out, &errout, &status, err)) {
		np_error_prefix(err, "%s: building with cargo needs 'rustc' (Debian: apt-get install "
			"cargo; or rustup)", name);
		goto out;
	}
	np_buf_rtrim(&out);
	np_buf_rtrim(&errout);
	if (status != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: rustc does not know the target %s (%s): %s",
			name, rust, tc->target.gnu, np_buf_str(&errout));
		goto out;
	}
	if (out.len == 0 || !np_fs_is_dir(np_buf_str(&out))) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: rustc has no standard library for %s (the target "
			"%s): %s is not there; install it (%s)", name, rust, tc->target.gnu,
			out.len ? np_buf_str(&out) : "its target-libdir", hint);
		goto out;
	}
	if ((linker = target_linker(b, tc, err)) == NULL)
		goto out;
	var = np_name_env(rust);
	{
		char *key = np_xasprintf("CARGO_TARGET_%s_LINKER", var);
		np_env_set(env, key, linker);
		free(key);
	}
	/*
	 * Build scripts compile C with the cc crate, which looks for CC_<target>, then TARGET_CC or
	 * HOST_CC (the target's code, or a build script's or proc-macro's own, which run on the
	 * host), then CC: the build's CC is the target's compiler, so the host's tools are named
	 * for the host's code (unless the user named them), and its flags are not the target's.
	 */
	for (size_t i = 0; i < sizeof host_tools / sizeof *host_tools; i++)
		if (np_env_get(env, host_tools[i].var) == NULL)
			np_env_set(env, host_tools[i].var, host_tools[i].value);
	b->target = &tc->target;
	b->out_dir = np_xasprintf("%s/%s/release", b->target_dir, rust);
	ok = true;
out:
	np_buf_release(&out);
	np_buf_release(&errout);
	free(hint), free(linker), free(var);
	return ok;
}

bool
np_cargo_run(const struct np_driver_job *j, const char *crate, struct np_error *err)
{
	const struct np_recipe *r = j->recipe;
	struct run b = {.job = *j, .crate = crate};
	struct np_strv env = {0}, a = {0};
	char *home = np_path_join(j->build, "cargo-home");
	bool ok = false;

	b.manifest = np_path_join(crate, "Cargo.toml");
	b.target_dir = np_path_join(j->build, "target");
	if (!np_fs_is_file(b.manifest)) {
		np_error_set(err, NP_EXIT_INPUT, "%s: the source has no Cargo.toml in %s (a crate, or "
			"\"build.subdir\" naming the crate's directory, is needed)", r->name, crate);
		goto out;
	}
	/*
	 * Cargo's own home and target directory for this build: nothing of the user's Cargo state
	 * is read or written, and dependencies come only from what the crate vendors (offline).
	 */
	np_strv_copy(&env, j->env);
	np_env_set(&env, "CARGO_HOME", home);
	np_env_set(&env, "CARGO_TARGET_DIR", b.target_dir);
	np_env_set(&env, "CARGO_NET_OFFLINE", "true");
	np_env_set(&env, "CARGO_TERM_COLOR", "never");
	np_env_unset(&env, "CARGO_BUILD_TARGET");
	b.job.env = &env;

	if (!inspect(&b, err))
		goto out;
	if (j->toolchain && j->toolchain->foreign) {
		if (!cross_setup(&b, j->toolchain, &env, err))
			goto out;
	} else {
		b.out_dir = np_path_join(b.target_dir, "release");
	}
	b.name = r->build_library ? r->build_library : r->libs.n ? r->libs.v[0] : b.c.lib;
	if (!plan_header(j, crate, b.name, &b.h, err))
		goto out;
	/* cbindgen is there (else the error names its package) before the crate is compiled. */
	if (b.h.cbindgen) {
		struct np_driver_job quiet = b.job;
		np_strv_push(&a, "cbindgen");
		np_strv_push(&a, "--version");
		quiet.stage = NULL;
		if (!np_driver_step(&quiet, "configure", crate, &a, err))
			goto out;
	}
	ok = compile(&b, err) && install(&b, err);
out:
	crate_release(&b.c);
	plan_release(&b.h);
	np_strv_release(&b.native);
	np_strv_release(&env);
	np_strv_release(&a);
	free(b.manifest), free(b.target_dir), free(b.out_dir), free(home);
	return ok;
}

bool
np_cargo_static_args(const struct np_request *req, const char *prefix, struct np_strv *args,
	struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	char *path = np_path_join(prefix, NP_CARGO_RECORD);
	struct np_buf text = {0};
	struct np_json *doc = NULL;
	const struct np_json *list;
	struct np_strv deps = {0}, dep_libs = {0};
	bool ok = false;

	if (!np_fs_read(path, MAX_RECORD, &text, err) ||
		!np_json_parse(np_buf_str(&text), text.len, path, &doc, err))
		goto out;
	list = doc->type == NP_JSON_OBJECT ? np_json_get(doc, "native_static_libs") : NULL;
	if (list == NULL || list->type != NP_JSON_ARRAY) {
		np_error_set(err, NP_EXIT_FAILURE, "%s has no \"native_static_libs\" list", path);
		goto out;
	}
	/* A library a dependency answers is linked through that answer, its own way. */
	if (req->resolved) {
		closure(req->resolved, &r->dependencies.keys, &deps, 0);
		for (size_t i = 0; i < deps.n; i++) {
			const struct np_resolution *d = np_resolution_set_find(req->resolved, deps.v[i]);
			for (size_t k = 0; d && k < d->libs.n; k++)
				np_strv_push_unique(&dep_libs, d->libs.v[k]);
		}
	}
	for (const struct np_json *e = list->child; e; e = e->next) {
		if (e->type != NP_JSON_STRING || e->str[0] != '-') {
			np_error_set(err, NP_EXIT_FAILURE, "%s: \"native_static_libs\" must hold linker "
				"arguments", path);
			goto out;
		}
		if (np_text_starts_with(e->str, "-l") && np_strv_contains(&dep_libs, e->str + 2))
			continue;
		np_strv_push(args, e->str);
	}
	ok = true;
out:
	if (!ok)
		np_error_prefix(err, "%s: the build's record of the crate", r->name);
	np_json_free(doc);
	np_buf_release(&text);
	np_strv_release(&deps);
	np_strv_release(&dep_libs);
	free(path);
	return ok;
}
