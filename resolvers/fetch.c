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
#include "core/secret.h"
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
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned, int, int *);
	CURLMcode (*multi_timeout)(CURLM *, long *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
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
		{"curl_multi_init", &curl.multi_init, sizeof curl.multi_init},
		{"curl_multi_add_handle", &curl.multi_add_handle, sizeof curl.multi_add_handle},
		{"curl_multi_remove_handle", &curl.multi_remove_handle, sizeof curl.multi_remove_handle},
		{"curl_multi_perform", &curl.multi_perform, sizeof curl.multi_perform},
		{"curl_multi_poll", &curl.multi_poll, sizeof curl.multi_poll},
		{"curl_multi_timeout", &curl.multi_timeout, sizeof curl.multi_timeout},
		{"curl_multi_info_read", &curl.multi_info_read, sizeof curl.multi_info_read},
		{"curl_multi_cleanup", &curl.multi_cleanup, sizeof curl.multi_cleanup},
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
	/* The user information ends at the authority's last '@' (a password may hold one). */
	return np_secret_url_mask(url);
}

/* State of one transfer. */
struct transfer {
	const struct np_fetch *f;
	const char *what;
	int fd;
	struct np_hash *hash;
	int64_t bytes;
	bool too_big;
	int write_errno; /* why writing the file failed (0: it did not) */
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
			/* Kept now: libcurl's own calls would overwrite errno before end_transfer. */
			t->write_errno = w < 0 ? errno : EIO;
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

static void
sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * Mirrors first, each in both layouts: <mirror>/sha256/<hex> (the download cache's own, so
 * an asset store can be filled by copying downloads/), then <mirror>/<file name> for each file
 * name of the recipe's URLs (names collide: two projects' tag archives are both "2.1.5.tar.gz",
 * which the sha256 check catches). Then the recipe's URLs.
 */
static void
candidates(const struct np_fetch *f, const struct np_strv *urls, const char *sha256,
	struct np_strv *out)
{
	struct np_strv names = {0};

