/*
 * options: declarative command-line options. The same table parses argv and renders the help
 * text, the man page and docs/commands.md, so they cannot drift apart.
 */
#ifndef NP_CLI_OPTIONS_H
#define NP_CLI_OPTIONS_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/strv.h"

#define NP_OPTIONS_MAX 32

struct np_option {
	int id;              /* index into struct np_parsed's arrays, < NP_OPTIONS_MAX */
	const char *name;    /* long name, "format" for --format */
	char short_name;     /* 0 when none */
	const char *arg;     /* placeholder ("FORMAT") for an option that takes a value; NULL for a flag */
	const char *help;
	bool repeatable;     /* values accumulate in `lists` */
};

struct np_parsed {
	const char *value[NP_OPTIONS_MAX]; /* last value given; NULL when absent */
	int count[NP_OPTIONS_MAX];         /* times given */
	struct np_strv lists[NP_OPTIONS_MAX];
	struct np_strv args;               /* positional arguments */
};

/*
 * Parses argv[0..argc) against one or more option tables (NULL-name terminated). "--" ends
 * options. Unknown options and missing values are usage errors (NP_EXIT_USAGE).
 */
bool np_options_parse(const struct np_option *const *tables, int argc, char **argv,
	struct np_parsed *out, struct np_error *err);
void np_parsed_release(struct np_parsed *p);
/* Appends "  -f, --format FORMAT  help" lines for a table. */
void np_options_help(const struct np_option *table, struct np_buf *out);

#endif
