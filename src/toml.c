/* toml.c: a strict TOML 1.0 reader that keeps the place of every table, key
 * and value in the text.
 *
 * One recursive-descent pass over the bytes, after one check that the text
 * is UTF-8. Every syntax error is reported with its line and column; after
 * one, the reader skips the rest of the statement (a multi-line array too)
 * and goes on, so a file shows all its problems at once. The tables form
 * the tree TOML defines: headers, dotted keys and inline tables make
 * tables, and no table or key is defined twice. */
#include "config.h"

#include "toml.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* Arrays and inline tables inside each other, and parts of a name: far more
 * than any configuration holds, and it bounds the recursion. */
#define TOML_MAX_NESTING 64
#define TOML_MAX_PARTS 128

/* A key as written: its decoded parts and where each is. */
struct tkey {
	char		**parts;
	struct toml_pos	 *ppos;
	size_t		  n;
	struct toml_pos	  pos;		/* from the first part to the last */
};

struct tparse {
	const char		*s;
	size_t			 len;
	size_t			 i;		/* the cursor, a byte offset */
	size_t			 base;		/* past a byte order mark */
	const char		*file;
	struct diags		*d;
	size_t			 errors;
	int			 failed;	/* an error in this statement */
	size_t			 err_depth;	/* nesting at that error */
	size_t			*lines;		/* where each line starts */
	size_t			 nlines;
	struct toml_doc		*doc;
	struct toml_table	*cur;		/* the table keys go into */
	struct toml_table	*last;		/* the last header's table */
	size_t			 depth;		/* arrays, inline tables */
};

static struct toml_value *tparse_value(struct tparse *);
static void	value_free(struct toml_value *);

/* Positions. */

