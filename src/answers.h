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
 *   databases:
 *     apimgt: {engine: mysql, host: db1, port: 3306,
 *              name: openbank_apimgtdb, user: wso2, tls: require,
 *              password_env: APIMGT_DB_PASSWORD}
 *     reporting_stats: {url: "jdbc:mysql://db2:3306/stats", user: wso2,
 *                       query_timeout: 1800}
 *   reported:
 *     - {step: sp-metadata-length, result: pass,
 *        evidence: "VARCHAR2(4000), run by the DBA, CHG-1234"}
 *
 * query_timeout: how long one statement may run on that database, in
 * seconds (1 to 86400; 300 when not given).
 * A password is never read from an answers file: password_env names the
 * variable holding it, or the client libraries' own files are read.
 */
#ifndef ANSWERS_H
#define ANSWERS_H

#include <stddef.h>

#include "checklist.h"
#include "db.h"
#include "diag.h"

struct answers_entry {
	char	*key;		/* variable name, question id or step id */
	char	*value;		/* value, answer, note or reason (may be NULL) */
	int	 line, col;
	int	 passed;	/* reported: the operator's result */
};

/* One database's settings. */
struct answers_db {
	char			*name;
	struct db_settings	 set;	/* source "answers" */
	int			 line, col;
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
	struct answers_entry	*reports;	/* the operator's results of
						 * checks on Oracle, SQL Server */
	size_t			 nreports;
	struct answers_db	*dbs;
	size_t			 ndbs;
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
const struct answers_entry *answers_report(const struct answers *,
		    const char *);
const struct answers_db *answers_db(const struct answers *, const char *);

#endif
