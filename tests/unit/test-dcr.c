/* test-dcr.c: the names the Open Banking 3.0.0 migration gives DCR
 * applications (dcr.c): the split of a service provider's name, the
 * software_id claim of a registration request, truncations and
 * collisions. No database. */
#include "config.h"

#include "testutil.h"

#include "dcr.h"
#include "xmalloc.h"

static void
test_new_name(void **state)
{
	char *s;

	(void)state;
	s = dcr_new_name("tpp1_MyApp_SANDBOX");
	assert_string_equal(s, "MyApp");
	free(s);
	s = dcr_middle("tpp1_MyApp_SANDBOX");
	assert_string_equal(s, "MyApp");
	free(s);
	/* A software id with '_' is cut short. */
	s = dcr_new_name("tpp1_my_app_PRODUCTION");
	assert_string_equal(s, "my");
	free(s);
	s = dcr_middle("tpp1_my_app_PRODUCTION");
	assert_string_equal(s, "my_app");
	free(s);
	/* No part to take. */
	assert_null(dcr_new_name("NoUnderscore"));
	assert_null(dcr_new_name("owner_"));
	assert_null(dcr_new_name("owner__PRODUCTION"));
	assert_null(dcr_middle("owner_PRODUCTION"));
	assert_null(dcr_middle("plain"));
	s = dcr_middle("owner__PRODUCTION");
	assert_string_equal(s, "");
	free(s);
}

/* The member, expecting it. */
static void
member_is(const char *json, const char *name, const char *want)
{
	char *v = NULL, *cause = NULL;

	if (dcr_json_string(json, name, &v, &cause) != 1)
		fail_msg("'%s' in %s: %s", name, json, cause != NULL ? cause :
		    "not found");
	assert_string_equal(v, want);
	assert_null(cause);
	free(v);
}

static void
member_absent(const char *json, const char *name)
{
	char *v = NULL, *cause = NULL;

	assert_int_equal(dcr_json_string(json, name, &v, &cause), 0);
	assert_null(v);
	assert_null(cause);
}

static void
json_bad(const char *json, const char *part)
{
	char *v = NULL, *cause = NULL;

	assert_int_equal(dcr_json_string(json, "software_id", &v, &cause), -1);
	assert_null(v);
	assert_non_null(cause);
	if (strstr(cause, part) == NULL)
		fail_msg("'%s' not in '%s'", part, cause);
	free(cause);
}

static void
test_json(void **state)
{
	(void)state;
	member_is("{\"software_id\":\"abc\"}", "software_id", "abc");
	/* Whitespace everywhere JSON allows it. */
	member_is(" \n{ \"redirect_uris\" : [ \"https://a/cb\" ] ,\r\n\t"
	    "\"software_id\" :\t\"abc\" }\n", "software_id", "abc");
	/* Escaped quotes and backslashes, \u escapes, a surrogate pair. */
	member_is("{\"software_id\":\"a\\\"b\\\\c\\/d\"}", "software_id",
	    "a\"b\\c/d");
	member_is("{\"software_id\":\"caf\\u00e9 \\ud83d\\ude00\"}",
	    "software_id", "caf\xc3\xa9 \xf0\x9f\x98\x80");
	/* A member named in a string value, or nested deeper, is not it. */
	member_is("{\"note\":\"\\\"software_id\\\":\\\"fake\\\"\","
	    "\"meta\":{\"software_id\":\"nested\",\"x\":[1,{\"software_id\":"
	    "\"deeper\"}]},\"software_id\":\"top\"}", "software_id", "top");
	member_absent("{\"meta\":{\"software_id\":\"nested\"}}", "software_id");
	member_absent("{\"note\":\"software_id\"}", "software_id");
	member_absent("{}", "software_id");
	/* Not a string. */
	member_absent("{\"software_id\":42}", "software_id");
	member_absent("{\"software_id\":null}", "software_id");
	/* Numbers, literals and empty containers are stepped over. */
	member_is("{\"a\":-1.5e+3,\"b\":true,\"c\":false,\"d\":null,\"e\":[],"
	    "\"f\":{},\"software_id\":\"x\"}", "software_id", "x");
	/* Given twice, the last counts. */
	member_is("{\"software_id\":\"first\",\"software_id\":\"last\"}",
	    "software_id", "last");
	/* Malformed. */
	json_bad("", "no object");
	json_bad("[\"software_id\"]", "no object");
	json_bad("{\"software_id\":\"abc", "a string without its end");
	json_bad("{\"software_id\" \"abc\"}", "without ':'");
	json_bad("{\"a\":1 \"software_id\":\"abc\"}", "not followed by");
	json_bad("{\"software_id\":\"a\\qb\"}", "a bad escape");
	json_bad("{\"software_id\":\"\\u12\"}", "a bad \\u escape");
	json_bad("{\"software_id\":\"abc\"} trailing", "text after");
	json_bad("{\"software_id\":\"a\tb\"}", "a control character");
	json_bad("{\"a\":[1,2}", "not followed by");
}

