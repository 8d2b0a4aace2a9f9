/* write_flags: pkg-config compatible flag lines. */
#include "cli/write_flags.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"
#include "core/json.h"
#include "core/linkage.h"
#include "core/text.h"

/* Linker arguments keep their last occurrence (a library after those that need it). */
static void
merge_libs(struct np_strv *all, const struct np_strv *add)
{
	for (size_t i = 0; i < add->n; i++) {
		const char *a = add->v[i];
		if (np_text_starts_with(a, "-L")) {
			np_strv_push_unique(all, a);
			continue;
		}
		for (size_t k = 0; k < all->n; k++) {
			if (strcmp(all->v[k], a) == 0) {
				free(all->v[k]);
				memmove(all->v + k, all->v + k + 1, (all->n - k) * sizeof *all->v);
				all->n--;
				break;
			}
		}
		np_strv_push(all, a);
	}
}

/* The packages' compiler and linker arguments, merged across packages. */
static void
merged(struct np_resolution *const *rs, size_t n, struct np_strv *cflags, struct np_strv *libs)
{
	for (size_t i = 0; i < n; i++) {
		const struct np_resolution *r = rs[i];
		if (n == 1) {
			np_strv_copy(cflags, &r->cflags);
			np_strv_copy(libs, &r->ldflags);
			break;
		}
		for (size_t k = 0; k < r->cflags.n; k++)
			np_strv_push_unique(cflags, r->cflags.v[k]);
		merge_libs(libs, &r->ldflags);
	}
}

static const struct {
	const char *name;
	enum np_flags_format format;
} formats[] = {
	{"pkg-config", NP_FLAGS_FORMAT_PKGCONFIG}, {"bindgen", NP_FLAGS_FORMAT_BINDGEN},
	{"cffi", NP_FLAGS_FORMAT_CFFI}, {"swig", NP_FLAGS_FORMAT_SWIG},
};

bool
np_write_flags_format(const char *name, enum np_flags_format *out)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return true;
		}
	}
	return false;
}

/* A word for sh: bare when safe, else single-quoted. */
static void
sh_word(const char *s, struct np_buf *out)
{
	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			   "+-./=:,@%_") == strlen(s)) {
		np_buf_adds(out, s);
		return;
	}
	np_buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			np_buf_adds(out, "'\\''");
		else
			np_buf_addc(out, *s);
	}
	np_buf_addc(out, '\'');
}

/* The archive lib<name>.a of a static resolution, from its (unfiltered) library dirs. */
static char *
archive_of(struct np_resolution *const *rs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (rs[i]->link != NP_LINK_STATIC)
			continue;
		for (size_t k = 0; k < rs[i]->lib_dirs.n; k++) {
			char *path = np_xasprintf("%s/lib%s.a", rs[i]->lib_dirs.v[k], name);
			if (np_fs_is_file(path))
				return path;
			free(path);
		}
	}
	return NULL;
}

