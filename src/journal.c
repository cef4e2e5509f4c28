/* journal.c: the append-only journal of a session: writing one event per
 * line with a checksum, reading it back, and recovering a line torn by a
 * crash. */
#include "config.h"

#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

struct journal {
	char		*path;
	int		 fd;
	unsigned long	 last_seq;
	char		*last_time;
	/* Why appends are refused (a partial line could not be cut back),
	 * or NULL. */
	char		*broken;
};

/* What a scan of the whole file found. */
struct jscan {
	unsigned long	 last_seq;
	char		*last_time;
	size_t		 good;		/* bytes up to the last good line's end */
	int		 torn_line;	/* 1-based, 0 if none */
	const char	*torn_why;	/* translated */
	int		 keep;		/* collect the events */
	struct jevent	*ev;
	size_t		 n;
	size_t		 size;
};

/* CRC-32 (IEEE 802.3, as zlib's crc32), four bits at a time. */
static const uint32_t journal_crc_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c
};

static uint32_t
journal_crc32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t crc = 0xffffffff;
	size_t i;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ journal_crc_nibble[crc & 0xf];
		crc = (crc >> 4) ^ journal_crc_nibble[crc & 0xf];
	}
	return crc ^ 0xffffffff;
}

/* Add a field, percent-encoding '%', control characters and (in a key) '='. */
static void
journal_encode(struct buf *b, const char *s, int key)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '%' || *p < 0x20 || *p == 0x7f || (key && *p == '='))
			buf_printf(b, "%%%02X", *p);
		else
			buf_addc(b, (char)*p);
	}
}

static int
journal_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode a field; NULL if it holds a bad escape or a raw control character. */
static char *
journal_decode(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			goto bad;
		if (c != '%') {
			buf_addc(&b, (char)c);
			continue;
		}
		if (i + 2 >= len)
			goto bad;
		hi = journal_hexval(s[i + 1]);
		lo = journal_hexval(s[i + 2]);
		if (hi == -1 || lo == -1 || (hi == 0 && lo == 0))
			goto bad;
		buf_addc(&b, (char)(hi << 4 | lo));
		i += 2;
	}
	return buf_steal(&b);

bad:
	buf_free(&b);
	return NULL;
}

static void
journal_event_clear(struct jevent *ev)
{
	size_t i;

	free(ev->time);
	free(ev->by);
	free(ev->event);
	for (i = 0; i < ev->n; i++) {
		free(ev->keys[i]);
		free(ev->values[i]);
	}
	free(ev->keys);
	free(ev->values);
	memset(ev, 0, sizeof *ev);
}

/* Parse one line (without its newline) into ev. Returns NULL, or why the
 * line is damaged (translated). */
