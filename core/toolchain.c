/* toolchain: the target's compilers, tools, flags and sysroot, and where each came from. */
#include "core/toolchain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/manifest.h"

/* How each value is looked for. */
enum lookup {
	LOOKUP_CC_RS,     /* NATIVEPKG_V_<T>, V_<rust>, V_<rust_u>, TARGET_V (foreign), V */
	LOOKUP_PLAIN,     /* NATIVEPKG_V_<T>, V */
	LOOKUP_NATIVEPKG, /* NATIVEPKG_V_<T>, NATIVEPKG_V */
};

static const struct tool_info {
	const char *key;     /* in --toolchain and "targets"."<triple>"."toolchain" */
	const char *var;     /* the environment's name */
	enum lookup lookup;
	bool path;           /* a file or directory */
	bool identity;       /* changes what a build produces */
	const char *gnu;     /* <gnu-triple>-<gnu> on PATH, for a foreign target */
	const char *host;    /* the host's default */
	const char *cmake;   /* what a CMake toolchain file sets; NULL: not read from one */
	const char *cmake_init; /* its _INIT spelling */
	const char *meson_section, *meson_key;
} tools[NP_TOOL_COUNT] = {
	[NP_TOOL_CC] = {"cc", "CC", LOOKUP_CC_RS, false, true, "gcc", "cc", "CMAKE_C_COMPILER", NULL,
		"binaries", "c"},
	[NP_TOOL_CXX] = {"cxx", "CXX", LOOKUP_CC_RS, false, true, "g++", "c++", "CMAKE_CXX_COMPILER",
		NULL, "binaries", "cpp"},
	[NP_TOOL_AR] = {"ar", "AR", LOOKUP_CC_RS, false, true, "ar", "ar", "CMAKE_AR", NULL,
		"binaries", "ar"},
	[NP_TOOL_RANLIB] = {"ranlib", "RANLIB", LOOKUP_PLAIN, false, true, "ranlib", NULL,
		"CMAKE_RANLIB", NULL, "binaries", "ranlib"},
	[NP_TOOL_STRIP] = {"strip", "STRIP", LOOKUP_PLAIN, false, true, "strip", NULL, "CMAKE_STRIP",
		NULL, "binaries", "strip"},
	[NP_TOOL_WINDRES] = {"windres", "WINDRES", LOOKUP_PLAIN, false, true, "windres", NULL,
		"CMAKE_RC_COMPILER", NULL, "binaries", "windres"},
	[NP_TOOL_CFLAGS] = {"cflags", "CFLAGS", LOOKUP_CC_RS, false, true, NULL, NULL, "CMAKE_C_FLAGS",
		"CMAKE_C_FLAGS_INIT", "built-in options", "c_args"},
	[NP_TOOL_CXXFLAGS] = {"cxxflags", "CXXFLAGS", LOOKUP_CC_RS, false, true, NULL, NULL,
		"CMAKE_CXX_FLAGS", "CMAKE_CXX_FLAGS_INIT", "built-in options", "cpp_args"},
	[NP_TOOL_LDFLAGS] = {"ldflags", "LDFLAGS", LOOKUP_PLAIN, false, true, NULL, NULL,
		"CMAKE_EXE_LINKER_FLAGS", "CMAKE_EXE_LINKER_FLAGS_INIT", "built-in options",
		"c_link_args"},
	[NP_TOOL_SYSROOT] = {"sysroot", "SYSROOT", LOOKUP_NATIVEPKG, true, true, NULL, NULL,
		"CMAKE_SYSROOT", NULL, "properties", "sys_root"},
	[NP_TOOL_CMAKE_TOOLCHAIN_FILE] = {"cmake_toolchain_file", "CMAKE_TOOLCHAIN_FILE",
		LOOKUP_CC_RS, true, true, NULL, NULL, NULL, NULL, NULL, NULL},
	[NP_TOOL_MESON_CROSS_FILE] = {"meson_cross_file", "MESON_CROSS_FILE", LOOKUP_NATIVEPKG, true,
		true, NULL, NULL, NULL, NULL, NULL, NULL},
	[NP_TOOL_PKG_CONFIG_PATH] = {"pkg_config_path", "PKG_CONFIG_PATH", LOOKUP_CC_RS, false, false,
		NULL, NULL, NULL, NULL, NULL, NULL},
	[NP_TOOL_PKG_CONFIG_LIBDIR] = {"pkg_config_libdir", "PKG_CONFIG_LIBDIR", LOOKUP_CC_RS, false,
		false, NULL, NULL, NULL, NULL, NULL, NULL},
	[NP_TOOL_PKG_CONFIG_SYSROOT_DIR] = {"pkg_config_sysroot_dir", "PKG_CONFIG_SYSROOT_DIR",
		LOOKUP_CC_RS, true, false, NULL, NULL, NULL, NULL, NULL, NULL},
};

