/* error: first-error-wins error values. */
#include "core/error.h"

#include <stdarg.h>
#include <stdlib.h>

#include "core/alloc.h"

/* Always returns false so that `return np_error_set(...)` reads as a failure. */
bool
np_error_set(struct np_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->msg != NULL)
		return false;
	va_start(ap, fmt);
	err->msg = np_xvasprintf(fmt, ap);
	va_end(ap);
	err->code = code;
	return false;
}

void
np_error_prefix(struct np_error *err, const char *fmt, ...)
{
	va_list ap;
	char *prefix, *msg;

	if (err == NULL || err->msg == NULL)
		return;
	va_start(ap, fmt);
	prefix = np_xvasprintf(fmt, ap);
	va_end(ap);
	msg = np_xasprintf("%s: %s", prefix, err->msg);
	free(prefix);
	free(err->msg);
	err->msg = msg;
}

bool
np_error_isset(const struct np_error *err)
{
	return err != NULL && err->msg != NULL;
}

void
np_error_release(struct np_error *err)
{
	free(err->msg);
	err->msg = NULL;
	err->code = 0;
}
