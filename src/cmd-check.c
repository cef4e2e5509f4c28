/* cmd-check.c: run every prerequisite check and change nothing. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"
#include "i18n.h"
#include "session.h"
#include "xmalloc.h"

/* Every database the guide names: where it is and what the server is, or
 * why that is not known. */
static void
cmd_check_databases(struct engine *e)
{
	const struct db_settings *set;
	const struct database *d;
	char *where, *version = NULL, *cause = NULL;
	size_t i;

	for (i = 0; i < e->g->ndatabases; i++) {
		d = &e->g->databases[i];
		set = engine_db(e, d->name);
		if (set == NULL) {
			printf(_("  database %s: no settings (give them in the "
			    "answers file under 'databases:', or on the setup "
			    "screen)\n"), d->name);
			continue;
		}
		where = db_settings_text(set);
		if (!db_engine_connects(set->engine))
			printf(_("  database %s: %s: not connected to; its "
			    "checks show the query to run there\n"), d->name,
			    where);
		else if (engine_db_test(e, d->name, &version, &cause) == 0)
			/* TRANSLATORS: database NAME: WHERE: server VERSION */
			printf(_("  database %s: %s: %s\n"), d->name, where,
			    version);
		else
			printf(_("  database %s: %s: could not connect: %s\n"),
			    d->name, where, cause);
		free(where);
		free(version);
		free(cause);
		version = cause = NULL;
	}
}

static int
cmd_check_exec(struct cmd_opts *o)
{
	struct diags d = DIAGS_INIT;
	struct cmd_printer p;
	struct answers *a = NULL;
	struct session *s = NULL;
	struct guide *g;
	struct engine e;
	struct result r;
	const struct answers_entry *ar;
	const struct step_state *st;
	const char *q;
	char *dir, *cause = NULL;
	size_t i, passed = 0, failed = 0, warned = 0, unrun = 0, skipped = 0;
	int rc = CMD_OK, w;

	g = cmd_load_guide(o, o->args[0]);
	if (g == NULL)
		return CMD_ERROR;
	if (o->answers != NULL && (a = cmd_load_answers(o->answers, g)) == NULL) {
		checklist_free(g);
		return CMD_ERROR;
	}
	if (cmd_training_prepare(o, g, 0, &cause) == -1) {
		cmd_error("%s", cause);
		free(cause);
		answers_free(a);
		checklist_free(g);
		return CMD_ERROR;
	}
	/* Values already given in a session count too; nothing is written. */
	dir = cmd_session_dir(o, g->id);
	if (session_exists(dir) && (s = session_load(dir, &cause)) == NULL) {
		cmd_error("%s", cause);
		free(cause);
	}
	free(dir);

	engine_init(&e, g, s, a);
	e.readonly = 1;
	if (engine_vars_check(&e, &d) > 0) {
		diags_sort(&d);
		diags_print(&d, stderr);
		cmd_error(_("the variables above need a value that fits; nothing was checked"));
		rc = CMD_ERROR;
		goto out;
	}
	cmd_printer_ops(&p, &e.ops);
	printf("%s: %s\n", g->id, g->title);
	cmd_check_databases(&e);
	for (i = 0; i < g->nsteps; i++) {
		const struct step *s1 = g->steps[i];

		if (s1->kind != STEP_CHECK || !s1->prerequisite)
			continue;
		q = NULL;
		w = engine_when(&e, s1, &q);
		if (w == 0) {
			skipped++;
			continue;
		}
		if (w == -1) {
			printf("  %s %s: %s  (%s)\n", cmd_kind_label(s1->kind),
			    s1->id, s1->title, s1->ref);
			printf(_("    %s it depends on question '%s', which has no answer\n"),
			    cmd_status_tag(STATUS_ERROR), q);
			unrun++;
			if (s1->severity == SEVERITY_BLOCKER)
				rc = CMD_BLOCKED;
			continue;
		}
		if ((ar = answers_report(a, s1->id)) != NULL ||
		    (s != NULL && (st = session_step(s, s1->id)) != NULL &&
		    st->reported)) {
			/* Run elsewhere by the operator: as reported. */
			printf("  %s %s: %s  (%s)\n", cmd_kind_label(s1->kind),
			    s1->id, s1->title, s1->ref);
			printf(_("    %s reported by the operator: %s\n"),
			    cmd_status_tag(ar != NULL ? (ar->passed ?
			    STATUS_PASS : STATUS_FAIL) : st->status),
			    ar != NULL ? ar->value : st->evidence);
			if (ar != NULL ? ar->passed : st->status == STATUS_PASS)
				passed++;
			else {
				failed++;
				rc = CMD_BLOCKED;
			}
			continue;
		}
		engine_run_step(&e, s1, &r, &cause);
		switch (r.status) {
		case STATUS_PASS:
			passed++;
			break;
		case STATUS_WARN:
			warned++;
			break;
		case STATUS_NOT_RUN:	/* training without a database */
			unrun++;
			break;
		case STATUS_PENDING:	/* the operator's query, shown */
		case STATUS_ERROR:
			unrun++;
			if (s1->severity == SEVERITY_BLOCKER)
				rc = CMD_BLOCKED;
			break;
		default:
			failed++;
			rc = CMD_BLOCKED;
			break;
		}
		result_clear(&r);
	}
	printf("\n");
	/* TRANSLATORS: the summary of `check`. */
	printf(_("passed: %zu, failed: %zu, warnings: %zu, could not run: %zu, skipped: %zu\n"),
	    passed, failed, warned, unrun, skipped);
	if (rc == CMD_BLOCKED)
		printf("%s\n", _("A blocker was found: the upgrade should not start yet."));
	else
		printf("%s\n", _("Nothing blocks the upgrade."));
out:
	engine_clear(&e);
	diags_free(&d);
	session_close(s);
	answers_free(a);
	checklist_free(g);
	return rc;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = N_("ID [--answers FILE] [--training]"),
	.summary = N_("run every prerequisite check; change nothing"),
	.min_args = 1,
	.max_args = 1,
	.options = CMD_OPT_ANSWERS | CMD_OPT_TRAINING,
	.exec = cmd_check_exec,
};
