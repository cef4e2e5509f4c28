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

/* Where a line's fields are decoded: room reused from line to line. */
struct jline {
	char		*text;		/* the fields, each NUL-terminated */
	size_t		 textsize;
	char		**ptrs;		/* the keys, then the values */
	size_t		 nptrs;
};

/* What a scan of the whole file found. */
struct jscan {
	unsigned long	 last_seq;
	struct buf	 last_time;	/* of the last good line */
	size_t		 good;		/* bytes up to the last good line's end */
	int		 torn_line;	/* 1-based, 0 if none */
	const char	*torn_why;	/* translated */
	struct jline	 scratch;
	/* Called with each good event (valid during the call), or NULL. */
	void		(*fn)(void *, const struct jevent *);
	void		*arg;
};

/* The events journal_read keeps. */
struct jkeep {
	struct jevent	*ev;
	size_t		 n;
	size_t		 size;
};

/* CRC-32 (IEEE 802.3, as zlib's crc32), a byte at a time. */
static const uint32_t journal_crc_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba,
	0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
	0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
	0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de,
	0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec,
	0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
	0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
	0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940,
	0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116,
	0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
	0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
	0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a,
	0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818,
	0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
	0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
	0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c,
	0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2,
	0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
	0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
	0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086,
	0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4,
	0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
	0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
	0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8,
	0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe,
	0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
	0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
	0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252,
	0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60,
	0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
	0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
	0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04,
	0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a,
	0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
	0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
	0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e,
	0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c,
	0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
	0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
	0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0,
	0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6,
	0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
	0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d
};

static uint32_t
journal_crc32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t crc = 0xffffffff;
	size_t i;

	for (i = 0; i < len; i++)
		crc = (crc >> 8) ^ journal_crc_table[(crc ^ p[i]) & 0xff];
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

/* Decode a field of len bytes into dst, which has room for len + 1:
 * returns dst, or NULL if the field holds a bad escape or a raw control
 * character. */
static char *
journal_decode(char *dst, const char *s, size_t len)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return NULL;
		if (c != '%') {
			dst[o++] = (char)c;
			continue;
		}
		if (i + 2 >= len)
			return NULL;
		hi = journal_hexval(s[i + 1]);
		lo = journal_hexval(s[i + 2]);
		if (hi == -1 || lo == -1 || (hi == 0 && lo == 0))
			return NULL;
		dst[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	dst[o] = '\0';
	return dst;
}

/* An event's strings and arrays are one allocation, at ev->keys (or at
 * ev->time when it has no fields). */
static void
journal_event_clear(struct jevent *ev)
{
	free(ev->n > 0 ? (void *)ev->keys : (void *)ev->time);
	memset(ev, 0, sizeof *ev);
}

/* A copy of an event in one allocation. */
static void
journal_event_copy(struct jevent *dst, const struct jevent *src)
{
	size_t arrays = 2 * src->n * sizeof (char *), len, i;
	char *mem, *p;

	len = arrays + strlen(src->time) + strlen(src->by) +
	    strlen(src->event) + 3;
	for (i = 0; i < src->n; i++)
		len += strlen(src->keys[i]) + strlen(src->values[i]) + 2;
	mem = xmalloc(len);
	*dst = *src;
	dst->keys = src->n > 0 ? (char **)(void *)mem : NULL;
	dst->values = src->n > 0 ? dst->keys + src->n : NULL;
	p = mem + arrays;
#define COPY(to, from) do {						\
	size_t copy_len = strlen(from) + 1;				\
									\
	memcpy(p, from, copy_len);					\
	(to) = p;							\
	p += copy_len;							\
} while (0)
	COPY(dst->time, src->time);
	COPY(dst->by, src->by);
	COPY(dst->event, src->event);
	for (i = 0; i < src->n; i++) {
		COPY(dst->keys[i], src->keys[i]);
		COPY(dst->values[i], src->values[i]);
	}
#undef COPY
}

/* Parse one line (without its newline) into ev, its strings decoded into
 * the scratch room (valid until the next line). Returns NULL, or why the
 * line is damaged (translated). */
static const char *
journal_parse_line(const char *line, size_t len, struct jline *sl,
    struct jevent *ev)
{
	const char *tab, *p, *end, *eq, *field[4];
	size_t flen[4], i, nkv;
	uint32_t want = 0;
	char *out;
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

