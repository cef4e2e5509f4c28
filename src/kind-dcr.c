/* kind-dcr.c: the check "db_dcr_names": Open Banking's rule that no DCR
 * application's software id contains '_', with the name the 3.0.0
 * migration gives every DCR application (dcr.c) and the truncations and
 * collisions it would cause.
 *
 * The registrations are read from OB_DCR_DETAILS in one database, then
 * their client ids looked up in SP_INBOUND_AUTH and SP_APP of the other
 * with bound parameters: the two may be on different servers. On Oracle
 * and SQL Server the operator is given the exact queries. */
#include "config.h"

#include "kind.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "dcr.h"
#include "i18n.h"
#include "xmalloc.h"

/* The applications shown as evidence by default. */
#define DCR_SHOWN 50
/* Client ids or names bound in one query (PostgreSQL's placeholders of
 * db_param go to $99). */
#define DCR_CHUNK 50

static const struct param_spec dcr_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the API-M database holding SP_APP and SP_INBOUND_AUTH") },
	{ "dcr_database", PARAM_DATABASE, 1, N_("the Open Banking database holding OB_DCR_DETAILS") },
	{ "show", PARAM_INT, 0, N_("the applications listed as evidence (default 50)") },
	{ NULL, 0, 0, NULL }
};

static long long
dcr_shown(const struct step *st)
{
	long long n = params_int(st->with, "show", DCR_SHOWN);

	return n < 1 ? 1 : n;
}

/* "openbanking (postgresql://u@h:5432/db)" for people, or the database's
 * name with why it has no settings. */
static void
dcr_describe_db(const struct step *st, const struct run_ctx *ctx,
    const char *param, struct buf *b)
{
	const char *name = params_str(st->with, param);
	const struct db_settings *set;
	char *cause = NULL, *w;

	buf_adds(b, name != NULL ? name : "-");
	if ((set = kind_db_settings(ctx, st, param, &cause)) == NULL) {
		buf_printf(b, " (%s)", cause);
		free(cause);
		return;
	}
	w = db_settings_text(set);
	buf_printf(b, " (%s)", w);
	free(w);
}

/*
 * The operator's queries (Oracle, SQL Server).
 */

static char *
dcr_operator_query(const struct step *st, const struct db_settings *ob,
    const struct db_settings *ap)
{
	struct buf b = BUF_INIT;
	char *w;

	w = db_settings_text(ob);
	buf_printf(&b, _("-- 1. On the database %s (%s): the DCR "
	    "registrations."), params_str(st->with, "dcr_database"), w);
	free(w);
	buf_adds(&b, "\nSELECT CLIENT_ID, SOFTWARE_ID, REQUEST FROM "
	    "OB_DCR_DETAILS ORDER BY CLIENT_ID;\n");
	buf_adds(&b, _("-- Before Open Banking 1.4 (no SOFTWARE_ID column):"));
	buf_adds(&b, "\n-- SELECT CLIENT_ID, REQUEST FROM OB_DCR_DETAILS "
	    "ORDER BY CLIENT_ID;\n");
	w = db_settings_text(ap);
	buf_printf(&b, _("-- 2. On the database %s (%s): the service "
	    "providers of OAuth clients."), params_str(st->with, "database"),
	    w);
	buf_adds(&b, "\nSELECT i.INBOUND_AUTH_KEY, a.APP_NAME, a.TENANT_ID "
	    "FROM SP_INBOUND_AUTH i JOIN SP_APP a ON a.ID = i.APP_ID WHERE "
	    "i.INBOUND_AUTH_TYPE = 'oauth2' ORDER BY a.TENANT_ID, "
	    "a.APP_NAME;\n");
	buf_printf(&b, _("-- 3. On the database %s (%s): the names without "
	    "'_', which a new name could collide with."),
	    params_str(st->with, "database"), w);
	free(w);
	buf_adds(&b, "\nSELECT TENANT_ID, APP_NAME FROM SP_APP WHERE APP_NAME "
	    "NOT LIKE '%!_%' ESCAPE '!' ORDER BY TENANT_ID, APP_NAME;");
	return buf_steal(&b);
}

