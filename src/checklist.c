/* checklist.c: the model of a guide, and the strict loader of checklist
 * files.
 *
 * The loader reads the whole file before it gives up, so an author sees
 * every problem at once: each is a diagnostic at the place of the key or
 * value at fault. It works in two passes: the first reads the tree into the
 * model, checking the keys of every mapping against a table; the second
 * checks what needs the whole guide (ids used twice, `when:` conditions,
 * ${NAME} placeholders, variable defaults that depend on themselves). */
#include "config.h"

#include "checklist.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "kind.h"
#include "lang.h"
#include "subst.h"
#include "trust.h"
#include "util.h"
#include "xmalloc.h"

/* What a mapping is, for the messages about its keys. */
enum where {
	W_TOP,
	W_GUIDE,
	W_VARIABLE,
	W_QUESTION,
	W_DATABASE,
	W_STAGE,
	W_STEP,			/* a step whose kind is not known */
	W_CHECK,		/* these five in the order of enum step_kind */
	W_ACTION,
	W_MANUAL,
	W_QUESTION_STEP,
	W_INFO
};

enum key_type {
	KEY_TEXT,		/* a scalar */
	KEY_BOOL,		/* true/false, yes/no, on/off */
	KEY_TEXTS,		/* a list of scalars */
	KEY_MAPPING,		/* a mapping, checked elsewhere */
	KEY_ITEMS,		/* a list of mappings */
	KEY_PROSE,		/* a text, or one per language (lang.h) */
	KEY_PROSES		/* a list of those */
};

/* A key of a mapping. A mapping has variants (the kinds of step, the kinds
 * of variable), one bit each: `allowed` and `required` say for which. */
struct key_spec {
	const char	*name;
	enum key_type	 type;
	unsigned	 allowed;
	unsigned	 required;
};

#define ALL		0xffffffffu
#define BIT(n)		(1u << (n))
#define STEP_UNKNOWN	5	/* a variant for a step of no known kind */
#define CHECK_ACTION	(BIT(STEP_CHECK) | BIT(STEP_ACTION))
#define VAR_UNKNOWN	6	/* a variant for a variable of no known kind */
#define PRODUCT_HOME	(BIT(VAR_PRODUCT_HOME) | BIT(VAR_UNKNOWN))

static const struct key_spec top_keys[] = {
	{ "guide", KEY_MAPPING, ALL, ALL },
	{ "variables", KEY_ITEMS, ALL, 0 },
	{ "questions", KEY_ITEMS, ALL, 0 },
	{ "databases", KEY_ITEMS, ALL, 0 },
	{ "stages", KEY_ITEMS, ALL, ALL },
	{ NULL, 0, 0, 0 }
};

static const struct key_spec guide_keys[] = {
	{ "id", KEY_TEXT, ALL, ALL },
	{ "title", KEY_PROSE, ALL, ALL },
	{ "source", KEY_TEXT, ALL, ALL },
	{ "from", KEY_TEXT, ALL, ALL },
	{ "to", KEY_TEXT, ALL, ALL },
	{ "text", KEY_PROSE, ALL, 0 },
	{ NULL, 0, 0, 0 }
};

static const struct key_spec variable_keys[] = {
	{ "name", KEY_TEXT, ALL, ALL },
	{ "kind", KEY_TEXT, ALL, 0 },
	{ "title", KEY_PROSE, ALL, ALL },
	{ "help", KEY_PROSE, ALL, 0 },
	{ "default", KEY_TEXT, ALL, 0 },
	{ "required", KEY_BOOL, ALL, 0 },
	{ "product", KEY_TEXT, PRODUCT_HOME, 0 },
	{ "markers", KEY_TEXTS, PRODUCT_HOME, BIT(VAR_PRODUCT_HOME) },
	{ NULL, 0, 0, 0 }
};

static const struct key_spec question_keys[] = {
	{ "id", KEY_TEXT, ALL, ALL },
	{ "text", KEY_PROSE, ALL, ALL },
	{ "help", KEY_PROSE, ALL, 0 },
	{ "choices", KEY_TEXTS, ALL, 0 },
	{ "default", KEY_TEXT, ALL, 0 },
	{ NULL, 0, 0, 0 }
};

static const struct key_spec database_keys[] = {
	{ "name", KEY_TEXT, ALL, ALL },
	{ "title", KEY_PROSE, ALL, 0 },
	{ "engine", KEY_TEXT, ALL, 0 },
	{ "discover", KEY_TEXTS, ALL, 0 },
	{ "datasource", KEY_TEXT, ALL, 0 },
	{ NULL, 0, 0, 0 }
};

static const struct key_spec stage_keys[] = {
	{ "id", KEY_TEXT, ALL, ALL },
	{ "title", KEY_PROSE, ALL, ALL },
	{ "ref", KEY_TEXT, ALL, 0 },
	{ "text", KEY_PROSE, ALL, 0 },
	{ "steps", KEY_ITEMS, ALL, ALL },
	{ NULL, 0, 0, 0 }
};

static const struct key_spec step_keys[] = {
	{ "id", KEY_TEXT, ALL, ALL },
	{ "kind", KEY_TEXT, ALL, ALL },
	{ "type", KEY_TEXT, CHECK_ACTION | BIT(STEP_UNKNOWN), CHECK_ACTION },
	{ "title", KEY_PROSE, ALL, ALL },
	{ "text", KEY_PROSE, ALL, BIT(STEP_INFO) | BIT(STEP_QUESTION) },
	{ "ref", KEY_TEXT, ALL, ALL },
	{ "why", KEY_PROSE, ALL, 0 },
	{ "severity", KEY_TEXT, BIT(STEP_CHECK) | BIT(STEP_UNKNOWN), 0 },
	{ "prerequisite", KEY_BOOL, BIT(STEP_CHECK) | BIT(STEP_UNKNOWN), 0 },
	{ "when", KEY_MAPPING, ALL, 0 },
	{ "with", KEY_MAPPING, CHECK_ACTION | BIT(STEP_UNKNOWN), 0 },
	{ "url", KEY_TEXT, BIT(STEP_MANUAL) | BIT(STEP_UNKNOWN), 0 },
	{ "substeps", KEY_PROSES, BIT(STEP_MANUAL) | BIT(STEP_UNKNOWN), 0 },
	{ "choices", KEY_TEXTS, BIT(STEP_QUESTION) | BIT(STEP_UNKNOWN), 0 },
	{ "default", KEY_TEXT, BIT(STEP_QUESTION) | BIT(STEP_UNKNOWN), 0 },
	{ NULL, 0, 0, 0 }
};