static const char *
journal_parse_line(const char *line, size_t len, struct jevent *ev)
{
	const char *tab, *p, *end, *eq, *field[4];
	size_t flen[4], i;
	uint32_t want = 0;
	int v;

	memset(ev, 0, sizeof *ev);

	/* The checksum: the last field, "#" and 8 hex digits. */
	tab = NULL;
	for (p = line + len; p > line; p--) {
		if (p[-1] == '\t') {
			tab = p - 1;
			break;
		}
	}
	if (tab == NULL || (size_t)(line + len - tab) != 10 || tab[1] != '#')
		return _("no checksum");
	for (i = 0; i < 8; i++) {
		if ((v = journal_hexval(tab[2 + i])) == -1)
			return _("no checksum");
		want = want << 4 | (uint32_t)v;
	}
	if (journal_crc32(line, (size_t)(tab - line)) != want)
		return _("bad checksum");

	/* SEQ, TIME, BY, EVENT. */
	p = line;
	end = tab;
	for (i = 0; i < 4; i++) {
		const char *t = memchr(p, '\t', (size_t)(end - p));

		if (t == NULL && i < 3)
			return _("too few fields");
		if (t == NULL)
			t = end;
		field[i] = p;
		flen[i] = (size_t)(t - p);
		p = t < end ? t + 1 : end;
	}
	if (flen[0] == 0 || flen[0] > 19 || field[0][0] == '0')
		return _("bad sequence number");
	for (i = 0; i < flen[0]; i++) {
		if (field[0][i] < '0' || field[0][i] > '9')
			return _("bad sequence number");
		ev->seq = ev->seq * 10 + (unsigned long)(field[0][i] - '0');
	}
	if (flen[3] == 0)
		return _("no event name");
	ev->time = journal_decode(field[1], flen[1]);
	ev->by = journal_decode(field[2], flen[2]);
	ev->event = journal_decode(field[3], flen[3]);
	if (ev->time == NULL || ev->by == NULL || ev->event == NULL)
		goto bad_escape;

	/* KEY=VALUE fields. */
	while (field[3] + flen[3] < end) {
		const char *t = memchr(p, '\t', (size_t)(end - p));

		if (t == NULL)
			t = end;
		eq = memchr(p, '=', (size_t)(t - p));
		if (eq == NULL || eq == p) {
			journal_event_clear(ev);
			return _("a field is not KEY=VALUE");
		}
		ev->keys = xreallocarray(ev->keys, ev->n + 1, sizeof *ev->keys);
		ev->values = xreallocarray(ev->values, ev->n + 1,
		    sizeof *ev->values);
		ev->keys[ev->n] = journal_decode(p, (size_t)(eq - p));
		ev->values[ev->n] = journal_decode(eq + 1, (size_t)(t - eq - 1));
		ev->n++;
		if (ev->keys[ev->n - 1] == NULL || ev->values[ev->n - 1] == NULL)
			goto bad_escape;
		if (t == end)
			break;
		p = t + 1;
	}
	return NULL;

bad_escape:
	journal_event_clear(ev);
	return _("a bad percent escape");
}

/* Scan a journal's text. A damaged line before the last one is an error;
 * the last line, cut off or damaged, is torn. */
static int
journal_scan(const char *path, const char *data, size_t len,
    struct jscan *sc, char **cause)
{
	const char *p = data, *end = data + len, *nl, *why;
	struct jevent ev;
	int line = 0;

	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			sc->torn_line = line;
			sc->torn_why = _("no newline at its end");
			return 0;
		}
		why = journal_parse_line(p, (size_t)(nl - p), &ev);
		if (why != NULL && nl + 1 == end) {
			sc->torn_line = line;
			sc->torn_why = why;
			return 0;
		}
		if (why != NULL) {
			*cause = xprintf(_("%s:%d: damaged journal line (%s)"),
			    path, line, why);
			return -1;
		}
		if (ev.seq <= sc->last_seq) {
			*cause = xprintf(_("%s:%d: damaged journal line "
			    "(event %lu after event %lu)"), path, line, ev.seq,
			    sc->last_seq);
			journal_event_clear(&ev);
			return -1;
		}
		ev.line = line;
		sc->last_seq = ev.seq;
		free(sc->last_time);
		sc->last_time = xstrdup(ev.time);
		sc->good = (size_t)(nl + 1 - data);
		if (sc->keep) {
			if (sc->n == sc->size) {
				sc->size = sc->size == 0 ? 64 : sc->size * 2;
				sc->ev = xreallocarray(sc->ev, sc->size,
				    sizeof *sc->ev);
			}
			sc->ev[sc->n++] = ev;
		} else
			journal_event_clear(&ev);
		p = nl + 1;
	}
	return 0;
}

static void
journal_scan_free(struct jscan *sc)
{
	journal_events_free(sc->ev, sc->n);
	free(sc->last_time);
	memset(sc, 0, sizeof *sc);
}

