#!/bin/sh
# walk.sh: a whole walk through the example guide in the wizard at 80x24:
# setup, stage 1's checks (one fails and is waived with a typed reason) and
# manual step, the stage completed; stage 2's copy (preview, confirmation,
# done), the migration command with its output on the screen, the question
# that hides a step, a manual step not applicable; then the journal holds
# what was typed. Nothing may reach stderr meanwhile.

. "$TOP_SRCDIR/tests/tui/lib.sh"

SB=$T/sb
J=$STATE/example/journal
sh "$DATA/example-sandbox.sh" "$SB" > /dev/null
# The backup check is made to fail: the backup is not there.
mv "$SB/backups/app-1.0.0.tar.gz" "$T/backup.tar.gz"

# The wizard's stderr goes to a file: with curses on, nothing may go there.
REAL_WIZARD=$WIZARD
WIZARD=$T/wizard-stderr
cat > "$WIZARD" <<EOF
#!/bin/sh
exec $(quote "$REAL_WIZARD") "\$@" 2> $(quote "$T/stderr")
EOF
chmod +x "$WIZARD"

# step TEXT NAME: wait for the step screen's first row.
step() {
	expect_screen "$1" "$2"
}

# journal_has EVENT TEXT NAME: a journal line of that event holds TEXT.
journal_has() {
	if awk -F '\t' -v e="$1" '$4 == e' "$J" | grep -qF -- "$2"; then
		ok "$3"
	else
		not_ok "$3: no '$1' event with '$2'"
		sed 's/^/# /' "$J" | tail -20
	fi
}

start
expect_screen "example  Upgrading Example App 1.0.0 to 2.0.0 (1.0.0 -> 2.0.0)" \
    "the start screen lists the example guide"
keys Enter

# Setup: the variables in order, then the question's default, then go on.
expect_screen "Variables" "Enter opens the setup of a new session"
keys Enter
wait_for "Example App 1.0.0 home" && keys "$SB/app-1.0.0" Enter
expect_screen "OLD_HOME is set to $SB/app-1.0.0" "OLD_HOME is taken"
keys Down Enter
wait_for "Example App 2.0.0 home" && keys "$SB/app-2.0.0" Enter
expect_screen "NEW_HOME is set to $SB/app-2.0.0" "NEW_HOME is taken"
keys Down Enter
wait_for "Enter accept" && keys "$SB/backups" Enter
expect_screen "BACKUP_DIR is set to $SB/backups" "BACKUP_DIR is taken"
keys Down Enter
wait_for "Enter accept" && keys C-u 1 Enter
expect_screen "APP_PORT is set to 1" "APP_PORT is set to 1"
keys Down Enter
wait_for "Enter choose" && keys Enter
expect_screen "The answer to keep-logs is yes." "keep-logs is answered"
keys Down Enter
expect_screen "1. Before you begin" "Continue shows the stages"

# Stage 1 opens at its first step to do (the info step needs nothing).
keys Enter
step "1.2  check  old-home" "the stage opens at its first check"
expect_screen "Ref: Section 1, step 1" "the step shows its ref"
expect_screen "Why: Every copy below reads from it." "and why it matters"
expect_screen "Status: [pending]" "a check not run yet is pending"
keys r
expect_screen "Status: [pass]" "r runs the check: it passes"
expect_screen "holds all 2 markers of the" "with its evidence"
expect_screen "version.txt:1: version 1.0.0, as" "the version is in the evidence"

keys "["
step "1.1  info  read-first" "[ goes to the previous step"
expect_screen "The upgrade is done with the 1.0.0 server stopped." \
    "an info step shows its text"
keys "]" "]"
step "1.3  check  new-home" "] goes to the next step"
keys r
expect_screen "version.txt:1: version 2.0.0, as" "the second check passes with its evidence"

keys "]"
step "1.4  check  backup-present" "the backup check"
keys r
expect_screen "Status: [FAIL]" "without the backup file the check fails"
expect_screen "Evidence: nothing matches" "the evidence says nothing matched"
expect_screen "r run again  w waive" "the hints offer the waiver"
keys c
expect_screen "has 1 failing blocker" "the stage cannot be completed while it fails"
keys w
expect_screen "Why may the upgrade go on without it? (required)" "w asks for a reason"
keys Enter
expect_screen "An answer is needed here" "an empty reason is refused"
keys "backup taken by the storage team, ticket 77" Enter
expect_screen "Waived by " "the check is waived"
expect_screen "backup taken by the storage team," "with the reason on the screen"

keys "]"
step "1.5  check  disk-space" "the disk check"
expect_screen "A warning: a failure is reported" "a warning check says so"
keys r
expect_screen "needed" "the disk check shows what it found"
keys "]"
step "1.6  check  server-stopped" "the port check"
keys r
expect_screen "connection refused (the port is closed)" "the port check passes"

