/* subst.c: ${NAME} placeholders in checklist text.
 *
 * A name is a letter or '_', then letters, digits, '_', '.' or '-' (so a
 * question id such as secure-vault is a name). "$$" stands for one '$'; a
 * '$' followed by anything else is an ordinary character, so "$HOME" in a
 * command is left for the shell. */
#include "config.h"

#include "subst.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "xmalloc.h"

static int
subst_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
subst_name_char(char c)
{
	return subst_name_start(c) || (c >= '0' && c <= '9') || c == '.' ||
	    c == '-';
}

/* Read the placeholder that starts with "${" at s. Returns the name (the
 * caller frees it) and sets *next past the '}', or NULL with *cause. */
static char *
subst_placeholder(const char *s, size_t *next, char **cause)
{
	const char *end = strchr(s + 2, '}');
	size_t len, i;
	char *name;

	if (end == NULL) {
		/* Show where it starts, not the whole rest of the text. */
		len = 2;
		while (s[len] != '\0' && s[len] != '\n' && len < 24)
			len++;
		while (((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
		*cause = xprintf(_("'%.*s%s' has '${' without a closing '}'"),
		    (int)len, s, s[len] != '\0' && s[len] != '\n' ? "..." : "");
		return NULL;
	}
	len = end - (s + 2);
	if (len == 0) {
		*cause = xstrdup(_("'${}' has no name in it"));
		return NULL;
	}
	name = xstrndup(s + 2, len);
	for (i = 0; i < len; i++) {
		if (i == 0 ? !subst_name_start(name[i]) :
		    !subst_name_char(name[i]))
			break;
	}
	if (i != len) {
		*cause = xprintf(_("'${%s}' is not a valid placeholder: a name "
		    "starts with a letter or '_' and holds only letters, "
		    "digits, '_', '.' and '-'"), name);
		free(name);
		return NULL;
	}
	*next = (end + 1) - s;
	return name;
}

char *
subst_expand(const char *text, subst_lookup lookup, void *arg, char **cause)
{
	struct buf b = BUF_INIT;
	const char *s = text, *value;
	size_t next;
	char *name;

	while (*s != '\0') {
		if (s[0] != '$' || (s[1] != '$' && s[1] != '{')) {
			buf_addc(&b, *s++);
			continue;
		}
		if (s[1] == '$') {
			buf_addc(&b, '$');
			s += 2;
			continue;
		}
		if ((name = subst_placeholder(s, &next, cause)) == NULL) {
			buf_free(&b);
			return NULL;
		}
		if ((value = lookup(arg, name)) == NULL) {
			*cause = xprintf(_("'${%s}' has no value"), name);
			free(name);
			buf_free(&b);
			return NULL;
		}
		buf_adds(&b, value);
		free(name);
		s += next;
	}
	return buf_steal(&b);
}

int
subst_scan(const char *text,
    void (*fn)(void *arg, const char *name, size_t offset), void *arg,
    size_t *offset, char **cause)
{
	const char *s = text;
	size_t next;
	char *name;

	while (*s != '\0') {
		if (s[0] != '$' || (s[1] != '$' && s[1] != '{')) {
			s++;
			continue;
		}
		if (s[1] == '$') {
			s += 2;
			continue;
		}
		if ((name = subst_placeholder(s, &next, cause)) == NULL) {
			if (offset != NULL)
				*offset = s - text;
			return -1;
		}
		if (fn != NULL)
			fn(arg, name, s - text);
		free(name);
		s += next;
	}
	return 0;
}
