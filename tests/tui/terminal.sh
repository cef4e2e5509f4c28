#!/bin/sh
# terminal.sh: the terminal itself: size and resize, the "too small" screen,
# Unicode or ASCII lines by locale, NO_COLOR and --no-color, Ctrl-C asking,
# q, SIGTERM and SIGHUP leaving with the terminal restored, and the text
# entry's line editing. Run under LC_ALL=C.UTF-8 and LC_ALL=C.

. "$TOP_SRCDIR/tests/tui/lib.sh"

LEAVE="Leave the wizard? The session is saved; run it again to go on."
ESC=$(printf '\033')

# non_ascii: how many bytes of the screen are not ASCII.
non_ascii() {
	screen | LC_ALL=C tr -d '\001-\177' | wc -c | tr -d ' '
}

# colour_escapes: the SGR escapes of the screen that set a colour (30-38,
# 40-48, 90-97, 100-107; the defaults 39 and 49 are not colours).
colour_escapes() {
	screen -e | grep -o "$ESC\\[[0-9;]*m" | tr -d "$ESC[m" | tr ';' '\n' |
	    grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' | sort -u | tr '\n' ' '
}

# attr_escapes: whether bold (1) or reverse (7) is used.
attr_escapes() {
	screen -e | grep -o "$ESC\\[[0-9;]*m" | tr -d "$ESC[m" | tr ';' '\n' |
	    grep -E '^(1|7)$' | sort -u | tr '\n' ' '
}

# A guide whose title is wider than the screen, in characters two columns
# wide: the start screen cuts it by columns.
WIDE=$(printf '%060d' 0 | sed 's/0/漢/g')
mkdir -p "$T/wide"
cat > "$T/wide/wide.yaml" <<EOF
guide:
  id: wide
  title: "$WIDE"
  source: "terminal.sh"
  from: "1"
  to: "2"
stages:
  - id: only
    title: "Only"
    steps:
      - id: note
        kind: info
        title: "A note"
        ref: "1"
        text: "Nothing to do."
EOF

