/* test-sqlkinds.c: the "sql" and "sql_script" actions against the private
 * PostgreSQL and MariaDB of tests/db/servers.sh (run this through
 * tests/db/sql.sh). Every server test runs on both engines, in the scratch
 * database, and looks at what the server holds afterwards. */
#include "config.h"

#include <signal.h>

#include "testdb.h"

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "params.h"
#include "util.h"
#include "xmalloc.h"

static struct server pg_server = { .engine = DB_POSTGRESQL };
static struct server my_server = { .engine = DB_MARIADB };

/* What the step reported through on_output, and when to stop it. */
static struct buf progress = BUF_INIT;
static const char *cancel_at;
static volatile sig_atomic_t cancel_flag;

static void
on_output(void *arg, int stream, const char *line, size_t len)
{
	(void)arg;
	assert_int_equal(stream, 1);
	buf_add(&progress, line, len);
	buf_addc(&progress, '\n');
	if (cancel_at != NULL && len >= strlen(cancel_at) &&
	    strncmp(line, cancel_at, strlen(cancel_at)) == 0)
		cancel_flag = 1;
}

static int ticks;

static void
on_tick(void *arg)
{
	(void)arg;
	ticks++;
}

/* A fixture whose "scratch" is the scratch database on s. */
static struct dbfx *
fixture(const struct server *s)
{
	struct dbfx *f = dbfx_new();

	dbfx_map(f, "scratch", s, s->scratch, s->password);
	f->ctx.on_output = on_output;
	f->ctx.tick = on_tick;
	f->ctx.cancel = &cancel_flag;
	buf_reset(&progress);
	cancel_at = NULL;
	cancel_flag = 0;
	ticks = 0;
	return f;
}

static struct db *
scratch(const struct server *s)
{
	return connect_to(s, s->scratch);
}

/* Drop a table if it is there. */
static void
drop(struct db *db, const char *table)
{
	char *sql = xprintf("DROP TABLE IF EXISTS %s", table);

	exec_ok(db, sql);
	free(sql);
}

static long
count_of(struct db *db, const char *table)
{
	char *sql = xprintf("SELECT COUNT(*) FROM %s", table), *v;
	long n;

	v = value_of(db, sql);
	n = atol(v);
	free(v);
	free(sql);
	return n;
}

/* Does the table exist in the scratch database? */
static int
table_exists(struct db *db, const struct server *s, const char *name)
{
	struct db_result r;
	const char *params[1];
	char *sql, *folded = db_fold_ident(s->engine, name);
	int n;

	params[0] = folded;
	sql = xprintf("SELECT COUNT(*) FROM information_schema.tables WHERE "
	    "table_name = %s AND %s", db_param(s->engine, 1), is_pg(s) ?
	    "table_catalog = current_database() AND table_schema = 'public'" :
	    "table_schema = DATABASE()");
	query_ok(db, sql, params, 1, 1, &r);
	n = atoi(db_cell(&r, 0, 0));
	db_result_clear(&r);
	free(sql);
	free(folded);
	return n;
}

/* SP_METADATA.VALUE as information_schema says: its length and whether it
 * takes NULL; the caller frees both. */
static void
value_column(struct db *db, const struct server *s, char **length,
    char **nullable)
{
	struct db_result r;

	query_ok(db, is_pg(s) ? "SELECT character_maximum_length, is_nullable "
	    "FROM information_schema.columns WHERE table_catalog = "
	    "current_database() AND table_schema = 'public' AND table_name = "
	    "'sp_metadata' AND column_name = 'value'" : "SELECT "
	    "CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE FROM "
	    "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
	    "TABLE_NAME = 'SP_METADATA' AND COLUMN_NAME = 'VALUE'", NULL, 0,
	    1, &r);
	assert_int_equal(r.nrows, 1);
	*length = xstrdup(db_cell(&r, 0, 0));
	*nullable = xstrdup(db_cell(&r, 0, 1));
	db_result_clear(&r);
}

/* SP_METADATA as WSO2 ships it (apimgt-*.sql), in the scratch database,
 * with three rows. */
static void
make_sp_metadata(struct db *db, const struct server *s)
{
	drop(db, "SP_METADATA");
	exec_ok(db, is_pg(s) ? "CREATE TABLE SP_METADATA (ID SERIAL, SP_ID "
	    "INTEGER, NAME VARCHAR(255) NOT NULL, VALUE VARCHAR(255) NOT NULL, "
	    "DISPLAY_NAME VARCHAR(255), TENANT_ID INTEGER DEFAULT -1, PRIMARY "
	    "KEY (ID), CONSTRAINT SP_METADATA_CONSTRAINT UNIQUE (SP_ID, NAME))" :
	    "CREATE TABLE SP_METADATA (ID INTEGER AUTO_INCREMENT, SP_ID "
	    "INTEGER, NAME VARCHAR(255) NOT NULL, VALUE VARCHAR(255) NOT NULL, "
	    "DISPLAY_NAME VARCHAR(255), TENANT_ID INTEGER DEFAULT -1, PRIMARY "
	    "KEY (ID), CONSTRAINT SP_METADATA_CONSTRAINT UNIQUE (SP_ID, NAME)) "
	    "ENGINE INNODB");
	exec_ok(db, "INSERT INTO SP_METADATA (SP_ID, NAME, VALUE, "
	    "DISPLAY_NAME, TENANT_ID) VALUES (3, 'software_id', "
	    "'oQ4KoaavpOuoE7rvQsZEOV', 'Software Id', -1234), (4, "
	    "'software_id', 'soft_ware_42', 'Software Id', -1234), (5, "
	    "'software_id', 'soft', 'Software Id', -1234)");
}

