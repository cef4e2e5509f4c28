/* kind-dump.c: the "db_dump" action: dump a database with its server's own
 * tool (pg_dump; mariadb-dump, or else mysqldump) into the session's dump
 * folder. The tool writes a temporary file, which gets its name
 * (NAME-YYYYMMDD-HHMMSS.sql) only when the tool succeeded and the file is a
 * complete dump naming the database; otherwise it is removed. The password
 * reaches the tool in its own environment only (PGPASSWORD, MYSQL_PWD).
 * Oracle and SQL Server are not dumped here: the operator is handed the
 * vendor's command (expdp, BACKUP DATABASE) and reports back, the same way
 * their checks hand over a query. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "dumpfile.h"
#include "exec.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* Lines of the tool's stderr kept for the reason of a failure. */
#define DUMP_ERR_LINES	8
#define DUMP_DEFAULT_TIMEOUT_MS	(2LL * 60 * 60 * 1000)

static const struct param_spec dump_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database to dump") },
	{ "timeout", PARAM_DURATION, 0, N_("stop the tool after this long (default 2h)") },
	{ "options", PARAM_LIST, 0, N_("extra arguments for pg_dump, or mariadb-dump/mysqldump, each --name=value") },
	{ NULL, 0, 0, NULL }
};

enum dump_tool {
	DUMP_PG = 1,		/* pg_dump */
	DUMP_MY = 2,		/* mariadb-dump or mysqldump */
	DUMP_BOTH = 3
};

/* Why an option is the wizard's to set. */
enum dump_why {
	WHY_OUTPUT,
	WHY_CONNECTION,
	WHY_PASSWORD,
	WHY_SCOPE,
	WHY_NAMES
};

static const char *const dump_why_text[] = {
	N_("where the dump goes and its format are the wizard's to set"),
	N_("the connection comes from the database's settings"),
	N_("a password never goes on a command line: the wizard passes it in "
	    "the tool's environment"),
	N_("the dump is of the step's database, with its data"),
	N_("the dump must keep the comments and statements that name its "
	    "database")
};

/* Options refused in 'options'. A long one is refused when what is written
 * is its start (both tools take an unambiguous abbreviation); MariaDB's
 * prefixes loose-, enable-, disable- and skip- are looked through. */
static const struct {
	const char	*name;
	int		 tools;
	int		 off;	/* refused only when turned off (skip-, =0) */
	enum dump_why	 why;
} dump_refused[] = {
	{ "file", DUMP_PG, 0, WHY_OUTPUT },
	{ "format", DUMP_PG, 0, WHY_OUTPUT },
	{ "result-file", DUMP_MY, 0, WHY_OUTPUT },
	{ "tab", DUMP_MY, 0, WHY_OUTPUT },
	{ "xml", DUMP_MY, 0, WHY_OUTPUT },
	{ "host", DUMP_BOTH, 0, WHY_CONNECTION },
	{ "port", DUMP_BOTH, 0, WHY_CONNECTION },
	{ "username", DUMP_PG, 0, WHY_CONNECTION },
	{ "user", DUMP_MY, 0, WHY_CONNECTION },
	{ "dbname", DUMP_PG, 0, WHY_CONNECTION },
	{ "socket", DUMP_MY, 0, WHY_CONNECTION },
	{ "protocol", DUMP_MY, 0, WHY_CONNECTION },
	{ "password", DUMP_BOTH, 0, WHY_PASSWORD },
	{ "no-password", DUMP_PG, 0, WHY_PASSWORD },
	{ "schema-only", DUMP_PG, 0, WHY_SCOPE },
	{ "data-only", DUMP_PG, 0, WHY_NAMES },
	{ "no-data", DUMP_MY, 0, WHY_SCOPE },
	{ "all-databases", DUMP_MY, 0, WHY_SCOPE },
	{ "databases", DUMP_MY, 0, WHY_SCOPE },
	{ "compact", DUMP_MY, 0, WHY_NAMES },
	{ "comments", DUMP_MY, 1, WHY_NAMES },
	{ NULL, 0, 0, 0 }
};

