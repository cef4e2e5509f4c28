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
/* The left of a list's row: ">" in column 0 when it is the selection,
 * mark (e.g. "*" for the current stage, or NULL) in column 1. Returns the
 * attribute for the row's text: the focus colour when selected, else
 * normal. */
int	 ui_list_row(struct tui *, int y, int focus, const char *mark,
	    int normal);
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
/* Lines kept as they are (previews, output): tabs expanded, long lines cut
 * into pieces of width columns, spaces kept, nothing reflowed. */
void	 ui_wrap_exact(struct ui_lines *, const char *text, int width);
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

/* A view without a selection (help, a step's text, the pager, a box):
 * move its first row shown by an action over n rows, height shown.
 * Returns 1 when the action is one of scrolling (moved or not). */
int	 ui_view_key(size_t *top, size_t n, size_t height, enum key_action);

/* Modal prompts, drawn in a box over the screen; they handle resize and
 * return when answered. */
/* Yes or no: 1 yes, 0 no or Esc. */
int	 ui_confirm(struct tui *, const char *title, const char *text);
/* A line of text; NULL when Esc. With required, an empty answer is refused
 * with a message. The caller frees the result. */
char	*ui_input(struct tui *, const char *title, const char *prompt,
	    const char *initial, int required);
/* A password: nothing typed is shown; NULL when Esc. The caller wipes it
 * (util_wipe_free). */
char	*ui_password(struct tui *, const char *title, const char *prompt);
/* One of the choices: its index, or -1 when Esc. */
int	 ui_choose(struct tui *, const char *title, const char *prompt,
	    char *const *choices, size_t n, size_t initial);
/* Yes or no, with the preview's lines kept as they are (spaces and
 * indentation; long lines cut, the box scrolls). */
int	 ui_confirm_exact(struct tui *, const char *title, const char *text);
/* Does a key answer yes (1), no (0: n, Esc) or neither (-1)? */
int	 ui_yes_no(int ch);
/* Draw a question over the bottom of the body without waiting for the
 * answer (a running command's screen goes on being drawn). */
#define UI_ASK_ROWS 5	/* rows it takes above the bottom line */
void	 ui_ask(struct tui *, const char *text);
/* Show text (scrollable) until a key: for previews too long for a box. */
void	 ui_pager(struct tui *, const char *title, const char *text);

#endif
