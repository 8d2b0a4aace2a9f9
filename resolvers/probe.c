/*
 * probe: finds a library the way a build would — by compiling and linking a test program with
 * the toolchain ($CC) against the recipe's headers, libraries and symbol. The preprocessor
 * says which header files it used (-MD) and what the version macro expands to; the linker's
 * trace (-Wl,-t) says which library files it linked.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/cheader.h"
#include "core/fs.h"
#include "core/proc.h"
#include "core/sysroot.h"
#include "core/text.h"
#include "resolvers/resolver.h"
#include "resolvers/version.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

/* Kept in the trace when the compiler fails: enough to see why, not a whole screen. */
#define TAIL_LINES 6

/* The target's C compiler ($CC without a toolchain); NULL when the target has none. */
static const char *
compiler(struct np_resolve_ctx *ctx, struct np_inputs *in)
{
	if (ctx->toolchain) {
		np_toolchain_inputs(ctx->toolchain, NP_TOOLS_COMPILE, in);
		return np_toolchain_get(ctx->toolchain, NP_TOOL_CC);
	}
	if (ctx->cc == NULL) {
		const char *cc = np_inputs_getenv(&ctx->global_inputs, "CC");
		ctx->cc = np_xstrdup(cc ? cc : "cc");
	}
	np_inputs_add_env(in, "CC");
	return ctx->cc;
}

/* The toolchain's sysroot and C flags, which every compiler run gets before its own arguments. */
static void
toolchain_args(const struct np_resolve_ctx *ctx, struct np_strv *args)
{
	const char *sysroot = np_toolchain_get(ctx->toolchain, NP_TOOL_SYSROOT);
	const char *cflags = np_toolchain_get(ctx->toolchain, NP_TOOL_CFLAGS);

	if (sysroot)
		np_strv_push_owned(args, np_xasprintf("--sysroot=%s", sysroot));
	if (cflags)
		np_strv_split(args, cflags, " \t");
}

static bool
make_workdir(char **dir, struct np_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char *templ = np_xasprintf("%s/nativepkg-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (mkdtemp(templ) == NULL) {
		free(templ);
		return np_error_set(err, NP_EXIT_FAILURE, "cannot create a probe directory in %s",
			tmp && *tmp ? tmp : "/tmp");
	}
	*dir = templ;
	return true;
}

static bool
write_source(const char *dir, const char *name, const char *text, struct np_error *err)
{
	char *path = np_path_join(dir, name);
	bool ok = np_fs_write_atomic(path, text, strlen(text), err);
	free(path);
	return ok;
}

/*
 * What the probe's sources begin with: the recipe's prelude (headers such as <stdio.h> that
 * its own need first), then its headers — from the include root ("pixman-1/pixman.h") when
 * the compiler searches on its own, else as found in the given include directories.
 */
static void
add_includes(const struct np_recipe *r, bool from_root, struct np_buf *src)
{
	for (size_t i = 0; i < r->prelude_headers.n; i++)
		np_buf_addf(src, "#include <%s>\n", r->prelude_headers.v[i]);
	for (size_t i = 0; i < r->headers.n; i++) {
		char *h = from_root ? np_recipe_header_include(r, i) : np_xstrdup(r->headers.v[i]);
		np_buf_addf(src, "#include <%s>\n", h);
		free(h);
	}
}

/* The definitions the headers need: the prelude's, the package's and its default components'. */
static void
add_defines(const struct np_recipe *r, bool want_static, struct np_strv *args)
{
	const struct np_strv *lists[] = {&r->prelude_definitions, &r->definitions,
		want_static ? &r->static_definitions : NULL};

	for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
		for (size_t i = 0; lists[k] && i < lists[k]->n; i++)
			np_strv_push_owned(args, np_xasprintf("-D%s", lists[k]->v[i]));
	for (size_t c = 0; c < r->components.n; c++) {
		const struct np_component *comp = &r->components.v[c];
		if (!comp->is_default)
			continue;
		for (size_t i = 0; i < comp->definitions.n; i++)
			np_strv_push_owned(args, np_xasprintf("-D%s", comp->definitions.v[i]));
		for (size_t i = 0; want_static && i < comp->static_definitions.n; i++)
			np_strv_push_owned(args, np_xasprintf("-D%s", comp->static_definitions.v[i]));
	}
}

