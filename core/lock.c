/* lock: reading, writing and comparing nativepkg.lock. */
#include "core/lock.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/diag.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/name.h"

/* --- writing ------------------------------------------------------------------------------ */

static void
add_opt(struct np_json *obj, const char *key, const char *value)
{
	np_json_add(obj, key, value ? np_json_new_string(value) : np_json_new(NP_JSON_NULL));
}

static void
add_strv(struct np_json *obj, const char *key, const struct np_strv *v)
{
	np_json_add_strings(obj, key, v->v, v->n);
}

static void
add_kv(struct np_json *obj, const char *key, const struct np_kv *kv)
{
	struct np_json *o = np_json_add(obj, key, np_json_new(NP_JSON_OBJECT));
	for (size_t i = 0; i < kv->keys.n; i++)
		np_json_add_string(o, kv->keys.v[i], kv->values.v[i]);
}

static struct np_json *
components_json(const struct np_components *list)
{
	struct np_json *a = np_json_new(NP_JSON_ARRAY);

	for (size_t i = 0; i < list->n; i++) {
		const struct np_component *c = &list->v[i];
		struct np_json *o = np_json_add(a, NULL, np_json_new(NP_JSON_OBJECT));
		np_json_add_string(o, "name", c->name);
		add_opt(o, "lib", c->lib);
		add_opt(o, "file", c->file);
		np_json_add(o, "default", np_json_new_bool(c->is_default));
		add_opt(o, "pkg_config", c->pc_module);
		add_strv(o, "pkg_config_aliases", &c->pc_aliases);
		add_strv(o, "cmake_targets", &c->cmake_targets);
		add_strv(o, "requires", &c->requires);
		add_strv(o, "dependencies", &c->dependencies);
		add_strv(o, "definitions", &c->definitions);
		add_kv(o, "metadata", &c->metadata);
	}
	return a;
}

static struct np_json *
answer_json(const struct np_resolution *r)
{
	struct np_json *a = np_json_new(NP_JSON_OBJECT), *exports;

	add_opt(a, "prefix", r->prefix);
	add_opt(a, "pc_file", r->pc_file);
	add_opt(a, "dylib", r->dylib);
	add_strv(a, "include_dirs", &r->include_dirs);
	add_strv(a, "lib_dirs", &r->lib_dirs);
	add_strv(a, "libs", &r->libs);
	add_strv(a, "cflags", &r->cflags);
	add_strv(a, "ldflags", &r->ldflags);
	add_strv(a, "static_ldflags", &r->static_ldflags);
	add_strv(a, "runtime_dirs", &r->runtime_dirs);
	np_json_add(a, "runpath", np_json_new_bool(r->runpath));
	add_opt(a, "description", r->description);
	exports = np_json_add(a, "exports", np_json_new(NP_JSON_OBJECT));
	add_opt(exports, "pkg_config", r->pc_module);
	add_strv(exports, "pkg_config_aliases", &r->pc_aliases);
	if (r->cmake_package) {
		struct np_json *c = np_json_add(exports, "cmake", np_json_new(NP_JSON_OBJECT));
		np_json_add_string(c, "package", r->cmake_package);
		add_opt(c, "prefix", r->cmake_prefix);
		add_opt(c, "compatibility", r->cmake_compat);
		add_strv(c, "aliases", &r->cmake_aliases);
	} else {
		np_json_add(exports, "cmake", np_json_new(NP_JSON_NULL));
	}
	add_kv(a, "metadata", &r->metadata);
	np_json_add(a, "components", components_json(&r->components));
	return a;
}

