/* ynode.h: a YAML document as a tree of nodes that remember where they are. */
#ifndef YNODE_H
#define YNODE_H

#include <stddef.h>

#include "diag.h"

enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQUENCE,
	YNODE_MAPPING
};

struct ynode {
	enum ynode_type	 type;
	int		 line;		/* 1-based line of the node's start */
	int		 col;		/* 1-based column */
	int		 quoted;	/* a scalar written in quotes or as a block */
	size_t		 start;		/* byte offset of the node's start */
	size_t		 end;		/* byte offset just past its end */
	char		*value;		/* a scalar's text, NULL otherwise */
	size_t		 n;		/* items, or key/value pairs */
	struct ynode	**items;	/* sequence items; mapping values */
	struct ynode	**keys;		/* mapping keys (scalars) */
	struct yarena	*arena;		/* the root's: where the whole tree is */
};

/* Parse one YAML document. On a syntax error returns NULL and sets *cause to
 * "NAME:LINE:COL: message" (the caller frees it). Anchors, aliases, tags and
 * a second document are refused the same way. An empty document gives an
 * empty mapping. */
struct ynode	*ynode_parse(const char *text, size_t len, const char *name,
		    char **cause);
struct ynode	*ynode_parse_file(const char *path, char **cause);
/* As ynode_parse, but a problem is added to the diagnostics with its
 * position (NAME, LINE, COL, message) rather than handed back as text. */
struct ynode	*ynode_parse_diag(const char *text, size_t len, const char *name,
		    struct diags *);
/* Free a whole tree, given its root (a node inside a tree goes with it:
 * given one, nothing is freed). NULL does nothing. */
void		 ynode_free(struct ynode *);

/* The value under a key of a mapping, or NULL (also when not a mapping). */
struct ynode	*ynode_get(const struct ynode *, const char *key);
/* The key node for a key, for its position, or NULL. */
struct ynode	*ynode_key(const struct ynode *, const char *key);
/* A scalar's text or NULL for another type. */
const char	*ynode_str(const struct ynode *);
/* "mapping", "sequence" or "scalar", translated, for messages. */
const char	*ynode_type_name(const struct ynode *);

/* YAML booleans as a person writes them: true/false, yes/no, on/off
 * (any case). Returns 1 or 0, or -1 for anything else. */
int		 ynode_bool(const char *);

#endif
