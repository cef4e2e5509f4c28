/* util.c: small helpers for time, paths and durable files. */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "xmalloc.h"

char *
util_now_iso(void)
{
	struct timespec ts;
	struct tm tm;
	char s[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(s);
}

long long
util_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *
util_duration_text(long long ms)
{
	long long s, m, h;

	if (ms < 0)
		ms = 0;
	if (ms < 1000)
		return xprintf(_("%lld ms"), ms);
	if (ms < 60000) {
		if (ms % 1000 < 100)
			return xprintf(_("%lld s"), ms / 1000);
		/* TRANSLATORS: seconds with one decimal: "1.5 s". */
		return xprintf(_("%lld.%lld s"), ms / 1000, (ms % 1000) / 100);
	}
	if (ms < 3600000) {
		m = ms / 60000;
		s = (ms % 60000) / 1000;
		if (s == 0)
			return xprintf(_("%lld min"), m);
		return xprintf(_("%lld min %lld s"), m, s);
	}
	h = ms / 3600000;
	m = (ms % 3600000) / 60000;
	if (m == 0)
		return xprintf(_("%lld h"), h);
	return xprintf(_("%lld h %lld min"), h, m);
}

int
util_parse_port(const char *s, int *port)
{
	return util_parse_number(s, 1, 65535, port);
}

int
util_parse_number(const char *s, int min, int max, int *value)
{
	long long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	if (v < min)
		return -1;
	*value = (int)v;
	return 0;
}

/* Create the folders of path that are missing; with sync, fsync the folder
 * holding each new one. */
static int
util_mkdir_walk(const char *path, mode_t mode, int sync, char **cause)
{
	char *p = xstrdup(path), *s, *parent, c;
	struct stat st;
	int r = 0;

	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, mode) == 0) {
			if (sync) {
				parent = util_dirname(p);
				r = util_fsync_dir(parent, cause);
				free(parent);
				if (r == -1)
					break;
			}
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
util_mkdir_p(const char *path, mode_t mode, char **cause)
{
	return util_mkdir_walk(path, mode, 0, cause);
}

int
util_mkdir_p_sync(const char *path, mode_t mode, char **cause)
{
	return util_mkdir_walk(path, mode, 1, cause);
}

int
util_fsync_dir(const char *dir, char **cause)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd == -1) {
		*cause = xprintf(_("cannot open folder %s: %s"), dir,
		    strerror(errno));
		return -1;
	}
	if (fsync(fd) == -1 && errno != EINVAL) {
		*cause = xprintf(_("cannot sync folder %s: %s"), dir,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Write data into the open temporary file fd, sync and close it, rename it
 * over path and sync the folder. -1 with *cause: the temporary file is
 * removed unless the rename was done (*renamed; only the folder's sync
 * failed then). fd is closed either way. */
static int
util_commit_tmp(int fd, const char *tmp, const char *path, const void *data,
    size_t len, int *renamed, char **cause)
{
	char *dir = util_dirname(path);
	const char *p = data;
	size_t done = 0;
	ssize_t n;

	*renamed = 0;
	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xprintf(_("cannot write %s: %s"), tmp,
			    strerror(errno));
			goto fail_close;
		}
		done += (size_t)n;
	}
	if (fsync(fd) == -1) {
		*cause = xprintf(_("cannot sync %s: %s"), tmp, strerror(errno));
		goto fail_close;
	}
	if (close(fd) == -1) {
		*cause = xprintf(_("cannot write %s: %s"), tmp, strerror(errno));
		goto fail_unlink;
	}
	if (rename(tmp, path) == -1) {
		*cause = xprintf(_("cannot replace %s: %s"), path,
		    strerror(errno));
		goto fail_unlink;
	}
	*renamed = 1;
	if (util_fsync_dir(dir, cause) == -1) {
		free(dir);
		return -1;
	}
	free(dir);
	return 0;

fail_close:
	close(fd);
fail_unlink:
	unlink(tmp);
	free(dir);
	return -1;
}