static struct np_json *
entry_json(const struct np_lock_entry *e)
{
	const struct np_resolution *r = &e->res;
	struct np_json *j = np_json_new(NP_JSON_OBJECT), *o, *files;

	np_json_add_string(j, "target", e->target);
	np_json_add_string(j, "links", r->links);
	np_json_add_string(j, "name", r->name);
	add_opt(j, "version", r->version);
	np_json_add_string(j, "method", np_method_name(r->method));
	np_json_add_string(j, "link", np_link_name(r->link));
	o = np_json_add(j, "request", np_json_new(NP_JSON_OBJECT));
	add_opt(o, "range", r->range);
	add_opt(o, "mode", r->mode);
	add_strv(o, "requested_by", &r->requested_by);
	add_strv(o, "features", &r->features);
	o = np_json_add(j, "recipe", np_json_new(NP_JSON_OBJECT));
	add_opt(o, "path", r->recipe);
	add_opt(o, "sha256", e->recipe_sha256);
	add_strv(o, "provides_for", &r->aliases);
	add_opt(j, "toolchain", e->toolchain);
	add_opt(j, "build_key", r->build_key);
	add_kv(j, "dependencies", &e->dep_ids);
	np_json_add(j, "answer", answer_json(r));
	o = np_json_add(j, "fingerprints", np_json_new(NP_JSON_OBJECT));
	add_opt(o, "header_version", r->header_version);
	add_strv(o, "headers", &r->header_files);
	add_strv(o, "libraries", &r->lib_files);
	files = np_json_add(o, "files", np_json_new(NP_JSON_ARRAY));
	for (size_t i = 0; i < e->files.n; i++) {
		const struct np_fingerprint *f = &e->files.v[i];
		struct np_json *fj = np_json_add(files, NULL, np_json_new(NP_JSON_OBJECT));
		np_json_add_string(fj, "path", f->path);
		np_json_add_string(fj, "real", f->real);
		np_json_add(fj, "size", np_json_new_number((double)f->size));
		np_json_add_string(fj, "sha256", f->sha256);
	}
	return j;
}

static int
entry_order(const void *a, const void *b)
{
	const struct np_lock_entry *x = *(struct np_lock_entry *const *)a;
	const struct np_lock_entry *y = *(struct np_lock_entry *const *)b;
	int c = strcmp(x->target, y->target);
	return c ? c : strcmp(x->res.links, y->res.links);
}

bool
np_lock_render(const struct np_lock *l, struct np_buf *out, struct np_error *err)
{
	struct np_lock_entry **sorted = np_xmalloc((l->n ? l->n : 1) * sizeof *sorted);
	struct np_json *root = np_json_new(NP_JSON_OBJECT), *pkgs;
	bool ok;

	for (size_t i = 0; i < l->n; i++)
		sorted[i] = l->v[i];
	if (l->n > 1)
		qsort(sorted, l->n, sizeof *sorted, entry_order);
	np_json_add(root, "nativepkg_lock", np_json_new_number(NP_LOCK_FORMAT));
	pkgs = np_json_add(root, "packages", np_json_new(NP_JSON_ARRAY));
	for (size_t i = 0; i < l->n; i++)
		np_json_add(pkgs, NULL, entry_json(sorted[i]));
	ok = np_json_print_readable(root, out, err);
	np_json_free(root);
	free(sorted);
	return ok;
}

/* --- reading ------------------------------------------------------------------------------ */

struct reader {
	struct np_diags *d;
	int format; /* of the lock being read */
};

/* Reports keys of obj that are not in the NULL-terminated list. */
static void
known_keys(struct reader *rd, const struct np_json *obj, const char *const *keys, const char *what)
{
	for (const struct np_json *m = obj->child; m; m = m->next) {
		size_t i = 0;
		while (keys[i] && strcmp(keys[i], m->key) != 0)
			i++;
		if (keys[i] == NULL)
			np_diags_add(rd->d, m->key_line, m->key_col, "unknown key \"%s\" in %s", m->key, what);
	}
}

static const struct np_json *
member(struct reader *rd, const struct np_json *obj, const char *key, enum np_json_type type,
	bool nullable)
{
	const struct np_json *v = np_json_get(obj, key);

	if (v == NULL) {
		np_diags_add(rd->d, obj->line, obj->col, "missing \"%s\"", key);
		return NULL;
	}
	if (v->type == NP_JSON_NULL && nullable)
		return NULL;
	if (v->type != type) {
		np_diags_add(rd->d, v->line, v->col, "\"%s\" must be %s%s, not %s", key,
			np_json_type_name(type), nullable ? " or null" : "", np_json_type_name(v->type));
		return NULL;
	}
	return v;
}

