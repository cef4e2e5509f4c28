/* cmd-status.c: where a session stands. Reads only; changes nothing. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"
#include "i18n.h"
#include "lock.h"
#include "session.h"
#include "util.h"
#include "xmalloc.h"

/* Who holds the session's lock, as a line, or NULL when nobody does. */
static char *
status_holder(const char *dir)
{
	struct lock_holder h;
	char *path = util_path_join(dir, "lock"), *cause = NULL, *s = NULL;

	memset(&h, 0, sizeof h);
	if (lock_query(path, &h, &cause) == 1)
		s = xprintf(_("in use by %s on %s (process %ld) since %s"),
		    h.user, h.host, (long)h.pid, h.since);
	free(cause);
	free(path);
	lock_holder_clear(&h);
	return s;
}

static void
status_counts_line(const struct stage_counts *c)
{
	/* TRANSLATORS: the counts of a stage's steps, by where they stand. */
	printf(_("done: %zu, failed: %zu, waived: %zu, acknowledged: %zu, pending: %zu, skipped: %zu"),
	    c->done, c->failed, c->waived, c->acknowledged, c->pending,
	    c->skipped);
	if (c->not_run > 0)
		printf(_(", not run (training): %zu"), c->not_run);
	if (c->drift > 0)
		printf(_(", drift: %zu"), c->drift);
}

/* One session in detail. */
static int
status_one(struct cmd_opts *o, const char *id)
{
	struct session *s;
	struct guide *g;
	struct engine e;
	struct stage_counts c;
	const struct step *next;
	const struct stage *st;
	char *dir = cmd_session_dir(o, id), *cause = NULL, *holder, *what = NULL;
	size_t i;

	s = session_load(dir, &cause);
	if (s == NULL) {
		if (errno == ENOENT)
			cmd_error(_("there is no session of guide '%s' in %s"),
			    id, dir);
		else
			cmd_error("%s", cause);
		free(cause);
		free(dir);
		return CMD_ERROR;
	}
	g = cmd_load_guide(o, id);
	if (g == NULL && s->checklist != NULL)
		g = cmd_load_guide(o, s->checklist);
	if (g == NULL) {
		session_close(s);
		free(dir);
		return CMD_ERROR;
	}
	engine_init(&e, g, s, NULL);
	e.readonly = 1;

	printf("%s: %s\n", g->id, g->title);
	printf(_("Session: %s\n"), dir);
	printf(_("Started %s by %s; last event %s (%lu events)\n"),
	    s->started != NULL ? s->started : "?",
	    s->started_by != NULL ? s->started_by : "?",
	    s->updated != NULL ? s->updated : "?", s->last_seq);
	if ((holder = status_holder(dir)) != NULL) {
		printf("%s\n", holder);
		free(holder);
	}
	if (s->guide_hash != NULL && strcmp(s->guide_hash, g->hash) != 0)
		printf(_("Note: the checklist %s has changed since the session started.\n"),
		    g->path);
	if (s->torn != NULL)
		printf(_("Note: %s\n"), s->torn);
	switch (session_snapshot_check(s, &what)) {
	case 0:
		break;
	default:
		printf(_("Note: %s; it is rebuilt from the journal when the session is next opened.\n"),
		    what);
		break;
	}
	free(what);

	for (i = 0; i < g->nstages; i++) {
		st = g->stages[i];
		engine_counts(&e, st, &c);
		putchar('\n');
		if (engine_stage_blockers(&e, st) > 0)
			printf(_("Stage %zu: %s (blocked)\n"), i + 1, st->title);
		else if (c.pending == 0 && c.failed == 0)
			printf(_("Stage %zu: %s (complete)\n"), i + 1, st->title);
		else
			printf(_("Stage %zu: %s\n"), i + 1, st->title);
		printf("  ");
		status_counts_line(&c);
		printf("\n");
	}
	engine_counts(&e, NULL, &c);
	printf("\n%s ", _("All:"));
	status_counts_line(&c);
	printf("\n");
	for (i = 0; i < g->nsteps; i++) {
		const struct step_state *ss = session_step(s, g->steps[i]->id);

		if (ss != NULL && ss->drift)
			printf(_("Drift: check '%s' passed before and failed when run again: %s\n"),
			    g->steps[i]->id, ss->drift_evidence != NULL ?
			    ss->drift_evidence : "");
		if (ss != NULL && ss->status == STATUS_RUNNING)
			printf(_("Step '%s' was started and has no result: it is running, or the wizard running it died.\n"),
			    g->steps[i]->id);
	}
	next = engine_next(&e);
	if (next != NULL)
		printf(_("Next: step '%s' (%s), stage %zu, ref %s\n"), next->id,
		    next->title, next->stage->index + 1, next->ref);
	else
		printf("%s\n", _("Every step is resolved: the guide is complete."));
	engine_clear(&e);
	checklist_free(g);
	session_close(s);
	free(dir);
	return CMD_OK;
}

/* The folder whose entries are the guides with a session: the state
 * folder, or with --training its training/ folder. */
static char *
status_base(const struct cmd_opts *o)
{
	char *base = cmd_state_base(o), *tb;

	if (!o->training)
		return base;
	tb = util_path_join(base, "training");
	free(base);
	return tb;
}

int
cmd_status_all(struct cmd_opts *o)
{
	char *base = status_base(o), *dir, *cause = NULL, *holder;
	struct dirent *de;
	struct session *s;
	DIR *d;
	int n = 0;

	d = opendir(base);
	if (d == NULL) {
		free(base);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		dir = cmd_session_dir(o, de->d_name);
		if (!session_exists(dir)) {
			free(dir);
			continue;
		}
		s = session_load(dir, &cause);
		if (s == NULL) {
			printf("  %-32s %s\n", de->d_name, cause);
			free(cause);
			cause = NULL;
		} else {
			printf(_("  %-32s started %s by %s, last event %s\n"),
			    de->d_name, s->started != NULL ? s->started : "?",
			    s->started_by != NULL ? s->started_by : "?",
			    s->updated != NULL ? s->updated : "?");
			if ((holder = status_holder(dir)) != NULL) {
				printf("  %-32s %s\n", "", holder);
				free(holder);
			}
			session_close(s);
		}
		n++;
		free(dir);
	}
	closedir(d);
	free(base);
	return n;
}

static int
cmd_status_exec(struct cmd_opts *o)
{
	char *base;

	if (o->nargs == 1)
		return status_one(o, o->args[0]);
	if (cmd_status_all(o) == 0) {
		base = status_base(o);
		printf(_("No sessions in %s.\n"), base);
		free(base);
	}
	return CMD_OK;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = N_("[ID] [--training]"),
	.summary = N_("where a session stands (every session without ID)"),
	.min_args = 0,
	.max_args = 1,
	.options = CMD_OPT_TRAINING,
	.exec = cmd_status_exec,
};
