/* trust.h: files that act like code (checklists, answers files, training
 * data and sandbox scripts) are refused when the program runs as root and
 * someone else could have written them, as sudo and sshd refuse their own
 * files. */
#ifndef TRUST_H
#define TRUST_H

#include <stddef.h>

/* Whether the file at path, open as fd, may be trusted: when the effective
 * user is root, the file must be owned by root, not writable by group or
 * others, and the folder holding it (and, through links, the folder
 * holding what it names) must not be writable by others unless it has the
 * sticky bit. Any other user trusts every file. Returns 0, or -1 with
 * *cause saying which file, its owner and mode, and what to do. */
int	 trust_check_fd(const char *path, int fd, char **cause);
/* The same for a path, which is opened for the check. */
int	 trust_check(const char *path, char **cause);
/* Read a whole file, NUL-terminated, once trust_check_fd allows it: -1
 * (NULL) with *cause otherwise. The caller frees the result. */
char	*trust_read_file(const char *path, size_t *len, char **cause);

#endif
