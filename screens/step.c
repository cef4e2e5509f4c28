/* step.c: the step screen: one step of the guide with its title, ref and
 * text, and by kind what can be done with it: run a check, preview and run
 * an action (its output live in a pane, cancellable), acknowledge a manual
 * step or mark it not applicable, answer a question, waive a failed check.
 * ] and [ move to the next and previous step of the whole guide. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "checklist.h"
#include "cmd.h"
#include "engine.h"
#include "i18n.h"
#include "kind.h"
#include "session.h"
#include "subst.h"
#include "text.h"
#include "training.h"
#include "tui.h"
#include "ui.h"
#include "util.h"
#include "xmalloc.h"

/* Output lines of the last run shown under its result. */
#define STEP_OUTPUT_SHOWN 10

/* One row of the body, built for the width at each draw. */
struct step_row {
	char	*text;
	int	 attr;
	int	 x;		/* indent, in columns */
};

struct step_rows {
	struct step_row	*v;
	size_t		 n;
	size_t		 status;	/* the first row of the result */
};

struct step_data {
	struct tui		*t;
	const struct step	*step;
	size_t			 top;		/* first body row shown */
	size_t			 nrows;		/* rows at the last draw */
	int			 height;	/* rows of the scrolled area */
	int			 show_status;	/* scroll to the result next draw */
	int			 running;	/* a command of this step runs */
	const struct step	*out_step;	/* whose output t->out holds */
};

static const struct screen_type step_type;
static const struct screen_type step_running_type;

static void
step_rows_add(struct step_rows *r, int x, int attr, char *text)
{
	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	r->v[r->n].text = text;
	r->v[r->n].attr = attr;
	r->v[r->n].x = x;
	r->n++;
}

static void
step_rows_free(struct step_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static void
step_blank(struct step_rows *r)
{
	if (r->n > 0 && r->v[r->n - 1].text[0] != '\0')
		step_rows_add(r, 0, 0, xstrdup(""));
}

/* Text wrapped to the width, from column x. */
static void
step_wrap(struct step_rows *r, const char *text, int x, int width, int attr)
{
	struct ui_lines l = { NULL, 0 };
	size_t i;

	if (text == NULL || *text == '\0')
		return;
	if (width - x < 10)
		x = 0;
	ui_wrap(&l, text, width - x);
	for (i = 0; i < l.n; i++)
		step_rows_add(r, x, attr, xstrdup(l.v[i]));
	ui_lines_free(&l);
}

/* Text wrapped after a label: "Label: text", the rest of the lines under
 * the text. The label is already translated and holds its ": ". */
static void
step_labelled(struct step_rows *r, const char *label, const char *text,
    int width, int attr)
{
	char *joined;

	if (text == NULL || *text == '\0')
		return;
	joined = xprintf("%s%s", label, text);
	step_wrap(r, joined, 0, width, attr);
	free(joined);
}

/* The stage and step numbers of a step, from 1. */
static void
step_numbers(const struct step *s, size_t *stage, size_t *step)
{
	size_t i;

	*stage = s->stage->index + 1;
	*step = 0;
	for (i = 0; i < s->stage->nsteps; i++) {
		if (s->stage->steps[i] == s) {
			*step = i + 1;
			break;
		}
	}
}

/* A `when:` as "question = value, other = a | b": the checklist's own
 * words, nothing to translate. The caller frees it. */
static char *
step_when_text(const struct step *s)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < s->nwhen; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_printf(&b, "%s = ", s->when[i].question);
		for (j = 0; j < s->when[i].nvalues; j++) {
			if (j > 0)
				buf_adds(&b, " | ");
			buf_adds(&b, s->when[i].values[j]);
		}
	}
	return buf_steal(&b);
}

static const char *
step_lookup(void *arg, const char *name)
{
	return engine_value(arg, name);
}

/* A checklist text with its placeholders filled in; as it is written when
 * one has no value yet (the ${NAME} then says what is missing). The caller
 * frees it. */
static char *
step_expand(struct tui *t, const char *text)
{
	char *s, *cause = NULL;

	if (text == NULL)
		return NULL;
	if ((s = subst_expand(text, step_lookup, &t->e, &cause)) == NULL) {
		free(cause);
		s = xstrdup(text);
	}
	return s;
}

static const struct step_state *
step_state(struct tui *t, const struct step *s)
{
	return t->s != NULL ? session_step(t->s, s->id) : NULL;
}

