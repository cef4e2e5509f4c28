/* test-jdbc.c: JDBC URLs of every engine and form, their errors with the
 * character they point at, and discovery from deployment.toml and
 * deployment.yaml fixtures, without a password ever copied out. */
#include "config.h"

#include "testutil.h"

#include "db.h"
#include "jdbc.h"

/* What a URL must give; NULL for a field that must be NULL. */
struct want {
	enum db_engine	 engine;
	const char	*host;
	int		 port;
	const char	*database;
	const char	*user;
	const char	*tls;
};

static void
assert_str_or_null(const char *got, const char *want, const char *what,
    const char *url)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(got, want) != 0)
		fail_msg("%s: %s is \"%s\", wanted \"%s\"", url, what,
		    got != NULL ? got : "(null)", want != NULL ? want :
		    "(null)");
}

static void
assert_settings(const struct db_settings *s, const struct want *w,
    const char *url)
{
	if (s->engine != w->engine)
		fail_msg("%s: engine %s, wanted %s", url,
		    db_engine_name(s->engine), db_engine_name(w->engine));
	assert_str_or_null(s->host, w->host, "host", url);
	if (s->port != w->port)
		fail_msg("%s: port %d, wanted %d", url, s->port, w->port);
	assert_str_or_null(s->database, w->database, "database", url);
	assert_str_or_null(s->user, w->user, "user", url);
	assert_str_or_null(s->tls, w->tls, "tls", url);
}

