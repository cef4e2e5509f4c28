/* copy.c: copying and moving files and folders, keeping modes and times.
 *
 * Files are copied with copy_file_range (read and write where that is not
 * possible) and fsynced; symbolic links are copied as links; folders are
 * copied entry by entry and get their mode and time once they are filled.
 * The owner is kept where the system allows it (as root).
 */
#include "config.h"

#include "copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

#define COPY_CHUNK	(1024 * 1024)

static int copy_any(const char *, const char *, int *, char **);

/* Give dst the owner of st where allowed: only root may, and then must. */
static int
copy_owner(int fd, const char *dst, const struct stat *st, int is_link,
    char **cause)
{
	int r;

	if (st->st_uid == geteuid() && st->st_gid == getegid())
		return 0;
	if (is_link)
		r = lchown(dst, st->st_uid, st->st_gid);
	else
		r = fchown(fd, st->st_uid, st->st_gid);
	if (r == -1 && errno != EPERM) {
		*cause = xprintf(_("cannot set the owner of %s: %s"), dst,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Copy the bytes of one open file to another. */
static int
copy_data(int in, int out, const char *src, const char *dst, char **cause)
{
	char *chunk = NULL;
	ssize_t n, w;
	size_t done;
	int use_range = 1;

	for (;;) {
		if (use_range) {
			n = copy_file_range(in, NULL, out, NULL, COPY_CHUNK, 0);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1 && (errno == EXDEV || errno == ENOSYS ||
			    errno == EINVAL || errno == EOPNOTSUPP ||
			    errno == EPERM || errno == ETXTBSY)) {
				/* Nothing was copied by the failed call. */
				use_range = 0;
				continue;
			}
			if (n == -1) {
				*cause = xprintf(_("cannot copy %s to %s: %s"),
				    src, dst, strerror(errno));
				return -1;
			}
			if (n == 0)
				return 0;
			continue;
		}
		if (chunk == NULL)
			chunk = xmalloc(COPY_CHUNK);
		n = read(in, chunk, COPY_CHUNK);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xprintf(_("cannot read %s: %s"), src,
			    strerror(errno));
			free(chunk);
			return -1;
		}
		if (n == 0)
			break;
		for (done = 0; done < (size_t)n; done += (size_t)w) {
			w = write(out, chunk + done, (size_t)n - done);
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w == -1) {
				*cause = xprintf(_("cannot write %s: %s"), dst,
				    strerror(errno));
				free(chunk);
				return -1;
			}
		}
	}
	free(chunk);
	return 0;
}

static int
copy_file(const char *src, const char *dst, const struct stat *st, int *made,
    char **cause)
{
	struct timespec times[2];
	int in, out;

	in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (in == -1) {
		*cause = xprintf(_("cannot open %s: %s"), src, strerror(errno));
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
	    O_NOCTTY, 0600);
	if (out == -1) {
		*cause = xprintf(_("cannot create %s: %s"), dst,
		    strerror(errno));
		close(in);
		return -1;
	}
	*made = 1;
	if (copy_data(in, out, src, dst, cause) == -1)
		goto fail;
	if (copy_owner(out, dst, st, 0, cause) == -1)
		goto fail;
	/* After the owner: changing it clears the set-user-ID bits. */
	if (fchmod(out, st->st_mode & 07777) == -1) {
		*cause = xprintf(_("cannot set the mode of %s: %s"), dst,
		    strerror(errno));
		goto fail;
	}
	times[0] = st->st_atim;
	times[1] = st->st_mtim;
	if (futimens(out, times) == -1) {
		*cause = xprintf(_("cannot set the time of %s: %s"), dst,
		    strerror(errno));
		goto fail;
	}
	if (fsync(out) == -1) {
		*cause = xprintf(_("cannot sync %s: %s"), dst, strerror(errno));
		goto fail;
	}
	close(in);
	if (close(out) == -1) {
		*cause = xprintf(_("cannot write %s: %s"), dst, strerror(errno));
		return -1;
	}
	return 0;

fail:
	close(in);
	close(out);
	return -1;
}

/* The target of a symbolic link; the caller frees it. */
static char *
copy_readlink(const char *path, const struct stat *st, char **cause)
{
	size_t size = st->st_size > 0 ? (size_t)st->st_size + 1 : 256;
	char *target;
	ssize_t n;

	for (;;) {
		target = xmalloc(size);
		n = readlink(path, target, size);
		if (n == -1) {
			*cause = xprintf(_("cannot read link %s: %s"), path,
			    strerror(errno));
			free(target);
			return NULL;
		}
		if ((size_t)n < size) {
			target[n] = '\0';
			return target;
		}
		free(target);
		size *= 2;
	}
}