static char *
get_string(struct reader *rd, const struct np_json *obj, const char *key, bool nullable)
{
	const struct np_json *v = obj ? member(rd, obj, key, NP_JSON_STRING, nullable) : NULL;
	return v ? np_xstrdup(v->str) : NULL;
}

/*
 * A name the outputs make a file of (the links name, the pkg-config module, the CMake
 * package) or the package name (cps/<name>.cps): a lock edited by hand or by an attacker must
 * not make the output tree write outside itself.
 */
static char *
get_name(struct reader *rd, const struct np_json *obj, const char *key, bool nullable)
{
	const struct np_json *v = obj ? member(rd, obj, key, NP_JSON_STRING, nullable) : NULL;
	const char *why = NULL;

	if (v == NULL)
		return NULL;
	if (strcmp(key, "name") == 0 && !np_name_valid_package(v->str))
		why = "must be a package name ([a-z0-9][a-z0-9._+-]*, at most 64 characters)";
	else if (strcmp(key, "name") != 0)
		why = np_name_file_problem(v->str);
	if (why) {
		np_diags_add(rd->d, v->line, v->col, "\"%s\" %s", key, why);
		return NULL;
	}
	return np_xstrdup(v->str);
}

static void get_strings(struct reader *rd, const struct np_json *obj, const char *key,
	struct np_strv *out);

/* A list of names that become file names (aliases): each checked like get_name's. */
static void
get_names(struct reader *rd, const struct np_json *obj, const char *key, struct np_strv *out)
{
	const struct np_json *v = obj ? np_json_get(obj, key) : NULL;
	struct np_strv all = {0};

	get_strings(rd, obj, key, &all);
	for (size_t i = 0; i < all.n; i++) {
		const char *why = np_name_file_problem(all.v[i]);
		if (why)
			np_diags_add(rd->d, v ? v->line : obj->line, v ? v->col : obj->col, "\"%s\" element "
				"\"%s\" %s", key, all.v[i], why);
		else
			np_strv_push(out, all.v[i]);
	}
	np_strv_release(&all);
}

static void
get_strings(struct reader *rd, const struct np_json *obj, const char *key, struct np_strv *out)
{
	const struct np_json *v = obj ? member(rd, obj, key, NP_JSON_ARRAY, false) : NULL;

	for (const struct np_json *e = v ? v->child : NULL; e; e = e->next) {
		if (e->type != NP_JSON_STRING)
			np_diags_add(rd->d, e->line, e->col, "\"%s\" elements must be strings", key);
		else
			np_strv_push(out, e->str);
	}
}

static void
get_kv(struct reader *rd, const struct np_json *obj, const char *key, struct np_kv *out)
{
	const struct np_json *v = obj ? member(rd, obj, key, NP_JSON_OBJECT, false) : NULL;

	for (const struct np_json *e = v ? v->child : NULL; e; e = e->next) {
		if (e->type != NP_JSON_STRING)
			np_diags_add(rd->d, e->line, e->col, "\"%s.%s\" must be a string", key, e->key);
		else
			np_kv_set(out, e->key, e->str);
	}
}

