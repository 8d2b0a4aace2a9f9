/*
 * A C program on the Rust library adder: what it calls, and the libadder file the process has
 * mapped (the kernel's view in /proc/self/maps), "-" when none is (a static link).
 */
#include <stdio.h>
#include <string.h>

#include "adder.h"

int
main(void)
{
	char line[4096], mapped[4096] = "-";
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof line, f)) {
		char *path = strchr(line, '/');
		if (path == NULL || strstr(path, "/libadder.so") == NULL)
			continue;
		path[strcspn(path, "\n")] = '\0';
		snprintf(mapped, sizeof mapped, "%s", path);
		break;
	}
	if (f)
		fclose(f);
	printf("%s %d %s %s\n", adder_version(), adder_add(40, 2), adder_features(), mapped);
	return 0;
}
