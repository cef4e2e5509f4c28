/* sqlsplit.c: SQL text split into statements for an engine, as psql and
 * the mysql client split what they read: a scanner that knows where
 * quotes, comments and dollar quotes begin and end, so that only a
 * terminator outside them ends a statement. It keeps the line and column
 * of every position for messages. */
#include "config.h"

#include "sqlsplit.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "i18n.h"
#include "xmalloc.h"

enum sqlsplit_dialect {
	DIALECT_STANDARD,
	DIALECT_PG,
	DIALECT_MYSQL
};

/* The scanner: the text, where it is, and the statement being read. */
struct scan {
	const char		*text;
	size_t			 len;
	size_t			 pos;
	size_t			 line;		/* of pos */
	size_t			 col;
	enum sqlsplit_dialect	 dialect;
	char			*delim;		/* the terminator */
	size_t			 dlen;
	int			 line_start;	/* only blanks so far on it */
	int			 pending;	/* a statement has begun */
	size_t			 start;		/* its first byte */
	size_t			 start_line;
	size_t			 start_col;
	size_t			 end;		/* past its last token */
	size_t			 size;		/* room in out->stmts */
	struct sqlsplit		*out;
};

/* A byte that continues a UTF-8 sequence: not a column of its own. */
static int
sqlsplit_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

static int
sqlsplit_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* A byte of an unquoted name: letters, digits, '_', '$' (PostgreSQL and
 * MySQL allow it after the first letter) and any byte of a UTF-8
 * sequence. */