/* An answer's components (format 3): names that become file names are checked as such. */
static void
read_components(struct reader *rd, const struct np_json *a, struct np_components *out)
{
	static const char *const keys[] = {"name", "lib", "file", "default", "pkg_config",
		"pkg_config_aliases", "cmake_targets", "requires", "dependencies", "definitions",
		"metadata", NULL};
	const struct np_json *list = member(rd, a, "components", NP_JSON_ARRAY, false);

	for (const struct np_json *cj = list ? list->child : NULL; cj; cj = cj->next) {
		struct np_component *c;
		const struct np_json *v;
		char *name;
		if (cj->type != NP_JSON_OBJECT) {
			np_diags_add(rd->d, cj->line, cj->col, "components must be objects");
			continue;
		}
		known_keys(rd, cj, keys, "a component");
		if ((name = get_string(rd, cj, "name", false)) == NULL)
			continue;
		if (np_name_file_problem(name)) {
			v = np_json_get(cj, "name");
			np_diags_add(rd->d, v->line, v->col, "component \"name\" %s",
				np_name_file_problem(name));
			free(name);
			continue;
		}
		c = np_components_add(out, name);
		free(name);
		c->lib = get_string(rd, cj, "lib", true);
		if (c->lib && !np_name_valid_library(c->lib)) {
			v = np_json_get(cj, "lib");
			np_diags_add(rd->d, v->line, v->col, "\"lib\" must be a library name");
		}
		c->file = get_string(rd, cj, "file", true);
		if ((v = member(rd, cj, "default", NP_JSON_BOOL, false)) != NULL)
			c->is_default = v->boolean;
		c->pc_module = get_name(rd, cj, "pkg_config", true);
		get_names(rd, cj, "pkg_config_aliases", &c->pc_aliases);
		get_strings(rd, cj, "cmake_targets", &c->cmake_targets);
		get_names(rd, cj, "requires", &c->requires);
		get_strings(rd, cj, "dependencies", &c->dependencies);
		c->has_dependencies = true;
		get_strings(rd, cj, "definitions", &c->definitions);
		get_kv(rd, cj, "metadata", &c->metadata);
	}
}

static void
read_answer(struct reader *rd, const struct np_json *a, struct np_resolution *r)
{
	static const char *const keys[] = {"prefix", "pc_file", "dylib", "include_dirs", "lib_dirs",
		"libs", "cflags", "ldflags", "static_ldflags", "runtime_dirs", "runpath", "description",
		"exports", "metadata", "components", NULL};
	const struct np_json *exports, *cmake, *v;

	known_keys(rd, a, keys, "an answer");
	r->prefix = get_string(rd, a, "prefix", true);
	r->pc_file = get_string(rd, a, "pc_file", true);
	r->dylib = get_string(rd, a, "dylib", true);
	get_strings(rd, a, "include_dirs", &r->include_dirs);
	get_strings(rd, a, "lib_dirs", &r->lib_dirs);
	get_strings(rd, a, "libs", &r->libs);
	get_strings(rd, a, "cflags", &r->cflags);
	get_strings(rd, a, "ldflags", &r->ldflags);
	get_strings(rd, a, "static_ldflags", &r->static_ldflags);
	/* Format 1 had neither; its entries are read to be checked, then dropped. */
	if (rd->format >= 2) {
		get_strings(rd, a, "runtime_dirs", &r->runtime_dirs);
		if ((v = member(rd, a, "runpath", NP_JSON_BOOL, false)) != NULL)
			r->runpath = v->boolean;
	}
	r->description = get_string(rd, a, "description", true);
	if ((exports = member(rd, a, "exports", NP_JSON_OBJECT, false)) != NULL) {
		r->pc_module = get_name(rd, exports, "pkg_config", true);
		if (rd->format >= 2)
			get_names(rd, exports, "pkg_config_aliases", &r->pc_aliases);
		if ((cmake = member(rd, exports, "cmake", NP_JSON_OBJECT, true)) != NULL) {
			r->cmake_package = get_name(rd, cmake, "package", false);
			r->cmake_prefix = get_string(rd, cmake, "prefix", true);
			r->cmake_compat = get_string(rd, cmake, "compatibility", true);
			if (rd->format >= 2)
				get_names(rd, cmake, "aliases", &r->cmake_aliases);
			/* Formats 1 and 2 named targets here; they are read to be checked, then dropped. */
			if (rd->format < 3) {
				struct np_kv targets = {0};
				get_kv(rd, cmake, "targets", &targets);
				np_kv_release(&targets);
			}
		}
	}
	get_kv(rd, a, "metadata", &r->metadata);
	if (rd->format >= 3)
		read_components(rd, a, &r->components);
}

