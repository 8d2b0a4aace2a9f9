/*
 * version: version comparison (the rpm/pkgconf ordering, so nativepkg and pkg-config agree on
 * which version is newer) and version ranges such as ">= 1.2.11, < 2".
 */
#ifndef NP_CORE_VERSION_H
#define NP_CORE_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* <0, 0, >0 like strcmp. Digit runs compare numerically, '~' sorts before anything. */
int np_version_cmp(const char *a, const char *b);

enum np_version_op {
	NP_VERSION_OP_EQ,
	NP_VERSION_OP_NE,
	NP_VERSION_OP_LT,
	NP_VERSION_OP_LE,
	NP_VERSION_OP_GT,
	NP_VERSION_OP_GE,
};

struct np_version_constraint {
	enum np_version_op op;
	char *version;
};

/* Valid when zeroed; an empty range accepts every version. */
struct np_version_range {
	struct np_version_constraint *c;
	size_t n;
	size_t cap;
};

/*
 * Parses "OP VERSION[, OP VERSION...]" (OP one of = != < <= > >=; a bare version means =).
 * "" and "*" mean any version. On failure sets err (NP_EXIT_INPUT) with the reason only.
 */
bool np_version_range_parse(const char *text, struct np_version_range *out, struct np_error *err);
void np_version_range_release(struct np_version_range *r);
bool np_version_range_match(const struct np_version_range *r, const char *version);
const char *np_version_op_str(enum np_version_op op);
/* Adds every constraint of src to dst (once): the range both accept. */
void np_version_range_add(struct np_version_range *dst, const struct np_version_range *src);
/*
 * Whether some version satisfies every constraint. Versions are treated as dense (between two
 * different versions there is always another), so only contradictory bounds make it empty:
 * ">= 2, < 2", "= 1.2, = 1.3", "= 1.2, != 1.2".
 */
bool np_version_range_satisfiable(const struct np_version_range *r);
/* ">= 1.2.11, < 2", or "*" for the empty range. Caller frees. */
char *np_version_range_text(const struct np_version_range *r);

#endif
