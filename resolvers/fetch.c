/* fetch: the libcurl adapter. */
#include "resolvers/fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/dynload.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/text.h"

#ifndef NP_LIBCURL_SONAME
#error "NP_LIBCURL_SONAME must name libcurl's shared object (set by CMakeLists.txt)"
#endif
#ifndef NP_VERSION
#define NP_VERSION "0"
#endif

#define MAX_TRIES 3

static struct {
	void *handle;
	bool initialised;
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	curl_version_info_data *(*version_info)(CURLversion);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} curl;

static bool
load(struct np_error *err)
{
	const struct np_dynload_sym syms[] = {
		{"curl_global_init", &curl.global_init, sizeof curl.global_init},
		{"curl_easy_init", &curl.easy_init, sizeof curl.easy_init},
		{"curl_easy_setopt", &curl.easy_setopt, sizeof curl.easy_setopt},
		{"curl_easy_perform", &curl.easy_perform, sizeof curl.easy_perform},
		{"curl_easy_getinfo", &curl.easy_getinfo, sizeof curl.easy_getinfo},
		{"curl_easy_cleanup", &curl.easy_cleanup, sizeof curl.easy_cleanup},
		{"curl_easy_strerror", &curl.easy_strerror, sizeof curl.easy_strerror},
		{"curl_version_info", &curl.version_info, sizeof curl.version_info},
		{"curl_slist_append", &curl.slist_append, sizeof curl.slist_append},
		{"curl_slist_free_all", &curl.slist_free_all, sizeof curl.slist_free_all},
	};
	if (!curl.handle &&
		!np_dynload(&curl.handle, NP_LIBCURL_SONAME, syms, sizeof syms / sizeof *syms, err))
		return false;
	if (!curl.initialised) {
		if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return np_error_set(err, NP_EXIT_NETWORK, "libcurl failed to initialise");
		curl.initialised = true;
	}
	return true;
}

const char *
np_fetch_library_version(void)
{
	if (!load(NULL))
		return NULL;
	return curl.version_info(CURLVERSION_NOW)->version;
}

char *
np_fetch_redact(const char *url)
{
	const char *scheme = strstr(url, "://"), *at, *slash;

	if (scheme == NULL)
		return np_xstrdup(url);
	scheme += 3;
	slash = strchr(scheme, '/');
	at = strchr(scheme, '@');
	if (at == NULL || (slash && at > slash))
		return np_xstrdup(url);
	return np_xasprintf("%.*s***%s", (int)(scheme - url), url, at);
}

/* State of one transfer. */
struct transfer {
	const struct np_fetch *f;
	const char *what;
	int fd;
	struct np_hash *hash;
	int64_t bytes;
	bool too_big;
	bool write_failed;
};

static size_t
on_data(char *data, size_t size, size_t n, void *user)
{
	struct transfer *t = user;
	size_t len = size * n;
	const char *p = data;

	if (t->f->max_bytes && t->bytes + (int64_t)len > t->f->max_bytes) {
		t->too_big = true;
		return 0; /* aborts the transfer */
	}
	np_hash_update(t->hash, data, len);
	for (size_t left = len; left;) {
		ssize_t w = write(t->fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			t->write_failed = true;
			return 0;
		}
		p += w;
		left -= (size_t)w;
	}
	t->bytes += (int64_t)len;
	return len;
}

static int
on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct transfer *t = user;
	(void)ultotal;
	(void)ulnow;
	if (t->f->progress)
		t->f->progress(t->f->progress_data, t->what, (uint64_t)dlnow, (uint64_t)dltotal, false);
	return 0;
}

enum outcome {
	OUTCOME_OK,
	OUTCOME_TRANSIENT, /* worth another try */
	OUTCOME_FAILED,    /* try the next URL */
	OUTCOME_FATAL,     /* stop: err is set */
};

static bool
transient_status(long status)
{
	return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

/*
 * What every transfer shares: protocols, redirects, timeouts, the CA bundle, credentials from
 * a netrc file; with `auth`, the binary cache's token (never sent to a source's host).
 */
static struct curl_slist *
configure(CURL *h, const struct np_fetch *f, const char *url, bool auth, char *errbuf,
	const char *agent)
{
	struct curl_slist *headers = NULL;

	curl.easy_setopt(h, CURLOPT_URL, url);
	curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http,file");
	curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https,http");
	curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl.easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
	curl.easy_setopt(h, CURLOPT_FAILONERROR, 1L);
	curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, f->connect_timeout);
	/* A stalled server is abandoned; a slow big tarball is not (no overall timeout). */
	curl.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, f->low_speed_time);
	curl.easy_setopt(h, CURLOPT_USERAGENT, agent);
	curl.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	if (f->ca_file)
		curl.easy_setopt(h, CURLOPT_CAINFO, f->ca_file);
	curl.easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (f->netrc_file)
		curl.easy_setopt(h, CURLOPT_NETRC_FILE, f->netrc_file);
	if (auth && f->token) {
		char *header = np_xasprintf("Authorization: Bearer %s", f->token);
		headers = curl.slist_append(NULL, header);
		free(header);
		curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	}
	return headers;
}

