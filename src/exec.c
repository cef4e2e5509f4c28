/* exec.c: running a command in its own process group, its output captured
 * line by line to a log file and a callback, in bounded memory.
 *
 * The child gets /dev/null as stdin and one pipe each for stdout and stderr.
 * If it cannot be executed (or cannot enter its folder), it says why through
 * a close-on-exec pipe before it exits with 127. No signal handler is used:
 * the child is reaped with waitpid(WNOHANG), woken by a pidfd where the
 * kernel has one, else by polling at short intervals.
 *
 * Each stream is read into a buffer of EXEC_READ_SIZE bytes; complete lines
 * go to the callback and to the log, an unfinished line waits in the buffer
 * until it ends or grows longer than EXEC_MAX_LINE, when it is handed on in
 * pieces of EXEC_MAX_LINE bytes. The log holds one line per piece handed on:
 * stdout lines as they are, stderr lines after "stderr: ". It is written
 * through a buffer of EXEC_LOG_SIZE bytes; runs of stdout lines straight
 * from the read buffer. With no callback (nobody shows the output), stdout
 * is not split into lines at all: what was read goes to the log a window
 * at a time, the same bytes as when it is split (exec_split_quiet).
 *
 * With output_to_log the child writes into the log itself (both streams, no
 * "stderr: " mark), nothing is read here, and a command stopped by a signal
 * has ended only when no process of its group is left (or SIGKILL was sent):
 * a server's start script may die at once while the program it started is
 * still shutting down. Where the kernel allows, this process is meanwhile
 * the "child subreaper" of the command's descendants, so that those the
 * script leaves behind are reaped here when they end, and not left as
 * zombies (which still count as members of the group) by an init that does
 * not reap.
 */
#include "config.h"

#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

extern char **environ;

#define EXEC_READ_SIZE		(4 * EXEC_MAX_LINE)
#define EXEC_LOG_SIZE		(1024 * 1024)
/* A run of output at least this long goes to the log in a write of its
 * own, not copied through the log's buffer first. */
#define EXEC_LOG_DIRECT		(16 * 1024)
#define EXEC_PIPE_SIZE		(1024 * 1024)
/* Reads of one stream in one exec_service before the others get a turn. */
#define EXEC_READ_TURNS		16
/* After the command ended, how long output held open by its background
 * processes is still waited for (from the last data read). */
#define EXEC_LINGER_MS		2000
/* Without a pidfd, how often to look whether the command has ended. */
#define EXEC_WAIT_STEP_MS	50
#define EXEC_DEFAULT_GRACE_MS	5000

#define EXEC_STDERR_MARK	"stderr: "

/* What the child reports through the error pipe before exiting with 127. */
enum exec_stage {
	EXEC_STAGE_SETUP = 1,
	EXEC_STAGE_CHDIR,
	EXEC_STAGE_EXEC
};

struct exec_stream {
	int		 fd;		/* -1 once at the end */
	int		 number;	/* 1 stdout, 2 stderr */
	char		*data;		/* EXEC_READ_SIZE bytes */
	size_t		 len;		/* an unfinished line, at the start */
};

struct exec {
	pid_t		 pid;
	int		 pidfd;		/* -1 if the kernel has none */
	int		 reaped;
	int		 status;
	int		 status_known;	/* 0 if someone else reaped it */

	struct exec_stream out[2];

	exec_line_fn	 fn;
	void		*arg;

	int		 logfd;
	char		*log;		/* EXEC_LOG_SIZE bytes */
	size_t		 loglen;
	int		 log_errno;
	char		*log_path;

	long long	 start_ms;
	long long	 end_ms;
	long long	 last_data_ms;
	long long	 timeout_ms;
	long long	 timeout_at;	/* 0: no timeout */
	long long	 grace_ms;
	long long	 kill_at;	/* 0: no KILL pending */
	int		 term_sent;
	int		 kill_sent;
	int		 timed_out;
	int		 cancelled;
	int		 lingered;	/* stopped reading output still held open */
	int		 stopped;	/* exec_stop */
	int		 to_log;	/* output_to_log */
	int		 subreaper;	/* made the child subreaper for it */
	off_t		 output_offset;

	int		 spawn_stage;
	int		 spawn_errno;

