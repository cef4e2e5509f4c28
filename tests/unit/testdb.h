/* testdb.h: the private servers of tests/db/servers.sh, as the tests that
 * use them see them: settings from the environment, connections, and
 * small assertions. Included by one test file each (the functions are
 * static, and marked unused for the files that need only some). */
#ifndef TESTDB_H
#define TESTDB_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "testutil.h"

#include "db.h"
#include "xmalloc.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"

/* One engine's server, from the environment. */
struct server {
	enum db_engine	 engine;
	const char	*host;
	int		 port;
	const char	*user;
	const char	*password;
	const char	*nopriv_user;
	const char	*nopriv_password;
	const char	*stop;		/* shell commands */
	const char	*start;
	const char	*scratch;	/* a database to fill and empty */
	int		 tls;		/* the server offers TLS */
	int		 ready;		/* all of the above are set */
};

static void
server_load(struct server *s, const char *prefix)
{
	char name[64];
	const char *port;

#define SERVER_ENV(field, suffix) do {					\
	snprintf(name, sizeof name, "%s_%s", prefix, suffix);		\
	s->field = getenv(name);					\
	if (s->field == NULL)						\
		return;							\
} while (0)
	SERVER_ENV(host, "HOST");
	SERVER_ENV(user, "USER");
	SERVER_ENV(password, "PASSWORD");
	SERVER_ENV(nopriv_user, "NOPRIV_USER");
	SERVER_ENV(nopriv_password, "NOPRIV_PASSWORD");
	SERVER_ENV(stop, "STOP");
	SERVER_ENV(start, "START");
#undef SERVER_ENV
	snprintf(name, sizeof name, "%s_PORT", prefix);
	if ((port = getenv(name)) == NULL)
		return;
	s->port = atoi(port);
	s->scratch = getenv("DB_SCRATCH");
	if (s->scratch == NULL)
		return;
	s->tls = getenv("DB_TLS") != NULL &&
	    strcmp(getenv("DB_TLS"), "yes") == 0;
	s->ready = s->port > 0;
}

static struct server *
server_of(void **state)
{
	struct server *s = *state;

	if (!s->ready)
		skip();
	return s;
}

static int
is_pg(const struct server *s)
{
	return s->engine == DB_POSTGRESQL;
}

/* Settings for the test user (or another) on a database; clear them after.
 * The connect timeout is 5 s times TEST_TIME_FACTOR (tests/sanitize.sh sets
 * it under valgrind, where a TLS handshake alone can take seconds). */
static void
settings_for(const struct server *s, struct db_settings *set,
    const char *database, const char *user)
{
	const char *tf = getenv("TEST_TIME_FACTOR");
	int factor = tf != NULL && atoi(tf) > 1 ? atoi(tf) : 1;

	memset(set, 0, sizeof *set);
	set->engine = s->engine;
	set->host = xstrdup(s->host);
	set->port = s->port;
	set->database = xstrdup(database);
	set->user = xstrdup(user != NULL ? user : s->user);
	set->connect_timeout_s = 5 * factor;
}

static struct db *
connect_as(const struct server *s, const char *database, const char *user,
    const char *password)
{
	struct db_settings set;
	struct db *db;
	char *cause = NULL;

	settings_for(s, &set, database, user);
	db = db_connect(&set, password, &cause);
	if (db == NULL)
		fail_msg("%s", cause);
	db_settings_clear(&set);
	return db;
}

static struct db *
connect_to(const struct server *s, const char *database)
{
	return connect_as(s, database, NULL, s->password);
}

/* Connect expecting failure; the message, which the caller frees. */
static char *
connect_fails(struct db_settings *set, const char *password)
{
	struct db *db;
	char *cause = NULL;

	db = db_connect(set, password, &cause);
	if (db != NULL) {
		db_close(db);
		fail_msg("connected to %s", db_settings_text(set));
	}
	assert_non_null(cause);
	return cause;
}

/* "<scheme>://user@127.0.0.1:port/database" as the messages write it. */
static char *
where(const struct server *s, const char *user, const char *database)
{
	return xprintf("%s://%s@%s:%d/%s", db_engine_name(s->engine), user,
	    s->host, s->port, database);
}

