/* testutil.h: what the unit tests share: cmocka, and a scratch folder. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static inline void
test_rmtree(const char *path)
{
	char *cmd = malloc(strlen(path) + 16);

	assert_non_null(cmd);
	sprintf(cmd, "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
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

/* The source folder's tests/data, for fixtures. */
static inline const char *
test_datadir(void)
{
	static char path[2048];	/* shorter than the buffers callers build paths in */
	const char *top = getenv("TOP_SRCDIR");

	snprintf(path, sizeof path, "%s/tests/data", top != NULL ? top : "..");
	return path;
}

#endif