static const struct {
	const char	*url;
	struct want	 want;
} good[] = {
	/* MySQL, with the XML escape WSO2 files carry. */
	{ "jdbc:mysql://localhost:3306/openbank_apimgtdb?autoReconnect=true"
	  "&amp;useSSL=false",
	  { DB_MYSQL, "localhost", 3306, "openbank_apimgtdb", NULL,
	    "disable" } },
	{ "jdbc:mysql://db.example.com/wso2?useSSL=true&"
	  "verifyServerCertificate=true",
	  { DB_MYSQL, "db.example.com", 3306, "wso2", NULL, "verify-ca" } },
	{ "jdbc:mysql://h:3307/d?useSSL=true",
	  { DB_MYSQL, "h", 3307, "d", NULL, "require" } },
	{ "jdbc:mysql://h/d?useSSL=false&amp;sslMode=VERIFY_IDENTITY",
	  { DB_MYSQL, "h", 3306, "d", NULL, "verify-full" } },
	{ "jdbc:mysql://h/d?sslMode=preferred&user=apim",
	  { DB_MYSQL, "h", 3306, "d", "apim", "prefer" } },
	{ "jdbc:mysql://apim:Secret-1@h:3310/d",
	  { DB_MYSQL, "h", 3310, "d", "apim", NULL } },
	{ "jdbc:mysql:replication://h1:3306,h2:3307/d",
	  { DB_MYSQL, "h1", 3306, "d", NULL, NULL } },
	{ "jdbc:mysql:loadbalance://h1,h2/d",
	  { DB_MYSQL, "h1", 3306, "d", NULL, NULL } },
	{ "jdbc:mysql:///d", { DB_MYSQL, "localhost", 3306, "d", NULL, NULL } },
	{ "jdbc:mysql://h", { DB_MYSQL, "h", 3306, NULL, NULL, NULL } },
	{ "jdbc:mysql://h:3306/", { DB_MYSQL, "h", 3306, NULL, NULL, NULL } },
	{ "jdbc:mysql://h/my%20db?", { DB_MYSQL, "h", 3306, "my db", NULL,
	    NULL } },
	{ "JDBC:MySQL://h/d", { DB_MYSQL, "h", 3306, "d", NULL, NULL } },
	/* IPv6 hosts, with and without a port. */
	{ "jdbc:mysql://[::1]/openbank_iskm_db",
	  { DB_MYSQL, "::1", 3306, "openbank_iskm_db", NULL, NULL } },
	{ "jdbc:mysql://[2001:db8::5]:3309/d",
	  { DB_MYSQL, "2001:db8::5", 3309, "d", NULL, NULL } },
	{ "jdbc:postgresql://[fe80::1%25eth0]:6543/d",
	  { DB_POSTGRESQL, "fe80::1%eth0", 6543, "d", NULL, NULL } },
	/* MariaDB. */
	{ "jdbc:mariadb://maria:3310/wso2?useSsl=true",
	  { DB_MARIADB, "maria", 3310, "wso2", NULL, "require" } },
	{ "jdbc:mariadb://m/d?sslMode=verify-full",
	  { DB_MARIADB, "m", 3306, "d", NULL, "verify-full" } },
	{ "jdbc:mariadb://m/d?sslMode=trust",
	  { DB_MARIADB, "m", 3306, "d", NULL, "require" } },
	/* PostgreSQL. */
	{ "jdbc:postgresql://pg.example.com:5433/openbank_govdb?sslmode="
	  "require",
	  { DB_POSTGRESQL, "pg.example.com", 5433, "openbank_govdb", NULL,
	    "require" } },
	{ "jdbc:postgresql://h/d?ssl=true",
	  { DB_POSTGRESQL, "h", 5432, "d", NULL, "verify-full" } },
	{ "jdbc:postgresql://h/d?ssl",
	  { DB_POSTGRESQL, "h", 5432, "d", NULL, "verify-full" } },
	{ "jdbc:postgresql://h/d?ssl=true&sslmode=disable",
	  { DB_POSTGRESQL, "h", 5432, "d", NULL, "disable" } },
	{ "jdbc:postgresql://h/d?sslmode=allow&amp;user=bob",
	  { DB_POSTGRESQL, "h", 5432, "d", "bob", "prefer" } },
	{ "jdbc:postgresql://h1:5432,h2:5433/d?targetServerType=primary",
	  { DB_POSTGRESQL, "h1", 5432, "d", NULL, NULL } },
	{ "jdbc:postgresql:mydb",
	  { DB_POSTGRESQL, "localhost", 5432, "mydb", NULL, NULL } },
	{ "jdbc:postgresql:/",
	  { DB_POSTGRESQL, "localhost", 5432, NULL, NULL, NULL } },
	{ "jdbc:postgresql://h/",
	  { DB_POSTGRESQL, "h", 5432, NULL, NULL, NULL } },
	{ "jdbc:postgresql://h?user=u%40x",
	  { DB_POSTGRESQL, "h", 5432, NULL, "u@x", NULL } },
	/* Oracle: SID, service, EZConnect, descriptor. */
	{ "jdbc:oracle:thin:@ora.example.com:1521:ORCL",
	  { DB_ORACLE, "ora.example.com", 1521, "ORCL", NULL, NULL } },
	{ "jdbc:oracle:thin:@//ora:1522/svc.example.com",
	  { DB_ORACLE, "ora", 1522, "svc.example.com", NULL, NULL } },
	{ "jdbc:oracle:thin:@//ora/svc",
	  { DB_ORACLE, "ora", 1521, "svc", NULL, NULL } },
	{ "jdbc:oracle:thin:@ora:1523/svc",
	  { DB_ORACLE, "ora", 1523, "svc", NULL, NULL } },
	{ "jdbc:oracle:thin:@//ora:1521/svc:dedicated/inst1",
	  { DB_ORACLE, "ora", 1521, "svc", NULL, NULL } },
	{ "jdbc:oracle:thin:wso2/Secret-2@ora:1521:ORCL",
	  { DB_ORACLE, "ora", 1521, "ORCL", "wso2", NULL } },
	{ "jdbc:oracle:thin:@[::1]:1521:XE",
	  { DB_ORACLE, "::1", 1521, "XE", NULL, NULL } },
	{ "jdbc:oracle:oci:@ora:1521:XE",
	  { DB_ORACLE, "ora", 1521, "XE", NULL, NULL } },
	{ "jdbc:oracle:thin:@tcps://ora:2484/svc",
	  { DB_ORACLE, "ora", 2484, "svc", NULL, "require" } },
	{ "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)"
	  "(HOST=ora.db)(PORT=1530))(CONNECT_DATA=(SERVICE_NAME=orclpdb)))",
	  { DB_ORACLE, "ora.db", 1530, "orclpdb", NULL, NULL } },
	{ "jdbc:oracle:thin:@(description = (address = (protocol = tcps)"
	  "(host = ora.db))(connect_data = (sid = ORCL)))",
	  { DB_ORACLE, "ora.db", 1521, "ORCL", NULL, "require" } },
	/* SQL Server and its properties. */
	{ "jdbc:sqlserver://mssql.example.com:1433;databaseName=openbank_userdb;"
	  "encrypt=true;trustServerCertificate=true",
	  { DB_MSSQL, "mssql.example.com", 1433, "openbank_userdb", NULL,
	    "require" } },
	{ "jdbc:sqlserver://ms;DatabaseName=d;user=sa;password={a;b=c};"
	  "encrypt=true",
	  { DB_MSSQL, "ms", 1433, "d", "sa", "verify-full" } },
	{ "jdbc:sqlserver://ms\\SQLEXPRESS:1434;database=d;encrypt=false",
	  { DB_MSSQL, "ms\\SQLEXPRESS", 1434, "d", NULL, "disable" } },
	{ "jdbc:sqlserver://;serverName=ms2;portNumber=1500;databaseName=d2;"
	  "encrypt=strict;userName=app",
	  { DB_MSSQL, "ms2", 1500, "d2", "app", "verify-full" } },
	{ "jdbc:sqlserver://;serverName=ms3\\INST;instanceName=OTHER",
	  { DB_MSSQL, "ms3\\OTHER", 1433, NULL, NULL, NULL } },
	{ "jdbc:sqlserver://[::1];databaseName=x",
	  { DB_MSSQL, "::1", 1433, "x", NULL, NULL } },
	{ "jdbc:sqlserver://",
	  { DB_MSSQL, "localhost", 1433, NULL, NULL, NULL } },
	{ "jdbc:jtds:sqlserver://jt:1435/jdb;user=u",
	  { DB_MSSQL, "jt", 1435, "jdb", "u", NULL } },
};