static int
sqlsplit_ident(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

static unsigned char
sqlsplit_at(const struct scan *s, size_t off)
{
	return s->pos + off < s->len ? (unsigned char)s->text[s->pos + off] :
	    '\0';
}

/* Move n bytes on, counting lines and columns. */
static void
sqlsplit_advance(struct scan *s, size_t n)
{
	unsigned char c;

	for (; n > 0 && s->pos < s->len; n--) {
		c = (unsigned char)s->text[s->pos++];
		if (c == '\n') {
			s->line++;
			s->col = 1;
		} else if (!sqlsplit_cont(c))
			s->col++;
	}
}

/* Fail at a position with a message. */
static int
sqlsplit_fail(struct scan *s, size_t line, size_t col, char **cause,
    char *msg)
{
	s->out->err_line = line;
	s->out->err_col = col;
	*cause = msg;
	return -1;
}

/* A token begins at the current position (a statement too, if none has). */
static void
sqlsplit_token(struct scan *s)
{
	if (!s->pending) {
		s->pending = 1;
		s->start = s->pos;
		s->start_line = s->line;
		s->start_col = s->col;
	}
}

/* The statement read so far, if any, is complete. */
static void
sqlsplit_end(struct scan *s)
{
	struct sqlsplit *out = s->out;
	struct sqlsplit_stmt *st;

	if (!s->pending)
		return;
	if (out->n == s->size) {
		s->size = s->size == 0 ? 16 : s->size * 2;
		out->stmts = xreallocarray(out->stmts, s->size,
		    sizeof *out->stmts);
	}
	st = &out->stmts[out->n++];
	st->text = xstrndup(s->text + s->start, s->end - s->start);
	st->line = s->start_line;
	st->col = s->start_col;
	s->pending = 0;
}

/* Skip to the end of the line (a "--" or "#" comment), not past it. */
static void
sqlsplit_line_comment(struct scan *s)
{
	const char *nl = memchr(s->text + s->pos, '\n', s->len - s->pos);

	sqlsplit_advance(s, nl != NULL ? (size_t)(nl - s->text) - s->pos :
	    s->len - s->pos);
}

/* A block comment; PostgreSQL's nest. */
static int
sqlsplit_block_comment(struct scan *s, char **cause)
{
	size_t line = s->line, col = s->col, depth = 0;

	do {
		if (s->pos >= s->len)
			return sqlsplit_fail(s, line, col, cause,
			    xstrdup(_("a comment (/* ... */) starts here and "
			    "is not closed")));
		if (sqlsplit_at(s, 0) == '/' && sqlsplit_at(s, 1) == '*' &&
		    (depth == 0 || s->dialect == DIALECT_PG)) {
			depth++;
			sqlsplit_advance(s, 2);
		} else if (sqlsplit_at(s, 0) == '*' &&
		    sqlsplit_at(s, 1) == '/') {
			depth--;
			sqlsplit_advance(s, 2);
		} else
			sqlsplit_advance(s, 1);
	} while (depth > 0);
	return 0;
}

/* MySQL's executable comment: statement text, up to its close. */
static int
sqlsplit_exec_comment(struct scan *s, char **cause)
{
	size_t line = s->line, col = s->col;

	sqlsplit_token(s);
	sqlsplit_advance(s, 3);
	while (s->pos < s->len && !(sqlsplit_at(s, 0) == '*' &&
	    sqlsplit_at(s, 1) == '/'))
		sqlsplit_advance(s, 1);
	if (s->pos >= s->len)
		return sqlsplit_fail(s, line, col, cause, xstrdup(_("an "
		    "executable comment (/*! ... */) starts here and is not "
		    "closed")));
	sqlsplit_advance(s, 2);
	s->end = s->pos;
	return 0;
}

/* A quoted string or name from its opening quote (after any prefix of
 * skip bytes) to its close; a doubled quote stands for itself, and with
 * backslash a backslash escapes the next byte. */
static int
sqlsplit_quoted(struct scan *s, size_t skip, int backslash, char **cause)
{
	size_t line = s->line, col = s->col;
	unsigned char q, c;
	const char *what;

	sqlsplit_token(s);
	sqlsplit_advance(s, skip);
	q = sqlsplit_at(s, 0);
	sqlsplit_advance(s, 1);
	for (;;) {
		if (s->pos >= s->len)
			break;
		c = sqlsplit_at(s, 0);
		if (backslash && c == '\\') {
			sqlsplit_advance(s, 2);
			continue;
		}
		if (c == q && sqlsplit_at(s, 1) == q) {
			sqlsplit_advance(s, 2);
			continue;
		}
		sqlsplit_advance(s, 1);
		if (c == q) {
			s->end = s->pos;
			return 0;
		}
	}
	if (q == '\'')
		what = _("a string in single quotes starts here and is not "
		    "closed");
	else if (q == '"')
		what = _("a text in double quotes starts here and is not "
		    "closed");
	else
		what = _("a name in backticks starts here and is not closed");
	return sqlsplit_fail(s, line, col, cause, xstrdup(what));
}

/* The length of a dollar-quote tag ($$ or $name$) at the position, or 0
 * when the '$' starts none ($1 is a parameter). */
static size_t
sqlsplit_dollar_tag(const struct scan *s)
{
	size_t n = 1;
	unsigned char c = sqlsplit_at(s, 1);

	if (c == '$')
		return 2;
	if (!sqlsplit_ident(c) || (c >= '0' && c <= '9') || c == '$')
		return 0;
	while (s->pos + n < s->len && sqlsplit_ident(c = sqlsplit_at(s, n)) &&
	    c != '$')
		n++;
	return sqlsplit_at(s, n) == '$' ? n + 1 : 0;
}

/* A dollar-quoted string: everything up to the same tag again. */
static int
sqlsplit_dollar(struct scan *s, size_t tlen, char **cause)
{
	const char *tag = s->text + s->pos, *p, *end = s->text + s->len;
	size_t line = s->line, col = s->col;
	char *t;

	for (p = tag + tlen; p + tlen <= end; p++) {
		if (*p == '$' && memcmp(p, tag, tlen) == 0)
			break;
	}
	if (p + tlen > end) {
		t = xstrndup(tag, tlen);
		sqlsplit_fail(s, line, col, cause, xprintf(_("a dollar-quoted "
		    "string starts here with %s and is not closed by %s "
		    "again"), t, t));
		free(t);
		return -1;
	}
	sqlsplit_token(s);
	sqlsplit_advance(s, (size_t)(p - tag) + tlen);
	s->end = s->pos;
	return 0;
}

/* At the start of a line, between statements: is it a DELIMITER line?
 * If so the new delimiter is taken (the rest of the line is ignored, as
 * the mysql client does) and the line skipped. Returns 1 if it was, 0 if
 * not, -1 with *cause if it is malformed. */
static int
sqlsplit_delimiter(struct scan *s, char **cause)
{
	static const char word[] = "delimiter";
	const size_t wlen = sizeof word - 1;
	size_t line = s->line, col = s->col, i, n;

	if (s->len - s->pos < wlen ||
	    strncasecmp(s->text + s->pos, word, wlen) != 0 ||
	    (s->pos + wlen < s->len &&
	    !sqlsplit_blank(sqlsplit_at(s, wlen)) && sqlsplit_at(s, wlen) != '\n'))
		return 0;
	sqlsplit_advance(s, wlen);
	while (sqlsplit_blank(sqlsplit_at(s, 0)) && s->pos < s->len)
		sqlsplit_advance(s, 1);
	for (n = 0; s->pos + n < s->len; n++) {
		if (sqlsplit_blank(sqlsplit_at(s, n)) ||
		    sqlsplit_at(s, n) == '\n')
			break;
	}
	if (n == 0)
		return sqlsplit_fail(s, line, col, cause, xstrdup(_("DELIMITER "
		    "must be followed by the new delimiter on the same line")));
	for (i = 0; i < n; i++) {
		if (sqlsplit_at(s, i) == '\\')
			return sqlsplit_fail(s, line, col, cause,
			    xstrdup(_("a delimiter cannot contain a "
			    "backslash")));
	}
	free(s->delim);
	s->delim = xstrndup(s->text + s->pos, n);
	s->dlen = n;
	sqlsplit_line_comment(s);
	return 1;
}

/* Where a NUL byte is, if there is one: SQL text has none. */
static int
sqlsplit_nul(struct scan *s, char **cause)
{
	const char *nul = memchr(s->text, '\0', s->len);

	if (nul == NULL)
		return 0;
	sqlsplit_advance(s, (size_t)(nul - s->text));
	return sqlsplit_fail(s, s->line, s->col, cause, xstrdup(_("a NUL "
	    "byte: this is not SQL text")));
}

/* One step of the scanner outside quotes and comments. */
static int
sqlsplit_step(struct scan *s, char **cause)
{
	unsigned char c = sqlsplit_at(s, 0), n1 = sqlsplit_at(s, 1);
	int mysql = s->dialect == DIALECT_MYSQL, pg = s->dialect == DIALECT_PG;
	int prev_ident = s->pos > 0 &&
	    sqlsplit_ident((unsigned char)s->text[s->pos - 1]);
	size_t tlen;
	int rc;

	if (mysql && s->line_start && !s->pending) {
		if ((rc = sqlsplit_delimiter(s, cause)) != 0)
			return rc == 1 ? 0 : -1;
	}
	if (s->len - s->pos >= s->dlen &&
	    memcmp(s->text + s->pos, s->delim, s->dlen) == 0) {
		sqlsplit_end(s);
		sqlsplit_advance(s, s->dlen);
		s->line_start = 0;
		return 0;
	}
	if (c == '\n') {
		sqlsplit_advance(s, 1);
		s->line_start = 1;
		return 0;
	}
	if (sqlsplit_blank(c)) {
		sqlsplit_advance(s, 1);
		return 0;
	}
	s->line_start = 0;
	/* MySQL: "--" starts a comment only before a space or a control
	 * character; "--1" is minus minus one. */
	if (c == '-' && n1 == '-' && (!mysql || sqlsplit_at(s, 2) <= ' ')) {
		sqlsplit_line_comment(s);
		return 0;
	}
	if (c == '#' && mysql) {
		sqlsplit_line_comment(s);
		return 0;
	}
	if (c == '/' && n1 == '*') {
		if (mysql && (sqlsplit_at(s, 2) == '!' ||
		    (sqlsplit_at(s, 2) == 'M' && sqlsplit_at(s, 3) == '!')))
			return sqlsplit_exec_comment(s, cause);
		return sqlsplit_block_comment(s, cause);
	}
	if (c == '\'' || c == '"')
		return sqlsplit_quoted(s, 0, mysql, cause);
	if (c == '`' && mysql)
		return sqlsplit_quoted(s, 0, 0, cause);
	if (pg && (c == 'E' || c == 'e') && n1 == '\'' && !prev_ident)
		return sqlsplit_quoted(s, 1, 1, cause);
	if (pg && c == '$' && !prev_ident &&
	    (tlen = sqlsplit_dollar_tag(s)) > 0)
		return sqlsplit_dollar(s, tlen, cause);
	sqlsplit_token(s);
	sqlsplit_advance(s, 1);
	s->end = s->pos;
	return 0;
}

int
sqlsplit_split(const char *text, size_t len, enum db_engine engine,
    struct sqlsplit *out, char **cause)
{
	struct scan s;
	int rc = 0;

	memset(out, 0, sizeof *out);
	memset(&s, 0, sizeof s);
	s.text = text;
	s.len = len;
	s.line = s.col = 1;
	s.line_start = 1;
	s.out = out;
	s.delim = xstrdup(";");
	s.dlen = 1;
	switch (engine) {
	case DB_POSTGRESQL:
		s.dialect = DIALECT_PG;
		break;
	case DB_MYSQL:
	case DB_MARIADB:
		s.dialect = DIALECT_MYSQL;
		break;
	default:
		s.dialect = DIALECT_STANDARD;
		break;
	}
	if (sqlsplit_nul(&s, cause) == -1) {
		free(s.delim);
		return -1;
	}
	/* A byte order mark, which some editors write: not a column. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		s.pos = 3;
	while (s.pos < s.len) {
		if ((rc = sqlsplit_step(&s, cause)) == -1)
			break;
	}
	if (rc == 0)
		sqlsplit_end(&s);
	free(s.delim);
	return rc;
}

void
sqlsplit_clear(struct sqlsplit *sp)
{
	size_t i;

	for (i = 0; i < sp->n; i++)
		free(sp->stmts[i].text);
	free(sp->stmts);
	memset(sp, 0, sizeof *sp);
}

/* The next word of a statement (letters and '_'), after blanks and
 * opening parentheses; *p is moved past it. */
static size_t
sqlsplit_word(const char **p, const char **word)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == '(' || *s == ' ' || *s == '\t' || *s == '\n' ||
	    *s == '\r')
		s++;
	*word = s;
	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	    s[n] == '_')
		n++;
	*p = s + n;
	return n;
}