/* Indexed by enum step_kind and enum var_kind: the words of the format. */
static const char *const step_kind_names[] = {
	"check", "action", "manual", "question", "info"
};
#define NSTEPKINDS (sizeof step_kind_names / sizeof step_kind_names[0])
static const char *const var_kind_names[] = {
	"string", "directory", "file", "host", "port", "product_home"
};
#define NVARKINDS (sizeof var_kind_names / sizeof var_kind_names[0])
static const char *const engines[] = {
	"postgresql", "mysql", "mariadb", "oracle", "mssql"
};
#define NENGINES (sizeof engines / sizeof engines[0])
static const char *const default_choices[] = { "yes", "no" };

/* The namespaces of ids: a name may be used once in each. */
enum space {
	SPACE_ID,		/* questions and steps */
	SPACE_STAGE,
	SPACE_VARIABLE,
	SPACE_DATABASE
};

struct idref {
	const char	*name;		/* in the tree */
	enum space	 space;
	int		 line, col;
};

struct load {
	const char		 *file;
	const char		 *text;		/* the file's bytes */
	size_t			  len;
	struct diags		 *d;
	struct guide		 *g;
	struct idref		 *ids;
	size_t			  nids;
	const struct ynode	**stepnodes;	/* by step index */
	const struct ynode	**varnodes;	/* by variable index */
};

/* The character classes of names. */
#define C_LOWER	1
#define C_UPPER	2
#define C_DIGIT	4

static void	load_error(struct load *, const struct ynode *, const char *,
		    ...) __attribute__((format(printf, 3, 4)));
