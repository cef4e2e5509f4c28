/* training.c: training mode: a guide's training.yaml, strictly checked;
 * the sandbox sandbox.sh builds, its marker and its ports; the training
 * session with the sandbox's variables; reset and faults. */
#include "config.h"

#include "training.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "copy.h"
#include "exec.h"
#include "i18n.h"
#include "session.h"
#include "subst.h"
#include "trust.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

struct tload {
	const char	*file;
	struct diags	*d;
	struct training	*t;
};

static void	tload_error(struct tload *, const struct ynode *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

static void
tload_error(struct tload *l, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	diags_add(l->d, l->file, n != NULL ? n->line : 0,
	    n != NULL ? n->col : 0, "%s", msg);
	free(msg);
}

/* A scalar, or an error saying what it should be. */
static const char *
tload_scalar(struct tload *l, const struct ynode *n, const char *what)
{
	if (n == NULL)
		return NULL;
	if (n->type != YNODE_SCALAR) {
		tload_error(l, n, _("%s must be a scalar, not a %s"), what,
		    ynode_type_name(n));
		return NULL;
	}
	return n->value;
}

static int
tload_name_ok(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0' || (*s >= '0' && *s <= '9'))
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_'))
			return 0;
	}
	return 1;
}

static int
tload_id_ok(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '-' || s[i] == '_' || s[i] == '.'))
			return 0;
	}
	return 1;
}

