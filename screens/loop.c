/* loop.c: the one event loop: signals set flags, the loop reads the
 * keyboard with poll(2), handles a resize in one place, asks before Ctrl-C
 * leaves, maps keys through the key table and hands them to the top screen
 * of the stack; and the same without waiting for a running command. */
#include "config.h"

#include "tui.h"

#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "ui.h"
#include "util.h"

/* How long one wait for a key lasts before the signal flags are looked at
 * again (a signal that comes between the look and the wait is seen then). */
#define LOOP_WAIT_MS	250
#define LOOP_ESC	27
/* How often the start screen is drawn again while idle. */
#define LOOP_IDLE_DRAW_MS 2000

/* The front end whose flags the signal handlers set. */
static struct tui *loop_tui;

/* What the title line calls each screen. */
static const struct {
	const char	*name;
	const char	*title;
} loop_titles[] = {
	{ "start", N_("Start") },
	{ "setup", N_("Setup") },
	{ "stages", N_("Stages") },
	{ "step", N_("Step") },
	{ "log", N_("Log") },
	{ "help", N_("Help") },
};

static void
loop_signal(int sig)
{
	struct tui *t = loop_tui;

	if (t == NULL)
		return;
	switch (sig) {
	case SIGWINCH:
		t->resized = 1;
		break;
	case SIGINT:
		t->interrupt = 1;
		break;
	default:
		/* SIGTERM, SIGHUP: leave; a running command is stopped and
		 * recorded as interrupted. */
		t->terminate = 1;
		tui_stop_command(t, 1);
		break;
	}
}

/* With NULL, the handlers are taken away again (before the tui is freed). */
void
tui_signals(struct tui *t)
{
	static const int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	if (t == NULL) {
		loop_tui = NULL;
		sa.sa_handler = SIG_DFL;
	} else {
		sa.sa_handler = loop_signal;
		loop_tui = t;
	}
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static int
loop_is_help(const struct screen *scr)
{
	return strcmp(scr->type->name, "help") == 0;
}

static const char *
loop_title(const struct screen *scr)
{
	size_t i;

	if (scr == NULL)
		return "";
	for (i = 0; i < sizeof loop_titles / sizeof loop_titles[0]; i++) {
		if (strcmp(loop_titles[i].name, scr->type->name) == 0)
			return _(loop_titles[i].title);
	}
	return scr->type->name;
}

/* The one place a resize is handled: read the size (curses repaints all of
 * the screen when it changed) and the next draw lays every screen out
 * again. A burst of SIGWINCH is one flag. Returns 1 if the size changed. */
static int
loop_resize(struct tui *t)
{
	int rows = t->rows, cols = t->cols;

	t->resized = 0;
	ui_resize(t);
	return t->rows != rows || t->cols != cols;
}

/* The terminal is gone (lost ssh): leave as SIGHUP would. */
static void
loop_hangup(struct tui *t)
{
	t->terminate = 1;
	tui_stop_command(t, 1);
}

/* A key if one comes within timeout_ms (0: only what is there), else ERR.
 * A signal ends the wait early. */
static int
loop_read(struct tui *t, int timeout_ms)
{
	struct pollfd pfd;
	int ch;

	timeout(0);
	ch = getch();
	if (ch != ERR || timeout_ms == 0)
		return ch;
	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, timeout_ms) <= 0)
		return ERR;
	ch = getch();
	if (ch == ERR && (pfd.revents & (POLLHUP|POLLERR|POLLNVAL)))
		loop_hangup(t);
	return ch;
}

int
tui_getkey(struct tui *t, int timeout_ms)
{
	long long end = util_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	long long left;
	int ch, wait;

	for (;;) {
		if (t->resized) {
			loop_resize(t);
			return KEY_RESIZE;
		}
		/* Leaving, or Ctrl-C: the prompt is abandoned like Esc; the
		 * loop deals with the flag when the screen returns. */
		if (t->terminate || t->interrupt || t->quit)
			return LOOP_ESC;
		wait = LOOP_WAIT_MS;
		if (timeout_ms >= 0) {
			left = end - util_now_ms();
			if (left < 0)
				left = 0;
			if (left < wait)
				wait = (int)left;
		}
		ch = loop_read(t, wait);
		if (ch == KEY_RESIZE) {
			loop_resize(t);
			return KEY_RESIZE;
		}
		if (ch != ERR)
			return ch;
		if (timeout_ms >= 0 && util_now_ms() >= end)
			return ERR;
	}
}

int
tui_small(const struct tui *t)
{
	return t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS;
}

