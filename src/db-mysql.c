/* db-mysql.c: MySQL and MariaDB through MariaDB Connector/C.
 *
 * Connections have a connect timeout and, as a backstop, read and write
 * timeouts a grace period past the query timeout (db_wait_s); the query
 * timeout itself is the server's (max_statement_time on MariaDB,
 * max_execution_time for SELECT on MySQL). Without a password, the
 * [client] group of the option files (~/.my.cnf) is read, as the mysql
 * client does. The TLS mode is mapped to MYSQL_OPT_SSL_ENFORCE and
 * MYSQL_OPT_SSL_VERIFY_SERVER_CERT, and checked once connected
 * (Connector/C 3.3 falls back to plain text when the server offers no TLS,
 * and an option file may ask for TLS).
 *
 * Queries are prepared statements with every parameter bound as a string
 * and every column fetched as a string, one row at a time from the network
 * (no mysql_stmt_store_result), so only the rows kept take memory. A value
 * longer than the column's buffer is fetched again whole with
 * mysql_stmt_fetch_column. Statements without rows go through
 * mysql_real_query, which takes every statement the server knows.
 *
 * Connector/C is not linked: it is loaded (dlopen, by the soname configure
 * found) when a MySQL or MariaDB database is first used, and its functions
 * are called through the table mc, each pointer declared with the type of
 * the function in mysql.h, so the compiler checks every call as if it were
 * direct. */
#include "config.h"

#include "db-backend.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysql.h>

#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* The functions of Connector/C this file calls. */
#define DB_MY_FUNCTIONS(X) \
	X(mysql_affected_rows) X(mysql_close) X(mysql_errno) X(mysql_error) \
	X(mysql_fetch_fields) X(mysql_fetch_row) X(mysql_field_count) \
	X(mysql_free_result) X(mysql_get_server_info) \
	X(mysql_get_ssl_cipher) X(mysql_init) X(mysql_next_result) \
	X(mysql_num_fields) X(mysql_optionsv) X(mysql_real_connect) \
	X(mysql_real_query) X(mysql_stmt_bind_param) \
	X(mysql_stmt_bind_result) X(mysql_stmt_close) X(mysql_stmt_errno) \
	X(mysql_stmt_error) X(mysql_stmt_execute) X(mysql_stmt_fetch) \
	X(mysql_stmt_fetch_column) X(mysql_stmt_field_count) \
	X(mysql_stmt_init) X(mysql_stmt_param_count) X(mysql_stmt_prepare) \
	X(mysql_stmt_result_metadata) X(mysql_use_result)

#define DB_MY_POINTER(f)	__typeof__(f) *f;
#define DB_MY_NAME(f)		#f,
#define DB_MY_COUNT(f)		+ 1

/* Filled once by db_my_load; the library stays loaded (a cache of the
 * process, as the library itself is). */
static struct {
	DB_MY_FUNCTIONS(DB_MY_POINTER)
} mc;
static int db_my_loaded;

/* The first size of each column's fetch buffer. */
#define DB_MY_CELL_SIZE		256
/* The server's "statement too long" errors: MariaDB's
 * ER_STATEMENT_TIMEOUT and MySQL's ER_QUERY_TIMEOUT. */
#define DB_MY_STATEMENT_TIMEOUT	1969
/* ER_DBACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR,
 * ER_COLUMNACCESS_DENIED_ERROR: no privilege. */
#define DB_MY_DB_DENIED		1044
#define DB_MY_TABLE_DENIED	1142
#define DB_MY_COLUMN_DENIED	1143
#define DB_MY_QUERY_TIMEOUT	3024

/* db->conn: the connection, and when the statement running began. */
struct db_my {
	MYSQL		*m;
	long long	 started;	/* util_now_ms() */
	int		 hung;		/* no answer in time: close */
};

/* One column of a result being fetched. */
struct db_my_col {
	char		*buf;
	unsigned long	 size;
	char		*big;		/* a cell longer than buf, handed to a
					 * row function */
	unsigned long	 bigsize;
	unsigned long	 len;
	my_bool		 null;
	my_bool		 error;
};

/* The message for a failed statement: no answer in time, a lost
 * connection, the query timeout or anything else, with the server's text.
 * Returns -1. */