/* A relative path that stays inside the sandbox. */
static int
tload_relpath_ok(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0' || *s == '/')
		return 0;
	for (p = s; (p = strstr(p, "..")) != NULL; p += 2) {
		if ((p == s || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 0;
	}
	return 1;
}

/* Where a mapping is, for the message about an unknown key in it. */
enum tload_where {
	TW_FILE,
	TW_DATABASE,
	TW_SEEDS,
	TW_FAULT
};

/* Keys of a mapping against a list; unknown ones are errors. */
static void
tload_keys(struct tload *l, const struct ynode *map, const char *const *known,
    enum tload_where where)
{
	struct buf b = BUF_INIT;
	const char *k;
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		k = map->keys[i]->value;
		for (j = 0; known[j] != NULL; j++) {
			if (strcmp(k, known[j]) == 0)
				break;
		}
		if (known[j] != NULL)
			continue;
		buf_reset(&b);
		for (j = 0; known[j] != NULL; j++)
			buf_printf(&b, "%s%s", j > 0 ? ", " : "", known[j]);
		switch (where) {
		case TW_FILE:
			tload_error(l, map->keys[i], _("unknown key '%s' in the training file (known: %s)"),
			    k, buf_str(&b));
			break;
		case TW_DATABASE:
			tload_error(l, map->keys[i], _("unknown key '%s' in a database (known: %s)"),
			    k, buf_str(&b));
			break;
		case TW_SEEDS:
			tload_error(l, map->keys[i], _("unknown key '%s' in 'seeds' (known: %s)"),
			    k, buf_str(&b));
			break;
		case TW_FAULT:
			tload_error(l, map->keys[i], _("unknown key '%s' in a fault (known: %s)"),
			    k, buf_str(&b));
			break;
		}
	}
	buf_free(&b);
}

/* A sequence of scalars (one scalar is taken as a list of one). */
static char **
tload_list(struct tload *l, const struct ynode *n, const char *what,
    size_t *count)
{
	char **v = NULL;
	const char *s;
	size_t i;

	*count = 0;
	if (n == NULL)
		return NULL;
	if (n->type == YNODE_SCALAR) {
		v = xcalloc(1, sizeof *v);
		v[0] = xstrdup(n->value);
		*count = 1;
		return v;
	}
	if (n->type != YNODE_SEQUENCE) {
		tload_error(l, n, _("%s must be a list, not a %s"), what,
		    ynode_type_name(n));
		return NULL;
	}
	v = xcalloc(n->n + 1, sizeof *v);
	for (i = 0; i < n->n; i++) {
		if ((s = tload_scalar(l, n->items[i], what)) != NULL)
			v[(*count)++] = xstrdup(s);
	}
	return v;
}

struct tscan {
	struct tload		*l;
	const struct ynode	*n;
	const char		*var;
};

/* Only ${SANDBOX} and the port names may appear in a value. */
static void
tload_scan_name(void *arg, const char *name, size_t offset)
{
	struct tscan *sc = arg;
	size_t i;

	(void)offset;
	if (strcmp(name, "SANDBOX") == 0)
		return;
	for (i = 0; i < sc->l->t->nports; i++) {
		if (strcmp(sc->l->t->ports[i], name) == 0)
			return;
	}
	tload_error(sc->l, sc->n, _("the value of %s uses ${%s}: only ${SANDBOX} and the names under 'ports' may appear"),
	    sc->var, name);
}

static void
tload_variables(struct tload *l, const struct ynode *n)
{
	struct training *t = l->t;
	struct tscan sc;
	const char *v;
	char *cause = NULL;
	size_t i, off;

	if (n->type != YNODE_MAPPING) {
		tload_error(l, n, _("'variables' must be a mapping of a variable's name to its value, not a %s"),
		    ynode_type_name(n));
		return;
	}
	t->vars = xcalloc(n->n + 1, sizeof *t->vars);
	for (i = 0; i < n->n; i++) {
		if (!tload_name_ok(n->keys[i]->value)) {
			tload_error(l, n->keys[i], _("'%s' is not a variable name (capitals, digits and _)"),
			    n->keys[i]->value);
			continue;
		}
		if ((v = tload_scalar(l, n->items[i], n->keys[i]->value)) == NULL)
			continue;
		sc.l = l;
		sc.n = n->items[i];
		sc.var = n->keys[i]->value;
		if (subst_scan(v, tload_scan_name, &sc, &off, &cause) == -1) {
			tload_error(l, n->items[i], _("the value of %s: %s"),
			    n->keys[i]->value, cause);
			free(cause);
			cause = NULL;
			continue;
		}
		t->vars[t->nvars].name = xstrdup(n->keys[i]->value);
		t->vars[t->nvars].value = xstrdup(v);
		t->nvars++;
	}
}

static void
tload_databases(struct tload *l, const struct ynode *n)
{
	static const char *const known[] = { "engine", "name", NULL };
	struct training *t = l->t;
	const struct ynode *db;
	const char *engine, *name;
	size_t i;

	if (n->type != YNODE_MAPPING) {
		tload_error(l, n, _("'databases' must be a mapping of the guide's database names, not a %s"),
		    ynode_type_name(n));
		return;
	}
	t->dbs = xcalloc(n->n + 1, sizeof *t->dbs);
	for (i = 0; i < n->n; i++) {
		db = n->items[i];
		if (db->type != YNODE_MAPPING) {
			tload_error(l, db, _("database %s must be a mapping (engine, name), not a %s"),
			    n->keys[i]->value, ynode_type_name(db));
			continue;
		}
		tload_keys(l, db, known, TW_DATABASE);
		engine = tload_scalar(l, ynode_get(db, "engine"), "engine");
		name = tload_scalar(l, ynode_get(db, "name"), "name");
		if (ynode_get(db, "engine") == NULL || ynode_get(db, "name") == NULL) {
			tload_error(l, db, _("database %s needs 'engine' and 'name'"),
			    n->keys[i]->value);
			continue;
		}
		if (engine == NULL || name == NULL)
			continue;
		if (strcmp(engine, "postgresql") != 0 &&
		    strcmp(engine, "mariadb") != 0 &&
		    strcmp(engine, "mysql") != 0) {
			tload_error(l, ynode_get(db, "engine"), _("database %s: engine '%s' is not one of postgresql, mariadb, mysql"),
			    n->keys[i]->value, engine);
			continue;
		}
		t->dbs[t->ndbs].name = xstrdup(n->keys[i]->value);
		t->dbs[t->ndbs].engine = xstrdup(engine);
		t->dbs[t->ndbs].database = xstrdup(name);
		t->ndbs++;
	}
}

static void
tload_seeds(struct tload *l, const struct ynode *n)
{
	static const char *const known[] = { "postgresql", "mariadb", NULL };
	const struct ynode *v;
	const char *s;
	size_t k;

	if (n->type != YNODE_MAPPING) {
		tload_error(l, n, _("'seeds' must be a mapping (postgresql, mariadb), not a %s"),
		    ynode_type_name(n));
		return;
	}
	tload_keys(l, n, known, TW_SEEDS);
	for (k = 0; known[k] != NULL; k++) {
		if ((v = ynode_get(n, known[k])) == NULL)
			continue;
		if ((s = tload_scalar(l, v, known[k])) == NULL)
			continue;
		if (!tload_relpath_ok(s)) {
			tload_error(l, v, _("seed '%s' must be a path inside the sandbox, relative to it"),
			    s);
			continue;
		}
		if (k == 0)
			l->t->seed_postgresql = xstrdup(s);
		else
			l->t->seed_mariadb = xstrdup(s);
	}
}

static void
tload_faults(struct tload *l, const struct ynode *n)
{
	static const char *const known[] = { "id", "title", "text", "step",
	    NULL };
	struct training *t = l->t;
	const struct ynode *f;
	const char *id, *title, *text, *step;
	size_t i, j;

	if (n->type != YNODE_SEQUENCE) {
		tload_error(l, n, _("'faults' must be a list, not a %s"),
		    ynode_type_name(n));
		return;
	}
	t->faults = xcalloc(n->n + 1, sizeof *t->faults);
	for (i = 0; i < n->n; i++) {
		f = n->items[i];
		if (f->type != YNODE_MAPPING) {
			tload_error(l, f, _("a fault must be a mapping (id, title, text, step), not a %s"),
			    ynode_type_name(f));
			continue;
		}
		tload_keys(l, f, known, TW_FAULT);
		id = tload_scalar(l, ynode_get(f, "id"), "id");
		title = tload_scalar(l, ynode_get(f, "title"), "title");
		text = tload_scalar(l, ynode_get(f, "text"), "text");
		step = tload_scalar(l, ynode_get(f, "step"), "step");
		if (ynode_get(f, "id") == NULL || ynode_get(f, "title") == NULL ||
		    ynode_get(f, "text") == NULL) {
			tload_error(l, f, _("a fault needs 'id', 'title' and 'text'"));
			continue;
		}
		if (id == NULL || title == NULL || text == NULL)
			continue;
		if (!tload_id_ok(id)) {
			tload_error(l, ynode_get(f, "id"), _("'%s' is not a fault id (small letters, digits, '-', '_' and '.')"),
			    id);
			continue;
		}
		for (j = 0; j < t->nfaults; j++) {
			if (strcmp(t->faults[j].id, id) == 0)
				break;
		}
		if (j < t->nfaults) {
			tload_error(l, ynode_get(f, "id"), _("fault '%s' is declared twice"),
			    id);
			continue;
		}
		t->faults[t->nfaults].id = xstrdup(id);
		t->faults[t->nfaults].title = xstrdup(title);
		t->faults[t->nfaults].text = xstrdup(text);
		t->faults[t->nfaults].step = step != NULL ? xstrdup(step) : NULL;
		t->nfaults++;
	}
}

struct training *
training_load(const char *path, struct diags *d)
{
	static const char *const known[] = { "guide", "text", "ports", "path",
	    "variables", "databases", "seeds", "faults", NULL };
	struct tload l;
	struct training *t;
	struct ynode *root, *n;
	const char *s;
	char *text, *cause = NULL;
	size_t len, before = d->n, i, j;

	text = trust_read_file(path, &len, &cause);
	if (text == NULL) {
		diags_add(d, path, 0, 0, "%s", cause);
		free(cause);
		return NULL;
	}
	root = ynode_parse_diag(text, len, path, d);
	free(text);
	if (root == NULL)
		return NULL;
	t = xcalloc(1, sizeof *t);
	t->path = xstrdup(path);
	{
		/* Absolute: sandbox.sh runs in the sandbox. */
		char *abs = util_abspath(path);

		t->dir = util_dirname(abs);
		free(abs);
	}
	l.file = path;
	l.d = d;
	l.t = t;
	if (root->type != YNODE_MAPPING) {
		tload_error(&l, root, _("a training file is a mapping (guide, text, variables, ...), not a %s"),
		    ynode_type_name(root));
		goto out;
	}
	tload_keys(&l, root, known, TW_FILE);
	if ((n = ynode_get(root, "guide")) == NULL)
		tload_error(&l, root, _("'guide' is missing: the id of the guide this sandbox is for"));
	else if ((s = tload_scalar(&l, n, "guide")) != NULL)
		t->guide = xstrdup(s);
	if ((n = ynode_get(root, "text")) == NULL)
		tload_error(&l, root, _("'text' is missing: what the sandbox holds and how to use it"));
	else if ((s = tload_scalar(&l, n, "text")) != NULL)
		t->text = xstrdup(s);
	if ((n = ynode_get(root, "ports")) != NULL) {
		t->ports = tload_list(&l, n, "ports", &t->nports);
		for (i = 0; i < t->nports; i++) {
			if (!tload_name_ok(t->ports[i]) ||
			    strcmp(t->ports[i], "SANDBOX") == 0)
				tload_error(&l, n, _("'%s' under 'ports' is not a variable name (capitals, digits and _; not SANDBOX)"),
				    t->ports[i]);
			for (j = 0; j < i; j++) {
				if (strcmp(t->ports[i], t->ports[j]) == 0)
					tload_error(&l, n, _("port %s is listed twice"),
					    t->ports[i]);
			}
		}
	}
	if ((n = ynode_get(root, "path")) != NULL) {
		t->path_dirs = tload_list(&l, n, "path", &t->npath_dirs);
		for (i = 0; i < t->npath_dirs; i++) {
			if (!tload_relpath_ok(t->path_dirs[i]))
				tload_error(&l, n, _("'%s' under 'path' must be a folder inside the sandbox, relative to it"),
				    t->path_dirs[i]);
		}
	}
	if ((n = ynode_get(root, "variables")) == NULL)
		tload_error(&l, root, _("'variables' is missing: the guide's variables, set to the sandbox"));
	else
		tload_variables(&l, n);
	if ((n = ynode_get(root, "databases")) != NULL)
		tload_databases(&l, n);
	if ((n = ynode_get(root, "seeds")) != NULL)
		tload_seeds(&l, n);
	if ((n = ynode_get(root, "faults")) != NULL)
		tload_faults(&l, n);
out:
	ynode_free(root);
	if (d->n > before) {
		training_free(t);
		return NULL;
	}
	return t;
}

void
training_free(struct training *t)
{
	size_t i;

	if (t == NULL)
		return;
	free(t->path);
	free(t->dir);
	free(t->guide);
	free(t->text);
	for (i = 0; i < t->nports; i++)
		free(t->ports[i]);
	free(t->ports);
	for (i = 0; i < t->npath_dirs; i++)
		free(t->path_dirs[i]);
	free(t->path_dirs);
	for (i = 0; i < t->nvars; i++) {
		free(t->vars[i].name);
		free(t->vars[i].value);
	}
	free(t->vars);
	for (i = 0; i < t->ndbs; i++) {
		free(t->dbs[i].name);
		free(t->dbs[i].engine);
		free(t->dbs[i].database);
	}
	free(t->dbs);
	free(t->seed_postgresql);
	free(t->seed_mariadb);
	for (i = 0; i < t->nfaults; i++) {
		free(t->faults[i].id);
		free(t->faults[i].title);
		free(t->faults[i].text);
		free(t->faults[i].step);
	}
	free(t->faults);
	free(t);
}

char *
training_file(const struct guide *g)
{
	char *dir = util_dirname(g->path), *p, *q, *f;

	p = util_path_join(dir, "training");
	q = util_path_join(p, g->id);
	f = util_path_join(q, "training.yaml");
	free(q);
	free(p);
	free(dir);
	return f;
}

int
training_available(const struct guide *g)
{
	struct stat st;
	char *f = training_file(g);
	int ok = stat(f, &st) == 0 && S_ISREG(st.st_mode);

	free(f);
	return ok;
}

struct training *
training_load_guide(const struct guide *g, char **cause)
{
	struct diags d = DIAGS_INIT;
	struct training *t;
	char *path = training_file(g), *all;
	size_t i;

	if (!training_available(g)) {
		*cause = xprintf(_("guide '%s' has no training data: there is no %s"),
		    g->id, path);
		free(path);
		return NULL;
	}
	t = training_load(path, &d);
	if (t != NULL) {
		/* What it names must be the guide's. */
		if (t->guide != NULL && strcmp(t->guide, g->id) != 0)
			diags_add(&d, path, 0, 0, _("it is for guide '%s', not '%s'"),
			    t->guide, g->id);
		for (i = 0; i < t->nvars; i++) {
			if (checklist_var(g, t->vars[i].name) == NULL)
				diags_add(&d, path, 0, 0, _("guide '%s' has no variable %s"),
				    g->id, t->vars[i].name);
		}
		for (i = 0; i < t->ndbs; i++) {
			if (checklist_database(g, t->dbs[i].name) == NULL)
				diags_add(&d, path, 0, 0, _("guide '%s' has no database %s"),
				    g->id, t->dbs[i].name);
		}
		for (i = 0; i < t->nfaults; i++) {
			if (t->faults[i].step != NULL &&
			    checklist_step(g, t->faults[i].step) == NULL)
				diags_add(&d, path, 0, 0, _("fault '%s': guide '%s' has no step '%s'"),
				    t->faults[i].id, g->id, t->faults[i].step);
		}
	}
	if (d.n > 0) {
		diags_sort(&d);
		all = diags_join(&d);
		*cause = xprintf(P_("%sthe training data of guide '%s' has %zu problem",
		    "%sthe training data of guide '%s' has %zu problems", d.n),
		    all, g->id, d.n);
		free(all);
		diags_free(&d);
		training_free(t);
		free(path);
		return NULL;
	}
	free(path);
	return t;
}

const struct training_fault *
training_fault(const struct training *t, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < t->nfaults; i++) {
		if (strcmp(t->faults[i].id, id) == 0)
			return &t->faults[i];
	}
	return NULL;
}

