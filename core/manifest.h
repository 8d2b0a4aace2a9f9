/*
 * manifest: a workspace's nativepkg.json and the user's config.json, which share one schema
 * (docs/workspace.md):
 *
 *   {
 *     "dependencies": {
 *       "libpng": ">= 1.6",
 *       "zlib": {"version": ">= 1.2.11", "static": true, "mode": "build", "provider": "..."}
 *     },
 *     "static": false,
 *     "mode": "auto",
 *     "overrides": {"zlib": {"root": "vendor/zlib", "include_dir": "...", "lib_dir": "...",
 *                            "libs": ["z"], "static": true, "mode": "system", "provider": "..."}},
 *     "targets": {
 *       "aarch64-linux-gnu": {"dependencies": {...}, "overrides": {...}, "static": true,
 *                             "mode": "system", "toolchain": {"cc": "...", "sysroot": "..."}}
 *     },
 *     "binary_cache": ["https://cache.example/nativepkg", {"url": "...", "read_only": true}]
 *   }
 *
 * Only a workspace declares dependencies; the user config holds settings only. Validation
 * reports every problem at once, as file:line:col.
 */
#ifndef NP_CORE_MANIFEST_H
#define NP_CORE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/inputs.h"
#include "core/json.h"
#include "core/setting.h"
#include "core/strv.h"

#define NP_MANIFEST_MAX_BYTES (4 * 1024 * 1024)

enum np_manifest_kind {
	NP_MANIFEST_WORKSPACE,
	NP_MANIFEST_USER,
};

/* Valid when zeroed (then it is "no file"). */
struct np_manifest {
	char *path; /* NULL when there is no such file */
	char *dir;  /* relative paths inside the file are relative to this */
	struct np_json *doc;
	/* "targets" keys by their target's canonical triple (core/target.h): either spelling of a
	 * target finds its section. */
	struct np_kv targets;
};

/* Loads and validates path; a NULL or missing path leaves m empty. The file goes to `in`. */
bool np_manifest_load(struct np_manifest *m, const char *path, enum np_manifest_kind kind,
	struct np_inputs *in, struct np_error *err);
/* Validates text as if read from path. */
bool np_manifest_parse(struct np_manifest *m, const char *text, size_t len, const char *path,
	enum np_manifest_kind kind, struct np_error *err);
void np_manifest_release(struct np_manifest *m);

/* One declared dependency. */
struct np_dependency {
	char *name;
	char *range;  /* NULL: any version */
	char *origin; /* "/ws/nativepkg.json:3:5" */
};

struct np_dependencies {
	struct np_dependency *v;
	size_t n;
	size_t cap;
};

/*
 * The dependencies for target, in file order: the top-level ones, then the target section's;
 * an entry in the target section replaces a top-level one of the same name.
 */
void np_manifest_dependencies(const struct np_manifest *m, const char *target,
	struct np_dependencies *out);
void np_dependencies_release(struct np_dependencies *d);

/*
 * The value of package pkg's setting s, looking where the file allows it, most specific
 * first: the target section's dependency entry and override, the top level's dependency
 * entry and override, then (for global settings) the target section and the top level.
 * NULL when the file does not say. *where (caller-freed) names the place
 * ("targets.aarch64-linux-gnu.overrides.zlib.root").
 */
const struct np_json *np_manifest_setting(const struct np_manifest *m, const char *target,
	const char *pkg, enum np_setting s, char **where);

/* The "targets" section of a target (its canonical triple), whatever spelling the file uses; NULL
 * when there is none. Borrowed. */
const struct np_json *np_manifest_target_section(const struct np_manifest *m, const char *target);

/* The binary caches the file lists, each as "URL" or "ro:URL" (read-only). */
void np_manifest_binary_caches(const struct np_manifest *m, struct np_strv *out);

/*
 * Adds dependency pkg (or updates its entry) with range (NULL: any version) and the request
 * settings given in `settings` (indexed by enum np_setting; NULL entries are left as they
 * are), then renders the whole file into out. Works on an empty manifest too (a new file).
 */
bool np_manifest_add(struct np_manifest *m, const char *pkg, const char *range,
	char *const settings[NP_SETTING_COUNT], struct np_buf *out, struct np_error *err);

#endif