static void	load_error_at(struct load *, int, int, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

static void
load_error_at(struct load *l, int line, int col, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	diags_add(l->d, l->file, line, col, "%s", msg);
	free(msg);
}

static void
load_error(struct load *l, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	diags_add(l->d, l->file, n->line, n->col, "%s", msg);
	free(msg);
}

static void
load_unknown_key(struct load *l, const struct ynode *key, enum where w)
{
	const char *k = key->value;

	switch (w) {
	case W_TOP:
		load_error(l, key, _("unknown key '%s' at the top of the file "
		    "(known: guide, variables, questions, databases, stages)"),
		    k);
		break;
	case W_GUIDE:
		load_error(l, key, _("unknown key '%s' in 'guide'"), k);
		break;
	case W_VARIABLE:
		load_error(l, key, _("unknown key '%s' in a variable"), k);
		break;
	case W_QUESTION:
		load_error(l, key, _("unknown key '%s' in a question"), k);
		break;
	case W_DATABASE:
		load_error(l, key, _("unknown key '%s' in a database"), k);
		break;
	case W_STAGE:
		load_error(l, key, _("unknown key '%s' in a stage"), k);
		break;
	case W_STEP:
		load_error(l, key, _("unknown key '%s' in a step"), k);
		break;
	case W_CHECK:
		load_error(l, key, _("unknown key '%s' in a check step"), k);
		break;
	case W_ACTION:
		load_error(l, key, _("unknown key '%s' in an action step"), k);
		break;
	case W_MANUAL:
		load_error(l, key, _("unknown key '%s' in a manual step"), k);
		break;
	case W_QUESTION_STEP:
		load_error(l, key, _("unknown key '%s' in a question step"), k);
		break;
	case W_INFO:
		load_error(l, key, _("unknown key '%s' in an info step"), k);
		break;
	}
}

static void
load_missing_key(struct load *l, const struct ynode *map, const char *k,
    enum where w)
{
	switch (w) {
	case W_TOP:
		load_error(l, map, _("a checklist needs '%s'"), k);
		break;
	case W_GUIDE:
		load_error(l, map, _("'guide' needs '%s'"), k);
		break;
	case W_VARIABLE:
		load_error(l, map, _("a variable needs '%s'"), k);
		break;
	case W_QUESTION:
		load_error(l, map, _("a question needs '%s'"), k);
		break;
	case W_DATABASE:
		load_error(l, map, _("a database needs '%s'"), k);
		break;
	case W_STAGE:
		load_error(l, map, _("a stage needs '%s'"), k);
		break;
	case W_STEP:
		load_error(l, map, _("a step needs '%s'"), k);
		break;
	case W_CHECK:
		load_error(l, map, _("a check step needs '%s'"), k);
		break;
	case W_ACTION:
		load_error(l, map, _("an action step needs '%s'"), k);
		break;
	case W_MANUAL:
		load_error(l, map, _("a manual step needs '%s'"), k);
		break;
	case W_QUESTION_STEP:
		load_error(l, map, _("a question step needs '%s'"), k);
		break;
	case W_INFO:
		load_error(l, map, _("an info step needs '%s'"), k);
		break;
	}
}

/* A text given per language: a mapping of language codes to texts, one of
 * them English. Returns 0, or -1 after saying what is wrong. */
static int
load_prose_type(struct load *l, const struct ynode *v, const char *name,
    int required)
{
	const struct ynode *key, *item;
	size_t i;
	int bad = 0;

	for (i = 0; i < v->n; i++) {
		key = v->keys[i];
		item = v->items[i];
		if (!lang_code_ok(key->value)) {
			load_error(l, key, _("'%s' is not a language code: "
			    "use two or three lower-case letters, then "
			    "optionally '_' and a country (en, es, pt_BR)"),
			    key->value);
			bad = -1;
		} else if (item->type != YNODE_SCALAR) {
			load_error(l, item, _("the '%s' text of '%s' must be a "
			    "text"), key->value, name);
			bad = -1;
		} else if (required && *item->value == '\0') {
			load_error(l, item, _("the '%s' text of '%s' must not "
			    "be empty"), key->value, name);
			bad = -1;
		}
	}
	if (ynode_get(v, "en") == NULL) {
		load_error(l, v, _("'%s' is given per language but has no "
		    "'en' text, shown when no other language fits"), name);
		bad = -1;
	}
	return bad;
}

/* Check the shape of a value; returns 0, or -1 after saying what is wrong. */
static int
load_type(struct load *l, const struct ynode *v, const char *name,
    enum key_type type, int required)
{
	const struct ynode *item;
	size_t i;
	int bad = 0;

	switch (type) {
	case KEY_PROSE:
		if (v->type == YNODE_MAPPING)
			return load_prose_type(l, v, name, required);
		/* FALLTHROUGH */
	case KEY_TEXT:
		if (v->type != YNODE_SCALAR) {
			load_error(l, v, v->type == YNODE_SEQUENCE ?
			    _("'%s' must be a text, not a list") :
			    _("'%s' must be a text, not a mapping"), name);
			return -1;
		}
		if (required && *v->value == '\0') {
			load_error(l, v, _("'%s' must not be empty"), name);
			return -1;
		}
		return 0;
	case KEY_BOOL:
		if (v->type != YNODE_SCALAR) {
			load_error(l, v, v->type == YNODE_SEQUENCE ?
			    _("'%s' must be true or false, not a list") :
			    _("'%s' must be true or false, not a mapping"),
			    name);
			return -1;
		}
		if (ynode_bool(v->value) == -1) {
			load_error(l, v,
			    _("'%s' must be true or false, not '%s'"), name,
			    v->value);
			return -1;
		}
		return 0;
	case KEY_MAPPING:
		if (v->type != YNODE_MAPPING) {
			load_error(l, v, v->type == YNODE_SEQUENCE ?
			    _("'%s' must be a mapping, not a list") :
			    _("'%s' must be a mapping, not a text"), name);
			return -1;
		}
		return 0;
	case KEY_TEXTS:
	case KEY_PROSES:
	case KEY_ITEMS:
		break;
	}

	if (v->type != YNODE_SEQUENCE) {
		load_error(l, v, v->type == YNODE_SCALAR ?
		    _("'%s' must be a list, not a text") :
		    _("'%s' must be a list, not a mapping"), name);
		return -1;
	}
	if (required && v->n == 0) {
		load_error(l, v, _("'%s' must not be empty"), name);
		return -1;
	}
	for (i = 0; i < v->n; i++) {
		item = v->items[i];
		if (type == KEY_PROSES && item->type == YNODE_MAPPING) {
			if (load_prose_type(l, item, name, 1) != 0)
				bad = -1;
		} else if ((type == KEY_TEXTS || type == KEY_PROSES) &&
		    item->type != YNODE_SCALAR) {
			load_error(l, item, item->type == YNODE_SEQUENCE ?
			    _("each item of '%s' must be a text, not a list") :
			    _("each item of '%s' must be a text, not a "
			    "mapping"), name);
			bad = -1;
		} else if (type == KEY_ITEMS && item->type != YNODE_MAPPING) {
			load_error(l, item, item->type == YNODE_SEQUENCE ?
			    _("each item of '%s' must be a mapping, not a "
			    "list") :
			    _("each item of '%s' must be a mapping, not a "
			    "text"), name);
			bad = -1;
		}
	}
	return bad;
}

static const struct key_spec *
load_spec(const struct key_spec *keys, const char *name)
{
	for (; keys->name != NULL; keys++) {
		if (strcmp(keys->name, name) == 0)
			return keys;
	}
	return NULL;
}

/* Check a mapping's keys against a table for one variant: unknown keys,
 * the shapes of the values, and missing required keys. */
static void
load_keys(struct load *l, const struct ynode *map,
    const struct key_spec *keys, unsigned variant, enum where w)
{
	const struct key_spec *spec;
	const struct ynode *key;
	size_t i;

	for (i = 0; i < map->n; i++) {
		key = map->keys[i];
		spec = load_spec(keys, key->value);
		if (spec != NULL && (spec->allowed & variant))
			load_type(l, map->items[i], key->value, spec->type,
			    (spec->required & variant) != 0);
		else if (spec != NULL && w == W_VARIABLE)
			load_error(l, key,
			    _("'%s' is only for variables of kind "
			    "product_home"), key->value);
		else
			load_unknown_key(l, key, w);
	}
	for (spec = keys; spec->name != NULL; spec++) {
		if ((spec->required & variant) &&
		    ynode_get(map, spec->name) == NULL)
			load_missing_key(l, map, spec->name, w);
	}
}

/* A scalar's text if it is a scalar and not empty, else NULL. */
static const char *
load_text(const struct ynode *v)
{
	if (v == NULL || v->type != YNODE_SCALAR || *v->value == '\0')
		return NULL;
	return v->value;
}

/* A copy of a scalar under a key, or NULL. */
static char *
load_str(const struct ynode *map, const char *key)
{
	const char *s = ynode_str(ynode_get(map, key));

	return s != NULL ? xstrdup(s) : NULL;
}

/* The text of a text given once or per language: the first language wanted
 * that it has, else English (lang.h). NULL if there is none. */
static const char *
load_prose_pick(const struct ynode *v)
{
	const char *const *lang;
	const char *s;

	if (v == NULL || v->type != YNODE_MAPPING)
		return ynode_str(v);
	for (lang = lang_wanted(); *lang != NULL; lang++) {
		if ((s = ynode_str(ynode_get(v, *lang))) != NULL)
			return s;
	}
	return ynode_str(ynode_get(v, "en"));
}

/* A copy of a text under a key, given once or per language, or NULL. */
static char *
load_prose(const struct ynode *map, const char *key)
{
	const char *s = load_prose_pick(ynode_get(map, key));

	return s != NULL ? xstrdup(s) : NULL;
}

/* A list of texts under a key (its scalars only: the rest was reported);
 * a copy, or NULL if there is none. */
static char **
load_texts(const struct ynode *map, const char *key, size_t *n)
{
	const struct ynode *v = ynode_get(map, key);
	const char *s;
	char **out;
	size_t i;

	*n = 0;
	if (v == NULL || v->type != YNODE_SEQUENCE)
		return NULL;
	out = xcalloc(v->n + 1, sizeof *out);
	for (i = 0; i < v->n; i++) {
		if ((s = load_prose_pick(v->items[i])) != NULL)
			out[(*n)++] = xstrdup(s);
	}
	return out;
}

static char **
load_default_choices(size_t *n)
{
	char **out = xcalloc(3, sizeof *out);

	out[0] = xstrdup(default_choices[0]);
	out[1] = xstrdup(default_choices[1]);
	*n = 2;
	return out;
}

static void
load_free_texts(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
load_class(char c, int classes, const char *extra)
{
	if ((classes & C_LOWER) && c >= 'a' && c <= 'z')
		return 1;
	if ((classes & C_UPPER) && c >= 'A' && c <= 'Z')
		return 1;
	if ((classes & C_DIGIT) && c >= '0' && c <= '9')
		return 1;
	return c != '\0' && strchr(extra, c) != NULL;
}

/* A name: a first character of some classes, then characters of others. */
static int
load_name_ok(const char *s, int first, const char *first_extra, int rest,
    const char *rest_extra)
{
	if (!load_class(*s, first, first_extra))
		return 0;
	for (s++; *s != '\0'; s++) {
		if (!load_class(*s, rest, rest_extra))
			return 0;
	}
	return 1;
}

/* Room for one more item in an array of n that grows by doubling (a guide
 * of 10,000 steps would be copied over and over one step at a time). */
static void *
load_grow(void *p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return p;
	return xreallocarray(p, n == 0 ? 1 : n * 2, size);
}

/* Note an id in its namespace, for the check of ids used twice. */
static void
load_id(struct load *l, const struct ynode *v, enum space space)
{
	struct idref *r;

	if (load_text(v) == NULL)
		return;
	l->ids = load_grow(l->ids, l->nids, sizeof *l->ids);
	r = &l->ids[l->nids++];
	r->name = v->value;
	r->space = space;
	r->line = v->line;
	r->col = v->col;
}

/* The id of a question, a stage or a step: lower-case letters, digits, '-'
 * and '_'. */
static void
load_check_id(struct load *l, const struct ynode *v, enum space space)
{
	if (load_text(v) == NULL)
		return;
	if (!load_name_ok(v->value, C_LOWER | C_DIGIT, "", C_LOWER | C_DIGIT,
	    "-_"))
		load_error(l, v, _("'%s' is not a valid id: use lower-case "
		    "letters, digits, '-' and '_', starting with a letter or "
		    "a digit"), v->value);
	load_id(l, v, space);
}

/* Index of a word in a table, or -1. */
static int
load_word(const char *s, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(s, words[i]) == 0)
			return (int)i;
	}
	return -1;
}

