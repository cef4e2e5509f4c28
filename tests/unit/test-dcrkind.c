/* test-dcrkind.c: the check db_dcr_names (kind-dcr.c) against the private
 * servers of tests/db/servers.sh, on both engines, with the two databases
 * on one server and on two; run through tests/db/dcr.sh. */
#include "config.h"

#include "testdb.h"

#include "buf.h"
#include "db.h"
#include "kind.h"
#include "xmalloc.h"

static struct server pg_server = { .engine = DB_POSTGRESQL };
static struct server my_server = { .engine = DB_MARIADB };

#define DCR_STEP "{database: apimgt, dcr_database: openbanking}"

/* "apimgt" and "openbanking" as the fixtures of servers.sh hold them. */
static struct dbfx *
fx_shipped(const struct server *ap, const struct server *ob)
{
	struct dbfx *f = dbfx_new();

	dbfx_map(f, "apimgt", ap, "openbank_apimgtdb", ap->password);
	dbfx_map(f, "openbanking", ob, "openbank_openbankingdb",
	    ob->password);
	return f;
}

/* The shipped rows: tpp1 is fine; tpp2's software id soft_ware_42 holds
 * '_', is cut to "soft" and so lands on tpp3's name ("soft", read from
 * REQUEST since its SOFTWARE_ID is empty); API-M's own applications are
 * no DCR applications. */
static void
check_shipped(struct dbfx *f, const struct server *ap,
    const struct server *ob)
{
	struct result r;

	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_FAIL);
	assert_contains(r.evidence, "2 of 3 DCR applications");
	assert_contains(r.evidence, "cl1ent4DcrTpp2 | "
	    "tpp2admin_soft_ware_42_PRODUCTION | -1234 | soft_ware_42 | soft | "
	    "the software id contains '_'; truncated: the migration keeps "
	    "'soft' of 'soft_ware_42'; collides with tpp3admin_soft_SANDBOX "
	    "(client id cl1ent5DcrTpp3)\n");
	assert_contains(r.evidence, "cl1ent5DcrTpp3 | tpp3admin_soft_SANDBOX | "
	    "-1234 | soft (from REQUEST) | soft | collides with "
	    "tpp2admin_soft_ware_42_PRODUCTION (client id cl1ent4DcrTpp2)\n");
	assert_contains(r.evidence, "cl1ent3DcrTpp1 | "
	    "tpp1admin_oQ4KoaavpOuoE7rvQsZEOV_PRODUCTION | -1234 | "
	    "oQ4KoaavpOuoE7rvQsZEOV | oQ4KoaavpOuoE7rvQsZEOV | ok\n");
	/* Problems first. */
	assert_true(strstr(r.evidence, "cl1ent3DcrTpp1") >
	    strstr(r.evidence, "cl1ent5DcrTpp3"));
	assert_null(strstr(r.evidence, "DefaultApplication"));
	assert_null(strstr(r.evidence, "cl1ent0Default"));
	/* Where each database is, never a password. */
	assert_contains(r.evidence, is_pg(ob) ? "openbanking, postgresql://" :
	    "openbanking, mariadb://");
	assert_contains(r.evidence, is_pg(ap) ? "apimgt, postgresql://" :
	    "apimgt, mariadb://");
	assert_null(strstr(r.evidence, ap->password));
	assert_null(strstr(r.evidence, ob->password));
	result_clear(&r);
}

static void
test_shipped(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = fx_shipped(s, s);

	check_shipped(f, s, s);
	/* Each database connected to once. */
	assert_int_equal(f->connects, 2);
	dbfx_free(f);
}

/* apimgt on one server, openbanking on the other, both ways. */
static void
test_two_servers(void **state)
{
	struct dbfx *f;

	(void)state;
	if (!pg_server.ready || !my_server.ready)
		skip();
	f = fx_shipped(&pg_server, &my_server);
	check_shipped(f, &pg_server, &my_server);
	dbfx_free(f);
	f = fx_shipped(&my_server, &pg_server);
	check_shipped(f, &my_server, &pg_server);
	dbfx_free(f);
}

/*
 * Scenarios in the scratch database: both logical databases on it.
 */

