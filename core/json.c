/*
 * json: the cJSON adapter. cJSON does the parsing and printing; this file converts its tree into
 * struct np_json while walking the source text in step with it, which is how each value gets
 * a line and column and how what cJSON accepts silently (duplicate keys, "\u0000", control
 * characters in strings, non-finite numbers) is caught.
 *
 * cJSON is loaded on first use (core/dynload.h): a warm run answered from its memo
 * (cli/memo.h) parses nothing, and loading a shared library is a tenth of such a run.
 */
#include "core/json.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/dynload.h"
#include "core/text.h"

#ifndef NP_LIBCJSON_SONAME
#error "NP_LIBCJSON_SONAME must name cJSON's shared object (set by CMakeLists.txt)"
#endif

static struct {
	void *handle;
	cJSON *(*parse)(const char *, size_t, const char **, cJSON_bool);
	void (*init_hooks)(cJSON_Hooks *);
	void (*delete_item)(cJSON *);
	void (*free_string)(void *);
	const char *(*version)(void);
	char *(*print)(const cJSON *);
	char *(*print_unformatted)(const cJSON *);
	cJSON *(*create_null)(void);
	cJSON *(*create_bool)(cJSON_bool);
	cJSON *(*create_number)(double);
	cJSON *(*create_string)(const char *);
	cJSON *(*create_array)(void);
	cJSON *(*create_object)(void);
	cJSON_bool (*add_to_array)(cJSON *, cJSON *);
	cJSON_bool (*add_to_object)(cJSON *, const char *, cJSON *);
} cj;

static bool
load(struct np_error *err)
{
#define SYM(field, name) {name, &cj.field, sizeof cj.field}
	const struct np_dynload_sym syms[] = {
		SYM(parse, "cJSON_ParseWithLengthOpts"),
		SYM(init_hooks, "cJSON_InitHooks"),
		SYM(delete_item, "cJSON_Delete"),
		SYM(free_string, "cJSON_free"),
		SYM(version, "cJSON_Version"),
		SYM(print, "cJSON_Print"),
		SYM(print_unformatted, "cJSON_PrintUnformatted"),
		SYM(create_null, "cJSON_CreateNull"),
		SYM(create_bool, "cJSON_CreateBool"),
		SYM(create_number, "cJSON_CreateNumber"),
		SYM(create_string, "cJSON_CreateString"),
		SYM(create_array, "cJSON_CreateArray"),
		SYM(create_object, "cJSON_CreateObject"),
		SYM(add_to_array, "cJSON_AddItemToArray"),
		SYM(add_to_object, "cJSON_AddItemToObject"),
	};
#undef SYM
	if (cj.handle)
		return true;
	return np_dynload(&cj.handle, NP_LIBCJSON_SONAME, syms, sizeof syms / sizeof *syms, err);
}

/* cJSON's type tests, from the type bits its header documents. */
static bool
is(const cJSON *item, int type)
{
	return item && (item->type & 0xFF) == type;
}

struct walker {
	const char *text;
	size_t len;
	size_t pos;
	unsigned line;
	size_t line_start;
	struct np_diags *diags;
};

static void
advance(struct walker *w)
{
	if (w->pos >= w->len)
		return;
	if (w->text[w->pos] == '\n') {
		w->line++;
		w->line_start = w->pos + 1;
	}
	w->pos++;
}

