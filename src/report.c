/* report.c: the report of a session. report_new builds one model from the
 * guide and the session (statuses, `when:` and resolution come from the
 * engine, never worked out again here); report_write walks it once and
 * hands each part to the writer of the format: text, markdown, HTML, YAML. */
#include "config.h"

#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "i18n.h"
#include "text.h"
#include "util.h"
#include "xmalloc.h"

/* How much of a log's end is read for its last lines. */
#define REPORT_TAIL_BYTES	65536

int
report_format_from_name(const char *name)
{
	if (name == NULL || strcmp(name, "text") == 0)
		return REPORT_TEXT;
	if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
		return REPORT_MARKDOWN;
	if (strcmp(name, "html") == 0)
		return REPORT_HTML;
	if (strcmp(name, "yaml") == 0)
		return REPORT_YAML;
	return -1;
}

/* A line of output for a report: control characters shown as '?', a
 * trailing \r cut, at most width columns. */
static char *
report_clean_line(const char *s, size_t len, int width)
{
	char *line;
	size_t i;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	line = xstrndup(s, len);
	for (i = 0; i < len; i++) {
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = line[i] == '\t' ? ' ' : '?';
	}
	line[text_fit(line, len, width)] = '\0';
	return line;
}

char **
report_tail(const char *path, size_t n, int width, size_t *got, char **cause)
{
	struct stat sb;
	char *data, **lines, *p, *q, *end, *nl;
	size_t len, k = 0, i;
	off_t from;
	ssize_t r;
	int fd, e;

	*got = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		e = errno;
		if (cause != NULL)
			*cause = xprintf(_("cannot read %s: %s"), path,
			    strerror(e));
		errno = e;
		return NULL;
	}
	/* Most logs are short: a first read of the tail's size that comes
	 * back short is the whole file, and the size is not asked for. */
	data = xmalloc(REPORT_TAIL_BYTES + 1);
	from = 0;
	r = pread(fd, data, REPORT_TAIL_BYTES, 0);
	if (r >= 0 && (size_t)r < REPORT_TAIL_BYTES)
		i = (size_t)r;
	else if (r != -1 && fstat(fd, &sb) != -1) {
		from = sb.st_size > REPORT_TAIL_BYTES ? sb.st_size -
		    REPORT_TAIL_BYTES : 0;
		len = (size_t)(sb.st_size - from);
		for (i = 0; i < len; i += (size_t)r) {
			r = pread(fd, data + i, len - i, from + (off_t)i);
			if (r == -1 || r == 0)
				break;
		}
	} else
		r = -1;
	if (r == -1) {
		e = errno;
		if (cause != NULL)
			*cause = xprintf(_("cannot read %s: %s"), path,
			    strerror(e));
		free(data);
		close(fd);
		errno = e;
		return NULL;
	}
	close(fd);
	len = i;
	data[len] = '\0';
	while (len > 0 && data[len - 1] == '\n')
		data[--len] = '\0';
	/* Read from the middle of the file: its first line is partial. */
	p = data;
	if (from > 0 && (nl = memchr(data, '\n', len)) != NULL)
		p = nl + 1;
	end = data + len;
	/* Back from the end, n line starts. */
	for (q = end; q > p && k < n; k++) {
		while (q > p && q[-1] != '\n')
			q--;
		if (k + 1 < n && q > p)
			q--;		/* onto the newline before the line */
		else
			break;
	}
	lines = xcalloc(n + 1, sizeof *lines);
	for (i = 0; i < n && q < end; i++) {
		nl = memchr(q, '\n', (size_t)(end - q));
		if (nl == NULL)
			nl = end;
		lines[i] = report_clean_line(q, (size_t)(nl - q), width);
		q = nl + 1;
	}
	*got = i;
	free(data);
	return lines;
}

/*
 * Building the model.
 */

static void
report_add_field(struct report_field **v, size_t *n, const char *key,
    const char *label, char *value, int block)
{
	/* The room doubles when the count reaches a power of two. */
	if (*n == 0 || (*n & (*n - 1)) == 0)
		*v = xreallocarray(*v, *n == 0 ? 1 : *n * 2, sizeof **v);
	(*v)[*n].key = key;
	(*v)[*n].label = label;
	(*v)[*n].value = value;
	(*v)[*n].block = block;
	(*n)++;
}

static void
report_field(struct report_step *rs, const char *key, const char *label,
    char *value, int block)
{
	report_add_field(&rs->fields, &rs->nfields, key, label, value, block);
}

/* A message translated once per report, where it is written for every
 * step (gettext each time adds up over 10,000 steps). The message is
 * marked N_() there; messages are told apart by their address. */
static const char *report_tr(struct report *, const char *)
    __attribute__((format_arg(2)));

static const char *
report_tr(struct report *r, const char *msgid)
{
	size_t i;

	for (i = 0; i < r->ntr; i++) {
		if (r->tr[i].msgid == msgid)
			return r->tr[i].text;
	}
	r->tr = xreallocarray(r->tr, r->ntr + 1, sizeof *r->tr);
	r->tr[r->ntr].msgid = msgid;
	r->tr[r->ntr].text = _(msgid);
	return r->tr[r->ntr++].text;
}

/* status_label, looked up once per report. */
static const char *
report_status(const struct report *r, enum status st)
{
	return (size_t)st < r->nstatus ? r->status_labels[st] :
	    status_label(st);
}

/* "TIME by USER", marked when it came from an answers file. */
static char *
report_when_who(struct report *r, const char *at, const char *by,
    const char *source)
{
	if (source != NULL && strcmp(source, "answers") == 0)
		return xprintf(report_tr(r, N_("%s by %s (from answers file)")),
		    at != NULL ? at : "?", by != NULL ? by : "?");
	return xprintf(report_tr(r, N_("%s by %s")), at != NULL ? at : "?",
	    by != NULL ? by : "?");
}

static const char *
report_answer_source(const struct session *s, const char *name)
{
	size_t i;

	for (i = 0; s != NULL && i < s->nanswers; i++) {
		if (strcmp(s->answers[i].name, name) == 0)
			return s->answers[i].source;
	}
	return NULL;
}

/* Why a step is skipped: each condition's question and its answer. */
static char *
report_skip_text(struct engine *e, const struct step *step)
{
	struct buf b = BUF_INIT;
	const char *v;
	char *text;
	size_t i;

	for (i = 0; i < step->nwhen; i++) {
		v = engine_value(e, step->when[i].question);
		buf_printf(&b, "%s%s = %s", i > 0 ? ", " : "",
		    step->when[i].question, v != NULL ? v : "?");
	}
	text = xprintf(_("its condition does not hold (%s)"),
	    b.len > 0 ? buf_str(&b) : "");
	buf_free(&b);
	return text;
}

