/* xmalloc.h: allocation that never returns NULL; out of memory is fatal. */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
/* Returns a new string; the caller frees it. */
char *xprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* Print the message and exit(3); the hook (the front end's terminal restore)
 * runs first. */
void fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatal_set_hook(void (*)(void));

#endif