for loc in C.UTF-8 C; do
	TUI_LC_ALL=$loc
	export TUI_LC_ALL

	# The start screen at 80x24, the title line on row 0.
	start
	expect_screen "Guides" "$loc: the start screen appears at 80x24"
	row0=$(screen | head -1)
	case $row0 in
	" wso2-upgrade-wizard"*Start) ok "$loc: the title line names the program and the screen" ;;
	*) not_ok "$loc: the title line is '$row0'" ;;
	esac

	# Too small, and back.
	resize 60 15
	expect_screen "The terminal is 60x15; the wizard needs at least 80x24." \
	    "$loc: 60x15 shows the too-small text"
	expect_no_screen "Guides" "$loc: and not the screen"
	resize 80 24
	if wait_gone "The terminal is" && wait_for "Guides"; then
		ok "$loc: back at 80x24 the start screen returns"
	else
		not_ok "$loc: the screen did not recover at 80x24"
		show_screen
	fi
	resize 100 30
	i=0
	while [ "$i" -lt 100 ]; do
		w=$(screen | head -1 | sed 's/ *$//' | awk '{ print length }')
		[ "$w" = 99 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	expect_eq "$w" 99 "$loc: at 100x30 the screen title ends one column from the right"
	expect_screen "Guides" "$loc: and the screen is drawn at 100x30"

	# Ctrl-C asks; n stays. The box is drawn in the locale's lines.
	keys C-c
	expect_screen "$LEAVE" "$loc: Ctrl-C asks before leaving"
	if [ "$loc" = C ]; then
		if screen | grep -qF -- "+------" && [ "$(non_ascii)" = 0 ]; then
			ok "$loc: the box is drawn in ASCII, nothing else on the screen"
		else
			not_ok "$loc: the box is not plain ASCII ($(non_ascii) other bytes)"
			show_screen
		fi
	else
		if screen | grep -qF -- "┌─" && screen | grep -qF -- "│"; then
			ok "$loc: the box is drawn with Unicode lines"
		else
			not_ok "$loc: no Unicode box lines"
			show_screen
		fi
	fi
	# A resize while asking: the question stays, and survives too small.
	resize 80 24
	resize 60 15
	expect_screen "The terminal is 60x15" \
	    "$loc: too small while asking shows the too-small screen"
	expect_no_screen "$LEAVE" "$loc: and not the question"
	resize 80 24
	expect_screen "$LEAVE" "$loc: the question is still there after a resize"
	keys n
	if wait_gone "$LEAVE" && wait_for "Guides"; then
		ok "$loc: n keeps the wizard on its screen"
	else
		not_ok "$loc: n did not close the question"
		show_screen
	fi
	[ ! -s "$T/exit" ]
	expect_eq "$?" 0 "$loc: the wizard still runs after n"

	# The help from the loop, and Esc back.
	keys '?'
	expect_screen "Keys" "$loc: ? shows the keys"
	expect_screen "leave the wizard (the session is kept)" \
	    "$loc: the keys come from the key table"
	keys Escape
	expect_screen "Guides" "$loc: Esc goes back from the help"

	# Ctrl-C, then y: leaves with status 0 and the shell back.
	keys C-c
	wait_for "$LEAVE"
	keys y
	if wait_exit; then
		expect_eq "$rc" 0 "$loc: Ctrl-C then y leaves with exit status 0"
	else
		not_ok "$loc: Ctrl-C then y did not leave"
		show_screen
	fi
	restored "$loc: after Ctrl-C the terminal is restored"

	# q leaves.
	start
	wait_for "Guides"
	keys q
	if wait_exit; then
		expect_eq "$rc" 0 "$loc: q leaves with exit status 0"
	else
		not_ok "$loc: q did not leave"
		show_screen
	fi
	restored "$loc: after q the terminal is restored"

	# Text cut to the columns it takes, with an ellipsis.
	CHECKLISTS=$T/wide
	start
	if wait_for "wide  "; then
		line=$(screen | grep "wide  " | sed 's/ *$//')
		if [ "$loc" = C ]; then
			ell=...
			wide=$(printf '%s' "$line" | grep -o '?' | wc -l)
			ascii=$(printf '%s' "$line" | LC_ALL=C tr -d '\001-\177' | wc -c)
			cols=$(printf '%s' "$line" | wc -c)
			expect_eq "$ascii" 0 "$loc: a title in another script is drawn in ASCII"
		else
			ell=…
			wide=$(printf '%s' "$line" | grep -o 漢 | wc -l)
			narrow=$(printf '%s' "$line" | sed 's/漢//g; s/…//g' | LC_ALL=C wc -c)
			cols=$((narrow + 2 * wide + 1))
		fi
		case $line in
		*"$ell") ok "$loc: a title too wide ends with an ellipsis" ;;
		*) not_ok "$loc: the title is not cut with '$ell': '$line'" ;;
		esac
		if [ "$cols" -le 80 ] && [ "$cols" -ge 77 ]; then
			ok "$loc: it is cut at the right edge ($cols columns, $wide wide)"
		else
			not_ok "$loc: the cut title takes $cols columns ($wide wide)"
			show_screen
		fi
	else
		not_ok "$loc: the wide guide is not listed"
		show_screen
	fi
	stop
	CHECKLISTS=$DATA

	# SIGTERM and SIGHUP leave; the terminal is restored.
	for sig in TERM HUP; do
		start
		wait_for "Guides"
		kill -"$sig" "$(wizard_pid)"
		if wait_exit; then
			expect_eq "$rc" 0 "$loc: SIG$sig leaves with exit status 0"
		else
			not_ok "$loc: SIG$sig did not make the wizard leave"
			show_screen
		fi
		restored "$loc: after SIG$sig the terminal is restored"
	done
done
TUI_LC_ALL=C.UTF-8

# Colours: by default there are some; with NO_COLOR or --no-color none, and
# bold/reverse stand for them.
start
wait_for "Guides"
c=$(colour_escapes)
if [ -n "$c" ]; then
	ok "colours are used by default ($c)"
else
	not_ok "no colour escapes by default"
fi
stop
for how in NO_COLOR=1 --no-color; do
	case $how in
	--no-color) start --no-color ;;
	*) start -e "$how" ;;
	esac
	if wait_for "Guides"; then
		keys C-c
		wait_for "$LEAVE"
		expect_eq "$(colour_escapes)" "" "$how: no colour escapes on the screen"
		a=$(attr_escapes)
		expect_eq "$a" "1 7 " "$how: bold and reverse are used instead"
		keys y
		wait_exit
		expect_eq "$rc" 0 "$how: the wizard ran and left"
	else
		not_ok "$how: the wizard did not start"
		show_screen
	fi
