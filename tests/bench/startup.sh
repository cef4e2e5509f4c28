#!/bin/sh
# startup.sh: how long the program takes to start and do the least: load
# and validate the three shipped guides (`validate checklists/*.yaml`),
# load them and open a session (`list` and `status ID`, with the shipped
# guides and a one-step guide whose session is in the state folder: the
# shipped guides need real product homes before a session can begin), and
# `show` of the largest guide. Each command is run BENCH_RUNS times
# (default 51); the median and p90 are printed. Target: under 20 ms.
. "$TOP_SRCDIR/tests/bench/lib.sh"
: "${BENCH_RUNS:=51}"

L=$TOP_SRCDIR/checklists
mkdir -p "$B/guides"
cat > "$B/guides/bench-start.yaml" <<EOT
guide:
  id: bench-start
  title: "A guide of one step (benchmark)"
  source: "tests/bench/startup.sh"
  from: "1"
  to: "2"
stages:
  - id: only
    title: "The only stage"
    steps:
      - id: here
        kind: check
        type: path_exists
        title: "The scratch folder is there"
        ref: "1"
        with: {path: "$B"}
EOT
echo "guide: bench-start" > "$B/answers.yaml"
"$WIZARD" --checklists "$L:$B/guides" --state-dir "$B/state" run bench-start \
    --answers "$B/answers.yaml" > "$B/run.out" 2>&1 ||
    { echo "# could not make the session:"; sed 's/^/#   /' "$B/run.out"; }

largest=$(ls -S "$L"/*.yaml | head -n 1)
largest_id=$(basename "$largest" .yaml)
echo "# the largest guide: $largest_id ($(wc -c < "$largest") bytes," \
    "$(grep -c '^ *- id:' "$largest") ids of stages, steps and questions)"

# The floor: starting a program that does nothing, on this machine now.
timed "$BENCH_RUNS" /bin/true
echo "# /bin/true: median $t_med ms, p90 $t_p90 ms (the cost of fork and exec"\
    "on this machine as loaded now)"
result "start-up: /bin/true, for scale (median / p90)" "$t_med / $t_p90 ms" - -

# bench NAME COMMAND...: time it, print a result line.
bench() {
	bench_name=$1
	shift
	timed "$BENCH_RUNS" "$@"
	if [ "$t_rc" -ne 0 ]; then
		result "$bench_name" "failed (exit $t_rc)" "< 20 ms" -
		return
	fi
	echo "# $bench_name: min $t_min ms, max $t_max ms, processor time" \
	    "$t_cpu ms, peak $t_peak kB"
	result "$bench_name (median / p90)" "$t_med / $t_p90 ms, cpu $t_cpu" "< 20 ms" \
	    "$(below "$t_med" 20)"
}

bench "start-up: --version" "$WIZARD" --version
bench "start-up: validate the 3 guides" "$WIZARD" validate "$L"/*.yaml
bench "start-up: list (guides, sessions)" "$WIZARD" --checklists "$L:$B/guides" \
    --state-dir "$B/state" list
bench "start-up: status of a session" "$WIZARD" --checklists "$L:$B/guides" \
    --state-dir "$B/state" status bench-start
bench "start-up: show $largest_id" "$WIZARD" --checklists "$L" show "$largest_id"
