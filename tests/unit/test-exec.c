/* test-exec.c: running commands: how they end, their output line by line,
 * the log, timeouts, cancelling, and memory with a lot of output. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>

#include "testutil.h"

#include "buf.h"
#include "exec.h"
#include "util.h"
#include "xmalloc.h"

/* What the callback saw: each stream's lines joined by '\n'. */
struct seen {
	struct buf	 text[2];
	size_t		 calls[2];
	size_t		 longest;
	int		 keep;		/* 0: only count (for big output) */
	size_t		 bad;		/* lines not of the length wanted */
	size_t		 want_len;
};

static void
seen_line(void *arg, int stream, const char *line, size_t len)
{
	struct seen *s = arg;

	assert_true(stream == 1 || stream == 2);
	assert_true(len <= EXEC_MAX_LINE);
	assert_null(memchr(line, '\n', len));
	s->calls[stream - 1]++;
	if (len > s->longest)
		s->longest = len;
	if (s->want_len != 0 && len != s->want_len)
		s->bad++;
	if (s->keep) {
		buf_add(&s->text[stream - 1], line, len);
		buf_addc(&s->text[stream - 1], '\n');
	}
}

static void
seen_init(struct seen *s)
{
	memset(s, 0, sizeof *s);
	s->keep = 1;
}

static void
seen_free(struct seen *s)
{
	buf_free(&s->text[0]);
	buf_free(&s->text[1]);
}

/* Run a command through exec_run; it must start. */
static void
run(char *const *argv, struct exec_spec *spec, struct seen *s,
    struct exec_result *r)
{
	struct exec_spec plain;
	char *cause = NULL;

	if (spec == NULL) {
		memset(&plain, 0, sizeof plain);
		spec = &plain;
	}
	spec->argv = argv;
	if (exec_run(spec, seen_line, s, NULL, r, &cause) != 0)
		fail_msg("exec_run: %s", cause);
	assert_null(cause);
}

static void
run_sh(const char *script, struct exec_spec *spec, struct seen *s,
    struct exec_result *r)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };

	run(argv, spec, s, r);
}

static char *
result_text(const struct exec_result *r)
{
	return exec_result_text(r);
}

static char *
read_log(const char *path)
{
	char *cause = NULL, *text;

	text = util_read_file(path, NULL, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	return text;
}

/* How many descriptors the process has open, or -1 if it cannot tell. */
static int
count_fds(void)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.')
			n++;
	}
	closedir(d);
	return n;
}

static void
test_exit_codes(void **state)
{
	struct exec_result r;
	struct seen s;
	char *text;
	int fds;

	(void)state;
	fds = count_fds();
	seen_init(&s);
	run_sh("exit 0", NULL, &s, &r);
	assert_int_equal(r.exited, 1);
	assert_int_equal(r.exit_code, 0);
	assert_int_equal(r.signal, 0);
	assert_int_equal(r.spawn_errno, 0);
	text = result_text(&r);
	assert_string_equal(text, "exited with status 0");
	free(text);

	run_sh("exit 3", NULL, &s, &r);
	assert_int_equal(r.exited, 1);
	assert_int_equal(r.exit_code, 3);
	assert_int_equal(r.timed_out, 0);
	assert_int_equal(r.cancelled, 0);
	text = result_text(&r);
	assert_string_equal(text, "exited with status 3");
	free(text);
	assert_int_equal(s.calls[0] + s.calls[1], 0);
	assert_int_equal(r.bytes, 0);
	/* Nothing left open behind. */
	assert_int_equal(count_fds(), fds);
	seen_free(&s);
}

static void
test_signal(void **state)
{
	struct exec_result r;
	struct seen s;
	char *text;

	(void)state;
	seen_init(&s);
	run_sh("kill -9 $$", NULL, &s, &r);
	assert_int_equal(r.exited, 0);
	assert_int_equal(r.signal, 9);
	text = result_text(&r);
	assert_string_equal(text, "killed by signal 9 (Killed)");
	free(text);
	seen_free(&s);
}

/* A signal the program ignores is not ignored by the command. */
static void
test_signal_defaults(void **state)
{
	struct exec_result r;
	struct sigaction sa, old;
	struct seen s;

	(void)state;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGPIPE, &sa, &old), 0);
	seen_init(&s);
	run_sh("kill -PIPE $$; echo alive", NULL, &s, &r);
	assert_int_equal(sigaction(SIGPIPE, &old, NULL), 0);
	assert_int_equal(r.signal, SIGPIPE);
	assert_int_equal(s.calls[0], 0);
	seen_free(&s);
}

