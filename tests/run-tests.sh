#!/bin/sh
# run-tests.sh: run every test and end with one line "N passed, N failed".
#
# Usage: run-tests.sh UNIT_TEST...   (paths of cmocka programs, relative to
# the build folder). The shell tests are every tests/cli/*.sh in the source
# folder. Each test speaks TAP ("ok N - name", "not ok N - name"); its whole
# output goes to tests/logs/NAME.log in the build folder.
#
# Environment: WIZARD (the program), TOP_SRCDIR, TOP_BUILDDIR, HAVE_CMOCKA.

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
failures=""

count() {
	# $1: name, $2: log, $3: exit status of the test
	p=$(grep -c '^ok ' "$2")
	f=$(grep -c '^not ok ' "$2")
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		# It died or failed without saying which case: one failure.
		f=1
		echo "not ok - $1 exited with status $3" >> "$2"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $1 ran no test case" >> "$2"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures $1"
		printf 'FAIL %s (%d passed, %d failed): %s\n' "$1" "$p" "$f" "$2"
		grep '^not ok ' "$2" | sed 's/^/     /'
	else
		printf 'PASS %s (%d)\n' "$1" "$p"
	fi
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

for t in "$TOP_SRCDIR"/tests/cli/*.sh; do
	[ -f "$t" ] && [ "$(basename "$t")" != lib.sh ] || continue
	name=cli-$(basename "$t" .sh)
	log="$logdir/$name.log"
	sh "$t" > "$log" 2>&1
	count "$name" "$log" $?
done

if [ -n "$failures" ]; then
	echo "failed:$failures (logs in $logdir)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
