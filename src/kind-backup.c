/* kind-backup.c: the "db_backup_present" check: a fresh, complete dump of
 * the database is on disk: by default the newest one the db_dump action
 * made in the session's dump folder, or the newest file matching the
 * operator's pattern. The file alone is read (dumpfile.c): the check never
 * connects to the database, so it works while the server is down. On Oracle
 * and SQL Server, whose backups this program cannot read, the operator is
 * given the query that lists the server's own record of its backups. */
#include "config.h"

#include "kind.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "dumpfile.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec backup_params[] = {
	{ "database", PARAM_DATABASE, 1, N_("the database the dump must be of") },
	{ "path", PARAM_PATH, 0, N_("the operator's dump: a path or a glob(3) pattern, the newest match counts (default: the newest dump the wizard made of the database)") },
	{ "max_age", PARAM_DURATION, 0, N_("how old the file may be (default: made since the session started)") },
	{ NULL, 0, 0, NULL }
};

/* A time for people: "2026-11-22 07:30:01 +0100", this computer's. */
static char *
backup_time_text(time_t t)
{
	struct tm tm;
	char s[64];

	localtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S %z", &tm);
	return xstrdup(s);
}

/* How fresh the file must be. */
struct backup_fresh {
	long long	 max_age_ms;	/* -1: newer than since */
	time_t		 since;
};

static int
backup_fresh(const struct step *step, const struct run_ctx *ctx,
    struct backup_fresh *fr, char **cause)
{
	fr->max_age_ms = -1;
	fr->since = 0;
	if (params_str(step->with, "max_age") != NULL) {
		fr->max_age_ms = kind_duration_ms(ctx, step->with, "max_age",
		    0, cause);
		return fr->max_age_ms < 0 ? -1 : 0;
	}
	if (ctx->session_start <= 0) {
		*cause = xstrdup(_("could not run: the session's start is not "
		    "known, so a fresh dump cannot be told from an old one "
		    "(give max_age)"));
		return -1;
	}
	fr->since = (time_t)ctx->session_start;
	return 0;
}

/* When it must have been made: "after 2026-11-22 07:00:00 +0100, when
 * the session started", "within the last 2 h". The caller frees the
 * result. */
static char *
backup_fresh_text(const struct backup_fresh *fr)
{
	char *t, *s;

	if (fr->max_age_ms >= 0) {
		t = util_duration_text(fr->max_age_ms);
		s = xprintf(_("within the last %s"), t);
	} else {
		t = backup_time_text(fr->since);
		s = xprintf(_("after %s, when the session started"), t);
	}
	free(t);
	return s;
}

/* Oracle and SQL Server: the server's record of its backups, for the
 * operator. */
static void
backup_ask_operator(struct result *r, const struct db_settings *set,
    const char *name, const struct backup_fresh *fr)
{
	struct buf q = BUF_INIT;
	char *fresh = backup_fresh_text(fr), *expect;
	const char *db = set->database != NULL ? set->database : name, *p;

	if (set->engine == DB_MSSQL) {
		buf_adds(&q, "SELECT TOP (5) b.database_name, "
		    "b.backup_start_date, b.backup_finish_date, b.is_copy_only, "
		    "m.physical_device_name\nFROM msdb.dbo.backupset AS b\n"
		    "JOIN msdb.dbo.backupmediafamily AS m "
		    "ON m.media_set_id = b.media_set_id\n"
		    "WHERE b.database_name = N'");
		for (p = db; *p != '\0'; p++) {
			if (*p == '\'')
				buf_addc(&q, '\'');
			buf_addc(&q, *p);
		}
		buf_adds(&q, "' AND b.type = 'D'\n"
		    "ORDER BY b.backup_finish_date DESC;");
		expect = xprintf(_("it passes when the first row, the newest "
		    "full backup of %s, finished %s (the server shows its own "
		    "local time) and its file is where you keep backups"), db,
		    fresh);
	} else {
		buf_adds(&q, "SELECT session_key, input_type, status, "
		    "start_time, end_time\nFROM v$rman_backup_job_details\n"
		    "WHERE status = 'COMPLETED' AND input_type IN ('DB FULL', "
		    "'DB INCR')\nORDER BY end_time DESC\n"
		    "FETCH FIRST 5 ROWS ONLY;");
		expect = xprintf(_("it passes when the first row, the newest "
		    "completed RMAN backup, ended %s; an export made with "
		    "expdp is not listed there: for one, it passes when its "
		    "log, written %s, ends saying the job \"successfully "
		    "completed\""), fresh, fresh);
	}
	kind_db_ask_operator(r, set, name, buf_str(&q), expect);
	free(expect);
	free(fresh);
	buf_free(&q);
}

