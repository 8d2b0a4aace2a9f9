/* remote: restoring builds from binary caches and uploading them there. */
#include "resolvers/remote.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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
#include "resolvers/build.h"
#include "resolvers/listing.h"

/* 2: the manifest lists every directory and symlink (with its target), not only the files. */
#define FORMAT 2
#define MAX_MANIFEST (16u << 20)
#define MAX_RELOCATE (64u << 20)
/* Shorter secrets are not looked for in an object: ordinary bytes would match them. */
#define MIN_SECRET 8

static char *
object_url(const struct np_remote *rm, const struct np_recipe *r, const char *key,
	const char *ext)
{
	return np_xasprintf("%s/%s-%s-%s.%s", rm->url, r->name, r->version, key, ext);
}

/* --- restoring -------------------------------------------------------------------------------- */

/* The files a restore rewrites when they embed the original prefix. */
static bool
relocatable(const char *rel)
{
	const char *base = np_path_basename(rel);

	return np_text_ends_with(rel, ".pc") || np_text_ends_with(rel, ".cmake") ||
		np_text_ends_with(rel, ".la") ||
		(np_text_starts_with(rel, "bin/") && np_text_ends_with(base, "-config"));
}

static bool
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/*
 * Rewrites every `from` in the text file rel (a regular file the manifest lists) with `to`.
 * Never follows a symlink: the file is opened with O_NOFOLLOW, and the new bytes go to a new
 * file beside it (O_EXCL, its mode kept) that is renamed over it. Binary files are left alone.
 */
static bool
relocate(const char *dir, const char *rel, const char *from, const char *to, bool *changed,
	struct np_error *err)
{
	char *path = np_path_join(dir, rel), *tmp = NULL;
	struct np_buf text = {0}, out = {0};
	size_t n = strlen(from);
	struct stat st;
	bool ok = false;
	int fd, wfd;

	*changed = false;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot relocate %s: %s", rel, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_RELOCATE) {
		np_error_set(err, NP_EXIT_UNSAFE, "cannot relocate %s: %s", rel,
			S_ISREG(st.st_mode) ? "larger than 64 MiB" : "not a regular file");
		goto out;
	}
	for (;;) {
		ssize_t got;
		np_buf_reserve(&text, 65536);
		got = read(fd, text.data + text.len, 65536);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot read %s: %s", rel, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		text.len += (size_t)got;
		text.data[text.len] = '\0';
		if (text.len > MAX_RELOCATE) {
			np_error_set(err, NP_EXIT_UNSAFE, "cannot relocate %s: larger than 64 MiB", rel);
			goto out;
		}
	}
	ok = true;
	if (text.len == 0 || memchr(text.data, '\0', text.len) != NULL ||
		strstr(text.data, from) == NULL)
		goto out;
	for (const char *p = text.data, *hit; *p; p = hit + n) {
		if ((hit = strstr(p, from)) == NULL) {
			np_buf_adds(&out, p);
			break;
		}
		np_buf_add(&out, p, (size_t)(hit - p));
		np_buf_adds(&out, to);
	}
	tmp = np_xasprintf("%s.relocating.%ld", path, (long)getpid());
	wfd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
	if (wfd < 0) {
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot relocate %s: %s", rel, strerror(errno));
		goto out;
	}
	/* The umask may have taken bits the file had (a *-config script stays executable). */
	ok = fchmod(wfd, st.st_mode & 0777) == 0 && write_all(wfd, out.data, out.len);
	ok = close(wfd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		ok = np_error_set(err, NP_EXIT_FAILURE, "cannot relocate %s: %s", rel, strerror(errno));
		unlink(tmp);
		goto out;
	}
	*changed = true;
out:
	if (fd >= 0)
		close(fd);
	np_buf_release(&text);
	np_buf_release(&out);
	free(tmp);
	free(path);
	return ok;
}

