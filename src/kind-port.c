/* kind-port.c: the "tcp_port" check: a TCP port answers (open) or does not
 * (closed), tried with a non-blocking connect on every address of the host. */
#include "config.h"

#include "kind.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec port_params[] = {
	{ "host", PARAM_STRING, 0, N_("the host name or address (default 127.0.0.1)") },
	{ "port", PARAM_STRING, 1, N_("the port, 1 to 65535") },
	{ "state", PARAM_STRING, 1, N_("open or closed") },
	{ "timeout", PARAM_DURATION, 0, N_("how long to wait for an answer (default 3s)") },
	{ NULL, 0, 0, NULL }
};

static const char *const port_states[] = { "open", "closed", NULL };

enum probe {
	PROBE_OPEN,
	PROBE_REFUSED,		/* nothing listens: closed for certain */
	PROBE_UNREACHABLE,	/* no route to the address */
	PROBE_TIMEOUT,		/* no answer: filtered, or closed */
	PROBE_SKIP,		/* an address family this host does not have */
	PROBE_ERROR,
	PROBE_CANCELLED
};

static enum probe
port_errno(int error)
{
	switch (error) {
	case 0:
		return PROBE_OPEN;
	case ECONNREFUSED:
		return PROBE_REFUSED;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EADDRNOTAVAIL:
		return PROBE_UNREACHABLE;
	case ETIMEDOUT:
		return PROBE_TIMEOUT;
	default:
		return PROBE_ERROR;
	}
}

/* Connect to one address, waiting at most timeout_ms; *error is the errno. */
static enum probe
port_probe(const struct addrinfo *ai, long long timeout_ms,
    volatile sig_atomic_t *cancel, int *error)
{
	long long deadline = util_now_ms() + timeout_ms, left;
	struct pollfd pfd;
	socklen_t len;
	int fd, rc;

	*error = 0;
	if (cancel != NULL && *cancel)
		return PROBE_CANCELLED;
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (fd == -1) {
		*error = errno;
		if (errno == EAFNOSUPPORT)
			return PROBE_SKIP;
		return PROBE_ERROR;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
		close(fd);
		return PROBE_OPEN;
	}
	if (errno != EINPROGRESS) {
		*error = errno;
		close(fd);
		return port_errno(*error);
	}
	for (;;) {
		if (cancel != NULL && *cancel) {
			close(fd);
			return PROBE_CANCELLED;
		}
		left = deadline - util_now_ms();
		if (left <= 0) {
			close(fd);
			return PROBE_TIMEOUT;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		/* Short slices, so a cancel is seen soon. */
		rc = poll(&pfd, 1, left > 100 ? 100 : (int)left);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1) {
			*error = errno;
			close(fd);
			return PROBE_ERROR;
		}
		if (rc > 0)
			break;
	}
	len = sizeof *error;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, error, &len) == -1)
		*error = errno;
	close(fd);
	return port_errno(*error);
}

/* "127.0.0.1 port 9443", "::1 port 9443". */
static char *
port_address(const struct addrinfo *ai, const char *port)
{
	char host[NI_MAXHOST];

	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL,
	    0, NI_NUMERICHOST) != 0)
		snprintf(host, sizeof host, "?");
	return xprintf(_("%s port %s"), host, port);
}

int
kind_validate_port(const struct ynode *with, const char *name,
    const char *file, struct diags *d)
{
	const struct ynode *node = params_node(with, name);
	const char *text = ynode_str(node);
	int port;

	if (text != NULL && strstr(text, "${") == NULL &&
	    util_parse_port(text, &port) == -1) {
		diags_add(d, file, node->line, node->col,
		    _("'%s' must be a number from 1 to 65535, not '%s'"),
		    name, text);
		return 1;
	}
	return 0;
}

int
kind_port_param(const struct run_ctx *ctx, const struct ynode *with,
    const char *name, char **cause)
{
	const char *text = params_str(with, name);
	char *value;
	int port;

	if (text == NULL)
		return 0;
	if ((value = kind_expand(ctx, text, cause)) == NULL)
		return -1;
	if (util_parse_port(value, &port) == -1) {
		*cause = xprintf(_("'%s' must be a number from 1 to 65535, "
		    "not '%s'"), name, value);
		free(value);
		return -1;
	}
	free(value);
	return port;
}

int
kind_port_answers(int port, long long timeout_ms,
    volatile sig_atomic_t *cancel)
{
	struct sockaddr_in sin;
	struct addrinfo ai;
	int error;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(&ai, 0, sizeof ai);
	ai.ai_family = AF_INET;
	ai.ai_socktype = SOCK_STREAM;
	ai.ai_addr = (struct sockaddr *)&sin;
	ai.ai_addrlen = sizeof sin;
	return port_probe(&ai, timeout_ms, cancel, &error) == PROBE_OPEN;
}

static int
port_validate(const struct ynode *with, const char *file, struct diags *d)
{
	return kind_validate_choice(with, "state", port_states, file, d) +
	    kind_validate_port(with, "port", file, d);
}

/* The parameters as the run sees them. */
struct port_args {
	char		*host;
	char		*port;
	char		*state;
	long long	 timeout_ms;
};

