/* trust.c: refusing, when running as root, code-like files that someone
 * else could have written (see trust.h).
 *
 * As root, a name is resolved here one component at a time from /, as the
 * kernel would: each folder is opened with O_PATH|O_NOFOLLOW relative to
 * the one before and checked on that descriptor, a symbolic link is read
 * in its (checked) folder and its target walked the same way, and the file
 * is opened from the last folder's descriptor and checked on the
 * descriptor it is then read from. So every folder the name is looked up
 * in is checked: those holding the links as well as those the links lead
 * to. realpath and then lstat of each ancestor was the other way: it
 * checks the folders the name led to once, opens the name again
 * afterwards, and never looks at the folders holding the links, where
 * whoever may write could point a link elsewhere between the check and
 * the open. One exception: a descriptor's link in /proc naming what has
 * no path (/dev/stdin on a pipe, bash's <(...)) is opened by the kernel,
 * and what it opens is checked as any file. */
#include "config.h"

#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

#ifndef O_PATH
#define O_PATH O_RDONLY
#endif

/* Links followed on the way to one file, as the kernel's limit. */
#define TRUST_MAX_LINKS 40

/* statfs's f_type of /proc (linux/magic.h). */
#define TRUST_PROC_MAGIC 0x9fa0

/* A user's name, or the number when it has none; the caller frees it. */
static char *
trust_owner(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	return xprintf("%lu", (unsigned long)uid);
}

/* A folder on the way to file: root's, and writable by group or others
 * only with the sticky bit (as /tmp), as sshd's StrictModes has it. */
static int
trust_folder(const char *file, const char *dir, const struct stat *st,
    char **cause)
{
	char *owner;
	unsigned mode = (unsigned)(st->st_mode & 07777);

	if (st->st_uid != 0) {
		owner = trust_owner(st->st_uid);
		*cause = xprintf(_("%s is refused: running as root, the folder %s on its path belongs to %s (mode %04o), who could put another file in its place; check the folder, then run 'chown root %s', or move the file"),
		    file, dir, owner, mode, dir);
		free(owner);
		return -1;
	}
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX)) {
		owner = trust_owner(st->st_uid);
		*cause = xprintf(_("%s is refused: running as root, the folder %s on its path can be written by group or others (owner %s, mode %04o) without the sticky bit, so someone else could put another file in its place; run 'chmod go-w %s', or move the file"),
		    file, dir, owner, mode, dir);
		free(owner);
		return -1;
	}
	return 0;
}