/* The compiler's last lines, with the probe's temporary directory left out of its paths. */
static void
note_tail(struct np_trace_step *step, const char *what, const struct np_buf *output,
	const char *dir)
{
	struct np_strv lines = {0};
	char *prefix = np_xasprintf("%s/", dir);
	size_t start;

	np_strv_split(&lines, np_buf_str(output), "\n");
	start = lines.n > TAIL_LINES ? lines.n - TAIL_LINES : 0;
	np_trace_note(step, "%s failed; compiler output%s:", what, start ? " (last lines)" : "");
	for (size_t i = start; i < lines.n; i++) {
		struct np_buf line = {0};
		for (const char *p = lines.v[i]; *p;) {
			if (np_text_starts_with(p, prefix)) {
				p += strlen(prefix);
				continue;
			}
			np_buf_addc(&line, *p++);
		}
		np_trace_note(step, "  | %s", np_buf_str(&line));
		np_buf_release(&line);
	}
	free(prefix);
	np_strv_release(&lines);
}

/* Says which compiler could not be run, and who named it. */
static void
name_compiler(const struct np_resolve_ctx *ctx, struct np_error *err)
{
	const struct np_toolchain *tc = ctx->toolchain;

	if (tc && tc->value[NP_TOOL_CC])
		np_error_prefix(err, "the C compiler for %s (%s)", tc->target.gnu, tc->origin[NP_TOOL_CC]);
}

/* Runs $CC (which may carry arguments, "ccache gcc -m64") with extra arguments. */
static bool
run_cc(const char *cc, const struct np_strv *args, struct np_buf *out, struct np_buf *errout,
	int *status, struct np_error *err)
{
	struct np_strv argv = {0};
	struct np_proc p = {0};
	bool ok;

	np_strv_split(&argv, cc, " \t");
	np_strv_copy(&argv, args);
	p.argv = argv.v;
	p.out = out;
	p.err = errout;
	ok = np_proc_run(&p, status, err);
	np_strv_release(&argv);
	return ok;
}

/*
 * The value after a marker, up to its ';': string literals concatenated ("1" "." "5" -> 1.5)
 * or number tokens. GCC may spread one expansion over several lines with "# line" markers
 * between them, so those lines are skipped.
 */
static char *
parse_marker(const char *output, const char *marker, const char *macro)
{
	const char *p = strstr(output, marker);
	struct np_buf v = {0};

	if (p == NULL)
		return NULL;
	for (p += strlen(marker); *p && *p != ';';) {
		if (*p == '\n' && p[1] == '#') {
			p = strchr(p + 1, '\n');
			if (p == NULL)
				break;
		} else if (*p == '"') {
			for (p++; *p && *p != '"' && *p != '\n'; p++) {
				if (*p == '\\' && p[1])
					p++;
				np_buf_addc(&v, *p);
			}
			if (*p == '"')
				p++;
		} else if (isalnum((unsigned char)*p) || *p == '_' || *p == '.') {
			while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
				np_buf_addc(&v, *p++);
		} else {
			p++;
		}
	}
	/* An undefined macro stays its own name after preprocessing. */
	if (v.len == 0 || strcmp(np_buf_str(&v), macro) == 0) {
		np_buf_release(&v);
		return NULL;
	}
	return np_buf_detach(&v);
}

/* Splits a make dependency file into paths (backslash-newline joins, "\ " is a space). */
static void
parse_deps(const char *text, struct np_strv *paths)
{
	struct np_buf cur = {0};
	bool first = true;

	for (const char *p = text;; p++) {
		if (*p == '\\' && p[1] == '\n') {
			p++;
			continue;
		}
		if (*p == '\\' && p[1] == ' ') {
			np_buf_addc(&cur, ' ');
			p++;
			continue;
		}
		if (*p == '\0' || isspace((unsigned char)*p)) {
			if (cur.len) {
				/* The first token is the make target ("version.o:"). */
				if (!first)
					np_strv_push(paths, np_buf_str(&cur));
				first = false;
				np_buf_reset(&cur);
			}
			if (*p == '\0')
				break;
			continue;
		}
		np_buf_addc(&cur, *p);
	}
	np_buf_release(&cur);
}

