/* session.h: one upgrade session in its state folder.
 *
 *   STATE/journal        append-only events: the source of truth
 *   STATE/session.yaml   a snapshot rebuilt from the journal, written atomically
 *   STATE/lock           who is driving the session
 *   STATE/logs/          one file per run of a command
 *   STATE/backup/        what actions changed or removed
 *
 * Everything is created 0700 (folders) and 0600 (files).
 *
 * Events (journal.h has the line format), with their fields:
 *   session-start   guide checklist hash
 *   resume          pid
 *   lock-takeover   pid host user since
 *   torn-line       bytes saved
 *   var             name value source
 *   answer          question value source
 *   step-start      step log command  (command: the exact preview of what
 *                   runs, as the operator saw it; never a password)
 *   step-pid        step pgid host   (a command's process group, as it starts)
 *   retry           step reason source  (run an interrupted action again)
 *   step-result     step status evidence reason exit signal timed_out
 *                   duration_ms log
 *   step-interrupted step
 *   ack             step note source
 *   not-applicable  step reason source
 *   waive           step reason source
 *   drift           step evidence
 *   backup          step original saved mode moved
 *   stage-complete  stage
 *   db              name engine host port database user tls password_env
 *                   source ask_password query_timeout  (a database's
 *                   settings: never a password)
 *   report          step status evidence source  (the operator's result of
 *                   a check run elsewhere: Oracle, SQL Server)
 *   training        sandbox fault  (a training session: the sandbox folder
 *                   it runs in, and the fault injected, if any)
 * source is "answers" (an answers file), "prompt" (typed), or absent. */
#ifndef SESSION_H
#define SESSION_H

#include <stddef.h>

#include "db.h"
#include "journal.h"
#include "kind.h"

struct step_state {
	char		*id;
	enum status	 status;
	unsigned	 attempts;	/* step-start events */
	char		*at;		/* time of the last result */
	char		*by;
	char		*evidence;
	char		*reason;
	char		*log;
	char		*command;	/* what the last run did (step-start) */
	int		 logged;	/* its result names a log written */
	int		 exit_code;	/* -1 if none */
	int		 signal;
	int		 timed_out;
	long long	 duration_ms;
	char		*note;		/* acknowledgement note */
	char		*source;	/* "answers" when it came from a file */
	int		 waived;
	char		*waive_reason;
	char		*waived_by;
	char		*waived_at;
	long		 pgid;		/* the running command's process group, or 0 */
	char		*pgid_host;	/* the host it runs on */
	int		 reported;	/* the result is the operator's report */
	int		 drift;		/* failed on resume after passing */
	char		*drift_evidence;
	unsigned long	 seq;		/* the last event about it */
};

struct session_value {
	char	*name;
	char	*value;
	char	*source;
	char	*at;
	char	*by;
};

struct session_db {
	char			*name;
	struct db_settings	 set;	/* source: "answers", "prompt",
					 * "discovered FILE:LINE" */
	char			*at;
	char			*by;
};

struct backup_entry {
	char	*step;
	char	*original;
	char	*saved;
	char	*mode;		/* octal text */
	int	 moved;
	char	*at;
};

struct session {
	char			*dir;
	char			*guide_id;
	char			*guide_hash;
	char			*checklist;
	char			*started;
	char			*started_by;
	char			*updated;
	unsigned long		 last_seq;
	size_t			 nevents;
	struct session_value	*vars;
	size_t			 nvars;
	struct session_value	*answers;
	size_t			 nanswers;
	struct step_state	*steps;
	size_t			 nsteps;
	struct backup_entry	*backups;
	size_t			 nbackups;
	struct session_db	*dbs;
	size_t			 ndbs;
	char			**stages_done;
	size_t			 nstages_done;
	unsigned		 takeovers;
	int			 training;	/* a "training" event was seen */
	char			*training_sandbox;
	char			*training_fault;	/* NULL: none */
	char			*torn;		/* a torn journal line, if any */
	struct journal		*journal;	/* open for writing, or NULL */
	struct lock		*lock;
	void			*index;		/* step id lookup */
};

/* The folder holding every session: the given --state-dir (made absolute),
 * else $XDG_STATE_HOME/wso2-upgrade-wizard, else
 * ~/.local/state/wso2-upgrade-wizard. The caller frees it. */
char	*session_state_base(const char *state_dir);
/* The state folder of a guide: ID under that folder. The caller frees it. */
char	*session_dir(const char *state_dir, const char *guide_id);
/* Does the folder hold a session (a journal)? */
int	 session_exists(const char *dir);

/* Read a session without locking or changing anything: the journal is
 * replayed. NULL with *cause (ENOENT in errno when there is none). */
struct session	*session_load(const char *dir, char **cause);
/* Open a session for driving it: take the lock (recording a takeover),
 * create the folder and journal if new (recording session-start for the
 * guide), recover a torn last line (recording it), replay the journal and
 * bring session.yaml up to date. NULL with *cause (naming the holder when
 * the lock is held). */
struct session	*session_open(const char *dir, const char *guide_id,
		    const char *checklist, const char *hash, char **cause);
/* Release the lock and free. NULL does nothing. */
void		 session_close(struct session *);

/* Append an event (journal_append: fsynced) and apply it to the state.
 * The fields' values are not kept. Returns -1 with *cause. */
int		 session_record(struct session *, const char *event,
		    const struct jfield *, size_t, char **cause);
/* Write session.yaml from the state, atomically. */
int		 session_snapshot(struct session *, char **cause);
/* Compare session.yaml with the state: 0 current, 1 missing, 2 damaged
 * (unreadable or not what the journal says); *what explains. */
int		 session_snapshot_check(const struct session *, char **what);

/* State lookups: NULL when nothing was recorded. */
const struct step_state	*session_step(const struct session *, const char *id);
const char		*session_var(const struct session *, const char *name);
const char		*session_answer(const struct session *, const char *id);
int			 session_stage_done(const struct session *, const char *id);
const struct session_db	*session_db(const struct session *, const char *name);
/* Record a database's settings (event "db"; the password is not among
 * them). */
int			 session_record_db(struct session *, const char *name,
			    const struct db_settings *, char **cause);

/* A new log file path for a run of a step (logs/SEQ-STEP.log) and the
 * backup folder for it (backup/SEQ-STEP); the caller frees them. */
char	*session_log_path(const struct session *, const char *step);
char	*session_backup_dir(const struct session *, const char *step);

#endif
