/* lock.h: one wizard per session. The lock file names its holder (PID, host,
 * user, since when) and is held with fcntl(2), so a crashed holder leaves a
 * stale file that is taken over. */
#ifndef LOCK_H
#define LOCK_H

#include <sys/types.h>

struct lock_holder {
	pid_t	 pid;
	char	*host;
	char	*user;
	char	*since;		/* UTC, as util_now_iso */
};

struct lock;

/* Take the lock at path. If another live process holds it, returns NULL
 * with *cause saying who ("held by USER on HOST, process PID, since TIME").
 * If the file names a holder that is gone (its process on this host is dead,
 * or it no longer holds the lock), the lock is taken over and *stale (if not
 * NULL) gets the old holder for the caller to record (free it with
 * lock_holder_clear). A holder on another host that does not hold the lock
 * is not taken over: NULL with *cause saying how to release it. */
struct lock	*lock_acquire(const char *path, struct lock_holder *stale,
		    int *took_over, char **cause);
void		 lock_release(struct lock *);
/* Read who holds the lock, without taking it. Returns 1 if it is held by a
 * live process, 0 if free or stale (holder still filled if the file names
 * one), -1 with *cause on error. */
int		 lock_query(const char *path, struct lock_holder *, char **cause);
void		 lock_holder_clear(struct lock_holder *);

#endif
