/* tui.h: the ncurses front end: its state, the screen interface, and the
 * screens. The front end calls the engine; the engine never calls it (it
 * reports through engine_ops callbacks).
 *
 * One event loop (loop.c) owns the terminal. Screens are a stack: the top
 * one draws the body between the title line (row 0) and the key-hint line
 * (the last row). A screen's key handler returns flags; it never calls
 * another screen's code, it pushes a new screen with tui_push. */
#ifndef TUI_H
#define TUI_H

#include <signal.h>
#include <stddef.h>

#include "answers.h"
#include "checklist.h"
#include "cmd.h"
#include "engine.h"
#include "keys.h"
#include "session.h"

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

/* What a key handler tells the loop. */
#define SCR_HANDLED	0x01	/* the key was used */
#define SCR_REDRAW	0x02	/* draw again */
#define SCR_BACK	0x04	/* pop this screen */
#define SCR_QUIT	0x08	/* leave the wizard (the session stays) */

struct tui;
struct screen;

struct screen_type {
	const char	*name;		/* "start", "setup", ...: for tests, help */
	unsigned	 keymask;	/* KEYS_* context bits of keys.h */
	/* Draw the body (rows 1 .. LINES-2). */
	void		(*draw)(struct tui *, struct screen *);
	/* A semantic action (ch: the raw key, for text entry). */
	int		(*key)(struct tui *, struct screen *, enum key_action,
			    int ch);
	/* Short hints for the bottom line, translated: "Enter run  a ack". */
	const char	*(*hints)(struct tui *, struct screen *);
	void		(*free)(struct screen *);
};

struct screen {
	const struct screen_type *type;
	void			 *data;		/* the screen's own state */
};

/* The live output of a running command: the last lines, kept in a ring.
 * A line is kept as the command wrote it (the part the pane can show) and
 * made fit for the pane only when it is drawn (tui_output_line): of a
 * busy command's lines, most are replaced before anyone sees them. */
#define TUI_OUTPUT_LINES 1000
struct tui_output {
	char		*lines[TUI_OUTPUT_LINES];
	size_t		 size[TUI_OUTPUT_LINES];	/* bytes allocated */
	size_t		 len[TUI_OUTPUT_LINES];		/* bytes of a raw line */
	unsigned char	 raw[TUI_OUTPUT_LINES];		/* not made fit yet */
	unsigned char	 stream[TUI_OUTPUT_LINES];	/* 1 stdout, 2 stderr */
	size_t		 first;		/* index of the oldest line */
	size_t		 n;		/* lines held */
	unsigned long long total;	/* lines seen */
	long long	 started_ms;	/* util_now_ms when the command began */
	const struct step *step;	/* the step running, or NULL */
};

struct tui {
	struct cmd_opts		*opts;
	/* The guide and session being walked; NULL on the start screen. */
	struct guide		*g;
	struct session		*s;
	struct answers		*a;		/* never used by the wizard: NULL */
	struct engine		 e;
	/* Terminal facts, set by ui_begin and on resize. */
	int			 rows, cols;
	int			 utf8;		/* draw lines with Unicode, else ASCII */
	int			 color;		/* colour pairs in use */
	/* Flags set by signal handlers (loop.c), read by the loop. */
	volatile sig_atomic_t	 resized;
	volatile sig_atomic_t	 terminate;	/* SIGTERM or SIGHUP: leave */
	volatile sig_atomic_t	 interrupt;	/* SIGINT: ask before leaving */
	volatile sig_atomic_t	 cancel;	/* stop the running command */
	/* The screen stack. */
	struct screen		*stack[16];
	int			 depth;
	/* A message for the bottom line until the next key. */
	char			*message;
	int			 message_error;
	struct tui_output	 out;
	/* A question asked while a command runs: drawn over the screen and
	 * answered through tui_pump, the command going on meanwhile. */
	enum tui_ask {
		TUI_ASK_NONE = 0,
		TUI_ASK_STOP,		/* x: stop the command? */
		TUI_ASK_QUIT,		/* q: leave, stopping it? */
		TUI_ASK_LEAVE		/* Ctrl-C: leave? */
	}			 ask;
	int			 quit;		/* the loop ends */
	/* Training mode: the open guide's training data (NULL otherwise),
	 * and a rebuild asked for from the training menu, done by the loop
	 * once the key handler has returned. */
	struct training		*training;
	int			 retrain;
	char			*retrain_fault;
};

/* tui.c: the front end's entry point (main.c calls it when no command is
 * given). Opens the terminal, runs the loop from the start screen (or the
 * guide given with --guide), restores the terminal. Returns an exit status. */
