/* test-journal.c: the journal's line format, durability, torn-line recovery
 * and damaged lines. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* A seccomp filter makes ftruncate(2) fail for real in a child process. */
#if defined(__linux__) && defined(__has_include)
#if __has_include(<linux/seccomp.h>) && __has_include(<linux/filter.h>)
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#define HAVE_TEST_SECCOMP 1
#endif
#endif

#include "testutil.h"

#include "journal.h"
#include "util.h"

#define NASTY	"tab\there\nnew line\r100% sure %41 caf\xc3\xa9 \xe2\x9c\x93 a=b"

/* CRC-32 bit by bit, independent of the one under test. */
static uint32_t
crc32_ref(const char *s, size_t len)
{
	uint32_t crc = 0xffffffff;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= (unsigned char)s[i];
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

/* A journal line as documented, from a body (fields joined by tabs). */
static char *
make_line(const char *body)
{
	size_t len = strlen(body);
	char *line = malloc(len + 16);

	assert_non_null(line);
	sprintf(line, "%s\t#%08lx\n", body,
	    (unsigned long)crc32_ref(body, len));
	return line;
}

static void
append_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "a");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static char *
read_all(const char *path, size_t *len)
{
	char *cause = NULL, *text = util_read_file(path, len, &cause);

	assert_null(cause);
	assert_non_null(text);
	return text;
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* A journal with n events "e1".."eN", each with a field i=N. */
static char *
make_journal(const char *dir, int n)
{
	char *path = util_path_join(dir, "journal"), *cause = NULL;
	struct journal *j;
	char num[16];
	int i;

	j = journal_open(path, NULL, &cause);
	assert_non_null(j);
	for (i = 1; i <= n; i++) {
		struct jfield f[] = { { "i", num } };
		char name[16];

		snprintf(num, sizeof num, "%d", i);
		snprintf(name, sizeof name, "e%d", i);
		assert_int_equal(journal_append(j, name, f, 1, &cause), 0);
	}
	assert_int_equal(journal_last_seq(j), (unsigned long)n);
	journal_close(j);
	return path;
}

static void
test_append_read(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *torn = NULL, *text;
	struct jfield f[] = {
		{ "value", NASTY },
		{ "skipped", NULL },
		{ "odd=key", "" },
		{ "name", "X" }
	};
	struct jfield g[] = { { "step", "s-1" } };
	struct journal *j;
	struct jevent *ev;
	struct stat st;
	size_t n, len;
	char *nl, *hash;

	path = util_path_join(dir, "journal");
	j = journal_open(path, &torn, &cause);
	assert_non_null(j);
	assert_null(torn);
	assert_int_equal(journal_last_seq(j), 0);
	assert_null(journal_last_time(j));
	assert_int_equal(journal_append(j, "var", f, 4, &cause), 0);
	assert_int_equal(journal_append(j, "step-start", g, 1, &cause), 0);
	assert_int_equal(journal_last_seq(j), 2);
	assert_non_null(journal_last_time(j));
	journal_close(j);

	/* Durable and private. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* Two lines, each one line, with the documented checksum. */
	text = read_all(path, &len);
	nl = strchr(text, '\n');
	assert_non_null(nl);
	assert_ptr_equal(strchr(nl + 1, '\n'), text + len - 1);
	*nl = '\0';
	hash = strrchr(text, '\t');
	assert_non_null(hash);
	assert_int_equal(hash[1], '#');
	assert_int_equal(strtoul(hash + 2, NULL, 16),
	    crc32_ref(text, (size_t)(hash - text)));
	assert_non_null(strstr(text, "\tvalue=tab%09here%0Anew line%0D100%25 "
	    "sure %2541 caf\xc3\xa9 \xe2\x9c\x93 a=b\t"));
	assert_non_null(strstr(text, "\todd%3Dkey=\t"));
	assert_null(strstr(text, "skipped"));
	assert_int_equal(strncmp(text, "1\t", 2), 0);
	free(text);

	assert_int_equal(journal_read(path, &ev, &n, &torn, &cause), 0);
	assert_null(torn);
	assert_int_equal(n, 2);
	assert_int_equal(ev[0].seq, 1);
	assert_int_equal(ev[0].line, 1);
	assert_string_equal(ev[0].event, "var");
	assert_string_equal(ev[0].by, util_user());
	assert_int_equal(strlen(ev[0].time), 20);
	assert_int_equal(ev[0].time[19], 'Z');
	assert_int_equal(ev[0].n, 3);
	assert_string_equal(jevent_get(&ev[0], "value"), NASTY);
	assert_string_equal(jevent_get(&ev[0], "odd=key"), "");
	assert_string_equal(jevent_get(&ev[0], "name"), "X");
	assert_null(jevent_get(&ev[0], "skipped"));
	assert_int_equal(ev[1].seq, 2);
	assert_int_equal(ev[1].line, 2);
	assert_string_equal(ev[1].event, "step-start");
	assert_string_equal(jevent_get(&ev[1], "step"), "s-1");
	journal_events_free(ev, n);

	/* Reopened, the numbers go on. */
	j = journal_open(path, &torn, &cause);
	assert_non_null(j);
	assert_null(torn);
	assert_int_equal(journal_last_seq(j), 2);
	assert_int_equal(journal_append(j, "resume", NULL, 0, &cause), 0);
	journal_close(j);
	assert_int_equal(journal_read(path, &ev, &n, NULL, &cause), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ev[2].seq, 3);
	assert_int_equal(ev[2].n, 0);
	journal_events_free(ev, n);

	free(path);
	test_rmtree(dir);
	free(dir);
}

/* Lines written by hand in the documented format are read back. */
static void
test_hand_written(void **state)
{
	char *dir = test_tmpdir(), *path, *l1, *l2, *cause = NULL;
	struct jevent *ev;
	size_t n;

	path = util_path_join(dir, "journal");
	l1 = make_line("1\t2026-01-02T03:04:05Z\tjo%09e\tanswer\t"
	    "question=q%3D1\tvalue=a%09b%25c%0a");
	l2 = make_line("7\t2026-01-02T03:04:06Z\tjoe\tresume");
	test_write(path, l1);
	append_file(path, l2);
	assert_int_equal(journal_read(path, &ev, &n, NULL, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].by, "jo\te");
	assert_string_equal(ev[0].time, "2026-01-02T03:04:05Z");
	assert_null(jevent_get(&ev[0], "question=q"));
	assert_string_equal(ev[0].keys[0], "question");
	assert_string_equal(ev[0].values[0], "q=1");
	assert_string_equal(jevent_get(&ev[0], "value"), "a\tb%c\n");
	assert_int_equal(ev[1].seq, 7);
	journal_events_free(ev, n);
	free(l1);
	free(l2);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void
test_missing(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL;
	struct jevent *ev;
	size_t n;

	path = util_path_join(dir, "journal");
	errno = 0;
	assert_int_equal(journal_read(path, &ev, &n, NULL, &cause), -1);
	assert_int_equal(errno, ENOENT);
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	free(cause);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A last line cut off by a crash: left out by a read, set aside by open. */
static void
test_torn_last_line(void **state)
{
	char *dir = test_tmpdir(), *path, *tpath, *cause = NULL, *torn = NULL;
	char *text, *want;
	const char *partial = "3\t2026-01-02T03:04:05Z\tjoe\tack\tstep=m1\tno";
	struct jfield f[] = { { "step", "m2" } };
	struct journal *j;
	struct jevent *ev;
	struct stat st;
	size_t n, len;
	off_t good;

	path = make_journal(dir, 2);
	tpath = util_path_join(dir, "journal.torn");
	good = file_size(path);
	append_file(path, partial);

	assert_int_equal(journal_read(path, &ev, &n, &torn, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ev[1].event, "e2");
	journal_events_free(ev, n);
	assert_non_null(torn);
	want = NULL;
	assert_int_equal(asprintf(&want, "%s:3: the last line was cut off "
	    "(no newline at its end); it is left out", path) > 0, 1);
	assert_string_equal(torn, want);
	free(want);
	free(torn);
	torn = NULL;
	/* Reading changed nothing. */
	assert_int_equal(file_size(path), good + (off_t)strlen(partial));

	j = journal_open(path, &torn, &cause);
	assert_non_null(j);
	assert_non_null(torn);
	assert_int_equal(asprintf(&want, "%s:3: the last line was cut off "
	    "(no newline at its end); its %zu bytes were moved to %s", path,
	    strlen(partial), tpath) > 0, 1);
	assert_string_equal(torn, want);
	free(want);
	free(torn);
	torn = NULL;
	assert_int_equal(journal_last_seq(j), 2);
	assert_int_equal(file_size(path), good);
	text = read_all(tpath, &len);
	assert_int_equal(len, strlen(partial) + 1);
	assert_memory_equal(text, partial, strlen(partial));
	assert_int_equal(text[len - 1], '\n');
	free(text);
	assert_int_equal(stat(tpath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* New events append cleanly after the last complete line. */
	assert_int_equal(journal_append(j, "ack", f, 1, &cause), 0);
	journal_close(j);
	text = read_all(path, &len);
	assert_int_equal(text[len - 1], '\n');
	free(text);
	assert_int_equal(journal_read(path, &ev, &n, &torn, &cause), 0);
	assert_null(torn);
	assert_int_equal(n, 3);
	assert_int_equal(ev[2].seq, 3);
	assert_int_equal(ev[2].line, 3);
	assert_string_equal(jevent_get(&ev[2], "step"), "m2");
	journal_events_free(ev, n);

	/* A second open finds nothing to recover. */
	j = journal_open(path, &torn, &cause);
	assert_non_null(j);
	assert_null(torn);
	journal_close(j);
	assert_int_equal(file_size(tpath), (off_t)strlen(partial) + 1);

	free(tpath);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A complete last line with a wrong checksum is torn too. */
static void
test_torn_bad_checksum(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *torn = NULL, *text;
	const char *bad = "3\t2026-01-02T03:04:05Z\tjoe\tresume\t#00000000\n";
	struct journal *j;
	struct jevent *ev;
	size_t n, len;
	off_t good;

	path = make_journal(dir, 2);
	good = file_size(path);
	append_file(path, bad);
	assert_int_equal(journal_read(path, &ev, &n, &torn, &cause), 0);
	assert_int_equal(n, 2);
	journal_events_free(ev, n);
	assert_non_null(torn);
	assert_non_null(strstr(torn, ":3: the last line was cut off "
	    "(bad checksum)"));
	free(torn);

	j = journal_open(path, &torn, &cause);
	assert_non_null(j);
	assert_non_null(torn);
	free(torn);
	journal_close(j);
	assert_int_equal(file_size(path), good);
	text = util_path_join(dir, "journal.torn");
	free(read_all(text, &len));
	assert_int_equal(len, strlen(bad));
	free(text);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A damaged line before the last one is an error naming FILE:LINE, and
 * nothing is changed. */
static void
test_damaged_middle(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *text, *want, *p;
	struct jevent *ev;
	size_t n, len;

	path = make_journal(dir, 3);
	text = read_all(path, &len);
	p = strstr(text, "\ti=2\t");
	assert_non_null(p);
	p[3] = '9';
	test_write(path, text);

	assert_int_equal(journal_read(path, &ev, &n, NULL, &cause), -1);
	assert_int_equal(asprintf(&want, "%s:2: damaged journal line "
	    "(bad checksum)", path) > 0, 1);
	assert_string_equal(cause, want);
	free(cause);
	cause = NULL;
	assert_null(journal_open(path, NULL, &cause));
	assert_string_equal(cause, want);
	free(cause);
	free(want);
	free(read_all(path, &n));
	assert_int_equal(n, len);

	free(text);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* Lines with a good checksum but a bad content or order are damaged. */
static void
test_damaged_content(void **state)
{
	static const struct {
		const char	*body2;
		const char	*why;
	} cases[] = {
		{ "2\tT\tjoe\tvar\tvalue=%zz", "a bad percent escape" },
		{ "2\tT\tjoe\tvar\tvalue=%0", "a bad percent escape" },
		{ "2\tT\tjoe\tvar\tnovalue", "a field is not KEY=VALUE" },
		{ "2\tT\tjoe", "too few fields" },
		{ "x2\tT\tjoe\tvar", "bad sequence number" },
		{ "1\tT\tjoe\tvar", "event 1 after event 1" },
	};
	char *dir = test_tmpdir(), *path, *l1, *l2, *l3, *cause, *want;
	struct jevent *ev;
	size_t i, n;

	path = util_path_join(dir, "journal");
	l1 = make_line("1\tT\tjoe\tsession-start");
	l3 = make_line("3\tT\tjoe\tresume");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		l2 = make_line(cases[i].body2);
		test_write(path, l1);
		append_file(path, l2);
		append_file(path, l3);
		cause = NULL;
		assert_int_equal(journal_read(path, &ev, &n, NULL, &cause), -1);
		assert_int_equal(asprintf(&want, "%s:2: damaged journal line "
		    "(%s)", path, cases[i].why) > 0, 1);
		assert_string_equal(cause, want);
		free(want);
		free(cause);
		free(l2);
	}
	free(l1);
	free(l3);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A write that the disk cuts short leaves nothing of the event behind. */
static void
test_partial_write(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *torn = NULL;
	struct jfield f[] = { { "value", "a long enough value to be cut" } };
	struct rlimit old, lim;
	struct journal *j;
	struct jevent *ev;
	void (*oldsig)(int);
	size_t n;
	off_t good;
	int rc;

	path = make_journal(dir, 2);
	good = file_size(path);
	j = journal_open(path, NULL, &cause);
	assert_non_null(j);

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)good + 10;
	oldsig = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = journal_append(j, "var", f, 1, &cause);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, oldsig);

	assert_int_equal(rc, -1);
	assert_non_null(cause);
	/* The rest is written again, and that says why. */
	assert_non_null(strstr(cause, strerror(EFBIG)));
	free(cause);
	cause = NULL;
	assert_int_equal(file_size(path), good);
	assert_int_equal(journal_last_seq(j), 2);

	/* The next event gets the number the failed one would have had. */
	assert_int_equal(journal_append(j, "var", f, 1, &cause), 0);
	journal_close(j);
	assert_int_equal(journal_read(path, &ev, &n, &torn, &cause), 0);
	assert_null(torn);
	assert_int_equal(n, 3);
	assert_int_equal(ev[2].seq, 3);
	journal_events_free(ev, n);

	free(path);
	test_rmtree(dir);
	free(dir);
}

/* From now on ftruncate(2) fails with EIO in this process; -1 if this
 * system cannot say so. */
static int
forbid_ftruncate(void)
{
#ifdef HAVE_TEST_SECCOMP
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
#ifdef __NR_ftruncate64
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ftruncate64, 1, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ftruncate, 1, 0),
#endif
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ftruncate, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EIO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
	};
	struct sock_fprog prog = {
		.len = sizeof filter / sizeof filter[0],
		.filter = filter
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		return -1;
	return 0;
#else
	return -1;
#endif
}

/* The child of test_unrepaired_write: a write cut short whose partial line
 * cannot be cut back, then an append with room enough. What happened goes
 * to the report file, one item a line. Returns the exit status: 0, 77 when
 * ftruncate cannot be made to fail here, 1 when something else failed. */
static int
unrepaired_child(const char *path, const char *report)
{
	struct jfield f[] = { { "value", "a long enough value to be cut" } };
	char *cause1 = NULL, *cause2 = NULL;
	struct rlimit old, lim;
	struct journal *j;
	struct stat st;
	FILE *fp;
	int rc1, rc2, status = 1;

	if ((j = journal_open(path, NULL, &cause1)) == NULL) {
		free(cause1);
		return 1;
	}
	if (stat(path, &st) == -1 || getrlimit(RLIMIT_FSIZE, &old) == -1)
		goto out;
	if (forbid_ftruncate() == -1) {
		status = 77;
		goto out;
	}
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = (rlim_t)st.st_size + 10;
	if (setrlimit(RLIMIT_FSIZE, &lim) == -1)
		goto out;
	rc1 = journal_append(j, "cut", f, 1, &cause1);
	if (setrlimit(RLIMIT_FSIZE, &old) == -1)
		goto out;
	/* There is room again: this one must not be glued to the part. */
	rc2 = journal_append(j, "after", f, 1, &cause2);
	if ((fp = fopen(report, "w")) == NULL)
		goto out;
	fprintf(fp, "%d\n%s\n%d\n%s\n%lu\n", rc1,
	    cause1 != NULL ? cause1 : "(none)", rc2,
	    cause2 != NULL ? cause2 : "(none)", journal_last_seq(j));
	if (fclose(fp) == 0)
		status = 0;
out:
	journal_close(j);
	free(cause1);
	free(cause2);
	return status;
}

/* A write cut short whose partial line cannot be removed breaks the
 * journal for this process: every later append is refused, so the part is
 * still the last line, and it is set aside at the next open. */
static void
test_unrepaired_write(void **state)
{
	char *dir = test_tmpdir(), *path, *report, *text, *cause = NULL;
	char *torn = NULL, *want, *line;
	const char *end;
	struct journal *j;
	struct jevent *ev;
	size_t n, len;
	pid_t pid;
	int status;

	path = make_journal(dir, 2);
	report = util_path_join(dir, "report");
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		status = unrepaired_child(path, report);
		free(report);
		free(path);
		free(dir);
		_exit(status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77) {
		free(report);
		free(path);
		test_rmtree(dir);
		free(dir);
		skip();
	}
	assert_int_equal(WEXITSTATUS(status), 0);

	text = read_all(report, &len);
	want = malloc(strlen(path) + 512);
	assert_non_null(want);
	sprintf(want, "-1\n"
	    "the journal could not be repaired after a failed write: cannot "
	    "write %s: %s", path, strerror(EFBIG));
	assert_memory_equal(text, want, strlen(want));
	line = strchr(text + 3, '\n');
	assert_non_null(line);
	*line++ = '\0';
	end = "; the partial line could not be removed "
	    "(Input/output error); nothing more is recorded; the session is "
	    "safe up to event 2";
	assert_true(strlen(text) > strlen(end));
	assert_string_equal(text + strlen(text) - strlen(end), end);
	/* The next append is refused with the same message. */
	sprintf(want, "-1\n%s\n2\n", text + 3);
	assert_string_equal(line, want);
	free(want);
	free(text);

	/* The part is a torn last line, not damage in the middle. */
	assert_int_equal(journal_read(path, &ev, &n, &torn, &cause), 0);
	assert_non_null(torn);
	assert_int_equal(n, 2);
	journal_events_free(ev, n);
	free(torn);
	torn = NULL;
	j = journal_open(path, &torn, &cause);
	assert_non_null(j);
	assert_non_null(torn);
	assert_int_equal(journal_last_seq(j), 2);
	assert_int_equal(journal_append(j, "after", NULL, 0, &cause), 0);
	journal_close(j);
	free(torn);
	torn = NULL;
	assert_int_equal(journal_read(path, &ev, &n, &torn, &cause), 0);
	assert_null(torn);
	assert_int_equal(n, 3);
	assert_string_equal(ev[2].event, "after");
	journal_events_free(ev, n);

	free(report);
	free(path);
	test_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_read),
		cmocka_unit_test(test_hand_written),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_torn_last_line),
		cmocka_unit_test(test_torn_bad_checksum),
		cmocka_unit_test(test_damaged_middle),
		cmocka_unit_test(test_damaged_content),
		cmocka_unit_test(test_partial_write),
		cmocka_unit_test(test_unrepaired_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