static void
scratch_tables(struct db *db, int with_software_id)
{
	exec_ok(db, "DROP TABLE IF EXISTS SP_INBOUND_AUTH");
	exec_ok(db, "DROP TABLE IF EXISTS SP_APP");
	exec_ok(db, "DROP TABLE IF EXISTS OB_DCR_DETAILS");
	exec_ok(db, "CREATE TABLE SP_APP (ID INTEGER NOT NULL, TENANT_ID "
	    "INTEGER NOT NULL, APP_NAME VARCHAR(255) NOT NULL, PRIMARY KEY "
	    "(ID), UNIQUE (APP_NAME, TENANT_ID))");
	exec_ok(db, "CREATE TABLE SP_INBOUND_AUTH (ID INTEGER NOT NULL, "
	    "TENANT_ID INTEGER NOT NULL, INBOUND_AUTH_KEY VARCHAR(255), "
	    "INBOUND_AUTH_TYPE VARCHAR(255) NOT NULL, APP_ID INTEGER NOT "
	    "NULL, PRIMARY KEY (ID))");
	exec_ok(db, with_software_id ? "CREATE TABLE OB_DCR_DETAILS (ID "
	    "INTEGER NOT NULL, CLIENT_ID VARCHAR(255) NOT NULL, REQUEST TEXT, "
	    "SOFTWARE_ID VARCHAR(255), PRIMARY KEY (ID))" : "CREATE TABLE "
	    "OB_DCR_DETAILS (ID INTEGER NOT NULL, CLIENT_ID VARCHAR(255) NOT "
	    "NULL, REQUEST TEXT, PRIMARY KEY (ID))");
}

/* Run an INSERT with bound values. */
static void
insert(struct db *db, const char *pg, const char *my,
    const char *const *values, size_t n)
{
	struct db_result r;

	query_ok(db, db_engine_of(db) == DB_POSTGRESQL ? pg : my, values, n,
	    0, &r);
	db_result_clear(&r);
}

/* A service provider with an oauth2 client id (NULL: none). */
static void
add_sp(struct db *db, int id, const char *tenant, const char *name,
    const char *client_id)
{
	char ids[32];
	const char *v[4];

	snprintf(ids, sizeof ids, "%d", id);
	v[0] = ids;
	v[1] = tenant;
	v[2] = name;
	insert(db, "INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME) VALUES ($1, "
	    "CAST($2 AS INTEGER), $3)", "INSERT INTO SP_APP (ID, TENANT_ID, "
	    "APP_NAME) VALUES (?, ?, ?)", v, 3);
	if (client_id == NULL)
		return;
	v[2] = client_id;
	v[3] = ids;
	insert(db, "INSERT INTO SP_INBOUND_AUTH (ID, TENANT_ID, "
	    "INBOUND_AUTH_KEY, INBOUND_AUTH_TYPE, APP_ID) VALUES "
	    "(CAST($1 AS INTEGER), CAST($2 AS INTEGER), $3, 'oauth2', "
	    "CAST($4 AS INTEGER))", "INSERT INTO SP_INBOUND_AUTH (ID, "
	    "TENANT_ID, INBOUND_AUTH_KEY, INBOUND_AUTH_TYPE, APP_ID) VALUES "
	    "(?, ?, ?, 'oauth2', ?)", v, 4);
}

/* A registration; software_id NULL leaves the column NULL (or out, when
 * the table has none). */
static void
add_dcr(struct db *db, int id, const char *client_id,
    const char *software_id, const char *request, int with_software_id)
{
	char ids[32];
	const char *v[4] = { ids, client_id, request, software_id };

	snprintf(ids, sizeof ids, "%d", id);
	if (with_software_id)
		insert(db, "INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, "
		    "SOFTWARE_ID) VALUES (CAST($1 AS INTEGER), $2, $3, $4)",
		    "INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, "
		    "SOFTWARE_ID) VALUES (?, ?, ?, ?)", v, 4);
	else
		insert(db, "INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST) "
		    "VALUES (CAST($1 AS INTEGER), $2, $3)", "INSERT INTO "
		    "OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST) VALUES (?, ?, ?)",
		    v, 3);
}

/* A clean set: API-M's own application, and two DCR applications, one
 * with its software id in REQUEST only (escaped quotes, nesting,
 * whitespace). */