/* What was recorded about a step, as lines of detail. */
static void
report_step_fields(struct engine *e, struct report *r, struct report_step *rs)
{
	const struct step_state *st = rs->st;
	const char *label;
	char *cause = NULL;
	struct buf b = BUF_INIT;
	size_t i;

	if (rs->status == STATUS_SKIPPED && rs->step != NULL) {
		report_field(rs, "skipped", _("Skipped"),
		    report_skip_text(e, rs->step), 0);
		return;
	}
	if (rs->answer != NULL)
		report_field(rs, "answer", _("Answer"), rs->answer_source !=
		    NULL && strcmp(rs->answer_source, "answers") == 0 ?
		    xprintf(_("%s (from answers file)"), rs->answer) :
		    xstrdup(rs->answer), 0);
	if (st == NULL)
		return;
	if (st->attempts > 0 && rs->command == NULL && rs->step != NULL &&
	    rs->step->type != NULL) {
		/* A journal older than the recorded command: describe it now,
		 * with the session's values. */
		rs->described = engine_describe(e, rs->step, &cause);
		free(cause);
		rs->command = rs->described;
	}
	if (rs->command != NULL)
		report_field(rs, "command", rs->step != NULL &&
		    rs->step->kind == STEP_ACTION ?
		    report_tr(r, N_("Command or edit")) :
		    report_tr(r, N_("What was checked")), xstrdup(rs->command),
		    1);
	switch (st->status) {
	case STATUS_ACKNOWLEDGED:
		label = report_tr(r, N_("Acknowledged"));
		break;
	case STATUS_NOT_APPLICABLE:
		label = report_tr(r, N_("Marked not applicable"));
		break;
	default:
		label = st->reported ?
		    report_tr(r, N_("Reported by the operator")) :
		    report_tr(r, N_("Recorded"));
		break;
	}
	/* The source is of the person's decision (an acknowledgement, a
	 * report), not of a check's result that was later waived. */
	if (st->at != NULL)
		report_field(rs, "recorded", label, report_when_who(r, st->at,
		    st->by, st->status == STATUS_ACKNOWLEDGED || st->status ==
		    STATUS_NOT_APPLICABLE || st->reported ? st->source : NULL),
		    0);
	if (st->evidence != NULL && *st->evidence != '\0')
		report_field(rs, "evidence", report_tr(r, N_("Evidence")),
		    xstrdup(st->evidence), strchr(st->evidence, '\n') != NULL);
	if (st->reason != NULL && *st->reason != '\0')
		report_field(rs, "reason", report_tr(r, N_("Reason")),
		    xstrdup(st->reason), 0);
	if (st->note != NULL && *st->note != '\0')
		report_field(rs, "note", report_tr(r, N_("Note")),
		    xstrdup(st->note), 0);
	if (st->exit_code >= 0)
		report_field(rs, "exit", report_tr(r, N_("Exit status")),
		    xprintf("%d", st->exit_code), 0);
	if (st->signal != 0)
		report_field(rs, "signal", report_tr(r, N_("Exit status")),
		    xprintf(_("killed by signal %d"), st->signal), 0);
	if (st->timed_out)
		report_field(rs, "timed_out", _("Timed out"),
		    xstrdup(_("yes: the command was stopped at its time limit")),
		    0);
	if (st->duration_ms > 0 || st->exit_code >= 0)
		report_field(rs, "duration", report_tr(r, N_("Duration")),
		    util_duration_text(st->duration_ms), 0);
	if (st->attempts > 1)
		report_field(rs, "attempts", _("Runs"),
		    xprintf("%u", st->attempts), 0);
	if (st->log != NULL && !rs->no_log) {
		if (rs->log_missing)
			report_field(rs, "log", report_tr(r, N_("Full log")),
			    xprintf(_("%s (the file is gone)"), st->log), 0);
		else
			report_field(rs, "log", report_tr(r, N_("Full log")),
			    xstrdup(st->log), 0);
	}
	if (rs->ntail > 0) {
		for (i = 0; i < rs->ntail; i++)
			buf_printf(&b, "%s\n", rs->tail[i]);
		report_field(rs, "output", P_("Last line of the log",
		    "Last lines of the log", rs->ntail), buf_steal(&b), 1);
	}
	if (st->waived) {
		char *who = report_when_who(r, st->waived_at, st->waived_by,
		    st->source), *text;

		/* TRANSLATORS: when and by whom, then the reason. */
		text = xprintf(_("%s: %s"), who, st->waive_reason != NULL ?
		    st->waive_reason : "");
		report_field(rs, "waived", _("Waived"), text, 0);
		free(who);
	}
	if (st->drift)
		report_field(rs, "drift", _("Drift found on resume"),
		    xstrdup(st->drift_evidence != NULL ? st->drift_evidence :
		    _("the check passed before and did not pass when run again")),
		    0);
	buf_free(&b);
}

static void
report_step_init(struct engine *e, struct report *r, struct report_step *rs,
    const struct step *step, const struct step_state *st)
{
	memset(rs, 0, sizeof *rs);
	rs->step = step;
	rs->st = st;
	rs->id = step != NULL ? step->id : st->id;
	rs->title = step != NULL ? step->title : st->id;
	rs->kind = step != NULL ? checklist_step_kind_name(step->kind) : "";
	rs->status = st != NULL ? st->status : STATUS_PENDING;
	if (step != NULL) {
		rs->stage_no = step->stage->index + 1;
		rs->resolved = engine_resolved(e, step);
		if (engine_when(e, step, NULL) == 0)
			rs->status = STATUS_SKIPPED;
		else if (step->kind == STEP_INFO)
			rs->status = STATUS_SHOWN;
		else if (step->kind == STEP_QUESTION) {
			rs->answer = engine_value(e, step->id);
			rs->answer_source = report_answer_source(r->s, step->id);
			rs->status = rs->answer != NULL ? STATUS_ANSWERED :
			    STATUS_PENDING;
		}
	}
	if (st != NULL && rs->status != STATUS_SKIPPED) {
		rs->command = st->command;
		if (st->log != NULL) {
			/* A log named relative to the session's folder. */
			char *path = *st->log == '/' ? xstrdup(st->log) :
			    util_path_join(r->s->dir, st->log);

			rs->tail = report_tail(path, REPORT_TAIL_LINES,
			    REPORT_WIDTH - 8, &rs->ntail, NULL);
			free(path);
			if (rs->tail == NULL && errno == ENOENT)
				rs->log_missing = 1;
			/* A check that wrote no log has none to show. */
			if (rs->log_missing && !st->logged &&
			    st->status != STATUS_RUNNING &&
			    st->status != STATUS_INTERRUPTED)
				rs->no_log = 1;
		}
	}
	report_step_fields(e, r, rs);
}

static void
report_step_clear(struct report_step *rs)
{
	size_t i;

	for (i = 0; i < rs->nfields; i++)
		free(rs->fields[i].value);
	free(rs->fields);
	for (i = 0; i < rs->ntail; i++)
		free(rs->tail[i]);
	free(rs->tail);
	free(rs->described);
}

