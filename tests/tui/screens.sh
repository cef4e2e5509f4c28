#!/bin/sh
# screens.sh: the start, setup, stages, log and help screens, driven in
# tmux with the example guide: values checked as they are entered (and a
# refused one not recorded), the stages with their counts, a stage with a
# failing blocker refused, the journal searched, the help made from the key
# table, and a session in use by another wizard.

. "$TOP_SRCDIR/tests/tui/lib.sh"

SB=$T/sb
sh "$DATA/example-sandbox.sh" "$SB" > /dev/null
J=$STATE/example/journal

# count_events EVENT [KEY=VALUE]: journal lines of that event (with that field).
count_events() {
	if [ ! -f "$J" ]; then
		echo 0
		return
	fi
	awk -F '\t' -v e="$1" -v f="$2" \
	    '$4 == e { if (f == "") { c++; next } for (i = 5; i <= NF; i++) if ($i == f) { c++; break } } END { print c + 0 }' "$J"
}

# expect_screen_not TEXT NAME: TEXT is nowhere on the screen now.
# (lib.sh's expect_no_screen)

# type_value TEXT: replace what the open text entry holds and accept it.
type_value() {
	keys C-u
	keys -l "$1"
	keys Enter
}

# --- The start screen -------------------------------------------------
start
expect_screen "Guides" "the start screen shows its heading"
expect_screen "example  Upgrading Example App 1.0.0 to 2.0.0 (1.0.0 -> 2.0.0)" \
    "it lists the example guide as ID  TITLE (FROM -> TO)"
expect_no_screen "session:" "a guide never opened has no session row"

# --- Setup: opening a guide with no values ----------------------------
keys Enter
expect_screen "Variables" "opening the guide without values shows Setup"
row0=$(screen | head -1)
case $row0 in
*"wso2-upgrade-wizard - example"*Setup) ok "the title line names the guide and the Setup screen" ;;
*) not_ok "the title line is '$row0'" ;;
esac
if screen | grep -q '^> OLD_HOME  *Example App 1.0.0 home  *(no value)'; then
	ok "the first variable without a value is selected and says (no value)"
else
	not_ok "no selected OLD_HOME row with (no value)"
	show_screen
fi
expect_screen "APP_PORT    Port of the running application  18080 (default)" "every variable has a row, a default shown as such"
expect_screen "keep-logs" "the guide's question has a row under Questions"
expect_screen "(no answer)" "and says it has no answer"
expect_screen "Continue" "the last row is Continue"
expect_eq "$(count_events session-start)" 1 "opening the guide started the session"

# A product home that lacks its markers: refused with the reason, nothing
# recorded, and the entry offered again with the typed text.
keys Enter
expect_screen "Enter accept" "Enter on a variable opens the text entry"
type_value "$SB/app-1.0.0/conf"
expect_screen "does not look like Example" "a folder without the markers is refused"
expect_screen "conf/app.toml, bin/version.txt are missing" "the reason names the missing markers"
expect_screen "Refused:" "the entry is offered again, saying it was refused"
if screen | grep -qF "$SB/app-1.0.0/conf"; then
	ok "with the text typed"
else
	not_ok "the typed text is not in the entry again"
	show_screen
fi
expect_eq "$(count_events var)" 0 "the refused value is not recorded"
keys Escape
wait_gone "Enter accept"
# The message takes up to three rows ending on the last line.
if screen | tail -3 | tr '\n' ' ' | grep -qF "OLD_HOME (Example App 1.0.0 home):"; then
	ok "after Esc the refusal is on the bottom lines"
else
	not_ok "the refusal is not on the bottom lines after Esc"
	show_screen
fi
expect_eq "$(count_events var)" 0 "Esc records nothing"
if screen | grep -q '^> OLD_HOME .*(no value)'; then
	ok "OLD_HOME still has no value"
else
	not_ok "OLD_HOME changed after a refused value"
	show_screen
fi

# A port that is not one.
keys Down Down Down
keys Enter
expect_screen "Enter accept" "the port entry opens"
type_value "99999"
expect_screen "'99999' is not" "a port out of range is refused"
keys Escape
expect_eq "$(count_events var)" 0 "and not recorded"
keys Up Up Up

