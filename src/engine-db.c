/* engine-db.c: the guide's databases in a session: their settings (the
 * answers file, the session, discovery the operator confirmed), passwords
 * kept in memory only, connections for the database kinds, and the
 * operator's reports of checks run elsewhere. */
#include "config.h"

#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "jdbc.h"
#include "subst.h"
#include "util.h"
#include "xmalloc.h"

/* How many times a person is asked for a password the server refuses. */
#define ENGINE_PASSWORD_TRIES 3

const struct db_settings *
engine_db(struct engine *e, const char *name)
{
	const struct answers_db *ad = answers_db(e->a, name);
	const struct session_db *sd;

	if (ad != NULL)
		return &ad->set;
	if ((sd = session_db(e->s, name)) != NULL)
		return &sd->set;
	return NULL;
}

static int
engine_db_same(const struct db_settings *a, const struct db_settings *b)
{
#define SAME(f) ((a->f == NULL) == (b->f == NULL) && \
	(a->f == NULL || strcmp(a->f, b->f) == 0))
	return a->engine == b->engine && a->port == b->port &&
	    a->ask_password == b->ask_password &&
	    a->query_timeout_s == b->query_timeout_s && SAME(host) &&
	    SAME(database) && SAME(user) && SAME(tls) && SAME(password_env) &&
	    SAME(source);
#undef SAME
}

int
engine_set_db(struct engine *e, const char *name,
    const struct db_settings *set, char **cause)
{
	const struct session_db *old;

	if (checklist_database(e->g, name) == NULL) {
		*cause = xprintf(_("guide '%s' has no database '%s'"),
		    e->g->id, name);
		return -1;
	}
	if (e->s == NULL || e->readonly) {
		*cause = xstrdup(_("there is no session to record it in"));
		return -1;
	}
	if ((old = session_db(e->s, name)) != NULL &&
	    engine_db_same(&old->set, set))
		return 0;
	return session_record_db(e->s, name, set, cause);
}

int
engine_db_take_answers(struct engine *e, char **cause)
{
	size_t i;

	for (i = 0; e->a != NULL && i < e->a->ndbs; i++) {
		if (engine_set_db(e, e->a->dbs[i].name, &e->a->dbs[i].set,
		    cause) == -1)
			return -1;
	}
	return 0;
}

static struct engine_secret *
engine_secret(struct engine *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nsecrets; i++) {
		if (strcmp(e->secrets[i].name, name) == 0)
			return &e->secrets[i];
	}
	return NULL;
}

void
engine_set_password(struct engine *e, const char *name, const char *password)
{
	struct engine_secret *k = engine_secret(e, name);

	if (k == NULL) {
		e->secrets = xreallocarray(e->secrets, e->nsecrets + 1,
		    sizeof *e->secrets);
		k = &e->secrets[e->nsecrets++];
		k->name = xstrdup(name);
		k->password = NULL;
	}
	util_wipe_free(k->password);
	k->password = password != NULL ? xstrdup(password) : NULL;
}

void
engine_db_clear(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->nsecrets; i++) {
		free(e->secrets[i].name);
		util_wipe_free(e->secrets[i].password);
	}
	free(e->secrets);
	e->secrets = NULL;
	e->nsecrets = 0;
	free(e->dump_dir);
	e->dump_dir = NULL;
	free(e->db_problem);
	e->db_problem = NULL;
}

/* Did the server refuse for want of the right password? Then a person may
 * be asked for one. */
static int
engine_auth_refused(const char *why)
{
	static const char *const words[] = {
		"password authentication failed", "no password supplied",
		"Access denied", "password is required",
		"authentication failed", NULL
	};
	size_t i;

	for (i = 0; why != NULL && words[i] != NULL; i++) {
		if (strstr(why, words[i]) != NULL)
			return 1;
	}
	return 0;
}

/* Why a database has no settings, with what discovery finds, for the
 * operator to confirm. */
static char *
engine_db_missing(struct engine *e, const char *name)
{
	const struct database *d = checklist_database(e->g, name);
	struct jdbc_list found = { NULL, 0 };
	struct buf b = BUF_INIT;
	char *cause = NULL, *where;
	size_t i;

	if (d == NULL)
		return xprintf(_("guide '%s' has no database '%s'"), e->g->id,
		    name);
	buf_printf(&b, _("the database %s (%s) has no settings: give them on "
	    "the setup screen, or in the answers file under 'databases:'"),
	    name, d->title != NULL ? d->title : name);
	if (d->ndiscover > 0 && engine_db_discover(e, d, &found, NULL,
	    &cause) == 0) {
		for (i = 0; i < found.n; i++) {
			if (found.v[i].error != NULL)
				continue;
			where = db_settings_text(&found.v[i].settings);
			buf_printf(&b, _("; %s:%d names %s (%s): confirm it on "
			    "the setup screen, or write it in the answers "
			    "file"), found.v[i].file, found.v[i].line,
			    found.v[i].name, where);
			free(where);
		}
	}
	free(cause);
	jdbc_list_clear(&found);
	return buf_steal(&b);
}

