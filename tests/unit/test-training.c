/* test-training.c: training mode's engine part: training.yaml loaded
 * strictly (every problem at its FILE:LINE:COL), paths inside a sandbox,
 * and a sandbox with its session built, reset, given a fault and refused
 * one not declared (the example guide, copied with its training data to a
 * scratch folder). */
#include "config.h"

#include "testutil.h"

#include "checklist.h"
#include "session.h"
#include "training.h"
#include "util.h"

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* Load text as DIR/training.yaml: the result, and the problems as
 * "training.yaml:LINE:COL: message" lines. */
static struct training *
load_text(const char *text, char **problems)
{
	struct diags d = DIAGS_INIT;
	struct training *t;
	struct buf b = BUF_INIT;
	size_t i;

	write_file("training.yaml", text);
	t = training_load("training.yaml", &d);
	diags_sort(&d);
	for (i = 0; i < d.n; i++)
		buf_printf(&b, "%s:%d:%d: %s\n", d.v[i].file, d.v[i].line,
		    d.v[i].col, d.v[i].msg);
	diags_free(&d);
	*problems = buf_steal(&b);
	if (*problems == NULL)
		*problems = strdup("");
	return t;
}

static int
setup(void **state)
{
	char *dir = test_tmpdir();

	*state = dir;
	return chdir(dir);
}

static int
teardown(void **state)
{
	char *dir = *state;

	if (chdir("/") != 0)
		return -1;
	test_rmtree(dir);
	free(dir);
	return 0;
}

static const char good[] =
    "guide: example\n"
    "text: >-\n"
    "  Two homes and a backup folder.\n"
    "ports: [APP_PORT]\n"
    "path: [tools/bin]\n"
    "variables:\n"
    "  OLD_HOME: ${SANDBOX}/app-1.0.0\n"
    "  APP_PORT: ${APP_PORT}\n"
    "databases:\n"
    "  appdb: {engine: mariadb, name: training_app}\n"
    "seeds:\n"
    "  mariadb: db/seed.sql\n"
    "faults:\n"
    "  - id: port-taken\n"
    "    title: The port is taken\n"
    "    text: Stop what holds it.\n"
    "    step: app-port-free\n"
    "  - id: no-backup\n"
    "    title: No backup\n"
    "    text: Make one.\n";

static void
test_load_good(void **state)
{
	struct training *t;
	char *problems, *ids;

	(void)state;
	t = load_text(good, &problems);
	assert_string_equal(problems, "");
	assert_non_null(t);
	assert_string_equal(t->guide, "example");
	assert_string_equal(t->text, "Two homes and a backup folder.");
	assert_int_equal(t->nports, 1);
	assert_string_equal(t->ports[0], "APP_PORT");
	assert_int_equal(t->npath_dirs, 1);
	assert_string_equal(t->path_dirs[0], "tools/bin");
	assert_int_equal(t->nvars, 2);
	assert_string_equal(t->vars[0].name, "OLD_HOME");
	assert_string_equal(t->vars[0].value, "${SANDBOX}/app-1.0.0");
	assert_int_equal(t->ndbs, 1);
	assert_string_equal(t->dbs[0].engine, "mariadb");
	assert_string_equal(t->dbs[0].database, "training_app");
	assert_string_equal(t->seed_mariadb, "db/seed.sql");
	assert_null(t->seed_postgresql);
	assert_int_equal(t->nfaults, 2);
	assert_string_equal(t->faults[0].step, "app-port-free");
	assert_null(t->faults[1].step);
	assert_non_null(training_fault(t, "no-backup"));
	assert_null(training_fault(t, "nothing"));
	ids = training_fault_ids(t);
	assert_string_equal(ids, "port-taken, no-backup");
	free(ids);
	training_free(t);
	free(problems);
	training_free(NULL);
}

