#!/bin/sh
# language.sh: the program in Spanish. Messages follow LANGUAGE and
# LC_MESSAGES through gettext (the build's po/es.gmo, found through
# WSO2_WIZARD_LOCALEDIR), plurals through ngettext, checklist texts given
# per language follow the same language and fall back to English, and the
# C locale is English whatever LANGUAGE says. The translation is complete.

. "$TOP_SRCDIR/tests/cli/lib.sh"

LANG_GUIDE=$DATA/loader/lang.yaml
gmo=
for f in "$TOP_BUILDDIR/po/es.gmo" "$TOP_SRCDIR/po/es.gmo"; do
	if [ -f "$f" ]; then
		gmo=$f
		break
	fi
done
if [ -z "$gmo" ]; then
	not_ok "po/es.gmo was not built"
	done_testing
	exit 0
fi
mkdir -p "$T/locale/es/LC_MESSAGES"
cp "$gmo" "$T/locale/es/LC_MESSAGES/wso2-upgrade-wizard.mo"
export WSO2_WIZARD_LOCALEDIR="$T/locale"

# es ARGS...: the program with Spanish messages.
es() {
	LC_ALL=C.UTF-8 LANGUAGE=es wiz "$@"
}

# The width of the widest line of a file, in characters.
widest() {
	w=0
	while IFS= read -r line; do
		c=$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)
		[ "$c" -gt "$w" ] && w=$c
	done < "$1"
	echo "$w"
}

es --help
expect_rc 0 "--help in Spanish"
expect_in "$T/out" "Uso: wso2-upgrade-wizard [OPCIÓN]" "the usage line is Spanish"
expect_in "$T/out" "Comandos:" "the commands heading is Spanish"
expect_not_in "$T/out" "Project-Id-Version" "an empty usage is not looked up (the catalogue's header)"
w=$(widest "$T/out")
if [ "$w" -le 80 ]; then
	ok "--help fits 80 columns in Spanish ($w)"
else
	not_ok "--help is $w columns wide in Spanish"
fi

es validate "$LANG_GUIDE" "$DATA/example.yaml"
expect_rc 0 "validate in Spanish"
expect_in "$T/out" "válido: guía 'lang', 1 etapa, 1 paso" "one stage, one step: the singular forms"
expect_in "$T/out" "3 etapas, 18 pasos" "three stages, eighteen steps: the plural forms"

es validate "$DATA/loader/bad-refs.yaml"
expect_rc 2 "a bad checklist in Spanish"
expect_in "$T/out" "no es ni una variable ni una pregunta" "the problem is told in Spanish"
expect_in "$T/out" "bad-refs.yaml:3:27: " "at its place"

es show nope
expect_rc 2 "an unknown guide in Spanish"
if grep -q "nope" "$T/err" && ! grep -q "not found\|no guide" "$T/err"; then
	ok "the unknown guide is told in Spanish"
else
	not_ok "the unknown guide is not told in Spanish"
	sed 's/^/# /' "$T/err"
fi

# Checklist texts: Spanish where the checklist has them, English elsewhere.
es show "$LANG_GUIDE"
expect_rc 0 "show of a guide with Spanish texts"
expect_in "$T/out" "Actualización de la aplicación" "the guide's title in Spanish"
expect_in "$T/out" "Etapa uno" "the stage's title in Spanish"
expect_in "$T/out" 'Detenga ${APP_HOME}' "the step's title in Spanish"
expect_in "$T/out" "Abra la consola" "a sub-step in Spanish"
expect_in "$T/out" "Click stop" "a sub-step given once stays as written"
expect_in "$T/out" "Only English." "a text given once stays as written"

LC_ALL=C.UTF-8 LANGUAGE=pt_BR:es wiz show "$LANG_GUIDE"
expect_in "$T/out" "Atualização do aplicativo" "LANGUAGE's first language with a text wins"
expect_in "$T/out" "Abra la consola" "then the next one"

LC_ALL=C.UTF-8 LANGUAGE=fr wiz show "$LANG_GUIDE"
expect_in "$T/out" "Upgrading the app" "a language the checklist lacks falls back to English"
expect_in "$T/out" "Open the console" "every text of it"

LC_ALL=C LANGUAGE=es wiz show "$LANG_GUIDE"
expect_in "$T/out" "Upgrading the app" "the C locale is English, whatever LANGUAGE says"
expect_not_in "$T/out" "Etapa" "its messages too"

# The translation covers every message of the program.
pot=$T/messages.pot
if xgettext --default-domain=wso2-upgrade-wizard --directory="$TOP_SRCDIR" \
    --files-from="$TOP_SRCDIR/po/POTFILES.in" --keyword=_ --keyword=N_ \
    --keyword=P_:1,2 --from-code=UTF-8 --output="$pot" 2> "$T/xgettext.err"; then
	if msgcmp "$TOP_SRCDIR/po/es.po" "$pot" > "$T/msgcmp" 2>&1; then
		ok "po/es.po has every message of the sources"
	else
		not_ok "po/es.po lacks messages"
		sed 's/^/# /' "$T/msgcmp" | head -20
	fi
else
	not_ok "xgettext could not read the sources"
	sed 's/^/# /' "$T/xgettext.err" | head
fi
msgfmt -c --statistics -o /dev/null "$TOP_SRCDIR/po/es.po" > "$T/stats" 2>&1
if grep -q "untranslated\|fuzzy" "$T/stats"; then
	not_ok "po/es.po is not complete: $(cat "$T/stats")"
else
	ok "po/es.po is complete: $(cat "$T/stats")"
fi

done_testing
