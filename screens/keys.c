/* keys.c: the one table of keys and what they do, in which screens; the
 * event loop maps keys through it and the help screen is written from it. */
#include "config.h"

#include "keys.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "text.h"
#include "xmalloc.h"

/* Ctrl-L. */
#define KEYS_CTRL_L	12
#define KEYS_ESC	27

/*
 * Rows without a name are aliases of the row above them and are left out
 * of the help. Rows of the same action next to each other with the same
 * help are written on one line ("?, F1").
 */
const struct key_binding keys_table[] = {
	{ KEY_UP, KEY_ACT_UP, KEYS_ALL, N_("Up"), N_("move up") },
	{ KEY_DOWN, KEY_ACT_DOWN, KEYS_ALL, N_("Down"), N_("move down") },
	{ KEY_LEFT, KEY_ACT_LEFT, KEYS_ALL, N_("Left"), N_("move left") },
	{ KEY_RIGHT, KEY_ACT_RIGHT, KEYS_ALL, N_("Right"), N_("move right") },
	{ KEY_PPAGE, KEY_ACT_PGUP, KEYS_ALL, N_("PgUp"), N_("one page up") },
	{ KEY_NPAGE, KEY_ACT_PGDN, KEYS_ALL, N_("PgDn"), N_("one page down") },
	{ KEY_HOME, KEY_ACT_HOME, KEYS_ALL, N_("Home"), N_("go to the top") },
	{ KEY_END, KEY_ACT_END, KEYS_ALL, N_("End"), N_("go to the bottom") },
	{ '\t', KEY_ACT_NEXT, KEYS_ALL, N_("Tab"),
	  N_("next field or button") },
	{ KEY_BTAB, KEY_ACT_PREV, KEYS_ALL, N_("Shift-Tab"),
	  N_("previous field or button") },
	{ '\n', KEY_ACT_ENTER, KEYS_ALL, N_("Enter"),
	  N_("choose, open or confirm") },
	{ '\r', KEY_ACT_ENTER, KEYS_ALL, NULL, NULL },
	{ KEY_ENTER, KEY_ACT_ENTER, KEYS_ALL, NULL, NULL },
	{ KEYS_ESC, KEY_ACT_BACK, KEYS_ALL, N_("Esc"), N_("go back") },
	{ '?', KEY_ACT_HELP, KEYS_ALL, "?", N_("show the keys") },
	{ KEY_F(1), KEY_ACT_HELP, KEYS_ALL, N_("F1"), N_("show the keys") },
	{ 'q', KEY_ACT_QUIT, KEYS_ALL, "q",
	  N_("leave the wizard (the session is kept)") },
	{ 'r', KEY_ACT_RUN, KEYS_STEP, "r", N_("run the step, or run it again") },
	{ 'a', KEY_ACT_ACK, KEYS_STEP, "a",
	  N_("acknowledge a manual step (with an optional note)") },
	{ 'n', KEY_ACT_NA, KEYS_STEP, "n",
	  N_("mark a manual step not applicable (with a reason)") },
	{ 'w', KEY_ACT_WAIVE, KEYS_STEP, "w",
	  N_("waive a failed check (with a reason)") },
	{ 'c', KEY_ACT_COMPLETE, KEYS_GUIDE|KEYS_STEP, "c",
	  N_("mark the stage complete") },
	{ 'x', KEY_ACT_CANCEL, KEYS_RUNNING, "x",
	  N_("stop the running command") },
	{ 'l', KEY_ACT_LOG, KEYS_GUIDE|KEYS_SETUP|KEYS_STEP, "l",
	  N_("show the log") },
	{ 's', KEY_ACT_SETUP, KEYS_GUIDE|KEYS_STEP, "s",
	  N_("change the variables and answers") },
	{ 't', KEY_ACT_TEST, KEYS_SETUP, "t",
	  N_("test the connection to a database") },
	{ 'd', KEY_ACT_DISCOVER, KEYS_SETUP, "d",
	  N_("look for a database's settings in the product's files") },
	{ 'p', KEY_ACT_REPORT, KEYS_STEP, "p",
	  N_("report the result of a query run elsewhere (Oracle, SQL Server)") },
	{ 'o', KEY_ACT_PREVIEW, KEYS_GUIDE, "o",
	  N_("read the report of the session, then write it to a file") },
	{ 'w', KEY_ACT_WRITE, KEYS_REPORT, "w",
	  N_("write the report to a file (text, markdown, HTML or YAML)") },
	{ 'T', KEY_ACT_TRAINING, KEYS_GUIDE, "T",
	  N_("training: reset the sandbox, inject a fault, show the sandbox") },
	{ '/', KEY_ACT_SEARCH, KEYS_LOG, "/", N_("search") },
	{ 'n', KEY_ACT_SEARCH_NEXT, KEYS_LOG, "n", N_("find the next match") },
	{ ']', KEY_ACT_NEXT_STEP, KEYS_STEP, "]", N_("next step") },
	{ '[', KEY_ACT_PREV_STEP, KEYS_STEP, "[", N_("previous step") },
	{ KEYS_CTRL_L, KEY_ACT_REDRAW, KEYS_ALL, N_("Ctrl-L"),
	  N_("draw the screen again") },
	{ 0, KEY_ACT_NONE, 0, NULL, NULL }
};

enum key_action
keys_action(int key, unsigned contexts)
{
	const struct key_binding *b;

	contexts |= KEYS_ALL;
	for (b = keys_table; b->key != 0; b++) {
		if (b->key == key && (b->contexts & contexts) != 0)
			return b->action;
	}
	return KEY_ACT_NONE;
}

char *
keys_help(unsigned contexts)
{
	const struct key_binding *b, *last = NULL;
	struct buf *names = NULL;
	const char **helps = NULL;
	struct buf out = BUF_INIT;
	size_t n = 0, i;
	int w, widest = 0;

	contexts |= KEYS_ALL;
	for (b = keys_table; b->key != 0; b++) {
		if (b->name == NULL || (b->contexts & contexts) == 0)
			continue;
		if (last != NULL && last->action == b->action &&
		    strcmp(last->help, b->help) == 0) {
			buf_adds(&names[n - 1], ", ");
			buf_adds(&names[n - 1], _(b->name));
		} else {
			names = xreallocarray(names, n + 1, sizeof *names);
			helps = xreallocarray(helps, n + 1, sizeof *helps);
			memset(&names[n], 0, sizeof names[n]);
			buf_adds(&names[n], _(b->name));
			helps[n] = _(b->help);
			n++;
		}
		last = b;
	}
	for (i = 0; i < n; i++) {
		w = text_width(buf_str(&names[i]));
		if (w > widest)
			widest = w;
	}
	for (i = 0; i < n; i++) {
		buf_adds(&out, buf_str(&names[i]));
		for (w = text_width(buf_str(&names[i])); w < widest + 2; w++)
			buf_addc(&out, ' ');
		buf_adds(&out, helps[i]);
		buf_addc(&out, '\n');
		buf_free(&names[i]);
	}
	free(names);
	free(helps);
	return buf_steal(&out);
}
