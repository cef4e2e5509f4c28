#!/bin/sh
# resume.sh: drift on resume, waivers, a torn journal line, a lost snapshot.
. "$TOP_SRCDIR/tests/cli/lib.sh"

sh "$DATA/example-sandbox.sh" "$T/sb"
S="$T/state"
J="$S/example/journal"
example_answers "$T/a.yaml" "$T/sb"

wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/a.yaml"
expect_rc 1 "a first run stops at the manual step of stage 1"

# The backup disappears while stage 1 is still open: drift, and it blocks.
mv "$T/sb/backups/app-1.0.0.tar.gz" "$T/backup.tar.gz"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/a.yaml"
expect_rc 1 "run with drift stops"
expect_in "$T/out" "Drift: check 'backup-present' passed before and does not pass now." "the drift is reported"
expect_in "$T/out" "Stopped at stage 1, step 'backup-present'" "the drifted blocker stops the walk"
expect_eq "$(count_events "$J" drift backup-present)" "1" "the drift is in the journal"

wiz --checklists "$DATA" --state-dir "$S" status example
expect_in "$T/out" "Stage 1: Before you begin (blocked)" "status shows the stage blocked"
expect_in "$T/out" "Next: step 'backup-present'" "status names the next step"
expect_in "$T/out" "Drift: check 'backup-present' passed before" "status lists the drift"

example_answers "$T/w.yaml" "$T/sb" 'acknowledge:
  - {step: db-backup, note: "done"}
waive:
  - {step: backup-present, reason: "backup taken by the storage team, ticket 77"}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/w.yaml"
expect_rc 1 "with a waiver the walk goes on to the question"
expect_in "$T/out" "Stopped at stage 2, step 'custom-theme'" "it stops at the question"
expect_in "$J" "backup taken by the storage team, ticket 77" "the waiver's reason is in the journal"
expect_eq "$(count_events "$J" stage-complete)" "1" "stage 1 is complete"

# Drift in a stage already complete is reported and does not reopen it.
mv "$T/backup.tar.gz" "$T/sb/backups/app-1.0.0.tar.gz"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/w.yaml"
expect_rc 1 "the backup is back"
echo "# a hand edit" > "$T/sb/app-2.0.0/bin/version.txt"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/w.yaml"
expect_rc 1 "run after a change to a complete stage's subject"
expect_in "$T/out" "Drift: check 'new-home' passed before and does not pass now; its stage was complete and stays so" "the drift is reported as such"
expect_in "$T/out" "Stopped at stage 2, step 'custom-theme'" "the walk goes on to where it was"
wiz --checklists "$DATA" --state-dir "$S" status example
expect_in "$T/out" "Stage 1: Before you begin (complete)" "the stage stays complete"
expect_in "$T/out" "drift: 1" "its count shows the drift"
echo "Example App v2.0.0" > "$T/sb/app-2.0.0/bin/version.txt"

# A crash in the middle of writing an event leaves a torn last line.
printf '999\t2026-01-01T00:00:00Z\troot\tack\tstep=upd' >> "$J"
wiz --checklists "$DATA" --state-dir "$S" status example
expect_rc 0 "status with a torn last line"
expect_in "$T/out" "the last line was cut off" "status reports the torn line"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/w.yaml"
expect_rc 1 "run after a torn line"
expect_in "$J.torn" "step=upd" "the torn bytes are kept aside"
expect_eq "$(tail -c 1 "$J" | od -An -c | tr -d ' ')" '\n' "the journal ends with a whole line"
expect_eq "$(count_events "$J" torn-line)" "1" "the recovery is in the journal"

# A lost or damaged snapshot is rebuilt from the journal.
rm "$S/example/session.yaml"
wiz --checklists "$DATA" --state-dir "$S" status example
expect_in "$T/out" "session.yaml" "status notes the missing snapshot"
example_answers "$T/b.yaml" "$T/sb" 'acknowledge:
  - {step: db-backup, note: "done"}
answers: {custom-theme: "no"}'
printf 'steps: [this is not\n' > "$S/example/session.yaml"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/b.yaml"
expect_rc 1 "run with a damaged snapshot"
expect_in "$S/example/session.yaml" "custom-theme" "the snapshot was rebuilt"
expect_eq "$(count_events "$J" step-start copy-theme)" "0" "the step the answer hides did not run"
wiz --checklists "$DATA" --state-dir "$S" status example
expect_not_in "$T/out" "Drift:" "and the drift is gone"

done_testing
