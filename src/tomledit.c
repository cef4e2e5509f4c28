/* tomledit.c: merge a TOML snippet into a TOML text in place.
 *
 * Both texts are read with the strict reader (toml.c), which gives the
 * place of every table, key and value. The changes are collected as
 * replacements of byte ranges and insertions at byte offsets of the
 * original text, then applied in one pass; the result is read again before
 * it is handed back. */
#include "config.h"

#include "tomledit.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "toml.h"
#include "xmalloc.h"

struct tedit {
	size_t		 start;
	size_t		 end;		/* == start for an insertion */
	int		 prio;		/* at one offset: keys before tables */
	size_t		 seq;
	int		 blank;		/* a blank line before (a table) */
	char		*text;		/* lines end with "\n" */
};

struct ted {
	const char	*text;
	size_t		 len;
	const char	*name;
	const char	*snip;
	const char	*eol;
	struct toml_doc	*doc;
	struct toml_doc	*sdoc;
	const char	*after;
	struct tedit	*v;
	size_t		 n;
	size_t		 size;
	struct buf	 notes;
	char		*cause;
};

static void
ted_edit(struct ted *t, size_t start, size_t end, int prio, int blank,
    char *text)
{
	if (t->n == t->size) {
		t->size = t->size == 0 ? 16 : t->size * 2;
		t->v = xreallocarray(t->v, t->size, sizeof *t->v);
	}
	t->v[t->n].start = start;
	t->v[t->n].end = end;
	t->v[t->n].prio = prio;
	t->v[t->n].seq = t->n;
	t->v[t->n].blank = blank;
	t->v[t->n].text = text;
	t->n++;
}

static void __attribute__((format(printf, 2, 3)))
ted_note(struct ted *t, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	if (t->notes.len > 0)
		buf_addc(&t->notes, '\n');
	buf_adds(&t->notes, s);
	free(s);
}

static int __attribute__((format(printf, 2, 3)))
ted_refuse(struct ted *t, const char *fmt, ...)
{
	va_list ap;

	if (t->cause == NULL) {
		va_start(ap, fmt);
		t->cause = xvprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int	value_equal(const struct toml_value *, const struct toml_value *);

static int
table_equal(const struct toml_table *a, const struct toml_table *b)
{
	const struct toml_kv *kb;
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		kb = toml_kv_get(b, a->kv[i]->key);
		if (kb == NULL || kb->pair != a->kv[i]->pair ||
		    !value_equal(a->kv[i]->value, kb->value))
			return 0;
	}
	return 1;
}

/* Do two values mean the same (however they are written)? */
static int
value_equal(const struct toml_value *a, const struct toml_value *b)
{
	size_t i;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case TOML_STRING:
	case TOML_DATETIME:
		return strcmp(a->str, b->str) == 0;
	case TOML_INTEGER:
		return a->integer == b->integer;
	case TOML_FLOAT:
		if (isnan(a->number) || isnan(b->number))
			return isnan(a->number) && isnan(b->number);
		return a->number == b->number &&
		    signbit(a->number) == signbit(b->number);
	case TOML_BOOLEAN:
		return a->boolean == b->boolean;
	case TOML_ARRAY:
		if (a->n != b->n || a->headers != b->headers)
			return 0;
		for (i = 0; i < a->n; i++) {
			if (!value_equal(a->items[i], b->items[i]))
				return 0;
		}
		return 1;
	case TOML_TABLE:
		return table_equal(a->table, b->table);
	}
	return 0;
}

/* A value of the snippet in canonical form: strings as basic strings with
 * ASCII quotes, tables inline. Floats and dates as the snippet writes them
 * (any way it writes them is TOML). */
