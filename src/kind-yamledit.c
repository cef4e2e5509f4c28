/* kind-yamledit.c: the "yaml_edit" action: surgical edits of a YAML file.
 *
 * The places to change are found in the tree ynode.c builds from libyaml's
 * events, whose nodes know their byte ranges in the text; only those bytes
 * change, so comments, blank lines and indentation survive as they were.
 *
 * Paths: mapping keys separated by '.'; "[key=value]" picks the item of a
 * list whose key (a dotted path inside the item) is that scalar, "[N]" the
 * item at index N. "versions[version=5.10.0].migratorConfigs".
 *
 * set: the path must lead to a scalar; its bytes are replaced, keeping the
 * quotes it was written with (plain stays plain when the new value can be).
 * remove: the items of a block list matching all conditions go with their
 * text: from the line of their '-' (with the comment lines right above it
 * at the dash's column, but for the first item, whose comments are taken
 * to be about the list) to where the next item's text starts, or for the
 * last item to the end of its last line and the comment lines indented
 * deeper that follow it (the blank lines above it going too). Several
 * "remove" entries may match the same item (removed once); together they
 * may not empty a list.
 *
 * The edited text is parsed again and compared with the original tree: it
 * must be the same but for the wanted changes, or nothing is written. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diff.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

static const struct param_spec yamledit_params[] = {
	{ "file", PARAM_PATH, 1, N_("the YAML file to edit") },
	{ "set", PARAM_ITEMS, 0, N_("values to set: {path: a.b[key=value].c, value: text}") },
	{ "remove", PARAM_ITEMS, 0, N_("list entries to remove: {list: a.b, match: {key: value, ...}}") },
	{ NULL, 0, 0, NULL }
};

/* One step of a path. */
enum ystep_type {
	YSTEP_KEY,		/* a mapping's key */
	YSTEP_INDEX,		/* [N] */
	YSTEP_SELECT		/* [key=value] */
};

struct ystep {
	enum ystep_type	 type;
	char		*key;		/* KEY, SELECT: the key (dotted) */
	char		*value;		/* SELECT */
	size_t		 index;		/* INDEX */
	size_t		 upto;		/* the path's length up to this step */
};

struct ypath {
	char		*text;
	struct ystep	*steps;
	size_t		 n;
};

/* One change of the text. */
struct yedit {
	size_t		 start;
	size_t		 end;
	char		*text;		/* replacement; NULL removes */
};

/* The entries removed from one list, by however many "remove" entries. */
struct yremoved {
	const struct ynode *list;
	char		*path;		/* as the first entry wrote it */
	size_t		 count;
	struct buf	 names;		/* "MigrationValidator (line 12), ..." */
};

/* What the edit is to do, and has found, for one file. */
struct yplan {
	char		*file;		/* expanded */
	char		*old;		/* the text as read */
	size_t		 old_len;
	struct ynode	*root;
	char		*new;		/* the edited text */
	size_t		 new_len;
	struct yedit	*edits;
	size_t		 nedits;
	/* For the check of the result: scalars set and items removed. */
	const struct ynode **set_nodes;
	const char	**set_values;
	size_t		 nset;
	const struct ynode **gone;
	size_t		 ngone;
	struct yremoved	*removed;
	size_t		 nremoved;
	struct buf	 changed;	/* one line per change made */
	struct buf	 same;		/* one line per thing already so */
};

static void
ypath_clear(struct ypath *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->steps[i].key);
		free(p->steps[i].value);
	}
	free(p->steps);
	free(p->text);
	memset(p, 0, sizeof *p);
}

static void
ypath_add(struct ypath *p, enum ystep_type type, char *key, char *value,
    size_t index, size_t upto)
{
	struct ystep *s;

	p->steps = xreallocarray(p->steps, p->n + 1, sizeof *p->steps);
	s = &p->steps[p->n++];
	s->type = type;
	s->key = key;
	s->value = value;
	s->index = index;
	s->upto = upto;
}

/* A dotted key path inside an item: no brackets, no empty part. Returns
 * -1 with *at, the offending offset. */
static int
ypath_check_keys(const char *s, size_t len, size_t *at)
{
	size_t i, part = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '[' || s[i] == ']' || s[i] == '=') {
			*at = i;
			return -1;
		}
		if (s[i] == '.') {
			if (part == 0) {
				*at = i;
				return -1;
			}
			part = 0;
		} else
			part++;
	}
	if (part == 0) {
		*at = len;
		return -1;
	}
	return 0;
}

/* Parse a path. Returns -1 with *cause and *at, the offset of the problem
 * in the text. */