char *
training_fault_ids(const struct training *t)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (t->nfaults == 0)
		return xstrdup(_("none"));
	for (i = 0; i < t->nfaults; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", t->faults[i].id);
	return buf_steal(&b);
}

/* The real path of path, or of its nearest existing parent with the rest
 * added (NULL if the rest goes up with ".."). */
static char *
training_resolve(const char *path)
{
	char real[PATH_MAX], *dir, *rest = NULL, *r, *base;

	if (path == NULL || *path != '/')
		return NULL;
	dir = xstrdup(path);
	while (realpath(dir, real) == NULL) {
		char *up = util_dirname(dir);
		const char *last = strrchr(dir, '/');

		last = last != NULL ? last + 1 : dir;
		if (strcmp(last, "..") == 0 || strcmp(up, dir) == 0) {
			free(up);
			free(dir);
			free(rest);
			return NULL;
		}
		if (rest == NULL)
			r = xstrdup(last);
		else
			r = util_path_join(last, rest);
		free(rest);
		rest = r;
		free(dir);
		dir = up;
	}
	free(dir);
	if (rest == NULL)
		return xstrdup(real);
	base = util_path_join(real, rest);
	free(rest);
	return base;
}

int
training_inside(const char *dir, const char *path)
{
	char *d = training_resolve(dir), *p = training_resolve(path);
	size_t n;
	int in = 0;

	if (d != NULL && p != NULL) {
		n = strlen(d);
		in = strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/');
	}
	free(d);
	free(p);
	return in;
}

