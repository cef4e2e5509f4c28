/* fuzz-snapshot.c: a libFuzzer harness for the session.yaml snapshot
 * reader (session_snapshot_check, src/session.c). A session is made once
 * from a journal of every kind of event; each input is then its
 * session.yaml. The check says current (0) for the very text the session
 * renders and for nothing else, and otherwise damaged or stale (2) with a
 * reason. */
#include "config.h"

#include "fuzz.h"

#include "session.h"
#include "util.h"

/* Every kind of event, at fixed times, so that the snapshot is the same
 * text in every run (the seed corpus holds it). */
static const char *const lines[] = {
	"1\t2026-12-01T10:00:00Z\toperator\tsession-start\tguide=example"
	"\tchecklist=/opt/wizard/example.yaml\thash=0123abcd",
	"2\t2026-12-01T10:00:01Z\toperator\tvar\tname=APP_HOME"
	"\tvalue=/opt/app-2.0.0\tsource=answers",
	"3\t2026-12-01T10:00:02Z\toperator\tanswer\tquestion=vault"
	"\tvalue=no\tsource=prompt",
	"4\t2026-12-01T10:00:03Z\toperator\tdb\tname=apimgt\tengine=mysql"
	"\thost=db1\tport=3306\tdatabase=apimgt\tuser=wso2\ttls=require"
	"\tpassword_env=APIMGT_PW\tsource=answers",
	"5\t2026-12-01T10:00:04Z\toperator\tstep-start\tstep=copy-config"
	"\tlog=logs/5-copy-config.log\tcommand=cp -a a b",
	"6\t2026-12-01T10:00:05Z\toperator\tstep-result\tstep=copy-config"
	"\tstatus=done\tevidence=copied 3 files: \"a\" 'b' #c\texit=0"
	"\tduration_ms=12\tlog=logs/5-copy-config.log",
	"7\t2026-12-01T10:00:06Z\toperator\tbackup\tstep=copy-config"
	"\toriginal=/opt/app/conf/x.toml\tsaved=backup/5/x.toml\tmode=644"
	"\tmoved=0",
	"8\t2026-12-01T10:00:07Z\toperator\tack\tstep=console"
	"\tnote=done in the console%09tab, CHG-1234\tsource=answers",
	"9\t2026-12-01T10:00:08Z\toperator\twaive\tstep=disk-space"
	"\treason=archive volume mounted at go-live",
	"10\t2026-12-01T10:00:09Z\toperator\tstage-complete\tstage=prepare",
	"11\t2026-12-01T10:00:10Z\toperator\tdrift\tstep=copy-config"
	"\tevidence=x.toml changed since",
	"12\t2026-12-01T10:00:11Z\toperator\treport"
	"\tstep=sp-metadata-length\tstatus=pass\tevidence=VARCHAR2(4000)"
	"\tsource=answers",
};

static uint32_t
crc32_bits(const char *s, size_t len)
{
	uint32_t crc = 0xffffffff;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= (unsigned char)s[i];
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

static struct session *
make_session(const char *dir)
{
	struct session *s;
	char *path, *cause = NULL;
	size_t i;
	FILE *fp;

	if (mkdir(dir, 0700) != 0)
		abort();
	path = fuzz_path("snap/journal");
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		fprintf(fp, "%s\t#%08lx\n", lines[i], (unsigned long)
		    crc32_bits(lines[i], strlen(lines[i])));
	}
	if (fclose(fp) != 0)
		abort();
	free(path);
	if ((s = session_load(dir, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		abort();
	}
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct session *s;
	static char *path;
	char *dir;
	const char *seed;
	static char *want;
	static size_t wantlen;
	char *what = NULL;
	int rc;

	if (s == NULL) {
		dir = fuzz_path("snap");
		s = make_session(dir);
		free(dir);
		path = fuzz_path("snap/session.yaml");
		/* The snapshot this session renders. */
		if (session_snapshot(s, &what) == -1 ||
		    (want = util_read_file(path, &wantlen, &what)) == NULL) {
			fprintf(stderr, "%s\n", what);
			abort();
		}
		if ((seed = getenv("FUZZ_SNAPSHOT_SEED")) != NULL) {
			/* For the corpus: FUZZ_SNAPSHOT_SEED=FILE. */
			fuzz_write(seed, want, wantlen);
			return 0;
		}
	}
	fuzz_write(path, data, size);
	rc = session_snapshot_check(s, &what);
	if (rc < 0 || rc > 2 || (rc == 0) != (what == NULL))
		abort();
	/* Current exactly when it is the text the session renders. */
	if ((rc == 0) != (size == wantlen && memcmp(data, want, size) == 0)) {
		fprintf(stderr, "session_snapshot_check gave %d: %s\n", rc,
		    what != NULL ? what : "current");
		abort();
	}
	free(what);
	return 0;
}
