/* timeit.c: run a command several times and print how long it took and
 * how much memory it used, for the benchmarks of tests/bench/.
 *
 * Usage: timeit [-n RUNS] [-o FILE] [-i FILE] COMMAND [ARGUMENT]...
 *
 * The command's stdout goes to FILE (default /dev/null), its stdin comes
 * from FILE given with -i (default /dev/null); stderr is left as it is.
 * Prints one line: "median p90 min max peak status cpu", the times in
 * milliseconds of wall-clock time (from just before fork to the end of
 * wait4), peak the largest resident set of any run in kilobytes (ru_maxrss
 * of the child, which is the kernel's VmHWM of its process and of the
 * descendants it waited for), status the exit status of the last run, cpu
 * the median of the processor time (user and system, in milliseconds) of
 * the child and the descendants it waited for: on a busy machine the
 * wall-clock time includes waiting for a processor, this does not. */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	const char *out = "/dev/null", *in = "/dev/null";
	struct rusage ru;
	double *t, *c, t0;
	long peak = 0;
	int runs = 1, opt, i, status = 0, fd;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+n:o:i:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 'o': out = optarg; break;
		case 'i': in = optarg; break;
		default: return 2;
		}
	}
	if (optind >= argc || runs < 1) {
		fprintf(stderr, "usage: timeit [-n RUNS] [-o FILE] [-i FILE] "
		    "COMMAND [ARGUMENT]...\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof *t);
	c = calloc((size_t)runs, sizeof *c);
	if (t == NULL || c == NULL)
		return 2;
	for (i = 0; i < runs; i++) {
		t0 = now_ms();
		pid = fork();
		if (pid == -1) {
			perror("timeit: fork");
			return 2;
		}
		if (pid == 0) {
			fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd == -1 || dup2(fd, 1) == -1) {
				perror(out);
				_exit(127);
			}
			fd = open(in, O_RDONLY);
			if (fd == -1 || dup2(fd, 0) == -1) {
				perror(in);
				_exit(127);
			}
			execvp(argv[optind], argv + optind);
			perror(argv[optind]);
			_exit(127);
		}
		while (wait4(pid, &status, 0, &ru) == -1) {
			if (errno != EINTR) {
				perror("timeit: wait4");
				return 2;
			}
		}
		t[i] = now_ms() - t0;
		c[i] = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (ru.ru_maxrss > peak)
			peak = ru.ru_maxrss;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	qsort(c, (size_t)runs, sizeof *c, cmp_double);
	printf("%.2f %.2f %.2f %.2f %ld %d %.2f\n", t[(runs - 1) / 2],
	    t[(runs * 9 + 9) / 10 - 1], t[0], t[runs - 1], peak,
	    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	    c[(runs - 1) / 2]);
	return 0;
}
