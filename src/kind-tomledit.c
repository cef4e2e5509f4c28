/* kind-tomledit.c: the "toml_edit" action: merge a TOML snippet into a TOML
 * file (a WSO2 deployment.toml), changing only the bytes that must change.
 * The merge itself is tomledit.c; here are the parameters, the preview (a
 * unified diff), the backup and the atomic replacement of the file. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diff.h"
#include "i18n.h"
#include "toml.h"
#include "tomledit.h"
#include "util.h"
#include "xmalloc.h"

/* The snippet's name in messages: "toml:2:30: ...". */
#define TE_SNIPPET "toml"

static const struct param_spec te_params[] = {
	{ "file", PARAM_PATH, 1, N_("the TOML file to edit") },
	{ "after", PARAM_STRING, 0, N_("new tables go after this table and the tables below it (default: at the end)") },
	{ "toml", PARAM_STRING, 1, N_("the TOML to merge into the file") },
	{ NULL, 0, 0, NULL }
};

/*
 * Validation: the snippet must be TOML, with its problems placed in the
 * checklist file.
 */

/* The snippet as the reader will see it: each ${NAME} replaced by as many
 * digits (a value, a key or a part of a string in any place), so the places
 * stay where they are. */
static char *
te_neutral(const char *s)
{
	char *t = xstrdup(s), *p = t, *close;

	while ((p = strchr(p, '$')) != NULL) {
		if (p[1] == '$') {
			p += 2;
			continue;
		}
		if (p[1] == '{' && (close = strchr(p, '}')) != NULL) {
			memset(p, '1', (size_t)(close - p + 1));
			p = close + 1;
			continue;
		}
		p++;
	}
	return t;
}

/* Where the snippet's lines start in the checklist file: 1 with *line0 (the
 * file line of the snippet's line 1) and *indent when the value is a
 * literal block scalar (|), whose lines map one to one; 0 otherwise. */
