/* error: the error value every fallible function fills, and nativepkg's exit codes (DESIGN §8). */
#ifndef NP_CORE_ERROR_H
#define NP_CORE_ERROR_H

#include <stdbool.h>

/* Stable, documented in docs/commands.md; the CLI exits with error.code. */
enum np_exit {
	NP_EXIT_OK = 0,
	NP_EXIT_FAILURE = 1,   /* not found, build failed */
	NP_EXIT_USAGE = 2,     /* bad command line */
	NP_EXIT_INPUT = 3,     /* bad recipe, manifest, config, env value */
	NP_EXIT_INTEGRITY = 4, /* hash or size mismatch */
	NP_EXIT_NETWORK = 5,
	NP_EXIT_UNSAFE = 6,    /* unsafe archive */
	NP_EXIT_LOCK = 8,      /* lock timeout */
};

/*
 * Valid when zeroed. The first error set wins; later np_error_set calls are ignored, so a
 * cleanup path cannot hide the cause. `msg` may hold several lines (one per problem found in
 * an input file); the CLI prefixes each line with "nativepkg: ".
 */
struct np_error {
	int code;
	char *msg;
};

bool np_error_set(struct np_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefixes the message with "what: " (for context added by a caller). */
void np_error_prefix(struct np_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool np_error_isset(const struct np_error *err);
void np_error_release(struct np_error *err);

#endif
