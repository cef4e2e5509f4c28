/* test-tomlfuzz.c: a small deterministic fuzzer for the TOML reader and the
 * toml_edit merge, run by make check. Inputs are mutations of a seed corpus
 * (bytes flipped, texts cut, TOML's own punctuation inserted, lines
 * doubled), made with a seeded generator so that every run is the same
 * run. The reader must never crash and must place every refusal inside
 * the input; the merge must either refuse a target untouched or give a
 * text that parses, and then change nothing more when run again.
 * tests/fuzz/fuzz-toml.c does the same under libFuzzer. */
#include "config.h"

#include "testutil.h"

#include "buf.h"
#include "diag.h"
#include "kind.h"
#include "toml.h"
#include "tomledit.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

static const char *const corpus[] = {
	"# WSO2 API Manager\n"
	"[server]\n"
	"hostname = \"localhost\"   # the host\n"
	"offset = 3\n"
	"\n"
	"[database.apim_db]\n"
	"type = \"mysql\"\n"
	"url = \"jdbc:mysql://localhost:3306/apim?a=1&amp;useSSL=false\"\n"
	"password = \"$secret{alias}\"\n"
	"\n"
	"[[datasource]]\n"
	"id = \"WSO2OB_DB\"\n"
	"pool.max = 50\n"
	"\n"
	"[datasource.props]\n"
	"x = 'literal'\n",

	"[open_banking.dcr]\n"
	"enable = true\n"
	"\n"
	"[open_banking.dcr.apim_rest_endpoints]\n"
	"app_creation = \"api/am/devportal/v3/applications\"\n"
	"retrieve_subscribe=\"api/am/devportal/v3/subscriptions\"\n",

	"title = \"\"\"\nmulti\\\n  line\"\"\"\n"
	"lit = '''\nraw \\ text'''\n"
	"when = 1979-05-27T07:32:00-08:00\n"
	"day = 1979-05-27\n"
	"nums = [ 1, -2, +3, 0x1F, 0o7, 0b1, 1_000, 3.14, -1e10, inf, nan ]\n"
	"mixed = [ [1, 2], [\"a\", 'b'], { a = 1, b.c = 2 } ]\n"
	"'quoted key' = \"\\u00e9\\t\"\n"
	"a.\"b c\".d = false\n",

	"[a]\r\nx = 1\r\n\r\n[[b]]\r\ny = [\r\n  1,\r\n  2, # c\r\n]\r\n",

	"[a.b.c]\nk = 1\n[a]\nj = 2\n[[a.list]]\nn = 1\n[[a.list]]\nn = 2",
};

static const char *const tokens[] = {
	"[", "]", "[[", "]]", "\"", "'", "'''", "\"\"\"", "=", "\n", "\r\n",
	".", ",", "{", "}", "#", "\\", " ", "\t", "1", "x", "\xe2\x80\x9d",
	"\xff", "\0", "a = 1\n", "[a]\n", "0x", "e", "-", ":", "T"
};

#define NTOKENS (sizeof tokens / sizeof tokens[0])
#define NCORPUS (sizeof corpus / sizeof corpus[0])

/* xorshift64*: small, and the same everywhere. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* One to three mutations of a corpus text. */
static void
mutate(uint64_t *seed, struct buf *b)
{
	const char *src = corpus[rnd(seed) % NCORPUS], *tok;
	size_t len = strlen(src), at, n, k, i, toklen, end;
	struct buf t = BUF_INIT;

	buf_reset(b);
	buf_add(b, src, len);
	n = 1 + rnd(seed) % 3;
	for (k = 0; k < n; k++) {
		at = b->len == 0 ? 0 : rnd(seed) % (b->len + 1);
		buf_reset(&t);
		switch (rnd(seed) % 5) {
		case 0:		/* a bit flipped */
			if (at < b->len)
				b->data[at] ^= (char)(1 << (rnd(seed) % 8));
			continue;
		case 1:		/* cut short */
			b->len = at;
			continue;
		case 2:		/* a byte dropped */
			if (at < b->len) {
				memmove(b->data + at, b->data + at + 1,
				    b->len - at - 1);
				b->len--;
			}
			continue;
		case 3:		/* a line doubled */
			while (at > 0 && b->data[at - 1] != '\n')
				at--;
			end = at;
			while (end < b->len && b->data[end] != '\n')
				end++;
			if (end < b->len)
				end++;
			buf_add(&t, b->data, end);
			buf_add(&t, b->data + at, end - at);
			buf_add(&t, b->data + end, b->len - end);
			break;
		default:	/* a token put in */
			i = rnd(seed) % NTOKENS;
			tok = tokens[i];
			toklen = *tok == '\0' ? 1 : strlen(tok);
			buf_add(&t, b->data, at);
			buf_add(&t, tok, toklen);
			buf_add(&t, b->data + at, b->len - at);
			break;
		}
		buf_reset(b);
		buf_add(b, t.data, t.len);
	}
	buf_free(&t);
	buf_adds(b, "");	/* NUL-terminated, len unchanged */
}

