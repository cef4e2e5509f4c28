/* kind-server.c: the "server_run" action (start a product's server in the
 * foreground and wait until a line of its output, or of its own log file,
 * says it is ready; then stop it, or leave it running) and the "server_stop"
 * action (stop a server and wait until its port no longer answers).
 *
 * The server's stdout and stderr are the step's log file itself (exec's
 * output_to_log), read back here line by line for the screen and the
 * patterns: a server left running still has somewhere to write once the
 * wizard has moved on or ended, and never blocks on a pipe nobody reads.
 * A watched log file is followed as tail -F does: only what is written after
 * the start, a new file under the same name (rotation) from its beginning,
 * a truncated one from its beginning again. */
#include "config.h"

#include "kind.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exec.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* Lines of output kept for the evidence of a failure. */
#define SERVER_LAST_LINES	10
/* How long one connection attempt to the port may take, and how often the
 * port is tried while waiting. */
#define SERVER_PROBE_MS		1000
#define SERVER_PROBE_EVERY_MS	250
#define SERVER_DEFAULT_TIMEOUT	(30LL * 60 * 1000)
#define SERVER_DEFAULT_GRACE	(60LL * 1000)
#define SERVER_STOP_TIMEOUT	(5LL * 60 * 1000)

static const struct param_spec server_run_params[] = {
	{ "command", PARAM_LIST, 1, N_("the start script and its arguments, as a list (the server runs in the foreground)") },
	{ "cwd", PARAM_PATH, 0, N_("the folder to run it in") },
	{ "env", PARAM_MAP, 0, N_("extra environment variables") },
	{ "ready", PARAM_STRING, 1, N_("an ERE: a line of its output (or of log) matching it means it is ready, or done") },
	{ "fail", PARAM_STRING, 0, N_("an ERE: a line matching it fails the step at once, and the server is stopped") },
	{ "log", PARAM_PATH, 0, N_("a log file of the server's to watch too (only lines written after the start)") },
	{ "port", PARAM_STRING, 0, N_("a port on 127.0.0.1 that must answer too before it counts as ready; it must not answer before the start") },
	{ "timeout", PARAM_DURATION, 0, N_("how long to wait for it to be ready (default 30m); then it is stopped") },
	{ "stop", PARAM_BOOL, 0, N_("once ready, stop it (default false: leave it running)") },
	{ "grace", PARAM_DURATION, 0, N_("after SIGTERM, how long before SIGKILL (default 60s)") },
	{ NULL, 0, 0, NULL }
};

static const struct param_spec server_stop_params[] = {
	{ "command", PARAM_LIST, 0, N_("the stop command, as a list (without it, only wait)") },
	{ "cwd", PARAM_PATH, 0, N_("the folder to run it in") },
	{ "env", PARAM_MAP, 0, N_("extra environment variables") },
	{ "port", PARAM_STRING, 1, N_("the server's port on 127.0.0.1: it is stopped when this no longer answers") },
	{ "timeout", PARAM_DURATION, 0, N_("how long to wait for the port to close (default 5m)") },
	{ NULL, 0, 0, NULL }
};

/*
 * Following a file.
 */

typedef void (*tail_fn)(void *arg, const char *line, size_t len);

struct tail {
	char		*path;
	int		 fd;		/* -1: not open (not there yet) */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 off;
	struct buf	 part;		/* an unfinished line */
};