	unsigned long long bytes;
	unsigned long long lines;
};

/* What the child needs, all prepared before fork. */
struct exec_child {
	char *const	*argv;
	char	       **envp;
	char	       **paths;		/* where to look for argv[0], in order */
	const char	*cwd;
	int		 in;
	int		 out;
	int		 err;
	int		 report;
};

/* Write to the log; on an error remember it and write no more. */
static void
exec_log_write(struct exec *e, const char *data, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (e->logfd != -1 && done < len) {
		n = write(e->logfd, data + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			e->log_errno = errno;
			close(e->logfd);
			e->logfd = -1;
			break;
		}
		done += (size_t)n;
	}
}

static void
exec_log_flush(struct exec *e)
{
	exec_log_write(e, e->log, e->loglen);
	e->loglen = 0;
}

/* Add to the log: a short piece through the buffer, a long one (a run of
 * lines as read) written from where it is, after what the buffer holds. */
static void
exec_log_add(struct exec *e, const char *data, size_t len)
{
	if (e->logfd == -1)
		return;
	if (len >= EXEC_LOG_DIRECT || e->loglen + len > EXEC_LOG_SIZE) {
		exec_log_flush(e);
		if (len >= EXEC_LOG_DIRECT) {
			exec_log_write(e, data, len);
			return;
		}
		if (e->logfd == -1)
			return;
	}
	memcpy(e->log + e->loglen, data, len);
	e->loglen += len;
}

/* Add one line of the program's own to the log, "--- " and a newline
 * around it. */
static void
exec_log_note(struct exec *e, const char *text)
{
	exec_log_add(e, "--- ", 4);
	exec_log_add(e, text, strlen(text));
	exec_log_add(e, "\n", 1);
}

/* Hand one line (or piece of a line) to the callback and the log. */
static void
exec_deliver(struct exec *e, int number, const char *line, size_t len)
{
	if (e->fn != NULL)
		e->fn(e->arg, number, line, len);
	if (e->logfd == -1)
		return;
	if (number == 2)
		exec_log_add(e, EXEC_STDERR_MARK, sizeof EXEC_STDERR_MARK - 1);
	exec_log_add(e, line, len);
	exec_log_add(e, "\n", 1);
}

/* Hand on a complete line, in pieces if it is longer than EXEC_MAX_LINE. */
static void
exec_deliver_line(struct exec *e, int number, const char *line, size_t len)
{
	while (len > EXEC_MAX_LINE) {
		exec_deliver(e, number, line, EXEC_MAX_LINE);
		line += EXEC_MAX_LINE;
		len -= EXEC_MAX_LINE;
	}
	exec_deliver(e, number, line, len);
	e->lines++;
}

/* exec_split for stdout when nobody is handed lines: the log gets the
 * same bytes as when they are (a newline after each piece of a line longer
 * than EXEC_MAX_LINE, and after an unfinished last line), but without a
 * look at each line: a window of EXEC_MAX_LINE + 1 bytes from the start of
 * a line that holds a newline holds only lines short enough, so everything
 * up to its last newline goes to the log as it is. Returns where the
 * unfinished line starts. */
static char *
exec_split_quiet(struct exec *e, char *p, char *end, int eof)
{
	char *run = p, *nl;
	size_t window;

	while (p < end) {
		window = (size_t)(end - p);
		if (window > EXEC_MAX_LINE + 1)
			window = EXEC_MAX_LINE + 1;
		if ((nl = memrchr(p, '\n', window)) != NULL) {
			e->lines += util_count_lines(p, (size_t)(nl - p) + 1);
			p = nl + 1;
			continue;
		}
		if (window <= EXEC_MAX_LINE && !eof)
			break;	/* unfinished, and short enough to wait */
		/* A piece of a long line, or the unfinished last line. */
		exec_log_add(e, run, (size_t)(p - run));
		window = window > EXEC_MAX_LINE ? EXEC_MAX_LINE : window;
		exec_log_add(e, p, window);
		exec_log_add(e, "\n", 1);
		p += window;
		run = p;
		if (p == end)
			e->lines++;	/* the end of the stream ended it */
	}
	exec_log_add(e, run, (size_t)(p - run));
	return p;
}

