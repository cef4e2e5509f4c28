/* stages.c: the stages screen: every stage of the open guide with the
 * counts of its steps, a mark on stages with failing blockers and on
 * complete ones, and the current stage (the first not complete) marked.
 * Enter opens a stage at its first unresolved step; c completes it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "engine.h"
#include "i18n.h"
#include "session.h"
#include "tui.h"
#include "ui.h"
#include "xmalloc.h"

/* Rows per stage: its title row and its counts row. */
#define STAGE_ROWS 2
/* Rows above the list: the guide's progress and a blank row. */
#define STAGE_HEAD 2

struct stages_data {
	struct ui_scroll	 sc;	/* over stages */
	int			 placed;	/* sel set on the current stage */
};

/* The first stage not recorded complete, or nstages. */
static size_t
stages_current(struct tui *t)
{
	size_t i;

	tui_progress(&t->e, NULL, NULL, &i);
	return i;
}

static int
stages_height(struct tui *t)
{
	int h = (t->rows - 2 - STAGE_HEAD) / STAGE_ROWS;

	return h > 0 ? h : 1;
}

static void
stages_draw(struct tui *t, struct screen *scr)
{
	struct stages_data *d = scr->data;
	const struct stage *st;
	struct stage_counts c;
	const char *mark;
	char *line, *steps;
	size_t i, current, resolved, total;
	int y, x, focus, attr, mattr;

	tui_progress(&t->e, &resolved, &total, &current);
	d->sc.n = t->g->nstages;
	if (!d->placed) {
		d->sc.sel = current < t->g->nstages ? current : 0;
		d->placed = 1;
	}
	ui_scroll_fix(&d->sc, stages_height(t));

	/* TRANSLATORS: the guide's progress, e.g. "1 of 17 steps resolved
	 * in 3 stages"; %1$zu resolved steps, %2$zu all steps. */
	steps = xprintf(P_("%1$zu of %2$zu step resolved",
	    "%1$zu of %2$zu steps resolved", total), resolved, total);
	/* TRANSLATORS: %1$s is "N of M steps resolved", %2$zu the stages. */
	line = xprintf(P_("%1$s in %2$zu stage", "%1$s in %2$zu stages",
	    t->g->nstages), steps, t->g->nstages);
	ui_text(t, 1, 1, t->cols - 2, line, ui_attr(t, UI_NORMAL), 0);
	free(line);
	free(steps);

	y = 1 + STAGE_HEAD;
	for (i = d->sc.top; i < t->g->nstages &&
	    y + STAGE_ROWS - 1 <= t->rows - 2; i++) {
		st = t->g->stages[i];
		focus = i == d->sc.sel;
		engine_counts(&t->e, st, &c);
		mark = NULL;
		mattr = ui_attr(t, UI_NORMAL);
		if (engine_stage_blockers(&t->e, st) > 0) {
			mark = _("[blocked]");
			mattr = ui_attr(t, UI_FAILED);
		} else if (session_stage_done(t->s, st->id)) {
			mark = _("[complete]");
			mattr = ui_attr(t, UI_OK);
		}
		/* ">" the selection, "*" the current stage. */
		attr = ui_list_row(t, y, focus, i == current ? "*" : NULL,
		    ui_attr(t, UI_NORMAL));
		line = xprintf("%zu. %s", i + 1, st->title);
		x = 2 + ui_text(t, y, 2, t->cols - 14, line, attr, 0);
		free(line);
		if (mark != NULL)
			ui_text(t, y, x + 2, t->cols - x - 3, mark, mattr, 0);
		y++;
		/* TRANSLATORS: the counts of a stage's steps; keep the
		 * numbers' order. */
		if (c.not_run > 0)
			line = xprintf(_("done %zu  failed %zu  waived %zu  ack %zu  pending %zu  skipped %zu  not run %zu"),
			    c.done, c.failed, c.waived, c.acknowledged,
			    c.pending, c.skipped, c.not_run);
		else if (c.skipped > 0)
			line = xprintf(_("done %zu  failed %zu  waived %zu  ack %zu  pending %zu  skipped %zu"),
			    c.done, c.failed, c.waived, c.acknowledged,
			    c.pending, c.skipped);
		else
			line = xprintf(_("done %zu  failed %zu  waived %zu  ack %zu  pending %zu"),
			    c.done, c.failed, c.waived, c.acknowledged,
			    c.pending);
		ui_text(t, y, 5, t->cols - 6, line, c.failed > 0 ?
		    ui_attr(t, UI_FAILED) : c.pending > 0 ?
		    ui_attr(t, UI_PENDING) : ui_attr(t, UI_OK), 0);
		free(line);
		y++;
	}
}

/* The step a stage opens at: its first unresolved step, else its first. */
static const struct step *
stages_entry_step(struct tui *t, const struct stage *st)
{
	size_t i;

	for (i = 0; i < st->nsteps; i++) {
		if (!engine_resolved(&t->e, st->steps[i]))
			return st->steps[i];
	}
	return st->steps[0];
}

static int
stages_key(struct tui *t, struct screen *scr, enum key_action act, int ch)
{
	struct stages_data *d = scr->data;
	const struct stage *st;
	struct screen *rep;

	(void)ch;
	d->sc.n = t->g->nstages;
	switch (act) {
	case KEY_ACT_UP:
	case KEY_ACT_DOWN:
	case KEY_ACT_PGUP:
	case KEY_ACT_PGDN:
	case KEY_ACT_HOME:
	case KEY_ACT_END:
		ui_scroll_key(&d->sc, act, stages_height(t));
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_ENTER:
		st = t->g->stages[d->sc.sel];
		tui_push(t, step_screen(t, stages_entry_step(t, st)));
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_COMPLETE:
		st = t->g->stages[d->sc.sel];
		if (tui_complete_stage(t, st) == -1)
			return SCR_HANDLED | SCR_REDRAW;
		/* Go on to the next stage to do. */
		if (stages_current(t) < t->g->nstages)
			d->sc.sel = stages_current(t);
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_TRAINING:
		return tui_training_menu(t);
	case KEY_ACT_PREVIEW:
		if ((rep = report_screen(t)) != NULL)
			tui_push(t, rep);
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_BACK:
		/* Back to the start screen: the session is left (saved,
		 * and unlocked for another wizard). */
		tui_close_guide(t);
		return SCR_HANDLED | SCR_BACK;
	default:
		return 0;
	}
}

static const char *
stages_hints(struct tui *t, struct screen *scr)
{
	(void)scr;
	if (t->training != NULL)
		return _("Enter open  c complete  s setup  l log  o report  T training  ? help  q quit");
	return _("Enter open  c complete  s setup  l log  o report  ? help  q quit");
}

static void
stages_free(struct screen *scr)
{
	free(scr->data);
	free(scr);
}

static const struct screen_type stages_type = {
	.name = "stages",
	.keymask = KEYS_LIST | KEYS_GUIDE,
	.draw = stages_draw,
	.key = stages_key,
	.hints = stages_hints,
	.free = stages_free,
};

struct screen *
stages_screen(struct tui *t)
{
	struct screen *scr = xcalloc(1, sizeof *scr);

	(void)t;
	scr->type = &stages_type;
	scr->data = xcalloc(1, sizeof(struct stages_data));
	return scr;
}