/* "Status: [tag]" in the status's colour; marks where the result starts. */
static void
step_status_row(struct tui *t, struct step_rows *r, enum status st)
{
	step_blank(r);
	r->status = r->n;
	step_rows_add(r, 0, ui_attr(t, ui_status_color(st)) | A_BOLD,
	    xprintf(_("Status: %s"), cmd_status_tag(st)));
}

/* When and by whom, and how long it took. */
static void
step_when_by(struct tui *t, struct step_rows *r, const struct step_state *st,
    int width)
{
	char *text, *took;

	if (st->at == NULL)
		return;
	if (st->duration_ms > 0) {
		took = util_duration_text(st->duration_ms);
		text = xprintf(_("At %s by %s; it took %s."), st->at,
		    st->by != NULL ? st->by : "?", took);
		free(took);
	} else
		text = xprintf(_("At %s by %s."), st->at,
		    st->by != NULL ? st->by : "?");
	step_wrap(r, text, 0, width, ui_attr(t, UI_DIM));
	free(text);
}

static void
step_check_rows(struct tui *t, struct step_rows *r, const struct step *s,
    int width)
{
	const struct step_state *st = step_state(t, s);
	char *text;

	if (s->severity == SEVERITY_BLOCKER)
		step_wrap(r, _("A blocker: the stage cannot be completed while this check fails, unless it is waived."),
		    0, width, ui_attr(t, UI_DIM));
	else
		step_wrap(r, _("A warning: a failure is reported and does not keep the stage from being completed."),
		    0, width, ui_attr(t, UI_DIM));
	if (st == NULL || st->status == STATUS_PENDING) {
		step_status_row(t, r, STATUS_PENDING);
		step_wrap(r, _("Not run yet: press r to run it (it only looks, it changes nothing)."),
		    0, width, 0);
		return;
	}
	step_status_row(t, r, st->status);
	step_labelled(r, _("Evidence: "), st->evidence, width, 0);
	step_labelled(r, _("Reason: "), st->reason, width,
	    ui_attr(t, UI_FAILED));
	step_when_by(t, r, st, width);
	if (st->drift) {
		text = xprintf(_("Drift: it passed before and did not pass when the session was resumed: %s"),
		    st->drift_evidence != NULL ? st->drift_evidence : "");
		step_wrap(r, text, 0, width, ui_attr(t, UI_WARNING));
		free(text);
	}
	if (st->waived) {
		text = xprintf(_("Waived by %s at %s: %s"),
		    st->waived_by != NULL ? st->waived_by : "?",
		    st->waived_at != NULL ? st->waived_at : "?",
		    st->waive_reason != NULL ? st->waive_reason : "");
		step_wrap(r, text, 0, width, ui_attr(t, UI_WARNING));
		free(text);
	} else if (st->status == STATUS_FAIL || st->status == STATUS_ERROR) {
		step_blank(r);
		step_wrap(r, _("Fix what it found and press r to run it again, or press w to waive it with a reason."),
		    0, width, 0);
	}
}

/* Line i of the output (0 the oldest held) and its colour. */
static const char *
step_out_line(struct tui *t, size_t i, int *attr)
{
	const char *line;
	int stream;

	line = tui_output_line(&t->out, i, &stream);
	*attr = stream == 2 ? ui_attr(t, UI_WARNING) : 0;
	return line;
}

/* The last lines of the last run's output, when it was this step's. */
static void
step_output_rows(struct tui *t, struct step_rows *r, struct step_data *d,
    const struct step *s)
{
	const struct tui_output *o = &t->out;
	const char *line;
	size_t i, from;
	int attr;

	if (d->out_step != s || o->n == 0)
		return;
	from = o->n > STEP_OUTPUT_SHOWN ? o->n - STEP_OUTPUT_SHOWN : 0;
	step_blank(r);
	step_rows_add(r, 0, A_BOLD, xprintf(P_("Output (the last line):",
	    "Output (the last %zu lines):", o->n - from), o->n - from));
	for (i = from; i < o->n; i++) {
		line = step_out_line(t, i, &attr);
		step_rows_add(r, 2, attr, xstrdup(line));
	}
}

