/* fuzz-checklist.c: a libFuzzer harness for the checklist loader
 * (checklist_load, src/checklist.c). Every input is a checklist file: it
 * loads, or it is refused with at least one diagnostic, each placed inside
 * the file. A guide that loads is looked up by its own ids, as the
 * commands do. */
#include "config.h"

#include "fuzz.h"

#include "checklist.h"
#include "diag.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *path;
	struct diags d = DIAGS_INIT;
	struct guide *g;
	size_t i;

	if (path == NULL)
		path = fuzz_path("guide.yaml");
	fuzz_write(path, data, size);
	g = checklist_load(path, &d);
	if (g == NULL && d.n == 0)
		abort();
	for (i = 0; i < d.n; i++) {
		if (d.v[i].msg == NULL ||
		    !fuzz_place_ok(data, size, d.v[i].line, d.v[i].col))
			abort();
	}
	if (g != NULL) {
		for (i = 0; i < g->nstages; i++) {
			if (checklist_stage(g, g->stages[i]->id) !=
			    g->stages[i])
				abort();
		}
		for (i = 0; i < g->nsteps; i++) {
			if (checklist_step(g, g->steps[i]->id) != g->steps[i])
				abort();
		}
		for (i = 0; i < g->nvars; i++) {
			if (checklist_var(g, g->vars[i].name) != &g->vars[i])
				abort();
		}
	}
	checklist_free(g);
	diags_free(&d);
	return 0;
}
