/* kind.c: the table of check and action kinds, the step statuses, results,
 * and what the kinds share (placeholders, backups, commands, globs, regexes).
 *
 * A convention the kinds keep: STATUS_ERROR means nothing was changed (the
 * step could not be run: a placeholder without value, a missing source, a
 * target in the way); an action that started changing things and then went
 * wrong ends STATUS_FAILED. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <glob.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backup.h"
#include "buf.h"
#include "copy.h"
#include "exec.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

const struct kind *const kind_table[] = {
	&kind_path_exists,
	&kind_file_contains,
	&kind_command_output,
	&kind_tcp_port,
	&kind_disk_free,
	&kind_product_home,
	&kind_run,
	&kind_server_run,
	&kind_server_stop,
	&kind_copy,
	&kind_move,
	&kind_remove,
	&kind_mkdir,
	&kind_extract,
	&kind_toml_edit,
	&kind_yaml_edit,
	&kind_db_column_length,
	&kind_db_table_exists,
	&kind_db_no_rows,
	&kind_db_server_version,
	&kind_db_dcr_names,
	&kind_sql,
	&kind_sql_script,
	&kind_db_dump,
	&kind_db_backup_present,
	NULL
};

/* Indexed by enum status. */
static const struct {
	const char	*name;
	const char	*label;
} status_table[] = {
	/* TRANSLATORS: step statuses, shown in a narrow column; keep them
	 * short. */
	{ "pending", N_("Pending") },
	{ "running", N_("Running") },
	{ "pass", N_("Passed") },
	{ "fail", N_("Failed") },
	{ "warn", N_("Warning") },
	{ "error", N_("Error") },
	{ "done", N_("Done") },
	{ "failed", N_("Failed") },
	{ "cancelled", N_("Cancelled") },
	{ "interrupted", N_("Interrupted") },
	{ "acknowledged", N_("Acknowledged") },
	{ "not-applicable", N_("Not applicable") },
	{ "answered", N_("Answered") },
	{ "skipped", N_("Skipped") },
	{ "shown", N_("Shown") },
	{ "not-run", N_("Not run") }
};
#define STATUS_COUNT (sizeof status_table / sizeof status_table[0])

const struct kind *
kind_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; kind_table[i] != NULL; i++) {
		if (strcmp(kind_table[i]->name, name) == 0)
			return kind_table[i];
	}
	return NULL;
}

const char *
status_name(enum status st)
{
	if ((size_t)st >= STATUS_COUNT)
		return "unknown";
	return status_table[st].name;
}

