/* cross: toolchain files, cross files, --host and make variables from the target's toolchain. */
#include "resolvers/cross.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"

bool
np_cross_active(const struct np_toolchain *tc)
{
	return tc && (tc->foreign || tc->value[NP_TOOL_CMAKE_TOOLCHAIN_FILE] ||
		tc->value[NP_TOOL_MESON_CROSS_FILE]);
}

/* The value of name in env, "" when absent. Borrowed. */
static const char *
env_value(const struct np_strv *env, const char *name)
{
	const char *v = np_env_get(env, name);

	return v ? v : "";
}

static char *
joined(const char *a, const char *b)
{
	if (a && *a && b && *b)
		return np_xasprintf("%s %s", a, b);
	return np_xstrdup(a && *a ? a : b ? b : "");
}

void
np_cross_env(const struct np_toolchain *tc, const char *extra_cflags, struct np_strv *env)
{
	static const struct {
		enum np_tool tool;
		const char *var;
	} programs[] = {{NP_TOOL_CC, "CC"}, {NP_TOOL_CXX, "CXX"}, {NP_TOOL_AR, "AR"},
		{NP_TOOL_RANLIB, "RANLIB"}, {NP_TOOL_STRIP, "STRIP"}, {NP_TOOL_WINDRES, "WINDRES"},
		{NP_TOOL_WINDRES, "RC"}};
	const char *cflags = np_toolchain_get(tc, NP_TOOL_CFLAGS);
	const char *cxxflags = np_toolchain_get(tc, NP_TOOL_CXXFLAGS);
	char *v;

	for (size_t i = 0; i < sizeof programs / sizeof *programs; i++) {
		const char *value = np_toolchain_get(tc, programs[i].tool);
		if (value)
			np_env_set(env, programs[i].var, value);
		else if (tc->foreign)
			np_env_unset(env, programs[i].var); /* never the host's */
	}
	v = joined(cflags, extra_cflags);
	np_env_set(env, "CFLAGS", v);
	free(v);
	v = joined(cxxflags, extra_cflags);
	np_env_set(env, "CXXFLAGS", v);
	free(v);
	if (np_toolchain_get(tc, NP_TOOL_LDFLAGS))
		np_env_set(env, "LDFLAGS", np_toolchain_get(tc, NP_TOOL_LDFLAGS));
	else
		np_env_unset(env, "LDFLAGS");
	if (!tc->foreign)
		return;
	/* The host's search paths would put its headers and libraries into a cross build. */
	np_env_unset(env, "CPPFLAGS");
	np_env_unset(env, "CPATH");
	np_env_unset(env, "C_INCLUDE_PATH");
	np_env_unset(env, "CPLUS_INCLUDE_PATH");
	np_env_unset(env, "LIBRARY_PATH");
	{
		struct np_strv dirs = {0};
		char *libdir;
		const char *sysroot = np_toolchain_pkg_config_sysroot(tc);
		np_toolchain_pkg_config_dirs(tc, &dirs);
		/* PKG_CONFIG_PATH is the dependencies' (set by the build); the rest the target's. */
		libdir = np_strv_join(&dirs, ":");
		np_env_set(env, "PKG_CONFIG_LIBDIR", libdir);
		free(libdir);
		np_strv_release(&dirs);
		if (sysroot)
			np_env_set(env, "PKG_CONFIG_SYSROOT_DIR", sysroot);
		else
			np_env_unset(env, "PKG_CONFIG_SYSROOT_DIR");
	}
}

/* A CMake bracket argument holding s whatever it contains: [==[s]==] with enough '='. */
static void
cmake_quote(struct np_buf *b, const char *s)
{
	char close[40];
	int level = 0;

	for (;;) {
		snprintf(close, sizeof close, "]%.*s]", level, "==============================");
		if (strstr(s, close) == NULL || level >= 30)
			break;
		level++;
	}
	np_buf_addf(b, "[%.*s[%s%s", level, "==============================", s, close);
}

