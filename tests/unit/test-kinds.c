/* test-kinds.c: every check and action kind, run for real in a scratch
 * folder through kind_find(name)->run, with the placeholders, backups and
 * output a run context gives. */
#include "config.h"

#include "testutil.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <unistd.h>

#include "buf.h"
#include "kind.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

#define MAX_VARS	8
#define MAX_BACKUPS	16

struct saved {
	char	*original;
	char	*saved;
	mode_t	 mode;
	int	 moved;
	int	 present;	/* the original was still there when recorded */
};

struct fx {
	char			*dir;
	char			*backup;
	char			*log;
	struct run_ctx		 ctx;
	const char		*names[MAX_VARS];
	char			*values[MAX_VARS];
	size_t			 nvars;
	struct saved		 backups[MAX_BACKUPS];
	size_t			 nbackups;
	int			 fail_backup;	/* on_backup refuses */
	struct buf		 out;		/* output lines, one per line */
	size_t			 nlines;
	volatile sig_atomic_t	 cancel;
};

static const char *
fx_lookup(void *arg, const char *name)
{
	struct fx *f = arg;
	size_t i;

	if (strcmp(name, "DIR") == 0)
		return f->dir;
	for (i = 0; i < f->nvars; i++) {
		if (strcmp(f->names[i], name) == 0)
			return f->values[i];
	}
	return NULL;
}

/* Set a placeholder's value; "%D" in it stands for the scratch folder. */
static void
fx_set(struct fx *f, const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	const char *s;

	assert_true(f->nvars < MAX_VARS);
	for (s = value; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] == 'D') {
			buf_adds(&b, f->dir);
			s++;
		} else
			buf_addc(&b, *s);
	}
	f->names[f->nvars] = name;
	f->values[f->nvars++] = buf_steal(&b);
}

static int
fx_on_backup(void *arg, const char *original, const char *saved, mode_t mode,
    int moved, char **cause)
{
	struct fx *f = arg;
	struct saved *s;

	if (f->fail_backup) {
		*cause = xstrdup("the journal is full");
		return -1;
	}
	assert_true(f->nbackups < MAX_BACKUPS);
	s = &f->backups[f->nbackups++];
	s->present = access(original, F_OK) == 0;
	s->original = xstrdup(original);
	s->saved = xstrdup(saved);
	s->mode = mode;
	s->moved = moved;
	return 0;
}

static void
fx_on_output(void *arg, int stream, const char *line, size_t len)
{
	struct fx *f = arg;

	buf_add(&f->out, line, len);
	buf_addc(&f->out, '\n');
	f->nlines++;
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = test_tmpdir();
	f->backup = util_path_join(f->dir, "backup");
	f->log = util_path_join(f->dir, "step.log");
	f->ctx.lookup = fx_lookup;
	f->ctx.lookup_arg = f;
	f->ctx.log_path = f->log;
	f->ctx.backup_dir = f->backup;
	f->ctx.on_backup = fx_on_backup;
	f->ctx.on_output = fx_on_output;
	f->ctx.arg = f;
	f->ctx.cancel = &f->cancel;
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	size_t i;

	test_rmtree(f->dir);
	for (i = 0; i < f->nvars; i++)
		free(f->values[i]);
	for (i = 0; i < f->nbackups; i++) {
		free(f->backups[i].original);
		free(f->backups[i].saved);
	}
	buf_free(&f->out);
	free(f->dir);
	free(f->backup);
	free(f->log);
	free(f);
	return 0;
}

/* A path in the scratch folder; the caller frees it. */
static char *
fx_path(const struct fx *f, const char *name)
{
	return util_path_join(f->dir, name);
}

static void
fx_write(const struct fx *f, const char *name, const char *text)
{
	char *p = fx_path(f, name);

	test_write(p, text);
	free(p);
}

static void
fx_mkdir(const struct fx *f, const char *name)
{
	char *p = fx_path(f, name);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static int
fx_exists(const struct fx *f, const char *name)
{
	struct stat st;
	char *p = fx_path(f, name);
	int rc = lstat(p, &st) == 0;

	free(p);
	return rc;
}

/* A file's text; the caller frees it. */
static void
assert_file(const char *path, const char *text)
{
	char *s = test_read_text(path);

	assert_string_equal(s, text);
	free(s);
}

static void
assert_fx_file(const struct fx *f, const char *name, const char *text)
{
	char *p = fx_path(f, name);

	assert_file(p, text);
	free(p);
}

/* Run a kind with the parameters in yaml; the caller clears r. */
static enum status
fx_run(struct fx *f, const char *name, const char *yaml, struct result *r)
{
	const struct kind *k = kind_find(name);
	struct step step;

	assert_non_null(k);
	memset(&step, 0, sizeof step);
	step.id = (char *)"test-step";
	step.kind = k->step_kind;
	step.type = k;
	step.with = test_yaml(yaml);
	result_init(r);
	assert_int_equal(k->run(&step, &f->ctx, r), 0);
	ynode_free(step.with);
	if (getenv("TEST_VERBOSE") != NULL)
		print_message("# %s: %s\n#   evidence: %s\n#   reason: %s\n",
		    name, status_name(r->status),
		    r->evidence != NULL ? r->evidence : "-",
		    r->reason != NULL ? r->reason : "-");
	/* An error or failure always says why. */
	if (r->status == STATUS_ERROR || r->status == STATUS_FAILED)
		assert_non_null(r->reason);
	return r->status;
}

/* The preview; NULL with *cause. */
static char *
fx_describe(struct fx *f, const char *name, const char *yaml, char **cause)
{
	const struct kind *k = kind_find(name);
	struct step step;
	char *s;

	assert_non_null(k);
	memset(&step, 0, sizeof step);
	step.id = (char *)"test-step";
	step.kind = k->step_kind;
	step.type = k;
	step.with = test_yaml(yaml);
	s = k->describe(&step, &f->ctx, cause);
	ynode_free(step.with);
	return s;
}

/* Run the validate hook; the caller frees the diagnostics. */
static int
validate(const char *name, const char *yaml, struct diags *d)
{
	const struct kind *k = kind_find(name);
	struct ynode *with = test_yaml(yaml);
	int n;

	assert_non_null(k);
	assert_non_null(k->validate);
	n = k->validate(with, "test.yaml", d);
	assert_int_equal((size_t)n, d->n);
	ynode_free(with);
	return n;
}

/*
 * The table, statuses and results.
 */

static void
test_table(void **state)
{
	static const char *const checks[] = { "path_exists", "file_contains",
	    "command_output", "tcp_port", "disk_free", "product_home",
	    "db_column_length", "db_table_exists", "db_no_rows",
	    "db_server_version", "db_dcr_names", "db_backup_present", NULL };
	static const char *const actions[] = { "run", "server_run",
	    "server_stop", "copy", "move", "remove", "mkdir", "extract",
	    "toml_edit", "yaml_edit", "sql", "sql_script", "db_dump", NULL };
	size_t i, j, n = 0, want = 0;

	for (i = 0; kind_table[i] != NULL; i++) {
		const struct kind *k = kind_table[i];

		assert_non_null(k->summary);
		assert_non_null(k->params);
		assert_non_null(k->describe);
		assert_non_null(k->run);
		assert_ptr_equal(kind_find(k->name), k);
		for (j = 0; j < i; j++)
			assert_string_not_equal(kind_table[j]->name, k->name);
		n++;
	}
	for (i = 0; checks[i] != NULL; i++, want++)
		assert_int_equal(kind_find(checks[i])->step_kind, STEP_CHECK);
	for (i = 0; actions[i] != NULL; i++, want++)
		assert_int_equal(kind_find(actions[i])->step_kind, STEP_ACTION);
	/* Every kind is named above. */
	assert_int_equal(n, want);
	assert_ptr_equal(kind_find("copy"), &kind_copy);
	assert_null(kind_find("db_query"));
	assert_null(kind_find(NULL));
}

static void
test_status_names(void **state)
{
	static const char *const names[] = { "pending", "running", "pass",
	    "fail", "warn", "error", "done", "failed", "cancelled",
	    "interrupted", "acknowledged", "not-applicable", "answered",
	    "skipped", "shown" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_string_equal(status_name((enum status)i), names[i]);
		assert_int_equal(status_from_name(names[i]), (int)i);
	}
	assert_int_equal(STATUS_SHOWN + 1, sizeof names / sizeof names[0]);
	assert_int_equal(status_from_name("passed"), -1);
	assert_int_equal(status_from_name(NULL), -1);
	assert_string_equal(status_label(STATUS_PASS), "Passed");
	assert_string_equal(status_label(STATUS_NOT_APPLICABLE),
	    "Not applicable");
}

static void
test_result(void **state)
{
	struct result r;

	result_init(&r);
	assert_int_equal(r.status, STATUS_PENDING);
	assert_int_equal(r.exit_code, -1);
	result_set(&r, STATUS_PASS, "found %d", 3);
	assert_string_equal(r.evidence, "found 3");
	assert_null(r.reason);
	result_set(&r, STATUS_ERROR, "cannot %s", "read");
	assert_int_equal(r.status, STATUS_ERROR);
	assert_string_equal(r.reason, "cannot read");
	assert_string_equal(r.evidence, "found 3");
	r.exit_code = 4;
	result_clear(&r);
	assert_null(r.evidence);
	assert_null(r.reason);
	assert_int_equal(r.exit_code, -1);
}

static void
test_expand(void **state)
{
	struct fx *f = *state;
	struct ynode *with;
	char *s, *cause = NULL, **list;
	size_t n;

	fx_set(f, "HOME_A", "/opt/a");
	s = kind_expand(&f->ctx, "${HOME_A}/bin", &cause);
	assert_string_equal(s, "/opt/a/bin");
	free(s);
	assert_null(kind_expand(&f->ctx, "${NOPE}/bin", &cause));
	assert_contains(cause, "NOPE");
	free(cause);
	cause = NULL;

	with = test_yaml("markers: [\"${HOME_A}/x\", y]\n");
	list = kind_expand_list(&f->ctx, with, "markers", &n, &cause);
	assert_int_equal(n, 2);
	assert_string_equal(list[0], "/opt/a/x");
	assert_string_equal(list[1], "y");
	assert_null(list[2]);
	kind_free_list(list, n);
	list = kind_expand_list(&f->ctx, with, "absent", &n, &cause);
	assert_non_null(list);
	assert_int_equal(n, 0);
	kind_free_list(list, n);
	ynode_free(with);

	with = test_yaml("markers: [a, \"${NOPE}\"]\n");
	assert_null(kind_expand_list(&f->ctx, with, "markers", &n, &cause));
	assert_contains(cause, "NOPE");
	free(cause);
	ynode_free(with);
}

/*
 * Checks.
 */

static void
test_path_exists(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *p;

	fx_write(f, "a.txt", "a\n");
	fx_mkdir(f, "lib");
	fx_write(f, "lib/x.jar", "");
	fx_write(f, "lib/y.jar", "");

	assert_int_equal(fx_run(f, "path_exists",
	    "path: ${DIR}/a.txt\ntype: file\n", &r), STATUS_PASS);
	p = fx_path(f, "a.txt");
	assert_contains(r.evidence, p);
	assert_contains(r.evidence, "is a file");
	free(p);
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/a.txt\ntype: directory\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "is a file");
	assert_contains(r.evidence, "wanted: a folder");
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/missing\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "does not exist");
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/missing\nabsent: true\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/lib\nabsent: true\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "is a folder");
	result_clear(&r);

	/* A file where a folder is on the way is not there. */
	fx_run(f, "path_exists", "path: ${DIR}/a.txt/sub\n", &r);
	assert_status(&r, STATUS_FAIL);
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${NOPE}/a.txt\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "NOPE");
	result_clear(&r);

	/* Links that loop cannot be looked at: an error, not a pass. */
	p = fx_path(f, "loop1");
	assert_int_equal(symlink("loop2", p), 0);
	free(p);
	p = fx_path(f, "loop2");
	assert_int_equal(symlink("loop1", p), 0);
	free(p);
	fx_run(f, "path_exists", "path: ${DIR}/loop1\nabsent: true\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "loop1");
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/a.txt\ntype: folder\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "folder");
	result_clear(&r);
}

