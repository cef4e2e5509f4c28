#!/bin/sh
# injection.sh: a variable's value never reaches a shell as code. Two
# values full of shell syntax ($(...), backquotes, both quotes, ';', a
# backslash) go through every kind that runs a command: command_output
# and run, as an argv and as shell text (shell: true), in an argument, in
# 'env' and in 'cwd', and server_run and server_stop. No PWNED file is
# ever created, `id` never runs, and each command gets the value exactly.
. "$TOP_SRCDIR/tests/cli/lib.sh"

# The values, byte for byte (written with printf: no shell reads them).
EVIL1=$(printf '%s' '$(touch PWNED); x'"'"' "; \`id\`')
EVIL2=$(printf '%s' '`touch PWNED`; x'"'"' "; $(id) \$(touch PWNED)')
# Balanced: a shell that read it would run all of it.
EVIL3='x; touch PWNED; $(touch PWNED) `id`'
D=$T/work
mkdir "$D" "$D/$EVIL1"

mkdir "$T/cl"
cat > "$T/cl/inject.yaml" <<'EOY'
guide:
  id: inject
  title: "Values that look like shell code"
  source: "tests/cli/injection.sh"
  from: "1"
  to: "2"
variables:
  - name: EVIL1
    kind: string
    title: "A value with shell syntax"
  - name: EVIL2
    kind: string
    title: "Another"
  - name: EVIL3
    kind: string
    title: "A third"
  - name: D
    kind: directory
    title: "Where the commands run"
  - name: PORT
    kind: port
    title: "The port server_stop stops"
stages:
  - id: s
    title: "Every kind that runs a command"
    steps:
      - id: check-shell-3
        kind: check
        type: command_output
        title: "shell text, a value that would run whole"
        ref: "1"
        with:
          command: "printf '%s\\n' ${EVIL3} > check-shell-3.out"
          shell: true
          cwd: "${D}"
      - id: check-argv
        kind: check
        type: command_output
        title: "argv"
        ref: "1"
        with:
          command: [sh, -c, 'printf "%s\n" "$1" > check-argv.out', sh, "${EVIL1}"]
          cwd: "${D}"
      - id: check-shell
        kind: check
        type: command_output
        title: "shell text"
        ref: "1"
        with:
          command: "printf '%s\\n' ${EVIL1} ${EVIL2} > check-shell.out; test ! -e PWNED"
          shell: true
          cwd: "${D}"
      - id: check-shell-env
        kind: check
        type: command_output
        title: "shell text, the value in env"
        ref: "1"
        with:
          command: 'printf "%s\n" "$V1" "$V2" > check-env.out'
          shell: true
          cwd: "${D}"
          env: {V1: "${EVIL1}", V2: "${EVIL2}"}
      - id: check-match
        kind: check
        type: command_output
        title: "its output matched"
        ref: "1"
        with:
          command: [printf, "%s\n", "${EVIL2}"]
          cwd: "${D}/${EVIL1}"
          expect_match: 'touch PWNED'
      - id: run-argv
        kind: action
        type: run
        title: "run, argv"
        ref: "1"
        with:
          command: [sh, -c, 'printf "%s\n" "$1" "$2" > run-argv.out', sh, "${EVIL1}", "${EVIL2}"]
          cwd: "${D}"
      - id: run-shell
        kind: action
        type: run
        title: "run, shell text"
        ref: "1"
        with:
          command: |
            printf '%s\n' ${EVIL2} > run-shell.out; printf '%s\n' ${EVIL3} >> run-shell.out
            v=${EVIL1}; printf '%s\n' "$v" >> run-shell.out
          shell: true
          cwd: "${D}"
      - id: run-cwd
        kind: action
        type: run
        title: "run, in a folder named by the value"
        ref: "1"
        with:
          command: [sh, -c, 'pwd > ../run-cwd.out']
          cwd: "${D}/${EVIL1}"
          env: {V: "${EVIL2}"}
      - id: server-run
        kind: action
        type: server_run
        title: "server_run"
        ref: "1"
        with:
          command: [sh, -c, 'printf "%s\n" "$1" > server-run.out; echo "server ready"; sleep 30', sh, "${EVIL1}"]
          cwd: "${D}"
          env: {V: "${EVIL2}"}
          ready: 'server ready'
          stop: true
          grace: 1s
      - id: server-stop
        kind: action
        type: server_stop
        title: "server_stop"
        ref: "1"
        with:
          command: [sh, -c, 'printf "%s\n" "$1" > server-stop.out; kill $(cat listen.pid)', sh, "${EVIL2}"]
          cwd: "${D}"
          port: "${PORT}"
