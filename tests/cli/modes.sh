#!/bin/sh
# modes.sh: under umask 000, a whole run of the example guide, its status
# and its reports written with -o in every format: every folder the
# program made in the state folder is 0700 and every file it wrote there,
# and every report, is 0600 (the journal, session.yaml, the lock, the
# logs); the backups keep the mode of the file they saved, inside folders
# of 0700, so no one but the owner reads them.
. "$TOP_SRCDIR/tests/cli/lib.sh"

sh "$DATA/example-sandbox.sh" "$T/sb"
S=$T/state
example_answers "$T/answers.yaml" "$T/sb" 'answers: {custom-theme: "yes", keep-logs: "yes"}
acknowledge:
  - {step: db-backup, note: "dumped to backup01"}
  - {step: update-lifecycle}'
# A file the run backs up: its mode must survive in the backup.
chmod 0640 "$T/sb/app-2.0.0/conf/app.toml"

umask 000
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/answers.yaml"
expect_rc 0 "under umask 000, run finishes the guide"
wiz --checklists "$DATA" --state-dir "$S" status example
expect_rc 0 "status of the session"
for f in text markdown html yaml; do
	wiz --checklists "$DATA" --state-dir "$S" report example --format $f \
	    -o "$T/report.$f"
	expect_rc 0 "the $f report written with -o"
	expect_eq "$(stat -c %a "$T/report.$f")" "600" "the $f report is 0600"
done
umask 022

# Every folder and file under the state folder, by kind.
expect_eq "$(stat -c %a "$S")" "700" "the state folder is 0700"
find "$S" -mindepth 1 > "$T/all"
nfiles=0
nbackups=0
bad=
while IFS= read -r p; do
	mode=$(stat -c %a "$p")
	rel=${p#"$S"/}
	case $rel in
	*/backup/*)
		if [ -d "$p" ]; then
			[ "$mode" = 700 ] || bad="$bad $rel=$mode"
		elif [ -f "$p" ]; then
			nbackups=$((nbackups + 1))
			# Never wider than 0755 (the sandbox's files), never
			# writable by others.
			case $mode in
			*[2367]) bad="$bad $rel=$mode" ;;
			esac
		fi
		;;
	*)
		if [ -d "$p" ]; then
			[ "$mode" = 700 ] || bad="$bad $rel=$mode"
		else
			nfiles=$((nfiles + 1))
			[ "$mode" = 600 ] || bad="$bad $rel=$mode"
		fi
		;;
	esac
done < "$T/all"
if [ -z "$bad" ]; then
	ok "every folder the program made is 0700, every file 0600"
else
	not_ok "modes not 0700/0600:$bad"
fi
for f in journal session.yaml lock; do
	if [ -f "$S/example/$f" ]; then
		ok "$f was among the files checked"
	else
		not_ok "no $f in $S/example (the walk checked the wrong place)"
	fi
done
nlogs=$(ls "$S/example/logs" | wc -l)
if [ "$nlogs" -ge 2 ]; then
	ok "the walk saw $nlogs logs, $nfiles files in all"
else
	not_ok "only $nlogs logs in $S/example/logs"
fi
saved=$(find "$S/example/backup" -name app.toml | head -1)
if [ -n "$saved" ]; then
	expect_eq "$(stat -c %a "$saved")" "640" "the backup of app.toml kept its mode 0640"
else
	not_ok "no backup of app.toml"
fi
if [ "$nbackups" -ge 2 ]; then
	ok "$nbackups backed-up files were checked"
else
	not_ok "only $nbackups backed-up files"
fi

done_testing