	for (size_t i = 0; i < urls->n; i++)
		if (*np_path_basename(urls->v[i]))
			np_strv_push_unique(&names, np_path_basename(urls->v[i]));
	for (size_t i = 0; i < f->mirrors.n && urls->n; i++) {
		const char *m = f->mirrors.v[i];
		int len = (int)strlen(m);
		while (len && m[len - 1] == '/')
			len--;
		np_strv_push_owned(out, np_xasprintf("%.*s/sha256/%s", len, m, sha256));
		for (size_t j = 0; j < names.n; j++)
			np_strv_push_owned(out, np_xasprintf("%.*s/%s", len, m, names.v[j]));
	}
	np_strv_release(&names);
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

/* What a failed transfer means for the next try. */
static enum outcome
classify(CURLcode rc, long status)
{
	switch (rc) {
	case CURLE_OK:
		return OUTCOME_OK;
	case CURLE_HTTP_RETURNED_ERROR:
		return transient_status(status) ? OUTCOME_TRANSIENT : OUTCOME_FAILED;
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return OUTCOME_TRANSIENT;
	default:
		return OUTCOME_FAILED;
	}
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/*
 * One file of a batch: its candidate URLs, tried in order, each up to MAX_TRIES times on
 * transient failures; the transfers of a batch share one libcurl multi handle.
 */
struct download {
	struct np_fetch_item *item;
	bool auth;
	bool learn;            /* no sha256 to check: the bytes' own is kept (recipe new) */
	struct np_strv tries;
	size_t url;            /* index into tries */
	unsigned attempt;      /* 1..MAX_TRIES at this URL */
	char *dest, *tmp;
	struct np_buf failures; /* one line per candidate that failed, with why */
	bool mismatch;          /* a candidate delivered other bytes */
	struct transfer t;
	CURL *h;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
	double start_at;       /* ms on the monotonic clock; a retry waits */
	bool active, done;
};

static void
finish_download(struct download *d, bool ok)
{
	if (d->tmp)
		unlink(d->tmp);
	if (ok) {
		d->item->path = d->dest;
		d->dest = NULL;
	}
	d->done = true;
}

/* The cached copy, or why nothing can be tried; false when the download is already over. */
static bool
begin_download(const struct np_fetch *f, struct download *d)
{
	struct np_fetch_item *it = d->item;

	if (d->learn) {
		/* Nothing to compare with: what arrives is hashed and kept under its own hash. */
		if (f->offline) {
			np_error_set(&it->err, NP_EXIT_NETWORK, "%s: offline: cannot download %s", it->what,
				d->tries.v[0]);
			finish_download(d, false);
			return false;
		}
		d->tmp = np_cache_tmp(f->cache, "download");
		d->attempt = 1;
		return true;
	}
	if (it->sha256 == NULL || strcmp(it->sha256, "unknown") == 0) {
		np_error_set(&it->err, NP_EXIT_INPUT, "%s: the recipe's sha256 is unknown: refusing "
			"to download what cannot be verified", it->what);
		finish_download(d, false);
		return false;
	}
	/* It names the file in downloads/sha256/: nothing but a hash may become that path. */
	if (!np_hash_hex_valid(it->sha256)) {
		np_error_set(&it->err, NP_EXIT_INPUT, "%s: \"%s\" is not a sha256 (64 lowercase hex "
			"digits)", it->what, it->sha256);
		finish_download(d, false);
		return false;
	}
	d->dest = np_cache_download(f->cache, it->sha256);
	if (cached_ok(f, d->dest, it->sha256, it->step, &it->err)) {
		finish_download(d, true);
		return false;
	}
	if (np_error_isset(&it->err)) {
		finish_download(d, false);
		return false;
	}
	if (f->offline) {
		np_error_set(&it->err, NP_EXIT_NETWORK, "%s: offline, and its source (sha256 %s) is "
			"not in the download cache %s; run 'nativepkg fetch' while online, or 'nativepkg "
			"cache add FILE'", it->what, it->sha256, d->dest);
		finish_download(d, false);
		return false;
	}
	d->tmp = np_cache_tmp(f->cache, "download");
	d->attempt = 1;
	return true;
}

/* Starts the current try; false when it cannot (the item's error is set, the download over). */
static bool
start_transfer(const struct np_fetch *f, CURLM *multi, struct download *d, const char *agent)
{
	struct np_fetch_item *it = d->item;

	d->t = (struct transfer){.f = f, .what = it->what, .fd = -1};
	d->errbuf[0] = '\0';
	/* A fresh file for each try, never opened through a symlink planted at its name. */
	unlink(d->tmp);
	d->t.fd = open(d->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (d->t.fd < 0) {
		np_error_set(&it->err, NP_EXIT_FAILURE, "cannot create '%s': %s", d->tmp,
			strerror(errno));
		finish_download(d, false);
		return false;
	}
	if ((d->t.hash = np_hash_new(&it->err)) == NULL || (d->h = curl.easy_init()) == NULL) {
		if (!np_error_isset(&it->err))
			np_error_set(&it->err, NP_EXIT_NETWORK, "libcurl cannot start a transfer");
		close(d->t.fd);
		if (d->t.hash) {
			char ignored[NP_HASH_HEX_LEN + 1];
			np_hash_finish(d->t.hash, ignored);
		}
		finish_download(d, false);
		return false;
	}
	d->headers = configure(d->h, f, d->tries.v[d->url], d->auth, d->errbuf, agent);
	if (f->max_bytes)
		curl.easy_setopt(d->h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_bytes);
	curl.easy_setopt(d->h, CURLOPT_WRITEFUNCTION, on_data);
	curl.easy_setopt(d->h, CURLOPT_WRITEDATA, &d->t);
	curl.easy_setopt(d->h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl.easy_setopt(d->h, CURLOPT_XFERINFODATA, &d->t);
	curl.easy_setopt(d->h, CURLOPT_NOPROGRESS, f->progress ? 0L : 1L);
	curl.easy_setopt(d->h, CURLOPT_PRIVATE, d);
	curl.multi_add_handle(multi, d->h);
	d->active = true;
	return true;
}

/*
 * Keeps a verified download: its bytes reach the disk before its name does (fsync, then the
 * rename into downloads/sha256/, then an fsync of that directory). Any failure on the way fails
 * the step and keeps nothing. Closes the file.
 */
static bool
keep_download(struct download *d, struct np_error *err)
{
	int fd = d->t.fd, dir_fd, e = 0;
	char *dir;

	d->t.fd = -1;
	if (fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e)
		return np_error_set(err, NP_EXIT_FAILURE, "%s: cannot write the download '%s': %s",
			d->item->what, d->tmp, strerror(e));
	if (rename(d->tmp, d->dest) != 0)
		return np_error_set(err, NP_EXIT_FAILURE, "%s: cannot move the download into %s: %s",
			d->item->what, d->dest, strerror(errno));
	dir = np_path_dirname(d->dest);
	dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* Some file systems cannot sync a directory (EINVAL): the rename is all they offer. */
	if (dir_fd < 0 || (fsync(dir_fd) != 0 && errno != EINVAL)) {
		e = errno;
		unlink(d->dest);
		np_error_set(err, NP_EXIT_FAILURE, "%s: cannot write '%s': %s", d->item->what, dir,
			strerror(e));
	}
	if (dir_fd >= 0)
		close(dir_fd);
	free(dir);
	return e == 0;
}

/*
 * A finished try: verified and kept, tried again, or the next candidate. Wrong bytes are one
 * more failed candidate (the next mirror or URL may hold the right ones); a local write error
 * stops at once, since every candidate would meet it.
 */
static void
end_transfer(const struct np_fetch *f, CURLM *multi, struct download *d, CURLcode rc)
{
	struct np_fetch_item *it = d->item;
	char hex[NP_HASH_HEX_LEN + 1], *why = NULL;
	char *shown = np_fetch_redact(d->tries.v[d->url]);
	enum outcome o;
	long status = 0;

	curl.easy_getinfo(d->h, CURLINFO_RESPONSE_CODE, &status);
	curl.multi_remove_handle(multi, d->h);
	curl.easy_cleanup(d->h);
	d->h = NULL;
	if (d->headers)
		curl.slist_free_all(d->headers);
	d->headers = NULL;
	d->active = false;
	np_hash_finish(d->t.hash, hex);
	if (f->progress)
		f->progress(f->progress_data, it->what, (uint64_t)d->t.bytes, 0, true);

	o = classify(rc, status);
	if (d->t.write_errno) {
		close(d->t.fd);
		np_error_set(&it->err, NP_EXIT_FAILURE, "%s: cannot write the download '%s': %s",
			it->what, d->tmp, strerror(d->t.write_errno));
		finish_download(d, false);
		goto out;
	}
	if (o == OUTCOME_OK && !d->t.too_big && (d->learn || strcmp(hex, it->sha256) == 0)) {
		if (d->learn) {
			free(d->dest);
			d->dest = np_cache_download(f->cache, hex);
			free(it->learned);
			it->learned = np_xstrdup(hex);
		}
		if (keep_download(d, &it->err)) {
			np_trace_note(it->step, "downloaded %s", shown);
			finish_download(d, true);
		} else {
			finish_download(d, false);
		}
		goto out;
	}
	close(d->t.fd);
	if (d->t.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		why = np_xasprintf("%s: larger than the %lld-byte limit (NATIVEPKG_MAX_DOWNLOAD)", shown,
			(long long)f->max_bytes);
		o = OUTCOME_FAILED;
	} else if (o == OUTCOME_OK) {
		why = np_xasprintf("%s: sha256 mismatch, actual %s", shown, hex);
		d->mismatch = true;
		o = OUTCOME_FAILED;
	} else {
		const char *detail = d->errbuf[0] ? d->errbuf : curl.easy_strerror(rc);
		why = status >= 400 ? np_xasprintf("%s: HTTP %ld (%s)", shown, status, detail)
				    : np_xasprintf("%s: %s (curl error %d)", shown, detail, (int)rc);
	}
	np_trace_note(it->step, "try %u: %s", d->attempt, why);
	if (o == OUTCOME_TRANSIENT && d->attempt < MAX_TRIES) {
		d->start_at = now_ms() + (double)(f->retry_delay_ms << (d->attempt - 1));
		d->attempt++;
		goto out;
	}
	np_buf_addf(&d->failures, "\n  %s", why);
	d->url++;
	d->attempt = 1;
	d->start_at = 0;
	if (d->url < d->tries.n)
		goto out;
	/* Every candidate failed: wrong bytes anywhere make it an integrity failure. */
	if (d->mismatch)
		np_error_set(&it->err, NP_EXIT_INTEGRITY, "%s: sha256 mismatch: no candidate delivered "
			"%s\n  expected %s%s", it->what, d->auth ? "it" : "its source", it->sha256,
			np_buf_str(&d->failures));
	else
		np_error_set(&it->err, NP_EXIT_NETWORK, "%s: cannot download %s:%s", it->what,
			d->auth ? "it" : "its source", np_buf_str(&d->failures));
	finish_download(d, false);
out:
	free(why);
	free(shown);
}

/* Drives every pending download until each is kept or has failed. */
static void
run_downloads(const struct np_fetch *f, struct download *d, size_t n)
{
	char *agent = np_xasprintf("nativepkg/%s", NP_VERSION);
	CURLM *multi = curl.multi_init();
	size_t left = 0;

	for (size_t i = 0; i < n; i++)
		if (!d[i].done)
			left++;
	if (multi == NULL) {
		for (size_t i = 0; i < n; i++)
			if (!d[i].done) {
				np_error_set(&d[i].item->err, NP_EXIT_NETWORK, "libcurl cannot start a "
					"transfer");
				finish_download(&d[i], false);
			}
		left = 0;
	}
	while (left) {
		double t = now_ms(), next = -1;
		int running, queued, wait_ms;
		CURLMsg *msg;

		for (size_t i = 0; i < n; i++) {
			if (d[i].done || d[i].active)
				continue;
			if (d[i].start_at <= t) {
				if (!start_transfer(f, multi, &d[i], agent))
					left--;
			} else if (next < 0 || d[i].start_at < next) {
				next = d[i].start_at;
			}
		}
		if (left == 0)
			break;
		curl.multi_perform(multi, &running);
		while ((msg = curl.multi_info_read(multi, &queued)) != NULL) {
			struct download *x = NULL;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			end_transfer(f, multi, x, msg->data.result);
			if (x->done)
				left--;
		}
		/*
		 * As long as libcurl asks (a file:// transfer has no socket to wait on: it wants 0),
		 * but not past the next retry, and at most a second.
		 */
		{
			long want = -1;
			curl.multi_timeout(multi, &want);
			wait_ms = want < 0 || want > 1000 ? 1000 : (int)want;
			if (next >= 0 && (int)(next - now_ms()) + 1 < wait_ms)
				wait_ms = (int)(next - now_ms()) + 1;
			/* A candidate that failed left the next one to start now: no waiting for it (a
			 * mirror's sha256/<hex> that is not there cost a second per download). */
			for (size_t i = 0; i < n && wait_ms > 0; i++)
				if (!d[i].done && !d[i].active && d[i].start_at <= now_ms())
					wait_ms = 0;
		}
		if (left && wait_ms > 0)
			curl.multi_poll(multi, NULL, 0, wait_ms, NULL);
	}
	if (multi)
		curl.multi_cleanup(multi);
	free(agent);
}

static void
release_download(struct download *d)
{
	np_strv_release(&d->tries);
	np_buf_release(&d->failures);
	free(d->dest);
	free(d->tmp);
}

/* The batch, with `auth` for a binary cache's objects (their URLs only, no mirrors). */
static bool
fetch_batch(const struct np_fetch *f, struct np_fetch_item *items, size_t n, bool auth,
	bool learn)
{
	struct download *d = np_xcalloc(n ? n : 1, sizeof *d);
	bool pending = false, ok = true;

	for (size_t i = 0; i < n; i++) {
		d[i].item = &items[i];
		d[i].auth = auth;
		d[i].learn = learn;
		items[i].path = NULL;
		if (auth || learn)
			np_strv_copy(&d[i].tries, items[i].urls);
		else
			candidates(f, items[i].urls, items[i].sha256 ? items[i].sha256 : "", &d[i].tries);
		if (d[i].tries.n == 0) {
			np_error_set(&items[i].err, NP_EXIT_INPUT, "%s: no URL to download from",
				items[i].what);
			finish_download(&d[i], false);
		} else if (begin_download(f, &d[i])) {
			pending = true;
		}
	}
	if (pending && !load(&items[0].err)) {
		for (size_t i = 0; i < n; i++) {
			if (d[i].done)
				continue;
			if (i)
				np_error_set(&items[i].err, items[0].err.code, "%s", items[0].err.msg);
			finish_download(&d[i], false);
		}
		pending = false;
	}
	if (pending)
		run_downloads(f, d, n);
	for (size_t i = 0; i < n; i++) {
		ok = ok && items[i].path != NULL;
		release_download(&d[i]);
	}
	free(d);
	return ok;
}

bool
np_fetch_files(const struct np_fetch *f, struct np_fetch_item *items, size_t n)
{
	return fetch_batch(f, items, n, false, false);
}

/* One file: a batch of one, with the item's error handed over. */
static bool
fetch_one(const struct np_fetch *f, const char *what, const struct np_strv *urls, bool auth,
	const char *sha256, struct np_trace_step *step, char **path, struct np_error *err)
{
	struct np_fetch_item it = {.what = what, .urls = urls, .sha256 = sha256, .step = step};
	bool ok = fetch_batch(f, &it, 1, auth, false);

	*path = it.path;
	if (!ok)
		np_error_set(err, it.err.code, "%s", it.err.msg);
	np_error_release(&it.err);
	return ok;
}

bool
np_fetch_file(const struct np_fetch *f, const char *what, const struct np_strv *urls,
	const char *sha256, struct np_trace_step *step, char **path, struct np_error *err)
{
	return fetch_one(f, what, urls, false, sha256, step, path, err);
}

bool
np_fetch_object(const struct np_fetch *f, const char *what, const char *url, const char *sha256,
	struct np_trace_step *step, char **path, struct np_error *err)
{
	struct np_strv tries = {0};
	bool ok;

	np_strv_push(&tries, url);
	ok = fetch_one(f, what, &tries, true, sha256, step, path, err);
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
		/* Nobody listening is not worth a second try for a cache lookup or upload. */
		result = rc == CURLE_COULDNT_CONNECT ? OUTCOME_FAILED : classify(rc, *status);
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

bool
np_fetch_learn(const struct np_fetch *f, const char *what, const char *url, char **path,
	char sha256[NP_HASH_HEX_LEN + 1], struct np_error *err)
{
	struct np_strv tries = {0};
	struct np_fetch_item it = {.what = what, .urls = &tries};
	bool ok;

	np_strv_push(&tries, url);
	ok = fetch_batch(f, &it, 1, false, true);
	*path = it.path;
	if (ok && it.learned)
		memcpy(sha256, it.learned, NP_HASH_HEX_LEN + 1);
	else if (!ok)
		np_error_set(err, it.err.code, "%s", it.err.msg);
	free(it.learned);
	np_error_release(&it.err);
	np_strv_release(&tries);
	return ok;
}
