/* lock.c: one wizard per session. The lock file is held with an fcntl(2)
 * write lock (an open file description lock where the system has them) for
 * as long as the struct lock lives and names its holder in
 * "KEY VALUE" lines (pid, host, user, since). A clean release empties the
 * file; a crash leaves the holder's name in a file nobody holds, which the
 * next wizard on the same host takes over. */
#include "config.h"

#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

struct lock {
	char	*path;
	int	 fd;
};

/* The whole file from its start; NULL with *cause. */
static char *
lock_read(int fd, const char *path, char **cause)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	off_t off = 0;
	ssize_t n;

	for (;;) {
		n = pread(fd, chunk, sizeof chunk, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xprintf(_("cannot read %s: %s"), path,
			    strerror(errno));
			buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
		off += n;
	}
	return buf_steal(&b);
}

/* Fill h from the file's text. Returns 1 if it names a holder, 0 if it is
 * empty, -1 if it holds something else. */
static int
lock_parse(const char *text, struct lock_holder *h)
{
	const char *p = text, *nl, *sp;
	char *key, *value, *end;
	long pid;

	memset(h, 0, sizeof *h);
	if (*text == '\0')
		return 0;
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		sp = memchr(p, ' ', (size_t)(nl - p));
		if (sp != NULL) {
			key = xstrndup(p, (size_t)(sp - p));
			value = xstrndup(sp + 1, (size_t)(nl - sp - 1));
			if (strcmp(key, "pid") == 0) {
				errno = 0;
				pid = strtol(value, &end, 10);
				if (errno == 0 && *end == '\0' && pid > 0 &&
				    pid <= INT_MAX)
					h->pid = (pid_t)pid;
			} else if (strcmp(key, "host") == 0 && h->host == NULL) {
				h->host = value;
				value = NULL;
			} else if (strcmp(key, "user") == 0 && h->user == NULL) {
				h->user = value;
				value = NULL;
			} else if (strcmp(key, "since") == 0 &&
			    h->since == NULL) {
				h->since = value;
				value = NULL;
			}
			free(key);
			free(value);
		}
		p = *nl == '\n' ? nl + 1 : nl;
	}
	if (h->pid == 0 || h->host == NULL) {
		lock_holder_clear(h);
		return -1;
	}
	if (h->user == NULL)
		h->user = xstrdup("?");
	if (h->since == NULL)
		h->since = xstrdup("?");
	return 1;
}

/* Open file description locks (Linux) belong to the open file, not to the
 * process: a classic F_SETLK lock would be dropped as soon as the process
 * closed any other descriptor of the file (reading it, lock_query), and a
 * second lock_acquire in the same process would succeed. */
#ifdef F_OFD_SETLK
#define LOCK_SET	F_OFD_SETLK
#define LOCK_GET	F_OFD_GETLK
#else
#define LOCK_SET	F_SETLK
#define LOCK_GET	F_GETLK
#endif

/* Is the lock held by someone else? 1 (with its PID in *pid when the
 * system says, else 0), 0 if not, -1 on error. */
static int
lock_test(int fd, pid_t *pid)
{
	struct flock fl;

	*pid = 0;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, LOCK_GET, &fl) == -1)
		return -1;
	if (fl.l_type == F_UNLCK)
		return 0;
	if (fl.l_pid > 0)
		*pid = fl.l_pid;
	return 1;
}

/* The message for a lock held by a live process. */
static char *
lock_held_message(const char *path, int fd, pid_t pid)
{
	struct lock_holder h;
	char *text, *cause = NULL, *msg;
	int named;

	memset(&h, 0, sizeof h);
	text = lock_read(fd, path, &cause);
	free(cause);
	named = text != NULL ? lock_parse(text, &h) : 0;
	if (named == 1 && pid > 0 && h.pid != pid &&
	    strcmp(h.host, util_host()) == 0)
		named = 0;	/* taken over a moment ago, not named yet */
	/* Who first: a narrow status line still shows it. */
	if (named == 1) {
		msg = xprintf(_("the session is held by %s on %s, process "
		    "%ld, since %s (lock file %s)"), h.user, h.host,
		    (long)h.pid, h.since, path);
	} else if (pid > 0) {
		msg = xprintf(_("the session is held by process %ld (lock file %s)"),
		    (long)pid, path);
	} else
		msg = xprintf(_("the session is held by another process (lock file %s)"),
		    path);
	lock_holder_clear(&h);
	free(text);
	return msg;
}

