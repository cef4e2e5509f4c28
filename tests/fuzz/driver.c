/* driver.c: runs a libFuzzer harness without libFuzzer, for make check
 * (any C compiler). It replays the harness's seed corpus,
 * tests/fuzz/NAME/ in the source folder, and then a fixed number of
 * mutations of it (bytes flipped, texts cut, lines doubled, bytes and
 * tokens put in, pieces of two inputs spliced), made with a seeded
 * generator so that every run is the same run. Speaks TAP.
 *
 *   Usage: fuzz-NAME [CORPUS-FOLDER]
 *   FUZZ_RUNS=N      mutations (default FUZZ_DEFAULT_RUNS)
 *   FUZZ_DUMP=K      write mutation K to stdout and stop (to keep an
 *                    input that broke the harness; K is printed when it
 *                    does)
 *   TOP_SRCDIR       the source folder (else the one configured)
 *
 * The harness, not the driver, decides what is wrong: it aborts. */
#include "config.h"

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_NAME
#error "FUZZ_NAME is the harness's name"
#endif
#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif
#ifndef FUZZ_DEFAULT_RUNS
#define FUZZ_DEFAULT_RUNS 2000
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct input {
	char		*name;
	unsigned char	*data;
	size_t		 len;
};

static const char *const tokens[] = {
	"\n", "\r\n", "\t", " ", "  ", "\"", "'", "\\", ":", ": ", "- ", "-",
	"#", "[", "]", "{", "}", ",", "=", ".", "/", "?", "&", "&amp;", ";",
	"@", "%", "%0", "%ff", "$", "${", "}", "${X}", "|", ">", "*", "&a",
	"!", "!!str ", "---\n", "...\n", "0", "1", "-1", "65536", "99999999999",
	"true", "null", "~", "\xc3\xa9", "\xe2\x80\x9d", "\xff", "\x00",
	"\t#", "\t#00000000", "step=", "status=", "jdbc:", "//", ":3306",
	"[[", "]]", "\"\"\"", "'''", "id: x\n", "kind: check\n",
};
#define NTOKENS	(sizeof tokens / sizeof tokens[0])

/* The input being run, for the message if the harness dies. */
static volatile long current = -1;
static const char *current_name;

static void
died(int sig)
{
	char msg[160];
	int n;

	if (current >= 0)
		n = snprintf(msg, sizeof msg, "not ok - died on mutation %ld "
		    "(FUZZ_DUMP=%ld saves it)\n", current, current);
	else
		n = snprintf(msg, sizeof msg, "not ok - died on %s\n",
		    current_name != NULL ? current_name : "?");
	if (n > 0)
		(void)write(1, msg, (size_t)n < sizeof msg ? (size_t)n :
		    sizeof msg - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* xorshift64*: small, and the same everywhere. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static int
input_cmp(const void *a, const void *b)
{
	return strcmp(((const struct input *)a)->name,
	    ((const struct input *)b)->name);
}

static unsigned char *
read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t size = 0, n;

	*len = 0;
	if (fp == NULL)
		return NULL;
	for (;;) {
		if (*len == size) {
			size = size == 0 ? 4096 : size * 2;
			if ((p = realloc(p, size)) == NULL)
				abort();
		}
		n = fread(p + *len, 1, size - *len, fp);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(fp);
	return p;
}

/* Every file of the folder, sorted by name. */
static struct input *
load_corpus(const char *dir, size_t *n)
{
	struct input *v = NULL;
	struct dirent *de;
	size_t size = 0;
	char *path;
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == size) {
			size = size == 0 ? 16 : size * 2;
			if ((v = realloc(v, size * sizeof *v)) == NULL)
				abort();
		}
		if ((path = malloc(strlen(dir) + strlen(de->d_name) + 2)) ==
		    NULL)
			abort();
		sprintf(path, "%s/%s", dir, de->d_name);
		v[*n].data = read_all(path, &v[*n].len);
		if (v[*n].data == NULL) {
			free(path);
			continue;
		}
		v[*n].name = path;
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof *v, input_cmp);
	return v;
}

static void
put(unsigned char **b, size_t *len, size_t *size, const void *p, size_t n)
{
	if (n == 0)
		return;		/* p may be NULL (an empty input) */
	if (*len + n > *size) {
		*size = (*len + n) * 2 + 64;
		if ((*b = realloc(*b, *size)) == NULL)
			abort();
	}
	memcpy(*b + *len, p, n);
	*len += n;
}

