/* write_pc: pkg-config files. */
#include "cli/write_pc.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/component.h"
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

/* What one .pc file says: the package's, or one component's. */
struct pc_text {
	const char *name, *description;
	const struct np_strv *requires;         /* modules written beside it */
	const struct np_strv *requires_private; /* the dependencies' modules */
	const struct np_strv *cflags, *libs, *static_libs;
	const struct np_strv *deps;             /* whose static closure is theirs to say */
};

static bool
render(const struct np_resolution *r, const struct np_resolution_set *set,
	const struct pc_text *t, struct np_buf *out, struct np_error *err)
{
	struct np_buf b = {0};
	struct np_strv private_libs = {0}, own_cflags = {0};
	bool ok = false;

	np_buf_addf(&b, "# %s %s, resolved by nativepkg (%s); regenerated on every resolve\n",
		t->name, r->version ? r->version : "(version unknown)", np_method_name(r->method));
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
	text("Name", t->name, &b);
	text("Description", t->description, &b);
	if (r->version && strpbrk(r->version, " \t\n#"))
		ok = np_error_set(err, NP_EXIT_INPUT, "cannot write version \"%s\" into a .pc file",
			r->version);
	np_buf_addf(&b, "Version: %s\n", r->version ? r->version : "unknown");

	/* Dependencies are the modules written beside this one; what they bring to a static link
	 * is theirs to say, so Libs.private keeps only what is this package's own. */
	for (size_t i = 0; i < t->static_libs->n; i++) {
		const char *a = t->static_libs->v[i];
		bool from_dep = false;
		if (contains_arg(t->libs, a))
			continue;
		for (size_t k = 0; k < t->deps->n && !from_dep; k++) {
			const struct np_resolution *d = np_resolution_set_find(set, t->deps->v[k]);
			from_dep = d && contains_arg(&d->static_ldflags, a);
		}
		if (!from_dep)
			np_strv_push_unique(&private_libs, a);
	}
	if (t->requires->n) {
		char *joined = np_strv_join(t->requires, ", ");
		np_buf_addf(&b, "Requires: %s\n", joined);
		free(joined);
	}
	if (t->requires_private->n) {
		char *joined = np_strv_join(t->requires_private, ", ");
		np_buf_addf(&b, "Requires.private: %s\n", joined);
		free(joined);
	}
	/* The dependencies' own compiler arguments come with their modules (Requires.private). */
	for (size_t i = 0; i < t->cflags->n; i++) {
		const char *a = t->cflags->v[i];
		bool from_dep = false;
		for (size_t k = 0; k < t->deps->n && !from_dep; k++) {
			const struct np_resolution *d = np_resolution_set_find(set, t->deps->v[k]);
			from_dep = d && d->pc_module && contains_arg(&d->cflags, a) &&
				!contains_arg(&r->include_dirs, a[0] == '-' && a[1] == 'I' ? a + 2 : "");
		}
		if (!from_dep)
			np_strv_push_unique(&own_cflags, a);
	}
	if (!field("Cflags", &own_cflags, &b, err) || !field("Libs", t->libs, &b, err))
		goto out;
	if (private_libs.n && !field("Libs.private", &private_libs, &b, err))
		goto out;
	if (!np_error_isset(err)) {
		np_buf_add(out, b.data, b.len);
		ok = true;
	}
out:
	np_buf_release(&b);
	np_strv_release(&private_libs);
	np_strv_release(&own_cflags);
	return ok;
}

bool
np_write_pc(const struct np_resolution *r, const struct np_resolution_set *set,
	struct np_buf *out, struct np_error *err)
{
	struct np_strv requires = {0}, none = {0};
	struct pc_text t = {.name = r->name, .description = r->description ? r->description : r->name,
		.requires = &none, .requires_private = &requires, .cflags = &r->cflags,
		.libs = &r->ldflags, .static_libs = &r->static_ldflags, .deps = &r->deps};
	bool ok;

	for (size_t i = 0; i < r->deps.n; i++)
		np_component_dep_modules(set, r->deps.v[i], &requires);
	ok = render(r, set, &t, out, err);
	np_strv_release(&requires);
	return ok;
}

/* The arguments of `in` but the libraries of the components in `covered` (their .pc brings them). */
static void
without_covered(const struct np_resolution *r, const struct np_strv *covered,
	const struct np_strv *in, struct np_strv *out)
{
	for (size_t i = 0; i < in->n; i++) {
		bool theirs = false;
		for (size_t k = 0; k < covered->n && !theirs; k++) {
			const struct np_component *q = np_components_find(&r->components, covered->v[k]);
			char *arg = q && q->lib ? np_xasprintf("-l%s", q->lib) : NULL;
			char *archive = q && q->lib ? np_xasprintf("-l:lib%s.a", q->lib) : NULL;
			theirs = arg && (strcmp(in->v[i], arg) == 0 || strcmp(in->v[i], archive) == 0);
			free(arg);
			free(archive);
		}
		if (!theirs)
			np_strv_push(out, in->v[i]);
	}
}

bool
np_write_pc_component(const struct np_resolution *r, const struct np_component *c,
	const struct np_resolution_set *set, struct np_buf *out, struct np_error *err)
{
	struct np_strv requires = {0}, requires_private = {0}, cflags = {0}, libs = {0}, all = {0},
		statics = {0}, deps = {0}, covered = {0};
	char *name = np_xasprintf("%s %s", r->name, c->name);
	char *description = np_xasprintf("%s (%s)", r->description ? r->description : r->name,
		c->name);
	struct pc_text t = {.name = name, .description = description, .requires = &requires,
		.requires_private = &requires_private, .cflags = &cflags, .libs = &libs,
		.static_libs = &statics, .deps = &deps};
	bool ok;

	/* The components it requires with modules of their own come through Requires, with
	 * their flags; the others' libraries are in its own Libs. */
	for (size_t i = 0; i < c->requires.n; i++) {
		const struct np_component *q = np_components_find(&r->components, c->requires.v[i]);
		if (q && q->pc_module) {
			np_strv_push_unique(&requires, q->pc_module);
			np_components_closure(&r->components, q->name, &covered);
		}
	}
	for (size_t i = 0; i < c->dependencies.n; i++) {
		char *pkg = np_xstrndup(c->dependencies.v[i], strcspn(c->dependencies.v[i], ":"));
		np_component_dep_modules(set, c->dependencies.v[i], &requires_private);
		np_strv_push_unique(&deps, pkg);
		free(pkg);
	}
	np_component_cflags(r, c, &cflags);
	np_component_ldflags(r, c, false, &all);
	without_covered(r, &covered, &all, &libs);
	np_strv_release(&all);
	np_component_ldflags(r, c, true, &all);
	without_covered(r, &covered, &all, &statics);
	ok = render(r, set, &t, out, err);
	free(name);
	free(description);
	np_strv_release(&requires);
	np_strv_release(&requires_private);
	np_strv_release(&cflags);
	np_strv_release(&libs);
	np_strv_release(&all);
	np_strv_release(&statics);
	np_strv_release(&deps);
	np_strv_release(&covered);
	return ok;
}
