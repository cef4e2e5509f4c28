/* log.c: the log screen: the session's journal, one event a row, and the
 * log file of a step run (Enter on an event that names one), scrollable
 * and searchable. The journal is read again when it has grown. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "journal.h"
#include "session.h"
#include "tui.h"
#include "ui.h"
#include "util.h"
#include "xmalloc.h"

struct log_data {
	char			*file;	/* a log file shown, or NULL: the journal */
	char			**rows;	/* one line each, printable */
	char			**logs;	/* journal: the log an event names */
	char			**full;	/* journal: the event in full */
	size_t			 n;
	unsigned long		 seq;	/* journal: the last event read */
	char			*search;
	struct ui_scroll	 sc;
};

/* A copy of text fit for one row: control characters become spaces. */
static char *
log_flatten(const char *s, size_t len)
{
	char *copy = xstrndup(s, len), *p;

	for (p = copy; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	}
	return copy;
}

static void
log_clear(struct log_data *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->rows[i]);
		if (d->logs != NULL)
			free(d->logs[i]);
		if (d->full != NULL)
			free(d->full[i]);
	}
	free(d->rows);
	free(d->logs);
	free(d->full);
	d->rows = d->logs = d->full = NULL;
	d->n = 0;
}

static void
log_add(struct log_data *d, char *row, char *log, char *full)
{
	d->rows = xreallocarray(d->rows, d->n + 1, sizeof *d->rows);
	d->logs = xreallocarray(d->logs, d->n + 1, sizeof *d->logs);
	d->full = xreallocarray(d->full, d->n + 1, sizeof *d->full);
	d->rows[d->n] = row;
	d->logs[d->n] = log;
	d->full[d->n] = full;
	d->n++;
}

/* One event as a row: "SEQ TIME BY EVENT STEP FIELDS", the step first. */
static void
log_add_event(struct tui *t, struct log_data *d, const struct jevent *ev)
{
	struct buf row = BUF_INIT, full = BUF_INIT;
	const char *step = jevent_get(ev, "step"), *log = jevent_get(ev, "log");
	char *flat, *path = NULL;
	size_t i;

	buf_printf(&row, "%lu %s %s %s", ev->seq, ev->time, ev->by, ev->event);
	buf_printf(&full, "%lu %s %s %s\n", ev->seq, ev->time, ev->by,
	    ev->event);
	if (step != NULL)
		buf_printf(&row, " %s", step);
	for (i = 0; i < ev->n; i++) {
		buf_printf(&full, "  %s=%s\n", ev->keys[i], ev->values[i]);
		if (strcmp(ev->keys[i], "step") == 0)
			continue;
		buf_printf(&row, " %s=%s", ev->keys[i], ev->values[i]);
	}
	if (log != NULL && *log != '\0')
		path = *log == '/' ? xstrdup(log) : util_path_join(t->s->dir, log);
	flat = log_flatten(buf_str(&row), row.len);
	buf_free(&row);
	log_add(d, flat, path, buf_steal(&full));
}

/* Read the journal again if it has grown since it was last read. */
static void
log_load_journal(struct tui *t, struct log_data *d)
{
	struct jevent *ev = NULL;
	size_t nev = 0, i;
	char *path, *cause = NULL, *torn = NULL;
	int at_end;

	if (t->s == NULL || (d->n > 0 && d->seq == t->s->last_seq))
		return;
	at_end = d->n == 0 || d->sc.sel + 1 >= d->n;
	log_clear(d);
	path = util_path_join(t->s->dir, "journal");
	if (journal_read(path, &ev, &nev, &torn, &cause) == -1) {
		log_add(d, log_flatten(cause, strlen(cause)), NULL,
		    xstrdup(cause));
		free(cause);
	} else {
		for (i = 0; i < nev; i++)
			log_add_event(t, d, &ev[i]);
		if (torn != NULL)
			log_add(d, log_flatten(torn, strlen(torn)), NULL, torn);
		journal_events_free(ev, nev);
	}
	free(path);
	d->seq = t->s->last_seq;
	d->sc.n = d->n;
	if (at_end && d->n > 0)
		d->sc.sel = d->n - 1;
	if (d->sc.sel >= d->n)
		d->sc.sel = d->n > 0 ? d->n - 1 : 0;
}

/* A log file's lines; -1 with *cause when it cannot be read. */
static int
log_load_file(struct log_data *d, char **cause)
{
	char *text, *p, *nl;
	size_t len;

	text = util_read_file(d->file, &len, cause);
	if (text == NULL)
		return -1;
	for (p = text; p < text + len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(text + len - p));
		if (nl == NULL)
			nl = text + len;
		log_add(d, log_flatten(p, (size_t)(nl - p)), NULL,
		    xstrndup(p, (size_t)(nl - p)));
	}
	free(text);
	if (d->n == 0)
		log_add(d, xstrdup(_("(the log is empty)")), NULL, NULL);
	d->sc.n = d->n;
	return 0;
}

static int
log_height(struct tui *t)
{
	int h = t->rows - 3;

	return h > 0 ? h : 1;
}

