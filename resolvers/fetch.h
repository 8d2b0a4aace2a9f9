/*
 * fetch: downloads into the content-addressed cache. The only user of libcurl, which is loaded
 * on first use (core/dynload.h): resolving an installed library never pays for it.
 *
 * https, http and file URLs only; redirects only to http(s), at most 10; HTTP errors fail;
 * a connect timeout and a low-speed limit instead of an overall one; at most 3 tries per URL,
 * and only on transient failures (timeouts, dropped connections, 408, 429, 5xx). Bytes are
 * hashed while they stream into a temporary file, which is synced and renamed into
 * downloads/sha256/<hex> only when the SHA-256 matches; other bytes send the download on to
 * the next candidate (mirror or URL). A write error fails at once and keeps nothing.
 */
#ifndef NP_RESOLVERS_FETCH_H
#define NP_RESOLVERS_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cache.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/strv.h"
#include "core/trace.h"

struct np_fetch {
	const struct np_cache *cache;
	bool offline;
	struct np_strv mirrors;  /* URL prefixes tried first, each as <mirror>/sha256/<hex>, then
	                            <mirror>/<file name> (NATIVEPKG_MIRRORS) */
	char *ca_file;           /* extra CA bundle (NATIVEPKG_CA_FILE) */
	char *netrc_file;        /* credentials by host (NATIVEPKG_NETRC; else ~/.netrc if any) */
	char *token;             /* bearer token for binary caches only (NATIVEPKG_BINARY_CACHE_TOKEN) */
	long low_speed_time;     /* seconds below 1 KiB/s before a transfer is abandoned */
	long connect_timeout;    /* seconds */
	int64_t max_bytes;       /* refused when larger (also before anything is written) */
	unsigned retry_delay_ms; /* before the second try; doubled for the third */
	/* Optional: progress of the current transfer (total 0 when unknown). */
	void (*progress)(void *data, const char *what, uint64_t done, uint64_t total, bool end);
	void *progress_data;
};

/*
 * Makes sure the file with this sha256 is in the download cache and returns its path (caller
 * frees). A cached copy is verified first; a corrupted one is discarded and fetched again.
 * Candidates, in order: each mirror (its sha256/<hex>, then each file name of urls), then urls.
 * Notes each candidate tried on `step` (optional). Errors: NP_EXIT_INPUT without a known sha256;
 * when every candidate failed, NP_EXIT_INTEGRITY if any sent other bytes, else NP_EXIT_NETWORK,
 * listing each candidate and why (nothing kept); NP_EXIT_NETWORK when --offline forbids trying;
 * NP_EXIT_FAILURE when the file cannot be written (a full disk), at once.
 */
bool np_fetch_file(const struct np_fetch *f, const char *what, const struct np_strv *urls,
	const char *sha256, struct np_trace_step *step, char **path, struct np_error *err);

/* One file of a batch (np_fetch_files). */
struct np_fetch_item {
	const char *what;            /* the package, for messages */
	const struct np_strv *urls;  /* the recipe's URLs (mirrors are tried first) */
	const char *sha256;
	struct np_trace_step *step;  /* optional: each URL tried is noted here */
	char *path;                  /* out: the file in the download cache (caller frees) */
	struct np_error err;         /* out: why this one failed (caller releases) */
	char *learned;               /* out, np_fetch_learn only: the sha256 of what arrived */
};

/*
 * np_fetch_file for several files at once: every transfer runs concurrently (one libcurl
 * multi handle), each with its own tries, mirrors and verification. True when every item has
 * its path; a failed item's error is in item->err and does not stop the others.
 */
bool np_fetch_files(const struct np_fetch *f, struct np_fetch_item *items, size_t n);

/*
 * Downloads url (no mirrors: there is no hash to find it by) with the same limits and tries,
 * and keeps it in the download cache under the sha256 of what arrived, which is returned:
 * trust on first use, for `recipe new` to write into a recipe. *path is the cached file
 * (caller frees). Errors as np_fetch_file's, never NP_EXIT_INTEGRITY.
 */
bool np_fetch_learn(const struct np_fetch *f, const char *what, const char *url, char **path,
	char sha256[NP_HASH_HEX_LEN + 1], struct np_error *err);

/*
 * Like np_fetch_file for one object of a binary cache (no mirrors), sent with the cache's
 * credentials.
 */
bool np_fetch_object(const struct np_fetch *f, const char *what, const char *url,
	const char *sha256, struct np_trace_step *step, char **path, struct np_error *err);
/*
 * GETs a small binary-cache object into out (at most max bytes). *missing says "not there"
 * (404, 410, a missing file://), which is not an error. Other failures are NP_EXIT_NETWORK.
 */
bool np_fetch_get(const struct np_fetch *f, const char *url, size_t max, struct np_buf *out,
	bool *missing, struct np_error *err);
/* PUTs the file at path to url (HTTP PUT, or a file:// write) with the cache's credentials. */
bool np_fetch_put(const struct np_fetch *f, const char *url, const char *path,
	struct np_error *err);

/* The URL with any user:password@ replaced by ***@ (caller frees). */
char *np_fetch_redact(const char *url);

/* libcurl's version string ("7.88.1"), or NULL when libcurl cannot be loaded. */
const char *np_fetch_library_version(void);

#endif
