/* test-sqlsplit.c: SQL text split into statements for PostgreSQL and
 * MySQL/MariaDB: comments, quotes, dollar quotes, DELIMITER lines, where
 * each statement starts, and what is left open. */
#include "config.h"

#include "testutil.h"

#include "sqlsplit.h"

/* Split text for an engine, expecting success. */
static void
split_ok(const char *text, enum db_engine e, struct sqlsplit *sp)
{
	char *cause = NULL;

	if (sqlsplit_split(text, strlen(text), e, sp, &cause) != 0)
		fail_msg("'%s': %zu:%zu: %s", text, sp->err_line, sp->err_col,
		    cause);
	assert_null(cause);
}

/* Split text, expecting these statements exactly (NULL-terminated). */
static void
splits_to(const char *text, enum db_engine e, ...)
{
	struct sqlsplit sp;
	const char *want;
	va_list ap;
	size_t i = 0;

	split_ok(text, e, &sp);
	va_start(ap, e);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= sp.n)
			fail_msg("'%s' (%s): statement %zu missing, want '%s'",
			    text, db_engine_name(e), i + 1, want);
		if (strcmp(sp.stmts[i].text, want) != 0)
			fail_msg("'%s' (%s): statement %zu is '%s', want '%s'",
			    text, db_engine_name(e), i + 1, sp.stmts[i].text,
			    want);
		i++;
	}
	va_end(ap);
	if (sp.n != i)
		fail_msg("'%s' (%s): %zu statements, want %zu", text,
		    db_engine_name(e), sp.n, i);
	sqlsplit_clear(&sp);
}

/* Split len bytes of text, expecting failure at line:col with a message
 * holding part. */
static void
split_fails_len(const char *text, size_t len, enum db_engine e, size_t line,
    size_t col, const char *part)
{
	struct sqlsplit sp;
	char *cause = NULL;

	if (sqlsplit_split(text, len, e, &sp, &cause) != -1)
		fail_msg("'%s' (%s) split into %zu statements", text,
		    db_engine_name(e), sp.n);
	assert_non_null(cause);
	if (strstr(cause, part) == NULL)
		fail_msg("'%s' not in '%s'", part, cause);
	if (sp.err_line != line || sp.err_col != col)
		fail_msg("'%s' (%s): error at %zu:%zu, want %zu:%zu: %s", text,
		    db_engine_name(e), sp.err_line, sp.err_col, line, col,
		    cause);
	free(cause);
	sqlsplit_clear(&sp);
}

static void
split_fails(const char *text, enum db_engine e, size_t line, size_t col,
    const char *part)
{
	split_fails_len(text, strlen(text), e, line, col, part);
}

static void
test_basics(void **state)
{
	(void)state;
	splits_to("SELECT 1; SELECT 2;", DB_POSTGRESQL, "SELECT 1", "SELECT 2",
	    NULL);
	/* A last statement without a terminator is kept. */
	splits_to("SELECT 1;\nSELECT 2", DB_MARIADB, "SELECT 1", "SELECT 2",
	    NULL);
	/* Empty statements are skipped. */
	splits_to(";; ;\n;SELECT 1;;", DB_POSTGRESQL, "SELECT 1", NULL);
	/* Blanks and comments alone are no statement. */
	splits_to("SELECT 1;\n-- the end\n/* really */\n  \n", DB_POSTGRESQL,
	    "SELECT 1", NULL);
	splits_to("SELECT 1;\n# the end\n-- \n", DB_MYSQL, "SELECT 1", NULL);
	splits_to("", DB_POSTGRESQL, NULL);
	splits_to("  \n\t-- nothing\n", DB_MARIADB, NULL);
	/* Comments before a statement are not its text; inside it, they
	 * are. */
	splits_to("-- first\n/* x */ UPDATE t -- why\n SET a = 1 /* c */ ;",
	    DB_POSTGRESQL, "UPDATE t -- why\n SET a = 1", NULL);
	/* Other engines: standard quotes and comments. */
	splits_to("SELECT 'a;b' -- c;\nFROM dual; SELECT \"x;\" FROM y",
	    DB_ORACLE, "SELECT 'a;b' -- c;\nFROM dual", "SELECT \"x;\" FROM y",
	    NULL);
}

