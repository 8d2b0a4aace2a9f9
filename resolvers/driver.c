/* driver: cmake, autotools, meson and make, each as a short list of commands; cargo in cargo.c. */
#include "resolvers/driver.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/proc.h"
#include "resolvers/cargo.h"

#define LOG_TAIL_LINES 20

/* Is `tool` an executable somewhere on PATH? */
static bool
on_path(const char *tool)
{
	const char *path = getenv("PATH");
	struct np_strv dirs = {0};
	bool found = false;

	np_strv_split(&dirs, path ? path : "/usr/bin:/bin", ":");
	for (size_t i = 0; i < dirs.n && !found; i++) {
		char *f = np_path_join(dirs.v[i], tool);
		found = access(f, X_OK) == 0;
		free(f);
	}
	np_strv_release(&dirs);
	return found;
}

static void
log_line(int fd, const char *text)
{
	if (write(fd, text, strlen(text)) < 0) {
		/* a log line lost is not a build lost */
	}
}

/* The log's last lines, read through its descriptor (the end of it: 20 lines fit in 64 KiB). */
char *
np_driver_log_tail(int fd)
{
	struct np_buf text = {0};
	struct np_strv lines = {0};
	struct np_buf out = {0};
	struct stat st;
	off_t from;
	size_t start;

	if (fstat(fd, &st) != 0)
		return np_xstrdup("");
	from = st.st_size > 65536 ? st.st_size - 65536 : 0;
	np_buf_reserve(&text, (size_t)(st.st_size - from) + 1);
	while (text.len < (size_t)(st.st_size - from)) {
		ssize_t n = pread(fd, text.data + text.len, (size_t)(st.st_size - from) - text.len,
			from + (off_t)text.len);
		if (n <= 0)
			break;
		text.len += (size_t)n;
	}
	text.data[text.len] = '\0';
	np_strv_split(&lines, np_buf_str(&text), "\n");
	/* Cut in the middle of a line: that part line is not shown. */
	if (from > 0 && lines.n > 1) {
		free(lines.v[0]);
		memmove(lines.v, lines.v + 1, lines.n * sizeof *lines.v);
		lines.n--;
	}
	start = lines.n > LOG_TAIL_LINES ? lines.n - LOG_TAIL_LINES : 0;
	for (size_t i = start; i < lines.n; i++)
		np_buf_addf(&out, "\n  | %s", lines.v[i]);
	np_strv_release(&lines);
	np_buf_release(&text);
	return np_buf_detach(&out);
}

/* Runs one command of a stage in cwd (extra environment entries first), logging it. */
static bool
step(const struct np_driver_job *j, const char *stage, const char *cwd,
	const struct np_strv *argv, const char *extra_env, struct np_error *err)
{
	struct np_strv env = {0};
	struct np_buf line = {0};
	struct np_proc p = {0};
	int status;
	bool ok;

	if (strchr(argv->v[0], '/') == NULL && !on_path(argv->v[0])) {
		static const struct {
			const char *tool, *packages;
		} hints[] = {{"cmake", "cmake"}, {"autoreconf", "autoconf automake libtool"},
			{"meson", "meson ninja-build"}, {"make", "make"}, {"patch", "patch"},
			{"cargo", "cargo"}, {"cbindgen", "cbindgen"}};
		const char *pkgs = argv->v[0];
		for (size_t i = 0; i < sizeof hints / sizeof *hints; i++)
			if (strcmp(hints[i].tool, argv->v[0]) == 0)
				pkgs = hints[i].packages;
		return np_error_set(err, NP_EXIT_FAILURE, "%s: building with %s needs '%s', which is not "
			"on PATH (Debian: apt-get install %s)", j->recipe->name,
			np_build_system_name(j->recipe->build_system), argv->v[0], pkgs);
	}
	if (j->stage)
		j->stage(j->stage_data, stage);
	np_buf_addf(&line, "$ (cd %s &&", cwd);
	if (extra_env)
		np_buf_addf(&line, " %s", extra_env);
	for (size_t i = 0; i < argv->n; i++)
		np_buf_addf(&line, " %s", argv->v[i]);
	np_buf_adds(&line, ")\n");
	log_line(j->log_fd, np_buf_str(&line));
	if (extra_env)
		np_strv_push(&env, extra_env);
	np_strv_copy(&env, j->env);

	p.argv = argv->v;
	p.cwd = cwd;
	p.env = env.v;
	p.out_fd = j->log_fd;
	ok = np_proc_run(&p, &status, err);
	if (ok && status != 0) {
		char *tail = np_driver_log_tail(j->log_fd);
		np_error_set(err, NP_EXIT_FAILURE, "%s: build failed: '%s' exited with status %d; last "
			"lines of %s:%s", j->recipe->name, argv->v[0], status, j->log, tail);
		free(tail);
		ok = false;
	}
	np_buf_release(&line);
	np_strv_release(&env);
	return ok;
}

