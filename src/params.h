/* params.h: the parameters (`with:`) of check and action kinds: their
 * declared shapes, their validation, and access to them at run time. */
#ifndef PARAMS_H
#define PARAMS_H

#include <stddef.h>

#include "diag.h"
#include "ynode.h"

enum param_type {
	PARAM_STRING,		/* a scalar; ${NAME} allowed */
	PARAM_PATH,		/* a scalar path; ${NAME} allowed */
	PARAM_BOOL,		/* true/false, yes/no */
	PARAM_INT,		/* a whole number (no ${NAME}) */
	PARAM_SIZE,		/* a size with an optional unit: 512M, 2G, 1024 */
	PARAM_DURATION,		/* seconds, or with a unit: 90s, 10m, 2h */
	PARAM_LIST,		/* a sequence of scalars (or one scalar) */
	PARAM_MAP,		/* a mapping of scalars to scalars */
	PARAM_DATABASE,		/* the name of a database the guide declares */
	PARAM_SQL,		/* SQL: one text for every engine, or a mapping
				 * of engine (postgresql, mysql, mariadb, oracle,
				 * mssql) to text; no ${NAME} inside (values are
				 * bound as parameters) */
	PARAM_ITEMS		/* a list of mappings; the kind's validate hook
				 * checks what each holds */
};

struct param_spec {
	const char	*name;
	enum param_type	 type;
	int		 required;
	const char	*help;		/* N_(): one line for the format reference */
};

/* Check a `with:` mapping against the specs: unknown keys, missing required
 * keys, wrong types. Adds each problem with its position; returns the number
 * of problems. The node may be NULL (no `with:`). */
int	 params_validate(const struct ynode *with, const struct param_spec *,
	    const char *file, const char *what, struct diags *);

/* Access at run time. A missing optional parameter gives the default. */
const char *params_str(const struct ynode *with, const char *name);
int	 params_bool(const struct ynode *with, const char *name, int dflt);
long long params_int(const struct ynode *with, const char *name, long long dflt);
/* Parse a PARAM_SIZE / PARAM_DURATION text; -1 when malformed. A size is
 * in bytes (K, M, G, T are powers of 1024); a duration in milliseconds (a
 * number alone is seconds; units ms, s, m, h). */
long long params_parse_size(const char *);
long long params_parse_duration(const char *);
/* A list parameter: a sequence's items or one scalar; NULL if absent.
 * The caller frees the array (not the strings, which belong to the node). */
const char **params_list(const struct ynode *with, const char *name, size_t *n);
const struct ynode *params_node(const struct ynode *with, const char *name);

#endif