static void
test_dash_comments(void **state)
{
	(void)state;
	splits_to("SELECT 1 -- a;b\n, 2;", DB_POSTGRESQL,
	    "SELECT 1 -- a;b\n, 2", NULL);
	/* MySQL: "--" is a comment only before a blank or a control
	 * character; "--x" is two minus signs. */
	splits_to("SELECT 1 --x; SELECT 2;", DB_MYSQL, "SELECT 1 --x",
	    "SELECT 2", NULL);
	splits_to("SELECT 1 --x; SELECT 2;", DB_POSTGRESQL, "SELECT 1", NULL);
	splits_to("SELECT 5--1;", DB_MARIADB, "SELECT 5--1", NULL);
	splits_to("SELECT 1 --\t;\n;SELECT 2;", DB_MYSQL, "SELECT 1",
	    "SELECT 2", NULL);
	splits_to("SELECT 1;--", DB_MYSQL, "SELECT 1", NULL);
}

static void
test_hash_comments(void **state)
{
	(void)state;
	/* MySQL and MariaDB: '#' to the end of the line. */
	splits_to("SELECT 1 # a;b\n;", DB_MYSQL, "SELECT 1", NULL);
	splits_to("# a; b\nSELECT 1;", DB_MARIADB, "SELECT 1", NULL);
	/* PostgreSQL: '#' is an operator (bitwise xor). */
	splits_to("SELECT 1 # 3; SELECT 2", DB_POSTGRESQL, "SELECT 1 # 3",
	    "SELECT 2", NULL);
}

static void
test_block_comments(void **state)
{
	(void)state;
	splits_to("/* a; b */ SELECT /* ; */ 1;", DB_MYSQL,
	    "SELECT /* ; */ 1", NULL);
	/* PostgreSQL's block comments nest; MySQL's do not. */
	splits_to("/* a /* b; */ c; */ SELECT 1;", DB_POSTGRESQL, "SELECT 1",
	    NULL);
	splits_to("/* a /* b; */ c; */ SELECT 1;", DB_MYSQL, "c",
	    "*/ SELECT 1", NULL);
	/* MySQL's executable comments are statement text. */
	splits_to("/*!40101 SET NAMES utf8; */;\nSELECT 1;", DB_MYSQL,
	    "/*!40101 SET NAMES utf8; */", "SELECT 1", NULL);
	splits_to("/*M!100100 SET a=1 */;", DB_MARIADB,
	    "/*M!100100 SET a=1 */", NULL);
	splits_to("CREATE /*!32312 IF NOT EXISTS*/ TABLE t (a INT);",
	    DB_MARIADB, "CREATE /*!32312 IF NOT EXISTS*/ TABLE t (a INT)",
	    NULL);
	/* ... and plain comments on PostgreSQL. */
	splits_to("/*!40101 SET NAMES utf8 */;\nSELECT 1;", DB_POSTGRESQL,
	    "SELECT 1", NULL);
}

static void
test_quotes(void **state)
{
	(void)state;
	/* '' stands for a quote everywhere. */
	splits_to("SELECT 'a;''b'; SELECT 2", DB_POSTGRESQL, "SELECT 'a;''b'",
	    "SELECT 2", NULL);
	splits_to("SELECT 'a;''b'; SELECT 2", DB_MARIADB, "SELECT 'a;''b'",
	    "SELECT 2", NULL);
	/* MySQL: a backslash escapes; PostgreSQL: it is a character. */
	splits_to("SELECT 'a\\';b';", DB_MYSQL, "SELECT 'a\\';b'", NULL);
	splits_to("SELECT 'a\\'; SELECT 'b';", DB_POSTGRESQL, "SELECT 'a\\'",
	    "SELECT 'b'", NULL);
	split_fails("SELECT 'a\\';\nb';", DB_POSTGRESQL, 2, 2,
	    "single quotes");
	/* Double quotes: a name on PostgreSQL, a string on MySQL. */
	splits_to("SELECT \"a;\"\"b\" FROM t;", DB_POSTGRESQL,
	    "SELECT \"a;\"\"b\" FROM t", NULL);
	splits_to("SELECT \"a\\\";b\";", DB_MYSQL, "SELECT \"a\\\";b\"", NULL);
	/* Backticks: MySQL's names; nothing special on PostgreSQL. */
	splits_to("SELECT `a;``b` FROM t;", DB_MARIADB,
	    "SELECT `a;``b` FROM t", NULL);
	splits_to("SELECT `a;b`", DB_POSTGRESQL, "SELECT `a", "b`", NULL);
	/* Quotes inside comments, comments inside quotes. */
	splits_to("SELECT '--;' -- it's\n;", DB_POSTGRESQL, "SELECT '--;'",
	    NULL);
	splits_to("SELECT '/*'; SELECT '*/';", DB_MYSQL, "SELECT '/*'",
	    "SELECT '*/'", NULL);
}

