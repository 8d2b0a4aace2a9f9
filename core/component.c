/* component: the libraries of a package, their requirement graph and what each is told. */
#include "core/component.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/linkage.h"
#include "core/name.h"
#include "core/resolution.h"
#include "core/text.h"

struct np_component *
np_components_add(struct np_components *list, const char *name)
{
	struct np_component *c;

	list->v = np_xgrow(list->v, &list->cap, list->n + 1, sizeof *list->v);
	c = &list->v[list->n++];
	memset(c, 0, sizeof *c);
	c->name = np_xstrdup(name);
	c->is_default = true;
	return c;
}

void
np_component_release(struct np_component *c)
{
	free(c->name);
	free(c->lib);
	free(c->pc_module);
	np_strv_release(&c->pc_aliases);
	np_strv_release(&c->cmake_targets);
	np_strv_release(&c->requires);
	np_strv_release(&c->dependencies);
	np_strv_release(&c->definitions);
	np_strv_release(&c->static_definitions);
	np_kv_release(&c->metadata);
	free(c->file);
	memset(c, 0, sizeof *c);
}

void
np_components_release(struct np_components *list)
{
	for (size_t i = 0; i < list->n; i++)
		np_component_release(&list->v[i]);
	free(list->v);
	memset(list, 0, sizeof *list);
}

static char *
dup_or_null(const char *s)
{
	return s ? np_xstrdup(s) : NULL;
}

void
np_components_copy(struct np_components *dst, const struct np_components *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct np_component *s = &src->v[i];
		struct np_component *d = np_components_add(dst, s->name);
		d->lib = dup_or_null(s->lib);
		d->pc_module = dup_or_null(s->pc_module);
		np_strv_copy(&d->pc_aliases, &s->pc_aliases);
		np_strv_copy(&d->cmake_targets, &s->cmake_targets);
		np_strv_copy(&d->requires, &s->requires);
		np_strv_copy(&d->dependencies, &s->dependencies);
		d->has_dependencies = s->has_dependencies;
		np_strv_copy(&d->definitions, &s->definitions);
		np_strv_copy(&d->static_definitions, &s->static_definitions);
		np_kv_copy(&d->metadata, &s->metadata);
		d->is_default = s->is_default;
		d->file = dup_or_null(s->file);
	}
}

static bool
str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool
np_components_equal(const struct np_components *a, const struct np_components *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct np_component *x = &a->v[i], *y = &b->v[i];
		if (!str_eq(x->name, y->name) || !str_eq(x->lib, y->lib) ||
			!str_eq(x->pc_module, y->pc_module) || !str_eq(x->file, y->file) ||
			x->is_default != y->is_default || x->has_dependencies != y->has_dependencies ||
			!np_strv_equal(&x->pc_aliases, &y->pc_aliases) ||
			!np_strv_equal(&x->cmake_targets, &y->cmake_targets) ||
			!np_strv_equal(&x->requires, &y->requires) ||
			!np_strv_equal(&x->dependencies, &y->dependencies) ||
			!np_strv_equal(&x->definitions, &y->definitions) ||
			!np_strv_equal(&x->static_definitions, &y->static_definitions) ||
			!np_strv_equal(&x->metadata.keys, &y->metadata.keys) ||
			!np_strv_equal(&x->metadata.values, &y->metadata.values))
			return false;
	}
	return true;
}

const struct np_component *
np_components_find(const struct np_components *list, const char *name)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return &list->v[i];
	return NULL;
}

const struct np_component *
np_components_find_lib(const struct np_components *list, const char *lib)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].lib && strcmp(list->v[i].lib, lib) == 0)
			return &list->v[i];
	return NULL;
}

static size_t
index_of(const struct np_components *list, const char *name)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

/*
 * Depth-first: a component is placed after everything that requires it. Components are few
 * (a package has a handful), so the quadratic scans cost nothing.
 */
enum mark { UNSEEN, ACTIVE, PLACED };

static bool
place(const struct np_components *list, size_t i, enum mark *marks, size_t *post, size_t *n,
	const char **bad)
{
	const struct np_component *c = &list->v[i];

	if (marks[i] == PLACED)
		return true;
	if (marks[i] == ACTIVE) {
		if (bad)
			*bad = c->name;
		return false;
	}
	marks[i] = ACTIVE;
	for (size_t k = 0; k < c->requires.n; k++) {
		size_t j = index_of(list, c->requires.v[k]);
		if (j == SIZE_MAX) {
			if (bad)
				*bad = c->name;
			return false;
		}
		if (!place(list, j, marks, post, n, bad))
			return false;
	}
	marks[i] = PLACED;
	post[(*n)++] = i; /* after everything it requires */
	return true;
}

bool
np_components_link_order(const struct np_components *list, size_t *order, const char **bad)
{
	enum mark *marks = np_xcalloc(list->n + 1, sizeof *marks);
	size_t *post = np_xcalloc(list->n + 1, sizeof *post), n = 0;
	bool ok = true;

	/* Requirements are placed before what needs them; the reverse is link order. Visiting
	 * the last declared first keeps declaration order among independent components. */
	for (size_t i = list->n; i-- > 0 && ok;)
		ok = place(list, i, marks, post, &n, bad);
	for (size_t i = 0; ok && i < n; i++)
		order[i] = post[n - 1 - i];
	free(marks);
	free(post);
	return ok;
}

