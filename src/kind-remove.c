/* kind-remove.c: the "remove" action. Nothing is deleted: each path is moved
 * into the backup folder, from where it can be put back. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec remove_params[] = {
	{ "path", PARAM_PATH, 1, N_("what to remove; a pattern with glob: true") },
	{ "glob", PARAM_BOOL, 0, N_("'path' is a glob(3) pattern") },
	{ "missing_ok", PARAM_BOOL, 0, N_("nothing there is not an error") },
	{ NULL, 0, 0, NULL }
};

/* The paths to remove as things are now; NULL with *cause. */
static char **
remove_targets(const char *path, int glob, size_t *n, char **cause)
{
	struct stat st;
	char **list;

	if (glob)
		return kind_glob(path, n, cause);
	*n = 0;
	list = xcalloc(2, sizeof *list);
	if (lstat(path, &st) == 0) {
		list[0] = xstrdup(path);
		*n = 1;
	} else if (errno != ENOENT && errno != ENOTDIR) {
		*cause = xprintf(_("cannot look at %s: %s"), path,
		    strerror(errno));
		free(list);
		return NULL;
	}
	return list;
}

/* Refuse to move the root, or a folder holding the backup folder into it. */
static int
remove_allowed(const char *path, const char *backup_dir, char **cause)
{
	char rpath[PATH_MAX], rbackup[PATH_MAX];
	size_t len;

	if (realpath(path, rpath) == NULL)
		return 0;	/* a dangling link: fine */
	if (strcmp(rpath, "/") == 0) {
		*cause = xprintf(_("refusing to remove %s: it is the root "
		    "folder"), path);
		return -1;
	}
	if (backup_dir == NULL || realpath(backup_dir, rbackup) == NULL)
		return 0;
	len = strlen(rpath);
	if (strncmp(rbackup, rpath, len) == 0 &&
	    (rbackup[len] == '/' || rbackup[len] == '\0')) {
		*cause = xprintf(_("refusing to remove %s: it holds the backup "
		    "folder %s"), path, backup_dir);
		return -1;
	}
	return 0;
}

static char *
remove_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	int glob = params_bool(step->with, "glob", 0);
	struct buf b = BUF_INIT;
	char *path, **targets, *why = NULL;
	size_t n, i;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    cause)) == NULL)
		return NULL;
	targets = remove_targets(path, glob, &n, &why);
	if (targets == NULL) {
		buf_printf(&b, _("Remove %s.\n"), path);
		buf_printf(&b, _("It cannot run as things are now: %s\n"), why);
		free(why);
	} else if (n == 0) {
		buf_printf(&b, _("Remove %s.\n"), path);
		if (params_bool(step->with, "missing_ok", 0))
			buf_printf(&b, _("Nothing is there now, which is "
			    "fine: nothing will be done.\n"));
		else
			buf_printf(&b, _("Nothing is there now: the step will "
			    "stop with an error.\n"));
	} else {
		for (i = 0; i < n; i++)
			buf_printf(&b, _("Remove %s: it is moved into the "
			    "backup folder, not deleted.\n"), targets[i]);
		if (ctx->backup_dir != NULL)
			buf_printf(&b, _("Backup folder: %s\n"),
			    ctx->backup_dir);
	}
	kind_free_list(targets, n);
	free(path);
	return buf_steal(&b);
}

static int
remove_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	int glob = params_bool(step->with, "glob", 0);
	struct buf ev = BUF_INIT;
	char *path, **targets = NULL, *cause = NULL, *saved;
	size_t n = 0, i, done = 0;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    &cause)) == NULL)
		goto error;
	if ((targets = remove_targets(path, glob, &n, &cause)) == NULL)
		goto error;
	if (n == 0) {
		if (params_bool(step->with, "missing_ok", 0))
			result_set(r, STATUS_DONE, glob ?
			    _("nothing matches %s: nothing to remove") :
			    _("%s does not exist: nothing to remove"), path);
		else
			result_set(r, STATUS_ERROR, glob ?
			    _("nothing matches %s (missing_ok: true would "
			    "accept that)") : _("%s does not exist "
			    "(missing_ok: true would accept that)"), path);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (remove_allowed(targets[i], ctx->backup_dir, &cause) == -1)
			goto error;
	}
	for (i = 0; i < n; i++) {
		if (kind_backup(ctx, targets[i], 1, &saved, &cause) == -1) {
			if (done == 0)
				goto error;
			free(r->evidence);
			r->evidence = buf_steal(&ev);
			result_set(r, STATUS_FAILED, _("cannot move %s to the "
			    "backup folder: %s"), targets[i], cause);
			free(cause);
			goto out;
		}
		if (ev.len > 0)
			buf_addc(&ev, '\n');
		if (saved != NULL)
			buf_printf(&ev, _("moved %s to the backup folder as "
			    "%s"), targets[i], saved);
		else
			buf_printf(&ev, _("%s was already gone"), targets[i]);
		free(saved);
		done++;
	}
	result_set(r, STATUS_DONE, "%s", buf_str(&ev));
	goto out;

error:
	result_set(r, STATUS_ERROR, "%s", cause);
	free(cause);
out:
	buf_free(&ev);
	kind_free_list(targets, n);
	free(path);
	return 0;
}

const struct kind kind_remove = {
	.name = "remove",
	.step_kind = STEP_ACTION,
	.summary = N_("remove files or folders, into the backup folder"),
	.params = remove_params,
	.validate = NULL,
	.describe = remove_describe,
	.run = remove_run
};
