/*
 * runner: runs one golden CLI case (a .test file, format in tests/cli/README.md) against the
 * nativepkg binary and compares exit code, stdout, stderr and files with the expectations.
 * NP_GOLDEN_UPDATE=1 rewrites the expectations from what the binary did instead;
 * NP_GOLDEN_WRAP runs the binary under another command (valgrind).
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/proc.h"
#include "core/strv.h"

struct section {
	char *kind; /* "file", "stdout", "stdout~", "stderr", "stderr~", "after" */
	char *arg;  /* file name for file/after */
	struct np_buf text;
};

struct test {
	struct np_strv header; /* every line before the first section, verbatim */
	char *args;
	struct np_strv env;
	struct np_strv setup;
	char *cwd;
	int exit_code;
	struct section *sections;
	size_t n;
};

static struct np_kv vars; /* ${NAME} -> value */

static char *
substitute(const char *s)
{
	struct np_buf b = {0};

	while (*s) {
		bool done = false;
		if (s[0] == '$' && s[1] == '{') {
			for (size_t i = 0; i < vars.keys.n; i++) {
				size_t n = strlen(vars.keys.v[i]);
				if (strncmp(s + 2, vars.keys.v[i], n) == 0 && s[2 + n] == '}') {
					np_buf_adds(&b, vars.values.v[i]);
					s += n + 3;
					done = true;
					break;
				}
			}
		}
		if (!done)
			np_buf_addc(&b, *s++);
	}
	return np_buf_detach(&b);
}

/* The reverse, for NP_GOLDEN_UPDATE: longest values first so WORK wins over its parents. */
static char *
unsubstitute(const char *s)
{
	char *cur = np_xstrdup(s);
	bool used[16] = {false};

	for (;;) {
		size_t best = (size_t)-1, best_len = 0;
		for (size_t i = 0; i < vars.keys.n && i < 16; i++) {
			size_t n = strlen(vars.values.v[i]);
			if (!used[i] && n > best_len)
				best = i, best_len = n;
		}
		if (best == (size_t)-1)
			break;
		used[best] = true;
		{
			struct np_buf b = {0};
			const char *v = vars.values.v[best], *p = cur, *hit;
			char *ref = np_xasprintf("${%s}", vars.keys.v[best]);
			while ((hit = strstr(p, v)) != NULL) {
				np_buf_add(&b, p, (size_t)(hit - p));
				np_buf_adds(&b, ref);
				p = hit + best_len;
			}
			np_buf_adds(&b, p);
			free(ref);
			free(cur);
			cur = np_buf_detach(&b);
		}
	}
	return cur;
}

static void
release_test(struct test *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->sections[i].kind);
		free(t->sections[i].arg);
		np_buf_release(&t->sections[i].text);
	}
	free(t->sections);
	np_strv_release(&t->header);
	np_strv_release(&t->env);
	np_strv_release(&t->setup);
	free(t->args);
	free(t->cwd);
}

static bool
parse(const char *path, struct test *t)
{
	struct np_buf text = {0};
	struct np_error err = {0};
	struct section *cur = NULL;
	char *line, *copy;

	if (!np_fs_read(path, 1 << 24, &text, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return false;
	}
	copy = np_buf_detach(&text);
	t->exit_code = 0;
	/* strtok_r would merge empty lines, so split by hand. */
	for (line = copy; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (strncmp(line, "--- ", 4) == 0) {
			char *kind = line + 4, *arg = strchr(kind, ' ');
			if (arg)
				*arg++ = '\0';
			t->sections = np_xrealloc(t->sections, (t->n + 1) * sizeof *t->sections);
			cur = &t->sections[t->n++];
			memset(cur, 0, sizeof *cur);
			cur->kind = np_xstrdup(kind);
			cur->arg = arg ? np_xstrdup(arg) : NULL;
		} else if (cur) {
			np_buf_adds(&cur->text, line);
			np_buf_addc(&cur->text, '\n');
		} else {
			np_strv_push(&t->header, line);
			if (strncmp(line, "args:", 5) == 0)
				t->args = np_xstrdup(line + 5 + strspn(line + 5, " "));
			else if (strncmp(line, "env:", 4) == 0)
				np_strv_push(&t->env, line + 4 + strspn(line + 4, " "));
			else if (strncmp(line, "setup:", 6) == 0)
				np_strv_push(&t->setup, line + 6 + strspn(line + 6, " "));
			else if (strncmp(line, "cwd:", 4) == 0)
				t->cwd = np_xstrdup(line + 4 + strspn(line + 4, " "));
			else if (strncmp(line, "exit:", 5) == 0)
				t->exit_code = atoi(line + 5);
		}
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
	if (t->args == NULL) {
		fprintf(stderr, "%s: no 'args:' line\n", path);
		return false;
	}
	return true;
}

/* Splits a command line: whitespace separates, '...' and "..." group. */
static void
split_args(const char *s, struct np_strv *out)
{
	while (*s) {
		struct np_buf a = {0};
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		while (*s && !isspace((unsigned char)*s)) {
			if (*s == '\'' || *s == '"') {
				char q = *s++;
				while (*s && *s != q)
					np_buf_addc(&a, *s++);
				if (*s)
					s++;
			} else {
				np_buf_addc(&a, *s++);
			}
		}
		np_strv_push(out, np_buf_str(&a));
		np_buf_release(&a);
	}
}

/*
 * Each expected line is a POSIX extended regular expression that must match a whole actual
 * line; they must match in order, and other lines may come between them.
 */
static bool
regex_match(const char *expected, const char *actual)
{
	struct np_strv e = {0}, a = {0};
	size_t next = 0;
	bool ok = true;

	np_strv_split(&e, expected, "\n");
	np_strv_split(&a, actual, "\n");
	for (size_t i = 0; ok && i < e.n; i++) {
		regex_t re;
		char *anchored = np_xasprintf("^%s$", e.v[i]);
		if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) != 0) {
			fprintf(stderr, "bad regular expression: %s\n", e.v[i]);
			ok = false;
		} else {
			while (next < a.n && regexec(&re, a.v[next], 0, NULL, 0) != 0)
				next++;
			if (next == a.n) {
				fprintf(stderr, "no line matches: %s\n", e.v[i]);
				ok = false;
			}
			next++;
			regfree(&re);
		}
		free(anchored);
	}
	np_strv_release(&e);
	np_strv_release(&a);
	return ok;
}

