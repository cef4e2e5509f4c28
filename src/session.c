/* session.c: one upgrade session in its state folder: opening it under the
 * lock, replaying the journal into the state, recording new events (the
 * journal first, then the same apply function the replay uses) and the
 * session.yaml snapshot. */
#include "config.h"

#include "session.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "buf.h"
#include "i18n.h"
#include "lock.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

/* An event as session_apply sees it, from the journal or just recorded. */
struct sevent {
	unsigned long		 seq;
	const char		*time;
	const char		*by;
	const char		*event;
	size_t			 n;
	const char *const	*keys;
	const char *const	*values;
};

/* The step id lookup: open addressing over indexes into s->steps. */
struct step_index {
	size_t	*slot;		/* index + 1; 0 is empty */
	size_t	 cap;		/* a power of two */
};

/* The snapshot being written. */
struct emit {
	yaml_emitter_t	 e;
	yaml_event_t	 ev;
	int		 failed;
};

char *
session_state_base(const char *state_dir)
{
	const char *base, *home;
	struct passwd *pw;
	char *root, *app;

	if (state_dir != NULL && *state_dir != '\0')
		return util_abspath(state_dir);
	base = getenv("XDG_STATE_HOME");
	if (base != NULL && *base == '/')
		root = xstrdup(base);
	else {
		home = getenv("HOME");
		if (home == NULL || *home != '/') {
			pw = getpwuid(getuid());
			home = pw != NULL && pw->pw_dir != NULL ? pw->pw_dir :
			    ".";
		}
		root = util_path_join(home, ".local/state");
	}
	app = util_path_join(root, "wso2-upgrade-wizard");
	free(root);
	return app;
}

char *
session_dir(const char *state_dir, const char *guide_id)
{
	char *base = session_state_base(state_dir), *dir;

	dir = util_path_join(base, guide_id);
	free(base);
	return dir;
}

int
session_exists(const char *dir)
{
	struct stat st;
	char *path = util_path_join(dir, "journal");
	int found;

	found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return found;
}

static const char *
sevent_get(const struct sevent *ev, const char *key)
{
	size_t i;

	for (i = ev->n; i > 0; i--) {
		if (strcmp(ev->keys[i - 1], key) == 0)
			return ev->values[i - 1];
	}
	return NULL;
}

static void
session_set(char **dst, const char *src)
{
	free(*dst);
	*dst = src != NULL ? xstrdup(src) : NULL;
}

static long long
session_number(const char *s, long long dflt)
{
	long long v;
	char *end;

	if (s == NULL || *s == '\0')
		return dflt;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return dflt;
	return v;
}

static int
session_flag(const char *s)
{
	return s != NULL && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ||
	    strcmp(s, "yes") == 0);
}

/* Make room for one more item in an array of n that grows by doubling. */
static void *
session_grow(void *p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return p;
	return xreallocarray(p, n == 0 ? 1 : n * 2, size);
}

static size_t *
session_index_slot(const struct session *s, const char *id)
{
	struct step_index *ix = s->index;
	size_t i, *slot;

	i = (size_t)util_hash64(id, strlen(id)) & (ix->cap - 1);
	for (;;) {
		slot = &ix->slot[i];
		if (*slot == 0 || strcmp(s->steps[*slot - 1].id, id) == 0)
			return slot;
		i = (i + 1) & (ix->cap - 1);
	}
}

static void
session_index_grow(struct session *s)
{
	struct step_index *ix = s->index;
	size_t i;

	free(ix->slot);
	ix->cap = ix->cap == 0 ? 64 : ix->cap * 2;
	ix->slot = xcalloc(ix->cap, sizeof *ix->slot);
	for (i = 0; i < s->nsteps; i++)
		*session_index_slot(s, s->steps[i].id) = i + 1;
}

static struct step_state *
session_find_step(const struct session *s, const char *id)
{
	const struct step_index *ix = s->index;
	size_t *slot;

	if (ix->cap == 0)
		return NULL;
	slot = session_index_slot(s, id);
	return *slot == 0 ? NULL : &s->steps[*slot - 1];
}

/* The state of a step, a new pending one if nothing was recorded yet. */
static struct step_state *
session_get_step(struct session *s, const char *id)
{
	struct step_index *ix = s->index;
	struct step_state *st;

	if ((st = session_find_step(s, id)) != NULL)
		return st;
	s->steps = session_grow(s->steps, s->nsteps, sizeof *s->steps);
	if ((s->nsteps + 1) * 2 > ix->cap)
		session_index_grow(s);
	st = &s->steps[s->nsteps++];
	memset(st, 0, sizeof *st);
	st->id = xstrdup(id);
	st->status = STATUS_PENDING;
	st->exit_code = -1;
	*session_index_slot(s, id) = s->nsteps;
	return st;
}

