/* kind-copy.c: the "copy" action, and the planning and running it shares
 * with "move": sources (a path or a glob), targets (an existing folder means
 * "into it"), and targets in the way (an error, or saved and replaced). */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backup.h"
#include "buf.h"
#include "copy.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec copy_params[] = {
	{ "from", PARAM_PATH, 1, N_("the file or folder to copy; a pattern with glob: true") },
	{ "to", PARAM_PATH, 1, N_("the new path, or an existing folder to copy into") },
	{ "glob", PARAM_BOOL, 0, N_("'from' is a glob(3) pattern") },
	{ "overwrite", PARAM_BOOL, 0, N_("replace an existing target, saving it first") },
	{ NULL, 0, 0, NULL }
};

struct copy_item {
	char	*src;
	char	*dst;
	int	 exists;	/* dst is there already */
};

struct copy_plan {
	char		 *from;
	char		 *to;
	int		  glob;
	int		  overwrite;
	struct copy_item *items;
	size_t		  n;
};

/* A file or a link, not a folder: a target that can be replaced in one
 * rename. */
static int
copy_is_file(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

static void
copy_plan_clear(struct copy_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n; i++) {
		free(plan->items[i].src);
		free(plan->items[i].dst);
	}
	free(plan->items);
	free(plan->from);
	free(plan->to);
	memset(plan, 0, sizeof *plan);
}

/* The last part of a path, without trailing slashes; the caller frees it. */
static char *
copy_basename(const char *path)
{
	size_t len = strlen(path);
	const char *s;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (s = path + len; s > path && s[-1] != '/'; s--)
		/* nothing */;
	return xstrndup(s, (size_t)(path + len - s));
}

/* Is dst the same as src, or inside it? Both are resolved as far as they
 * exist. */
static int
copy_inside(const char *src, const char *dst)
{
	char rsrc[PATH_MAX], rdir[PATH_MAX], *dir, *base, *full;
	size_t len;
	int inside;

	if (realpath(src, rsrc) == NULL)
		return 0;
	dir = util_dirname(dst);
	if (realpath(dir, rdir) == NULL) {
		free(dir);
		return 0;
	}
	free(dir);
	base = copy_basename(dst);
	full = util_path_join(rdir, base);
	free(base);
	len = strlen(rsrc);
	inside = strcmp(full, rsrc) == 0 || (strncmp(full, rsrc, len) == 0 &&
	    (full[len] == '/' || strcmp(rsrc, "/") == 0));
	free(full);
	return inside;
}

/* Expand the parameters; NULL only when a placeholder has no value. */
static int
copy_expand(const struct step *step, const struct run_ctx *ctx,
    struct copy_plan *plan, char **cause)
{
	memset(plan, 0, sizeof *plan);
	plan->glob = params_bool(step->with, "glob", 0);
	plan->overwrite = params_bool(step->with, "overwrite", 0);
	if ((plan->from = kind_expand(ctx, params_str(step->with, "from"),
	    cause)) == NULL ||
	    (plan->to = kind_expand(ctx, params_str(step->with, "to"),
	    cause)) == NULL) {
		copy_plan_clear(plan);
		return -1;
	}
	return 0;
}

/* Find the sources and their targets, as things are now. -1 with *cause
 * when it cannot be done. */
static int
copy_plan(struct copy_plan *plan, int move, char **cause)
{
	struct stat st;
	char **sources, *base, *dir;
	size_t n, i;
	int into;

	if (plan->glob) {
		if ((sources = kind_glob(plan->from, &n, cause)) == NULL)
			return -1;
		if (n == 0) {
			kind_free_list(sources, n);
			*cause = xprintf(_("nothing matches %s"), plan->from);
			return -1;
		}
	} else {
		if (lstat(plan->from, &st) == -1) {
			if (errno == ENOENT)
				*cause = xprintf(_("%s does not exist"),
				    plan->from);
			else
				*cause = xprintf(_("cannot look at %s: %s"),
				    plan->from, strerror(errno));
			return -1;
		}
		n = 1;
		sources = xcalloc(2, sizeof *sources);
		sources[0] = xstrdup(plan->from);
	}

	into = stat(plan->to, &st) == 0 && S_ISDIR(st.st_mode);
	if (!into && n > 1) {
		*cause = xprintf(P_("%zu path matches %s, so %s must be an "
		    "existing folder", "%zu paths match %s, so %s must be an "
		    "existing folder", n), n, plan->from, plan->to);
		kind_free_list(sources, n);
		return -1;
	}
	if (!into) {
		dir = util_dirname(plan->to);
		if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
			*cause = xprintf(_("the folder %s, where %s would go, "
			    "does not exist"), dir, plan->to);
			free(dir);
			kind_free_list(sources, n);
			return -1;
		}
		free(dir);
	}

	plan->items = xcalloc(n, sizeof *plan->items);
	for (i = 0; i < n; i++) {
		struct copy_item *it = &plan->items[plan->n++];

		it->src = sources[i];
		sources[i] = NULL;
		if (into) {
			base = copy_basename(it->src);
			it->dst = util_path_join(plan->to, base);
			free(base);
		} else
			it->dst = xstrdup(plan->to);
		if (copy_inside(it->src, it->dst)) {
			*cause = move ?
			    xprintf(_("cannot move %s to %s: that is the same "
			    "place or inside it"), it->src, it->dst) :
			    xprintf(_("cannot copy %s to %s: that is the same "
			    "place or inside it"), it->src, it->dst);
			kind_free_list(sources, n);
			return -1;
		}
		it->exists = lstat(it->dst, &st) == 0;
	}
	kind_free_list(sources, n);
	return 0;
}