static void
read_fingerprints(struct reader *rd, const struct np_json *f, struct np_lock_entry *e)
{
	const struct np_json *files = member(rd, f, "files", NP_JSON_ARRAY, false);

	e->res.header_version = get_string(rd, f, "header_version", true);
	get_strings(rd, f, "headers", &e->res.header_files);
	get_strings(rd, f, "libraries", &e->res.lib_files);
	for (const struct np_json *fj = files ? files->child : NULL; fj; fj = fj->next) {
		struct np_fingerprint fp = {0};
		const struct np_json *size, *sha;
		if (fj->type != NP_JSON_OBJECT) {
			np_diags_add(rd->d, fj->line, fj->col, "fingerprints must be objects");
			continue;
		}
		fp.path = get_string(rd, fj, "path", false);
		fp.real = get_string(rd, fj, "real", false);
		size = member(rd, fj, "size", NP_JSON_NUMBER, false);
		sha = member(rd, fj, "sha256", NP_JSON_STRING, false);
		if (size && (!size->integral || size->num < 0 || size->num > 9e15))
			np_diags_add(rd->d, size->line, size->col, "\"size\" must be a whole number of bytes");
		else if (size)
			fp.size = (int64_t)size->num;
		if (sha && !np_hash_hex_valid(sha->str))
			np_diags_add(rd->d, sha->line, sha->col, "\"sha256\" must be 64 lowercase hex digits");
		else if (sha)
			memcpy(fp.sha256, sha->str, NP_HASH_HEX_LEN + 1);
		if (fp.path && fp.real && sha && size)
			np_fingerprints_push(&e->files, &fp);
		else
			np_fingerprint_release(&fp);
	}
}

static struct np_lock_entry *
read_entry(struct reader *rd, const struct np_json *j)
{
	static const char *const keys[] = {"target", "links", "name", "version", "method", "link",
		"request", "recipe", "toolchain", "build_key", "dependencies", "answer", "fingerprints",
		NULL};
	struct np_lock_entry *e = np_xcalloc(1, sizeof *e);
	struct np_resolution *r = &e->res;
	const struct np_json *o, *v;

	known_keys(rd, j, keys, "a lock entry");
	e->target = get_string(rd, j, "target", false);
	r->links = get_name(rd, j, "links", false);
	r->name = get_name(rd, j, "name", false);
	r->version = get_string(rd, j, "version", true);
	if ((v = member(rd, j, "method", NP_JSON_STRING, false)) != NULL &&
		!np_method_from_name(v->str, &r->method))
		np_diags_add(rd->d, v->line, v->col, "unknown method \"%s\"", v->str);
	if ((v = member(rd, j, "link", NP_JSON_STRING, false)) != NULL) {
		if (strcmp(v->str, "static") == 0)
			r->link = NP_LINK_STATIC;
		else if (strcmp(v->str, "shared") != 0)
			np_diags_add(rd->d, v->line, v->col, "\"link\" must be \"static\" or \"shared\"");
	}
	if ((o = member(rd, j, "request", NP_JSON_OBJECT, false)) != NULL) {
		r->range = get_string(rd, o, "range", true);
		r->mode = get_string(rd, o, "mode", true);
		get_strings(rd, o, "requested_by", &r->requested_by);
		if (rd->format >= 3)
			get_names(rd, o, "features", &r->features);
	}
	if ((o = member(rd, j, "recipe", NP_JSON_OBJECT, false)) != NULL) {
		r->recipe = get_string(rd, o, "path", true);
		e->recipe_sha256 = get_string(rd, o, "sha256", true);
		get_strings(rd, o, "provides_for", &r->aliases);
	}
	e->toolchain = get_string(rd, j, "toolchain", true);
	r->build_key = get_string(rd, j, "build_key", true);
	get_kv(rd, j, "dependencies", &e->dep_ids);
	np_strv_copy(&r->deps, &e->dep_ids.keys);
	if ((o = member(rd, j, "answer", NP_JSON_OBJECT, false)) != NULL)
		read_answer(rd, o, r);
	if ((o = member(rd, j, "fingerprints", NP_JSON_OBJECT, false)) != NULL)
		read_fingerprints(rd, o, e);
	return e;
}

