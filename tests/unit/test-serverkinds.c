/* test-serverkinds.c: the "server_run" and "server_stop" actions, run for
 * real against fake servers: small shell scripts written into a scratch
 * folder that print a ready line (or write it to a log file), and ports the
 * test itself listens on. */
#include "config.h"

#include "testutil.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <unistd.h>

#include "buf.h"
#include "kind.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

struct fx {
	char			*dir;
	char			*log;
	char			 portstr[16];
	int			 port;		/* free, or listened on */
	int			 listener;	/* -1: none */
	struct run_ctx		 ctx;
	struct buf		 out;		/* output lines, one per line */
	pid_t			 pgid;		/* from on_start */
	volatile sig_atomic_t	 cancel;
	/* What the tick does: listen on port once this file exists, close the
	 * listener once that one does; cancel when a line holds this text. */
	const char		*listen_when;
	const char		*close_when;
	const char		*cancel_on;
};

static const char *
fx_lookup(void *arg, const char *name)
{
	struct fx *f = arg;

	if (strcmp(name, "DIR") == 0)
		return f->dir;
	if (strcmp(name, "PORT") == 0)
		return f->portstr;
	return NULL;
}

/* Listen on 127.0.0.1 port (0: any); returns the socket, *port the port. */
static int
listen_on(int *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd != -1);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one), 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)*port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(fd, 16), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static int
fx_exists(const struct fx *f, const char *name)
{
	char *p = util_path_join(f->dir, name);
	int rc = access(p, F_OK) == 0;

	free(p);
	return rc;
}

static void
fx_tick(void *arg)
{
	struct fx *f = arg;

	if (f->listen_when != NULL && f->listener == -1 &&
	    fx_exists(f, f->listen_when)) {
		f->listener = listen_on(&f->port);
		f->listen_when = NULL;
	}
	if (f->close_when != NULL && f->listener != -1 &&
	    fx_exists(f, f->close_when)) {
		close(f->listener);
		f->listener = -1;
		f->close_when = NULL;
	}
}

static void
fx_on_output(void *arg, int stream, const char *line, size_t len)
{
	struct fx *f = arg;

	buf_add(&f->out, line, len);
	buf_addc(&f->out, '\n');
	if (f->cancel_on != NULL && strstr(f->out.data, f->cancel_on) != NULL)
		f->cancel = 1;
}

static void
fx_on_start(void *arg, pid_t pgid)
{
	struct fx *f = arg;

	f->pgid = pgid;
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	int fd;

	f->dir = test_tmpdir();
	f->log = util_path_join(f->dir, "step.log");
	f->listener = -1;
	/* A port nothing listens on (for as long as the test needs it). */
	f->port = 0;
	fd = listen_on(&f->port);
	close(fd);
	snprintf(f->portstr, sizeof f->portstr, "%d", f->port);
	f->ctx.lookup = fx_lookup;
	f->ctx.lookup_arg = f;
	f->ctx.log_path = f->log;
	f->ctx.on_output = fx_on_output;
	f->ctx.on_start = fx_on_start;
	f->ctx.tick = fx_tick;
	f->ctx.arg = f;
	f->ctx.cancel = &f->cancel;
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	if (f->listener != -1)
		close(f->listener);
	test_rmtree(f->dir);
	buf_free(&f->out);
	free(f->dir);
	free(f->log);
	free(f);
	return 0;
}

/* Write an executable script into the scratch folder; "%D" in the text
 * stands for the folder. */
static void
fx_script(const struct fx *f, const char *name, const char *text)
{
	struct buf b = BUF_INIT;
	char *p = util_path_join(f->dir, name);
	const char *s;

	for (s = text; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] == 'D') {
			buf_adds(&b, f->dir);
			s++;
		} else
			buf_addc(&b, *s);
	}
	test_write(p, b.data);
	assert_int_equal(chmod(p, 0755), 0);
	buf_free(&b);
	free(p);
}

