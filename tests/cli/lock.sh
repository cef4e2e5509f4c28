#!/bin/sh
# lock.sh: one wizard per session; a crashed one's lock is taken over; a
# signal stops a running command and the step runs again next time.
. "$TOP_SRCDIR/tests/cli/lib.sh"

S="$T/state"
J="$S/slow/journal"
mkdir -p "$T/work"
printf 'guide: slow\nvariables: {WORK: %s}\n' "$T/work" > "$T/a.yaml"

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

"$WIZARD" --checklists "$DATA" --state-dir "$S" run slow --answers "$T/a.yaml" > "$T/first.out" 2>&1 &
pid=$!
if wait_for "$T/first.out" "| started"; then ok "the first wizard runs the slow step"; else not_ok "the slow step did not start"; fi

wiz --checklists "$DATA" --state-dir "$S" run slow --answers "$T/a.yaml"
expect_rc 2 "a second wizard on the same session"
expect_in "$T/err" "process $pid" "it is told which process holds it"
expect_in "$T/err" "$(id -un)" "and who"

wiz --checklists "$DATA" --state-dir "$S" status slow
expect_in "$T/out" "in use by $(id -un)" "status shows who holds the session"

# SIGTERM: the command is stopped, the step recorded as interrupted.
kill -TERM $pid
wait $pid
rc=$?
expect_eq "$rc" "1" "the wizard stopped by SIGTERM exits 1"
expect_in "$T/first.out" "interrupted" "it says it was interrupted"
expect_eq "$(count_events "$J" step-result wait)" "1" "the step's end is recorded"
expect_in "$J" "status=interrupted" "as interrupted"
if pgrep -f "sleep 30; echo finished" > /dev/null 2>&1; then
	not_ok "the command's process group is still running"
else
	ok "the command's process group was stopped"
fi

# SIGKILL: no chance to clean up; the lock file stays and is taken over.
"$WIZARD" --checklists "$DATA" --state-dir "$S" run slow --answers "$T/a.yaml" > "$T/second.out" 2>&1 &
pid=$!
wait_for "$T/second.out" "| started"
kill -KILL $pid
wait $pid 2>/dev/null
pkill -f "echo finished" 2>/dev/null
sed 's/sleep 30/sleep 0/' "$DATA/slow.yaml" > "$T/slow.yaml"
mkdir -p "$T/fast"
cp "$T/slow.yaml" "$T/fast/slow.yaml"
wiz --checklists "$T/fast" --state-dir "$S" run slow --answers "$T/a.yaml"
expect_rc 0 "the next run finishes the guide"
expect_eq "$(count_events "$J" lock-takeover)" "1" "the stale lock's takeover is in the journal"
expect_eq "$(count_events "$J" step-interrupted wait)" "1" "the killed step is marked interrupted"
expect_in "$T/out" "was interrupted while it ran" "and the operator is told"
expect_in "$T/work/mark" "finished" "the step ran to its end"
expect_in "$T/out" "the checklist" "the changed checklist is noted"

done_testing