static const char *
dcr_expect(void)
{
	return _("a DCR application is a CLIENT_ID of query 1; its software "
	    "id is SOFTWARE_ID, or where that is empty the software_id claim "
	    "in REQUEST; its service provider is the row of query 2 with "
	    "that client id, and the migration names it the part of APP_NAME "
	    "after the first '_' up to the next. Pass if no software id "
	    "contains '_' or is missing, every APP_NAME holds exactly one "
	    "'_'-free part between the owner and the environment, and no new "
	    "name equals another's in the same tenant or an APP_NAME of query "
	    "3 in that tenant; fail otherwise, and note the applications");
}

static void
dcr_ask_operator(const struct step *st, struct result *r,
    const struct db_settings *ob, const struct db_settings *ap)
{
	const struct db_settings *elsewhere =
	    !db_engine_connects(ob->engine) ? ob : ap;
	char *q = dcr_operator_query(st, ob, ap);

	result_set(r, STATUS_PENDING, _("This program does not connect to "
	    "%s databases. Run the queries below, each on the database it "
	    "names, and report the outcome: %s"),
	    db_engine_name(elsewhere->engine), dcr_expect());
	free(r->operator_query);
	r->operator_query = q;
}

/*
 * Reading.
 */

/* Does OB_DCR_DETAILS have SOFTWARE_ID (Open Banking 1.4 and later)? */
static int
dcr_has_software_id(struct db *db, int *has, char **cause)
{
	struct db_result res;
	const char *sql = db_engine_of(db) == DB_POSTGRESQL ?
	    "SELECT column_name FROM information_schema.columns WHERE "
	    "table_catalog = current_database() AND table_schema = "
	    "current_schema() AND LOWER(table_name) = 'ob_dcr_details' AND "
	    "LOWER(column_name) = 'software_id'" :
	    "SELECT column_name FROM information_schema.columns WHERE "
	    "table_schema = DATABASE() AND LOWER(table_name) = "
	    "'ob_dcr_details' AND LOWER(column_name) = 'software_id'";

	if (db_query(db, sql, NULL, 0, 1, &res, cause) != 0)
		return -1;
	*has = res.total > 0;
	db_result_clear(&res);
	return 0;
}

/* Is the text empty but for spaces? */
static int
dcr_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* The registrations; *apps (the caller clears and frees them) holds
 * client ids and software ids. */
static int
dcr_read_registrations(struct db *db, struct dcr_app **apps, size_t *n,
    char **cause)
{
	struct db_result res;
	struct dcr_app *a;
	const char *sid, *request;
	char *why;
	int has;
	size_t i;

	*apps = NULL;
	*n = 0;
	if (dcr_has_software_id(db, &has, cause) != 0)
		return -1;
	/* Without the column (or without the table: the server says so). */
	if (db_query(db, has ? "SELECT CLIENT_ID, SOFTWARE_ID, CASE WHEN "
	    "SOFTWARE_ID IS NULL OR TRIM(SOFTWARE_ID) = '' THEN REQUEST END "
	    "FROM OB_DCR_DETAILS ORDER BY CLIENT_ID" : "SELECT CLIENT_ID, "
	    "NULL, REQUEST FROM OB_DCR_DETAILS ORDER BY CLIENT_ID", NULL, 0,
	    SIZE_MAX, &res, cause) != 0)
		return -1;
	*apps = xcalloc(res.nrows + 1, sizeof **apps);
	for (i = 0; i < res.nrows; i++) {
		a = &(*apps)[(*n)++];
		a->client_id = xstrdup(db_cell(&res, i, 0) != NULL ?
		    db_cell(&res, i, 0) : "");
		sid = db_cell(&res, i, 1);
		request = db_cell(&res, i, 2);
		if (!dcr_blank(sid)) {
			a->software_id = xstrdup(sid);
			a->source = DCR_FROM_COLUMN;
			continue;
		}
		why = NULL;
		a->software_id = dcr_request_software_id(request, &a->source,
		    &why);
		if (why != NULL) {
			a->why = xprintf(_("REQUEST cannot be read (%s)"),
			    why);
			free(why);
		} else if (request == NULL && a->software_id == NULL)
			a->why = xstrdup(_("SOFTWARE_ID and REQUEST are both "
			    "empty"));
	}
	db_result_clear(&res);
	return 0;
}