/* Set a variable or an answer: the latest value wins. */
static void
session_value_set(struct session_value **v, size_t *n, const char *name,
    const struct sevent *ev, const char *value)
{
	struct session_value *sv = NULL;
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i].name, name) == 0) {
			sv = &(*v)[i];
			break;
		}
	}
	if (sv == NULL) {
		*v = session_grow(*v, *n, sizeof **v);
		sv = &(*v)[(*n)++];
		memset(sv, 0, sizeof *sv);
		sv->name = xstrdup(name);
	}
	session_set(&sv->value, value);
	session_set(&sv->source, sevent_get(ev, "source"));
	session_set(&sv->at, ev->time);
	session_set(&sv->by, ev->by);
}

static void
session_apply_result(struct step_state *st, const struct sevent *ev)
{
	const char *status = sevent_get(ev, "status");
	int code = status != NULL ? status_from_name(status) : -1;

	if (code == -1) {
		st->status = STATUS_ERROR;
		free(st->reason);
		st->reason = xprintf(_("the journal gives an unknown "
		    "status '%s'"), status != NULL ? status : "");
	} else {
		st->status = (enum status)code;
		session_set(&st->reason, sevent_get(ev, "reason"));
	}
	session_set(&st->evidence, sevent_get(ev, "evidence"));
	st->exit_code = (int)session_number(sevent_get(ev, "exit"), -1);
	st->signal = (int)session_number(sevent_get(ev, "signal"), 0);
	st->timed_out = session_flag(sevent_get(ev, "timed_out"));
	st->duration_ms = session_number(sevent_get(ev, "duration_ms"), 0);
	if (sevent_get(ev, "log") != NULL)
		session_set(&st->log, sevent_get(ev, "log"));
	st->logged = sevent_get(ev, "log") != NULL;
	session_set(&st->at, ev->time);
	session_set(&st->by, ev->by);
	/* The command has ended; a check that passes again is no drift. */
	st->pgid = 0;
	st->reported = 0;
	if (st->status == STATUS_PASS)
		st->drift = 0;
}

/* Apply one event to the state: the only place the state changes, for the
 * replay and for session_record alike. */
/* A database's settings, replacing earlier ones. */
static void
session_db_set(struct session *s, const char *name, const struct sevent *ev)
{
	struct session_db *d = NULL;
	long long timeout;
	size_t i;

	for (i = 0; i < s->ndbs; i++) {
		if (strcmp(s->dbs[i].name, name) == 0) {
			d = &s->dbs[i];
			db_settings_clear(&d->set);
			break;
		}
	}
	if (d == NULL) {
		s->dbs = session_grow(s->dbs, s->ndbs, sizeof *s->dbs);
		d = &s->dbs[s->ndbs++];
		memset(d, 0, sizeof *d);
		d->name = xstrdup(name);
	}
	d->set.engine = db_engine_from_name(sevent_get(ev, "engine") != NULL ?
	    sevent_get(ev, "engine") : "");
	session_set(&d->set.host, sevent_get(ev, "host"));
	d->set.port = (int)session_number(sevent_get(ev, "port"), 0);
	session_set(&d->set.database, sevent_get(ev, "database"));
	session_set(&d->set.user, sevent_get(ev, "user"));
	session_set(&d->set.tls, sevent_get(ev, "tls"));
	session_set(&d->set.password_env, sevent_get(ev, "password_env"));
	timeout = session_number(sevent_get(ev, "query_timeout"), 0);
	/* As the answers file allows; anything else: the default. */
	d->set.query_timeout_s = timeout > 0 && timeout <= DB_QUERY_TIMEOUT_MAX ?
	    (int)timeout : 0;
	session_set(&d->set.source, sevent_get(ev, "source"));
	d->set.ask_password = session_flag(sevent_get(ev, "ask_password"));
	/* Empty texts are "not given". */
	if (d->set.host != NULL && *d->set.host == '\0')
		session_set(&d->set.host, NULL);
	if (d->set.user != NULL && *d->set.user == '\0')
		session_set(&d->set.user, NULL);
	if (d->set.tls != NULL && *d->set.tls == '\0')
		session_set(&d->set.tls, NULL);
	if (d->set.password_env != NULL && *d->set.password_env == '\0')
		session_set(&d->set.password_env, NULL);
	session_set(&d->at, ev->time);
	session_set(&d->by, ev->by);
}

