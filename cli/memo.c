/* memo: a command's answer kept with what it was made from (see memo.h). */
#include "cli/memo.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/index.h"
#include "core/setting.h"
#include "core/workspace.h"

extern char **environ;

#define MEMO_HEADER "nativepkg memo 1\n"
#define MEMO_MAX (64u << 20)
#define MEMO_KEEP 64 /* kept answers per workspace; past this, all are dropped and start over */

/*
 * Variables always digested, whether a run read them or not: nativepkg's own (but the binary
 * cache's secret, which changes no answer), pkg-config's, and what tools and paths are found
 * by. A memo adds the names its run read beyond these.
 */
struct name {
	const char *s;
	size_t n;
};
#define NAME(s) {s, sizeof s - 1}
static const struct name env_prefixes[] = {NAME("NATIVEPKG_"), NAME("PKG_CONFIG_")};
static const struct name env_names[] = {NAME("PATH"), NAME("HOME"), NAME("XDG_CONFIG_HOME"),
	NAME("XDG_CACHE_HOME"), NAME("TMPDIR"), NAME("DESTDIR"), NAME("CC"), NAME("CXX"), NAME("AR"),
	NAME("CPATH"), NAME("C_INCLUDE_PATH"), NAME("CFLAGS"), NAME("CPPFLAGS"), NAME("CXXFLAGS"),
	NAME("LDFLAGS")};
static const struct name env_secret = NAME("NATIVEPKG_BINARY_CACHE_TOKEN");
#undef NAME

static bool
name_is(const char *name, size_t len, const struct name *want)
{
	return want->n == len && memcmp(name, want->s, len) == 0;
}

static bool
always_digested(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof env_prefixes / sizeof *env_prefixes; i++)
		if (len > env_prefixes[i].n && memcmp(name, env_prefixes[i].s, env_prefixes[i].n) == 0)
			return !name_is(name, len, &env_secret);
	for (size_t i = 0; i < sizeof env_names / sizeof *env_names; i++)
		if (name_is(name, len, &env_names[i]))
			return true;
	return false;
}

/* The relevant environment's digest: a sum over variables, so their order does not matter. */
static uint64_t
env_digest(const struct np_strv *extra)
{
	uint64_t sum = 0;

	for (char **e = environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t len = eq ? (size_t)(eq - *e) : 0;
		bool wanted = eq && always_digested(*e, len);
		for (size_t i = 0; eq && !wanted && i < extra->n; i++)
			wanted = strncmp(*e, extra->v[i], len) == 0 && extra->v[i][len] == '\0';
		if (wanted)
			sum += np_fnv64(NP_FNV64_START, *e, strlen(*e));
	}
	return sum;
}