/* "... IN ($1, $2, ...)" for m values bound from 1. */
static void
dcr_in_list(struct buf *b, enum db_engine e, size_t m)
{
	size_t i;

	buf_adds(b, " IN (");
	for (i = 0; i < m; i++)
		buf_printf(b, "%s%s", i > 0 ? ", " : "", db_param(e,
		    (int)i + 1));
	buf_addc(b, ')');
}

/* Run sql + IN (...) over the values, DCR_CHUNK at a time; the results are
 * added to *res (the caller clears each and frees the array). */
static int
dcr_query_in(struct db *db, const char *sql, const char *const *values,
    size_t n, struct db_result **res, size_t *nres, char **cause)
{
	struct buf q = BUF_INIT;
	size_t start, m;

	for (start = 0; start < n; start += m) {
		m = n - start < DCR_CHUNK ? n - start : DCR_CHUNK;
		buf_reset(&q);
		buf_adds(&q, sql);
		dcr_in_list(&q, db_engine_of(db), m);
		*res = xreallocarray(*res, *nres + 1, sizeof **res);
		if (db_query(db, q.data, values + start, m, SIZE_MAX,
		    &(*res)[*nres], cause) != 0) {
			buf_free(&q);
			return -1;
		}
		(*nres)++;
	}
	buf_free(&q);
	return 0;
}

static void
dcr_results_free(struct db_result *res, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		db_result_clear(&res[i]);
	free(res);
}

/* Rows of (c0, c1, c2) as service providers: client id, name, tenant
 * (client_col -1: none). The caller frees the array. */
static struct dcr_sp *
dcr_rows_sp(const struct db_result *res, size_t nres, int client_col,
    size_t name_col, size_t tenant_col, size_t *n)
{
	struct dcr_sp *spv;
	size_t i, j, total = 0;

	for (i = 0; i < nres; i++)
		total += res[i].nrows;
	spv = xcalloc(total + 1, sizeof *spv);
	*n = 0;
	for (i = 0; i < nres; i++) {
		for (j = 0; j < res[i].nrows; j++) {
			spv[*n].client_id = client_col < 0 ? NULL :
			    db_cell(&res[i], j, (size_t)client_col);
			spv[*n].name = db_cell(&res[i], j, name_col);
			spv[(*n)++].tenant = db_cell(&res[i], j, tenant_col);
		}
	}
	return spv;
}

/* The service providers of the applications, and the names they would
 * collide with. */
static int
dcr_read_sps(struct db *db, struct dcr_app *apps, size_t n, char **cause)
{
	struct db_result *res = NULL;
	struct dcr_sp *spv;
	const char **values;
	size_t nres = 0, nsp, i, m = 0;
	int rc = -1;

	values = xreallocarray(NULL, n + 1, sizeof *values);
	for (i = 0; i < n; i++)
		values[i] = apps[i].client_id;
	if (dcr_query_in(db, "SELECT i.INBOUND_AUTH_KEY, a.APP_NAME, "
	    "a.TENANT_ID FROM SP_INBOUND_AUTH i JOIN SP_APP a ON a.ID = "
	    "i.APP_ID WHERE i.INBOUND_AUTH_TYPE = 'oauth2' AND "
	    "i.INBOUND_AUTH_KEY", values, n, &res, &nres, cause) != 0)
		goto out;
	spv = dcr_rows_sp(res, nres, 0, 1, 2, &nsp);
	dcr_attach(apps, n, spv, nsp);
	free(spv);
	dcr_results_free(res, nres);
	res = NULL;
	nres = 0;

	/* The names the new ones could collide with (each asked once). */
	for (i = 0; i < n; i++) {
		size_t k;

		if (apps[i].new_name == NULL)
			continue;
		for (k = 0; k < m && strcmp(values[k], apps[i].new_name) != 0;
		    k++)
			;
		if (k == m)
			values[m++] = apps[i].new_name;
	}
	if (dcr_query_in(db, "SELECT APP_NAME, TENANT_ID FROM SP_APP WHERE "
	    "APP_NAME", values, m, &res, &nres, cause) != 0)
		goto out;
	spv = dcr_rows_sp(res, nres, -1, 0, 1, &nsp);
	/* MySQL and MariaDB compare names without regard to case (their
	 * default collations): so does their UNIQUE (APP_NAME, TENANT_ID). */
	dcr_collisions(apps, n, spv, nsp,
	    db_engine_of(db) != DB_POSTGRESQL);
	free(spv);
	rc = 0;
out:
	dcr_results_free(res, nres);
	free(values);
	return rc;
}

