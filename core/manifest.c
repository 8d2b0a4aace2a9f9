/* manifest: nativepkg.json and config.json — validation, dependencies, settings, editing. */
#include "core/manifest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/diag.h"
#include "core/fs.h"
#include "core/name.h"
#include "core/target.h"
#include "core/toolchain.h"
#include "core/version.h"

#define LIBS_RULE "\"libs\" must be library names as given to -l (letters, digits and _ . + -, " \
	"not starting with '-' or '.')"

/* "z m", "z,m": each word a library name (the separators of NATIVEPKG_<NAME>_LIBS). */
static bool
valid_libs_text(const char *text)
{
	struct np_strv words = {0};
	bool ok = true;

	np_strv_split(&words, text, " ,:\t");
	for (size_t i = 0; i < words.n && ok; i++)
		ok = np_name_valid_library(words.v[i]);
	np_strv_release(&words);
	return ok;
}
static void index_targets(struct np_manifest *m);

/* "openssl", "-docs": a feature to turn on, or off with '-'. */
static bool
valid_feature_word(const char *w)
{
	return np_name_file_problem(*w == '-' ? w + 1 : w) == NULL;
}

static void
check_setting(struct np_diags *d, const struct np_json *v, enum np_setting s)
{
	enum np_mode mode;

	switch (s) {
	case NP_SETTING_STATIC:
	case NP_SETTING_RUNPATH:
		if (v->type != NP_JSON_BOOL)
			np_diags_add(d, v->line, v->col, "\"%s\" must be true or false", np_setting_key(s));
		return;
	case NP_SETTING_MODE:
		if (v->type != NP_JSON_STRING || !np_setting_parse_mode(v->str, &mode))
			np_diags_add(d, v->line, v->col, "\"mode\" must be \"auto\", \"system\" or \"build\"");
		return;
	case NP_SETTING_PROVIDER:
		if (v->type != NP_JSON_STRING || !np_name_valid_package(v->str))
			np_diags_add(d, v->line, v->col, "\"provider\" must be a package name");
		return;
	case NP_SETTING_FEATURES:
		if (v->type == NP_JSON_ARRAY) {
			for (const struct np_json *e = v->child; e; e = e->next)
				if (e->type != NP_JSON_STRING || !valid_feature_word(e->str))
					np_diags_add(d, e->line, e->col, "\"features\" elements must be feature "
						"names, each with '-' in front to turn it off");
			return;
		}
		if (v->type == NP_JSON_STRING) {
			struct np_strv words = {0};
			bool ok = true;
			np_strv_split(&words, v->str, " ,\t");
			for (size_t i = 0; i < words.n && ok; i++)
				ok = valid_feature_word(words.v[i]);
			np_strv_release(&words);
			if (!ok)
				np_diags_add(d, v->line, v->col, "\"features\" must be feature names, each "
					"with '-' in front to turn it off");
			return;
		}
		np_diags_add(d, v->line, v->col, "\"features\" must be an array of feature names or "
			"a string");
		return;
	case NP_SETTING_LIBS:
		/* Library names become file names (lib<name>.so): never a path. */
		if (v->type == NP_JSON_ARRAY) {
			for (const struct np_json *e = v->child; e; e = e->next)
				if (e->type != NP_JSON_STRING || !*e->str)
					np_diags_add(d, e->line, e->col, "\"libs\" elements must be non-empty strings");
				else if (!np_name_valid_library(e->str))
					np_diags_add(d, e->line, e->col, LIBS_RULE);
			return;
		}
		if (v->type == NP_JSON_STRING && *v->str && !valid_libs_text(v->str)) {
			np_diags_add(d, v->line, v->col, LIBS_RULE);
			return;
		}
		break;
	default:
		break;
	}
	if (v->type != NP_JSON_STRING || !*v->str)
		np_diags_add(d, v->line, v->col, "\"%s\" must be a non-empty string", np_setting_key(s));
}

static bool
check_package_key(struct np_diags *d, const struct np_json *m)
{
	if (np_name_valid_package(m->key))
		return true;
	np_diags_add(d, m->key_line, m->key_col, "\"%s\" is not a valid package name", m->key);
	return false;
}

static void
check_range(struct np_diags *d, const struct np_json *v, const char *pkg)
{
	struct np_version_range r;
	struct np_error err = {0};

	if (v->type != NP_JSON_STRING) {
		np_diags_add(d, v->line, v->col, "the version of %s must be a string such as \">= 1.2\"",
			pkg);
		return;
	}
	if (np_version_range_parse(v->str, &r, &err))
		np_version_range_release(&r);
	else
		np_diags_add(d, v->line, v->col, "the version of %s: %s", pkg, err.msg);
	np_error_release(&err);
}

