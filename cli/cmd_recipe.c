/* cmd_recipe: `nativepkg recipe list|show|lint` — the recipes on the search path. */
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "core/alloc.h"
#include "core/fs.h"
#include "resolvers/scaffold.h"
#include "core/recipe.h"
#include "core/secret.h"
#include "core/text.h"

enum {
	OPT_JSON = NP_OPT_FIRST, OPT_WERROR, OPT_CMAKE, OPT_UPGRADE, OPT_TRIAL, OPT_NAME,
	OPT_VERSION, OPT_OUTPUT, OPT_NO_BUILD, OPT_FORCE,
};

static int
recipe_list(struct np_session *s, bool cmake)
{
	struct np_kv all = {0};

	np_catalog_list(&s->catalog, &all);
	for (size_t i = 0; i < all.keys.n; i++) {
		struct np_recipe r;
		struct np_error e = {0};
		if (np_recipe_load(all.values.v[i], &r, &e)) {
			/* --cmake: "<CMake package> <recipe>", what the dependency provider maps by. A
			 * recipe that provides another package is reached through it (its provider
			 * setting), so the package it stands in for keeps the CMake name. */
			if (cmake && r.cmake_package && r.provides.n == 0)
				fprintf(s->out, "%s %s\n", r.cmake_package, r.name);
			else if (!cmake)
				fprintf(s->out, "%-14s %-10s %-10s %s\n", r.name, r.version, r.links,
					r.description ? r.description : "");
			np_recipe_release(&r);
		} else if (!cmake) {
			fprintf(s->out, "%-14s (invalid: see 'nativepkg recipe lint %s')\n", all.keys.v[i],
				all.keys.v[i]);
			np_error_release(&e);
		} else {
			np_error_release(&e);
		}
	}
	np_kv_release(&all);
	return 0;
}

static void
show_list(FILE *out, const char *label, const struct np_strv *sv)
{
	if (sv->n) {
		char *s = np_strv_join(sv, ", ");
		fprintf(out, "  %-14s %s\n", label, s);
		free(s);
	}
}