int
tui_ask_leave(struct tui *t)
{
	int yes;

	t->interrupt = 0;
	yes = ui_confirm(t, _("Leave the wizard"),
	    _("Leave the wizard? The session is saved; run it again to go on."));
	/* A second Ctrl-C while asking only closed the question. */
	t->interrupt = 0;
	return yes == 1;
}

/* Leave the wizard; a running command is stopped (after asking, without
 * holding the command up) and recorded as interrupted. */
static void
loop_quit(struct tui *t, int running)
{
	if (running) {
		t->ask = TUI_ASK_QUIT;
		return;
	}
	t->quit = 1;
}

/* Ctrl-C: ask before leaving; while a command runs, the question is asked
 * over the screen and the command goes on meanwhile. */
static void
loop_interrupt(struct tui *t, int running)
{
	if (running) {
		t->interrupt = 0;
		if (t->ask != TUI_ASK_QUIT)
			t->ask = TUI_ASK_LEAVE;
		return;
	}
	if (tui_ask_leave(t))
		t->quit = 1;
}

/* A key while a question is asked over a running command: y or n (Esc). */
static void
loop_answer(struct tui *t, int ch)
{
	int yes = ui_yes_no(ch);

	if (yes == -1)
		return;
	if (yes == 1) {
		if (t->ask == TUI_ASK_STOP)
			tui_stop_command(t, 0);
		else {
			tui_stop_command(t, 1);
			t->quit = 1;
		}
	}
	t->ask = TUI_ASK_NONE;
}

void
tui_ask_stop(struct tui *t)
{
	if (t->out.step != NULL && !t->cancel && t->ask == TUI_ASK_NONE)
		t->ask = TUI_ASK_STOP;
}

/* What the question over a running command says. */
static const char *
loop_ask_text(const struct tui *t)
{
	switch (t->ask) {
	case TUI_ASK_STOP:
		return _("Stop the command?");
	case TUI_ASK_QUIT:
		return _("A command is running. Leaving stops it, and it is recorded as interrupted. Leave the wizard?");
	case TUI_ASK_LEAVE:
		return _("Leave the wizard? The session is saved; run it again to go on.");
	case TUI_ASK_NONE:
		break;
	}
	return NULL;
}

/* Take a screen off the stack wherever it is, and free it. */
static void
loop_remove(struct tui *t, struct screen *scr)
{
	int i;

	for (i = t->depth - 1; i >= 0; i--) {
		if (t->stack[i] != scr)
			continue;
		memmove(&t->stack[i], &t->stack[i + 1],
		    (size_t)(t->depth - i - 1) * sizeof t->stack[0]);
		t->stack[--t->depth] = NULL;
		if (scr->type->free != NULL)
			scr->type->free(scr);
		else
			free(scr);
		return;
	}
}

/* While a command runs, the screen under it gets only the keys that cannot
 * start anything: moving about and stopping the command. */
static int
loop_running_key(const struct screen *scr, enum key_action act)
{
	if (loop_is_help(scr))
		return 1;
	switch (act) {
	case KEY_ACT_UP:
	case KEY_ACT_DOWN:
	case KEY_ACT_LEFT:
	case KEY_ACT_RIGHT:
	case KEY_ACT_PGUP:
	case KEY_ACT_PGDN:
	case KEY_ACT_HOME:
	case KEY_ACT_END:
	case KEY_ACT_CANCEL:
		return 1;
	default:
		return 0;
	}
}

/* One key: help, quit and redraw for every screen; the rest to the top
 * screen, whose flags are obeyed. */
