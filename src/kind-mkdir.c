/* kind-mkdir.c: the "mkdir" action: make a folder and its missing parents;
 * one that exists already is left as it is. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec mkdir_params[] = {
	{ "path", PARAM_PATH, 1, N_("the folder to make") },
	{ "mode", PARAM_STRING, 0, N_("its permissions in octal (default 0755)") },
	{ NULL, 0, 0, NULL }
};

/* Parse an octal mode such as 0750 or 755; -1 if it is not one. */
static long
mkdir_mode(const char *s)
{
	long v;
	char *end;

	if (*s == '\0' || strspn(s, "01234567") != strlen(s) ||
	    strlen(s) > 5)
		return -1;
	v = strtol(s, &end, 8);
	if (*end != '\0' || v > 07777)
		return -1;
	return v;
}

static int
mkdir_validate(const struct ynode *with, const char *file, struct diags *d)
{
	const struct ynode *node = params_node(with, "mode");
	const char *text = ynode_str(node);

	if (text == NULL || mkdir_mode(text) != -1)
		return 0;
	diags_add(d, file, node->line, node->col,
	    _("'mode' must be permissions in octal, such as 0750, not '%s'"),
	    text);
	return 1;
}

static char *
mkdir_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	const char *mode = params_str(step->with, "mode");
	struct stat st;
	char *path, *s;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    cause)) == NULL)
		return NULL;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		s = xprintf(_("Make the folder %s: it exists already, so "
		    "nothing will be changed."), path);
	else
		s = xprintf(_("Make the folder %s (mode %s), and any missing "
		    "folder above it."), path, mode != NULL ? mode : "0755");
	free(path);
	return s;
}

static int
mkdir_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	const char *text = params_str(step->with, "mode");
	struct stat st;
	char *path, *cause = NULL, *first, *up;
	long mode;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    &cause)) == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	mode = mkdir_mode(text != NULL ? text : "0755");
	if (mode == -1) {
		result_set(r, STATUS_ERROR, _("'mode' must be permissions in "
		    "octal, such as 0750, not '%s'"), text);
		free(path);
		return 0;
	}
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			result_set(r, STATUS_DONE, _("%s exists already "
			    "(mode %04o): nothing was changed"), path,
			    (unsigned)(st.st_mode & 07777));
		else
			result_set(r, STATUS_ERROR, _("%s exists and is not a "
			    "folder"), path);
		free(path);
		return 0;
	}

	/* The highest folder that will be new, for the evidence. */
	first = xstrdup(path);
	for (;;) {
		up = util_dirname(first);
		if (strcmp(up, first) == 0 || stat(up, &st) == 0) {
			free(up);
			break;
		}
		free(first);
		first = up;
	}

	/* Parents as mkdir -p makes them; the folder with the mode asked. */
	up = util_dirname(path);
	if (util_mkdir_p(up, 0755, &cause) == -1) {
		result_set(r, stat(first, &st) == 0 ? STATUS_FAILED :
		    STATUS_ERROR, "%s", cause);
		free(cause);
	} else if (mkdir(path, (mode_t)mode) == -1) {
		result_set(r, strcmp(first, path) != 0 ? STATUS_FAILED :
		    STATUS_ERROR, _("cannot make the folder %s: %s"), path,
		    strerror(errno));
	} else if (chmod(path, (mode_t)mode) == -1) {
		/* mkdir(2) takes the umask off; the mode asked for is set. */
		result_set(r, STATUS_FAILED, _("%s was made, but its mode "
		    "cannot be set to %04lo: %s"), path, mode,
		    strerror(errno));
	} else if (strcmp(first, path) == 0)
		result_set(r, STATUS_DONE, _("made %s (mode %04lo)"), path,
		    mode);
	else
		result_set(r, STATUS_DONE, _("made %s (mode %04lo), and the "
		    "folders from %s down to it"), path, mode, first);
	free(up);
	free(first);
	free(path);
	return 0;
}

const struct kind kind_mkdir = {
	.name = "mkdir",
	.step_kind = STEP_ACTION,
	.summary = N_("make a folder"),
	.params = mkdir_params,
	.validate = mkdir_validate,
	.describe = mkdir_describe,
	.run = mkdir_run
};
