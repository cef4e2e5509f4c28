#!/bin/sh
# check.sh: every prerequisite check, nothing changed; exit 0, 1 or 2.
. "$TOP_SRCDIR/tests/cli/lib.sh"

sh "$DATA/example-sandbox.sh" "$T/sb"
example_answers "$T/answers.yaml" "$T/sb"
S="$T/state"

wiz --checklists "$DATA" --state-dir "$S" check example --answers "$T/answers.yaml"
expect_rc 0 "check on a ready sandbox"
expect_in "$T/out" "[pass] $T/sb/app-1.0.0 holds all 2 markers" "the product home check passes with evidence"
expect_in "$T/out" "Nothing blocks the upgrade." "the verdict"
expect_not_in "$T/out" "config-copied" "checks that are not prerequisites are not run"
if [ -e "$S" ]; then not_ok "check created the state folder"; else ok "check wrote no session"; fi

rm "$T/sb/backups/app-1.0.0.tar.gz"
wiz --checklists "$DATA" --state-dir "$S" check example --answers "$T/answers.yaml"
expect_rc 1 "check with the backup missing"
expect_in "$T/out" "backup-present" "the failing check is named"
expect_in "$T/out" "A blocker was found" "the verdict says a blocker was found"

rm "$T/sb/app-1.0.0/conf/app.toml"
wiz --checklists "$DATA" --state-dir "$S" check example --answers "$T/answers.yaml"
expect_rc 2 "check with a product home that lacks a marker"
expect_in "$T/err" "answers.yaml:3:3: variable OLD_HOME" "the variable is placed in the answers file"
expect_in "$T/err" "conf/app.toml is missing" "the missing marker is named"

wiz --checklists "$DATA" check example --answers "$T/nosuch.yaml"
expect_rc 2 "check with a missing answers file"
expect_in "$T/err" "nosuch.yaml" "the missing file is named"

done_testing
