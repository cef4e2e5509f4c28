/* db-backend.h: what db.c shares with the engine files db-pg.c (libpq) and
 * db-mysql.c (MariaDB Connector/C). Nothing outside these three files
 * includes it. */
#ifndef DB_BACKEND_H
#define DB_BACKEND_H

#include "db.h"

struct db_backend;

struct db {
	enum db_engine	 engine;	/* MySQL or MariaDB: as the server
					 * says */
	const struct db_backend *backend;
	char		*where;		/* "postgresql://u@h:p/db" */
	char		*version;	/* "PostgreSQL 15.20" */
	long		 version_number; /* 150020 */
	int		 connect_timeout_s;
	int		 query_timeout_s;
	int		 denied;	/* the last statement failed for want
					 * of a privilege: set by the engine
					 * file, cleared before each */
	void		*conn;		/* the engine file's: PGconn *,
					 * struct db_my *; NULL once given
					 * up on */
};

/* One engine's side. Each returns -1 with *cause on failure. */
struct db_backend {
	/* Load the engine's client library (dlopen) and find its functions,
	 * once: db_connect calls it before connect. */
	int	(*load)(char **cause);
	/* Connect db->conn with the settings, fill the version. The password
	 * may be NULL (the library's own files); it is not kept. */
	int	(*connect)(struct db *, const struct db_settings *,
		    const char *password, char **cause);
	void	(*close)(struct db *);
	int	(*query)(struct db *, const char *, const char *const *,
		    size_t, size_t, struct db_result *, char **);
	int	(*exec)(struct db *, const char *, unsigned long long *,
		    char **);
};

#ifdef HAVE_LIBPQ
extern const struct db_backend db_pg_backend;
#endif
#ifdef HAVE_MYSQL
extern const struct db_backend db_mysql_backend;
#endif

/* The client library soname (title: "PostgreSQL", for messages), opened
 * with dlopen, and each of its functions in names[0..n-1] found with dlsym
 * into slots[0..n-1] (as void *; the engine file copies each into its
 * typed pointer). Returns -1 with *cause naming the library and giving
 * dlerror's text. A library opened is never closed: OpenSSL, which it
 * brings in, does not expect to be unloaded. */
int	 db_library_load(const char *soname, const char *title,
	    const char *const *names, void **slots, size_t n, char **cause);

/* A server's or library's message on one line: every run of white space
 * (newlines, tabs) made one space, none at either end. The caller frees
 * it. */
char	*db_message(const char *);
/* How long the client waits for a server's answer before it gives the
 * connection up: the query timeout (which the server enforces itself),
 * then as long again, at most DB_GRACE_MAX more seconds. */
#define DB_GRACE_MAX	10
int	 db_wait_s(const struct db *);
/* Start a result with ncols columns (names to be filled). */
void	 db_result_start(struct db_result *, size_t ncols);
/* Room for one more kept row: its ncols cells, all NULL, to fill. */
char	**db_result_add_row(struct db_result *, size_t *size);

#endif