static void
step_action_rows(struct tui *t, struct step_rows *r, struct step_data *d,
    const struct step *s, int width)
{
	const struct step_state *st = step_state(t, s);
	char *text;

	if (st == NULL || st->status == STATUS_PENDING) {
		step_status_row(t, r, STATUS_PENDING);
		step_wrap(r, _("Not run yet: press r to see exactly what it will do, then confirm to run it."),
		    0, width, 0);
		return;
	}
	if (st->status == STATUS_INTERRUPTED || st->status == STATUS_RUNNING) {
		step_status_row(t, r, STATUS_INTERRUPTED);
		text = xprintf(_("This action was interrupted while it ran. Log: %s"),
		    st->log != NULL ? st->log : _("none"));
		step_wrap(r, text, 0, width, ui_attr(t, UI_WARNING));
		free(text);
		step_when_by(t, r, st, width);
		if (engine_group_alive(st)) {
			text = xprintf(_("Its command (process group %ld) is still running: wait for it to end, or stop it with 'kill -TERM -%ld'."),
			    st->pgid, st->pgid);
			step_wrap(r, text, 0, width, ui_attr(t, UI_FAILED));
			free(text);
		} else {
			step_blank(r);
			step_wrap(r, _("Look at what it did (the log), then press r to run it again: you are asked why."),
			    0, width, 0);
		}
		step_output_rows(t, r, d, s);
		return;
	}
	step_status_row(t, r, st->status);
	step_labelled(r, _("Result: "), st->evidence, width, 0);
	step_labelled(r, _("Reason: "), st->reason, width,
	    ui_attr(t, UI_FAILED));
	step_when_by(t, r, st, width);
	/* The evidence says what was backed up; a log only if it wrote one. */
	if (st->log != NULL && access(st->log, F_OK) == 0)
		step_labelled(r, _("Log: "), st->log, width,
		    ui_attr(t, UI_DIM));
	step_output_rows(t, r, d, s);
}

static void
step_manual_rows(struct tui *t, struct step_rows *r, const struct step *s,
    int width)
{
	const struct step_state *st = step_state(t, s);
	struct ui_lines l = { NULL, 0 };
	char *text, *num;
	size_t i, j;
	int x;

	if (s->url != NULL) {
		step_blank(r);
		text = step_expand(t, s->url);
		step_labelled(r, _("Console: "), text, width, A_BOLD);
		free(text);
	}
	if (s->nsubsteps > 0)
		step_blank(r);
	for (i = 0; i < s->nsubsteps; i++) {
		num = xprintf("%2zu. ", i + 1);
		x = text_width(num);
		text = step_expand(t, s->substeps[i]);
		ui_wrap(&l, text, width - x > 10 ? width - x : 10);
		free(text);
		for (j = 0; j < l.n; j++) {
			step_rows_add(r, j == 0 ? 0 : x, 0, j == 0 ?
			    xprintf("%s%s", num, l.v[j]) : xstrdup(l.v[j]));
		}
		ui_lines_free(&l);
		free(num);
	}
	if (st == NULL || (st->status != STATUS_ACKNOWLEDGED &&
	    st->status != STATUS_NOT_APPLICABLE)) {
		step_status_row(t, r, STATUS_PENDING);
		step_wrap(r, _("Do it by hand, then press a to acknowledge it (with a note if you like), or n if it does not apply here (with the reason)."),
		    0, width, 0);
		return;
	}
	step_status_row(t, r, st->status);
	if (st->status == STATUS_ACKNOWLEDGED)
		step_labelled(r, _("Note: "), st->note, width, 0);
	else
		step_labelled(r, _("Reason: "), st->reason, width, 0);
	if (st->at != NULL) {
		text = xprintf(_("At %s by %s."), st->at,
		    st->by != NULL ? st->by : "?");
		step_wrap(r, text, 0, width, ui_attr(t, UI_DIM));
		free(text);
	}
}

static void
step_question_rows(struct tui *t, struct step_rows *r, const struct step *s,
    int width)
{
	const char *v = engine_value(&t->e, s->id);
	struct buf b = BUF_INIT;
	char *text;
	size_t i;

	for (i = 0; i < s->nchoices; i++) {
		if (i > 0)
			/* TRANSLATORS: between the items of a list of
			 * choices or files: "a, b, c". */
			buf_adds(&b, _(", "));
		buf_adds(&b, s->choices[i]);
	}
	step_blank(r);
	step_labelled(r, _("Choices: "), buf_str(&b), width, 0);
	buf_free(&b);
	if (v == NULL) {
		step_status_row(t, r, STATUS_PENDING);
		step_wrap(r, _("Press Enter to answer it."), 0, width, 0);
		return;
	}
	step_status_row(t, r, STATUS_ANSWERED);
	text = xprintf(_("Answer: %s"), v);
	step_wrap(r, text, 0, width, A_BOLD);
	free(text);
	step_wrap(r, _("Press Enter to change the answer; the steps that depend on it follow."),
	    0, width, ui_attr(t, UI_DIM));
}