static void
log_draw(struct tui *t, struct screen *scr)
{
	struct log_data *d = scr->data;
	char *head;
	size_t i;
	int y, attr;

	if (d->file == NULL)
		log_load_journal(t, d);
	d->sc.n = d->n;
	ui_scroll_fix(&d->sc, log_height(t));
	if (d->file != NULL)
		head = xprintf(_("Line %zu of %zu of the log %s"),
		    d->n > 0 ? d->sc.sel + 1 : 0, d->n, d->file);
	else
		head = xprintf(_("Journal of the session: event %zu of %zu"),
		    d->n > 0 ? d->sc.sel + 1 : 0, d->n);
	ui_text(t, 1, 1, t->cols - 2, head, ui_attr(t, UI_TITLE), 0);
	free(head);
	y = 2;
	for (i = d->sc.top; i < d->n && y <= t->rows - 2; i++, y++) {
		attr = i == d->sc.sel ? ui_attr(t, UI_FOCUS) :
		    ui_attr(t, UI_NORMAL);
		ui_text(t, y, 0, t->cols, d->rows[i], attr, i == d->sc.sel);
	}
}

/* Does the row hold the text (ASCII letters in any case)? */
static int
log_match(const char *row, const char *what)
{
	size_t n = strlen(what), i;
	const char *p;

	if (n == 0)
		return 0;
	for (p = row; *p != '\0'; p++) {
		for (i = 0; i < n && p[i] != '\0'; i++) {
			if (p[i] != what[i] && !((unsigned char)p[i] < 0x80 &&
			    (unsigned char)what[i] < 0x80 &&
			    (p[i] | 0x20) == (what[i] | 0x20) &&
			    (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z'))
				break;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

/* Move to the next row holding the search text after the selection,
 * wrapping around. */
static void
log_find(struct tui *t, struct log_data *d)
{
	size_t i, k, from = d->sc.sel;

	for (k = 1; k <= d->n; k++) {
		i = (from + k) % d->n;
		if (!log_match(d->rows[i], d->search))
			continue;
		d->sc.sel = i;
		ui_scroll_fix(&d->sc, log_height(t));
		if (k == d->n)
			tui_message(t, 0, _("Only this row holds %s."),
			    d->search);
		else if (from + k >= d->n)
			tui_message(t, 0, _("Search wrapped around to the top."));
		return;
	}
	tui_message(t, 1, _("Not found: %s"), d->search);
}

static int
log_key(struct tui *t, struct screen *scr, enum key_action act, int ch)
{
	struct log_data *d = scr->data;
	char *what;

	(void)ch;
	d->sc.n = d->n;
	switch (act) {
	case KEY_ACT_UP:
	case KEY_ACT_DOWN:
	case KEY_ACT_PGUP:
	case KEY_ACT_PGDN:
	case KEY_ACT_HOME:
	case KEY_ACT_END:
		ui_scroll_key(&d->sc, act, log_height(t));
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_SEARCH:
		what = ui_input(t, _("Search"), _("Search for:"),
		    d->search != NULL ? d->search : "", 1);
		if (what == NULL)
			return SCR_HANDLED | SCR_REDRAW;
		free(d->search);
		d->search = what;
		log_find(t, d);
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_SEARCH_NEXT:
		if (d->search == NULL) {
			tui_message(t, 0, _("Nothing to search for yet: press / first."));
			return SCR_HANDLED | SCR_REDRAW;
		}
		log_find(t, d);
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_ENTER:
		if (d->n == 0)
			return SCR_HANDLED;
		if (d->file != NULL) {
			/* The line whole: a row cuts it at the width. */
			if (d->full[d->sc.sel] != NULL)
				ui_pager(t, _("Line"), d->full[d->sc.sel]);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (d->logs[d->sc.sel] != NULL) {
			struct screen *log;
			char *cause = NULL;

			if (access(d->logs[d->sc.sel], F_OK) == -1 &&
			    errno == ENOENT) {
				tui_message(t, 1, _("%s: the step wrote no output, so there is no log"),
				    d->logs[d->sc.sel]);
				return SCR_HANDLED | SCR_REDRAW;
			}
			log = log_screen(t);
			((struct log_data *)log->data)->file =
			    xstrdup(d->logs[d->sc.sel]);
			if (log_load_file(log->data, &cause) == -1) {
				log->type->free(log);
				tui_message(t, 1, "%s", cause);
				free(cause);
				return SCR_HANDLED | SCR_REDRAW;
			}
			tui_push(t, log);
		} else if (d->full[d->sc.sel] != NULL)
			ui_pager(t, _("Event"), d->full[d->sc.sel]);
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return 0;
	}
}

static const char *
log_hints(struct tui *t, struct screen *scr)
{
	struct log_data *d = scr->data;

	(void)t;
	if (d->file != NULL)
		return _("Enter the whole line  / search  n next  Esc back  ? help");
	return _("Enter open  / search  n next  Esc back  ? help  q quit");
}

static void
log_free(struct screen *scr)
{
	struct log_data *d = scr->data;

	log_clear(d);
	free(d->file);
	free(d->search);
	free(d);
	free(scr);
}

static const struct screen_type log_type = {
	.name = "log",
	.keymask = KEYS_LOG,
	.draw = log_draw,
	.key = log_key,
	.hints = log_hints,
	.free = log_free,
};

struct screen *
log_screen(struct tui *t)
{
	struct screen *scr = xcalloc(1, sizeof *scr);

	(void)t;
	scr->type = &log_type;
	scr->data = xcalloc(1, sizeof(struct log_data));
	return scr;
}