struct preprocessed {
	char *version;
	struct np_strv header_dirs;  /* the directory each recipe header was found in */
	struct np_strv header_files; /* and the file */
	bool ok;
};

/*
 * Preprocesses the recipe's headers (include_dir searched first when given): finds where each
 * header lives and what the version macro expands to.
 */
static bool
preprocess(struct np_resolve_ctx *ctx, const struct np_recipe *r,
	const struct np_strv *include_dirs, const char *dir, struct np_trace_step *step, struct np_inputs *in, struct preprocessed *pp,
	struct np_error *err)
{
	struct np_buf src = {0}, out = {0}, errout = {0}, deps = {0};
	struct np_strv args = {0}, paths = {0};
	char *deps_file = np_path_join(dir, "version.d"), *src_file = np_path_join(dir, "version.c");
	int status;
	bool ok = false;

	memset(pp, 0, sizeof *pp);
	add_includes(r, include_dirs == NULL, &src);
	for (size_t i = 0; i < r->version_macro.n; i++)
		np_buf_addf(&src, "nativepkg_version_%zu= %s ;\n", i, r->version_macro.v[i]);
	if (!write_source(dir, "version.c", np_buf_str(&src), err))
		goto out;

	toolchain_args(ctx, &args);
	np_strv_push(&args, "-E");
	add_defines(r, false, &args);
	for (size_t i = 0; include_dirs && i < include_dirs->n; i++)
		np_strv_push_owned(&args, np_xasprintf("-I%s", include_dirs->v[i]));
	np_strv_push(&args, "-MD");
	np_strv_push(&args, "-MF");
	np_strv_push(&args, deps_file);
	np_strv_push(&args, src_file);
	if (compiler(ctx, in) == NULL) {
		np_trace_note(step, "%s", ctx->toolchain->missing);
		ok = true; /* nothing to preprocess with: not found */
		goto out;
	}
	if (!run_cc(compiler(ctx, in), &args, &out, &errout, &status, err)) {
		name_compiler(ctx, err);
		goto out;
	}
	if (status != 0) {
		note_tail(step, "preprocessing the headers", &errout, dir);
		ok = true; /* not found, which is an answer */
		goto out;
	}
	if (!np_fs_read(deps_file, 16 << 20, &deps, err))
		goto out;
	parse_deps(np_buf_str(&deps), &paths);
	for (size_t h = 0; h < r->headers.n; h++) {
		char *suffix = np_xasprintf("/%s", r->headers.v[h]);
		for (size_t i = 0; i < paths.n; i++) {
			if (np_text_ends_with(paths.v[i], suffix)) {
				char *d = np_xstrndup(paths.v[i], strlen(paths.v[i]) - strlen(suffix));
				char *real = np_path_real(d);
				np_trace_note(step, "header %s: %s", r->headers.v[h], paths.v[i]);
				np_inputs_add_file(in, paths.v[i]);
				np_strv_push_unique(&pp->header_dirs, real ? real : d);
				np_strv_push_unique(&pp->header_files, paths.v[i]);
				free(real);
				free(d);
				break;
			}
		}
		free(suffix);
	}
	if (r->version_macro.n) {
		struct np_strv parts = {0};
		for (size_t i = 0; i < r->version_macro.n; i++) {
			char *marker = np_xasprintf("nativepkg_version_%zu=", i);
			char *v = parse_marker(np_buf_str(&out), marker, r->version_macro.v[i]);
			free(marker);
			if (v == NULL) {
				np_trace_note(step, "version macro %s is not defined", r->version_macro.v[i]);
				np_strv_release(&parts);
				break;
			}
			np_strv_push_owned(&parts, v);
		}
		if (parts.n == r->version_macro.n) {
			pp->version = np_strv_join(&parts, ".");
			np_trace_note(step, "version macro %s: %s", r->version_macro.v[0], pp->version);
		}
		np_strv_release(&parts);
	}
	pp->ok = true;
	ok = true;
out:
	np_buf_release(&src);
	np_buf_release(&out);
	np_buf_release(&errout);
	np_buf_release(&deps);
	np_strv_release(&args);
	np_strv_release(&paths);
	free(deps_file);
	free(src_file);
	return ok;
}

