/* kind-dbcheck.c: the database checks that read the catalogue or a query:
 * "db_column_length" (a column at least N characters long),
 * "db_table_exists" (a table, or a column of it, is there, or is not),
 * "db_no_rows" (a query returns no rows; the rows are the evidence) and
 * "db_server_version" (the server is at least a version).
 *
 * Names from the checklist are compared in information_schema without
 * regard to case, then the one stored as written (or as the engine folds
 * an unquoted name) is taken: WSO2's scripts create their tables unquoted,
 * so PostgreSQL holds sp_metadata.value where MySQL holds SP_METADATA.VALUE.
 * On Oracle and SQL Server the operator is given the exact query. */
#include "config.h"

#include "kind.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "xmalloc.h"

/* Oracle's VARCHAR2 holds at most 4000 bytes (without extended types). */
#define ORACLE_VARCHAR_MAX 4000
/* The rows shown as evidence by default. */
#define NO_ROWS_SHOWN 50

static const struct param_spec column_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database, by its name in the guide") },
	{ "table", PARAM_STRING, 1, N_("the table, as the product's scripts name it") },
	{ "column", PARAM_STRING, 1, N_("the column") },
	{ "min", PARAM_INT, 1, N_("the least length, in characters") },
	{ "min_oracle", PARAM_INT, 0, N_("the least length on Oracle (default: min, at most 4000)") },
	{ "schema", PARAM_STRING, 0, N_("the schema (default: the connection's own)") },
	{ NULL, 0, 0, NULL }
};

static const struct param_spec exists_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database, by its name in the guide") },
	{ "table", PARAM_STRING, 1, N_("the table") },
	{ "column", PARAM_STRING, 0, N_("a column of the table that must be there too") },
	{ "absent", PARAM_BOOL, 0, N_("pass when it is not there (default false)") },
	{ "schema", PARAM_STRING, 0, N_("the schema (default: the connection's own)") },
	{ NULL, 0, 0, NULL }
};

static const struct param_spec no_rows_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database, by its name in the guide") },
	{ "sql", PARAM_SQL, 1, N_("the query: one text, or one per engine") },
	{ "params", PARAM_LIST, 0, N_("values bound to the query's parameters ($1 or ?), in order") },
	{ "show", PARAM_INT, 0, N_("the rows shown as evidence (default 50)") },
	{ NULL, 0, 0, NULL }
};

static const struct param_spec version_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database, by its name in the guide") },
	{ "min", PARAM_MAP, 1, N_("the least version per engine: {postgresql: \"13\", mariadb: \"10.6\"}") },
	{ NULL, 0, 0, NULL }
};

static const char *const version_engines[] = {
	"postgresql", "mysql", "mariadb", "oracle", "mssql", NULL
};

/* A name for an Oracle or SQL Server query, as a literal: upper case for
 * Oracle (its dictionary holds unquoted names so), quotes doubled. */
static void
dbcheck_literal(struct buf *b, const char *s, int upper)
{
	buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_addc(b, '\'');
		buf_addc(b, upper && *s >= 'a' && *s <= 'z' ? (char)(*s - 32) :
		    *s);
	}
	buf_addc(b, '\'');
}

/* The catalogue query the operator runs on Oracle or SQL Server. */
static char *
dbcheck_operator_query(enum db_engine e, const char *table,
    const char *column, int want_length)
{
	struct buf b = BUF_INIT;
	int ora = e == DB_ORACLE;

	if (ora)
		buf_adds(&b, want_length ?
		    "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHAR_LENGTH, "
		    "NULLABLE FROM USER_TAB_COLUMNS WHERE TABLE_NAME = " :
		    column != NULL ?
		    "SELECT TABLE_NAME, COLUMN_NAME FROM USER_TAB_COLUMNS "
		    "WHERE TABLE_NAME = " :
		    "SELECT TABLE_NAME FROM USER_TABLES WHERE TABLE_NAME = ");
	else
		buf_adds(&b, want_length ?
		    "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, "
		    "CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE FROM "
		    "INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = " :
		    column != NULL ?
		    "SELECT TABLE_NAME, COLUMN_NAME FROM "
		    "INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = " :
		    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE "
		    "TABLE_NAME = ");
	dbcheck_literal(&b, table, ora);
	if (column != NULL) {
		buf_adds(&b, " AND COLUMN_NAME = ");
		dbcheck_literal(&b, column, ora);
	}
	buf_adds(&b, ora ? "" : ";");
	return buf_steal(&b);
}

