/* kind-command.c: the "command_output" check (a command's exit status and
 * output lines), and the command parameters it shares with "run": argv or
 * shell text, folder, environment.
 *
 * In shell text each placeholder's value is put in single quotes, which
 * protects it only where the shell reads quotes: outside any quoting. A
 * placeholder inside '...', "...", `...`, a here-document, a comment or
 * after a backslash is refused, when the guide is checked and again before
 * a run; the shell's quoting is followed for that by a small scanner. */
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
	{ "expect_exit", PARAM_INT, 0, N_("the exit status wanted; without it, 0 is wanted unless expect_match or expect_no_match is given, and then the status is not checked") },
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

/*
 * Where placeholders stand in shell text. The scanner reads the text with
 * each placeholder replaced by SHELL_PH and notes, for each in turn, what
 * quoting surrounds it.
 */

#define SHELL_PH	'\001'

enum shell_place {
	SHELL_OK,		/* outside quotes */
	SHELL_QUOTED,		/* in '...', "...", $'...', or in "..." */
	SHELL_ESCAPED,		/* right after a backslash */
	SHELL_BACKQUOTED,	/* in `...` */
	SHELL_HEREDOC,		/* in a here-document or its delimiter */
	SHELL_COMMENT
};

enum shell_end {
	SHELL_END_TEXT,
	SHELL_END_PAREN,	/* $(...) and $((...)) */
	SHELL_END_BRACE		/* ${...} */
};

struct shell_doc {
	char	*delim;
	int	 strip_tabs;	/* <<- */
};

struct shell_scan {
	const char		*s;
	size_t			 i;
	enum shell_place	*places;	/* one per placeholder */
	size_t			 n;
	size_t			 max;
	struct shell_doc	*docs;		/* here-documents ahead */
	size_t			 ndocs;
	int			 unsure;	/* from here on refuse all */
};

static void shell_cmd(struct shell_scan *, enum shell_end, enum shell_place);
static void shell_arith(struct shell_scan *);

static void
shell_mark(struct shell_scan *sc, enum shell_place place)
{
	if (sc->unsure && place == SHELL_OK)
		place = SHELL_QUOTED;
	if (sc->n < sc->max)
		sc->places[sc->n] = place;
	sc->n++;
}

/* After the opening quote of '...'. */
static void
shell_single(struct shell_scan *sc)
{
	for (; sc->s[sc->i] != '\0' && sc->s[sc->i] != '\''; sc->i++) {
		if (sc->s[sc->i] == SHELL_PH)
			shell_mark(sc, SHELL_QUOTED);
	}
	if (sc->s[sc->i] != '\0')
		sc->i++;
}

/* After the opening quote of $'...'. Where a \' is in it, shells disagree
 * on where it ends (dash has no $'...'), so nothing after it is trusted. */
static void
shell_ansi(struct shell_scan *sc)
{
	while (sc->s[sc->i] != '\0' && sc->s[sc->i] != '\'') {
		if (sc->s[sc->i] == '\\' && sc->s[sc->i + 1] != '\0') {
			if (sc->s[sc->i + 1] == '\'')
				sc->unsure = 1;
			sc->i++;
		}
		if (sc->s[sc->i] == SHELL_PH)
			shell_mark(sc, SHELL_QUOTED);
		sc->i++;
	}
	if (sc->s[sc->i] != '\0')
		sc->i++;
}

/* After the opening backquote: it ends at the first backquote that is not
 * escaped, quotes or not, as in dash and bash. */
static void
shell_backquote(struct shell_scan *sc, enum shell_place inherit)
{
	enum shell_place place = inherit == SHELL_OK ? SHELL_BACKQUOTED :
	    inherit;

	while (sc->s[sc->i] != '\0' && sc->s[sc->i] != '`') {
		if (sc->s[sc->i] == '\\' && sc->s[sc->i + 1] != '\0')
			sc->i++;
		if (sc->s[sc->i] == SHELL_PH)
			shell_mark(sc, place);
		sc->i++;
	}
	if (sc->s[sc->i] != '\0')
		sc->i++;
}

/* Inside "..." or "$((...))": a placeholder (marked quoted) or a nested
 * expansion, whose own contents count as quoted too. Returns 1 if one was
 * read, 0 if the character at sc->i is neither. */