static enum status
fx_run(struct fx *f, const char *name, const char *yaml, struct result *r)
{
	const struct kind *k = kind_find(name);
	struct step step;

	assert_non_null(k);
	memset(&step, 0, sizeof step);
	step.id = (char *)"test-step";
	step.kind = k->step_kind;
	step.type = k;
	step.with = test_yaml(yaml);
	result_init(r);
	f->pgid = 0;
	assert_int_equal(k->run(&step, &f->ctx, r), 0);
	ynode_free(step.with);
	if (getenv("TEST_VERBOSE") != NULL)
		print_message("# %s: %s\n#   evidence: %s\n#   reason: %s\n",
		    name, status_name(r->status),
		    r->evidence != NULL ? r->evidence : "-",
		    r->reason != NULL ? r->reason : "-");
	if (r->status == STATUS_ERROR || r->status == STATUS_FAILED ||
	    r->status == STATUS_CANCELLED)
		assert_non_null(r->reason);
	return r->status;
}

static char *
fx_describe(struct fx *f, const char *name, const char *yaml, char **cause)
{
	const struct kind *k = kind_find(name);
	struct step step;
	char *s;

	assert_non_null(k);
	memset(&step, 0, sizeof step);
	step.id = (char *)"test-step";
	step.kind = k->step_kind;
	step.type = k;
	step.with = test_yaml(yaml);
	s = k->describe(&step, &f->ctx, cause);
	ynode_free(step.with);
	return s;
}

/* No process of the group is left. */
static void
assert_group_gone(pid_t pgid)
{
	assert_true(pgid > 1);
	if (kill(-pgid, 0) == 0)
		fail_msg("process group %ld is still there", (long)pgid);
	assert_int_equal(errno, ESRCH);
}

static char *
read_log(const struct fx *f)
{
	char *cause = NULL, *s = util_read_file(f->log, NULL, &cause);

	if (s == NULL)
		fail_msg("%s", cause);
	return s;
}

/*
 * server_run
 */

/* Ready in its output, left running: it goes on writing into the step's
 * log after the step has ended, and outlives the step. */
static void
test_ready_output_left_running(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *log = NULL, pidtext[64];
	int status, i;

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "echo starting\n"
	    "sleep 0.3\n"
	    "echo 'WSO2 Carbon started in 0.3 sec'\n"
	    "sleep 0.3\n"
	    "echo 'after ready'\n"
	    "exec sleep 30\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh', '-Dready=WSO2 "
	    "Carbon started in']\ncwd: '${DIR}'\n"
	    "ready: 'WSO2 Carbon started in'\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "its output said 'WSO2 Carbon started in "
	    "0.3 sec'");
	snprintf(pidtext, sizeof pidtext, "left running as process %ld",
	    (long)f->pgid);
	assert_contains(r.evidence, pidtext);
	assert_true(r.duration_ms >= 300);
	assert_string_equal(r.log_path, f->log);
	/* The screen saw the output, not the log's head (which holds the
	 * command, and with it the ready text). */
	assert_contains(f->out.data, "starting\nWSO2 Carbon started in 0.3 "
	    "sec\n");
	assert_null(strstr(f->out.data, "command:"));

	/* Still running, still writing into the log. */
	assert_int_equal(kill(f->pgid, 0), 0);
	for (i = 0; i < 50; i++) {
		log = read_log(f);
		if (strstr(log, "after ready") != NULL)
			break;
		free(log);
		log = NULL;
		usleep(100 * 1000);
	}
	assert_non_null(log);
	assert_contains(log, "left running as process");
	assert_true(strstr(log, "left running") < strstr(log, "after ready"));
	free(log);
	assert_int_equal(kill(-f->pgid, SIGKILL), 0);
	assert_int_equal(waitpid(f->pgid, &status, 0), f->pgid);
	result_clear(&r);
}

/* Ready in a log file only: a line there from before the start does not
 * count; stop: true ends the whole process group. */
static void
test_ready_log_stopped(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *p = util_path_join(f->dir, "carbon.log");

	test_write(p, "old run: WSO2 Carbon started in 9 sec\n");
	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "echo starting\n"
	    "sleep 0.4\n"
	    "printf 'INFO WSO2 Carbon started in 0.4 sec\\r\\n' >> "
	    "'%D/carbon.log'\n"
	    "exec sleep 30\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Carbon started in [0-9.]+ sec$'\n"
	    "log: '${DIR}/carbon.log'\nstop: true\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "carbon.log said 'INFO WSO2 Carbon "
	    "started in 0.4 sec'");
	assert_contains(r.evidence, "then stopped (stopped by SIGTERM)");
	assert_true(r.duration_ms >= 400);
	assert_null(strstr(f->out.data, "Carbon started"));
	assert_group_gone(f->pgid);
	result_clear(&r);
	free(p);
}

