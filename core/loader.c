/* loader: the dynamic loader's default search directories (ld.so.conf and the system path). */
#include "core/loader.h"

#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"

#ifndef NP_MULTIARCH
#define NP_MULTIARCH ""
#endif

/* ld.so.conf's `include` nests; a loop of includes stops here. */
#define MAX_DEPTH 8

static char *
under_root(const struct np_loader *l, const char *path)
{
	if (l->root == NULL || *l->root == '\0')
		return np_xstrdup(path);
	return np_xasprintf("%s%s", l->root, path);
}

static void
add_dir(struct np_loader *l, const char *dir)
{
	char *path = under_root(l, dir), *real = realpath(path, NULL);

	/* A directory that does not exist holds nothing to find; its text still counts. */
	np_strv_push_unique(&l->dirs, real ? real : path);
	free(real);
	free(path);
}

static void read_conf(struct np_loader *l, const char *file, int depth);

/* `include PATTERN`: relative patterns are relative to the including file's directory. */
static void
include(struct np_loader *l, const char *file, const char *pattern, int depth)
{
	char *full, *dir;
	glob_t g;

	if (*pattern == '/') {
		full = under_root(l, pattern);
	} else {
		dir = np_xstrdup(file);
		*(strrchr(dir, '/') ? strrchr(dir, '/') : dir) = '\0';
		full = np_xasprintf("%s/%s", dir, pattern);
		free(dir);
	}
	if (glob(full, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			read_conf(l, g.gl_pathv[i], depth + 1);
		globfree(&g);
	}
	free(full);
}

/* One ld.so.conf file: a directory per line (or several, separated by blanks, ':' or ','). */
static void
read_conf(struct np_loader *l, const char *file, int depth)
{
	struct np_buf text = {0};
	struct np_error err = {0};
	char *save = NULL, *copy;

	if (depth > MAX_DEPTH || !np_fs_read(file, 1 << 20, &text, &err)) {
		np_error_release(&err);
		np_buf_release(&text);
		return;
	}
	copy = np_xstrdup(np_buf_str(&text));
	for (char *line = strtok_r(copy, "\n", &save); line;
		line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *word, *wsave = NULL;
		if (hash)
			*hash = '\0';
		line += strspn(line, " \t");
		if (strncmp(line, "include", 7) == 0 && (line[7] == ' ' || line[7] == '\t')) {
			for (word = strtok_r(line + 8, " \t", &wsave); word; word = strtok_r(NULL, " \t", &wsave))
				include(l, file, word, depth);
			continue;
		}
		if (strncmp(line, "hwcap", 5) == 0 && (line[5] == ' ' || line[5] == '\t'))
			continue;
		for (word = strtok_r(line, " \t:,=", &wsave); word; word = strtok_r(NULL, " \t:,=", &wsave))
			if (*word == '/')
				add_dir(l, word);
	}
	free(copy);
	np_buf_release(&text);
}

const struct np_strv *
np_loader_default_dirs(struct np_loader *l)
{
	const char *system[] = {"/lib", "/usr/lib", "/lib64", "/usr/lib64"};

	if (l->read)
		return &l->dirs;
	l->read = true;
	/* This machine's loader, unless told of another. */
	if ((l->root == NULL || *l->root == '\0') && l->multiarch == NULL)
		l->multiarch = NP_MULTIARCH;
	{
		char *conf = under_root(l, "/etc/ld.so.conf");
		read_conf(l, conf, 0);
		free(conf);
	}
	if (l->multiarch && *l->multiarch) {
		char *a = np_xasprintf("/lib/%s", l->multiarch), *b = np_xasprintf("/usr/lib/%s", l->multiarch);
		add_dir(l, a);
		add_dir(l, b);
		free(a);
		free(b);
	}
	for (size_t i = 0; i < sizeof system / sizeof *system; i++) {
		char *path = under_root(l, system[i]);
		bool exists = np_fs_is_dir(path);
		free(path);
		/* lib64 is the system path only where the platform has it. */
		if (exists || i < 2)
			add_dir(l, system[i]);
	}
	return &l->dirs;
}

bool
np_loader_is_default(struct np_loader *l, const char *dir)
{
	const struct np_strv *dirs = np_loader_default_dirs(l);
	char *real = realpath(dir, NULL);
	bool found = np_strv_contains(dirs, real ? real : dir);

	free(real);
	return found;
}

void
np_loader_release(struct np_loader *l)
{
	np_strv_release(&l->dirs);
	memset(l, 0, sizeof *l);
}