bool
np_driver_step(const struct np_driver_job *j, const char *stage, const char *cwd,
	const struct np_strv *argv, struct np_error *err)
{
	return step(j, stage, cwd, argv, NULL, err);
}

/* The recipe's install targets (openssl's install_sw), else "install". */
static void
install_targets(const struct np_recipe *r, struct np_strv *argv)
{
	if (r->build_install_target.n)
		np_strv_copy(argv, &r->build_install_target);
	else
		np_strv_push(argv, "install");
}

static char *
source_dir(const struct np_driver_job *j)
{
	return j->recipe->build_subdir ? np_path_join(j->src, j->recipe->build_subdir)
				       : np_xstrdup(j->src);
}

static bool
run_cmake(const struct np_driver_job *j, const char *src, struct np_error *err)
{
	struct np_strv a = {0};
	char *joined, *destdir = np_xasprintf("DESTDIR=%s", j->destdir);
	bool ok;

	np_strv_push(&a, "cmake");
	np_strv_pushf(&a, "-S%s", src);
	np_strv_pushf(&a, "-B%s", j->build);
	if (on_path("ninja"))
		np_strv_push(&a, "-GNinja");
	np_strv_push(&a, "-DCMAKE_BUILD_TYPE=Release");
	np_strv_pushf(&a, "-DCMAKE_INSTALL_PREFIX=%s", j->prefix);
	/* Typed: a project's own GNUInstallDirs makes an untyped relative value <build>/lib. */
	np_strv_push(&a, "-DCMAKE_INSTALL_LIBDIR:PATH=lib");
	np_strv_pushf(&a, "-DBUILD_SHARED_LIBS=%s", j->want_static ? "OFF" : "ON");
	np_strv_push(&a, "-DCMAKE_POSITION_INDEPENDENT_CODE=ON");
	joined = np_strv_join(j->prefix_path, ";");
	np_strv_pushf(&a, "-DCMAKE_PREFIX_PATH=%s", joined);
	free(joined);
	joined = np_strv_join(j->rpath, ";");
	np_strv_pushf(&a, "-DCMAKE_INSTALL_RPATH=%s", joined);
	free(joined);
	if (j->cross)
		np_strv_copy(&a, j->cross);
	np_strv_copy(&a, j->options);
	ok = step(j, "configure", j->build, &a, NULL, err);

	np_strv_release(&a);
	np_strv_push(&a, "cmake");
	np_strv_push(&a, "--build");
	np_strv_push(&a, j->build);
	np_strv_push(&a, "--parallel");
	np_strv_pushf(&a, "%u", j->jobs);
	ok = ok && step(j, "build", j->build, &a, NULL, err);

	np_strv_release(&a);
	np_strv_push(&a, "cmake");
	np_strv_push(&a, "--install");
	np_strv_push(&a, j->build);
	ok = ok && step(j, "install", j->build, &a, destdir, err);
	np_strv_release(&a);
	free(destdir);
	return ok;
}

static bool
run_autotools(const struct np_driver_job *j, const char *src, struct np_error *err)
{
	const struct np_recipe *r = j->recipe;
	const char *script = r->build_configure ? r->build_configure : "configure";
	char *configure = np_path_join(src, script);
	struct np_strv a = {0};
	bool ok = true;

	/* A tarball made from a git tag often has configure.ac but no configure. */
	if (!np_fs_is_file(configure)) {
		np_strv_push(&a, "autoreconf");
		np_strv_push(&a, "-fi");
		ok = step(j, "configure", src, &a, NULL, err);
		np_strv_release(&a);
	}
	np_strv_push(&a, configure);
	np_strv_pushf(&a, "--prefix=%s", j->prefix);
	np_strv_pushf(&a, "--libdir=%s/lib", j->prefix);
	/* A recipe that says how to ask for the link kind (openssl's "no-shared") is obeyed. */
	if (!(j->want_static ? r->build_static_options.n : r->build_shared_options.n)) {
		np_strv_push(&a, j->want_static ? "--enable-static" : "--enable-shared");
		np_strv_push(&a, j->want_static ? "--disable-shared" : "--disable-static");
	}
	if (j->cross)
		np_strv_copy(&a, j->cross);
	np_strv_copy(&a, j->options);
	ok = ok && step(j, "configure", j->build, &a, NULL, err);

	np_strv_release(&a);
	np_strv_push(&a, "make");
	np_strv_pushf(&a, "-j%u", j->jobs);
	if (j->make_vars)
		np_strv_copy(&a, j->make_vars);
	ok = ok && step(j, "build", j->build, &a, NULL, err);

	np_strv_release(&a);
	np_strv_push(&a, "make");
	install_targets(r, &a);
	np_strv_pushf(&a, "DESTDIR=%s", j->destdir);
	if (j->make_vars)
		np_strv_copy(&a, j->make_vars);
	ok = ok && step(j, "install", j->build, &a, NULL, err);
	np_strv_release(&a);
	free(configure);
	return ok;
}