/*
 * The check.
 */

/* A cell of the evidence: cut to a readable length, "-" for none. */
static void
dcr_cell(struct buf *b, const char *s, int last)
{
	char *ex;

	if (s == NULL || *s == '\0')
		buf_adds(b, "-");
	else {
		ex = kind_excerpt(s, strlen(s));
		buf_adds(b, ex);
		free(ex);
	}
	buf_adds(b, last ? "\n" : " | ");
}

static void
dcr_table(const struct dcr_app *apps, size_t n, size_t max, struct buf *b)
{
	size_t i, shown = n < max ? n : max;
	char *sid, *finding;

	/* TRANSLATORS: the header of the evidence's table; the cells are
	 * separated by " | ". */
	buf_adds(b, _("client id | service provider | tenant | software id | "
	    "new name | finding"));
	buf_addc(b, '\n');
	for (i = 0; i < shown; i++) {
		const struct dcr_app *a = &apps[i];

		dcr_cell(b, a->client_id, 0);
		dcr_cell(b, a->sp_name, 0);
		dcr_cell(b, a->tenant, 0);
		if (a->software_id == NULL)
			sid = xstrdup(_("unknown"));
		else if (a->source == DCR_FROM_REQUEST)
			sid = xprintf(_("%s (from REQUEST)"), a->software_id);
		else if (a->source == DCR_FROM_STATEMENT)
			sid = xprintf(_("%s (from REQUEST's "
			    "software_statement)"), a->software_id);
		else
			sid = xstrdup(a->software_id);
		dcr_cell(b, sid, 0);
		free(sid);
		dcr_cell(b, a->new_name, 0);
		finding = dcr_finding(a);
		dcr_cell(b, finding, 1);
		free(finding);
	}
	if (n > shown)
		buf_printf(b, P_("(the first %zu of %zu DCR application, those "
		    "with a problem first)\n", "(the first %zu of %zu DCR "
		    "applications, those with a problem first)\n", n), shown,
		    n);
}

/* Where a database is, for evidence: "openbanking,
 * postgresql://u@h:5432/db (PostgreSQL 15.8)". */
static char *
dcr_where(const char *name, const struct db_settings *set, struct db *db)
{
	char *w = db_settings_text(set), *s;

	s = xprintf("%s, %s (%s)", name, w, db_server_version(db));
	free(w);
	return s;
}

static char *
dcr_describe(const struct step *st, const struct run_ctx *ctx, char **cause)
{
	const struct db_settings *ob, *ap;
	struct buf b = BUF_INIT;
	char *why = NULL, *q;

	*cause = NULL;
	buf_adds(&b, _("DCR registrations (OB_DCR_DETAILS): "));
	dcr_describe_db(st, ctx, "dcr_database", &b);
	buf_addc(&b, '\n');
	buf_adds(&b, _("Service providers (SP_INBOUND_AUTH, SP_APP): "));
	dcr_describe_db(st, ctx, "database", &b);
	buf_addc(&b, '\n');
	buf_adds(&b, _("Lists every DCR application with the name the 3.0.0 "
	    "migration gives it (the part of its service provider's name "
	    "after the first '_', up to the next). Passes when no software "
	    "id contains '_' and every new name is whole and free in its "
	    "tenant.\n"));
	ob = kind_db_settings(ctx, st, "dcr_database", &why);
	free(why);
	why = NULL;
	ap = kind_db_settings(ctx, st, "database", &why);
	free(why);
	if (ob != NULL && ap != NULL && (!db_engine_connects(ob->engine) ||
	    !db_engine_connects(ap->engine))) {
		q = dcr_operator_query(st, ob, ap);
		buf_printf(&b, _("Queries for the operator:\n%s\n"), q);
		free(q);
	} else
		buf_adds(&b, _("The client ids read from the first database "
		    "are looked up in the second as bound parameters.\n"));
	return buf_steal(&b);
}

