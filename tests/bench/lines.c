/* lines.c: print SIZE bytes to stdout as lines of 80 bytes (79 letters and
 * a newline), for the output benchmark (tests/bench/output.sh). SIZE is a
 * number of bytes with an optional K, M or G suffix.
 *
 * Usage: lines SIZE */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE 80
#define BLOCK (LINE * 1024)

int
main(int argc, char **argv)
{
	static char block[BLOCK];
	unsigned long long size, done = 0;
	char *end;
	size_t i, n;
	ssize_t w;

	if (argc != 2) {
		fprintf(stderr, "usage: lines SIZE\n");
		return 2;
	}
	errno = 0;
	size = strtoull(argv[1], &end, 10);
	if (errno != 0 || end == argv[1]) {
		fprintf(stderr, "lines: not a size: %s\n", argv[1]);
		return 2;
	}
	switch (*end) {
	case 'G': size <<= 10; /* FALLTHROUGH */
	case 'M': size <<= 10; /* FALLTHROUGH */
	case 'K': size <<= 10; end++; break;
	case '\0': break;
	default:
		fprintf(stderr, "lines: not a size: %s\n", argv[1]);
		return 2;
	}
	for (i = 0; i < BLOCK; i++)
		block[i] = i % LINE == LINE - 1 ? '\n' : 'a' + (char)(i % 26);
	while (done < size) {
		i = (size_t)(done % BLOCK);
		n = size - done < BLOCK - i ? (size_t)(size - done) : BLOCK - i;
		w = write(STDOUT_FILENO, block + i, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			perror("lines: write");
			return 1;
		}
		done += (unsigned long long)w;
	}
	return 0;
}
