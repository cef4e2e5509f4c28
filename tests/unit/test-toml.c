/* test-toml.c: the TOML reader: every construct deployment.toml files use,
 * with exact positions; every error as FILE:LINE:COL; lookups; and a
 * mutation run that must never crash or accept a text with an error. */
#include "config.h"

#include "testutil.h"

#include <math.h>

#include "diag.h"
#include "toml.h"

static struct toml_doc *
parse_ok(const char *text)
{
	struct diags d = DIAGS_INIT;
	struct toml_doc *doc = toml_parse(text, strlen(text), "t.toml", &d);
	char *all;

	if (doc == NULL || d.n != 0) {
		all = diags_join(&d);
		fail_msg("unexpected errors:\n%s", all);
	}
	diags_free(&d);
	return doc;
}

/* Parse text that must fail and compare every diagnostic, sorted. */
static void
parse_fails(const char *text, const char *want)
{
	struct diags d = DIAGS_INIT;
	struct toml_doc *doc = toml_parse(text, strlen(text), "t.toml", &d);
	char *all;

	assert_null(doc);
	diags_sort(&d);
	all = diags_join(&d);
	if (strcmp(all, want) != 0)
		fail_msg("for:\n%s\nwanted:\n%sgot:\n%s", text, want, all);
	free(all);
	diags_free(&d);
}

static void
assert_pos(const struct toml_pos *p, int line, int col, size_t start,
    size_t end)
{
	if (p->line != line || p->col != col || p->start != start ||
	    p->end != end)
		fail_msg("position %d:%d [%zu,%zu), wanted %d:%d [%zu,%zu)",
		    p->line, p->col, p->start, p->end, line, col, start, end);
}

static const char layout[] =
    "# deployment.toml\n"				/* 0 */
    "[server]\n"					/* 18 */
    "hostname = \"localhost\"  # host\n"		/* 27 */
    "\n"						/* 58 */
    "[database.apim_db]\n"				/* 59 */
    "type = \"mysql\"\n"				/* 78 */
    "url = \"jdbc:mysql://h:3306/db\"\n"		/* 93 */
    "# commented = 1\n"					/* 124 */
    "\n"						/* 140 */
    "[[datasource]]\n"					/* 141 */
    "id = \"WSO2OB_DB\"";				/* 156, ends at 172 */

static void
test_layout_positions(void **state)
{
	struct toml_doc *doc = parse_ok(layout);
	struct toml_table *root, *server, *apim, *ds;
	struct toml_kv *kv;

	(void)state;
	assert_int_equal(doc->ntables, 4);
	assert_int_equal(doc->len, 172);
	root = doc->tables[0];
	server = doc->tables[1];
	apim = doc->tables[2];
	ds = doc->tables[3];

	assert_int_equal(root->kind, TOML_TABLE_ROOT);
	assert_string_equal(root->name, "");
	assert_int_equal(root->end, 0);
	assert_int_equal(root->end_line, 0);
	assert_int_equal(root->next, 18);

	assert_int_equal(server->kind, TOML_TABLE_HEADER);
	assert_string_equal(server->name, "server");
	assert_pos(&server->header, 2, 1, 18, 26);
	assert_int_equal(server->line_start, 18);
	assert_int_equal(server->body, 27);
	assert_int_equal(server->end, 58);
	assert_int_equal(server->end_line, 3);
	assert_int_equal(server->next, 59);
	kv = toml_kv_get(server, "hostname");
	assert_non_null(kv);
	assert_true(kv->pair);
	assert_pos(&kv->key_pos, 3, 1, 27, 35);
	assert_pos(&kv->line, 3, 1, 27, 58);
	assert_pos(&kv->value->pos, 3, 12, 38, 49);
	assert_string_equal(kv->value->str, "localhost");

	assert_string_equal(apim->name, "database.apim_db");
	assert_int_equal(apim->depth, 2);
	assert_string_equal(apim->path[0], "database");
	assert_string_equal(apim->path[1], "apim_db");
	assert_pos(&apim->header, 5, 1, 59, 77);
	assert_int_equal(apim->body, 78);
	/* The comment after the last key belongs to no table. */
	assert_int_equal(apim->end, 124);
	assert_int_equal(apim->end_line, 7);
	assert_int_equal(apim->next, 141);
	assert_pos(&toml_kv_get(apim, "url")->value->pos, 7, 7, 99, 123);
	assert_ptr_equal(toml_table_find(doc, "database.apim_db"), apim);

	/* [database.apim_db] made database on its way: not written anywhere
	 * as a table, but its name is, inside the header. */
	kv = toml_kv_get(doc->root, "database");
	assert_non_null(kv);
	assert_false(kv->pair);
	assert_pos(&kv->key_pos, 5, 2, 60, 68);
	assert_int_equal(kv->value->type, TOML_TABLE);
	assert_int_equal(kv->value->table->kind, TOML_TABLE_IMPLICIT);
	assert_int_equal(kv->value->pos.line, 0);

	assert_int_equal(ds->kind, TOML_TABLE_ENTRY);
	assert_int_equal(ds->index, 0);
	assert_string_equal(ds->name, "datasource");
	assert_pos(&ds->header, 10, 1, 141, 155);
	assert_int_equal(ds->body, 156);
	/* No final newline: the last line ends with the text. */
	assert_int_equal(ds->end, 172);
	assert_int_equal(ds->end_line, 11);
	assert_int_equal(ds->next, 172);
	assert_pos(&toml_kv_get(ds, "id")->line, 11, 1, 156, 172);
	toml_free(doc);
}

