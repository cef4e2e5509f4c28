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

/* A path resolved as far as it exists: the real path of its nearest
 * existing ancestor, with the rest as written. The caller frees it. */
static char *
remove_resolve(const char *path)
{
	char real[PATH_MAX], *p = util_abspath(path), *rest = NULL, *q, *out;
	char *slash;

	while (realpath(p, real) == NULL) {
		slash = strrchr(p, '/');
		if (slash == NULL || slash == p) {
			/* Not even "/" resolves: take it as written. */
			out = rest != NULL ? util_path_join(p, rest) :
			    xstrdup(p);
			free(rest);
			free(p);
			return out;
		}
		q = rest != NULL ? util_path_join(slash + 1, rest) :
		    xstrdup(slash + 1);
		free(rest);
		rest = q;
		*slash = '\0';
	}
	free(p);
	if (rest == NULL)
		return xstrdup(real);
	out = util_path_join(real, rest);
	free(rest);
	return out;
}

/* Is inner the folder outer or in it? */
static int
remove_within(const char *inner, const char *outer)
{
	size_t len = strlen(outer);

	if (strcmp(outer, "/") == 0)
		return 1;
	return strncmp(inner, outer, len) == 0 &&
	    (inner[len] == '/' || inner[len] == '\0');
}

/* Refuse to move the root, the wizard's state folder, or a folder holding
 * either the state folder or this run's backup folder (which need not exist
 * yet). The backup folder is STATE/backup/RUN, so the state folder is the
 * one two levels up. */
static int
remove_allowed(const char *path, const char *backup_dir, char **cause)
{
	char rpath[PATH_MAX], *backup, *root, *state;
	int r = 0;

	if (realpath(path, rpath) == NULL)
		return 0;	/* a dangling link: fine */
	if (strcmp(rpath, "/") == 0) {
		*cause = xprintf(_("refusing to remove %s: it is the root "
		    "folder"), path);
		return -1;
	}
	if (backup_dir == NULL)
		return 0;
	backup = remove_resolve(backup_dir);
	root = util_dirname(backup);
	state = util_dirname(root);
	if (strcmp(state, "/") != 0 && remove_within(state, rpath)) {
		*cause = xprintf(_("refusing to remove %s: it is or holds the "
		    "wizard's state folder %s"), path, state);
		r = -1;
	} else if (remove_within(backup, rpath)) {
		*cause = xprintf(_("refusing to remove %s: it holds the backup "
		    "folder %s"), path, backup_dir);
		r = -1;
	}
	free(state);
	free(root);
	free(backup);
	return r;
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
			/* Nothing changed yet is an error; else a failure. */
			if (done == 0 && saved == NULL)
				goto error;
			free(saved);
			free(r->evidence);
			r->evidence = ev.len > 0 ? buf_steal(&ev) : NULL;
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
