/* test-tomledit.c: the toml_edit action over real files in a scratch
 * folder, each checked byte for byte; its preview (a unified diff); its
 * validation of the snippet; and diff_unified itself. */
#include "config.h"

#include "testutil.h"

#include "checklist.h"
#include "diag.h"
#include "diff.h"
#include "kind.h"
#include "toml.h"
#include "tomledit.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

#define MAX_BACKUPS 8

struct fx {
	char		*dir;
	char		*backup;
	struct run_ctx	 ctx;
	char		*original[MAX_BACKUPS];
	char		*saved[MAX_BACKUPS];
	size_t		 nbackups;
};

static const char *
fx_lookup(void *arg, const char *name)
{
	struct fx *f = arg;

	if (strcmp(name, "DIR") == 0)
		return f->dir;
	return NULL;
}

static int
fx_on_backup(void *arg, const char *original, const char *saved, mode_t mode,
    int moved, char **cause)
{
	struct fx *f = arg;

	(void)mode;
	(void)cause;
	assert_int_equal(moved, 0);
	assert_true(f->nbackups < MAX_BACKUPS);
	f->original[f->nbackups] = xstrdup(original);
	f->saved[f->nbackups++] = xstrdup(saved);
	return 0;
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = test_tmpdir();
	f->backup = util_path_join(f->dir, "backup");
	f->ctx.lookup = fx_lookup;
	f->ctx.lookup_arg = f;
	f->ctx.backup_dir = f->backup;
	f->ctx.on_backup = fx_on_backup;
	f->ctx.arg = f;
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	size_t i;

	test_rmtree(f->dir);
	for (i = 0; i < f->nbackups; i++) {
		free(f->original[i]);
		free(f->saved[i]);
	}
	free(f->dir);
	free(f->backup);
	free(f);
	return 0;
}

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
assert_fx_file(const struct fx *f, const char *name, const char *text)
{
	char *p = fx_path(f, name), *s = test_read_text(p);

	assert_string_equal(s, text);
	free(s);
	free(p);
}

static void
fx_step(struct step *step, const char *yaml)
{
	memset(step, 0, sizeof *step);
	step->id = (char *)"test-step";
	step->kind = STEP_ACTION;
	step->type = kind_find("toml_edit");
	assert_non_null(step->type);
	step->with = test_yaml(yaml);
}

/* Run toml_edit on ${DIR}/deployment.toml with the given snippet (indented
 * by the caller as a block scalar) and `after`. The caller clears r. */
static void
fx_run(struct fx *f, const char *after, const char *snippet, struct result *r)
{
	struct buf y = BUF_INIT;
	struct step step;
	const char *s;

	buf_adds(&y, "file: ${DIR}/deployment.toml\n");
	if (after != NULL)
		buf_printf(&y, "after: \"%s\"\n", after);
	buf_adds(&y, "toml: |\n  ");
	for (s = snippet; *s != '\0'; s++) {
		buf_addc(&y, *s);
		if (*s == '\n' && s[1] != '\0')
			buf_adds(&y, "  ");
	}
	fx_step(&step, buf_str(&y));
	result_init(r);
	assert_int_equal(step.type->run(&step, &f->ctx, r), 0);
	if (r->status == STATUS_ERROR || r->status == STATUS_FAILED)
		assert_non_null(r->reason);
	if (getenv("TEST_VERBOSE") != NULL)
		print_message("# %s\n#   evidence: %s\n#   reason: %s\n",
		    status_name(r->status),
		    r->evidence != NULL ? r->evidence : "-",
		    r->reason != NULL ? r->reason : "-");
	ynode_free(step.with);
	buf_free(&y);
}

/* Run it, expect the file to become want, run it again and expect nothing
 * to change; the backup of the first run holds the original. */
