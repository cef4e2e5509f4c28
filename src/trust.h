/* trust.h: files that act like code (checklists, answers files, training
 * data and sandbox scripts) are refused when the program runs as root and
 * someone else could have written them, as sudo and sshd refuse their own
 * files. */
#ifndef TRUST_H
#define TRUST_H

#include <stddef.h>

/* Open path for reading, when the effective user is root, only if it may
 * be trusted: the file must be owned by root and not writable by group or
 * others, and every folder its name is looked up in, from / down and
 * through symbolic links (the folders holding the links and those they
 * lead to), must be owned by root and not writable by group or others
 * unless it has the sticky bit. The checks are made on the descriptors
 * opened, and the file is read from the one returned. Any other user
 * trusts every file. Returns the descriptor, or -1 with *cause saying
 * which file or folder, its owner and mode, and what to do. */
int	 trust_open(const char *path, char **cause);
/* The same check, the file closed again: 0 or -1 with *cause. */
int	 trust_check(const char *path, char **cause);
/* Read a whole file, NUL-terminated, from the descriptor trust_open
 * gives: NULL with *cause otherwise. The caller frees the result. */
char	*trust_read_file(const char *path, size_t *len, char **cause);

#endif
