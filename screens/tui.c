/* tui.c: the front end's entry point, and opening and closing the guide
 * being walked. */
#include "config.h"

#include "tui.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "training.h"
#include "ui.h"
#include "util.h"
#include "xmalloc.h"

void
tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	free(t->message);
	va_start(ap, fmt);
	t->message = xvprintf(fmt, ap);
	va_end(ap);
	t->message_error = error;
}

/* Engine notes (drift, interrupted steps, stages complete) go to the
 * message line, after what is already there. */
static void
tui_note(void *arg, const char *note)
{
	struct tui *t = arg;
	char *joined;

	if (t->message != NULL && !t->message_error) {
		joined = xprintf("%s %s", t->message, note);
		free(t->message);
		t->message = joined;
	} else
		tui_message(t, 0, "%s", note);
}

int
tui_open_guide(struct tui *t, const char *id, char **cause)
{
	struct guide *g;
	struct session *s;
	struct training *tr = NULL;
	char *dir;
	int resume;

	g = cmd_guide_load(t->opts, id, cause);
	if (g == NULL)
		return -1;
	if (t->opts->training) {
		/* The sandbox and the training session, built if need be;
		 * --fault and --reset apply to the first opening only. */
		if (cmd_training_prepare(t->opts, g, 1, cause) == -1 ||
		    (tr = training_load_guide(g, cause)) == NULL) {
			checklist_free(g);
			return -1;
		}
		t->opts->fault = NULL;
		t->opts->reset = 0;
	}
	dir = cmd_session_dir(t->opts, g->id);
	resume = session_exists(dir);
	s = session_open(dir, g->id, g->path, g->hash, cause);
	free(dir);
	if (s == NULL) {
		training_free(tr);
		checklist_free(g);
		return -1;
	}
	tui_close_guide(t);
	t->g = g;
	t->s = s;
	t->training = tr;
	engine_init(&t->e, g, s, NULL);
	/* Checks run again on resume (drift) keep the screen alive too. */
	tui_command_ops(t);
	if (resume && s->guide_hash != NULL &&
	    strcmp(s->guide_hash, g->hash) != 0)
		tui_note(t, _("The checklist has changed since the session started."));
	if (resume && engine_resume(&t->e, cause) == -1) {
		tui_close_guide(t);
		return -1;
	}
	return 0;
}

void
tui_close_guide(struct tui *t)
{
	char *cause = NULL;

	if (t->s != NULL) {
		/* The journal is already on disk; the snapshot is a courtesy. */
		if (session_snapshot(t->s, &cause) == -1)
			free(cause);
		session_close(t->s);
	}
	if (t->g != NULL) {
		engine_clear(&t->e);
		checklist_free(t->g);
	}
	t->s = NULL;
	t->g = NULL;
	training_free(t->training);
	t->training = NULL;
}

int
tui_value_missing(struct tui *t, int question, size_t i)
{
	size_t k;

	if (i == (size_t)-1) {
		for (k = 0; k < t->g->nvars; k++) {
			if (tui_value_missing(t, 0, k))
				return 1;
		}
		for (k = 0; k < t->g->nquestions; k++) {
			if (tui_value_missing(t, 1, k))
				return 1;
		}
		return 0;
	}
	if (question)
		return engine_value(&t->e, t->g->questions[i].id) == NULL;
	return t->g->vars[i].required &&
	    engine_value(&t->e, t->g->vars[i].name) == NULL;
}

void
tui_progress(struct engine *e, size_t *resolved, size_t *total,
    size_t *stage)
{
	struct stage_counts c;
	size_t i;

	engine_counts(e, NULL, &c);
	if (resolved != NULL)
		*resolved = c.total - c.pending - c.failed;
	if (total != NULL)
		*total = c.total;
	if (stage == NULL)
		return;
	for (i = 0; i < e->g->nstages; i++) {
		if (e->s == NULL || !session_stage_done(e->s, e->g->stages[i]->id))
			break;
	}
	*stage = i;
}

