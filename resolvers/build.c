/*
 * build: building a package from its recipe (DESIGN §6), and reusing a finished build.
 *
 * The build key hashes everything that changes the bytes and nothing else: the recipe's name,
 * version, source and build section (canonical form), its selected features, the source's
 * sha256, the patches, the link kind, the target, the compiler's identity and the
 * dependencies' answers. One key, one directory under builds/, which exists only once the
 * build is complete: it is installed under a staging directory and renamed into place. A
 * per-key lock makes concurrent processes build once; the others wait and reuse the result.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/proc.h"
#include "core/secret.h"
#include "core/text.h"
#include "core/trust.h"
#include "resolvers/driver.h"
#include "resolvers/archive.h"
#include "resolvers/build.h"
#include "resolvers/cargo.h"
#include "resolvers/cross.h"
#include "resolvers/remote.h"
#include "resolvers/prefix.h"
#include "resolvers/resolver.h"
#include "resolvers/sanity.h"

/* Bumped when a driver or the key's text changes, so old builds stop matching. 3: the key
 * holds the build section, not the whole recipe; CMAKE_INSTALL_LIBDIR is typed. */
#define BUILD_FORMAT 3
/* A marker is a few hundred bytes (the key's text, mostly); anything larger is not one. */
#define MAX_MARKER (1u << 20)

extern char **environ;

bool
np_build_cache(struct np_resolve_ctx *ctx, struct np_inputs *in, struct np_error *err)
{
	if (ctx->cache.root)
		return true;
	if (!np_cache_open(&ctx->cache, in, err))
		return false;
	ctx->fetch.cache = &ctx->cache;
	return true;
}

