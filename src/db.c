/* db.c: the engine-independent side of the database layer: engine names,
 * connection settings, placeholders and identifiers, results, and the
 * dispatch to the engine files (db-pg.c, db-mysql.c) through their
 * struct db_backend. The password is looked up here and handed on as a
 * pointer; it is never copied, and a message that would hold it has it
 * replaced by asterisks. */
#include "config.h"

#include "db.h"

#include <ctype.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "db-backend.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

#define DB_CONNECT_TIMEOUT	10
#define DB_QUERY_TIMEOUT	300
/* A password shorter than this is not searched for in messages: it would
 * mangle them without protecting anything. */
#define DB_SCRUB_MIN		4

static const struct db_engine_entry {
	enum db_engine	 engine;
	const char	*name;
	const char	*title;
	int		 connects;
	const struct db_backend *backend;
} db_engines[] = {
#ifdef HAVE_LIBPQ
	{ DB_POSTGRESQL, "postgresql", "PostgreSQL", 1, &db_pg_backend },
#else
	{ DB_POSTGRESQL, "postgresql", "PostgreSQL", 1, NULL },
#endif
#ifdef HAVE_MYSQL
	{ DB_MYSQL, "mysql", "MySQL", 1, &db_mysql_backend },
	{ DB_MARIADB, "mariadb", "MariaDB", 1, &db_mysql_backend },
#else
	{ DB_MYSQL, "mysql", "MySQL", 1, NULL },
	{ DB_MARIADB, "mariadb", "MariaDB", 1, NULL },
#endif
	{ DB_ORACLE, "oracle", "Oracle", 0, NULL },
	{ DB_MSSQL, "mssql", "SQL Server", 0, NULL },
};

/* Other names people write for the same engines. */
static const struct {
	const char	*name;
	enum db_engine	 engine;
} db_engine_aliases[] = {
	{ "postgres", DB_POSTGRESQL },
	{ "pgsql", DB_POSTGRESQL },
	{ "sqlserver", DB_MSSQL },
};

static const char *const db_tls_modes[] = {
	"disable", "prefer", "require", "verify-ca", "verify-full"
};

static const struct db_engine_entry *
db_engine_find(enum db_engine engine)
{
	size_t i;

	for (i = 0; i < sizeof db_engines / sizeof db_engines[0]; i++) {
		if (db_engines[i].engine == engine)
			return &db_engines[i];
	}
	return NULL;
}

enum db_engine
db_engine_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return DB_NONE;
	for (i = 0; i < sizeof db_engines / sizeof db_engines[0]; i++) {
		if (strcasecmp(name, db_engines[i].name) == 0)
			return db_engines[i].engine;
	}
	for (i = 0; i < sizeof db_engine_aliases / sizeof db_engine_aliases[0];
	    i++) {
		if (strcasecmp(name, db_engine_aliases[i].name) == 0)
			return db_engine_aliases[i].engine;
	}
	return DB_NONE;
}

const char *
db_engine_name(enum db_engine engine)
{
	const struct db_engine_entry *e = db_engine_find(engine);

	return e == NULL ? "none" : e->name;
}

int
db_engine_connects(enum db_engine engine)
{
	const struct db_engine_entry *e = db_engine_find(engine);

	return e != NULL && e->connects;
}

void
db_settings_clear(struct db_settings *s)
{
	free(s->host);
	free(s->database);
	free(s->user);
	free(s->tls);
	free(s->password_env);
	free(s->source);
	memset(s, 0, sizeof *s);
}

static char *
db_strdup(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

/* Fill dst (whatever it held is not freed) with a copy of src. */
void
db_settings_copy(struct db_settings *dst, const struct db_settings *src)
{
	dst->engine = src->engine;
	dst->host = db_strdup(src->host);
	dst->port = src->port;
	dst->database = db_strdup(src->database);
	dst->user = db_strdup(src->user);
	dst->tls = db_strdup(src->tls);
	dst->password_env = db_strdup(src->password_env);
	dst->connect_timeout_s = src->connect_timeout_s;
	dst->query_timeout_s = src->query_timeout_s;
	dst->source = db_strdup(src->source);
	dst->ask_password = src->ask_password;
}

/* "postgresql://user@host:port/db": where the database is, for messages.
 * A host left to the library (its local socket) is written [local], as
 * psql does. The caller frees it. */
static char *
db_where(const struct db_settings *s)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s://", db_engine_name(s->engine));
	if (s->user != NULL && *s->user != '\0')
		buf_printf(&b, "%s@", s->user);
	if (s->host == NULL || *s->host == '\0')
		buf_adds(&b, "[local]");
	else if (strchr(s->host, ':') != NULL && *s->host != '[')
		buf_printf(&b, "[%s]", s->host);
	else
		buf_adds(&b, s->host);
	if (s->port > 0)
		buf_printf(&b, ":%d", s->port);
	if (s->database != NULL && *s->database != '\0')
		buf_printf(&b, "/%s", s->database);
	return buf_steal(&b);
}