static void
session_apply(struct session *s, const struct sevent *ev)
{
	const char *e = ev->event, *id, *v;
	struct backup_entry *b;
	struct step_state *st;
	size_t i;

	s->last_seq = ev->seq;
	s->nevents++;
	session_set(&s->updated, ev->time);

	if (strcmp(e, "session-start") == 0) {
		session_set(&s->guide_id, sevent_get(ev, "guide"));
		session_set(&s->checklist, sevent_get(ev, "checklist"));
		session_set(&s->guide_hash, sevent_get(ev, "hash"));
		session_set(&s->started, ev->time);
		session_set(&s->started_by, ev->by);
		return;
	}
	if (strcmp(e, "lock-takeover") == 0) {
		s->takeovers++;
		return;
	}
	if (strcmp(e, "training") == 0) {
		s->training = 1;
		session_set(&s->training_sandbox, sevent_get(ev, "sandbox"));
		v = sevent_get(ev, "fault");
		session_set(&s->training_fault,
		    v != NULL && *v != '\0' ? v : NULL);
		return;
	}
	if (strcmp(e, "var") == 0) {
		if ((id = sevent_get(ev, "name")) != NULL)
			session_value_set(&s->vars, &s->nvars, id, ev,
			    sevent_get(ev, "value"));
		return;
	}
	if (strcmp(e, "answer") == 0) {
		if ((id = sevent_get(ev, "question")) != NULL)
			session_value_set(&s->answers, &s->nanswers, id, ev,
			    sevent_get(ev, "value"));
		return;
	}
	if (strcmp(e, "db") == 0) {
		if ((id = sevent_get(ev, "name")) != NULL)
			session_db_set(s, id, ev);
		return;
	}
	if (strcmp(e, "stage-complete") == 0) {
		if ((id = sevent_get(ev, "stage")) == NULL)
			return;
		for (i = 0; i < s->nstages_done; i++) {
			if (strcmp(s->stages_done[i], id) == 0)
				return;
		}
		s->stages_done = session_grow(s->stages_done, s->nstages_done,
		    sizeof *s->stages_done);
		s->stages_done[s->nstages_done++] = xstrdup(id);
		return;
	}
	if (strcmp(e, "backup") == 0) {
		s->backups = session_grow(s->backups, s->nbackups,
		    sizeof *s->backups);
		b = &s->backups[s->nbackups++];
		memset(b, 0, sizeof *b);
		session_set(&b->step, sevent_get(ev, "step"));
		session_set(&b->original, sevent_get(ev, "original"));
		session_set(&b->saved, sevent_get(ev, "saved"));
		session_set(&b->mode, sevent_get(ev, "mode"));
		b->moved = session_flag(sevent_get(ev, "moved"));
		session_set(&b->at, ev->time);
		if (b->step != NULL && (st = session_find_step(s, b->step)) != NULL)
			st->seq = ev->seq;
		return;
	}

	/* The rest are about a step. */
	if ((id = sevent_get(ev, "step")) == NULL)
		return;
	if (strcmp(e, "step-start") == 0) {
		st = session_get_step(s, id);
		st->status = STATUS_RUNNING;
		st->attempts++;
		session_set(&st->evidence, NULL);
		session_set(&st->reason, NULL);
		session_set(&st->log, sevent_get(ev, "log"));
		session_set(&st->command, sevent_get(ev, "command"));
		st->logged = 0;
		st->exit_code = -1;
		st->signal = 0;
		st->timed_out = 0;
		st->duration_ms = 0;
		st->pgid = 0;
	} else if (strcmp(e, "step-pid") == 0) {
		st = session_get_step(s, id);
		st->pgid = session_number(sevent_get(ev, "pgid"), 0);
		session_set(&st->pgid_host, sevent_get(ev, "host"));
	} else if (strcmp(e, "retry") == 0) {
		st = session_get_step(s, id);
		st->pgid = 0;
	} else if (strcmp(e, "step-result") == 0) {
		st = session_get_step(s, id);
		session_apply_result(st, ev);
	} else if (strcmp(e, "step-interrupted") == 0) {
		st = session_get_step(s, id);
		st->status = STATUS_INTERRUPTED;
		session_set(&st->at, ev->time);
		session_set(&st->by, ev->by);
	} else if (strcmp(e, "ack") == 0) {
		st = session_get_step(s, id);
		st->status = STATUS_ACKNOWLEDGED;
		session_set(&st->note, sevent_get(ev, "note"));
		session_set(&st->source, sevent_get(ev, "source"));
		session_set(&st->at, ev->time);
		session_set(&st->by, ev->by);
	} else if (strcmp(e, "not-applicable") == 0) {
		st = session_get_step(s, id);
		st->status = STATUS_NOT_APPLICABLE;
		session_set(&st->reason, sevent_get(ev, "reason"));
		session_set(&st->source, sevent_get(ev, "source"));
		session_set(&st->at, ev->time);
		session_set(&st->by, ev->by);
	} else if (strcmp(e, "waive") == 0) {
		st = session_get_step(s, id);
		st->waived = 1;
		session_set(&st->waive_reason, sevent_get(ev, "reason"));
		session_set(&st->waived_by, ev->by);
		session_set(&st->waived_at, ev->time);
		if ((v = sevent_get(ev, "source")) != NULL)
			session_set(&st->source, v);
	} else if (strcmp(e, "report") == 0) {
		st = session_get_step(s, id);
		v = sevent_get(ev, "status");
		st->status = v != NULL && status_from_name(v) != -1 ?
		    (enum status)status_from_name(v) : STATUS_FAIL;
		st->reported = 1;
		session_set(&st->evidence, sevent_get(ev, "evidence"));
		session_set(&st->reason, NULL);
		session_set(&st->source, sevent_get(ev, "source"));
		session_set(&st->at, ev->time);
		session_set(&st->by, ev->by);
	} else if (strcmp(e, "drift") == 0) {
		st = session_get_step(s, id);
		st->drift = 1;
		session_set(&st->drift_evidence, sevent_get(ev, "evidence"));
	} else
		return;		/* an event of a later version: ignored */
	st->seq = ev->seq;
}

