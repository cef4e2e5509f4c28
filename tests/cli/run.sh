#!/bin/sh
# run.sh: the whole example guide without a terminal, stopping where a
# person is needed and going on from there, repeating nothing.
. "$TOP_SRCDIR/tests/cli/lib.sh"

sh "$DATA/example-sandbox.sh" "$T/sb"
S="$T/state"
J="$S/example/journal"
example_answers "$T/a1.yaml" "$T/sb"

wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/a1.yaml"
expect_rc 1 "run stops at the first manual step"
expect_in "$T/out" "Stopped at stage 1, step 'db-backup'" "the stop names the step"
expect_in "$T/out" "acknowledge" "and says how to acknowledge it"
expect_eq "$(stat -c %a "$S/example")" "700" "the state folder is 0700"
expect_eq "$(stat -c %a "$J")" "600" "the journal is 0600"
expect_eq "$(count_events "$J" step-result old-home)" "1" "the first check ran once"

example_answers "$T/a2.yaml" "$T/sb" 'acknowledge:
  - {step: db-backup, note: "dumped to backup01, ticket CHG-1234"}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/a2.yaml"
expect_rc 1 "run stops at the question"
expect_in "$T/out" "Stopped at stage 2, step 'custom-theme'" "the question stops the walk"
expect_in "$T/out" "Resuming: running again the 5 checks that passed before." "resume runs passed checks again"
expect_eq "$(count_events "$J" step-result old-home)" "2" "the passed check ran again on resume"
expect_eq "$(count_events "$J" step-start copy-config)" "1" "the copy ran once"
expect_eq "$(count_events "$J" step-start migrate-data)" "1" "the migration ran once"
expect_in "$J" "dumped to backup01, ticket CHG-1234" "the acknowledgement note is in the journal"
expect_in "$T/sb/app-2.0.0/conf/app.toml" 'name = "shop"' "app.toml was copied"
saved=$(find "$S/example/backup" -name app.toml | head -1)
if [ -n "$saved" ] && grep -q "2.0.0 defaults" "$saved"; then
	ok "the overwritten app.toml was saved first"
else
	not_ok "no backup of the overwritten app.toml"
fi
expect_in "$T/sb/app-2.0.0/migrated.txt" "migrated from $T/sb/app-1.0.0" "the migration script ran in the new home"
log=$(ls "$S/example/logs/"*migrate-data.log)
expect_in "$log" "table 5 of 5 migrated" "the command's output is in its log"
expect_in "$log" "migration warnings: none" "its standard error too"
expect_in "$T/out" "table 3 of 5 migrated" "the output is shown as it runs"

example_answers "$T/a3.yaml" "$T/sb" 'answers: {custom-theme: "yes", keep-logs: "yes"}
acknowledge:
  - {step: db-backup, note: "dumped to backup01, ticket CHG-1234"}
  - {step: update-lifecycle}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/a3.yaml"
expect_rc 0 "run finishes the guide"
expect_in "$T/out" "The guide is complete" "it says so"
expect_in "$T/sb/app-2.0.0/themes/custom/theme.css" "teal" "the step the answer enabled ran"
expect_in "$T/sb/app-2.0.0/archive/logs-1.0.0/app.log" "started" "the guide-level answer enabled its step"
if [ -e "$T/sb/app-2.0.0/dropins/migration-1.0.jar" ]; then
	not_ok "the migration jar is still there"
else
	ok "the migration jar was removed"
fi
saved=$(find "$S/example/backup" -name migration-1.0.jar | head -1)
if [ -n "$saved" ]; then ok "the removed jar is in the backup folder"; else not_ok "the removed jar is gone"; fi
expect_eq "$(count_events "$J" stage-complete)" "3" "every stage is recorded complete"
expect_eq "$(count_events "$J" step-start migrate-data)" "1" "the migration still ran only once"
expect_in "$S/example/session.yaml" "update-lifecycle" "the snapshot lists the steps"

events=$(wc -l < "$J")
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/a3.yaml"
expect_rc 0 "running a complete guide again"
expect_eq "$(count_events "$J" step-start copy-config)" "1" "no action is repeated"

wiz --checklists "$DATA" --state-dir "$S" status example
expect_rc 0 "status of the complete session"
expect_in "$T/out" "Every step is resolved" "status says it is complete"
expect_in "$T/out" "Stage 3: Finish (complete)" "status shows a complete stage"

wiz --checklists "$DATA" --state-dir "$S" list
expect_in "$T/out" "example" "list shows the session"

done_testing
