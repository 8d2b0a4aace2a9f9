/* options: parsing and help rendering from one table. */
#include "cli/options.h"

#include <string.h>

static const struct np_option *
find_long(const struct np_option *const *tables, const char *name, size_t len)
{
	for (size_t t = 0; tables[t]; t++)
		for (const struct np_option *o = tables[t]; o->name; o++)
			if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
				return o;
	return NULL;
}

static const struct np_option *
find_short(const struct np_option *const *tables, char c)
{
	for (size_t t = 0; tables[t]; t++)
		for (const struct np_option *o = tables[t]; o->name; o++)
			if (o->short_name == c)
				return o;
	return NULL;
}

static void
record(struct np_parsed *out, const struct np_option *o, const char *value)
{
	out->count[o->id]++;
	out->value[o->id] = value;
	if (o->repeatable && value)
		np_strv_push(&out->lists[o->id], value);
}

bool
np_options_parse(const struct np_option *const *tables, int argc, char **argv,
	struct np_parsed *out, struct np_error *err)
{
	bool only_args = false;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct np_option *o;

		if (only_args || a[0] != '-' || a[1] == '\0') {
			np_strv_push(&out->args, a);
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = true;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(tables, a + 2, len);
			if (o == NULL)
				return np_error_set(err, NP_EXIT_USAGE, "unknown option '%.*s'",
					(int)len + 2, a);
			if (o->arg == NULL && eq)
				return np_error_set(err, NP_EXIT_USAGE, "option '--%s' takes no value",
					o->name);
			if (o->arg && !eq && i + 1 >= argc)
				return np_error_set(err, NP_EXIT_USAGE, "option '--%s' needs a value (%s)",
					o->name, o->arg);
			record(out, o, o->arg ? (eq ? eq + 1 : argv[++i]) : NULL);
			continue;
		}
		/* Short options: "-q", "-qv", "-C dir", "-Cdir". */
		for (const char *c = a + 1; *c; c++) {
			o = find_short(tables, *c);
			if (o == NULL)
				return np_error_set(err, NP_EXIT_USAGE, "unknown option '-%c'", *c);
			if (o->arg == NULL) {
				record(out, o, NULL);
				continue;
			}
			if (c[1]) {
				record(out, o, c + 1);
			} else if (i + 1 < argc) {
				record(out, o, argv[++i]);
			} else {
				return np_error_set(err, NP_EXIT_USAGE, "option '-%c' needs a value (%s)", *c,
					o->arg);
			}
			break;
		}
	}
	return true;
}

void
np_parsed_release(struct np_parsed *p)
{
	for (int i = 0; i < NP_OPTIONS_MAX; i++)
		np_strv_release(&p->lists[i]);
	np_strv_release(&p->args);
}

void
np_options_help(const struct np_option *table, struct np_buf *out)
{
	for (const struct np_option *o = table; o->name; o++) {
		struct np_buf left = {0};
		if (o->short_name)
			np_buf_addf(&left, "-%c, ", o->short_name);
		np_buf_addf(&left, "--%s", o->name);
		if (o->arg)
			np_buf_addf(&left, " %s", o->arg);
		np_buf_addf(out, "  %-26s %s\n", np_buf_str(&left), o->help);
		np_buf_release(&left);
	}
}