/* Apply an event read from the journal (journal_each's callback). */
static void
session_replay(void *arg, const struct jevent *je)
{
	struct sevent ev;

	ev.seq = je->seq;
	ev.time = je->time;
	ev.by = je->by;
	ev.event = je->event;
	ev.n = je->n;
	ev.keys = (const char *const *)je->keys;
	ev.values = (const char *const *)je->values;
	session_apply(arg, &ev);
}

static struct session *
session_new(const char *dir)
{
	struct session *s = xcalloc(1, sizeof *s);

	s->dir = util_abspath(dir);
	s->index = xcalloc(1, sizeof (struct step_index));
	return s;
}

static void
session_value_free(struct session_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
		free(v[i].source);
		free(v[i].at);
		free(v[i].by);
	}
	free(v);
}

static void
session_free(struct session *s)
{
	struct step_index *ix = s->index;
	struct step_state *st;
	size_t i;

	journal_close(s->journal);
	lock_release(s->lock);
	for (i = 0; i < s->nsteps; i++) {
		st = &s->steps[i];
		free(st->id);
		free(st->at);
		free(st->by);
		free(st->evidence);
		free(st->reason);
		free(st->log);
		free(st->note);
		free(st->source);
		free(st->waive_reason);
		free(st->waived_by);
		free(st->waived_at);
		free(st->drift_evidence);
		free(st->command);
		free(st->pgid_host);
	}
	free(s->steps);
	session_value_free(s->vars, s->nvars);
	session_value_free(s->answers, s->nanswers);
	for (i = 0; i < s->ndbs; i++) {
		free(s->dbs[i].name);
		db_settings_clear(&s->dbs[i].set);
		free(s->dbs[i].at);
		free(s->dbs[i].by);
	}
	free(s->dbs);
	for (i = 0; i < s->nbackups; i++) {
		free(s->backups[i].step);
		free(s->backups[i].original);
		free(s->backups[i].saved);
		free(s->backups[i].mode);
		free(s->backups[i].at);
	}
	free(s->backups);
	for (i = 0; i < s->nstages_done; i++)
		free(s->stages_done[i]);
	free(s->stages_done);
	free(ix->slot);
	free(ix);
	free(s->dir);
	free(s->guide_id);
	free(s->guide_hash);
	free(s->checklist);
	free(s->started);
	free(s->started_by);
	free(s->updated);
	free(s->training_sandbox);
	free(s->training_fault);
	free(s->torn);
	free(s);
}

struct session *
session_load(const char *dir, char **cause)
{
	struct session *s = session_new(dir);
	char *path;
	int saved;

	path = util_path_join(s->dir, "journal");
	if (journal_each(path, session_replay, s, &s->torn, cause) == -1) {
		saved = errno;
		free(path);
		session_free(s);
		errno = saved;
		return NULL;
	}
	free(path);
	return s;
}

/* Record an event given as key/value pairs, NULL-terminated. */
static int
session_recordv(struct session *s, const char *event, char **cause, ...)
{
	struct jfield f[8];
	size_t n = 0;
	va_list ap;

	va_start(ap, cause);
	while (n < sizeof f / sizeof f[0] &&
	    (f[n].key = va_arg(ap, const char *)) != NULL) {
		f[n].value = va_arg(ap, const char *);
		n++;
	}
	va_end(ap);
	return session_record(s, event, f, n, cause);
}

/* Remove the snapshots a wizard that died was writing (session.yaml.tmp.PID,
 * util_write_atomic's): the caller holds the lock, so no other wizard is
 * writing one, and a part is of no use. */
static void
session_remove_partial(const char *dir)
{
	static const char prefix[] = "session.yaml.tmp.";
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, sizeof prefix - 1) == 0)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

