/* dumpfile.c: recognising a database dump from the file alone.
 *
 * The file is read once for its SHA-256; a plain dump is classified in the
 * same pass, a gzip'd one through "gzip -dc", and a custom-format archive
 * through "pg_restore -l", which lists its table of contents. A dump's
 * structure (the tool's header, CREATE DATABASE, \connect, USE, the line
 * that ends it) is in short lines of their own, while data (COPY rows,
 * INSERT statements) can make lines of any length: only the start of each
 * line is kept and looked at. Data cannot pass for structure: pg_dump and
 * mysqldump write a newline inside a value as \n, so a data line never
 * starts where a value does, but with the first column of a row. */
#include "config.h"

#include "dumpfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exec.h"
#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* Bytes of a line kept for looking at: names are at most 64 characters. */
#define DUMPFILE_LINE_MAX	4096
/* The tool's header is on one of the first lines (MariaDB writes a
 * "sandbox mode" comment before it). */
#define DUMPFILE_HEAD_LINES	5
/* pg_dump says which version it is ("-- Dumped by") within these. */
#define DUMPFILE_TOOL_LINES	50
#define DUMPFILE_READ_SIZE	(1024 * 1024)
#define DUMPFILE_EXCERPT	200
/* Lines of a tool's stderr kept for a message. */
#define DUMPFILE_ERR_LINES	5

#define PG_HEADER		"-- PostgreSQL database dump"
#define PG_CLUSTER_HEADER	"-- PostgreSQL database cluster dump"
#define PG_TRAILER		"-- PostgreSQL database dump complete"
#define PG_CLUSTER_TRAILER	"-- PostgreSQL database cluster dump complete"
#define MY_TRAILER		"-- Dump completed"

struct dumpfile_scan {
	struct dumpfile_info	*info;
	unsigned long long	 lines;
	char			 line[DUMPFILE_LINE_MAX];
	size_t			 len;
	int			 piece;		/* exec: the next piece continues a line */
	int			 stop;		/* nothing more to learn from lines */
	int			 custom;	/* the stream starts with PGDMP */
	int			 pg_connected;	/* PG_PLAIN: its \connect was read */
	struct buf		 err;		/* a tool's stderr, some lines */
	size_t			 nerr;
};

static int
dumpfile_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static int
dumpfile_is(const char *s, size_t len, const char *text)
{
	return len == strlen(text) && memcmp(s, text, len) == 0;
}

static void
dumpfile_add_name(struct dumpfile_info *info, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return;
	for (i = 0; i < info->nnames; i++) {
		if (strcmp(info->names[i], name) == 0)
			return;
	}
	info->names = xreallocarray(info->names, info->nnames + 2,
	    sizeof *info->names);
	info->names[info->nnames++] = xstrdup(name);
	info->names[info->nnames] = NULL;
}

static const char *
dumpfile_skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A name quoted by doubling the quote character q ("a""b", `a``b`), or a
 * bare word up to a space or ';' (folded to lower case with fold, as
 * PostgreSQL folds an unquoted identifier). NULL for a quote that does not
 * end on the line. The caller frees the result. */
