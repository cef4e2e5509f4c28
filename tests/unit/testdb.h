/* testdb.h: the private servers of tests/db/servers.sh, as the tests that
 * use them see them: settings from the environment, connections, and
 * small assertions. Included by one test file each (the functions are
 * static, and marked unused for the files that need only some). */
#ifndef TESTDB_H
#define TESTDB_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "testutil.h"

#include "db.h"
#include "xmalloc.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"

/* One engine's server, from the environment. */
struct server {
	enum db_engine	 engine;
	const char	*host;
	int		 port;
	const char	*user;
	const char	*password;
	const char	*nopriv_user;
	const char	*nopriv_password;
	const char	*stop;		/* shell commands */
	const char	*start;
	const char	*scratch;	/* a database to fill and empty */
	int		 tls;		/* the server offers TLS */
	int		 ready;		/* all of the above are set */
};

static void
server_load(struct server *s, const char *prefix)
{
	char name[64];
	const char *port;

#define SERVER_ENV(field, suffix) do {					\
	snprintf(name, sizeof name, "%s_%s", prefix, suffix);		\
	s->field = getenv(name);					\
	if (s->field == NULL)						\
		return;							\
} while (0)
	SERVER_ENV(host, "HOST");
	SERVER_ENV(user, "USER");
	SERVER_ENV(password, "PASSWORD");
	SERVER_ENV(nopriv_user, "NOPRIV_USER");
	SERVER_ENV(nopriv_password, "NOPRIV_PASSWORD");
	SERVER_ENV(stop, "STOP");
	SERVER_ENV(start, "START");
#undef SERVER_ENV
	snprintf(name, sizeof name, "%s_PORT", prefix);
	if ((port = getenv(name)) == NULL)
		return;
	s->port = atoi(port);
	s->scratch = getenv("DB_SCRATCH");
	if (s->scratch == NULL)
		return;
	s->tls = getenv("DB_TLS") != NULL &&
	    strcmp(getenv("DB_TLS"), "yes") == 0;
	s->ready = s->port > 0;
}

static struct server *
server_of(void **state)
{
	struct server *s = *state;

	if (!s->ready)
		skip();
	return s;
}

static int
is_pg(const struct server *s)
{
	return s->engine == DB_POSTGRESQL;
}

/* Settings for the test user (or another) on a database; clear them after. */
static void
settings_for(const struct server *s, struct db_settings *set,
    const char *database, const char *user)
{
	memset(set, 0, sizeof *set);
	set->engine = s->engine;
	set->host = xstrdup(s->host);
	set->port = s->port;
	set->database = xstrdup(database);
	set->user = xstrdup(user != NULL ? user : s->user);
	set->connect_timeout_s = 5;
}

static struct db *
connect_as(const struct server *s, const char *database, const char *user,
    const char *password)
{
	struct db_settings set;
	struct db *db;
	char *cause = NULL;

	settings_for(s, &set, database, user);
	db = db_connect(&set, password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_settings_clear(&set);
	return db;
}

static struct db *
connect_to(const struct server *s, const char *database)
{
	return connect_as(s, database, NULL, s->password);
}

/* Connect expecting failure; the message, which the caller frees. */
static char *
connect_fails(struct db_settings *set, const char *password)
{
	struct db *db;
	char *cause = NULL;

	db = db_connect(set, password, &cause);
	if (db != NULL) {
		db_close(db);
		fail_msg("connected to %s", db_settings_text(set));
	}
	assert_non_null(cause);
	return cause;
}

/* "<scheme>://user@127.0.0.1:port/database" as the messages write it. */
static char *
where(const struct server *s, const char *user, const char *database)
{
	return xprintf("%s://%s@%s:%d/%s", db_engine_name(s->engine), user,
	    s->host, s->port, database);
}

static void
query_ok(struct db *db, const char *sql, const char *const *params,
    size_t nparams, size_t max_rows, struct db_result *r)
{
	char *cause = NULL;

	if (db_query(db, sql, params, nparams, max_rows, r, &cause) != 0)
		fail_msg("%s: %s", sql, cause);
}

static void
exec_ok(struct db *db, const char *sql)
{
	char *cause = NULL;

	if (db_exec(db, sql, NULL, &cause) != 0)
		fail_msg("%s: %s", sql, cause);
}

/* The one value a query returns. */
static char *
value_of(struct db *db, const char *sql)
{
	struct db_result r;
	char *v;

	query_ok(db, sql, NULL, 0, 1, &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.ncols, 1);
	v = db_cell(&r, 0, 0) == NULL ? NULL : xstrdup(db_cell(&r, 0, 0));
	db_result_clear(&r);
	return v;
}

static void
assert_contains(const char *text, const char *part)
{
	if (text == NULL || strstr(text, part) == NULL)
		fail_msg("'%s' not in '%s'", part, text == NULL ? "(null)" :
		    text);
}

static void
assert_starts(const char *text, const char *start)
{
	if (text == NULL || strncmp(text, start, strlen(start)) != 0)
		fail_msg("'%s' does not start with '%s'",
		    text == NULL ? "(null)" : text, start);
}

/* A loopback port nothing listens on: one the kernel just handed out and
 * took back. */
static int
closed_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

#pragma GCC diagnostic pop

#endif
