/* kind-extract.c: the "extract" action: unpack a .zip (unzip) or a tar
 * archive (tar) into a folder. The archive is listed first; files it would
 * replace are an error, or with overwrite: true moved to the backup folder. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "exec.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec extract_params[] = {
	{ "archive", PARAM_PATH, 1, N_("a .zip, .tar, .tar.gz, .tgz, .tar.bz2 or .tar.xz file") },
	{ "to", PARAM_PATH, 1, N_("the folder to unpack into (made if missing)") },
	{ "overwrite", PARAM_BOOL, 0, N_("replace files that exist, saving them first") },
	{ NULL, 0, 0, NULL }
};

static const char *const extract_tar_suffixes[] = {
	".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", NULL
};

struct extract_plan {
	char	 *archive;	/* as given, expanded */
	char	 *file;		/* the archive as an argument ("./-x.zip") */
	char	 *to;
	int	  zip;
	char	**members;	/* as listed, "./" taken off */
	size_t	  n;
	size_t	  size;
	char	**conflicts;	/* paths in `to` that are in the way */
	size_t	  nconflicts;
	int	  to_exists;
};

static void
extract_plan_clear(struct extract_plan *plan)
{
	kind_free_list(plan->members, plan->n);
	kind_free_list(plan->conflicts, plan->nconflicts);
	free(plan->archive);
	free(plan->file);
	free(plan->to);
	memset(plan, 0, sizeof *plan);
}

static int
extract_has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && strcasecmp(s + ls - lx, suffix) == 0;
}

/* 1 for a zip, 0 for a tar, -1 for a name neither tool is used for. */
static int
extract_format(const char *archive)
{
	size_t i;

	if (extract_has_suffix(archive, ".zip"))
		return 1;
	for (i = 0; extract_tar_suffixes[i] != NULL; i++) {
		if (extract_has_suffix(archive, extract_tar_suffixes[i]))
			return 0;
	}
	return -1;
}

static int
extract_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	const struct ynode *node = params_node(with, "archive");
	const char *text = ynode_str(node);

	if (text == NULL || extract_format(text) != -1)
		return 0;
	/* "${ARCHIVE}" may well name a zip: known only at run time. */
	if (strlen(text) > 0 && text[strlen(text) - 1] == '}')
		return 0;
	diags_add(d, file, node->line, node->col,
	    _("'archive' must end in .zip, .tar, .tar.gz, .tgz, .tar.bz2 or "
	    ".tar.xz, not '%s'"), text);
	return 1;
}

static void
extract_member(void *arg, int stream, const char *line, size_t len)
{
	struct extract_plan *plan = arg;

	if (stream != 1 || len == 0)
		return;
	if (plan->n + 1 >= plan->size) {
		plan->size = plan->size == 0 ? 64 : plan->size * 2;
		plan->members = xreallocarray(plan->members, plan->size,
		    sizeof *plan->members);
	}
	while (len >= 2 && line[0] == '.' && line[1] == '/') {
		line += 2;
		len -= 2;
	}
	if (len == 0)
		return;
	plan->members[plan->n++] = xstrndup(line, len);
	plan->members[plan->n] = NULL;
}

/* Would the member land outside the target folder? */
static int
extract_unsafe(const char *member)
{
	const char *s = member;
	size_t len;

	if (*member == '/')
		return 1;
	while (*s != '\0') {
		len = strcspn(s, "/");
		if (len == 2 && s[0] == '.' && s[1] == '.')
			return 1;
		s += len;
		while (*s == '/')
			s++;
	}
	return 0;
}

/* Expand, check the archive and the folder, list the archive and find what
 * is in the way. -1 with *cause (*placeholder set when a placeholder had no
 * value, so describe can tell the two apart). */
static int
extract_plan(const struct step *step, const struct run_ctx *ctx, int logged,
    struct extract_plan *plan, int *placeholder, char **cause)
{
	struct exec_spec spec;
	struct exec_result er;
	struct stat st;
	char *argv[5], *p, *how;
	size_t i, len;
	int dir, rc;

