/* test-dbchecks.c: the database checks of kind-dbcheck.c (column length,
 * table exists, no rows, server version) against the private servers of
 * tests/db/servers.sh, on both engines; run through tests/db/dbchecks.sh. */
#include "config.h"

#include "testdb.h"

#include "buf.h"
#include "db.h"
#include "kind.h"
#include "xmalloc.h"

static struct server pg_server = { .engine = DB_POSTGRESQL };
static struct server my_server = { .engine = DB_MARIADB };

/* A fixture with "apimgt" on the server, as the test user. */
static struct dbfx *
fx_apimgt(const struct server *s)
{
	struct dbfx *f = dbfx_new();

	dbfx_map(f, "apimgt", s, "openbank_apimgtdb", s->password);
	return f;
}

static void
test_column_length(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_apimgt(s);
	struct result r;

	/* As shipped: 255, NOT NULL. */
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: apimgt, "
	    "table: SP_METADATA, column: VALUE, min: 4096}", &r), STATUS_FAIL);
	assert_contains(r.evidence, "255 characters, at least 4096 needed");
	assert_contains(r.evidence, "NOT NULL");
	assert_contains(r.evidence, is_pg(s) ? "sp_metadata.value" :
	    "SP_METADATA.VALUE");
	assert_contains(r.evidence, is_pg(s) ? "PostgreSQL" : "MariaDB");
	result_clear(&r);
	/* Written in another case: the same column. */
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: apimgt, "
	    "table: sp_metadata, column: Value, min: 255}", &r), STATUS_PASS);
	assert_contains(r.evidence, "at least 255 needed");
	result_clear(&r);
	/* A column that is not there fails; a table too. */
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: apimgt, "
	    "table: SP_METADATA, column: NOPE, min: 10}", &r), STATUS_FAIL);
	assert_contains(r.evidence, "the table SP_METADATA has no column NOPE");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: apimgt, "
	    "table: NO_TABLE, column: VALUE, min: 10}", &r), STATUS_FAIL);
	assert_contains(r.evidence, "no table NO_TABLE in ");
	result_clear(&r);
	dbfx_free(f);
}

static void
test_table_exists(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_apimgt(s);
	struct result r;

	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: apimgt, "
	    "table: SP_INBOUND_AUTH}", &r), STATUS_PASS);
	assert_contains(r.evidence, "is there");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: apimgt, "
	    "table: SP_INBOUND_AUTH, column: INBOUND_AUTH_KEY}", &r),
	    STATUS_PASS);
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: apimgt, "
	    "table: UK_ADDITIONAL_RAW_DATA}", &r), STATUS_FAIL);
	assert_contains(r.evidence, "no table UK_ADDITIONAL_RAW_DATA");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: apimgt, "
	    "table: SP_APP, column: IS_FRAUD}", &r), STATUS_FAIL);
	assert_contains(r.evidence, "has no column IS_FRAUD");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: apimgt, "
	    "table: SP_APP, column: IS_FRAUD, absent: true}", &r), STATUS_PASS);
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: apimgt, "
	    "table: SP_APP, absent: true}", &r), STATUS_FAIL);
	result_clear(&r);
	dbfx_free(f);
}

