/* kind-product.c: the "product_home" check: a folder is the product's home
 * (every marker is there) and of the version wanted, read from a file. */
#include "config.h"

#include "kind.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

#define PRODUCT_VERSION_PATTERN "v?([0-9]+(\\.[0-9]+)+)"

static const struct param_spec product_params[] = {
	{ "path", PARAM_PATH, 1, N_("the product's home folder") },
	{ "markers", PARAM_LIST, 0, N_("paths, relative to the home, that must exist") },
	{ "version_file", PARAM_PATH, 0, N_("the file holding the version, relative to the home") },
	{ "version_pattern", PARAM_STRING, 0, N_("an ERE whose first group captures the version") },
	{ "version", PARAM_STRING, 0, N_("the version wanted; 4.4 equals 4.4.0") },
	{ NULL, 0, 0, NULL }
};

/* Compare two versions part by part ("4.4" == "4.4.0"); numbers as numbers,
 * other parts as text. */
static int
product_version_cmp(const char *a, const char *b)
{
	size_t la, lb;
	int c;

	while (*a != '\0' || *b != '\0') {
		la = strcspn(a, ".");
		lb = strcspn(b, ".");
		if (strspn(a, "0123456789") >= la &&
		    strspn(b, "0123456789") >= lb) {
			/* Numbers: no leading zeros, then longer is larger. */
			while (la > 0 && *a == '0') {
				a++;
				la--;
			}
			while (lb > 0 && *b == '0') {
				b++;
				lb--;
			}
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = strncmp(a, b, la)) != 0)
				return c;
		} else {
			c = strncmp(a, b, la < lb ? la : lb);
			if (c != 0)
				return c;
			if (la != lb)
				return la < lb ? -1 : 1;
		}
		a += la;
		b += lb;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	return 0;
}

static int
product_validate(const struct ynode *with, const char *file,
    struct diags *d)
{
	const struct ynode *version = params_node(with, "version");
	int problems;

	problems = kind_validate_regex(with, "version_pattern", 1, file, d);
	if (version != NULL && params_node(with, "version_file") == NULL) {
		diags_add(d, file, version->line, version->col,
		    _("'version' needs 'version_file', the file to read the "
		    "version from"));
		problems++;
	}
	return problems;
}

static char *
product_describe(const struct step *step, const struct run_ctx *ctx,
    char **cause)
{
	struct buf b = BUF_INIT;
	const char *vf = params_str(step->with, "version_file");
	const char *vp = params_str(step->with, "version_pattern");
	const char *v = params_str(step->with, "version");
	char **markers, *path, *text;
	size_t n, i;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    cause)) == NULL)
		return NULL;
	markers = kind_expand_list(ctx, step->with, "markers", &n, cause);
	if (markers == NULL) {
		free(path);
		return NULL;
	}
	buf_printf(&b, _("Look at the folder %s.\n"), path);
	for (i = 0; i < n; i++)
		buf_printf(&b, _("It must hold %s.\n"), markers[i]);
	kind_free_list(markers, n);
	if (vf != NULL) {
		if ((text = kind_expand(ctx, vf, cause)) == NULL)
			goto fail;
		buf_printf(&b, _("Read the version from %s with '%s'.\n"), text,
		    vp != NULL ? vp : PRODUCT_VERSION_PATTERN);
		free(text);
	}
	if (v != NULL) {
		if ((text = kind_expand(ctx, v, cause)) == NULL)
			goto fail;
		buf_printf(&b, _("The version must be %s.\n"), text);
		free(text);
	}
	free(path);
	return buf_steal(&b);

fail:
	free(path);
	buf_free(&b);
	return NULL;
}

/* Find the version in a file: the first group of the first matching line.
 * Returns 1 (found), 0 (no line matches), 2 (no such file) or -1 with
 * *cause (set for 2 too). */
static int
product_read_version(const char *file, const char *pattern, char **version,
    size_t *lineno, char **cause)
{
	regmatch_t m[2];
	regex_t re;
	char *line;
	size_t g;
	int found, error;

	if (kind_regcomp(&re, pattern, 0, cause) == -1)
		return -1;
	/* Without a group, the whole match is the version. */
	g = re.re_nsub >= 1 ? 1 : 0;
	found = kind_match_file(file, &re, g + 1, m, lineno, &line, cause);
	error = errno;
	regfree(&re);
	if (found == -1)
		return error == ENOENT || error == ENOTDIR ? 2 : -1;
	if (found == 0)
		return 0;
	*version = xstrndup(line + m[g].rm_so,
	    (size_t)(m[g].rm_eo - m[g].rm_so));
	free(line);
	return 1;
}