static void
test_strings(void **state)
{
	const char *text =
	    "a = \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\U0001F600 \\b\\f\\r\\n\"\n"
	    "b = 'C:\\Users\\wso2'\n"
	    "c = \"\"\"\n"
	    "one\n"
	    "  two \\\n"
	    "     three\"\"\"\"\"\n"
	    "d = '''\n"
	    "raw \\n ''line'''''\n"
	    "e = \"\"\n"
	    "f = \"caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d\"\n";
	struct toml_doc *doc = parse_ok(text);
	struct toml_value *v;

	(void)state;
	assert_string_equal(toml_str(toml_get(doc->root, "a")),
	    "tab\there \"q\" \\ \xc3\xa9 \xf0\x9f\x98\x80 \b\f\r\n");
	assert_string_equal(toml_str(toml_get(doc->root, "b")),
	    "C:\\Users\\wso2");
	/* The newline after """ goes; a line-ending backslash takes the
	 * newline and the blanks after it; up to two quotes may come
	 * before the closing three. */
	v = toml_get(doc->root, "c");
	assert_string_equal(toml_str(v), "one\n  two three\"\"");
	assert_pos(&v->pos, 3, 5, 76, 107);
	assert_string_equal(toml_str(toml_get(doc->root, "d")),
	    "raw \\n ''line''");
	assert_string_equal(toml_str(toml_get(doc->root, "e")), "");
	/* Typographic quotes inside a closed string are only text. */
	assert_string_equal(toml_str(toml_get(doc->root, "f")),
	    "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d");
	/* Columns count characters, not bytes. */
	toml_free(doc);

	doc = parse_ok("k = \"\xc3\xa9\xc3\xa9\" # \xe2\x80\x9d\nx = 1\n");
	assert_pos(&toml_kv_get(doc->root, "k")->value->pos, 1, 5, 4, 10);
	assert_pos(&toml_kv_get(doc->root, "k")->line, 1, 1, 0, 17);
	toml_free(doc);
}

static void
test_numbers_booleans_dates(void **state)
{
	const char *text =
	    "i1 = 42\n"
	    "i2 = -17\n"
	    "i3 = +1_000_000\n"
	    "i4 = 0xDEAD_beef\n"
	    "i5 = 0o755\n"
	    "i6 = 0b1010\n"
	    "i7 = 9223372036854775807\n"
	    "i8 = -9223372036854775808\n"
	    "i9 = 0\n"
	    "f1 = 3.14\n"
	    "f2 = -0.5e-3\n"
	    "f3 = 6E2_0\n"
	    "f4 = inf\n"
	    "f5 = -inf\n"
	    "f6 = nan\n"
	    "t = true\n"
	    "n = false\n"
	    "d1 = 1979-05-27T07:32:00Z\n"
	    "d2 = 1979-05-27 07:32:00.999-08:00\n"
	    "d3 = 2024-02-29\n"
	    "d4 = 07:32:00\n";
	struct toml_doc *doc = parse_ok(text);
	const struct toml_table *r = doc->root;
	long long i;
	struct toml_value *v;

	(void)state;
	assert_int_equal(toml_int(toml_get(r, "i1"), &i), 0);
	assert_int_equal(i, 42);
	toml_int(toml_get(r, "i2"), &i);
	assert_int_equal(i, -17);
	toml_int(toml_get(r, "i3"), &i);
	assert_int_equal(i, 1000000);
	toml_int(toml_get(r, "i4"), &i);
	assert_int_equal(i, 0xdeadbeefLL);
	toml_int(toml_get(r, "i5"), &i);
	assert_int_equal(i, 0755);
	toml_int(toml_get(r, "i6"), &i);
	assert_int_equal(i, 10);
	toml_int(toml_get(r, "i7"), &i);
	assert_true(i == 9223372036854775807LL);
	toml_int(toml_get(r, "i8"), &i);
	assert_true(i == -9223372036854775807LL - 1);
	toml_int(toml_get(r, "i9"), &i);
	assert_int_equal(i, 0);
	assert_int_equal(toml_get(r, "f1")->type, TOML_FLOAT);
	assert_true(toml_get(r, "f1")->number == 3.14);
	assert_true(toml_get(r, "f2")->number == -0.5e-3);
	assert_true(toml_get(r, "f3")->number == 6e20);
	assert_true(isinf(toml_get(r, "f4")->number) &&
	    toml_get(r, "f4")->number > 0);
	assert_true(isinf(toml_get(r, "f5")->number) &&
	    toml_get(r, "f5")->number < 0);
	assert_true(isnan(toml_get(r, "f6")->number));
	assert_int_equal(toml_bool(toml_get(r, "t")), 1);
	assert_int_equal(toml_bool(toml_get(r, "n")), 0);
	v = toml_get(r, "d1");
	assert_int_equal(v->type, TOML_DATETIME);
	assert_string_equal(v->str, "1979-05-27T07:32:00Z");
	/* A date and time apart by a space are one value. */
	v = toml_get(r, "d2");
	assert_string_equal(v->str, "1979-05-27 07:32:00.999-08:00");
	assert_pos(&v->pos, 19, 6, 243, 272);
	assert_string_equal(toml_get(r, "d3")->str, "2024-02-29");
	assert_string_equal(toml_get(r, "d4")->str, "07:32:00");
	toml_free(doc);
}

