/* kind-contains.c: the "file_contains" check: some line of a file matches a
 * regular expression (or, with absent: true, none does). */
#include "config.h"

#include "kind.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec contains_params[] = {
	{ "path", PARAM_PATH, 1, N_("the file to read") },
	{ "pattern", PARAM_STRING, 1, N_("a POSIX extended regular expression") },
	{ "ignore_case", PARAM_BOOL, 0, N_("match without regard to case") },
	{ "absent", PARAM_BOOL, 0, N_("passes when no line matches") },
	{ NULL, 0, 0, NULL }
};

static int
contains_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	return kind_validate_regex(with, "pattern", 0, file, d);
}

static char *
contains_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	char *path, *pattern, *s;

	path = kind_expand(ctx, params_str(step->with, "path"), cause);
	if (path == NULL)
		return NULL;
	pattern = kind_expand(ctx, params_str(step->with, "pattern"), cause);
	if (pattern == NULL) {
		free(path);
		return NULL;
	}
	if (params_bool(step->with, "absent", 0))
		s = xprintf(_("Read %s: no line may match '%s'."), path,
		    pattern);
	else
		s = xprintf(_("Read %s: a line must match '%s'."), path,
		    pattern);
	free(pattern);
	free(path);
	return s;
}

static int
contains_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	int absent = params_bool(step->with, "absent", 0);
	int flags = REG_NOSUB, rc;
	char *path = NULL, *pattern = NULL, *line, *cause = NULL, *excerpt;
	size_t lineno;
	regex_t re;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    &cause)) == NULL ||
	    (pattern = kind_expand(ctx, params_str(step->with, "pattern"),
	    &cause)) == NULL)
		goto error;
	if (params_bool(step->with, "ignore_case", 0))
		flags |= REG_ICASE;
	if (kind_regcomp(&re, pattern, flags, &cause) == -1)
		goto error;
	rc = kind_match_file(path, &re, 0, NULL, &lineno, &line, &cause);
	regfree(&re);
	if (rc == -1)
		goto error;
	if (rc == 1) {
		excerpt = kind_excerpt(line, strlen(line));
		result_set(r, absent ? STATUS_FAIL : STATUS_PASS,
		    _("%s:%zu matches '%s': %s"), path, lineno, pattern,
		    excerpt);
		free(excerpt);
		free(line);
	} else
		result_set(r, absent ? STATUS_PASS : STATUS_FAIL,
		    P_("no line of %s matches '%s' (%zu line read)",
		    "no line of %s matches '%s' (%zu lines read)", lineno),
		    path, pattern, lineno);
	free(pattern);
	free(path);
	return 0;

error:
	result_set(r, STATUS_ERROR, "%s", cause);
	free(cause);
	free(pattern);
	free(path);
	return 0;
}

const struct kind kind_file_contains = {
	.name = "file_contains",
	.step_kind = STEP_CHECK,
	.summary = N_("a line of a file matches a pattern, or none does"),
	.params = contains_params,
	.validate = contains_validate,
	.describe = contains_describe,
	.run = contains_run
};
