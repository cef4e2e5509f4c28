/* db.h: one interface over the database servers: libpq for PostgreSQL, the
 * MySQL client library (MariaDB Connector/C) for MySQL and MariaDB. Oracle
 * and SQL Server are never connected to (their checks show the query for the
 * operator to run). Passwords pass through here and are never kept beyond
 * the connection attempt, written or shown. */
#ifndef DB_H
#define DB_H

#include <stddef.h>

enum db_engine {
	DB_NONE = 0,
	DB_POSTGRESQL,
	DB_MYSQL,
	DB_MARIADB,
	DB_ORACLE,
	DB_MSSQL
};

/* "postgresql", "mysql", ...; DB_NONE for anything else. */
enum db_engine	 db_engine_from_name(const char *);
const char	*db_engine_name(enum db_engine);
/* Engines this program connects to (PostgreSQL, MySQL, MariaDB). */
int		 db_engine_connects(enum db_engine);

/* The longest query timeout a setting may give, in seconds: a day. */
#define DB_QUERY_TIMEOUT_MAX	86400

/* How to reach one database. No password in here: see db_connect. */
struct db_settings {
	enum db_engine	 engine;
	char		*host;		/* NULL: the library's default (local socket) */
	int		 port;		/* 0: the engine's default */
	char		*database;
	char		*user;		/* NULL: the library's default */
	char		*tls;		/* disable, prefer, require, verify-ca,
					 * verify-full; NULL: the library's default */
	char		*password_env;	/* the variable holding the password */
	int		 connect_timeout_s;	/* 0: 10 */
	int		 query_timeout_s;	/* 0: 300; at most
						 * DB_QUERY_TIMEOUT_MAX */
	char		*source;	/* "answers", "prompt", "discovered FILE" */
	int		 ask_password;	/* ask a person for the password (the
					 * product's file holds it encrypted,
					 * $secret{...}) */
};

void	 db_settings_clear(struct db_settings *);
void	 db_settings_copy(struct db_settings *, const struct db_settings *);
/* One line for people: "postgresql://user@host:5432/db (tls require)". */
char	*db_settings_text(const struct db_settings *);

struct db;

/* Connect. password may be NULL: then the password_env variable if named,
 * else the client library's own files (~/.pgpass, ~/.my.cnf [client]).
 * NULL with *cause holding the server's or library's own message. */
struct db	*db_connect(const struct db_settings *, const char *password,
		    char **cause);
void		 db_close(struct db *);
enum db_engine	 db_engine_of(const struct db *);
/* "PostgreSQL 15.18", "MariaDB 10.11.6": the server's own version text. */
const char	*db_server_version(const struct db *);
/* The version as a number for comparison: 150018, 101106. */
long		 db_server_version_number(const struct db *);

/* Called with each row of db_query_rows: ncols cells, NULL for SQL NULL,
 * valid only during the call. */
typedef void	 (*db_row_fn)(void *arg, const char *const *cells,
		    size_t ncols);

/* The rows of a query: every cell a string, NULL for SQL NULL. */
struct db_result {
	size_t		  ncols;
	char		**names;
	size_t		  nrows;	/* rows kept (at most the max asked) */
	char		**cells;	/* nrows * ncols, row by row */
	unsigned long long total;	/* rows the query returned in all */
	db_row_fn	  row_fn;	/* set (by db_query_rows): each row
					 * is handed to it, none kept */
	void		 *row_arg;
};

void	 db_result_clear(struct db_result *);
const char *db_cell(const struct db_result *, size_t row, size_t col);

/* Run a query with bound parameters (written $1, $2... for PostgreSQL and
 * ? for MySQL/MariaDB: use db_param to write the placeholder), keeping at
 * most max_rows rows but counting them all. -1 with *cause (the server's
 * message) on failure, or after the query timeout. */
int	 db_query(struct db *, const char *sql, const char *const *params,
	    size_t nparams, size_t max_rows, struct db_result *, char **cause);
/* Run a query as db_query does, handing each row to fn as it arrives
 * (PostgreSQL's single-row mode, MySQL's unbuffered fetch): the memory
 * used does not grow with the rows. *total (may be NULL) counts them. */
int	 db_query_rows(struct db *, const char *sql, const char *const *params,
	    size_t nparams, db_row_fn fn, void *arg, unsigned long long *total,
	    char **cause);
/* Run one statement that returns no rows; *affected when not NULL. */
int	 db_exec(struct db *, const char *sql, unsigned long long *affected,
	    char **cause);
/* Did the last db_query or db_exec fail for want of a privilege (the
 * server's permission denied, as its error code says)? */
int	 db_denied(const struct db *);
int	 db_begin(struct db *, char **cause);
int	 db_commit(struct db *, char **cause);
int	 db_rollback(struct db *, char **cause);
/* Does the engine run DDL inside a transaction (PostgreSQL yes, MySQL no)? */
int	 db_transactional_ddl(const struct db *);

/* The placeholder for parameter n (from 1) in this engine's syntax. */
const char *db_param(enum db_engine, int n);
/* An identifier quoted by the engine's rules ("a""b" or `a``b`); the
 * caller frees it. */
char	*db_quote_ident(enum db_engine, const char *);
/* The name as the engine stores an unquoted identifier (PostgreSQL: lower
 * case; MySQL/MariaDB: as written). The caller frees it. */
char	*db_fold_ident(enum db_engine, const char *);

#endif
