/* test-dumpkinds.c: the db_dump action and the db_backup_present check.
 * Against the private PostgreSQL and MariaDB of tests/db/servers.sh (run
 * through tests/db/dump.sh, which adds the database wizard_dump and the
 * administrators' clients the dumps are restored with): dumps are made,
 * checked, restored and compared, made with a wrong password, without one,
 * with the server stopped, stopped by the operator. The recognition of
 * dump files is also tested on files written here, which needs no server. */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include "testdb.h"

#include "buf.h"
#include "db.h"
#include "dumpfile.h"
#include "kind.h"
#include "sha256.h"
#include "util.h"
#include "xmalloc.h"

static struct server pg_server = { .engine = DB_POSTGRESQL };
static struct server my_server = { .engine = DB_MARIADB };

/* The database the dumps are of, on both servers. */
static const char *dump_db = "wizard_dump";

/*
 * Helpers.
 */

/* Run a shell command; its exit status. */
static int
sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	cmd = xvprintf(fmt, ap);
	va_end(ap);
	rc = system(cmd);
	free(cmd);
	return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

/* The SHA-256 of a file as sha256sum computes it: a second opinion. */
static char *
sha256sum(const char *path)
{
	char *q = util_shell_quote(path), *cmd, line[128];
	FILE *fp;

	cmd = xprintf("sha256sum -- %s", q);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	assert_int_equal(pclose(fp), 0);
	free(cmd);
	free(q);
	line[64] = '\0';
	return xstrdup(line);
}

