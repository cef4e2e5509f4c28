/*
 * listen.c: a stand-in for a product server in the tests: listen on
 * 127.0.0.1 PORT, then append LINE to LOG (and to stdout), then accept and
 * close connections until killed.
 *
 * Usage: listen PORT LOG LINE
 * Exit status 1 when the port cannot be bound (it is in use).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	FILE *f;
	int s, c, one = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: listen PORT LOG LINE\n");
		return 2;
	}
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
		perror("socket");
		return 1;
	}
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(s, 16) == -1) {
		perror("bind");
		return 1;
	}
	if ((f = fopen(argv[2], "a")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	fprintf(f, "%s\n", argv[3]);
	fclose(f);
	printf("%s\n", argv[3]);
	fflush(stdout);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) != -1)
			close(c);
	}
}