/* Toolchain and cross files are small; a larger one is not one. */
#define MAX_TOOLCHAIN_FILE (1u << 20)

const char *
np_toolchain_key(enum np_tool t)
{
	return tools[t].key;
}

bool
np_toolchain_from_key(const char *key, enum np_tool *out)
{
	for (int i = 0; i < NP_TOOL_COUNT; i++) {
		if (strcmp(tools[i].key, key) == 0) {
			*out = (enum np_tool)i;
			return true;
		}
	}
	return false;
}

bool
np_toolchain_is_path(enum np_tool t)
{
	return tools[t].path;
}

static void
set_value(struct np_toolchain *tc, enum np_tool t, const char *value, char *origin)
{
	free(tc->value[t]);
	free(tc->origin[t]);
	tc->value[t] = np_xstrdup(value);
	tc->origin[t] = origin;
}

/* A relative path made relative to dir (a file's directory), or absolute against the cwd. */
static char *
path_value(const char *value, const char *dir)
{
	if (value[0] == '/')
		return np_xstrdup(value);
	return dir ? np_path_join(dir, value) : np_path_absolute(value);
}

/* The environment, in the order of the tool's lookup; every name read is remembered. */
static void
from_env(struct np_toolchain *tc, enum np_tool t)
{
	const struct tool_info *ti = &tools[t];
	char names[6][NP_TARGET_MAX + 48];
	size_t n = 0;

	snprintf(names[n++], sizeof names[0], "NATIVEPKG_%s_%s", ti->var, tc->target.env);
	if (ti->lookup == LOOKUP_CC_RS) {
		char underscored[NP_TARGET_MAX];
		size_t i;
		for (i = 0; tc->target.rust[i]; i++)
			underscored[i] = tc->target.rust[i] == '-' ? '_' : tc->target.rust[i];
		underscored[i] = '\0';
		snprintf(names[n++], sizeof names[0], "%s_%s", ti->var, tc->target.rust);
		snprintf(names[n++], sizeof names[0], "%s_%s", ti->var, underscored);
		if (tc->foreign)
			snprintf(names[n++], sizeof names[0], "TARGET_%s", ti->var);
	}
	if (ti->lookup == LOOKUP_NATIVEPKG)
		snprintf(names[n++], sizeof names[0], "NATIVEPKG_%s", ti->var);
	else
		snprintf(names[n++], sizeof names[0], "%s", ti->var);
	for (size_t i = 0; i < n; i++) {
		const char *v = getenv(names[i]);
		np_strv_push(&tc->env[t], names[i]);
		if (v && *v) {
			char *value = ti->path ? path_value(v, NULL) : np_xstrdup(v);
			set_value(tc, t, value, np_xasprintf("env %s", names[i]));
			free(value);
			return;
		}
	}
}

/* One value of a toolchain file: a quoted string or a bare word; NULL if it is computed. */
static char *
cmake_argument(const char *p)
{
	struct np_buf b = {0};

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			np_buf_addc(&b, *p);
		}
		if (*p != '"') {
			np_buf_release(&b);
			return NULL;
		}
	} else {
		while (*p && *p != ')' && *p != ' ' && *p != '\t')
			np_buf_addc(&b, *p++);
	}
	if (b.len == 0 || strstr(np_buf_str(&b), "${") || strstr(np_buf_str(&b), "$ENV{")) {
		np_buf_release(&b);
		return NULL;
	}
	return np_buf_detach(&b);
}

/*
 * A value read from line `line` of a toolchain or cross file (dir: its directory): a path made
 * absolute against that directory, recorded with file:line as its origin. Takes v.
 */
static void
take_file_value(struct np_toolchain *tc, enum np_tool t, char *v, const char *file,
	const char *dir, size_t line, bool *have)
{
	if (tools[t].path) {
		char *abs = path_value(v, dir);
		free(v);
		v = abs;
	}
	set_value(tc, t, v, np_xasprintf("%s:%zu", file, line));
	have[t] = true;
	free(v);
}