/* The entries of a folder, hidden ones too; 0 if it does not exist. */
static size_t
count_entries(const char *dir)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	if (d == NULL) {
		assert_int_equal(errno, ENOENT);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static char *
read_all(const char *path)
{
	char *cause = NULL, *text;
	size_t len;

	text = util_read_file(path, &len, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	return text;
}

static void
assert_lacks(const char *text, const char *part)
{
	if (text != NULL && strstr(text, part) != NULL)
		fail_msg("'%s' should not be in '%s'", part, text);
}

/* The file the evidence says the dump was written to. */
static char *
dump_path_of(const struct result *r)
{
	const char *p = strstr(r->evidence, " wrote ");
	size_t len;

	assert_non_null(p);
	p += 7;
	len = strcspn(p, "\n");
	return xstrndup(p, len);
}

/* A fixture whose "apimgt" is wizard_dump on the server. */
static struct dbfx *
fx_for(const struct server *s, const char *password)
{
	struct dbfx *f = dbfx_new();

	dbfx_map(f, "apimgt", s, dump_db, password);
	return f;
}

/* Dump with the action; the file (the caller frees the name). */
static char *
make_dump(struct dbfx *f)
{
	struct result r;
	char *path;

	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_DONE);
	path = dump_path_of(&r);
	result_clear(&r);
	return path;
}

/* The check on a path; the caller clears r. */
static enum status
check_path(struct dbfx *f, const char *path, const char *extra,
    struct result *r)
{
	char *yaml = xprintf("{database: apimgt, path: '%s'%s%s}", path,
	    extra != NULL ? ", " : "", extra != NULL ? extra : "");
	enum status st = dbfx_run(f, "db_backup_present", yaml, r);

	free(yaml);
	return st;
}

/* The operator's own dump, made with the tool directly (extra: options
 * before the database, shell-quoted already). */
static void
tool_dump(const struct server *s, const char *extra, const char *database,
    const char *out)
{
	char *qo = util_shell_quote(out), *qp = util_shell_quote(s->password);
	int rc;

	if (is_pg(s))
		rc = sh("PGPASSWORD=%s pg_dump --host=%s --port=%d "
		    "--username=%s %s --file=%s %s", qp, s->host, s->port,
		    s->user, extra, qo, database);
	else
		rc = sh("MYSQL_PWD=%s mariadb-dump --host=%s --port=%d "
		    "--user=%s %s --result-file=%s %s", qp, s->host, s->port,
		    s->user, extra, qo, database);
	assert_int_equal(rc, 0);
	free(qo);
	free(qp);
}

/* SQL as the server's administrator. */
static void
admin_sql(const struct server *s, const char *sql)
{
	char *q = util_shell_quote(sql);

	if (is_pg(s))
		assert_int_equal(sh("\"$DUMP_PG_ADMIN\" -d postgres -c %s", q),
		    0);
	else
		assert_int_equal(sh("\"$DUMP_MY_ADMIN\" -e %s", q), 0);
	free(q);
}

/* Load a dump as the administrator, as a restore would. */
static void
admin_restore(const struct server *s, const char *file)
{
	char *q = util_shell_quote(file);

	if (is_pg(s))
		assert_int_equal(sh("\"$DUMP_PG_ADMIN\" -d postgres -f %s "
		    ">/dev/null", q), 0);
	else
		assert_int_equal(sh("\"$DUMP_MY_ADMIN\" < %s", q), 0);
	free(q);
}

static void
write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* text with the first from replaced by to; the caller frees it. */
static char *
replace(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);

	assert_non_null(p);
	return xprintf("%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
}

static void
set_mtime(const char *path, time_t t)
{
	struct utimbuf ub = { t, t };

	assert_int_equal(utime(path, &ub), 0);
}

static void
gzip_file(const char *from, const char *to)
{
	char *a = util_shell_quote(from), *b = util_shell_quote(to);

	assert_int_equal(sh("gzip -c < %s > %s", a, b), 0);
	free(a);
	free(b);
}

/*
 * Recognising dump files: files written here, no server.
 */

static const char pg_plain[] =
    "--\n"
    "-- PostgreSQL database dump\n"
    "--\n"
    "\n"
    "\\restrict abc\n"
    "\n"
    "-- Dumped from database version 15.20\n"
    "-- Dumped by pg_dump version 15.20\n"
    "\n"
    "SET statement_timeout = 0;\n"
    "CREATE DATABASE \"My \"\"odd\"\" db\" WITH TEMPLATE = template0;\n"
    "\\unrestrict abc\n"
    "\\connect -reuse-previous=on \"dbname='My \"\"odd\"\" db'\"\n"
    "COPY public.t (a) FROM stdin;\n"
    "%s\n"
    "\\.\n"
    "CREATE DATABASE later;\n"
    "\\connect later\n"
    "--\n"
    "-- PostgreSQL database dump complete\n"
    "--\n"
    "\n"
    "\\unrestrict abc\n";

static const char my_plain[] =
    "/*M!999999\\- enable the sandbox mode */ \n"
    "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
    "--\n"
    "-- Host: db.example    Database: \n"
    "-- ------------------------------------------------------\n"
    "-- Server version\t10.11.19-MariaDB\n"
    "\n"
    "--\n"
    "-- Current Database: `we``ird`\n"
    "--\n"
    "\n"
    "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `we``ird` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n"
    "\n"
    "USE `we``ird`;\n"
    "INSERT INTO `t` VALUES ('%s');\n"
    "CREATE DATABASE /*!32312 IF NOT EXISTS*/ second_db;\n"
    "USE second_db;\n"
    "-- Dump completed on 2026-11-22  6:37:36\n";

/* Write fmt with the data line, inspect the file (and a gzip'd copy, which
 * must come out the same); the caller clears info. */
static void
inspect_text(const char *dir, const char *fmt, const char *data,
    int crlf, struct dumpfile_info *info)
{
	struct dumpfile_info gz;
	struct buf b = BUF_INIT;
	char *text = replace(fmt, "%s", data), *path, *gzpath, *cause = NULL, *p;
	size_t i;

	for (p = text; *p != '\0'; p++) {
		if (*p == '\n' && crlf)
			buf_addc(&b, '\r');
		buf_addc(&b, *p);
	}
	path = xprintf("%s/inspect.sql", dir);
	gzpath = xprintf("%s/inspect.sql.gz", dir);
	write_file(path, b.data, b.len);
	if (dumpfile_inspect(path, NULL, info, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(info->gzip, 0);
	assert_int_equal(info->size, b.len);
	gzip_file(path, gzpath);
	if (dumpfile_inspect(gzpath, NULL, &gz, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(gz.gzip, 1);
	assert_int_equal(gz.format, info->format);
	assert_int_equal(gz.complete, info->complete);
	assert_int_equal(gz.nnames, info->nnames);
	for (i = 0; i < gz.nnames; i++)
		assert_string_equal(gz.names[i], info->names[i]);
	assert_null(gz.problem);
	dumpfile_info_clear(&gz);
	unlink(path);
	unlink(gzpath);
	free(path);
	free(gzpath);
	free(text);
	buf_free(&b);
}

static void
test_recognise_pg(void **state)
{
	struct dumpfile_info info;
	char *dir = test_tmpdir(), *longline, *cut, *path, *text;
	char hex[SHA256_HEX], *cause = NULL;
	size_t len;
	int crlf;

	(void)state;
	/* A data line longer than every buffer on the way, then a line of
	 * exactly one piece of gzip -dc's output. */
	len = 3 * 65536 + 1234;
	longline = xcalloc(1, len + 1);
	memset(longline, 'x', len);
	for (crlf = 0; crlf <= 1; crlf++) {
		inspect_text(dir, pg_plain, longline, crlf, &info);
		assert_int_equal(info.format, DUMPFILE_PG_PLAIN);
		assert_int_equal(info.complete, 1);
		/* The quoted name, once; nothing after its \connect. */
		assert_int_equal(info.nnames, 1);
		assert_string_equal(info.names[0], "My \"odd\" db");
		assert_true(dumpfile_names(&info, "My \"odd\" db"));
		assert_false(dumpfile_names(&info, "later"));
		assert_string_equal(info.tool, "pg_dump version 15.20");
		dumpfile_info_clear(&info);
	}
	memset(longline, 'y', 65536);
	longline[65536] = '\0';
	inspect_text(dir, pg_plain, longline, 0, &info);
	assert_int_equal(info.complete, 1);
	dumpfile_info_clear(&info);

	/* An unquoted name is folded as PostgreSQL folds it; \connect's
	 * word is not. The end cut off: not complete. */
	text = replace(pg_plain, "\"My \"\"odd\"\" db\" WITH",
	    "Upper_Case WITH");
	cut = replace(text, "--\n-- PostgreSQL database dump complete", "");
	free(text);
	inspect_text(dir, cut, "data", 0, &info);
	assert_int_equal(info.format, DUMPFILE_PG_PLAIN);
	assert_int_equal(info.complete, 0);
	assert_int_equal(info.nnames, 2);
	assert_string_equal(info.names[0], "upper_case");
	assert_string_equal(info.names[1], "My \"odd\" db");
	dumpfile_info_clear(&info);

	/* The size and SHA-256 are the file's as stored. */
	path = xprintf("%s/abc", dir);
	write_file(path, "abc", 3);
	assert_int_equal(dumpfile_inspect(path, NULL, &info, &cause), 0);
	sha256_hex("abc", 3, hex);
	assert_string_equal(info.sha256, hex);
	assert_int_equal(info.size, 3);
	assert_int_equal(info.format, DUMPFILE_UNKNOWN);
	assert_string_equal(info.first_line, "abc");
	dumpfile_info_clear(&info);
	free(path);
	free(cut);
	free(longline);
	test_rmtree(dir);
	free(dir);
}

static void
test_recognise_mysql(void **state)
{
	struct dumpfile_info info;
	char *dir = test_tmpdir(), *late, *cause = NULL, *path;
	char *text;

	(void)state;
	inspect_text(dir, my_plain, "a\\nCREATE DATABASE x;\\nUSE y;", 1,
	    &info);
	assert_int_equal(info.format, DUMPFILE_MYSQL);
	assert_int_equal(info.complete, 1);
	assert_int_equal(info.nnames, 2);
	assert_string_equal(info.names[0], "we`ird");
	assert_string_equal(info.names[1], "second_db");
	assert_string_equal(info.tool, "MariaDB dump 10.19  Distrib "
	    "10.11.19-MariaDB, for debian-linux-gnu (x86_64)");
	text = dumpfile_format_text(&info);
	assert_string_equal(text, "a mariadb-dump dump");
	free(text);
	dumpfile_info_clear(&info);

	/* A header later than the first lines is not a dump's. */
	late = xprintf("1\n2\n3\n4\n5\n%s", my_plain);
	inspect_text(dir, late, "z", 0, &info);
	assert_int_equal(info.format, DUMPFILE_UNKNOWN);
	assert_int_equal(info.nnames, 0);
	assert_string_equal(info.first_line, "1");
	assert_int_equal(info.binary, 0);
	dumpfile_info_clear(&info);
	free(late);

	/* Binary data, and a file that is not there. */
	path = xprintf("%s/bin", dir);
	write_file(path, "\x7f" "ELF\0\0\0\n", 8);
	assert_int_equal(dumpfile_inspect(path, NULL, &info, &cause), 0);
	assert_int_equal(info.binary, 1);
	dumpfile_info_clear(&info);
	unlink(path);
	assert_int_equal(dumpfile_inspect(path, NULL, &info, &cause), -1);
	assert_contains(cause, "No such file or directory");
	free(cause);
	dumpfile_info_clear(&info);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void
test_own_names(void **state)
{
	char *s;

	(void)state;
	s = dumpfile_name("apimgt", 1795000000, 1);
	assert_string_equal(s, "apimgt-20261118-110640.sql");
	assert_true(dumpfile_is_own(s, "apimgt"));
	assert_false(dumpfile_is_own(s, "apim"));
	free(s);
	s = dumpfile_name("a/b c", 0, 3);
	assert_string_equal(s, "a_b_c-19700101-000000-3.sql");
	assert_true(dumpfile_is_own(s, "a/b c"));
	free(s);
	assert_false(dumpfile_is_own("apimgt-20261018-094640.sql.gz", "apimgt"));
	assert_false(dumpfile_is_own(".apimgt-20261018-094640.sql.Xy12Ab",
	    "apimgt"));
	assert_false(dumpfile_is_own("apimgt-2026101-094640.sql", "apimgt"));
	assert_false(dumpfile_is_own("apimgt-20261018-094640-.sql", "apimgt"));
	assert_false(dumpfile_is_own("apimgt-x-20261018-094640.sql", "apimgt"));
	assert_true(dumpfile_is_own("apimgt-20261018-094640-12.sql", "apimgt"));
}

/* The options refused when the guide is checked (the engine unknown). */
static void
test_validate_options(void **state)
{
	const struct kind *k = kind_find("db_dump");
	struct diags d = DIAGS_INIT;
	struct ynode *with;
	char *cause = NULL;
	const char *bad = "{database: apimgt, options: [--result-file=x, "
	    "--databases, -h, otherdb, --pass=x, --no-data, --skip-comments, "
	    "--loose-disable-comments, --comments=0, --fi=x, --]}";
	const char *good = "{database: apimgt, options: [--no-owner, -T, "
	    "--exclude-table=x, -n, --comments, --ssl-ca=/ca.pem, "
	    "--ignore-table=d.t, --table=t]}";

	(void)state;
	assert_non_null(k);
	with = ynode_parse(bad, strlen(bad), "t.yaml", &cause);
	assert_non_null(with);
	assert_int_equal(k->validate(with, "t.yaml", &d), 11);
	assert_int_equal(d.n, 11);
	assert_contains(d.v[0].msg, "'--result-file=x' in 'options': "
	    "where the dump goes and its format are the wizard's to set");
	assert_int_equal(d.v[0].line, 1);
	assert_contains(d.v[3].msg, "'otherdb' in 'options': write "
	    "each option with its value after '='");
	assert_contains(d.v[4].msg, "a password never goes on a "
	    "command line");
	diags_free(&d);
	ynode_free(with);

	with = ynode_parse(good, strlen(good), "t.yaml", &cause);
	assert_non_null(with);
	assert_int_equal(k->validate(with, "t.yaml", &d), 0);
	diags_free(&d);
	ynode_free(with);
}

/* Oracle and SQL Server: the vendor's command, or the query, for the
 * operator; nothing is run or connected to. */
static void
test_vendor_engines(void **state)
{
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;
	char *s, *cause = NULL;

	(void)state;
	set = dbfx_map(f, "apimgt", NULL, "APIM'DB", NULL);
	set->engine = DB_MSSQL;
	set->host = xstrdup("mssql.example");
	set->port = 1433;
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_PENDING);
	assert_starts(r.operator_query, "BACKUP DATABASE [APIM'DB] TO DISK "
	    "= N'apimgt-");
	assert_contains(r.operator_query, ".bak' WITH COPY_ONLY, CHECKSUM, "
	    "INIT;");
	assert_contains(r.evidence, "This program does not connect to mssql "
	    "databases");
	assert_contains(r.evidence, "BACKUP DATABASE successfully processed");
	result_clear(&r);
	s = dbfx_describe(f, "db_dump", "{database: apimgt}", &cause);
	assert_contains(s, "This program does not dump mssql databases");
	assert_contains(s, "BACKUP DATABASE [APIM'DB]");
	free(s);

	dbfx_run(f, "db_backup_present", "{database: apimgt, max_age: 1d}",
	    &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "'max_age' must be a duration");
	result_clear(&r);
	dbfx_run(f, "db_backup_present", "{database: apimgt, max_age: 2h}",
	    &r);
	assert_status(&r, STATUS_PENDING);
	assert_contains(r.operator_query, "FROM msdb.dbo.backupset AS b");
	assert_contains(r.operator_query, "WHERE b.database_name = "
	    "N'APIM''DB' AND b.type = 'D'");
	assert_contains(r.evidence, "finished within the last 2 h (the server");
	result_clear(&r);

	set->engine = DB_ORACLE;
	set->port = 1521;
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "name no user, whose schema expdp would "
	    "export");
	result_clear(&r);
	set->user = xstrdup("WSO2AM");
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_PENDING);
	assert_starts(r.operator_query, "expdp WSO2AM@//mssql.example:1521/"
	    "APIM'DB SCHEMAS=WSO2AM DIRECTORY=DATA_PUMP_DIR DUMPFILE=apimgt-");
	assert_lacks(r.operator_query, "password");
	result_clear(&r);
	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_PENDING);
	assert_contains(r.operator_query, "FROM v$rman_backup_job_details");
	assert_contains(r.evidence, "when the session started");
	result_clear(&r);
	s = dbfx_describe(f, "db_backup_present", "{database: apimgt}",
	    &cause);
	assert_contains(s, "This program cannot read oracle backups: you will "
	    "be shown a query that lists the server's record of its backups "
	    "of apimgt");
	free(s);
	assert_int_equal(f->connects, 0);
	assert_int_equal(count_entries(f->dumps), 0);
	dbfx_free(f);
}

static void
test_no_settings(void **state)
{
	struct dbfx *f = dbfx_new();
	struct result r;
	char *s, *cause = NULL;

	(void)state;
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "the database apimgt has no settings");
	result_clear(&r);
	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "the database apimgt has no settings");
	result_clear(&r);
	s = dbfx_describe(f, "db_dump", "{database: apimgt}", &cause);
	assert_contains(s, "It cannot run as things are now: the database "
	    "apimgt has no settings");
	free(s);
	s = dbfx_describe(f, "db_dump", "{database: apimgt, timeout: soon}",
	    &cause);
	assert_null(s);
	assert_contains(cause, "'timeout' must be a duration");
	free(cause);

	/* Settings without an engine. */
	dbfx_map(f, "apimgt", NULL, "x", NULL);
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "could not run: the settings of the "
	    "database apimgt name no database engine");
	result_clear(&r);
	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "name no database engine");
	result_clear(&r);
	s = dbfx_describe(f, "db_backup_present", "{database: apimgt}",
	    &cause);
	assert_contains(s, "It cannot run as things are now: the settings of "
	    "the database apimgt name no database engine");
	free(s);
	dbfx_free(f);
}