	memset(plan, 0, sizeof *plan);
	*placeholder = 0;
	if ((plan->archive = kind_expand(ctx, params_str(step->with,
	    "archive"), cause)) == NULL ||
	    (plan->to = kind_expand(ctx, params_str(step->with, "to"),
	    cause)) == NULL) {
		*placeholder = 1;
		return -1;
	}
	if ((plan->zip = extract_format(plan->archive)) == -1) {
		*cause = xprintf(_("%s is not a .zip, .tar, .tar.gz, .tgz, "
		    ".tar.bz2 or .tar.xz file"), plan->archive);
		return -1;
	}
	if (stat(plan->archive, &st) == -1) {
		*cause = xprintf(_("cannot use the archive %s: %s"),
		    plan->archive, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xprintf(_("the archive %s is not a file"),
		    plan->archive);
		return -1;
	}
	plan->file = plan->archive[0] == '-' ?
	    xprintf("./%s", plan->archive) : xstrdup(plan->archive);
	if (stat(plan->to, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			*cause = xprintf(_("%s exists and is not a folder"),
			    plan->to);
			return -1;
		}
		plan->to_exists = 1;
	} else if (errno != ENOENT) {
		*cause = xprintf(_("cannot look at %s: %s"), plan->to,
		    strerror(errno));
		return -1;
	}

	memset(&spec, 0, sizeof spec);
	if (plan->zip) {
		argv[0] = (char *)"unzip";
		argv[1] = (char *)"-Z1";
		argv[2] = plan->file;
		argv[3] = NULL;
	} else {
		argv[0] = (char *)"tar";
		argv[1] = (char *)"--quoting-style=literal";
		argv[2] = (char *)"-tf";
		argv[3] = plan->file;
		argv[4] = NULL;
	}
	spec.argv = argv;
	spec.title = plan->zip ? "unzip -Z1" : "tar -tf";
	if (logged)
		rc = kind_exec(ctx, &spec, extract_member, plan, &er, cause);
	else
		rc = exec_run(&spec, extract_member, plan, ctx->cancel, &er,
		    cause);
	if (rc == -1)
		return -1;
	if (!er.exited || er.exit_code != 0) {
		how = exec_result_text(&er);
		*cause = xprintf(_("cannot list the archive %s: %s %s"),
		    plan->archive, argv[0], how);
		free(how);
		return -1;
	}

	for (i = 0; i < plan->n; i++) {
		const char *m = plan->members[i];

		if (extract_unsafe(m)) {
			*cause = xprintf(_("the archive %s holds %s, which "
			    "would land outside %s"), plan->archive, m,
			    plan->to);
			return -1;
		}
		if (!plan->to_exists)
			continue;
		len = strlen(m);
		dir = m[len - 1] == '/';
		p = util_path_join(plan->to, m);
		if (dir) {
			/* A folder may be there; all else is in the way. */
			p[strlen(p) - 1] = '\0';
			if (lstat(p, &st) == -1 ||
			    (stat(p, &st) == 0 && S_ISDIR(st.st_mode))) {
				free(p);
				continue;
			}
		} else if (lstat(p, &st) == -1) {
			free(p);
			continue;
		}
		plan->conflicts = xreallocarray(plan->conflicts,
		    plan->nconflicts + 1, sizeof *plan->conflicts);
		plan->conflicts[plan->nconflicts++] = p;
	}
	return 0;
}

/* The command that unpacks; the caller frees the array, not the strings. */
static char **
extract_argv(const struct extract_plan *plan)
{
	char **argv = xcalloc(8, sizeof *argv);

	if (plan->zip) {
		/* -n: never replace a file; what was in the way is gone. */
		argv[0] = (char *)"unzip";
		argv[1] = (char *)"-n";
		argv[2] = plan->file;
		argv[3] = (char *)"-d";
		argv[4] = plan->to;
	} else {
		argv[0] = (char *)"tar";
		argv[1] = (char *)"-xf";
		argv[2] = plan->file;
		argv[3] = (char *)"-C";
		argv[4] = plan->to;
		argv[5] = (char *)"--keep-old-files";
		argv[6] = (char *)"--no-same-owner";
	}
	return argv;
}

static char *
extract_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct extract_plan plan;
	struct buf b = BUF_INIT;
	char **argv, *why = NULL, *line;
	size_t i;
	int placeholder;

	if (extract_plan(step, ctx, 0, &plan, &placeholder, &why) == -1) {
		if (placeholder) {
			*cause = why;
			extract_plan_clear(&plan);
			return NULL;
		}
		buf_printf(&b, _("Extract %s into %s.\n"), plan.archive,
		    plan.to);
		buf_printf(&b, _("It cannot run as things are now: %s\n"), why);
		free(why);
		extract_plan_clear(&plan);
		return buf_steal(&b);
	}
	buf_printf(&b, P_("Extract %s (%zu entry) into %s.\n",
	    "Extract %s (%zu entries) into %s.\n", plan.n), plan.archive,
	    plan.n, plan.to);
	if (!plan.to_exists)
		buf_printf(&b, _("%s does not exist: it will be made.\n"),
		    plan.to);
	argv = extract_argv(&plan);
	line = util_argv_display(argv);
	buf_printf(&b, _("Command: %s\n"), line);
	free(line);
	free(argv);
	if (plan.nconflicts > 0 && params_bool(step->with, "overwrite", 0))
		buf_printf(&b, P_("%zu file is in the way: it is moved to the "
		    "backup folder first.\n", "%zu files are in the way: they "
		    "are moved to the backup folder first.\n", plan.nconflicts),
		    plan.nconflicts);
	else if (plan.nconflicts > 0)
		buf_printf(&b, P_("%zu file is in the way: the step will "
		    "stop, changing nothing (overwrite is off).\n", "%zu files "
		    "are in the way: the step will stop, changing nothing "
		    "(overwrite is off).\n", plan.nconflicts), plan.nconflicts);
	for (i = 0; i < plan.nconflicts; i++)
		buf_printf(&b, "  %s\n", plan.conflicts[i]);
	extract_plan_clear(&plan);
	return buf_steal(&b);
}

