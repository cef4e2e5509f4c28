/* ui.c: the terminal (curses on and off, colours by meaning, line drawing)
 * and the widgets every screen shares: text cut to columns, wrapped lines,
 * the scroll helper, and the modal prompts drawn in a box over the screen. */
#include "config.h"

#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "buf.h"
#include "i18n.h"
#include "text.h"
#include "xmalloc.h"

#define UI_ESC		27
#define UI_CTRL(c)	((c) & 0x1f)

/* Colours by meaning: one pair each (the pair number is the meaning), and
 * what stands for it without colours. -1 is the terminal's own colour. */
static const struct {
	short	fg;
	short	bg;
	int	attr;		/* added to the colour */
	int	mono;		/* used alone without colours */
} ui_colors[UI_COLOR_COUNT] = {
	[UI_NORMAL] =	{ -1, -1, 0, 0 },
	[UI_TITLE] =	{ COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[UI_HINTS] =	{ COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[UI_OK] =	{ COLOR_GREEN, -1, 0, 0 },
	[UI_FAILED] =	{ COLOR_RED, -1, A_BOLD, A_BOLD },
	[UI_WARNING] =	{ COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_PENDING] =	{ COLOR_CYAN, -1, 0, 0 },
	[UI_FOCUS] =	{ -1, -1, A_REVERSE, A_REVERSE },
	[UI_DIM] =	{ -1, -1, A_DIM, 0 },
	[UI_TRAINING] =	{ COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD|A_REVERSE },
};

/* Line drawing: Unicode, and ASCII for other locales. */
enum { UI_HL, UI_VL, UI_TL, UI_TR, UI_BL, UI_BR, UI_UP, UI_DOWN, UI_NLINES };
static const char *const ui_lines_utf8[UI_NLINES] = {
	"\xe2\x94\x80", "\xe2\x94\x82", "\xe2\x94\x8c", "\xe2\x94\x90",
	"\xe2\x94\x94", "\xe2\x94\x98", "\xe2\x86\x91", "\xe2\x86\x93"
};
static const char *const ui_lines_ascii[UI_NLINES] = {
	"-", "|", "+", "+", "+", "+", "^", "v"
};

static const char *
ui_line(const struct tui *t, int which)
{
	return t->utf8 ? ui_lines_utf8[which] : ui_lines_ascii[which];
}

void
ui_begin(struct tui *t)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	short fg, bg;
	int i, defaults;

	if (newterm(NULL, stdout, stdin) == NULL)
		fatal(_("cannot use the terminal '%s' (TERM)"),
		    term != NULL ? term : "");
	fatal_set_hook(ui_end);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);

	t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	t->color = 0;
	if ((t->opts == NULL || !t->opts->no_color) &&
	    (no_color == NULL || *no_color == '\0') && has_colors() &&
	    start_color() == OK && COLOR_PAIRS >= UI_COLOR_COUNT) {
		t->color = 1;
		defaults = use_default_colors() == OK;
		for (i = 1; i < UI_COLOR_COUNT; i++) {
			fg = ui_colors[i].fg;
			bg = ui_colors[i].bg;
			if (fg == -1 && bg == -1)
				continue;
			if (fg == -1 && !defaults)
				fg = COLOR_WHITE;
			if (bg == -1 && !defaults)
				bg = COLOR_BLACK;
			init_pair((short)i, fg, bg);
		}
	}
	ui_resize(t);
}

void
ui_end(void)
{
	if (stdscr == NULL || isendwin())
		return;
	curs_set(1);
	endwin();
}

void
ui_resize(struct tui *t)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	t->rows = LINES;
	t->cols = COLS;
}

int
ui_attr(const struct tui *t, enum ui_color c)
{
	if ((int)c < 0 || c >= UI_COLOR_COUNT)
		c = UI_NORMAL;
	if (!t->color)
		return ui_colors[c].mono;
	if (ui_colors[c].fg == -1 && ui_colors[c].bg == -1)
		return ui_colors[c].attr;
	return (int)COLOR_PAIR(c) | ui_colors[c].attr;
}

enum ui_color
ui_status_color(enum status st)
{
	switch (st) {
	case STATUS_PASS:
	case STATUS_DONE:
	case STATUS_ACKNOWLEDGED:
	case STATUS_ANSWERED:
		return UI_OK;
	case STATUS_FAIL:
	case STATUS_ERROR:
	case STATUS_FAILED:
		return UI_FAILED;
	case STATUS_WARN:
	case STATUS_CANCELLED:
	case STATUS_INTERRUPTED:
		return UI_WARNING;
	case STATUS_NOT_APPLICABLE:
	case STATUS_SKIPPED:
	case STATUS_SHOWN:
		return UI_DIM;
	case STATUS_NOT_RUN:
		return UI_WARNING;
	case STATUS_PENDING:
	case STATUS_RUNNING:
		break;
	}
	return UI_PENDING;
}