/* Every kind of problem, each at its place, all of them. */
static void
test_load_errors(void **state)
{
	struct training *t;
	char *problems;

	(void)state;
	t = load_text(
	    "guide: example\n"
	    "text: [not, a, scalar]\n"
	    "colour: blue\n"
	    "ports: [APP_PORT, bad-name, APP_PORT]\n"
	    "path: [/usr/bin, ../up]\n"
	    "variables:\n"
	    "  OLD_HOME: ${HOME}/app\n"
	    "  lower: x\n"
	    "  NEW_HOME: ${SANDBOX\n"
	    "databases:\n"
	    "  appdb: {engine: oracle, name: x}\n"
	    "  other: {engine: mariadb}\n"
	    "  third: {engine: mariadb, name: y, host: h}\n"
	    "seeds:\n"
	    "  mariadb: /etc/passwd\n"
	    "  oracle: x.sql\n"
	    "faults:\n"
	    "  - id: Bad Id\n"
	    "    title: t\n"
	    "    text: x\n"
	    "  - id: ok\n"
	    "    title: t\n"
	    "    text: x\n"
	    "  - id: ok\n"
	    "    title: t\n"
	    "    text: x\n"
	    "  - id: no-title\n"
	    "    text: x\n"
	    "    when: never\n"
	    "  - just a string\n", &problems);
	assert_null(t);
	assert_string_equal(problems,
	    "training.yaml:2:7: text must be a scalar, not a sequence\n"
	    "training.yaml:3:1: unknown key 'colour' in the training file (known: guide, text, ports, path, variables, databases, seeds, faults)\n"
	    "training.yaml:4:8: 'bad-name' under 'ports' is not a variable name (capitals, digits and _; not SANDBOX)\n"
	    "training.yaml:4:8: port APP_PORT is listed twice\n"
	    "training.yaml:5:7: '/usr/bin' under 'path' must be a folder inside the sandbox, relative to it\n"
	    "training.yaml:5:7: '../up' under 'path' must be a folder inside the sandbox, relative to it\n"
	    "training.yaml:7:13: the value of OLD_HOME uses ${HOME}: only ${SANDBOX} and the names under 'ports' may appear\n"
	    "training.yaml:8:3: 'lower' is not a variable name (capitals, digits and _)\n"
	    "training.yaml:9:13: the value of NEW_HOME: '${SANDBOX' has '${' without a closing '}'\n"
	    "training.yaml:11:19: database appdb: engine 'oracle' is not one of postgresql, mariadb, mysql\n"
	    "training.yaml:12:10: database other needs 'engine' and 'name'\n"
	    "training.yaml:13:37: unknown key 'host' in a database (known: engine, name)\n"
	    "training.yaml:15:12: seed '/etc/passwd' must be a path inside the sandbox, relative to it\n"
	    "training.yaml:16:3: unknown key 'oracle' in 'seeds' (known: postgresql, mariadb)\n"
	    "training.yaml:18:9: 'Bad Id' is not a fault id (small letters, digits, '-', '_' and '.')\n"
	    "training.yaml:24:9: fault 'ok' is declared twice\n"
	    "training.yaml:27:5: a fault needs 'id', 'title' and 'text'\n"
	    "training.yaml:29:5: unknown key 'when' in a fault (known: id, title, text, step)\n"
	    "training.yaml:30:5: a fault must be a mapping (id, title, text, step), not a scalar\n");
	free(problems);
}

static void
test_load_missing(void **state)
{
	struct training *t;
	char *problems;

	(void)state;
	t = load_text("faults: []\n", &problems);
	assert_null(t);
	assert_string_equal(problems,
	    "training.yaml:1:1: 'guide' is missing: the id of the guide this sandbox is for\n"
	    "training.yaml:1:1: 'text' is missing: what the sandbox holds and how to use it\n"
	    "training.yaml:1:1: 'variables' is missing: the guide's variables, set to the sandbox\n");
	free(problems);
	t = load_text("guide: x\ntext: y\nvariables: [A]\n", &problems);
	assert_null(t);
	assert_string_equal(problems,
	    "training.yaml:3:12: 'variables' must be a mapping of a variable's name to its value, not a sequence\n");
	free(problems);
	t = load_text("guide: x\ntext: y\nvariables: {A: [1, 2]}\n", &problems);
	assert_null(t);
	assert_string_equal(problems,
	    "training.yaml:3:16: A must be a scalar, not a sequence\n");
	free(problems);
	t = load_text("- a list\n", &problems);
	assert_null(t);
	assert_string_equal(problems,
	    "training.yaml:1:1: a training file is a mapping (guide, text, variables, ...), not a sequence\n");
	free(problems);
	/* A syntax error, at its place. */
	t = load_text("guide: x\ntext: [unclosed\n", &problems);
	assert_null(t);
	assert_non_null(strstr(problems, "training.yaml:"));
	free(problems);
}