static void
status(struct np_resolve_ctx *ctx, const char *pkg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void
status(struct np_resolve_ctx *ctx, const char *pkg, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (ctx->status == NULL)
		return;
	va_start(ap, fmt);
	msg = np_xvasprintf(fmt, ap);
	va_end(ap);
	ctx->status(ctx->status_data, pkg, msg);
	free(msg);
}

/* Where $CC's program really is (PATH searched, symlinks resolved), or NULL. */
static char *
compiler_file(const char *program)
{
	const char *path = getenv("PATH");
	struct np_strv dirs = {0};
	char *real = NULL;

	if (strchr(program, '/'))
		return np_path_real(program);
	np_strv_split(&dirs, path ? path : "/usr/bin:/bin", ":");
	for (size_t i = 0; i < dirs.n && real == NULL; i++) {
		char *f = np_path_join(dirs.v[i], program);
		if (access(f, X_OK) == 0)
			real = np_path_real(f);
		free(f);
	}
	np_strv_release(&dirs);
	return real;
}

/*
 * Asking the compiler who it is costs two process starts, which would dominate a cache hit.
 * The answer is kept in the cache under the compiler binary's identity (real path, inode,
 * size, mtime): an upgrade or an alternatives switch is a different file, hence a new answer.
 */
static char *
compiler_memo_path(struct np_resolve_ctx *ctx, const char *cc)
{
	struct np_strv argv = {0};
	char *file, *text, *path = NULL, hex[NP_HASH_HEX_LEN + 1];
	struct stat st;
	struct np_hash *h;

	np_strv_split(&argv, cc, " \t");
	file = argv.n ? compiler_file(argv.v[0]) : NULL;
	if (file && stat(file, &st) == 0 && (h = np_hash_new(NULL)) != NULL) {
		text = np_xasprintf("%s\n%s\n%lu %lu %lld %lld.%09ld", cc, file, (unsigned long)st.st_dev,
			(unsigned long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			st.st_mtim.tv_nsec);
		np_hash_update(h, text, strlen(text));
		np_hash_finish(h, hex);
		path = np_xasprintf("%s/compilers/%.32s", ctx->cache.root, hex);
		free(text);
	}
	free(file);
	np_strv_release(&argv);
	return path;
}

/* "gcc (Debian 12.2.0-14) 12.2.0 / x86_64-linux-gnu": what the compiler says it is. */
static bool
compiler_id(struct np_resolve_ctx *ctx, struct np_inputs *in, struct np_error *err)
{
	struct np_strv argv = {0};
	struct np_buf version = {0}, machine = {0};
	struct np_proc p = {0};
	const char *cc;
	char *memo;
	int status1 = 0, status2 = 0;
	bool ok;

	if (ctx->toolchain)
		np_toolchain_inputs(ctx->toolchain, NP_TOOLS_ALL, in);
	else
		np_inputs_add_env(in, "CC");
	if (ctx->compiler_id)
		return true;
	if (ctx->toolchain) {
		/* The target's compiler (core/toolchain.h); none is an error naming what was tried. */
		if ((cc = np_toolchain_compiler(ctx->toolchain, err)) == NULL)
			return false;
	} else if ((cc = np_inputs_getenv(&ctx->global_inputs, "CC")) == NULL) {
		cc = "cc";
	}
	memo = compiler_memo_path(ctx, cc);
	if (memo && np_fs_read(memo, 4096, &version, NULL) && version.len) {
		ctx->compiler_id = np_buf_detach(&version);
		free(memo);
		return true;
	}
	np_strv_split(&argv, cc, " \t");
	np_strv_push(&argv, "--version");
	p.argv = argv.v;
	p.out = &version;
	ok = np_proc_run(&p, &status1, err);
	free(argv.v[--argv.n]);
	argv.v[argv.n] = NULL;
	np_strv_push(&argv, "-dumpmachine");
	p.argv = argv.v;
	p.out = &machine;
	ok = ok && np_proc_run(&p, &status2, err);
	if (ok && (status1 != 0 || status2 != 0))
		ok = np_error_set(err, NP_EXIT_FAILURE, "the compiler '%s' does not run", cc);
	if (ok) {
		char *nl = strchr(np_buf_str(&version), '\n');
		if (nl)
			*nl = '\0';
		np_buf_rtrim(&machine);
		ctx->compiler_id = np_xasprintf("%s / %s", np_buf_str(&version), np_buf_str(&machine));
		/* Losing the memo only costs the next run two process starts. */
		if (memo)
			np_fs_write_atomic(memo, ctx->compiler_id, strlen(ctx->compiler_id), NULL);
	}
	free(memo);
	np_strv_release(&argv);
	np_buf_release(&version);
	np_buf_release(&machine);
	return ok;
}

const char *
np_build_compiler_id(struct np_resolve_ctx *ctx, struct np_inputs *in, struct np_error *err)
{
	if (!np_build_cache(ctx, in, err) || !compiler_id(ctx, in, err))
		return NULL;
	return ctx->compiler_id;
}

static char *
patch_path(const struct np_recipe *r, size_t i)
{
	char *dir = np_path_dirname(r->path), *p = np_path_join(dir, r->patches.v[i]);
	free(dir);
	return p;
}

/* The dependency's identity in a build key: its own key if nativepkg built it. */
static void
key_dependency(struct np_buf *text, const char *name, const struct np_resolution *dep)
{
	char *id = np_resolution_identity(dep);
	np_buf_addf(text, "dep %s %s\n", name, id);
	free(id);
}

/* The key and (optional) the text it hashes: what a binary cache records as its inputs. */
static bool
build_key(struct np_resolve_ctx *ctx, const struct np_request *req, char key[NP_HASH_HEX_LEN + 1],
	struct np_buf *text_out, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_buf text = {0};
	struct np_hash *h;
	bool ok = false;

	if (!compiler_id(ctx, req->inputs, err))
		return false;
	np_buf_addf(&text, "nativepkg build %d\n", BUILD_FORMAT);
	/*
	 * Only what changes the bytes (docs/building.md): the recipe's name, version, source and
	 * build section — never its discovery or exports, so editing those rewrites the outputs
	 * without a rebuild — nor URLs, whose bytes the sha256 stands for (and which may hold
	 * credentials). The same for a schema-1 recipe and its upgrade.
	 */
	if (!np_recipe_build_json(r, &text, err))
		goto out;
	{
		char *features = np_strv_join(&r->features_selected, " ");
		np_buf_addf(&text, "features %s\n", features);
		free(features);
	}
	np_buf_addf(&text, "source %s\n", r->sha256);
	for (size_t i = 0; i < r->patches.n; i++) {
		char hex[NP_HASH_HEX_LEN + 1], *p = patch_path(r, i);
		bool hashed = np_hash_file(p, hex, err);
		if (hashed) {
			np_inputs_add_file(req->inputs, p);
			np_buf_addf(&text, "patch %s %s\n", r->patches.v[i], hex);
		}
		free(p);
		if (!hashed) {
			np_error_prefix(err, "%s: patch", r->name);
			goto out;
		}
	}
	np_buf_addf(&text, "link %s\ntarget %s\ncompiler %s\n", np_link_name(req->link),
		ctx->config->target, ctx->compiler_id);
	if (r->build_system == NP_BUILD_SYSTEM_CARGO) {
		const char *rust = np_cargo_toolchain_id(ctx, req->inputs, err);
		if (rust == NULL)
			goto out;
		np_buf_addf(&text, "rust\n%s", rust);
	}
	/* What the toolchain sets beyond the host's defaults (none: the key of before). */
	if (ctx->toolchain && *ctx->toolchain->identity)
		np_buf_addf(&text, "toolchain\n%s", ctx->toolchain->identity);
	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const struct np_resolution *dep =
			np_resolution_set_find(req->resolved, r->dependencies.keys.v[i]);
		if (dep)
			key_dependency(&text, r->dependencies.keys.v[i], dep);
	}
	if ((h = np_hash_new(err)) == NULL)
		goto out;
	np_hash_update(h, text.data, text.len);
	np_hash_finish(h, key);
	if (text_out)
		np_buf_add(text_out, text.data, text.len);
	ok = true;
out:
	np_buf_release(&text);
	return ok;
}

/* Why this recipe cannot be built, or NULL. */
static const char *
unbuildable(const struct np_recipe *r)
{
	if (r->implicit)
		return "there is no recipe, only a pkg-config module name";
	if (r->urls.n == 0)
		return "the recipe has no source";
	if (r->build_system == NP_BUILD_SYSTEM_NONE)
		return "the recipe has no build section";
	if (!np_recipe_sha256_known(r))
		return "the recipe's sha256 is unknown";
	return NULL;
}

/*
 * What in a build's directory (the cache, where sources, work directories and prefixes lie)
 * the build systems cannot carry, or NULL. They take paths apart at whitespace (make's targets
 * and prerequisites, CFLAGS and LDFLAGS read from the environment, which is where dependencies'
 * -L and run-time paths go), expand '$' and '#', and configure refuses a source directory
 * holding any of these; ':' separates PKG_CONFIG_PATH's and a run-time path's entries.
 */
static const char *
path_problem(const char *dir)
{
	static const struct {
		char c;
		const char *what;
	} bad[] = {
		{' ', "a space"}, {'\t', "a tab"}, {'\n', "a newline"}, {'\r', "a carriage return"},
		{'"', "a double quote"}, {'\'', "a single quote"}, {'`', "a backquote"},
		{'\\', "a backslash"}, {'$', "a dollar sign"}, {'#', "a hash sign"},
		{'&', "an ampersand"}, {':', "a colon"},
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (strchr(dir, bad[i].c))
			return bad[i].what;
	return NULL;
}

/* Refuses a build under a cache whose path the build systems would take apart (path_problem). */
static bool
check_build_path(const struct np_resolve_ctx *ctx, const char *pkg, const char *dir,
	struct np_error *err)
{
	const char *what = path_problem(dir);

	if (!what)
		return true;
	return np_error_set(err, NP_EXIT_INPUT,
		"%s: cannot build in '%s' (the cache, from %s): its path holds %s, which build "
		"systems split or expand in compiler flags, make rules and search paths; set "
		"NATIVEPKG_CACHE_DIR to a directory whose path has no whitespace and none of "
		"\" ' ` \\ $ # & :", pkg, dir, ctx->cache.origin ? ctx->cache.origin : "?", what);
}

/*
 * Whether dir is a finished build of req with this key: a directory of nativepkg's own
 * (trust.h) whose marker is a regular file of yours, not a symlink, naming this package,
 * version, link kind and key. A marker is written only by nativepkg, after verification
 * (write_marker), so anything else there — `{}` planted in the cache, a file of that name out
 * of a source tree, a stale one — is not a build. *why (caller-freed) says what it is instead.
 */
static bool
reusable(const struct np_request *req, const char *dir, const char *key, char **why)
{
	const struct np_recipe *r = req->recipe;
	char *path = np_path_join(dir, NP_BUILD_MARKER);
	struct np_error e = {0};
	struct np_buf text = {0};
	struct np_json *doc = NULL;
	const char *bad = NULL;
	int fd = -1;
	bool ok = false;

	*why = NULL;
	if (!np_trust_own_dir(dir, &bad)) {
		*why = np_xasprintf("%s is not a build of nativepkg's: %s", dir, bad);
		goto out;
	}
	if ((fd = np_trust_open(path, O_RDONLY, 0, &e)) < 0) {
		*why = errno == ENOENT ? np_xasprintf("%s has no marker (an unfinished build)", dir)
				       : np_xstrdup(e.msg);
		goto out;
	}
	for (;;) {
		char chunk[4096];
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || text.len + (size_t)n > MAX_MARKER) {
			if (n != 0)
				*why = np_xasprintf("%s cannot be read whole", path);
			break;
		}
		np_buf_add(&text, chunk, (size_t)n);
	}
	if (*why)
		goto out;
	if (!np_json_parse(text.data ? text.data : "", text.len, path, &doc, NULL) ||
		doc->type != NP_JSON_OBJECT) {
		*why = np_xasprintf("%s is not a marker nativepkg wrote", path);
		goto out;
	}
	{
		const char *want[][2] = {{"name", r->name}, {"version", r->version},
			{"link", np_link_name(req->link)}, {"key", key}};
		for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
			const struct np_json *v = np_json_get(doc, want[i][0]);
			if (v == NULL || v->type != NP_JSON_STRING || strcmp(v->str, want[i][1]) != 0) {
				*why = np_xasprintf("%s is not the marker of this build (its \"%s\" differs)",
					path, want[i][0]);
				goto out;
			}
		}
	}
	ok = true;
out:
	if (fd >= 0)
		close(fd);
	np_json_free(doc);
	np_buf_release(&text);
	np_error_release(&e);
	free(path);
	return ok;
}