int
status_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < STATUS_COUNT; i++) {
		if (strcmp(status_table[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

const char *
status_label(enum status st)
{
	if ((size_t)st >= STATUS_COUNT)
		return _("Unknown");
	return _(status_table[st].label);
}

void
result_init(struct result *r)
{
	memset(r, 0, sizeof *r);
	r->status = STATUS_PENDING;
	r->exit_code = -1;
}

void
result_clear(struct result *r)
{
	free(r->evidence);
	free(r->reason);
	free(r->log_path);
	free(r->operator_query);
	result_init(r);
}

void
result_set(struct result *r, enum status st, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	r->status = st;
	if (st == STATUS_ERROR || st == STATUS_FAILED ||
	    st == STATUS_CANCELLED) {
		free(r->reason);
		r->reason = s;
	} else {
		free(r->evidence);
		r->evidence = s;
	}
}

/* A lookup for a context that has none: no name has a value. */
static const char *
kind_no_lookup(void *arg, const char *name)
{
	return NULL;
}

char *
kind_expand(const struct run_ctx *ctx, const char *text, char **cause)
{
	if (text == NULL)
		return NULL;
	if (ctx->lookup == NULL)
		return subst_expand(text, kind_no_lookup, NULL, cause);
	return subst_expand(text, ctx->lookup, ctx->lookup_arg, cause);
}

char **
kind_expand_list(const struct run_ctx *ctx, const struct ynode *with,
    const char *name, size_t *n, char **cause)
{
	const char **items;
	char **out;
	size_t i, count;

	*n = 0;
	items = params_list(with, name, &count);
	if (items == NULL)
		return xcalloc(1, sizeof *out);
	out = xcalloc(count + 1, sizeof *out);
	for (i = 0; i < count; i++) {
		out[i] = kind_expand(ctx, items[i], cause);
		if (out[i] == NULL) {
			kind_free_list(out, i);
			free(items);
			return NULL;
		}
	}
	free(items);
	*n = count;
	return out;
}

void
kind_free_list(char **list, size_t n)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* A backup that cannot be recorded must not stay: put a renamed original
 * back, or remove the copy of an original that is still there. Adds what
 * went wrong on the way to *cause. */
static void
kind_backup_undo(const char *abs, const char *saved, int move, int pending,
    char **cause)
{
	char *why = NULL, *both;

	if (move && !pending) {
		if (backup_restore(saved, abs, &why) == 0)
			return;
		both = xprintf(_("%s; and putting %s back from %s failed: %s"),
		    *cause, abs, saved, why);
	} else {
		if (copy_remove_tree(saved, &why) == 0)
			return;
		both = xprintf(_("%s; and the unrecorded copy %s could not be "
		    "removed: %s"), *cause, saved, why);
	}
	free(why);
	free(*cause);
	*cause = both;
}

int
kind_backup(const struct run_ctx *ctx, const char *path, int move,
    char **savedp, char **cause)
{
	char *abs, *saved = NULL;
	mode_t mode = 0;
	int pending = 0, r;

	if (savedp != NULL)
		*savedp = NULL;
	if (ctx->backup_dir == NULL) {
		*cause = xprintf(_("no backup folder is set, so %s cannot be "
		    "saved before it is changed"), path);
		return -1;
	}
	abs = util_abspath(path);
	if (move)
		r = backup_move_begin(ctx->backup_dir, abs, &saved, &mode,
		    &pending, cause);
	else
		r = backup_save(ctx->backup_dir, abs, 0, &saved, &mode, cause);
	if (r == -1 || saved == NULL) {
		free(abs);
		return r;
	}
	if (ctx->on_backup != NULL &&
	    ctx->on_backup(ctx->arg, abs, saved, mode, move, cause) == -1) {
		kind_backup_undo(abs, saved, move, pending, cause);
		free(saved);
		free(abs);
		return -1;
	}
	/* Recorded: only now may an original that was copied go. */
	r = 0;
	if (pending)
		r = backup_remove_original(abs, saved, cause);
	free(abs);
	if (savedp != NULL)
		*savedp = saved;
	else
		free(saved);
	return r;
}

int
kind_replace_file(const struct run_ctx *ctx, const char *shown,
    const char *real, const struct stat *st, const char *old, size_t old_len,
    const char *text, size_t len, char **savedp, struct result *r)
{
	char *cause = NULL, *saved = NULL, *copy;
	size_t copy_len;
	int same, renamed;

	*savedp = NULL;
	if (kind_backup(ctx, real, 0, &saved, &cause) == -1) {
		result_set(r, STATUS_ERROR, _("cannot save %s before changing "
		    "it, so nothing was changed: %s"), shown, cause);
		goto fail;
	}
	/* The saved copy must be the text the change was made from. */
	if (saved == NULL || (copy = util_read_file(saved, &copy_len,
	    &cause)) == NULL) {
		result_set(r, STATUS_ERROR, _("cannot read back the saved copy "
		    "of %s: %s; nothing was changed"), shown,
		    cause != NULL ? cause : _("it is not there"));
		goto fail;
	}
	same = copy_len == old_len && memcmp(copy, old, copy_len) == 0;
	free(copy);
	if (!same) {
		result_set(r, STATUS_ERROR, _("%s changed while it was being "
		    "edited; nothing was changed (run the step again)"), shown);
		goto fail;
	}
	if (util_replace_file(real, text, len, st, &renamed, &cause) == -1) {
		if (renamed)
			result_set(r, STATUS_FAILED, _("%s was replaced but "
			    "may not survive a crash: %s (the original is "
			    "saved as %s)"), shown, cause, saved);
		else
			result_set(r, STATUS_ERROR, _("%s was not changed: %s"),
			    shown, cause);
		goto fail;
	}
	*savedp = saved;
	return 0;

fail:
	free(cause);
	free(saved);
	return -1;
}

struct kind_exec_arg {
	const struct run_ctx *ctx;
	void		(*fn)(void *, int, const char *, size_t);
	void		*arg;
};

static void
kind_exec_line(void *arg, int stream, const char *line, size_t len)
{
	struct kind_exec_arg *ea = arg;

	if (ea->ctx->on_output != NULL)
		ea->ctx->on_output(ea->ctx->arg, stream, line, len);
	if (ea->fn != NULL)
		ea->fn(ea->arg, stream, line, len);
}

void
kind_exec_spec(const struct run_ctx *ctx, struct exec_spec *spec)
{
	spec->log_path = ctx->log_path;
	spec->on_start = ctx->on_start;
	spec->start_arg = ctx->arg;
	spec->tick = ctx->tick;
	spec->tick_arg = ctx->arg;
}

int
kind_exec(const struct run_ctx *ctx, struct exec_spec *spec,
    void (*fn)(void *, int, const char *, size_t), void *arg,
    struct exec_result *er, char **cause)
{
	struct kind_exec_arg ea = { ctx, fn, arg };

	kind_exec_spec(ctx, spec);
	/* Nobody to hand the lines to: exec does not split them. */
	return exec_run(spec, ctx->on_output == NULL && fn == NULL ? NULL :
	    kind_exec_line, &ea, ctx->cancel, er, cause);
}

/* glob(3) has no argument for its error function, so it only tells which
 * errors stop the match: a folder that is missing is simply no match. */
static int
kind_glob_error(const char *path, int error)
{
	return error != ENOENT && error != ENOTDIR;
}

char **
kind_glob(const char *pattern, size_t *n, char **cause)
{
	glob_t g;
	char **out;
	size_t i;
	int rc;

	*n = 0;
	memset(&g, 0, sizeof g);
	rc = glob(pattern, 0, kind_glob_error, &g);
	if (rc == GLOB_NOMATCH) {
		globfree(&g);
		return xcalloc(1, sizeof *out);
	}
	if (rc == GLOB_NOSPACE)
		fatal("%s", _("out of memory"));
	if (rc != 0) {
		globfree(&g);
		*cause = xprintf(_("a folder on the way to %s cannot be read, "
		    "so the matches are not known"), pattern);
		return NULL;
	}
	out = xcalloc(g.gl_pathc + 1, sizeof *out);
	for (i = 0; i < g.gl_pathc; i++)
		out[i] = xstrdup(g.gl_pathv[i]);
	*n = g.gl_pathc;
	globfree(&g);
	return out;
}

int
kind_regcomp(void *regex, const char *pattern, int flags, char **cause)
{
	char msg[256];
	int rc;

	rc = regcomp(regex, pattern, REG_EXTENDED | flags);
	if (rc != 0) {
		regerror(rc, regex, msg, sizeof msg);
		*cause = xprintf(_("'%s' is not a valid regular expression: "
		    "%s"), pattern, msg);
		return -1;
	}
	return 0;
}

/* For validation: every placeholder stands for a plain word. */
static const char *
kind_word_lookup(void *arg, const char *name)
{
	return "x";
}

int
kind_validate_regex(const struct ynode *with, const char *name,
    size_t groups, const char *file, struct diags *d)
{
	const struct ynode *node = params_node(with, name);
	const char *text = ynode_str(node);
	char *expanded, *cause = NULL;
	regex_t re;
	int problems = 0;

	if (text == NULL)
		return 0;
	/* A malformed placeholder is the loader's to report. */
	expanded = subst_expand(text, kind_word_lookup, NULL, &cause);
	if (expanded == NULL) {
		free(cause);
		return 0;
	}
	if (kind_regcomp(&re, expanded, 0, &cause) == -1) {
		diags_add(d, file, node->line, node->col, _("'%s': %s"), name,
		    cause);
		free(cause);
		free(expanded);
		return 1;
	}
	if (re.re_nsub < groups) {
		diags_add(d, file, node->line, node->col,
		    _("'%s' must hold a group in parentheses that captures "
		    "the value"), name);
		problems++;
	}
	regfree(&re);
	free(expanded);
	return problems;
}

int
kind_validate_choice(const struct ynode *with, const char *name,
    const char *const *choices, const char *file, struct diags *d)
{
	const struct ynode *node = params_node(with, name);
	const char *text = ynode_str(node);
	struct buf b = BUF_INIT;
	size_t i;

	if (text == NULL || strstr(text, "${") != NULL)
		return 0;
	for (i = 0; choices[i] != NULL; i++) {
		if (strcmp(text, choices[i]) == 0)
			return 0;
	}
	for (i = 0; choices[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, choices[i]);
	}
	diags_add(d, file, node->line, node->col,
	    _("'%s' must be one of %s, not '%s'"), name, buf_str(&b), text);
	buf_free(&b);
	return 1;
}

long long
kind_duration_ms(const struct run_ctx *ctx, const struct ynode *with,
    const char *name, long long dflt, char **cause)
{
	const char *text = params_str(with, name);
	char *value;
	long long v;

	if (text == NULL)
		return dflt;
	if ((value = kind_expand(ctx, text, cause)) == NULL)
		return -1;
	v = params_parse_duration(value);
	if (v < 0)
		*cause = xprintf(_("'%s' must be a duration such as 30s, 10m, "
		    "2h or 500ms (a number alone is seconds), not '%s'"), name,
		    value);
	free(value);
	return v;
}

char *
kind_size_text(unsigned long long bytes)
{
	static const char *const units[] = {
		N_("KiB"), N_("MiB"), N_("GiB"), N_("TiB"), N_("PiB")
	};
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024)
		return xprintf(P_("%llu byte", "%llu bytes", bytes), bytes);
	v /= 1024;
	while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024;
		u++;
	}
	/* TRANSLATORS: a size, then the exact number of bytes:
	 * "1.5 GiB (1610612736 bytes)". */
	return xprintf(_("%.1f %s (%llu bytes)"), v, _(units[u]), bytes);
}

int
kind_match_file(const char *path, const void *regex, size_t nmatch,
    void *match, size_t *lineno, char **linep, char **cause)
{
	regmatch_t *m = match;
	char *text, *line, *end;
	size_t len;

	*lineno = 0;
	*linep = NULL;
	if ((text = util_read_file(path, &len, cause)) == NULL)
		return -1;
	for (line = text; line < text + len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(text + len - line));
		if (end == NULL)
			end = text + len;
		*end = '\0';
		(*lineno)++;
		/* A file written on Windows: "$" still means the line's end. */
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		if (regexec(regex, line, nmatch, match, 0) != 0 ||
		    (nmatch > 0 && m[nmatch - 1].rm_so == -1))
			continue;
		*linep = xstrdup(line);
		free(text);
		return 1;
	}
	free(text);
	return 0;
}

char *
kind_excerpt(const char *s, size_t len)
{
	const size_t max = 200;
	struct buf b = BUF_INIT;
	size_t i, n = len;

	if (n > max) {
		n = max;
		/* Do not cut a UTF-8 sequence in two. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r' && i + 1 == len)
			break;
		buf_addc(&b, (c < 0x20 && c != '\t') || c == 0x7f ? '?' :
		    (char)c);
	}
	if (n < len)
		buf_adds(&b, "...");
	return buf_steal(&b);
}
