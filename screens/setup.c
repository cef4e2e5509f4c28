/* setup.c: the setup screen: the guide's variables, questions and
 * databases as a form. Each value is checked by the engine as it is entered
 * (a product home must hold its markers) and recorded in the session; a
 * refused value is not recorded and its reason is shown. A database's
 * settings are typed, or discovered in the product's own files and
 * confirmed; "test" says what the server is. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checklist.h"
#include "db.h"
#include "engine.h"
#include "jdbc.h"
#include "i18n.h"
#include "text.h"
#include "tui.h"
#include "ui.h"
#include "util.h"
#include "xmalloc.h"

enum setup_row_kind {
	ROW_HEADING,
	ROW_VAR,
	ROW_QUESTION,
	ROW_DATABASE,
	ROW_BLANK,
	ROW_CONTINUE
};

struct setup_row {
	enum setup_row_kind	 kind;
	size_t			 i;	/* the variable or question */
	const char		*text;	/* headings */
};

struct setup_data {
	struct setup_row	*rows;
	size_t			 nrows;
	struct ui_scroll	 sc;
	char			**tested;	/* per database: the last test's
						 * outcome, or NULL */
	int			*tested_ok;
	size_t			 ntested;
};

static void
setup_row_add(struct setup_data *d, enum setup_row_kind kind, size_t i,
    const char *text)
{
	d->rows = xreallocarray(d->rows, d->nrows + 1, sizeof *d->rows);
	d->rows[d->nrows].kind = kind;
	d->rows[d->nrows].i = i;
	d->rows[d->nrows].text = text;
	d->nrows++;
}

static int
setup_selectable(const struct setup_row *r)
{
	return r->kind == ROW_VAR || r->kind == ROW_QUESTION ||
	    r->kind == ROW_DATABASE || r->kind == ROW_CONTINUE;
}

/* Does the row still want a value? */
static int
setup_missing(struct tui *t, const struct setup_row *r)
{
	if (r->kind == ROW_DATABASE)
		return engine_db(&t->e, t->g->databases[r->i].name) == NULL;
	if (r->kind != ROW_VAR && r->kind != ROW_QUESTION)
		return 0;
	return tui_value_missing(t, r->kind == ROW_QUESTION, r->i);
}

/* After a move, step over headings and blank rows in the direction of
 * the move (or back, at an end of the list). */
static void
setup_settle(struct setup_data *d, size_t from)
{
	int dir = d->sc.sel >= from ? 1 : -1;
	int turns = 0;

	while (!setup_selectable(&d->rows[d->sc.sel]) && turns < 2) {
		if (dir > 0 && d->sc.sel + 1 < d->nrows)
			d->sc.sel++;
		else if (dir < 0 && d->sc.sel > 0)
			d->sc.sel--;
		else {
			dir = -dir;
			turns++;
		}
	}
}

/* A list as "a, b, c"; the caller frees it. */
static char *
setup_join(char *const *v, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			/* TRANSLATORS: between the items of a list of
			 * choices or files: "a, b, c". */
			buf_adds(&b, _(", "));
		buf_adds(&b, v[i]);
	}
	return buf_steal(&b);
}

/* A database's row detail: where it is, from where, the last test. */
static void
setup_db_detail(struct tui *t, struct setup_data *d, size_t i,
    struct buf *b)
{
	const struct database *db = &t->g->databases[i];
	const struct db_settings *set = engine_db(&t->e, db->name);
	char *where, *files;

	if (set == NULL)
		buf_adds(b, _("No settings yet: Enter types them, d looks for "
		    "them in the product's files."));
	else {
		where = db_settings_text(set);
		buf_printf(b, _("Where: %s (from %s)"), where,
		    set->source != NULL ? set->source : "?");
		free(where);
		if (set->password_env != NULL)
			buf_printf(b, _("; the password is in $%s"),
			    set->password_env);
		else if (set->ask_password)
			buf_adds(b, _("; the password is asked (the product "
			    "holds it encrypted)"));
		if (!db_engine_connects(set->engine))
			buf_adds(b, _("; not connected to: its checks show the "
			    "query to run there"));
	}
	if (d->tested[i] != NULL) {
		buf_addc(b, '\n');
		buf_printf(b, d->tested_ok[i] ? _("Connected: %s") :
		    _("Could not connect: %s"), d->tested[i]);
	}
	if (db->ndiscover > 0) {
		files = setup_join(db->discover, db->ndiscover);
		buf_addc(b, '\n');
		if (db->datasource != NULL)
			buf_printf(b, _("Discovered in: %s (datasource %s)"),
			    files, db->datasource);
		else
			buf_printf(b, _("Discovered in: %s"), files);
		free(files);
	}
}

