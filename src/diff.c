/* diff.c: a line-based unified diff of two texts, for the previews of the
 * kinds that edit files.
 *
 * The common lines at both ends are cut first; what is left in the middle
 * is compared with a longest-common-subsequence table. Configuration files
 * are small and edits few, so the middle is small; when it is too large for
 * the table, it is shown as removed and added whole, which is still a
 * correct diff, only not the shortest. */
#include "config.h"

#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

#define DIFF_CONTEXT	3
/* The most cells of the table (old lines times new lines in the middle). */
#define DIFF_MAX_CELLS	(16u * 1024 * 1024)

struct diff_line {
	const char	*s;
	size_t		 len;		/* without the newline */
	int		 nl;		/* ends with a newline */
};

/* One line of the script: ' ', '-' or '+' with the old and new lines. */
struct diff_op {
	char		 op;
	size_t		 o;		/* index in the old lines */
	size_t		 n;		/* index in the new lines */
};

/* Split a text into lines; the caller frees the array. */
static struct diff_line *
diff_split(const char *text, size_t len, size_t *count)
{
	struct diff_line *v = NULL;
	size_t n = 0, size = 0, i = 0, start;

	while (i < len) {
		start = i;
		while (i < len && text[i] != '\n')
			i++;
		if (n == size) {
			size = size == 0 ? 64 : size * 2;
			v = xreallocarray(v, size, sizeof *v);
		}
		v[n].s = text + start;
		v[n].len = i - start;
		v[n].nl = i < len;
		n++;
		if (i < len)
			i++;
	}
	*count = n;
	return v;
}

static int
diff_same(const struct diff_line *a, const struct diff_line *b)
{
	return a->len == b->len && a->nl == b->nl &&
	    memcmp(a->s, b->s, a->len) == 0;
}

/* The indentation of a line, for choosing where a block of changed lines
 * starts; a blank line counts as deepest. */
static size_t
diff_indent(const struct diff_line *l)
{
	size_t i = 0;

	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i == l->len ? (size_t)-1 : i;
}

/* Where a run of changed lines could as well be shown a line higher or
 * lower (the line leaving it equals the line entering it), put it where its
 * first line is indented least: a removed YAML list item then shows from
 * its "-" to its end, not from a line inside it to the next item's "-". */
static void
diff_slide(char *ch, const struct diff_line *l, size_t n)
{
	size_t s = 0, e, d, down, best, i;

	while (s < n) {
		if (!ch[s]) {
			s++;
			continue;
		}
		for (e = s; e < n && ch[e]; e++)
			/* nothing */;
		/* Up as far as it goes without meeting another run. */
		while (s > 0 && !ch[s - 1] && (s < 2 || !ch[s - 2]) &&
		    diff_same(&l[s - 1], &l[e - 1])) {
			ch[--s] = 1;
			ch[--e] = 0;
		}
		for (down = 0; e + down < n && !ch[e + down] &&
		    (e + down + 1 >= n || !ch[e + down + 1]) &&
		    diff_same(&l[s + down], &l[e + down]); down++)
			/* nothing */;
		best = 0;
		for (d = 1; d <= down; d++) {
			if (diff_indent(&l[s + d]) < diff_indent(&l[s + best]))
				best = d;
		}
		for (i = s; i < e; i++)
			ch[i] = 0;
		for (i = s + best; i < e + best; i++)
			ch[i] = 1;
		s = e + best;
	}
}