/* The check on files written here, for each engine's settings: no server
 * is needed, since the check never connects. */
static void
test_check_files(void **state)
{
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;
	char *pg, *my, *text, *path, *gz, *sum;
	int engine;

	(void)state;
	set = dbfx_map(f, "apimgt", NULL, "we`ird", NULL);
	assert_int_equal(mkdir(f->dumps, 0700), 0);
	pg = xprintf("%s/pg.sql", f->dumps);
	my = xprintf("%s/my.sql", f->dumps);
	text = replace(my_plain, "%s", "data");
	write_file(my, text, strlen(text));
	free(text);
	text = replace(pg_plain, "%s", "data");
	write_file(pg, text, strlen(text));
	free(text);

	for (engine = 0; engine < 2; engine++) {
		set->engine = engine == 0 ? DB_MARIADB : DB_POSTGRESQL;
		free(set->database);
		set->database = xstrdup(engine == 0 ? "we`ird" :
		    "My \"odd\" db");
		path = engine == 0 ? my : pg;
		check_path(f, path, NULL, &r);
		assert_status(&r, STATUS_PASS);
		assert_contains(r.evidence, "database named: ");
		assert_contains(r.evidence, engine == 0 ? "complete: it ends "
		    "with \"-- Dump completed\"" : "complete: it ends with "
		    "\"-- PostgreSQL database dump complete\"");
		sum = sha256sum(path);
		assert_contains(r.evidence, sum);
		free(sum);
		result_clear(&r);

		/* The other engine's dump. */
		check_path(f, engine == 0 ? pg : my, NULL, &r);
		assert_status(&r, STATUS_FAIL);
		assert_contains(r.evidence, engine == 0 ? "it is a PostgreSQL "
		    "dump, and the database we`ird is on MySQL or MariaDB" :
		    "it is a MySQL or MariaDB dump, and the database My "
		    "\"odd\" db is on PostgreSQL");
		result_clear(&r);
	}

	text = dbfx_describe(f, "db_backup_present", "{database: apimgt, "
	    "path: /x/*.sql, max_age: 3h}", &path);
	assert_string_equal(text, "Look at the newest file matching /x/*.sql.\n"
	    "It passes if the file is not empty, is a complete PostgreSQL dump "
	    "(pg_dump plain made with --create, pg_dump custom format or "
	    "pg_dumpall; gzip'd or not) naming the database My \"odd\" db, "
	    "and was modified within the last 3 h.\n"
	    "The file alone is read: the database server is not contacted, so "
	    "this works while it is down.\n");
	free(text);

	/* Gzip'd, and gzip'd and damaged. */
	gz = xprintf("%s/pg.sql.gz", f->dumps);
	gzip_file(pg, gz);
	check_path(f, gz, NULL, &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "format: a plain-text pg_dump, gzip'd\n");
	result_clear(&r);
	assert_int_equal(truncate(gz, 60), 0);
	check_path(f, gz, NULL, &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "gzip -dc says the compressed data is "
	    "damaged (exit status 1): gzip: ");
	assert_contains(r.evidence, "unexpected end of file");
	result_clear(&r);

	/* A text that is not a dump; an empty file; nothing there. */
	write_file(gz, "hello\tthere\n", 12);
	check_path(f, gz, NULL, &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "it is not a dump this program recognises "
	    "(pg_dump, pg_dumpall, mysqldump, mariadb-dump, gzip'd or not); "
	    "its first line is: hello\tthere");
	result_clear(&r);
	write_file(gz, "", 0);
	check_path(f, gz, NULL, &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "size: 0 bytes\n");
	assert_contains(r.evidence, "the file is empty");
	result_clear(&r);
	path = xprintf("%s/*.nothing", f->dumps);
	check_path(f, path, NULL, &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "nothing matches ");
	result_clear(&r);
	free(path);

	/* The newest match is the one judged. */
	set_mtime(pg, time(NULL) - 5);
	set_mtime(gz, time(NULL) - 10);
	set_mtime(my, time(NULL) - 20);
	path = xprintf("%s/*.sql*", f->dumps);
	check_path(f, path, "max_age: 1m", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "(the newest of 3 files)");
	assert_contains(r.evidence, "file: ");
	assert_contains(r.evidence, "/pg.sql\n");
	result_clear(&r);
	free(path);

	assert_int_equal(f->connects, 0);
	free(gz);
	free(pg);
	free(my);
	dbfx_free(f);
}