bool
np_memo_open(struct np_memo *m, int argc, char **argv)
{
	const char *v = getenv("NATIVEPKG_MEMO");
	struct np_workspace ws = {0};
	struct np_error err = {0};
	struct timespec now;
	uint64_t key = NP_FNV64_START;
	bool on = true;

	memset(m, 0, sizeof *m);
	if (v && *v && (!np_setting_parse_bool(v, &on) || !on))
		return false;
	if (!np_workspace_find(".", &ws, &err)) {
		np_error_release(&err);
		return false;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	m->start_ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
	key = np_fnv64(key, NP_VERSION, sizeof NP_VERSION);
	key = np_fnv64(key, ws.start, strlen(ws.start) + 1);
	/* argv[0] too: two nativepkg binaries on one workspace keep an answer each. */
	for (int i = 0; i < argc; i++)
		key = np_fnv64(key, argv[i], strlen(argv[i]) + 1);
	m->dir = np_xstrdup(ws.out_dir);
	m->path = np_xasprintf("%s/memo/%016llx", ws.out_dir, (unsigned long long)key);
	np_workspace_release(&ws);
	return true;
}

/* The line starting at *at (its newline replaced by NUL), *at moved past it; NULL at the end. */
static char *
next_line(char **at)
{
	char *line = *at, *nl = strchr(line, '\n');

	if (nl == NULL)
		return NULL;
	*nl = '\0';
	*at = nl + 1;
	return line;
}

bool
np_memo_replay(struct np_memo *m, FILE *out)
{
	struct np_buf text = {0};
	struct np_strv names = {0};
	char *at, *line, *end;
	unsigned long long digest, len;
	bool ok = false;

	if (!np_fs_read(m->path, MEMO_MAX, &text, NULL) ||
		strncmp(np_buf_str(&text), MEMO_HEADER, strlen(MEMO_HEADER)) != 0)
		goto out;
	at = text.data + strlen(MEMO_HEADER);
	if ((line = next_line(&at)) == NULL || strncmp(line, "env ", 4) != 0)
		goto out;
	digest = strtoull(line + 4, &end, 16);
	if (*end != '\0' || (line = next_line(&at)) == NULL || strncmp(line, "names", 5) != 0)
		goto out;
	np_strv_split(&names, line + 5, " ");
	if (env_digest(&names) != digest)
		goto out;
	/* "<stamp> <path>" lines, each still true of its file. */
	while ((line = next_line(&at)) != NULL && strncmp(line, "output ", 7) != 0) {
		const char *path = np_fs_stamp_skip(line);
		if (path == NULL || *path != '/' || !np_fs_stamp_holds(line, path))
			goto out;
	}
	if (line == NULL)
		goto out;
	len = strtoull(line + 7, &end, 10);
	if (*end != '\0' || len != (size_t)(text.data + text.len - at))
		goto out;
	/* Answered, even if out fails now: running the command would print a second answer
	 * after part of this one (main reports a failed write). */
	fwrite(at, 1, len, out);
	ok = true;
out:
	np_strv_release(&names);
	np_buf_release(&text);
	return ok;
}

FILE *
np_memo_capture(struct np_memo *m)
{
	if (m->capture == NULL && !m->captured) {
		m->capture = open_memstream(&m->output, &m->output_len);
		m->captured = m->capture != NULL;
	}
	return m->capture ? m->capture : stdout;
}

void
np_memo_flush(struct np_memo *m, FILE *out)
{
	if (m->capture == NULL)
		return;
	if (fclose(m->capture) != 0)
		m->captured = false; /* incomplete: print what there is, keep nothing */
	m->capture = NULL;
	if (m->output && m->output_len)
		fwrite(m->output, 1, m->output_len, out);
}

/* Appends what `add` has and `to` has not: every package lists the lock, a thousand times. */
static void
add_unique(struct np_strv *to, const struct np_strv *add, bool skip_always)
{
	struct np_index seen = {.borrowed = true};

	for (size_t i = 0; i < to->n; i++)
		np_index_put(&seen, to->v[i], i);
	for (size_t i = 0; i < add->n; i++) {
		const char *s = add->v[i];
		if ((skip_always && always_digested(s, strlen(s))) ||
			np_index_get(&seen, s) != NP_INDEX_NONE)
			continue;
		np_index_put(&seen, s, to->n);
		np_strv_push(to, s);
	}
	np_index_release(&seen);
}

void
np_memo_note(struct np_memo *m, const struct np_strv *files, const struct np_strv *env)
{
	add_unique(&m->files, files, false);
	add_unique(&m->env, env, true);
	m->noted = true;
}

/*
 * Changed since the run began, as far as timestamps can tell: a change made while the run read
 * the file may not show in its stamp. File times come from a clock that lags by up to a tick
 * (10 ms at most), hence the 50 ms; a file system keeping whole seconds (both nanosecond parts
 * 0) gets a second.
 */
static bool
racy(const struct np_fs_stamp *st, long long start_ns)
{
	long long m = st->mtime_s * 1000000000LL + st->mtime_ns;
	long long c = st->ctime_s * 1000000000LL + st->ctime_ns;
	long long window = st->mtime_ns == 0 && st->ctime_ns == 0 ? 1000000000LL : 50000000LL;

	return st->exists && (m >= start_ns - window || c >= start_ns - window);
}

/* Drops every kept answer when there are MEMO_KEEP of them: old command lines pile up. */
static void
prune(int memo_dir)
{
	struct np_strv names = {0};

	np_fs_list_at(memo_dir, false, &names);
	for (size_t i = 0; names.n >= MEMO_KEEP && i < names.n; i++)
		unlinkat(memo_dir, names.v[i], 0);
	np_strv_release(&names);
}

void
np_memo_save(struct np_memo *m)
{
	struct np_buf text = {0};
	struct np_error err = {0};
	int memo_dir;
	bool ok = m->noted && m->captured && m->path && m->capture == NULL && np_fs_is_dir(m->dir);

	if (!ok)
		return;
	np_buf_adds(&text, MEMO_HEADER);
	np_buf_addf(&text, "env %016llx\nnames", (unsigned long long)env_digest(&m->env));
	for (size_t i = 0; i < m->env.n; i++) {
		ok = ok && strpbrk(m->env.v[i], " \n") == NULL;
		np_buf_addc(&text, ' ');
		np_buf_adds(&text, m->env.v[i]);
	}
	np_buf_addc(&text, '\n');
	for (size_t i = 0; ok && i < m->files.n; i++) {
		const char *path = m->files.v[i];
		struct np_fs_stamp st;
		np_fs_stamp(path, &st);
		ok = path[0] == '/' && strchr(path, '\n') == NULL && !racy(&st, m->start_ns);
		np_fs_stamp_add(&text, &st);
		np_buf_addc(&text, ' ');
		np_buf_adds(&text, path);
		np_buf_addc(&text, '\n');
	}
	np_buf_addf(&text, "output %zu\n", m->output_len);
	np_buf_add(&text, m->output ? m->output : "", m->output_len);
	/* Never through a symlink (a planted .nativepkg/memo would take the pruning elsewhere). */
	memo_dir = ok ? np_fs_open_own_dir(m->dir, "memo", true, &err) : -1;
	if (memo_dir >= 0 && !np_fs_exists(m->path))
		prune(memo_dir);
	/* Kept or not, the answer stands: a memo that cannot be written is only not kept. */
	if (memo_dir >= 0)
		np_fs_write_atomic_at(memo_dir, np_path_basename(m->path), m->path, text.data, text.len,
			&err);
	if (memo_dir >= 0)
		close(memo_dir);
	np_error_release(&err);
	np_buf_release(&text);
}

void
np_memo_release(struct np_memo *m)
{
	if (m->capture)
		fclose(m->capture);
	free(m->output);
	free(m->dir);
	free(m->path);
	np_strv_release(&m->files);
	np_strv_release(&m->env);
	memset(m, 0, sizeof *m);
}