/*
 * Whether the compiler would search the plain native include path: the host as target, its
 * default compiler with no flags or sysroot, no $CPATH or $C_INCLUDE_PATH.
 */
static bool
native_include_path(struct np_resolve_ctx *ctx, struct np_inputs *in)
{
	static const char *const env[] = {"CPATH", "C_INCLUDE_PATH"};
	const struct np_toolchain *tc = ctx->toolchain;

	for (size_t i = 0; i < sizeof env / sizeof *env; i++)
		if (np_inputs_getenv(in, env[i]))
			return false;
	if (tc == NULL)
		return np_inputs_getenv(in, "CC") == NULL && NP_MULTIARCH[0] != '\0' &&
			strcmp(ctx->config->target, NP_MULTIARCH) == 0;
	np_toolchain_inputs(tc, NP_TOOLS_COMPILE, in);
	return !tc->foreign && tc->value[NP_TOOL_CC] && strcmp(tc->origin[NP_TOOL_CC], "default") == 0 &&
		tc->value[NP_TOOL_CFLAGS] == NULL && tc->value[NP_TOOL_SYSROOT] == NULL;
}

/*
 * The version macro read from the headers' text (cheader.h): from the include directories
 * given (searched first by any compiler), then the native system ones when the compiler
 * would search them (native_include_path). false means "ask the preprocessor" — also when a
 * macro is missing or not a plain value.
 */
static bool
read_version_text(struct np_resolve_ctx *ctx, const struct np_recipe *r,
	const struct np_strv *include_dirs, struct np_trace_step *step, struct np_inputs *in,
	char **version, struct np_strv *headers)
{
	static const char *const system_dirs[] = {"/usr/local/include", ("/usr/include/" NP_MULTIARCH),
		"/usr/include"};
	struct np_strv files = {0}, texts = {0}, parts = {0};
	size_t nsystem = native_include_path(ctx, in) ? 3 : 0;
	bool ok = false;

	for (size_t h = 0; h < r->headers.n; h++) {
		size_t n = include_dirs ? include_dirs->n : 0;
		char *found = NULL;
		char *from_root = np_recipe_header_include(r, h);
		for (size_t i = 0; i < n + nsystem && found == NULL; i++) {
			char *path = np_path_join(i < n ? include_dirs->v[i] : system_dirs[i - n],
				i < n ? r->headers.v[h] : from_root);
			if (np_fs_is_file(path))
				found = path;
			else
				free(path);
		}
		free(from_root);
		if (found == NULL)
			goto out;
		np_strv_push_owned(&files, found);
	}
	for (size_t i = 0; i < files.n; i++) {
		struct np_buf text = {0};
		if (!np_fs_read(files.v[i], 8u << 20, &text, NULL)) {
			np_buf_release(&text);
			goto out;
		}
		np_strv_push(&texts, np_buf_str(&text));
		np_buf_release(&text);
	}
	for (size_t m = 0; m < r->version_macro.n; m++) {
		char *value = NULL;
		size_t i;
		for (i = 0; i < texts.n; i++) {
			enum np_cheader_result res = np_cheader_define(texts.v[i], r->version_macro.v[m], &value);
			if (res == NP_CHEADER_COMPLEX)
				goto out;
			if (res == NP_CHEADER_PLAIN)
				break;
		}
		if (value == NULL)
			goto out;
		np_strv_push_owned(&parts, value);
	}
	for (size_t i = 0; i < files.n; i++) {
		np_trace_note(step, "header %s: %s", r->headers.v[i], files.v[i]);
		np_inputs_add_file(in, files.v[i]);
		if (headers)
			np_strv_push(headers, files.v[i]);
	}
	*version = np_strv_join(&parts, ".");
	np_trace_note(step, "version macro %s: %s (read from the header)", r->version_macro.v[0],
		*version);
	ok = true;
out:
	np_strv_release(&files);
	np_strv_release(&texts);
	np_strv_release(&parts);
	return ok;
}

