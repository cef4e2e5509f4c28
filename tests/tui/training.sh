#!/bin/sh
# training.sh: a full training walk in the wizard at 80x24, on the Stream
# Processor guide's sandbox: --training starts on the guides with training
# data; the training text is shown on opening; the fault "si-yaml-tab" is
# injected from the training menu (T), which builds the sandbox again;
# every stage is walked to complete (checks run, actions confirmed, manual
# steps done in a shell inside the sandbox and acknowledged, questions
# answered, the database steps shown and recorded not run); the Streaming
# Integrator fails to start because of the fault, the trainee fixes
# deployment.yaml in a shell and runs the step again. TRAINING is on the
# title line of every screen and dialog visited, the help and the log
# included.

. "$TOP_SRCDIR/tests/tui/lib.sh"

ID=sp-4.4.0-to-si-1.1.0
CHECKLISTS=$TOP_SRCDIR/checklists
TD=$STATE/training/$ID
SB=$TD/sandbox
J=$TD/session/journal

# The Streaming Integrator the walk starts is stopped at the end.
training_cleanup() {
	_pid=$SB/wso2si-1.1.0/wso2/server/runtime.pid
	[ -f "$_pid" ] && kill "$(cat "$_pid")" 2> /dev/null
	tui_cleanup
}
trap training_cleanup EXIT

# The wizard's stderr goes to a file: with curses on, nothing may go there.
REAL_WIZARD=$WIZARD
WIZARD=$T/wizard-stderr
cat > "$WIZARD" <<EOF
#!/bin/sh
exec $(quote "$REAL_WIZARD") "\$@" 2> $(quote "$T/stderr")
EOF
chmod +x "$WIZARD"

# banner WHAT: the title line of the screen now says TRAINING.
banner() {
	if screen | head -n 1 | grep -q "TRAINING"; then
		ok "TRAINING is on the title line: $1"
	else
		not_ok "no TRAINING on the title line: $1"
		show_screen
	fi
}

# step TEXT NAME: the step screen's first row, and the banner.
step() {
	expect_screen "$1" "$2"
	banner "step $1"
}

# run_check NAME: run the check on the screen; it passes.
run_check() {
	keys r
	expect_screen "Status: [pass]" "$1 passes"
}

# ack NOTE: acknowledge the manual step on the screen.
ack() {
	keys a
	wait_for "Note (optional):" || not_ok "no note prompt for the acknowledgement"
	keys "$1" Enter
	expect_screen "Status: [acknowledged]" "acknowledged: $1"
}

# run_action: r, the preview (read whole first when it is long), y.
run_action() {
	keys r
	wait_re "Run this action\?|Enter or Esc closes"
	if screen | grep -q "Enter or Esc closes"; then
		banner "the preview"
		keys Enter
	fi
	if wait_for "Run this action?"; then
		banner "the action's confirmation"
		keys y
	else
		not_ok "no confirmation for the action"
		show_screen
	fi
}

journal_has() {
	if awk -F '\t' -v e="$1" '$4 == e' "$J" | grep -qF -- "$2"; then
		ok "$3"
	else
		not_ok "$3: no '$1' event with '$2'"
		sed 's/^/# /' "$J" | tail -20
	fi
}

start --training
expect_screen "TRAINING: guides with training data" "the start screen says TRAINING"
expect_screen "sp-4.4.0-to-si-1.1.0  Migrating WSO2 Stream Processor" "and lists the guides with training data"
expect_screen "ei-7.0-mi-to-apim-4.0.0-mi  Upgrading the Micro Integrator" "the EI guide's"
expect_screen "ob-2.0.0-to-3.0.0-uk  Upgrading WSO2 Open Banking" "the Open Banking guide's"
expect_no_screen "example  Upgrading Example App" "and no other"
banner "start"
# The guides are listed by file name: the Stream Processor's is the last.
keys End Enter

# Opening: the sandbox is built and the training text shown.
expect_screen "No fault is injected" "opening shows the training text, no fault"
expect_screen "Sandbox: " "and the sandbox folder"
banner "the training text"
[ -f "$SB/.wso2-upgrade-wizard-sandbox" ] && ok "the sandbox is built, with its marker" ||
    not_ok "no sandbox in $SB"
keys Enter
expect_screen "1. Before you begin" "then the stages"
expect_screen "T training" "the stages screen offers T"
banner "stages"

# The keys, the log, the report, the setup: TRAINING on each.
keys "?"
expect_screen "training: reset the sandbox, inject a fault" "the help lists T"
banner "help"
keys "?"
keys l
wait_for "Log" 
banner "log"
keys Escape
keys o
expect_screen "Report of the session" "the report screen"
expect_screen "TRAINING" "the report says TRAINING"
banner "report"
keys Escape
keys s
expect_screen "Variables" "the setup screen"
SP_PORT=$(awk -F '\t' '$4 == "var" && $5 == "name=SP_PORT" { v = $6 } END { sub(/^value=/, "", v); print v }' "$J")
if wait_re "SP_PORT .* $SP_PORT *\$"; then
	ok "with the sandbox's port $SP_PORT"
