/* kind-command.c: the "command_output" check (a command's exit status and
 * output lines), and the command parameters it shares with "run": argv or
 * shell text, folder, environment. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exec.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec command_params[] = {
	{ "command", PARAM_LIST, 1, N_("the argv as a list; with shell: true one text for /bin/sh -c") },
	{ "shell", PARAM_BOOL, 0, N_("run the text with /bin/sh -c; placeholders are shell-quoted") },
	{ "cwd", PARAM_PATH, 0, N_("the folder to run it in") },
	{ "env", PARAM_MAP, 0, N_("extra environment variables") },
	{ "timeout", PARAM_DURATION, 0, N_("stop it after this long (default 60s)") },
	{ "expect_exit", PARAM_INT, 0, N_("the exit status wanted (default 0)") },
	{ "expect_match", PARAM_STRING, 0, N_("an ERE some output line must match") },
	{ "expect_no_match", PARAM_STRING, 0, N_("an ERE no output line may match") },
	{ NULL, 0, 0, NULL }
};

/* Placeholders in shell text: each value is one quoted word. */
struct command_quote {
	const struct run_ctx	*ctx;
	char			**values;	/* the quoted values, to free */
	size_t			  n;
};

static const char *
command_quote_lookup(void *arg, const char *name)
{
	struct command_quote *cq = arg;
	const char *value;
	char *quoted;

	if (cq->ctx->lookup == NULL)
		return NULL;
	value = cq->ctx->lookup(cq->ctx->lookup_arg, name);
	if (value == NULL)
		return NULL;
	quoted = util_shell_quote(value);
	cq->values = xreallocarray(cq->values, cq->n + 1, sizeof *cq->values);
	cq->values[cq->n++] = quoted;
	return quoted;
}

static int
command_env_name_ok(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s != '\0'; s++) {
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	}
	return 1;
}

int
kind_command_prepare(const struct step *step, const struct run_ctx *ctx,
    struct kind_command *cmd, char **cause)
{
	const struct ynode *env = params_node(step->with, "env");
	struct command_quote cq = { ctx, NULL, 0 };
	const char **words;
	char *value;
	size_t n, i;

	memset(cmd, 0, sizeof *cmd);
	words = params_list(step->with, "command", &n);
	if (words == NULL || n == 0) {
		free(words);
		*cause = xstrdup(_("'command' is empty"));
		return -1;
	}
	if (params_bool(step->with, "shell", 0)) {
		if (n != 1) {
			free(words);
			*cause = xstrdup(_("with shell: true, 'command' must "
			    "be one text, not a list"));
			return -1;
		}
		cmd->shell_text = subst_expand(words[0], command_quote_lookup,
		    &cq, cause);
		kind_free_list(cq.values, cq.n);
		if (cmd->shell_text == NULL) {
			free(words);
			return -1;
		}
		cmd->argv = xcalloc(4, sizeof *cmd->argv);
		cmd->argv[0] = xstrdup("/bin/sh");
		cmd->argv[1] = xstrdup("-c");
		cmd->argv[2] = xstrdup(cmd->shell_text);
		cmd->display = xstrdup(cmd->shell_text);
	} else {
		cmd->argv = xcalloc(n + 1, sizeof *cmd->argv);
		for (i = 0; i < n; i++) {
			cmd->argv[i] = kind_expand(ctx, words[i], cause);
			if (cmd->argv[i] == NULL)
				goto fail;
		}
		cmd->display = util_argv_display(cmd->argv);
	}
	free(words);
	words = NULL;