static void
check_dependencies(struct np_diags *d, const struct np_json *deps)
{
	if (deps->type != NP_JSON_OBJECT) {
		np_diags_add(d, deps->line, deps->col, "\"dependencies\" must be an object");
		return;
	}
	for (const struct np_json *p = deps->child; p; p = p->next) {
		check_package_key(d, p);
		if (p->type == NP_JSON_STRING) {
			check_range(d, p, p->key);
			continue;
		}
		if (p->type != NP_JSON_OBJECT) {
			np_diags_add(d, p->line, p->col, "dependency %s must be a version range string or an "
				"object", p->key);
			continue;
		}
		for (const struct np_json *m = p->child; m; m = m->next) {
			enum np_setting s;
			if (strcmp(m->key, "version") == 0)
				check_range(d, m, p->key);
			else if (np_setting_from_key(m->key, &s) && np_setting_is_request(s))
				check_setting(d, m, s);
			else
				np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" in dependency %s "
					"(expected version, static, mode, provider, runpath or features%s)", m->key, p->key,
					np_setting_from_key(m->key, &s) ? "; locations go in \"overrides\"" : "");
		}
	}
}

static void
check_overrides(struct np_diags *d, const struct np_json *overrides)
{
	if (overrides->type != NP_JSON_OBJECT) {
		np_diags_add(d, overrides->line, overrides->col, "\"overrides\" must be an object");
		return;
	}
	for (const struct np_json *p = overrides->child; p; p = p->next) {
		check_package_key(d, p);
		if (p->type != NP_JSON_OBJECT) {
			np_diags_add(d, p->line, p->col, "the override for \"%s\" must be an object", p->key);
			continue;
		}
		for (const struct np_json *m = p->child; m; m = m->next) {
			enum np_setting s;
			if (np_setting_from_key(m->key, &s))
				check_setting(d, m, s);
			else
				np_diags_add(d, m->key_line, m->key_col,
					"unknown key \"%s\" in the override for \"%s\"", m->key, p->key);
		}
	}
}

/* A setting given both in dependencies.<pkg> and overrides.<pkg> of one section. */
static void
check_duplicates(struct np_diags *d, const struct np_json *section)
{
	const struct np_json *deps = np_json_get(section, "dependencies");
	const struct np_json *overrides = np_json_get(section, "overrides");

	if (!deps || !overrides || deps->type != NP_JSON_OBJECT || overrides->type != NP_JSON_OBJECT)
		return;
	for (const struct np_json *p = deps->child; p; p = p->next) {
		const struct np_json *o = np_json_get(overrides, p->key);
		if (p->type != NP_JSON_OBJECT || o == NULL || o->type != NP_JSON_OBJECT)
			continue;
		for (const struct np_json *m = p->child; m; m = m->next) {
			const struct np_json *twin = np_json_get(o, m->key);
			if (twin)
				np_diags_add(d, twin->key_line, twin->key_col, "\"%s\" of %s is also set by its "
					"dependency entry (line %u); set it in one place", m->key, p->key, m->key_line);
		}
	}
}

/* A binary cache: "URL" or "ro:URL" (read-only), an http(s):// or file:// URL. */
static bool
valid_cache_url(const char *s)
{
	if (strncmp(s, "ro:", 3) == 0)
		s += 3;
	return (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0 ||
		strncmp(s, "file://", 7) == 0) && strpbrk(s, " \t\n") == NULL;
}

static void
check_binary_cache(struct np_diags *d, const struct np_json *v)
{
	if (v->type != NP_JSON_ARRAY) {
		np_diags_add(d, v->line, v->col, "\"binary_cache\" must be an array of URLs");
		return;
	}
	for (const struct np_json *e = v->child; e; e = e->next) {
		const struct np_json *url = e->type == NP_JSON_OBJECT ? np_json_get(e, "url") : e;
		const struct np_json *ro = e->type == NP_JSON_OBJECT ? np_json_get(e, "read_only") : NULL;
		if (e->type == NP_JSON_OBJECT) {
			for (const struct np_json *m = e->child; m; m = m->next)
				if (strcmp(m->key, "url") != 0 && strcmp(m->key, "read_only") != 0)
					np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" in a binary "
						"cache (expected url and read_only)", m->key);
			if (ro && ro->type != NP_JSON_BOOL)
				np_diags_add(d, ro->line, ro->col, "\"read_only\" must be true or false");
		}
		if (url == NULL || url->type != NP_JSON_STRING || !valid_cache_url(url->str))
			np_diags_add(d, e->line, e->col, "a binary cache must be an https://, http:// or "
				"file:// URL (\"ro:\" in front makes it read-only)");
	}
}