/* What the selected row is about, for the lines under the form. */
static char *
setup_detail(struct tui *t, struct setup_data *d, const struct setup_row *r)
{
	const struct variable *v;
	const struct question *q;
	struct buf b = BUF_INIT;
	const char *value, *source;
	char *list;

	if (r->kind == ROW_VAR) {
		v = &t->g->vars[r->i];
		if ((value = engine_value(&t->e, v->name)) != NULL) {
			source = engine_value_source(&t->e, v->name);
			if (source != NULL && strcmp(source, "default") == 0)
				buf_printf(&b, _("Value: %s (the default)"),
				    value);
			else
				buf_printf(&b, _("Value: %s"), value);
			buf_addc(&b, '\n');
		}
		switch (v->kind) {
		case VAR_PRODUCT_HOME:
			list = setup_join(v->markers, v->nmarkers);
			buf_printf(&b, _("The home folder of %s: a folder holding %s."),
			    v->product != NULL ? v->product : v->title, list);
			free(list);
			break;
		case VAR_DIRECTORY:
			buf_adds(&b, _("An existing folder, as an absolute path."));
			break;
		case VAR_FILE:
			buf_adds(&b, _("An existing file."));
			break;
		case VAR_HOST:
			buf_adds(&b, _("A host name or address."));
			break;
		case VAR_PORT:
			buf_adds(&b, _("A port number, 1 to 65535."));
			break;
		case VAR_STRING:
			break;
		}
		if (!v->required) {
			buf_adds(&b, b.len > 0 ? " " : "");
			buf_adds(&b, _("Optional."));
		}
		if (v->default_value != NULL) {
			buf_adds(&b, b.len > 0 ? " " : "");
			buf_printf(&b, _("Default: %s"), v->default_value);
		}
		if (v->help != NULL) {
			buf_adds(&b, b.len > 0 ? "\n" : "");
			buf_adds(&b, v->help);
		}
	} else if (r->kind == ROW_QUESTION) {
		q = &t->g->questions[r->i];
		if ((value = engine_value(&t->e, q->id)) != NULL) {
			buf_printf(&b, _("Answer: %s"), value);
			buf_addc(&b, '\n');
		}
		buf_adds(&b, q->text);
		buf_addc(&b, '\n');
		list = setup_join(q->choices, q->nchoices);
		buf_printf(&b, _("Choices: %s."), list);
		free(list);
		if (q->default_value != NULL) {
			buf_addc(&b, ' ');
			buf_printf(&b, _("Default: %s"), q->default_value);
		}
		if (q->help != NULL) {
			buf_addc(&b, '\n');
			buf_adds(&b, q->help);
		}
	} else if (r->kind == ROW_DATABASE)
		setup_db_detail(t, d, r->i, &b);
	else if (r->kind == ROW_CONTINUE)
		buf_adds(&b, _("Go on to the stages. The values can be changed later (s on the stages screen)."));
	return buf_steal(&b);
}