static void
test_inside(void **state)
{
	char *dir = *state, *sb = util_path_join(dir, "sb"), *p;

	assert_int_equal(mkdir(sb, 0700), 0);
	assert_int_equal(mkdir("sb/a", 0700), 0);
	assert_int_equal(training_inside(sb, sb), 1);
	p = util_path_join(sb, "a");
	assert_int_equal(training_inside(sb, p), 1);
	free(p);
	/* Not there yet: through its nearest existing parent. */
	p = util_path_join(sb, "a/new/deeper");
	assert_int_equal(training_inside(sb, p), 1);
	free(p);
	p = util_path_join(sb, "a/../../elsewhere");
	assert_int_equal(training_inside(sb, p), 0);
	free(p);
	p = util_path_join(sb, "no/../../x");
	assert_int_equal(training_inside(sb, p), 0);
	free(p);
	p = util_path_join(dir, "sb-other");
	assert_int_equal(training_inside(sb, p), 0);
	free(p);
	assert_int_equal(training_inside(sb, "/"), 0);
	assert_int_equal(training_inside(sb, "relative"), 0);
	/* A symbolic link out of the sandbox is outside. */
	assert_int_equal(symlink("/", "sb/link"), 0);
	p = util_path_join(sb, "link/x");
	assert_int_equal(training_inside(sb, p), 0);
	free(p);
	free(sb);
}

static void
test_set_path(void **state)
{
	struct training *t;
	char *problems, *old = strdup(getenv("PATH") != NULL ?
	    getenv("PATH") : ""), *want;

	(void)state;
	t = load_text("guide: x\ntext: y\npath: [tools/bin, bin]\nvariables: {}\n",
	    &problems);
	assert_non_null(t);
	training_set_path(t, "/sb");
	want = malloc(strlen(old) + 64);
	sprintf(want, "/sb/tools/bin:/sb/bin:%s", old);
	assert_string_equal(getenv("PATH"), want);
	/* Twice: not added again. */
	training_set_path(t, "/sb");
	assert_string_equal(getenv("PATH"), want);
	setenv("PATH", old, 1);
	free(want);
	free(old);
	free(problems);
	training_free(t);
}

/* The example guide with training data beside it, in the scratch folder. */
static struct guide *
example_with_training(const char *dir, const char *script)
{
	struct diags d = DIAGS_INIT;
	struct guide *g;
	char *src = test_datadir(), *path, *text;

	path = util_path_join(src, "example.yaml");
	text = test_read_text(path);
	free(path);
	free(src);
	path = util_path_join(dir, "example.yaml");
	write_file(path, text);
	free(text);
	g = checklist_load(path, &d);
	free(path);
	assert_int_equal(d.n, 0);
	assert_non_null(g);
	assert_int_equal(mkdir("training", 0700), 0);
	assert_int_equal(mkdir("training/example", 0700), 0);
	write_file("training/example/training.yaml",
	    "guide: example\n"
	    "text: The example's homes.\n"
	    "ports: [APP_PORT]\n"
	    "variables:\n"
	    "  OLD_HOME: ${SANDBOX}/app-1.0.0\n"
	    "  NEW_HOME: ${SANDBOX}/app-2.0.0\n"
	    "  BACKUP_DIR: ${SANDBOX}/backups\n"
	    "  APP_PORT: ${APP_PORT}\n"
	    "faults:\n"
	    "  - {id: broken, title: Broken, text: It is broken.}\n");
	write_file("training/example/sandbox.sh", script);
	return g;
}

static const char script[] =
    "set -e\n"
    "d=$1\n"
    "[ -z \"$(ls -A \"$d\")\" ] || { echo \"$d is not empty\" >&2; exit 1; }\n"
    "mkdir -p \"$d/app-1.0.0/bin\" \"$d/app-1.0.0/conf\" \"$d/app-2.0.0/bin\" \"$d/app-2.0.0/conf\" \"$d/backups\"\n"
    "for h in app-1.0.0 app-2.0.0; do echo x > \"$d/$h/bin/app.sh\"; echo v > \"$d/$h/bin/version.txt\"; done\n"
    "echo \"port = $APP_PORT\" > \"$d/app-1.0.0/conf/app.toml\"\n"
    "echo \"fault=$WIZARD_SANDBOX_FAULT wizard=$WIZARD\" > \"$d/app-2.0.0/conf/app.toml\"\n";