static void
value_format(const struct ted *t, struct buf *b, const struct toml_value *v)
{
	const struct toml_table *tb;
	char *s;
	size_t i;

	switch (v->type) {
	case TOML_STRING:
		s = toml_string_format(v->str);
		buf_adds(b, s);
		free(s);
		break;
	case TOML_INTEGER:
		buf_printf(b, "%lld", v->integer);
		break;
	case TOML_FLOAT:
		buf_add(b, t->snip + v->pos.start, v->pos.end - v->pos.start);
		break;
	case TOML_BOOLEAN:
		buf_adds(b, v->boolean ? "true" : "false");
		break;
	case TOML_DATETIME:
		buf_adds(b, v->str);
		break;
	case TOML_ARRAY:
		buf_addc(b, '[');
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				buf_adds(b, ", ");
			value_format(t, b, v->items[i]);
		}
		buf_addc(b, ']');
		break;
	case TOML_TABLE:
		tb = v->table;
		buf_addc(b, '{');
		for (i = 0; i < tb->n; i++) {
			buf_adds(b, i > 0 ? ", " : " ");
			s = toml_key_format(tb->kv[i]->key);
			buf_printf(b, "%s = ", s);
			free(s);
			value_format(t, b, tb->kv[i]->value);
			if (i + 1 == tb->n)
				buf_addc(b, ' ');
		}
		buf_addc(b, '}');
		break;
	}
}

/* "key = value" and a newline, the key as the snippet writes it. */
static char *
ted_line(const struct ted *t, const struct toml_kv *kv)
{
	struct buf b = BUF_INIT;

	buf_add(&b, t->snip + kv->key_pos.start, kv->key_pos.end -
	    kv->key_pos.start);
	buf_adds(&b, " = ");
	value_format(t, &b, kv->value);
	buf_addc(&b, '\n');
	return buf_steal(&b);
}

/* A table's name for messages: [name], or "the top level". */
static char *
ted_table_label(const struct toml_table *tb)
{
	if (tb->depth == 0)
		return xstrdup(_("the top level"));
	return xprintf("[%s]", tb->name);
}

int
tomledit_secret_key(const char *key, size_t len)
{
	static const char *const words[] = { "password", "passwd", "secret",
	    NULL };
	size_t i, j, w;

	for (w = 0; words[w] != NULL; w++) {
		size_t n = strlen(words[w]);

		for (i = 0; i + n <= len; i++) {
			for (j = 0; j < n; j++)
				if (tolower((unsigned char)key[i + j]) !=
				    words[w][j])
					break;
			if (j == n)
				return 1;
		}
	}
	return 0;
}

static int
ted_secret(const char *key)
{
	return tomledit_secret_key(key, strlen(key));
}

/* A value for evidence: as written, cut short; a password is not shown. */
static char *
ted_old_value(const struct ted *t, const struct toml_kv *kv)
{
	const char *s = t->text + kv->value->pos.start;
	size_t len = kv->value->pos.end - kv->value->pos.start, cut;
	const char *nl = memchr(s, '\n', len);
	char *v, *out;

	if (ted_secret(kv->key))
		return xstrdup(_("a value not shown"));
	if (len <= 60 && nl == NULL)
		return xstrndup(s, len);
	cut = nl != NULL ? (size_t)(nl - s) : len;
	if (cut > 57)
		cut = 57;
	/* Not inside a character. */
	while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	if (cut > 0 && s[cut - 1] == '\r')
		cut--;
	v = xstrndup(s, cut);
	out = xprintf("%s...", v);
	free(v);
	return out;
}

/* Is this target table written as a whole block of its own? */
static int
ted_refuse_kind(struct ted *t, const struct toml_table *tb, const char *full)
{
	if (tb->kind == TOML_TABLE_INLINE)
		return ted_refuse(t, _("%s:%d:%d: [%s] is written as an inline "
		    "table ({ ... }); it is not changed by a merge: edit it "
		    "by hand"), t->name, tb->header.line, tb->header.col, full);
	return ted_refuse(t, _("%s: [%s] is made by dotted keys (%s.x = ...) "
	    "in another table; it is not changed by a merge: edit it by "
	    "hand"), t->name, full, tb->key);
}

/* One key of the snippet (a leaf under dotted tables: parts, n deep) into
 * target table tt; full is its dotted name for messages. */
