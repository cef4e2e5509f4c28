/* cmd-run.c: go through a guide without a terminal, from an answers file,
 * until it is complete or something needs a person. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"
#include "i18n.h"
#include "session.h"
#include "xmalloc.h"

static volatile sig_atomic_t run_stop;

static void
run_signal(int sig)
{
	run_stop = sig;
}

static void
run_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = run_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int
cmd_run_exec(struct cmd_opts *o)
{
	struct diags d = DIAGS_INIT;
	struct cmd_printer p;
	struct answers *a;
	struct session *s;
	struct guide *g;
	struct engine e;
	const struct step *stop;
	enum walk_end end;
	char *dir, *cause = NULL, *message = NULL;
	int rc, resume;

	if (o->answers == NULL) {
		cmd_error(_("run needs an answers file: run ID --answers FILE"));
		return CMD_ERROR;
	}
	g = cmd_load_guide(o, o->args[0]);
	if (g == NULL)
		return CMD_ERROR;
	if ((a = cmd_load_answers(o->answers, g)) == NULL) {
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
	dir = cmd_session_dir(o, g->id);
	resume = session_exists(dir);

	/* Check every value before the session is touched. */
	s = resume ? session_load(dir, &cause) : NULL;
	if (resume && s == NULL) {
		cmd_error("%s", cause);
		free(cause);
		rc = CMD_ERROR;
		goto out;
	}
	engine_init(&e, g, s, a);
	engine_vars_check(&e, &d);
	engine_clear(&e);
	session_close(s);
	if (d.n > 0) {
		diags_sort(&d);
		diags_print(&d, stderr);
		cmd_error(_("the variables above need a value that fits; nothing was done"));
		rc = CMD_ERROR;
		goto out;
	}

	run_signals();
	s = session_open(dir, g->id, g->path, g->hash, &cause);
	if (s == NULL) {
		cmd_error("%s", cause);
		free(cause);
		rc = CMD_ERROR;
		goto out;
	}
	if (resume && s->guide_hash != NULL && strcmp(s->guide_hash, g->hash) != 0)
		printf(_("Note: the checklist %s has changed since the session started.\n"),
		    g->path);
	printf(resume ? _("%s: %s (resuming the session in %s)\n") :
	    _("%s: %s (new session in %s)\n"), g->id, g->title, dir);

	engine_init(&e, g, s, a);
	e.cancel = &run_stop;
	e.cancel_is_interrupt = 1;
	cmd_printer_ops(&p, &e.ops);
	end = engine_walk(&e, resume, &stop, &message);
	engine_clear(&e);
	if (session_snapshot(s, &cause) == -1) {
		cmd_error("%s", cause);
		free(cause);
		cause = NULL;
	}

	switch (end) {
	case WALK_COMPLETE:
		printf("\n%s\n", _("The guide is complete: every stage is done."));
		rc = CMD_OK;
		break;
	case WALK_STOPPED:
		printf("\n");
		printf(_("Stopped at stage %zu, step '%s': %s\n"),
		    stop->stage->index + 1, stop->id, message);
		printf("%s\n", _("Run the same command again to go on from there; nothing done is repeated."));
		rc = CMD_BLOCKED;
		break;
	case WALK_INTERRUPTED:
		printf("\n%s\n", message);
		rc = CMD_BLOCKED;
		break;
	case WALK_ERROR:
	default:
		cmd_error("%s", message);
		rc = CMD_ERROR;
		break;
	}
	free(message);
	session_close(s);
out:
	diags_free(&d);
	free(dir);
	answers_free(a);
	checklist_free(g);
	return rc;
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = N_("ID --answers FILE [--training [--fault ID] [--reset]]"),
	.summary = N_("go through the guide without a terminal, from an answers file"),
	.min_args = 1,
	.max_args = 1,
	.options = CMD_OPT_ANSWERS | CMD_OPT_TRAINING,
	.exec = cmd_run_exec,
};