/* Whether path is a regular file (symlinks followed) that stays inside real_dir. */
static bool
inside_file(const char *path, const char *real_dir)
{
	char *real = np_path_real(path);
	size_t n = strlen(real_dir);
	struct stat st;
	bool ok = real && strncmp(real, real_dir, n) == 0 && real[n] == '/' &&
		stat(real, &st) == 0 && S_ISREG(st.st_mode);

	free(real);
	return ok;
}

bool
np_build_verify_prefix(const struct np_target *t, const struct np_request *req, const char *dir,
	struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	bool want_static = req->link == NP_LINK_STATIC;
	const char *kind = want_static ? "static" : "shared";
	struct np_strv libdirs = {0};
	char *real = np_path_real(dir);
	struct np_strv want = {0};
	bool ok = false;

	if (real == NULL) {
		np_error_set(err, NP_EXIT_FAILURE, "there is no prefix %s", dir);
		goto out;
	}
	for (size_t i = 0; i < r->headers.n; i++) {
		char *rel = np_recipe_header_include(r, i), *h = np_xasprintf("%s/include/%s", dir, rel);
		bool there = inside_file(h, real);
		free(h);
		if (!there) {
			np_error_set(err, NP_EXIT_FAILURE, "no header include/%s", rel);
			free(rel);
			goto out;
		}
		free(rel);
	}
	/* The libraries linked, and every component's: a build holds all of them. */
	np_strv_copy(&want, &req->libs);
	for (size_t i = 0; i < r->components.n; i++)
		np_strv_push_unique(&want, r->components.v[i].lib);
	if (want.n == 0) {
		np_error_set(err, NP_EXIT_FAILURE, "no library names to look for (the recipe lists none)");
		goto out;
	}
	/* Each under one of the target's names for it (libz.so, libz.dll.a, libz.a). */
	np_target_lib_dirs(t, &libdirs);
	for (size_t d = 0; d < libdirs.n && !ok; d++) {
		ok = true;
		for (size_t i = 0; i < want.n && ok; i++) {
			struct np_strv names = {0};
			np_target_library_names(t, want.v[i], want_static, &names);
			ok = false;
			for (size_t k = 0; k < names.n && !ok; k++) {
				char *lib = np_xasprintf("%s/%s/%s", dir, libdirs.v[d], names.v[k]);
				ok = inside_file(lib, real);
				free(lib);
			}
			np_strv_release(&names);
		}
	}
	if (!ok) {
		struct np_strv files = {0};
		char *list;
		for (size_t i = 0; i < want.n; i++) {
			const struct np_component *c = np_components_find_lib(&r->components, want.v[i]);
			struct np_strv names = {0};
			np_target_library_names(t, want.v[i], want_static, &names);
			if (c && strcmp(c->name, c->lib) != 0)
				np_strv_push_owned(&files, np_xasprintf("%s (component %s)", names.v[0],
					c->name));
			else
				np_strv_push(&files, names.v[0]);
			np_strv_release(&names);
		}
		list = np_strv_join(&files, ", ");
		np_error_set(err, NP_EXIT_FAILURE, "no %s librar%s %s in lib/, lib64/%s%s%s", kind,
			want.n > 1 ? "ies" : "y", list, *t->multiarch ? " or lib/" : "",
			t->multiarch, *t->multiarch ? "/" : "");
		free(list);
		np_strv_release(&files);
	}
	/* A Rust library's record says what its static link needs (cargo.h). */
	if (ok && r->build_system == NP_BUILD_SYSTEM_CARGO) {
		struct np_strv args = {0};
		ok = np_cargo_static_args(req, dir, &args, err);
		np_strv_release(&args);
	}
out:
	np_strv_release(&libdirs);
	np_strv_release(&want);
	free(real);
	return ok;
}

/*
 * Takes write permission from everyone but the owner, everywhere in the prefix (an install
 * under umask 002 makes group-writable directories): a finished build is trusted only when
 * nobody else can change it. Symlinks are not followed.
 */
static void
seal(int parent, const char *name)
{
	struct stat st;
	DIR *d;
	int fd;

	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(st.st_mode))
		return;
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		fchmodat(parent, name, st.st_mode & 07755, 0);
	if (!S_ISDIR(st.st_mode))
		return;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			seal(dirfd(d), e->d_name);
	closedir(d);
}