bool
np_probe_read_version(struct np_resolve_ctx *ctx, const struct np_recipe *recipe,
	const struct np_strv *include_dirs, struct np_trace_step *step, struct np_inputs *in,
	char **version, struct np_strv *headers, struct np_error *err)
{
	struct preprocessed pp;
	char *dir = NULL;
	bool ok;

	*version = NULL;
	if (recipe->version_macro.n == 0 || recipe->headers.n == 0)
		return true;
	if (read_version_text(ctx, recipe, include_dirs, step, in, version, headers))
		return true;
	if (!make_workdir(&dir, err))
		return false;
	ok = preprocess(ctx, recipe, include_dirs, dir, step, in, &pp, err);
	*version = pp.version;
	if (headers)
		np_strv_copy(headers, &pp.header_files);
	np_strv_release(&pp.header_dirs);
	np_strv_release(&pp.header_files);
	np_fs_remove_tree(dir, NULL);
	free(dir);
	return ok;
}

/* The library file the linker used for lib<name>, from its -t trace. Caller frees. */
static char *
traced_library(const struct np_target *t, const char *trace, const char *name, bool want_static)
{
	struct np_strv lines = {0}, names = {0};
	char *found = NULL;

	np_target_library_names(t, name, want_static, &names);
	np_strv_split(&lines, trace, "\n");
	for (size_t i = 0; i < lines.n && !found; i++) {
		char *line = lines.v[i], *paren;
		if (*line == '(') { /* "(/usr/lib/libz.a)member.o" */
			line++;
			if ((paren = strchr(line, ')')) != NULL)
				*paren = '\0';
		} else if ((paren = strstr(line, ".a(")) != NULL) { /* "/usr/lib/libz.a(member.o)" */
			paren[2] = '\0';
		}
		if (*line == '/' && np_strv_contains(&names, np_path_basename(line)))
			found = np_xstrdup(line);
	}
	np_strv_release(&lines);
	np_strv_release(&names);
	return found;
}

/*
 * A sysroot made of distribution packages links lib<name>.so absolutely
 * (/lib/<triple>/libz.so.1.2.13): the linker follows that on this machine, finds nothing, and
 * quietly takes the archive instead. The probe links through a link of its own to the file
 * inside the sysroot (dir/links/lib<name>.so), remembered in links (its name -> the sysroot's
 * link). Whether any was made.
 */
static bool
sysroot_links(struct np_resolve_ctx *ctx, const struct np_request *req, const char *dir,
	struct np_trace_step *step, struct np_kv *links)
{
	const char *sysroot = np_toolchain_get(ctx->toolchain, NP_TOOL_SYSROOT);
	const char *ma = ctx->config->tgt.multiarch;
	char *linkdir;
	bool any = false;

	if (sysroot == NULL || ctx->config->tgt.format != NP_BINARY_ELF)
		return false;
	linkdir = np_path_join(dir, "links");
	for (size_t i = 0; i < req->libs.n; i++) {
		char *dirs[4] = {np_xasprintf("%s/usr/lib/%s", sysroot, ma), np_xasprintf("%s/lib/%s", sysroot, ma),
			np_xasprintf("%s/usr/lib", sysroot), np_xasprintf("%s/lib", sysroot)};
		bool done = false;
		for (size_t k = 0; k < 4; k++) {
			char *name = np_xasprintf("lib%s.so", req->libs.v[i]), *path = np_path_join(dirs[k], name);
			char *real = NULL, *mine = NULL;
			if (!done && !np_fs_is_file(path) && (real = np_sysroot_resolve(sysroot, path)) != NULL &&
				np_fs_is_file(real)) {
				mine = np_path_join(linkdir, name);
				if ((any || np_fs_mkdirs(linkdir, NULL)) && symlink(real, mine) == 0) {
					np_kv_set(links, name, path);
					np_trace_note(step, "%s leads outside the sysroot: linking %s", path, real);
					any = true;
				}
				done = true;
			}
			free(name), free(path), free(real), free(mine);
			free(dirs[k]);
		}
	}
	free(linkdir);
	return any;
}