/* set(VAR value ...) lines of a CMake toolchain file, for the values it sets plainly. */
static void
read_cmake_file(struct np_toolchain *tc, const char *file, const char *text, bool *have)
{
	struct np_strv lines = {0};
	char *dir = np_path_dirname(file);

	np_strv_split(&lines, text, "\n");
	for (size_t l = 0; l < lines.n; l++) {
		const char *p = lines.v[l];
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "set(", 4) != 0 && strncasecmp(p, "set (", 5) != 0)
			continue;
		p = strchr(p, '(') + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		for (int t = 0; t < NP_TOOL_COUNT; t++) {
			const char *names[2] = {tools[t].cmake, tools[t].cmake_init};
			for (size_t k = 0; k < 2 && !have[t]; k++) {
				size_t n = names[k] ? strlen(names[k]) : 0;
				char *v;
				if (n == 0 || strncmp(p, names[k], n) != 0 || (p[n] != ' ' && p[n] != '\t'))
					continue;
				if ((v = cmake_argument(p + n)) == NULL)
					continue;
				take_file_value(tc, (enum np_tool)t, v, file, dir, l + 1, have);
			}
		}
	}
	free(dir);
	np_strv_release(&lines);
}

/* 'string' or ['a', 'b'] (joined with spaces) of a meson cross file; NULL otherwise. */
static char *
meson_value(const char *p)
{
	struct np_strv parts = {0};
	char *joined;
	bool list;

	while (*p == ' ' || *p == '\t')
		p++;
	list = *p == '[';
	if (list)
		p++;
	for (;;) {
		struct np_buf b = {0};
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p != '\'')
			break;
		for (p++; *p && *p != '\''; p++) {
			if (*p == '\\' && p[1])
				p++;
			np_buf_addc(&b, *p);
		}
		if (*p == '\'')
			p++;
		np_strv_push_owned(&parts, np_buf_detach(&b));
		if (!list)
			break;
	}
	joined = parts.n ? np_strv_join(&parts, " ") : NULL;
	np_strv_release(&parts);
	return joined;
}

static void
read_meson_file(struct np_toolchain *tc, const char *file, const char *text, bool *have)
{
	struct np_strv lines = {0};
	char *dir = np_path_dirname(file), *section = np_xstrdup("");

	np_strv_split(&lines, text, "\n");
	for (size_t l = 0; l < lines.n; l++) {
		char *p = lines.v[l], *eq, *end;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '[' && (end = strchr(p, ']')) != NULL) {
			free(section);
			section = np_xstrndup(p + 1, (size_t)(end - p - 1));
			continue;
		}
		if (*p == '#' || (eq = strchr(p, '=')) == NULL)
			continue;
		for (end = eq; end > p && (end[-1] == ' ' || end[-1] == '\t'); end--)
			;
		for (int t = 0; t < NP_TOOL_COUNT; t++) {
			char *v;
			if (have[t] || tools[t].meson_key == NULL || strcmp(section, tools[t].meson_section) != 0 ||
				strlen(tools[t].meson_key) != (size_t)(end - p) ||
				strncmp(p, tools[t].meson_key, (size_t)(end - p)) != 0)
				continue;
			if ((v = meson_value(eq + 1)) == NULL)
				continue;
			take_file_value(tc, (enum np_tool)t, v, file, dir, l + 1, have);
		}
	}
	free(section);
	free(dir);
	np_strv_release(&lines);
}

/* The files the user named, read for what they set; a named file that is missing is bad input. */
static bool
read_files(struct np_toolchain *tc, bool *have, struct np_error *err)
{
	const enum np_tool which[] = {NP_TOOL_CMAKE_TOOLCHAIN_FILE, NP_TOOL_MESON_CROSS_FILE};

	for (size_t i = 0; i < 2; i++) {
		const char *file = tc->value[which[i]];
		struct np_buf text = {0};
		if (file == NULL || np_strv_contains(&tc->files, file))
			continue;
		if (!np_fs_is_file(file))
			return np_error_set(err, NP_EXIT_INPUT, "%s %s (%s) does not exist", which[i] ==
				NP_TOOL_CMAKE_TOOLCHAIN_FILE ? "the CMake toolchain file" : "the meson cross file",
				file, tc->origin[which[i]]);
		np_strv_push(&tc->files, file);
		if (!np_fs_read(file, MAX_TOOLCHAIN_FILE, &text, err)) {
			np_buf_release(&text);
			return false;
		}
		if (which[i] == NP_TOOL_CMAKE_TOOLCHAIN_FILE)
			read_cmake_file(tc, file, np_buf_str(&text), have);
		else
			read_meson_file(tc, file, np_buf_str(&text), have);
		np_buf_release(&text);
	}
	return true;
}