/* Parse; every diagnostic must be placed at a line of the text, at most
 * one column past its end. Returns the document or NULL. */
static struct toml_doc *
parse_checked(const char *text, size_t len)
{
	struct diags d = DIAGS_INIT;
	struct toml_doc *doc;
	size_t i, k, line, start;

	doc = toml_parse(text, len, "f.toml", &d);
	if (doc == NULL)
		assert_true(d.n > 0);
	else
		assert_int_equal(d.n, 0);
	for (i = 0; i < d.n; i++) {
		assert_true(d.v[i].line >= 1);
		assert_true(d.v[i].col >= 1);
		/* The line's length in bytes bounds its length in
		 * characters. */
		line = 1;
		start = 0;
		for (k = 0; k < len && line < (size_t)d.v[i].line; k++) {
			if (text[k] == '\n') {
				line++;
				start = k + 1;
			}
		}
		if (line != (size_t)d.v[i].line)
			fail_msg("line %d of a text of %zu lines: %s",
			    d.v[i].line, line, d.v[i].msg);
		for (k = start; k < len && text[k] != '\n'; k++)
			;
		if ((size_t)d.v[i].col > k - start + 1)
			fail_msg("column %d of a line of %zu bytes: %s",
			    d.v[i].col, k - start, d.v[i].msg);
	}
	diags_free(&d);
	return doc;
}

static void
test_reader(void **state)
{
	struct buf b = BUF_INIT;
	struct toml_doc *doc;
	uint64_t seed = 0x5eed0001ULL;
	size_t i, parsed = 0, n = 6000;

	(void)state;
	for (i = 0; i < n; i++) {
		mutate(&seed, &b);
		doc = parse_checked(b.data, b.len);
		if (doc != NULL) {
			assert_true(doc->len == b.len);
			parsed++;
		}
		toml_free(doc);
	}
	/* Both ways were taken often. */
	assert_true(parsed > n / 20);
	assert_true(parsed < n - n / 20);
	buf_free(&b);
}

static const char snippet[] =
    "top = 1\n"
    "[server]\n"
    "hostname = \"ob.example.com\"\n"
    "node.ip = \"10.0.0.1\"\n"
    "[database.apim_db]\n"
    "url = \"jdbc:x\"\n"
    "[open_banking.dcr.apim_rest_endpoints]\n"
    "app_creation = \"api/am/devportal/v3/applications\"\n"
    "[[datasource]]\n"
    "id = \"NEW\"\n";

/* The merge over mutated targets: refused (with a reason), or a text that
 * parses and that a second merge leaves as it is. */
static void
test_merge(void **state)
{
	static const char *const afters[] = { NULL, "server", "a",
	    "open_banking.dcr", "datasource" };
	struct buf b = BUF_INIT;
	struct toml_doc *doc;
	uint64_t seed = 0x5eed0002ULL;
	char *out, *notes, *cause, *out2, *notes2;
	size_t i, len, len2, changed = 0, refused = 0;
	int r;

	(void)state;
	for (i = 0; i < 2500; i++) {
		const char *after = afters[i % 5];

		mutate(&seed, &b);
		r = tomledit_apply(b.data, b.len, "f.toml", snippet,
		    sizeof snippet - 1, "toml", after, &out, &len, &notes,
		    &cause);
		if (r == -1) {
			assert_non_null(cause);
			assert_null(out);
			free(cause);
			refused++;
			continue;
		}
		assert_non_null(notes);
		if (r == 0) {
			assert_null(out);
			free(notes);
			continue;
		}
		changed++;
		doc = parse_checked(out, len);
		assert_non_null(doc);
		toml_free(doc);
		r = tomledit_apply(out, len, "f.toml", snippet,
		    sizeof snippet - 1, "toml", after, &out2, &len2, &notes2,
		    &cause);
		if (r != 0)
			fail_msg("a second merge gave %d: %s\n--- in:\n%s\n"
			    "--- out:\n%s", r, r == -1 ? cause : out2,
			    b.data, out);
		free(notes2);
		free(out);
		free(notes);
	}
	assert_true(changed > 100);
	assert_true(refused > 100);
	buf_free(&b);
}

