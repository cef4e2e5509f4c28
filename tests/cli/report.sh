#!/bin/sh
# report.sh: the report of an unfinished and of a finished session in every
# format, checked for content; -o, --print, --training, and the errors.
. "$TOP_SRCDIR/tests/cli/lib.sh"

sh "$DATA/example-sandbox.sh" "$T/sb"
S="$T/state"
J="$S/example/journal"
me=$(id -un)

# journal_add JOURNAL EVENT FIELD...: append an event the way the program
# writes one (its CRC-32 is gzip's), for what no command records: a
# database's settings, the mark of a training session.
journal_add() {
	ja_j=$1
	ja_e=$2
	shift 2
	ja_line=$(printf '%s\t%s\t%s\t%s' "$(($(tail -n 1 "$ja_j" | cut -f 1) + 1))" \
	    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$me" "$ja_e")
	for ja_f in "$@"; do
		ja_line=$(printf '%s\t%s' "$ja_line" "$ja_f")
	done
	ja_crc=$(printf '%s' "$ja_line" | gzip -c | tail -c 8 | od -An -tx1 -N4 |
	    awk '{ print $4 $3 $2 $1 }')
	printf '%s\t#%s\n' "$ja_line" "$ja_crc" >> "$ja_j"
}

# wide FILE: the lines wider than 80 columns (form feeds left out).
wide() {
	tr -d '\f' < "$1" | awk 'length($0) > 80' | wc -l | tr -d ' '
}

# pages_with FILE TEXT: how many pages (split at form feeds) hold TEXT, and
# how many pages there are, as "N of M".
pages_with() {
	awk -v RS='\f' -v t="$2" 'index($0, t) { n++ } END { print n + 0 " of " NR }' "$1"
}

example_answers "$T/a.yaml" "$T/sb"
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/a.yaml"
expect_rc 1 "a first run stops at the manual step"
# The backup goes away: on resume the check that passed fails (drift); it
# is waived, and the walk goes on to the question.
mv "$T/sb/backups/app-1.0.0.tar.gz" "$T/backup.tar.gz"
example_answers "$T/w.yaml" "$T/sb" 'acknowledge:
  - {step: db-backup, note: "dumped to backup01, ticket CHG-1234"}
waive:
  - {step: backup-present, reason: "backup taken by the storage team, ticket 77"}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/w.yaml"
expect_rc 1 "the second run stops at the question"
journal_add "$J" db "name=apim_db" "engine=postgresql" "host=db.example" \
    "port=5432" "database=apim<script>alert(1)</script>" "user=wso2" \
    "source=answers"
wiz --checklists "$DATA" --state-dir "$S" status example
expect_rc 0 "the session with the added event still loads"

# The unfinished session, as text.
wiz --checklists "$DATA" --state-dir "$S" report example
expect_rc 0 "report of an unfinished session"
cp "$T/out" "$T/u.txt"
head -n 8 "$T/u.txt" > "$T/top"
expect_in "$T/top" "INCOMPLETE: 8 steps remain" "an unfinished session says so at the top"
expect_in "$T/u.txt" "Remaining steps:" "it lists what remains"
expect_in "$T/u.txt" "  2.4 custom-theme: Custom theme" "with stage, number, id and title"
expect_in "$T/u.txt" "  3.5 version-reported: The 2.0.0 start script reports its version" "down to the last step"
expect_in "$T/u.txt" "Guide: example: Upgrading Example App 1.0.0 to 2.0.0" "the guide"
expect_in "$T/u.txt" "Source document: Example App upgrade guide, 2.0.0" "its source document"
expect_in "$T/u.txt" "Host: $(uname -n)" "the host"
expect_in "$T/u.txt" "Operator: $me" "the operator"
expect_in "$T/u.txt" "Session start: 20" "the start"
expect_in "$T/u.txt" "Last activity: 20" "an unfinished session has a last activity, not an end"
expect_not_in "$T/u.txt" "Session end:" "and no end"
expect_in "$T/u.txt" "[Passed] 1.2 old-home: The 1.0.0 home is in place" "a check with its status"
expect_in "$T/u.txt" "holds all 2 markers of the product" "its evidence"
expect_in "$T/u.txt" "Look at the folder $T/sb/app-1.0.0." "what it checked, with the values"
expect_in "$T/u.txt" "Command: sh bin/migrate.sh $T/sb/app-1.0.0" "an action's exact command"
expect_in "$T/u.txt" "      Exit status: 0" "its exit status"
expect_in "$T/u.txt" "      Duration: " "its duration"
tr '\n' ' ' < "$T/u.txt" | sed 's/  */ /g' > "$T/flat"
log=$(ls "$S/example/logs/"*migrate-data.log)
expect_in "$T/flat" "Full log: $log" "the full log named"
expect_in "$T/u.txt" "        table 5 of 5 migrated" "the last lines of its output"
expect_in "$T/u.txt" "        stderr: migration warnings: none" "standard error too"
expect_not_in "$T/u.txt" "$(head -n 1 "$log")" "only the last lines"
expect_in "$T/u.txt" "Copy $T/sb/app-1.0.0/conf/app.toml to" "a copy's exact plan"
expect_in "$T/u.txt" "[Acknowledged] 1.7 db-backup" "a manual step acknowledged"
expect_in "$T/u.txt" "by $me (from answers file)" "who acknowledged it, from an answers file"
expect_in "$T/u.txt" "Note: dumped to backup01, ticket CHG-1234" "its note"
expect_in "$T/u.txt" "Waived: " "the waiver"
expect_in "$T/flat" "(from answers file): backup taken by the storage team, ticket 77" "with its reason and source"
expect_in "$T/flat" "Drift found on resume: nothing matches $T/sb/backups/app-*.tar.gz" "the drift found on resume"
expect_in "$T/u.txt" "[Pending] 2.4 custom-theme" "a question not answered"
expect_in "$T/u.txt" "apim_db: database apim<script>alert(1)</script> on db.example port 5432" "the database used"
expect_in "$T/u.txt" "Performed by: ____" "the sign-off: performed by"
expect_in "$T/u.txt" "Verified by: ____" "verified by"
expect_in "$T/u.txt" "Date: ____" "and date"
expect_eq "$(wide "$T/u.txt")" "0" "no line of the text is wider than 80 columns"
expect_eq "$(pages_with "$T/u.txt" "wso2-upgrade-wizard  guide example, page ")" "3 of 3" "every page has its header"
expect_eq "$(tr -cd '\f' < "$T/u.txt" | wc -c | tr -d ' ')" "2" "pages are separated by form feeds"
expect_eq "$(awk -v RS='\f' '{ n = split($0, l, "\n"); if (n - 1 > m) m = n - 1 } END { print (m <= 60) }' "$T/u.txt")" "1" "no page is longer than 60 lines"
expect_not_in "$T/u.txt" "TRAINING" "a real session says nothing of training"

# The same as markdown, HTML and YAML.
wiz --checklists "$DATA" --state-dir "$S" report example --format markdown
expect_rc 0 "markdown report"
cp "$T/out" "$T/u.md"
expect_in "$T/u.md" "INCOMPLETE: 8 steps remain" "markdown: unfinished"
expect_in "$T/u.md" "- [x] 1\\.2 old-home: The 1.0.0 home is in place \\- *Passed*" "markdown: a passed check is ticked"
expect_in "$T/u.md" "- [ ] 2\\.4 custom-theme: Custom theme \\- *Pending*" "markdown: a pending step is not"
expect_in "$T/u.md" "  - **Note:** dumped to backup01, ticket CHG-1234" "markdown: details under the item" 
expect_in "$T/u.md" "apim\\<script\\>alert(1)\\</script\\>" "markdown: untrusted text is escaped"
expect_in "$T/u.md" "    table 5 of 5 migrated" "markdown: the output in an indented block"
expect_in "$T/u.md" "Performed by: \\_\\_\\_" "markdown: the sign-off renders as underscores"

wiz --checklists "$DATA" --state-dir "$S" report example --format html
expect_rc 0 "HTML report"
cp "$T/out" "$T/u.html"
expect_in "$T/u.html" "apim&lt;script&gt;alert(1)&lt;/script&gt;" "HTML: the database name is escaped"
if grep -qi "<script" "$T/u.html"; then not_ok "HTML: a <script tag is in the report"; else ok "HTML: no script at all"; fi
if grep -qiE "(src|href)=|@import|url\(" "$T/u.html"; then not_ok "HTML: it loads something from outside"; else ok "HTML: one self-contained file"; fi
expect_in "$T/u.html" "@media print" "HTML: print styles"
expect_in "$T/u.html" '<p class="incomplete">' "HTML: unfinished, at the top"
expect_in "$T/u.html" "<dt>Note</dt><dd>dumped to backup01, ticket CHG-1234</dd>" "HTML: the note"
expect_in "$T/u.html" "backup taken by the storage team, ticket 77" "HTML: the waiver"
expect_in "$T/u.html" "table 5 of 5 migrated" "HTML: the output"
expect_in "$T/u.html" "</html>" "HTML: the whole document"

wiz --checklists "$DATA" --state-dir "$S" report example --format yaml
expect_rc 0 "YAML report"
cp "$T/out" "$T/u.yaml"
expect_in "$T/u.yaml" "complete: false" "YAML: not complete"
expect_in "$T/u.yaml" "  remaining: 8" "YAML: the count of what remains"
expect_in "$T/u.yaml" "  id: custom-theme" "YAML: the remaining steps"
expect_in "$T/u.yaml" "    waive_reason: backup taken by the storage team, ticket 77" "YAML: the waiver"
expect_in "$T/u.yaml" "    drift: true" "YAML: the drift"
expect_in "$T/u.yaml" "    - table 5 of 5 migrated" "YAML: the log's tail"
expect_in "$T/u.yaml" "training: false" "YAML: not a training session"

# Finish the guide: the question answered "no" skips the theme copy.
example_answers "$T/f.yaml" "$T/sb" 'answers: {custom-theme: "no", keep-logs: "yes"}
acknowledge:
  - {step: db-backup, note: "dumped to backup01, ticket CHG-1234"}
  - {step: update-lifecycle, note: "lifecycle 2.0.0 applied"}
waive:
  - {step: backup-present, reason: "backup taken by the storage team, ticket 77"}'
wiz --checklists "$DATA" --state-dir "$S" run example --answers "$T/f.yaml"
expect_rc 0 "the guide is finished"

wiz --checklists "$DATA" --state-dir "$S" report
expect_rc 0 "report without ID: the only session"
cp "$T/out" "$T/f.txt"
head -n 8 "$T/f.txt" > "$T/top"
expect_not_in "$T/f.txt" "INCOMPLETE" "a finished session is not incomplete"
expect_in "$T/f.txt" "Result: COMPLETE: all 17 steps are resolved" "it says complete, with the count"
expect_not_in "$T/f.txt" "Remaining steps:" "nothing remains"
expect_in "$T/f.txt" "Session end: 20" "it has an end"
expect_in "$T/f.txt" "[Skipped] 2.5 copy-theme: Copy the custom theme" "a skipped step"
expect_in "$T/f.txt" "Skipped: its condition does not hold (custom-theme = no)" "with why"
expect_in "$T/f.txt" "Answer: no (from answers file)" "the question's answer and its source"
expect_in "$T/f.txt" "Note: lifecycle 2.0.0 applied" "the second acknowledgement"
expect_in "$T/f.txt" "[Done] 3.3 remove-migration-jar" "the last actions"
expect_in "$T/f.txt" "Performed by: ____" "the sign-off"
expect_eq "$(wide "$T/f.txt")" "0" "no line is wider than 80 columns"

wiz --checklists "$DATA" --state-dir "$S" report example --format markdown
cp "$T/out" "$T/f.md"
expect_not_in "$T/f.md" "- [ ]" "markdown: every item is ticked"
expect_in "$T/f.md" "- [x] 2\\.5 copy-theme: Copy the custom theme \\- *Skipped*" "markdown: the skipped step"
wiz --checklists "$DATA" --state-dir "$S" report example --format html
cp "$T/out" "$T/f.html"
expect_not_in "$T/f.html" 'class="incomplete"' "HTML: not incomplete"
expect_in "$T/f.html" "COMPLETE: all 17 steps are resolved" "HTML: complete"
if grep -qi "<script" "$T/f.html"; then not_ok "HTML: a <script tag"; else ok "HTML: still no script"; fi
wiz --checklists "$DATA" --state-dir "$S" report example --format yaml
cp "$T/out" "$T/f.yaml"
expect_in "$T/f.yaml" "complete: true" "YAML: complete"
expect_in "$T/f.yaml" "remaining: []" "YAML: nothing remains"
expect_in "$T/f.yaml" "    skipped: its condition does not hold (custom-theme = no)" "YAML: the skip"
expect_in "$T/f.yaml" 'answer: "no"' "YAML: the answer, a text"

# -o: written whole, over an earlier report only.
wiz --checklists "$DATA" --state-dir "$S" report example --format html -o "$T/r.html"
expect_rc 0 "report -o"
expect_in "$T/out" "$T/r.html" "it says where"
grep -v 'Report written' "$T/r.html" > "$T/r1"
grep -v 'Report written' "$T/f.html" > "$T/r2"
expect_eq "$(cmp -s "$T/r1" "$T/r2" && echo same)" "same" "the file is the report"
wiz --checklists "$DATA" --state-dir "$S" report example -o "$T/r.html"
expect_rc 0 "report -o over an earlier report"
expect_in "$T/r.html" "Performed by: ____" "it is replaced (now text)"
printf 'notes of the operator\n' > "$T/notes.txt"
wiz --checklists "$DATA" --state-dir "$S" report example -o "$T/notes.txt"
expect_rc 2 "report -o over a file that is no report"
expect_in "$T/err" "$T/notes.txt exists and is not a report" "the message names it"
expect_eq "$(cat "$T/notes.txt")" "notes of the operator" "the file is left as it was"
before=$(ls -A "$T")
wiz --checklists "$DATA" --state-dir "$S" report example -o "$T/no-such-folder/r.txt"
expect_rc 2 "report -o into a folder that does not exist"
expect_in "$T/err" "cannot write the report to $T/no-such-folder/r.txt" "the message names the file"
expect_in "$T/err" "No such file or directory" "and the system's reason"
expect_eq "$(ls -A "$T")" "$before" "nothing else was made"

# --print: through lp.
mkdir -p "$T/bin" "$T/nolp"
printf '#!/bin/sh\ncat > "%s/printed"\necho "request id is fake-1 (1 file(s))"\n' "$T" > "$T/bin/lp"
chmod +x "$T/bin/lp"
PATH="$T/bin:$PATH" wiz --checklists "$DATA" --state-dir "$S" report example --print
expect_rc 0 "report --print"
expect_in "$T/printed" "Performed by: ____" "lp got the text report"
expect_in "$T/printed" "page 1 of" "with its pages"
expect_in "$T/out" "sent to the printer" "it says so"
printf '#!/bin/sh\ncat > /dev/null\necho "lp: no default destination" >&2\nexit 1\n' > "$T/bin/lp"
PATH="$T/bin:$PATH" wiz --checklists "$DATA" --state-dir "$S" report example --print
expect_rc 2 "report --print when lp fails"
expect_in "$T/err" "failed with exit status 1" "lp's exit status is reported"
PATH="$T/nolp" wiz --checklists "$DATA" --state-dir "$S" report example --print
expect_rc 2 "report --print without lp"
expect_in "$T/err" "there is no 'lp' command on PATH" "it says so"
wiz --checklists "$DATA" --state-dir "$S" report example --print --format html
expect_rc 2 "--print takes only the text report"

# Errors.
wiz --checklists "$DATA" --state-dir "$S" report example --format pdf
expect_rc 2 "an unknown format"
expect_in "$T/err" "unknown report format 'pdf'" "is named"
wiz --checklists "$DATA" --state-dir "$S" report nosuch
expect_rc 2 "a guide without a session"
expect_in "$T/err" "there is no session of guide 'nosuch'" "is named"
wiz --checklists "$DATA" --state-dir "$T/empty" report
expect_rc 2 "report without ID and no session"
expect_in "$T/err" "there is no session in $T/empty" "says so"
cp -R "$S/example" "$S/other"
wiz --checklists "$DATA" --state-dir "$S" report
expect_rc 2 "report without ID and two sessions"
expect_in "$T/err" "there are 2 sessions" "says how many"
expect_in "$T/err" "  other" "and lists them"
rm -rf "$S/other"

# The checklist changed since: a step renamed is no longer in the guide.
mkdir -p "$T/ck"
sed 's/id: jar-removed/id: jar-gone/' "$DATA/example.yaml" > "$T/ck/example.yaml"
wiz --checklists "$T/ck" --state-dir "$S" report example
expect_rc 0 "report after the checklist changed"
tr '\n' ' ' < "$T/out" | sed 's/  */ /g' > "$T/flat"
expect_in "$T/flat" "the checklist has changed since the session started" "the header says so"
expect_in "$T/out" "Steps no longer in the guide" "the old steps are listed at the end"
expect_in "$T/out" "[Passed] jar-removed" "with their status"
expect_in "$T/out" "[Pending] 3.4 jar-gone" "the new step is pending"

# A training session: TRAINING on every page.
mkdir -p "$S/training/example"
cp -R "$S/example" "$S/training/example/session"
journal_add "$S/training/example/session/journal" training "sandbox=$T/sb" "fault=backup-missing"
wiz --checklists "$DATA" --state-dir "$S" report --training
expect_rc 0 "report --training"
cp "$T/out" "$T/t.txt"
pages=$(tr -cd '\f' < "$T/t.txt" | wc -c | tr -d ' ')
expect_eq "$(pages_with "$T/t.txt" "TRAINING")" "$((pages + 1)) of $((pages + 1))" "TRAINING is on every page"
expect_eq "$(pages_with "$T/t.txt" ", TRAINING")" "$((pages + 1)) of $((pages + 1))" "in every page header"
expect_in "$T/t.txt" "fault 'backup-missing' injected" "the fault is named"
expect_eq "$(wide "$T/t.txt")" "0" "no line is wider than 80 columns"
wiz --checklists "$DATA" --state-dir "$S" report --training --format html
expect_in "$T/out" "<title>TRAINING: " "HTML: in the title"
expect_in "$T/out" '<div class="mark">TRAINING</div>' "HTML: the mark repeated on printed pages"
expect_in "$T/out" '<p class="training">' "HTML: the banner"
wiz --checklists "$DATA" --state-dir "$S" report --training --format markdown
expect_eq "$(grep -c '^## Stage' "$T/out")" "$(grep -c '^## Stage.*TRAINING$' "$T/out")" "markdown: in every stage heading"
expect_in "$T/out" "> **\\*\\*\\* TRAINING" "markdown: at the top"
wiz --checklists "$DATA" --state-dir "$S" report --training --format yaml
expect_in "$T/out" "training: true" "YAML: training"
expect_in "$T/out" "sandbox: $T/sb" "YAML: its sandbox"
expect_in "$T/out" "fault: backup-missing" "YAML: its fault"
wiz --checklists "$DATA" --state-dir "$S" report example
expect_not_in "$T/out" "TRAINING" "the real session's report is not marked"

done_testing
