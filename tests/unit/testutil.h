/* testutil.h: what the unit tests share: cmocka, and a scratch folder. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <grp.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "buf.h"
#include "util.h"
#include "ynode.h"

/* A new empty folder under TMPDIR; the caller frees the name and removes it
 * with test_rmtree. */
static inline char *
test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	p = malloc(strlen(base) + 32);
	assert_non_null(p);
	sprintf(p, "%s/wizard-test.XXXXXX", base);
	assert_non_null(mkdtemp(p));
	return p;
}

/* Remove a file or a folder with everything in it, read-only copies
 * included (as chmod -R u+w and rm -rf, without a shell). Symbolic links
 * are removed, not followed. A path that does not exist is no error. */
static inline void
test_rmtree(const char *path)
{
	struct dirent *de;
	struct stat st;
	char *child;
	DIR *d;

	if (lstat(path, &st) != 0) {
		assert_int_equal(errno, ENOENT);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		assert_int_equal(unlink(path), 0);
		return;
	}
	/* Read, enter and empty it even when it was made read-only. */
	assert_int_equal(chmod(path, (st.st_mode & 07777) | S_IRWXU), 0);
	d = opendir(path);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		child = malloc(strlen(path) + strlen(de->d_name) + 2);
		assert_non_null(child);
		sprintf(child, "%s/%s", path, de->d_name);
		test_rmtree(child);
		free(child);
	}
	assert_int_equal(closedir(d), 0);
	assert_int_equal(rmdir(path), 0);
}

/* Write a file with the given text. */
static inline void
test_write(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* The source folder's tests/data, for fixtures, however long; the caller
 * frees it. */
static inline char *
test_datadir(void)
{
	static const char sub[] = "/tests/data";
	const char *top = getenv("TOP_SRCDIR");
	size_t len;
	char *path;

	if (top == NULL)
		top = "..";
	len = strlen(top);
	path = malloc(len + sizeof sub);
	assert_non_null(path);
	memcpy(path, top, len);
	memcpy(path + len, sub, sizeof sub);
	return path;
}

/* Run fn in a child process, as the user nobody when running as root (root
 * is not held back by the modes a test relies on). Returns what fn wrote to
 * its file descriptor (the caller frees it), or NULL when the user could
 * not be changed. */
static inline char *
test_as_user(void (*fn)(void *, int), void *arg)
{
	struct buf b = BUF_INIT;
	char chunk[512];
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(fds[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) == -1 ||
		    setgid(65534) == -1 || setuid(65534) == -1))
			_exit(3);
		fn(arg, fds[1]);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		buf_free(&b);
		return NULL;
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return buf_steal(&b);
}

/* For the kinds' tests. needle is in hay (a NULL hay fails). */
#define assert_contains(hay, needle) do {				\
	const char *h_ = (hay), *n_ = (needle);				\
	if (h_ == NULL || strstr(h_, n_) == NULL)			\
		fail_msg("'%s' is not in '%s'", n_,			\
		    h_ != NULL ? h_ : "(null)");			\
} while (0)

/* A result's status, with its evidence and reason when it is not the one
 * wanted (status_name: kind.h). */
#define assert_status(r, st) do {					\
	if ((r)->status != (st))					\
		fail_msg("status %s, not %s; evidence: %s; reason: %s",	\
		    status_name((r)->status), status_name(st),		\
		    (r)->evidence != NULL ? (r)->evidence : "-",	\
		    (r)->reason != NULL ? (r)->reason : "-");		\
} while (0)

/* The tree of a YAML text ("test.yaml"); a parse error fails the test. */
static inline struct ynode *
test_yaml(const char *yaml)
{
	char *cause = NULL;
	struct ynode *n = ynode_parse(yaml, strlen(yaml), "test.yaml", &cause);

	if (n == NULL)
		fail_msg("%s", cause);
	return n;
}

/* A file's text; one that cannot be read fails the test. */
static inline char *
test_read_text(const char *path)
{
	char *cause = NULL, *s = util_read_file(path, NULL, &cause);

	if (s == NULL)
		fail_msg("%s", cause);
	return s;
}

#endif