/*
 * The catalogue: the columns (or tables) whose names match without regard
 * to case, and the one meant.
 */

struct dbcheck_found {
	struct db_result	 r;
	size_t			 row;	/* the row meant */
	int			 found;	/* 0 none, 1 one, -1 several */
};

/* The schema condition: the one given, or the connection's own (MySQL:
 * the database; PostgreSQL: the first schema of the search path). */
static void
dbcheck_schema(struct buf *b, enum db_engine e, const char *schema, int n)
{
	if (schema != NULL)
		buf_printf(b, "table_schema = %s", db_param(e, n));
	else if (e == DB_POSTGRESQL)
		buf_adds(b, "table_catalog = current_database() AND "
		    "table_schema = current_schema()");
	else
		buf_adds(b, "table_schema = DATABASE()");
}

/* Look a table (column NULL) or a column up. -1 with *cause. */
static int
dbcheck_lookup(struct db *db, const char *schema, const char *table,
    const char *column, struct dbcheck_found *f, char **cause)
{
	enum db_engine e = db_engine_of(db);
	const char *params[3];
	struct buf sql = BUF_INIT;
	char *folded_t, *folded_c;
	size_t n = 0, i, exact = 0, folded = 0, pick_exact = 0, pick_folded = 0;
	int rc;

	memset(f, 0, sizeof *f);
	if (column != NULL)
		buf_adds(&sql, "SELECT table_name, column_name, data_type, "
		    "character_maximum_length, is_nullable, column_type FROM "
		    "information_schema.columns WHERE ");
	else
		buf_adds(&sql, "SELECT table_name FROM information_schema.tables "
		    "WHERE ");
	if (schema != NULL)
		params[n++] = schema;
	dbcheck_schema(&sql, e, schema, (int)n);
	params[n++] = table;
	buf_printf(&sql, " AND LOWER(table_name) = LOWER(%s)",
	    db_param(e, (int)n));
	if (column != NULL) {
		params[n++] = column;
		buf_printf(&sql, " AND LOWER(column_name) = LOWER(%s)",
		    db_param(e, (int)n));
	}
	/* PostgreSQL has no column_type: ask for the type again. */
	if (e == DB_POSTGRESQL && column != NULL) {
		char *p = strstr(sql.data, ", column_type");

		memmove(p, p + strlen(", column_type"),
		    strlen(p + strlen(", column_type")) + 1);
		sql.len = strlen(sql.data);
	}
	rc = db_query(db, sql.data, params, n, 16, &f->r, cause);
	buf_free(&sql);
	if (rc != 0)
		return -1;
	folded_t = db_fold_ident(e, table);
	folded_c = column != NULL ? db_fold_ident(e, column) : NULL;
	for (i = 0; i < f->r.nrows; i++) {
		const char *t = db_cell(&f->r, i, 0);
		const char *c = column != NULL ? db_cell(&f->r, i, 1) : NULL;

		if (t != NULL && strcmp(t, table) == 0 &&
		    (column == NULL || (c != NULL && strcmp(c, column) == 0))) {
			exact++;
			pick_exact = i;
		}
		if (t != NULL && strcmp(t, folded_t) == 0 && (column == NULL ||
		    (c != NULL && strcmp(c, folded_c) == 0))) {
			folded++;
			pick_folded = i;
		}
	}
	free(folded_t);
	free(folded_c);
	if (f->r.nrows == 0)
		f->found = 0;
	else if (exact == 1) {
		f->found = 1;
		f->row = pick_exact;
	} else if (folded == 1) {
		f->found = 1;
		f->row = pick_folded;
	} else if (f->r.nrows == 1) {
		f->found = 1;
		f->row = 0;
	} else
		f->found = -1;
	return 0;
}

