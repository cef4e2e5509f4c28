# locale-lib.sh: the build's Spanish catalogue for a test, shared by the
# command-line and terminal tests in Spanish. After lib.sh (T, ok, not_ok,
# done_testing): es_locale puts po/es.gmo where gettext looks for it under
# $T/locale and exports WSO2_WIZARD_LOCALEDIR; without the catalogue the
# test fails and ends there.

es_locale() {
	_gmo=
	for _f in "$TOP_BUILDDIR/po/es.gmo" "$TOP_SRCDIR/po/es.gmo"; do
		if [ -f "$_f" ]; then
			_gmo=$_f
			break
		fi
	done
	if [ -z "$_gmo" ]; then
		not_ok "po/es.gmo was not built"
		done_testing
		exit 0
	fi
	mkdir -p "$T/locale/es/LC_MESSAGES"
	cp "$_gmo" "$T/locale/es/LC_MESSAGES/wso2-upgrade-wizard.mo"
	export WSO2_WIZARD_LOCALEDIR="$T/locale"
}