static void
load_guide(struct load *l, const struct ynode *map)
{
	struct guide *g = l->g;
	const struct ynode *id;

	if (map == NULL || map->type != YNODE_MAPPING)
		return;
	load_keys(l, map, guide_keys, ALL, W_GUIDE);
	id = ynode_get(map, "id");
	if (load_text(id) != NULL && !load_name_ok(id->value,
	    C_LOWER | C_DIGIT, "", C_LOWER | C_DIGIT, ".-"))
		load_error(l, id, _("'%s' is not a valid guide id: use "
		    "lower-case letters, digits, '.' and '-', starting with a "
		    "letter or a digit"), id->value);
	g->id = load_str(map, "id");
	g->title = load_prose(map, "title");
	g->source = load_str(map, "source");
	g->from_version = load_str(map, "from");
	g->to_version = load_str(map, "to");
	g->text = load_prose(map, "text");
}

/* The choices of a question (or a question step) and its default, which
 * must be one of them. */
static char **
load_choices(struct load *l, const struct ynode *map, size_t *n)
{
	const struct ynode *v = ynode_get(map, "choices"), *dflt, *a, *b;
	char **choices;
	size_t i, j;

	if (v != NULL && v->type == YNODE_SEQUENCE && v->n == 0)
		load_error(l, v, _("'choices' must not be empty"));
	if (v != NULL && v->type == YNODE_SEQUENCE) {
		for (i = 0; i < v->n; i++) {
			a = v->items[i];
			for (j = 0; j < i && a->type == YNODE_SCALAR; j++) {
				b = v->items[j];
				if (b->type == YNODE_SCALAR &&
				    strcmp(a->value, b->value) == 0) {
					load_error(l, a, _("'%s' is already a "
					    "choice (at line %d, column %d)"),
					    a->value, b->line, b->col);
					break;
				}
			}
		}
	}
	choices = load_texts(map, "choices", n);
	if (choices == NULL || *n == 0) {
		load_free_texts(choices, *n);
		choices = load_default_choices(n);
	}
	dflt = ynode_get(map, "default");
	if (dflt != NULL && dflt->type == YNODE_SCALAR) {
		for (i = 0; i < *n; i++) {
			if (strcmp(choices[i], dflt->value) == 0)
				break;
		}
		if (i == *n)
			load_error(l, dflt,
			    _("the default '%s' is not one of the choices"),
			    dflt->value);
	}
	return choices;
}

static void
load_variable(struct load *l, const struct ynode *map)
{
	struct guide *g = l->g;
	struct variable *v;
	const struct ynode *name, *kind, *dflt;
	unsigned variant;
	int k, port;

	g->vars = xreallocarray(g->vars, g->nvars + 1, sizeof *g->vars);
	l->varnodes = xreallocarray(l->varnodes, g->nvars + 1,
	    sizeof *l->varnodes);
	l->varnodes[g->nvars] = map;
	v = &g->vars[g->nvars++];
	memset(v, 0, sizeof *v);
	v->line = map->line;
	v->col = map->col;

	kind = ynode_get(map, "kind");
	if (kind != NULL && kind->type == YNODE_SCALAR) {
		k = load_word(kind->value, var_kind_names, NVARKINDS);
		if (k == -1) {
			load_error(l, kind, _("unknown variable kind '%s' "
			    "(known: string, directory, file, host, port, "
			    "product_home)"), kind->value);
			variant = BIT(VAR_UNKNOWN);
		} else {
			v->kind = k;
			variant = BIT(k);
		}
	} else
		variant = BIT(VAR_STRING);
	load_keys(l, map, variable_keys, variant, W_VARIABLE);

	name = ynode_get(map, "name");
	if (load_text(name) != NULL) {
		if (!load_name_ok(name->value, C_UPPER, "_", C_UPPER | C_DIGIT,
		    "_"))
			load_error(l, name, _("'%s' is not a valid variable "
			    "name: use upper-case letters, digits and '_', not "
			    "starting with a digit"), name->value);
		load_id(l, name, SPACE_VARIABLE);
	}
	v->name = load_str(map, "name");
	v->title = load_prose(map, "title");
	v->help = load_prose(map, "help");
	v->default_value = load_str(map, "default");
	v->required = ynode_bool(ynode_str(ynode_get(map, "required"))) != 0;
	v->product = load_str(map, "product");
	v->markers = load_texts(map, "markers", &v->nmarkers);

	dflt = ynode_get(map, "default");
	if (v->kind == VAR_PORT && v->default_value != NULL &&
	    strstr(v->default_value, "${") == NULL) {
		if (util_parse_port(v->default_value, &port) == -1)
			load_error(l, dflt, _("the default of a port must be a "
			    "number from 1 to 65535, not '%s'"),
			    v->default_value);
	}
}

static void
load_question(struct load *l, const struct ynode *map)
{
	struct guide *g = l->g;
	struct question *q;

	load_keys(l, map, question_keys, ALL, W_QUESTION);
	g->questions = xreallocarray(g->questions, g->nquestions + 1,
	    sizeof *g->questions);
	q = &g->questions[g->nquestions++];
	memset(q, 0, sizeof *q);
	q->line = map->line;
	q->col = map->col;
	load_check_id(l, ynode_get(map, "id"), SPACE_ID);
	q->id = load_str(map, "id");
	q->text = load_prose(map, "text");
	q->help = load_prose(map, "help");
	q->choices = load_choices(l, map, &q->nchoices);
	q->default_value = load_str(map, "default");
}

