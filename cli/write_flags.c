/* write_flags: pkg-config compatible flag lines. */
#include "cli/write_flags.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Linker arguments keep their last occurrence (a library after those that need it). */
static void
merge_libs(struct np_strv *all, const struct np_strv *add)
{
	for (size_t i = 0; i < add->n; i++) {
		const char *a = add->v[i];
		if (np_text_starts_with(a, "-L")) {
			np_strv_push_unique(all, a);
			continue;
		}
		for (size_t k = 0; k < all->n; k++) {
			if (strcmp(all->v[k], a) == 0) {
				free(all->v[k]);
				memmove(all->v + k, all->v + k + 1, (all->n - k) * sizeof *all->v);
				all->n--;
				break;
			}
		}
		np_strv_push(all, a);
	}
}

void
np_write_flags(struct np_resolution *const *rs, size_t n, int parts, struct np_buf *out)
{
	struct np_strv cflags = {0}, libs = {0};

	for (size_t i = 0; i < n; i++) {
		const struct np_resolution *r = rs[i];
		if (n == 1) {
			np_strv_copy(&cflags, &r->cflags);
			np_strv_copy(&libs, &r->ldflags);
			break;
		}
		for (size_t k = 0; k < r->cflags.n; k++)
			np_strv_push_unique(&cflags, r->cflags.v[k]);
		merge_libs(&libs, &r->ldflags);
	}
	if (parts & NP_FLAGS_CFLAGS)
		np_resolution_quote_args(&cflags, out);
	if (parts & NP_FLAGS_LIBS)
		np_resolution_quote_args(&libs, out);
	np_buf_addc(out, '\n');
	np_strv_release(&cflags);
	np_strv_release(&libs);
}
