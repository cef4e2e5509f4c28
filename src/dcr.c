/* dcr.c: the names Open Banking's 3.0.0 migration gives DCR applications:
 * the split of a service provider's name, the software_id claim of a
 * registration request (a small JSON reader that decodes one string
 * member and steps over everything else), and the collisions within a
 * tenant. */
#include "config.h"

#include "dcr.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "xmalloc.h"

/* Deeper JSON than this is refused rather than followed. */
#define DCR_JSON_DEPTH 256
/* The other names a collision lists before "and N more". */
#define DCR_COLLIDES_SHOWN 3

/* Drop the service provider's name, tenant and new name. */
static void
dcr_app_forget_sp(struct dcr_app *a)
{
	if (a->sp_block != NULL)
		free(a->sp_block);
	else {
		free(a->sp_name);
		free(a->tenant);
		free(a->new_name);
	}
	a->sp_block = a->sp_name = a->tenant = a->new_name = NULL;
}

void
dcr_app_clear(struct dcr_app *a)
{
	if (a == NULL)
		return;
	free(a->client_id);
	free(a->software_id);
	free(a->why);
	dcr_app_forget_sp(a);
	free(a->collides);
	memset(a, 0, sizeof *a);
}

int
dcr_app_ok(const struct dcr_app *a)
{
	return (a->flags & DCR_PROBLEMS) == 0;
}

/*
 * The name.
 */

char *
dcr_new_name(const char *name)
{
	const char *s, *e;

	if ((s = strchr(name, '_')) == NULL)
		return NULL;
	s++;
	if ((e = strchr(s, '_')) == NULL)
		e = s + strlen(s);
	if (e == s)
		return NULL;
	return xstrndup(s, (size_t)(e - s));
}

char *
dcr_middle(const char *name)
{
	const char *s = strchr(name, '_'), *e = strrchr(name, '_');

	if (s == NULL || e == s)
		return NULL;
	return xstrndup(s + 1, (size_t)(e - s - 1));
}

/*
 * JSON: enough to read one string member of an object.
 */

struct dcr_json {
	const char	*text;
	const char	*p;
	int		 depth;
	char		*cause;
};

static int
dcr_json_fail(struct dcr_json *j, const char *what)
{
	if (j->cause == NULL)
		j->cause = xprintf(_("not JSON at character %zu: %s"),
		    (size_t)(j->p - j->text) + 1, what);
	return -1;
}

static void
dcr_json_ws(struct dcr_json *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
	    *j->p == '\r')
		j->p++;
}

