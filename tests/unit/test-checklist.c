/* test-checklist.c: the strict checklist loader (a good file read into the
 * model; every kind of problem reported at its place, all of them, in
 * order) and the parameters of kinds (params.c). The fixtures are in
 * tests/data/loader. */
#include "config.h"

#include "testutil.h"

#include <locale.h>

#include "checklist.h"
#include "lang.h"
#include "kind.h"
#include "params.h"
#include "util.h"
#include "ynode.h"

/* The fixtures are loaded by relative names, so the messages are short. */
static int
setup(void **state)
{
	char *data = test_datadir(), *path = util_path_join(data, "loader");
	int rc = 0;

	if (chdir(path) != 0) {
		fprintf(stderr, "cannot enter %s\n", path);
		rc = -1;
	}
	free(path);
	free(data);
	return rc;
}

/* Load a file that must fail and compare every diagnostic, in order. An
 * expected line ending in '*' only has to start the same (for text that
 * comes from the C library). */
static void
load_fails(const char *path, const char *const *want)
{
	struct diags d = DIAGS_INIT;
	struct guide *g;
	char *line;
	size_t i, n, len;

	g = checklist_load(path, &d);
	assert_null(g);
	for (n = 0; want[n] != NULL; n++)
		;
	for (i = 0; i < d.n; i++) {
		line = malloc(strlen(d.v[i].file) + strlen(d.v[i].msg) + 64);
		sprintf(line, "%s:%d:%d: %s", d.v[i].file, d.v[i].line,
		    d.v[i].col, d.v[i].msg);
		if (i >= n)
			fail_msg("unexpected: %s", line);
		len = strlen(want[i]);
		if (len > 0 && want[i][len - 1] == '*')
			assert_memory_equal(line, want[i], len - 1);
		else
			assert_string_equal(line, want[i]);
		free(line);
	}
	if (d.n < n)
		fail_msg("missing: %s", want[d.n]);
	diags_free(&d);
}

static struct guide *
load_ok(const char *path)
{
	struct diags d = DIAGS_INIT;
	struct guide *g = checklist_load(path, &d);
	char *all;

	if (g == NULL) {
		all = diags_join(&d);
		fail_msg("%s", all);
	}
	assert_int_equal(d.n, 0);
	diags_free(&d);
	return g;
}