/* "toolchain": {"cc": "aarch64-linux-gnu-gcc", "sysroot": "...", ...}: core/toolchain.h's keys. */
static void
check_toolchain(struct np_diags *d, const struct np_json *tc, const char *target)
{
	if (tc->type != NP_JSON_OBJECT) {
		np_diags_add(d, tc->line, tc->col, "the toolchain of target \"%s\" must be an object",
			target);
		return;
	}
	for (const struct np_json *m = tc->child; m; m = m->next) {
		enum np_tool t;
		if (!np_toolchain_from_key(m->key, &t))
			np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" in the toolchain of "
				"target \"%s\" (expected cc, cxx, ar, ranlib, strip, windres, cflags, cxxflags, "
				"ldflags, sysroot, cmake_toolchain_file, meson_cross_file, pkg_config_path, "
				"pkg_config_libdir or pkg_config_sysroot_dir)", m->key, target);
		else if (m->type != NP_JSON_STRING || !*m->str)
			np_diags_add(d, m->line, m->col, "\"%s\" must be a non-empty string", m->key);
	}
}

static void check_section(struct np_diags *d, const struct np_json *obj,
	enum np_manifest_kind kind, const char *target);

static void
check_targets(struct np_diags *d, const struct np_json *targets, enum np_manifest_kind kind)
{
	if (targets->type != NP_JSON_OBJECT) {
		np_diags_add(d, targets->line, targets->col, "\"targets\" must be an object");
		return;
	}
	for (const struct np_json *t = targets->child; t; t = t->next) {
		struct np_target parsed;
		struct np_error why = {0};
		if (!np_target_parse(t->key, &parsed, &why)) {
			np_diags_add(d, t->key_line, t->key_col, "%s", why.msg);
		} else {
			/* Both spellings of one target in one file: which section would win? */
			for (const struct np_json *o = targets->child; o != t; o = o->next) {
				struct np_target other;
				if (np_target_parse(o->key, &other, NULL) && np_target_same(&parsed, &other))
					np_diags_add(d, t->key_line, t->key_col, "\"%s\" names the same target as "
						"\"%s\" (line %u): %s", t->key, o->key, o->key_line, parsed.gnu);
			}
		}
		np_error_release(&why);
		if (t->type != NP_JSON_OBJECT)
			np_diags_add(d, t->line, t->col, "target \"%s\" must be an object", t->key);
		else
			check_section(d, t, kind, t->key);
	}
}

/* The top level (target NULL) or one target section. */
static void
check_section(struct np_diags *d, const struct np_json *obj, enum np_manifest_kind kind,
	const char *target)
{
	for (const struct np_json *m = obj->child; m; m = m->next) {
		enum np_setting s;
		if (strcmp(m->key, "dependencies") == 0) {
			if (kind == NP_MANIFEST_USER)
				np_diags_add(d, m->key_line, m->key_col, "\"dependencies\" belong in a "
					"workspace's nativepkg.json, not in the user config");
			else
				check_dependencies(d, m);
		} else if (strcmp(m->key, "overrides") == 0) {
			check_overrides(d, m);
		} else if (strcmp(m->key, "targets") == 0 && target == NULL) {
			check_targets(d, m, kind);
		} else if (strcmp(m->key, "binary_cache") == 0 && target == NULL) {
			check_binary_cache(d, m);
		} else if (np_setting_from_key(m->key, &s) && np_setting_is_global(s)) {
			check_setting(d, m, s);
		} else if (strcmp(m->key, "toolchain") == 0 && target) {
			check_toolchain(d, m, target);
		} else if (target) {
			np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" in target \"%s\" "
				"(expected dependencies, overrides, toolchain, static or mode)", m->key, target);
		} else {
			np_diags_add(d, m->key_line, m->key_col, "unknown key \"%s\" (expected "
				"dependencies, overrides, targets, binary_cache, static or mode)", m->key);
		}
	}
	check_duplicates(d, obj);
}