static void
load_database(struct load *l, const struct ynode *map)
{
	struct guide *g = l->g;
	struct database *db;
	const struct ynode *name, *engine;

	load_keys(l, map, database_keys, ALL, W_DATABASE);
	g->databases = xreallocarray(g->databases, g->ndatabases + 1,
	    sizeof *g->databases);
	db = &g->databases[g->ndatabases++];
	memset(db, 0, sizeof *db);
	db->line = map->line;
	db->col = map->col;

	name = ynode_get(map, "name");
	if (load_text(name) != NULL) {
		if (!load_name_ok(name->value, C_LOWER | C_DIGIT, "_",
		    C_LOWER | C_DIGIT, "_"))
			load_error(l, name, _("'%s' is not a valid database "
			    "name: use lower-case letters, digits and '_'"),
			    name->value);
		load_id(l, name, SPACE_DATABASE);
	}
	engine = ynode_get(map, "engine");
	if (engine != NULL && engine->type == YNODE_SCALAR &&
	    load_word(engine->value, engines, NENGINES) == -1)
		load_error(l, engine, _("unknown database engine '%s' (known: "
		    "postgresql, mysql, mariadb, oracle, mssql)"),
		    engine->value);
	db->name = load_str(map, "name");
	db->title = load_prose(map, "title");
	db->engine = load_str(map, "engine");
	db->discover = load_texts(map, "discover", &db->ndiscover);
	db->datasource = load_str(map, "datasource");
	if (db->datasource != NULL && db->ndiscover == 0)
		load_error(l, ynode_key(map, "datasource"), _("'datasource' "
		    "needs 'discover': the files to look for it in"));
}

/* Every database parameter names a database the guide declares. */
static void
load_step_databases(struct load *l, const struct kind *k,
    const struct ynode *params)
{
	const struct param_spec *spec;
	const struct ynode *v;
	size_t i;

	for (spec = k->params; spec->name != NULL; spec++) {
		if (spec->type != PARAM_DATABASE)
			continue;
		v = ynode_get(params, spec->name);
		if (v == NULL || v->type != YNODE_SCALAR || *v->value == '\0' ||
		    strstr(v->value, "${") != NULL)
			continue;
		for (i = 0; i < l->g->ndatabases; i++) {
			if (l->g->databases[i].name != NULL &&
			    strcmp(l->g->databases[i].name, v->value) == 0)
				break;
		}
		if (i == l->g->ndatabases)
			load_error(l, v, _("'%s' is not a database of this "
			    "guide: declare it under 'databases'"), v->value);
	}
}

/* The names of the kinds of one step kind, for a message. */
static char *
load_kind_names(enum step_kind sk)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; kind_table[i] != NULL; i++) {
		if (kind_table[i]->step_kind != sk)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, kind_table[i]->name);
	}
	return buf_steal(&b);
}

/* A kind's parameters: their types (params_validate), then the kind's own
 * checks, always, so that every problem is said at once. The hooks read
 * values with ynode_str and the like, so a value of the wrong type only
 * gives NULL; what a hook says at the place of a parameter that
 * params_validate has faulted already is left out: one problem, one
 * message. */
static void
load_step_params(struct load *l, const struct kind *k,
    const struct ynode *params)
{
	struct diags own = DIAGS_INIT;
	const struct diag *o;
	size_t first = l->d->n, last, i, j;

	params_validate(params, k->params, l->file, k->name, l->d);
	load_step_databases(l, k, params);
	if (k->validate == NULL)
		return;
	last = l->d->n;
	k->validate(params, l->file, &own);
	for (i = 0; i < own.n; i++) {
		o = &own.v[i];
		for (j = first; j < last; j++) {
			if (l->d->v[j].line == o->line &&
			    l->d->v[j].col == o->col)
				break;
		}
		if (j == last)
			diags_add(l->d, l->file, o->line, o->col, "%s", o->msg);
	}
	diags_free(&own);
}

/* The `type:` of a check or an action, and its parameters. */
static void
load_step_type(struct load *l, struct step *s, const struct ynode *map)
{
	const struct ynode *type = ynode_get(map, "type"), *params;
	struct ynode *with = ynode_get(map, "with"), empty;
	const struct kind *k;
	char *names;

	if (load_text(type) == NULL)
		return;
	k = kind_find(type->value);
	if (k == NULL) {
		names = load_kind_names(s->kind);
		if (s->kind == STEP_CHECK)
			load_error(l, type, _("unknown check type '%s' (known: "
			    "%s)"), type->value, names);
		else
			load_error(l, type, _("unknown action type '%s' "
			    "(known: %s)"), type->value, names);
		free(names);
		return;
	}
	if (k->step_kind != s->kind) {
		if (s->kind == STEP_CHECK)
			load_error(l, type, _("'%s' is an action, not a check: "
			    "it belongs in a step of kind action"),
			    type->value);
		else
			load_error(l, type, _("'%s' is a check, not an action: "
			    "it belongs in a step of kind check"), type->value);
		return;
	}
	s->type = k;
	s->with = with;
	if (with != NULL && with->type != YNODE_MAPPING)
		return;		/* said already */
	params = with;
	if (with == NULL) {
		/* No parameters: missing ones are said at the step. */
		memset(&empty, 0, sizeof empty);
		empty.type = YNODE_MAPPING;
		empty.line = map->line;
		empty.col = map->col;
		params = &empty;
	}
	load_step_params(l, k, params);
}