/*
 * The next character of s (len bytes left): its bytes (*size) and columns
 * (*cols). Returns what to draw instead when it cannot be drawn as it is
 * (a control character, a byte that does not decode), else NULL.
 */
static const char *
ui_char(const char *s, size_t len, size_t *size, int *cols)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;
	int w;

	*size = 1;
	*cols = 1;
	if (*s == '\n' || *s == '\t')
		return " ";
	memset(&st, 0, sizeof st);
	k = mbrtowc(&wc, s, len, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
		return "?";
	*size = k;
	w = wcwidth(wc);
	if (w < 0)
		return "?";
	*cols = w;
	return NULL;
}

/* Columns of the first len bytes of s, as ui_put draws them. */
static int
ui_width_n(const char *s, size_t len)
{
	size_t k;
	int w, total = 0;

	while (len > 0) {
		ui_char(s, len, &k, &w);
		total += w;
		s += k;
		len -= k;
	}
	return total;
}

/*
 * Put s at (y, x) in at most width columns, cut with an ellipsis when
 * asked, padded to width when asked. Returns the text's columns (without
 * the padding).
 */
static int
ui_put(struct tui *t, int y, int x, int width, const char *s, int attr,
    int pad, int ellipsis)
{
	struct buf b = BUF_INIT;
	const char *rep, *ell = t->utf8 ? "\xe2\x80\xa6" : "...";
	size_t len, k;
	int ellw = t->utf8 ? 1 : 3, total, room, used = 0, w, i;

	if (s == NULL)
		s = "";
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
		return 0;
	if (width > COLS - x)
		width = COLS - x;
	len = strlen(s);
	total = ui_width_n(s, len);
	room = width;
	if (ellipsis && total > width && width > ellw)
		room = width - ellw;
	else
		ellipsis = 0;
	while (len > 0) {
		rep = ui_char(s, len, &k, &w);
		if (used + w > room)
			break;
		if (rep != NULL)
			buf_adds(&b, rep);
		else
			buf_add(&b, s, k);
		used += w;
		s += k;
		len -= k;
	}
	if (ellipsis) {
		buf_adds(&b, ell);
		used += ellw;
	}
	attrset(attr);
	mvaddstr(y, x, buf_str(&b));
	if (pad) {
		for (i = used; i < width; i++)
			mvaddch(y, x + i, ' ');
	}
	attrset(A_NORMAL);
	buf_free(&b);
	return used;
}

int
ui_text(struct tui *t, int y, int x, int width, const char *s, int attr,
    int pad)
{
	return ui_put(t, y, x, width, s, attr, pad, 1);
}

int
ui_list_row(struct tui *t, int y, int focus, const char *mark, int normal)
{
	ui_text(t, y, 0, 1, focus ? ">" : "", ui_attr(t, UI_NORMAL), 1);
	ui_text(t, y, 1, 1, mark != NULL ? mark : "", ui_attr(t, UI_NORMAL) |
	    A_BOLD, 1);
	return focus ? ui_attr(t, UI_FOCUS) : normal;
}

void
ui_hline(struct tui *t, int y, int x, int width)
{
	struct buf b = BUF_INIT;
	int i;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
		return;
	if (width > COLS - x)
		width = COLS - x;
	for (i = 0; i < width; i++)
		buf_adds(&b, ui_line(t, UI_HL));
	attrset(A_NORMAL);
	mvaddstr(y, x, buf_str(&b));
	buf_free(&b);
}

void
ui_title(struct tui *t, const char *screen_title)
{
	const char *training = _("TRAINING");
	char *left;
	int attr = ui_attr(t, UI_TITLE), right = t->cols - 1, w, tw;

	if (t->g != NULL) {
		/* TRANSLATORS: the title line: the program, the guide's id
		 * and its title. */
		left = xprintf(_("%s - %s  %s"), PACKAGE, t->g->id,
		    t->g->title);
	} else
		left = xstrdup(PACKAGE);
	ui_put(t, 0, 0, t->cols, "", attr, 1, 0);
	if (screen_title != NULL && *screen_title != '\0') {
		w = text_width(screen_title);
		if (w > t->cols / 3)
			w = t->cols / 3;
		right -= w;
		ui_text(t, 0, right, w, screen_title, attr, 0);
		right -= 2;
	}
	if (t->opts != NULL && t->opts->training) {
		tw = text_width(training) + 2;
		right -= tw;
		ui_text(t, 0, right, tw, "", ui_attr(t, UI_TRAINING), 1);
		ui_text(t, 0, right + 1, tw - 2, training,
		    ui_attr(t, UI_TRAINING), 0);
		right -= 2;
	}
	ui_text(t, 0, 1, right - 1, left, attr, 0);
	free(left);
}