char *
kind_copy_describe(const struct step *step, const struct run_ctx *ctx,
    int move, char **cause)
{
	struct copy_plan plan;
	struct buf b = BUF_INIT;
	char *why = NULL;
	size_t i;

	if (copy_expand(step, ctx, &plan, cause) == -1)
		return NULL;
	if (copy_plan(&plan, move, &why) == -1) {
		if (move)
			buf_printf(&b, _("Move %s to %s.\n"), plan.from,
			    plan.to);
		else
			buf_printf(&b, _("Copy %s to %s.\n"), plan.from,
			    plan.to);
		buf_printf(&b, _("It cannot run as things are now: %s\n"), why);
		free(why);
		copy_plan_clear(&plan);
		return buf_steal(&b);
	}
	if (plan.glob)
		buf_printf(&b, P_("%zu path matches %s now.\n",
		    "%zu paths match %s now.\n", plan.n), plan.n, plan.from);
	for (i = 0; i < plan.n; i++) {
		const struct copy_item *it = &plan.items[i];

		if (move)
			buf_printf(&b, _("Move %s to %s.\n"), it->src, it->dst);
		else
			buf_printf(&b, _("Copy %s to %s.\n"), it->src, it->dst);
		if (it->exists && plan.overwrite &&
		    copy_is_file(it->src) && copy_is_file(it->dst))
			buf_printf(&b, _("  %s exists: it is saved to the "
			    "backup folder first, then replaced.\n"), it->dst);
		else if (it->exists && plan.overwrite)
			buf_printf(&b, _("  %s exists: it is moved to the "
			    "backup folder first, then replaced.\n"), it->dst);
		else if (it->exists)
			buf_printf(&b, _("  %s exists: the step will stop, "
			    "changing nothing (overwrite is off).\n"), it->dst);
	}
	copy_plan_clear(&plan);
	return buf_steal(&b);
}

/* After a failed copy or move, put back the target that was saved. A copy
 * that is left over (copy_path removes a half-made one itself) is removed,
 * the source being untouched; after a move nothing is removed, as the
 * source may be partly gone. Adds what happened to the reason. */
static void
copy_undo(const struct copy_item *it, const char *saved, int move,
    struct buf *why)
{
	struct stat st;
	char *cause = NULL;

	if (saved == NULL)
		return;
	buf_addc(why, '\n');
	if (lstat(it->dst, &st) == 0 &&
	    (move || copy_remove_tree(it->dst, &cause) == -1)) {
		buf_printf(why, _("the old %s stays saved as %s"), it->dst,
		    saved);
		free(cause);
		return;
	}
	if (backup_restore(saved, it->dst, &cause) == -1) {
		buf_printf(why, _("%s could not be put back from %s: %s"),
		    it->dst, saved, cause);
		free(cause);
	} else
		buf_printf(why, _("%s was put back as it was"), it->dst);
}

/* A move run again after the wizard died while it ran: if the source is
 * gone and its target is there, the interrupted run had moved it (the
 * rename is the move's last change). Says so in r and returns 1. */
static int
copy_moved_before(const struct run_ctx *ctx, const struct copy_plan *plan,
    int move, struct result *r)
{
	struct stat st;
	char *base, *dst;

	if (!move || !ctx->retry || plan->glob ||
	    lstat(plan->from, &st) == 0 || errno != ENOENT)
		return 0;
	if (stat(plan->to, &st) == 0 && S_ISDIR(st.st_mode)) {
		base = copy_basename(plan->from);
		dst = util_path_join(plan->to, base);
		free(base);
	} else
		dst = xstrdup(plan->to);
	if (lstat(dst, &st) == -1) {
		free(dst);
		return 0;
	}
	result_set(r, STATUS_DONE, _("%s is no longer there and %s is: the "
	    "interrupted run had moved it"), plan->from, dst);
	free(dst);
	return 1;
}