static void
test_escape_strings(void **state)
{
	(void)state;
	/* PostgreSQL's E'' strings take backslash escapes. */
	splits_to("SELECT E'a\\';b'; SELECT 2;", DB_POSTGRESQL,
	    "SELECT E'a\\';b'", "SELECT 2", NULL);
	splits_to("SELECT e'\\\\'; SELECT 2;", DB_POSTGRESQL,
	    "SELECT e'\\\\'", "SELECT 2", NULL);
	/* An E that ends a name does not start one. */
	splits_to("SELECT typee'a\\'; SELECT 2", DB_POSTGRESQL,
	    "SELECT typee'a\\'", "SELECT 2", NULL);
	split_fails("SELECT E'a\\';", DB_POSTGRESQL, 1, 8,
	    "single quotes");
}

static void
test_dollar_quotes(void **state)
{
	(void)state;
	splits_to("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ "
	    "LANGUAGE sql; SELECT f();", DB_POSTGRESQL,
	    "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
	    "SELECT f()", NULL);
	/* A tagged quote ends only at the same tag. */
	splits_to("DO $body$ BEGIN PERFORM $$;$$; RAISE NOTICE 'x;'; END "
	    "$body$; SELECT 1", DB_POSTGRESQL, "DO $body$ BEGIN PERFORM "
	    "$$;$$; RAISE NOTICE 'x;'; END $body$", "SELECT 1", NULL);
	splits_to("SELECT $a$ $A$; $a$;", DB_POSTGRESQL, "SELECT $a$ $A$; $a$",
	    NULL);
	/* Quotes inside a dollar quote do not count. */
	splits_to("SELECT $q$it's; \"x$q$;", DB_POSTGRESQL,
	    "SELECT $q$it's; \"x$q$", NULL);
	/* $1 is a parameter, not a quote. */
	splits_to("PREPARE p AS SELECT $1, $2; EXECUTE p(1, 2);",
	    DB_POSTGRESQL, "PREPARE p AS SELECT $1, $2", "EXECUTE p(1, 2)",
	    NULL);
	/* '$' inside a name. */
	splits_to("SELECT a$b$ FROM t; SELECT 2", DB_POSTGRESQL,
	    "SELECT a$b$ FROM t", "SELECT 2", NULL);
	/* MySQL has no dollar quoting. */
	splits_to("SELECT $$; SELECT 2 $$", DB_MYSQL, "SELECT $$",
	    "SELECT 2 $$", NULL);
}

static void
test_delimiter(void **state)
{
	(void)state;
	splits_to("DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; "
	    "SELECT 2; END //\nDELIMITER ;\nCALL p();", DB_MYSQL,
	    "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "CALL p()",
	    NULL);
	/* Any case, any string, leading blanks, anything after it ignored
	 * as the mysql client does; ';' is then plain text. */
	splits_to("  delimiter $$ (for the body)\nSELECT 1; SELECT 2$$\n"
	    "Delimiter ;;\nSELECT 3;;SELECT 4;\n", DB_MARIADB,
	    "SELECT 1; SELECT 2", "SELECT 3", "SELECT 4;", NULL);
	/* The last statement may end without the delimiter. */
	splits_to("DELIMITER //\nSELECT 1//\nSELECT 2", DB_MYSQL, "SELECT 1",
	    "SELECT 2", NULL);
	/* Only at the start of a line, between statements. */
	splits_to("SELECT 1; DELIMITER //\n", DB_MYSQL, "SELECT 1",
	    "DELIMITER //", NULL);
	splits_to("SELECT a,\ndelimiter FROM t;", DB_MYSQL,
	    "SELECT a,\ndelimiter FROM t", NULL);
	splits_to("SELECT 1;\nDELIMITERS;", DB_MYSQL, "SELECT 1", "DELIMITERS",
	    NULL);
	/* A comment does not make a statement pending. */
	splits_to("-- procedures\nDELIMITER //\nSELECT 1//", DB_MARIADB,
	    "SELECT 1", NULL);
	/* Not a PostgreSQL command. */
	splits_to("DELIMITER //\nSELECT 1;", DB_POSTGRESQL,
	    "DELIMITER //\nSELECT 1", NULL);
	split_fails("SELECT 1;\nDELIMITER \n", DB_MYSQL, 2, 1,
	    "DELIMITER must be followed by the new delimiter");
	split_fails("DELIMITER", DB_MYSQL, 1, 1,
	    "DELIMITER must be followed by the new delimiter");
	split_fails("DELIMITER \\\\\n", DB_MARIADB, 1, 1, "backslash");
}

