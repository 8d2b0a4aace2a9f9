/*
 * write_cargo: what Cargo reads. The lines a `-sys` crate's build.rs prints (cargo::
 * instructions, with metadata also in the legacy cargo:KEY=VALUE form for toolchains before
 * 1.77), and cargo/config.toml, whose [target.<triple>.<links>] tables make Cargo skip an
 * existing -sys crate's build script and use nativepkg's answer instead.
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
/*
 * The override tables of every resolution for `triple` (a GNU triple such as
 * x86_64-linux-gnu is written as Rust's x86_64-unknown-linux-gnu). Refuses invalid UTF-8,
 * which TOML cannot carry.
 */
bool np_write_cargo_config(const struct np_resolution_set *set, const char *triple,
	struct np_buf *out, struct np_error *err);

#endif