static void
load_step(struct load *l, struct stage *st, const struct ynode *map)
{
	struct guide *g = l->g;
	struct step *s;
	const struct ynode *kind, *v;
	unsigned variant = BIT(STEP_UNKNOWN);
	enum where w = W_STEP;
	int k = -1;

	s = xcalloc(1, sizeof *s);
	s->stage = st;
	s->line = map->line;
	s->col = map->col;
	s->index = g->nsteps;
	s->severity = SEVERITY_BLOCKER;
	s->prerequisite = 1;
	st->steps = load_grow(st->steps, st->nsteps, sizeof *st->steps);
	st->steps[st->nsteps++] = s;
	g->steps = load_grow(g->steps, g->nsteps, sizeof *g->steps);
	g->steps[g->nsteps++] = s;
	l->stepnodes = load_grow(l->stepnodes, s->index,
	    sizeof *l->stepnodes);
	l->stepnodes[s->index] = map;

	kind = ynode_get(map, "kind");
	if (load_text(kind) != NULL) {
		k = load_word(kind->value, step_kind_names, NSTEPKINDS);
		if (k == -1)
			load_error(l, kind, _("unknown step kind '%s' (known: "
			    "check, action, manual, question, info)"),
			    kind->value);
	}
	if (k != -1) {
		s->kind = k;
		variant = BIT(k);
		w = W_CHECK + k;
	} else
		s->kind = STEP_INFO;	/* the guide is not used anyway */
	load_keys(l, map, step_keys, variant, w);

	load_check_id(l, ynode_get(map, "id"), SPACE_ID);
	s->id = load_str(map, "id");
	s->title = load_prose(map, "title");
	s->text = load_prose(map, "text");
	s->ref = load_str(map, "ref");
	s->why = load_prose(map, "why");

	v = ynode_get(map, "severity");
	if (ynode_str(v) != NULL && (variant & BIT(STEP_CHECK))) {
		if (strcmp(v->value, "warning") == 0)
			s->severity = SEVERITY_WARNING;
		else if (strcmp(v->value, "blocker") != 0)
			load_error(l, v, _("unknown severity '%s' (known: "
			    "blocker, warning)"), v->value);
	}
	v = ynode_get(map, "prerequisite");
	if (v != NULL && ynode_bool(ynode_str(v)) == 0)
		s->prerequisite = 0;

	switch (k) {
	case STEP_CHECK:
	case STEP_ACTION:
		load_step_type(l, s, map);
		break;
	case STEP_MANUAL:
		s->url = load_str(map, "url");
		s->substeps = load_texts(map, "substeps", &s->nsubsteps);
		break;
	case STEP_QUESTION:
		s->choices = load_choices(l, map, &s->nchoices);
		s->default_value = load_str(map, "default");
		break;
	default:
		break;
	}
}

static void
load_stage(struct load *l, const struct ynode *map)
{
	struct guide *g = l->g;
	struct stage *st;
	const struct ynode *steps;
	size_t i;

	load_keys(l, map, stage_keys, ALL, W_STAGE);
	st = xcalloc(1, sizeof *st);
	st->index = g->nstages;
	st->line = map->line;
	st->col = map->col;
	g->stages = xreallocarray(g->stages, g->nstages + 1,
	    sizeof *g->stages);
	g->stages[g->nstages++] = st;

	load_check_id(l, ynode_get(map, "id"), SPACE_STAGE);
	st->id = load_str(map, "id");
	st->title = load_prose(map, "title");
	st->ref = load_str(map, "ref");
	st->text = load_prose(map, "text");

	steps = ynode_get(map, "steps");
	if (steps == NULL || steps->type != YNODE_SEQUENCE)
		return;
	for (i = 0; i < steps->n; i++) {
		if (steps->items[i]->type == YNODE_MAPPING)
			load_step(l, st, steps->items[i]);
	}
}

/* The mappings of a list under a top-level key, each read by fn. */
static void
load_list(struct load *l, const char *key,
    void (*fn)(struct load *, const struct ynode *))
{
	const struct ynode *v = ynode_get(l->g->root, key);
	size_t i;

	if (v == NULL || v->type != YNODE_SEQUENCE)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->type == YNODE_MAPPING)
			fn(l, v->items[i]);
	}
}

/* Mapping keys written twice, anywhere in the file. */
static void
load_duplicate_keys(struct load *l, const struct ynode *n)
{
	size_t i, j;

	if (n->type == YNODE_MAPPING) {
		for (i = 1; i < n->n; i++) {
			for (j = 0; j < i; j++) {
				if (strcmp(n->keys[i]->value,
				    n->keys[j]->value) != 0)
					continue;
				load_error(l, n->keys[i],
				    _("duplicate key '%s' (first at line %d, "
				    "column %d)"),
				    n->keys[i]->value, n->keys[j]->line,
				    n->keys[j]->col);
				break;
			}
		}
	}
	for (i = 0; i < n->n; i++)
		load_duplicate_keys(l, n->items[i]);
}

static int
load_idref_cmp(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c;

	if (x->space != y->space)
		return x->space < y->space ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Ids used twice in one namespace: each use after the first is wrong. */
static void
load_duplicate_ids(struct load *l)
{
	const struct idref *first = NULL, *r;
	size_t i;

	if (l->nids == 0)
		return;
	qsort(l->ids, l->nids, sizeof *l->ids, load_idref_cmp);
	for (i = 0; i < l->nids; i++) {
		r = &l->ids[i];
		if (first == NULL || first->space != r->space ||
		    strcmp(first->name, r->name) != 0) {
			first = r;
			continue;
		}
		switch (r->space) {
		case SPACE_ID:
			load_error_at(l, r->line, r->col, _("duplicate id '%s' "
			    "(first at line %d, column %d)"), r->name,
			    first->line, first->col);
			break;
		case SPACE_STAGE:
			load_error_at(l, r->line, r->col, _("duplicate stage "
			    "id '%s' (first at line %d, column %d)"), r->name,
			    first->line, first->col);
			break;
		case SPACE_VARIABLE:
			load_error_at(l, r->line, r->col, _("duplicate "
			    "variable '%s' (first at line %d, column %d)"),
			    r->name, first->line, first->col);
			break;
		case SPACE_DATABASE:
			load_error_at(l, r->line, r->col, _("duplicate "
			    "database '%s' (first at line %d, column %d)"),
			    r->name, first->line, first->col);
			break;
		}
	}
}

static char *
load_join(char **v, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, v[i]);
	}
	return buf_steal(&b);
}

/* One value of a `when:` entry: among the question's choices. */
static void
load_when_value(struct load *l, const struct ynode *v, const char *question,
    char **choices, size_t nchoices)
{
	char *all;
	size_t i;

	for (i = 0; i < nchoices; i++) {
		if (strcmp(choices[i], v->value) == 0)
			return;
	}
	all = load_join(choices, nchoices);
	load_error(l, v, _("'%s' is not a choice of question '%s' (its "
	    "choices: %s)"), v->value, question, all);
	free(all);
}

/* The `when:` of a step: questions that exist and are asked before it,
 * values among their choices. Fills the step's conditions. */