static int
extract_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct extract_plan plan;
	struct exec_spec spec;
	struct exec_result er;
	struct buf ev = BUF_INIT;
	char **argv = NULL, *cause = NULL, *saved, *how, *title;
	size_t i;
	int placeholder;

	if (extract_plan(step, ctx, 1, &plan, &placeholder, &cause) == -1)
		goto error;
	if (plan.nconflicts > 0 && !params_bool(step->with, "overwrite", 0)) {
		if (plan.nconflicts == 1)
			cause = xprintf(_("%s is in the way; nothing was "
			    "changed (with overwrite: true it is saved to the "
			    "backup folder first)"), plan.conflicts[0]);
		else
			cause = xprintf(P_("%s and %zu more file are in the "
			    "way; nothing was changed (with overwrite: true "
			    "they are saved to the backup folder first)",
			    "%s and %zu more files are in the way; nothing "
			    "was changed (with overwrite: true they are saved "
			    "to the backup folder first)", plan.nconflicts - 1),
			    plan.conflicts[0], plan.nconflicts - 1);
		goto error;
	}
	if (!plan.to_exists && util_mkdir_p(plan.to, 0755, &cause) == -1)
		goto error;
	if (!plan.to_exists) {
		buf_printf(&ev, _("made the folder %s"), plan.to);
	}
	for (i = 0; i < plan.nconflicts; i++) {
		if (kind_backup(ctx, plan.conflicts[i], 1, &saved,
		    &cause) == -1) {
			if (saved != NULL) {
				/* Saved, but only partly moved away. */
				if (ev.len > 0)
					buf_addc(&ev, '\n');
				buf_printf(&ev, _("%s was saved as %s and is "
				    "partly removed"), plan.conflicts[i], saved);
				free(saved);
			}
			free(r->evidence);
			r->evidence = ev.len > 0 ? buf_steal(&ev) : NULL;
			result_set(r, r->evidence != NULL ? STATUS_FAILED :
			    STATUS_ERROR, _("cannot save %s before extracting "
			    "over it: %s"), plan.conflicts[i], cause);
			free(cause);
			goto out;
		}
		if (ev.len > 0)
			buf_addc(&ev, '\n');
		if (saved != NULL)
			buf_printf(&ev, _("%s was in the way: moved to the "
			    "backup folder as %s"), plan.conflicts[i], saved);
		free(saved);
	}

	argv = extract_argv(&plan);
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	title = util_argv_display(argv);
	spec.title = title;
	if (kind_exec(ctx, &spec, NULL, NULL, &er, &cause) == -1) {
		free(title);
		free(r->evidence);
		r->evidence = ev.len > 0 ? buf_steal(&ev) : NULL;
		result_set(r, r->evidence != NULL ? STATUS_FAILED :
		    STATUS_ERROR, "%s", cause);
		free(cause);
		goto out;
	}
	r->exit_code = er.exited ? er.exit_code : -1;
	r->signal = er.signal;
	r->timed_out = er.timed_out;
	r->duration_ms = er.duration_ms;
	if (ctx->log_path != NULL)
		r->log_path = xstrdup(ctx->log_path);
	how = exec_result_text(&er);
	if (ev.len > 0)
		buf_addc(&ev, '\n');
	buf_printf(&ev, "%s: %s", title, how);
	free(how);
	free(title);
	if (er.spawn_errno != 0) {
		free(r->evidence);
		r->evidence = buf_steal(&ev);
		result_set(r, plan.nconflicts > 0 || !plan.to_exists ?
		    STATUS_FAILED : STATUS_ERROR, _("cannot run %s: %s"),
		    argv[0], strerror(er.spawn_errno));
	} else if (er.cancelled) {
		free(r->evidence);
		r->evidence = buf_steal(&ev);
		result_set(r, STATUS_CANCELLED, _("stopped by the operator "
		    "before it ended; %s may be partly extracted"), plan.to);
	} else if (!er.exited || er.exit_code != 0) {
		free(r->evidence);
		r->evidence = buf_steal(&ev);
		result_set(r, STATUS_FAILED, _("%s did not succeed; %s may be "
		    "partly extracted (the log has its messages)"), argv[0],
		    plan.to);
	} else {
		buf_addc(&ev, '\n');
		buf_printf(&ev, P_("extracted %zu entry from %s into %s",
		    "extracted %zu entries from %s into %s", plan.n), plan.n,
		    plan.archive, plan.to);
		result_set(r, STATUS_DONE, "%s", buf_str(&ev));
	}
	goto out;

error:
	result_set(r, STATUS_ERROR, "%s", cause);
	free(cause);
out:
	free(argv);
	buf_free(&ev);
	extract_plan_clear(&plan);
	return 0;
}

const struct kind kind_extract = {
	.name = "extract",
	.step_kind = STEP_ACTION,
	.summary = N_("unpack a .zip or tar archive"),
	.params = extract_params,
	.validate = extract_validate,
	.describe = extract_describe,
	.run = extract_run
};