/* Reads a parsed lock into l; problems go to d. */
static void
read_lock(struct np_lock *l, const struct np_json *doc, struct np_diags *d)
{
	static const char *const keys[] = {"nativepkg_lock", "packages", NULL};
	struct reader rd = {d, NP_LOCK_FORMAT};
	const struct np_json *format, *pkgs;

	if (doc->type != NP_JSON_OBJECT) {
		np_diags_add(d, doc->line, doc->col, "must be a JSON object");
		return;
	}
	known_keys(&rd, doc, keys, "the lock");
	format = member(&rd, doc, "nativepkg_lock", NP_JSON_NUMBER, false);
	if (format && format->integral && format->num >= 1 && format->num < NP_LOCK_FORMAT)
		rd.format = l->old_format = (int)format->num;
	else if (format && (!format->integral || format->num != NP_LOCK_FORMAT)) {
		np_diags_add(d, format->line, format->col, "lock format %g is not supported (this "
			"nativepkg writes format %d)", format->num, NP_LOCK_FORMAT);
		return;
	}
	pkgs = member(&rd, doc, "packages", NP_JSON_ARRAY, false);
	for (const struct np_json *p = pkgs ? pkgs->child : NULL; p; p = p->next) {
		struct np_lock_entry *e;
		if (p->type != NP_JSON_OBJECT) {
			np_diags_add(d, p->line, p->col, "packages must be objects");
			continue;
		}
		e = read_entry(&rd, p);
		if (e->target && e->res.links && e->res.name && np_lock_find(l, e->target, e->res.links))
			np_diags_add(d, p->line, p->col, "a second entry for \"%s\" on %s", e->res.links,
				e->target);
		if (e->target && e->res.links && e->res.name)
			np_lock_put(l, e);
		else
			np_lock_entry_free(e);
	}
	if (l->old_format && d->count == 0) {
		/* Read whole to be checked; its answers lack what this format adds: none is reused. */
		int old = l->old_format;
		np_lock_release(l);
		l->old_format = old;
	}
}

bool
np_lock_parse(struct np_lock *l, const char *text, size_t len, const char *path,
	struct np_error *err)
{
	struct np_json *doc = NULL;
	struct np_diags d;
	bool ok;

	memset(l, 0, sizeof *l);
	/* Most locks are valid: read them without positions, and again with them if not. */
	if (np_json_parse_quick(text, len, &doc)) {
		np_diags_init(&d, path);
		read_lock(l, doc, &d);
		ok = d.count == 0;
		np_diags_release(&d);
		np_json_free(doc);
		if (ok)
			return true;
		np_lock_release(l);
	}
	if (!np_json_parse(text, len, path, &doc, err))
		return false;
	np_diags_init(&d, path);
	read_lock(l, doc, &d);
	ok = np_diags_finish(&d, err);
	np_diags_release(&d);
	np_json_free(doc);
	if (!ok)
		np_lock_release(l);
	return ok;
}

bool
np_lock_load(struct np_lock *l, const char *path, struct np_error *err)
{
	struct np_buf text = {0};
	bool ok;

	memset(l, 0, sizeof *l);
	if (!np_fs_exists(path))
		return true;
	ok = np_fs_read(path, NP_LOCK_MAX_BYTES, &text, err) &&
		np_lock_parse(l, np_buf_str(&text), text.len, path, err);
	np_buf_release(&text);
	return ok;
}

void
np_lock_entry_free(struct np_lock_entry *e)
{
	if (e == NULL)
		return;
	free(e->target);
	np_resolution_release(&e->res);
	free(e->recipe_sha256);
	free(e->toolchain);
	np_kv_release(&e->dep_ids);
	np_fingerprints_release(&e->files);
	free(e);
}