static void
test_good(void **state)
{
	struct guide *g = load_ok("good.yaml");
	struct variable *v;
	struct step *s;
	struct stage *st;
	const struct ynode *node;
	char **choices, *text, *hash;
	const char *qtext;
	size_t nchoices, len, i;

	assert_string_equal(g->path, "good.yaml");
	text = util_read_file("good.yaml", &len, NULL);
	hash = util_hash_hex(text, len);
	assert_string_equal(g->hash, hash);
	free(hash);
	free(text);

	assert_string_equal(g->id, "example-1.0");
	assert_string_equal(g->title, "Upgrading Example App 1.0 to 2.0");
	assert_string_equal(g->source, "Example App upgrade guide 2.0");
	assert_string_equal(g->from_version, "1.0.0");
	assert_string_equal(g->to_version, "2.0.0");
	assert_string_equal(g->text, "Read the whole guide first.\n");

	assert_int_equal(g->nvars, 4);
	v = checklist_var(g, "OLD_HOME");
	assert_ptr_equal(v, &g->vars[0]);
	assert_int_equal(v->kind, VAR_PRODUCT_HOME);
	assert_string_equal(v->product, "Example App 1.0");
	assert_int_equal(v->nmarkers, 2);
	assert_string_equal(v->markers[1], "conf");
	assert_int_equal(v->required, 1);
	assert_int_equal(v->line, 11);
	assert_int_equal(v->col, 5);
	v = checklist_var(g, "NEW_HOME");
	assert_int_equal(v->kind, VAR_DIRECTORY);
	assert_string_equal(v->default_value, "${OLD_HOME}/../app-2.0.0");
	v = checklist_var(g, "DB_PORT");
	assert_int_equal(v->kind, VAR_PORT);
	assert_int_equal(v->required, 0);
	assert_string_equal(v->default_value, "3306");
	v = checklist_var(g, "NOTE");
	assert_int_equal(v->kind, VAR_STRING);
	assert_null(v->default_value);
	assert_null(v->markers);
	assert_null(checklist_var(g, "old_home"));

	assert_int_equal(g->nquestions, 2);
	assert_string_equal(g->questions[0].id, "secure-vault");
	assert_int_equal(g->questions[0].nchoices, 2);
	assert_string_equal(g->questions[0].choices[0], "yes");
	assert_string_equal(g->questions[0].choices[1], "no");
	assert_string_equal(g->questions[0].default_value, "no");
	assert_int_equal(checklist_question(g, "db_engine", &choices,
	    &nchoices, &qtext), 0);
	assert_int_equal(nchoices, 3);
	assert_string_equal(choices[2], "oracle");
	assert_string_equal(qtext, "Which database?");
	/* A question step is a question too, with yes/no by default. */
	assert_int_equal(checklist_question(g, "keystore-custom", &choices,
	    &nchoices, &qtext), 0);
	assert_int_equal(nchoices, 2);
	assert_string_equal(choices[0], "yes");
	assert_string_equal(qtext, "Did you use a custom keystore?");
	assert_int_equal(checklist_question(g, "read-me", NULL, NULL, NULL),
	    -1);
	assert_int_equal(checklist_question(g, "nothing", NULL, NULL, NULL),
	    -1);

	assert_int_equal(g->ndatabases, 2);
	assert_string_equal(g->databases[0].engine, "mysql");
	assert_null(g->databases[1].engine);
	assert_null(g->databases[1].title);

	assert_int_equal(g->nstages, 2);
	assert_int_equal(g->nsteps, 7);
	for (i = 0; i < g->nsteps; i++)
		assert_int_equal(g->steps[i]->index, i);
	st = checklist_stage(g, "migrate");
	assert_ptr_equal(st, g->stages[1]);
	assert_int_equal(st->index, 1);
	assert_int_equal(st->nsteps, 3);
	assert_null(st->ref);
	assert_string_equal(g->stages[0]->ref, "Section 1");
	assert_ptr_equal(st->steps[0], g->steps[4]);
	assert_null(checklist_stage(g, "nothing"));

	s = checklist_step(g, "old-home-ok");
	assert_ptr_equal(s, g->steps[0]);
	assert_int_equal(s->kind, STEP_CHECK);
	assert_ptr_equal(s->type, kind_find("product_home"));
	assert_int_equal(s->severity, SEVERITY_BLOCKER);
	assert_int_equal(s->prerequisite, 1);
	assert_string_equal(s->why, "Everything later reads from it.");
	assert_ptr_equal(s->stage, g->stages[0]);
	assert_int_equal(s->line, 47);
	assert_int_equal(s->col, 9);
	/* The parameters are the parsed file's own nodes. */
	node = ynode_get(ynode_get(g->root, "stages")->items[0], "steps");
	assert_ptr_equal(s->with, ynode_get(node->items[0], "with"));
	assert_string_equal(params_str(s->with, "path"), "${OLD_HOME}");

	s = checklist_step(g, "disk");
	assert_int_equal(s->severity, SEVERITY_WARNING);
	assert_int_equal(s->prerequisite, 0);
	assert_ptr_equal(s->type, kind_find("disk_free"));
	assert_string_equal(params_str(s->with, "min"), "2G");

	s = checklist_step(g, "read-me");
	assert_int_equal(s->kind, STEP_INFO);
	assert_null(s->type);
	assert_null(s->with);
	assert_string_equal(s->title, "Costs $$5");

	s = checklist_step(g, "keystore-custom");
	assert_int_equal(s->kind, STEP_QUESTION);
	assert_int_equal(s->nchoices, 2);
	assert_string_equal(s->choices[1], "no");
	assert_null(s->default_value);

	s = checklist_step(g, "copy-conf");
	assert_int_equal(s->kind, STEP_ACTION);
	assert_ptr_equal(s->stage, g->stages[1]);
	assert_int_equal(s->nwhen, 2);
	assert_string_equal(s->when[0].question, "secure-vault");
	assert_int_equal(s->when[0].nvalues, 1);
	assert_string_equal(s->when[0].values[0], "yes");
	assert_int_equal(s->when[0].line, 82);
	assert_int_equal(s->when[0].col, 16);
	assert_string_equal(s->when[1].question, "keystore-custom");
	assert_int_equal(s->when[1].nvalues, 2);
	assert_string_equal(s->when[1].values[1], "no");
	assert_int_equal(params_bool(s->with, "overwrite", 0), 1);

	s = checklist_step(g, "console");
	assert_int_equal(s->kind, STEP_MANUAL);
	assert_string_equal(s->url, "https://localhost:9443/${db_engine}/carbon");
	assert_int_equal(s->nsubsteps, 2);
	assert_string_equal(s->substeps[1], "Open ${secure-vault}");
	assert_null(s->choices);

	assert_null(checklist_step(g, "prepare"));
	assert_string_equal(checklist_step_kind_name(STEP_QUESTION), "question");
	assert_string_equal(checklist_var_kind_name(VAR_PRODUCT_HOME),
	    "product_home");
	checklist_free(g);
	checklist_free(NULL);
}

