/* diag: per-file problem lists. */
#include "core/diag.h"

#include <stdarg.h>

void
np_diags_init(struct np_diags *d, const char *file)
{
	d->file = file;
	np_buf_init(&d->text);
	d->count = 0;
}

void
np_diags_release(struct np_diags *d)
{
	np_buf_release(&d->text);
	d->count = 0;
}

void
np_diags_add(struct np_diags *d, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	if (d->count)
		np_buf_addc(&d->text, '\n');
	if (line)
		np_buf_addf(&d->text, "%s:%u:%u: ", d->file, line, col);
	else
		np_buf_addf(&d->text, "%s: ", d->file);
	va_start(ap, fmt);
	np_buf_vaddf(&d->text, fmt, ap);
	va_end(ap);
	d->count++;
}

bool
np_diags_finish(struct np_diags *d, struct np_error *err)
{
	if (d->count == 0)
		return true;
	return np_error_set(err, NP_EXIT_INPUT, "%s", np_buf_str(&d->text));
}