static int
ted_key(struct ted *t, struct toml_table *tt, const struct toml_table *st,
    const struct toml_kv *skv, char **parts, size_t n)
{
	struct toml_table *cur = tt;
	struct toml_kv *kv = NULL;
	struct buf full = BUF_INIT;
	char *label, *old, *s;
	size_t i;
	int r = 0;

	buf_adds(&full, st->name);
	for (i = 0; i < n; i++) {
		if (full.len > 0)
			buf_addc(&full, '.');
		s = toml_key_format(parts[i]);
		buf_adds(&full, s);
		free(s);
	}
	for (i = 0; i < n; i++) {
		kv = toml_kv_get(cur, parts[i]);
		if (kv == NULL)
			break;
		if (i + 1 == n)
			break;
		if (kv->value->type != TOML_TABLE) {
			r = ted_refuse(t, _("%s:%d:%d: '%s' is a value, not a "
			    "table, so %s cannot be set"), t->name,
			    kv->key_pos.line, kv->key_pos.col, kv->key,
			    buf_str(&full));
			goto out;
		}
		cur = kv->value->table;
		if (cur->kind != TOML_TABLE_DOTTED) {
			if (cur->kind == TOML_TABLE_INLINE)
				r = ted_refuse_kind(t, cur, cur->name);
			else
				r = ted_refuse(t, _("%s: [%s] is a table of "
				    "its own there; write the key %s in a "
				    "snippet table [%s]"), t->name, cur->name,
				    buf_str(&full), cur->name);
			goto out;
		}
	}
	if (kv == NULL) {
		/* Missing: a line after the last key of the table. */
		ted_edit(t, tt->end, tt->end, 0, 0, ted_line(t, skv));
		label = ted_table_label(tt);
		if (ted_secret(skv->key))
			ted_note(t, _("added %s (a value not shown) to %s"),
			    buf_str(&full), label);
		else {
			s = ted_line(t, skv);
			s[strlen(s) - 1] = '\0';
			ted_note(t, _("added %s to %s"), s, label);
			free(s);
		}
		free(label);
		goto out;
	}
	if (!kv->pair) {
		r = ted_refuse(t, _("%s: %s is a table there, not a value"),
		    t->name, buf_str(&full));
		goto out;
	}
	if (value_equal(kv->value, skv->value))
		goto out;
	{
		struct buf b = BUF_INIT;

		value_format(t, &b, skv->value);
		ted_edit(t, kv->value->pos.start, kv->value->pos.end, 0, 0,
		    buf_steal(&b));
	}
	old = ted_old_value(t, kv);
	ted_note(t, _("set %s (was %s)"), buf_str(&full), old);
	free(old);
out:
	buf_free(&full);
	return r;
}

/* Every key of snippet table sb (dotted tables below it walked through),
 * into target table tt. */
static int
ted_keys(struct ted *t, struct toml_table *tt, const struct toml_table *st,
    const struct toml_table *sb, char ***parts, size_t *nparts, size_t depth)
{
	const struct toml_kv *kv;
	size_t i;

	for (i = 0; i < sb->n; i++) {
		kv = sb->kv[i];
		if (depth >= *nparts) {
			*nparts = depth + 8;
			*parts = xreallocarray(*parts, *nparts, sizeof **parts);
		}
		(*parts)[depth] = kv->key;
		if (kv->pair) {
			if (ted_key(t, tt, st, kv, *parts, depth + 1) == -1)
				return -1;
			continue;
		}
		/* Tables of their own come with their header. */
		if (kv->value->type == TOML_TABLE &&
		    kv->value->table->kind == TOML_TABLE_DOTTED &&
		    ted_keys(t, tt, st, kv->value->table, parts, nparts,
		    depth + 1) == -1)
			return -1;
	}
	return 0;
}

/* A snippet table's block: its header as written, and its keys. */
static void
ted_block(const struct ted *t, const struct toml_table *st,
    const struct toml_table *sb, struct buf *b)
{
	const struct toml_kv *kv;
	char *s;
	size_t i;

	if (sb == st) {
		buf_add(b, t->snip + st->header.start, st->header.end -
		    st->header.start);
		buf_addc(b, '\n');
	}
	for (i = 0; i < sb->n; i++) {
		kv = sb->kv[i];
		if (kv->pair) {
			s = ted_line(t, kv);
			buf_adds(b, s);
			free(s);
		} else if (kv->value->type == TOML_TABLE &&
		    kv->value->table->kind == TOML_TABLE_DOTTED)
			ted_block(t, st, kv->value->table, b);
	}
}