static void
clean_set(struct db *db, int with_software_id)
{
	scratch_tables(db, with_software_id);
	add_sp(db, 1, "-1234", "admin_DefaultApplication_PRODUCTION", "k0");
	add_sp(db, 2, "-1234", "tpp1_AppOne_PRODUCTION", "k1");
	add_sp(db, 3, "-1234", "tpp2_AppTwo_SANDBOX", "k2");
	add_dcr(db, 1, "k1", "AppOne", "{\"software_id\":\"AppOne\"}",
	    with_software_id);
	add_dcr(db, 2, "k2", with_software_id ? "" : NULL,
	    "{ \"client_name\" : \"say \\\"hi\\\"\",\n \"meta\": "
	    "{\"software_id\": \"nested\"},\n \"software_id\" : \"AppTwo\" }",
	    with_software_id);
}

static struct dbfx *
fx_scratch(const struct server *s)
{
	struct dbfx *f = dbfx_new();

	dbfx_map(f, "apimgt", s, s->scratch, s->password);
	dbfx_map(f, "openbanking", s, s->scratch, s->password);
	return f;
}

static void
test_clean(void **state)
{
	struct server *s = server_of(state);
	struct db *db = connect_to(s, s->scratch);
	struct dbfx *f = fx_scratch(s);
	struct result r;
	char *d, *cause = NULL;

	clean_set(db, 1);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_PASS);
	assert_contains(r.evidence, "2 DCR applications");
	assert_contains(r.evidence, "k2 | tpp2_AppTwo_SANDBOX | -1234 | "
	    "AppTwo (from REQUEST) | AppTwo | ok\n");
	assert_contains(r.evidence, "k1 | tpp1_AppOne_PRODUCTION | -1234 | "
	    "AppOne | AppOne | ok\n");
	assert_null(strstr(r.evidence, "DefaultApplication"));
	result_clear(&r);

	/* The preview names both databases. */
	d = dbfx_describe(f, "db_dcr_names", DCR_STEP, &cause);
	assert_non_null(d);
	assert_contains(d, "OB_DCR_DETAILS): openbanking (");
	assert_contains(d, "SP_APP): apimgt (");
	free(d);

	/* A name differing only in case: a collision where the engine
	 * compares names so (MariaDB), none on PostgreSQL. */
	add_sp(db, 4, "-1234", "appone", NULL);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    is_pg(s) ? STATUS_PASS : STATUS_FAIL);
	if (!is_pg(s))
		assert_contains(r.evidence, "collides with the service "
		    "provider appone");
	result_clear(&r);
	/* The very name, in another tenant: no collision. */
	add_sp(db, 5, "7", "AppOne", NULL);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    is_pg(s) ? STATUS_PASS : STATUS_FAIL);
	result_clear(&r);
	/* In the same tenant: a collision on both engines. */
	exec_ok(db, "DELETE FROM SP_APP WHERE ID = 4");
	add_sp(db, 6, "-1234", "AppTwo", NULL);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_FAIL);
	assert_contains(r.evidence, "1 of 2 DCR applications");
	assert_contains(r.evidence, "k2 | tpp2_AppTwo_SANDBOX | -1234 | "
	    "AppTwo (from REQUEST) | AppTwo | collides with the service "
	    "provider AppTwo\n");
	result_clear(&r);

	/* The evidence lists the first ones only, and says so. */
	exec_ok(db, "DELETE FROM SP_APP WHERE ID = 6");
	assert_int_equal(dbfx_run(f, "db_dcr_names", "{database: apimgt, "
	    "dcr_database: openbanking, show: 1}", &r), STATUS_PASS);
	assert_contains(r.evidence, "(the first 1 of 2 DCR applications");
	assert_null(strstr(r.evidence, "k2 |"));
	result_clear(&r);
	db_close(db);
	dbfx_free(f);
}

