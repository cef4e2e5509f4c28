/* test-db.c: the database layer against real servers: the private
 * PostgreSQL and MariaDB that tests/db/servers.sh starts (run this through
 * tests/db/db.sh, which exports where they are). Every server test runs on
 * both engines. Without the servers' variables only the tests that need no
 * server run; the others are skipped, and say so. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#include "testdb.h"

#include "buf.h"
#include "db.h"
#include "util.h"
#include "xmalloc.h"

/* AddressSanitizer holds freed memory back: peak memory means nothing
 * under it. */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifndef TEST_ASAN
#define TEST_ASAN 0
#endif

/* Under valgrind (tests/sanitize.sh) peak memory is valgrind's own, and
 * 100,000 rows of 2,000 bytes through memcheck outlast the query timeout. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define TEST_VALGRIND RUNNING_ON_VALGRIND
#endif
#endif
#ifndef TEST_VALGRIND
#define TEST_VALGRIND 0
#endif

static struct server pg_server = { .engine = DB_POSTGRESQL };
static struct server my_server = { .engine = DB_MARIADB };

/* Tests that need no server. */

static void
test_engine_names(void **state)
{
	(void)state;
	assert_int_equal(db_engine_from_name("postgresql"), DB_POSTGRESQL);
	assert_int_equal(db_engine_from_name("PostgreSQL"), DB_POSTGRESQL);
	assert_int_equal(db_engine_from_name("postgres"), DB_POSTGRESQL);
	assert_int_equal(db_engine_from_name("mysql"), DB_MYSQL);
	assert_int_equal(db_engine_from_name("mariadb"), DB_MARIADB);
	assert_int_equal(db_engine_from_name("oracle"), DB_ORACLE);
	assert_int_equal(db_engine_from_name("mssql"), DB_MSSQL);
	assert_int_equal(db_engine_from_name("db2"), DB_NONE);
	assert_int_equal(db_engine_from_name(NULL), DB_NONE);
	assert_string_equal(db_engine_name(DB_MARIADB), "mariadb");
	assert_string_equal(db_engine_name(DB_POSTGRESQL), "postgresql");
	assert_true(db_engine_connects(DB_POSTGRESQL));
	assert_true(db_engine_connects(DB_MYSQL));
	assert_true(db_engine_connects(DB_MARIADB));
	assert_false(db_engine_connects(DB_ORACLE));
	assert_false(db_engine_connects(DB_MSSQL));
	assert_false(db_engine_connects(DB_NONE));
}

static void
test_params_and_identifiers(void **state)
{
	char *s;

	(void)state;
	assert_string_equal(db_param(DB_POSTGRESQL, 1), "$1");
	assert_string_equal(db_param(DB_POSTGRESQL, 10), "$10");
	assert_string_equal(db_param(DB_POSTGRESQL, 57), "$57");
	assert_string_equal(db_param(DB_POSTGRESQL, 99), "$99");
	assert_null(db_param(DB_POSTGRESQL, 100));
	assert_null(db_param(DB_POSTGRESQL, 0));
	assert_string_equal(db_param(DB_ORACLE, 12), ":12");
	assert_string_equal(db_param(DB_MYSQL, 3), "?");
	assert_string_equal(db_param(DB_MARIADB, 1), "?");

	s = db_quote_ident(DB_POSTGRESQL, "we\"ird`name");
	assert_string_equal(s, "\"we\"\"ird`name\"");
	free(s);
	s = db_quote_ident(DB_MARIADB, "we\"ird`name");
	assert_string_equal(s, "`we\"ird``name`");
	free(s);
	s = db_quote_ident(DB_MYSQL, "SP_METADATA");
	assert_string_equal(s, "`SP_METADATA`");
	free(s);
	s = db_quote_ident(DB_MSSQL, "a]b");
	assert_string_equal(s, "[a]]b]");
	free(s);

	s = db_fold_ident(DB_POSTGRESQL, "SP_Metadata.VALUE");
	assert_string_equal(s, "sp_metadata.value");
	free(s);
	s = db_fold_ident(DB_MARIADB, "SP_Metadata");
	assert_string_equal(s, "SP_Metadata");
	free(s);
	s = db_fold_ident(DB_ORACLE, "sp_Metadata");
	assert_string_equal(s, "SP_METADATA");
	free(s);
}

static void
test_settings(void **state)
{
	struct db_settings a, b;
	char *s;

	(void)state;
	memset(&a, 0, sizeof a);
	a.engine = DB_POSTGRESQL;
	a.host = xstrdup("db.example");
	a.port = 5432;
	a.database = xstrdup("openbank_apimgtdb");
	a.user = xstrdup("wso2");
	a.tls = xstrdup("require");
	a.password_env = xstrdup("APIMGT_DB_PASSWORD");
	a.source = xstrdup("answers");
	s = db_settings_text(&a);
	assert_string_equal(s,
	    "postgresql://wso2@db.example:5432/openbank_apimgtdb (tls require)");
	free(s);

	db_settings_copy(&b, &a);
	db_settings_clear(&a);
	assert_null(a.host);
	assert_int_equal(a.port, 0);
	assert_string_equal(b.host, "db.example");
	assert_string_equal(b.password_env, "APIMGT_DB_PASSWORD");
	assert_string_equal(b.source, "answers");
	free(b.tls);
	b.tls = NULL;
	free(b.host);
	b.host = NULL;
	b.port = 0;
	b.engine = DB_MARIADB;
	s = db_settings_text(&b);
	assert_string_equal(s, "mariadb://wso2@[local]/openbank_apimgtdb");
	free(s);
	db_settings_clear(&b);

	a.engine = DB_MYSQL;
	a.host = xstrdup("::1");
	a.port = 3306;
	s = db_settings_text(&a);
	assert_string_equal(s, "mysql://[::1]:3306");
	free(s);
	db_settings_clear(&a);
}

