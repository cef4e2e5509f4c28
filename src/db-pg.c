/* db-pg.c: PostgreSQL through libpq.
 *
 * Connections are made with PQconnectdbParams (keywords and values, never
 * a connection string, so no value is ever parsed or echoed), then
 * "SET statement_timeout" bounds every statement on the server. Queries
 * are sent with PQsendQueryParams (parameters bound, text in and out) in
 * single-row mode, so rows stream in one at a time: the ones kept are
 * copied, the others only counted. The client waits with poll(2) until a
 * grace period past the query timeout (db_wait_s); a server that has not
 * answered by then is given up on and the connection closed. */
#include "config.h"

#include "db-backend.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* SQLSTATE query_canceled: what statement_timeout raises. */
#define DB_PG_CANCELED		"57014"
/* SQLSTATE insufficient_privilege. */
#define DB_PG_DENIED		"42501"

/* Notices (warnings the server sends along) are not errors: dropped, never
 * written to stderr as libpq would. */
static void
db_pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int
db_pg_connect(struct db *db, const struct db_settings *s,
    const char *password, char **cause)
{
	const char *keys[12], *values[12], *version;
	char port[16], timeout[16], *msg, *set;
	PGconn *conn;
	PGresult *res;
	size_t n = 0;
	int v;

	snprintf(timeout, sizeof timeout, "%d", db->connect_timeout_s);
	keys[n] = "connect_timeout";
	values[n++] = timeout;
	if (s->host != NULL && *s->host != '\0') {
		keys[n] = "host";
		values[n++] = s->host;
	}
	if (s->port > 0) {
		snprintf(port, sizeof port, "%d", s->port);
		keys[n] = "port";
		values[n++] = port;
	}
	if (s->database != NULL && *s->database != '\0') {
		keys[n] = "dbname";
		values[n++] = s->database;
	}
	if (s->user != NULL && *s->user != '\0') {
		keys[n] = "user";
		values[n++] = s->user;
	}
	if (password != NULL) {
		keys[n] = "password";
		values[n++] = password;
	}
	if (s->tls != NULL && *s->tls != '\0') {
		keys[n] = "sslmode";
		values[n++] = s->tls;
	}
	keys[n] = "client_encoding";
	values[n++] = "UTF8";
	keys[n] = "application_name";
	values[n++] = PACKAGE;
	keys[n] = NULL;
	values[n] = NULL;

	conn = PQconnectdbParams(keys, values, 0);
	if (conn == NULL)
		fatal("out of memory");
	if (PQstatus(conn) != CONNECTION_OK) {
		msg = db_message(PQerrorMessage(conn));
		*cause = xprintf(_("cannot connect to %s: %s"), db->where, msg);
		free(msg);
		PQfinish(conn);
		return -1;
	}

	PQsetNoticeProcessor(conn, db_pg_notice, NULL);
	v = PQserverVersion(conn);
	db->version_number = v;
	version = PQparameterStatus(conn, "server_version");
	if (version != NULL)
		db->version = xprintf("PostgreSQL %.*s",
		    (int)strcspn(version, " "), version);
	else if (v >= 100000)
		db->version = xprintf("PostgreSQL %d.%d", v / 10000, v % 10000);
	else
		db->version = xprintf("PostgreSQL %d.%d.%d", v / 10000,
		    v / 100 % 100, v % 100);

	set = xprintf("SET statement_timeout = %lld",
	    (long long)db->query_timeout_s * 1000);
	res = PQexec(conn, set);
	free(set);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		msg = db_message(PQresultErrorMessage(res));
		*cause = xprintf(_("cannot set the query timeout on %s: %s"),
		    db->where, msg);
		free(msg);
		PQclear(res);
		PQfinish(conn);
		return -1;
	}
	PQclear(res);
	db->conn = conn;
	return 0;
}

static void
db_pg_close(struct db *db)
{
	PQfinish(db->conn);
	db->conn = NULL;
}

/* The next result of the statement sent, waiting until deadline (on
 * util_now_ms's clock); NULL when there are no more, or with *late set when
 * the deadline passed first. */
static PGresult *
db_pg_next(PGconn *conn, long long deadline, int *late)
{
	struct pollfd pfd;
	long long left;
	int n;

	while (PQisBusy(conn)) {
		left = deadline - util_now_ms();
		if (left <= 0) {
			*late = 1;
			return NULL;
		}
		pfd.fd = PQsocket(conn);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (pfd.fd < 0)
			break;
		n = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		/* On failure the connection is bad, and PQgetResult says why
		 * without waiting. */
		if (n > 0 && !PQconsumeInput(conn))
			break;
	}
	return PQgetResult(conn);
}

/* Count the rows of res, keeping them while fewer than max_rows are, or
 * handing each to r->row_fn. */