/* The resolution of a finished build: its prefix (the runtime path comes with linkage.h). */
bool
np_build_resolve_prefix(struct np_resolve_ctx *ctx, const struct np_request *req,
	const char *dir, const char *key, enum np_method method, struct np_trace_step *step,
	struct np_resolution *out, struct np_error *err)
{
	char *origin = np_xasprintf("the build in %s", dir);
	struct np_prefix p = {.root = dir, .origin = origin, .version = req->recipe->version,
		.missing_code = NP_EXIT_FAILURE};
	struct np_strv static_args = {0};
	bool ok = true;

	if (req->recipe->build_system == NP_BUILD_SYSTEM_CARGO) {
		ok = np_cargo_static_args(req, dir, &static_args, err);
		p.static_args = &static_args;
	}
	ok = ok && np_prefix_resolve(ctx, req, &p, step, out, err);
	np_strv_release(&static_args);
	free(origin);
	if (ok) {
		out->build_key = np_xstrdup(key);
		out->method = method;
	}
	return ok;
}

bool
np_cache_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "cache");
	const char *why = unbuildable(r);
	char key[NP_HASH_HEX_LEN + 1], *dir, *bad = NULL;
	struct stat st;
	bool ok;

	*found = false;
	if (why) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED, "%s", why);
		return true;
	}
	if (!np_build_cache(ctx, req->inputs, err) || !build_key(ctx, req, key, NULL, err))
		return false;
	dir = np_cache_build_dir(&ctx->cache, r->name, r->version, key);
	np_trace_note(step, "build key %s", key);
	if (lstat(dir, &st) != 0) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED,
			"no finished build at %s", dir);
		free(dir);
		return true;
	}
	/* In use from here to the end of the run: `cache clean` leaves it alone (cache.h). */
	if (!np_cache_use(&ctx->cache, np_cache_build_entry(&ctx->cache, dir), ctx->lock_timeout,
		    err)) {
		free(dir);
		return false;
	}
	if (!reusable(req, dir, key, &bad)) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED, "%s", bad);
		free(bad);
		free(dir);
		return true;
	}
	/*
	 * The key holds what changes the bytes; a recipe that now names more than its build made
	 * (a component added, a header) without changing how it builds asks for something this
	 * build cannot give, and no other build has the key.
	 */
	{
		struct np_error e = {0};
		if (!np_build_verify_prefix(&ctx->config->tgt, req, dir, &e)) {
			np_error_set(err, NP_EXIT_FAILURE, "%s: the finished build %s does not hold what "
				"the recipe names now (%s), and its build section, which makes another "
				"build, did not change: change the build's options so that it installs it",
				r->name, dir, e.msg);
			np_error_release(&e);
			free(dir);
			return false;
		}
	}
	ok = np_build_resolve_prefix(ctx, req, dir, key, NP_METHOD_CACHE, step, out, err);
	if (ok) {
		*found = true;
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_ACCEPTED, "finished build %s", dir);
	}
	free(dir);
	return ok;
}

/* ${DEP_<LINKS>_<KEY>} in build options, from the dependencies' answers. */
static bool
substitute(const char *pkg, const char *in, const struct np_kv *vars, struct np_strv *out,
	struct np_error *err)
{
	struct np_buf b = {0};

	for (const char *p = in; *p;) {
		const char *end;
		if (p[0] == '$' && p[1] == '{' && (end = strchr(p, '}')) != NULL) {
			char *name = np_xstrndup(p + 2, (size_t)(end - p - 2));
			const char *value = np_kv_get(vars, name);
			if (value == NULL) {
				np_error_set(err, NP_EXIT_INPUT, "%s: build option \"%s\" uses ${%s}, which no "
					"dependency provides", pkg, in, name);
				free(name);
				np_buf_release(&b);
				return false;
			}
			np_buf_adds(&b, value);
			free(name);
			p = end + 1;
		} else {
			np_buf_addc(&b, *p++);
		}
	}
	np_strv_push_owned(out, np_buf_detach(&b));
	return true;
}

/* The value of name in env, with extra appended after a space. */
static char *
env_plus(const struct np_strv *env, const char *name, const char *extra)
{
	const char *v = np_env_get(env, name);

	if (v && *v)
		return *extra ? np_xasprintf("%s %s", v, extra) : np_xstrdup(v);
	return np_xstrdup(extra);
}

struct build_inputs {
	struct np_strv env;
	struct np_strv options;
	struct np_strv make_vars;
	struct np_strv prefix_path;
	struct np_strv rpath;
	struct np_strv cross; /* a cross build's configure arguments (cross.h) */
};

/*
 * The toolchain passed explicitly, the dependencies' directories, and their DEP_ values —
 * so a build sees the same libraries the consumers will link.
 */
