/*
 * pkgconfig: the pkg-config resolver, and the only user of libpkgconf. Queries run in-process
 * with the same client flags, search path and system-directory filtering as the pkgconf
 * command line, so `nativepkg flags` prints what `pkgconf --cflags --libs` prints.
 */
#include <stdlib.h>
#include <string.h>

#include <libpkgconf/libpkgconf.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/sysroot.h"
#include "core/version.h"
#include "resolvers/prefix.h"
#include "resolvers/resolver.h"

#if LIBPKGCONF_VERSION >= 20000
#error "libpkgconf 2.x and later changed the client API: resolvers/pkgconfig.c needs porting"
#endif

struct np_pkgconfig {
	pkgconf_client_t *client;
	pkgconf_cross_personality_t *personality;
	unsigned base_flags;
	bool keep_system_cflags;
	bool keep_system_libs;
	bool pure; /* never merge private fragments (PKG_CONFIG_PURE_DEPGRAPH) */
	int maxdepth;
	const char *sysroot;    /* the target's sysroot (borrowed from the toolchain), or NULL */
	struct np_buf messages; /* what libpkgconf reported during the current query */
	/* Every warning about a malformed .pc file, for as long as the client lives: a file is
	 * parsed once, perhaps while looking for another package than the one that uses it. */
	struct np_strv warnings;
};

/* Every variable libpkgconf or this adapter consults: they can all change an answer. */
static const char *const pkgconf_env[] = {
	"PKG_CONFIG_PATH", "PKG_CONFIG_LIBDIR", "PKG_CONFIG_SYSROOT_DIR",
	"PKG_CONFIG_SYSTEM_INCLUDE_PATH", "PKG_CONFIG_SYSTEM_LIBRARY_PATH",
	"PKG_CONFIG_ALLOW_SYSTEM_CFLAGS", "PKG_CONFIG_ALLOW_SYSTEM_LIBS",
	"PKG_CONFIG_DISABLE_UNINSTALLED", "PKG_CONFIG_PURE_DEPGRAPH",
	"PKG_CONFIG_IGNORE_CONFLICTS", "PKG_CONFIG_DONT_RELOCATE_PATHS",
	"PKG_CONFIG_FDO_SYSROOT_RULES", "PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH", "DESTDIR",
	"LIBRARY_PATH", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH",
};

static bool
collect_message(const char *msg, const pkgconf_client_t *client, const void *data)
{
	struct np_pkgconfig *pc = (struct np_pkgconfig *)data;
	(void)client;
	np_buf_adds(&pc->messages, msg);
	return true;
}

/* A malformed .pc file: kept for explain, and passed on as a warning if an answer uses it. */
static bool
collect_warning(const char *msg, const pkgconf_client_t *client, const void *data)
{
	struct np_pkgconfig *pc = (struct np_pkgconfig *)data;
	size_t n = strlen(msg);

	collect_message(msg, client, data);
	np_strv_push_owned(&pc->warnings, np_xstrndup(msg, n && msg[n - 1] == '\n' ? n - 1 : n));
	return true;
}

const char *
np_pkgconfig_library_version(void)
{
	return LIBPKGCONF_VERSION_STR;
}

/* Whether a toolchain value came from anywhere but the plain variable libpkgconf reads itself. */
static bool
scoped(const struct np_toolchain *tc, enum np_tool t, const char *plain)
{
	char *env = np_xasprintf("env %s", plain);
	bool is = tc->value[t] && strcmp(tc->origin[t], env) != 0;

	free(env);
	return is;
}

/*
 * Whether the search path is the target's rather than libpkgconf's own: for a foreign target,
 * with a sysroot, or with a target-scoped PKG_CONFIG_PATH/_LIBDIR/_SYSROOT_DIR.
 */
static bool
target_search(const struct np_toolchain *tc)
{
	return tc && (tc->foreign || tc->value[NP_TOOL_SYSROOT] ||
		scoped(tc, NP_TOOL_PKG_CONFIG_PATH, "PKG_CONFIG_PATH") ||
		scoped(tc, NP_TOOL_PKG_CONFIG_LIBDIR, "PKG_CONFIG_LIBDIR") ||
		scoped(tc, NP_TOOL_PKG_CONFIG_SYSROOT_DIR, "PKG_CONFIG_SYSROOT_DIR"));
}

