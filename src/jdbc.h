/* jdbc.h: database settings discovered from the products' own files: JDBC
 * URLs, deployment.toml ([database.*], [[datasource]]) and deployment.yaml
 * (wso2.datasources). */
#ifndef JDBC_H
#define JDBC_H

#include "db.h"

/* Parse a JDBC URL into settings: jdbc:postgresql://host:port/db?...,
 * jdbc:mysql://..., jdbc:mariadb://..., jdbc:oracle:thin:@host:port:SID or
 * @//host:port/service, jdbc:sqlserver://host:port;databaseName=db;... .
 * "&amp;" is read as "&". TLS from sslmode= (PostgreSQL), useSSL=/sslMode=
 * (MySQL). -1 with *cause saying what is wrong and at which character.
 * The settings are filled from scratch (the caller clears old ones first;
 * on failure they are left cleared); a missing port is the engine's
 * default. No password is read: one in the URL is stepped over. */
int	 jdbc_parse(const char *url, struct db_settings *, char **cause);

/* One datasource found in a product's configuration. */
struct jdbc_found {
	char			*name;		/* "apim_db", "WSO2OB_DB", ... */
	char			*file;
	int			 line;
	char			*url;		/* any password in it masked */
	struct db_settings	 settings;	/* from the URL, user, type */
	int			 password_set;	/* a password is in the file */
	int			 password_secret; /* it is $secret{...} */
	char			*error;		/* why the URL could not be
						 * read (settings then hold
						 * only what the file says),
						 * or NULL */
};

struct jdbc_list {
	struct jdbc_found	*v;
	size_t			 n;
};

/* Read deployment.toml: every [database.NAME] table and every
 * [[datasource]] entry with a url. Passwords are not read, only whether
 * there is one and whether it is a $secret{alias}. What is found is added
 * to the list, a URL that cannot be read too (with its error). -1 with
 * *cause (a file that cannot be read or parsed: every problem, one
 * FILE:LINE:COL: message a line), nothing added. */
int	 jdbc_discover_toml(const char *path, struct jdbc_list *, char **cause);
/* Read deployment.yaml: wso2.datasources.dataSources[].definition.
 * configuration.jdbcUrl/username (a password noticed, $secret{...} or
 * ${sec:...} as encrypted). Added to the list as above. */
int	 jdbc_discover_yaml(const char *path, struct jdbc_list *, char **cause);
/* Free what the list holds and leave it empty. */
void	 jdbc_list_clear(struct jdbc_list *);

#endif