static void
cmake_set(struct np_buf *b, const char *var, const char *value)
{
	np_buf_addf(b, "set(%s ", var);
	cmake_quote(b, value);
	np_buf_adds(b, ")\n");
}

/* "ccache gcc -m64": the program, and what comes after it. */
static void
split_command(const char *command, char **program, char **rest)
{
	struct np_strv words = {0}, tail = {0};

	np_strv_split(&words, command, " \t");
	*program = np_xstrdup(words.n ? words.v[0] : command);
	for (size_t i = 1; i < words.n; i++)
		np_strv_push(&tail, words.v[i]);
	*rest = np_strv_join(&tail, " ");
	np_strv_release(&words);
	np_strv_release(&tail);
}

/* Where the target's own files are searched besides the dependencies: its sysroot, or the
 * directory Debian's cross toolchains keep the target's C library in. */
static char *
target_root(const struct np_toolchain *tc)
{
	const char *sysroot = np_toolchain_get(tc, NP_TOOL_SYSROOT);

	return sysroot ? np_xstrdup(sysroot) : np_xasprintf("/usr/%s", tc->target.gnu);
}

static bool
write_cmake_toolchain(const struct np_toolchain *tc, const char *path,
	const struct np_strv *prefix_path, struct np_error *err)
{
	static const struct {
		enum np_tool tool;
		const char *var;
	} tools[] = {{NP_TOOL_CXX, "CMAKE_CXX_COMPILER"}, {NP_TOOL_AR, "CMAKE_AR"},
		{NP_TOOL_RANLIB, "CMAKE_RANLIB"}, {NP_TOOL_STRIP, "CMAKE_STRIP"},
		{NP_TOOL_WINDRES, "CMAKE_RC_COMPILER"}, {NP_TOOL_SYSROOT, "CMAKE_SYSROOT"}};
	struct np_buf b = {0};
	struct np_strv roots = {0};
	char *program, *rest, *list;
	bool ok;

	np_buf_addf(&b, "# Written by nativepkg: the toolchain for %s (%s).\n", tc->target.gnu,
		tc->target.rust);
	cmake_set(&b, "CMAKE_SYSTEM_NAME", tc->target.cmake_system);
	cmake_set(&b, "CMAKE_SYSTEM_PROCESSOR", tc->target.cmake_processor);
	/* CMake reads CFLAGS, CXXFLAGS and LDFLAGS from the build's environment itself; a
	 * compiler given with arguments ("gcc -m32") keeps them as its first flags. */
	split_command(np_toolchain_get(tc, NP_TOOL_CC), &program, &rest);
	cmake_set(&b, "CMAKE_C_COMPILER", program);
	if (*rest)
		cmake_set(&b, "CMAKE_C_FLAGS_INIT", rest);
	free(program), free(rest);
	for (size_t i = 0; i < sizeof tools / sizeof *tools; i++) {
		const char *v = np_toolchain_get(tc, tools[i].tool);
		if (v == NULL)
			continue;
		if (tools[i].tool == NP_TOOL_CXX) {
			split_command(v, &program, &rest);
			cmake_set(&b, tools[i].var, program);
			if (*rest)
				cmake_set(&b, "CMAKE_CXX_FLAGS_INIT", rest);
			free(program), free(rest);
		} else {
			cmake_set(&b, tools[i].var, v);
		}
	}
	/* The dependencies are found through CMAKE_PREFIX_PATH (the command line) inside these
	 * roots; the target's own files in its root only, never on the host. */
	np_strv_push_owned(&roots, target_root(tc));
	np_strv_copy(&roots, prefix_path);
	list = np_strv_join(&roots, ";");
	cmake_set(&b, "CMAKE_FIND_ROOT_PATH", list);
	free(list);
	np_buf_adds(&b, "set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)\n"
			"set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)\n"
			"set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)\n"
			"set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)\n");
	ok = np_fs_write_atomic(path, b.data, b.len, err);
	np_strv_release(&roots);
	np_buf_release(&b);
	return ok;
}