static char *const clean_path[] = { "PATH=/usr/bin:/bin", NULL };

static void
test_missing_program(void **state)
{
	char *argv[] = { "wizard-no-such-program", "x", NULL };
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	char *dir, *log, *text, *p;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "run.log");
	memset(&spec, 0, sizeof spec);
	spec.log_path = log;
	/* A PATH of folders anyone can search: another user's folders in
	 * the caller's PATH would give EACCES, not ENOENT. */
	spec.env = clean_path;
	seen_init(&s);
	run(argv, &spec, &s, &r);
	assert_int_equal(r.spawn_errno, ENOENT);
	assert_int_equal(r.exited, 1);
	assert_int_equal(r.exit_code, 127);
	text = result_text(&r);
	assert_string_equal(text, "could not be run: No such file or directory");
	free(text);
	text = read_log(log);
	assert_non_null(strstr(text, "\n--- cannot run wizard-no-such-program: "
	    "No such file or directory\n"));
	assert_non_null(strstr(text, "\n--- ended: could not be run: No such "
	    "file or directory, after "));
	free(text);

	/* A folder that is not there is said so in the log. */
	p = util_path_join(dir, "missing");
	spec.cwd = p;
	run_sh("echo never", &spec, &s, &r);
	assert_int_equal(r.spawn_errno, ENOENT);
	assert_int_equal(r.exit_code, 127);
	assert_int_equal(s.calls[0], 0);
	text = read_log(log);
	assert_non_null(strstr(text, "--- cannot enter folder "));
	assert_non_null(strstr(text, "/missing: No such file or directory\n"));
	free(text);
	free(p);

	/* Not executable: EACCES. */
	p = util_path_join(dir, "script");
	test_write(p, "#!/bin/sh\necho hi\n");
	assert_int_equal(chmod(p, 0644), 0);
	argv[0] = p;
	spec.cwd = NULL;
	run(argv, &spec, &s, &r);
	assert_int_equal(r.spawn_errno, EACCES);
	free(p);

	seen_free(&s);
	free(log);
	test_rmtree(dir);
	free(dir);
}

static void
test_cannot_open_log(void **state)
{
	char *argv[] = { "true", NULL };
	struct exec_spec spec;
	struct exec_result r;
	char *dir, *log, *cause = NULL, *want;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "no/run.log");
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.log_path = log;
	assert_int_equal(exec_run(&spec, NULL, NULL, NULL, &r, &cause), -1);
	want = xprintf("cannot open log %s: No such file or directory", log);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	free(log);
	test_rmtree(dir);
	free(dir);
}

/* How many times slower than natively the tests run: TEST_TIME_FACTOR
 * (tests/sanitize.sh sets it under valgrind), 1 when unset. The shell a
 * test starts may take longer than a short timeout to set its trap. */
static int
time_factor(void)
{
	const char *v = getenv("TEST_TIME_FACTOR");
	int f = v != NULL ? atoi(v) : 1;

	return f >= 1 ? f : 1;
}

static void
test_timeout_kill(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	long long t0, elapsed;
	char *text;
	int f = time_factor();

	(void)state;
	memset(&spec, 0, sizeof spec);
	spec.timeout_ms = 200 * f;
	spec.kill_grace_ms = 300 * f;
	seen_init(&s);
	t0 = util_now_ms();
	run_sh("trap '' TERM; echo ready; sleep 30", &spec, &s, &r);
	elapsed = util_now_ms() - t0;
	assert_int_equal(r.timed_out, 1);
	assert_int_equal(r.cancelled, 0);
	assert_int_equal(r.exited, 0);
	assert_int_equal(r.signal, SIGKILL);
	assert_true(elapsed >= 500 * f);
	assert_true(elapsed < 2000 * f);
	assert_true(r.duration_ms >= 500 * f);
	assert_string_equal(buf_str(&s.text[0]), "ready\n");
	text = result_text(&r);
	if (f == 1)
		assert_string_equal(text, "stopped after the timeout of 200 ms");
	else
		assert_non_null(strstr(text, "stopped after the timeout of "));
	free(text);
	seen_free(&s);
}

