/* kind-move.c: the "move" action: move files or folders (rename, or copy
 * and remove across file systems); a target in the way is saved first. The
 * planning and running are kind-copy.c's. */
#include "config.h"

#include "kind.h"

#include "i18n.h"

static const struct param_spec move_params[] = {
	{ "from", PARAM_PATH, 1, N_("the file or folder to move; a pattern with glob: true") },
	{ "to", PARAM_PATH, 1, N_("the new path, or an existing folder to move into") },
	{ "glob", PARAM_BOOL, 0, N_("'from' is a glob(3) pattern") },
	{ "overwrite", PARAM_BOOL, 0, N_("replace an existing target, saving it first") },
	{ NULL, 0, 0, NULL }
};

static char *
move_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	return kind_copy_describe(step, ctx, 1, cause);
}

static int
move_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	return kind_copy_run(step, ctx, r, 1);
}

const struct kind kind_move = {
	.name = "move",
	.step_kind = STEP_ACTION,
	.summary = N_("move files or folders"),
	.params = move_params,
	.validate = NULL,
	.describe = move_describe,
	.run = move_run
};
