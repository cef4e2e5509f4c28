#!/bin/sh
# output.sh: a command's output on stdout and in the step's log. Into a
# file every line is printed; to /dev/null nothing is printed (it is not
# even split into lines) but the log is the same; on a terminal a flood is
# cut to what a person can follow, its last lines shown and the rest
# counted. The log holds every byte, whatever stdout is.
. "$TOP_SRCDIR/tests/cli/lib.sh"

G="$T/guides"
mkdir -p "$G"
cat > "$G/output.yaml" <<'EOG'
guide:
  id: output
  title: "A command's output"
  source: "tests/cli/output.sh"
  from: "1"
  to: "2"
stages:
  - id: only
    title: "The only stage"
    steps:
      - id: mixed
        kind: action
        type: run
        title: "Both streams, slowly, no newline at the end"
        ref: "1"
        with: {command: ["sh", "-c", "echo out1; sleep 0.3; echo err1 >&2; sleep 0.3; echo out2; printf 'tail no newline'"]}
      - id: big
        kind: action
        type: run
        title: "5 MB of lines"
        ref: "2"
        with: {command: ["sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' x | fold -w 79; echo; echo the last line"]}
EOG
echo "guide: output" > "$T/answers.yaml"
head -c 5000000 /dev/zero | tr '\0' x | fold -w 79 > "$T/big.want"
printf '\nthe last line\n' >> "$T/big.want"
printf 'out1\nstderr: err1\nout2\ntail no newline\n' > "$T/mixed.want"

# log_output STATE STEP: the command's output in the step's log (between
# the line "--- started: ..." and the line "--- ended: ...").
log_output() {
	awk '/^--- ended: / { exit } p { print } /^--- started: / { p = 1 }' \
	    "$1"/output/logs/*-"$2".log
}

# run_to WHERE STATE: a run with stdout into WHERE.
run_to() {
	"$WIZARD" --checklists "$G" --state-dir "$2" run output \
	    --answers "$T/answers.yaml" > "$1" 2> "$T/err"
	rc=$?
}

# Into a file: every line, in the order written.
run_to "$T/out" "$T/s1"
expect_rc 0 "run with stdout into a file"
expect_in "$T/out" "      | tail no newline" "a last line without newline is printed"
order=$(grep -nE '^      [|!] (out1|err1|out2)$' "$T/out" | cut -d: -f2- | tr '\n' ,)
expect_eq "$order" "      | out1,      ! err1,      | out2," "stdout and stderr in the order written, stderr marked"
expect_eq "$(grep -c '^      | ' "$T/out")" 63296 "every line is printed (3 + 63293)"
log_output "$T/s1" mixed > "$T/mixed.got"
if cmp -s "$T/mixed.got" "$T/mixed.want"; then
	ok "the log of the mixed step: both streams in order, stderr marked"
else
	not_ok "the log of the mixed step differs"
	sed 's/^/# /' "$T/mixed.got"
fi
log_output "$T/s1" big > "$T/big1.got"
if cmp -s "$T/big1.got" "$T/big.want"; then
	ok "the log holds the 5 MB byte for byte"
else
	not_ok "the log of 5 MB differs: $(cmp "$T/big1.got" "$T/big.want" 2>&1)"
fi

# To /dev/null: nothing printed, the same logs.
run_to /dev/null "$T/s2"
expect_rc 0 "run with stdout to /dev/null"
log_output "$T/s2" mixed > "$T/mixed2.got"
log_output "$T/s2" big > "$T/big2.got"
if cmp -s "$T/mixed2.got" "$T/mixed.want" && cmp -s "$T/big2.got" "$T/big.want"; then
	ok "stdout to /dev/null: the logs are the same, byte for byte"
else
	not_ok "stdout to /dev/null: the logs differ"
fi
if grep -q "^--- ended: exited with status 0, after " "$T/s2"/output/logs/*-big.log; then
	ok "stdout to /dev/null: the log says how the command ended"
else
	not_ok "stdout to /dev/null: no end in the log"
fi

# On a terminal (script(1) gives the wizard one).
if ! command -v script > /dev/null 2>&1; then
	ok "on a terminal # SKIP script(1) is not installed"
else
	script -qec "\"$WIZARD\" --checklists \"$G\" --state-dir \"$T/s3\" run output --answers \"$T/answers.yaml\"" \
	    "$T/tty" < /dev/null > /dev/null 2>&1
	rc=$?
	tr -d '\r' < "$T/tty" > "$T/tty.txt"
	expect_rc 0 "run on a terminal"
	expect_in "$T/tty.txt" "      ! err1" "on a terminal: a slow command's lines are all shown"
	expect_in "$T/tty.txt" "      | tail no newline" "on a terminal: its last line without newline too"
	expect_in "$T/tty.txt" "lines not shown here: the step's log has them all)" "on a terminal: a flood is cut, and that is said"
	expect_in "$T/tty.txt" "      | the last line" "on a terminal: the last line of a flood is shown"
	shown=$(grep -c '^      | ' "$T/tty.txt")
	if [ "$shown" -lt 5000 ]; then
		ok "on a terminal: $shown lines of 63296 shown"
	else
		not_ok "on a terminal: $shown lines of 63296 shown"
	fi
	log_output "$T/s3" big > "$T/big3.got"
	if cmp -s "$T/big3.got" "$T/big.want"; then
		ok "on a terminal: the log holds every byte all the same"
	else
		not_ok "on a terminal: the log differs"
	fi
fi

done_testing
