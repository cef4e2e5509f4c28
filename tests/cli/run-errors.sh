#!/bin/sh
# run-errors.sh: bad input is a clear message and exit 2, and the session is
# untouched.
. "$TOP_SRCDIR/tests/cli/lib.sh"

sh "$DATA/example-sandbox.sh" "$T/sb"
S="$T/state"
J="$S/example/journal"

wiz --checklists "$DATA" --state-dir "$S" run example
expect_rc 2 "run without an answers file"
expect_in "$T/err" "run needs an answers file" "it says what is missing"

wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/none.yaml"
expect_rc 2 "run with a missing answers file"
expect_in "$T/err" "none.yaml" "the file is named"
if [ -e "$S" ]; then not_ok "a session was created"; else ok "no session was created"; fi

# A first run to have a session to protect.
example_answers "$T/good.yaml" "$T/sb"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/good.yaml"
expect_rc 1 "a first run stops at the manual step"
cp "$J" "$T/journal.before"

example_answers "$T/bad-step.yaml" "$T/sb" 'acknowledge:
  - {step: no-such-step, note: "x"}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/bad-step.yaml"
expect_rc 2 "an unknown step in the answers file"
expect_in "$T/err" "bad-step.yaml:8:12: 'acknowledge' names step 'no-such-step'" "it is placed and named"

example_answers "$T/bad-kind.yaml" "$T/sb" 'acknowledge:
  - {step: old-home}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/bad-kind.yaml"
expect_rc 2 "acknowledging a check"
expect_in "$T/err" "which is not a manual step" "it says why"

example_answers "$T/bad-answer.yaml" "$T/sb" 'answers: {custom-theme: maybe}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/bad-answer.yaml"
expect_rc 2 "an answer that is not a choice"
expect_in "$T/err" "'maybe' is not an answer to question 'custom-theme'" "it is named"

example_answers "$T/bad-var.yaml" "$T/sb/nowhere"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/bad-var.yaml"
expect_rc 2 "a variable that fails its check"
expect_in "$T/err" "variable OLD_HOME" "the variable is named"

sed 's/^guide: example/guide: other/' "$T/good.yaml" > "$T/other.yaml"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/other.yaml"
expect_rc 2 "an answers file for another guide"
expect_in "$T/err" "is for guide 'other', not 'example'" "it says so"

printf 'guide: example\nvariables: [a, b\n' > "$T/syntax.yaml"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/syntax.yaml"
expect_rc 2 "an answers file with a YAML error"
expect_in "$T/err" "syntax.yaml:3:1: " "the error has its position"

if cmp -s "$J" "$T/journal.before"; then
	ok "the journal is untouched by every bad input"
else
	not_ok "the journal changed"
fi

done_testing
