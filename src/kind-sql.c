/* kind-sql.c: the "sql" and "sql_script" actions: SQL written in the
 * checklist, or a script file, split into statements (sqlsplit.c) and run
 * one by one on a database, in one transaction where that makes the whole
 * atomic. Each statement and its outcome go to the step's log; a script
 * reports its progress and may be stopped between statements. Oracle and
 * SQL Server are not connected to: the operator runs the SQL there and
 * reports. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "sqlsplit.h"
#include "util.h"
#include "xmalloc.h"

/* A statement in a progress line or in evidence, in characters. */
#define SQL_SUMMARY_WIDTH	72
/* Statements listed in evidence (the log has them all). */
#define SQL_EVIDENCE_MAX	50
/* A script's preview: the first statements, and lines of each. */
#define SQL_PREVIEW_STMTS	5
#define SQL_PREVIEW_LINES	12

static const struct param_spec sql_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database, by the name the guide declares") },
	{ "sql", PARAM_SQL, 1, N_("the SQL, one text or a mapping of engine to text; it may hold several statements") },
	{ "params", PARAM_LIST, 0, N_("values bound to the placeholders ($1, ? ...) of a single statement") },
	{ "transaction", PARAM_BOOL, 0, N_("run in one transaction where the engine allows it (default true)") },
	{ NULL, 0, 0, NULL }
};

static const struct param_spec script_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database, by the name the guide declares") },
	{ "file", PARAM_PATH, 0, N_("the SQL script (give file or files)") },
	{ "files", PARAM_MAP, 0, N_("a script for each engine; mysql serves mariadb") },
	{ "transaction", PARAM_BOOL, 0, N_("run in one transaction (default true on PostgreSQL, false elsewhere)") },
	{ NULL, 0, 0, NULL }
};

static const char *const sql_engines[] = {
	"postgresql", "mysql", "mariadb", "oracle", "mssql", NULL
};

/* What a step will run, as both kinds see it. */
struct sql_plan {
	const char		 *dbname;
	const struct db_settings *set;
	char			 *where;	/* the settings for people */
	char			 *path;		/* sql_script: the file */
	size_t			  size;		/* its size in bytes */
	char			 *text;		/* the SQL */
	/* sql_script: why the file cannot be run (the preview says it). */
	char			 *problem;
	struct sqlsplit		  split;
	char			**params;
	size_t			  nparams;
	int			  tx_given;	/* "transaction" is written */
	int			  tx_wanted;
	size_t			  own_tx;	/* from 1, the first statement
						 * managing transactions; 0 */
	int			  all_dml;	/* no DDL or other statement */
};

/* How the statements run. */
enum sql_tx {
	SQL_TX_ONE,		/* in one transaction */
	SQL_TX_OFF,		/* without, as the step says */
	SQL_TX_DDL,		/* without: the engine commits DDL at once */
	SQL_TX_OWN,		/* without: the SQL manages its own */
	SQL_TX_REFUSED		/* asked for, but the SQL manages its own */
};

static void
sql_plan_clear(struct sql_plan *p)
{
	free(p->where);
	free(p->path);
	free(p->text);
	free(p->problem);
	sqlsplit_clear(&p->split);
	kind_free_list(p->params, p->nparams);
	memset(p, 0, sizeof *p);
}

/* Does the engine run DDL inside a transaction? As db_transactional_ddl
 * says once connected; the preview has no connection. */
static int
sql_engine_ddl_tx(enum db_engine e)
{
	return e == DB_POSTGRESQL;
}

/* Which statements manage transactions, and is everything DML? */
static void
sql_plan_classify(struct sql_plan *p)
{
	enum sqlsplit_class c;
	size_t i;

	p->all_dml = 1;
	p->own_tx = 0;
	for (i = 0; i < p->split.n; i++) {
		c = sqlsplit_classify(p->split.stmts[i].text);
		if (c == SQLSPLIT_TRANSACTION && p->own_tx == 0)
			p->own_tx = i + 1;
		if (c != SQLSPLIT_QUERY && c != SQLSPLIT_DML)
			p->all_dml = 0;
	}
}

static enum sql_tx
sql_tx_mode(const struct sql_plan *p, int ddl_tx)
{
	if (!p->tx_wanted)
		return SQL_TX_OFF;
	if (p->own_tx > 0)
		return p->tx_given ? SQL_TX_REFUSED : SQL_TX_OWN;
	if (!ddl_tx && !p->all_dml)
		return SQL_TX_DDL;
	return SQL_TX_ONE;
}

