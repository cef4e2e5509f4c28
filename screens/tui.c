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
	t->e.cancel = &t->cancel;
	t->e.ops.note = tui_note;
	t->e.ops.arg = t;
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

/* Does the guide still need values before its stages make sense? */
static int
tui_needs_setup(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->g->nvars; i++) {
		if (t->g->vars[i].required &&
		    engine_value(&t->e, t->g->vars[i].name) == NULL)
			return 1;
	}
	for (i = 0; i < t->g->nquestions; i++) {
		if (engine_value(&t->e, t->g->questions[i].id) == NULL)
			return 1;
	}
	return 0;
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
	if (tui_needs_setup(t))
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
	free(t->message);
	free(t);
	return CMD_OK;
}