static void
test_parse_forms(void **state)
{
	struct db_settings s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		cause = NULL;
		if (jdbc_parse(good[i].url, &s, &cause) != 0)
			fail_msg("%s: %s", good[i].url, cause);
		assert_null(cause);
		assert_settings(&s, &good[i].want, good[i].url);
		assert_null(s.password_env);
		assert_null(s.source);
		db_settings_clear(&s);
	}
}

static const struct {
	const char	*url;
	const char	*cause;
} bad[] = {
	{ "", "the JDBC URL is empty" },
	{ "mysql://h/db", "a JDBC URL starts with jdbc: (at character 1)" },
	{ "jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE",
	  "an H2 database is a file inside the product, not a database server "
	  "(at character 6)" },
	{ "jdbc:db2://h:50000/x", "this is not a URL of PostgreSQL, MySQL, "
	  "MariaDB, Oracle or SQL Server (at character 6)" },
	{ "jdbc:mysql://h:33x6/db", "the port is not a number from 1 to 65535 "
	  "(at character 16)" },
	{ "jdbc:mysql://h:70000/db", "the port is not a number from 1 to "
	  "65535 (at character 16)" },
	{ "jdbc:mysql://h:/db", "the port is missing after ':' (at character "
	  "15)" },
	{ "jdbc:mysql://[::1/db", "the IPv6 address that starts here is not "
	  "closed: a ] is missing (at character 14)" },
	{ "jdbc:mysql://[]/db", "the IPv6 address is empty (at character 14)" },
	{ "jdbc:mysql://[::1]x/db", "expected : and a port after the IPv6 "
	  "address (at character 19)" },
	{ "jdbc:mysql://[::g!]/db", "an IPv6 address cannot hold '!' (at "
	  "character 18)" },
	{ "jdbc:mysql://h$t/db", "a host name cannot hold '$' (at character "
	  "15)" },
	{ "jdbc:mysql:h/db", "expected // and a host here (at character 12)" },
	{ "jdbc:mysql://address=(host=h)(port=1)/db", "hosts written as "
	  "address=(...) or (host=...) are not read; write host:port (at "
	  "character 22)" },
	{ "jdbc:mysql://h/db?useSSL=maybe", "useSSL must be true or false (at "
	  "character 26)" },
	{ "jdbc:mysql://h/db?sslMode=ON", "sslMode must be one of DISABLED, "
	  "PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY (at character 27)" },
	{ "jdbc:mariadb://h/db?sslMode=ON", "sslMode must be one of disable, "
	  "trust, verify-ca, verify-full (at character 29)" },
	{ "jdbc:mysql://h/d%zzb", "a % must be followed by two hexadecimal "
	  "digits (not %00) (at character 17)" },
	{ "jdbc:mysql://h/db?a=1&=x", "a property name is missing before '=' "
	  "(at character 23)" },
	{ "jdbc:postgresql://h/db?sslmode=bogus", "sslmode must be one of "
	  "disable, allow, prefer, require, verify-ca, verify-full (at "
	  "character 32)" },
	{ "jdbc:postgresql://h/db?ssl=perhaps", "ssl must be true or false (at "
	  "character 28)" },
	{ "jdbc:mysql://${DB_HOST}:3306/db", "the URL holds a placeholder "
	  "(${...}) that the product fills in when it starts; give the "
	  "settings by hand (at character 14)" },
	{ "jdbc:postgresql://h:5432/$env{DB_NAME}", "the URL holds a "
	  "placeholder ($env{...}) that the product fills in when it starts; "
	  "give the settings by hand (at character 26)" },
	{ "jdbc:oracle:thin:@orcl_alias", "this is a TNS alias, whose address "
	  "is in tnsnames.ora; write host:port:SID or //host:port/service "
	  "instead (at character 19)" },
	{ "jdbc:oracle:thin:@h:1521", "the SID or the service name is missing "
	  "(at character 25)" },
	{ "jdbc:oracle:thin:@h:1521:", "the SID is missing after ':' (at "
	  "character 26)" },
	{ "jdbc:oracle:thin:@//h:1521/", "the service name is missing after "
	  "'/' (at character 28)" },
	{ "jdbc:oracle:thin:h:1521:X", "expected @ and the database's address "
	  "(at character 18)" },
	{ "jdbc:oracle:kprb:@h:1:X", "expected thin: or oci: after "
	  "jdbc:oracle: (at character 13)" },
	{ "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PORT=1))(CONNECT_DATA="
	  "(SID=X)))", "the connect descriptor names no HOST (at character "
	  "19)" },
	{ "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h)(CONNECT_DATA="
	  "(SID=X)))", "the connect descriptor's parentheses do not match (at "
	  "character 19)" },
	{ "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h)))", "the connect "
	  "descriptor names no SERVICE_NAME or SID (at character 19)" },
	{ "jdbc:sqlserver:h;x=1", "expected // and a host here (at character "
	  "16)" },
	{ "jdbc:sqlserver://h;password={abc", "a value in braces is not "
	  "closed: a } is missing (at character 20)" },
	{ "jdbc:sqlserver://h;encrypt=perhaps", "encrypt must be true, false, "
	  "strict, mandatory or optional (at character 28)" },
	{ "jdbc:sqlserver://h;portNumber=0", "the port is not a number from 1 "
	  "to 65535 (at character 31)" },
};