/* Hand on the lines in a stream's buffer; keep an unfinished one (of at most
 * EXEC_MAX_LINE bytes) unless the stream is at its end. Runs of complete
 * stdout lines go to the log in one piece, as they are. */
static void
exec_split(struct exec *e, struct exec_stream *s, int eof)
{
	char *p = s->data, *end = s->data + s->len, *nl, *run = p;
	int bulk = s->number == 1 && e->logfd != -1;
	size_t left, len;

	if (s->number == 1 && e->fn == NULL) {
		p = exec_split_quiet(e, p, end, eof);
		goto keep;
	}

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		len = (size_t)(nl - p);
		if (!bulk)
			exec_deliver_line(e, s->number, p, len);
		else if (len > EXEC_MAX_LINE) {
			exec_log_add(e, run, (size_t)(p - run));
			exec_deliver_line(e, s->number, p, len);
			run = nl + 1;
		} else {
			if (e->fn != NULL)
				e->fn(e->arg, 1, p, len);
			e->lines++;
		}
		p = nl + 1;
	}
	if (bulk)
		exec_log_add(e, run, (size_t)(p - run));
	while ((size_t)(end - p) > EXEC_MAX_LINE) {
		exec_deliver(e, s->number, p, EXEC_MAX_LINE);
		p += EXEC_MAX_LINE;
	}
	if (eof && p < end) {
		exec_deliver_line(e, s->number, p, (size_t)(end - p));
		p = end;
	}
keep:
	left = (size_t)(end - p);
	if (left != 0 && p != s->data)
		memmove(s->data, p, left);
	s->len = left;
}

static void
exec_stream_close(struct exec *e, struct exec_stream *s)
{
	if (s->fd == -1)
		return;
	exec_split(e, s, 1);
	close(s->fd);
	s->fd = -1;
}

/* Read what a stream has ready; returns 1 if anything happened. */
static int
exec_read(struct exec *e, struct exec_stream *s)
{
	size_t space;
	ssize_t n;
	int turn, happened = 0;

	for (turn = 0; turn < EXEC_READ_TURNS && s->fd != -1; turn++) {
		space = EXEC_READ_SIZE - s->len;
		n = read(s->fd, s->data + s->len, space);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		happened = 1;
		if (n <= 0) {
			/* The end, or an error that is the end for us too. */
			exec_stream_close(e, s);
			break;
		}
		e->bytes += (unsigned long long)n;
		s->len += (size_t)n;
		exec_split(e, s, 0);
		if ((size_t)n < space)
			break;	/* the pipe is most likely empty now */
	}
	if (happened)
		e->last_data_ms = util_now_ms();
	return happened;
}

static void
exec_signal(struct exec *e, int sig)
{
	if (kill(-e->pid, sig) == -1 && !e->reaped)
		kill(e->pid, sig);
}

/* Look whether the command has ended; returns 1 if it has just now. */
static int
exec_reap(struct exec *e)
{
	pid_t r;
	int status;

	if (e->reaped)
		return 0;
	do
		r = waitpid(e->pid, &status, WNOHANG);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		return 0;
	e->reaped = 1;
	e->end_ms = util_now_ms();
	if (r == e->pid) {
		e->status = status;
		e->status_known = 1;
	}
	if (e->pidfd != -1) {
		close(e->pidfd);
		e->pidfd = -1;
	}
	return 1;
}

/* With output_to_log: reap the processes of the group that were left to
 * this process. */
static void
exec_reap_group(struct exec *e)
{
	pid_t r;

	if (!e->to_log || !e->reaped)
		return;
	do
		r = waitpid(-e->pid, NULL, WNOHANG);
	while (r > 0 || (r == -1 && errno == EINTR));
}

/* With output_to_log, after a stopping signal: some process of the group
 * (the leader is gone) has not ended yet, and SIGKILL has not been sent. */
static int
exec_group_wait(const struct exec *e)
{
	if (!e->to_log || !e->reaped || !e->term_sent || e->kill_sent)
		return 0;
	return kill(-e->pid, 0) == 0 || errno != ESRCH;
}

static int
exec_done(const struct exec *e)
{
	return e->reaped && e->out[0].fd == -1 && e->out[1].fd == -1 &&
	    !exec_group_wait(e);
}