/* A table information_schema does not list: it lists only what the user
 * has some privilege on, so a table the user may not read looks missing.
 * Read it directly (no rows): when the server refuses for want of a
 * privilege, the step could not run, with the server's words, and is not
 * judged on a table it cannot see. 1 when so (r set), 0 otherwise. */
static int
dbcheck_denied(struct db *db, const char *schema, const char *table,
    struct result *r)
{
	enum db_engine e = db_engine_of(db);
	struct db_result rows;
	struct buf sql = BUF_INIT;
	char *folded, *quoted, *cause = NULL;
	int denied;

	buf_adds(&sql, "SELECT 1 FROM ");
	if (schema != NULL) {
		folded = db_fold_ident(e, schema);
		quoted = db_quote_ident(e, folded);
		buf_printf(&sql, "%s.", quoted);
		free(quoted);
		free(folded);
	}
	folded = db_fold_ident(e, table);
	quoted = db_quote_ident(e, folded);
	buf_printf(&sql, "%s WHERE 1 = 0", quoted);
	free(quoted);
	free(folded);
	denied = db_query(db, sql.data, NULL, 0, 0, &rows, &cause) != 0 &&
	    db_denied(db);
	if (denied)
		result_set(r, STATUS_ERROR, _("the user may not read the "
		    "table %s: %s"), table, cause);
	db_result_clear(&rows);
	free(cause);
	buf_free(&sql);
	return denied;
}

/* "SP_METADATA.VALUE" as found (a column) or asked (a table). */
static char *
dbcheck_found_name(const struct dbcheck_found *f, int column)
{
	if (column)
		return xprintf("%s.%s", db_cell(&f->r, f->row, 0),
		    db_cell(&f->r, f->row, 1));
	return xstrdup(db_cell(&f->r, f->row, 0));
}

/* Several names differ only in case: say which. */
static void
dbcheck_ambiguous(struct result *r, const struct dbcheck_found *f,
    const char *what)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < f->r.nrows; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, db_cell(&f->r, i, 0));
		if (f->r.ncols > 1) {
			buf_addc(&b, '.');
			buf_adds(&b, db_cell(&f->r, i, 1));
		}
	}
	result_set(r, STATUS_ERROR, _("%s matches several names that differ "
	    "only in case (%s): name it exactly as the database holds it"),
	    what, b.data);
	buf_free(&b);
}

/* What the operator runs on an engine this program does not connect to,
 * and what passing means. */
typedef void (*dbcheck_ask_fn)(const struct step *, enum db_engine,
    char **query, char **expect);

/* Connect, or fill the result: the operator's query (Oracle, SQL Server)
 * or why it could not run. *set is the settings. */
static struct db *
dbcheck_connect(const struct step *st, struct run_ctx *ctx,
    struct result *r, const struct db_settings **set, dbcheck_ask_fn ask)
{
	struct db *db;
	char *cause = NULL, *query = NULL, *expect = NULL;

	if ((*set = kind_db_settings(ctx, st, NULL, &cause)) == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return NULL;
	}
	if (!db_engine_connects((*set)->engine)) {
		ask(st, (*set)->engine, &query, &expect);
		kind_db_ask_operator(r, *set, params_str(st->with, "database"),
		    query, expect);
		free(query);
		free(expect);
		return NULL;
	}
	if ((db = kind_db_connect(ctx, st, NULL, &cause)) == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
	}
	return db;
}

/* Where the database is, for evidence: "postgresql://u@h:5432/db
 * (PostgreSQL 15.8)". */
static char *
dbcheck_where(const struct db_settings *set, struct db *db)
{
	char *w = db_settings_text(set), *s;

	s = xprintf("%s (%s)", w, db_server_version(db));
	free(w);
	return s;
}

/* The database's logical name and where it is, for previews. */
static void
dbcheck_describe_db(const struct step *st, const struct run_ctx *ctx,
    struct buf *b)
{
	const struct db_settings *set;
	char *cause = NULL, *w;