struct db *
engine_db_connect(struct engine *e, const char *name, char **cause)
{
	const struct db_settings *set = engine_db(e, name);
	struct engine_secret *k;
	char *why = NULL, *where, *typed;
	struct db *db;
	int tries;

	*cause = NULL;
	if (set == NULL) {
		*cause = engine_db_missing(e, name);
		return NULL;
	}
	if (!db_engine_connects(set->engine)) {
		*cause = xprintf(_("this program does not connect to %s "
		    "databases"), db_engine_name(set->engine));
		return NULL;
	}
	where = db_settings_text(set);
	k = engine_secret(e, name);
	/* The product's file holds the password encrypted: ask at once. */
	if ((k == NULL || k->password == NULL) && set->ask_password &&
	    set->password_env == NULL && e->ops.password != NULL) {
		typed = e->ops.password(e->ops.arg, name, where, NULL);
		if (typed != NULL) {
			engine_set_password(e, name, typed);
			util_wipe_free(typed);
			k = engine_secret(e, name);
		}
	}
	db = db_connect(set, k != NULL ? k->password : NULL, &why);
	for (tries = 0; db == NULL && tries < ENGINE_PASSWORD_TRIES &&
	    set->password_env == NULL && e->ops.password != NULL &&
	    engine_auth_refused(why); tries++) {
		typed = e->ops.password(e->ops.arg, name, where, why);
		if (typed == NULL)
			break;
		engine_set_password(e, name, typed);
		util_wipe_free(typed);
		k = engine_secret(e, name);
		free(why);
		why = NULL;
		db = db_connect(set, k->password, &why);
	}
	if (db == NULL && k != NULL && tries > 0)
		/* The last one typed did not do: do not offer it again. */
		engine_set_password(e, name, NULL);
	free(where);
	if (db == NULL)
		*cause = why;
	else
		free(why);
	return db;
}

int
engine_db_test(struct engine *e, const char *name, char **version,
    char **cause)
{
	struct db *db = engine_db_connect(e, name, cause);

	*version = NULL;
	if (db == NULL)
		return -1;
	*version = xstrdup(db_server_version(db));
	db_close(db);
	return 0;
}

static const char *
engine_lookup_value(void *arg, const char *name)
{
	return engine_value(arg, name);
}

static int
engine_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int
engine_db_discover(struct engine *e, const struct database *d,
    struct jdbc_list *list, char **missing, char **cause)
{
	struct jdbc_list all = { NULL, 0 };
	struct buf gone = BUF_INIT;
	char *path, *why = NULL;
	size_t i, j;
	int rc = 0;

	*cause = NULL;
	for (i = 0; i < d->ndiscover && rc == 0; i++) {
		path = subst_expand(d->discover[i], engine_lookup_value, e,
		    &why);
		if (path == NULL) {
			if (gone.len > 0)
				buf_adds(&gone, "; ");
			buf_printf(&gone, "%s (%s)", d->discover[i], why);
			free(why);
			why = NULL;
			continue;
		}
		if (access(path, F_OK) != 0) {
			if (gone.len > 0)
				buf_adds(&gone, "; ");
			buf_adds(&gone, path);
		} else if (engine_has_suffix(path, ".yaml") ||
		    engine_has_suffix(path, ".yml"))
			rc = jdbc_discover_yaml(path, &all, cause);
		else
			rc = jdbc_discover_toml(path, &all, cause);
		free(path);
	}
	for (j = 0; j < all.n; j++) {
		struct jdbc_found *f = &all.v[j];

		if (rc == 0 && (d->datasource == NULL ||
		    strcasecmp(f->name, d->datasource) == 0)) {
			list->v = xreallocarray(list->v, list->n + 1,
			    sizeof *list->v);
			list->v[list->n++] = *f;
			if (f->password_secret)
				list->v[list->n - 1].settings.ask_password = 1;
			memset(f, 0, sizeof *f);
		}
	}
	jdbc_list_clear(&all);
	if (missing != NULL)
		*missing = gone.len > 0 ? buf_steal(&gone) : NULL;
	buf_free(&gone);
	return rc;
}