/* Is table u below table a (its name longer and starting with a's)? */
static int
ted_below(const struct toml_table *u, const struct toml_table *a)
{
	size_t i;

	if (u->depth <= a->depth)
		return 0;
	for (i = 0; i < a->depth; i++) {
		if (strcmp(u->path[i], a->path[i]) != 0)
			return 0;
	}
	return 1;
}

/* Where a block after table a's goes: past the last line of a or of the
 * tables below it that follow it. */
static size_t
ted_block_end(const struct ted *t, const struct toml_table *a)
{
	size_t i, end = a->end;

	for (i = 0; i < t->doc->ntables; i++) {
		if (t->doc->tables[i] == a)
			break;
	}
	for (i++; i < t->doc->ntables; i++) {
		if (!ted_below(t->doc->tables[i], a))
			break;
		end = t->doc->tables[i]->end;
	}
	return end;
}

/* Where a new entry after entry a goes: past the last line of a or of the
 * last table below it, wherever that is written ([a.x] after other
 * tables still belongs to a, and would belong to the new entry if it came
 * before it). */
static size_t
ted_entry_end(const struct ted *t, const struct toml_table *a)
{
	size_t i, end = ted_block_end(t, a);

	for (i = 0; i < t->doc->ntables; i++) {
		if (t->doc->tables[i] == a)
			break;
	}
	for (i++; i < t->doc->ntables; i++) {
		if (ted_below(t->doc->tables[i], a) &&
		    t->doc->tables[i]->end > end)
			end = t->doc->tables[i]->end;
	}
	return end;
}

/* Where a new table goes, per `after` (or the end); -1 when `after` names
 * no table of the file. *where says it, for the notes. */
static int
ted_place(struct ted *t, size_t *pos, char **where)
{
	struct toml_table *a;
	size_t n;

	if (t->after == NULL || *t->after == '\0') {
		*pos = t->len;
		*where = xstrdup(_("at the end of the file"));
		return 0;
	}
	a = toml_table_find(t->doc, t->after);
	if (a == NULL && (n = toml_entry_count(t->doc, t->after)) > 0)
		a = toml_entry(t->doc, t->after, n - 1);
	if (a == NULL || (a->kind != TOML_TABLE_HEADER &&
	    a->kind != TOML_TABLE_ENTRY))
		return ted_refuse(t, _("%s: there is no table [%s] to add "
		    "after ('after')"), t->name, t->after);
	*pos = ted_block_end(t, a);
	*where = xprintf(_("after [%s]"), a->name);
	return 0;
}

/* Does the snippet table sit inside an [[entry]] of the snippet? */
static const struct toml_table *
ted_in_entry(const struct toml_table *st)
{
	const struct toml_table *u;

	for (u = st->parent; u != NULL; u = u->parent) {
		if (u->kind == TOML_TABLE_ENTRY)
			return u;
	}
	return NULL;
}

/* Does a snippet table hold keys of its own (not only tables below)? */
static int
ted_has_keys(const struct toml_table *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		if (st->kv[i]->pair || (st->kv[i]->value->type == TOML_TABLE &&
		    st->kv[i]->value->table->kind == TOML_TABLE_DOTTED))
			return 1;
	}
	return 0;
}