struct session *
session_open(const char *dir, const char *guide_id, const char *checklist,
    const char *hash, char **cause)
{
	static const char *const sub[] = { "logs", "backup" };
	struct lock_holder old;
	struct session *s;
	struct stat st;
	off_t before = 0;
	size_t i;
	char *path = NULL, *jpath = NULL, *torn = NULL, *text, *what;
	int took_over = 0, existed;

	memset(&old, 0, sizeof old);
	s = session_new(dir);
	if (util_mkdir_p(s->dir, 0700, cause) == -1)
		goto fail;
	for (i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		path = util_path_join(s->dir, sub[i]);
		if (util_mkdir_p(path, 0700, cause) == -1)
			goto fail;
		free(path);
	}
	path = util_path_join(s->dir, "lock");
	if ((s->lock = lock_acquire(path, &old, &took_over, cause)) == NULL)
		goto fail;
	session_remove_partial(s->dir);

	jpath = util_path_join(s->dir, "journal");
	if (stat(jpath, &st) == 0)
		before = st.st_size;
	if ((s->journal = journal_open(jpath, &torn, cause)) == NULL)
		goto fail;
	if (journal_each(jpath, session_replay, s, NULL, cause) == -1)
		goto fail;
	existed = s->nevents > 0;

	if (s->guide_id != NULL && guide_id != NULL &&
	    strcmp(s->guide_id, guide_id) != 0) {
		*cause = xprintf(_("%s holds a session of the guide %s, "
		    "not %s"), s->dir, s->guide_id, guide_id);
		goto fail;
	}
	if (s->guide_id == NULL && guide_id == NULL) {
		*cause = xprintf(_("%s holds no session"), s->dir);
		goto fail;
	}
	if (s->guide_id == NULL && session_recordv(s, "session-start", cause,
	    "guide", guide_id, "checklist", checklist, "hash", hash,
	    (char *)NULL) == -1)
		goto fail;
	if (torn != NULL) {
		char *bytes, *saved = xprintf("%s.torn", jpath);

		if (stat(jpath, &st) == 0 && before > st.st_size)
			bytes = xprintf("%lld", (long long)(before - st.st_size));
		else
			bytes = NULL;
		s->torn = torn;
		torn = NULL;
		if (session_recordv(s, "torn-line", cause, "bytes", bytes,
		    "saved", saved, (char *)NULL) == -1) {
			free(bytes);
			free(saved);
			goto fail;
		}
		free(bytes);
		free(saved);
	}
	if (took_over) {
		text = xprintf("%ld", (long)old.pid);
		if (session_recordv(s, "lock-takeover", cause, "pid", text,
		    "host", old.host, "user", old.user, "since", old.since,
		    (char *)NULL) == -1) {
			free(text);
			goto fail;
		}
		free(text);
	}
	if (existed) {
		text = xprintf("%ld", (long)getpid());
		if (session_recordv(s, "resume", cause, "pid", text,
		    (char *)NULL) == -1) {
			free(text);
			goto fail;
		}
		free(text);
	}

	if (session_snapshot_check(s, &what) != 0) {
		free(what);
		if (session_snapshot(s, cause) == -1)
			goto fail;
	} else
		free(what);

	free(path);
	free(jpath);
	lock_holder_clear(&old);
	return s;

fail:
	free(path);
	free(jpath);
	free(torn);
	lock_holder_clear(&old);
	session_free(s);
	return NULL;
}

void
session_close(struct session *s)
{
	char *what = NULL, *cause = NULL;

	if (s == NULL)
		return;
	/* Leave an up-to-date snapshot behind; the journal is the truth. */
	if (s->journal != NULL && session_snapshot_check(s, &what) != 0 &&
	    session_snapshot(s, &cause) == -1)
		free(cause);
	free(what);
	session_free(s);
}

int
session_record(struct session *s, const char *event, const struct jfield *f,
    size_t n, char **cause)
{
	const char **keys, **values;
	struct sevent ev;
	size_t i, m = 0;

	if (s->journal == NULL) {
		*cause = xprintf(_("the session in %s was opened only to be "
		    "read"), s->dir);
		return -1;
	}
	if (journal_append(s->journal, event, f, n, cause) == -1)
		return -1;
	keys = xreallocarray(NULL, n + 1, sizeof *keys);
	values = xreallocarray(NULL, n + 1, sizeof *values);
	for (i = 0; i < n; i++) {
		if (f[i].value == NULL)
			continue;
		keys[m] = f[i].key;
		values[m] = f[i].value;
		m++;
	}
	ev.seq = journal_last_seq(s->journal);
	ev.time = journal_last_time(s->journal);
	ev.by = util_user();
	ev.event = event;
	ev.n = m;
	ev.keys = keys;
	ev.values = values;
	session_apply(s, &ev);
	free(keys);
	free(values);
	return 0;
}

/* A copy of s that is valid UTF-8: each byte of a bad sequence becomes
 * U+FFFD (the journal keeps the exact bytes). */
static char *
session_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b = BUF_INIT;
	size_t len, i;
	uint32_t c;

	while (*p != '\0') {
		if (*p < 0x80) {
			buf_addc(&b, (char)*p++);
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf) {
			len = 2;
			c = *p & 0x1f;
		} else if (*p >= 0xe0 && *p <= 0xef) {
			len = 3;
			c = *p & 0x0f;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			len = 4;
			c = *p & 0x07;
		} else
			goto bad;
		for (i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				goto bad;
			c = c << 6 | (p[i] & 0x3f);
		}
		if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto bad;
		buf_add(&b, p, len);
		p += len;
		continue;
	bad:
		buf_adds(&b, "\xef\xbf\xbd");
		p++;
	}
	return buf_steal(&b);
}

/* How to write a text so that it reads back as the same text: plain where
 * libyaml finds that safe, double quotes for anything a reader could take
 * for another type or that holds control characters or line breaks. */