/* The values the session used: variables, guide questions, databases. */
static void
report_values(struct engine *e, struct report *r)
{
	const struct session *s = r->s;
	const struct session_db *d;
	const char *v, *src;
	size_t i;

	for (i = 0; i < r->g->nvars; i++) {
		v = engine_value(e, r->g->vars[i].name);
		if (v == NULL)
			continue;
		src = engine_value_source(e, r->g->vars[i].name);
		report_add_field(&r->values, &r->nvalues, r->g->vars[i].name,
		    r->g->vars[i].name, src != NULL && strcmp(src, "default") ==
		    0 ? xprintf(_("%s (default)"), v) : xstrdup(v), 0);
	}
	for (i = 0; i < r->g->nquestions; i++) {
		v = engine_value(e, r->g->questions[i].id);
		if (v == NULL)
			continue;
		src = report_answer_source(s, r->g->questions[i].id);
		report_add_field(&r->values, &r->nvalues, r->g->questions[i].id,
		    r->g->questions[i].id, src != NULL && strcmp(src,
		    "answers") == 0 ? xprintf(_("%s (from answers file)"), v) :
		    xstrdup(v), 0);
	}
	for (i = 0; i < s->ndbs; i++) {
		d = &s->dbs[i];
		/* The query timeout when one was given (300 s otherwise). */
		report_add_field(&r->values, &r->nvalues, d->name, d->name,
		    d->set.query_timeout_s > 0 ?
		    xprintf(_("database %s on %s port %d, user %s (%s), query timeout %d s"),
		    d->set.database != NULL ? d->set.database : "?",
		    d->set.host != NULL ? d->set.host : "localhost",
		    d->set.port, d->set.user != NULL ? d->set.user : "?",
		    db_engine_name(d->set.engine), d->set.query_timeout_s) :
		    xprintf(_("database %s on %s port %d, user %s (%s)"),
		    d->set.database != NULL ? d->set.database : "?",
		    d->set.host != NULL ? d->set.host : "localhost",
		    d->set.port, d->set.user != NULL ? d->set.user : "?",
		    db_engine_name(d->set.engine)), 0);
	}
}

static void
report_header(struct report *r)
{
	const struct session *s = r->s;
	const struct guide *g = r->g;
	struct buf b = BUF_INIT;
	size_t i;

#define H(key, label, value) \
	report_add_field(&r->header, &r->nheader, key, label, value, 0)
	if (r->complete)
		H("result", _("Result"), xprintf(P_("COMPLETE: the %zu step is resolved and every stage is complete",
		    "COMPLETE: all %zu steps are resolved and every stage is complete",
		    r->counts.total), r->counts.total));
	else
		H("result", _("Result"), xprintf(P_("INCOMPLETE: %zu of %zu steps remains",
		    "INCOMPLETE: %zu of %zu steps remain", r->nremaining),
		    r->nremaining, r->counts.total));
	for (i = 0; i < r->nstatus; i++) {
		if (r->by_status[i] > 0)
			buf_printf(&b, "%s%s %zu", b.len > 0 ? ", " : "",
			    r->status_labels[i], r->by_status[i]);
	}
	H("counts", _("Steps"), buf_steal(&b));
	/* TRANSLATORS: the counts of the guide's steps, by where they stand. */
	H("summary", _("Summary"), xprintf(_("done: %zu, failed: %zu, waived: %zu, acknowledged: %zu, pending: %zu, skipped: %zu, drift: %zu"),
	    r->counts.done, r->counts.failed, r->counts.waived,
	    r->counts.acknowledged, r->counts.pending, r->counts.skipped,
	    r->counts.drift));
	H("guide", _("Guide"), xprintf("%s: %s", g->id, g->title));
	if (g->source != NULL)
		H("source", _("Source document"), xstrdup(g->source));
	H("checklist", _("Checklist"), xstrdup(g->path));
	if (r->hash_changed)
		H("changed", _("Note"), xstrdup(_("the checklist has changed since the session started; this report is of the session, and steps no longer in the guide are listed at the end")));
	H("session", _("Session"), xstrdup(s->dir));
	H("host", _("Host"), xstrdup(r->host));
	H("operator", _("Operator"), xstrdup(s->started_by != NULL ?
	    s->started_by : "?"));
	H("started", _("Session start"), xstrdup(s->started != NULL ?
	    s->started : "?"));
	H(r->complete ? "ended" : "last_activity", r->complete ?
	    _("Session end") : _("Last activity"),
	    xstrdup(s->updated != NULL ? s->updated : "?"));
	H("generated", _("Report written"), report_when_who(r, r->generated,
	    util_user(), NULL));
	if (s->training)
		H("training", _("TRAINING"), s->training_fault != NULL ?
		    xprintf(_("a training session in the sandbox %s, with the fault '%s' injected"),
		    s->training_sandbox != NULL ? s->training_sandbox : "?",
		    s->training_fault) :
		    xprintf(_("a training session in the sandbox %s"),
		    s->training_sandbox != NULL ? s->training_sandbox : "?"));
	if (s->torn != NULL)
		H("torn", _("Note"), xstrdup(s->torn));
#undef H
}

/* Order step ids for qsort and bsearch (pointers to the ids). */
static int
report_id_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The guide's step ids, sorted, for report_has_step; the caller frees the
 * array (not the ids). */
static const char **
report_step_ids(const struct guide *g, size_t *n)
{
	const char **ids;
	size_t i;

	ids = xreallocarray(NULL, g->nsteps + 1, sizeof *ids);
	*n = 0;
	for (i = 0; i < g->nsteps; i++) {
		if (g->steps[i]->id != NULL)
			ids[(*n)++] = g->steps[i]->id;
	}
	qsort(ids, *n, sizeof *ids, report_id_cmp);
	return ids;
}

/* Is id among the sorted ids? (A search per step of the session, where
 * checklist_step would look through the whole guide for each.) */
static int
report_has_step(const char **ids, size_t n, const char *id)
{
	return n > 0 && bsearch(&id, ids, n, sizeof *ids, report_id_cmp) !=
	    NULL;
}

