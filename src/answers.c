/* answers.c: the answers file: variables, answers, acknowledgements,
 * not-applicable marks and waivers, as a person would have typed them. */
#include "config.h"

#include "answers.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jdbc.h"
#include "trust.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

/* A mapping of scalars: variables and answers. */
static void
answers_map(const struct ynode *n, const char *path, const char *what,
    struct answers_entry **v, size_t *nv, struct diags *d)
{
	size_t i, j;

	if (n->type != YNODE_MAPPING) {
		diags_add(d, path, n->line, n->col,
		    _("'%s' must be a mapping of names to values"), what);
		return;
	}
	*v = xcalloc(n->n, sizeof **v);
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->keys[i], *val = n->items[i];

		for (j = 0; j < i; j++) {
			if (strcmp(n->keys[j]->value, k->value) == 0)
				diags_add(d, path, k->line, k->col,
				    _("'%s' is given twice in '%s' (first at line %d)"),
				    k->value, what, n->keys[j]->line);
		}
		if (val->type != YNODE_SCALAR) {
			diags_add(d, path, val->line, val->col,
			    _("the value of '%s' must be a text"), k->value);
			continue;
		}
		(*v)[*nv].key = xstrdup(k->value);
		(*v)[*nv].value = xstrdup(val->value);
		(*v)[*nv].line = k->line;
		(*v)[*nv].col = k->col;
		(*nv)++;
	}
}

/* A list of {step: ID, note|reason: TEXT}. */
static void
answers_list(const struct ynode *n, const char *path, const char *what,
    const char *textkey, int text_required, struct answers_entry **v,
    size_t *nv, struct diags *d)
{
	size_t i, j;

	if (n->type != YNODE_SEQUENCE) {
		diags_add(d, path, n->line, n->col,
		    _("'%s' must be a list"), what);
		return;
	}
	*v = xcalloc(n->n, sizeof **v);
	for (i = 0; i < n->n; i++) {
		const struct ynode *e = n->items[i], *step, *text;
		int bad = 0;

		if (e->type != YNODE_MAPPING) {
			diags_add(d, path, e->line, e->col,
			    _("each entry of '%s' must be a mapping with 'step' and '%s'"),
			    what, textkey);
			continue;
		}
		for (j = 0; j < e->n; j++) {
			const char *k = e->keys[j]->value;

			if (strcmp(k, "step") != 0 && strcmp(k, textkey) != 0) {
				diags_add(d, path, e->keys[j]->line,
				    e->keys[j]->col,
				    _("unknown key '%s' in an entry of '%s' (use 'step' and '%s')"),
				    k, what, textkey);
				bad = 1;
			} else if (e->items[j]->type != YNODE_SCALAR) {
				diags_add(d, path, e->items[j]->line,
				    e->items[j]->col,
				    _("'%s' must be a text"), k);
				bad = 1;
			}
		}
		step = ynode_get(e, "step");
		text = ynode_get(e, textkey);
		if (step == NULL) {
			diags_add(d, path, e->line, e->col,
			    _("an entry of '%s' has no 'step'"), what);
			bad = 1;
		}
		if (text_required && (text == NULL ||
		    (text->value != NULL && *text->value == '\0'))) {
			diags_add(d, path, e->line, e->col,
			    _("an entry of '%s' needs a '%s': say why"), what,
			    textkey);
			bad = 1;
		}
		if (bad)
			continue;
		(*v)[*nv].key = xstrdup(step->value);
		(*v)[*nv].value = text != NULL ? xstrdup(text->value) : NULL;
		(*v)[*nv].line = step->line;
		(*v)[*nv].col = step->col;
		(*nv)++;
	}
}

/* The operator's results: a list of {step, result: pass|fail, evidence}. */
static void
answers_reports(const struct ynode *n, const char *path,
    struct answers *a, struct diags *d)
{
	size_t i, j;

