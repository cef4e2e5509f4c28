/* test-answers.c: the answers file: its shape, and its check against a
 * guide, with the exact places of the problems. */
#include "config.h"

#include "testutil.h"

#include "answers.h"
#include "checklist.h"
#include "diag.h"
#include "util.h"

static char *dir;

static int
setup(void **state)
{
	dir = test_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	test_rmtree(dir);
	free(dir);
	return 0;
}

static char *
write_answers(const char *text)
{
	char *path = malloc(strlen(dir) + 32);

	assert_non_null(path);
	sprintf(path, "%s/answers.yaml", dir);
	test_write(path, text);
	return path;
}

static struct guide *
example(void)
{
	struct diags d = DIAGS_INIT;
	char *data = test_datadir(), *path;
	struct guide *g;

	path = util_path_join(data, "example.yaml");
	g = checklist_load(path, &d);
	if (g == NULL)
		diags_print(&d, stderr);
	assert_non_null(g);
	diags_free(&d);
	free(path);
	free(data);
	return g;
}

static void
test_good(void **state)
{
	struct diags d = DIAGS_INIT;
	struct answers *a;
	struct guide *g = example();
	char *path = write_answers(
	    "guide: example\n"
	    "variables: {OLD_HOME: /opt/a, NEW_HOME: /opt/b}\n"
	    "answers: {custom-theme: \"yes\"}\n"
	    "acknowledge:\n"
	    "  - {step: db-backup, note: \"done, CHG-1\"}\n"
	    "  - {step: update-lifecycle}\n"
	    "not_applicable:\n"
	    "  - {step: update-lifecycle, reason: \"no lifecycles\"}\n"
	    "waive:\n"
	    "  - {step: disk-space, reason: \"grows at go-live\"}\n");

	a = answers_load(path, &d);
	assert_non_null(a);
	assert_int_equal(answers_check(a, g, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(a->guide, "example");
	assert_string_equal(answers_var(a, "NEW_HOME")->value, "/opt/b");
	assert_null(answers_var(a, "BACKUP_DIR"));
	assert_string_equal(answers_answer(a, "custom-theme")->value, "yes");
	assert_string_equal(answers_ack(a, "db-backup")->value, "done, CHG-1");
	assert_null(answers_ack(a, "update-lifecycle")->value);
	assert_int_equal(answers_ack(a, "update-lifecycle")->line, 6);
	assert_string_equal(answers_na(a, "update-lifecycle")->value,
	    "no lifecycles");
	assert_string_equal(answers_waiver(a, "disk-space")->value,
	    "grows at go-live");
	answers_free(a);
	checklist_free(g);
	free(path);
}

static void
test_shape_errors(void **state)
{
	struct diags d = DIAGS_INIT;
	char *path = write_answers(
	    "variables: [a, b]\n"
	    "answers: {q: [x]}\n"
	    "acknowledge:\n"
	    "  - {stepp: x}\n"
	    "waive:\n"
	    "  - {step: x}\n"
	    "colour: blue\n");
	char *all;

	assert_null(answers_load(path, &d));
	diags_sort(&d);
	all = diags_join(&d);
	assert_non_null(strstr(all, ":1:12: 'variables' must be a mapping"));
	assert_non_null(strstr(all, ":2:14: the value of 'q' must be a text"));
	assert_non_null(strstr(all, ":4:6: unknown key 'stepp'"));
	assert_non_null(strstr(all, ":4:5: an entry of 'acknowledge' has no 'step'"));
	assert_non_null(strstr(all, ":6:5: an entry of 'waive' needs a 'reason'"));
	assert_non_null(strstr(all, ":7:1: unknown key 'colour'"));
	assert_non_null(strstr(all, ":1:1: an answers file must name its guide"));
	free(all);
	diags_free(&d);
	free(path);
}

static void
test_check_errors(void **state)
{
	struct diags d = DIAGS_INIT;
	struct answers *a;
	struct guide *g = example();
	char *path = write_answers(
	    "guide: other\n"
	    "variables: {NO_SUCH: 1}\n"
	    "answers: {custom-theme: maybe, nope: yes}\n"
	    "acknowledge:\n"
	    "  - {step: old-home}\n"
	    "  - {step: ghost}\n"
	    "waive:\n"
	    "  - {step: db-backup, reason: r}\n");
	char *all;

	a = answers_load(path, &d);
	assert_non_null(a);
	assert_int_equal(answers_check(a, g, &d), 7);
	diags_sort(&d);
	all = diags_join(&d);
	assert_non_null(strstr(all, "is for guide 'other', not 'example'"));
	assert_non_null(strstr(all, ":2:13: guide 'example' has no variable 'NO_SUCH'"));
	assert_non_null(strstr(all, ":3:11: 'maybe' is not an answer to question 'custom-theme'"));
	assert_non_null(strstr(all, ":3:32: guide 'example' has no question 'nope'"));
	assert_non_null(strstr(all, ":5:12: 'acknowledge' names step 'old-home', which is not a manual step"));
	assert_non_null(strstr(all, ":6:12: 'acknowledge' names step 'ghost'"));
	assert_non_null(strstr(all, ":8:12: 'waive' names step 'db-backup', which is not a check"));
	free(all);
	diags_free(&d);
	answers_free(a);
	checklist_free(g);
	free(path);
}

/* query_timeout: a database's own, in whole seconds from 1 to a day;
 * anything else is refused at its place in the file. */
static void
test_query_timeout(void **state)
{
	struct diags d = DIAGS_INIT;
	struct answers *a;
	char *path = write_answers(
	    "guide: example\n"
	    "databases:\n"
	    "  apimgt: {engine: mysql, name: am, query_timeout: 1800}\n"
	    "  stats: {url: \"jdbc:postgresql://db2/stats\", query_timeout: \"1\"}\n"
	    "  other: {engine: postgresql, name: o}\n");
	char *all;

	a = answers_load(path, &d);
	if (a == NULL)
		diags_print(&d, stderr);
	assert_non_null(a);
	assert_int_equal(answers_db(a, "apimgt")->set.query_timeout_s, 1800);
	assert_int_equal(answers_db(a, "stats")->set.query_timeout_s, 1);
	assert_int_equal(answers_db(a, "other")->set.query_timeout_s, 0);
	answers_free(a);
	free(path);

	path = write_answers(
	    "guide: example\n"
	    "databases:\n"
	    "  a: {engine: mysql, name: a, query_timeout: 0}\n"
	    "  b: {engine: mysql, name: b, query_timeout: -5}\n"
	    "  c: {engine: mysql, name: c, query_timeout: 1.5}\n"
	    "  d: {engine: mysql, name: d, query_timeout: 86401}\n"
	    "  e: {engine: mysql, name: e, query_timeout: 5m}\n"
	    "  f: {engine: mysql, name: f, query_timeout: [1]}\n"
	    "  g: {engine: mysql, name: g, query_timeout: 86400}\n"
	    "  h: {engine: mysql, name: h, query_timeout: 99999999999999999999}\n");
	assert_null(answers_load(path, &d));
	diags_sort(&d);
	all = diags_join(&d);
	assert_non_null(strstr(all, ":3:46: '0' is not a query timeout: give a whole number of seconds, 1 to 86400"));
	assert_non_null(strstr(all, ":4:46: '-5' is not a query timeout"));
	assert_non_null(strstr(all, ":5:46: '1.5' is not a query timeout"));
	assert_non_null(strstr(all, ":6:46: '86401' is not a query timeout"));
	assert_non_null(strstr(all, ":7:46: '5m' is not a query timeout"));
	assert_non_null(strstr(all, ":8:46: 'query_timeout' must be a text"));
	assert_null(strstr(all, ":9:"));
	assert_non_null(strstr(all, ":10:46: '99999999999999999999' is not a query timeout"));
	assert_int_equal(d.n, 7);
	free(all);
	diags_free(&d);
	free(path);
}

static void
test_missing_file(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(answers_load("/nonexistent/answers.yaml", &d));
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "/nonexistent/answers.yaml"));
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shape_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_timeout, setup, teardown),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
