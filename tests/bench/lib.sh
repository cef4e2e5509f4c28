# lib.sh: what the benchmark scripts share, sourced by them. A benchmark
# prints figures and asserts nothing: each result is one line
#   RESULT<TAB>NAME<TAB>FIGURE<TAB>TARGET<TAB>MET
# (MET is yes, no or "-" where there is no target), which run.sh gathers
# into a table; everything else it prints is a comment starting with "#".
#
# Environment: WIZARD (the program), TOP_SRCDIR, TOP_BUILDDIR; BENCH_BIN,
# the folder holding the helpers timeit and lines (default
# $TOP_BUILDDIR/tests/bench).
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}" "${WIZARD:?}"
: "${BENCH_BIN:=$TOP_BUILDDIR/tests/bench}"
export LC_ALL=C.UTF-8
unset LANGUAGE
TIMEIT=$BENCH_BIN/timeit
LINES=$BENCH_BIN/lines
for bench_h in "$TIMEIT" "$LINES"; do
	[ -x "$bench_h" ] || { echo "# $bench_h is not built (make bench builds it)"; exit 2; }
done

# A scratch folder, removed on exit (servers.sh, when sourced afterwards,
# takes the EXIT trap over: then keep files under $DB_DIR instead).
B=$(mktemp -d "${TMPDIR:-/tmp}/wizard-bench.XXXXXX") || exit 2
trap 'rm -rf "$B"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# result NAME FIGURE TARGET MET
result() {
	printf 'RESULT\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"
}

# timed RUNS [timeit options] COMMAND...: sets t_med t_p90 t_min t_max (ms),
# t_peak (kB), t_rc and t_cpu (the median processor time, ms) from one
# timeit line.
timed() {
	timed_n=$1
	shift
	set -- $("$TIMEIT" -n "$timed_n" "$@")
	t_med=$1 t_p90=$2 t_min=$3 t_max=$4 t_peak=$5 t_rc=$6 t_cpu=$7
}

# below A B: is the number A less than or equal to B? (yes/no)
below() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? "yes" : "no" }'
}

# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'
}