static int
dcr_hex4(const char *p, unsigned long *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		*v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			*v |= (unsigned long)(p[i] - '0');
		else if (p[i] >= 'a' && p[i] <= 'f')
			*v |= (unsigned long)(p[i] - 'a' + 10);
		else if (p[i] >= 'A' && p[i] <= 'F')
			*v |= (unsigned long)(p[i] - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void
dcr_utf8(struct buf *b, unsigned long c)
{
	if (c < 0x80)
		buf_addc(b, (char)c);
	else if (c < 0x800) {
		buf_addc(b, (char)(0xc0 | (c >> 6)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xe0 | (c >> 12)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | (c >> 18)));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* A string at j->p (on its opening quote), decoded into b (NULL: only
 * stepped over). */
static int
dcr_json_str(struct dcr_json *j, struct buf *b)
{
	unsigned long c, lo;
	unsigned char ch;

	j->p++;
	for (;;) {
		ch = (unsigned char)*j->p;
		if (ch == '\0')
			return dcr_json_fail(j, _("a string without its end"));
		if (ch == '"') {
			j->p++;
			return 0;
		}
		if (ch < 0x20)
			return dcr_json_fail(j, _("a control character in a "
			    "string"));
		if (ch != '\\') {
			if (b != NULL)
				buf_addc(b, (char)ch);
			j->p++;
			continue;
		}
		j->p++;
		switch (*j->p) {
		case '"':
		case '\\':
		case '/':
			c = (unsigned char)*j->p;
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u':
			if (dcr_hex4(j->p + 1, &c) != 0)
				return dcr_json_fail(j, _("a bad \\u escape"));
			j->p += 4;
			if (c >= 0xd800 && c <= 0xdbff && j->p[1] == '\\' &&
			    j->p[2] == 'u' && dcr_hex4(j->p + 3, &lo) == 0 &&
			    lo >= 0xdc00 && lo <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				j->p += 6;
			} else if (c >= 0xd800 && c <= 0xdfff)
				c = 0xfffd;	/* half a pair */
			break;
		default:
			return dcr_json_fail(j, _("a bad escape"));
		}
		if (b != NULL)
			dcr_utf8(b, c);
		j->p++;
	}
}

static int dcr_json_value(struct dcr_json *, struct buf *, int *);

/* An object at j->p (on its '{'). With name, the last member so named that
 * is a string goes into value (*found 1); a later one that is not a
 * string undoes it. */
static int
dcr_json_object(struct dcr_json *j, const char *name, struct buf *value,
    int *found)
{
	struct buf key = BUF_INIT, v = BUF_INIT;
	int is_string, rc = -1;

	if (++j->depth > DCR_JSON_DEPTH)
		return dcr_json_fail(j, _("nesting too deep"));
	j->p++;
	dcr_json_ws(j);
	if (*j->p == '}') {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		dcr_json_ws(j);
		if (*j->p != '"') {
			dcr_json_fail(j, _("a member without a quoted name"));
			goto out;
		}
		buf_reset(&key);
		buf_adds(&key, "");
		if (dcr_json_str(j, &key) != 0)
			goto out;
		dcr_json_ws(j);
		if (*j->p != ':') {
			dcr_json_fail(j, _("a member without ':'"));
			goto out;
		}
		j->p++;
		if (name != NULL && key.len == strlen(name) &&
		    memcmp(key.data, name, key.len) == 0) {
			buf_reset(&v);
			buf_adds(&v, "");
			if (dcr_json_value(j, &v, &is_string) != 0)
				goto out;
			*found = is_string;
			if (is_string) {
				buf_reset(value);
				buf_add(value, v.data, v.len);
			}
		} else if (dcr_json_value(j, NULL, &is_string) != 0)
			goto out;
		dcr_json_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == '}') {
			j->p++;
			break;
		}
		dcr_json_fail(j, _("a member not followed by ',' or '}'"));
		goto out;
	}
	j->depth--;
	rc = 0;
out:
	buf_free(&key);
	buf_free(&v);
	return rc;
}

static int
dcr_json_array(struct dcr_json *j)
{
	int is_string;

	if (++j->depth > DCR_JSON_DEPTH)
		return dcr_json_fail(j, _("nesting too deep"));
	j->p++;
	dcr_json_ws(j);
	if (*j->p == ']') {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		if (dcr_json_value(j, NULL, &is_string) != 0)
			return -1;
		dcr_json_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == ']') {
			j->p++;
			j->depth--;
			return 0;
		}
		return dcr_json_fail(j, _("an item not followed by ',' or "
		    "']'"));
	}
}

/* Any value; a string is decoded into b when b is not NULL. */
static int
dcr_json_value(struct dcr_json *j, struct buf *b, int *is_string)
{
	static const char *const words[] = { "true", "false", "null", NULL };
	size_t i, n;

	*is_string = 0;
	dcr_json_ws(j);
	switch (*j->p) {
	case '"':
		*is_string = 1;
		return dcr_json_str(j, b);
	case '{':
		return dcr_json_object(j, NULL, NULL, NULL);
	case '[':
		return dcr_json_array(j);
	}
	if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
		n = strspn(j->p, "+-0123456789.eE");
		j->p += n;
		return 0;
	}
	for (i = 0; words[i] != NULL; i++) {
		n = strlen(words[i]);
		if (strncmp(j->p, words[i], n) == 0) {
			j->p += n;
			return 0;
		}
	}
	return dcr_json_fail(j, _("an unexpected character"));
}

int
dcr_json_string(const char *text, const char *name, char **value,
    char **cause)
{
	struct dcr_json j = { text, text, 0, NULL };
	struct buf v = BUF_INIT;
	int found = 0;

	*value = NULL;
	*cause = NULL;
	dcr_json_ws(&j);
	if (*j.p != '{') {
		dcr_json_fail(&j, _("no object"));
		goto fail;
	}
	if (dcr_json_object(&j, name, &v, &found) != 0)
		goto fail;
	dcr_json_ws(&j);
	if (*j.p != '\0') {
		dcr_json_fail(&j, _("text after the object"));
		goto fail;
	}
	if (found) {
		buf_adds(&v, "");
		*value = buf_steal(&v);
		return 1;
	}
	buf_free(&v);
	return 0;
fail:
	buf_free(&v);
	*cause = j.cause;
	return -1;
}

/* The payload of a JWT (header.payload.signature), base64url-decoded;
 * NULL when it is not one. */
static char *
dcr_jwt_payload(const char *jwt)
{
	const char *s = strchr(jwt, '.'), *e;
	struct buf b = BUF_INIT;
	unsigned long acc = 0;
	int bits = 0, v;

	if (s == NULL || (e = strchr(++s, '.')) == NULL || e == s)
		return NULL;
	for (; s < e; s++) {
		if (*s >= 'A' && *s <= 'Z')
			v = *s - 'A';
		else if (*s >= 'a' && *s <= 'z')
			v = *s - 'a' + 26;
		else if (*s >= '0' && *s <= '9')
			v = *s - '0' + 52;
		else if (*s == '-' || *s == '+')
			v = 62;
		else if (*s == '_' || *s == '/')
			v = 63;
		else if (*s == '=')
			break;
		else {
			buf_free(&b);
			return NULL;
		}
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&b, (char)((acc >> bits) & 0xff));
		}
	}
	buf_adds(&b, "");
	if (memchr(b.data, '\0', b.len) != NULL) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