# Valid values are taken and recorded with source=prompt.
keys Enter
wait_for "Enter accept"
type_value "$SB/app-1.0.0"
expect_screen "OLD_HOME is set to $SB/app-1.0.0." "a real 1.0.0 home is taken"
expect_eq "$(count_events var "name=OLD_HOME")" 1 "it is recorded once"
expect_eq "$(count_events var "source=prompt")" 1 "as typed at the prompt"
keys Down Enter
wait_for "Enter accept"
type_value "$SB/app-2.0.0"
expect_screen "NEW_HOME is set to" "the 2.0.0 home is taken"
keys Down Enter
wait_for "Enter accept"
type_value "$SB/backups"
expect_screen "BACKUP_DIR is set to" "the backup folder is taken"
expect_eq "$(count_events var)" 3 "three values are recorded"
if screen | grep -qF "NEW_HOME    Example App 2.0.0 home"; then
	ok "the form shows the values"
else
	not_ok "the form does not show NEW_HOME's row"
	show_screen
fi
expect_no_screen "(no value)" "no variable is left without a value"

# The question: its choices, the answer recorded.
keys Down Down
expect_screen "Should the 1.0.0 logs be kept in the archive folder?" \
    "the selected question's whole text is under the form"
expect_screen "Default: yes" "with its default"
keys Enter
expect_screen "Enter choose" "Enter on a question shows its choices"
keys Down Enter
expect_screen "The answer to keep-logs is no." "the choice is taken"
expect_eq "$(count_events answer "question=keep-logs")" 1 "the answer is recorded"
expect_in_journal() {
	if grep -qF -- "$1" "$J"; then ok "$2"; else not_ok "$2: '$1' not in the journal"; fi
}
expect_in_journal "value=no	source=prompt" "with its value and source"

# --- Stages -------------------------------------------------------------
keys Down Enter
expect_screen "1. Before you begin" "Continue shows the stages"
row0=$(screen | head -1)
case $row0 in
*Stages) ok "the title line says Stages" ;;
*) not_ok "the title line is '$row0'" ;;
esac
expect_screen "1 of 17 steps resolved in 3 stages" "the guide's progress is shown (the step the answer skips is resolved)"
if screen | grep -q '^>\*1\. Before you begin'; then
	ok "the current stage is marked with * and selected (>)"
else
	not_ok "stage 1 is not marked current and selected"
	show_screen
fi
keys Down
if wait_for "> 2. " && screen | grep -q '^ \*1\. Before you begin'; then
	ok "> follows the selection, * stays on the current stage"
else
	not_ok "the marks did not part when the selection moved"
	show_screen
fi
keys Up
wait_for ">*1. "
expect_screen "done 0  failed 0  waived 0  ack 0  pending 6" "stage 1 has its counts"
expect_screen "3. Finish" "every stage is listed"
expect_screen "done 0  failed 0  waived 0  ack 0  pending 4  skipped 1" "stage 3 has its counts, with the step skipped by the answer"
keys c
expect_screen "step 'old-home' (The 1.0.0 home is in place) of stage" "a stage with steps to do cannot be completed"
expect_eq "$(count_events stage-complete)" 0 "nothing is recorded"

# Setup again from the stages: the values are there, and can be changed.
keys s
expect_screen "Variables" "s opens Setup from the stages"
if screen | grep -q '^  keep-logs   Should the 1.0.0 logs be.*  no *$'; then
	ok "the question's row shows its answer"
else
	not_ok "the keep-logs row does not end with its answer"
	show_screen
fi
keys Escape
expect_screen "1. Before you begin" "Esc goes back to the stages"

# --- The log --------------------------------------------------------------
keys l
expect_screen "Journal of the session: event 5 of 5" "l shows the journal, at its last event"
if screen | grep -q '^[0-9]* [0-9T:Z-]* [^ ]* var name=OLD_HOME value='; then
	ok "a var event reads SEQ TIME BY EVENT FIELDS"
else
	not_ok "no var row for OLD_HOME"
	show_screen
fi
expect_screen "answer question=keep-logs value=no source=prompt" "the answer event is shown"
keys /
expect_screen "Search for:" "/ asks what to search for"
keys -l "name=NEW_HOME"
keys Enter
expect_screen "event 3 of 5" "the search moves to the event that holds it"
keys /
wait_for "Search for:"
keys C-u
keys -l "nothing-like-this"
keys Enter
expect_screen "Not found: nothing-like-this" "a search without a match says so"
expect_screen "event 3 of 5" "and stays where it was"
keys /
wait_for "Search for:"
keys C-u
keys -l "var name"
keys Enter
expect_screen "event 4 of 5" "a search starts below the selection"
keys n
expect_screen "event 2 of 5" "n finds the next match, wrapping around"
keys Enter
expect_screen "name=OLD_HOME" "Enter on an event without a log shows it whole"
keys Escape
wait_for "Journal of the session"