/* The remedy of wso2-facts.md for each engine. */
static const char remedy_yaml[] =
    "database: scratch\n"
    "sql:\n"
    "  postgresql: ALTER TABLE SP_METADATA ALTER COLUMN VALUE TYPE "
    "VARCHAR(4096)\n"
    "  mysql: ALTER TABLE SP_METADATA MODIFY VALUE VARCHAR(4096) NOT NULL\n"
    "  oracle: ALTER TABLE SP_METADATA MODIFY VALUE VARCHAR2(4000)\n"
    "  mssql: ALTER TABLE SP_METADATA ALTER COLUMN VALUE VARCHAR(4096) NOT "
    "NULL\n";

static void
test_sp_metadata_remedy(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);
	char *len, *nullable, *want;

	make_sp_metadata(db, s);
	value_column(db, s, &len, &nullable);
	assert_string_equal(len, "255");
	assert_string_equal(nullable, "NO");
	free(len);
	free(nullable);

	dbfx_run(f, "sql", remedy_yaml, &r);
	assert_status(&r, STATUS_DONE);
	want = xprintf("%s at ", db_server_version(db));
	assert_starts(r.evidence, want);
	free(want);
	assert_contains(r.evidence, ": 1 statement run");
	if (is_pg(s)) {
		assert_contains(r.evidence, "1 statement run and committed\n"
		    "It runs in a transaction: if it fails, nothing stays "
		    "applied.\n");
		assert_contains(r.evidence, "\nstatement 1 (line 1): 0 rows "
		    "affected: ALTER TABLE SP_METADATA ALTER COLUMN VALUE TYPE "
		    "VARCHAR(4096)");
	} else {
		want = xprintf("It runs without a transaction: %s commits DDL "
		    "at once.\n", db_server_version(db));
		assert_contains(r.evidence, want);
		free(want);
		assert_contains(r.evidence, "\nstatement 1 (line 1): 3 rows "
		    "affected: ALTER TABLE SP_METADATA MODIFY VALUE "
		    "VARCHAR(4096) NOT NULL");
	}
	assert_string_equal(r.log_path, f->log);
	result_clear(&r);

	value_column(db, s, &len, &nullable);
	assert_string_equal(len, "4096");
	assert_string_equal(nullable, "NO");
	free(len);
	free(nullable);
	assert_int_equal(count_of(db, "SP_METADATA"), 3);

	/* Why the remedy repeats NOT NULL: MySQL's MODIFY without it makes
	 * the column take NULL, which this test would see. */
	if (!is_pg(s)) {
		exec_ok(db, "ALTER TABLE SP_METADATA MODIFY VALUE "
		    "VARCHAR(4096)");
		value_column(db, s, &len, &nullable);
		assert_string_equal(nullable, "YES");
		free(len);
		free(nullable);
	}
	drop(db, "SP_METADATA");
	db_close(db);
	dbfx_free(f);
}

/* A failing statement: the server's message, and on PostgreSQL the
 * statements before it in the step undone, DDL included. */
