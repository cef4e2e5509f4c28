#!/bin/sh
# output.sh: a command's output on the step screen. Lines are kept as
# written and made fit for the pane when drawn: tabs as spaces, control
# characters (a NUL too) as '?', what follows the last carriage return;
# after a flood of lines the last ones are those shown.
. "$TOP_SRCDIR/tests/tui/lib.sh"

CHECKLISTS=$T/guides
mkdir -p "$CHECKLISTS"
cat > "$CHECKLISTS/output.yaml" <<'EOG'
guide:
  id: output
  title: "A command's output"
  source: "tests/tui/output.sh"
  from: "1"
  to: "2"
stages:
  - id: only
    title: "The only stage"
    steps:
      - id: print
        kind: action
        type: run
        title: "Print a flood, then odd lines"
        ref: "1"
        with: {command: ["sh", "-c", "i=0; while [ $i -lt 20 ]; do seq 1 10000; i=$((i + 1)); done; sleep 0.2; printf 'tab\\there\\nctl\\001x\\n50%%\\r100%% done\\nnul\\000end\\nthe last line'"]}
EOG

start --guide output
if wait_for "The only stage"; then
	keys Enter
	wait_for "Print a flood"
	keys r
	wait_for "Yes"
	keys y
	expect_screen "Status: [done]" "the step ran to its end"
	expect_screen "Output (the last 10 lines):" "its last lines are shown"
	expect_screen "  tab     here" "a tab is spaces to the next stop"
	expect_screen "  ctl?x" "a control character is '?'"
	expect_screen "  100% done" "what follows the last carriage return"
	expect_screen "  nul?end" "a NUL is '?' and the rest of the line is kept"
	expect_screen "  the last line" "a last line without newline"
	expect_screen "  10000" "the flood's last line before them"
	keys q
	wait_exit
	expect_eq "$rc" 0 "q leaves"
else
	not_ok "the guide did not open"
	show_screen
fi
log=$(ls "$STATE"/output/logs/*-print.log 2>/dev/null | head -1)
if [ -n "$log" ] && [ "$(grep -cx '10000' "$log")" -eq 20 ]; then
	ok "the log has every line of the flood"
else
	not_ok "the log does not have every line of the flood"
fi

done_testing
