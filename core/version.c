/* version: rpm-style version ordering and ranges. */
#include "core/version.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

int
np_version_cmp(const char *a, const char *b)
{
	const unsigned char *one = (const unsigned char *)a, *two = (const unsigned char *)b;

	if (strcmp(a, b) == 0)
		return 0;
	while (*one || *two) {
		const unsigned char *s1, *s2;
		bool numeric;
		size_t l1, l2;
		int rc;

		while (*one && !isalnum(*one) && *one != '~')
			one++;
		while (*two && !isalnum(*two) && *two != '~')
			two++;
		if (*one == '~' || *two == '~') {
			if (*one != '~')
				return 1;
			if (*two != '~')
				return -1;
			one++, two++;
			continue;
		}
		if (!*one || !*two)
			break;

		s1 = one, s2 = two;
		numeric = isdigit(*one);
		if (numeric) {
			while (isdigit(*s1))
				s1++;
			while (isdigit(*s2))
				s2++;
		} else {
			while (isalpha(*s1))
				s1++;
			while (isalpha(*s2))
				s2++;
		}
		/* Segments of different kinds: a number is newer than letters. */
		if (s2 == two)
			return numeric ? 1 : -1;
		if (numeric) {
			while (*one == '0' && one + 1 < s1)
				one++;
			while (*two == '0' && two + 1 < s2)
				two++;
			l1 = (size_t)(s1 - one), l2 = (size_t)(s2 - two);
			if (l1 != l2)
				return l1 > l2 ? 1 : -1;
		}
		l1 = (size_t)(s1 - one), l2 = (size_t)(s2 - two);
		rc = strncmp((const char *)one, (const char *)two, l1 < l2 ? l1 : l2);
		if (rc == 0 && l1 != l2)
			rc = l1 > l2 ? 1 : -1;
		if (rc)
			return rc < 0 ? -1 : 1;
		one = s1, two = s2;
	}
	if (!*one && !*two)
		return 0;
	return *one ? 1 : -1;
}

static const struct {
	const char *text;
	enum np_version_op op;
} ops[] = {
	/* Two-character operators first so "<=" is not read as "<". */
	{"<=", NP_VERSION_OP_LE}, {">=", NP_VERSION_OP_GE}, {"!=", NP_VERSION_OP_NE},
	{"==", NP_VERSION_OP_EQ}, {"<", NP_VERSION_OP_LT}, {">", NP_VERSION_OP_GT},
	{"=", NP_VERSION_OP_EQ},
};

const char *
np_version_op_str(enum np_version_op op)
{
	switch (op) {
	case NP_VERSION_OP_EQ: return "=";
	case NP_VERSION_OP_NE: return "!=";
	case NP_VERSION_OP_LT: return "<";
	case NP_VERSION_OP_LE: return "<=";
	case NP_VERSION_OP_GT: return ">";
	case NP_VERSION_OP_GE: return ">=";
	}
	return "?";
}

bool
np_version_range_parse(const char *text, struct np_version_range *out, struct np_error *err)
{
	const char *p = text;

	memset(out, 0, sizeof *out);
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || strcmp(p, "*") == 0)
		return true;
	for (;;) {
		enum np_version_op op = NP_VERSION_OP_EQ;
		const char *start;

		while (isspace((unsigned char)*p))
			p++;
		for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
			size_t n = strlen(ops[i].text);
			if (strncmp(p, ops[i].text, n) == 0) {
				op = ops[i].op;
				p += n;
				break;
			}
		}
		while (isspace((unsigned char)*p))
			p++;
		start = p;
		while (*p && !isspace((unsigned char)*p) && *p != ',')
			p++;
		if (p == start) {
			np_version_range_release(out);
			return np_error_set(err, NP_EXIT_INPUT, "expected a version in \"%s\"", text);
		}
		for (const char *q = start; q < p; q++) {
			if (!isalnum((unsigned char)*q) && !strchr("._+~:-", *q)) {
				np_version_range_release(out);
				return np_error_set(err, NP_EXIT_INPUT,
					"unexpected '%c' in version range \"%s\"", *q, text);
			}
		}
		out->c = np_xgrow(out->c, &out->cap, out->n + 1, sizeof *out->c);
		out->c[out->n].op = op;
		out->c[out->n].version = np_xstrndup(start, (size_t)(p - start));
		out->n++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			return true;
		if (*p != ',') {
			np_version_range_release(out);
			return np_error_set(err, NP_EXIT_INPUT,
				"expected ',' between constraints in \"%s\"", text);
		}
		p++;
	}
}