static void
test_not_connected(void **state)
{
	struct db_settings set;
	char *cause;

	(void)state;
	memset(&set, 0, sizeof set);
	set.engine = DB_ORACLE;
	set.host = xstrdup("ora.example");
	set.port = 1521;
	set.database = xstrdup("ORCL");
	cause = connect_fails(&set, "secret-password");
	assert_string_equal(cause, "cannot connect to "
	    "oracle://ora.example:1521/ORCL: the wizard does not connect to "
	    "Oracle databases; run the query shown elsewhere");
	free(cause);
	set.engine = DB_NONE;
	cause = connect_fails(&set, NULL);
	assert_contains(cause, "no database engine is set");
	free(cause);
	db_settings_clear(&set);
}

/* Tests on both servers. */

static void
test_connect_version(void **state)
{
	struct server *s = server_of(state);
	struct db_settings set;
	struct db *db;
	char *cause = NULL, *v, *w;
	long n;

	/* Say MySQL: the server says what it is. */
	settings_for(s, &set, "openbank_apimgtdb", NULL);
	if (!is_pg(s))
		set.engine = DB_MYSQL;
	db = db_connect(&set, s->password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_settings_clear(&set);

	n = db_server_version_number(db);
	if (is_pg(s)) {
		assert_int_equal(db_engine_of(db), DB_POSTGRESQL);
		assert_starts(db_server_version(db), "PostgreSQL ");
		v = value_of(db, "SHOW server_version_num");
		assert_int_equal(n, atol(v));
		free(v);
		v = value_of(db, "SHOW server_version");
		w = xprintf("PostgreSQL %.*s", (int)strcspn(v, " "), v);
		assert_string_equal(db_server_version(db), w);
		free(w);
	} else {
		assert_int_equal(db_engine_of(db), DB_MARIADB);
		assert_starts(db_server_version(db), "MariaDB ");
		v = value_of(db, "SELECT VERSION()");
		assert_starts(v, db_server_version(db) + strlen("MariaDB "));
		w = xprintf("%ld.%ld.%ld", n / 10000, n / 100 % 100, n % 100);
		assert_string_equal(db_server_version(db) + strlen("MariaDB "),
		    w);
		free(w);
	}
	free(v);
	assert_true(n >= 100000);
	print_message("# %s\n", db_server_version(db));
	db_close(db);
}

static void
test_wrong_password(void **state)
{
	struct server *s = server_of(state);
	struct db_settings set;
	char *cause, *w, *want;
	const char *bad = "not-the-password-4711";

	settings_for(s, &set, "openbank_apimgtdb", NULL);
	cause = connect_fails(&set, bad);
	w = where(s, s->user, "openbank_apimgtdb");
	/* libpq tried twice (TLS, then without) and said it twice: once
	 * here. */
	if (is_pg(s))
		want = xprintf("cannot connect to %s: connection to server at "
		    "\"127.0.0.1\", port %d failed: FATAL: password "
		    "authentication failed for user \"wizard\"", w, s->port);
	else
		want = xprintf("cannot connect to %s: Access denied for user "
		    "'wizard'@'127.0.0.1' (using password: YES)", w);
	assert_string_equal(cause, want);
	assert_null(strstr(cause, bad));
	assert_null(strstr(cause, s->password));
	print_message("# %s\n", cause);
	free(cause);
	free(want);
	free(w);

	/* A password the server's own message would repeat (it is also the
	 * user's name here) is blotted out. */
	free(set.user);
	set.user = xstrdup(bad);
	cause = connect_fails(&set, bad);
	assert_null(strstr(cause, bad));
	if (is_pg(s))
		assert_contains(cause, "password authentication failed for "
		    "user \"****\"");
	else
		assert_contains(cause, "Access denied for user '****'@");
	free(cause);
	db_settings_clear(&set);
}

static void
test_password_sources(void **state)
{
	struct server *s = server_of(state);
	struct db_settings set;
	struct db *db;
	char *cause = NULL, *home, *path, *text;

	settings_for(s, &set, "openbank_apimgtdb", NULL);
	set.password_env = xstrdup("WIZARD_TEST_DB_PASSWORD");

	unsetenv("WIZARD_TEST_DB_PASSWORD");
	cause = connect_fails(&set, NULL);
	assert_contains(cause, ": the environment variable "
	    "WIZARD_TEST_DB_PASSWORD, which should hold the password, is not "
	    "set");
	free(cause);
	setenv("WIZARD_TEST_DB_PASSWORD", "", 1);
	cause = connect_fails(&set, NULL);
	assert_contains(cause, "WIZARD_TEST_DB_PASSWORD, which should hold "
	    "the password, is empty");
	free(cause);

	setenv("WIZARD_TEST_DB_PASSWORD", s->password, 1);
	db = db_connect(&set, NULL, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_close(db);
	/* The argument comes first. */
	cause = connect_fails(&set, "not-the-password");
	assert_null(strstr(cause, s->password));
	free(cause);
	unsetenv("WIZARD_TEST_DB_PASSWORD");

	/* No password anywhere: refused, then read from the library's own
	 * file in a fresh home. */
	free(set.password_env);
	set.password_env = NULL;
	home = test_tmpdir();
	setenv("HOME", home, 1);
	cause = connect_fails(&set, NULL);
	if (is_pg(s))
		assert_contains(cause, "password");
	else
		assert_contains(cause, "Access denied for user 'wizard'");
	free(cause);
	if (is_pg(s)) {
		path = xprintf("%s/.pgpass", home);
		text = xprintf("%s:%d:openbank_apimgtdb:%s:%s\n", s->host,
		    s->port, s->user, s->password);
	} else {
		path = xprintf("%s/.my.cnf", home);
		text = xprintf("[client]\npassword=%s\n", s->password);
	}
	test_write(path, text);
	assert_int_equal(chmod(path, 0600), 0);
	db = db_connect(&set, NULL, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_close(db);
	free(path);
	free(text);
	test_rmtree(home);
	setenv("HOME", getenv("WIZARD_TEST_HOME"), 1);
	free(home);
	db_settings_clear(&set);
}

static void
test_not_running(void **state)
{
	struct server *s = server_of(state);
	struct db_settings set;
	long long t0, ms;
	char *cause, *w, *want;

	settings_for(s, &set, "openbank_apimgtdb", NULL);
	set.port = closed_port();
	set.connect_timeout_s = 3;
	t0 = util_now_ms();
	cause = connect_fails(&set, s->password);
	ms = util_now_ms() - t0;
	assert_true(ms < 3000);
	w = xprintf("%s://wizard@127.0.0.1:%d/openbank_apimgtdb",
	    db_engine_name(s->engine), set.port);
	want = xprintf("cannot connect to %s: ", w);
	assert_starts(cause, want);
	if (is_pg(s))
		assert_contains(cause, "Connection refused");
	else
		assert_contains(cause, "Can't connect to server on "
		    "'127.0.0.1'");
	assert_contains(cause, is_pg(s) ? "Is the server running on that "
	    "host and accepting TCP/IP connections?" : "(is the server "
	    "running there and accepting connections?)");
	print_message("# %s\n", cause);
	free(cause);
	free(want);
	free(w);
	db_settings_clear(&set);
}

/* A server that takes the connection and never answers (a port listened
 * on here, never accepted from: the system completes the connection): the
 * connect timeout fires, and the message says so after the library's. */
static void
test_server_silent(void **state)
{
	struct server *s = server_of(state);
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct db_settings set;
	long long t0, ms;
	char *cause, *w, *want;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);

	settings_for(s, &set, "openbank_apimgtdb", NULL);
	set.port = ntohs(sin.sin_port);
	/* libpq's least. */
	set.connect_timeout_s = 2;
	t0 = util_now_ms();
	cause = connect_fails(&set, s->password);
	ms = util_now_ms() - t0;
	close(fd);
	print_message("# after %lld ms: %s\n", ms, cause);
	assert_true(ms >= 1900 && ms < 5000);
	w = xprintf("%s://wizard@127.0.0.1:%d/openbank_apimgtdb",
	    db_engine_name(s->engine), set.port);
	want = xprintf("cannot connect to %s: ", w);
	assert_starts(cause, want);
	if (is_pg(s))
		assert_contains(cause, "timeout expired");
	else
		assert_contains(cause, "Lost connection to server at "
		    "'handshake: reading initial communication packet'");
	assert_contains(cause, " (no answer within the connect timeout of "
	    "2 s)");
	assert_null(strstr(cause, s->password));
	free(cause);
	free(want);
	free(w);
	db_settings_clear(&set);
}

/* Bound parameters, and the underscore of LIKE. */
static void
test_bound_params(void **state)
{
	struct server *s = server_of(state);
	struct db_result r;
	struct db *db;
	const char *params[2];
	char *sql;

	db = connect_to(s, "openbank_apimgtdb");
	sql = xprintf("SELECT VALUE FROM SP_METADATA WHERE VALUE LIKE %s "
	    "ESCAPE '!' AND TENANT_ID = %s ORDER BY ID",
	    db_param(s->engine, 1), db_param(s->engine, 2));
	params[0] = "%!_%";
	params[1] = "-1234";
	query_ok(db, sql, params, 2, 50, &r);
	assert_int_equal(r.ncols, 1);
	assert_string_equal(r.names[0], is_pg(s) ? "value" : "VALUE");
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.total, 1);
	assert_string_equal(db_cell(&r, 0, 0), "soft_ware_42");
	db_result_clear(&r);

	/* Unescaped, '_' matches any character: every name. */
	params[0] = "%_%";
	query_ok(db, sql, params, 2, 50, &r);
	assert_int_equal(r.nrows, 3);
	assert_string_equal(db_cell(&r, 0, 0), "oQ4KoaavpOuoE7rvQsZEOV");
	assert_string_equal(db_cell(&r, 2, 0), "soft");
	db_result_clear(&r);

	/* A parameter is a value, never SQL. */
	params[0] = "x' OR '1'='1";
	query_ok(db, sql, params, 2, 50, &r);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.ncols, 1);
	db_result_clear(&r);
	free(sql);
	db_close(db);
}