/* Short options refused: pg_dump's, then mysqldump's. */
static const struct {
	char		 letter;
	int		 tools;
	enum dump_why	 why;
} dump_refused_short[] = {
	{ 'f', DUMP_PG, WHY_OUTPUT }, { 'F', DUMP_PG, WHY_OUTPUT },
	{ 'h', DUMP_BOTH, WHY_CONNECTION }, { 'p', DUMP_PG, WHY_CONNECTION },
	{ 'U', DUMP_PG, WHY_CONNECTION }, { 'd', DUMP_PG, WHY_CONNECTION },
	{ 'w', DUMP_PG, WHY_PASSWORD }, { 'W', DUMP_PG, WHY_PASSWORD },
	{ 's', DUMP_PG, WHY_SCOPE }, { 'a', DUMP_PG, WHY_NAMES },
	{ 'r', DUMP_MY, WHY_OUTPUT }, { 'T', DUMP_MY, WHY_OUTPUT },
	{ 'X', DUMP_MY, WHY_OUTPUT }, { 'P', DUMP_MY, WHY_CONNECTION },
	{ 'u', DUMP_MY, WHY_CONNECTION }, { 'S', DUMP_MY, WHY_CONNECTION },
	{ 'p', DUMP_MY, WHY_PASSWORD }, { 'd', DUMP_MY, WHY_SCOPE },
	{ 'A', DUMP_MY, WHY_SCOPE }, { 'B', DUMP_MY, WHY_SCOPE },
	{ 0, 0, 0 }
};

static int
dump_value_off(const char *value)
{
	return value != NULL && (strcmp(value, "0") == 0 ||
	    strcasecmp(value, "off") == 0 || strcasecmp(value, "false") == 0);
}

/* Why an argument may not be given to the tool (tools: DUMP_PG or
 * DUMP_MY), or NULL. With DUMP_BOTH (the engine is not known yet) a long
 * option is refused when either tool refuses it, as the other has no such
 * option; a short one only when both refuse it (pg_dump's -T is mysqldump's
 * --tab). */
static char *
dump_option_refused(const char *arg, int tools)
{
	const char *name, *eq, *value = NULL;
	char *norm;
	size_t i, len;
	int off = 0;

	if (arg[0] != '-' || strcmp(arg, "-") == 0 || strcmp(arg, "--") == 0)
		return xprintf(_("'%s' in 'options': write each option with "
		    "its value after '=' (--exclude-table=NAME): a word on its "
		    "own would be read as the name of a database"), arg);
	if (arg[1] != '-') {
		for (i = 0; dump_refused_short[i].letter != 0; i++) {
			if (dump_refused_short[i].letter == arg[1] &&
			    (dump_refused_short[i].tools & tools) == tools)
				return xprintf(_("'%s' in 'options': %s"), arg,
				    _(dump_why_text[dump_refused_short[i].why]));
		}
		return NULL;
	}
	name = arg + 2;
	if ((eq = strchr(name, '=')) != NULL)
		value = eq + 1;
	len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	norm = xstrndup(name, len);
	name = norm;
	if (tools & DUMP_MY) {
		if (strncmp(name, "loose-", 6) == 0)
			name += 6;
		if (strncmp(name, "skip-", 5) == 0) {
			name += 5;
			off = 1;
		} else if (strncmp(name, "disable-", 8) == 0) {
			name += 8;
			off = 1;
		} else if (strncmp(name, "enable-", 7) == 0)
			name += 7;
	}
	len = strlen(name);
	for (i = 0; dump_refused[i].name != NULL && len > 0; i++) {
		if ((dump_refused[i].tools & tools) == 0 ||
		    strncmp(dump_refused[i].name, name, len) != 0)
			continue;
		if (dump_refused[i].off && !off && !dump_value_off(value))
			continue;
		free(norm);
		return xprintf(_("'%s' in 'options': %s"), arg,
		    _(dump_why_text[dump_refused[i].why]));
	}
	free(norm);
	return NULL;
}

static int
dump_validate(const struct ynode *with, const char *file, struct diags *d)
{
	const struct ynode *node = params_node(with, "options");
	const struct ynode *item;
	char *why;
	size_t i, n;
	int problems = 0;

	if (node == NULL)
		return 0;
	n = node->type == YNODE_SEQUENCE ? node->n : 1;
	for (i = 0; i < n; i++) {
		item = node->type == YNODE_SEQUENCE ? node->items[i] : node;
		if (ynode_str(item) == NULL ||
		    strstr(ynode_str(item), "${") != NULL)
			continue;
		if ((why = dump_option_refused(ynode_str(item), DUMP_BOTH)) ==
		    NULL)
			continue;
		diags_add(d, file, item->line, item->col, "%s", why);
		free(why);
		problems++;
	}
	return problems;
}