static yaml_scalar_style_t
session_style(const char *s)
{
	static const char *const words[] = {
		"null", "~", "true", "false", "yes", "no", "on", "off", "y",
		"n"
	};
	const unsigned char *p;
	size_t i;

	if (*s == '\0')
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcasecmp(s, words[i]) == 0)
			return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	}
	if ((s[0] >= '0' && s[0] <= '9') || ((s[0] == '-' || s[0] == '+' ||
	    s[0] == '.') && (s[1] == '.' || (s[1] >= '0' && s[1] <= '9') ||
	    strncasecmp(s + 1, "inf", 3) == 0 ||
	    strncasecmp(s + 1, "nan", 3) == 0)))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		if (p[0] == 0xc2 && p[1] == 0x85)	/* U+0085 */
			return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9))	/* U+2028, U+2029 */
			return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	}
	return YAML_ANY_SCALAR_STYLE;
}

static void
emit(struct emit *em)
{
	if (em->failed) {
		yaml_event_delete(&em->ev);
		return;
	}
	if (!yaml_emitter_emit(&em->e, &em->ev))
		em->failed = 1;
}

static void
emit_scalar(struct emit *em, const char *s, yaml_scalar_style_t style)
{
	char *u = session_utf8(s);

	if (!yaml_scalar_event_initialize(&em->ev, NULL, NULL,
	    (yaml_char_t *)u, (int)strlen(u), 1, 1, style))
		em->failed = 1;
	else
		emit(em);
	free(u);
}

static void
emit_text(struct emit *em, const char *s)
{
	emit_scalar(em, s, session_style(s));
}

/* A key and a text value; nothing when the value is NULL. */
static void
emit_pair(struct emit *em, const char *key, const char *value)
{
	if (value == NULL)
		return;
	emit_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	emit_text(em, value);
}

static void
emit_number(struct emit *em, const char *key, long long v)
{
	char *text = xprintf("%lld", v);

	emit_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	emit_scalar(em, text, YAML_PLAIN_SCALAR_STYLE);
	free(text);
}

