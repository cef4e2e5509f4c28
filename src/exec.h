/* exec.h: running a command in its own process group, its output captured
 * line by line to a log file and a callback, in bounded memory. */
#ifndef EXEC_H
#define EXEC_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

struct exec_spec {
	char *const	*argv;		/* argv[0] is looked up in PATH */
	const char	*cwd;		/* NULL: the current directory */
	char *const	*env;		/* extra NAME=VALUE, NULL-terminated, or NULL */
	long long	 timeout_ms;	/* 0: none */
	long long	 kill_grace_ms;	/* TERM, then KILL after this (0: 5000) */
	const char	*log_path;	/* NULL: no log; created 0600, appended */
	const char	*title;		/* written at the head of the log */
	/* The command's stdout and stderr are the log file itself (appended;
	 * log_path is then required), not pipes: no line reaches the
	 * callback, the caller reads the log from exec_output_offset, and the
	 * output still has somewhere to go after exec_detach. Stopped by a
	 * signal, it has ended when its whole process group has. */
	int		 output_to_log;
	/* Called in the parent once the command's process group exists. */
	void		(*on_start)(void *arg, pid_t pgid);
	void		*start_arg;
	/* Called by exec_run at least every tenth of a second while the
	 * command runs, so a front end can read its keyboard and redraw. */
	void		(*tick)(void *arg);
	void		*tick_arg;
};

struct exec_result {
	int		 exited;	/* 1 if it exited (then exit_code is set) */
	int		 exit_code;
	int		 signal;	/* the signal that ended it, or 0 */
	int		 timed_out;
	int		 cancelled;
	int		 stopped;	/* exec_stop was called while it ran */
	int		 killed;	/* SIGKILL was sent after the grace period */
	int		 spawn_errno;	/* the exec failed: the errno (exit_code 127) */
	long long	 duration_ms;
	unsigned long long bytes;	/* output bytes, both streams */
	unsigned long long lines;	/* a line handed on in pieces counts once */
	long long	 timeout_ms;	/* the timeout that applied (0: none) */
	int		 log_errno;	/* writing the log failed: the errno */
};

/* Longest line handed to the callback; a longer one arrives in pieces. */
#define EXEC_MAX_LINE 65536

/* stream is 1 (stdout) or 2 (stderr); line has no newline, is not NUL-
 * terminated, and is only valid during the call. */
typedef void (*exec_line_fn)(void *arg, int stream, const char *line,
    size_t len);

struct exec;

/* Start the command. NULL with *cause if the log cannot be opened or the
 * process cannot be created. A program that cannot be executed is not an
 * error here: it ends with exit code 127 and spawn_errno set. */
struct exec	*exec_start(const struct exec_spec *, exec_line_fn, void *,
		    char **cause);
/* The descriptors to poll (at most 2); returns how many were filled. */
int		 exec_pollfds(struct exec *, struct pollfd *, int);
/* Read what is ready, waiting at most timeout_ms (-1: until something
 * happens); enforces the timeout. Returns 1 when the command has ended and
 * its output is drained, else 0. */
int		 exec_service(struct exec *, int timeout_ms);
/* Stop the process group: TERM now, KILL after the grace period (handled by
 * exec_service). */
void		 exec_cancel(struct exec *);
/* The same, asked for by the caller rather than the operator: the result
 * says stopped, not cancelled. */
void		 exec_stop(struct exec *);
/* The command's process id (its process group and session). */
pid_t		 exec_pid(const struct exec *);
/* With output_to_log: where the command's output starts in the log (after
 * the head the log was given). */
off_t		 exec_output_offset(const struct exec *);
/* Leave the command running: write a closing line to the log saying so,
 * free everything, do not wait. It is still a child of this process (reaped
 * by nobody until this process ends); with output_to_log its output goes on
 * into the log. */
void		 exec_detach(struct exec *);
/* Wait for the end (servicing output), fill the result, write the log's
 * closing line, free everything. */
void		 exec_finish(struct exec *, struct exec_result *);

/* Start, service until done (cancelling when *cancel becomes nonzero), and
 * finish. Returns -1 with *cause only if it could not start. */
int		 exec_run(const struct exec_spec *, exec_line_fn, void *,
		    volatile sig_atomic_t *cancel, struct exec_result *,
		    char **cause);

/* A one-line description of how it ended, translated; the caller frees it. */
char		*exec_result_text(const struct exec_result *);

#endif