/* One to four mutations of a corpus input into *out. */
static void
mutate(uint64_t *seed, const struct input *v, size_t n, unsigned char **out,
    size_t *outlen)
{
	const struct input *src = &v[rnd(seed) % n], *other;
	unsigned char *b = NULL, *t;
	size_t len = 0, size = 0, tlen, tsize, at, end, k, m, from, cut;
	const char *tok;

	put(&b, &len, &size, src->data, src->len);
	m = 1 + rnd(seed) % 4;
	for (k = 0; k < m; k++) {
		at = len == 0 ? 0 : rnd(seed) % (len + 1);
		t = NULL;
		tlen = tsize = 0;
		switch (rnd(seed) % 7) {
		case 0:		/* a bit flipped */
			if (at < len)
				b[at] ^= (unsigned char)(1 << (rnd(seed) % 8));
			continue;
		case 1:		/* cut short, rarely */
			if (rnd(seed) % 4 == 0)
				len = at;
			continue;
		case 2:		/* a few bytes dropped */
			cut = 1 + rnd(seed) % 8;
			if (at + cut <= len) {
				memmove(b + at, b + at + cut, len - at - cut);
				len -= cut;
			}
			continue;
		case 3:		/* a line doubled */
			while (at > 0 && b[at - 1] != '\n')
				at--;
			end = at;
			while (end < len && b[end] != '\n')
				end++;
			if (end < len)
				end++;
			put(&t, &tlen, &tsize, b, end);
			put(&t, &tlen, &tsize, b + at, end - at);
			put(&t, &tlen, &tsize, b + end, len - end);
			break;
		case 4:		/* a piece of another input spliced in */
			other = &v[rnd(seed) % n];
			if (other->len == 0)
				continue;
			from = rnd(seed) % other->len;
			cut = 1 + rnd(seed) % 64;
			if (from + cut > other->len)
				cut = other->len - from;
			put(&t, &tlen, &tsize, b, at);
			put(&t, &tlen, &tsize, other->data + from, cut);
			put(&t, &tlen, &tsize, b + at, len - at);
			break;
		case 5:		/* a byte set to anything */
			if (at < len)
				b[at] = (unsigned char)rnd(seed);
			continue;
		default:	/* a token put in */
			tok = tokens[rnd(seed) % NTOKENS];
			put(&t, &tlen, &tsize, b, at);
			put(&t, &tlen, &tsize, tok, *tok == '\0' ? 1 :
			    strlen(tok));
			put(&t, &tlen, &tsize, b + at, len - at);
			break;
		}
		free(b);
		b = t;
		len = tlen;
		size = tsize;
	}
	*out = b;
	*outlen = len;
}

int
main(int argc, char **argv)
{
	const char *top = getenv("TOP_SRCDIR"), *e;
	struct input *v;
	unsigned char *m;
	uint64_t seed = 0x5eed0000ULL + sizeof FUZZ_NAME;
	size_t n, i, len;
	long runs = FUZZ_DEFAULT_RUNS, dump = -1, k;
	char *dir;

	if (top == NULL || *top == '\0')
		top = FUZZ_SRCDIR;
	if (argc > 1)
		dir = argv[1];
	else {
		if ((dir = malloc(strlen(top) + sizeof FUZZ_NAME + 16)) == NULL)
			abort();
		sprintf(dir, "%s/tests/fuzz/%s", top, FUZZ_NAME);
	}
	if ((e = getenv("FUZZ_RUNS")) != NULL)
		runs = atol(e);
	if ((e = getenv("FUZZ_DUMP")) != NULL)
		dump = atol(e);
	for (i = 0; FUZZ_NAME[i] != '\0'; i++)
		seed = seed * 31 + (unsigned char)FUZZ_NAME[i];

	v = load_corpus(dir, &n);
	if (dump < 0) {
		printf("1..2\n");
		fflush(stdout);
	}
	if (n == 0) {
		printf("not ok 1 - %s: no seed corpus in %s\n", FUZZ_NAME, dir);
		return 1;
	}
	signal(SIGSEGV, died);
	signal(SIGABRT, died);
	signal(SIGBUS, died);
	signal(SIGFPE, died);
	if (dump < 0) {
		for (i = 0; i < n; i++) {
			current_name = v[i].name;
			LLVMFuzzerTestOneInput(v[i].data, v[i].len);
		}
		printf("ok 1 - %s: %zu inputs of the seed corpus\n", FUZZ_NAME,
		    n);
		fflush(stdout);
	}
	for (k = 0; k < runs || (dump >= 0 && k <= dump); k++) {
		mutate(&seed, v, n, &m, &len);
		if (k == dump) {
			fwrite(m, 1, len, stdout);
			free(m);
			return 0;
		}
		if (dump < 0) {
			current = k;
			LLVMFuzzerTestOneInput(m, len);
		}
		free(m);
	}
	current = -1;
	printf("ok 2 - %s: %ld mutations of it\n", FUZZ_NAME, runs);
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].data);
	}
	free(v);
	if (argc <= 1)
		free(dir);
	return 0;
}
