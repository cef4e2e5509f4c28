#!/bin/sh
# report.sh: the report of a session with 10,000 steps (BENCH_STEPS), in
# each of the four formats. The guide is generated: 100 steps a stage, a
# quarter each of checks (path_exists, passing), info, manual steps (all
# acknowledged in the answers file) and actions (run of "true"); one `run`
# with the answers file resolves them all, then `report` is timed (median
# and p90 of BENCH_RUNS runs, default 11). Target: under 200 ms.
. "$TOP_SRCDIR/tests/bench/lib.sh"
: "${BENCH_STEPS:=10000}" "${BENCH_RUNS:=11}"

mkdir -p "$B/guides" "$B/state"
awk -v n="$BENCH_STEPS" -v dir="$B" '
BEGIN {
	print "guide:\n  id: bench-report\n  title: \"A guide of " n " steps (benchmark)\""
	print "  source: \"tests/bench/report.sh\"\n  from: \"1\"\n  to: \"2\""
	print "stages:"
	for (i = 0; i < n; i++) {
		if (i % 100 == 0)
			printf "  - id: stage-%d\n    title: \"Stage %d\"\n    ref: \"Part %d\"\n    steps:\n", i / 100, i / 100, i / 100
		k = i % 4
		printf "      - id: step-%d\n        title: \"Step %d of the benchmark guide\"\n        ref: \"Part %d, step %d\"\n", i, i, i / 100, i % 100
		if (k == 0)
			printf "        kind: check\n        type: path_exists\n        with: {path: \"%s\"}\n", dir
		else if (k == 1)
			printf "        kind: info\n        text: \"Something to read before step %d.\"\n", i + 1
		else if (k == 2)
			printf "        kind: manual\n        substeps: [\"Open the console\", \"Press the button\"]\n"
		else
			printf "        kind: action\n        type: run\n        with: {command: [\"true\"]}\n"
	}
}' > "$B/guides/bench-report.yaml"
awk -v n="$BENCH_STEPS" 'BEGIN {
	print "guide: bench-report\nacknowledge:"
	for (i = 2; i < n; i += 4)
		printf "  - {step: step-%d, note: \"done\"}\n", i
}' > "$B/answers.yaml"

t0=$(date +%s%N)
"$WIZARD" --checklists "$B/guides" --state-dir "$B/state" run bench-report \
    --answers "$B/answers.yaml" > "$B/run.out" 2>&1
rc=$?
t1=$(date +%s%N)
echo "# run of the $BENCH_STEPS-step guide: exit $rc, $(( (t1 - t0) / 1000000 )) ms"
if [ $rc -ne 0 ]; then
	tail -n 5 "$B/run.out" | sed 's/^/#   /'
fi
"$WIZARD" --checklists "$B/guides" --state-dir "$B/state" status \
    bench-report 2>&1 | head -n 3 | sed 's/^/#   /'

for f in text markdown html yaml; do
	timed "$BENCH_RUNS" -o "$B/report.$f" "$WIZARD" --checklists "$B/guides" \
	    --state-dir "$B/state" report bench-report --format "$f"
	echo "# report --format $f: exit $t_rc, $(wc -c < "$B/report.$f") bytes," \
	    "min $t_min ms, max $t_max ms, processor time $t_cpu ms," \
	    "peak $t_peak kB"
	if [ "$t_rc" -ne 0 ]; then
		result "report $BENCH_STEPS steps, $f" "failed (exit $t_rc)" "< 200 ms" -
		continue
	fi
	result "report $BENCH_STEPS steps, $f (median / p90)" \
	    "$t_med / $t_p90 ms, cpu $t_cpu" "< 200 ms" "$(below "$t_med" 200)"
done