/* Rows a message may take at the bottom of the screen. */
#define UI_MESSAGE_ROWS 3

void
ui_hints(struct tui *t, const char *hints)
{
	struct ui_lines l = { NULL, 0 };
	struct buf rest = BUF_INIT;
	int attr = ui_attr(t, UI_HINTS), y = t->rows - 1, n, i;

	if (t->message == NULL) {
		ui_put(t, y, 0, t->cols, "", attr, 1, 0);
		ui_text(t, y, 1, t->cols - 2, hints, attr, 0);
		return;
	}
	/* The message, wrapped over up to three rows ending on the last
	 * line; what does not fit is cut on the third. */
	if (t->message_error)
		attr = ui_attr(t, UI_FAILED) | A_BOLD;
	ui_wrap(&l, t->message, t->cols - 2);
	n = l.n < UI_MESSAGE_ROWS ? (int)l.n : UI_MESSAGE_ROWS;
	if (n < 1)
		n = 1;
	if (l.n > (size_t)n) {
		for (i = n - 1; i < (int)l.n; i++) {
			if (i > n - 1)
				buf_addc(&rest, ' ');
			buf_adds(&rest, l.v[i]);
		}
	}
	for (i = 0; i < n; i++) {
		y = t->rows - n + i;
		ui_put(t, y, 0, t->cols, "", attr, 1, 0);
		if (i == n - 1 && rest.len > 0)
			ui_text(t, y, 1, t->cols - 2, buf_str(&rest), attr, 0);
		else if ((size_t)i < l.n)
			ui_text(t, y, 1, t->cols - 2, l.v[i], attr, 0);
	}
	buf_free(&rest);
	ui_lines_free(&l);
}

void
ui_too_small(struct tui *t)
{
	struct ui_lines l = { NULL, 0 };
	char *msg, *tmp;
	size_t i;
	int y, w;

	msg = xprintf("%s\n%s", tmp = xprintf(_("The terminal is %dx%d; the wizard needs at least 80x24."),
	    t->cols, t->rows), _("Keys are ignored until the terminal is at least 80x24."));
	free(tmp);
	erase();
	ui_wrap(&l, msg, t->cols > 2 ? t->cols - 2 : 1);
	y = ((int)t->rows - (int)l.n) / 2;
	if (y < 0)
		y = 0;
	for (i = 0; i < l.n; i++) {
		w = text_width(l.v[i]);
		ui_text(t, y + (int)i, w < t->cols ? (t->cols - w) / 2 : 0,
		    t->cols, l.v[i], A_BOLD, 0);
	}
	ui_lines_free(&l);
	free(msg);
}

void
ui_lines_add(struct ui_lines *l, const char *line)
{
	/* Grow to 8, then double whenever n reaches a power of two. */
	if (l->n == 0)
		l->v = xreallocarray(l->v, 8, sizeof *l->v);
	else if (l->n >= 8 && (l->n & (l->n - 1)) == 0)
		l->v = xreallocarray(l->v, l->n * 2, sizeof *l->v);
	l->v[l->n++] = xstrdup(line);
}

