/* backup.h: what an action changes or removes is copied here first. */
#ifndef BACKUP_H
#define BACKUP_H

#include <sys/types.h>

/* Save path under backup_dir (created 0700 on demand), mirroring its absolute
 * path (backup_dir/opt/app/conf/x.toml). With move, the original is moved
 * there (that is how "remove" works); otherwise it is copied. A path that
 * does not exist is not an error: returns 0 with *saved NULL. Returns -1 with
 * *cause. *saved (the caller frees it) and *mode describe the copy. */
int	backup_save(const char *backup_dir, const char *path, int move,
	    char **saved, mode_t *mode, char **cause);
/* Put a saved copy back at its original path, which must not exist. */
int	backup_restore(const char *saved, const char *original, char **cause);

#endif