struct report *
report_new(struct engine *e)
{
	const struct guide *g = e->g;
	const struct session *s = e->s;
	struct report *r = xcalloc(1, sizeof *r);
	struct report_stage *rst;
	struct report_step *rs;
	const char **ids;
	size_t i, j, nids;

	r->g = g;
	r->s = s;
	r->host = xstrdup(util_host());
	r->generated = util_now_iso();
	r->hash_changed = s->guide_hash != NULL &&
	    strcmp(s->guide_hash, g->hash) != 0;
	while (strcmp(status_name((enum status)r->nstatus), "unknown") != 0)
		r->nstatus++;
	r->by_status = xcalloc(r->nstatus + 1, sizeof *r->by_status);
	r->status_labels = xcalloc(r->nstatus + 1, sizeof *r->status_labels);
	for (i = 0; i < r->nstatus; i++)
		r->status_labels[i] = status_label((enum status)i);
	r->complete = 1;
	r->stages = xcalloc(g->nstages, sizeof *r->stages);
	r->nstages = g->nstages;
	for (i = 0; i < g->nstages; i++) {
		rst = &r->stages[i];
		rst->stage = g->stages[i];
		rst->no = i + 1;
		rst->complete = session_stage_done(s, rst->stage->id);
		rst->blocked = engine_stage_blockers(e, rst->stage) > 0;
		engine_counts(e, rst->stage, &rst->counts);
		if (!rst->complete)
			r->complete = 0;
		rst->steps = xcalloc(rst->stage->nsteps, sizeof *rst->steps);
		rst->nsteps = rst->stage->nsteps;
		for (j = 0; j < rst->nsteps; j++) {
			rs = &rst->steps[j];
			report_step_init(e, r, rs, rst->stage->steps[j],
			    session_step(s, rst->stage->steps[j]->id));
			rs->number = j + 1;
			if (rs->step->kind != STEP_INFO &&
			    (size_t)rs->status < r->nstatus)
				r->by_status[rs->status]++;
			if (!rs->resolved) {
				r->remaining = xreallocarray(r->remaining,
				    r->nremaining + 1, sizeof *r->remaining);
				r->remaining[r->nremaining++] = rs;
			}
		}
	}
	if (g->nstages == 0)
		r->complete = 0;
	engine_counts(e, NULL, &r->counts);
	ids = report_step_ids(g, &nids);
	for (i = 0; i < s->nsteps; i++) {
		if (report_has_step(ids, nids, s->steps[i].id))
			continue;
		r->gone = xreallocarray(r->gone, r->ngone + 1, sizeof *r->gone);
		report_step_init(e, r, &r->gone[r->ngone++], NULL,
		    &s->steps[i]);
	}
	free(ids);
	report_values(e, r);
	report_header(r);
	return r;
}

void
report_free(struct report *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nstages; i++) {
		for (j = 0; j < r->stages[i].nsteps; j++)
			report_step_clear(&r->stages[i].steps[j]);
		free(r->stages[i].steps);
	}
	free(r->stages);
	for (i = 0; i < r->ngone; i++)
		report_step_clear(&r->gone[i]);
	free(r->gone);
	for (i = 0; i < r->nheader; i++)
		free(r->header[i].value);
	free(r->header);
	for (i = 0; i < r->nvalues; i++)
		free(r->values[i].value);
	free(r->values);
	free(r->remaining);
	free(r->by_status);
	free(r->status_labels);
	free(r->tr);
	free(r->host);
	free(r->generated);
	free(r);
}

/*
 * Writing: one walk, a writer per format.
 */

struct report_out {
	const struct report	*r;
	struct buf		*out;
	struct buf		 body;		/* text: before paging */
	yaml_emitter_t		 em;		/* yaml */
	yaml_event_t		 ev;
	int			 failed;
};

struct report_writer {
	void	(*begin)(struct report_out *);
	/* A stage; NULL: the steps no longer in the guide. */
	void	(*stage)(struct report_out *, const struct report_stage *);
	void	(*step)(struct report_out *, const struct report_step *);
	void	(*stage_end)(struct report_out *);
	void	(*end)(struct report_out *);
};

/* The heading of a stage, for people. */
static char *
report_stage_title(const struct report_stage *st)
{
	if (st == NULL)
		return xstrdup(_("Steps no longer in the guide"));
	if (st->complete)
		return xprintf(_("Stage %zu: %s (complete)"), st->no,
		    st->stage->title);
	if (st->blocked)
		return xprintf(_("Stage %zu: %s (blocked)"), st->no,
		    st->stage->title);
	return xprintf(_("Stage %zu: %s (not complete)"), st->no,
	    st->stage->title);
}

static const char *
report_signoff(void)
{
	/* TRANSLATORS: the lines are filled in by hand on paper; keep the
	 * whole within 80 columns. */
	return _("Performed by: ________________  Verified by: ________________  Date: __________");
}

/* Text: 80 columns, pages of REPORT_PAGE_LINES lines. */

static void
text_field(struct buf *b, const struct report_field *f, int indent)
{
	char *s;
	const char *p, *nl;
	size_t cut;
	int i;

	if (!f->block) {
		s = xprintf("%s: %s", f->label, f->value);
		text_wrap(b, s, indent, REPORT_WIDTH);
		free(s);
		return;
	}
	for (i = 0; i < indent; i++)
		buf_addc(b, ' ');
	buf_printf(b, "%s:\n", f->label);
	/* A command's output: lines as they are, a long one continued on the
	 * next lines. The rest: each line wrapped at its words, under its own
	 * indent (a word longer than the line is cut when the page is made). */
	for (p = f->value; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (strcmp(f->key, "output") != 0) {
			size_t lead = strspn(p, " ");

			s = xstrndup(p + lead, (size_t)(nl - p) - lead);
			if (*s == '\0')
				buf_addc(b, '\n');
			else
				text_wrap(b, s, indent + 2 + (int)lead,
				    REPORT_WIDTH);
			free(s);
			continue;
		}
		do {
			cut = text_fit(p, (size_t)(nl - p),
			    REPORT_WIDTH - indent - 2);
			for (i = 0; i < indent + 2; i++)
				buf_addc(b, ' ');
			buf_add(b, p, cut);
			buf_addc(b, '\n');
			p += cut;
		} while (p < nl);
	}
}

static void
text_begin(struct report_out *o)
{
	const struct report *r = o->r;
	struct buf *b = &o->body;
	char *s;
	size_t i;
	int w;

	s = xprintf(_("Upgrade report: %s"), r->g->title);
	text_wrap(b, s, 0, REPORT_WIDTH);
	w = text_width(s);
	free(s);
	for (i = 0; i < (size_t)(w < REPORT_WIDTH ? w : REPORT_WIDTH); i++)
		buf_addc(b, '=');
	buf_addc(b, '\n');
	if (r->s->training)
		text_wrap(b, _("*** TRAINING: a practice session in a sandbox, not a real upgrade ***"),
		    0, REPORT_WIDTH);
	if (!r->complete) {
		s = xprintf(P_("*** INCOMPLETE: %zu step remains; it is listed below ***",
		    "*** INCOMPLETE: %zu steps remain; they are listed below ***",
		    r->nremaining), r->nremaining);
		text_wrap(b, s, 0, REPORT_WIDTH);
		free(s);
	}
	buf_addc(b, '\n');
	for (i = 0; i < r->nheader; i++)
		text_field(b, &r->header[i], 0);
	if (r->nvalues > 0) {
		buf_printf(b, "\n%s\n", _("Values used:"));
		for (i = 0; i < r->nvalues; i++)
			text_field(b, &r->values[i], 2);
	}
	if (r->nremaining > 0) {
		buf_printf(b, "\n%s\n", _("Remaining steps:"));
		for (i = 0; i < r->nremaining; i++) {
			s = xprintf("%zu.%zu %s: %s", r->remaining[i]->stage_no,
			    r->remaining[i]->number, r->remaining[i]->id,
			    r->remaining[i]->title);
			text_wrap(b, s, 2, REPORT_WIDTH);
			free(s);
		}
	}
}

