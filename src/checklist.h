/* checklist.h: the model of a guide, and the strict loader of checklist files. */
#ifndef CHECKLIST_H
#define CHECKLIST_H

#include <stddef.h>

#include "diag.h"
#include "ynode.h"

struct kind;

enum step_kind {
	STEP_CHECK,
	STEP_ACTION,
	STEP_MANUAL,
	STEP_QUESTION,
	STEP_INFO
};

enum severity {
	SEVERITY_BLOCKER,	/* a failure keeps the stage from completing */
	SEVERITY_WARNING	/* a failure is reported and the walk goes on */
};

enum var_kind {
	VAR_STRING,
	VAR_DIRECTORY,		/* must be an existing directory */
	VAR_FILE,		/* must be an existing regular file */
	VAR_HOST,		/* a host name or address */
	VAR_PORT,		/* 1 to 65535 */
	VAR_PRODUCT_HOME	/* a directory holding every marker */
};

/* One `when:` entry: the answer to a question must be one of the values. */
struct cond {
	char	 *question;
	char	**values;
	size_t	  nvalues;
	int	  line, col;
};

struct variable {
	char	 *name;
	enum var_kind kind;
	char	 *title;
	char	 *help;
	char	 *default_value;	/* may hold ${NAME} of other variables */
	int	  required;		/* default 1 */
	char	**markers;		/* product_home: relative paths it holds */
	size_t	  nmarkers;
	char	 *product;		/* product_home: what it is, for messages */
	int	  line, col;
};

struct question {
	char	 *id;
	char	 *text;
	char	 *help;
	char	**choices;		/* default: yes, no */
	size_t	  nchoices;
	char	 *default_value;
	int	  line, col;
};

/* A database the guide works on, by its logical name; where it is comes
 * from the session (answers file, setup screen, confirmed discovery). */
struct database {
	char	*name;
	char	*title;
	char	*engine;		/* postgresql, mysql, mariadb, oracle, mssql or NULL */
	char	**discover;		/* files to discover it in (placeholders) */
	size_t	  ndiscover;
	char	*datasource;		/* its name there: "apim_db", "WSO2OB_DB" */
	int	 line, col;
};

struct stage;

struct step {
	char		 *id;
	enum step_kind	  kind;
	char		 *title;
	char		 *text;
	char		 *ref;		/* where it comes from in the source document */
	char		 *why;		/* what the step protects against (optional) */
	struct cond	 *when;		/* all must hold */
	size_t		  nwhen;
	enum severity	  severity;	/* checks; default blocker */
	int		  prerequisite;	/* checks: run by `check` (default 1) */
	const struct kind *type;	/* checks and actions */
	struct ynode	 *with;		/* the kind's parameters, validated */
	char		 *url;		/* manual: the console URL */
	char		**substeps;	/* manual */
	size_t		  nsubsteps;
	char		**choices;	/* question: default yes, no */
	size_t		  nchoices;
	char		 *default_value;	/* question: optional */
	struct stage	 *stage;
	size_t		  index;	/* position in the whole guide, from 0 */
	int		  line, col;
};

struct stage {
	char		 *id;
	char		 *title;
	char		 *text;
	char		 *ref;
	struct step	**steps;
	size_t		  nsteps;
	size_t		  index;
	int		  line, col;
};

struct guide {
	char		 *path;		/* the file it was loaded from */
	char		 *hash;		/* of the file's bytes (util_hash_hex) */
	char		 *id;
	char		 *title;
	char		 *source;	/* the source document: a title, a path or a URL */
	char		 *from_version;
	char		 *to_version;
	char		 *text;
	struct variable	 *vars;
	size_t		  nvars;
	struct question	 *questions;
	size_t		  nquestions;
	struct database	 *databases;
	size_t		  ndatabases;
	struct stage	**stages;
	size_t		  nstages;
	struct step	**steps;	/* every step of every stage, in order */
	size_t		  nsteps;
	struct ynode	 *root;		/* the parsed file; steps point into it */
};

/* Load and validate a checklist file. Every problem found is added to the
 * diagnostics as FILE:LINE:COL; returns NULL if there was any error. The
 * caller frees the guide with checklist_free. */
struct guide	*checklist_load(const char *path, struct diags *);
void		 checklist_free(struct guide *);

struct step	*checklist_step(const struct guide *, const char *id);
struct stage	*checklist_stage(const struct guide *, const char *id);
struct variable	*checklist_var(const struct guide *, const char *name);
const struct database *checklist_database(const struct guide *,
		    const char *name);
/* A question from `questions:` or a question step, by id: its choices. */
int		 checklist_question(const struct guide *, const char *id,
		    char ***choices, size_t *nchoices, const char **text);

const char	*checklist_step_kind_name(enum step_kind);	/* "check", ... */
const char	*checklist_var_kind_name(enum var_kind);

#endif