int
util_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    char **cause)
{
	char *tmp = xprintf("%s.tmp.%ld", path, (long)getpid());
	int fd, renamed, rc;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd == -1) {
		*cause = xprintf(_("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	rc = util_commit_tmp(fd, tmp, path, data, len, &renamed, cause);
	free(tmp);
	return rc;
}


/* Replace a file atomically, keeping its mode and owner: a temporary file
 * in the same folder, synced, renamed over it, and the folder synced. -1
 * with *cause; *renamed says whether the file was replaced already (only
 * the folder's sync failed). */
int
util_replace_file(const char *path, const char *data, size_t len,
    const struct stat *st, int *renamed, char **cause)
{
	char *tmp = xprintf("%s.wizard-partial", path);
	struct stat now;
	int fd, rc;

	*renamed = 0;
	/* A fixed name beside the file: one left by a crash in the middle of
	 * an edit is only a part of the new text, and is replaced. */
	if (lstat(tmp, &now) == 0 && S_ISREG(now.st_mode))
		unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		*cause = xprintf(_("cannot create a file beside %s: %s"), path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	/* The owner first: fchown clears the set-id bits the mode sets. */
	if (fstat(fd, &now) == -1)
		*cause = xprintf(_("cannot use %s: %s"), tmp, strerror(errno));
	else if ((now.st_uid != st->st_uid || now.st_gid != st->st_gid) &&
	    fchown(fd, st->st_uid, st->st_gid) == -1)
		*cause = xprintf(_("cannot give %s the owner of %s: %s"), tmp,
		    path, strerror(errno));
	else if (fchmod(fd, st->st_mode & 07777) == -1)
		*cause = xprintf(_("cannot set the mode of %s: %s"), tmp,
		    strerror(errno));
	else {
		rc = util_commit_tmp(fd, tmp, path, data, len, renamed, cause);
		free(tmp);
		return rc;
	}
	close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}


char *
util_read_file(const char *path, size_t *lenp, char **cause)
{
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		int saved = errno;
		*cause = xprintf(_("cannot open %s: %s"), path, strerror(saved));
		errno = saved;
		return NULL;
	}
	return util_read_fd(path, fd, lenp, cause);
}

char *
util_read_fd(const char *path, int fd, size_t *lenp, char **cause)
{
	struct stat st;
	size_t len = 0, size = 65536;
	char *data;
	ssize_t n;

	/* A regular file is read straight into room for all of it (a
	 * journal or a guide of a few megabytes is not copied from chunk to
	 * growing buffer); one byte more lets the read that finds its end
	 * come back without growing it. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size < SIZE_MAX / 2)
		size = (size_t)st.st_size + 1;
	data = xmalloc(size + 1);
	for (;;) {
		if (len == size) {
			if (size > SIZE_MAX / 4)
				fatal("%s", _("out of memory"));
			size *= 2;
			data = xrealloc(data, size + 1);
		}
		n = read(fd, data + len, size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int saved = errno;
			*cause = xprintf(_("cannot read %s: %s"), path,
			    strerror(saved));
			close(fd);
			free(data);
			errno = saved;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	data[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return data;
}

const char *
util_user(void)
{
	static char name[256];
	struct passwd *pw;
	const char *s;

	if (name[0] != '\0')
		return name;
	pw = getpwuid(geteuid());
	if (pw != NULL && pw->pw_name != NULL)
		s = pw->pw_name;
	else if ((s = getenv("LOGNAME")) == NULL && (s = getenv("USER")) == NULL)
		s = "unknown";
	snprintf(name, sizeof name, "%s", s);
	return name;
}

const char *
util_host(void)
{
	static char host[HOST_NAME_MAX + 1];

	if (host[0] != '\0')
		return host;
	if (gethostname(host, sizeof host) == -1 || host[0] == '\0')
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	return host;
}

char *
util_path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (la == 0)
		return xstrdup(b);
	if (*b == '/')
		b++;
	if (a[la - 1] == '/')
		return xprintf("%s%s", a, b);
	return xprintf("%s/%s", a, b);
}

char *
util_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *
util_abspath(const char *path)
{
	char cwd[PATH_MAX];

	if (*path == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return xstrdup(path);
	return util_path_join(cwd, path);
}

static int
util_needs_quote(const char *s)
{
	if (*s == '\0')
		return 1;
	for (; *s != '\0'; s++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-_./=:,+@%^", *s) == NULL)
			return 1;
	}
	return 0;
}

char *
util_shell_quote(const char *s)
{
	struct buf b = BUF_INIT;

	if (!util_needs_quote(s))
		return xstrdup(s);
	buf_addc(&b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	return buf_steal(&b);
}

char *
util_argv_display(char *const *argv)
{
	struct buf b = BUF_INIT;
	char *q;
	size_t i;

	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		q = util_shell_quote(argv[i]);
		buf_adds(&b, q);
		free(q);
	}
	return buf_steal(&b);
}

uint64_t
util_hash64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

char *
util_hash_hex(const void *data, size_t len)
{
	return xprintf("%016llx", (unsigned long long)util_hash64(data, len));
}

void
util_wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

int
util_fd_is_null(int fd)
{
	struct stat st, null;

	if (fstat(fd, &st) == -1 || !S_ISCHR(st.st_mode))
		return 0;
	if (stat("/dev/null", &null) == -1 || !S_ISCHR(null.st_mode))
		return 0;
	return st.st_rdev == null.st_rdev;
}

#ifdef __GNUC__
/* 16 bytes compared at a time (SSE2, NEON, or what the compiler makes of
 * it): with a memchr a line, counting lines of 80 bytes took an eighth of
 * the processor time of streaming them to the log. */
typedef unsigned char util_bytes16 __attribute__((vector_size(16)));
#endif

/* How many newlines there are in data. */
unsigned long long
util_count_lines(const char *data, size_t len)
{
	unsigned long long n = 0;
	size_t i = 0;
#ifdef __GNUC__
	util_bytes16 v, acc, nl = { 0 };
	size_t blocks, k;

	nl += '\n';
	while (len - i >= 16) {
		/* Each byte of acc counts up to 255 newlines. */
		memset(&acc, 0, sizeof acc);
		blocks = (len - i) / 16;
		if (blocks > 255)
			blocks = 255;
		for (k = 0; k < blocks; k++, i += 16) {
			memcpy(&v, data + i, 16);
			acc -= (util_bytes16)(v == nl);	/* true is all ones */
		}
		for (k = 0; k < 16; k++)
			n += acc[k];
	}
#endif
	for (; i < len; i++)
		n += data[i] == '\n';
	return n;
}