static void
test_unterminated(void **state)
{
	const char nul[] = "SELECT 1;\nSELECT '\0';";

	(void)state;
	split_fails("SELECT 1;\n  SELECT 'abc;\n", DB_POSTGRESQL, 2, 10,
	    "a string in single quotes starts here and is not closed");
	split_fails("SELECT \"abc;", DB_POSTGRESQL, 1, 8,
	    "double quotes");
	split_fails("SELECT `abc;", DB_MYSQL, 1, 8, "backticks");
	split_fails("SELECT 1; /* a\n/* b */\n", DB_POSTGRESQL, 1, 11,
	    "a comment (/* ... */) starts here and is not closed");
	split_fails("SELECT 1 /*!40101 x;", DB_MARIADB, 1, 10,
	    "executable comment");
	split_fails("SELECT 1;\nCREATE FUNCTION f() AS $fn$ SELECT 1; $$;",
	    DB_POSTGRESQL, 2, 24, "with $fn$ and is not closed by $fn$");
	/* Columns count characters, not bytes. */
	split_fails("SELECT 'é', 'x", DB_POSTGRESQL, 1, 13,
	    "single quotes");
	split_fails_len(nul, sizeof nul - 1, DB_POSTGRESQL, 2, 9, "NUL byte");
}

static void
test_positions(void **state)
{
	const char *text =
	    "-- a script\n"
	    "\n"
	    "CREATE TABLE t (\n"
	    "  a INT\n"
	    ");\n"
	    "  INSERT INTO t VALUES (1); INSERT INTO t\n"
	    "VALUES ('é');   UPDATE t SET a = 2;\n"
	    "/* done */ SELECT\n"
	    "1";
	struct sqlsplit sp;

	(void)state;
	split_ok(text, DB_POSTGRESQL, &sp);
	assert_int_equal(sp.n, 5);
	assert_string_equal(sp.stmts[0].text, "CREATE TABLE t (\n  a INT\n)");
	assert_int_equal(sp.stmts[0].line, 3);
	assert_int_equal(sp.stmts[0].col, 1);
	assert_int_equal(sp.stmts[1].line, 6);
	assert_int_equal(sp.stmts[1].col, 3);
	assert_string_equal(sp.stmts[2].text, "INSERT INTO t\nVALUES ('é')");
	assert_int_equal(sp.stmts[2].line, 6);
	assert_int_equal(sp.stmts[2].col, 29);
	/* After a two-byte character: column 17, byte 18. */
	assert_int_equal(sp.stmts[3].line, 7);
	assert_int_equal(sp.stmts[3].col, 17);
	assert_string_equal(sp.stmts[4].text, "SELECT\n1");
	assert_int_equal(sp.stmts[4].line, 8);
	assert_int_equal(sp.stmts[4].col, 12);
	sqlsplit_clear(&sp);

	/* A byte order mark is not a column; CRLF lines are lines. */
	split_ok("\xef\xbb\xbfSELECT 1;\r\n SELECT 2;\r\n", DB_MARIADB, &sp);
	assert_int_equal(sp.n, 2);
	assert_string_equal(sp.stmts[0].text, "SELECT 1");
	assert_int_equal(sp.stmts[0].col, 1);
	assert_int_equal(sp.stmts[1].line, 2);
	assert_int_equal(sp.stmts[1].col, 2);
	sqlsplit_clear(&sp);
}