static void
test_arrays(void **state)
{
	const char *text =
	    "ports = [ 9443, 9763 ]\n"				/* 0 */
	    "hosts = [\n"					/* 23 */
	    "  \"a\", # first\n"				/* 33 */
	    "  # a comment line\n"				/* 48 */
	    "  'b',\n"						/* 67 */
	    "]\n"						/* 74 */
	    "nested = [[1, 2], [\"x\", [true]], [], ]\n"	/* 76 */
	    "after = 1\n";
	struct toml_doc *doc = parse_ok(text);
	struct toml_value *v;
	struct toml_kv *kv;

	(void)state;
	v = toml_get(doc->root, "ports");
	assert_int_equal(v->type, TOML_ARRAY);
	assert_false(v->headers);
	assert_int_equal(v->n, 2);
	assert_pos(&v->pos, 1, 9, 8, 22);
	assert_pos(&v->items[1]->pos, 1, 17, 16, 20);

	kv = toml_kv_get(doc->root, "hosts");
	assert_int_equal(kv->value->n, 2);
	assert_string_equal(kv->value->items[0]->str, "a");
	assert_pos(&kv->value->items[1]->pos, 5, 3, 69, 72);
	/* A multi-line value's line runs to the end of its last line. */
	assert_pos(&kv->value->pos, 2, 9, 31, 75);
	assert_pos(&kv->line, 2, 1, 23, 76);
	assert_int_equal(doc->root->end, 125);
	assert_int_equal(doc->root->end_line, 8);

	v = toml_get(doc->root, "nested");
	assert_int_equal(v->n, 3);
	assert_int_equal(v->items[0]->n, 2);
	assert_int_equal(v->items[1]->items[1]->type, TOML_ARRAY);
	assert_int_equal(v->items[1]->items[1]->items[0]->boolean, 1);
	assert_int_equal(v->items[2]->n, 0);
	assert_pos(&v->items[1]->pos, 7, 19, 94, 107);
	toml_free(doc);
}

static void
test_inline_tables(void **state)
{
	const char *text =
	    "[transport.https]\n"
	    "properties = { port = 9443, proxy.port = 443, tls = { on = true } }\n"
	    "list = [ { id = 1 }, { id = 2 } ]\n"
	    "empty = {}\n";
	struct toml_doc *doc = parse_ok(text);
	struct toml_table *t, *p;
	struct toml_value *v;
	long long i;

	(void)state;
	t = toml_table_find(doc, "transport.https");
	assert_non_null(t);
	v = toml_get(t, "properties");
	assert_int_equal(v->type, TOML_TABLE);
	assert_pos(&v->pos, 2, 14, 31, 85);
	p = v->table;
	assert_int_equal(p->kind, TOML_TABLE_INLINE);
	assert_string_equal(p->name, "transport.https.properties");
	assert_ptr_equal(toml_table_find(doc, "transport.https.properties"), p);
	assert_int_equal(toml_int(toml_get(p, "port"), &i), 0);
	assert_int_equal(i, 9443);
	/* Inside an inline table a key's line is the key and its value. */
	assert_pos(&toml_kv_get(p, "port")->line, 2, 16, 33, 44);
	assert_int_equal(toml_int(toml_get(toml_table_find(doc,
	    "transport.https.properties.proxy"), "port"), &i), 0);
	assert_int_equal(i, 443);
	assert_int_equal(toml_bool(toml_get(toml_table_find(doc,
	    "transport.https.properties.tls"), "on")), 1);

	v = toml_get(t, "list");
	assert_int_equal(v->n, 2);
	assert_int_equal(v->items[1]->type, TOML_TABLE);
	assert_string_equal(v->items[1]->table->name, "transport.https.list");
	toml_int(toml_get(v->items[1]->table, "id"), &i);
	assert_int_equal(i, 2);
	assert_int_equal(toml_get(t, "empty")->table->n, 0);
	/* Inline tables are not among the tables written in the file. */
	assert_int_equal(doc->ntables, 2);
	toml_free(doc);
}

static void
test_keys_quoted_and_dotted(void **state)
{
	const char *text =
	    "site.\"google.com\" = true\n"
	    "a . b . 'c d' = 1\n"
	    "\"\" = \"empty key\"\n"
	    "3.14 = \"pi\"\n"
	    "[open_banking.\"dcr\".'apim rest']\n"
	    "key-with_dash = 2\n";
	struct toml_doc *doc = parse_ok(text);
	struct toml_table *t;
	struct toml_kv *kv;

	(void)state;
	t = toml_table_find(doc, "site");
	assert_non_null(t);
	assert_int_equal(t->kind, TOML_TABLE_DOTTED);
	kv = toml_kv_get(t, "google.com");
	assert_non_null(kv);
	assert_true(kv->pair);
	/* The key as written, all its parts. */
	assert_pos(&kv->key_pos, 1, 1, 0, 17);
	assert_pos(&kv->line, 1, 1, 0, 25);
	assert_ptr_equal(toml_table_find(doc, "site . \"google.com\""), NULL);
	assert_ptr_equal(toml_table_find(doc, "site"), t);

	t = toml_table_find(doc, "a.b");
	assert_string_equal(t->name, "a.b");
	kv = toml_kv_get(t, "c d");
	assert_pos(&kv->key_pos, 2, 1, 25, 38);
	assert_string_equal(toml_table_find(doc, "a")->name, "a");
	assert_string_equal(toml_str(toml_get(doc->root, "")), "empty key");
	assert_string_equal(toml_str(toml_get(toml_table_find(doc, "3"),
	    "14")), "pi");

	t = toml_table_find(doc, "open_banking.dcr.\"apim rest\"");
	assert_non_null(t);
	assert_string_equal(t->name, "open_banking.dcr.\"apim rest\"");
	assert_ptr_equal(toml_table_find(doc, "open_banking . 'dcr' . "
	    "'apim rest'"), t);
	assert_non_null(toml_get(t, "key-with_dash"));
	assert_null(toml_table_find(doc, "open_banking.nothing"));
	assert_null(toml_table_find(doc, "open_banking.dcr.\"apim rest\"."
	    "key-with_dash"));
	assert_null(toml_table_find(doc, "bad..name"));
	assert_ptr_equal(toml_table_find(doc, ""), doc->root);
	toml_free(doc);
}