/* "targets"."<triple>"."toolchain" of a manifest or the user config. */
static void
from_manifest(struct np_toolchain *tc, const struct np_manifest *m, const char *target,
	bool *have)
{
	const struct np_json *section = np_json_get(np_manifest_target_section(m, target), "toolchain");

	for (const struct np_json *e = section ? section->child : NULL; e; e = e->next) {
		enum np_tool t;
		char *v;
		if (!np_toolchain_from_key(e->key, &t) || have[t] || e->type != NP_JSON_STRING)
			continue;
		v = tools[t].path ? path_value(e->str, m->dir) : np_xstrdup(e->str);
		set_value(tc, t, v, np_xasprintf("%s:%u:%u", m->path, e->line, e->col));
		have[t] = true;
		free(v);
	}
}

/* Where a program is on PATH, or NULL. */
static char *
on_path(const char *program)
{
	const char *path = getenv("PATH");
	struct np_strv dirs = {0};
	char *found = NULL;

	np_strv_split(&dirs, path ? path : "/usr/bin:/bin", ":");
	for (size_t i = 0; i < dirs.n && found == NULL; i++) {
		char *f = np_path_join(dirs.v[i], program);
		if (access(f, X_OK) == 0 && np_fs_is_file(f))
			found = f;
		else
			free(f);
	}
	np_strv_release(&dirs);
	return found;
}

/* The Debian package of a cross compiler, for the message that none was found. */
static char *
debian_package(const struct np_target *t)
{
	char *pkg;

	if (t->os == NP_TARGET_OS_WINDOWS)
		pkg = np_xasprintf("gcc-mingw-w64-%s", t->arch);
	else
		pkg = np_xasprintf("gcc-%s", t->gnu);
	for (char *p = pkg; *p; p++)
		if (*p == '_')
			*p = '-';
	return pkg;
}

static void
note_missing(struct np_toolchain *tc, const struct np_config *cfg, const char *tried_program)
{
	struct np_buf b = {0};
	char *env = np_strv_join(&tc->env[NP_TOOL_CC], ", ");

	np_buf_addf(&b, "no C compiler for %s: tried --toolchain cc=..., env %s", tc->target.gnu, env);
	if (tools[NP_TOOL_CC].cmake)
		np_buf_adds(&b, ", CMAKE_C_COMPILER in a CMake toolchain file, c in a meson cross file");
	np_buf_addf(&b, ", \"targets\": {\"%s\": {\"toolchain\": {\"cc\": ...}}} in %s%s%s", tc->target.gnu,
		cfg->manifest.path ? cfg->manifest.path : "nativepkg.json",
		cfg->user.path ? " and " : "", cfg->user.path ? cfg->user.path : "");
	if (tried_program) {
		char *pkg = debian_package(&tc->target);
		np_buf_addf(&b, ", and %s on PATH (Debian: apt-get install %s)", tried_program, pkg);
		free(pkg);
	}
	free(env);
	tc->missing = np_buf_detach(&b);
}

/* The defaults: the host's programs, or the GNU cross tools <triple>-<tool> on PATH. */
static void
defaults(struct np_toolchain *tc, const struct np_config *cfg)
{
	char *tried = NULL;

	for (int t = 0; t < NP_TOOL_COUNT; t++) {
		char *program, *where;
		if (tc->value[t])
			continue;
		if (!tc->foreign) {
			if (tools[t].host)
				set_value(tc, (enum np_tool)t, tools[t].host, np_xstrdup("default"));
			continue;
		}
		if (tools[t].gnu == NULL || (t == NP_TOOL_WINDRES && !np_target_is_windows(&tc->target)))
			continue;
		program = np_xasprintf("%s-%s", tc->target.gnu, tools[t].gnu);
		if ((where = on_path(program)) != NULL)
			set_value(tc, (enum np_tool)t, program, np_xasprintf("PATH: %s", where));
		else if (t == NP_TOOL_CC)
			tried = np_xstrdup(program);
		free(where);
		free(program);
	}
	if (tc->value[NP_TOOL_CC] == NULL)
		note_missing(tc, cfg, tried);
	free(tried);
}

