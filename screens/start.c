/* start.c: the start screen: the guides found in the checklist folders,
 * each with its session when one is in progress (how far it has got, and
 * who holds it when it is in use). Enter starts or resumes a guide. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklist.h"
#include "cmd.h"
#include "engine.h"
#include "i18n.h"
#include "lock.h"
#include "session.h"
#include "text.h"
#include "training.h"
#include "tui.h"
#include "ui.h"
#include "util.h"
#include "xmalloc.h"

/* How often (ms) the list is read again while the screen is shown: another
 * wizard may take or leave a session meanwhile. */
#define START_RELOAD_MS 2000

struct start_entry {
	char	*id;		/* the guide's id, or the file's name */
	char	*path;		/* the checklist file: what Enter opens */
	char	*line;		/* "ID  TITLE (FROM -> TO)" */
	char	*session;	/* the session's row, or NULL */
	int	 session_error;	/* the session could not be read */
	char	*problem;	/* why it cannot be opened, or NULL */
};

struct start_data {
	struct start_entry	*v;
	size_t			 n;
	size_t			 top;		/* first entry shown */
	size_t			 sel;		/* selected entry */
	long long		 loaded;	/* util_now_ms of the last load */
	int			 stale;		/* read again at the next draw */
};

static void
start_clear(struct start_data *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].id);
		free(d->v[i].path);
		free(d->v[i].line);
		free(d->v[i].session);
		free(d->v[i].problem);
	}
	free(d->v);
	d->v = NULL;
	d->n = 0;
}

static struct start_entry *
start_add(struct start_data *d)
{
	struct start_entry *e;

	d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
	e = &d->v[d->n++];
	memset(e, 0, sizeof *e);
	return e;
}

static int
start_known(const struct start_data *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (strcmp(d->v[i].id, id) == 0)
			return 1;
	}
	return 0;
}

/* The session row of a guide: how far its session has got and who holds
 * it; NULL when there is no session. */
static char *
start_session_row(struct tui *t, const struct guide *g, int *error)
{
	struct lock_holder h;
	struct session *s;
	struct engine e;
	char *dir, *path, *cause = NULL, *row;
	size_t stage, resolved, total;

	*error = 0;
	dir = cmd_session_dir(t->opts, g->id);
	if (!session_exists(dir)) {
		free(dir);
		return NULL;
	}
	s = session_load(dir, &cause);
	if (s == NULL) {
		free(dir);
		*error = 1;
		return cause;
	}
	engine_init(&e, g, s, NULL);
	e.readonly = 1;
	tui_progress(&e, &resolved, &total, &stage);
	if (stage == g->nstages && stage > 0)
		stage--;
	engine_clear(&e);
	session_close(s);

	memset(&h, 0, sizeof h);
	path = util_path_join(dir, "lock");
	if (lock_query(path, &h, &cause) == 1) {
		/* TRANSLATORS: the second row of a guide on the start screen. */
		row = xprintf(P_("session: %zu of %zu step resolved, stage %zu of %zu, in use by %s on %s (process %ld)",
		    "session: %zu of %zu steps resolved, stage %zu of %zu, in use by %s on %s (process %ld)",
		    total),
		    resolved, total, stage + 1, g->nstages, h.user, h.host,
		    (long)h.pid);
	} else {
		row = xprintf(P_("session: %zu of %zu step resolved, stage %zu of %zu",
		    "session: %zu of %zu steps resolved, stage %zu of %zu",
		    total),
		    resolved, total, stage + 1, g->nstages);
	}
	free(cause);
	lock_holder_clear(&h);
	free(path);
	free(dir);
	return row;
}