/* The directory dir inside the sysroot (none: dir itself). Caller frees. */
static char *
in_sysroot(const char *sysroot, const char *dir)
{
	return sysroot ? np_xasprintf("%s%s", sysroot, dir) : np_xstrdup(dir);
}

/*
 * The target's search path, as a cross pkg-config has it (np_toolchain_pkg_config_dirs: in its
 * sysroot, or for a Debian multiarch target the host's /usr/lib/<triple>/pkgconfig, which its
 * -dev:<arch> packages fill), and the target's system directories to filter, inside the
 * sysroot too (libpkgconf prefixes the sysroot to every -I and -L of a .pc file before
 * comparing).
 */
static void
target_paths(struct np_pkgconfig *pc, const struct np_toolchain *tc)
{
	const struct np_target *t = &tc->target;
	const char *sysroot = np_toolchain_pkg_config_sysroot(tc);
	struct np_strv dirs = {0}, libs = {0}, incs = {0};

	if (sysroot)
		pkgconf_client_set_sysroot_dir(pc->client, sysroot);
	np_toolchain_pkg_config_dirs(tc, &dirs);
	for (size_t i = 0; i < dirs.n; i++)
		pkgconf_path_add(dirs.v[i], &pc->client->dir_list, true);

	/* libpkgconf frees the nodes but leaves the list pointing at them. */
	pkgconf_path_free(&pc->client->filter_libdirs);
	pkgconf_path_free(&pc->client->filter_includedirs);
	pc->client->filter_libdirs = (pkgconf_list_t)PKGCONF_LIST_INITIALIZER;
	pc->client->filter_includedirs = (pkgconf_list_t)PKGCONF_LIST_INITIALIZER;
	if (*t->multiarch) {
		np_strv_push_owned(&libs, np_xasprintf("/usr/lib/%s", t->multiarch));
		np_strv_push_owned(&libs, np_xasprintf("/lib/%s", t->multiarch));
		np_strv_push_owned(&incs, np_xasprintf("/usr/include/%s", t->multiarch));
	}
	if (sysroot) {
		np_strv_push(&libs, "/usr/lib");
		np_strv_push(&libs, "/lib");
		np_strv_push(&incs, "/usr/include");
	}
	for (size_t i = 0; i < libs.n; i++) {
		char *d = in_sysroot(sysroot, libs.v[i]);
		pkgconf_path_add(d, &pc->client->filter_libdirs, false);
		free(d);
	}
	for (size_t i = 0; i < incs.n; i++) {
		char *d = in_sysroot(sysroot, incs.v[i]);
		pkgconf_path_add(d, &pc->client->filter_includedirs, false);
		free(d);
	}
	np_strv_release(&dirs);
	np_strv_release(&libs);
	np_strv_release(&incs);
}