static void
test_array_of_tables(void **state)
{
	const char *text =
	    "[[datasource]]\n"
	    "id = \"WSO2OB_DB\"\n"
	    "[datasource.pool_options]\n"
	    "maxActive = 150\n"
	    "[[datasource]]\n"
	    "id = \"WSO2_CONSENT_DB\"\n"
	    "[[datasource.props]]\n"
	    "k = 1\n"
	    "[[datasource.props]]\n"
	    "k = 2\n"
	    "[other]\n";
	struct toml_doc *doc = parse_ok(text);
	struct toml_table *e0, *e1;
	struct toml_value *arr;
	long long i;

	(void)state;
	assert_int_equal(toml_entry_count(doc, "datasource"), 2);
	e0 = toml_entry(doc, "datasource", 0);
	e1 = toml_entry(doc, "datasource", 1);
	assert_null(toml_entry(doc, "datasource", 2));
	assert_int_equal(e0->index, 0);
	assert_int_equal(e1->index, 1);
	assert_string_equal(toml_str(toml_get(e0, "id")), "WSO2OB_DB");
	assert_string_equal(toml_str(toml_get(e1, "id")), "WSO2_CONSENT_DB");
	assert_pos(&e1->header, 5, 1, 74, 88);
	/* [datasource.pool_options] went into the entry before it. */
	assert_non_null(toml_get(e0, "pool_options"));
	assert_null(toml_get(e1, "pool_options"));
	/* A name through an array of tables reaches its last entry. */
	assert_int_equal(toml_entry_count(doc, "datasource.props"), 2);
	toml_int(toml_get(toml_entry(doc, "datasource.props", 1), "k"), &i);
	assert_int_equal(i, 2);
	assert_null(toml_table_find(doc, "datasource"));
	assert_int_equal(toml_entry_count(doc, "other"), 0);
	assert_int_equal(toml_entry_count(doc, "nothing"), 0);

	arr = toml_get(doc->root, "datasource");
	assert_int_equal(arr->type, TOML_ARRAY);
	assert_true(arr->headers);
	assert_int_equal(arr->n, 2);
	assert_ptr_equal(arr->items[1]->table, e1);
	assert_pos(&arr->items[0]->pos, 1, 1, 0, 14);

	/* File order: the root, then each header as written. */
	assert_int_equal(doc->ntables, 7);
	assert_ptr_equal(doc->tables[1], e0);
	assert_string_equal(doc->tables[2]->name, "datasource.pool_options");
	assert_ptr_equal(doc->tables[3], e1);
	assert_string_equal(doc->tables[6]->name, "other");
	toml_free(doc);
}

/* A parent first named by a header and defined later takes its place in
 * file order where it is defined. */
static void
test_table_order(void **state)
{
	const char *text =
	    "[a.b]\n"
	    "x = 1\n"
	    "\n"
	    "[a]\n"
	    "y = 2\n"
	    "# the end\n";
	struct toml_doc *doc = parse_ok(text);
	struct toml_table *a;

	(void)state;
	assert_int_equal(doc->ntables, 3);
	assert_string_equal(doc->tables[1]->name, "a.b");
	assert_int_equal(doc->tables[1]->next, 13);
	a = doc->tables[2];
	assert_string_equal(a->name, "a");
	assert_int_equal(a->kind, TOML_TABLE_HEADER);
	assert_pos(&a->header, 4, 1, 13, 16);
	assert_int_equal(a->end, 23);
	assert_int_equal(a->next, 33);
	assert_ptr_equal(toml_table_find(doc, "a"), a);
	assert_ptr_equal(toml_get(a, "b")->table, doc->tables[1]);
	toml_free(doc);
}

/* The Open Banking guide's block ends in a typographic quote: the error
 * is at that quote, and says what it is. */
static void
test_ob_guide_typographic_quote(void **state)
{
	static const char block[] =
	    "[open_banking.dcr]\n"
	    "enable = true\n"
	    "\n"
	    "[open_banking.dcr.apim_rest_endpoints]\n"
	    "app_creation = \"api/am/devportal/v3/applications\"\n"
	    "key_generation = \"api/am/devportal/v3/applications/"
	    "application-id/map-keys\"\n"
	    "api_retrieve = \"api/am/devportal/v3/apis\"\n"
	    "api_subscribe = \"api/am/devportal/v3/subscriptions/multiple\"\n"
	    "retrieve_subscribe=\"api/am/devportal/v3/subscriptions"
	    "\xe2\x80\x9d\n"
	    "\n"
	    "[open_banking.other]\n"
	    "x = 1\n";
	char *fixed, *p;
	struct toml_doc *doc;
	struct toml_table *t;

	(void)state;
	parse_fails(block, "t.toml:9:54: a typographic quote (U+201D) is not "
	    "a TOML quote\n");

	/* With a plain quote it reads, and the table ends where it should
	 * for an addition after it. */
	fixed = strdup(block);
	assert_non_null(fixed);
	p = strstr(fixed, "\xe2\x80\x9d");
	memmove(p + 1, p + 3, strlen(p + 3) + 1);
	*p = '"';
	doc = parse_ok(fixed);
	t = toml_table_find(doc, "open_banking.dcr.apim_rest_endpoints");
	assert_non_null(t);
	assert_string_equal(toml_str(toml_get(t, "retrieve_subscribe")),
	    "api/am/devportal/v3/subscriptions");
	assert_int_equal(t->end_line, 9);
	assert_int_equal(t->end, (size_t)(strstr(fixed, "\n\n[open_banking."
	    "other]") - fixed) + 1);
	t = toml_table_find(doc, "open_banking.dcr");
	assert_int_equal(t->end_line, 2);
	assert_int_equal(t->end, 33);
	toml_free(doc);
	free(fixed);

	/* Opening quotes too, in a value and in a key. */
	parse_fails("a = \xe2\x80\x9cx\xe2\x80\x9d\n",
	    "t.toml:1:5: a typographic quote (U+201C) is not a TOML quote\n");
	parse_fails("\xe2\x80\x98k\xe2\x80\x99 = 1\n",
	    "t.toml:1:1: a typographic quote (U+2018) is not a TOML quote\n");
	parse_fails("a = 'it\xe2\x80\x99s\n",
	    "t.toml:1:8: a typographic quote (U+2019) is not a TOML quote\n");
}

