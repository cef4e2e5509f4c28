/* util.h: small helpers for time, paths and durable files. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stat;

/* The current time in UTC as "2026-11-22T02:50:01Z"; the caller frees it. */
char	*util_now_iso(void);
/* Milliseconds from a monotonic clock. */
long long util_now_ms(void);
/* A duration for people: "250 ms", "5 s", "1.5 s", "1 min 30 s", "2 h 5 min".
 * The caller frees the result. */
char	*util_duration_text(long long ms);
/* A TCP port: digits only, 1 to 65535. Returns -1 for anything else. */
int	 util_parse_port(const char *, int *port);
/* How many newlines there are in data. */
unsigned long long util_count_lines(const char *, size_t);
/* A whole number, digits only, from min to max. Returns -1 for anything
 * else. */
int	 util_parse_number(const char *, int min, int max, int *);

/* Create a directory and its parents (each new one with mode). */
int	 util_mkdir_p(const char *, mode_t, char **cause);
/* The same, and each new folder is made durable: the folder holding it is
 * fsynced, so it survives a crash. */
int	 util_mkdir_p_sync(const char *, mode_t, char **cause);
/* Replace a file atomically: write a temporary file beside it, fsync it,
 * rename it over the old one, fsync the directory. */
/* Replace a file atomically, keeping its mode and owner (those of *keep):
 * a temporary file beside it (PATH.wizard-partial; one left there by a
 * crash is replaced), synced, renamed over it, the folder synced.
 * -1 with *cause; *renamed says whether the file was replaced already
 * (only the folder's sync failed). */
int	 util_replace_file(const char *, const char *, size_t,
	    const struct stat *, int *, char **);
int	 util_write_atomic(const char *, const void *, size_t, mode_t,
	    char **cause);
int	 util_fsync_dir(const char *, char **cause);
/* Read a whole file, NUL-terminated; the caller frees it. */
char	*util_read_file(const char *, size_t *, char **cause);
/* The rest of an open file (PATH names it in messages), closed after. */
char	*util_read_fd(const char *path, int fd, size_t *, char **cause);

/* The login name of the person running the program, and the host name. */
const char *util_user(void);
const char *util_host(void);

/* Join two path pieces with one '/'; the caller frees the result. */
char	*util_path_join(const char *, const char *);
/* The directory part of a path; the caller frees the result. */
char	*util_dirname(const char *);
/* The path made absolute (not resolving links); the caller frees it. */
char	*util_abspath(const char *);

/* Shell-quote a word for display ('it'\''s'); the caller frees it. */
char	*util_shell_quote(const char *);
/* An argv shown as one line, each word quoted only where needed. */
char	*util_argv_display(char *const *);

/* 64-bit FNV-1a of bytes, as 16 hex digits; the caller frees it. */
char	*util_hash_hex(const void *, size_t);
/* The same hash as a number (for hash tables). */
uint64_t util_hash64(const void *, size_t);

/* Overwrite a secret (a password) with zeros and free it; NULL does
 * nothing. */
void	 util_wipe_free(char *);
/* Whether the descriptor is open on /dev/null (the same character device),
 * where what is written to it goes nowhere. */
int	 util_fd_is_null(int);

#endif
