/* cmd-validate.c: check checklist files and print every problem found. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "checklist.h"
#include "cmd.h"
#include "i18n.h"

static int
cmd_validate_exec(struct cmd_opts *o)
{
	struct diags d = DIAGS_INIT;
	struct guide *g;
	int i, bad = 0;

	for (i = 0; i < o->nargs; i++) {
		g = checklist_load(o->args[i], &d);
		diags_sort(&d);
		diags_print(&d, stdout);
		if (g == NULL) {
			printf(P_("%s: %zu problem\n", "%s: %zu problems\n",
			    d.n), o->args[i], d.n);
			bad = 1;
		} else {
			printf(P_("%s: valid: guide '%s', %zu stage",
			    "%s: valid: guide '%s', %zu stages", g->nstages),
			    o->args[i], g->id, g->nstages);
			printf(P_(", %zu step\n", ", %zu steps\n", g->nsteps),
			    g->nsteps);
		}
		diags_free(&d);
		checklist_free(g);
	}
	return bad ? CMD_ERROR : CMD_OK;
}

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.usage = N_("FILE..."),
	.summary = N_("check checklist files; problems as FILE:LINE:COL"),
	.min_args = 1,
	.max_args = -1,
	.exec = cmd_validate_exec,
};
