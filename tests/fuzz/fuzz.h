/* fuzz.h: what the libFuzzer harnesses in tests/fuzz/ share: a scratch
 * folder for the readers that take a path (removed at exit), and files
 * written there. Each harness defines LLVMFuzzerTestOneInput; clang's
 * -fsanitize=fuzzer gives it a main (tests/fuzz/run.sh), and driver.c
 * gives it another for make check (its corpus, then mutations of it). A
 * harness calls abort() when the code under test breaks its promise. */
#ifndef FUZZ_H
#define FUZZ_H

#include <errno.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char fuzz_scratch_path[4096];

static inline int
fuzz_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0700);
	remove(path);
	return 0;
}

/* Remove a folder and everything in it. */
static inline void
fuzz_rmtree(const char *path)
{
	nftw(path, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void
fuzz_cleanup(void)
{
	if (fuzz_scratch_path[0] != '\0')
		fuzz_rmtree(fuzz_scratch_path);
}

/* The scratch folder, made on the first call. */
static inline const char *
fuzz_scratch(void)
{
	const char *base = getenv("TMPDIR");

	if (fuzz_scratch_path[0] != '\0')
		return fuzz_scratch_path;
	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(fuzz_scratch_path, sizeof fuzz_scratch_path,
	    "%s/wizard-fuzz.XXXXXX", base);
	if (mkdtemp(fuzz_scratch_path) == NULL) {
		perror(fuzz_scratch_path);
		abort();
	}
	atexit(fuzz_cleanup);
	return fuzz_scratch_path;
}

/* SCRATCH/NAME as a new string (the caller frees it). */
static inline char *
fuzz_path(const char *name)
{
	const char *dir = fuzz_scratch();
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	if (p == NULL)
		abort();
	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* Write the bytes to a file; any failure is the harness's, not the
 * code's: abort. */
static inline void
fuzz_write(const char *path, const void *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || (size > 0 && fwrite(data, 1, size, fp) != size) ||
	    fclose(fp) != 0) {
		perror(path);
		abort();
	}
}

/* Is the diagnostic's place inside the YAML text (line 0: no place)?
 * Lines end as libyaml ends them: LF, CR LF, a CR alone, NEL, LS, PS. The
 * end of a text without a final line break is on a line of its own, as
 * libyaml counts it (tests/unit/test-ynode.c). */
static inline int
fuzz_place_ok(const uint8_t *data, size_t size, int line, int col)
{
	size_t i, lines = 1;

	if (line == 0)
		return 1;
	for (i = 0; i < size; i++) {
		if (data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n')) ||
		    (data[i] == 0xc2 && i + 1 < size && data[i + 1] == 0x85) ||
		    (data[i] == 0xe2 && i + 2 < size && data[i + 1] == 0x80 &&
		    (data[i + 2] == 0xa8 || data[i + 2] == 0xa9)))
			lines++;
	}
	lines++;
	return line >= 1 && (size_t)line <= lines && col >= 1;
}

#endif
