/* dcr.h: the names Open Banking's 3.0.0 migration gives DCR applications.
 *
 * Open Banking 2.0.0 names the service provider of a DCR registration
 * owner_softwareId_ENV. The migration splits that name on '_' and keeps the
 * second part, so a software id holding '_' is cut short, and two
 * applications of one tenant can end up with the same name (SP_APP is
 * UNIQUE (APP_NAME, TENANT_ID)). What is here needs no database: the
 * kind db_dcr_names (kind-dcr.c) reads the rows and hands them over. */
#ifndef DCR_H
#define DCR_H

#include <stddef.h>

/* What was found about one application (a bit set). */
#define DCR_UNKNOWN	0x01	/* no software id, in the column or REQUEST */
#define DCR_UNDERSCORE	0x02	/* the software id holds '_' */
#define DCR_TRUNCATED	0x04	/* the name between the owner and the
				 * environment holds '_': the new name is
				 * only its first part */
#define DCR_SHAPE	0x08	/* the name is not owner_softwareId_ENV */
#define DCR_COLLISION	0x10	/* the new name is taken in the tenant */
#define DCR_NO_SP	0x20	/* no oauth2 service provider has the
				 * client id (nothing to rename) */
#define DCR_OTHER_NAME	0x40	/* the name holds something other than the
				 * software id (the issuer's name, say) */
/* The findings that fail the check. */
#define DCR_PROBLEMS	(DCR_UNKNOWN | DCR_UNDERSCORE | DCR_TRUNCATED | \
			    DCR_SHAPE | DCR_COLLISION)

/* Where the software id was read. */
enum dcr_source {
	DCR_FROM_NONE = 0,
	DCR_FROM_COLUMN,	/* OB_DCR_DETAILS.SOFTWARE_ID */
	DCR_FROM_REQUEST,	/* the software_id member of REQUEST */
	DCR_FROM_STATEMENT	/* the software_id claim of REQUEST's
				 * software_statement (a JWT) */
};

/* One DCR registration and its service provider. Every string belongs to
 * the structure: dcr_app_clear frees them. */
struct dcr_app {
	char		*client_id;
	char		*software_id;	/* NULL: unknown */
	enum dcr_source	 source;
	char		*why;		/* why the software id is unknown (REQUEST
					 * is not JSON, say), or NULL */
	char		*sp_name;	/* NULL: no service provider */
	char		*tenant;	/* SP_APP.TENANT_ID as text, or NULL */
	char		*new_name;	/* what the migration names it, or NULL */
	unsigned	 flags;		/* DCR_* */
	char		*collides;	/* with DCR_COLLISION: with what, for
					 * people */
	char		*sp_block;	/* set by dcr_attach: one allocation
					 * holding sp_name, tenant and new_name
					 * (which point into it, and are not
					 * freed alone); NULL: each its own */
};

void	 dcr_app_clear(struct dcr_app *);
/* Does the application pass (no DCR_PROBLEMS)? */
int	 dcr_app_ok(const struct dcr_app *);

/* The name the migration gives a service provider named name: the part
 * after the first '_', up to the next. NULL when there is no such part
 * (no '_', or nothing after it). The caller frees the result. */
char	*dcr_new_name(const char *name);
/* The part of owner_middle_ENV between the first and the last '_' (what
 * the name was meant to keep), or NULL when there are fewer than two '_'.
 * The caller frees the result. */
char	*dcr_middle(const char *name);

/* The string member name of the JSON object text (at the top level only;
 * nested objects and arrays are stepped over). Returns 1 with *value (the
 * decoded string; the caller frees it), 0 when the object has no such
 * member or it is not a string, -1 with *cause when text is not a JSON
 * object. With a member given twice the last counts, as Java's parsers
 * have it. */
int	 dcr_json_string(const char *text, const char *name, char **value,
	    char **cause);
/* The software id a registration request (OB_DCR_DETAILS.REQUEST) holds:
 * its software_id member, else the software_id claim of the JWT in its
 * software_statement member. NULL when neither is there; *source says
 * which was read. *cause (may be NULL) is set when REQUEST is not JSON;
 * the caller frees it. */
char	*dcr_request_software_id(const char *request, enum dcr_source *source,
	    char **cause);

/* An SP_APP row: a name in a tenant. */
struct dcr_sp {
	const char	*client_id;	/* SP_INBOUND_AUTH.INBOUND_AUTH_KEY, or
					 * NULL for a name alone */
	const char	*name;
	const char	*tenant;
};

/* Attach to each application the service provider with its client id
 * (spv: the oauth2 service providers found; others in it, such as
 * API-M's own applications, are left out). Sets sp_name, tenant,
 * new_name and every flag but DCR_COLLISION. */
void	 dcr_attach(struct dcr_app *, size_t n, const struct dcr_sp *spv,
	    size_t nsp);
/* The same, one service provider at a time (as rows arrive from the
 * database): start (which forgets the service providers attached
 * before), hand each row to dcr_attach_sp, and end (which sets the flags
 * and frees the struct). The applications are found by a hash of their
 * client ids, one word each. A client id with two service providers gets
 * the first by name, then tenant. dcr_attach_sp copies what it keeps and
 * returns how many applications have the client id (0 for the rows of
 * other clients, such as API-M's own applications). */
struct dcr_attach;
struct dcr_attach *dcr_attach_start(struct dcr_app *, size_t n);
size_t	 dcr_attach_sp(struct dcr_attach *, const char *client_id,
	    const char *name, const char *tenant);
void	 dcr_attach_end(struct dcr_attach *);
/* The new names of the applications by tenant (after dcr_attach), to pick
 * from the names of SP_APP those a new name would collide with:
 * dcr_names_has says whether an application of the tenant has the new
 * name (fold_case as in dcr_collisions). The applications must stay as
 * they are while it is used; dcr_names_free(NULL) does nothing. */
struct dcr_names;
struct dcr_names *dcr_names_new(struct dcr_app *, size_t n, int fold_case);
int	 dcr_names_has(const struct dcr_names *, const char *name,
	    const char *tenant);
/* dcr_collisions over the applications of the struct, which must not
 * have changed since it was made. */
void	 dcr_names_collisions(struct dcr_names *, const struct dcr_sp *taken,
	    size_t ntaken);
void	 dcr_names_free(struct dcr_names *);
/* Mark the applications whose new name another takes in its tenant: a
 * second application, or a service provider of taken (the SP_APP names
 * equal to a new name). fold_case: names equal without regard to ASCII
 * case collide (MySQL and MariaDB compare so by default). */
void	 dcr_collisions(struct dcr_app *, size_t n, const struct dcr_sp *taken,
	    size_t ntaken, int fold_case);
/* Order: the applications with a problem first, then by tenant and
 * client id (and software id, for a client id registered twice). */
void	 dcr_sort(struct dcr_app *, size_t n);
/* The same for the first k only: apps[0..k) are then the k first of that
 * order, in order; the others follow in no order. A heap of k when k is
 * small beside n, where sorting a million would take longer. */
void	 dcr_sort_first(struct dcr_app *, size_t n, size_t k);

/* The findings of an application for people ("ok", "contains '_', ...").
 * The caller frees the result. */
char	*dcr_finding(const struct dcr_app *);

#endif