static unsigned
column(const struct walker *w)
{
	return (unsigned)(w->pos - w->line_start) + 1;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
skip_ws(struct walker *w)
{
	while (w->pos < w->len && is_ws(w->text[w->pos]))
		advance(w);
}

static void
expect(struct walker *w, char c)
{
	skip_ws(w);
	if (w->pos < w->len && w->text[w->pos] == c)
		advance(w);
	else
		np_diags_add(w->diags, w->line, column(w), "expected '%c' (cJSON and the locator disagree)", c);
}

/* Skips a string literal; reports "\u0000" escapes and raw control characters inside it. */
static void
skip_string(struct walker *w)
{
	unsigned line = w->line, col = column(w);

	advance(w); /* opening quote */
	while (w->pos < w->len) {
		unsigned char c = (unsigned char)w->text[w->pos];
		if (c == '"') {
			advance(w);
			return;
		}
		if (c == '\\') {
			if (w->pos + 5 < w->len && memcmp(w->text + w->pos + 1, "u0000", 5) == 0)
				np_diags_add(w->diags, w->line, column(w),
					"\"\\u0000\" is not allowed in strings");
			advance(w);
			advance(w);
			continue;
		}
		if (c < 0x20) {
			np_diags_add(w->diags, w->line, column(w),
				"control character 0x%02x in a string (escape it)", c);
		}
		advance(w);
	}
	np_diags_add(w->diags, line, col, "unterminated string");
}

#define INDEXED_MEMBERS 32 /* past this many members, an object's keys are looked up by index */

/* The member index of a large object, built on first need: a key maps to its first member. */
static struct np_index *
members_index(const struct np_json *obj)
{
	struct np_json *o = (struct np_json *)obj; /* a cache: logically const */

	if (o->members == NULL) {
		o->members = np_xcalloc(1, sizeof *o->members);
		for (struct np_json *c = o->child; c; c = c->next)
			if (np_index_get(o->members, c->key) == NP_INDEX_NONE)
				np_index_put(o->members, c->key, (size_t)(uintptr_t)c);
	}
	return o->members;
}

/*
 * Appends child (keyed when obj is an object) and returns the member already there under its
 * key, or NULL. Large objects keep their member index as they grow — the duplicate check was
 * quadratic in a thousand-package manifest — and np_json_get reuses it.
 */
static struct np_json *
append_member(struct np_json *obj, struct np_json *child)
{
	struct np_json *twin = obj->type == NP_JSON_OBJECT ? np_json_get(obj, child->key) : NULL;

	if (obj->members && twin == NULL)
		np_index_put(obj->members, child->key, (size_t)(uintptr_t)child);
	if (obj->last)
		obj->last->next = child;
	else
		obj->child = child;
	obj->last = child;
	obj->count++;
	return twin;
}

static struct np_json *convert(struct walker *w, cJSON *item);

/*
 * The strings cJSON allocated are taken over, not copied (cJSON_Delete skips a NULL string):
 * a lock of a thousand packages holds a hundred thousand of them.
 */
static void
convert_children(struct walker *w, cJSON *item, struct np_json *node, bool object)
{
	for (cJSON *c = item->child; c != NULL; c = c->next) {
		struct np_json *child;
		unsigned kl = 0, kc = 0;

		if (c != item->child)
			expect(w, ',');
		if (object) {
			skip_ws(w);
			kl = w->line;
			kc = column(w);
			skip_string(w);
			expect(w, ':');
		}
		child = convert(w, c);
		if (object) {
			struct np_json *twin;
			child->key = c->string;
			c->string = NULL;
			child->key_line = kl;
			child->key_col = kc;
			twin = append_member(node, child);
			if (twin)
				np_diags_add(w->diags, kl, kc, "duplicate key \"%s\" (first at line %u)",
					child->key, twin->key_line);
		} else {
			append_member(node, child);
		}
	}
}

static struct np_json *
convert(struct walker *w, cJSON *item)
{
	struct np_json *node = np_xcalloc(1, sizeof *node);

	skip_ws(w);
	node->line = w->line;
	node->col = column(w);

	if (is(item, cJSON_Object)) {
		node->type = NP_JSON_OBJECT;
		advance(w);
		convert_children(w, item, node, true);
		expect(w, '}');
	} else if (is(item, cJSON_Array)) {
		node->type = NP_JSON_ARRAY;
		advance(w);
		convert_children(w, item, node, false);
		expect(w, ']');
	} else if (is(item, cJSON_String)) {
		node->type = NP_JSON_STRING;
		node->str = item->valuestring;
		item->valuestring = NULL;
		skip_string(w);
	} else if (is(item, cJSON_Number)) {
		size_t start = w->pos;
		node->type = NP_JSON_NUMBER;
		node->num = item->valuedouble;
		while (w->pos < w->len && (isdigit((unsigned char)w->text[w->pos]) ||
			strchr("+-.eE", w->text[w->pos]) != NULL) && w->text[w->pos])
			advance(w);
		node->integral = strcspn(w->text + start, ".eE") >= w->pos - start;
		if (!isfinite(node->num))
			np_diags_add(w->diags, node->line, node->col, "number out of range");
	} else if (is(item, cJSON_True) || is(item, cJSON_False)) {
		node->type = NP_JSON_BOOL;
		node->boolean = is(item, cJSON_True);
		for (int i = node->boolean ? 4 : 5; i > 0; i--)
			advance(w);
	} else {
		node->type = NP_JSON_NULL;
		for (int i = 4; i > 0; i--)
			advance(w);
	}
	return node;
}

/*
 * Rejects nesting beyond NP_JSON_MAX_DEPTH before cJSON recurses into it, so a million
 * brackets cost one linear scan.
 */
static bool
check_depth(const char *text, size_t len, struct np_diags *d)
{
	int depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > NP_JSON_MAX_DEPTH) {
				unsigned line, col;
				np_text_position(text, i, &line, &col);
				if (d)
					np_diags_add(d, line, col, "nested deeper than %d levels",
						NP_JSON_MAX_DEPTH);
				return false;
			}
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return true;
}