else
	not_ok "SP_PORT $SP_PORT is not on the setup screen"
	show_screen
fi
banner "setup"
keys Escape
expect_screen "1. Before you begin" "back on the stages"

# The fault, from the training menu.
keys T
expect_screen "Inject a fault: The Streaming Integrator fails to start" "T shows the training menu with the fault"
expect_screen "Reset the sandbox and start again" "and the reset"
banner "training menu"
keys Down Enter
expect_screen "everything done in this training is lost" "the rebuild asks first"
banner "confirmation"
keys y
expect_screen "Fault injected: The Streaming Integrator fails to start" "the sandbox is built again with the fault"
banner "the training text with the fault"
keys Enter
expect_screen "with the fault 'si-yaml-tab'" "the message says so"
journal_has training "fault=si-yaml-tab" "the new session records the fault"
tab=$(printf '\t')
if grep -q "^$tab- name: WSO2_PERSISTENCE_DB" "$SB/wso2si-1.1.0/conf/server/deployment.yaml"; then
	ok "the fault is in the sandbox: a tab in the Streaming Integrator's deployment.yaml"
else
	not_ok "no tab in the Streaming Integrator's deployment.yaml"
fi

# ---- Stage 1: Before you begin ----
keys Enter
step "1.3  check  sp-home" "stage 1 opens at its first check"
expect_screen "Why this step matters:" "the step says why it matters"
expect_screen "Every copy in this guide reads from it." "with the checklist's why"
run_check "sp-home"
keys "]"
step "1.4  check  sp-version" "the version check"
run_check "sp-version"
keys "]"
step "1.5  check  sp-worker-stopped" "the worker is stopped"
run_check "sp-worker-stopped"
keys c
expect_screen "Stage 'Before you begin' is complete." "stage 1 is complete"

# ---- Stage 2: Preparing to upgrade ----
keys "]"
step "2.1  question  sp-db-server" "the database question"
keys Enter
expect_screen "Enter choose" "Enter offers the choices"
banner "choices"
keys Enter
expect_screen "Answer: yes" "the answer is yes"
keys "]"
step "2.2  action  dump-sp-db" "the dump of the worker's database"
run_action
expect_screen "Status: [not run]" "without a training database it is not run"
expect_screen "Training: no database is configured for this step" "the screen says why"
keys "]"
step "2.3  check  sp-db-backup" "the backup check"
keys r
expect_screen "Status: [not run]" "it is not run either"
keys "]"
step "2.4  manual  other-sp-dbs" "the other databases"
ack "the rest is H2, in the copy of the home"
keys "]"
step "2.5  action  copy-sp-home" "the copy of the home"
run_action
expect_screen "Status: [done]" "the home is copied"
[ -f "$SB/backups/wso2sp-4.4.0/bin/worker.sh" ] && ok "into the sandbox's backups" ||
    not_ok "no copy in $SB/backups"
keys "]"
step "2.6  check  sp-home-copied" "the copy is checked"
run_check "sp-home-copied"
keys "]"
step "2.7  manual  download-si" "the download"
ack "extracted in the sandbox"
keys "]"
step "2.8  check  si-home" "the Streaming Integrator home"
run_check "si-home"
keys "]"
step "2.9  check  si-tooling-home" "the Tooling home"
run_check "si-tooling-home"
keys c
expect_screen "Stage 'Preparing to upgrade' is complete." "stage 2 is complete, not-run steps included"

# ---- Stage 3: Migrating databases (the trainee edits in a shell) ----
keys "]"
wait_for "3.1  info  databases-intro"
keys "]"
step "3.2  check  sp-worker-conf" "the worker's configuration"
run_check "sp-worker-conf"
keys "]"
step "3.3  manual  copy-worker-datasources" "the worker's data sources"
ack "already copied by a colleague; the driver is in lib"
keys "]"
step "3.4  check  worker-datasources-copied" "their check"
run_check "worker-datasources-copied"
keys "]"
step "3.5  check  sp-editor-conf" "the editor's configuration"
run_check "sp-editor-conf"
keys "]"
step "3.6  manual  copy-editor-datasources" "the editor's data sources"
# What the trainee does: the editor's SAMPLE_DB and the Business Rules
# data source into the Tooling, and the driver.
cp "$SB/wso2sp-4.4.0/lib/mariadb-java-client-2.7.2.jar" "$SB/wso2si-tooling-1.1.0/lib/"
sed -i -e 's|jdbc:h2:${sys:carbon.home}/wso2/${sys:wso2.runtime}/database/SAMPLE_DB;DB_CLOSE_ON_EXIT=FALSE|jdbc:mariadb://127.0.0.1:3306/training_sp_worker_db?useSSL=false|' \
    -e 's|jdbc:h2:${sys:carbon.home}/wso2/${sys:wso2.runtime}/database/BUSINESS_RULES_DB;DB_CLOSE_ON_EXIT=FALSE|jdbc:mariadb://127.0.0.1:3306/training_sp_dashboard_db?useSSL=false\&sessionVariables=sql_mode=ANSI|' \
    "$SB/wso2si-tooling-1.1.0/conf/server/deployment.yaml"
