/* diff.h: a line-based unified diff of two texts, for previews of edits to
 * configuration files. */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>

/* The changes from old to new as a unified diff with three lines of
 * context: "--- OLD_NAME", "+++ NEW_NAME", then "@@ -a,b +c,d @@" hunks.
 * Lines are compared byte for byte (a "\r" before the newline is part of
 * the line); a last line without a newline is followed by "\ No newline at
 * end of file", as diff(1) writes it. Returns "" when the texts are equal.
 * The caller frees the result. */
char	*diff_unified(const char *old_name, const char *old, size_t oldlen,
	    const char *new_name, const char *new, size_t newlen);

#endif