static int
shell_quoted_nested(struct shell_scan *sc)
{
	const char *s = sc->s;

	if (s[sc->i] == SHELL_PH) {
		shell_mark(sc, SHELL_QUOTED);
		sc->i++;
	} else if (s[sc->i] == '`') {
		sc->i++;
		shell_backquote(sc, SHELL_QUOTED);
	} else if (s[sc->i] == '$' && s[sc->i + 1] == '(' &&
	    s[sc->i + 2] == '(') {
		sc->i += 3;
		shell_arith(sc);
	} else if (s[sc->i] == '$' && s[sc->i + 1] == '(') {
		sc->i += 2;
		shell_cmd(sc, SHELL_END_PAREN, SHELL_QUOTED);
	} else if (s[sc->i] == '$' && s[sc->i + 1] == '{') {
		sc->i += 2;
		shell_cmd(sc, SHELL_END_BRACE, SHELL_QUOTED);
	} else
		return 0;
	return 1;
}

/* After the opening quote of "...": whatever is nested in it is quoted. */
static void
shell_double(struct shell_scan *sc)
{
	const char *s = sc->s;

	while (s[sc->i] != '\0' && s[sc->i] != '"') {
		if (s[sc->i] == '\\' && s[sc->i + 1] != '\0')
			sc->i++;
		if (!shell_quoted_nested(sc))
			sc->i++;
	}
	if (s[sc->i] != '\0')
		sc->i++;
}

/* After "$((": an arithmetic expansion, read as if in "..." (a value's
 * quotes are not quotes there), up to its "))". One ")" alone may mean it
 * was "$( (...) )" after all: nothing after it is trusted. */
static void
shell_arith(struct shell_scan *sc)
{
	const char *s = sc->s;
	int depth = 0;

	while (s[sc->i] != '\0') {
		if (s[sc->i] == '\\' && s[sc->i + 1] != '\0')
			sc->i++;
		if (shell_quoted_nested(sc))
			continue;
		if (s[sc->i] == '(') {
			depth++;
			sc->i++;
		} else if (s[sc->i] == ')' && depth > 0) {
			depth--;
			sc->i++;
		} else if (s[sc->i] == ')') {
			sc->i++;
			if (s[sc->i] == ')')
				sc->i++;
			else
				sc->unsure = 1;
			return;
		} else
			sc->i++;
	}
}

static int
shell_delimiter(char c)
{
	return c == '\0' || strchr(" \t\n;&|<>()", c) != NULL;
}

/* After "<<" or "<<-": the delimiter word, quotes removed. */
static void
shell_heredoc_word(struct shell_scan *sc, int strip_tabs)
{
	struct buf b = BUF_INIT;
	const char *s = sc->s;
	char q;

	while (s[sc->i] == ' ' || s[sc->i] == '\t')
		sc->i++;
	while (!shell_delimiter(s[sc->i])) {
		if (s[sc->i] == '\'' || s[sc->i] == '"') {
			q = s[sc->i++];
			for (; s[sc->i] != '\0' && s[sc->i] != q; sc->i++) {
				if (s[sc->i] == SHELL_PH)
					shell_mark(sc, SHELL_HEREDOC);
				buf_addc(&b, s[sc->i]);
			}
			if (s[sc->i] != '\0')
				sc->i++;
			continue;
		}
		if (s[sc->i] == '\\' && s[sc->i + 1] != '\0')
			sc->i++;
		if (s[sc->i] == SHELL_PH)
			shell_mark(sc, SHELL_HEREDOC);
		buf_addc(&b, s[sc->i++]);
	}
	sc->docs = xreallocarray(sc->docs, sc->ndocs + 1, sizeof *sc->docs);
	sc->docs[sc->ndocs].delim = buf_steal(&b);
	sc->docs[sc->ndocs++].strip_tabs = strip_tabs;
}

/* At the start of the line after a command with here-documents: their
 * bodies, each up to its delimiter line. */
static void
shell_heredoc_bodies(struct shell_scan *sc)
{
	const char *s = sc->s, *line, *eol, *cmp;
	size_t k, len;

	for (k = 0; k < sc->ndocs; k++) {
		len = strlen(sc->docs[k].delim);
		while (s[sc->i] != '\0') {
			line = s + sc->i;
			eol = line + strcspn(line, "\n");
			cmp = line;
			while (sc->docs[k].strip_tabs && *cmp == '\t')
				cmp++;
			sc->i = (size_t)(eol - s) + (*eol != '\0');
			if ((size_t)(eol - cmp) == len &&
			    memcmp(cmp, sc->docs[k].delim, len) == 0)
				break;
			for (; line < eol; line++) {
				if (*line == SHELL_PH)
					shell_mark(sc, SHELL_HEREDOC);
			}
		}
		free(sc->docs[k].delim);
	}
	free(sc->docs);
	sc->docs = NULL;
	sc->ndocs = 0;
}

