/* jdbc.c: database settings from the products' own files: the JDBC URLs of
 * the engines WSO2 runs on, the [database.*] tables and [[datasource]]
 * entries of deployment.toml, and wso2.datasources of deployment.yaml.
 *
 * A password in any of them is noticed, never copied: the URLs handed back
 * have it replaced by asterisks (found by a pass of its own, so a URL that
 * cannot be read is masked too), and no message quotes a value from a URL
 * beyond one character. */
#include "config.h"

#include "jdbc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "i18n.h"
#include "toml.h"
#include "util.h"
#include "xmalloc.h"
#include "ynode.h"

#define JDBC_MASK "********"

/* A URL being read. */
struct jr {
	const char		*url;
	size_t			 len;
	struct db_settings	*s;
	char			*cause;		/* the first problem */
	int			 port_set;	/* the port came from the URL */
	char			*instance;	/* SQL Server's named instance */
	int			 tls_on;	/* ssl=, useSSL=, encrypt=: -1 unset */
	int			 verify;	/* verifyServerCertificate=: -1 unset */
	int			 trust;		/* trustServerCertificate=: -1 unset */
};

/* Engine defaults and names. */

static int
jdbc_default_port(enum db_engine e)
{
	switch (e) {
	case DB_POSTGRESQL:
		return 5432;
	case DB_MYSQL:
	case DB_MARIADB:
		return 3306;
	case DB_ORACLE:
		return 1521;
	case DB_MSSQL:
		return 1433;
	default:
		return 0;
	}
}

/* The engine a deployment.toml "type" names; WSO2 writes "postgre". */
static enum db_engine
jdbc_engine_from_type(const char *type)
{
	if (strcasecmp(type, "postgre") == 0)
		return DB_POSTGRESQL;
	return db_engine_from_name(type);
}

static int __attribute__((format(printf, 3, 4)))
jr_error(struct jr *j, size_t at, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (j->cause != NULL)
		return -1;
	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	if (at == SIZE_MAX) {
		j->cause = msg;
		return -1;
	}
	/* TRANSLATORS: what is wrong in a JDBC URL, then where, counted in
	 * characters from 1. */
	j->cause = xprintf(_("%s (at character %zu)"), msg, at + 1);
	free(msg);
	return -1;
}

static int
jr_starts(const struct jr *j, size_t i, const char *prefix)
{
	size_t n = strlen(prefix);

	return i + n <= j->len && strncasecmp(j->url + i, prefix, n) == 0;
}

