/* ynode.c: one YAML document read with libyaml's event parser into a tree of
 * nodes, each knowing its line, column and byte range in the text.
 *
 * libyaml counts its marks in characters; the tree holds byte offsets, so a
 * cursor walks the UTF-8 text alongside the events. Anchors, aliases, tags
 * and further documents are refused: a checklist is plain data.
 *
 * A tree is never changed once read, and is freed whole: its nodes, texts
 * and lists are cut from large blocks (an arena) that its root owns, so a
 * guide of 10,000 steps is not 150,000 allocations to make and to free. */
#include "config.h"

#include "ynode.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "i18n.h"
#include "util.h"
#include "xmalloc.h"

/* Deeper nesting than any sane file holds; it keeps the recursion in
 * ynode_free bounded whatever the input. */
#define YNODE_MAX_DEPTH 256

/* A block of the arena. */
struct yblock {
	struct yblock	*next;
	size_t		 used;
	size_t		 size;
	void		*data[];	/* aligned for nodes and pointers */
};

/* The arena of a tree: every node, text and list of it. */
struct yarena {
	struct yblock	*blocks;	/* the one being filled first */
};

#define YARENA_BLOCK	65536

/* A collection being filled: its items (and a mapping's keys) wait in the
 * parser's list until it ends, then are copied into the arena at their
 * final size. */
struct yframe {
	struct ynode	*node;
	struct ynode	*key;		/* a mapping's key, before its value */
	size_t		 first;		/* its first item in the waiting list */
	int		 block;		/* block style, not flow */
};

struct yparse {
	const char	*text;		/* after a byte order mark */
	size_t		 len;
	size_t		 base;		/* the byte order mark's length */
	size_t		 chars;		/* cursor: a character index ... */
	size_t		 bytes;		/* ... and its byte offset in text */
	int		 ascii;		/* no byte above 0x7f: index = offset */
	struct yframe	*stack;
	size_t		 depth;
	size_t		 size;
	struct ynode	**items;	/* items of the open collections */
	struct ynode	**keys;		/* and their keys (NULL in a list) */
	size_t		 nitems;
	size_t		 itemsize;
	struct yarena	*arena;
	struct ynode	*root;
	int		 documents;
	int		 line;		/* where the problem is */
	int		 col;
	char		*msg;
};

/* size bytes from the arena; aligned for a node or a pointer unless text
 * (a string needs no alignment), zeroed unless text (filled at once). */
