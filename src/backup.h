/* backup.h: what an action changes or removes is copied here first. */
#ifndef BACKUP_H
#define BACKUP_H

#include <sys/types.h>

/* Save path under backup_dir (created 0700 on demand), mirroring its absolute
 * path (backup_dir/opt/app/conf/x.toml). With move, the original is moved
 * there (that is how "remove" works); otherwise it is copied. A path that
 * does not exist is not an error: returns 0 with *saved NULL. Returns -1 with
 * *cause. *saved (the caller frees it) and *mode describe the copy; after a
 * move across file systems whose original could only partly be removed,
 * -1 comes with *saved set (the copy is complete). */
int	backup_save(const char *backup_dir, const char *path, int move,
	    char **saved, mode_t *mode, char **cause);
/* A move in two halves, so the backup can be recorded between them: the
 * original is renamed into backup_dir or, across file systems, copied there
 * and synced, and then *pending is 1: the original is still there, for
 * backup_remove_original. Otherwise as backup_save with move. */
int	backup_move_begin(const char *backup_dir, const char *path,
	    char **saved, mode_t *mode, int *pending, char **cause);
/* Remove the original of a copy saved by backup_move_begin, changing no
 * mode. On failure *cause says what was removed, what is still there, and
 * where the full copy is. */
int	backup_remove_original(const char *path, const char *saved,
	    char **cause);
/* Put a saved copy back at its original path, which must not exist. */
int	backup_restore(const char *saved, const char *original, char **cause);

#endif