/*
 * Against the servers.
 */

static void
test_dump_restore(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, s->password);
	struct result r;
	struct stat st;
	struct db *db;
	char *path, *sum, *count, *desc, *log, *text, *q;
	const char *base;

	db = connect_to(s, dump_db);
	count = value_of(db, "SELECT COUNT(*) FROM SP_APP");
	assert_string_equal(count, "6");
	db_close(db);

	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_DONE);
	path = dump_path_of(&r);
	/* The tool and its version, the file, its size, time and hash. */
	assert_starts(r.evidence, is_pg(s) ? "pg_dump (PostgreSQL) " :
	    "mariadb-dump  Ver ");
	assert_contains(r.evidence, "\nsize: ");
	assert_contains(r.evidence, "\ntime: ");
	sum = sha256sum(path);
	text = xprintf("\nSHA-256: %s\n", sum);
	assert_contains(r.evidence, text);
	free(text);
	assert_contains(r.evidence, is_pg(s) ? "format: a plain-text pg_dump, "
	    "complete, naming the database wizard_dump\n" : "format: a "
	    "mariadb-dump dump, complete, naming the database wizard_dump\n");
	assert_contains(r.evidence, is_pg(s) ? " --no-password "
	    "--format=plain --create --file=" : " --single-transaction "
	    "--routines --triggers --events --result-file=");
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.log_path, f->log);
	result_clear(&r);

	/* NAME-YYYYMMDD-HHMMSS.sql, private, alone in a private folder. */
	base = strrchr(path, '/') + 1;
	assert_true(dumpfile_is_own(base, "apimgt"));
	assert_int_equal(count_entries(f->dumps), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(f->dumps, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	/* The password is nowhere: not in the log, not in the argv. */
	log = read_all(f->log);
	assert_lacks(log, s->password);
	assert_contains(log, base);
	free(log);

	/* The check passes on it, without connecting. */
	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_PASS);
	text = xprintf("file: %s\n", path);
	assert_starts(r.evidence, text);
	free(text);
	assert_contains(r.evidence, "database named: wizard_dump\n");
	assert_contains(r.evidence, sum);
	assert_contains(r.evidence, "\nmodified: ");
	assert_contains(r.evidence, "\na complete dump of wizard_dump, "
	    "modified after ");
	result_clear(&r);
	desc = dbfx_describe(f, "db_backup_present", "{database: apimgt}",
	    &text);
	assert_contains(desc, "Look at the newest dump the wizard made of "
	    "apimgt in ");
	assert_contains(desc, "naming the database wizard_dump");
	free(desc);
	assert_int_equal(f->connects, 0);

	/* It restores: the database dropped, loaded from the dump, and its
	 * rows are back, the awkward text too. */
	q = xprintf("DROP DATABASE %s", dump_db);
	admin_sql(s, q);
	free(q);
	admin_restore(s, path);
	db = connect_to(s, dump_db);
	free(count);
	count = value_of(db, "SELECT COUNT(*) FROM SP_APP");
	assert_string_equal(count, "6");
	free(count);
	count = value_of(db, "SELECT DESCRIPTION FROM SP_APP WHERE ID = 6");
	assert_string_equal(count, getenv("DUMP_TEXT"));
	free(count);
	count = value_of(db, "SELECT APP_NAME FROM SP_APP WHERE ID = 3");
	assert_string_equal(count, "tpp1admin_oQ4KoaavpOuoE7rvQsZEOV_PRODUCTION");
	free(count);
	db_close(db);

	free(sum);
	free(path);
	dbfx_free(f);
}