static void
test_parse_errors(void **state)
{
	struct db_settings s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		memset(&s, 0xa5, sizeof s);
		if (jdbc_parse(bad[i].url, &s, &cause) != -1)
			fail_msg("%s: parsed", bad[i].url);
		assert_non_null(cause);
		if (strcmp(cause, bad[i].cause) != 0)
			fail_msg("%s:\n got \"%s\"\nwant \"%s\"", bad[i].url,
			    cause, bad[i].cause);
		/* Left cleared: nothing half-filled, nothing to free. */
		assert_int_equal(s.engine, DB_NONE);
		assert_null(s.host);
		assert_null(s.database);
		assert_null(s.user);
		assert_null(s.tls);
		assert_int_equal(s.port, 0);
		free(cause);
	}
}

/* A password written in a URL, even where it breaks the URL, never
 * reaches a message. */
static void
test_errors_hide_passwords(void **state)
{
	static const char *const urls[] = {
		"jdbc:mysql://apim:Hidden-Pw-1@h:bad/db",
		"jdbc:mysql://apim:Hidden-Pw-1@h/db?useSSL=maybe",
		"jdbc:postgresql://h/db?password=Hidden-Pw-1&sslmode=nope",
		"jdbc:postgresql://Hidden-Pw-1:x@h:bad/db",
		"jdbc:oracle:thin:scott/Hidden-Pw-1@alias",
		"jdbc:oracle:thin:scott/Hidden-Pw-1@h:1521",
		"jdbc:sqlserver://h;password={Hidden-Pw-1;encrypt=maybe",
		"jdbc:sqlserver://h;password=Hidden-Pw-1;encrypt=maybe",
		"jdbc:mysql://h:Hidden-Pw-1/db",
	};
	struct db_settings s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		cause = NULL;
		assert_int_equal(jdbc_parse(urls[i], &s, &cause), -1);
		if (strstr(cause, "Hidden") != NULL)
			fail_msg("%s: the message shows the password: %s",
			    urls[i], cause);
		free(cause);
	}
}

