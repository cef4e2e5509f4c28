#!/bin/sh
# output.sh: an action printing 1 GB (BENCH_OUTPUT, default 1G) as lines
# of 80 bytes (tests/bench/lines), run by `run` from an answers file,
# beside the same program redirected to a file; the ratio of the times,
# and the wizard's peak memory while it streams the output (ru_maxrss of
# the wizard's process, from wait4: its VmHWM). Each side is timed
# BENCH_OUTPUT_RUNS times (default 3), the median kept. Targets: within
# 1.2x of the redirect, peak memory under 16 MB. Also with the wizard's
# stdout in a file, and on a terminal (a tmux pane of 80x24, when tmux is
# installed): there it shows what a person can follow. Each figure with
# its processor time (cpu: user and system of the process and the children
# it waited for), which the load of a shared machine does not inflate.
. "$TOP_SRCDIR/tests/bench/lib.sh"
: "${BENCH_OUTPUT:=1G}" "${BENCH_OUTPUT_RUNS:=3}"

mkdir -p "$B/guides"
cat > "$B/guides/bench-output.yaml" <<EOT
guide:
  id: bench-output
  title: "An action printing $BENCH_OUTPUT (benchmark)"
  source: "tests/bench/output.sh"
  from: "1"
  to: "2"
stages:
  - id: only
    title: "The only stage"
    steps:
      - id: print
        kind: action
        type: run
        title: "Print $BENCH_OUTPUT"
        ref: "1"
        with: {command: ["$LINES", "$BENCH_OUTPUT"]}
EOT
echo "guide: bench-output" > "$B/answers.yaml"

# The wizard's side: a new state folder each time (the step runs once).
cat > "$B/wizard-run" <<EOT
#!/bin/sh
rm -rf "$B/state"
exec "$WIZARD" --checklists "$B/guides" --state-dir "$B/state" run \\
    bench-output --answers "$B/answers.yaml"
EOT
chmod +x "$B/wizard-run"

timed "$BENCH_OUTPUT_RUNS" -o "$B/plain.out" "$LINES" "$BENCH_OUTPUT"
plain=$t_med
plain_cpu=$t_cpu
echo "# $LINES $BENCH_OUTPUT > FILE: median $t_med ms (min $t_min, max $t_max)," \
    "cpu $t_cpu ms"
rm -f "$B/plain.out"

# timeit runs the script, which execs the wizard: the peak is the wizard's
# (the lines program it runs stays under a megabyte). `run` writes the
# output twice: to the step's log in the session, and to its stdout, each
# line after "      | ". The comparison is with stdout on /dev/null (as on
# a terminal, the log is the one file written); with stdout in a file too,
# for what it costs to keep both.
timed "$BENCH_OUTPUT_RUNS" "$B/wizard-run"
wiz=$t_med
peak=$t_peak
log=$(find "$B/state" -type f -size +1M 2>/dev/null | head -n 1)
echo "# run of the step, stdout to /dev/null: exit $t_rc, median $t_med ms" \
    "(min $t_min, max $t_max), cpu $t_cpu ms;" \
    "the log: $(wc -c < "${log:-/dev/null}") bytes"
if [ "$t_rc" -ne 0 ]; then
	"$B/wizard-run" 2>&1 | tail -n 5 | sed 's/^/#   /'
	result "output $BENCH_OUTPUT: run / redirect" "failed (exit $t_rc)" "<= 1.2x" -
	result "output $BENCH_OUTPUT: peak memory" "failed" "< 16 MB" -
	exit 0
fi
r=$(ratio "$wiz" "$plain")
result "output $BENCH_OUTPUT: run / redirect" \
    "$r ($wiz / $plain ms), cpu $t_cpu / $plain_cpu" "<= 1.2x" \
    "$(below "$r" 1.2)"

timed "$BENCH_OUTPUT_RUNS" -o "$B/wizard.out" "$B/wizard-run"
[ "$t_peak" -gt "$peak" ] && peak=$t_peak
echo "# run of the step, stdout to a file: exit $t_rc, median $t_med ms" \
    "(min $t_min, max $t_max), cpu $t_cpu ms;" \
    "stdout: $(wc -c < "$B/wizard.out") bytes"
r=$(ratio "$t_med" "$plain")
result "output $BENCH_OUTPUT: run > file / redirect" \
    "$r ($t_med / $plain ms), cpu $t_cpu / $plain_cpu" "-" -
rm -f "$B/wizard.out"

# On a terminal: timeit runs in a tmux pane of its own server, the
# wizard's stdout the pane's terminal.
if command -v tmux > /dev/null 2>&1; then
	sock=wizard-bench$$
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	    "'$TIMEIT' -n '$BENCH_OUTPUT_RUNS' -o /dev/tty '$B/wizard-run' > '$B/tty.res' 2>&1; touch '$B/tty.done'"
	waited=0
	while [ ! -e "$B/tty.done" ] && [ "$waited" -lt 1800 ]; do
		sleep 1
		waited=$((waited + 1))
	done
	tmux -L "$sock" kill-server > /dev/null 2>&1
	set -- $(cat "$B/tty.res" 2>/dev/null)
	if [ -e "$B/tty.done" ] && [ "${6:-1}" -eq 0 ]; then
		echo "# run of the step on a terminal (tmux, 80x24): median $1 ms" \
		    "(min $3, max $4), cpu $7 ms"
		[ "$5" -gt "$peak" ] && peak=$5
		r=$(ratio "$1" "$plain")
		result "output $BENCH_OUTPUT: run on a terminal / redirect" \
		    "$r ($1 / $plain ms), cpu $7 / $plain_cpu" "-" -
	else
		echo "# run of the step on a terminal: failed or did not end:" \
		    "$(head -c 200 "$B/tty.res" 2>/dev/null)"
		result "output $BENCH_OUTPUT: run on a terminal / redirect" \
		    "failed" "-" -
	fi
else
	echo "# tmux is not installed: no run on a terminal"
fi
result "output $BENCH_OUTPUT: peak memory" \
    "$(awk -v k="$peak" 'BEGIN { printf "%.1f MB", k / 1024 }')" "< 16 MB" \
    "$(below "$peak" 16384)"