static int
copy_link(const char *src, const char *dst, const struct stat *st, int *made,
    char **cause)
{
	struct timespec times[2];
	char *target;

	if ((target = copy_readlink(src, st, cause)) == NULL)
		return -1;
	if (symlink(target, dst) == -1) {
		*cause = xprintf(_("cannot create link %s: %s"), dst,
		    strerror(errno));
		free(target);
		return -1;
	}
	*made = 1;
	free(target);
	if (copy_owner(-1, dst, st, 1, cause) == -1)
		return -1;
	times[0] = st->st_atim;
	times[1] = st->st_mtim;
	if (utimensat(AT_FDCWD, dst, times, AT_SYMLINK_NOFOLLOW) == -1 &&
	    errno != EOPNOTSUPP) {
		*cause = xprintf(_("cannot set the time of %s: %s"), dst,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Call fn for every entry of a folder (not "." and ".."), with its path,
 * until one fails. */
static int
copy_each(const char *folder, int (*fn)(const char *, const char *, void *,
    char **), void *arg, char **cause)
{
	struct dirent *de;
	DIR *d;
	char *path;
	int r = 0;

	if ((d = opendir(folder)) == NULL) {
		*cause = xprintf(_("cannot open folder %s: %s"), folder,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				*cause = xprintf(_("cannot read folder %s: %s"),
				    folder, strerror(errno));
				r = -1;
			}
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		path = util_path_join(folder, de->d_name);
		r = fn(path, de->d_name, arg, cause);
		free(path);
		if (r == -1)
			break;
	}
	closedir(d);
	return r;
}

static int
copy_entry(const char *from, const char *name, void *arg, char **cause)
{
	char *to = util_path_join(arg, name);
	int r, made;

	r = copy_any(from, to, &made, cause);
	free(to);
	return r;
}

/* A removal: of a copy the program made (own), which may make a read-only
 * folder writable, or of an original, whose modes are never changed. */
struct copy_rm {
	int	 own;
	size_t	 removed;	/* entries removed so far */
};

static int copy_remove(const char *, struct copy_rm *, char **);

static int
remove_entry(const char *path, const char *name, void *arg, char **cause)
{
	return copy_remove(path, arg, cause);
}

static int
copy_folder(const char *src, const char *dst, const struct stat *st,
    int *made, char **cause)
{
	struct timespec times[2];
	int fd;

	if (mkdir(dst, 0700) == -1) {
		*cause = xprintf(_("cannot create folder %s: %s"), dst,
		    strerror(errno));
		return -1;
	}
	*made = 1;
	if (copy_each(src, copy_entry, (void *)dst, cause) == -1)
		return -1;

	/* The mode and time last: adding entries changes the time. */
	fd = open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1) {
		*cause = xprintf(_("cannot open folder %s: %s"), dst,
		    strerror(errno));
		return -1;
	}
	if (copy_owner(fd, dst, st, 0, cause) == -1)
		goto fail;
	if (fchmod(fd, st->st_mode & 07777) == -1) {
		*cause = xprintf(_("cannot set the mode of %s: %s"), dst,
		    strerror(errno));
		goto fail;
	}
	times[0] = st->st_atim;
	times[1] = st->st_mtim;
	if (futimens(fd, times) == -1) {
		*cause = xprintf(_("cannot set the time of %s: %s"), dst,
		    strerror(errno));
		goto fail;
	}
	if (fsync(fd) == -1 && errno != EINVAL) {
		*cause = xprintf(_("cannot sync folder %s: %s"), dst,
		    strerror(errno));
		goto fail;
	}
	close(fd);
	return 0;

fail:
	close(fd);
	return -1;
}

/* Copy whatever src is; *made tells whether dst was created. */
static int
copy_any(const char *src, const char *dst, int *made, char **cause)
{
	struct stat st;

	*made = 0;
	if (lstat(src, &st) == -1) {
		*cause = xprintf(_("cannot read %s: %s"), src, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return copy_file(src, dst, &st, made, cause);
	if (S_ISLNK(st.st_mode))
		return copy_link(src, dst, &st, made, cause);
	if (S_ISDIR(st.st_mode))
		return copy_folder(src, dst, &st, made, cause);
	*cause = xprintf(_("cannot copy %s: it is not a file, a folder or a "
	    "link"), src);
	return -1;
}

/* rename(2) that refuses to replace an existing dst where the system can
 * say so. */
static int
copy_rename(const char *src, const char *dst)
{
#ifdef RENAME_NOREPLACE
	int r = renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE);

	if (r == -1 && (errno == EINVAL || errno == ENOSYS))
		r = rename(src, dst);
	return r;
#else
	return rename(src, dst);
#endif
}

char *
copy_partial_name(const char *dst)
{
	return xprintf("%s.wizard-partial", dst);
}

/* copy_path, or with replace a copy over a dst that is a file or a link:
 * renamed over it in one step, so dst is always the old or the new file. */
static int
copy_path_to(const char *src, const char *dst, int replace, char **cause)
{
	struct stat st;
	char *dir, *tmp, *ignored = NULL;
	int r, made;

	if (lstat(dst, &st) == 0 && (!replace || S_ISDIR(st.st_mode))) {
		*cause = xprintf(_("cannot copy %s to %s: %s"), src, dst,
		    strerror(EEXIST));
		return -1;
	}
	/* The copy is made under a name of its own and renamed to dst once it
	 * is complete and synced: a crash never leaves a part of it at dst.
	 * A part left under that name by a crash is removed first. */
	tmp = copy_partial_name(dst);
	if (lstat(tmp, &st) == 0 && copy_remove_tree(tmp, cause) == -1) {
		free(tmp);
		return -1;
	}
	if (copy_any(src, tmp, &made, cause) == -1) {
		/* What was made so far is only a part: take it away. */
		if (made) {
			copy_remove_tree(tmp, &ignored);
			free(ignored);
		}
		free(tmp);
		return -1;
	}
	if ((replace ? rename(tmp, dst) : copy_rename(tmp, dst)) == -1) {
		*cause = xprintf(_("cannot copy %s to %s: %s"), src, dst,
		    strerror(errno));
		copy_remove_tree(tmp, &ignored);
		free(ignored);
		free(tmp);
		return -1;
	}
	free(tmp);
	dir = util_dirname(dst);
	r = util_fsync_dir(dir, cause);
	free(dir);
	return r;
}

int
copy_path(const char *src, const char *dst, char **cause)
{
	return copy_path_to(src, dst, 0, cause);
}

int
copy_path_over(const char *src, const char *dst, char **cause)
{
	return copy_path_to(src, dst, 1, cause);
}

static int
copy_move_to(const char *src, const char *dst, int replace, int *copied,
    char **cause)
{
	struct stat st;
	char *dir;
	int r;

	*copied = 0;
	if (lstat(dst, &st) == 0 && (!replace || S_ISDIR(st.st_mode))) {
		*cause = xprintf(_("cannot move %s to %s: %s"), src, dst,
		    strerror(EEXIST));
		return -1;
	}
	r = replace ? rename(src, dst) : copy_rename(src, dst);
	if (r == -1 && errno != EXDEV) {
		*cause = xprintf(_("cannot move %s to %s: %s"), src, dst,
		    strerror(errno));
		return -1;
	}
	if (r == -1) {
		/* Another file system: a full copy, synced (copy_path). */
		if (copy_path_to(src, dst, replace, cause) == -1)
			return -1;
		*copied = 1;
		return 0;
	}
	dir = util_dirname(dst);
	r = util_fsync_dir(dir, cause);
	free(dir);
	if (r == -1)
		return -1;
	dir = util_dirname(src);
	r = util_fsync_dir(dir, cause);
	free(dir);
	return r;
}

int
copy_move_begin(const char *src, const char *dst, int *copied, char **cause)
{
	return copy_move_to(src, dst, 0, copied, cause);
}

static int
copy_move_any(const char *src, const char *dst, int replace, char **cause)
{
	char *why = NULL;
	size_t removed;
	int copied;

	if (copy_move_to(src, dst, replace, &copied, cause) == -1)
		return -1;
	if (!copied)
		return 0;
	if (copy_remove_original(src, &removed, &why) == -1) {
		if (removed == 0)
			*cause = xprintf(_("%s was copied to %s, but the "
			    "original could not be removed: %s"), src, dst,
			    why);
		else
			*cause = xprintf(P_("%s was copied to %s, but removing "
			    "the original stopped after %zu entry: %s; the "
			    "rest of it is still there, and the copy is "
			    "complete", "%s was copied to %s, but removing the "
			    "original stopped after %zu entries: %s; the rest "
			    "of it is still there, and the copy is complete",
			    removed), src, dst, removed, why);
		free(why);
		return -1;
	}
	return 0;
}

int
copy_move(const char *src, const char *dst, char **cause)
{
	return copy_move_any(src, dst, 0, cause);
}

int
copy_move_over(const char *src, const char *dst, char **cause)
{
	return copy_move_any(src, dst, 1, cause);
}

static int
copy_remove(const char *path, struct copy_rm *rm, char **cause)
{
	struct stat st;

	if (lstat(path, &st) == -1) {
		*cause = xprintf(_("cannot remove %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) == -1) {
			*cause = xprintf(_("cannot remove %s: %s"), path,
			    strerror(errno));
			return -1;
		}
		rm->removed++;
		return 0;
	}
	/* A copy keeps the mode of a read-only folder; its entries must go.
	 * Never so for an original: its modes are the owner's. */
	if (rm->own && (st.st_mode & S_IRWXU) != S_IRWXU)
		chmod(path, (st.st_mode & 07777) | S_IRWXU);
	if (copy_each(path, remove_entry, rm, cause) == -1)
		return -1;
	if (rmdir(path) == -1) {
		*cause = xprintf(_("cannot remove folder %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	rm->removed++;
	return 0;
}

int
copy_remove_tree(const char *path, char **cause)
{
	struct copy_rm rm = { 1, 0 };

	return copy_remove(path, &rm, cause);
}

int
copy_remove_original(const char *path, size_t *removed, char **cause)
{
	struct copy_rm rm = { 0, 0 };
	char *dir, *why = NULL;
	int r;

	r = copy_remove(path, &rm, cause);
	if (removed != NULL)
		*removed = rm.removed;
	if (r == -1)
		return -1;
	/* What is gone stays gone after a crash. */
	dir = util_dirname(path);
	r = util_fsync_dir(dir, &why);
	free(dir);
	if (r == -1) {
		*cause = why;
		return -1;
	}
	return 0;
}
