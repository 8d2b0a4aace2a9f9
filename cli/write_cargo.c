/* write_cargo: Cargo build-script instructions. */
#include "cli/write_cargo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/write_env.h"
#include "core/alloc.h"
#include "core/fs.h"
#include "core/name.h"
#include "core/text.h"

static bool
line(struct np_buf *out, const char *key, const char *value, struct np_error *err)
{
	if (strpbrk(value, "\n\r"))
		return np_error_set(err, NP_EXIT_INPUT,
			"cannot write cargo:%s: the value contains a newline", key);
	np_buf_addf(out, "cargo:%s=%s\n", key, value);
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

static bool
write_one(const struct np_resolution *r, struct np_buf *out, struct np_error *err)
{
	struct np_kv vars = {0};
	char *prefix = NULL;
	bool ok = false;

	for (size_t i = 0; i < r->ldflags.n; i++) {
		const char *a = r->ldflags.v[i];
		char *v;
		if (np_text_starts_with(a, "-L")) {
			v = np_xasprintf("native=%s", a + 2);
			ok = line(out, "rustc-link-search", v, err);
		} else if (np_text_starts_with(a, "-l")) {
			bool archive = r->link == NP_LINK_STATIC && has_archive(r, a + 2);
			v = np_xasprintf("%s%s", archive ? "static=" : "", a + 2);
			ok = line(out, "rustc-link-lib", v, err);
		} else {
			/* Arguments Cargo has no instruction for would apply to this crate only. */
			v = np_xasprintf("# nativepkg: linker argument not passed to Cargo: %s\n", a);
			np_buf_adds(out, v);
			ok = true;
		}
		free(v);
		if (!ok)
			goto out;
	}

	/* Metadata: Cargo turns cargo:KEY=VALUE into DEP_<LINKS>_KEY for dependents. */
	if (!np_resolution_vars(r, &vars, err))
		goto out;
	{
		char *links = np_name_env(r->links);
		prefix = np_xasprintf("DEP_%s_", links);
		free(links);
	}
	for (size_t i = 0; i < vars.keys.n; i++) {
		char *key = np_xstrdup(vars.keys.v[i] + strlen(prefix));
		for (char *p = key; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		ok = line(out, key, vars.values.v[i], err);
		free(key);
		if (!ok)
			goto out;
	}
	for (size_t i = 0; i < r->inputs.env.n; i++)
		if (!line(out, "rerun-if-env-changed", r->inputs.env.v[i], err))
			goto out;
	for (size_t i = 0; i < r->inputs.files.n; i++)
		if (!line(out, "rerun-if-changed", r->inputs.files.v[i], err))
			goto out;
	ok = true;
out:
	np_kv_release(&vars);
	free(prefix);
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