/* The full path of a program in PATH, or NULL; the caller frees it. */
static char *
dump_which(const char *program)
{
	const char *path = getenv("PATH"), *p, *colon;
	struct stat st;
	char *dir, *full;

	if (path == NULL || *path == '\0')
		path = "/usr/bin:/bin";
	for (p = path;; p = colon + 1) {
		colon = strchr(p, ':');
		if (colon == NULL)
			colon = p + strlen(p);
		dir = colon == p ? xstrdup(".") :
		    xstrndup(p, (size_t)(colon - p));
		full = util_path_join(dir, program);
		free(dir);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(full, X_OK) == 0)
			return full;
		free(full);
		if (*colon == '\0')
			return NULL;
	}
}

/* Everything a run needs, worked out the same way for the preview. */
struct dump_plan {
	const char		 *name;		/* the guide's name for it */
	const struct db_settings *set;
	enum dump_tool		  tool;
	char			 *program;	/* pg_dump, mariadb-dump, ... */
	char			 *version;	/* its --version line, or NULL */
	int			  oracle_mysql;	/* mysqldump of Oracle's MySQL */
	char			**argv;
	size_t			  argc;
	char			 *env[4];	/* without the password */
	size_t			  nenv;
	char			 *dir;
	char			 *final;	/* DIR/NAME-YYYYMMDD-HHMMSS.sql */
	char			 *tmp;		/* DIR/.NAME-....sql.XXXXXX */
	long long		  timeout_ms;
	char			**options;
	size_t			  noptions;
};

static void
dump_plan_clear(struct dump_plan *plan)
{
	size_t i;

	kind_free_list(plan->argv, plan->argc);
	for (i = 0; i < plan->nenv; i++)
		free(plan->env[i]);
	kind_free_list(plan->options, plan->noptions);
	free(plan->program);
	free(plan->version);
	free(plan->dir);
	free(plan->final);
	free(plan->tmp);
	memset(plan, 0, sizeof *plan);
}

static void
dump_arg(struct dump_plan *plan, char *arg)
{
	plan->argv = xreallocarray(plan->argv, plan->argc + 2,
	    sizeof *plan->argv);
	plan->argv[plan->argc++] = arg;
	plan->argv[plan->argc] = NULL;
}

static void
dump_version_line(void *arg, int stream, const char *line, size_t len)
{
	char **version = arg;

	if (stream == 1 && *version == NULL && len > 0)
		*version = kind_excerpt(line, len);
}

/* The tool's own account of its version, or NULL. */
static char *
dump_version(const char *program, volatile sig_atomic_t *cancel)
{
	struct exec_spec spec;
	struct exec_result er;
	char *argv[] = { (char *)program, (char *)"--version", NULL };
	char *version = NULL, *cause = NULL;

	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.timeout_ms = 10000;
	if (exec_run(&spec, dump_version_line, &version, cancel, &er,
	    &cause) == -1) {
		free(cause);
		return NULL;
	}
	if (!er.exited || er.exit_code != 0) {
		free(version);
		return NULL;
	}
	return version;
}

/* pg_dump reads a database name holding '=' (or starting as a URI) as a
 * connection string: such a name is given as one, quoted. */
static char *
dump_pg_dbname(const char *db)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (strchr(db, '=') == NULL && strncmp(db, "postgres://", 11) != 0 &&
	    strncmp(db, "postgresql://", 13) != 0)
		return xprintf("--dbname=%s", db);
	buf_adds(&b, "--dbname=dbname='");
	for (p = db; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '\'');
	return buf_steal(&b);
}

static void
dump_pg_argv(struct dump_plan *plan)
{
	const struct db_settings *set = plan->set;
	size_t i;

	dump_arg(plan, xstrdup(plan->program));
	if (set->host != NULL && *set->host != '\0')
		dump_arg(plan, xprintf("--host=%s", set->host));
	if (set->port > 0)
		dump_arg(plan, xprintf("--port=%d", set->port));
	if (set->user != NULL && *set->user != '\0')
		dump_arg(plan, xprintf("--username=%s", set->user));
	dump_arg(plan, xstrdup("--no-password"));
	dump_arg(plan, xstrdup("--format=plain"));
	dump_arg(plan, xstrdup("--create"));
	dump_arg(plan, xprintf("--file=%s", plan->tmp));
	for (i = 0; i < plan->noptions; i++)
		dump_arg(plan, xstrdup(plan->options[i]));
	dump_arg(plan, dump_pg_dbname(set->database));
	if (set->tls != NULL && *set->tls != '\0')
		plan->env[plan->nenv++] = xprintf("PGSSLMODE=%s", set->tls);
	plan->env[plan->nenv++] = xprintf("PGCONNECT_TIMEOUT=%d",
	    set->connect_timeout_s > 0 ? set->connect_timeout_s : 10);
}