static void
query_ok(struct db *db, const char *sql, const char *const *params,
    size_t nparams, size_t max_rows, struct db_result *r)
{
	char *cause = NULL;

	if (db_query(db, sql, params, nparams, max_rows, r, &cause) != 0)
		fail_msg("%s: %s", sql, cause);
}

static void
exec_ok(struct db *db, const char *sql)
{
	char *cause = NULL;

	if (db_exec(db, sql, NULL, &cause) != 0)
		fail_msg("%s: %s", sql, cause);
}

/* The one value a query returns. */
static char *
value_of(struct db *db, const char *sql)
{
	struct db_result r;
	char *v;

	query_ok(db, sql, NULL, 0, 1, &r);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.ncols, 1);
	v = db_cell(&r, 0, 0) == NULL ? NULL : xstrdup(db_cell(&r, 0, 0));
	db_result_clear(&r);
	return v;
}

static void
assert_starts(const char *text, const char *start)
{
	if (text == NULL || strncmp(text, start, strlen(start)) != 0)
		fail_msg("'%s' does not start with '%s'",
		    text == NULL ? "(null)" : text, start);
}

/* A loopback port nothing listens on: one the kernel just handed out and
 * took back. */
static int
closed_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}


/*
 * The database kinds, run as the engine runs them: a run context whose
 * logical databases (dbfx_map) are databases on these servers, a scratch
 * folder for logs, backups and dumps, and steps made from YAML.
 */
#include "kind.h"
#include "ynode.h"

#define DBFX_MAX 8

struct dbfx {
	struct run_ctx		 ctx;
	char			*dir;		/* scratch folder */
	char			*log;		/* DIR/step.log */
	char			*backup;	/* DIR/backup */
	char			*dumps;		/* DIR/dumps */
	struct {
		char			*name;
		const struct server	*server;
		struct db_settings	 set;
		char			*password;	/* NULL: none known */
	}			 db[DBFX_MAX];
	size_t			 ndb;
	unsigned		 connects;	/* db_connect calls */
	char			*var_names[DBFX_MAX];
	char			*var_values[DBFX_MAX];
	size_t			 nvars;
};

static const struct db_settings *
dbfx_settings(void *arg, const char *name, char **cause)
{
	struct dbfx *f = arg;
	size_t i;

	for (i = 0; i < f->ndb; i++) {
		if (strcmp(f->db[i].name, name) == 0)
			return &f->db[i].set;
	}
	*cause = xprintf("the database %s has no settings", name);
	return NULL;
}

static struct db *
dbfx_connect(void *arg, const char *name, char **cause)
{
	struct dbfx *f = arg;
	size_t i;

	for (i = 0; i < f->ndb; i++) {
		if (strcmp(f->db[i].name, name) == 0) {
			f->connects++;
			return db_connect(&f->db[i].set, f->db[i].password,
			    cause);
		}
	}
	*cause = xprintf("the database %s has no settings", name);
	return NULL;
}

static char *
dbfx_password(void *arg, const char *name)
{
	struct dbfx *f = arg;
	size_t i;

	for (i = 0; i < f->ndb; i++) {
		if (strcmp(f->db[i].name, name) == 0)
			return f->db[i].password != NULL ?
			    xstrdup(f->db[i].password) : NULL;
	}
	return NULL;
}

static const char *
dbfx_lookup(void *arg, const char *name)
{
	struct dbfx *f = arg;
	size_t i;

	for (i = 0; i < f->nvars; i++) {
		if (strcmp(f->var_names[i], name) == 0)
			return f->var_values[i];
	}
	return NULL;
}