/* Open the file at off (-1: at its end); nothing if it is not there. */
static void
tail_open(struct tail *t, off_t off)
{
	struct stat st;

	t->fd = open(t->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (t->fd == -1)
		return;
	if (fstat(t->fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(t->fd);
		t->fd = -1;
		return;
	}
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	t->off = off < 0 ? st.st_size : off;
}

static void
tail_init(struct tail *t, const char *path, off_t off)
{
	memset(t, 0, sizeof *t);
	t->path = xstrdup(path);
	t->fd = -1;
	tail_open(t, off);
}

static void
tail_clear(struct tail *t)
{
	if (t->fd != -1)
		close(t->fd);
	free(t->path);
	buf_free(&t->part);
	memset(t, 0, sizeof *t);
	t->fd = -1;
}

/* The most read at one poll: 64 chunks of 16 KB; at the end, 16 MB (a
 * process left running may still be writing). */
#define TAIL_CHUNKS 64
#define TAIL_FINAL_CHUNKS 1024

/* Hand on the unfinished line, a trailing \r cut. */
static void
tail_deliver(struct tail *t, tail_fn fn, void *arg)
{
	size_t len = t->part.len;

	if (len > 0 && t->part.data[len - 1] == '\r')
		len--;
	fn(arg, len > 0 ? t->part.data : "", len);
	buf_reset(&t->part);
}

/* Read what the open file holds beyond off: at most max chunks,
 * so that a server writing faster than its lines are matched cannot keep
 * the caller from its timeout; the rest is read at the next poll. */
static void
tail_drain(struct tail *t, tail_fn fn, void *arg, int max)
{
	char chunk[16384], *p, *end, *nl;
	ssize_t n;
	int chunks = 0;

	for (;;) {
		if (chunks++ >= max)
			return;
		n = pread(t->fd, chunk, sizeof chunk, t->off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		t->off += n;
		for (p = chunk, end = chunk + n; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL) {
				buf_add(&t->part, p, (size_t)(end - p));
				if (t->part.len >= EXEC_MAX_LINE)
					tail_deliver(t, fn, arg);
				break;
			}
			buf_add(&t->part, p, (size_t)(nl - p));
			tail_deliver(t, fn, arg);
		}
	}
}

/* Read what was added since the last time. */
static void
tail_poll(struct tail *t, tail_fn fn, void *arg)
{
	struct stat st;
	int there = stat(t->path, &st) == 0;

	if (t->fd != -1) {
		if (there && st.st_dev == t->dev && st.st_ino == t->ino) {
			if (st.st_size < t->off) {
				/* Truncated: start again. */
				t->off = 0;
				buf_reset(&t->part);
			}
			tail_drain(t, fn, arg, TAIL_CHUNKS);
			return;
		}
		/* Rotated or removed: the rest of the old file first. */
		tail_drain(t, fn, arg, TAIL_FINAL_CHUNKS);
		if (t->part.len > 0)
			tail_deliver(t, fn, arg);
		close(t->fd);
		t->fd = -1;
	}
	if (!there)
		return;
	tail_open(t, 0);
	if (t->fd != -1)
		tail_drain(t, fn, arg, TAIL_CHUNKS);
}

/*
 * server_run
 */

struct server_args {
	struct kind_command cmd;
	char		*ready;		/* the patterns, expanded */
	char		*fail;
	char		*log;		/* expanded, or NULL */
	int		 port;		/* 0: none */
	long long	 timeout_ms;
	long long	 grace_ms;
	int		 stop;
};

static void
server_args_clear(struct server_args *a)
{
	kind_command_clear(&a->cmd);
	free(a->ready);
	free(a->fail);
	free(a->log);
	memset(a, 0, sizeof *a);
}

static int
server_args(const struct step *step, const struct run_ctx *ctx,
    struct server_args *a, char **cause)
{
	const char *fail = params_str(step->with, "fail");
	const char *log = params_str(step->with, "log");

	memset(a, 0, sizeof *a);
	if (kind_command_prepare(step, ctx, &a->cmd, cause) == -1)
		return -1;
	if ((a->ready = kind_expand(ctx, params_str(step->with, "ready"),
	    cause)) == NULL)
		goto fail;
	if (fail != NULL && (a->fail = kind_expand(ctx, fail, cause)) == NULL)
		goto fail;
	if (log != NULL && (a->log = kind_expand(ctx, log, cause)) == NULL)
		goto fail;
	if ((a->port = kind_port_param(ctx, step->with, "port", cause)) == -1)
		goto fail;
	if ((a->timeout_ms = kind_duration_ms(ctx, step->with, "timeout",
	    SERVER_DEFAULT_TIMEOUT, cause)) < 0 ||
	    (a->grace_ms = kind_duration_ms(ctx, step->with, "grace",
	    SERVER_DEFAULT_GRACE, cause)) < 0)
		goto fail;
	if (a->timeout_ms == 0)
		a->timeout_ms = SERVER_DEFAULT_TIMEOUT;
	if (a->grace_ms == 0)
		a->grace_ms = 1;
	a->stop = params_bool(step->with, "stop", 0);
	return 0;

fail:
	server_args_clear(a);
	return -1;
}

static int
server_run_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	return kind_command_validate(with, file, d) +
	    kind_validate_regex(with, "ready", 0, file, d) +
	    kind_validate_regex(with, "fail", 0, file, d) +
	    kind_validate_port(with, "port", file, d);
}

static char *
server_run_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct server_args a;
	struct buf b = BUF_INIT;
	char *t;

	if (server_args(step, ctx, &a, cause) == -1)
		return NULL;
	kind_command_describe(&a.cmd, &b);
	if (a.port != 0)
		buf_printf(&b, _("Before it starts: nothing may answer on "
		    "127.0.0.1 port %d (a server already running there must be "
		    "stopped first).\n"), a.port);
	buf_printf(&b, _("Ready when a line of its output matches: %s\n"),
	    a.ready);
	if (a.log != NULL)
		buf_printf(&b, _("  or a line written to %s after the start "
		    "does.\n"), a.log);
	if (a.port != 0)
		buf_printf(&b, _("  and 127.0.0.1 port %d answers.\n"), a.port);
	if (a.fail != NULL)
		buf_printf(&b, _("Failed at once, and stopped, when a line "
		    "matches: %s\n"), a.fail);
	t = util_duration_text(a.timeout_ms);
	buf_printf(&b, _("Waits at most %s for it to be ready; then it is "
	    "stopped.\n"), t);
	free(t);
	t = util_duration_text(a.grace_ms);
	if (a.stop)
		buf_printf(&b, _("Once ready, it is stopped: SIGTERM to its "
		    "process group, SIGKILL if it has not ended after %s.\n"),
		    t);
	else
		buf_printf(&b, _("Once ready, it is left running, its output "
		    "going on into the step's log; stopped only if it fails "
		    "or times out first (SIGTERM, SIGKILL after %s).\n"), t);
	free(t);
	server_args_clear(&a);
	return buf_steal(&b);
}

