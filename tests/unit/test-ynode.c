/* test-ynode.c: the YAML tree: positions, byte offsets, what is refused and
 * how syntax errors are reported. */
#include "config.h"

#include "testutil.h"

#include "diag.h"
#include "ynode.h"

static struct ynode *
parse_ok(const char *text)
{
	char *cause = NULL;
	struct ynode *n = ynode_parse(text, strlen(text), "t.yaml", &cause);

	if (n == NULL)
		fail_msg("unexpected error: %s", cause);
	assert_null(cause);
	return n;
}

/* Parse text that must fail, and check the whole message. */
static void
parse_fails(const char *text, size_t len, const char *want)
{
	char *cause = NULL;
	struct ynode *n = ynode_parse(text, len, "t.yaml", &cause);

	assert_null(n);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
assert_pos(const struct ynode *n, int line, int col, size_t start, size_t end)
{
	assert_non_null(n);
	assert_int_equal(n->line, line);
	assert_int_equal(n->col, col);
	assert_int_equal(n->start, start);
	assert_int_equal(n->end, end);
}

static void
test_nested_positions(void **state)
{
	const char *text =
	    "guide:\n"				/* 0 */
	    "  id: demo\n"			/* 7 */
	    "stages:\n"				/* 18 */
	    "  - id: s1\n"			/* 26 */
	    "    steps:\n"			/* 37 */
	    "      - {kind: info, with: [a, \"b\"]}\n"	/* 48 */
	    "\n"
	    "# trailing comment\n";
	struct ynode *root = parse_ok(text), *stages, *stage, *step, *with;

	assert_int_equal(root->type, YNODE_MAPPING);
	assert_int_equal(root->n, 2);
	assert_pos(root->keys[0], 1, 1, 0, 5);
	assert_pos(ynode_key(root, "stages"), 3, 1, 18, 24);
	assert_pos(ynode_get(ynode_get(root, "guide"), "id"), 2, 7, 13, 17);

	stages = ynode_get(root, "stages");
	assert_int_equal(stages->type, YNODE_SEQUENCE);
	/* A block list ends with its last item, not at the comment. */
	assert_pos(stages, 4, 3, 28, 84);
	stage = stages->items[0];
	assert_pos(ynode_key(stage, "steps"), 5, 5, 41, 46);
	step = ynode_get(stage, "steps")->items[0];
	assert_int_equal(step->type, YNODE_MAPPING);
	/* A flow mapping ends just past its '}'. */
	assert_pos(step, 6, 9, 56, 84);
	assert_pos(ynode_key(step, "with"), 6, 22, 69, 73);
	with = ynode_get(step, "with");
	assert_pos(with, 6, 28, 75, 83);
	assert_pos(with->items[1], 6, 32, 79, 82);
	assert_string_equal(with->items[1]->value, "b");
	assert_int_equal(with->items[1]->quoted, 1);
	assert_int_equal(with->items[0]->quoted, 0);
	assert_memory_equal(text + with->start, "[a, \"b\"]", with->end - with->start);
	ynode_free(root);
}

/* libyaml counts characters; the tree gives bytes. */
static void
test_utf8_offsets(void **state)
{
	const char *text = "t: \"\xc3\xa9\xe2\x82\xac\"\nu: x\n";
	struct ynode *root = parse_ok(text), *t, *u;

	t = ynode_get(root, "t");
	assert_pos(t, 1, 4, 3, 10);
	assert_string_equal(t->value, "\xc3\xa9\xe2\x82\xac");
	u = ynode_get(root, "u");
	/* The column counts characters; the offset bytes. */
	assert_pos(u, 2, 4, 14, 15);
	assert_int_equal(text[u->start], 'x');
	ynode_free(root);
}

/* Long ASCII runs between and around multibyte characters, in a nested
 * tree (the offsets are found eight ASCII bytes at a time, forward and
 * back): every key and value starts and ends where its text is. */
static void
test_utf8_long_offsets(void **state)
{
	static const char *const words[] = { "plain ASCII text that runs on",
	    "\xc3\xa9t\xc3\xa9", "x", "\xe2\x82\xac and then a long ASCII tail",
	    "a\xf0\x9f\x99\x82" "b", "sixteen chars ok" };
	const size_t nwords = sizeof words / sizeof words[0];
	char text[8192], key[32];
	size_t len = 0, i, j;
	struct ynode *root, *list, *item, *v;

	len += (size_t)snprintf(text + len, sizeof text - len, "list:\n");
	for (i = 0; i < 24; i++) {
		len += (size_t)snprintf(text + len, sizeof text - len,
		    "  - {k: \"%s\", w: [%s, \"%s\"]}\n", words[i % nwords],
		    i % 2 ? "\xc3\xa9" : "ascii-only-and-long-enough",
		    words[(i + 1) % nwords]);
		len += (size_t)snprintf(text + len, sizeof text - len,
		    "  - key%zu%s: \"%s\"\n", i, i % 3 ? "" : "\xc3\xa9",
		    words[(i + 2) % nwords]);
	}
	root = parse_ok(text);
	list = ynode_get(root, "list");
	assert_non_null(list);
	assert_int_equal(list->n, 48);
	for (i = 0; i < 24; i++) {
		item = list->items[2 * i];
		v = ynode_get(item, "k");
		assert_non_null(v);
		assert_int_equal(text[v->start], '"');
		assert_int_equal(text[v->end - 1], '"');
		assert_memory_equal(text + v->start + 1, words[i % nwords],
		    strlen(words[i % nwords]));
		v = ynode_get(item, "w");
		assert_int_equal(text[v->start], '[');
		assert_int_equal(text[v->end - 1], ']');
		assert_memory_equal(text + v->items[1]->start + 1,
		    words[(i + 1) % nwords], strlen(words[(i + 1) % nwords]));
		assert_int_equal(text[item->start], '{');
		assert_int_equal(text[item->end - 1], '}');

		item = list->items[2 * i + 1];
		snprintf(key, sizeof key, "key%zu%s", i, i % 3 ? "" : "\xc3\xa9");
		assert_int_equal(item->n, 1);
		assert_memory_equal(text + item->keys[0]->start, key,
		    strlen(key));
		assert_int_equal(item->keys[0]->end - item->keys[0]->start,
		    strlen(key));
		v = item->items[0];
		j = strlen(words[(i + 2) % nwords]);
		assert_int_equal(v->end - v->start, j + 2);
		assert_memory_equal(text + v->start + 1,
		    words[(i + 2) % nwords], j);
	}
	ynode_free(root);
}

static void
test_byte_order_mark(void **state)
{
	const char *text = "\xef\xbb\xbf" "a: bc\n";
	struct ynode *root = parse_ok(text);

	assert_pos(root->keys[0], 1, 1, 3, 4);
	assert_pos(root->items[0], 1, 4, 6, 8);
	ynode_free(root);
}

static void
test_block_scalar(void **state)
{
	const char *text = "text: |\n  one\n  two\nnext: 1\n";
	struct ynode *root = parse_ok(text), *t;

	t = ynode_get(root, "text");
	assert_string_equal(t->value, "one\ntwo\n");
	assert_int_equal(t->quoted, 1);
	assert_int_equal(t->line, 1);
	assert_int_equal(t->col, 7);
	assert_pos(ynode_key(root, "next"), 4, 1, 20, 24);
	ynode_free(root);
}

static void
test_empty_documents(void **state)
{
	const char *texts[] = { "", "# only a comment\n", "---\n", "--- \n...\n" };
	struct ynode *root;
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		root = parse_ok(texts[i]);
		assert_int_equal(root->type, YNODE_MAPPING);
		assert_int_equal(root->n, 0);
		assert_int_equal(root->line, 1);
		assert_int_equal(root->col, 1);
		ynode_free(root);
	}
	/* A quoted empty text is a text, not an empty document. */
	root = parse_ok("\"\"\n");
	assert_int_equal(root->type, YNODE_SCALAR);
	assert_string_equal(root->value, "");
	ynode_free(root);
}