/* One checklist file: a guide that can be opened, or one with problems. */
static void
start_add_file(struct tui *t, struct start_data *d, const char *path,
    const char *name)
{
	struct diags diags = DIAGS_INIT;
	struct start_entry *e;
	struct guide *g;

	g = checklist_load(path, &diags);
	if (t->opts->training && (g == NULL || !training_available(g))) {
		/* Training: only the guides with training data. */
		checklist_free(g);
		diags_free(&diags);
		return;
	}
	if (g != NULL && start_known(d, g->id)) {
		/* An earlier folder has this guide: that one is used. */
		checklist_free(g);
		diags_free(&diags);
		return;
	}
	e = start_add(d);
	e->path = xstrdup(path);
	if (g == NULL) {
		diags_sort(&diags);
		e->id = xstrdup(name);
		e->line = xprintf(P_("%s  %zu problem (see 'validate')",
		    "%s  %zu problems (see 'validate')", diags.n),
		    name, diags.n);
		if (diags.n == 1) {
			e->problem = xprintf("%s:%d:%d: %s", diags.v[0].file,
			    diags.v[0].line, diags.v[0].col, diags.v[0].msg);
		} else if (diags.n > 1) {
			e->problem = xprintf(P_("%s:%d:%d: %s (and %zu more problem; see 'validate')",
			    "%s:%d:%d: %s (and %zu more problems; see 'validate')",
			    diags.n - 1), diags.v[0].file, diags.v[0].line,
			    diags.v[0].col, diags.v[0].msg, diags.n - 1);
		} else
			e->problem = xprintf(_("%s cannot be read"), path);
		diags_free(&diags);
		return;
	}
	diags_free(&diags);
	e->id = xstrdup(g->id);
	e->line = xprintf("%s  %s (%s -> %s)", g->id, g->title,
	    g->from_version, g->to_version);
	e->session = start_session_row(t, g, &e->session_error);
	checklist_free(g);
}

static int
start_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The checklist files of one folder, sorted by name. */
static void
start_scan_dir(struct tui *t, struct start_data *d, const char *dir)
{
	struct dirent *de;
	char **names = NULL, *path;
	size_t n = 0, i, len;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof *names, start_cmp);
	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]);
		start_add_file(t, d, path, names[i]);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* Sessions in the state folder whose guide is not in the checklist
 * folders: opened through the checklist path the session recorded. */
static void
start_scan_sessions(struct tui *t, struct start_data *d)
{
	struct start_entry *e;
	struct session *s;
	struct dirent *de;
	char *base, *dir, *cause = NULL, *checklist;
	DIR *dp;

	base = cmd_state_base(t->opts);
	if ((dp = opendir(base)) == NULL) {
		free(base);
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || start_known(d, de->d_name))
			continue;
		dir = util_path_join(base, de->d_name);
		if (!session_exists(dir)) {
			free(dir);
			continue;
		}
		s = session_load(dir, &cause);
		checklist = s != NULL && s->checklist != NULL ?
		    xstrdup(s->checklist) : NULL;
		session_close(s);
		if (checklist != NULL && access(checklist, R_OK) == 0)
			start_add_file(t, d, checklist, de->d_name);
		else {
			e = start_add(d);
			e->id = xstrdup(de->d_name);
			e->path = xstrdup(dir);
			e->line = xstrdup(de->d_name);
			if (cause != NULL) {
				e->problem = cause;
				cause = NULL;
			} else if (checklist != NULL)
				e->problem = xprintf(_("the session in %s was started from %s, which is no longer there"),
				    dir, checklist);
			else
				e->problem = xprintf(_("the session in %s does not say which checklist it follows"),
				    dir);
			e->session = xstrdup(e->problem);
			e->session_error = 1;
		}
		free(cause);
		cause = NULL;
		free(checklist);
		free(dir);
	}
	closedir(dp);
	free(base);
}

static void
start_load(struct tui *t, struct start_data *d)
{
	char **dirs;
	size_t i;

	start_clear(d);
	dirs = cmd_checklist_dirs(t->opts);
	for (i = 0; dirs[i] != NULL; i++)
		start_scan_dir(t, d, dirs[i]);
	cmd_free_list(dirs);
	if (!t->opts->training)
		start_scan_sessions(t, d);
	if (d->sel >= d->n)
		d->sel = d->n > 0 ? d->n - 1 : 0;
	d->loaded = util_now_ms();
	d->stale = 0;
}

/* The session row of an entry wrapped to the screen's width. */
static void
start_session_lines(struct tui *t, const struct start_entry *e,
    struct ui_lines *l)
{
	if (e->session != NULL)
		ui_wrap(l, e->session, t->cols - 5);
}

/* The rows an entry takes: its guide row and its session's. */
static int
start_rows(struct tui *t, const struct start_entry *e)
{
	struct ui_lines l = { NULL, 0 };
	int n;

	start_session_lines(t, e, &l);
	n = 1 + (int)l.n;
	ui_lines_free(&l);
	return n;
}