int	 tui_main(struct cmd_opts *);
/* Open a guide's session (taking its lock) and make it the current one;
 * resume it (interrupted steps, drift) with notes to the message line.
 * Returns -1 with *cause (the lock holder, a bad checklist). */
int	 tui_open_guide(struct tui *, const char *id, char **cause);
/* Open a guide and show its stages, with the setup screen on top when a
 * required variable or a question of the guide has no value yet. On
 * failure the reason is the error message and nothing is pushed. */
int	 tui_enter_guide(struct tui *, const char *id);
/* Close the current session (the lock is released; the journal is already
 * safe); write the snapshot first. */
void	 tui_close_guide(struct tui *);
/* Stop the running command: recorded as interrupted (a signal, leaving
 * the wizard) or as cancelled (a person's x; only while it still runs).
 * Only sets flags: safe in a signal handler. */
void	 tui_stop_command(struct tui *, int interrupt);
/* x while a command runs: ask over the screen whether to stop it. */
void	 tui_ask_stop(struct tui *);
/* Set the engine's ops for running steps (live output into t->out, the
 * tick that pumps the loop, the cancel flag, the notes). */
void	 tui_command_ops(struct tui *);
/* Empty the live output. */
void	 tui_output_clear(struct tui_output *);
/* Line i of the live output (0 the oldest held), fit for the pane; its
 * stream in *stream. */
const char *tui_output_line(struct tui_output *, size_t i, int *stream);
/* Is the terminal below TUI_MIN_COLS x TUI_MIN_ROWS? Keys are ignored. */
int	 tui_small(const struct tui *);
/* The resolved and the total steps of the engine's guide, and the first
 * stage not recorded complete (nstages when all are). */
void	 tui_progress(struct engine *, size_t *resolved, size_t *total,
	    size_t *stage);
/* Does variable i (question 0) or question i (question 1) still want a
 * value? With i (size_t)-1: does any? */
int	 tui_value_missing(struct tui *, int question, size_t i);
/* Mark a stage complete, with the engine's refusal as the error message.
 * Returns 0 when it is (or already was) complete. */
int	 tui_complete_stage(struct tui *, const struct stage *);
/* Answer a question with ui_choose (title, prompt from the caller); the
 * result as a message. 1 when an answer was recorded. */
int	 tui_answer(struct tui *, const char *id, const char *title,
	    const char *prompt, char *const *choices, size_t nchoices,
	    const char *fallback);
/* Training: the menu of the T key (reset, inject a fault, show the
 * sandbox and the text); SCR_* flags. */
int	 tui_training_menu(struct tui *);
/* Training: rebuild the sandbox and the session the menu asked for, and
 * open the new session (every screen above the start screen is closed).
 * Called by the loop, never from a key handler. */
void	 tui_training_rebuild(struct tui *);
/* Ctrl-C: ask whether to leave (modal); 1 when the wizard is to leave. */
int	 tui_ask_leave(struct tui *);
/* Show a message on the bottom line (printf-like, already translated). */
void	 tui_message(struct tui *, int error, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/* loop.c: the event loop. */
/* Install the signal handlers (SIGWINCH, SIGINT, SIGTERM, SIGHUP; SIGPIPE
 * ignored); with NULL, put the defaults back. */
void	 tui_signals(struct tui *);
/* Run until quit: poll the keyboard, handle resize and signals in one
 * place, draw the top screen, dispatch keys. */
void	 tui_run(struct tui *);
/* Handle what is pending without waiting (the keyboard, a resize, the
 * signal flags) and draw: what the running-command tick calls. */
void	 tui_pump(struct tui *);
/* Draw everything now: title, body of the top screen, hints, message; or
 * the "too small" screen. */
void	 tui_draw(struct tui *);
void	 tui_push(struct tui *, struct screen *);
void	 tui_pop(struct tui *);
struct screen *tui_top(struct tui *);
/* Read one key (blocking up to timeout_ms, -1 forever) as the loop does,
 * handling resize meanwhile: for modal widgets. Returns ERR on timeout. */
int	 tui_getkey(struct tui *, int timeout_ms);

/* The screens: each returns a new screen to push. */
struct screen	*start_screen(struct tui *);
struct screen	*setup_screen(struct tui *);
struct screen	*stages_screen(struct tui *);
struct screen	*step_screen(struct tui *, const struct step *);
struct screen	*log_screen(struct tui *);
struct screen	*help_screen(struct tui *, const struct screen *about);
/* The report of the open session; NULL (with the reason as the message)
 * when it cannot be made. */
struct screen	*report_screen(struct tui *);

#endif