static const struct {
	const char	*text;
	const char	*want;
} syntax_errors[] = {
	{ "a = \"open\n",
	  "t.toml:1:5: this string is not closed: a \" is missing before the "
	  "end of the line\n" },
	{ "a = 'open\n",
	  "t.toml:1:5: this string is not closed: a ' is missing before the "
	  "end of the line\n" },
	{ "x = 1\na = \"\"\"never\nclosed\n",
	  "t.toml:2:5: this multi-line string is not closed\n" },
	{ "a = \"bad \\q and \\u12\"\n",
	  "t.toml:1:10: \\q is not a TOML escape sequence; write \\\\ for a "
	  "backslash\n"
	  "t.toml:1:17: \\u must be followed by 4 hexadecimal digits\n" },
	{ "a = \"\\uD800\"\n",
	  "t.toml:1:6: \\uD800 is not a Unicode scalar value\n" },
	{ "a = \"tab\x01\"\n",
	  "t.toml:1:9: control character U+0001 must be escaped in a "
	  "string\n" },
	{ "b = 01\n", "t.toml:1:5: a number cannot start with a zero\n" },
	{ "c = 9223372036854775808\n", "t.toml:1:5: this number is too "
	  "large\n" },
	{ "d = 0x1_0000_0000_0000_0000\n", "t.toml:1:5: this number is too "
	  "large\n" },
	{ "e = 1__0\n", "t.toml:1:5: this is not a valid number\n" },
	{ "e = 1.\n", "t.toml:1:5: this is not a valid number\n" },
	{ "e = .5\n", "t.toml:1:5: this is not a valid number\n" },
	{ "e = @\n", "t.toml:1:5: a value cannot start here\n" },
	{ "e = 1e\n", "t.toml:1:5: this is not a valid number\n" },
	{ "e = +0x10\n", "t.toml:1:5: this is not a valid number\n" },
	{ "f = 2023-02-29\n", "t.toml:1:5: this is not a valid date or "
	  "time\n" },
	{ "f = 1979-05-27T25:00:00\n", "t.toml:1:5: this is not a valid date "
	  "or time\n" },
	{ "g = wso2carbon\n", "t.toml:1:5: a text value must be written in "
	  "quotes\n" },
	{ "g = True\n", "t.toml:1:5: a text value must be written in "
	  "quotes\n" },
	{ "h =\n", "t.toml:1:4: a value is missing\n" },
	{ "h = # nothing\n", "t.toml:1:5: a value is missing\n" },
	{ "k\n", "t.toml:1:2: = and a value are missing after the key\n" },
	{ "k v = 1\n", "t.toml:1:3: expected = after the key\n" },
	{ "= 1\n", "t.toml:1:1: a key is missing before =\n" },
	{ "a. = 1\n", "t.toml:1:4: a key is missing before =\n" },
	{ "a.\n", "t.toml:1:3: a key is missing after the dot\n" },
	{ "$x = 1\n", "t.toml:1:1: a key cannot start here: a bare key has "
	  "only letters, digits, _ and -, other keys are quoted\n" },
	{ "\"\"\"k\"\"\" = 1\n", "t.toml:1:1: a key cannot be a multi-line "
	  "string\n" },
	{ "a = 1 2\n", "t.toml:1:7: unexpected text after the value\n" },
	{ "a = \"x\"\xe2\x80\x9d\n", "t.toml:1:8: a typographic quote "
	  "(U+201D) is not a TOML quote\n" },
	{ "[a b]\n", "t.toml:1:4: expected ] to close the table header\n" },
	{ "[a]]\n", "t.toml:1:4: unexpected text after the table header\n" },
	{ "[[q]\n", "t.toml:1:4: expected ]] to close the header of the "
	  "array of tables\n" },
	{ "[]\n", "t.toml:1:2: a key is missing\n" },
	{ "[a.]\n", "t.toml:1:4: a key is missing after the dot\n" },
	{ "a = [1 2]\n", "t.toml:1:8: expected , or ] after an item of the "
	  "array\n" },
	{ "a = [1,,2]\n", "t.toml:1:8: a value is missing before the "
	  "comma\n" },
	{ "a = [,]\n", "t.toml:1:6: a value is missing before the comma\n" },
	{ "a = [1,\n2\n", "t.toml:1:5: this array is not closed: a ] is "
	  "missing\n" },
	{ "a = {x = 1,\n}\n", "t.toml:1:12: an inline table must be written "
	  "on one line: a } is missing\n" },
	{ "a = {\n", "t.toml:1:6: an inline table must be written on one "
	  "line: a } is missing\n" },
	{ "b = {x = 1,}\n", "t.toml:1:11: an inline table cannot end with a "
	  "comma\n" },
	{ "b = {x = 1 y = 2}\n", "t.toml:1:12: expected , or } after a value "
	  "of the inline table\n" },
	{ "b = {x}\n", "t.toml:1:7: expected = after the key\n" },
	{ "a = \"\xff\"\n", "t.toml:1:6: this is not valid UTF-8\n" },
	{ "# ctl \x01 here\n", "t.toml:1:7: control character U+0001 is not "
	  "allowed in a comment\n" },
	{ "c\xc2\xa0= 1\n", "t.toml:1:2: a no-break space (U+00A0) is not "
	  "TOML white space\n" },
	{ "a = 1\rb = 2\n", "t.toml:1:6: unexpected text after the value\n" },
	{ "\x01 = 1\n", "t.toml:1:1: control character U+0001 is not allowed "
	  "here\n" },
};