/* Commands: the whole text, or what is in $(...) or ${...}. Placeholders
 * standing free get inherit (SHELL_OK unless within "..."). */
static void
shell_cmd(struct shell_scan *sc, enum shell_end end, enum shell_place inherit)
{
	const char *s = sc->s;
	int word_start = 1, depth = 0, cases = 0;
	size_t len;
	char c;

	while ((c = s[sc->i]) != '\0') {
		if (c == SHELL_PH) {
			shell_mark(sc, inherit);
			sc->i++;
		} else if (c == '\\') {
			if (s[sc->i + 1] == SHELL_PH)
				shell_mark(sc, inherit == SHELL_OK ?
				    SHELL_ESCAPED : inherit);
			sc->i += s[sc->i + 1] != '\0' ? 2 : 1;
		} else if (c == '\'') {
			sc->i++;
			shell_single(sc);
		} else if (c == '"') {
			sc->i++;
			shell_double(sc);
		} else if (c == '`') {
			sc->i++;
			shell_backquote(sc, inherit);
		} else if (c == '$' && s[sc->i + 1] == '(' &&
		    s[sc->i + 2] == '(') {
			sc->i += 3;
			shell_arith(sc);
		} else if (c == '$' && s[sc->i + 1] == '(') {
			sc->i += 2;
			shell_cmd(sc, SHELL_END_PAREN, inherit);
		} else if (c == '$' && s[sc->i + 1] == '{') {
			sc->i += 2;
			shell_cmd(sc, SHELL_END_BRACE, inherit);
		} else if (c == '$' && s[sc->i + 1] == '\'') {
			sc->i += 2;
			shell_ansi(sc);
		} else if (c == '#' && word_start && end != SHELL_END_BRACE) {
			for (; s[sc->i] != '\0' && s[sc->i] != '\n'; sc->i++) {
				if (s[sc->i] == SHELL_PH)
					shell_mark(sc, inherit == SHELL_OK ?
					    SHELL_COMMENT : inherit);
			}
			continue;
		} else if (c == '\n') {
			sc->i++;
			if (sc->ndocs > 0)
				shell_heredoc_bodies(sc);
			word_start = 1;
			continue;
		} else if (c == '(') {
			depth++;
			sc->i++;
			word_start = 1;
			continue;
		} else if (c == ')') {
			sc->i++;
			word_start = 1;
			if (end != SHELL_END_PAREN)
				continue;
			if (depth > 0)
				depth--;
			else if (cases == 0)
				return;
			/* else the end of a pattern of "case" */
			continue;
		} else if (c == '}' && end == SHELL_END_BRACE) {
			sc->i++;
			return;
		} else if (c == '<' && s[sc->i + 1] == '<' &&
		    end != SHELL_END_BRACE) {
			if (s[sc->i + 2] == '<')
				sc->i += 3;	/* a here-string: a word */
			else {
				sc->i += 2;
				if (s[sc->i] == '-')
					sc->i++;
				shell_heredoc_word(sc, s[sc->i - 1] == '-');
			}
			word_start = 1;
			continue;
		} else if (strchr(" \t;&|<>", c) != NULL) {
			sc->i++;
			word_start = 1;
			continue;
		} else if (word_start && ((c >= 'a' && c <= 'z'))) {
			/* "case ... esac": its ')' do not end a $(...). */
			len = strspn(s + sc->i, "abcdefghijklmnopqrstuvwxyz");
			if (shell_delimiter(s[sc->i + len])) {
				if (len == 4 &&
				    strncmp(s + sc->i, "case", 4) == 0)
					cases++;
				else if (len == 4 && cases > 0 &&
				    strncmp(s + sc->i, "esac", 4) == 0)
					cases--;
			}
			sc->i += len;
		} else
			sc->i++;
		word_start = 0;
	}
}

/* Shell text as the shell will read it, each placeholder one SHELL_PH (and
 * the text's own SHELL_PH bytes something else); "$$" is one '$'. */