/* A MySQL script shaped like WSO2's: a procedure between DELIMITER lines,
 * mysqldump's executable comments, then calls. */
static void
test_wso2_mysql(void **state)
{
	const char *text =
	    "-- Start of IDENTITY Tables --\n"
	    "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
	    "CREATE TABLE IF NOT EXISTS IDN_BASE_TABLE (\n"
	    "            PRODUCT_NAME VARCHAR(20),\n"
	    "            PRIMARY KEY (PRODUCT_NAME)\n"
	    ")ENGINE INNODB;\n"
	    "\n"
	    "INSERT INTO IDN_BASE_TABLE values ('WSO2 Identity Server');\n"
	    "\n"
	    "DROP PROCEDURE IF EXISTS skip_index_if_exists;\n"
	    "\n"
	    "DELIMITER //\n"
	    "CREATE PROCEDURE skip_index_if_exists(indexName varchar(64), "
	    "tableName varchar(64), tableColumns varchar(255))\n"
	    "BEGIN\n"
	    "  BEGIN\n"
	    "    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;\n"
	    "    # Index may exist already; the handler keeps going\n"
	    "    SET @s = CONCAT('CREATE INDEX ', indexName, ' ON ', "
	    "tableName, ' ', tableColumns, ';');\n"
	    "    PREPARE stmt FROM @s;\n"
	    "    EXECUTE stmt;\n"
	    "  END;\n"
	    "END //\n"
	    "DELIMITER ;\n"
	    "\n"
	    "CALL skip_index_if_exists('IDX_AT_CK_AU', "
	    "'IDN_OAUTH2_ACCESS_TOKEN', '(CONSUMER_KEY_ID, AUTHZ_USER)');\n"
	    "DROP PROCEDURE IF EXISTS skip_index_if_exists;\n";
	struct sqlsplit sp;

	(void)state;
	split_ok(text, DB_MYSQL, &sp);
	assert_int_equal(sp.n, 7);
	assert_string_equal(sp.stmts[0].text, "/*!40101 SET "
	    "@OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */");
	assert_int_equal(sp.stmts[1].line, 3);
	assert_int_equal(sp.stmts[2].line, 8);
	assert_int_equal(sp.stmts[3].line, 10);
	assert_int_equal(sp.stmts[4].line, 13);
	assert_true(strncmp(sp.stmts[4].text, "CREATE PROCEDURE "
	    "skip_index_if_exists(", 38) == 0);
	assert_non_null(strstr(sp.stmts[4].text, "EXECUTE stmt;\n  END;\nEND"));
	assert_int_equal(sp.stmts[4].text[strlen(sp.stmts[4].text) - 1], 'D');
	assert_int_equal(sp.stmts[5].line, 25);
	assert_string_equal(sp.stmts[6].text,
	    "DROP PROCEDURE IF EXISTS skip_index_if_exists");
	assert_int_equal(sp.stmts[6].line, 26);
	sqlsplit_clear(&sp);
}

/* A PostgreSQL script shaped like WSO2's: a PL/pgSQL function whose body
 * holds semicolons, between dollar quotes, then its use. */
static void
test_wso2_postgresql(void **state)
{
	const char *text =
	    "CREATE OR REPLACE FUNCTION skip_index_if_exists(indexName "
	    "varchar(64),tableName varchar(64), tableColumns varchar(64))  "
	    "RETURNS void AS $$\n"
	    "declare s varchar(1000);\n"
	    "begin\n"
	    "  if to_regclass(indexName) IS NULL then\n"
	    "    s :=  CONCAT('CREATE INDEX ' , indexName , ' ON ' , "
	    "tableName, tableColumns);\n"
	    "    execute s;\n"
	    "  end if;\n"
	    "END;\n"
	    "$$ LANGUAGE plpgsql;\n"
	    "\n"
	    "SELECT skip_index_if_exists('idx_sp_metadata', 'sp_metadata', "
	    "'(sp_id)');\n"
	    "DROP FUNCTION skip_index_if_exists(varchar, varchar, varchar);\n";
	struct sqlsplit sp;

	(void)state;
	split_ok(text, DB_POSTGRESQL, &sp);
	assert_int_equal(sp.n, 3);
	assert_non_null(strstr(sp.stmts[0].text, "execute s;\n  end if;\n"
	    "END;\n$$ LANGUAGE plpgsql"));
	assert_int_equal(sp.stmts[0].line, 1);
	assert_int_equal(sp.stmts[1].line, 11);
	assert_int_equal(sp.stmts[2].line, 12);
	sqlsplit_clear(&sp);
	/* Split as MySQL, the same text gives other statements: the
	 * engine matters. */
	split_ok(text, DB_MYSQL, &sp);
	assert_true(sp.n > 3);
	sqlsplit_clear(&sp);
}

