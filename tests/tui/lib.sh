# lib.sh: what the terminal tests share. Each test drives the real program
# in its own tmux server (tmux -L wizPID -f /dev/null), reads the screen with
# capture-pane and speaks TAP. Needs WIZARD and TOP_SRCDIR.
#
#   start [-s COLSxROWS] [-e VAR=VALUE]... [--] [ARG...]
#       start the wizard (a fresh server) at 80x24 or the size given, with
#       --state-dir "$STATE" --checklists "$CHECKLISTS" and ARG...; the
#       environment of the test plus the -e values; LC_ALL is $TUI_LC_ALL
#       (C.UTF-8 unless set)
#   Every wait below is multiplied by TEST_TIME_FACTOR (1 unless set;
#   tests/sanitize.sh sets it under valgrind).
#   wait_for TEXT [SECONDS]   the screen shows TEXT (fixed string); waits up
#                             to 10 s, polling; 1 if it never does
#   wait_re REGEX [SECONDS]   the screen matches REGEX (grep -E)
#   wait_gone TEXT [SECONDS]  the screen no longer shows TEXT
#   screen [-e]               the screen now (-e: with attribute escapes)
#   keys KEY...               tmux send-keys (Enter, Escape, C-c, Up, "text")
#   resize COLS ROWS          resize the window
#   wait_exit [SECONDS]       the wizard has ended: its exit status in $rc
#   wizard_pid                the wizard's process id
#   restored NAME             after the wizard ended: the pane shows the
#                             shell again with echo and icanon on (stty -a)
#   stop                      kill the server
#   expect_screen TEXT NAME   ok/not ok on wait_for, with the screen on failure
#   expect_no_screen TEXT NAME   ok if TEXT is not on the screen now

: "${WIZARD:?}" "${TOP_SRCDIR:?}"
DATA=$TOP_SRCDIR/tests/data
T=$(mktemp -d "${TMPDIR:-/tmp}/wizard-tui.XXXXXX")
SOCK=wiz$$
STATE=$T/state
CHECKLISTS=$DATA
export HOME="$T/home"
export XDG_STATE_HOME="$T/xdg-state"
mkdir -p "$HOME"
unset TMUX WSO2_WIZARD_CHECKLISTS
n=0

tui_cleanup() {
	tmux -L "$SOCK" kill-server > /dev/null 2>&1
	rm -rf "$T"
}
trap tui_cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
}

done_testing() {
	echo "1..$n"
}

# expect_eq GOT WANT NAME
expect_eq() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3: got '$1', want '$2'"
	fi
}

# Without tmux nothing here can run: one skipped case, and stop.
if ! command -v tmux > /dev/null 2>&1; then
	echo "ok 1 - terminal tests # SKIP tmux is not installed"
	echo "1..1"
	exit 0
fi

stop() {
	tmux -L "$SOCK" kill-server > /dev/null 2>&1
	return 0
}

