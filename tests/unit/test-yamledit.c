/* test-yamledit.c: the "yaml_edit" action over real files in a scratch
 * folder, with byte-for-byte expected results, and the unified diff of its
 * preview (diff.c). */
#include "config.h"

#include "testutil.h"

#include "buf.h"
#include "diff.h"
#include "kind.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

#define MAX_BACKUPS	8

struct fx {
	char		*dir;
	char		*backup;
	char		*file;		/* dir/migration-config.yaml */
	struct run_ctx	 ctx;
	char		*originals[MAX_BACKUPS];
	char		*saved[MAX_BACKUPS];
	size_t		 nbackups;
};

static const char *
fx_lookup(void *arg, const char *name)
{
	struct fx *f = arg;

	if (strcmp(name, "MIGRATION_HOME") == 0)
		return f->dir;
	if (strcmp(name, "VERSION") == 0)
		return "5.10.0";
	return NULL;
}

static int
fx_on_backup(void *arg, const char *original, const char *saved, mode_t mode,
    int moved, char **cause)
{
	struct fx *f = arg;

	assert_true(f->nbackups < MAX_BACKUPS);
	assert_false(moved);
	f->originals[f->nbackups] = xstrdup(original);
	f->saved[f->nbackups++] = xstrdup(saved);
	return 0;
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char *res;

	f->dir = test_tmpdir();
	f->backup = util_path_join(f->dir, "backup");
	res = util_path_join(f->dir, "migration-resources");
	assert_int_equal(mkdir(res, 0755), 0);
	f->file = util_path_join(res, "migration-config.yaml");
	free(res);
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
		free(f->originals[i]);
		free(f->saved[i]);
	}
	free(f->dir);
	free(f->backup);
	free(f->file);
	free(f);
	return 0;
}

static void
assert_file(const char *path, const char *text)
{
	char *s = test_read_text(path);

	assert_string_equal(s, text);
	free(s);
}

static void
fx_step(struct step *step, const char *yaml)
{
	const struct kind *k = kind_find("yaml_edit");

	assert_non_null(k);
	memset(step, 0, sizeof *step);
	step->id = (char *)"test-step";
	step->kind = k->step_kind;
	step->type = k;
	step->with = test_yaml(yaml);
}

/* Run yaml_edit with the parameters in yaml; the caller clears r. */
static enum status
fx_run(struct fx *f, const char *yaml, struct result *r)
{
	struct step step;

	fx_step(&step, yaml);
	result_init(r);
	assert_int_equal(step.type->run(&step, &f->ctx, r), 0);
	ynode_free(step.with);
	if (getenv("TEST_VERBOSE") != NULL)
		print_message("# %s\n#   evidence: %s\n#   reason: %s\n",
		    status_name(r->status),
		    r->evidence != NULL ? r->evidence : "-",
		    r->reason != NULL ? r->reason : "-");
	if (r->status == STATUS_ERROR || r->status == STATUS_FAILED)
		assert_non_null(r->reason);
	return r->status;
}

static char *
fx_describe(struct fx *f, const char *yaml, char **cause)
{
	struct step step;
	char *s;

	fx_step(&step, yaml);
	s = step.type->describe(&step, &f->ctx, cause);
	ynode_free(step.with);
	return s;
}

static int
validate(const char *yaml, struct diags *d)
{
	const struct kind *k = kind_find("yaml_edit");
	struct ynode *with = test_yaml(yaml);
	int n;

	n = params_validate(with, k->params, "test.yaml", "yaml_edit", d);
	n += k->validate(with, "test.yaml", d);
	ynode_free(with);
	return n;
}

/*
 * The IS migration client's file, written with "- name: x" on the dash's
 * line and comments, in pieces so that the expected results are the same
 * pieces without the removed ones.
 */
#define C_HEAD(enable)							\
	"# Settings of the IS migration client.\n"			\
	"migrationEnable: \"" enable "\"   # \"true\" to run it\n"	\
	"currentVersion: \"5.9.0\"\n"					\
	"migrateVersion: \"5.11.0\"\n"					\
	"continueOnError: 'false'\n"					\
	"reportPath: reports/migration\n"				\
	"\n"								\
	"versions:\n"
#define C_VER(v)							\
	"- version: \"" v "\"\n"					\
	"  migratorConfigs:\n"						\
	"  # The migrators, in order.\n"
#define C_VALID								\
	"  - name: \"MigrationValidator\"\n"				\
	"    order: 2\n"