static char *
fixture(const char *name)
{
	char *dir = test_datadir(), *path;

	path = malloc(strlen(dir) + strlen(name) + 16);
	assert_non_null(path);
	sprintf(path, "%s/discovery/%s", dir, name);
	free(dir);
	return path;
}

static const struct jdbc_found *
found(const struct jdbc_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	}
	fail_msg("%s was not found", name);
	return NULL;
}

static void
test_discover_toml(void **state)
{
	static const char *const order[] = {
		"apim_db", "shared_db", "identity_db", "config", "user",
		"local", "WSO2OB_DB", "WSO2_CONSENT_DB"
	};
	static const struct want apim = {
		DB_MYSQL, "localhost", 3306, "openbank_apimgtdb", "wso2carbon",
		"disable"
	};
	struct jdbc_list l = { NULL, 0 };
	const struct jdbc_found *f;
	char *path = fixture("deployment.toml"), *cause = NULL, *source;
	size_t i;

	(void)state;
	assert_int_equal(jdbc_discover_toml(path, &l, &cause), 0);
	assert_null(cause);
	/* In file order; [database.apim_db.pool_options] and the entry
	 * without a url are not datasources. */
	assert_int_equal(l.n, sizeof order / sizeof order[0]);
	for (i = 0; i < l.n; i++) {
		assert_string_equal(l.v[i].name, order[i]);
		assert_string_equal(l.v[i].file, path);
	}
	source = malloc(strlen(path) + 16);
	assert_non_null(source);
	sprintf(source, "discovered %s", path);

	f = found(&l, "apim_db");
	assert_int_equal(f->line, 15);
	assert_string_equal(f->url, "jdbc:mysql://localhost:3306/"
	    "openbank_apimgtdb?autoReconnect=true&amp;useSSL=false");
	assert_null(f->error);
	assert_true(f->password_set);
	assert_false(f->password_secret);
	assert_string_equal(f->settings.source, source);
	assert_null(f->settings.password_env);
	assert_settings(&f->settings, &apim, f->name);

	/* No type: the URL says PostgreSQL. */
	f = found(&l, "shared_db");
	assert_int_equal(f->line, 26);
	assert_int_equal(f->settings.engine, DB_POSTGRESQL);
	assert_string_equal(f->settings.host, "db.example.com");
	assert_int_equal(f->settings.port, 5433);
	assert_string_equal(f->settings.database, "openbank_govdb");
	assert_string_equal(f->settings.user, "shared");
	assert_string_equal(f->settings.tls, "require");
	assert_false(f->password_secret);

	/* $secret{...}: there is a password, and it is encrypted. IPv6
	 * without a port: the engine's default. */
	f = found(&l, "identity_db");
	assert_int_equal(f->line, 31);
	assert_true(f->password_set);
	assert_true(f->password_secret);
	assert_string_equal(f->settings.host, "::1");
	assert_int_equal(f->settings.port, 3306);
	assert_string_equal(f->settings.tls, "require");

	f = found(&l, "config");
	assert_int_equal(f->settings.engine, DB_ORACLE);
	assert_string_equal(f->settings.database, "ORCL");
	assert_int_equal(f->settings.port, 1521);
	assert_string_equal(f->settings.user, "config_user");

	f = found(&l, "user");
	assert_int_equal(f->settings.engine, DB_MSSQL);
	assert_string_equal(f->settings.database, "openbank_userdb");
	assert_string_equal(f->settings.tls, "require");

	/* A URL that cannot be used is listed with the reason. */
	f = found(&l, "local");
	assert_int_equal(f->line, 48);
	assert_string_equal(f->error, "an H2 database is a file inside the "
	    "product, not a database server (at character 6)");
	assert_int_equal(f->settings.engine, DB_NONE);
	assert_null(f->settings.host);
	assert_string_equal(f->settings.user, "wso2carbon");
	assert_string_equal(f->settings.source, source);

	f = found(&l, "WSO2OB_DB");
	assert_int_equal(f->line, 53);
	assert_int_equal(f->settings.engine, DB_MYSQL);
	assert_string_equal(f->settings.host, "ob-db.example.com");
	assert_int_equal(f->settings.port, 3307);
	assert_string_equal(f->settings.database, "openbank_openbankingdb");
	assert_string_equal(f->settings.user, "obuser");
	assert_string_equal(f->settings.tls, "disable");
	assert_true(f->password_set);

	/* The password is in the URL: noticed and masked. */
	f = found(&l, "WSO2_CONSENT_DB");
	assert_int_equal(f->line, 64);
	assert_true(f->password_set);
	assert_false(f->password_secret);
	assert_string_equal(f->url, "jdbc:postgresql://consent.example.com/"
	    "openbank_consentdb?user=consent&amp;password=********&amp;"
	    "ssl=true");
	assert_string_equal(f->settings.user, "consent");
	assert_int_equal(f->settings.port, 5432);
	assert_string_equal(f->settings.tls, "verify-full");

	jdbc_list_clear(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	free(source);
	free(path);
}

static void
test_discover_yaml(void **state)
{
	struct jdbc_list l = { NULL, 0 };
	const struct jdbc_found *f;
	char *path = fixture("deployment.yaml"), *cause = NULL;

	(void)state;
	assert_int_equal(jdbc_discover_yaml(path, &l, &cause), 0);
	assert_null(cause);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].name, "WSO2_CARBON_DB");
	assert_string_equal(l.v[1].name, "WSO2_CLUSTER_DB");
	assert_string_equal(l.v[2].name, "WSO2_PERMISSIONS_DB");

	f = &l.v[0];
	assert_int_equal(f->line, 11);
	assert_non_null(f->error);
	assert_int_equal(f->settings.engine, DB_NONE);
	assert_true(f->password_set);

	f = &l.v[1];
	assert_int_equal(f->line, 23);
	assert_null(f->error);
	assert_string_equal(f->url, "jdbc:mysql://localhost:3306/PERSISTENCE_DB"
	    "?useSSL=false");
	assert_int_equal(f->settings.engine, DB_MYSQL);
	assert_string_equal(f->settings.host, "localhost");
	assert_int_equal(f->settings.port, 3306);
	assert_string_equal(f->settings.database, "PERSISTENCE_DB");
	assert_string_equal(f->settings.user, "wso2carbon");
	assert_string_equal(f->settings.tls, "disable");
	assert_true(f->password_set);
	assert_false(f->password_secret);

	/* ${sec:...} is Carbon's secure vault: encrypted. */
	f = &l.v[2];
	assert_int_equal(f->line, 32);
	assert_int_equal(f->settings.engine, DB_POSTGRESQL);
	assert_int_equal(f->settings.port, 5434);
	assert_string_equal(f->settings.tls, "verify-full");
	assert_true(f->password_set);
	assert_true(f->password_secret);

	/* Discovery adds to what the list holds. */
	free(path);
	path = fixture("deployment.toml");
	assert_int_equal(jdbc_discover_toml(path, &l, &cause), 0);
	assert_int_equal(l.n, 11);
	assert_string_equal(l.v[3].name, "apim_db");
	jdbc_list_clear(&l);
	free(path);
}

