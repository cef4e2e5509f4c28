/* answers.h: the answers file, what a person would type, for `check` and
 * `run` without a terminal:
 *
 *   guide: example
 *   variables: {APP_HOME: /opt/app-2.0.0}
 *   answers: {secure-vault-enabled: no}
 *   acknowledge:
 *     - {step: update-lifecycle, note: "done in the console, CHG-1234"}
 *   not_applicable:
 *     - {step: custom-keystore, reason: "no custom keystore here"}
 *   waive:
 *     - {step: disk-space, reason: "archive volume mounted at go-live"}
 *   retry:
 *     - {step: run-merge, reason: "log checked: it stopped before writing"}
 */
#ifndef ANSWERS_H
#define ANSWERS_H

#include <stddef.h>

#include "checklist.h"
#include "diag.h"

struct answers_entry {
	char	*key;		/* variable name, question id or step id */
	char	*value;		/* value, answer, note or reason (may be NULL) */
	int	 line, col;
};

struct answers {
	char			*path;
	char			*guide;
	struct answers_entry	*vars;
	size_t			 nvars;
	struct answers_entry	*answers;
	size_t			 nanswers;
	struct answers_entry	*acks;
	size_t			 nacks;
	struct answers_entry	*nas;		/* not applicable */
	size_t			 nnas;
	struct answers_entry	*waivers;
	size_t			 nwaivers;
	struct answers_entry	*retries;	/* interrupted actions to run again */
	size_t			 nretries;
};

/* Read and check the shape of an answers file. NULL with the problems in
 * the diagnostics. */
struct answers	*answers_load(const char *path, struct diags *);
/* Check it against a guide: the guide id, unknown variables, questions and
 * steps, answers that are not among the choices, acknowledgements of steps
 * that are not manual, waivers of steps that are not checks. Returns the
 * number of problems added. */
int		 answers_check(const struct answers *, const struct guide *,
		    struct diags *);
void		 answers_free(struct answers *);

/* Lookups; NULL when the file does not say. */
const struct answers_entry *answers_var(const struct answers *, const char *);
const struct answers_entry *answers_answer(const struct answers *,
		    const char *);
const struct answers_entry *answers_ack(const struct answers *, const char *);
const struct answers_entry *answers_na(const struct answers *, const char *);
const struct answers_entry *answers_waiver(const struct answers *,
		    const char *);
const struct answers_entry *answers_retry(const struct answers *,
		    const char *);

#endif
