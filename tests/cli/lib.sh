# lib.sh: what the command-line tests share. Each test speaks TAP.
# Needs WIZARD (the program) and TOP_SRCDIR in the environment.

: "${WIZARD:?}" "${TOP_SRCDIR:?}"
DATA=$TOP_SRCDIR/tests/data
T=$(mktemp -d "${TMPDIR:-/tmp}/wizard-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/xdg-state"
export HOME="$T/home"
mkdir -p "$HOME"
unset WSO2_WIZARD_CHECKLISTS
n=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
}

# wiz ARGS...: run the program; its stdout in $T/out, stderr in $T/err, the
# exit status in $rc.
wiz() {
	"$WIZARD" "$@" > "$T/out" 2> "$T/err"
	rc=$?
}

# expect_rc N NAME: the last wiz exited with N.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then
		ok "$2 (exit $1)"
	else
		not_ok "$2: exit $rc, not $1"
		sed 's/^/# out: /' "$T/out" | head -40
		sed 's/^/# err: /' "$T/err" | head -40
	fi
}

# expect_in FILE TEXT NAME: FILE has a line holding TEXT (fixed string).
expect_in() {
	if grep -qF -- "$2" "$1"; then
		ok "$3"
	else
		not_ok "$3: '$2' not in $(basename "$1")"
		sed 's/^/# /' "$1" | head -40
	fi
}

# expect_not_in FILE TEXT NAME
expect_not_in() {
	if grep -qF -- "$2" "$1"; then
		not_ok "$3: '$2' is in $(basename "$1")"
		grep -F -- "$2" "$1" | sed 's/^/# /' | head -10
	else
		ok "$3"
	fi
}

# expect_eq GOT WANT NAME
expect_eq() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3: got '$1', want '$2'"
	fi
}

# count_events FILE EVENT [STEP]: how many journal lines of that event.
count_events() {
	if [ -n "$3" ]; then
		awk -F '\t' -v e="$2" -v s="step=$3" \
		    '$4 == e { for (i = 5; i <= NF; i++) if ($i == s) { c++; break } } END { print c + 0 }' "$1"
	else
		awk -F '\t' -v e="$2" '$4 == e { c++ } END { print c + 0 }' "$1"
	fi
}

# example_answers FILE SANDBOX [EXTRA]: an answers file for the example guide.
example_answers() {
	cat > "$1" <<EOA
guide: example
variables:
  OLD_HOME: $2/app-1.0.0
  NEW_HOME: $2/app-2.0.0
  BACKUP_DIR: $2/backups
  APP_PORT: "1"
$3
EOA
}

done_testing() {
	echo "1..$n"
}