static void
db_pg_rows(PGresult *res, struct db_result *r, size_t max_rows,
    size_t *size)
{
	int nrows = PQntuples(res), ncols = PQnfields(res), i, j;
	char **row;

	if (r->names == NULL) {
		db_result_start(r, (size_t)ncols);
		for (j = 0; j < ncols; j++)
			r->names[j] = xstrdup(PQfname(res, j));
		/* Handed on, not kept: the cells point into res. */
		if (r->row_fn != NULL)
			r->cells = xcalloc(ncols == 0 ? 1 : (size_t)ncols,
			    sizeof *r->cells);
	}
	if (r->row_fn != NULL) {
		for (i = 0; i < nrows; i++) {
			r->total++;
			for (j = 0; j < ncols && (size_t)j < r->ncols; j++)
				r->cells[j] = PQgetisnull(res, i, j) ? NULL :
				    PQgetvalue(res, i, j);
			r->row_fn(r->row_arg, (const char *const *)r->cells,
			    r->ncols);
		}
		return;
	}
	for (i = 0; i < nrows; i++) {
		r->total++;
		if (r->nrows >= max_rows)
			continue;
		row = db_result_add_row(r, size);
		for (j = 0; j < ncols && (size_t)j < r->ncols; j++) {
			if (!PQgetisnull(res, i, j))
				row[j] = xstrdup(PQgetvalue(res, i, j));
		}
	}
}

/* Send one statement and read all its results: the rows into r (at most
 * max_rows kept), the count of rows changed (or returned) into *affected. */
static int
db_pg_run(struct db *db, const char *sql, const char *const *params,
    size_t nparams, size_t max_rows, struct db_result *r,
    unsigned long long *affected, char **cause)
{
	PGconn *conn = db->conn;
	PGresult *res;
	const char *state, *tuples;
	char *error = NULL;
	long long deadline;
	int canceled = 0, late = 0;
	size_t size = 0;

	if (nparams > INT_MAX)
		nparams = INT_MAX;
	if (!PQsendQueryParams(conn, sql, (int)nparams, NULL, params, NULL,
	    NULL, 0))
		error = db_message(PQerrorMessage(conn));
	else {
		/* Refused only when called too late: then rows come at once,
		 * which is still right. */
		(void)PQsetSingleRowMode(conn);
		deadline = util_now_ms() +
		    (long long)db_wait_s(db) * 1000;
		while ((res = db_pg_next(conn, deadline, &late)) != NULL) {
			switch (PQresultStatus(res)) {
			case PGRES_SINGLE_TUPLE:
			case PGRES_TUPLES_OK:
				if (error == NULL)
					db_pg_rows(res, r, max_rows, &size);
				break;
			case PGRES_COMMAND_OK:
				tuples = PQcmdTuples(res);
				if (*tuples != '\0')
					r->total = strtoull(tuples, NULL, 10);
				break;
			case PGRES_EMPTY_QUERY:
				break;
			default:
				if (error != NULL)
					break;
				error = db_message(PQresultErrorMessage(res));
				state = PQresultErrorField(res,
				    PG_DIAG_SQLSTATE);
				canceled = state != NULL &&
				    strcmp(state, DB_PG_CANCELED) == 0;
				db->denied = state != NULL &&
				    strcmp(state, DB_PG_DENIED) == 0;
				break;
			}
			PQclear(res);
		}
	}

	if (late) {
		*cause = xprintf(_("no answer from %s within %d s: the "
		    "connection is closed"), db->where,
		    db_wait_s(db));
		free(error);
		db_pg_close(db);
		return -1;
	}
	if (error == NULL) {
		if (affected != NULL)
			*affected = r->total;
		return 0;
	}
	if (PQstatus(conn) == CONNECTION_BAD) {
		*cause = xprintf(_("the connection to %s was lost: %s"),
		    db->where, error);
	} else if (canceled) {
		*cause = xprintf(_("the statement on %s ran longer than the "
		    "query timeout (%d s): %s"), db->where, db->query_timeout_s,
		    error);
	} else
		*cause = xprintf(_("the statement on %s failed: %s"),
		    db->where, error);
	free(error);
	return -1;
}

static int
db_pg_query(struct db *db, const char *sql, const char *const *params,
    size_t nparams, size_t max_rows, struct db_result *r, char **cause)
{
	return db_pg_run(db, sql, params, nparams, max_rows, r, NULL, cause);
}

static int
db_pg_exec(struct db *db, const char *sql, unsigned long long *affected,
    char **cause)
{
	struct db_result r;
	int rc;

	memset(&r, 0, sizeof r);
	rc = db_pg_run(db, sql, NULL, 0, 0, &r, affected, cause);
	db_result_clear(&r);
	return rc;
}

const struct db_backend db_pg_backend = {
	.connect = db_pg_connect,
	.close = db_pg_close,
	.query = db_pg_query,
	.exec = db_pg_exec,
};