static void
test_json_deep(void **state)
{
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	buf_adds(&b, "{\"a\":");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	json_bad(b.data, "nesting too deep");
	buf_free(&b);
}

/* base64url without padding, for a JWT. */
static char *
b64url(const char *s)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	struct buf b = BUF_INIT;
	size_t n = strlen(s), i;
	unsigned long v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned long)(unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		buf_addc(&b, abc[(v >> 18) & 63]);
		buf_addc(&b, abc[(v >> 12) & 63]);
		if (i + 1 < n)
			buf_addc(&b, abc[(v >> 6) & 63]);
		if (i + 2 < n)
			buf_addc(&b, abc[v & 63]);
	}
	return buf_steal(&b);
}

static void
test_request(void **state)
{
	enum dcr_source src;
	char *v, *cause, *payload, *request;

	(void)state;
	v = dcr_request_software_id("{\"software_id\":\"soft\","
	    "\"redirect_uris\":[\"https://tpp3.example/cb\"]}", &src, &cause);
	assert_string_equal(v, "soft");
	assert_int_equal(src, DCR_FROM_REQUEST);
	assert_null(cause);
	free(v);
	/* The claim missing: unknown, not an error. */
	v = dcr_request_software_id("{\"client_name\":\"x\"}", &src, &cause);
	assert_null(v);
	assert_int_equal(src, DCR_FROM_NONE);
	assert_null(cause);
	/* Empty counts as missing. */
	v = dcr_request_software_id("{\"software_id\":\"\"}", &src, &cause);
	assert_null(v);
	/* Not JSON: why. */
	v = dcr_request_software_id("software_id=abc", &src, &cause);
	assert_null(v);
	assert_non_null(cause);
	free(cause);
	v = dcr_request_software_id(NULL, &src, &cause);
	assert_null(v);
	assert_null(cause);
	/* In the software statement (a JWT) only. */
	payload = b64url("{\"iss\":\"OpenBanking Ltd\",\"software_id\":"
	    "\"ssa_soft\",\"org_id\":\"0015800001HQQrZAAX\"}");
	request = xprintf("{\"token_endpoint_auth_method\":\"private_key_jwt\","
	    "\"software_statement\":\"eyJhbGciOiJQUzI1NiJ9.%s.c2ln\"}",
	    payload);
	v = dcr_request_software_id(request, &src, &cause);
	assert_string_equal(v, "ssa_soft");
	assert_int_equal(src, DCR_FROM_STATEMENT);
	assert_null(cause);
	free(v);
	free(request);
	/* A top-level claim wins over the statement. */
	request = xprintf("{\"software_statement\":\"h.%s.s\",\"software_id\":"
	    "\"top\"}", payload);
	v = dcr_request_software_id(request, &src, &cause);
	assert_string_equal(v, "top");
	assert_int_equal(src, DCR_FROM_REQUEST);
	free(v);
	free(request);
	free(payload);
	/* A statement that is not a JWT, or has no claim. */
	v = dcr_request_software_id("{\"software_statement\":\"nodots\"}",
	    &src, &cause);
	assert_null(v);
	payload = b64url("{\"iss\":\"x\"}");
	request = xprintf("{\"software_statement\":\"h.%s.s\"}", payload);
	v = dcr_request_software_id(request, &src, &cause);
	assert_null(v);
	assert_int_equal(src, DCR_FROM_NONE);
	free(request);
	free(payload);
}

