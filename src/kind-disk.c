/* kind-disk.c: the "disk_free" check: the file system holding a path has at
 * least so much space free for an ordinary user (statvfs f_bavail). */
#include "config.h"

#include "kind.h"

#include <sys/statvfs.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

static const struct param_spec disk_params[] = {
	{ "path", PARAM_PATH, 1, N_("a path on the file system to measure") },
	{ "min", PARAM_SIZE, 1, N_("the space needed: 512M, 2G, 1024K or bytes") },
	{ NULL, 0, 0, NULL }
};

/* The size needed, placeholders expanded; -1 with *cause. */
static long long
disk_min(const struct step *step, const struct run_ctx *ctx, char **cause)
{
	char *text;
	long long v;

	if ((text = kind_expand(ctx, params_str(step->with, "min"),
	    cause)) == NULL)
		return -1;
	if ((v = params_parse_size(text)) < 0)
		*cause = xprintf(_("'min' must be a size such as 512M, 2G or "
		    "1048576 (bytes), not '%s'"), text);
	free(text);
	return v;
}

static char *
disk_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	long long bytes;
	char *path, *size, *s;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    cause)) == NULL)
		return NULL;
	if ((bytes = disk_min(step, ctx, cause)) < 0) {
		free(path);
		return NULL;
	}
	size = kind_size_text((unsigned long long)bytes);
	s = xprintf(_("Measure the free space of the file system holding %s: "
	    "at least %s is needed."), path, size);
	free(size);
	free(path);
	return s;
}

static int
disk_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	long long need;
	unsigned long long avail;
	struct statvfs sv;
	char *path, *at, *up, *cause = NULL, *have, *want;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    &cause)) == NULL) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		return 0;
	}
	if ((need = disk_min(step, ctx, &cause)) < 0) {
		result_set(r, STATUS_ERROR, "%s", cause);
		free(cause);
		free(path);
		return 0;
	}

	/* A folder that is still to be made: measure where it will be. */
	at = xstrdup(path);
	while (statvfs(at, &sv) == -1) {
		if (errno != ENOENT || strcmp(at, "/") == 0 ||
		    strcmp(at, ".") == 0) {
			result_set(r, STATUS_ERROR, _("cannot measure the free "
			    "space at %s: %s"), at, strerror(errno));
			free(at);
			free(path);
			return 0;
		}
		up = util_dirname(at);
		free(at);
		at = up;
	}

	avail = (unsigned long long)sv.f_bavail * sv.f_frsize;
	have = kind_size_text(avail);
	want = kind_size_text((unsigned long long)need);
	if (strcmp(at, path) == 0)
		result_set(r, avail >= (unsigned long long)need ? STATUS_PASS :
		    STATUS_FAIL, _("%s free on the file system holding %s; "
		    "%s needed"), have, path, want);
	else
		result_set(r, avail >= (unsigned long long)need ? STATUS_PASS :
		    STATUS_FAIL, _("%s free on the file system holding %s "
		    "(%s does not exist yet); %s needed"), have, at, path,
		    want);
	free(have);
	free(want);
	free(at);
	free(path);
	return 0;
}

const struct kind kind_disk_free = {
	.name = "disk_free",
	.step_kind = STEP_CHECK,
	.summary = N_("a file system has enough free space"),
	.params = disk_params,
	.validate = NULL,
	.describe = disk_describe,
	.run = disk_run
};