/* A meson string: single quotes, with \ and ' escaped. */
static void
meson_quote(struct np_buf *b, const char *s)
{
	np_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			np_buf_addc(b, '\\');
		if (*s == '\n')
			np_buf_adds(b, "\\n");
		else
			np_buf_addc(b, *s);
	}
	np_buf_addc(b, '\'');
}

/* key = ['word', 'word'] from a space-separated value. */
static void
meson_list(struct np_buf *b, const char *key, const char *value)
{
	struct np_strv words = {0};

	np_strv_split(&words, value, " \t");
	np_buf_addf(b, "%s = [", key);
	for (size_t i = 0; i < words.n; i++) {
		if (i)
			np_buf_adds(b, ", ");
		meson_quote(b, words.v[i]);
	}
	np_buf_adds(b, "]\n");
	np_strv_release(&words);
}

static bool
write_meson_cross(const struct np_toolchain *tc, const char *path, const struct np_strv *env,
	struct np_error *err)
{
	static const struct {
		enum np_tool tool;
		const char *key;
	} binaries[] = {{NP_TOOL_CC, "c"}, {NP_TOOL_CXX, "cpp"}, {NP_TOOL_AR, "ar"},
		{NP_TOOL_STRIP, "strip"}, {NP_TOOL_WINDRES, "windres"}};
	const struct np_target *t = &tc->target;
	const char *sysroot = np_toolchain_get(tc, NP_TOOL_SYSROOT);
	struct np_buf b = {0};
	struct np_strv dirs = {0}, pcpath = {0};
	char *cflags, *cxxflags;
	bool ok;

	np_buf_addf(&b, "# Written by nativepkg: the cross file for %s (%s).\n[binaries]\n", t->gnu,
		t->rust);
	for (size_t i = 0; i < sizeof binaries / sizeof *binaries; i++)
		if (np_toolchain_get(tc, binaries[i].tool))
			meson_list(&b, binaries[i].key, np_toolchain_get(tc, binaries[i].tool));
	np_buf_adds(&b, "pkg-config = 'pkg-config'\n\n[properties]\n");
	if (sysroot) {
		np_buf_adds(&b, "sys_root = ");
		meson_quote(&b, sysroot);
		np_buf_addc(&b, '\n');
	}
	np_toolchain_pkg_config_dirs(tc, &dirs);
	np_buf_adds(&b, "pkg_config_libdir = [");
	for (size_t i = 0; i < dirs.n; i++) {
		if (i)
			np_buf_adds(&b, ", ");
		meson_quote(&b, dirs.v[i]);
	}
	np_buf_adds(&b, "]\n\n[built-in options]\n");
	/* The environment's flags are the build machine's in a cross build: the host machine's
	 * (the target's) go here, with the dependencies' -I and -L. */
	cflags = joined(env_value(env, "CPPFLAGS"), env_value(env, "CFLAGS"));
	cxxflags = joined(env_value(env, "CPPFLAGS"), env_value(env, "CXXFLAGS"));
	meson_list(&b, "c_args", cflags);
	meson_list(&b, "cpp_args", cxxflags);
	meson_list(&b, "c_link_args", env_value(env, "LDFLAGS"));
	meson_list(&b, "cpp_link_args", env_value(env, "LDFLAGS"));
	np_strv_split(&pcpath, env_value(env, "PKG_CONFIG_PATH"), ":");
	np_buf_adds(&b, "pkg_config_path = [");
	for (size_t i = 0; i < pcpath.n; i++) {
		if (i)
			np_buf_adds(&b, ", ");
		meson_quote(&b, pcpath.v[i]);
	}
	np_buf_adds(&b, "]\n\n[host_machine]\nsystem = ");
	meson_quote(&b, t->meson_system);
	np_buf_adds(&b, "\ncpu_family = ");
	meson_quote(&b, t->meson_cpu_family);
	np_buf_adds(&b, "\ncpu = ");
	meson_quote(&b, t->meson_cpu);
	np_buf_addf(&b, "\nendian = '%s'\n", t->big_endian ? "big" : "little");
	ok = np_fs_write_atomic(path, b.data, b.len, err);
	free(cflags);
	free(cxxflags);
	np_strv_release(&dirs);
	np_strv_release(&pcpath);
	np_buf_release(&b);
	return ok;
}