/* Does the step work on a database this program does not connect to?
 * Only such a step's result may come from the operator. */
static int
engine_step_elsewhere(struct engine *e, const struct step *s)
{
	const struct param_spec *spec;
	const struct db_settings *set;
	const char *name;

	if (s->type == NULL)
		return 0;
	for (spec = s->type->params; spec->name != NULL; spec++) {
		if (spec->type != PARAM_DATABASE ||
		    (name = params_str(s->with, spec->name)) == NULL)
			continue;
		if ((set = engine_db(e, name)) != NULL &&
		    !db_engine_connects(set->engine))
			return 1;
	}
	return 0;
}

int
engine_report(struct engine *e, const struct step *s, int passed,
    const char *evidence, const char *source, char **cause)
{
	enum status st;

	if (s->kind != STEP_CHECK && s->kind != STEP_ACTION) {
		*cause = xprintf(_("step '%s' is not a check or an action"),
		    s->id);
		return -1;
	}
	if (!engine_step_elsewhere(e, s)) {
		*cause = xprintf(_("step '%s' works on databases this program "
		    "connects to: it is run here, not reported"), s->id);
		return -1;
	}
	if (evidence == NULL || *evidence == '\0') {
		*cause = xstrdup(_("say what the query returned"));
		return -1;
	}
	if (e->s == NULL || e->readonly) {
		*cause = xstrdup(_("there is no session to record it in"));
		return -1;
	}
	if (s->kind == STEP_CHECK)
		st = passed ? STATUS_PASS : STATUS_FAIL;
	else
		st = passed ? STATUS_DONE : STATUS_FAILED;
	if (st == STATUS_FAIL && s->severity == SEVERITY_WARNING)
		st = STATUS_WARN;
	{
		struct jfield f[] = {
			{ "step", s->id },
			{ "status", status_name(st) },
			{ "evidence", evidence },
			{ "source", source },
		};

		return session_record(e->s, "report", f, 4, cause);
	}
}

/*
 * The run context's callbacks. ctx->arg is the engine's own run record,
 * whose first member is the engine.
 */

static struct engine *
engine_of(void *arg)
{
	return *(struct engine **)arg;
}

static const struct db_settings *
engine_ctx_settings(void *arg, const char *name, char **cause)
{
	struct engine *e = engine_of(arg);
	const struct db_settings *set = engine_db(e, name);

	if (set == NULL)
		*cause = engine_db_missing(e, name);
	return set;
}

static struct db *
engine_ctx_connect(void *arg, const char *name, char **cause)
{
	return engine_db_connect(engine_of(arg), name, cause);
}

static char *
engine_ctx_password(void *arg, const char *name)
{
	struct engine *e = engine_of(arg);
	const struct db_settings *set = engine_db(e, name);
	struct engine_secret *k = engine_secret(e, name);
	const char *v;

	if (k != NULL && k->password != NULL)
		return xstrdup(k->password);
	if (set != NULL && set->password_env != NULL &&
	    (v = getenv(set->password_env)) != NULL)
		return xstrdup(v);
	return NULL;
}

/* "2026-11-22T10:00:00Z" as seconds since the epoch; 0 if unreadable. */
static long long
engine_time(const char *iso)
{
	struct tm tm;
	char *end;

	if (iso == NULL)
		return 0;
	memset(&tm, 0, sizeof tm);
	end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL)
		return 0;
	if (*end == 'Z')
		return (long long)timegm(&tm);
	/* "+01:00": the offset east of UTC. */
	if ((*end == '+' || *end == '-') && strlen(end) >= 6) {
		long off = (atol(end + 1) * 60 + atol(end + 4)) * 60;

		return (long long)timegm(&tm) - (*end == '+' ? off : -off);
	}
	return (long long)mktime(&tm);
}

void
engine_db_ctx(struct engine *e, struct run_ctx *ctx)
{
	ctx->db_settings = engine_ctx_settings;
	ctx->db_connect = engine_ctx_connect;
	ctx->db_password = engine_ctx_password;
	if (e->s != NULL) {
		ctx->session_start = engine_time(e->s->started);
		if (e->dump_dir == NULL)
			e->dump_dir = util_path_join(e->s->dir,
			    "backup/dumps");
		ctx->dump_dir = e->readonly ? NULL : e->dump_dir;
	}
}