#define C_STEP1								\
	"  - name: \"SchemaMigrator\"\n"				\
	"    order: 4\n"						\
	"    parameters:\n"						\
	"      location: \"step1\"\n"					\
	"      schema: \"identity\"\n"
#define C_STEP2								\
	"  # Step 2 of the schema.\n"					\
	"  - name: \"SchemaMigrator\"\n"				\
	"    order: 5\n"						\
	"    parameters:\n"						\
	"      location: \"step2\"   # after the data\n"		\
	"      schema: \"identity\"\n"					\
	"      # the identity database\n"				\
	"\n"
#define C_REG								\
	"  - name: \"RegistryDataMigrator\"\n"				\
	"    order: 8\n"
#define C_TENANT							\
	"\n"								\
	"  - name: \"TenantPortalMigrator\"\n"				\
	"    order: 11\n"						\
	"    # the portal's files\n"
#define C_ALL(v)							\
	C_VER(v) C_VALID C_STEP1 C_STEP2 C_REG C_TENANT

static const char compact[] =
	C_HEAD("false")
	C_ALL("5.9.0")
	"\n"
	C_ALL("5.10.0")
	"\n"
	C_ALL("5.11.0")
	"# end\n";

static const char compact_removed[] =
	C_HEAD("false")
	C_ALL("5.9.0")
	"\n"
	C_VER("5.10.0") C_STEP1 C_REG
	"\n"
	C_ALL("5.11.0")
	"# end\n";

static const char compact_done[] =
	C_HEAD("true")
	C_ALL("5.9.0")
	"\n"
	C_VER("5.10.0") C_STEP1 C_REG
	"\n"
	C_ALL("5.11.0")
	"# end\n";

/* The guide's way: "-" alone on its line, the keys below it. */
#define G_VER(v)							\
	"  -\n"								\
	"    version: \"" v "\"\n"					\
	"    migratorConfigs:\n"
#define G_VALID								\
	"      -\n"							\
	"        name: \"MigrationValidator\"\n"			\
	"        order: 2\n"
#define G_STEP1								\
	"      -\n"							\
	"        name: \"SchemaMigrator\"\n"				\
	"        order: 5\n"						\
	"        parameters:\n"						\
	"          location: \"step1\"\n"				\
	"          schema: \"identity\"\n"
#define G_STEP2								\
	"      -\n"							\
	"        name: \"SchemaMigrator\"\n"				\
	"        order: 5\n"						\
	"        parameters:\n"						\
	"          location: \"step2\"\n"				\
	"          schema: \"identity\"\n"
#define G_TENANT							\
	"      -\n"							\
	"        name: \"TenantPortalMigrator\"\n"			\
	"        order: 11\n"
#define G_ALL(v) G_VER(v) G_VALID G_STEP1 G_STEP2 G_TENANT

static const char guide[] =
	"migrationEnable: \"false\"\n"
	"versions:\n"
	G_ALL("5.9.0")
	G_ALL("5.10.0")
	G_ALL("5.11.0");

static const char guide_removed[] =
	"migrationEnable: \"false\"\n"
	"versions:\n"
	G_ALL("5.9.0")
	G_VER("5.10.0") G_STEP1
	G_ALL("5.11.0");

static const char guide_both[] =
	"migrationEnable: \"true\"\n"
	"versions:\n"
	G_ALL("5.9.0")
	G_VER("5.10.0") G_STEP1
	G_VER("5.11.0") G_VALID G_STEP1 G_STEP2
	"      -\n"
	"        name: \"TenantPortalMigrator\"\n"
	"        order: 12\n";

static const char removals[] =
	"file: ${MIGRATION_HOME}/migration-resources/migration-config.yaml\n"
	"remove:\n"
	"  - {list: \"versions[version=${VERSION}].migratorConfigs\", "
	"match: {name: MigrationValidator}}\n"
	"  - {list: \"versions[version=5.10.0].migratorConfigs\", "
	"match: {name: SchemaMigrator, parameters.location: step2}}\n"
	"  - {list: \"versions[version=5.10.0].migratorConfigs\", "
	"match: {name: TenantPortalMigrator}}\n";

static const char enable[] =
	"file: ${MIGRATION_HOME}/migration-resources/migration-config.yaml\n"
	"set:\n"
	"  - {path: migrationEnable, value: \"true\"}\n";

/* The three removals of the guide, then migrationEnable; a second run
 * changes nothing; the backup is the original. */