/* The edit script of the whole texts; the caller frees it. */
static struct diff_op *
diff_script(const struct diff_line *a, size_t na, const struct diff_line *b,
    size_t nb, size_t *count)
{
	struct diff_op *ops;
	size_t pre = 0, suf = 0, ma, mb, i, j, k = 0, w;
	unsigned int *t = NULL;
	char *del, *ins;

	while (pre < na && pre < nb && diff_same(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	    diff_same(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	ma = na - pre - suf;
	mb = nb - pre - suf;
	del = xcalloc(na + 1, 1);
	ins = xcalloc(nb + 1, 1);
	for (i = 0; i < ma; i++)
		del[pre + i] = 1;
	for (j = 0; j < mb; j++)
		ins[pre + j] = 1;

	/* t[i][j]: the longest common run of a[i..] and b[j..] (in the
	 * middle); too large a middle stays removed and added whole. */
	w = mb + 1;
	if (ma > 0 && mb > 0 && ma < DIFF_MAX_CELLS / mb) {
		t = xcalloc((ma + 1) * w, sizeof *t);
		for (i = ma; i-- > 0;) {
			for (j = mb; j-- > 0;) {
				if (diff_same(&a[pre + i], &b[pre + j]))
					t[i * w + j] = t[(i + 1) * w + j + 1] +
					    1;
				else if (t[(i + 1) * w + j] >=
				    t[i * w + j + 1])
					t[i * w + j] = t[(i + 1) * w + j];
				else
					t[i * w + j] = t[i * w + j + 1];
			}
		}
		i = j = 0;
		while (i < ma && j < mb) {
			if (diff_same(&a[pre + i], &b[pre + j])) {
				del[pre + i++] = 0;
				ins[pre + j++] = 0;
			} else if (t[(i + 1) * w + j] >= t[i * w + j + 1])
				i++;
			else
				j++;
		}
		free(t);
	}
	diff_slide(del, a, na);
	diff_slide(ins, b, nb);

	ops = xcalloc(na + nb + 1, sizeof *ops);
	i = j = 0;
	while (i < na || j < nb) {
		if (i < na && del[i]) {
			ops[k++] = (struct diff_op){ '-', i, j };
			i++;
		} else if (j < nb && ins[j]) {
			ops[k++] = (struct diff_op){ '+', i, j };
			j++;
		} else {
			ops[k++] = (struct diff_op){ ' ', i, j };
			i++;
			j++;
		}
	}
	free(del);
	free(ins);
	*count = k;
	return ops;
}

static void
diff_put(struct buf *b, char op, const struct diff_line *l)
{
	buf_addc(b, op);
	buf_add(b, l->s, l->len);
	buf_addc(b, '\n');
	if (!l->nl)
		buf_adds(b, "\\ No newline at end of file\n");
}

/* "-l,n " of a hunk's header; ",n" left out when it is 1, as diff(1)
 * writes it. */
static void
diff_range(struct buf *b, char sign, size_t start, size_t count)
{
	if (count == 1)
		buf_printf(b, "%c%zu ", sign, start);
	else
		buf_printf(b, "%c%zu,%zu ", sign, start, count);
}

/* One hunk: the script's ops from..to (exclusive). */
static void
diff_hunk(struct buf *b, const struct diff_op *ops, size_t from, size_t to,
    const struct diff_line *a, const struct diff_line *bl)
{
	size_t i, no = 0, nn = 0, so, sn;

	for (i = from; i < to; i++) {
		if (ops[i].op != '+')
			no++;
		if (ops[i].op != '-')
			nn++;
	}
	/* An empty range names the line before it, as diff(1) does. */
	so = no == 0 ? ops[from].o : ops[from].o + 1;
	sn = nn == 0 ? ops[from].n : ops[from].n + 1;
	buf_adds(b, "@@ ");
	diff_range(b, '-', so, no);
	diff_range(b, '+', sn, nn);
	buf_adds(b, "@@\n");
	for (i = from; i < to; i++) {
		if (ops[i].op == '+')
			diff_put(b, '+', &bl[ops[i].n]);
		else
			diff_put(b, ops[i].op, &a[ops[i].o]);
	}
}

char *
diff_unified(const char *old_name, const char *old_text, size_t old_len,
    const char *new_name, const char *new_text, size_t new_len)
{
	struct diff_line *a, *bl;
	struct diff_op *ops;
	struct buf b = BUF_INIT;
	size_t na, nb, n, i, start, end, last;

	if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0)
		return xstrdup("");
	a = diff_split(old_text, old_len, &na);
	bl = diff_split(new_text, new_len, &nb);
	ops = diff_script(a, na, bl, nb, &n);

	buf_printf(&b, "--- %s\n+++ %s\n", old_name, new_name);
	i = 0;
	while (i < n) {
		while (i < n && ops[i].op == ' ')
			i++;
		if (i == n)
			break;
		start = i > DIFF_CONTEXT ? i - DIFF_CONTEXT : 0;
		/* Extend over changes closer than twice the context. */
		last = i;
		for (end = i; end < n; end++) {
			if (ops[end].op != ' ')
				last = end;
			else if (end - last > 2 * DIFF_CONTEXT)
				break;
		}
		end = last + 1 + DIFF_CONTEXT < n ? last + 1 + DIFF_CONTEXT : n;
		diff_hunk(&b, ops, start, end, a, bl);
		i = end;
	}
	free(ops);
	free(a);
	free(bl);
	return buf_steal(&b);
}