EOY

# The answers: the values in YAML single quotes (a ' written twice).
q1=$(printf '%s' "$EVIL1" | sed "s/'/''/g")
q2=$(printf '%s' "$EVIL2" | sed "s/'/''/g")
q3=$EVIL3
cat > "$T/answers.yaml" <<EOA
guide: inject
variables:
  EVIL1: '$q1'
  EVIL2: '$q2'
  EVIL3: '$q3'
  D: '$D'
EOA

# A port for server_stop to stop: the listener's, on a free port.
LISTEN=$TOP_BUILDDIR/tests/helpers/listen
port=
for p in $(awk -v s="$$" 'BEGIN { srand(s); for (i = 0; i < 20; i++) print 20000 + int(rand() * 20000) }'); do
	"$LISTEN" "$p" > "$T/listen.out" 2>&1 &
	echo $! > "$D/listen.pid"
	i=0
	while [ $i -lt 50 ] && ! grep -q listening "$T/listen.out" &&
	    kill -0 "$(cat "$D/listen.pid")" 2> /dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q listening "$T/listen.out"; then
		port=$p
		break
	fi
	kill "$(cat "$D/listen.pid")" 2> /dev/null
done
trap 'kill "$(cat "$D/listen.pid")" 2> /dev/null; rm -rf "$T"' EXIT
echo "  PORT: '$port'" >> "$T/answers.yaml"

cd "$D" || exit 1
wiz validate "$T/cl/inject.yaml"
expect_rc 0 "the guide is valid"
wiz --checklists "$T/cl" --state-dir "$T/state" run inject --answers "$T/answers.yaml"
expect_rc 0 "the guide runs to the end"
cd "$T" || exit 1
sed "s/^/# /" "$T/out"

pwned=$(find "$T" -name 'PWNED*')
expect_eq "$pwned" "" "no PWNED file anywhere the commands ran"
expect_not_in "$T/out" "uid=" "id never ran (its output is nowhere in the run's output)"
if grep -rq "uid=" "$T/state" "$D" 2> /dev/null; then
	not_ok "id ran: its output is in a log or a file"
else
	ok "id's output is in no log and no file"
fi

# exact FILE LINE...: FILE holds exactly these lines.
exact() {
	f=$1
	shift
	printf '%s\n' "$@" > "$T/want"
	if cmp -s "$T/want" "$D/$f"; then
		ok "$f: the command got the values exactly"
	else
		not_ok "$f: the values arrived changed"
		sed 's/^/# got:  /' "$D/$f" 2> /dev/null
		sed 's/^/# want: /' "$T/want"
	fi
}
exact check-argv.out "$EVIL1"
exact check-shell.out "$EVIL1" "$EVIL2"
exact check-shell-3.out "$EVIL3"
exact check-env.out "$EVIL1" "$EVIL2"
exact run-argv.out "$EVIL1" "$EVIL2"
exact run-shell.out "$EVIL2" "$EVIL3" "$EVIL1"
exact run-cwd.out "$D/$EVIL1"
exact server-run.out "$EVIL1"
exact server-stop.out "$EVIL2"
J=$T/state/inject/journal
for s in check-argv check-shell check-shell-3 check-shell-env check-match; do
	expect_in "$J" "step=$s	status=pass" "$s passed"
done

# A placeholder where its quotes would not protect it is refused before
# anything runs: inside "...", after a backslash, in backquotes.
for text in 'echo "${EVIL1}"' 'echo \${EVIL1}' 'echo `echo ${EVIL1}`' \
    'echo $((${EVIL1}))'; do
	sed -e "/^stages:/,\$d" "$T/cl/inject.yaml" > "$T/cl2.yaml"
	cat >> "$T/cl2.yaml" <<EOY
stages:
  - id: s
    title: "A badly placed placeholder"
    steps:
      - id: bad
        kind: action
        type: run
        title: "bad"
        ref: "1"
        with:
          command: '$text'
          shell: true
          cwd: "\${D}"
EOY
	wiz validate "$T/cl2.yaml"
	expect_rc 2 "shell text $text is refused"
	expect_in "$T/out" "EVIL1" "and the message names the placeholder"
done
pwned=$(find "$T" -name 'PWNED*')
expect_eq "$pwned" "" "still no PWNED file"

done_testing