static void
test_sql_rolls_back(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);

	drop(db, "sq_rows");
	drop(db, "sq_made");
	exec_ok(db, "CREATE TABLE sq_rows (a INTEGER PRIMARY KEY)");

	/* Rows only: one transaction on both engines. */
	dbfx_run(f, "sql", "database: scratch\n"
	    "sql: |\n"
	    "  INSERT INTO sq_rows VALUES (1);\n"
	    "  INSERT INTO sq_rows VALUES (2);\n"
	    "  -- the same key again\n"
	    "  INSERT INTO sq_rows VALUES (1);\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_starts(r.reason, "statement 3 of 3 (line 4): the statement on ");
	assert_contains(r.reason, is_pg(s) ? "ERROR: duplicate key value "
	    "violates unique constraint \"sq_rows_pkey\"" :
	    "Duplicate entry '1' for key 'PRIMARY'");
	assert_contains(r.reason, "; rolled back: nothing applied");
	assert_contains(r.evidence, ": statement 3 of 3 failed\n");
	assert_contains(r.evidence, "\nstatement 2 (line 2): 1 row affected: "
	    "INSERT INTO sq_rows VALUES (2)");
	print_message("# %s\n", r.reason);
	result_clear(&r);
	assert_int_equal(count_of(db, "sq_rows"), 0);

	/* With DDL: PostgreSQL undoes the new table too; MariaDB commits
	 * DDL at once, so the statements before the failure stay, and the
	 * message says so. */
	dbfx_run(f, "sql", "database: scratch\n"
	    "sql: |\n"
	    "  CREATE TABLE sq_made (a INTEGER);\n"
	    "  INSERT INTO sq_made VALUES (1);\n"
	    "  INSERT INTO sq_no_such_table VALUES (1);\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_starts(r.reason, "statement 3 of 3 (line 3): the statement on ");
	assert_contains(r.reason, is_pg(s) ? "ERROR: relation "
	    "\"sq_no_such_table\" does not exist" :
	    "Table 'wizard_scratch.sq_no_such_table' doesn't exist");
	if (is_pg(s)) {
		assert_contains(r.reason, "; rolled back: nothing applied");
		assert_false(table_exists(db, s, "sq_made"));
	} else {
		assert_contains(r.reason, "; statements 1 to 2 stayed applied");
		assert_contains(r.evidence, "commits DDL at once");
		assert_true(table_exists(db, s, "sq_made"));
		assert_int_equal(count_of(db, "sq_made"), 1);
	}
	result_clear(&r);

	/* transaction: false: what ran stays, on both. */
	drop(db, "sq_made");
	dbfx_run(f, "sql", "database: scratch\n"
	    "transaction: false\n"
	    "sql: \"INSERT INTO sq_rows VALUES (5); INSERT INTO sq_rows VALUES "
	    "(5)\"\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "; statement 1 stayed applied");
	assert_contains(r.evidence, "without a transaction (transaction: "
	    "false)");
	result_clear(&r);
	assert_int_equal(count_of(db, "sq_rows"), 1);

	drop(db, "sq_rows");
	db_close(db);
	dbfx_free(f);
}

/* Bound values for a single statement. */
static void
test_sql_params(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);
	char *v;

	drop(db, "sq_params");
	exec_ok(db, "CREATE TABLE sq_params (id INTEGER, v VARCHAR(40))");
	exec_ok(db, "INSERT INTO sq_params VALUES (1, 'a'), (2, 'b'), "
	    "(3, 'c')");
	dbfx_var(f, "NEW_VALUE", "it's; -- not SQL");
	dbfx_run(f, "sql", "database: scratch\n"
	    "sql:\n"
	    "  postgresql: UPDATE sq_params SET v = $1 WHERE id >= $2\n"
	    "  mysql: UPDATE sq_params SET v = ? WHERE id >= ?\n"
	    "params: [\"${NEW_VALUE}\", \"2\"]\n", &r);
	assert_status(&r, STATUS_DONE);
	/* MySQL and MariaDB do not say how many rows a bound statement
	 * changed. */
	assert_contains(r.evidence, is_pg(s) ? "statement 1 (line 1): 2 rows "
	    "affected: UPDATE" : "statement 1 (line 1): done: UPDATE");
	result_clear(&r);
	v = value_of(db, "SELECT COUNT(*) FROM sq_params WHERE v = 'it''s; -- "
	    "not SQL'");
	assert_string_equal(v, "2");
	free(v);

	/* Values bind to one statement only. */
	dbfx_run(f, "sql", "database: scratch\n"
	    "sql: \"DELETE FROM sq_params; DELETE FROM sq_params\"\n"
	    "params: [\"1\"]\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_string_equal(r.reason, is_pg(s) ? "'params' binds values to a "
	    "single statement, and the SQL for postgresql holds 2; nothing was "
	    "run" : "'params' binds values to a single statement, and the SQL "
	    "for mariadb holds 2; nothing was run");
	result_clear(&r);
	assert_int_equal(count_of(db, "sq_params"), 3);
	drop(db, "sq_params");
	db_close(db);
	dbfx_free(f);
}

/* A script of 20 statements whose 7th is wrong; a comment before each so
 * that lines and statement numbers differ. */
static char *
write_script20(struct dbfx *f, const char *name)
{
	struct buf b = BUF_INIT;
	char *path = xprintf("%s/%s", f->dir, name);
	int i;

	buf_adds(&b, "-- twenty statements\nCREATE TABLE sq_script (n "
	    "INTEGER);\n");
	for (i = 2; i <= 20; i++)
		buf_printf(&b, "-- statement %d\nINSERT INTO sq_script %s "
		    "(%d);\n", i, i == 7 ? "VALUEZ" : "VALUES", i);
	test_write(path, buf_str(&b));
	buf_free(&b);
	return path;
}

static void
test_script_stops(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);
	char *path, *want, *log, *yaml;
	size_t len;

	drop(db, "sq_script");
	path = write_script20(f, "twenty.sql");
	dbfx_var(f, "SCRIPTS", f->dir);

	/* The default: one transaction on PostgreSQL, none on MariaDB. */
	dbfx_run(f, "sql_script", "{database: scratch, file: "
	    "\"${SCRIPTS}/twenty.sql\"}", &r);
	assert_status(&r, STATUS_FAILED);
	want = xprintf("%s:14: statement 7 of 20 failed: the statement on ",
	    path);
	assert_starts(r.reason, want);
	free(want);
	assert_contains(r.reason, is_pg(s) ? "ERROR: syntax error at or near "
	    "\"VALUEZ\"" : "You have an error in your SQL syntax");
	if (is_pg(s)) {
		assert_contains(r.reason, "; rolled back: nothing applied");
		assert_false(table_exists(db, s, "sq_script"));
	} else {
		assert_contains(r.reason, "; statements 1 to 6 stayed applied");
		assert_int_equal(count_of(db, "sq_script"), 5);
		assert_int_equal(count_of(db, "sq_script WHERE n >= 7"), 0);
	}
	print_message("# %s\n", r.reason);

	/* Progress: one line a statement up to the failure, then it. */
	assert_starts(buf_str(&progress), "statement 1/20 (line 2): CREATE "
	    "TABLE sq_script (n INTEGER)\nstatement 2/20 (line 4): INSERT INTO "
	    "sq_script VALUES (2)\n");
	assert_contains(buf_str(&progress), "\nstatement 7/20 (line 14): "
	    "INSERT INTO sq_script VALUEZ (7)\nstatement 7/20 (line 14) "
	    "failed: ");
	assert_null(strstr(buf_str(&progress), "statement 8/20"));
	assert_true(ticks >= 7);

	/* The log: each statement, its outcome, and what stayed. */
	assert_string_equal(r.log_path, f->log);
	log = util_read_file(f->log, &len, NULL);
	assert_non_null(log);
	want = xprintf("--- test-step: the script %s on scratch (", path);
	assert_starts(log, want);
	free(want);
	assert_contains(log, "--- statement 6/20 (line 12):\nINSERT INTO "
	    "sq_script VALUES (6)\n--- statement 6: 1 row affected (");
	assert_contains(log, "--- statement 7: failed: the statement on ");
	assert_contains(log, is_pg(s) ? "--- rolled back: nothing applied\n" :
	    "--- statements 1 to 6 stayed applied\n");
	assert_null(strstr(log, "statement 8/20"));
	assert_null(strstr(log, s->password));
	free(log);
	result_clear(&r);

	/* The other way round: none on PostgreSQL, and on MariaDB a
	 * transaction cannot hold the CREATE TABLE, so the same. */
	drop(db, "sq_script");
	yaml = xprintf("{database: scratch, file: \"%s\", transaction: %s}",
	    path, is_pg(s) ? "false" : "true");
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "; statements 1 to 6 stayed applied");
	assert_int_equal(count_of(db, "sq_script"), 5);
	result_clear(&r);

	/* Rows only and transaction: true: rolled back on both. */
	test_write(path, "INSERT INTO sq_script VALUES (100);\n"
	    "INSERT INTO sq_script VALUES (101);\n"
	    "INSERT INTO sq_script_missing VALUES (102);\n");
	yaml = xprintf("{database: scratch, file: \"%s\", transaction: true}",
	    path);
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_FAILED);
	want = xprintf("%s:3: statement 3 of 3 failed: ", path);
	assert_starts(r.reason, want);
	free(want);
	assert_contains(r.reason, "; rolled back: nothing applied");
	assert_int_equal(count_of(db, "sq_script"), 5);
	result_clear(&r);

	drop(db, "sq_script");
	free(path);
	db_close(db);
	dbfx_free(f);
}

