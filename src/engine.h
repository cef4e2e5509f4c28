/* engine.h: walking a guide: placeholder values, `when:` conditions, running
 * steps and recording them in the session, and the headless walk of `run`.
 * The engine never calls a screen: it reports through the ops callbacks. */
#ifndef ENGINE_H
#define ENGINE_H

#include <signal.h>
#include <stddef.h>

#include "answers.h"
#include "checklist.h"
#include "kind.h"
#include "session.h"

struct engine_ops {
	/* A step is about to run; preview is what it will do (or NULL). */
	void	(*step_begin)(void *arg, const struct step *,
		    const char *preview);
	/* A line of a running command's output; NULL if it is not shown
	 * (it is in the step's log all the same), and then not split into
	 * lines at all. */
	void	(*output)(void *arg, const struct step *, int stream,
		    const char *line, size_t len);
	/* A step has a result (checks and actions), or was resolved from the
	 * answers file (manual steps, questions, waivers; result NULL). */
	void	(*step_end)(void *arg, const struct step *,
		    const struct result *);
	/* A message for the operator (drift, interrupted steps, stages done). */
	void	(*note)(void *arg, const char *);
	/* Called at least every tenth of a second while a command runs. */
	void	(*tick)(void *arg, const struct step *);
	/* A database needs a password that no variable or file gives: ask a
	 * person, without echo. why is the server's refusal, or NULL. NULL:
	 * none given (no terminal, or the person declined). The engine wipes
	 * it when done; it is kept in memory only. */
	char	*(*password)(void *arg, const char *dbname, const char *where,
		    const char *why);
	void	*arg;
};

/* A password given by a person, kept for this run only. */
struct engine_secret {
	char	*name;
	char	*password;
};

struct engine {
	const struct guide	*g;
	struct session		*s;	/* values and records; may be NULL */
	int			 readonly;	/* record nothing (check) */
	const struct answers	*a;	/* the answers file, or NULL */
	struct engine_ops	 ops;
	volatile sig_atomic_t	*cancel;
	int			 cancel_is_interrupt;	/* a signal, not a person */
	const struct step	*current;
	char			**cache;	/* expanded defaults */
	char			**cache_names;
	size_t			 ncache;
	int			 depth;
	unsigned char		*fresh;		/* checks run in this walk */
	struct engine_secret	*secrets;
	size_t			 nsecrets;
	char			*dump_dir;	/* STATE/backup/dumps */
	char			*db_problem;	/* why the last database had
						 * no settings */
};

void	 engine_init(struct engine *, const struct guide *, struct session *,
	    const struct answers *);
void	 engine_clear(struct engine *);

/* The value of a variable or the answer to a question: the answers file,
 * then the session, then (variables) the default with its placeholders
 * expanded. NULL when there is none. */
const char *engine_value(struct engine *, const char *name);
/* Where a value came from: "answers", "session", "default" or NULL. */
const char *engine_value_source(struct engine *, const char *name);
/* Check a value against its variable's kind (a folder that exists, a
 * product home with its markers, a port number...). -1 with *cause. */
int	 engine_var_check(const struct variable *, const char *value,
	    char **cause);
/* Check every variable that has a value, and that every required one has
 * one. Adds a diagnostic per problem (at the variable's place in the
 * checklist, or the answers file's entry); returns their number. */
int	 engine_vars_check(struct engine *, struct diags *);

/* Does the step's `when:` hold? 1 yes, 0 no, -1 unknown: *question is the
 * first question without an answer. */
int	 engine_when(struct engine *, const struct step *,
	    const char **question);
/* Is the step resolved: done, passed, acknowledged, answered, waived,
 * skipped, or a failure that does not block? */
int	 engine_resolved(struct engine *, const struct step *);
/* Failing blockers of a stage that are not waived. */
size_t	 engine_stage_blockers(struct engine *, const struct stage *);

struct stage_counts {
	size_t	done;		/* passed, done, answered, a warning */
	size_t	failed;		/* failed or could not run, not waived */
	size_t	waived;
	size_t	acknowledged;	/* manual: acknowledged or not applicable */
	size_t	skipped;	/* `when:` does not hold */
	size_t	drift;		/* failed on resume in a stage already complete */
	size_t	pending;
	size_t	not_run;	/* training: a database step shown, not run */
	size_t	total;		/* every step but info steps */
};

/* Count a stage's steps by where they stand (stage NULL: the whole guide). */
void	 engine_counts(struct engine *, const struct stage *,
	    struct stage_counts *);
/* The first step that is not resolved, or NULL when all are. */
const struct step *engine_next(struct engine *);

/* The database a step works on (its kind's database parameter), or
 * NULL. */