static int
db_my_fail(struct db *db, unsigned int code, const char *text, char **cause)
{
	struct db_my *my = db->conn;
	char *msg = db_message(text);

	db->denied = code == DB_MY_DB_DENIED || code == DB_MY_TABLE_DENIED ||
	    code == DB_MY_COLUMN_DENIED;
	switch (code) {
	case CR_SERVER_LOST:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST_EXTENDED:
		/* The read timeout gives up the same way as a dead server. */
		if (util_now_ms() - my->started >=
		    (long long)db_wait_s(db) * 1000 - 50) {
			my->hung = 1;
			*cause = xprintf(_("no answer from %s within %d s: the "
			    "connection is closed (%s)"), db->where,
			    db_wait_s(db), msg);
			break;
		}
		*cause = xprintf(_("the connection to %s was lost: %s"),
		    db->where, msg);
		break;
	case DB_MY_STATEMENT_TIMEOUT:
	case DB_MY_QUERY_TIMEOUT:
		*cause = xprintf(_("the statement on %s ran longer than the "
		    "query timeout (%d s): %s"), db->where, db->query_timeout_s,
		    msg);
		break;
	default:
		*cause = xprintf(_("the statement on %s failed: %s"),
		    db->where, msg);
		break;
	}
	free(msg);
	return -1;
}

static int
db_my_conn_fail(struct db *db, MYSQL *m, char **cause)
{
	return db_my_fail(db, mc.mysql_errno(m), mc.mysql_error(m), cause);
}

/* A statement's error, or its connection's when the statement has none
 * (an error that came while rows were read). */
static int
db_my_stmt_fail(struct db *db, MYSQL_STMT *stmt, char **cause)
{
	if (mc.mysql_stmt_errno(stmt) == 0)
		return db_my_conn_fail(db, ((struct db_my *)db->conn)->m,
		    cause);
	return db_my_fail(db, mc.mysql_stmt_errno(stmt),
	    mc.mysql_stmt_error(stmt), cause);
}

/* Set the TLS options for a mode (NULL or empty: the library's
 * default). */
static void
db_my_tls(MYSQL *m, const char *tls)
{
	my_bool enforce, verify;

	if (tls == NULL || *tls == '\0')
		return;
	enforce = strcmp(tls, "disable") != 0;
	verify = strcmp(tls, "verify-ca") == 0 ||
	    strcmp(tls, "verify-full") == 0;
	mc.mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &enforce);
	mc.mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
}

/* Is the connection's use of TLS what the mode asks? NULL if so, else the
 * reason. */
static const char *
db_my_tls_check(MYSQL *m, const char *tls)
{
	int on = mc.mysql_get_ssl_cipher(m) != NULL;

	if (tls == NULL || *tls == '\0' || strcmp(tls, "prefer") == 0)
		return NULL;
	if (strcmp(tls, "disable") == 0) {
		if (on)
			return _("TLS is in use although the TLS mode is "
			    "disable (is an ssl option set in an option "
			    "file such as ~/.my.cnf?)");
		return NULL;
	}
	if (!on)
		return _("the server does not offer TLS, which the TLS mode "
		    "requires");
	return NULL;
}

/* Fill the server's version and engine from its version text
 * ("10.11.6-MariaDB-0+deb12u1", "8.0.36", "5.5.5-10.6.12-MariaDB"). */
static void
db_my_version(struct db *db, MYSQL *m)
{
	const char *info = mc.mysql_get_server_info(m), *p;
	long major = 0, minor = 0, patch = 0;
	int mariadb;

	if (info == NULL)
		info = "";
	mariadb = strstr(info, "MariaDB") != NULL;
	p = info;
	if (mariadb && strncmp(p, "5.5.5-", 6) == 0)
		p += 6;
	sscanf(p, "%ld.%ld.%ld", &major, &minor, &patch);
	db->engine = mariadb ? DB_MARIADB : DB_MYSQL;
	db->version = xprintf("%s %.*s", mariadb ? "MariaDB" : "MySQL",
	    (int)strspn(p, "0123456789."), p);
	db->version_number = major * 10000 + minor * 100 + patch;
}

/* Connector/C keeps a copy of the password for reconnecting, which is
 * off: blank it, so it is not kept beyond the connection attempt. The
 * memory stays the library's to free. */
static void
db_my_forget(MYSQL *m)
{
	volatile char *p;

	if (m->passwd == NULL)
		return;
	for (p = m->passwd; *p != '\0'; p++)
		*p = '\0';
}