static void
text_stage(struct report_out *o, const struct report_stage *st)
{
	char *s = report_stage_title(st);
	int i, w = text_width(s);

	buf_addc(&o->body, '\n');
	text_wrap(&o->body, s, 0, REPORT_WIDTH);
	for (i = 0; i < (w < REPORT_WIDTH ? w : REPORT_WIDTH); i++)
		buf_addc(&o->body, '-');
	buf_addc(&o->body, '\n');
	free(s);
}

static void
text_step(struct report_out *o, const struct report_step *rs)
{
	char *s;
	size_t i;

	if (rs->stage_no > 0)
		s = xprintf("[%s] %zu.%zu %s: %s",
		    report_status(o->r, rs->status), rs->stage_no, rs->number,
		    rs->id, rs->title);
	else
		s = xprintf("[%s] %s", report_status(o->r, rs->status),
		    rs->id);
	text_wrap(&o->body, s, 2, REPORT_WIDTH);
	free(s);
	for (i = 0; i < rs->nfields; i++)
		text_field(&o->body, &rs->fields[i], 6);
}

static void
text_nothing(struct report_out *o)
{
	(void)o;
}

/* The body cut into lines of at most REPORT_WIDTH columns, then paged, each
 * page with its header line. */
static void
text_end(struct report_out *o)
{
	const struct report *r = o->r;
	struct buf *b = &o->body;
	const char *p, *nl, *q;
	size_t nlines = 0, per = REPORT_PAGE_LINES - 2, pages, page, k, cut;
	char *head, *cp;

	buf_printf(b, "\n%s\n\n%s\n", _("Sign-off"), report_signoff());
	/* Nothing that would move a printer or a terminal: a tab is a space,
	 * another control character a '?'. */
	for (cp = b->data; *cp != '\0'; cp++) {
		if (*cp == '\t')
			*cp = ' ';
		else if (*cp != '\n' && ((unsigned char)*cp < 0x20 ||
		    *cp == 0x7f))
			*cp = '?';
	}
	/* Count the lines once, then write them, cut the same way. */
	for (p = buf_str(b); *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		q = p;
		do {
			q += text_fit(q, (size_t)(nl - q), REPORT_WIDTH);
			nlines++;
		} while (q < nl);
	}
	pages = (nlines + per - 1) / per;
	p = buf_str(b);
	q = p;
	nl = strchr(p, '\n');
	for (page = 1; page <= pages; page++) {
		if (page > 1)
			buf_addc(o->out, '\f');
		head = r->s->training ?
		    xprintf(_("guide %s, page %zu of %zu, TRAINING"), r->g->id,
		    page, pages) :
		    xprintf(_("guide %s, page %zu of %zu"), r->g->id, page,
		    pages);
		buf_printf(o->out, "%s  %s\n\n", PACKAGE, head);
		free(head);
		for (k = 0; k < per && *q != '\0'; k++) {
			cut = text_fit(q, (size_t)(nl - q), REPORT_WIDTH);
			buf_add(o->out, q, cut);
			buf_addc(o->out, '\n');
			q += cut;
			if (q == nl && *++q != '\0')
				nl = strchr(q, '\n');
		}
	}
}

static const struct report_writer report_text = {
	text_begin, text_stage, text_step, text_nothing, text_end
};

/* Markdown: a checklist; untrusted text escaped with backslashes, blocks in
 * fences longer than any run of backticks in them. */

/* Text that renders as itself: the characters markdown gives a meaning to
 * anywhere escaped, and those that mean something at the start of a line
 * (a heading, a list item) escaped there. Newlines become spaces. */
static void
md_escape(struct buf *b, const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && (*p == '.' || *p == ')')) {
		buf_add(b, s, (size_t)(p - s));
		s = p;
		buf_addc(b, '\\');
	} else if (*s != '\0' && strchr("#-+=>", *s) != NULL)
		buf_addc(b, '\\');
	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t') {
			buf_addc(b, ' ');
			continue;
		}
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			buf_addc(b, '?');
			continue;
		}
		if (strchr("\\`*_[]<>&|~!", *s) != NULL)
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static void
md_block(struct buf *b, const char *text, const char *indent)
{
	size_t run = 0, longest = 0, i;
	const char *p, *nl;

	for (p = text; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	buf_printf(b, "\n%s", indent);
	for (i = 0; i < (longest < 3 ? 3 : longest + 1); i++)
		buf_addc(b, '`');
	buf_addc(b, '\n');
	for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		buf_adds(b, indent);
		buf_add(b, p, (size_t)(nl - p));
		buf_addc(b, '\n');
	}
	buf_adds(b, indent);
	for (i = 0; i < (longest < 3 ? 3 : longest + 1); i++)
		buf_addc(b, '`');
	buf_adds(b, "\n\n");
}

static void
md_field(struct buf *b, const struct report_field *f, const char *indent)
{
	buf_printf(b, "%s- **", indent);
	md_escape(b, f->label);
	buf_adds(b, ":**");
	if (f->block || strchr(f->value, '\n') != NULL) {
		char *in = xprintf("%s  ", indent);

		md_block(b, f->value, in);
		free(in);
		return;
	}
	buf_addc(b, ' ');
	md_escape(b, f->value);
	buf_addc(b, '\n');
}

static void
md_begin(struct report_out *o)
{
	const struct report *r = o->r;
	struct buf *b = o->out;
	char *s;
	size_t i;

	buf_printf(b, "<!-- %s report -->\n\n# ", PACKAGE);
	s = xprintf(_("Upgrade report: %s"), r->g->title);
	md_escape(b, s);
	free(s);
	buf_adds(b, "\n\n");
	if (r->s->training) {
		buf_adds(b, "> **");
		md_escape(b, _("*** TRAINING: a practice session in a sandbox, not a real upgrade ***"));
		buf_adds(b, "**\n\n");
	}
	if (!r->complete) {
		s = xprintf(P_("*** INCOMPLETE: %zu step remains; it is listed below ***",
		    "*** INCOMPLETE: %zu steps remain; they are listed below ***",
		    r->nremaining), r->nremaining);
		buf_adds(b, "> **");
		md_escape(b, s);
		buf_adds(b, "**\n\n");
		free(s);
	}
	for (i = 0; i < r->nheader; i++)
		md_field(b, &r->header[i], "");
	if (r->nvalues > 0) {
		buf_adds(b, "\n## ");
		md_escape(b, _("Values used:"));
		buf_adds(b, "\n\n");
		for (i = 0; i < r->nvalues; i++)
			md_field(b, &r->values[i], "");
	}
	if (r->nremaining > 0) {
		buf_adds(b, "\n## ");
		md_escape(b, _("Remaining steps:"));
		buf_adds(b, "\n\n");
		for (i = 0; i < r->nremaining; i++) {
			s = xprintf("%zu.%zu %s: %s", r->remaining[i]->stage_no,
			    r->remaining[i]->number, r->remaining[i]->id,
			    r->remaining[i]->title);
			buf_adds(b, "- ");
			md_escape(b, s);
			buf_addc(b, '\n');
			free(s);
		}
	}
}