/* SQL for the numbers 1 to 10^digits in order, as "n", with another
 * column when extra is not NULL; the caller frees it. */
static char *
numbers(const struct server *s, int digits, const char *extra)
{
	struct buf b = BUF_INIT;
	long ten = 1;
	int i, k;

	for (i = 0; i < digits; i++)
		ten *= 10;
	if (is_pg(s))
		return xprintf("SELECT n%s%s FROM generate_series(1, %ld) AS n "
		    "ORDER BY n", extra == NULL ? "" : ", ",
		    extra == NULL ? "" : extra, ten);
	buf_adds(&b, "SELECT d0.d");
	for (ten = 10, i = 1; i < digits; i++, ten *= 10)
		buf_printf(&b, " + %ld * d%d.d", ten, i);
	buf_printf(&b, " + 1 AS n%s%s FROM ", extra == NULL ? "" : ", ",
	    extra == NULL ? "" : extra);
	for (i = 0; i < digits; i++) {
		buf_adds(&b, i == 0 ? "(SELECT 0 d" : ", (SELECT 0 d");
		for (k = 1; k < 10; k++)
			buf_printf(&b, " UNION ALL SELECT %d", k);
		buf_printf(&b, ") d%d", i);
	}
	if (extra == NULL)
		buf_adds(&b, " ORDER BY n");
	return buf_steal(&b);
}

