/* report.c: the report screen: the text report of the open session, to read
 * before it is written (scrollable), and w to write it to a file in a format
 * chosen there. The report itself is the engine's (src/report.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "report.h"
#include "tui.h"
#include "ui.h"
#include "util.h"
#include "xmalloc.h"

struct report_data {
	char		*text;		/* the text report, pages run together */
	struct ui_lines	 lines;
	int		 cols;		/* the width the lines were cut for */
	size_t		 top;
};

/* The report of the session in a format; NULL with *cause. */
static char *
report_screen_text(struct tui *t, enum report_format format, char **cause)
{
	struct report *r = report_new(&t->e);
	struct buf b = BUF_INIT;
	int rc;

	rc = report_write(r, format, &b, cause);
	report_free(r);
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static size_t
report_height(struct tui *t)
{
	int h = t->rows - 3;

	return h > 0 ? (size_t)h : 1;
}

static void
report_draw(struct tui *t, struct screen *scr)
{
	struct report_data *d = scr->data;
	size_t i, h = report_height(t);
	char *head;
	int y;

	if (d->cols != t->cols) {
		ui_lines_free(&d->lines);
		ui_wrap_exact(&d->lines, d->text, t->cols - 2);
		d->cols = t->cols;
	}
	if (d->top + h > d->lines.n)
		d->top = d->lines.n > h ? d->lines.n - h : 0;
	head = xprintf(_("Report of the session: lines %zu-%zu of %zu; w writes it to a file"),
	    d->lines.n > 0 ? d->top + 1 : 0,
	    d->top + h < d->lines.n ? d->top + h : d->lines.n, d->lines.n);
	ui_text(t, 1, 1, t->cols - 2, head, ui_attr(t, UI_TITLE), 0);
	free(head);
	y = 2;
	for (i = d->top; i < d->lines.n && y <= t->rows - 2; i++, y++)
		ui_text(t, y, 1, t->cols - 2, d->lines.v[i],
		    ui_attr(t, UI_NORMAL), 0);
}

/* Ask for the format and the file, and write the report there. */
static void
report_save_as(struct tui *t)
{
	static char *const formats[] = { "text", "markdown", "html", "yaml" };
	enum report_format format;
	char *dir, *stamp, *p, *q, *name, *path, *text, *cause = NULL;
	struct buf b = BUF_INIT;
	int i;

	i = ui_choose(t, _("Write the report"), _("The format of the file:"),
	    formats, sizeof formats / sizeof formats[0], 0);
	if (i < 0)
		return;
	format = (enum report_format)report_format_from_name(formats[i]);
	/* Beside the session's folder: report-GUIDE-20261207T215300Z.txt. */
	stamp = util_now_iso();
	for (p = q = stamp; *p != '\0'; p++) {
		if (*p != '-' && *p != ':')
			*q++ = *p;
	}
	*q = '\0';
	dir = util_dirname(t->s->dir);
	name = xprintf("report-%s-%s.%s", t->g->id, stamp,
	    report_format_ext(format));
	p = util_path_join(dir, name);
	free(stamp);
	free(dir);
	free(name);
	path = ui_input(t, _("Write the report"), _("File to write it to:"), p,
	    1);
	free(p);
	if (path == NULL)
		return;
	if ((text = report_screen_text(t, format, &cause)) == NULL) {
		tui_message(t, 1, "%s", cause);
		free(cause);
		free(path);
		return;
	}
	buf_adds(&b, text);
	free(text);
	if (report_save(path, &b, &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
	} else
		tui_message(t, 0, _("The report is written to %s."), path);
	buf_free(&b);
	free(path);
}

static int
report_key(struct tui *t, struct screen *scr, enum key_action act, int ch)
{
	struct report_data *d = scr->data;

	(void)ch;
	if (ui_view_key(&d->top, d->lines.n, report_height(t), act))
		return SCR_HANDLED | SCR_REDRAW;
	if (act == KEY_ACT_WRITE) {
		report_save_as(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	return 0;
}

static const char *
report_hints(struct tui *t, struct screen *scr)
{
	(void)t;
	(void)scr;
	return _("arrows scroll  w write to a file  Esc back  ? help  q quit");
}

static void
report_free_screen(struct screen *scr)
{
	struct report_data *d = scr->data;

	ui_lines_free(&d->lines);
	free(d->text);
	free(d);
	free(scr);
}

static const struct screen_type report_type = {
	.name = "report",
	.keymask = KEYS_REPORT,
	.draw = report_draw,
	.key = report_key,
	.hints = report_hints,
	.free = report_free_screen,
};

struct screen *
report_screen(struct tui *t)
{
	struct screen *scr;
	struct report_data *d;
	char *text, *cause = NULL, *p;

	if ((text = report_screen_text(t, REPORT_TEXT, &cause)) == NULL) {
		tui_message(t, 1, "%s", cause);
		free(cause);
		return NULL;
	}
	/* The pages run together on the screen: the form feeds go. */
	for (p = text; (p = strchr(p, '\f')) != NULL; )
		memmove(p, p + 1, strlen(p));
	scr = xcalloc(1, sizeof *scr);
	d = xcalloc(1, sizeof *d);
	d->text = text;
	scr->type = &report_type;
	scr->data = d;
	return scr;
}