static int
ted_table(struct ted *t, const struct toml_table *st)
{
	struct toml_table *tt;
	struct buf b = BUF_INIT;
	char **parts = NULL, *where;
	size_t nparts = 0, pos;
	int r;

	tt = st->kind == TOML_TABLE_ROOT ? t->doc->root :
	    toml_table_find(t->doc, st->name);
	if (tt == NULL && toml_entry_count(t->doc, st->name) > 0)
		return ted_refuse(t, _("%s: %s is an array of tables there "
		    "([[%s]]), not a table"), t->name, st->name, st->name);
	if (tt != NULL && (tt->kind == TOML_TABLE_INLINE ||
	    tt->kind == TOML_TABLE_DOTTED))
		return ted_refuse_kind(t, tt, st->name);
	if (tt != NULL && tt->kind == TOML_TABLE_IMPLICIT &&
	    !ted_has_keys(st))
		return 0;	/* [a.b] makes [a]: nothing to add */
	if (tt != NULL && tt->kind != TOML_TABLE_IMPLICIT) {
		r = ted_keys(t, tt, st, st, &parts, &nparts, 0);
		free(parts);
		return r;
	}
	/* Missing (or only named on the way to a table below it). */
	if (ted_place(t, &pos, &where) == -1)
		return -1;
	ted_block(t, st, st, &b);
	ted_edit(t, pos, pos, 1, 1, buf_steal(&b));
	ted_note(t, _("added table [%s] %s"), st->name, where);
	free(where);
	return 0;
}

static int
ted_entry(struct ted *t, const struct toml_table *st)
{
	const struct toml_table *e;
	struct toml_table *last;
	struct buf b = BUF_INIT;
	size_t n, i, pos;
	char *where;

	n = toml_entry_count(t->doc, st->name);
	if (n == 0 && toml_table_find(t->doc, st->name) != NULL)
		return ted_refuse(t, _("%s: %s is a table there, not an array "
		    "of tables"), t->name, st->name);
	for (i = 0; i < n; i++) {
		e = toml_entry(t->doc, st->name, i);
		if (e != NULL && table_equal(e, st))
			return 0;
	}
	if (n > 0) {
		last = toml_entry(t->doc, st->name, n - 1);
		pos = ted_entry_end(t, last);
		where = xprintf(_("after its last entry (line %d)"),
		    last->header.line);
	} else if (ted_place(t, &pos, &where) == -1)
		return -1;
	ted_block(t, st, st, &b);
	ted_edit(t, pos, pos, 1, 1, buf_steal(&b));
	ted_note(t, _("added an entry to [[%s]] %s"), st->name, where);
	free(where);
	return 0;
}

static int
tedit_cmp(const void *va, const void *vb)
{
	const struct tedit *a = va, *b = vb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->prio != b->prio)
		return a->prio < b->prio ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Does the text so far end with a blank line (or is it empty)? */
static int
ted_ends_blank(const struct buf *b)
{
	size_t n = b->len;

	if (n == 0)
		return 1;
	if (b->data[n - 1] != '\n')
		return 0;
	n--;
	if (n > 0 && b->data[n - 1] == '\r')
		n--;
	return n == 0 || b->data[n - 1] == '\n';
}

/* Lines of an insertion, each "\n" written as the file's line ending. */
static void
ted_add_lines(const struct ted *t, struct buf *b, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		buf_add(b, s, (size_t)(nl - s));
		buf_adds(b, t->eol);
		s = nl + 1;
	}
	buf_adds(b, s);
}

static void
ted_build(struct ted *t, struct buf *b)
{
	struct tedit *e;
	size_t at = 0, i;
	int final_nl = t->len == 0 || t->text[t->len - 1] == '\n';

	qsort(t->v, t->n, sizeof *t->v, tedit_cmp);
	buf_adds(b, "");
	for (i = 0; i < t->n; i++) {
		e = &t->v[i];
		buf_add(b, t->text + at, e->start - at);
		at = e->end;
		if (e->start != e->end) {
			buf_adds(b, e->text);
			continue;
		}
		if (b->len > 0 && b->data[b->len - 1] != '\n')
			buf_adds(b, t->eol);
		if (e->blank && !ted_ends_blank(b))
			buf_adds(b, t->eol);
		ted_add_lines(t, b, e->text);
	}
	buf_add(b, t->text + at, t->len - at);
	/* A file without a final newline stays so. */
	if (!final_nl && b->len > 0 && b->data[b->len - 1] == '\n') {
		b->len--;
		if (b->len > 0 && b->data[b->len - 1] == '\r' &&
		    strcmp(t->eol, "\r\n") == 0)
			b->len--;
		b->data[b->len] = '\0';
	}
}

