#!/bin/sh
# crash.sh: `run` on a guide of 210 small steps (tests/data/faults/crash.yaml:
# checks, copies, moves, TOML edits, folders, manual steps acknowledged from
# the answers file), killed with SIGKILL at random moments, CRASH_KILLS
# times (30 by default; 200 by hand: CRASH_KILLS=200). After each kill:
# - `status` loads the session, and the snapshot is whole (current, stale
#   or missing, never damaged);
# - the journal's lines are whole (a torn last line is set aside by the
#   next run), and the next run keeps every line the journal had;
# - nothing recorded as done is lost: no acknowledged step is acknowledged
#   again and no action recorded done runs again;
# - every file of the sandbox is as before the guide or as the guide leaves
#   it, never half-written, and no stray file is left beside them;
# and the next run finishes the guide (exit 0) with the sandbox exactly as an
# uninterrupted run leaves it. The delays before the kills come from a seed
# (CRASH_SEED; printed): the same seed gives the same delays.
# The sandbox and the state go to a memory file system where there is one:
# a kill of the process loses nothing that fsync would keep (that is for a
# power cut), and without the fsyncs' wait many more kills fit in the time.
if [ -z "$CRASH_TMPDIR" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	CRASH_TMPDIR=/dev/shm
fi
TMPDIR=${CRASH_TMPDIR:-${TMPDIR:-/tmp}}
. "$TOP_SRCDIR/tests/cli/lib.sh"

KILLS=${CRASH_KILLS:-30}
SEED=${CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}

# make_sandbox DIR: the files the guide works on, as before the guide.
make_sandbox() {
	mkdir -p "$1/in" "$1/out" "$1/mv" "$1/moved" "$1/conf" "$1/dirs"
	for st in 1 2 3 4 5 6 7 8 9 10; do
		for i in 1 2 3 4; do
			f=s$st-$i
			printf 'marker %s\nline two of %s\n' "$f" "$f" > "$1/in/$f.txt"
			printf 'data of %s\n' "$f" > "$1/mv/$f.dat"
			printf '# conf of %s\n[server]\nport = %d\n' "$f" "$i" \
			    > "$1/conf/$f.toml"
			# A copy target in the way: overwrite saves it first.
			if [ "$i" -eq 3 ]; then
				printf 'old %s\n' "$f" > "$1/out/$f.txt"
			fi
		done
	done
}

# listing DIR: every file and folder under DIR, one per line:
# "PATH HASH" for files, "PATH/ dir" for folders.
listing() {
	(cd "$1" && find . -mindepth 1 -type d | sed 's|$|/ dir|' &&
	    find . -type f -exec md5sum {} + | awk '{ print $2, $1 }') | sort
}

SB=$T/sb
S=$T/state
J=$S/crash/journal
A=$T/answers.yaml
{
	echo "guide: crash"
	echo "variables: {SB: $SB}"
	echo "acknowledge:"
	sed -n 's/^      - id: \(s[0-9]*-[0-9]-ack\)$/  - {step: \1, note: "seen"}/p' \
	    "$DATA/faults/crash.yaml"
	echo "retry:"
	awk '/^      - id: / { id = $3 } /^        kind: action$/ {
	    printf "  - {step: %s, reason: \"the crash test runs it again\"}\n", id }' \
	    "$DATA/faults/crash.yaml"
} > "$A"

crash_run() {
	"$WIZARD" --checklists "$DATA/faults" --state-dir "$S" run crash --answers "$A"
}

# The reference: the sandbox before the guide, and after a run that was
# not interrupted.
make_sandbox "$SB"
listing "$SB" > "$T/before"
t0=$(date +%s%N)
crash_run > "$T/out" 2> "$T/err"
rc=$?
full_ms=$((($(date +%s%N) - t0) / 1000000))
expect_rc 0 "an uninterrupted run finishes the guide"
# The kills land within the first half of a whole run's time, however
# fast the machine is: most runs are killed (each run goes on from where
# the last one was killed, so the kills walk through the whole guide).
MAX_MS=${CRASH_MAX_MS:-$((full_ms / 2 > 20 ? full_ms / 2 : 20))}
echo "# seed $SEED, $KILLS kills, delays up to $MAX_MS ms (a whole run:" \
    "$full_ms ms; repeat with CRASH_SEED=$SEED CRASH_KILLS=$KILLS" \
    "CRASH_MAX_MS=$MAX_MS)"
