/* sha256.h: SHA-256 (FIPS 180-4), fed in pieces, for the checksums that
 * evidence gives of the files it names. */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE	32			/* bytes of a digest */
#define SHA256_HEX	(2 * SHA256_SIZE + 1)	/* hex digits and NUL */

struct sha256 {
	uint32_t	 h[8];
	uint64_t	 bytes;		/* fed so far */
	unsigned char	 block[64];	/* a block not yet complete */
	size_t		 used;		/* bytes in block */
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
/* The digest; the state must be initialised again before reuse. */
void	sha256_final(struct sha256 *, unsigned char digest[SHA256_SIZE]);
/* The digest as 64 lower-case hex digits. */
void	sha256_final_hex(struct sha256 *, char hex[SHA256_HEX]);
/* The digest of one piece of memory, in hex. */
void	sha256_hex(const void *, size_t, char hex[SHA256_HEX]);

#endif