/* Enforce the timeout, the grace period and the linger time, and reap;
 * returns 1 if anything happened. */
static int
exec_tick(struct exec *e)
{
	long long now;
	int happened, i;

	happened = exec_reap(e);
	exec_reap_group(e);
	now = util_now_ms();
	if (!e->reaped && e->timeout_at != 0 && !e->term_sent &&
	    now >= e->timeout_at) {
		e->timed_out = 1;
		e->term_sent = 1;
		e->kill_at = now + e->grace_ms;
		exec_signal(e, SIGTERM);
		happened = 1;
	}
	if (e->kill_at != 0 && !e->kill_sent && now >= e->kill_at &&
	    !exec_done(e)) {
		e->kill_sent = 1;
		e->last_data_ms = now;
		exec_signal(e, SIGKILL);
		happened = 1;
	}
	if (e->reaped && (e->out[0].fd != -1 || e->out[1].fd != -1) &&
	    (e->kill_at == 0 || e->kill_sent) &&
	    now >= e->last_data_ms + EXEC_LINGER_MS &&
	    now >= e->end_ms + EXEC_LINGER_MS) {
		for (i = 0; i < 2; i++) {
			exec_read(e, &e->out[i]);
			exec_stream_close(e, &e->out[i]);
		}
		e->lingered = 1;
		happened = 1;
	}
	return happened;
}

/* When exec_tick next has something to do, or 0. */
static long long
exec_next_timer(const struct exec *e)
{
	long long next = 0, t;

	if (!e->reaped && e->timeout_at != 0 && !e->term_sent)
		next = e->timeout_at;
	if (e->kill_at != 0 && !e->kill_sent && (next == 0 || e->kill_at < next))
		next = e->kill_at;
	if (e->reaped && (e->kill_at == 0 || e->kill_sent)) {
		t = (e->last_data_ms > e->end_ms ? e->last_data_ms : e->end_ms) +
		    EXEC_LINGER_MS;
		if (next == 0 || t < next)
			next = t;
	}
	return next;
}

int
exec_pollfds(struct exec *e, struct pollfd *pfd, int max)
{
	int i, n = 0;

	for (i = 0; i < 2 && n < max; i++) {
		if (e->out[i].fd == -1)
			continue;
		pfd[n].fd = e->out[i].fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		n++;
	}
	if (n < max && e->pidfd != -1) {
		pfd[n].fd = e->pidfd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		n++;
	}
	return n;
}

int
exec_service(struct exec *e, int timeout_ms)
{
	struct pollfd pfd[3];
	long long start = util_now_ms(), now, next, wait;
	int n, r, i, j;

	for (;;) {
		if (exec_tick(e) || exec_done(e))
			return exec_done(e);

		now = util_now_ms();
		wait = -1;
		if (timeout_ms >= 0) {
			wait = start + timeout_ms - now;
			if (wait < 0)
				wait = 0;
		}
		next = exec_next_timer(e);
		if (next != 0 && (wait == -1 || next - now < wait))
			wait = next - now < 0 ? 0 : next - now;
		if (((!e->reaped && e->pidfd == -1) || exec_group_wait(e)) &&
		    (wait == -1 || wait > EXEC_WAIT_STEP_MS))
			wait = EXEC_WAIT_STEP_MS;

		n = exec_pollfds(e, pfd, 3);
		r = poll(pfd, (nfds_t)n, (int)wait);
		if (r == -1)
			return 0;	/* a signal: let the caller look */
		if (r > 0) {
			for (i = 0; i < n; i++) {
				if (pfd[i].revents == 0)
					continue;
				for (j = 0; j < 2; j++) {
					if (pfd[i].fd == e->out[j].fd)
						exec_read(e, &e->out[j]);
				}
			}
			exec_tick(e);
			return exec_done(e);
		}
		if (timeout_ms >= 0 && util_now_ms() - start >= timeout_ms) {
			exec_tick(e);
			return exec_done(e);
		}
	}
}

