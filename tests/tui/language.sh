#!/bin/sh
# language.sh: the wizard under LANGUAGE=es at 80x24: Spanish on the start,
# setup, stages, step and help screens, a Spanish "Sí" accepted with its own
# letter, the hint lines whole, and a checklist text given in Spanish shown
# in Spanish.

. "$TOP_SRCDIR/tests/tui/lib.sh"

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

SB=$T/sb
sh "$DATA/example-sandbox.sh" "$SB" > /dev/null

es_start() {
	start -e "WSO2_WIZARD_LOCALEDIR=$T/locale" -e LANGUAGE=es "$@"
}

es_start
expect_screen "Inicio" "the start screen's title is Spanish"
expect_screen " Guías" "its heading too"
expect_screen "Enter abrir  ? ayuda  q salir" "and its hints"
keys Enter
expect_screen "Configuración" "Enter opens the setup, in Spanish"
expect_screen "(sin valor)" "unset variables say so in Spanish"
keys Enter
wait_for "Example App 1.0.0 home" && keys "$SB/app-1.0.0" Enter
expect_screen "OLD_HOME se ha establecido en $SB/app-1.0.0" "a variable set is told in Spanish"
keys Down Enter
wait_for "Example App 2.0.0 home" && keys "$SB/app-2.0.0" Enter
keys Down Enter
sleep 0.3
keys "$SB/backups" Enter
keys Down Enter
sleep 0.3
keys C-u 1 Enter
keys Down Enter
sleep 0.3
keys Enter
keys Down Enter
expect_screen "0 de 17 pasos resueltos en 3 etapas" "the stages screen counts in Spanish (plurals)"
expect_screen "Enter abrir  c completar  s config.  l registro  o informe  ? ayuda  q salir" \
    "the stages screen's hints are whole"
keys Enter
expect_screen "1.2  comprobación  old-home" "a check step says its kind in Spanish"
expect_screen "Estado: [pendiente]" "its status in Spanish"
expect_screen "Por qué: Every copy below reads from it." "the why, written in English, stays English"
expect_screen "r ejecutar  ] siguiente  [ anterior  Esc volver  ? ayuda" "the step's hints are whole"
keys r
expect_screen "Estado: [correcto]" "r runs the check: it passes, in Spanish"
expect_screen "versión 1.0.0" "the evidence is in Spanish"

# An action's confirmation: "Sí" is taken with its own letter.
keys Escape
wait_for "Etapas" && keys Down Enter
expect_screen "2.1  acción  copy-config" "stage 2 opens at its copy, an action in Spanish"
keys r
expect_screen "¿Ejecutar esta acción?" "an action asks in Spanish"
keys s
expect_screen "Estado: [hecho]" "s (Sí) runs it"

keys "?"
expect_screen "Ayuda" "the help screen is Spanish"
expect_screen "  r          ejecutar el paso, o ejecutarlo de nuevo" "the keys are explained in Spanish"
expect_screen "flechas desplazar  Esc o Enter cerrar  q salir" "the help's hints are whole"
keys Escape q
wait_for "¿Salir del asistente?\|Salir del asistente" 3 && keys s
if wait_exit; then
	expect_eq "$rc" 0 "the wizard ends in Spanish too"
else
	not_ok "the wizard did not end"
	show_screen
fi

# A checklist with Spanish texts: shown in Spanish.
mkdir -p "$T/lang"
cp "$DATA/loader/lang.yaml" "$T/lang/"
CHECKLISTS=$T/lang
es_start
expect_screen "lang  Actualización de la aplicación (1 -> 2)" \
    "the guide's Spanish title is on the start screen"
stop
start
expect_screen "lang  Upgrading the app (1 -> 2)" "without LANGUAGE it is English"

done_testing
