/* fuzz-journal.c: a libFuzzer harness for the journal reader (journal_read,
 * src/journal.c) and its replay into a session (session_load, then the
 * session.yaml snapshot, src/session.c). Every input is read as a journal
 * twice: as it is, and with each line's checksum made right, so that the
 * fuzzer gets past the checksum to the events. A journal is read, or
 * refused with a cause; a session that loads renders a snapshot, and that
 * snapshot is then found current by session_snapshot_check (what is
 * written is read back as it was meant). */
#include "config.h"

#include "fuzz.h"

#include "journal.h"
#include "session.h"

static uint32_t
crc32_bits(const uint8_t *s, size_t len)
{
	uint32_t crc = 0xffffffff;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= s[i];
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

/* The input with each line's "\t#CRC" (added when missing) made right. */
static uint8_t *
with_checksums(const uint8_t *data, size_t size, size_t *outlen)
{
	uint8_t *out = malloc(size + (size + 1) * 11 + 1), *o;
	size_t start = 0, end, body, k;

	if (out == NULL)
		abort();
	o = out;
	while (start < size) {
		for (end = start; end < size && data[end] != '\n'; end++)
			;
		body = end;
		for (k = end; k >= start + 2; k--) {
			if (data[k - 2] == '\t' && data[k - 1] == '#') {
				body = k - 2;
				break;
			}
		}
		memcpy(o, data + start, body - start);
		o += body - start;
		o += sprintf((char *)o, "\t#%08lx",
		    (unsigned long)crc32_bits(data + start, body - start));
		if (end < size)
			*o++ = '\n';
		start = end + 1;
	}
	*outlen = (size_t)(o - out);
	return out;
}

static void
one(const char *dir, const char *path, const uint8_t *data, size_t size)
{
	struct jevent *ev = NULL;
	struct session *s;
	char *torn = NULL, *cause = NULL, *what = NULL;
	size_t n = 0, i;

	fuzz_write(path, data, size);
	if (journal_read(path, &ev, &n, &torn, &cause) == -1) {
		if (cause == NULL || ev != NULL)
			abort();
	} else {
		for (i = 0; i < n; i++) {
			if (ev[i].event == NULL || ev[i].line < 1)
				abort();
		}
		journal_events_free(ev, n);
	}
	free(torn);
	free(cause);
	cause = NULL;

	if ((s = session_load(dir, &cause)) == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		return;
	}
	if (session_snapshot(s, &cause) == -1) {
		fprintf(stderr, "snapshot: %s\n", cause);
		abort();
	}
	if (session_snapshot_check(s, &what) != 0) {
		fprintf(stderr, "snapshot_check: %s\n", what);
		abort();
	}
	session_close(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *dir, *path;
	uint8_t *fixed;
	size_t len;

	if (dir == NULL) {
		dir = fuzz_path("state");
		if (mkdir(dir, 0700) != 0)
			abort();
		path = fuzz_path("state/journal");
	}
	one(dir, path, data, size);
	fixed = with_checksums(data, size, &len);
	one(dir, path, fixed, len);
	free(fixed);
	return 0;
}