/* Column widths of the form: names, titles, values. */
static void
setup_columns(struct tui *t, int *c1, int *c2)
{
	size_t i;
	int w, max1 = 4, max2 = 5;

	for (i = 0; i < t->g->nvars; i++) {
		if ((w = text_width(t->g->vars[i].name)) > max1)
			max1 = w;
		if ((w = text_width(t->g->vars[i].title)) > max2)
			max2 = w;
	}
	for (i = 0; i < t->g->nquestions; i++) {
		if ((w = text_width(t->g->questions[i].id)) > max1)
			max1 = w;
		if ((w = text_width(t->g->questions[i].text)) > max2)
			max2 = w;
	}
	for (i = 0; i < t->g->ndatabases; i++) {
		if ((w = text_width(t->g->databases[i].name)) > max1)
			max1 = w;
		if (t->g->databases[i].title != NULL &&
		    (w = text_width(t->g->databases[i].title)) > max2)
			max2 = w;
	}
	if (max1 > 24)
		max1 = 24;
	/* The title gets at most half of what is left, the value (often a
	 * path, shown whole under the form) the rest. */
	w = (t->cols - 7 - max1) / 2;
	if (max2 > w)
		max2 = w;
	if (max2 < 8)
		max2 = 8;
	*c1 = max1;
	*c2 = max2;
}

static void
setup_draw_db(struct tui *t, struct setup_data *d, const struct setup_row *r,
    int y, int attr, int focus, int c1, int c2)
{
	const struct database *db = &t->g->databases[r->i];
	const struct db_settings *set = engine_db(&t->e, db->name);
	char *where;
	int x = 2, w;

	ui_text(t, y, 2, t->cols - 3, "", attr, 1);
	ui_text(t, y, x, c1, db->name, attr, 0);
	x += c1 + 2;
	ui_text(t, y, x, c2, db->title != NULL ? db->title : "", attr, 0);
	x += c2 + 2;
	w = t->cols - 1 - x;
	if (set == NULL) {
		ui_text(t, y, x, w, _("(not set)"), focus ? attr :
		    ui_attr(t, UI_FAILED), 0);
		return;
	}
	where = db_settings_text(set);
	x += ui_text(t, y, x, w, where, attr, 0);
	free(where);
	if (d->tested[r->i] != NULL && x + 2 < t->cols - 1)
		ui_text(t, y, x + 1, t->cols - 2 - x, d->tested_ok[r->i] ?
		    _("(connected)") : _("(refused)"), ui_attr(t,
		    d->tested_ok[r->i] ? UI_OK : UI_FAILED), 0);
}

static void
setup_draw_row(struct tui *t, struct setup_data *d, const struct setup_row *r,
    int y, int focus, int c1, int c2)
{
	const char *name, *title, *value, *source = NULL;
	int x, attr, vattr, w;

	if (r->kind == ROW_HEADING) {
		ui_text(t, y, 1, t->cols - 2, r->text, ui_attr(t, UI_TITLE), 0);
		return;
	}
	if (r->kind == ROW_BLANK)
		return;
	attr = ui_list_row(t, y, focus, NULL, ui_attr(t, UI_NORMAL));
	if (r->kind == ROW_CONTINUE) {
		ui_text(t, y, 2, text_width(_("Continue")) + 2, _("Continue"),
		    attr, 1);
		return;
	}
	if (r->kind == ROW_DATABASE) {
		setup_draw_db(t, d, r, y, attr, focus, c1, c2);
		return;
	}
	if (r->kind == ROW_VAR) {
		name = t->g->vars[r->i].name;
		title = t->g->vars[r->i].title;
		value = engine_value(&t->e, name);
		if (value != NULL)
			source = engine_value_source(&t->e, name);
	} else {
		name = t->g->questions[r->i].id;
		title = t->g->questions[r->i].text;
		value = engine_value(&t->e, name);
	}
	/* The whole row in the row's colour, then its cells. */
	ui_text(t, y, 2, t->cols - 3, "", attr, 1);
	x = 2;
	ui_text(t, y, x, c1, name, attr, 0);
	x += c1 + 2;
	ui_text(t, y, x, c2, title, attr, 0);
	x += c2 + 2;
	w = t->cols - 1 - x;
	if (value == NULL) {
		vattr = focus ? attr : setup_missing(t, r) ?
		    ui_attr(t, UI_FAILED) : ui_attr(t, UI_DIM);
		ui_text(t, y, x, w, r->kind == ROW_VAR ? _("(no value)") :
		    _("(no answer)"), vattr, 0);
		return;
	}
	x += ui_text(t, y, x, w, value, attr, 0);
	if (source != NULL && strcmp(source, "default") == 0 &&
	    x + 2 < t->cols - 1)
		ui_text(t, y, x + 1, t->cols - 2 - x, _("(default)"),
		    ui_attr(t, UI_DIM), 0);
}

