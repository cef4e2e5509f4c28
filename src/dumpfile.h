/* dumpfile.h: what a database dump file is, read from the file alone: its
 * format (pg_dump plain or custom, pg_dumpall, mysqldump or mariadb-dump,
 * any of them gzip'd), the databases it names, whether it ends as its tool
 * ends a dump, its size and its SHA-256. No database is connected to; the
 * tools run are gzip -dc and pg_restore -l, which read the file only. */
#ifndef DUMPFILE_H
#define DUMPFILE_H

#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "sha256.h"

enum dumpfile_format {
	DUMPFILE_UNKNOWN = 0,
	DUMPFILE_PG_PLAIN,	/* pg_dump, plain SQL */
	DUMPFILE_PG_CLUSTER,	/* pg_dumpall */
	DUMPFILE_PG_CUSTOM,	/* pg_dump --format=custom ("PGDMP") */
	DUMPFILE_MYSQL		/* mysqldump or mariadb-dump */
};

struct dumpfile_info {
	unsigned long long size;
	time_t		 mtime;
	char		 sha256[SHA256_HEX];	/* of the file as it is stored */
	int		 gzip;
	enum dumpfile_format format;
	/* The tool and its version as the dump gives them ("pg_dump version
	 * 15.20", "MariaDB dump 10.19  Distrib 10.11.19-MariaDB, ..."), or
	 * NULL. */
	char		*tool;
	/* The databases it names (CREATE DATABASE, \connect, USE, the
	 * header), each once, in order; nnames may be 0. */
	char		**names;
	size_t		 nnames;
	/* 1: it ends as the tool ends a complete dump; 0: that end is
	 * missing (cut short); -1: not known (the custom format, whose data
	 * is not read: pg_restore -l reads the table of contents). */
	int		 complete;
	/* What is wrong with a file that could be read but not as a dump (a
	 * damaged gzip stream, a table of contents pg_restore cannot read):
	 * the tool's own words, or NULL. */
	char		*problem;
	/* The start of a file not recognised, for evidence: the first line
	 * (at most 200 bytes, raw) or NULL, and whether it holds NUL bytes. */
	char		*first_line;
	int		 binary;
};

/* While a long file is read: a flag that stops the reading (and the tools)
 * when it becomes nonzero, and a hook called every tenth of a second or
 * so (a front end redraws). Both may be NULL. */
struct dumpfile_io {
	volatile sig_atomic_t	*cancel;
	void			(*tick)(void *);
	void			*tick_arg;
};

/* Read the file at path and fill info (the caller clears it with
 * dumpfile_info_clear, even after a failure). Returns 0 when the file was
 * read (whether recognised or not), or -1 with *cause when it could not be
 * (it cannot be opened or read, gzip or pg_restore cannot be run, or the
 * reading was cancelled). */
int	 dumpfile_inspect(const char *path, const struct dumpfile_io *,
	    struct dumpfile_info *, char **cause);
void	 dumpfile_info_clear(struct dumpfile_info *);
/* Does the dump name this database? */
int	 dumpfile_names(const struct dumpfile_info *, const char *database);
/* The format for people: "a plain pg_dump", "a mariadb-dump or mysqldump
 * dump, gzip'd". The caller frees the result. */
char	*dumpfile_format_text(const struct dumpfile_info *);
/* The line that ends a complete dump of this format, for messages. */
const char *dumpfile_trailer(enum dumpfile_format);
/* PostgreSQL formats (1) or MySQL's (0); -1 for DUMPFILE_UNKNOWN. */
int	 dumpfile_is_postgresql(enum dumpfile_format);

/* The name of the wizard's own dump of a database (the guide's name for
 * it): "NAME-YYYYMMDD-HHMMSS.sql", the time in UTC, with "-N" before
 * ".sql" when n > 1. Characters other than letters, digits, '_', '.' and
 * '-' in NAME become '_'. The caller frees the result. */
char	*dumpfile_name(const char *name, time_t when, int n);
/* Is a file name (no folder) one that dumpfile_name gives for NAME? */
int	 dumpfile_is_own(const char *file, const char *name);

#endif