/* The TLS mode as the tool's options: MariaDB's --ssl switches, or
 * MySQL's --ssl-mode. MariaDB cannot check the CA without the host name:
 * verify-ca checks both there, as the database layer does. */
static void
dump_my_tls(struct dump_plan *plan, const char *tls)
{
	static const struct {
		const char *mode, *mysql;
	} modes[] = {
		{ "disable", "DISABLED" }, { "prefer", "PREFERRED" },
		{ "require", "REQUIRED" }, { "verify-ca", "VERIFY_CA" },
		{ "verify-full", "VERIFY_IDENTITY" }
	};
	size_t i;

	if (tls == NULL || *tls == '\0')
		return;
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		if (strcmp(tls, modes[i].mode) == 0)
			break;
	}
	if (i == sizeof modes / sizeof modes[0])
		return;
	if (plan->oracle_mysql) {
		dump_arg(plan, xprintf("--ssl-mode=%s", modes[i].mysql));
		return;
	}
	if (strcmp(tls, "disable") == 0)
		dump_arg(plan, xstrdup("--skip-ssl"));
	else if (strcmp(tls, "prefer") != 0)
		dump_arg(plan, xstrdup("--ssl"));
	if (strncmp(tls, "verify-", 7) == 0)
		dump_arg(plan, xstrdup("--ssl-verify-server-cert"));
}

static void
dump_my_argv(struct dump_plan *plan)
{
	const struct db_settings *set = plan->set;
	size_t i;

	dump_arg(plan, xstrdup(plan->program));
	if (set->host != NULL && *set->host != '\0')
		dump_arg(plan, xprintf("--host=%s", set->host));
	if (set->port > 0)
		dump_arg(plan, xprintf("--port=%d", set->port));
	if (set->user != NULL && *set->user != '\0')
		dump_arg(plan, xprintf("--user=%s", set->user));
	dump_my_tls(plan, set->tls);
	dump_arg(plan, xstrdup("--single-transaction"));
	dump_arg(plan, xstrdup("--routines"));
	dump_arg(plan, xstrdup("--triggers"));
	dump_arg(plan, xstrdup("--events"));
	dump_arg(plan, xprintf("--result-file=%s", plan->tmp));
	for (i = 0; i < plan->noptions; i++)
		dump_arg(plan, xstrdup(plan->options[i]));
	dump_arg(plan, xstrdup("--databases"));
	if (set->database[0] == '-')
		dump_arg(plan, xstrdup("--"));
	dump_arg(plan, xstrdup(set->database));
}

/* Work out the run. -1 with *cause; *placeholder set when a placeholder had
 * no value or a parameter is malformed (the preview cannot be made then). A
 * plan for Oracle or SQL Server has no program. */
static int
dump_plan(const struct step *step, const struct run_ctx *ctx, time_t now,
    struct dump_plan *plan, int *placeholder, char **cause)
{
	const char *const programs[] = { "mariadb-dump", "mysqldump", NULL };
	char *base, *why;
	size_t i;

	memset(plan, 0, sizeof *plan);
	*placeholder = 0;
	plan->name = params_str(step->with, "database");
	if ((plan->timeout_ms = kind_duration_ms(ctx, step->with, "timeout",
	    DUMP_DEFAULT_TIMEOUT_MS, cause)) < 0 ||
	    (plan->options = kind_expand_list(ctx, step->with, "options",
	    &plan->noptions, cause)) == NULL) {
		*placeholder = 1;
		return -1;
	}
	if ((plan->set = kind_db_settings(ctx, step, NULL, cause)) == NULL)
		return -1;
	if (plan->set->engine == DB_NONE) {
		*cause = xprintf(_("could not run: the settings of the "
		    "database %s name no database engine"), plan->name);
		return -1;
	}
	if (!db_engine_connects(plan->set->engine))
		return 0;
	if (plan->set->database == NULL || *plan->set->database == '\0') {
		*cause = xprintf(_("could not run: the settings of the "
		    "database %s name no database to dump"), plan->name);
		return -1;
	}
	plan->tool = plan->set->engine == DB_POSTGRESQL ? DUMP_PG : DUMP_MY;
	for (i = 0; i < plan->noptions; i++) {
		if ((why = dump_option_refused(plan->options[i],
		    plan->tool)) != NULL) {
			*cause = why;
			return -1;
		}
	}
	if (ctx->dump_dir == NULL) {
		*cause = xstrdup(_("could not run: there is no folder for "
		    "dumps here"));
		return -1;
	}
	plan->dir = xstrdup(ctx->dump_dir);
	base = dumpfile_name(plan->name, now, 1);
	plan->final = util_path_join(plan->dir, base);
	plan->tmp = xprintf("%s/.%s.XXXXXX", plan->dir, base);
	free(base);

