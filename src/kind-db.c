/* kind-db.c: what the database kinds share: the SQL for an engine, the
 * step's database and its connection, bound parameters, rows as evidence,
 * and the query handed to the operator on engines this program does not
 * connect to. */
#include "config.h"

#include "kind.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "xmalloc.h"

/* The widest cell shown in evidence, in columns. */
#define KIND_DB_CELL 60

const char *
kind_sql_for(const struct ynode *with, const char *name, enum db_engine e,
    char **cause)
{
	const struct ynode *v = params_node(with, name);
	const struct ynode *sql;

	*cause = NULL;
	if (v == NULL) {
		*cause = xprintf(_("the step gives no '%s'"), name);
		return NULL;
	}
	if (v->type == YNODE_SCALAR)
		return v->value;
	sql = ynode_get(v, db_engine_name(e));
	if (sql == NULL && e == DB_MARIADB)
		sql = ynode_get(v, "mysql");
	if (sql == NULL || sql->type != YNODE_SCALAR) {
		*cause = xprintf(_("the step gives no '%s' for %s"), name,
		    db_engine_name(e));
		return NULL;
	}
	return sql->value;
}

static const char *
kind_db_name(const struct step *st, const char *param)
{
	return params_str(st->with, param != NULL ? param : "database");
}

const struct db_settings *
kind_db_settings(const struct run_ctx *ctx, const struct step *st,
    const char *param, char **cause)
{
	const char *name = kind_db_name(st, param);

	*cause = NULL;
	if (name == NULL) {
		*cause = xprintf(_("the step names no database"));
		return NULL;
	}
	if (ctx->db_settings == NULL) {
		*cause = xprintf(_("could not run: no database settings are "
		    "available here"));
		return NULL;
	}
	return ctx->db_settings(ctx->arg, name, cause);
}

struct db *
kind_db_connect(const struct run_ctx *ctx, const struct step *st,
    const char *param, char **cause)
{
	const char *name = kind_db_name(st, param);
	const struct db_settings *set;
	struct db *db;
	char *why = NULL, *where;

	if ((set = kind_db_settings(ctx, st, param, cause)) == NULL)
		return NULL;
	if (ctx->db_connect == NULL) {
		*cause = xprintf(_("could not run: no database connections "
		    "are available here"));
		return NULL;
	}
	if ((db = ctx->db_connect(ctx->arg, name, &why)) != NULL)
		return db;
	where = db_settings_text(set);
	/* The connection layer's message names where it went: once. */
	if (why != NULL && strstr(why, where) != NULL)
		*cause = xprintf(_("could not connect to the database %s: %s"),
		    name, why);
	else
		*cause = xprintf(_("could not connect to the database %s "
		    "(%s): %s"), name, where, why != NULL ? why :
		    _("unknown error"));
	free(where);
	free(why);
	return NULL;
}

int
kind_db_params(const struct run_ctx *ctx, const struct step *st,
    char ***params, size_t *n, char **cause)
{
	*params = NULL;
	*n = 0;
	*cause = NULL;
	if (params_node(st->with, "params") == NULL)
		return 0;
	*params = kind_expand_list(ctx, st->with, "params", n, cause);
	return *params == NULL && *cause != NULL ? -1 : 0;
}

/* One cell, cut to about KIND_DB_CELL bytes at a character boundary,
 * control characters as '?'. */
static void
kind_db_cell(struct buf *b, const char *cell)
{
	size_t len, n;
	char *ex;

	if (cell == NULL) {
		buf_adds(b, "NULL");
		return;
	}
	len = n = strlen(cell);
	if (n > KIND_DB_CELL) {
		n = KIND_DB_CELL;
		while (n > 0 && ((unsigned char)cell[n] & 0xc0) == 0x80)
			n--;
	}
	ex = kind_excerpt(cell, n);
	buf_adds(b, ex);
	if (n < len)
		buf_adds(b, "...");
	free(ex);
}

void
kind_db_rows_text(const struct db_result *r, size_t max, struct buf *b)
{
	size_t i, j, shown = r->nrows < max ? r->nrows : max;

	for (j = 0; j < r->ncols; j++) {
		if (j > 0)
			buf_adds(b, " | ");
		buf_adds(b, r->names[j]);
	}
	buf_addc(b, '\n');
	for (i = 0; i < shown; i++) {
		for (j = 0; j < r->ncols; j++) {
			if (j > 0)
				buf_adds(b, " | ");
			kind_db_cell(b, db_cell(r, i, j));
		}
		buf_addc(b, '\n');
	}
	if (r->total > shown)
		buf_printf(b, P_("(the first %zu of %llu row)\n",
		    "(the first %zu of %llu rows)\n", r->total), shown,
		    r->total);
}

void
kind_db_ask_operator(struct result *r, const struct db_settings *set,
    const char *dbname, const char *query, const char *expect)
{
	char *where = db_settings_text(set);

	result_set(r, STATUS_PENDING, _("This program does not connect to "
	    "%s databases. Run the query below on the database %s (%s) and "
	    "report the outcome: %s"), db_engine_name(set->engine), dbname,
	    where, expect);
	free(where);
	free(r->operator_query);
	r->operator_query = xstrdup(query);
}
