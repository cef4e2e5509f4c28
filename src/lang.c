/* lang.c: which language a checklist's texts are shown in (lang.h). */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "xmalloc.h"

static char	**wanted;
static size_t	  nwanted;

static void
lang_add(const char *code, size_t len)
{
	size_t i;

	if (len == 0)
		return;
	for (i = 0; i < nwanted; i++) {
		if (strlen(wanted[i]) == len &&
		    strncmp(wanted[i], code, len) == 0)
			return;
	}
	wanted = xreallocarray(wanted, nwanted + 2, sizeof *wanted);
	wanted[nwanted++] = xstrndup(code, len);
	wanted[nwanted] = NULL;
}

/* "es_ES.UTF-8@euro" adds "es_ES" and "es". */
static void
lang_add_locale(const char *name)
{
	size_t len = strcspn(name, ".@"), ll = strcspn(name, "_.@");

	lang_add(name, len);
	if (ll < len)
		lang_add(name, ll);
}

const char *const *
lang_wanted(void)
{
	const char *loc, *list, *p;
	size_t len;

	if (wanted != NULL)
		return (const char *const *)wanted;
	wanted = xcalloc(1, sizeof *wanted);
	loc = setlocale(LC_MESSAGES, NULL);
	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return (const char *const *)wanted;
	list = getenv("LANGUAGE");
	if (list != NULL && *list != '\0') {
		for (p = list; *p != '\0'; p += len + (p[len] == ':')) {
			len = strcspn(p, ":");
			if (len > 0) {
				char *one = xstrndup(p, len);

				lang_add_locale(one);
				free(one);
			}
		}
	} else
		lang_add_locale(loc);
	return (const char *const *)wanted;
}

void
lang_reset(void)
{
	size_t i;

	for (i = 0; i < nwanted; i++)
		free(wanted[i]);
	free(wanted);
	wanted = NULL;
	nwanted = 0;
}

int
lang_code_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] >= 'a' && s[i] <= 'z'; i++)
		;
	if (i < 2 || i > 3)
		return 0;
	if (s[i] == '\0')
		return 1;
	if (s[i] != '_' || !(s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
	    !(s[i + 2] >= 'A' && s[i + 2] <= 'Z'))
		return 0;
	return s[i + 3] == '\0';
}
