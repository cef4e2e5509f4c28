/* copy.h: copying and moving files and folders, keeping modes and times. */
#ifndef COPY_H
#define COPY_H

/* Copy a file, a symbolic link or a folder (recursively) to dst, which must
 * not exist. Mode and modification time are kept; the copy is fsynced.
 * Returns -1 with *cause (naming the path that failed). */
int	copy_path(const char *src, const char *dst, char **cause);
/* Move by rename(2), or by copy and then removal across file systems. */
int	copy_move(const char *src, const char *dst, char **cause);
/* Remove a file or a folder tree; used only on copies the program made. */
int	copy_remove_tree(const char *, char **cause);

#endif