static bool
prepare(struct np_resolve_ctx *ctx, const struct np_request *req, const char *prefix,
	struct build_inputs *b, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_kv vars = {0};
	struct np_buf cppflags = {0}, ldflags = {0}, pcpath = {0};
	const char *cc = np_inputs_getenv(&ctx->global_inputs, "CC");
	bool want_static = req->link == NP_LINK_STATIC;
	char *v;
	bool ok = false;

	for (char **e = environ; *e; e++)
		if (strncmp(*e, "MAKEFLAGS=", 10) != 0 && strncmp(*e, "MFLAGS=", 7) != 0 &&
			strncmp(*e, "DESTDIR=", 8) != 0)
			np_strv_push(&b->env, *e);
	np_strv_push_owned(&b->rpath, np_xasprintf("%s/lib", prefix));
	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const struct np_resolution *dep =
			np_resolution_set_find(req->resolved, r->dependencies.keys.v[i]);
		if (dep == NULL)
			continue;
		if (!np_resolution_vars(dep, &vars, err))
			goto out;
		for (size_t k = 0; k < dep->include_dirs.n; k++)
			np_buf_addf(&cppflags, "%s-I%s", cppflags.len ? " " : "", dep->include_dirs.v[k]);
		/*
		 * The loader's default directories get neither: -L/usr/lib/<multiarch> before a built
		 * dependency's directory would link the system copy, and in a RUNPATH it would load
		 * it (RUNPATH is searched in order). The linker and the loader look there anyway.
		 */
		for (size_t k = 0; k < dep->lib_dirs.n; k++) {
			if (np_loader_is_default(&ctx->loader, dep->lib_dirs.v[k]))
				continue;
			if (np_target_is_windows(&ctx->config->tgt))
				np_buf_addf(&ldflags, "%s-L%s", ldflags.len ? " " : "", dep->lib_dirs.v[k]);
			else
				np_buf_addf(&ldflags, "%s-L%s -Wl,-rpath,%s", ldflags.len ? " " : "",
					dep->lib_dirs.v[k], dep->lib_dirs.v[k]);
			np_strv_push_unique(&b->rpath, dep->lib_dirs.v[k]);
		}
		if (dep->prefix) {
			np_strv_push(&b->prefix_path, dep->prefix);
			np_buf_addf(&pcpath, "%s/lib/pkgconfig:%s/share/pkgconfig:", dep->prefix,
				dep->prefix);
		}
	}
	/*
	 * Then the same places relative to the library itself, which survive a move to another
	 * cache (a binary cache's copy): builds are siblings under builds/. Only CMake passes
	 * $ORIGIN through unharmed; configure, make and libtool each expand '$'.
	 */
	np_strv_push(&b->rpath, "$ORIGIN/../lib");
	for (size_t i = 0; i < r->dependencies.keys.n; i++) {
		const struct np_resolution *dep =
			np_resolution_set_find(req->resolved, r->dependencies.keys.v[i]);
		if (dep && dep->build_key && dep->prefix)
			np_strv_push_owned(&b->rpath, np_xasprintf("$ORIGIN/../../%s/lib",
				np_path_basename(dep->prefix)));
	}
	for (size_t i = 0; i < vars.keys.n; i++)
		np_env_set(&b->env, vars.keys.v[i], vars.values.v[i]);
	if (!np_target_is_windows(&ctx->config->tgt))
		np_buf_addf(&ldflags, "%s-Wl,-rpath,%s/lib", ldflags.len ? " " : "", prefix);

	/* Static archives may end up in shared objects (Python extensions): position-independent. */
	if (ctx->toolchain) {
		/* The target's tools and flags, and for a cross build nothing of the host's. */
		np_cross_env(ctx->toolchain, want_static ? "-fPIC" : "", &b->env);
	} else {
		np_env_set(&b->env, "CC", cc ? cc : "cc");
		np_env_set(&b->env, "CXX", getenv("CXX") ? getenv("CXX") : "c++");
		np_env_set(&b->env, "AR", getenv("AR") ? getenv("AR") : "ar");
		v = env_plus(&b->env, "CFLAGS", want_static ? "-fPIC" : "");
		np_env_set(&b->env, "CFLAGS", v);
		free(v);
		v = env_plus(&b->env, "CXXFLAGS", want_static ? "-fPIC" : "");
		np_env_set(&b->env, "CXXFLAGS", v);
		free(v);
	}
	v = env_plus(&b->env, "CPPFLAGS", np_buf_str(&cppflags));
	np_env_set(&b->env, "CPPFLAGS", v);
	free(v);
	v = env_plus(&b->env, "LDFLAGS", np_buf_str(&ldflags));
	np_env_set(&b->env, "LDFLAGS", v);
	free(v);
	v = np_xasprintf("%s%s", np_buf_str(&pcpath), np_toolchain_get(ctx->toolchain,
		NP_TOOL_PKG_CONFIG_PATH) ? np_toolchain_get(ctx->toolchain, NP_TOOL_PKG_CONFIG_PATH) :
		!ctx->toolchain && getenv("PKG_CONFIG_PATH") ? getenv("PKG_CONFIG_PATH") : "");
	np_env_set(&b->env, "PKG_CONFIG_PATH", v);
	free(v);

	for (size_t i = 0; i < r->build_options.n; i++)
		if (!substitute(r->name, r->build_options.v[i], &vars, &b->options, err))
			goto out;
	{
		const struct np_strv *kind = want_static ? &r->build_static_options
							 : &r->build_shared_options;
		for (size_t i = 0; i < kind->n; i++)
			if (!substitute(r->name, kind->v[i], &vars, &b->options, err))
				goto out;
	}
	/* Typed cache entries last, so they win over nativepkg's own (-DNAME:TYPE=value). */
	for (size_t i = 0; i < r->cmake_cache.keys.n; i++) {
		char *entry = np_xasprintf("-D%s=%s", r->cmake_cache.keys.v[i],
			r->cmake_cache.values.v[i]);
		bool done = substitute(r->name, entry, &vars, &b->options, err);
		free(entry);
		if (!done)
			goto out;
	}
	for (size_t i = 0; i < r->make_variables.keys.n; i++) {
		char *entry = np_xasprintf("%s=%s", r->make_variables.keys.v[i],
			r->make_variables.values.v[i]);
		bool done = substitute(r->name, entry, &vars, &b->make_vars, err);
		free(entry);
		if (!done)
			goto out;
	}
	ok = true;
out:
	np_kv_release(&vars);
	np_buf_release(&cppflags);
	np_buf_release(&ldflags);
	np_buf_release(&pcpath);
	return ok;
}

static void
release_inputs(struct build_inputs *b)
{
	np_strv_release(&b->env);
	np_strv_release(&b->options);
	np_strv_release(&b->make_vars);
	np_strv_release(&b->prefix_path);
	np_strv_release(&b->rpath);
	np_strv_release(&b->cross);
}

static bool
apply_patches(const struct np_recipe *r, const char *src, const char *log, int log_fd,
	struct np_error *err)
{
	for (size_t i = 0; i < r->patches.n; i++) {
		char *file = patch_path(r, i);
		char *argv[] = {(char *)"patch", (char *)"-p1", (char *)"-N", (char *)"-d", (char *)src,
			(char *)"-i", file, NULL};
		struct np_proc p = {.argv = argv, .out_fd = log_fd};
		int status;
		bool ok = np_proc_run(&p, &status, err);
		if (ok && status != 0)
			ok = np_error_set(err, NP_EXIT_FAILURE, "%s: patch %s does not apply (see %s)",
				r->name, r->patches.v[i], log);
		free(file);
		if (!ok)
			return false;
	}
	return true;
}

/*
 * The marker of a finished build, written into its verified prefix just before the rename:
 * name, version, key, link kind, source sha256 and the key's text (without credentials). It
 * is nativepkg's alone: whatever the install left under that name is removed first, and the
 * file is created new (O_EXCL), never through a symlink.
 */
static bool
write_marker(const struct np_request *req, const char *dir, const char *key, const char *inputs,
	struct np_error *err)
{
	struct np_json *o = np_json_new(NP_JSON_OBJECT);
	struct np_buf text = {0};
	char *path = np_path_join(dir, NP_BUILD_MARKER);
	bool ok;
	int fd = -1;