keys "]"
step "1.7  manual  db-backup" "the manual step"
expect_screen " 1. Dump the database." "its sub-steps are numbered"
expect_screen " 2. Copy the dump to the backup server." "every one of them"
keys a
expect_screen "Note (optional):" "a asks for a note"
keys "dump kept on backup01" Enter
expect_screen "Status: [acknowledged]" "the step is acknowledged"
expect_screen "Note: dump kept on backup01" "with the note"
keys c
expect_screen "Stage 'Before you begin' is complete." "c completes the stage"

# Stage 2: the copy, previewed and confirmed.
keys "]"
step "2.1  action  copy-config" "] crosses into stage 2"
keys r
expect_screen "Run this action?" "r shows the preview and asks"
expect_screen "Copy $SB/app-1.0.0/conf/app.toml to" "the preview says what is copied"
expect_screen "saved to the backup" "and what is backed up first"
keys n
expect_screen "Status: [pending]" "No runs nothing"
if grep -q 'name = "shop"' "$SB/app-2.0.0/conf/app.toml"; then
	not_ok "the file was copied after No"
else
	ok "nothing was copied after No"
fi
keys r
wait_for "Run this action?" && keys y
expect_screen "Status: [done]" "Yes runs the copy"
if grep -q 'name = "shop"' "$SB/app-2.0.0/conf/app.toml"; then
	ok "the configuration is copied"
else
	not_ok "the configuration is not copied"
fi

keys "]"
step "2.2  check  config-copied" "the check of the copy"
keys r
expect_screen "Status: [pass]" "it passes"

# The command: its output on the screen.
keys "]"
step "2.3  action  migrate-data" "the migration command"
keys r
expect_screen "Command: sh bin/migrate.sh $SB/app-1.0.0" "the preview shows the command"
expect_screen "Folder: $SB/app-2.0.0" "and its folder"
keys y
expect_screen "table 5 of 5 migrated" "the command's output is on the screen"
expect_screen "Status: [done]" "the command is done"
expect_screen "migration warnings: none" "its stderr too"
expect_screen "Log: " "the log is named"
if [ -f "$SB/app-2.0.0/migrated.txt" ]; then
	ok "the command ran in its folder"
else
	not_ok "migrated.txt was not written"
fi

# The question, and the step that depends on it.
keys "]"
step "2.4  question  custom-theme" "the question"
expect_screen "Was a custom theme installed in 1.0.0?" "shows its text"
keys "]"
step "2.5  action  copy-theme" "the step after it"
expect_screen "depends on question 'custom-theme'" "says which question comes first"
keys r
expect_screen "Answer question 'custom-theme' first." "and cannot run before it"
keys "["
step "2.4  question  custom-theme" "back to the question"
keys Enter
expect_screen "Enter choose" "Enter offers the choices"
keys Down Enter
expect_screen "Answer: no" "the answer is no"
keys "]"
step "2.5  action  copy-theme" "the themed copy"
expect_screen "Skipped: its condition does not hold (when: custom-theme = yes)." \
    "shows as skipped"
expect_screen "Status: [skipped]" "with the skipped status"
keys r
expect_screen "This step is skipped" "and r does not run it"
if [ -e "$SB/app-2.0.0/themes/custom" ]; then
	not_ok "the theme was copied"
else
	ok "the theme was not copied"
fi

# A manual step that does not apply: the reason is required.
keys "]"
step "2.6  manual  update-lifecycle" "the console step"
expect_screen "Console: https://localhost:9443/console" "shows its console URL"
keys n
expect_screen "Why does it not apply? (required)" "n asks why"
keys Enter
expect_screen "An answer is needed here" "an empty reason is refused"
keys "no lifecycles in this installation" Enter
expect_screen "Status: [not applicable]" "the step is not applicable"
keys c
expect_screen "Stage 'Migrate the configuration' is complete." "stage 2 completes"

keys Escape
expect_screen "[complete]" "Esc goes back to the stages, marked complete"
keys q
if wait_exit; then
	expect_eq "$rc" 0 "q leaves the wizard"
else
	not_ok "the wizard did not end after q"
	show_screen
fi

journal_has ack "note=dump kept on backup01" "the journal has the acknowledgement's note"
journal_has waive "reason=backup taken by the storage team, ticket 77" \
    "the journal has the waiver's reason"
journal_has answer "question=custom-theme	value=no	source=prompt" \
    "the journal has the answer, typed"
journal_has not-applicable "reason=no lifecycles in this installation" \
    "the journal has the not-applicable reason"
journal_has step-result "step=migrate-data	status=done" "the command is recorded done"
journal_has step-result "log=$STATE/example/logs/" "with its log"
journal_has backup "original=$SB/app-2.0.0/conf/app.toml" \
    "the replaced file was backed up"
if awk -F '\t' '$4 == "step-start"' "$J" | grep -qF "step=copy-theme"; then
	not_ok "the skipped step was started"
else
	ok "the skipped step never started"
fi
if [ -s "$T/stderr" ]; then
	not_ok "the wizard wrote to stderr"
	sed 's/^/# stderr: /' "$T/stderr" | head -10
else
	ok "nothing was written to stderr"
fi

done_testing