	/* Room for every field decoded (never longer than as written) with
	 * its NUL, and for the pointers to the KEY=VALUE fields. */
	if (sl->textsize < (size_t)(end - line) + 1) {
		sl->textsize = (size_t)(end - line) + 1;
		sl->text = xrealloc(sl->text, sl->textsize);
	}
	nkv = 0;
	if (field[3] + flen[3] < end) {
		for (nkv = 1, eq = p; (eq = memchr(eq, '\t',
		    (size_t)(end - eq))) != NULL; eq++)
			nkv++;
	}
	if (sl->nptrs < 2 * nkv) {
		sl->nptrs = 2 * nkv;
		sl->ptrs = xreallocarray(sl->ptrs, sl->nptrs, sizeof *sl->ptrs);
	}

	out = sl->text;
#define DECODE(to, from, flen) do {					\
	if (((to) = journal_decode(out, (from), (flen))) == NULL)	\
		return _("a bad percent escape");			\
	out += strlen(out) + 1;						\
} while (0)
	DECODE(ev->time, field[1], flen[1]);
	DECODE(ev->by, field[2], flen[2]);
	DECODE(ev->event, field[3], flen[3]);

	/* KEY=VALUE fields. */
	ev->keys = sl->ptrs;
	ev->values = sl->ptrs + nkv;
	while (field[3] + flen[3] < end) {
		const char *t = memchr(p, '\t', (size_t)(end - p));

		if (t == NULL)
			t = end;
		eq = memchr(p, '=', (size_t)(t - p));
		if (eq == NULL || eq == p)
			return _("a field is not KEY=VALUE");
		DECODE(ev->keys[ev->n], p, (size_t)(eq - p));
		DECODE(ev->values[ev->n], eq + 1, (size_t)(t - eq - 1));
		ev->n++;
		if (t == end)
			break;
		p = t + 1;
	}
#undef DECODE
	if (ev->n == 0)
		ev->keys = ev->values = NULL;
	return NULL;
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
		why = journal_parse_line(p, (size_t)(nl - p), &sc->scratch,
		    &ev);
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
			return -1;
		}
		ev.line = line;
		sc->last_seq = ev.seq;
		buf_reset(&sc->last_time);
		buf_adds(&sc->last_time, ev.time);
		sc->good = (size_t)(nl + 1 - data);
		if (sc->fn != NULL)
			sc->fn(sc->arg, &ev);
		p = nl + 1;
	}
	return 0;
}

/* The time of the last good line, or NULL; the caller frees it. */
static char *
journal_scan_time(const struct jscan *sc)
{
	return sc->last_seq != 0 ? xstrdup(buf_str(&sc->last_time)) : NULL;
}

static void
journal_scan_free(struct jscan *sc)
{
	free(sc->scratch.text);
	free(sc->scratch.ptrs);
	buf_free(&sc->last_time);
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
	j->last_time = journal_scan_time(&sc);
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
journal_each(const char *path, void (*fn)(void *, const struct jevent *),
    void *arg, char **torn, char **cause)
{
	struct jscan sc;
	char *data;
	size_t len;

	if (torn != NULL)
		*torn = NULL;
	if ((data = util_read_file(path, &len, cause)) == NULL)
		return -1;
	memset(&sc, 0, sizeof sc);
	sc.fn = fn;
	sc.arg = arg;
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
	journal_scan_free(&sc);
	free(data);
	return 0;
}

/* Keep a copy of an event (journal_read's). */
static void
journal_keep(void *arg, const struct jevent *ev)
{
	struct jkeep *k = arg;

	if (k->n == k->size) {
		k->size = k->size == 0 ? 64 : k->size * 2;
		k->ev = xreallocarray(k->ev, k->size, sizeof *k->ev);
	}
	journal_event_copy(&k->ev[k->n++], ev);
}

int
journal_read(const char *path, struct jevent **evp, size_t *np, char **torn,
    char **cause)
{
	struct jkeep k;
	int e;

	memset(&k, 0, sizeof k);
	if (journal_each(path, journal_keep, &k, torn, cause) == -1) {
		e = errno;
		journal_events_free(k.ev, k.n);
		*evp = NULL;
		*np = 0;
		errno = e;
		return -1;
	}
	*evp = k.ev;
	*np = k.n;
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