static int
ypath_parse(const char *text, struct ypath *p, size_t *at, char **cause)
{
	const char *s = text, *start, *eq, *close, *key_end;
	size_t len, vlen;
	char *digits_end;
	unsigned long long idx;

	memset(p, 0, sizeof *p);
	p->text = xstrdup(text);
	if (*s == '\0') {
		*at = 0;
		*cause = xstrdup(_("the path is empty"));
		goto fail;
	}
	for (;;) {
		start = s;
		while (*s != '\0' && *s != '.' && *s != '[' && *s != ']' &&
		    *s != '=')
			s++;
		if (*s == ']' || *s == '=') {
			*at = (size_t)(s - text);
			*cause = xprintf(_("unexpected '%c' in the path"), *s);
			goto fail;
		}
		len = (size_t)(s - start);
		if (len == 0 && (*s != '[' || start != text)) {
			*at = (size_t)(start - text);
			*cause = xstrdup(_("a key of the path is empty"));
			goto fail;
		}
		if (len > 0)
			ypath_add(p, YSTEP_KEY, xstrndup(start, len), NULL, 0,
			    (size_t)(s - text));
		while (*s == '[') {
			if ((close = strchr(s, ']')) == NULL) {
				*at = (size_t)(s - text);
				*cause = xstrdup(_("a '[' of the path is not "
				    "closed with ']'"));
				goto fail;
			}
			s++;
			if (close == s) {
				*at = (size_t)(s - text);
				*cause = xstrdup(_("'[]' picks nothing: write "
				    "[N] or [key=value]"));
				goto fail;
			}
			eq = memchr(s, '=', (size_t)(close - s));
			if (eq == NULL) {
				errno = 0;
				idx = strtoull(s, &digits_end, 10);
				if (*s < '0' || *s > '9' ||
				    digits_end != close || errno != 0 ||
				    idx > SIZE_MAX) {
					*at = (size_t)(s - text);
					*cause = xstrdup(_("write [N] with a "
					    "number, or [key=value]"));
					goto fail;
				}
				ypath_add(p, YSTEP_INDEX, NULL, NULL,
				    (size_t)idx, (size_t)(close + 1 - text));
			} else {
				if (ypath_check_keys(s, (size_t)(eq - s),
				    &len) == -1) {
					*at = (size_t)(s - text) + len;
					*cause = xstrdup(_("the key of "
					    "[key=value] must be a name, or "
					    "names separated by '.'"));
					goto fail;
				}
				key_end = eq++;
				vlen = (size_t)(close - eq);
				/* "[version="5.10.0"]" means the same. */
				if (vlen >= 2 && (*eq == '"' || *eq == '\'') &&
				    eq[vlen - 1] == *eq) {
					eq++;
					vlen -= 2;
				}
				ypath_add(p, YSTEP_SELECT,
				    xstrndup(s, (size_t)(key_end - s)),
				    xstrndup(eq, vlen), 0,
				    (size_t)(close + 1 - text));
			}
			s = close + 1;
		}
		if (*s == '\0')
			break;
		if (*s != '.') {
			*at = (size_t)(s - text);
			*cause = xprintf(_("unexpected '%c' in the path: "
			    "after ']' comes '.', '[' or the end"), *s);
			goto fail;
		}
		s++;
		if (*s == '\0') {
			*at = (size_t)(s - text);
			*cause = xstrdup(_("the path ends with '.'"));
			goto fail;
		}
	}
	return 0;

fail:
	ypath_clear(p);
	return -1;
}

/* The node at a dotted key path inside a node (a match condition's key),
 * or NULL. */
static const struct ynode *
yedit_dotted(const struct ynode *n, const char *path)
{
	const char *dot;
	char *key;

	while (n != NULL) {
		if ((dot = strchr(path, '.')) == NULL)
			return ynode_get(n, path);
		key = xstrndup(path, (size_t)(dot - path));
		n = ynode_get(n, key);
		free(key);
		path = dot + 1;
	}
	return NULL;
}

static int
yedit_is_flow(const char *text, const struct ynode *n)
{
	return n->type != YNODE_SCALAR &&
	    (text[n->start] == '[' || text[n->start] == '{');
}

/* The 1-based line of a byte offset. */
static int
yedit_line(const char *text, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off; i++) {
		if (text[i] == '\n')
			line++;
	}
	return line;
}

/* Follow a path from the root. Returns the node, or NULL with *cause saying
 * how far the path was found. *flow is set when a flow collection is on the
 * way. */
static const struct ynode *
ypath_resolve(const char *text, const struct ynode *root,
    const struct ypath *p, int *flow, char **cause)
{
	const struct ynode *n = root, *found, *v;
	const struct ystep *s;
	char *where;
	size_t i, j, count;
	int first_line = 0;

	if (flow != NULL)
		*flow = 0;
	for (i = 0; i < p->n; i++) {
		s = &p->steps[i];
		if (flow != NULL && yedit_is_flow(text, n))
			*flow = 1;
		where = i == 0 ? xstrdup(_("the top level")) :
		    xprintf("%.*s", (int)p->steps[i - 1].upto, p->text);
		switch (s->type) {
		case YSTEP_KEY:
			if (n->type != YNODE_MAPPING) {
				*cause = xprintf(_("%s (line %d) is a %s, not "
				    "a mapping, so it has no key '%s'"), where,
				    n->line, ynode_type_name(n), s->key);
				free(where);
				return NULL;
			}
			if ((found = ynode_get(n, s->key)) == NULL) {
				if (i == 0)
					*cause = xprintf(_("there is no "
					    "top-level key '%s'"), s->key);
				else
					*cause = xprintf(_("%s was found (line "
					    "%d), but it has no key '%s'"),
					    where, n->line, s->key);
				free(where);
				return NULL;
			}
			break;
		case YSTEP_INDEX:
			if (n->type != YNODE_SEQUENCE) {
				*cause = xprintf(_("%s (line %d) is a %s, not "
				    "a list, so [%zu] picks nothing"), where,
				    n->line, ynode_type_name(n), s->index);
				free(where);
				return NULL;
			}
			if (s->index >= n->n) {
				*cause = xprintf(P_("%s (line %d) has %zu "
				    "item, so there is no [%zu]",
				    "%s (line %d) has %zu items, so there is "
				    "no [%zu]", n->n), where, n->line, n->n,
				    s->index);
				free(where);
				return NULL;
			}
			found = n->items[s->index];
			break;
		case YSTEP_SELECT:
		default:
			if (n->type != YNODE_SEQUENCE) {
				*cause = xprintf(_("%s (line %d) is a %s, not "
				    "a list, so [%s=%s] picks nothing"), where,
				    n->line, ynode_type_name(n), s->key,
				    s->value);
				free(where);
				return NULL;
			}
			found = NULL;
			count = 0;
			for (j = 0; j < n->n; j++) {
				v = yedit_dotted(n->items[j], s->key);
				if (v == NULL || v->type != YNODE_SCALAR ||
				    strcmp(v->value, s->value) != 0)
					continue;
				if (count++ == 0) {
					found = n->items[j];
					first_line = n->items[j]->line;
				} else if (count == 2) {
					*cause = xprintf(_("%s: more than one "
					    "item has %s = %s (lines %d and "
					    "%d), so [%s=%s] does not pick "
					    "one"), where, s->key, s->value,
					    first_line, n->items[j]->line,
					    s->key, s->value);
					free(where);
					return NULL;
				}
			}
			if (found == NULL) {
				*cause = xprintf(_("%s was found (line %d), but "
				    "none of its %zu items has %s = %s"), where,
				    n->line, n->n, s->key, s->value);
				free(where);
				return NULL;
			}
			break;
		}
		free(where);
		n = found;
	}
	return n;
}