static void
test_syntax_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof syntax_errors / sizeof syntax_errors[0]; i++)
		parse_fails(syntax_errors[i].text, syntax_errors[i].want);
}

static const struct {
	const char	*text;
	const char	*want;
} redefinitions[] = {
	{ "b = 1\nb = 2\n",
	  "t.toml:2:1: duplicate key 'b' (first at line 1)\n" },
	{ "[t]\n\"b\" = 1\n'b' = 2\n",
	  "t.toml:3:1: duplicate key 'b' (first at line 2)\n" },
	{ "[t]\n[t]\n",
	  "t.toml:2:1: table [t] is already defined at line 1\n" },
	{ "[a]\nb.c = 1\n[a.b]\n",
	  "t.toml:3:1: table [a.b] is already defined by dotted keys at line "
	  "2\n" },
	{ "[x.y]\n[x]\ny.z = 1\n",
	  "t.toml:3:1: dotted keys cannot add to table [x.y], defined at line "
	  "1\n" },
	{ "[[arr]]\n[arr]\n",
	  "t.toml:2:1: table [arr] is already an array of tables (line 1)\n" },
	{ "[t]\n[[t]]\n",
	  "t.toml:2:1: 't' is already a table (line 1), not an array of "
	  "tables\n" },
	{ "s = [1]\n[[s]]\n",
	  "t.toml:2:1: 's' is already an array (line 1), not an array of "
	  "tables\n" },
	{ "s = 1\n[[s]]\n",
	  "t.toml:2:1: 's' is already a value (line 1), not an array of "
	  "tables\n" },
	{ "s = 1\n[s]\n",
	  "t.toml:2:1: 's' is already a value (line 1), not a table\n" },
	{ "s = 1\n[s.t]\n",
	  "t.toml:2:2: 's' is already a value (line 1), not a table\n" },
	{ "s = 1\ns.t = 2\n",
	  "t.toml:2:1: 's' is already a value (line 1), not a table\n" },
	{ "a.b = 1\na = 2\n",
	  "t.toml:2:1: 'a' is already a table (line 1)\n" },
	{ "[[d]]\n[x]\n",
	  "" },
	{ "[[d]]\nq = 1\n[e]\nd.x = 1\n[f]\n", "" },
	{ "c = {x = 1}\n[c.d]\n",
	  "t.toml:2:2: table [c] is an inline table (line 1) and cannot be "
	  "extended\n" },
	{ "c = {x = 1}\n[c]\n",
	  "t.toml:2:1: table [c] is an inline table (line 1) and cannot be "
	  "extended\n" },
	{ "c = {x = 1}\nc.y = 2\n",
	  "t.toml:2:1: dotted keys cannot add to table [c], defined at line "
	  "1\n" },
	{ "c = {x = 1, x = 2}\n",
	  "t.toml:1:13: duplicate key 'x' (first at line 1)\n" },
	{ "[[a]]\n[b]\na.x = 1\n[[a]]\n[a.x]\n[a.x]\n",
	  "t.toml:6:1: table [a.x] is already defined at line 5\n" },
	{ "[a]\nx = 1\n[b]\n[a]\nx = 2\n",
	  "t.toml:4:1: table [a] is already defined at line 1\n" },
	{ "[[a]]\n[b]\na.b = 1\n",
	  "" },
	{ "[t]\n[t.\"x\"]\n[t.x]\n",
	  "t.toml:3:1: table [t.x] is already defined at line 2\n" },
	{ "[t]\n\"a b\".c = 1\n\"a b\" = 2\n",
	  "t.toml:3:1: '\"a b\"' is already a table (line 2)\n" },
};

static void
test_redefinitions(void **state)
{
	struct toml_doc *doc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof redefinitions / sizeof redefinitions[0]; i++) {
		if (*redefinitions[i].want != '\0') {
			parse_fails(redefinitions[i].text,
			    redefinitions[i].want);
			continue;
		}
		/* These look alike but are allowed. */
		doc = parse_ok(redefinitions[i].text);
		toml_free(doc);
	}
}

/* One error does not hide the next: the reader goes on after the
 * statement, past a broken multi-line array. */
static void
test_every_error_reported(void **state)
{
	const char *text =
	    "a = [\n"
	    "  1,\n"
	    "  x,\n"
	    "  [2, 3],\n"
	    "]\n"
	    "b = 1\n"
	    "b = 2\n"
	    "[t]\n"
	    "u = \"open\n"
	    "v = 01\n"
	    "[t]\n"
	    "w = { z = 1 \n"
	    "ok = 3\n";

	(void)state;
	parse_fails(text,
	    "t.toml:3:3: a text value must be written in quotes\n"
	    "t.toml:7:1: duplicate key 'b' (first at line 6)\n"
	    "t.toml:9:5: this string is not closed: a \" is missing before "
	    "the end of the line\n"
	    "t.toml:10:5: a number cannot start with a zero\n"
	    "t.toml:11:1: table [t] is already defined at line 8\n"
	    "t.toml:12:13: an inline table must be written on one line: a } "
	    "is missing\n");
}