static void
describe_syntax_error(const char *text, size_t len, size_t off, struct np_diags *d)
{
	unsigned line, col;

	np_text_position(text, off, &line, &col);
	if (off >= len)
		np_diags_add(d, line, col, "invalid JSON: unexpected end of file");
	else if ((unsigned char)text[off] >= 0x20 && (unsigned char)text[off] < 0x7f)
		np_diags_add(d, line, col, "invalid JSON near '%c'", text[off]);
	else
		np_diags_add(d, line, col, "invalid JSON near byte 0x%02x", (unsigned char)text[off]);
}

/* What each byte means to quick_scan, looked up once per byte: a table built by the compiler. */
#define STOPS_STRING 1 /* ends a run of plain string bytes: a quote, a backslash, a control
                          character or a non-ASCII byte */
#define STOPS_BETWEEN 2 /* matters between strings: brackets, number punctuation, a quote, NUL,
                           a non-ASCII byte */
#define CLASS(c) \
	(((c) < 0x20 || (c) >= 0x80 || (c) == '"' || (c) == '\\' ? STOPS_STRING : 0) | \
	 ((c) == 0 || (c) >= 0x80 || (c) == '"' || (c) == '{' || (c) == '}' || (c) == '[' || \
	  (c) == ']' || (c) == '.' || (c) == 'e' || (c) == 'E' ? STOPS_BETWEEN : 0))
#define CLASS4(c) CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define CLASS16(c) CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), CLASS4((c) + 12)
#define CLASS64(c) CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), CLASS16((c) + 48)
static const unsigned char byte_class[256] = {CLASS64(0), CLASS64(64), CLASS64(128), CLASS64(192)};

/*
 * Whether the quick parse may take text: no NUL, well-formed UTF-8, nesting within the limit,
 * and nothing only the walker can judge — a raw control character or "\u0000" in a string,
 * or a number written with a fraction or an exponent (3.0 and 3e0 are no integers, and only
 * the text tells them from 3). One pass, where the checks used to take four.
 */
static bool
quick_scan(const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	int depth = 0;
	size_t i = 0;

	for (;;) {
		/* Between strings: the structure, numbers and literals, up to the next quote. */
		for (;; i++) {
			unsigned char c;
			while (i < len && !(byte_class[t[i]] & STOPS_BETWEEN))
				i++;
			if (i >= len)
				return true;
			c = t[i];
			if (c == '"')
				break;
			if (c == '{' || c == '[') {
				if (++depth > NP_JSON_MAX_DEPTH)
					return false;
			} else if (c == '}' || c == ']') {
				depth--;
			} else if (c == '.' || c == 'e' || c == 'E') {
				if (i > 0 && isdigit(t[i - 1]))
					return false;
			} else {
				return false; /* NUL or a non-ASCII byte: not JSON, the full parse says where */
			}
		}
		/* A string. */
		for (i++;;) {
			unsigned char c;
			while (i < len && !(byte_class[t[i]] & STOPS_STRING))
				i++;
			if (i >= len)
				return true; /* unterminated: cJSON refuses it */
			c = t[i];
			if (c == '"') {
				i++;
				break;
			} else if (c == '\\') {
				if (i + 5 < len && memcmp(t + i + 1, "u0000", 5) == 0)
					return false;
				i += 2;
			} else if (c >= 0x80) {
				size_t n = np_text_utf8_char(text + i, len - i);
				if (n == 0)
					return false;
				i += n;
			} else {
				return false; /* a raw control character, NUL included */
			}
		}
	}
}