/* The first of the characters in set at or after i (before end), or end. */
static size_t
jr_find(const struct jr *j, size_t i, size_t end, const char *set)
{
	while (i < end && strchr(set, j->url[i]) == NULL)
		i++;
	return i;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The text in [start, end), %XX decoded when decode is set; NULL when a
 * % is not followed by two hexadecimal digits (reported). */
static char *
jr_text(struct jr *j, size_t start, size_t end, int decode)
{
	struct buf b = BUF_INIT;
	size_t i;
	int hi, lo;

	for (i = start; i < end; i++) {
		if (!decode || j->url[i] != '%') {
			buf_addc(&b, j->url[i]);
			continue;
		}
		hi = i + 1 < end ? hexval((unsigned char)j->url[i + 1]) : -1;
		lo = i + 2 < end ? hexval((unsigned char)j->url[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			jr_error(j, i, _("a %% must be followed by two "
			    "hexadecimal digits (not %%00)"));
			buf_free(&b);
			return NULL;
		}
		buf_addc(&b, (char)(hi * 16 + lo));
		i += 2;
	}
	return buf_steal(&b);
}

static int
jr_set(struct jr *j, char **field, size_t start, size_t end, int decode)
{
	char *v;

	if ((v = jr_text(j, start, end, decode)) == NULL)
		return -1;
	free(*field);
	*field = v;
	return 0;
}

/* Hosts and ports. */

static int
is_host_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

/* A host at *i, up to end or a character of stops: a name, an address,
 * or an IPv6 address in brackets (kept without them). An empty one is
 * localhost. */
static int
jr_host(struct jr *j, size_t *i, size_t end, const char *stops)
{
	size_t start = *i, close, k;
	int c;

	if (start < end && j->url[start] == '[') {
		close = jr_find(j, start, end, "]");
		if (close == end)
			return jr_error(j, start, _("the IPv6 address that "
			    "starts here is not closed: a ] is missing"));
		if (close == start + 1)
			return jr_error(j, start, _("the IPv6 address is "
			    "empty"));
		for (k = start + 1; k < close; k++) {
			c = (unsigned char)j->url[k];
			if (hexval(c) < 0 && c != ':' && c != '.' && c != '%' &&
			    !((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')))
				return jr_error(j, k, _("an IPv6 address cannot "
				    "hold '%c'"), c);
		}
		/* A zone (fe80::1%25eth0) has its % written as %25. */
		free(j->s->host);
		j->s->host = xstrndup(j->url + start + 1, close - start - 1);
		for (k = 0; j->s->host[k] != '\0'; k++) {
			if (strncmp(j->s->host + k, "%25", 3) == 0)
				memmove(j->s->host + k + 1, j->s->host + k + 3,
				    strlen(j->s->host + k + 3) + 1);
		}
		*i = close + 1;
		if (*i < end && strchr(stops, j->url[*i]) == NULL)
			return jr_error(j, *i, _("expected : and a port after "
			    "the IPv6 address"));
		return 0;
	}
	for (k = start; k < end && strchr(stops, j->url[k]) == NULL; k++) {
		c = (unsigned char)j->url[k];
		if (!is_host_char(c)) {
			if (c > ' ' && c < 0x7f)
				return jr_error(j, k, _("a host name cannot hold "
				    "'%c'"), c);
			return jr_error(j, k, _("a host name cannot hold this "
			    "character"));
		}
	}
	free(j->s->host);
	j->s->host = xstrndup(j->url + start, k - start);
	if (k == start) {
		free(j->s->host);
		j->s->host = xstrdup("localhost");
	}
	*i = k;
	return 0;
}

/* A port in [start, end). The text is not quoted in messages: a URL
 * written wrongly may have a password there. */
static int
jr_port(struct jr *j, size_t start, size_t end)
{
	char *text;
	int port, r;

	if (start == end)
		return jr_error(j, start - 1, _("the port is missing after "
		    "':'"));
	text = xstrndup(j->url + start, end - start);
	r = util_parse_port(text, &port);
	free(text);
	if (r == -1)
		return jr_error(j, start, _("the port is not a number from 1 "
		    "to 65535"));
	j->s->port = port;
	j->port_set = 1;
	return 0;
}

/* host[:port] in [start, end), the first of a list host1,host2 (the
 * others are other servers of the same database). */
static int
jr_hostport(struct jr *j, size_t start, size_t end)
{
	size_t i = start, k;
	int bracket = 0;

	for (k = start; k < end; k++) {
		if (j->url[k] == '[')
			bracket = 1;
		else if (j->url[k] == ']')
			bracket = 0;
		else if (j->url[k] == ',' && !bracket) {
			end = k;
			break;
		}
	}
	if (jr_find(j, start, end, "(") != end)
		return jr_error(j, jr_find(j, start, end, "("), _("hosts "
		    "written as address=(...) or (host=...) are not read; "
		    "write host:port"));
	if (jr_host(j, &i, end, ":") == -1)
		return -1;
	if (i < end)
		return jr_port(j, i + 1, end);
	return 0;
}

/* The part after "//" up to the path or the properties: [user[:pw]@]
 * hosts. The user is kept; the password is only stepped over. */
static int
jr_authority(struct jr *j, size_t start, size_t end)
{
	size_t at = end, k;

	for (k = start; k < end; k++) {
		if (j->url[k] == '@')
			at = k;
	}
	if (at != end) {
		k = jr_find(j, start, at, ":");
		if (k > start && jr_set(j, &j->s->user, start, k, 1) == -1)
			return -1;
		start = at + 1;
	}
	return jr_hostport(j, start, end);
}

/* Properties. */

static int
jr_bool(struct jr *j, size_t start, size_t end, const char *name, int *out)
{
	static const char *const yes[] = { "true", "yes", "1", "on" };
	static const char *const no[] = { "false", "no", "0", "off" };
	size_t n = end - start, k;

	for (k = 0; k < sizeof yes / sizeof yes[0]; k++) {
		if (n == strlen(yes[k]) &&
		    strncasecmp(j->url + start, yes[k], n) == 0) {
			*out = 1;
			return 0;
		}
		if (n == strlen(no[k]) &&
		    strncasecmp(j->url + start, no[k], n) == 0) {
			*out = 0;
			return 0;
		}
	}
	return jr_error(j, start, _("%s must be true or false"), name);
}

/* A value from a table of words, mapped to a TLS mode. */
struct jr_word {
	const char	*word;
	const char	*tls;
};

static int
jr_tls_word(struct jr *j, size_t start, size_t end, const char *name,
    const struct jr_word *words, size_t nwords, const char *list)
{
	size_t n = end - start, k;

	for (k = 0; k < nwords; k++) {
		if (n == strlen(words[k].word) &&
		    strncasecmp(j->url + start, words[k].word, n) == 0) {
			free(j->s->tls);
			j->s->tls = xstrdup(words[k].tls);
			return 0;
		}
	}
	return jr_error(j, start, _("%s must be one of %s"), name, list);
}

static const struct jr_word jr_pg_sslmodes[] = {
	{ "disable", "disable" },
	{ "allow", "prefer" },		/* the nearest of the modes we know */
	{ "prefer", "prefer" },
	{ "require", "require" },
	{ "verify-ca", "verify-ca" },
	{ "verify-full", "verify-full" },
};

static const struct jr_word jr_mysql_sslmodes[] = {
	{ "DISABLED", "disable" },
	{ "PREFERRED", "prefer" },
	{ "REQUIRED", "require" },
	{ "VERIFY_CA", "verify-ca" },
	{ "VERIFY_IDENTITY", "verify-full" },
	/* MariaDB Connector/J's words. */
	{ "disable", "disable" },
	{ "trust", "require" },
	{ "verify-ca", "verify-ca" },
	{ "verify-full", "verify-full" },
};

static int
jr_is(const struct jr *j, size_t start, size_t end, const char *name)
{
	return end - start == strlen(name) &&
	    strncasecmp(j->url + start, name, end - start) == 0;
}

/* One property name=value of the URL; those that matter are kept. */
static int
jr_property(struct jr *j, size_t n0, size_t n1, size_t v0, size_t v1,
    int decode)
{
	enum db_engine e = j->s->engine;
	int b;

	if (jr_is(j, n0, n1, "password"))
		return 0;
	if (jr_is(j, n0, n1, "user") || (e == DB_MSSQL &&
	    jr_is(j, n0, n1, "userName"))) {
		if (v1 == v0)
			return 0;
		return jr_set(j, &j->s->user, v0, v1, decode);
	}
	switch (e) {
	case DB_POSTGRESQL:
		if (jr_is(j, n0, n1, "sslmode"))
			return jr_tls_word(j, v0, v1, "sslmode",
			    jr_pg_sslmodes, sizeof jr_pg_sslmodes /
			    sizeof jr_pg_sslmodes[0], "disable, allow, prefer, "
			    "require, verify-ca, verify-full");
		if (jr_is(j, n0, n1, "ssl")) {
			/* A bare "ssl" turns it on. */
			if (v0 == v1)
				j->tls_on = 1;
			else
				return jr_bool(j, v0, v1, "ssl", &j->tls_on);
		}
		return 0;
	case DB_MYSQL:
	case DB_MARIADB:
		if (jr_is(j, n0, n1, "sslMode"))
			return jr_tls_word(j, v0, v1, "sslMode",
			    jr_mysql_sslmodes, sizeof jr_mysql_sslmodes /
			    sizeof jr_mysql_sslmodes[0], e == DB_MYSQL ?
			    "DISABLED, PREFERRED, REQUIRED, VERIFY_CA, "
			    "VERIFY_IDENTITY" :
			    "disable, trust, verify-ca, verify-full");
		if (jr_is(j, n0, n1, "useSSL") ||
		    jr_is(j, n0, n1, "requireSSL")) {
			if (jr_bool(j, v0, v1, "useSSL", &b) == -1)
				return -1;
			if (j->tls_on != 1)
				j->tls_on = b;
			return 0;
		}
		if (jr_is(j, n0, n1, "verifyServerCertificate"))
			return jr_bool(j, v0, v1, "verifyServerCertificate",
			    &j->verify);
		if (jr_is(j, n0, n1, "trustServerCertificate"))
			return jr_bool(j, v0, v1, "trustServerCertificate",
			    &j->trust);
		return 0;
	case DB_MSSQL:
		if (jr_is(j, n0, n1, "databaseName") ||
		    jr_is(j, n0, n1, "database"))
			return jr_set(j, &j->s->database, v0, v1, 0);
		if (jr_is(j, n0, n1, "serverName") ||
		    jr_is(j, n0, n1, "server")) {
			if (j->s->host != NULL && *j->s->host != '\0')
				return 0;
			if (jr_host(j, &v0, v1, "\\") == -1)
				return -1;
			if (v0 < v1)
				return jr_set(j, &j->instance, v0 + 1, v1, 0);
			return 0;
		}
		if (jr_is(j, n0, n1, "portNumber") ||
		    jr_is(j, n0, n1, "port")) {
			if (j->port_set)
				return 0;
			return jr_port(j, v0, v1);
		}
		if (jr_is(j, n0, n1, "instanceName") ||
		    jr_is(j, n0, n1, "instance"))
			return jr_set(j, &j->instance, v0, v1, 0);
		if (jr_is(j, n0, n1, "encrypt")) {
			if (jr_is(j, v0, v1, "strict")) {
				j->tls_on = 1;
				j->trust = 0;
				return 0;
			}
			if (jr_is(j, v0, v1, "mandatory")) {
				j->tls_on = 1;
				return 0;
			}
			if (jr_is(j, v0, v1, "optional")) {
				j->tls_on = 0;
				return 0;
			}
			if (jr_bool(j, v0, v1, "encrypt", &j->tls_on) == 0)
				return 0;
			free(j->cause);
			j->cause = NULL;
			return jr_error(j, v0, _("encrypt must be true, false, "
			    "strict, mandatory or optional"));
		}
		if (jr_is(j, n0, n1, "trustServerCertificate"))
			return jr_bool(j, v0, v1, "trustServerCertificate",
			    &j->trust);
		return 0;
	default:
		return 0;
	}
}

/* name=value properties in [start, end), separated by sep: '&' (where
 * "&amp;", XML's escape carried into the file, is read as '&') or ';'
 * (where a value may be written in braces, {a;b}). */
static int
jr_properties(struct jr *j, size_t start, size_t end, char sep, int decode)
{
	size_t i = start, e, eq, v0, v1;

	while (i < end) {
		for (e = i; e < end && j->url[e] != sep; e++) {
			if (sep == ';' && j->url[e] == '{') {
				while (e < end && j->url[e] != '}')
					e++;
				if (e == end)
					return jr_error(j, i, _("a value in "
					    "braces is not closed: a } is "
					    "missing"));
			}
		}
		if (e > i) {
			eq = jr_find(j, i, e, "=");
			if (eq == i)
				return jr_error(j, i, _("a property name is "
				    "missing before '='"));
			v0 = eq < e ? eq + 1 : e;
			v1 = e;
			if (sep == ';' && v1 - v0 >= 2 && j->url[v0] == '{' &&
			    j->url[v1 - 1] == '}') {
				v0++;
				v1--;
			}
			if (jr_property(j, i, eq, v0, v1, decode) == -1)
				return -1;
		}
		if (sep == '&' && jr_starts(j, e, "&amp;"))
			i = e + 5;
		else
			i = e + 1;
	}
	return 0;
}

/* The engines' forms. */

/* jdbc:postgresql:db, jdbc:postgresql:/, jdbc:postgresql://host[:port]/
 * [db][?props], with a list host1:port1,host2:port2. */
static int
jr_postgresql(struct jr *j, size_t i)
{
	size_t end, q;

	q = jr_find(j, i, j->len, "?");
	if (jr_starts(j, i, "//")) {
		i += 2;
		end = jr_find(j, i, q, "/");
		if (jr_authority(j, i, end) == -1)
			return -1;
		i = end < q ? end + 1 : q;
	} else {
		j->s->host = xstrdup("localhost");
		if (i < q && j->url[i] == '/')
			i++;
	}
	if (q > i && jr_set(j, &j->s->database, i, q, 1) == -1)
		return -1;
	if (q < j->len)
		return jr_properties(j, q + 1, j->len, '&', 1);
	return 0;
}

/* jdbc:mysql://[user@]host[:port][/db][?props] (also :loadbalance:,
 * :replication:), jdbc:mariadb:// the same. */
static int
jr_mysql(struct jr *j, size_t i)
{
	static const char *const kinds[] = {
		"loadbalance:", "replication:", "aws:", "sequential:",
		"failover:"
	};
	size_t end, q, k;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		if (jr_starts(j, i, kinds[k])) {
			i += strlen(kinds[k]);
			break;
		}
	}
	if (!jr_starts(j, i, "//"))
		return jr_error(j, i, _("expected // and a host here"));
	i += 2;
	q = jr_find(j, i, j->len, "?");
	end = jr_find(j, i, q, "/");
	if (jr_authority(j, i, end) == -1)
		return -1;
	if (end + 1 < q && jr_set(j, &j->s->database, end + 1, q, 1) == -1)
		return -1;
	if (q < j->len)
		return jr_properties(j, q + 1, j->len, '&', 1);
	return 0;
}

/* The value of KEY in an Oracle connect descriptor (...(KEY=value)...),
 * the first one; -1 when there is none. */
static int
jr_descriptor_value(const struct jr *j, size_t start, const char *key,
    size_t *v0, size_t *v1)
{
	size_t i, k, n = strlen(key);

	for (i = start; i < j->len; i++) {
		if (j->url[i] != '(')
			continue;
		k = i + 1;
		while (k < j->len && j->url[k] == ' ')
			k++;
		if (k + n > j->len || strncasecmp(j->url + k, key, n) != 0)
			continue;
		k += n;
		while (k < j->len && j->url[k] == ' ')
			k++;
		if (k >= j->len || j->url[k] != '=')
			continue;
		k++;
		while (k < j->len && j->url[k] == ' ')
			k++;
		*v0 = k;
		while (k < j->len && j->url[k] != ')' && j->url[k] != '(')
			k++;
		while (k > *v0 && j->url[k - 1] == ' ')
			k--;
		*v1 = k;
		return 0;
	}
	return -1;
}

/* (DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))
 * (CONNECT_DATA=(SERVICE_NAME=s))). */
static int
jr_descriptor(struct jr *j, size_t start)
{
	size_t i, v0, v1;
	int depth = 0;

	for (i = start; i < j->len; i++) {
		if (j->url[i] == '(')
			depth++;
		else if (j->url[i] == ')' && --depth < 0)
			break;
	}
	if (depth != 0)
		return jr_error(j, depth < 0 ? i : start, _("the connect "
		    "descriptor's parentheses do not match"));
	if (jr_descriptor_value(j, start, "HOST", &v0, &v1) == -1 ||
	    v0 == v1)
		return jr_error(j, start, _("the connect descriptor names no "
		    "HOST"));
	if (jr_host(j, &v0, v1, "") == -1)
		return -1;
	if (jr_descriptor_value(j, start, "PORT", &v0, &v1) == 0 &&
	    jr_port(j, v0, v1) == -1)
		return -1;
	if (jr_descriptor_value(j, start, "PROTOCOL", &v0, &v1) == 0 &&
	    jr_is(j, v0, v1, "TCPS")) {
		free(j->s->tls);
		j->s->tls = xstrdup("require");
	}
	if (jr_descriptor_value(j, start, "SERVICE_NAME", &v0, &v1) == 0 ||
	    jr_descriptor_value(j, start, "SID", &v0, &v1) == 0)
		return jr_set(j, &j->s->database, v0, v1, 0);
	return jr_error(j, start, _("the connect descriptor names no "
	    "SERVICE_NAME or SID"));
}

/* jdbc:oracle:thin:[user[/password]]@ and then host:port:SID,
 * //host[:port]/service, host[:port]/service, tcp(s)://..., or a connect
 * descriptor (...). */
static int
jr_oracle(struct jr *j, size_t i)
{
	static const char *const drivers[] = { "thin:", "oci8:", "oci:" };
	size_t at, k, end, slash;

	for (k = 0; k < sizeof drivers / sizeof drivers[0]; k++) {
		if (jr_starts(j, i, drivers[k]))
			break;
	}
	if (k == sizeof drivers / sizeof drivers[0])
		return jr_error(j, i, _("expected thin: or oci: after "
		    "jdbc:oracle:"));
	i += strlen(drivers[k]);
	at = j->len;
	for (k = i; k < j->len && j->url[k] != '('; k++) {
		if (j->url[k] == '@')
			at = k;
	}
	if (at == j->len)
		return jr_error(j, i, _("expected @ and the database's "
		    "address"));
	if (at > i) {
		slash = jr_find(j, i, at, "/");
		if (slash > i && jr_set(j, &j->s->user, i, slash, 0) == -1)
			return -1;
	}
	i = at + 1;
	if (i < j->len && j->url[i] == '(')
		return jr_descriptor(j, i);
	if (jr_starts(j, i, "tcps://")) {
		free(j->s->tls);
		j->s->tls = xstrdup("require");
		i += 7;
	} else if (jr_starts(j, i, "tcp://"))
		i += 6;
	else if (jr_starts(j, i, "//"))
		i += 2;
	end = jr_find(j, i, j->len, "?");
	if (jr_host(j, &i, end, ":/") == -1)
		return -1;
	if (i == end)
		return jr_error(j, at + 1, _("this is a TNS alias, whose "
		    "address is in tnsnames.ora; write host:port:SID or "
		    "//host:port/service instead"));
	if (j->url[i] == ':') {
		k = jr_find(j, i + 1, end, ":/");
		if (jr_port(j, i + 1, k) == -1)
			return -1;
		i = k;
	}
	if (i == end)
		return jr_error(j, i, _("the SID or the service name is "
		    "missing"));
	/* host:port:SID, or .../service[:server][/instance] */
	k = jr_find(j, i + 1, end, j->url[i] == ':' ? "" : ":/");
	if (k == i + 1)
		return jr_error(j, i + 1, j->url[i] == ':' ?
		    _("the SID is missing after ':'") :
		    _("the service name is missing after '/'"));
	return jr_set(j, &j->s->database, i + 1, k, 0);
}

/* jdbc:sqlserver://[host[\instance][:port]][;prop=value...], and jTDS's
 * jdbc:jtds:sqlserver://host[:port][/db][;prop=value...]. */
static int
jr_sqlserver(struct jr *j, size_t i, int jtds)
{
	size_t end, semi;

	if (!jr_starts(j, i, "//"))
		return jr_error(j, i, _("expected // and a host here"));
	i += 2;
	semi = jr_find(j, i, j->len, ";");
	end = jr_find(j, i, semi, jtds ? "/" : "");
	if (i < end) {
		if (jr_host(j, &i, end, "\\:") == -1)
			return -1;
		if (i < end && j->url[i] == '\\') {
			size_t k = jr_find(j, i + 1, end, ":");

			if (jr_set(j, &j->instance, i + 1, k, 0) == -1)
				return -1;
			i = k;
		}
		if (i < end && jr_port(j, i + 1, end) == -1)
			return -1;
	}
	if (jtds && end < semi && end + 1 < semi &&
	    jr_set(j, &j->s->database, end + 1, semi, 0) == -1)
		return -1;
	if (semi < j->len &&
	    jr_properties(j, semi + 1, j->len, ';', 0) == -1)
		return -1;
	if (j->s->host == NULL || *j->s->host == '\0') {
		free(j->s->host);
		j->s->host = xstrdup("localhost");
	}
	return 0;
}

/* A placeholder the product fills in when it starts: $env{X}, $sys{x},
 * ${x}. The settings cannot be known from the file. */
static int
jr_placeholders(struct jr *j)
{
	static const char *const marks[] = { "$env{", "$sys{", "${" };
	const char *p;
	size_t k;

	for (k = 0; k < sizeof marks / sizeof marks[0]; k++) {
		if ((p = strstr(j->url, marks[k])) != NULL)
			return jr_error(j, (size_t)(p - j->url), _("the URL "
			    "holds a placeholder (%s...}) that the product "
			    "fills in when it starts; give the settings by "
			    "hand"), marks[k]);
	}
	return 0;
}

/* Read a URL into s (filled from scratch). -1 with *cause. */
static int
jdbc_read(const char *url, struct db_settings *s, char **cause)
{
	static const struct {
		const char	*prefix;
		enum db_engine	 engine;
		int		 jtds;
	} forms[] = {
		{ "jdbc:postgresql:", DB_POSTGRESQL, 0 },
		{ "jdbc:mysql:", DB_MYSQL, 0 },
		{ "jdbc:mariadb:", DB_MARIADB, 0 },
		{ "jdbc:oracle:", DB_ORACLE, 0 },
		{ "jdbc:sqlserver:", DB_MSSQL, 0 },
		{ "jdbc:jtds:sqlserver:", DB_MSSQL, 1 },
	};
	struct jr j;
	size_t k, i;
	int r;

	memset(s, 0, sizeof *s);
	memset(&j, 0, sizeof j);
	j.url = url;
	j.len = strlen(url);
	j.s = s;
	j.tls_on = j.verify = j.trust = -1;

	if (j.len == 0)
		r = jr_error(&j, SIZE_MAX, _("the JDBC URL is empty"));
	else if (!jr_starts(&j, 0, "jdbc:"))
		r = jr_error(&j, 0, _("a JDBC URL starts with jdbc:"));
	else {
		for (k = 0; k < sizeof forms / sizeof forms[0]; k++) {
			if (jr_starts(&j, 0, forms[k].prefix))
				break;
		}
		if (k == sizeof forms / sizeof forms[0]) {
			if (jr_starts(&j, 0, "jdbc:h2:"))
				r = jr_error(&j, 5, _("an H2 database is a file "
				    "inside the product, not a database "
				    "server"));
			else
				r = jr_error(&j, 5, _("this is not a URL of "
				    "PostgreSQL, MySQL, MariaDB, Oracle or SQL "
				    "Server"));
		} else if (jr_placeholders(&j) == -1)
			r = -1;
		else {
			s->engine = forms[k].engine;
			i = strlen(forms[k].prefix);
			switch (s->engine) {
			case DB_POSTGRESQL:
				r = jr_postgresql(&j, i);
				break;
			case DB_MYSQL:
			case DB_MARIADB:
				r = jr_mysql(&j, i);
				break;
			case DB_ORACLE:
				r = jr_oracle(&j, i);
				break;
			default:
				r = jr_sqlserver(&j, i, forms[k].jtds);
				break;
			}
		}
	}
	if (r == -1) {
		free(j.instance);
		db_settings_clear(s);
		*cause = j.cause;
		return -1;
	}

	if (!j.port_set)
		s->port = jdbc_default_port(s->engine);
	if (j.instance != NULL) {
		/* SQL Server's own way to write a named instance. */
		char *host = xprintf("%s\\%s", s->host, j.instance);

		free(s->host);
		s->host = host;
		free(j.instance);
	}
	if (s->database != NULL && *s->database == '\0') {
		free(s->database);
		s->database = NULL;
	}
	if (s->tls == NULL && j.tls_on == 0)
		s->tls = xstrdup("disable");
	else if (s->tls == NULL && j.tls_on == 1) {
		switch (s->engine) {
		case DB_POSTGRESQL:
			/* PgJDBC's ssl=true checks the certificate and the
			 * host name. */
			s->tls = xstrdup("verify-full");
			break;
		case DB_MSSQL:
			s->tls = xstrdup(j.trust == 1 ? "require" :
			    "verify-full");
			break;
		default:
			s->tls = xstrdup(j.verify == 1 ? "verify-ca" :
			    "require");
			break;
		}
	}
	return 0;
}

int
jdbc_parse(const char *url, struct db_settings *s, char **cause)
{
	return jdbc_read(url, s, cause);
}

/* Passwords in URLs. */

/* Mark [start, end) as a password to mask; 1 when it is not empty. */
static int
mask_add(size_t (*ranges)[2], size_t *n, size_t max, size_t start,
    size_t end)
{
	if (end <= start || *n == max)
		return 0;
	ranges[*n][0] = start;
	ranges[*n][1] = end;
	(*n)++;
	return 1;
}

/* The URL with every password in it replaced by asterisks: password=
 * properties (any case, any separator, in braces too), user:password@ and
 * Oracle's user/password@. *found says whether there was one. Done on the
 * text alone, so a URL that cannot be read is masked as well. The caller
 * frees the result. */
static char *
jdbc_mask(const char *url, int *found)
{
	struct jr j;
	struct buf b = BUF_INIT;
	size_t ranges[32][2], n = 0, i, k, at, end, prev = 0;
	const size_t max = sizeof ranges / sizeof ranges[0];

	memset(&j, 0, sizeof j);
	j.url = url;
	j.len = strlen(url);
	*found = 0;

	/* password=... after ?, &, ; or at the start of a property. */
	for (i = 0; i < j.len; i++) {
		if (!jr_starts(&j, i, "password="))
			continue;
		if (i > 0 && strchr("?&;:/", url[i - 1]) == NULL)
			continue;
		k = i + strlen("password=");
		if (k < j.len && url[k] == '{')
			end = jr_find(&j, k, j.len, "}") + 1;
		else {
			end = k;
			while (end < j.len && url[end] != ';' &&
			    url[end] != '&')
				end++;
		}
		if (end > j.len)
			end = j.len;
		*found |= mask_add(ranges, &n, max, k, end);
		i = end > i ? end - 1 : i;
	}

	/* //user:password@host */
	if ((i = jr_find(&j, 0, j.len, "/")) + 1 < j.len && url[i + 1] == '/') {
		i += 2;
		end = jr_find(&j, i, j.len, "/?;");
		for (at = end, k = i; k < end; k++) {
			if (url[k] == '@')
				at = k;
		}
		if (at != end) {
			k = jr_find(&j, i, at, ":");
			if (k < at)
				*found |= mask_add(ranges, &n, max, k + 1, at);
		}
	}

	/* jdbc:oracle:thin:user/password@ */
	if (jr_starts(&j, 0, "jdbc:oracle:")) {
		i = jr_find(&j, strlen("jdbc:oracle:"), j.len, ":");
		at = jr_find(&j, i, j.len, "@(");
		if (i < j.len && at < j.len && url[at] == '@') {
			k = jr_find(&j, i, at, "/");
			if (k < at)
				*found |= mask_add(ranges, &n, max, k + 1, at);
		}
	}

	/* The ranges in order, without overlaps. */
	for (i = 1; i < n; i++) {
		for (k = i; k > 0 && ranges[k - 1][0] > ranges[k][0]; k--) {
			size_t t0 = ranges[k][0], t1 = ranges[k][1];

			ranges[k][0] = ranges[k - 1][0];
			ranges[k][1] = ranges[k - 1][1];
			ranges[k - 1][0] = t0;
			ranges[k - 1][1] = t1;
		}
	}
	for (i = 0; i < n; i++) {
		if (ranges[i][1] <= prev)
			continue;
		if (ranges[i][0] > prev)
			buf_add(&b, url + prev, ranges[i][0] - prev);
		buf_adds(&b, JDBC_MASK);
		prev = ranges[i][1];
	}
	buf_add(&b, url + prev, j.len - prev);
	return buf_steal(&b);
}

/* Discovery. */

static struct jdbc_found *
jdbc_list_add(struct jdbc_list *l)
{
	struct jdbc_found *f;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	return f;
}

/* Is a password value an encrypted one, $secret{alias} (deployment.toml)
 * or ${sec:alias} (deployment.yaml)? */
static int
jdbc_is_secret(const char *v)
{
	size_t n = strlen(v);

	if (n > 9 && strncmp(v, "$secret{", 8) == 0 && v[n - 1] == '}')
		return 1;
	return n > 7 && strncmp(v, "${sec:", 6) == 0 && v[n - 1] == '}';
}

/* Fill one found datasource from its URL, user, password and type. */
static void
jdbc_found_fill(struct jdbc_found *f, const char *file, const char *name,
    int line, const char *url, const char *user, const char *type,
    int password_set, int password_secret)
{
	enum db_engine e;
	int in_url;

	f->name = xstrdup(name);
	f->file = xstrdup(file);
	f->line = line;
	f->url = jdbc_mask(url, &in_url);
	if (jdbc_read(url, &f->settings, &f->error) == -1)
		memset(&f->settings, 0, sizeof f->settings);
	if (type != NULL && (e = jdbc_engine_from_type(type)) != DB_NONE)
		f->settings.engine = e;
	if (user != NULL && *user != '\0') {
		free(f->settings.user);
		f->settings.user = xstrdup(user);
	}
	f->password_set = password_set || in_url;
	f->password_secret = password_secret;
	/* TRANSLATORS: where database settings came from; FILE is a
	 * path. */
	f->settings.source = xprintf(_("discovered %s"), file);
}

/* One table of deployment.toml with a url: a [database.NAME] or a
 * [[datasource]] entry. */
static void
jdbc_toml_table(struct jdbc_list *l, const char *file, const char *name,
    const struct toml_table *t)
{
	const struct toml_kv *url = toml_kv_get(t, "url");
	const struct toml_value *pw = toml_get(t, "password");
	const char *type, *pws;
	struct jdbc_found *f;
	int line;

	if (url == NULL)
		return;
	line = t->header.line != 0 ? t->header.line : url->key_pos.line;
	type = toml_str(toml_get(t, "type"));
	pws = toml_str(pw);
	f = jdbc_list_add(l);
	jdbc_found_fill(f, file, name, line,
	    url->value->type == TOML_STRING ? url->value->str : "",
	    toml_str(toml_get(t, "username")), type,
	    pw != NULL && (pws == NULL || *pws != '\0'),
	    pws != NULL && jdbc_is_secret(pws));
	if (url->value->type != TOML_STRING) {
		free(f->error);
		f->error = xprintf(_("'url' must be a string, not of type "
		    "%s"), toml_type_name(url->value));
	}
}

int
jdbc_discover_toml(const char *path, struct jdbc_list *l, char **cause)
{
	struct diags d = DIAGS_INIT;
	struct toml_doc *doc;
	struct toml_table *db, *t;
	const struct toml_kv *kv;
	const char *id;
	size_t i, n;
	char *name;

	if ((doc = toml_parse_file(path, &d)) == NULL) {
		diags_sort(&d);
		*cause = diags_join(&d);
		n = strlen(*cause);
		if (n > 0 && (*cause)[n - 1] == '\n')
			(*cause)[n - 1] = '\0';
		diags_free(&d);
		return -1;
	}
	if ((db = toml_table_find(doc, "database")) != NULL) {
		for (i = 0; i < db->n; i++) {
			kv = db->kv[i];
			if (kv->value->type == TOML_TABLE)
				jdbc_toml_table(l, path, kv->key,
				    kv->value->table);
		}
	}
	n = toml_entry_count(doc, "datasource");
	for (i = 0; i < n; i++) {
		t = toml_entry(doc, "datasource", i);
		if ((id = toml_str(toml_get(t, "id"))) == NULL)
			id = toml_str(toml_get(t, "name"));
		if (id != NULL && *id != '\0')
			name = xstrdup(id);
		else
			name = xprintf("datasource.%zu", i + 1);
		jdbc_toml_table(l, path, name, t);
		free(name);
	}
	toml_free(doc);
	return 0;
}

int
jdbc_discover_yaml(const char *path, struct jdbc_list *l, char **cause)
{
	const struct ynode *list, *item, *conf, *pw;
	struct ynode *root;
	struct jdbc_found *f;
	const char *url, *name, *pws;
	size_t i;
	char *fallback;

	if ((root = ynode_parse_file(path, cause)) == NULL)
		return -1;
	list = ynode_get(ynode_get(root, "wso2.datasources"), "dataSources");
	if (list != NULL && list->type != YNODE_SEQUENCE) {
		*cause = xprintf(_("%s:%d:%d: 'dataSources' must be a list, "
		    "not a %s"), path, list->line, list->col,
		    ynode_type_name(list));
		ynode_free(root);
		return -1;
	}
	for (i = 0; list != NULL && i < list->n; i++) {
		item = list->items[i];
		conf = ynode_get(ynode_get(item, "definition"),
		    "configuration");
		if ((url = ynode_str(ynode_get(conf, "jdbcUrl"))) == NULL)
			continue;
		name = ynode_str(ynode_get(item, "name"));
		fallback = xprintf("dataSources.%zu", i + 1);
		pw = ynode_get(conf, "password");
		pws = ynode_str(pw);
		f = jdbc_list_add(l);
		jdbc_found_fill(f, path, name != NULL && *name != '\0' ?
		    name : fallback, item->line, url,
		    ynode_str(ynode_get(conf, "username")), NULL,
		    pw != NULL && (pws == NULL || *pws != '\0'),
		    pws != NULL && jdbc_is_secret(pws));
		free(fallback);
	}
	ynode_free(root);
	return 0;
}

void
jdbc_list_clear(struct jdbc_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].file);
		free(l->v[i].url);
		free(l->v[i].error);
		db_settings_clear(&l->v[i].settings);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
