/* test-report.c: the report of a session built from events recorded here:
 * untrusted names escaped in HTML and markdown, the YAML parsed back,
 * TRAINING on every text page, the tail of a log read from its end. */
#include "config.h"

#include "testutil.h"

#include <locale.h>

#include "checklist.h"
#include "engine.h"
#include "report.h"
#include "session.h"
#include "text.h"
#include "ynode.h"

#define EVIL	"<script>alert(1)</script>"

static struct guide *
example(void)
{
	struct diags d = DIAGS_INIT;
	char *data = test_datadir(), *path;
	struct guide *g;

	path = util_path_join(data, "example.yaml");
	g = checklist_load(path, &d);
	if (g == NULL)
		diags_print(&d, stderr);
	assert_non_null(g);
	diags_free(&d);
	free(path);
	free(data);
	return g;
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

struct fixture {
	char		*tmp;
	char		*log;
	struct guide	*g;
	struct session	*s;
	struct engine	 e;
	struct report	*r;
};

/* A session of the example guide: a check passed with awkward evidence, the
 * migration run with a long log, a manual step acknowledged from an
 * answers file, a check failed, drifted and waived, a question answered, a
 * database whose name is a script, and the mark of a training session. */
static void
fixture_open(struct fixture *f, int training)
{
	struct db_settings set;
	struct buf b = BUF_INIT;
	char *dir, *cause = NULL;
	int i;

	memset(f, 0, sizeof *f);
	f->tmp = test_tmpdir();
	f->g = example();
	dir = util_path_join(f->tmp, "example");
	f->s = session_open(dir, "example", f->g->path, f->g->hash, &cause);
	if (f->s == NULL)
		fail_msg("session_open: %s", cause);
	free(dir);

	f->log = util_path_join(f->tmp, "migrate.log");
	for (i = 1; i <= 40; i++)
		buf_printf(&b, "table %d of 40 migrated\n", i);
	buf_adds(&b, "a bell \a and a tab\there, bytes \xff\xfe kept out\n");
	for (i = 0; i < 30; i++)
		buf_adds(&b, "wide-");
	buf_adds(&b, "\n```fence in the output\nlast line\n");
	test_write(f->log, buf_str(&b));
	buf_free(&b);

	if (training)
		RECORD(f->s, "training", { "sandbox", "/sandbox/x" },
		    { "fault", "port-busy" });
	RECORD(f->s, "var", { "name", "OLD_HOME" }, { "value", "/opt/app-1" },
	    { "source", "answers" });
	RECORD(f->s, "step-start", { "step", "old-home" },
	    { "command", "Look at the folder /opt/app-1." });
	RECORD(f->s, "step-result", { "step", "old-home" }, { "status", "pass" },
	    { "evidence", "found <b>\"all\"</b> & 'more'" },
	    { "duration_ms", "3" });
	RECORD(f->s, "step-start", { "step", "backup-present" });
	RECORD(f->s, "step-result", { "step", "backup-present" },
	    { "status", "fail" }, { "evidence", "nothing matches \x1b[31m" });
	RECORD(f->s, "drift", { "step", "backup-present" },
	    { "evidence", "the backup went away" });
	RECORD(f->s, "waive", { "step", "backup-present" },
	    { "reason", "kept by the storage team" }, { "source", "prompt" });
	RECORD(f->s, "ack", { "step", "db-backup" },
	    { "note", "dump *one* in <vault> [A]" }, { "source", "answers" });
	RECORD(f->s, "step-start", { "step", "migrate-data" },
	    { "log", f->log }, { "command", "Command: sh bin/migrate.sh\n"
	    "  Every table of the application database is copied to the "
	    "migrated schema, one after the other, and counted afterwards." });
	RECORD(f->s, "step-result", { "step", "migrate-data" },
	    { "status", "done" }, { "evidence", "exited with status 0" },
	    { "exit", "0" }, { "duration_ms", "1500" }, { "log", f->log });
	RECORD(f->s, "answer", { "question", "custom-theme" },
	    { "value", "no" }, { "source", "prompt" });
	memset(&set, 0, sizeof set);
	set.engine = DB_POSTGRESQL;
	set.host = "db.example";
	set.port = 5432;
	set.database = EVIL;
	set.user = "wso2";
	set.source = "answers";
	if (session_record_db(f->s, EVIL, &set, &cause) != 0)
		fail_msg("session_record_db: %s", cause);

	engine_init(&f->e, f->g, f->s, NULL);
	f->e.readonly = 1;
	f->r = report_new(&f->e);
}

static void
fixture_close(struct fixture *f)
{
	report_free(f->r);
	engine_clear(&f->e);
	session_close(f->s);
	checklist_free(f->g);
	test_rmtree(f->tmp);
	free(f->tmp);
	free(f->log);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

static char *
written(const struct report *r, enum report_format format)
{
	struct buf b = BUF_INIT;
	char *cause = NULL;

	if (report_write(r, format, &b, &cause) != 0)
		fail_msg("report_write: %s", cause);
	return buf_steal(&b);
}

static void
test_formats(void **state)
{
	(void)state;
	assert_int_equal(report_format_from_name(NULL), REPORT_TEXT);
	assert_int_equal(report_format_from_name("text"), REPORT_TEXT);
	assert_int_equal(report_format_from_name("markdown"), REPORT_MARKDOWN);
	assert_int_equal(report_format_from_name("md"), REPORT_MARKDOWN);
	assert_int_equal(report_format_from_name("html"), REPORT_HTML);
	assert_int_equal(report_format_from_name("yaml"), REPORT_YAML);
	assert_int_equal(report_format_from_name("pdf"), -1);
	assert_int_equal(report_format_from_name(""), -1);
}

static void
test_model(void **state)
{
	struct fixture f;
	const struct report_step *rs;
	size_t i;

	(void)state;
	fixture_open(&f, 0);
	assert_false(f.r->complete);
	assert_int_equal(f.r->nstages, 3);
	/* Stage 1: read-first, old-home, new-home, backup-present, ... */
	rs = &f.r->stages[0].steps[1];
	assert_string_equal(rs->id, "old-home");
	assert_int_equal(rs->status, STATUS_PASS);
	assert_true(rs->resolved);
	assert_string_equal(rs->command, "Look at the folder /opt/app-1.");
	rs = &f.r->stages[0].steps[3];
	assert_string_equal(rs->id, "backup-present");
	assert_int_equal(rs->status, STATUS_FAIL);
	assert_true(rs->resolved);	/* waived */
	/* Copy-theme: its question says no, so it is skipped. */
	rs = &f.r->stages[1].steps[4];
	assert_string_equal(rs->id, "copy-theme");
	assert_int_equal(rs->status, STATUS_SKIPPED);
	assert_true(rs->resolved);
	rs = &f.r->stages[1].steps[3];
	assert_int_equal(rs->status, STATUS_ANSWERED);
	assert_string_equal(rs->answer, "no");
	/* The log's last lines, cut and cleaned. */
	rs = &f.r->stages[1].steps[2];
	assert_string_equal(rs->id, "migrate-data");
	assert_int_equal(rs->ntail, REPORT_TAIL_LINES);
	assert_string_equal(rs->tail[rs->ntail - 1], "last line");
	assert_string_equal(rs->tail[0], "table 35 of 40 migrated");
	assert_string_equal(rs->tail[rs->ntail - 4],
	    "a bell ? and a tab here, bytes \xff\xfe kept out");
	assert_int_equal(text_width(rs->tail[rs->ntail - 3]),
	    REPORT_WIDTH - 8);
	/* What remains: every unresolved step, in order. */
	assert_true(f.r->nremaining > 0);
	assert_string_equal(f.r->remaining[0]->id, "new-home");
	for (i = 1; i < f.r->nremaining; i++)
		assert_true(f.r->remaining[i - 1]->step->index <
		    f.r->remaining[i]->step->index);
	fixture_close(&f);
}

static void
test_html(void **state)
{
	struct fixture f;
	char *html;

	(void)state;
	fixture_open(&f, 0);
	html = written(f.r, REPORT_HTML);
	assert_contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<SCRIPT"));
	assert_contains(html,
	    "found &lt;b&gt;&quot;all&quot;&lt;/b&gt; &amp; &#39;more&#39;");
	assert_contains(html, "dump *one* in &lt;vault&gt; [A]");
	assert_contains(html, "@media print");
	assert_null(strstr(html, "TRAINING"));
	assert_contains(html, "</html>\n");
	free(html);
	fixture_close(&f);
}

static void
test_markdown(void **state)
{
	struct fixture f;
	char *md;

	(void)state;
	fixture_open(&f, 0);
	md = written(f.r, REPORT_MARKDOWN);
	assert_contains(md, "dump \\*one\\* in \\<vault\\> \\[A\\]");
	assert_contains(md, "\\<script\\>alert(1)\\</script\\>");
	/* Every <script is escaped. */
	assert_int_equal(count(md, "<script"), count(md, "\\<script"));
	assert_int_equal(count(md, "<script"), 2);
	/* A run of three backticks in the output: the fence is longer. */
	assert_contains(md, "    ````\n");
	assert_contains(md, "    ```fence in the output\n");
	assert_contains(md, "- [x] 1\\.2 old-home");
	assert_null(strchr(md, '\x1b'));
	assert_contains(md, "- [ ] 1\\.3 new-home");
	free(md);
	fixture_close(&f);
}

static const struct ynode *
y_step(const struct ynode *root, size_t stage, size_t step)
{
	const struct ynode *stages = ynode_get(root, "stages"), *steps;

	assert_non_null(stages);
	assert_true(stage < stages->n);
	steps = ynode_get(stages->items[stage], "steps");
	assert_non_null(steps);
	assert_true(step < steps->n);
	return steps->items[step];
}

static void
test_yaml_report(void **state)
{
	struct fixture f;
	struct ynode *root;
	const struct ynode *n, *st;
	char *yaml, *cause = NULL;
	size_t i;

	(void)state;
	fixture_open(&f, 1);
	yaml = written(f.r, REPORT_YAML);
	root = ynode_parse(yaml, strlen(yaml), "report.yaml", &cause);
	if (root == NULL)
		fail_msg("%s", cause);
	assert_string_equal(ynode_str(ynode_get(root, "guide")), "example");
	assert_string_equal(ynode_str(ynode_get(root, "training")), "true");
	assert_string_equal(ynode_str(ynode_get(root, "sandbox")), "/sandbox/x");
	assert_string_equal(ynode_str(ynode_get(root, "fault")), "port-busy");
	assert_string_equal(ynode_str(ynode_get(root, "complete")), "false");
	n = ynode_get(root, "databases");
	assert_non_null(n);
	assert_int_equal(n->n, 1);
	assert_string_equal(ynode_str(ynode_get(n->items[0], "name")), EVIL);
	assert_string_equal(ynode_str(ynode_get(n->items[0], "database")),
	    EVIL);
	st = y_step(root, 0, 1);
	assert_string_equal(ynode_str(ynode_get(st, "id")), "old-home");
	assert_string_equal(ynode_str(ynode_get(st, "status")), "pass");
	assert_string_equal(ynode_str(ynode_get(st, "evidence")),
	    "found <b>\"all\"</b> & 'more'");
	st = y_step(root, 0, 3);
	assert_string_equal(ynode_str(ynode_get(st, "waive_reason")),
	    "kept by the storage team");
	assert_string_equal(ynode_str(ynode_get(st, "drift_evidence")),
	    "the backup went away");
	st = y_step(root, 0, 6);
	assert_string_equal(ynode_str(ynode_get(st, "note")),
	    "dump *one* in <vault> [A]");
	assert_string_equal(ynode_str(ynode_get(st, "source")), "answers");
	st = y_step(root, 1, 2);
	assert_string_equal(ynode_str(ynode_get(st, "exit")), "0");
	assert_string_equal(ynode_str(ynode_get(st, "duration_ms")), "1500");
	n = ynode_get(st, "log_tail");
	assert_non_null(n);
	assert_int_equal(n->n, REPORT_TAIL_LINES);
	assert_string_equal(ynode_str(n->items[n->n - 1]), "last line");
	/* Bytes that are not UTF-8 do not break the YAML. */
	assert_string_equal(ynode_str(n->items[n->n - 4]),
	    "a bell ? and a tab here, bytes ?? kept out");
	st = y_step(root, 1, 3);
	assert_string_equal(ynode_str(ynode_get(st, "answer")), "no");
	assert_true(ynode_get(st, "answer")->quoted);
	n = ynode_get(root, "remaining");
	assert_non_null(n);
	assert_int_equal(n->n, f.r->nremaining);
	for (i = 0; i < n->n; i++)
		assert_string_equal(ynode_str(ynode_get(n->items[i], "id")),
		    f.r->remaining[i]->id);
	ynode_free(root);
	free(yaml);
	fixture_close(&f);
}

/* Every page of the text starts with its header, holds TRAINING, is at
 * most REPORT_PAGE_LINES lines, and no line is wider than the page. */
static void
test_text_pages(void **state)
{
	struct fixture f;
	char *text, *page, *p, *nl, *line, header[128];
	size_t pages = 1, k, lines;

	(void)state;
	fixture_open(&f, 1);
	text = written(f.r, REPORT_TEXT);
	for (p = text; (p = strchr(p, '\f')) != NULL; p++)
		pages++;
	assert_true(pages >= 2);
	page = text;
	for (k = 1; k <= pages; k++) {
		snprintf(header, sizeof header,
		    "wso2-upgrade-wizard  guide example, page %zu of %zu, TRAINING\n",
		    k, pages);
		if (k > 1)
			assert_int_equal(*page++, '\f');
		assert_memory_equal(page, header, strlen(header));
		lines = 0;
		for (p = page; *p != '\0' && *p != '\f'; p = nl + 1) {
			nl = strchr(p, '\n');
			assert_non_null(nl);
			line = strndup(p, (size_t)(nl - p));
			if (text_width(line) > REPORT_WIDTH)
				fail_msg("a line wider than %d columns: %s",
				    REPORT_WIDTH, line);
			free(line);
			lines++;
		}
		assert_true(lines <= REPORT_PAGE_LINES);
		page = p;
	}
	assert_int_equal(*page, '\0');
	assert_contains(text, "*** TRAINING");
	/* A control character from the session reaches no printer. */
	assert_null(strchr(text, '\x1b'));
	assert_contains(text, "nothing matches ?[31m");
	assert_contains(text, "'port-busy' injected");
	assert_contains(text, "Performed by: ");
	/* Prose is wrapped at its words, under its own indent. */
	assert_contains(text, "        Command: sh bin/migrate.sh\n"
	    "          Every table of the application database is copied to the "
	    "migrated\n          schema, one after the other, and counted "
	    "afterwards.\n");
	free(text);
	fixture_close(&f);
}

static void
test_tail(void **state)
{
	char *tmp = test_tmpdir(), *path, **lines, *cause = NULL;
	struct buf b = BUF_INIT;
	size_t got, i;

	(void)state;
	path = util_path_join(tmp, "log");
	/* More than the part read from the end: its first line is cut. */
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "line %zu\n", i);
	buf_adds(&b, "last without newline");
	test_write(path, buf_str(&b));
	buf_free(&b);
	lines = report_tail(path, 3, 80, &got, &cause);
	assert_non_null(lines);
	assert_int_equal(got, 3);
	assert_string_equal(lines[0], "line 19998");
	assert_string_equal(lines[1], "line 19999");
	assert_string_equal(lines[2], "last without newline");
	for (i = 0; i < got; i++)
		free(lines[i]);
	free(lines);

	/* Exactly the size of the part read, and one byte more: the first
	 * read is full, the file's size decides where the tail starts. */
	for (i = 0; i < 65536 / 8; i++)
		buf_printf(&b, "%07zu\n", i);
	assert_int_equal(b.len, 65536);
	test_write(path, buf_str(&b));
	lines = report_tail(path, 10000, 80, &got, &cause);
	assert_non_null(lines);
	assert_int_equal(got, 8192);
	assert_string_equal(lines[0], "0000000");
	assert_string_equal(lines[8191], "0008191");
	for (i = 0; i < got; i++)
		free(lines[i]);
	free(lines);
	buf_adds(&b, "x");
	test_write(path, buf_str(&b));
	buf_free(&b);
	lines = report_tail(path, 10000, 80, &got, &cause);
	assert_non_null(lines);
	assert_int_equal(got, 8192);
	assert_string_equal(lines[0], "0000001");
	assert_string_equal(lines[8190], "0008191");
	assert_string_equal(lines[8191], "x");
	for (i = 0; i < got; i++)
		free(lines[i]);
	free(lines);

	test_write(path, "one\n\nthree\n");
	lines = report_tail(path, 10, 80, &got, &cause);
	assert_int_equal(got, 3);
	assert_string_equal(lines[0], "one");
	assert_string_equal(lines[1], "");
	assert_string_equal(lines[2], "three");
	for (i = 0; i < got; i++)
		free(lines[i]);
	free(lines);

	test_write(path, "");
	lines = report_tail(path, 10, 80, &got, &cause);
	assert_non_null(lines);
	assert_int_equal(got, 0);
	free(lines);

	/* Cut to the width, at a character. */
	test_write(path, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\r\n");
	lines = report_tail(path, 1, 3, &got, &cause);
	assert_int_equal(got, 1);
	assert_string_equal(lines[0], "\xc3\xa9\xc3\xa9\xc3\xa9");
	free(lines[0]);
	free(lines);

	unlink(path);
	assert_null(report_tail(path, 10, 80, &got, &cause));
	assert_int_equal(errno, ENOENT);
	assert_contains(cause, path);
	free(cause);
	free(path);
	test_rmtree(tmp);
	free(tmp);
}

/* Columns and cuts: runs of ASCII, other characters among them, and
 * widths too small for anything. */
static void
test_text_fit(void **state)
{
	const char *s = "abc\xc3\xa9\xe4\xb8\x80xyz";	/* abc, e acute, a
								 * wide CJK one, xyz */
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(text_width("hello world"), 11);
	assert_int_equal(text_width(s), 9);
	assert_int_equal(text_fit("hello world", 11, 5), 5);
	assert_int_equal(text_fit("hello world", 11, 80), 11);
	assert_int_equal(text_fit("hello", 5, 0), 1);
	assert_int_equal(text_fit("hello", 5, -3), 1);
	assert_int_equal(text_fit("", 0, 10), 0);
	assert_int_equal(text_fit(s, strlen(s), 3), 3);
	assert_int_equal(text_fit(s, strlen(s), 4), 5);
	/* The wide one does not fit in the fifth column alone. */
	assert_int_equal(text_fit(s, strlen(s), 5), 5);
	assert_int_equal(text_fit(s, strlen(s), 6), 8);
	assert_int_equal(text_fit(s, strlen(s), 7), 9);
	/* A control character takes no column; a bad byte takes one. */
	assert_int_equal(text_fit("a\x01" "bc", 4, 2), 3);
	assert_int_equal(text_fit("a\xff" "bc", 4, 2), 2);
	text_wrap(&b, "one two three four five six seven", 4, 20);
	assert_string_equal(buf_str(&b), "    one two three\n"
	    "    four five six\n    seven\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_yaml_report),
		cmocka_unit_test(test_text_pages),
		cmocka_unit_test(test_tail),
		cmocka_unit_test(test_text_fit),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