/* A MariaDB procedure between DELIMITER lines, a PostgreSQL function in
 * dollar quotes, each from "files", then called. */
static void
test_script_routines(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);
	char *my, *pg, *yaml, *v;

	drop(db, "sq_calls");
	exec_ok(db, is_pg(s) ? "DROP FUNCTION IF EXISTS sq_add(integer)" :
	    "DROP PROCEDURE IF EXISTS sq_add");
	my = xprintf("%s/routine-mysql.sql", f->dir);
	pg = xprintf("%s/routine-postgresql.sql", f->dir);
	test_write(my,
	    "CREATE TABLE sq_calls (n INTEGER, note VARCHAR(40));\n"
	    "\n"
	    "DELIMITER //\n"
	    "CREATE PROCEDURE sq_add(IN howmany INT)\n"
	    "BEGIN\n"
	    "  DECLARE i INT DEFAULT 0;\n"
	    "  # one row each time round; 'quotes;' do not end it\n"
	    "  WHILE i < howmany DO\n"
	    "    INSERT INTO sq_calls VALUES (i, 'row;');\n"
	    "    SET i = i + 1;\n"
	    "  END WHILE;\n"
	    "END //\n"
	    "DELIMITER ;\n"
	    "\n"
	    "CALL sq_add(2);\n");
	test_write(pg,
	    "CREATE TABLE sq_calls (n INTEGER, note VARCHAR(40));\n"
	    "\n"
	    "CREATE FUNCTION sq_add(howmany integer) RETURNS integer AS $$\n"
	    "DECLARE\n"
	    "  i integer := 0;\n"
	    "BEGIN\n"
	    "  -- one row each time round; 'quotes;' do not end it\n"
	    "  WHILE i < howmany LOOP\n"
	    "    INSERT INTO sq_calls VALUES (i, 'row;');\n"
	    "    i := i + 1;\n"
	    "  END LOOP;\n"
	    "  RETURN i;\n"
	    "END;\n"
	    "$$ LANGUAGE plpgsql;\n"
	    "\n"
	    "SELECT sq_add(2);\n");
	yaml = xprintf("database: scratch\nfiles:\n  postgresql: \"%s\"\n"
	    "  mysql: \"%s\"\n", pg, my);
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "3 statements run");
	assert_contains(r.evidence, is_pg(s) ? "\nstatement 2 (line 3): 0 rows "
	    "affected: CREATE FUNCTION sq_add(howmany integer) RETURNS integer "
	    "AS $$ DECLARE i" : "\nstatement 2 (line 4): 0 rows affected: "
	    "CREATE PROCEDURE sq_add(IN howmany INT) BEGIN DECLARE i INT");
	assert_contains(r.evidence, is_pg(s) ? "\nstatement 3 (line 16): 1 row "
	    "returned: SELECT sq_add(2)" : "\nstatement 3 (line 15): ");
	result_clear(&r);
	assert_int_equal(count_of(db, "sq_calls"), 2);

	/* It works when called again. */
	exec_ok(db, is_pg(s) ? "SELECT sq_add(3)" : "CALL sq_add(3)");
	assert_int_equal(count_of(db, "sq_calls"), 5);
	v = value_of(db, "SELECT COUNT(*) FROM sq_calls WHERE note = 'row;'");
	assert_string_equal(v, "5");
	free(v);

	exec_ok(db, is_pg(s) ? "DROP FUNCTION sq_add(integer)" :
	    "DROP PROCEDURE sq_add");
	drop(db, "sq_calls");
	free(my);
	free(pg);
	db_close(db);
	dbfx_free(f);
}