start() {
	_size=80x24
	_env=""
	stop
	while [ $# -gt 0 ]; do
		case $1 in
		-s) _size=$2; shift 2 ;;
		-e) _env="$_env $(quote "$2")"; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	rm -f "$T/exit" "$T/pid"
	# The pane runs a shell that runs the wizard, says how it ended and
	# stays, so a test can look at the terminal afterwards. The shell
	# ignores Ctrl-C meant for the wizard (a trap, so the wizard does not
	# inherit it ignored).
	{
		echo 'trap : INT'
		printf 'env LC_ALL=%s %s sh -c %s sh %s %s --state-dir %s --checklists %s' \
		    "$(quote "${TUI_LC_ALL:-C.UTF-8}")" "$_env" \
		    "'echo \$\$ > \"\$1\"; shift; exec \"\$@\"'" \
		    "$(quote "$T/pid")" "$(quote "$WIZARD")" \
		    "$(quote "$STATE")" "$(quote "$CHECKLISTS")"
		for _a in "$@"; do
			printf ' %s' "$(quote "$_a")"
		done
		echo
		echo '_rc=$?'
		echo 'echo "$_rc" > "$1"'
		echo 'echo "[wizard exit $_rc]"'
		echo 'trap - INT'
		echo "PS1='\$ ' ENV= exec sh"
	} > "$T/run.sh"
	# tmux's own terminal type when this system knows it, else screen.
	_term=screen
	infocmp tmux-256color > /dev/null 2>&1 && _term=tmux-256color
	_cols=${_size%x*}
	_rows=${_size#*x}
	# No status line (the pane is the whole window); window-size is set
	# after new-session (before it, tmux 3.3a exits).
	LC_ALL=C.UTF-8 tmux -L "$SOCK" -f /dev/null start-server \; \
	    set -g status off \; set -g remain-on-exit on \; \
	    set -g default-terminal "$_term" \; \
	    new-session -d -s wiz -x "$_cols" -y "$_rows" \
	    "sh $(quote "$T/run.sh") $(quote "$T/exit")" \; \
	    set -g window-size manual
}

# quote WORD: WORD quoted for sh.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

screen() {
	if [ "$1" = -e ]; then
		tmux -L "$SOCK" capture-pane -p -e -t wiz
	else
		tmux -L "$SOCK" capture-pane -p -t wiz
	fi
}

keys() {
	tmux -L "$SOCK" send-keys -t wiz "$@"
}

resize() {
	tmux -L "$SOCK" resize-window -t wiz -x "$1" -y "$2"
}

# Poll every tenth of a second up to $2 (10) seconds.
wait_for() {
	_i=0
	_max=$((${2:-10} * 10 * ${TEST_TIME_FACTOR:-1}))
	while [ "$_i" -lt "$_max" ]; do
		screen 2> /dev/null | grep -qF -- "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

wait_re() {
	_i=0
	_max=$((${2:-10} * 10 * ${TEST_TIME_FACTOR:-1}))
	while [ "$_i" -lt "$_max" ]; do
		screen 2> /dev/null | grep -qE -- "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

wait_gone() {
	_i=0
	_max=$((${2:-10} * 10 * ${TEST_TIME_FACTOR:-1}))
	while [ "$_i" -lt "$_max" ]; do
		screen 2> /dev/null | grep -qF -- "$1" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

wait_exit() {
	_i=0
	_max=$((${1:-10} * 10 * ${TEST_TIME_FACTOR:-1}))
	while [ "$_i" -lt "$_max" ]; do
		if [ -s "$T/exit" ]; then
			rc=$(cat "$T/exit")
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	rc=
	return 1
}

wizard_pid() {
	cat "$T/pid" 2> /dev/null
}

# The screen as TAP comments.
show_screen() {
	screen 2> /dev/null | sed 's/^/# | /'
}

expect_screen() {
	if wait_for "$1"; then
		ok "$2"
	else
		not_ok "$2: '$1' not on the screen"
		show_screen
	fi
}

expect_no_screen() {
	if screen | grep -qF -- "$1"; then
		not_ok "$2: '$1' is on the screen"
		show_screen
	else
		ok "$2"
	fi
}

restored() {
	if ! wait_for "[wizard exit"; then
		not_ok "$1: the shell did not come back"
		show_screen
		return
	fi
	# Upper case, so the answer differs from the command line typed.
	keys "echo \"modes \$(stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | tr '\\n' ' ')\" | tr a-z A-Z" Enter
	if ! wait_for "MODES "; then
		not_ok "$1: stty did not answer"
		show_screen
		return
	fi
	_modes=$(screen | grep '^MODES ' | tail -1)
	case " $_modes " in
	*" ECHO "*)
		case " $_modes " in
		*" ICANON "*) ok "$1"; return ;;
		esac ;;
	esac
	not_ok "$1: the terminal is left with '$_modes'"
	show_screen
}
