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

void
dcr_app_clear(struct dcr_app *a)
{
	if (a == NULL)
		return;
	free(a->client_id);
	free(a->software_id);
	free(a->why);
	free(a->sp_name);
	free(a->tenant);
	free(a->new_name);
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

static int
dcr_sp_cmp(const void *a, const void *b)
{
	const struct dcr_sp *const *x = a, *const *y = b;

	return strcmp((*x)->client_id, (*y)->client_id);
}

void
dcr_attach(struct dcr_app *apps, size_t n, const struct dcr_sp *spv,
    size_t nsp)
{
	const struct dcr_sp **index, **hit, *key;
	struct dcr_sp key_sp;
	struct dcr_app *a;
	char *middle;
	size_t i, k = 0;

	memset(&key_sp, 0, sizeof key_sp);
	key = &key_sp;
	index = xreallocarray(NULL, nsp + 1, sizeof *index);
	for (i = 0; i < nsp; i++) {
		if (spv[i].client_id != NULL && spv[i].name != NULL)
			index[k++] = &spv[i];
	}
	qsort(index, k, sizeof *index, dcr_sp_cmp);
	for (i = 0; i < n; i++) {
		a = &apps[i];
		a->flags &= DCR_COLLISION;
		if (a->software_id == NULL)
			a->flags |= DCR_UNKNOWN;
		else if (strchr(a->software_id, '_') != NULL)
			a->flags |= DCR_UNDERSCORE;
		key_sp.client_id = a->client_id;
		hit = k == 0 ? NULL : bsearch(&key, index, k, sizeof *index,
		    dcr_sp_cmp);
		if (hit == NULL) {
			a->flags |= DCR_NO_SP;
			continue;
		}
		free(a->sp_name);
		free(a->tenant);
		free(a->new_name);
		a->sp_name = xstrdup((*hit)->name);
		a->tenant = xstrdup((*hit)->tenant != NULL ? (*hit)->tenant :
		    "");
		a->new_name = dcr_new_name(a->sp_name);
		middle = dcr_middle(a->sp_name);
		if (a->new_name == NULL || middle == NULL || *middle == '\0')
			a->flags |= DCR_SHAPE;
		else {
			if (strcmp(middle, a->new_name) != 0)
				a->flags |= DCR_TRUNCATED;
			if (a->software_id != NULL &&
			    strcmp(middle, a->software_id) != 0)
				a->flags |= DCR_OTHER_NAME;
		}
		free(middle);
	}
	free(index);
}

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

struct dcr_order {
	struct dcr_app	*app;
	int		 fold_case;
};

static int
dcr_order_cmp(const void *a, const void *b)
{
	const struct dcr_order *x = a, *y = b;
	int c;

	if ((c = strcmp(x->app->tenant, y->app->tenant)) != 0)
		return c;
	return dcr_name_cmp(x->app->new_name, y->app->new_name, x->fold_case);
}

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
	struct dcr_order *o;
	size_t *count, i, j, k, m = 0, start;
	char *what, *more;

	o = xreallocarray(NULL, n + 1, sizeof *o);
	count = xcalloc(n + 1, sizeof *count);
	for (i = 0; i < n; i++) {
		apps[i].flags &= ~(unsigned)DCR_COLLISION;
		free(apps[i].collides);
		apps[i].collides = NULL;
		if (apps[i].new_name != NULL && apps[i].tenant != NULL) {
			o[m].app = &apps[i];
			o[m++].fold_case = fold_case;
		}
	}
	qsort(o, m, sizeof *o, dcr_order_cmp);
	for (start = 0; start < m; start = i) {
		for (i = start + 1; i < m && dcr_order_cmp(&o[start], &o[i]) ==
		    0; i++)
			;
		for (j = start; i - start > 1 && j < i; j++) {
			for (k = start; k < i; k++) {
				if (k == j)
					continue;
				what = xprintf(_("%s (client id %s)"),
				    o[k].app->sp_name, o[k].app->client_id);
				dcr_collides_add(o[j].app,
				    &count[o[j].app - apps], what);
				free(what);
			}
		}
	}
	for (j = 0; j < m; j++) {
		for (k = 0; k < ntaken; k++) {
			if (taken[k].name == NULL || taken[k].tenant == NULL ||
			    strcmp(taken[k].tenant, o[j].app->tenant) != 0 ||
			    dcr_name_cmp(taken[k].name, o[j].app->new_name,
			    fold_case) != 0)
				continue;
			what = xprintf(_("the service provider %s"),
			    taken[k].name);
			dcr_collides_add(o[j].app, &count[o[j].app - apps],
			    what);
			free(what);
		}
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
	free(count);
	free(o);
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
	return strcmp(x->client_id, y->client_id);
}

void
dcr_sort(struct dcr_app *apps, size_t n)
{
	if (n > 1)
		qsort(apps, n, sizeof *apps, dcr_app_cmp);
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