/* Write all of len bytes (a file of saved torn lines, not the journal). */
static int
journal_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Move the torn bytes to "<path>.torn" and cut the journal back. */
static int
journal_recover(struct journal *j, const char *data, size_t len,
    const struct jscan *sc, char **torn, char **cause)
{
	char *tpath = xprintf("%s.torn", j->path), *dir;
	size_t n = len - sc->good;
	int fd;

	fd = open(tpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd == -1) {
		*cause = xprintf(_("cannot create %s: %s"), tpath,
		    strerror(errno));
		goto fail;
	}
	if (journal_write_all(fd, data + sc->good, n) == -1 ||
	    (data[len - 1] != '\n' && journal_write_all(fd, "\n", 1) == -1) ||
	    fsync(fd) == -1) {
		*cause = xprintf(_("cannot write %s: %s"), tpath,
		    strerror(errno));
		close(fd);
		goto fail;
	}
	close(fd);
	dir = util_dirname(j->path);
	if (util_fsync_dir(dir, cause) == -1) {
		free(dir);
		goto fail;
	}
	free(dir);

	if (ftruncate(j->fd, (off_t)sc->good) == -1 || fsync(j->fd) == -1) {
		*cause = xprintf(_("cannot cut back %s: %s"), j->path,
		    strerror(errno));
		goto fail;
	}
	if (torn != NULL) {
		*torn = xprintf(P_("%s:%d: the last line was cut off (%s); "
		    "its %zu byte was moved to %s",
		    "%s:%d: the last line was cut off (%s); "
		    "its %zu bytes were moved to %s", n), j->path,
		    sc->torn_line, sc->torn_why, n, tpath);
	}
	free(tpath);
	return 0;

fail:
	free(tpath);
	return -1;
}

struct journal *
journal_open(const char *path, char **torn, char **cause)
{
	struct journal *j;
	struct jscan sc;
	char *data;
	size_t len;

	if (torn != NULL)
		*torn = NULL;
	j = xcalloc(1, sizeof *j);
	j->path = xstrdup(path);
	j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (j->fd == -1) {
		*cause = xprintf(_("cannot open %s: %s"), path,
		    strerror(errno));
		journal_close(j);
		return NULL;
	}
	if ((data = util_read_file(path, &len, cause)) == NULL) {
		journal_close(j);
		return NULL;
	}
	if (len == 0) {
		/* New: make its name in the folder as durable as its lines. */
		char *dir = util_dirname(path);
		int rc = util_fsync_dir(dir, cause);

		free(dir);
		if (rc == -1) {
			free(data);
			journal_close(j);
			return NULL;
		}
	}
	memset(&sc, 0, sizeof sc);
	if (journal_scan(path, data, len, &sc, cause) == -1)
		goto fail;
	if (sc.torn_line != 0 &&
	    journal_recover(j, data, len, &sc, torn, cause) == -1)
		goto fail;
	j->last_seq = sc.last_seq;
	j->last_time = sc.last_time;
	sc.last_time = NULL;
	journal_scan_free(&sc);
	free(data);
	return j;

fail:
	journal_scan_free(&sc);
	free(data);
	journal_close(j);
	return NULL;
}