static void
fx_merge(struct fx *f, const char *before, const char *after,
    const char *snippet, const char *want, const char *evidence)
{
	struct result r;
	size_t n = f->nbackups;
	char *s;

	fx_write(f, "deployment.toml", before);
	fx_run(f, after, snippet, &r);
	assert_status(&r, STATUS_DONE);
	assert_fx_file(f, "deployment.toml", want);
	if (evidence != NULL)
		assert_contains(r.evidence, evidence);
	assert_int_equal(f->nbackups, n + 1);
	s = test_read_text(f->saved[n]);
	assert_string_equal(s, before);
	free(s);
	assert_contains(r.evidence, f->saved[n]);
	result_clear(&r);

	fx_run(f, after, snippet, &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "already as wanted, nothing changed");
	assert_fx_file(f, "deployment.toml", want);
	assert_int_equal(f->nbackups, n + 1);
	result_clear(&r);
}

static const char base_file[] =
    "# WSO2 API Manager\n"
    "[server]\n"
    "hostname = \"localhost\"   # the host name\n"
    "offset = 0\n"
    "\n"
    "[open_banking.dcr]\n"
    "enable = true\n"
    "# the validator\n"
    "validator = \"x\"\n"
    "\n"
    "[open_banking.dcr.token]\n"
    "ttl = 3600\n"
    "\n"
    "# Databases\n"
    "[database.apim_db]\n"
    "url = \"jdbc:mysql://db:3306/apim\"\n"
    "password = \"wso2carbon\"\n";

static void
test_set_value(void **state)
{
	struct fx *f = *state;
	char *want = xstrdup(base_file), *p;
	struct buf w = BUF_INIT;

	/* Only the value's bytes: the comment on the line stays. */
	p = strstr(want, "\"localhost\"");
	buf_add(&w, want, (size_t)(p - want));
	buf_adds(&w, "\"ob.example.com\"");
	buf_adds(&w, p + strlen("\"localhost\""));
	fx_merge(f, base_file, NULL, "[server]\nhostname = 'ob.example.com'\n"
	    "offset = 0\n", buf_str(&w),
	    "set server.hostname (was \"localhost\")");
	buf_free(&w);
	free(want);
}