/* The candidates: the files matching the pattern, or the wizard's own dumps
 * of the database in the dump folder. NULL with *cause when they cannot be
 * listed. */
static char **
backup_candidates(const struct run_ctx *ctx, const char *pattern,
    const char *name, size_t *n, char **cause)
{
	struct dirent *de;
	char **out = NULL;
	DIR *d;

	*n = 0;
	if (pattern != NULL)
		return kind_glob(pattern, n, cause);
	if (ctx->dump_dir == NULL) {
		*cause = xstrdup(_("could not run: there is no folder for "
		    "dumps here; give the dump's path"));
		return NULL;
	}
	if ((d = opendir(ctx->dump_dir)) == NULL) {
		if (errno == ENOENT)
			return xcalloc(1, sizeof *out);
		*cause = xprintf(_("could not run: cannot read the folder "
		    "%s: %s"), ctx->dump_dir, strerror(errno));
		return NULL;
	}
	out = xcalloc(1, sizeof *out);
	while ((de = readdir(d)) != NULL) {
		if (!dumpfile_is_own(de->d_name, name))
			continue;
		out = xreallocarray(out, *n + 2, sizeof *out);
		out[(*n)++] = util_path_join(ctx->dump_dir, de->d_name);
		out[*n] = NULL;
	}
	closedir(d);
	return out;
}

/* The newest regular file among the candidates (the later name when two
 * have the same time), or NULL. */
static const char *
backup_newest(char **paths, size_t n, struct stat *st)
{
	const char *best = NULL;
	struct stat s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (stat(paths[i], &s) == -1 || !S_ISREG(s.st_mode))
			continue;
		if (best == NULL || s.st_mtime > st->st_mtime ||
		    (s.st_mtime == st->st_mtime && strcmp(paths[i], best) > 0)) {
			best = paths[i];
			*st = s;
		}
	}
	return best;
}

/* How to make a dump that names its database. */
static const char *
backup_how_to_name(enum db_engine e)
{
	if (e == DB_POSTGRESQL)
		return _("a plain pg_dump names its database only when made "
		    "with --create (the db_dump action does so); a custom-"
		    "format archive (pg_dump --format=custom) always does");
	return _("mysqldump and mariadb-dump name the database in their "
	    "header when it is the one they dump; --databases NAME also "
	    "writes CREATE DATABASE and USE for it");
}

/* Judge a file once it is read: NULL if it is a complete dump of the
 * database, else why not. */
static char *
backup_judge(const struct db_settings *set, const struct dumpfile_info *fi)
{
	struct buf b = BUF_INIT;
	int pg = set->engine == DB_POSTGRESQL;
	char *ex, *s;
	size_t i;

	if (fi->problem != NULL)
		return xstrdup(fi->problem);
	if (fi->format == DUMPFILE_UNKNOWN) {
		if (fi->binary || fi->first_line == NULL)
			return xstrdup(_("it is not a dump this program "
			    "recognises (it starts with binary data)"));
		ex = kind_excerpt(fi->first_line, strlen(fi->first_line));
		s = xprintf(_("it is not a dump this program recognises "
		    "(pg_dump, pg_dumpall, mysqldump, mariadb-dump, gzip'd or "
		    "not); its first line is: %s"), ex);
		free(ex);
		return s;
	}
	if (dumpfile_is_postgresql(fi->format) != pg)
		return xprintf(pg ? _("it is a MySQL or MariaDB dump, and the "
		    "database %s is on PostgreSQL") : _("it is a PostgreSQL "
		    "dump, and the database %s is on MySQL or MariaDB"),
		    set->database);
	if (fi->nnames == 0)
		return xprintf(_("the dump does not name its database, so it "
		    "cannot be told to be of %s: %s"), set->database,
		    backup_how_to_name(set->engine));
	if (!dumpfile_names(fi, set->database)) {
		for (i = 0; i < fi->nnames; i++) {
			if (i > 0)
				buf_adds(&b, ", ");
			buf_adds(&b, fi->names[i]);
		}
		s = xprintf(P_("it is a dump of %s, not of %s",
		    "it is a dump of the databases %s, none of them %s",
		    fi->nnames), buf_str(&b), set->database);
		buf_free(&b);
		return s;
	}
	if (fi->complete == 0)
		return xprintf(_("the dump is cut short: the line \"%s\" that "
		    "ends a complete one is missing"),
		    dumpfile_trailer(fi->format));
	return NULL;
}

