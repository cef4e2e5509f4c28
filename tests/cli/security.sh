#!/bin/sh
# security.sh: as root, a checklist, an answers file, a training.yaml or a
# sandbox.sh that someone else could have written (writable by group or
# others, owned by another user, in a folder anyone can write without the
# sticky bit) is refused, naming the file, its owner or mode and the fix;
# the same files are accepted from a user who is not root (the program run
# as nobody through setpriv).
. "$TOP_SRCDIR/tests/cli/lib.sh"

ID=sp-4.4.0-to-si-1.1.0
C=$T/cl
mkdir "$C"
cp "$DATA/example.yaml" "$C/"
sh "$DATA/example-sandbox.sh" "$T/sb" > /dev/null
example_answers "$T/answers.yaml" "$T/sb"
W="--checklists $C --state-dir $T/state"

# refused WHAT TEXT...: the last wiz refused, its output holding each TEXT
# (validate lists problems on stdout, the others on stderr).
refused() {
	what=$1
	shift
	expect_rc 2 "$what is refused"
	cat "$T/out" "$T/err" > "$T/both"
	for text in "$@"; do
		expect_in "$T/both" "$text" "$what: the message says '$text'"
	done
}

if [ "$(id -u)" -ne 0 ]; then
	for what in "a group-writable checklist" "an answers file of another user" \
	    "a training.yaml or sandbox.sh others can write"; do
		echo "ok $((n += 1)) - as root, $what is refused # SKIP not running as root (id -u is $(id -u))"
	done
else
	wiz $W check example --answers "$T/answers.yaml"
	expect_rc 0 "a checklist and an answers file owned by root, mode 0644, are used"

	chmod g+w "$C/example.yaml"
	wiz $W check example
	refused "a group-writable checklist" "$C/example.yaml is refused" \
	    "writable by group or others" "0664" "chmod go-w $C/example.yaml"
	wiz validate "$C/example.yaml"
	refused "validate of a group-writable checklist" "chmod go-w"
	chmod g-w,o+w "$C/example.yaml"
	wiz $W show example
	refused "an others-writable checklist" "0646" "chmod go-w"
	chmod o-w "$C/example.yaml"
	chown nobody "$C/example.yaml"
	wiz $W run example --answers "$T/answers.yaml"
	refused "a checklist owned by nobody" "belongs to nobody" \
	    "chown root $C/example.yaml"
	expect_eq "$(ls "$T/state" 2> /dev/null)" "" "nothing was run: no session"
	chown root "$C/example.yaml"

	chmod 0777 "$C"
	wiz $W check example
	refused "a checklist in a folder anyone can write" \
	    "the folder $C holding it can be written by anyone (mode 0777)" \
	    "chmod o-w $C"
	chmod 1777 "$C"
	wiz $W check example --answers "$T/answers.yaml"
	expect_rc 0 "the same folder with the sticky bit (as /tmp) is accepted"
	chmod 0755 "$C"

	# Through a link: the folder of the file it names counts too.
	mkdir -m 0777 "$T/open"
	mv "$C/example.yaml" "$T/open/"
	ln -s "$T/open/example.yaml" "$C/example.yaml"
	wiz $W check example
	refused "a link to a checklist in a folder anyone can write" \
	    "the folder $T/open holding it"
	rm "$C/example.yaml"
	mv "$T/open/example.yaml" "$C/"

	chmod g+w "$T/answers.yaml"
	wiz $W check example --answers "$T/answers.yaml"
	refused "a group-writable answers file" "$T/answers.yaml is refused" \
	    "chmod go-w $T/answers.yaml"
	chmod g-w "$T/answers.yaml"
	chown nobody "$T/answers.yaml"
	wiz $W check example --answers "$T/answers.yaml"
	refused "an answers file owned by nobody" "belongs to nobody" \
	    "chown root $T/answers.yaml"
	chown root "$T/answers.yaml"

	# Training: training.yaml is loaded, sandbox.sh run, beside the guide.
	cp "$TOP_SRCDIR/checklists/$ID.yaml" "$C/"
	mkdir -p "$C/training"
	cp -R "$TOP_SRCDIR/checklists/training/$ID" "$C/training/"
	chmod -R go-w "$C"
	chmod o+w "$C/training/$ID/training.yaml"
	wiz $W check $ID --training
	refused "an others-writable training.yaml" \
	    "$C/training/$ID/training.yaml is refused" "chmod go-w"
	chmod o-w "$C/training/$ID/training.yaml"
	chmod g+w "$C/training/$ID/sandbox.sh"
	wiz $W check $ID --training
	refused "a group-writable sandbox.sh" \
	    "$C/training/$ID/sandbox.sh is refused" "chmod go-w"
	if [ -e "$T/state/training/$ID/sandbox/.wso2-upgrade-wizard-sandbox" ] ||
	    [ -n "$(ls -A "$T/state/training/$ID/sandbox" 2> /dev/null)" ]; then
		not_ok "the refused sandbox.sh did not run"
	else
		ok "the refused sandbox.sh did not run"
	fi
	chmod g-w "$C/training/$ID/sandbox.sh"
fi

# A user who is not root trusts their files: the same modes and owners are
# accepted, as before.
U=$T/user
if ! command -v setpriv > /dev/null 2>&1; then
	echo "ok $((n += 1)) - as a user, a group-writable checklist is used # SKIP no setpriv to run the program as another user"
elif [ "$(id -u)" -ne 0 ]; then
	# Not root already: the program runs as this user.
	mkdir "$U"
	cp "$DATA/example.yaml" "$U/"
	chmod g+w,o+w "$U/example.yaml"
	wiz --checklists "$U" --state-dir "$U/state" check example
	expect_rc 0 "as a user, an others-writable checklist is used"
else
	chmod 0711 "$T"
	mkdir -m 0777 "$U"
	cp "$DATA/example.yaml" "$U/"
	chmod 0666 "$U/example.yaml"
	example_answers "$U/answers.yaml" "$T/sb"
	chmod 0666 "$U/answers.yaml"
	nobody=$(id -u nobody)
	asuser() {
		setpriv --reuid="$nobody" --regid="$(id -g nobody)" --clear-groups \
		    "$WIZARD" "$@" > "$T/out" 2> "$T/err"
		rc=$?
	}
	asuser --checklists "$U" --state-dir "$U/state" show example
	expect_rc 0 "as nobody, a checklist of mode 0666 owned by root, in a folder anyone can write, is used"
	asuser --checklists "$U" --state-dir "$U/state" check example --answers "$U/answers.yaml"
	expect_rc 0 "as nobody, an answers file of mode 0666 is used"
	expect_in "$T/out" "passed: 5, failed: 0" "and its variables reach the checks"
	expect_not_in "$T/err" "refused" "as nobody, nothing is refused"
fi

done_testing