static void
emit_flag(struct emit *em, const char *key, int v)
{
	emit_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	emit_scalar(em, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

static void
emit_mapping(struct emit *em, int start)
{
	if (start) {
		yaml_mapping_start_event_initialize(&em->ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE);
	} else
		yaml_mapping_end_event_initialize(&em->ev);
	emit(em);
}

/* A key and the start of a list under it, or its end. */
static void
emit_sequence(struct emit *em, const char *key)
{
	if (key != NULL) {
		emit_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
		yaml_sequence_start_event_initialize(&em->ev, NULL, NULL, 1,
		    YAML_BLOCK_SEQUENCE_STYLE);
	} else
		yaml_sequence_end_event_initialize(&em->ev);
	emit(em);
}

static void
emit_values(struct emit *em, const char *key, const char *namekey,
    const struct session_value *v, size_t n)
{
	size_t i;

	emit_sequence(em, key);
	for (i = 0; i < n; i++) {
		emit_mapping(em, 1);
		emit_pair(em, namekey, v[i].name);
		emit_pair(em, "value", v[i].value);
		emit_pair(em, "source", v[i].source);
		emit_pair(em, "at", v[i].at);
		emit_pair(em, "by", v[i].by);
		emit_mapping(em, 0);
	}
	emit_sequence(em, NULL);
}

static void
emit_step(struct emit *em, const struct step_state *st)
{
	emit_mapping(em, 1);
	emit_pair(em, "id", st->id);
	emit_pair(em, "status", status_name(st->status));
	emit_number(em, "attempts", st->attempts);
	emit_pair(em, "at", st->at);
	emit_pair(em, "by", st->by);
	if (st->exit_code != -1)
		emit_number(em, "exit", st->exit_code);
	if (st->signal != 0)
		emit_number(em, "signal", st->signal);
	if (st->timed_out)
		emit_flag(em, "timed_out", 1);
	if (st->duration_ms != 0)
		emit_number(em, "duration_ms", st->duration_ms);
	emit_pair(em, "log", st->log);
	emit_pair(em, "evidence", st->evidence);
	emit_pair(em, "reason", st->reason);
	emit_pair(em, "note", st->note);
	emit_pair(em, "source", st->source);
	if (st->reported)
		emit_flag(em, "reported", 1);
	if (st->waived) {
		emit_flag(em, "waived", 1);
		emit_pair(em, "waive_reason", st->waive_reason);
		emit_pair(em, "waived_by", st->waived_by);
		emit_pair(em, "waived_at", st->waived_at);
	}
	if (st->drift) {
		emit_flag(em, "drift", 1);
		emit_pair(em, "drift_evidence", st->drift_evidence);
	}
	emit_number(em, "seq", (long long)st->seq);
	emit_mapping(em, 0);
}

static int
session_yaml_write(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, buffer, size);
	return 1;
}

/* The snapshot's text, from the state alone. */
static int
session_render(const struct session *s, struct buf *out, char **cause)
{
	const struct backup_entry *b;
	struct emit em;
	size_t i;

	memset(&em, 0, sizeof em);
	if (!yaml_emitter_initialize(&em.e)) {
		*cause = xprintf(_("cannot write the session snapshot: %s"),
		    _("out of memory"));
		return -1;
	}
	yaml_emitter_set_output(&em.e, session_yaml_write, out);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_width(&em.e, -1);
	yaml_emitter_set_break(&em.e, YAML_LN_BREAK);

	yaml_stream_start_event_initialize(&em.ev, YAML_UTF8_ENCODING);
	emit(&em);
	yaml_document_start_event_initialize(&em.ev, NULL, NULL, NULL, 1);
	emit(&em);
	emit_mapping(&em, 1);
	emit_pair(&em, "guide", s->guide_id);
	emit_pair(&em, "checklist", s->checklist);
	emit_pair(&em, "hash", s->guide_hash);
	emit_pair(&em, "started", s->started);
	emit_pair(&em, "started_by", s->started_by);
	emit_pair(&em, "updated", s->updated);
	emit_number(&em, "last_seq", (long long)s->last_seq);
	emit_number(&em, "events", (long long)s->nevents);
	emit_number(&em, "takeovers", s->takeovers);
	if (s->training) {
		emit_pair(&em, "training_sandbox", s->training_sandbox);
		emit_pair(&em, "training_fault", s->training_fault);
	}
	emit_values(&em, "variables", "name", s->vars, s->nvars);
	emit_values(&em, "answers", "question", s->answers, s->nanswers);
	emit_sequence(&em, "databases");
	for (i = 0; i < s->ndbs; i++) {
		const struct session_db *d = &s->dbs[i];

		emit_mapping(&em, 1);
		emit_pair(&em, "name", d->name);
		emit_pair(&em, "engine", db_engine_name(d->set.engine));
		emit_pair(&em, "host", d->set.host);
		if (d->set.port > 0)
			emit_number(&em, "port", d->set.port);
		emit_pair(&em, "database", d->set.database);
		emit_pair(&em, "user", d->set.user);
		emit_pair(&em, "tls", d->set.tls);
		emit_pair(&em, "password_env", d->set.password_env);
		if (d->set.query_timeout_s > 0)
			emit_number(&em, "query_timeout",
			    d->set.query_timeout_s);
		emit_pair(&em, "source", d->set.source);
		if (d->set.ask_password)
			emit_flag(&em, "ask_password", 1);
		emit_pair(&em, "at", d->at);
		emit_pair(&em, "by", d->by);
		emit_mapping(&em, 0);
	}
	emit_sequence(&em, NULL);
	emit_sequence(&em, "steps");
	for (i = 0; i < s->nsteps; i++)
		emit_step(&em, &s->steps[i]);
	emit_sequence(&em, NULL);
	emit_sequence(&em, "backups");
	for (i = 0; i < s->nbackups; i++) {
		b = &s->backups[i];
		emit_mapping(&em, 1);
		emit_pair(&em, "step", b->step);
		emit_pair(&em, "original", b->original);
		emit_pair(&em, "saved", b->saved);
		emit_pair(&em, "mode", b->mode);
		emit_flag(&em, "moved", b->moved);
		emit_pair(&em, "at", b->at);
		emit_mapping(&em, 0);
	}
	emit_sequence(&em, NULL);
	emit_sequence(&em, "stages_done");
	for (i = 0; i < s->nstages_done; i++)
		emit_text(&em, s->stages_done[i]);
	emit_sequence(&em, NULL);
	emit_mapping(&em, 0);
	yaml_document_end_event_initialize(&em.ev, 1);
	emit(&em);
	yaml_stream_end_event_initialize(&em.ev);
	emit(&em);

	if (em.failed) {
		*cause = xprintf(_("cannot write the session snapshot: %s"),
		    em.e.problem != NULL ? em.e.problem : _("unknown error"));
		yaml_emitter_delete(&em.e);
		return -1;
	}
	yaml_emitter_delete(&em.e);
	return 0;
}

int
session_snapshot(struct session *s, char **cause)
{
	struct buf out = BUF_INIT;
	char *path;
	int rc;

	if (session_render(s, &out, cause) == -1) {
		buf_free(&out);
		return -1;
	}
	path = util_path_join(s->dir, "session.yaml");
	rc = util_write_atomic(path, buf_str(&out), out.len, 0600, cause);
	free(path);
	buf_free(&out);
	return rc;
}

int
session_snapshot_check(const struct session *s, char **what)
{
	struct buf want = BUF_INIT;
	struct ynode *root = NULL;
	const char *guide, *seq;
	char *path, *text, *cause = NULL, *seqtext, *guide_utf8;
	size_t len;
	int rc;

	*what = NULL;
	path = util_path_join(s->dir, "session.yaml");
	if ((text = util_read_file(path, &len, &cause)) == NULL) {
		if (errno == ENOENT) {
			*what = xprintf(_("%s is missing"), path);
			rc = 1;
		} else {
			*what = cause;
			cause = NULL;
			rc = 2;
		}
		goto out;
	}
	/* What the journal gives, written as it would be: the snapshot is
	 * current when it is exactly that (most often), and only otherwise is
	 * it read to say what is wrong with it. */
	if (session_render(s, &want, &cause) == 0 && want.len == len &&
	    memcmp(buf_str(&want), text, len) == 0) {
		rc = 0;
		goto out;
	}
	buf_free(&want);
	free(cause);
	cause = NULL;
	rc = 2;
	if ((root = ynode_parse(text, len, path, &cause)) == NULL) {
		*what = xprintf(_("%s is damaged: %s"), path, cause);
		goto out;
	}
	guide = ynode_str(ynode_get(root, "guide"));
	seq = ynode_str(ynode_get(root, "last_seq"));
	seqtext = xprintf("%lu", s->last_seq);
	/* The snapshot holds the id as written: bytes that are not UTF-8
	 * replaced (session_utf8). */
	guide_utf8 = s->guide_id != NULL ? session_utf8(s->guide_id) : NULL;
	if (root->type != YNODE_MAPPING || seq == NULL) {
		*what = xprintf(_("%s is damaged: it does not say which "
		    "event it is at"), path);
	} else if ((guide == NULL) != (s->guide_id == NULL) ||
	    (guide != NULL && strcmp(guide, guide_utf8) != 0)) {
		*what = xprintf(_("%s is damaged: it is about the guide %s, "
		    "the journal about %s"), path, guide != NULL ? guide : "-",
		    s->guide_id != NULL ? s->guide_id : "-");
	} else if (strcmp(seq, seqtext) != 0) {
		*what = xprintf(_("%s is stale: it is at event %s, the journal "
		    "at event %lu"), path, seq, s->last_seq);
	} else if (session_render(s, &want, &cause) == -1) {
		*what = cause;
		cause = NULL;
	} else if (want.len != len || memcmp(buf_str(&want), text, len) != 0) {
		*what = xprintf(_("%s is damaged: it does not match the "
		    "journal"), path);
	} else
		rc = 0;
	free(seqtext);
	free(guide_utf8);

out:
	buf_free(&want);
	ynode_free(root);
	free(text);
	free(cause);
	free(path);
	return rc;
}

const struct step_state *
session_step(const struct session *s, const char *id)
{
	return session_find_step(s, id);
}

static const char *
session_value_get(const struct session_value *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].name, name) == 0)
			return v[i].value;
	}
	return NULL;
}

