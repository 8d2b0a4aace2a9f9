/*
 * write_cargo: the lines a Cargo build script prints for a resolution — link search paths,
 * link libraries, DEP_<LINKS>_<KEY> metadata for dependents, and rerun-if triggers for every
 * input — as a `-sys` crate's build.rs would.
 */
#ifndef NP_CLI_WRITE_CARGO_H
#define NP_CLI_WRITE_CARGO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

/* Refuses (NP_EXIT_INPUT) values with a newline, which Cargo's line protocol cannot carry. */
bool np_write_cargo(struct np_resolution *const *rs, size_t n, struct np_buf *out,
	struct np_error *err);

#endif