static char *
backup_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	const char *name = params_str(step->with, "database");
	const struct db_settings *set;
	struct backup_fresh fr;
	struct buf b = BUF_INIT;
	char *pattern = NULL, *fresh, *why = NULL, *base;

	if (params_str(step->with, "path") != NULL &&
	    (pattern = kind_expand(ctx, params_str(step->with, "path"),
	    cause)) == NULL)
		return NULL;
	if (params_str(step->with, "max_age") == NULL &&
	    ctx->session_start <= 0)
		fresh = xstrdup(_("after the session started"));
	else if (backup_fresh(step, ctx, &fr, cause) == 0)
		fresh = backup_fresh_text(&fr);
	else {
		free(pattern);
		return NULL;
	}
	if ((set = kind_db_settings(ctx, step, NULL, &why)) == NULL ||
	    set->engine == DB_NONE) {
		if (why == NULL)
			why = xprintf(_("the settings of the database %s name "
			    "no database engine"), name);
		buf_printf(&b, _("Look for a dump of the database %s.\n"),
		    name);
		buf_printf(&b, _("It cannot run as things are now: %s\n"), why);
		goto out;
	}
	if (!db_engine_connects(set->engine)) {
		buf_printf(&b, _("This program cannot read %s backups: you "
		    "will be shown a query that lists the server's record of "
		    "its backups of %s, to run and report on. The backup "
		    "must have been made %s.\n"), db_engine_name(set->engine),
		    name, fresh);
		goto out;
	}
	if (pattern != NULL)
		buf_printf(&b, _("Look at the newest file matching %s.\n"),
		    pattern);
	else {
		base = dumpfile_name(name, 0, 1);
		buf_printf(&b, _("Look at the newest dump the wizard made of "
		    "%s in %s (named like %s).\n"), name, ctx->dump_dir !=
		    NULL ? ctx->dump_dir : "-", base);
		free(base);
	}
	buf_printf(&b, set->engine == DB_POSTGRESQL ?
	    _("It passes if the file is not empty, is a complete PostgreSQL "
	    "dump (pg_dump plain made with --create, pg_dump custom format or "
	    "pg_dumpall; gzip'd or not) naming the database %s, and was "
	    "modified %s.\n") :
	    _("It passes if the file is not empty, is a complete mysqldump or "
	    "mariadb-dump dump (gzip'd or not) naming the database %s, and "
	    "was modified %s.\n"), set->database, fresh);
	buf_adds(&b, _("The file alone is read: the database server is not "
	    "contacted, so this works while it is down.\n"));
out:
	free(fresh);
	free(why);
	free(pattern);
	return buf_steal(&b);
}