listing "$SB" > "$T/after"
expect_eq "$(awk '$4 == "ack"' "$J" | wc -l | tr -d ' ')" 10 \
    "the uninterrupted run acknowledges the 10 manual steps"
# Every path may be as before or as after; a path missing on one side may
# be missing.
awk '{ print $1, $2 } NR == FNR { seen[$1] = 1; next }' "$T/before" "$T/after" \
    > "$T/allowed"
awk 'FNR == 1 { f++ } { p[$1] = p[$1] f } END { for (x in p)
    if (p[x] !~ /1/ || p[x] !~ /2/) print x, "absent" }' "$T/before" "$T/after" \
    >> "$T/allowed"
sort -u -o "$T/allowed" "$T/allowed"

fresh() {
	rm -rf "$SB" "$S"
	make_sandbox "$SB"
	: > "$T/jprev"
}
fresh

# check_files WHEN: every path is allowed (as before or as after, or
# absent where one side lacks it), and there is no other path.
# A copy or an edit cut short leaves its part only under PATH.wizard-partial
# (the next copy or edit of PATH replaces it): allowed after a kill
# (partial=yes), never after a run that ended.
bad_files=0
partials=0
check_files() {
	listing "$SB" > "$T/now"
	if [ "$2" = partial ]; then
		grep '\.wizard-partial ' "$T/now" > "$T/partial"
		partials=$((partials + $(wc -l < "$T/partial")))
		grep -v '\.wizard-partial ' "$T/now" > "$T/now.whole"
		mv "$T/now.whole" "$T/now"
	fi
	awk 'NR == FNR { ok[$1 " " $2] = 1; known[$1] = 1; next }
	    !($1 in known) { print "stray: " $0; next }
	    { if (!($1 " " $2 in ok)) print "changed: " $0; seen[$1] = 1 }
	    END { for (p in known) if (!(p in seen) && !(p " absent" in ok))
	        print "missing: " p }' "$T/allowed" "$T/now" > "$T/bad"
	if [ -s "$T/bad" ]; then
		bad_files=$((bad_files + 1))
		echo "# $1: files not as before nor as after:"
		sed 's/^/#   /' "$T/bad" | head -10
	fi
}

# check_journal WHEN: the journal still begins with every line it had
# after the last kill, and what was done then is not done again.
bad_journal=0
check_journal() {
	size=$(wc -c < "$T/jprev")
	if ! head -c "$size" "$J" 2> /dev/null | cmp -s - "$T/jprev"; then
		bad_journal=$((bad_journal + 1))
		echo "# $1: the journal lost or changed lines it had before"
		return
	fi
	tail -c +"$((size + 1))" "$J" > "$T/jnew" 2> /dev/null
	awk -F '\t' 'NR == FNR {
		for (i = 5; i <= NF; i++) if ($i ~ /^step=/) s = substr($i, 6)
		if ($4 == "ack") acked[s] = 1
		if ($4 == "step-result" && $0 ~ /\tstatus=done\t/) done[s] = 1
		next }
	    { for (i = 5; i <= NF; i++) if ($i ~ /^step=/) s = substr($i, 6)
	      if ($4 == "ack" && (s in acked)) print "acknowledged again: " s
	      if ($4 == "step-start" && (s in done)) print "run again: " s }' \
	    "$T/jprev" "$T/jnew" > "$T/lost"
	if [ -s "$T/lost" ]; then
		bad_journal=$((bad_journal + 1))
		echo "# $1: steps recorded before were lost:"
		sed 's/^/#   /' "$T/lost" | head -10
	fi
}