void
np_lock_release(struct np_lock *l)
{
	for (size_t i = 0; i < l->n; i++)
		np_lock_entry_free(l->v[i]);
	free(l->v);
	np_index_release(&l->ix);
	memset(l, 0, sizeof *l);
}

/* The index key: neither a target triple nor a links name holds a space. */
static char *
key_of(const char *target, const char *links)
{
	return np_xasprintf("%s %s", target, links);
}

struct np_lock_entry *
np_lock_find(const struct np_lock *l, const char *target, const char *links)
{
	char *key = key_of(target, links);
	size_t i = np_index_get(&l->ix, key);

	free(key);
	return i == NP_INDEX_NONE ? NULL : l->v[i];
}

void
np_lock_put(struct np_lock *l, struct np_lock_entry *e)
{
	char *key = key_of(e->target, e->res.links);
	size_t i = np_index_get(&l->ix, key);

	if (i != NP_INDEX_NONE) {
		np_lock_entry_free(l->v[i]);
		l->v[i] = e;
	} else {
		l->v = np_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
		np_index_put(&l->ix, key, l->n);
		l->v[l->n++] = e;
	}
	free(key);
}

static void
reindex(struct np_lock *l)
{
	np_index_clear(&l->ix);
	for (size_t i = 0; i < l->n; i++) {
		char *key = key_of(l->v[i]->target, l->v[i]->res.links);
		np_index_put(&l->ix, key, i);
		free(key);
	}
}

static bool
entry_equal(const struct np_lock_entry *a, const struct np_lock_entry *b)
{
	if (strcmp(a->target, b->target) != 0 || a->files.n != b->files.n ||
		(a->recipe_sha256 == NULL) != (b->recipe_sha256 == NULL) ||
		(a->recipe_sha256 && strcmp(a->recipe_sha256, b->recipe_sha256) != 0) ||
		(a->toolchain == NULL) != (b->toolchain == NULL) ||
		(a->toolchain && strcmp(a->toolchain, b->toolchain) != 0) ||
		!np_strv_equal(&a->dep_ids.keys, &b->dep_ids.keys) ||
		!np_strv_equal(&a->dep_ids.values, &b->dep_ids.values) ||
		!np_resolution_equal(&a->res, &b->res))
		return false;
	for (size_t i = 0; i < a->files.n; i++) {
		const struct np_fingerprint *x = &a->files.v[i], *y = &b->files.v[i];
		if (strcmp(x->path, y->path) != 0 || strcmp(x->real, y->real) != 0 ||
			x->size != y->size || strcmp(x->sha256, y->sha256) != 0)
			return false;
	}
	return true;
}

bool
np_lock_equal(const struct np_lock *a, const struct np_lock *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct np_lock_entry *other = np_lock_find(b, a->v[i]->target, a->v[i]->res.links);
		if (other == NULL || !entry_equal(a->v[i], other))
			return false;
	}
	return true;
}

void
np_lock_move_other_targets(struct np_lock *from, const char *target, struct np_lock *to)
{
	size_t n = 0;

	for (size_t i = 0; i < from->n; i++) {
		if (strcmp(from->v[i]->target, target) != 0)
			np_lock_put(to, from->v[i]);
		else
			from->v[n++] = from->v[i];
	}
	from->n = n;
	reindex(from);
}

/* --- comparing ----------------------------------------------------------------------------- */

static bool
built(const struct np_lock_entry *e)
{
	return e->res.build_key != NULL;
}

static const char *
or_none(const char *s)
{
	return s ? s : "none";
}

static void
diff_string(struct np_strv *out, const char *links, const char *what, const char *a,
	const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		np_strv_push_owned(out, np_xasprintf("%s: %s %s -> %s", links, what, or_none(a), or_none(b)));
}

static const struct np_fingerprint *
find_file(const struct np_lock_entry *e, const char *path)
{
	for (size_t i = 0; i < e->files.n; i++)
		if (strcmp(e->files.v[i].path, path) == 0)
			return &e->files.v[i];
	return NULL;
}