/* The body of the step: everything but the header row. */
static void
step_build(struct tui *t, struct step_data *d, struct step_rows *r,
    int width)
{
	const struct step *s = d->step;
	const char *question = NULL, *qtext = NULL;
	char **choices, *text, *when;
	size_t nchoices;
	int w;

	r->status = 0;
	text = step_expand(t, s->title);
	step_wrap(r, text, 0, width, A_BOLD);
	free(text);
	text = xprintf(_("Ref: %s"), s->ref != NULL ? s->ref : "");
	step_wrap(r, text, 0, width, ui_attr(t, UI_DIM));
	free(text);
	if (s->text != NULL) {
		step_blank(r);
		text = step_expand(t, s->text);
		step_wrap(r, text, 0, width, 0);
		free(text);
	}
	if (s->why != NULL && t->opts->training) {
		/* Training: what the step protects against, first. */
		step_blank(r);
		step_wrap(r, _("Why this step matters:"), 0, width,
		    ui_attr(t, UI_TRAINING) | A_BOLD);
		text = step_expand(t, s->why);
		step_wrap(r, text, 2, width - 2, A_BOLD);
		free(text);
	} else if (s->why != NULL) {
		step_blank(r);
		text = step_expand(t, s->why);
		step_labelled(r, _("Why: "), text, width, 0);
		free(text);
	}
	if (t->training != NULL && t->s != NULL &&
	    t->s->training_fault != NULL) {
		const struct training_fault *f = training_fault(t->training,
		    t->s->training_fault);

		if (f != NULL && f->step != NULL &&
		    strcmp(f->step, s->id) == 0) {
			step_blank(r);
			text = xprintf(_("Training fault injected here: %s. %s"),
			    f->title, f->text);
			step_wrap(r, text, 0, width, ui_attr(t, UI_WARNING));
			free(text);
		}
	}

	w = engine_when(&t->e, s, &question);
	if (w == 0) {
		when = step_when_text(s);
		text = xprintf(_("Skipped: its condition does not hold (when: %s)."),
		    when);
		step_status_row(t, r, STATUS_SKIPPED);
		step_wrap(r, text, 0, width, ui_attr(t, UI_DIM));
		free(text);
		free(when);
		return;
	}
	if (w == -1) {
		if (checklist_question(t->g, question, &choices, &nchoices,
		    &qtext) == -1 || qtext == NULL)
			qtext = "";
		text = xprintf(_("This step depends on question '%s' (%s), which has no answer yet: answer that question first."),
		    question, qtext);
		step_status_row(t, r, STATUS_PENDING);
		step_wrap(r, text, 0, width, ui_attr(t, UI_WARNING));
		free(text);
		return;
	}

	switch (s->kind) {
	case STEP_CHECK:
		step_blank(r);
		step_check_rows(t, r, s, width);
		break;
	case STEP_ACTION:
		step_action_rows(t, r, d, s, width);
		break;
	case STEP_MANUAL:
		step_manual_rows(t, r, s, width);
		break;
	case STEP_QUESTION:
		step_question_rows(t, r, s, width);
		break;
	case STEP_INFO:
		break;
	}
	if (t->s != NULL && t->s->training && step_state(t, s) != NULL &&
	    step_state(t, s)->status == STATUS_NOT_RUN) {
		step_blank(r);
		step_wrap(r, _("Training: no database is configured for this step, so it was shown and not run. It does not block its stage, and it does not count as passed: give a training database on the setup screen (s) and run it again (r) to practise it for real."),
		    0, width, ui_attr(t, UI_WARNING));
	}
}