static void
test_crlf_bom_and_length(void **state)
{
	const char *text = "\xef\xbb\xbf" "a = 1\r\n[t]\r\nb = \"x\" # c\r\n";
	struct toml_doc *doc;
	struct toml_table *t;
	char buf[] = "a = 1\nb = 2 and then junk";
	struct diags d = DIAGS_INIT;

	(void)state;
	doc = parse_ok(text);
	/* The byte order mark is not a column. */
	assert_pos(&toml_kv_get(doc->root, "a")->key_pos, 1, 1, 3, 4);
	assert_pos(&toml_kv_get(doc->root, "a")->line, 1, 1, 3, 10);
	assert_int_equal(doc->root->body, 3);
	assert_int_equal(doc->root->next, 10);
	t = toml_table_find(doc, "t");
	assert_pos(&t->header, 2, 1, 10, 13);
	assert_int_equal(t->body, 15);
	assert_int_equal(t->end, 28);
	assert_int_equal(t->end_line, 3);
	assert_string_equal(toml_str(toml_get(t, "b")), "x");
	toml_free(doc);

	/* Only len bytes are read: the text need not end in a NUL. */
	doc = toml_parse(buf, 11, "t.toml", &d);
	assert_non_null(doc);
	assert_int_equal(d.n, 0);
	assert_int_equal(doc->len, 11);
	assert_int_equal(doc->root->end, 11);
	toml_free(doc);

	/* An empty text is an empty document. */
	doc = toml_parse("", 0, "t.toml", &d);
	assert_non_null(doc);
	assert_int_equal(doc->root->n, 0);
	assert_int_equal(doc->ntables, 1);
	toml_free(doc);
	diags_free(&d);
}

static void
test_accessors(void **state)
{
	struct toml_doc *doc = parse_ok("s = \"x\"\ni = 1\nb = false\n"
	    "a = []\n[t]\n");
	const struct toml_table *r = doc->root;
	long long i = 7;

	(void)state;
	assert_null(toml_str(toml_get(r, "i")));
	assert_null(toml_str(NULL));
	assert_int_equal(toml_int(toml_get(r, "s"), &i), -1);
	assert_int_equal(i, 7);
	assert_int_equal(toml_int(NULL, &i), -1);
	assert_int_equal(toml_bool(toml_get(r, "i")), -1);
	assert_int_equal(toml_bool(toml_get(r, "b")), 0);
	assert_int_equal(toml_bool(NULL), -1);
	assert_string_equal(toml_type_name(toml_get(r, "s")), "string");
	assert_string_equal(toml_type_name(toml_get(r, "i")), "integer");
	assert_string_equal(toml_type_name(toml_get(r, "b")), "boolean");
	assert_string_equal(toml_type_name(toml_get(r, "a")), "array");
	assert_string_equal(toml_type_name(toml_get(r, "t")), "table");
	assert_null(toml_get(r, "missing"));
	assert_null(toml_kv_get(NULL, "s"));
	toml_free(doc);
	toml_free(NULL);
}

static void
test_key_split_and_format(void **state)
{
	char **parts, *cause = NULL, *s;
	struct toml_doc *doc;
	struct diags d = DIAGS_INIT;
	int n;

	(void)state;
	n = toml_key_split(" open_banking . \"dcr\".'a b' ", &parts, &cause);
	assert_int_equal(n, 3);
	assert_string_equal(parts[0], "open_banking");
	assert_string_equal(parts[1], "dcr");
	assert_string_equal(parts[2], "a b");
	toml_parts_free(parts, (size_t)n);

	assert_int_equal(toml_key_split("a..b", &parts, &cause), -1);
	assert_string_equal(cause, "'a..b' is not a TOML key: a key is "
	    "missing after the dot (at character 3)");
	free(cause);
	assert_int_equal(toml_key_split("a b", &parts, &cause), -1);
	assert_string_equal(cause, "'a b' is not a TOML key: unexpected text "
	    "after the key (at character 3)");
	free(cause);
	assert_int_equal(toml_key_split("", &parts, &cause), -1);
	free(cause);

	s = toml_key_format("apim_db");
	assert_string_equal(s, "apim_db");
	free(s);
	s = toml_key_format("c d");
	assert_string_equal(s, "\"c d\"");
	free(s);
	s = toml_key_format("");
	assert_string_equal(s, "\"\"");
	free(s);
	s = toml_string_format("a\"b\\c\nd\te\x01\x7f\xc3\xa9");
	assert_string_equal(s, "\"a\\\"b\\\\c\\nd\\te\\u0001\\u007F\xc3\xa9\"");
	free(s);

	/* What toml_string_format writes reads back as the same text. */
	s = toml_string_format("x\"\\\b\f\r\n\t\x1f y");
	{
		char *text = malloc(strlen(s) + 8);

		assert_non_null(text);
		sprintf(text, "k = %s\n", s);
		doc = toml_parse(text, strlen(text), "t.toml", &d);
		assert_non_null(doc);
		assert_string_equal(toml_str(toml_get(doc->root, "k")),
		    "x\"\\\b\f\r\n\t\x1f y");
		toml_free(doc);
		free(text);
	}
	free(s);
	diags_free(&d);
}

