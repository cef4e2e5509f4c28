/* kind.h: the fixed vocabulary of check and action kinds, as a table.
 * Adding a kind is adding one kind-*.c file and one row in kind.c. */
#ifndef KIND_H
#define KIND_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "checklist.h"
#include "diag.h"
#include "params.h"
#include "subst.h"

/* The outcome of a step. */
enum status {
	STATUS_PENDING = 0,
	STATUS_RUNNING,		/* started, no result yet */
	STATUS_PASS,		/* check passed */
	STATUS_FAIL,		/* check failed */
	STATUS_WARN,		/* check failed, severity warning */
	STATUS_ERROR,		/* check or action could not be run */
	STATUS_DONE,		/* action succeeded */
	STATUS_FAILED,		/* action ran and failed */
	STATUS_CANCELLED,	/* action stopped by the operator */
	STATUS_INTERRUPTED,	/* the wizard died or was stopped meanwhile */
	STATUS_ACKNOWLEDGED,	/* manual step done by a person */
	STATUS_NOT_APPLICABLE,	/* manual step marked not applicable */
	STATUS_ANSWERED,	/* question answered */
	STATUS_SKIPPED,		/* `when:` does not hold */
	STATUS_SHOWN,		/* info step read */
	STATUS_NOT_RUN		/* training: a database step with no database
				 * configured; shown, never run, never passed */
};

/* "pass", "fail", ... as written in the journal (not translated). */
const char	*status_name(enum status);
/* -1 if unknown. */
int		 status_from_name(const char *);
/* Translated label for people. */
const char	*status_label(enum status);

struct result {
	enum status	 status;
	char		*evidence;	/* what was looked at and what was found */
	char		*reason;	/* for STATUS_ERROR/FAILED: why */
	int		 exit_code;	/* -1 if none */
	int		 signal;	/* 0 if none */
	int		 timed_out;
	long long	 duration_ms;
	char		*log_path;	/* NULL if there was no output log */
	/* A database check on an engine this program does not connect to
	 * (Oracle, SQL Server): the exact query for the operator to run
	 * elsewhere, with status STATUS_PENDING and the evidence saying what
	 * passing means. The engine then waits for the operator's report. */
	char		*operator_query;
};

void	 result_init(struct result *);
void	 result_clear(struct result *);
/* Set status and a formatted evidence (or the reason, for STATUS_ERROR,
 * STATUS_FAILED and STATUS_CANCELLED). */
