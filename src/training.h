/* training.h: training mode. A guide's training data lives beside its
 * checklist, in training/ID/ (training.yaml and sandbox.sh); a training
 * builds a sandbox from it (the product homes as they look before the
 * upgrade) and a training session whose variables point into it.
 *
 *   BASE/training/ID/sandbox    the sandbox (it holds the marker file)
 *   BASE/training/ID/session    the training session
 *   BASE/training/ID/sandbox.log what sandbox.sh printed
 *
 * doc/checklist-format.md describes the files. */
#ifndef TRAINING_H
#define TRAINING_H

#include <stddef.h>

#include "checklist.h"
#include "diag.h"

/* The file written in every sandbox: reset removes only a folder holding
 * it. */
#define TRAINING_MARKER ".wso2-upgrade-wizard-sandbox"

struct training_var {
	char	*name;
	char	*value;		/* with ${SANDBOX} and the port names */
};

struct training_db {
	char	*name;		/* the guide's logical name */
	char	*engine;
	char	*database;
};

struct training_fault {
	char	*id;
	char	*title;
	char	*text;
	char	*step;		/* where it shows, or NULL */
};

struct training {
	char			*path;		/* training.yaml */
	char			*dir;		/* its folder (sandbox.sh) */
	char			*guide;
	char			*text;
	char			**ports;
	size_t			 nports;
	char			**path_dirs;	/* sandbox folders put on PATH */
	size_t			 npath_dirs;
	struct training_var	*vars;
	size_t			 nvars;
	struct training_db	*dbs;
	size_t			 ndbs;
	char			*seed_postgresql;
	char			*seed_mariadb;
	struct training_fault	*faults;
	size_t			 nfaults;
};

/* Where a guide's training.yaml is: training/ID/training.yaml in the
 * folder its checklist was loaded from. The caller frees it. */
char	*training_file(const struct guide *);
/* Has the guide training data? */
int	 training_available(const struct guide *);

/* Load and check a training.yaml: every problem is added with its place
 * (FILE:LINE:COL). NULL when there is any; the caller frees the result
 * with training_free. */
struct training	*training_load(const char *path, struct diags *);
/* Load the guide's training data: NULL with *cause (the problems, one a
 * line) when it has none or it is not valid, or names another guide. */
struct training	*training_load_guide(const struct guide *, char **cause);
void		 training_free(struct training *);

/* A fault by id, or NULL. */
const struct training_fault *training_fault(const struct training *,
	    const char *id);
/* The fault ids, "a, b, c" (or "none"); the caller frees it. */
char	*training_fault_ids(const struct training *);

/* Is path inside the folder dir (both resolved; a path that does not
 * exist yet is resolved through its nearest existing parent)? */
int	 training_inside(const char *dir, const char *path);

/* Build the sandbox and the training session in tdir (BASE/training/ID):
 * free loopback ports, sandbox.sh run with the contract's environment,
 * the marker, the "training" event and the variables (source "training").
 * wizard is the program's absolute path, fault an id or NULL. Nothing
 * may exist there yet (see training_remove). -1 with *cause. */
int	 training_create(const struct training *, const struct guide *,
	    const char *tdir, const char *fault, const char *wizard,
	    char **cause);
/* Remove what training_create made: the sandbox (only if it holds the
 * marker) and the training session folder (only under tdir). -1 with
 * *cause, having removed nothing it was not sure of. */
int	 training_remove(const char *tdir, char **cause);
/* What the commands and the wizard do before opening a training session:
 * build it when there is none; rebuild it (reset) when asked, or when a
 * fault is asked for that is not the one injected. A fault not in the
 * guide's training.yaml is refused, naming the choices. *built is set to 1
 * when the sandbox was (re)built. -1 with *cause. */
int	 training_prepare(const struct guide *, const char *tdir,
	    const char *fault, int reset, const char *wizard, int *built,
	    char **cause);
/* Put the sandbox folders of `path:` first on PATH (this process and the
 * commands it runs). */
void	 training_set_path(const struct training *, const char *sandbox);

/* The program's own absolute path (for WIZARD); the caller frees it. */
char	*training_self(const char *argv0);

#endif