	if (params_str(step->with, "cwd") != NULL) {
		cmd->cwd = kind_expand(ctx, params_str(step->with, "cwd"),
		    cause);
		if (cmd->cwd == NULL)
			goto fail;
	}
	if (env != NULL && env->type == YNODE_MAPPING && env->n > 0) {
		cmd->env = xcalloc(env->n + 1, sizeof *cmd->env);
		for (i = 0; i < env->n; i++) {
			const char *k = ynode_str(env->keys[i]);
			const char *v = ynode_str(env->items[i]);

			if (k == NULL || v == NULL || !command_env_name_ok(k)) {
				*cause = xstrdup(_("'env' must map names of "
				    "environment variables to texts"));
				goto fail;
			}
			if ((value = kind_expand(ctx, v, cause)) == NULL)
				goto fail;
			cmd->env[i] = xprintf("%s=%s", k, value);
			free(value);
		}
	}
	return 0;

fail:
	free(words);
	kind_command_clear(cmd);
	return -1;
}

void
kind_command_clear(struct kind_command *cmd)
{
	size_t i;

	if (cmd->argv != NULL) {
		for (i = 0; cmd->argv[i] != NULL; i++)
			free(cmd->argv[i]);
		free(cmd->argv);
	}
	if (cmd->env != NULL) {
		for (i = 0; cmd->env[i] != NULL; i++)
			free(cmd->env[i]);
		free(cmd->env);
	}
	free(cmd->shell_text);
	free(cmd->cwd);
	free(cmd->display);
	memset(cmd, 0, sizeof *cmd);
}

void
kind_command_describe(const struct kind_command *cmd, struct buf *b)
{
	char cwd[PATH_MAX];
	size_t i;

	if (cmd->shell_text != NULL)
		buf_printf(b, _("Shell command (run by /bin/sh -c):\n  %s\n"),
		    cmd->shell_text);
	else
		buf_printf(b, _("Command: %s\n"), cmd->display);
	if (cmd->cwd != NULL)
		buf_printf(b, _("Folder: %s\n"), cmd->cwd);
	else if (getcwd(cwd, sizeof cwd) != NULL)
		buf_printf(b, _("Folder: %s (the wizard's own)\n"), cwd);
	for (i = 0; cmd->env != NULL && cmd->env[i] != NULL; i++)
		buf_printf(b, _("Environment: %s\n"), cmd->env[i]);
}

int
kind_command_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	const struct ynode *cmd = params_node(with, "command");
	const struct ynode *env = params_node(with, "env");
	const struct ynode *code = params_node(with, "expect_exit");
	int shell = params_bool(with, "shell", 0), problems = 0;
	long long v;
	char *end;
	size_t i;

	if (cmd != NULL && cmd->type == YNODE_SEQUENCE && cmd->n == 0) {
		diags_add(d, file, cmd->line, cmd->col,
		    _("'command' is empty"));
		problems++;
	} else if (cmd != NULL && shell && cmd->type == YNODE_SEQUENCE &&
	    cmd->n > 1) {
		diags_add(d, file, cmd->line, cmd->col,
		    _("with shell: true, 'command' must be one text, not a "
		    "list"));
		problems++;
	} else if (cmd != NULL && !shell && cmd->type == YNODE_SCALAR &&
	    strpbrk(cmd->value, " \t\n") != NULL) {
		diags_add(d, file, cmd->line, cmd->col,
		    _("'command' is the argv: write it as a list ([ls, -l]), "
		    "or set shell: true to run it with /bin/sh -c"));
		problems++;
	}
	if (env != NULL && env->type == YNODE_MAPPING) {
		for (i = 0; i < env->n; i++) {
			const char *k = ynode_str(env->keys[i]);

			if (k != NULL && !command_env_name_ok(k)) {
				diags_add(d, file, env->keys[i]->line,
				    env->keys[i]->col, _("'%s' is not a name "
				    "for an environment variable"), k);
				problems++;
			}
		}
	}
	if (code != NULL && ynode_str(code) != NULL) {
		errno = 0;
		v = strtoll(ynode_str(code), &end, 10);
		if (end != ynode_str(code) && *end == '\0' && errno == 0 &&
		    (v < 0 || v > 255)) {
			diags_add(d, file, code->line, code->col,
			    _("'expect_exit' must be from 0 to 255, not %lld"),
			    v);
			problems++;
		}
	}
	return problems;
}

