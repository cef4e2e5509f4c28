#!/bin/sh
# run-tests.sh: run every test and end with one line "N passed, N failed"
# ("N passed, N failed, N skipped" when some were skipped).
#
# Usage: run-tests.sh UNIT_TEST...   (paths of cmocka programs, relative to
# the build folder). The shell tests are every tests/cli/*.sh in the source
# folder, then every tests/tui/*.sh. Each test speaks TAP ("ok N - name", "not ok N - name"); its whole
# output goes to tests/logs/NAME.log in the build folder. A case with the
# directive "# SKIP" is skipped, whether it says "ok" (TAP) or "not ok"
# (cmocka): neither passed nor failed.
#
# Environment: WIZARD (the program), TOP_SRCDIR, TOP_BUILDDIR, HAVE_CMOCKA;
# TEST_KINDS, the kinds of shell test to run (default "cli tui db";
# tests/sanitize.sh runs all three under valgrind, its waits scaled by
# TEST_TIME_FACTOR).

: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}" "${WIZARD:?}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
export CMOCKA_MESSAGE_OUTPUT=TAP
# Tests run in a known locale: messages in English, bytes as bytes.
export LC_ALL=C.UTF-8
unset LANGUAGE

logdir="$TOP_BUILDDIR/tests/logs"
mkdir -p "$logdir"
passed=0
failed=0
skipped=0
failures=""

# The TAP directive "# SKIP" (any case) after a test line's number and name.
skip_re='[[:space:]]#[[:space:]]*[Ss][Kk][Ii][Pp]'

count() {
	# $1: name, $2: log, $3: exit status of the test
	ps=$(grep -cE "^ok([[:space:]].*)?$skip_re" "$2")
	fs=$(grep -cE "^not ok([[:space:]].*)?$skip_re" "$2")
	p=$(($(grep -c '^ok ' "$2") - ps))
	f=$(($(grep -c '^not ok ' "$2") - fs))
	s=$((ps + fs))
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		# It died or failed without saying which case: one failure.
		f=1
		echo "not ok - $1 exited with status $3" >> "$2"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then
		f=1
		echo "not ok - $1 ran no test case" >> "$2"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$f" -gt 0 ]; then
		failures="$failures $1"
		printf 'FAIL %s (%d passed, %d failed): %s\n' "$1" "$p" "$f" "$2"
		grep '^not ok ' "$2" | grep -vE "^not ok([[:space:]].*)?$skip_re" |
		    sed 's/^/     /'
	elif [ "$s" -gt 0 ]; then
		printf 'PASS %s (%d, %d skipped)\n' "$1" "$p" "$s"
	else
		printf 'PASS %s (%d)\n' "$1" "$p"
	fi
	grep -E "^(not )?ok([[:space:]].*)?$skip_re" "$2" |
	    sed 's/^/     skipped: /'
}

if [ "$HAVE_CMOCKA" != yes ]; then
	echo "FAIL unit tests: cmocka was not found when configured (install libcmocka-dev)"
	failed=$((failed + 1))
else
	for t in "$@"; do
		name=$(basename "$t")
		log="$logdir/$name.log"
		( cd "$TOP_BUILDDIR" && "./$t" ) > "$log" 2>&1
		count "$name" "$log" $?
	done
fi

# The command-line tests, the terminal tests (tmux), and the database
# tests (real PostgreSQL and MariaDB servers started for them).
for kind in ${TEST_KINDS:-cli tui db}; do
	for t in "$TOP_SRCDIR"/tests/$kind/*.sh; do
		[ -f "$t" ] || continue
		case $(basename "$t") in lib.sh|*-lib.sh|servers.sh) continue ;; esac
		name=$kind-$(basename "$t" .sh)
		log="$logdir/$name.log"
		sh "$t" > "$log" 2>&1
		count "$name" "$log" $?
	done
done

if [ -n "$failures" ]; then
	echo "failed:$failures (logs in $logdir)"
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
