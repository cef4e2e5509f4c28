/* engine.c: walking a guide: values, conditions, running and recording
 * steps, and the headless walk of `run`. */
#include "config.h"

#include "engine.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "i18n.h"
#include "training.h"
#include "util.h"
#include "xmalloc.h"

void
engine_init(struct engine *e, const struct guide *g, struct session *s,
    const struct answers *a)
{
	memset(e, 0, sizeof *e);
	e->g = g;
	e->s = s;
	e->a = a;
}

/* Forget the expanded defaults: a value they use may have changed. */
static void
engine_clear_cache(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->ncache; i++) {
		free(e->cache[i]);
		free(e->cache_names[i]);
	}
	free(e->cache);
	free(e->cache_names);
	e->cache = e->cache_names = NULL;
	e->ncache = 0;
}

void
engine_clear(struct engine *e)
{
	engine_clear_cache(e);
	engine_db_clear(e);
	free(e->fresh);
	e->fresh = NULL;
}

static const char *
engine_lookup(void *arg, const char *name)
{
	return engine_value(arg, name);
}

/* The default of a variable, expanded once and kept. */
static const char *
engine_default(struct engine *e, const struct variable *v)
{
	char *cause = NULL, *x;
	size_t i;

	for (i = 0; i < e->ncache; i++) {
		if (strcmp(e->cache_names[i], v->name) == 0)
			return e->cache[i];
	}
	if (e->depth > 16)
		return NULL;	/* a loop of defaults: no value */
	e->depth++;
	x = subst_expand(v->default_value, engine_lookup, e, &cause);
	e->depth--;
	if (x == NULL) {
		free(cause);
		return NULL;
	}
	e->cache = xreallocarray(e->cache, e->ncache + 1, sizeof *e->cache);
	e->cache_names = xreallocarray(e->cache_names, e->ncache + 1,
	    sizeof *e->cache_names);
	e->cache[e->ncache] = x;
	e->cache_names[e->ncache] = xstrdup(v->name);
	e->ncache++;
	return x;
}

static const char *
engine_value_from(struct engine *e, const char *name, const char **from)
{
	const struct answers_entry *ae;
	const struct variable *v;
	const char *s;

	v = checklist_var(e->g, name);
	if (v != NULL) {
		if ((ae = answers_var(e->a, name)) != NULL) {
			*from = "answers";
			return ae->value;
		}
		if (e->s != NULL && (s = session_var(e->s, name)) != NULL) {
			*from = "session";
			return s;
		}
		if (v->default_value != NULL) {
			*from = "default";
			return engine_default(e, v);
		}
		return NULL;
	}
	if ((ae = answers_answer(e->a, name)) != NULL) {
		*from = "answers";
		return ae->value;
	}
	if (e->s != NULL && (s = session_answer(e->s, name)) != NULL) {
		*from = "session";
		return s;
	}
	return NULL;
}

const char *
engine_value(struct engine *e, const char *name)
{
	const char *from = NULL;

	return engine_value_from(e, name, &from);
}

const char *
engine_value_source(struct engine *e, const char *name)
{
	const char *from = NULL;

	if (engine_value_from(e, name, &from) == NULL)
		return NULL;
	return from;
}