static bool
compare(const char *what, const char *expected, const char *actual, bool regex, const char *work)
{
	char *ef, *af, *argv[5];
	struct np_proc p = {0};
	struct np_error err = {0};
	int status;

	if (regex ? regex_match(expected, actual) : strcmp(expected, actual) == 0)
		return true;
	fprintf(stderr, "--- %s differs (expected, then actual):\n", what);
	ef = np_path_join(work, "expected.txt");
	af = np_path_join(work, "actual.txt");
	np_fs_write_atomic(ef, expected, strlen(expected), &err);
	np_fs_write_atomic(af, actual, strlen(actual), &err);
	argv[0] = (char *)"diff";
	argv[1] = (char *)"-u";
	argv[2] = ef;
	argv[3] = af;
	argv[4] = NULL;
	p.argv = argv;
	np_proc_run(&p, &status, &err);
	np_error_release(&err);
	free(ef);
	free(af);
	return false;
}

static void
rewrite(const char *path, const struct test *t, int code, const char *out, const char *errout,
	struct np_kv *after)
{
	struct np_buf b = {0};
	struct np_error err = {0};

	for (size_t i = 0; i < t->header.n; i++) {
		if (strncmp(t->header.v[i], "exit:", 5) == 0)
			np_buf_addf(&b, "exit: %d\n", code);
		else
			np_buf_addf(&b, "%s\n", t->header.v[i]);
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct section *s = &t->sections[i];
		const char *body = np_buf_str(&s->text);
		char *actual = NULL;
		if (strcmp(s->kind, "stdout") == 0)
			actual = unsubstitute(out);
		else if (strcmp(s->kind, "stderr") == 0)
			actual = unsubstitute(errout);
		else if (strcmp(s->kind, "after") == 0 && np_kv_get(after, s->arg))
			actual = unsubstitute(np_kv_get(after, s->arg));
		np_buf_addf(&b, "--- %s%s%s\n%s", s->kind, s->arg ? " " : "", s->arg ? s->arg : "",
			actual ? actual : body);
		free(actual);
	}
	np_fs_write_atomic(path, b.data, b.len, &err);
	np_buf_release(&b);
	np_error_release(&err);
}