static int
recipe_show(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_strv shadowed = {0};
	struct np_recipe r;
	char *path = NULL;
	int code = 0;

	if (opts->args.n != 2) {
		np_error_set(err, NP_EXIT_USAGE, "recipe show: name one recipe");
		return NP_EXIT_USAGE;
	}
	if (!np_catalog_find(&s->catalog, opts->args.v[1], &path, &shadowed)) {
		np_error_set(err, NP_EXIT_FAILURE, "recipe show: no recipe named '%s' on the search path",
			opts->args.v[1]);
		return NP_EXIT_FAILURE;
	}
	if (!np_recipe_load(path, &r, err)) {
		code = err->code;
		goto out;
	}
	/* A password in a source URL is shown as ***, in both forms. */
	for (size_t i = 0; i < r.urls.n; i++) {
		char *masked = np_secret_url_mask(r.urls.v[i]);
		free(r.urls.v[i]);
		r.urls.v[i] = masked;
	}
	if (opts->count[OPT_JSON]) {
		struct np_buf json = {0};
		if (np_recipe_to_json(&r, &json, err))
			fwrite(np_buf_str(&json), 1, json.len, s->out);
		else
			code = err->code;
		np_buf_release(&json);
	} else {
		fprintf(s->out, "%s %s (links %s)\n", r.name, r.version, r.links);
		if (r.description)
			fprintf(s->out, "  %-14s %s\n", "description", r.description);
		if (r.homepage)
			fprintf(s->out, "  %-14s %s\n", "homepage", r.homepage);
		if (r.license)
			fprintf(s->out, "  %-14s %s\n", "license", r.license);
		fprintf(s->out, "  %-14s %s\n", "file", path);
		for (size_t i = 0; i < shadowed.n; i++)
			fprintf(s->out, "  %-14s %s\n", "shadows", shadowed.v[i]);
		show_list(s->out, "pkg-config", &r.pc_modules);
		if (r.pc_version)
			fprintf(s->out, "  %-14s %s\n", "version range", r.pc_version);
		show_list(s->out, "headers", &r.headers);
		if (r.include_subdir)
			fprintf(s->out, "  %-14s include/%s\n", "headers in", r.include_subdir);
		show_list(s->out, "libs", &r.libs);
		for (size_t i = 0; i < r.components.n; i++) {
			const struct np_component *c = &r.components.v[i];
			struct np_buf line = {0};
			np_buf_addf(&line, "%s: lib%s", c->name, c->lib ? c->lib : "?");
			if (c->pc_module)
				np_buf_addf(&line, ", %s.pc", c->pc_module);
			if (c->cmake_targets.n)
				np_buf_addf(&line, ", %s", c->cmake_targets.v[0]);
			for (size_t k = 0; k < c->requires.n; k++)
				np_buf_addf(&line, "%s%s", k ? ", " : ", requires ", c->requires.v[k]);
			if (!c->is_default)
				np_buf_adds(&line, " (not default)");
			fprintf(s->out, "  %-14s %s\n", i ? "" : "components", np_buf_str(&line));
			np_buf_release(&line);
		}
		for (size_t i = 0; i < r.features.n; i++)
			fprintf(s->out, "  %-14s %s%s%s%s\n", i ? "" : "features", r.features.v[i].name,
				r.features.v[i].on_by_default ? " (on)" : "",
				r.features.v[i].description ? ": " : "",
				r.features.v[i].description ? r.features.v[i].description : "");
		if (r.symbol)
			fprintf(s->out, "  %-14s %s\n", "symbol", r.symbol);
		show_list(s->out, "version macro", &r.version_macro);
		show_list(s->out, "source", &r.urls);
		if (r.sha256)
			fprintf(s->out, "  %-14s %s\n", "sha256", r.sha256);
		show_list(s->out, "patches", &r.patches);
		if (r.build_system != NP_BUILD_SYSTEM_NONE)
			fprintf(s->out, "  %-14s %s\n", "build", np_build_system_name(r.build_system));
		for (size_t i = 0; i < r.dependencies.keys.n; i++)
			fprintf(s->out, "  %-14s %s %s\n", i ? "" : "depends on", r.dependencies.keys.v[i],
				r.dependencies.values.v[i]);
	}
	np_recipe_release(&r);
out:
	free(path);
	np_strv_release(&shadowed);
	return code;
}

/*
 * Rewrites a loaded schema-1 recipe at path as schema 2. The new text is read back and must
 * print the same: the upgrade loses nothing the model holds, or the file is left alone.
 */
static bool
upgrade(struct np_session *s, const char *path, const struct np_recipe *r, struct np_error *err)
{
	struct np_buf text = {0}, again = {0}, first = {0};
	struct np_recipe back;
	bool ok;

	if (r->schema >= NP_RECIPE_SCHEMA) {
		if (!s->quiet)
			fprintf(s->out, "%s: already schema %d\n", path, NP_RECIPE_SCHEMA);
		return true;
	}
	if (!np_recipe_to_json_schema(r, NP_RECIPE_SCHEMA, &text, err))
		return false;
	ok = np_recipe_parse(np_buf_str(&text), text.len, path, &back, err);
	if (ok) {
		ok = np_recipe_to_json_schema(r, NP_RECIPE_SCHEMA, &first, err) &&
			np_recipe_to_json_schema(&back, NP_RECIPE_SCHEMA, &again, err);
		if (ok && (first.len != again.len || memcmp(first.data, again.data, first.len) != 0))
			ok = np_error_set(err, NP_EXIT_FAILURE, "%s: the schema-2 form does not read back "
				"the same; the file is left as it is", path);
		np_recipe_release(&back);
	} else {
		np_error_prefix(err, "%s: the schema-2 form does not load; the file is left as it is",
			path);
	}
	if (ok)
		ok = np_fs_write_atomic(path, text.data, text.len, err);
	if (ok && !s->quiet)
		fprintf(s->out, "%s: upgraded to schema %d\n", path, NP_RECIPE_SCHEMA);
	np_buf_release(&text);
	np_buf_release(&again);
	np_buf_release(&first);
	return ok;
}