/* The watched log is rotated (a new file under its name) or truncated:
 * followed from the start of what is there now. */
static void
test_ready_log_rotated(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *p = util_path_join(f->dir, "carbon.log");

	test_write(p, "a long line from an earlier run, longer than what "
	    "comes next\n");
	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "sleep 0.3\n"
	    "mv '%D/carbon.log' '%D/carbon.log.1'\n"
	    "echo 'Migration completed' > '%D/carbon.log'\n"
	    "exec sleep 30\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Migration completed'\nlog: '${DIR}/carbon.log'\n"
	    "stop: true\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "carbon.log said 'Migration completed'");
	assert_group_gone(f->pgid);
	result_clear(&r);

	test_write(p, "a long line from an earlier run, longer than what "
	    "comes next\n");
	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "sleep 0.3\n"
	    "echo 'Migration completed' > '%D/carbon.log'\n"
	    "exec sleep 30\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Migration completed'\nlog: '${DIR}/carbon.log'\n"
	    "stop: true\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_group_gone(f->pgid);
	result_clear(&r);
	free(p);
}

/* A server that does not end on SIGTERM is killed after the grace period,
 * and the evidence says so. */
static void
test_stop_needs_kill(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "trap '' TERM\n"
	    "echo 'Server started'\n"
	    "exec sleep 30\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: started\nstop: true\ngrace: 500ms\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "SIGTERM, then SIGKILL");
	assert_true(r.duration_ms >= 500);
	assert_group_gone(f->pgid);
	result_clear(&r);
}

/* The start script dies at once on SIGTERM, the program it started takes
 * a while to shut down: the stop waits for the whole group, and needs no
 * SIGKILL. */
static void
test_stop_waits_for_group(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "sh -c 'trap \"sleep 0.6; touch %D/shut-down; exit 0\" TERM; "
	    "echo \"Server started\"; while :; do sleep 0.1; done' &\n"
	    "wait\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Server started'\nstop: true\ngrace: 10s\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "then stopped (stopped by SIGTERM)");
	assert_true(fx_exists(f, "shut-down"));
	assert_true(r.duration_ms < 5000);
	assert_group_gone(f->pgid);
	result_clear(&r);
}

/* Ended before it was ready: failed, with its status and last lines. */
static void
test_exits_before_ready(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "i=0\n"
	    "while [ $i -lt 15 ]; do echo line$i; i=$((i + 1)); done\n"
	    "echo 'Error: port in use' >&2\n"
	    "exit 3\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Carbon started'\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "ended before it was ready: exited with "
	    "status 3");
	assert_contains(r.reason, "its last 10 lines of output:");
	assert_contains(r.reason, "line14\n  Error: port in use");
	assert_null(strstr(r.reason, "line5\n"));
	/* Only its own lines, not this program's notes in the log. */
	assert_null(strstr(r.reason, "---"));
	assert_int_equal(r.exit_code, 3);
	result_clear(&r);

	/* A program that is not there. */
	fx_run(f, "server_run", "command: ['${DIR}/missing.sh']\n"
	    "ready: x\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "missing.sh");
	assert_contains(r.evidence, "it wrote no output");
	result_clear(&r);
}

/* The fail pattern: failed at once with the line, and stopped. */
static void
test_fail_pattern(void **state)
{
	struct fx *f = *state;
	struct result r;
	long long t0 = util_now_ms();

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "echo starting\n"
	    "sleep 0.2\n"
	    "echo 'ERROR Migration of IDN_OAUTH2 failed'\n"
	    "sleep 0.2\n"
	    "echo 'WSO2 Carbon started in 1 sec'\n"
	    "exec sleep 30\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Carbon started'\nfail: 'Migration.*(failed|error)'\n",
	    &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "its output said 'ERROR Migration of "
	    "IDN_OAUTH2 failed'");
	assert_contains(r.reason, "stopped by SIGTERM");
	assert_group_gone(f->pgid);
	assert_true(util_now_ms() - t0 < 5000);
	result_clear(&r);
}