/* What the output lines showed. */
struct output_seen {
	regex_t		 match;
	regex_t		 no_match;
	int		 has_match;
	int		 has_no_match;
	size_t		 lines;
	size_t		 match_line;	/* 0: none yet */
	char		*match_text;
	size_t		 no_match_line;
	char		*no_match_text;
};

static void
output_line(void *arg, int stream, const char *line, size_t len)
{
	struct output_seen *seen = arg;
	char *s;

	seen->lines++;
	if ((!seen->has_match || seen->match_line != 0) &&
	    (!seen->has_no_match || seen->no_match_line != 0))
		return;
	s = xstrndup(line, len);
	if (seen->has_match && seen->match_line == 0 &&
	    regexec(&seen->match, s, 0, NULL, 0) == 0) {
		seen->match_line = seen->lines;
		seen->match_text = kind_excerpt(line, len);
	}
	if (seen->has_no_match && seen->no_match_line == 0 &&
	    regexec(&seen->no_match, s, 0, NULL, 0) == 0) {
		seen->no_match_line = seen->lines;
		seen->no_match_text = kind_excerpt(line, len);
	}
	free(s);
}

static int
output_validate(const struct ynode *with, const char *file, struct diags *d)
{
	return kind_command_validate(with, file, d) +
	    kind_validate_regex(with, "expect_match", 0, file, d) +
	    kind_validate_regex(with, "expect_no_match", 0, file, d);
}

static char *
output_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct kind_command cmd;
	struct buf b = BUF_INIT;
	long long timeout;
	char *text, *pattern;

	if (kind_command_prepare(step, ctx, &cmd, cause) == -1)
		return NULL;
	kind_command_describe(&cmd, &b);
	buf_printf(&b, _("Exit status wanted: %lld\n"),
	    params_int(step->with, "expect_exit", 0));
	if (params_str(step->with, "expect_match") != NULL) {
		pattern = kind_expand(ctx, params_str(step->with,
		    "expect_match"), cause);
		if (pattern == NULL)
			goto fail;
		buf_printf(&b, _("Some output line must match: %s\n"), pattern);
		free(pattern);
	}
	if (params_str(step->with, "expect_no_match") != NULL) {
		pattern = kind_expand(ctx, params_str(step->with,
		    "expect_no_match"), cause);
		if (pattern == NULL)
			goto fail;
		buf_printf(&b, _("No output line may match: %s\n"), pattern);
		free(pattern);
	}
	timeout = kind_duration_ms(ctx, step->with, "timeout", 60000, cause);
	if (timeout < 0)
		goto fail;
	text = kind_duration_text(timeout);
	buf_printf(&b, _("Stopped if it runs longer than %s.\n"), text);
	free(text);
	kind_command_clear(&cmd);
	return buf_steal(&b);

fail:
	buf_free(&b);
	kind_command_clear(&cmd);
	return NULL;
}

/* Compile an optional pattern parameter (*pattern is its expanded text, for
 * the evidence); 0 if absent. */
static int
output_regex(const struct step *step, const struct run_ctx *ctx,
    const char *name, regex_t *re, char **pattern, int *has, char **cause)
{
	const char *text = params_str(step->with, name);

	*has = 0;
	if (text == NULL)
		return 0;
	if ((*pattern = kind_expand(ctx, text, cause)) == NULL)
		return -1;
	if (kind_regcomp(re, *pattern, REG_NOSUB, cause) == -1)
		return -1;
	*has = 1;
	return 0;
}