/* One sentence on how the statements run, for the preview and evidence. */
static char *
sql_tx_text(const struct sql_plan *p, enum sql_tx mode, const char *engine)
{
	size_t n = p->split.n;
	const struct sqlsplit_stmt *own;

	switch (mode) {
	case SQL_TX_ONE:
		return xstrdup(P_("It runs in a transaction: if it fails, "
		    "nothing stays applied.", "They run in one transaction: "
		    "if one fails, none of them stays applied.", n));
	case SQL_TX_OFF:
		if (!p->tx_given)
			return xprintf(P_("It runs without a transaction "
			    "(transaction: false, the default on %s).", "They "
			    "run one by one without a transaction (transaction: "
			    "false, the default on %s): if one fails, the ones "
			    "before it stay applied.", n), engine);
		return xstrdup(P_("It runs without a transaction "
		    "(transaction: false).", "They run one by one without a "
		    "transaction (transaction: false): if one fails, the ones "
		    "before it stay applied.", n));
	case SQL_TX_DDL:
		return xprintf(P_("It runs without a transaction: %s commits "
		    "DDL at once.", "They run one by one without a transaction, "
		    "because %s commits DDL at once: if one fails, the ones "
		    "before it stay applied.", n), engine);
	case SQL_TX_OWN:
		own = &p->split.stmts[p->own_tx - 1];
		return xprintf(_("The SQL manages its own transactions "
		    "(statement %zu, line %zu), so it is not wrapped in one: "
		    "what it commits stays applied."), p->own_tx, own->line);
	case SQL_TX_REFUSED:
		own = &p->split.stmts[p->own_tx - 1];
		return xprintf(_("'transaction: true' cannot wrap SQL that "
		    "manages its own transactions (statement %zu, line %zu); "
		    "remove those statements or set 'transaction: false'"),
		    p->own_tx, own->line);
	}
	return xstrdup("");
}

/* The settings of the step's database, and where it is. */
static int
sql_plan_database(const struct step *step, const struct run_ctx *ctx,
    struct sql_plan *p, char **cause)
{
	p->dbname = params_str(step->with, "database");
	if ((p->set = kind_db_settings(ctx, step, NULL, cause)) == NULL)
		return -1;
	p->where = db_settings_text(p->set);
	return 0;
}

/* The "sql" kind's plan; -1 with *cause when a placeholder, the settings
 * or the SQL for the engine are missing. SQL that cannot be run as it is
 * written is p->problem: the preview says it, the run stops on it. */
static int
sql_plan_sql(const struct step *step, const struct run_ctx *ctx,
    struct sql_plan *p, char **cause)
{
	const char *text;
	char *why = NULL;

	memset(p, 0, sizeof *p);
	if (sql_plan_database(step, ctx, p, cause) == -1)
		goto fail;
	if ((text = kind_sql_for(step->with, "sql", p->set->engine,
	    cause)) == NULL)
		goto fail;
	p->text = xstrdup(text);
	p->size = strlen(text);
	p->tx_given = params_node(step->with, "transaction") != NULL;
	p->tx_wanted = params_bool(step->with, "transaction", 1);
	if (kind_db_params(ctx, step, &p->params, &p->nparams, cause) == -1)
		goto fail;
	if (!db_engine_connects(p->set->engine))
		return 0;
	if (sqlsplit_split(p->text, p->size, p->set->engine, &p->split,
	    &why) == -1) {
		p->problem = xprintf(_("the SQL for %s, line %zu, column %zu: "
		    "%s"), db_engine_name(p->set->engine), p->split.err_line,
		    p->split.err_col, why);
		free(why);
	} else if (p->split.n == 0)
		p->problem = xprintf(_("the SQL for %s holds no statement, "
		    "only comments or blanks"), db_engine_name(p->set->engine));
	else if (p->nparams > 0 && p->split.n > 1)
		p->problem = xprintf(_("'params' binds values to a single "
		    "statement, and the SQL for %s holds %zu"),
		    db_engine_name(p->set->engine), p->split.n);
	else
		sql_plan_classify(p);
	return 0;

fail:
	sql_plan_clear(p);
	return -1;
}

/* The script of the step for an engine: "file", or "files" by engine
 * (mysql serves mariadb); placeholders expanded. NULL with *cause. */
static char *
sql_script_path(const struct step *step, const struct run_ctx *ctx,
    enum db_engine e, char **cause)
{
	const struct ynode *files = params_node(step->with, "files");
	const char *path = params_str(step->with, "file");