/* Mirrors the pkgconf command line's set-up (cli/main.c in pkgconf 1.8) without options. */
static struct np_pkgconfig *
pkgconfig_new(const struct np_toolchain *tc)
{
	struct np_pkgconfig *pc = np_xcalloc(1, sizeof *pc);
	const char *v;

	pc->personality = pkgconf_cross_personality_default();
	pc->client = pkgconf_client_new(collect_message, pc, pc->personality);
	/*
	 * libpkgconf installs a trace handler that discards messages, but formats each one with
	 * vsnprintf first: a quarter of a query's instructions (callgrind). No handler, no work.
	 */
	pc->client->trace_handler = NULL;
	/* Malformed .pc files produce warnings; keep them for explain instead of dropping them. */
	pkgconf_client_set_warn_handler(pc->client, collect_warning, pc);
	pc->maxdepth = 2000;
	if ((v = getenv("PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH")) != NULL)
		pc->maxdepth = atoi(v);
	if (getenv("PKG_CONFIG_DONT_RELOCATE_PATHS"))
		pc->base_flags |= PKGCONF_PKG_PKGF_DONT_RELOCATE_PATHS;
	if (getenv("PKG_CONFIG_FDO_SYSROOT_RULES"))
		pc->base_flags |= PKGCONF_PKG_PKGF_FDO_SYSROOT_RULES;
	if (getenv("PKG_CONFIG_IGNORE_CONFLICTS"))
		pc->base_flags |= PKGCONF_PKG_PKGF_SKIP_CONFLICTS;
	if (getenv("PKG_CONFIG_DISABLE_UNINSTALLED"))
		pc->base_flags |= PKGCONF_PKG_PKGF_NO_UNINSTALLED;
	if (getenv("PKG_CONFIG_PURE_DEPGRAPH") || pc->personality->want_default_pure)
		pc->pure = true;
	pc->keep_system_cflags = getenv("PKG_CONFIG_ALLOW_SYSTEM_CFLAGS") != NULL;
	pc->keep_system_libs = getenv("PKG_CONFIG_ALLOW_SYSTEM_LIBS") != NULL;
	if (target_search(tc)) {
		pc->sysroot = np_toolchain_pkg_config_sysroot(tc);
		pkgconf_client_set_flags(pc->client, pc->base_flags);
		target_paths(pc, tc);
		return pc;
	}
	if ((v = getenv("PKG_CONFIG_SYSROOT_DIR")) != NULL) {
		const char *destdir = getenv("DESTDIR");
		pkgconf_client_set_sysroot_dir(pc->client, v);
		if (destdir && strcmp(destdir, v) == 0)
			pc->base_flags |= PKGCONF_PKG_PKGF_FDO_SYSROOT_RULES;
	}
	pkgconf_client_set_flags(pc->client, pc->base_flags);
	pkgconf_client_dir_list_build(pc->client, pc->personality);
	return pc;
}

void
np_pkgconfig_free(struct np_pkgconfig *pc)
{
	if (pc == NULL)
		return;
	pkgconf_client_free(pc->client);
	/* The default personality is a static object that deinit would free: leave it alone. */
	np_buf_release(&pc->messages);
	np_strv_release(&pc->warnings);
	free(pc);
}

/*
 * Client flags for one phase, as the pkgconf CLI sets them: cflags always search private
 * requirements; a static link also merges private fragments (unless the graph is pure).
 */
static unsigned
flags_for(const struct np_pkgconfig *pc, bool cflags, bool want_static)
{
	unsigned f = pc->base_flags;

	if (want_static || pc->personality->want_default_static) {
		f |= PKGCONF_PKG_PKGF_SEARCH_PRIVATE;
		if (!pc->pure)
			f |= PKGCONF_PKG_PKGF_MERGE_PRIVATE_FRAGMENTS;
	} else if (cflags) {
		f |= PKGCONF_PKG_PKGF_SEARCH_PRIVATE;
	}
	return f;
}

struct phase {
	struct np_pkgconfig *pc;
	bool cflags;
	struct np_strv *args;     /* filtered, one argument per element */
	struct np_strv *dirs;     /* unfiltered -I or -L directories */
	struct np_strv *names;    /* unfiltered -l names (libs phases) */
	/* Filled by the first phase only. */
	bool describe;
	char *version, *pc_file, *prefix, *module;
	struct np_strv *pc_files;
};

static void
collect_pc_file(pkgconf_client_t *client, pkgconf_pkg_t *pkg, void *data)
{
	(void)client;
	if (pkg->filename && !(pkg->flags & PKGCONF_PKG_PROPF_VIRTUAL)) {
		char *abs = np_path_absolute(pkg->filename);
		np_strv_push_unique(data, abs);
		free(abs);
	}
}

/* A merged fragment ("-framework Foo") holds several arguments separated by spaces. */
static void
push_fragment(struct np_strv *args, const pkgconf_fragment_t *frag)
{
	if (frag->type) {
		np_strv_push_owned(args, np_xasprintf("-%c%s", frag->type, frag->data));
	} else if (frag->merged) {
		np_strv_split(args, frag->data, " ");
	} else {
		np_strv_push(args, frag->data);
	}
}