static void
test_dump_describe(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, s->password);
	struct db_settings *set;
	char *d, *cause = NULL, *want;

	d = dbfx_describe(f, "db_dump", "{database: apimgt}", &cause);
	assert_non_null(d);
	if (is_pg(s))
		want = xprintf("pg_dump --host=%s --port=%d --username=%s "
		    "--no-password --format=plain --create --file=%s/.apimgt-",
		    s->host, s->port, s->user, f->dumps);
	else
		want = xprintf("dump --host=%s --port=%d --user=%s "
		    "--single-transaction --routines --triggers --events "
		    "--result-file=%s/.apimgt-", s->host, s->port, s->user,
		    f->dumps);
	assert_contains(d, want);
	free(want);
	assert_contains(d, is_pg(s) ? ".sql.XXXXXX --dbname=wizard_dump\n" :
	    ".sql.XXXXXX --databases wizard_dump\n");
	assert_contains(d, is_pg(s) ? "Password: the one given to the "
	    "wizard, passed to pg_dump in PGPASSWORD, never on its command "
	    "line." : "dump in MYSQL_PWD, never on its command line.");
	assert_contains(d, "Stopped if it runs longer than 2 h");
	assert_lacks(d, s->password);
	if (getenv("TEST_VERBOSE") != NULL)
		print_message("%s", d);
	free(d);
	/* A preview makes nothing. */
	assert_int_equal(count_entries(f->dumps), 0);

	/* No password known; the TLS mode as the tool's options. */
	dbfx_free(f);
	f = fx_for(s, NULL);
	set = &f->db[0].set;
	set->tls = xstrdup("verify-full");
	d = dbfx_describe(f, "db_dump", "{database: apimgt, timeout: 90s}",
	    &cause);
	assert_contains(d, is_pg(s) ? "Password: none is known; pg_dump "
	    "reads ~/.pgpass" : "Password: none is known; mariadb-dump reads "
	    "~/.my.cnf");
	assert_contains(d, is_pg(s) ? "Environment: PGSSLMODE=verify-full\n" :
	    " --ssl --ssl-verify-server-cert --single-transaction");
	assert_contains(d, "Stopped if it runs longer than 1 min 30 s");
	free(d);
	free(set->tls);
	set->tls = xstrdup("disable");
	d = dbfx_describe(f, "db_dump", "{database: apimgt}", &cause);
	assert_contains(d, is_pg(s) ? "Environment: PGSSLMODE=disable\n" :
	    " --skip-ssl --single-transaction");
	free(d);
	d = dbfx_describe(f, "db_dump", "{database: apimgt, options: "
	    "[--user=x]}", &cause);
	assert_contains(d, "It cannot run as things are now: '--user=x' in "
	    "'options': the connection comes from the database's settings");
	free(d);
	dbfx_free(f);
}

