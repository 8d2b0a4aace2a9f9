/* write_pc: pkg-config files. */
#include "cli/write_pc.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/text.h"

/* pkgconf truncates longer values without a word; refusing is better than a wrong file. */
#define MAX_VALUE 4000

static bool
escape(const char *what, const char *s, struct np_buf *out, struct np_error *err)
{
	size_t start = out->len;

	if (strpbrk(s, "\n\r"))
		return np_error_set(err, NP_EXIT_INPUT,
			"cannot write %s into a .pc file: it contains a newline", what);
	if (strstr(s, "${"))
		return np_error_set(err, NP_EXIT_INPUT,
			"cannot write %s into a .pc file: \"${\" always starts a variable there", what);
	for (; *s; s++) {
		/* Blanks and quotes split or quote words; '#' starts a comment; '\' escapes. */
		if (strchr(" \t'\"\\#", *s))
			np_buf_addc(out, '\\');
		np_buf_addc(out, *s);
	}
	if (out->len - start > MAX_VALUE)
		return np_error_set(err, NP_EXIT_INPUT,
			"cannot write %s into a .pc file: longer than %d bytes", what, MAX_VALUE);
	return true;
}

/* A field of words, each escaped; -I and -L of missing directories are left out. */
static bool
field(const char *name, const struct np_strv *args, struct np_buf *out, struct np_error *err)
{
	size_t start;
	bool any = false;

	np_buf_addf(out, "%s:", name);
	start = out->len;
	for (size_t i = 0; i < args->n; i++) {
		const char *a = args->v[i];
		if ((np_text_starts_with(a, "-I") || np_text_starts_with(a, "-L")) && !np_fs_is_dir(a + 2))
			continue;
		np_buf_addc(out, ' ');
		if (!escape(name, a, out, err))
			return false;
		any = true;
	}
	if (out->len - start > MAX_VALUE)
		return np_error_set(err, NP_EXIT_INPUT, "cannot write %s into a .pc file: longer than "
			"%d bytes", name, MAX_VALUE);
	(void)any;
	np_buf_addc(out, '\n');
	return true;
}

/* One line of free text (Name, Description): control characters become spaces. */
static void
text(const char *name, const char *s, struct np_buf *out)
{
	np_buf_addf(out, "%s: ", name);
	for (; *s; s++)
		np_buf_addc(out, (unsigned char)*s < 0x20 ? ' ' : (*s == '#' ? ' ' : *s));
	np_buf_addc(out, '\n');
}

static bool
contains_arg(const struct np_strv *sv, const char *s)
{
	return np_strv_contains(sv, s);
}

bool
np_write_pc(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err)
{
	struct np_buf b = {0};
	struct np_strv requires = {0}, private_libs = {0};
	bool ok = false;

	np_buf_addf(&b, "# %s %s, resolved by nativepkg (%s); regenerated on every resolve\n",
		r->name, r->version ? r->version : "(version unknown)", np_method_name(r->method));
	if (r->prefix && np_fs_is_dir(r->prefix)) {
		np_buf_adds(&b, "prefix=");
		if (!escape("the prefix", r->prefix, &b, err))
			goto out;
		np_buf_addc(&b, '\n');
	}
	if (r->include_dirs.n && np_fs_is_dir(r->include_dirs.v[0])) {
		np_buf_adds(&b, "includedir=");
		if (!escape("the include directory", r->include_dirs.v[0], &b, err))
			goto out;
		np_buf_addc(&b, '\n');
	}
	if (r->lib_dirs.n && np_fs_is_dir(r->lib_dirs.v[0])) {
		np_buf_adds(&b, "libdir=");
		if (!escape("the library directory", r->lib_dirs.v[0], &b, err))
			goto out;
		np_buf_addc(&b, '\n');
	}
	np_buf_addc(&b, '\n');
	text("Name", r->name, &b);
	text("Description", r->description ? r->description : r->name, &b);
	if (r->version && strpbrk(r->version, " \t\n#"))
		ok = np_error_set(err, NP_EXIT_INPUT, "cannot write version \"%s\" into a .pc file",
			r->version);
	np_buf_addf(&b, "Version: %s\n", r->version ? r->version : "unknown");

	/* Dependencies are the modules written beside this one; what they bring to a static link
	 * is theirs to say, so Libs.private keeps only what is this package's own. */
	for (size_t i = 0; i < r->deps.n; i++) {
		const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[i]);
		if (d == NULL)
			continue;
		np_strv_push(&requires, d->pc_module);
	}
	for (size_t i = 0; i < r->static_ldflags.n; i++) {
		const char *a = r->static_ldflags.v[i];
		bool from_dep = false;
		if (contains_arg(&r->ldflags, a))
			continue;
		for (size_t k = 0; k < r->deps.n && !from_dep; k++) {
			const struct np_resolution *d = np_resolution_set_find(set, r->deps.v[k]);
			from_dep = d && contains_arg(&d->static_ldflags, a);
		}
		if (!from_dep)
			np_strv_push_unique(&private_libs, a);
	}
	if (requires.n) {
		char *joined = np_strv_join(&requires, ", ");
		np_buf_addf(&b, "Requires.private: %s\n", joined);
		free(joined);
	}
	if (!field("Cflags", &r->cflags, &b, err) || !field("Libs", &r->ldflags, &b, err))
		goto out;
	if (private_libs.n && !field("Libs.private", &private_libs, &b, err))
		goto out;
	if (!np_error_isset(err)) {
		np_buf_add(out, b.data, b.len);
		ok = true;
	}
out:
	np_buf_release(&b);
	np_strv_release(&requires);
	np_strv_release(&private_libs);
	return ok;
}