static int
contains_secret(const char *s, const char *const *secrets, size_t n)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (strstr(s, secrets[i]) != NULL)
			return 1;
	}
	return 0;
}

/* No password of the fixtures (which do hold them) is in any string
 * discovery hands back. */
static void
test_no_password_copied(void **state)
{
	static const char *const secrets[] = {
		"Super-Admin-Pw-1", "Apim-Db-Pw-2", "Shared-Db-Pw-3",
		"identity_db_password", "Config-Db-Pw-4", "User-Db-Pw-5",
		"Local-H2-Pw-6", "Ob-Db-Pw-7", "Consent-Url-Pw-8",
		"Secret-Plain-Pw-9", "Carbon-H2-Pw-10", "Sp-Cluster-Pw-11",
		"permissions.db.password"
	};
	static const char *const files[] = {
		"deployment.toml", "deployment.yaml"
	};
	const size_t ns = sizeof secrets / sizeof secrets[0];
	struct jdbc_list l = { NULL, 0 };
	const struct jdbc_found *f;
	char *path, *cause = NULL, *text;
	size_t i, k, seen = 0;

	(void)state;
	for (k = 0; k < 2; k++) {
		path = fixture(files[k]);
		/* The fixtures really hold the passwords. */
		text = malloc(65536);
		assert_non_null(text);
		{
			FILE *fp = fopen(path, "r");
			size_t n;

			assert_non_null(fp);
			n = fread(text, 1, 65535, fp);
			text[n] = '\0';
			fclose(fp);
		}
		for (i = 0; i < ns; i++)
			seen += strstr(text, secrets[i]) != NULL;
		free(text);
		if (k == 0)
			assert_int_equal(jdbc_discover_toml(path, &l, &cause), 0);
		else
			assert_int_equal(jdbc_discover_yaml(path, &l, &cause), 0);
		free(path);
	}
	assert_int_equal(seen, ns);
	assert_int_equal(l.n, 11);
	for (i = 0; i < l.n; i++) {
		f = &l.v[i];
		if (contains_secret(f->name, secrets, ns) ||
		    contains_secret(f->file, secrets, ns) ||
		    contains_secret(f->url, secrets, ns) ||
		    contains_secret(f->error, secrets, ns) ||
		    contains_secret(f->settings.host, secrets, ns) ||
		    contains_secret(f->settings.database, secrets, ns) ||
		    contains_secret(f->settings.user, secrets, ns) ||
		    contains_secret(f->settings.tls, secrets, ns) ||
		    contains_secret(f->settings.password_env, secrets, ns) ||
		    contains_secret(f->settings.source, secrets, ns))
			fail_msg("a password was copied for %s", f->name);
	}
	jdbc_list_clear(&l);
}

