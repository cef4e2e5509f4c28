/* backup.c: what an action changes or removes is copied (or moved) into a
 * backup folder first, at its absolute path mirrored under that folder. */
#include "config.h"

#include "backup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "copy.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* An absolute path with "." and ".." resolved by name and repeated slashes
 * dropped, so the mirror cannot leave the backup folder; no leading slash.
 * The caller frees it. */
static char *
backup_relative(const char *abs)
{
	struct buf b = BUF_INIT;
	const char *p = abs, *end;
	size_t len, cut;

	while (*p != '\0') {
		while (*p == '/')
			p++;
		end = p + strcspn(p, "/");
		len = (size_t)(end - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			cut = b.len;
			while (cut > 0 && b.data[cut - 1] != '/')
				cut--;
			b.len = cut > 0 ? cut - 1 : 0;
			if (b.data != NULL)
				b.data[b.len] = '\0';
		} else {
			if (b.len != 0)
				buf_addc(&b, '/');
			buf_add(&b, p, len);
		}
		p = end;
	}
	return buf_steal(&b);
}

/* Where path is saved in backup_dir: its absolute path mirrored there, with
 * .1, .2 ... when saved before; the folders on the way are made (0700) and
 * synced. *st is what path is. Returns 0 with *target NULL when path does
 * not exist. */
static int
backup_target(const char *backup_dir, const char *path, struct stat *st,
    char **targetp, char **cause)
{
	struct stat other;
	char *abs, *rel, *base, *target, *dir;
	unsigned int n;
	int r;

	*targetp = NULL;
	if (lstat(path, st) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*cause = xprintf(_("cannot back up %s: %s"), path,
		    strerror(errno));
		return -1;
	}

	abs = util_abspath(path);
	rel = backup_relative(abs);
	free(abs);
	if (*rel == '\0') {
		*cause = xprintf(_("cannot back up %s: it is the root folder"),
		    path);
		free(rel);
		return -1;
	}
	base = util_path_join(backup_dir, rel);
	free(rel);

	/* The same path saved again in this folder: base.1, base.2 ... */
	target = xstrdup(base);
	for (n = 1; lstat(target, &other) == 0; n++) {
		free(target);
		target = xprintf("%s.%u", base, n);
	}
	free(base);

	dir = util_dirname(target);
	r = util_mkdir_p_sync(dir, 0700, cause);
	free(dir);
	if (r == -1) {
		free(target);
		return -1;
	}
	*targetp = target;
	return 0;
}

int
backup_save(const char *backup_dir, const char *path, int move, char **saved,
    mode_t *mode, char **cause)
{
	struct stat st;
	char *target;
	int pending;

	*saved = NULL;
	*mode = 0;
	if (move) {
		if (backup_move_begin(backup_dir, path, saved, mode, &pending,
		    cause) == -1)
			return -1;
		if (*saved != NULL && pending)
			return backup_remove_original(path, *saved, cause);
		return 0;
	}
	if (backup_target(backup_dir, path, &st, &target, cause) == -1)
		return -1;
	if (target == NULL)
		return 0;
	if (copy_path(path, target, cause) == -1) {
		free(target);
		return -1;
	}
	*saved = target;
	*mode = st.st_mode & 07777;
	return 0;
}

int
backup_move_begin(const char *backup_dir, const char *path, char **saved,
    mode_t *mode, int *pending, char **cause)
{
	struct stat st;
	char *target;

	*saved = NULL;
	*mode = 0;
	*pending = 0;
	if (backup_target(backup_dir, path, &st, &target, cause) == -1)
		return -1;
	if (target == NULL)
		return 0;
	if (copy_move_begin(path, target, pending, cause) == -1) {
		free(target);
		return -1;
	}
	*saved = target;
	*mode = st.st_mode & 07777;
	return 0;
}

int
backup_remove_original(const char *path, const char *saved, char **cause)
{
	char *why = NULL;
	size_t removed;

	if (copy_remove_original(path, &removed, &why) == 0)
		return 0;
	if (removed == 0)
		*cause = xprintf(_("%s is saved in full as %s, but the "
		    "original could not be removed: %s; it is still there, "
		    "unchanged"), path, saved, why);
	else
		*cause = xprintf(P_("%s is saved in full as %s, but removing "
		    "the original stopped after %zu entry: %s; that entry is "
		    "gone from %s, the rest of it is still there",
		    "%s is saved in full as %s, but removing the original "
		    "stopped after %zu entries: %s; those entries are gone "
		    "from %s, the rest of it is still there", removed), path,
		    saved, removed, why, path);
	free(why);
	return -1;
}

int
backup_restore(const char *saved, const char *original, char **cause)
{
	struct stat st;
	char *ignored = NULL;
	int copied;

	if (lstat(original, &st) == 0) {
		*cause = xprintf(_("cannot restore %s: it exists already"),
		    original);
		return -1;
	}
	if (copy_move_begin(saved, original, &copied, cause) == -1)
		return -1;
	/* The original is back; the saved copy is the program's own, and one
	 * that cannot be removed is only left over. */
	if (copied && copy_remove_tree(saved, &ignored) == -1)
		free(ignored);
	return 0;
}