static void
test_syntax_error(void **state)
{
	static const char *const want[] = {
		"bad-syntax.yaml:5:1: found unexpected end of stream (while "
		    "scanning a quoted scalar at line 3, column 10)",
		NULL
	};

	load_fails("bad-syntax.yaml", want);
}

static void
test_empty_file(void **state)
{
	static const char *const want[] = {
		"bad-empty.yaml:1:1: a checklist needs 'guide'",
		"bad-empty.yaml:1:1: a checklist needs 'stages'",
		NULL
	};

	load_fails("bad-empty.yaml", want);
}

static void
test_unknown_keys(void **state)
{
	static const char *const want[] = {
		"bad-keys.yaml:7:3: unknown key 'version' in 'guide'",
		"bad-keys.yaml:11:5: 'markers' is only for variables of kind "
		    "product_home",
		"bad-keys.yaml:12:5: unknown key 'colour' in a variable",
		"bad-keys.yaml:16:5: unknown key 'hint' in a question",
		"bad-keys.yaml:19:5: unknown key 'port' in a database",
		"bad-keys.yaml:23:5: unknown key 'owner' in a stage",
		"bad-keys.yaml:30:9: unknown key 'url' in a check step",
		"bad-keys.yaml:37:9: unknown key 'with' in an info step",
		"bad-keys.yaml:38:9: unknown key 'severity' in an info step",
		"bad-keys.yaml:43:9: unknown key 'choices' in a manual step",
		"bad-keys.yaml:49:9: unknown key 'prerequisite' in an action step",
		"bad-keys.yaml:51:1: unknown key 'extra' at the top of the file "
		    "(known: guide, variables, questions, databases, stages)",
		NULL
	};

	load_fails("bad-keys.yaml", want);
}

/* Texts per language: the first language wanted that a text has, else
 * English; the messages locale C means English whatever LANGUAGE says. */
static void
lang_load(const char *locale, const char *language, const char *title,
    const char *why, const char *substep)
{
	struct guide *g;

	if (setlocale(LC_MESSAGES, locale) == NULL)
		fail_msg("no locale %s", locale);
	setenv("LANGUAGE", language, 1);
	lang_reset();
	g = load_ok("lang.yaml");
	assert_string_equal(g->title, title);
	assert_string_equal(g->steps[0]->why, why);
	assert_string_equal(g->steps[0]->substeps[0], substep);
	assert_string_equal(g->steps[0]->substeps[1], "Click stop");
	assert_string_equal(g->steps[0]->text, "Only English.");
	checklist_free(g);
}

static void
test_languages(void **state)
{
	struct guide *g;

	(void)state;
	lang_load("C", "es", "Upgrading the app",
	    "A running app writes meanwhile.", "Open the console");
	lang_load("C.UTF-8", "es", "Actualización de la aplicación",
	    "Una aplicación en marcha escribe.", "Abra la consola");
	lang_load("C.UTF-8", "pt_BR:es", "Atualização do aplicativo",
	    "Una aplicación en marcha escribe.", "Abra la consola");
	lang_load("C.UTF-8", "es_MX.UTF-8", "Actualización de la aplicación",
	    "Una aplicación en marcha escribe.", "Abra la consola");
	lang_load("C.UTF-8", "fr:de", "Upgrading the app",
	    "A running app writes meanwhile.", "Open the console");

	setenv("LANGUAGE", "es", 1);
	lang_reset();
	g = load_ok("lang.yaml");
	assert_string_equal(g->vars[0].title, "Carpeta de la aplicación");
	assert_string_equal(g->vars[0].help, "Where it is.");
	assert_string_equal(g->questions[0].text, "¿Bóveda?");
	assert_string_equal(g->databases[0].title, "Base de datos");
	assert_string_equal(g->stages[0]->title, "Etapa uno");
	assert_string_equal(g->stages[0]->text, "Stage text");
	assert_string_equal(g->text, "Lea primero.");
	assert_string_equal(g->steps[0]->title, "Detenga ${APP_HOME}");
	checklist_free(g);
	setlocale(LC_MESSAGES, "C");
	unsetenv("LANGUAGE");
	lang_reset();

	assert_true(lang_code_ok("es"));
	assert_true(lang_code_ok("pt_BR"));
	assert_true(lang_code_ok("ast"));
	assert_false(lang_code_ok("e"));
	assert_false(lang_code_ok("ES"));
	assert_false(lang_code_ok("es_es"));
	assert_false(lang_code_ok("es-ES"));
	assert_false(lang_code_ok("es_ESP"));
	assert_false(lang_code_ok(""));
}