/* A value in double quotes, with escapes: for YAML and for people. */
static void
yedit_dquote(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				buf_adds(b, "\\x");
				buf_addc(b, hex[c >> 4]);
				buf_addc(b, hex[c & 0xf]);
			} else
				buf_addc(b, (char)c);
			break;
		}
	}
	buf_addc(b, '"');
}

static char *
yedit_quoted(const char *s)
{
	struct buf b = BUF_INIT;

	yedit_dquote(&b, s);
	return buf_steal(&b);
}

/* Can a value be written plain and read back as the same text? */
static int
yedit_can_be_plain(const char *s, int flow)
{
	size_t len = strlen(s), i;

	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ' ||
	    s[len - 1] == ':')
		return 0;
	if (strchr("!&*|>'\"%@`#,[]{}", s[0]) != NULL)
		return 0;
	if (strchr("-?:", s[0]) != NULL && (len == 1 || s[1] == ' '))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return 0;
		if ((c == ':' && s[i + 1] == ' ') ||
		    (c == '#' && i > 0 && s[i - 1] == ' '))
			return 0;
		if (flow && strchr(",[]{}", c) != NULL)
			return 0;
	}
	return 1;
}

/* Can a value go in single quotes (one line, no control characters)? */
static int
yedit_can_be_single(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

/* The new value written as the old one was. */
static char *
yedit_scalar_text(const char *text, const struct ynode *n, const char *value,
    int flow)
{
	struct buf b = BUF_INIT;
	const char *v;

	if (text[n->start] == '\'' && yedit_can_be_single(value)) {
		buf_addc(&b, '\'');
		for (v = value; *v != '\0'; v++) {
			if (*v == '\'')
				buf_addc(&b, '\'');
			buf_addc(&b, *v);
		}
		buf_addc(&b, '\'');
		return buf_steal(&b);
	}
	if (text[n->start] != '"' && text[n->start] != '\'' &&
	    yedit_can_be_plain(value, flow))
		return xstrdup(value);
	yedit_dquote(&b, value);
	return buf_steal(&b);
}

static void
yplan_add_edit(struct yplan *pl, size_t start, size_t end, char *text)
{
	pl->edits = xreallocarray(pl->edits, pl->nedits + 1,
	    sizeof *pl->edits);
	pl->edits[pl->nedits].start = start;
	pl->edits[pl->nedits].end = end;
	pl->edits[pl->nedits].text = text;
	pl->nedits++;
}

static void
yplan_clear(struct yplan *pl)
{
	size_t i;

	for (i = 0; i < pl->nedits; i++)
		free(pl->edits[i].text);
	free(pl->edits);
	free(pl->set_nodes);
	free(pl->set_values);
	free(pl->gone);
	for (i = 0; i < pl->nremoved; i++) {
		free(pl->removed[i].path);
		buf_free(&pl->removed[i].names);
	}
	free(pl->removed);
	ynode_free(pl->root);
	free(pl->file);
	free(pl->old);
	free(pl->new);
	buf_free(&pl->changed);
	buf_free(&pl->same);
	memset(pl, 0, sizeof *pl);
}

static void
yplan_line(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
yplan_line(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	if (b->len > 0)
		buf_addc(b, '\n');
	buf_adds(b, s);
	free(s);
}

/* Plan one "set": path and value expanded. */
static int
yplan_set(struct yplan *pl, const char *path, const char *value,
    char **cause)
{
	struct ypath p;
	const struct ynode *n;
	char *why = NULL, *was, *now;
	size_t at;
	int flow;

	if (ypath_parse(path, &p, &at, &why) == -1) {
		*cause = xprintf(_("the path '%s' is not valid at character "
		    "%zu: %s"), path, at + 1, why);
		free(why);
		return -1;
	}
	if ((n = ypath_resolve(pl->old, pl->root, &p, &flow, &why)) == NULL) {
		*cause = xprintf(_("cannot set %s in %s: %s; nothing was "
		    "added"), path, pl->file, why);
		free(why);
		ypath_clear(&p);
		return -1;
	}
	ypath_clear(&p);
	if (n->type != YNODE_SCALAR) {
		*cause = xprintf(_("cannot set %s in %s: at line %d it is a "
		    "%s, not a single value"), path, pl->file, n->line,
		    ynode_type_name(n));
		return -1;
	}
	was = yedit_quoted(n->value);
	if (strcmp(n->value, value) == 0) {
		yplan_line(&pl->same, _("%s is already %s"), path, was);
		free(was);
		return 0;
	}
	if (pl->old[n->start] == '|' || pl->old[n->start] == '>') {
		*cause = xprintf(_("cannot set %s in %s: at line %d it is a "
		    "block text (| or >); change it by hand"), path, pl->file,
		    n->line);
		free(was);
		return -1;
	}
	if (!n->quoted && n->start == n->end) {
		*cause = xprintf(_("cannot set %s in %s: at line %d it has no "
		    "value written, so there is no place to change"), path,
		    pl->file, n->line);
		free(was);
		return -1;
	}
	yplan_add_edit(pl, n->start, n->end,
	    yedit_scalar_text(pl->old, n, value, flow));
	pl->set_nodes = xreallocarray(pl->set_nodes, pl->nset + 1,
	    sizeof *pl->set_nodes);
	pl->set_values = xreallocarray(pl->set_values, pl->nset + 1,
	    sizeof *pl->set_values);
	pl->set_nodes[pl->nset] = n;
	pl->set_values[pl->nset++] = value;
	now = yedit_quoted(value);
	yplan_line(&pl->changed, _("set %s to %s (was %s)"), path, now, was);
	free(now);
	free(was);
	return 0;
}

/* The start of the line holding an offset. */
static size_t
yedit_bol(const char *text, size_t off)
{
	while (off > 0 && text[off - 1] != '\n')
		off--;
	return off;
}

/* Past the end of the line holding an offset (after its newline). */
static size_t
yedit_eol(const char *text, size_t len, size_t off)
{
	while (off < len && text[off] != '\n')
		off++;
	return off < len ? off + 1 : off;
}

/* The indentation of a line, and what follows it: 'b' blank, '#' a
 * comment, 'x' anything else. */
static char
yedit_line_kind(const char *text, size_t len, size_t bol, size_t *indent)
{
	size_t i = bol;

	while (i < len && text[i] == ' ')
		i++;
	*indent = i - bol;
	if (i == len || text[i] == '\n' || text[i] == '\r')
		return 'b';
	return text[i] == '#' ? '#' : 'x';
}

/* The offset of the '-' of a block list's item: on the item's line, or
 * alone (perhaps with a comment) on a line above it. -1 if it is not found
 * at the start of its line. */
static int
yedit_dash(const char *text, size_t len, const struct ynode *item,
    size_t *dash)
{
	size_t p = item->start, bol, indent, i;
	char k;

	while (p > 0 && text[p - 1] == ' ')
		p--;
	if (p > 0 && text[p - 1] == '-') {
		/* Only spaces before it on its line ("- - x" is refused). */
		*dash = p - 1;
		for (i = yedit_bol(text, *dash); i < *dash; i++) {
			if (text[i] != ' ')
				return -1;
		}
		return 0;
	}
	if (p != yedit_bol(text, p))
		return -1;
	/* Lines above: blank, comments, then "-" alone. */
	while (p > 0) {
		bol = yedit_bol(text, p - 1);
		k = yedit_line_kind(text, len, bol, &indent);
		if (k == 'x') {
			i = bol + indent;
			if (text[i] != '-')
				return -1;
			i++;
			while (i < len && text[i] == ' ')
				i++;
			if (i < len && text[i] != '\n' && text[i] != '\r' &&
			    text[i] != '#')
				return -1;
			*dash = bol + indent;
			return 0;
		}
		p = bol;
	}
	return -1;
}

/* The first offset of an item's text: its dash line, with the comment
 * lines right above at the dash's column unless it is the list's first. */
static size_t
yedit_item_start(const char *text, size_t len, size_t dash, int first)
{
	size_t bol = yedit_bol(text, dash), col = dash - bol, prev, indent;

	while (!first && bol > 0) {
		prev = yedit_bol(text, bol - 1);
		if (yedit_line_kind(text, len, prev, &indent) != '#' ||
		    indent != col)
			break;
		bol = prev;
	}
	return bol;
}

/* Where the last thing written in a node ends: libyaml puts an empty
 * value (a key with nothing after it) where the next token starts, which
 * may be lines further on, so those do not count. 0 when nothing is
 * written. */
static size_t
yedit_last_end(const char *text, const struct ynode *n)
{
	size_t end = 0, e, i;

	if (n->type == YNODE_SCALAR)
		return !n->quoted && n->start == n->end ? 0 : n->end;
	if (yedit_is_flow(text, n))
		return n->end;
	for (i = 0; i < n->n; i++) {
		if (n->type == YNODE_MAPPING &&
		    (e = yedit_last_end(text, n->keys[i])) > end)
			end = e;
		if ((e = yedit_last_end(text, n->items[i])) > end)
			end = e;
	}
	return end;
}

/* Past an item's last line, and the comment lines indented deeper than its
 * dash that follow it. */
static size_t
yedit_item_end(const char *text, size_t len, const struct ynode *item,
    size_t col)
{
	size_t end = yedit_last_end(text, item), indent;

	if (end < item->start)
		end = item->start;

	if (end > 0 && text[end - 1] != '\n')
		end = yedit_eol(text, len, end);
	while (end < len &&
	    yedit_line_kind(text, len, end, &indent) == '#' && indent > col)
		end = yedit_eol(text, len, end);
	return end;
}

/* Does an item match every condition? */
static int
yedit_matches(const struct ynode *item, const struct ynode *match,
    char *const *values)
{
	const struct ynode *v;
	size_t i;

	if (item->type != YNODE_MAPPING)
		return 0;
	for (i = 0; i < match->n; i++) {
		v = yedit_dotted(item, match->keys[i]->value);
		if (v == NULL || v->type != YNODE_SCALAR ||
		    strcmp(v->value, values[i]) != 0)
			return 0;
	}
	return 1;
}

/* The conditions for people: "name = X, parameters.location = step2". */
static char *
yedit_conditions(const struct ynode *match, char *const *values)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < match->n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_printf(&b, "%s = %s", match->keys[i]->value, values[i]);
	}
	return buf_steal(&b);
}

