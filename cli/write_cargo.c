/* write_cargo: Cargo build-script instructions and override tables. */
#include "cli/write_cargo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/linkage.h"
#include "core/name.h"
#include "core/target.h"
#include "core/text.h"

/* The instruction prefix of a syntax. */
static const char *
prefix_of(enum np_cargo_syntax syntax)
{
	return syntax == NP_CARGO_SYNTAX_MODERN ? "cargo::" : "cargo:";
}

static bool
line(struct np_buf *out, const char *prefix, const char *key, const char *value,
	struct np_error *err)
{
	if (strpbrk(value, "\n\r"))
		return np_error_set(err, NP_EXIT_INPUT,
			"cannot write %s%s for Cargo: the value contains a newline", prefix, key);
	np_buf_addf(out, "%s%s=%s\n", prefix, key, value);
	return true;
}

/*
 * In the cargo:KEY=VALUE syntax a key Cargo knows is an instruction, not metadata: a recipe's
 * metadata key of that name would be obeyed, so it is refused.
 */
static bool
instruction_name(const char *key)
{
	static const char *const names[] = {"rerun-if-changed", "rerun-if-env-changed",
		"rustc-link-arg", "rustc-link-arg-bin", "rustc-link-arg-bins", "rustc-link-arg-tests",
		"rustc-link-arg-examples", "rustc-link-arg-benches", "rustc-link-arg-cdylib",
		"rustc-cdylib-link-arg", "rustc-link-lib", "rustc-link-search", "rustc-flags",
		"rustc-cfg", "rustc-check-cfg", "rustc-env", "warning", "error", "metadata"};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(key, names[i]) == 0)
			return true;
	return false;
}

static bool
has_archive(const struct np_resolution *r, const char *name)
{
	for (size_t i = 0; i < r->lib_dirs.n; i++) {
		char *path = np_xasprintf("%s/lib%s.a", r->lib_dirs.v[i], name);
		bool found = np_fs_is_file(path);
		free(path);
		if (found)
			return true;
	}
	return false;
}