/* A script that manages its own transactions: ignored by default on
 * PostgreSQL, refused when a transaction is asked for. */
static void
test_script_own_transactions(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);
	char *path, *yaml;

	drop(db, "sq_own");
	exec_ok(db, "CREATE TABLE sq_own (n INTEGER)");
	path = xprintf("%s/own.sql", f->dir);
	test_write(path, "INSERT INTO sq_own VALUES (1);\n"
	    "START TRANSACTION;\n"
	    "INSERT INTO sq_own VALUES (2);\n"
	    "COMMIT;\n");
	yaml = xprintf("{database: scratch, file: \"%s\", transaction: true}",
	    path);
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_ERROR);
	assert_string_equal(r.reason, "'transaction: true' cannot wrap SQL "
	    "that manages its own transactions (statement 2, line 2); remove "
	    "those statements or set 'transaction: false'");
	result_clear(&r);
	assert_int_equal(count_of(db, "sq_own"), 0);

	yaml = xprintf("{database: scratch, file: \"%s\"}", path);
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_DONE);
	if (is_pg(s))
		assert_contains(r.evidence, "The SQL manages its own "
		    "transactions (statement 2, line 2), so it is not wrapped "
		    "in one: what it commits stays applied.");
	else
		assert_contains(r.evidence, "(transaction: false, the default "
		    "on MariaDB ");
	result_clear(&r);
	assert_int_equal(count_of(db, "sq_own"), 2);

	drop(db, "sq_own");
	free(path);
	db_close(db);
	dbfx_free(f);
}

/* Stopped by the operator between statements. */
static void
test_script_cancel(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);
	struct buf b = BUF_INIT;
	char *path, *yaml;
	int i;

	drop(db, "sq_cancel");
	exec_ok(db, "CREATE TABLE sq_cancel (n INTEGER)");
	path = xprintf("%s/ten.sql", f->dir);
	for (i = 1; i <= 10; i++)
		buf_printf(&b, "INSERT INTO sq_cancel VALUES (%d);\n", i);
	test_write(path, buf_str(&b));
	buf_free(&b);

	/* Asked to stop while statement 4 runs: it ends, 5 does not start.
	 * PostgreSQL (a transaction by default) undoes all; MariaDB keeps
	 * 1 to 4. */
	cancel_at = "statement 4/10 ";
	yaml = xprintf("{database: scratch, file: \"%s\"}", path);
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_CANCELLED);
	assert_starts(r.reason, "stopped by the operator before statement 5 "
	    "of 10 (line 5); ");
	if (is_pg(s)) {
		assert_contains(r.reason, "rolled back: nothing applied");
		assert_int_equal(count_of(db, "sq_cancel"), 0);
	} else {
		assert_contains(r.reason, "statements 1 to 4 stayed applied");
		assert_int_equal(count_of(db, "sq_cancel"), 4);
	}
	assert_contains(r.evidence, ": stopped before statement 5 of 10\n");
	assert_null(strstr(buf_str(&progress), "statement 5/10"));
	result_clear(&r);

	/* And the other way round. */
	exec_ok(db, "DELETE FROM sq_cancel");
	buf_reset(&progress);
	cancel_flag = 0;
	cancel_at = "statement 2/10 ";
	yaml = xprintf("{database: scratch, file: \"%s\", transaction: %s}",
	    path, is_pg(s) ? "false" : "true");
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_CANCELLED);
	if (is_pg(s)) {
		assert_contains(r.reason, "statements 1 to 2 stayed applied");
		assert_int_equal(count_of(db, "sq_cancel"), 2);
	} else {
		assert_contains(r.reason, "rolled back: nothing applied");
		assert_int_equal(count_of(db, "sq_cancel"), 0);
	}
	result_clear(&r);

	drop(db, "sq_cancel");
	free(path);
	db_close(db);
	dbfx_free(f);
}

