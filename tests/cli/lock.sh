#!/bin/sh
# lock.sh: one wizard per session; a crashed one's lock is taken over; a
# signal stops a running command; an interrupted action runs again only
# when the answers file says so, and never while its command still runs.
. "$TOP_SRCDIR/tests/cli/lib.sh"

S="$T/state"
J="$S/slow/journal"
mkdir -p "$T/work"
printf 'guide: slow\nvariables: {WORK: %s}\n' "$T/work" > "$T/a.yaml"
printf 'guide: slow\nvariables: {WORK: %s}\nretry:\n  - {step: wait, reason: "the log shows it only slept"}\n' \
	"$T/work" > "$T/retry.yaml"

# wait_for FILE TEXT: up to 20 s for TEXT to appear in FILE.
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# last_pgid: the process group of the last command the journal names.
last_pgid() {
	awk -F '\t' '$4 == "step-pid" { for (i = 5; i <= NF; i++) if ($i ~ /^pgid=/) p = substr($i, 6) } END { print p }' "$J"
}

"$WIZARD" --checklists "$DATA" --state-dir "$S" run slow --answers "$T/a.yaml" > "$T/first.out" 2>&1 &
pid=$!
if wait_for "$T/first.out" "| started"; then ok "the first wizard runs the slow step"; else not_ok "the slow step did not start"; fi

wiz --checklists "$DATA" --state-dir "$S" run slow --answers "$T/a.yaml"
expect_rc 2 "a second wizard on the same session"
expect_in "$T/err" "process $pid" "it is told which process holds it"
expect_in "$T/err" "$(id -un)" "and who"

wiz --checklists "$DATA" --state-dir "$S" status slow
expect_in "$T/out" "in use by $(id -un)" "status shows who holds the session"

# SIGTERM: the command's group is stopped, the step recorded as interrupted.
pgid=$(last_pgid)
kill -TERM $pid
wait $pid
rc=$?
expect_eq "$rc" "1" "the wizard stopped by SIGTERM exits 1"
expect_in "$T/first.out" "interrupted" "it says it was interrupted"
expect_eq "$(count_events "$J" step-result wait)" "1" "the step's end is recorded"
expect_in "$J" "status=interrupted" "as interrupted"
# A stopped process can stay a zombie for a moment until it is reaped.
i=0
while [ -n "$pgid" ] && kill -0 -"$pgid" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
if [ -n "$pgid" ] && ! kill -0 -"$pgid" 2>/dev/null; then
	ok "the command's process group $pgid was stopped"
else
	not_ok "the command's process group '$pgid' is still there"
fi

wiz --checklists "$DATA" --state-dir "$S" run slow --answers "$T/a.yaml"
expect_rc 1 "an interrupted action is not run again unasked"
expect_in "$T/out" "add it under 'retry:'" "the operator is told how to run it again"
expect_eq "$(count_events "$J" step-start wait)" "1" "it did not run"

# SIGKILL: no chance to clean up. The lock file stays and is taken over;
# the command goes on running in its own group, and nothing runs it again
# meanwhile.
"$WIZARD" --checklists "$DATA" --state-dir "$S" run slow --answers "$T/retry.yaml" > "$T/second.out" 2>&1 &
pid=$!
wait_for "$T/second.out" "| started"
pgid=$(last_pgid)
kill -KILL $pid
wait $pid 2>/dev/null
wiz --checklists "$DATA" --state-dir "$S" run slow --answers "$T/retry.yaml"
expect_rc 1 "a run while the orphaned command still runs"
expect_in "$T/out" "is still running" "it says the command still runs"
expect_in "$T/out" "kill -TERM -$pgid" "and names its process group"
expect_eq "$(count_events "$J" lock-takeover)" "1" "the stale lock's takeover is in the journal"
expect_eq "$(count_events "$J" step-interrupted wait)" "1" "the killed step is marked interrupted"
expect_in "$T/out" "was interrupted while it ran" "and the operator is told"
expect_eq "$(count_events "$J" step-start wait)" "2" "the action was not started again"

kill -TERM -"$pgid"
sed 's/sleep 30/sleep 0/' "$DATA/slow.yaml" > "$T/slow.yaml"
mkdir -p "$T/fast"
cp "$T/slow.yaml" "$T/fast/slow.yaml"
i=0
while kill -0 -"$pgid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wiz --checklists "$T/fast" --state-dir "$S" run slow --answers "$T/retry.yaml"
expect_rc 0 "with the command gone and a retry in the answers file, the guide finishes"
expect_eq "$(count_events "$J" retry wait)" "2" "both retries are in the journal"
expect_in "$J" "the log shows it only slept" "with its reason"
expect_in "$T/work/mark" "finished" "the step ran to its end"
expect_in "$T/out" "has changed since the session started" "the changed checklist is noted"

done_testing