# --- Help -------------------------------------------------------------------
keys "?"
expect_screen "Keys" "? opens the help"
row0=$(screen | head -1)
case $row0 in
*Help) ok "the title line says Help" ;;
*) not_ok "the title line is '$row0'" ;;
esac
expect_screen "/          search" "the log's keys are listed, from the key table"
expect_screen "n          find the next match" "with the log's n"
expect_screen "?, F1      show the keys" "keys of the same action share a line"
expect_no_screen "mark the stage complete" "keys of other screens are not listed"
keys Escape
expect_screen "Journal of the session" "Esc closes the help"
keys Escape
wait_for "1. Before you begin"
keys F1
expect_screen "mark the stage complete" "F1 opens the stages' help, with c"
expect_screen "change the variables and answers" "and s"
expect_no_screen "find the next match" "but not the log's keys"
keys Enter
expect_screen "1. Before you begin" "Enter closes the help"

# --- A session in use -------------------------------------------------------
# The first wizard holds the session; a second one in another window sees
# who holds it, and is told so when it tries to open it.
holder=$(wizard_pid)
# (tmux 3.3a dies on new-window while window-size is manual: the size is
# let go for the moment the window is made, at the default 80x24.)
tmux -L "$SOCK" set -g window-size latest \; new-window -t wiz \
    "env LC_ALL=$(quote "${TUI_LC_ALL:-C.UTF-8}") $(quote "$WIZARD") --state-dir $(quote "$STATE") --checklists $(quote "$CHECKLISTS")" \; \
    set -g window-size manual
expect_screen "Guides" "a second wizard starts in another window"
expect_screen "session: 1 of 17 steps resolved, stage 1 of 3, in use by" \
    "its start screen shows the session's progress and that it is in use"
# The row may wrap: read it as one line.
joined=$(screen | sed 's/^ *//' | tr '\n' ' ' | tr -s ' ')
case $joined in
*"in use by $(id -un) on $(uname -n) (process $holder)"*)
	ok "naming who holds it: user, host and process" ;;
*)
	not_ok "the holder is not named as 'in use by $(id -un) on $(uname -n) (process $holder)'"
	show_screen ;;
esac
keys Enter
expect_screen "the session is held by" "opening it shows the lock message"
expect_screen "Guides" "and stays on the start screen"
expect_eq "$(count_events lock-takeover)" 0 "the lock was not taken over"
keys q
tmux -L "$SOCK" kill-window -t wiz:1
tmux -L "$SOCK" select-window -t wiz:0
expect_screen "1. Before you begin" "the first wizard still shows its stages"
# It still holds the session and answers keys: its journal opens.
keys l
expect_screen "Journal of the session: event 5 of 5" \
    "the first wizard still works its session after the refusal"
keys Escape
wait_for "1. Before you begin"

# Back on the start screen the session row says how far it has got.
keys Escape
expect_screen "session: 1 of 17 steps resolved, stage 1 of 3" \
    "Esc from the stages goes back to Start, with the session's row"
expect_no_screen "in use by" "the session is no longer in use"
keys q
if wait_exit; then expect_eq "$rc" 0 "q leaves the wizard"; else not_ok "the wizard did not leave"; fi

# --- A stage with a failing blocker ----------------------------------------
# The session is walked headless first: the backup check fails (the
# backup folder is empty) and blocks stage 1.
STATE=$T/state2
J=$STATE/example/journal
mkdir -p "$T/nobackup"
cat > "$T/answers.yaml" <<EOA
guide: example
variables:
  OLD_HOME: $SB/app-1.0.0
  NEW_HOME: $SB/app-2.0.0
  BACKUP_DIR: $T/nobackup
  APP_PORT: "1"
EOA
"$WIZARD" --state-dir "$STATE" --checklists "$CHECKLISTS" run example \
    --answers "$T/answers.yaml" > "$T/run.out" 2>&1