	np_json_add_string(o, "name", req->recipe->name);
	np_json_add_string(o, "version", req->recipe->version);
	np_json_add_string(o, "key", key);
	np_json_add_string(o, "link", np_link_name(req->link));
	np_json_add_string(o, "source_sha256", req->recipe->sha256);
	np_json_add_string(o, "inputs", inputs);
	ok = np_json_print(o, true, &text, err);
	if (ok && unlink(path) != 0 && errno != ENOENT)
		ok = np_error_set(err, NP_EXIT_FAILURE, "%s: cannot remove %s, which the install put "
			"there: %s", req->recipe->name, path, strerror(errno));
	if (ok && (fd = np_trust_open(path, O_WRONLY | O_CREAT | O_EXCL, 0644, err)) < 0)
		ok = false;
	if (ok && write(fd, text.data, text.len) != (ssize_t)text.len)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot write %s: %s", path, strerror(errno));
	if (fd >= 0 && close(fd) != 0 && ok)
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot write %s: %s", path, strerror(errno));
	np_json_free(o);
	np_buf_release(&text);
	free(path);
	return ok;
}

struct np_build_job {
	const struct np_request *req;
	const struct np_target *target; /* the one built for (borrowed from the configuration) */
	char key[NP_HASH_HEX_LEN + 1];
	char *final;
	struct np_buf inputs; /* the text the key hashes, recorded in the marker */
	struct np_trace_step *step;
	char *label;
	void (*stage)(void *data, const char *name);
	void *stage_data;
	bool trial;           /* np_build_trial: installed as it is, nothing verified or kept */
};

const char *
np_build_job_label(const struct np_build_job *j)
{
	return j->label;
}

const struct np_recipe *
np_build_job_recipe(const struct np_build_job *j)
{
	return j->req->recipe;
}

struct np_trace_step *
np_build_job_step(const struct np_build_job *j)
{
	return j->step;
}

static void
stage(const struct np_build_job *j, const char *name)
{
	if (j->stage)
		j->stage(j->stage_data, name);
}

/*
 * The last steps of a build or a restore: the prefix staged in `staged` is verified, sealed,
 * marked and renamed to `final` — which must not exist: nothing but this rename puts anything
 * there (a build that wrote there was caught before).
 */
static bool
commit(const struct np_build_job *j, const char *staged, struct np_error *err)
{
	const struct np_recipe *r = j->req->recipe;
	struct stat st;

	if (!j->trial && !np_build_verify_prefix(j->target, j->req, staged, err))
		return false;
	seal(AT_FDCWD, staged);
	if (!j->trial && !write_marker(j->req, staged, j->key, np_buf_str(&j->inputs), err))
		return false;
	if (lstat(j->final, &st) == 0)
		return np_error_set(err, NP_EXIT_FAILURE, "%s: %s appeared while the build was being "
			"verified; nothing was kept", r->name, j->final);
	/* The commit point: the directory appears complete, or not at all. */
	if (rename(staged, j->final) != 0)
		return np_error_set(err, NP_EXIT_FAILURE, "%s: cannot move the build to %s: %s",
			r->name, j->final, strerror(errno));
	return true;
}

/*
 * A build that wrote into its final prefix instead of the staging directory: its build system
 * ignores DESTDIR. What it wrote is removed (it was never verified, and the next run must not
 * take it for a build), and this is the error — in front of the build's own, if it failed too.
 */
static bool
wrote_final(struct np_resolve_ctx *ctx, const struct np_build_job *j, const char *destdir,
	const char *log, struct np_error *err)
{
	const struct np_recipe *r = j->req->recipe;
	struct np_error removed = {0};
	struct stat st;
	char *msg;

	if (lstat(j->final, &st) != 0)
		return false;
	np_cache_discard(&ctx->cache, j->final, &removed);
	msg = np_xasprintf("%s: the build wrote into its final prefix %s instead of under DESTDIR "
		"(%s): its build system ignores DESTDIR, so what it wrote there %s; make its install "
		"honour DESTDIR (see %s)%s%s", r->name, j->final, destdir, np_error_isset(&removed) ?
		"could not all be removed" : "was removed", log, err->msg ? "\n" : "",
		err->msg ? err->msg : "");
	free(err->msg);
	err->msg = msg;
	err->code = NP_EXIT_FAILURE;
	np_error_release(&removed);
	return true;
}

static bool
build(struct np_resolve_ctx *ctx, const struct np_build_job *j, unsigned jobs,
	struct np_error *err)
{
	const struct np_request *req = j->req;
	const struct np_recipe *r = req->recipe;
	struct build_inputs b = {0};
	char *work = np_cache_tmp(&ctx->cache, "build"), *src = np_path_join(work, "src");
	char *bdir = np_path_join(work, "build"), *stage_dir = np_path_join(work, "stage");
	char *log = np_cache_log(&ctx->cache, r->name, r->version, j->key), *archive = NULL;
	char *staged = np_xasprintf("%s%s", stage_dir, j->final);
	char *download = np_xasprintf("sha256-%s", r->sha256);
	struct np_extract x = {.strip = (int)r->strip, .max_bytes = ctx->max_extract,
		.max_entries = 1000000};
	int log_fd = -1;
	bool ok = false;