/*
 * The installation prefix P when the header is under P/include and the library under P/lib
 * (lib64, lib/<triple>): the layout every build system installs. NULL otherwise.
 */
static char *
common_prefix(const struct np_strv *include_dirs, const struct np_strv *lib_dirs)
{
	const char *inc, *lib;
	size_t n;

	if (include_dirs->n == 0 || lib_dirs->n == 0)
		return NULL;
	inc = include_dirs->v[0];
	lib = lib_dirs->v[0];
	for (const char *p = strstr(inc, "/include"); p; p = strstr(p + 1, "/include")) {
		if (p[8] != '\0' && p[8] != '/')
			continue;
		n = (size_t)(p - inc);
		if (n && strncmp(lib, inc, n) == 0 && np_text_starts_with(lib + n, "/lib") &&
			(lib[n + 4] == '\0' || lib[n + 4] == '/' || np_text_starts_with(lib + n + 4, "64")))
			return np_xstrndup(inc, n);
	}
	return NULL;
}

bool
np_probe_resolve(struct np_resolve_ctx *ctx, const struct np_request *req,
	struct np_resolution *out, bool *found, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	struct np_trace_step *step = np_trace_step(&ctx->trace, r->name, "probe");
	bool want_static = req->link == NP_LINK_STATIC;
	struct preprocessed pp = {0};
	struct np_buf main_src = {0}, link_src = {0}, output = {0}, errout = {0};
	struct np_strv args = {0};
	struct np_kv links = {0};
	char *dir = NULL, *exe = NULL;
	int status;
	bool ok = false;

	*found = false;
	if (r->headers.n == 0 || req->libs.n == 0) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED,
			"the recipe names no %s to probe for", r->headers.n ? "libraries" : "headers");
		return true;
	}
	if (compiler(ctx, req->inputs) == NULL) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_SKIPPED, "%s",
			ctx->toolchain->missing);
		return true;
	}
	if (!make_workdir(&dir, err))
		return false;
	np_trace_note(step, "compiler: %s", compiler(ctx, req->inputs));
	if (!preprocess(ctx, r, NULL, dir, step, req->inputs, &pp, err))
		goto out;
	if (!pp.ok) {
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED,
			"the headers do not preprocess");
		ok = true;
		goto out;
	}

	/* Two translation units: the headers must compile, and the symbol must link. The symbol
	 * is declared without its header, as a link test does, so its real type cannot clash. */
	add_includes(r, true, &main_src);
	np_buf_adds(&main_src, "int nativepkg_probe_link(void);\n"
			       "int main(void) { return nativepkg_probe_link(); }\n");
	if (r->symbol)
		np_buf_addf(&link_src, "char %s(void);\nint nativepkg_probe_link(void) { return %s(); }\n",
			r->symbol, r->symbol);
	else
		np_buf_adds(&link_src, "int nativepkg_probe_link(void) { return 0; }\n");
	if (!write_source(dir, "main.c", np_buf_str(&main_src), err) ||
		!write_source(dir, "link.c", np_buf_str(&link_src), err))
		goto out;

	exe = np_path_join(dir, "probe");
	toolchain_args(ctx, &args);
	add_defines(r, want_static, &args);
	np_strv_push(&args, "-o");
	np_strv_push(&args, exe);
	np_strv_push_owned(&args, np_path_join(dir, "main.c"));
	np_strv_push_owned(&args, np_path_join(dir, "link.c"));
	np_strv_push(&args, "-Wl,-t");
	if (!want_static && sysroot_links(ctx, req, dir, step, &links))
		np_strv_push_owned(&args, np_xasprintf("-L%s/links", dir));
	if (want_static)
		np_strv_push(&args, "-Wl,-Bstatic");
	for (size_t i = 0; i < req->libs.n; i++)
		np_strv_push_owned(&args, np_xasprintf("-l%s", req->libs.v[i]));
	if (want_static) {
		np_strv_push(&args, "-Wl,-Bdynamic");
		for (size_t i = 0; i < r->libs_private.n; i++)
			np_strv_push_owned(&args, np_xasprintf("-l%s", r->libs_private.v[i]));
		/* A static archive needs its dependencies on the same link line. */
		for (size_t d = 0; d < r->dependencies.keys.n; d++) {
			const struct np_resolution *dep =
				np_resolution_set_find(req->resolved, r->dependencies.keys.v[d]);
			if (dep)
				np_strv_copy(&args, &dep->static_ldflags);
		}
	}
	/* The linker's -t trace goes to stdout, its complaints to stderr. */
	if (!run_cc(compiler(ctx, req->inputs), &args, &output, &errout, &status, err)) {
		name_compiler(ctx, err);
		goto out;
	}
	if (status != 0) {
		note_tail(step, "linking", &errout, dir);
		np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_REJECTED,
			"the test program does not link%s%s", r->symbol ? " with " : "",
			r->symbol ? r->symbol : "");
		ok = true;
		goto out;
	}

	for (size_t i = 0; i < req->libs.n; i++) {
		char *file = traced_library(&ctx->config->tgt, np_buf_str(&output), req->libs.v[i],
			want_static);
		char *parent, *real_dir;
		const char *through;
		if (file == NULL)
			continue;
		/* A link of the probe's own: the sysroot's library, in its own directory. */
		if ((through = np_kv_get(&links, np_path_basename(file))) != NULL &&
			np_text_starts_with(file, dir)) {
			char *real = np_sysroot_resolve(np_toolchain_get(ctx->toolchain, NP_TOOL_SYSROOT),
				through);
			free(file);
			file = real ? real : np_xstrdup(through);
			parent = np_path_dirname(through);
		} else {
			parent = np_path_dirname(file);
		}
		real_dir = np_path_real(parent);
		np_trace_note(step, "library %s: %s", req->libs.v[i], file);
		np_strv_push_unique(&out->lib_dirs, real_dir ? real_dir : parent);
		np_inputs_add_file(req->inputs, file);
		if (i == 0 && !want_static)
			out->dylib = np_path_real(file);
		np_strv_push(&out->lib_files, file);
		free(real_dir);
		free(parent);
		free(file);
	}

	/* Found by the compiler on its own: no -I or -L is needed, as pkgconf drops system dirs. */
	np_strv_copy(&out->include_dirs, &pp.header_dirs);
	np_strv_copy(&out->libs, &req->libs);
	for (size_t i = 0; i < req->libs.n; i++)
		np_strv_push_owned(&out->ldflags, np_xasprintf("-l%s", req->libs.v[i]));
	np_strv_copy(&out->static_ldflags, &out->ldflags);
	for (size_t i = 0; i < r->libs_private.n; i++)
		np_strv_push_owned(&out->static_ldflags, np_xasprintf("-l%s", r->libs_private.v[i]));
	if (want_static) {
		np_strv_release(&out->ldflags);
		np_strv_copy(&out->ldflags, &out->static_ldflags);
	}
	out->prefix = common_prefix(&out->include_dirs, &out->lib_dirs);
	np_strv_copy(&out->header_files, &pp.header_files);
	out->version = pp.version;
	out->header_version = pp.version ? np_xstrdup(pp.version) : NULL;
	pp.version = NULL;
	/* No macro says it: the .pc beside the library, a function, a command (version.h). */
	if (out->version == NULL && (r->version_pc || r->version_function || r->version_command.n)) {
		struct np_version_where w = {.root = out->prefix, .include_dirs = &out->include_dirs,
			.lib_dirs = &out->lib_dirs, .libs = &req->libs};
		struct np_request plain = *req;
		struct np_recipe no_macro = *r;
		bool from_macro;
		memset(&no_macro.version_macro, 0, sizeof no_macro.version_macro);
		plain.recipe = &no_macro;
		if (!np_version_discover(ctx, &plain, &w, step, &out->version, &from_macro, err))
			goto out;
	}
	np_trace_verdict(&ctx->trace, r->name, step, NP_VERDICT_ACCEPTED,
		"compiled and linked a test program%s%s (version %s)", r->symbol ? " calling " : "",
		r->symbol ? r->symbol : "", out->version ? out->version : "unknown");
	*found = true;
	ok = true;