/* Row 1: "1.2  check  old-home", and where the view is when it scrolls. */
static void
step_draw_header(struct tui *t, struct step_data *d, size_t n)
{
	size_t stage, step;
	char *head, *where = NULL;
	int used;

	step_numbers(d->step, &stage, &step);
	head = xprintf("%zu.%zu  %s  %s", stage, step,
	    cmd_kind_label(d->step->kind), d->step->id);
	if (n > (size_t)d->height && !d->running) {
		where = xprintf(_("rows %zu-%zu of %zu"), d->top + 1,
		    d->top + (size_t)d->height < n ?
		    d->top + (size_t)d->height : n, n);
	}
	used = ui_text(t, 1, 1, t->cols - 2, head, ui_attr(t, UI_NORMAL) |
	    A_BOLD, 0);
	if (where != NULL && used + 2 + text_width(where) <= t->cols - 2) {
		ui_text(t, 1, t->cols - 1 - text_width(where),
		    text_width(where), where, ui_attr(t, UI_DIM), 0);
	}
	free(where);
	free(head);
}

/* While a command runs: the title, the elapsed time and the last lines of
 * its output that fit. */
static void
step_draw_running(struct tui *t, struct step_data *d)
{
	const struct tui_output *o = &t->out;
	int y, bottom = t->rows - 2, nshow, attr;
	size_t i, from;
	char *took, *text;
	const char *line;

	/* A question asked meanwhile takes the bottom of the pane: the
	 * newest lines stay in sight above it. */
	if (t->ask != TUI_ASK_NONE)
		bottom -= UI_ASK_ROWS;

	text = step_expand(t, d->step->title);
	ui_text(t, 2, 1, t->cols - 2, text, A_BOLD, 1);
	free(text);
	took = util_duration_text(util_now_ms() - o->started_ms);
	if (t->cancel)
		text = xprintf(_("Running for %s; stopping it..."), took);
	else
		text = xprintf(_("Running for %s; x stops it"), took);
	ui_text(t, 3, 1, t->cols - 2, text, ui_attr(t, UI_PENDING) | A_BOLD,
	    1);
	free(text);
	free(took);
	ui_hline(t, 4, 0, t->cols);
	y = 5;
	nshow = bottom - y + 1;
	if (nshow <= 0)
		return;
	from = o->n > (size_t)nshow ? o->n - (size_t)nshow : 0;
	for (i = from; i < o->n && y <= bottom; i++, y++) {
		line = step_out_line(t, i, &attr);
		ui_text(t, y, 1, t->cols - 2, line, attr, 1);
	}
}

static void
step_draw(struct tui *t, struct screen *scr)
{
	struct step_data *d = scr->data;
	struct step_rows r = { NULL, 0, 0 };
	size_t i, max;
	int y, width = t->cols - 2;

	d->height = t->rows - 3;	/* rows 2 .. rows - 2 */
	if (d->height < 1)
		d->height = 1;
	if (d->running) {
		step_draw_header(t, d, 0);
		step_draw_running(t, d);
		return;
	}
	step_build(t, d, &r, width);
	d->nrows = r.n;
	max = r.n > (size_t)d->height ? r.n - (size_t)d->height : 0;
	if (d->show_status) {
		/* Bring the result into view after it changed. */
		if (r.status >= d->top + (size_t)d->height || r.status < d->top)
			d->top = r.status;
		d->show_status = 0;
	}
	if (d->top > max)
		d->top = max;
	step_draw_header(t, d, r.n);
	y = 2;
	for (i = d->top; i < r.n && y <= t->rows - 2; i++, y++) {
		ui_text(t, y, 1 + r.v[i].x, width - r.v[i].x, r.v[i].text,
		    r.v[i].attr, 0);
	}
	step_rows_free(&r);
}

