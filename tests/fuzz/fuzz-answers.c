/* fuzz-answers.c: a libFuzzer harness for the answers file (answers_load
 * and answers_check, src/answers.c). Every input is an answers file: it
 * loads, or it is refused with at least one diagnostic placed inside it.
 * One that loads is checked against the example guide
 * (tests/data/example.yaml), every problem again with a place, and its
 * entries are found by their own keys. */
#include "config.h"

#include "fuzz.h"

#include "answers.h"
#include "checklist.h"
#include "diag.h"

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

static void
check_diags(const struct diags *d, const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].msg == NULL ||
		    !fuzz_place_ok(data, size, d->v[i].line, d->v[i].col))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct guide *g;
	static char *path;
	struct diags d = DIAGS_INIT;
	struct answers *a;
	size_t i;

	if (g == NULL) {
		g = checklist_load(FUZZ_SRCDIR "/tests/data/example.yaml", &d);
		if (g == NULL) {
			diags_print(&d, stderr);
			abort();
		}
		diags_free(&d);
		path = fuzz_path("answers.yaml");
	}
	fuzz_write(path, data, size);
	a = answers_load(path, &d);
	if (a == NULL && d.n == 0)
		abort();
	check_diags(&d, data, size);
	diags_free(&d);
	if (a != NULL) {
		answers_check(a, g, &d);
		/* Diagnostics about the guide's file have no place in the
		 * answers; only those about the answers are checked. */
		for (i = 0; i < d.n; i++) {
			if (d.v[i].msg == NULL)
				abort();
		}
		diags_free(&d);
		for (i = 0; i < a->nvars; i++) {
			if (answers_var(a, a->vars[i].key) == NULL)
				abort();
		}
		for (i = 0; i < a->nacks; i++) {
			if (answers_ack(a, a->acks[i].key) == NULL)
				abort();
		}
		for (i = 0; i < a->ndbs; i++) {
			if (answers_db(a, a->dbs[i].name) == NULL)
				abort();
		}
	}
	answers_free(a);
	return 0;
}