/* A user without the privilege: the server's own message. */
static void
test_no_privilege(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;
	struct db *db;
	char *v;

	set = dbfx_map(f, "apimgt", s, "openbank_apimgtdb",
	    s->nopriv_password);
	free(set->user);
	set->user = xstrdup(s->nopriv_user);
	dbfx_run(f, "sql", "database: apimgt\n"
	    "sql: UPDATE SP_METADATA SET VALUE = 'x' WHERE ID = 1\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_starts(r.reason, "statement 1 of 1 (line 1): the statement on ");
	assert_contains(r.reason, is_pg(s) ? "ERROR: permission denied for "
	    "table sp_metadata" : "UPDATE command denied to user "
	    "'wizard_np'@'127.0.0.1' for table "
	    "`openbank_apimgtdb`.`SP_METADATA`");
	assert_contains(r.reason, "; rolled back: nothing applied");
	print_message("# %s\n", r.reason);
	result_clear(&r);

	db = connect_to(s, "openbank_apimgtdb");
	v = value_of(db, "SELECT VALUE FROM SP_METADATA WHERE ID = 1");
	assert_string_equal(v, "oQ4KoaavpOuoE7rvQsZEOV");
	free(v);
	db_close(db);
	dbfx_free(f);
}

/* The server is stopped: could not run, with the library's message, and
 * the log says so. */
static void
test_server_stopped(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db;
	char *path, *yaml, *log, *w, *want;
	size_t len;

	path = xprintf("%s/one.sql", f->dir);
	test_write(path, "SELECT 1;\n");
	assert_int_equal(system(s->stop), 0);

	dbfx_run(f, "sql", "{database: scratch, sql: SELECT 1}", &r);
	assert_status(&r, STATUS_ERROR);
	w = where(s, s->user, s->scratch);
	/* Where it went, said once. */
	want = xprintf("could not connect to the database scratch: "
	    "cannot connect to %s: ", w);
	assert_starts(r.reason, want);
	free(want);
	/* A MariaDB still closing its socket may take the connection and
	 * drop it in the handshake: the library says so instead. */
	if (is_pg(s))
		assert_contains(r.reason, "Connection refused");
	else if (strstr(r.reason, "Lost connection") == NULL)
		assert_contains(r.reason, "Can't connect to server on "
		    "'127.0.0.1'");
	print_message("# %s\n", r.reason);
	result_clear(&r);

	yaml = xprintf("{database: scratch, file: \"%s\"}", path);
	dbfx_run(f, "sql_script", yaml, &r);
	free(yaml);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "could not connect to the database scratch");
	log = util_read_file(f->log, &len, NULL);
	assert_non_null(log);
	assert_contains(log, "--- could not connect to the database scratch");
	free(log);
	result_clear(&r);

	assert_int_equal(system(s->start), 0);
	db = scratch(s);
	db_close(db);
	free(w);
	free(path);
	dbfx_free(f);
}

/* The previews: the database and where, the engine, the statements, how
 * they run; never a password. */