static void
test_parse_file(void **state)
{
	struct diags d = DIAGS_INIT;
	struct toml_doc *doc;
	char *dir, *path;

	(void)state;
	dir = test_tmpdir();
	path = malloc(strlen(dir) + 32);
	assert_non_null(path);
	sprintf(path, "%s/deployment.toml", dir);

	doc = toml_parse_file(path, &d);
	assert_null(doc);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, path);
	assert_int_equal(d.v[0].line, 0);
	assert_non_null(strstr(d.v[0].msg, "cannot open"));
	diags_free(&d);

	test_write(path, "[server]\nhostname = \"h\"\nhostname = \"i\"\n");
	doc = toml_parse_file(path, &d);
	assert_null(doc);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, path);
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].col, 1);
	diags_free(&d);

	test_write(path, "[server]\nhostname = \"h\"\n");
	doc = toml_parse_file(path, &d);
	assert_non_null(doc);
	assert_string_equal(doc->name, path);
	toml_free(doc);
	test_rmtree(dir);
	free(path);
	free(dir);
}

/* Nesting is bounded: a hostile file cannot exhaust the stack. */
static void
test_limits(void **state)
{
	struct diags d = DIAGS_INIT;
	struct toml_doc *doc;
	char *text;
	size_t i, n = 100;

	(void)state;
	text = malloc(2 * n + 16);
	assert_non_null(text);
	strcpy(text, "a = ");
	for (i = 0; i < n; i++)
		strcat(text, "[");
	for (i = 0; i < n; i++)
		strcat(text, "]");
	strcat(text, "\n");
	doc = toml_parse(text, strlen(text), "t.toml", &d);
	assert_null(doc);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].msg, "arrays and inline tables are nested "
	    "more than 64 deep");
	assert_int_equal(d.v[0].col, 5 + 64);
	diags_free(&d);
	free(text);

	text = malloc(2 * 200 + 16);
	assert_non_null(text);
	text[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(text, "k.");
	strcat(text, "k = 1\n");
	doc = toml_parse(text, strlen(text), "t.toml", &d);
	assert_null(doc);
	assert_string_equal(d.v[0].msg, "a key has more than 128 parts");
	diags_free(&d);
	free(text);
}

/* The places a parsed document gives are inside the text and in order. */
static void
assert_places(const struct toml_doc *doc)
{
	const struct toml_table *t;
	const struct toml_kv *kv;
	size_t i, k;

	for (i = 0; i < doc->nall; i++) {
		t = doc->all[i];
		for (k = 0; k < t->n; k++) {
			kv = t->kv[k];
			if (!kv->pair)
				continue;
			assert_true(kv->line.start <= kv->key_pos.start);
			assert_true(kv->key_pos.end <= kv->value->pos.start);
			assert_true(kv->value->pos.end <= kv->line.end);
			assert_true(kv->line.end <= doc->len);
		}
		if (t->kind != TOML_TABLE_ROOT && t->kind != TOML_TABLE_HEADER &&
		    t->kind != TOML_TABLE_ENTRY)
			continue;
		assert_true(t->line_start <= t->header.start);
		assert_true(t->body <= t->end);
		assert_true(t->end <= t->next);
		assert_true(t->next <= doc->len);
	}
}

/* Mutations of a realistic file: each must either parse with no
 * diagnostic (its places then consistent) or fail with at least one, each
 * inside the text; never crash (the run under ASan and valgrind is the
 * rest of the check). Every other run changes only letters, so that many
 * still parse. */
static void
test_mutations(void **state)
{
	static const char base[] =
	    "# comment\n[server]\nhostname = \"h\\u00e9\" # x\n"
	    "[database.apim_db]\ntype = 'mysql'\nurl = \"\"\"jdbc:\\\n  x\"\"\"\n"
	    "a = [1, 2.5, [true], {k = 1979-05-27T07:32:00Z}]\n"
	    "[[datasource]]\nid = \"WSO2OB_DB\"\n[datasource.p]\nq = 0x1F\n";
	static const char bytes[] = "[]{}\"'=.,#\n\r\\ \t0aZ_-+:\xe2\x80\x9d";
	size_t len = sizeof base - 1, i, k, at, lines, parsed = 0;
	unsigned seed = 12345;
	struct toml_doc *doc;
	char text[sizeof base];

	(void)state;
	for (i = 0; i < 20000; i++) {
		struct diags d = DIAGS_INIT;

		memcpy(text, base, len);
		for (k = 0; k < 1 + i % 3; k++) {
			seed = seed * 1103515245 + 12345;
			at = (seed >> 8) % len;
			if (i % 2 == 0)
				text[at] = bytes[(seed >> 20) %
				    (sizeof bytes - 1)];
			else if (text[at] >= 'a' && text[at] <= 'z')
				text[at] = (char)('a' + (seed >> 20) % 26);
		}
		lines = 1;
		for (k = 0; k < len; k++)
			lines += text[k] == '\n';
		doc = toml_parse(text, len, "t.toml", &d);
		if (doc == NULL)
			assert_true(d.n > 0);
		else {
			assert_int_equal(d.n, 0);
			assert_places(doc);
			parsed++;
		}
		for (k = 0; k < d.n; k++) {
			assert_true(d.v[k].line >= 1 &&
			    (size_t)d.v[k].line <= lines);
			assert_true(d.v[k].col >= 1);
		}
		toml_free(doc);
		diags_free(&d);
	}
	/* Both ways were taken many times. */
	assert_true(parsed > 2000 && parsed < 18000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_positions),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers_booleans_dates),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_inline_tables),
		cmocka_unit_test(test_keys_quoted_and_dotted),
		cmocka_unit_test(test_array_of_tables),
		cmocka_unit_test(test_table_order),
		cmocka_unit_test(test_ob_guide_typographic_quote),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_redefinitions),
		cmocka_unit_test(test_every_error_reported),
		cmocka_unit_test(test_crlf_bom_and_length),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_key_split_and_format),
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