/* What the lines showed. */
struct server_watch {
	const struct run_ctx *ctx;
	const char	*log;		/* the watched log's path, or NULL */
	regex_t		 ready;
	regex_t		 fail;
	int		 has_fail;
	char		*ready_line;	/* the first line to match, excerpt */
	const char	*ready_where;	/* NULL: the output; else the log */
	char		*ready_at;	/* when it was seen */
	long long	 ready_line_ms;	/* after the start */
	long long	 ready_ms;	/* ready (the port too), after the start */
	char		*fail_line;
	const char	*fail_where;
	char		*fail_at;
	long long	 fail_ms;	/* after the start */
	int		 settled;	/* ready or failed: no more matching */
	char		*last[SERVER_LAST_LINES];
	size_t		 nlast;		/* lines of output seen */
	long long	 start_ms;
};

static void
server_match(struct server_watch *w, const char *line, size_t len,
    const char *where)
{
	char *s;

	if (w->settled || (w->ready_line != NULL && !w->has_fail))
		return;
	s = xstrndup(line, len);
	if (w->has_fail && w->fail_line == NULL &&
	    regexec(&w->fail, s, 0, NULL, 0) == 0) {
		w->fail_line = kind_excerpt(line, len);
		w->fail_where = where;
		w->fail_at = util_now_iso();
		w->fail_ms = util_now_ms() - w->start_ms;
	} else if (w->ready_line == NULL && w->fail_line == NULL &&
	    regexec(&w->ready, s, 0, NULL, 0) == 0) {
		w->ready_line = kind_excerpt(line, len);
		w->ready_where = where;
		w->ready_at = util_now_iso();
		w->ready_line_ms = util_now_ms() - w->start_ms;
	}
	free(s);
}

static void
server_output_line(void *arg, const char *line, size_t len)
{
	struct server_watch *w = arg;
	size_t slot = w->nlast % SERVER_LAST_LINES;

	if (w->ctx->on_output != NULL)
		w->ctx->on_output(w->ctx->arg, 1, line, len);
	free(w->last[slot]);
	w->last[slot] = kind_excerpt(line, len);
	w->nlast++;
	server_match(w, line, len, NULL);
}

static void
server_log_line(void *arg, const char *line, size_t len)
{
	struct server_watch *w = arg;

	server_match(w, line, len, w->log);
}

/* The last lines of output, indented, one per line. */
static void
server_last_lines(const struct server_watch *w, struct buf *b)
{
	size_t n = w->nlast < SERVER_LAST_LINES ? w->nlast : SERVER_LAST_LINES;
	size_t i;

	if (n == 0) {
		buf_adds(b, _("it wrote no output"));
		return;
	}
	buf_printf(b, P_("its last line of output:", "its last %zu lines of "
	    "output:", n), n);
	for (i = w->nlast - n; i < w->nlast; i++)
		buf_printf(b, "\n  %s", w->last[i % SERVER_LAST_LINES]);
}