/* One attempt at one URL into tmp. *why describes a failure (caller frees). */
static enum outcome
attempt(const struct np_fetch *f, const char *what, const char *url, bool auth, const char *tmp,
	char hex[NP_HASH_HEX_LEN + 1], char **why, struct np_error *err)
{
	struct curl_slist *headers = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct transfer t = {.f = f, .what = what, .fd = -1};
	enum outcome result = OUTCOME_FAILED;
	CURL *h = NULL;
	CURLcode rc;
	long status = 0;
	char *shown = np_fetch_redact(url), *agent = np_xasprintf("nativepkg/%s", NP_VERSION);

	*why = NULL;
	t.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (t.fd < 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot create '%s': %s", tmp, strerror(errno));
		result = OUTCOME_FATAL;
		goto out;
	}
	if ((t.hash = np_hash_new(err)) == NULL || (h = curl.easy_init()) == NULL) {
		if (!np_error_isset(err))
			np_error_set(err, NP_EXIT_NETWORK, "libcurl cannot start a transfer");
		result = OUTCOME_FATAL;
		goto out;
	}
	headers = configure(h, f, url, auth, errbuf, agent);
	if (f->max_bytes)
		curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_bytes);
	curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl.easy_setopt(h, CURLOPT_WRITEDATA, &t);
	curl.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl.easy_setopt(h, CURLOPT_XFERINFODATA, &t);
	curl.easy_setopt(h, CURLOPT_NOPROGRESS, f->progress ? 0L : 1L);

	rc = curl.easy_perform(h);
	curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (f->progress)
		f->progress(f->progress_data, what, (uint64_t)t.bytes, 0, true);
	np_hash_finish(t.hash, hex);
	t.hash = NULL;

	if (t.write_failed) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot write '%s': %s", tmp, strerror(errno));
		result = OUTCOME_FATAL;
	} else if (t.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		*why = np_xasprintf("%s: larger than the %lld-byte limit (NATIVEPKG_MAX_DOWNLOAD)", shown,
			(long long)f->max_bytes);
	} else if (rc == CURLE_OK) {
		result = OUTCOME_OK;
	} else {
		const char *detail = errbuf[0] ? errbuf : curl.easy_strerror(rc);
		if (status >= 400)
			*why = np_xasprintf("%s: HTTP %ld (%s)", shown, status, detail);
		else
			*why = np_xasprintf("%s: %s (curl error %d)", shown, detail, (int)rc);
		switch (rc) {
		case CURLE_HTTP_RETURNED_ERROR:
			result = transient_status(status) ? OUTCOME_TRANSIENT : OUTCOME_FAILED;
			break;
		case CURLE_OPERATION_TIMEDOUT:
		case CURLE_COULDNT_CONNECT:
		case CURLE_PARTIAL_FILE:
		case CURLE_RECV_ERROR:
		case CURLE_SEND_ERROR:
		case CURLE_GOT_NOTHING:
			result = OUTCOME_TRANSIENT;
			break;
		default:
			result = OUTCOME_FAILED;
			break;
		}
	}
out:
	if (t.hash) {
		char ignored[NP_HASH_HEX_LEN + 1];
		np_hash_finish(t.hash, ignored);
	}
	if (h)
		curl.easy_cleanup(h);
	if (headers)
		curl.slist_free_all(headers);
	if (t.fd >= 0)
		close(t.fd);
	free(shown);
	free(agent);
	return result;
}

static void
sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Mirrors first (<mirror>/<file name of the first URL>), then the recipe's URLs. */
static void
candidates(const struct np_fetch *f, const struct np_strv *urls, struct np_strv *out)
{
	if (urls->n) {
		const char *name = np_path_basename(urls->v[0]);
		for (size_t i = 0; i < f->mirrors.n; i++) {
			const char *m = f->mirrors.v[i];
			size_t len = strlen(m);
			np_strv_push_owned(out, np_xasprintf("%.*s/%s", (int)(len && m[len - 1] == '/' ?
				len - 1 : len), m, name));
		}
	}
	np_strv_copy(out, urls);
}

