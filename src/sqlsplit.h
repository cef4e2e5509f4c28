/* sqlsplit.h: SQL text split into statements as an engine's own client
 * would split it (psql, mysql), with where each statement starts, for
 * messages written FILE:LINE:COL. Pure text work: no database. */
#ifndef SQLSPLIT_H
#define SQLSPLIT_H

#include <stddef.h>

#include "db.h"

/* One statement: its text without the terminator, from its first token to
 * its last (comments before and after it left out), and where it starts
 * (1-based; columns count characters). */
struct sqlsplit_stmt {
	char	*text;
	size_t	 line;
	size_t	 col;
};

struct sqlsplit {
	struct sqlsplit_stmt	*stmts;
	size_t			 n;
	/* On failure: where the construct that is not closed starts. */
	size_t			 err_line;
	size_t			 err_col;
};

/*
 * Split len bytes of text for an engine. PostgreSQL: "--" and nested
 * block comments, '' strings, E'' strings with backslash escapes, ""
 * identifiers, dollar quoting ($$...$$, $tag$...$tag$). MySQL and MariaDB:
 * "-- " (the dashes followed by a space or a control character), "#" and
 * block comments, executable comments (slash-star-bang ... star-slash,
 * kept as statement text), '' and "" strings with backslash escapes,
 * backtick identifiers, and DELIMITER lines (not statements themselves).
 * Other engines: "--" and block comments, '' and "" only. A UTF-8 byte
 * order mark at the start is skipped. Empty statements are left out; a
 * last statement without a terminator is kept.
 *
 * Returns 0, or -1 with *cause (without the position, which is in
 * err_line and err_col) for a quote, comment or dollar quote left open, a
 * DELIMITER line without a delimiter, or a NUL byte. Free the result with
 * sqlsplit_clear, in both cases.
 */
int	 sqlsplit_split(const char *text, size_t len, enum db_engine,
	    struct sqlsplit *, char **cause);
void	 sqlsplit_clear(struct sqlsplit *);

/* What a statement does, by its first words. */
enum sqlsplit_class {
	SQLSPLIT_QUERY,		/* SELECT, SHOW, VALUES, EXPLAIN...: rows */
	SQLSPLIT_DML,		/* INSERT, UPDATE, DELETE, REPLACE, MERGE, WITH */
	SQLSPLIT_TRANSACTION,	/* BEGIN, START TRANSACTION, COMMIT, ROLLBACK,
				 * END, ABORT: it manages the transaction */
	SQLSPLIT_OTHER		/* DDL and everything else */
};

enum sqlsplit_class sqlsplit_classify(const char *stmt);

/* The statement on one line for people: white space runs made one space,
 * cut at a character boundary to about width bytes with "..." added. The
 * caller frees it. */
char	*sqlsplit_summary(const char *stmt, size_t width);

#endif
