/* ui.h: the terminal and the shared widgets: colours by meaning, text
 * measured in columns, wrapped text, a scrolling list, and the modal
 * prompts (confirm, text entry, choice). */
#ifndef UI_H
#define UI_H

#include <stddef.h>

#include "tui.h"

/* Colours by meaning, mapped to pairs in one table; monochrome terminals
 * and NO_COLOR get bold/reverse/underline instead. */
enum ui_color {
	UI_NORMAL = 0,
	UI_TITLE,		/* the title line */
	UI_HINTS,		/* the key-hint line */
	UI_OK,			/* passed, done, acknowledged */
	UI_FAILED,		/* failed, could not run, blocked */
	UI_WARNING,		/* warnings, waived, drift */
	UI_PENDING,		/* not done yet */
	UI_FOCUS,		/* the selected row or field */
	UI_DIM,			/* refs, skipped steps */
	UI_TRAINING,		/* the TRAINING banner */
	UI_COLOR_COUNT
};

/* Start curses (locale already set): cbreak, noecho, keypad, no delay on
 * Esc beyond 25 ms, colours unless --no-color, NO_COLOR or !has_colors(),
 * UTF-8 line drawing only when the locale's codeset is UTF-8. Registers
 * ui_end as the fatal hook. */
void	 ui_begin(struct tui *);
/* Restore the terminal; safe to call twice and from the fatal hook. */
void	 ui_end(void);
/* Read the size again after a resize. */
void	 ui_resize(struct tui *);

int	 ui_attr(const struct tui *, enum ui_color);
/* The colour for a step's status. */
enum ui_color ui_status_color(enum status);

/* Put text at (y, x), cut to at most width columns (measured with
 * wcwidth; a cut is marked with "..." or the ellipsis), padded with spaces
 * to width when pad is set. Returns the columns used. */
int	 ui_text(struct tui *, int y, int x, int width, const char *, int attr,
	    int pad);
/* A horizontal rule, in Unicode or ASCII. */
void	 ui_hline(struct tui *, int y, int x, int width);
/* The title line: the guide, the screen, TRAINING in training mode. */
void	 ui_title(struct tui *, const char *screen_title);
/* The last line: hints, or the message when there is one. */
void	 ui_hints(struct tui *, const char *hints);
/* The screen shown below 80x24: says so and what size it needs. */
void	 ui_too_small(struct tui *);

/* Wrapped text as lines (each a string, no newline), for drawing and
 * scrolling. The caller frees with ui_lines_free. */
struct ui_lines {
	char	**v;
	size_t	  n;
};
void	 ui_wrap(struct ui_lines *, const char *text, int width);
void	 ui_lines_add(struct ui_lines *, const char *line);
void	 ui_lines_free(struct ui_lines *);

/* A scrolling view over a number of rows: keeps the selection visible. */
struct ui_scroll {
	size_t	top;		/* first row shown */
	size_t	sel;		/* selected row */
	size_t	n;		/* rows in all */
};
/* Move by an action (up, down, page, home, end); returns 1 if it moved. */
int	 ui_scroll_key(struct ui_scroll *, enum key_action, int height);
void	 ui_scroll_fix(struct ui_scroll *, int height);

/* Modal prompts, drawn in a box over the screen; they handle resize and
 * return when answered. */
/* Yes or no: 1 yes, 0 no or Esc. */
int	 ui_confirm(struct tui *, const char *title, const char *text);
/* A line of text; NULL when Esc. With required, an empty answer is refused
 * with a message. The caller frees the result. */
char	*ui_input(struct tui *, const char *title, const char *prompt,
	    const char *initial, int required);
/* One of the choices: its index, or -1 when Esc. */
int	 ui_choose(struct tui *, const char *title, const char *prompt,
	    char *const *choices, size_t n, size_t initial);
/* Show text (scrollable) until a key: for previews too long for a box. */
void	 ui_pager(struct tui *, const char *title, const char *text);

#endif
