/* fuzz-jdbc.c: a libFuzzer harness for the JDBC URL parser (jdbc_parse,
 * src/jdbc.c). Every input is a URL: it is read into settings, or refused
 * with a cause and the settings left cleared. A URL read is shown
 * for people (db_settings_text). */
#include "config.h"

#include "fuzz.h"

#include "db.h"
#include "jdbc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct db_settings set;
	char *url, *cause = NULL, *text;

	if ((url = malloc(size + 1)) == NULL)
		abort();
	if (size > 0)
		memcpy(url, data, size);	/* data may be NULL when empty */
	url[size] = '\0';
	memset(&set, 0, sizeof set);
	if (jdbc_parse(url, &set, &cause) == -1) {
		if (cause == NULL || set.host != NULL || set.database != NULL ||
		    set.user != NULL)
			abort();
		free(cause);
	} else {
		if (cause != NULL)
			abort();
		text = db_settings_text(&set);
		if (text == NULL)
			abort();
		free(text);
	}
	db_settings_clear(&set);
	free(url);
	return 0;
}