/* The loader reports duplicate keys, so the tree keeps them, in order. */
static void
test_duplicate_keys_kept(void **state)
{
	struct ynode *root = parse_ok("a: 1\nb: 2\na: 3\n");

	assert_int_equal(root->n, 3);
	assert_string_equal(root->keys[0]->value, "a");
	assert_string_equal(root->keys[1]->value, "b");
	assert_string_equal(root->keys[2]->value, "a");
	assert_string_equal(root->items[2]->value, "3");
	/* Lookups give the first. */
	assert_string_equal(ynode_str(ynode_get(root, "a")), "1");
	assert_int_equal(ynode_key(root, "a")->line, 1);
	assert_null(ynode_get(root, "c"));
	assert_null(ynode_get(root->items[0], "a"));
	assert_null(ynode_get(NULL, "a"));
	ynode_free(root);
}

static void
test_syntax_errors(void **state)
{
	const char *s;

	s = "a: 1\n b: 2\n";
	parse_fails(s, strlen(s), "t.yaml:2:3: mapping values are not allowed "
	    "in this context");
	s = "a: 1\nb: \"open\nc: 3\n";
	parse_fails(s, strlen(s), "t.yaml:4:1: found unexpected end of stream "
	    "(while scanning a quoted scalar at line 2, column 4)");
	s = "list:\n  - a\n  b: c\n";
	parse_fails(s, strlen(s), "t.yaml:3:3: did not find expected '-' "
	    "indicator (while parsing a block collection at line 2, column 3)");
	/* Bytes that are not UTF-8 have no mark: the offset is counted. */
	s = "a: b\nc: d\xff\n";
	parse_fails(s, strlen(s), "t.yaml:2:5: invalid leading UTF-8 octet "
	    "(byte 0xff)");
	/* The length given is the end, whatever follows (libyaml puts the
	 * end of a text without a final newline on a line of its own). */
	s = "a: [1, 2]";
	parse_fails(s, 6, "t.yaml:2:1: did not find expected node content "
	    "(while parsing a flow node at line 2, column 1)");
}