/*
 * Builds the recipe at path from source, as `nativepkg build` would, with its directory first
 * on the recipe path: what the build installs is verified against it, and what its libraries
 * link that no dependency declares is a warning (resolvers/sanity.h).
 */
static bool
trial_build(struct np_session *s, const char *path, const struct np_recipe *r,
	struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_strv names = {0};
	char *dir = np_path_dirname(path), *abs = np_path_real(dir);
	const struct np_resolution *res;
	bool ok;

	/* This file is the one the package name finds. */
	np_catalog_prepend(&s->catalog, abs ? abs : dir, "recipe lint --trial-build");
	np_kv_set(&s->config.cli_modes, r->name, "build");
	np_strv_push(&names, r->name);
	ok = np_session_resolve(s, &names, &set, err);
	res = ok ? np_resolution_set_find(&set, r->name) : NULL;
	if (res && !s->quiet)
		fprintf(s->out, "%s: trial build of %s %s (%s): %s\n", path, r->name, r->version,
			np_link_name(res->link), res->prefix ? res->prefix : "");
	np_resolution_set_release(&set);
	np_strv_release(&names);
	free(dir);
	free(abs);
	return ok;
}

/* Lints the named recipes (names or .json paths), or every recipe on the search path. */
static int
recipe_lint(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_kv targets = {0};
	size_t errors = 0, warnings = 0;
	bool up = opts->count[OPT_UPGRADE] > 0;

	if (opts->args.n == 1 && up) {
		np_error_set(err, NP_EXIT_USAGE, "recipe lint --upgrade: name the recipe files to rewrite");
		return NP_EXIT_USAGE;
	}
	if (opts->args.n == 1) {
		np_catalog_list(&s->catalog, &targets);
	}
	for (size_t i = 1; i < opts->args.n; i++) {
		const char *a = opts->args.v[i];
		char *path = NULL;
		if (strchr(a, '/') || np_text_ends_with(a, ".json")) {
			np_kv_set(&targets, a, a);
		} else if (np_catalog_find(&s->catalog, a, &path, NULL)) {
			np_kv_set(&targets, a, path);
			free(path);
		} else {
			fprintf(stderr, "%s: no recipe of that name on the search path\n", a);
			errors++;
		}
	}
	for (size_t i = 0; i < targets.keys.n; i++) {
		struct np_recipe r;
		struct np_error e = {0};
		if (np_recipe_load(targets.values.v[i], &r, &e)) {
			for (size_t w = 0; w < r.warnings.n; w++)
				fprintf(stderr, "%s\n", r.warnings.v[w]);
			warnings += r.warnings.n;
			if (up && !upgrade(s, targets.values.v[i], &r, &e)) {
				fprintf(stderr, "nativepkg: %s\n", e.msg);
				np_error_release(&e);
				errors++;
			}
			if (opts->count[OPT_TRIAL] && !trial_build(s, targets.values.v[i], &r, &e)) {
				struct np_strv lines = {0};
				np_strv_split(&lines, e.msg, "\n");
				for (size_t l = 0; l < lines.n; l++)
					fprintf(stderr, "%s%s\n", lines.v[l][0] == ' ' ? "" : "nativepkg: ",
						lines.v[l]);
				np_strv_release(&lines);
				np_error_release(&e);
				errors++;
			}
			np_session_flush_warnings(s);
			np_recipe_release(&r);
		} else {
			struct np_strv lines = {0};
			np_strv_split(&lines, e.msg, "\n");
			for (size_t l = 0; l < lines.n; l++)
				fprintf(stderr, "%s\n", lines.v[l]);
			errors += lines.n;
			np_strv_release(&lines);
			np_error_release(&e);
		}
	}
	if (!s->quiet)
		fprintf(s->out, "%zu recipe%s checked: %zu error%s, %zu warning%s\n", targets.keys.n,
			targets.keys.n == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
			warnings == 1 ? "" : "s");
	np_kv_release(&targets);
	(void)err;
	if (errors || (warnings && opts->count[OPT_WERROR]))
		return NP_EXIT_INPUT;
	return 0;
}