char *
db_settings_text(const struct db_settings *s)
{
	char *where, *text;

	where = db_where(s);
	if (s->tls == NULL || *s->tls == '\0')
		return where;
	/* TRANSLATORS: a database's address, then its TLS mode
	 * ("disable", "require", ... left as they are). */
	text = xprintf(_("%s (tls %s)"), where, s->tls);
	free(where);
	return text;
}

/* The engine files copy dlsym's void * into function pointers. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
    "a function's address fits in a void *");

int
db_library_load(const char *soname, const char *title,
    const char *const *names, void **slots, size_t n, char **cause)
{
	void *handle;
	size_t i;

	handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		/* TRANSLATORS: the first %s is an engine ("PostgreSQL"), the
		 * second a file ("libpq.so.5"), the third the system's
		 * reason. */
		*cause = xprintf(_("cannot load the %s client library %s: %s"),
		    title, soname, dlerror());
		return -1;
	}
	for (i = 0; i < n; i++) {
		(void)dlerror();
		slots[i] = dlsym(handle, names[i]);
		if (slots[i] == NULL) {
			const char *why = dlerror();

			/* TRANSLATORS: an engine ("PostgreSQL"), a file
			 * ("libpq.so.5"), a function ("PQexec"), the system's
			 * reason. */
			*cause = xprintf(_("the %s client library %s has no "
			    "function %s: %s"), title, soname, names[i],
			    why != NULL ? why : "NULL");
			return -1;
		}
	}
	return 0;
}

/* One line of msg, from p up to the newline (*next after it), with every
 * run of white space made one space; the caller frees it. */
static char *
db_message_line(const char *p, const char **next)
{
	struct buf b = BUF_INIT;
	int space = 0;

	for (; *p != '\0' && *p != '\n'; p++) {
		if (isspace((unsigned char)*p)) {
			space = 1;
			continue;
		}
		if (space && b.len > 0)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *p);
	}
	*next = *p == '\n' ? p + 1 : p;
	return buf_steal(&b);
}

/* Lines are joined with a space; a line said before (libpq repeats its
 * message when it tried with TLS and then without) is left out. */
char *
db_message(const char *msg)
{
	struct buf b = BUF_INIT;
	const char *p, *next;
	char **seen = NULL, *line;
	size_t nseen = 0, i;

	if (msg == NULL)
		msg = "";
	for (p = msg; *p != '\0'; p = next) {
		line = db_message_line(p, &next);
		for (i = 0; i < nseen; i++) {
			if (strcmp(seen[i], line) == 0)
				break;
		}
		if (*line == '\0' || i < nseen) {
			free(line);
			continue;
		}
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, line);
		seen = xreallocarray(seen, nseen + 1, sizeof *seen);
		seen[nseen++] = line;
	}
	for (i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	return buf_steal(&b);
}

/* Replace every occurrence of the password in *msg by asterisks. */
static void
db_scrub(char **msg, const char *password)
{
	struct buf b = BUF_INIT;
	const char *p, *hit;
	size_t len;

	if (*msg == NULL || password == NULL)
		return;
	len = strlen(password);
	if (len < DB_SCRUB_MIN || strstr(*msg, password) == NULL)
		return;
	p = *msg;
	while ((hit = strstr(p, password)) != NULL) {
		buf_add(&b, p, (size_t)(hit - p));
		buf_adds(&b, "****");
		p = hit + len;
	}
	buf_adds(&b, p);
	free(*msg);
	*msg = buf_steal(&b);
}

static int
db_tls_valid(const char *tls)
{
	size_t i;

	for (i = 0; i < sizeof db_tls_modes / sizeof db_tls_modes[0]; i++) {
		if (strcmp(tls, db_tls_modes[i]) == 0)
			return 1;
	}
	return 0;
}