bool
np_cross_args(const struct np_toolchain *tc, const struct np_recipe *r, const char *workdir,
	struct np_strv *env, const struct np_strv *prefix_path, struct np_strv *args,
	struct np_error *err)
{
	char *path;
	bool ok = true;

	if (!np_cross_active(tc))
		return true;
	switch (r->build_system) {
	case NP_BUILD_SYSTEM_CMAKE:
		if (np_toolchain_get(tc, NP_TOOL_CMAKE_TOOLCHAIN_FILE)) {
			np_strv_push_owned(args, np_xasprintf("-DCMAKE_TOOLCHAIN_FILE=%s",
				np_toolchain_get(tc, NP_TOOL_CMAKE_TOOLCHAIN_FILE)));
			break;
		}
		if (!tc->foreign)
			break;
		path = np_path_join(workdir, "toolchain.cmake");
		ok = write_cmake_toolchain(tc, path, prefix_path, err);
		np_strv_push_owned(args, np_xasprintf("-DCMAKE_TOOLCHAIN_FILE=%s", path));
		free(path);
		break;
	case NP_BUILD_SYSTEM_MESON:
		if (np_toolchain_get(tc, NP_TOOL_MESON_CROSS_FILE)) {
			np_strv_push(args, "--cross-file");
			np_strv_push(args, np_toolchain_get(tc, NP_TOOL_MESON_CROSS_FILE));
			break;
		}
		if (!tc->foreign)
			break;
		path = np_path_join(workdir, "cross.ini");
		ok = write_meson_cross(tc, path, env, err);
		np_strv_push(args, "--cross-file");
		np_strv_push_owned(args, path);
		/* In a cross build meson takes the environment's compiler and flags for the build
		 * machine: they are the target's here, and in the cross file already. */
		{
			static const char *const names[] = {"CC", "CXX", "AR", "STRIP", "RANLIB", "WINDRES",
				"RC", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "PKG_CONFIG_PATH",
				"PKG_CONFIG_LIBDIR", "PKG_CONFIG_SYSROOT_DIR"};
			for (size_t i = 0; i < sizeof names / sizeof *names; i++)
				np_env_unset(env, names[i]);
		}
		break;
	case NP_BUILD_SYSTEM_AUTOTOOLS:
		if (!tc->foreign)
			break;
		np_strv_push_owned(args, np_xasprintf("--host=%s", tc->target.gnu));
		np_strv_push_owned(args, np_xasprintf("--build=%s", tc->host.gnu));
		break;
	case NP_BUILD_SYSTEM_MAKE:
		if (!tc->foreign)
			break;
		/* Command-line variables beat a Makefile's own assignments. */
		{
			static const struct {
				enum np_tool tool;
				const char *var;
			} vars[] = {{NP_TOOL_CC, "CC"}, {NP_TOOL_CXX, "CXX"}, {NP_TOOL_AR, "AR"},
				{NP_TOOL_RANLIB, "RANLIB"}, {NP_TOOL_STRIP, "STRIP"},
				{NP_TOOL_WINDRES, "WINDRES"}};
			for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
				if (np_toolchain_get(tc, vars[i].tool))
					np_strv_push_owned(args, np_xasprintf("%s=%s", vars[i].var,
						np_toolchain_get(tc, vars[i].tool)));
		}
		break;
	default:
		break;
	}
	return ok;
}