static void
test_no_rows(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_apimgt(s);
	struct result r;

	/* ESCAPE '!' for a literal underscore. */
	assert_int_equal(dbfx_run(f, "db_no_rows", "{database: apimgt, sql: "
	    "\"SELECT APP_NAME FROM SP_APP WHERE APP_NAME LIKE '%!_%' "
	    "ESCAPE '!' ORDER BY APP_NAME\"}", &r), STATUS_FAIL);
	assert_contains(r.evidence, "admin_DefaultApplication_PRODUCTION");
	assert_contains(r.evidence, is_pg(s) ? "app_name\n" : "APP_NAME\n");
	result_clear(&r);
	/* A bound parameter, in the engine's syntax. */
	assert_int_equal(dbfx_run(f, "db_no_rows", "{database: apimgt, sql: "
	    "{postgresql: 'SELECT ID FROM SP_APP WHERE APP_NAME = $1', mysql: "
	    "'SELECT ID FROM SP_APP WHERE APP_NAME = ?'}, params: "
	    "['${APP}']}", &r), STATUS_ERROR);
	assert_contains(r.reason, "APP");
	result_clear(&r);
	dbfx_var(f, "APP", "no such app");
	assert_int_equal(dbfx_run(f, "db_no_rows", "{database: apimgt, sql: "
	    "{postgresql: 'SELECT ID FROM SP_APP WHERE APP_NAME = $1', mysql: "
	    "'SELECT ID FROM SP_APP WHERE APP_NAME = ?'}, params: "
	    "['${APP}']}", &r), STATUS_PASS);
	assert_contains(r.evidence, "no rows");
	result_clear(&r);
	/* The first rows shown, all counted. */
	assert_int_equal(dbfx_run(f, "db_no_rows", "{database: apimgt, sql: "
	    "'SELECT NAME FROM SP_METADATA ORDER BY ID', show: 2}", &r),
	    STATUS_FAIL);
	assert_contains(r.evidence, "(the first 2 of ");
	result_clear(&r);
	/* A missing table: the server's own words. */
	assert_int_equal(dbfx_run(f, "db_no_rows", "{database: apimgt, sql: "
	    "'SELECT * FROM NO_SUCH_TABLE'}", &r), STATUS_ERROR);
	assert_contains(r.reason, is_pg(s) ? "does not exist" :
	    "doesn't exist");
	result_clear(&r);
	dbfx_free(f);
}

static void
test_server_version(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_apimgt(s);
	struct result r;

	assert_int_equal(dbfx_run(f, "db_server_version", "{database: apimgt, "
	    "min: {postgresql: '10', mariadb: '10.3'}}", &r), STATUS_PASS);
	assert_contains(r.evidence, "or later");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_server_version", "{database: apimgt, "
	    "min: {postgresql: '99', mariadb: '99.1'}}", &r), STATUS_FAIL);
	assert_contains(r.evidence, "is older than 99");
	result_clear(&r);
	/* No minimum for this engine: could not run, never a pass. */
	assert_int_equal(dbfx_run(f, "db_server_version", "{database: apimgt, "
	    "min: {oracle: '19'}}", &r), STATUS_ERROR);
	assert_contains(r.reason, "sets no least version");
	result_clear(&r);
	dbfx_free(f);
}

/* Bad cases: no privilege, wrong password, server down. */
static void
test_cannot_run(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;

	set = dbfx_map(f, "nopriv", s, "openbank_apimgtdb",
	    s->nopriv_password);
	free(set->user);
	set->user = xstrdup(s->nopriv_user);
	dbfx_map(f, "wrong", s, "openbank_apimgtdb", "not the password");
	set = dbfx_map(f, "down", s, "openbank_apimgtdb", s->password);
	set->port = closed_port();
	assert_int_equal(dbfx_run(f, "db_no_rows", "{database: nopriv, sql: "
	    "'SELECT * FROM SP_METADATA'}", &r), STATUS_ERROR);
	assert_contains(r.reason, is_pg(s) ? "permission denied" :
	    "command denied");
	result_clear(&r);
	/* information_schema does not list a table the user has no
	 * privilege on: the checks that read it say so, with the server's
	 * words, and neither fail on a missing table nor pass one that
	 * should be absent. */
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: nopriv, "
	    "table: SP_METADATA, column: VALUE, min: 10}", &r), STATUS_ERROR);
	assert_starts(r.reason, "the user may not read the table SP_METADATA: "
	    "the statement on ");
	assert_contains(r.reason, is_pg(s) ? "permission denied for table "
	    "sp_metadata" : "SELECT command denied");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: nopriv, "
	    "table: SP_METADATA}", &r), STATUS_ERROR);
	assert_contains(r.reason, "the user may not read the table "
	    "SP_METADATA: ");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: nopriv, "
	    "table: SP_METADATA, absent: true}", &r), STATUS_ERROR);
	result_clear(&r);
	/* The one it may read is found; one that is not there is missing
	 * (PostgreSQL says so to anyone; MariaDB, to a user with no right
	 * on the database, says "denied" for it too). */
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: nopriv, "
	    "table: SP_APP}", &r), STATUS_PASS);
	result_clear(&r);
	if (is_pg(s)) {
		assert_int_equal(dbfx_run(f, "db_table_exists", "{database: "
		    "nopriv, table: NO_SUCH_TABLE, absent: true}", &r),
		    STATUS_PASS);
		result_clear(&r);
	}
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: wrong, "
	    "table: SP_METADATA, column: VALUE, min: 4096}", &r),
	    STATUS_ERROR);
	assert_contains(r.reason, "could not connect to the database wrong");
	assert_contains(r.reason, is_pg(s) ? "password authentication failed" :
	    "Access denied");
	assert_null(strstr(r.reason, "not the password"));
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: down, "
	    "table: SP_APP}", &r), STATUS_ERROR);
	assert_contains(r.reason, "could not connect to the database down");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: missing, "
	    "table: SP_APP}", &r), STATUS_ERROR);
	assert_contains(r.reason, "has no settings");
	result_clear(&r);
	dbfx_free(f);
}

