#!/bin/sh
# sighup.sh: a lost terminal while an action runs. The slow guide's action
# sleeps 30 s (times TEST_TIME_FACTOR); SIGHUP to the wizard stops its
# process group, records the step interrupted and restores the terminal.
# The next start offers to run it again, with a reason. The live pane
# counts the time and x stops the command (cancelled). A wizard killed
# outright leaves the command running: running it again is refused until
# its process group has ended.

. "$TOP_SRCDIR/tests/tui/lib.sh"

J=$STATE/slow/journal
mkdir -p "$T/work"

# The slow guide, its sleep multiplied by TEST_TIME_FACTOR: a wizard slowed
# down (valgrind) must still find the command running after a restart.
SLEEP=$((30 * ${TEST_TIME_FACTOR:-1}))
mkdir -p "$T/checklists"
sed "s/sleep 30;/sleep $SLEEP;/" "$DATA/slow.yaml" > "$T/checklists/slow.yaml"
CHECKLISTS=$T/checklists

# The wizard's stderr goes to a file: with curses on, nothing may go there.
REAL_WIZARD=$WIZARD
WIZARD=$T/wizard-stderr
cat > "$WIZARD" <<EOF
#!/bin/sh
exec $(quote "$REAL_WIZARD") "\$@" 2>> $(quote "$T/stderr")
EOF
chmod +x "$WIZARD"

# last_status STEP: the status of the step's last result in the journal.
last_status() {
	awk -F '\t' -v s="step=$1" '$4 == "step-result" {
		hit = 0; st = ""
		for (i = 5; i <= NF; i++) {
			if ($i == s) hit = 1
			if ($i ~ /^status=/) st = substr($i, 8)
		}
		if (hit) last = st
	} END { print last }' "$J"
}

# last_pgid: the process group of the last command started.
last_pgid() {
	awk -F '\t' '$4 == "step-pid" {
		for (i = 5; i <= NF; i++) if ($i ~ /^pgid=/) p = substr($i, 6)
	} END { print p }' "$J"
}

count_events() {
	awk -F '\t' -v e="$1" '$4 == e { c++ } END { print c + 0 }' "$J"
}

group_alive() {
	[ -n "$1" ] && pgrep -g "$1" > /dev/null 2>&1
}

# wait_group_gone PGID: up to 10 s (times TEST_TIME_FACTOR).
wait_group_gone() {
	_i=0
	while [ "$_i" -lt $((100 * ${TEST_TIME_FACTOR:-1})) ]; do
		group_alive "$1" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# run_action: from the step screen, preview, confirm, and wait for the pane
# and for the command's process group in the journal.
run_action() {
	_pids=$(count_events step-pid)
	keys r
	wait_for "Run this action?" && keys y
	wait_for "x stops it"
	wait_pid "$_pids"
}

# wait_pid N: up to 10 s (times TEST_TIME_FACTOR) for more than N step-pid
# events.
wait_pid() {
	_i=0
	while [ "$_i" -lt $((100 * ${TEST_TIME_FACTOR:-1})) ]; do
		[ "$(count_events step-pid)" -gt "$1" ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

start --guide slow
expect_screen "A folder to work in" "a new session asks for WORK"
keys Enter
wait_for "Enter accept" && keys "$T/work" Enter
expect_screen "WORK is set to" "WORK is taken"
keys Down Enter
expect_screen "1. The only stage" "Continue shows the stage"
keys Enter
expect_screen "1.1  action  wait" "Enter opens the action"
keys r
expect_screen "Shell command (run by /bin/sh -c):" "r previews the shell command"
expect_screen "echo started; sleep $SLEEP; echo finished >" \
    "with its placeholders filled in"
keys y
expect_screen "x stops it" "the running pane says how to stop it"
wait_pid 0
expect_screen " started" "the command's output is in the pane"
expect_screen "Running for 2" "the elapsed time goes on (the screen is not frozen)"
pgid=$(last_pgid)
if group_alive "$pgid"; then
	ok "the command runs in process group $pgid"
else
	not_ok "no process group '$pgid' is running"
fi

# The terminal is lost.
kill -HUP "$(wizard_pid)"
if wait_exit 15; then
	ok "SIGHUP ends the wizard while the command runs"
else
	not_ok "the wizard did not end after SIGHUP"
	show_screen
fi
restored "the terminal is restored after SIGHUP"
expect_eq "$(last_status wait)" interrupted "the journal records the step interrupted"
if wait_group_gone "$pgid"; then
	ok "the command's process group is gone"
else
	not_ok "process group $pgid still runs"
	kill -KILL "-$pgid" 2> /dev/null
fi
if [ -e "$T/work/mark" ]; then
	not_ok "the command went on to its end"
else
	ok "the command was stopped before its end"
fi

# The next start offers to run it again, with a reason.
start --guide slow
expect_screen "1. The only stage" "the wizard starts again on the stages"
keys Enter
expect_screen "This action was interrupted while it ran." "the step says it was interrupted"
expect_screen "Status: [interrupted]" "with its status"
expect_screen "r run again" "and offers to run it again"
keys r
expect_screen "Why is it safe to run it again?" "r asks why"
keys Enter
expect_screen "An answer is needed here" "the reason is required"
pids=$(count_events step-pid)
keys "it had only printed started" Enter
expect_screen "Run this action?" "the preview follows"
keys y
expect_screen "x stops it" "the action runs again"
wait_pid "$pids"
if awk -F '\t' '$4 == "retry"' "$J" | grep -qF "reason=it had only printed started"; then
	ok "the journal has the retry with its reason"
else
	not_ok "no retry with the reason in the journal"
	sed 's/^/# /' "$J"
fi

# x stops it, after asking: cancelled, not interrupted.
pgid=$(last_pgid)
keys x
expect_screen "Stop the command?" "x asks before stopping"
keys y
expect_screen "Status: [cancelled]" "the step is cancelled"
expect_eq "$(last_status wait)" cancelled "the journal records it cancelled"
if wait_group_gone "$pgid"; then
	ok "the cancelled command's process group is gone"
else
	not_ok "process group $pgid still runs after x"
	kill -KILL "-$pgid" 2> /dev/null
fi

# A wizard killed outright cannot stop its command: it outlives it.
run_action
pgid=$(last_pgid)
kill -KILL "$(wizard_pid)"
wait_exit 10
if group_alive "$pgid"; then
	ok "the command outlives a killed wizard"
else
	not_ok "process group '$pgid' is not running"
fi
start --guide slow
expect_screen "Step 'wait' was interrupted while it ran" "the next start notes the interrupted step"
keys Enter
expect_screen "is still running" "the step says its command still runs"
retries=$(count_events retry)
keys r
expect_screen "The command of step 'wait' (process group $pgid) is still running" \
    "running it again is refused"
expect_eq "$(count_events retry)" "$retries" "nothing is recorded"
kill -TERM "-$pgid" 2> /dev/null
wait_group_gone "$pgid"
keys Escape Enter
expect_screen "Look at what it did (the log)" "once it has ended, the step can run again"
keys r
expect_screen "Why is it safe to run it again?" "r asks why again"
keys Escape q
if wait_exit; then
	ok "q leaves"
else
	not_ok "the wizard did not end after q"
	show_screen
fi

if [ -s "$T/stderr" ]; then
	not_ok "the wizard wrote to stderr"
	sed 's/^/# stderr: /' "$T/stderr" | head -10
else
	ok "nothing was written to stderr"
fi

done_testing