char *
dcr_request_software_id(const char *request, enum dcr_source *source,
    char **cause)
{
	char *v = NULL, *ss = NULL, *payload, *why = NULL;

	*source = DCR_FROM_NONE;
	if (cause != NULL)
		*cause = NULL;
	if (request == NULL)
		return NULL;
	switch (dcr_json_string(request, "software_id", &v, &why)) {
	case 1:
		if (*v != '\0') {
			*source = DCR_FROM_REQUEST;
			return v;
		}
		free(v);
		break;
	case -1:
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return NULL;
	}
	if (dcr_json_string(request, "software_statement", &ss, &why) != 1) {
		free(why);
		return NULL;
	}
	payload = dcr_jwt_payload(ss);
	free(ss);
	v = NULL;
	if (payload != NULL && dcr_json_string(payload, "software_id", &v,
	    &why) == 1 && *v != '\0')
		*source = DCR_FROM_STATEMENT;
	else {
		free(v);
		free(why);
		v = NULL;
	}
	free(payload);
	return v;
}

/*
 * The applications.
 */

/* Compare names as the database would for UNIQUE (APP_NAME, ...). */
static int
dcr_name_cmp(const char *a, const char *b, int fold_case)
{
	unsigned char x, y;

	if (!fold_case)
		return strcmp(a, b);
	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y || x == '\0')
			return (int)x - (int)y;
	}
}

/* FNV-1a of s into h, ASCII letters folded to lower case if fold_case,
 * with the terminating '\0' (so that ("ab", "c") and ("a", "bc") differ). */