	if (n->type != YNODE_SEQUENCE) {
		diags_add(d, path, n->line, n->col, _("'%s' must be a list"),
		    "reported");
		return;
	}
	a->reports = xcalloc(n->n, sizeof *a->reports);
	for (i = 0; i < n->n; i++) {
		const struct ynode *e = n->items[i], *step, *res, *ev;
		int bad = 0;

		if (e->type != YNODE_MAPPING) {
			diags_add(d, path, e->line, e->col, _("each entry of "
			    "'reported' must be a mapping with 'step', "
			    "'result' and 'evidence'"));
			continue;
		}
		for (j = 0; j < e->n; j++) {
			const char *k = e->keys[j]->value;

			if (strcmp(k, "step") != 0 && strcmp(k, "result") != 0 &&
			    strcmp(k, "evidence") != 0) {
				diags_add(d, path, e->keys[j]->line,
				    e->keys[j]->col, _("unknown key '%s' in an "
				    "entry of 'reported' (use 'step', 'result' "
				    "and 'evidence')"), k);
				bad = 1;
			} else if (e->items[j]->type != YNODE_SCALAR) {
				diags_add(d, path, e->items[j]->line,
				    e->items[j]->col, _("'%s' must be a text"),
				    k);
				bad = 1;
			}
		}
		step = ynode_get(e, "step");
		res = ynode_get(e, "result");
		ev = ynode_get(e, "evidence");
		if (step == NULL || res == NULL || ev == NULL) {
			diags_add(d, path, e->line, e->col, _("an entry of "
			    "'reported' needs 'step', 'result' (pass or fail) "
			    "and 'evidence' (what the query returned)"));
			bad = 1;
		} else if (res->type == YNODE_SCALAR &&
		    strcmp(res->value, "pass") != 0 &&
		    strcmp(res->value, "fail") != 0) {
			diags_add(d, path, res->line, res->col, _("'result' "
			    "must be pass or fail, not '%s'"), res->value);
			bad = 1;
		} else if (ev->type == YNODE_SCALAR && *ev->value == '\0') {
			diags_add(d, path, ev->line, ev->col, _("'evidence' "
			    "must say what the query returned"));
			bad = 1;
		}
		if (bad)
			continue;
		a->reports[a->nreports].key = xstrdup(step->value);
		a->reports[a->nreports].value = xstrdup(ev->value);
		a->reports[a->nreports].passed = strcmp(res->value, "pass") == 0;
		a->reports[a->nreports].line = step->line;
		a->reports[a->nreports].col = step->col;
		a->nreports++;
	}
}

static const char *const answers_db_keys[] = {
	"engine", "url", "host", "port", "name", "user", "tls",
	"password_env", "query_timeout", NULL
};
static const char *const answers_tls[] = {
	"disable", "prefer", "require", "verify-ca", "verify-full", NULL
};

static int
answers_word(const char *const *words, const char *w)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++) {
		if (strcmp(words[i], w) == 0)
			return 1;
	}
	return 0;
}

/* One database: {engine, host, port, name, user, tls, password_env,
 * query_timeout}, or a JDBC url with what it does not say. */