const char *engine_step_database(const struct step *);
/* The exact preview of a check or action; the caller frees it. NULL with
 * *cause if a placeholder has no value. */
char	*engine_describe(struct engine *, const struct step *, char **cause);
/* Run a check or an action, recording its start, backups and result in
 * the session. A warning-severity check that fails gives STATUS_WARN.
 * Returns -1 with *cause only if the journal could not be written. */
int	 engine_run_step(struct engine *, const struct step *,
	    struct result *, char **cause);

/* A person's decisions, recorded in the session with their source
 * ("prompt" when typed, "answers" from an answers file). Each returns -1
 * with *cause when the step is of the wrong kind, a required reason is
 * empty, or the journal could not be written. */
int	 engine_ack(struct engine *, const struct step *, const char *note,
	    const char *source, char **cause);
int	 engine_not_applicable(struct engine *, const struct step *,
	    const char *reason, const char *source, char **cause);
/* Waive a failed check (blocker or not). */
int	 engine_waive(struct engine *, const struct step *, const char *reason,
	    const char *source, char **cause);
/* Allow an interrupted action to run again; refused while the command it
 * started is still running. */
int	 engine_retry(struct engine *, const struct step *, const char *reason,
	    const char *source, char **cause);
/* Answer a question (one of its choices); set a variable (checked first
 * with engine_var_check). */
int	 engine_answer(struct engine *, const char *question, const char *value,
	    const char *source, char **cause);
int	 engine_set_var(struct engine *, const char *name, const char *value,
	    const char *source, char **cause);
/* Record a stage complete; refused while a step is unresolved or a
 * blocker fails unwaived. Completing a complete stage does nothing. */
int	 engine_complete_stage(struct engine *, const struct stage *,
	    char **cause);
/* What a wizard does when it opens a session that has events: mark steps
 * left running as interrupted, and run again the checks that passed
 * (drift), reporting through ops.note. */
int	 engine_resume(struct engine *, char **cause);
/* Is the process group an interrupted step started still running (on this
 * host)? */
int	 engine_group_alive(const struct step_state *);

/*
 * Databases (engine-db.c).
 */
struct jdbc_list;

/* A database's settings: the answers file's, else the session's; NULL
 * when neither has them. */
const struct db_settings *engine_db(struct engine *, const char *name);
/* Record settings for a database (from the setup screen, or discovery the
 * operator confirmed); the password is not among them. */
int	 engine_set_db(struct engine *, const char *name,
	    const struct db_settings *, char **cause);
/* Keep a password a person typed for this run (a copy; never written). */
void	 engine_set_password(struct engine *, const char *name,
	    const char *password);
/* Connect: the password typed earlier, the variable the settings name, the
 * client library's own files; a person is asked (ops.password) when the
 * server refuses for want of a password or the product's file holds it
 * encrypted. NULL with *cause, the server's own message. */
struct db *engine_db_connect(struct engine *, const char *name,
	    char **cause);
/* Connect and say what the server is ("MariaDB 10.11.6"); for the setup
 * screen's "Test connection" and `check`. -1 with *cause. */
int	 engine_db_test(struct engine *, const char *name, char **version,
	    char **cause);
/* Look for the database in the files the guide names (placeholders
 * expanded): what is found is added to the list (every datasource when
 * the guide names none, else those of that name). The files that were
 * looked at and not found are said in *missing (may be NULL). -1 with
 * *cause when a file found cannot be read. */
int	 engine_db_discover(struct engine *, const struct database *,
	    struct jdbc_list *, char **missing, char **cause);
/* The operator's result of a check (or action) run elsewhere, on an engine
 * this program does not connect to. */
int	 engine_report(struct engine *, const struct step *, int passed,
	    const char *evidence, const char *source, char **cause);
/* Forget the passwords (wiped) and what engine_db keeps. */
void	 engine_db_clear(struct engine *);
/* Record the answers file's database settings where they differ from the
 * session's. */
int	 engine_db_take_answers(struct engine *, char **cause);
/* Fill the database part of a run context (ctx->arg is the engine). */
void	 engine_db_ctx(struct engine *, struct run_ctx *);

enum walk_end {
	WALK_COMPLETE,		/* every stage complete */
	WALK_STOPPED,		/* a person is needed, or a step failed */
	WALK_INTERRUPTED,	/* *cancel was set */
	WALK_ERROR		/* the journal could not be written */
};

/* The headless walk of `run`: record the answers file's values, mark
 * interrupted steps, re-run on resume the checks that passed before
 * (drift), then go through the stages in order until the end or the first
 * thing that needs a person. *stop names the step, *message says why
 * (the caller frees it). */
enum walk_end engine_walk(struct engine *, int resume,
	    const struct step **stop, char **message);

#endif