static unsigned long long
dcr_hash_add(unsigned long long h, const char *s, int fold_case)
{
	unsigned char c;

	do {
		c = (unsigned char)*s;
		if (fold_case && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	} while (*s++ != '\0');
	return h;
}

/* A hash table of applications (open addressing, linear probing): by
 * client id, or by tenant and new name. Each slot is one word: the high
 * half of the key's hash (so that most other keys are told apart without
 * reading their application, which is slow with a million of them) and
 * the index into apps plus one (0: empty) in the low half; at most a
 * quarter of the slots used. */
struct dcr_table {
	struct dcr_app	*apps;
	unsigned long long *slots;
	size_t		 mask;
	int		 by_name;	/* tenant and new name, not client id */
	int		 fold_case;
};

#define DCR_SLOT_INDEX(s)	((size_t)((s) & 0xffffffffULL))
#define DCR_SLOT_TAG(h)		((h) & ~0xffffffffULL)

/* The slot of a key: FNV-1a, its bits then mixed (MurmurHash3's final
 * step), as the low bits FNV leaves cluster keys that differ in their
 * last characters only (client1, client2, ...). */
static unsigned long long
dcr_table_hash(const struct dcr_table *t, const char *a, const char *b)
{
	unsigned long long h = 14695981039346656037ULL;

	h = dcr_hash_add(h, a, 0);
	if (t->by_name)
		h = dcr_hash_add(h, b, t->fold_case);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Does app match the key (client id, or tenant and name)? */
static int
dcr_table_match(const struct dcr_table *t, const struct dcr_app *app,
    const char *a, const char *b)
{
	if (!t->by_name)
		return strcmp(app->client_id, a) == 0;
	return strcmp(app->tenant, a) == 0 && dcr_name_cmp(app->new_name, b,
	    t->fold_case) == 0;
}

/* Fill the table; first_of (NULL: not wanted) gets for each application
 * the index of the first with its key (its own if none is before it, or
 * (size_t)-1 if it has no key), found as it is put in. */
static void
dcr_table_init(struct dcr_table *t, struct dcr_app *apps, size_t n,
    int by_name, int fold_case, size_t *first_of)
{
	unsigned long long h, s;
	size_t size = 16, i, k;
	struct dcr_app *other;

	/* An index in 32 bits: 4 x 10^9 applications would not fit in
	 * memory anyway. */
	if (n >= 0xffffffffULL)
		fatal("%s", _("out of memory"));
	while (size < 2 * n)
		size *= 2;
	t->apps = apps;
	t->slots = xcalloc(size, sizeof *t->slots);
	t->mask = size - 1;
	t->by_name = by_name;
	t->fold_case = fold_case;
	for (i = 0; i < n; i++) {
		if (first_of != NULL)
			first_of[i] = (size_t)-1;
		if (by_name && (apps[i].tenant == NULL ||
		    apps[i].new_name == NULL))
			continue;
		if (!by_name && apps[i].client_id == NULL)
			continue;
		h = by_name ? dcr_table_hash(t, apps[i].tenant,
		    apps[i].new_name) : dcr_table_hash(t, apps[i].client_id,
		    NULL);
		if (first_of != NULL)
			first_of[i] = i;
		for (k = (size_t)h & t->mask; (s = t->slots[k]) != 0;
		    k = (k + 1) & t->mask) {
			if (first_of == NULL || first_of[i] != i ||
			    DCR_SLOT_TAG(s) != DCR_SLOT_TAG(h))
				continue;
			other = &apps[DCR_SLOT_INDEX(s) - 1];
			if (by_name ? dcr_table_match(t, other, apps[i].tenant,
			    apps[i].new_name) : dcr_table_match(t, other,
			    apps[i].client_id, NULL))
				first_of[i] = first_of[other - apps];
		}
		t->slots[k] = DCR_SLOT_TAG(h) | (i + 1);
	}
}

/* The applications matching the key, one by one: *k starts at
 * DCR_TABLE_FIRST; NULL after the last. */
#define DCR_TABLE_FIRST ((size_t)-1)

static struct dcr_app *
dcr_table_next(const struct dcr_table *t, const char *a, const char *b,
    size_t *k)
{
	struct dcr_app *app;
	unsigned long long h = dcr_table_hash(t, a, b), s;

	if (*k == DCR_TABLE_FIRST)
		*k = (size_t)h & t->mask;
	else
		*k = (*k + 1) & t->mask;
	for (; (s = t->slots[*k]) != 0; *k = (*k + 1) & t->mask) {
		if (DCR_SLOT_TAG(s) != DCR_SLOT_TAG(h))
			continue;
		app = &t->apps[DCR_SLOT_INDEX(s) - 1];
		if (dcr_table_match(t, app, a, b))
			return app;
	}
	return NULL;
}

struct dcr_attach {
	struct dcr_table table;
	size_t		 n;
};

struct dcr_attach *
dcr_attach_start(struct dcr_app *apps, size_t n)
{
	struct dcr_attach *at = xcalloc(1, sizeof *at);
	size_t i;

	for (i = 0; i < n; i++) {
		dcr_app_forget_sp(&apps[i]);
	}
	dcr_table_init(&at->table, apps, n, 0, 0, NULL);
	at->n = n;
	return at;
}

size_t
dcr_attach_sp(struct dcr_attach *at, const char *client_id,
    const char *name, const char *tenant)
{
	struct dcr_app *a;
	size_t k = DCR_TABLE_FIRST, hits = 0, ln, lt;

	if (client_id == NULL || name == NULL)
		return 0;
	if (tenant == NULL)
		tenant = "";
	while ((a = dcr_table_next(&at->table, client_id, NULL, &k)) !=
	    NULL) {
		hits++;
		/* Two service providers with one client id: the first by
		 * name and tenant, whatever order they came in. */
		if (a->sp_name != NULL && (strcmp(name, a->sp_name) > 0 ||
		    (strcmp(name, a->sp_name) == 0 && strcmp(tenant,
		    a->tenant) >= 0)))
			continue;
		dcr_app_forget_sp(a);
		/* The name, the tenant, and room for the new name (a part of
		 * the name) in one allocation. */
		ln = strlen(name) + 1;
		lt = strlen(tenant) + 1;
		a->sp_block = xmalloc(2 * ln + lt);
		a->sp_name = memcpy(a->sp_block, name, ln);
		a->tenant = memcpy(a->sp_block + ln, tenant, lt);
	}
	return hits;
}

void
dcr_attach_end(struct dcr_attach *at)
{
	struct dcr_app *a;
	char *first, *last;
	size_t i, nl = 0, ml;

	if (at == NULL)
		return;
	for (i = 0; i < at->n; i++) {
		a = &at->table.apps[i];
		a->flags &= DCR_COLLISION;
		if (a->software_id == NULL)
			a->flags |= DCR_UNKNOWN;
		else if (strchr(a->software_id, '_') != NULL)
			a->flags |= DCR_UNDERSCORE;
		if (a->sp_name == NULL) {
			a->flags |= DCR_NO_SP;
			continue;
		}
		/* As dcr_new_name and dcr_middle, without allocating: the
		 * new name from after the first '_' to the next, the middle
		 * from there to the last. */
		first = strchr(a->sp_name, '_');
		last = strrchr(a->sp_name, '_');
		if (first != NULL && first[1] != '\0' && first[1] != '_') {
			nl = strcspn(first + 1, "_");
			a->new_name = memcpy(a->tenant + strlen(a->tenant) + 1,
			    first + 1, nl);
			a->new_name[nl] = '\0';
		}
		if (a->new_name == NULL || last == first || last == first + 1)
			a->flags |= DCR_SHAPE;
		else {
			ml = (size_t)(last - first - 1);
			if (ml != nl)
				a->flags |= DCR_TRUNCATED;
			if (a->software_id != NULL &&
			    (strncmp(first + 1, a->software_id, ml) != 0 ||
			    a->software_id[ml] != '\0'))
				a->flags |= DCR_OTHER_NAME;
		}
	}
	free(at->table.slots);
	free(at);
}

void
dcr_attach(struct dcr_app *apps, size_t n, const struct dcr_sp *spv,
    size_t nsp)
{
	struct dcr_attach *at = dcr_attach_start(apps, n);
	size_t i;

	for (i = 0; i < nsp; i++)
		dcr_attach_sp(at, spv[i].client_id, spv[i].name,
		    spv[i].tenant);
	dcr_attach_end(at);
}

struct dcr_names {
	struct dcr_table table;
	size_t		 n;
	size_t		*first_of;	/* the first application with the same
					 * tenant and new name */
};

struct dcr_names *
dcr_names_new(struct dcr_app *apps, size_t n, int fold_case)
{
	struct dcr_names *nm = xcalloc(1, sizeof *nm);

	nm->n = n;
	nm->first_of = xreallocarray(NULL, n + 1, sizeof *nm->first_of);
	dcr_table_init(&nm->table, apps, n, 1, fold_case, nm->first_of);
	return nm;
}

int
dcr_names_has(const struct dcr_names *nm, const char *name,
    const char *tenant)
{
	size_t k = DCR_TABLE_FIRST;

	if (name == NULL || tenant == NULL)
		return 0;
	return dcr_table_next(&nm->table, tenant, name, &k) != NULL;
}

void
dcr_names_free(struct dcr_names *nm)
{
	if (nm == NULL)
		return;
	free(nm->table.slots);
	free(nm->first_of);
	free(nm);
}

/* Applications with one new name in one tenant: the first few (in the
 * order given), how many, and the SP_APP names of taken equal to it. */
struct dcr_group {
	size_t		 first[DCR_COLLIDES_SHOWN + 1];
	size_t		 size;
	size_t		 taken_head;	/* index into taken plus one, 0: none */
	size_t		 taken_tail;
	size_t		 ntaken;
};

/* One more name a collides with, the first few only. */
static void
dcr_collides_add(struct dcr_app *a, size_t *count, const char *what)
{
	struct buf b = BUF_INIT;

	if (*count < DCR_COLLIDES_SHOWN) {
		if (a->collides != NULL) {
			buf_adds(&b, a->collides);
			buf_adds(&b, ", ");
		}
		buf_adds(&b, what);
		free(a->collides);
		a->collides = buf_steal(&b);
	}
	(*count)++;
	a->flags |= DCR_COLLISION;
}

void
dcr_collisions(struct dcr_app *apps, size_t n, const struct dcr_sp *taken,
    size_t ntaken, int fold_case)
{
	struct dcr_names *nm = dcr_names_new(apps, n, fold_case);

	dcr_names_collisions(nm, taken, ntaken);
	dcr_names_free(nm);
}

/* The group of the applications whose first is f, made if need be. */
static struct dcr_group *
dcr_group_of(size_t f, size_t *group_of, struct dcr_group **groups,
    size_t *ngroups, size_t *gsize)
{
	struct dcr_group *g;

	if (group_of[f] != (size_t)-1)
		return &(*groups)[group_of[f]];
	if (*ngroups == *gsize) {
		*gsize = *gsize == 0 ? 64 : *gsize * 2;
		*groups = xreallocarray(*groups, *gsize, sizeof **groups);
	}
	g = &(*groups)[*ngroups];
	memset(g, 0, sizeof *g);
	g->first[g->size++] = f;
	group_of[f] = (*ngroups)++;
	return g;
}

void
dcr_names_collisions(struct dcr_names *nm, const struct dcr_sp *taken,
    size_t ntaken)
{
	struct dcr_app *apps = nm->table.apps, *a, *m;
	struct dcr_group *groups = NULL, *g;
	size_t n = nm->n, *group_of, *taken_next, *count, i, j, k, f;
	size_t ngroups = 0, gsize = 0, shown, rest;
	const size_t none = (size_t)-1;
	char *what, *more;

	group_of = xreallocarray(NULL, n + 1, sizeof *group_of);
	count = xcalloc(n + 1, sizeof *count);
	taken_next = xcalloc(ntaken + 1, sizeof *taken_next);
	for (i = 0; i < n; i++) {
		apps[i].flags &= ~(unsigned)DCR_COLLISION;
		free(apps[i].collides);
		apps[i].collides = NULL;
		group_of[i] = none;
	}
	/* The applications sharing a tenant and new name, grouped on the
	 * first of them, in their order; most have none. */
	for (i = 0; i < n; i++) {
		f = nm->first_of[i];
		if (f == none || f == i)
			continue;
		g = dcr_group_of(f, group_of, &groups, &ngroups, &gsize);
		if (g->size <= DCR_COLLIDES_SHOWN)
			g->first[g->size] = i;
		g->size++;
		group_of[i] = group_of[f];
	}
	/* The SP_APP names, each on the group of its name, in their order. */
	for (j = 0; j < ntaken; j++) {
		if (taken[j].name == NULL || taken[j].tenant == NULL)
			continue;
		k = DCR_TABLE_FIRST;
		if ((m = dcr_table_next(&nm->table, taken[j].tenant,
		    taken[j].name, &k)) == NULL)
			continue;
		g = dcr_group_of(nm->first_of[m - apps], group_of, &groups,
		    &ngroups, &gsize);
		if (g->taken_head == 0)
			g->taken_head = j + 1;
		else
			taken_next[g->taken_tail - 1] = j + 1;
		g->taken_tail = j + 1;
		g->ntaken++;
	}

	/* Each application collides with the others of its group, then the
	 * SP_APP names: the first few named, the rest counted. */
	for (i = 0; i < n; i++) {
		f = nm->first_of[i];
		if (f == none || group_of[f] == none)
			continue;
		g = &groups[group_of[f]];
		a = &apps[i];
		shown = 0;
		for (j = 0; j < g->size && j <= DCR_COLLIDES_SHOWN &&
		    shown < DCR_COLLIDES_SHOWN; j++) {
			if (g->first[j] == i)
				continue;
			m = &apps[g->first[j]];
			what = xprintf(_("%s (client id %s)"), m->sp_name,
			    m->client_id);
			dcr_collides_add(a, &count[i], what);
			free(what);
			shown++;
		}
		count[i] += g->size - 1 - shown;
		rest = g->ntaken;
		for (k = g->taken_head; k != 0 && count[i] <
		    DCR_COLLIDES_SHOWN; k = taken_next[k - 1]) {
			what = xprintf(_("the service provider %s"),
			    taken[k - 1].name);
			dcr_collides_add(a, &count[i], what);
			free(what);
			rest--;
		}
		count[i] += rest;
	}
	for (i = 0; i < n; i++) {
		if (count[i] <= DCR_COLLIDES_SHOWN)
			continue;
		more = xprintf(P_("%s and %zu more", "%s and %zu more",
		    count[i] - DCR_COLLIDES_SHOWN), apps[i].collides,
		    count[i] - DCR_COLLIDES_SHOWN);
		free(apps[i].collides);
		apps[i].collides = more;
	}
	free(groups);
	free(taken_next);
	free(count);
	free(group_of);
}

static int
dcr_app_cmp(const void *a, const void *b)
{
	const struct dcr_app *x = a, *y = b;
	int c;

	if (dcr_app_ok(x) != dcr_app_ok(y))
		return dcr_app_ok(x) ? 1 : -1;
	if ((x->tenant == NULL) != (y->tenant == NULL))
		return x->tenant == NULL ? 1 : -1;
	if (x->tenant != NULL && (c = strcmp(x->tenant, y->tenant)) != 0)
		return c;
	if ((c = strcmp(x->client_id, y->client_id)) != 0)
		return c;
	/* A client id registered twice: by software id, unknown first. */
	if ((x->software_id == NULL) != (y->software_id == NULL))
		return x->software_id == NULL ? -1 : 1;
	return x->software_id == NULL ? 0 : strcmp(x->software_id,
	    y->software_id);
}

void
dcr_sort(struct dcr_app *apps, size_t n)
{
	if (n > 1)
		qsort(apps, n, sizeof *apps, dcr_app_cmp);
}

/* Sift heap[i] down the heap of n (the last in the order on top). */
static void
dcr_heap_down(struct dcr_app **heap, size_t n, size_t i)
{
	struct dcr_app *x = heap[i];
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && dcr_app_cmp(heap[c + 1], heap[c]) > 0)
			c++;
		if (dcr_app_cmp(heap[c], x) <= 0)
			break;
		heap[i] = heap[c];
		i = c;
	}
	heap[i] = x;
}