static void
test_password_not_shown(void **state)
{
	struct fx *f = *state;
	struct result r;

	fx_write(f, "deployment.toml", base_file);
	fx_run(f, NULL, "[database.apim_db]\npassword = \"s3cret\"\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "set database.apim_db.password (was a "
	    "value not shown)");
	assert_null(strstr(r.evidence, "wso2carbon"));
	assert_null(strstr(r.evidence, "s3cret"));
	result_clear(&r);

	fx_run(f, NULL, "[server]\nkeystore_password = \"s3cret\"\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "added server.keystore_password (a value "
	    "not shown) to [server]");
	assert_null(strstr(r.evidence, "s3cret"));
	result_clear(&r);

	/* In any case: keyPassword, SECRET_KEY. */
	fx_run(f, NULL, "[server]\nkeyPassword = \"k3y\"\nSECRET_KEY = \"s3k\"\n",
	    &r);
	assert_status(&r, STATUS_DONE);
	assert_null(strstr(r.evidence, "k3y"));
	assert_null(strstr(r.evidence, "s3k"));
	result_clear(&r);
	assert_true(tomledit_secret_key("keyPassword", 11));
	assert_true(tomledit_secret_key("SECRET_KEY", 10));
	assert_false(tomledit_secret_key("node_ip", 7));
}

static void
test_add_key(void **state)
{
	struct fx *f = *state;

	fx_merge(f, base_file, NULL, "[server]\nnode_ip = \"10.0.0.1\"\n"
	    "[open_banking.dcr]\nenable = true\nauth.type = \"jwt\"\n",
	    "# WSO2 API Manager\n"
	    "[server]\n"
	    "hostname = \"localhost\"   # the host name\n"
	    "offset = 0\n"
	    "node_ip = \"10.0.0.1\"\n"
	    "\n"
	    "[open_banking.dcr]\n"
	    "enable = true\n"
	    "# the validator\n"
	    "validator = \"x\"\n"
	    "auth.type = \"jwt\"\n"
	    "\n"
	    "[open_banking.dcr.token]\n"
	    "ttl = 3600\n"
	    "\n"
	    "# Databases\n"
	    "[database.apim_db]\n"
	    "url = \"jdbc:mysql://db:3306/apim\"\n"
	    "password = \"wso2carbon\"\n",
	    "added node_ip = \"10.0.0.1\" to [server]");
}

/* The OB guide's block, with its typographic quote made plain, goes after
 * [open_banking.dcr] and the tables below it, before the comment of the
 * next table. */
static const char guide_block[] =
    "[open_banking.dcr.apim_rest_endpoints]\n"
    "app_creation = \"api/am/devportal/v3/applications\"\n"
    "key_generation = \"api/am/devportal/v3/applications/application-id/"
    "map-keys\"\n"
    "api_retrieve = \"api/am/devportal/v3/apis\"\n"
    "api_subscribe = \"api/am/devportal/v3/subscriptions/multiple\"\n"
    "retrieve_subscribe=\"api/am/devportal/v3/subscriptions\"\n";

static const char guide_want[] =
    "# WSO2 API Manager\n"
    "[server]\n"
    "hostname = \"localhost\"   # the host name\n"
    "offset = 0\n"
    "\n"
    "[open_banking.dcr]\n"
    "enable = true\n"
    "# the validator\n"
    "validator = \"x\"\n"
    "\n"
    "[open_banking.dcr.token]\n"
    "ttl = 3600\n"
    "\n"
    "[open_banking.dcr.apim_rest_endpoints]\n"
    "app_creation = \"api/am/devportal/v3/applications\"\n"
    "key_generation = \"api/am/devportal/v3/applications/application-id/"
    "map-keys\"\n"
    "api_retrieve = \"api/am/devportal/v3/apis\"\n"
    "api_subscribe = \"api/am/devportal/v3/subscriptions/multiple\"\n"
    "retrieve_subscribe = \"api/am/devportal/v3/subscriptions\"\n"
    "\n"
    "# Databases\n"
    "[database.apim_db]\n"
    "url = \"jdbc:mysql://db:3306/apim\"\n"
    "password = \"wso2carbon\"\n";

static void
test_add_table_after(void **state)
{
	struct fx *f = *state;

	fx_merge(f, base_file, "open_banking.dcr", guide_block, guide_want,
	    "added table [open_banking.dcr.apim_rest_endpoints] after "
	    "[open_banking.dcr]");
}

static void
test_add_table_at_end(void **state)
{
	struct fx *f = *state;
	struct buf w = BUF_INIT;

	buf_adds(&w, base_file);
	buf_adds(&w, "\n[application_mgt]\nenable_role_validation = true\n"
	    "list = [1, \"two\", { a = 1.5 }]\n");
	fx_merge(f, base_file, NULL, "[application_mgt]\n"
	    "enable_role_validation = true\nlist = [ 1, 'two', {a=1.5} ]\n",
	    buf_str(&w), "added table [application_mgt] at the end of the "
	    "file");
	buf_free(&w);
}

static void
test_array_of_tables(void **state)
{
	struct fx *f = *state;
	static const char before[] =
	    "[[datasource]]\n"
	    "id = \"WSO2OB_DB\"\n"
	    "url = \"jdbc:a\"\n"
	    "\n"
	    "[datasource.pool]\n"
	    "max = 5\n"
	    "\n"
	    "[[datasource]]\n"
	    "id = \"OTHER\"\n"
	    "\n"
	    "# tail\n"
	    "[server]\n"
	    "x = 1\n";

	/* An equal entry is there: nothing. */
	fx_write(f, "deployment.toml", before);
	{
		struct result r;

		fx_run(f, NULL, "[[datasource]]\nid = \"OTHER\"\n", &r);
		assert_status(&r, STATUS_DONE);
		assert_contains(r.evidence, "already as wanted");
		assert_int_equal(f->nbackups, 0);
		result_clear(&r);
	}
	fx_merge(f, before, NULL, "[[datasource]]\nid = \"NEW\"\n"
	    "pool = {max = 2}\n",
	    "[[datasource]]\n"
	    "id = \"WSO2OB_DB\"\n"
	    "url = \"jdbc:a\"\n"
	    "\n"
	    "[datasource.pool]\n"
	    "max = 5\n"
	    "\n"
	    "[[datasource]]\n"
	    "id = \"OTHER\"\n"
	    "\n"
	    "[[datasource]]\n"
	    "id = \"NEW\"\n"
	    "pool = { max = 2 }\n"
	    "\n"
	    "# tail\n"
	    "[server]\n"
	    "x = 1\n", "added an entry to [[datasource]]");
}

/* A table only named on the way ([a.b] makes a) gets a header only when
 * there are keys for it; a table after an array of tables goes after its
 * last entry; a long old value is cut in the evidence. */
static void
test_implicit_and_entries(void **state)
{
	struct fx *f = *state;
	struct result r;
	struct buf w = BUF_INIT;
	size_t i;

	fx_write(f, "deployment.toml", "[a.b]\nx = 1\n");
	fx_run(f, NULL, "[a]\n[a.b]\nx = 1\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "already as wanted");
	result_clear(&r);
	fx_merge(f, "[a.b]\nx = 1\n", NULL, "[a]\ny = 2\n",
	    "[a.b]\nx = 1\n\n[a]\ny = 2\n", "added table [a]");

	fx_merge(f, "[[d]]\nid = 1\n[d.p]\nq = 1\n[[d]]\nid = 2\n[d.p]\n"
	    "q = 2\n# next\n[z]\n", "d", "[new]\nk = 'v'\n",
	    "[[d]]\nid = 1\n[d.p]\nq = 1\n[[d]]\nid = 2\n[d.p]\nq = 2\n"
	    "\n[new]\nk = \"v\"\n# next\n[z]\n", "added table [new] after [d]");

	buf_adds(&w, "[a]\nurl = \"");
	for (i = 0; i < 70; i++)
		buf_addc(&w, (char)('a' + i % 26));
	buf_adds(&w, "\"\n");
	fx_write(f, "deployment.toml", buf_str(&w));
	fx_run(f, NULL, "[a]\nurl = \"short\"\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "set a.url (was \"abcdefghijklmnopqrstuvwxyz"
	    "abcdefghijklmnopqrstuvwxyzabcd...)");
	assert_fx_file(f, "deployment.toml", "[a]\nurl = \"short\"\n");
	result_clear(&r);
	buf_free(&w);
}

static void
test_crlf(void **state)
{
	struct fx *f = *state;

	fx_merge(f, "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\n", "a",
	    "[a]\nx = 2\nz = \"new\"\n[a.c]\nk = true\n",
	    "[a]\r\nx = 2\r\nz = \"new\"\r\n\r\n[a.c]\r\nk = true\r\n"
	    "\r\n[b]\r\ny = 2\r\n", "set a.x (was 1)");
}

static void
test_no_final_newline(void **state)
{
	struct fx *f = *state;

	fx_merge(f, "[a]\nx = 1", NULL, "[a]\ny = 2\n",
	    "[a]\nx = 1\ny = 2", NULL);
	fx_merge(f, "[a]\nx = 1", NULL, "[b]\ny = 2\n",
	    "[a]\nx = 1\n\n[b]\ny = 2", NULL);
	fx_merge(f, "[a]\r\nx = 1", NULL, "[b]\ny = 2\n",
	    "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2", NULL);
	/* An empty file takes the snippet with a final newline. */
	fx_merge(f, "", NULL, "top = 1\n[b]\ny = 2\n",
	    "top = 1\n\n[b]\ny = 2\n", NULL);
}

static void
test_target_refused(void **state)
{
	struct fx *f = *state;
	static const char bad[] = "[a]\nx = 1\nx = 2\n";
	static const char typo[] = "[a]\nx = \"v\xe2\x80\x9d\n";
	static const char dotted[] = "[a]\nb.c = 1\n";
	static const char inl[] = "a = {b = 1}\n";
	struct result r;

	fx_write(f, "deployment.toml", bad);
	fx_run(f, NULL, "[a]\ny = 1\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "deployment.toml:3:1: duplicate key 'x'");
	assert_fx_file(f, "deployment.toml", bad);
	assert_int_equal(f->nbackups, 0);
	result_clear(&r);

	fx_write(f, "deployment.toml", typo);
	fx_run(f, NULL, "[a]\ny = 1\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "deployment.toml:2:7: a typographic quote");
	assert_fx_file(f, "deployment.toml", typo);
	result_clear(&r);

	fx_write(f, "deployment.toml", dotted);
	fx_run(f, NULL, "[a.b]\nd = 1\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "[a.b] is made by dotted keys");
	assert_fx_file(f, "deployment.toml", dotted);
	result_clear(&r);

	fx_write(f, "deployment.toml", inl);
	fx_run(f, NULL, "[a]\nc = 1\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "deployment.toml:1:5: [a] is written as an "
	    "inline table");
	assert_fx_file(f, "deployment.toml", inl);
	result_clear(&r);

	/* 'after' names no table: refused, untouched. */
	fx_write(f, "deployment.toml", "[a]\n");
	fx_run(f, "nowhere", "[b]\nc = 1\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "there is no table [nowhere]");
	assert_fx_file(f, "deployment.toml", "[a]\n");
	result_clear(&r);

	/* A result that would not parse is not written. */
	fx_write(f, "deployment.toml", "a = 1\n");
	fx_run(f, NULL, "[a.b]\nc = 1\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "would not be valid TOML");
	assert_contains(r.reason, "deployment.toml:3:");
	assert_fx_file(f, "deployment.toml", "a = 1\n");
	result_clear(&r);

	/* Missing file. */
	fx_run(f, NULL, "[a]\n", &r);
	assert_status(&r, STATUS_ERROR);
	result_clear(&r);
	assert_int_equal(f->nbackups, 0);
}

static void
test_mode_kept(void **state)
{
	struct fx *f = *state;
	struct result r;
	struct stat st;
	char *p = fx_path(f, "deployment.toml");

	fx_write(f, "deployment.toml", "[a]\nx = 1\n");
	assert_int_equal(chmod(p, 0604), 0);
	fx_run(f, NULL, "[a]\nx = 2\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	assert_fx_file(f, "deployment.toml", "[a]\nx = 2\n");
	result_clear(&r);
	/* The owner too, where the test may give the file another one. */
	if (geteuid() == 0) {
		assert_int_equal(chown(p, 65534, 65534), 0);
		fx_run(f, NULL, "[a]\nx = 3\n", &r);
		assert_status(&r, STATUS_DONE);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_uid, 65534);
		assert_int_equal(st.st_gid, 65534);
		assert_int_equal(st.st_mode & 07777, 0604);
		result_clear(&r);
		/* The set-id bits survive the change of owner. */
		assert_int_equal(chmod(p, 06755), 0);
		fx_run(f, NULL, "[a]\nx = 4\n", &r);
		assert_status(&r, STATUS_DONE);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_uid, 65534);
		assert_int_equal(st.st_mode & 07777, 06755);
		result_clear(&r);
	}
	free(p);
}

static void
test_preview(void **state)
{
	struct fx *f = *state;
	struct step step;
	char *s, *cause = NULL;

	fx_write(f, "deployment.toml", base_file);
	fx_step(&step, "file: ${DIR}/deployment.toml\n"
	    "toml: |\n  [open_banking.dcr.token]\n  ttl = 60\n");
	s = step.type->describe(&step, &f->ctx, &cause);
	assert_non_null(s);
	assert_contains(s, "--- a/deployment.toml\n"
	    "+++ b/deployment.toml\n"
	    "@@ -9,7 +9,7 @@\n"
	    " validator = \"x\"\n"
	    " \n"
	    " [open_banking.dcr.token]\n"
	    "-ttl = 3600\n"
	    "+ttl = 60\n"
	    " \n"
	    " # Databases\n"
	    " [database.apim_db]\n");
	/* The preview changed nothing. */
	assert_fx_file(f, "deployment.toml", base_file);
	free(s);
	ynode_free(step.with);

	/* A password is not shown, not even as a line of context. */
	fx_step(&step, "file: ${DIR}/deployment.toml\n"
	    "toml: |\n  [database.apim_db]\n  url = \"jdbc:h2:x\"\n"
	    "  password = \"s3cret\"\n");
	s = step.type->describe(&step, &f->ctx, &cause);
	assert_non_null(s);
	assert_contains(s, "-url = \"jdbc:mysql://db:3306/apim\"\n"
	    "-password = (a value not shown)\n"
	    "+url = \"jdbc:h2:x\"\n"
	    "+password = (a value not shown)\n");
	assert_null(strstr(s, "wso2carbon"));
	assert_null(strstr(s, "s3cret"));
	free(s);
	ynode_free(step.with);
	fx_step(&step, "file: ${DIR}/deployment.toml\n"
	    "toml: |\n  [database.apim_db]\n  url = \"jdbc:h2:x\"\n");
	s = step.type->describe(&step, &f->ctx, &cause);
	assert_non_null(s);
	assert_contains(s, "+url = \"jdbc:h2:x\"\n"
	    " password = (a value not shown)\n");
	assert_null(strstr(s, "wso2carbon"));
	free(s);
	ynode_free(step.with);

	fx_step(&step, "file: ${DIR}/deployment.toml\n"
	    "toml: |\n  [server]\n  offset = 0\n");
	s = step.type->describe(&step, &f->ctx, &cause);
	assert_contains(s, "already as wanted");
	free(s);
	ynode_free(step.with);

	fx_step(&step, "file: ${NOPE}/deployment.toml\ntoml: \"a = 1\"\n");
	s = step.type->describe(&step, &f->ctx, &cause);
	assert_null(s);
	assert_contains(cause, "NOPE");
	free(cause);
	ynode_free(step.with);
}

static void
test_diff(void **state)
{
	char *s;

	(void)state;
	s = diff_unified("a/x", "1\n2\n", 4, "b/x", "1\n2\n", 4);
	assert_string_equal(s, "");
	free(s);
	s = diff_unified("a/x", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n", 24,
	    "b/x", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nK\nl\n", 24);
	assert_string_equal(s, "--- a/x\n+++ b/x\n"
	    "@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
	    "@@ -8,5 +8,5 @@\n h\n i\n j\n-k\n+K\n l\n");
	free(s);
	/* Near changes share a hunk; a line added at the end of a text
	 * without a final newline. */
	s = diff_unified("a/x", "a\nb", 3, "b/x", "a\nb\nc", 5);
	assert_string_equal(s, "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n"
	    "-b\n\\ No newline at end of file\n+b\n+c\n"
	    "\\ No newline at end of file\n");
	free(s);
	s = diff_unified("a/x", "", 0, "b/x", "n\n", 2);
	assert_string_equal(s, "--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+n\n");
	free(s);
}

/* The guide's block as written (with its typographic quote) is refused at
 * validation, at its place in the checklist; made plain, it is valid. */
static void
test_validate(void **state)
{
	struct fx *f = *state;
	const struct kind *k = kind_find("toml_edit");
	struct diags d = DIAGS_INIT;
	struct ynode *doc;
	char *path = fx_path(f, "guide.yaml"), *cause = NULL, *msg;
	static const char yaml[] =
	    "file: x.toml\n"
	    "after: \"a..b\"\n"
	    "toml: |\n"
	    "    [open_banking.dcr.apim_rest_endpoints]\n"
	    "    api_retrieve = \"api/am/devportal/v3/apis\"\n"
	    "\n"
	    "    retrieve_subscribe=\"api/am/devportal/v3/subscriptions"
	    "\xe2\x80\x9d\n";

	fx_write(f, "guide.yaml", yaml);
	doc = ynode_parse_file(path, &cause);
	assert_non_null(doc);
	assert_int_equal(k->validate(doc, path, &d), 2);
	diags_sort(&d);
	assert_int_equal(d.v[0].line, 2);
	assert_contains(d.v[0].msg, "not a TOML table name");
	assert_int_equal(d.v[1].line, 7);
	assert_int_equal(d.v[1].col, 58);
	assert_string_equal(d.v[1].msg, "a typographic quote (U+201D) is not "
	    "a TOML quote");
	diags_free(&d);
	ynode_free(doc);

	/* Quoted: at the value, saying where in it. */
	doc = test_yaml("file: x\ntoml: \"a = [\"\n");
	assert_int_equal(k->validate(doc, "t.yaml", &d), 1);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 7);
	msg = d.v[0].msg;
	assert_contains(msg, "'toml', line 1, column");
	diags_free(&d);
	ynode_free(doc);

	/* Placeholders are values for the check; tables in entries are
	 * refused. */
	doc = test_yaml("file: x\ntoml: |\n  port = ${PORT}\n  [[a]]\n  [a.b]\n");
	assert_int_equal(k->validate(doc, "t.yaml", &d), 1);
	assert_contains(d.v[0].msg, "[a.b] is inside an entry of [[a]]");
	diags_free(&d);
	ynode_free(doc);

	doc = test_yaml("file: x\nafter: a.b\ntoml: |\n"
	    "  [open_banking.dcr.apim_rest_endpoints]\n"
	    "  retrieve_subscribe=\"api/am/devportal/v3/subscriptions\"\n");
	assert_int_equal(k->validate(doc, "t.yaml", &d), 0);
	diags_free(&d);
	ynode_free(doc);
	free(path);
}

/* A table below the last entry written after other tables still belongs
 * to that entry: the new entry goes after it, not between the two (where
 * the table would move into the new entry). */
static void
test_entry_after_its_tables(void **state)
{
	struct fx *f = *state;

	fx_merge(f,
	    "[[apim.gateway.environment]]\n"
	    "name = \"Default\"\n"
	    "\n"
	    "[server]\n"
	    "offset = 0\n"
	    "\n"
	    "[apim.gateway.environment.properties]\n"
	    "region = \"eu\"\n"
	    "\n"
	    "# Databases\n"
	    "[database.apim_db]\n"
	    "url = \"x\"\n",
	    NULL,
	    "[[apim.gateway.environment]]\nname = \"Second\"\n",
	    "[[apim.gateway.environment]]\n"
	    "name = \"Default\"\n"
	    "\n"
	    "[server]\n"
	    "offset = 0\n"
	    "\n"
	    "[apim.gateway.environment.properties]\n"
	    "region = \"eu\"\n"
	    "\n"
	    "[[apim.gateway.environment]]\n"
	    "name = \"Second\"\n"
	    "\n"
	    "# Databases\n"
	    "[database.apim_db]\n"
	    "url = \"x\"\n",
	    "added an entry to [[apim.gateway.environment]]");
}

/* The merge engine alone: a snippet that does not parse is refused with
 * its place. */
static void
test_apply_snippet_errors(void **state)
{
	char *out, *notes, *cause;
	size_t len;

	(void)state;
	assert_int_equal(tomledit_apply("[a]\n", 4, "f.toml", "[a]\nx = \n",
	    10, "toml", NULL, &out, &len, &notes, &cause), -1);
	assert_contains(cause, "toml:2:5:");
	assert_null(out);
	free(cause);
	assert_int_equal(tomledit_apply("[a]\n", 4, "f.toml", "[[a.b]]\n[a.b.c]\n",
	    16, "toml", NULL, &out, &len, &notes, &cause), -1);
	assert_contains(cause, "toml:2:1: [a.b.c] is inside an entry");
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_value, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_password_not_shown,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_key, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_table_after, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_table_at_end,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_array_of_tables, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_implicit_and_entries,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_entry_after_its_tables,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_crlf, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_final_newline,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_target_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_mode_kept, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_preview, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_diff),
		cmocka_unit_test_setup_teardown(test_validate, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_apply_snippet_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