done

# The text entry (the first variable of the example guide): UTF-8 aware
# editing; nothing is recorded after Esc.
start
wait_for "Guides"
keys Enter
if wait_for "Variables"; then
	keys Enter
	if wait_for "Enter accept  Esc cancel"; then
		keys abc
		wait_for "abc"
		keys Left Left
		keys -l "é"
		expect_screen "aébc" "input: a character typed in the middle"
		keys BSpace
		keys -l "ü"
		keys Right DC
		expect_screen "aüb " "input: Backspace and Delete take whole characters"
		keys Home X End Y
		expect_screen "XaübY" "input: Home and End"
		keys C-c
		expect_screen "$LEAVE" "input: Ctrl-C in the entry asks before leaving"
		keys n
		wait_gone "$LEAVE"
		if wait_for "Enter accept  Esc cancel" && wait_for "XaübY"; then
			ok "input: n comes back to the entry with the text typed"
		else
			not_ok "input: n did not come back to the entry"
			show_screen
		fi
		keys C-u
		wait_gone "XaübY"
		keys Enter
		expect_screen "An answer is needed here; Esc cancels." \
		    "input: an empty required answer is refused"
		keys Escape
		if wait_gone "Enter accept  Esc cancel"; then
			ok "input: Esc closes the entry"
		else
			not_ok "input: Esc did not close the entry"
			show_screen
		fi
		if screen | grep "OLD_HOME" | grep -qF "(no value)"; then
			ok "input: nothing was recorded"
		else
			not_ok "input: OLD_HOME has a value after Esc"
			show_screen
		fi
	else
		not_ok "input: Enter on a variable did not open the entry"
		show_screen
	fi
else
	not_ok "input: the example guide did not open its setup"
	show_screen
fi
keys q
wait_exit
expect_eq "$rc" 0 "input: q leaves from the setup screen"
restored "input: the terminal is restored"

# While a command runs the loop keeps going (the engine's tick pumps it):
# the time moves, a resize is followed, Ctrl-C asks, and leaving stops the
# command, which is recorded as interrupted.
mkdir -p "$T/work"
start --guide slow
if wait_for "Variables"; then
	keys Enter
	wait_for "Enter accept"
	keys -l "$T/work"
	keys Enter
	wait_for "WORK is set"
	keys Escape
	wait_for "The only stage"
	keys Enter
	wait_for "Wait a while"
	keys r
	wait_for "Yes"
	keys y
	expect_screen "Running for" "running: the output pane appears"
	if wait_re 'Running for [2-9](\.[0-9])? s;'; then
		ok "running: the elapsed time moves on (seconds)"
	else
		not_ok "running: the elapsed time did not reach 2 s"
		show_screen
	fi
	resize 60 15
	expect_screen "The terminal is 60x15" "running: a resize is followed"
	resize 80 24
	expect_screen "Running for" "running: and undone"
	keys C-c
	expect_screen "$LEAVE" "running: Ctrl-C asks"
	keys y
	wait_exit
	expect_eq "$rc" 0 "running: y leaves with exit status 0"
	j=$STATE/slow/journal
	st=$(grep 'step-result' "$j" | grep -o 'status=[a-z]*' | tail -1)
	expect_eq "$st" status=interrupted "running: the command is recorded as interrupted"
	pgid=$(grep 'step-pid' "$j" | grep -o 'pgid=[0-9]*' | tail -1 | cut -d= -f2)
	# (A zombie does not count: in some containers nothing reaps orphans.)
	alive=$(ps -eo pgid=,stat= | awk -v g="$pgid" '$1 == g && $2 !~ /^Z/' | wc -l)
	if [ -n "$pgid" ] && [ "$alive" -eq 0 ]; then
		ok "running: its process group is gone"
	else
		not_ok "running: process group '$pgid' still runs"
		kill -KILL -"$pgid" 2> /dev/null
	fi
	[ ! -e "$T/work/mark" ]
	expect_eq "$?" 0 "running: the command did not finish"
	restored "running: the terminal is restored"
else
	not_ok "running: the slow guide did not open its setup"
	show_screen
fi

done_testing