/* "output line 'x' at T, 5 s after the start" for the ready or fail line. */
static void
server_line_text(struct buf *b, const char *line, const char *where,
    const char *at, long long after_ms)
{
	char *t = util_duration_text(after_ms);

	if (where == NULL)
		buf_printf(b, _("its output said '%s' at %s, %s after the "
		    "start"), line, at, t);
	else
		buf_printf(b, _("%s said '%s' at %s, %s after the start"),
		    where, line, at, t);
	free(t);
}

/* How a stopped server was made to end. */
static const char *
server_signals(const struct exec_result *er)
{
	if (er->killed)
		return _("SIGTERM, then SIGKILL after the grace period");
	return _("SIGTERM");
}

enum server_outcome {
	SERVER_WAITING,
	SERVER_READY,		/* ready, being stopped (stop: true) */
	SERVER_LEFT,		/* ready, left running */
	SERVER_FAILING		/* the fail pattern matched: being stopped */
};

static int
server_run_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct server_args a;
	struct server_watch w;
	struct tail out, logt;
	struct exec_spec spec;
	struct exec_result er;
	struct exec *e;
	struct buf ev = BUF_INIT, why = BUF_INIT;
	enum server_outcome outcome = SERVER_WAITING;
	long long now, last_probe = 0;
	char *cause = NULL, *title, *how, *t;
	int done, port_ok = 0, has_log;
	pid_t pid;
	size_t i;

	memset(&w, 0, sizeof w);
	memset(&spec, 0, sizeof spec);
	if (server_args(step, ctx, &a, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if (kind_regcomp(&w.ready, a.ready, REG_NOSUB, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		server_args_clear(&a);
		return 0;
	}
	if (a.fail != NULL) {
		if (kind_regcomp(&w.fail, a.fail, REG_NOSUB, &cause) == -1) {
			result_set(r, STATUS_ERROR, "%s", cause);
			free(cause);
			regfree(&w.ready);
			server_args_clear(&a);
			return 0;
		}
		w.has_fail = 1;
	}
	w.ctx = ctx;
	w.log = a.log;
	if (ctx->log_path == NULL) {
		result_set(r, STATUS_ERROR, "%s", _("there is no log file for "
		    "the server's output (no session)"));
		goto out_regex;
	}
	/* Never a second server on the same port. */
	if (a.port != 0 && kind_port_answers(a.port, SERVER_PROBE_MS,
	    ctx->cancel)) {
		result_set(r, STATUS_ERROR, _("a server already listens on "
		    "127.0.0.1 port %d: stop it first; nothing was started"),
		    a.port);
		goto out_regex;
	}

	has_log = a.log != NULL;
	if (has_log)
		tail_init(&logt, a.log, -1);
	spec.argv = a.cmd.argv;
	spec.cwd = a.cmd.cwd;
	spec.env = a.cmd.env;
	spec.timeout_ms = a.timeout_ms;
	spec.kill_grace_ms = a.grace_ms;
	spec.output_to_log = 1;
	title = xprintf("%s: %s", step->id != NULL ? step->id : "-",
	    a.cmd.display);
	spec.title = title;
	kind_exec_spec(ctx, &spec);
	w.start_ms = util_now_ms();
	e = exec_start(&spec, NULL, NULL, &cause);
	free(title);
	if (e == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		if (has_log)
			tail_clear(&logt);
		goto out_regex;
	}
	pid = exec_pid(e);
	tail_init(&out, ctx->log_path, exec_output_offset(e));

	for (;;) {
		if (ctx->cancel != NULL && *ctx->cancel)
			exec_cancel(e);
		done = exec_service(e, 100);
		tail_poll(&out, server_output_line, &w);
		if (has_log)
			tail_poll(&logt, server_log_line, &w);
		if (done) {
			/* It ended: its output to the very end. */
			if (out.fd != -1)
				tail_drain(&out, server_output_line, &w,
				    TAIL_FINAL_CHUNKS);
			break;
		}
		now = util_now_ms();
		/* Stopped by the timeout or the operator: what it says while
		 * it shuts down no longer counts. */
		if (outcome == SERVER_WAITING &&
		    (now >= w.start_ms + a.timeout_ms ||
		    (ctx->cancel != NULL && *ctx->cancel)))
			w.settled = 1;
		if (outcome == SERVER_WAITING && w.fail_line != NULL &&
		    !w.settled) {
			w.settled = 1;
			outcome = SERVER_FAILING;
			exec_stop(e);
		} else if (outcome == SERVER_WAITING && w.ready_line != NULL &&
		    !w.settled) {
			if (a.port != 0 && !port_ok &&
			    now - last_probe >= SERVER_PROBE_EVERY_MS) {
				last_probe = now;
				port_ok = kind_port_answers(a.port,
				    SERVER_PROBE_MS, ctx->cancel);
				now = util_now_ms();
			}
			if (a.port == 0 || port_ok) {
				w.settled = 1;
				w.ready_ms = now - w.start_ms;
				if (a.stop) {
					outcome = SERVER_READY;
					exec_stop(e);
				} else {
					outcome = SERVER_LEFT;
					exec_detach(e);
					e = NULL;
					break;
				}
			}
		}
		if (ctx->tick != NULL)
			ctx->tick(ctx->arg);
	}
	memset(&er, 0, sizeof er);
	if (e != NULL)
		exec_finish(e, &er);
	/* The output was read to its end in the loop (what the log holds
	 * now is this program's own closing line); the watched log may
	 * still hold more. */
	if (has_log) {
		tail_poll(&logt, server_log_line, &w);
		if (logt.fd != -1)
			tail_drain(&logt, server_log_line, &w,
			    TAIL_FINAL_CHUNKS);
		tail_clear(&logt);
	}
	tail_clear(&out);

	r->duration_ms = util_now_ms() - w.start_ms;
	r->log_path = xstrdup(ctx->log_path);
	if (e != NULL) {
		r->exit_code = er.exited ? er.exit_code : -1;
		r->signal = er.signal;
		r->timed_out = er.timed_out && outcome == SERVER_WAITING;
	}
	buf_printf(&ev, _("command: %s"), a.cmd.display);
	how = e != NULL ? exec_result_text(&er) : NULL;

	/* What came in the output read after its end. */
	if (outcome == SERVER_WAITING && !w.settled && e != NULL &&
	    er.spawn_errno == 0) {
		if (w.fail_line != NULL) {
			outcome = SERVER_FAILING;
		} else if (w.ready_line != NULL && a.stop && a.port == 0) {
			/* A run that ends by itself once done. */
			outcome = SERVER_READY;
			w.ready_ms = w.ready_line_ms;
		}
	}

	if (outcome == SERVER_READY || outcome == SERVER_LEFT) {
		buf_addc(&ev, '\n');
		server_line_text(&ev, w.ready_line, w.ready_where, w.ready_at,
		    w.ready_line_ms);
		buf_addc(&ev, '\n');
		t = util_duration_text(w.ready_ms);
		if (a.port != 0)
			buf_printf(&ev, _("127.0.0.1 port %d answered; ready %s "
			    "after the start"), a.port, t);
		else
			buf_printf(&ev, _("ready %s after the start"), t);
		free(t);
		buf_addc(&ev, '\n');
		if (outcome == SERVER_LEFT)
			buf_printf(&ev, _("left running as process %ld (the "
			    "leader of its own process group and session); "
			    "its output goes on into %s; stop it with "
			    "'kill -TERM -%ld' or the product's own stop "
			    "command"), (long)pid, ctx->log_path, (long)pid);
		else if (er.stopped) {
			t = util_duration_text(r->duration_ms);
			buf_printf(&ev, _("then stopped (%s), %s after the "
			    "start"), how, t);
			free(t);
		} else
			buf_printf(&ev, _("it ended by itself before it was "
			    "stopped: %s"), how);
		free(r->evidence);
		r->evidence = buf_steal(&ev);
		r->status = STATUS_DONE;
		goto out;
	}

	/* Not ready. */
	if (er.spawn_errno != 0) {
		result_set(r, STATUS_ERROR, _("cannot run %s: %s"),
		    a.cmd.argv[0], strerror(er.spawn_errno));
		goto out_evidence;
	}
	if (outcome == SERVER_FAILING) {
		server_line_text(&why, w.fail_line, w.fail_where, w.fail_at,
		    w.fail_ms);
		buf_printf(&why, _("; it matches '%s', which means failure; "
		    "how the server ended: %s"), a.fail, how);
		result_set(r, STATUS_FAILED, "%s", buf_str(&why));
	} else if (er.cancelled) {
		result_set(r, STATUS_CANCELLED, _("stopped by the operator "
		    "before the server was ready (%s)"), server_signals(&er));
	} else if (w.ready_line != NULL && er.timed_out) {
		t = util_duration_text(a.timeout_ms);
		result_set(r, STATUS_FAILED, _("its ready line came, but "
		    "127.0.0.1 port %d did not answer within %s, so it was "
		    "stopped (%s)"), a.port, t, server_signals(&er));
		free(t);
	} else if (er.timed_out) {
		t = util_duration_text(a.timeout_ms);
		result_set(r, STATUS_FAILED, _("it was not ready within %s, so "
		    "it was stopped (%s)"), t, server_signals(&er));
		free(t);
	} else if (w.ready_line != NULL) {
		server_last_lines(&w, &why);
		result_set(r, STATUS_FAILED, _("its ready line came, but it "
		    "ended before 127.0.0.1 port %d answered: %s; %s"), a.port,
		    how, buf_str(&why));
	} else {
		server_last_lines(&w, &why);
		result_set(r, STATUS_FAILED, _("it ended before it was ready: "
		    "%s; %s"), how, buf_str(&why));
	}

out_evidence:
	buf_addc(&ev, '\n');
	server_last_lines(&w, &ev);
	free(r->evidence);
	r->evidence = buf_steal(&ev);
out:
	free(how);
	buf_free(&ev);
	buf_free(&why);
out_regex:
	regfree(&w.ready);
	if (w.has_fail)
		regfree(&w.fail);
	free(w.ready_line);
	free(w.ready_at);
	free(w.fail_line);
	free(w.fail_at);
	for (i = 0; i < SERVER_LAST_LINES; i++)
		free(w.last[i]);
	server_args_clear(&a);
	return 0;
}

const struct kind kind_server_run = {
	.name = "server_run",
	.step_kind = STEP_ACTION,
	.summary = N_("start a server and wait until it is ready (or done)"),
	.params = server_run_params,
	.validate = server_run_validate,
	.describe = server_run_describe,
	.run = server_run_run
};

/*
 * server_stop
 */

struct stop_args {
	struct kind_command cmd;
	int		 has_cmd;
	int		 port;
	long long	 timeout_ms;
};

static void
stop_args_clear(struct stop_args *a)
{
	if (a->has_cmd)
		kind_command_clear(&a->cmd);
	memset(a, 0, sizeof *a);
}

static int
stop_args(const struct step *step, const struct run_ctx *ctx,
    struct stop_args *a, char **cause)
{
	memset(a, 0, sizeof *a);
	if (params_node(step->with, "command") != NULL) {
		if (kind_command_prepare(step, ctx, &a->cmd, cause) == -1)
			return -1;
		a->has_cmd = 1;
	}
	if ((a->port = kind_port_param(ctx, step->with, "port", cause)) == -1 ||
	    (a->timeout_ms = kind_duration_ms(ctx, step->with, "timeout",
	    SERVER_STOP_TIMEOUT, cause)) < 0) {
		stop_args_clear(a);
		return -1;
	}
	if (a->timeout_ms == 0)
		a->timeout_ms = SERVER_STOP_TIMEOUT;
	return 0;
}

static int
server_stop_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	return kind_command_validate(with, file, d) +
	    kind_validate_port(with, "port", file, d);
}

static char *
server_stop_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct stop_args a;
	struct buf b = BUF_INIT;
	char *t;

	if (stop_args(step, ctx, &a, cause) == -1)
		return NULL;
	buf_printf(&b, _("If nothing answers on 127.0.0.1 port %d, there is "
	    "nothing to stop and nothing is run.\n"), a.port);
	if (a.has_cmd)
		kind_command_describe(&a.cmd, &b);
	else
		buf_adds(&b, _("No command is run: the server is stopped "
		    "elsewhere.\n"));
	t = util_duration_text(a.timeout_ms);
	buf_printf(&b, _("Then waits at most %s until 127.0.0.1 port %d no "
	    "longer answers.\n"), t, a.port);
	free(t);
	stop_args_clear(&a);
	return buf_steal(&b);
}

