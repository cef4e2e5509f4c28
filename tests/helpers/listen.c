/*
 * listen.c: a stand-in for a server's port in the tests.
 * Usage: listen [--silent] PORT [LOG LINE]
 *
 * Listens on 127.0.0.1 PORT and accepts (and at once closes) every
 * connection until it is killed. With --silent it accepts and then holds
 * every connection open, never reading, writing or closing it: a server
 * that takes the connection and never answers. Once listening it prints
 * one line on stdout: "listening on 127.0.0.1 port PORT" (PORT 0: a free
 * port the system picks, the one printed), or, given LOG and LINE, LINE,
 * after appending LINE to the file LOG (a server's "started" line). Exits 2
 * on a usage error, 1 when the port cannot be bound (in use), so that a
 * test may try another.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	char *end;
	long port;
	socklen_t len;
	FILE *log;
	int fd, c, one = 1, silent = 0;

	if (argc > 1 && strcmp(argv[1], "--silent") == 0) {
		silent = 1;
		argc--;
		argv++;
	}
	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: listen [--silent] PORT [LOG LINE]\n");
		return 2;
	}
	errno = 0;
	port = strtol(argv[1], &end, 10);
	if (errno != 0 || end == argv[1] || *end != '\0' || port < 0 ||
	    port > 65535) {
		fprintf(stderr, "listen: '%s' is not a port (0 to 65535)\n",
		    argv[1]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1) {
		perror("listen: socket");
		return 1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		fprintf(stderr, "listen: 127.0.0.1 port %ld: %s\n", port,
		    strerror(errno));
		return 1;
	}
	if (listen(fd, 16) == -1) {
		fprintf(stderr, "listen: %s\n", strerror(errno));
		return 1;
	}
	len = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1) {
		fprintf(stderr, "listen: %s\n", strerror(errno));
		return 1;
	}
	port = ntohs(sa.sin_port);
	if (argc == 4) {
		if ((log = fopen(argv[2], "a")) == NULL) {
			fprintf(stderr, "listen: %s: %s\n", argv[2],
			    strerror(errno));
			return 1;
		}
		fprintf(log, "%s\n", argv[3]);
		fclose(log);
		printf("%s\n", argv[3]);
	} else
		printf("listening on 127.0.0.1 port %ld\n", port);
	fflush(stdout);
	for (;;) {
		c = accept(fd, NULL, NULL);
		if (c >= 0) {
			/* Silent: the descriptor stays open until exit. */
			if (!silent)
				close(c);
		}
		else if (errno != EINTR && errno != ECONNABORTED)
			sleep(1);
	}
}