/* Cargo's metadata: the DEP_<LINKS>_<KEY> variables, keyed by their lower-case <KEY>. */
static bool
metadata(const struct np_resolution *r, struct np_kv *out, struct np_error *err)
{
	struct np_kv vars = {0};
	char *links = np_name_env(r->links), *prefix = np_xasprintf("DEP_%s_", links);
	bool ok = np_resolution_vars(r, &vars, err);

	for (size_t i = 0; ok && i < vars.keys.n; i++) {
		char *key = np_xstrdup(vars.keys.v[i] + strlen(prefix));
		for (char *p = key; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		np_kv_set(out, key, vars.values.v[i]);
		free(key);
	}
	np_kv_release(&vars);
	free(links);
	free(prefix);
	return ok;
}

/* -L, -l and the rest of a link line, as Cargo's three instructions. */
struct link_parts {
	struct np_strv search, libs, args;
};

static void
link_parts(const struct np_resolution *r, struct link_parts *p)
{
	for (size_t i = 0; i < r->ldflags.n; i++) {
		const char *a = r->ldflags.v[i];
		char *lib = np_linkage_archive_name(a);
		if (lib) {
			/* -l:lib<name>.a: the archive, which Cargo's static kind links. */
			np_strv_push_owned(&p->libs, np_xasprintf("static=%s", lib));
			free(lib);
		} else if (np_text_starts_with(a, "-L")) {
			np_strv_push_owned(&p->search, np_xasprintf("native=%s", a + 2));
		} else if (np_text_starts_with(a, "-l")) {
			bool archive = r->link == NP_LINK_STATIC && has_archive(r, a + 2);
			np_strv_push_owned(&p->libs, np_xasprintf("%s%s", archive ? "static=" : "", a + 2));
		} else {
			np_strv_push(&p->args, a);
		}
	}
}

static void
release_parts(struct link_parts *p)
{
	np_strv_release(&p->search);
	np_strv_release(&p->libs);
	np_strv_release(&p->args);
}

static bool
write_one(const struct np_resolution *r, enum np_cargo_syntax syntax, struct np_buf *out,
	struct np_error *err)
{
	const char *pre = prefix_of(syntax);
	struct link_parts p = {0};
	struct np_kv meta = {0};
	bool ok = false;

	link_parts(r, &p);
	for (size_t i = 0; i < p.search.n; i++)
		if (!line(out, pre, "rustc-link-search", p.search.v[i], err))
			goto out;
	for (size_t i = 0; i < p.libs.n; i++)
		if (!line(out, pre, "rustc-link-lib", p.libs.v[i], err))
			goto out;
	/*
	 * Other linker arguments (the runtime search path, -pthread) reach this package's own
	 * binaries only: Cargo passes no link argument on to dependents. They get the runtime
	 * directories as metadata (DEP_<L>_RUNTIME_DIRS) to pass on, or cargo/config.toml's rustflags.
	 */
	for (size_t i = 0; i < p.args.n; i++)
		if (!line(out, pre, "rustc-link-arg", p.args.v[i], err))
			goto out;
	if (!metadata(r, &meta, err))
		goto out;
	for (size_t i = 0; i < meta.keys.n; i++) {
		bool written;
		if (syntax == NP_CARGO_SYNTAX_MODERN) {
			char *kv = np_xasprintf("%s=%s", meta.keys.v[i], meta.values.v[i]);
			written = line(out, pre, "metadata", kv, err);
			free(kv);
		} else if (instruction_name(meta.keys.v[i])) {
			written = np_error_set(err, NP_EXIT_INPUT, "cannot write metadata \"%s\" of %s as "
				"cargo:%s=...: Cargo reads that as an instruction (the cargo:: syntax, "
				"--format cargo::, can carry it)", meta.keys.v[i], r->name, meta.keys.v[i]);
		} else {
			written = line(out, pre, meta.keys.v[i], meta.values.v[i], err);
		}
		if (!written)
			goto out;
	}
	for (size_t i = 0; i < r->inputs.env.n; i++)
		if (!line(out, pre, "rerun-if-env-changed", r->inputs.env.v[i], err))
			goto out;
	for (size_t i = 0; i < r->inputs.files.n; i++)
		if (!line(out, pre, "rerun-if-changed", r->inputs.files.v[i], err))
			goto out;
	ok = true;
out:
	release_parts(&p);
	np_kv_release(&meta);
	return ok;
}

bool
np_write_cargo(struct np_resolution *const *rs, size_t n, enum np_cargo_syntax syntax,
	struct np_buf *out, struct np_error *err)
{
	struct np_buf text = {0};
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++)
		ok = write_one(rs[i], syntax, &text, err);
	if (ok)
		np_buf_add(out, text.data ? text.data : "", text.len);
	np_buf_release(&text);
	return ok;
}

/* A TOML basic string. */
static bool
toml_string(const char *s, struct np_buf *out, struct np_error *err)
{
	size_t bad;

	if (!np_text_utf8_valid(s, strlen(s), &bad))
		return np_error_set(err, NP_EXIT_INPUT,
			"cannot write \"%s\" into cargo/config.toml: not valid UTF-8", s);
	np_buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			np_buf_addf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			np_buf_addf(out, "\\u%04x", *p);
		else
			np_buf_addc(out, (char)*p);
	}
	np_buf_addc(out, '"');
	return true;
}

/* A TOML key: bare when it may be ("png16"), else quoted ("png.16": a bare '.' splits it). */
static bool
toml_key(const char *s, struct np_buf *out, struct np_error *err)
{
	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
			strlen(s)) {
		np_buf_adds(out, s);
		return true;
	}
	return toml_string(s, out, err);
}

static bool
toml_array(const struct np_strv *items, struct np_buf *out, struct np_error *err)
{
	np_buf_addc(out, '[');
	for (size_t i = 0; i < items->n; i++) {
		if (i)
			np_buf_adds(out, ", ");
		if (!toml_string(items->v[i], out, err))
			return false;
	}
	np_buf_addc(out, ']');
	return true;
}

static int
by_links(const void *a, const void *b)
{
	const struct np_resolution *x = *(const struct np_resolution *const *)a;
	const struct np_resolution *y = *(const struct np_resolution *const *)b;

	return strcmp(x->links, y->links);
}

/* The tables of one target. */
static bool
target_tables(const struct np_resolution_set *set, const char *triple, struct np_buf *text,
	struct np_error *err)
{
	const struct np_resolution **order;
	struct np_target t;
	const char *rust;
	bool ok = true;

