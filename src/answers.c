/* answers.c: the answers file: variables, answers, acknowledgements,
 * not-applicable marks and waivers, as a person would have typed them. */
#include "config.h"

#include "answers.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
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

struct answers *
answers_load(const char *path, struct diags *d)
{
	struct answers *a;
	struct ynode *root;
	char *cause = NULL, *text;
	size_t i, len, before = d->n;

	text = util_read_file(path, &len, &cause);
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
		    _("an answers file must be a mapping (guide, variables, answers, acknowledge, not_applicable, waive, retry)"));
		goto out;
	}
	for (i = 0; i < root->n; i++) {
		const char *k = root->keys[i]->value;
		const struct ynode *v = root->items[i];

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
		else
			diags_add(d, path, root->keys[i]->line,
			    root->keys[i]->col,
			    _("unknown key '%s' in an answers file (known: guide, variables, answers, acknowledge, not_applicable, waive, retry)"),
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
