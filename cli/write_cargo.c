/* write_cargo: Cargo build-script instructions and override tables. */
#include "cli/write_cargo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/name.h"
#include "core/text.h"

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
		if (np_text_starts_with(a, "-L")) {
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
write_one(const struct np_resolution *r, struct np_buf *out, struct np_error *err)
{
	struct link_parts p = {0};
	struct np_kv meta = {0};
	bool ok = false;

	link_parts(r, &p);
	for (size_t i = 0; i < p.search.n; i++)
		if (!line(out, "cargo::", "rustc-link-search", p.search.v[i], err))
			goto out;
	for (size_t i = 0; i < p.libs.n; i++)
		if (!line(out, "cargo::", "rustc-link-lib", p.libs.v[i], err))
			goto out;
	/* Other linker arguments (an rpath, -pthread) reach this package's own binaries only. */
	for (size_t i = 0; i < p.args.n; i++)
		if (!line(out, "cargo::", "rustc-link-arg", p.args.v[i], err))
			goto out;
	if (!metadata(r, &meta, err))
		goto out;
	for (size_t i = 0; i < meta.keys.n; i++) {
		char *kv = np_xasprintf("%s=%s", meta.keys.v[i], meta.values.v[i]);
		bool written = line(out, "cargo::", "metadata", kv, err) &&
			line(out, "cargo:", meta.keys.v[i], meta.values.v[i], err);
		free(kv);
		if (!written)
			goto out;
	}
	for (size_t i = 0; i < r->inputs.env.n; i++)
		if (!line(out, "cargo::", "rerun-if-env-changed", r->inputs.env.v[i], err))
			goto out;
	for (size_t i = 0; i < r->inputs.files.n; i++)
		if (!line(out, "cargo::", "rerun-if-changed", r->inputs.files.v[i], err))
			goto out;
	ok = true;
out:
	release_parts(&p);
	np_kv_release(&meta);
	return ok;
}

bool
np_write_cargo(struct np_resolution *const *rs, size_t n, struct np_buf *out,
	struct np_error *err)
{
	struct np_buf text = {0};
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++)
		ok = write_one(rs[i], &text, err);
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

/* Rust names the vendor: x86_64-linux-gnu is x86_64-unknown-linux-gnu to Cargo. */
static char *
rust_triple(const char *triple)
{
	const char *dash = strchr(triple, '-');

	if (dash && np_text_starts_with(dash + 1, "linux-"))
		return np_xasprintf("%.*s-unknown%s", (int)(dash - triple), triple, dash);
	return np_xstrdup(triple);
}

bool
np_write_cargo_config(const struct np_resolution_set *set, const char *triple,
	struct np_buf *out, struct np_error *err)
{
	struct np_buf text = {0};
	char *rust = rust_triple(triple ? triple : "unknown");
	bool ok = true;

	np_buf_addf(&text, "# Written by nativepkg: build-script overrides for target %s.\n"
		"# Use with `cargo --config <this file>` or copy into .cargo/config.toml. Any crate with\n"
		"# `links = \"<name>\"` then skips its build script and links what nativepkg resolved.\n",
		rust);
	for (size_t i = 0; i < set->n && ok; i++) {
		const struct np_resolution *r = set->v[i];
		struct link_parts p = {0};
		struct np_kv meta = {0};
		struct np_strv search = {0};

		link_parts(r, &p);
		/* The table's link-search entries take the same native=DIR form as the lines. */
		np_strv_copy(&search, &p.search);
		np_buf_addf(&text, "\n[target.%s.%s]\nrustc-link-lib = ", rust, r->links);
		ok = toml_array(&p.libs, &text, err);
		if (ok) {
			np_buf_adds(&text, "\nrustc-link-search = ");
			ok = toml_array(&search, &text, err);
		}
		ok = ok && metadata(r, &meta, err);
		for (size_t k = 0; ok && k < meta.keys.n; k++) {
			np_buf_addf(&text, "\n%s = ", meta.keys.v[k]);
			ok = toml_string(meta.values.v[k], &text, err);
		}
		np_buf_addc(&text, '\n');
		np_strv_release(&search);
		np_kv_release(&meta);
		release_parts(&p);
	}
	if (ok)
		np_buf_add(out, text.data, text.len);
	np_buf_release(&text);
	free(rust);
	return ok;
}
