/* cmd-show.c: a guide's stages and steps, with their references, as text. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checklist.h"
#include "cmd.h"
#include "i18n.h"
#include "kind.h"
#include "text.h"
#include "xmalloc.h"

#define SHOW_WIDTH 80

/* The condition as the checklist says it: "q = a | b; q2 = c". */
static void
show_when(struct buf *b, const struct step *s)
{
	size_t i, j;

	if (s->nwhen == 0)
		return;
	buf_printf(b, "        %s ", _("when:"));
	for (i = 0; i < s->nwhen; i++) {
		if (i > 0)
			buf_adds(b, "; ");
		buf_printf(b, "%s = ", s->when[i].question);
		for (j = 0; j < s->when[i].nvalues; j++) {
			if (j > 0)
				buf_adds(b, " | ");
			buf_adds(b, s->when[i].values[j]);
		}
	}
	buf_addc(b, '\n');
}

static void
show_step(struct buf *b, const struct step *s, size_t stage, size_t n)
{
	const char *what = cmd_kind_label(s->kind);
	size_t i;

	buf_printf(b, "  %zu.%zu  [%s%s%s] %s\n", stage, n, what,
	    s->type != NULL ? ": " : "", s->type != NULL ? s->type->name : "",
	    s->id);
	text_wrap(b, s->title, 8, SHOW_WIDTH);
	buf_printf(b, "        %s %s\n", _("ref:"), s->ref);
	if (s->kind == STEP_CHECK)
		text_wrap(b, s->severity == SEVERITY_BLOCKER ?
		    _("blocker: the stage cannot complete until it passes or is waived") :
		    _("warning: a failure is reported, the stage goes on"),
		    8, SHOW_WIDTH);
	show_when(b, s);
	if (s->text != NULL)
		text_wrap(b, s->text, 8, SHOW_WIDTH);
	if (s->url != NULL)
		buf_printf(b, "        %s %s\n", _("console:"), s->url);
	for (i = 0; i < s->nsubsteps; i++) {
		char *item = xprintf("%zu. %s", i + 1, s->substeps[i]);

		text_wrap(b, item, 10, SHOW_WIDTH);
		free(item);
	}
	if (s->kind == STEP_QUESTION) {
		buf_printf(b, "        %s ", _("choices:"));
		for (i = 0; i < s->nchoices; i++)
			buf_printf(b, "%s%s", i > 0 ? " / " : "", s->choices[i]);
		buf_addc(b, '\n');
	}
}

static int
cmd_show_exec(struct cmd_opts *o)
{
	struct guide *g;
	struct buf b = BUF_INIT;
	const struct stage *st;
	size_t i, j;

	g = cmd_load_guide(o, o->args[0]);
	if (g == NULL)
		return CMD_ERROR;
	buf_printf(&b, "%s: %s\n", g->id, g->title);
	buf_printf(&b, _("Source: %s\n"), g->source);
	buf_printf(&b, _("From %s to %s\n"), g->from_version, g->to_version);
	if (g->text != NULL) {
		buf_addc(&b, '\n');
		text_wrap(&b, g->text, 0, SHOW_WIDTH);
	}
	if (g->nvars > 0) {
		buf_printf(&b, "\n%s\n", _("Variables:"));
		for (i = 0; i < g->nvars; i++) {
			const struct variable *v = &g->vars[i];

			buf_printf(&b, "  %-20s %-13s %s\n", v->name,
			    checklist_var_kind_name(v->kind), v->title);
			if (v->default_value != NULL)
				buf_printf(&b, "  %-20s %-13s %s %s\n", "", "",
				    _("default:"), v->default_value);
		}
	}
	if (g->nquestions > 0) {
		buf_printf(&b, "\n%s\n", _("Questions:"));
		for (i = 0; i < g->nquestions; i++) {
			const struct question *q = &g->questions[i];

			buf_printf(&b, "  %s\n", q->id);
			text_wrap(&b, q->text, 4, SHOW_WIDTH);
		}
	}
	if (g->ndatabases > 0) {
		buf_printf(&b, "\n%s\n", _("Databases:"));
		for (i = 0; i < g->ndatabases; i++)
			buf_printf(&b, "  %-20s %s\n", g->databases[i].name,
			    g->databases[i].title != NULL ?
			    g->databases[i].title : "");
	}
	for (i = 0; i < g->nstages; i++) {
		st = g->stages[i];
		buf_addc(&b, '\n');
		buf_printf(&b, _("Stage %zu: %s [%s]\n"), i + 1, st->title, st->id);
		if (st->ref != NULL)
			buf_printf(&b, "  %s %s\n", _("ref:"), st->ref);
		if (st->text != NULL)
			text_wrap(&b, st->text, 2, SHOW_WIDTH);
		for (j = 0; j < st->nsteps; j++)
			show_step(&b, st->steps[j], i + 1, j + 1);
	}
	fputs(buf_str(&b), stdout);
	buf_free(&b);
	checklist_free(g);
	return CMD_OK;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = N_("ID"),
	.summary = N_("print a guide's stages and steps, with their references"),
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_show_exec,
};