static void
md_stage(struct report_out *o, const struct report_stage *st)
{
	char *s = report_stage_title(st);

	buf_adds(o->out, "\n## ");
	md_escape(o->out, s);
	if (o->r->s->training) {
		buf_adds(o->out, " \\- ");
		md_escape(o->out, _("TRAINING"));
	}
	buf_adds(o->out, "\n\n");
	free(s);
}

static void
md_step(struct report_out *o, const struct report_step *rs)
{
	struct buf *b = o->out;
	char *s;
	size_t i;

	buf_printf(b, "- [%c] ", rs->resolved ? 'x' : ' ');
	if (rs->stage_no > 0)
		s = xprintf("%zu.%zu %s: %s", rs->stage_no, rs->number, rs->id,
		    rs->title);
	else
		s = xstrdup(rs->id);
	md_escape(b, s);
	free(s);
	buf_adds(b, " \\- *");
	md_escape(b, report_status(o->r, rs->status));
	buf_adds(b, "*\n");
	for (i = 0; i < rs->nfields; i++)
		md_field(b, &rs->fields[i], "  ");
}

static void
md_end(struct report_out *o)
{
	buf_adds(o->out, "\n## ");
	md_escape(o->out, _("Sign-off"));
	buf_adds(o->out, "\n\n");
	md_escape(o->out, report_signoff());
	buf_addc(o->out, '\n');
}

static const struct report_writer report_markdown = {
	md_begin, md_stage, md_step, text_nothing, md_end
};

/* HTML: one file, its style inline, no script, every text escaped. */

static void
html_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			buf_addc(b, *s);
			break;
		}
	}
}

static void
html_text(struct buf *b, const char *tag, const char *cls, const char *s)
{
	buf_printf(b, "<%s class=\"%s\">", tag, cls);
	html_escape(b, s);
	buf_printf(b, "</%s>\n", tag);
}

static void
html_fields(struct buf *b, const struct report_field *f, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	buf_adds(b, "<dl>\n");
	for (i = 0; i < n; i++) {
		buf_adds(b, "<dt>");
		html_escape(b, f[i].label);
		buf_adds(b, f[i].block ? "</dt><dd><pre>" : "</dt><dd>");
		html_escape(b, f[i].value);
		buf_adds(b, f[i].block ? "</pre></dd>\n" : "</dd>\n");
	}
	buf_adds(b, "</dl>\n");
}

static const char report_css[] =
	"body{font-family:sans-serif;max-width:60em;margin:1em auto;"
	"padding:0 1em;color:#000;background:#fff}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #888}\n"
	"dl{display:grid;grid-template-columns:max-content auto;"
	"gap:.1em .6em;margin:.2em 0 .6em 2em}dt{font-weight:bold}dd{margin:0}\n"
	"pre{white-space:pre-wrap;background:#f4f4f4;padding:.3em;margin:0}\n"
	"ol.steps{list-style:none;padding-left:0}\n"
	"li{margin:.4em 0;page-break-inside:avoid}\n"
	".box{font-family:monospace}.status{font-style:italic}\n"
	".incomplete,.training{border:2px solid #000;padding:.4em;"
	"font-weight:bold}\n"
	".training{background:#fe8}\n"
	".mark{display:none}\n"
	"@media print{body{max-width:none;margin:0}"
	".mark{display:block;position:fixed;top:0;right:0;font-weight:bold;"
	"border:1px solid #000;padding:0 .3em}"
	"pre{background:none;border:1px solid #888}"
	"h2{page-break-after:avoid}}\n";

static void
html_begin(struct report_out *o)
{
	const struct report *r = o->r;
	struct buf *b = o->out;
	char *s;
	size_t i;

	buf_printf(b, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"generator\" content=\"%s\">\n<title>", PACKAGE);
	if (r->s->training) {
		html_escape(b, _("TRAINING"));
		buf_adds(b, ": ");
	}
	s = xprintf(_("Upgrade report: %s"), r->g->title);
	html_escape(b, s);
	buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
	    report_css);
	if (r->s->training) {
		html_text(b, "div", "mark", _("TRAINING"));
		html_text(b, "p", "training", _("*** TRAINING: a practice session in a sandbox, not a real upgrade ***"));
	}
	html_text(b, "h1", "title", s);
	free(s);
	if (!r->complete) {
		s = xprintf(P_("*** INCOMPLETE: %zu step remains; it is listed below ***",
		    "*** INCOMPLETE: %zu steps remain; they are listed below ***",
		    r->nremaining), r->nremaining);
		html_text(b, "p", "incomplete", s);
		free(s);
	}
	html_fields(b, r->header, r->nheader);
	if (r->nvalues > 0) {
		html_text(b, "h2", "values", _("Values used:"));
		html_fields(b, r->values, r->nvalues);
	}
	if (r->nremaining > 0) {
		html_text(b, "h2", "remaining", _("Remaining steps:"));
		buf_adds(b, "<ul>\n");
		for (i = 0; i < r->nremaining; i++) {
			s = xprintf("%zu.%zu %s: %s", r->remaining[i]->stage_no,
			    r->remaining[i]->number, r->remaining[i]->id,
			    r->remaining[i]->title);
			html_text(b, "li", "remaining", s);
			free(s);
		}
		buf_adds(b, "</ul>\n");
	}
}

static void
html_stage(struct report_out *o, const struct report_stage *st)
{
	char *s = report_stage_title(st);

	html_text(o->out, "h2", "stage", s);
	buf_adds(o->out, "<ol class=\"steps\">\n");
	free(s);
}

static void
html_step(struct report_out *o, const struct report_step *rs)
{
	struct buf *b = o->out;
	char *s;

	buf_printf(b, "<li class=\"%s\"><span class=\"box\">[%s]</span> ",
	    status_name(rs->status), rs->resolved ? "x" : "&nbsp;");
	if (rs->stage_no > 0)
		s = xprintf("%zu.%zu %s: %s", rs->stage_no, rs->number, rs->id,
		    rs->title);
	else
		s = xstrdup(rs->id);
	html_escape(b, s);
	free(s);
	buf_adds(b, " ");
	html_text(b, "span", "status", report_status(o->r, rs->status));
	html_fields(b, rs->fields, rs->nfields);
	buf_adds(b, "</li>\n");
}

static void
html_stage_end(struct report_out *o)
{
	buf_adds(o->out, "</ol>\n");
}

static void
html_end(struct report_out *o)
{
	html_text(o->out, "h2", "signoff", _("Sign-off"));
	html_text(o->out, "p", "signoff", report_signoff());
	buf_adds(o->out, "</body>\n</html>\n");
}