static void
setup_draw(struct tui *t, struct screen *scr)
{
	struct setup_data *d = scr->data;
	struct ui_lines lines = { NULL, 0 };
	char *detail;
	int y, body = t->rows - 2, listh, dh, c1, c2;
	size_t i;

	detail = setup_detail(t, d, &d->rows[d->sc.sel]);
	ui_wrap(&lines, detail, t->cols - 4);
	free(detail);
	dh = (int)lines.n;
	if (dh > body / 3)
		dh = body / 3;
	listh = body - (dh > 0 ? dh + 1 : 0);
	d->sc.n = d->nrows;
	ui_scroll_fix(&d->sc, listh);

	setup_columns(t, &c1, &c2);
	y = 1;
	for (i = d->sc.top; i < d->nrows && y < 1 + listh; i++, y++)
		setup_draw_row(t, d, &d->rows[i], y, i == d->sc.sel, c1, c2);
	if (dh > 0) {
		y = 1 + (d->nrows < (size_t)listh ? (int)d->nrows : listh);
		ui_hline(t, y++, 0, t->cols);
		for (i = 0; i < (size_t)dh && y <= body; i++, y++)
			ui_text(t, y, 2, t->cols - 4, lines.v[i],
			    ui_attr(t, UI_NORMAL), 0);
	}
	ui_lines_free(&lines);
}

/* Ask for a variable's value until the engine takes it or Esc. */
static void
setup_edit_var(struct tui *t, const struct variable *v)
{
	const char *current, *source;
	char *initial, *value, *cause = NULL, *prompt;

	current = engine_value(&t->e, v->name);
	source = engine_value_source(&t->e, v->name);
	initial = xstrdup(current != NULL ? current : "");
	prompt = xstrdup(v->title);
	for (;;) {
		value = ui_input(t, v->name, prompt, initial, v->required);
		free(initial);
		free(prompt);
		if (value == NULL)
			return;
		if (*value == '\0' && !v->required) {
			free(value);
			return;
		}
		if (current != NULL && source != NULL &&
		    strcmp(source, "session") == 0 &&
		    strcmp(current, value) == 0) {
			free(value);
			return;
		}
		if (engine_set_var(&t->e, v->name, value, "prompt",
		    &cause) == 0) {
			tui_message(t, 0, _("%s is set to %s."), v->name,
			    value);
			free(value);
			return;
		}
		tui_message(t, 1, "%s", cause);
		/* TRANSLATORS: the prompt again, after a refused value; %1$s
		 * is what is asked for, %2$s why the value was refused. */
		prompt = xprintf(_("%1$s\n\nRefused: %2$s"), v->title, cause);
		free(cause);
		cause = NULL;
		initial = value;
	}
}

static const char *const setup_engines[] = {
	"postgresql", "mysql", "mariadb", "oracle", "mssql"
};
static const char *const setup_tls[] = {
	"prefer", "disable", "require", "verify-ca", "verify-full"
};

/* One text field of a database's settings; 0 to go on, -1 on Esc. */
static int
setup_db_field(struct tui *t, const char *name, const char *prompt,
    char **field, int required)
{
	char *v = ui_input(t, name, prompt, *field != NULL ? *field : "",
	    required);

	if (v == NULL)
		return -1;
	free(*field);
	*field = *v != '\0' ? v : NULL;
	if (*field == NULL)
		free(v);
	return 0;
}

/* One of a few words; 0 to go on, -1 on Esc. */
static int
setup_db_choose(struct tui *t, const char *name, const char *prompt,
    const char *const *words, size_t n, const char *current, int *chosen)
{
	size_t i, initial = 0;

	for (i = 0; current != NULL && i < n; i++) {
		if (strcmp(words[i], current) == 0)
			initial = i;
	}
	*chosen = ui_choose(t, name, prompt, (char *const *)words, n,
	    initial);
	return *chosen < 0 ? -1 : 0;
}

