/* sysroot: symlinks followed inside a target's sysroot. */
#include "core/sysroot.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"

/* As the kernel: a path that takes more links than this loops. */
#define MAX_LINKS 40

bool
np_sysroot_contains(const char *sysroot, const char *path)
{
	size_t n;

	if (sysroot == NULL || *sysroot == '\0')
		return false;
	n = strlen(sysroot);
	while (n > 1 && sysroot[n - 1] == '/')
		n--;
	return strncmp(path, sysroot, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Drops the last component of an absolute path inside the root ("/a/b" -> "/a", "/" stays). */
static void
up(struct np_buf *b)
{
	char *slash = strrchr(b->data, '/');

	if (slash == NULL || slash == b->data)
		np_buf_reset(b);
	else
		b->len = (size_t)(slash - b->data);
	if (b->data)
		b->data[b->len] = '\0';
}

char *
np_sysroot_resolve(const char *sysroot, const char *path)
{
	struct np_buf done = {0}; /* resolved so far, relative to the root ("" or "/a/b") */
	char *todo, *root;
	size_t links = 0, rootlen;

	if (!np_sysroot_contains(sysroot, path))
		return np_path_real(path);
	root = np_path_real(sysroot);
	if (root == NULL)
		return NULL;
	rootlen = strlen(sysroot);
	while (rootlen > 1 && sysroot[rootlen - 1] == '/')
		rootlen--;
	todo = np_xstrdup(path + rootlen);
	np_buf_adds(&done, "");
	while (*todo) {
		char *p = todo, *next, *full, target[PATH_MAX];
		size_t n;
		struct stat st;
		ssize_t len;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		next = np_xstrdup(p + n);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			free(todo);
			todo = next;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			up(&done);
			free(todo);
			todo = next;
			continue;
		}
		np_buf_addc(&done, '/');
		np_buf_add(&done, p, n);
		full = np_xasprintf("%s%s", root, np_buf_str(&done));
		if (lstat(full, &st) != 0) {
			free(full), free(next), free(todo), free(root);
			np_buf_release(&done);
			return NULL;
		}
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAX_LINKS || (len = readlink(full, target, sizeof target - 1)) < 0) {
				free(full), free(next), free(todo), free(root);
				np_buf_release(&done);
				return NULL;
			}
			target[len] = '\0';
			/* The link's text replaces it: from the root when absolute, else from its dir. */
			up(&done);
			if (target[0] == '/')
				np_buf_reset(&done);
			free(todo);
			todo = np_xasprintf("%s/%s", target, next);
			free(next);
		} else {
			free(todo);
			todo = next;
		}
		free(full);
	}
	free(todo);
	{
		char *out = np_xasprintf("%s%s", root, done.len ? np_buf_str(&done) : "");
		free(root);
		np_buf_release(&done);
		return out;
	}
}

bool
np_sysroot_is_file(const char *sysroot, const char *path)
{
	char *real = np_sysroot_resolve(sysroot, path);
	bool ok = real && np_fs_is_file(real);

	free(real);
	return ok;
}