static int
dcr_app_ptr_cmp(const void *a, const void *b)
{
	return dcr_app_cmp(*(struct dcr_app *const *)a,
	    *(struct dcr_app *const *)b);
}

void
dcr_sort_first(struct dcr_app *apps, size_t n, size_t k)
{
	struct dcr_app **heap, *tmp;
	unsigned char *chosen;
	size_t i, j, hole;

	if (k >= n / 4) {
		dcr_sort(apps, n);
		return;
	}
	if (k == 0)
		return;
	/* The k first in a heap with the last of them on top. */
	heap = xreallocarray(NULL, k, sizeof *heap);
	for (i = 0; i < k; i++)
		heap[i] = &apps[i];
	for (i = k / 2; i-- > 0;)
		dcr_heap_down(heap, k, i);
	for (i = k; i < n; i++) {
		if (dcr_app_cmp(&apps[i], heap[0]) < 0) {
			heap[0] = &apps[i];
			dcr_heap_down(heap, k, 0);
		}
	}
	qsort(heap, k, sizeof *heap, dcr_app_ptr_cmp);
	/* Move them to the front: the others there go where they were. */
	chosen = xcalloc(n, 1);
	tmp = xreallocarray(NULL, k, sizeof *tmp);
	for (i = 0; i < k; i++) {
		chosen[heap[i] - apps] = 1;
		tmp[i] = *heap[i];
	}
	for (i = 0, hole = k; i < k; i++) {
		if (chosen[i])
			continue;
		while (!chosen[hole])
			hole++;
		apps[hole++] = apps[i];
	}
	for (j = 0; j < k; j++)
		apps[j] = tmp[j];
	free(tmp);
	free(chosen);
	free(heap);
}

