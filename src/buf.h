/* buf.h: a growable byte buffer, always NUL-terminated. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* NUL-terminated once anything was added */
	size_t	 len;
	size_t	 size;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);
/* Hand the contents (never NULL) to the caller, who frees them; the buffer
 * is left empty. */
char	*buf_steal(struct buf *);
void	 buf_free(struct buf *);
const char *buf_str(const struct buf *);

#endif
