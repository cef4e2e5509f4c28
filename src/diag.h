/* diag.h: diagnostics about an input file, each with its position. */
#ifndef DIAG_H
#define DIAG_H

#include <stdio.h>

struct diag {
	char	*file;
	int	 line;		/* 1-based; 0 when the problem has no place */
	int	 col;		/* 1-based */
	char	*msg;
};

struct diags {
	struct diag *v;
	size_t	 n;
	size_t	 size;
};

#define DIAGS_INIT { NULL, 0, 0 }

void	 diags_add(struct diags *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Sort by file, line and column (stable), as they will be printed. */
void	 diags_sort(struct diags *);
/* Print each as "FILE:LINE:COL: message". */
void	 diags_print(const struct diags *, FILE *);
/* All of them as one string, one per line; the caller frees it. */
char	*diags_join(const struct diags *);
void	 diags_free(struct diags *);

#endif