int
engine_var_check(const struct variable *v, const char *value, char **cause)
{
	struct stat st;
	struct buf missing = BUF_INIT;
	char *p;
	int port;
	size_t i, nmissing = 0;

	switch (v->kind) {
	case VAR_STRING:
		return 0;
	case VAR_HOST:
		if (*value == '\0' || strspn(value, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]_") !=
		    strlen(value)) {
			*cause = xprintf(_("'%s' is not a host name or address"),
			    value);
			return -1;
		}
		return 0;
	case VAR_PORT:
		if (util_parse_port(value, &port) == -1) {
			*cause = xprintf(_("'%s' is not a port number (1 to 65535)"),
			    value);
			return -1;
		}
		return 0;
	case VAR_FILE:
		if (stat(value, &st) == -1) {
			*cause = xprintf(_("%s: %s"), value, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			*cause = xprintf(_("%s is not a regular file"), value);
			return -1;
		}
		return 0;
	case VAR_DIRECTORY:
	case VAR_PRODUCT_HOME:
		if (*value != '/') {
			*cause = xprintf(_("'%s' is not an absolute path"), value);
			return -1;
		}
		if (stat(value, &st) == -1) {
			*cause = xprintf(_("%s: %s"), value, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			*cause = xprintf(_("%s is not a folder"), value);
			return -1;
		}
		if (v->kind == VAR_DIRECTORY)
			return 0;
		for (i = 0; i < v->nmarkers; i++) {
			p = util_path_join(value, v->markers[i]);
			if (stat(p, &st) == -1) {
				if (nmissing++ > 0)
					buf_adds(&missing, ", ");
				buf_adds(&missing, v->markers[i]);
			}
			free(p);
		}
		if (nmissing > 0) {
			/* TRANSLATORS: %1$s is a folder, %2$s what it should be
			 * (a product name), %3$s a list of files. */
			*cause = xprintf(P_("%1$s does not look like %2$s: %3$s is missing",
			    "%1$s does not look like %2$s: %3$s are missing",
			    nmissing), value,
			    v->product != NULL ? v->product : v->title,
			    buf_str(&missing));
			buf_free(&missing);
			return -1;
		}
		return 0;
	}
	return 0;
}

/* In a training session, a folder, file or product home must be inside
 * the sandbox: -1 with *cause naming the variable and the sandbox. */
static int
engine_training_path(struct engine *e, const struct variable *v,
    const char *value, char **cause)
{
	const char *sandbox;

	if (e->s == NULL || !e->s->training || value == NULL)
		return 0;
	if (v->kind != VAR_FILE && v->kind != VAR_DIRECTORY &&
	    v->kind != VAR_PRODUCT_HOME)
		return 0;
	sandbox = e->s->training_sandbox != NULL ? e->s->training_sandbox : "";
	if (*sandbox != '\0' && training_inside(sandbox, value))
		return 0;
	*cause = xprintf(_("in training, %s must be inside the sandbox %s; %s is not: every action runs inside the sandbox only"),
	    v->name, sandbox, value);
	return -1;
}

int
engine_vars_check(struct engine *e, struct diags *d)
{
	const struct answers_entry *ae;
	const struct variable *v;
	const char *value, *file;
	char *cause = NULL;
	size_t i;
	int problems = 0, line, col;

	for (i = 0; i < e->g->nvars; i++) {
		v = &e->g->vars[i];
		value = engine_value(e, v->name);
		ae = answers_var(e->a, v->name);
		if (ae != NULL) {
			file = e->a->path;
			line = ae->line;
			col = ae->col;
		} else {
			file = e->g->path;
			line = v->line;
			col = v->col;
		}
		if (value == NULL) {
			if (!v->required)
				continue;
			diags_add(d, e->a != NULL ? e->a->path : e->g->path,
			    0, 0,
			    _("variable %s (%s) has no value: give it under 'variables:'"),
			    v->name, v->title);
			problems++;
			continue;
		}
		if (engine_var_check(v, value, &cause) == -1 ||
		    engine_training_path(e, v, value, &cause) == -1) {
			diags_add(d, file, line, col,
			    _("variable %s (%s): %s"), v->name, v->title, cause);
			free(cause);
			cause = NULL;
			problems++;
		}
	}
	return problems;
}

int
engine_when(struct engine *e, const struct step *s, const char **question)
{
	const struct cond *c;
	const char *v, *unknown = NULL;
	size_t i, j;
	int holds = 1;

	for (i = 0; i < s->nwhen; i++) {
		c = &s->when[i];
		v = engine_value(e, c->question);
		if (v == NULL) {
			if (unknown == NULL)
				unknown = c->question;
			continue;
		}
		for (j = 0; j < c->nvalues; j++) {
			if (strcmp(c->values[j], v) == 0)
				break;
		}
		if (j == c->nvalues)
			holds = 0;
	}
	/* A condition that does not hold decides, whatever the questions
	 * not answered yet (they may be skipped themselves). */
	if (!holds)
		return 0;
	if (unknown != NULL) {
		if (question != NULL)
			*question = unknown;
		return -1;
	}
	return 1;
}

/* A check that drifted in a stage that was already complete. */
static int
engine_drift_closed(struct engine *e, const struct step *s,
    const struct step_state *st)
{
	return st != NULL && st->drift && e->s != NULL &&
	    session_stage_done(e->s, s->stage->id);
}

int
engine_resolved(struct engine *e, const struct step *s)
{
	const struct step_state *st;
	int w = engine_when(e, s, NULL);

	if (w == 0)
		return 1;
	if (w == -1)
		return 0;
	st = e->s != NULL ? session_step(e->s, s->id) : NULL;
	switch (s->kind) {
	case STEP_INFO:
		return 1;
	case STEP_QUESTION:
		return engine_value(e, s->id) != NULL;
	case STEP_MANUAL:
		return st != NULL && (st->status == STATUS_ACKNOWLEDGED ||
		    st->status == STATUS_NOT_APPLICABLE);
	case STEP_ACTION:
		if (st != NULL && st->status == STATUS_NOT_RUN)
			return e->s->training;
		return st != NULL && st->status == STATUS_DONE;
	case STEP_CHECK:
		if (st == NULL)
			return 0;
		/* Training without a database: shown, not run; it does not
		 * block, and it is never counted as passed. */
		if (st->status == STATUS_NOT_RUN)
			return e->s->training;
		if (st->status == STATUS_PASS || st->status == STATUS_WARN)
			return 1;
		/* Drift found in a stage already complete is reported; it does
		 * not reopen the stage (a later stage may change on purpose
		 * what an earlier one checked: a server started). */
		if (engine_drift_closed(e, s, st))
			return 1;
		if (st->status == STATUS_FAIL || st->status == STATUS_ERROR)
			return st->waived || s->severity == SEVERITY_WARNING;
		return 0;
	}
	return 0;
}

size_t
engine_stage_blockers(struct engine *e, const struct stage *stage)
{
	const struct step_state *st;
	const struct step *s;
	size_t i, n = 0;

	for (i = 0; i < stage->nsteps; i++) {
		s = stage->steps[i];
		if (s->kind != STEP_CHECK || s->severity != SEVERITY_BLOCKER)
			continue;
		if (engine_when(e, s, NULL) == 0 || e->s == NULL)
			continue;
		st = session_step(e->s, s->id);
		if (st != NULL && (st->status == STATUS_FAIL ||
		    st->status == STATUS_ERROR) && !st->waived &&
		    !engine_drift_closed(e, s, st))
			n++;
	}
	return n;
}

/* Record an event if there is a session. */
static int
engine_record(struct engine *e, const char *event, const struct jfield *f,
    size_t n, char **cause)
{
	if (e->s == NULL || e->readonly)
		return 0;
	return session_record(e->s, event, f, n, cause);
}

/* The first member is the engine: engine-db.c reads it so. */
struct engine_run {
	struct engine		*e;
	const struct step	*step;
	char			*journal_error;
};

static int
engine_on_backup(void *arg, const char *original, const char *saved,
    mode_t mode, int moved, char **cause)
{
	struct engine_run *r = arg;
	char modes[16];
	struct jfield f[] = {
		{ "step", r->step->id },
		{ "original", original },
		{ "saved", saved },
		{ "mode", modes },
		{ "moved", moved ? "yes" : "no" },
	};

	snprintf(modes, sizeof modes, "%04o", (unsigned)(mode & 07777));
	return engine_record(r->e, "backup", f, sizeof f / sizeof f[0], cause);
}

/* A command started: its process group is recorded, so that a later run
 * can tell whether it outlived a wizard that died. */
static void
engine_on_start(void *arg, pid_t pgid)
{
	struct engine_run *r = arg;
	char pids[32], *cause = NULL;
	struct jfield f[] = {
		{ "step", r->step->id },
		{ "pgid", pids },
		{ "host", util_host() },
	};

	snprintf(pids, sizeof pids, "%ld", (long)pgid);
	if (engine_record(r->e, "step-pid", f, 3, &cause) == -1) {
		/* The step's own result will meet the same journal error. */
		free(cause);
	}
}

static void
engine_on_output(void *arg, int stream, const char *line, size_t len)
{
	struct engine_run *r = arg;

	if (r->e->ops.output != NULL)
		r->e->ops.output(r->e->ops.arg, r->step, stream, line, len);
}

static void
engine_on_tick(void *arg)
{
	struct engine_run *r = arg;

	if (r->e->ops.tick != NULL)
		r->e->ops.tick(r->e->ops.arg, r->step);
}

static void
engine_ctx(struct engine *e, struct run_ctx *ctx, struct engine_run *r)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->lookup = engine_lookup;
	ctx->lookup_arg = e;
	ctx->on_backup = engine_on_backup;
	ctx->on_output = e->ops.output != NULL ? engine_on_output : NULL;
	ctx->on_start = engine_on_start;
	ctx->tick = engine_on_tick;
	ctx->arg = r;
	ctx->cancel = e->cancel;
	engine_db_ctx(e, ctx);
}

const char *
engine_step_database(const struct step *s)
{
	const struct param_spec *p;

	if (s->type == NULL || s->type->params == NULL)
		return NULL;
	for (p = s->type->params; p->name != NULL; p++) {
		if (p->type == PARAM_DATABASE)
			return params_str(s->with, p->name);
	}
	return NULL;
}

/* In a training session: why the step may not run (a path variable
 * outside the sandbox), or NULL. The caller frees it. */
static char *
engine_training_refusal(struct engine *e)
{
	const struct variable *v;
	char *cause = NULL;
	size_t i;

	if (e->s == NULL || !e->s->training)
		return NULL;
	for (i = 0; i < e->g->nvars; i++) {
		v = &e->g->vars[i];
		if (engine_training_path(e, v, engine_value(e, v->name),
		    &cause) == -1)
			return cause;
	}
	return NULL;
}

char *
engine_describe(struct engine *e, const struct step *s, char **cause)
{
	struct engine_run r = { e, s, NULL };
	struct run_ctx ctx;

	if (s->type == NULL || s->type->describe == NULL) {
		*cause = xprintf(_("step '%s' has nothing to run"), s->id);
		return NULL;
	}
	engine_ctx(e, &ctx, &r);
	return s->type->describe(s, &ctx, cause);
}

int
engine_run_step(struct engine *e, const struct step *s, struct result *res,
    char **cause)
{
	struct engine_run r = { e, s, NULL };
	struct run_ctx ctx;
	char *log = NULL, *backup = NULL, *preview, *pcause = NULL;
	char *refusal;
	const char *dbname;
	char exits[16], sigs[16], ms[32];
	int rc = 0;

	result_init(res);
	if (s->type == NULL) {
		result_set(res, STATUS_ERROR, _("step '%s' has nothing to run"),
		    s->id);
		return 0;
	}
	engine_ctx(e, &ctx, &r);
	if (e->s != NULL && !e->readonly) {
		log = session_log_path(e->s, s->id);
		backup = session_backup_dir(e->s, s->id);
	}
	ctx.log_path = log;
	ctx.backup_dir = backup;
	if (e->s != NULL) {
		const struct step_state *was = session_step(e->s, s->id);

		ctx.retry = was != NULL && (was->status == STATUS_INTERRUPTED ||
		    was->status == STATUS_RUNNING);
	}
	e->current = s;
	if (e->fresh != NULL)
		e->fresh[s->index] = 1;

	preview = s->type->describe(s, &ctx, &pcause);
	if (e->ops.step_begin != NULL)
		e->ops.step_begin(e->ops.arg, s, preview != NULL ? preview : pcause);
	{
		/* What runs, as the operator saw it: the report shows it. */
		struct jfield f[] = { { "step", s->id }, { "log", log },
		    { "command", preview } };

		if (engine_record(e, "step-start", f, 3, cause) == -1) {
			rc = -1;
			goto out;
		}
	}
	dbname = engine_step_database(s);
	if (preview == NULL) {
		/* A placeholder without a value: it cannot be run. */
		result_set(res, STATUS_ERROR, "%s", pcause);
	} else if ((refusal = engine_training_refusal(e)) != NULL) {
		result_set(res, STATUS_ERROR, "%s", refusal);
		free(refusal);
	} else if (e->s != NULL && e->s->training && dbname != NULL &&
	    engine_db(e, dbname) == NULL) {
		result_set(res, STATUS_NOT_RUN,
		    _("not run: no database configured for training (would run: %s)"),
		    preview);
	} else if (s->kind == STEP_ACTION && backup == NULL) {
		result_set(res, STATUS_ERROR, "%s",
		    _("an action needs a session (for its backups) to run"));
	} else
		s->type->run(s, &ctx, res);

	if (res->status == STATUS_FAIL && s->severity == SEVERITY_WARNING)
		res->status = STATUS_WARN;
	if (res->operator_query != NULL) {
		/* The query is part of what is recorded: the operator reads it
		 * from the session, the screen or the walk's message. */
		char *ev = xprintf("%s\n%s", res->evidence != NULL ?
		    res->evidence : "", res->operator_query);

		free(res->evidence);
		res->evidence = ev;
	}
	if (res->status == STATUS_CANCELLED && e->cancel_is_interrupt) {
		res->status = STATUS_INTERRUPTED;
		free(res->reason);
		res->reason = xstrdup(_("interrupted: the wizard was stopped (a signal, or the terminal was lost) while it ran"));
	}
	snprintf(exits, sizeof exits, "%d", res->exit_code);
	snprintf(sigs, sizeof sigs, "%d", res->signal);
	snprintf(ms, sizeof ms, "%lld", res->duration_ms);
	{
		struct jfield f[] = {
			{ "step", s->id },
			{ "status", status_name(res->status) },
			{ "evidence", res->evidence },
			{ "reason", res->reason },
			{ "exit", res->exit_code >= 0 ? exits : NULL },
			{ "signal", res->signal != 0 ? sigs : NULL },
			{ "timed_out", res->timed_out ? "yes" : NULL },
			{ "duration_ms", ms },
			{ "log", res->log_path },
		};

		if (engine_record(e, "step-result", f, sizeof f / sizeof f[0],
		    cause) == -1)
			rc = -1;
	}
	if (e->ops.step_end != NULL)
		e->ops.step_end(e->ops.arg, s, res);
out:
	e->current = NULL;
	free(preview);
	free(pcause);
	free(log);
	free(backup);
	return rc;
}

static void
engine_note(struct engine *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
engine_note(struct engine *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (e->ops.note == NULL)
		return;
	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	e->ops.note(e->ops.arg, s);
	free(s);
}

/* Record the answers file's variables and answers where they differ from
 * the session. */
static int
engine_take_answers(struct engine *e, char **cause)
{
	const struct answers *a = e->a;
	const char *old;
	size_t i;

	if (a == NULL)
		return 0;
	if (engine_db_take_answers(e, cause) == -1)
		return -1;
	for (i = 0; i < a->nvars; i++) {
		struct jfield f[] = {
			{ "name", a->vars[i].key },
			{ "value", a->vars[i].value },
			{ "source", "answers" },
		};

		old = session_var(e->s, a->vars[i].key);
		if (old != NULL && strcmp(old, a->vars[i].value) == 0)
			continue;
		if (session_record(e->s, "var", f, 3, cause) == -1)
			return -1;
	}
	for (i = 0; i < a->nanswers; i++) {
		struct jfield f[] = {
			{ "question", a->answers[i].key },
			{ "value", a->answers[i].value },
			{ "source", "answers" },
		};

		old = session_answer(e->s, a->answers[i].key);
		if (old != NULL && strcmp(old, a->answers[i].value) == 0)
			continue;
		if (session_record(e->s, "answer", f, 3, cause) == -1)
			return -1;
	}
	return 0;
}

/* Steps that were started and never finished: the wizard died meanwhile. */
static int
engine_mark_interrupted(struct engine *e, char **cause)
{
	const struct step_state *st;
	size_t i;

	for (i = 0; i < e->g->nsteps; i++) {
		const struct step *s = e->g->steps[i];
		struct jfield f[] = { { "step", s->id } };

		st = session_step(e->s, s->id);
		if (st == NULL || st->status != STATUS_RUNNING)
			continue;
		if (session_record(e->s, "step-interrupted", f, 1, cause) == -1)
			return -1;
		engine_note(e, _("Step '%s' was interrupted while it ran; it runs again only when asked, with a reason."),
		    s->id);
	}
	return 0;
}

/* A check to run again on resume: it passed, or it drifted before. */
static int
engine_drift_candidate(struct engine *e, const struct step *s)
{
	const struct step_state *st = session_step(e->s, s->id);

	/* A result the operator reported cannot be run here again. */
	return s->kind == STEP_CHECK && st != NULL && !st->reported &&
	    (st->status == STATUS_PASS || st->drift) &&
	    engine_when(e, s, NULL) == 1;
}

/* On resume, run again every check that passed; one that fails now is
 * drift. */
static int
engine_drift(struct engine *e, char **cause)
{
	const struct step_state *st;
	struct result res;
	size_t i, n = 0;
	int passed;

	for (i = 0; i < e->g->nsteps; i++) {
		if (engine_drift_candidate(e, e->g->steps[i]))
			n++;
	}
	if (n == 0)
		return 0;
	engine_note(e, P_("Resuming: running again the %zu check that passed before.",
	    "Resuming: running again the %zu checks that passed before.", n), n);
	for (i = 0; i < e->g->nsteps; i++) {
		const struct step *s = e->g->steps[i];

		if (!engine_drift_candidate(e, s))
			continue;
		if (e->cancel != NULL && *e->cancel)
			return 0;
		st = session_step(e->s, s->id);
		passed = st->status == STATUS_PASS;
		if (engine_run_step(e, s, &res, cause) == -1) {
			result_clear(&res);
			return -1;
		}
		if (res.status != STATUS_PASS && passed) {
			struct jfield f[] = {
				{ "step", s->id },
				{ "evidence", res.evidence != NULL ?
				    res.evidence : res.reason },
			};

			if (session_record(e->s, "drift", f, 2, cause) == -1) {
				result_clear(&res);
				return -1;
			}
			if (session_stage_done(e->s, s->stage->id))
				engine_note(e, _("Drift: check '%s' passed before and does not pass now; its stage was complete and stays so: see whether a later step changed it on purpose."),
				    s->id);
			else
				engine_note(e, _("Drift: check '%s' passed before and does not pass now."),
				    s->id);
		}
		result_clear(&res);
	}
	return 0;
}

int
engine_group_alive(const struct step_state *st)
{
	if (st->pgid <= 1 || st->pgid_host == NULL ||
	    strcmp(st->pgid_host, util_host()) != 0)
		return 0;
	return kill(-(pid_t)st->pgid, 0) == 0 || errno == EPERM;
}

/* Record a person's decision about a step: event with the step, the text
 * under key, and where it came from. */
static int
engine_decide(struct engine *e, const struct step *s, const char *event,
    const char *key, const char *text, const char *source, char **cause)
{
	struct jfield f[] = {
		{ "step", s->id },
		{ key, text },
		{ "source", source },
	};

	if (e->s == NULL || e->readonly) {
		*cause = xstrdup(_("there is no session to record it in"));
		return -1;
	}
	return session_record(e->s, event, f, 3, cause);
}

int
engine_ack(struct engine *e, const struct step *s, const char *note,
    const char *source, char **cause)
{
	if (s->kind != STEP_MANUAL) {
		*cause = xprintf(_("step '%s' is not a manual step"), s->id);
		return -1;
	}
	return engine_decide(e, s, "ack", "note", note, source, cause);
}

int
engine_not_applicable(struct engine *e, const struct step *s,
    const char *reason, const char *source, char **cause)
{
	if (s->kind != STEP_MANUAL) {
		*cause = xprintf(_("step '%s' is not a manual step"), s->id);
		return -1;
	}
	if (reason == NULL || *reason == '\0') {
		*cause = xstrdup(_("a step marked not applicable needs a reason"));
		return -1;
	}
	return engine_decide(e, s, "not-applicable", "reason", reason, source,
	    cause);
}

int
engine_waive(struct engine *e, const struct step *s, const char *reason,
    const char *source, char **cause)
{
	const struct step_state *st = e->s != NULL ? session_step(e->s, s->id) :
	    NULL;

	if (s->kind != STEP_CHECK) {
		*cause = xprintf(_("step '%s' is not a check"), s->id);
		return -1;
	}
	if (st == NULL || (st->status != STATUS_FAIL &&
	    st->status != STATUS_ERROR)) {
		*cause = xprintf(_("check '%s' has not failed: there is nothing to waive"),
		    s->id);
		return -1;
	}
	if (reason == NULL || *reason == '\0') {
		*cause = xstrdup(_("a waiver needs a reason"));
		return -1;
	}
	return engine_decide(e, s, "waive", "reason", reason, source, cause);
}

int
engine_retry(struct engine *e, const struct step *s, const char *reason,
    const char *source, char **cause)
{
	const struct step_state *st = e->s != NULL ? session_step(e->s, s->id) :
	    NULL;

	if (st == NULL || (st->status != STATUS_INTERRUPTED &&
	    st->status != STATUS_RUNNING)) {
		*cause = xprintf(_("step '%s' was not interrupted"), s->id);
		return -1;
	}
	if (engine_group_alive(st)) {
		*cause = xprintf(_("the command of step '%s' (process group %ld) is still running: wait for it to end, or stop it with 'kill -TERM -%ld'"),
		    s->id, st->pgid, st->pgid);
		return -1;
	}
	if (reason == NULL || *reason == '\0') {
		*cause = xstrdup(_("running an interrupted action again needs a reason"));
		return -1;
	}
	return engine_decide(e, s, "retry", "reason", reason, source, cause);
}

int
engine_answer(struct engine *e, const char *question, const char *value,
    const char *source, char **cause)
{
	char **choices;
	size_t nchoices, i;
	const char *text;
	struct jfield f[] = {
		{ "question", question },
		{ "value", value },
		{ "source", source },
	};

	if (checklist_question(e->g, question, &choices, &nchoices,
	    &text) != 0) {
		*cause = xprintf(_("guide '%s' has no question '%s'"), e->g->id,
		    question);
		return -1;
	}
	for (i = 0; i < nchoices; i++) {
		if (strcmp(choices[i], value) == 0)
			break;
	}
	if (i == nchoices) {
		*cause = xprintf(_("'%s' is not an answer to question '%s'"),
		    value, question);
		return -1;
	}
	if (e->s == NULL || e->readonly) {
		*cause = xstrdup(_("there is no session to record it in"));
		return -1;
	}
	return session_record(e->s, "answer", f, 3, cause);
}

int
engine_set_var(struct engine *e, const char *name, const char *value,
    const char *source, char **cause)
{
	const struct variable *v = checklist_var(e->g, name);
	struct jfield f[] = {
		{ "name", name },
		{ "value", value },
		{ "source", source },
	};
	char *why = NULL;

	if (v == NULL) {
		*cause = xprintf(_("guide '%s' has no variable '%s'"), e->g->id,
		    name);
		return -1;
	}
	if (engine_var_check(v, value, &why) == -1 ||
	    engine_training_path(e, v, value, &why) == -1) {
		*cause = xprintf(_("%s (%s): %s"), v->name, v->title, why);
		free(why);
		return -1;
	}
	if (e->s == NULL || e->readonly) {
		*cause = xstrdup(_("there is no session to record it in"));
		return -1;
	}
	engine_clear_cache(e);
	return session_record(e->s, "var", f, 3, cause);
}

int
engine_complete_stage(struct engine *e, const struct stage *stage,
    char **cause)
{
	struct jfield f[] = { { "stage", stage->id } };
	size_t i, blockers;

	if (session_stage_done(e->s, stage->id))
		return 0;
	blockers = engine_stage_blockers(e, stage);
	if (blockers > 0) {
		*cause = xprintf(P_("stage '%s' has %zu failing blocker: make it pass or waive it first",
		    "stage '%s' has %zu failing blockers: make them pass or waive them first",
		    blockers), stage->title, blockers);
		return -1;
	}
	for (i = 0; i < stage->nsteps; i++) {
		if (!engine_resolved(e, stage->steps[i])) {
			*cause = xprintf(_("step '%s' (%s) of stage '%s' is not done yet"),
			    stage->steps[i]->id, stage->steps[i]->title,
			    stage->title);
			return -1;
		}
	}
	if (session_record(e->s, "stage-complete", f, 1, cause) == -1)
		return -1;
	engine_note(e, _("Stage '%s' is complete."), stage->title);
	return 0;
}

int
engine_resume(struct engine *e, char **cause)
{
	if (engine_mark_interrupted(e, cause) == -1)
		return -1;
	return engine_drift(e, cause);
}

/* Resolve one step in the walk. Returns 1 to go on, 0 to stop (with
 * *message), -1 on a journal error. */
static int
engine_walk_step(struct engine *e, const struct step *s, char **message,
    char **cause)
{
	const struct answers_entry *ae;
	const struct step_state *st;
	const char *q = NULL;
	struct result res;
	int w;

	w = engine_when(e, s, &q);
	if (w == 0)
		return 1;
	if (w == -1) {
		*message = xprintf(_("step '%s' depends on question '%s', which has no answer: add it under 'answers:'"),
		    s->id, q);
		return 0;
	}
	if (engine_resolved(e, s) && s->kind != STEP_INFO)
		return 1;
	st = session_step(e->s, s->id);

	switch (s->kind) {
	case STEP_INFO:
		if (e->ops.step_end != NULL)
			e->ops.step_end(e->ops.arg, s, NULL);
		return 1;
	case STEP_QUESTION:
		*message = xprintf(_("step '%s' is a question that needs an answer: add '%s' under 'answers:'"),
		    s->id, s->id);
		return 0;
	case STEP_MANUAL:
		if ((ae = answers_ack(e->a, s->id)) != NULL) {
			if (engine_ack(e, s, ae->value, "answers", cause) == -1)
				return -1;
		} else if ((ae = answers_na(e->a, s->id)) != NULL) {
			if (engine_not_applicable(e, s, ae->value, "answers",
			    cause) == -1)
				return -1;
		} else {
			*message = xprintf(_("step '%s' is for a person to do (%s): do it, then acknowledge it in the answers file under 'acknowledge:'"),
			    s->id, s->title);
			return 0;
		}
		if (e->ops.step_end != NULL)
			e->ops.step_end(e->ops.arg, s, NULL);
		return 1;
	case STEP_CHECK:
		if ((ae = answers_report(e->a, s->id)) != NULL &&
		    (st == NULL || !st->reported)) {
			/* The operator ran it elsewhere (Oracle, SQL Server). */
			if (engine_report(e, s, ae->passed, ae->value,
			    "answers", cause) == -1) {
				*message = *cause;
				*cause = NULL;
				return 0;
			}
			st = session_step(e->s, s->id);
		}
		/* A failed check is run again (it may pass now), unless it
		 * just ran in this walk, or the operator reported it. */
		if ((st == NULL || (st->status != STATUS_PASS &&
		    !st->reported)) && !e->fresh[s->index]) {
			if (engine_run_step(e, s, &res, cause) == -1) {
				result_clear(&res);
				return -1;
			}
			result_clear(&res);
			if (e->cancel != NULL && *e->cancel)
				return 0;
		}
		if (engine_resolved(e, s))
			return 1;
		if ((ae = answers_waiver(e->a, s->id)) != NULL) {
			if (engine_waive(e, s, ae->value, "answers", cause) == -1)
				return -1;
			if (e->ops.step_end != NULL)
				e->ops.step_end(e->ops.arg, s, NULL);
			return 1;
		}
		st = session_step(e->s, s->id);
		if (st != NULL && st->status == STATUS_PENDING) {
			*message = xprintf(_("check '%s' (%s) is for the "
			    "operator to run: %s\nReport the outcome in the "
			    "answers file under 'reported:' (step, result: "
			    "pass or fail, evidence)"), s->id, s->title,
			    st->evidence != NULL ? st->evidence : "");
			return 0;
		}
		*message = xprintf(_("check '%s' (%s) does not pass and blocks the stage: %s"),
		    s->id, s->title, st != NULL && st->evidence != NULL ?
		    st->evidence : st != NULL && st->reason != NULL ?
		    st->reason : "");
		return 0;
	case STEP_ACTION:
		if (st != NULL && (st->status == STATUS_INTERRUPTED ||
		    st->status == STATUS_RUNNING)) {
			if (engine_group_alive(st)) {
				*message = xprintf(_("action '%s' was interrupted, but its command (process group %ld) is still running: wait for it to end, or stop it with 'kill -TERM -%ld', then run again"),
				    s->id, st->pgid, st->pgid);
				return 0;
			}
			if ((ae = answers_retry(e->a, s->id)) == NULL) {
				*message = xprintf(_("action '%s' (%s) was interrupted while it ran; see what it did (log: %s), then add it under 'retry:' in the answers file to run it again"),
				    s->id, s->title, st->log != NULL ? st->log :
				    _("none"));
				return 0;
			}
			if (engine_retry(e, s, ae->value, "answers", cause) == -1)
				return -1;
		}
		if (engine_run_step(e, s, &res, cause) == -1) {
			result_clear(&res);
			return -1;
		}
		if (res.status == STATUS_DONE || (res.status ==
		    STATUS_NOT_RUN && e->s->training)) {
			result_clear(&res);
			return 1;
		}
		if (res.log_path != NULL)
			*message = xprintf(_("action '%s' (%s) did not succeed: %s (log: %s)"),
			    s->id, s->title, res.reason != NULL ? res.reason :
			    status_label(res.status), res.log_path);
		else
			*message = xprintf(_("action '%s' (%s) did not succeed: %s"),
			    s->id, s->title, res.reason != NULL ? res.reason :
			    status_label(res.status));
		result_clear(&res);
		return 0;
	}
	return 1;
}

enum walk_end
engine_walk(struct engine *e, int resume, const struct step **stop,
    char **message)
{
	const struct stage *stage;
	char *cause = NULL;
	size_t i, j;
	int rc;

	*stop = NULL;
	*message = NULL;
	free(e->fresh);
	e->fresh = xcalloc(e->g->nsteps + 1, 1);
	if (engine_take_answers(e, &cause) == -1)
		goto journal_error;
	if (resume) {
		if (engine_resume(e, &cause) == -1)
			goto journal_error;
	} else if (engine_mark_interrupted(e, &cause) == -1)
		goto journal_error;

	for (i = 0; i < e->g->nstages; i++) {
		stage = e->g->stages[i];
		for (j = 0; j < stage->nsteps; j++) {
			if (e->cancel != NULL && *e->cancel) {
				*stop = stage->steps[j];
				*message = xstrdup(_("interrupted: the session is saved; run again to go on"));
				return WALK_INTERRUPTED;
			}
			rc = engine_walk_step(e, stage->steps[j], message,
			    &cause);
			if (rc == -1)
				goto journal_error;
			if (e->cancel != NULL && *e->cancel) {
				free(*message);
				*stop = stage->steps[j];
				*message = xstrdup(_("interrupted: the session is saved; run again to go on"));
				return WALK_INTERRUPTED;
			}
			if (rc == 0) {
				*stop = stage->steps[j];
				return WALK_STOPPED;
			}
		}
		if (engine_complete_stage(e, stage, &cause) == -1)
			goto journal_error;
	}
	return WALK_COMPLETE;

journal_error:
	*message = xprintf(_("the session could not be saved, so nothing more was done: %s"),
	    cause);
	free(cause);
	return WALK_ERROR;
}

static void
engine_count_step(struct engine *e, const struct step *s,
    struct stage_counts *c)
{
	const struct step_state *st;

	if (s->kind == STEP_INFO)
		return;
	c->total++;
	if (engine_when(e, s, NULL) == 0) {
		c->skipped++;
		return;
	}
	st = e->s != NULL ? session_step(e->s, s->id) : NULL;
	if (s->kind == STEP_MANUAL && engine_resolved(e, s)) {
		c->acknowledged++;
		return;
	}
	if (st != NULL && st->status == STATUS_NOT_RUN) {
		c->not_run++;
		return;
	}
	if (s->kind == STEP_CHECK && engine_drift_closed(e, s, st)) {
		c->drift++;
		return;
	}
	if (st != NULL && st->waived && (st->status == STATUS_FAIL ||
	    st->status == STATUS_ERROR)) {
		c->waived++;
		return;
	}
	if (engine_resolved(e, s)) {
		c->done++;
		return;
	}
	if (st != NULL && (st->status == STATUS_FAIL ||
	    st->status == STATUS_ERROR || st->status == STATUS_FAILED ||
	    st->status == STATUS_CANCELLED ||
	    st->status == STATUS_INTERRUPTED)) {
		c->failed++;
		return;
	}
	c->pending++;
}

void
engine_counts(struct engine *e, const struct stage *stage,
    struct stage_counts *c)
{
	size_t i;

	memset(c, 0, sizeof *c);
	if (stage != NULL) {
		for (i = 0; i < stage->nsteps; i++)
			engine_count_step(e, stage->steps[i], c);
		return;
	}
	for (i = 0; i < e->g->nsteps; i++)
		engine_count_step(e, e->g->steps[i], c);
}

const struct step *
engine_next(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->g->nsteps; i++) {
		if (!engine_resolved(e, e->g->steps[i]))
			return e->g->steps[i];
	}
	return NULL;
}