void
np_version_range_release(struct np_version_range *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->c[i].version);
	free(r->c);
	memset(r, 0, sizeof *r);
}

bool
np_version_range_match(const struct np_version_range *r, const char *version)
{
	for (size_t i = 0; i < r->n; i++) {
		int c = np_version_cmp(version, r->c[i].version);
		bool ok = false;
		switch (r->c[i].op) {
		case NP_VERSION_OP_EQ: ok = c == 0; break;
		case NP_VERSION_OP_NE: ok = c != 0; break;
		case NP_VERSION_OP_LT: ok = c < 0; break;
		case NP_VERSION_OP_LE: ok = c <= 0; break;
		case NP_VERSION_OP_GT: ok = c > 0; break;
		case NP_VERSION_OP_GE: ok = c >= 0; break;
		}
		if (!ok)
			return false;
	}
	return true;
}

void
np_version_range_add(struct np_version_range *dst, const struct np_version_range *src)
{
	for (size_t i = 0; i < src->n; i++) {
		bool have = false;
		for (size_t k = 0; k < dst->n && !have; k++)
			have = dst->c[k].op == src->c[i].op && strcmp(dst->c[k].version, src->c[i].version) == 0;
		if (have)
			continue; /* ">= 1.0" from five requesters is one constraint */
		dst->c = np_xgrow(dst->c, &dst->cap, dst->n + 1, sizeof *dst->c);
		dst->c[dst->n].op = src->c[i].op;
		dst->c[dst->n].version = np_xstrdup(src->c[i].version);
		dst->n++;
	}
}

/* The tighter of two bounds; `lower` says which way is tighter. */
static void
tighten(const struct np_version_constraint **bound, const struct np_version_constraint *c,
	bool lower)
{
	int cmp;

	if (*bound == NULL) {
		*bound = c;
		return;
	}
	cmp = np_version_cmp(c->version, (*bound)->version);
	if ((lower && cmp > 0) || (!lower && cmp < 0))
		*bound = c;
	else if (cmp == 0 && (c->op == NP_VERSION_OP_GT || c->op == NP_VERSION_OP_LT))
		*bound = c; /* same version, exclusive is tighter */
}

bool
np_version_range_satisfiable(const struct np_version_range *r)
{
	const struct np_version_constraint *lo = NULL, *hi = NULL, *eq = NULL;
	int cmp;

	for (size_t i = 0; i < r->n; i++) {
		switch (r->c[i].op) {
		case NP_VERSION_OP_EQ:
			if (eq == NULL)
				eq = &r->c[i];
			else if (np_version_cmp(eq->version, r->c[i].version) != 0)
				return false;
			break;
		case NP_VERSION_OP_GT:
		case NP_VERSION_OP_GE:
			tighten(&lo, &r->c[i], true);
			break;
		case NP_VERSION_OP_LT:
		case NP_VERSION_OP_LE:
			tighten(&hi, &r->c[i], false);
			break;
		case NP_VERSION_OP_NE:
			break;
		}
	}
	if (eq)
		return np_version_range_match(r, eq->version);
	if (lo == NULL || hi == NULL)
		return true;
	cmp = np_version_cmp(lo->version, hi->version);
	if (cmp != 0)
		return cmp < 0;
	/* One version left: both bounds must include it and no "!=" may exclude it. */
	return lo->op == NP_VERSION_OP_GE && hi->op == NP_VERSION_OP_LE &&
		np_version_range_match(r, lo->version);
}

char *
np_version_range_text(const struct np_version_range *r)
{
	struct np_buf b = {0};

	if (r->n == 0)
		return np_xstrdup("*");
	for (size_t i = 0; i < r->n; i++)
		np_buf_addf(&b, "%s%s %s", i ? ", " : "", np_version_op_str(r->c[i].op), r->c[i].version);
	return np_buf_detach(&b);
}
