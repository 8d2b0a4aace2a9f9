/*
 * json: nativepkg's JSON documents. The only user of cJSON: parsing is strict (what cJSON lets
 * through silently, such as duplicate keys, "\u0000", 1e400, invalid UTF-8 and trailing
 * garbage, is an error) and every value carries its line and column for error messages.
 */
#ifndef NP_CORE_JSON_H
#define NP_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/index.h"

struct np_arena;

enum np_json_type {
	NP_JSON_NULL,
	NP_JSON_BOOL,
	NP_JSON_NUMBER,
	NP_JSON_STRING,
	NP_JSON_ARRAY,
	NP_JSON_OBJECT,
};

struct np_json {
	enum np_json_type type;
	char *key;       /* member name when inside an object, else NULL */
	char *str;       /* NP_JSON_STRING */
	double num;      /* NP_JSON_NUMBER */
	bool integral;   /* a number written without fraction or exponent */
	bool boolean;    /* NP_JSON_BOOL */
	unsigned line;   /* 1-based position of the value; 0 for values built in memory */
	unsigned col;
	unsigned key_line; /* position of the member's key */
	unsigned key_col;
	struct np_json *child; /* first element or member */
	struct np_json *last;
	struct np_json *next;
	size_t count;
	struct np_index *members; /* name -> member, built on the first lookup of a large object */
	struct np_arena *arena;   /* the root of a quick parse: where every node and string lives */
};

/* Hard limits that make hostile inputs cheap to reject. */
#define NP_JSON_MAX_DEPTH 64

/*
 * Parses text[0..len) (text[len] must be NUL). `file` names the input in messages. Every
 * structural problem is reported, each as "file:line:col: why". Caller frees *out.
 */
bool np_json_parse(const char *text, size_t len, const char *file, struct np_json **out,
	struct np_error *err);
/*
 * The same checks, without positions (line and col are 0) and without messages: false means
 * "not valid, or not sure" — call np_json_parse for the verdict and the messages. Numbers are
 * integral when their value is (1.0 counts). A loader validates this tree first and parses
 * again with positions only when something is wrong, which halves reading a large lock.
 */
bool np_json_parse_quick(const char *text, size_t len, struct np_json **out);
/* Frees a tree from either parse, or one built in memory. A quick tree is read-only and freed
 * whole, from its root. */
void np_json_free(struct np_json *j);
/* First member named key, or NULL. Borrowed. */
struct np_json *np_json_get(const struct np_json *obj, const char *key);
const char *np_json_type_name(enum np_json_type t);

/* Builders: each returns a new value the caller owns until it is added to a container. */
struct np_json *np_json_new(enum np_json_type type);
struct np_json *np_json_new_string(const char *s);
struct np_json *np_json_new_number(double n);
struct np_json *np_json_new_bool(bool b);
/* Adds value (ownership taken) to an array (key NULL) or object. Returns value. */
struct np_json *np_json_add(struct np_json *container, const char *key, struct np_json *value);
struct np_json *np_json_add_string(struct np_json *obj, const char *key, const char *s);
/* Replaces the member named key (keeping its place) or adds it. Returns value. */
struct np_json *np_json_set(struct np_json *obj, const char *key, struct np_json *value);
/* Adds an array of strings. */
struct np_json *np_json_add_strings(struct np_json *obj, const char *key, char *const *v, size_t n);

/*
 * Renders j into out (appending). Refuses (NP_EXIT_INPUT) a string that is not UTF-8, which
 * JSON cannot carry. Pretty output is cJSON's (tab-indented) and ends with a newline.
 */
bool np_json_print(const struct np_json *j, bool pretty, struct np_buf *out, struct np_error *err);
/*
 * Renders j for files people read and diff (nativepkg.json, nativepkg.lock): two-space
 * indentation, one space after ':', a final newline.
 */
bool np_json_print_readable(const struct np_json *j, struct np_buf *out, struct np_error *err);
/* The cJSON version in use. */
const char *np_json_library_version(void);

#endif
