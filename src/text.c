/* text.c: text measured in terminal columns, and wrapped to a width. */
#include "config.h"

#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* A printable ASCII character: one byte, one column, in every locale (the
 * portable character set is single-byte everywhere), so mbrtowc and wcwidth
 * are not needed for it. */
#define TEXT_ASCII(c)	((unsigned char)(c) >= 0x20 && (unsigned char)(c) < 0x7f)

/* Columns of the first n bytes of s. */
static int
text_width_n(const char *s, size_t n)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;
	int w = 0, cw;

	memset(&st, 0, sizeof st);
	while (n > 0) {
		if (TEXT_ASCII(*s)) {
			w++;
			s++;
			n--;
			continue;
		}
		k = mbrtowc(&wc, s, n, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof st);
			w++;
			s++;
			n--;
			continue;
		}
		if (k == 0)
			k = 1;
		cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		s += k;
		n -= k;
	}
	return w;
}

int
text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

static void
text_indent(struct buf *b, int indent)
{
	static const char spaces[] = "                                ";
	int n;

	for (; indent > 0; indent -= n) {
		n = indent < (int)sizeof spaces - 1 ? indent :
		    (int)sizeof spaces - 1;
		buf_add(b, spaces, (size_t)n);
	}
}

/* Wrap one line of text (no newline in it). */
static void
text_wrap_line(struct buf *b, const char *s, size_t len, int indent, int width)
{
	const char *end = s + len, *word;
	int col = 0, ww, avail = width - indent;
	size_t wl;

	if (avail < 10)
		avail = 10;
	text_indent(b, indent);
	while (s < end) {
		while (s < end && *s == ' ')
			s++;
		if (s == end)
			break;
		word = s;
		while (s < end && *s != ' ')
			s++;
		wl = (size_t)(s - word);
		ww = text_width_n(word, wl);
		if (col > 0 && col + 1 + ww > avail) {
			buf_addc(b, '\n');
			text_indent(b, indent);
			col = 0;
		} else if (col > 0) {
			buf_addc(b, ' ');
			col++;
		}
		buf_add(b, word, wl);
		col += ww;
	}
	buf_addc(b, '\n');
}

void
text_wrap(struct buf *b, const char *s, int indent, int width)
{
	const char *nl;
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	while (len > 0) {
		nl = memchr(s, '\n', len);
		if (nl == NULL)
			nl = s + len;
		if (nl == s)
			buf_addc(b, '\n');
		else
			text_wrap_line(b, s, (size_t)(nl - s), indent, width);
		len -= (size_t)(nl - s);
		s = nl;
		if (len > 0) {
			s++;
			len--;
		}
	}
}

size_t
text_fit(const char *s, size_t len, int width)
{
	mbstate_t st;
	wchar_t wc;
	size_t k, used = 0;
	int w = 0, cw;

	memset(&st, 0, sizeof st);
	while (used < len) {
		if (TEXT_ASCII(s[used]) && w < width) {
			/* A run of them, up to the width. */
			do {
				w++;
				used++;
			} while (used < len && w < width &&
			    TEXT_ASCII(s[used]));
			if (w >= width)
				break;
			continue;
		}
		k = mbrtowc(&wc, s + used, len - used, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof st);
			k = 1;
			cw = 1;
		} else {
			if (k == 0)
				k = 1;
			cw = wcwidth(wc);
			if (cw < 0)
				cw = 0;
		}
		if (w + cw > width && used > 0)
			break;
		w += cw;
		used += k;
		if (w >= width)
			break;
	}
	return used;
}
