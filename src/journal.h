/* journal.h: the append-only journal of a session, one line per event.
 *
 * A line is tab-separated: SEQ, TIME (UTC), BY (login name), EVENT, then
 * KEY=VALUE fields, and last "#" and the CRC-32 of everything before that
 * tab, in 8 hex digits. Values are percent-encoded where they hold '%', a tab,
 * a newline, a carriage return or another control character, so a line is
 * always one line. Each line is written with one write(2) and fsynced before
 * journal_append returns. */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>

struct jfield {
	const char	*key;
	const char	*value;		/* NULL: the field is left out */
};

struct jevent {
	unsigned long	 seq;
	char		*time;
	char		*by;
	char		*event;
	size_t		 n;
	char		**keys;
	char		**values;
	int		 line;		/* 1-based line in the file */
};

struct journal;

/* Open (creating it 0600 if needed) for appending. If the last line was cut
 * off by a crash, the torn bytes are moved to "<path>.torn" (appended there),
 * the journal is cut back to its last complete line, and *torn (if not NULL)
 * gets a message saying so; the caller should record it. NULL with *cause. */
struct journal	*journal_open(const char *path, char **torn, char **cause);
/* Append one event and fsync it. Returns -1 with *cause; then nothing of the
 * event is in the journal (a partial write is cut back). If a partial write
 * cannot be cut back, the journal is broken for this struct journal: this
 * and every later append fail with a message saying so (nothing more is
 * recorded), and the part is set aside by the next journal_open. */
int		 journal_append(struct journal *, const char *event,
		    const struct jfield *, size_t, char **cause);
unsigned long	 journal_last_seq(const struct journal *);
/* The time written with the last event (appended, or read at open), or
 * NULL when the journal is empty. */
const char	*journal_last_time(const struct journal *);
void		 journal_close(struct journal *);

/* Read every complete event. A last line without its newline (or with a
 * bad checksum) is a torn line: it is left out and *torn says so (when not
 * NULL). A damaged line elsewhere is an error: NULL with *cause naming the
 * file and line. A missing file: -1 with errno set to ENOENT and *cause.
 * Returns 0 on success; free the events with journal_events_free. */
int		 journal_read(const char *path, struct jevent **, size_t *,
		    char **torn, char **cause);
void		 journal_events_free(struct jevent *, size_t);
/* As journal_read, but each event is handed to fn in order as it is read,
 * and kept by no one: the event and its strings are valid only during the
 * call. When a damaged line is found, the events before it have been
 * handed over already. */
int		 journal_each(const char *path,
		    void (*fn)(void *, const struct jevent *), void *arg,
		    char **torn, char **cause);
/* A field's value or NULL. */
const char	*jevent_get(const struct jevent *, const char *key);

#endif
