/* diag.c: diagnostics about an input file, each with its position. */
#include "config.h"

#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

void
diags_add(struct diags *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list ap;
	struct diag *e;

	if (d->n == d->size) {
		d->size = d->size == 0 ? 8 : d->size * 2;
		d->v = xreallocarray(d->v, d->size, sizeof *d->v);
	}
	e = &d->v[d->n++];
	e->file = xstrdup(file != NULL ? file : "-");
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	e->msg = xvprintf(fmt, ap);
	va_end(ap);
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

/* An insertion sort: stable, so problems at one place keep their order. */
void
diags_sort(struct diags *d)
{
	size_t i, j;
	struct diag tmp;

	for (i = 1; i < d->n; i++) {
		tmp = d->v[i];
		for (j = i; j > 0 && diag_cmp(&d->v[j - 1], &tmp) > 0; j--)
			d->v[j] = d->v[j - 1];
		d->v[j] = tmp;
	}
}

static void
diag_format(struct buf *b, const struct diag *e)
{
	if (e->line > 0)
		buf_printf(b, "%s:%d:%d: %s\n", e->file, e->line, e->col, e->msg);
	else
		buf_printf(b, "%s: %s\n", e->file, e->msg);
}

void
diags_print(const struct diags *d, FILE *fp)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		buf_reset(&b);
		diag_format(&b, &d->v[i]);
		fputs(buf_str(&b), fp);
	}
	buf_free(&b);
}

char *
diags_join(const struct diags *d)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++)
		diag_format(&b, &d->v[i]);
	return buf_steal(&b);
}

void
diags_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->size = 0;
}