int
main(int argc, char **argv)
{
	struct test t = {0};
	struct np_strv args = {0}, env = {0};
	struct np_buf out = {0}, errout = {0};
	struct np_error err = {0};
	struct np_kv after = {0};
	struct np_proc p = {0};
	const char *nativepkg = NULL, *case_path = NULL;
	char work_template[] = "/tmp/nativepkg-golden-XXXXXX", *work, *cwd, *tmp;
	bool ok = true, update = getenv("NP_GOLDEN_UPDATE") != NULL;
	int status;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--nativepkg") == 0)
			nativepkg = argv[i + 1];
		else if (strcmp(argv[i], "--case") == 0)
			case_path = argv[i + 1];
		else if (strncmp(argv[i], "--var=", 6) == 0)
			np_kv_set(&vars, argv[i] + 6, argv[i + 1]);
	}
	if (!nativepkg || !case_path) {
		fprintf(stderr, "usage: runner --nativepkg BIN --case FILE [--var=NAME VALUE]...\n");
		return 2;
	}
	if (!parse(case_path, &t))
		return 1;
	work = mkdtemp(work_template);
	if (work == NULL)
		return 1;
	np_kv_set(&vars, "WORK", work);
	np_kv_set(&vars, "NATIVEPKG", nativepkg); /* for setup commands that prepare a state */

	/* A clean environment: only what the case sets, plus what any process needs. */
	np_strv_push_owned(&env, np_xasprintf("PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin"));
	np_strv_push_owned(&env, np_xasprintf("HOME=%s/home", work));
	np_strv_push_owned(&env, np_xasprintf("TMPDIR=%s/tmp", work));
	np_strv_push(&env, "LC_ALL=C");
	for (size_t i = 0; i < t.env.n; i++)
		np_strv_push_owned(&env, substitute(t.env.v[i]));
	tmp = np_path_join(work, "tmp");
	np_fs_mkdirs(tmp, &err);
	free(tmp);
	tmp = np_path_join(work, "home");
	np_fs_mkdirs(tmp, &err);
	free(tmp);

	for (size_t i = 0; i < t.n; i++) {
		struct section *s = &t.sections[i];
		if (strcmp(s->kind, "file") == 0 && s->arg) {
			char *path = np_path_join(work, s->arg), *dir = np_path_dirname(path);
			char *body = substitute(np_buf_str(&s->text));
			np_fs_mkdirs(dir, &err);
			np_fs_write_atomic(path, body, strlen(body), &err);
			free(body);
			free(dir);
			free(path);
		}
	}
	for (size_t i = 0; i < t.setup.n; i++) {
		char *cmd = substitute(t.setup.v[i]);
		char *sh[] = {(char *)"/bin/sh", (char *)"-c", cmd, NULL};
		struct np_proc sp = {.argv = sh, .cwd = work, .env = env.v};
		if (!np_proc_run(&sp, &status, &err) || status != 0) {
			fprintf(stderr, "setup failed: %s\n", cmd);
			ok = false;
		}
		free(cmd);
	}

	/* NP_GOLDEN_WRAP="valgrind --error-exitcode=99 ...": the command nativepkg runs under
	 * (split at spaces; .ci/test's memcheck run). Setup commands run it bare. */
	if (getenv("NP_GOLDEN_WRAP") && !update)
		np_strv_split(&args, getenv("NP_GOLDEN_WRAP"), " ");
	np_strv_push(&args, nativepkg);
	{
		char *line = substitute(t.args);
		split_args(line, &args);
		free(line);
	}
	cwd = t.cwd ? np_path_join(work, t.cwd) : np_xstrdup(work);
	np_fs_mkdirs(cwd, &err);
	p.argv = args.v;
	p.cwd = cwd;
	p.env = env.v;
	p.out = &out;
	p.err = &errout;
	if (ok && !np_proc_run(&p, &status, &err)) {
		fprintf(stderr, "cannot run %s: %s\n", nativepkg, err.msg);
		ok = false;
	}

	for (size_t i = 0; ok && i < t.n; i++) {
		struct section *s = &t.sections[i];
		if (strcmp(s->kind, "after") == 0 && s->arg) {
			char *path = np_path_join(work, s->arg);
			struct np_buf content = {0};
			struct np_error e = {0};
			if (np_fs_read(path, 1 << 24, &content, &e))
				np_kv_set(&after, s->arg, np_buf_str(&content));
			else
				np_kv_set(&after, s->arg, "(missing)\n");
			np_buf_release(&content);
			np_error_release(&e);
			free(path);
		}
	}

	if (ok && update) {
		rewrite(case_path, &t, status, np_buf_str(&out), np_buf_str(&errout), &after);
	} else if (ok) {
		if (status != t.exit_code) {
			fprintf(stderr, "--- exit code %d, expected %d\n", status, t.exit_code);
			ok = false;
		}
		for (size_t i = 0; i < t.n; i++) {
			struct section *s = &t.sections[i];
			bool regex = s->kind[strlen(s->kind) - 1] == '~';
			char *want = substitute(np_buf_str(&s->text));
			const char *actual = NULL;
			if (strncmp(s->kind, "stdout", 6) == 0)
				actual = np_buf_str(&out);
			else if (strncmp(s->kind, "stderr", 6) == 0)
				actual = np_buf_str(&errout);
			else if (strcmp(s->kind, "after") == 0)
				actual = np_kv_get(&after, s->arg);
			if (actual && !compare(s->arg ? s->arg : s->kind, want, actual, regex, work))
				ok = false;
			free(want);
		}
		if (!ok) {
			fprintf(stderr, "--- actual stdout:\n%s--- actual stderr:\n%s", np_buf_str(&out),
				np_buf_str(&errout));
		}
	}
	if (ok)
		np_fs_remove_tree(work, &err);
	else
		fprintf(stderr, "(work directory kept: %s)\n", work);
	np_error_release(&err);
	np_buf_release(&out);
	np_buf_release(&errout);
	np_strv_release(&args);
	np_strv_release(&env);
	np_kv_release(&after);
	np_kv_release(&vars);
	free(cwd);
	release_test(&t);
	return ok ? 0 : 1;
}