static int
server_stop_run(const struct step *step, struct run_ctx *ctx,
    struct result *r)
{
	struct stop_args a;
	struct exec_spec spec;
	struct exec_result er;
	struct buf ev = BUF_INIT;
	long long start = util_now_ms(), left;
	char *cause = NULL, *title, *how, *t;

	if (stop_args(step, ctx, &a, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if (!kind_port_answers(a.port, SERVER_PROBE_MS, ctx->cancel)) {
		if (ctx->cancel != NULL && *ctx->cancel)
			result_set(r, STATUS_CANCELLED, "%s", _("stopped by "
			    "the operator"));
		else
			result_set(r, STATUS_DONE, _("nothing to stop: nothing "
			    "answers on 127.0.0.1 port %d"), a.port);
		goto out;
	}
	buf_printf(&ev, _("127.0.0.1 port %d answered"), a.port);

	if (a.has_cmd) {
		memset(&spec, 0, sizeof spec);
		spec.argv = a.cmd.argv;
		spec.cwd = a.cmd.cwd;
		spec.env = a.cmd.env;
		spec.timeout_ms = a.timeout_ms;
		title = xprintf("%s: %s", step->id != NULL ? step->id : "-",
		    a.cmd.display);
		spec.title = title;
		if (kind_exec(ctx, &spec, NULL, NULL, &er, &cause) == -1) {
			free(title);
			result_set(r, STATUS_ERROR, "%s", cause);
			free(cause);
			goto out;
		}
		free(title);
		r->exit_code = er.exited ? er.exit_code : -1;
		r->signal = er.signal;
		if (ctx->log_path != NULL)
			r->log_path = xstrdup(ctx->log_path);
		how = exec_result_text(&er);
		buf_addc(&ev, '\n');
		buf_printf(&ev, "%s: %s", a.cmd.display, how);
		free(how);
		if (er.spawn_errno != 0) {
			result_set(r, STATUS_ERROR, _("cannot run %s: %s"),
			    a.cmd.argv[0], strerror(er.spawn_errno));
			goto evidence;
		}
		if (er.cancelled) {
			result_set(r, STATUS_CANCELLED, "%s", _("stopped by "
			    "the operator before the stop command ended"));
			goto evidence;
		}
		if (!er.exited || er.exit_code != 0) {
			/* It failed: unless the port has closed anyway, do
			 * not wait for what will not happen. */
			if (kind_port_answers(a.port, SERVER_PROBE_MS, NULL)) {
				how = exec_result_text(&er);
				result_set(r, STATUS_FAILED, _("the stop command "
				    "did not succeed (%s) and 127.0.0.1 port %d "
				    "still answers"), how, a.port);
				free(how);
				goto evidence;
			}
		}
	}

	for (;;) {
		if (ctx->cancel != NULL && *ctx->cancel) {
			result_set(r, STATUS_CANCELLED, _("stopped by the "
			    "operator while 127.0.0.1 port %d still "
			    "answered"), a.port);
			goto evidence;
		}
		if (!kind_port_answers(a.port, SERVER_PROBE_MS, ctx->cancel)) {
			if (ctx->cancel != NULL && *ctx->cancel)
				continue;
			t = util_duration_text(util_now_ms() - start);
			buf_addc(&ev, '\n');
			buf_printf(&ev, _("127.0.0.1 port %d no longer "
			    "answers, %s after the start"), a.port, t);
			free(t);
			free(r->evidence);
			r->evidence = buf_steal(&ev);
			r->status = STATUS_DONE;
			break;
		}
		left = start + a.timeout_ms - util_now_ms();
		if (left <= 0) {
			t = util_duration_text(a.timeout_ms);
			result_set(r, STATUS_FAILED, _("127.0.0.1 port %d still "
			    "answers after %s: the server has not stopped"),
			    a.port, t);
			free(t);
			goto evidence;
		}
		if (ctx->tick != NULL)
			ctx->tick(ctx->arg);
		poll(NULL, 0, left < SERVER_PROBE_EVERY_MS ? (int)left :
		    SERVER_PROBE_EVERY_MS);
	}
	r->duration_ms = util_now_ms() - start;
	goto out;

evidence:
	r->duration_ms = util_now_ms() - start;
	free(r->evidence);
	r->evidence = buf_steal(&ev);
out:
	buf_free(&ev);
	stop_args_clear(&a);
	return 0;
}

const struct kind kind_server_stop = {
	.name = "server_stop",
	.step_kind = STEP_ACTION,
	.summary = N_("stop a server and wait until its port is closed"),
	.params = server_stop_params,
	.validate = server_stop_validate,
	.describe = server_stop_describe,
	.run = server_stop_run
};
