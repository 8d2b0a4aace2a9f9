/* remote: restoring builds from binary caches and uploading them there. */
#include "resolvers/remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/text.h"
#include "resolvers/archive.h"

#define FORMAT 1
#define MAX_MANIFEST (16u << 20)

static char *
object_url(const struct np_remote *rm, const struct np_recipe *r, const char *key,
	const char *ext)
{
	return np_xasprintf("%s/%s-%s-%s.%s", rm->url, r->name, r->version, key, ext);
}

/* The files a restore rewrites when they embed the original prefix. */
static bool
relocatable(const char *rel)
{
	const char *base = np_path_basename(rel);

	return np_text_ends_with(rel, ".pc") || np_text_ends_with(rel, ".cmake") ||
		np_text_ends_with(rel, ".la") ||
		(np_text_starts_with(rel, "bin/") && np_text_ends_with(base, "-config"));
}

/* Rewrites every occurrence of from with to in a text file; binary files are left alone. */
static bool
relocate(const char *path, const char *from, const char *to, bool *changed,
	struct np_error *err)
{
	struct np_buf text = {0}, out = {0};
	size_t n = strlen(from);
	bool ok = true;

	*changed = false;
	if (!np_fs_read(path, 64u << 20, &text, err))
		return false;
	if (memchr(text.data ? text.data : "", '\0', text.len) == NULL &&
		strstr(np_buf_str(&text), from) != NULL) {
		for (const char *p = np_buf_str(&text), *hit; *p; p = hit + n) {
			hit = strstr(p, from);
			if (hit == NULL) {
				np_buf_adds(&out, p);
				break;
			}
			np_buf_add(&out, p, (size_t)(hit - p));
			np_buf_adds(&out, to);
		}
		ok = np_fs_write_atomic(path, out.data ? out.data : "", out.len, err);
		*changed = ok;
	}
	np_buf_release(&text);
	np_buf_release(&out);
	return ok;
}

/*
 * The prefix a manifest says the build was made in: <cache>/builds/<the same name as here>.
 * Its builds directory is what a restore rewrites, so it must not be something shorter.
 */
static bool
built_in_a_cache(const char *prefix, const char *final)
{
	char *dir = np_path_dirname(prefix);
	bool ok = *prefix == '/' && strcmp(np_path_basename(prefix), np_path_basename(final)) == 0 &&
		np_text_ends_with(dir, "/builds") && strlen(dir) > strlen("/builds");

	free(dir);
	return ok;
}

/* The manifest's word against the unpacked tree: every file there, the size and hash it says. */
static const char *
verify_files(const struct np_json *files, const char *dir)
{
	static char why[512];

	for (const struct np_json *f = files ? files->child : NULL; f; f = f->next) {
		const struct np_json *path = np_json_get(f, "path"), *size = np_json_get(f, "size");
		const struct np_json *sha = np_json_get(f, "sha256");
		char hex[NP_HASH_HEX_LEN + 1], *full;
		struct stat st;
		bool ok;
		if (!path || path->type != NP_JSON_STRING || !np_path_is_below(path->str) || !size ||
			size->type != NP_JSON_NUMBER || !sha || sha->type != NP_JSON_STRING)
			return "a file entry of the manifest is malformed";
		full = np_path_join(dir, path->str);
		ok = lstat(full, &st) == 0 && S_ISREG(st.st_mode) && (double)st.st_size == size->num &&
			np_hash_file(full, hex, NULL) && strcmp(hex, sha->str) == 0;
		free(full);
		if (!ok) {
			snprintf(why, sizeof why, "%s does not match the manifest", path->str);
			return why;
		}
	}
	return NULL;
}

