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

/* Create the folders of path that are missing (0700), and sync the folder
 * that holds each new one so it survives a crash. */
static int
backup_mkdirs(const char *path, char **cause)
{
	char *p = xstrdup(path), *s, *parent;
	struct stat st;
	int r = 0;

	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) == 0) {
			parent = util_dirname(p);
			r = util_fsync_dir(parent, cause);
			free(parent);
			if (r == -1)
				break;
		} else if (errno != EEXIST) {
			*cause = xprintf(_("cannot create folder %s: %s"), p,
			    strerror(errno));
			r = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (r == 0 && (stat(p, &st) == -1 || !S_ISDIR(st.st_mode))) {
		*cause = xprintf(_("%s exists and is not a folder"), p);
		r = -1;
	}
	free(p);
	return r;
}

int
backup_save(const char *backup_dir, const char *path, int move, char **saved,
    mode_t *mode, char **cause)
{
	struct stat st, other;
	char *abs, *rel, *base, *target, *dir;
	unsigned int n;
	int r;

	*saved = NULL;
	*mode = 0;
	if (lstat(path, &st) == -1) {
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
	r = backup_mkdirs(dir, cause);
	free(dir);
	if (r == 0) {
		if (move)
			r = copy_move(path, target, cause);
		else
			r = copy_path(path, target, cause);
	}
	if (r == -1) {
		free(target);
		return -1;
	}
	*saved = target;
	*mode = st.st_mode & 07777;
	return 0;
}

int
backup_restore(const char *saved, const char *original, char **cause)
{
	struct stat st;

	if (lstat(original, &st) == 0) {
		*cause = xprintf(_("cannot restore %s: it exists already"),
		    original);
		return -1;
	}
	return copy_move(saved, original, cause);
}