static int
db_my_exec(struct db *, const char *, unsigned long long *, char **);

static int
db_my_load(char **cause)
{
	static const char *const names[] = { DB_MY_FUNCTIONS(DB_MY_NAME) };
	void *slots[0 DB_MY_FUNCTIONS(DB_MY_COUNT)];
	size_t i = 0;

	if (db_my_loaded)
		return 0;
	if (db_library_load(MYSQL_SONAME, "MySQL/MariaDB", names, slots,
	    sizeof slots / sizeof slots[0], cause) != 0)
		return -1;
	/* POSIX makes a function's address from dlsym's void *. */
#define DB_MY_FILL(f)	memcpy(&mc.f, &slots[i++], sizeof mc.f);
	DB_MY_FUNCTIONS(DB_MY_FILL)
#undef DB_MY_FILL
	db_my_loaded = 1;
	return 0;
}

static int
db_my_connect(struct db *db, const struct db_settings *s,
    const char *password, char **cause)
{
	unsigned int connect_timeout, io_timeout;
	struct db_my *my;
	my_bool no = 0;
	const char *why;
	char *msg, *set = NULL;
	MYSQL *m;

	m = mc.mysql_init(NULL);
	if (m == NULL)
		fatal("out of memory");
	connect_timeout = (unsigned int)db->connect_timeout_s;
	io_timeout = (unsigned int)db_wait_s(db);
	mc.mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
	mc.mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
	mc.mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
	mc.mysql_optionsv(m, MYSQL_OPT_RECONNECT, &no);
	mc.mysql_optionsv(m, MYSQL_OPT_LOCAL_INFILE, &no);
	mc.mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (password == NULL)
		mc.mysql_optionsv(m, MYSQL_READ_DEFAULT_GROUP, "client");
	db_my_tls(m, s->tls);

	if (mc.mysql_real_connect(m, s->host, s->user, password, s->database,
	    (unsigned int)s->port, NULL, 0) == NULL) {
		msg = db_message(mc.mysql_error(m));
		if (mc.mysql_errno(m) == CR_CONN_HOST_ERROR ||
		    mc.mysql_errno(m) == CR_CONNECTION_ERROR)
			*cause = xprintf(_("cannot connect to %s: %s (is the "
			    "server running there and accepting "
			    "connections?)"), db->where, msg);
		else
			*cause = xprintf(_("cannot connect to %s: %s"),
			    db->where, msg);
		free(msg);
		mc.mysql_close(m);
		return -1;
	}
	if ((why = db_my_tls_check(m, s->tls)) != NULL) {
		*cause = xprintf(_("cannot connect to %s: %s"), db->where, why);
		mc.mysql_close(m);
		return -1;
	}
	db_my_forget(m);
	my = xcalloc(1, sizeof *my);
	my->m = m;
	db->conn = my;
	db_my_version(db, m);

	if (db->engine == DB_MARIADB && db->version_number >= 100100)
		set = xprintf("SET SESSION max_statement_time = %d",
		    db->query_timeout_s);
	else if (db->engine == DB_MYSQL && db->version_number >= 50708)
		set = xprintf("SET SESSION max_execution_time = %lld",
		    (long long)db->query_timeout_s * 1000);
	if (set != NULL && db_my_exec(db, set, NULL, &msg) != 0) {
		*cause = xprintf(_("cannot set the query timeout on %s: %s"),
		    db->where, msg);
		free(msg);
		free(set);
		mc.mysql_close(m);
		free(my);
		db->conn = NULL;
		return -1;
	}
	free(set);
	return 0;
}

static void
db_my_close(struct db *db)
{
	struct db_my *my = db->conn;

	mc.mysql_close(my->m);
	free(my);
	db->conn = NULL;
}

/* Keep the row just fetched: each cell a copy, a long one fetched again
 * whole. Returns -1 with *cause if that fails. */
static int
db_my_keep(struct db *db, MYSQL_STMT *stmt, struct db_my_col *cols,
    struct db_result *r, size_t *size, char **cause)
{
	MYSQL_BIND bind;
	unsigned long len;
	char **row;
	size_t j;