/* Free loopback ports, one per name: all are held open together, so no
 * two are the same. */
static int
training_ports(const struct training *t, int *ports, char **cause)
{
	struct sockaddr_in sa;
	socklen_t len;
	int *fds, rc = 0;
	size_t i;

	fds = xcalloc(t->nports + 1, sizeof *fds);
	for (i = 0; i < t->nports; i++)
		fds[i] = -1;
	for (i = 0; i < t->nports; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		memset(&sa, 0, sizeof sa);
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa.sin_port = 0;
		len = sizeof sa;
		if (fds[i] == -1 || bind(fds[i], (struct sockaddr *)&sa,
		    sizeof sa) == -1 || getsockname(fds[i],
		    (struct sockaddr *)&sa, &len) == -1) {
			*cause = xprintf(_("no free port on 127.0.0.1 for %s: %s"),
			    t->ports[i], strerror(errno));
			rc = -1;
			break;
		}
		ports[i] = ntohs(sa.sin_port);
	}
	for (i = 0; i < t->nports; i++) {
		if (fds[i] != -1)
			close(fds[i]);
	}
	free(fds);
	return rc;
}

struct tvalues {
	const struct training	*t;
	const char		*sandbox;
	char			**ports;	/* the numbers, as text */
};

static const char *
training_lookup(void *arg, const char *name)
{
	struct tvalues *v = arg;
	size_t i;

	if (strcmp(name, "SANDBOX") == 0)
		return v->sandbox;
	for (i = 0; i < v->t->nports; i++) {
		if (strcmp(v->t->ports[i], name) == 0)
			return v->ports[i];
	}
	return NULL;
}