	buf_printf(b, _("Database: %s"), params_str(st->with, "database"));
	if ((set = kind_db_settings(ctx, st, NULL, &cause)) == NULL) {
		buf_printf(b, " (%s)\n", cause);
		free(cause);
		return;
	}
	w = db_settings_text(set);
	buf_printf(b, " (%s)\n", w);
	free(w);
}

/*
 * db_column_length
 */

static long long
column_min(const struct step *st, enum db_engine e)
{
	long long min = params_int(st->with, "min", 0);

	if (e != DB_ORACLE)
		return min;
	return params_int(st->with, "min_oracle",
	    min > ORACLE_VARCHAR_MAX ? ORACLE_VARCHAR_MAX : min);
}

static int
column_validate(const struct ynode *with, const char *file, struct diags *d)
{
	const struct ynode *v;
	int problems = 0;

	if ((v = params_node(with, "min")) != NULL && v->type ==
	    YNODE_SCALAR && atoll(v->value) <= 0) {
		diags_add(d, file, v->line, v->col, _("'min' must be at least "
		    "1, not '%s'"), v->value);
		problems++;
	}
	if ((v = params_node(with, "min_oracle")) != NULL && v->type ==
	    YNODE_SCALAR && (atoll(v->value) <= 0 ||
	    atoll(v->value) > ORACLE_VARCHAR_MAX)) {
		diags_add(d, file, v->line, v->col, _("'min_oracle' must be "
		    "from 1 to %d (Oracle's VARCHAR2 limit), not '%s'"),
		    ORACLE_VARCHAR_MAX, v->value);
		problems++;
	}
	return problems;
}

static char *
column_describe(const struct step *st, const struct run_ctx *ctx,
    char **cause)
{
	const struct db_settings *set;
	struct buf b = BUF_INIT;
	char *why = NULL, *q;
	long long min;

	*cause = NULL;
	dbcheck_describe_db(st, ctx, &b);
	min = params_int(st->with, "min", 0);
	buf_printf(&b, P_("Column: %s.%s, at least %lld character",
	    "Column: %s.%s, at least %lld characters", (unsigned long)min),
	    params_str(st->with, "table"), params_str(st->with, "column"),
	    min);
	buf_addc(&b, '\n');
	buf_printf(&b, _("On Oracle: at least %lld (VARCHAR2 holds at most "
	    "%d)"), column_min(st, DB_ORACLE), ORACLE_VARCHAR_MAX);
	buf_addc(&b, '\n');
	set = kind_db_settings(ctx, st, NULL, &why);
	free(why);
	if (set != NULL && !db_engine_connects(set->engine)) {
		q = dbcheck_operator_query(set->engine, params_str(st->with,
		    "table"), params_str(st->with, "column"), 1);
		buf_printf(&b, _("Query for the operator:\n%s\n"), q);
		free(q);
	} else
		buf_adds(&b, _("Read from information_schema.columns "
		    "(character_maximum_length)\n"));
	return buf_steal(&b);
}

static void
column_ask(const struct step *st, enum db_engine e, char **query,
    char **expect)
{
	*query = dbcheck_operator_query(e, params_str(st->with, "table"),
	    params_str(st->with, "column"), 1);
	*expect = xprintf(_("pass if the length column shows at least %lld "
	    "and the type is a character type; fail otherwise, or when no "
	    "row comes back"), column_min(st, e));
}

