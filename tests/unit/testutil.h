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

#endif
