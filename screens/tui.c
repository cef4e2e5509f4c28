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
	char *dir;
	int resume;

	g = cmd_guide_load(t->opts, id, cause);
	if (g == NULL)
		return -1;
	dir = cmd_session_dir(t->opts, g->id);
	resume = session_exists(dir);
	s = session_open(dir, g->id, g->path, g->hash, cause);
	free(dir);
	if (s == NULL) {
		checklist_free(g);
		return -1;
	}
	tui_close_guide(t);
	t->g = g;
	t->s = s;
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
	}
	o->first = 0;
	o->n = 0;
	o->total = 0;
}

/* A line of output made fit for the pane: cut at a character boundary,
 * what follows the last carriage return (progress bars), tabs as spaces and
 * other control characters as '?'. */
static char *
tui_output_clean(const char *line, size_t len)
{
	struct buf b = BUF_INIT;
	const char *cr;
	size_t i, col = 0;
	unsigned char c;

	while (len > 0 && line[len - 1] == '\r')
		len--;
	for (i = len; i > 0; i--) {
		if (line[i - 1] == '\r')
			break;
	}
	cr = line + i;
	len -= (size_t)(cr - line);
	if (len > TUI_LINE_MAX) {
		len = TUI_LINE_MAX;
		while (len > 0 && ((unsigned char)cr[len] & 0xc0) == 0x80)
			len--;
	}
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
		free(o->lines[k]);
		o->first = (o->first + 1) % TUI_OUTPUT_LINES;
	}
	o->lines[k] = tui_output_clean(line, len);
	o->stream[k] = stream == 2 ? 2 : 1;
	o->total++;
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
	if (o->training) {
		cmd_error(_("training mode is not available in this version"));
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
	free(t);
	return CMD_OK;
}