/* An application: client id and software id (NULL: unknown). */
static void
app_init(struct dcr_app *a, const char *client_id, const char *software_id)
{
	memset(a, 0, sizeof *a);
	a->client_id = xstrdup(client_id);
	a->software_id = software_id != NULL ? xstrdup(software_id) : NULL;
	a->source = software_id != NULL ? DCR_FROM_COLUMN : DCR_FROM_NONE;
}

static void
apps_clear(struct dcr_app *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dcr_app_clear(&a[i]);
}

static void
assert_finding(const struct dcr_app *a, const char *part)
{
	char *f = dcr_finding(a);

	if (strstr(f, part) == NULL)
		fail_msg("'%s' not in the finding '%s'", part, f);
	free(f);
}

static void
test_attach(void **state)
{
	/* What SP_INBOUND_AUTH (oauth2) joined to SP_APP gives: API-M's
	 * own applications among them. */
	static const struct dcr_sp spv[] = {
		{ "cl1ent0DefaultProd", "admin_DefaultApplication_PRODUCTION",
		    "-1234" },
		{ "cl1ent0DefaultSand", "admin_DefaultApplication_SANDBOX",
		    "-1234" },
		{ "c1", "tpp1_MyApp_SANDBOX", "-1234" },
		{ "c2", "tpp2_my_app_PRODUCTION", "-1234" },
		{ "c3", "tpp3_Issuer_PRODUCTION", "-1234" },
		{ "c4", "weird", "-1234" },
	};
	struct dcr_app a[6];
	size_t i;

	(void)state;
	app_init(&a[0], "c1", "MyApp");
	app_init(&a[1], "c2", "my_app");
	app_init(&a[2], "c3", "soft");
	app_init(&a[3], "c4", "w");
	app_init(&a[4], "c5", NULL);
	app_init(&a[5], "c6", "gone");
	dcr_attach(a, 6, spv, sizeof spv / sizeof spv[0]);
	dcr_collisions(a, 6, NULL, 0, 0);
	/* Only the registrations are DCR applications. */
	for (i = 0; i < 6; i++) {
		assert_true(a[i].sp_name == NULL ||
		    strstr(a[i].sp_name, "DefaultApplication") == NULL);
	}
	assert_string_equal(a[0].new_name, "MyApp");
	assert_string_equal(a[0].tenant, "-1234");
	assert_int_equal(a[0].flags, 0);
	assert_true(dcr_app_ok(&a[0]));
	assert_finding(&a[0], "ok");
	/* my_app: underscore, and truncated to "my". */
	assert_string_equal(a[1].new_name, "my");
	assert_int_equal(a[1].flags, DCR_UNDERSCORE | DCR_TRUNCATED);
	assert_false(dcr_app_ok(&a[1]));
	assert_finding(&a[1], "contains '_'");
	assert_finding(&a[1], "truncated: the migration keeps 'my' of "
	    "'my_app'");
	/* Named by something else than the software id: noted, passes. */
	assert_int_equal(a[2].flags, DCR_OTHER_NAME);
	assert_true(dcr_app_ok(&a[2]));
	assert_finding(&a[2], "holds 'Issuer', not the software id");
	/* Not owner_softwareId_ENV. */
	assert_true(a[3].flags & DCR_SHAPE);
	assert_false(dcr_app_ok(&a[3]));
	assert_finding(&a[3], "not shaped");
	/* Software id unknown, and no service provider. */
	assert_int_equal(a[4].flags, DCR_UNKNOWN | DCR_NO_SP);
	assert_false(dcr_app_ok(&a[4]));
	assert_finding(&a[4], "software id unknown");
	/* No service provider alone passes: nothing is renamed. */
	assert_int_equal(a[5].flags, DCR_NO_SP);
	assert_true(dcr_app_ok(&a[5]));
	assert_null(a[5].new_name);
	assert_finding(&a[5], "nothing to rename");
	/* Problems first. */
	dcr_sort(a, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(dcr_app_ok(&a[i]), i >= 3);
	apps_clear(a, 6);
}

static void
test_collisions(void **state)
{
	static const struct dcr_sp spv[] = {
		{ "c1", "tpp1_Alpha_PRODUCTION", "-1234" },
		{ "c2", "tpp2_Alpha_SANDBOX", "-1234" },
		{ "c3", "tpp3_Alpha_PRODUCTION", "7" },
		{ "c4", "tpp4_soft_ware_PRODUCTION", "-1234" },
		{ "c5", "tpp5_soft_SANDBOX", "-1234" },
		{ "c6", "tpp6_Beta_PRODUCTION", "-1234" },
		{ "c7", "tpp7_ALPHA_PRODUCTION", "7" },
	};
	/* SP_APP names equal to a new name. */
	static const struct dcr_sp taken[] = {
		{ NULL, "Beta", "-1234" },
		{ NULL, "Beta", "7" },
	};
	struct dcr_app a[7];
	size_t i;

	(void)state;
	app_init(&a[0], "c1", "Alpha");
	app_init(&a[1], "c2", "Alpha");
	app_init(&a[2], "c3", "Alpha");
	app_init(&a[3], "c4", "soft_ware");
	app_init(&a[4], "c5", "soft");
	app_init(&a[5], "c6", "Beta");
	app_init(&a[6], "c7", "ALPHA");
	dcr_attach(a, 7, spv, 7);
	/* PostgreSQL: case matters. */
	dcr_collisions(a, 7, taken, 2, 0);
	/* Two applications of one tenant. */
	assert_true(a[0].flags & DCR_COLLISION);
	assert_finding(&a[0], "collides with tpp2_Alpha_SANDBOX (client id "
	    "c2)");
	assert_finding(&a[1], "collides with tpp1_Alpha_PRODUCTION");
	/* The same name in another tenant is no collision. */
	assert_false(a[2].flags & DCR_COLLISION);
	assert_false(a[6].flags & DCR_COLLISION);
	/* A truncated name landing on another's. */
	assert_true(a[3].flags & DCR_COLLISION);
	assert_true(a[3].flags & DCR_TRUNCATED);
	assert_finding(&a[4], "collides with tpp4_soft_ware_PRODUCTION");
	/* An existing service provider of that name in the tenant. */
	assert_true(a[5].flags & DCR_COLLISION);
	assert_finding(&a[5], "collides with the service provider Beta");
	assert_string_equal(a[5].collides, "the service provider Beta");
	/* MySQL: Alpha and ALPHA collide in tenant 7. Run again: the
	 * findings are replaced, not added to. */
	dcr_collisions(a, 7, taken, 2, 1);
	assert_true(a[2].flags & DCR_COLLISION);
	assert_true(a[6].flags & DCR_COLLISION);
	assert_string_equal(a[6].collides, "tpp3_Alpha_PRODUCTION (client id "
	    "c3)");
	assert_string_equal(a[5].collides, "the service provider Beta");
	for (i = 0; i < 7; i++) {
		if (i != 5 && i != 3 && i != 4)
			assert_true(a[i].flags & DCR_COLLISION);
	}
	apps_clear(a, 7);
}

static void
test_collisions_many(void **state)
{
	struct dcr_sp spv[6];
	struct dcr_app a[6];
	char *names[6], *ids[6];
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++) {
		ids[i] = xprintf("c%zu", i);
		names[i] = xprintf("tpp%zu_Same_PRODUCTION", i);
		spv[i].client_id = ids[i];
		spv[i].name = names[i];
		spv[i].tenant = "1";
		app_init(&a[i], ids[i], "Same");
	}
	dcr_attach(a, 6, spv, 6);
	dcr_collisions(a, 6, NULL, 0, 0);
	/* Three named, the rest counted. */
	assert_finding(&a[0], "and 2 more");
	assert_null(strstr(a[0].collides, "(client id c0)"));
	for (i = 0; i < 6; i++) {
		free(ids[i]);
		free(names[i]);
	}
	apps_clear(a, 6);
}