static void
test_bad_languages(void **state)
{
	static const char *const want[] = {
		"bad-lang.yaml:3:10: 'title' is given per language but has no "
		    "'en' text, shown when no other language fits",
		"bad-lang.yaml:7:20: 'ES' is not a language code: use two or "
		    "three lower-case letters, then optionally '_' and a country "
		    "(en, es, pt_BR)",
		"bad-lang.yaml:7:38: 'es_es' is not a language code: use two or "
		    "three lower-case letters, then optionally '_' and a country "
		    "(en, es, pt_BR)",
		"bad-lang.yaml:7:50: 'spanish' is not a language code: use two "
		    "or three lower-case letters, then optionally '_' and a "
		    "country (en, es, pt_BR)",
		"bad-lang.yaml:10:30: the 'es' text of 'title' must be a text",
		"bad-lang.yaml:14:21: the 'en' text of 'title' must not be empty",
		"bad-lang.yaml:16:25: '${NOPE}' is neither a variable nor a "
		    "question*",
		"bad-lang.yaml:19:13: 'substeps' is given per language but has "
		    "no 'en' text, shown when no other language fits",
		NULL
	};

	(void)state;
	load_fails("bad-lang.yaml", want);
}

static void
test_wrong_types(void **state)
{
	static const char *const want[] = {
		"bad-types.yaml:3:10: 'title' must be a text, not a list",
		"bad-types.yaml:4:11: 'source' must be a text, not a mapping",
		"bad-types.yaml:11:15: 'required' must be true or false, not "
		    "'maybe'",
		"bad-types.yaml:12:14: 'markers' must be a list, not a text",
		"bad-types.yaml:13:5: each item of 'variables' must be a mapping, "
		    "not a text",
		"bad-types.yaml:17:14: 'choices' must be a list, not a mapping",
		"bad-types.yaml:18:12: 'databases' must be a list, not a text",
		"bad-types.yaml:27:28: each item of 'substeps' must be a text, "
		    "not a list",
		"bad-types.yaml:28:15: 'when' must be a mapping, not a list",
		"bad-types.yaml:29:9: each item of 'steps' must be a mapping, not "
		    "a text",
		"bad-types.yaml:35:23: 'prerequisite' must be true or false, not "
		    "a list",
		"bad-types.yaml:36:15: 'with' must be a mapping, not a list",
		NULL
	};

	load_fails("bad-types.yaml", want);
}

static void
test_missing_keys(void **state)
{
	static const char *const want[] = {
		"bad-missing.yaml:2:3: 'guide' needs 'id'",
		"bad-missing.yaml:2:3: 'guide' needs 'to'",
		"bad-missing.yaml:3:11: 'source' must not be empty",
		"bad-missing.yaml:6:5: a variable needs 'title'",
		"bad-missing.yaml:6:5: a variable needs 'markers'",
		"bad-missing.yaml:8:5: a variable needs 'name'",
		"bad-missing.yaml:10:5: a question needs 'text'",
		"bad-missing.yaml:12:5: a database needs 'name'",
		"bad-missing.yaml:14:5: a stage needs 'title'",
		"bad-missing.yaml:15:12: 'steps' must not be empty",
		"bad-missing.yaml:16:5: a stage needs 'id'",
		"bad-missing.yaml:18:9: a check step needs 'type'",
		"bad-missing.yaml:18:9: a check step needs 'ref'",
		"bad-missing.yaml:21:9: an info step needs 'text'",
		"bad-missing.yaml:25:9: a question step needs 'text'",
		"bad-missing.yaml:29:9: copy needs parameter 'from' (under "
		    "'with:')",
		"bad-missing.yaml:29:9: copy needs parameter 'to' (under 'with:')",
		"bad-missing.yaml:40:11: copy needs parameter 'to' (under "
		    "'with:')",
		"bad-missing.yaml:41:9: a step needs 'id'",
		"bad-missing.yaml:41:9: a step needs 'kind'",
		"bad-missing.yaml:41:9: a step needs 'ref'",
		NULL
	};

	load_fails("bad-missing.yaml", want);
}

