/* test-lock.c: one wizard per session. fcntl locks belong to a process, so
 * the second wizard is always a forked child; children report through a
 * pipe and their exit status, never through cmocka. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testutil.h"

#include "lock.h"
#include "util.h"

static char *
read_all(const char *path)
{
	char *cause = NULL, *text = util_read_file(path, NULL, &cause);

	assert_null(cause);
	assert_non_null(text);
	return text;
}

/* Read what a child wrote until it closes the pipe. */
static char *
read_pipe(int fd)
{
	char *text = NULL, chunk[512];
	size_t len = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		assert_true(n >= 0);
		if (n == 0)
			break;
		text = realloc(text, len + (size_t)n + 1);
		assert_non_null(text);
		memcpy(text + len, chunk, (size_t)n);
		len += (size_t)n;
	}
	if (text == NULL)
		text = strdup("");
	else
		text[len] = '\0';
	return text;
}

static int
wait_child(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A PID that no process has: a child that has been reaped. */
static pid_t
dead_pid(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(wait_child(pid), 0);
	return pid;
}

static void
test_acquire_release(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *text, *want;
	struct lock_holder stale;
	struct lock *l;
	struct stat st;
	int took_over = -1;

	path = util_path_join(dir, "lock");
	l = lock_acquire(path, &stale, &took_over, &cause);
	assert_non_null(l);
	assert_null(cause);
	assert_int_equal(took_over, 0);
	assert_null(stale.host);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = read_all(path);
	assert_int_equal(asprintf(&want, "pid %ld\nhost %s\nuser %s\nsince ",
	    (long)getpid(), util_host(), util_user()) > 0, 1);
	assert_int_equal(strncmp(text, want, strlen(want)), 0);
	assert_int_equal(strlen(text), strlen(want) + 21);
	free(want);
	free(text);
	lock_release(l);

	/* A clean release leaves nothing to take over. */
	text = read_all(path);
	assert_string_equal(text, "");
	free(text);
	l = lock_acquire(path, &stale, &took_over, &cause);
	assert_non_null(l);
	assert_int_equal(took_over, 0);
	lock_release(l);
	lock_release(NULL);

	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A second wizard is refused and told who holds the session. */
static void
test_held(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *text, *msg, *want;
	char *since;
	struct lock *l;
	int fds[2];
	pid_t pid;

	path = util_path_join(dir, "lock");
	l = lock_acquire(path, NULL, NULL, &cause);
	assert_non_null(l);
	text = read_all(path);
	since = strstr(text, "since ");
	assert_non_null(since);
	since += 6;
	since[strcspn(since, "\n")] = '\0';

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct lock *l2;
		char *c = NULL;

		close(fds[0]);
		l2 = lock_acquire(path, NULL, NULL, &c);
		if (l2 != NULL || c == NULL)
			_exit(1);
		if (write(fds[1], c, strlen(c)) != (ssize_t)strlen(c))
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	msg = read_pipe(fds[0]);
	close(fds[0]);
	assert_int_equal(wait_child(pid), 0);
	assert_int_equal(asprintf(&want, "the session is held by %s on %s, "
	    "process %ld, since %s (lock file %s)", util_user(), util_host(),
	    (long)getpid(), since, path) > 0, 1);
	assert_string_equal(msg, want);
	free(want);
	free(msg);
	free(text);

	/* The refused wizard changed nothing. */
	text = read_all(path);
	assert_non_null(strstr(text, "pid "));
	assert_int_equal(atol(text + 4), (long)getpid());
	free(text);
	lock_release(l);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* lock_query tells a live holder from a crashed one, which is then taken
 * over. */
static void
test_query_and_crash(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL;
	struct lock_holder h, stale;
	struct lock *l;
	int ready[2], go[2], took_over = 0;
	char c;
	pid_t pid;

	path = util_path_join(dir, "lock");
	assert_int_equal(lock_query(path, &h, &cause), 0);
	assert_int_equal(h.pid, 0);
	assert_null(h.host);

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Static: still reachable when the child dies holding it,
		 * so valgrind does not call it a leak. */
		static struct lock *held;
		char *ccause = NULL;

		close(ready[0]);
		close(go[1]);
		if ((held = lock_acquire(path, NULL, NULL, &ccause)) == NULL)
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		/* Wait, then die holding it: no release. */
		while (read(go[0], &c, 1) == -1 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);

	assert_int_equal(lock_query(path, &h, &cause), 1);
	assert_int_equal(h.pid, pid);
	assert_string_equal(h.host, util_host());
	assert_string_equal(h.user, util_user());
	assert_int_equal(strlen(h.since), 20);
	lock_holder_clear(&h);
	assert_null(h.host);

	close(go[1]);
	assert_int_equal(wait_child(pid), 0);
	close(ready[0]);

	/* Gone: not held, but the file still names it. */
	assert_int_equal(lock_query(path, &h, &cause), 0);
	assert_int_equal(h.pid, pid);
	assert_string_equal(h.host, util_host());
	lock_holder_clear(&h);

	l = lock_acquire(path, &stale, &took_over, &cause);
	assert_non_null(l);
	assert_int_equal(took_over, 1);
	assert_int_equal(stale.pid, pid);
	assert_string_equal(stale.user, util_user());
	lock_holder_clear(&stale);
	lock_release(l);

	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A lock file left by a dead process on this host is taken over and the old
 * holder reported. */
static void
test_stale_dead_pid(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *text, *old, *want;
	struct lock_holder stale;
	struct lock *l;
	int took_over = 0;
	pid_t dead = dead_pid();

	path = util_path_join(dir, "lock");
	assert_int_equal(asprintf(&old, "pid %ld\nhost %s\nuser olduser\n"
	    "since 2020-01-02T03:04:05Z\n", (long)dead, util_host()) > 0, 1);
	test_write(path, old);

	l = lock_acquire(path, &stale, &took_over, &cause);
	assert_non_null(l);
	assert_null(cause);
	assert_int_equal(took_over, 1);
	assert_int_equal(stale.pid, dead);
	assert_string_equal(stale.host, util_host());
	assert_string_equal(stale.user, "olduser");
	assert_string_equal(stale.since, "2020-01-02T03:04:05Z");
	lock_holder_clear(&stale);

	/* The file names the new holder. */
	text = read_all(path);
	assert_int_equal(asprintf(&want, "pid %ld\nhost %s\nuser %s\n",
	    (long)getpid(), util_host(), util_user()) > 0, 1);
	assert_int_equal(strncmp(text, want, strlen(want)), 0);
	free(want);
	free(text);
	lock_release(l);
	free(old);

	/* Something that is not a holder's name is taken over too. */
	test_write(path, "garbage\n");
	l = lock_acquire(path, &stale, &took_over, &cause);
	assert_non_null(l);
	assert_int_equal(took_over, 1);
	assert_int_equal(stale.pid, 0);
	assert_null(stale.host);
	lock_release(l);

	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A free lock that names a wizard on another host is not taken over. */
static void
test_other_host(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *text, *want;
	const char *old = "pid 4242\nhost elsewhere.example\nuser ann\n"
	    "since 2020-01-02T03:04:05Z\n";
	struct lock_holder stale, h;
	int took_over = 7;

	path = util_path_join(dir, "lock");
	test_write(path, old);
	assert_null(lock_acquire(path, &stale, &took_over, &cause));
	assert_int_equal(took_over, 0);
	assert_null(stale.host);
	assert_int_equal(asprintf(&want, "%s: the session was last held by "
	    "ann on elsewhere.example, process 4242, since "
	    "2020-01-02T03:04:05Z; that is another host, so this wizard "
	    "cannot tell whether it is still running. If that wizard is gone, "
	    "remove %s and try again", path, path) > 0, 1);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	text = read_all(path);
	assert_string_equal(text, old);
	free(text);

	assert_int_equal(lock_query(path, &h, &cause), 0);
	assert_int_equal(h.pid, 4242);
	assert_string_equal(h.host, "elsewhere.example");
	assert_string_equal(h.user, "ann");
	lock_holder_clear(&h);

	free(path);
	test_rmtree(dir);
	free(dir);
}

/* The lock belongs to the struct lock, not to the process: a second acquire
 * in the same process is refused, and lock_query there sees it held. */
static void
test_same_process(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *want;
	struct lock_holder h;
	struct lock *l;

	path = util_path_join(dir, "lock");
	l = lock_acquire(path, NULL, NULL, &cause);
	assert_non_null(l);
	assert_int_equal(lock_query(path, &h, &cause), 1);
	assert_int_equal(h.pid, getpid());
	lock_holder_clear(&h);
	assert_null(lock_acquire(path, NULL, NULL, &cause));
	assert_int_equal(asprintf(&want, "the session is held by %s on %s, "
	    "process %ld, since ", util_user(), util_host(),
	    (long)getpid()) > 0, 1);
	assert_non_null(cause);
	assert_int_equal(strncmp(cause, want, strlen(want)), 0);
	free(want);
	free(cause);
	/* Both opened and closed the file: the lock is still held. */
	assert_int_equal(lock_query(path, &h, &cause), 1);
	lock_holder_clear(&h);
	lock_release(l);
	assert_int_equal(lock_query(path, &h, &cause), 0);
	assert_null(h.host);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void
test_errors(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL;
	struct lock_holder h;

	path = util_path_join(dir, "no/such/folder/lock");
	assert_null(lock_acquire(path, NULL, NULL, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	assert_non_null(strstr(cause, strerror(ENOENT)));
	free(cause);
	cause = NULL;
	assert_int_equal(lock_query(path, &h, &cause), 0);
	assert_null(cause);
	free(path);
	test_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acquire_release),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_query_and_crash),
		cmocka_unit_test(test_stale_dead_pid),
		cmocka_unit_test(test_other_host),
		cmocka_unit_test(test_same_process),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