static bool
cffi(struct np_resolution *const *rs, size_t n, const struct np_strv *cflags,
	const struct np_strv *libs, bool any_static, struct np_buf *out, struct np_error *err)
{
	struct np_json *o = np_json_new(NP_JSON_OBJECT);
	struct np_json *inc = np_json_add(o, "include_dirs", np_json_new(NP_JSON_ARRAY));
	struct np_json *libdirs = np_json_add(o, "library_dirs", np_json_new(NP_JSON_ARRAY));
	struct np_json *names = np_json_add(o, "libraries", np_json_new(NP_JSON_ARRAY));
	struct np_json *macros = np_json_add(o, "define_macros", np_json_new(NP_JSON_ARRAY));
	struct np_json *rpath = np_json_add(o, "runtime_library_dirs", np_json_new(NP_JSON_ARRAY));
	struct np_json *ccargs = np_json_add(o, "extra_compile_args", np_json_new(NP_JSON_ARRAY));
	struct np_json *ldargs = np_json_add(o, "extra_link_args", np_json_new(NP_JSON_ARRAY));
	struct np_json *objects = np_json_add(o, "extra_objects", np_json_new(NP_JSON_ARRAY));
	bool ok;

	for (size_t i = 0; i < cflags->n; i++) {
		const char *a = cflags->v[i];
		if (np_text_starts_with(a, "-I")) {
			np_json_add_string(inc, NULL, a + 2);
		} else if (np_text_starts_with(a, "-D")) {
			/* distutils' form: [name, value], value None for a bare definition. */
			struct np_json *m = np_json_add(macros, NULL, np_json_new(NP_JSON_ARRAY));
			const char *eq = strchr(a + 2, '=');
			char *name = eq ? np_xstrndup(a + 2, (size_t)(eq - a - 2)) : np_xstrdup(a + 2);
			np_json_add_string(m, NULL, name);
			if (eq)
				np_json_add_string(m, NULL, eq + 1);
			else
				np_json_add(m, NULL, np_json_new(NP_JSON_NULL));
			free(name);
		} else {
			np_json_add_string(ccargs, NULL, a);
		}
	}
	for (size_t i = 0; i < libs->n; i++) {
		const char *a = libs->v[i];
		if (np_text_starts_with(a, "-L"))
			np_json_add_string(libdirs, NULL, a + 2);
		else if (np_text_starts_with(a, "-l")) {
			/* A static link names its archive: -l would prefer a shared object beside it. */
			char *name = np_linkage_archive_name(a);
			char *archive = any_static ? archive_of(rs, n, name ? name : a + 2) : NULL;
			if (archive)
				np_json_add_string(objects, NULL, archive);
			else
				np_json_add_string(names, NULL, name ? name : a + 2);
			free(archive);
			free(name);
		} else if (np_text_starts_with(a, "-Wl,-rpath,"))
			np_json_add_string(rpath, NULL, a + 11);
		else
			np_json_add_string(ldargs, NULL, a);
	}
	/*
	 * A Python interpreter may already have loaded a library of the same name (Debian's
	 * python3 links libz.so.1), and the loader then reuses it whatever the rpath says. A static
	 * archive is the way out, and its symbols must stay private to the extension, or the
	 * interpreter's copy interposes on them.
	 */
	if (any_static)
		np_json_add_string(ldargs, NULL, "-Wl,--exclude-libs,ALL");
	ok = np_json_print(o, true, out, err);
	np_json_free(o);
	return ok;
}

bool
np_write_flags_for(struct np_resolution *const *rs, size_t n, enum np_flags_format f,
	struct np_buf *out, struct np_error *err)
{
	struct np_strv cflags = {0}, libs = {0};
	bool ok = true;

	merged(rs, n, &cflags, &libs);
	switch (f) {
	case NP_FLAGS_FORMAT_PKGCONFIG:
		np_resolution_quote_args(&cflags, out);
		np_resolution_quote_args(&libs, out);
		np_buf_addc(out, '\n');
		break;
	case NP_FLAGS_FORMAT_BINDGEN:
		/* One argument per line: a build.rs hands each line to clang_arg(). */
		for (size_t i = 0; i < cflags.n; i++)
			np_buf_addf(out, "%s\n", cflags.v[i]);
		break;
	case NP_FLAGS_FORMAT_SWIG:
		for (size_t i = 0; i < cflags.n; i++) {
			if (!np_text_starts_with(cflags.v[i], "-I") && !np_text_starts_with(cflags.v[i], "-D"))
				continue;
			if (out->len && out->data[out->len - 1] != '\n')
				np_buf_addc(out, ' ');
			sh_word(cflags.v[i], out);
		}
		np_buf_addc(out, '\n');
		break;
	case NP_FLAGS_FORMAT_CFFI: {
		bool any_static = false;
		for (size_t i = 0; i < n; i++)
			any_static = any_static || rs[i]->link == NP_LINK_STATIC;
		ok = cffi(rs, n, &cflags, &libs, any_static, out, err);
		break;
	}
	}
	np_strv_release(&cflags);
	np_strv_release(&libs);
	return ok;
}

void
np_write_flags(struct np_resolution *const *rs, size_t n, int parts, struct np_buf *out)
{
	struct np_strv cflags = {0}, libs = {0};

	merged(rs, n, &cflags, &libs);
	if (parts & NP_FLAGS_CFLAGS)
		np_resolution_quote_args(&cflags, out);
	if (parts & NP_FLAGS_LIBS)
		np_resolution_quote_args(&libs, out);
	np_buf_addc(out, '\n');
	np_strv_release(&cflags);
	np_strv_release(&libs);
}