int
journal_append(struct journal *j, const char *event, const struct jfield *f,
    size_t n, char **cause)
{
	struct buf b = BUF_INIT;
	struct stat st;
	char *now, *why;
	ssize_t w;
	size_t i, done;
	int e;

	if (j->broken != NULL) {
		*cause = xstrdup(j->broken);
		return -1;
	}
	if (event == NULL || *event == '\0') {
		*cause = xprintf(_("%s: an event without a name"), j->path);
		return -1;
	}
	now = util_now_iso();
	buf_printf(&b, "%lu\t", j->last_seq + 1);
	journal_encode(&b, now, 0);
	buf_addc(&b, '\t');
	journal_encode(&b, util_user(), 0);
	buf_addc(&b, '\t');
	journal_encode(&b, event, 0);
	for (i = 0; i < n; i++) {
		if (f[i].value == NULL)
			continue;
		if (f[i].key == NULL || *f[i].key == '\0') {
			*cause = xprintf(_("%s: a field without a name in "
			    "event %s"), j->path, event);
			goto fail;
		}
		buf_addc(&b, '\t');
		journal_encode(&b, f[i].key, 1);
		buf_addc(&b, '=');
		journal_encode(&b, f[i].value, 0);
	}
	buf_printf(&b, "\t#%08lx\n",
	    (unsigned long)journal_crc32(b.data, b.len));

	if (fstat(j->fd, &st) == -1) {
		*cause = xprintf(_("cannot write %s: %s"), j->path,
		    strerror(errno));
		goto fail;
	}
	/* One write(2); a short one (a full disk) is followed by another for
	 * the rest, which says why. */
	for (done = 0; done < b.len; done += (size_t)w) {
		w = write(j->fd, b.data + done, b.len - done);
		if (w == -1 && errno == EINTR) {
			w = 0;
			continue;
		}
		if (w == -1 && done == 0) {
			*cause = xprintf(_("cannot write %s: %s"), j->path,
			    strerror(errno));
			goto fail;
		}
		if (w == -1) {
			why = xprintf(_("cannot write %s: %s"), j->path,
			    strerror(errno));
			goto cut;
		}
	}
	if (fsync(j->fd) == -1) {
		why = xprintf(_("cannot write %s: %s"), j->path,
		    strerror(errno));
		goto cut;
	}
	j->last_seq++;
	free(j->last_time);
	j->last_time = now;
	buf_free(&b);
	return 0;

cut:
	/* Nothing of a failed event may stay behind. If the part cannot be
	 * cut back, the next line would be glued to it and the journal damaged
	 * in its middle: refuse every later append instead, so the part stays
	 * the last line and is set aside when the journal is opened again. */
	if (ftruncate(j->fd, st.st_size) == -1 || fsync(j->fd) == -1) {
		e = errno;
		j->broken = xprintf(_("the journal could not be repaired after a "
		    "failed write: %s; the partial line could not be removed "
		    "(%s); nothing more is recorded; the session is safe up to "
		    "event %lu"), why, strerror(e), j->last_seq);
		*cause = xstrdup(j->broken);
		free(why);
	} else
		*cause = why;
fail:
	free(now);
	buf_free(&b);
	return -1;
}

unsigned long
journal_last_seq(const struct journal *j)
{
	return j->last_seq;
}

const char *
journal_last_time(const struct journal *j)
{
	return j->last_time;
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	if (j->fd != -1)
		close(j->fd);
	free(j->path);
	free(j->last_time);
	free(j->broken);
	free(j);
}

int
journal_read(const char *path, struct jevent **evp, size_t *np, char **torn,
    char **cause)
{
	struct jscan sc;
	char *data;
	size_t len;

	*evp = NULL;
	*np = 0;
	if (torn != NULL)
		*torn = NULL;
	if ((data = util_read_file(path, &len, cause)) == NULL)
		return -1;
	memset(&sc, 0, sizeof sc);
	sc.keep = 1;
	if (journal_scan(path, data, len, &sc, cause) == -1) {
		journal_scan_free(&sc);
		free(data);
		errno = EINVAL;
		return -1;
	}
	if (sc.torn_line != 0 && torn != NULL) {
		*torn = xprintf(_("%s:%d: the last line was cut off (%s); "
		    "it is left out"), path, sc.torn_line, sc.torn_why);
	}
	*evp = sc.ev;
	*np = sc.n;
	sc.ev = NULL;
	sc.n = 0;
	journal_scan_free(&sc);
	free(data);
	return 0;
}

void
journal_events_free(struct jevent *ev, size_t n)
{
	size_t i;

	if (ev == NULL)
		return;
	for (i = 0; i < n; i++)
		journal_event_clear(&ev[i]);
	free(ev);
}

const char *
jevent_get(const struct jevent *ev, const char *key)
{
	size_t i;

	for (i = ev->n; i > 0; i--) {
		if (strcmp(ev->keys[i - 1], key) == 0)
			return ev->values[i - 1];
	}
	return NULL;
}