static void
dcr_finding_add(struct buf *b, const char *s)
{
	if (b->len > 0)
		buf_adds(b, "; ");
	buf_adds(b, s);
}

char *
dcr_finding(const struct dcr_app *a)
{
	struct buf b = BUF_INIT;
	char *s;

	if ((a->flags & DCR_UNKNOWN) && a->why != NULL) {
		s = xprintf(_("software id unknown: %s"), a->why);
		dcr_finding_add(&b, s);
		free(s);
	} else if (a->flags & DCR_UNKNOWN)
		dcr_finding_add(&b, _("software id unknown: SOFTWARE_ID is "
		    "empty and REQUEST has no software_id claim"));
	if (a->flags & DCR_UNDERSCORE)
		dcr_finding_add(&b, _("the software id contains '_'"));
	if (a->flags & DCR_TRUNCATED) {
		char *middle = dcr_middle(a->sp_name);

		s = xprintf(_("truncated: the migration keeps '%s' of '%s'"),
		    a->new_name, middle);
		dcr_finding_add(&b, s);
		free(s);
		free(middle);
	}
	if (a->flags & DCR_SHAPE)
		dcr_finding_add(&b, _("the name is not shaped "
		    "owner_softwareId_ENV: the migration cannot name it"));
	if (a->flags & DCR_COLLISION) {
		s = xprintf(_("collides with %s"), a->collides != NULL ?
		    a->collides : "?");
		dcr_finding_add(&b, s);
		free(s);
	}
	if (a->flags & DCR_NO_SP)
		dcr_finding_add(&b, _("no oauth2 service provider has this "
		    "client id: nothing to rename"));
	if (dcr_app_ok(a) && (a->flags & DCR_NO_SP) == 0)
		dcr_finding_add(&b, _("ok"));
	if ((a->flags & DCR_OTHER_NAME) && !(a->flags & DCR_TRUNCATED)) {
		s = dcr_middle(a->sp_name);
		if (s != NULL) {
			char *t = xprintf(_("the name holds '%s', not the "
			    "software id"), s);

			dcr_finding_add(&b, t);
			free(t);
		}
		free(s);
	}
	buf_adds(&b, "");
	return buf_steal(&b);
}
