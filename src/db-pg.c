/* db-pg.c: PostgreSQL through libpq.
 *
 * Connections are made with PQconnectdbParams (keywords and values, never
 * a connection string, so no value is ever parsed or echoed), then
 * "SET statement_timeout" bounds every statement on the server. Queries
 * are sent with PQsendQueryParams (parameters bound, text in and out) in
 * single-row mode, so rows stream in one at a time: the ones kept are
 * copied, the others only counted. The client waits with poll(2) until a
 * grace period past the query timeout (db_wait_s); a server that has not
 * answered by then is given up on and the connection closed.
 *
 * libpq is not linked: it is loaded (dlopen, by the soname configure
 * found) when a PostgreSQL database is first used, and its functions are
 * called through the table pq, each pointer declared with the type of the
 * function in libpq-fe.h, so the compiler checks every call as if it were
 * direct. */
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

/* The functions of libpq this file calls. */
#define DB_PG_FUNCTIONS(X) \
	X(PQclear) X(PQcmdTuples) X(PQconnectdbParams) X(PQconsumeInput) \
	X(PQerrorMessage) X(PQexec) X(PQfinish) X(PQfname) X(PQgetResult) \
	X(PQgetisnull) X(PQgetvalue) X(PQisBusy) X(PQnfields) X(PQntuples) \
	X(PQparameterStatus) X(PQresultErrorField) X(PQresultErrorMessage) \
	X(PQresultStatus) X(PQsendQueryParams) X(PQserverVersion) \
	X(PQsetNoticeProcessor) X(PQsetSingleRowMode) X(PQsocket) X(PQstatus)

#define DB_PG_POINTER(f)	__typeof__(f) *f;
#define DB_PG_NAME(f)		#f,
#define DB_PG_COUNT(f)		+ 1

/* Filled once by db_pg_load; the library stays loaded (a cache of the
 * process, as the library itself is). */
static struct {
	DB_PG_FUNCTIONS(DB_PG_POINTER)
} pq;
static int db_pg_loaded;

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
db_pg_load(char **cause)
{
	static const char *const names[] = { DB_PG_FUNCTIONS(DB_PG_NAME) };
	void *slots[0 DB_PG_FUNCTIONS(DB_PG_COUNT)];
	size_t i = 0;

	if (db_pg_loaded)
		return 0;
	if (db_library_load(PQ_SONAME, "PostgreSQL", names, slots,
	    sizeof slots / sizeof slots[0], cause) != 0)
		return -1;
	/* POSIX makes a function's address from dlsym's void *. */
#define DB_PG_FILL(f)	memcpy(&pq.f, &slots[i++], sizeof pq.f);
	DB_PG_FUNCTIONS(DB_PG_FILL)
#undef DB_PG_FILL
	db_pg_loaded = 1;
	return 0;
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

	conn = pq.PQconnectdbParams(keys, values, 0);
	if (conn == NULL)
		fatal("out of memory");
	if (pq.PQstatus(conn) != CONNECTION_OK) {
		msg = db_message(pq.PQerrorMessage(conn));
		*cause = xprintf(_("cannot connect to %s: %s"), db->where, msg);
		free(msg);
		pq.PQfinish(conn);
		return -1;
	}

	pq.PQsetNoticeProcessor(conn, db_pg_notice, NULL);
	v = pq.PQserverVersion(conn);
	db->version_number = v;
	version = pq.PQparameterStatus(conn, "server_version");
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
	res = pq.PQexec(conn, set);
	free(set);
	if (pq.PQresultStatus(res) != PGRES_COMMAND_OK) {
		msg = db_message(pq.PQresultErrorMessage(res));
		*cause = xprintf(_("cannot set the query timeout on %s: %s"),
		    db->where, msg);
		free(msg);
		pq.PQclear(res);
		pq.PQfinish(conn);
		return -1;
	}
	pq.PQclear(res);
	db->conn = conn;
	return 0;
}

static void
db_pg_close(struct db *db)
{
	pq.PQfinish(db->conn);
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

	while (pq.PQisBusy(conn)) {
		left = deadline - util_now_ms();
		if (left <= 0) {
			*late = 1;
			return NULL;
		}
		pfd.fd = pq.PQsocket(conn);
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
		if (n > 0 && !pq.PQconsumeInput(conn))
			break;
	}
	return pq.PQgetResult(conn);
}

/* Count the rows of res, keeping them while fewer than max_rows are, or
 * handing each to r->row_fn. */
static void
db_pg_rows(PGresult *res, struct db_result *r, size_t max_rows,
    size_t *size)
{
	int nrows = pq.PQntuples(res), ncols = pq.PQnfields(res), i, j;
	char **row;

	if (r->names == NULL) {
		db_result_start(r, (size_t)ncols);
		for (j = 0; j < ncols; j++)
			r->names[j] = xstrdup(pq.PQfname(res, j));
		/* Handed on, not kept: the cells point into res. */
		if (r->row_fn != NULL)
			r->cells = xcalloc(ncols == 0 ? 1 : (size_t)ncols,
			    sizeof *r->cells);
	}
	if (r->row_fn != NULL) {
		for (i = 0; i < nrows; i++) {
			r->total++;
			for (j = 0; j < ncols && (size_t)j < r->ncols; j++)
				r->cells[j] = pq.PQgetisnull(res, i, j) ? NULL :
				    pq.PQgetvalue(res, i, j);
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
			if (!pq.PQgetisnull(res, i, j))
				row[j] = xstrdup(pq.PQgetvalue(res, i, j));
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
	if (!pq.PQsendQueryParams(conn, sql, (int)nparams, NULL, params, NULL,
	    NULL, 0))
		error = db_message(pq.PQerrorMessage(conn));
	else {
		/* Refused only when called too late: then rows come at once,
		 * which is still right. */
		(void)pq.PQsetSingleRowMode(conn);
		deadline = util_now_ms() +
		    (long long)db_wait_s(db) * 1000;
		while ((res = db_pg_next(conn, deadline, &late)) != NULL) {
			switch (pq.PQresultStatus(res)) {
			case PGRES_SINGLE_TUPLE:
			case PGRES_TUPLES_OK:
				if (error == NULL)
					db_pg_rows(res, r, max_rows, &size);
				break;
			case PGRES_COMMAND_OK:
				tuples = pq.PQcmdTuples(res);
				if (*tuples != '\0')
					r->total = strtoull(tuples, NULL, 10);
				break;
			case PGRES_EMPTY_QUERY:
				break;
			default:
				if (error != NULL)
					break;
				error = db_message(
				    pq.PQresultErrorMessage(res));
				state = pq.PQresultErrorField(res,
				    PG_DIAG_SQLSTATE);
				canceled = state != NULL &&
				    strcmp(state, DB_PG_CANCELED) == 0;
				db->denied = state != NULL &&
				    strcmp(state, DB_PG_DENIED) == 0;
				break;
			}
			pq.PQclear(res);
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
	if (pq.PQstatus(conn) == CONNECTION_BAD) {
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
	.load = db_pg_load,
	.connect = db_pg_connect,
	.close = db_pg_close,
	.query = db_pg_query,
	.exec = db_pg_exec,
};