/*
 * The prefix it was built in: <cache>/builds/<the same name as here>. Its builds directory is
 * what a restore rewrites, so it must not be something shorter.
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

/* s with every `from` replaced by `to` (s is freed; caller frees the result). */
static char *
replace_all(char *s, const char *from, const char *to)
{
	size_t n = strlen(from);
	char *hit;

	for (size_t at = 0; n && (hit = strstr(s + at, from)) != NULL;) {
		char *next = np_xasprintf("%.*s%s%s", (int)(hit - s), s, to, hit + n);
		at = (size_t)(hit - s) + strlen(to);
		free(s);
		s = next;
	}
	return s;
}

/*
 * A verdict on the staged tree, told of the object: what, then msg without the package's name
 * (the warning has it) and with paths relative to the prefix.
 */
static bool
of_the_object(struct np_error *err, const char *what, const char *msg, const struct np_recipe *r,
	const char *dir)
{
	char *name = np_xasprintf("%s: ", r->name), *with_slash = np_xasprintf("%s/", dir);
	char *s = np_xstrdup(np_text_starts_with(msg, name) ? msg + strlen(name) : msg);

	s = replace_all(s, with_slash, "");
	s = replace_all(s, dir, "the unpacked prefix");
	np_error_set(err, NP_EXIT_FAILURE, "%s: %s", what, s);
	free(s);
	free(with_slash);
	free(name);
	return false;
}

/*
 * The unpacked prefix, verified as a build made here is (build.c: the recipe's headers, and
 * its libraries of the requested link kind) and checked as every candidate is (check.c).
 */
static bool
verify_prefix(struct np_resolve_ctx *ctx, const struct np_request *req, const char *key,
	const char *dir, struct np_trace_step *step, struct np_error *err)
{
	struct np_request probe = *req;
	struct np_inputs scratch = {0};
	struct np_resolution res = {0};
	struct np_error e = {0};
	char *reason = NULL;
	bool ok = true;

	/* The staged paths are no input of the answer: that names the final prefix. */
	probe.inputs = &scratch;
	if (!np_build_resolve_prefix(ctx, &probe, dir, key, NP_METHOD_CACHE, step, &res, &e) ||
		!np_check_candidate(ctx, &probe, NP_METHOD_CACHE, &res, step, &reason, &e))
		ok = of_the_object(err, "it is not a complete build", e.msg, req->recipe, dir);
	else if (reason)
		ok = of_the_object(err, "it is not usable", reason, req->recipe, dir);
	free(reason);
	np_error_release(&e);
	np_resolution_release(&res);
	np_inputs_release(&scratch);
	return ok;
}

/* The string member `key` of obj, or NULL. */
static const char *
get_string(const struct np_json *obj, const char *key)
{
	const struct np_json *v = obj && obj->type == NP_JSON_OBJECT ? np_json_get(obj, key) : NULL;
	return v && v->type == NP_JSON_STRING ? v->str : NULL;
}

/* The manifest's fixed fields are this build's. */
static bool
manifest_fits(const struct np_json *m, const char *key, const char *final, struct np_error *err)
{
	const struct np_json *format = np_json_get(m, "nativepkg_binary");
	const char *k = get_string(m, "key"), *prefix = get_string(m, "prefix");
	const char *sha = get_string(np_json_get(m, "archive"), "sha256");

	if (format && format->type == NP_JSON_NUMBER && format->num != FORMAT)
		return np_error_set(err, NP_EXIT_INPUT, "its manifest is of format %g; this nativepkg "
			"reads format %d", format->num, FORMAT);
	if (!format || format->type != NP_JSON_NUMBER || !k || strcmp(k, key) != 0 || !prefix ||
		!built_in_a_cache(prefix, final))
		return np_error_set(err, NP_EXIT_INPUT, "its manifest is not one of this build");
	if (!sha || !np_hash_hex_valid(sha))
		return np_error_set(err, NP_EXIT_INPUT, "its manifest's archive sha256 is not 64 "
			"lowercase hex digits");
	return true;
}

