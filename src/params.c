/* params.c: the parameters (`with:`) of check and action kinds: checking a
 * mapping against a kind's specs, and reading the values at run time. */
#include "config.h"

#include "params.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "i18n.h"
#include "xmalloc.h"

/* A whole number of digits only, with what follows it; -1 on overflow or
 * when there is no digit. */
static long long
params_number(const char *s, const char **rest)
{
	long long v = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	while (*p == ' ')
		p++;
	*rest = p;
	return v;
}

long long
params_parse_size(const char *s)
{
	static const char units[] = "kmgt";
	const char *u, *p;
	long long v;
	int shift;

	if (s == NULL || (v = params_number(s, &u)) < 0)
		return -1;
	if (*u == '\0' || strcasecmp(u, "b") == 0)
		return v;
	if ((p = strchr(units, tolower((unsigned char)*u))) == NULL)
		return -1;
	if (u[1] != '\0' && strcasecmp(u + 1, "b") != 0 &&
	    strcasecmp(u + 1, "ib") != 0)
		return -1;
	shift = 10 * (int)(p - units + 1);
	if (v > (LLONG_MAX >> shift))
		return -1;
	return v << shift;
}

long long
params_parse_duration(const char *s)
{
	static const struct {
		const char	*unit;
		long long	 ms;
	} units[] = {
		{ "", 1000 },
		{ "ms", 1 },
		{ "s", 1000 },
		{ "m", 60 * 1000 },
		{ "h", 60 * 60 * 1000 }
	};
	const char *u;
	long long v;
	size_t i;

	if (s == NULL || (v = params_number(s, &u)) < 0)
		return -1;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcasecmp(u, units[i].unit) != 0)
			continue;
		if (v > LLONG_MAX / units[i].ms)
			return -1;
		return v * units[i].ms;
	}
	return -1;
}

/* A whole number with an optional sign; 0 with *v, or -1. */
static int
params_parse_int(const char *s, long long *v)
{
	char *end;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	return 0;
}

/* A list or a mapping where a scalar belongs. */
static void
params_not_scalar_error(const struct ynode *v, const char *name,
    enum param_type type, const char *file, struct diags *d)
{
	int list = v->type == YNODE_SEQUENCE, line = v->line, col = v->col;

	switch (type) {
	case PARAM_STRING:
		diags_add(d, file, line, col, list ?
		    _("'%s' must be a text, not a list") :
		    _("'%s' must be a text, not a mapping"), name);
		break;
	case PARAM_PATH:
		diags_add(d, file, line, col, list ?
		    _("'%s' must be a path, not a list") :
		    _("'%s' must be a path, not a mapping"), name);
		break;
	case PARAM_BOOL:
		diags_add(d, file, line, col, list ?
		    _("'%s' must be true or false, not a list") :
		    _("'%s' must be true or false, not a mapping"), name);
		break;
	case PARAM_INT:
		diags_add(d, file, line, col, list ?
		    _("'%s' must be a whole number, not a list") :
		    _("'%s' must be a whole number, not a mapping"), name);
		break;
	case PARAM_SIZE:
		diags_add(d, file, line, col, list ?
		    _("'%s' must be a size, not a list") :
		    _("'%s' must be a size, not a mapping"), name);
		break;
	case PARAM_DURATION:
		diags_add(d, file, line, col, list ?
		    _("'%s' must be a duration, not a list") :
		    _("'%s' must be a duration, not a mapping"), name);
		break;
	case PARAM_LIST:
		diags_add(d, file, line, col,
		    _("'%s' must be a list or a text, not a mapping"), name);
		break;
	case PARAM_MAP:
		diags_add(d, file, line, col,
		    _("'%s' must be a mapping, not a list"), name);
		break;
	case PARAM_DATABASE:
		diags_add(d, file, line, col, list ?
		    _("'%s' must be the name of a database, not a list") :
		    _("'%s' must be the name of a database, not a mapping"),
		    name);
		break;
	case PARAM_SQL:
		diags_add(d, file, line, col,
		    _("'%s' must be SQL, or a mapping of engine to SQL, not a "
		    "list"), name);
		break;
	case PARAM_ITEMS:
		diags_add(d, file, line, col,
		    _("'%s' must be a list of mappings, not a mapping"), name);
		break;
	}
}

static const char *const params_engines[] = {
	"postgresql", "mysql", "mariadb", "oracle", "mssql", NULL
};

/* SQL: a text, or a mapping of engine to text; never a placeholder. */
static int
params_check_sql(const struct ynode *v, const char *name, const char *file,
    struct diags *d)
{
	const struct ynode *item;
	size_t i, j;
	int problems = 0;