/* Whether a tool is a program (its value a command, the first word found on PATH). */
static bool
is_program(enum np_tool t)
{
	return tools[t].gnu && t != NP_TOOL_CFLAGS && t != NP_TOOL_CXXFLAGS && t != NP_TOOL_LDFLAGS;
}

/* A command as the file it runs: "cc -m64" -> "/usr/bin/x86_64-linux-gnu-gcc-12 -m64". */
static char *
program_identity(const char *command)
{
	struct np_strv words = {0};
	char *found, *real = NULL, *id;

	np_strv_split(&words, command, " \t");
	if (words.n == 0) {
		np_strv_release(&words);
		return np_xstrdup(command);
	}
	found = strchr(words.v[0], '/') ? np_xstrdup(words.v[0]) : on_path(words.v[0]);
	if (found)
		real = np_path_real(found);
	free(words.v[0]);
	words.v[0] = real ? real : found ? found : np_xstrdup(command);
	if (real)
		free(found);
	id = np_strv_join(&words, " ");
	np_strv_release(&words);
	return id;
}

static bool
make_identity(struct np_toolchain *tc, struct np_error *err)
{
	struct np_buf b = {0};

	/*
	 * The host's defaults are what a key without a toolchain meant: they add nothing, and
	 * neither does another name of the same program (CMake runs its children with
	 * CC=/usr/bin/cc). A program is recorded as the file it runs.
	 */
	np_buf_adds(&b, "");
	for (int t = 0; t < NP_TOOL_COUNT; t++) {
		char *id, *dflt;
		if (!tools[t].identity || tc->value[t] == NULL || strcmp(tc->origin[t], "default") == 0)
			continue;
		if (!is_program((enum np_tool)t)) {
			np_buf_addf(&b, "%s %s\n", tools[t].key, tc->value[t]);
			continue;
		}
		id = program_identity(tc->value[t]);
		dflt = !tc->foreign && tools[t].host ? program_identity(tools[t].host) : NULL;
		if (dflt == NULL || strcmp(id, dflt) != 0)
			np_buf_addf(&b, "%s %s\n", tools[t].key, id);
		free(id);
		free(dflt);
	}
	for (size_t i = 0; i < tc->files.n; i++) {
		char hex[NP_HASH_HEX_LEN + 1];
		if (!np_hash_file(tc->files.v[i], hex, err)) {
			np_buf_release(&b);
			return false;
		}
		np_buf_addf(&b, "file %s %s\n", tc->files.v[i], hex);
	}
	tc->identity = np_buf_detach(&b);
	return true;
}

bool
np_toolchain_resolve(struct np_toolchain *tc, const struct np_config *cfg, struct np_error *err)
{
	bool have[NP_TOOL_COUNT] = {false};

	np_toolchain_release(tc);
	tc->target = cfg->tgt;
	tc->host = cfg->host;
	tc->foreign = cfg->foreign;
	for (int t = 0; t < NP_TOOL_COUNT; t++) {
		const char *cli = np_kv_get(&cfg->tools, tools[t].key);
		if (cli) {
			char *v = tools[t].path ? path_value(cli, NULL) : np_xstrdup(cli);
			set_value(tc, (enum np_tool)t, v, np_xasprintf("--toolchain %s", tools[t].key));
			free(v);
		} else {
			from_env(tc, (enum np_tool)t);
		}
		have[t] = tc->value[t] != NULL;
	}
	/* The files named so far (command line, environment) are read before the config files. */
	if (!read_files(tc, have, err))
		return false;
	from_manifest(tc, &cfg->manifest, cfg->target, have);
	from_manifest(tc, &cfg->user, cfg->target, have);
	/* A file named only in a config file is read too, for what nothing above set. */
	if (!read_files(tc, have, err))
		return false;
	defaults(tc, cfg);
	return make_identity(tc, err);
}