	row = db_result_add_row(r, size);
	for (j = 0; j < r->ncols; j++) {
		if (cols[j].null)
			continue;
		if (cols[j].len <= cols[j].size) {
			row[j] = xstrndup(cols[j].buf, cols[j].len);
			continue;
		}
		memset(&bind, 0, sizeof bind);
		row[j] = xmalloc(cols[j].len + 1);
		bind.buffer_type = MYSQL_TYPE_STRING;
		bind.buffer = row[j];
		bind.buffer_length = cols[j].len + 1;
		bind.length = &len;
		if (mc.mysql_stmt_fetch_column(stmt, &bind, (unsigned int)j,
		    0) != 0)
			return db_my_stmt_fail(db, stmt, cause);
		row[j][len < cols[j].len ? len : cols[j].len] = '\0';
	}
	return 0;
}

/* Hand the row just fetched to r->row_fn: each cell in place, a long one
 * fetched again whole into its column's growing buffer. */
static int
db_my_hand(struct db *db, MYSQL_STMT *stmt, struct db_my_col *cols,
    struct db_result *r, char **cause)
{
	MYSQL_BIND bind;
	unsigned long len;
	size_t j;

	for (j = 0; j < r->ncols; j++) {
		if (cols[j].null) {
			r->cells[j] = NULL;
			continue;
		}
		if (cols[j].len < cols[j].size) {
			cols[j].buf[cols[j].len] = '\0';
			r->cells[j] = cols[j].buf;
			continue;
		}
		if (cols[j].len >= cols[j].bigsize) {
			free(cols[j].big);
			cols[j].bigsize = cols[j].len + 1;
			cols[j].big = xmalloc(cols[j].bigsize);
		}
		memset(&bind, 0, sizeof bind);
		bind.buffer_type = MYSQL_TYPE_STRING;
		bind.buffer = cols[j].big;
		bind.buffer_length = cols[j].bigsize;
		bind.length = &len;
		if (mc.mysql_stmt_fetch_column(stmt, &bind, (unsigned int)j,
		    0) != 0)
			return db_my_stmt_fail(db, stmt, cause);
		cols[j].big[len < cols[j].len ? len : cols[j].len] = '\0';
		r->cells[j] = cols[j].big;
	}
	r->row_fn(r->row_arg, (const char *const *)r->cells, r->ncols);
	return 0;
}

/* Fetch every row of the executed statement, keeping max_rows (or handing
 * each to r->row_fn). */
static int
db_my_fetch(struct db *db, MYSQL_STMT *stmt, MYSQL_RES *meta,
    size_t max_rows, struct db_result *r, char **cause)
{
	MYSQL_FIELD *fields = mc.mysql_fetch_fields(meta);
	size_t ncols = mc.mysql_num_fields(meta), j, size = 0;
	struct db_my_col *cols;
	MYSQL_BIND *binds;
	int rc = -1, n;

	db_result_start(r, ncols);
	cols = xcalloc(ncols == 0 ? 1 : ncols, sizeof *cols);
	binds = xcalloc(ncols == 0 ? 1 : ncols, sizeof *binds);
	for (j = 0; j < ncols; j++) {
		r->names[j] = xstrndup(fields[j].name, fields[j].name_length);
		cols[j].size = DB_MY_CELL_SIZE;
		cols[j].buf = xmalloc(cols[j].size);
		binds[j].buffer_type = MYSQL_TYPE_STRING;
		binds[j].buffer = cols[j].buf;
		binds[j].buffer_length = cols[j].size;
		binds[j].length = &cols[j].len;
		binds[j].is_null = &cols[j].null;
		binds[j].error = &cols[j].error;
	}
	/* Handed on, not kept: the cells point into the buffers. */
	if (r->row_fn != NULL)
		r->cells = xcalloc(ncols == 0 ? 1 : ncols, sizeof *r->cells);
	if (mc.mysql_stmt_bind_result(stmt, binds) != 0) {
		db_my_stmt_fail(db, stmt, cause);
		goto out;
	}
	for (;;) {
		n = mc.mysql_stmt_fetch(stmt);
		if (n == MYSQL_NO_DATA)
			break;
		if (n != 0 && n != MYSQL_DATA_TRUNCATED) {
			db_my_stmt_fail(db, stmt, cause);
			goto out;
		}
		r->total++;
		if (r->row_fn != NULL) {
			if (db_my_hand(db, stmt, cols, r, cause) != 0)
				goto out;
			continue;
		}
		if (r->nrows < max_rows &&
		    db_my_keep(db, stmt, cols, r, &size, cause) != 0)
			goto out;
	}
	rc = 0;

out:
	for (j = 0; j < ncols; j++) {
		free(cols[j].buf);
		free(cols[j].big);
	}
	free(cols);
	free(binds);
	return rc;
}

