/* proc: fork/exec with captured output. */
#include "core/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/secret.h"

extern char **environ;

/* pipe2() is not POSIX 2008; nativepkg starts children from one thread, so this is race-free. */
static int
cloexec_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static void
child(const struct np_proc *p, char **env, int out_fd, int err_fd, int status_fd)
{
	int e;

	if (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)
		goto fail;
	if (err_fd >= 0 && dup2(err_fd, STDERR_FILENO) < 0)
		goto fail;
	if (p->cwd && chdir(p->cwd) != 0)
		goto fail;
	environ = env;
	execvp(p->argv[0], p->argv);
fail:
	/* Tell the parent why we could not start; it reports the error, not us. */
	e = errno;
	if (write(status_fd, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

static void
drain(int *fd, struct np_buf *b)
{
	char chunk[8192];
	ssize_t n = read(*fd, chunk, sizeof chunk);

	if (n > 0) {
		np_buf_add(b, chunk, (size_t)n);
	} else if (n == 0 || errno != EINTR) {
		close(*fd);
		*fd = -1;
	}
}

bool
np_proc_run(const struct np_proc *p, int *status, struct np_error *err)
{
	int outp[2] = {-1, -1}, errp[2] = {-1, -1}, statp[2] = {-1, -1};
	int file_fd = -1, child_out = -1, child_err = -1, wstatus, start_errno = 0;
	/* Made before the fork: the child only execs. */
	char **env = np_secret_env_filter(p->env ? p->env : environ);
	pid_t pid;
	bool ok = false;

	if (cloexec_pipe(statp) != 0)
		goto sys_fail;
	if (p->out) {
		if (cloexec_pipe(outp) != 0)
			goto sys_fail;
		child_out = outp[1];
	} else if (p->out_file) {
		file_fd = open(p->out_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (file_fd < 0) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", p->out_file,
				strerror(errno));
			goto out;
		}
		child_out = child_err = file_fd;
	} else if (p->out_fd > 0) {
		child_out = child_err = p->out_fd;
	}
	if (p->err && p->err == p->out) {
		child_err = outp[1];
	} else if (p->err) {
		if (cloexec_pipe(errp) != 0)
			goto sys_fail;
		child_err = errp[1];
	}

	pid = fork();
	if (pid < 0)
		goto sys_fail;
	if (pid == 0)
		child(p, env, child_out, child_err, statp[1]);

	close(statp[1]);
	statp[1] = -1;
	if (outp[1] >= 0)
		close(outp[1]), outp[1] = -1;
	if (errp[1] >= 0)
		close(errp[1]), errp[1] = -1;

	while (outp[0] >= 0 || errp[0] >= 0) {
		struct pollfd fds[2] = {{.fd = outp[0], .events = POLLIN}, {.fd = errp[0], .events = POLLIN}};
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (outp[0] >= 0 && fds[0].revents)
			drain(&outp[0], p->out);
		if (errp[0] >= 0 && fds[1].revents)
			drain(&errp[0], p->err);
	}
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (read(statp[0], &start_errno, sizeof start_errno) == (ssize_t)sizeof start_errno) {
		np_error_set(err, NP_EXIT_FAILURE, "cannot run '%s': %s", p->argv[0],
			strerror(start_errno));
		goto out;
	}
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	ok = true;
	goto out;

sys_fail:
	np_error_set(err, NP_EXIT_FAILURE, "cannot run '%s': %s", p->argv[0], strerror(errno));
out:
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
		if (statp[i] >= 0)
			close(statp[i]);
	}
	if (file_fd >= 0)
		close(file_fd);
	free(env);
	return ok;
}