static void
diff_entry(const struct np_lock_entry *a, const struct np_lock_entry *b, struct np_strv *out)
{
	const char *links = b->res.name; /* changes are told by the package now locked */

	diff_string(out, links, "package", a->res.name, b->res.name);
	diff_string(out, links, "version", a->res.version, b->res.version);
	if (built(a) != built(b) || (!built(a) && a->res.method != b->res.method))
		diff_string(out, links, "method", np_method_name(a->res.method),
			np_method_name(b->res.method));
	diff_string(out, links, "link", np_link_name(a->res.link), np_link_name(b->res.link));
	if (!np_strv_equal(&a->res.features, &b->res.features)) {
		char *was = np_strv_join(&a->res.features, ", "), *now = np_strv_join(&b->res.features, ", ");
		np_strv_push_owned(out, np_xasprintf("%s: features [%s] -> [%s]", links, was, now));
		free(was);
		free(now);
	}
	diff_string(out, links, "recipe sha256", a->recipe_sha256, b->recipe_sha256);
	diff_string(out, links, "build key", a->res.build_key, b->res.build_key);
	if (!np_strv_equal(&a->dep_ids.keys, &b->dep_ids.keys) ||
		!np_strv_equal(&a->dep_ids.values, &b->dep_ids.values))
		np_strv_push_owned(out, np_xasprintf("%s: its dependencies changed", links));
	if (built(a) && built(b))
		return;
	diff_string(out, links, "header version", a->res.header_version, b->res.header_version);
	for (size_t i = 0; i < a->files.n; i++) {
		const struct np_fingerprint *x = &a->files.v[i], *y = find_file(b, x->path);
		if (y == NULL)
			np_strv_push_owned(out, np_xasprintf("%s: no longer uses %s", links, x->path));
		else if (strcmp(x->real, y->real) != 0)
			np_strv_push_owned(out, np_xasprintf("%s: %s now resolves to %s (was %s)", links,
				x->path, y->real, x->real));
		else if (x->size != y->size || strcmp(x->sha256, y->sha256) != 0)
			np_strv_push_owned(out, np_xasprintf("%s: %s changed: %lld -> %lld bytes, sha256 "
				"%.12s... -> %.12s...", links, x->real, (long long)x->size, (long long)y->size,
				x->sha256, y->sha256));
	}
	for (size_t i = 0; i < b->files.n; i++)
		if (find_file(a, b->files.v[i].path) == NULL)
			np_strv_push_owned(out, np_xasprintf("%s: now uses %s", links, b->files.v[i].path));
}

void
np_lock_diff(const struct np_lock *old, const struct np_lock *cur, const char *target,
	struct np_strv *changes)
{
	struct np_lock both = {0};

	/* Every links name of either lock, in order. */
	for (size_t i = 0; i < old->n + cur->n; i++) {
		struct np_lock_entry *e = i < old->n ? old->v[i] : cur->v[i - old->n];
		if (strcmp(e->target, target) != 0 || (i >= old->n && np_lock_find(old, target, e->res.links)))
			continue;
		both.v = np_xgrow(both.v, &both.cap, both.n + 1, sizeof *both.v);
		both.v[both.n++] = e;
	}
	if (both.n > 1)
		qsort(both.v, both.n, sizeof *both.v, entry_order);
	for (size_t i = 0; i < both.n; i++) {
		const char *links = both.v[i]->res.links; /* the key; messages name packages */
		const struct np_lock_entry *a = np_lock_find(old, target, links);
		const struct np_lock_entry *b = np_lock_find(cur, target, links);
		if (a && b)
			diff_entry(a, b, changes);
		else if (b)
			np_strv_push_owned(changes, np_xasprintf("%s: added (%s via %s)", b->res.name,
				or_none(b->res.version), np_method_name(b->res.method)));
		else
			np_strv_push_owned(changes, np_xasprintf("%s: removed (%s via %s)", a->res.name,
				or_none(a->res.version), np_method_name(a->res.method)));
	}
	free(both.v);
}
