#!/bin/sh
# report.sh: o on the stages screen shows the report of the session, to
# scroll through; w there writes it to a file in the format chosen (the
# default name beside the session's folder, or one typed), and refuses to
# write over a file that is not a report.

. "$TOP_SRCDIR/tests/tui/lib.sh"

SB=$T/sb
sh "$DATA/example-sandbox.sh" "$SB" > /dev/null
# A session that stops at the first manual step, made without a terminal.
cat > "$T/a.yaml" <<EOF
guide: example
variables:
  OLD_HOME: $SB/app-1.0.0
  NEW_HOME: $SB/app-2.0.0
  BACKUP_DIR: $SB/backups
  APP_PORT: "1"
answers: {keep-logs: "yes"}
EOF
"$WIZARD" --state-dir "$STATE" --checklists "$CHECKLISTS" run example \
    --answers "$T/a.yaml" > "$T/run.out" 2>&1
expect_eq "$?" 1 "the session is made, stopped at the manual step"

start --guide example
expect_screen "1. Before you begin" "the wizard opens at the stages"
keys o
expect_screen "Report of the session: lines 1-" "o opens the report"
expect_screen "Upgrade report: Upgrading Example App 1.0.0 to 2.0.0" "it shows the text report"
expect_screen "INCOMPLETE" "of the unfinished session"
keys End
expect_screen "Performed by: ____" "End goes to the sign-off at the bottom"
keys Home
expect_screen "wso2-upgrade-wizard  guide example, page 1 of" "Home goes back to the top"
keys '?'
expect_screen "write the report to a file (text, markdown, HTML or YAML)" "the help names w"
keys '?'
wait_gone "write the report to a file (text"

# w: the format, then the file, its default beside the session's folder.
keys w
expect_screen "The format of the file:" "w asks for the format"
keys Down Down Enter
expect_screen "File to write it to:" "then for the file"
expect_screen "report-example-" "with a default name"
keys Enter
expect_screen "The report is written to" "it says it is written"
expect_screen "$STATE/report-example-" "and where"
f=$(ls "$STATE"/report-example-*.html 2> /dev/null | head -n 1)
if [ -n "$f" ] && grep -q "<!DOCTYPE html>" "$f" &&
    grep -q "1.7 db-backup: Back up the application database" "$f"; then
	ok "the HTML file holds the report"
else
	not_ok "no HTML report in $STATE"
	ls -l "$STATE" | sed 's/^/# /'
fi

# A name typed, as text.
keys w
expect_screen "The format of the file:" "w again"
keys Enter
expect_screen "File to write it to:" "the file asked for"
keys C-u
keys -l "$T/mine.txt"
keys Enter
expect_screen "The report is written to $T/mine.txt" "the typed name is used"
if grep -q "Performed by: ____" "$T/mine.txt" && grep -q "INCOMPLETE" "$T/mine.txt"; then
	ok "the text file holds the report"
else
	not_ok "the text file is not the report"
fi

# Not over a file that is no report.
echo "keep me" > "$T/notes.txt"
keys w
expect_screen "The format of the file:" "w once more"
keys Enter
expect_screen "File to write it to:" "the file asked for again"
keys C-u
keys -l "$T/notes.txt"
keys Enter
expect_screen "exists and is not a report" "a file that is no report is refused"
expect_eq "$(cat "$T/notes.txt")" "keep me" "and left as it was"

keys Escape
expect_screen "1. Before you begin" "Esc goes back to the stages"
expect_screen "o report" "whose hints offer the report"
keys q
wait_exit
expect_eq "$rc" 0 "the wizard leaves"
stop
done_testing