/* Name ourselves in the file: cut it, write, sync. */
static int
lock_write_holder(int fd, const char *path, char **cause)
{
	char *now = util_now_iso(), *text;
	size_t len, done = 0;
	ssize_t n;

	text = xprintf("pid %ld\nhost %s\nuser %s\nsince %s\n",
	    (long)getpid(), util_host(), util_user(), now);
	free(now);
	len = strlen(text);
	if (ftruncate(fd, 0) == -1)
		goto fail;
	while (done < len) {
		n = pwrite(fd, text + done, len - done, (off_t)done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		done += (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	free(text);
	return 0;

fail:
	*cause = xprintf(_("cannot write %s: %s"), path, strerror(errno));
	free(text);
	return -1;
}

struct lock *
lock_acquire(const char *path, struct lock_holder *stale, int *took_over,
    char **cause)
{
	struct lock_holder old;
	struct flock fl;
	struct lock *l;
	char *text;
	pid_t pid;
	int fd, named;

	if (stale != NULL)
		memset(stale, 0, sizeof *stale);
	if (took_over != NULL)
		*took_over = 0;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		*cause = xprintf(_("cannot open the lock file %s: %s"), path,
		    strerror(errno));
		return NULL;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, LOCK_SET, &fl) == -1) {
		if (errno == EACCES || errno == EAGAIN) {
			lock_test(fd, &pid);
			*cause = lock_held_message(path, fd, pid);
		} else {
			*cause = xprintf(_("cannot lock %s: %s"), path,
			    strerror(errno));
		}
		close(fd);
		return NULL;
	}

	/* The lock is ours; does the file name a holder that is gone? */
	if ((text = lock_read(fd, path, cause)) == NULL) {
		close(fd);
		return NULL;
	}
	named = lock_parse(text, &old);
	free(text);
	if (named == 1 && strcmp(old.host, util_host()) != 0) {
		*cause = xprintf(_("%s: the session was last held by %s on %s, "
		    "process %ld, since %s; that is another host, so this "
		    "wizard cannot tell whether it is still running. If that "
		    "wizard is gone, remove %s and try again"), path,
		    old.user, old.host, (long)old.pid, old.since, path);
		lock_holder_clear(&old);
		close(fd);
		return NULL;
	}
	if (lock_write_holder(fd, path, cause) == -1) {
		lock_holder_clear(&old);
		close(fd);
		return NULL;
	}
	if (named != 0 && took_over != NULL)
		*took_over = 1;
	if (named != 0 && stale != NULL)
		*stale = old;
	else
		lock_holder_clear(&old);

	l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	l->fd = fd;
	return l;
}

void
lock_release(struct lock *l)
{
	if (l == NULL)
		return;
	/* An empty file tells the next wizard that nobody crashed. */
	if (ftruncate(l->fd, 0) == 0)
		fsync(l->fd);
	close(l->fd);
	free(l->path);
	free(l);
}

int
lock_query(const char *path, struct lock_holder *h, char **cause)
{
	char *text;
	pid_t pid;
	int fd, held;

	memset(h, 0, sizeof *h);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1 && errno == ENOENT)
		return 0;
	if (fd == -1) {
		*cause = xprintf(_("cannot open the lock file %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if ((text = lock_read(fd, path, cause)) == NULL) {
		close(fd);
		return -1;
	}
	lock_parse(text, h);
	free(text);
	if ((held = lock_test(fd, &pid)) == -1) {
		*cause = xprintf(_("cannot query the lock %s: %s"), path,
		    strerror(errno));
		close(fd);
		lock_holder_clear(h);
		return -1;
	}
	close(fd);
	if (held == 0)
		return 0;
	if (h->host == NULL) {
		/* Taken a moment ago, not named yet. */
		h->pid = pid;
		h->host = xstrdup("?");
		h->user = xstrdup("?");
		h->since = xstrdup("?");
	}
	return 1;
}

void
lock_holder_clear(struct lock_holder *h)
{
	if (h == NULL)
		return;
	free(h->host);
	free(h->user);
	free(h->since);
	memset(h, 0, sizeof *h);
}