static void
test_dump_wrong_password(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, "not-the-password");
	struct result r;
	char *log;

	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, is_pg(s) ? "pg_dump exited with status 1, "
	    "and no dump was kept: pg_dump: error: connection to server at" :
	    "mariadb-dump exited with status 2, and no dump was kept: ");
	assert_contains(r.reason, is_pg(s) ? "password authentication failed "
	    "for user \"wizard\"" : "Access denied for user 'wizard'");
	assert_lacks(r.reason, "not-the-password");
	assert_starts(r.evidence, "command: /");
	assert_contains(r.evidence, is_pg(s) ? "/pg_dump --host=" :
	    "dump --host=");
	assert_lacks(r.evidence, "not-the-password");
	result_clear(&r);
	/* No file left, not even the temporary one. */
	assert_int_equal(count_entries(f->dumps), 0);
	log = read_all(f->log);
	assert_lacks(log, "not-the-password");
	free(log);
	dbfx_free(f);
}

/* No password given: the tool's own file supplies it. */
static void
test_dump_password_file(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, NULL);
	struct result r;
	char *home, *path, *text;

	home = test_tmpdir();
	setenv("HOME", home, 1);
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, is_pg(s) ? "no password supplied" :
	    "(using password: NO)");
	result_clear(&r);
	assert_int_equal(count_entries(f->dumps), 0);

	if (is_pg(s)) {
		path = xprintf("%s/.pgpass", home);
		text = xprintf("%s:%d:%s:%s:%s\n", s->host, s->port, dump_db,
		    s->user, s->password);
	} else {
		path = xprintf("%s/.my.cnf", home);
		text = xprintf("[client]\npassword=%s\n", s->password);
	}
	test_write(path, text);
	assert_int_equal(chmod(path, 0600), 0);
	free(make_dump(f));
	assert_int_equal(count_entries(f->dumps), 1);
	free(path);
	free(text);
	setenv("HOME", getenv("WIZARD_TEST_HOME"), 1);
	test_rmtree(home);
	free(home);
	dbfx_free(f);
}