/*
 * cJSON's allocator while a quick parse runs. cJSON takes its allocator only as process-wide
 * hooks, hence this one global; it is set and reset around the parse (nativepkg parses on one
 * thread; builders are processes).
 */
static struct np_arena *hook_arena;

static void *
arena_malloc(size_t size)
{
	return np_arena_alloc(hook_arena, size);
}

static void
arena_forget(void *p)
{
	(void)p; /* the arena gives everything back at once */
}

static struct np_json *
arena_node(struct np_arena *a, enum np_json_type type)
{
	struct np_json *node = np_arena_alloc(a, sizeof *node);

	*node = (struct np_json){.type = type};
	return node;
}

/* The tree without positions, in the arena, sharing cJSON's strings (also in the arena). */
static struct np_json *
convert_quick(struct np_arena *a, cJSON *item, bool *bad)
{
	struct np_json *node;

	if (is(item, cJSON_Object) || is(item, cJSON_Array)) {
		node = arena_node(a, is(item, cJSON_Object) ? NP_JSON_OBJECT : NP_JSON_ARRAY);
		for (cJSON *c = item->child; c != NULL; c = c->next) {
			struct np_json *child = convert_quick(a, c, bad);
			child->key = c->string; /* NULL in arrays */
			if (append_member(node, child) != NULL)
				*bad = true; /* a duplicate key */
		}
	} else if (is(item, cJSON_String)) {
		node = arena_node(a, NP_JSON_STRING);
		node->str = item->valuestring;
	} else if (is(item, cJSON_Number)) {
		node = arena_node(a, NP_JSON_NUMBER);
		node->num = item->valuedouble;
		node->integral = true; /* quick_scan() sent anything with a fraction or exponent away */
		*bad = *bad || !isfinite(node->num);
	} else if (is(item, cJSON_True) || is(item, cJSON_False)) {
		node = arena_node(a, NP_JSON_BOOL);
		node->boolean = is(item, cJSON_True);
	} else {
		node = arena_node(a, NP_JSON_NULL);
	}
	return node;
}

static void forget_all_members(struct np_json *j);

bool
np_json_parse_quick(const char *text, size_t len, struct np_json **out)
{
	const char *end = NULL;
	struct np_arena *arena;
	cJSON *root;
	size_t tail;
	bool bad = false;

	*out = NULL;
	if (!quick_scan(text, len) || !load(NULL))
		return false; /* np_json_parse says why */
	arena = np_arena_new();
	hook_arena = arena;
	cj.init_hooks(&(cJSON_Hooks){.malloc_fn = arena_malloc, .free_fn = arena_forget});
	root = cj.parse(text, len, &end, false);
	cj.init_hooks(NULL);
	hook_arena = NULL;
	if (root != NULL) {
		for (tail = (size_t)(end - text); tail < len && is_ws(text[tail]);)
			tail++;
		if (tail == len)
			*out = convert_quick(arena, root, &bad);
	}
	/* cJSON's tree is not deleted: its nodes go with the arena, its strings are the tree's. */
	if (*out == NULL || bad) {
		forget_all_members(*out);
		np_arena_free(arena);
		*out = NULL;
		return false;
	}
	(*out)->arena = arena;
	return true;
}

bool
np_json_parse(const char *text, size_t len, const char *file, struct np_json **out,
	struct np_error *err)
{
	struct np_diags d;
	const char *end = NULL;
	cJSON *root = NULL;
	size_t bad, tail;
	bool ok = false;

	*out = NULL;
	np_diags_init(&d, file);

	if (memchr(text, '\0', len) != NULL) {
		unsigned line, col;
		np_text_position(text, (size_t)((const char *)memchr(text, '\0', len) - text), &line, &col);
		np_diags_add(&d, line, col, "NUL byte in file");
		goto out;
	}
	if (!np_text_utf8_valid(text, len, &bad)) {
		unsigned line, col;
		np_text_position(text, bad, &line, &col);
		np_diags_add(&d, line, col, "invalid UTF-8 (byte 0x%02x)", (unsigned char)text[bad]);
		goto out;
	}
	if (!check_depth(text, len, &d))
		goto out;
	if (!load(err)) {
		np_diags_release(&d);
		return false;
	}