static int
backup_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	const char *name = params_str(step->with, "database"), *file;
	const struct db_settings *set;
	struct dumpfile_io io = { ctx->cancel, ctx->tick, ctx->arg };
	struct dumpfile_info fi;
	struct backup_fresh fr;
	struct stat st;
	struct buf ev = BUF_INIT;
	char *pattern = NULL, *cause = NULL, **paths = NULL, *s, *t, *fail = NULL;
	long long age_ms;
	size_t n = 0;

	memset(&fi, 0, sizeof fi);
	if ((set = kind_db_settings(ctx, step, NULL, &cause)) == NULL ||
	    backup_fresh(step, ctx, &fr, &cause) == -1)
		goto error;
	if (set->engine == DB_NONE) {
		cause = xprintf(_("could not run: the settings of the "
		    "database %s name no database engine"), name);
		goto error;
	}
	if (!db_engine_connects(set->engine)) {
		backup_ask_operator(r, set, name, &fr);
		goto out;
	}
	if (set->database == NULL || *set->database == '\0') {
		cause = xprintf(_("could not run: the settings of the "
		    "database %s name no database"), name);
		goto error;
	}
	if (params_str(step->with, "path") != NULL &&
	    (pattern = kind_expand(ctx, params_str(step->with, "path"),
	    &cause)) == NULL)
		goto error;
	if ((paths = backup_candidates(ctx, pattern, name, &n,
	    &cause)) == NULL)
		goto error;
	if ((file = backup_newest(paths, n, &st)) == NULL) {
		if (pattern != NULL && n == 0)
			result_set(r, STATUS_FAIL, _("nothing matches %s"),
			    pattern);
		else if (pattern != NULL)
			result_set(r, STATUS_FAIL, P_("%zu path matches %s, "
			    "and it is not a file", "%zu paths match %s, and "
			    "none is a file", n), n, pattern);
		else
			result_set(r, STATUS_FAIL, _("the wizard has made no "
			    "dump of %s in %s: run the db_dump step first, or "
			    "give the path of a dump made another way"), name,
			    ctx->dump_dir);
		goto out;
	}

	buf_printf(&ev, _("file: %s\n"), file);
	if (n > 1)
		buf_printf(&ev, P_("(the newest of %zu file)\n",
		    "(the newest of %zu files)\n", n), n);
	s = kind_size_text((unsigned long long)st.st_size);
	buf_printf(&ev, _("size: %s\n"), s);
	free(s);
	age_ms = ((long long)time(NULL) - (long long)st.st_mtime) * 1000;
	s = backup_time_text(st.st_mtime);
	t = util_duration_text(age_ms < 0 ? -age_ms : age_ms);
	if (age_ms < 0)
		buf_printf(&ev, _("modified: %s, %s in the future (is a clock "
		    "wrong?)\n"), s, t);
	else if (age_ms == 0)
		buf_printf(&ev, _("modified: %s, within the last second\n"),
		    s);
	else
		buf_printf(&ev, _("modified: %s, %s ago\n"), s, t);
	free(s);
	free(t);

	if (st.st_size == 0) {
		fail = xstrdup(_("the file is empty"));
		goto judged;
	}
	if ((fr.max_age_ms >= 0 && age_ms > fr.max_age_ms) ||
	    (fr.max_age_ms < 0 && st.st_mtime < fr.since)) {
		s = backup_fresh_text(&fr);
		fail = xprintf(_("the file is too old: it must have been "
		    "modified %s"), s);
		free(s);
		goto judged;
	}
	if (dumpfile_inspect(file, &io, &fi, &cause) == -1) {
		if (ctx->cancel != NULL && *ctx->cancel) {
			result_set(r, STATUS_CANCELLED, "%s", cause);
			free(cause);
			goto out;
		}
		goto error;
	}
	s = dumpfile_format_text(&fi);
	buf_printf(&ev, _("format: %s\n"), s);
	free(s);
	if (fi.tool != NULL)
		buf_printf(&ev, _("made by: %s\n"), fi.tool);
	if (fi.nnames > 0 && dumpfile_names(&fi, set->database))
		buf_printf(&ev, _("database named: %s\n"), set->database);
	if (fi.complete == 1)
		buf_printf(&ev, _("complete: it ends with \"%s\"\n"),
		    dumpfile_trailer(fi.format));
	else if (fi.complete == -1 && fi.problem == NULL)
		buf_adds(&ev, _("complete: not known; pg_restore read its "
		    "table of contents, the data was not read\n"));
	buf_printf(&ev, _("SHA-256: %s\n"), fi.sha256);
	fail = backup_judge(set, &fi);

judged:
	if (fail != NULL) {
		buf_adds(&ev, fail);
		result_set(r, STATUS_FAIL, "%s", buf_str(&ev));
	} else {
		s = backup_fresh_text(&fr);
		buf_printf(&ev, _("a complete dump of %s, modified %s"),
		    set->database, s);
		free(s);
		result_set(r, STATUS_PASS, "%s", buf_str(&ev));
	}
	free(fail);
	goto out;

error:
	result_set(r, STATUS_ERROR, "%s", cause);
	free(cause);
out:
	buf_free(&ev);
	dumpfile_info_clear(&fi);
	kind_free_list(paths, n);
	free(pattern);
	return 0;
}

const struct kind kind_db_backup_present = {
	.name = "db_backup_present",
	.step_kind = STEP_CHECK,
	.summary = N_("a fresh, complete dump of a database is on disk"),
	.params = backup_params,
	.validate = NULL,
	.describe = backup_describe,
	.run = backup_run
};