/* The server stopped: the dump fails with the tool's words; the check
 * still reads the dump made before. */
static void
test_dump_server_stopped(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, s->password);
	struct result r;
	char *path;

	path = make_dump(f);
	assert_int_equal(system(s->stop), 0);
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, is_pg(s) ? "Connection refused" :
	    "Can't connect to server on '127.0.0.1'");
	assert_contains(r.reason, "no dump was kept");
	result_clear(&r);
	assert_int_equal(count_entries(f->dumps), 1);

	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, path);
	result_clear(&r);
	assert_int_equal(system(s->start), 0);
	free(path);
	dbfx_free(f);
}

static void
test_dump_options(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, s->password);
	struct result r;
	char *path, *text, *cause = NULL;

	/* Options reach the tool: SP_APP left out. */
	dbfx_run(f, "db_dump", is_pg(s) ?
	    "{database: apimgt, options: [--exclude-table=sp_app]}" :
	    "{database: apimgt, options: [--ignore-table=wizard_dump.SP_APP]}",
	    &r);
	assert_status(&r, STATUS_DONE);
	path = dump_path_of(&r);
	result_clear(&r);
	text = read_all(path);
	assert_lacks(text, is_pg(s) ? "CREATE TABLE public.sp_app " :
	    "CREATE TABLE `SP_APP`");
	assert_contains(text, is_pg(s) ? "CREATE TABLE public.sp_metadata " :
	    "CREATE TABLE `SP_METADATA`");
	free(text);
	free(path);

	/* Refused before anything runs, with placeholders expanded. */
	dbfx_var(f, "OUT", "--result-file=/tmp/elsewhere");
	dbfx_var(f, "FILE", "--file=/tmp/elsewhere");
	dbfx_run(f, "db_dump", is_pg(s) ? "{database: apimgt, options: "
	    "[\"${FILE}\"]}" : "{database: apimgt, options: [\"${OUT}\"]}",
	    &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "where the dump goes and its format are the "
	    "wizard's to set");
	result_clear(&r);
	dbfx_run(f, "db_dump", is_pg(s) ? "{database: apimgt, options: [-W]}" :
	    "{database: apimgt, options: [-psecret]}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "a password never goes on a command line");
	result_clear(&r);
	dbfx_run(f, "db_dump", "{database: apimgt, options: [\"${NOPE}\"]}",
	    &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "NOPE");
	result_clear(&r);
	assert_null(dbfx_describe(f, "db_dump", "{database: apimgt, options: "
	    "[\"${NOPE}\"]}", &cause));
	assert_non_null(cause);
	free(cause);
	assert_int_equal(count_entries(f->dumps), 1);
	dbfx_free(f);
}

static volatile sig_atomic_t cancel_flag;

static void
cancel_on_start(void *arg, pid_t pgid)
{
	(void)arg;
	(void)pgid;
	cancel_flag = 1;
}

/* Stopped by the operator, or by the timeout: nothing is left. */
static void
test_dump_cancel_timeout(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, s->password);
	struct result r;

	cancel_flag = 0;
	f->ctx.cancel = &cancel_flag;
	f->ctx.on_start = cancel_on_start;
	dbfx_run(f, "db_dump", "{database: apimgt}", &r);
	assert_status(&r, STATUS_CANCELLED);
	assert_contains(r.reason, "stopped by the operator before ");
	assert_contains(r.reason, "; the partial dump was removed");
	result_clear(&r);
	assert_int_equal(count_entries(f->dumps), 0);

	f->ctx.on_start = NULL;
	cancel_flag = 0;
	dbfx_run(f, "db_dump", "{database: apimgt, timeout: 1ms}", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, " ran longer than 1 ms and was stopped; the "
	    "partial dump was removed");
	assert_int_equal(r.timed_out, 1);
	result_clear(&r);
	assert_int_equal(count_entries(f->dumps), 0);
	dbfx_free(f);
}

/* Fresh: since the session started, or within max_age. */
static void
test_check_fresh(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, s->password);
	struct result r;
	char *path;

	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "the wizard has made no dump of apimgt "
	    "in ");
	result_clear(&r);

	path = make_dump(f);
	set_mtime(path, (time_t)f->ctx.session_start - 3600);
	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, ", 1 h ago\n");
	assert_contains(r.evidence, "the file is too old: it must have been "
	    "modified after ");
	assert_contains(r.evidence, ", when the session started");
	result_clear(&r);
	dbfx_run(f, "db_backup_present", "{database: apimgt, max_age: 2h}",
	    &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "a complete dump of wizard_dump, modified "
	    "within the last 2 h");
	result_clear(&r);
	dbfx_run(f, "db_backup_present", "{database: apimgt, max_age: 10m}",
	    &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "the file is too old: it must have been "
	    "modified within the last 10 min");
	result_clear(&r);
	f->ctx.session_start = 0;
	dbfx_run(f, "db_backup_present", "{database: apimgt}", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "the session's start is not known");
	result_clear(&r);
	free(path);
	dbfx_free(f);
}