/* Not ready in time: failed, and stopped. */
static void
test_timeout(void **state)
{
	struct fx *f = *state;
	struct result r;
	long long t0 = util_now_ms();

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "echo starting\n"
	    "exec sleep 30\n");
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Carbon started'\ntimeout: 1500ms\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "not ready within 1.5 s, so it was "
	    "stopped (SIGTERM)");
	assert_true(r.timed_out);
	assert_contains(r.evidence, "starting");
	assert_group_gone(f->pgid);
	assert_true(util_now_ms() - t0 >= 1500);
	assert_true(util_now_ms() - t0 < 6000);
	result_clear(&r);
}

/* Cancelled by the operator before it was ready. */
static void
test_cancel(void **state)
{
	struct fx *f = *state;
	struct result r;
	long long t0 = util_now_ms();

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "echo starting\n"
	    "exec sleep 30\n");
	f->cancel_on = "starting";
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Carbon started'\n", &r);
	assert_status(&r, STATUS_CANCELLED);
	assert_contains(r.reason, "stopped by the operator");
	assert_group_gone(f->pgid);
	assert_true(util_now_ms() - t0 < 5000);
	result_clear(&r);
}

/* Something already listens on the port: refused, nothing started. */
static void
test_port_in_use(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *want;

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "touch '%D/ran'\n"
	    "echo 'Carbon started'\n"
	    "exec sleep 30\n");
	f->listener = listen_on(&f->port);
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Carbon started'\nport: '${PORT}'\n", &r);
	assert_status(&r, STATUS_ERROR);
	want = xprintf("a server already listens on 127.0.0.1 port %d: stop "
	    "it first", f->port);
	assert_contains(r.reason, want);
	free(want);
	assert_int_equal(f->pgid, 0);
	assert_false(fx_exists(f, "ran"));
	result_clear(&r);
}

/* Ready only once the port answers too. */
static void
test_port_wait(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *want;

	fx_script(f, "server.sh", "#!/bin/sh\n"
	    "echo 'WSO2 Carbon started'\n"
	    "sleep 0.8\n"
	    "touch '%D/open-port'\n"
	    "exec sleep 30\n");
	f->listen_when = "open-port";
	fx_run(f, "server_run", "command: ['${DIR}/server.sh']\n"
	    "ready: 'Carbon started'\nport: '${PORT}'\nstop: true\n", &r);
	assert_status(&r, STATUS_DONE);
	want = xprintf("127.0.0.1 port %d answered; ready", f->port);
	assert_contains(r.evidence, want);
	free(want);
	assert_true(r.duration_ms >= 800);
	assert_true(f->listener != -1);
	assert_group_gone(f->pgid);
	result_clear(&r);
}

static void
test_server_run_describe(void **state)
{
	struct fx *f = *state;
	char *s, *cause = NULL;

	s = fx_describe(f, "server_run", "command: ['${DIR}/bin/wso2server.sh', "
	    "-DobMigrationSpec=UK]\ncwd: '${DIR}'\nready: 'WSO2 Carbon started"
	    "'\nfail: 'Migration.*failed'\nlog: '${DIR}/wso2carbon.log'\n"
	    "port: 9446\ntimeout: 2h\nstop: true\n", &cause);
	assert_non_null(s);
	assert_contains(s, "Command: ");
	assert_contains(s, "/bin/wso2server.sh -DobMigrationSpec=UK\n");
	assert_contains(s, "Folder: ");
	assert_contains(s, "Ready when a line of its output matches: WSO2 "
	    "Carbon started\n");
	assert_contains(s, "/wso2carbon.log after the start");
	assert_contains(s, "127.0.0.1 port 9446");
	assert_contains(s, "when a line matches: Migration.*failed");
	assert_contains(s, "Waits at most 2 h");
	assert_contains(s, "Once ready, it is stopped");
	free(s);

	s = fx_describe(f, "server_run", "command: [x]\nready: y\n", &cause);
	assert_contains(s, "Waits at most 30 min");
	assert_contains(s, "left running");
	free(s);

	assert_null(fx_describe(f, "server_run", "command: ['${NOPE}/x']\n"
	    "ready: y\n", &cause));
	assert_contains(cause, "NOPE");
	free(cause);
}