static int
column_run(const struct step *st, struct run_ctx *ctx, struct result *r)
{
	const char *table = params_str(st->with, "table");
	const char *column = params_str(st->with, "column");
	const struct db_settings *set;
	struct dbcheck_found f;
	const char *type, *len, *nullable, *shown;
	char *cause = NULL, *name, *where;
	long long min, have;
	struct db *db;

	if ((db = dbcheck_connect(st, ctx, r, &set, column_ask)) == NULL)
		return 0;
	min = column_min(st, db_engine_of(db));
	where = dbcheck_where(set, db);
	if (dbcheck_lookup(db, params_str(st->with, "schema"), table, column,
	    &f, &cause) != 0) {
		result_set(r, STATUS_ERROR, _("could not read the columns of "
		    "%s: %s"), table, cause);
		goto out;
	}
	if (f.found == 0) {
		db_result_clear(&f.r);
		if (dbcheck_lookup(db, params_str(st->with, "schema"), table,
		    NULL, &f, &cause) != 0)
			result_set(r, STATUS_ERROR, _("could not read the "
			    "tables: %s"), cause);
		else if (f.found == 0) {
			if (!dbcheck_denied(db, params_str(st->with, "schema"),
			    table, r))
				result_set(r, STATUS_FAIL, _("no table %s in "
				    "%s"), table, where);
		} else
			result_set(r, STATUS_FAIL, _("the table %s has no "
			    "column %s, in %s"), table, column, where);
		goto out;
	}
	if (f.found < 0) {
		dbcheck_ambiguous(r, &f, column);
		goto out;
	}
	name = dbcheck_found_name(&f, 1);
	type = db_cell(&f.r, f.row, 2);
	len = db_cell(&f.r, f.row, 3);
	nullable = db_cell(&f.r, f.row, 4);
	/* MySQL's column_type reads "varchar(255)"; PostgreSQL's data_type
	 * "character varying", with the length apart. */
	shown = f.r.ncols > 5 && db_cell(&f.r, f.row, 5) != NULL ?
	    db_cell(&f.r, f.row, 5) : type;
	if (len == NULL) {
		/* text, bytea: no limit on the length. */
		result_set(r, STATUS_PASS, _("%s is %s%s, without a length "
		    "limit, in %s"), name, shown, nullable != NULL &&
		    strcmp(nullable, "NO") == 0 ? " NOT NULL" : "", where);
	} else {
		have = atoll(len);
		if (have >= min)
			result_set(r, STATUS_PASS, _("%s is %s%s (%lld "
			    "characters; at least %lld needed) in %s"), name,
			    shown, nullable != NULL && strcmp(nullable,
			    "NO") == 0 ? " NOT NULL" : "", have, min, where);
		else
			result_set(r, STATUS_FAIL, _("%s is %s%s: %lld "
			    "characters, at least %lld needed, in %s"), name,
			    shown, nullable != NULL && strcmp(nullable,
			    "NO") == 0 ? " NOT NULL" : "", have, min, where);
	}
	free(name);
out:
	free(cause);
	free(where);
	db_result_clear(&f.r);
	db_close(db);
	return 0;
}

const struct kind kind_db_column_length = {
	"db_column_length", STEP_CHECK,
	N_("a column of a database table is at least N characters long"),
	column_params, column_validate, column_describe, column_run
};

/*
 * db_table_exists
 */

static void
exists_ask(const struct step *st, enum db_engine e, char **query,
    char **expect)
{
	int absent = params_bool(st->with, "absent", 0);

	*query = dbcheck_operator_query(e, params_str(st->with, "table"),
	    params_str(st->with, "column"), 0);
	*expect = xstrdup(absent ? _("pass if no row comes back, fail "
	    "otherwise") : _("pass if a row comes back, fail otherwise"));
}

static char *
exists_describe(const struct step *st, const struct run_ctx *ctx,
    char **cause)
{
	const char *table = params_str(st->with, "table");
	const char *column = params_str(st->with, "column");
	int absent = params_bool(st->with, "absent", 0);
	const struct db_settings *set;
	struct buf b = BUF_INIT;
	char *why = NULL, *q;

	*cause = NULL;
	dbcheck_describe_db(st, ctx, &b);
	if (column != NULL)
		buf_printf(&b, absent ? _("The column %s.%s must not be "
		    "there") : _("The column %s.%s must be there"), table,
		    column);
	else
		buf_printf(&b, absent ? _("The table %s must not be there") :
		    _("The table %s must be there"), table);
	buf_addc(&b, '\n');
	set = kind_db_settings(ctx, st, NULL, &why);
	free(why);
	if (set != NULL && !db_engine_connects(set->engine)) {
		q = dbcheck_operator_query(set->engine, table, column, 0);
		buf_printf(&b, _("Query for the operator:\n%s\n"), q);
		free(q);
	} else
		buf_adds(&b, column != NULL ? _("Read from "
		    "information_schema.columns\n") : _("Read from "
		    "information_schema.tables\n"));
	return buf_steal(&b);
}