/* TERM to the process group now, KILL after the grace period. */
static void
exec_terminate(struct exec *e, int by_operator)
{
	int i;

	if (exec_done(e))
		return;
	/* A command that has already ended is not cancelled: it finished. */
	exec_reap(e);
	if (e->reaped) {
		/* Only background processes hold the output: stop reading.
		 * (With output_to_log, a stop is already under way.) */
		if (e->out[0].fd == -1 && e->out[1].fd == -1)
			return;
		for (i = 0; i < 2; i++) {
			exec_read(e, &e->out[i]);
			exec_stream_close(e, &e->out[i]);
		}
		e->lingered = 1;
		return;
	}
	if (e->term_sent)
		return;
	if (by_operator)
		e->cancelled = 1;
	else
		e->stopped = 1;
	e->term_sent = 1;
	e->kill_at = util_now_ms() + e->grace_ms;
	exec_signal(e, SIGTERM);
}

void
exec_cancel(struct exec *e)
{
	exec_terminate(e, 1);
}

void
exec_stop(struct exec *e)
{
	exec_terminate(e, 0);
}

pid_t
exec_pid(const struct exec *e)
{
	return e->pid;
}

off_t
exec_output_offset(const struct exec *e)
{
	return e->output_offset;
}

/* The environment: the parent's, with the extra entries added or replacing
 * those of the same name; the strings are not copied. */
static char **
exec_environ(char *const *extra)
{
	char **envp;
	size_t n = 0, m = 0, k = 0, i, j, len;
	int replaced;

	while (environ != NULL && environ[n] != NULL)
		n++;
	while (extra != NULL && extra[m] != NULL)
		m++;
	envp = xreallocarray(NULL, n + m + 1, sizeof *envp);
	for (i = 0; i < n; i++) {
		len = strcspn(environ[i], "=");
		replaced = 0;
		for (j = 0; j < m && !replaced; j++) {
			replaced = strncmp(extra[j], environ[i], len) == 0 &&
			    extra[j][len] == '=';
		}
		if (!replaced)
			envp[k++] = environ[i];
	}
	for (i = 0; i < m; i++) {
		len = strcspn(extra[i], "=");
		replaced = 0;
		for (j = i + 1; j < m && !replaced; j++) {
			replaced = strncmp(extra[j], extra[i], len) == 0 &&
			    (extra[j][len] == '=' || extra[j][len] == '\0');
		}
		if (!replaced)
			envp[k++] = extra[i];
	}
	envp[k] = NULL;
	return envp;
}

/* Where to look for the program: argv[0] itself if it has a slash, else each
 * folder of PATH (from the command's environment) in turn. */
static char **
exec_paths(const char *file, char **envp)
{
	const char *path = "/bin:/usr/bin", *p, *colon;
	char **paths, *dir;
	size_t n = 1, k = 0, i;

	if (*file == '\0' || strchr(file, '/') != NULL) {
		paths = xreallocarray(NULL, 2, sizeof *paths);
		paths[0] = xstrdup(file);
		paths[1] = NULL;
		return paths;
	}
	for (i = 0; envp[i] != NULL; i++) {
		if (strncmp(envp[i], "PATH=", 5) == 0) {
			path = envp[i] + 5;
			break;
		}
	}
	for (p = path; *p != '\0'; p++) {
		if (*p == ':')
			n++;
	}
	paths = xreallocarray(NULL, n + 1, sizeof *paths);
	for (p = path;; p = colon + 1) {
		colon = strchr(p, ':');
		if (colon == NULL)
			colon = p + strlen(p);
		if (colon == p)
			dir = xstrdup(".");
		else
			dir = xstrndup(p, (size_t)(colon - p));
		paths[k++] = util_path_join(dir, file);
		free(dir);
		if (*colon == '\0')
			break;
	}
	paths[k] = NULL;
	return paths;
}

static void
exec_free_paths(char **paths)
{
	size_t i;

	for (i = 0; paths[i] != NULL; i++)
		free(paths[i]);
	free(paths);
}

