/* keys.h: keys mapped to semantic actions in one table (dialog's DLGK_*),
 * so tests can inject actions and the help screen is made from the table. */
#ifndef KEYS_H
#define KEYS_H

enum key_action {
	KEY_ACT_NONE = 0,
	KEY_ACT_UP,
	KEY_ACT_DOWN,
	KEY_ACT_LEFT,
	KEY_ACT_RIGHT,
	KEY_ACT_PGUP,
	KEY_ACT_PGDN,
	KEY_ACT_HOME,
	KEY_ACT_END,
	KEY_ACT_NEXT,		/* Tab: next field or button */
	KEY_ACT_PREV,		/* Shift-Tab */
	KEY_ACT_ENTER,		/* choose, open, confirm */
	KEY_ACT_BACK,		/* Esc: go back */
	KEY_ACT_HELP,		/* ? or F1 */
	KEY_ACT_QUIT,		/* q: leave, the session stays */
	KEY_ACT_RUN,		/* r: run or re-run a check or action */
	KEY_ACT_ACK,		/* a: acknowledge a manual step */
	KEY_ACT_NA,		/* n: mark a manual step not applicable */
	KEY_ACT_WAIVE,		/* w: waive a failed check */
	KEY_ACT_COMPLETE,	/* c: mark the stage complete */
	KEY_ACT_CANCEL,		/* x: stop the running command */
	KEY_ACT_LOG,		/* l: the log screen */
	KEY_ACT_SETUP,		/* s: the setup screen */
	KEY_ACT_SEARCH,		/* /: search */
	KEY_ACT_SEARCH_NEXT,	/* n in the log: next match */
	KEY_ACT_NEXT_STEP,	/* ]: next step */
	KEY_ACT_PREV_STEP,	/* [: previous step */
	KEY_ACT_REDRAW,		/* Ctrl-L */
	KEY_ACT_TEST,		/* t: test a database connection */
	KEY_ACT_DISCOVER,	/* d: discover a database's settings */
	KEY_ACT_REPORT,		/* p: report a query run elsewhere */
	KEY_ACT_TRAINING,	/* T: the training menu */
	KEY_ACT_PREVIEW,	/* o: the session's report, to read and write */
	KEY_ACT_WRITE,		/* w in the report: write it to a file */
	KEY_ACT_COUNT
};

/* Contexts a binding applies in (screen_type.keymask). */
#define KEYS_ALL	0x01	/* every screen */
#define KEYS_LIST	0x02	/* lists: start, stages */
#define KEYS_SETUP	0x04
#define KEYS_STEP	0x08
#define KEYS_LOG	0x10
#define KEYS_RUNNING	0x20	/* while a command runs */
#define KEYS_GUIDE	0x40	/* the stages of an open guide */
#define KEYS_REPORT	0x80	/* the report of the session */

struct key_binding {
	int		 key;		/* a curses key code or a character */
	enum key_action	 action;
	unsigned	 contexts;	/* KEYS_* */
	const char	*name;		/* how to write the key: "Enter", "F1" */
	const char	*help;		/* N_(): what it does */
};

/* The table, ended by a row with key 0. */
extern const struct key_binding keys_table[];

/* The action of a key in a screen's contexts (KEYS_ALL always applies). */
enum key_action	 keys_action(int key, unsigned contexts);
/* The help text for a screen's contexts: one line per binding, "name  help",
 * names padded to a column; the caller frees it. */
char		*keys_help(unsigned contexts);

#endif