static void
loop_key(struct tui *t, int ch, int running)
{
	struct screen *top = tui_top(t);
	enum key_action act;
	unsigned mask;
	int flags = 0;

	if (top == NULL) {
		t->quit = 1;
		return;
	}
	mask = top->type->keymask | KEYS_ALL;
	if (running)
		mask |= KEYS_RUNNING;
	act = keys_action(ch, mask);

	/* Below 80x24 the screen is hidden: a key could act on what is not
	 * seen, so only Ctrl-L does anything. */
	if (tui_small(t)) {
		if (act == KEY_ACT_REDRAW)
			clearok(curscr, TRUE);
		return;
	}
	if (t->ask != TUI_ASK_NONE) {
		if (act == KEY_ACT_REDRAW)
			clearok(curscr, TRUE);
		else
			loop_answer(t, ch);
		return;
	}

	/* The message stays until the next key. */
	free(t->message);
	t->message = NULL;
	t->message_error = 0;

	switch (act) {
	case KEY_ACT_CANCEL:
		if (!running)
			break;
		/* x stops the command from whatever screen is on top. */
		tui_ask_stop(t);
		return;
	case KEY_ACT_HELP:
		/* ? again closes the help. */
		if (!loop_is_help(top))
			tui_push(t, help_screen(t, top));
		else
			loop_remove(t, top);
		return;
	case KEY_ACT_QUIT:
		loop_quit(t, running);
		return;
	case KEY_ACT_REDRAW:
		clearok(curscr, TRUE);
		return;
	case KEY_ACT_LOG:
	case KEY_ACT_SETUP:
		/* The key table says on which screens they apply. */
		if (!running)
			tui_push(t, act == KEY_ACT_LOG ? log_screen(t) :
			    setup_screen(t));
		return;
	default:
		break;
	}
	if (running && !loop_running_key(top, act))
		return;
	if (top->type->key != NULL)
		flags = top->type->key(t, top, act, ch);
	/* Esc goes back from any screen that does not use it, but the last. */
	if (act == KEY_ACT_BACK && !(flags & SCR_HANDLED) && t->depth > 1)
		flags |= SCR_BACK;
	if (flags & SCR_QUIT)
		loop_quit(t, running);
	if ((flags & SCR_BACK) && (!running || loop_is_help(top)))
		loop_remove(t, top);
	/* A rebuild of the training asked for from its menu: now that no
	 * key handler holds a screen. */
	if (t->retrain && !running)
		tui_training_rebuild(t);
}

void
tui_run(struct tui *t)
{
	long long drawn = 0;
	int ch, dirty = 1;

	while (!t->quit && !t->terminate && t->depth > 0) {
		if (t->resized) {
			if (loop_resize(t))
				dirty = 1;
			continue;
		}
		if (t->interrupt) {
			loop_interrupt(t, 0);
			dirty = 1;
			continue;
		}
		if (dirty) {
			tui_draw(t);
			drawn = util_now_ms();
			dirty = 0;
		}
		ch = loop_read(t, LOOP_WAIT_MS);
		if (ch == ERR) {
			/* The start screen follows other wizards' sessions:
			 * drawn again every while when nothing happens. */
			if (tui_top(t) != NULL &&
			    strcmp(tui_top(t)->type->name, "start") == 0 &&
			    util_now_ms() - drawn >= LOOP_IDLE_DRAW_MS)
				dirty = 1;
			continue;
		}
		if (ch == KEY_RESIZE) {
			/* curses saw it too (it queues one after resizeterm). */
			t->resized = 1;
			continue;
		}
		loop_key(t, ch, t->out.step != NULL);
		dirty = 1;
	}
}

void
tui_pump(struct tui *t)
{
	int ch;

	if (t->resized)
		loop_resize(t);
	if (t->interrupt && !t->terminate)
		loop_interrupt(t, 1);
	while (!t->quit && !t->terminate && (ch = loop_read(t, 0)) != ERR) {
		if (ch == KEY_RESIZE) {
			loop_resize(t);
			continue;
		}
		loop_key(t, ch, 1);
		if (t->resized)
			loop_resize(t);
	}
	if (t->terminate || t->quit) {
		/* The command is stopped; the loop leaves when it returns. */
		tui_stop_command(t, 1);
		return;
	}
	tui_draw(t);
}

void
tui_draw(struct tui *t)
{
	struct screen *top = tui_top(t);
	const char *hints = NULL;

	if (tui_small(t))
		ui_too_small(t);
	else {
		erase();
		ui_title(t, loop_title(top));
		if (top != NULL && top->type->draw != NULL)
			top->type->draw(t, top);
		if (t->ask != TUI_ASK_NONE) {
			ui_ask(t, loop_ask_text(t));
			hints = _("y yes  n no (the command goes on meanwhile)");
		} else if (top != NULL && top->type->hints != NULL)
			hints = top->type->hints(t, top);
		ui_hints(t, hints != NULL ? hints : "");
	}
	refresh();
}

void
tui_push(struct tui *t, struct screen *scr)
{
	if (scr == NULL)
		return;
	if (t->depth >= (int)(sizeof t->stack / sizeof t->stack[0])) {
		if (scr->type->free != NULL)
			scr->type->free(scr);
		else
			free(scr);
		tui_message(t, 1, "%s",
		    _("Too many screens are open; go back with Esc first."));
		return;
	}
	t->stack[t->depth++] = scr;
}

void
tui_pop(struct tui *t)
{
	if (t->depth > 0)
		loop_remove(t, t->stack[t->depth - 1]);
}

struct screen *
tui_top(struct tui *t)
{
	return t->depth > 0 ? t->stack[t->depth - 1] : NULL;
}