static void
test_ids(void **state)
{
	static const char *const want[] = {
		"bad-ids.yaml:2:7: 'Bad_Guide' is not a valid guide id: use "
		    "lower-case letters, digits, '.' and '-', starting with a "
		    "letter or a digit",
		"bad-ids.yaml:4:3: duplicate key 'title' (first at line 3, "
		    "column 3)",
		"bad-ids.yaml:9:11: 'app_home' is not a valid variable name: use "
		    "upper-case letters, digits and '_', not starting with a "
		    "digit",
		"bad-ids.yaml:13:11: duplicate variable 'DUP' (first at line 11, "
		    "column 11)",
		"bad-ids.yaml:16:11: 'Main-DB' is not a valid database name: use "
		    "lower-case letters, digits and '_'",
		"bad-ids.yaml:18:11: duplicate database 'one' (first at line 17, "
		    "column 11)",
		"bad-ids.yaml:26:13: duplicate id 'ask' (first at line 20, "
		    "column 9)",
		"bad-ids.yaml:31:13: 'Step_1' is not a valid id: use lower-case "
		    "letters, digits, '-' and '_', starting with a letter or a "
		    "digit",
		"bad-ids.yaml:36:9: duplicate stage id 's1' (first at line 23, "
		    "column 9)",
		"bad-ids.yaml:39:13: duplicate id 'ask' (first at line 20, "
		    "column 9)",
		"bad-ids.yaml:44:9: duplicate key 'ref' (first at line 43, "
		    "column 9)",
		NULL
	};

	load_fails("bad-ids.yaml", want);
}

static void
test_placeholders(void **state)
{
	static const char *const want[] = {
		"bad-refs.yaml:3:27: '${GUIDE_NAME}' is neither a variable nor "
		    "a question",
		"bad-refs.yaml:10:14: the default of A depends on its own value",
		"bad-refs.yaml:13:14: the default of B depends on its own value",
		"bad-refs.yaml:16:20: '${NOPE}' is neither a variable nor a "
		    "question",
		"bad-refs.yaml:20:14: the default of a port must be a number "
		    "from 1 to 65535, not '99999'",
		"bad-refs.yaml:32:22: '${HOST}' is neither a variable nor a "
		    "question",
		"bad-refs.yaml:34:28: '${MISSING}' is neither a variable nor a "
		    "question",
		"bad-refs.yaml:35:21: '${A' has '${' without a closing '}'",
		"bad-refs.yaml:42:23: '${}' has no name in it",
		"bad-refs.yaml:50:16: '${bad name}' is not a valid placeholder: a "
		    "name starts with a letter or '_' and holds only letters, "
		    "digits, '_', '.' and '-'",
		NULL
	};

	load_fails("bad-refs.yaml", want);
}

static void
test_when(void **state)
{
	static const char *const want[] = {
		"bad-when.yaml:11:14: the default 'maybe' is not one of the "
		    "choices",
		"bad-when.yaml:14:14: 'choices' must not be empty",
		"bad-when.yaml:24:16: 'when:' uses question 'later', which is "
		    "only asked later (at line 31)",
		"bad-when.yaml:24:23: 'yes' is not a choice of question 'later' "
		    "(its choices: a, b, a)",
		"bad-when.yaml:24:41: 'perhaps' is not a choice of question "
		    "'vault' (its choices: yes, no)",
		"bad-when.yaml:24:51: 'when:' names an unknown question 'nobody'",
		"bad-when.yaml:24:63: 'when:' names step 'info-step', which is "
		    "not a question",
		"bad-when.yaml:30:23: the value of 'vault' in 'when:' must be an "
		    "answer or a list of answers",
		"bad-when.yaml:36:25: 'a' is already a choice (at line 36, "
		    "column 19)",
		"bad-when.yaml:37:18: the default 'c' is not one of the choices",
		"bad-when.yaml:38:16: 'when:' of question 'later' depends on its "
		    "own answer",
		NULL
	};

	load_fails("bad-when.yaml", want);
}