static void
test_max_rows(void **state)
{
	struct server *s = server_of(state);
	struct db_result r;
	struct db *db;
	char *sql;
	char want[16];
	size_t i;

	db = connect_to(s, "openbank_apimgtdb");
	sql = numbers(s, 4, NULL);
	query_ok(db, sql, NULL, 0, 50, &r);
	assert_int_equal(r.ncols, 1);
	assert_string_equal(r.names[0], "n");
	assert_int_equal(r.nrows, 50);
	assert_int_equal(r.total, 10000);
	for (i = 0; i < 50; i++) {
		snprintf(want, sizeof want, "%zu", i + 1);
		assert_string_equal(db_cell(&r, i, 0), want);
	}
	assert_null(db_cell(&r, 50, 0));
	assert_null(db_cell(&r, 0, 1));
	db_result_clear(&r);

	/* None kept, all counted. */
	query_ok(db, sql, NULL, 0, 0, &r);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.total, 10000);
	assert_int_equal(r.ncols, 1);
	db_result_clear(&r);

	/* All kept. */
	query_ok(db, sql, NULL, 0, 20000, &r);
	assert_int_equal(r.nrows, 10000);
	assert_string_equal(db_cell(&r, 9999, 0), "10000");
	db_result_clear(&r);
	free(sql);
	db_close(db);
}

static void
test_cells(void **state)
{
	struct server *s = server_of(state);
	struct db_result r;
	struct db *db;
	const char *params[1] = { NULL };
	char *sql, *longer;
	size_t i;

	db = connect_to(s, "openbank_apimgtdb");
	query_ok(db, "SELECT NULL AS a, '' AS b, 'x' AS c, 42 AS d, "
	    "CAST('2020-01-02' AS DATE) AS e, REPEAT('ab', 3000) AS f",
	    NULL, 0, 10, &r);
	assert_int_equal(r.ncols, 6);
	assert_int_equal(r.nrows, 1);
	assert_string_equal(r.names[5], "f");
	assert_null(db_cell(&r, 0, 0));
	assert_string_equal(db_cell(&r, 0, 1), "");
	assert_string_equal(db_cell(&r, 0, 2), "x");
	assert_string_equal(db_cell(&r, 0, 3), "42");
	assert_string_equal(db_cell(&r, 0, 4), "2020-01-02");
	longer = xmalloc(6001);
	for (i = 0; i < 6000; i++)
		longer[i] = i % 2 == 0 ? 'a' : 'b';
	longer[6000] = '\0';
	assert_string_equal(db_cell(&r, 0, 5), longer);
	free(longer);
	db_result_clear(&r);

	/* A NULL parameter, and NULL among the table's cells. */
	sql = xprintf("SELECT CAST(%s AS CHAR(10)) IS NULL AS p, DESCRIPTION, "
	    "APP_NAME FROM SP_APP ORDER BY ID", db_param(s->engine, 1));
	query_ok(db, sql, params, 1, 10, &r);
	assert_int_equal(r.nrows, 5);
	assert_string_equal(db_cell(&r, 0, 0), is_pg(s) ? "t" : "1");
	assert_null(db_cell(&r, 0, 1));
	assert_string_equal(db_cell(&r, 4, 2), "tpp3admin_soft_SANDBOX");
	db_result_clear(&r);
	free(sql);
	db_close(db);
}

/* What db_query_rows hands over, gathered. */
struct rows_seen {
	size_t		 n;
	size_t		 ncols;
	char		*first[7];	/* the first row's cells, copied */
	size_t		 long_len;	/* the longest cell of column 2 */
	size_t		 nulls;
};

static void
rows_collect(void *arg, const char *const *cells, size_t ncols)
{
	struct rows_seen *rs = arg;
	size_t j;

	if (rs->n == 0) {
		rs->ncols = ncols;
		for (j = 0; j < ncols && j < 7; j++)
			rs->first[j] = cells[j] != NULL ? xstrdup(cells[j]) :
			    NULL;
	}
	if (ncols > 2 && cells[2] != NULL && strlen(cells[2]) > rs->long_len)
		rs->long_len = strlen(cells[2]);
	for (j = 0; j < ncols; j++)
		rs->nulls += cells[j] == NULL;
	rs->n++;
}