	if (v->type == YNODE_SCALAR) {
		if (*v->value == '\0') {
			diags_add(d, file, v->line, v->col,
			    _("'%s' must not be empty"), name);
			return 1;
		}
		if (strstr(v->value, "${") != NULL) {
			diags_add(d, file, v->line, v->col,
			    _("'%s' must not hold a ${NAME} placeholder: pass "
			    "values as bound parameters (params:)"), name);
			return 1;
		}
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		item = v->items[i];
		for (j = 0; params_engines[j] != NULL; j++) {
			if (strcmp(v->keys[i]->value, params_engines[j]) == 0)
				break;
		}
		if (params_engines[j] == NULL) {
			diags_add(d, file, v->keys[i]->line, v->keys[i]->col,
			    _("unknown database engine '%s' in '%s' (known: "
			    "postgresql, mysql, mariadb, oracle, mssql)"),
			    v->keys[i]->value, name);
			problems++;
			continue;
		}
		if (item->type != YNODE_SCALAR) {
			diags_add(d, file, item->line, item->col,
			    _("the SQL for %s in '%s' must be a text"),
			    v->keys[i]->value, name);
			problems++;
			continue;
		}
		problems += params_check_sql(item, name, file, d);
	}
	return problems;
}

/* Every item (or value) of a collection must be a scalar. */
static int
params_check_items(const struct ynode *v, const char *name, const char *file,
    struct diags *d)
{
	const struct ynode *item;
	size_t i;
	int problems = 0;

	for (i = 0; i < v->n; i++) {
		item = v->items[i];
		if (item->type == YNODE_SCALAR)
			continue;
		if (v->type == YNODE_SEQUENCE)
			diags_add(d, file, item->line, item->col,
			    item->type == YNODE_SEQUENCE ?
			    _("each item of '%s' must be a text, not a list") :
			    _("each item of '%s' must be a text, not a "
			    "mapping"), name);
		else
			diags_add(d, file, item->line, item->col,
			    item->type == YNODE_SEQUENCE ?
			    _("each value of '%s' must be a text, not a list") :
			    _("each value of '%s' must be a text, not a "
			    "mapping"), name);
		problems++;
	}
	return problems;
}

/* Every item of a list must be a mapping. */
static int
params_check_mappings(const struct ynode *v, const char *name,
    const char *file, struct diags *d)
{
	const struct ynode *item;
	size_t i;
	int problems = 0;

	for (i = 0; i < v->n; i++) {
		item = v->items[i];
		if (item->type == YNODE_MAPPING)
			continue;
		diags_add(d, file, item->line, item->col,
		    item->type == YNODE_SEQUENCE ?
		    _("each item of '%s' must be a mapping, not a list") :
		    _("each item of '%s' must be a mapping, not a text"), name);
		problems++;
	}
	return problems;
}

/* Check one value against its spec; returns the number of problems. */
static int
params_check(const struct ynode *v, const struct param_spec *spec,
    const char *file, struct diags *d)
{
	const char *s = v->value;
	long long n;

	switch (spec->type) {
	case PARAM_LIST:
		if (v->type == YNODE_SEQUENCE)
			return params_check_items(v, spec->name, file, d);
		break;
	case PARAM_SQL:
		if (v->type != YNODE_SEQUENCE)
			return params_check_sql(v, spec->name, file, d);
		break;
	case PARAM_ITEMS:
		if (v->type == YNODE_SEQUENCE)
			return params_check_mappings(v, spec->name, file, d);
		if (v->type == YNODE_SCALAR) {
			diags_add(d, file, v->line, v->col,
			    _("'%s' must be a list of mappings, not a text"),
			    spec->name);
			return 1;
		}
		break;
	case PARAM_MAP:
		if (v->type == YNODE_MAPPING)
			return params_check_items(v, spec->name, file, d);
		if (v->type == YNODE_SCALAR) {
			diags_add(d, file, v->line, v->col,
			    _("'%s' must be a mapping, not a text"),
			    spec->name);
			return 1;
		}
		break;
	default:
		break;
	}
	if (v->type != YNODE_SCALAR) {
		params_not_scalar_error(v, spec->name, spec->type, file, d);
		return 1;
	}

	switch (spec->type) {
	case PARAM_STRING:
	case PARAM_PATH:
		if (spec->required && *s == '\0') {
			diags_add(d, file, v->line, v->col,
			    _("'%s' must not be empty"), spec->name);
			return 1;
		}
		return 0;
	case PARAM_BOOL:
		if (ynode_bool(s) != -1)
			return 0;
		diags_add(d, file, v->line, v->col,
		    _("'%s' must be true or false, not '%s'"), spec->name, s);
		return 1;
	case PARAM_INT:
		if (params_parse_int(s, &n) == 0)
			return 0;
		diags_add(d, file, v->line, v->col,
		    _("'%s' must be a whole number, not '%s'"), spec->name, s);
		return 1;
	case PARAM_SIZE:
		/* A placeholder's value is only known at run time. */
		if (strstr(s, "${") != NULL || params_parse_size(s) >= 0)
			return 0;
		diags_add(d, file, v->line, v->col,
		    _("'%s' must be a size such as 512M, 2G or 1048576 "
		    "(bytes), not '%s'"), spec->name, s);
		return 1;
	case PARAM_DURATION:
		if (strstr(s, "${") != NULL || params_parse_duration(s) >= 0)
			return 0;
		diags_add(d, file, v->line, v->col,
		    _("'%s' must be a duration such as 30s, 10m, 2h or 500ms "
		    "(a number alone is seconds), not '%s'"), spec->name, s);
		return 1;
	case PARAM_DATABASE:
		/* Declared or not: the loader knows the guide's databases. */
		if (*s != '\0' && strstr(s, "${") == NULL)
			return 0;
		diags_add(d, file, v->line, v->col,
		    _("'%s' must name a database of the guide's 'databases', "
		    "not '%s'"), spec->name, s);
		return 1;
	case PARAM_LIST:
	case PARAM_MAP:
	case PARAM_SQL:
	case PARAM_ITEMS:
		break;
	}
	return 0;
}

