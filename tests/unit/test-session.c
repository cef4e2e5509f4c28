/* test-session.c: sessions in their state folder: the folder and its modes,
 * the state the events give, replay against the live state, the snapshot,
 * recovery of a torn journal, the lock, and 10,000 steps. */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "testutil.h"

#include "journal.h"
#include "session.h"
#include "util.h"
#include "ynode.h"

#define NASTY	"tab\there\nnew line\r100% \"q\" 'a': #x - caf\xc3\xa9 \xe2\x9c\x93"

static uint32_t
crc32_ref(const char *s, size_t len)
{
	uint32_t crc = 0xffffffff;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= (unsigned char)s[i];
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

/* Add a journal line in the documented format to fp. */
static void
put_line(FILE *fp, const char *body)
{
	fprintf(fp, "%s\t#%08lx\n", body,
	    (unsigned long)crc32_ref(body, strlen(body)));
}

static char *
read_all(const char *path, size_t *len)
{
	char *cause = NULL, *text = util_read_file(path, len, &cause);

	assert_null(cause);
	assert_non_null(text);
	return text;
}

static mode_t
mode_of(const char *dir, const char *name)
{
	char *path = util_path_join(dir, name);
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	free(path);
	return st.st_mode & 0777;
}

static char *
state_dir(const char *tmp)
{
	return util_path_join(tmp, "state/example");
}

static struct session *
open_ok(const char *dir)
{
	char *cause = NULL;
	struct session *s;

	s = session_open(dir, "example", "/x/example.yaml", "0123abcd",
	    &cause);
	if (s == NULL)
		fail_msg("session_open: %s", cause);
	return s;
}

static void
record_ok(struct session *s, const char *event, const struct jfield *f,
    size_t n)
{
	char *cause = NULL;

	if (session_record(s, event, f, n, &cause) != 0)
		fail_msg("session_record %s: %s", event, cause);
}

#define RECORD(s, event, ...) do {					\
	const struct jfield f_[] = { __VA_ARGS__ };			\
	record_ok(s, event, f_, sizeof f_ / sizeof f_[0]);		\
} while (0)

/* Every kind of event, once or more. */
static void
record_all(struct session *s)
{
	RECORD(s, "var", { "name", "OLD_HOME" }, { "value", "/opt/a" },
	    { "source", "prompt" });
	RECORD(s, "var", { "name", "OLD_HOME" }, { "value", "/opt/b" },
	    { "source", "answers" });
	RECORD(s, "var", { "name", "NOTE" }, { "value", NASTY });
	RECORD(s, "answer", { "question", "vault" }, { "value", "yes" });
	RECORD(s, "step-start", { "step", "a1" }, { "log", "/l/1.log" });
	RECORD(s, "step-result", { "step", "a1" }, { "status", "failed" },
	    { "reason", "exit status 2" }, { "exit", "2" },
	    { "duration_ms", "1500" });
	RECORD(s, "step-start", { "step", "a1" }, { "log", "/l/2.log" });
	RECORD(s, "backup", { "step", "a1" }, { "original", "/opt/b/x.toml" },
	    { "saved", "/s/backup/x.toml" }, { "mode", "0644" },
	    { "moved", "1" });
	RECORD(s, "step-result", { "step", "a1" }, { "status", "done" },
	    { "exit", "0" }, { "duration_ms", "20" }, { "signal", NULL });
	RECORD(s, "step-start", { "step", "c1" });
	RECORD(s, "step-result", { "step", "c1" }, { "status", "fail" },
	    { "evidence", NASTY });
	RECORD(s, "waive", { "step", "c1" }, { "reason", "known issue" },
	    { "source", "prompt" });
	RECORD(s, "step-start", { "step", "c2" });
	RECORD(s, "step-result", { "step", "c2" }, { "status", "pass" });
	RECORD(s, "drift", { "step", "c2" }, { "evidence", "port 9443 open" });
	RECORD(s, "ack", { "step", "m1" }, { "note", NASTY },
	    { "source", "answers" });
	RECORD(s, "not-applicable", { "step", "m2" }, { "reason", "no vault" });
	RECORD(s, "step-start", { "step", "k1" });
	RECORD(s, "step-result", { "step", "k1" }, { "status", "timeout?" });
	RECORD(s, "step-start", { "step", "t1" });
	RECORD(s, "step-result", { "step", "t1" }, { "status", "error" },
	    { "signal", "9" }, { "timed_out", "1" });
	RECORD(s, "stage-complete", { "stage", "prepare" });
	RECORD(s, "stage-complete", { "stage", "prepare" });
	RECORD(s, "some-later-event", { "step", "a1" });
	RECORD(s, "step-start", { "step", "r1" });
}

