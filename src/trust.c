/* trust.c: refusing, when running as root, code-like files that someone
 * else could have written (see trust.h). */
#include "config.h"

#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* A user's name, or the number when it has none; the caller frees it. */
static char *
trust_owner(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	return xprintf("%lu", (unsigned long)uid);
}

/* The folder holding path: writable by others only with the sticky bit. */
static int
trust_check_dir(const char *file, const char *path, char **cause)
{
	struct stat st;
	char *abs = util_abspath(path), *dir = util_dirname(abs);
	int rc = 0;

	if (stat(dir, &st) == 0 && (st.st_mode & S_IWOTH) &&
	    !(st.st_mode & S_ISVTX)) {
		*cause = xprintf(_("%s is refused: running as root, the folder %s holding it can be written by anyone (mode %04o) without the sticky bit, so anyone could replace it; run 'chmod o-w %s' or move the file"),
		    file, dir, (unsigned)(st.st_mode & 07777), dir);
		rc = -1;
	}
	free(dir);
	free(abs);
	return rc;
}

int
trust_check_fd(const char *path, int fd, char **cause)
{
	struct stat st;
	char *owner, *real;
	int rc = 0;

	if (geteuid() != 0)
		return 0;
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
	if (trust_check_dir(path, path, cause) == -1)
		return -1;
	/* Through a link: the folder of what it names too. */
	if ((real = realpath(path, NULL)) != NULL) {
		char *abs = util_abspath(path);

		if (strcmp(real, abs) != 0)
			rc = trust_check_dir(path, real, cause);
		free(abs);
		free(real);
	}
	return rc;
}

int
trust_check(const char *path, char **cause)
{
	int fd, rc;

	if (geteuid() != 0)
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xprintf(_("cannot open %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	rc = trust_check_fd(path, fd, cause);
	close(fd);
	return rc;
}

char *
trust_read_file(const char *path, size_t *lenp, char **cause)
{
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		*cause = xprintf(_("cannot open %s: %s"), path,
		    strerror(errno));
		return NULL;
	}
	if (trust_check_fd(path, fd, cause) == -1) {
		close(fd);
		return NULL;
	}
	return util_read_fd(path, fd, lenp, cause);
}