/* Whether a process is gone (a zombie nobody reaps counts as gone). */
static int
process_gone(pid_t pid)
{
	char path[64], *stat, *cause = NULL, *p;
	int gone;

	if (kill(pid, 0) == -1 && errno == ESRCH)
		return 1;
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((stat = util_read_file(path, NULL, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	p = strrchr(stat, ')');
	gone = p != NULL && p[1] == ' ' && p[2] == 'Z';
	free(stat);
	return gone;
}

/* On timeout the whole group is stopped, also a child that ignores TERM
 * and keeps the output open after the command itself died. */
static void
test_timeout_group(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	long long t0, elapsed;
	char *dir, *pidfile, *script, *text, *cause = NULL;
	pid_t pid;
	int i, f = time_factor();

	(void)state;
	dir = test_tmpdir();
	pidfile = util_path_join(dir, "pid");
	script = xprintf("sh -c 'trap \"\" TERM; echo $$ > %s; exec sleep 30' &"
	    " while ! test -s %s; do sleep 0.01; done; echo started; wait",
	    pidfile, pidfile);
	memset(&spec, 0, sizeof spec);
	spec.timeout_ms = 300 * f;
	spec.kill_grace_ms = 500 * f;
	seen_init(&s);
	t0 = util_now_ms();
	run_sh(script, &spec, &s, &r);
	elapsed = util_now_ms() - t0;
	assert_int_equal(r.timed_out, 1);
	assert_int_equal(r.signal, SIGTERM);
	assert_string_equal(buf_str(&s.text[0]), "started\n");
	/* KILL after the grace, not the wait for a closed output. */
	assert_true(elapsed >= 750 * f);
	assert_true(elapsed < 1900 * f);

	text = util_read_file(pidfile, NULL, &cause);
	assert_non_null(text);
	pid = (pid_t)atol(text);
	free(text);
	assert_true(pid > 1);
	for (i = 0; i < 100 && !process_gone(pid); i++)
		usleep(10000);
	assert_true(process_gone(pid));

	seen_free(&s);
	free(script);
	free(pidfile);
	test_rmtree(dir);
	free(dir);
}

/* A command that ends while its background child holds the output: the
 * result is its own, and the output is no longer waited for after a while. */
static void
test_background_child(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	long long t0, elapsed;
	char *dir, *log, *text;
	pid_t pid;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "run.log");
	memset(&spec, 0, sizeof spec);
	spec.log_path = log;
	seen_init(&s);
	t0 = util_now_ms();
	run_sh("sleep 30 & echo $!; exit 4", &spec, &s, &r);
	elapsed = util_now_ms() - t0;
	pid = (pid_t)atol(buf_str(&s.text[0]));
	assert_true(pid > 1);
	kill(pid, SIGKILL);
	assert_int_equal(r.exited, 1);
	assert_int_equal(r.exit_code, 4);
	assert_int_equal(r.timed_out, 0);
	assert_true(elapsed >= 1900);
	assert_true(elapsed < 4000);
	assert_true(r.duration_ms < 1000);
	text = read_log(log);
	assert_non_null(strstr(text, "\n--- background processes of the command "
	    "still held its output open; it was no longer read\n"));
	free(text);
	seen_free(&s);
	free(log);
	test_rmtree(dir);
	free(dir);
}

static void
test_streams_and_log(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	struct stat st;
	char *dir, *log, *text, *p, *head;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "run.log");
	memset(&spec, 0, sizeof spec);
	spec.log_path = log;
	spec.title = "Step 4: greet";
	spec.cwd = dir;
	seen_init(&s);
	run_sh("echo out1; echo err1 >&2; echo out2; echo err2 >&2; "
	    "echo out3; echo err3 >&2", &spec, &s, &r);
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(buf_str(&s.text[0]), "out1\nout2\nout3\n");
	assert_string_equal(buf_str(&s.text[1]), "err1\nerr2\nerr3\n");
	assert_int_equal(r.lines, 6);
	assert_int_equal(r.bytes, 30);

	assert_int_equal(stat(log, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = read_log(log);
	head = xprintf("--- Step 4: greet\n"
	    "--- command: sh -c 'echo out1; echo err1 >&2; echo out2; "
	    "echo err2 >&2; echo out3; echo err3 >&2'\n"
	    "--- folder: %s\n"
	    "--- started: ", dir);
	assert_memory_equal(text, head, strlen(head));
	free(head);
	p = strstr(text, "out1\n");
	assert_non_null(p);
	assert_true(p < strstr(text, "out2\n"));
	assert_true(strstr(text, "out2\n") < strstr(text, "out3\n"));
	p = strstr(text, "\nstderr: err1\n");
	assert_non_null(p);
	assert_true(p < strstr(text, "\nstderr: err2\n"));
	assert_true(strstr(text, "\nstderr: err2\n") <
	    strstr(text, "\nstderr: err3\n"));
	p = strstr(text, "\n--- ended: exited with status 0, after ");
	assert_non_null(p);
	assert_string_equal(p + strlen(p) - 4, " ms\n");
	free(text);

	/* A second run is appended. */
	run_sh("echo again", &spec, &s, &r);
	text = read_log(log);
	p = strstr(text, "\nagain\n");
	assert_non_null(p);
	assert_non_null(strstr(text, "out3\n"));
	assert_true(strstr(text, "out3\n") < p);
	free(text);

	seen_free(&s);
	free(log);
	test_rmtree(dir);
	free(dir);
}

static void
test_no_final_newline(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	char *dir, *log, *text, *p;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "run.log");
	memset(&spec, 0, sizeof spec);
	spec.log_path = log;
	seen_init(&s);
	run_sh("printf 'a\\n\\nlast'; printf 'e1\\ne2' >&2", &spec, &s, &r);
	assert_string_equal(buf_str(&s.text[0]), "a\n\nlast\n");
	assert_string_equal(buf_str(&s.text[1]), "e1\ne2\n");
	assert_int_equal(r.lines, 5);
	assert_int_equal(r.bytes, 12);
	text = read_log(log);
	/* The streams interleave in the log, each in its own order. */
	assert_non_null(strstr(text, "\na\n\n"));
	assert_non_null(strstr(text, "\nlast\n"));
	assert_true(strstr(text, "\na\n\n") < strstr(text, "\nlast\n"));
	assert_non_null(strstr(text, "\nstderr: e1\n"));
	p = strstr(text, "\n--- ended: ");
	assert_non_null(p);
	assert_true(strstr(text, "\nlast\n") < p);
	assert_true(strstr(text, "\nstderr: e2\n") < p);
	free(text);
	seen_free(&s);
	free(log);
	test_rmtree(dir);
	free(dir);
}

static void
test_long_line(void **state)
{
	struct exec_result r;
	struct seen s;
	const char *t;
	size_t i;

	(void)state;
	seen_init(&s);
	/* 65536 (one piece), 131082 (65536 + 65536 + 10), then "z". */
	run_sh("head -c 65536 /dev/zero | tr '\\0' a; echo;"
	    "head -c 131082 /dev/zero | tr '\\0' b; echo; echo z", NULL, &s,
	    &r);
	assert_int_equal(r.exit_code, 0);
	assert_int_equal(r.bytes, 65536 + 1 + 131082 + 1 + 2);
	assert_int_equal(r.lines, 3);
	assert_int_equal(s.calls[0], 5);
	assert_int_equal(s.longest, EXEC_MAX_LINE);
	t = buf_str(&s.text[0]);
	assert_int_equal(s.text[0].len, 65536 + 1 + 65536 + 1 + 65536 + 1 +
	    10 + 1 + 2);
	for (i = 0; i < 65536; i++)
		assert_true(t[i] == 'a');
	t += 65537;
	assert_true(t[65535] == 'b' && t[65536] == '\n');
	t += 65537;
	assert_true(t[65535] == 'b' && t[65536] == '\n');
	t += 65537;
	assert_string_equal(t, "bbbbbbbbbb\nz\n");

	/* A long final piece without newline, on stderr. */
	run_sh("head -c 70000 /dev/zero | tr '\\0' c >&2", NULL, &s, &r);
	assert_int_equal(r.lines, 1);
	assert_int_equal(s.calls[1], 2);
	seen_free(&s);
}

static long
maxrss_kb(void)
{
	struct rusage ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

static void
test_big_output(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	struct stat st;
	char *dir, *log;
	long before, after;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "run.log");
	memset(&spec, 0, sizeof spec);
	spec.log_path = log;
	memset(&s, 0, sizeof s);
	s.want_len = 100;
	before = maxrss_kb();
	/* fold ends the last line without a newline. */
	run_sh("head -c 104857600 /dev/zero | tr '\\0' x | fold -w 100", &spec,
	    &s, &r);
	after = maxrss_kb();
	assert_int_equal(r.exit_code, 0);
	assert_int_equal(r.bytes, 104857600ULL + 1048575ULL);
	assert_int_equal(r.lines, 1048576);
	assert_int_equal(s.calls[0], 1048576);
	assert_int_equal(s.calls[1], 0);
	assert_int_equal(s.bad, 0);
	assert_true(after - before < 16 * 1024);
	assert_int_equal(stat(log, &st), 0);
	assert_true((unsigned long long)st.st_size > r.bytes);
	assert_true((unsigned long long)st.st_size < r.bytes + 1024);
	free(log);
	test_rmtree(dir);
	free(dir);
}

/* Run a script with nobody handed its lines (the output only in the log):
 * exec splits nothing, and writes windows of output as they are. */
static void
run_quiet(const char *script, struct exec_spec *spec, struct exec_result *r)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL }, *cause = NULL;

	spec->argv = argv;
	if (exec_run(spec, NULL, NULL, NULL, r, &cause) != 0)
		fail_msg("exec_run: %s", cause);
	assert_null(cause);
}