/* Oracle and SQL Server: the exact query for the operator. */
static void
test_operator_query(void **state)
{
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;
	char *cause = NULL, *d;

	(void)state;
	set = dbfx_map(f, "ora", NULL, "ORCL", NULL);
	set->engine = DB_ORACLE;
	set->host = xstrdup("db.example");
	set->port = 1521;
	set = dbfx_map(f, "ms", NULL, "apimgt", NULL);
	set->engine = DB_MSSQL;
	set->host = xstrdup("db.example");
	set->port = 1433;
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: ora, "
	    "table: SP_METADATA, column: value, min: 4096}", &r),
	    STATUS_PENDING);
	assert_string_equal(r.operator_query, "SELECT TABLE_NAME, COLUMN_NAME, "
	    "DATA_TYPE, CHAR_LENGTH, NULLABLE FROM USER_TAB_COLUMNS WHERE "
	    "TABLE_NAME = 'SP_METADATA' AND COLUMN_NAME = 'VALUE'");
	assert_contains(r.evidence, "at least 4000");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_column_length", "{database: ms, "
	    "table: SP_METADATA, column: VALUE, min: 4096}", &r),
	    STATUS_PENDING);
	assert_contains(r.operator_query, "INFORMATION_SCHEMA.COLUMNS WHERE "
	    "TABLE_NAME = 'SP_METADATA' AND COLUMN_NAME = 'VALUE';");
	assert_contains(r.evidence, "at least 4096");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_no_rows", "{database: ora, sql: "
	    "{mysql: 'SELECT 1', oracle: 'SELECT 1 FROM DUAL WHERE 1 = :1'}, "
	    "params: ['x']}", &r), STATUS_PENDING);
	assert_contains(r.operator_query, "SELECT 1 FROM DUAL WHERE 1 = :1\n"
	    "-- parameter 1: x");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_table_exists", "{database: ora, "
	    "table: o'brien}", &r), STATUS_PENDING);
	assert_contains(r.operator_query, "TABLE_NAME = 'O''BRIEN'");
	result_clear(&r);
	d = dbfx_describe(f, "db_column_length", "{database: ora, table: "
	    "SP_METADATA, column: VALUE, min: 4096}", &cause);
	assert_non_null(d);
	assert_contains(d, "Query for the operator");
	assert_contains(d, "ora (oracle://");
	free(d);
	dbfx_free(f);
}

#define BOTH(f) \
	cmocka_unit_test_prestate(f, &pg_server), \
	cmocka_unit_test_prestate(f, &my_server)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operator_query),
		BOTH(test_column_length),
		BOTH(test_table_exists),
		BOTH(test_no_rows),
		BOTH(test_server_version),
		BOTH(test_cannot_run),
	};

	server_load(&pg_server, "PG");
	server_load(&my_server, "MY");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
