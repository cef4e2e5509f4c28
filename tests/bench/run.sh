#!/bin/sh
# run.sh: every benchmark of tests/bench/, one after the other, then one
# table of the results (`make bench` runs it). Prints figures; asserts
# nothing: it exits 0 even where a target is missed.
#
# Environment: WIZARD, TOP_SRCDIR, TOP_BUILDDIR (as make check's); CC and
# CFLAGS (for the machine's description); BENCH_SKIP_DB=yes leaves out the
# database checks; BENCH_ONLY="startup report" runs only those.
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}" "${WIZARD:?}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
all="startup dbchecks output report"
[ "${BENCH_SKIP_DB:-no}" != yes ] || all="startup output report"
: "${BENCH_ONLY:=$all}"

out=$(mktemp "${TMPDIR:-/tmp}/wizard-bench-results.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT

echo "# Machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(nproc) cores, $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)," \
    "Debian $(cat /etc/debian_version 2>/dev/null || echo '?')," \
    "load $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "# Compiler: $(${CC:-cc} --version 2>/dev/null | head -n 1); CFLAGS: ${CFLAGS:-?}"
for b in $BENCH_ONLY; do
	echo "# == $b =="
	t0=$(date +%s)
	sh "$TOP_SRCDIR/tests/bench/$b.sh" 2>&1 | tee -a "$out" |
	    grep --line-buffered -v '^RESULT'
	echo "# $b took $(($(date +%s) - t0)) s"
done

echo
echo "Results (load at the end: $(cut -d ' ' -f 1-3 /proc/loadavg))"
awk -F '\t' '
$1 == "RESULT" { n++; name[n] = $2; fig[n] = $3; tgt[n] = $4; met[n] = $5
	if (length($2) > w1) w1 = length($2); if (length($3) > w2) w2 = length($3) }
END {
	printf "%-" w1 "s  %-" w2 "s  %-10s  %s\n", "benchmark", "figure", "target", "met"
	for (i = 1; i <= n; i++)
		printf "%-" w1 "s  %-" w2 "s  %-10s  %s\n", name[i], fig[i], tgt[i], met[i]
}' "$out"
exit 0
