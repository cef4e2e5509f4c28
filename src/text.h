/* text.h: text measured in terminal columns, and wrapped to a width. */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>

#include "buf.h"

/* Columns the text takes on a terminal (wcswidth of the locale's
 * characters; bytes that do not decode count one column each). */
int	text_width(const char *);
/* Append the text wrapped to width columns, every line indented by indent
 * spaces and ended with a newline. Blank lines in the text separate
 * paragraphs; single newlines are kept as line breaks. */
void	text_wrap(struct buf *, const char *, int indent, int width);
/* How many of the first len bytes of s fit in width columns, cut at a
 * character boundary (at least one character when width > 0). */
size_t	text_fit(const char *s, size_t len, int width);

#endif