/* The lines sandbox.sh writes on stderr, for the message when it fails. */
static void
training_output(void *arg, int stream, const char *line, size_t len)
{
	struct buf *b = arg;

	if (stream != 2 || b->len > 4000)
		return;
	if (b->len > 0)
		buf_adds(b, "; ");
	buf_add(b, line, len);
}

/* Folders below the training folder looked into for training_trust. */
#define TRAINING_TRUST_DEPTH 8

/* As root, every file and folder under dir (the training folder, which
 * sandbox.sh is handed as its own folder and reads from: the seed SQL
 * files that become the sandbox's seeds, which the trainee loads as the
 * database's administrator) passes trust_check. */
static int
training_trust_tree(const char *dir, int depth, char **cause)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	char *path;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		*cause = xprintf(_("cannot open %s: %s"), dir,
		    strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		path = util_path_join(dir, de->d_name);
		if (trust_check(path, cause) == -1)
			rc = -1;
		else if (depth < TRAINING_TRUST_DEPTH &&
		    lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rc = training_trust_tree(path, depth + 1, cause);
		free(path);
	}
	closedir(d);
	return rc;
}

/* sandbox.sh and what it may read beside it, before it runs as root. */
static int
training_trust(const struct training *t, const char *script, char **cause)
{
	if (geteuid() != 0)
		return 0;
	/* sh reads it by name: it is refused as the checklists are. */
	if (trust_check(script, cause) == -1)
		return -1;
	return training_trust_tree(t->dir, 0, cause);
}