const char *
session_var(const struct session *s, const char *name)
{
	return session_value_get(s->vars, s->nvars, name);
}

const char *
session_answer(const struct session *s, const char *id)
{
	return session_value_get(s->answers, s->nanswers, id);
}

int
session_stage_done(const struct session *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nstages_done; i++) {
		if (strcmp(s->stages_done[i], id) == 0)
			return 1;
	}
	return 0;
}

/* STATE/WHERE/SEQ-STEP plus suffix, with the next sequence number and the
 * step id made safe for a file name. */
static char *
session_step_path(const struct session *s, const char *where,
    const char *step, const char *suffix)
{
	char *name = xstrdup(step), *p, *rel, *path;

	for (p = name; *p != '\0'; p++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", *p) == NULL)
			*p = '_';
	}
	if (*name == '.')
		*name = '_';
	rel = xprintf("%s/%06lu-%s%s", where, s->last_seq + 1, name, suffix);
	path = util_path_join(s->dir, rel);
	free(rel);
	free(name);
	return path;
}

char *
session_log_path(const struct session *s, const char *step)
{
	return session_step_path(s, "logs", step, ".log");
}

char *
session_backup_dir(const struct session *s, const char *step)
{
	return session_step_path(s, "backup", step, "");
}

const struct session_db *
session_db(const struct session *s, const char *name)
{
	size_t i;

	for (i = 0; s != NULL && i < s->ndbs; i++) {
		if (strcmp(s->dbs[i].name, name) == 0)
			return &s->dbs[i];
	}
	return NULL;
}

int
session_record_db(struct session *s, const char *name,
    const struct db_settings *set, char **cause)
{
	char port[16], timeout[16];
	struct jfield f[11];

	snprintf(port, sizeof port, "%d", set->port);
	snprintf(timeout, sizeof timeout, "%d", set->query_timeout_s);
	f[0] = (struct jfield){ "name", name };
	f[1] = (struct jfield){ "engine", db_engine_name(set->engine) };
	f[2] = (struct jfield){ "host", set->host };
	f[3] = (struct jfield){ "port", set->port > 0 ? port : NULL };
	f[4] = (struct jfield){ "database", set->database };
	f[5] = (struct jfield){ "user", set->user };
	f[6] = (struct jfield){ "tls", set->tls };
	f[7] = (struct jfield){ "password_env", set->password_env };
	f[8] = (struct jfield){ "source", set->source != NULL ? set->source :
	    "" };
	f[9] = (struct jfield){ "ask_password", set->ask_password ? "yes" :
	    NULL };
	f[10] = (struct jfield){ "query_timeout", set->query_timeout_s > 0 ?
	    timeout : NULL };
	return session_record(s, "db", f, 11, cause);
}