static void
test_kinds(void **state)
{
	static const char *const want[] = {
		"bad-kinds.yaml:9:11: unknown variable kind 'folder' (known: "
		    "string, directory, file, host, port, product_home)",
		"bad-kinds.yaml:13:13: unknown database engine 'db2' (known: "
		    "postgresql, mysql, mariadb, oracle, mssql)",
		"bad-kinds.yaml:19:15: unknown step kind 'chek' (known: check, "
		    "action, manual, question, info)",
		"bad-kinds.yaml:24:15: unknown check type 'path_exist' (known: "
		    "path_exists, file_contains, command_output, tcp_port, "
		    "disk_free, product_home, db_column_length, "
		    "db_table_exists, db_no_rows, db_server_version, "
		    "db_dcr_names, db_backup_present)",
		"bad-kinds.yaml:29:15: 'copy' is an action, not a check: it "
		    "belongs in a step of kind action",
		"bad-kinds.yaml:34:15: 'path_exists' is a check, not an action: "
		    "it belongs in a step of kind check",
		"bad-kinds.yaml:42:19: unknown severity 'fatal' (known: blocker, "
		    "warning)",
		"bad-kinds.yaml:45:17: 'type' must be one of file, directory, "
		    "any, not 'socket'",
		"bad-kinds.yaml:51:43: 'pattern': 'a(b' is not a valid regular "
		    "expression: *",
		"bad-kinds.yaml:57:30: 'min' must be a size such as 512M, 2G or "
		    "1048576 (bytes), not '2X'",
		"bad-kinds.yaml:57:34: unknown parameter 'colour' for disk_free "
		    "(it takes: path, min)",
		"bad-kinds.yaml:65:18: 'shell' must be true or false, not "
		    "'perhaps'",
		"bad-kinds.yaml:66:20: 'timeout' must be a duration such as 30s, "
		    "10m, 2h or 500ms (a number alone is seconds), not 'soon'",
		"bad-kinds.yaml:67:24: 'expect_exit' must be a whole number, not "
		    "'zero'",
		"bad-kinds.yaml:68:16: 'env' must be a mapping, not a list",
		"bad-kinds.yaml:71:15: unknown action type 'server_start' "
		    "(known: run, server_run, server_stop, copy, move, remove, "
		    "mkdir, extract, toml_edit, yaml_edit, sql, sql_script, "
		    "db_dump)",
		NULL
	};

	load_fails("bad-kinds.yaml", want);
}

/* Every action type is named, in the table's order; a toml_edit snippet
 * that does not parse is placed in the guide, inside its block. */
static void
test_action_types(void **state)
{
	static const char *const want[] = {
		"bad-toml-edit.yaml:17:15: unknown action type 'toml_edits' "
		    "(known: run, server_run, server_stop, copy, move, remove, "
		    "mkdir, extract, toml_edit, yaml_edit, sql, sql_script, "
		    "db_dump)",
		"bad-toml-edit.yaml:31:66: a typographic quote (U+201D) is not "
		    "a TOML quote",
		"bad-toml-edit.yaml:43:21: a value is missing",
		NULL
	};

	(void)state;
	load_fails("bad-toml-edit.yaml", want);
}

/* Every bad parameter of a step is said at once, the kind's own checks
 * included, in order; a parameter already faulted for its type is not
 * faulted again by the kind. */
static void
test_all_parameters(void **state)
{
	static const char *const want[] = {
		"bad-params.yaml:17:20: 'command' is empty",
		"bad-params.yaml:18:17: '1A' is not a name for an environment "
		    "variable",
		"bad-params.yaml:19:24: 'expect_exit' must be from 0 to 255, not "
		    "300",
		"bad-params.yaml:20:20: 'timeout' must be a duration such as 30s, "
		    "10m, 2h or 500ms (a number alone is seconds), not '5x'",
		"bad-params.yaml:26:43: 'pattern': 'a(b' is not a valid regular "
		    "expression: *",
		"bad-params.yaml:26:63: 'ignore_case' must be true or false, not "
		    "'maybe'",
		"bad-params.yaml:32:25: 'archive' must not be empty",
		"bad-params.yaml:38:22: 'port' must not be empty",
		"bad-params.yaml:38:33: 'state' must not be empty",
		"bad-params.yaml:38:46: 'timeout' must be a duration such as 30s, "
		    "10m, 2h or 500ms (a number alone is seconds), not 'never'",
		NULL
	};

	load_fails("bad-params.yaml", want);
}

/* A placeholder's column is found in the source, past quotes, escapes and
 * line breaks; a byte order mark does not shift it. */