static void
test_problems(void **state)
{
	struct server *s = server_of(state);
	struct db *db = connect_to(s, s->scratch);
	struct dbfx *f = fx_scratch(s);
	struct result r;

	/* A software id with '_' (the column), and one only in REQUEST. */
	clean_set(db, 1);
	add_sp(db, 10, "-1234", "tpp3_my_app_PRODUCTION", "k3");
	add_dcr(db, 10, "k3", "my_app", "{}", 1);
	add_sp(db, 11, "-1234", "tpp4_req_app_SANDBOX", "k4");
	add_dcr(db, 11, "k4", NULL, "{\"software_id\":\"req_app\"}", 1);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_FAIL);
	assert_contains(r.evidence, "2 of 4 DCR applications");
	assert_contains(r.evidence, "k3 | tpp3_my_app_PRODUCTION | -1234 | "
	    "my_app | my | the software id contains '_'; truncated: the "
	    "migration keeps 'my' of 'my_app'\n");
	assert_contains(r.evidence, "k4 | tpp4_req_app_SANDBOX | -1234 | "
	    "req_app (from REQUEST) | req | the software id contains '_'");
	result_clear(&r);

	/* No software id anywhere: never a silent pass. */
	clean_set(db, 1);
	add_sp(db, 10, "-1234", "tpp5_Five_PRODUCTION", "k5");
	add_dcr(db, 10, "k5", "", "{\"client_name\":\"five\"}", 1);
	add_dcr(db, 11, "k6", NULL, "not json", 1);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_FAIL);
	assert_contains(r.evidence, "k5 | tpp5_Five_PRODUCTION | -1234 | "
	    "unknown | Five | software id unknown: SOFTWARE_ID is empty and "
	    "REQUEST has no software_id claim");
	assert_contains(r.evidence, "k6 | - | - | unknown | - | software id "
	    "unknown: REQUEST cannot be read (not JSON at character 1: no "
	    "object); no oauth2 service provider");
	result_clear(&r);

	/* Open Banking before 1.4: no SOFTWARE_ID column, REQUEST read. */
	clean_set(db, 0);
	add_sp(db, 10, "-1234", "tpp3_old_one_PRODUCTION", "k3");
	add_dcr(db, 10, "k3", NULL, "{\"software_id\":\"old_one\"}", 0);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_FAIL);
	assert_contains(r.evidence, "AppOne (from REQUEST)");
	assert_contains(r.evidence, "k3 | tpp3_old_one_PRODUCTION | -1234 | "
	    "old_one (from REQUEST) | old |");
	result_clear(&r);

	/* An SAML service provider named like a client id is not one. */
	clean_set(db, 1);
	add_dcr(db, 10, "k7", "Seven", "{}", 1);
	exec_ok(db, "INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME) VALUES "
	    "(20, -1234, 'x_Seven_y')");
	exec_ok(db, "INSERT INTO SP_INBOUND_AUTH (ID, TENANT_ID, "
	    "INBOUND_AUTH_KEY, INBOUND_AUTH_TYPE, APP_ID) VALUES (20, -1234, "
	    "'k7', 'samlsso', 20)");
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_PASS);
	assert_contains(r.evidence, "k7 | - | - | Seven | - | no oauth2 "
	    "service provider has this client id");
	result_clear(&r);

	/* No registrations at all. */
	scratch_tables(db, 1);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_PASS);
	assert_contains(r.evidence, "no DCR applications");
	result_clear(&r);

	/* No table: could not run, in the server's words. */
	exec_ok(db, "DROP TABLE OB_DCR_DETAILS");
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_ERROR);
	assert_contains(r.reason, "could not read the DCR registrations "
	    "(OB_DCR_DETAILS) in openbanking, ");
	assert_contains(r.reason, is_pg(s) ? "does not exist" :
	    "doesn't exist");
	result_clear(&r);
	scratch_tables(db, 1);
	exec_ok(db, "DROP TABLE SP_INBOUND_AUTH");
	add_dcr(db, 1, "k1", "AppOne", "{}", 1);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_ERROR);
	assert_contains(r.reason, "could not read the service providers");
	assert_contains(r.reason, is_pg(s) ? "does not exist" :
	    "doesn't exist");
	result_clear(&r);
	db_close(db);
	dbfx_free(f);
}

/* More applications than the evidence shows: a collision between the
 * first and the last, and the default cap on the evidence. */