int
kind_copy_run(const struct step *step, struct run_ctx *ctx,
    struct result *r, int move)
{
	struct copy_plan plan;
	struct buf ev = BUF_INIT, why = BUF_INIT;
	char *cause = NULL, *saved;
	size_t i, in_way = 0, done = 0;
	const char *first = NULL;
	int rc, over;

	if (copy_expand(step, ctx, &plan, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if (copy_plan(&plan, move, &cause) == -1) {
		if (copy_moved_before(ctx, &plan, move, r)) {
			free(cause);
			copy_plan_clear(&plan);
			return 0;
		}
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		copy_plan_clear(&plan);
		return 0;
	}
	for (i = 0; i < plan.n; i++) {
		if (plan.items[i].exists && in_way++ == 0)
			first = plan.items[i].dst;
	}
	if (in_way > 0 && !plan.overwrite) {
		if (in_way == 1)
			result_set(r, STATUS_ERROR, _("%s already exists; "
			    "nothing was changed (with overwrite: true it is "
			    "saved to the backup folder and replaced)"), first);
		else
			result_set(r, STATUS_ERROR, P_("%s and %zu more target "
			    "already exist; nothing was changed (with "
			    "overwrite: true they are saved to the backup "
			    "folder and replaced)", "%s and %zu more targets "
			    "already exist; nothing was changed (with "
			    "overwrite: true they are saved to the backup "
			    "folder and replaced)", in_way - 1), first,
			    in_way - 1);
		copy_plan_clear(&plan);
		return 0;
	}

	for (i = 0; i < plan.n; i++) {
		const struct copy_item *it = &plan.items[i];

		saved = NULL;
		over = it->exists && copy_is_file(it->src) &&
		    copy_is_file(it->dst);
		if (it->exists &&
		    kind_backup(ctx, it->dst, !over, &saved, &cause) == -1) {
			buf_printf(&why, _("cannot save %s before replacing "
			    "it: %s"), it->dst, cause);
			free(cause);
			if (saved != NULL) {
				/* Saved, but only partly moved away. */
				if (ev.len > 0)
					buf_addc(&ev, '\n');
				buf_printf(&ev, _("%s was saved as %s and is "
				    "partly removed"), it->dst, saved);
				free(saved);
			}
			goto failed;
		}
		if (saved != NULL) {
			if (ev.len > 0)
				buf_addc(&ev, '\n');
			if (over)
				buf_printf(&ev, _("%s was there: saved to the "
				    "backup folder as %s"), it->dst, saved);
			else
				buf_printf(&ev, _("%s was there: moved to the "
				    "backup folder as %s"), it->dst, saved);
		}
		if (over)
			rc = move ? copy_move_over(it->src, it->dst, &cause) :
			    copy_path_over(it->src, it->dst, &cause);
		else
			rc = move ? copy_move(it->src, it->dst, &cause) :
			    copy_path(it->src, it->dst, &cause);
		if (rc == -1) {
			buf_adds(&why, cause);
			free(cause);
			if (!over)
				copy_undo(it, saved, move, &why);
			else if (saved != NULL) {
				buf_addc(&why, '\n');
				buf_printf(&why, _("%s is as it was (and saved "
				    "as %s)"), it->dst, saved);
			}
			free(saved);
			goto failed;
		}
		free(saved);
		if (ev.len > 0)
			buf_addc(&ev, '\n');
		if (move)
			buf_printf(&ev, _("moved %s to %s"), it->src, it->dst);
		else
			buf_printf(&ev, _("copied %s to %s"), it->src, it->dst);
		done++;
	}
	result_set(r, STATUS_DONE, "%s", buf_str(&ev));
	goto out;

failed:
	/* Nothing changed yet is an error; a part done is a failure. */
	if (ev.len > 0) {
		free(r->evidence);
		r->evidence = buf_steal(&ev);
	}
	result_set(r, done > 0 || r->evidence != NULL ? STATUS_FAILED :
	    STATUS_ERROR, "%s", buf_str(&why));
out:
	buf_free(&ev);
	buf_free(&why);
	copy_plan_clear(&plan);
	return 0;
}

static char *
copy_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	return kind_copy_describe(step, ctx, 0, cause);
}

static int
copy_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	return kind_copy_run(step, ctx, r, 0);
}

const struct kind kind_copy = {
	.name = "copy",
	.step_kind = STEP_ACTION,
	.summary = N_("copy files or folders"),
	.params = copy_params,
	.validate = NULL,
	.describe = copy_describe,
	.run = copy_run
};
