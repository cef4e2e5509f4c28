/* cmd.h: the commands, as a table of entries, and what they share. */
#ifndef CMD_H
#define CMD_H

#include "answers.h"
#include "checklist.h"
#include "kind.h"

/* Options a command takes (cmd_entry.options). */
#define CMD_OPT_ANSWERS	0x1
#define CMD_OPT_FORMAT	0x2
#define CMD_OPT_OUTPUT	0x4
#define CMD_OPT_GUIDE	0x8
#define CMD_OPT_TRAINING 0x10
#define CMD_OPT_PRINT	0x20

/* Exit statuses of check and run (design.md). */
#define CMD_OK		0
#define CMD_BLOCKED	1
#define CMD_ERROR	2

struct cmd_opts {
	const char	*state_dir;
	const char	*checklists;
	const char	*guide;
	const char	*answers;
	const char	*format;
	const char	*output;
	int		 no_color;
	int		 training;
	const char	*fault;		/* --fault ID (training) */
	int		 reset;		/* --reset (training) */
	int		 print;		/* report --print: to lp */
	char		**args;		/* the words after the command */
	int		 nargs;
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* N_() */
	const char	*summary;	/* N_() */
	int		 min_args;
	int		 max_args;
	unsigned	 options;
	int		 hidden;	/* not in --help's list */
	int		(*exec)(struct cmd_opts *);
};

extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_training_server_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry *const cmd_table[];

/* "wso2-upgrade-wizard: " and the message, on stderr. */
void	 cmd_error(const char *, ...) __attribute__((format(printf, 1, 2)));

/* The folders searched for checklists (NULL-terminated; the caller frees it
 * with cmd_free_list). */
char	**cmd_checklist_dirs(const struct cmd_opts *);
void	 cmd_free_list(char **);
/* Find and load a guide by id (ID.yaml in the checklist folders) or by
 * path; prints the problems and returns NULL if it cannot be used. */
struct guide *cmd_load_guide(const struct cmd_opts *, const char *id);
/* The same without printing: NULL with *cause (the problems, one per line,
 * then the verdict). */
struct guide *cmd_guide_load(const struct cmd_opts *, const char *id,
	    char **cause);
/* The folder holding every session (--state-dir, XDG_STATE_HOME or
 * ~/.local/state), and one guide's: with --training, the training
 * session's, BASE/training/ID/session, never a real one. The caller frees
 * them. */
char	*cmd_state_base(const struct cmd_opts *);
char	*cmd_session_dir(const struct cmd_opts *, const char *id);
/* A guide's training folder, BASE/training/ID: its session/ and its
 * sandbox/. The caller frees it. */
char	*cmd_training_dir(const struct cmd_opts *, const char *id);
/* With --training: build the guide's sandbox and training session when
 * there is none, or again with --reset or a --fault not injected yet;
 * put the sandbox's tools first on PATH. Says on stdout what it built
 * unless quiet. Does nothing without --training. -1 with *cause. */
int	 cmd_training_prepare(const struct cmd_opts *, const struct guide *,
	    int quiet, char **cause);
/* Load and check the answers file against the guide; prints the problems
 * and returns NULL if it cannot be used. */
struct answers *cmd_load_answers(const char *path, const struct guide *);

/* Every session under the state folder, a line each; returns how many. */
int	 cmd_status_all(struct cmd_opts *);

/* Progress printed on stdout for check and run (engine_ops callbacks). */
#define CMD_PRINTER_OUT	(32 * 1024)
struct cmd_printer {
	const struct stage	*stage;		/* the last stage announced */
	size_t			 lines;		/* output lines of the step */
	int			 unflushed;	/* output waits in stdout's buffer */
	/* A command's output lines, formatted, before they go to stdout in
	 * one fwrite: one call per line into stdio costs more than the
	 * copy. A longer line goes to stdout on its own. */
	char			 out[CMD_PRINTER_OUT];
	size_t			 outlen;
	/* On a terminal, at most CMD_PRINTER_OUT bytes of lines every tenth
	 * of a second, the last ones: when out is full, its lines move to
	 * prev (those of prev before them are dropped, counted). */
	int			 tty;
	char			 prev[CMD_PRINTER_OUT];
	size_t			 prevlen;
	unsigned long long	 dropped;
	long long		 shown_ms;	/* when lines were last shown */
};
struct engine_ops;
void	 cmd_printer_ops(struct cmd_printer *, struct engine_ops *);
/* A step's status in brackets, fixed width: "[pass]", "[FAIL]". */
const char *cmd_status_tag(enum status);
/* A step kind as a translated label. */
const char *cmd_kind_label(enum step_kind);

#endif