static int
output_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct output_seen seen;
	struct kind_command cmd;
	struct exec_spec spec;
	struct exec_result er;
	struct buf b = BUF_INIT;
	long long expect = params_int(step->with, "expect_exit", 0);
	char *match = NULL, *no_match = NULL, *cause = NULL, *title, *how;
	enum status st = STATUS_PASS;

	memset(&seen, 0, sizeof seen);
	memset(&spec, 0, sizeof spec);
	if (kind_command_prepare(step, ctx, &cmd, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	spec.timeout_ms = kind_duration_ms(ctx, step->with, "timeout", 60000,
	    &cause);
	if (spec.timeout_ms < 0 ||
	    output_regex(step, ctx, "expect_match", &seen.match, &match,
	    &seen.has_match, &cause) == -1 ||
	    output_regex(step, ctx, "expect_no_match", &seen.no_match,
	    &no_match, &seen.has_no_match, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		goto out;
	}

	spec.argv = cmd.argv;
	spec.cwd = cmd.cwd;
	spec.env = cmd.env;
	title = xprintf("%s: %s", step->id != NULL ? step->id : "-",
	    cmd.display);
	spec.title = title;
	if (kind_exec(ctx, &spec, output_line, &seen, &er, &cause) == -1) {
		free(title);
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		goto out;
	}
	free(title);
	r->exit_code = er.exited ? er.exit_code : -1;
	r->signal = er.signal;
	r->timed_out = er.timed_out;
	r->duration_ms = er.duration_ms;
	if (ctx->log_path != NULL)
		r->log_path = xstrdup(ctx->log_path);

	if (er.spawn_errno != 0) {
		result_set(r, STATUS_ERROR, _("cannot run %s: %s"), cmd.argv[0],
		    strerror(er.spawn_errno));
		goto out;
	}
	if (er.cancelled) {
		result_set(r, STATUS_CANCELLED, _("%s: stopped by the "
		    "operator before it ended"), cmd.display);
		goto out;
	}
	if (er.timed_out) {
		how = kind_duration_text(spec.timeout_ms);
		result_set(r, STATUS_ERROR, _("%s: no result within %s, so it "
		    "was stopped"), cmd.display, how);
		free(how);
		goto out;
	}

	how = exec_result_text(&er);
	buf_printf(&b, "%s: %s", cmd.display, how);
	free(how);
	/* One fact per line. */
	if (!er.exited || er.exit_code != expect) {
		buf_addc(&b, '\n');
		buf_printf(&b, _("exit status %lld was wanted"), expect);
		st = STATUS_FAIL;
	}
	if (seen.no_match_line != 0) {
		buf_addc(&b, '\n');
		buf_printf(&b, _("output line %zu matches '%s', which no line "
		    "may: %s"), seen.no_match_line, no_match,
		    seen.no_match_text);
		st = STATUS_FAIL;
	} else if (seen.has_no_match) {
		buf_addc(&b, '\n');
		buf_printf(&b, P_("no output line matches '%s' (%zu line)",
		    "no output line matches '%s' (%zu lines)", seen.lines),
		    no_match, seen.lines);
	}
	if (seen.match_line != 0) {
		buf_addc(&b, '\n');
		buf_printf(&b, _("output line %zu matches '%s': %s"),
		    seen.match_line, match, seen.match_text);
	} else if (seen.has_match) {
		buf_addc(&b, '\n');
		buf_printf(&b, P_("no output line matches '%s' (%zu line), "
		    "and one must", "no output line matches '%s' (%zu lines), "
		    "and one must", seen.lines), match, seen.lines);
		st = STATUS_FAIL;
	}
	result_set(r, st, "%s", buf_str(&b));

out:
	if (seen.has_match)
		regfree(&seen.match);
	if (seen.has_no_match)
		regfree(&seen.no_match);
	free(seen.match_text);
	free(seen.no_match_text);
	free(match);
	free(no_match);
	buf_free(&b);
	kind_command_clear(&cmd);
	return 0;
}

const struct kind kind_command_output = {
	.name = "command_output",
	.step_kind = STEP_CHECK,
	.summary = N_("a command's exit status and output lines"),
	.params = command_params,
	.validate = output_validate,
	.describe = output_describe,
	.run = output_run
};