static int
dcr_run(const struct step *st, struct run_ctx *ctx, struct result *r)
{
	const struct db_settings *ob_set, *ap_set;
	struct db *ob = NULL, *ap = NULL;
	struct dcr_app *apps = NULL;
	struct buf b = BUF_INIT;
	char *cause = NULL, *ob_where = NULL, *ap_where = NULL;
	size_t n = 0, i, bad = 0;

	if ((ob_set = kind_db_settings(ctx, st, "dcr_database", &cause)) ==
	    NULL || (ap_set = kind_db_settings(ctx, st, "database",
	    &cause)) == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		goto out;
	}
	if (!db_engine_connects(ob_set->engine) ||
	    !db_engine_connects(ap_set->engine)) {
		dcr_ask_operator(st, r, ob_set, ap_set);
		goto out;
	}
	if ((ob = kind_db_connect(ctx, st, "dcr_database", &cause)) == NULL ||
	    (ap = kind_db_connect(ctx, st, "database", &cause)) == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		goto out;
	}
	ob_where = dcr_where(params_str(st->with, "dcr_database"), ob_set, ob);
	ap_where = dcr_where(params_str(st->with, "database"), ap_set, ap);
	if (dcr_read_registrations(ob, &apps, &n, &cause) != 0) {
		result_set(r, STATUS_ERROR, _("could not read the DCR "
		    "registrations (OB_DCR_DETAILS) in %s: %s"), ob_where,
		    cause);
		goto out;
	}
	if (n == 0) {
		result_set(r, STATUS_PASS, _("no DCR applications: "
		    "OB_DCR_DETAILS is empty, in %s"), ob_where);
		goto out;
	}
	if (dcr_read_sps(ap, apps, n, &cause) != 0) {
		result_set(r, STATUS_ERROR, _("could not read the service "
		    "providers (SP_INBOUND_AUTH, SP_APP) in %s: %s"), ap_where,
		    cause);
		goto out;
	}
	dcr_sort(apps, n);
	for (i = 0; i < n; i++) {
		if (!dcr_app_ok(&apps[i]))
			bad++;
	}
	dcr_table(apps, n, (size_t)dcr_shown(st), &b);
	if (bad == 0)
		result_set(r, STATUS_PASS, P_("%zu DCR application, in %s, "
		    "with its service provider in %s: no software id contains "
		    "'_', and every new name is whole and free in its "
		    "tenant.\n%s", "%zu DCR applications, in %s, with their "
		    "service providers in %s: no software id contains '_', "
		    "and every new name is whole and free in its tenant.\n%s",
		    n), n, ob_where, ap_where, b.data);
	else
		result_set(r, STATUS_FAIL, P_("%zu of %zu DCR applications "
		    "(in %s, with their service providers in %s) would not "
		    "come through the migration's renaming as they are: "
		    "rename it first.\n%s", "%zu of %zu DCR applications (in "
		    "%s, with their service providers in %s) would not come "
		    "through the migration's renaming as they are: rename "
		    "them first.\n%s", bad), bad, n, ob_where, ap_where,
		    b.data);
out:
	for (i = 0; i < n; i++)
		dcr_app_clear(&apps[i]);
	free(apps);
	buf_free(&b);
	free(cause);
	free(ob_where);
	free(ap_where);
	db_close(ob);
	db_close(ap);
	return 0;
}

const struct kind kind_db_dcr_names = {
	"db_dcr_names", STEP_CHECK,
	N_("no DCR application's software id contains '_', and the names "
	    "the Open Banking 3.0.0 migration gives them are whole and "
	    "unique"),
	dcr_params, NULL, dcr_describe, dcr_run
};