	root = cj.parse(text, len, &end, false);
	if (root == NULL) {
		describe_syntax_error(text, len, end ? (size_t)(end - text) : 0, &d);
		goto out;
	}
	tail = (size_t)(end - text);
	while (tail < len && is_ws(text[tail]))
		tail++;
	if (tail < len) {
		unsigned line, col;
		np_text_position(text, tail, &line, &col);
		np_diags_add(&d, line, col, "unexpected text after the JSON value");
		goto out;
	}

	{
		struct walker w = {.text = text, .len = len, .line = 1, .diags = &d};
		*out = convert(&w, root);
	}
	ok = d.count == 0;
out:
	if (root)
		cj.delete_item(root);
	if (!ok) {
		np_json_free(*out);
		*out = NULL;
		np_diags_finish(&d, err);
	}
	np_diags_release(&d);
	return ok;
}

/* Structural changes invalidate the member index. */
static void
forget_members(struct np_json *obj)
{
	if (obj->members) {
		np_index_release(obj->members);
		free(obj->members);
		obj->members = NULL;
	}
}

/* A quick tree's nodes live in its arena; only the member indexes were allocated apart. */
static void
forget_all_members(struct np_json *j)
{
	for (; j; j = j->next) {
		forget_members(j);
		forget_all_members(j->child);
	}
}

void
np_json_free(struct np_json *j)
{
	if (j && j->arena) {
		forget_all_members(j);
		np_arena_free(j->arena);
		return;
	}
	while (j) {
		struct np_json *next = j->next;
		forget_members(j);
		np_json_free(j->child);
		free(j->key);
		free(j->str);
		free(j);
		j = next;
	}
}

struct np_json *
np_json_get(const struct np_json *obj, const char *key)
{
	size_t found;

	if (obj == NULL || obj->type != NP_JSON_OBJECT)
		return NULL;
	/* A manifest may list a thousand packages: past a few members, look up by index. */
	if (obj->count <= INDEXED_MEMBERS) {
		for (struct np_json *c = obj->child; c; c = c->next)
			if (strcmp(c->key, key) == 0)
				return c;
		return NULL;
	}
	found = np_index_get(members_index(obj), key);
	return found == NP_INDEX_NONE ? NULL : (struct np_json *)(uintptr_t)found;
}

const char *
np_json_type_name(enum np_json_type t)
{
	switch (t) {
	case NP_JSON_NULL: return "null";
	case NP_JSON_BOOL: return "a boolean";
	case NP_JSON_NUMBER: return "a number";
	case NP_JSON_STRING: return "a string";
	case NP_JSON_ARRAY: return "an array";
	case NP_JSON_OBJECT: return "an object";
	}
	return "?";
}

struct np_json *
np_json_new(enum np_json_type type)
{
	struct np_json *j = np_xcalloc(1, sizeof *j);
	j->type = type;
	return j;
}

struct np_json *
np_json_new_string(const char *s)
{
	struct np_json *j = np_json_new(NP_JSON_STRING);
	j->str = np_xstrdup(s);
	return j;
}

struct np_json *
np_json_new_number(double n)
{
	struct np_json *j = np_json_new(NP_JSON_NUMBER);
	j->num = n;
	j->integral = n == floor(n);
	return j;
}

struct np_json *
np_json_new_bool(bool b)
{
	struct np_json *j = np_json_new(NP_JSON_BOOL);
	j->boolean = b;
	return j;
}

struct np_json *
np_json_add(struct np_json *container, const char *key, struct np_json *value)
{
	if (key) {
		free(value->key);
		value->key = np_xstrdup(key);
	}
	forget_members(container);
	if (container->last)
		container->last->next = value;
	else
		container->child = value;
	container->last = value;
	container->count++;
	return value;
}