static void
load_when(struct load *l, struct step *s, const struct ynode *when)
{
	const struct ynode *key, *v;
	const struct step *q;
	struct cond *c;
	char **choices;
	size_t nchoices, i, j;
	const char *text;

	for (i = 0; i < when->n; i++) {
		key = when->keys[i];
		v = when->items[i];
		if (v->type == YNODE_MAPPING ||
		    (v->type == YNODE_SEQUENCE && v->n == 0)) {
			load_error(l, v, _("the value of '%s' in 'when:' must "
			    "be an answer or a list of answers"), key->value);
			continue;
		}
		if (checklist_question(l->g, key->value, &choices, &nchoices,
		    &text) != 0) {
			q = checklist_step(l->g, key->value);
			if (q != NULL)
				load_error(l, key, _("'when:' names step '%s', "
				    "which is not a question"), key->value);
			else
				load_error(l, key, _("'when:' names an unknown "
				    "question '%s'"), key->value);
			continue;
		}
		q = checklist_step(l->g, key->value);
		if (q == s)
			load_error(l, key, _("'when:' of question '%s' depends "
			    "on its own answer"), key->value);
		else if (q != NULL && q->kind == STEP_QUESTION &&
		    q->index > s->index)
			load_error(l, key, _("'when:' uses question '%s', "
			    "which is only asked later (at line %d)"),
			    key->value, q->line);

		s->when = xreallocarray(s->when, s->nwhen + 1,
		    sizeof *s->when);
		c = &s->when[s->nwhen++];
		memset(c, 0, sizeof *c);
		c->question = xstrdup(key->value);
		c->line = key->line;
		c->col = key->col;
		if (v->type == YNODE_SCALAR) {
			load_when_value(l, v, key->value, choices, nchoices);
			c->values = xcalloc(2, sizeof *c->values);
			c->values[c->nvalues++] = xstrdup(v->value);
			continue;
		}
		c->values = xcalloc(v->n + 1, sizeof *c->values);
		for (j = 0; j < v->n; j++) {
			if (v->items[j]->type != YNODE_SCALAR) {
				load_error(l, v->items[j], _("each answer "
				    "under '%s' in 'when:' must be a text"),
				    key->value);
				continue;
			}
			load_when_value(l, v->items[j], key->value, choices,
			    nchoices);
			c->values[c->nvalues++] = xstrdup(v->items[j]->value);
		}
	}
}

/* How many placeholders start ("${", not part of "$$") in s before an
 * offset. */
static size_t
load_placeholders_before(const char *s, size_t offset)
{
	size_t i, k = 0;

	for (i = 0; s[i] != '\0' && s[i + 1] != '\0' && i < offset; i++) {
		if (s[i] == '$' && s[i + 1] == '$')
			i++;
		else if (s[i] == '$' && s[i + 1] == '{')
			k++;
	}
	return k;
}

/* The offset of the placeholder number k (from 0) in s[0..len), or len. */
static size_t
load_placeholder_at(const char *s, size_t len, size_t k)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] == '$' && s[i + 1] == '$')
			i++;
		else if (s[i] == '$' && s[i + 1] == '{' && k-- == 0)
			return i;
	}
	return len;
}

/* Where a placeholder that starts at an offset in a scalar's value is in
 * the file. The value and the source differ by quotes, escapes and folding
 * but not in their placeholders, so the nth of the one is the nth of the
 * other; failing that, the scalar's own position. */