/* Rows one at a time, as they come from the database: a client id with
 * two service providers gets the first by name whatever their order, a
 * client id registered twice gets its service provider on both, other
 * clients' rows are counted out; then the new names by tenant. */
static void
test_attach_rows(void **state)
{
	struct dcr_attach *at;
	struct dcr_names *nm;
	struct dcr_app a[4];
	size_t i;

	(void)state;
	app_init(&a[0], "c1", "One");
	app_init(&a[1], "c2", "Two");
	app_init(&a[2], "c2", "Other");
	app_init(&a[3], "c3", "Three");
	/* Attached before: forgotten by the start. */
	a[3].sp_name = xstrdup("old_Three_PRODUCTION");
	at = dcr_attach_start(a, 4);
	assert_int_equal(dcr_attach_sp(at, "c1", "tpp1_Zed_PRODUCTION",
	    "-1234"), 1);
	assert_int_equal(dcr_attach_sp(at, "c1", "tpp1_One_PRODUCTION",
	    "-1234"), 1);
	assert_int_equal(dcr_attach_sp(at, "c1", "tpp1_Zed_SANDBOX", "-1234"),
	    1);
	assert_int_equal(dcr_attach_sp(at, "c2", "tpp2_Two_PRODUCTION", "7"),
	    2);
	assert_int_equal(dcr_attach_sp(at, "admin", "admin_Default_PRODUCTION",
	    "-1234"), 0);
	assert_int_equal(dcr_attach_sp(at, NULL, "x_y_z", "-1234"), 0);
	dcr_attach_end(at);
	assert_string_equal(a[0].sp_name, "tpp1_One_PRODUCTION");
	assert_int_equal(a[0].flags, 0);
	for (i = 1; i < 3; i++) {
		assert_string_equal(a[i].sp_name, "tpp2_Two_PRODUCTION");
		assert_string_equal(a[i].tenant, "7");
		assert_string_equal(a[i].new_name, "Two");
	}
	assert_int_equal(a[2].flags, DCR_OTHER_NAME);
	assert_null(a[3].sp_name);
	assert_int_equal(a[3].flags, DCR_NO_SP);

	/* The new names, by tenant: case folded or not. */
	nm = dcr_names_new(a, 4, 0);
	assert_true(dcr_names_has(nm, "Two", "7"));
	assert_false(dcr_names_has(nm, "two", "7"));
	assert_false(dcr_names_has(nm, "Two", "-1234"));
	assert_true(dcr_names_has(nm, "One", "-1234"));
	assert_false(dcr_names_has(nm, "Three", "-1234"));
	assert_false(dcr_names_has(nm, NULL, "7"));
	dcr_names_free(nm);
	nm = dcr_names_new(a, 4, 1);
	assert_true(dcr_names_has(nm, "tWO", "7"));
	assert_false(dcr_names_has(nm, "Tw", "7"));
	dcr_names_free(nm);
	dcr_names_free(NULL);

	/* The two registrations of c2 collide with each other; in order
	 * of software id once sorted. */
	dcr_collisions(a, 4, NULL, 0, 0);
	assert_string_equal(a[1].collides, "tpp2_Two_PRODUCTION (client id "
	    "c2)");
	dcr_sort(a, 4);
	assert_string_equal(a[0].software_id, "Other");
	assert_string_equal(a[1].software_id, "Two");
	apps_clear(a, 4);
}