static void
rows_seen_clear(struct rows_seen *rs)
{
	size_t j;

	for (j = 0; j < 7; j++)
		free(rs->first[j]);
	memset(rs, 0, sizeof *rs);
}

/* db_query_rows: every row handed over once, its cells as db_query gives
 * them (NULL, long ones, bound parameters), a server's error as -1. */
static void
test_query_rows(void **state)
{
	struct server *s = server_of(state);
	struct rows_seen rs;
	struct db *db;
	const char *params[2] = { "tpp%", NULL };
	unsigned long long total = 0;
	char *sql, *inner, *cause = NULL;

	db = connect_to(s, "openbank_apimgtdb");
	memset(&rs, 0, sizeof rs);
	assert_int_equal(db_query_rows(db, "SELECT NULL AS a, 'x' AS b, "
	    "REPEAT('ab', 3000) AS c, 42 AS d, CAST('2020-01-02' AS DATE) AS "
	    "e, '' AS f", NULL, 0, rows_collect, &rs, &total, &cause), 0);
	assert_int_equal(rs.n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(rs.ncols, 6);
	assert_null(rs.first[0]);
	assert_string_equal(rs.first[1], "x");
	assert_int_equal(rs.long_len, 6000);
	assert_string_equal(rs.first[3], "42");
	assert_string_equal(rs.first[4], "2020-01-02");
	assert_string_equal(rs.first[5], "");
	rows_seen_clear(&rs);

	/* Many rows, long cells among short ones (the same column). */
	inner = numbers(s, 4, NULL);
	sql = xprintf("SELECT n, CASE WHEN n %% 2 = 0 THEN NULL ELSE n END AS "
	    "d, CASE WHEN n %% 1000 = 7 THEN REPEAT('y', 70000) ELSE 'short' "
	    "END AS c FROM (%s) AS t", inner);
	free(inner);
	assert_int_equal(db_query_rows(db, sql, NULL, 0, rows_collect, &rs,
	    &total, &cause), 0);
	assert_int_equal(rs.n, 10000);
	assert_int_equal(total, 10000);
	assert_int_equal(rs.long_len, 70000);
	assert_int_equal(rs.nulls, 5000);
	rows_seen_clear(&rs);
	free(sql);

	/* Bound parameters, and a NULL one. */
	sql = xprintf("SELECT APP_NAME FROM SP_APP WHERE APP_NAME LIKE %s AND "
	    "CAST(%s AS CHAR(10)) IS NULL ORDER BY APP_NAME",
	    db_param(s->engine, 1), db_param(s->engine, 2));
	assert_int_equal(db_query_rows(db, sql, params, 2, rows_collect, &rs,
	    NULL, &cause), 0);
	assert_int_equal(rs.n, 3);
	assert_string_equal(rs.first[0], "tpp1admin_oQ4KoaavpOuoE7rvQsZEOV_"
	    "PRODUCTION");
	rows_seen_clear(&rs);
	free(sql);

	/* An error: no rows, -1 with the server's words. */
	assert_int_equal(db_query_rows(db, "SELECT * FROM NO_SUCH_TABLE", NULL,
	    0, rows_collect, &rs, &total, &cause), -1);
	assert_int_equal(rs.n, 0);
	assert_contains(cause, is_pg(s) ? "does not exist" : "doesn't exist");
	free(cause);
	db_close(db);
}

static void
test_identifiers(void **state)
{
	struct server *s = server_of(state);
	struct db_result r;
	struct db *db;
	const char *name = "we\"ird`table", *params[2];
	char *table, *column, *sql, *folded;
	unsigned long long n = 0;
	char *cause = NULL;

	db = connect_to(s, s->scratch);
	table = db_quote_ident(s->engine, name);
	column = db_quote_ident(s->engine, "Co\"l`umn");
	sql = xprintf("CREATE TABLE %s (%s VARCHAR(20))", table, column);
	exec_ok(db, sql);
	free(sql);
	sql = xprintf("INSERT INTO %s (%s) VALUES ('one'), ('two')", table,
	    column);
	assert_int_equal(db_exec(db, sql, &n, &cause), 0);
	assert_int_equal(n, 2);
	free(sql);
	sql = xprintf("SELECT %s FROM %s ORDER BY 1", column, table);
	query_ok(db, sql, NULL, 0, 10, &r);
	assert_string_equal(r.names[0], "Co\"l`umn");
	assert_int_equal(r.nrows, 2);
	assert_string_equal(db_cell(&r, 1, 0), "two");
	db_result_clear(&r);
	free(sql);

	/* Unquoted: stored as the engine folds it. */
	exec_ok(db, "CREATE TABLE MixedCase (a INTEGER)");
	folded = db_fold_ident(s->engine, "MixedCase");
	assert_string_equal(folded, is_pg(s) ? "mixedcase" : "MixedCase");
	sql = xprintf("SELECT table_name FROM information_schema.tables "
	    "WHERE table_name IN (%s, 'MixedCase', 'mixedcase') AND %s = %s "
	    "ORDER BY 1", db_param(s->engine, 1),
	    is_pg(s) ? "table_catalog" : "table_schema",
	    db_param(s->engine, 2));
	params[0] = name;
	params[1] = s->scratch;
	query_ok(db, sql, params, 2, 10, &r);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(db_cell(&r, 0, 0), folded);
	assert_string_equal(db_cell(&r, 1, 0), name);
	db_result_clear(&r);
	free(sql);
	free(folded);

	exec_ok(db, "DROP TABLE MixedCase");
	sql = xprintf("DROP TABLE %s", table);
	exec_ok(db, sql);
	free(sql);
	free(table);
	free(column);
	db_close(db);
}

static long
count_tables(struct db *db, const struct server *s, const char *name)
{
	struct db_result r;
	const char *params[2] = { name, s->scratch };
	char *sql;
	long n;

	sql = xprintf("SELECT COUNT(*) FROM information_schema.tables WHERE "
	    "table_name = %s AND %s = %s", db_param(s->engine, 1),
	    is_pg(s) ? "table_catalog" : "table_schema",
	    db_param(s->engine, 2));
	query_ok(db, sql, params, 2, 1, &r);
	n = atol(db_cell(&r, 0, 0));
	db_result_clear(&r);
	free(sql);
	return n;
}

static void
test_transactions(void **state)
{
	struct server *s = server_of(state);
	struct db *db;
	char *cause = NULL, *v;

	db = connect_to(s, s->scratch);
	assert_int_equal(db_transactional_ddl(db), is_pg(s));

	/* DDL: rolled back on PostgreSQL, committed at once on MariaDB. */
	assert_int_equal(db_begin(db, &cause), 0);
	exec_ok(db, "CREATE TABLE tx_ddl (a INTEGER)");
	assert_int_equal(db_rollback(db, &cause), 0);
	assert_int_equal(count_tables(db, s, "tx_ddl"), is_pg(s) ? 0 : 1);
	if (!is_pg(s))
		exec_ok(db, "DROP TABLE tx_ddl");

	/* Rows: rolled back, then committed, on both. */
	exec_ok(db, "CREATE TABLE tx_rows (a INTEGER)");
	assert_int_equal(db_begin(db, &cause), 0);
	exec_ok(db, "INSERT INTO tx_rows VALUES (1)");
	assert_int_equal(db_rollback(db, &cause), 0);
	v = value_of(db, "SELECT COUNT(*) FROM tx_rows");
	assert_string_equal(v, "0");
	free(v);
	assert_int_equal(db_begin(db, &cause), 0);
	exec_ok(db, "INSERT INTO tx_rows VALUES (1)");
	assert_int_equal(db_commit(db, &cause), 0);
	v = value_of(db, "SELECT COUNT(*) FROM tx_rows");
	assert_string_equal(v, "1");
	free(v);
	exec_ok(db, "DROP TABLE tx_rows");

	/* A failing statement: the server's message, and the connection
	 * still works. */
	assert_int_equal(db_exec(db, "DROP TABLE no_such_table", NULL, &cause),
	    -1);
	assert_starts(cause, "the statement on ");
	if (is_pg(s))
		assert_contains(cause, "ERROR: table \"no_such_table\" does "
		    "not exist");
	else
		assert_contains(cause, "Unknown table "
		    "'wizard_scratch.no_such_table'");
	free(cause);
	v = value_of(db, "SELECT 7");
	assert_string_equal(v, "7");
	free(v);
	db_close(db);
}

static void
test_query_timeout(void **state)
{
	struct server *s = server_of(state);
	struct db_settings set;
	struct db_result r;
	struct db *db;
	char *cause = NULL, *v;
	long long t0, ms;

	settings_for(s, &set, "openbank_apimgtdb", NULL);
	set.query_timeout_s = 1;
	db = db_connect(&set, s->password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_settings_clear(&set);

	t0 = util_now_ms();
	assert_int_equal(db_query(db, is_pg(s) ? "SELECT pg_sleep(5)" :
	    "SELECT SLEEP(5)", NULL, 0, 10, &r, &cause), -1);
	ms = util_now_ms() - t0;
	assert_true(ms >= 900 && ms < 3000);
	assert_int_equal(r.nrows, 0);
	assert_null(r.names);
	assert_starts(cause, "the statement on ");
	assert_contains(cause, " ran longer than the query timeout (1 s): ");
	if (is_pg(s))
		assert_contains(cause, "canceling statement due to statement "
		    "timeout");
	else
		assert_contains(cause, "max_statement_time exceeded");
	print_message("# %s\n", cause);
	free(cause);
	v = value_of(db, "SELECT 1");
	assert_string_equal(v, "1");
	free(v);
	db_close(db);
}

static void
test_no_privilege(void **state)
{
	struct server *s = server_of(state);
	struct db_result r;
	struct db *db;
	char *cause = NULL;

	db = connect_as(s, "openbank_apimgtdb", s->nopriv_user,
	    s->nopriv_password);
	query_ok(db, "SELECT APP_NAME FROM SP_APP", NULL, 0, 10, &r);
	assert_int_equal(r.total, 5);
	db_result_clear(&r);
	assert_int_equal(db_query(db, "SELECT VALUE FROM SP_METADATA", NULL, 0,
	    10, &r, &cause), -1);
	assert_starts(cause, "the statement on ");
	if (is_pg(s))
		assert_contains(cause, "ERROR: permission denied for table "
		    "sp_metadata");
	else
		assert_contains(cause, "SELECT command denied to user "
		    "'wizard_np'@'127.0.0.1' for table "
		    "`openbank_apimgtdb`.`SP_METADATA`");
	print_message("# %s\n", cause);
	free(cause);
	db_close(db);
}

static void
test_tls(void **state)
{
	struct server *s = server_of(state);
	struct db_settings set;
	struct db *db;
	const char *sql;
	char *cause = NULL, *v;

	settings_for(s, &set, "openbank_apimgtdb", NULL);
	set.tls = xstrdup("sometimes");
	cause = connect_fails(&set, s->password);
	assert_contains(cause, ": unknown TLS mode 'sometimes' (use disable, "
	    "prefer, require, verify-ca or verify-full)");
	free(cause);
	/* Empty: the library's default. */
	free(set.tls);
	set.tls = xstrdup("");
	db = db_connect(&set, s->password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_close(db);
	if (!s->tls) {
		db_settings_clear(&set);
		skip();
	}
	sql = is_pg(s) ? "SELECT ssl FROM pg_stat_ssl WHERE pid = "
	    "pg_backend_pid()" : "SELECT VARIABLE_VALUE <> '' FROM "
	    "information_schema.SESSION_STATUS WHERE VARIABLE_NAME = "
	    "'SSL_CIPHER'";

	free(set.tls);
	set.tls = xstrdup("disable");
	db = db_connect(&set, s->password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	v = value_of(db, sql);
	assert_string_equal(v, is_pg(s) ? "f" : "0");
	free(v);
	db_close(db);

	free(set.tls);
	set.tls = xstrdup("require");
	db = db_connect(&set, s->password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	v = value_of(db, sql);
	assert_string_equal(v, is_pg(s) ? "t" : "1");
	free(v);
	db_close(db);

	/* The certificate is self-signed: verifying it fails. */
	free(set.tls);
	set.tls = xstrdup("verify-full");
	cause = connect_fails(&set, s->password);
	assert_starts(cause, "cannot connect to ");
	assert_null(strstr(cause, s->password));
	free(cause);
	db_settings_clear(&set);
}

/* A hundred thousand rows of 2000 bytes stream through: memory does not
 * grow with them (200 MB if they were held). Measured in a child process,
 * whose peak is its own (not under AddressSanitizer). */
static void
test_bounded_memory(void **state)
{
	struct server *s = server_of(state);
	struct db_result r;
	struct rusage before, after;
	struct db_settings set;
	struct db *db;
	char *sql, *cause = NULL;
	pid_t pid;
	int status, ok;

	if (TEST_VALGRIND) {
		print_message("# skipped under valgrind: its peak memory is "
		    "valgrind's, and the 200 MB query outlasts the query "
		    "timeout there\n");
		skip();
	}
	sql = numbers(s, 5, "REPEAT('x', 2000) AS x");
	settings_for(s, &set, "openbank_apimgtdb", NULL);
	fflush(stdout);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		/* No cmocka here: the exit status says how it went. */
		getrusage(RUSAGE_SELF, &before);
		db = db_connect(&set, s->password, &cause);
		if (db == NULL || db_query(db, sql, NULL, 0, 10, &r,
		    &cause) != 0) {
			printf("# %s\n", cause);
			fflush(stdout);
			_exit(2);
		}
		getrusage(RUSAGE_SELF, &after);
		ok = r.total == 100000 && r.nrows == 10 &&
		    strlen(db_cell(&r, 9, 1)) == 2000;
		printf("# %llu rows, 10 kept; peak memory %ld KiB, then "
		    "%ld KiB\n", r.total, before.ru_maxrss, after.ru_maxrss);
		fflush(stdout);
		if (!ok)
			status = 3;
		else if (!TEST_ASAN &&
		    after.ru_maxrss - before.ru_maxrss >= 50 * 1024)
			status = 1;
		else
			status = 0;
		db_result_clear(&r);
		db_close(db);
		db_settings_clear(&set);
		free(sql);
		_exit(status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	db_settings_clear(&set);
	free(sql);
}

/* The server's process, read from the server. */
static pid_t
server_pid(struct db *db, const struct server *s)
{
	char *v, *path, *text, *cause = NULL;
	pid_t pid;

	if (is_pg(s)) {
		v = value_of(db, "SELECT pg_backend_pid()");
		pid = (pid_t)atol(v);
		free(v);
		return pid;
	}
	path = value_of(db, "SELECT @@pid_file");
	text = util_read_file(path, NULL, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	pid = (pid_t)atol(text);
	free(text);
	free(path);
	return pid;
}

/* Stop a server's process and wait until every one of its threads is
 * stopped: kill() returns before a busy multi-threaded server (MariaDB) has
 * stopped them all, and a thread still running may yet answer. */
static void
stop_server(pid_t pid)
{
	char path[64], *stat, *p, *cause = NULL;
	struct dirent *de;
	DIR *dir;
	int i, running = 1;

	assert_int_equal(kill(pid, SIGSTOP), 0);
	snprintf(path, sizeof path, "/proc/%ld/task", (long)pid);
	for (i = 0; i < 200 && running; i++) {
		if ((dir = opendir(path)) == NULL)
			return;		/* no /proc: as before */
		running = 0;
		while ((de = readdir(dir)) != NULL) {
			char sp[384];

			if (de->d_name[0] == '.')
				continue;
			snprintf(sp, sizeof sp, "%s/%s/stat", path, de->d_name);
			if ((stat = util_read_file(sp, NULL, &cause)) == NULL) {
				free(cause);
				cause = NULL;
				continue;
			}
			/* "TID (NAME) STATE ...": the name may hold spaces. */
			p = strrchr(stat, ')');
			if (p != NULL && p[1] == ' ' && p[2] != 'T' && p[2] != 't')
				running = 1;
			free(stat);
		}
		closedir(dir);
		if (running)
			usleep(10 * 1000);
	}
}

/* A server that stops answering (its process stopped): the client gives
 * up after the query timeout and as long again. */
static void
test_server_hangs(void **state)
{
	struct server *s = server_of(state);
	struct db_settings set;
	struct db_result r;
	struct db *db;
	char *cause = NULL, *w, *want;
	long long t0, ms;
	pid_t pid;
	int rc;

	settings_for(s, &set, "openbank_apimgtdb", NULL);
	set.query_timeout_s = 1;
	db = db_connect(&set, s->password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_settings_clear(&set);
	pid = server_pid(db, s);
	assert_true(pid > 1);

	stop_server(pid);
	t0 = util_now_ms();
	rc = db_query(db, "SELECT 1", NULL, 0, 10, &r, &cause);
	ms = util_now_ms() - t0;
	/* Let the server go on before any assertion, so that a failure here
	 * does not hang the tests after it. */
	assert_int_equal(kill(pid, SIGCONT), 0);
	if (rc == 0) {
		/* The reply was already on its way when the server stopped
		 * (a pid file read a moment early): once more, after a pause. */
		db_result_clear(&r);
		usleep(300 * 1000);
		pid = server_pid(db, s);
		stop_server(pid);
		t0 = util_now_ms();
		rc = db_query(db, "SELECT 1", NULL, 0, 10, &r, &cause);
		ms = util_now_ms() - t0;
		assert_int_equal(kill(pid, SIGCONT), 0);
	}
	assert_int_equal(rc, -1);
	print_message("# after %lld ms: %s\n", ms, cause);
	assert_true(ms >= 1900 && ms < 8000);
	w = where(s, s->user, "openbank_apimgtdb");
	want = xprintf("no answer from %s within 2 s: the connection is "
	    "closed", w);
	assert_starts(cause, want);
	free(want);
	free(cause);
	assert_int_equal(db_query(db, "SELECT 1", NULL, 0, 10, &r, &cause),
	    -1);
	want = xprintf("the connection to %s is closed: it was given up on "
	    "earlier", w);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	free(w);
	db_close(db);
}

/* The server stopped while a query runs: started here, stopped by a child
 * half a second after it is told the query is about to start (the child
 * is made before connecting, so it holds no connection), started again
 * afterwards. */
static void
test_server_stopped(void **state)
{
	struct server *s = server_of(state);
	struct db_result r;
	struct db *db, *again;
	struct timespec ts = { 0, 500 * 1000 * 1000 };
	long long t0, ms;
	char *cause = NULL, *w, *want, c = 'q';
	pid_t pid;
	int status, go[2];

	assert_int_equal(pipe(go), 0);
	fflush(stdout);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		nanosleep(&ts, NULL);
		_exit(system(s->stop) == 0 ? 0 : 1);
	}
	close(go[0]);
	db = connect_to(s, "openbank_apimgtdb");
	assert_int_equal(write(go[1], &c, 1), 1);
	close(go[1]);
	t0 = util_now_ms();
	assert_int_equal(db_query(db, is_pg(s) ? "SELECT pg_sleep(30)" :
	    "SELECT SLEEP(30)", NULL, 0, 10, &r, &cause), -1);
	ms = util_now_ms() - t0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(ms < 10000);
	w = where(s, s->user, "openbank_apimgtdb");
	want = xprintf("the connection to %s was lost: ", w);
	assert_starts(cause, want);
	free(want);
	free(w);
	print_message("# %s\n", cause);
	free(cause);

	/* Asked again: still an error, and a clear one. */
	assert_int_equal(db_query(db, "SELECT 1", NULL, 0, 10, &r, &cause), -1);
	assert_non_null(cause);
	free(cause);
	db_close(db);

	assert_int_equal(system(s->start), 0);
	again = connect_to(s, "openbank_apimgtdb");
	db_close(again);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_names),
		cmocka_unit_test(test_params_and_identifiers),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_not_connected),
#define BOTH(f) \
		cmocka_unit_test_prestate(f, &pg_server), \
		cmocka_unit_test_prestate(f, &my_server)
		BOTH(test_connect_version),
		BOTH(test_wrong_password),
		BOTH(test_password_sources),
		BOTH(test_not_running),
		BOTH(test_server_silent),
		BOTH(test_bound_params),
		BOTH(test_bounded_memory),
		BOTH(test_max_rows),
		BOTH(test_cells),
		BOTH(test_query_rows),
		BOTH(test_identifiers),
		BOTH(test_transactions),
		BOTH(test_query_timeout),
		BOTH(test_no_privilege),
		BOTH(test_tls),
		BOTH(test_server_hangs),
		BOTH(test_server_stopped),
#undef BOTH
	};
	char *home;
	int rc;

	server_load(&pg_server, "PG");
	server_load(&my_server, "MY");
	/* Nobody's own ~/.pgpass, ~/.my.cnf or PGPASSWORD. */
	unsetenv("PGPASSWORD");
	unsetenv("PGPASSFILE");
	unsetenv("PGSERVICE");
	unsetenv("MYSQL_PWD");
	unsetenv("MYSQL_HOME");
	unsetenv("MARIADB_HOME");
	home = test_tmpdir();
	setenv("HOME", home, 1);
	setenv("WIZARD_TEST_HOME", home, 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_rmtree(home);
	free(home);
	return rc;
}