bool
np_manifest_parse(struct np_manifest *m, const char *text, size_t len, const char *path,
	enum np_manifest_kind kind, struct np_error *err)
{
	struct np_diags d;
	struct np_json *doc = NULL;
	bool ok;

	if (!np_json_parse(text, len, path, &doc, err))
		return false;
	np_diags_init(&d, path);
	if (doc->type != NP_JSON_OBJECT)
		np_diags_add(&d, doc->line, doc->col, "must be a JSON object");
	else
		check_section(&d, doc, kind, NULL);
	ok = np_diags_finish(&d, err);
	np_diags_release(&d);
	if (!ok) {
		np_json_free(doc);
		return false;
	}
	np_manifest_release(m);
	m->doc = doc;
	m->path = np_xstrdup(path);
	m->dir = np_path_dirname(path);
	index_targets(m);
	return true;
}

bool
np_manifest_load(struct np_manifest *m, const char *path, enum np_manifest_kind kind,
	struct np_inputs *in, struct np_error *err)
{
	struct np_buf text = {0};
	bool ok;

	if (path == NULL || !np_fs_exists(path))
		return true;
	np_inputs_add_file(in, path);
	ok = np_fs_read(path, NP_MANIFEST_MAX_BYTES, &text, err) &&
		np_manifest_parse(m, np_buf_str(&text), text.len, path, kind, err);
	np_buf_release(&text);
	return ok;
}

void
np_manifest_release(struct np_manifest *m)
{
	np_json_free(m->doc);
	free(m->path);
	free(m->dir);
	np_kv_release(&m->targets);
	memset(m, 0, sizeof *m);
}

static const struct np_json *
target_section(const struct np_manifest *m, const char *target)
{
	const char *key;

	if (target == NULL || m->targets.keys.n == 0)
		return NULL;
	key = np_kv_get(&m->targets, target);
	return key ? np_json_get(np_json_get(m->doc, "targets"), key) : NULL;
}

const struct np_json *
np_manifest_target_section(const struct np_manifest *m, const char *target)
{
	return target_section(m, target);
}

/* Each target section under its canonical triple (the file is valid: every key parses). */
static void
index_targets(struct np_manifest *m)
{
	const struct np_json *targets = np_json_get(m->doc, "targets");

	for (const struct np_json *t = targets ? targets->child : NULL; t; t = t->next) {
		struct np_target parsed;
		if (np_target_parse(t->key, &parsed, NULL))
			np_kv_set(&m->targets, parsed.gnu, t->key);
	}
}

/* The target section's entry replaces the top level's; seen maps names to entries in out. */
static void
add_dependency(const struct np_manifest *m, const struct np_json *p, struct np_index *seen,
	struct np_dependencies *out)
{
	const struct np_json *v = p->type == NP_JSON_OBJECT ? np_json_get(p, "version") : p;
	size_t at = np_index_get(seen, p->key);
	struct np_dependency *dep;

	if (at != NP_INDEX_NONE) {
		dep = &out->v[at];
		free(dep->name), free(dep->range), free(dep->origin);
	} else {
		np_index_put(seen, p->key, out->n);
		out->v = np_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		dep = &out->v[out->n++];
	}
	dep->name = np_xstrdup(p->key);
	dep->range = v && *v->str && strcmp(v->str, "*") != 0 ? np_xstrdup(v->str) : NULL;
	dep->origin = np_xasprintf("%s:%u:%u", m->path, p->key_line, p->key_col);
}

void
np_manifest_dependencies(const struct np_manifest *m, const char *target,
	struct np_dependencies *out)
{
	const struct np_json *sections[2] = {m->doc, target_section(m, target)};
	struct np_index seen = {0};

	if (m->doc == NULL)
		return;
	for (size_t i = 0; i < out->n; i++)
		np_index_put(&seen, out->v[i].name, i);
	for (size_t s = 0; s < 2; s++) {
		const struct np_json *deps = np_json_get(sections[s], "dependencies");
		for (const struct np_json *p = deps ? deps->child : NULL; p; p = p->next)
			add_dependency(m, p, &seen, out);
	}
	np_index_release(&seen);
}

void
np_dependencies_release(struct np_dependencies *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].name), free(d->v[i].range), free(d->v[i].origin);
	free(d->v);
	memset(d, 0, sizeof *d);
}

struct place {
	const struct np_json *obj;
	const char *target; /* NULL: the top level */
	const char *kind;   /* "dependencies", "overrides", or NULL for the section itself */
};