	if (plan->tool == DUMP_PG)
		plan->program = dump_which("pg_dump");
	for (i = 0; plan->tool == DUMP_MY && programs[i] != NULL &&
	    plan->program == NULL; i++)
		plan->program = dump_which(programs[i]);
	if (plan->program == NULL) {
		*cause = xstrdup(plan->tool == DUMP_PG ?
		    _("could not run: pg_dump was not found in PATH (it comes "
		    "with the PostgreSQL client, such as the package "
		    "postgresql-client)") :
		    _("could not run: neither mariadb-dump nor mysqldump was "
		    "found in PATH (they come with the MariaDB or MySQL "
		    "client, such as the package mariadb-client)"));
		return -1;
	}
	plan->version = dump_version(plan->program, ctx->cancel);
	plan->oracle_mysql = plan->tool == DUMP_MY && plan->version != NULL &&
	    strstr(plan->version, "MariaDB") == NULL;
	/* The argv names the program as found, which is what runs. */
	if (plan->tool == DUMP_PG)
		dump_pg_argv(plan);
	else
		dump_my_argv(plan);
	return 0;
}

static const char *
dump_program_name(const struct dump_plan *plan)
{
	const char *slash = strrchr(plan->program, '/');

	return slash != NULL ? slash + 1 : plan->program;
}

static const char *
dump_password_var(const struct dump_plan *plan)
{
	return plan->tool == DUMP_PG ? "PGPASSWORD" : "MYSQL_PWD";
}

/* The password for the tool, or NULL when none is known (then the tool
 * reads its own files). The caller wipes it with util_wipe_free. */
static char *
dump_password(const struct run_ctx *ctx, const struct dump_plan *plan,
    int *from_env)
{
	const char *env = plan->set->password_env;
	char *pw = NULL;

	*from_env = 0;
	if (ctx->db_password != NULL)
		pw = ctx->db_password(ctx->arg, plan->name);
	if (pw == NULL && env != NULL && getenv(env) != NULL &&
	    *getenv(env) != '\0') {
		pw = xstrdup(getenv(env));
		*from_env = 1;
	}
	return pw;
}

/* The vendor's command for the operator: expdp of the user's schema for
 * Oracle, BACKUP DATABASE (a copy that leaves the backup chain alone) for
 * SQL Server. -1 with *cause when the settings lack what it needs. */
static int
dump_vendor(const struct dump_plan *plan, time_t now, char **command,
    char **expect, char **cause)
{
	const struct db_settings *set = plan->set;
	struct buf b = BUF_INIT;
	char *base, *stem, *q;
	const char *p;

	base = dumpfile_name(plan->name, now, 1);
	stem = xstrndup(base, strlen(base) - 4);
	free(base);
	if (set->engine == DB_MSSQL) {
		q = db_quote_ident(DB_MSSQL, set->database != NULL ?
		    set->database : plan->name);
		buf_printf(&b, "BACKUP DATABASE %s TO DISK = N'", q);
		free(q);
		for (p = stem; *p != '\0'; p++) {
			if (*p == '\'')
				buf_addc(&b, '\'');
			buf_addc(&b, *p);
		}
		buf_adds(&b, ".bak' WITH COPY_ONLY, CHECKSUM, INIT;");
		*expect = xprintf(_("report it done when SQL Server says "
		    "BACKUP DATABASE successfully processed; the file %s.bak "
		    "is in the server's default backup folder"), stem);
	} else {
		if (set->user == NULL || *set->user == '\0') {
			*cause = xprintf(_("could not run: the settings of the "
			    "database %s name no user, whose schema expdp "
			    "would export"), plan->name);
			free(stem);
			return -1;
		}
		buf_printf(&b, "expdp %s@//%s", set->user,
		    set->host != NULL ? set->host : "localhost");
		if (set->port > 0)
			buf_printf(&b, ":%d", set->port);
		buf_printf(&b, "/%s SCHEMAS=%s DIRECTORY=DATA_PUMP_DIR "
		    "DUMPFILE=%s.dmp LOGFILE=%s.log",
		    set->database != NULL ? set->database : "", set->user,
		    stem, stem);
		*expect = xprintf(_("expdp asks for the password; report it "
		    "done when it ends saying the job \"successfully "
		    "completed\" (its log is %s.log in the DATA_PUMP_DIR "
		    "folder)"), stem);
	}
	free(stem);
	*command = buf_steal(&b);
	return 0;
}