/*
 * One cache: the manifest and its listing, the archive, the unpacked tree checked against the
 * listing, relocated, and verified as a build. Anything wrong with the object is *why (the
 * caller warns and builds instead); a miss is neither. False only when this machine fails.
 */
static bool
restore_from(struct np_resolve_ctx *ctx, const struct np_remote *rm, const struct np_request *req,
	const char *key, const char *final, const char *staged, struct np_trace_step *step,
	bool *restored, char **why, struct np_error *err)
{
	const struct np_recipe *r = req->recipe;
	char *manifest_url = object_url(rm, r, key, "json"), *archive_url = object_url(rm, r, key, "tar.gz");
	char *archive_path = NULL, *shown = np_fetch_redact(manifest_url), *from = NULL, *to = NULL;
	struct np_extract x = {.strip = 0, .max_bytes = ctx->max_extract, .max_entries = 1000000};
	struct np_listing listing = {0};
	struct np_buf text = {0};
	struct np_json *m = NULL;
	struct np_error e = {0};
	bool missing = false, ok = true;

	*restored = false;
	if (!np_fetch_get(&ctx->fetch, manifest_url, MAX_MANIFEST, &text, &missing, &e))
		goto out;
	if (missing) {
		np_trace_note(step, "binary cache %s: no %s-%s-%s", shown, r->name, r->version, key);
		goto out;
	}
	if (!np_json_parse(text.data, text.len, shown, &m, &e)) {
		np_error_prefix(&e, "its manifest is not valid");
		goto out;
	}
	/* The manifest is judged, its listing included, before anything is downloaded. */
	if (!manifest_fits(m, key, final, &e) || !np_listing_load(&listing, m, NP_BUILD_MARKER, &e))
		goto out;
	if (ctx->status) {
		char *where = np_fetch_redact(rm->url);
		char *msg = np_xasprintf("restoring %s %s from %s", r->name, r->version, where);
		free(where);
		ctx->status(ctx->status_data, r->name, msg);
		free(msg);
	}
	if (!np_fetch_object(&ctx->fetch, r->name, archive_url,
		    get_string(np_json_get(m, "archive"), "sha256"), step, &archive_path, &e))
		goto out;
	if (!np_fs_mkdirs(staged, err)) {
		ok = false;
		goto out;
	}
	if (!np_extract_archive(&x, archive_path, staged, &e) || !np_listing_match(&listing, staged, &e))
		goto out;
	/*
	 * The builds directory it was built in becomes this cache's: its own prefix and its
	 * dependencies' (siblings with the same keys) move together. Only listed regular files.
	 */
	from = np_path_dirname(get_string(m, "prefix"));
	to = np_path_dirname(final);
	for (size_t i = 0; i < listing.n && strcmp(from, to) != 0; i++) {
		const struct np_listing_entry *f = &listing.v[i];
		bool changed;
		if (f->kind != NP_LISTING_FILE || !relocatable(f->path))
			continue;
		if (!relocate(staged, f->path, from, to, &changed, &e))
			goto out;
		if (changed)
			np_trace_note(step, "relocated %s", f->path);
	}
	if (!verify_prefix(ctx, req, key, staged, step, &e))
		goto out;
	np_trace_note(step, "restored from %s", shown);
	*restored = true;
out:
	if (np_error_isset(&e))
		*why = np_xstrdup(e.msg);
	/* A bad object leaves no trace: not its archive in downloads/ (nor its tree: the caller). */
	if (!*restored && archive_path)
		np_cache_discard(&ctx->cache, archive_path, NULL);
	np_listing_release(&listing);
	free(from);
	free(to);
	np_error_release(&e);
	np_json_free(m);
	np_buf_release(&text);
	free(archive_path);
	free(manifest_url);
	free(archive_url);
	free(shown);
	return ok;
}

