/* trust: ownership and mode checks on the way to a directory, and opening files without links. */
#include "core/trust.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fs.h"

/* As the kernel's limit: a longer chain of symlinks is a loop. */
#define MAX_LINKS 40

/* s quoted for the shell commands of a fix. Caller frees. */
static char *
quote(const char *s)
{
	struct np_buf b = {0};

	np_buf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			np_buf_adds(&b, "'\\''");
		else
			np_buf_addc(&b, *s);
	}
	np_buf_addc(&b, '\'');
	return np_buf_detach(&b);
}

/* "nptest (uid 1001)", or "uid 1001" when the user has no name. Caller frees. */
static char *
user(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	if (pw && pw->pw_name)
		return np_xasprintf("%s (uid %lu)", pw->pw_name, (unsigned long)uid);
	return np_xasprintf("uid %lu", (unsigned long)uid);
}

/* Who besides the owner may write: "its group", "others" or "its group and others". */
static const char *
writers(mode_t mode)
{
	if ((mode & S_IWGRP) && (mode & S_IWOTH))
		return "its group and others";
	return (mode & S_IWGRP) ? "its group" : "others";
}

/* A directory or symlink on the way to dir: its owner or mode lets someone else replace dir. */
static bool
refuse_way(const char *path, const struct stat *st, struct np_error *err)
{
	char *q = quote(path), *who = user(st->st_uid), *me = user(geteuid());
	bool link = S_ISLNK(st->st_mode);

	if (st->st_uid != 0 && st->st_uid != geteuid())
		np_error_set(err, NP_EXIT_INPUT, "%s%s on the way to it is owned by %s, not by you (%s) "
			"or root, so its owner could replace what lies behind it; fix: use a directory "
			"whose every parent only you and root control", link ? "the symlink " : "", path,
			who, me);
	else
		np_error_set(err, NP_EXIT_INPUT, "%s on the way to it is writable by %s (mode %04o), so "
			"anyone could replace what lies behind it; fix: chmod go-w %s (or make it sticky, "
			"as /tmp is: chmod +t %s), or use another directory", path, writers(st->st_mode),
			(unsigned)(st->st_mode & 07777), q, q);
	free(q);
	free(who);
	free(me);
	return false;
}

/* The directory itself: it must be yours and nobody else's to write. */
static bool
check_target(const char *path, const struct stat *st, struct np_error *err)
{
	char *q = quote(path), *who, *me;

	if (st->st_uid != geteuid()) {
		who = user(st->st_uid);
		me = user(geteuid());
		np_error_set(err, NP_EXIT_INPUT, "%s is owned by %s, not by you (%s), so its owner decides "
			"what nativepkg would build and run; fix: use a directory of your own, or remove "
			"this one (rm -rf %s); taking it over with chown would trust what is in it",
			path, who, me, q);
		free(who);
		free(me);
		free(q);
		return false;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		np_error_set(err, NP_EXIT_INPUT, "%s is writable by %s (mode %04o), so anyone could "
			"plant a library that nativepkg would run; fix: chmod go-w %s, or, if someone "
			"else may have written to it, remove it (rm -rf %s)", path, writers(st->st_mode),
			(unsigned)(st->st_mode & 07777), q, q);
		free(q);
		return false;
	}
	free(q);
	return true;
}

/* Whether a directory on the way is safe: yours or root's, and nobody else's to write unless sticky. */
static bool
way_ok(const struct stat *st)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return false;
	if (S_ISDIR(st->st_mode) && (st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX))
		return false;
	return true;
}

/* The target of the symlink path; NULL with err. Caller frees. */
static char *
link_target(const char *path, struct np_error *err)
{
	size_t cap = 256;

	for (;;) {
		char *buf = np_xmalloc(cap);
		ssize_t n = readlink(path, buf, cap);
		if (n < 0) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot read the symlink %s: %s", path,
				strerror(errno));
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		cap *= 2;
	}
}

/*
 * Walks to dir as the kernel would, one component at a time, so that every directory and
 * symlink met is checked (not only those of dir's real path: a symlink in a sticky directory
 * belongs to whoever made it, and could be replaced by them).
 */