	if (path == NULL && files != NULL) {
		path = ynode_str(ynode_get(files, db_engine_name(e)));
		if (path == NULL && e == DB_MARIADB)
			path = ynode_str(ynode_get(files, "mysql"));
		if (path == NULL) {
			*cause = xprintf(_("the step gives no script for %s in "
			    "'files'"), db_engine_name(e));
			return NULL;
		}
	}
	if (path == NULL) {
		*cause = xstrdup(_("the step gives neither 'file' nor "
		    "'files'"));
		return NULL;
	}
	return kind_expand(ctx, path, cause);
}

/* The "sql_script" kind's plan; -1 with *cause when a placeholder or the
 * settings are missing. A file that cannot be read or split is p->problem:
 * the preview says it, the run stops on it. */
static int
sql_plan_script(const struct step *step, const struct run_ctx *ctx,
    struct sql_plan *p, char **cause)
{
	char *why = NULL;

	memset(p, 0, sizeof *p);
	if (sql_plan_database(step, ctx, p, cause) == -1 ||
	    (p->path = sql_script_path(step, ctx, p->set->engine,
	    cause)) == NULL) {
		sql_plan_clear(p);
		return -1;
	}
	p->tx_given = params_node(step->with, "transaction") != NULL;
	p->tx_wanted = params_bool(step->with, "transaction",
	    p->set->engine == DB_POSTGRESQL);
	if ((p->text = util_read_file(p->path, &p->size, &why)) == NULL) {
		p->problem = why;
		return 0;
	}
	if (!db_engine_connects(p->set->engine))
		return 0;
	if (sqlsplit_split(p->text, p->size, p->set->engine, &p->split,
	    &why) == -1) {
		p->problem = xprintf("%s:%zu:%zu: %s", p->path,
		    p->split.err_line, p->split.err_col, why);
		free(why);
		return 0;
	}
	if (p->split.n == 0) {
		p->problem = xprintf(_("the script %s holds no statement, only "
		    "comments or blanks"), p->path);
		return 0;
	}
	sql_plan_classify(p);
	return 0;
}

/* A statement's text, every line indented, at most max lines (0: all). */
static void
sql_add_text(struct buf *b, const char *text, size_t max)
{
	const char *p = text, *nl;
	size_t lines = 0, more = 0;

	for (;;) {
		nl = strchr(p, '\n');
		if (max == 0 || lines < max) {
			buf_adds(b, "    ");
			buf_add(b, p, nl != NULL ? (size_t)(nl - p) : strlen(p));
			buf_addc(b, '\n');
			lines++;
		} else
			more++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (more > 0)
		buf_printf(b, P_("    ... (%zu more line)\n",
		    "    ... (%zu more lines)\n", more), more);
}

/* The preview's lines about the database and how the statements run. */
static void
sql_describe_common(const struct sql_plan *p, struct buf *b)
{
	enum db_engine e = p->set->engine;
	char *tx;

	buf_printf(b, _("Database: %s, at %s (engine %s)\n"), p->dbname,
	    p->where, db_engine_name(e));
	if (!db_engine_connects(e)) {
		buf_printf(b, _("This program does not connect to %s "
		    "databases: the SQL below is shown for you to run there, "
		    "and you report whether it ran without error.\n"),
		    db_engine_name(e));
		return;
	}
	if (p->problem != NULL)
		return;
	tx = sql_tx_text(p, sql_tx_mode(p, sql_engine_ddl_tx(e)),
	    db_engine_name(e));
	buf_printf(b, "%s\n", tx);
	free(tx);
}

/* Statements first to last (of n), each in full or cut to max lines. */
static void
sql_describe_statements(const struct sql_plan *p, size_t last, size_t max,
    struct buf *b)
{
	const struct sqlsplit_stmt *st;
	size_t i;

	for (i = 0; i < last && i < p->split.n; i++) {
		st = &p->split.stmts[i];
		buf_printf(b, _("Statement %zu of %zu (line %zu):\n"), i + 1,
		    p->split.n, st->line);
		sql_add_text(b, st->text, max);
	}
}

/* The bound values, for the preview. */
static void
sql_describe_params(char **params, size_t n, struct buf *b)
{
	char *v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = kind_excerpt(params[i], strlen(params[i]));
		buf_printf(b, _("Bound value %zu: '%s'\n"), i + 1, v);
		free(v);
	}
}

