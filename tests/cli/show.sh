#!/bin/sh
# show.sh: a guide's stages and steps, with refs; list of guides.
. "$TOP_SRCDIR/tests/cli/lib.sh"

wiz --checklists "$DATA" show example
expect_rc 0 "show example"
expect_in "$T/out" "example: Upgrading Example App 1.0.0 to 2.0.0" "the title"
expect_in "$T/out" "Stage 2: Migrate the configuration [migrate]" "a stage"
expect_in "$T/out" "2.3  [action: run] migrate-data" "a step with its kind and type"
expect_in "$T/out" "ref: Section 2, step 2" "a step's ref"
expect_in "$T/out" "when: custom-theme = yes" "a step's condition"
expect_in "$T/out" "console: https://localhost:9443/console" "a manual step's console"
expect_in "$T/out" "2. Open Lifecycles and apply the 2.0.0 lifecycle." "a manual step's sub-steps"
# Every step of the file is shown with its ref.
steps=$(grep -c '^      - id: ' "$DATA/example.yaml")
shown=$(grep -c '^  [0-9]*\.[0-9]*  \[' "$T/out")
expect_eq "$shown" "$steps" "every step is shown"
refs=$(grep -c '^        ref: ' "$T/out")
expect_eq "$refs" "$steps" "every step shows its ref"

WSO2_WIZARD_CHECKLISTS="$DATA" wiz show example
expect_rc 0 "the checklist folder from the environment"

wiz show "$DATA/example.yaml"
expect_rc 0 "show by path"

wiz --checklists "$DATA" show nosuch
expect_rc 2 "show of an unknown guide"
expect_in "$T/err" "no guide 'nosuch'" "the unknown guide is named"

mkdir -p "$T/lists"
cp "$DATA/example.yaml" "$T/lists/"
printf 'guide: {id: broken}\n' > "$T/lists/broken.yaml"
wiz --checklists "$T/lists" list
expect_rc 0 "list"
expect_in "$T/out" "example" "list names the example guide"
expect_in "$T/out" "Upgrading Example App 1.0.0 to 2.0.0 (1.0.0 -> 2.0.0)" "with title and versions"
expect_in "$T/out" "broken.yaml" "a broken checklist is listed"
expect_in "$T/out" "see 'validate'" "and says how to see why"

done_testing