static int
sqlsplit_is(const char *word, size_t n, const char *want)
{
	return n == strlen(want) && strncasecmp(word, want, n) == 0;
}

enum sqlsplit_class
sqlsplit_classify(const char *stmt)
{
	static const char *const query[] = {
		"SELECT", "SHOW", "VALUES", "TABLE", "EXPLAIN", "DESCRIBE",
		"DESC", NULL
	};
	static const char *const dml[] = {
		"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "WITH", NULL
	};
	static const char *const transaction[] = {
		"COMMIT", "ROLLBACK", "ABORT", "END", "XA", NULL
	};
	const char *p = stmt, *w, *w2;
	size_t n, n2, i;

	n = sqlsplit_word(&p, &w);
	for (i = 0; query[i] != NULL; i++) {
		if (sqlsplit_is(w, n, query[i]))
			return SQLSPLIT_QUERY;
	}
	for (i = 0; dml[i] != NULL; i++) {
		if (sqlsplit_is(w, n, dml[i]))
			return SQLSPLIT_DML;
	}
	for (i = 0; transaction[i] != NULL; i++) {
		if (sqlsplit_is(w, n, transaction[i]))
			return SQLSPLIT_TRANSACTION;
	}
	n2 = sqlsplit_word(&p, &w2);
	/* MariaDB's BEGIN NOT ATOMIC ... END is a block, not a transaction. */
	if (sqlsplit_is(w, n, "BEGIN") && !sqlsplit_is(w2, n2, "NOT"))
		return SQLSPLIT_TRANSACTION;
	if ((sqlsplit_is(w, n, "START") || sqlsplit_is(w, n, "PREPARE")) &&
	    sqlsplit_is(w2, n2, "TRANSACTION"))
		return SQLSPLIT_TRANSACTION;
	return SQLSPLIT_OTHER;
}

char *
sqlsplit_summary(const char *stmt, size_t width)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)stmt;
	size_t chars = 0;
	int space = 0;

	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = 1;
			continue;
		}
		if (!sqlsplit_cont(*p)) {
			if (chars + (space && b.len > 0) >= width) {
				buf_adds(&b, "...");
				break;
			}
			if (space && b.len > 0) {
				buf_addc(&b, ' ');
				chars++;
			}
			chars++;
		}
		space = 0;
		buf_addc(&b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
	}
	return buf_steal(&b);
}