/* A training session says so, with its sandbox and fault, live and
 * replayed; an empty fault is none. */
static void
test_training_event(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	struct session *s, *r;

	(void)state;
	s = open_ok(dir);
	assert_int_equal(s->training, 0);
	RECORD(s, "training", { "sandbox", "/t/sandbox" }, { "fault", "" });
	assert_int_equal(s->training, 1);
	assert_string_equal(s->training_sandbox, "/t/sandbox");
	assert_null(s->training_fault);
	RECORD(s, "training", { "sandbox", "/t/sandbox" },
	    { "fault", "merge-fails" });
	assert_int_equal(session_snapshot(s, &cause), 0);
	r = session_load(dir, &cause);
	assert_non_null(r);
	assert_int_equal(r->training, 1);
	assert_string_equal(r->training_sandbox, "/t/sandbox");
	assert_string_equal(r->training_fault, "merge-fails");
	session_close(r);
	session_close(s);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* A database's query timeout is recorded with its settings, replayed and
 * put in the snapshot; none given, none recorded; a value out of range in
 * a journal is the default. */
static void
test_db_query_timeout(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	char *snap, *text;
	struct db_settings set;
	struct session *s, *r;

	(void)state;
	s = open_ok(dir);
	memset(&set, 0, sizeof set);
	set.engine = DB_MARIADB;
	set.database = (char *)"am";
	set.query_timeout_s = 45;
	assert_int_equal(session_record_db(s, "apimgt", &set, &cause), 0);
	set.query_timeout_s = 0;
	assert_int_equal(session_record_db(s, "stats", &set, &cause), 0);
	RECORD(s, "db", { "name", "odd" }, { "engine", "mariadb" },
	    { "database", "x" }, { "query_timeout", "86401" });
	assert_int_equal(session_db(s, "apimgt")->set.query_timeout_s, 45);
	assert_int_equal(session_snapshot(s, &cause), 0);
	r = session_load(dir, &cause);
	assert_non_null(r);
	assert_int_equal(session_db(r, "apimgt")->set.query_timeout_s, 45);
	assert_int_equal(session_db(r, "stats")->set.query_timeout_s, 0);
	assert_int_equal(session_db(r, "odd")->set.query_timeout_s, 0);
	snap = util_path_join(dir, "session.yaml");
	text = util_read_file(snap, NULL, &cause);
	assert_non_null(text);
	assert_non_null(strstr(text, "query_timeout: 45"));
	assert_null(strstr(text, "query_timeout: 0"));
	free(text);
	free(snap);
	session_close(r);
	session_close(s);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* What record_all leaves, checked on a live or a replayed session. */
static void
check_all(const struct session *s)
{
	const struct step_state *st;

	assert_string_equal(session_var(s, "OLD_HOME"), "/opt/b");
	assert_string_equal(s->vars[0].source, "answers");
	assert_string_equal(session_var(s, "NOTE"), NASTY);
	assert_null(s->vars[1].source);
	assert_int_equal(s->nvars, 2);
	assert_string_equal(session_answer(s, "vault"), "yes");
	assert_null(session_answer(s, "OLD_HOME"));
	assert_null(session_var(s, "vault"));

	st = session_step(s, "a1");
	assert_non_null(st);
	assert_int_equal(st->status, STATUS_DONE);
	assert_int_equal(st->attempts, 2);
	assert_int_equal(st->exit_code, 0);
	assert_int_equal(st->duration_ms, 20);
	assert_string_equal(st->log, "/l/2.log");
	assert_null(st->reason);
	assert_string_equal(st->by, util_user());
	assert_non_null(st->at);

	st = session_step(s, "c1");
	assert_int_equal(st->status, STATUS_FAIL);
	assert_string_equal(st->evidence, NASTY);
	assert_int_equal(st->exit_code, -1);
	assert_int_equal(st->waived, 1);
	assert_string_equal(st->waive_reason, "known issue");
	assert_string_equal(st->waived_by, util_user());
	assert_non_null(st->waived_at);

	st = session_step(s, "c2");
	assert_int_equal(st->status, STATUS_PASS);
	assert_int_equal(st->drift, 1);
	assert_string_equal(st->drift_evidence, "port 9443 open");

	st = session_step(s, "m1");
	assert_int_equal(st->status, STATUS_ACKNOWLEDGED);
	assert_int_equal(st->attempts, 0);
	assert_string_equal(st->note, NASTY);
	assert_string_equal(st->source, "answers");

	st = session_step(s, "m2");
	assert_int_equal(st->status, STATUS_NOT_APPLICABLE);
	assert_string_equal(st->reason, "no vault");
	assert_null(st->source);

	st = session_step(s, "k1");
	assert_int_equal(st->status, STATUS_ERROR);
	assert_string_equal(st->reason,
	    "the journal gives an unknown status 'timeout?'");

	st = session_step(s, "t1");
	assert_int_equal(st->signal, 9);
	assert_int_equal(st->timed_out, 1);

	assert_int_equal(s->nbackups, 1);
	assert_string_equal(s->backups[0].step, "a1");
	assert_string_equal(s->backups[0].original, "/opt/b/x.toml");
	assert_string_equal(s->backups[0].saved, "/s/backup/x.toml");
	assert_string_equal(s->backups[0].mode, "0644");
	assert_int_equal(s->backups[0].moved, 1);

	assert_int_equal(s->nstages_done, 1);
	assert_true(session_stage_done(s, "prepare"));
	assert_false(session_stage_done(s, "migrate"));
	assert_null(session_step(s, "nothing"));
}

static void
test_dir(void **state)
{
	char *old_xdg = getenv("XDG_STATE_HOME"), *old_home = getenv("HOME");
	char *d;

	old_xdg = old_xdg != NULL ? strdup(old_xdg) : NULL;
	old_home = old_home != NULL ? strdup(old_home) : NULL;

	d = session_dir("/given/dir", "g1");
	assert_string_equal(d, "/given/dir/g1");
	free(d);
	d = session_state_base("/given/dir/");
	assert_string_equal(d, "/given/dir/");
	free(d);
	setenv("XDG_STATE_HOME", "/xdg", 1);
	setenv("HOME", "/home/ann", 1);
	d = session_dir(NULL, "g1");
	assert_string_equal(d, "/xdg/wso2-upgrade-wizard/g1");
	free(d);
	setenv("XDG_STATE_HOME", "relative", 1);
	d = session_dir(NULL, "g1");
	assert_string_equal(d, "/home/ann/.local/state/wso2-upgrade-wizard/g1");
	free(d);
	unsetenv("XDG_STATE_HOME");
	d = session_dir("", "g2");
	assert_string_equal(d, "/home/ann/.local/state/wso2-upgrade-wizard/g2");
	free(d);

	if (old_xdg != NULL)
		setenv("XDG_STATE_HOME", old_xdg, 1);
	if (old_home != NULL)
		setenv("HOME", old_home, 1);
	else
		unsetenv("HOME");
	free(old_xdg);
	free(old_home);
}

static void
test_new_session(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *jpath, *cause = NULL;
	struct session *s;
	struct jevent *ev;
	size_t n;
	char *what;

	assert_false(session_exists(dir));
	s = open_ok(dir);
	assert_true(session_exists(dir));
	assert_string_equal(s->dir, dir);
	assert_string_equal(s->guide_id, "example");
	assert_string_equal(s->checklist, "/x/example.yaml");
	assert_string_equal(s->guide_hash, "0123abcd");
	assert_string_equal(s->started_by, util_user());
	assert_string_equal(s->started, s->updated);
	assert_int_equal(s->last_seq, 1);
	assert_int_equal(s->nevents, 1);
	assert_null(s->torn);
	assert_int_equal(s->takeovers, 0);

	assert_int_equal(mode_of(dir, "."), 0700);
	assert_int_equal(mode_of(dir, "logs"), 0700);
	assert_int_equal(mode_of(dir, "backup"), 0700);
	assert_int_equal(mode_of(dir, "journal"), 0600);
	assert_int_equal(mode_of(dir, "lock"), 0600);
	assert_int_equal(mode_of(dir, "session.yaml"), 0600);
	assert_int_equal(session_snapshot_check(s, &what), 0);
	assert_null(what);

	jpath = util_path_join(dir, "journal");
	assert_int_equal(journal_read(jpath, &ev, &n, NULL, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].event, "session-start");
	assert_string_equal(jevent_get(&ev[0], "guide"), "example");
	assert_string_equal(jevent_get(&ev[0], "checklist"),
	    "/x/example.yaml");
	assert_string_equal(jevent_get(&ev[0], "hash"), "0123abcd");
	journal_events_free(ev, n);
	session_close(s);
	session_close(NULL);

	/* Another guide's session is not taken for this one. */
	assert_null(session_open(dir, "other", "/x/other.yaml", "1", &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "holds a session of the guide example, "
	    "not other"));
	free(cause);

	free(jpath);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

/* The state from the events, live and replayed, is the same. */
static void
test_record_replay(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	char *what, *jpath;
	struct session *s, *r;
	const struct step_state *st;
	struct jevent *ev;
	size_t n;

	s = open_ok(dir);
	record_all(s);
	check_all(s);
	st = session_step(s, "r1");
	assert_int_equal(st->status, STATUS_RUNNING);
	assert_int_equal(s->last_seq, 26);
	assert_int_equal(s->nevents, 26);
	assert_int_equal(st->seq, 26);
	assert_int_equal(session_step(s, "a1")->seq, 10);	/* not 25 */

	/* The replay of the journal gives the same snapshot, to the byte. */
	assert_int_equal(session_snapshot(s, &cause), 0);
	r = session_load(dir, &cause);
	assert_non_null(r);
	check_all(r);
	assert_int_equal(r->last_seq, 26);
	assert_int_equal(session_snapshot_check(r, &what), 0);
	assert_null(what);
	assert_int_equal(session_record(r, "var", NULL, 0, &cause), -1);
	assert_non_null(strstr(cause, "opened only to be read"));
	free(cause);
	cause = NULL;
	session_close(r);
	session_close(s);

	/* Reopened: resumed; the step left running is the engine's to mark
	 * as interrupted. */
	s = open_ok(dir);
	check_all(s);
	st = session_step(s, "r1");
	assert_int_equal(st->status, STATUS_RUNNING);
	assert_int_equal(s->last_seq, 27);
	RECORD(s, "step-interrupted", { "step", "r1" });
	assert_int_equal(st->status, STATUS_INTERRUPTED);
	assert_int_equal(st->attempts, 1);
	assert_int_equal(st->seq, 28);
	jpath = util_path_join(dir, "journal");
	assert_int_equal(journal_read(jpath, &ev, &n, NULL, &cause), 0);
	assert_int_equal(n, 28);
	assert_string_equal(ev[26].event, "resume");
	assert_int_equal(atol(jevent_get(&ev[26], "pid")), (long)getpid());
	assert_string_equal(ev[27].event, "step-interrupted");
	assert_string_equal(jevent_get(&ev[27], "step"), "r1");
	journal_events_free(ev, n);
	assert_int_equal(session_snapshot_check(s, &what), 2);
	free(what);
	session_close(s);

	/* Nothing more to do on the next open but to resume. */
	s = open_ok(dir);
	assert_int_equal(s->last_seq, 29);
	session_close(s);

	free(jpath);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

/* The snapshot is rebuilt, the same, when missing or damaged. */
static void
test_snapshot_rebuilt(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	char *path, *before, *after, *what, *p;
	struct session *s, *r;
	size_t len, len2;

	s = open_ok(dir);
	record_all(s);
	session_close(s);
	path = util_path_join(dir, "session.yaml");
	before = read_all(path, &len);

	r = session_load(dir, &cause);
	assert_non_null(r);
	assert_int_equal(session_snapshot_check(r, &what), 0);

	/* Missing. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(session_snapshot_check(r, &what), 1);
	assert_non_null(strstr(what, "session.yaml is missing"));
	free(what);
	assert_int_equal(session_snapshot(r, &cause), 0);
	after = read_all(path, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	free(after);
	assert_int_equal(mode_of(dir, "session.yaml"), 0600);

	/* Not YAML. */
	test_write(path, "guide: [unclosed\n");
	assert_int_equal(session_snapshot_check(r, &what), 2);
	assert_non_null(strstr(what, "session.yaml is damaged: "));
	free(what);

	/* An older state. */
	after = strdup(before);
	p = strstr(after, "last_seq: 26\n");
	assert_non_null(p);
	p[11] = '5';
	test_write(path, after);
	assert_int_equal(session_snapshot_check(r, &what), 2);
	assert_non_null(strstr(what, "session.yaml is stale: it is at event "
	    "25, the journal at event 26"));
	free(what);

	/* Another guide. */
	strcpy(after, before);
	p = strstr(after, "guide: example\n");
	assert_non_null(p);
	memcpy(p + 7, "exampl3", 7);
	test_write(path, after);
	assert_int_equal(session_snapshot_check(r, &what), 2);
	assert_non_null(strstr(what, "it is about the guide exampl3, the "
	    "journal about example"));
	free(what);

	/* Edited by hand. */
	strcpy(after, before);
	p = strstr(after, "status: done\n");
	assert_non_null(p);
	memcpy(p + 8, "fail", 4);
	test_write(path, after);
	assert_int_equal(session_snapshot_check(r, &what), 2);
	assert_non_null(strstr(what, "does not match the journal"));
	free(what);
	free(after);
	session_close(r);

	/* session_open puts it right. */
	test_write(path, "{{{{\n");
	s = open_ok(dir);
	assert_int_equal(session_snapshot_check(s, &what), 0);
	assert_null(what);
	session_close(s);

	free(before);
	free(path);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

/* Every text is written so that it reads back the same. */
static void
test_snapshot_texts(void **state)
{
	static const char *const texts[] = {
		NASTY, "", "true", "no", "~", "null", "123", "-1.5", ".inf",
		"- item", "key: value", "# comment", "  leading", "trailing  ",
		"\"quoted\"", "'single'", "[a, b]", "{a: b}", "&anchor",
		"*alias", "!tag", "%percent", "@at", "`tick", "|", ">",
		"line1\nline2\n", "\r\n", "nel\xc2\x85x", "ls\xe2\x80\xa8x",
		"bom\xef\xbb\xbfx", "bell\a", "del\x7f", "a\\b",
		"\xe4\xb8\xad\xe6\x96\x87", "? q", "x #y", "- ", "...", "---"
	};
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL, *path;
	char name[16];
	struct ynode *root, *vars, *v;
	struct session *s;
	size_t i;

	s = open_ok(dir);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		snprintf(name, sizeof name, "V%zu", i);
		RECORD(s, "var", { "name", name }, { "value", texts[i] });
	}
	RECORD(s, "var", { "name", "BAD" }, { "value", "a\xff" "b\xc3" });
	assert_string_equal(session_var(s, "BAD"), "a\xff" "b\xc3");
	assert_int_equal(session_snapshot(s, &cause), 0);
	path = util_path_join(dir, "session.yaml");
	root = ynode_parse_file(path, &cause);
	if (root == NULL)
		fail_msg("%s", cause);
	vars = ynode_get(root, "variables");
	assert_non_null(vars);
	assert_int_equal(vars->n, sizeof texts / sizeof texts[0] + 1);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		v = vars->items[i];
		assert_string_equal(ynode_str(ynode_get(v, "value")), texts[i]);
	}
	/* Bytes that are not UTF-8 are shown as U+FFFD; the journal keeps
	 * them. */
	assert_string_equal(ynode_str(ynode_get(vars->items[i], "value")),
	    "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	snprintf(name, sizeof name, "%zu", i + 2);
	assert_string_equal(ynode_str(ynode_get(root, "last_seq")), name);
	ynode_free(root);
	session_close(s);

	s = session_load(dir, &cause);
	assert_non_null(s);
	assert_string_equal(session_var(s, "BAD"), "a\xff" "b\xc3");
	session_close(s);

	free(path);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

/* A journal whose last line was cut off by a crash: the load leaves it out,
 * the open sets it aside and records that. */
static void
test_torn(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	char *jpath, *tpath, *text;
	const char *partial = "4\t2026-01-01T00:00:00Z\tann\tack\tstep=m";
	struct session *s;
	struct jevent *ev;
	FILE *fp;
	size_t n, len;

	s = open_ok(dir);
	RECORD(s, "ack", { "step", "m0" });
	session_close(s);
	s = open_ok(dir);	/* resume: 3 events */
	session_close(s);
	jpath = util_path_join(dir, "journal");
	tpath = util_path_join(dir, "journal.torn");
	fp = fopen(jpath, "a");
	assert_non_null(fp);
	fputs(partial, fp);
	fclose(fp);

	s = session_load(dir, &cause);
	assert_non_null(s);
	assert_int_equal(s->last_seq, 3);
	assert_non_null(s->torn);
	assert_non_null(strstr(s->torn, "journal:4: the last line was cut off"));
	assert_int_equal(session_step(s, "m0")->status, STATUS_ACKNOWLEDGED);
	session_close(s);

	s = open_ok(dir);
	assert_non_null(s->torn);
	assert_non_null(strstr(s->torn, "bytes were moved to "));
	assert_non_null(strstr(s->torn, tpath));
	session_close(s);
	text = read_all(tpath, &len);
	assert_int_equal(len, strlen(partial) + 1);
	assert_memory_equal(text, partial, strlen(partial));
	free(text);

	assert_int_equal(journal_read(jpath, &ev, &n, NULL, &cause), 0);
	assert_int_equal(n, 5);
	assert_int_equal(ev[3].seq, 4);
	assert_string_equal(ev[3].event, "torn-line");
	assert_int_equal(atoi(jevent_get(&ev[3], "bytes")),
	    (int)strlen(partial));
	assert_string_equal(jevent_get(&ev[3], "saved"), tpath);
	assert_string_equal(ev[4].event, "resume");
	journal_events_free(ev, n);

	free(jpath);
	free(tpath);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

/* A damaged line in the middle stops the load and the open, naming it. */
static void
test_damaged(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	char *jpath, *text, *p, *want;
	struct session *s;
	size_t len;

	s = open_ok(dir);
	RECORD(s, "ack", { "step", "m0" }, { "note", "fine" });
	RECORD(s, "ack", { "step", "m1" });
	session_close(s);
	jpath = util_path_join(dir, "journal");
	text = read_all(jpath, &len);
	p = strstr(text, "note=fine");
	assert_non_null(p);
	p[5] = 'F';
	test_write(jpath, text);
	free(text);

	assert_int_equal(asprintf(&want, "%s:2: damaged journal line "
	    "(bad checksum)", jpath) > 0, 1);
	assert_null(session_load(dir, &cause));
	assert_string_equal(cause, want);
	free(cause);
	cause = NULL;
	assert_null(session_open(dir, "example", "/x", "1", &cause));
	assert_string_equal(cause, want);
	free(cause);
	free(want);

	/* None at all. */
	cause = NULL;
	errno = 0;
	free(jpath);
	jpath = util_path_join(tmp, "nothing");
	assert_null(session_load(jpath, &cause));
	assert_int_equal(errno, ENOENT);
	assert_non_null(cause);
	free(cause);

	free(jpath);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

/* A second wizard is refused naming the first; a crashed one is taken over
 * and that is recorded. */
static void
test_lock(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	char *lpath, *text, *msg, buf[4096];
	struct session *s;
	struct jevent *ev;
	ssize_t got;
	size_t n;
	int fds[2], status;
	pid_t pid, dead;

	s = open_ok(dir);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct session *s2;
		char *c = NULL;

		close(fds[0]);
		s2 = session_open(dir, "example", "/x", "1", &c);
		if (s2 != NULL || c == NULL)
			_exit(1);
		if (write(fds[1], c, strlen(c)) != (ssize_t)strlen(c))
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	got = read(fds[0], buf, sizeof buf - 1);
	assert_true(got > 0);
	buf[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(asprintf(&msg, "the session is held by %s on %s, "
	    "process %ld, since ", util_user(), util_host(),
	    (long)getpid()) > 0, 1);
	assert_non_null(strstr(buf, msg));
	free(msg);
	assert_int_equal(s->last_seq, 1);
	session_close(s);

	/* A lock file left by a process that is gone. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	dead = pid;
	lpath = util_path_join(dir, "lock");
	assert_int_equal(asprintf(&text, "pid %ld\nhost %s\nuser bob\n"
	    "since 2026-01-02T03:04:05Z\n", (long)dead, util_host()) > 0, 1);
	test_write(lpath, text);
	free(text);
	s = open_ok(dir);
	assert_int_equal(s->takeovers, 1);
	session_close(s);
	text = util_path_join(dir, "journal");
	assert_int_equal(journal_read(text, &ev, &n, NULL, &cause), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ev[1].event, "lock-takeover");
	assert_int_equal(atol(jevent_get(&ev[1], "pid")), (long)dead);
	assert_string_equal(jevent_get(&ev[1], "host"), util_host());
	assert_string_equal(jevent_get(&ev[1], "user"), "bob");
	assert_string_equal(jevent_get(&ev[1], "since"),
	    "2026-01-02T03:04:05Z");
	assert_string_equal(ev[2].event, "resume");
	journal_events_free(ev, n);
	free(text);

	free(lpath);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

static void
test_paths(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *p, *want;
	struct session *s;

	s = open_ok(dir);
	RECORD(s, "var", { "name", "A" }, { "value", "1" });
	p = session_log_path(s, "copy-conf");
	assert_int_equal(asprintf(&want, "%s/logs/000003-copy-conf.log", dir)
	    > 0, 1);
	assert_string_equal(p, want);
	free(want);
	free(p);
	p = session_backup_dir(s, "../x/y");
	assert_int_equal(asprintf(&want, "%s/backup/000003-_._x_y", dir) > 0,
	    1);
	assert_string_equal(p, want);
	free(want);
	free(p);
	session_close(s);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Look one step up many times; the seconds it took. */
static double
time_lookups(const struct session *s, const char *id, int times)
{
	struct timespec t0;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < times; i++)
		assert_non_null(session_step(s, id));
	return seconds_since(&t0);
}

/* The steps' index and the guide's hash share one FNV-1a (util.c): the
 * published test vectors, as a number and as text, bytes after a NUL
 * included. */
static void
test_hash(void **state)
{
	char *hex;

	assert_true(util_hash64("", 0) == 0xcbf29ce484222325ULL);
	assert_true(util_hash64("a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(util_hash64("foobar", 6) == 0x85944171f73967e8ULL);
	assert_true(util_hash64("a\0b", 3) == 0xe5d29919042666b2ULL);
	hex = util_hash_hex("foobar", 6);
	assert_string_equal(hex, "85944171f73967e8");
	free(hex);
	hex = util_hash_hex("", 0);
	assert_string_equal(hex, "cbf29ce484222325");
	free(hex);
}

/* The tests' helper removes what a read-only copy holds (as make check by
 * someone who is not root needs), and a link, not what it points to. */
static void
test_rmtree_read_only(void **state)
{
	char *tmp = test_tmpdir(), *other = test_tmpdir(), *keep, *ro, *deep;
	char *file, *shut, *link;
	struct stat st;

	keep = util_path_join(other, "keep");
	test_write(keep, "kept\n");
	ro = util_path_join(tmp, "ro");
	deep = util_path_join(ro, "deep");
	shut = util_path_join(ro, "shut");
	assert_int_equal(mkdir(ro, 0700), 0);
	assert_int_equal(mkdir(deep, 0700), 0);
	assert_int_equal(mkdir(shut, 0700), 0);
	file = util_path_join(deep, "f");
	test_write(file, "x\n");
	assert_int_equal(chmod(file, 0444), 0);
	free(file);
	file = util_path_join(shut, "g");
	test_write(file, "y\n");
	link = util_path_join(ro, "link");
	assert_int_equal(symlink(other, link), 0);
	assert_int_equal(chmod(deep, 0555), 0);
	assert_int_equal(chmod(shut, 0), 0);
	assert_int_equal(chmod(ro, 0555), 0);

	test_rmtree(tmp);
	assert_int_equal(lstat(tmp, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(stat(keep, &st), 0);
	test_rmtree(tmp);	/* gone already: no error */
	test_rmtree(other);
	assert_int_equal(lstat(other, &st), -1);

	free(link);
	free(file);
	free(shut);
	free(deep);
	free(ro);
	free(keep);
	free(other);
	free(tmp);
}

/* How many times slower than natively the tests run: TEST_TIME_FACTOR
 * (tests/sanitize.sh sets it under valgrind), 1 when unset. */
static double
time_factor(void)
{
	const char *v = getenv("TEST_TIME_FACTOR");
	double f = v != NULL ? atof(v) : 1;

	return f >= 1 ? f : 1;
}

/* 10,000 steps: replayed, looked up and written quickly. */
static void
test_many_steps(void **state)
{
	char *tmp = test_tmpdir(), *dir = state_dir(tmp), *cause = NULL;
	char *jpath, body[256], id[32], *what;
	const struct step_state *st;
	struct session *s;
	struct timespec t0;
	double first, last;
	FILE *fp;
	int i, seq = 1;

	assert_int_equal(util_mkdir_p(dir, 0700, &cause), 0);
	jpath = util_path_join(dir, "journal");
	fp = fopen(jpath, "w");
	assert_non_null(fp);
	put_line(fp, "1\t2026-01-01T00:00:00Z\tann\tsession-start\t"
	    "guide=example\tchecklist=/x\thash=1");
	for (i = 0; i < 10000; i++) {
		snprintf(body, sizeof body, "%d\t2026-01-01T00:00:01Z\tann\t"
		    "step-start\tstep=step-%05d", ++seq, i);
		put_line(fp, body);
		snprintf(body, sizeof body, "%d\t2026-01-01T00:00:02Z\tann\t"
		    "step-result\tstep=step-%05d\tstatus=%s\texit=%d", ++seq, i,
		    i % 2 == 0 ? "pass" : "fail", i);
		put_line(fp, body);
	}
	assert_int_equal(fclose(fp), 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	s = open_ok(dir);
	assert_int_equal(s->nsteps, 10000);
	assert_int_equal(s->last_seq, 20002);	/* and a resume */
	for (i = 9999; i >= 0; i--) {
		snprintf(id, sizeof id, "step-%05d", i);
		st = session_step(s, id);
		assert_non_null(st);
		assert_string_equal(st->id, id);
		assert_int_equal(st->status, i % 2 == 0 ? STATUS_PASS :
		    STATUS_FAIL);
		assert_int_equal(st->exit_code, i);
		assert_int_equal(st->seq, (unsigned long)(2 * i + 3));
	}
	assert_null(session_step(s, "step-10000"));
	assert_int_equal(session_snapshot_check(s, &what), 0);

	/* The last step is found as fast as the first: a search through the
	 * list would take thousands of times longer. */
	first = time_lookups(s, "step-00000", 100000);
	last = time_lookups(s, "step-09999", 100000);
	if (last > 10 * first + 0.05)
		fail_msg("looking up the last step took %.3f s, the first "
		    "%.3f s", last, first);
	session_close(s);
	if (seconds_since(&t0) > 60 * time_factor())
		fail_msg("10,000 steps took %.1f s", seconds_since(&t0));

	free(jpath);
	free(dir);
	test_rmtree(tmp);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_new_session),
		cmocka_unit_test(test_record_replay),
		cmocka_unit_test(test_training_event),
		cmocka_unit_test(test_db_query_timeout),
		cmocka_unit_test(test_snapshot_rebuilt),
		cmocka_unit_test(test_snapshot_texts),
		cmocka_unit_test(test_torn),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_many_steps),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_rmtree_read_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