static const struct report_writer report_html = {
	html_begin, html_stage, html_step, html_stage_end, html_end
};

/* YAML, for machines: libyaml's emitter, stable keys, names not
 * translated. */

static void
y_emit(struct report_out *o)
{
	if (o->failed) {
		yaml_event_delete(&o->ev);
		return;
	}
	if (!yaml_emitter_emit(&o->em, &o->ev))
		o->failed = 1;
}

/* A copy that is valid UTF-8 (libyaml refuses anything else): a byte
 * that does not start a well-formed sequence becomes '?'. */
static char *
y_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b = BUF_INIT;
	size_t k, i;

	while (*p != '\0') {
		k = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 && *p >= 0xc2 ? 2 :
		    (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 &&
		    *p <= 0xf4 ? 4 : 0;
		for (i = 1; i < k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				break;
		}
		if (k == 0 || i < k || (k == 3 && p[0] == 0xe0 && p[1] < 0xa0) ||
		    (k == 3 && p[0] == 0xed && p[1] >= 0xa0) ||
		    (k == 4 && p[0] == 0xf0 && p[1] < 0x90) ||
		    (k == 4 && p[0] == 0xf4 && p[1] >= 0x90)) {
			buf_addc(&b, '?');
			p++;
			continue;
		}
		buf_add(&b, p, k);
		p += k;
	}
	return buf_steal(&b);
}

/* Would a plain scalar read back as something other than a text (a
 * number, a boolean, null) in YAML 1.1 or 1.2? */
static int
y_ambiguous(const char *s)
{
	static const char *const words[] = { "y", "n", "yes", "no", "true",
	    "false", "on", "off", "null", "~", NULL };
	const char *p = s;
	size_t i;

	if (*s == '\0')
		return 1;
	for (i = 0; words[i] != NULL; i++) {
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	}
	if (*p == '-' || *p == '+')
		p++;
	return *p == '.' || (*p >= '0' && *p <= '9');
}

static void
y_scalar(struct report_out *o, const char *s, int plain)
{
	char *u = y_utf8(s);

	if (!yaml_scalar_event_initialize(&o->ev, NULL, NULL,
	    (yaml_char_t *)u, (int)strlen(u), 1, 1, plain ?
	    YAML_PLAIN_SCALAR_STYLE : y_ambiguous(u) ?
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE : strchr(u, '\n') != NULL ?
	    YAML_LITERAL_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE))
		o->failed = 1;
	else
		y_emit(o);
	free(u);
}

static void
y_pair(struct report_out *o, const char *key, const char *value)
{
	if (value == NULL)
		return;
	y_scalar(o, key, 1);
	y_scalar(o, value, 0);
}

static void
y_number(struct report_out *o, const char *key, long long v)
{
	char text[32];

	snprintf(text, sizeof text, "%lld", v);
	y_scalar(o, key, 1);
	y_scalar(o, text, 1);
}

static void
y_flag(struct report_out *o, const char *key, int v)
{
	y_scalar(o, key, 1);
	y_scalar(o, v ? "true" : "false", 1);
}

static void
y_mapping(struct report_out *o, int start)
{
	if (start)
		yaml_mapping_start_event_initialize(&o->ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_mapping_end_event_initialize(&o->ev);
	y_emit(o);
}

static void
y_sequence(struct report_out *o, const char *key)
{
	if (key != NULL) {
		y_scalar(o, key, 1);
		yaml_sequence_start_event_initialize(&o->ev, NULL, NULL, 1,
		    YAML_BLOCK_SEQUENCE_STYLE);
	} else
		yaml_sequence_end_event_initialize(&o->ev);
	y_emit(o);
}

static int
y_write(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, buffer, size);
	return 1;
}

static void
yaml_begin(struct report_out *o)
{
	const struct report *r = o->r;
	const struct session *s = r->s;
	size_t i;

	yaml_emitter_set_output(&o->em, y_write, o->out);
	yaml_emitter_set_unicode(&o->em, 1);
	yaml_emitter_set_width(&o->em, -1);
	yaml_stream_start_event_initialize(&o->ev, YAML_UTF8_ENCODING);
	y_emit(o);
	yaml_document_start_event_initialize(&o->ev, NULL, NULL, NULL, 1);
	y_emit(o);
	y_mapping(o, 1);
	y_pair(o, "generator", PACKAGE " " VERSION);
	y_pair(o, "guide", r->g->id);
	y_pair(o, "title", r->g->title);
	y_pair(o, "source", r->g->source);
	y_pair(o, "checklist", r->g->path);
	y_flag(o, "checklist_changed", r->hash_changed);
	y_pair(o, "session", s->dir);
	y_pair(o, "host", r->host);
	y_pair(o, "operator", s->started_by);
	y_pair(o, "started", s->started);
	y_pair(o, r->complete ? "ended" : "last_activity", s->updated);
	y_pair(o, "generated", r->generated);
	y_pair(o, "generated_by", util_user());
	y_flag(o, "training", s->training);
	if (s->training) {
		y_pair(o, "sandbox", s->training_sandbox);
		y_pair(o, "fault", s->training_fault);
	}
	y_flag(o, "complete", r->complete);
	y_scalar(o, "counts", 1);
	y_mapping(o, 1);
	y_number(o, "steps", (long long)r->counts.total);
	y_number(o, "remaining", (long long)r->nremaining);
	for (i = 0; i < r->nstatus; i++) {
		if (r->by_status[i] > 0)
			y_number(o, status_name((enum status)i),
			    (long long)r->by_status[i]);
	}
	y_mapping(o, 0);
	y_sequence(o, "remaining");
	for (i = 0; i < r->nremaining; i++) {
		y_mapping(o, 1);
		y_number(o, "stage", (long long)r->remaining[i]->stage_no);
		y_number(o, "number", (long long)r->remaining[i]->number);
		y_pair(o, "id", r->remaining[i]->id);
		y_pair(o, "title", r->remaining[i]->title);
		y_mapping(o, 0);
	}
	y_sequence(o, NULL);
	y_sequence(o, "values");
	for (i = 0; i < s->nvars; i++) {
		y_mapping(o, 1);
		y_pair(o, "variable", s->vars[i].name);
		y_pair(o, "value", s->vars[i].value);
		y_pair(o, "source", s->vars[i].source);
		y_mapping(o, 0);
	}
	for (i = 0; i < s->nanswers; i++) {
		y_mapping(o, 1);
		y_pair(o, "question", s->answers[i].name);
		y_pair(o, "value", s->answers[i].value);
		y_pair(o, "source", s->answers[i].source);
		y_mapping(o, 0);
	}
	y_sequence(o, NULL);
	y_sequence(o, "databases");
	for (i = 0; i < s->ndbs; i++) {
		y_mapping(o, 1);
		y_pair(o, "name", s->dbs[i].name);
		y_pair(o, "engine", db_engine_name(s->dbs[i].set.engine));
		y_pair(o, "host", s->dbs[i].set.host);
		y_number(o, "port", s->dbs[i].set.port);
		y_pair(o, "database", s->dbs[i].set.database);
		y_pair(o, "user", s->dbs[i].set.user);
		y_pair(o, "source", s->dbs[i].set.source);
		y_mapping(o, 0);
	}
	y_sequence(o, NULL);
	y_sequence(o, "stages");
}