static bool
run_meson(const struct np_driver_job *j, const char *src, struct np_error *err)
{
	struct np_strv a = {0};
	bool ok;

	np_strv_push(&a, "meson");
	np_strv_push(&a, "setup");
	np_strv_push(&a, j->build);
	np_strv_push(&a, src);
	np_strv_pushf(&a, "--prefix=%s", j->prefix);
	np_strv_push(&a, "--libdir=lib");
	np_strv_push(&a, "--buildtype=release");
	np_strv_pushf(&a, "--default-library=%s", j->want_static ? "static" : "shared");
	/* The run-time path comes through LDFLAGS (the build environment), which meson keeps. */
	np_strv_push(&a, "-Db_staticpic=true");
	if (j->cross)
		np_strv_copy(&a, j->cross);
	np_strv_copy(&a, j->options);
	ok = step(j, "configure", j->build, &a, NULL, err);

	np_strv_release(&a);
	np_strv_push(&a, "meson");
	np_strv_push(&a, "compile");
	np_strv_push(&a, "-C");
	np_strv_push(&a, j->build);
	np_strv_push(&a, "-j");
	np_strv_pushf(&a, "%u", j->jobs);
	ok = ok && step(j, "build", j->build, &a, NULL, err);

	np_strv_release(&a);
	np_strv_push(&a, "meson");
	np_strv_push(&a, "install");
	np_strv_push(&a, "-C");
	np_strv_push(&a, j->build);
	np_strv_push(&a, "--no-rebuild");
	np_strv_push(&a, "--destdir");
	np_strv_push(&a, j->destdir);
	ok = ok && step(j, "install", j->build, &a, NULL, err);
	np_strv_release(&a);
	return ok;
}

static bool
run_make(const struct np_driver_job *j, const char *src, struct np_error *err)
{
	const struct np_recipe *r = j->recipe;
	const char *var = r->make_prefix_variable ? r->make_prefix_variable : "PREFIX";
	struct np_strv a = {0};
	bool ok;

	np_strv_push(&a, "make");
	np_strv_pushf(&a, "-j%u", j->jobs);
	np_strv_pushf(&a, "%s=%s", var, j->prefix);
	if (j->make_vars)
		np_strv_copy(&a, j->make_vars);
	if (j->cross)
		np_strv_copy(&a, j->cross);
	np_strv_copy(&a, j->options);
	ok = step(j, "build", src, &a, NULL, err);

	np_strv_release(&a);
	np_strv_push(&a, "make");
	install_targets(r, &a);
	/* A Makefile that ignores DESTDIR (bzip2's) is given the staged prefix itself. */
	if (r->make_destdir) {
		np_strv_pushf(&a, "%s=%s", var, j->prefix);
		np_strv_pushf(&a, "DESTDIR=%s", j->destdir);
	} else {
		np_strv_pushf(&a, "%s=%s%s", var, j->destdir, j->prefix);
	}
	if (j->make_vars)
		np_strv_copy(&a, j->make_vars);
	if (j->cross)
		np_strv_copy(&a, j->cross);
	np_strv_copy(&a, j->options);
	ok = ok && step(j, "install", src, &a, NULL, err);
	np_strv_release(&a);
	return ok;
}

bool
np_driver_run(const struct np_driver_job *j, struct np_error *err)
{
	char *src = source_dir(j);
	bool ok;

	if (!np_fs_is_dir(src)) {
		ok = np_error_set(err, NP_EXIT_INPUT, "%s: the source has no directory '%s' "
			"(build.subdir)", j->recipe->name, j->recipe->build_subdir);
	} else {
		switch (j->recipe->build_system) {
		case NP_BUILD_SYSTEM_CMAKE: ok = run_cmake(j, src, err); break;
		case NP_BUILD_SYSTEM_AUTOTOOLS: ok = run_autotools(j, src, err); break;
		case NP_BUILD_SYSTEM_MESON: ok = run_meson(j, src, err); break;
		case NP_BUILD_SYSTEM_MAKE: ok = run_make(j, src, err); break;
		case NP_BUILD_SYSTEM_CARGO: ok = np_cargo_run(j, src, err); break;
		default:
			ok = np_error_set(err, NP_EXIT_INPUT, "%s: the recipe has no build system",
				j->recipe->name);
			break;
		}
	}
	free(src);
	return ok;
}