# After a kill: the session loads, the snapshot is whole, the journal's
# complete lines are kept for the next comparison.
bad_state=0
check_state() {
	"$WIZARD" --checklists "$DATA/faults" --state-dir "$S" status crash \
	    > "$T/status" 2>&1
	src=$?
	if [ ! -f "$J" ] && [ "$src" -eq 2 ] &&
	    grep -q "there is no session" "$T/status"; then
		nosession=$((nosession + 1))	# killed before the journal
	elif [ "$src" -ne 0 ] || grep -q "is damaged" "$T/status"; then
		bad_state=$((bad_state + 1))
		echo "# $1: status exit $src"
		sed 's/^/#   /' "$T/status" | head -8
	fi
	snaps=$((snaps + $(ls "$S/crash" 2> /dev/null | grep -c '^session\.yaml\.tmp\.')))
	if [ -f "$J" ]; then
		# Only whole lines: a torn last one is set aside by the next run.
		if [ -n "$(tail -c 1 "$J")" ]; then
			sed '$d' "$J" > "$T/jprev"
			torn=$((torn + 1))
		else
			cp "$J" "$T/jprev"
		fi
	fi
}

awk -v seed="$SEED" -v n="$KILLS" -v max="$MAX_MS" 'BEGIN { srand(seed)
    for (i = 0; i < n; i++) printf "%.3f\n", rand() * max / 1000 }' \
    > "$T/delays"

k=0
rounds=0
completed=0
torn=0
snaps=0
nosession=0
early=0
other=0
start=$(date +%s)
while read -r delay; do
	k=$((k + 1))
	# The program itself in the background (not a function in a
	# subshell), so that the kill reaches it.
	"$WIZARD" --checklists "$DATA/faults" --state-dir "$S" run crash \
	    --answers "$A" > "$T/out" 2> "$T/err" &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2> /dev/null
	{ wait "$pid"; } 2> /dev/null
	rc=$?
	if [ "$rc" -eq 137 ]; then
		check_journal "kill $k"
		check_state "kill $k (after ${delay} s)"
		check_files "kill $k" partial
		continue
	fi
	# The run ended before the kill.
	early=$((early + 1))
	check_journal "run $k"
	check_files "run $k"
	if [ "$rc" -eq 0 ]; then
		completed=$((completed + 1))
		if cmp -s "$T/after" "$T/now"; then :; else
			bad_files=$((bad_files + 1))
			echo "# run $k: finished, but the sandbox is not as after an uninterrupted run"
		fi
		rounds=$((rounds + 1))
		fresh
	else
		other=$((other + 1))
		echo "# run $k: exit $rc"
		sed 's/^/#   /' "$T/out" "$T/err" | tail -6
		fresh
	fi
done < "$T/delays"
# The next run after each kill is the next iteration's run: check the last.
crash_run > "$T/out" 2> "$T/err"
rc=$?
expect_rc 0 "after the last kill, the next run finishes the guide"
check_journal "the last run"
check_files "the last run"
expect_eq "$(cat "$T/now")" "$(cat "$T/after")" \
    "the sandbox is exactly as after an uninterrupted run"
expect_eq "$(ls "$S/crash" | grep -c '\.tmp\.')" 0 \
    "no part of a snapshot is left in the state folder"
echo "# $KILLS kills in $(($(date +%s) - start)) s; $rounds rounds finished" \
    "between kills, $early runs ended before their kill, $torn torn lines, $nosession kills before the journal existed," \
    "$partials partial copies or edits and $snaps partial snapshots left by" \
    "kills (removed by the next run)"

expect_eq "$other" 0 "no run between kills failed (exit other than 0 or a kill)"
expect_eq "$bad_state" 0 "after every kill the session loads and its snapshot is whole"
expect_eq "$bad_journal" 0 "no run lost a journal line or repeated what was done"
expect_eq "$bad_files" 0 "no file was ever half-written, mixed, or left stray"
if [ "$((KILLS - early))" -ge $((KILLS / 2)) ]; then
	ok "most runs were killed ($((KILLS - early)) of $KILLS)"
else
	not_ok "only $((KILLS - early)) of $KILLS runs were killed: the delays are too long"
fi

done_testing
