/* Fuzz target: the manifest and user config loader, every lookup on what loaded, and
 * `nativepkg add`'s rewrite reading back with the same dependencies plus the new one. */
#include <stdbool.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/manifest.h"
#include "tests/fuzz/fuzz.h"

static void
lookups(const struct np_manifest *m)
{
	static const char *const targets[] = {"x86_64-linux-gnu", "aarch64-linux-gnu", NULL};
	static const char *const pkgs[] = {"zlib", "libpng", "a"};

	for (size_t t = 0; t < 3; t++) {
		struct np_dependencies d = {0};
		np_manifest_dependencies(m, targets[t], &d);
		np_dependencies_release(&d);
		for (size_t p = 0; p < 3; p++) {
			for (int s = 0; s < NP_SETTING_COUNT; s++) {
				char *where = NULL;
				np_manifest_setting(m, targets[t], pkgs[p], (enum np_setting)s, &where);
				free(where);
			}
		}
	}
}

static bool
has(const struct np_dependencies *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].name, name) == 0)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_xmalloc(size + 1);
	struct np_manifest m = {0}, again = {0};
	struct np_buf out = {0};
	struct np_error err = {0};
	char *settings[NP_SETTING_COUNT] = {NULL};

	memcpy(text, data, size);
	text[size] = '\0';
	if (np_manifest_parse(&m, text, size, "/ws/config.json", NP_MANIFEST_USER, &err))
		lookups(&m);
	np_manifest_release(&m);
	np_error_release(&err);
	if (np_manifest_parse(&m, text, size, "/ws/nativepkg.json", NP_MANIFEST_WORKSPACE, &err)) {
		struct np_dependencies before = {0}, after = {0};
		lookups(&m);
		np_manifest_dependencies(&m, NULL, &before);
		FUZZ_CHECK(np_manifest_add(&m, "zz-fuzz", ">= 1", settings, &out, &err));
		FUZZ_CHECK(np_manifest_parse(&again, out.data, out.len, "/ws/nativepkg.json",
			NP_MANIFEST_WORKSPACE, &err));
		np_manifest_dependencies(&again, NULL, &after);
		FUZZ_CHECK(has(&after, "zz-fuzz"));
		for (size_t i = 0; i < before.n; i++)
			FUZZ_CHECK(has(&after, before.v[i].name));
		np_dependencies_release(&before);
		np_dependencies_release(&after);
		np_manifest_release(&again);
	}
	np_manifest_release(&m);
	np_buf_release(&out);
	np_error_release(&err);
	free(text);
	return 0;
}
