/* lang.h: the language of a checklist's texts.
 *
 * A checklist text may be one text, or one per language:
 *
 *	title:
 *	  en: Stop the server
 *	  es: Detenga el servidor
 *
 * The text shown is the one of the first language wanted that the mapping
 * has, else the English one. The languages wanted are those gettext uses
 * for the program's messages: none when the messages locale is C or POSIX,
 * else the list in LANGUAGE, else the messages locale's language. */
#ifndef LANG_H
#define LANG_H

/* The languages wanted, best first, each as "ll_CC" and then "ll"
 * ("es_ES.UTF-8" gives "es_ES", "es"); NULL-terminated, empty for English
 * only. Worked out once (call lang_reset after changing the locale). */
const char *const *lang_wanted(void);
void	 lang_reset(void);
/* Is it a language code as a checklist writes one: "es", "pt_BR"? */
int	 lang_code_ok(const char *);

#endif