/* One cache: the manifest, the archive, the unpacked and checked tree. *why on a miss or fault. */
static bool
restore_from(struct np_resolve_ctx *ctx, const struct np_remote *rm, const struct np_request *req,
	const char *key, const char *final, const char *staged, struct np_trace_step *step,
	bool *restored, char **why, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	char *manifest_url = object_url(rm, r, key, "json"), *archive_url = object_url(rm, r, key, "tar.gz");
	struct np_buf text = {0};
	struct np_json *m = NULL;
	struct np_error e = {0};
	const struct np_json *v, *archive, *files;
	char *archive_path = NULL, *shown = np_fetch_redact(manifest_url), *from = NULL, *to = NULL;
	bool missing = false;

	*restored = false;
	if (!np_fetch_get(&ctx->fetch, manifest_url, MAX_MANIFEST, &text, &missing, &e)) {
		*why = np_xasprintf("%s", e.msg);
		goto out;
	}
	if (missing) {
		np_trace_note(step, "binary cache %s: no %s-%s-%s", shown, r->name, r->version, key);
		goto out;
	}
	if (!np_json_parse(text.data, text.len, shown, &m, &e)) {
		*why = np_xasprintf("its manifest is not valid: %s", e.msg);
		goto out;
	}
	archive = np_json_get(m, "archive");
	files = np_json_get(m, "files");
	if ((v = np_json_get(m, "nativepkg_binary")) == NULL || v->type != NP_JSON_NUMBER ||
		v->num != FORMAT || (v = np_json_get(m, "key")) == NULL || v->type != NP_JSON_STRING ||
		strcmp(v->str, key) != 0 || (v = np_json_get(m, "prefix")) == NULL ||
		v->type != NP_JSON_STRING || !built_in_a_cache(v->str, final) ||
		np_json_get(archive, "sha256") == NULL ||
		np_json_get(archive, "sha256")->type != NP_JSON_STRING || files == NULL ||
		files->type != NP_JSON_ARRAY) {
		*why = np_xstrdup("its manifest is not one of this build");
		goto out;
	}
	if (ctx->status) {
		char *where = np_fetch_redact(rm->url);
		char *msg = np_xasprintf("restoring %s %s from %s", r->name, r->version, where);
		free(where);
		ctx->status(ctx->status_data, r->name, msg);
		free(msg);
	}
	if (!np_fetch_object(&ctx->fetch, r->name, archive_url, np_json_get(archive, "sha256")->str,
		    step, &archive_path, &e)) {
		*why = np_xasprintf("%s", e.msg);
		goto out;
	}
	{
		struct np_extract x = {.strip = 0, .max_bytes = ctx->max_extract, .max_entries = 1000000};
		const char *bad;
		if (!np_fs_mkdirs(staged, &e) || !np_extract_archive(&x, archive_path, staged, &e)) {
			*why = np_xasprintf("%s", e.msg);
			np_cache_discard(&ctx->cache, archive_path, NULL);
			goto out;
		}
		if ((bad = verify_files(files, staged)) != NULL) {
			*why = np_xstrdup(bad);
			np_cache_discard(&ctx->cache, archive_path, NULL);
			goto out;
		}
	}
	/*
	 * The builds directory it was built in becomes this cache's: its own prefix and its
	 * dependencies' (siblings with the same keys) move together.
	 */
	from = np_path_dirname(np_json_get(m, "prefix")->str);
	to = np_path_dirname(final);
	for (const struct np_json *f = files->child; f; f = f->next) {
		const char *rel = np_json_get(f, "path")->str;
		char *full;
		bool changed;
		if (!relocatable(rel) || strcmp(from, to) == 0)
			continue;
		full = np_path_join(staged, rel);
		if (!relocate(full, from, to, &changed, err)) {
			free(full);
			goto out;
		}
		if (changed)
			np_trace_note(step, "relocated %s", rel);
		free(full);
	}
	np_trace_note(step, "restored from %s", shown);
	*restored = true;
out:
	free(from);
	free(to);
	np_error_release(&e);
	np_json_free(m);
	np_buf_release(&text);
	free(archive_path);
	free(manifest_url);
	free(archive_url);
	free(shown);
	return !np_error_isset(err);
}

bool
np_remote_restore(struct np_resolve_ctx *ctx, const struct np_request *req, const char *key,
	const char *final, const char *staged, struct np_trace_step *step, bool *restored,
	struct np_error *err)
{
	*restored = false;
	for (size_t i = 0; i < ctx->remotes.n && !*restored; i++) {
		char *why = NULL, *shown = np_fetch_redact(ctx->remotes.v[i].url);
		if (!restore_from(ctx, &ctx->remotes.v[i], req, key, final, staged, step, restored,
			    &why, err)) {
			free(shown);
			return false;
		}
		if (why) {
			np_trace_note(step, "binary cache %s: %s", shown, why);
			np_trace_warn(&ctx->trace, "%s: binary cache %s: %s; building it here",
				req->recipe->name, shown, why);
			np_fs_remove_tree(staged, NULL);
		}
		free(why);
		free(shown);
	}
	return true;
}

static struct np_json *
file_list(const char *dir, const struct np_strv *files, struct np_error *err)
{
	struct np_json *list = np_json_new(NP_JSON_ARRAY);

	for (size_t i = 0; i < files->n; i++) {
		char *full = np_path_join(dir, files->v[i]), hex[NP_HASH_HEX_LEN + 1];
		struct stat st;
		struct np_json *f;
		bool ok = stat(full, &st) == 0 && np_hash_file(full, hex, err);
		free(full);
		if (!ok) {
			np_json_free(list);
			return NULL;
		}
		f = np_json_add(list, NULL, np_json_new(NP_JSON_OBJECT));
		np_json_add_string(f, "path", files->v[i]);
		np_json_add(f, "size", np_json_new_number((double)st.st_size));
		np_json_add_string(f, "sha256", hex);
	}
	return list;
}