out:
	free(pp.version);
	np_strv_release(&pp.header_dirs);
	np_strv_release(&pp.header_files);
	np_buf_release(&main_src);
	np_buf_release(&link_src);
	np_buf_release(&output);
	np_buf_release(&errout);
	np_strv_release(&args);
	np_kv_release(&links);
	free(exe);
	if (dir)
		np_fs_remove_tree(dir, NULL);
	free(dir);
	return ok;
}

bool
np_version_from_function(struct np_resolve_ctx *ctx, const struct np_recipe *r,
	const struct np_version_where *w, bool want_static, struct np_trace_step *step,
	struct np_inputs *in, char **version, struct np_error *err)
{
	struct np_buf src = {0}, out = {0}, errout = {0};
	struct np_strv args = {0};
	char *dir = NULL, *exe = NULL, *src_file = NULL;
	int status;
	bool ok = false;

	*version = NULL;
	/* A program of another machine does not run here. */
	if (*NP_MULTIARCH == '\0' || strcmp(ctx->config->target, NP_MULTIARCH) != 0) {
		np_trace_note(step, "version function %s: not called for another target",
			r->version_function);
		return true;
	}
	if (!make_workdir(&dir, err))
		return false;
	add_includes(r, w->include_dirs == NULL || w->include_dirs->n == 0, &src);
	np_buf_addf(&src, "#include <stdio.h>\nint main(void) { const char *v = "
		"(const char *)%s(); puts(v ? v : \"\"); return 0; }\n", r->version_function);
	if (!write_source(dir, "version.c", np_buf_str(&src), err))
		goto out;
	exe = np_path_join(dir, "version");
	src_file = np_path_join(dir, "version.c");
	add_defines(r, want_static, &args);
	for (size_t i = 0; w->include_dirs && i < w->include_dirs->n; i++)
		np_strv_push_owned(&args, np_xasprintf("-I%s", w->include_dirs->v[i]));
	np_strv_push(&args, "-o");
	np_strv_push(&args, exe);
	np_strv_push(&args, src_file);
	/* Linked and run against the copy asked about, never another one of the same name. */
	for (size_t i = 0; w->lib_dirs && i < w->lib_dirs->n; i++) {
		np_strv_push_owned(&args, np_xasprintf("-L%s", w->lib_dirs->v[i]));
		np_strv_push_owned(&args, np_xasprintf("-Wl,-rpath,%s", w->lib_dirs->v[i]));
	}
	if (want_static)
		np_strv_push(&args, "-Wl,-Bstatic");
	for (size_t i = 0; w->libs && i < w->libs->n; i++)
		np_strv_push_owned(&args, np_xasprintf("-l%s", w->libs->v[i]));
	if (want_static)
		np_strv_push(&args, "-Wl,-Bdynamic");
	for (size_t i = 0; i < r->libs_private.n; i++)
		np_strv_push_owned(&args, np_xasprintf("-l%s", r->libs_private.v[i]));
	if (!run_cc(compiler(ctx, in), &args, &out, &errout, &status, err))
		goto out;
	if (status != 0) {
		note_tail(step, "building the version program", &errout, dir);
		ok = true;
		goto out;
	}
	{
		char *argv[] = {exe, NULL};
		struct np_proc p = {.argv = argv, .out = &out, .err = &errout};
		np_buf_reset(&out);
		if (!np_proc_run(&p, &status, err))
			goto out;
	}
	ok = true;
	if (status != 0) {
		np_trace_note(step, "version function %s: the program exited with status %d",
			r->version_function, status);
		goto out;
	}
	np_buf_rtrim(&out);
	if (out.len && strchr(np_buf_str(&out), '\n') == NULL) {
		*version = np_xstrdup(np_buf_str(&out));
		np_trace_note(step, "version function %s: %s", r->version_function, *version);
	}
out:
	np_buf_release(&src);
	np_buf_release(&out);
	np_buf_release(&errout);
	np_strv_release(&args);
	free(exe);
	free(src_file);
	if (dir)
		np_fs_remove_tree(dir, NULL);
	free(dir);
	return ok;
}