static int
te_block_place(const char *file, const struct ynode *v, int *line0,
    int *indent)
{
	char *text, *cause = NULL;
	size_t len, i;
	int n = 0, found = 0;

	if ((text = util_read_file(file, &len, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	if (v->start < len && text[v->start] == '|') {
		i = v->start;
		while (i < len && text[i] != '\n')
			i++;
		/* The first line with text gives the indentation. */
		for (i++; i < len && !found;) {
			n = 0;
			while (i + (size_t)n < len && text[i + (size_t)n] == ' ')
				n++;
			if (i + (size_t)n < len && text[i + (size_t)n] != '\n' &&
			    text[i + (size_t)n] != '\r')
				found = 1;
			else {
				while (i < len && text[i] != '\n')
					i++;
				i++;
			}
		}
		*line0 = v->line + 1;
		*indent = n;
	}
	free(text);
	return found;
}

static int
te_validate(const struct ynode *with, const char *file, struct diags *d)
{
	const struct ynode *v;
	struct diags td = DIAGS_INIT;
	struct toml_doc *doc;
	char *s, **parts, *cause = NULL;
	int problems = 0, block, line0 = 0, indent = 0, n;
	size_t i;

	if ((v = params_node(with, "after")) != NULL && v->type ==
	    YNODE_SCALAR && strchr(v->value, '$') == NULL) {
		if ((n = toml_key_split(v->value, &parts, &cause)) == -1) {
			diags_add(d, file, v->line, v->col, _("'after': '%s' is "
			    "not a TOML table name: %s"), v->value, cause);
			free(cause);
			problems++;
		} else
			toml_parts_free(parts, (size_t)n);
	}
	if ((v = params_node(with, "toml")) == NULL || v->type != YNODE_SCALAR)
		return problems;
	s = te_neutral(v->value);
	doc = toml_parse(s, strlen(s), TE_SNIPPET, &td);
	if (doc != NULL) {
		/* What the merge refuses: tables inside an [[entry]]. */
		for (i = 0; i < doc->ntables; i++) {
			const struct toml_table *t = doc->tables[i], *u;

			for (u = t->parent; u != NULL; u = u->parent) {
				if (u->kind == TOML_TABLE_ENTRY)
					break;
			}
			if (u == NULL)
				continue;
			diags_add(&td, TE_SNIPPET, t->header.line,
			    t->header.col, _("[%s] is inside an entry of "
			    "[[%s]]: a merge adds whole entries only; write "
			    "it as an inline table in the entry"), t->name,
			    u->name);
		}
	}
	block = te_block_place(file, v, &line0, &indent);
	for (i = 0; i < td.n; i++) {
		if (block && td.v[i].line > 0)
			diags_add(d, file, line0 + td.v[i].line - 1,
			    indent + td.v[i].col, "%s", td.v[i].msg);
		else
			diags_add(d, file, v->line, v->col, _("'toml', line %d, "
			    "column %d: %s"), td.v[i].line, td.v[i].col,
			    td.v[i].msg);
		problems++;
	}
	toml_free(doc);
	diags_free(&td);
	free(s);
	return problems;
}

/*
 * The plan: the file read and the merge made, for the preview and the run.
 */

struct te_plan {
	char		*path;		/* as the step names it, expanded */
	char		*real;		/* the file itself, links resolved */
	char		*after;		/* NULL when not given */
	char		*snippet;
	char		*text;		/* the file now */
	size_t		 len;
	char		*out;		/* the file wanted; NULL if as it is */
	size_t		 outlen;
	char		*notes;
	struct stat	 st;
};

static void
te_plan_clear(struct te_plan *p)
{
	free(p->path);
	free(p->real);
	free(p->after);
	free(p->snippet);
	free(p->text);
	free(p->out);
	free(p->notes);
	memset(p, 0, sizeof *p);
}

/* Returns 1 (changes), 0 (as wanted) or -1 with *cause; *placeholder says
 * a placeholder had no value. */
static int
te_plan(const struct step *step, const struct run_ctx *ctx,
    struct te_plan *p, int *placeholder, char **cause)
{
	const char *after = params_str(step->with, "after");
	char real[PATH_MAX];

	memset(p, 0, sizeof *p);
	*placeholder = 0;
	if ((p->path = kind_expand(ctx, params_str(step->with, "file"),
	    cause)) == NULL || (p->snippet = kind_expand(ctx,
	    params_str(step->with, "toml"), cause)) == NULL ||
	    (after != NULL && (p->after = kind_expand(ctx, after,
	    cause)) == NULL)) {
		*placeholder = 1;
		return -1;
	}
	if (realpath(p->path, real) == NULL) {
		*cause = xprintf(_("cannot use %s: %s"), p->path,
		    strerror(errno));
		return -1;
	}
	p->real = xstrdup(real);
	if (stat(p->real, &p->st) == -1) {
		*cause = xprintf(_("cannot use %s: %s"), p->path,
		    strerror(errno));
		return -1;
	}
	if (!S_ISREG(p->st.st_mode)) {
		*cause = xprintf(_("%s is not a file"), p->path);
		return -1;
	}
	if ((p->text = util_read_file(p->real, &p->len, cause)) == NULL)
		return -1;
	return tomledit_apply(p->text, p->len, p->path, p->snippet,
	    strlen(p->snippet), TE_SNIPPET, p->after, &p->out, &p->outlen,
	    &p->notes, cause);
}

/* The diff with the value of every line "key = value" whose key is named
 * like a password or a secret left out, as in the evidence. */
static char *
te_mask_diff(const char *diff)
{
	struct buf b = BUF_INIT, key = BUF_INIT;
	const char *line, *nl, *eq, *k;
	size_t len;

	for (line = diff; *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		nl = nl != NULL ? nl + 1 : line + strlen(line);
		len = (size_t)(nl - line);
		eq = memchr(line, '=', len);
		if (strchr(" -+", *line) == NULL || eq == NULL ||
		    strncmp(line, "--- ", 4) == 0 ||
		    strncmp(line, "+++ ", 4) == 0) {
			buf_add(&b, line, len);
			continue;
		}
		for (k = line + 1; k < eq && (*k == ' ' || *k == '\t'); k++)
			/* nothing */;
		buf_reset(&key);
		buf_add(&key, k, (size_t)(eq - k));
		if (k == eq || *k == '#' || *k == '[' ||
		    !tomledit_secret_key(key.data, key.len)) {
			buf_add(&b, line, len);
			continue;
		}
		buf_add(&b, line, (size_t)(eq + 1 - line));
		buf_printf(&b, " %s\n", _("(a value not shown)"));
	}
	buf_free(&key);
	return buf_steal(&b);
}

static char *
te_describe(const struct step *step, const struct run_ctx *ctx, char **cause)
{
	struct te_plan p;
	struct buf b = BUF_INIT;
	char *why = NULL, *diff, *base, *a, *bname;
	const char *slash;
	int placeholder, r;

	r = te_plan(step, ctx, &p, &placeholder, &why);
	if (r == -1 && placeholder) {
		*cause = why;
		te_plan_clear(&p);
		return NULL;
	}
	if (r == -1) {
		buf_printf(&b, _("Edit %s.\n"), p.path);
		buf_printf(&b, _("It cannot run as things are now: %s\n"), why);
		free(why);
	} else if (r == 0)
		buf_printf(&b, _("%s is already as wanted: nothing will be "
		    "changed.\n"), p.path);
	else {
		slash = strrchr(p.path, '/');
		base = xstrdup(slash != NULL ? slash + 1 : p.path);
		a = xprintf("a/%s", base);
		bname = xprintf("b/%s", base);
		why = diff_unified(a, p.text, p.len, bname, p.out, p.outlen);
		diff = te_mask_diff(why);
		free(why);
		buf_printf(&b, _("Edit %s (the original is saved in the backup "
		    "folder first):\n"), p.path);
		buf_adds(&b, diff);
		if (ctx->backup_dir != NULL)
			buf_printf(&b, _("Backup folder: %s\n"),
			    ctx->backup_dir);
		free(diff);
		free(bname);
		free(a);
		free(base);
	}
	te_plan_clear(&p);
	return buf_steal(&b);
}

static int
te_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct te_plan p;
	char *cause = NULL, *saved = NULL;
	int placeholder, rc;

	rc = te_plan(step, ctx, &p, &placeholder, &cause);
	if (rc == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		goto out;
	}
	if (rc == 0) {
		result_set(r, STATUS_DONE, _("%s: already as wanted, nothing "
		    "changed"), p.path);
		goto out;
	}
	if (kind_replace_file(ctx, p.path, p.real, &p.st, p.text, p.len,
	    p.out, p.outlen, &saved, r) == -1)
		goto out;
	result_set(r, STATUS_DONE, _("%s:\n%s\nthe original is saved as %s"),
	    p.path, p.notes, saved);
out:
	free(saved);
	free(cause);
	te_plan_clear(&p);
	return 0;
}

const struct kind kind_toml_edit = {
	.name = "toml_edit",
	.step_kind = STEP_ACTION,
	.summary = N_("merge keys and tables into a TOML file, changing only "
	    "what must change"),
	.params = te_params,
	.validate = te_validate,
	.describe = te_describe,
	.run = te_run
};