void
np_toolchain_release(struct np_toolchain *tc)
{
	for (int t = 0; t < NP_TOOL_COUNT; t++) {
		free(tc->value[t]);
		free(tc->origin[t]);
		np_strv_release(&tc->env[t]);
	}
	np_strv_release(&tc->files);
	free(tc->missing);
	free(tc->identity);
	memset(tc, 0, sizeof *tc);
}

const char *
np_toolchain_get(const struct np_toolchain *tc, enum np_tool t)
{
	return tc ? tc->value[t] : NULL;
}

const char *
np_toolchain_compiler(const struct np_toolchain *tc, struct np_error *err)
{
	if (tc->value[NP_TOOL_CC])
		return tc->value[NP_TOOL_CC];
	np_error_set(err, NP_EXIT_FAILURE, "%s", tc->missing ? tc->missing : "no C compiler");
	return NULL;
}

void
np_toolchain_inputs(const struct np_toolchain *tc, unsigned mask, struct np_inputs *in)
{
	for (int t = 0; t < NP_TOOL_COUNT; t++) {
		if (!(mask & (1u << t)))
			continue;
		for (size_t i = 0; i < tc->env[t].n; i++)
			np_inputs_add_env(in, tc->env[t].v[i]);
	}
	for (size_t i = 0; i < tc->files.n; i++)
		np_inputs_add_file(in, tc->files.v[i]);
}

void
np_toolchain_describe(const struct np_toolchain *tc, struct np_trace_step *step)
{
	np_trace_note(step, "target %s (Rust %s, %s %s, %s)%s", tc->target.gnu, tc->target.rust,
		np_target_os_name(tc->target.os), tc->target.arch,
		np_target_format_name(tc->target.format), tc->foreign ? ", cross" : "");
	for (int t = 0; t < NP_TOOL_COUNT; t++)
		if (tc->value[t])
			np_trace_note(step, "%s = %s (%s)", tools[t].key, tc->value[t], tc->origin[t]);
	if (tc->missing)
		np_trace_note(step, "%s", tc->missing);
}

const char *
np_toolchain_pkg_config_sysroot(const struct np_toolchain *tc)
{
	return tc->value[NP_TOOL_PKG_CONFIG_SYSROOT_DIR] ? tc->value[NP_TOOL_PKG_CONFIG_SYSROOT_DIR]
							   : tc->value[NP_TOOL_SYSROOT];
}

void
np_toolchain_pkg_config_dirs(const struct np_toolchain *tc, struct np_strv *dirs)
{
	const struct np_target *t = &tc->target;
	const char *sysroot = np_toolchain_pkg_config_sysroot(tc);
	const char *path = tc->value[NP_TOOL_PKG_CONFIG_PATH];
	const char *libdir = tc->value[NP_TOOL_PKG_CONFIG_LIBDIR];
	const char *prefixes[] = {"/usr/local", "/usr"};

	if (path)
		np_strv_split(dirs, path, ":");
	if (libdir) {
		np_strv_split(dirs, libdir, ":");
		return;
	}
	if (sysroot == NULL && !*t->multiarch) {
		/* Debian's mingw-w64 packages install to /usr/<triple>. */
		if (np_target_is_windows(t))
			np_strv_push_owned(dirs, np_xasprintf("/usr/%s/lib/pkgconfig", t->gnu));
		return;
	}
	for (size_t i = 0; i < 2; i++) {
		if (*t->multiarch)
			np_strv_push_owned(dirs, np_xasprintf("%s%s/lib/%s/pkgconfig", sysroot ? sysroot : "",
				prefixes[i], t->multiarch));
		if (sysroot) {
			np_strv_push_owned(dirs, np_xasprintf("%s%s/lib/pkgconfig", sysroot, prefixes[i]));
			np_strv_push_owned(dirs, np_xasprintf("%s%s/share/pkgconfig", sysroot, prefixes[i]));
		}
	}
	if (sysroot && !*t->multiarch) { /* a prefix-style sysroot (mingw-w64's) */
		np_strv_push_owned(dirs, np_xasprintf("%s/lib/pkgconfig", sysroot));
		np_strv_push_owned(dirs, np_xasprintf("%s/share/pkgconfig", sysroot));
	}
	/* A multiarch target without a sysroot: its architecture-independent .pc files too, as
	 * Debian's <triple>-pkg-config has them. */
	if (sysroot == NULL)
		np_strv_push(dirs, "/usr/share/pkgconfig");
}
