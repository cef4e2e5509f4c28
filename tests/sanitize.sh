#!/bin/sh
# sanitize.sh: the whole test suite under AddressSanitizer + UndefinedBehavior
# Sanitizer and under valgrind, with every report collected and counted.
# Not part of make check (it takes much longer); run it by hand:
#
#   ./bootstrap && tests/sanitize.sh [asan|valgrind|all]      (default: all)
#
# asan: configures a build with --enable-sanitizers in its own folder, runs
#   tests/run-tests.sh there (unit, command-line, terminal and database
#   tests) with ASAN_OPTIONS / UBSAN_OPTIONS log_path set to a folder, so that
#   a report from a program run by a shell test is caught even when that test
#   passes.
# valgrind: configures a plain build (-g -O0) in its own folder and runs the
#   same harness (unit tests and fuzz drivers, command-line, terminal and
#   database tests) with every unit test and the program replaced by a
#   script that execs valgrind --leak-check=full --errors-for-leak-kinds=
#   definite,indirect --error-exitcode=99, the libraries' own known reports
#   left out by tests/valgrind.supp (each entry says why). TEST_TIME_FACTOR
#   (10 unless set) scales the tests' waits and time limits, so slow is not
#   failure. SANITIZE_VALGRIND_KINDS (default "unit cli tui db") picks the
#   kinds of test: "unit" (the unit tests and the fuzz drivers) and the
#   kinds of shell test, so that a long run can be split in two.
#
# Each ends with "asan: reports found: N" / "valgrind: reports found: N" and
# the test counts; the exit status is 0 only when no report was found and no
# test failed. Environment: SANITIZE_DIR, the folder for the builds and the
# reports (default: a new folder under TMPDIR, kept and named at the end).

set -u
src=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-all}
case $mode in
asan|valgrind|all) ;;
*) echo "usage: $0 [asan|valgrind|all]" >&2; exit 2 ;;
esac
if [ ! -x "$src/configure" ]; then
	echo "sanitize.sh: $src/configure is missing: run ./bootstrap first" >&2
	exit 2