void
ui_lines_free(struct ui_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Add a line (len bytes, no newline), cut into pieces of width columns:
 * after the last space of a piece when it has one (the spaces stay as they
 * are), else at the width. */
static void
ui_lines_cut(struct ui_lines *l, const char *s, size_t len, int width)
{
	struct buf b = BUF_INIT;
	char *rest;
	size_t k, sp = 0;
	int col = 0, spcol = 0, w;

	while (len > 0) {
		ui_char(s, len, &k, &w);
		if (col > 0 && col + w > width) {
			if (sp > 0 && sp < b.len) {
				rest = xstrdup(b.data + sp);
				b.data[sp] = '\0';
				b.len = sp;
				ui_lines_add(l, buf_str(&b));
				buf_reset(&b);
				buf_adds(&b, rest);
				free(rest);
				col -= spcol;
			} else {
				ui_lines_add(l, buf_str(&b));
				buf_reset(&b);
				col = 0;
			}
			sp = 0;
			spcol = 0;
		}
		buf_add(&b, s, k);
		col += w;
		if (*s == ' ') {
			sp = b.len;
			spcol = col;
		}
		s += k;
		len -= k;
	}
	ui_lines_add(l, buf_str(&b));
	buf_free(&b);
}

void
ui_wrap(struct ui_lines *l, const char *text, int width)
{
	struct buf b = BUF_INIT;
	const char *p, *nl;

	if (text == NULL)
		return;
	if (width < 1)
		width = 1;
	text_wrap(&b, text, 0, width);
	for (p = buf_str(&b); *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		ui_lines_cut(l, p, (size_t)(nl - p), width);
		if (*nl == '\0')
			break;
	}
	buf_free(&b);
}

/* Lines kept as they are (previews, output): tabs expanded, long lines cut
 * at width columns, nothing joined or reflowed. */
void
ui_wrap_exact(struct ui_lines *l, const char *text, int width)
{
	struct buf line = BUF_INIT;
	const char *p, *nl, *q;
	size_t k;
	int col, w;

	if (width < 1)
		width = 1;
	for (p = text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		buf_reset(&line);
		col = 0;
		for (q = p; q < nl; q += k) {
			if (*q == '\t') {
				do
					buf_addc(&line, ' ');
				while (++col % 8 != 0);
				k = 1;
				continue;
			}
			ui_char(q, (size_t)(nl - q), &k, &w);
			buf_add(&line, q, k);
			col += w;
		}
		ui_lines_cut(l, buf_str(&line), line.len, width);
		if (*nl == '\0')
			break;
	}
	buf_free(&line);
}

void
ui_scroll_fix(struct ui_scroll *sc, int height)
{
	size_t h = height < 1 ? 1 : (size_t)height;

	if (sc->n == 0) {
		sc->sel = sc->top = 0;
		return;
	}
	if (sc->sel >= sc->n)
		sc->sel = sc->n - 1;
	if (sc->top > sc->sel)
		sc->top = sc->sel;
	if (sc->sel >= sc->top + h)
		sc->top = sc->sel - h + 1;
	/* No empty rows below the last one while earlier rows are hidden. */
	if (sc->n >= h && sc->top > sc->n - h)
		sc->top = sc->n - h;
	if (sc->n < h)
		sc->top = 0;
}

int
ui_scroll_key(struct ui_scroll *sc, enum key_action act, int height)
{
	size_t sel = sc->sel, top = sc->top;
	size_t page = height > 1 ? (size_t)height - 1 : 1;

	if (sc->n == 0)
		return 0;
	switch (act) {
	case KEY_ACT_UP:
		if (sc->sel > 0)
			sc->sel--;
		break;
	case KEY_ACT_DOWN:
		if (sc->sel + 1 < sc->n)
			sc->sel++;
		break;
	case KEY_ACT_PGUP:
		sc->sel = sc->sel > page ? sc->sel - page : 0;
		if (sc->top > page)
			sc->top -= page;
		else
			sc->top = 0;
		break;
	case KEY_ACT_PGDN:
		sc->sel += page;
		if (sc->sel >= sc->n)
			sc->sel = sc->n - 1;
		sc->top += page;
		break;
	case KEY_ACT_HOME:
		sc->sel = 0;
		break;
	case KEY_ACT_END:
		sc->sel = sc->n - 1;
		break;
	default:
		return 0;
	}
	ui_scroll_fix(sc, height);
	return sc->sel != sel || sc->top != top;
}

int
ui_view_key(size_t *top, size_t n, size_t height, enum key_action act)
{
	size_t max, page;

	if (height < 1)
		height = 1;
	max = n > height ? n - height : 0;
	page = height > 1 ? height - 1 : 1;
	switch (act) {
	case KEY_ACT_UP:
		if (*top > 0)
			(*top)--;
		break;
	case KEY_ACT_DOWN:
		if (*top < max)
			(*top)++;
		break;
	case KEY_ACT_PGUP:
		*top = *top > page ? *top - page : 0;
		break;
	case KEY_ACT_PGDN:
		*top = *top + page < max ? *top + page : max;
		break;
	case KEY_ACT_HOME:
		*top = 0;
		break;
	case KEY_ACT_END:
		*top = max;
		break;
	default:
		return 0;
	}
	if (*top > max)
		*top = max;
	return 1;
}

/* Is the terminal too small for boxes (tui_draw shows "too small")? */
#define ui_small(t) tui_small(t)

/* A key a modal prompt must not act on: below 80x24 the prompt is hidden,
 * so only a resize (or leaving, which reads as Esc) gets through. */
static int
ui_ignored(const struct tui *t, int ch)
{
	return ch != KEY_RESIZE && ch != ERR && tui_small(t) &&
	    !t->terminate && !t->interrupt && !t->quit;
}

/* The width of a modal box. */
static int
ui_box_width(const struct tui *t)
{
	int w = t->cols - 4;

	return w > 72 ? 72 : w;
}

/* A cleared box with a border and a title in the top border. */
static void
ui_box(struct tui *t, int y, int x, int h, int w, const char *title)
{
	struct buf b = BUF_INIT;
	char *label;
	int i;

	for (i = 0; i < h; i++)
		ui_put(t, y + i, x, w, "", A_NORMAL, 1, 0);
	buf_adds(&b, ui_line(t, UI_TL));
	for (i = 0; i < w - 2; i++)
		buf_adds(&b, ui_line(t, UI_HL));
	buf_adds(&b, ui_line(t, UI_TR));
	ui_put(t, y, x, w, buf_str(&b), A_NORMAL, 0, 0);
	buf_reset(&b);
	buf_adds(&b, ui_line(t, UI_BL));
	for (i = 0; i < w - 2; i++)
		buf_adds(&b, ui_line(t, UI_HL));
	buf_adds(&b, ui_line(t, UI_BR));
	ui_put(t, y + h - 1, x, w, buf_str(&b), A_NORMAL, 0, 0);
	for (i = 1; i < h - 1; i++) {
		ui_put(t, y + i, x, 1, ui_line(t, UI_VL), A_NORMAL, 0, 0);
		ui_put(t, y + i, x + w - 1, 1, ui_line(t, UI_VL), A_NORMAL, 0,
		    0);
	}
	if (title != NULL && *title != '\0') {
		label = xprintf(" %s ", title);
		ui_text(t, y, x + 2, w - 4, label, A_BOLD, 0);
		free(label);
	}
	buf_free(&b);
}

/* Marks on the right of a box's borders when there is more text above or
 * below what it shows. */
static void
ui_box_more(struct tui *t, int y, int x, int h, int w, int above, int below)
{
	if (above)
		ui_put(t, y, x + w - 3, 1, ui_line(t, UI_UP), A_BOLD, 0, 0);
	if (below)
		ui_put(t, y + h - 1, x + w - 3, 1, ui_line(t, UI_DOWN), A_BOLD,
		    0, 0);
}

/* Is c an ASCII letter? */
static int
ui_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Does a key stand for the answer whose label is given ("Yes": y)? */
static int
ui_hotkey(int ch, int fallback, const char *label)
{
	int c = (unsigned char)label[0];

	if (ch == fallback || ch == fallback - 'a' + 'A')
		return 1;
	return ui_letter(c) && (ch == c || ch == (c ^ 0x20));
}

int
ui_yes_no(int ch)
{
	if (ui_hotkey(ch, 'y', _("Yes")))
		return 1;
	if (ui_hotkey(ch, 'n', _("No")) || ch == UI_ESC)
		return 0;
	return -1;
}

void
ui_ask(struct tui *t, const char *text)
{
	struct ui_lines l = { NULL, 0 };
	const char *keys = _("y yes  n no");
	int w = ui_box_width(t), h = UI_ASK_ROWS, y, x, i;

	if (text == NULL)
		return;
	ui_wrap(&l, text, w - 4);
	y = t->rows - 1 - h;
	x = (t->cols - w) / 2;
	ui_box(t, y, x, h, w, NULL);
	for (i = 0; i < h - 3 && (size_t)i < l.n; i++)
		ui_text(t, y + 1 + i, x + 2, w - 4, l.v[i], A_BOLD, 0);
	ui_text(t, y + h - 2, x + 2, w - 4, keys, ui_attr(t, UI_FOCUS), 0);
	ui_lines_free(&l);
}

static int ui_confirm_mode(struct tui *, const char *, const char *, int);

int
ui_confirm(struct tui *t, const char *title, const char *text)
{
	return ui_confirm_mode(t, title, text, 0);
}

int
ui_confirm_exact(struct tui *t, const char *title, const char *text)
{
	return ui_confirm_mode(t, title, text, 1);
}

static int
ui_confirm_mode(struct tui *t, const char *title, const char *text,
    int exact)
{
	struct ui_lines l = { NULL, 0 };
	const char *yes = _("Yes"), *no = _("No");
	char *by = NULL, *bn = NULL;
	size_t top = 0, view = 1, i;
	int focus = 1, result = -1, full = 1, ch, h, w = 0, y = 0, x = 0;
	int wy, wn, bx, max;

	by = xprintf("< %s >", yes);
	bn = xprintf("< %s >", no);
	while (result == -1) {
		if (full) {
			tui_draw(t);
			w = ui_box_width(t);
			ui_lines_free(&l);
			if (exact)
				ui_wrap_exact(&l, text, w - 4);
			else
				ui_wrap(&l, text, w - 4);
			full = 0;
		}
		if (!ui_small(t)) {
			max = t->rows - 2 - 5;
			view = l.n < 1 ? 1 : l.n;
			if (view > (size_t)max)
				view = (size_t)max;
			if (top + view > l.n)
				top = l.n > view ? l.n - view : 0;
			h = (int)view + 5;
			y = 1 + (t->rows - 2 - h) / 2;
			x = (t->cols - w) / 2;
			ui_box(t, y, x, h, w, title);
			for (i = 0; i < view && top + i < l.n; i++)
				ui_put(t, y + 2 + (int)i, x + 2, w - 4,
				    l.v[top + i], A_NORMAL, 0, !exact);
			ui_box_more(t, y, x, h, w, top > 0, top + view < l.n);
			wy = text_width(by);
			wn = text_width(bn);
			bx = x + (w - wy - wn - 4) / 2;
			ui_text(t, y + h - 2, bx, wy, by,
			    ui_attr(t, focus ? UI_FOCUS : UI_NORMAL), 0);
			ui_text(t, y + h - 2, bx + wy + 4, wn, bn,
			    ui_attr(t, focus ? UI_NORMAL : UI_FOCUS), 0);
		}
		refresh();
		ch = tui_getkey(t, -1);
		if (ui_ignored(t, ch))
			continue;
		if (ch == KEY_RESIZE) {
			full = 1;
			continue;
		}
		if (ch == ERR)
			continue;
		if (ui_hotkey(ch, 'y', yes)) {
			result = 1;
			break;
		}
		if (ui_hotkey(ch, 'n', no)) {
			result = 0;
			break;
		}
		switch (keys_action(ch, KEYS_ALL)) {
		case KEY_ACT_LEFT:
		case KEY_ACT_RIGHT:
		case KEY_ACT_NEXT:
		case KEY_ACT_PREV:
			focus = !focus;
			break;
		case KEY_ACT_ENTER:
			result = focus;
			break;
		case KEY_ACT_BACK:
			result = 0;
			break;
		default:
			ui_view_key(&top, l.n, view, keys_action(ch, KEYS_ALL));
			break;
		}
	}
	ui_lines_free(&l);
	free(by);
	free(bn);
	return result;
}

/* The text being edited in ui_input. */
struct ui_edit {
	char	*s;		/* NUL-terminated */
	size_t	 len;
	size_t	 size;
	size_t	 cur;		/* the cursor, a byte offset */
	size_t	 off;		/* the first byte shown */
};

/* The offset of the character after the one at at. */
static size_t
ui_edit_next(const struct ui_edit *e, size_t at)
{
	mbstate_t st;
	size_t k;

	if (at >= e->len)
		return e->len;
	memset(&st, 0, sizeof st);
	k = mbrlen(e->s + at, e->len - at, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
		k = 1;
	return at + k;
}

/* The offset of the character before the one at at. */
static size_t
ui_edit_prev(const struct ui_edit *e, size_t at)
{
	size_t p = 0, q;

	while ((q = ui_edit_next(e, p)) < at)
		p = q;
	return p;
}

static void
ui_edit_insert(struct ui_edit *e, const char *bytes, size_t n)
{
	if (e->len + n + 1 > e->size) {
		e->size = (e->len + n + 1) * 2;
		e->s = xrealloc(e->s, e->size);
	}
	memmove(e->s + e->cur + n, e->s + e->cur, e->len - e->cur + 1);
	memcpy(e->s + e->cur, bytes, n);
	e->len += n;
	e->cur += n;
}

/* Remove the bytes from a to b. */
static void
ui_edit_delete(struct ui_edit *e, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(e->s + a, e->s + b, e->len - b + 1);
	e->len -= b - a;
	if (e->cur >= b)
		e->cur -= b - a;
	else if (e->cur > a)
		e->cur = a;
	if (e->off > e->cur)
		e->off = e->cur;
}

/* Read the rest of a UTF-8 character whose first byte was lead and insert
 * it; a key that does not continue it is put back. */
static void
ui_edit_utf8(struct tui *t, struct ui_edit *e, int lead)
{
	char bytes[4];
	size_t n = 1, need;
	int ch;

	if (lead < 0xc2 || lead > 0xf4)
		return;		/* never a first byte */
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	bytes[0] = (char)lead;
	while (n < need) {
		ch = tui_getkey(t, 100);
		if (ch < 0x80 || ch > 0xbf) {
			if (ch != ERR && ch != KEY_RESIZE)
				ungetch(ch);
			return;
		}
		bytes[n++] = (char)ch;
	}
	ui_edit_insert(e, bytes, n);
}

/* Is the text empty or only spaces? */
static int
ui_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* Keep the cursor inside a field of width columns. */
static int
ui_edit_scroll(struct ui_edit *e, int width)
{
	int col;

	if (e->off > e->cur)
		e->off = e->cur;
	for (;;) {
		col = ui_width_n(e->s + e->off, e->cur - e->off);
		if (col < width || e->off >= e->cur)
			return col;
		e->off = ui_edit_next(e, e->off);
	}
}

/* A line of text; with secret, nothing typed is shown and the buffer is
 * wiped. */
static char *
ui_input_field(struct tui *t, const char *title, const char *prompt,
    const char *initial, int required, int secret)
{
	struct ui_lines l = { NULL, 0 };
	struct ui_edit e;
	const char *error = NULL;
	char *result = NULL, c;
	size_t i, np = 0;
	int full = 1, done = 0, ch, h, w = 0, y, x, fy = 0, fx = 0, col;

	memset(&e, 0, sizeof e);
	e.size = secret ? 512 : 64;	/* a secret is not moved by a realloc */
	e.s = xmalloc(e.size);
	e.s[0] = '\0';
	if (initial != NULL) {
		ui_edit_insert(&e, initial, strlen(initial));
		e.cur = e.len;
	}
	while (!done) {
		if (full) {
			tui_draw(t);
			w = ui_box_width(t);
			ui_lines_free(&l);
			ui_wrap(&l, prompt, w - 4);
			full = 0;
		}
		if (!ui_small(t)) {
			np = l.n;
			if (np > (size_t)(t->rows - 2 - 7))
				np = (size_t)(t->rows - 2 - 7);
			h = (int)np + 7;
			y = 1 + (t->rows - 2 - h) / 2;
			x = (t->cols - w) / 2;
			ui_box(t, y, x, h, w, title);
			for (i = 0; i < np; i++)
				ui_text(t, y + 2 + (int)i, x + 2, w - 4, l.v[i],
				    A_NORMAL, 0);
			fy = y + 3 + (int)np;
			fx = x + 2;
			if (secret) {
				/* Not even its length is shown. */
				col = 0;
				ui_put(t, fy, fx, w - 4, "",
				    ui_attr(t, UI_FOCUS), 1, 0);
			} else {
				col = ui_edit_scroll(&e, w - 4);
				ui_put(t, fy, fx, w - 4, e.s + e.off,
				    ui_attr(t, UI_FOCUS), 1, 0);
			}
			if (error != NULL)
				ui_text(t, y + h - 2, x + 2, w - 4, error,
				    ui_attr(t, UI_FAILED), 0);
			else
				ui_text(t, y + h - 2, x + 2, w - 4, secret ?
				    _("Not shown as typed.  Enter accept  Esc "
				    "cancel") : _("Enter accept  Esc cancel"),
				    ui_attr(t, UI_DIM), 0);
			move(fy, fx + col);
			curs_set(1);
		}
		refresh();
		ch = tui_getkey(t, -1);
		/* Ctrl-C: asked here; No comes back to the entry as it was. */
		if (t->interrupt && !t->terminate && !t->quit) {
			if (tui_ask_leave(t)) {
				t->quit = 1;
				break;
			}
			full = 1;
			continue;
		}
		if (ui_ignored(t, ch))
			continue;
		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE) {
			full = 1;
			continue;
		}
		error = NULL;
		switch (ch) {
		case UI_ESC:
			done = 1;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
			if (required && ui_blank(e.s)) {
				error = _("An answer is needed here; Esc cancels.");
				break;
			}
			result = xstrdup(e.s);
			done = 1;
			break;
		case KEY_LEFT:
		case UI_CTRL('b'):
			e.cur = ui_edit_prev(&e, e.cur);
			break;
		case KEY_RIGHT:
		case UI_CTRL('f'):
			e.cur = ui_edit_next(&e, e.cur);
			break;
		case KEY_HOME:
		case UI_CTRL('a'):
			e.cur = 0;
			break;
		case KEY_END:
		case UI_CTRL('e'):
			e.cur = e.len;
			break;
		case KEY_BACKSPACE:
		case 127:
		case UI_CTRL('h'):
			if (e.cur > 0)
				ui_edit_delete(&e, ui_edit_prev(&e, e.cur),
				    e.cur);
			break;
		case KEY_DC:
		case UI_CTRL('d'):
			ui_edit_delete(&e, e.cur, ui_edit_next(&e, e.cur));
			break;
		case UI_CTRL('u'):
			ui_edit_delete(&e, 0, e.cur);
			break;
		case UI_CTRL('k'):
			ui_edit_delete(&e, e.cur, e.len);
			break;
		default:
			if (ch < 0x20 || ch > 0xff)
				break;
			if (t->utf8 && ch >= 0x80)
				ui_edit_utf8(t, &e, ch);
			else {
				c = (char)ch;
				ui_edit_insert(&e, &c, 1);
			}
			break;
		}
	}
	curs_set(0);
	ui_lines_free(&l);
	explicit_bzero(e.s, e.size);
	free(e.s);
	return result;
}

char *
ui_input(struct tui *t, const char *title, const char *prompt,
    const char *initial, int required)
{
	return ui_input_field(t, title, prompt, initial, required, 0);
}

char *
ui_password(struct tui *t, const char *title, const char *prompt)
{
	return ui_input_field(t, title, prompt, NULL, 0, 1);
}

/* The next choice after sel whose label starts with the letter ch. */
static size_t
ui_choose_letter(char *const *choices, size_t n, size_t sel, int ch)
{
	size_t i, k;
	int c;

	for (i = 1; i <= n; i++) {
		k = (sel + i) % n;
		c = (unsigned char)choices[k][0];
		if (c == ch || (ui_letter(c) && (c ^ 0x20) == ch))
			return k;
	}
	return sel;
}

int
ui_choose(struct tui *t, const char *title, const char *prompt,
    char *const *choices, size_t n, size_t initial)
{
	struct ui_lines l = { NULL, 0 };
	struct ui_scroll sc;
	enum key_action act;
	char *row;
	size_t i, np = 0;
	int full = 1, result = -2, ch, h, w = 0, y, x, view = 1, max;

	if (n == 0)
		return -1;
	memset(&sc, 0, sizeof sc);
	sc.n = n;
	sc.sel = initial < n ? initial : 0;
	while (result == -2) {
		if (full) {
			tui_draw(t);
			w = ui_box_width(t);
			ui_lines_free(&l);
			ui_wrap(&l, prompt, w - 4);
			full = 0;
		}
		if (!ui_small(t)) {
			/* The list gets at least 3 rows, the prompt the rest. */
			max = t->rows - 2 - 6;
			np = l.n;
			if (np > (size_t)(max - 3))
				np = (size_t)(max - 3);
			view = (int)n < max - (int)np ? (int)n : max - (int)np;
			ui_scroll_fix(&sc, view);
			h = (int)np + view + 6;
			y = 1 + (t->rows - 2 - h) / 2;
			x = (t->cols - w) / 2;
			ui_box(t, y, x, h, w, title);
			for (i = 0; i < np; i++)
				ui_text(t, y + 2 + (int)i, x + 2, w - 4, l.v[i],
				    A_NORMAL, 0);
			for (i = 0; i < (size_t)view && sc.top + i < n; i++) {
				row = xprintf(" %s ", choices[sc.top + i]);
				ui_text(t, y + 3 + (int)(np + i), x + 2, w - 4,
				    row, ui_attr(t, sc.top + i == sc.sel ?
				    UI_FOCUS : UI_NORMAL), 1);
				free(row);
			}
			ui_box_more(t, y, x, h, w, sc.top > 0,
			    sc.top + (size_t)view < n);
			ui_text(t, y + h - 2, x + 2, w - 4,
			    _("Enter choose  Esc cancel"), ui_attr(t, UI_DIM),
			    0);
		}
		refresh();
		ch = tui_getkey(t, -1);
		if (ui_ignored(t, ch))
			continue;
		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE) {
			full = 1;
			continue;
		}
		act = keys_action(ch, KEYS_ALL);
		if (act == KEY_ACT_ENTER)
			result = (int)sc.sel;
		else if (act == KEY_ACT_BACK)
			result = -1;
		else if (act == KEY_ACT_NEXT)
			ui_scroll_key(&sc, KEY_ACT_DOWN, view);
		else if (act == KEY_ACT_PREV)
			ui_scroll_key(&sc, KEY_ACT_UP, view);
		else if (!ui_scroll_key(&sc, act, view) && ch > ' ' &&
		    ch < 0x7f)
			sc.sel = ui_choose_letter(choices, n, sc.sel, ch);
	}
	ui_lines_free(&l);
	return result;
}