static char *
dumpfile_ident(const char *p, const char *end, char q, int fold)
{
	struct buf b = BUF_INIT;
	char c;

	p = dumpfile_skip_space(p, end);
	if (p < end && *p == q) {
		for (p++; p < end; p++) {
			if (*p == q && p + 1 < end && p[1] == q)
				p++;
			else if (*p == q)
				return buf_steal(&b);
			buf_addc(&b, *p);
		}
		buf_free(&b);
		return NULL;
	}
	for (; p < end && *p != ' ' && *p != '\t' && *p != ';'; p++) {
		c = *p;
		if (fold && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf_addc(&b, c);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The dbname of a connection string ("dbname='my db' ..."): a bare word,
 * or a '...' value with \' and \\ escapes. */
static char *
dumpfile_conninfo_dbname(const char *s)
{
	struct buf b = BUF_INIT;
	const char *p = s;

	while ((p = strstr(p, "dbname=")) != NULL) {
		if (p == s || p[-1] == ' ')
			break;
		p++;
	}
	if (p == NULL)
		return NULL;
	p += strlen("dbname=");
	if (*p != '\'') {
		while (*p != '\0' && *p != ' ')
			buf_addc(&b, *p++);
		return b.len > 0 ? buf_steal(&b) : NULL;
	}
	for (p++; *p != '\0' && *p != '\''; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		buf_addc(&b, *p);
	}
	if (*p != '\'') {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The database of a psql "\connect" line as pg_dump writes it: a name
 * ("\connect name", "\connect \"Name\""), or with -reuse-previous=on a
 * connection string ("\connect -reuse-previous=on \"dbname='a b'\""). */
static char *
dumpfile_pg_connect(const char *p, const char *end)
{
	static const char reuse[] = "-reuse-previous=on";
	char *word, *name;

	p = dumpfile_skip_space(p, end);
	if ((size_t)(end - p) > sizeof reuse - 1 &&
	    memcmp(p, reuse, sizeof reuse - 1) == 0 &&
	    (p[sizeof reuse - 1] == ' ' || p[sizeof reuse - 1] == '\t')) {
		word = dumpfile_ident(p + sizeof reuse - 1, end, '"', 0);
		if (word == NULL)
			return NULL;
		name = dumpfile_conninfo_dbname(word);
		free(word);
		return name;
	}
	/* "\connect - user" (old dumps) changes the user only. */
	if (p < end && *p == '-')
		return NULL;
	return dumpfile_ident(p, end, '"', 0);
}

/* "CREATE DATABASE /_*!32312 IF NOT EXISTS*_/ `name` ...": the name after
 * the version comments and IF NOT EXISTS. */
static char *
dumpfile_my_create(const char *p, const char *end)
{
	const char *c;

	for (;;) {
		p = dumpfile_skip_space(p, end);
		if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
			for (c = p + 2; c + 1 < end; c++) {
				if (c[0] == '*' && c[1] == '/')
					break;
			}
			if (c + 1 >= end)
				return NULL;
			p = c + 2;
		} else if (end - p >= 14 &&
		    strncasecmp(p, "IF NOT EXISTS", 13) == 0 &&
		    (p[13] == ' ' || p[13] == '\t'))
			p += 13;
		else
			break;
	}
	return dumpfile_ident(p, end, '`', 0);
}

static void
dumpfile_pg_line(struct dumpfile_scan *sc, const char *s, size_t len)
{
	struct dumpfile_info *info = sc->info;
	const char *end = s + len;
	char *name = NULL;

	if (info->tool == NULL && sc->lines <= DUMPFILE_TOOL_LINES &&
	    dumpfile_starts(s, len, "-- Dumped by ")) {
		info->tool = xstrndup(s + 13, len - 13);
		return;
	}
	if (dumpfile_is(s, len, info->format == DUMPFILE_PG_PLAIN ?
	    PG_TRAILER : PG_CLUSTER_TRAILER)) {
		info->complete = 1;
		return;
	}
	/* A plain pg_dump holds one database: its CREATE DATABASE comes
	 * first, then the \connect to it; nothing later is its own. */
	if (info->format == DUMPFILE_PG_PLAIN && sc->pg_connected)
		return;
	if (dumpfile_starts(s, len, "CREATE DATABASE "))
		name = dumpfile_ident(s + 16, end, '"', 1);
	else if (dumpfile_starts(s, len, "\\connect ")) {
		name = dumpfile_pg_connect(s + 9, end);
		sc->pg_connected = 1;
	}
	dumpfile_add_name(info, name);
	free(name);
}

static void
dumpfile_my_line(struct dumpfile_scan *sc, const char *s, size_t len)
{
	struct dumpfile_info *info = sc->info;
	const char *end = s + len, *p;
	char *name = NULL;

	if (dumpfile_starts(s, len, MY_TRAILER)) {
		info->complete = 1;
		return;
	}
	if (dumpfile_starts(s, len, "-- Host: ")) {
		/* "-- Host: 127.0.0.1    Database: name": empty for a dump of
		 * all databases. */
		for (p = end; p > s + 9; p--) {
			if (end - p >= 10 && memcmp(p, "Database: ", 10) == 0)
				break;
		}
		if (p > s + 9) {
			p += 10;
			while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			name = xstrndup(p, (size_t)(end - p));
		}
	} else if (dumpfile_starts(s, len, "-- Current Database: "))
		name = dumpfile_ident(s + 21, end, '`', 0);
	else if (dumpfile_starts(s, len, "CREATE DATABASE "))
		name = dumpfile_my_create(s + 16, end);
	else if (dumpfile_starts(s, len, "USE "))
		name = dumpfile_ident(s + 4, end, '`', 0);
	dumpfile_add_name(info, name);
	free(name);
}

/* The format from a header line, or DUMPFILE_UNKNOWN. */
static enum dumpfile_format
dumpfile_header(struct dumpfile_scan *sc, const char *s, size_t len)
{
	if (dumpfile_is(s, len, PG_HEADER))
		return DUMPFILE_PG_PLAIN;
	if (dumpfile_is(s, len, PG_CLUSTER_HEADER))
		return DUMPFILE_PG_CLUSTER;
	if (dumpfile_starts(s, len, "-- MySQL dump ") ||
	    dumpfile_starts(s, len, "-- MariaDB dump ")) {
		sc->info->tool = xstrndup(s + 3, len - 3);
		return DUMPFILE_MYSQL;
	}
	return DUMPFILE_UNKNOWN;
}

/* One line (its start, at most DUMPFILE_LINE_MAX bytes). */
static void
dumpfile_line(struct dumpfile_scan *sc, const char *s, size_t len)
{
	struct dumpfile_info *info = sc->info;

	if (sc->stop)
		return;
	sc->lines++;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (sc->lines == 1) {
		if (dumpfile_starts(s, len, "PGDMP")) {
			sc->custom = 1;
			sc->stop = 1;
			return;
		}
		info->binary = memchr(s, '\0', len) != NULL;
		info->first_line = xstrndup(s, len < DUMPFILE_EXCERPT ? len :
		    DUMPFILE_EXCERPT);
	}
	if (info->format == DUMPFILE_UNKNOWN) {
		if (sc->lines > DUMPFILE_HEAD_LINES) {
			sc->stop = 1;
			return;
		}
		info->format = dumpfile_header(sc, s, len);
		if (info->format != DUMPFILE_UNKNOWN)
			info->complete = 0;
		return;
	}
	if (info->format == DUMPFILE_MYSQL)
		dumpfile_my_line(sc, s, len);
	else
		dumpfile_pg_line(sc, s, len);
}

/* Bytes of a plain file, split into lines. */
static void
dumpfile_feed(struct dumpfile_scan *sc, const char *p, size_t n, int eof)
{
	const char *nl;
	size_t take;

	while (n > 0 && !sc->stop) {
		nl = memchr(p, '\n', n);
		take = nl != NULL ? (size_t)(nl - p) : n;
		if (sc->len < sizeof sc->line) {
			size_t room = sizeof sc->line - sc->len;

			memcpy(sc->line + sc->len, p, take < room ? take : room);
			sc->len += take < room ? take : room;
		}
		if (nl == NULL)
			break;
		dumpfile_line(sc, sc->line, sc->len);
		sc->len = 0;
		p = nl + 1;
		n -= take + 1;
	}
	if (eof && sc->len > 0) {
		dumpfile_line(sc, sc->line, sc->len);
		sc->len = 0;
	}
}

static void
dumpfile_tick(const struct dumpfile_io *io, long long *last)
{
	long long now = util_now_ms();

	if (io->tick != NULL && now - *last >= 100) {
		io->tick(io->tick_arg);
		*last = now;
	}
}

static int
dumpfile_cancelled(const struct dumpfile_io *io)
{
	return io->cancel != NULL && *io->cancel;
}

/* Read the file itself: size, time, SHA-256, what it starts with, and the
 * lines of a plain dump. */
static int
dumpfile_read(const char *path, const struct dumpfile_io *io,
    struct dumpfile_scan *sc, char **cause)
{
	struct dumpfile_info *info = sc->info;
	struct sha256 sha;
	struct stat st;
	unsigned long long total = 0;
	long long last = util_now_ms();
	char *chunk;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		*cause = xprintf(_("cannot read %s: %s"), path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	info->size = (unsigned long long)st.st_size;
	info->mtime = st.st_mtime;
	chunk = xmalloc(DUMPFILE_READ_SIZE);
	sha256_init(&sha);
	for (;;) {
		n = read(fd, chunk, DUMPFILE_READ_SIZE);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xprintf(_("cannot read %s: %s"), path,
			    strerror(errno));
			break;
		}
		if (total == 0 && n >= 2 && (unsigned char)chunk[0] == 0x1f &&
		    (unsigned char)chunk[1] == 0x8b) {
			info->gzip = 1;
			sc->stop = 1;
		}
		sha256_update(&sha, chunk, (size_t)n);
		total += (unsigned long long)n;
		dumpfile_feed(sc, chunk, (size_t)n, n == 0);
		if (n == 0)
			break;
		dumpfile_tick(io, &last);
		if (dumpfile_cancelled(io)) {
			*cause = xprintf(_("stopped by the operator while %s "
			    "was read"), path);
			break;
		}
	}
	free(chunk);
	close(fd);
	if (n != 0)
		return -1;
	/* What was read, not what fstat said before. */
	info->size = total;
	sha256_final_hex(&sha, info->sha256);
	return 0;
}

static void
dumpfile_err_line(struct dumpfile_scan *sc, const char *line, size_t len)
{
	if (sc->nerr >= DUMPFILE_ERR_LINES || len == 0)
		return;
	if (sc->err.len > 0)
		buf_adds(&sc->err, "; ");
	buf_add(&sc->err, line, len < DUMPFILE_EXCERPT ? len :
	    DUMPFILE_EXCERPT);
	sc->nerr++;
}

/* gzip -dc's output: lines, a longer one in pieces of EXEC_MAX_LINE (a line
 * of exactly that many bytes makes the next line look like a piece: it is
 * then not looked at, which can only make a dump look incomplete). */
static void
dumpfile_gzip_line(void *arg, int stream, const char *line, size_t len)
{
	struct dumpfile_scan *sc = arg;
	int piece = sc->piece;

	if (stream == 2) {
		dumpfile_err_line(sc, line, len);
		return;
	}
	sc->piece = len == EXEC_MAX_LINE;
	if (!piece)
		dumpfile_line(sc, line, len < DUMPFILE_LINE_MAX ? len :
		    DUMPFILE_LINE_MAX);
}

/* pg_restore -l's header: ";     dbname: name", ";     Dumped by pg_dump
 * version: 15.20". */
static void
dumpfile_toc_line(void *arg, int stream, const char *line, size_t len)
{
	struct dumpfile_scan *sc = arg;
	const char *p = line, *end = line + len;

	if (stream == 2) {
		dumpfile_err_line(sc, line, len);
		return;
	}
	if (sc->stop || len == 0 || *line != ';')
		return;
	if (dumpfile_starts(line, len, "; Selected TOC Entries")) {
		sc->stop = 1;
		return;
	}
	p = dumpfile_skip_space(p + 1, end);
	if (dumpfile_starts(p, (size_t)(end - p), "dbname: ")) {
		char *name = xstrndup(p + 8, (size_t)(end - p - 8));

		dumpfile_add_name(sc->info, name);
		free(name);
	} else if (dumpfile_starts(p, (size_t)(end - p), "Dumped by ") &&
	    sc->info->tool == NULL)
		sc->info->tool = xstrndup(p + 10, (size_t)(end - p - 10));
}

/* Run a tool over the file; -1 with *cause if it could not be run or was
 * stopped, else 0 with *status its exit status. */
static int
dumpfile_run(char *const *argv, const char *what,
    const struct dumpfile_io *io, exec_line_fn fn, struct dumpfile_scan *sc,
    int *status, char **cause)
{
	struct exec_spec spec;
	struct exec_result er;
	char *how;

	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.tick = io->tick;
	spec.tick_arg = io->tick_arg;
	if (exec_run(&spec, fn, sc, io->cancel, &er, cause) == -1)
		return -1;
	if (er.spawn_errno != 0) {
		*cause = xprintf(_("cannot run %s: %s"), argv[0],
		    strerror(er.spawn_errno));
		return -1;
	}
	if (er.cancelled) {
		*cause = xprintf(_("stopped by the operator while %s ran"),
		    what);
		return -1;
	}
	if (!er.exited) {
		how = exec_result_text(&er);
		*cause = xprintf("%s: %s", what, how);
		free(how);
		return -1;
	}
	*status = er.exit_code;
	return 0;
}

/* The decompressed stream of a gzip'd file. */
static int
dumpfile_gunzip(const char *path, const struct dumpfile_io *io,
    struct dumpfile_scan *sc, char **cause)
{
	char *argv[] = { (char *)"gzip", (char *)"-dc", (char *)"--",
	    (char *)path, NULL };
	int status;

	sc->stop = 0;
	sc->lines = 0;
	sc->len = 0;
	sc->piece = 0;
	buf_reset(&sc->err);
	sc->nerr = 0;
	if (dumpfile_run(argv, "gzip -dc", io, dumpfile_gzip_line, sc,
	    &status, cause) == -1)
		return -1;
	if (status != 0)
		sc->info->problem = xprintf(_("gzip -dc says the compressed "
		    "data is damaged (exit status %d): %s"), status,
		    sc->err.len > 0 ? buf_str(&sc->err) : _("no message"));
	return 0;
}

/* The table of contents of a custom-format archive (gzip'd or not). */
static int
dumpfile_toc(const char *path, const struct dumpfile_io *io,
    struct dumpfile_scan *sc, char **cause)
{
	char *plain[] = { (char *)"pg_restore", (char *)"-l", (char *)"--",
	    (char *)path, NULL };
	char *piped[] = { (char *)"/bin/sh", (char *)"-c",
	    (char *)"gzip -dc -- \"$1\" | pg_restore -l", (char *)"sh",
	    (char *)path, NULL };
	const char *what = sc->info->gzip ? "gzip -dc | pg_restore -l" :
	    "pg_restore -l";
	int status;

	sc->info->format = DUMPFILE_PG_CUSTOM;
	sc->info->complete = -1;
	sc->stop = 0;
	buf_reset(&sc->err);
	sc->nerr = 0;
	if (dumpfile_run(sc->info->gzip ? piped : plain, what, io,
	    dumpfile_toc_line, sc, &status, cause) == -1)
		return -1;
	if (status == 127) {
		*cause = xprintf(_("cannot run %s: %s"), what,
		    sc->err.len > 0 ? buf_str(&sc->err) : _("not found"));
		return -1;
	}
	if (status != 0)
		sc->info->problem = xprintf(_("pg_restore cannot read its "
		    "table of contents (%s exited with status %d): %s"), what,
		    status, sc->err.len > 0 ? buf_str(&sc->err) :
		    _("no message"));
	return 0;
}

int
dumpfile_inspect(const char *path, const struct dumpfile_io *io,
    struct dumpfile_info *info, char **cause)
{
	static const struct dumpfile_io none = { NULL, NULL, NULL };
	struct dumpfile_scan *sc;
	int rc;

	memset(info, 0, sizeof *info);
	info->complete = 0;
	if (io == NULL)
		io = &none;
	sc = xcalloc(1, sizeof *sc);
	sc->info = info;
	rc = dumpfile_read(path, io, sc, cause);
	if (rc == 0 && info->gzip)
		rc = dumpfile_gunzip(path, io, sc, cause);
	if (rc == 0 && sc->custom && info->problem == NULL)
		rc = dumpfile_toc(path, io, sc, cause);
	buf_free(&sc->err);
	free(sc);
	return rc;
}

void
dumpfile_info_clear(struct dumpfile_info *info)
{
	size_t i;

	for (i = 0; i < info->nnames; i++)
		free(info->names[i]);
	free(info->names);
	free(info->tool);
	free(info->problem);
	free(info->first_line);
	memset(info, 0, sizeof *info);
}

int
dumpfile_names(const struct dumpfile_info *info, const char *database)
{
	size_t i;

	for (i = 0; i < info->nnames; i++) {
		if (strcmp(info->names[i], database) == 0)
			return 1;
	}
	return 0;
}

char *
dumpfile_format_text(const struct dumpfile_info *info)
{
	int mariadb = info->tool != NULL &&
	    strncmp(info->tool, "MariaDB", 7) == 0;

	switch (info->format) {
	case DUMPFILE_PG_PLAIN:
		return xstrdup(info->gzip ? _("a plain-text pg_dump, gzip'd") :
		    _("a plain-text pg_dump"));
	case DUMPFILE_PG_CLUSTER:
		return xstrdup(info->gzip ? _("a pg_dumpall dump, gzip'd") :
		    _("a pg_dumpall dump"));
	case DUMPFILE_PG_CUSTOM:
		return xstrdup(info->gzip ? _("a pg_dump custom-format "
		    "archive, gzip'd") : _("a pg_dump custom-format archive"));
	case DUMPFILE_MYSQL:
		if (mariadb)
			return xstrdup(info->gzip ? _("a mariadb-dump dump, "
			    "gzip'd") : _("a mariadb-dump dump"));
		return xstrdup(info->gzip ? _("a mysqldump dump, gzip'd") :
		    _("a mysqldump dump"));
	case DUMPFILE_UNKNOWN:
		break;
	}
	return xstrdup(info->gzip ? _("not a dump this program recognises, "
	    "gzip'd") : _("not a dump this program recognises"));
}

const char *
dumpfile_trailer(enum dumpfile_format f)
{
	switch (f) {
	case DUMPFILE_PG_PLAIN:
		return PG_TRAILER;
	case DUMPFILE_PG_CLUSTER:
		return PG_CLUSTER_TRAILER;
	case DUMPFILE_MYSQL:
		return MY_TRAILER;
	default:
		return "";
	}
}

int
dumpfile_is_postgresql(enum dumpfile_format f)
{
	switch (f) {
	case DUMPFILE_PG_PLAIN:
	case DUMPFILE_PG_CLUSTER:
	case DUMPFILE_PG_CUSTOM:
		return 1;
	case DUMPFILE_MYSQL:
		return 0;
	default:
		return -1;
	}
}

/* A name as it is written into a file name. */
static char *
dumpfile_safe(const char *name)
{
	char *s = xstrdup(name), *p;

	for (p = s; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		    *p == '-'))
			*p = '_';
	}
	return s;
}

char *
dumpfile_name(const char *name, time_t when, int n)
{
	struct tm tm;
	char stamp[32], *safe, *s;

	gmtime_r(&when, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	safe = dumpfile_safe(name);
	if (n > 1)
		s = xprintf("%s-%s-%d.sql", safe, stamp, n);
	else
		s = xprintf("%s-%s.sql", safe, stamp);
	free(safe);
	return s;
}

static int
dumpfile_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

int
dumpfile_is_own(const char *file, const char *name)
{
	char *safe = dumpfile_safe(name);
	size_t n = strlen(safe), len;
	const char *p = file;
	int ok;

	/* NAME "-" YYYYMMDD "-" HHMMSS [ "-" N ] ".sql" */
	ok = strncmp(p, safe, n) == 0 && p[n] == '-';
	free(safe);
	if (!ok)
		return 0;
	p += n + 1;
	len = strlen(p);
	if (len < 19 || !dumpfile_digits(p, 8) || p[8] != '-' ||
	    !dumpfile_digits(p + 9, 6))
		return 0;
	p += 15;
	if (*p == '-') {
		len = strcspn(p + 1, ".");
		if (len == 0 || !dumpfile_digits(p + 1, len))
			return 0;
		p += 1 + len;
	}
	return strcmp(p, ".sql") == 0;
}