static void
port_args_clear(struct port_args *pa)
{
	free(pa->host);
	free(pa->port);
	free(pa->state);
}

static int
port_args(const struct step *step, const struct run_ctx *ctx,
    struct port_args *pa, char **cause)
{
	const char *host = params_str(step->with, "host");
	int port;

	memset(pa, 0, sizeof pa[0]);
	if ((pa->host = kind_expand(ctx, host != NULL ? host : "127.0.0.1",
	    cause)) == NULL ||
	    (pa->port = kind_expand(ctx, params_str(step->with, "port"),
	    cause)) == NULL ||
	    (pa->state = kind_expand(ctx, params_str(step->with, "state"),
	    cause)) == NULL)
		goto fail;
	if (util_parse_port(pa->port, &port) == -1) {
		*cause = xprintf(_("'port' must be a number from 1 to 65535, "
		    "not '%s'"), pa->port);
		goto fail;
	}
	if (strcmp(pa->state, "open") != 0 &&
	    strcmp(pa->state, "closed") != 0) {
		*cause = xprintf(_("'state' must be open or closed, not '%s'"),
		    pa->state);
		goto fail;
	}
	if (*pa->host == '\0') {
		*cause = xstrdup(_("'host' is empty"));
		goto fail;
	}
	pa->timeout_ms = kind_duration_ms(ctx, step->with, "timeout", 3000,
	    cause);
	if (pa->timeout_ms < 0)
		goto fail;
	if (pa->timeout_ms == 0)
		pa->timeout_ms = 1;
	return 0;

fail:
	port_args_clear(pa);
	return -1;
}

static char *
port_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct port_args pa;
	char *how, *s;

	if (port_args(step, ctx, &pa, cause) == -1)
		return NULL;
	how = util_duration_text(pa.timeout_ms);
	if (strcmp(pa.state, "open") == 0)
		s = xprintf(_("Connect to %s port %s: it must answer within "
		    "%s."), pa.host, pa.port, how);
	else
		s = xprintf(_("Connect to %s port %s: it must not accept the "
		    "connection (waiting at most %s)."), pa.host, pa.port, how);
	free(how);
	port_args_clear(&pa);
	return s;
}

static int
port_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct port_args pa;
	struct buf b = BUF_INIT;
	char *cause = NULL, *addr, *how, *line;
	size_t open = 0, refused = 0, timeouts = 0, errors = 0;
	enum probe p;
	int rc, error, want_open;

	if (port_args(step, ctx, &pa, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	want_open = strcmp(pa.state, "open") == 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo(pa.host, pa.port, &hints, &res);
	if (rc != 0) {
		result_set(r, STATUS_ERROR, _("cannot find the address of %s: "
		    "%s"), pa.host, rc == EAI_SYSTEM ? strerror(errno) :
		    gai_strerror(rc));
		port_args_clear(&pa);
		return 0;
	}

	how = util_duration_text(pa.timeout_ms);
	for (ai = res; ai != NULL && open == 0; ai = ai->ai_next) {
		p = port_probe(ai, pa.timeout_ms, ctx->cancel, &error);
		if (p == PROBE_SKIP)
			continue;
		if (p == PROBE_CANCELLED) {
			result_set(r, STATUS_CANCELLED, _("stopped by the "
			    "operator before %s port %s answered"), pa.host,
			    pa.port);
			goto out;
		}
		addr = port_address(ai, pa.port);
		switch (p) {
		case PROBE_OPEN:
			line = xprintf(_("%s: connected (the port is open)"),
			    addr);
			open++;
			break;
		case PROBE_REFUSED:
			line = xprintf(_("%s: connection refused (the port is "
			    "closed)"), addr);
			refused++;
			break;
		case PROBE_UNREACHABLE:
			line = xprintf(_("%s: cannot be reached: %s"), addr,
			    strerror(error));
			refused++;
			break;
		case PROBE_TIMEOUT:
			line = xprintf(_("%s: no answer within %s (filtered or "
			    "closed)"), addr, how);
			timeouts++;
			break;
		default:
			line = xprintf(_("%s: cannot connect: %s"), addr,
			    strerror(error));
			errors++;
			break;
		}
		if (b.len > 0)
			buf_addc(&b, '\n');
		buf_adds(&b, line);
		free(line);
		free(addr);
	}

	/* Only an answer, a refusal or silence on every address decides. */
	if (open > 0)
		result_set(r, want_open ? STATUS_PASS : STATUS_FAIL, "%s",
		    buf_str(&b));
	else if (errors > 0)
		result_set(r, STATUS_ERROR, "%s", buf_str(&b));
	else if (refused + timeouts > 0)
		result_set(r, want_open ? STATUS_FAIL : STATUS_PASS, "%s",
		    buf_str(&b));
	else
		result_set(r, STATUS_ERROR, _("%s has no address that this "
		    "system can connect to"), pa.host);

out:
	free(how);
	buf_free(&b);
	freeaddrinfo(res);
	port_args_clear(&pa);
	return 0;
}

const struct kind kind_tcp_port = {
	.name = "tcp_port",
	.step_kind = STEP_CHECK,
	.summary = N_("a TCP port is open, or closed"),
	.params = port_params,
	.validate = port_validate,
	.describe = port_describe,
	.run = port_run
};
