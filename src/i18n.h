/* i18n.h: the gettext macros every message goes through. */
#ifndef I18N_H
#define I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext(s, p, n)
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#define gettext(s) (s)
#endif
#define N_(s) (s)

#endif