static int
exists_run(const struct step *st, struct run_ctx *ctx, struct result *r)
{
	const char *table = params_str(st->with, "table");
	const char *column = params_str(st->with, "column");
	int absent = params_bool(st->with, "absent", 0);
	const struct db_settings *set;
	struct dbcheck_found f;
	char *cause = NULL, *where, *name;
	struct db *db;

	if ((db = dbcheck_connect(st, ctx, r, &set, exists_ask)) == NULL)
		return 0;
	where = dbcheck_where(set, db);
	/* The table first: a missing table is said as such, not as a
	 * missing column. */
	if (dbcheck_lookup(db, params_str(st->with, "schema"), table, NULL,
	    &f, &cause) != 0) {
		result_set(r, STATUS_ERROR, _("could not read the tables: "
		    "%s"), cause);
		goto out;
	}
	if (f.found < 0) {
		dbcheck_ambiguous(r, &f, table);
		goto out;
	}
	if (f.found == 0 && dbcheck_denied(db, params_str(st->with, "schema"),
	    table, r))
		goto out;
	if (f.found == 0) {
		result_set(r, absent ? STATUS_PASS : STATUS_FAIL, _("no table "
		    "%s in %s"), table, where);
		goto out;
	}
	if (column != NULL) {
		db_result_clear(&f.r);
		if (dbcheck_lookup(db, params_str(st->with, "schema"), table,
		    column, &f, &cause) != 0) {
			result_set(r, STATUS_ERROR, _("could not read the "
			    "columns of %s: %s"), table, cause);
			goto out;
		}
		if (f.found < 0) {
			dbcheck_ambiguous(r, &f, column);
			goto out;
		}
		if (f.found == 0) {
			result_set(r, absent ? STATUS_PASS : STATUS_FAIL,
			    _("the table %s has no column %s, in %s"), table,
			    column, where);
			goto out;
		}
	}
	name = dbcheck_found_name(&f, column != NULL);
	result_set(r, absent ? STATUS_FAIL : STATUS_PASS, column != NULL ?
	    _("the column %s is there, in %s") : _("the table %s is there, in "
	    "%s"), name, where);
	free(name);
out:
	free(cause);
	free(where);
	db_result_clear(&f.r);
	db_close(db);
	return 0;
}

const struct kind kind_db_table_exists = {
	"db_table_exists", STEP_CHECK,
	N_("a database table (or a column of it) is there, or is not"),
	exists_params, NULL, exists_describe, exists_run
};

/*
 * db_no_rows
 */

static long long
no_rows_shown(const struct step *st)
{
	long long n = params_int(st->with, "show", NO_ROWS_SHOWN);

	return n < 1 ? 1 : n;
}

static void
no_rows_ask(const struct step *st, enum db_engine e, char **query,
    char **expect)
{
	char *cause = NULL;
	const char *sql = kind_sql_for(st->with, "sql", e, &cause);

	*query = xstrdup(sql != NULL ? sql : cause);
	free(cause);
	*expect = xstrdup(params_node(st->with, "params") != NULL ?
	    _("with the parameters below bound in order, pass if no row comes "
	    "back; fail otherwise, and note the rows") : _("pass if no row "
	    "comes back; fail otherwise, and note the rows"));
}