/* In the child: report a failure to the parent and exit. */
static void __attribute__((noreturn))
exec_child_fail(int report, int stage, int error)
{
	int msg[2] = { stage, error };
	ssize_t n;

	do
		n = write(report, msg, sizeof msg);
	while (n == -1 && errno == EINTR);
	_exit(127);
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void __attribute__((noreturn))
exec_child(const struct exec_child *c)
{
	struct sigaction sa;
	sigset_t set;
	int sig, in, out, err, error = ENOENT, seen_eacces = 0;
	size_t i;

	/* A session of its own: its own process group, and no controlling
	 * terminal, so a command that opens /dev/tty cannot write over the
	 * screen or stop waiting for input from it. */
	if (setsid() == -1)
		setpgid(0, 0);

	/* Ignored signals survive exec: give the command the defaults. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	/* Lift the descriptors above 2 first, so no dup2 clobbers another. */
	in = fcntl(c->in, F_DUPFD_CLOEXEC, 3);
	out = fcntl(c->out, F_DUPFD_CLOEXEC, 3);
	err = fcntl(c->err, F_DUPFD_CLOEXEC, 3);
	if (in == -1 || out == -1 || err == -1)
		exec_child_fail(c->report, EXEC_STAGE_SETUP, errno);
	if (dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(err, 2) == -1)
		exec_child_fail(c->report, EXEC_STAGE_SETUP, errno);
#ifdef CLOSE_RANGE_CLOEXEC
	/* Descriptors others in the program left inheritable stay here. */
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
#endif

	if (c->cwd != NULL && chdir(c->cwd) == -1)
		exec_child_fail(c->report, EXEC_STAGE_CHDIR, errno);

	/* As execvp: go on past folders that do not have it, remember EACCES. */
	for (i = 0; c->paths[i] != NULL; i++) {
		execve(c->paths[i], c->argv, c->envp);
		switch (errno) {
		case EACCES:
			seen_eacces = 1;
			/* FALLTHROUGH */
		case ENOENT:
		case ENOTDIR:
		case ESTALE:
		case ENODEV:
		case ETIMEDOUT:
			error = errno;
			continue;
		default:
			exec_child_fail(c->report, EXEC_STAGE_EXEC, errno);
		}
	}
	exec_child_fail(c->report, EXEC_STAGE_EXEC, seen_eacces ? EACCES : error);
}

static void
exec_log_head(struct exec *e, const struct exec_spec *spec)
{
	char *argv, *cwd, *now, *line;

	if (spec->title != NULL)
		exec_log_note(e, spec->title);

	argv = util_argv_display(spec->argv);
	line = xprintf(_("command: %s"), argv);
	exec_log_note(e, line);
	free(line);
	free(argv);

	if (spec->cwd != NULL)
		cwd = xstrdup(spec->cwd);
	else if ((cwd = getcwd(NULL, 0)) == NULL)
		cwd = xstrdup(".");
	line = xprintf(_("folder: %s"), cwd);
	exec_log_note(e, line);
	free(line);
	free(cwd);

	now = util_now_iso();
	line = xprintf(_("started: %s"), now);
	exec_log_note(e, line);
	free(line);
	free(now);
}

static void
exec_close_fds(int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (fds[i] != -1)
			close(fds[i]);
	}
}

/* Free what exec_start set up. */
static void
exec_free(struct exec *e)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (e->out[i].fd != -1)
			close(e->out[i].fd);
		free(e->out[i].data);
	}
	if (e->pidfd != -1)
		close(e->pidfd);
	if (e->logfd != -1)
		close(e->logfd);
#ifdef PR_SET_CHILD_SUBREAPER
	if (e->subreaper)
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
#endif
	free(e->log);
	free(e->log_path);
	free(e);
}