/* What a finished build's marker says its key hashed ("" when it does not say). */
static const char *
stored_inputs(const char *final, struct np_json **doc)
{
	char *path = np_path_join(final, NP_BUILD_MARKER);
	struct np_buf text = {0};
	const struct np_json *v = NULL;

	if (np_fs_read(path, 1u << 20, &text, NULL) &&
		np_json_parse(text.data, text.len, path, doc, NULL))
		v = np_json_get(*doc, "inputs");
	np_buf_release(&text);
	free(path);
	return v && v->type == NP_JSON_STRING ? v->str : "";
}

/* Packs the build once and writes its manifest; both go to every writable cache. */
bool
np_remote_push(struct np_resolve_ctx *ctx, const struct np_recipe *r, const char *key,
	const char *key_text, enum np_link link, const char *final, struct np_trace_step *step,
	bool strict, struct np_error *err)
{
	struct np_strv skip = {0}, files = {0};
	struct np_json *m = NULL, *a, *list;
	struct np_buf text = {0};
	char *archive = NULL, *manifest = NULL, hex[NP_HASH_HEX_LEN + 1];
	struct np_json *marker_text = NULL;
	struct stat st;
	struct np_error e = {0};
	bool ok = true, any = false;

	for (size_t i = 0; i < ctx->remotes.n; i++)
		any = any || !ctx->remotes.v[i].read_only;
	if (!any)
		return !strict || np_error_set(err, NP_EXIT_USAGE, "no writable binary cache is configured "
			"(NATIVEPKG_BINARY_CACHE, \"binary_cache\" in nativepkg.json)");
	if (key_text == NULL)
		key_text = stored_inputs(final, &marker_text);
	np_strv_push(&skip, NP_BUILD_MARKER);
	archive = np_cache_tmp(&ctx->cache, "pack");
	manifest = np_cache_tmp(&ctx->cache, "manifest");
	if (!np_archive_pack(final, archive, &skip, &files, &e) || !np_hash_file(archive, hex, &e) ||
		stat(archive, &st) != 0 || (list = file_list(final, &files, &e)) == NULL) {
		ok = false;
		goto out;
	}
	m = np_json_new(NP_JSON_OBJECT);
	np_json_add(m, "nativepkg_binary", np_json_new_number(FORMAT));
	np_json_add_string(m, "name", r->name);
	np_json_add_string(m, "version", r->version);
	np_json_add_string(m, "key", key);
	np_json_add_string(m, "link", np_link_name(link));
	np_json_add_string(m, "target", ctx->config->target);
	np_json_add_string(m, "prefix", final);
	np_json_add_string(m, "inputs", key_text);
	a = np_json_add(m, "archive", np_json_new(NP_JSON_OBJECT));
	np_json_add_string(a, "sha256", hex);
	np_json_add(a, "size", np_json_new_number((double)st.st_size));
	np_json_add(m, "files", list);
	if (!np_json_print_readable(m, &text, &e) ||
		!np_fs_write_atomic(manifest, text.data, text.len, &e)) {
		ok = false;
		goto out;
	}
	for (size_t i = 0; i < ctx->remotes.n; i++) {
		const struct np_remote *rm = &ctx->remotes.v[i];
		char *aurl, *murl, *shown;
		if (rm->read_only)
			continue;
		aurl = object_url(rm, r, key, "tar.gz");
		murl = object_url(rm, r, key, "json");
		shown = np_fetch_redact(rm->url);
		/* The manifest last: a reader that finds it finds the archive. */
		if (np_fetch_put(&ctx->fetch, aurl, archive, &e) &&
			np_fetch_put(&ctx->fetch, murl, manifest, &e)) {
			np_trace_note(step, "uploaded to %s (%lld bytes)", shown, (long long)st.st_size);
		} else {
			if (!strict)
				np_trace_warn(&ctx->trace, "%s: binary cache %s: %s", r->name, shown, e.msg);
			else if (!np_error_isset(err))
				np_error_set(err, NP_EXIT_NETWORK, "%s: binary cache %s: %s", r->name, shown,
					e.msg);
			ok = !strict && ok;
			np_error_release(&e);
		}
		free(aurl), free(murl), free(shown);
	}
out:
	if (np_error_isset(&e)) {
		if (!strict)
			np_trace_warn(&ctx->trace, "%s: cannot pack the build for the binary cache: %s",
				r->name, e.msg);
		else if (!np_error_isset(err))
			np_error_set(err, e.code, "%s: %s", r->name, e.msg);
		ok = !strict;
	}
	np_error_release(&e);
	unlink(archive);
	unlink(manifest);
	free(archive);
	free(manifest);
	np_json_free(m);
	np_json_free(marker_text);
	np_buf_release(&text);
	np_strv_release(&skip);
	np_strv_release(&files);
	return ok;
}
