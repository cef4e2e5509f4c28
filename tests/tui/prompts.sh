#!/bin/sh
# prompts.sh: what a person answers must be what they saw. Below 80x24 no
# key acts (the screen and its prompts are hidden); the preview of an
# action keeps its lines as they are; the question to stop a running
# command does not hold the command up (its output and time go on).

. "$TOP_SRCDIR/tests/tui/lib.sh"

J=$STATE/prompts/journal
mkdir -p "$T/work" "$T/lists"
cat > "$T/lists/prompts.yaml" <<'EOY'
guide:
  id: prompts
  title: "Prompts"
  source: "tests/tui/prompts.sh"
  from: "1"
  to: "2"
variables:
  - name: WORK
    kind: directory
    title: "A folder to work in"
stages:
  - id: only
    title: "The only stage"
    steps:
      - id: spaces
        kind: action
        type: run
        title: "Leave a mark with spaces"
        ref: "1"
        with:
          shell: true
          command: "echo 'a    b' > ${WORK}/mark"
      - id: ticker
        kind: action
        type: run
        title: "Count for a while"
        ref: "2"
        with:
          shell: true
          command: "i=0; while [ $i -lt 300 ]; do echo tick $i; i=$((i + 1)); sleep 0.1; done"
EOY
CHECKLISTS=$T/lists

count_events() {
	[ -f "$J" ] || { echo 0; return; }
	awk -F '\t' -v e="$1" '$4 == e { c++ } END { print c + 0 }' "$J"
}

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

# The newest "tick N" on the screen.
last_tick() {
	screen | grep -o 'tick [0-9]*' | tail -1 | cut -d' ' -f2
}

# The "Running for ..." text.
running_for() {
	screen | grep -o 'Running for [^;]*' | head -1
}

start --guide prompts
wait_for "Variables"
keys Enter
wait_for "Enter accept"
keys -l "$T/work"
keys Enter
wait_for "WORK is set"
keys Escape
expect_screen "1. The only stage" "the guide opens on its stages"
keys Enter
expect_screen "1.1  action  spaces" "the stage opens at its first action"

# --- Below 80x24 no key acts -------------------------------------------
resize 60 15
expect_screen "The terminal is 60x15; the wizard needs at least 80x24." \
    "60x15 shows the too-small screen"
expect_screen "Keys are ignored until the terminal is at least 80x24." \
    "which says keys are paused"
keys r Enter Enter y
sleep 0.5
resize 80 24
expect_screen "1.1  action  spaces" "back at 80x24 the step screen returns"
expect_no_screen "Run this action?" "r did nothing while the screen was hidden"
expect_eq "$(count_events step-start)" 0 "nothing started below 80x24 (no step-start)"

# The preview, then the terminal too small: the answer waits for it.
keys r
expect_screen "Run this action?" "r at 80x24 shows the preview"
resize 60 15
wait_for "The terminal is 60x15"
keys Enter Enter y
sleep 0.5
resize 80 24
expect_screen "Run this action?" "back at 80x24 the preview is still there to answer"
expect_eq "$(count_events step-start)" 0 "keys typed while it was hidden answered nothing"
[ ! -e "$T/work/mark" ]
expect_eq "$?" 0 "and the action did not run"

# --- The preview keeps its spaces ---------------------------------------
if screen | grep -qF "echo 'a    b' >"; then
	ok "the preview keeps runs of spaces as they are"
else
	not_ok "the preview lost the spaces of 'a    b'"
	show_screen
fi
keys n
wait_gone "Run this action?"

# --- The stop question does not hold the command up -----------------------
keys "]"
expect_screen "1.2  action  ticker" "] goes to the counting action"
keys r
wait_for "Run this action?"
keys y
expect_screen "x stops it" "the counting action runs"
wait_for "tick 3"
keys x
expect_screen "Stop the command?" "x asks before stopping"
t1=$(last_tick)
r1=$(running_for)
i=0
while [ "$i" -lt 50 ]; do
	t2=$(last_tick)
	r2=$(running_for)
	[ -n "$t2" ] && [ "$t2" -ge $((t1 + 10)) ] && [ "$r2" != "$r1" ] && break
	sleep 0.1
	i=$((i + 1))
done
if [ -n "$t2" ] && [ "$t2" -ge $((t1 + 10)) ]; then
	ok "output keeps arriving while the question is shown (tick $t1, then $t2)"
else
	not_ok "the output stopped while asking (tick $t1, then $t2)"
	show_screen
fi
if [ "$r1" != "$r2" ]; then
	ok "and the elapsed time moves on ('$r1', then '$r2')"
else
	not_ok "the elapsed time stood still at '$r1'"
fi
expect_screen "Stop the command?" "the question is still shown"
keys n
wait_gone "Stop the command?"
expect_screen "x stops it" "n lets it go on"
expect_eq "$(last_status ticker)" "" "nothing is recorded for it yet"

# q while it runs asks the same way, and n goes on.
keys q
expect_screen "Leaving stops it" "q while it runs asks before leaving"
t1=$(last_tick)
wait_for "tick $((t1 + 5))"
expect_screen "tick $((t1 + 5))" "the output goes on meanwhile"
keys n
wait_gone "Leaving stops it"
expect_screen "x stops it" "n stays"

keys x
wait_for "Stop the command?"
keys y
expect_screen "Status: [cancelled]" "y stops the command"
expect_eq "$(last_status ticker)" cancelled "it is recorded cancelled"

keys q
if wait_exit; then
	expect_eq "$rc" 0 "q leaves"
else
	not_ok "the wizard did not leave"
	show_screen
fi
stop
done_testing