/* Plan one "remove": the list's path and the conditions' values expanded
 * (in the order of match's keys). */
static int
yplan_remove(struct yplan *pl, const char *path, const struct ynode *match,
    char *const *values, char **cause)
{
	struct ypath p;
	const struct ynode *list, *item;
	struct yremoved *g;
	char *why = NULL, *conds;
	size_t at, i, k, dash, start, end, bol, indent, count = 0;
	int *hit;

	if (ypath_parse(path, &p, &at, &why) == -1) {
		*cause = xprintf(_("the path '%s' is not valid at character "
		    "%zu: %s"), path, at + 1, why);
		free(why);
		return -1;
	}
	list = ypath_resolve(pl->old, pl->root, &p, NULL, &why);
	ypath_clear(&p);
	if (list == NULL) {
		*cause = xprintf(_("cannot remove from %s in %s: %s"), path,
		    pl->file, why);
		free(why);
		return -1;
	}
	if (list->type != YNODE_SEQUENCE) {
		*cause = xprintf(_("cannot remove from %s in %s: at line %d it "
		    "is a %s, not a list"), path, pl->file, list->line,
		    ynode_type_name(list));
		return -1;
	}
	if (yedit_is_flow(pl->old, list)) {
		*cause = xprintf(_("cannot remove from %s in %s: at line %d it "
		    "is written in brackets ([...]); edit it by hand"), path,
		    pl->file, list->line);
		return -1;
	}
	conds = yedit_conditions(match, values);
	hit = xcalloc(list->n + 1, sizeof *hit);
	for (i = 0; i < list->n; i++) {
		if ((hit[i] = yedit_matches(list->items[i], match, values)))
			count++;
	}
	if (count == 0) {
		yplan_line(&pl->same, _("no entry of %s has %s"), path, conds);
		goto done;
	}
	for (k = 0; k < pl->nremoved; k++) {
		if (pl->removed[k].list == list)
			break;
	}
	if (k == pl->nremoved) {
		pl->removed = xreallocarray(pl->removed, pl->nremoved + 1,
		    sizeof *pl->removed);
		memset(&pl->removed[k], 0, sizeof *pl->removed);
		pl->removed[k].list = list;
		pl->removed[k].path = xstrdup(path);
		pl->nremoved++;
	}
	g = &pl->removed[k];
	for (i = 0; i < list->n; i++) {
		if (!hit[i])
			continue;
		item = list->items[i];
		/* Matched by an earlier "remove" entry too. */
		for (k = 0; k < pl->ngone; k++) {
			if (pl->gone[k] == item)
				break;
		}
		if (k < pl->ngone)
			continue;
		if (yedit_dash(pl->old, pl->old_len, item, &dash) == -1) {
			*cause = xprintf(_("cannot remove the entry of %s at "
			    "line %d in %s: it does not start on a line of "
			    "its own with '-'; edit it by hand"), path,
			    item->line, pl->file);
			goto fail;
		}
		start = yedit_item_start(pl->old, pl->old_len, dash, i == 0);
		if (i + 1 < list->n) {
			if (yedit_dash(pl->old, pl->old_len, list->items[i + 1],
			    &end) == -1) {
				*cause = xprintf(_("cannot remove the entry of "
				    "%s at line %d in %s: the next entry does "
				    "not start on a line of its own with '-'; "
				    "edit it by hand"), path, item->line,
				    pl->file);
				goto fail;
			}
			end = yedit_item_start(pl->old, pl->old_len, end, 0);
		} else {
			end = yedit_item_end(pl->old, pl->old_len, item,
			    dash - yedit_bol(pl->old, dash));
			/* The blank lines above the last entry go too. */
			while (start > 0) {
				bol = yedit_bol(pl->old, start - 1);
				if (yedit_line_kind(pl->old, pl->old_len, bol,
				    &indent) != 'b')
					break;
				start = bol;
			}
		}
		yplan_add_edit(pl, start, end, NULL);
		pl->gone = xreallocarray(pl->gone, pl->ngone + 1,
		    sizeof *pl->gone);
		pl->gone[pl->ngone++] = item;
		if (g->count++ > 0)
			buf_adds(&g->names, ", ");
		/* Its name, or the first condition's value, names it. */
		buf_printf(&g->names, _("%s (line %d)"),
		    ynode_str(ynode_get(item, "name")) != NULL ?
		    ynode_str(ynode_get(item, "name")) : values[0],
		    yedit_line(pl->old, dash));
	}
done:
	free(conds);
	free(hit);
	return 0;
fail:
	free(conds);
	free(hit);
	return -1;
}

