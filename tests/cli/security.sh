#!/bin/sh
# security.sh: as root, a checklist, an answers file, a training.yaml or a
# sandbox.sh that someone else could have written (writable by group or
# others, owned by another user, under a folder of another user or one its
# group or others may write without the sticky bit, up to / and through
# links) is refused, naming the file or folder, its owner and mode and the
# fix;
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
	    "the folder $C on its path can be written by group or others (owner root, mode 0777) without the sticky bit" \
	    "chmod go-w $C"
	chmod 1777 "$C"
	wiz $W check example --answers "$T/answers.yaml"
	expect_rc 0 "the same folder with the sticky bit (as /tmp) is accepted"
	chmod 0755 "$C"

	# Through a link: the folders of the file it names count too, named
	# as they are, not as the link has them.
	mkdir -m 0777 "$T/open"
	mv "$C/example.yaml" "$T/open/"
	ln -s "$T/open/example.yaml" "$C/example.yaml"
	wiz $W check example
	refused "a link to a checklist in a folder anyone can write" \
	    "the folder $T/open on its path" "(owner root, mode 0777)" \
	    "chmod go-w $T/open"
	rm "$C/example.yaml"
	mv "$T/open/example.yaml" "$C/"

	# Every folder up to /, as sshd's StrictModes: a parent two levels
	# up that its group may write.
	P=$T/p1/p2/cl
	mkdir -p "$P"
	cp "$DATA/example.yaml" "$P/"
	chmod 0755 "$T/p1" "$T/p1/p2" "$P"
	wiz --checklists "$P" --state-dir "$T/state" check example --answers "$T/answers.yaml"
	expect_rc 0 "a checklist three folders down, every folder root's and 0755, is used"
	chmod g+w "$T/p1"
	wiz --checklists "$P" --state-dir "$T/state" check example
	refused "a checklist whose folder's folder's folder its group may write" \
	    "$P/example.yaml is refused" "the folder $T/p1 on its path" \
	    "(owner root, mode 0775)" "chmod go-w $T/p1"
	# The same through a name relative to the current folder: the
	# current folder's own parents count.
	(cd "$T/p1/p2" && "$WIZARD" --checklists cl --state-dir "$T/state" \
	    check example > "$T/out" 2> "$T/err")
	rc=$?
	refused "a relative name under a folder its group may write" \
	    "the folder $T/p1 on its path"
	# Through a link to a folder: the folders it leads to.
	ln -s "$T/p1/p2" "$T/to-p2"
	wiz --checklists "$T/to-p2/cl" --state-dir "$T/state" check example
	refused "a link to a folder under a folder its group may write" \
	    "the folder $T/p1 on its path"
	chmod g-w "$T/p1"
	wiz --checklists "$T/to-p2/cl" --state-dir "$T/state" check example --answers "$T/answers.yaml"
	expect_rc 0 "the same link, the folders fixed, is used"
	chown nobody "$T/p1/p2"
	wiz --checklists "$P" --state-dir "$T/state" check example
	refused "a checklist under a folder of another user" \
	    "the folder $T/p1/p2 on its path belongs to nobody (mode 0755)" \
	    "chown root $T/p1/p2"
	chown root "$T/p1/p2"
	# A link in a folder anyone may write, to a file in good folders: the
	# link could be pointed elsewhere, so it is refused too.
	ln -s "$P/example.yaml" "$T/open/link.yaml"
	mkdir -m 0755 "$T/cl2"
	ln -s "$T/open/link.yaml" "$T/cl2/example.yaml"
	wiz --checklists "$T/cl2" --state-dir "$T/state" check example
	refused "a link held in a folder anyone can write" \
	    "the folder $T/open on its path"

	# /tmp as it comes (root's, mode 1777): anyone may write there, but
	# the sticky bit keeps them from replacing root's files.
	if [ "$(stat -c %u:%a /tmp 2> /dev/null)" != 0:1777 ]; then
		echo "ok $((n += 1)) - a checklist in a folder of /tmp is used # SKIP /tmp is not root's with mode 1777 here ($(stat -c %U:%a /tmp))"
	else
		S=$(mktemp -d /tmp/wizard-sticky.XXXXXX)
		chmod 0755 "$S"
		cp "$DATA/example.yaml" "$S/"
		wiz --checklists "$S" --state-dir "$T/state" check example --answers "$T/answers.yaml"
		expect_rc 0 "a checklist in a folder of /tmp (sticky, mode 1777) is used"
		rm -rf "$S"
	fi

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

	# /dev/stdin: on a pipe (a link in /proc to what has no path) the
	# pipe is checked as a file; on a file, the file and its folders.
	"$WIZARD" $W check example --answers /dev/stdin < "$T/answers.yaml" \
	    > "$T/out" 2> "$T/err"
	rc=$?
	expect_rc 0 "an answers file given as /dev/stdin, from a file, is used"
	cat "$T/answers.yaml" | "$WIZARD" $W check example --answers /dev/stdin \
	    > "$T/out" 2> "$T/err"
	rc=$?
	expect_rc 0 "an answers file given as /dev/stdin, from a pipe, is used"
	chmod g+w "$T/answers.yaml"
	"$WIZARD" $W check example --answers /dev/stdin < "$T/answers.yaml" \
	    > "$T/out" 2> "$T/err"
	rc=$?
	refused "a group-writable answers file given as /dev/stdin" \
	    "its mode is 0664"
	chmod g-w "$T/answers.yaml"

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

	# The seed SQL files beside sandbox.sh: it copies them into the
	# sandbox, where the trainee loads them as the database's
	# administrator.
	EI=ei-7.0-mi-to-apim-4.0.0-mi
	cp "$TOP_SRCDIR/checklists/$EI.yaml" "$C/"
	cp -R "$TOP_SRCDIR/checklists/training/$EI" "$C/training/"
	chmod -R go-w "$C"
	chmod g+w "$C/training/$EI/seed-mariadb.sql"
	wiz $W check $EI --training
	refused "a group-writable seed beside sandbox.sh" \
	    "$C/training/$EI/seed-mariadb.sql is refused" "its mode is 0664" \
	    "chmod go-w $C/training/$EI/seed-mariadb.sql"
	if [ -n "$(ls -A "$T/state/training/$EI/sandbox" 2> /dev/null)" ]; then
		not_ok "sandbox.sh did not run with a refused seed beside it"
	else
		ok "sandbox.sh did not run with a refused seed beside it"
	fi
	chmod g-w "$C/training/$EI/seed-mariadb.sql"
	# And the seeds training.yaml names, as sandbox.sh left them in the
	# sandbox: here it leaves one that anyone may write.
	printf '\nchmod o+w "$dir/db/seed-mariadb.sql"\n' \
	    >> "$C/training/$ID/sandbox.sh"
	wiz $W check $ID --training
	refused "a seed in the sandbox that anyone may write" \
	    "$T/state/training/$ID/sandbox/db/seed-mariadb.sql is refused" \
	    "its mode is 0646"
	if [ -e "$T/state/training/$ID/sandbox" ]; then
		not_ok "the sandbox with the refused seed was removed again"
	else
		ok "the sandbox with the refused seed was removed again"
	fi
	cp "$TOP_SRCDIR/checklists/training/$ID/sandbox.sh" "$C/training/$ID/"
	chmod go-w "$C/training/$ID/sandbox.sh"
	wiz $W check $ID --training
	if [ -f "$T/state/training/$ID/sandbox/.wso2-upgrade-wizard-sandbox" ] &&
	    [ -f "$T/state/training/$ID/sandbox/db/seed-mariadb.sql" ]; then
		ok "the same sandbox.sh as shipped builds the sandbox, its seed in it"
	else
		not_ok "the same sandbox.sh as shipped builds the sandbox, its seed in it"
		sed 's/^/# /' "$T/err" | head -20
	fi
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