bool
np_trust_dir(const char *dir, struct np_error *err)
{
	char *rest = np_path_absolute(dir), *resolved = np_xstrdup(""); /* "" is "/" */
	const char *p = rest;
	struct stat st;
	int links = 0;
	bool ok = false;

	if (lstat("/", &st) != 0 || !way_ok(&st)) {
		refuse_way("/", &st, err);
		goto out;
	}
	while (*p) {
		char *name, *path;
		size_t n;
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		n = strcspn(p, "/");
		name = np_xstrndup(p, n);
		p += n;
		if (strcmp(name, ".") == 0) {
			free(name);
			continue;
		}
		if (strcmp(name, "..") == 0) {
			/* resolved holds no symlink, so its parent is lexical. */
			char *slash = strrchr(resolved, '/');
			if (slash)
				*slash = '\0';
			free(name);
			continue;
		}
		path = np_xasprintf("%s/%s", resolved, name);
		free(name);
		if (lstat(path, &st) != 0) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot check %s: %s", path, strerror(errno));
			free(path);
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			char *target, *next;
			if (!way_ok(&st)) {
				refuse_way(path, &st, err);
				free(path);
				goto out;
			}
			if (++links > MAX_LINKS) {
				np_error_set(err, NP_EXIT_FAILURE, "cannot check %s: too many symlinks", dir);
				free(path);
				goto out;
			}
			target = link_target(path, err);
			free(path);
			if (target == NULL)
				goto out;
			/* What is left of the path continues from the link's target. */
			next = np_xasprintf("%s%s", target, p);
			if (*target == '/')
				resolved[0] = '\0';
			free(target);
			free(rest);
			rest = next;
			p = rest;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot use %s: %s is not a directory", dir, path);
			free(path);
			goto out;
		}
		/* The last directory is dir itself, which check_target holds to more. */
		if (p[strspn(p, "/")] != '\0' && !way_ok(&st)) {
			refuse_way(path, &st, err);
			free(path);
			goto out;
		}
		free(resolved);
		resolved = path;
	}
	/* resolved is now dir's real path. */
	if (lstat(resolved[0] ? resolved : "/", &st) != 0) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot check %s: %s", dir, strerror(errno));
		goto out;
	}
	ok = check_target(resolved[0] ? resolved : "/", &st, err);
out:
	free(rest);
	free(resolved);
	return ok;
}

int
np_trust_open(const char *path, int flags, mode_t mode, struct np_error *err)
{
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, mode);
	struct stat st;
	int saved;

	if (fd < 0) {
		saved = errno;
		if (saved == ELOOP) {
			char *q = quote(path);
			np_error_set(err, NP_EXIT_INPUT, "%s is a symlink, and nativepkg never follows one "
				"to a file of its own; fix: remove it (rm %s)", path, q);
			free(q);
		} else {
			np_error_set(err, NP_EXIT_FAILURE, "cannot open %s: %s", path, strerror(saved));
		}
		errno = saved;
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		saved = errno;
		np_error_set(err, NP_EXIT_FAILURE, "cannot check %s: %s", path, strerror(saved));
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1) {
		char *q = quote(path), *who = user(st.st_uid);
		if (!S_ISREG(st.st_mode))
			np_error_set(err, NP_EXIT_INPUT, "%s is not a regular file; fix: remove it (rm -r %s)",
				path, q);
		else if (st.st_uid != geteuid())
			np_error_set(err, NP_EXIT_INPUT, "%s is owned by %s, not by you; fix: remove it (rm %s)",
				path, who, q);
		else
			np_error_set(err, NP_EXIT_INPUT, "%s has %lu hard links, so it is another file too; "
				"fix: remove it (rm %s)", path, (unsigned long)st.st_nlink, q);
		free(q);
		free(who);
		close(fd);
		errno = EPERM;
		return -1;
	}
	/* Regular files ignore O_NONBLOCK; it only kept a FIFO planted here from hanging open(2). */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

bool
np_trust_own_dir(const char *path, const char **why)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		*why = "it does not exist";
	else if (S_ISLNK(st.st_mode))
		*why = "it is a symlink";
	else if (!S_ISDIR(st.st_mode))
		*why = "it is not a directory";
	else if (st.st_uid != geteuid())
		*why = "it is owned by another user";
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		*why = "it is writable by other users";
	else
		return true;
	return false;
}