static void
test_refused(void **state)
{
	const char *s;

	s = "a: 1\nb: &x 2\n";
	parse_fails(s, strlen(s), "t.yaml:2:4: anchors (&x) are not allowed");
	s = "a: [1,\n  *ref]\n";
	parse_fails(s, strlen(s), "t.yaml:2:3: aliases (*ref) are not allowed");
	s = "a:\n  b: !!str 1\n";
	parse_fails(s, strlen(s), "t.yaml:2:6: tags (tag:yaml.org,2002:str) "
	    "are not allowed");
	s = "a: ! x\n";
	parse_fails(s, strlen(s), "t.yaml:1:4: tags (!) are not allowed");
	s = "- !local {a: 1}\n";
	parse_fails(s, strlen(s), "t.yaml:1:3: tags (!local) are not allowed");
	s = "a: 1\n---\nb: 2\n";
	parse_fails(s, strlen(s), "t.yaml:2:1: a second document starts here; "
	    "a file holds only one");
	s = "a: 1\n? [x, y]\n: 2\n";
	parse_fails(s, strlen(s), "t.yaml:2:3: a key must be a plain text, not "
	    "a list or a mapping");
}

static void
test_nesting_limit(void **state)
{
	char *deep = malloc(2 * 300 + 2);
	struct ynode *root;
	char *cause = NULL;
	int i;

	for (i = 0; i < 256; i++)
		deep[i] = '[';
	for (i = 0; i < 256; i++)
		deep[256 + i] = ']';
	deep[512] = '\0';
	/* As deep as allowed. */
	root = ynode_parse(deep, 512, "t.yaml", &cause);
	assert_non_null(root);
	ynode_free(root);

	for (i = 0; i < 300; i++)
		deep[i] = '[';
	for (i = 0; i < 300; i++)
		deep[300 + i] = ']';
	parse_fails(deep, 600, "t.yaml:1:257: the nesting is deeper than 256 "
	    "levels");
	free(deep);
}

static void
test_parse_diag(void **state)
{
	struct diags d = DIAGS_INIT;
	struct ynode *n;
	const char *s = "ok: 1\nbad: [\n";

	n = ynode_parse_diag("a: 1\n", 5, "x.yaml", &d);
	assert_non_null(n);
	assert_int_equal(d.n, 0);
	ynode_free(n);

	assert_null(ynode_parse_diag(s, strlen(s), "x.yaml", &d));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "x.yaml");
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].col, 1);
	assert_string_equal(d.v[0].msg, "did not find expected node content "
	    "(while parsing a flow node at line 3, column 1)");
	diags_free(&d);
}

static void
test_parse_file(void **state)
{
	char *dir = test_tmpdir(), *path, *cause = NULL, *want;
	struct ynode *n;

	path = malloc(strlen(dir) + 16);
	sprintf(path, "%s/f.yaml", dir);
	test_write(path, "k: [v]\n");
	n = ynode_parse_file(path, &cause);
	assert_non_null(n);
	assert_string_equal(ynode_get(n, "k")->items[0]->value, "v");
	ynode_free(n);

	test_write(path, "k: [v\n");
	assert_null(ynode_parse_file(path, &cause));
	want = malloc(strlen(path) + 128);
	sprintf(want, "%s:2:1: did not find expected ',' or ']' (while "
	    "parsing a flow sequence at line 1, column 4)", path);
	assert_string_equal(cause, want);
	free(cause);
	free(want);

	sprintf(path, "%s/missing.yaml", dir);
	cause = NULL;
	assert_null(ynode_parse_file(path, &cause));
	assert_non_null(strstr(cause, "missing.yaml"));
	free(cause);

	free(path);
	test_rmtree(dir);
	free(dir);
}

static void
test_scalars_and_bools(void **state)
{
	struct ynode *root = parse_ok("a: yes\nb: [1]\nc: {}\n");

	assert_string_equal(ynode_str(ynode_get(root, "a")), "yes");
	assert_null(ynode_str(ynode_get(root, "b")));
	assert_null(ynode_str(NULL));
	assert_string_equal(ynode_type_name(ynode_get(root, "a")), "scalar");
	assert_string_equal(ynode_type_name(ynode_get(root, "b")), "sequence");
	assert_string_equal(ynode_type_name(ynode_get(root, "c")), "mapping");
	ynode_free(root);

	assert_int_equal(ynode_bool("true"), 1);
	assert_int_equal(ynode_bool("Yes"), 1);
	assert_int_equal(ynode_bool("ON"), 1);
	assert_int_equal(ynode_bool("false"), 0);
	assert_int_equal(ynode_bool("NO"), 0);
	assert_int_equal(ynode_bool("off"), 0);
	assert_int_equal(ynode_bool("1"), -1);
	assert_int_equal(ynode_bool("y"), -1);
	assert_int_equal(ynode_bool(""), -1);
	assert_int_equal(ynode_bool(NULL), -1);
	ynode_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested_positions),
		cmocka_unit_test(test_utf8_offsets),
		cmocka_unit_test(test_utf8_long_offsets),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_block_scalar),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_duplicate_keys_kept),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_parse_diag),
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_scalars_and_bools),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