static size_t
tparse_line_index(const struct tparse *p, size_t off)
{
	size_t lo = 0, hi = p->nlines, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (p->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void
tparse_place(const struct tparse *p, size_t start, size_t end,
    struct toml_pos *pos)
{
	size_t k = tparse_line_index(p, start), j;
	int col = 1;

	for (j = p->lines[k]; j < start && j < p->len; j++) {
		if (((unsigned char)p->s[j] & 0xc0) != 0x80)
			col++;
	}
	pos->line = (int)k + 1;
	pos->col = col;
	pos->start = start;
	pos->end = end;
}

static void __attribute__((format(printf, 3, 4)))
tparse_error(struct tparse *p, size_t off, const char *fmt, ...)
{
	struct toml_pos pos;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	tparse_place(p, off, off, &pos);
	diags_add(p->d, p->file, pos.line, pos.col, "%s", msg);
	free(msg);
	p->errors++;
	if (!p->failed) {
		p->failed = 1;
		p->err_depth = p->depth;
	}
}

/* Characters. */

static int
tparse_at(const struct tparse *p, size_t k)
{
	if (p->i + k >= p->len)
		return -1;
	return (unsigned char)p->s[p->i + k];
}

static int
tparse_cur(const struct tparse *p)
{
	return tparse_at(p, 0);
}

/* The length of a valid UTF-8 sequence at s (len bytes left), with its
 * code point, or 0 when it is not valid. */
static size_t
utf8_decode(const char *s, size_t len, long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, k;
	long c, min;

	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (k = 1; k < n; k++) {
		if ((u[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* The code point at the cursor (its length in *n), -1 at the end. */
static long
tparse_codepoint(const struct tparse *p, size_t *n)
{
	long cp;

	*n = utf8_decode(p->s + p->i, p->len - p->i, &cp);
	if (*n == 0) {
		*n = 1;
		return p->i < p->len ? (unsigned char)p->s[p->i] : -1;
	}
	return cp;
}

static int
is_typographic_quote(long cp)
{
	return cp == 0x2018 || cp == 0x2019 || cp == 0x201c || cp == 0x201d ||
	    cp == 0x201e || cp == 0x00ab || cp == 0x00bb;
}

static int
is_control(int c)
{
	return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

static int
is_bare(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void
tparse_typographic(struct tparse *p, size_t off, long cp)
{
	tparse_error(p, off,
	    _("a typographic quote (U+%04lX) is not a TOML quote"), cp);
}

/* Report what is at the cursor where it does not belong: a typographic
 * quote, a no-break space and a control character get their own message,
 * anything else msg. */
static void
tparse_unexpected(struct tparse *p, const char *msg)
{
	size_t n;
	long cp = tparse_codepoint(p, &n);

	if (is_typographic_quote(cp))
		tparse_typographic(p, p->i, cp);
	else if (cp == 0xa0)
		tparse_error(p, p->i,
		    _("a no-break space (U+00A0) is not TOML white space"));
	else if (cp >= 0 && is_control((int)cp) && cp != '\n' && cp != '\r')
		tparse_error(p, p->i,
		    _("control character U+%04lX is not allowed here"), cp);
	else
		tparse_error(p, p->i, "%s", msg);
}

static void
tparse_ws(struct tparse *p)
{
	int c;

	while ((c = tparse_cur(p)) == ' ' || c == '\t')
		p->i++;
}

/* Take a newline (LF or CR LF) at the cursor; 0 when there is none. */
static int
tparse_newline(struct tparse *p)
{
	if (tparse_cur(p) == '\n') {
		p->i++;
		return 1;
	}
	if (tparse_cur(p) == '\r' && tparse_at(p, 1) == '\n') {
		p->i += 2;
		return 1;
	}
	return 0;
}

static int
tparse_at_eol(const struct tparse *p)
{
	int c = tparse_cur(p);

	return c == -1 || c == '\n' || (c == '\r' && tparse_at(p, 1) == '\n');
}

/* A comment, from '#' to the end of its line (the newline is left). */
static void
tparse_comment(struct tparse *p)
{
	int c;

	p->i++;
	while (!tparse_at_eol(p)) {
		c = tparse_cur(p);
		if (is_control(c))
			tparse_error(p, p->i, _("control character U+%04X is "
			    "not allowed in a comment"), (unsigned)c);
		p->i++;
	}
}

/* After a statement: white space, a comment, then the end of the line,
 * which is taken. *eol is where the line's end is. */
static int
tparse_end_of_line(struct tparse *p, const char *msg, size_t *eol)
{
	tparse_ws(p);
	if (tparse_cur(p) == '#')
		tparse_comment(p);
	*eol = p->i;
	if (p->i >= p->len || tparse_newline(p))
		return 0;
	tparse_unexpected(p, msg);
	return -1;
}

/* White space, newlines and comments, as between the items of an array. */
static void
tparse_blank(struct tparse *p)
{
	for (;;) {
		tparse_ws(p);
		if (tparse_cur(p) == '#')
			tparse_comment(p);
		if (!tparse_newline(p))
			return;
	}
}

/* Strings. */

static int
tparse_hex(const struct tparse *p, size_t off, size_t n, long *cp)
{
	size_t k;
	long v = 0;
	int c;

	for (k = 0; k < n; k++) {
		if (off + k >= p->len)
			return -1;
		c = (unsigned char)p->s[off + k];
		if (!is_hex(c))
			return -1;
		v = v * 16 + (is_digit(c) ? c - '0' :
		    (c >= 'a' ? c - 'a' + 10 : c - 'A' + 10));
	}
	*cp = v;
	return 0;
}

static void
utf8_encode(struct buf *b, long cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* An escape sequence at the cursor (a backslash) into b. */
static int
tparse_escape(struct tparse *p, struct buf *b)
{
	size_t at = p->i, digits;
	int c = tparse_at(p, 1);
	long cp;

	switch (c) {
	case 'b':
		buf_addc(b, '\b');
		break;
	case 't':
		buf_addc(b, '\t');
		break;
	case 'n':
		buf_addc(b, '\n');
		break;
	case 'f':
		buf_addc(b, '\f');
		break;
	case 'r':
		buf_addc(b, '\r');
		break;
	case '"':
		buf_addc(b, '"');
		break;
	case '\\':
		buf_addc(b, '\\');
		break;
	case 'u':
	case 'U':
		digits = c == 'u' ? 4 : 8;
		if (tparse_hex(p, at + 2, digits, &cp) == -1) {
			if (c == 'u')
				tparse_error(p, at, _("\\u must be followed by "
				    "4 hexadecimal digits"));
			else
				tparse_error(p, at, _("\\U must be followed by "
				    "8 hexadecimal digits"));
			return -1;
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
			tparse_error(p, at, _("%.*s is not a Unicode scalar "
			    "value"), (int)digits + 2, p->s + at);
			return -1;
		}
		utf8_encode(b, cp);
		p->i += digits + 2;
		return 0;
	default:
		if (c > ' ' && c < 0x7f)
			tparse_error(p, at, _("\\%c is not a TOML escape "
			    "sequence; write \\\\ for a backslash"), c);
		else
			tparse_error(p, at, _("a backslash must be followed by "
			    "an escape sequence; write \\\\ for a backslash"));
		return -1;
	}
	p->i += 2;
	return 0;
}

/* Step over a bad escape sequence (reported) so the string goes on. */
static void
tparse_skip_escape(struct tparse *p)
{
	p->i++;
	if (!tparse_at_eol(p))
		p->i++;
}

/* Copy the character at the cursor into b, refusing control characters
 * (reported; the string goes on). */
static void
tparse_string_char(struct tparse *p, struct buf *b)
{
	int c = tparse_cur(p);
	size_t n;

	if (is_control(c)) {
		tparse_error(p, p->i, _("control character U+%04X must be "
		    "escaped in a string"), (unsigned)c);
		p->i++;
		return;
	}
	tparse_codepoint(p, &n);
	buf_add(b, p->s + p->i, n);
	p->i += n;
}

/* A one-line string, basic ("...") or literal ('...'), at the cursor. A
 * string left open whose line holds a typographic quote is reported at
 * that quote: it is almost surely the quote meant to close it. */
static int
tparse_line_string(struct tparse *p, struct buf *b)
{
	size_t start = p->i, typo = SIZE_MAX, n;
	int q = tparse_cur(p), c, bad = 0;
	long cp, typo_cp = 0;

	p->i++;
	for (;;) {
		c = tparse_cur(p);
		if (c == -1 || c == '\n' || c == '\r') {
			if (typo != SIZE_MAX)
				tparse_typographic(p, typo, typo_cp);
			else if (q == '"')
				tparse_error(p, start, _("this string is not "
				    "closed: a \" is missing before the end of "
				    "the line"));
			else
				tparse_error(p, start, _("this string is not "
				    "closed: a ' is missing before the end of "
				    "the line"));
			return -1;
		}
		if (c == q) {
			p->i++;
			return bad ? -1 : 0;
		}
		if (c == '\\' && q == '"') {
			if (tparse_escape(p, b) == -1) {
				bad = 1;
				tparse_skip_escape(p);
			}
			continue;
		}
		if (c >= 0x80) {
			cp = tparse_codepoint(p, &n);
			if (is_typographic_quote(cp)) {
				typo = p->i;
				typo_cp = cp;
			}
		}
		tparse_string_char(p, b);
	}
}

/* A multi-line string, """...""" or '''...''', at the cursor. */
static int
tparse_ml_string(struct tparse *p, struct buf *b)
{
	size_t start = p->i, q, k;
	int d = tparse_cur(p), c, bad = 0;

	p->i += 3;
	tparse_newline(p);
	for (;;) {
		c = tparse_cur(p);
		if (c == -1) {
			tparse_error(p, start, _("this multi-line string is "
			    "not closed"));
			return -1;
		}
		if (c == d && tparse_at(p, 1) == d && tparse_at(p, 2) == d) {
			/* Up to two quotes may come before the closing three. */
			for (q = 3; q < 5 && tparse_at(p, q) == d; q++)
				;
			for (k = 3; k < q; k++)
				buf_addc(b, (char)d);
			p->i += q;
			return bad ? -1 : 0;
		}
		if (c == '\\' && d == '"') {
			for (k = 1; tparse_at(p, k) == ' ' ||
			    tparse_at(p, k) == '\t'; k++)
				;
			if (tparse_at(p, k) == '\n' || (tparse_at(p, k) ==
			    '\r' && tparse_at(p, k + 1) == '\n')) {
				/* A line-ending backslash: the newline and the
				 * white space after it go. */
				p->i += k;
				for (;;) {
					if (tparse_cur(p) == ' ' ||
					    tparse_cur(p) == '\t')
						p->i++;
					else if (!tparse_newline(p))
						break;
				}
				continue;
			}
			if (tparse_escape(p, b) == -1) {
				bad = 1;
				tparse_skip_escape(p);
			}
			continue;
		}
		if (tparse_newline(p)) {
			buf_addc(b, '\n');
			continue;
		}
		tparse_string_char(p, b);
	}
}

/* Keys. */

static void
tkey_free(struct tkey *k)
{
	toml_parts_free(k->parts, k->n);
	free(k->ppos);
	memset(k, 0, sizeof *k);
}

/* A key, bare, quoted or dotted, at the cursor (white space before it and
 * around its dots is taken). */
static int
tparse_key(struct tparse *p, struct tkey *k)
{
	struct buf b = BUF_INIT;
	size_t start, size = 0;
	int c;

	memset(k, 0, sizeof *k);
	for (;;) {
		tparse_ws(p);
		start = p->i;
		c = tparse_cur(p);
		if (c == '"' || c == '\'') {
			if (tparse_at(p, 1) == c && tparse_at(p, 2) == c) {
				tparse_error(p, start, _("a key cannot be a "
				    "multi-line string"));
				goto fail;
			}
			if (tparse_line_string(p, &b) == -1)
				goto fail;
		} else if (is_bare(c)) {
			while (is_bare(tparse_cur(p)))
				p->i++;
			buf_add(&b, p->s + start, p->i - start);
		} else {
			if (c == '=')
				tparse_error(p, p->i, _("a key is missing "
				    "before ="));
			else if (k->n > 0 && (tparse_at_eol(p) || c == '#' ||
			    c == ']' || c == '.'))
				tparse_error(p, p->i, _("a key is missing "
				    "after the dot"));
			else if (tparse_at_eol(p) || c == ']')
				tparse_error(p, p->i, _("a key is missing"));
			else
				tparse_unexpected(p, _("a key cannot start "
				    "here: a bare key has only letters, digits, "
				    "_ and -, other keys are quoted"));
			goto fail;
		}
		if (k->n == TOML_MAX_PARTS) {
			tparse_error(p, start, _("a key has more than %d "
			    "parts"), TOML_MAX_PARTS);
			goto fail;
		}
		if (k->n == size) {
			size = size == 0 ? 4 : size * 2;
			k->parts = xreallocarray(k->parts, size,
			    sizeof *k->parts);
			k->ppos = xreallocarray(k->ppos, size, sizeof *k->ppos);
		}
		k->parts[k->n] = buf_steal(&b);
		tparse_place(p, start, p->i, &k->ppos[k->n]);
		k->n++;
		tparse_ws(p);
		if (tparse_cur(p) != '.')
			break;
		p->i++;
	}
	k->pos = k->ppos[0];
	k->pos.end = k->ppos[k->n - 1].end;
	return 0;

fail:
	buf_free(&b);
	tkey_free(k);
	return -1;
}

/* Parts first..last of a key as TOML writes them, joined by dots. */
static char *
tkey_name(const struct tkey *k, size_t last)
{
	struct buf b = BUF_INIT;
	size_t j;
	char *s;

	for (j = 0; j <= last; j++) {
		if (j > 0)
			buf_addc(&b, '.');
		s = toml_key_format(k->parts[j]);
		buf_adds(&b, s);
		free(s);
	}
	return buf_steal(&b);
}

/* Tables and values. */

static struct toml_value *
value_new(enum toml_type type)
{
	struct toml_value *v = xcalloc(1, sizeof *v);

	v->type = type;
	return v;
}

/* A value and its items; tables belong to the document, not to it. */
static void
value_free(struct toml_value *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		value_free(v->items[i]);
	free(v->items);
	free(v->str);
	free(v);
}

static void
value_push(struct toml_value *a, struct toml_value *v)
{
	a->items = xreallocarray(a->items, a->n + 1, sizeof *a->items);
	a->items[a->n++] = v;
}

static struct toml_table *
tparse_table_new(struct tparse *p, enum toml_table_kind kind,
    struct toml_table *parent, const char *key)
{
	struct toml_doc *doc = p->doc;
	struct toml_table *t = xcalloc(1, sizeof *t);

	t->kind = kind;
	t->parent = parent;
	t->key = xstrdup(key);
	if (doc->nall == doc->sizeall) {
		doc->sizeall = doc->sizeall == 0 ? 16 : doc->sizeall * 2;
		doc->all = xreallocarray(doc->all, doc->sizeall,
		    sizeof *doc->all);
	}
	doc->all[doc->nall++] = t;
	return t;
}

static struct toml_value *
table_value(struct toml_table *t)
{
	struct toml_value *v = value_new(TOML_TABLE);

	v->table = t;
	return v;
}

static struct toml_kv *
table_add(struct toml_table *t, const char *key, struct toml_value *v,
    int pair, const struct toml_pos *key_pos)
{
	struct toml_kv *kv = xcalloc(1, sizeof *kv);

	kv->key = xstrdup(key);
	kv->pair = pair;
	kv->key_pos = *key_pos;
	kv->value = v;
	t->kv = xreallocarray(t->kv, t->n + 1, sizeof *t->kv);
	t->kv[t->n++] = kv;
	return kv;
}

static void
table_free(struct toml_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->kv[i]->key);
		value_free(t->kv[i]->value);
		free(t->kv[i]);
	}
	free(t->kv);
	free(t->key);
	free(t->name);
	free(t->path);
	free(t);
}

/* The line where what a name holds was defined, for messages. */
static int
kv_line(const struct toml_kv *kv)
{
	const struct toml_value *v = kv->value;

	if (v->type == TOML_TABLE && (v->table->kind == TOML_TABLE_HEADER ||
	    v->table->kind == TOML_TABLE_INLINE))
		return v->table->header.line;
	if (v->type == TOML_ARRAY && v->headers && v->n > 0)
		return v->items[0]->table->header.line;
	return kv->key_pos.line;
}

/* A table's dotted name from its parents, while the paths are not made. */
static char *
table_name(const struct toml_table *t)
{
	const struct toml_table *u;
	struct buf b = BUF_INIT;
	size_t n = 0, j, k;
	char *s;

	for (u = t; u->parent != NULL; u = u->parent)
		n++;
	for (j = n; j > 0; j--) {
		u = t;
		for (k = 1; k < j; k++)
			u = u->parent;
		s = toml_key_format(u->key);
		if (b.len > 0)
			buf_addc(&b, '.');
		buf_adds(&b, s);
		free(s);
	}
	return buf_steal(&b);
}

/* Give the inline tables of a value (in arrays too) their place. */
static void
value_adopt(struct toml_value *v, struct toml_table *parent, const char *key)
{
	size_t i;

	if (v->type == TOML_TABLE) {
		v->table->parent = parent;
		free(v->table->key);
		v->table->key = xstrdup(key);
	}
	for (i = 0; i < v->n; i++)
		value_adopt(v->items[i], parent, key);
}

/* Put key = value into table t, making the tables a dotted key names. A
 * conflict is reported and the value freed. */
static void
tparse_put(struct tparse *p, struct toml_table *t, struct tkey *k,
    struct toml_value *v, const struct toml_pos *line)
{
	struct toml_table *tb;
	struct toml_kv *kv;
	size_t j, last = k->n - 1;
	char *name;

	for (j = 0; j < last; j++) {
		kv = toml_kv_get(t, k->parts[j]);
		if (kv == NULL) {
			tb = tparse_table_new(p, TOML_TABLE_DOTTED, t,
			    k->parts[j]);
			table_add(t, k->parts[j], table_value(tb), 0,
			    &k->ppos[j]);
			t = tb;
			continue;
		}
		if (kv->value->type == TOML_TABLE) {
			tb = kv->value->table;
			if (tb->kind == TOML_TABLE_IMPLICIT)
				tb->kind = TOML_TABLE_DOTTED;
			if (tb->kind == TOML_TABLE_DOTTED) {
				t = tb;
				continue;
			}
			name = table_name(tb);
			tparse_error(p, k->ppos[j].start, _("dotted keys cannot "
			    "add to table [%s], defined at line %d"), name,
			    kv_line(kv));
			free(name);
			goto fail;
		}
		name = tkey_name(k, j);
		if (kv->value->type == TOML_ARRAY && kv->value->headers)
			tparse_error(p, k->ppos[j].start, _("dotted keys cannot "
			    "add to the array of tables '%s' (line %d)"), name,
			    kv_line(kv));
		else
			tparse_error(p, k->ppos[j].start, _("'%s' is already a "
			    "value (line %d), not a table"), name, kv_line(kv));
		free(name);
		goto fail;
	}
	kv = toml_kv_get(t, k->parts[last]);
	if (kv != NULL) {
		name = tkey_name(k, last);
		if (kv->pair)
			tparse_error(p, k->pos.start, _("duplicate key '%s' "
			    "(first at line %d)"), name, kv_line(kv));
		else if (kv->value->type == TOML_ARRAY)
			tparse_error(p, k->pos.start, _("'%s' is already an "
			    "array of tables (line %d)"), name, kv_line(kv));
		else
			tparse_error(p, k->pos.start, _("'%s' is already a "
			    "table (line %d)"), name, kv_line(kv));
		free(name);
		goto fail;
	}
	kv = table_add(t, k->parts[last], v, 1, &k->pos);
	kv->line = *line;
	value_adopt(v, t, k->parts[last]);
	return;

fail:
	value_free(v);
}

/* Find or make the table a header names. NULL (reported) when it cannot
 * be defined there. */
static struct toml_table *
tparse_open(struct tparse *p, struct tkey *k, int aot,
    const struct toml_pos *hpos)
{
	struct toml_table *t = p->doc->root, *tb;
	struct toml_value *arr;
	struct toml_kv *kv;
	size_t j, last = k->n - 1;
	char *name;

	for (j = 0; j < last; j++) {
		kv = toml_kv_get(t, k->parts[j]);
		if (kv == NULL) {
			tb = tparse_table_new(p, TOML_TABLE_IMPLICIT, t,
			    k->parts[j]);
			table_add(t, k->parts[j], table_value(tb), 0,
			    &k->ppos[j]);
			t = tb;
			continue;
		}
		if (kv->value->type == TOML_TABLE &&
		    kv->value->table->kind != TOML_TABLE_INLINE) {
			t = kv->value->table;
			continue;
		}
		if (kv->value->type == TOML_ARRAY && kv->value->headers) {
			t = kv->value->items[kv->value->n - 1]->table;
			continue;
		}
		name = tkey_name(k, j);
		if (kv->value->type == TOML_TABLE)
			tparse_error(p, k->ppos[j].start, _("table [%s] is an "
			    "inline table (line %d) and cannot be extended"),
			    name, kv_line(kv));
		else
			tparse_error(p, k->ppos[j].start, _("'%s' is already a "
			    "value (line %d), not a table"), name, kv_line(kv));
		free(name);
		return NULL;
	}

	kv = toml_kv_get(t, k->parts[last]);
	name = tkey_name(k, last);
	if (aot) {
		if (kv == NULL) {
			arr = value_new(TOML_ARRAY);
			arr->headers = 1;
			table_add(t, k->parts[last], arr, 0, &k->ppos[last]);
		} else if (kv->value->type == TOML_ARRAY && kv->value->headers)
			arr = kv->value;
		else {
			if (kv->value->type == TOML_TABLE)
				tparse_error(p, hpos->start, _("'%s' is already "
				    "a table (line %d), not an array of tables"),
				    name, kv_line(kv));
			else if (kv->value->type == TOML_ARRAY)
				tparse_error(p, hpos->start, _("'%s' is already "
				    "an array (line %d), not an array of "
				    "tables"), name, kv_line(kv));
			else
				tparse_error(p, hpos->start, _("'%s' is already "
				    "a value (line %d), not an array of tables"),
				    name, kv_line(kv));
			free(name);
			return NULL;
		}
		tb = tparse_table_new(p, TOML_TABLE_ENTRY, t, k->parts[last]);
		tb->index = arr->n;
		value_push(arr, table_value(tb));
		arr->items[arr->n - 1]->pos = *hpos;
		free(name);
		return tb;
	}
	if (kv == NULL) {
		tb = tparse_table_new(p, TOML_TABLE_HEADER, t, k->parts[last]);
		kv = table_add(t, k->parts[last], table_value(tb), 0,
		    &k->ppos[last]);
		kv->value->pos = *hpos;
		free(name);
		return tb;
	}
	if (kv->value->type == TOML_TABLE &&
	    kv->value->table->kind == TOML_TABLE_IMPLICIT) {
		kv->value->table->kind = TOML_TABLE_HEADER;
		kv->value->pos = *hpos;
		free(name);
		return kv->value->table;
	}
	if (kv->value->type == TOML_TABLE) {
		tb = kv->value->table;
		if (tb->kind == TOML_TABLE_DOTTED)
			tparse_error(p, hpos->start, _("table [%s] is already "
			    "defined by dotted keys at line %d"), name,
			    kv_line(kv));
		else if (tb->kind == TOML_TABLE_INLINE)
			tparse_error(p, hpos->start, _("table [%s] is an inline "
			    "table (line %d) and cannot be extended"), name,
			    kv_line(kv));
		else
			tparse_error(p, hpos->start, _("table [%s] is already "
			    "defined at line %d"), name, kv_line(kv));
	} else if (kv->value->type == TOML_ARRAY && kv->value->headers)
		tparse_error(p, hpos->start, _("table [%s] is already an array "
		    "of tables (line %d)"), name, kv_line(kv));
	else
		tparse_error(p, hpos->start, _("'%s' is already a value "
		    "(line %d), not a table"), name, kv_line(kv));
	free(name);
	return NULL;
}

/* Scalars: numbers, booleans, dates and times. */

/* Digits of a base with single underscores between them, from t[*k];
 * -1 when there is no digit or an underscore is misplaced. */
static int
scan_digits(const char *t, size_t n, size_t *k, int (*isd)(int))
{
	if (*k >= n || !isd((unsigned char)t[*k]))
		return -1;
	while (*k < n) {
		if (isd((unsigned char)t[*k]))
			(*k)++;
		else if (t[*k] == '_' && *k + 1 < n &&
		    isd((unsigned char)t[*k + 1]))
			(*k)++;
		else
			break;
	}
	return 0;
}

static int
is_oct(int c)
{
	return c >= '0' && c <= '7';
}

static int
is_bin(int c)
{
	return c == '0' || c == '1';
}

/* The number t (n bytes) into v; -1 (reported at start) if it is none. */
static int
tparse_number(struct tparse *p, const char *t, size_t n, size_t start,
    struct toml_value *v)
{
	struct buf b = BUF_INIT;
	size_t k = 0, j, body;
	int neg = 0, sign = 0, isfloat = 0, base = 10, (*isd)(int);
	unsigned long long u = 0, limit;
	const char *dp;
	char *endp;
	double d;

	if (t[0] == '+' || t[0] == '-') {
		sign = 1;
		neg = t[0] == '-';
		k = 1;
	}
	if (n - k == 3 && (memcmp(t + k, "inf", 3) == 0 ||
	    memcmp(t + k, "nan", 3) == 0)) {
		v->type = TOML_FLOAT;
		v->number = t[k] == 'i' ? (neg ? -INFINITY : INFINITY) :
		    (neg ? -NAN : NAN);
		return 0;
	}
	if (!sign && n > 2 && t[0] == '0' &&
	    (t[1] == 'x' || t[1] == 'o' || t[1] == 'b')) {
		base = t[1] == 'x' ? 16 : (t[1] == 'o' ? 8 : 2);
		isd = base == 16 ? is_hex : (base == 8 ? is_oct : is_bin);
		k = 2;
		if (scan_digits(t, n, &k, isd) == -1 || k != n)
			goto invalid;
		for (j = 2; j < n; j++) {
			int c = (unsigned char)t[j], dv;

			if (c == '_')
				continue;
			dv = is_digit(c) ? c - '0' :
			    (c >= 'a' ? c - 'a' + 10 : c - 'A' + 10);
			if (u > ((unsigned long long)LLONG_MAX - (unsigned)dv) /
			    (unsigned)base)
				goto large;
			u = u * (unsigned)base + (unsigned)dv;
		}
		v->type = TOML_INTEGER;
		v->integer = (long long)u;
		return 0;
	}
	body = k;
	if (scan_digits(t, n, &k, is_digit) == -1)
		goto invalid;
	if (t[body] == '0' && k - body > 1) {
		tparse_error(p, start, _("a number cannot start with a zero"));
		return -1;
	}
	if (k < n && t[k] == '.') {
		k++;
		if (scan_digits(t, n, &k, is_digit) == -1)
			goto invalid;
		isfloat = 1;
	}
	if (k < n && (t[k] == 'e' || t[k] == 'E')) {
		k++;
		if (k < n && (t[k] == '+' || t[k] == '-'))
			k++;
		if (scan_digits(t, n, &k, is_digit) == -1)
			goto invalid;
		isfloat = 1;
	}
	if (k != n)
		goto invalid;

	/* The digits without underscores, in the C library's form. */
	dp = localeconv()->decimal_point;
	for (j = 0; j < n; j++) {
		if (t[j] == '_')
			continue;
		if (t[j] == '.')
			buf_adds(&b, dp);
		else
			buf_addc(&b, t[j]);
	}
	if (!isfloat) {
		limit = neg ? (unsigned long long)LLONG_MAX + 1 :
		    (unsigned long long)LLONG_MAX;
		for (j = sign; j < b.len; j++) {
			unsigned dv = (unsigned)(b.data[j] - '0');

			if (u > (limit - dv) / 10) {
				buf_free(&b);
				goto large;
			}
			u = u * 10 + dv;
		}
		v->type = TOML_INTEGER;
		v->integer = neg ? (long long)(0 - u) : (long long)u;
		buf_free(&b);
		return 0;
	}
	errno = 0;
	d = strtod(b.data, &endp);
	if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL)) {
		buf_free(&b);
		goto large;
	}
	buf_free(&b);
	v->type = TOML_FLOAT;
	v->number = d;
	return 0;

invalid:
	tparse_error(p, start, _("this is not a valid number"));
	return -1;
large:
	tparse_error(p, start, _("this number is too large"));
	return -1;
}

/* Two digits at t as a number, or -1. */
static int
two_digits(const char *t)
{
	if (!is_digit((unsigned char)t[0]) || !is_digit((unsigned char)t[1]))
		return -1;
	return (t[0] - '0') * 10 + (t[1] - '0');
}

/* A time hh:mm:ss[.fff] at t[*k]; -1 if it is not one. */
static int
scan_time(const char *t, size_t n, size_t *k)
{
	const char *s = t + *k;

	if (n - *k < 8 || s[2] != ':' || s[5] != ':')
		return -1;
	if (two_digits(s) < 0 || two_digits(s) > 23 ||
	    two_digits(s + 3) < 0 || two_digits(s + 3) > 59 ||
	    two_digits(s + 6) < 0 || two_digits(s + 6) > 60)
		return -1;
	*k += 8;
	if (*k < n && t[*k] == '.') {
		(*k)++;
		if (*k >= n || !is_digit((unsigned char)t[*k]))
			return -1;
		while (*k < n && is_digit((unsigned char)t[*k]))
			(*k)++;
	}
	return 0;
}

/* Is t (n bytes) a TOML date, time or date-time? */
static int
is_datetime(const char *t, size_t n)
{
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	size_t k = 0, j;
	int year, month, day, leap;

	if (n >= 3 && t[2] == ':')
		return scan_time(t, n, &k) == 0 && k == n;
	if (n < 10 || t[4] != '-' || t[7] != '-')
		return 0;
	for (j = 0; j < 4; j++) {
		if (!is_digit((unsigned char)t[j]))
			return 0;
	}
	year = atoi(t);
	month = two_digits(t + 5);
	day = two_digits(t + 8);
	if (month < 1 || month > 12 || day < 1 || day > mdays[month - 1])
		return 0;
	leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (month == 2 && day == 29 && !leap)
		return 0;
	if (n == 10)
		return 1;
	if (t[10] != 'T' && t[10] != 't' && t[10] != ' ')
		return 0;
	k = 11;
	if (scan_time(t, n, &k) == -1)
		return 0;
	if (k == n)
		return 1;
	if ((t[k] == 'Z' || t[k] == 'z') && k + 1 == n)
		return 1;
	if ((t[k] == '+' || t[k] == '-') && n - k == 6 && t[k + 3] == ':' &&
	    two_digits(t + k + 1) >= 0 && two_digits(t + k + 1) <= 23 &&
	    two_digits(t + k + 4) >= 0 && two_digits(t + k + 4) <= 59)
		return 1;
	return 0;
}

static int
is_scalar_char(int c)
{
	return is_bare(c) || c == '.' || c == '+' || c == ':';
}

/* A number, boolean, date or time at the cursor. */
static struct toml_value *
tparse_scalar(struct tparse *p)
{
	struct toml_value *v;
	size_t start = p->i, n;
	const char *t = p->s + start;
	int c = tparse_cur(p);

	while (is_scalar_char(tparse_cur(p)))
		p->i++;
	/* A date and a time may be apart by one space. */
	if (p->i - start == 10 && t[4] == '-' && tparse_cur(p) == ' ' &&
	    is_digit(tparse_at(p, 1)) && is_digit(tparse_at(p, 2)) &&
	    tparse_at(p, 3) == ':') {
		p->i++;
		while (is_scalar_char(tparse_cur(p)))
			p->i++;
	}
	n = p->i - start;
	if (n == 0) {
		if (tparse_at_eol(p) || c == '#')
			tparse_error(p, p->i, _("a value is missing"));
		else
			tparse_unexpected(p, _("a value cannot start here"));
		return NULL;
	}
	v = value_new(TOML_BOOLEAN);
	tparse_place(p, start, p->i, &v->pos);
	if (n == 4 && memcmp(t, "true", 4) == 0) {
		v->boolean = 1;
		return v;
	}
	if (n == 5 && memcmp(t, "false", 5) == 0)
		return v;
	if ((n >= 10 && t[4] == '-') || (n >= 3 && t[2] == ':')) {
		if (!is_datetime(t, n)) {
			tparse_error(p, start, _("this is not a valid date or "
			    "time"));
			value_free(v);
			return NULL;
		}
		v->type = TOML_DATETIME;
		v->str = xstrndup(t, n);
		return v;
	}
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
		if ((n != 3 || (memcmp(t, "inf", 3) != 0 &&
		    memcmp(t, "nan", 3) != 0))) {
			tparse_error(p, start, _("a text value must be written "
			    "in quotes"));
			value_free(v);
			return NULL;
		}
	}
	if (tparse_number(p, t, n, start, v) == -1) {
		value_free(v);
		return NULL;
	}
	return v;
}

/* Arrays and inline tables. */

static int
tparse_enter(struct tparse *p)
{
	if (p->depth == TOML_MAX_NESTING) {
		tparse_error(p, p->i, _("arrays and inline tables are nested "
		    "more than %d deep"), TOML_MAX_NESTING);
		return -1;
	}
	p->depth++;
	return 0;
}

static struct toml_value *
tparse_array(struct tparse *p)
{
	struct toml_value *a, *v;
	size_t start = p->i;

	if (tparse_enter(p) == -1)
		return NULL;
	a = value_new(TOML_ARRAY);
	p->i++;
	for (;;) {
		tparse_blank(p);
		if (tparse_cur(p) == ']')
			break;
		if (p->i >= p->len)
			goto open;
		if (tparse_cur(p) == ',') {
			tparse_error(p, p->i, _("a value is missing before "
			    "the comma"));
			goto fail;
		}
		if ((v = tparse_value(p)) == NULL)
			goto fail;
		value_push(a, v);
		tparse_blank(p);
		if (tparse_cur(p) == ',') {
			p->i++;
			continue;
		}
		if (tparse_cur(p) == ']')
			break;
		if (p->i >= p->len)
			goto open;
		tparse_unexpected(p, _("expected , or ] after an item of the "
		    "array"));
		goto fail;
	}
	p->i++;
	p->depth--;
	tparse_place(p, start, p->i, &a->pos);
	return a;

open:
	tparse_error(p, start, _("this array is not closed: a ] is missing"));
fail:
	p->depth--;
	value_free(a);
	return NULL;
}

static struct toml_value *
tparse_inline(struct tparse *p)
{
	struct toml_table *t;
	struct toml_value *v;
	struct toml_pos line;
	struct tkey k;
	size_t start = p->i;

	if (tparse_enter(p) == -1)
		return NULL;
	t = tparse_table_new(p, TOML_TABLE_INLINE, NULL, "");
	p->i++;
	tparse_ws(p);
	if (tparse_cur(p) == '}')
		goto done;
	for (;;) {
		tparse_ws(p);
		if (tparse_at_eol(p)) {
			tparse_error(p, p->i, _("an inline table must be "
			    "written on one line: a } is missing"));
			goto fail;
		}
		if (tparse_key(p, &k) == -1)
			goto fail;
		tparse_ws(p);
		if (tparse_cur(p) != '=') {
			tparse_unexpected(p, _("expected = after the key"));
			tkey_free(&k);
			goto fail;
		}
		p->i++;
		tparse_ws(p);
		if ((v = tparse_value(p)) == NULL) {
			tkey_free(&k);
			goto fail;
		}
		line = k.pos;
		line.end = p->i;
		tparse_put(p, t, &k, v, &line);
		tkey_free(&k);
		tparse_ws(p);
		if (tparse_cur(p) == ',') {
			p->i++;
			tparse_ws(p);
			if (tparse_cur(p) == '}') {
				tparse_error(p, p->i - 1, _("an inline table "
				    "cannot end with a comma"));
				goto fail;
			}
			continue;
		}
		if (tparse_cur(p) == '}')
			break;
		if (tparse_at_eol(p))
			tparse_error(p, p->i, _("an inline table must be "
			    "written on one line: a } is missing"));
		else
			tparse_unexpected(p, _("expected , or } after a value "
			    "of the inline table"));
		goto fail;
	}
done:
	p->i++;
	p->depth--;
	v = table_value(t);
	tparse_place(p, start, p->i, &v->pos);
	t->header = v->pos;
	return v;

fail:
	p->depth--;
	return NULL;
}

static struct toml_value *
tparse_value(struct tparse *p)
{
	struct toml_value *v;
	struct buf b = BUF_INIT;
	size_t start = p->i;
	int c = tparse_cur(p), r;

	if (c == '[')
		return tparse_array(p);
	if (c == '{')
		return tparse_inline(p);
	if (c != '"' && c != '\'')
		return tparse_scalar(p);
	if (tparse_at(p, 1) == c && tparse_at(p, 2) == c)
		r = tparse_ml_string(p, &b);
	else
		r = tparse_line_string(p, &b);
	if (r == -1) {
		buf_free(&b);
		return NULL;
	}
	v = value_new(TOML_STRING);
	v->str = buf_steal(&b);
	tparse_place(p, start, p->i, &v->pos);
	return v;
}

/* Statements. */

static int
tparse_keyval(struct tparse *p)
{
	struct toml_value *v;
	struct toml_pos line;
	struct tkey k;
	size_t eol;

	if (tparse_key(p, &k) == -1)
		return -1;
	tparse_ws(p);
	if (tparse_cur(p) != '=') {
		if (tparse_at_eol(p))
			tparse_error(p, p->i, _("= and a value are missing "
			    "after the key"));
		else
			tparse_unexpected(p, _("expected = after the key"));
		goto fail;
	}
	p->i++;
	tparse_ws(p);
	if ((v = tparse_value(p)) == NULL)
		goto fail;
	if (tparse_end_of_line(p, _("unexpected text after the value"),
	    &eol) == -1) {
		value_free(v);
		goto fail;
	}
	tparse_place(p, p->lines[k.pos.line - 1], p->i, &line);
	tparse_put(p, p->cur, &k, v, &line);
	p->cur->end = p->i;
	p->cur->end_line = (int)tparse_line_index(p, eol) + 1;
	tkey_free(&k);
	return 0;

fail:
	tkey_free(&k);
	return -1;
}

static int
tparse_header(struct tparse *p)
{
	struct toml_table *t;
	struct toml_doc *doc = p->doc;
	struct toml_pos hpos;
	struct tkey k;
	size_t start = p->i, eol;
	int aot = tparse_at(p, 1) == '[';

	p->i += aot ? 2 : 1;
	if (tparse_key(p, &k) == -1)
		return -1;
	tparse_ws(p);
	if (aot && (tparse_cur(p) != ']' || tparse_at(p, 1) != ']')) {
		tparse_unexpected(p, _("expected ]] to close the header of the "
		    "array of tables"));
		goto fail;
	}
	if (!aot && tparse_cur(p) != ']') {
		tparse_unexpected(p, _("expected ] to close the table header"));
		goto fail;
	}
	p->i += aot ? 2 : 1;
	tparse_place(p, start, p->i, &hpos);
	if (tparse_end_of_line(p, _("unexpected text after the table header"),
	    &eol) == -1)
		goto fail;

	p->last->next = p->lines[hpos.line - 1];
	t = tparse_open(p, &k, aot, &hpos);
	if (t == NULL) {
		/* Keys that follow go to a table of their own, out of the
		 * tree, so they make no further errors. */
		t = tparse_table_new(p, TOML_TABLE_HEADER, NULL, "");
	} else {
		if (doc->ntables == doc->sizetables) {
			doc->sizetables *= 2;
			doc->tables = xreallocarray(doc->tables,
			    doc->sizetables, sizeof *doc->tables);
		}
		doc->tables[doc->ntables++] = t;
	}
	t->header = hpos;
	t->line_start = p->lines[hpos.line - 1];
	t->body = p->i;
	t->end = p->i;
	t->end_line = hpos.line;
	p->cur = p->last = t;
	tkey_free(&k);
	return 0;

fail:
	tkey_free(&k);
	return -1;
}

/* Does the line at off start a statement: a header or "key ="? It ends
 * the skipping after an error in a multi-line value. */
static int
tparse_starts_statement(const struct tparse *p, size_t off)
{
	const char *s = p->s;
	size_t n = p->len;

	while (off < n && (s[off] == ' ' || s[off] == '\t'))
		off++;
	if (off < n && s[off] == '[') {
		off++;
		if (off < n && s[off] == '[')
			off++;
		while (off < n && (is_bare((unsigned char)s[off]) ||
		    s[off] == '.' || s[off] == ' ' || s[off] == '"' ||
		    s[off] == '\''))
			off++;
		if (off >= n || s[off] != ']')
			return 0;
		while (off < n && s[off] == ']')
			off++;
		while (off < n && (s[off] == ' ' || s[off] == '\t'))
			off++;
		return off >= n || s[off] == '\n' || s[off] == '\r' ||
		    s[off] == '#';
	}
	if (off >= n || !is_bare((unsigned char)s[off]))
		return 0;
	while (off < n && (is_bare((unsigned char)s[off]) || s[off] == '.' ||
	    s[off] == ' ' || s[off] == '\t'))
		off++;
	return off < n && s[off] == '=';
}

/* After an error: skip to the end of the line, and on past the lines of a
 * value still open (counting brackets, skipping strings and comments),
 * until a line that starts a statement. */
static void
tparse_recover(struct tparse *p)
{
	size_t depth = p->err_depth;
	int c, q;

	for (;;) {
		while ((c = tparse_cur(p)) != -1 && c != '\n') {
			if (c == '#') {
				while (tparse_cur(p) != -1 &&
				    tparse_cur(p) != '\n')
					p->i++;
				break;
			}
			if (c == '"' || c == '\'') {
				q = c;
				p->i++;
				while ((c = tparse_cur(p)) != -1 && c != '\n' &&
				    c != q) {
					if (c == '\\' && q == '"' &&
					    tparse_at(p, 1) != '\n')
						p->i++;
					p->i++;
				}
				if (c == q)
					p->i++;
				continue;
			}
			if (c == '[' || c == '{')
				depth++;
			else if ((c == ']' || c == '}') && depth > 0)
				depth--;
			p->i++;
		}
		if (c == -1)
			return;
		p->i++;
		if (depth == 0 || tparse_starts_statement(p, p->i))
			return;
	}
}

/* Check the whole text is UTF-8, once; a bad line is reported once. */
static void
tparse_check_utf8(struct tparse *p)
{
	size_t i = p->base, n, line = SIZE_MAX, k;
	long cp;

	while (i < p->len) {
		if ((unsigned char)p->s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(p->s + i, p->len - i, &cp);
		if (n == 0) {
			k = tparse_line_index(p, i);
			if (k != line)
				tparse_error(p, i, _("this is not valid "
				    "UTF-8"));
			line = k;
			n = 1;
		}
		i += n;
	}
}

static void
tparse_lines(struct tparse *p)
{
	size_t size = 64, i;

	p->lines = xreallocarray(NULL, size, sizeof *p->lines);
	p->lines[0] = p->base;
	p->nlines = 1;
	for (i = p->base; i < p->len; i++) {
		if (p->s[i] != '\n')
			continue;
		if (p->nlines == size) {
			size *= 2;
			p->lines = xreallocarray(p->lines, size,
			    sizeof *p->lines);
		}
		p->lines[p->nlines++] = i + 1;
	}
}

/* Give every table its path and name, once the tree is complete. */
static void
toml_names(struct toml_doc *doc)
{
	struct toml_table *t, *u;
	struct buf b = BUF_INIT;
	size_t i, j, depth;
	char *s;

	for (i = 0; i < doc->nall; i++) {
		t = doc->all[i];
		depth = 0;
		for (u = t; u->parent != NULL; u = u->parent)
			depth++;
		t->depth = depth;
		t->path = xcalloc(depth + 1, sizeof *t->path);
		j = depth;
		for (u = t; u->parent != NULL; u = u->parent)
			t->path[--j] = u->key;
		buf_reset(&b);
		buf_adds(&b, "");
		for (j = 0; j < depth; j++) {
			if (j > 0)
				buf_addc(&b, '.');
			s = toml_key_format(t->path[j]);
			buf_adds(&b, s);
			free(s);
		}
		t->name = buf_steal(&b);
	}
	buf_free(&b);
}

struct toml_doc *
toml_parse(const char *text, size_t len, const char *name, struct diags *d)
{
	struct toml_doc *doc = xcalloc(1, sizeof *doc);
	struct tparse p;
	int c, r;

	memset(&p, 0, sizeof p);
	p.s = text;
	p.len = len;
	p.file = name;
	p.d = d;
	p.doc = doc;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p.base = 3;
	p.i = p.base;
	tparse_lines(&p);

	doc->name = xstrdup(name != NULL ? name : "-");
	doc->len = len;
	doc->root = tparse_table_new(&p, TOML_TABLE_ROOT, NULL, "");
	doc->root->body = doc->root->end = p.base;
	doc->sizetables = 8;
	doc->tables = xreallocarray(NULL, doc->sizetables,
	    sizeof *doc->tables);
	doc->tables[doc->ntables++] = doc->root;
	p.cur = p.last = doc->root;

	tparse_check_utf8(&p);
	while (p.i < p.len) {
		p.failed = 0;
		tparse_ws(&p);
		if (tparse_newline(&p))
			continue;
		c = tparse_cur(&p);
		if (c == -1)
			break;
		if (c == '#') {
			tparse_comment(&p);
			continue;
		}
		if (c == '[')
			r = tparse_header(&p);
		else
			r = tparse_keyval(&p);
		if (r == -1)
			tparse_recover(&p);
	}
	p.last->next = len;
	free(p.lines);

	if (p.errors > 0) {
		toml_free(doc);
		return NULL;
	}
	toml_names(doc);
	return doc;
}

struct toml_doc *
toml_parse_file(const char *path, struct diags *d)
{
	struct toml_doc *doc;
	char *text, *cause = NULL;
	size_t len;

	if ((text = util_read_file(path, &len, &cause)) == NULL) {
		diags_add(d, path, 0, 0, "%s", cause);
		free(cause);
		return NULL;
	}
	doc = toml_parse(text, len, path, d);
	free(text);
	return doc;
}

void
toml_free(struct toml_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->nall; i++)
		table_free(doc->all[i]);
	free(doc->all);
	free(doc->tables);
	free(doc->name);
	free(doc);
}

/* Lookups. */

/* The table holding the last part of a name (walking parts 0..n-2 as a
 * header does), or NULL. */
static struct toml_table *
toml_walk(const struct toml_doc *doc, char **parts, size_t n)
{
	struct toml_table *t = doc->root;
	struct toml_value *v;
	size_t j;

	for (j = 0; j + 1 < n; j++) {
		if ((v = toml_get(t, parts[j])) == NULL)
			return NULL;
		if (v->type == TOML_TABLE)
			t = v->table;
		else if (v->type == TOML_ARRAY && v->headers && v->n > 0)
			t = v->items[v->n - 1]->table;
		else
			return NULL;
	}
	return t;
}

struct toml_table *
toml_table_find(const struct toml_doc *doc, const char *name)
{
	struct toml_table *t;
	struct toml_value *v;
	char **parts, *cause;
	int n;

	if (*name == '\0')
		return doc->root;
	if ((n = toml_key_split(name, &parts, &cause)) == -1) {
		free(cause);
		return NULL;
	}
	t = toml_walk(doc, parts, (size_t)n);
	v = t != NULL ? toml_get(t, parts[n - 1]) : NULL;
	toml_parts_free(parts, (size_t)n);
	return v != NULL && v->type == TOML_TABLE ? v->table : NULL;
}

/* The array of tables with a name, or NULL. */
static struct toml_value *
toml_entries(const struct toml_doc *doc, const char *name)
{
	struct toml_table *t;
	struct toml_value *v;
	char **parts, *cause;
	int n;

	if ((n = toml_key_split(name, &parts, &cause)) == -1) {
		free(cause);
		return NULL;
	}
	t = toml_walk(doc, parts, (size_t)n);
	v = t != NULL ? toml_get(t, parts[n - 1]) : NULL;
	toml_parts_free(parts, (size_t)n);
	return v != NULL && v->type == TOML_ARRAY && v->headers ? v : NULL;
}

size_t
toml_entry_count(const struct toml_doc *doc, const char *name)
{
	struct toml_value *v = toml_entries(doc, name);

	return v != NULL ? v->n : 0;
}

struct toml_table *
toml_entry(const struct toml_doc *doc, const char *name, size_t i)
{
	struct toml_value *v = toml_entries(doc, name);

	return v != NULL && i < v->n ? v->items[i]->table : NULL;
}

struct toml_kv *
toml_kv_get(const struct toml_table *t, const char *key)
{
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < t->n; i++) {
		if (strcmp(t->kv[i]->key, key) == 0)
			return t->kv[i];
	}
	return NULL;
}

struct toml_value *
toml_get(const struct toml_table *t, const char *key)
{
	struct toml_kv *kv = toml_kv_get(t, key);

	return kv != NULL ? kv->value : NULL;
}

const char *
toml_str(const struct toml_value *v)
{
	return v != NULL && v->type == TOML_STRING ? v->str : NULL;
}

int
toml_int(const struct toml_value *v, long long *out)
{
	if (v == NULL || v->type != TOML_INTEGER)
		return -1;
	*out = v->integer;
	return 0;
}

int
toml_bool(const struct toml_value *v)
{
	if (v == NULL || v->type != TOML_BOOLEAN)
		return -1;
	return v->boolean;
}

const char *
toml_type_name(const struct toml_value *v)
{
	static const char *const names[] = {
		N_("string"), N_("integer"), N_("float"), N_("boolean"),
		N_("date"), N_("array"), N_("table")
	};

	if (v == NULL || (size_t)v->type >= sizeof names / sizeof names[0])
		return _("nothing");
	return gettext(names[v->type]);
}

/* Writing keys and strings. */

int
toml_key_split(const char *name, char ***parts, char **cause)
{
	struct diags d = DIAGS_INIT;
	struct tparse p;
	struct tkey k;
	size_t line0 = 0;
	int n;

	memset(&p, 0, sizeof p);
	p.s = name;
	p.len = strlen(name);
	p.lines = &line0;
	p.nlines = 1;
	p.d = &d;
	if (tparse_key(&p, &k) == 0 && p.i < p.len) {
		tparse_error(&p, p.i, _("unexpected text after the key"));
		tkey_free(&k);
	}
	if (d.n > 0) {
		*cause = xprintf(_("'%s' is not a TOML key: %s (at character "
		    "%d)"), name, d.v[0].msg, d.v[0].col);
		diags_free(&d);
		return -1;
	}
	*parts = k.parts;
	n = (int)k.n;
	free(k.ppos);
	return n;
}

void
toml_parts_free(char **parts, size_t n)
{
	size_t i;

	if (parts == NULL)
		return;
	for (i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

char *
toml_key_format(const char *s)
{
	const char *c;

	for (c = s; *c != '\0'; c++) {
		if (!is_bare((unsigned char)*c))
			break;
	}
	if (*s != '\0' && *c == '\0')
		return xstrdup(s);
	return toml_string_format(s);
}

char *
toml_string_format(const char *s)
{
	struct buf b = BUF_INIT;
	unsigned char c;

	buf_addc(&b, '"');
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		switch (c) {
		case '"':
			buf_adds(&b, "\\\"");
			break;
		case '\\':
			buf_adds(&b, "\\\\");
			break;
		case '\b':
			buf_adds(&b, "\\b");
			break;
		case '\t':
			buf_adds(&b, "\\t");
			break;
		case '\n':
			buf_adds(&b, "\\n");
			break;
		case '\f':
			buf_adds(&b, "\\f");
			break;
		case '\r':
			buf_adds(&b, "\\r");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(&b, "\\u%04X", c);
			else
				buf_addc(&b, (char)c);
			break;
		}
	}
	buf_addc(&b, '"');
	return buf_steal(&b);
}