struct db *
db_connect(const struct db_settings *s, const char *password, char **cause)
{
	const struct db_engine_entry *e = db_engine_find(s->engine);
	struct db *db;
	char *where, *timed_out, *error;
	long long t0;

	where = db_where(s);
	if (e == NULL) {
		*cause = xprintf(_("cannot connect to %s: no database engine "
		    "is set"), where);
		goto fail;
	}
	if (!e->connects) {
		*cause = xprintf(_("cannot connect to %s: the wizard does not "
		    "connect to %s databases; run the query shown elsewhere"),
		    where, e->title);
		goto fail;
	}
	if (e->backend == NULL) {
		*cause = xprintf(_("cannot connect to %s: this wizard was "
		    "built without %s support"), where, e->title);
		goto fail;
	}
	if (s->tls != NULL && *s->tls != '\0' && !db_tls_valid(s->tls)) {
		*cause = xprintf(_("cannot connect to %s: unknown TLS mode "
		    "'%s' (use disable, prefer, require, verify-ca or "
		    "verify-full)"), where, s->tls);
		goto fail;
	}
	if (s->port < 0 || s->port > 65535) {
		*cause = xprintf(_("cannot connect to %s: the port %d is not "
		    "between 1 and 65535"), where, s->port);
		goto fail;
	}
	if (password == NULL && s->password_env != NULL &&
	    *s->password_env != '\0') {
		password = getenv(s->password_env);
		if (password == NULL) {
			*cause = xprintf(_("cannot connect to %s: the "
			    "environment variable %s, which should hold the "
			    "password, is not set"), where, s->password_env);
			goto fail;
		}
		if (*password == '\0') {
			*cause = xprintf(_("cannot connect to %s: the "
			    "environment variable %s, which should hold the "
			    "password, is empty"), where, s->password_env);
			goto fail;
		}
	}

	if (e->backend->load(&error) != 0) {
		*cause = xprintf(_("cannot connect to %s: %s"), where, error);
		free(error);
		goto fail;
	}
	db = xcalloc(1, sizeof *db);
	db->engine = s->engine;
	db->backend = e->backend;
	db->where = where;
	db->connect_timeout_s = s->connect_timeout_s > 0 ?
	    s->connect_timeout_s : DB_CONNECT_TIMEOUT;
	db->query_timeout_s = s->query_timeout_s > 0 ?
	    s->query_timeout_s : DB_QUERY_TIMEOUT;
	t0 = util_now_ms();
	if (db->backend->connect(db, s, password, cause) != 0) {
		/* The libraries' words for a server that took the connection
		 * and never answered ("timeout expired", "Lost connection to
		 * server at 'handshake: ...'") do not say it waited: said
		 * here, when the whole connect timeout went by. */
		if (util_now_ms() - t0 >=
		    (long long)db->connect_timeout_s * 1000 - 500) {
			timed_out = xprintf(_("%s (no answer within the "
			    "connect timeout of %d s)"), *cause,
			    db->connect_timeout_s);
			free(*cause);
			*cause = timed_out;
		}
		db_scrub(cause, password);
		free(db->version);
		free(db->where);
		free(db);
		return NULL;
	}
	return db;

fail:
	free(where);
	return NULL;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		db->backend->close(db);
	free(db->version);
	free(db->where);
	free(db);
}

enum db_engine
db_engine_of(const struct db *db)
{
	return db->engine;
}

const char *
db_server_version(const struct db *db)
{
	return db->version;
}

long
db_server_version_number(const struct db *db)
{
	return db->version_number;
}

void
db_result_clear(struct db_result *r)
{
	size_t i;

	if (r->names != NULL) {
		for (i = 0; i < r->ncols; i++)
			free(r->names[i]);
		free(r->names);
	}
	if (r->cells != NULL) {
		for (i = 0; i < r->nrows * r->ncols; i++)
			free(r->cells[i]);
		free(r->cells);
	}
	memset(r, 0, sizeof *r);
}