static bool
apply_phase(pkgconf_client_t *client, pkgconf_pkg_t *world, void *data, int maxdepth)
{
	struct phase *ph = data;
	pkgconf_list_t frags = PKGCONF_LIST_INITIALIZER;
	pkgconf_node_t *node;
	unsigned eflag;
	bool keep = ph->cflags ? ph->pc->keep_system_cflags : ph->pc->keep_system_libs;

	eflag = ph->cflags ? pkgconf_pkg_cflags(client, world, &frags, maxdepth)
			   : pkgconf_pkg_libs(client, world, &frags, maxdepth);
	if (eflag != PKGCONF_PKG_ERRF_OK)
		return false;
	PKGCONF_FOREACH_LIST_ENTRY(frags.head, node) {
		const pkgconf_fragment_t *frag = node->data;
		if (frag->type == (ph->cflags ? 'I' : 'L'))
			np_strv_push_unique(ph->dirs, frag->data);
		if (!ph->cflags && frag->type == 'l' && ph->names)
			np_strv_push(ph->names, frag->data);
		if (!keep && pkgconf_fragment_has_system_dir(client, frag))
			continue;
		push_fragment(ph->args, frag);
	}
	pkgconf_fragment_free(&frags);

	if (ph->describe && world->required.head) {
		pkgconf_dependency_t *dep = world->required.head->data;
		pkgconf_pkg_t *pkg = dep->match;
		if (pkg) {
			const char *prefix = pkgconf_tuple_find(client, &pkg->vars, "prefix");
			ph->module = np_xstrdup(pkg->id);
			ph->version = pkg->version ? np_xstrdup(pkg->version) : NULL;
			ph->pc_file = pkg->filename ? np_path_absolute(pkg->filename) : NULL;
			ph->prefix = prefix ? np_xstrdup(prefix) : NULL;
		}
		pkgconf_pkg_traverse(client, world, collect_pc_file, ph->pc_files, maxdepth, 0);
	}
	return true;
}

/*
 * pkgconf_queue_apply() without its leak: in libpkgconf 1.8 it returns early, without freeing
 * the compiled "world" package, whenever the query fails (valgrind shows the pkgconf command
 * losing the same bytes for a missing module). Same steps, one exit.
 */
static bool
run_phase(struct np_pkgconfig *pc, const char *query, struct phase *ph, unsigned flags)
{
	pkgconf_list_t queue = PKGCONF_LIST_INITIALIZER;
	char id[] = "virtual:world", realname[] = "virtual world package";
	pkgconf_pkg_t world = {.id = id, .realname = realname,
		.flags = PKGCONF_PKG_PROPF_STATIC | PKGCONF_PKG_PROPF_VIRTUAL};
	int maxdepth = pc->maxdepth ? pc->maxdepth : -1;
	bool ok;

	pkgconf_client_set_flags(pc->client, flags);
	pkgconf_queue_push(&queue, query);
	ok = pkgconf_queue_compile(pc->client, &world, &queue) &&
		pkgconf_pkg_verify_graph(pc->client, &world, maxdepth) == PKGCONF_PKG_ERRF_OK &&
		apply_phase(pc->client, &world, ph, maxdepth);
	pkgconf_pkg_free(pc->client, &world);
	pkgconf_queue_free(&queue);
	return ok;
}

/* The recipe's own range and the requested one together. */
static void
wanted_range(const char *recipe_range, const char *requested, struct np_version_range *all)
{
	const char *ranges[2] = {recipe_range, requested};

	memset(all, 0, sizeof *all);
	for (size_t k = 0; k < 2; k++) {
		struct np_version_range r;
		if (ranges[k] && np_version_range_parse(ranges[k], &r, NULL)) {
			np_version_range_add(all, &r);
			np_version_range_release(&r);
		}
	}
}

/* "zlib >= 1.2, zlib < 2": pkg-config's syntax for a module with every constraint of range. */
static char *
query_string(const char *module, const struct np_version_range *range)
{
	struct np_buf q = {0};

	np_buf_adds(&q, module);
	for (size_t i = 0; i < range->n; i++) {
		if (i)
			np_buf_addf(&q, ", %s", module);
		np_buf_addf(&q, " %s %s", np_version_op_str(range->c[i].op), range->c[i].version);
	}
	return np_buf_detach(&q);
}