fi
work=${SANITIZE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/wizard-sanitize.XXXXXX")}
mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
# tests/cli/security.sh runs the program as nobody: the builds must be
# reachable (not listed) by another user, and the reports folders writable
# by it (chmod 1777 below, as /tmp).
chmod 0711 "$work" || exit 2
status=0

# build FOLDER CONFIGURE-ARGS...: configure and build the program, the unit
# tests and the helpers in FOLDER; sets unit (the unit test programs).
build() {
	_b=$1
	shift
	mkdir -p "$_b"
	echo "sanitize.sh: building in $_b ($*)"
	if ! (cd "$_b" && "$src/configure" "$@" > configure.log 2>&1); then
		echo "sanitize.sh: configure failed: $_b/config.log" >&2
		return 1
	fi
	if ! (cd "$_b" && make -j2 all > build.log 2>&1); then
		echo "sanitize.sh: the build failed: $_b/build.log" >&2
		return 1
	fi
	# The lists of test programs, as Makefile.am has them (asked after
	# the build, which remade the Makefile if it was out of date).
	# shellcheck disable=SC2016
	printf 'print-lists:\n\t@echo $(UNIT_TESTS)\n\t@echo $(check_PROGRAMS)\n' \
	    > "$_b/print-lists.mk"
	_lists=$(cd "$_b" && make -s -f Makefile -f print-lists.mk print-lists)
	unit=$(echo "$_lists" | sed -n 1p)
	_progs=$(echo "$_lists" | sed -n 2p)
	# shellcheck disable=SC2086
	if ! (cd "$_b" && make -j2 $_progs >> build.log 2>&1); then
		echo "sanitize.sh: the build failed: $_b/build.log" >&2
		return 1
	fi
}

# harness BUILDDIR WIZARD KINDS UNIT...: run tests/run-tests.sh; its output in
# $work/NAME.log, the last line (the counts) in $counts.
harness() {
	_bd=$1 _wiz=$2 _kinds=$3 _log=$4
	shift 4
	HAVE_CMOCKA=yes WIZARD=$_wiz TOP_SRCDIR=$src TOP_BUILDDIR=$_bd \
	    TEST_KINDS=$_kinds sh "$src/tests/run-tests.sh" "$@" > "$_log" 2>&1
	_rc=$?
	grep -E '^(FAIL|failed:)' "$_log"
	counts=$(tail -n 1 "$_log")
	return $_rc
}

run_asan() {
	b=$work/asan
	build "$b" --enable-sanitizers CFLAGS="-g -O1" || return 1
	reports=$work/asan-reports
	rm -rf "$reports" "$b/tests/logs"
	mkdir -p "$reports" && chmod 1777 "$reports"
	# shellcheck disable=SC2086
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:log_path=$reports/asan" \
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan" \
	    harness "$b" "$b/src/wso2-upgrade-wizard" "cli tui db" \
	    "$work/asan.log" $unit
	_rc=$?
	n=$(find "$reports" -type f | wc -l)
	for f in $(find "$reports" -type f | sort); do
		echo "--- $f"
		grep -E 'ERROR: |runtime error: |SUMMARY: ' "$f" | head -5
	done
	echo "asan: reports found: $n (in $reports); tests: $counts"
	[ "$n" -eq 0 ] && [ "$_rc" -eq 0 ]
}

# vgwrap REAL WRAPPER NAME: WRAPPER execs valgrind on REAL, its report in
# $reports/NAME.PID.
vgwrap() {
	mkdir -p "$(dirname "$2")"
	cat > "$2" << EOF
#!/bin/sh
exec $vg -q --leak-check=full --errors-for-leak-kinds=definite,indirect \\
    --error-exitcode=99 --child-silent-after-fork=yes \\
    --suppressions="$src/tests/valgrind.supp" \\
    --log-file="$reports/$3.%p" "$1" "\$@"
EOF
	chmod +x "$2"
}

run_valgrind() {
	if ! command -v valgrind > /dev/null 2>&1; then
		echo "valgrind: not installed (apt-get install valgrind)" >&2
		return 1
	fi
	# By its full name: some tests run the program with a PATH of their own.
	vg=$(command -v valgrind)
	b=$work/valgrind
	build "$b" CFLAGS="-g -O0" || return 1
	reports=$work/valgrind-reports
	# A second build folder the harness sees: the unit tests and the
	# program are scripts that exec valgrind on the real ones; the
	# helpers and the catalogues are the real ones.
	w=$work/valgrind-run
	rm -rf "$reports" "$w"
	mkdir -p "$reports" "$w/tests/helpers" && chmod 1777 "$reports"
	for t in $unit; do
		vgwrap "$b/$t" "$w/$t" "$(basename "$t")"
	done
	for t in "$b"/tests/unit/test-*; do
		[ -x "$t" ] || continue
		t=tests/unit/$(basename "$t")
		[ -e "$w/$t" ] || vgwrap "$b/$t" "$w/$t" "$(basename "$t")"
	done
	vgwrap "$b/src/wso2-upgrade-wizard" "$w/src/wso2-upgrade-wizard" wizard
	ln -s "$b/tests/helpers/listen" "$w/tests/helpers/listen"
	ln -s "$b/po" "$w/po"
	# The tests that time themselves or wait for the program (the unit
	# tests' clocks, the terminal tests' waits) allow for valgrind's
	# slowness.
	TEST_TIME_FACTOR=${TEST_TIME_FACTOR:-10}
	export TEST_TIME_FACTOR
	# The kinds: "unit" (the unit tests and fuzz drivers) and the shell
	# tests' kinds.
	kinds=${SANITIZE_VALGRIND_KINDS:-unit cli tui db}
	run_unit=
	case " $kinds " in *" unit "*) run_unit=$unit ;; esac
	# shellcheck disable=SC2086
	harness "$w" "$w/src/wso2-upgrade-wizard" \
	    "$(echo " $kinds " | sed 's/ unit / /')" "$work/valgrind.log" \
	    $run_unit
	_rc=$?
	# A log with a line "==PID== ..." holds an error or a leak; lines
	# "--PID-- ..." are valgrind's own warnings (an unknown system call).
	n=0
	for f in $(find "$reports" -type f | sort); do
		if grep -q '^==[0-9]*==' "$f"; then
			n=$((n + 1))
			echo "--- $f"
			grep -E '^==[0-9]*== [A-Z0-9].*(lost|Invalid|uninitialised|Mismatched|overlap|Syscall param)' "$f" | head -5
		else
			rm -f "$f"
		fi
	done
	echo "valgrind: reports found: $n (in $reports); tests: $counts (kinds: $kinds; unit tests run from $w)"
	[ "$n" -eq 0 ] && [ "$_rc" -eq 0 ]
}

if [ "$mode" = asan ] || [ "$mode" = all ]; then
	run_asan || status=1
fi
if [ "$mode" = valgrind ] || [ "$mode" = all ]; then
	run_valgrind || status=1
fi
echo "sanitize.sh: builds, logs and reports in $work"
exit $status