static char *
no_rows_describe(const struct step *st, const struct run_ctx *ctx,
    char **cause)
{
	const struct db_settings *set;
	struct buf b = BUF_INIT;
	char **params = NULL, *why = NULL;
	const char *sql;
	size_t n = 0, i;

	*cause = NULL;
	if (kind_db_params(ctx, st, &params, &n, cause) != 0)
		return NULL;
	dbcheck_describe_db(st, ctx, &b);
	set = kind_db_settings(ctx, st, NULL, &why);
	free(why);
	why = NULL;
	if (set == NULL) {
		/* Every engine's query, as the checklist gives them. */
		const struct ynode *v = params_node(st->with, "sql");

		for (i = 0; v != NULL && v->type == YNODE_MAPPING &&
		    i < v->n; i++)
			buf_printf(&b, "%s:\n%s\n", v->keys[i]->value,
			    ynode_str(v->items[i]));
		if (v != NULL && v->type == YNODE_SCALAR)
			buf_printf(&b, "%s\n", v->value);
	} else if ((sql = kind_sql_for(st->with, "sql", set->engine,
	    &why)) == NULL) {
		buf_printf(&b, "%s\n", why);
		free(why);
	} else
		buf_printf(&b, "%s\n", sql);
	for (i = 0; i < n; i++)
		buf_printf(&b, _("Parameter %zu: %s\n"), i + 1, params[i]);
	buf_adds(&b, _("Passes when the query returns no rows.\n"));
	kind_free_list(params, n);
	return buf_steal(&b);
}

static int
no_rows_run(const struct step *st, struct run_ctx *ctx, struct result *r)
{
	const struct db_settings *set;
	struct db_result rows;
	struct buf b = BUF_INIT;
	char **params = NULL, *cause = NULL, *where;
	const char *sql;
	size_t n = 0;
	struct db *db;

	memset(&rows, 0, sizeof rows);
	if (kind_db_params(ctx, st, &params, &n, &cause) != 0) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if ((db = dbcheck_connect(st, ctx, r, &set, no_rows_ask)) == NULL) {
		if (r->operator_query != NULL && n > 0) {
			/* The operator binds the same values. */
			struct buf q = BUF_INIT;
			size_t i;

			buf_adds(&q, r->operator_query);
			for (i = 0; i < n; i++)
				buf_printf(&q, _("\n-- parameter %zu: %s"),
				    i + 1, params[i]);
			free(r->operator_query);
			r->operator_query = buf_steal(&q);
		}
		kind_free_list(params, n);
		return 0;
	}
	where = dbcheck_where(set, db);
	if ((sql = kind_sql_for(st->with, "sql", db_engine_of(db),
	    &cause)) == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		goto out;
	}
	if (db_query(db, sql, (const char *const *)params, n,
	    (size_t)no_rows_shown(st), &rows, &cause) != 0) {
		result_set(r, STATUS_ERROR, "%s", cause);
		goto out;
	}
	if (rows.total == 0) {
		result_set(r, STATUS_PASS, _("the query returned no rows, in "
		    "%s"), where);
		goto out;
	}
	kind_db_rows_text(&rows, (size_t)no_rows_shown(st), &b);
	result_set(r, STATUS_FAIL, P_("the query returned %llu row, in "
	    "%s:\n%s", "the query returned %llu rows, in %s:\n%s",
	    rows.total), rows.total, where, b.data);
out:
	buf_free(&b);
	db_result_clear(&rows);
	free(cause);
	free(where);
	kind_free_list(params, n);
	db_close(db);
	return 0;
}

const struct kind kind_db_no_rows = {
	"db_no_rows", STEP_CHECK,
	N_("a database query returns no rows (the rows found are the evidence)"),
	no_rows_params, NULL, no_rows_describe, no_rows_run
};

/*
 * db_server_version
 */

/* "13", "13.4", "10.6.12" as the number db_server_version_number gives:
 * PostgreSQL 10 and later major * 10000 + minor; MySQL and MariaDB
 * major * 10000 + minor * 100 + patch. -1 if malformed. */