static void
add_messages(struct np_pkgconfig *pc, struct np_trace_step *step, const char *module)
{
	struct np_strv lines = {0};

	np_strv_split(&lines, np_buf_str(&pc->messages), "\n");
	for (size_t i = 0; i < lines.n; i++)
		np_trace_note(step, "%s: %s", module, lines.v[i]);
	np_strv_release(&lines);
	np_buf_reset(&pc->messages);
}

/*
 * A library file under the target's names for it (libz.so, libz.dll.a, libz.a), searched where
 * the linker would: the package's library directories, then the system ones; symlinks in the
 * sysroot are followed inside it (core/sysroot.h). For a shared object this is the development
 * link's target, which dlopen accepts as well as the link. Caller frees.
 */
static char *
find_library(const struct np_target *t, struct np_pkgconfig *pc, const struct np_strv *lib_dirs,
	const char *lib, bool want_static)
{
	struct np_strv dirs = {0}, names = {0};
	pkgconf_node_t *node;
	char *found = NULL;

	np_strv_copy(&dirs, lib_dirs);
	PKGCONF_FOREACH_LIST_ENTRY(pc->client->filter_libdirs.head, node) {
		const pkgconf_path_t *dir = node->data;
		np_strv_push(&dirs, dir->path);
	}
	np_target_library_names(t, lib, want_static, &names);
	for (size_t i = 0; i < dirs.n && found == NULL; i++) {
		for (size_t k = 0; k < names.n && found == NULL; k++) {
			char *path = np_path_join(dirs.v[i], names.v[k]);
			if (pc->sysroot && np_sysroot_contains(pc->sysroot, path)) {
				if (np_sysroot_is_file(pc->sysroot, path))
					found = np_sysroot_resolve(pc->sysroot, path);
			} else if (np_fs_is_file(path)) {
				found = np_xstrdup(path);
			}
			free(path);
		}
	}
	np_strv_release(&dirs);
	np_strv_release(&names);
	return found;
}

/* The package's own library files: the recipe's libraries, else the module's first. */
static void
own_libraries(const struct np_target *t, struct np_pkgconfig *pc, const struct np_recipe *r,
	bool want_static, struct np_resolution *out, struct np_trace_step *step)
{
	const struct np_strv *names = r->libs.n ? &r->libs : &out->libs;
	size_t n = r->libs.n ? r->libs.n : (out->libs.n ? 1 : 0);

	for (size_t i = 0; i < n; i++) {
		char *file = find_library(t, pc, &out->lib_dirs, names->v[i], want_static), *dll = NULL;
		if (file == NULL)
			continue; /* the static check names what is missing */
		/* A DLL's import library links; the DLL is the runtime library (prefix.h). */
		if (!want_static && np_target_is_windows(t)) {
			char *why = NULL, *dir = np_path_dirname(file);
			dll = np_prefix_find_dll(NULL, dir, file, &why);
			if (why)
				np_trace_note(step, "%s", why);
			free(why);
			free(dir);
		}
		if (i == 0 && !want_static)
			out->dylib = np_xstrdup(dll ? dll : file);
		np_strv_push_owned(&out->lib_files, file);
		if (dll && strcmp(dll, file) != 0)
			np_strv_push(&out->lib_files, dll);
		free(dll);
	}
}

/*
 * Whether a warning ("<file>:<line>: warning: ...") is about one of the files, or about no
 * file at all: libpkgconf parses every .pc file of its path while looking for a module that is
 * not there (for Provides), and those it only passed on the way are none of the user's concern.
 */
static bool
warning_concerns(const char *warning, const struct np_strv *files)
{
	for (const char *colon = strchr(warning, ':'); colon; colon = strchr(colon + 1, ':')) {
		size_t digits = strspn(colon + 1, "0123456789");
		char *file, *abs;
		bool used;
		if (digits == 0 || colon[1 + digits] != ':')
			continue;
		file = np_xstrndup(warning, (size_t)(colon - warning));
		abs = np_path_absolute(file);
		used = np_strv_contains(files, abs);
		free(abs);
		free(file);
		return used;
	}
	return true;
}