static char *
describe_place(const struct place *p, const char *pkg, const char *key)
{
	char *section = p->target ? np_xasprintf("targets.%s.", p->target) : np_xstrdup("");
	char *where = p->kind ? np_xasprintf("%s%s.%s.%s", section, p->kind, pkg, key)
			      : np_xasprintf("%s%s", section, key);
	free(section);
	return where;
}

const struct np_json *
np_manifest_setting(const struct np_manifest *m, const char *target, const char *pkg,
	enum np_setting s, char **where)
{
	const struct np_json *t = target_section(m, target);
	const char *key = np_setting_key(s);
	struct place places[6];
	size_t n = 0;

	*where = NULL;
	if (m->doc == NULL)
		return NULL;
	if (t) {
		places[n++] = (struct place){np_json_get(np_json_get(t, "dependencies"), pkg), target,
			"dependencies"};
		places[n++] = (struct place){np_json_get(np_json_get(t, "overrides"), pkg), target,
			"overrides"};
	}
	places[n++] = (struct place){np_json_get(np_json_get(m->doc, "dependencies"), pkg), NULL,
		"dependencies"};
	places[n++] = (struct place){np_json_get(np_json_get(m->doc, "overrides"), pkg), NULL,
		"overrides"};
	if (np_setting_is_global(s)) {
		if (t)
			places[n++] = (struct place){t, target, NULL};
		places[n++] = (struct place){m->doc, NULL, NULL};
	}
	for (size_t i = 0; i < n; i++) {
		const struct np_json *v;
		if (places[i].obj == NULL || places[i].obj->type != NP_JSON_OBJECT)
			continue;
		if ((v = np_json_get(places[i].obj, key)) == NULL)
			continue;
		*where = describe_place(&places[i], pkg, key);
		return v;
	}
	return NULL;
}

static struct np_json *
setting_value(enum np_setting s, const char *text)
{
	bool b = false;

	if (s == NP_SETTING_STATIC || s == NP_SETTING_RUNPATH) {
		np_setting_parse_bool(text, &b);
		return np_json_new_bool(b);
	}
	return np_json_new_string(text);
}

bool
np_manifest_add(struct np_manifest *m, const char *pkg, const char *range,
	char *const settings[NP_SETTING_COUNT], struct np_buf *out, struct np_error *err)
{
	struct np_json *deps, *entry;
	bool any = false;

	if (m->doc == NULL)
		m->doc = np_json_new(NP_JSON_OBJECT);
	deps = np_json_get(m->doc, "dependencies");
	if (deps == NULL)
		deps = np_json_add(m->doc, "dependencies", np_json_new(NP_JSON_OBJECT));
	for (int s = 0; s < NP_SETTING_COUNT; s++)
		any = any || settings[s] != NULL;
	entry = np_json_get(deps, pkg);
	if (!any && (entry == NULL || entry->type == NP_JSON_STRING)) {
		if (range || entry == NULL)
			np_json_set(deps, pkg, np_json_new_string(range ? range : "*"));
		return np_json_print_readable(m->doc, out, err);
	}
	if (entry == NULL || entry->type != NP_JSON_OBJECT) {
		const char *old = entry ? entry->str : "*";
		struct np_json *obj = np_json_new(NP_JSON_OBJECT);
		np_json_add_string(obj, "version", range ? range : old);
		entry = np_json_set(deps, pkg, obj);
	} else if (range) {
		np_json_set(entry, "version", np_json_new_string(range));
	}
	for (int s = 0; s < NP_SETTING_COUNT; s++)
		if (settings[s])
			np_json_set(entry, np_setting_key((enum np_setting)s),
				setting_value((enum np_setting)s, settings[s]));
	return np_json_print_readable(m->doc, out, err);
}

void
np_manifest_binary_caches(const struct np_manifest *m, struct np_strv *out)
{
	const struct np_json *list = np_json_get(m->doc, "binary_cache");

	for (const struct np_json *e = list ? list->child : NULL; e; e = e->next) {
		const struct np_json *url = e->type == NP_JSON_OBJECT ? np_json_get(e, "url") : e;
		const struct np_json *ro = e->type == NP_JSON_OBJECT ? np_json_get(e, "read_only") : NULL;
		if (ro && ro->boolean && strncmp(url->str, "ro:", 3) != 0)
			np_strv_push_owned(out, np_xasprintf("ro:%s", url->str));
		else
			np_strv_push(out, url->str);
	}
}