static void
test_classify(void **state)
{
	(void)state;
	assert_int_equal(sqlsplit_classify("SELECT 1"), SQLSPLIT_QUERY);
	assert_int_equal(sqlsplit_classify("(select 1) union (select 2)"),
	    SQLSPLIT_QUERY);
	assert_int_equal(sqlsplit_classify("show tables"), SQLSPLIT_QUERY);
	assert_int_equal(sqlsplit_classify("UPDATE t SET a = 1"),
	    SQLSPLIT_DML);
	assert_int_equal(sqlsplit_classify("insert into t values (1)"),
	    SQLSPLIT_DML);
	assert_int_equal(sqlsplit_classify("WITH x AS (SELECT 1) DELETE "
	    "FROM t"), SQLSPLIT_DML);
	assert_int_equal(sqlsplit_classify("ALTER TABLE t ADD b INT"),
	    SQLSPLIT_OTHER);
	assert_int_equal(sqlsplit_classify("CREATE PROCEDURE p() BEGIN END"),
	    SQLSPLIT_OTHER);
	assert_int_equal(sqlsplit_classify("/*!40101 SET x=1 */"),
	    SQLSPLIT_OTHER);
	assert_int_equal(sqlsplit_classify("SELECTED"), SQLSPLIT_OTHER);
	assert_int_equal(sqlsplit_classify("BEGIN"), SQLSPLIT_TRANSACTION);
	assert_int_equal(sqlsplit_classify("begin work"),
	    SQLSPLIT_TRANSACTION);
	assert_int_equal(sqlsplit_classify("START TRANSACTION"),
	    SQLSPLIT_TRANSACTION);
	assert_int_equal(sqlsplit_classify("commit"), SQLSPLIT_TRANSACTION);
	assert_int_equal(sqlsplit_classify("ROLLBACK"), SQLSPLIT_TRANSACTION);
	assert_int_equal(sqlsplit_classify("END"), SQLSPLIT_TRANSACTION);
	assert_int_equal(sqlsplit_classify("PREPARE TRANSACTION 'x'"),
	    SQLSPLIT_TRANSACTION);
	/* MariaDB's anonymous block. */
	assert_int_equal(sqlsplit_classify("BEGIN NOT ATOMIC SELECT 1; END"),
	    SQLSPLIT_OTHER);
	assert_int_equal(sqlsplit_classify("START SLAVE"), SQLSPLIT_OTHER);
}

static void
test_summary(void **state)
{
	char *s;

	(void)state;
	s = sqlsplit_summary("CREATE TABLE t (\n  a INT,\n\tb\rINT\n)", 72);
	assert_string_equal(s, "CREATE TABLE t ( a INT, b INT )");
	free(s);
	s = sqlsplit_summary("SELECT 'éééé' FROM t", 12);
	assert_string_equal(s, "SELECT 'éééé...");
	free(s);
	s = sqlsplit_summary("SELECT 1234", 11);
	assert_string_equal(s, "SELECT 1234");
	free(s);
	s = sqlsplit_summary("SELECT  \n 12345", 8);
	assert_string_equal(s, "SELECT 1...");
	free(s);
	s = sqlsplit_summary("SELECT '\x01'", 72);
	assert_string_equal(s, "SELECT '?'");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basics),
		cmocka_unit_test(test_dash_comments),
		cmocka_unit_test(test_hash_comments),
		cmocka_unit_test(test_block_comments),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escape_strings),
		cmocka_unit_test(test_dollar_quotes),
		cmocka_unit_test(test_delimiter),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_wso2_mysql),
		cmocka_unit_test(test_wso2_postgresql),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