	if (!np_fs_mkdirs(src, err) || !np_fs_mkdirs(bdir, err) || !np_fs_mkdirs(stage_dir, err))
		goto out;
	/*
	 * The log is opened once, new, and written only through this descriptor: whatever is put
	 * at its path meanwhile (a symlink to a file of root's) is never written through.
	 */
	if (unlink(log) != 0 && errno != ENOENT) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot remove the old log %s: %s", log,
			strerror(errno));
		goto out;
	}
	if ((log_fd = np_trust_open(log, O_RDWR | O_CREAT | O_EXCL | O_APPEND, 0600, err)) < 0)
		goto out;
	np_trace_note(j->step, "work directory %s", work);
	np_trace_note(j->step, "log %s", log);
	/* The source is in use until it is extracted: `cache clean` leaves it alone. */
	if (!np_cache_use(&ctx->cache, download, ctx->lock_timeout, err))
		goto out;
	stage(j, "download");
	if (!np_fetch_file(&ctx->fetch, r->name, &r->urls, r->sha256, j->step, &archive, err))
		goto out;
	stage(j, "extract");
	if (!np_extract_archive(&x, archive, src, err))
		goto out;
	if (r->patches.n)
		stage(j, "patch");
	if (!apply_patches(r, src, log, log_fd, err))
		goto out;
	if (!prepare(ctx, req, j->final, &b, err) ||
		!np_cross_args(ctx->toolchain, r, work, &b.env, &b.prefix_path, &b.cross, err))
		goto out;
	if (r->build_system == NP_BUILD_SYSTEM_CARGO) {
		char *crate = r->build_subdir ? np_path_join(src, r->build_subdir) : np_xstrdup(src);
		bool prepared = np_cargo_prepare(ctx, req, work, crate, &b.env, err);
		free(crate);
		if (!prepared)
			goto out;
	}
	status(ctx, r->name, "building %s %s (%s, %s, -j%u); log: %s", r->name, r->version,
		np_build_system_name(r->build_system), np_link_name(req->link), jobs, log);
	{
		struct np_driver_job d = {.recipe = r, .src = src, .build = bdir, .prefix = j->final,
			.destdir = stage_dir, .log = log, .log_fd = log_fd,
			.want_static = req->link == NP_LINK_STATIC, .jobs = jobs, .options = &b.options,
			.make_vars = &b.make_vars,
			.prefix_path = &b.prefix_path, .rpath = &b.rpath, .env = &b.env,
			.cross = &b.cross, .toolchain = ctx->toolchain, .stage = j->stage,
			.stage_data = j->stage_data};
		ok = np_driver_run(&d, err);
	}
	/* Failed or not, a build that wrote into the final prefix is caught here. */
	if (wrote_final(ctx, j, stage_dir, log, err))
		ok = false;
	if (!ok)
		goto out;
	ok = false;
	if (!np_fs_is_dir(staged)) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: the build installed nothing under %s (see %s)",
			r->name, staged, log);
		goto out;
	}
	if (!commit(j, staged, err)) {
		np_error_prefix(err, "%s: the build's install is not complete (see %s)", r->name, log);
		goto out;
	}
	if (!j->trial) {
		/* What it linked that nobody declared (sanity.h): a warning, the build stands. */
		struct np_strv warnings = {0};
		np_sanity_needed(j->target, req, j->final, &warnings);
		for (size_t i = 0; i < warnings.n; i++)
			np_trace_warn(&ctx->trace, "%s", warnings.v[i]);
		np_strv_release(&warnings);
	}
	ok = true;
out:
	if (log_fd >= 0)
		close(log_fd);
	if (getenv("NATIVEPKG_KEEP_WORK") == NULL)
		np_fs_remove_tree(work, NULL);
	release_inputs(&b);
	free(work), free(src), free(bdir), free(stage_dir), free(log), free(archive), free(staged);
	free(download);
	return ok;
}

static void
on_wait(void *data, long holder)
{
	struct np_resolve_ctx *ctx = ((void **)data)[0];
	const char *name = ((void **)data)[1];
	if (holder)
		status(ctx, name, "waiting for process %ld, which is building it", holder);
	else
		status(ctx, name, "waiting for another process, which is building it");
}

/*
 * A binary cache's copy, unpacked and relocated into a staging directory, is verified like a
 * local build, gets its marker and is renamed into place. *restored says whether one was
 * found; a copy that fails verification is a warning, and the package is built here.
 */
static bool
restore(struct np_resolve_ctx *ctx, const struct np_build_job *j, bool *restored,
	struct np_error *err)
{
	char *staged = np_cache_tmp(&ctx->cache, "restore");
	bool ok = np_remote_restore(ctx, j->req, j->key, j->final, staged, j->step, restored, err);

	if (ok && *restored) {
		struct np_error bad = {0};
		if (!np_build_verify_prefix(j->target, j->req, staged, &bad)) {
			np_trace_warn(&ctx->trace, "%s: the binary cache's copy is not complete (%s); "
				"building it here", j->req->recipe->name, bad.msg);
			np_error_release(&bad);
			*restored = false;
		} else {
			ok = commit(j, staged, err);
		}
	}
	np_fs_remove_tree(staged, NULL);
	free(staged);
	return ok;
}

bool
np_build_job_hold(struct np_resolve_ctx *ctx, struct np_build_job *j, struct np_error *err)
{
	const struct np_resolution_set *deps = j->req->resolved;

	if (!np_cache_use(&ctx->cache, np_cache_build_entry(&ctx->cache, j->final),
		    ctx->lock_timeout, err))
		return false;
	for (size_t i = 0; deps && i < deps->n; i++) {
		const struct np_resolution *dep = deps->v[i];
		const char *entry;
		char *marker;
		bool there;
		if (dep->build_key == NULL || dep->prefix == NULL ||
			(entry = np_cache_build_entry(&ctx->cache, dep->prefix)) == NULL)
			continue;
		if (!np_cache_use(&ctx->cache, entry, ctx->lock_timeout, err))
			return false;
		/* Resolved earlier in this run, or read from the lock: a clean may have come between. */
		marker = np_path_join(dep->prefix, NP_BUILD_MARKER);
		there = np_fs_is_file(marker);
		free(marker);
		if (!there)
			return np_error_set(err, NP_EXIT_FAILURE, "%s: the build of %s it needs, %s, was "
				"removed from the cache since it was resolved (nativepkg cache clean?); run "
				"again to build it anew", j->req->recipe->name, dep->name, dep->prefix);
	}
	return true;
}

bool
np_build_job_run(struct np_resolve_ctx *ctx, struct np_build_job *j, unsigned jobs,
	void (*stage_fn)(void *data, const char *name), void *data, enum np_build_outcome *outcome,
	struct np_error *err)
{
	const struct np_recipe *r = j->req->recipe;
	struct np_filelock lock = {0};
	void *wait_data[2] = {ctx, (void *)r->name};
	bool ok = false, restored = false;
	char *why = NULL;
	struct stat st;