	/* Rust names the vendor: x86_64-linux-gnu is x86_64-unknown-linux-gnu to Cargo. */
	if (triple && np_target_parse(triple, &t, NULL))
		rust = t.rust;
	else
		rust = triple ? triple : "unknown";
	{
		/* The runtime search path for every crate linked, dependents included; PE has none. */
		struct np_strv flags = {0};
		for (size_t i = 0; i < set->n && !(triple && np_target_is_windows(&t)); i++) {
			const struct np_resolution *r = set->v[i];
			for (size_t k = 0; r->runpath && k < r->runtime_dirs.n; k++) {
				char *arg = np_xasprintf("link-arg=-Wl,-rpath,%s", r->runtime_dirs.v[k]);
				if (!np_strv_contains(&flags, arg)) {
					np_strv_push(&flags, "-C");
					np_strv_push(&flags, arg);
				}
				free(arg);
			}
		}
		if (flags.n) {
			np_buf_addf(text, "\n[target.%s]\nrustflags = ", rust);
			ok = toml_array(&flags, text, err);
			np_buf_addc(text, '\n');
		}
		np_strv_release(&flags);
	}
	/* By links name, so that the answers of a lock and of a run give the same bytes. */
	order = np_xcalloc(set->n + 1, sizeof *order);
	for (size_t i = 0; i < set->n; i++)
		order[i] = set->v[i];
	qsort(order, set->n, sizeof *order, by_links);
	for (size_t i = 0; i < set->n && ok; i++) {
		const struct np_resolution *r = order[i];
		struct link_parts p = {0};
		struct np_kv meta = {0};
		struct np_strv search = {0};

		link_parts(r, &p);
		/* The table's link-search entries take the same native=DIR form as the lines. */
		np_strv_copy(&search, &p.search);
		np_buf_adds(text, "\n[target.");
		ok = toml_key(rust, text, err);
		np_buf_addc(text, '.');
		ok = ok && toml_key(r->links, text, err);
		np_buf_adds(text, "]\nrustc-link-lib = ");
		ok = ok && toml_array(&p.libs, text, err);
		if (ok) {
			np_buf_adds(text, "\nrustc-link-search = ");
			ok = toml_array(&search, text, err);
		}
		ok = ok && metadata(r, &meta, err);
		for (size_t k = 0; ok && k < meta.keys.n; k++) {
			np_buf_addf(text, "\n%s = ", meta.keys.v[k]);
			ok = toml_string(meta.values.v[k], text, err);
		}
		np_buf_addc(text, '\n');
		np_strv_release(&search);
		np_kv_release(&meta);
		release_parts(&p);
	}
	free(order);
	return ok;
}

bool
np_write_cargo_config_targets(const struct np_cargo_target *targets, size_t n,
	struct np_buf *out, struct np_error *err)
{
	struct np_buf text = {0};
	struct np_strv names = {0};
	char *joined;
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		struct np_target t;
		np_strv_push(&names, targets[i].triple && np_target_parse(targets[i].triple, &t, NULL) ?
			t.rust : targets[i].triple ? targets[i].triple : "unknown");
	}
	joined = np_strv_join(&names, ", ");
	np_buf_addf(&text, "# Written by nativepkg: build-script overrides for target%s %s.\n"
		"# Use with `cargo --config <this file>` or copy into .cargo/config.toml. Any crate with\n"
		"# `links = \"<name>\"` then skips its build script and links what nativepkg resolved,\n"
		"# and every binary finds those libraries at run time (rustflags; RUSTFLAGS replaces them).\n",
		n == 1 ? "" : "s", joined);
	free(joined);
	np_strv_release(&names);
	for (size_t i = 0; i < n && ok; i++)
		ok = target_tables(targets[i].set, targets[i].triple, &text, err);
	if (ok)
		np_buf_add(out, text.data, text.len);
	np_buf_release(&text);
	return ok;
}

bool
np_write_cargo_config(const struct np_resolution_set *set, const char *triple,
	struct np_buf *out, struct np_error *err)
{
	struct np_cargo_target t = {triple, set};

	return np_write_cargo_config_targets(&t, 1, out, err);
}