static void *
yarena_get(struct yarena *a, size_t size, int text)
{
	struct yblock *b = a->blocks, *nb;
	size_t round = sizeof (void *), need;
	void *p;

	if (b != NULL && !text)
		b->used = (b->used + round - 1) / round * round;
	if (size == 0)
		size = 1;
	if (b == NULL || b->used > b->size || b->size - b->used < size) {
		need = size > YARENA_BLOCK / 4 ? size : YARENA_BLOCK;
		nb = xmalloc(sizeof *nb + need);
		nb->used = 0;
		nb->size = need;
		if (b != NULL && need != YARENA_BLOCK) {
			/* A large piece: its own block, behind the one being
			 * filled. */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->blocks = nb;
		}
		b = nb;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	if (!text)
		memset(p, 0, size);
	return p;
}

static void *
yarena_alloc(struct yarena *a, size_t size)
{
	return yarena_get(a, size, 0);
}

static char *
yarena_strndup(struct yarena *a, const char *s, size_t len)
{
	char *p = yarena_get(a, len + 1, 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void
yarena_free(struct yarena *a)
{
	struct yblock *b, *next;

	if (a == NULL)
		return;
	for (b = a->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* The byte offset of a character index (libyaml's mark.index). The marks
 * come mostly in order, so the cursor moves a little each time. */
static size_t
yparse_offset(struct yparse *p, size_t index)
{
	if (p->ascii)
		return p->base + (index < p->len ? index : p->len);
	while (p->chars < index && p->bytes < p->len) {
		p->bytes++;
		while (p->bytes < p->len &&
		    ((unsigned char)p->text[p->bytes] & 0xc0) == 0x80)
			p->bytes++;
		p->chars++;
	}
	while (p->chars > index && p->bytes > 0) {
		p->bytes--;
		while (p->bytes > 0 &&
		    ((unsigned char)p->text[p->bytes] & 0xc0) == 0x80)
			p->bytes--;
		p->chars--;
	}
	return p->base + p->bytes;
}

static void
yparse_error_at(struct yparse *p, const yaml_mark_t *mark, char *msg)
{
	p->line = (int)mark->line + 1;
	p->col = (int)mark->column + 1;
	p->msg = msg;
}

/* A reader error has only a byte offset: count lines and characters up to
 * it as libyaml would. */
static void
yparse_error_offset(struct yparse *p, size_t offset, char *msg)
{
	size_t i;

	p->line = 1;
	p->col = 1;
	if (offset > p->len)
		offset = p->len;
	for (i = 0; i < offset; i++) {
		unsigned char c = (unsigned char)p->text[i];

		if (c == '\n' || (c == '\r' && (i + 1 == p->len ||
		    p->text[i + 1] != '\n'))) {
			p->line++;
			p->col = 1;
		} else if (c != '\r' && (c & 0xc0) != 0x80)
			p->col++;
	}
	p->msg = msg;
}

static void
yparse_syntax_error(struct yparse *p, const yaml_parser_t *parser)
{
	char *msg;

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		fatal("%s", _("out of memory"));
	case YAML_READER_ERROR:
		/* The offset counts from the start of libyaml's input. */
		msg = xprintf(_("%s (byte 0x%02x)"), parser->problem,
		    (unsigned)parser->problem_value & 0xff);
		yparse_error_offset(p, parser->problem_offset, msg);
		return;
	default:
		break;
	}
	if (parser->problem == NULL)
		msg = xstrdup(_("the YAML is not valid"));
	else if (parser->context != NULL) {
		/* TRANSLATORS: libyaml's problem, then its context, such as
		 * "could not find expected ':' (while scanning a simple key
		 * at line 3, column 1)". */
		msg = xprintf(_("%s (%s at line %d, column %d)"),
		    parser->problem, parser->context,
		    (int)parser->context_mark.line + 1,
		    (int)parser->context_mark.column + 1);
	} else
		msg = xstrdup(parser->problem);
	yparse_error_at(p, &parser->problem_mark, msg);
}

static struct ynode *
yparse_node(struct yparse *p, enum ynode_type type, const yaml_event_t *ev)
{
	struct ynode *n = yarena_alloc(p->arena, sizeof *n);

	n->type = type;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	n->start = yparse_offset(p, ev->start_mark.index);
	n->end = yparse_offset(p, ev->end_mark.index);
	return n;
}

/* Refuse what a plain-data file has no use for. Returns -1 with the error
 * set. */
static int
yparse_plain(struct yparse *p, const yaml_event_t *ev,
    const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (anchor != NULL) {
		yparse_error_at(p, &ev->start_mark,
		    xprintf(_("anchors (&%s) are not allowed"),
		    (const char *)anchor));
		return -1;
	}
	if (tag != NULL) {
		yparse_error_at(p, &ev->start_mark,
		    xprintf(_("tags (%s) are not allowed"), (const char *)tag));
		return -1;
	}
	return 0;
}

/* Put a new node in its place: the root, the next item of a sequence, or
 * the key or value of a mapping. Returns -1 with the error set when it
 * cannot go there. */
static int
yparse_attach(struct yparse *p, struct ynode *n)
{
	struct yframe *f;

	if (p->depth == 0) {
		p->root = n;
		return 0;
	}
	f = &p->stack[p->depth - 1];
	if (f->node->type == YNODE_MAPPING && f->key == NULL) {
		if (n->type != YNODE_SCALAR) {
			p->line = n->line;
			p->col = n->col;
			p->msg = xstrdup(_("a key must be a plain text, not a "
			    "list or a mapping"));
			return -1;
		}
		f->key = n;
		return 0;
	}
	if (p->nitems == p->itemsize) {
		p->itemsize = p->itemsize == 0 ? 64 : p->itemsize * 2;
		p->items = xreallocarray(p->items, p->itemsize,
		    sizeof *p->items);
		p->keys = xreallocarray(p->keys, p->itemsize, sizeof *p->keys);
	}
	p->keys[p->nitems] = f->key;
	p->items[p->nitems++] = n;
	f->key = NULL;
	return 0;
}

static int
yparse_open(struct yparse *p, const yaml_event_t *ev, enum ynode_type type,
    int block)
{
	struct ynode *n;

	if (p->depth == YNODE_MAX_DEPTH) {
		yparse_error_at(p, &ev->start_mark,
		    xprintf(P_("the nesting is deeper than %d level",
		    "the nesting is deeper than %d levels", YNODE_MAX_DEPTH),
		    YNODE_MAX_DEPTH));
		return -1;
	}
	n = yparse_node(p, type, ev);
	if (yparse_attach(p, n) == -1)
		return -1;
	if (p->depth == p->size) {
		p->size = p->size == 0 ? 8 : p->size * 2;
		p->stack = xreallocarray(p->stack, p->size, sizeof *p->stack);
	}
	p->stack[p->depth].node = n;
	p->stack[p->depth].key = NULL;
	p->stack[p->depth].first = p->nitems;
	p->stack[p->depth].block = block;
	p->depth++;
	return 0;
}

/* A collection ends: its items (and keys) go from the waiting list into
 * the arena. */
static void
yparse_close(struct yparse *p, const yaml_event_t *ev)
{
	struct yframe *f = &p->stack[--p->depth];
	struct ynode *n = f->node;
	size_t k = p->nitems - f->first;

	if (k > 0) {
		n->n = k;
		n->items = yarena_alloc(p->arena, k * sizeof *n->items);
		memcpy(n->items, p->items + f->first, k * sizeof *n->items);
		if (n->type == YNODE_MAPPING) {
			n->keys = yarena_alloc(p->arena, k * sizeof *n->keys);
			memcpy(n->keys, p->keys + f->first,
			    k * sizeof *n->keys);
		}
		p->nitems = f->first;
	}
	/* A block collection's end event is where the next token starts,
	 * past blank lines and comments: end it with its last item. */
	if (!f->block)
		n->end = yparse_offset(p, ev->end_mark.index);
	else if (n->n > 0)
		n->end = n->items[n->n - 1]->end;
}

static int
yparse_event(struct yparse *p, const yaml_event_t *ev)
{
	struct ynode *n;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (p->documents++ > 0) {
			yparse_error_at(p, &ev->start_mark,
			    xstrdup(_("a second document starts here; a file "
			    "holds only one")));
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		yparse_error_at(p, &ev->start_mark,
		    xprintf(_("aliases (*%s) are not allowed"),
		    (const char *)ev->data.alias.anchor));
		return -1;
	case YAML_SCALAR_EVENT:
		if (yparse_plain(p, ev, ev->data.scalar.anchor,
		    ev->data.scalar.tag) == -1)
			return -1;
		n = yparse_node(p, YNODE_SCALAR, ev);
		n->value = yarena_strndup(p->arena,
		    (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		return yparse_attach(p, n);
	case YAML_SEQUENCE_START_EVENT:
		if (yparse_plain(p, ev, ev->data.sequence_start.anchor,
		    ev->data.sequence_start.tag) == -1)
			return -1;
		return yparse_open(p, ev, YNODE_SEQUENCE,
		    ev->data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE);
	case YAML_MAPPING_START_EVENT:
		if (yparse_plain(p, ev, ev->data.mapping_start.anchor,
		    ev->data.mapping_start.tag) == -1)
			return -1;
		return yparse_open(p, ev, YNODE_MAPPING,
		    ev->data.mapping_start.style != YAML_FLOW_MAPPING_STYLE);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		yparse_close(p, ev);
		return 0;
	default:
		return 0;
	}
}

/* Parse into p: the root, or -1 with line, col and msg. */
static int
yparse_run(struct yparse *p, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct ynode *root;
	size_t i;
	int rc = 0, done = 0;

	memset(p, 0, sizeof *p);
	if (text == NULL)
		text = "";
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p->base = 3;
	p->text = text + p->base;
	p->len = len - p->base;
	p->ascii = 1;
	for (i = 0; i < p->len && p->ascii; i++) {
		if ((unsigned char)p->text[i] >= 0x80)
			p->ascii = 0;
	}
	p->arena = xcalloc(1, sizeof *p->arena);

	if (!yaml_parser_initialize(&parser))
		fatal("%s", _("out of memory"));
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)p->text,
	    p->len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yparse_syntax_error(p, &parser);
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = yparse_event(p, &ev);
		yaml_event_delete(&ev);
		if (rc == -1)
			break;
	}
	yaml_parser_delete(&parser);

	if (rc == -1) {
		/* Everything made so far is in the arena. */
		yarena_free(p->arena);
		p->root = NULL;
	} else {
		/* The root is an allocation of its own, which holds the
		 * arena: a pointer to it keeps the whole tree reachable. */
		root = xcalloc(1, sizeof *root);
		if (p->root == NULL || (p->root->type == YNODE_SCALAR &&
		    !p->root->quoted && *p->root->value == '\0')) {
			root->type = YNODE_MAPPING;
			root->line = 1;
			root->col = 1;
		} else
			*root = *p->root;
		root->arena = p->arena;
		p->root = root;
	}
	p->arena = NULL;
	free(p->stack);
	free(p->items);
	free(p->keys);
	return rc;
}

struct ynode *
ynode_parse(const char *text, size_t len, const char *name, char **cause)
{
	struct yparse p;

	if (yparse_run(&p, text, len) == -1) {
		*cause = xprintf("%s:%d:%d: %s", name, p.line, p.col, p.msg);
		free(p.msg);
		return NULL;
	}
	return p.root;
}

struct ynode *
ynode_parse_diag(const char *text, size_t len, const char *name,
    struct diags *d)
{
	struct yparse p;

	if (yparse_run(&p, text, len) == -1) {
		diags_add(d, name, p.line, p.col, "%s", p.msg);
		free(p.msg);
		return NULL;
	}
	return p.root;
}

struct ynode *
ynode_parse_file(const char *path, char **cause)
{
	struct ynode *n;
	size_t len;
	char *text;

	if ((text = util_read_file(path, &len, cause)) == NULL)
		return NULL;
	n = ynode_parse(text, len, path, cause);
	free(text);
	return n;
}

void
ynode_free(struct ynode *n)
{
	if (n == NULL || n->arena == NULL)
		return;
	yarena_free(n->arena);
	free(n);
}

struct ynode *
ynode_key(const struct ynode *n, const char *key)
{
	size_t i;

	if (n == NULL || n->type != YNODE_MAPPING)
		return NULL;
	for (i = 0; i < n->n; i++) {
		if (strcmp(n->keys[i]->value, key) == 0)
			return n->keys[i];
	}
	return NULL;
}

struct ynode *
ynode_get(const struct ynode *n, const char *key)
{
	size_t i;

	if (n == NULL || n->type != YNODE_MAPPING)
		return NULL;
	for (i = 0; i < n->n; i++) {
		if (strcmp(n->keys[i]->value, key) == 0)
			return n->items[i];
	}
	return NULL;
}

const char *
ynode_str(const struct ynode *n)
{
	if (n == NULL || n->type != YNODE_SCALAR)
		return NULL;
	return n->value;
}

const char *
ynode_type_name(const struct ynode *n)
{
	if (n == NULL)
		return _("nothing");
	switch (n->type) {
	case YNODE_SCALAR:
		return _("scalar");
	case YNODE_SEQUENCE:
		return _("sequence");
	case YNODE_MAPPING:
		break;
	}
	return _("mapping");
}

int
ynode_bool(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on", NULL };
	static const char *const no[] = { "false", "no", "off", NULL };
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}