/* The file itself, on the descriptor it is read from. */
static int
trust_file(const char *path, int fd, char **cause)
{
	struct stat st;
	char *owner;

	if (fstat(fd, &st) == -1) {
		*cause = xprintf(_("cannot read %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if (st.st_uid != 0) {
		owner = trust_owner(st.st_uid);
		*cause = xprintf(_("%s is refused: running as root, it must belong to root, but it belongs to %s (mode %04o), who could change what it runs; check it, then run 'chown root %s'"),
		    path, owner, (unsigned)(st.st_mode & 07777), path);
		free(owner);
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		*cause = xprintf(_("%s is refused: running as root, it must not be writable by group or others, but its mode is %04o; check it, then run 'chmod go-w %s'"),
		    path, (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	return 0;
}

/* The walk's folder: open, checked, and its name. */
struct trust_walk {
	const char	*file;		/* the name as given, for messages */
	struct buf	 dir;		/* the folder reached, without links */
	int		 fd;		/* open on it (O_PATH) */
};

/* Start again at /. */
static int
trust_walk_root(struct trust_walk *w, char **cause)
{
	struct stat st;

	if (w->fd != -1)
		close(w->fd);
	buf_reset(&w->dir);
	buf_adds(&w->dir, "/");
	w->fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->fd == -1 || fstat(w->fd, &st) == -1) {
		*cause = xprintf(_("cannot open %s: %s"), w->file,
		    strerror(errno));
		return -1;
	}
	return trust_folder(w->file, "/", &st, cause);
}

/* Go into the folder name (".." too), checking it. */
static int
trust_walk_into(struct trust_walk *w, const char *name, char **cause)
{
	struct stat st;
	char *slash;
	int fd;

	fd = openat(w->fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		*cause = xprintf(_("cannot open %s: %s"), w->file,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(w->fd);
	w->fd = fd;
	if (strcmp(name, "..") == 0) {
		slash = strrchr(buf_str(&w->dir), '/');
		w->dir.len = slash != NULL && slash != buf_str(&w->dir) ?
		    (size_t)(slash - buf_str(&w->dir)) : 1;
		buf_add(&w->dir, "", 0);
	} else {
		if (w->dir.len > 1)
			buf_addc(&w->dir, '/');
		buf_adds(&w->dir, name);
	}
	return trust_folder(w->file, buf_str(&w->dir), &st, cause);
}

/* What the link name in the walk's folder says; the caller frees it. */
static char *
trust_walk_link(struct trust_walk *w, const char *name, char **cause)
{
	size_t size = 256;
	char *target;
	ssize_t n;

	for (;;) {
		target = xmalloc(size);
		n = readlinkat(w->fd, name, target, size);
		if (n == -1) {
			*cause = xprintf(_("cannot open %s: %s"), w->file,
			    strerror(errno));
			free(target);
			return NULL;
		}
		if ((size_t)n < size)
			break;
		free(target);
		size *= 2;
	}
	target[n] = '\0';
	return target;
}

/* Is the walk's folder in /proc, where a descriptor's link may name what
 * has no path (/dev/stdin on a pipe: "pipe:[1234]")? */
static int
trust_walk_proc(const struct trust_walk *w)
{
#ifdef __linux__
	struct statfs sfs;

	return fstatfs(w->fd, &sfs) == 0 && sfs.f_type == TRUST_PROC_MAGIC;
#else
	return 0;
#endif
}

/* Open the last name of path in the walk's folder, the file checked on
 * the descriptor: it, or -1 with *cause. follow: let the kernel follow a
 * link of /proc. */
static int
trust_walk_open(struct trust_walk *w, const char *name, const char *path,
    int follow, char **cause)
{
	int fd;

	/* Non-blocking: a FIFO is not waited on. */
	fd = openat(w->fd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    (follow ? 0 : O_NOFOLLOW));
	if (fd == -1) {
		*cause = xprintf(_("cannot open %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (trust_file(path, fd, cause) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Open path for reading as root may trust it (see the top of the file):
 * the descriptor, or -1 with *cause. */
static int
trust_open_root(const char *path, char **cause)
{
	struct trust_walk w = { path, BUF_INIT, -1 };
	struct stat st;
	char *todo, *cwd, *name, *end, *rest, *target, *next;
	int fd = -1, links = 0, last;

	if (*path == '/')
		todo = xstrdup(path);
	else if ((cwd = getcwd(NULL, 0)) == NULL) {
		*cause = xprintf(_("cannot open %s: %s"), path,
		    strerror(errno));
		return -1;
	} else {
		todo = util_path_join(cwd, path);
		free(cwd);
	}
	if (trust_walk_root(&w, cause) == -1)
		goto out;
	rest = todo;
	for (;;) {
		while (*rest == '/')
			rest++;
		name = *rest != '\0' ? rest : (char *)".";
		end = rest + strcspn(rest, "/");
		for (rest = end; *rest == '/'; rest++)
			;
		last = *rest == '\0';
		*end = '\0';
		if (fstatat(w.fd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			*cause = xprintf(_("cannot open %s: %s"), path,
			    strerror(errno));
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			if (++links > TRUST_MAX_LINKS) {
				*cause = xprintf(_("cannot open %s: %s"), path,
				    strerror(ELOOP));
				goto out;
			}
			if ((target = trust_walk_link(&w, name, cause)) == NULL)
				goto out;
			/* A descriptor's link to what has no path (a pipe
			 * given as /dev/stdin): the kernel opens it, and
			 * it is checked as any file, on its descriptor. */
			if (last && *target != '/' && trust_walk_proc(&w)) {
				free(target);
				fd = trust_walk_open(&w, name, path, 1, cause);
				goto out;
			}
			next = last ? xstrdup(target) : xprintf("%s/%s",
			    target, rest);
			free(todo);
			todo = rest = next;
			if (*target == '/' && trust_walk_root(&w, cause) == -1) {
				free(target);
				goto out;
			}
			free(target);
			continue;
		}
		if (!last) {
			if (strcmp(name, ".") != 0 &&
			    trust_walk_into(&w, name, cause) == -1)
				goto out;
			continue;
		}
		fd = trust_walk_open(&w, name, path, 0, cause);
		goto out;
	}
out:
	if (w.fd != -1)
		close(w.fd);
	buf_free(&w.dir);
	free(todo);
	return fd;
}

int
trust_open(const char *path, char **cause)
{
	int fd;

	if (geteuid() == 0)
		return trust_open_root(path, cause);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		*cause = xprintf(_("cannot open %s: %s"), path,
		    strerror(errno));
	return fd;
}

int
trust_check(const char *path, char **cause)
{
	int fd;

	if (geteuid() != 0)
		return 0;
	if ((fd = trust_open_root(path, cause)) == -1)
		return -1;
	close(fd);
	return 0;
}

char *
trust_read_file(const char *path, size_t *lenp, char **cause)
{
	int fd;

	if ((fd = trust_open(path, cause)) == -1)
		return NULL;
	return util_read_fd(path, fd, lenp, cause);
}
