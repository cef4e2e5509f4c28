/* diff.c: a line-based unified diff. The common head and tail are cut
 * first; the lines between are matched by a longest common subsequence,
 * which is quick for the few changed lines of an edit. When that middle is
 * too large for it, the whole middle is shown as removed and added. */
#include "config.h"

#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

/* Beyond this many cells the middle is not matched line by line. */
#define DIFF_MAX_CELLS ((size_t)16 * 1024 * 1024)
#define DIFF_CONTEXT 3

struct dline {
	const char	*s;
	size_t		 len;		/* the newline included, if any */
};

struct dop {
	char		 op;		/* ' ', '-' or '+' */
	size_t		 a;		/* the line in old (' ', '-') */
	size_t		 b;		/* the line in new (' ', '+') */
};

struct dscript {
	struct dop	*v;
	size_t		 n;
	size_t		 size;
};

static struct dline *
diff_lines(const char *s, size_t len, size_t *n)
{
	struct dline *v = NULL;
	size_t size = 0, i = 0, start;

	*n = 0;
	while (i < len) {
		start = i;
		while (i < len && s[i] != '\n')
			i++;
		if (i < len)
			i++;
		if (*n == size) {
			size = size == 0 ? 64 : size * 2;
			v = xreallocarray(v, size, sizeof *v);
		}
		v[*n].s = s + start;
		v[*n].len = i - start;
		(*n)++;
	}
	return v;
}

static int
diff_same(const struct dline *x, const struct dline *y)
{
	return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

static void
diff_push(struct dscript *sc, char op, size_t a, size_t b)
{
	if (sc->n == sc->size) {
		sc->size = sc->size == 0 ? 64 : sc->size * 2;
		sc->v = xreallocarray(sc->v, sc->size, sizeof *sc->v);
	}
	sc->v[sc->n].op = op;
	sc->v[sc->n].a = a;
	sc->v[sc->n].b = b;
	sc->n++;
}

/* The edit script for old lines [a0, a1) against new lines [b0, b1). */
static void
diff_middle(struct dscript *sc, const struct dline *x, size_t a0, size_t a1,
    const struct dline *y, size_t b0, size_t b1)
{
	size_t n = a1 - a0, m = b1 - b0, i, j, w = m + 1;
	unsigned int *t;

	if (n == 0 || m == 0 || n > DIFF_MAX_CELLS / (m + 1) ||
	    (n + 1) * (m + 1) > DIFF_MAX_CELLS) {
		for (i = a0; i < a1; i++)
			diff_push(sc, '-', i, 0);
		for (j = b0; j < b1; j++)
			diff_push(sc, '+', 0, j);
		return;
	}
	/* t[i][j]: the longest common subsequence of the suffixes. */
	t = xcalloc((n + 1) * w, sizeof *t);
	for (i = n; i-- > 0;) {
		for (j = m; j-- > 0;) {
			if (diff_same(&x[a0 + i], &y[b0 + j]))
				t[i * w + j] = t[(i + 1) * w + j + 1] + 1;
			else if (t[(i + 1) * w + j] >= t[i * w + j + 1])
				t[i * w + j] = t[(i + 1) * w + j];
			else
				t[i * w + j] = t[i * w + j + 1];
		}
	}
	i = j = 0;
	while (i < n && j < m) {
		if (diff_same(&x[a0 + i], &y[b0 + j])) {
			diff_push(sc, ' ', a0 + i, b0 + j);
			i++;
			j++;
		} else if (t[(i + 1) * w + j] >= t[i * w + j + 1]) {
			diff_push(sc, '-', a0 + i, 0);
			i++;
		} else {
			diff_push(sc, '+', 0, b0 + j);
			j++;
		}
	}
	for (; i < n; i++)
		diff_push(sc, '-', a0 + i, 0);
	for (; j < m; j++)
		diff_push(sc, '+', 0, b0 + j);
	free(t);
}

static void
diff_line_out(struct buf *b, char op, const struct dline *l)
{
	buf_addc(b, op);
	buf_add(b, l->s, l->len);
	if (l->len == 0 || l->s[l->len - 1] != '\n')
		buf_adds(b, "\n\\ No newline at end of file\n");
}

/* "-a,b" as diff(1) writes a range: ",1" left out, an empty range named by
 * the line before it. */
static void
diff_range(struct buf *b, char sign, size_t start, size_t count)
{
	if (count == 1)
		buf_printf(b, "%c%zu", sign, start + 1);
	else if (count == 0)
		buf_printf(b, "%c%zu,0", sign, start);
	else
		buf_printf(b, "%c%zu,%zu", sign, start + 1, count);
}

char *
diff_unified(const char *old_name, const char *old, size_t oldlen,
    const char *new_name, const char *new, size_t newlen)
{
	struct dline *x, *y;
	struct dscript sc = { NULL, 0, 0 };
	struct buf b = BUF_INIT;
	size_t n, m, pre = 0, suf = 0, i, k, h0, h1, last, na, nb;
	size_t astart, bstart;

	x = diff_lines(old, oldlen, &n);
	y = diff_lines(new, newlen, &m);
	while (pre < n && pre < m && diff_same(&x[pre], &y[pre]))
		pre++;
	while (suf < n - pre && suf < m - pre &&
	    diff_same(&x[n - 1 - suf], &y[m - 1 - suf]))
		suf++;
	for (i = 0; i < pre; i++)
		diff_push(&sc, ' ', i, i);
	diff_middle(&sc, x, pre, n - suf, y, pre, m - suf);
	for (i = 0; i < suf; i++)
		diff_push(&sc, ' ', n - suf + i, m - suf + i);

	buf_adds(&b, "");
	if (pre == n && pre == m)
		goto out;
	buf_printf(&b, "--- %s\n+++ %s\n", old_name, new_name);
	i = 0;
	while (i < sc.n) {
		while (i < sc.n && sc.v[i].op == ' ')
			i++;
		if (i == sc.n)
			break;
		/* A hunk: from a change, while the next change is near. */
		h0 = i > DIFF_CONTEXT ? i - DIFF_CONTEXT : 0;
		last = i;
		for (k = i; k < sc.n; k++) {
			if (sc.v[k].op != ' ')
				last = k;
			else if (k - last > 2 * DIFF_CONTEXT)
				break;
		}
		h1 = last + 1 + DIFF_CONTEXT;
		if (h1 > sc.n)
			h1 = sc.n;
		/* Where the hunk starts in each text, and how long it is. */
		astart = bstart = 0;
		for (k = 0; k < h0; k++) {
			if (sc.v[k].op != '+')
				astart++;
			if (sc.v[k].op != '-')
				bstart++;
		}
		na = nb = 0;
		for (k = h0; k < h1; k++) {
			if (sc.v[k].op != '+')
				na++;
			if (sc.v[k].op != '-')
				nb++;
		}
		buf_adds(&b, "@@ ");
		diff_range(&b, '-', astart, na);
		buf_addc(&b, ' ');
		diff_range(&b, '+', bstart, nb);
		buf_adds(&b, " @@\n");
		for (k = h0; k < h1; k++) {
			if (sc.v[k].op == '+')
				diff_line_out(&b, '+', &y[sc.v[k].b]);
			else
				diff_line_out(&b, sc.v[k].op, &x[sc.v[k].a]);
		}
		i = h1;
	}
out:
	free(sc.v);
	free(x);
	free(y);
	return buf_steal(&b);
}
