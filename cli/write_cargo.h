/*
 * write_cargo: what Cargo reads. The lines a `-sys` crate's build.rs prints — in the
 * cargo:KEY=VALUE syntax every Cargo reads, or the cargo::KEY=VALUE syntax of Cargo 1.77 and
 * later on request — and cargo/config.toml, whose [target.<triple>.<links>] tables make Cargo
 * skip an existing -sys crate's build script and use nativepkg's answer instead, and whose
 * [target.<triple>] rustflags give every binary the runtime search path.
 */
#ifndef NP_CLI_WRITE_CARGO_H
#define NP_CLI_WRITE_CARGO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/resolution.h"

enum np_cargo_syntax {
	NP_CARGO_SYNTAX_LEGACY, /* cargo:KEY=VALUE: every Cargo; metadata is any other key */
	NP_CARGO_SYNTAX_MODERN, /* cargo::KEY=VALUE: Cargo 1.77+, metadata as cargo::metadata= */
};

/*
 * Refuses (NP_EXIT_INPUT) values with a newline, which Cargo's line protocol cannot carry, and
 * in the legacy syntax a metadata key that Cargo would take for an instruction.
 */
bool np_write_cargo(struct np_resolution *const *rs, size_t n, enum np_cargo_syntax syntax,
	struct np_buf *out, struct np_error *err);
/* One target's answers for cargo/config.toml: the triple in any spelling (core/target.h). */
struct np_cargo_target {
	const char *triple;
	const struct np_resolution_set *set; /* borrowed */
};

/*
 * The override tables of every resolution for `triple` (a GNU triple such as
 * x86_64-linux-gnu is written as Rust's x86_64-unknown-linux-gnu). Refuses invalid UTF-8,
 * which TOML cannot carry.
 */
bool np_write_cargo_config(const struct np_resolution_set *set, const char *triple,
	struct np_buf *out, struct np_error *err);
/*
 * The same for several targets, one [target.<rust-triple>...] set of tables each, in the order
 * given; a Windows target gets no runtime search path (PE has none).
 */
bool np_write_cargo_config_targets(const struct np_cargo_target *targets, size_t n,
	struct np_buf *out, struct np_error *err);

#endif