int
tui_complete_stage(struct tui *t, const struct stage *st)
{
	char *cause = NULL;

	if (session_stage_done(t->s, st->id)) {
		tui_message(t, 0, _("Stage %s is already complete."), st->title);
		return 0;
	}
	/* The engine's note says it is complete. */
	if (engine_complete_stage(&t->e, st, &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

int
tui_answer(struct tui *t, const char *id, const char *title,
    const char *prompt, char *const *choices, size_t nchoices,
    const char *fallback)
{
	const char *current;
	char *cause = NULL;
	size_t initial = 0, i;
	int chosen;

	current = engine_value(&t->e, id);
	for (i = 0; i < nchoices; i++) {
		if ((current != NULL && strcmp(choices[i], current) == 0) ||
		    (current == NULL && fallback != NULL &&
		    strcmp(choices[i], fallback) == 0))
			initial = i;
	}
	chosen = ui_choose(t, title, prompt, choices, nchoices, initial);
	if (chosen < 0)
		return 0;
	if (current != NULL && strcmp(current, choices[chosen]) == 0)
		return 0;
	if (engine_answer(&t->e, id, choices[chosen], "prompt", &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
		return 0;
	}
	tui_message(t, 0, _("The answer to %s is %s."), id, choices[chosen]);
	return 1;
}

/* --- Running commands ---------------------------------------------------- */

/* The longest piece of an output line kept for the pane (bytes). */
#define TUI_LINE_MAX 512

void
tui_stop_command(struct tui *t, int interrupt)
{
	if (interrupt) {
		t->e.cancel_is_interrupt = 1;
		t->cancel = 1;
	} else if (t->out.step != NULL && !t->cancel) {
		t->e.cancel_is_interrupt = 0;
		t->cancel = 1;
	}
}

void
tui_output_clear(struct tui_output *o)
{
	size_t i;

	for (i = 0; i < TUI_OUTPUT_LINES; i++) {
		free(o->lines[i]);
		o->lines[i] = NULL;
		o->size[i] = 0;
		o->len[i] = 0;
		o->raw[i] = 0;
	}
	o->first = 0;
	o->n = 0;
	o->total = 0;
}

/* The part of a line of output the pane can show: what follows the last
 * carriage return (progress bars), cut at a character boundary. */
static const char *
tui_output_cut(const char *line, size_t *lenp)
{
	const char *cr;
	size_t len = *lenp;

	while (len > 0 && line[len - 1] == '\r')
		len--;
	if ((cr = memrchr(line, '\r', len)) != NULL) {
		len -= (size_t)(cr + 1 - line);
		line = cr + 1;
	}
	if (len > TUI_LINE_MAX) {
		len = TUI_LINE_MAX;
		while (len > 0 && ((unsigned char)line[len] & 0xc0) == 0x80)
			len--;
	}
	*lenp = len;
	return line;
}

/* That part made fit for the pane: tabs as spaces and other control
 * characters as '?'. */
static char *
tui_output_clean(const char *cr, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i, col = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)cr[i];
		if (c == '\t') {
			do
				buf_addc(&b, ' ');
			while (++col % 8 != 0);
			continue;
		}
		buf_addc(&b, c < 0x20 || c == 0x7f ? '?' : (char)c);
		if ((c & 0xc0) != 0x80)
			col++;
	}
	return buf_steal(&b);
}

/* engine_ops.output: keep the line in the ring. */
static void
tui_on_output(void *arg, const struct step *s, int stream, const char *line,
    size_t len)
{
	struct tui *t = arg;
	struct tui_output *o = &t->out;
	size_t k;

	(void)s;
	if (o->n < TUI_OUTPUT_LINES)
		k = (o->first + o->n++) % TUI_OUTPUT_LINES;
	else {
		k = o->first;
		o->first = (o->first + 1) % TUI_OUTPUT_LINES;
	}
	/* Copied into the slot's own memory, reused: no allocation a line. */
	line = tui_output_cut(line, &len);
	if (o->size[k] < len + 1) {
		o->size[k] = len + 1 < 128 ? 128 : len + 1;
		free(o->lines[k]);
		o->lines[k] = xmalloc(o->size[k]);
	}
	memcpy(o->lines[k], line, len);
	o->lines[k][len] = '\0';
	o->len[k] = len;	/* it may hold a NUL */
	o->raw[k] = 1;
	o->stream[k] = stream == 2 ? 2 : 1;
	o->total++;
}

const char *
tui_output_line(struct tui_output *o, size_t i, int *stream)
{
	size_t k = (o->first + i) % TUI_OUTPUT_LINES;
	char *clean;

	if (o->raw[k]) {
		clean = tui_output_clean(o->lines[k], o->len[k]);
		free(o->lines[k]);
		o->lines[k] = clean;
		o->size[k] = strlen(clean) + 1;
		o->raw[k] = 0;
	}
	*stream = o->stream[k];
	return o->lines[k];
}

/* engine_ops.tick: keep the screen alive while a command runs. A signal
 * (SIGTERM, SIGHUP) or leaving the wizard stops the command, and then it is
 * recorded as interrupted, not cancelled: that is decided here, before the
 * engine records the result. */
static void
tui_on_tick(void *arg, const struct step *s)
{
	struct tui *t = arg;

	(void)s;
	if (!t->terminate && !t->quit)
		tui_pump(t);
	if (t->terminate || t->quit)
		tui_stop_command(t, 1);
}

/* engine_ops.password: ask without echo. Kept by the engine in memory
 * only, for this run of the wizard. */
static char *
tui_on_password(void *arg, const char *dbname, const char *where,
    const char *why)
{
	struct tui *t = arg;
	char *prompt, *pw;

	if (why != NULL)
		/* TRANSLATORS: %1$s a database's name, %2$s where it is, %3$s
		 * the server's refusal. */
		prompt = xprintf(_("The password for the database %1$s "
		    "(%2$s).\n\nThe server said: %3$s"), dbname, where, why);
	else
		prompt = xprintf(_("The password for the database %1$s "
		    "(%2$s). The product's configuration holds it encrypted, "
		    "so it is asked here; it is kept in memory only."), dbname,
		    where);
	pw = ui_password(t, _("Database password"), prompt);
	free(prompt);
	return pw;
}

void
tui_command_ops(struct tui *t)
{
	t->e.cancel = &t->cancel;
	t->e.ops.output = tui_on_output;
	t->e.ops.tick = tui_on_tick;
	t->e.ops.note = tui_note;
	t->e.ops.password = tui_on_password;
	t->e.ops.arg = t;
}

/* The training text, the fault injected and the sandbox folder. */
static void
tui_training_show(struct tui *t)
{
	const struct training_fault *f;
	struct buf b = BUF_INIT;

	buf_printf(&b, _("Sandbox: %s"), t->s->training_sandbox != NULL ?
	    t->s->training_sandbox : "");
	f = training_fault(t->training, t->s->training_fault);
	if (f != NULL) {
		buf_printf(&b, "\n\n");
		buf_printf(&b, _("Fault injected: %s"), f->title);
		buf_printf(&b, "\n%s", f->text);
	} else
		buf_printf(&b, "\n\n%s", _("No fault is injected: press T on the stages screen to inject one, or to reset the sandbox."));
	buf_printf(&b, "\n\n%s", t->training->text);
	ui_pager(t, _("Training"), buf_str(&b));
	buf_free(&b);
}

int
tui_training_menu(struct tui *t)
{
	char **choices;
	size_t n = 0, i;
	int chosen;

	if (t->training == NULL) {
		tui_message(t, 1, "%s", _("This is not a training session: start the wizard with --training."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	choices = xcalloc(t->training->nfaults + 3, sizeof *choices);
	choices[n++] = xstrdup(_("Reset the sandbox and start again"));
	for (i = 0; i < t->training->nfaults; i++)
		choices[n++] = xprintf(_("Inject a fault: %s"),
		    t->training->faults[i].title);
	choices[n++] = xstrdup(_("Show the sandbox folder and the training text"));
	chosen = ui_choose(t, _("Training"), _("What to do with the training sandbox:"),
	    choices, n, 0);
	for (i = 0; i < n; i++)
		free(choices[i]);
	free(choices);
	if (chosen < 0)
		return SCR_HANDLED | SCR_REDRAW;
	if ((size_t)chosen == n - 1) {
		tui_training_show(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (!ui_confirm(t, _("Training"),
	    _("The sandbox and the training session are removed and built again: everything done in this training is lost. Go on?")))
		return SCR_HANDLED | SCR_REDRAW;
	free(t->retrain_fault);
	t->retrain_fault = chosen > 0 ?
	    xstrdup(t->training->faults[chosen - 1].id) : NULL;
	t->retrain = 1;
	return SCR_HANDLED | SCR_REDRAW;
}

void
tui_training_rebuild(struct tui *t)
{
	char *id, *tdir, *wizard, *cause = NULL;
	struct guide *g;
	int built = 0, rc;

	t->retrain = 0;
	if (t->g == NULL)
		return;
	id = xstrdup(t->g->id);
	while (t->depth > 1)
		tui_pop(t);
	tui_close_guide(t);
	/* The guide is loaded again: tui_close_guide freed it. */
	g = cmd_guide_load(t->opts, id, &cause);
	rc = g == NULL ? -1 : 0;
	if (rc == 0) {
		tdir = cmd_training_dir(t->opts, g->id);
		wizard = training_self(NULL);
		rc = training_prepare(g, tdir, t->retrain_fault, 1, wizard,
		    &built, &cause);
		free(wizard);
		free(tdir);
		checklist_free(g);
	}
	if (rc == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
	} else if (tui_enter_guide(t, id) == 0) {
		if (t->retrain_fault != NULL)
			tui_message(t, 0, _("The sandbox was built again with the fault '%s'; the training starts again."),
			    t->retrain_fault);
		else
			tui_message(t, 0, "%s", _("The sandbox was built again; the training starts again."));
	}
	free(t->retrain_fault);
	t->retrain_fault = NULL;
	free(id);
}

int
tui_enter_guide(struct tui *t, const char *id)
{
	char *cause = NULL;

	if (tui_open_guide(t, id, &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
		return -1;
	}
	tui_push(t, stages_screen(t));
	if (tui_value_missing(t, 0, (size_t)-1))
		tui_push(t, setup_screen(t));
	if (t->training != NULL)
		tui_training_show(t);
	return 0;
}

int
tui_main(struct cmd_opts *o)
{
	struct tui *t;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cmd_error(_("the wizard needs a terminal; without one, use 'check' or 'run ID --answers FILE'"));
		return CMD_ERROR;
	}
	t = xcalloc(1, sizeof *t);
	t->opts = o;
	tui_signals(t);
	ui_begin(t);
	tui_push(t, start_screen(t));
	if (o->guide != NULL)
		tui_enter_guide(t, o->guide);
	tui_run(t);
	while (t->depth > 0)
		tui_pop(t);
	tui_close_guide(t);
	ui_end();
	/* No handler may write into the state once it is freed. */
	tui_signals(NULL);
	tui_output_clear(&t->out);
	free(t->message);
	free(t->retrain_fault);
	free(t);
	return CMD_OK;
}