/* `recipe new URL|FILE`: a first recipe, written to --output (default <name>.json here). */
static int
recipe_new(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_scaffold sc = {.name = opts->value[OPT_NAME], .version = opts->value[OPT_VERSION],
		.build = opts->count[OPT_NO_BUILD] == 0};
	struct np_strv notes = {0};
	struct np_recipe r;
	struct np_buf text = {0};
	struct np_error incomplete = {0};
	char *path = NULL;
	bool built = false;
	int code = 0;

	if (opts->args.n != 2) {
		np_error_set(err, NP_EXIT_USAGE, "recipe new: name one source archive (a URL or a file)");
		return NP_EXIT_USAGE;
	}
	sc.source = opts->args.v[1];
	if (!np_scaffold_recipe(&s->ctx, &sc, &r, &notes, &built, &incomplete)) {
		np_error_set(err, incomplete.code, "%s", incomplete.msg);
		np_error_release(&incomplete);
		np_strv_release(&notes);
		return err->code;
	}
	path = opts->value[OPT_OUTPUT] ? np_xstrdup(opts->value[OPT_OUTPUT]) :
		np_xasprintf("%s.json", r.name);
	if (np_fs_exists(path) && !opts->count[OPT_FORCE]) {
		np_error_set(err, NP_EXIT_USAGE, "recipe new: %s exists (--force replaces it, --output "
			"writes elsewhere)", path);
		code = NP_EXIT_USAGE;
		goto out;
	}
	if (!np_recipe_to_json_schema(&r, NP_RECIPE_SCHEMA, &text, err) ||
		!np_fs_write_atomic(path, text.data, text.len, err)) {
		code = err->code;
		goto out;
	}
	for (size_t i = 0; i < notes.n && !s->quiet; i++)
		fprintf(stderr, "nativepkg: %s: %s\n", r.name, notes.v[i]);
	if (np_error_isset(&incomplete)) {
		np_error_set(err, incomplete.code ? incomplete.code : NP_EXIT_FAILURE, "%s\n  %s holds "
			"what could be worked out; fix its build options and run 'nativepkg recipe new' "
			"again, or complete it by hand", incomplete.msg, path);
		code = err->code;
		goto out;
	}
	{
		/*
		 * What was written must load as every recipe does — under the name it will have in
		 * a recipe directory, <name>.json, whatever --output called it.
		 */
		struct np_recipe back;
		char *dir = np_path_dirname(path), *as = np_xasprintf("%s/%s.json", dir, r.name);
		bool loaded = np_recipe_parse(np_buf_str(&text), text.len, as, &back, err);
		if (loaded) {
			for (size_t w = 0; w < back.warnings.n && !s->quiet; w++)
				fprintf(stderr, "%s\n", back.warnings.v[w]);
			np_recipe_release(&back);
			if (strcmp(np_path_basename(path), np_path_basename(as)) != 0 && !s->quiet)
				fprintf(stderr, "nativepkg: %s: a recipe directory finds it as %s.json\n",
					r.name, r.name);
		}
		free(dir);
		free(as);
		if (!loaded) {
			code = err->code;
			goto out;
		}
	}
	if (!s->quiet)
		fprintf(s->out, "wrote %s (%s %s, %s%s)\n", path, r.name, r.version,
			np_build_system_name(r.build_system), built ? ", from a trial build" : "");
out:
	np_error_release(&incomplete);
	np_recipe_release(&r);
	np_strv_release(&notes);
	np_buf_release(&text);
	free(path);
	return code;
}

