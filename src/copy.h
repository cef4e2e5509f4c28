/* copy.h: copying and moving files and folders, keeping modes and times. */
#ifndef COPY_H
#define COPY_H

#include <stddef.h>

/* Copy a file, a symbolic link or a folder (recursively) to dst, which must
 * not exist. Mode and modification time are kept; the copy is fsynced.
 * It is made as copy_partial_name(dst) and renamed to dst when complete, so
 * dst is never a part; a part left by a crash is removed by the next copy.
 * Returns -1 with *cause (naming the path that failed). */
int	copy_path(const char *src, const char *dst, char **cause);
/* copy_path over a dst that is a file or a link (not a folder): the complete
 * copy is renamed over it, so dst is at every moment the old or the new. */
int	copy_path_over(const char *src, const char *dst, char **cause);
/* The name a copy to dst has while it is made; the caller frees it. */
char	*copy_partial_name(const char *dst);
/* The first half of a move: rename(2) src to dst (*copied 0), or, across
 * file systems, copy it there and sync the copy (*copied 1): the original is
 * then still there, for copy_remove_original. */
int	copy_move_begin(const char *src, const char *dst, int *copied,
	    char **cause);
/* Move: copy_move_begin, then copy_remove_original of a copied original.
 * If that removal fails, -1 with *cause saying so: dst is then complete. */
int	copy_move(const char *src, const char *dst, char **cause);
/* copy_move over a dst that is a file or a link (not a folder), replacing it
 * in one rename (across file systems, through copy_path_over). */
int	copy_move_over(const char *src, const char *dst, char **cause);
/* Remove a file or a folder tree; used only on copies the program made (a
 * read-only folder in it is made writable so that its entries can go). */
int	copy_remove_tree(const char *, char **cause);
/* Remove an original file or folder tree. No mode is changed; it stops at
 * the first entry that cannot be removed. *removed (may be NULL) is how
 * many files, links and folders were removed, also on failure. */
int	copy_remove_original(const char *, size_t *removed, char **cause);

#endif