/* The preview before the database's settings are known: the SQL or the
 * scripts for every engine the step gives. NULL with *cause when a
 * placeholder has no value. */
static char *
sql_describe_unknown(const struct step *step, const struct run_ctx *ctx,
    const char *why, int script, char **cause)
{
	const char *name = params_str(step->with, "database");
	const struct ynode *v;
	struct buf b = BUF_INIT;
	char **params, *path;
	size_t n, i;

	buf_printf(&b, _("Database: %s (its settings are not known yet: "
	    "%s)\n"), name != NULL ? name : "-", why);
	v = params_node(step->with, script ? "files" : "sql");
	if (script && v == NULL) {
		if ((path = kind_expand(ctx, params_str(step->with, "file"),
		    cause)) == NULL)
			goto fail;
		buf_printf(&b, _("Script: %s\n"), path);
		free(path);
	} else if (v != NULL && v->type == YNODE_SCALAR) {
		buf_adds(&b, _("SQL for every engine:\n"));
		sql_add_text(&b, v->value, 0);
	}
	for (i = 0; v != NULL && v->type == YNODE_MAPPING && i < v->n; i++) {
		if (v->items[i]->type != YNODE_SCALAR)
			continue;
		if (!script) {
			buf_printf(&b, _("SQL for %s:\n"), v->keys[i]->value);
			sql_add_text(&b, v->items[i]->value, 0);
			continue;
		}
		if ((path = kind_expand(ctx, v->items[i]->value,
		    cause)) == NULL)
			goto fail;
		buf_printf(&b, _("Script for %s: %s\n"), v->keys[i]->value,
		    path);
		free(path);
	}
	if (!script) {
		if ((params = kind_expand_list(ctx, step->with, "params", &n,
		    cause)) == NULL)
			goto fail;
		sql_describe_params(params, n, &b);
		kind_free_list(params, n);
	}
	return buf_steal(&b);

fail:
	buf_free(&b);
	return NULL;
}

static char *
sql_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct sql_plan p;
	struct buf b = BUF_INIT;
	char *why = NULL, *s;

	if (kind_db_settings(ctx, step, NULL, &why) == NULL) {
		s = sql_describe_unknown(step, ctx, why, 0, cause);
		free(why);
		return s;
	}
	if (sql_plan_sql(step, ctx, &p, cause) == -1)
		return NULL;
	sql_describe_common(&p, &b);
	if (p.problem != NULL) {
		buf_printf(&b, _("It cannot be run: %s\n"), p.problem);
		sql_add_text(&b, p.text, 0);
	} else if (!db_engine_connects(p.set->engine))
		sql_add_text(&b, p.text, 0);
	else
		sql_describe_statements(&p, p.split.n, 0, &b);
	sql_describe_params(p.params, p.nparams, &b);
	sql_plan_clear(&p);
	return buf_steal(&b);
}

static char *
script_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct sql_plan p;
	struct buf b = BUF_INIT;
	char *size, *why = NULL, *s;

	if (kind_db_settings(ctx, step, NULL, &why) == NULL) {
		s = sql_describe_unknown(step, ctx, why, 1, cause);
		free(why);
		return s;
	}
	if (sql_plan_script(step, ctx, &p, cause) == -1)
		return NULL;
	if (p.problem != NULL) {
		buf_printf(&b, _("Script: %s\n"), p.path);
		buf_printf(&b, _("Database: %s, at %s (engine %s)\n"),
		    p.dbname, p.where, db_engine_name(p.set->engine));
		buf_printf(&b, _("It cannot be run: %s\n"), p.problem);
		sql_plan_clear(&p);
		return buf_steal(&b);
	}
	size = kind_size_text(p.size);
	if (!db_engine_connects(p.set->engine))
		buf_printf(&b, _("Script: %s, %s\n"), p.path, size);
	else
		buf_printf(&b, P_("Script: %s, %s, %zu statement\n",
		    "Script: %s, %s, %zu statements\n", p.split.n), p.path,
		    size, p.split.n);
	free(size);
	sql_describe_common(&p, &b);
	if (db_engine_connects(p.set->engine)) {
		sql_describe_statements(&p, SQL_PREVIEW_STMTS,
		    SQL_PREVIEW_LINES, &b);
		if (p.split.n > SQL_PREVIEW_STMTS)
			buf_printf(&b, P_("... and %zu more statement.\n",
			    "... and %zu more statements.\n",
			    p.split.n - SQL_PREVIEW_STMTS),
			    p.split.n - SQL_PREVIEW_STMTS);
	}
	sql_plan_clear(&p);
	return buf_steal(&b);
}