static void
test_create_reset_fault(void **state)
{
	char *dir = *state, *tdir = util_path_join(dir, "state/training/example");
	char *cause = NULL, *text, *sandbox;
	struct session *s;
	struct guide *g;
	int built = 0, port;

	g = example_with_training(dir, script);
	assert_int_equal(training_available(g), 1);

	/* An unknown fault: refused, naming the choices; nothing built. */
	assert_int_equal(training_prepare(g, tdir, "nope", 0, "/bin/wizard",
	    &built, &cause), -1);
	assert_string_equal(cause, "guide 'example' has no training fault 'nope' (the faults: broken)");
	free(cause);
	cause = NULL;
	assert_int_equal(built, 0);
	assert_int_equal(access("state", F_OK), -1);

	assert_int_equal(training_prepare(g, tdir, NULL, 0, "/bin/wizard",
	    &built, &cause), 0);
	assert_int_equal(built, 1);
	assert_int_equal(access("state/training/example/sandbox/" TRAINING_MARKER, F_OK), 0);
	text = test_read_text("state/training/example/sandbox/app-2.0.0/conf/app.toml");
	assert_string_equal(text, "fault= wizard=/bin/wizard\n");
	free(text);
	s = session_load("state/training/example/session", &cause);
	assert_non_null(s);
	assert_int_equal(s->training, 1);
	assert_null(s->training_fault);
	sandbox = realpath("state/training/example/sandbox", NULL);
	assert_string_equal(s->training_sandbox, sandbox);
	assert_int_equal(strncmp(session_var(s, "OLD_HOME"), sandbox,
	    strlen(sandbox)), 0);
	assert_int_equal(util_parse_port(session_var(s, "APP_PORT"), &port), 0);
	text = test_read_text("state/training/example/sandbox/app-1.0.0/conf/app.toml");
	assert_int_equal(atoi(text + strlen("port = ")), port);
	free(text);
	session_close(s);

	/* Again without reset: kept as it is. */
	write_file("state/training/example/sandbox/app-1.0.0/edited", "x");
	assert_int_equal(training_prepare(g, tdir, NULL, 0, "/bin/wizard",
	    &built, &cause), 0);
	assert_int_equal(built, 0);
	assert_int_equal(access("state/training/example/sandbox/app-1.0.0/edited", F_OK), 0);

	/* A fault: built again with it. */
	assert_int_equal(training_prepare(g, tdir, "broken", 0, "/bin/wizard",
	    &built, &cause), 0);
	assert_int_equal(built, 1);
	assert_int_equal(access("state/training/example/sandbox/app-1.0.0/edited", F_OK), -1);
	text = test_read_text("state/training/example/sandbox/app-2.0.0/conf/app.toml");
	assert_string_equal(text, "fault=broken wizard=/bin/wizard\n");
	free(text);
	s = session_load("state/training/example/session", &cause);
	assert_non_null(s);
	assert_string_equal(s->training_fault, "broken");
	session_close(s);

	/* Reset: no fault, a fresh session. */
	assert_int_equal(training_prepare(g, tdir, NULL, 1, "/bin/wizard",
	    &built, &cause), 0);
	assert_int_equal(built, 1);
	s = session_load("state/training/example/session", &cause);
	assert_non_null(s);
	assert_null(s->training_fault);
	session_close(s);

	/* Without the marker, nothing is removed. */
	assert_int_equal(unlink("state/training/example/sandbox/" TRAINING_MARKER), 0);
	assert_int_equal(training_remove(tdir, &cause), -1);
	assert_non_null(strstr(cause, "nothing was removed"));
	free(cause);
	cause = NULL;
	assert_int_equal(access("state/training/example/sandbox/app-1.0.0/bin/app.sh", F_OK), 0);
	assert_int_equal(access("state/training/example/session/journal", F_OK), 0);

	free(sandbox);
	free(tdir);
	checklist_free(g);
}

/* A failing sandbox.sh: its message, and no half-built sandbox left. */
static void
test_create_fails(void **state)
{
	char *dir = *state, *tdir = util_path_join(dir, "state/training/example");
	char *cause = NULL;
	struct guide *g;
	int built = 0;

	g = example_with_training(dir,
	    "mkdir \"$1/half\"\necho 'cannot unpack the homes' >&2\nexit 3\n");
	assert_int_equal(training_prepare(g, tdir, NULL, 0, "/bin/wizard",
	    &built, &cause), -1);
	assert_non_null(strstr(cause, "could not build the sandbox"));
	assert_non_null(strstr(cause, "cannot unpack the homes"));
	assert_non_null(strstr(cause, "exited with status 3"));
	free(cause);
	assert_int_equal(access("state/training/example/sandbox", F_OK), -1);
	assert_int_equal(access("state/training/example/session", F_OK), -1);
	free(tdir);
	checklist_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_reset_fault, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_create_fails, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