/* Dumps the operator made with the tool directly, and wrong ones. */
static void
test_check_operator_dumps(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_for(s, s->password);
	struct result r;
	struct stat st;
	char *dir = test_tmpdir(), *path, *other, *cut, *text, *gz;
	size_t len;

	path = xprintf("%s/operator.sql", dir);
	/* pg_dump's own defaults: no --create, so no name. */
	tool_dump(s, "", dump_db, path);
	check_path(f, path, NULL, &r);
	if (is_pg(s)) {
		assert_status(&r, STATUS_FAIL);
		assert_contains(r.evidence, "the dump does not name its "
		    "database, so it cannot be told to be of wizard_dump: a "
		    "plain pg_dump names its database only when made with "
		    "--create");
	} else {
		/* mysqldump names it in its header. */
		assert_status(&r, STATUS_PASS);
		assert_contains(r.evidence, "database named: wizard_dump\n");
		assert_contains(r.evidence, "made by: MariaDB dump ");
	}
	result_clear(&r);

	/* The custom format, and --create / --databases. */
	tool_dump(s, is_pg(s) ? "--format=custom" : "--databases", dump_db,
	    path);
	check_path(f, path, NULL, &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "database named: wizard_dump\n");
	if (is_pg(s)) {
		assert_contains(r.evidence, "format: a pg_dump custom-format "
		    "archive\n");
		assert_contains(r.evidence, "complete: not known; pg_restore "
		    "read its table of contents");
	}
	result_clear(&r);
	/* Gzip'd. */
	gz = xprintf("%s.gz", path);
	gzip_file(path, gz);
	check_path(f, gz, NULL, &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, is_pg(s) ? "format: a pg_dump "
	    "custom-format archive, gzip'd\n" : "format: a mariadb-dump dump, "
	    "gzip'd\n");
	result_clear(&r);
	/* Cut short. */
	cut = xprintf("%s/cut.sql", dir);
	text = read_all(path);
	assert_int_equal(stat(path, &st), 0);
	len = (size_t)st.st_size / 2;
	write_file(cut, text, len);
	free(text);
	check_path(f, cut, NULL, &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, is_pg(s) ? "pg_restore cannot read its "
	    "table of contents (pg_restore -l exited with status 1): "
	    "pg_restore: error: " : "the dump is cut short: the line \"-- "
	    "Dump completed\" that ends a complete one is missing");
	result_clear(&r);

	/* A dump of another database. */
	other = xprintf("%s/other.sql", dir);
	tool_dump(s, is_pg(s) ? "--create" : "--databases",
	    "openbank_openbankingdb", other);
	check_path(f, other, NULL, &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "it is a dump of openbank_openbankingdb, "
	    "not of wizard_dump");
	result_clear(&r);
	/* A plain pg_dump with --create, cut before its last lines. */
	if (is_pg(s)) {
		tool_dump(s, "--create", dump_db, path);
		text = read_all(path);
		write_file(cut, text, strlen(text) - 120);
		free(text);
		check_path(f, cut, NULL, &r);
		assert_status(&r, STATUS_FAIL);
		assert_contains(r.evidence, "database named: wizard_dump\n");
		assert_contains(r.evidence, "the dump is cut short: the line "
		    "\"-- PostgreSQL database dump complete\" that ends a "
		    "complete one is missing");
		result_clear(&r);
		check_path(f, path, NULL, &r);
		assert_status(&r, STATUS_PASS);
		result_clear(&r);
	}
	assert_int_equal(f->connects, 0);
	free(gz);
	free(cut);
	free(other);
	free(path);
	test_rmtree(dir);
	free(dir);
	dbfx_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recognise_pg),
		cmocka_unit_test(test_recognise_mysql),
		cmocka_unit_test(test_own_names),
		cmocka_unit_test(test_validate_options),
		cmocka_unit_test(test_vendor_engines),
		cmocka_unit_test(test_no_settings),
		cmocka_unit_test(test_check_files),
#define BOTH(f) \
		cmocka_unit_test_prestate(f, &pg_server), \
		cmocka_unit_test_prestate(f, &my_server)
		BOTH(test_dump_restore),
		BOTH(test_dump_describe),
		BOTH(test_dump_wrong_password),
		BOTH(test_dump_password_file),
		BOTH(test_dump_server_stopped),
		BOTH(test_dump_options),
		BOTH(test_dump_cancel_timeout),
		BOTH(test_check_fresh),
		BOTH(test_check_operator_dumps),
#undef BOTH
	};
	char *home;
	int rc;

	server_load(&pg_server, "PG");
	server_load(&my_server, "MY");
	if (getenv("DUMP_PG_ADMIN") == NULL || getenv("DUMP_TEXT") == NULL) {
		pg_server.ready = 0;
		my_server.ready = 0;
	}
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
