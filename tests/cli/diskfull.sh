#!/bin/sh
# diskfull.sh: a full disk (a small tmpfs) as the state folder and as the
# folder an action writes to, and a read-only state folder: a clear message
# naming the file, the previous state intact, and the next run goes on once
# there is room. Needs to mount a tmpfs (root): skipped otherwise.
. "$TOP_SRCDIR/tests/cli/lib.sh"

M=$T/mnt
mkdir -p "$M"
mounted=""
cleanup() {
	for m in $mounted; do
		umount "$m" 2> /dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

if ! mount -t tmpfs -o size=256k,mode=0700 tmpfs "$M" 2> "$T/mount.err"; then
	echo "ok 1 - disk full and read-only state folders # SKIP cannot mount a tmpfs here: $(head -1 "$T/mount.err")"
	echo "1..1"
	exit 0
fi
mounted="$M"

# fill DIR [KEEP]: fill the file system of DIR with 4 KiB files, then free
# KEEP of them (0 by default).
fill() {
	i=0
	while dd if=/dev/zero of="$1/filler.$i" bs=4096 count=1 2> /dev/null; do
		i=$((i + 1))
	done
	rm -f "$1/filler.$i"
	j=0
	while [ "$j" -lt "${2:-0}" ]; do
		i=$((i - 1))
		rm -f "$1/filler.$i"
		j=$((j + 1))
	done
}

unfill() {
	rm -f "$1"/filler.*
}

answers() {
	printf 'guide: diskfull\nvariables:\n  SB: %s\n%s\n' "$1" "$2" > "$3"
}
ACK='acknowledge:
  - {step: look, note: "seen"}'

#
# 1. The state folder on a full file system.
#
SB=$T/sb
mkdir -p "$SB"
printf '# conf\n[server]\nhostname = "old"\n' > "$SB/conf.toml"
head -c 20000 /dev/urandom > "$SB/big.bin"
S=$M/state
D=$S/diskfull
answers "$SB" "" "$T/a0.yaml"
answers "$SB" "$ACK" "$T/a1.yaml"

wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/a0.yaml"
expect_rc 1 "a first run with room stops at the manual step"
cp "$D/journal" "$T/journal.0"
cp "$D/session.yaml" "$T/session.0"

fill "$M"
wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/a1.yaml"
expect_rc 2 "run with the state folder full"
expect_in "$T/err" "No space left on device" "the message says the disk is full"
expect_in "$T/err" "$D/" "the message names the file in the state folder"
if cmp -s "$T/journal.0" "$D/journal"; then ok "the journal is as before"; else not_ok "the journal changed"; fi
if cmp -s "$T/session.0" "$D/session.yaml"; then ok "the snapshot is as before"; else not_ok "the snapshot changed"; fi

# One page free: the lock and the journal's last page fit, a new snapshot
# does not.
unfill "$M"
fill "$M" 1
wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/a1.yaml"
expect_rc 2 "run with one page free in the state folder"
expect_in "$T/err" "No space left on device" "the message says the disk is full"
expect_in "$T/err" "$D/session.yaml" "the message names the snapshot"
size=$(wc -c < "$T/journal.0")
if head -c "$size" "$D/journal" | cmp -s - "$T/journal.0"; then
	ok "the journal keeps every line it had"
else
	not_ok "the journal lost lines"
fi
expect_eq "$(tail -c 1 "$D/journal" | od -An -c | tr -d ' ')" '\n' "the journal ends with a whole line"
if cmp -s "$T/session.0" "$D/session.yaml"; then ok "the snapshot is as before (stale, whole)"; else not_ok "the snapshot changed"; fi
expect_eq "$(ls "$D" | grep -c tmp)" 0 "no temporary file is left in the state folder"
wiz --checklists "$DATA/faults" --state-dir "$S" status diskfull
expect_rc 0 "status reads the session on the full disk"
expect_not_in "$T/out" "damaged" "nothing is damaged"

# The journal's last page is nearly full and one page is free: the lock
# takes it, and the next event is cut short by the full disk: what was
# written of it is cut back.
unfill "$M"
SB2=$T/sb2
mkdir -p "$SB2"
cp "$SB/conf.toml" "$SB/big.bin" "$SB2"
answers "$SB2" "  PAD: p" "$T/probe.yaml"
wiz --checklists "$DATA/faults" --state-dir "$T/probe" run diskfull --answers "$T/probe.yaml"
base=$(wc -c < "$T/probe/diskfull/journal")
pad=$(awk -v n=$((4096 - 40 - base)) 'BEGIN { while (n-- >= 0) printf "p" }')
answers "$SB2" "  PAD: $pad" "$T/p0.yaml"
answers "$SB2" "  PAD: $pad
$ACK" "$T/p1.yaml"
S2=$M/state2
D2=$S2/diskfull
wiz --checklists "$DATA/faults" --state-dir "$S2" run diskfull --answers "$T/p0.yaml"
expect_rc 1 "a session whose journal nearly fills its page"
size=$(wc -c < "$D2/journal")
if [ "$size" -gt 3900 ] && [ "$size" -lt 4096 ]; then
	ok "the journal is $size bytes, its next event crosses the page"
else
	not_ok "the journal is $size bytes, not just under 4096"
fi
cp "$D2/journal" "$T/journal.2"
fill "$M" 1
wiz --checklists "$DATA/faults" --state-dir "$S2" run diskfull --answers "$T/p1.yaml"
expect_rc 2 "run when the journal's next event does not fit"
expect_in "$T/err" "cannot write $D2/journal: No space left on device" \
    "the message names the journal and says the disk is full"
if cmp -s "$T/journal.2" "$D2/journal"; then ok "the part written of the event was cut back: the journal is as before"; else not_ok "the journal changed"; fi
expect_eq "$(ls "$D2" | grep -c torn)" 0 "nothing was torn"
unfill "$M"
wiz --checklists "$DATA/faults" --state-dir "$S2" run diskfull --answers "$T/p1.yaml"
expect_rc 0 "with room again, that session finishes too"
rm -rf "$S2"

wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/a1.yaml"
expect_rc 0 "with room again, the next run finishes the guide"
expect_eq "$(count_events "$D/journal" ack look)" 1 "the acknowledgement is recorded once"
wiz --checklists "$DATA/faults" --state-dir "$S" status diskfull
expect_not_in "$T/out" "Note:" "the snapshot is current again"

#
# 2. The folder an action writes to is full.
#
SB=$M/sb
S=$T/state
D=$S/diskfull
mkdir -p "$SB"
printf '# conf\n[server]\nhostname = "old"\n' > "$SB/conf.toml"
head -c 40000 /dev/urandom > "$SB/big.bin"
cp "$SB/conf.toml" "$T/conf.0"
answers "$SB" "$ACK" "$T/b.yaml"

fill "$M"
wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/b.yaml"
expect_rc 1 "the edit on a full disk stops the run"
expect_in "$T/out" "$SB/conf.toml was not changed: cannot write $SB/conf.toml.wizard-partial: No space left on device" \
    "the message names the file and says the disk is full"
if cmp -s "$T/conf.0" "$SB/conf.toml"; then ok "conf.toml is not truncated: as before"; else not_ok "conf.toml changed"; fi
expect_eq "$(ls "$SB" | grep -c wizard-partial)" 0 "no part of the new text is left beside it"
expect_eq "$(count_events "$D/journal" step-result edit-conf)" 1 "the failure is recorded"

# Room for the edit, not for the copy.
unfill "$M"
fill "$M" 3
wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/b.yaml"
expect_rc 1 "the copy on a full disk stops the run"
expect_in "$T/out" "No space left on device" "the copy's message says the disk is full"
expect_in "$T/out" "$SB/big-copy.bin" "and names the file"
expect_in "$SB/conf.toml" 'hostname = "upgraded.example"' "the edit was made"
if [ -e "$SB/big-copy.bin" ] || [ -e "$SB/big-copy.bin.wizard-partial" ]; then
	not_ok "a part of the copy is left"
else
	ok "no part of the copy is left"
fi

unfill "$M"
wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/b.yaml"
expect_rc 0 "with room again, the next run finishes the guide"
if cmp -s "$SB/big.bin" "$SB/big-copy.bin"; then ok "the copy is whole"; else not_ok "the copy differs"; fi
expect_eq "$(count_events "$D/journal" step-start edit-conf)" 2 \
    "the edit ran twice (on the full disk, then done), not again after"

#
# 3. A read-only state folder.
#
cp "$D/journal" "$T/journal.1"
if [ "$(id -u)" -eq 0 ]; then
	# chmod does not stop root: a read-only bind mount does.
	if mount --bind "$D" "$D" 2> "$T/mount.err"; then
		mounted="$D $mounted"
		if mount -o remount,ro,bind "$D" 2> "$T/mount.err"; then
			how="read-only mount"
		else
			how=""
		fi
	else
		how=""
	fi
else
	chmod 0500 "$D"
	how="chmod 0500"
fi
if [ -z "$how" ]; then
	echo "ok $((n + 1)) - a read-only state folder # SKIP cannot mount it read-only: $(head -1 "$T/mount.err")"
	n=$((n + 1))
else
	wiz --checklists "$DATA/faults" --state-dir "$S" run diskfull --answers "$T/b.yaml"
	if [ "$rc" -ne 0 ]; then ok "run in a read-only state folder ($how) fails (exit $rc)"; else not_ok "run in a read-only state folder succeeded"; fi
	if grep -q "Read-only file system\|Permission denied" "$T/err" &&
	    grep -qF "$D/" "$T/err"; then
		ok "the message names the file and says why"
	else
		not_ok "no clear message"
		sed 's/^/# /' "$T/err"
	fi
	if cmp -s "$T/journal.1" "$D/journal"; then ok "the journal is as before"; else not_ok "the journal changed"; fi
	wiz --checklists "$DATA/faults" --state-dir "$S" status diskfull
	expect_rc 0 "status reads the read-only session"
	expect_in "$T/out" "Stage 2: Changes (complete)" "with everything that was done"
	[ "$how" = "chmod 0500" ] && chmod 0700 "$D"
fi

done_testing