bool
np_remote_restore(struct np_resolve_ctx *ctx, const struct np_request *req, const char *key,
	const char *final, const char *staged, struct np_trace_step *step, bool *restored,
	struct np_error *err)
{
	*restored = false;
	for (size_t i = 0; i < ctx->remotes.n && !*restored; i++) {
		char *why = NULL, *shown = np_fetch_redact(ctx->remotes.v[i].url);
		bool ok = restore_from(ctx, &ctx->remotes.v[i], req, key, final, staged, step, restored,
			&why, err);
		if (why) {
			np_trace_note(step, "binary cache %s: %s", shown, why);
			np_trace_warn(&ctx->trace, "%s: binary cache %s: %s; building it here",
				req->recipe->name, shown, why);
		}
		if (!*restored)
			np_fs_remove_tree(staged, NULL);
		free(why);
		free(shown);
		if (!ok)
			return false;
	}
	return true;
}

/* --- uploading ------------------------------------------------------------------------------ */

static void
add_secret(struct np_strv *secrets, const char *s, size_t n)
{
	char *copy;

	if (n < MIN_SECRET)
		return;
	copy = np_xstrndup(s, n);
	np_strv_push_unique(secrets, copy);
	free(copy);
}

/* The userinfo of a URL ("user:password" before the host's '@'), and the password alone. */
static void
add_userinfo(struct np_strv *secrets, const char *url)
{
	const char *p = strstr(url, "://"), *end, *at = NULL, *colon;

	if (p == NULL)
		return;
	p += 3;
	end = p + strcspn(p, "/?#");
	for (const char *c = p; c < end; c++)
		if (*c == '@')
			at = c;
	if (at == NULL)
		return;
	add_secret(secrets, p, (size_t)(at - p));
	if ((colon = memchr(p, ':', (size_t)(at - p))) != NULL)
		add_secret(secrets, colon + 1, (size_t)(at - colon - 1));
}

/*
 * What must never leave this machine in an object: the binary-cache token and the
 * credentials in every URL nativepkg was given (the recipe's, the mirrors', the caches').
 */
static void
collect_secrets(const struct np_resolve_ctx *ctx, const struct np_recipe *r,
	struct np_strv *secrets)
{
	if (ctx->fetch.token)
		add_secret(secrets, ctx->fetch.token, strlen(ctx->fetch.token));
	for (size_t i = 0; i < r->urls.n; i++)
		add_userinfo(secrets, r->urls.v[i]);
	for (size_t i = 0; i < ctx->fetch.mirrors.n; i++)
		add_userinfo(secrets, ctx->fetch.mirrors.v[i]);
	for (size_t i = 0; i < ctx->remotes.n; i++)
		add_userinfo(secrets, ctx->remotes.v[i].url);
}

/*
 * The text a key hashed, as the manifest may show it: every URL's userinfo and every secret
 * replaced by "***" (caller frees). The key itself is computed elsewhere, from its own text.
 */