static const struct param_spec *
params_spec(const struct param_spec *specs, const char *name)
{
	for (; specs->name != NULL; specs++) {
		if (strcmp(specs->name, name) == 0)
			return specs;
	}
	return NULL;
}

int
params_validate(const struct ynode *with, const struct param_spec *specs,
    const char *file, const char *what, struct diags *d)
{
	const struct param_spec *spec;
	struct buf known = BUF_INIT;
	size_t i;
	int problems = 0, line = 0, col = 0;

	if (with != NULL && with->type != YNODE_MAPPING) {
		diags_add(d, file, with->line, with->col,
		    with->type == YNODE_SEQUENCE ?
		    _("'with' must be a mapping of parameters, not a list") :
		    _("'with' must be a mapping of parameters, not a text"));
		return 1;
	}
	for (spec = specs; spec->name != NULL; spec++) {
		if (known.len > 0)
			buf_adds(&known, ", ");
		buf_adds(&known, spec->name);
	}
	if (with != NULL) {
		line = with->line;
		col = with->col;
		for (i = 0; i < with->n; i++) {
			spec = params_spec(specs, with->keys[i]->value);
			if (spec != NULL) {
				problems += params_check(with->items[i], spec,
				    file, d);
				continue;
			}
			diags_add(d, file, with->keys[i]->line,
			    with->keys[i]->col,
			    _("unknown parameter '%s' for %s (it takes: %s)"),
			    with->keys[i]->value, what, buf_str(&known));
			problems++;
		}
	}
	for (spec = specs; spec->name != NULL; spec++) {
		if (spec->required && ynode_get(with, spec->name) == NULL) {
			diags_add(d, file, line, col,
			    _("%s needs parameter '%s' (under 'with:')"), what,
			    spec->name);
			problems++;
		}
	}
	buf_free(&known);
	return problems;
}

const struct ynode *
params_node(const struct ynode *with, const char *name)
{
	return ynode_get(with, name);
}

const char *
params_str(const struct ynode *with, const char *name)
{
	return ynode_str(ynode_get(with, name));
}

int
params_bool(const struct ynode *with, const char *name, int dflt)
{
	int v = ynode_bool(params_str(with, name));

	return v == -1 ? dflt : v;
}

long long
params_int(const struct ynode *with, const char *name, long long dflt)
{
	long long v;

	if (params_parse_int(params_str(with, name), &v) == -1)
		return dflt;
	return v;
}

const char **
params_list(const struct ynode *with, const char *name, size_t *n)
{
	const struct ynode *v = ynode_get(with, name);
	const char **out;
	size_t i;

	*n = 0;
	if (v == NULL || v->type == YNODE_MAPPING)
		return NULL;
	if (v->type == YNODE_SCALAR) {
		out = xcalloc(2, sizeof *out);
		out[0] = v->value;
		*n = 1;
		return out;
	}
	out = xcalloc(v->n + 1, sizeof *out);
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->type == YNODE_SCALAR)
			out[(*n)++] = v->items[i]->value;
	}
	return out;
}