static void
test_many(void **state)
{
	struct server *s = server_of(state);
	struct db *db = connect_to(s, s->scratch);
	struct dbfx *f = fx_scratch(s);
	struct result r;
	char client[32], name[64], sid[32], *cause = NULL;
	int i;

	scratch_tables(db, 1);
	if (db_begin(db, &cause) != 0)
		fail_msg("%s", cause);
	for (i = 0; i < 130; i++) {
		snprintf(client, sizeof client, "client%03d", i);
		snprintf(sid, sizeof sid, "Soft%03d", i == 129 ? 0 : i);
		snprintf(name, sizeof name, "tpp%03d_%s_PRODUCTION", i, sid);
		add_sp(db, i + 1, "-1234", name, client);
		add_dcr(db, i + 1, client, sid, "{}", 1);
	}
	if (db_commit(db, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_FAIL);
	assert_contains(r.evidence, "2 of 130 DCR applications");
	assert_contains(r.evidence, "client000 | tpp000_Soft000_PRODUCTION | "
	    "-1234 | Soft000 | Soft000 | collides with "
	    "tpp129_Soft000_PRODUCTION (client id client129)\n");
	assert_contains(r.evidence, "client129 | tpp129_Soft000_PRODUCTION");
	assert_contains(r.evidence, "client001 | tpp001_Soft001_PRODUCTION | "
	    "-1234 | Soft001 | Soft001 | ok\n");
	assert_contains(r.evidence, "(the first 50 of 130 DCR applications, "
	    "those with a problem first)");
	assert_null(strstr(r.evidence, "client049 |"));
	result_clear(&r);
	db_close(db);
	dbfx_free(f);
}

/*
 * Many registrations, made by the server from a pattern: LARGE_N of them
 * (each in one of ten shapes by its number's last digit), with duplicates,
 * underscores, truncations, names colliding after the rename within and
 * across tenants, and names differing in case only.
 */
#define LARGE_N 20000

static int
line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The evidence from its table on: its lines sorted, each with its '\n',
 * hashed (FNV-1a, 64 bits); *nlines and *len as they are. Sorted, so that
 * the hash does not depend on the order of two registrations of one
 * client id, which the code before this test left to the server. */
static unsigned long long
evidence_hash(const char *evidence, size_t *nlines, size_t *len)
{
	const char *p = strstr(evidence, "client id | service provider");
	unsigned long long h = 14695981039346656037ULL;
	char *copy, **lines = NULL, *q, *nl;
	size_t n = 0, i;

	assert_non_null(p);
	*len = strlen(p);
	copy = xstrdup(p);
	for (q = copy; *q != '\0'; q = nl + 1) {
		nl = strchr(q, '\n');
		assert_non_null(nl);
		*nl = '\0';
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = q;
	}
	qsort(lines, n, sizeof *lines, line_cmp);
	for (i = 0; i < n; i++) {
		for (q = lines[i]; ; q++) {
			h ^= (unsigned char)(*q != '\0' ? *q : '\n');
			h *= 1099511628211ULL;
			if (*q == '\0')
				break;
		}
	}
	*nlines = n;
	free(lines);
	free(copy);
	return h;
}

/* Fill the scratch tables with the LARGE_N registrations. By g's last
 * digit: 0 fine; 1 software id soft_g, cut to "soft" (a collision of a
 * third of the whole tenant); 2 DupK, four with one K (colliding where
 * they share a tenant); 3 NameG, with an SP_APP NameG in the same tenant
 * (g % 20 == 3) or another; 4 and 5 CaseK and CASEK (one collision on
 * MariaDB); 6 the software id in REQUEST only; 7 no service provider;
 * 8 not shaped owner_id_ENV; 9 registered twice, the second time with
 * another software id. One in 50 is an SAML service provider. */
static void
large_set(struct db *db)
{
	struct buf q = BUF_INIT;
	const char *seq = db_engine_of(db) == DB_POSTGRESQL ?
	    "generate_series(1, 20000) AS t(g)" :
	    "(SELECT seq AS g FROM seq_1_to_20000) AS t";
	const char *div = db_engine_of(db) == DB_POSTGRESQL ? "/" : "DIV";
	char *middle, *tenant;

	scratch_tables(db, 1);
	tenant = xprintf("CASE WHEN g %% 3 = 0 THEN 7 ELSE -1234 END");
	middle = xprintf("CASE g %% 10 WHEN 1 THEN CONCAT('soft_', g) "
	    "WHEN 2 THEN CONCAT('Dup', g %s 40) WHEN 3 THEN CONCAT('Name', g) "
	    "WHEN 4 THEN CONCAT('Case', g %s 10) WHEN 5 THEN CONCAT('CASE', "
	    "(g - 1) %s 10) WHEN 6 THEN CONCAT('Req', g) ELSE CONCAT('App', "
	    "g) END", div, div, div);
	buf_printf(&q, "INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME) SELECT g, "
	    "%s, CASE WHEN g %% 10 = 8 THEN CONCAT('weird', g) ELSE "
	    "CONCAT('tpp', g, '_', %s, '_PRODUCTION') END FROM %s WHERE "
	    "g %% 10 <> 7", tenant, middle, seq);
	exec_ok(db, q.data);
	buf_reset(&q);
	buf_printf(&q, "INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME) SELECT "
	    "100000 + g, CASE WHEN g %% 20 = 3 THEN %s ELSE 5 END, "
	    "CONCAT('Name', g) FROM %s WHERE g %% 10 = 3", tenant, seq);
	exec_ok(db, q.data);
	buf_reset(&q);
	buf_printf(&q, "INSERT INTO SP_INBOUND_AUTH (ID, TENANT_ID, "
	    "INBOUND_AUTH_KEY, INBOUND_AUTH_TYPE, APP_ID) SELECT g, %s, "
	    "CONCAT('c', g), CASE WHEN g %% 50 = 0 THEN 'samlsso' ELSE "
	    "'oauth2' END, g FROM %s WHERE g %% 10 <> 7", tenant, seq);
	exec_ok(db, q.data);
	buf_reset(&q);
	buf_printf(&q, "INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, "
	    "SOFTWARE_ID) SELECT g, CONCAT('c', g), CASE WHEN g %% 10 = 6 "
	    "THEN CONCAT('{\"software_id\":\"Req', g, '\"}') ELSE '{}' END, "
	    "CASE g %% 10 WHEN 6 THEN NULL WHEN 7 THEN CONCAT('Gone', g) "
	    "WHEN 8 THEN CONCAT('W', g) ELSE %s END FROM %s", middle, seq);
	exec_ok(db, q.data);
	buf_reset(&q);
	buf_printf(&q, "INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, "
	    "SOFTWARE_ID) SELECT 100000 + g, CONCAT('c', g), '{}', "
	    "CONCAT('Other', g) FROM %s WHERE g %% 10 = 9", seq);
	exec_ok(db, q.data);
	buf_free(&q);
	free(middle);
	free(tenant);
}

static void
test_large(void **state)
{
	struct server *s = server_of(state);
	struct db *db = connect_to(s, s->scratch);
	struct dbfx *f = fx_scratch(s);
	struct result r;
	size_t nlines, len;

	large_set(db);
	assert_int_equal(dbfx_run(f, "db_dcr_names", "{database: apimgt, "
	    "dcr_database: openbanking, show: 30000}", &r), STATUS_FAIL);
	/* What the check gave when it asked for 50 client ids a query
	 * (before it read each table once): the same lines, the same
	 * findings. MariaDB has more: CaseK and CASEK collide there. */
	assert_contains(r.evidence, is_pg(s) ? "10667 of 22000 DCR "
	    "applications" : "12001 of 22000 DCR applications");
	assert_true(evidence_hash(r.evidence, &nlines, &len) == (is_pg(s) ?
	    1351352874505924551ULL : 867239090890367437ULL));
	assert_int_equal(nlines, 22001);
	assert_int_equal(len, is_pg(s) ? 2609877 : 2686347);
	/* A few of them, as people read them. */
	assert_contains(r.evidence, "\nc1 | tpp1_soft_1_PRODUCTION | -1234 | "
	    "soft_1 | soft | the software id contains '_'; truncated: the "
	    "migration keeps 'soft' of 'soft_1'; collides with "
	    "tpp10001_soft_10001_PRODUCTION (client id c10001), "
	    "tpp1001_soft_1001_PRODUCTION (client id c1001), ");
	assert_contains(r.evidence, "\nc23 | tpp23_Name23_PRODUCTION | -1234 "
	    "| Name23 | Name23 | collides with the service provider Name23\n");
	assert_contains(r.evidence, "\nc33 | tpp33_Name33_PRODUCTION | 7 | "
	    "Name33 | Name33 | ok\n");
	assert_contains(r.evidence, is_pg(s) ? "\nc4 | tpp4_Case0_PRODUCTION "
	    "| -1234 | Case0 | Case0 | ok\n" : "\nc4 | tpp4_Case0_PRODUCTION | "
	    "-1234 | Case0 | Case0 | collides with tpp5_CASE0_PRODUCTION "
	    "(client id c5)\n");
	assert_contains(r.evidence, "\nc16 | tpp16_Req16_PRODUCTION | -1234 | "
	    "Req16 (from REQUEST) | Req16 | ok\n");
	assert_contains(r.evidence, "\nc50 | - | - | App50 | - | no oauth2 "
	    "service provider has this client id: nothing to rename\n");
	/* A client id registered twice: its two rows in a set order. */
	assert_contains(r.evidence, "\nc19 | tpp19_App19_PRODUCTION | -1234 | "
	    "App19 | App19 | collides with tpp19_App19_PRODUCTION (client id "
	    "c19)\nc19 | tpp19_App19_PRODUCTION | -1234 | Other19 | App19 | "
	    "collides with tpp19_App19_PRODUCTION (client id c19); the name "
	    "holds 'App19', not the software id\n");
	result_clear(&r);
	db_close(db);
	dbfx_free(f);
}

/* Bad cases: a wrong password, a server down, a database not declared. */
static void
test_cannot_run(void **state)
{
	struct server *s = server_of(state);
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;

	dbfx_map(f, "apimgt", s, "openbank_apimgtdb", s->password);
	dbfx_map(f, "wrong", s, "openbank_openbankingdb", "not the password");
	set = dbfx_map(f, "down", s, "openbank_openbankingdb", s->password);
	set->port = closed_port();
	assert_int_equal(dbfx_run(f, "db_dcr_names", "{database: apimgt, "
	    "dcr_database: wrong}", &r), STATUS_ERROR);
	assert_contains(r.reason, "could not connect to the database wrong");
	assert_null(strstr(r.reason, "not the password"));
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_dcr_names", "{database: down, "
	    "dcr_database: apimgt}", &r), STATUS_ERROR);
	assert_contains(r.reason, "could not connect to the database down");
	result_clear(&r);
	assert_int_equal(dbfx_run(f, "db_dcr_names", "{database: apimgt, "
	    "dcr_database: missing}", &r), STATUS_ERROR);
	assert_contains(r.reason, "has no settings");
	result_clear(&r);
	dbfx_free(f);
}