static void
test_compact(void **state)
{
	struct fx *f = *state;
	struct result r;
	struct stat st;

	test_write(f->file, compact);
	assert_int_equal(chmod(f->file, 0640), 0);
	fx_run(f, removals, &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "removed 3 entries from "
	    "versions[version=5.10.0].migratorConfigs: MigrationValidator "
	    "(line 37), SchemaMigrator (line 45), TenantPortalMigrator "
	    "(line 55)\n");
	assert_contains(r.evidence, f->backup);
	assert_file(f->file, compact_removed);
	assert_int_equal(stat(f->file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(f->nbackups, 1);
	assert_string_equal(f->originals[0], f->file);
	assert_file(f->saved[0], compact);
	assert_contains(r.evidence, f->saved[0]);
	result_clear(&r);

	fx_run(f, enable, &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence,
	    "set migrationEnable to \"true\" (was \"false\")");
	assert_file(f->file, compact_done);
	assert_int_equal(f->nbackups, 2);
	assert_file(f->saved[1], compact_removed);
	result_clear(&r);

	/* Again: nothing to do, nothing saved, nothing written. */
	fx_run(f, removals, &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "already as wanted");
	assert_contains(r.evidence, "no entry of "
	    "versions[version=5.10.0].migratorConfigs has name = "
	    "SchemaMigrator, parameters.location = step2");
	result_clear(&r);
	fx_run(f, enable, &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "already as wanted");
	assert_contains(r.evidence, "migrationEnable is already \"true\"");
	result_clear(&r);
	assert_int_equal(f->nbackups, 2);
	assert_file(f->file, compact_done);
}

/* Both in one step, over the guide's "dash alone" style. */
static void
test_guide_style(void **state)
{
	struct fx *f = *state;
	struct result r;
	struct buf both = BUF_INIT;

	test_write(f->file, guide);
	fx_run(f, removals, &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "MigrationValidator (line 27)");
	assert_file(f->file, guide_removed);
	result_clear(&r);

	test_write(f->file, guide);
	buf_adds(&both, removals);
	buf_adds(&both, "set:\n  - {path: migrationEnable, value: \"true\"}\n"
	    "  - {path: \"versions[2].migratorConfigs[name=TenantPortalMigrator]"
	    ".order\", value: \"12\"}\n");
	fx_run(f, buf_str(&both), &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "set versions[2].migratorConfigs"
	    "[name=TenantPortalMigrator].order to \"12\" (was \"11\")");
	result_clear(&r);
	assert_file(f->file, guide_both);
	buf_free(&both);
}

/* Quoting styles are kept; a value that cannot be plain is quoted. */
static void
test_set_styles(void **state)
{
	struct fx *f = *state;
	struct result r;

	test_write(f->file,
	    "a: \"x\"  # double\n"
	    "b: 'y'\n"
	    "c: plain\n"
	    "d: plain\n"
	    "list: [1, 2]\n"
	    "e:\n"
	    "  - k: v\n");
	fx_run(f, "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n"
	    "set:\n"
	    "  - {path: a, value: 'say \"hi\"'}\n"
	    "  - {path: b, value: \"it's\"}\n"
	    "  - {path: c, value: other}\n"
	    "  - {path: d, value: 'key: value'}\n"
	    "  - {path: 'list[1]', value: '3,4'}\n"
	    "  - {path: 'e[0].k', value: w}\n", &r);
	assert_status(&r, STATUS_DONE);
	assert_file(f->file,
	    "a: \"say \\\"hi\\\"\"  # double\n"
	    "b: 'it''s'\n"
	    "c: other\n"
	    "d: \"key: value\"\n"
	    "list: [1, \"3,4\"]\n"
	    "e:\n"
	    "  - k: w\n");
	result_clear(&r);
}

/* A path that is not there: nothing is invented, the file is untouched. */
static void
test_missing_path(void **state)
{
	struct fx *f = *state;
	struct result r;

	test_write(f->file, compact);
	fx_run(f, "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n"
	    "set:\n  - {path: migrationEnabled, value: \"true\"}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "there is no top-level key "
	    "'migrationEnabled'");
	result_clear(&r);

	fx_run(f, "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n"
	    "set:\n  - {path: \"versions[version=5.10.0].migrators[0].name\", "
	    "value: x}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "versions[version=5.10.0] was found "
	    "(line 34), but it has no key 'migrators'");
	result_clear(&r);

	fx_run(f, "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n"
	    "remove:\n  - {list: \"versions[version=6.0.0].migratorConfigs\", "
	    "match: {name: x}}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "none of its 3 items has version = 6.0.0");
	result_clear(&r);

	fx_run(f, "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n"
	    "set:\n  - {path: versions, value: x}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "not a single value");
	result_clear(&r);

	assert_file(f->file, compact);
	assert_int_equal(f->nbackups, 0);
}

/* A file that does not parse is refused with its place, untouched. */
static void
test_broken(void **state)
{
	struct fx *f = *state;
	struct result r;
	static const char bad[] =
	    "migrationEnable: \"false\"\n"
	    "versions:\n"
	    "  - version: \"5.10.0\n";
	char *want;

	test_write(f->file, bad);
	fx_run(f, enable, &r);
	assert_status(&r, STATUS_ERROR);
	/* Where libyaml stops, with where the quoted text started. */
	want = xprintf("%s:4:1: ", f->file);
	assert_contains(r.reason, want);
	free(want);
	assert_contains(r.reason, "line 3, column 14");
	assert_contains(r.reason, "not valid YAML");
	result_clear(&r);
	assert_file(f->file, bad);
	assert_int_equal(f->nbackups, 0);
}

/* Flow lists are refused; emptying a list is refused. */
static void
test_refused(void **state)
{
	struct fx *f = *state;
	struct result r;
	static const char text[] =
	    "a: [{name: x}, {name: y}]\n"
	    "b:\n"
	    "  - name: x\n";

	test_write(f->file, text);
	fx_run(f, "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n"
	    "remove:\n  - {list: a, match: {name: x}}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "in brackets");
	result_clear(&r);
	fx_run(f, "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n"
	    "remove:\n  - {list: b, match: {name: x}}\n", &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "leaving the list empty");
	result_clear(&r);
	assert_file(f->file, text);
	assert_int_equal(f->nbackups, 0);
}

/* The preview is the diff of what will change. */
static void
test_preview(void **state)
{
	struct fx *f = *state;
	char *cause = NULL, *s, *want;

	test_write(f->file, guide);
	s = fx_describe(f, removals, &cause);
	assert_non_null(s);
	want = xprintf("Edit %s (saved to the backup folder first):\n"
	    "removed 3 entries from versions[version=5.10.0].migratorConfigs: "
	    "MigrationValidator (line 27), SchemaMigrator (line 36), "
	    "TenantPortalMigrator (line 42)\n"
	    "\n"
	    "--- a/%s\n"
	    "+++ b/%s\n"
	    "@@ -24,24 +24,12 @@\n"
	    "   -\n"
	    "     version: \"5.10.0\"\n"
	    "     migratorConfigs:\n"
	    "-      -\n"
	    "-        name: \"MigrationValidator\"\n"
	    "-        order: 2\n"
	    "       -\n"
	    "         name: \"SchemaMigrator\"\n"
	    "         order: 5\n"
	    "         parameters:\n"
	    "           location: \"step1\"\n"
	    "           schema: \"identity\"\n"
	    "-      -\n"
	    "-        name: \"SchemaMigrator\"\n"
	    "-        order: 5\n"
	    "-        parameters:\n"
	    "-          location: \"step2\"\n"
	    "-          schema: \"identity\"\n"
	    "-      -\n"
	    "-        name: \"TenantPortalMigrator\"\n"
	    "-        order: 11\n"
	    "   -\n"
	    "     version: \"5.11.0\"\n"
	    "     migratorConfigs:\n",
	    f->file, f->file + 1, f->file + 1);
	assert_string_equal(s, want);
	free(want);
	free(s);
	assert_file(f->file, guide);
	assert_int_equal(f->nbackups, 0);
}

/* What the preview says when there is nothing to do, or it cannot run. */
static void
test_preview_states(void **state)
{
	struct fx *f = *state;
	char *cause = NULL, *s, *want;

	test_write(f->file, compact_done);
	s = fx_describe(f, enable, &cause);
	assert_non_null(s);
	want = xprintf("%s is already as wanted; nothing will change:\n"
	    "migrationEnable is already \"true\"\n", f->file);
	assert_string_equal(s, want);
	free(want);
	free(s);

	assert_int_equal(unlink(f->file), 0);
	s = fx_describe(f, enable, &cause);
	assert_non_null(s);
	assert_contains(s, "It cannot run as things are now: ");
	assert_contains(s, f->file);
	free(s);
	assert_int_equal(f->nbackups, 0);
}

/* Two "remove" entries matching the same entry remove it once; together
 * they may not empty a list; a value to set in a removed entry is refused;
 * CRLF lines and a link to the file. */
static void
test_overlaps(void **state)
{
	struct fx *f = *state;
	struct result r;
	char *real;
	static const char text[] =
	    "l:\r\n"
	    "  - {name: a, n: 1}\r\n"
	    "  - {name: b, n: 2}  # b\r\n"
	    "  - {name: c, n: 2}\r\n";
	static const char head[] =
	    "file: ${MIGRATION_HOME}/migration-resources/"
	    "migration-config.yaml\n";
	struct buf y = BUF_INIT;
	struct stat st;

	real = util_path_join(f->dir, "real.yaml");
	test_write(real, text);
	assert_int_equal(symlink(real, f->file), 0);

	buf_printf(&y, "%sremove:\n"
	    "  - {list: l, match: {name: a}}\n"
	    "  - {list: l, match: {n: '2'}}\n"
	    "  - {list: l, match: {name: c}}\n", head);
	fx_run(f, buf_str(&y), &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "leaving the list empty");
	result_clear(&r);
	buf_reset(&y);

	buf_printf(&y, "%sremove:\n"
	    "  - {list: l, match: {name: b}}\n"
	    "  - {list: l, match: {n: '2'}}\n"
	    "set:\n  - {path: 'l[2].n', value: '3'}\n", head);
	fx_run(f, buf_str(&y), &r);
	assert_status(&r, STATUS_ERROR);
	assert_contains(r.reason, "touch the same place (line 4)");
	result_clear(&r);
	buf_reset(&y);
	assert_file(real, text);
	assert_int_equal(f->nbackups, 0);

	buf_printf(&y, "%sremove:\n"
	    "  - {list: l, match: {name: b}}\n"
	    "  - {list: l, match: {n: '2'}}\n"
	    "set:\n  - {path: 'l[0].n', value: '0'}\n", head);
	fx_run(f, buf_str(&y), &r);
	assert_status(&r, STATUS_DONE);
	assert_contains(r.evidence, "set l[0].n to \"0\" (was \"1\")\n"
	    "removed 2 entries from l: b (line 3), c (line 4)\n");
	result_clear(&r);
	assert_file(real, "l:\r\n  - {name: a, n: 0}\r\n");
	assert_file(f->saved[0], text);
	/* Still a link. */
	assert_int_equal(lstat(f->file, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	buf_free(&y);
	free(real);
}

static void
test_validate(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_int_equal(validate("file: /x.yaml\n", &d), 1);
	assert_contains(d.v[0].msg, "needs something to do");
	diags_free(&d);

	assert_int_equal(validate("file: /x.yaml\nset:\n"
	    "  - {path: a..b, value: x}\n", &d), 1);
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].col, 14);
	assert_contains(d.v[0].msg, "a key of the path is empty");
	diags_free(&d);

	assert_int_equal(validate("file: /x.yaml\nremove:\n"
	    "  - list: \"versions[version=5.10.0.migratorConfigs\"\n"
	    "    match: {name: x}\n", &d), 1);
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].col, 20);
	assert_contains(d.v[0].msg, "not closed");
	diags_free(&d);

	assert_int_equal(validate("file: /x.yaml\nremove:\n"
	    "  - {list: a, match: {}, extra: 1}\n"
	    "  - {list: 'a[x]'}\n"
	    "  - nope\n", &d), 5);
	diags_free(&d);

	assert_int_equal(validate("file: /x.yaml\nset:\n"
	    "  - {path: 'versions[version=${V}].x', value: '1'}\n"
	    "remove:\n"
	    "  - {list: 'a[0].b', match: {parameters.location: step2}}\n",
	    &d), 0);
	diags_free(&d);
}

static void
test_diff(void **state)
{
	char *s;

	s = diff_unified("a/x", "a\nb\n", 4, "b/x", "a\nb\n", 4);
	assert_string_equal(s, "");
	free(s);

	s = diff_unified("a/f", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", 27,
	    "b/f", "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n", 28);
	assert_string_equal(s,
	    "--- a/f\n+++ b/f\n"
	    "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
	    "@@ -9,4 +9,3 @@\n 9\n 10\n 11\n-12\n");
	free(s);

	s = diff_unified("a/f", "a\nb", 3, "b/f", "a\nc\n", 4);
	assert_string_equal(s,
	    "--- a/f\n+++ b/f\n"
	    "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n");
	free(s);

	s = diff_unified("a/f", "", 0, "b/f", "new\n", 4);
	assert_string_equal(s, "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+new\n");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_compact, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_guide_style, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_set_styles, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_path, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_broken, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_preview, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_preview_states, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_overlaps, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