static long
version_number(enum db_engine e, const char *s)
{
	long part[3] = { 0, 0, 0 };
	size_t i = 0;
	char *end;

	for (;;) {
		if (*s < '0' || *s > '9')
			return -1;
		part[i] = strtol(s, &end, 10);
		s = end;
		if (*s == '\0')
			break;
		if (*s != '.' || ++i == 3)
			return -1;
		s++;
	}
	if (e == DB_POSTGRESQL)
		return part[0] >= 10 ? part[0] * 10000 + part[1] :
		    part[0] * 10000 + part[1] * 100 + part[2];
	if (part[1] > 99 || part[2] > 99)
		return -1;
	return part[0] * 10000 + part[1] * 100 + part[2];
}

static int
version_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	const struct ynode *v = params_node(with, "min");
	size_t i, j;
	int problems = 0;

	if (v == NULL || v->type != YNODE_MAPPING)
		return 0;
	for (i = 0; i < v->n; i++) {
		for (j = 0; version_engines[j] != NULL; j++) {
			if (strcmp(version_engines[j], v->keys[i]->value) == 0)
				break;
		}
		if (version_engines[j] == NULL) {
			diags_add(d, file, v->keys[i]->line, v->keys[i]->col,
			    _("unknown database engine '%s' in 'min' (known: "
			    "postgresql, mysql, mariadb, oracle, mssql)"),
			    v->keys[i]->value);
			problems++;
		} else if (v->items[i]->type == YNODE_SCALAR &&
		    version_number(db_engine_from_name(v->keys[i]->value),
		    v->items[i]->value) < 0) {
			diags_add(d, file, v->items[i]->line,
			    v->items[i]->col, _("'%s' is not a version such "
			    "as 13, 8.0 or 10.6.12"), v->items[i]->value);
			problems++;
		}
	}
	return problems;
}

static const char *
version_min(const struct step *st, enum db_engine e)
{
	const struct ynode *v = params_node(st->with, "min");
	/* No fall-back from MariaDB to MySQL: their numbers differ. */
	return ynode_str(ynode_get(v, db_engine_name(e)));
}

static void
version_ask(const struct step *st, enum db_engine e, char **query,
    char **expect)
{
	const char *min = version_min(st, e);

	*query = xstrdup(e == DB_ORACLE ? "SELECT BANNER FROM V$VERSION" :
	    "SELECT @@VERSION;");
	*expect = min != NULL ? xprintf(_("pass if the version is %s or "
	    "later, fail otherwise"), min) : xstrdup(_("the guide sets no "
	    "least version for this engine: note the version and report "
	    "whether the product supports it"));
}

static char *
version_describe(const struct step *st, const struct run_ctx *ctx,
    char **cause)
{
	const struct ynode *v = params_node(st->with, "min");
	struct buf b = BUF_INIT;
	size_t i;

	*cause = NULL;
	dbcheck_describe_db(st, ctx, &b);
	buf_adds(&b, _("The server's version must be at least:"));
	for (i = 0; v != NULL && i < v->n; i++)
		buf_printf(&b, " %s %s%s", v->keys[i]->value,
		    ynode_str(v->items[i]), i + 1 < v->n ? "," : "");
	buf_addc(&b, '\n');
	return buf_steal(&b);
}

static int
version_run(const struct step *st, struct run_ctx *ctx, struct result *r)
{
	const struct db_settings *set;
	const char *min;
	char *where;
	struct db *db;
	enum db_engine e;

	if ((db = dbcheck_connect(st, ctx, r, &set, version_ask)) == NULL)
		return 0;
	e = db_engine_of(db);
	where = dbcheck_where(set, db);
	if ((min = version_min(st, e)) == NULL)
		result_set(r, STATUS_ERROR, _("could not run: the step sets no "
		    "least version for %s (the server is %s)"),
		    db_engine_name(e), db_server_version(db));
	else if (db_server_version_number(db) >= version_number(e, min))
		result_set(r, STATUS_PASS, _("%s is %s or later: %s"),
		    db_server_version(db), min, where);
	else
		result_set(r, STATUS_FAIL, _("%s is older than %s: %s"),
		    db_server_version(db), min, where);
	free(where);
	db_close(db);
	return 0;
}

const struct kind kind_db_server_version = {
	"db_server_version", STEP_CHECK,
	N_("a database server is at least a version"),
	version_params, version_validate, version_describe, version_run
};