static void
answers_one_db(const struct ynode *k, const struct ynode *v,
    const char *path, struct answers *a, struct diags *d)
{
	struct answers_db *db;
	const struct ynode *n;
	const char *s;
	char *cause = NULL;
	size_t j, before = d->n;
	int port;

	if (v->type != YNODE_MAPPING) {
		diags_add(d, path, v->line, v->col, _("the settings of "
		    "database '%s' must be a mapping (engine, host, port, "
		    "name, user, tls, password_env, query_timeout, or url)"),
		    k->value);
		return;
	}
	for (j = 0; j < v->n; j++) {
		const struct ynode *key = v->keys[j];

		if (strcmp(key->value, "password") == 0)
			diags_add(d, path, key->line, key->col, _("a password "
			    "is never read from an answers file: name the "
			    "variable that holds it with 'password_env', or "
			    "use ~/.pgpass or ~/.my.cnf"));
		else if (!answers_word(answers_db_keys, key->value))
			diags_add(d, path, key->line, key->col, _("unknown "
			    "key '%s' in the settings of database '%s' "
			    "(known: engine, url, host, port, name, user, tls, "
			    "password_env, query_timeout)"), key->value,
			    k->value);
		else if (v->items[j]->type != YNODE_SCALAR)
			diags_add(d, path, v->items[j]->line,
			    v->items[j]->col, _("'%s' must be a text"),
			    key->value);
	}
	if (d->n != before)
		return;
	db = &a->dbs[a->ndbs];
	memset(db, 0, sizeof *db);
	if ((n = ynode_get(v, "url")) != NULL &&
	    jdbc_parse(n->value, &db->set, &cause) != 0) {
		diags_add(d, path, n->line, n->col, "%s", cause);
		free(cause);
		return;
	}
	if ((n = ynode_get(v, "engine")) != NULL) {
		if (db_engine_from_name(n->value) == DB_NONE) {
			diags_add(d, path, n->line, n->col, _("unknown "
			    "database engine '%s' (known: postgresql, mysql, "
			    "mariadb, oracle, mssql)"), n->value);
			goto bad;
		}
		db->set.engine = db_engine_from_name(n->value);
	}
	if (db->set.engine == DB_NONE) {
		diags_add(d, path, v->line, v->col, _("database '%s' needs "
		    "an 'engine' (or a 'url')"), k->value);
		goto bad;
	}
	if ((n = ynode_get(v, "port")) != NULL) {
		if (util_parse_port(n->value, &port) != 0) {
			diags_add(d, path, n->line, n->col, _("'%s' is not a "
			    "port (1 to 65535)"), n->value);
			goto bad;
		}
		db->set.port = port;
	}
	if ((n = ynode_get(v, "query_timeout")) != NULL) {
		if (util_parse_number(n->value, 1,
		    DB_QUERY_TIMEOUT_MAX, &port) != 0) {
			diags_add(d, path, n->line, n->col, _("'%s' is not a "
			    "query timeout: give a whole number of seconds, "
			    "1 to %d"), n->value, DB_QUERY_TIMEOUT_MAX);
			goto bad;
		}
		db->set.query_timeout_s = port;
	}
	if ((n = ynode_get(v, "tls")) != NULL) {
		if (!answers_word(answers_tls, n->value)) {
			diags_add(d, path, n->line, n->col, _("'%s' is not a "
			    "TLS mode (disable, prefer, require, verify-ca, "
			    "verify-full)"), n->value);
			goto bad;
		}
		free(db->set.tls);
		db->set.tls = xstrdup(n->value);
	}
#define ANSWERS_DB_TEXT(key, field) do {				\
	if ((s = ynode_str(ynode_get(v, key))) != NULL) {		\
		free(db->set.field);					\
		db->set.field = xstrdup(s);				\
	}								\
} while (0)
	ANSWERS_DB_TEXT("host", host);
	ANSWERS_DB_TEXT("name", database);
	ANSWERS_DB_TEXT("user", user);
	ANSWERS_DB_TEXT("password_env", password_env);
#undef ANSWERS_DB_TEXT
	if (db->set.database == NULL) {
		diags_add(d, path, v->line, v->col, _("database '%s' needs "
		    "a 'name' (or a 'url' naming it)"), k->value);
		goto bad;
	}
	free(db->set.source);
	db->set.source = xstrdup("answers");
	db->name = xstrdup(k->value);
	db->line = k->line;
	db->col = k->col;
	a->ndbs++;
	return;
bad:
	db_settings_clear(&db->set);
}

static void
answers_dbs(const struct ynode *n, const char *path, struct answers *a,
    struct diags *d)
{
	size_t i, j;

	if (n->type != YNODE_MAPPING) {
		diags_add(d, path, n->line, n->col, _("'databases' must be a "
		    "mapping of the guide's database names to their "
		    "settings"));
		return;
	}
	a->dbs = xcalloc(n->n, sizeof *a->dbs);
	for (i = 0; i < n->n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(n->keys[j]->value, n->keys[i]->value) == 0)
				diags_add(d, path, n->keys[i]->line,
				    n->keys[i]->col, _("'%s' is given twice "
				    "in '%s' (first at line %d)"),
				    n->keys[i]->value, "databases",
				    n->keys[j]->line);
		}
		answers_one_db(n->keys[i], n->items[i], path, a, d);
	}
}