/* Every table of the snippet into the text: the edits and notes. */
static int
ted_merge(struct ted *t, const char *snippet_name)
{
	const struct toml_table *st, *e;
	size_t i;

	for (i = 0; i < t->sdoc->ntables; i++) {
		st = t->sdoc->tables[i];
		if ((e = ted_in_entry(st)) != NULL) {
			return ted_refuse(t, _("%s:%d:%d: [%s] is inside an "
			    "entry of [[%s]]: a merge adds whole entries only; "
			    "write it as an inline table in the entry"),
			    snippet_name, st->header.line, st->header.col,
			    st->name, e->name);
		}
		if (st->kind == TOML_TABLE_ENTRY) {
			if (ted_entry(t, st) == -1)
				return -1;
		} else if (ted_table(t, st) == -1)
			return -1;
	}
	return 0;
}

/* Is the edited text as wanted: would a second merge change nothing? */
static int
ted_verify(const struct ted *t, const char *text, size_t len,
    struct toml_doc *doc, const char *snippet_name)
{
	struct ted v;
	size_t i;
	int ok;

	memset(&v, 0, sizeof v);
	v.text = text;
	v.len = len;
	v.name = t->name;
	v.snip = t->snip;
	v.eol = t->eol;
	v.doc = doc;
	v.sdoc = t->sdoc;
	v.after = t->after;
	ok = ted_merge(&v, snippet_name) == 0 && v.n == 0;
	for (i = 0; i < v.n; i++)
		free(v.v[i].text);
	free(v.v);
	free(v.cause);
	buf_free(&v.notes);
	return ok;
}

int
tomledit_apply(const char *text, size_t len, const char *name,
    const char *snippet, size_t snippetlen, const char *snippet_name,
    const char *after, char **out, size_t *outlen, char **notes,
    char **cause)
{
	struct diags d = DIAGS_INIT;
	struct ted t;
	struct buf b = BUF_INIT;
	struct toml_doc *check;
	const char *nl;
	size_t i;
	int r = -1;

	*out = NULL;
	*outlen = 0;
	*notes = NULL;
	*cause = NULL;
	memset(&t, 0, sizeof t);
	t.text = text;
	t.len = len;
	t.name = name;
	t.snip = snippet;
	t.after = after;
	nl = memchr(text, '\n', len);
	t.eol = nl != NULL && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";

	if ((t.sdoc = toml_parse(snippet, snippetlen, snippet_name,
	    &d)) == NULL) {
		*cause = diags_join(&d);
		goto out;
	}
	if ((t.doc = toml_parse(text, len, name, &d)) == NULL) {
		*cause = diags_join(&d);
		goto out;
	}
	if (ted_merge(&t, snippet_name) == -1)
		goto refused;
	if (t.n == 0) {
		*notes = xstrdup(_("already as wanted, nothing changed"));
		r = 0;
		goto out;
	}
	ted_build(&t, &b);
	if ((check = toml_parse(b.data, b.len, name, &d)) == NULL) {
		char *why = diags_join(&d);

		*cause = xprintf(_("the edited text would not be valid TOML, "
		    "so nothing was changed:\n%s"), why);
		free(why);
		goto out;
	}
	if (!ted_verify(&t, b.data, b.len, check, snippet_name)) {
		toml_free(check);
		*cause = xprintf(_("%s: the edited text would not hold what "
		    "was asked (a second merge would change it again), so "
		    "nothing was changed"), name);
		goto out;
	}
	toml_free(check);
	*outlen = b.len;
	*out = buf_steal(&b);
	*notes = buf_steal(&t.notes);
	r = 1;
	goto out;

refused:
	*cause = t.cause;
	t.cause = NULL;
out:
	for (i = 0; i < t.n; i++)
		free(t.v[i].text);
	free(t.v);
	free(t.cause);
	buf_free(&t.notes);
	buf_free(&b);
	toml_free(t.doc);
	toml_free(t.sdoc);
	diags_free(&d);
	return r;
}
