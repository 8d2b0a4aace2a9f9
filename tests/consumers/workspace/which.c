/*
 * Calls libpng and zlib, then prints the real path of each library the process has mapped
 * (the kernel's view in /proc/self/maps): "z=<path> png=<path>".
 */
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static void
mapped(const char *name, char *out, size_t size)
{
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");

	snprintf(out, size, "none");
	while (f && fgets(line, sizeof line, f)) {
		char *path = strchr(line, '/');
		if (path == NULL || strstr(path, name) == NULL)
			continue;
		path[strcspn(path, "\n")] = '\0';
		snprintf(out, size, "%s", path);
		break;
	}
	if (f)
		fclose(f);
}

int
main(void)
{
	char z[4096], png[4096];

	if (zlibVersion() == NULL || png_access_version_number() == 0)
		return 1;
	mapped("/libz.so", z, sizeof z);
	mapped("/libpng16.so", png, sizeof png);
	printf("z=%s png=%s\n", z, png);
	return 0;
}
