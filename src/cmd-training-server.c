/* cmd-training-server.c: `training-server PORT [LOG LINE]`, internal to
 * training sandboxes: a product's server stand-in. It listens on
 * 127.0.0.1 PORT and accepts (and at once closes) every connection until
 * SIGTERM or SIGINT; once listening it appends LINE to LOG (if given) and
 * prints it on stdout (else "listening on 127.0.0.1 port PORT"). Exits 1
 * when the port cannot be bound, 2 on a usage error. Not in --help's list:
 * sandbox scripts run it, so that a sandbox needs nothing but the
 * program. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd.h"
#include "i18n.h"
#include "util.h"

static volatile sig_atomic_t server_stop;

static void
server_signal(int sig)
{
	server_stop = sig;
}

static int
cmd_training_server_exec(struct cmd_opts *o)
{
	struct sigaction sa;
	struct sockaddr_in sin;
	FILE *log;
	int fd, c, one = 1, port;

	if ((o->nargs != 1 && o->nargs != 3) ||
	    util_parse_port(o->args[0], &port) == -1) {
		cmd_error(_("usage: %s %s %s"), "wso2-upgrade-wizard",
		    "training-server", _("PORT [LOG LINE]"));
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = server_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: accept returns on the signal. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1) {
		cmd_error(_("training-server: socket: %s"), strerror(errno));
		return 1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		cmd_error(_("training-server: 127.0.0.1 port %d: %s"), port,
		    strerror(errno));
		close(fd);
		return 1;
	}
	if (listen(fd, 16) == -1) {
		cmd_error(_("training-server: %s"), strerror(errno));
		close(fd);
		return 1;
	}
	if (o->nargs == 3) {
		if ((log = fopen(o->args[1], "a")) == NULL) {
			cmd_error(_("training-server: %s: %s"), o->args[1],
			    strerror(errno));
			close(fd);
			return 1;
		}
		fprintf(log, "%s\n", o->args[2]);
		fclose(log);
		printf("%s\n", o->args[2]);
	} else
		printf("listening on 127.0.0.1 port %d\n", port);
	fflush(stdout);
	while (!server_stop) {
		c = accept(fd, NULL, NULL);
		if (c >= 0)
			close(c);
		else if (errno != EINTR && errno != ECONNABORTED)
			sleep(1);
	}
	close(fd);
	return 0;
}

const struct cmd_entry cmd_training_server_entry = {
	.name = "training-server",
	.usage = N_("PORT [LOG LINE]"),
	.summary = N_("internal to training sandboxes: a server's stand-in on a loopback port"),
	.min_args = 1,
	.max_args = 3,
	.options = 0,
	.hidden = 1,
	.exec = cmd_training_server_exec,
};