static void
load_placeholder_pos(const struct load *l, const struct ynode *n,
    size_t offset, int *line, int *col)
{
	const char *src;
	size_t k, at, i, srclen;

	*line = n->line;
	*col = n->col;
	if (n->end > l->len || n->start >= n->end)
		return;
	src = l->text + n->start;
	srclen = n->end - n->start;
	k = load_placeholders_before(n->value, offset);
	if ((at = load_placeholder_at(src, srclen, k)) == srclen)
		return;
	for (i = 0; i < at; i++) {
		if (src[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (src[i] != '\r' &&
		    ((unsigned char)src[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

struct load_refs {
	char	**names;
	size_t	 *offsets;
	size_t	  n;
};

static void
load_ref(void *arg, const char *name, size_t offset)
{
	struct load_refs *r = arg;

	r->names = xreallocarray(r->names, r->n + 1, sizeof *r->names);
	r->offsets = xreallocarray(r->offsets, r->n + 1, sizeof *r->offsets);
	r->names[r->n] = xstrdup(name);
	r->offsets[r->n++] = offset;
}

static void
load_refs_free(struct load_refs *r)
{
	load_free_texts(r->names, r->n);
	free(r->offsets);
	memset(r, 0, sizeof *r);
}

/* Every ${NAME} in every value of the file names a variable or a
 * question. */
static void
load_placeholders_in(struct load *l, const struct ynode *n)
{
	struct load_refs r = { NULL, NULL, 0 };
	size_t i, offset;
	char *cause = NULL, **choices;
	size_t nchoices;
	const char *text;
	int line, col;

	if (n->type != YNODE_SCALAR) {
		for (i = 0; i < n->n; i++)
			load_placeholders_in(l, n->items[i]);
		return;
	}
	if (strchr(n->value, '$') == NULL)
		return;
	if (subst_scan(n->value, load_ref, &r, &offset, &cause) == -1) {
		load_placeholder_pos(l, n, offset, &line, &col);
		load_error_at(l, line, col, "%s", cause);
		free(cause);
	}
	for (i = 0; i < r.n; i++) {
		if (checklist_var(l->g, r.names[i]) != NULL ||
		    checklist_question(l->g, r.names[i], &choices, &nchoices,
		    &text) == 0)
			continue;
		load_placeholder_pos(l, n, r.offsets[i], &line, &col);
		load_error_at(l, line, col, _("'${%s}' is neither a variable "
		    "nor a question"), r.names[i]);
	}
	load_refs_free(&r);
}

static int
load_var_index(const struct guide *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->nvars; i++) {
		if (g->vars[i].name != NULL &&
		    strcmp(g->vars[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* Does the default of variable `from` lead, through the defaults of other
 * variables, back to variable `to`? */
static int
load_var_reaches(const struct guide *g, size_t from, size_t to, char *seen)
{
	struct load_refs r = { NULL, NULL, 0 };
	const char *dflt = g->vars[from].default_value;
	size_t i, offset;
	char *cause = NULL;
	int k, found = 0;

	if (dflt == NULL || seen[from])
		return 0;
	seen[from] = 1;
	if (subst_scan(dflt, load_ref, &r, &offset, &cause) == -1)
		free(cause);
	for (i = 0; i < r.n && !found; i++) {
		k = load_var_index(g, r.names[i]);
		if (k != -1 && ((size_t)k == to ||
		    load_var_reaches(g, k, to, seen)))
			found = 1;
	}
	load_refs_free(&r);
	return found;
}

static void
load_var_cycles(struct load *l)
{
	const struct guide *g = l->g;
	char *seen;
	size_t i;

	if (g->nvars == 0)
		return;
	seen = xmalloc(g->nvars);
	for (i = 0; i < g->nvars; i++) {
		if (g->vars[i].default_value == NULL || g->vars[i].name == NULL)
			continue;
		memset(seen, 0, g->nvars);
		if (load_var_reaches(g, i, i, seen))
			load_error(l, ynode_get(l->varnodes[i], "default"),
			    _("the default of %s depends on its own value"),
			    g->vars[i].name);
	}
	free(seen);
}

/* What needs the whole guide: ids, conditions, placeholders, defaults. */
static void
load_cross(struct load *l)
{
	const struct ynode *when;
	size_t i;

	load_duplicate_ids(l);
	for (i = 0; i < l->g->nsteps; i++) {
		when = ynode_get(l->stepnodes[i], "when");
		if (when != NULL && when->type == YNODE_MAPPING)
			load_when(l, l->g->steps[i], when);
	}
	load_placeholders_in(l, l->g->root);
	load_var_cycles(l);
}

struct guide *
checklist_load(const char *path, struct diags *d)
{
	struct load l;
	struct guide *g;
	struct diags mine;
	const struct ynode *root;
	size_t before = d->n;
	char *text, *cause = NULL;
	size_t len;

	if ((text = trust_read_file(path, &len, &cause)) == NULL) {
		diags_add(d, path, 0, 0, "%s", cause);
		free(cause);
		return NULL;
	}
	g = xcalloc(1, sizeof *g);
	g->path = xstrdup(path);
	g->hash = util_hash_hex(text, len);
	if ((g->root = ynode_parse_diag(text, len, path, d)) == NULL) {
		free(text);
		checklist_free(g);
		return NULL;
	}
	memset(&l, 0, sizeof l);
	l.file = path;
	l.text = text;
	l.len = len;
	l.d = d;
	l.g = g;

	root = g->root;
	if (root->type != YNODE_MAPPING) {
		load_error(&l, root, root->type == YNODE_SEQUENCE ?
		    _("a checklist must be a mapping (guide, stages, ...), not "
		    "a list") :
		    _("a checklist must be a mapping (guide, stages, ...), not "
		    "a text"));
	} else {
		load_duplicate_keys(&l, root);
		load_keys(&l, root, top_keys, ALL, W_TOP);
		load_guide(&l, ynode_get(root, "guide"));
		load_list(&l, "variables", load_variable);
		load_list(&l, "questions", load_question);
		load_list(&l, "databases", load_database);
		load_list(&l, "stages", load_stage);
		load_cross(&l);
	}
	free(l.ids);
	free(l.stepnodes);
	free(l.varnodes);
	free(text);

	/* Sort this file's problems only, by position. */
	mine.v = d->v != NULL ? d->v + before : NULL;
	mine.n = d->n - before;
	mine.size = mine.n;
	diags_sort(&mine);
	if (d->n != before) {
		checklist_free(g);
		return NULL;
	}
	return g;
}

static void
checklist_free_step(struct step *s)
{
	size_t i;

	free(s->id);
	free(s->title);
	free(s->text);
	free(s->ref);
	free(s->why);
	for (i = 0; i < s->nwhen; i++) {
		free(s->when[i].question);
		load_free_texts(s->when[i].values, s->when[i].nvalues);
	}
	free(s->when);
	free(s->url);
	load_free_texts(s->substeps, s->nsubsteps);
	load_free_texts(s->choices, s->nchoices);
	free(s->default_value);
	free(s);
}

void
checklist_free(struct guide *g)
{
	struct stage *st;
	size_t i, j;

	if (g == NULL)
		return;
	for (i = 0; i < g->nvars; i++) {
		free(g->vars[i].name);
		free(g->vars[i].title);
		free(g->vars[i].help);
		free(g->vars[i].default_value);
		load_free_texts(g->vars[i].markers, g->vars[i].nmarkers);
		free(g->vars[i].product);
	}
	free(g->vars);
	for (i = 0; i < g->nquestions; i++) {
		free(g->questions[i].id);
		free(g->questions[i].text);
		free(g->questions[i].help);
		load_free_texts(g->questions[i].choices,
		    g->questions[i].nchoices);
		free(g->questions[i].default_value);
	}
	free(g->questions);
	for (i = 0; i < g->ndatabases; i++) {
		free(g->databases[i].name);
		free(g->databases[i].title);
		free(g->databases[i].engine);
		load_free_texts(g->databases[i].discover,
		    g->databases[i].ndiscover);
		free(g->databases[i].datasource);
	}
	free(g->databases);
	for (i = 0; i < g->nstages; i++) {
		st = g->stages[i];
		for (j = 0; j < st->nsteps; j++)
			checklist_free_step(st->steps[j]);
		free(st->steps);
		free(st->id);
		free(st->title);
		free(st->text);
		free(st->ref);
		free(st);
	}
	free(g->stages);
	free(g->steps);
	free(g->path);
	free(g->hash);
	free(g->id);
	free(g->title);
	free(g->source);
	free(g->from_version);
	free(g->to_version);
	free(g->text);
	ynode_free(g->root);
	free(g);
}

struct step *
checklist_step(const struct guide *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nsteps; i++) {
		if (g->steps[i]->id != NULL && strcmp(g->steps[i]->id, id) == 0)
			return g->steps[i];
	}
	return NULL;
}

struct stage *
checklist_stage(const struct guide *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nstages; i++) {
		if (g->stages[i]->id != NULL &&
		    strcmp(g->stages[i]->id, id) == 0)
			return g->stages[i];
	}
	return NULL;
}

struct variable *
checklist_var(const struct guide *g, const char *name)
{
	int i = load_var_index(g, name);

	return i == -1 ? NULL : &g->vars[i];
}

const struct database *
checklist_database(const struct guide *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->ndatabases; i++) {
		if (g->databases[i].name != NULL &&
		    strcmp(g->databases[i].name, name) == 0)
			return &g->databases[i];
	}
	return NULL;
}

int
checklist_question(const struct guide *g, const char *id, char ***choices,
    size_t *nchoices, const char **text)
{
	const struct step *s;
	size_t i;

	for (i = 0; i < g->nquestions; i++) {
		if (g->questions[i].id == NULL ||
		    strcmp(g->questions[i].id, id) != 0)
			continue;
		if (choices != NULL)
			*choices = g->questions[i].choices;
		if (nchoices != NULL)
			*nchoices = g->questions[i].nchoices;
		if (text != NULL)
			*text = g->questions[i].text;
		return 0;
	}
	for (i = 0; i < g->nsteps; i++) {
		s = g->steps[i];
		if (s->kind != STEP_QUESTION || s->id == NULL ||
		    strcmp(s->id, id) != 0)
			continue;
		if (choices != NULL)
			*choices = s->choices;
		if (nchoices != NULL)
			*nchoices = s->nchoices;
		if (text != NULL)
			*text = s->text;
		return 0;
	}
	return -1;
}

const char *
checklist_step_kind_name(enum step_kind k)
{
	if ((size_t)k >= NSTEPKINDS)
		return "?";
	return step_kind_names[k];
}

const char *
checklist_var_kind_name(enum var_kind k)
{
	if ((size_t)k >= NVARKINDS)
		return "?";
	return var_kind_names[k];
}