static int
db_my_query(struct db *db, const char *sql, const char *const *params,
    size_t nparams, size_t max_rows, struct db_result *r, char **cause)
{
	struct db_my *my = db->conn;
	MYSQL *m = my->m;
	MYSQL_STMT *stmt;
	MYSQL_BIND *binds = NULL;
	MYSQL_RES *meta;
	unsigned long *lens = NULL;
	unsigned long count;
	size_t i;
	int rc = -1;

	my->started = util_now_ms();
	stmt = mc.mysql_stmt_init(m);
	if (stmt == NULL)
		return db_my_conn_fail(db, m, cause);
	if (mc.mysql_stmt_prepare(stmt, sql, strlen(sql)) != 0) {
		db_my_stmt_fail(db, stmt, cause);
		goto out;
	}
	count = mc.mysql_stmt_param_count(stmt);
	if (count != nparams) {
		*cause = xprintf(P_("the statement for %s takes %lu parameter, "
		    "not %zu", "the statement for %s takes %lu parameters, "
		    "not %zu", count), db->where, count, nparams);
		goto out;
	}
	if (nparams > 0) {
		binds = xcalloc(nparams, sizeof *binds);
		lens = xcalloc(nparams, sizeof *lens);
		for (i = 0; i < nparams; i++) {
			if (params[i] == NULL) {
				binds[i].buffer_type = MYSQL_TYPE_NULL;
				continue;
			}
			lens[i] = strlen(params[i]);
			binds[i].buffer_type = MYSQL_TYPE_STRING;
			binds[i].buffer = (void *)(uintptr_t)params[i];
			binds[i].buffer_length = lens[i];
			binds[i].length = &lens[i];
		}
		if (mc.mysql_stmt_bind_param(stmt, binds) != 0) {
			db_my_stmt_fail(db, stmt, cause);
			goto out;
		}
	}
	if (mc.mysql_stmt_execute(stmt) != 0) {
		db_my_stmt_fail(db, stmt, cause);
		goto out;
	}
	meta = mc.mysql_stmt_result_metadata(stmt);
	if (meta == NULL) {
		if (mc.mysql_stmt_field_count(stmt) != 0) {
			db_my_stmt_fail(db, stmt, cause);
			goto out;
		}
		rc = 0;
		goto out;
	}
	rc = db_my_fetch(db, stmt, meta, max_rows, r, cause);
	mc.mysql_free_result(meta);

out:
	mc.mysql_stmt_close(stmt);
	free(binds);
	free(lens);
	if (my->hung)
		db_my_close(db);
	return rc;
}

static int
db_my_exec(struct db *db, const char *sql, unsigned long long *affected,
    char **cause)
{
	struct db_my *my = db->conn;
	MYSQL *m = my->m;
	MYSQL_RES *res;
	unsigned long long n = 0;
	int more, rc = -1;

	my->started = util_now_ms();
	if (mc.mysql_real_query(m, sql, strlen(sql)) != 0) {
		db_my_conn_fail(db, m, cause);
		goto out;
	}
	do {
		if (mc.mysql_field_count(m) == 0)
			n = mc.mysql_affected_rows(m);
		else {
			/* Rows come one by one: count them, keep none. */
			res = mc.mysql_use_result(m);
			if (res == NULL) {
				db_my_conn_fail(db, m, cause);
				goto out;
			}
			for (n = 0; mc.mysql_fetch_row(res) != NULL; n++)
				;
			mc.mysql_free_result(res);
			if (mc.mysql_errno(m) != 0) {
				db_my_conn_fail(db, m, cause);
				goto out;
			}
		}
		more = mc.mysql_next_result(m);
		if (more > 0) {
			db_my_conn_fail(db, m, cause);
			goto out;
		}
	} while (more == 0);
	if (affected != NULL)
		*affected = n;
	rc = 0;

out:
	if (my->hung)
		db_my_close(db);
	return rc;
}

const struct db_backend db_mysql_backend = {
	.load = db_my_load,
	.connect = db_my_connect,
	.close = db_my_close,
	.query = db_my_query,
	.exec = db_my_exec,
};