void
ui_pager(struct tui *t, const char *title, const char *text)
{
	struct ui_lines l = { NULL, 0 };
	enum key_action act;
	char *label, *status;
	size_t top = 0, view = 1, i;
	int full = 1, done = 0, ch, h = 0, w = 0;
	const int y = 1, x = 0;		/* the whole body */

	while (!done) {
		if (full) {
			tui_draw(t);
			w = t->cols;
			h = t->rows - 2;
			ui_lines_free(&l);
			ui_wrap_exact(&l, text != NULL ? text : "", w - 4);
			full = 0;
		}
		if (!ui_small(t)) {
			view = (size_t)(h - 2);
			if (top + view > l.n)
				top = l.n > view ? l.n - view : 0;
			ui_box(t, y, x, h, w, title);
			for (i = 0; i < view && top + i < l.n; i++)
				ui_put(t, y + 1 + (int)i, x + 2, w - 4,
				    l.v[top + i], A_NORMAL, 0, 0);
			label = xprintf(_("Lines %zu-%zu of %zu; Enter or Esc closes"),
			    l.n == 0 ? 0 : top + 1,
			    top + view < l.n ? top + view : l.n, l.n);
			status = xprintf(" %s ", label);
			ui_text(t, y + h - 1, x + 2, w - 6, status, A_BOLD, 0);
			free(status);
			free(label);
			ui_box_more(t, y, x, h, w, top > 0, top + view < l.n);
		}
		refresh();
		ch = tui_getkey(t, -1);
		if (ui_ignored(t, ch))
			continue;
		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE) {
			full = 1;
			continue;
		}
		act = keys_action(ch, KEYS_ALL);
		if (ch == ' ')
			act = KEY_ACT_PGDN;
		if (ui_view_key(&top, l.n, view, act))
			continue;
		switch (act) {
		case KEY_ACT_LEFT:
		case KEY_ACT_RIGHT:
		case KEY_ACT_REDRAW:
			break;
		default:
			/* Any other key closes. */
			done = 1;
			break;
		}
	}
	ui_lines_free(&l);
}
