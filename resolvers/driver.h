/*
 * driver: how each build system is run — cmake, autotools, meson, make, cargo. The source is
 * configured for its final prefix (paths baked into .pc files and CMake configs stay right)
 * and installed under a staging directory (DESTDIR), which the caller renames into place.
 */
#ifndef NP_RESOLVERS_DRIVER_H
#define NP_RESOLVERS_DRIVER_H

#include <stdbool.h>

#include "core/error.h"
#include "core/recipe.h"
#include "core/strv.h"
#include "core/toolchain.h"

struct np_driver_job {
	const struct np_recipe *recipe;
	const char *src;     /* the extracted source root (the recipe's build.subdir is applied here) */
	const char *build;   /* an empty build directory */
	const char *prefix;  /* the final install prefix */
	const char *destdir; /* files are installed under <destdir><prefix> */
	const char *log;     /* the log's path, for messages */
	int log_fd;          /* the log, open for reading and appending: every command and its
	                        output go here, never through the path (borrowed) */
	bool want_static;
	unsigned jobs;
	const struct np_strv *options;     /* build.options + the link kind's, substituted */
	const struct np_strv *make_vars;   /* NAME=value for every make command (build.make), or NULL */
	const struct np_strv *prefix_path; /* dependency prefixes (CMAKE_PREFIX_PATH) */
	const struct np_strv *rpath;       /* run-time search path of the installed libraries */
	const struct np_strv *env;         /* the complete environment of the build */
	const struct np_strv *cross;       /* a cross build's configure arguments (cross.h); NULL or
	                                      empty for a native one */
	const struct np_toolchain *toolchain; /* the target's, for drivers that take the target
	                                         themselves (cargo.c); NULL: the host's */
	/* Optional: called as each step begins ("configure", "build", "install"). */
	void (*stage)(void *data, const char *name);
	void *stage_data;
};

/*
 * Configures, builds and installs. A failing command is NP_EXIT_FAILURE with the command, its
 * exit status, the log's last lines and the log's path.
 */
bool np_driver_run(const struct np_driver_job *j, struct np_error *err);
/*
 * One command of a build, run in cwd with j->env and logged (for drivers in files of their own,
 * such as cargo.c): a tool missing from PATH or a failing command is NP_EXIT_FAILURE, the latter
 * with the log's last lines.
 */
bool np_driver_step(const struct np_driver_job *j, const char *stage, const char *cwd,
	const struct np_strv *argv, struct np_error *err);
/* The log's last 20 lines, each as "\n  | <line>", for an error message. Caller frees. */
char *np_driver_log_tail(int log_fd);

#endif