/* Is a a subsequence of b (every byte of a in b, in order)? */
static int
subsequence(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j;

	for (j = 0; j < blen && i < alen; j++) {
		if (a[i] == b[j])
			i++;
	}
	return i == alen;
}

/* A merge that only adds keeps every byte of the original, in order. */
static void
test_merge_only_adds(void **state)
{
	static const char adds[] =
	    "[server]\nzz_added = 1\n[zz_table]\nk = \"v\"\n"
	    "[[datasource]]\nid = \"ZZ\"\n";
	struct buf b = BUF_INIT;
	uint64_t seed = 0x5eed0004ULL;
	char *out, *notes, *cause;
	size_t i, len, checked = 0;
	int r;

	(void)state;
	for (i = 0; i < 1500; i++) {
		mutate(&seed, &b);
		r = tomledit_apply(b.data, b.len, "f.toml", adds,
		    sizeof adds - 1, "toml", i % 2 ? "server" : NULL, &out,
		    &len, &notes, &cause);
		if (r == -1) {
			free(cause);
			continue;
		}
		if (r == 1 && strstr(notes, "set ") == NULL) {
			assert_true(len > b.len);
			if (!subsequence(b.data, b.len, out, len))
				fail_msg("bytes lost:\n--- in:\n%s\n--- out:\n%s",
				    b.data, out);
			checked++;
		}
		free(out);
		free(notes);
	}
	assert_true(checked > 100);
	buf_free(&b);
}

static const char *
lookup_dir(void *arg, const char *name)
{
	return strcmp(name, "DIR") == 0 ? arg : NULL;
}

/* The action itself over mutated files: an error leaves the file as it
 * was, with no backup; success leaves a file that parses. */
static void
test_action(void **state)
{
	const struct kind *k = kind_find("toml_edit");
	char *dir = test_tmpdir(), *path, *backup, *s, *cause = NULL;
	struct run_ctx ctx;
	struct result r;
	struct step step;
	struct buf b = BUF_INIT;
	struct toml_doc *doc;
	uint64_t seed = 0x5eed0003ULL;
	size_t i, len;
	FILE *fp;

	(void)state;
	assert_non_null(k);
	path = util_path_join(dir, "deployment.toml");
	backup = util_path_join(dir, "backup");
	memset(&ctx, 0, sizeof ctx);
	ctx.lookup = lookup_dir;
	ctx.lookup_arg = dir;
	ctx.backup_dir = backup;
	memset(&step, 0, sizeof step);
	step.id = (char *)"fuzz";
	step.kind = STEP_ACTION;
	step.type = k;
	s = xstrdup("file: ${DIR}/deployment.toml\nafter: server\ntoml: |\n"
	    "  [server]\n  hostname = \"h\"\n  [extra]\n  k = [1, {a = 'b'}]\n"
	    "  [[datasource]]\n  id = \"Z\"\n");
	step.with = ynode_parse(s, strlen(s), "t.yaml", &cause);
	assert_non_null(step.with);
	free(s);
	for (i = 0; i < 200; i++) {
		mutate(&seed, &b);
		fp = fopen(path, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(b.data, 1, b.len, fp), b.len);
		assert_int_equal(fclose(fp), 0);
		result_init(&r);
		assert_int_equal(k->run(&step, &ctx, &r), 0);
		s = util_read_file(path, &len, &cause);
		assert_non_null(s);
		if (r.status == STATUS_ERROR) {
			assert_non_null(r.reason);
			assert_int_equal(len, b.len);
			assert_memory_equal(s, b.data, len);
		} else {
			assert_int_equal(r.status, STATUS_DONE);
			doc = parse_checked(s, len);
			assert_non_null(doc);
			toml_free(doc);
		}
		free(s);
		result_clear(&r);
	}
	ynode_free(step.with);
	buf_free(&b);
	test_rmtree(dir);
	free(backup);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_only_adds),
		cmocka_unit_test(test_action),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