/* After every "remove": no list may be left empty, and the evidence says
 * what goes from each. */
static int
yplan_removed(struct yplan *pl, char **cause)
{
	const struct yremoved *g;
	size_t i;

	for (i = 0; i < pl->nremoved; i++) {
		g = &pl->removed[i];
		if (g->count > 0 && g->count == g->list->n) {
			*cause = xprintf(_("cannot remove from %s in %s: every "
			    "entry of it would go, leaving the list empty; "
			    "edit it by hand"), g->path, pl->file);
			return -1;
		}
	}
	for (i = 0; i < pl->nremoved; i++) {
		g = &pl->removed[i];
		if (g->count > 0)
			yplan_line(&pl->changed, P_("removed %zu entry from "
			    "%s: %s", "removed %zu entries from %s: %s",
			    g->count), g->count, g->path, buf_str(&g->names));
	}
	return 0;
}

static int
yedit_cmp(const void *a, const void *b)
{
	const struct yedit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Apply the edits to the old text: the new text. -1 with *cause when two
 * of them overlap (removals merge). */
static int
yplan_apply(struct yplan *pl, char **cause)
{
	struct buf b = BUF_INIT;
	struct yedit *e;
	size_t i, pos = 0;

	qsort(pl->edits, pl->nedits, sizeof *pl->edits, yedit_cmp);
	for (i = 0; i < pl->nedits; i++) {
		e = &pl->edits[i];
		if (e->start < pos) {
			if (e->text == NULL && pl->edits[i - 1].text == NULL) {
				if (e->end > pos)
					pos = e->end;
				continue;
			}
			*cause = xprintf(_("two of the changes to %s touch "
			    "the same place (line %d): a value to set in an "
			    "entry to be removed, or the same value set "
			    "twice"), pl->file, yedit_line(pl->old, e->start));
			buf_free(&b);
			return -1;
		}
		buf_add(&b, pl->old + pos, e->start - pos);
		if (e->text != NULL)
			buf_adds(&b, e->text);
		pos = e->end;
	}
	buf_add(&b, pl->old + pos, pl->old_len - pos);
	pl->new_len = b.len;
	pl->new = buf_steal(&b);
	return 0;
}

/* Is the new tree the old one with exactly the planned changes? Returns 0,
 * or -1 with *cause naming the first difference. */
static int
yplan_same(const struct yplan *pl, const struct ynode *o,
    const struct ynode *n, char **cause)
{
	size_t i, j, k;

	if (o->type != n->type) {
		*cause = xprintf(_("line %d is a %s, where a %s was"), n->line,
		    ynode_type_name(n), ynode_type_name(o));
		return -1;
	}
	switch (o->type) {
	case YNODE_SCALAR:
		for (i = 0; i < pl->nset; i++) {
			if (pl->set_nodes[i] != o)
				continue;
			if (strcmp(n->value, pl->set_values[i]) != 0) {
				*cause = xprintf(_("the value at line %d reads "
				    "back as '%s', not '%s'"), n->line,
				    n->value, pl->set_values[i]);
				return -1;
			}
			return 0;
		}
		if (strcmp(o->value, n->value) != 0) {
			*cause = xprintf(_("the value at line %d changed from "
			    "'%s' to '%s'"), n->line, o->value, n->value);
			return -1;
		}
		return 0;
	case YNODE_MAPPING:
		if (o->n != n->n) {
			*cause = xprintf(_("the mapping at line %d has %zu keys, "
			    "not %zu"), n->line, n->n, o->n);
			return -1;
		}
		for (i = 0; i < o->n; i++) {
			if (strcmp(o->keys[i]->value, n->keys[i]->value) != 0) {
				*cause = xprintf(_("the key at line %d is '%s', "
				    "not '%s'"), n->keys[i]->line,
				    n->keys[i]->value, o->keys[i]->value);
				return -1;
			}
			if (yplan_same(pl, o->items[i], n->items[i],
			    cause) == -1)
				return -1;
		}
		return 0;
	case YNODE_SEQUENCE:
	default:
		for (i = 0, j = 0; i < o->n; i++) {
			for (k = 0; k < pl->ngone; k++) {
				if (pl->gone[k] == o->items[i])
					break;
			}
			if (k < pl->ngone)
				continue;
			if (j == n->n) {
				*cause = xprintf(_("the list at line %d lost "
				    "more entries than were to go"), n->line);
				return -1;
			}
			if (yplan_same(pl, o->items[i], n->items[j++],
			    cause) == -1)
				return -1;
		}
		if (j != n->n) {
			*cause = xprintf(_("the list at line %d kept an entry "
			    "that was to go"), n->line);
			return -1;
		}
		return 0;
	}
}

/* Expand a text parameter; NULL with *cause. */
static char *
yedit_expand(const struct run_ctx *ctx, const struct ynode *n, char **cause)
{
	return kind_expand(ctx, ynode_str(n), cause);
}

/* Read the file and plan every change: -1 with *cause, nothing done. */
static int
yplan_make(const struct step *step, const struct run_ctx *ctx,
    struct yplan *pl, char **cause)
{
	const struct ynode *set = params_node(step->with, "set");
	const struct ynode *rm = params_node(step->with, "remove");
	const struct ynode *it, *match;
	struct ynode *again;
	char *path = NULL, *value = NULL, **values, *why = NULL;
	size_t i, j;
	int rc;

	memset(pl, 0, sizeof *pl);
	if (params_str(step->with, "file") == NULL) {
		*cause = xstrdup(_("yaml_edit needs parameter 'file'"));
		return -1;
	}
	if ((pl->file = kind_expand(ctx, params_str(step->with, "file"),
	    cause)) == NULL)
		return -1;
	if ((pl->old = util_read_file(pl->file, &pl->old_len, cause)) == NULL)
		return -1;
	if (strlen(pl->old) != pl->old_len) {
		*cause = xprintf(_("%s holds a NUL byte: it is not a YAML "
		    "text"), pl->file);
		return -1;
	}
	if ((pl->root = ynode_parse(pl->old, pl->old_len, pl->file,
	    &why)) == NULL) {
		*cause = xprintf(_("%s; the file is not valid YAML, so it is "
		    "left as it is"), why);
		free(why);
		return -1;
	}

	for (i = 0; set != NULL && set->type == YNODE_SEQUENCE &&
	    i < set->n; i++) {
		it = set->items[i];
		if (ynode_str(ynode_get(it, "path")) == NULL ||
		    ynode_str(ynode_get(it, "value")) == NULL) {
			*cause = xstrdup(_("each entry of 'set' needs a 'path' "
			    "and a 'value'"));
			return -1;
		}
		if ((path = yedit_expand(ctx, ynode_get(it, "path"),
		    cause)) == NULL ||
		    (value = yedit_expand(ctx, ynode_get(it, "value"),
		    cause)) == NULL) {
			free(path);
			return -1;
		}
		rc = yplan_set(pl, path, value, cause);
		/* The value is kept for the check of the result. */
		if (rc == 0 && pl->nset > 0 &&
		    pl->set_values[pl->nset - 1] == value)
			value = NULL;
		free(path);
		free(value);
		path = value = NULL;
		if (rc == -1)
			return -1;
	}
	for (i = 0; rm != NULL && rm->type == YNODE_SEQUENCE &&
	    i < rm->n; i++) {
		it = rm->items[i];
		match = ynode_get(it, "match");
		if (ynode_str(ynode_get(it, "list")) == NULL ||
		    match == NULL || match->type != YNODE_MAPPING ||
		    match->n == 0) {
			*cause = xstrdup(_("each entry of 'remove' needs a "
			    "'list' and a 'match' mapping"));
			return -1;
		}
		if ((path = yedit_expand(ctx, ynode_get(it, "list"),
		    cause)) == NULL)
			return -1;
		values = xcalloc(match->n + 1, sizeof *values);
		for (j = 0; j < match->n; j++) {
			if (ynode_str(match->items[j]) == NULL) {
				*cause = xprintf(_("the value of '%s' in "
				    "'match' must be a text"),
				    match->keys[j]->value);
				kind_free_list(values, j);
				free(path);
				return -1;
			}
			if ((values[j] = yedit_expand(ctx, match->items[j],
			    cause)) == NULL) {
				kind_free_list(values, j);
				free(path);
				return -1;
			}
		}
		rc = yplan_remove(pl, path, match, values, cause);
		kind_free_list(values, match->n);
		free(path);
		if (rc == -1)
			return -1;
	}
	if (yplan_removed(pl, cause) == -1)
		return -1;
	if (pl->nedits == 0)
		return 0;

	if (yplan_apply(pl, cause) == -1)
		return -1;
	if ((again = ynode_parse(pl->new, pl->new_len, pl->file,
	    &why)) == NULL) {
		*cause = xprintf(_("the edited text would not be valid YAML "
		    "(%s); nothing was written"), why);
		free(why);
		return -1;
	}
	rc = yplan_same(pl, pl->root, again, &why);
	ynode_free(again);
	if (rc == -1) {
		*cause = xprintf(_("the edit of %s would not do just what was "
		    "asked: %s; nothing was written"), pl->file, why);
		free(why);
		return -1;
	}
	return 0;
}

/* The set values are owned by the plan once planned. */
static void
yplan_free(struct yplan *pl)
{
	size_t i;

	for (i = 0; i < pl->nset; i++)
		free((char *)pl->set_values[i]);
	yplan_clear(pl);
}

/* The file's name in the diff's headers: without a leading '/'. */
/* "a/etc/x.yaml" and "b/etc/x.yaml", as diff -u of two trees names them. */
static char *
yedit_diff_name(const char *side, const char *path)
{
	while (*path == '/')
		path++;
	return xprintf("%s/%s", side, path);
}

static char *
yamledit_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct yplan pl;
	struct buf b = BUF_INIT;
	char *why = NULL, *diff, *a, *bname;

	if (yplan_make(step, ctx, &pl, &why) == -1) {
		if (pl.file == NULL) {
			*cause = why;
			yplan_free(&pl);
			return NULL;
		}
		buf_printf(&b, _("Edit %s.\n"), pl.file);
		buf_printf(&b, _("It cannot run as things are now: %s\n"), why);
		free(why);
		yplan_free(&pl);
		return buf_steal(&b);
	}
	if (pl.nedits == 0) {
		buf_printf(&b, _("%s is already as wanted; nothing will "
		    "change:\n%s\n"), pl.file, buf_str(&pl.same));
		yplan_free(&pl);
		return buf_steal(&b);
	}
	buf_printf(&b, _("Edit %s (saved to the backup folder first):\n"),
	    pl.file);
	buf_printf(&b, "%s\n", buf_str(&pl.changed));
	if (pl.same.len > 0)
		buf_printf(&b, "%s\n", buf_str(&pl.same));
	a = yedit_diff_name("a", pl.file);
	bname = yedit_diff_name("b", pl.file);
	diff = diff_unified(a, pl.old, pl.old_len, bname, pl.new, pl.new_len);
	buf_printf(&b, "\n%s", diff);
	free(diff);
	free(a);
	free(bname);
	yplan_free(&pl);
	return buf_steal(&b);
}