static void
yaml_stage(struct report_out *o, const struct report_stage *st)
{
	y_mapping(o, 1);
	if (st != NULL) {
		y_pair(o, "id", st->stage->id);
		y_number(o, "number", (long long)st->no);
		y_pair(o, "title", st->stage->title);
		y_flag(o, "complete", st->complete);
		y_flag(o, "blocked", st->blocked);
	} else
		y_flag(o, "not_in_guide", 1);
	y_sequence(o, "steps");
}

static void
yaml_step(struct report_out *o, const struct report_step *rs)
{
	const struct step_state *st = rs->st;
	size_t i;

	y_mapping(o, 1);
	y_pair(o, "id", rs->id);
	if (rs->stage_no > 0) {
		y_number(o, "number", (long long)rs->number);
		y_pair(o, "kind", rs->kind);
		y_pair(o, "title", rs->title);
	}
	y_pair(o, "status", status_name(rs->status));
	y_flag(o, "resolved", rs->resolved);
	y_pair(o, "answer", rs->answer);
	y_pair(o, "answer_source", rs->answer != NULL ? rs->answer_source :
	    NULL);
	for (i = 0; i < rs->nfields; i++) {
		if (strcmp(rs->fields[i].key, "skipped") == 0)
			y_pair(o, "skipped", rs->fields[i].value);
	}
	if (st != NULL && rs->status != STATUS_SKIPPED) {
		y_pair(o, "command", rs->command);
		y_pair(o, "at", st->at);
		y_pair(o, "by", st->by);
		y_pair(o, "source", st->source);
		y_pair(o, "evidence", st->evidence);
		y_pair(o, "reason", st->reason);
		y_pair(o, "note", st->note);
		if (st->exit_code >= 0)
			y_number(o, "exit", st->exit_code);
		if (st->signal != 0)
			y_number(o, "signal", st->signal);
		if (st->timed_out)
			y_flag(o, "timed_out", 1);
		if (st->duration_ms > 0 || st->exit_code >= 0)
			y_number(o, "duration_ms", st->duration_ms);
		y_number(o, "attempts", st->attempts);
		y_pair(o, "log", rs->no_log ? NULL : st->log);
		if (rs->log_missing && !rs->no_log)
			y_flag(o, "log_missing", 1);
		if (rs->ntail > 0) {
			y_sequence(o, "log_tail");
			for (i = 0; i < rs->ntail; i++)
				y_scalar(o, rs->tail[i], 0);
			y_sequence(o, NULL);
		}
		if (st->reported)
			y_flag(o, "reported", 1);
		if (st->waived) {
			y_flag(o, "waived", 1);
			y_pair(o, "waive_reason", st->waive_reason);
			y_pair(o, "waived_by", st->waived_by);
			y_pair(o, "waived_at", st->waived_at);
		}
		if (st->drift) {
			y_flag(o, "drift", 1);
			y_pair(o, "drift_evidence", st->drift_evidence);
		}
	}
	y_mapping(o, 0);
}

static void
yaml_stage_end(struct report_out *o)
{
	y_sequence(o, NULL);
	y_mapping(o, 0);
}

static void
yaml_end(struct report_out *o)
{
	y_sequence(o, NULL);
	y_mapping(o, 0);
	yaml_document_end_event_initialize(&o->ev, 1);
	y_emit(o);
	yaml_stream_end_event_initialize(&o->ev);
	y_emit(o);
}

static const struct report_writer report_yaml = {
	yaml_begin, yaml_stage, yaml_step, yaml_stage_end, yaml_end
};

int
report_write(const struct report *r, enum report_format format,
    struct buf *out, char **cause)
{
	const struct report_writer *w;
	struct report_out o;
	size_t i, j;
	int rc = 0;

	memset(&o, 0, sizeof o);
	o.r = r;
	o.out = out;
	switch (format) {
	case REPORT_MARKDOWN:
		w = &report_markdown;
		break;
	case REPORT_HTML:
		w = &report_html;
		break;
	case REPORT_YAML:
		w = &report_yaml;
		if (!yaml_emitter_initialize(&o.em)) {
			*cause = xprintf(_("cannot write the report: %s"),
			    _("out of memory"));
			return -1;
		}
		break;
	default:
		w = &report_text;
		break;
	}
	w->begin(&o);
	for (i = 0; i < r->nstages; i++) {
		w->stage(&o, &r->stages[i]);
		for (j = 0; j < r->stages[i].nsteps; j++)
			w->step(&o, &r->stages[i].steps[j]);
		w->stage_end(&o);
	}
	if (r->ngone > 0) {
		w->stage(&o, NULL);
		for (j = 0; j < r->ngone; j++)
			w->step(&o, &r->gone[j]);
		w->stage_end(&o);
	}
	w->end(&o);
	if (format == REPORT_YAML) {
		if (o.failed) {
			*cause = xprintf(_("cannot write the report: %s"),
			    o.em.problem != NULL ? o.em.problem :
			    _("unknown error"));
			rc = -1;
		}
		yaml_emitter_delete(&o.em);
	}
	buf_free(&o.body);
	return rc;
}

/* Is the file at path one this program may replace: absent, or a report
 * written before (its start names the program)? -1 with *cause if not. */
static int
report_may_replace(const char *path, char **cause)
{
	struct stat sb;
	char head[1024];
	ssize_t got;
	int fd;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return 0;
		*cause = xprintf(_("cannot write the report to %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		*cause = xprintf(_("cannot write the report to %s: it exists and is not a regular file"),
		    path);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xprintf(_("cannot write the report to %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	got = read(fd, head, sizeof head - 1);
	close(fd);
	head[got > 0 ? got : 0] = '\0';
	if (sb.st_size > 0 && (got <= 0 || strstr(head, PACKAGE) == NULL)) {
		*cause = xprintf(_("%s exists and is not a report written by this program; it is left as it is (choose another file)"),
		    path);
		return -1;
	}
	return 0;
}

int
report_save(const char *path, const struct buf *text, char **cause)
{
	char *why = NULL;

	if (report_may_replace(path, cause) == -1)
		return -1;
	if (util_write_atomic(path, buf_str(text), text->len, 0600,
	    &why) == -1) {
		*cause = xprintf(_("cannot write the report to %s: %s"), path,
		    why);
		free(why);
		return -1;
	}
	return 0;
}

const char *
report_format_ext(enum report_format format)
{
	switch (format) {
	case REPORT_MARKDOWN:
		return "md";
	case REPORT_HTML:
		return "html";
	case REPORT_YAML:
		return "yaml";
	default:
		return "txt";
	}
}
