/* feature: choosing a recipe's optional features and applying the choice. */
#include "core/feature.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/recipe.h"

struct np_feature *
np_features_add(struct np_features *list, const char *name)
{
	struct np_feature *f;

	list->v = np_xgrow(list->v, &list->cap, list->n + 1, sizeof *list->v);
	f = &list->v[list->n++];
	memset(f, 0, sizeof *f);
	f->name = np_xstrdup(name);
	return f;
}

void
np_features_release(struct np_features *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct np_feature *f = &list->v[i];
		free(f->name);
		free(f->description);
		np_strv_release(&f->options);
		np_strv_release(&f->off_options);
		np_strv_release(&f->definitions);
		np_strv_release(&f->components);
		np_kv_release(&f->dependencies);
		np_kv_release(&f->dependency_links);
		np_kv_release(&f->dependency_kinds);
	}
	free(list->v);
	memset(list, 0, sizeof *list);
}

const struct np_feature *
np_features_find(const struct np_features *list, const char *name)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return &list->v[i];
	return NULL;
}

bool
np_feature_select(const struct np_recipe *r, const char *setting, const char *origin,
	struct np_strv *selected, struct np_error *err)
{
	struct np_strv words = {0};
	bool ok = true;

	for (size_t i = 0; i < r->features.n; i++)
		if (r->features.v[i].on_by_default)
			np_strv_push(selected, r->features.v[i].name);
	if (setting)
		np_strv_split(&words, setting, " ,\t");
	for (size_t i = 0; i < words.n && ok; i++) {
		bool off = words.v[i][0] == '-';
		const char *name = words.v[i] + (off ? 1 : 0);
		if (np_features_find(&r->features, name) == NULL) {
			struct np_strv names = {0};
			char *known;
			for (size_t k = 0; k < r->features.n; k++)
				np_strv_push(&names, r->features.v[k].name);
			known = np_strv_join(&names, ", ");
			ok = np_error_set(err, NP_EXIT_INPUT, "%s: feature \"%s\" from %s is not one of "
				"its recipe's (%s)", r->name, name, origin ? origin : "the settings",
				names.n ? known : "it has none");
			free(known);
			np_strv_release(&names);
			break;
		}
		for (size_t k = 0; k < selected->n; k++) {
			if (strcmp(selected->v[k], name) == 0) {
				free(selected->v[k]);
				memmove(selected->v + k, selected->v + k + 1, (selected->n - k) * sizeof *selected->v);
				selected->n--;
				break;
			}
		}
		if (!off)
			np_strv_push(selected, name);
	}
	np_strv_release(&words);
	if (!ok) {
		np_strv_release(selected);
		return false;
	}
	if (selected->n > 1)
		qsort(selected->v, selected->n, sizeof *selected->v, np_strv_cmp);
	return true;
}

/* Removes component `name` from r, and every requirement of it. */
static void
drop_component(struct np_recipe *r, const char *name)
{
	struct np_components *list = &r->components;

	for (size_t i = 0; i < list->n; i++) {
		if (strcmp(list->v[i].name, name) != 0)
			continue;
		np_component_release(&list->v[i]);
		memmove(list->v + i, list->v + i + 1, (list->n - i - 1) * sizeof *list->v);
		list->n--;
		break;
	}
	for (size_t i = 0; i < list->n; i++) {
		struct np_strv *req = &list->v[i].requires;
		for (size_t k = 0; k < req->n; k++) {
			if (strcmp(req->v[k], name) != 0)
				continue;
			free(req->v[k]);
			memmove(req->v + k, req->v + k + 1, (req->n - k) * sizeof *req->v);
			req->n--;
			break;
		}
	}
}

void
np_feature_apply(struct np_recipe *r, const struct np_strv *selected)
{
	if (r->features_applied)
		return;
	r->features_applied = true;
	np_strv_copy(&r->features_selected, selected);
	for (size_t i = 0; i < r->features.n; i++) {
		const struct np_feature *f = &r->features.v[i];
		if (!np_strv_contains(selected, f->name)) {
			np_strv_copy(&r->build_options, &f->off_options);
			for (size_t k = 0; k < f->components.n; k++)
				drop_component(r, f->components.v[k]);
			continue;
		}
		np_strv_copy(&r->build_options, &f->options);
		for (size_t k = 0; k < f->definitions.n; k++)
			np_strv_push_unique(&r->definitions, f->definitions.v[k]);
		for (size_t k = 0; k < f->dependencies.keys.n; k++) {
			const char *dep = f->dependencies.keys.v[k], *v;
			np_kv_set(&r->dependencies, dep, f->dependencies.values.v[k]);
			if ((v = np_kv_get(&f->dependency_links, dep)) != NULL)
				np_kv_set(&r->dependency_links, dep, v);
			if ((v = np_kv_get(&f->dependency_kinds, dep)) != NULL)
				np_kv_set(&r->dependency_kinds, dep, v);
		}
	}
	np_recipe_refresh_libs(r);
}