static void
test_validate(void **state)
{
	const struct kind *k = kind_find("server_run");
	struct diags d = DIAGS_INIT;
	struct ynode *with;

	with = test_yaml("command: [x]\nready: 'a(b'\nfail: '('\nport: '99999'\n");
	assert_int_equal(k->validate(with, "t.yaml", &d), 3);
	ynode_free(with);
	diags_free(&d);
	memset(&d, 0, sizeof d);

	with = test_yaml("command: [x]\nready: 'started in [0-9]+'\n"
	    "port: '${IS_PORT}'\n");
	assert_int_equal(k->validate(with, "t.yaml", &d), 0);
	ynode_free(with);
	diags_free(&d);

	k = kind_find("server_stop");
	memset(&d, 0, sizeof d);
	with = test_yaml("port: '0'\n");
	assert_int_equal(k->validate(with, "t.yaml", &d), 1);
	ynode_free(with);
	diags_free(&d);
}

/*
 * server_stop
 */

static void
test_stop_nothing(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_script(f, "stop.sh", "#!/bin/sh\ntouch '%D/ran'\n");
	fx_run(f, "server_stop", "command: ['${DIR}/stop.sh']\n"
	    "port: '${PORT}'\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "nothing to stop");
	assert_false(fx_exists(f, "ran"));
	result_clear(&r);
}

/* The stop command asks, the port closes a little later. */
static void
test_stop_closes(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *want;

	fx_script(f, "stop.sh", "#!/bin/sh\n"
	    "echo 'stopping the server'\n"
	    "(sleep 0.5; touch '%D/stopped') >/dev/null 2>&1 &\n");
	f->listener = listen_on(&f->port);
	f->close_when = "stopped";
	fx_run(f, "server_stop", "command: ['${DIR}/stop.sh', stop]\n"
	    "port: '${PORT}'\ntimeout: 10s\n", &r);
	assert_status(&r, STATUS_DONE);
	want = xprintf("127.0.0.1 port %d no longer answers", f->port);
	assert_contains(r.evidence, want);
	free(want);
	assert_contains(r.evidence, "stop.sh stop: exited with status 0");
	assert_int_equal(f->listener, -1);
	assert_true(r.duration_ms >= 500);
	result_clear(&r);
}

static void
test_stop_timeout(void **state)
{
	struct fx *f = *state;
	struct result r;
	long long t0 = util_now_ms();
	char *want;

	f->listener = listen_on(&f->port);
	fx_run(f, "server_stop", "port: '${PORT}'\ntimeout: 1s\n", &r);
	assert_status(&r, STATUS_FAILED);
	want = xprintf("127.0.0.1 port %d still answers after 1 s", f->port);
	assert_contains(r.reason, want);
	free(want);
	assert_true(util_now_ms() - t0 >= 1000);
	assert_true(util_now_ms() - t0 < 5000);
	result_clear(&r);

	/* A stop command that fails: no waiting for what will not come. */
	fx_script(f, "stop.sh", "#!/bin/sh\necho 'no pid file' >&2\nexit 1\n");
	t0 = util_now_ms();
	fx_run(f, "server_stop", "command: ['${DIR}/stop.sh']\n"
	    "port: '${PORT}'\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "the stop command did not succeed (exited "
	    "with status 1)");
	assert_true(util_now_ms() - t0 < 5000);
	result_clear(&r);
}

static void
test_stop_describe(void **state)
{
	struct fx *f = *state;
	char *s, *cause = NULL;

	s = fx_describe(f, "server_stop", "command: [wso2server.sh, stop]\n"
	    "cwd: /opt/is\nport: 9446\ntimeout: 2m\n", &cause);
	assert_non_null(s);
	assert_contains(s, "Command: wso2server.sh stop\n");
	assert_contains(s, "Folder: /opt/is\n");
	assert_contains(s, "at most 2 min until 127.0.0.1 port 9446 no longer "
	    "answers");
	free(s);
	s = fx_describe(f, "server_stop", "port: 9446\n", &cause);
	assert_contains(s, "No command is run");
	assert_contains(s, "at most 5 min");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ready_output_left_running,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ready_log_stopped,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ready_log_rotated,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stop_needs_kill,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stop_waits_for_group,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_exits_before_ready,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_fail_pattern,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_timeout,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cancel,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_port_in_use,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_port_wait,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_server_run_describe,
		    fx_setup, fx_teardown),
		cmocka_unit_test(test_validate),
		cmocka_unit_test_setup_teardown(test_stop_nothing,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stop_closes,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stop_timeout,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stop_describe,
		    fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
