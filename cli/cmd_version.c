/* cmd_version: `nativepkg version` — nativepkg's version and the libraries it uses. */
#include "cli/command.h"
#include "core/hash.h"
#include "core/json.h"
#include "resolvers/archive.h"
#include "resolvers/fetch.h"
#include "resolvers/resolver.h"

#ifndef NP_VERSION
#define NP_VERSION "unknown"
#endif

static int
cmd_version(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const char *curl = np_fetch_library_version(), *archive = np_extract_library_version();
	const char *crypto = np_hash_library_version();

	(void)opts;
	(void)err;
	fprintf(s->out, "nativepkg %s\n", NP_VERSION);
	fprintf(s->out, "libpkgconf %s\n", np_pkgconfig_library_version());
	fprintf(s->out, "libcurl %s\n", curl ? curl : "(cannot be loaded)");
	fprintf(s->out, "%s\n", archive ? archive : "libarchive (cannot be loaded)");
	fprintf(s->out, "cJSON %s\n", np_json_library_version());
	fprintf(s->out, "%s\n", crypto ? crypto : "libcrypto (cannot be loaded)");
	return 0;
}

const struct np_command np_cmd_version = {
	.name = "version",
	.run = cmd_version,
	.usage = "",
	.summary = "print nativepkg's version and the versions of the libraries it uses",
	.description =
		"Prints nativepkg's version, then those of libpkgconf, libcurl, libarchive, cJSON and "
		"OpenSSL's libcrypto as loaded at run time. libcurl, libarchive and libcrypto are "
		"loaded only when needed, so a library that cannot be loaded is reported here rather "
		"than stopping nativepkg from starting.",
	.options = (const struct np_option[]){{0, NULL, 0, NULL, NULL, false}},
	.flags = 0,
};
