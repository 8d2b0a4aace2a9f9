/* fetch: the libcurl adapter. */
#include "resolvers/fetch.h"

#include <stddef.h>

#include <curl/curl.h>

#include "core/dynload.h"

#ifndef NP_LIBCURL_SONAME
#error "NP_LIBCURL_SONAME must name libcurl's shared object (set by CMakeLists.txt)"
#endif

static struct {
	void *handle;
	curl_version_info_data *(*version_info)(CURLversion);
} curl;

static bool
load(struct np_error *err)
{
	const struct np_dynload_sym syms[] = {
		{"curl_version_info", &curl.version_info, sizeof curl.version_info},
	};
	if (curl.handle)
		return true;
	return np_dynload(&curl.handle, NP_LIBCURL_SONAME, syms, sizeof syms / sizeof *syms, err);
}

const char *
np_fetch_library_version(void)
{
	if (!load(NULL))
		return NULL;
	return curl.version_info(CURLVERSION_NOW)->version;
}
