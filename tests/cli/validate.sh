#!/bin/sh
# validate.sh: checklist files checked, every problem as FILE:LINE:COL.
. "$TOP_SRCDIR/tests/cli/lib.sh"

wiz validate "$DATA/example.yaml"
expect_rc 0 "the example checklist is valid"
expect_in "$T/out" "valid: guide 'example', 3 stages, 18 steps" "its size is reported"

cat > "$T/bad.yaml" <<'EOY'
guide:
  id: bad
  title: "A bad guide"
  source: "nowhere"
  from: "1"
  to: "2"
  colour: blue
stages:
  - id: one
    title: "One"
    steps:
      - id: a
        kind: check
        type: no_such_kind
        title: "A"
        ref: "1"
      - id: a
        kind: manual
        title: "A again"
        ref: "2"
        text: "Go to ${NOWHERE}"
      - id: c
        kind: info
        title: "C"
        when: {unknown-question: yes}
EOY
wiz validate "$T/bad.yaml"
expect_rc 2 "a bad checklist"
expect_in "$T/out" "$T/bad.yaml:7:3: " "the unknown guide key is placed at 7:3"
expect_in "$T/out" "colour" "the unknown key is named"
expect_in "$T/out" "$T/bad.yaml:14:15: " "the unknown kind is placed at 14:15"
expect_in "$T/out" "no_such_kind" "the unknown kind is named"
expect_in "$T/out" "$T/bad.yaml:17:13: " "the duplicate id is placed at 17:13"
expect_in "$T/out" "NOWHERE" "the unknown placeholder is named"
expect_in "$T/out" "unknown-question" "the unknown question is named"
expect_in "$T/out" "'ref'" "the missing ref is reported"
lines=$(grep -c "^$T/bad.yaml:[0-9]*:[0-9]*: " "$T/out")
if [ "$lines" -ge 6 ]; then ok "every problem is reported ($lines)"; else not_ok "only $lines problems reported"; fi
# Sorted by position.
sorted=$(grep "^$T/bad.yaml:[0-9]" "$T/out" | cut -d: -f2 | sort -n -c 2>&1 && echo yes)
expect_eq "$sorted" "yes" "problems are in the order of the file"

printf 'guide:\n  id: [unclosed\n' > "$T/syntax.yaml"
wiz validate "$T/syntax.yaml"
expect_rc 2 "a YAML syntax error"
expect_in "$T/out" "$T/syntax.yaml:3:1: " "the syntax error has its position"

wiz validate "$DATA/example.yaml" "$T/no-such-file.yaml"
expect_rc 2 "a missing file among good ones"
expect_in "$T/out" "no-such-file.yaml" "the missing file is named"
expect_in "$T/out" "valid: guide 'example'" "the good file is still checked"

done_testing