/* The command's output in a log: what lies between the head (the line
 * "--- started: ...") and the line "--- ended: ..."; the caller frees it. */
static char *
log_output(const char *path, size_t *len)
{
	char *cause = NULL, *text, *start, *end, *out;
	size_t n;

	text = util_read_file(path, &n, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	start = strstr(text, "\n--- started: ");
	assert_non_null(start);
	start = strchr(start + 1, '\n');
	assert_non_null(start);
	start++;
	/* The last line, "--- ended: ...": the output may hold one too. */
	for (end = text + n - 1; end > start && end[-1] != '\n'; end--)
		/* nothing */;
	assert_true(strncmp(end, "--- ended: ", 11) == 0);
	*len = (size_t)(end - start);
	out = xmalloc(*len + 1);
	memcpy(out, start, *len);
	out[*len] = '\0';
	free(text);
	return out;
}

/* The same output gives the same log, whether its lines are handed on or
 * not: long lines in pieces, an unfinished last line ended, binary bytes
 * as they are, stderr marked, in the order they came. */
static void
test_quiet_same_log(void **state)
{
	static const char *const scripts[] = {
		/* Between the streams, the order is the one they are read
		 * in: what a command writes a while apart (here 0.3 s, for a
		 * loaded machine) keeps its order. An unfinished stderr line
		 * is handed on when stderr is closed. */
		"echo out1; sleep 0.3; echo err1 >&2; sleep 0.3; echo out2;"
		    " sleep 0.3; printf 'err2 no newline' >&2; exec 2>&-;"
		    " sleep 0.3; printf 'out3 no newline'",
		"printf 'part '; sleep 0.3; echo err >&2; sleep 0.3;"
		    " echo rest",
		"printf '\\000\\377\\376 bad utf-8 \\303\\r\\n\\n\\nend\\t'",
		"head -c 65536 /dev/zero | tr '\\0' a; echo;"
		    " head -c 65537 /dev/zero | tr '\\0' b; echo;"
		    " head -c 131072 /dev/zero | tr '\\0' c; echo;"
		    " head -c 200000 /dev/zero | tr '\\0' d",
		"i=0; while [ $i -lt 3000 ]; do"
		    " printf '%0*d\\n' $((i % 300)) $i; i=$((i + 1)); done |"
		    " dd bs=997 status=none",
		"",
	};
	struct exec_spec spec;
	struct exec_result r1, r2;
	struct seen s;
	char *dir, *log1, *log2, *o1, *o2;
	size_t i, n1, n2;

	(void)state;
	dir = test_tmpdir();
	log1 = util_path_join(dir, "lines.log");
	log2 = util_path_join(dir, "quiet.log");
	for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		unlink(log1);
		unlink(log2);
		memset(&spec, 0, sizeof spec);
		spec.log_path = log1;
		seen_init(&s);
		run_sh(scripts[i], &spec, &s, &r1);
		seen_free(&s);
		memset(&spec, 0, sizeof spec);
		spec.log_path = log2;
		run_quiet(scripts[i], &spec, &r2);
		assert_int_equal(r1.exit_code, 0);
		assert_int_equal(r2.exit_code, 0);
		assert_int_equal(r1.bytes, r2.bytes);
		assert_int_equal(r1.lines, r2.lines);
		o1 = log_output(log1, &n1);
		o2 = log_output(log2, &n2);
		if (n1 != n2 || memcmp(o1, o2, n1) != 0)
			fail_msg("script %zu: the logs differ (%zu and %zu "
			    "bytes)", i, n1, n2);
		free(o1);
		free(o2);
	}
	/* And what they hold, for the first two. */
	unlink(log2);
	run_quiet(scripts[0], &spec, &r2);
	o2 = log_output(log2, &n2);
	assert_string_equal(o2, "out1\nstderr: err1\nout2\n"
	    "stderr: err2 no newline\nout3 no newline\n");
	free(o2);
	unlink(log2);
	run_quiet(scripts[1], &spec, &r2);
	o2 = log_output(log2, &n2);
	assert_string_equal(o2, "stderr: err\npart rest\n");
	assert_int_equal(r2.lines, 2);
	free(o2);
	free(log1);
	free(log2);
	test_rmtree(dir);
	free(dir);
}