	j->stage = stage_fn;
	j->stage_data = data;
	*outcome = NP_BUILD_BUILT;
	stage(j, "lock");
	if (!np_cache_lock(&ctx->cache, j->key, ctx->lock_timeout, on_wait, wait_data, &lock, err))
		goto out;
	/* The process the user started is the one to name to whoever waits. */
	np_filelock_set_holder(&lock, ctx->owner_pid ? ctx->owner_pid : (long)getpid());
	/* Another process may have finished it while we waited. */
	if (reusable(j->req, j->final, j->key, &why)) {
		np_trace_note(j->step, "built meanwhile by another process");
		*outcome = NP_BUILD_REUSED;
		ok = true;
		goto out;
	}
	/*
	 * Anything else there is not a build (reusable() says why): debris, or planted. It goes
	 * before anything runs, so a build that writes there is caught (wrote_final).
	 */
	if (lstat(j->final, &st) == 0) {
		np_trace_note(j->step, "removed: %s", why);
		if (!np_cache_discard(&ctx->cache, j->final, err))
			goto out;
	}
	if (ctx->remotes.n && !ctx->fetch.offline) {
		stage(j, "restore");
		if (!restore(ctx, j, &restored, err))
			goto out;
	}
	if (restored) {
		*outcome = NP_BUILD_RESTORED;
	} else if (ctx->no_local_build) {
		np_error_set(err, NP_EXIT_FAILURE, "%s: no binary cache has %s-%s-%s", r->name,
			r->name, r->version, j->key);
		goto out;
	} else {
		if (!build(ctx, j, jobs ? jobs : 1, err))
			goto out;
		if (ctx->remotes.n)
			stage(j, "push");
		if (!np_remote_push(ctx, r, j->key, np_buf_str(&j->inputs), j->req->link, j->final,
			    j->step, false, err))
			goto out;
	}
	ok = true;
out:
	free(why);
	np_filelock_release(&lock);
	j->stage = NULL;
	j->stage_data = NULL;
	return ok;
}

bool
np_build_job_finish(struct np_resolve_ctx *ctx, struct np_build_job *j,
	enum np_build_outcome outcome, struct np_resolution *out, struct np_error *err)
{
	const struct np_recipe *r = j->req->recipe;

	if (!np_build_resolve_prefix(ctx, j->req, j->final, j->key, outcome == NP_BUILD_BUILT ?
		    NP_METHOD_BUILD : NP_METHOD_CACHE, j->step, out, err))
		return false;
	np_trace_verdict(&ctx->trace, r->name, j->step, NP_VERDICT_ACCEPTED, "%s %s in %s",
		outcome == NP_BUILD_BUILT ? "built" : outcome == NP_BUILD_RESTORED ?
		"restored from a binary cache" : "reused", r->version, j->final);
	return true;
}

void
np_build_job_free(struct np_build_job *j)
{
	if (j == NULL)
		return;
	free(j->final);
	free(j->label);
	np_buf_release(&j->inputs);
	free(j);
}

bool
np_build_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "build");
	const char *why = unbuildable(r);
	struct np_build_job *j;

	(void)out;
	*found = false;
	if (why) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED, "%s", why);
		return true;
	}
	j = np_xcalloc(1, sizeof *j);
	if (!np_build_cache(ctx, req->inputs, err) ||
		!check_build_path(ctx, r->name, ctx->cache.root, err) ||
		!build_key(ctx, req, j->key, &j->inputs, err)) {
		np_build_job_free(j);
		return false;
	}
	j->req = req;
	j->target = &ctx->config->tgt;
	j->step = step;
	j->final = np_cache_build_dir(&ctx->cache, r->name, r->version, j->key);
	j->label = np_xasprintf("%s %s", r->name, r->version);
	np_trace_note(step, "build key %s", j->key);
	ctx->deferred = j;
	return true;
}

bool
np_build_fetch(struct np_resolve_ctx *ctx, const struct np_recipe *recipes, size_t n,
	bool *fetched, struct np_error *err)
{
	struct np_fetch_item *items = np_xcalloc(n + 1, sizeof *items);
	struct np_trace_step **steps = np_xcalloc(n + 1, sizeof *steps);
	struct np_inputs in = {0};
	size_t *at = np_xcalloc(n + 1, sizeof *at), k = 0;
	bool ok = np_build_cache(ctx, &in, err);

	for (size_t i = 0; i < n && ok; i++) {
		const struct np_recipe *r = &recipes[i];
		steps[i] = np_trace_step(&ctx->trace, r->name, "fetch");
		fetched[i] = r->urls.n == 0;
		if (r->urls.n == 0) {
			np_trace_verdict(&ctx->trace, r->name, steps[i], NP_VERDICT_SKIPPED, "no source");
			continue;
		}
		at[k] = i;
		items[k++] = (struct np_fetch_item){.what = r->name, .urls = &r->urls,
			.sha256 = r->sha256, .step = steps[i]};
	}
	if (ok && k)
		np_fetch_files(&ctx->fetch, items, k);
	for (size_t j = 0; j < k; j++) {
		const char *name = recipes[at[j]].name;
		if (items[j].path) {
			fetched[at[j]] = true;
			np_trace_verdict(&ctx->trace, name, steps[at[j]], NP_VERDICT_ACCEPTED, "%s",
				items[j].path);
		} else if (ok) {
			ok = np_error_set(err, items[j].err.code, "%s", items[j].err.msg);
		}
		free(items[j].path);
		np_error_release(&items[j].err);
	}
	free(items);
	free(steps);
	free(at);
	np_inputs_release(&in);
	return ok;
}

bool
np_build_trial(struct np_resolve_ctx *ctx, const struct np_recipe *r, enum np_link link,
	const char *prefix, char **log, struct np_error *err)
{
	struct np_resolution_set none = {0};
	struct np_inputs in = {0};
	struct np_request req = {.recipe = r, .link = link, .resolved = &none, .inputs = &in,
		.runpath = true};
	struct np_build_job j = {.req = &req, .target = &ctx->config->tgt, .trial = true};
	bool ok;

	*log = NULL;
	if (!np_build_cache(ctx, &in, err) || !check_build_path(ctx, r->name, ctx->cache.root, err)) {
		np_inputs_release(&in);
		return false;
	}
	snprintf(j.key, sizeof j.key, "trial");
	j.final = np_xstrdup(prefix);
	j.step = np_trace_step(&ctx->trace, r->name, "trial build");
	j.label = np_xasprintf("%s %s", r->name, r->version);
	ok = build(ctx, &j, ctx->jobs ? ctx->jobs : 1, err);
	*log = np_cache_log(&ctx->cache, r->name, r->version, j.key);
	free(j.final);
	free(j.label);
	np_buf_release(&j.inputs);
	np_inputs_release(&in);
	return ok;
}