static void
test_path_exists_glob(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_mkdir(f, "lib");
	fx_write(f, "lib/x.jar", "");
	fx_write(f, "lib/y.jar", "");
	fx_mkdir(f, "lib/z.jar");

	fx_run(f, "path_exists", "path: ${DIR}/lib/*.jar\nglob: true\n"
	    "type: file\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "2 paths match");
	assert_contains(r.evidence, "lib/x.jar, ");
	assert_contains(r.evidence, "lib/y.jar");
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/lib/*.war\nglob: true\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "nothing matches");
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/lib/*.war\nglob: true\n"
	    "absent: true\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	/* A pattern in a folder that does not exist matches nothing. */
	fx_run(f, "path_exists", "path: ${DIR}/nolib/*.jar\nglob: true\n"
	    "absent: true\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/lib/z.*\nglob: true\n"
	    "type: file\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "z.jar is a folder");
	result_clear(&r);

	fx_run(f, "path_exists", "path: ${DIR}/lib/*.jar\nglob: true\n"
	    "absent: true\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "3 paths match");
	result_clear(&r);
}

static void
test_file_contains(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *p;

	fx_write(f, "deployment.toml", "[server]\r\n"
	    "hostname = \"localhost\"\r\noffset = 10\r\n"
	    "[database.shared_db]\r\nurl = \"jdbc:mysql://db\"\r\n");
	p = fx_path(f, "deployment.toml");

	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: '^offset = [0-9]+$'\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, p);
	assert_contains(r.evidence, ":3 matches");
	assert_contains(r.evidence, ": offset = 10");
	result_clear(&r);

	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: 'jdbc:postgresql'\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "no line of");
	assert_contains(r.evidence, "5 lines read");
	result_clear(&r);

	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: 'JDBC:MYSQL'\n", &r);
	assert_status(&r, STATUS_FAIL);
	result_clear(&r);
	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: 'JDBC:MYSQL'\nignore_case: true\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, ":5 matches");
	result_clear(&r);

	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: 'shared_db'\nabsent: true\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, ":4 matches");
	result_clear(&r);
	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: 'secure_vault'\nabsent: true\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	/* Cannot be run: no file, a folder, a pattern that does not compile. */
	fx_run(f, "file_contains", "path: ${DIR}/missing.toml\n"
	    "pattern: x\nabsent: true\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "missing.toml");
	result_clear(&r);
	fx_run(f, "file_contains", "path: ${DIR}\npattern: x\nabsent: true\n",
	    &r);
	assert_status(&r, STATUS_ERROR);
	result_clear(&r);
	fx_set(f, "PAT", "offset = (");
	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: '${PAT}'\nabsent: true\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "not a valid regular expression");
	result_clear(&r);
	fx_run(f, "file_contains", "path: ${DIR}/deployment.toml\n"
	    "pattern: '${NOPE}'\nabsent: true\n", &r);
	assert_status(&r, STATUS_ERROR);
	result_clear(&r);
	free(p);
}