static int
yamledit_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct yplan pl;
	struct stat st;
	char *cause = NULL, *saved = NULL, *copy, *real;

	if (yplan_make(step, ctx, &pl, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		yplan_free(&pl);
		return 0;
	}
	if (pl.nedits == 0) {
		result_set(r, STATUS_DONE, _("already as wanted: %s was not "
		    "changed\n%s"), pl.file, buf_str(&pl.same));
		yplan_free(&pl);
		return 0;
	}
	/* A link is followed: the file it leads to is edited. */
	if ((real = realpath(pl.file, NULL)) == NULL ||
	    stat(real, &st) == -1) {
		result_set(r, STATUS_ERROR, _("cannot look at %s: %s"),
		    pl.file, strerror(errno));
		free(real);
		yplan_free(&pl);
		return 0;
	}
	if (kind_replace_file(ctx, pl.file, real, &st, pl.old, pl.old_len,
	    pl.new, pl.new_len, &saved, r) == -1)
		goto out;
	result_set(r, STATUS_DONE, _("%s\n%s was edited; the old file is saved "
	    "as %s"), buf_str(&pl.changed), pl.file, saved);
	if (pl.same.len > 0) {
		copy = xprintf("%s\n%s", r->evidence, buf_str(&pl.same));
		free(r->evidence);
		r->evidence = copy;
	}
out:
	free(cause);
	free(saved);
	free(real);
	yplan_free(&pl);
	return 0;
}

