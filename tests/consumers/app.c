/*
 * Every C consumer runs this: the zlib version it calls and the libz file the process has
 * mapped (the kernel's view in /proc/self/maps), "-" when none is (a static link). A program
 * that compiled against one zlib and loads another says so.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

int
main(void)
{
	char line[4096], mapped[4096] = "-";
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof line, f)) {
		char *path = strchr(line, '/');
		if (path == NULL || strstr(path, "/libz.so") == NULL)
			continue;
		path[strcspn(path, "\n")] = '\0';
		snprintf(mapped, sizeof mapped, "%s", path);
		break;
	}
	if (f)
		fclose(f);
	printf("%s %s\n", zlibVersion(), mapped);
	return 0;
}