/* A fresh fixture; dbfx_free it. */
static struct dbfx *
dbfx_new(void)
{
	struct dbfx *f = xcalloc(1, sizeof *f);

	f->dir = test_tmpdir();
	f->log = xprintf("%s/step.log", f->dir);
	f->backup = xprintf("%s/backup", f->dir);
	f->dumps = xprintf("%s/dumps", f->dir);
	f->ctx.lookup = dbfx_lookup;
	f->ctx.lookup_arg = f;
	f->ctx.log_path = f->log;
	f->ctx.backup_dir = f->backup;
	f->ctx.dump_dir = f->dumps;
	f->ctx.db_settings = dbfx_settings;
	f->ctx.db_connect = dbfx_connect;
	f->ctx.db_password = dbfx_password;
	f->ctx.session_start = (long long)time(NULL);
	f->ctx.arg = f;
	return f;
}

/* The logical database name is database on server s (as its test user;
 * password NULL leaves the password unknown). Settings of another engine
 * (Oracle, SQL Server) have s NULL. */
static struct db_settings *
dbfx_map(struct dbfx *f, const char *name, const struct server *s,
    const char *database, const char *password)
{
	size_t i = f->ndb++;

	assert_true(i < DBFX_MAX);
	f->db[i].name = xstrdup(name);
	f->db[i].server = s;
	if (s != NULL)
		settings_for(s, &f->db[i].set, database, NULL);
	else {
		memset(&f->db[i].set, 0, sizeof f->db[i].set);
		f->db[i].set.database = xstrdup(database);
	}
	f->db[i].password = password != NULL ? xstrdup(password) : NULL;
	return &f->db[i].set;
}

static void
dbfx_var(struct dbfx *f, const char *name, const char *value)
{
	assert_true(f->nvars < DBFX_MAX);
	f->var_names[f->nvars] = xstrdup(name);
	f->var_values[f->nvars++] = xstrdup(value);
}

static void
dbfx_free(struct dbfx *f)
{
	size_t i;

	for (i = 0; i < f->ndb; i++) {
		free(f->db[i].name);
		db_settings_clear(&f->db[i].set);
		free(f->db[i].password);
	}
	for (i = 0; i < f->nvars; i++) {
		free(f->var_names[i]);
		free(f->var_values[i]);
	}
	test_rmtree(f->dir);
	free(f->dir);
	free(f->log);
	free(f->backup);
	free(f->dumps);
	free(f);
}

/* A step of kind name with the parameters in yaml (a mapping); free it
 * with dbfx_step_free. */
static struct step *
dbfx_step(const char *name, const char *yaml)
{
	const struct kind *k = kind_find(name);
	struct step *st = xcalloc(1, sizeof *st);
	char *cause = NULL;

	if (k == NULL)
		fail_msg("no kind %s", name);
	st->id = xstrdup("test-step");
	st->kind = k->step_kind;
	st->type = k;
	st->with = ynode_parse(yaml, strlen(yaml), "test.yaml", &cause);
	if (st->with == NULL)
		fail_msg("%s", cause);
	return st;
}

static void
dbfx_step_free(struct step *st)
{
	ynode_free(st->with);
	free(st->id);
	free(st);
}

/* Run a kind; the caller clears r. An error or a failure always says
 * why. With TEST_VERBOSE set, the result is printed. */
static enum status
dbfx_run(struct dbfx *f, const char *name, const char *yaml,
    struct result *r)
{
	struct step *st = dbfx_step(name, yaml);

	result_init(r);
	assert_int_equal(st->type->run(st, &f->ctx, r), 0);
	dbfx_step_free(st);
	if (getenv("TEST_VERBOSE") != NULL)
		print_message("# %s: %s\n#   evidence: %s\n#   reason: %s\n",
		    name, status_name(r->status),
		    r->evidence != NULL ? r->evidence : "-",
		    r->reason != NULL ? r->reason : "-");
	if (r->status == STATUS_ERROR || r->status == STATUS_FAILED)
		assert_non_null(r->reason);
	return r->status;
}

/* The preview of a step; NULL with *cause. */
static char *
dbfx_describe(struct dbfx *f, const char *name, const char *yaml,
    char **cause)
{
	struct step *st = dbfx_step(name, yaml);
	char *s = st->type->describe(st, &f->ctx, cause);

	dbfx_step_free(st);
	return s;
}

#pragma GCC diagnostic pop

#endif