static char *
dump_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct dump_plan plan;
	struct buf b = BUF_INIT;
	time_t now = time(NULL);
	char *why = NULL, *line, *where, *pw, *command, *expect;
	int placeholder, from_env;
	size_t i;

	if (dump_plan(step, ctx, now, &plan, &placeholder, &why) == -1) {
		if (placeholder) {
			*cause = why;
			dump_plan_clear(&plan);
			return NULL;
		}
		buf_printf(&b, _("Dump the database %s.\n"), plan.name);
		buf_printf(&b, _("It cannot run as things are now: %s\n"), why);
		free(why);
		dump_plan_clear(&plan);
		return buf_steal(&b);
	}
	where = db_settings_text(plan.set);
	if (plan.program == NULL) {
		if (dump_vendor(&plan, now, &command, &expect, &why) == -1) {
			buf_printf(&b, _("Dump the database %s (%s).\n"),
			    plan.name, where);
			buf_printf(&b, _("It cannot run as things are now: "
			    "%s\n"), why);
			free(why);
		} else {
			buf_printf(&b, _("This program does not dump %s "
			    "databases: you will be asked to run this on the "
			    "database %s (%s) and report the outcome:\n  %s\n"),
			    db_engine_name(plan.set->engine), plan.name, where,
			    command);
			buf_printf(&b, "%s\n", expect);
			free(command);
			free(expect);
		}
		free(where);
		dump_plan_clear(&plan);
		return buf_steal(&b);
	}
	buf_printf(&b, _("Dump the database %s (%s) with %s.\n"), plan.name,
	    where, plan.version != NULL ? plan.version :
	    dump_program_name(&plan));
	free(where);
	line = util_argv_display(plan.argv);
	buf_printf(&b, _("Command: %s\n"), line);
	free(line);
	for (i = 0; i < plan.nenv; i++)
		buf_printf(&b, _("Environment: %s\n"), plan.env[i]);
	pw = dump_password(ctx, &plan, &from_env);
	if (pw != NULL && from_env)
		buf_printf(&b, _("Password: from the variable %s, passed to "
		    "%s in %s, never on its command line.\n"),
		    plan.set->password_env, dump_program_name(&plan),
		    dump_password_var(&plan));
	else if (pw != NULL)
		buf_printf(&b, _("Password: the one given to the wizard, "
		    "passed to %s in %s, never on its command line.\n"),
		    dump_program_name(&plan), dump_password_var(&plan));
	else if (plan.tool == DUMP_PG)
		buf_printf(&b, _("Password: none is known; pg_dump reads "
		    "~/.pgpass (or PGPASSWORD if the wizard was started with "
		    "it) and never asks for one.\n"));
	else
		buf_printf(&b, _("Password: none is known; %s reads "
		    "~/.my.cnf (or MYSQL_PWD if the wizard was started with "
		    "it) and never asks for one.\n"), dump_program_name(&plan));
	util_wipe_free(pw);
	buf_printf(&b, _("It writes the temporary file %s (the X's made "
	    "unique), readable by you only, in a folder only you can enter; "
	    "when the dump is complete and names its database, the file "
	    "becomes %s (the time it started, in UTC). A failed or stopped "
	    "dump leaves no file.\n"), plan.tmp, plan.final);
	line = util_duration_text(plan.timeout_ms);
	buf_printf(&b, _("Stopped if it runs longer than %s.\n"), line);
	free(line);
	dump_plan_clear(&plan);
	return buf_steal(&b);
}

/* The tool's stderr, some lines, for the reason of a failure. */
struct dump_err {
	struct buf	 text;
	size_t		 n;
};

static void
dump_err_line(void *arg, int stream, const char *line, size_t len)
{
	struct dump_err *de = arg;
	char *ex;

	if (stream != 2 || len == 0)
		return;
	if (de->n++ >= DUMP_ERR_LINES)
		return;
	ex = kind_excerpt(line, len);
	if (de->text.len > 0)
		buf_adds(&de->text, "\n");
	buf_adds(&de->text, ex);
	free(ex);
}

