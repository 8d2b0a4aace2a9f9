/* Every consumer of the benchmark: a program that needs libpng and zlib. */
#include <png.h>
#include <stdio.h>
#include <zlib.h>

int
main(void)
{
	printf("libpng %s, zlib %s\n", png_get_libpng_ver(NULL), zlibVersion());
	return 0;
}
