/* kind-dcr.c: the check "db_dcr_names": Open Banking's rule that no DCR
 * application's software id contains '_', with the name the 3.0.0
 * migration gives every DCR application (dcr.c) and the truncations and
 * collisions it would cause.
 *
 * The registrations are read from OB_DCR_DETAILS in one database; then
 * the oauth2 service providers (SP_INBOUND_AUTH joined to SP_APP) and the
 * SP_APP names without '_' (those a new name could equal) are read from
 * the other, row by row, and matched with the registrations here by hash:
 * the two databases may be on different servers. One query a table,
 * however many registrations; the memory is the registrations' (about
 * 270 bytes each), not the service providers'. On Oracle and SQL Server
 * the operator is given the exact queries. */
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

/* The registrations as they are read. */
struct dcr_reading {
	struct dcr_app	*apps;
	size_t		 n;
	size_t		 size;
};

/* One row of OB_DCR_DETAILS: client id, software id, REQUEST. */
static void
dcr_registration(void *arg, const char *const *cells, size_t ncols)
{
	struct dcr_reading *rd = arg;
	struct dcr_app *a;
	const char *sid, *request;
	char *why;

	if (rd->n == rd->size) {
		rd->size = rd->size == 0 ? 64 : rd->size * 2;
		rd->apps = xreallocarray(rd->apps, rd->size + 1,
		    sizeof *rd->apps);
	}
	a = &rd->apps[rd->n++];
	memset(a, 0, sizeof *a);
	a->client_id = xstrdup(ncols > 0 && cells[0] != NULL ? cells[0] : "");
	sid = ncols > 1 ? cells[1] : NULL;
	request = ncols > 2 ? cells[2] : NULL;
	if (!dcr_blank(sid)) {
		a->software_id = xstrdup(sid);
		a->source = DCR_FROM_COLUMN;
		return;
	}
	why = NULL;
	a->software_id = dcr_request_software_id(request, &a->source, &why);
	if (why != NULL) {
		a->why = xprintf(_("REQUEST cannot be read (%s)"), why);
		free(why);
	} else if (request == NULL && a->software_id == NULL)
		a->why = xstrdup(_("SOFTWARE_ID and REQUEST are both empty"));
}

/* The registrations; *apps (the caller clears and frees them) holds
 * client ids and software ids. */
static int
dcr_read_registrations(struct db *db, struct dcr_app **apps, size_t *n,
    char **cause)
{
	struct dcr_reading rd = { NULL, 0, 0 };
	int has, rc;

	*apps = NULL;
	*n = 0;
	if (dcr_has_software_id(db, &has, cause) != 0)
		return -1;
	/* Without the column (or without the table: the server says so). */
	rc = db_query_rows(db, has ? "SELECT CLIENT_ID, SOFTWARE_ID, CASE WHEN "
	    "SOFTWARE_ID IS NULL OR TRIM(SOFTWARE_ID) = '' THEN REQUEST END "
	    "FROM OB_DCR_DETAILS ORDER BY CLIENT_ID" : "SELECT CLIENT_ID, "
	    "NULL, REQUEST FROM OB_DCR_DETAILS ORDER BY CLIENT_ID", NULL, 0,
	    dcr_registration, &rd, NULL, cause);
	/* Handed over even on failure: the caller clears what was read. */
	*apps = rd.apps;
	*n = rd.n;
	return rc;
}

/* One oauth2 service provider: client id, name, tenant. */
static void
dcr_sp_row(void *arg, const char *const *cells, size_t ncols)
{
	if (ncols >= 3)
		dcr_attach_sp(arg, cells[0], cells[1], cells[2]);
}

/* The SP_APP names a new name equals, as they are read. */
struct dcr_taking {
	const struct dcr_names *names;
	struct dcr_sp	*taken;
	size_t		 n;
	size_t		 size;
};

/* One name without '_' in SP_APP: name, tenant; kept if a new name of its
 * tenant equals it. */
static void
dcr_taken_row(void *arg, const char *const *cells, size_t ncols)
{
	struct dcr_taking *tk = arg;

	if (ncols < 2 || !dcr_names_has(tk->names, cells[0], cells[1]))
		return;
	if (tk->n == tk->size) {
		tk->size = tk->size == 0 ? 16 : tk->size * 2;
		tk->taken = xreallocarray(tk->taken, tk->size,
		    sizeof *tk->taken);
	}
	tk->taken[tk->n].client_id = NULL;
	tk->taken[tk->n].name = xstrdup(cells[0]);
	tk->taken[tk->n++].tenant = xstrdup(cells[1]);
}

/* The service providers of the applications, and the names they would
 * collide with. */
static int
dcr_read_sps(struct db *db, struct dcr_app *apps, size_t n, char **cause)
{
	struct dcr_attach *at;
	struct dcr_taking tk = { NULL, NULL, 0, 0 };
	struct dcr_names *names;
	/* MySQL and MariaDB compare names without regard to case (their
	 * default collations): so does their UNIQUE (APP_NAME, TENANT_ID). */
	int fold_case = db_engine_of(db) != DB_POSTGRESQL, rc;
	size_t i;

	at = dcr_attach_start(apps, n);
	rc = db_query_rows(db, "SELECT i.INBOUND_AUTH_KEY, a.APP_NAME, "
	    "a.TENANT_ID FROM SP_INBOUND_AUTH i JOIN SP_APP a ON a.ID = "
	    "i.APP_ID WHERE i.INBOUND_AUTH_TYPE = 'oauth2'", NULL, 0,
	    dcr_sp_row, at, NULL, cause);
	dcr_attach_end(at);
	if (rc != 0)
		return -1;

	/* A new name holds no '_': the names with one cannot equal it. */
	names = dcr_names_new(apps, n, fold_case);
	tk.names = names;
	rc = db_query_rows(db, "SELECT APP_NAME, TENANT_ID FROM SP_APP WHERE "
	    "APP_NAME NOT LIKE '%!_%' ESCAPE '!'", NULL, 0, dcr_taken_row,
	    &tk, NULL, cause);
	if (rc == 0)
		dcr_names_collisions(names, tk.taken, tk.n);
	dcr_names_free(names);
	for (i = 0; i < tk.n; i++) {
		free((char *)(uintptr_t)tk.taken[i].name);
		free((char *)(uintptr_t)tk.taken[i].tenant);
	}
	free(tk.taken);
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
		buf_adds(&b, _("The oauth2 service providers and the names "
		    "without '_' are read from the second database, one query "
		    "each, and matched with the registrations by client id and "
		    "name.\n"));
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
	dcr_sort_first(apps, n, (size_t)dcr_shown(st));
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