/*
 * Running the statements.
 */

struct sql_run {
	struct run_ctx		*ctx;
	struct sql_plan		*plan;
	struct db		*db;
	FILE			*log;
	enum sql_tx		 mode;
	int			 script;	/* sql_script: reason FILE:LINE */
	size_t			 done;		/* statements that ran */
	unsigned long long	*rows;		/* rows of each that ran */
	int			*counted;	/* the server told the rows */
};

static void sql_log(struct sql_run *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* A note line in the step's log: "--- text". */
static void
sql_log(struct sql_run *sr, const char *fmt, ...)
{
	va_list ap;

	if (sr->log == NULL)
		return;
	fputs("--- ", sr->log);
	va_start(ap, fmt);
	vfprintf(sr->log, fmt, ap);
	va_end(ap);
	fputc('\n', sr->log);
	fflush(sr->log);
}

/* Open the step's log for appending, as commands' logs are. */
static int
sql_log_open(struct sql_run *sr, char **cause)
{
	const char *path = sr->ctx->log_path;
	int fd;

	if (path == NULL)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY,
	    0600);
	if (fd == -1 || (sr->log = fdopen(fd, "a")) == NULL) {
		*cause = xprintf(_("cannot open log %s: %s"), path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return 0;
}

/* A progress line for the front end, as a command's output line is. */
static void
sql_progress(struct sql_run *sr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sql_progress(struct sql_run *sr, const char *fmt, ...)
{
	va_list ap;
	char *line;

	if (sr->ctx->on_output == NULL)
		return;
	va_start(ap, fmt);
	line = xvprintf(fmt, ap);
	va_end(ap);
	sr->ctx->on_output(sr->ctx->arg, 1, line, strlen(line));
	free(line);
}

/* What stayed applied when statement done + 1 did not run to the end;
 * the caller frees it. */
static char *
sql_applied_text(const struct sql_run *sr, int in_tx, const char *rb_error)
{
	if (in_tx && rb_error == NULL)
		return xstrdup(_("rolled back: nothing applied"));
	if (in_tx)
		return xprintf(_("the rollback failed (%s), but the "
		    "transaction was never committed and the connection is "
		    "closed, so the server discards it: nothing applied"),
		    rb_error);
	if (sr->done == 0)
		return xstrdup(_("no statement was applied"));
	if (sr->done == 1)
		return xstrdup(_("statement 1 stayed applied"));
	return xprintf(_("statements 1 to %zu stayed applied"), sr->done);
}

/* Roll back an open transaction; the caller frees what it returns (see
 * sql_applied_text). */
static char *
sql_undo(struct sql_run *sr, int in_tx)
{
	char *rb_error = NULL, *text;

	if (in_tx && db_rollback(sr->db, &rb_error) == -1 && rb_error == NULL)
		rb_error = xstrdup(_("unknown error"));
	text = sql_applied_text(sr, in_tx, rb_error);
	sql_log(sr, "%s", text);
	free(rb_error);
	return text;
}

/* "0 rows affected", "3 rows returned", or "done". */
static char *
sql_rows_text(const struct sql_run *sr, size_t i)
{
	unsigned long long n = sr->rows[i];

	if (!sr->counted[i])
		return xstrdup(_("done"));
	if (sqlsplit_classify(sr->plan->split.stmts[i].text) ==
	    SQLSPLIT_QUERY)
		return xprintf(P_("%llu row returned", "%llu rows returned",
		    n), n);
	return xprintf(P_("%llu row affected", "%llu rows affected", n), n);
}

/* Run statement i; -1 with *cause, the server's message. */
static int
sql_statement(struct sql_run *sr, size_t i, char **cause)
{
	struct sql_plan *p = sr->plan;
	const char *text = p->split.stmts[i].text;
	struct db_result res;

	sr->counted[i] = 1;
	if (p->nparams == 0)
		return db_exec(sr->db, text, &sr->rows[i], cause);
	if (db_query(sr->db, text, (const char *const *)p->params,
	    p->nparams, 0, &res, cause) == -1)
		return -1;
	sr->rows[i] = res.total;
	/* With bound values, MySQL and MariaDB report the rows of a result,
	 * not the rows changed. */
	if (db_engine_of(sr->db) != DB_POSTGRESQL &&
	    sqlsplit_classify(text) != SQLSPLIT_QUERY)
		sr->counted[i] = 0;
	db_result_clear(&res);
	return 0;
}

/* The evidence: the server, how they ran, and each statement run. */
static char *
sql_evidence(const struct sql_run *sr, const char *outcome)
{
	const struct sql_plan *p = sr->plan;
	struct buf b = BUF_INIT;
	char *tx, *rows, *sum;
	size_t i;

	buf_printf(&b, _("%s at %s: %s\n"), db_server_version(sr->db),
	    p->where, outcome);
	tx = sql_tx_text(p, sr->mode, db_server_version(sr->db));
	buf_printf(&b, "%s\n", tx);
	free(tx);
	for (i = 0; i < sr->done && i < SQL_EVIDENCE_MAX; i++) {
		rows = sql_rows_text(sr, i);
		sum = sqlsplit_summary(p->split.stmts[i].text,
		    SQL_SUMMARY_WIDTH);
		buf_printf(&b, _("statement %zu (line %zu): %s: %s\n"), i + 1,
		    p->split.stmts[i].line, rows, sum);
		free(sum);
		free(rows);
	}
	if (sr->done > SQL_EVIDENCE_MAX)
		buf_printf(&b, P_("... and %zu more statement (the log has "
		    "them all)\n", "... and %zu more statements (the log has "
		    "them all)\n", sr->done - SQL_EVIDENCE_MAX),
		    sr->done - SQL_EVIDENCE_MAX);
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

/* Statement i failed with cause: roll back, and say what stayed. */
static void
sql_failed(struct sql_run *sr, struct result *r, size_t i, const char *why,
    int in_tx)
{
	const struct sql_plan *p = sr->plan;
	size_t line = p->split.stmts[i].line;
	char *applied, *outcome;

	sql_log(sr, _("statement %zu: failed: %s"), i + 1, why);
	sql_progress(sr, _("statement %zu/%zu (line %zu) failed: %s"), i + 1,
	    p->split.n, line, why);
	applied = sql_undo(sr, in_tx);
	outcome = xprintf(_("statement %zu of %zu failed"), i + 1, p->split.n);
	r->evidence = sql_evidence(sr, outcome);
	if (sr->script)
		result_set(r, STATUS_FAILED, _("%s:%zu: statement %zu of %zu "
		    "failed: %s; %s"), p->path, line, i + 1, p->split.n, why,
		    applied);
	else
		result_set(r, STATUS_FAILED, _("statement %zu of %zu (line "
		    "%zu): %s; %s"), i + 1, p->split.n, line, why, applied);
	free(outcome);
	free(applied);
}

/* Stopped by the operator before statement i. */
static void
sql_cancelled(struct sql_run *sr, struct result *r, size_t i, int in_tx)
{
	const struct sql_plan *p = sr->plan;
	char *applied, *outcome;

	sql_log(sr, _("stopped by the operator before statement %zu"), i + 1);
	applied = sql_undo(sr, in_tx);
	outcome = xprintf(_("stopped before statement %zu of %zu"), i + 1,
	    p->split.n);
	r->evidence = sql_evidence(sr, outcome);
	result_set(r, STATUS_CANCELLED, _("stopped by the operator before "
	    "statement %zu of %zu (line %zu); %s"), i + 1, p->split.n,
	    p->split.stmts[i].line, applied);
	free(outcome);
	free(applied);
}

/* Run the statements in order, in a transaction or not. */
static void
sql_run_all(struct sql_run *sr, struct result *r)
{
	struct sql_plan *p = sr->plan;
	struct run_ctx *ctx = sr->ctx;
	const struct sqlsplit_stmt *st;
	int in_tx = sr->mode == SQL_TX_ONE;
	char *cause = NULL, *sum, *rows, *outcome, *applied;
	long long t0;
	size_t i;

	if (in_tx && db_begin(sr->db, &cause) == -1) {
		sql_log(sr, "%s", cause);
		result_set(r, STATUS_ERROR, _("cannot start a transaction: %s"),
		    cause);
		free(cause);
		return;
	}
	for (i = 0; i < p->split.n; i++) {
		st = &p->split.stmts[i];
		if (ctx->tick != NULL)
			ctx->tick(ctx->arg);
		if (ctx->cancel != NULL && *ctx->cancel) {
			sql_cancelled(sr, r, i, in_tx);
			return;
		}
		sum = sqlsplit_summary(st->text, SQL_SUMMARY_WIDTH);
		sql_progress(sr, _("statement %zu/%zu (line %zu): %s"), i + 1,
		    p->split.n, st->line, sum);
		free(sum);
		sql_log(sr, _("statement %zu/%zu (line %zu):"), i + 1,
		    p->split.n, st->line);
		if (sr->log != NULL)
			fprintf(sr->log, "%s\n", st->text);
		t0 = util_now_ms();
		if (sql_statement(sr, i, &cause) == -1) {
			sql_failed(sr, r, i, cause, in_tx);
			free(cause);
			return;
		}
		sr->done++;
		rows = sql_rows_text(sr, i);
		sql_log(sr, _("statement %zu: %s (%lld ms)"), i + 1, rows,
		    util_now_ms() - t0);
		free(rows);
	}
	if (in_tx && db_commit(sr->db, &cause) == -1) {
		sql_log(sr, _("the commit failed: %s"), cause);
		applied = xprintf(_("the commit failed: %s; if the server "
		    "refused it, it rolled everything back; if the connection "
		    "was lost while committing, whether the changes were "
		    "applied is not known: look at the database"), cause);
		r->evidence = sql_evidence(sr, _("the commit failed"));
		result_set(r, STATUS_FAILED, "%s", applied);
		free(applied);
		free(cause);
		return;
	}
	outcome = xprintf(in_tx ? P_("%zu statement run and committed",
	    "%zu statements run and committed", p->split.n) :
	    P_("%zu statement run", "%zu statements run", p->split.n),
	    p->split.n);
	sql_log(sr, "%s", outcome);
	r->evidence = sql_evidence(sr, outcome);
	r->status = STATUS_DONE;
	free(outcome);
}

/* Run a plan: ask the operator on engines not connected to, refuse what
 * cannot run, else connect and run every statement. */
static void
sql_execute(const struct step *step, struct run_ctx *ctx,
    struct sql_plan *p, int script, struct result *r)
{
	struct sql_run sr;
	enum db_engine e = p->set->engine;
	char *cause = NULL, *now, *tx;
	long long t0 = util_now_ms();

	if (!db_engine_connects(e)) {
		kind_db_ask_operator(r, p->set, p->dbname, p->text,
		    _("whether they ran without error"));
		return;
	}
	memset(&sr, 0, sizeof sr);
	sr.ctx = ctx;
	sr.plan = p;
	sr.script = script;
	sr.mode = sql_tx_mode(p, sql_engine_ddl_tx(e));
	if (sr.mode == SQL_TX_REFUSED) {
		tx = sql_tx_text(p, sr.mode, db_engine_name(e));
		result_set(r, STATUS_ERROR, "%s", tx);
		free(tx);
		return;
	}
	if (sql_log_open(&sr, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return;
	}
	if (sr.log != NULL)
		r->log_path = xstrdup(ctx->log_path);
	now = util_now_iso();
	if (script)
		sql_log(&sr, _("%s: the script %s on %s (%s)"),
		    step->id != NULL ? step->id : "-", p->path, p->dbname,
		    p->where);
	else
		sql_log(&sr, _("%s: SQL on %s (%s)"),
		    step->id != NULL ? step->id : "-", p->dbname, p->where);
	sql_log(&sr, _("started: %s"), now);
	free(now);

	if ((sr.db = kind_db_connect(ctx, step, NULL, &cause)) == NULL) {
		sql_log(&sr, "%s", cause);
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		goto out;
	}
	/* The server decides, now that it is known. */
	sr.mode = sql_tx_mode(p, db_transactional_ddl(sr.db));
	sql_log(&sr, _("server: %s"), db_server_version(sr.db));
	tx = sql_tx_text(p, sr.mode, db_server_version(sr.db));
	sql_log(&sr, "%s", tx);
	free(tx);
	sr.rows = xcalloc(p->split.n, sizeof *sr.rows);
	sr.counted = xcalloc(p->split.n, sizeof *sr.counted);
	sql_run_all(&sr, r);
	now = util_now_iso();
	sql_log(&sr, _("ended: %s"), now);
	free(now);

out:
	r->duration_ms = util_now_ms() - t0;
	db_close(sr.db);
	if (sr.log != NULL)
		fclose(sr.log);
	free(sr.rows);
	free(sr.counted);
}

static int
sql_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct sql_plan p;
	char *cause = NULL;

	if (sql_plan_sql(step, ctx, &p, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if (p.problem != NULL)
		result_set(r, STATUS_ERROR, _("%s; nothing was run"),
		    p.problem);
	else
		sql_execute(step, ctx, &p, 0, r);
	sql_plan_clear(&p);
	return 0;
}

static int
script_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct sql_plan p;
	char *cause = NULL;

	if (sql_plan_script(step, ctx, &p, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if (p.problem != NULL)
		result_set(r, STATUS_ERROR, _("%s; nothing was run"),
		    p.problem);
	else
		sql_execute(step, ctx, &p, 1, r);
	sql_plan_clear(&p);
	return 0;
}

/*
 * Validation when the guide is loaded.
 */

/* Split one SQL text as an engine would; a problem is a diagnostic at the
 * text's node. Returns the number of problems. */
static int
sql_validate_text(const struct ynode *node, enum db_engine e, int params,
    const char *file, struct diags *d)
{
	struct sqlsplit sp;
	char *why = NULL;
	int problems = 0;

	if (node == NULL || node->type != YNODE_SCALAR)
		return 0;
	if (sqlsplit_split(node->value, strlen(node->value), e, &sp,
	    &why) == -1) {
		diags_add(d, file, node->line, node->col, _("'sql' for %s, "
		    "line %zu, column %zu of the SQL: %s"), db_engine_name(e),
		    sp.err_line, sp.err_col, why);
		free(why);
		problems++;
	} else if (sp.n == 0) {
		diags_add(d, file, node->line, node->col, _("'sql' for %s "
		    "holds no statement, only comments or blanks"),
		    db_engine_name(e));
		problems++;
	} else if (params && sp.n > 1) {
		diags_add(d, file, node->line, node->col, _("'params' binds "
		    "values to a single statement, and the SQL for %s holds "
		    "%zu"), db_engine_name(e), sp.n);
		problems++;
	}
	sqlsplit_clear(&sp);
	return problems;
}

static int
sql_validate(const struct ynode *with, const char *file, struct diags *d)
{
	const struct ynode *sql = params_node(with, "sql");
	int params = params_node(with, "params") != NULL;
	enum db_engine e;
	int problems;
	size_t i;

	if (sql == NULL)
		return 0;
	/* One text for every engine: it must split for each this program
	 * runs SQL on. */
	if (sql->type == YNODE_SCALAR) {
		problems = sql_validate_text(sql, DB_POSTGRESQL, params, file,
		    d);
		if (problems == 0)
			problems = sql_validate_text(sql, DB_MARIADB, params,
			    file, d);
		return problems;
	}
	if (sql->type != YNODE_MAPPING)
		return 0;
	problems = 0;
	for (i = 0; i < sql->n; i++) {
		e = db_engine_from_name(sql->keys[i]->value);
		if (db_engine_connects(e))
			problems += sql_validate_text(sql->items[i], e, params,
			    file, d);
	}
	return problems;
}

static int
script_validate(const struct ynode *with, const char *file, struct diags *d)
{
	const struct ynode *one = params_node(with, "file");
	const struct ynode *files = params_node(with, "files");
	const struct ynode *key;
	int problems = 0;
	size_t i, j;

	if (with == NULL)
		return 0;
	if (one != NULL && files != NULL) {
		key = ynode_key(with, "files");
		diags_add(d, file, key->line, key->col, _("give 'file' or "
		    "'files', not both"));
		return 1;
	}
	if (one == NULL && files == NULL) {
		diags_add(d, file, with->line, with->col, _("the script is "
		    "missing: give 'file', or 'files' with a script for each "
		    "engine"));
		return 1;
	}
	if (files == NULL || files->type != YNODE_MAPPING)
		return 0;
	for (i = 0; i < files->n; i++) {
		key = files->keys[i];
		for (j = 0; sql_engines[j] != NULL; j++) {
			if (strcmp(key->value, sql_engines[j]) == 0)
				break;
		}
		if (sql_engines[j] == NULL) {
			diags_add(d, file, key->line, key->col, _("unknown "
			    "database engine '%s' in 'files' (known: "
			    "postgresql, mysql, mariadb, oracle, mssql)"),
			    key->value);
			problems++;
		}
	}
	return problems;
}

const struct kind kind_sql = {
	.name = "sql",
	.step_kind = STEP_ACTION,
	.summary = N_("run SQL statements on a database"),
	.params = sql_params,
	.validate = sql_validate,
	.describe = sql_describe,
	.run = sql_run
};

const struct kind kind_sql_script = {
	.name = "sql_script",
	.step_kind = STEP_ACTION,
	.summary = N_("run an SQL script file on a database"),
	.params = script_params,
	.validate = script_validate,
	.describe = script_describe,
	.run = script_run
};