/* Run the step with the live pane; its result is in the session after. */
static void
step_run(struct tui *t, struct screen *scr)
{
	struct step_data *d = scr->data;
	const struct step *s = d->step;
	struct engine_ops saved = t->e.ops;
	struct result res;
	char *cause = NULL;

	/* Cleared first, then the flags looked at: a signal after the look
	 * sets them again itself (loop.c). */
	t->cancel = 0;
	t->e.cancel_is_interrupt = 0;
	t->ask = TUI_ASK_NONE;
	if (t->terminate || t->quit) {
		tui_stop_command(t, 1);
		return;
	}
	tui_output_clear(&t->out);
	t->out.started_ms = util_now_ms();
	t->out.step = s;
	tui_command_ops(t);
	d->running = 1;
	d->out_step = s;
	scr->type = &step_running_type;
	tui_draw(t);

	if (engine_run_step(&t->e, s, &res, &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
	}
	result_clear(&res);

	scr->type = &step_type;
	d->running = 0;
	d->show_status = 1;
	t->out.step = NULL;
	t->e.ops = saved;
	/* A question left open is moot now; asked to leave, the loop asks
	 * again, without the command. */
	if (t->ask == TUI_ASK_LEAVE || t->ask == TUI_ASK_QUIT)
		t->interrupt = 1;
	t->ask = TUI_ASK_NONE;
	if (!t->terminate && !t->quit) {
		t->cancel = 0;
		t->e.cancel_is_interrupt = 0;
	}
}

/* Can something be done with the step now? Says why not on the message
 * line. */
static int
step_can_act(struct tui *t, const struct step *s)
{
	const char *question = NULL;

	switch (engine_when(&t->e, s, &question)) {
	case 0:
		tui_message(t, 1, "%s",
		    _("This step is skipped: its condition does not hold."));
		return 0;
	case -1:
		tui_message(t, 1, _("Answer question '%s' first."), question);
		return 0;
	}
	if (t->s == NULL) {
		tui_message(t, 1, "%s", _("There is no session to record it in."));
		return 0;
	}
	return 1;
}

/* Show the preview of an action and ask; 1 when it is to run. */
static int
step_confirm_action(struct tui *t, const struct step *s, const char *before)
{
	struct ui_lines l = { NULL, 0 };
	char *preview, *cause = NULL, *text, *title;
	size_t len;
	int yes, fits, width;

	preview = engine_describe(&t->e, s, &cause);
	if (preview == NULL) {
		tui_message(t, 1, _("Step '%s' cannot run: %s"), s->id, cause);
		free(cause);
		return 0;
	}
	/* The preview's own last newline would make a second blank line. */
	len = strlen(preview);
	while (len > 0 && preview[len - 1] == '\n')
		preview[--len] = '\0';
	if (before != NULL)
		text = xprintf("%s\n\n%s\n\n%s", before, preview,
		    _("Run this action?"));
	else
		text = xprintf("%s\n\n%s", preview, _("Run this action?"));
	/* As ui_confirm_exact lays it out: a box of at most 72 columns,
	 * the lines as they are. */
	width = t->cols - 4 > 72 ? 72 : t->cols - 4;
	ui_wrap_exact(&l, text, width - 4);
	fits = l.n <= (size_t)(t->rows - 7);
	ui_lines_free(&l);
	title = step_expand(t, s->title);
	if (fits)
		yes = ui_confirm_exact(t, title, text);
	else {
		/* Too long for a box: read it whole first, then answer. */
		ui_pager(t, title, preview);
		yes = ui_confirm(t, title, _("Run this action?"));
	}
	free(title);
	free(text);
	free(preview);
	return yes;
}

static int
step_key_run(struct tui *t, struct screen *scr)
{
	struct step_data *d = scr->data;
	const struct step *s = d->step;
	const struct step_state *st;
	char *reason, *cause = NULL;

	if (s->kind != STEP_CHECK && s->kind != STEP_ACTION) {
		tui_message(t, 1, "%s", _("This step has nothing to run."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (!step_can_act(t, s))
		return SCR_HANDLED | SCR_REDRAW;
	if (s->kind == STEP_CHECK) {
		step_run(t, scr);
		return SCR_HANDLED | SCR_REDRAW;
	}

	st = step_state(t, s);
	if (st != NULL && (st->status == STATUS_INTERRUPTED ||
	    st->status == STATUS_RUNNING)) {
		if (engine_group_alive(st)) {
			tui_message(t, 1, _("The command of step '%s' (process group %ld) is still running: wait for it to end, or stop it with 'kill -TERM -%ld'."),
			    s->id, st->pgid, st->pgid);
			return SCR_HANDLED | SCR_REDRAW;
		}
		reason = ui_input(t, _("Run it again"),
		    _("This action was interrupted. Why is it safe to run it again? (required)"),
		    NULL, 1);
		if (reason == NULL)
			return SCR_HANDLED | SCR_REDRAW;
		if (!step_confirm_action(t, s, NULL)) {
			free(reason);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (engine_retry(&t->e, s, reason, "prompt", &cause) == -1) {
			tui_message(t, 1, "%s", cause);
			free(cause);
			free(reason);
			return SCR_HANDLED | SCR_REDRAW;
		}
		free(reason);
	} else if (!step_confirm_action(t, s, st != NULL &&
	    st->status == STATUS_DONE ?
	    _("This action has run before and is done.") : NULL))
		return SCR_HANDLED | SCR_REDRAW;
	step_run(t, scr);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
step_key_answer(struct tui *t, struct step_data *d)
{
	const struct step *s = d->step;
	char *title, *prompt;

	if (!step_can_act(t, s))
		return SCR_HANDLED | SCR_REDRAW;
	title = step_expand(t, s->title);
	prompt = step_expand(t, s->text != NULL ? s->text : s->title);
	if (tui_answer(t, s->id, title, prompt, s->choices, s->nchoices,
	    s->default_value))
		d->show_status = 1;
	free(prompt);
	free(title);
	return SCR_HANDLED | SCR_REDRAW;
}

/* p: the outcome of a query the operator ran elsewhere (Oracle, SQL
 * Server), with what it returned. */
static int
step_key_report(struct tui *t, struct step_data *d)
{
	static const char *outcomes[2];
	const struct step *s = d->step;
	const struct step_state *st = step_state(t, s);
	char *text, *cause = NULL;
	int pick;

	if (!step_can_act(t, s))
		return SCR_HANDLED | SCR_REDRAW;
	if (st == NULL || (st->status != STATUS_PENDING && !st->reported)) {
		tui_message(t, 1, "%s", _("Only a step whose query is run "
		    "elsewhere is reported: run it first (r) to see the "
		    "query."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	outcomes[0] = s->kind == STEP_CHECK ? _("It passes") :
	    _("It ran without error");
	outcomes[1] = s->kind == STEP_CHECK ? _("It fails") : _("It failed");
	pick = ui_choose(t, _("Report"), st->evidence != NULL ? st->evidence :
	    s->title, (char *const *)outcomes, 2, 0);
	if (pick < 0)
		return SCR_HANDLED | SCR_REDRAW;
	text = ui_input(t, _("Report"), _("What the query returned, and who "
	    "ran it (required):"), NULL, 1);
	if (text == NULL)
		return SCR_HANDLED | SCR_REDRAW;
	if (engine_report(&t->e, s, pick == 0, text, "prompt", &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
	} else
		d->show_status = 1;
	free(text);
	return SCR_HANDLED | SCR_REDRAW;
}

/* a, n and w: a decision with a note or a reason typed in. */
static int
step_key_decide(struct tui *t, struct step_data *d, enum key_action act)
{
	const struct step *s = d->step;
	const struct step_state *st;
	char *text, *cause = NULL;
	int rc;

	if (act == KEY_ACT_WAIVE) {
		st = step_state(t, s);
		if (s->kind != STEP_CHECK || st == NULL ||
		    (st->status != STATUS_FAIL && st->status != STATUS_ERROR)) {
			tui_message(t, 1, "%s",
			    _("Only a failed check can be waived."));
			return SCR_HANDLED | SCR_REDRAW;
		}
	} else if (s->kind != STEP_MANUAL) {
		tui_message(t, 1, "%s", act == KEY_ACT_ACK ?
		    _("Only a manual step is acknowledged.") :
		    _("Only a manual step is marked not applicable."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (!step_can_act(t, s))
		return SCR_HANDLED | SCR_REDRAW;

	switch (act) {
	case KEY_ACT_ACK:
		text = ui_input(t, _("Acknowledge"), _("Note (optional):"),
		    NULL, 0);
		if (text == NULL)
			return SCR_HANDLED | SCR_REDRAW;
		rc = engine_ack(&t->e, s, *text != '\0' ? text : NULL,
		    "prompt", &cause);
		break;
	case KEY_ACT_NA:
		text = ui_input(t, _("Not applicable"),
		    _("Why does it not apply? (required)"), NULL, 1);
		if (text == NULL)
			return SCR_HANDLED | SCR_REDRAW;
		rc = engine_not_applicable(&t->e, s, text, "prompt", &cause);
		break;
	default:
		text = ui_input(t, _("Waive the check"),
		    _("Why may the upgrade go on without it? (required)"),
		    NULL, 1);
		if (text == NULL)
			return SCR_HANDLED | SCR_REDRAW;
		rc = engine_waive(&t->e, s, text, "prompt", &cause);
		break;
	}
	free(text);
	if (rc == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
	} else
		d->show_status = 1;
	return SCR_HANDLED | SCR_REDRAW;
}

/* ] and [: the next or previous step of the whole guide. */
static int
step_key_move(struct tui *t, struct step_data *d, int forward)
{
	size_t i = d->step->index;

	if (forward && i + 1 >= t->g->nsteps) {
		tui_message(t, 0, "%s", _("This is the last step."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (!forward && i == 0) {
		tui_message(t, 0, "%s", _("This is the first step."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	d->step = t->g->steps[forward ? i + 1 : i - 1];
	d->top = 0;
	return SCR_HANDLED | SCR_REDRAW;
}

static int
step_key_scroll(struct step_data *d, enum key_action act)
{
	size_t old = d->top;

	ui_view_key(&d->top, d->nrows, (size_t)d->height, act);
	return d->top != old ? SCR_HANDLED | SCR_REDRAW : SCR_HANDLED;
}

static int
step_key(struct tui *t, struct screen *scr, enum key_action act, int ch)
{
	struct step_data *d = scr->data;

	(void)ch;
	if (d->running) {
		/* The screen stays while it runs; x is the loop's. */
		return SCR_HANDLED;
	}
	switch (act) {
	case KEY_ACT_UP:
	case KEY_ACT_DOWN:
	case KEY_ACT_PGUP:
	case KEY_ACT_PGDN:
	case KEY_ACT_HOME:
	case KEY_ACT_END:
		return step_key_scroll(d, act);
	case KEY_ACT_RUN:
		if (d->step->kind == STEP_QUESTION)
			return step_key_answer(t, d);
		return step_key_run(t, scr);
	case KEY_ACT_ENTER:
		if (d->step->kind == STEP_QUESTION)
			return step_key_answer(t, d);
		return SCR_HANDLED;
	case KEY_ACT_ACK:
	case KEY_ACT_NA:
	case KEY_ACT_WAIVE:
		return step_key_decide(t, d, act);
	case KEY_ACT_REPORT:
		return step_key_report(t, d);
	case KEY_ACT_NEXT_STEP:
		return step_key_move(t, d, 1);
	case KEY_ACT_PREV_STEP:
		return step_key_move(t, d, 0);
	case KEY_ACT_COMPLETE:
		tui_complete_stage(t, d->step->stage);
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return 0;
	}
}

static const char *
step_hints(struct tui *t, struct screen *scr)
{
	struct step_data *d = scr->data;
	const struct step *s = d->step;
	const struct step_state *st;

	if (d->running)
		return _("x stop the command");
	if (engine_when(&t->e, s, NULL) != 1)
		return _("] next  [ previous  Esc back  ? help");
	st = step_state(t, s);
	switch (s->kind) {
	case STEP_CHECK:
		if (st != NULL && (st->status == STATUS_PENDING ||
		    st->reported))
			return _("p report the outcome  r run  ] next  [ previous  Esc back");
		if (st != NULL && !st->waived && (st->status == STATUS_FAIL ||
		    st->status == STATUS_ERROR))
			return _("r run again  w waive  ] next  [ previous  Esc back");
		return _("r run  ] next  [ previous  Esc back  ? help");
	case STEP_ACTION:
		if (st != NULL && (st->status == STATUS_INTERRUPTED ||
		    st->status == STATUS_RUNNING))
			return _("r run again  ] next  [ previous  Esc back  ? help");
		return _("r preview and run  ] next  [ previous  Esc back");
	case STEP_MANUAL:
		return _("a acknowledge  n not applicable  ] next  [ previous  Esc back");
	case STEP_QUESTION:
		return _("Enter answer  ] next  [ previous  Esc back  ? help");
	case STEP_INFO:
		break;
	}
	return _("] next  [ previous  Esc back  ? help");
}

static void
step_free(struct screen *scr)
{
	struct step_data *d = scr->data;

	/* The output belongs to this screen's runs. */
	if (d->out_step != NULL)
		tui_output_clear(&d->t->out);
	free(d);
	free(scr);
}

static const struct screen_type step_type = {
	.name = "step",
	.keymask = KEYS_STEP,
	.draw = step_draw,
	.key = step_key,
	.hints = step_hints,
	.free = step_free,
};

/* The same screen while its command runs: only the running keys apply. */
static const struct screen_type step_running_type = {
	.name = "step",
	.keymask = KEYS_RUNNING,
	.draw = step_draw,
	.key = step_key,
	.hints = step_hints,
	.free = step_free,
};

struct screen *
step_screen(struct tui *t, const struct step *s)
{
	struct screen *scr = xcalloc(1, sizeof *scr);
	struct step_data *d = xcalloc(1, sizeof *d);

	d->t = t;
	d->step = s;
	scr->type = &step_type;
	scr->data = d;
	return scr;
}