/* As root, the seeds training.yaml names, made in the sandbox for the
 * trainee to load as the database's administrator. */
static int
training_trust_seeds(const struct training *t, const char *sandbox,
    char **cause)
{
	const char *seeds[] = { t->seed_postgresql, t->seed_mariadb };
	char *path;
	size_t i;
	int rc = 0;

	if (geteuid() != 0)
		return 0;
	for (i = 0; rc == 0 && i < sizeof seeds / sizeof seeds[0]; i++) {
		if (seeds[i] == NULL)
			continue;
		path = util_path_join(sandbox, seeds[i]);
		rc = trust_check(path, cause);
		free(path);
	}
	return rc;
}

/* Run sandbox.sh DIR with the contract's environment. */
static int
training_run_script(const struct training *t, const char *sandbox,
    const char *log, const char *fault, const char *wizard,
    struct tvalues *v, char **cause)
{
	struct exec_spec spec;
	struct exec_result res;
	struct buf err = BUF_INIT;
	char *script = util_path_join(t->dir, "sandbox.sh"), **env, *how;
	char *argv[4];
	size_t i, n = 0;
	int rc = 0;

	if (training_trust(t, script, cause) == -1) {
		free(script);
		return -1;
	}
	env = xcalloc(t->nports + 4, sizeof *env);
	env[n++] = xprintf("WIZARD_SANDBOX_FAULT=%s", fault != NULL ? fault : "");
	env[n++] = xprintf("WIZARD=%s", wizard);
	for (i = 0; i < t->nports; i++)
		env[n++] = xprintf("%s=%s", t->ports[i], v->ports[i]);
	env[n] = NULL;
	argv[0] = (char *)"sh";
	argv[1] = script;
	argv[2] = (char *)sandbox;
	argv[3] = NULL;
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.cwd = sandbox;
	spec.env = env;
	spec.timeout_ms = 120000;
	spec.log_path = log;
	spec.title = script;
	if (exec_run(&spec, training_output, &err, NULL, &res, cause) == -1) {
		rc = -1;
	} else if (!res.exited || res.exit_code != 0) {
		how = exec_result_text(&res);
		*cause = xprintf(_("%s could not build the sandbox in %s (%s): %s (log: %s)"),
		    script, sandbox, how, err.len > 0 ? buf_str(&err) :
		    _("it said nothing on stderr"), log);
		free(how);
		rc = -1;
	}
	buf_free(&err);
	for (i = 0; i < n; i++)
		free(env[i]);
	free(env);
	free(script);
	return rc;
}