/* Type a database's settings, field by field; recorded when all are
 * given (Esc anywhere changes nothing). */
static void
setup_edit_db(struct tui *t, struct setup_data *d, size_t i)
{
	const struct database *db = &t->g->databases[i];
	const struct db_settings *old = engine_db(&t->e, db->name);
	struct db_settings set;
	char *port = NULL, *timeout = NULL, *cause = NULL;
	int k, p;

	memset(&set, 0, sizeof set);
	if (old != NULL)
		db_settings_copy(&set, old);
	else if (db->engine != NULL)
		set.engine = db_engine_from_name(db->engine);
	if (setup_db_choose(t, db->name, _("The database engine:"),
	    setup_engines, 5, set.engine != DB_NONE ?
	    db_engine_name(set.engine) : NULL, &k) == -1)
		goto out;
	set.engine = db_engine_from_name(setup_engines[k]);
	if (setup_db_field(t, db->name, _("The host (empty: this machine's "
	    "local socket):"), &set.host, 0) == -1)
		goto out;
	port = set.port > 0 ? xprintf("%d", set.port) : NULL;
	for (;;) {
		if (setup_db_field(t, db->name, _("The port (empty: the "
		    "engine's default):"), &port, 0) == -1)
			goto out;
		if (port == NULL || util_parse_port(port, &p) == 0)
			break;
		tui_message(t, 1, _("'%s' is not a port (1 to 65535)."), port);
	}
	set.port = port != NULL ? p : 0;
	if (setup_db_field(t, db->name, _("The database's name on the "
	    "server:"), &set.database, 1) == -1 ||
	    setup_db_field(t, db->name, _("The user (empty: the client "
	    "library's default):"), &set.user, 0) == -1)
		goto out;
	if (db_engine_connects(set.engine)) {
		if (setup_db_choose(t, db->name, _("TLS:"), setup_tls, 5,
		    set.tls, &k) == -1)
			goto out;
		free(set.tls);
		set.tls = xstrdup(setup_tls[k]);
		if (setup_db_field(t, db->name, _("The environment variable "
		    "that holds the password (empty: ~/.pgpass or ~/.my.cnf, "
		    "or you are asked when the server wants one):"),
		    &set.password_env, 0) == -1)
			goto out;
		timeout = set.query_timeout_s > 0 ?
		    xprintf("%d", set.query_timeout_s) : NULL;
		for (;;) {
			if (setup_db_field(t, db->name, _("The query timeout "
			    "in seconds (empty: 300):"), &timeout, 0) == -1)
				goto out;
			if (timeout == NULL ||
			    util_parse_number(timeout, 1,
			    DB_QUERY_TIMEOUT_MAX, &p) == 0)
				break;
			tui_message(t, 1, _("'%s' is not a query timeout: give a whole number of seconds, 1 to %d"),
			    timeout, DB_QUERY_TIMEOUT_MAX);
		}
		set.query_timeout_s = timeout != NULL ? p : 0;
	}
	free(set.source);
	set.source = xstrdup("prompt");
	set.ask_password = 0;
	if (engine_set_db(&t->e, db->name, &set, &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		free(cause);
	} else {
		free(d->tested[i]);
		d->tested[i] = NULL;
		tui_message(t, 0, _("The settings of %s are recorded."),
		    db->name);
	}
out:
	free(timeout);
	free(port);
	db_settings_clear(&set);
}

/* Connect, and say what the server is, or the server's own refusal. */
static void
setup_test_db(struct tui *t, struct setup_data *d, size_t i)
{
	const struct database *db = &t->g->databases[i];
	const struct db_settings *set = engine_db(&t->e, db->name);
	char *version = NULL, *cause = NULL;

	if (set == NULL) {
		tui_message(t, 1, _("%s has no settings yet: Enter types them, "
		    "d discovers them."), db->name);
		return;
	}
	if (!db_engine_connects(set->engine)) {
		tui_message(t, 1, _("This program does not connect to %s "
		    "databases: their checks show the query to run there."),
		    db_engine_name(set->engine));
		return;
	}
	/* Shown while it connects (at most the connect timeout). */
	tui_message(t, 0, _("Connecting to %s..."), db->name);
	tui_draw(t);
	refresh();
	free(d->tested[i]);
	if (engine_db_test(&t->e, db->name, &version, &cause) == 0) {
		d->tested[i] = version;
		d->tested_ok[i] = 1;
		tui_message(t, 0, _("Connected to %s: %s."), db->name,
		    version);
	} else {
		d->tested[i] = cause;
		d->tested_ok[i] = 0;
		tui_message(t, 1, _("Could not connect to %s: %s"), db->name,
		    cause);
	}
}

/* Look in the product's files; the operator picks what to use. */
static void
setup_discover_db(struct tui *t, struct setup_data *d, size_t i)
{
	const struct database *db = &t->g->databases[i];
	struct jdbc_list found = { NULL, 0 };
	char **labels, *missing = NULL, *cause = NULL, *where, *source;
	size_t k;
	int pick;

	if (db->ndiscover == 0) {
		tui_message(t, 1, _("The guide names no file to discover %s "
		    "in: Enter types its settings."), db->name);
		return;
	}
	if (engine_db_discover(&t->e, db, &found, &missing, &cause) == -1) {
		tui_message(t, 1, "%s", cause);
		goto out;
	}
	if (found.n == 0) {
		tui_message(t, 1, missing != NULL ? _("Nothing found for %s; "
		    "not there: %s") : _("Nothing found for %s in the files "
		    "the guide names%s."), db->name, missing != NULL ?
		    missing : "");
		goto out;
	}
	labels = xcalloc(found.n, sizeof *labels);
	for (k = 0; k < found.n; k++) {
		where = found.v[k].error != NULL ? xstrdup(found.v[k].error) :
		    db_settings_text(&found.v[k].settings);
		/* What matters first, the file last: the box may cut it. */
		labels[k] = xprintf("%s%s  %s  %s:%d", found.v[k].name,
		    found.v[k].password_secret ? _(" (password encrypted: "
		    "asked)") : "", where, found.v[k].file, found.v[k].line);
		free(where);
	}
	pick = ui_choose(t, db->name, _("Found in the product's files; use "
	    "which? (Esc: none)"), labels, found.n, 0);
	for (k = 0; k < found.n; k++)
		free(labels[k]);
	free(labels);
	if (pick < 0)
		goto out;
	if (found.v[pick].error != NULL) {
		tui_message(t, 1, _("That URL could not be read: %s"),
		    found.v[pick].error);
		goto out;
	}
	source = xprintf("discovered %s:%d", found.v[pick].file,
	    found.v[pick].line);
	free(found.v[pick].settings.source);
	found.v[pick].settings.source = source;
	if (engine_set_db(&t->e, db->name, &found.v[pick].settings,
	    &cause) == -1)
		tui_message(t, 1, "%s", cause);
	else {
		free(d->tested[i]);
		d->tested[i] = NULL;
		tui_message(t, 0, _("The settings of %s are recorded (%s)."),
		    db->name, source);
	}
out:
	free(missing);
	free(cause);
	jdbc_list_clear(&found);
}

static void
setup_edit_question(struct tui *t, const struct question *q)
{
	tui_answer(t, q->id, q->id, q->text, q->choices, q->nchoices,
	    q->default_value);
}

static int
setup_key(struct tui *t, struct screen *scr, enum key_action act, int ch)
{
	struct setup_data *d = scr->data;
	const struct setup_row *r;
	size_t from = d->sc.sel;

	(void)ch;
	switch (act) {
	case KEY_ACT_UP:
	case KEY_ACT_DOWN:
	case KEY_ACT_PGUP:
	case KEY_ACT_PGDN:
	case KEY_ACT_HOME:
	case KEY_ACT_END:
	case KEY_ACT_NEXT:
	case KEY_ACT_PREV:
		if (act == KEY_ACT_NEXT)
			act = KEY_ACT_DOWN;
		else if (act == KEY_ACT_PREV)
			act = KEY_ACT_UP;
		d->sc.n = d->nrows;
		ui_scroll_key(&d->sc, act, t->rows - 2);
		setup_settle(d, from);
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_ENTER:
		r = &d->rows[d->sc.sel];
		if (r->kind == ROW_VAR)
			setup_edit_var(t, &t->g->vars[r->i]);
		else if (r->kind == ROW_QUESTION)
			setup_edit_question(t, &t->g->questions[r->i]);
		else if (r->kind == ROW_DATABASE)
			setup_edit_db(t, d, r->i);
		else if (r->kind == ROW_CONTINUE)
			return SCR_HANDLED | SCR_BACK;
		return SCR_HANDLED | SCR_REDRAW;
	case KEY_ACT_TEST:
	case KEY_ACT_DISCOVER:
		r = &d->rows[d->sc.sel];
		if (r->kind != ROW_DATABASE)
			return 0;
		if (act == KEY_ACT_TEST)
			setup_test_db(t, d, r->i);
		else
			setup_discover_db(t, d, r->i);
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return 0;
	}
}

static const char *
setup_hints(struct tui *t, struct screen *scr)
{
	struct setup_data *d = scr->data;

	(void)t;
	if (d->rows[d->sc.sel].kind == ROW_CONTINUE)
		return _("Enter continue  Esc back  ? help  q quit");
	if (d->rows[d->sc.sel].kind == ROW_DATABASE)
		return _("Enter change  t test  d discover  Esc back  ? help");
	return _("Enter change  Esc back  ? help  q quit");
}

static void
setup_free(struct screen *scr)
{
	struct setup_data *d = scr->data;

	size_t i;

	free(d->rows);
	if (d->tested != NULL) {
		for (i = 0; i < d->ntested; i++)
			free(d->tested[i]);
	}
	free(d->tested);
	free(d->tested_ok);
	free(d);
	free(scr);
}

static const struct screen_type setup_type = {
	.name = "setup",
	.keymask = KEYS_SETUP,
	.draw = setup_draw,
	.key = setup_key,
	.hints = setup_hints,
	.free = setup_free,
};

struct screen *
setup_screen(struct tui *t)
{
	struct screen *scr = xcalloc(1, sizeof *scr);
	struct setup_data *d = xcalloc(1, sizeof *d);
	size_t i, first = (size_t)-1;

	setup_row_add(d, ROW_HEADING, 0, _("Variables"));
	for (i = 0; i < t->g->nvars; i++)
		setup_row_add(d, ROW_VAR, i, NULL);
	if (t->g->nvars == 0)
		setup_row_add(d, ROW_HEADING, 0, _("(this guide has none)"));
	if (t->g->nquestions > 0) {
		setup_row_add(d, ROW_BLANK, 0, NULL);
		setup_row_add(d, ROW_HEADING, 0, _("Questions"));
		for (i = 0; i < t->g->nquestions; i++)
			setup_row_add(d, ROW_QUESTION, i, NULL);
	}
	d->ntested = t->g->ndatabases;
	d->tested = xcalloc(d->ntested + 1, sizeof *d->tested);
	d->tested_ok = xcalloc(d->ntested + 1, sizeof *d->tested_ok);
	if (t->g->ndatabases > 0) {
		setup_row_add(d, ROW_BLANK, 0, NULL);
		setup_row_add(d, ROW_HEADING, 0, _("Databases"));
		for (i = 0; i < t->g->ndatabases; i++)
			setup_row_add(d, ROW_DATABASE, i, NULL);
	}
	setup_row_add(d, ROW_BLANK, 0, NULL);
	setup_row_add(d, ROW_CONTINUE, 0, NULL);
	/* Start on the first value still wanted, else on Continue. */
	for (i = 0; i < d->nrows; i++) {
		if (first == (size_t)-1 && setup_missing(t, &d->rows[i]))
			first = i;
	}
	d->sc.sel = first != (size_t)-1 ? first : d->nrows - 1;
	d->sc.n = d->nrows;
	scr->type = &setup_type;
	scr->data = d;
	return scr;
}
