/* Every C consumer runs this: the zlib it reports is the zlib it loaded. */
#include <stdio.h>
#include <zlib.h>

int
main(void)
{
	printf("%s\n", zlibVersion());
	return 0;
}
