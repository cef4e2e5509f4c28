/* toml.h: a strict TOML 1.0 reader that remembers where every table, key
 * and value is written, for reading WSO2 deployment.toml files and changing
 * them in place (only the bytes that must change). */
#ifndef TOML_H
#define TOML_H

#include <stddef.h>

#include "diag.h"

/* A place in the text. line and col count from 1, col in characters (a tab
 * is one); start and end are byte offsets, end just past the last byte.
 * line 0 means "not written anywhere" (the table a header [a.b] makes for
 * a, say). */
struct toml_pos {
	int	 line;
	int	 col;
	size_t	 start;
	size_t	 end;
};

enum toml_type {
	TOML_STRING,
	TOML_INTEGER,
	TOML_FLOAT,
	TOML_BOOLEAN,
	TOML_DATETIME,		/* dates and times, kept as written */
	TOML_ARRAY,
	TOML_TABLE
};

/* How a table came to be. */
enum toml_table_kind {
	TOML_TABLE_ROOT,	/* the top level, before any header */
	TOML_TABLE_HEADER,	/* [a.b] */
	TOML_TABLE_ENTRY,	/* one [[a.b]] of an array of tables */
	TOML_TABLE_IMPLICIT,	/* named only on the way: [a.b] makes a */
	TOML_TABLE_DOTTED,	/* made by a dotted key: a.b = 1 makes a */
	TOML_TABLE_INLINE	/* { k = v, ... } */
};

struct toml_table;

struct toml_value {
	enum toml_type	 type;
	/* As written: quotes, brackets and braces included. For a table that
	 * a header opens, its header; zero for IMPLICIT and DOTTED tables
	 * and for an array of tables. */
	struct toml_pos	 pos;
	char		*str;		/* STRING: the decoded text;
					 * DATETIME: the text as written */
	long long	 integer;	/* INTEGER */
	double		 number;	/* FLOAT */
	int		 boolean;	/* BOOLEAN: 0 or 1 */
	struct toml_value **items;	/* ARRAY */
	size_t		 n;
	int		 headers;	/* ARRAY: an array of tables, written
					 * [[name]]; its items are TABLEs */
	struct toml_table *table;	/* TABLE */
};

/* One name in a table: a "key = value" written in it (pair), or a table
 * below it (a header's, a dotted key's part, an array of tables). */
struct toml_kv {
	char		*key;		/* the last part of the key, decoded */
	int		 pair;		/* a key = value written here */
	/* pair: the whole key as written, every dotted part ("a.b" of
	 * a.b = 1); a table below: the part that first named it. */
	struct toml_pos	 key_pos;
	/* pair: from the start of the key's line to just past the newline
	 * that ends the value's last line (a comment there included; at the
	 * end of a text without a final newline, the text's length). Inside
	 * an inline table: from the key to the value's end. Zero for a
	 * table below. */
	struct toml_pos	 line;
	struct toml_value *value;
};

struct toml_table {
	enum toml_table_kind kind;
	struct toml_table *parent;	/* NULL for the root */
	char		*key;		/* the last part of its name; "" for the
					 * root */
	char		*name;		/* dotted, for people and lookups:
					 * database.apim_db, a."c d"; "" for the
					 * root */
	char		**path;		/* the decoded parts (depth of them) */
	size_t		 depth;
	size_t		 index;		/* ENTRY: which [[name]], from 0 */
	/* The next fields are for ROOT, HEADER and ENTRY tables (and header
	 * for INLINE: its braces); zero for the others. */
	struct toml_pos	 header;	/* [name] or [[name]], brackets
					 * included */
	size_t		 line_start;	/* where the header's line starts */
	size_t		 body;		/* just past the header's line */
	/* Just past the table's last line: the newline that ends its last
	 * key = value, or its header's line when it has none. Comments and
	 * blank lines after that belong to no table. */
	size_t		 end;
	int		 end_line;	/* the number of that last line (0 for
					 * a root with no keys) */
	size_t		 next;		/* where the next header's line starts,
					 * or the text's length */
	struct toml_kv	**kv;		/* names, in the order first written */
	size_t		 n;
};

struct toml_doc {
	char		*name;		/* the name given to toml_parse */
	size_t		 len;		/* the text's length */
	struct toml_table *root;
	/* The root, then every [table] and [[entry]], in file order (not
	 * implicit, dotted or inline tables). */
	struct toml_table **tables;
	size_t		 ntables;
	/* The parser's own: every table, for freeing. */
	struct toml_table **all;
	size_t		 nall;
	size_t		 sizeall;
	size_t		 sizetables;
};

/* Parse a TOML text (len bytes, not necessarily NUL-terminated; a UTF-8
 * byte order mark is skipped). Every problem is added to the diagnostics
 * as NAME:LINE:COL: message; then NULL is returned. The document holds
 * copies of everything: the text can be freed. The caller frees the
 * document with toml_free. */
struct toml_doc	*toml_parse(const char *text, size_t len, const char *name,
		    struct diags *);
/* The same for a file; a file that cannot be read is one diagnostic. */
struct toml_doc	*toml_parse_file(const char *path, struct diags *);
void		 toml_free(struct toml_doc *);

/* The table with a dotted name ("database.apim_db", "a.\"c d\"", "" for
 * the root), whichever way it was made; a name that passes through an
 * array of tables goes into its last entry, as a header does. NULL when
 * there is none, for an array of tables itself, and for a name that is
 * not a TOML key. The document owns the result. */
struct toml_table *toml_table_find(const struct toml_doc *, const char *name);
/* The number of [[name]] entries (0 when name is not an array of tables),
 * and entry i of them (NULL past the end). */
size_t		 toml_entry_count(const struct toml_doc *, const char *name);
struct toml_table *toml_entry(const struct toml_doc *, const char *name,
		    size_t);

/* The name key (one part, decoded: no dots or quotes are read in it) in a
 * table, or NULL. toml_get gives its value: a TABLE value for a table
 * below. The table owns the results. */
struct toml_kv	*toml_kv_get(const struct toml_table *, const char *key);
struct toml_value *toml_get(const struct toml_table *, const char *key);

/* A string's text, or NULL for a missing value or another type. */
const char	*toml_str(const struct toml_value *);
/* An integer into *out: 0, or -1 for a missing value or another type. */
int		 toml_int(const struct toml_value *, long long *out);
/* A boolean: 1 or 0, or -1 for a missing value or another type. */
int		 toml_bool(const struct toml_value *);
/* "string", "integer", ..., translated, for messages. */
const char	*toml_type_name(const struct toml_value *);

/* Split a dotted key as TOML reads it (a.b, a."c d", 'x'.y, spaces
 * around the dots) into its decoded parts. Returns the number of parts
 * (at least 1) with *parts an array the caller frees with
 * toml_parts_free, or -1 with *cause (the caller frees it). */
int		 toml_key_split(const char *, char ***parts, char **cause);
void		 toml_parts_free(char **, size_t);
/* One key part as TOML writes it: bare when it can be (apim_db), else
 * quoted ("c d"). The caller frees the result. */
char		*toml_key_format(const char *);
/* A string as a TOML basic string, quotes and escapes included, ASCII
 * quotes only. The caller frees the result. */
char		*toml_string_format(const char *);

#endif