static char *
write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);

	assert_non_null(path);
	sprintf(path, "%s/%s", dir, name);
	test_write(path, text);
	return path;
}

static void
test_discover_toml_details(void **state)
{
	struct jdbc_list l = { NULL, 0 };
	char *dir = test_tmpdir(), *path, *cause = NULL;

	(void)state;
	path = write_tmp(dir, "deployment.toml",
	    "[database.a]\n"
	    "type = \"postgre\"\n"
	    "url = \"jdbc:postgresql://h/a\"\n"
	    "[database.b]\n"
	    "type = \"mariadb\"\n"
	    "url = \"jdbc:mysql://h/b\"\n"
	    "username = \"\"\n"
	    "password = \"\"\n"
	    "[database.c]\n"
	    "type = \"h2\"\n"
	    "url = \"jdbc:mysql://h/c?user=from_url\"\n"
	    "password = \"$secret{}\"\n"
	    "[database.d]\n"
	    "url = 5\n"
	    "[database.e]\n"
	    "username = \"no url\"\n"
	    "[[datasource]]\n"
	    "name = \"by_name\"\n"
	    "url = \"jdbc:mysql://h/n\"\n"
	    "[[datasource]]\n"
	    "url = \"jdbc:mysql://h/m?password=In-Url-Pw\"\n");
	assert_int_equal(jdbc_discover_toml(path, &l, &cause), 0);
	assert_int_equal(l.n, 6);
	/* WSO2 writes "postgre". */
	assert_int_equal(l.v[0].settings.engine, DB_POSTGRESQL);
	/* type wins over the URL's engine when it names one. */
	assert_int_equal(l.v[1].settings.engine, DB_MARIADB);
	assert_null(l.v[1].settings.user);
	assert_false(l.v[1].password_set);
	/* An engine type does not name is left to the URL. */
	assert_int_equal(l.v[2].settings.engine, DB_MYSQL);
	assert_string_equal(l.v[2].settings.user, "from_url");
	assert_true(l.v[2].password_set);
	assert_false(l.v[2].password_secret);
	assert_string_equal(l.v[3].name, "d");
	assert_string_equal(l.v[3].error, "'url' must be a string, not of type "
	    "integer");
	assert_string_equal(l.v[4].name, "by_name");
	assert_int_equal(l.v[4].line, 17);
	assert_string_equal(l.v[5].name, "datasource.2");
	assert_true(l.v[5].password_set);
	assert_string_equal(l.v[5].url, "jdbc:mysql://h/m?password=********");
	jdbc_list_clear(&l);
	free(path);

	/* Every syntax error, with its place; nothing added. */
	path = write_tmp(dir, "broken.toml",
	    "[database.apim_db]\n"
	    "url = \"jdbc:mysql://h/d\"\n"
	    "[open_banking.dcr.apim_rest_endpoints]\n"
	    "retrieve_subscribe=\"api/am/devportal/v3/subscriptions"
	    "\xe2\x80\x9d\n"
	    "x = 01\n");
	assert_int_equal(jdbc_discover_toml(path, &l, &cause), -1);
	{
		char *want = malloc(2 * strlen(path) + 128);

		assert_non_null(want);
		sprintf(want, "%s:4:54: a typographic quote (U+201D) is not a "
		    "TOML quote\n%s:5:5: a number cannot start with a zero",
		    path, path);
		assert_string_equal(cause, want);
		free(want);
	}
	free(cause);
	assert_int_equal(l.n, 0);
	free(path);

	path = write_tmp(dir, "missing.toml", "");
	unlink(path);
	assert_int_equal(jdbc_discover_toml(path, &l, &cause), -1);
	assert_non_null(strstr(cause, "cannot open"));
	assert_non_null(strstr(cause, path));
	free(cause);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void
test_discover_yaml_details(void **state)
{
	struct jdbc_list l = { NULL, 0 };
	char *dir = test_tmpdir(), *path, *cause = NULL, *want;

	(void)state;
	path = write_tmp(dir, "deployment.yaml",
	    "wso2.datasources:\n"
	    "  dataSources:\n"
	    "    - definition:\n"
	    "        configuration:\n"
	    "          jdbcUrl: jdbc:postgresql://h/x\n"
	    "          password: \"\"\n"
	    "    - name: S\n"
	    "      definition:\n"
	    "        configuration:\n"
	    "          jdbcUrl: 'jdbc:mysql://h/s'\n"
	    "          password: $secret{s}\n");
	assert_int_equal(jdbc_discover_yaml(path, &l, &cause), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "dataSources.1");
	assert_int_equal(l.v[0].line, 3);
	assert_false(l.v[0].password_set);
	assert_string_equal(l.v[1].name, "S");
	assert_true(l.v[1].password_secret);
	jdbc_list_clear(&l);
	free(path);

	/* Nothing about datasources: nothing found, no error. */
	path = write_tmp(dir, "other.yaml", "wso2.carbon:\n  id: x\n");
	assert_int_equal(jdbc_discover_yaml(path, &l, &cause), 0);
	assert_int_equal(l.n, 0);
	free(path);

	path = write_tmp(dir, "notlist.yaml",
	    "wso2.datasources:\n  dataSources:\n    name: x\n");
	assert_int_equal(jdbc_discover_yaml(path, &l, &cause), -1);
	want = malloc(strlen(path) + 64);
	assert_non_null(want);
	sprintf(want, "%s:3:5: 'dataSources' must be a list, not a mapping",
	    path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	free(path);

	path = write_tmp(dir, "bad.yaml", "wso2.datasources: [\n");
	assert_int_equal(jdbc_discover_yaml(path, &l, &cause), -1);
	assert_true(strncmp(cause, path, strlen(path)) == 0);
	assert_int_equal(l.n, 0);
	free(cause);
	free(path);
	test_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_errors_hide_passwords),
		cmocka_unit_test(test_discover_toml),
		cmocka_unit_test(test_discover_yaml),
		cmocka_unit_test(test_no_password_copied),
		cmocka_unit_test(test_discover_toml_details),
		cmocka_unit_test(test_discover_yaml_details),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