/* A large group: three named, the rest counted, in the order given. */
static void
test_collisions_group(void **state)
{
	enum { N = 2000 };
	struct dcr_sp *spv, taken[2];
	struct dcr_app *a;
	char **names, **ids;
	size_t i;

	(void)state;
	spv = xcalloc(N, sizeof *spv);
	a = xcalloc(N, sizeof *a);
	names = xcalloc(N, sizeof *names);
	ids = xcalloc(N, sizeof *ids);
	for (i = 0; i < N; i++) {
		ids[i] = xprintf("c%04zu", N - i);
		names[i] = xprintf("tpp%zu_Same_PRODUCTION", i);
		spv[i].client_id = ids[i];
		spv[i].name = names[i];
		spv[i].tenant = "1";
		app_init(&a[i], ids[i], "Same");
	}
	taken[0].client_id = taken[1].client_id = NULL;
	taken[0].name = "same";
	taken[0].tenant = "1";
	taken[1].name = "Same";
	taken[1].tenant = "2";
	dcr_attach(a, N, spv, N);
	dcr_collisions(a, N, taken, 2, 1);
	assert_string_equal(a[0].collides, "tpp1_Same_PRODUCTION (client id "
	    "c1999), tpp2_Same_PRODUCTION (client id c1998), "
	    "tpp3_Same_PRODUCTION (client id c1997) and 1997 more");
	assert_string_equal(a[N - 1].collides, "tpp0_Same_PRODUCTION (client "
	    "id c2000), tpp1_Same_PRODUCTION (client id c1999), "
	    "tpp2_Same_PRODUCTION (client id c1998) and 1997 more");
	for (i = 0; i < N; i++) {
		assert_true(a[i].flags & DCR_COLLISION);
		free(ids[i]);
		free(names[i]);
	}
	apps_clear(a, N);
	free(a);
	free(spv);
	free(names);
	free(ids);
}

