/* tomledit.h: merge a TOML snippet into a TOML text in place, changing only
 * the bytes that must change (the engine of the toml_edit action). */
#ifndef TOMLEDIT_H
#define TOMLEDIT_H

#include <stddef.h>

/* Merge snippet into text (the file's contents, named name in messages).
 * Every key of every table of the snippet gets the snippet's value: an
 * equal value is left as it is, another value has only its bytes replaced,
 * a missing key gets a line after the last key of its table. A missing
 * table is added as a block after the block of table `after` (NULL: at the
 * end of the text); an entry of an array of tables is added after the last
 * entry unless an equal entry is there. The text's line endings and a
 * missing final newline are kept.
 *
 * Returns 1 with *out and *outlen (the new text, NUL-terminated) when
 * something changes, 0 when the text is already as wanted (*out NULL), or
 * -1 with *cause (NAME:LINE:COL for a text that does not parse) when the
 * text, the snippet or the result cannot be taken; nothing is then
 * changed. *notes (on 0 and 1) says what was done, one line each. The
 * caller frees *out, *notes and *cause. */
/* Is a key one whose value is not shown (its name holds "password",
 * "passwd" or "secret", in any case: keyPassword, SECRET_KEY)? */
int	 tomledit_secret_key(const char *key, size_t len);
int	 tomledit_apply(const char *text, size_t len, const char *name,
	    const char *snippet, size_t snippetlen, const char *snippet_name,
	    const char *after, char **out, size_t *outlen, char **notes,
	    char **cause);

#endif