ack "SAMPLE_DB copied to the Tooling"
keys "]"
step "3.7  check  editor-datasources-copied" "its check"
run_check "editor-datasources-copied"
keys "]"
step "3.8  check  sp-dashboard-conf" "the dashboard's configuration"
run_check "sp-dashboard-conf"
keys "]"
step "3.9  manual  copy-business-rules-datasource" "the Business Rules data source"
ack "BUSINESS_RULES_DB set in the Tooling"
keys "]"
step "3.10  check  business-rules-datasource-copied" "its check"
run_check "business-rules-datasource-copied"
keys c
expect_screen "Stage 'Migrating databases' is complete." "stage 3 is complete"

# ---- Stage 4: Migrating Siddhi applications ----
keys "]" "]" "]"
step "4.1  check  siddhi-files-in-sp" "the Siddhi applications"
run_check "siddhi-files-in-sp"
keys "]"
step "4.2  action  copy-siddhi-files" "their copy"
run_action
expect_screen "Status: [done]" "they are copied"
keys "]"
step "4.3  check  siddhi-files-in-si" "the copies are checked"
run_check "siddhi-files-in-si"
keys c
expect_screen "Stage 'Migrating Siddhi applications' is complete." "stage 4 is complete"

# ---- Stage 5: Migrating dashboards (not kept) ----
keys "]" "]"
step "5.2  question  keep-analytics-dashboard" "the Analytics Dashboard question"
keys Enter
wait_for "Enter choose" && keys Enter
expect_screen "Answer: no" "the answer is no (the default)"
keys c
expect_screen "Stage 'Migrating dashboards' is complete." "stage 5 is complete: its steps are skipped"

# ---- Stage 6: the fault shows, is fixed, the step runs again ----
keys Escape
expect_screen "6. Testing the migration" "back on the stages"
keys End Enter
step "6.1  action  start-si" "the start of the Streaming Integrator"
expect_screen "Training fault injected here" "the step says the fault shows here"
run_action
expect_screen "Status: [FAILED]" "with the fault it fails"
expect_screen "cannot start any token" "the output says why"
journal_has step-result "step=start-si	status=failed" "the failure is recorded"
# The trainee's recovery, in a shell inside the sandbox: spaces for the tab.
sed -i "s/^$tab- name: WSO2_PERSISTENCE_DB/    - name: WSO2_PERSISTENCE_DB/" \
    "$SB/wso2si-1.1.0/conf/server/deployment.yaml"
run_action
expect_screen "Status: [done]" "after the fix the step runs again and is done"
if grep -q "WSO2 Streaming Integrator started in" "$SB/wso2si-1.1.0/wso2/server/logs/carbon.log"; then
	ok "the server wrote the line the step waits for"
else
	not_ok "no started line in carbon.log"
fi
keys "]"
step "6.2  check  si-running" "the server answers"
run_check "si-running"
keys "]"
step "6.3  check  siddhi-apps-deployed" "the applications are deployed"
run_check "siddhi-apps-deployed"
keys "]"
step "6.4  manual  simulate-events" "the simulation"
ack "events sent to each application, outputs as before"
keys c
expect_screen "Stage 'Testing the migration' is complete." "stage 6 is complete"

keys Escape
expect_screen "42 of 42 steps resolved" "every step is resolved"
banner "stages at the end"
n_complete=$(screen | grep -c "\[complete\]")
expect_eq "$n_complete" 6 "all six stages are complete"
keys q
if wait_exit; then
	expect_eq "$rc" 0 "q leaves the wizard"
else
	not_ok "the wizard did not end after q"
	show_screen
fi

journal_has step-result "step=dump-sp-db	status=not-run" "the dump is recorded not-run"
journal_has step-result "evidence=not run: no database configured for training (would run: " \
    "with what it would have run"
journal_has step-result "step=start-si	status=done" "the start is recorded done after the fix"
if awk -F '\t' '$4 == "step-result"' "$J" | grep -E 'step=(dump-sp-db|sp-db-backup)	status=(pass|done)' > /dev/null; then
	not_ok "a database step was recorded as passed"
else
	ok "no database step is recorded as passed"
fi
[ ! -e "$STATE/$ID" ] && ok "no real session was made" || not_ok "a real session was made"
if [ -s "$T/stderr" ]; then
	not_ok "the wizard wrote to stderr"
	sed 's/^/# stderr: /' "$T/stderr" | head -10
else
	ok "nothing was written to stderr"
fi

done_testing