static char *
shell_view(const char *text)
{
	struct buf b = BUF_INIT;
	const char *s = text, *close;

	while (*s != '\0') {
		if (s[0] == '$' && s[1] == '$') {
			buf_addc(&b, '$');
			s += 2;
		} else if (s[0] == '$' && s[1] == '{' &&
		    (close = strchr(s + 2, '}')) != NULL) {
			buf_addc(&b, SHELL_PH);
			s = close + 1;
		} else {
			buf_addc(&b, *s == SHELL_PH ? '?' : *s);
			s++;
		}
	}
	return buf_steal(&b);
}

/* Where each of the n placeholders of shell text stands; the caller frees
 * the result. */
static enum shell_place *
shell_places(const char *text, size_t n)
{
	struct shell_scan sc;
	char *view = shell_view(text);
	size_t i;

	memset(&sc, 0, sizeof sc);
	sc.s = view;
	sc.places = xcalloc(n + 1, sizeof *sc.places);
	sc.max = n;
	shell_cmd(&sc, SHELL_END_TEXT, SHELL_OK);
	for (i = 0; i < sc.ndocs; i++)
		free(sc.docs[i].delim);
	free(sc.docs);
	/* Never expected: the scanner saw another number; refuse them. */
	if (sc.n != n) {
		for (i = 0; i < n; i++)
			sc.places[i] = SHELL_QUOTED;
	}
	free(view);
	return sc.places;
}

/* Why a placeholder may not stand where it is; the caller frees it. */
static char *
shell_place_text(enum shell_place place, const char *name)
{
	switch (place) {
	case SHELL_OK:
		break;
	case SHELL_QUOTED:
		return xprintf(_("'${%s}': in shell text a placeholder must "
		    "stand outside quotes: it is quoted for you"), name);
	case SHELL_ESCAPED:
		return xprintf(_("'${%s}': in shell text a placeholder must "
		    "not follow a backslash: it is quoted for you"), name);
	case SHELL_BACKQUOTED:
		return xprintf(_("'${%s}': in shell text a placeholder cannot "
		    "stand inside backquotes (`...`), where its quotes do not "
		    "protect it: write $(...) instead"), name);
	case SHELL_HEREDOC:
		return xprintf(_("'${%s}': in shell text a placeholder cannot "
		    "stand in a here-document, where its quotes do not "
		    "protect it"), name);
	case SHELL_COMMENT:
		return xprintf(_("'${%s}': in shell text a placeholder cannot "
		    "stand in a comment: a line break in its value would end "
		    "the comment"), name);
	}
	return NULL;
}

struct shell_refs {
	char	**names;
	size_t	 *offsets;
	size_t	  n;
};

static void
shell_ref(void *arg, const char *name, size_t offset)
{
	struct shell_refs *r = arg;

	r->names = xreallocarray(r->names, r->n + 1, sizeof *r->names);
	r->offsets = xreallocarray(r->offsets, r->n + 1, sizeof *r->offsets);
	r->names[r->n] = xstrdup(name);
	r->offsets[r->n++] = offset;
}

/* Call fn for every placeholder of shell text that stands where its quoting
 * does not protect it, with its name, its byte offset in the text and why.
 * Returns the number. A malformed placeholder is not this check's to
 * report (the loader does): such a text gives 0. */
static size_t
shell_check(const char *text, void (*fn)(void *, const char *, size_t,
    const char *), void *arg)
{
	struct shell_refs r = { NULL, NULL, 0 };
	enum shell_place *places;
	char *cause = NULL, *why;
	size_t i, offset, bad = 0;

	if (subst_scan(text, shell_ref, &r, &offset, &cause) == -1) {
		free(cause);
		kind_free_list(r.names, r.n);
		free(r.offsets);
		return 0;
	}
	places = shell_places(text, r.n);
	for (i = 0; i < r.n; i++) {
		if ((why = shell_place_text(places[i], r.names[i])) == NULL)
			continue;
		fn(arg, r.names[i], r.offsets[i], why);
		free(why);
		bad++;
	}
	free(places);
	kind_free_list(r.names, r.n);
	free(r.offsets);
	return bad;
}

/* For a run: the first refusal becomes the cause. */
static void
shell_first(void *arg, const char *name, size_t offset, const char *why)
{
	char **cause = arg;

	if (*cause == NULL)
		*cause = xstrdup(why);
}