struct answers *
answers_load(const char *path, struct diags *d)
{
	struct answers *a;
	struct ynode *root;
	char *cause = NULL, *text;
	size_t i, j, len, before = d->n;

	text = trust_read_file(path, &len, &cause);
	if (text == NULL) {
		diags_add(d, path, 0, 0, "%s", cause);
		free(cause);
		return NULL;
	}
	root = ynode_parse_diag(text, len, path, d);
	free(text);
	if (root == NULL)
		return NULL;
	a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	if (root->type != YNODE_MAPPING) {
		diags_add(d, path, root->line, root->col,
		    _("an answers file must be a mapping (guide, variables, answers, acknowledge, not_applicable, waive, retry, reported, databases)"));
		goto out;
	}
	for (i = 0; i < root->n; i++) {
		const char *k = root->keys[i]->value;
		const struct ynode *v = root->items[i];

		/* A part given twice is refused, not read twice into the
		 * same place. */
		for (j = 0; j < i; j++) {
			if (strcmp(root->keys[j]->value, k) == 0)
				break;
		}
		if (j < i) {
			diags_add(d, path, root->keys[i]->line,
			    root->keys[i]->col,
			    _("'%s' is given twice in '%s' (first at line %d)"),
			    k, path, root->keys[j]->line);
			continue;
		}
		if (strcmp(k, "guide") == 0) {
			if (v->type != YNODE_SCALAR)
				diags_add(d, path, v->line, v->col,
				    _("'guide' must be a guide id"));
			else
				a->guide = xstrdup(v->value);
		} else if (strcmp(k, "variables") == 0)
			answers_map(v, path, k, &a->vars, &a->nvars, d);
		else if (strcmp(k, "answers") == 0)
			answers_map(v, path, k, &a->answers, &a->nanswers, d);
		else if (strcmp(k, "acknowledge") == 0)
			answers_list(v, path, k, "note", 0, &a->acks,
			    &a->nacks, d);
		else if (strcmp(k, "not_applicable") == 0)
			answers_list(v, path, k, "reason", 1, &a->nas,
			    &a->nnas, d);
		else if (strcmp(k, "waive") == 0)
			answers_list(v, path, k, "reason", 1, &a->waivers,
			    &a->nwaivers, d);
		else if (strcmp(k, "retry") == 0)
			answers_list(v, path, k, "reason", 1, &a->retries,
			    &a->nretries, d);
		else if (strcmp(k, "reported") == 0)
			answers_reports(v, path, a, d);
		else if (strcmp(k, "databases") == 0)
			answers_dbs(v, path, a, d);
		else
			diags_add(d, path, root->keys[i]->line,
			    root->keys[i]->col,
			    _("unknown key '%s' in an answers file (known: guide, variables, answers, acknowledge, not_applicable, waive, retry, reported, databases)"),
			    k);
	}
	if (a->guide == NULL)
		diags_add(d, path, root->line, root->col,
		    _("an answers file must name its guide ('guide: ID')"));
out:
	ynode_free(root);
	if (d->n != before) {
		answers_free(a);
		return NULL;
	}
	return a;
}

static int
answers_in(char **choices, size_t n, const char *v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(choices[i], v) == 0)
			return 1;
	}
	return 0;
}

/* Check step references of one list: the step exists and is of the kind. */
static int
answers_check_steps(const struct answers *a, const struct guide *g,
    const struct answers_entry *v, size_t n, const char *what,
    int want_kind, struct diags *d)
{
	const struct step *s;
	size_t i;
	int problems = 0;

	for (i = 0; i < n; i++) {
		s = checklist_step(g, v[i].key);
		if (s == NULL) {
			diags_add(d, a->path, v[i].line, v[i].col,
			    _("'%s' names step '%s', which guide '%s' does not have"),
			    what, v[i].key, g->id);
			problems++;
		} else if ((int)s->kind != want_kind) {
			diags_add(d, a->path, v[i].line, v[i].col,
			    want_kind == STEP_MANUAL ?
			    _("'%s' names step '%s', which is not a manual step") :
			    want_kind == STEP_CHECK ?
			    _("'%s' names step '%s', which is not a check") :
			    _("'%s' names step '%s', which is not an action"),
			    what, v[i].key);
			problems++;
		}
	}
	return problems;
}