static void
test_previews(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct buf b = BUF_INIT;
	char *cause = NULL, *text, *w, *want, *path, *yaml;
	int i;

	text = dbfx_describe(f, "sql", remedy_yaml, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	w = where(s, s->user, s->scratch);
	if (is_pg(s))
		want = xprintf("Database: scratch, at %s (engine postgresql)\n"
		    "It runs in a transaction: if it fails, nothing stays "
		    "applied.\n"
		    "Statement 1 of 1 (line 1):\n"
		    "    ALTER TABLE SP_METADATA ALTER COLUMN VALUE TYPE "
		    "VARCHAR(4096)\n", w);
	else
		want = xprintf("Database: scratch, at %s (engine mariadb)\n"
		    "It runs without a transaction: mariadb commits DDL at "
		    "once.\n"
		    "Statement 1 of 1 (line 1):\n"
		    "    ALTER TABLE SP_METADATA MODIFY VALUE VARCHAR(4096) NOT "
		    "NULL\n", w);
	assert_string_equal(text, want);
	assert_null(strstr(text, s->password));
	free(want);
	free(text);

	text = dbfx_describe(f, "sql", "database: scratch\n"
	    "sql: |\n"
	    "  UPDATE SP_METADATA SET VALUE = 'a'\n"
	    "    WHERE ID = 1;\n"
	    "  DELETE FROM SP_METADATA WHERE ID = 2;\n", &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	want = xprintf("Database: scratch, at %s (engine %s)\n"
	    "They run in one transaction: if one fails, none of them stays "
	    "applied.\n"
	    "Statement 1 of 2 (line 1):\n"
	    "    UPDATE SP_METADATA SET VALUE = 'a'\n"
	    "      WHERE ID = 1\n"
	    "Statement 2 of 2 (line 3):\n"
	    "    DELETE FROM SP_METADATA WHERE ID = 2\n", w,
	    db_engine_name(s->engine));
	assert_string_equal(text, want);
	free(want);
	free(text);

	/* A script: the file, its size, the statements, the first five. */
	path = xprintf("%s/preview.sql", f->dir);
	buf_adds(&b, "-- a long script\n");
	for (i = 1; i <= 8; i++)
		buf_printf(&b, "INSERT INTO t VALUES (%d);\n", i);
	buf_adds(&b, "CREATE TABLE t2 (\n  a INT,\n  b INT,\n  c INT,\n"
	    "  d INT,\n  e INT,\n  f INT,\n  g INT,\n  h INT,\n  i INT,\n"
	    "  j INT,\n  k INT,\n  l INT\n);\n");
	test_write(path, buf_str(&b));
	yaml = xprintf("{database: scratch, file: \"%s\"}", path);
	text = dbfx_describe(f, "sql_script", yaml, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	want = xprintf("Script: %s, %zu bytes, 9 statements\n"
	    "Database: scratch, at %s (engine %s)\n"
	    "%s\n"
	    "Statement 1 of 9 (line 2):\n"
	    "    INSERT INTO t VALUES (1)\n"
	    "Statement 2 of 9 (line 3):\n"
	    "    INSERT INTO t VALUES (2)\n"
	    "Statement 3 of 9 (line 4):\n"
	    "    INSERT INTO t VALUES (3)\n"
	    "Statement 4 of 9 (line 5):\n"
	    "    INSERT INTO t VALUES (4)\n"
	    "Statement 5 of 9 (line 6):\n"
	    "    INSERT INTO t VALUES (5)\n"
	    "... and 4 more statements.\n", path, b.len, w,
	    db_engine_name(s->engine), is_pg(s) ? "They run in one "
	    "transaction: if one fails, none of them stays applied." : "They "
	    "run one by one without a transaction (transaction: false, the "
	    "default on mariadb): if one fails, the ones before it stay "
	    "applied.");
	assert_string_equal(text, want);
	free(want);
	free(text);
	free(yaml);

	/* A long statement is cut in the preview. */
	test_write(path, buf_str(&b) + strlen("-- a long script\n") +
	    8 * strlen("INSERT INTO t VALUES (1);\n"));
	yaml = xprintf("{database: scratch, file: \"%s\"}", path);
	text = dbfx_describe(f, "sql_script", yaml, &cause);
	assert_contains(text, "Statement 1 of 1 (line 1):\n"
	    "    CREATE TABLE t2 (\n      a INT,\n");
	assert_contains(text, "      k INT,\n    ... (2 more lines)\n");
	free(text);
	free(yaml);

	/* A script that cannot be split: the preview says where. */
	test_write(path, "SELECT 1;\nSELECT 'oops;\n");
	yaml = xprintf("{database: scratch, file: \"%s\"}", path);
	text = dbfx_describe(f, "sql_script", yaml, &cause);
	want = xprintf("It cannot be run: %s:2:8: a string in single quotes "
	    "starts here and is not closed\n", path);
	assert_contains(text, want);
	free(want);
	free(text);
	free(yaml);

	buf_free(&b);
	free(path);
	free(w);
	dbfx_free(f);
}

/* A script with a problem: nothing is run, the message has FILE:LINE:COL. */
static void
test_script_problems(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fixture(s);
	struct result r;
	struct db *db = scratch(s);
	char *path, *yaml, *want;

	drop(db, "sq_never");
	path = xprintf("%s/broken.sql", f->dir);
	test_write(path, "CREATE TABLE sq_never (a INT);\n"
	    "INSERT INTO sq_never VALUES (1);\n"
	    "/* not closed\n");
	yaml = xprintf("{database: scratch, file: \"%s\"}", path);
	dbfx_run(f, "sql_script", yaml, &r);
	assert_status(&r, STATUS_ERROR);
	want = xprintf("%s:3:1: a comment (/* ... */) starts here and is not "
	    "closed; nothing was run", path);
	assert_string_equal(r.reason, want);
	free(want);
	result_clear(&r);
	assert_false(table_exists(db, s, "sq_never"));
	assert_int_equal(f->connects, 0);

	test_write(path, "-- nothing but comments\n\n");
	dbfx_run(f, "sql_script", yaml, &r);
	assert_status(&r, STATUS_ERROR);
	want = xprintf("the script %s holds no statement, only comments or "
	    "blanks; nothing was run", path);
	assert_string_equal(r.reason, want);
	free(want);
	result_clear(&r);
	free(yaml);

	yaml = xprintf("{database: scratch, file: \"%s/missing.sql\"}",
	    f->dir);
	dbfx_run(f, "sql_script", yaml, &r);
	assert_status(&r, STATUS_ERROR);
	want = xprintf("cannot open %s/missing.sql: No such file or "
	    "directory; nothing was run", f->dir);
	assert_string_equal(r.reason, want);
	free(want);
	result_clear(&r);
	free(yaml);

	/* A placeholder without a value. */
	dbfx_run(f, "sql_script", "{database: scratch, file: "
	    "\"${NOWHERE}/x.sql\"}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "NOWHERE");
	result_clear(&r);
	assert_int_equal(f->connects, 0);

	free(path);
	db_close(db);
	dbfx_free(f);
}

/* Oracle and SQL Server: the operator runs the SQL; no connection. */
static void
test_operator_engines(void **state)
{
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;
	char *cause = NULL, *text, *path, *yaml;

	(void)state;
	set = dbfx_map(f, "scratch", NULL, "ORCL", NULL);
	set->engine = DB_ORACLE;
	set->host = xstrdup("ora.example");
	set->port = 1521;
	set->user = xstrdup("wso2");

	dbfx_run(f, "sql", remedy_yaml, &r);
	assert_status(&r, STATUS_PENDING);
	assert_string_equal(r.operator_query, "ALTER TABLE SP_METADATA MODIFY "
	    "VALUE VARCHAR2(4000)");
	assert_string_equal(r.evidence, "This program does not connect to "
	    "oracle databases. Run the query below on the database scratch "
	    "(oracle://wso2@ora.example:1521/ORCL) and report the outcome: "
	    "whether they ran without error");
	result_clear(&r);

	text = dbfx_describe(f, "sql", remedy_yaml, &cause);
	assert_string_equal(text, "Database: scratch, at "
	    "oracle://wso2@ora.example:1521/ORCL (engine oracle)\n"
	    "This program does not connect to oracle databases: the SQL below "
	    "is shown for you to run there, and you report whether it ran "
	    "without error.\n"
	    "    ALTER TABLE SP_METADATA MODIFY VALUE VARCHAR2(4000)\n");
	free(text);

	set->engine = DB_MSSQL;
	path = xprintf("%s/mssql.sql", f->dir);
	test_write(path, "ALTER TABLE SP_METADATA ALTER COLUMN VALUE "
	    "VARCHAR(4096) NOT NULL\nGO\n");
	yaml = xprintf("database: scratch\nfiles:\n  mssql: \"%s\"\n"
	    "  postgresql: /nowhere.sql\n", path);
	dbfx_run(f, "sql_script", yaml, &r);
	assert_status(&r, STATUS_PENDING);
	assert_string_equal(r.operator_query, "ALTER TABLE SP_METADATA ALTER "
	    "COLUMN VALUE VARCHAR(4096) NOT NULL\nGO\n");
	assert_contains(r.evidence, "does not connect to mssql databases");
	result_clear(&r);
	free(yaml);

	/* Before the settings are known: the SQL and scripts for every
	 * engine, the placeholders expanded. */
	dbfx_free(f);
	f = dbfx_new();
	dbfx_var(f, "HOME", "/opt/is");
	text = dbfx_describe(f, "sql", "database: apimgt\n"
	    "sql: {postgresql: \"SELECT $1\", mysql: \"SELECT ?\"}\n"
	    "params: [\"${HOME}\"]\n", &cause);
	assert_string_equal(text, "Database: apimgt (its settings are not "
	    "known yet: the database apimgt has no settings)\n"
	    "SQL for postgresql:\n    SELECT $1\n"
	    "SQL for mysql:\n    SELECT ?\n"
	    "Bound value 1: '/opt/is'\n");
	free(text);
	text = dbfx_describe(f, "sql_script", "database: apimgt\n"
	    "files: {postgresql: \"${HOME}/pg.sql\", mysql: /my.sql}\n",
	    &cause);
	assert_string_equal(text, "Database: apimgt (its settings are not "
	    "known yet: the database apimgt has no settings)\n"
	    "Script for postgresql: /opt/is/pg.sql\n"
	    "Script for mysql: /my.sql\n");
	free(text);
	assert_null(dbfx_describe(f, "sql_script", "{database: apimgt, file: "
	    "\"${NOPE}/a.sql\"}", &cause));
	assert_contains(cause, "NOPE");
	free(cause);
	dbfx_run(f, "sql", "{database: apimgt, sql: SELECT 1}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_string_equal(r.reason, "the database apimgt has no settings");
	result_clear(&r);
	set = dbfx_map(f, "scratch", NULL, "MSDB", NULL);
	set->engine = DB_MSSQL;

	/* No script for the engine. */
	dbfx_run(f, "sql_script", "database: scratch\nfiles: {postgresql: "
	    "/a.sql, mysql: /b.sql}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_string_equal(r.reason, "the step gives no script for mssql in "
	    "'files'");
	result_clear(&r);
	assert_int_equal(f->connects, 0);
	free(path);
	dbfx_free(f);
}

/* What the loader is told about the steps' parameters. */
static void
validates(const char *kind, const char *yaml, const char *want)
{
	const struct kind *k = kind_find(kind);
	struct diags d = DIAGS_INIT;
	struct ynode *with;
	char *cause = NULL, *all;

	assert_non_null(k);
	with = ynode_parse(yaml, strlen(yaml), "g.yaml", &cause);
	if (with == NULL)
		fail_msg("%s", cause);
	params_validate(with, k->params, "g.yaml", kind, &d);
	k->validate(with, "g.yaml", &d);
	all = diags_join(&d);
	if (want == NULL) {
		if (d.n != 0)
			fail_msg("%s: %s", yaml, all);
	} else if (strstr(all, want) == NULL)
		fail_msg("'%s' not in '%s'", want, all);
	free(all);
	diags_free(&d);
	ynode_free(with);
}

static void
test_validate(void **state)
{
	(void)state;
	validates("sql", remedy_yaml, NULL);
	validates("sql", "{database: a, sql: \"SELECT 1; SELECT 2\", "
	    "params: [x]}", "'params' binds values to a single statement, and "
	    "the SQL for postgresql holds 2");
	validates("sql", "database: a\nsql:\n  mysql: \"SELECT 'x\"\n",
	    "g.yaml:3:10: 'sql' for mysql, line 1, column 8 of the SQL: a "
	    "string in single quotes starts here and is not closed");
	validates("sql", "{database: a, sql: \"-- nothing\"}",
	    "'sql' for postgresql holds no statement");
	/* Only the engines this program runs SQL on are split. */
	validates("sql", "database: a\nsql:\n  oracle: \"SELECT 'x\"\n", NULL);
	validates("sql_script", "{database: a, file: x.sql}", NULL);
	validates("sql_script", "{database: a, files: {postgresql: a.sql, "
	    "mysql: b.sql}}", NULL);
	validates("sql_script", "{database: a, file: x.sql, files: "
	    "{mysql: b.sql}}", "give 'file' or 'files', not both");
	validates("sql_script", "{database: a}", "the script is missing");
	validates("sql_script", "{database: a, files: {db2: a.sql}}",
	    "unknown database engine 'db2' in 'files'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_operator_engines),
#define BOTH(f) \
		cmocka_unit_test_prestate(f, &pg_server), \
		cmocka_unit_test_prestate(f, &my_server)
		BOTH(test_sp_metadata_remedy),
		BOTH(test_sql_rolls_back),
		BOTH(test_sql_params),
		BOTH(test_script_stops),
		BOTH(test_script_routines),
		BOTH(test_script_own_transactions),
		BOTH(test_script_cancel),
		BOTH(test_script_problems),
		BOTH(test_no_privilege),
		BOTH(test_previews),
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
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_rmtree(home);
	free(home);
	buf_free(&progress);
	return rc;
}
