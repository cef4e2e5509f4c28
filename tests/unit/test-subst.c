/* test-subst.c: ${NAME} placeholders: expansion, "$$", and what is
 * malformed. */
#include "config.h"

#include "testutil.h"

#include "subst.h"

/* A small table of values. */
static const char *
lookup(void *arg, const char *name)
{
	static const char *const table[][2] = {
		{ "OLD_HOME", "/opt/app-1.0" },
		{ "secure-vault", "yes" },
		{ "db.port", "3306" },
		{ "_X", "x" },
		{ "EMPTY", "" },
		{ "DOLLAR", "$${A}" }
	};
	size_t i;

	(*(int *)arg)++;
	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strcmp(table[i][0], name) == 0)
			return table[i][1];
	}
	return NULL;
}

static void
expands(const char *text, const char *want, int lookups)
{
	char *cause = NULL, *got;
	int calls = 0;

	got = subst_expand(text, lookup, &calls, &cause);
	if (got == NULL)
		fail_msg("'%s': %s", text, cause);
	assert_string_equal(got, want);
	assert_int_equal(calls, lookups);
	free(got);
}

static void
expand_fails(const char *text, const char *want)
{
	char *cause = NULL;
	int calls = 0;

	assert_null(subst_expand(text, lookup, &calls, &cause));
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
test_expand(void **state)
{
	expands("", "", 0);
	expands("no placeholders", "no placeholders", 0);
	expands("${OLD_HOME}/bin", "/opt/app-1.0/bin", 1);
	expands("[${secure-vault}|${db.port}|${_X}]", "[yes|3306|x]", 3);
	expands("a${EMPTY}b", "ab", 1);
	/* Values are not expanded again. */
	expands("${DOLLAR}", "$${A}", 1);
}

static void
test_dollars(void **state)
{
	/* "$$" is one '$'; other '$' are left for the shell. */
	expands("costs $$5", "costs $5", 0);
	expands("$${OLD_HOME}", "${OLD_HOME}", 0);
	expands("$$$${OLD_HOME}", "$${OLD_HOME}", 0);
	expands("$$${OLD_HOME}", "$/opt/app-1.0", 1);
	expands("echo $HOME $1 $", "echo $HOME $1 $", 0);
	expands("a$", "a$", 0);
	expands("$", "$", 0);
}

static void
test_expand_errors(void **state)
{
	expand_fails("${OLD_HOME}/${NEW_HOME}", "'${NEW_HOME}' has no value");
	expand_fails("x ${OLD_HOME", "'${OLD_HOME' has '${' without a closing "
	    "'}'");
	/* Only the start of a long text is shown, cut at a line's end. */
	expand_fails("${a_very_long_placeholder_name and more text",
	    "'${a_very_long_placeholde...' has '${' without a closing '}'");
	expand_fails("${AB\nCD}", "'${AB\nCD}' is not a valid placeholder: a "
	    "name starts with a letter or '_' and holds only letters, digits, "
	    "'_', '.' and '-'");
	expand_fails("${AB\n", "'${AB' has '${' without a closing '}'");
	expand_fails("${}", "'${}' has no name in it");
	expand_fails("${1ABC}", "'${1ABC}' is not a valid placeholder: a name "
	    "starts with a letter or '_' and holds only letters, digits, '_', "
	    "'.' and '-'");
	expand_fails("${a b}", "'${a b}' is not a valid placeholder: a name "
	    "starts with a letter or '_' and holds only letters, digits, '_', "
	    "'.' and '-'");
	expand_fails("${-x}", "'${-x}' is not a valid placeholder: a name "
	    "starts with a letter or '_' and holds only letters, digits, '_', "
	    "'.' and '-'");
}

struct seen {
	char	 names[8][32];
	size_t	 offsets[8];
	size_t	 n;
};

static void
collect(void *arg, const char *name, size_t offset)
{
	struct seen *s = arg;

	assert_true(s->n < 8);
	snprintf(s->names[s->n], sizeof s->names[s->n], "%s", name);
	s->offsets[s->n++] = offset;
}

static void
test_scan(void **state)
{
	struct seen s;
	size_t offset = 99;
	char *cause = NULL;

	memset(&s, 0, sizeof s);
	assert_int_equal(subst_scan("a ${A} $${B} $$$${C} ${secure-vault}.",
	    collect, &s, &offset, &cause), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "A");
	assert_int_equal(s.offsets[0], 2);
	assert_string_equal(s.names[1], "secure-vault");
	assert_int_equal(s.offsets[1], 21);
	assert_null(cause);
	assert_int_equal(offset, 99);

	/* Names before a malformed placeholder are still given. */
	memset(&s, 0, sizeof s);
	assert_int_equal(subst_scan("${A} ok $$ ${B ${C}", collect, &s,
	    &offset, &cause), -1);
	assert_int_equal(s.n, 1);
	assert_int_equal(offset, 11);
	assert_string_equal(cause, "'${B ${C}' is not a valid placeholder: a "
	    "name starts with a letter or '_' and holds only letters, digits, "
	    "'_', '.' and '-'");
	free(cause);

	cause = NULL;
	assert_int_equal(subst_scan("tail ${", NULL, NULL, &offset, &cause), -1);
	assert_int_equal(offset, 5);
	assert_string_equal(cause, "'${' has '${' without a closing '}'");
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_dollars),
		cmocka_unit_test(test_expand_errors),
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