static void
test_command_output(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_run(f, "command_output", "command: [sh, -c, 'echo starting; "
	    "echo WSO2 SI version 1.1.0']\nexpect_match: 'version [0-9.]+'\n",
	    &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "exited with status 0");
	assert_contains(r.evidence, "output line 2 matches");
	assert_contains(r.evidence, "WSO2 SI version 1.1.0");
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.log_path, f->log);
	assert_string_equal(buf_str(&f->out),
	    "starting\nWSO2 SI version 1.1.0\n");
	result_clear(&r);

	/* The log holds the output. */
	{
		char *log = test_read_text(f->log);

		assert_contains(log, "WSO2 SI version 1.1.0");
		free(log);
	}

	fx_run(f, "command_output", "command: [sh, -c, 'exit 3']\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "exited with status 3");
	assert_contains(r.evidence, "exit status 0 was wanted");
	assert_int_equal(r.exit_code, 3);
	result_clear(&r);

	fx_run(f, "command_output", "command: [sh, -c, 'exit 3']\n"
	    "expect_exit: 3\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	fx_run(f, "command_output", "command: [sh, -c, 'echo ok; "
	    "echo ERROR: broken >&2']\nexpect_no_match: '^ERROR'\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "output line 2 matches '^ERROR', which "
	    "no line may: ERROR: broken");
	result_clear(&r);

	fx_run(f, "command_output", "command: [echo, fine]\n"
	    "expect_match: 'version'\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "no output line matches 'version' "
	    "(1 line), and one must");
	result_clear(&r);

	/* Values with spaces stay one argument; env and cwd are used. */
	fx_set(f, "V", "a b");
	fx_set(f, "WHO", "an admin");
	fx_run(f, "command_output", "command: [sh, -c, 'test \"$1\" = \"a b\" "
	    "&& echo \"$GREETING\" && pwd', x, '${V}']\n"
	    "env: {GREETING: 'hello ${WHO}'}\ncwd: ${DIR}\n"
	    "expect_match: '^hello an admin$'\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);
	assert_contains(buf_str(&f->out), f->dir);

	fx_run(f, "command_output", "command: [no-such-program-here]\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "no-such-program-here");
	result_clear(&r);

	fx_run(f, "command_output", "command: [echo, '${NOPE}']\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "NOPE");
	result_clear(&r);
}

static void
test_command_output_timeout(void **state)
{
	struct fx *f = *state;
	struct result r;
	long long t0 = util_now_ms();

	fx_run(f, "command_output", "command: [sleep, '10']\ntimeout: 300ms\n",
	    &r);
	assert_status(&r, STATUS_ERROR);
	assert_true(r.timed_out);
	assert_contains(r.reason, "no result within");
	assert_true(util_now_ms() - t0 < 5000);
	result_clear(&r);
}

/* With shell: true, a value is one quoted word: it cannot run commands. */
static void
test_shell_quoting(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *s, *cause = NULL, *want;

	fx_set(f, "V", "a b; touch %D/pwned");
	fx_run(f, "run", "command: 'echo ${V} > out.txt'\nshell: true\n"
	    "cwd: ${DIR}\n", &r);
	assert_status(&r, STATUS_DONE);
	result_clear(&r);
	assert_false(fx_exists(f, "pwned"));
	want = xprintf("a b; touch %s/pwned\n", f->dir);
	assert_fx_file(f, "out.txt", want);
	free(want);

	fx_run(f, "command_output", "command: 'echo ${V}'\nshell: true\n"
	    "expect_match: '^a b; touch .*/pwned$'\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);
	assert_false(fx_exists(f, "pwned"));

	/* The preview is the exact text that runs. */
	s = fx_describe(f, "run", "command: 'echo ${V} > out.txt'\n"
	    "shell: true\ncwd: ${DIR}\n", &cause);
	assert_non_null(s);
	want = xprintf("echo 'a b; touch %s/pwned' > out.txt", f->dir);
	assert_contains(s, want);
	assert_contains(s, "/bin/sh -c");
	free(want);
	want = xprintf("Folder: %s\n", f->dir);
	assert_contains(s, want);
	free(want);
	free(s);

	/* A quote in the value cannot end the quoting. */
	fx_set(f, "Q", "it's; touch %D/pwned2");
	fx_run(f, "run", "command: 'echo ${Q} > q.txt'\nshell: true\n"
	    "cwd: ${DIR}\n", &r);
	assert_status(&r, STATUS_DONE);
	result_clear(&r);
	assert_false(fx_exists(f, "pwned2"));
	want = xprintf("it's; touch %s/pwned2\n", f->dir);
	assert_fx_file(f, "q.txt", want);
	free(want);
}

static void
test_tcp_port(void **state)
{
	struct fx *f = *state;
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct result r;
	char port[16];
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd != -1);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(port, sizeof port, "%u", ntohs(sin.sin_port));
	fx_set(f, "PORT", port);

	fx_run(f, "tcp_port", "port: '${PORT}'\nstate: open\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "127.0.0.1 port ");
	assert_contains(r.evidence, port);
	assert_contains(r.evidence, "connected");
	result_clear(&r);
	fx_run(f, "tcp_port", "host: 127.0.0.1\nport: '${PORT}'\n"
	    "state: closed\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "the port is open");
	result_clear(&r);

	close(fd);
	fx_run(f, "tcp_port", "port: '${PORT}'\nstate: closed\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "connection refused");
	result_clear(&r);
	fx_run(f, "tcp_port", "port: '${PORT}'\nstate: open\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "connection refused");
	result_clear(&r);

	/* Cannot be run: a bad port, no value, a bad state. */
	fx_set(f, "BIG", "70000");
	fx_run(f, "tcp_port", "port: '${BIG}'\nstate: closed\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "70000");
	result_clear(&r);
	fx_run(f, "tcp_port", "port: '${NOPE}'\nstate: closed\n", &r);
	assert_status(&r, STATUS_ERROR);
	result_clear(&r);
	fx_run(f, "tcp_port", "port: '${PORT}'\nstate: listening\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "listening");
	result_clear(&r);
}

/* A listener whose queue is full drops new connections: no answer, which
 * is "filtered or closed", a pass for closed only. */
static void
test_tcp_port_silent(void **state)
{
	struct fx *f = *state;
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct result r;
	char port[16];
	int fd, c[4], i, n = 0, probe_timed_out = 0;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(fd, 0), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(port, sizeof port, "%u", ntohs(sin.sin_port));
	fx_set(f, "PORT", port);
	/* Fill the queue (never accepted). */
	for (i = 0; i < 4; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(c[i], (struct sockaddr *)&sin, sizeof sin);
		n++;
	}
	usleep(100000);

	fx_run(f, "tcp_port", "port: '${PORT}'\nstate: closed\n"
	    "timeout: 400ms\n", &r);
	if (r.status == STATUS_PASS && strstr(r.evidence,
	    "no answer within 400 ms (filtered or closed)") != NULL)
		probe_timed_out = 1;
	else
		assert_status(&r, STATUS_FAIL);	/* it was answered */
	result_clear(&r);
	if (probe_timed_out) {
		fx_run(f, "tcp_port", "port: '${PORT}'\nstate: open\n"
		    "timeout: 400ms\n", &r);
		assert_status(&r, STATUS_FAIL);
		assert_contains(r.evidence, "no answer within 400 ms");
		result_clear(&r);
	} else
		print_message("# the kernel answered a full queue; the "
		    "timeout case was not reached\n");
	for (i = 0; i < n; i++)
		close(c[i]);
	close(fd);
}

static void
test_disk_free(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_run(f, "disk_free", "path: ${DIR}\nmin: 1K\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "free on the file system holding");
	assert_contains(r.evidence, f->dir);
	assert_contains(r.evidence, "1.0 KiB (1024 bytes) needed");
	result_clear(&r);

	fx_run(f, "disk_free", "path: ${DIR}\nmin: 1000000T\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "bytes) needed");
	result_clear(&r);

	/* A folder still to be made is measured where it will be. */
	fx_run(f, "disk_free", "path: ${DIR}/new/wso2si-1.1.0\nmin: 512\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "does not exist yet");
	assert_contains(r.evidence, "512 bytes needed");
	result_clear(&r);

	fx_set(f, "SIZE", "lots");
	fx_run(f, "disk_free", "path: ${DIR}\nmin: '${SIZE}'\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "lots");
	result_clear(&r);
	fx_run(f, "disk_free", "path: ${NOPE}\nmin: 1G\n", &r);
	assert_status(&r, STATUS_ERROR);
	result_clear(&r);
}

static void
test_product_home(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_mkdir(f, "wso2si");
	fx_mkdir(f, "wso2si/bin");
	fx_write(f, "wso2si/bin/server.sh", "#!/bin/sh\n");
	fx_write(f, "wso2si/release-notes.html", "<html>\n<title>WSO2 "
	    "Streaming Integrator</title>\n<h1>WSO2 SI v1.1.0 released</h1>\n");

	fx_run(f, "product_home", "path: ${DIR}/wso2si\nmarkers: "
	    "[bin/server.sh, bin]\nversion_file: release-notes.html\n"
	    "version: '1.1'\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "holds all 2 markers");
	assert_contains(r.evidence, "release-notes.html:3: version 1.1.0, "
	    "as wanted");
	result_clear(&r);

	fx_run(f, "product_home", "path: ${DIR}/wso2si\nmarkers: "
	    "[bin/server.sh]\nversion_file: release-notes.html\n"
	    "version: 1.1.1\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "version 1.1.0, but 1.1.1 is wanted");
	result_clear(&r);

	/* Parts compare as numbers: 1.10 is not 1.1. */
	fx_write(f, "wso2si/VERSION", "1.10\n");
	fx_run(f, "product_home", "path: ${DIR}/wso2si\nversion_file: "
	    "VERSION\nversion_pattern: '^([0-9.]+)$'\nversion: '1.1'\n", &r);
	assert_status(&r, STATUS_FAIL);
	result_clear(&r);
	fx_run(f, "product_home", "path: ${DIR}/wso2si\nversion_file: "
	    "VERSION\nversion_pattern: '^([0-9.]+)$'\nversion: 1.10.0\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	fx_run(f, "product_home", "path: ${DIR}/wso2si\nmarkers: "
	    "[bin/server.sh, bin/wso2server.sh, lib]\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "does not hold bin/wso2server.sh, lib");
	result_clear(&r);

	fx_run(f, "product_home", "path: ${DIR}/wso2sp\nmarkers: [bin]\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "does not exist");
	result_clear(&r);

	fx_run(f, "product_home", "path: ${DIR}/wso2si\nversion_file: "
	    "bin/server.sh\nversion: 1.1.0\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "shows a version");
	result_clear(&r);

	/* A version file that cannot be read: the version is not known. */
	fx_run(f, "product_home", "path: ${DIR}/wso2si\nversion_file: bin\n"
	    "version: 1.1.0\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "bin");
	result_clear(&r);
	fx_run(f, "product_home", "path: ${NOPE}\n", &r);
	assert_status(&r, STATUS_ERROR);
	result_clear(&r);
}

/*
 * Actions.
 */

static void
test_run(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *conf;

	fx_write(f, "conf.txt", "old\n");
	conf = fx_path(f, "conf.txt");
	fx_run(f, "run", "command: [sh, -c, 'echo new > conf.txt; "
	    "echo rewrote it']\ncwd: ${DIR}\nbackup: ['${DIR}/conf.txt', "
	    "'${DIR}/not-there']\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_int_equal(r.exit_code, 0);
	assert_contains(r.evidence, "not-there did not exist");
	assert_contains(r.evidence, "exited with status 0");
	assert_fx_file(f, "conf.txt", "new\n");
	assert_int_equal(f->nbackups, 1);
	assert_string_equal(f->backups[0].original, conf);
	assert_int_equal(f->backups[0].moved, 0);
	assert_int_equal(strncmp(f->backups[0].saved, f->backup,
	    strlen(f->backup)), 0);
	assert_file(f->backups[0].saved, "old\n");
	assert_string_equal(buf_str(&f->out), "rewrote it\n");
	result_clear(&r);

	fx_run(f, "run", "command: [sh, -c, 'exit 2']\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "status 2");
	assert_int_equal(r.exit_code, 2);
	result_clear(&r);

	fx_run(f, "run", "command: [sh, -c, 'exit 2']\nexpect_exit: 2\n", &r);
	assert_status(&r, STATUS_DONE);
	result_clear(&r);

	fx_run(f, "run", "command: [sleep, '10']\ntimeout: 200ms\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_true(r.timed_out);
	result_clear(&r);

	/* Nothing runs, nothing is saved, when a value is missing. */
	fx_run(f, "run", "command: [sh, -c, 'echo x > conf.txt']\n"
	    "cwd: ${DIR}\nbackup: ['${NOPE}']\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_fx_file(f, "conf.txt", "new\n");
	assert_int_equal(f->nbackups, 1);
	result_clear(&r);
	free(conf);
}

static void
test_run_cancel(void **state)
{
	struct fx *f = *state;
	struct result r;
	long long t0 = util_now_ms();

	f->cancel = 1;
	fx_run(f, "run", "command: [sleep, '10']\n", &r);
	assert_status(&r, STATUS_CANCELLED);
	assert_contains(r.reason, "stopped by the operator");
	result_clear(&r);
	/* A check stopped is not a result either way. */
	fx_run(f, "command_output", "command: [sleep, '10']\n", &r);
	assert_status(&r, STATUS_CANCELLED);
	result_clear(&r);
	fx_run(f, "tcp_port", "host: 127.0.0.1\nport: '9'\nstate: closed\n",
	    &r);
	assert_status(&r, STATUS_CANCELLED);
	result_clear(&r);
	assert_true(util_now_ms() - t0 < 5000);
}

static void
test_copy(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *target;

	fx_write(f, "a.toml", "new\n");
	fx_mkdir(f, "conf");
	fx_run(f, "copy", "from: ${DIR}/a.toml\nto: ${DIR}/b.toml\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, "b.toml", "new\n");
	assert_fx_file(f, "a.toml", "new\n");
	assert_contains(r.evidence, "copied ");
	result_clear(&r);

	/* An existing folder: into it. */
	fx_run(f, "copy", "from: ${DIR}/a.toml\nto: ${DIR}/conf\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, "conf/a.toml", "new\n");
	result_clear(&r);
	assert_int_equal(f->nbackups, 0);

	/* In the way: an error, nothing changed. */
	fx_write(f, "conf/a.toml", "old\n");
	fx_run(f, "copy", "from: ${DIR}/a.toml\nto: ${DIR}/conf\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "already exists");
	assert_contains(r.reason, "overwrite: true");
	assert_fx_file(f, "conf/a.toml", "old\n");
	assert_int_equal(f->nbackups, 0);
	result_clear(&r);

	/* overwrite: true saves it first. */
	fx_run(f, "copy", "from: ${DIR}/a.toml\nto: ${DIR}/conf\n"
	    "overwrite: true\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, "conf/a.toml", "new\n");
	assert_int_equal(f->nbackups, 1);
	target = fx_path(f, "conf/a.toml");
	assert_string_equal(f->backups[0].original, target);
	/* A file is saved by a copy and replaced in one rename: at no
	 * moment is the target missing. */
	assert_int_equal(f->backups[0].moved, 0);
	assert_file(f->backups[0].saved, "old\n");
	assert_contains(r.evidence, "saved to the backup folder");
	free(target);
	result_clear(&r);

	/* The copy fails after the target was saved: it is put back. */
	target = fx_path(f, "fifo");
	assert_int_equal(mkfifo(target, 0600), 0);
	free(target);
	fx_write(f, "fifo-copy", "kept\n");
	fx_run(f, "copy", "from: ${DIR}/fifo\nto: ${DIR}/fifo-copy\n"
	    "overwrite: true\n", &r);
	assert_status(&r, STATUS_FAILED);
	assert_contains(r.reason, "fifo-copy is as it was");
	assert_fx_file(f, "fifo-copy", "kept\n");
	assert_int_equal(f->nbackups, 2);
	result_clear(&r);

	fx_run(f, "copy", "from: ${DIR}/missing\nto: ${DIR}/conf\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "does not exist");
	result_clear(&r);
	fx_run(f, "copy", "from: ${DIR}/a.toml\nto: ${DIR}/no/such/x\n", &r);
	assert_status(&r, STATUS_ERROR);
	result_clear(&r);
	fx_run(f, "copy", "from: ${DIR}/conf\nto: ${DIR}/conf/sub\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "inside it");
	result_clear(&r);
}

static void
test_copy_glob_and_folder(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_mkdir(f, "lib");
	fx_write(f, "lib/x.jar", "x");
	fx_write(f, "lib/y.jar", "y");
	fx_write(f, "lib/z.txt", "z");
	fx_mkdir(f, "dropins");
	fx_run(f, "copy", "from: ${DIR}/lib/*.jar\nglob: true\n"
	    "to: ${DIR}/dropins\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, "dropins/x.jar", "x");
	assert_fx_file(f, "dropins/y.jar", "y");
	assert_false(fx_exists(f, "dropins/z.txt"));
	result_clear(&r);

	/* Several sources need a folder. */
	fx_run(f, "copy", "from: ${DIR}/lib/*.jar\nglob: true\n"
	    "to: ${DIR}/one.jar\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "2 paths match");
	result_clear(&r);
	fx_run(f, "copy", "from: ${DIR}/lib/*.war\nglob: true\n"
	    "to: ${DIR}/dropins\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "nothing matches");
	result_clear(&r);

	/* A folder, recursively. */
	fx_run(f, "copy", "from: ${DIR}/lib\nto: ${DIR}/lib-copy\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, "lib-copy/z.txt", "z");
	assert_fx_file(f, "lib-copy/x.jar", "x");
	result_clear(&r);
}

static void
test_move(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *target;

	fx_write(f, "a.jks", "new");
	fx_write(f, "b.jks", "old");
	fx_run(f, "move", "from: ${DIR}/a.jks\nto: ${DIR}/b.jks\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_fx_file(f, "a.jks", "new");
	assert_fx_file(f, "b.jks", "old");
	result_clear(&r);

	fx_run(f, "move", "from: ${DIR}/a.jks\nto: ${DIR}/b.jks\n"
	    "overwrite: true\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_false(fx_exists(f, "a.jks"));
	assert_fx_file(f, "b.jks", "new");
	assert_int_equal(f->nbackups, 1);
	target = fx_path(f, "b.jks");
	assert_string_equal(f->backups[0].original, target);
	assert_int_equal(f->backups[0].moved, 0);
	assert_file(f->backups[0].saved, "old");
	assert_contains(r.evidence, "moved ");
	free(target);
	result_clear(&r);

	fx_mkdir(f, "old");
	fx_run(f, "move", "from: ${DIR}/b.jks\nto: ${DIR}/old\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, "old/b.jks", "new");
	assert_false(fx_exists(f, "b.jks"));
	result_clear(&r);
}

static void
test_remove(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *p;

	fx_write(f, "carbon.xml", "<carbon/>");
	p = fx_path(f, "carbon.xml");
	fx_run(f, "remove", "path: ${DIR}/carbon.xml\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_false(fx_exists(f, "carbon.xml"));
	assert_int_equal(f->nbackups, 1);
	assert_string_equal(f->backups[0].original, p);
	assert_int_equal(f->backups[0].moved, 1);
	assert_int_equal(strncmp(f->backups[0].saved, f->backup,
	    strlen(f->backup)), 0);
	assert_file(f->backups[0].saved, "<carbon/>");
	assert_contains(r.evidence, "moved ");
	assert_contains(r.evidence, f->backups[0].saved);
	result_clear(&r);
	free(p);

	fx_run(f, "remove", "path: ${DIR}/carbon.xml\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "does not exist");
	result_clear(&r);
	fx_run(f, "remove", "path: ${DIR}/carbon.xml\nmissing_ok: true\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "nothing to remove");
	result_clear(&r);
	assert_int_equal(f->nbackups, 1);

	/* A glob, and a folder. */
	fx_mkdir(f, "tmp");
	fx_write(f, "tmp/a.log", "a");
	fx_write(f, "tmp/b.log", "b");
	fx_write(f, "tmp/keep.txt", "k");
	fx_run(f, "remove", "path: ${DIR}/tmp/*.log\nglob: true\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_false(fx_exists(f, "tmp/a.log"));
	assert_false(fx_exists(f, "tmp/b.log"));
	assert_true(fx_exists(f, "tmp/keep.txt"));
	assert_int_equal(f->nbackups, 3);
	assert_file(f->backups[1].saved, "a");
	assert_file(f->backups[2].saved, "b");
	result_clear(&r);
	fx_run(f, "remove", "path: ${DIR}/tmp\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_false(fx_exists(f, "tmp"));
	assert_int_equal(f->nbackups, 4);
	p = util_path_join(f->backups[3].saved, "keep.txt");
	assert_file(p, "k");
	free(p);
	result_clear(&r);

	/* Never the folder that holds the backups. */
	fx_run(f, "remove", "path: ${DIR}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "backup folder");
	assert_true(fx_exists(f, "backup"));
	result_clear(&r);
}

/* A backup that cannot be recorded stops the change, and a moved file goes
 * back. */
static void
test_remove_unrecorded(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_write(f, "keep.xml", "k");
	f->fail_backup = 1;
	fx_run(f, "remove", "path: ${DIR}/keep.xml\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "the journal is full");
	assert_fx_file(f, "keep.xml", "k");
	result_clear(&r);
}

static void
test_mkdir(void **state)
{
	struct fx *f = *state;
	struct result r;
	struct stat st;
	char *p;
	mode_t old = umask(022);

	fx_run(f, "mkdir", "path: ${DIR}/a/b/c\nmode: '0750'\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "mode 0750");
	assert_contains(r.evidence, "folders from");
	p = fx_path(f, "a/b/c");
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0750);
	free(p);
	result_clear(&r);

	/* umask does not change the mode asked for. */
	umask(077);
	fx_run(f, "mkdir", "path: ${DIR}/d\nmode: '0755'\n", &r);
	assert_status(&r, STATUS_DONE);
	p = fx_path(f, "d");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	free(p);
	result_clear(&r);
	umask(old);

	fx_run(f, "mkdir", "path: ${DIR}/a/b\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "nothing was changed");
	result_clear(&r);

	fx_write(f, "file", "");
	fx_run(f, "mkdir", "path: ${DIR}/file\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "not a folder");
	result_clear(&r);
	fx_run(f, "mkdir", "path: ${DIR}/e\nmode: '0999'\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_false(fx_exists(f, "e"));
	result_clear(&r);
	assert_int_equal(f->nbackups, 0);
}

static int
have_program(const char *name)
{
	char *cmd = xprintf("command -v %s >/dev/null 2>&1", name);
	int rc = system(cmd);

	free(cmd);
	return rc == 0;
}

static void
sh(const char *dir, const char *command)
{
	char *cmd = xprintf("cd '%s' && %s", dir, command);

	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
	free(cmd);
}

/* Extract into a new folder, then again: in the way, then overwrite. */
static void
extract_round(struct fx *f, const char *archive)
{
	struct result r;
	char *yaml, *p, *s, *cause = NULL;
	size_t before = f->nbackups;

	yaml = xprintf("archive: ${DIR}/%s\nto: ${DIR}/out/%s\n", archive,
	    archive);
	fx_run(f, "extract", yaml, &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "extracted 3 entries");
	assert_int_equal(r.exit_code, 0);
	result_clear(&r);
	p = xprintf("out/%s/app/conf/deployment.toml", archive);
	assert_fx_file(f, p, "[server]\noffset = 0\n");
	fx_write(f, p, "edited\n");

	s = fx_describe(f, "extract", yaml, &cause);
	assert_non_null(s);
	assert_contains(s, "(3 entries)");
	assert_contains(s, "1 file is in the way: the step will stop");
	assert_contains(s, "app/conf/deployment.toml");
	free(s);

	fx_run(f, "extract", yaml, &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "is in the way");
	assert_fx_file(f, p, "edited\n");
	assert_int_equal(f->nbackups, before);
	result_clear(&r);
	free(yaml);

	yaml = xprintf("archive: ${DIR}/%s\nto: ${DIR}/out/%s\n"
	    "overwrite: true\n", archive, archive);
	fx_run(f, "extract", yaml, &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, p, "[server]\noffset = 0\n");
	assert_int_equal(f->nbackups, before + 1);
	s = fx_path(f, p);
	assert_string_equal(f->backups[before].original, s);
	free(s);
	assert_int_equal(f->backups[before].moved, 1);
	assert_file(f->backups[before].saved, "edited\n");
	result_clear(&r);
	free(yaml);
	free(p);
}

static void
make_tree(struct fx *f)
{
	fx_mkdir(f, "src");
	fx_mkdir(f, "src/app");
	fx_mkdir(f, "src/app/conf");
	fx_write(f, "src/app/conf/deployment.toml", "[server]\noffset = 0\n");
	fx_mkdir(f, "out");
}

static void
test_extract_tar(void **state)
{
	struct fx *f = *state;

	if (!have_program("tar"))
		skip();
	make_tree(f);
	sh(f->dir, "tar -czf app.tar.gz -C src app");
	extract_round(f, "app.tar.gz");
	assert_contains(buf_str(&f->out), "app/conf/deployment.toml");
}

static void
test_extract_zip(void **state)
{
	struct fx *f = *state;

	if (!have_program("unzip")) {
		print_message("# unzip is missing: the zip case is skipped\n");
		skip();
	}
	if (!have_program("zip")) {
		print_message("# zip is missing: the zip case is skipped\n");
		skip();
	}
	make_tree(f);
	sh(f->dir, "cd src && zip -qr ../app.zip app");
	extract_round(f, "app.zip");
}

static void
test_extract_refused(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_write(f, "app.rar", "");
	fx_run(f, "extract", "archive: ${DIR}/app.rar\nto: ${DIR}/out\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, ".zip");
	result_clear(&r);
	fx_run(f, "extract", "archive: ${DIR}/none.zip\nto: ${DIR}/out\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_false(fx_exists(f, "out"));
	result_clear(&r);
	fx_write(f, "bad.tar.gz", "this is not gzip\n");
	fx_run(f, "extract", "archive: ${DIR}/bad.tar.gz\nto: ${DIR}/out\n",
	    &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "cannot list the archive");
	assert_false(fx_exists(f, "out"));
	result_clear(&r);

	/* A member that would land outside the folder, in a tar and in a
	 * zip archive: made with tar and zip, not python. */
	fx_mkdir(f, "evil");
	fx_mkdir(f, "evil/sub");
	fx_write(f, "evil/evil.txt", "x");
	if (have_program("tar")) {
		sh(f->dir, "cd evil && tar -cPf ../evil.tar "
		    "--transform 's,^,../,' evil.txt");
		fx_run(f, "extract", "archive: ${DIR}/evil.tar\n"
		    "to: ${DIR}/out\n", &r);
		assert_status(&r, STATUS_ERROR);
		assert_contains(r.reason, "would land outside");
		assert_contains(r.reason, "../evil.txt");
		assert_false(fx_exists(f, "evil.txt"));
		assert_false(fx_exists(f, "out"));
		result_clear(&r);
	}
	if (!have_program("zip") || !have_program("unzip")) {
		print_message("# zip or unzip is missing: the zip case of a "
		    "member outside the folder is skipped\n");
		return;
	}
	sh(f->dir, "cd evil/sub && zip -q ../../evil.zip ../evil.txt");
	fx_run(f, "extract", "archive: ${DIR}/evil.zip\nto: ${DIR}/out\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "would land outside");
	assert_contains(r.reason, "../evil.txt");
	assert_false(fx_exists(f, "evil.txt"));
	assert_false(fx_exists(f, "out"));
	result_clear(&r);
}

/*
 * Previews.
 */

static void
test_describe(void **state)
{
	struct fx *f = *state;
	char *s, *cause = NULL, *want;

	s = fx_describe(f, "run", "command: [sh, -c, 'echo hi']\ncwd: ${DIR}\n"
	    "timeout: 10m\nbackup: ['${DIR}/conf.toml']\n", &cause);
	assert_non_null(s);
	assert_contains(s, "Command: sh -c 'echo hi'\n");
	want = xprintf("Folder: %s\n", f->dir);
	assert_contains(s, want);
	free(want);
	assert_contains(s, "Stopped if it runs longer than 10 min.\n");
	want = xprintf("Saved to the backup folder first: %s/conf.toml\n",
	    f->dir);
	assert_contains(s, want);
	free(want);
	free(s);

	fx_write(f, "a.toml", "a");
	fx_mkdir(f, "conf");
	fx_write(f, "conf/a.toml", "old");
	s = fx_describe(f, "copy", "from: ${DIR}/a.toml\nto: ${DIR}/conf\n"
	    "overwrite: true\n", &cause);
	want = xprintf("Copy %s/a.toml to %s/conf/a.toml.\n", f->dir, f->dir);
	assert_contains(s, want);
	free(want);
	assert_contains(s, "exists: it is saved to the backup folder first");
	free(s);

	s = fx_describe(f, "move", "from: ${DIR}/a.toml\nto: ${DIR}/conf\n",
	    &cause);
	assert_contains(s, "Move ");
	assert_contains(s, "the step will stop, changing nothing");
	free(s);

	s = fx_describe(f, "remove", "path: ${DIR}/a.toml\n", &cause);
	want = xprintf("Remove %s/a.toml: it is moved into the backup folder, "
	    "not deleted.\n", f->dir);
	assert_contains(s, want);
	free(want);
	free(s);

	s = fx_describe(f, "copy", "from: ${DIR}/missing\nto: ${DIR}/conf\n",
	    &cause);
	assert_contains(s, "It cannot run as things are now");
	free(s);

	s = fx_describe(f, "tcp_port", "port: 9443\nstate: closed\n", &cause);
	assert_contains(s, "127.0.0.1 port 9443");
	free(s);

	/* A placeholder without value: no preview, and why. */
	assert_null(fx_describe(f, "remove", "path: ${NOPE}\n", &cause));
	assert_contains(cause, "NOPE");
	free(cause);
	cause = NULL;
	assert_null(fx_describe(f, "run", "command: [echo, '${NOPE}']\n",
	    &cause));
	free(cause);
	cause = NULL;

	/* Every kind has a preview. */
	{
		size_t i;
		static const char *const yamls[] = {
			"path: /x\n",
			"path: /x\npattern: a\n",
			"command: [true]\n",
			"port: '22'\nstate: open\n",
			"path: /\nmin: 1M\n",
			("path: /x\nmarkers: [bin]\nversion_file: v\n"
			    "version: '1'\n"),
			"command: [true]\n",
			"command: [true]\nready: started\n",
			"port: '9446'\n",
			"from: /x\nto: /y\n",
			"from: /x\nto: /y\n",
			"path: /x\n",
			"path: /x\n",
			"archive: /x.zip\nto: /y\n",
			"file: /x.toml\ntoml: 'a = 1'\n",
			"file: /x.yaml\nset: [{path: a, value: b}]\n",
			"database: a\ntable: t\ncolumn: c\nmin: 10\n",
			"database: a\ntable: t\n",
			"database: a\nsql: SELECT 1\n",
			"database: a\nmin: {postgresql: '13'}\n",
			"database: a\ndcr_database: b\n",
			"database: a\nsql: SELECT 1\n",
			"database: a\nfile: /x.sql\n",
			"database: apimgt\n",
			"database: apimgt\n",
		};

		for (i = 0; kind_table[i] != NULL; i++) {
			s = fx_describe(f, kind_table[i]->name, yamls[i],
			    &cause);
			if (s == NULL)
				fail_msg("%s: %s", kind_table[i]->name, cause);
			assert_true(strlen(s) > 0);
			free(s);
		}
	}
}

/*
 * Validate hooks.
 */

static void
test_validate(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_int_equal(validate("file_contains", "path: /x\n"
	    "pattern: 'port=(['\n", &d), 1);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 10);
	assert_string_equal(d.v[0].file, "test.yaml");
	assert_contains(d.v[0].msg, "'pattern': 'port=([' is not a valid "
	    "regular expression");
	diags_free(&d);

	/* A placeholder stands for a word; a good pattern is quiet. */
	assert_int_equal(validate("file_contains", "path: /x\n"
	    "pattern: '${HOST}:(80|443'\n", &d), 1);
	diags_free(&d);
	assert_int_equal(validate("file_contains", "path: /x\n"
	    "pattern: '^${HOST}:(80|443)$'\n", &d), 0);
	diags_free(&d);

	assert_int_equal(validate("product_home", "path: /x\n"
	    "version_file: v\nversion_pattern: 'v[0-9.]+'\n", &d), 1);
	assert_int_equal(d.v[0].line, 3);
	assert_contains(d.v[0].msg, "group");
	diags_free(&d);
	assert_int_equal(validate("product_home", "path: /x\n"
	    "version: 4.4.0\n", &d), 1);
	assert_contains(d.v[0].msg, "version_file");
	diags_free(&d);

	assert_int_equal(validate("command_output", "command: [true]\n"
	    "expect_match: '(x'\nexpect_no_match: '[a'\n", &d), 2);
	diags_free(&d);
	assert_int_equal(validate("command_output", "command: ls -l\n", &d), 1);
	assert_contains(d.v[0].msg, "shell: true");
	diags_free(&d);
	assert_int_equal(validate("run", "command: [a, b]\nshell: true\n", &d),
	    1);
	assert_contains(d.v[0].msg, "must be one text");
	diags_free(&d);
	assert_int_equal(validate("run", "command: [x]\nexpect_exit: 300\n"
	    "env: {BAD-NAME: x, GOOD: y}\n", &d), 2);
	diags_free(&d);
	assert_int_equal(validate("run", "command: 'ls -l'\nshell: true\n",
	    &d), 0);
	diags_free(&d);

	assert_int_equal(validate("path_exists", "path: /x\ntype: folder\n",
	    &d), 1);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 7);
	assert_contains(d.v[0].msg, "file, directory, any");
	diags_free(&d);

	assert_int_equal(validate("tcp_port", "port: '70000'\nstate: up\n",
	    &d), 2);
	diags_free(&d);
	assert_int_equal(validate("tcp_port", "port: '${PORT}'\n"
	    "state: closed\n", &d), 0);
	diags_free(&d);

	assert_int_equal(validate("mkdir", "path: /x\nmode: '0999'\n", &d), 1);
	assert_contains(d.v[0].msg, "0999");
	diags_free(&d);
	assert_int_equal(validate("mkdir", "path: /x\nmode: '0750'\n", &d), 0);
	diags_free(&d);

	assert_int_equal(validate("extract", "archive: /x.rar\nto: /y\n", &d),
	    1);
	diags_free(&d);
	assert_int_equal(validate("extract", "archive: '${ZIP}'\nto: /y\n",
	    &d), 0);
	diags_free(&d);
	assert_int_equal(validate("extract", "archive: /x.TAR.GZ\nto: /y\n",
	    &d), 0);
	diags_free(&d);
}

/* Every kind's specs pass params_validate for a well-formed `with:`. */
static void
test_params(void **state)
{
	struct diags d = DIAGS_INIT;
	struct ynode *with;

	with = test_yaml("path: /x\nmin: 2G\n");
	assert_int_equal(params_validate(with, kind_disk_free.params,
	    "test.yaml", "disk_free", &d), 0);
	ynode_free(with);
	with = test_yaml("command: [x]\ntimeout: 90s\nexpect_exit: 1\n"
	    "env: {A: b}\nbackup: [/x]\n");
	assert_int_equal(params_validate(with, kind_run.params, "test.yaml",
	    "run", &d), 0);
	ynode_free(with);
	with = test_yaml("from: /x\n");
	assert_int_equal(params_validate(with, kind_copy.params, "test.yaml",
	    "copy", &d), 1);
	assert_contains(d.v[0].msg, "'to'");
	ynode_free(with);
	diags_free(&d);
}

/*
 * What the kinds share: durations, ports.
 */

static void
test_util_text(void **state)
{
	static const struct {
		long long	 ms;
		const char	*text;
	} durations[] = {
		{ -5, "0 ms" }, { 0, "0 ms" }, { 999, "999 ms" },
		{ 1000, "1 s" }, { 1099, "1 s" }, { 1500, "1.5 s" },
		{ 59999, "59.9 s" }, { 60000, "1 min" },
		{ 90500, "1 min 30 s" }, { 600000, "10 min" },
		{ 3600000, "1 h" }, { 5430000, "1 h 30 min" }
	};
	static const char *const bad_ports[] = { "", "0", "65536", "-1",
	    "+80", " 80", "80 ", "8o", "99999999999999999999", NULL };
	size_t i;
	char *s;
	int port;

	for (i = 0; i < sizeof durations / sizeof durations[0]; i++) {
		s = util_duration_text(durations[i].ms);
		assert_string_equal(s, durations[i].text);
		free(s);
	}
	assert_int_equal(util_parse_port("1", &port), 0);
	assert_int_equal(port, 1);
	assert_int_equal(util_parse_port("65535", &port), 0);
	assert_int_equal(port, 65535);
	assert_int_equal(util_parse_port("0080", &port), 0);
	assert_int_equal(port, 80);
	for (i = 0; bad_ports[i] != NULL; i++) {
		port = 7;
		if (util_parse_port(bad_ports[i], &port) != -1)
			fail_msg("'%s' was taken for a port", bad_ports[i]);
		assert_int_equal(port, 7);
	}
}

/* A version file written on Windows: "$" still ends the line. */
static void
test_product_home_crlf(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_mkdir(f, "apim");
	fx_write(f, "apim/VERSION", "WSO2 API Manager\r\n4.4.0\r\n");
	fx_run(f, "product_home", "path: ${DIR}/apim\nversion_file: VERSION\n"
	    "version_pattern: '^([0-9.]+)$'\nversion: '4.4'\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "VERSION:2: version 4.4.0, as wanted");
	result_clear(&r);
}

/* The exit status is checked when expect_exit is given or no output
 * pattern is; a check of the output alone ignores it. */
static void
test_command_output_exit(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *s, *cause = NULL;

	fx_run(f, "command_output", "command: [sh, -c, 'echo version 1.2; "
	    "exit 3']\nexpect_match: '^version'\n", &r);
	assert_status(&r, STATUS_PASS);
	assert_contains(r.evidence, "exited with status 3");
	assert_null(strstr(r.evidence, "was wanted"));
	result_clear(&r);
	fx_run(f, "command_output", "command: [sh, -c, 'echo fine; exit 3']\n"
	    "expect_no_match: '^ERROR'\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	fx_run(f, "command_output", "command: [sh, -c, 'echo version 1.2; "
	    "exit 3']\nexpect_match: '^version'\nexpect_exit: 0\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "exit status 0 was wanted");
	result_clear(&r);
	fx_run(f, "command_output", "command: [sh, -c, 'echo version 1.2; "
	    "exit 3']\nexpect_match: '^version'\nexpect_exit: 3\n", &r);
	assert_status(&r, STATUS_PASS);
	result_clear(&r);

	/* Killed by a signal, it has not given all its output. */
	fx_run(f, "command_output", "command: [sh, -c, 'echo version 1.2; "
	    "kill -9 $$$$']\nexpect_match: '^version'\n", &r);
	assert_status(&r, STATUS_FAIL);
	assert_contains(r.evidence, "killed by signal 9");
	result_clear(&r);

	s = fx_describe(f, "command_output", "command: [true]\n"
	    "expect_match: x\n", &cause);
	assert_non_null(s);
	assert_contains(s, "The exit status is not checked, only the output.");
	assert_null(strstr(s, "Exit status wanted"));
	free(s);
	s = fx_describe(f, "command_output", "command: [true]\n", &cause);
	assert_non_null(s);
	assert_contains(s, "Exit status wanted: 0\n");
	free(s);
}

#define OUTSIDE_QUOTES	"in shell text a placeholder must stand outside " \
	"quotes: it is quoted for you"

/* In shell text a placeholder is refused where its value's quotes would
 * not protect it, at its own line and column. */
static void
test_shell_placeholders(void **state)
{
	struct diags d = DIAGS_INIT;

	/* '...' in YAML holding "..." for the shell. */
	assert_int_equal(validate("run", "command: 'echo \"name=${NAME}\"'\n"
	    "shell: true\n", &d), 1);
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].col, 22);
	assert_string_equal(d.v[0].msg, "'${NAME}': " OUTSIDE_QUOTES);
	diags_free(&d);

	/* "..." in YAML, with escapes before the placeholders. */
	assert_int_equal(validate("command_output", "command: \"echo \\\"a\\\" "
	    "'${A}' ${B} \\\"${C}\\\"\"\nshell: true\nexpect_match: x\n", &d),
	    2);
	assert_int_equal(d.v[0].col, 23);
	assert_contains(d.v[0].msg, "'${A}': " OUTSIDE_QUOTES);
	assert_int_equal(d.v[1].col, 36);
	assert_contains(d.v[1].msg, "'${C}': " OUTSIDE_QUOTES);
	diags_free(&d);

	/* A block: a backslash, a here-document, backquotes, a comment, and
	 * "..." around $(...); free ones and those in $(...) are fine. */
	assert_int_equal(validate("run", "command: |\n"
	    "  echo \\${A} ok\n"
	    "  cat <<-EOF\n"
	    "  \t${B}\n"
	    "  \tEOF\n"
	    "  echo `ls ${C}` ${D}  # ${E}\n"
	    "  f=\"$$(printf %s \"$$(date)\") ${F}\"\n"
	    "  g=$$(echo ${G}) ${H}\n"
	    "shell: true\n", &d), 5);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 9);
	assert_contains(d.v[0].msg, "'${A}': in shell text a placeholder must "
	    "not follow a backslash");
	assert_int_equal(d.v[1].line, 4);
	assert_int_equal(d.v[1].col, 4);
	assert_contains(d.v[1].msg, "'${B}': in shell text a placeholder "
	    "cannot stand in a here-document");
	assert_int_equal(d.v[2].line, 6);
	assert_int_equal(d.v[2].col, 12);
	assert_contains(d.v[2].msg, "'${C}': in shell text a placeholder "
	    "cannot stand inside backquotes");
	assert_int_equal(d.v[3].line, 6);
	assert_int_equal(d.v[3].col, 26);
	assert_contains(d.v[3].msg, "'${E}': in shell text a placeholder "
	    "cannot stand in a comment");
	assert_int_equal(d.v[4].line, 7);
	assert_int_equal(d.v[4].col, 31);
	assert_contains(d.v[4].msg, "'${F}': " OUTSIDE_QUOTES);
	diags_free(&d);

	/* Fine: outside quotes, in $(...), in ${...} of the shell, next to
	 * quoted text, after "$$" (a '$' for the shell). */
	assert_int_equal(validate("run", "command: 'cp ${A} \"$$HOME/x y\" && "
	    "echo $$(cat ${B}) ''lit''${C} $${X:-${D}} $$#'\nshell: true\n",
	    &d), 0);
	diags_free(&d);

	/* "case" in $(...) within "...": its ')' do not end the $(...). */
	assert_int_equal(validate("run", "command: 'x=\"$$(case a in a) echo "
	    "\"${A}\";; esac)\" ${B}'\nshell: true\n", &d), 1);
	assert_contains(d.v[0].msg, "'${A}': " OUTSIDE_QUOTES);
	diags_free(&d);

	/* $'...' with \' in it ends in different places in bash and dash:
	 * nothing after it is trusted. */
	assert_int_equal(validate("run", "command: \"echo $$'\\\\'' ${A}\"\n"
	    "shell: true\n", &d), 1);
	assert_contains(d.v[0].msg, "'${A}': " OUTSIDE_QUOTES);
	diags_free(&d);

	/* $((...)) reads a value's quotes as if in "...". */
	assert_int_equal(validate("run", "command: 'echo $$(( ${A} + 1 )) "
	    "${B}'\nshell: true\n", &d), 1);
	assert_int_equal(d.v[0].col, 21);
	assert_contains(d.v[0].msg, "'${A}': " OUTSIDE_QUOTES);
	diags_free(&d);

	/* An argv is not shell text. */
	assert_int_equal(validate("run", "command: [echo, '\"${A}\"']\n", &d),
	    0);
	diags_free(&d);
}

/* A value with $(...), backquotes, quotes, spaces and ';' runs as a
 * literal; a placeholder in quotes is refused at run time too. */
static void
test_shell_literal(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *want;

	fx_set(f, "V", "it's \"q\" $(touch %D/p1) `touch %D/p2` a  b; "
	    "${HOME} \\ end");
	fx_run(f, "run", "command: 'printf ''%s\\n'' ${V} > lit.txt'\n"
	    "shell: true\ncwd: ${DIR}\n", &r);
	assert_status(&r, STATUS_DONE);
	result_clear(&r);
	want = xprintf("it's \"q\" $(touch %s/p1) `touch %s/p2` a  b; "
	    "${HOME} \\ end\n", f->dir, f->dir);
	assert_fx_file(f, "lit.txt", want);
	free(want);
	assert_false(fx_exists(f, "p1"));
	assert_false(fx_exists(f, "p2"));

	fx_run(f, "run", "command: 'echo \"${V}\" > ran.txt'\nshell: true\n"
	    "cwd: ${DIR}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "'${V}': " OUTSIDE_QUOTES);
	result_clear(&r);
	assert_false(fx_exists(f, "ran.txt"));
	assert_false(fx_exists(f, "p1"));
	fx_run(f, "command_output", "command: 'echo \"${V}\"'\nshell: true\n",
	    &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, OUTSIDE_QUOTES);
	result_clear(&r);
	assert_false(fx_exists(f, "p1"));
}

/* "remove" never takes the state folder, a folder holding it, or one
 * holding this run's backup folder, which does not exist before its first
 * backup. */
static void
test_remove_guard(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *bdir = fx_path(f, "state/backup/000003-test-step");

	fx_mkdir(f, "state");
	fx_write(f, "state/journal", "j");
	fx_mkdir(f, "state/backup");
	fx_mkdir(f, "state/backup/000001-old");
	fx_write(f, "app.txt", "a");
	f->ctx.backup_dir = bdir;

	fx_run(f, "remove", "path: ${DIR}/state\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "refusing to remove");
	assert_contains(r.reason, "it is or holds the wizard's state folder");
	result_clear(&r);
	fx_run(f, "remove", "path: ${DIR}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "it is or holds the wizard's state folder");
	result_clear(&r);
	fx_run(f, "remove", "path: ${DIR}/state/backup/\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "it holds the backup folder");
	result_clear(&r);
	assert_fx_file(f, "state/journal", "j");
	assert_true(fx_exists(f, "state/backup/000001-old"));
	assert_false(fx_exists(f, "state/backup/000003-test-step"));
	assert_int_equal(f->nbackups, 0);

	fx_run(f, "remove", "path: ${DIR}/app.txt\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_int_equal(f->nbackups, 1);
	assert_int_equal(strncmp(f->backups[0].saved, bdir, strlen(bdir)), 0);
	result_clear(&r);
	f->ctx.backup_dir = f->backup;
	free(bdir);
}

/* A new folder on another file system than the scratch folder, or NULL.
 * The caller removes and frees it. */
static char *
other_fs_dir(const struct fx *f)
{
	struct stat a, b;
	char *p;

	if (stat("/dev/shm", &a) == -1 || !S_ISDIR(a.st_mode) ||
	    access("/dev/shm", W_OK) == -1 || stat(f->dir, &b) == -1 ||
	    a.st_dev == b.st_dev)
		return NULL;
	p = xstrdup("/dev/shm/wizard-test.XXXXXX");
	assert_non_null(mkdtemp(p));
	return p;
}

/* Give a path to the user nobody, when running as root. */
static void
give_away(const char *path)
{
	if (geteuid() == 0)
		assert_int_equal(lchown(path, 65534, 65534), 0);
}

/* Across file systems "remove" copies, records the backup while the
 * original is still there, and only then removes it. */
static void
test_remove_across(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *other, *bdir, *p, *mirror;

	if ((other = other_fs_dir(f)) == NULL) {
		print_message("# no second file system (/dev/shm): skipped\n");
		skip();
	}
	bdir = util_path_join(other, "state/backup/000001-test-step");
	f->ctx.backup_dir = bdir;
	fx_mkdir(f, "conf");
	fx_write(f, "conf/a.xml", "a");
	fx_run(f, "remove", "path: ${DIR}/conf\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_false(fx_exists(f, "conf"));
	assert_int_equal(f->nbackups, 1);
	assert_int_equal(f->backups[0].present, 1);
	assert_int_equal(f->backups[0].moved, 1);
	assert_int_equal(strncmp(f->backups[0].saved, bdir, strlen(bdir)), 0);
	p = util_path_join(f->backups[0].saved, "a.xml");
	assert_file(p, "a");
	free(p);
	result_clear(&r);

	/* Not recorded: the original stays as it was, the copy goes. */
	fx_write(f, "b.xml", "b");
	f->fail_backup = 1;
	fx_run(f, "remove", "path: ${DIR}/b.xml\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "the journal is full");
	result_clear(&r);
	assert_fx_file(f, "b.xml", "b");
	p = fx_path(f, "b.xml");
	mirror = util_path_join(bdir, p);
	assert_int_equal(access(mirror, F_OK), -1);
	free(mirror);
	free(p);

	f->ctx.backup_dir = f->backup;
	test_rmtree(other);
	free(other);
	free(bdir);
}

/* In the child: run "remove" on home/victim and report what came of it. */
static void
remove_victim(void *arg, int fd)
{
	static const char yaml[] = "path: ${DIR}/home/victim\n";
	struct fx *f = arg;
	const struct kind *k = kind_find("remove");
	struct result r;
	struct step step;
	char *cause = NULL;

	memset(&step, 0, sizeof step);
	step.id = (char *)"test-step";
	step.kind = k->step_kind;
	step.type = k;
	step.with = ynode_parse(yaml, strlen(yaml), "test.yaml", &cause);
	result_init(&r);
	if (step.with == NULL || k->run(&step, &f->ctx, &r) != 0)
		_exit(1);
	dprintf(fd, "%s\n%zu\n%d\n%s\n%s", status_name(r.status), f->nbackups,
	    f->nbackups > 0 ? f->backups[0].present : -1,
	    f->nbackups > 0 ? f->backups[0].saved : "-",
	    r.reason != NULL ? r.reason : "-");
	result_clear(&r);
	ynode_free(step.with);
}

/* Cut the first line off *s and return it. */
static char *
next_line(char **s)
{
	char *line = *s, *nl = strchr(line, '\n');

	assert_non_null(nl);
	*nl = '\0';
	*s = nl + 1;
	return line;
}

/* A removal across file systems that fails part way: the backup is
 * complete and recorded, the step failed (something changed), the reason
 * says what is where, and no mode of the original was changed to force
 * the removal. */
static void
test_remove_across_partial(void **state)
{
	struct fx *f = *state;
	struct stat st;
	char *other, *bdir, *out, *rest, *saved, *reason, *p, *want;
	const char *const tree[] = { "home", "home/victim",
	    "home/victim/sub", "home/victim/sub/x.txt", NULL };
	size_t i;

	if ((other = other_fs_dir(f)) == NULL) {
		print_message("# no second file system (/dev/shm): skipped\n");
		skip();
	}
	bdir = util_path_join(other, "state/backup/000001-test-step");
	f->ctx.backup_dir = bdir;
	/* victim is read-only: sub/x.txt can go, sub itself cannot. */
	assert_int_equal(chmod(f->dir, 0755), 0);
	fx_mkdir(f, "home");
	fx_mkdir(f, "home/victim");
	fx_mkdir(f, "home/victim/sub");
	fx_write(f, "home/victim/sub/x.txt", "x");
	for (i = 0; tree[i] != NULL; i++) {
		p = fx_path(f, tree[i]);
		give_away(p);
		free(p);
	}
	give_away(other);
	p = fx_path(f, "home/victim");
	assert_int_equal(chmod(p, 0555), 0);
	free(p);

	out = test_as_user(remove_victim, f);
	if (out == NULL) {
		test_rmtree(other);
		free(other);
		free(bdir);
		f->ctx.backup_dir = f->backup;
		print_message("# cannot become the user nobody: skipped\n");
		skip();
	}
	rest = out;
	assert_string_equal(next_line(&rest), "failed");
	assert_string_equal(next_line(&rest), "1");
	/* Recorded while the original was all there. */
	assert_string_equal(next_line(&rest), "1");
	saved = next_line(&rest);
	reason = rest;
	assert_int_equal(strncmp(saved, bdir, strlen(bdir)), 0);
	want = xprintf("is saved in full as %s, but removing the original "
	    "stopped after 1 entry: cannot remove folder %s/home/victim/sub",
	    saved, f->dir);
	assert_contains(reason, want);
	free(want);
	assert_contains(reason, "the rest of it is still there");

	/* The copy is whole; the original lost only what could go. */
	p = util_path_join(saved, "sub/x.txt");
	assert_file(p, "x");
	free(p);
	assert_true(fx_exists(f, "home/victim/sub"));
	assert_false(fx_exists(f, "home/victim/sub/x.txt"));
	p = fx_path(f, "home/victim");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0555);
	free(p);

	free(out);
	f->ctx.backup_dir = f->backup;
	test_rmtree(other);
	free(other);
	free(bdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_result),
		cmocka_unit_test_setup_teardown(test_expand, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_path_exists, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_path_exists_glob, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_file_contains, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_command_output, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_command_output_timeout,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_shell_quoting, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_tcp_port, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_tcp_port_silent, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_disk_free, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_product_home, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_run, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_run_cancel, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_copy, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_copy_glob_and_folder,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_move, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_remove, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_remove_unrecorded,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_mkdir, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_extract_tar, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_extract_zip, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_extract_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_describe, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_util_text),
		cmocka_unit_test_setup_teardown(test_product_home_crlf,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_command_output_exit,
		    fx_setup, fx_teardown),
		cmocka_unit_test(test_shell_placeholders),
		cmocka_unit_test_setup_teardown(test_shell_literal, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_remove_guard, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_remove_across, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_remove_across_partial,
		    fx_setup, fx_teardown),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_params),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