/* The first k in order, as a whole sort would have them, and every
 * application still there once. */
static void
test_sort_first(void **state)
{
	enum { N = 1000, K = 10 };
	struct dcr_app *a, *b;
	unsigned seen[N];
	size_t i;
	char id[32], sid[32];

	(void)state;
	a = xcalloc(N, sizeof *a);
	b = xcalloc(N, sizeof *b);
	for (i = 0; i < N; i++) {
		/* Client ids out of order, some twice; one in 7 fails. */
		snprintf(id, sizeof id, "c%03zu", (i * 389) % 997);
		snprintf(sid, sizeof sid, "s%zu", i);
		app_init(&a[i], id, sid);
		app_init(&b[i], id, sid);
		a[i].flags = b[i].flags = i % 7 == 3 ? DCR_SHAPE : 0;
		a[i].tenant = xstrdup(i % 2 ? "1" : "-1234");
		b[i].tenant = xstrdup(a[i].tenant);
	}
	dcr_sort(a, N);
	dcr_sort_first(b, N, K);
	for (i = 0; i < K; i++) {
		assert_string_equal(a[i].client_id, b[i].client_id);
		assert_string_equal(a[i].software_id, b[i].software_id);
	}
	memset(seen, 0, sizeof seen);
	for (i = 0; i < N; i++)
		seen[strtoul(b[i].software_id + 1, NULL, 10)]++;
	for (i = 0; i < N; i++)
		assert_int_equal(seen[i], 1);
	apps_clear(a, N);
	apps_clear(b, N);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_name),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_deep),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_attach),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_collisions_many),
		cmocka_unit_test(test_attach_rows),
		cmocka_unit_test(test_collisions_group),
		cmocka_unit_test(test_sort_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
