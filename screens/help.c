/* help.c: the help screen: the keys of the screen it was opened from,
 * made from the same key table the event loop uses (keys_help). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "tui.h"
#include "ui.h"
#include "xmalloc.h"

struct help_data {
	struct ui_lines	 lines;
	size_t		 top;
};

/* Rows for the lines: the body less the heading and a blank row. */
static size_t
help_height(struct tui *t)
{
	int h = t->rows - 4;

	return h > 0 ? (size_t)h : 1;
}

static size_t
help_last_top(struct tui *t, struct help_data *d)
{
	size_t h = help_height(t);

	return d->lines.n > h ? d->lines.n - h : 0;
}

static void
help_draw(struct tui *t, struct screen *scr)
{
	struct help_data *d = scr->data;
	size_t i;
	int y;

	if (d->top > help_last_top(t, d))
		d->top = help_last_top(t, d);
	ui_text(t, 1, 1, t->cols - 2, _("Keys"), ui_attr(t, UI_TITLE), 0);
	y = 3;
	for (i = d->top; i < d->lines.n && y <= t->rows - 2; i++, y++)
		ui_text(t, y, 2, t->cols - 3, d->lines.v[i],
		    ui_attr(t, UI_NORMAL), 0);
}

static int
help_key(struct tui *t, struct screen *scr, enum key_action act, int ch)
{
	struct help_data *d = scr->data;

	(void)ch;
	if (ui_view_key(&d->top, d->lines.n, help_height(t), act))
		return SCR_HANDLED | SCR_REDRAW;
	/* Esc, q and ? are the loop's. */
	if (act == KEY_ACT_ENTER)
		return SCR_HANDLED | SCR_BACK;
	return 0;
}

static const char *
help_hints(struct tui *t, struct screen *scr)
{
	(void)t;
	(void)scr;
	return _("arrows scroll  Esc or Enter close  q quit");
}

static void
help_free(struct screen *scr)
{
	struct help_data *d = scr->data;

	ui_lines_free(&d->lines);
	free(d);
	free(scr);
}

static const struct screen_type help_type = {
	.name = "help",
	.keymask = 0,
	.draw = help_draw,
	.key = help_key,
	.hints = help_hints,
	.free = help_free,
};

struct screen *
help_screen(struct tui *t, const struct screen *about)
{
	struct screen *scr = xcalloc(1, sizeof *scr);
	struct help_data *d = xcalloc(1, sizeof *d);
	unsigned mask = KEYS_ALL;
	char *text, *p, *nl;

	(void)t;
	if (about != NULL)
		mask |= about->type->keymask;
	text = keys_help(mask);
	for (p = text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			ui_lines_add(&d->lines, p);
			break;
		}
		*nl = '\0';
		ui_lines_add(&d->lines, p);
	}
	free(text);
	scr->type = &help_type;
	scr->data = d;
	return scr;
}
