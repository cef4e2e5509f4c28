# guide-lib.sh: what the guide tests (tests/db/guide-*.sh) share, sourced
# by them after tests/cli/lib.sh. Not a test itself.

# guide_start: start the servers of servers.sh (everything of the test goes
# under $DB_DIR, removed on exit), and move T, HOME and XDG_STATE_HOME
# there. Sets LISTEN, the helper holding a port open, and PIDS, a file the
# fake servers add their process id to ("echo $$ >> PIDS" before they exec
# LISTEN): those still running on exit are killed, whatever happens (a
# server started by the wizard and left behind when it died, say).
guide_start() {
	guide_lib_t=$T
	. "$TOP_SRCDIR/tests/db/servers.sh"
	rm -rf "$guide_lib_t"
	T=$DB_DIR/guide
	export HOME="$T/home" XDG_STATE_HOME="$T/xdg-state"
	mkdir -p "$T" "$HOME"
	LISTEN=$TOP_BUILDDIR/tests/helpers/listen
	PIDS=$T/pids
	: > "$PIDS"
	trap 'guide_kill_servers; db_servers_stop' EXIT
	if [ ! -x "$LISTEN" ]; then
		not_ok "$LISTEN is not built (make check builds it)"
		done_testing
		exit 1
	fi
}

# guide_kill_servers: kill the fake servers of PIDS still running LISTEN.
guide_kill_servers() {
	[ -f "$PIDS" ] || return 0
	while read -r gk_pid; do
		case $gk_pid in ''|*[!0-9]*) continue ;; esac
		[ -r "/proc/$gk_pid/cmdline" ] || continue
		if tr '\0' ' ' < "/proc/$gk_pid/cmdline" 2>/dev/null |
		    grep -qF -- "$LISTEN"; then
			kill -KILL "$gk_pid" 2>/dev/null
		fi
	done < "$PIDS"
}

# free_port [NOT]: a loopback port nothing listens on (and not NOT).
free_port() {
	fp_i=0
	while [ $fp_i -lt 50 ]; do
		fp_p=$(( ($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000) + 20000 ))
		fp_i=$((fp_i + 1))
		[ "$fp_p" = "$1" ] && continue
		"$LISTEN" "$fp_p" > /dev/null 2>&1 &
		fp_pid=$!
		sleep 0.05
		if kill -0 "$fp_pid" 2>/dev/null; then
			kill "$fp_pid" 2>/dev/null
			wait "$fp_pid" 2>/dev/null
			echo "$fp_p"
			return 0
		fi
		wait "$fp_pid" 2>/dev/null
	done
	echo 1
	return 1
}

# wait_line FILE TEXT: wait (at most 10 s, times TEST_TIME_FACTOR) for a line of FILE holding TEXT.
wait_line() {
	wl_i=0
	while [ $wl_i -lt $((100 * ${TEST_TIME_FACTOR:-1})) ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		wl_i=$((wl_i + 1))
	done
	return 1
}

# snapshot FILE: every file, link and folder under $T/opt and $T/backups*,
# with its type, mode and SHA-256.
snapshot() {
	(cd "$T" && find opt backups* \( -type f -o -type l -o -type d \) \
	    -printf '%y %m %p\n' 2>/dev/null | sort |
	    while read -r sn_t sn_m sn_p; do
		if [ "$sn_t" = f ]; then
			echo "$sn_t $sn_m $(sha256sum < "$sn_p" | cut -c1-64) $sn_p"
		else
			echo "$sn_t $sn_m - $sn_p"
		fi
	done) > "$1"
}

# same_tree WANT GOT NAME: the two folders hold the same files (names and
# bytes; folders and links too), nothing more.
same_tree() {
	if diff -r --no-dereference "$1" "$2" > "$T/same.diff" 2>&1; then
		ok "$3"
	else
		not_ok "$3"
		sed 's/^/# /' "$T/same.diff" | head -20
	fi
}

# modes_kept A B NAME: every file has the same mode in both folders.
modes_kept() {
	(cd "$1" && find . -printf '%m %p\n' | sort) > "$T/modes-a"
	(cd "$2" && find . -printf '%m %p\n' | sort) > "$T/modes-b"
	if cmp -s "$T/modes-a" "$T/modes-b"; then
		ok "$3"
	else
		not_ok "$3"
		diff "$T/modes-a" "$T/modes-b" | sed 's/^/# /' | head -20
	fi
}

# journal_results JOURNAL: "STEP STATUS" for every step with a result, by
# its last event: step-result gives its status, ack "acknowledged",
# not-applicable "not_applicable", waive "waived"; a question's answer
# "answer=VALUE". Sorted by step.
journal_results() {
	awk -F '\t' '
	{
		st = ""; status = ""
		for (i = 5; i <= NF; i++) {
			if ($i ~ /^step=/) st = substr($i, 6)
			if ($i ~ /^question=/) st = substr($i, 10)
			if ($i ~ /^status=/) status = substr($i, 8)
			if ($i ~ /^value=/) value = substr($i, 7)
		}
		if (st == "") next
		if ($4 == "step-result") r = status
		else if ($4 == "ack") r = "acknowledged"
		else if ($4 == "not-applicable") r = "not_applicable"
		else if ($4 == "waive") r = "waived"
		else if ($4 == "answer") r = "answer=" value
		else next
		if (!(st in res)) order[++n] = st
		res[st] = r
	}
	END { for (i = 1; i <= n; i++) print order[i], res[order[i]] }' "$1" |
	    sort
}

# expect_results JOURNAL NAME: the results of journal_results are the ones
# on standard input (in any order), and no other.
expect_results() {
	sort > "$T/results-want"
	journal_results "$1" > "$T/results"
	if diff "$T/results-want" "$T/results" > "$T/results.diff"; then
		ok "$2"
	else
		not_ok "$2"
		sed 's/^/# /' "$T/results.diff"
	fi
}
