/* report.h: the report of a session, for the record and for signing: built
 * once from the guide and the session (report_new), then written as text
 * (80 columns, paged), markdown, HTML or YAML by one walk of that model. */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

#include "buf.h"
#include "checklist.h"
#include "engine.h"
#include "kind.h"
#include "session.h"

enum report_format {
	REPORT_TEXT,
	REPORT_MARKDOWN,
	REPORT_HTML,
	REPORT_YAML
};

/* The text report's page: columns, and lines with the page header. */
#define REPORT_WIDTH		80
#define REPORT_PAGE_LINES	60
/* The lines of a step's log shown in the report. */
#define REPORT_TAIL_LINES	10

/* One line of detail, for people: "Evidence: ...". block: shown as lines
 * kept as they are (output, a command), not wrapped as prose. */
struct report_field {
	const char	*key;		/* stable name: "evidence" */
	const char	*label;		/* translated */
	char		*value;
	int		 block;
};

struct report_step {
	const struct step	 *step;		/* NULL: no longer in the guide */
	const struct step_state	 *st;		/* NULL: nothing recorded */
	const char		 *id;
	const char		 *title;
	const char		 *kind;		/* "check", ... (not translated) */
	size_t			  stage_no;	/* from 1; 0 when not in the guide */
	size_t			  number;	/* in its stage, from 1 */
	enum status		  status;	/* skipped and answered included */
	int			  resolved;	/* nothing left to do (engine_resolved) */
	const char		 *command;	/* what ran (recorded or described) */
	char			 *described;	/* describe() for older journals */
	const char		 *answer;	/* questions */
	const char		 *answer_source;
	char			**tail;		/* the log's last lines */
	size_t			  ntail;
	int			  log_missing;	/* a log was named and is gone */
	int			  no_log;	/* none was written (a check) */
	struct report_field	 *fields;
	size_t			  nfields;
};

struct report_stage {
	const struct stage	*stage;
	size_t			 no;		/* from 1 */
	int			 complete;	/* recorded complete */
	int			 blocked;
	struct stage_counts	 counts;
	struct report_step	*steps;
	size_t			 nsteps;
};

/* A message and its translation, looked up once per report. */
struct report_tr {
	const char	*msgid;
	const char	*text;
};

struct report {
	const struct guide	*g;
	const struct session	*s;
	char			*host;
	char			*generated;	/* when the report was made */
	int			 complete;	/* every stage complete */
	int			 hash_changed;	/* the checklist changed since */
	struct stage_counts	 counts;
	size_t			*by_status;	/* steps per enum status */
	size_t			 nstatus;
	struct report_field	*header;	/* guide, host, operator, times */
	size_t			 nheader;
	struct report_stage	*stages;
	size_t			 nstages;
	struct report_step	*gone;		/* steps no longer in the guide */
	size_t			 ngone;
	struct report_step	**remaining;	/* unresolved steps, in order */
	size_t			 nremaining;
	struct report_field	*values;	/* variables and guide questions */
	size_t			 nvalues;
	const char		**status_labels; /* status_label of each */
	struct report_tr	*tr;		/* messages translated once */
	size_t			 ntr;
};

/* "text", "markdown" (or "md"), "html", "yaml": -1 for anything else. */
int		 report_format_from_name(const char *);
/* Build the report of a session of the guide (the engine gives the values
 * and the `when:` conditions; e->s is the session). The caller frees it
 * with report_free. */
struct report	*report_new(struct engine *);
void		 report_free(struct report *);
/* Write the report in a format into the buffer. -1 with *cause only when
 * the YAML emitter fails. */
int		 report_write(const struct report *, enum report_format,
		    struct buf *, char **cause);
/* Write a report into a file, atomically (never half-written), mode
 * 0600, only where there is no file or an earlier report of this program
 * (its first bytes name it): anything else is left alone. -1 with *cause
 * naming the file and the reason. */
int		 report_save(const char *path, const struct buf *,
		    char **cause);
/* The file name extension of a format: "txt", "md", "html", "yaml". */
const char	*report_format_ext(enum report_format);
/* The last n lines of a file, each cut to width columns with control
 * characters shown as '?', read from its end (a log may be huge). NULL
 * with *cause (unless cause is NULL) when it cannot be read (errno kept).
 * The caller frees each line and the array. */
char		**report_tail(const char *path, size_t n, int width,
		    size_t *got, char **cause);

#endif