/* What the log holds for output: each line longer than EXEC_MAX_LINE in
 * pieces of that length, each ended by a newline, and the last line ended
 * by one if the output did not end it. */
static void
expected_log(struct buf *b, const char *data, size_t len)
{
	size_t i, col = 0;

	for (i = 0; i < len; i++) {
		if (col == EXEC_MAX_LINE && data[i] != '\n') {
			buf_addc(b, '\n');
			col = 0;
		}
		buf_addc(b, data[i]);
		col = data[i] == '\n' ? 0 : col + 1;
	}
	if (len > 0 && data[len - 1] != '\n')
		buf_addc(b, '\n');
}

/* 24 MB of lines of any length and any bytes (NUL, invalid UTF-8, CR),
 * long ones among them, no newline at the end: the log holds every byte,
 * in bounded memory, whether lines are handed on or not. */
static void
test_quiet_big_exact(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	struct buf want = BUF_INIT;
	uint32_t x = 12345;
	char *dir, *file, *log, *script, *data, *got;
	size_t len = 24 * 1024 * 1024, i = 0, n, k, got_len, lines;
	long before, after;
	FILE *f;
	int pass;

	(void)state;
	dir = test_tmpdir();
	file = util_path_join(dir, "output");
	log = util_path_join(dir, "run.log");
	data = xmalloc(len);
	while (i < len) {
		x = x * 1103515245u + 12345u;
		n = (x >> 8) % 200;
		if ((x >> 4) % 1000 == 0)
			n = 65530 + (x >> 12) % 70000;	/* a long line */
		for (k = 0; k < n && i < len; k++) {
			x = x * 1103515245u + 12345u;
			data[i] = (char)(x >> 16);
			if (data[i] == '\n')
				data[i] = '\0';
			i++;
		}
		if (i < len - 1)
			data[i++] = '\n';
	}
	data[len - 1] = 'z';
	assert_non_null(f = fopen(file, "w"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	expected_log(&want, data, len);
	for (i = 0, lines = 1; i < len; i++)
		lines += data[i] == '\n';
	free(data);
	script = xprintf("cat '%s'", file);
	for (pass = 0; pass < 2; pass++) {
		unlink(log);
		memset(&spec, 0, sizeof spec);
		spec.log_path = log;
		before = maxrss_kb();
		if (pass == 0)
			run_quiet(script, &spec, &r);
		else {
			memset(&s, 0, sizeof s);
			run_sh(script, &spec, &s, &r);
		}
		after = maxrss_kb();
		assert_int_equal(r.exit_code, 0);
		assert_int_equal(r.bytes, len);
		assert_int_equal(r.lines, lines);
		assert_true(after - before < 16 * 1024);
		got = log_output(log, &got_len);
		if (got_len != want.len || memcmp(got, want.data, got_len) != 0)
			fail_msg("pass %d: the log's output differs (%zu bytes, "
			    "%zu wanted)", pass, got_len, want.len);
		free(got);
	}
	buf_free(&want);
	free(script);
	free(file);
	free(log);
	test_rmtree(dir);
	free(dir);
}

/* With nobody handed the lines: the timeout stops a command in the middle
 * of its output, and the log holds whole lines, then how it ended. */
static void
test_quiet_timeout(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	char *dir, *log, *out, *p, *nl;
	size_t n, lines = 0;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "run.log");
	memset(&spec, 0, sizeof spec);
	spec.log_path = log;
	spec.timeout_ms = 300;
	spec.kill_grace_ms = 300;
	run_quiet("trap '' TERM; while :; do echo 0123456789; done", &spec,
	    &r);
	assert_int_equal(r.timed_out, 1);
	assert_int_equal(r.signal, SIGKILL);
	assert_true(r.lines > 0);
	out = log_output(log, &n);
	for (p = out; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		assert_int_equal(nl - p, 10);
		assert_memory_equal(p, "0123456789", 10);
		lines++;
	}
	assert_string_equal(p, "");
	assert_int_equal(lines, r.lines);
	free(out);
	free(log);
	test_rmtree(dir);
	free(dir);
}

/* With nobody handed the lines: a command that ends while its background
 * child holds the output is not waited for without end. */
static void
test_quiet_background_child(void **state)
{
	struct exec_spec spec;
	struct exec_result r;
	long long t0, elapsed;
	char *dir, *log, *out;
	size_t n;
	pid_t pid;

	(void)state;
	dir = test_tmpdir();
	log = util_path_join(dir, "run.log");
	memset(&spec, 0, sizeof spec);
	spec.log_path = log;
	t0 = util_now_ms();
	run_quiet("sleep 30 & echo $!; printf 'no newline'; exit 4", &spec, &r);
	elapsed = util_now_ms() - t0;
	out = log_output(log, &n);
	pid = (pid_t)atol(out);
	assert_true(pid > 1);
	kill(pid, SIGKILL);
	assert_string_equal(strchr(out, '\n'), "\nno newline\n--- background "
	    "processes of the command still held its output open; it was no "
	    "longer read\n");
	assert_int_equal(r.exit_code, 4);
	assert_true(elapsed >= 1900);
	assert_true(elapsed < 4000);
	free(out);
	free(log);
	test_rmtree(dir);
	free(dir);
}

/* util_fd_is_null: /dev/null only, not another device, a file or a pipe. */
static void
test_fd_is_null(void **state)
{
	char *dir, *file;
	int fd, p[2];

	(void)state;
	assert_true((fd = open("/dev/null", O_WRONLY)) != -1);
	assert_int_equal(util_fd_is_null(fd), 1);
	close(fd);
	assert_int_equal(util_fd_is_null(fd), 0);	/* closed */
	assert_true((fd = open("/dev/zero", O_RDONLY)) != -1);
	assert_int_equal(util_fd_is_null(fd), 0);
	close(fd);
	dir = test_tmpdir();
	file = util_path_join(dir, "f");
	assert_true((fd = open(file, O_WRONLY | O_CREAT, 0600)) != -1);
	assert_int_equal(util_fd_is_null(fd), 0);
	close(fd);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(util_fd_is_null(p[1]), 0);
	close(p[0]);
	close(p[1]);
	free(file);
	test_rmtree(dir);
	free(dir);
}

static void
test_env_and_cwd(void **state)
{
	char *env[] = { "WIZARD_TEST_VAR=hello world", "HOME=/nowhere",
	    "WIZARD_TEST_VAR=second wins", NULL };
	char *argv[] = { "wizard-hello", NULL };
	struct exec_spec spec;
	struct exec_result r;
	struct seen s;
	char *dir, *real, *want, *script, *path;

	(void)state;
	dir = test_tmpdir();
	real = realpath(dir, NULL);
	assert_non_null(real);
	memset(&spec, 0, sizeof spec);
	spec.env = env;
	spec.cwd = dir;
	seen_init(&s);
	run_sh("echo \"$WIZARD_TEST_VAR\"; echo \"$HOME\"; pwd -P; "
	    "env | grep -c '^HOME='", &spec, &s, &r);
	want = xprintf("second wins\n/nowhere\n%s\n1\n", real);
	assert_string_equal(buf_str(&s.text[0]), want);
	free(want);

	/* The program is looked up in the PATH given to it. */
	script = util_path_join(dir, "wizard-hello");
	test_write(script, "#!/bin/sh\necho \"hi from $0\"\n");
	assert_int_equal(chmod(script, 0755), 0);
	path = xprintf("PATH=/nonexistent:%s", dir);
	env[2] = path;
	seen_free(&s);
	seen_init(&s);
	run(argv, &spec, &s, &r);
	assert_int_equal(r.spawn_errno, 0);
	want = xprintf("hi from %s\n", script);
	assert_string_equal(buf_str(&s.text[0]), want);
	free(want);

	/* ... and not in the program's own. */
	env[2] = "PATH=/nonexistent";
	run(argv, &spec, &s, &r);
	assert_int_equal(r.spawn_errno, ENOENT);

	/* stdin is /dev/null. */
	seen_free(&s);
	seen_init(&s);
	run_sh("cat; echo done", NULL, &s, &r);
	assert_string_equal(buf_str(&s.text[0]), "done\n");

	seen_free(&s);
	free(path);
	free(script);
	free(real);
	test_rmtree(dir);
	free(dir);
}

static void
test_cancel(void **state)
{
	char *argv[] = { "sleep", "30", NULL };
	struct exec_spec spec;
	struct exec_result r;
	struct exec *e;
	struct pollfd pfd[2];
	volatile sig_atomic_t cancel = 1;
	long long t0, t;
	char *cause = NULL, *text;

	(void)state;
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	t0 = util_now_ms();
	e = exec_start(&spec, NULL, NULL, &cause);
	assert_non_null(e);
	assert_int_equal(exec_pollfds(e, pfd, 2), 2);
	assert_int_equal(pfd[0].events, POLLIN);

	/* exec_service waits no longer than asked. */
	t = util_now_ms();
	assert_int_equal(exec_service(e, 150), 0);
	t = util_now_ms() - t;
	assert_true(t >= 140 && t < 400);
	t = util_now_ms();
	assert_int_equal(exec_service(e, 0), 0);
	assert_true(util_now_ms() - t < 50);

	exec_cancel(e);
	exec_finish(e, &r);
	assert_int_equal(r.cancelled, 1);
	assert_int_equal(r.timed_out, 0);
	assert_int_equal(r.signal, SIGTERM);
	assert_true(util_now_ms() - t0 < 2000);
	text = result_text(&r);
	assert_string_equal(text, "cancelled");
	free(text);

	/* Through exec_run and the flag. */
	t0 = util_now_ms();
	assert_int_equal(exec_run(&spec, NULL, NULL, &cancel, &r, &cause), 0);
	assert_int_equal(r.cancelled, 1);
	assert_true(util_now_ms() - t0 < 2000);
}

static void
test_result_text(void **state)
{
	struct exec_result r;
	char *text;

	(void)state;
	memset(&r, 0, sizeof r);
	r.timed_out = 1;
	r.signal = 15;
	r.timeout_ms = 5000;
	text = exec_result_text(&r);
	assert_string_equal(text, "stopped after the timeout of 5 s");
	free(text);
	r.timeout_ms = 90500;
	text = exec_result_text(&r);
	assert_string_equal(text, "stopped after the timeout of 1 min 30 s");
	free(text);
	r.timeout_ms = 1500;
	text = exec_result_text(&r);
	assert_string_equal(text, "stopped after the timeout of 1.5 s");
	free(text);
	memset(&r, 0, sizeof r);
	text = exec_result_text(&r);
	assert_string_equal(text, "ended with an unknown status");
	free(text);
}

/* The command leads a session of its own: no controlling terminal it could
 * write over the screen through, and its own process group. */
static void
test_own_session(void **state)
{
	struct exec_result r;
	struct seen s;

	(void)state;
	seen_init(&s);
	run_sh("read -r pid comm st ppid pgrp sid rest < /proc/$$/stat; "
	    "[ \"$sid\" = \"$$\" ] && [ \"$pgrp\" = \"$$\" ] && echo leader; "
	    "(: < /dev/tty) 2>/dev/null && echo tty || echo no-tty",
	    NULL, &s, &r);
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(buf_str(&s.text[0]), "leader\nno-tty\n");
	seen_free(&s);
}

/* A cancel that comes after the command ended does not make it
 * "cancelled": it finished. */
static void
test_cancel_after_end(void **state)
{
	char *argv[] = { "sh", "-c", "echo done", NULL };
	struct exec_spec spec;
	struct exec_result r;
	struct exec *e;
	struct seen s;
	char *cause = NULL;

	(void)state;
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	seen_init(&s);
	e = exec_start(&spec, seen_line, &s, &cause);
	assert_non_null(e);
	usleep(300 * 1000);	/* it ends meanwhile; nobody services it */
	exec_cancel(e);
	exec_finish(e, &r);
	assert_int_equal(r.cancelled, 0);
	assert_int_equal(r.exited, 1);
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(buf_str(&s.text[0]), "done\n");
	seen_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_signal_defaults),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_cannot_open_log),
		cmocka_unit_test(test_timeout_kill),
		cmocka_unit_test(test_timeout_group),
		cmocka_unit_test(test_background_child),
		cmocka_unit_test(test_streams_and_log),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_big_output),
		cmocka_unit_test(test_quiet_same_log),
		cmocka_unit_test(test_quiet_big_exact),
		cmocka_unit_test(test_quiet_timeout),
		cmocka_unit_test(test_quiet_background_child),
		cmocka_unit_test(test_fd_is_null),
		cmocka_unit_test(test_env_and_cwd),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_own_session),
		cmocka_unit_test(test_cancel_after_end),
		cmocka_unit_test(test_result_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