void
np_components_closure(const struct np_components *list, const char *name, struct np_strv *out)
{
	size_t *order = np_xcalloc(list->n + 1, sizeof *order);
	struct np_strv wanted = {0};

	/* Which components are reached from name, then those in link order. */
	np_strv_push(&wanted, name);
	for (size_t i = 0; i < wanted.n; i++) {
		const struct np_component *c = np_components_find(list, wanted.v[i]);
		for (size_t k = 0; c && k < c->requires.n; k++)
			np_strv_push_unique(&wanted, c->requires.v[k]);
	}
	if (np_components_link_order(list, order, NULL)) {
		for (size_t i = 0; i < list->n; i++)
			if (np_strv_contains(&wanted, list->v[order[i]].name))
				np_strv_push(out, list->v[order[i]].name);
	} else if (np_components_find(list, name)) {
		np_strv_push(out, name);
	}
	np_strv_release(&wanted);
	free(order);
}

char *
np_component_env(const char *name)
{
	return np_name_env(name);
}

/* The definitions a closure brings, as -D arguments, in closure order. */
static void
closure_defines(const struct np_components *list, const struct np_strv *closure,
	struct np_strv *out)
{
	for (size_t i = 0; i < closure->n; i++) {
		const struct np_component *c = np_components_find(list, closure->v[i]);
		for (size_t k = 0; c && k < c->definitions.n; k++)
			np_strv_push_unique(out, c->definitions.v[k]);
	}
}

void
np_component_cflags(const struct np_resolution *r, const struct np_component *c,
	struct np_strv *out)
{
	struct np_strv closure = {0}, mine = {0}, others = {0};

	np_components_closure(&r->components, c->name, &closure);
	closure_defines(&r->components, &closure, &mine);
	/* Every other component's definitions are not this one's to give. */
	for (size_t i = 0; i < r->components.n; i++)
		for (size_t k = 0; k < r->components.v[i].definitions.n; k++)
			if (!np_strv_contains(&mine, r->components.v[i].definitions.v[k]))
				np_strv_push_unique(&others, r->components.v[i].definitions.v[k]);
	for (size_t i = 0; i < r->cflags.n; i++) {
		const char *a = r->cflags.v[i];
		if (np_text_starts_with(a, "-D") && np_strv_contains(&others, a + 2))
			continue;
		np_strv_push_unique(out, a);
	}
	for (size_t i = 0; i < mine.n; i++) {
		char *arg = np_xasprintf("-D%s", mine.v[i]);
		np_strv_push_unique(out, arg);
		free(arg);
	}
	np_strv_release(&closure);
	np_strv_release(&mine);
	np_strv_release(&others);
}

/* The library an argument names when it is one of the package's own: -lNAME or -l:libNAME.a. */
static const struct np_component *
own_library(const struct np_resolution *r, const char *arg)
{
	char *archive = np_linkage_archive_name(arg);
	const struct np_component *c = NULL;

	if (archive)
		c = np_components_find_lib(&r->components, archive);
	else if (np_text_starts_with(arg, "-l") && arg[2] != ':')
		c = np_components_find_lib(&r->components, arg + 2);
	free(archive);
	return c;
}

/* Whether a component's library is an archive in this answer. */
static bool
is_archive(const struct np_component *c)
{
	return c->file && np_text_ends_with(c->file, ".a");
}

void
np_component_ldflags(const struct np_resolution *r, const struct np_component *c,
	bool static_closure, struct np_strv *out)
{
	const struct np_strv *line = static_closure ? &r->static_ldflags : &r->ldflags;
	struct np_strv closure = {0};
	bool placed = false;

	np_components_closure(&r->components, c->name, &closure);
	/* The package's line, its own libraries replaced where the first of them stood by the
	 * closure's, in link order: directories, runtime path and the rest stay as they are. */
	for (size_t i = 0; i <= line->n; i++) {
		const char *a = i < line->n ? line->v[i] : NULL;
		if (a && own_library(r, a) == NULL) {
			np_strv_push(out, a);
			continue;
		}
		if (placed)
			continue;
		placed = true;
		for (size_t k = 0; k < closure.n; k++) {
			const struct np_component *m = np_components_find(&r->components, closure.v[k]);
			if (m == NULL || m->lib == NULL)
				continue;
			if ((r->link == NP_LINK_STATIC || static_closure) && is_archive(m))
				np_strv_push_owned(out, np_linkage_archive_arg(m->lib));
			else
				np_strv_push_owned(out, np_xasprintf("-l%s", m->lib));
		}
	}
	np_strv_release(&closure);
}

void
np_component_libs(const struct np_resolution *r, const struct np_component *c,
	struct np_strv *out)
{
	struct np_strv closure = {0};

	np_components_closure(&r->components, c->name, &closure);
	for (size_t i = 0; i < closure.n; i++) {
		const struct np_component *m = np_components_find(&r->components, closure.v[i]);
		if (m && m->lib)
			np_strv_push(out, m->lib);
	}
	np_strv_release(&closure);
}

const struct np_resolution *
np_component_dep(const struct np_resolution_set *set, const char *dep,
	const struct np_component **comp)
{
	const char *colon = strchr(dep, ':');
	char *pkg = colon ? np_xstrndup(dep, (size_t)(colon - dep)) : np_xstrdup(dep);
	const struct np_resolution *d = np_resolution_set_find(set, pkg);

	*comp = d && colon ? np_components_find(&d->components, colon + 1) : NULL;
	free(pkg);
	return d;
}

void
np_component_dep_modules(const struct np_resolution_set *set, const char *dep,
	struct np_strv *out)
{
	const struct np_component *comp;
	const struct np_resolution *d = np_component_dep(set, dep, &comp);

	if (d == NULL)
		return;
	if (comp && comp->pc_module) {
		np_strv_push_unique(out, comp->pc_module);
		return;
	}
	if (d->pc_module) {
		np_strv_push_unique(out, d->pc_module);
		return;
	}
	for (size_t i = 0; i < d->components.n; i++)
		if (d->components.v[i].is_default && d->components.v[i].pc_module)
			np_strv_push_unique(out, d->components.v[i].pc_module);
}