/* A cached copy is used only after it is verified again; a bad one is discarded. */
static bool
cached_ok(const struct np_fetch *f, const char *dest, const char *sha256,
	struct np_trace_step *step, struct np_error *err)
{
	char hex[NP_HASH_HEX_LEN + 1];

	if (!np_fs_exists(dest))
		return false;
	if (!np_hash_file(dest, hex, err))
		return false;
	if (strcmp(hex, sha256) == 0) {
		np_trace_note(step, "download cache: %s", dest);
		return true;
	}
	np_trace_note(step, "download cache: %s is corrupted (sha256 %s): discarded", dest, hex);
	np_cache_discard(f->cache, dest, NULL);
	return false;
}

/* The file with this sha256 in the download cache, from the first of `tries` that has it. */
static bool
fetch_verified(const struct np_fetch *f, const char *what, const struct np_strv *tries,
	bool auth, const char *sha256, struct np_trace_step *step, char **path, struct np_error *err)
{
	struct np_buf failures = {0};
	char *dest = NULL, *tmp = NULL;
	bool ok = false;

	*path = NULL;
	if (sha256 == NULL || strcmp(sha256, "unknown") == 0)
		return np_error_set(err, NP_EXIT_INPUT, "%s: the recipe's sha256 is unknown: refusing "
			"to download what cannot be verified", what);
	dest = np_cache_download(f->cache, sha256);
	if (cached_ok(f, dest, sha256, step, err)) {
		*path = dest;
		return true;
	}
	if (np_error_isset(err))
		goto out;
	if (f->offline) {
		np_error_set(err, NP_EXIT_NETWORK, "%s: offline, and its source (sha256 %s) is not in "
			"the download cache %s; run 'nativepkg fetch' while online, or 'nativepkg cache "
			"add FILE'", what, sha256, dest);
		goto out;
	}
	if (!load(err))
		goto out;

	tmp = np_cache_tmp(f->cache, "download");
	for (size_t i = 0; i < tries->n && !ok; i++) {
		char *shown = np_fetch_redact(tries->v[i]);
		for (unsigned n = 1; n <= MAX_TRIES; n++) {
			char hex[NP_HASH_HEX_LEN + 1], *why = NULL;
			enum outcome o = attempt(f, what, tries->v[i], auth, tmp, hex, &why, err);
			if (o == OUTCOME_FATAL) {
				free(shown);
				goto out;
			}
			if (o == OUTCOME_OK) {
				if (strcmp(hex, sha256) != 0) {
					np_error_set(err, NP_EXIT_INTEGRITY, "%s: sha256 mismatch for %s\n"
						"  expected %s\n  actual   %s", what, shown, sha256, hex);
					free(shown);
					goto out;
				}
				if (rename(tmp, dest) != 0) {
					np_error_set(err, NP_EXIT_FAILURE, "cannot move the download into %s: %s",
						dest, strerror(errno));
					free(shown);
					goto out;
				}
				np_trace_note(step, "downloaded %s", shown);
				ok = true;
				break;
			}
			np_trace_note(step, "try %u: %s", n, why);
			if (o == OUTCOME_FAILED || n == MAX_TRIES) {
				np_buf_addf(&failures, "\n  %s", why);
				free(why);
				break;
			}
			free(why);
			sleep_ms(f->retry_delay_ms << (n - 1));
		}
		free(shown);
	}
	if (!ok)
		np_error_set(err, NP_EXIT_NETWORK, "%s: cannot download %s:%s", what,
			auth ? "it" : "its source", np_buf_str(&failures));
out:
	if (tmp)
		unlink(tmp);
	free(tmp);
	np_buf_release(&failures);
	if (ok)
		*path = dest;
	else
		free(dest);
	return ok;
}

bool
np_fetch_file(const struct np_fetch *f, const char *what, const struct np_strv *urls,
	const char *sha256, struct np_trace_step *step, char **path, struct np_error *err)
{
	struct np_strv tries = {0};
	bool ok;

	candidates(f, urls, &tries);
	ok = fetch_verified(f, what, &tries, false, sha256, step, path, err);
	np_strv_release(&tries);
	return ok;
}

bool
np_fetch_object(const struct np_fetch *f, const char *what, const char *url, const char *sha256,
	struct np_trace_step *step, char **path, struct np_error *err)
{
	struct np_strv tries = {0};
	bool ok;

	np_strv_push(&tries, url);
	ok = fetch_verified(f, what, &tries, true, sha256, step, path, err);
	np_strv_release(&tries);
	return ok;
}

struct memory {
	struct np_buf *out;
	size_t max;
	bool too_big;
};