/* Check a path's syntax at validate time, unless it holds a placeholder.
 * The column points at the problem when the path is written on one line. */
static int
yamledit_validate_path(const struct ynode *n, const char *what,
    const char *file, struct diags *d)
{
	struct ypath p;
	char *why = NULL;
	size_t at;
	int col;

	if (n == NULL || n->type != YNODE_SCALAR ||
	    strstr(n->value, "${") != NULL)
		return 0;
	if (ypath_parse(n->value, &p, &at, &why) == 0) {
		ypath_clear(&p);
		return 0;
	}
	col = n->col + (n->quoted ? 1 : 0) + (int)(at > INT_MAX / 2 ? 0 : at);
	diags_add(d, file, n->line, col, _("'%s' is not a valid path: %s"),
	    what, why);
	free(why);
	return 1;
}

/* The keys of an entry of set or remove: known, required, scalars. */
static int
yamledit_validate_entry(const struct ynode *it, const char *param,
    const char *const *keys, const char *file, struct diags *d)
{
	const struct ynode *v;
	size_t i, j;
	int problems = 0;

	for (i = 0; i < it->n; i++) {
		for (j = 0; keys[j] != NULL; j++) {
			if (strcmp(it->keys[i]->value, keys[j]) == 0)
				break;
		}
		if (keys[j] == NULL) {
			diags_add(d, file, it->keys[i]->line, it->keys[i]->col,
			    _("unknown key '%s' in an entry of '%s' (it takes: "
			    "%s, %s)"), it->keys[i]->value, param, keys[0],
			    keys[1]);
			problems++;
		}
	}
	for (j = 0; keys[j] != NULL; j++) {
		if ((v = ynode_get(it, keys[j])) == NULL) {
			diags_add(d, file, it->line, it->col, _("an entry of "
			    "'%s' needs '%s'"), param, keys[j]);
			problems++;
		}
	}
	return problems;
}

