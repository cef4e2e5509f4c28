/* test-dbquote.c: identifiers quoted by each engine's rules, without a
 * server: a name with a double quote, a backtick, a bracket, a space, a
 * whole statement in it, or UTF-8 comes back as one quoted identifier that
 * the engine reads as the same name and that ends where the quoting ends;
 * and every byte sequence of a small alphabet round-trips. */
#include "config.h"

#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"

static const enum db_engine engines[] = {
	DB_POSTGRESQL, DB_MYSQL, DB_MARIADB, DB_ORACLE, DB_MSSQL
};
#define NENGINES (sizeof engines / sizeof engines[0])

/* Read a quoted identifier as the engine would: its opening quote, the
 * closing quote doubled inside, the closing quote last. Returns the name,
 * or NULL if the text is not exactly one quoted identifier (it ends early,
 * or something follows it). The caller frees the result. */
static char *
unquote(enum db_engine e, const char *q)
{
	char open = '"', close = '"', *out, *o;
	const char *p;

	if (e == DB_MYSQL || e == DB_MARIADB)
		open = close = '`';
	else if (e == DB_MSSQL) {
		open = '[';
		close = ']';
	}
	if (q[0] != open)
		return NULL;
	out = o = calloc(1, strlen(q) + 1);
	assert_non_null(out);
	for (p = q + 1; *p != '\0'; p++) {
		if (*p == close) {
			if (p[1] == close) {
				*o++ = close;
				p++;
				continue;
			}
			/* The end: nothing may follow. */
			if (p[1] != '\0') {
				free(out);
				return NULL;
			}
			return out;
		}
		*o++ = *p;
	}
	free(out);
	return NULL;
}

static void
check(enum db_engine e, const char *name, const char *want)
{
	char *q = db_quote_ident(e, name), *back;

	if (want != NULL)
		assert_string_equal(q, want);
	back = unquote(e, q);
	if (back == NULL)
		fail_msg("%s quoted for engine %d as %s: not one identifier",
		    name, (int)e, q);
	assert_string_equal(back, name);
	free(back);
	free(q);
}

static void
test_examples(void **state)
{
	(void)state;
	check(DB_POSTGRESQL, "SP_METADATA", "\"SP_METADATA\"");
	check(DB_POSTGRESQL, "a\"b", "\"a\"\"b\"");
	check(DB_POSTGRESQL, "a`b", "\"a`b\"");
	check(DB_POSTGRESQL, "a b", "\"a b\"");
	check(DB_POSTGRESQL, "x\"; DROP TABLE t; --",
	    "\"x\"\"; DROP TABLE t; --\"");
	check(DB_ORACLE, "a\"b", "\"a\"\"b\"");
	check(DB_MYSQL, "a`b", "`a``b`");
	check(DB_MARIADB, "a\"b", "`a\"b`");
	check(DB_MARIADB, "a b", "`a b`");
	check(DB_MARIADB, "x`; DROP TABLE t; --", "`x``; DROP TABLE t; --`");
	check(DB_MARIADB, "''", "`''`");
	check(DB_MSSQL, "a]b", "[a]]b]");
	check(DB_MSSQL, "a[b", "[a[b]");
	check(DB_MSSQL, "a b\"c`d", "[a b\"c`d]");
	check(DB_POSTGRESQL, "", "\"\"");
	check(DB_MARIADB, "``", "``````");
	check(DB_POSTGRESQL, "tabla_año", "\"tabla_año\"");
}

/* Every name of up to 4 characters over quotes, brackets, a space and a
 * letter, on every engine. */
static void
test_all_short_names(void **state)
{
	static const char alphabet[] = "\"`[] a'";
	size_t k = sizeof alphabet - 1, len, i, j, count, total = 0;
	char name[5];

	(void)state;
	for (len = 0; len <= 4; len++) {
		count = 1;
		for (i = 0; i < len; i++)
			count *= k;
		for (i = 0; i < count; i++) {
			size_t v = i;

			for (j = 0; j < len; j++) {
				name[j] = alphabet[v % k];
				v /= k;
			}
			name[len] = '\0';
			for (j = 0; j < NENGINES; j++)
				check(engines[j], name, NULL);
			total++;
		}
	}
	assert_true(total > 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_all_short_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