int
answers_check(const struct answers *a, const struct guide *g, struct diags *d)
{
	char **choices;
	size_t nchoices, i;
	const char *text;
	int problems = 0;

	if (strcmp(a->guide, g->id) != 0) {
		diags_add(d, a->path, 0, 0,
		    _("this answers file is for guide '%s', not '%s'"),
		    a->guide, g->id);
		problems++;
	}
	for (i = 0; i < a->nvars; i++) {
		if (checklist_var(g, a->vars[i].key) == NULL) {
			diags_add(d, a->path, a->vars[i].line, a->vars[i].col,
			    _("guide '%s' has no variable '%s'"), g->id,
			    a->vars[i].key);
			problems++;
		}
	}
	for (i = 0; i < a->nanswers; i++) {
		const struct answers_entry *e = &a->answers[i];

		if (checklist_question(g, e->key, &choices, &nchoices,
		    &text) != 0) {
			diags_add(d, a->path, e->line, e->col,
			    _("guide '%s' has no question '%s'"), g->id, e->key);
			problems++;
		} else if (!answers_in(choices, nchoices, e->value)) {
			diags_add(d, a->path, e->line, e->col,
			    _("'%s' is not an answer to question '%s'"),
			    e->value, e->key);
			problems++;
		}
	}
	problems += answers_check_steps(a, g, a->acks, a->nacks,
	    "acknowledge", STEP_MANUAL, d);
	problems += answers_check_steps(a, g, a->nas, a->nnas,
	    "not_applicable", STEP_MANUAL, d);
	problems += answers_check_steps(a, g, a->waivers, a->nwaivers,
	    "waive", STEP_CHECK, d);
	problems += answers_check_steps(a, g, a->retries, a->nretries,
	    "retry", STEP_ACTION, d);
	problems += answers_check_steps(a, g, a->reports, a->nreports,
	    "reported", STEP_CHECK, d);
	for (i = 0; i < a->ndbs; i++) {
		const struct answers_db *e = &a->dbs[i];
		const struct database *gd = checklist_database(g, e->name);

		if (gd == NULL) {
			diags_add(d, a->path, e->line, e->col,
			    _("guide '%s' has no database '%s'"), g->id,
			    e->name);
			problems++;
		} else if (gd->engine != NULL &&
		    db_engine_from_name(gd->engine) != e->set.engine &&
		    !(db_engine_from_name(gd->engine) == DB_MYSQL &&
		    e->set.engine == DB_MARIADB)) {
			diags_add(d, a->path, e->line, e->col,
			    _("database '%s' is %s in guide '%s', not %s"),
			    e->name, gd->engine, g->id,
			    db_engine_name(e->set.engine));
			problems++;
		}
	}
	return problems;
}

static void
answers_entries_free(struct answers_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

void
answers_free(struct answers *a)
{
	if (a == NULL)
		return;
	free(a->path);
	free(a->guide);
	answers_entries_free(a->vars, a->nvars);
	answers_entries_free(a->answers, a->nanswers);
	answers_entries_free(a->acks, a->nacks);
	answers_entries_free(a->nas, a->nnas);
	answers_entries_free(a->waivers, a->nwaivers);
	answers_entries_free(a->retries, a->nretries);
	answers_entries_free(a->reports, a->nreports);
	for (size_t i = 0; i < a->ndbs; i++) {
		free(a->dbs[i].name);
		db_settings_clear(&a->dbs[i].set);
	}
	free(a->dbs);
	free(a);
}

static const struct answers_entry *
answers_find(const struct answers_entry *v, size_t n, const char *key)
{
	size_t i;

	for (i = n; i > 0; i--) {
		if (strcmp(v[i - 1].key, key) == 0)
			return &v[i - 1];
	}
	return NULL;
}

const struct answers_entry *
answers_var(const struct answers *a, const char *k)
{
	return a == NULL ? NULL : answers_find(a->vars, a->nvars, k);
}

const struct answers_entry *
answers_answer(const struct answers *a, const char *k)
{
	return a == NULL ? NULL : answers_find(a->answers, a->nanswers, k);
}

const struct answers_entry *
answers_ack(const struct answers *a, const char *k)
{
	return a == NULL ? NULL : answers_find(a->acks, a->nacks, k);
}

const struct answers_entry *
answers_na(const struct answers *a, const char *k)
{
	return a == NULL ? NULL : answers_find(a->nas, a->nnas, k);
}

const struct answers_entry *
answers_waiver(const struct answers *a, const char *k)
{
	return a == NULL ? NULL : answers_find(a->waivers, a->nwaivers, k);
}

const struct answers_entry *
answers_retry(const struct answers *a, const char *k)
{
	return a == NULL ? NULL : answers_find(a->retries, a->nretries, k);
}

const struct answers_entry *
answers_report(const struct answers *a, const char *k)
{
	return a == NULL ? NULL : answers_find(a->reports, a->nreports, k);
}

const struct answers_db *
answers_db(const struct answers *a, const char *name)
{
	size_t i;

	for (i = 0; a != NULL && i < a->ndbs; i++) {
		if (strcmp(a->dbs[i].name, name) == 0)
			return &a->dbs[i];
	}
	return NULL;
}