static void
note_search_path(struct np_pkgconfig *pc, struct np_trace_step *step)
{
	pkgconf_node_t *node;
	struct np_strv dirs = {0};
	char *joined;

	PKGCONF_FOREACH_LIST_ENTRY(pc->client->dir_list.head, node) {
		const pkgconf_path_t *dir = node->data;
		np_strv_push(&dirs, dir->path);
	}
	joined = np_strv_join(&dirs, ":");
	np_trace_note(step, "search path: %s", dirs.n ? joined : "(empty)");
	free(joined);
	np_strv_release(&dirs);
}

bool
np_pkgconfig_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "pkg-config");
	bool want_static = req->link == NP_LINK_STATIC;
	struct np_strv tried = {0}, used = {0};
	struct np_version_range wanted;
	char *joined, *wanted_text;

	(void)err;
	*found = false;
	if (r->pc_modules.n == 0) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED,
			"the recipe names no pkg-config module");
		return true;
	}
	if (ctx->pkgconfig == NULL)
		ctx->pkgconfig = pkgconfig_new(ctx->toolchain);
	for (size_t i = 0; i < sizeof pkgconf_env / sizeof *pkgconf_env; i++)
		np_inputs_add_env(req->inputs, pkgconf_env[i]);
	if (ctx->toolchain)
		np_toolchain_inputs(ctx->toolchain, NP_TOOLS_PKG_CONFIG, req->inputs);
	note_search_path(ctx->pkgconfig, step);
	wanted_range(r->pc_version, req->range, &wanted);
	wanted_text = np_version_range_text(&wanted);

	for (size_t m = 0; m < r->pc_modules.n && !*found; m++) {
		struct np_pkgconfig *pc = ctx->pkgconfig;
		char *query = query_string(r->pc_modules.v[m], &wanted);
		struct np_strv static_args = {0}, static_names = {0}, ignored = {0}, pc_files = {0};
		struct phase cf = {.pc = pc, .cflags = true, .args = &out->cflags,
			.dirs = &out->include_dirs, .describe = true, .pc_files = &pc_files};
		struct phase lf = {.pc = pc, .args = &out->ldflags, .dirs = &out->lib_dirs,
			.names = &out->libs};
		struct phase sf = {.pc = pc, .args = &static_args, .dirs = &ignored,
			.names = &static_names};

		np_strv_push(&tried, query);
		np_buf_reset(&pc->messages);
		if (!run_phase(pc, query, &cf, flags_for(pc, true, want_static)) ||
			!run_phase(pc, query, &lf, flags_for(pc, false, want_static))) {
			add_messages(pc, step, r->pc_modules.v[m]);
			np_strv_release(&out->cflags);
			np_strv_release(&out->include_dirs);
			np_strv_release(&out->ldflags);
			np_strv_release(&out->lib_dirs);
			np_strv_release(&out->libs);
			np_strv_release(&pc_files);
			free(cf.module), free(cf.version), free(cf.pc_file), free(cf.prefix);
			free(query);
			continue;
		}
		/* The static closure; a missing private dependency only matters for static links. */
		if (want_static) {
			np_strv_copy(&out->static_ldflags, &out->ldflags);
		} else if (run_phase(pc, query, &sf, flags_for(pc, false, true))) {
			np_strv_copy(&out->static_ldflags, &static_args);
		} else {
			np_trace_note(step, "no static closure: %s",
				np_buf_str(&pc->messages));
			np_buf_reset(&pc->messages);
		}
		add_messages(pc, step, r->pc_modules.v[m]);

		*found = true;
		out->version = cf.version;
		out->pc_file = cf.pc_file;
		out->prefix = cf.prefix;
		for (size_t i = 0; i < pc_files.n; i++) {
			np_inputs_add_file(req->inputs, pc_files.v[i]);
			np_trace_note(step, "read %s", pc_files.v[i]);
		}
		np_strv_copy(&used, &pc_files);
		own_libraries(&ctx->config->tgt, pc, r, want_static, out, step);
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_ACCEPTED, "%s %s from %s%s%s",
			cf.module, cf.version ? cf.version : "(no version)", cf.pc_file ? cf.pc_file : "?",
			wanted.n ? ", wanted " : "", wanted.n ? wanted_text : "");
		free(cf.module);
		np_strv_release(&static_args);
		np_strv_release(&static_names);
		np_strv_release(&ignored);
		np_strv_release(&pc_files);
		free(query);
	}
	if (!*found) {
		joined = np_strv_join(&tried, "; ");
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED, "no module satisfies %s",
			joined);
		free(joined);
	}
	/* Every warning stays in explain (the step's notes); a warning is shown about the files
	 * this answer used only. */
	for (size_t i = 0; *found && i < ctx->pkgconfig->warnings.n; i++)
		if (warning_concerns(ctx->pkgconfig->warnings.v[i], &used))
			np_trace_warn(&ctx->trace, "%s", ctx->pkgconfig->warnings.v[i]);
	np_strv_release(&used);
	np_strv_release(&tried);
	np_version_range_release(&wanted);
	free(wanted_text);
	return true;
}