expect_eq "$?" 1 "the headless walk stops at the failing backup check"
start
expect_screen "session: 2 of 17 steps resolved, stage 1 of 3" "the start screen shows the walked session"
keys Enter
expect_screen "Variables" "the unanswered question brings up Setup"
keys Escape
expect_screen "1. Before you begin  [blocked]" "the stage with the failing blocker is marked"
expect_screen "done 2  failed 1  waived 0  ack 0  pending 3" "with its counts"
keys c
expect_screen "has 1 failing blocker: make it pass or waive it first" \
    "c on it is refused with the engine's message"
expect_eq "$(count_events stage-complete)" 0 "and nothing is recorded"
keys Enter
expect_screen "backup-present" "Enter opens the stage at its first unresolved step"
row0=$(screen | head -1)
case $row0 in
*Step) ok "on the Step screen" ;;
*) not_ok "the title line is '$row0'" ;;
esac
keys Escape
expect_screen "1. Before you begin  [blocked]" "Esc comes back to the stages"
keys Down Down
keys c
expect_screen "of stage 'Finish' is not" "moving on to a later stage is allowed; it is not complete either"
keys q
wait_exit

# --- A step's log file --------------------------------------------------------
# Walked headless up to the custom-theme question: the migration script ran
# and wrote its log.
SB2=$T/sb2
sh "$DATA/example-sandbox.sh" "$SB2" > /dev/null
STATE=$T/state3
cat > "$T/answers3.yaml" <<EOA
guide: example
variables:
  OLD_HOME: $SB2/app-1.0.0
  NEW_HOME: $SB2/app-2.0.0
  BACKUP_DIR: $SB2/backups
  APP_PORT: "1"
answers: {keep-logs: "yes"}
acknowledge:
  - {step: db-backup, note: "dumped"}
EOA
"$WIZARD" --state-dir "$STATE" --checklists "$CHECKLISTS" run example \
    --answers "$T/answers3.yaml" > "$T/run3.out" 2>&1
expect_eq "$?" 1 "the headless walk stops at the custom-theme question"
start
wait_for "Guides"
keys Enter
expect_screen "[complete]" "with every value given, the guide opens on its stages"
keys l
expect_screen "Journal of the session" "the journal of the walked session"
keys /
wait_for "Search for:"
keys -l "step-start migrate-data"
keys Enter
expect_screen "step-start migrate-data log=" "the search finds the migration's start"
keys Enter
log=$(ls "$STATE"/example/logs/*-migrate-data.log)
total=$(wc -l < "$log" | tr -d ' ')
expect_screen "Line 1 of $total of the log $STATE/example/logs/" "Enter on it opens its log file"
expect_screen "migrating from $SB2/app-1.0.0" "which shows the script's output"
expect_screen "table 5 of 5 migrated" "every line of it"
keys /
wait_for "Search for:"
keys -l "table 3"
keys Enter
expect_screen "Line $(grep -n "table 3" "$log" | cut -d: -f1) of $total" "the log file is searchable too"
keys Enter
expect_screen "Lines 1-1 of 1" "Enter on a line of the log shows it whole"
expect_screen "$(grep "table 3" "$log" | head -1)" "the line as the file has it"
keys Escape
wait_gone "Lines 1-1 of 1"
keys Escape
expect_screen "Journal of the session" "Esc goes back to the journal"
keys q
wait_exit

# --- A checklist with problems ----------------------------------------------
# Listed with its number of problems; Enter shows the first, and nothing
# opens.
mkdir -p "$T/lists"
cp "$DATA/example.yaml" "$T/lists/"
printf 'guide:\n  id: broken\n  title: Broken\nstages: []\n' > "$T/lists/broken.yaml"
CHECKLISTS=$T/lists
STATE=$T/state4
start
expect_screen "broken.yaml  " "a checklist with problems is listed by its file name"
if screen | grep -q "^> broken.yaml  [0-9][0-9]* problems (see 'validate')"; then
	ok "with the number of its problems"
else
	not_ok "the broken checklist's row does not count its problems"
	show_screen
fi
keys Enter
expect_screen "$T/lists/broken.yaml:2:" "Enter shows its first problem, where it is"
expect_screen "Guides" "and stays on the start screen"
if [ -e "$STATE/broken" ]; then not_ok "a session was made for it"; else ok "no session is made for it"; fi
keys q
wait_exit
stop

done_testing
