/* cmd-list.c: the guides found, and the sessions in progress. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "cmd.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static int
list_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The guides of one folder, sorted by file name. Returns how many. */
static int
list_dir(const char *dir)
{
	struct diags d = DIAGS_INIT;
	struct dirent *de;
	struct guide *g;
	char **names = NULL, *path;
	size_t n = 0, i, len;
	DIR *dp;

	dp = opendir(dir);
	if (dp == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof *names, list_cmp);
	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]);
		g = checklist_load(path, &d);
		if (g == NULL)
			printf(P_("  %-32s %s: %zu problem (see 'validate')\n",
			    "  %-32s %s: %zu problems (see 'validate')\n", d.n),
			    names[i], path, d.n);
		else
			printf("  %-32s %s (%s -> %s)\n", g->id, g->title,
			    g->from_version, g->to_version);
		checklist_free(g);
		diags_free(&d);
		free(path);
		free(names[i]);
	}
	free(names);
	return (int)n;
}

static int
cmd_list_exec(struct cmd_opts *o)
{
	char **dirs = cmd_checklist_dirs(o);
	size_t i;
	int n = 0;

	printf("%s\n", _("Guides:"));
	for (i = 0; dirs[i] != NULL; i++)
		n += list_dir(dirs[i]);
	if (n == 0)
		printf("  %s\n", _("none found (use --checklists DIR)"));
	cmd_free_list(dirs);
	printf("\n%s\n", _("Sessions:"));
	if (cmd_status_all(o) == 0)
		printf("  %s\n", _("none"));
	return CMD_OK;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = "",
	.summary = N_("list the guides found, and the sessions in progress"),
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_list_exec,
};