static int
cmd_recipe(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const char *sub = opts->args.n ? opts->args.v[0] : "";

	if (strcmp(sub, "list") == 0 && opts->args.n == 1)
		return recipe_list(s, opts->count[OPT_CMAKE] > 0);
	if (strcmp(sub, "show") == 0)
		return recipe_show(s, opts, err);
	if (strcmp(sub, "lint") == 0)
		return recipe_lint(s, opts, err);
	if (strcmp(sub, "new") == 0)
		return recipe_new(s, opts, err);
	np_error_set(err, NP_EXIT_USAGE, "recipe: expected 'list', 'show NAME', 'lint [NAME|FILE...]' "
		"or 'new URL|FILE'");
	return NP_EXIT_USAGE;
}

const struct np_command np_cmd_recipe = {
	.name = "recipe",
	.run = cmd_recipe,
	.usage = "list [--cmake] | show [--json] NAME | lint [--werror] [--upgrade] [--trial-build] "
		"[NAME|FILE...] | new [--name NAME] [--version VERSION] [--no-build] [--output FILE] "
		"URL|FILE",
	.summary = "list, show and check recipes",
	.description =
		"list prints every recipe on the search path (--recipes, NATIVEPKG_RECIPE_PATH, the "
		"workspace's recipes/, the built-in recipes; the first of a name wins) with its "
		"version, links name and description; with --cmake, one line per CMake package a "
		"recipe exports: the package name and the recipe's.\n\n"
		"show prints one recipe and the file it came from, and the files of the same name it "
		"shadows; --json prints the recipe in canonical form. Credentials in source URLs are "
		"shown as ***.\n\n"
		"lint validates recipes - the named ones, files given by path, or all - and reports "
		"every problem as file:line:col: unknown keys, wrong types, duplicate keys, malformed "
		"hashes and versions, trailing text, \\u0000, invalid UTF-8, too deep nesting. It "
		"warns about what loads but cannot work yet, such as an unknown sha256. Exit 3 when "
		"there are errors (or warnings, with --werror). With --upgrade, each recipe named "
		"that loads and is of schema 1 is rewritten in place as schema 2 (its libraries "
		"become components), which nativepkg reads back before replacing the file; the "
		"answers it gives are the same. With --trial-build, each recipe that loads is also "
		"built from source (its dependencies resolve as usual): the libraries it installs "
		"are checked against its components, of the link kind asked for, and a library "
		"they need that no declared dependency provides is a warning.\n\n"
		"new writes a first schema-2 recipe for a source archive, a URL (downloaded; its "
		"sha256 is what arrived) or a file: the top directory to strip, the build system "
		"(CMake, meson, autotools or make), options that turn off tests, examples, "
		"documentation and programs where it recognises them, and - from a trial build - its "
		"libraries as components, its headers and their subdirectory, its .pc files and "
		"CMake package, its version macro. It goes to <name>.json in the current directory "
		"(--output FILE elsewhere; an existing file is replaced only with --force). What was "
		"guessed is printed as notes: read the recipe, edit it, then 'nativepkg recipe lint "
		"--trial-build FILE'. --no-build skips the trial build (discovery and exports are "
		"then left to fill in). A trial build that fails still writes what was worked out "
		"(exit 1).",
	.options = (const struct np_option[]){
		{OPT_JSON, "json", 0, NULL, "show: print the recipe as canonical JSON", false},
		{OPT_WERROR, "werror", 0, NULL, "lint: treat warnings as errors", false},
		{OPT_CMAKE, "cmake", 0, NULL, "list: CMake package names and their recipes", false},
		{OPT_UPGRADE, "upgrade", 0, NULL, "lint: rewrite schema-1 recipes as schema 2", false},
		{OPT_TRIAL, "trial-build", 0, NULL, "lint: build each recipe and check what it installs",
			false},
		{OPT_NAME, "name", 0, "NAME", "new: the package name (default: from the archive)", false},
		{OPT_VERSION, "version", 0, "VERSION", "new: the version (default: from the archive)",
			false},
		{OPT_OUTPUT, "output", 'o', "FILE", "new: where to write the recipe", false},
		{OPT_NO_BUILD, "no-build", 0, NULL, "new: no trial build", false},
		{OPT_FORCE, "force", 0, NULL, "new: replace an existing file", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION,
};
