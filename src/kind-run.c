/* kind-run.c: the "run" action: run a command (argv, or shell text with the
 * values quoted), after saving the files it is said to change. */
#include "config.h"

#include "kind.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exec.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec run_params[] = {
	{ "command", PARAM_LIST, 1, N_("the argv as a list; with shell: true one text for /bin/sh -c") },
	{ "shell", PARAM_BOOL, 0, N_("run the text with /bin/sh -c; placeholders are shell-quoted") },
	{ "cwd", PARAM_PATH, 0, N_("the folder to run it in") },
	{ "env", PARAM_MAP, 0, N_("extra environment variables") },
	{ "timeout", PARAM_DURATION, 0, N_("stop it after this long (default: no limit)") },
	{ "expect_exit", PARAM_INT, 0, N_("the exit status of success (default 0)") },
	{ "backup", PARAM_LIST, 0, N_("paths saved to the backup folder before it runs") },
	{ NULL, 0, 0, NULL }
};

static char *
run_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct kind_command cmd;
	struct buf b = BUF_INIT;
	long long timeout;
	char **backups, *text;
	size_t n, i;

	if (kind_command_prepare(step, ctx, &cmd, cause) == -1)
		return NULL;
	backups = kind_expand_list(ctx, step->with, "backup", &n, cause);
	if (backups == NULL) {
		kind_command_clear(&cmd);
		return NULL;
	}
	timeout = kind_duration_ms(ctx, step->with, "timeout", 0, cause);
	if (timeout < 0) {
		kind_free_list(backups, n);
		kind_command_clear(&cmd);
		return NULL;
	}
	kind_command_describe(&cmd, &b);
	buf_printf(&b, _("Exit status of success: %lld\n"),
	    params_int(step->with, "expect_exit", 0));
	if (timeout > 0) {
		text = util_duration_text(timeout);
		buf_printf(&b, _("Stopped if it runs longer than %s.\n"), text);
		free(text);
	}
	for (i = 0; i < n; i++)
		buf_printf(&b, _("Saved to the backup folder first: %s\n"),
		    backups[i]);
	kind_free_list(backups, n);
	kind_command_clear(&cmd);
	return buf_steal(&b);
}

static int
run_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct kind_command cmd;
	struct exec_spec spec;
	struct exec_result er;
	struct buf ev = BUF_INIT;
	long long expect = params_int(step->with, "expect_exit", 0);
	char **backups = NULL, *cause = NULL, *saved, *title, *how;
	size_t n = 0, i;

	memset(&spec, 0, sizeof spec);
	if (kind_command_prepare(step, ctx, &cmd, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if ((backups = kind_expand_list(ctx, step->with, "backup", &n,
	    &cause)) == NULL ||
	    (spec.timeout_ms = kind_duration_ms(ctx, step->with, "timeout", 0,
	    &cause)) < 0)
		goto error;

	/* Copies only: until the command starts, nothing is changed. */
	for (i = 0; i < n; i++) {
		if (kind_backup(ctx, backups[i], 0, &saved, &cause) == -1)
			goto error;
		if (ev.len > 0)
			buf_addc(&ev, '\n');
		if (saved != NULL)
			buf_printf(&ev, _("saved %s as %s"), backups[i], saved);
		else
			buf_printf(&ev, _("%s did not exist, so nothing was "
			    "saved"), backups[i]);
		free(saved);
	}

	spec.argv = cmd.argv;
	spec.cwd = cmd.cwd;
	spec.env = cmd.env;
	title = xprintf("%s: %s", step->id != NULL ? step->id : "-",
	    cmd.display);
	spec.title = title;
	if (kind_exec(ctx, &spec, NULL, NULL, &er, &cause) == -1) {
		free(title);
		goto error;
	}
	free(title);
	r->exit_code = er.exited ? er.exit_code : -1;
	r->signal = er.signal;
	r->timed_out = er.timed_out;
	r->duration_ms = er.duration_ms;
	if (ctx->log_path != NULL)
		r->log_path = xstrdup(ctx->log_path);

	how = exec_result_text(&er);
	if (ev.len > 0)
		buf_addc(&ev, '\n');
	buf_printf(&ev, "%s: %s", cmd.display, how);
	free(how);
	free(r->evidence);
	r->evidence = buf_steal(&ev);

	if (er.spawn_errno != 0)
		result_set(r, STATUS_ERROR, _("cannot run %s: %s"),
		    cmd.argv[0], strerror(er.spawn_errno));
	else if (er.cancelled)
		result_set(r, STATUS_CANCELLED, _("stopped by the operator "
		    "before it ended"));
	else if (er.timed_out) {
		how = util_duration_text(spec.timeout_ms);
		result_set(r, STATUS_FAILED, _("it ran longer than %s and was "
		    "stopped"), how);
		free(how);
	} else if (!er.exited)
		result_set(r, STATUS_FAILED, _("it was ended by signal %d"),
		    er.signal);
	else if (er.exit_code != expect)
		result_set(r, STATUS_FAILED, _("it exited with status %d; "
		    "status %lld means success"), er.exit_code, expect);
	else
		r->status = STATUS_DONE;
	goto out;

error:
	free(r->evidence);
	r->evidence = ev.len > 0 ? buf_steal(&ev) : NULL;
	result_set(r, STATUS_ERROR, "%s", cause);
	free(cause);
out:
	buf_free(&ev);
	kind_free_list(backups, n);
	kind_command_clear(&cmd);
	return 0;
}

const struct kind kind_run = {
	.name = "run",
	.step_kind = STEP_ACTION,
	.summary = N_("run a command"),
	.params = run_params,
	.validate = kind_command_validate,
	.describe = run_describe,
	.run = run_run
};