/* Make the dump folder (0700), and 0700 if it was not. */
static int
dump_make_dir(const char *dir, char **cause)
{
	struct stat st;

	if (util_mkdir_p(dir, 0700, cause) == -1)
		return -1;
	if (stat(dir, &st) == -1 || ((st.st_mode & 077) != 0 &&
	    chmod(dir, 0700) == -1)) {
		*cause = xprintf(_("cannot make %s private: %s"), dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Make the tool's output durable and private before it counts. */
static int
dump_sync(const char *path, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1 || fchmod(fd, 0600) == -1 || fsync(fd) == -1) {
		*cause = xprintf(_("cannot make %s durable: %s"), path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Give the finished dump its name (one not taken: "-2", "-3" if two dumps
 * start in the same second; plan->final changes), durably. On failure
 * neither name is left. */
static int
dump_rename(struct dump_plan *plan, time_t started, char **cause)
{
	struct stat st;
	char *base;
	int n;

	for (n = 2; lstat(plan->final, &st) == 0 && n < 100; n++) {
		free(plan->final);
		base = dumpfile_name(plan->name, started, n);
		plan->final = util_path_join(plan->dir, base);
		free(base);
	}
	if (rename(plan->tmp, plan->final) == -1) {
		*cause = xprintf(_("cannot rename %s to %s: %s"), plan->tmp,
		    plan->final, strerror(errno));
		unlink(plan->tmp);
		return -1;
	}
	if (util_fsync_dir(plan->dir, cause) == -1) {
		unlink(plan->final);
		return -1;
	}
	return 0;
}

/* Is the finished file the dump it should be? NULL if so, else why not. */
static char *
dump_check_file(const struct dump_plan *plan, const struct dumpfile_info *fi)
{
	const char *prog = dump_program_name(plan);
	char *what, *s;

	if (fi->size == 0)
		return xprintf(_("%s ended with status 0 but wrote nothing"),
		    prog);
	if (fi->format == DUMPFILE_UNKNOWN || fi->problem != NULL ||
	    dumpfile_is_postgresql(fi->format) != (plan->tool == DUMP_PG))
		return xprintf(_("%s ended with status 0 but what it wrote is "
		    "not a dump this program recognises"), prog);
	if (!dumpfile_names(fi, plan->set->database)) {
		what = fi->nnames > 0 ? xstrdup(fi->names[0]) :
		    xstrdup(_("no database"));
		s = xprintf(_("%s ended with status 0 but the dump names %s, "
		    "not %s"), prog, what, plan->set->database);
		free(what);
		return s;
	}
	if (fi->complete == 0)
		return xprintf(_("%s ended with status 0 but the dump is cut "
		    "short: its last line \"%s\" is missing"), prog,
		    dumpfile_trailer(fi->format));
	return NULL;
}

/* The evidence of a finished dump. */
static char *
dump_evidence(const struct dump_plan *plan, const struct dumpfile_info *fi,
    long long ms)
{
	struct buf b = BUF_INIT;
	char *s, *argv;

	buf_printf(&b, _("%s wrote %s\n"), plan->version != NULL ?
	    plan->version : dump_program_name(plan), plan->final);
	s = kind_size_text(fi->size);
	buf_printf(&b, _("size: %s\n"), s);
	free(s);
	s = util_duration_text(ms);
	buf_printf(&b, _("time: %s\n"), s);
	free(s);
	buf_printf(&b, _("SHA-256: %s\n"), fi->sha256);
	s = dumpfile_format_text(fi);
	buf_printf(&b, _("format: %s, complete, naming the database %s\n"), s,
	    plan->set->database);
	free(s);
	argv = util_argv_display(plan->argv);
	buf_printf(&b, _("command: %s"), argv);
	free(argv);
	return buf_steal(&b);
}

static int
dump_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	struct dump_plan plan;
	struct dumpfile_info fi;
	struct dumpfile_io io = { ctx->cancel, ctx->tick, ctx->arg };
	struct exec_spec spec;
	struct exec_result er;
	struct dump_err de = { BUF_INIT, 0 };
	time_t started = time(NULL);
	char *cause = NULL, *pw, *env[6], *title, *command, *expect, *how;
	const char *prog;
	int placeholder, from_env, fd, rc;
	size_t i, nenv;

	memset(&fi, 0, sizeof fi);
	if (dump_plan(step, ctx, started, &plan, &placeholder, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		goto out;
	}
	if (plan.program == NULL) {
		if (dump_vendor(&plan, started, &command, &expect,
		    &cause) == -1) {
			result_set(r, STATUS_ERROR, "%s", cause);
			goto out;
		}
		kind_db_ask_operator(r, plan.set, plan.name, command, expect);
		free(command);
		free(expect);
		goto out;
	}
	prog = dump_program_name(&plan);
	if (dump_make_dir(plan.dir, &cause) == -1) {
		result_set(r, STATUS_ERROR, _("could not run: %s"), cause);
		goto out;
	}
	/* The tool writes into a file that is private from the start. */
	if ((fd = mkstemp(plan.tmp)) == -1) {
		result_set(r, STATUS_ERROR, _("could not run: cannot make a "
		    "temporary file in %s: %s"), plan.dir, strerror(errno));
		goto out;
	}
	close(fd);
	/* mkstemp filled in the X's: the argv names the file it made. */
	kind_free_list(plan.argv, plan.argc);
	plan.argv = NULL;
	plan.argc = 0;
	for (i = 0; i < plan.nenv; i++)
		free(plan.env[i]);
	plan.nenv = 0;
	if (plan.tool == DUMP_PG)
		dump_pg_argv(&plan);
	else
		dump_my_argv(&plan);

	for (nenv = 0; nenv < plan.nenv; nenv++)
		env[nenv] = plan.env[nenv];
	pw = dump_password(ctx, &plan, &from_env);
	if (pw != NULL)
		env[nenv++] = xprintf("%s=%s", dump_password_var(&plan), pw);
	util_wipe_free(pw);
	env[nenv] = NULL;

	memset(&spec, 0, sizeof spec);
	spec.argv = plan.argv;
	spec.env = env;
	spec.timeout_ms = plan.timeout_ms;
	title = util_argv_display(plan.argv);
	spec.title = title;
	rc = kind_exec(ctx, &spec, dump_err_line, &de, &er, &cause);
	free(title);
	if (nenv > plan.nenv)
		util_wipe_free(env[plan.nenv]);
	if (rc == -1) {
		unlink(plan.tmp);
		result_set(r, STATUS_ERROR, "%s", cause);
		goto out;
	}
	r->exit_code = er.exited ? er.exit_code : -1;
	r->signal = er.signal;
	r->timed_out = er.timed_out;
	r->duration_ms = er.duration_ms;
	if (ctx->log_path != NULL)
		r->log_path = xstrdup(ctx->log_path);
	how = util_argv_display(plan.argv);
	r->evidence = xprintf(_("command: %s"), how);
	free(how);

	if (er.spawn_errno != 0 || er.cancelled || er.timed_out ||
	    !er.exited || er.exit_code != 0) {
		unlink(plan.tmp);
		if (er.spawn_errno != 0)
			result_set(r, STATUS_ERROR, _("cannot run %s: %s"),
			    plan.program, strerror(er.spawn_errno));
		else if (er.cancelled)
			result_set(r, STATUS_CANCELLED, _("stopped by the "
			    "operator before %s ended; the partial dump was "
			    "removed"), prog);
		else if (er.timed_out) {
			how = util_duration_text(plan.timeout_ms);
			result_set(r, STATUS_FAILED, _("%s ran longer than %s "
			    "and was stopped; the partial dump was removed"),
			    prog, how);
			free(how);
		} else {
			how = exec_result_text(&er);
			result_set(r, STATUS_FAILED, _("%s %s, and no dump was "
			    "kept: %s"), prog, how, de.text.len > 0 ?
			    buf_str(&de.text) : _("it gave no message"));
			free(how);
		}
		goto out;
	}

	if (dump_sync(plan.tmp, &cause) == -1 ||
	    dumpfile_inspect(plan.tmp, &io, &fi, &cause) == -1) {
		unlink(plan.tmp);
		if (ctx->cancel != NULL && *ctx->cancel)
			result_set(r, STATUS_CANCELLED, _("stopped by the "
			    "operator while the dump was checked; it was "
			    "removed"));
		else
			result_set(r, STATUS_FAILED, _("%s; no dump was kept"),
			    cause);
		goto out;
	}
	if ((how = dump_check_file(&plan, &fi)) != NULL) {
		unlink(plan.tmp);
		if (de.text.len > 0)
			result_set(r, STATUS_FAILED, _("%s; no dump was kept. "
			    "What %s said: %s"), how, prog, buf_str(&de.text));
		else
			result_set(r, STATUS_FAILED, _("%s; no dump was kept"),
			    how);
		free(how);
		goto out;
	}
	if (dump_rename(&plan, started, &cause) == -1) {
		result_set(r, STATUS_FAILED, _("%s; no dump was kept"), cause);
		goto out;
	}
	free(r->evidence);
	r->evidence = dump_evidence(&plan, &fi, er.duration_ms);
	r->status = STATUS_DONE;

out:
	free(cause);
	buf_free(&de.text);
	dumpfile_info_clear(&fi);
	dump_plan_clear(&plan);
	return 0;
}

const struct kind kind_db_dump = {
	.name = "db_dump",
	.step_kind = STEP_ACTION,
	.summary = N_("dump a database with its server's own tool"),
	.params = dump_params,
	.validate = dump_validate,
	.describe = dump_describe,
	.run = dump_run
};