static void
test_placeholder_columns(void **state)
{
	static const char *const want[] = {
		"pos.yaml:3:16: '${X}' is neither a variable nor a question",
		"pos.yaml:4:18: '${Y}' is neither a variable nor a question",
		"pos.yaml:6:5: '${Z}' is neither a variable nor a question",
		"pos.yaml:7:15: '${W}' is neither a variable nor a question",
		NULL
	};
	char *dir = test_tmpdir(), *old = getcwd(NULL, 0);

	assert_int_equal(chdir(dir), 0);
	test_write("pos.yaml",
	    "\xef\xbb\xbf" "guide:\n"
	    "  id: pos\n"
	    "  title: \"a\\tb ${X}\"\n"
	    "  source: 'it''s ${Y}'\n"
	    "  from: one\n"
	    "    ${Z}\n"
	    "  to: \"\xc3\xa9t\xc3\xa9 $$ ${W}\"\n"
	    "stages: [{id: s, title: S, steps: [{id: i, kind: info, "
	    "title: I, text: T, ref: R}]}]\n");
	load_fails("pos.yaml", want);
	assert_int_equal(chdir(old), 0);
	free(old);
	test_rmtree(dir);
	free(dir);
}

/* Problems of earlier files stay where they are; each file's are sorted. */
static void
test_two_files(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(checklist_load("bad-syntax.yaml", &d));
	assert_null(checklist_load("bad-empty.yaml", &d));
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].file, "bad-syntax.yaml");
	assert_string_equal(d.v[1].file, "bad-empty.yaml");
	assert_string_equal(d.v[2].msg, "a checklist needs 'stages'");
	diags_free(&d);
}