/* Oracle or SQL Server on either side: the exact queries for the
 * operator. */
static void
test_operator_query(void **state)
{
	struct dbfx *f = dbfx_new();
	struct db_settings *set;
	struct result r;
	char *cause = NULL, *d;

	(void)state;
	set = dbfx_map(f, "openbanking", NULL, "ORCL", NULL);
	set->engine = DB_ORACLE;
	set->host = xstrdup("db.example");
	set->port = 1521;
	set = dbfx_map(f, "apimgt", NULL, "apimgt", NULL);
	set->engine = DB_MSSQL;
	set->host = xstrdup("db2.example");
	set->port = 1433;
	assert_int_equal(dbfx_run(f, "db_dcr_names", DCR_STEP, &r),
	    STATUS_PENDING);
	assert_contains(r.evidence, "does not connect to oracle databases");
	assert_contains(r.evidence, "no software id contains '_'");
	assert_contains(r.operator_query, "-- 1. On the database openbanking "
	    "(oracle://");
	assert_contains(r.operator_query, "SELECT CLIENT_ID, SOFTWARE_ID, "
	    "REQUEST FROM OB_DCR_DETAILS ORDER BY CLIENT_ID;\n");
	assert_contains(r.operator_query, "-- 2. On the database apimgt "
	    "(mssql://");
	assert_contains(r.operator_query, "WHERE i.INBOUND_AUTH_TYPE = "
	    "'oauth2'");
	assert_contains(r.operator_query, "APP_NAME NOT LIKE '%!_%' ESCAPE "
	    "'!'");
	result_clear(&r);
	d = dbfx_describe(f, "db_dcr_names", DCR_STEP, &cause);
	assert_non_null(d);
	assert_contains(d, "Queries for the operator:\n-- 1. On the database "
	    "openbanking");
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
		BOTH(test_shipped),
		cmocka_unit_test(test_two_servers),
		BOTH(test_clean),
		BOTH(test_problems),
		BOTH(test_many),
		BOTH(test_large),
		BOTH(test_cannot_run),
	};

	server_load(&pg_server, "PG");
	server_load(&my_server, "MY");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