struct exec *
exec_start(const struct exec_spec *spec, exec_line_fn fn, void *arg,
    char **cause)
{
	struct exec *e;
	struct exec_child c;
	/* stdin, stdout read/write, stderr read/write, report read/write */
	int fds[7] = { -1, -1, -1, -1, -1, -1, -1 };
	int msg[2], i, saved, report;
	ssize_t n;
	char *line;

	if (spec->argv == NULL || spec->argv[0] == NULL) {
		*cause = xstrdup(_("no command to run"));
		return NULL;
	}
	if (spec->output_to_log && spec->log_path == NULL) {
		*cause = xstrdup(_("no log file to send the command's output "
		    "to"));
		return NULL;
	}

	e = xcalloc(1, sizeof *e);
	e->pidfd = -1;
	e->logfd = -1;
	e->out[0].fd = e->out[1].fd = -1;
	e->fn = fn;
	e->arg = arg;
	e->to_log = spec->output_to_log;
	e->timeout_ms = spec->timeout_ms > 0 ? spec->timeout_ms : 0;
	e->grace_ms = spec->kill_grace_ms > 0 ? spec->kill_grace_ms :
	    EXEC_DEFAULT_GRACE_MS;

	if (spec->log_path != NULL) {
		e->log_path = xstrdup(spec->log_path);
		e->logfd = open(spec->log_path,
		    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
		if (e->logfd == -1) {
			*cause = xprintf(_("cannot open log %s: %s"),
			    spec->log_path, strerror(errno));
			exec_free(e);
			return NULL;
		}
		e->log = xmalloc(EXEC_LOG_SIZE);
		exec_log_head(e, spec);
		exec_log_flush(e);
		if (e->logfd != -1 &&
		    (e->output_offset = lseek(e->logfd, 0, SEEK_END)) == -1)
			e->output_offset = 0;
	}

	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fds[0] == -1) {
		*cause = xprintf(_("cannot open %s: %s"), "/dev/null",
		    strerror(errno));
		goto fail;
	}
	if (e->to_log) {
		/* The child's own descriptor, appending as the log's does. */
		fds[2] = open(spec->log_path,
		    O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
		if (fds[2] == -1) {
			*cause = xprintf(_("cannot open log %s: %s"),
			    spec->log_path, strerror(errno));
			goto fail;
		}
	}
	if ((!e->to_log && (pipe2(fds + 1, O_CLOEXEC) == -1 ||
	    pipe2(fds + 3, O_CLOEXEC) == -1)) ||
	    pipe2(fds + 5, O_CLOEXEC) == -1) {
		*cause = xprintf(_("cannot create a pipe for %s: %s"),
		    spec->argv[0], strerror(errno));
		goto fail;
	}
	for (i = 0; i < 2; i++) {
		e->out[i].number = i + 1;
		if (e->to_log)
			continue;
		e->out[i].data = xmalloc(EXEC_READ_SIZE);
#ifdef F_SETPIPE_SZ
		/* Fewer, larger reads; it does not matter if refused. */
		fcntl(fds[1 + 2 * i], F_SETPIPE_SZ, EXEC_PIPE_SIZE);
#endif
		fcntl(fds[1 + 2 * i], F_SETFL,
		    fcntl(fds[1 + 2 * i], F_GETFL) | O_NONBLOCK);
	}

	c.argv = spec->argv;
	c.envp = exec_environ(spec->env);
	c.paths = exec_paths(spec->argv[0], c.envp);
	c.cwd = spec->cwd;
	c.in = fds[0];
	c.out = fds[2];
	c.err = e->to_log ? fds[2] : fds[4];
	c.report = fds[6];

#ifdef PR_SET_CHILD_SUBREAPER
	if (e->to_log) {
		int already = 0;

		if (prctl(PR_GET_CHILD_SUBREAPER, &already, 0, 0, 0) == 0 &&
		    !already && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
			e->subreaper = 1;
	}
#endif

	e->start_ms = util_now_ms();
	e->pid = fork();
	if (e->pid == 0)
		exec_child(&c);
	saved = errno;
	free(c.envp);
	exec_free_paths(c.paths);
	if (e->pid == -1) {
		*cause = xprintf(_("cannot start %s: %s"), spec->argv[0],
		    strerror(saved));
		goto fail;
	}
	/* No setpgid here: the child makes its own session (a process group
	 * leader cannot). Until it has, exec_signal falls back to the pid. */
	if (spec->on_start != NULL)
		spec->on_start(spec->start_arg, e->pid);

	e->out[0].fd = fds[1];
	e->out[1].fd = fds[3];
	report = fds[5];
	fds[1] = fds[3] = fds[5] = -1;
	exec_close_fds(fds, 7);	/* the child's ends */

	/* Closed at the exec, or a report and then closed at the exit. */
	do
		n = read(report, msg, sizeof msg);
	while (n == -1 && errno == EINTR);
	close(report);
	if (n == (ssize_t)sizeof msg) {
		e->spawn_stage = msg[0];
		e->spawn_errno = msg[1];
		if (msg[0] == EXEC_STAGE_CHDIR) {
			line = xprintf(_("cannot enter folder %s: %s"),
			    spec->cwd, strerror(msg[1]));
		} else {
			line = xprintf(_("cannot run %s: %s"), spec->argv[0],
			    strerror(msg[1]));
		}
		exec_log_note(e, line);
		free(line);
	}

#ifdef SYS_pidfd_open
	/* Readable when the command ends (close-on-exec by default). */
	e->pidfd = (int)syscall(SYS_pidfd_open, e->pid, 0);
#endif

	e->last_data_ms = e->start_ms;
	if (e->timeout_ms != 0)
		e->timeout_at = e->start_ms + e->timeout_ms;
	return e;

fail:
	exec_log_note(e, *cause);
	exec_log_flush(e);
	exec_close_fds(fds, 7);
	exec_free(e);
	return NULL;
}

void
exec_finish(struct exec *e, struct exec_result *r)
{
	char *text, *duration, *line;

	while (!exec_service(e, -1))
		/* nothing */;

	memset(r, 0, sizeof *r);
	if (e->status_known && WIFEXITED(e->status)) {
		r->exited = 1;
		r->exit_code = WEXITSTATUS(e->status);
	} else if (e->status_known && WIFSIGNALED(e->status))
		r->signal = WTERMSIG(e->status);
	r->timed_out = e->timed_out;
	r->cancelled = e->cancelled;
	r->stopped = e->stopped;
	r->killed = e->kill_sent;
	r->spawn_errno = e->spawn_errno;
	r->duration_ms = e->end_ms - e->start_ms;
	r->bytes = e->bytes;
	r->lines = e->lines;
	r->timeout_ms = e->timeout_ms;

	if (e->logfd != -1) {
		if (e->lingered) {
			exec_log_note(e, _("background processes of the command "
			    "still held its output open; it was no longer read"));
		}
		text = exec_result_text(r);
		duration = util_duration_text(r->duration_ms);
		line = xprintf(_("ended: %s, after %s"), text, duration);
		exec_log_note(e, line);
		free(line);
		free(duration);
		free(text);
		exec_log_flush(e);
		if (e->logfd != -1 && close(e->logfd) == -1 && e->log_errno == 0)
			e->log_errno = errno;
		e->logfd = -1;
	}
	r->log_errno = e->log_errno;
	exec_free(e);
}

void
exec_detach(struct exec *e)
{
	char *line;

	if (e->to_log)
		line = xprintf(_("left running as process %ld (the leader of "
		    "its own session); its output goes on below"),
		    (long)e->pid);
	else
		line = xprintf(_("left running as process %ld (the leader of "
		    "its own session); its output is no longer read"),
		    (long)e->pid);
	exec_log_note(e, line);
	free(line);
	exec_log_flush(e);
	exec_free(e);
}

int
exec_run(const struct exec_spec *spec, exec_line_fn fn, void *arg,
    volatile sig_atomic_t *cancel, struct exec_result *r, char **cause)
{
	struct exec *e;

	e = exec_start(spec, fn, arg, cause);
	if (e == NULL)
		return -1;
	for (;;) {
		if (cancel != NULL && *cancel)
			exec_cancel(e);
		if (exec_service(e, spec->tick != NULL ? 100 :
		    cancel != NULL ? 200 : -1))
			break;
		if (spec->tick != NULL)
			spec->tick(spec->tick_arg);
	}
	exec_finish(e, r);
	return 0;
}

char *
exec_result_text(const struct exec_result *r)
{
	char *s, *t;

	if (r->spawn_errno != 0)
		return xprintf(_("could not be run: %s"), strerror(r->spawn_errno));
	if (r->timed_out) {
		t = util_duration_text(r->timeout_ms);
		s = xprintf(_("stopped after the timeout of %s"), t);
		free(t);
		return s;
	}
	if (r->cancelled)
		return xstrdup(_("cancelled"));
	if (r->stopped && r->killed)
		return xstrdup(_("stopped: SIGTERM, then SIGKILL after the "
		    "grace period"));
	if (r->stopped)
		return xstrdup(_("stopped by SIGTERM"));
	if (r->signal != 0) {
		return xprintf(_("killed by signal %d (%s)"), r->signal,
		    strsignal(r->signal));
	}
	if (r->exited)
		return xprintf(_("exited with status %d"), r->exit_code);
	return xstrdup(_("ended with an unknown status"));
}
