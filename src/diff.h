/* diff.h: a line-based unified diff of two texts, for previews. */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>

/* The unified diff turning old_text into new_text: "--- a/OLD_NAME",
 * "+++ b/NEW_NAME", then "@@ -l,n +l,n @@" hunks with 3 lines of context; a
 * last line without a newline is followed by "\ No newline at end of file".
 * Returns "" when the texts are equal. The caller frees the result. */
char	*diff_unified(const char *old_name, const char *old_text,
	    size_t old_len, const char *new_name, const char *new_text,
	    size_t new_len);

#endif
