/* kind-path.c: the "path_exists" check: a file or folder is there (or is
 * not), at a path or matching a glob pattern. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "i18n.h"
#include "xmalloc.h"

static const struct param_spec path_params[] = {
	{ "path", PARAM_PATH, 1, N_("the path, or a glob pattern with glob: true") },
	{ "type", PARAM_STRING, 0, N_("file, directory or any (the default)") },
	{ "glob", PARAM_BOOL, 0, N_("the path is a glob(3) pattern") },
	{ "absent", PARAM_BOOL, 0, N_("passes when nothing of the type is there") },
	{ NULL, 0, 0, NULL }
};

static const char *const path_types[] = { "file", "directory", "any", NULL };

enum path_found {
	FOUND_NOTHING,
	FOUND_FILE,
	FOUND_DIRECTORY,
	FOUND_OTHER,		/* a device, a socket, a fifo */
	FOUND_BROKEN_LINK
};

/* What is at a path; -1 with *cause if it cannot be looked at. */
static int
path_look(const char *path, enum path_found *found, char **cause)
{
	struct stat st;

	if (stat(path, &st) == 0) {
		if (S_ISREG(st.st_mode))
			*found = FOUND_FILE;
		else if (S_ISDIR(st.st_mode))
			*found = FOUND_DIRECTORY;
		else
			*found = FOUND_OTHER;
		return 0;
	}
	if (errno != ENOENT && errno != ENOTDIR) {
		*cause = xprintf(_("cannot look at %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		*found = FOUND_BROKEN_LINK;
	else
		*found = FOUND_NOTHING;
	return 0;
}

static int
path_is_type(enum path_found found, const char *type)
{
	if (strcmp(type, "file") == 0)
		return found == FOUND_FILE;
	if (strcmp(type, "directory") == 0)
		return found == FOUND_DIRECTORY;
	return found == FOUND_FILE || found == FOUND_DIRECTORY ||
	    found == FOUND_OTHER;
}

/* One sentence saying what is at a path. */
static char *
path_found_text(const char *path, enum path_found found)
{
	switch (found) {
	case FOUND_FILE:
		return xprintf(_("%s is a file"), path);
	case FOUND_DIRECTORY:
		return xprintf(_("%s is a folder"), path);
	case FOUND_OTHER:
		return xprintf(_("%s exists and is neither a file nor a "
		    "folder"), path);
	case FOUND_BROKEN_LINK:
		return xprintf(_("%s is a symbolic link to something that "
		    "does not exist"), path);
	case FOUND_NOTHING:
		break;
	}
	return xprintf(_("%s does not exist"), path);
}

static const char *
path_wanted_text(const char *type, int absent)
{
	if (strcmp(type, "file") == 0)
		return absent ? _("wanted: no file there") :
		    _("wanted: a file");
	if (strcmp(type, "directory") == 0)
		return absent ? _("wanted: no folder there") :
		    _("wanted: a folder");
	return absent ? _("wanted: nothing there") :
	    _("wanted: something there");
}

static int
path_validate(const struct ynode *with, const char *file, struct diags *d)
{
	return kind_validate_choice(with, "type", path_types, file, d);
}

static char *
path_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	const char *type = params_str(step->with, "type");
	int glob = params_bool(step->with, "glob", 0);
	int absent = params_bool(step->with, "absent", 0);
	char *path, *s;

	path = kind_expand(ctx, params_str(step->with, "path"), cause);
	if (path == NULL)
		return NULL;
	if (type == NULL)
		type = "any";
	if (glob)
		s = xprintf(_("Look for paths matching %s (%s)."), path,
		    path_wanted_text(type, absent));
	else
		s = xprintf(_("Look at %s (%s)."), path,
		    path_wanted_text(type, absent));
	free(path);
	return s;
}

static int
path_run_glob(const char *pattern, const char *type, int absent,
    struct result *r)
{
	struct buf list = BUF_INIT;
	enum path_found found;
	char **paths, *cause = NULL, *first_other = NULL;
	size_t n, i, matching = 0;

	paths = kind_glob(pattern, &n, &cause);
	if (paths == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (path_look(paths[i], &found, &cause) == -1) {
			result_set(r, STATUS_ERROR, "%s", cause);
			free(cause);
			free(first_other);
			buf_free(&list);
			kind_free_list(paths, n);
			return 0;
		}
		if (!path_is_type(found, type)) {
			if (first_other == NULL)
				first_other = path_found_text(paths[i], found);
			continue;
		}
		if (matching < 5) {
			if (matching > 0)
				buf_adds(&list, ", ");
			buf_adds(&list, paths[i]);
		} else if (matching == 5)
			buf_adds(&list, ", ...");
		matching++;
	}
	if (matching > 0) {
		result_set(r, absent ? STATUS_FAIL : STATUS_PASS,
		    P_("%zu path matches %s (%s): %s",
		    "%zu paths match %s (%s): %s", matching), matching,
		    pattern, path_wanted_text(type, absent), buf_str(&list));
	} else if (first_other != NULL) {
		result_set(r, absent ? STATUS_PASS : STATUS_FAIL,
		    _("nothing of the type wanted matches %s (%s); %s"),
		    pattern, path_wanted_text(type, absent), first_other);
	} else {
		result_set(r, absent ? STATUS_PASS : STATUS_FAIL,
		    _("nothing matches %s (%s)"), pattern,
		    path_wanted_text(type, absent));
	}
	free(first_other);
	buf_free(&list);
	kind_free_list(paths, n);
	return 0;
}

static int
path_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	const char *type = params_str(step->with, "type");
	int absent = params_bool(step->with, "absent", 0);
	enum path_found found;
	char *path, *cause = NULL, *what;
	int ok;

	path = kind_expand(ctx, params_str(step->with, "path"), &cause);
	if (path == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if (type == NULL)
		type = "any";
	if (strcmp(type, "file") != 0 && strcmp(type, "directory") != 0 &&
	    strcmp(type, "any") != 0) {
		result_set(r, STATUS_ERROR, _("'type' must be file, directory "
		    "or any, not '%s'"), type);
		free(path);
		return 0;
	}
	if (params_bool(step->with, "glob", 0)) {
		path_run_glob(path, type, absent, r);
		free(path);
		return 0;
	}
	if (path_look(path, &found, &cause) == -1) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		free(path);
		return 0;
	}
	ok = path_is_type(found, type);
	if (absent)
		ok = !ok;
	what = path_found_text(path, found);
	result_set(r, ok ? STATUS_PASS : STATUS_FAIL, _("%s (%s)"), what,
	    path_wanted_text(type, absent));
	free(what);
	free(path);
	return 0;
}

const struct kind kind_path_exists = {
	.name = "path_exists",
	.step_kind = STEP_CHECK,
	.summary = N_("a file or folder exists, or does not"),
	.params = path_params,
	.validate = path_validate,
	.describe = path_describe,
	.run = path_run
};
