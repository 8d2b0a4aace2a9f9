/*
 * write_json: resolution.json, the machine-readable truth of a resolve: every package with
 * everything nativepkg knows about it, deterministic (no timestamps, stable order).
 */
#ifndef NP_CLI_WRITE_JSON_H
#define NP_CLI_WRITE_JSON_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

#define NP_WRITE_JSON_FORMAT 1

/* target may be NULL. */
bool np_write_json(const struct np_resolution_set *set, const char *target, struct np_buf *out,
	struct np_error *err);

#endif