/* Record the training event and the variables in a new session. */
static int
training_session(const struct training *t, const struct guide *g,
    const char *dir, const char *sandbox, const char *fault,
    struct tvalues *v, char **cause)
{
	struct session *s;
	char *value;
	size_t i;
	int rc = 0;
	struct jfield tf[] = {
		{ "sandbox", sandbox },
		{ "fault", fault },
	};

	s = session_open(dir, g->id, g->path, g->hash, cause);
	if (s == NULL)
		return -1;
	if (session_record(s, "training", tf, 2, cause) == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < t->nvars; i++) {
		value = subst_expand(t->vars[i].value, training_lookup, v,
		    cause);
		if (value == NULL) {
			rc = -1;
			break;
		}
		{
			struct jfield f[] = {
				{ "name", t->vars[i].name },
				{ "value", value },
				{ "source", "training" },
			};

			rc = session_record(s, "var", f, 3, cause);
		}
		free(value);
	}
	if (rc == 0 && session_snapshot(s, cause) == -1)
		rc = -1;
	session_close(s);
	return rc;
}

int
training_create(const struct training *t, const struct guide *g,
    const char *tdir, const char *fault, const char *wizard, char **cause)
{
	struct tvalues v;
	struct stat st;
	char *sandbox = NULL, *session = NULL, *log = NULL, *marker = NULL;
	char *real = NULL;
	int *ports = NULL, rc = -1;
	size_t i;

	memset(&v, 0, sizeof v);
	if (fault != NULL && training_fault(t, fault) == NULL) {
		char *ids = training_fault_ids(t);

		*cause = xprintf(_("guide '%s' has no training fault '%s' (the faults: %s)"),
		    g->id, fault, ids);
		free(ids);
		return -1;
	}
	if (util_mkdir_p(tdir, 0700, cause) == -1)
		return -1;
	sandbox = util_path_join(tdir, "sandbox");
	session = util_path_join(tdir, "session");
	log = util_path_join(tdir, "sandbox.log");
	if (lstat(sandbox, &st) == 0 || lstat(session, &st) == 0) {
		*cause = xprintf(_("%s already holds a training: reset it first"),
		    tdir);
		goto out;
	}
	if (mkdir(sandbox, 0755) == -1) {
		*cause = xprintf(_("cannot create the sandbox %s: %s"), sandbox,
		    strerror(errno));
		goto out;
	}
	/* The sandbox's own name, as the scripts will see it. */
	real = training_resolve(sandbox);
	if (real == NULL)
		real = xstrdup(sandbox);
	ports = xcalloc(t->nports + 1, sizeof *ports);
	v.t = t;
	v.sandbox = real;
	v.ports = xcalloc(t->nports + 1, sizeof *v.ports);
	if (training_ports(t, ports, cause) == -1)
		goto fail;
	for (i = 0; i < t->nports; i++)
		v.ports[i] = xprintf("%d", ports[i]);
	unlink(log);
	if (training_run_script(t, real, log, fault, wizard, &v, cause) == -1 ||
	    training_trust_seeds(t, real, cause) == -1)
		goto fail;
	marker = util_path_join(real, TRAINING_MARKER);
	{
		char *text = xprintf("guide: %s\nfault: %s\n", g->id,
		    fault != NULL ? fault : "");

		if (util_write_atomic(marker, text, strlen(text), 0644,
		    cause) == -1) {
			free(text);
			goto fail;
		}
		free(text);
	}
	if (training_session(t, g, session, real, fault, &v, cause) == -1)
		goto out;
	rc = 0;
	goto out;
fail:
	/* Made in this call and not marked yet: removed again. */
	{
		char *ignored = NULL;

		if (copy_remove_tree(sandbox, &ignored) == -1)
			free(ignored);
	}
out:
	if (v.ports != NULL) {
		for (i = 0; i < t->nports; i++)
			free(v.ports[i]);
		free(v.ports);
	}
	free(ports);
	free(real);
	free(marker);
	free(log);
	free(session);
	free(sandbox);
	return rc;
}

