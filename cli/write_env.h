/*
 * write_env: the Cargo-style DEP_<LINKS>_<KEY> variables of resolutions (DESIGN §7), in the
 * formats tools read: KEY=VALUE files, sourceable sh, JSON, GitHub's $GITHUB_ENV, make.
 */
#ifndef NP_CLI_WRITE_ENV_H
#define NP_CLI_WRITE_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

enum np_env_format {
	NP_ENV_FORMAT_DOTENV,
	NP_ENV_FORMAT_SH,
	NP_ENV_FORMAT_JSON,
	NP_ENV_FORMAT_GITHUB,
	NP_ENV_FORMAT_MAKE,
};

bool np_write_env_format(const char *name, enum np_env_format *out);
/*
 * Renders the variables of rs[0..n). A value the format cannot carry (a newline in a
 * KEY=VALUE file, for instance) is refused with NP_EXIT_INPUT and nothing is appended.
 */
bool np_write_env(struct np_resolution *const *rs, size_t n, enum np_env_format f,
	struct np_buf *out, struct np_error *err);
/*
 * The run environment of rs[0..n) (DESIGN §7): LD_LIBRARY_PATH naming the runtime directories
 * of every answer, for what a runtime search path cannot reach — an interpreter that already
 * loaded a library of the same soname, a test harness, dlopen. The sh form puts them before
 * the caller's LD_LIBRARY_PATH; the others hold them alone. Nothing when no answer needs one.
 */
bool np_write_run_env(struct np_resolution *const *rs, size_t n, enum np_env_format f,
	struct np_buf *out, struct np_error *err);

#endif
