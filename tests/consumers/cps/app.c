/*
 * Prints the zlib version the process calls and the libz file mapped into it, then (WITH_PNG)
 * the same for libpng: "<zlib version> <libz path> [<libpng version> <libpng path>]", "none"
 * for a library linked statically (nothing mapped).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#ifdef WITH_PNG
#include <png.h>
#endif

static void
mapped(const char *name)
{
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof line, f)) {
		char *path = strchr(line, '/');
		if (path && strstr(path, name)) {
			path[strcspn(path, "\n")] = '\0';
			printf("%s", path);
			fclose(f);
			return;
		}
	}
	if (f)
		fclose(f);
	printf("none");
}

static const char *
called_zlib(void)
{
#ifdef ZLIB_BY_NAME
	/* The zlib libpng loaded, found among the process's libraries. */
	const char *(*get)(void);
	void *sym = dlsym(RTLD_DEFAULT, "zlibVersion");
	if (sym == NULL)
		return "unloaded";
	memcpy(&get, &sym, sizeof get);
	return get();
#else
	return zlibVersion();
#endif
}

int
main(void)
{
#ifdef WITH_PNG
	const char *png = png_get_libpng_ver(NULL);
#endif
	printf("%s ", called_zlib());
	mapped("/libz.so");
#ifdef WITH_PNG
	printf(" %s ", png);
	mapped("/libpng16.so");
#endif
	printf("\n");
	return 0;
}