int
training_remove(const char *tdir, char **cause)
{
	struct stat st;
	char *sandbox = util_path_join(tdir, "sandbox");
	char *session = util_path_join(tdir, "session");
	char *marker = util_path_join(sandbox, TRAINING_MARKER), *journal;
	int rc = -1;

	if (lstat(sandbox, &st) == 0) {
		if (!S_ISDIR(st.st_mode) || lstat(marker, &st) == -1) {
			*cause = xprintf(_("%s is not a sandbox of this program (it has no %s): nothing was removed"),
			    sandbox, TRAINING_MARKER);
			goto out;
		}
	}
	if (lstat(session, &st) == 0) {
		journal = util_path_join(session, "journal");
		if (!S_ISDIR(st.st_mode) || lstat(journal, &st) == -1) {
			*cause = xprintf(_("%s is not a session folder (it has no journal): nothing was removed"),
			    session);
			free(journal);
			goto out;
		}
		free(journal);
	}
	if (lstat(sandbox, &st) == 0 &&
	    copy_remove_tree(sandbox, cause) == -1)
		goto out;
	if (lstat(session, &st) == 0 &&
	    copy_remove_tree(session, cause) == -1)
		goto out;
	rc = 0;
out:
	free(marker);
	free(session);
	free(sandbox);
	return rc;
}

int
training_prepare(const struct guide *g, const char *tdir, const char *fault,
    int reset, const char *wizard, int *built, char **cause)
{
	struct training *t;
	struct session *s;
	char *session;
	char *lcause = NULL, *ids;
	int rc = -1, exists;

	*built = 0;
	t = training_load_guide(g, cause);
	if (t == NULL)
		return -1;
	if (fault != NULL && training_fault(t, fault) == NULL) {
		ids = training_fault_ids(t);
		*cause = xprintf(_("guide '%s' has no training fault '%s' (the faults: %s)"),
		    g->id, fault, ids);
		free(ids);
		training_free(t);
		return -1;
	}
	session = util_path_join(tdir, "session");
	exists = session_exists(session);
	if (exists && !reset) {
		s = session_load(session, &lcause);
		if (s == NULL) {
			*cause = lcause;
			goto out;
		}
		/* Another fault asked for: injected by building again. */
		if (fault != NULL && (s->training_fault == NULL ||
		    strcmp(s->training_fault, fault) != 0))
			reset = 1;
		session_close(s);
		if (!reset) {
			rc = 0;
			goto out;
		}
	}
	if (training_remove(tdir, cause) == -1)
		goto out;
	if (training_create(t, g, tdir, fault, wizard, cause) == -1)
		goto out;
	*built = 1;
	rc = 0;
out:
	free(session);
	training_free(t);
	return rc;
}

void
training_set_path(const struct training *t, const char *sandbox)
{
	struct buf b = BUF_INIT;
	const char *old = getenv("PATH");
	char *dir;
	size_t i;

	if (t->npath_dirs == 0)
		return;
	for (i = 0; i < t->npath_dirs; i++) {
		dir = util_path_join(sandbox, t->path_dirs[i]);
		/* Already first: nothing to add again. */
		if (i == 0 && old != NULL && strncmp(old, dir, strlen(dir)) == 0 &&
		    (old[strlen(dir)] == ':' || old[strlen(dir)] == '\0')) {
			free(dir);
			buf_free(&b);
			return;
		}
		buf_printf(&b, "%s:", dir);
		free(dir);
	}
	buf_adds(&b, old != NULL && *old != '\0' ? old : "/usr/bin:/bin");
	setenv("PATH", buf_str(&b), 1);
	buf_free(&b);
}

char *
training_self(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n;

	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		return xstrdup(buf);
	}
	if (argv0 != NULL && strchr(argv0, '/') != NULL)
		return util_abspath(argv0);
	return xstrdup("wso2-upgrade-wizard");
}