/* Where a byte offset of a scalar's value is in the file, where that can be
 * told from the node alone: a value on one line, plain or quoted, or a
 * literal block (|). Otherwise the scalar's own position. */
static void
shell_position(const struct ynode *n, size_t offset, int *line, int *col)
{
	const char *v = n->value, *p, *bol = v;
	size_t len = strlen(v), span = n->end - n->start, singles = 0;
	size_t doubles = 0, lines = 0, sbefore = 0, dbefore = 0;
	size_t body, rest, indent, header;
	int chars = 0, single, dbl;

	*line = n->line;
	*col = n->col;
	if (n->end < n->start || offset > len || len == 0)
		return;
	/* Quotes written twice ('') or escaped (\" \\) before the offset. */
	for (p = v; *p != '\0'; p++) {
		if (*p == '\n') {
			lines++;
			if (p < v + offset)
				bol = p + 1;
		} else if (*p == '\'') {
			singles++;
			sbefore += p < v + offset;
		} else if (*p == '"' || *p == '\\') {
			doubles++;
			dbefore += p < v + offset;
		}
	}
	for (p = bol; p < v + offset; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	}
	if (lines == 0) {
		single = span == len + singles + 2;
		dbl = span == len + doubles + 2;
		if (span == len)
			*col += chars;
		else if (single && (!dbl || sbefore == dbefore))
			*col += 1 + chars + (int)sbefore;
		else if (dbl && !single)
			*col += 1 + chars + (int)dbefore;
		return;
	}
	/* A literal block: "|" (or "|-", whose value has no last newline),
	 * then a line break, then each line indented alike. */
	header = v[len - 1] == '\n' ? 1 : 2;
	if (header == 2)
		lines++;
	body = len + (header == 2);
	if (span < body + header + 1)
		return;
	rest = span - body - header - 1;
	if (rest % lines != 0 || (indent = rest / lines) == 0)
		return;
	for (p = v; p < bol; p++)
		*line += *p == '\n';
	*line += 1;
	*col = (int)indent + 1 + chars;
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
		*cause = NULL;
		if (shell_check(words[0], shell_first, cause) > 0) {
			free(words);
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

struct shell_diag {
	const struct ynode	*node;
	const char		*file;
	struct diags		*d;
};

static void
shell_diag(void *arg, const char *name, size_t offset, const char *why)
{
	struct shell_diag *sd = arg;
	int line, col;

	shell_position(sd->node, offset, &line, &col);
	diags_add(sd->d, sd->file, line, col, "%s", why);
}

int
kind_command_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	struct shell_diag sd = { NULL, file, d };
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
	if (cmd != NULL && shell && cmd->type == YNODE_SEQUENCE && cmd->n == 1)
		sd.node = cmd->items[0];
	else if (cmd != NULL && shell)
		sd.node = cmd;
	if (sd.node != NULL && ynode_str(sd.node) != NULL)
		problems += (int)shell_check(ynode_str(sd.node), shell_diag,
		    &sd);
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

/* The exit status is checked when expect_exit is given, or when no output
 * pattern is: a check of the output alone ignores it. */
static int
output_checks_exit(const struct ynode *with)
{
	return params_node(with, "expect_exit") != NULL ||
	    (params_node(with, "expect_match") == NULL &&
	    params_node(with, "expect_no_match") == NULL);
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
	if (output_checks_exit(step->with))
		buf_printf(&b, _("Exit status wanted: %lld\n"),
		    params_int(step->with, "expect_exit", 0));
	else
		buf_adds(&b, _("The exit status is not checked, only the "
		    "output.\n"));
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
	text = util_duration_text(timeout);
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
		how = util_duration_text(spec.timeout_ms);
		result_set(r, STATUS_ERROR, _("%s: no result within %s, so it "
		    "was stopped"), cmd.display, how);
		free(how);
		goto out;
	}

	how = exec_result_text(&er);
	buf_printf(&b, "%s: %s", cmd.display, how);
	free(how);
	/* One fact per line. A command ended by a signal has not given all
	 * its output: that fails even where the status is not checked. */
	if (output_checks_exit(step->with) &&
	    (!er.exited || er.exit_code != expect)) {
		buf_addc(&b, '\n');
		buf_printf(&b, _("exit status %lld was wanted"), expect);
		st = STATUS_FAIL;
	} else if (!er.exited)
		st = STATUS_FAIL;
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
