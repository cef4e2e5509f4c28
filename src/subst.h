/* subst.h: ${NAME} placeholders in checklist text. */
#ifndef SUBST_H
#define SUBST_H

#include <stddef.h>

/* Gives the value of a name, or NULL when it has none. */
typedef const char *(*subst_lookup)(void *arg, const char *name);

/* Replace every ${NAME} in the template. "$$" is a literal "$". Returns the
 * new string (the caller frees it), or NULL with *cause naming the first
 * name that has no value or the malformed placeholder. */
char	*subst_expand(const char *, subst_lookup, void *, char **cause);

/* Call fn for every ${NAME} in the text, with the name and its byte offset.
 * Returns -1 with *cause for a malformed placeholder ("${" without "}", an
 * empty or invalid name), with *offset set to where it starts. */
int	 subst_scan(const char *,
	    void (*fn)(void *arg, const char *name, size_t offset), void *arg,
	    size_t *offset, char **cause);

#endif
