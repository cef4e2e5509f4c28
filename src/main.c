/* main.c: the command line: common options, then one command from the
 * table in cmd.c. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "tui.h"
#include "i18n.h"
#include "xmalloc.h"

/* A command's usage words, translated; gettext("") would give the
 * catalogue's header. */
static const char *
usage_words(const struct cmd_entry *cmd)
{
	return *cmd->usage != '\0' ? _(cmd->usage) : "";
}

static void
usage(FILE *fp)
{
	const struct cmd_entry *const *c;

	fprintf(fp, _("Usage: %s [OPTION]... [COMMAND [ARGUMENT]...]\n"),
	    "wso2-upgrade-wizard");
	fputs(_("Walk a WSO2 administrator through a documented upgrade.\n"), fp);
	fputs(_("\nCommands:\n"), fp);
	for (c = cmd_table; *c != NULL; c++) {
		if (!(*c)->hidden)
			fprintf(fp, "  %s %s\n      %s\n", (*c)->name,
			    usage_words(*c), _((*c)->summary));
	}
	fputs(_("\nOptions:\n"
	    "  --state-dir DIR    keep sessions in DIR\n"
	    "                     (default: $XDG_STATE_HOME/wso2-upgrade-wizard)\n"
	    "  --checklists DIR   look for checklists in DIR (several: DIR:DIR)\n"
	    "  --guide ID         the wizard: open this guide\n"
	    "  --answers FILE     answers for check and run (YAML)\n"
	    "  --training         training mode: the guide's sandbox and training session\n"
	    "  --fault ID         training: build the sandbox with this fault injected\n"
	    "  --reset            training: build the sandbox and the session again\n"
	    "  --no-color         no colours\n"
	    "  --help             show this help and exit\n"
	    "  --version          show the version and exit\n"), fp);
	fputs(_("  --format FORMAT    report: text, markdown, html or yaml\n"
	    "  -o FILE            report: write it to FILE\n"
	    "  --print            report: send the text report to lp\n"), fp);
	fputs(_("\nExit status of check and run: 0 nothing blocks, 1 a blocker was found\n"
	    "or a step needs a person or failed, 2 the command could not run.\n"), fp);
	fputs(_("Without a command: the wizard on the terminal (--guide ID opens a guide).\n"), fp);
}

/* An option that takes a value: --name VALUE or --name=VALUE. */
static int
option_value(int argc, char **argv, int *i, const char *name,
    const char **value)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) != 0)
		return 0;
	if (argv[*i][len] == '=') {
		*value = argv[*i] + len + 1;
		return 1;
	}
	if (argv[*i][len] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cmd_error(_("%s needs a value"), name);
		exit(CMD_ERROR);
	}
	*value = argv[++*i];
	return 1;
}

int
main(int argc, char **argv)
{
	const struct cmd_entry *const *c, *cmd = NULL;
	struct cmd_opts o;
	char **words;
	int i, nwords = 0, rc;

	/* Into a file or a pipe, output goes in larger writes than stdio's
	 * default of a page: a command can print gigabytes. (On a terminal
	 * stdout stays line-buffered.) Before anything is written. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 64 * 1024);
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	{
		/* The translations of a build not installed. */
		const char *dir = getenv("WSO2_WIZARD_LOCALEDIR");

		bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir :
		    LOCALEDIR);
	}
	textdomain(PACKAGE);
#endif
	memset(&o, 0, sizeof o);
	/* An internal command takes its words as they are (a log line may
	 * hold anything). */
	for (c = cmd_table; argc > 1 && *c != NULL; c++) {
		if ((*c)->hidden && strcmp((*c)->name, argv[1]) == 0) {
			o.args = argv + 2;
			o.nargs = argc - 2;
			return (*c)->exec(&o);
		}
	}
	words = xcalloc((size_t)argc + 1, sizeof *words);

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			while (++i < argc)
				words[nwords++] = argv[i];
			break;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			free(words);
			return 0;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("%s %s\n", PACKAGE, VERSION);
			free(words);
			return 0;
		}
		if (strcmp(a, "--no-color") == 0) {
			o.no_color = 1;
			continue;
		}
		if (strcmp(a, "--training") == 0) {
			o.training = 1;
			continue;
		}
		if (strcmp(a, "--reset") == 0) {
			o.reset = 1;
			continue;
		}
		if (strcmp(a, "--print") == 0) {
			o.print = 1;
			continue;
		}
		if (option_value(argc, argv, &i, "--state-dir", &o.state_dir) ||
		    option_value(argc, argv, &i, "--checklists", &o.checklists) ||
		    option_value(argc, argv, &i, "--answers", &o.answers) ||
		    option_value(argc, argv, &i, "--guide", &o.guide) ||
		    option_value(argc, argv, &i, "--fault", &o.fault) ||
		    option_value(argc, argv, &i, "--format", &o.format) ||
		    option_value(argc, argv, &i, "--output", &o.output) ||
		    option_value(argc, argv, &i, "-o", &o.output))
			continue;
		if (a[0] == '-' && a[1] != '\0') {
			cmd_error(_("unknown option '%s' (see --help)"), a);
			free(words);
			return CMD_ERROR;
		}
		words[nwords++] = argv[i];
	}

	if ((o.fault != NULL || o.reset) && !o.training) {
		cmd_error(_("--fault and --reset are for training: add --training"));
		free(words);
		return CMD_ERROR;
	}
	if (nwords == 0) {
		/* No command: the wizard on the terminal. */
		if (o.answers != NULL || o.format != NULL || o.output != NULL ||
		    o.print) {
			cmd_error(_("the wizard takes --guide, --training, --fault, --reset, --state-dir, --checklists and --no-color; see --help"));
			free(words);
			return CMD_ERROR;
		}
		rc = tui_main(&o);
		free(words);
		return rc;
	}
	for (c = cmd_table; *c != NULL; c++) {
		if (strcmp((*c)->name, words[0]) == 0)
			cmd = *c;
	}
	if (cmd != NULL && cmd->hidden) {
		/* Internal: its own arguments, no common options. */
		o.args = words + 1;
		o.nargs = nwords - 1;
		rc = cmd->exec(&o);
		free(words);
		return rc;
	}
	if (cmd == NULL) {
		cmd_error(_("unknown command '%s' (see --help)"), words[0]);
		free(words);
		return CMD_ERROR;
	}
	o.args = words + 1;
	o.nargs = nwords - 1;
	if (o.nargs < cmd->min_args || (cmd->max_args >= 0 &&
	    o.nargs > cmd->max_args)) {
		cmd_error(_("usage: %s %s %s"), "wso2-upgrade-wizard", cmd->name,
		    usage_words(cmd));
		free(words);
		return CMD_ERROR;
	}
	if ((o.answers != NULL && !(cmd->options & CMD_OPT_ANSWERS)) ||
	    (o.format != NULL && !(cmd->options & CMD_OPT_FORMAT)) ||
	    (o.output != NULL && !(cmd->options & CMD_OPT_OUTPUT)) ||
	    (o.guide != NULL && !(cmd->options & CMD_OPT_GUIDE)) ||
	    (o.training && !(cmd->options & CMD_OPT_TRAINING)) ||
	    (o.print && !(cmd->options & CMD_OPT_PRINT))) {
		cmd_error(_("an option given does not apply to '%s': usage: %s %s %s"),
		    cmd->name, "wso2-upgrade-wizard", cmd->name, usage_words(cmd));
		free(words);
		return CMD_ERROR;
	}
	rc = cmd->exec(&o);
	fflush(stdout);
	free(words);
	return rc;
}