static char *
redact(const char *text, const struct np_strv *secrets)
{
	struct np_buf out = {0};
	char *s;

	for (const char *p = text; *p;) {
		const char *scheme = strstr(p, "://"), *host, *end, *at = NULL;
		if (scheme == NULL) {
			np_buf_adds(&out, p);
			break;
		}
		host = scheme + 3;
		end = host + strcspn(host, "/?#\"' \t\r\n\\");
		for (const char *c = host; c < end; c++)
			if (*c == '@')
				at = c;
		np_buf_add(&out, p, (size_t)(host - p));
		if (at) {
			np_buf_adds(&out, "***");
			host = at;
		}
		np_buf_add(&out, host, (size_t)(end - host));
		p = end;
	}
	s = np_buf_detach(&out);
	for (size_t i = 0; i < secrets->n; i++)
		s = replace_all(s, secrets->v[i], "***");
	return s;
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

/*
 * The manifest of the build in `final` (the archive's hash and size still to come): its
 * listing, which must be one a restore accepts, and no secret anywhere in it.
 */
static struct np_json *
make_manifest(struct np_resolve_ctx *ctx, const struct np_recipe *r, const char *key,
	const char *key_text, enum np_link link, const char *final, const struct np_strv *secrets,
	struct np_error *err)
{
	struct np_json *m = np_json_new(NP_JSON_OBJECT);
	struct np_listing listing = {0};
	char *inputs = redact(key_text, secrets);
	bool ok;

	np_json_add(m, "nativepkg_binary", np_json_new_number(FORMAT));
	np_json_add_string(m, "name", r->name);
	np_json_add_string(m, "version", r->version);
	np_json_add_string(m, "key", key);
	np_json_add_string(m, "link", np_link_name(link));
	np_json_add_string(m, "target", ctx->config->target);
	np_json_add_string(m, "prefix", final);
	np_json_add_string(m, "inputs", inputs);
	free(inputs);
	np_json_add(m, "archive", np_json_new(NP_JSON_OBJECT));
	ok = np_listing_describe(final, NP_BUILD_MARKER, secrets, m, err) &&
		np_listing_load(&listing, m, NP_BUILD_MARKER, err);
	np_listing_release(&listing);
	if (!ok) {
		np_json_free(m);
		return NULL;
	}
	return m;
}

/* Packs the build once and writes its manifest; both go to every writable cache. */
bool
np_remote_push(struct np_resolve_ctx *ctx, const struct np_recipe *r, const char *key,
	const char *key_text, enum np_link link, const char *final, struct np_trace_step *step,
	bool strict, struct np_error *err)
{
	struct np_strv skip = {0}, secrets = {0};
	struct np_json *m = NULL, *a;
	struct np_buf text = {0};
	char *archive = NULL, *manifest = NULL, hex[NP_HASH_HEX_LEN + 1];
	struct np_json *marker_text = NULL;
	struct stat st;
	struct np_error e = {0}, refused = {0};
	bool ok = true, any = false;

	for (size_t i = 0; i < ctx->remotes.n; i++)
		any = any || !ctx->remotes.v[i].read_only;
	if (!any)
		return !strict || np_error_set(err, NP_EXIT_USAGE, "no writable binary cache is configured "
			"(NATIVEPKG_BINARY_CACHE, \"binary_cache\" in nativepkg.json)");
	if (key_text == NULL)
		key_text = stored_inputs(final, &marker_text);
	collect_secrets(ctx, r, &secrets);
	np_strv_push(&skip, NP_BUILD_MARKER);
	archive = np_cache_tmp(&ctx->cache, "pack");
	manifest = np_cache_tmp(&ctx->cache, "manifest");
	if ((m = make_manifest(ctx, r, key, key_text, link, final, &secrets, &refused)) == NULL)
		goto out;
	if (!np_archive_pack(final, archive, &skip, NULL, &e) || !np_hash_file(archive, hex, &e) ||
		stat(archive, &st) != 0) {
		ok = false;
		goto out;
	}
	a = np_json_get(m, "archive");
	np_json_add_string(a, "sha256", hex);
	np_json_add(a, "size", np_json_new_number((double)st.st_size));
	if (!np_json_print_readable(m, &text, &e)) {
		ok = false;
		goto out;
	}
	/* Whatever else the manifest carries (a target name, a path) must not hold one either. */
	if (np_listing_secret_in(&secrets, text.data, text.len)) {
		np_error_set(&refused, NP_EXIT_UNSAFE, "its manifest would hold a credential");
		goto out;
	}
	if (!np_fs_write_atomic(manifest, text.data, text.len, &e)) {
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
	/* A build a restore would refuse, or one holding a secret, stays here. */
	if (np_error_isset(&refused)) {
		if (!strict)
			np_trace_warn(&ctx->trace, "%s: not uploaded to the binary cache: %s", r->name,
				refused.msg);
		else
			np_error_set(err, NP_EXIT_FAILURE, "%s: not uploaded to the binary cache: %s",
				r->name, refused.msg);
		ok = !strict;
	}
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
	np_error_release(&refused);
	np_json_free(m);
	np_json_free(marker_text);
	np_buf_release(&text);
	np_strv_release(&skip);
	np_strv_release(&secrets);
	return ok;
}