const char *
db_cell(const struct db_result *r, size_t row, size_t col)
{
	if (row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

int
db_wait_s(const struct db *db)
{
	int t = db->query_timeout_s;

	return t + (t < DB_GRACE_MAX ? t : DB_GRACE_MAX);
}

void
db_result_start(struct db_result *r, size_t ncols)
{
	r->ncols = ncols;
	r->names = xcalloc(ncols == 0 ? 1 : ncols, sizeof *r->names);
}

char **
db_result_add_row(struct db_result *r, size_t *size)
{
	char **row;

	if (r->nrows == *size) {
		*size = *size == 0 ? 16 : *size * 2;
		r->cells = xreallocarray(r->cells, *size,
		    (r->ncols == 0 ? 1 : r->ncols) * sizeof *r->cells);
	}
	row = r->cells + r->nrows * r->ncols;
	memset(row, 0, r->ncols * sizeof *row);
	r->nrows++;
	return row;
}

int
db_denied(const struct db *db)
{
	return db->denied;
}

/* The connection was given up on (no answer within the query timeout). */
static int
db_gone(struct db *db, char **cause)
{
	if (db->conn != NULL)
		return 0;
	*cause = xprintf(_("the connection to %s is closed: it was given up "
	    "on earlier"), db->where);
	return 1;
}

int
db_query(struct db *db, const char *sql, const char *const *params,
    size_t nparams, size_t max_rows, struct db_result *r, char **cause)
{
	memset(r, 0, sizeof *r);
	db->denied = 0;
	if (db_gone(db, cause))
		return -1;
	if (db->backend->query(db, sql, params, nparams, max_rows, r,
	    cause) != 0) {
		db_result_clear(r);
		return -1;
	}
	return 0;
}

int
db_query_rows(struct db *db, const char *sql, const char *const *params,
    size_t nparams, db_row_fn fn, void *arg, unsigned long long *total,
    char **cause)
{
	struct db_result r;
	int rc;

	memset(&r, 0, sizeof r);
	r.row_fn = fn;
	r.row_arg = arg;
	db->denied = 0;
	if (db_gone(db, cause))
		return -1;
	rc = db->backend->query(db, sql, params, nparams, 0, &r, cause);
	if (total != NULL)
		*total = r.total;
	db_result_clear(&r);
	return rc;
}

int
db_exec(struct db *db, const char *sql, unsigned long long *affected,
    char **cause)
{
	unsigned long long n = 0;

	db->denied = 0;
	if (db_gone(db, cause))
		return -1;
	if (db->backend->exec(db, sql, &n, cause) != 0)
		return -1;
	if (affected != NULL)
		*affected = n;
	return 0;
}

int
db_begin(struct db *db, char **cause)
{
	return db_exec(db, db->engine == DB_POSTGRESQL ? "BEGIN" :
	    "START TRANSACTION", NULL, cause);
}

int
db_commit(struct db *db, char **cause)
{
	return db_exec(db, "COMMIT", NULL, cause);
}

int
db_rollback(struct db *db, char **cause)
{
	return db_exec(db, "ROLLBACK", NULL, cause);
}

int
db_transactional_ddl(const struct db *db)
{
	return db->engine == DB_POSTGRESQL;
}

/* The numbered placeholders, 1 to 99, as string constants. */
#define DB_TEN(p, t) \
	p t "0", p t "1", p t "2", p t "3", p t "4", \
	p t "5", p t "6", p t "7", p t "8", p t "9"
#define DB_NUMBERED(p) { \
	NULL, p "1", p "2", p "3", p "4", p "5", p "6", p "7", p "8", p "9", \
	DB_TEN(p, "1"), DB_TEN(p, "2"), DB_TEN(p, "3"), DB_TEN(p, "4"), \
	DB_TEN(p, "5"), DB_TEN(p, "6"), DB_TEN(p, "7"), DB_TEN(p, "8"), \
	DB_TEN(p, "9") }
static const char *const db_dollar[] = DB_NUMBERED("$");
static const char *const db_colon[] = DB_NUMBERED(":");

/* PostgreSQL $n and Oracle :n for n from 1 to 99 (NULL beyond); ? for the
 * others, whatever n. */
const char *
db_param(enum db_engine engine, int n)
{
	const size_t max = sizeof db_dollar / sizeof db_dollar[0];

	switch (engine) {
	case DB_POSTGRESQL:
	case DB_ORACLE:
		if (n < 1 || (size_t)n >= max)
			return NULL;
		return engine == DB_POSTGRESQL ? db_dollar[n] : db_colon[n];
	default:
		return "?";
	}
}

char *
db_quote_ident(enum db_engine engine, const char *name)
{
	struct buf b = BUF_INIT;
	char open = '"', close = '"';
	const char *p;

	switch (engine) {
	case DB_MYSQL:
	case DB_MARIADB:
		open = close = '`';
		break;
	case DB_MSSQL:
		open = '[';
		close = ']';
		break;
	default:
		break;
	}
	buf_addc(&b, open);
	for (p = name; *p != '\0'; p++) {
		if (*p == close)
			buf_addc(&b, close);
		buf_addc(&b, *p);
	}
	buf_addc(&b, close);
	return buf_steal(&b);
}

/* PostgreSQL folds unquoted names to lower case, Oracle to upper case (the
 * ASCII letters only, as they do in UTF-8); MySQL, MariaDB and SQL Server
 * keep them as written. */
char *
db_fold_ident(enum db_engine engine, const char *name)
{
	char *s = xstrdup(name), *p;

	for (p = s; *p != '\0'; p++) {
		if (engine == DB_POSTGRESQL && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (engine == DB_ORACLE && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	}
	return s;
}