void	 result_set(struct result *, enum status, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* What a running step is given by the engine. */
struct run_ctx {
	subst_lookup	 lookup;	/* placeholder values */
	void		*lookup_arg;
	const char	*log_path;	/* the file to stream output to */
	/* Where this run's backups go (made on demand): STATE/backup/RUN in
	 * the session's state folder STATE ("remove" refuses to take STATE). */
	const char	*backup_dir;
	/* Record one backup (called after the copy is safely on disk). */
	int		(*on_backup)(void *arg, const char *original,
			    const char *saved, mode_t mode, int moved,
			    char **cause);
	/* Every line of a command's output (stream 1 or 2), without newline;
	 * NULL when nobody shows it (the log still gets all of it). */
	void		(*on_output)(void *arg, int stream, const char *line,
			    size_t len);
	/* A command has started in its own process group. */
	void		(*on_start)(void *arg, pid_t pgid);
	/* Called often while a command runs (a front end redraws). */
	void		(*tick)(void *arg);
	void		*arg;
	volatile sig_atomic_t *cancel;	/* set to nonzero to stop a command */
	/* The step runs again after a run of it was interrupted (the wizard
	 * died): what it did before may be done already. */
	int		 retry;

	/* Databases, by the logical name the guide declares. The settings
	 * (NULL with *cause when the session has none yet); a connection
	 * (NULL with *cause, the server's own message; the caller closes it
	 * with db_close); the password for a tool the kind runs (NULL when
	 * none is known: the tool reads the client library's own files; the
	 * caller wipes it with util_wipe_free). Any may be NULL (no database
	 * layer: the kinds say "could not run"). */
	const struct db_settings *(*db_settings)(void *arg, const char *name,
			    char **cause);
	struct db	*(*db_connect)(void *arg, const char *name,
			    char **cause);
	char		*(*db_password)(void *arg, const char *name);
	/* When the session started (seconds since the epoch), or 0. */
	long long	 session_start;
	/* The session's own backup folder for dumps (STATE/backup/dumps),
	 * made on demand, or NULL. */
	const char	*dump_dir;
};

struct kind {
	const char		*name;		/* "path_exists", "copy", ... */
	enum step_kind		 step_kind;	/* STEP_CHECK or STEP_ACTION */
	const char		*summary;	/* N_(): one line */
	const struct param_spec	*params;
	/* Further validation beyond the specs (a regex compiles, a value is
	 * one of a set); adds diagnostics and returns their number. */
	int			(*validate)(const struct ynode *with,
				    const char *file, struct diags *);
	/* What the step will do, exactly, for the operator's preview, with
	 * placeholders expanded. Returns NULL with *cause if a placeholder has
	 * no value. The caller frees the result. */
	char			*(*describe)(const struct step *,
				    const struct run_ctx *, char **cause);
	/* Run it and fill the result. Returns 0, or -1 only for an internal
	 * failure (the result then says STATUS_ERROR and why). */
	int			(*run)(const struct step *, struct run_ctx *,
				    struct result *);
};

const struct kind	*kind_find(const char *name);
/* The table, NULL-terminated. */
extern const struct kind *const kind_table[];

/* Expand a parameter's placeholders for a run; NULL with *cause. */
char	*kind_expand(const struct run_ctx *, const char *, char **cause);
/* The same for a list parameter; the caller frees each string and the array. */
char	**kind_expand_list(const struct run_ctx *, const struct ynode *with,
	    const char *name, size_t *n, char **cause);

/*
 * For the kinds' own files (kind-*.c): what several of them share.
 */
struct buf;
struct exec_spec;
struct exec_result;
struct stat;

/* Save a path into ctx->backup_dir before it is changed (with move, it is
 * moved there: how "remove" works) and record it through ctx->on_backup.
 * A path that does not exist gives 0 and *saved NULL. *saved (may be NULL
 * when not wanted) is the copy's path; the caller frees it. A move across
 * file systems copies, records, and only then removes the original: if that
 * removal fails, -1 comes with *saved set (the backup is complete and
 * recorded, the original partly removed: something changed); otherwise -1
 * means nothing changed and *saved is NULL. */
int	 kind_backup(const struct run_ctx *, const char *path, int move,
	    char **saved, char **cause);
/* Replace the file real (named shown in messages) by text, as an edit
 * action does: saved first with kind_backup, the saved copy read back and
 * compared with old (the text the edit was made from: a file changed
 * meanwhile is not replaced), then util_replace_file. 0 with *saved (the
 * copy's path; the caller frees it), or -1 with r set (an error when
 * nothing changed, a failure when the file was replaced but its folder
 * could not be synced). */
int	 kind_replace_file(const struct run_ctx *, const char *shown,
	    const char *real, const struct stat *, const char *old,
	    size_t old_len, const char *text, size_t len, char **saved,
	    struct result *);
/* Fill a spec's log, start and tick callbacks from the context (what
 * kind_exec does before it runs the command). */
void	 kind_exec_spec(const struct run_ctx *, struct exec_spec *);
/* exec_run with the context's log, cancel flag and output callback; fn (may
 * be NULL) sees every line too. */
int	 kind_exec(const struct run_ctx *, struct exec_spec *,
	    void (*fn)(void *, int, const char *, size_t), void *,
	    struct exec_result *, char **cause);
/* The paths matching a glob(3) pattern, sorted; *n may be 0. NULL with
 * *cause if a folder on the way cannot be read. The caller frees the list
 * with kind_free_list. */
char	**kind_glob(const char *pattern, size_t *n, char **cause);
void	 kind_free_list(char **, size_t);
/* Compile a POSIX ERE (flags added to REG_EXTENDED); -1 with *cause. The
 * regex_t is passed as void * so this header does not need <regex.h>. */
int	 kind_regcomp(void *regex, const char *pattern, int flags,
	    char **cause);
/* The validate hooks' test of an ERE parameter: it must compile (with the
 * placeholders it holds replaced by a plain word), and with groups 1 hold a
 * group that captures. Adds a diagnostic at the value; returns the number. */
int	 kind_validate_regex(const struct ynode *with, const char *name,
	    size_t groups, const char *file, struct diags *);
/* A value of a set (NULL-terminated), unless it holds a placeholder. */
int	 kind_validate_choice(const struct ynode *with, const char *name,
	    const char *const *choices, const char *file, struct diags *);
/* A duration parameter in milliseconds, placeholders expanded (dflt when
 * absent); -1 with *cause when malformed or a placeholder has no value. */
long long kind_duration_ms(const struct run_ctx *, const struct ynode *with,
	    const char *name, long long dflt, char **cause);
/* A size for people: "1.5 GiB (1610612736 bytes)". The caller frees the
 * result. (Durations: util_duration_text.) */
char	*kind_size_text(unsigned long long bytes);
/* Read a file line by line (a trailing \r cut, for files written on
 * Windows) up to the first line the compiled ERE (a regex_t *) matches, with
 * nmatch regmatch_t in match (may be 0 and NULL); with nmatch > 0 a line
 * counts only if group nmatch - 1 took part in the match. Returns 1 with
 * *lineno and *line (the line; the caller frees it), 0 when no line matches
 * (*lineno is then the number of lines read), or -1 with *cause (errno
 * kept) when the file cannot be read. */
int	 kind_match_file(const char *path, const void *regex, size_t nmatch,
	    void *match, size_t *lineno, char **line, char **cause);
/* A line of a file or of output for evidence: cut to a readable length at a
 * character boundary, control characters shown as '?'. Caller frees. */
char	*kind_excerpt(const char *, size_t len);

/* kind-port.c: whether something accepts a TCP connection on 127.0.0.1
 * port, waiting at most timeout_ms: 1 if it does, 0 if not (refused, or no
 * answer in time, or cancelled). */
int	 kind_port_answers(int port, long long timeout_ms,
	    volatile sig_atomic_t *cancel);
/* The validate hooks' test of a port parameter: 1 to 65535, unless it holds
 * a placeholder. Adds a diagnostic; returns the number. */
int	 kind_validate_port(const struct ynode *with, const char *name,
	    const char *file, struct diags *);
/* A port parameter, placeholders expanded: 0 when absent, the port, or -1
 * with *cause. */
int	 kind_port_param(const struct run_ctx *, const struct ynode *with,
	    const char *name, char **cause);

/* kind-db.c: what the database kinds share. */
struct db;
struct db_result;
struct db_settings;
enum db_engine;

/* The SQL of a PARAM_SQL parameter for an engine: a text is for every
 * engine; in a mapping, mysql serves mariadb when mariadb is not given.
 * NULL with *cause when the step has none for that engine. */
const char *kind_sql_for(const struct ynode *with, const char *name,
	    enum db_engine, char **cause);
/* The settings of the step's database (the PARAM_DATABASE parameter name,
 * "database" when NULL); NULL with *cause. */
const struct db_settings *kind_db_settings(const struct run_ctx *,
	    const struct step *, const char *param, char **cause);
/* Connect to it; NULL with *cause, the server's message, prefixed with the
 * database's logical name and where it is. */
struct db *kind_db_connect(const struct run_ctx *, const struct step *,
	    const char *param, char **cause);
/* The bound parameters of the step's "params" list, placeholders expanded
 * (the caller frees them with kind_free_list); NULL with *n 0 when there
 * are none; -1 with *cause when a placeholder has no value. */
int	 kind_db_params(const struct run_ctx *, const struct step *,
	    char ***params, size_t *n, char **cause);
/* Rows for evidence: a header line, then up to max rows, cells separated
 * by " | ", each cut to a readable width; then "N rows in all" when more
 * were returned than shown. */
void	 kind_db_rows_text(const struct db_result *, size_t max, struct buf *);
/* For an engine this program does not connect to: fill the result with the
 * query for the operator (STATUS_PENDING, operator_query) and what passing
 * means. */
void	 kind_db_ask_operator(struct result *, const struct db_settings *,
	    const char *dbname, const char *query, const char *expect);

/* kind-command.c: the command of "command_output" and "run". */
struct kind_command {
	char	**argv;		/* NULL-terminated, expanded */
	char	 *shell_text;	/* with shell: true, the text for /bin/sh -c */
	char	 *cwd;		/* expanded, or NULL */
	char	**env;		/* NAME=VALUE, NULL-terminated, or NULL */
	char	 *display;	/* the argv, or the shell text, for people */
};
int	 kind_command_prepare(const struct step *, const struct run_ctx *,
	    struct kind_command *, char **cause);
void	 kind_command_clear(struct kind_command *);
/* Preview lines: the command, its folder and environment. */
void	 kind_command_describe(const struct kind_command *, struct buf *);
int	 kind_command_validate(const struct ynode *with, const char *file,
	    struct diags *);

/* kind-copy.c: "copy" and "move" share their planning and running. */
char	*kind_copy_describe(const struct step *, const struct run_ctx *,
	    int move, char **cause);
int	 kind_copy_run(const struct step *, struct run_ctx *, struct result *,
	    int move);

/* The kinds, each in its own file. */
extern const struct kind kind_path_exists;
extern const struct kind kind_file_contains;
extern const struct kind kind_command_output;
extern const struct kind kind_tcp_port;
extern const struct kind kind_disk_free;
extern const struct kind kind_product_home;
extern const struct kind kind_run;
extern const struct kind kind_server_run;
extern const struct kind kind_server_stop;
extern const struct kind kind_copy;
extern const struct kind kind_move;
extern const struct kind kind_remove;
extern const struct kind kind_mkdir;
extern const struct kind kind_extract;
extern const struct kind kind_toml_edit;
extern const struct kind kind_yaml_edit;
extern const struct kind kind_db_column_length;
extern const struct kind kind_db_no_rows;
extern const struct kind kind_db_table_exists;
extern const struct kind kind_db_server_version;
extern const struct kind kind_db_dcr_names;
extern const struct kind kind_db_backup_present;
extern const struct kind kind_sql;
extern const struct kind kind_sql_script;
extern const struct kind kind_db_dump;

#endif