struct np_json *
np_json_set(struct np_json *obj, const char *key, struct np_json *value)
{
	for (struct np_json **link = &obj->child; *link; link = &(*link)->next) {
		struct np_json *old = *link;
		if (strcmp(old->key, key) != 0)
			continue;
		free(value->key);
		value->key = np_xstrdup(key);
		value->next = old->next;
		*link = value;
		if (obj->last == old)
			obj->last = value;
		old->next = NULL;
		np_json_free(old);
		forget_members(obj);
		return value;
	}
	return np_json_add(obj, key, value);
}

struct np_json *
np_json_add_string(struct np_json *obj, const char *key, const char *s)
{
	return np_json_add(obj, key, np_json_new_string(s));
}

struct np_json *
np_json_add_strings(struct np_json *obj, const char *key, char *const *v, size_t n)
{
	struct np_json *a = np_json_add(obj, key, np_json_new(NP_JSON_ARRAY));
	for (size_t i = 0; i < n; i++)
		np_json_add(a, NULL, np_json_new_string(v[i]));
	return a;
}

static cJSON *
to_cjson(const struct np_json *j, struct np_error *err)
{
	cJSON *c = NULL;
	size_t bad;

	switch (j->type) {
	case NP_JSON_NULL: return cj.create_null();
	case NP_JSON_BOOL: return cj.create_bool(j->boolean);
	case NP_JSON_NUMBER: return cj.create_number(j->num);
	case NP_JSON_STRING:
		if (!np_text_utf8_valid(j->str, strlen(j->str), &bad)) {
			np_error_set(err, NP_EXIT_INPUT,
				"cannot write \"%s\" as JSON: not valid UTF-8 at byte %zu", j->str, bad);
			return NULL;
		}
		return cj.create_string(j->str);
	case NP_JSON_ARRAY:
	case NP_JSON_OBJECT:
		c = j->type == NP_JSON_ARRAY ? cj.create_array() : cj.create_object();
		for (const struct np_json *k = j->child; k; k = k->next) {
			cJSON *v = to_cjson(k, err);
			if (v == NULL) {
				cj.delete_item(c);
				return NULL;
			}
			if (j->type == NP_JSON_ARRAY) {
				cj.add_to_array(c, v);
			} else if (!np_text_utf8_valid(k->key, strlen(k->key), &bad)) {
				cj.delete_item(v);
				cj.delete_item(c);
				np_error_set(err, NP_EXIT_INPUT,
					"cannot write key \"%s\" as JSON: not valid UTF-8", k->key);
				return NULL;
			} else {
				cj.add_to_object(c, k->key, v);
			}
		}
		return c;
	}
	return NULL;
}

bool
np_json_print(const struct np_json *j, bool pretty, struct np_buf *out, struct np_error *err)
{
	cJSON *c;
	char *s;

	if (!load(err))
		return false;
	c = to_cjson(j, err);
	if (c == NULL)
		return false;
	s = pretty ? cj.print(c) : cj.print_unformatted(c);
	cj.delete_item(c);
	if (s == NULL)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot render JSON");
	np_buf_adds(out, s);
	if (pretty)
		np_buf_addc(out, '\n');
	cj.free_string(s);
	return true;
}

bool
np_json_print_readable(const struct np_json *j, struct np_buf *out, struct np_error *err)
{
	struct np_buf tabs = {0};
	bool ok = np_json_print(j, true, &tabs, err), line_start = true;

	/* A raw tab is always layout: JSON strings carry theirs as "\t". */
	for (size_t i = 0; ok && i < tabs.len; i++) {
		char c = tabs.data[i];
		size_t k = i + 1;
		if (c == '{' && k < tabs.len && tabs.data[k] == '\n') {
			/* cJSON opens an empty object on one line and closes it on the next: "{}". */
			for (k++; k < tabs.len && tabs.data[k] == '\t'; k++)
				;
			if (k < tabs.len && tabs.data[k] == '}') {
				np_buf_adds(out, "{}");
				i = k;
				line_start = false;
				continue;
			}
		}
		if (c == '\t')
			np_buf_adds(out, line_start ? "  " : " ");
		else
			np_buf_addc(out, c);
		line_start = c == '\n' || (line_start && c == '\t');
	}
	np_buf_release(&tabs);
	return ok;
}

const char *
np_json_library_version(void)
{
	return load(NULL) ? cj.version() : "(cannot be loaded)";
}