static int
product_run(const struct step *step, struct run_ctx *ctx, struct result *r)
{
	const char *vf = params_str(step->with, "version_file");
	const char *vp = params_str(step->with, "version_pattern");
	const char *v = params_str(step->with, "version");
	struct buf ev = BUF_INIT, missing = BUF_INIT;
	struct stat st;
	char **markers = NULL, *path = NULL, *cause = NULL, *p, *file = NULL;
	char *want = NULL, *pattern = NULL, *found = NULL;
	size_t n = 0, i, nmissing = 0, lineno;
	enum status status = STATUS_PASS;
	int rc;

	if ((path = kind_expand(ctx, params_str(step->with, "path"),
	    &cause)) == NULL ||
	    (markers = kind_expand_list(ctx, step->with, "markers", &n,
	    &cause)) == NULL ||
	    (vf != NULL && (file = kind_expand(ctx, vf, &cause)) == NULL) ||
	    (vp != NULL && (pattern = kind_expand(ctx, vp, &cause)) == NULL) ||
	    (v != NULL && (want = kind_expand(ctx, v, &cause)) == NULL))
		goto error;

	if (stat(path, &st) == -1) {
		if (errno != ENOENT && errno != ENOTDIR) {
			cause = xprintf(_("cannot look at %s: %s"), path,
			    strerror(errno));
			goto error;
		}
		result_set(r, STATUS_FAIL, _("%s does not exist"), path);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		result_set(r, STATUS_FAIL, _("%s is not a folder"), path);
		goto out;
	}

	for (i = 0; i < n; i++) {
		p = util_path_join(path, markers[i]);
		if (lstat(p, &st) == -1) {
			if (errno != ENOENT && errno != ENOTDIR) {
				cause = xprintf(_("cannot look at %s: %s"), p,
				    strerror(errno));
				free(p);
				goto error;
			}
			if (nmissing++ > 0)
				buf_adds(&missing, ", ");
			buf_adds(&missing, markers[i]);
		}
		free(p);
	}
	if (nmissing > 0) {
		buf_printf(&ev, _("%s does not hold %s, so it is not the "
		    "product's home"), path, buf_str(&missing));
		status = STATUS_FAIL;
	} else if (n > 0) {
		buf_printf(&ev, P_("%s holds the marker of the product (%zu)",
		    "%s holds all %zu markers of the product", n), path, n);
	} else
		buf_printf(&ev, _("%s is a folder"), path);

	if (file != NULL) {
		p = util_path_join(path, file);
		rc = product_read_version(p, pattern != NULL ? pattern :
		    PRODUCT_VERSION_PATTERN, &found, &lineno, &cause);
		if (rc == -1 && nmissing == 0) {
			/* Unreadable: the version is not known. */
			free(p);
			goto error;
		} else if (rc == 2) {
			/* Missing: it does not look like the product. */
			buf_addc(&ev, '\n');
			buf_printf(&ev, _("%s does not exist, so the version "
			    "is not known"), p);
			status = STATUS_FAIL;
		} else if (rc == 0) {
			buf_addc(&ev, '\n');
			buf_printf(&ev, _("no line of %s shows a version "
			    "('%s')"), p, pattern != NULL ? pattern :
			    PRODUCT_VERSION_PATTERN);
			status = STATUS_FAIL;
		} else if (rc == 1) {
			buf_addc(&ev, '\n');
			if (want == NULL)
				buf_printf(&ev, _("%s:%zu: version %s"), p,
				    lineno, found);
			else if (product_version_cmp(found, want) == 0)
				buf_printf(&ev, _("%s:%zu: version %s, as "
				    "wanted"), p, lineno, found);
			else {
				buf_printf(&ev, _("%s:%zu: version %s, but %s "
				    "is wanted"), p, lineno, found, want);
				status = STATUS_FAIL;
			}
		}
		free(cause);
		cause = NULL;
		free(p);
	} else if (want != NULL) {
		cause = xstrdup(_("'version' needs 'version_file', the file to "
		    "read the version from"));
		goto error;
	}
	result_set(r, status, "%s", buf_str(&ev));
	goto out;

error:
	result_set(r, STATUS_ERROR, "%s", cause);
	free(cause);
out:
	kind_free_list(markers, n);
	buf_free(&ev);
	buf_free(&missing);
	free(path);
	free(file);
	free(pattern);
	free(want);
	free(found);
	return 0;
}

const struct kind kind_product_home = {
	.name = "product_home",
	.step_kind = STEP_CHECK,
	.summary = N_("a folder is the product's home, of the version wanted"),
	.params = product_params,
	.validate = product_validate,
	.describe = product_describe,
	.run = product_run
};
