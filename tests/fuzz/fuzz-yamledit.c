/* fuzz-yamledit.c: a libFuzzer harness for the YAML editor (the yaml_edit
 * action, src/kind-yamledit.c). Every input is the file being edited
 * (migration-config.yaml); one of three edits, picked by the input's
 * length, sets a key, removes list entries, or both, as the guides do.
 * The preview (describe) gives a text or a cause; the run either refuses
 * and leaves the file as it was, or leaves a file that parses. */
#include "config.h"

#include "fuzz.h"

#include "kind.h"
#include "util.h"
#include "ynode.h"

static const char *const edits[] = {
	"file: ${DIR}/migration-config.yaml\n"
	"set: [{path: migrationEnable, value: \"true\"},\n"
	"      {path: \"versions[version=5.10.0].migratorConfigs"
	"[name=SchemaMigrator].order\", value: \"9\"}]\n",

	"file: ${DIR}/migration-config.yaml\n"
	"remove:\n"
	"  - {list: \"versions[version=5.10.0].migratorConfigs\", "
	"match: {name: MigrationValidator}}\n"
	"  - {list: \"versions[version=5.10.0].migratorConfigs\", "
	"match: {name: SchemaMigrator, parameters.location: step2}}\n",

	"file: ${DIR}/migration-config.yaml\n"
	"set: [{path: currentVersion, value: \"5.10.0\"},\n"
	"      {path: reportPath, value: \"a: b # c\"}]\n"
	"remove:\n"
	"  - {list: versions, match: {version: \"5.9.0\"}}\n",
};
#define NEDITS	(sizeof edits / sizeof edits[0])

static const char *
lookup(void *arg, const char *name)
{
	return strcmp(name, "DIR") == 0 ? arg : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct kind *k;
	static struct ynode *with[NEDITS];
	static char *dir, *path, *backup;
	struct run_ctx ctx;
	struct result r;
	struct step step;
	struct ynode *doc;
	char *s, *cause = NULL;
	size_t i, len;

	if (k == NULL) {
		if ((k = kind_find("yaml_edit")) == NULL)
			abort();
		for (i = 0; i < NEDITS; i++) {
			with[i] = ynode_parse(edits[i], strlen(edits[i]),
			    "edit.yaml", &cause);
			if (with[i] == NULL) {
				fprintf(stderr, "%s\n", cause);
				abort();
			}
		}
		dir = fuzz_path("edit");
		path = fuzz_path("edit/migration-config.yaml");
		backup = fuzz_path("edit/backup");
		if (mkdir(dir, 0700) != 0)
			abort();
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.lookup = lookup;
	ctx.lookup_arg = dir;
	ctx.backup_dir = backup;
	memset(&step, 0, sizeof step);
	step.id = (char *)"fuzz";
	step.kind = k->step_kind;
	step.type = k;
	step.with = with[size % NEDITS];

	fuzz_write(path, data, size);
	if (k->describe != NULL) {
		s = k->describe(&step, &ctx, &cause);
		if (s == NULL && cause == NULL)
			abort();
		free(s);
		free(cause);
		cause = NULL;
	}
	result_init(&r);
	if (k->run(&step, &ctx, &r) != 0 && r.status != STATUS_ERROR)
		abort();
	if ((s = util_read_file(path, &len, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		abort();
	}
	if (r.status == STATUS_ERROR || r.status == STATUS_FAILED) {
		if (r.reason == NULL || len != size ||
		    (size > 0 && memcmp(s, data, size) != 0))
			abort();
	} else {
		if (r.status != STATUS_DONE)
			abort();
		if ((doc = ynode_parse(s, len, "out.yaml", &cause)) == NULL) {
			fprintf(stderr, "an edit gave a file that does not "
			    "parse: %s\n", cause);
			abort();
		}
		ynode_free(doc);
	}
	free(s);
	result_clear(&r);
	fuzz_rmtree(backup);
	return 0;
}
