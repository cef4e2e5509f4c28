/* cmd.c: what the commands share: finding checklists, state folders and
 * answers files. */
#include "config.h"

#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "engine.h"
#include "i18n.h"
#include "session.h"
#include "text.h"
#include "training.h"
#include "util.h"
#include "xmalloc.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_list_entry,
	&cmd_show_entry,
	&cmd_validate_entry,
	&cmd_check_entry,
	&cmd_run_entry,
	&cmd_status_entry,
	&cmd_report_entry,
	&cmd_training_server_entry,
	NULL
};

void
cmd_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("wso2-upgrade-wizard: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char **
cmd_checklist_dirs(const struct cmd_opts *o)
{
	const char *spec = o->checklists;
	char **v = NULL, *copy, *p, *word;
	size_t n = 0;

	if (spec == NULL)
		spec = getenv("WSO2_WIZARD_CHECKLISTS");
	if (spec == NULL || *spec == '\0')
		spec = CHECKLISTDIR;
	copy = xstrdup(spec);
	for (p = copy; (word = strsep(&p, ":")) != NULL; ) {
		if (*word == '\0')
			continue;
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = xstrdup(word);
	}
	free(copy);
	if (v == NULL)
		v = xcalloc(1, sizeof *v);
	v[n] = NULL;
	return v;
}

void
cmd_free_list(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* The file of a guide: a path as given, or ID.yaml in a checklist folder. */
static char *
cmd_find_checklist(const struct cmd_opts *o, const char *id)
{
	struct stat st;
	char **dirs, *path, *name;
	size_t i;

	if (strchr(id, '/') != NULL || (strlen(id) > 5 &&
	    strcmp(id + strlen(id) - 5, ".yaml") == 0))
		return xstrdup(id);
	dirs = cmd_checklist_dirs(o);
	name = xprintf("%s.yaml", id);
	for (i = 0; dirs[i] != NULL; i++) {
		path = util_path_join(dirs[i], name);
		if (stat(path, &st) == 0) {
			free(name);
			cmd_free_list(dirs);
			return path;
		}
		free(path);
	}
	free(name);
	cmd_free_list(dirs);
	return NULL;
}

struct guide *
cmd_guide_load(const struct cmd_opts *o, const char *id, char **cause)
{
	struct diags d = DIAGS_INIT;
	struct guide *g;
	char *path, **dirs, *where, *all;
	size_t i;

	path = cmd_find_checklist(o, id);
	if (path == NULL) {
		dirs = cmd_checklist_dirs(o);
		where = xstrdup("");
		for (i = 0; dirs[i] != NULL; i++) {
			char *w = xprintf("%s%s%s", where, i > 0 ? ", " : "",
			    dirs[i]);
			free(where);
			where = w;
		}
		*cause = xprintf(_("no guide '%s': there is no %s.yaml in %s (see 'list', or use --checklists DIR)"),
		    id, id, where);
		free(where);
		cmd_free_list(dirs);
		return NULL;
	}
	g = checklist_load(path, &d);
	if (g == NULL) {
		diags_sort(&d);
		all = diags_join(&d);
		*cause = xprintf(P_("%s%s has %zu problem; fix it first (see 'validate')",
		    "%s%s has %zu problems; fix them first (see 'validate')", d.n),
		    all, path, d.n);
		free(all);
		diags_free(&d);
		free(path);
		return NULL;
	}
	diags_free(&d);
	if (strchr(id, '/') == NULL && strcmp(g->id, id) != 0 &&
	    strcmp(path + strlen(path) - strlen(id), id) != 0) {
		*cause = xprintf(_("%s declares guide '%s', not '%s': a checklist file is named after its guide"),
		    path, g->id, id);
		checklist_free(g);
		free(path);
		return NULL;
	}
	free(path);
	return g;
}

struct guide *
cmd_load_guide(const struct cmd_opts *o, const char *id)
{
	struct guide *g;
	char *cause = NULL;

	const char *verdict;

	g = cmd_guide_load(o, id, &cause);
	if (g == NULL) {
		fflush(stdout);
		/* The problems (FILE:LINE:COL lines) as they are, then the
		 * verdict as an error of the program. */
		verdict = strrchr(cause, '\n');
		if (verdict != NULL) {
			fwrite(cause, 1, (size_t)(verdict - cause) + 1, stderr);
			verdict++;
		} else
			verdict = cause;
		cmd_error("%s", verdict);
		free(cause);
	}
	return g;
}

char *
cmd_state_base(const struct cmd_opts *o)
{
	return session_state_base(o->state_dir);
}

char *
cmd_session_dir(const struct cmd_opts *o, const char *id)
{
	char *base, *dir;

	if (!o->training)
		return session_dir(o->state_dir, id);
	base = cmd_training_dir(o, id);
	dir = util_path_join(base, "session");
	free(base);
	return dir;
}

char *
cmd_training_dir(const struct cmd_opts *o, const char *id)
{
	char *base = session_state_base(o->state_dir), *t, *dir;

	t = util_path_join(base, "training");
	dir = util_path_join(t, id);
	free(t);
	free(base);
	return dir;
}

int
cmd_training_prepare(const struct cmd_opts *o, const struct guide *g,
    int quiet, char **cause)
{
	struct training *t;
	char *tdir, *wizard, *sandbox, *real;
	int built = 0, rc;

	if (!o->training)
		return 0;
	tdir = cmd_training_dir(o, g->id);
	wizard = training_self(NULL);
	rc = training_prepare(g, tdir, o->fault, o->reset, wizard, &built,
	    cause);
	free(wizard);
	if (rc == 0 && (t = training_load_guide(g, cause)) != NULL) {
		sandbox = util_path_join(tdir, "sandbox");
		real = realpath(sandbox, NULL);
		training_set_path(t, real != NULL ? real : sandbox);
		if (built && !quiet) {
			if (o->fault != NULL)
				printf(_("Training sandbox built in %s, with fault '%s'.\n"),
				    real != NULL ? real : sandbox, o->fault);
			else
				printf(_("Training sandbox built in %s.\n"),
				    real != NULL ? real : sandbox);
		}
		free(real);
		free(sandbox);
		training_free(t);
	} else if (rc == 0)
		rc = -1;
	free(tdir);
	return rc;
}

struct answers *
cmd_load_answers(const char *path, const struct guide *g)
{
	struct diags d = DIAGS_INIT;
	struct answers *a;

	a = answers_load(path, &d);
	if (a != NULL)
		answers_check(a, g, &d);
	if (d.n > 0) {
		diags_sort(&d);
		fflush(stdout);
		diags_print(&d, stderr);
		cmd_error(P_("the answers file %s has %zu problem; nothing was done",
		    "the answers file %s has %zu problems; nothing was done",
		    d.n), path, d.n);
		diags_free(&d);
		answers_free(a);
		return NULL;
	}
	return a;
}

const char *
cmd_status_tag(enum status st)
{
	/* TRANSLATORS: a step's status, shown in brackets before it. */
	switch (st) {
	case STATUS_PASS:		return _("[pass]");
	case STATUS_FAIL:		return _("[FAIL]");
	case STATUS_WARN:		return _("[warn]");
	case STATUS_ERROR:		return _("[could not run]");
	case STATUS_DONE:		return _("[done]");
	case STATUS_FAILED:		return _("[FAILED]");
	case STATUS_CANCELLED:		return _("[cancelled]");
	case STATUS_INTERRUPTED:	return _("[interrupted]");
	case STATUS_ACKNOWLEDGED:	return _("[acknowledged]");
	case STATUS_NOT_APPLICABLE:	return _("[not applicable]");
	case STATUS_ANSWERED:		return _("[answered]");
	case STATUS_SKIPPED:		return _("[skipped]");
	case STATUS_NOT_RUN:		return _("[not run]");
	default:			return _("[pending]");
	}
}

const char *
cmd_kind_label(enum step_kind kind)
{
	/* TRANSLATORS: the kinds of step, as labels. */
	switch (kind) {
	case STEP_CHECK:	return _("check");
	case STEP_ACTION:	return _("action");
	case STEP_MANUAL:	return _("manual");
	case STEP_QUESTION:	return _("question");
	case STEP_INFO:		return _("info");
	}
	return "";
}

/* On a terminal, how often a command's output lines are shown. */
#define CMD_PRINTER_TTY_MS	100

/* The output lines kept, to stdout's buffer. On a terminal: the last of
 * them, CMD_PRINTER_OUT bytes at most, after a line saying how many were
 * not shown. */
static void
printer_out_flush(struct cmd_printer *p)
{
	const char *tail = p->prev, *nl;
	size_t taillen = p->prevlen;

	if (p->tty && p->prevlen > 0) {
		/* Whole lines of prev, as many as fit before out's. */
		while (taillen + p->outlen > CMD_PRINTER_OUT &&
		    (nl = memchr(tail, '\n', taillen)) != NULL) {
			p->dropped++;
			taillen -= (size_t)(nl + 1 - tail);
			tail = nl + 1;
		}
	}
	if (p->dropped > 0) {
		fputs("      ", stdout);
		printf(P_("(%llu line not shown here: the step's log has "
		    "them all)", "(%llu lines not shown here: the step's log "
		    "has them all)", (unsigned long)p->dropped), p->dropped);
		putchar('\n');
		p->dropped = 0;
	}
	if (taillen > 0)
		fwrite(tail, 1, taillen, stdout);
	p->prevlen = 0;
	if (p->outlen > 0)
		fwrite(p->out, 1, p->outlen, stdout);
	p->outlen = 0;
	p->shown_ms = util_now_ms();
}

/* On a terminal, out is full: its lines go to prev, and those that were
 * in prev are dropped. */
static void
printer_out_shift(struct cmd_printer *p)
{
	p->dropped += util_count_lines(p->prev, p->prevlen);
	memcpy(p->prev, p->out, p->outlen);
	p->prevlen = p->outlen;
	p->outlen = 0;
}

static void
printer_stage(struct cmd_printer *p, const struct step *s)
{
	printer_out_flush(p);
	if (p->stage == s->stage)
		return;
	p->stage = s->stage;
	printf(_("\n== Stage %zu: %s ==\n"), s->stage->index + 1,
	    s->stage->title);
}

static void
printer_begin(void *arg, const struct step *s, const char *preview)
{
	struct cmd_printer *p = arg;
	struct buf b = BUF_INIT;

	printer_stage(p, s);
	p->lines = 0;
	printf("  %s %s: %s  (%s)\n", cmd_kind_label(s->kind),
	    s->id, s->title, s->ref);
	if (preview != NULL && s->kind == STEP_ACTION) {
		text_wrap(&b, preview, 6, 200);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
	}
	fflush(stdout);
}

static void
printer_output(void *arg, const struct step *s, int stream, const char *line,
    size_t len)
{
	struct cmd_printer *p = arg;
	const char *mark = stream == 2 ? "      ! " : "      | ";
	size_t marklen = 8;

	p->lines++;
	p->unflushed = 1;
	if (p->tty && marklen + len + 1 > CMD_PRINTER_OUT) {
		/* A line too long to read on a screen: its head, cut where a
		 * character starts. */
		len = CMD_PRINTER_OUT - marklen - 5;
		while (len > 0 && ((unsigned char)line[len] & 0xc0) == 0x80)
			len--;
		printer_output(arg, s, stream, line, len);
		memcpy(p->out + p->outlen - 1, " ...\n", 5);
		p->outlen += 4;
		p->lines--;
		return;
	}
	if (marklen + len + 1 > CMD_PRINTER_OUT - p->outlen) {
		if (p->tty)
			printer_out_shift(p);
		else
			printer_out_flush(p);
		if (marklen + len + 1 > CMD_PRINTER_OUT) {
			fputs(mark, stdout);
			fwrite(line, 1, len, stdout);
			fputc('\n', stdout);
			return;
		}
	}
	memcpy(p->out + p->outlen, mark, marklen);
	memcpy(p->out + p->outlen + marklen, line, len);
	p->outlen += marklen + len;
	p->out[p->outlen++] = '\n';
}

/* Whoever watches (tail -f, a pipe) sees a command's output within a tenth
 * of a second (the engine calls this at least that often, and after each
 * batch of output read), without a write per line, nor a look at the clock
 * per line, when a command prints a lot. */
static void
printer_tick(void *arg, const struct step *s)
{
	struct cmd_printer *p = arg;

	/* On a terminal, lines are shown every tenth of a second at most:
	 * as many as a person can follow, and a busy command is not held up
	 * by a slow terminal. */
	if (p->unflushed && (!p->tty ||
	    util_now_ms() - p->shown_ms >= CMD_PRINTER_TTY_MS)) {
		printer_out_flush(p);
		fflush(stdout);
		p->unflushed = 0;
	}
}

static void
printer_end(void *arg, const struct step *s, const struct result *r)
{
	struct cmd_printer *p = arg;
	struct buf b = BUF_INIT;
	const char *text;
	char *query_prefix = NULL;

	printer_stage(p, s);
	if (r == NULL) {
		/* Resolved without running: from the answers file, or read. */
		if (s->kind == STEP_INFO)
			printf("  %s %s: %s\n", cmd_kind_label(s->kind), s->id,
			    s->title);
		else
			printf(_("  %s %s: %s (from the answers file)\n"),
			    cmd_kind_label(s->kind), s->id, s->title);
		fflush(stdout);
		return;
	}
	text = r->evidence != NULL ? r->evidence : r->reason;
	printf("    %s ", cmd_status_tag(r->status));
	if (text != NULL && r->operator_query != NULL) {
		/* The operator's query, as it is, for copying: not wrapped. */
		size_t n = strlen(text), m = strlen(r->operator_query);

		if (n > m && strcmp(text + n - m, r->operator_query) == 0)
			text = query_prefix = xstrndup(text, n - m - 1);
	}
	if (text != NULL) {
		/* The first line beside the tag, the rest under it: the
		 * indent is the tag's width, which depends on the language. */
		int indent = 4 + text_width(cmd_status_tag(r->status)) + 1;

		text_wrap(&b, text, 0, indent < 50 ? 80 - indent : 30);
		{
			const char *q = buf_str(&b), *nl;

			while ((nl = strchr(q, '\n')) != NULL) {
				fwrite(q, 1, (size_t)(nl - q) + 1, stdout);
				q = nl + 1;
				if (*q != '\0')
					printf("%*s", indent, "");
			}
		}
		buf_free(&b);
	} else
		putchar('\n');
	if (r->operator_query != NULL) {
		const char *q = r->operator_query, *nl;

		for (; *q != '\0'; q = *nl == '\0' ? nl : nl + 1) {
			nl = q + strcspn(q, "\n");
			printf("             %.*s\n", (int)(nl - q), q);
		}
	}
	free(query_prefix);
	if (r->log_path != NULL)
		printf("           %s %s\n", _("log:"), r->log_path);
	fflush(stdout);
}

static void
printer_note(void *arg, const char *msg)
{
	printer_out_flush(arg);
	printf("%s\n", msg);
	fflush(stdout);
}

void
cmd_printer_ops(struct cmd_printer *p, struct engine_ops *ops)
{
	memset(p, 0, sizeof *p);
	p->tty = isatty(STDOUT_FILENO);
	ops->step_begin = printer_begin;
	/* Output printed to /dev/null would be formatted line by line for
	 * nothing (as GNU tar skips reading what it archives to /dev/null):
	 * it is then not printed, and the engine does not even split it into
	 * lines. It is in the step's log all the same. */
	ops->output = util_fd_is_null(STDOUT_FILENO) ? NULL : printer_output;
	ops->tick = printer_tick;
	ops->step_end = printer_end;
	ops->note = printer_note;
	ops->arg = p;
}