static void
test_unreadable(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(checklist_load("no-such-file.yaml", &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 0);
	assert_string_equal(d.v[0].msg, "cannot open no-such-file.yaml: No "
	    "such file or directory");
	diags_free(&d);
}

/* The fixtures are found under a source folder of any length. */
static void
test_datadir_long(void **state)
{
	const char *env = getenv("TOP_SRCDIR");
	char *old = env != NULL ? strdup(env) : NULL, *top, *dir;
	size_t len = 5000;

	top = malloc(len + 1);
	assert_non_null(top);
	memset(top, 'a', len);
	top[0] = '/';
	top[len] = '\0';
	assert_int_equal(setenv("TOP_SRCDIR", top, 1), 0);
	dir = test_datadir();
	if (old != NULL)
		assert_int_equal(setenv("TOP_SRCDIR", old, 1), 0);
	else
		assert_int_equal(unsetenv("TOP_SRCDIR"), 0);
	assert_int_equal(strlen(dir), len + strlen("/tests/data"));
	assert_memory_equal(dir, top, len);
	assert_string_equal(dir + len, "/tests/data");
	free(dir);
	free(top);
	free(old);
}

static void
test_sizes_and_durations(void **state)
{
	assert_int_equal(params_parse_size("1024"), 1024);
	assert_int_equal(params_parse_size("0"), 0);
	assert_int_equal(params_parse_size("100B"), 100);
	assert_int_equal(params_parse_size("1024K"), 1048576);
	assert_int_equal(params_parse_size("512M"), 512LL << 20);
	assert_int_equal(params_parse_size("512mb"), 512LL << 20);
	assert_int_equal(params_parse_size("2G"), 2LL << 30);
	assert_int_equal(params_parse_size("2 GiB"), 2LL << 30);
	assert_int_equal(params_parse_size("3t"), 3LL << 40);
	assert_int_equal(params_parse_size(""), -1);
	assert_int_equal(params_parse_size("G"), -1);
	assert_int_equal(params_parse_size("-1G"), -1);
	assert_int_equal(params_parse_size("1.5G"), -1);
	assert_int_equal(params_parse_size("2X"), -1);
	assert_int_equal(params_parse_size("2GG"), -1);
	assert_int_equal(params_parse_size("2Gi"), -1);
	assert_int_equal(params_parse_size("9999999999T"), -1);
	assert_int_equal(params_parse_size("99999999999999999999"), -1);
	assert_int_equal(params_parse_size(NULL), -1);

	assert_int_equal(params_parse_duration("60"), 60000);
	assert_int_equal(params_parse_duration("90s"), 90000);
	assert_int_equal(params_parse_duration("500ms"), 500);
	assert_int_equal(params_parse_duration("10m"), 600000);
	assert_int_equal(params_parse_duration("2h"), 7200000);
	assert_int_equal(params_parse_duration("2H"), 7200000);
	assert_int_equal(params_parse_duration("0s"), 0);
	assert_int_equal(params_parse_duration("soon"), -1);
	assert_int_equal(params_parse_duration("1d"), -1);
	assert_int_equal(params_parse_duration("-5s"), -1);
	assert_int_equal(params_parse_duration("s"), -1);
	assert_int_equal(params_parse_duration("9999999999999999h"), -1);
}

static const struct param_spec specs[] = {
	{ "path", PARAM_PATH, 1, "" },
	{ "flag", PARAM_BOOL, 0, "" },
	{ "count", PARAM_INT, 0, "" },
	{ "size", PARAM_SIZE, 0, "" },
	{ "wait", PARAM_DURATION, 0, "" },
	{ "items", PARAM_LIST, 0, "" },
	{ "env", PARAM_MAP, 0, "" },
	{ "name", PARAM_STRING, 1, "" },
	{ NULL, 0, 0, NULL }
};

static struct ynode *
with_node(const char *text)
{
	char *cause = NULL;
	struct ynode *n = ynode_parse(text, strlen(text), "w.yaml", &cause);

	assert_non_null(n);
	return n;
}

static void
test_params_validate(void **state)
{
	struct diags d = DIAGS_INIT;
	struct ynode *w;
	char *all;

	w = with_node("path: ${A}/x\nflag: on\ncount: -3\nsize: ${S}\n"
	    "wait: 1h\nitems: one\nenv: {A: b}\nname: n\n");
	assert_int_equal(params_validate(w, specs, "w.yaml", "demo", &d), 0);
	assert_int_equal(d.n, 0);
	ynode_free(w);

	w = with_node("path: [a]\nflag: 2\ncount: 1.5\nsize: lots\n"
	    "wait: {a: b}\nitems: {a: b}\nenv: {A: [b]}\nextra: 1\n");
	assert_int_equal(params_validate(w, specs, "w.yaml", "demo", &d), 9);
	all = diags_join(&d);
	assert_string_equal(all,
	    "w.yaml:1:7: 'path' must be a path, not a list\n"
	    "w.yaml:2:7: 'flag' must be true or false, not '2'\n"
	    "w.yaml:3:8: 'count' must be a whole number, not '1.5'\n"
	    "w.yaml:4:7: 'size' must be a size such as 512M, 2G or 1048576 "
	    "(bytes), not 'lots'\n"
	    "w.yaml:5:7: 'wait' must be a duration, not a mapping\n"
	    "w.yaml:6:8: 'items' must be a list or a text, not a mapping\n"
	    "w.yaml:7:10: each value of 'env' must be a text, not a list\n"
	    "w.yaml:8:1: unknown parameter 'extra' for demo (it takes: path, "
	    "flag, count, size, wait, items, env, name)\n"
	    "w.yaml:1:1: demo needs parameter 'name' (under 'with:')\n");
	free(all);
	diags_free(&d);
	ynode_free(w);

	w = with_node("- a\n");
	assert_int_equal(params_validate(w, specs, "w.yaml", "demo", &d), 1);
	assert_string_equal(d.v[0].msg, "'with' must be a mapping of "
	    "parameters, not a list");
	diags_free(&d);
	ynode_free(w);
}

static void
test_params_access(void **state)
{
	struct ynode *w = with_node("s: text\nb: no\ni: 42\nbad: x\n"
	    "l: [a, {x: y}, c]\none: solo\nm: {k: v}\n");
	const char **list;
	size_t n;

	assert_string_equal(params_str(w, "s"), "text");
	assert_null(params_str(w, "m"));
	assert_null(params_str(w, "missing"));
	assert_int_equal(params_bool(w, "b", 1), 0);
	assert_int_equal(params_bool(w, "missing", 1), 1);
	assert_int_equal(params_bool(w, "bad", 1), 1);
	assert_int_equal(params_int(w, "i", 7), 42);
	assert_int_equal(params_int(w, "bad", 7), 7);
	assert_int_equal(params_int(w, "missing", 7), 7);

	list = params_list(w, "l", &n);
	assert_int_equal(n, 2);
	assert_string_equal(list[0], "a");
	assert_string_equal(list[1], "c");
	free(list);
	list = params_list(w, "one", &n);
	assert_int_equal(n, 1);
	assert_string_equal(list[0], "solo");
	free(list);
	assert_null(params_list(w, "missing", &n));
	assert_int_equal(n, 0);
	assert_null(params_list(w, "m", &n));
	assert_ptr_equal(params_node(w, "m"), ynode_get(w, "m"));
	assert_null(params_str(NULL, "s"));
	ynode_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_bad_languages),
		cmocka_unit_test(test_missing_keys),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_when),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_action_types),
		cmocka_unit_test(test_all_parameters),
		cmocka_unit_test(test_placeholder_columns),
		cmocka_unit_test(test_two_files),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_datadir_long),
		cmocka_unit_test(test_sizes_and_durations),
		cmocka_unit_test(test_params_validate),
		cmocka_unit_test(test_params_access),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