/*
 * A client for reading one file on its own: no search path, the default personality (the
 * same as the resolver's), messages dropped (a broken file is an error of its own).
 */
static bool
read_pc(const char *path, bool (*use)(pkgconf_client_t *client, pkgconf_pkg_t *pkg, void *data),
	void *data, struct np_error *err)
{
	pkgconf_client_t *client = pkgconf_client_new(NULL, NULL, pkgconf_cross_personality_default());
	pkgconf_pkg_t *pkg;
	FILE *f = fopen(path, "r");
	bool ok;

	if (f == NULL) {
		pkgconf_client_free(client);
		return np_error_set(err, NP_EXIT_FAILURE, "cannot read %s", path);
	}
	client->trace_handler = NULL;
	pkg = pkgconf_pkg_new_from_file(client, path, f); /* closes f */
	ok = pkg != NULL;
	if (!ok)
		np_error_set(err, NP_EXIT_INPUT, "%s is not a pkg-config file", path);
	else
		ok = use(client, pkg, data);
	if (pkg)
		pkgconf_pkg_unref(client, pkg);
	pkgconf_client_free(client);
	return ok;
}

static bool
take_version(pkgconf_client_t *client, pkgconf_pkg_t *pkg, void *data)
{
	(void)client;
	*(char **)data = pkg->version && *pkg->version ? np_xstrdup(pkg->version) : NULL;
	return true;
}

bool
np_pkgconfig_file_version(const char *path, char **version, struct np_error *err)
{
	*version = NULL;
	return read_pc(path, take_version, version, err);
}

static void
fragments(const pkgconf_list_t *list, struct np_strv *out)
{
	pkgconf_node_t *node;

	PKGCONF_FOREACH_LIST_ENTRY(list->head, node)
		push_fragment(out, node->data);
}

static void
requirements(const pkgconf_list_t *list, struct np_strv *out)
{
	pkgconf_node_t *node;

	PKGCONF_FOREACH_LIST_ENTRY(list->head, node) {
		const pkgconf_dependency_t *dep = node->data;
		if (dep->package)
			np_strv_push_unique(out, dep->package);
	}
}

static bool
take_info(pkgconf_client_t *client, pkgconf_pkg_t *pkg, void *data)
{
	struct np_pc_info *info = data;

	(void)client;
	info->version = pkg->version && *pkg->version ? np_xstrdup(pkg->version) : NULL;
	fragments(&pkg->cflags, &info->cflags);
	fragments(&pkg->libs, &info->libs);
	requirements(&pkg->required, &info->requires);
	requirements(&pkg->requires_private, &info->requires);
	return true;
}

bool
np_pkgconfig_read_file(const char *path, struct np_pc_info *out, struct np_error *err)
{
	const char *base = np_path_basename(path);
	size_t n = strlen(base);

	memset(out, 0, sizeof *out);
	out->module = np_xstrndup(base, n > 3 && strcmp(base + n - 3, ".pc") == 0 ? n - 3 : n);
	if (read_pc(path, take_info, out, err))
		return true;
	np_pc_info_release(out);
	return false;
}

void
np_pc_info_release(struct np_pc_info *info)
{
	free(info->module);
	free(info->version);
	np_strv_release(&info->cflags);
	np_strv_release(&info->libs);
	np_strv_release(&info->requires);
	memset(info, 0, sizeof *info);
}