static size_t
on_memory(char *data, size_t size, size_t n, void *user)
{
	struct memory *m = user;
	size_t len = size * n;

	if (m->out->len + len > m->max) {
		m->too_big = true;
		return 0;
	}
	np_buf_add(m->out, data, len);
	return len;
}

/* One request without a body to keep on disk: a GET into memory, or a PUT of a file. */
static enum outcome
small_request(const struct np_fetch *f, const char *url, FILE *upload, int64_t upload_size,
	struct memory *m, long *status, char **why, struct np_error *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", *agent = np_xasprintf("nativepkg/%s", NP_VERSION);
	char *shown = np_fetch_redact(url);
	struct curl_slist *headers;
	enum outcome result = OUTCOME_FAILED;
	CURL *h = curl.easy_init();
	CURLcode rc;

	*status = 0;
	*why = NULL;
	if (h == NULL) {
		free(agent), free(shown);
		np_error_set(err, NP_EXIT_NETWORK, "libcurl cannot start a transfer");
		return OUTCOME_FATAL;
	}
	headers = configure(h, f, url, true, errbuf, agent);
	if (upload) {
		curl.easy_setopt(h, CURLOPT_UPLOAD, 1L);
		curl.easy_setopt(h, CURLOPT_READDATA, upload);
		curl.easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)upload_size);
	} else {
		curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_memory);
		curl.easy_setopt(h, CURLOPT_WRITEDATA, m);
	}
	rc = curl.easy_perform(h);
	curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	if (rc == CURLE_OK) {
		result = OUTCOME_OK;
	} else if (m && m->too_big) {
		*why = np_xasprintf("%s: larger than %zu bytes", shown, m->max);
	} else {
		const char *detail = errbuf[0] ? errbuf : curl.easy_strerror(rc);
		*why = *status >= 400 ? np_xasprintf("%s: HTTP %ld (%s)", shown, *status, detail)
				      : np_xasprintf("%s: %s (curl error %d)", shown, detail, (int)rc);
		if (rc == CURLE_HTTP_RETURNED_ERROR)
			result = transient_status(*status) ? OUTCOME_TRANSIENT : OUTCOME_FAILED;
		else if (rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_PARTIAL_FILE ||
			rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING)
			result = OUTCOME_TRANSIENT;
	}
	curl.easy_cleanup(h);
	if (headers)
		curl.slist_free_all(headers);
	free(agent);
	free(shown);
	return result;
}

bool
np_fetch_get(const struct np_fetch *f, const char *url, size_t max, struct np_buf *out,
	bool *missing, struct np_error *err)
{
	*missing = false;
	if (f->offline)
		return np_error_set(err, NP_EXIT_NETWORK, "offline: not asking %s", url);
	if (!load(err))
		return false;
	for (unsigned n = 1;; n++) {
		struct memory m = {.out = out, .max = max};
		char *why = NULL;
		long status;
		enum outcome o;

		np_buf_reset(out);
		o = small_request(f, url, NULL, 0, &m, &status, &why, err);
		if (o == OUTCOME_OK)
			return true;
		if (o == OUTCOME_FATAL)
			return false;
		/* A plain 404 is an answer (not there); file:// says so with its own error. */
		if (status == 404 || status == 410 || (status == 0 && strncmp(url, "file://", 7) == 0 &&
			why && strstr(why, "curl error 37"))) {
			free(why);
			*missing = true;
			return true;
		}
		if (o == OUTCOME_FAILED || n == MAX_TRIES) {
			np_error_set(err, NP_EXIT_NETWORK, "%s", why);
			free(why);
			return false;
		}
		free(why);
		sleep_ms(f->retry_delay_ms << (n - 1));
	}
}

bool
np_fetch_put(const struct np_fetch *f, const char *url, const char *path, struct np_error *err)
{
	if (f->offline)
		return np_error_set(err, NP_EXIT_NETWORK, "offline: not uploading to %s", url);
	if (!load(err))
		return false;
	for (unsigned n = 1;; n++) {
		FILE *in = fopen(path, "rb");
		struct stat st;
		char *why = NULL;
		long status;
		enum outcome o;

		if (in == NULL || fstat(fileno(in), &st) != 0) {
			if (in)
				fclose(in);
			return np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path,
				strerror(errno));
		}
		o = small_request(f, url, in, (int64_t)st.st_size, NULL, &status, &why, err);
		fclose(in);
		if (o == OUTCOME_OK)
			return true;
		if (o == OUTCOME_FATAL)
			return false;
		if (o == OUTCOME_FAILED || n == MAX_TRIES) {
			np_error_set(err, NP_EXIT_NETWORK, "cannot upload: %s", why);
			free(why);
			return false;
		}
		free(why);
		sleep_ms(f->retry_delay_ms << (n - 1));
	}
}