static int
yamledit_validate(const struct ynode *with, const char *file, struct diags *d)
{
	static const char *const set_keys[] = { "path", "value", NULL };
	static const char *const rm_keys[] = { "list", "match", NULL };
	const struct ynode *set, *rm, *it, *v, *m;
	size_t i, j, at;
	int problems = 0;

	if (with == NULL || with->type != YNODE_MAPPING)
		return 0;
	set = params_node(with, "set");
	rm = params_node(with, "remove");
	if ((set == NULL || (set->type == YNODE_SEQUENCE && set->n == 0)) &&
	    (rm == NULL || (rm->type == YNODE_SEQUENCE && rm->n == 0))) {
		diags_add(d, file, with->line, with->col, _("yaml_edit needs "
		    "something to do: 'set', 'remove' or both"));
		problems++;
	}
	for (i = 0; set != NULL && set->type == YNODE_SEQUENCE &&
	    i < set->n; i++) {
		it = set->items[i];
		if (it->type != YNODE_MAPPING)
			continue;
		problems += yamledit_validate_entry(it, "set", set_keys, file,
		    d);
		if ((v = ynode_get(it, "path")) != NULL &&
		    v->type != YNODE_SCALAR) {
			diags_add(d, file, v->line, v->col, _("'path' must be "
			    "a text such as a.b[key=value].c"));
			problems++;
		}
		problems += yamledit_validate_path(v, "path", file, d);
		if ((v = ynode_get(it, "value")) != NULL &&
		    v->type != YNODE_SCALAR) {
			diags_add(d, file, v->line, v->col, _("'value' must be "
			    "a text (in quotes when it looks like a number or "
			    "true/false, to be read as written)"));
			problems++;
		}
	}
	for (i = 0; rm != NULL && rm->type == YNODE_SEQUENCE &&
	    i < rm->n; i++) {
		it = rm->items[i];
		if (it->type != YNODE_MAPPING)
			continue;
		problems += yamledit_validate_entry(it, "remove", rm_keys,
		    file, d);
		if ((v = ynode_get(it, "list")) != NULL &&
		    v->type != YNODE_SCALAR) {
			diags_add(d, file, v->line, v->col, _("'list' must be "
			    "a text such as a.b[key=value].c"));
			problems++;
		}
		problems += yamledit_validate_path(v, "list", file, d);
		if ((m = ynode_get(it, "match")) == NULL)
			continue;
		if (m->type != YNODE_MAPPING || m->n == 0) {
			diags_add(d, file, m->line, m->col, _("'match' must be "
			    "a mapping of key to value, such as {name: "
			    "SchemaMigrator, parameters.location: step2}"));
			problems++;
			continue;
		}
		for (j = 0; j < m->n; j++) {
			if (ypath_check_keys(m->keys[j]->value,
			    strlen(m->keys[j]->value), &at) == -1) {
				diags_add(d, file, m->keys[j]->line,
				    m->keys[j]->col, _("'%s' in 'match' must "
				    "be a key, or keys separated by '.'"),
				    m->keys[j]->value);
				problems++;
			}
			if (m->items[j]->type != YNODE_SCALAR) {
				diags_add(d, file, m->items[j]->line,
				    m->items[j]->col, _("the value of '%s' in "
				    "'match' must be a text"),
				    m->keys[j]->value);
				problems++;
			}
		}
	}
	return problems;
}

const struct kind kind_yaml_edit = {
	.name = "yaml_edit",
	.step_kind = STEP_ACTION,
	.summary = N_("change values in a YAML file, or remove list entries, "
	    "keeping the rest as it is"),
	.params = yamledit_params,
	.validate = yamledit_validate,
	.describe = yamledit_describe,
	.run = yamledit_run
};