/* Keep the selected entry in the view of height rows. */
static void
start_fix(struct tui *t, struct start_data *d, int height)
{
	size_t i;
	int rows;

	if (d->top > d->sel)
		d->top = d->sel;
	for (;;) {
		rows = 0;
		for (i = d->top; i <= d->sel && i < d->n; i++)
			rows += start_rows(t, &d->v[i]);
		if (rows <= height || d->top >= d->sel)
			break;
		d->top++;
	}
}

static void
start_draw(struct tui *t, struct screen *scr)
{
	struct start_data *d = scr->data;
	struct ui_lines l = { NULL, 0 };
	struct start_entry *e;
	int y, bottom = t->rows - 2, focus, attr;
	size_t i, k;

	if (d->stale || d->loaded == 0 ||
	    util_now_ms() - d->loaded > START_RELOAD_MS)
		start_load(t, d);
	ui_text(t, 1, 1, t->cols - 2, t->opts->training ?
	    _("TRAINING: guides with training data (each opens in its sandbox)") :
	    _("Guides"), ui_attr(t, UI_TITLE), 0);
	if (d->n == 0) {
		ui_text(t, 3, 2, t->cols - 3, t->opts->training ?
		    _("none found with training data (use --checklists DIR)") :
		    _("none found (use --checklists DIR)"),
		    ui_attr(t, UI_DIM), 0);
		return;
	}
	start_fix(t, d, bottom - 2);
	y = 3;
	for (i = d->top; i < d->n && y <= bottom; i++) {
		e = &d->v[i];
		focus = i == d->sel;
		attr = ui_list_row(t, y, focus, NULL, e->problem != NULL ?
		    ui_attr(t, UI_FAILED) : ui_attr(t, UI_NORMAL));
		ui_text(t, y++, 2, t->cols - 3, e->line, attr, 1);
		attr = e->session_error ? ui_attr(t, UI_FAILED) :
		    ui_attr(t, UI_PENDING);
		start_session_lines(t, e, &l);
		for (k = 0; k < l.n && y <= bottom; k++)
			ui_text(t, y++, 4, t->cols - 5, l.v[k], attr, 0);
		ui_lines_free(&l);
	}
}

static int
start_key(struct tui *t, struct screen *scr, enum key_action act, int ch)
{
	struct start_data *d = scr->data;
	struct ui_scroll sc;
	struct start_entry *e;

	(void)ch;
	switch (act) {
	case KEY_ACT_UP:
	case KEY_ACT_DOWN:
	case KEY_ACT_PGUP:
	case KEY_ACT_PGDN:
	case KEY_ACT_HOME:
	case KEY_ACT_END:
		sc.top = d->top;
		sc.sel = d->sel;
		sc.n = d->n;
		if (!ui_scroll_key(&sc, act, (t->rows - 4) / 2))
			return SCR_HANDLED;
		d->sel = sc.sel;
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_ENTER:
		if (d->n == 0)
			return SCR_HANDLED;
		e = &d->v[d->sel];
		if (e->problem != NULL) {
			tui_message(t, 1, "%s", e->problem);
			return SCR_HANDLED | SCR_REDRAW;
		}
		d->stale = 1;
		tui_enter_guide(t, e->path);
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_BACK:
		/* Esc on the first screen does nothing: q leaves. */
		return SCR_HANDLED;
	default:
		return 0;
	}
}

static const char *
start_hints(struct tui *t, struct screen *scr)
{
	(void)t;
	(void)scr;
	return _("Enter open  ? help  q quit");
}

static void
start_free(struct screen *scr)
{
	struct start_data *d = scr->data;

	start_clear(d);
	free(d);
	free(scr);
}

static const struct screen_type start_type = {
	.name = "start",
	.keymask = KEYS_LIST,
	.draw = start_draw,
	.key = start_key,
	.hints = start_hints,
	.free = start_free,
};

struct screen *
start_screen(struct tui *t)
{
	struct screen *scr = xcalloc(1, sizeof *scr);

	(void)t;
	scr->type = &start_type;
	scr->data = xcalloc(1, sizeof(struct start_data));
	return scr;
}
