#!/bin/sh
# training.sh: training mode from the command line, on the Stream
# Processor guide's sandbox (checklists/training/sp-4.4.0-to-si-1.1.0): the
# sandbox and the training session are built with the variables set and
# the event recorded; reset brings back the starting state; a fault not in
# the list and a path variable outside the sandbox are refused; `run
# --training` goes to the end changing only the sandbox, its database
# steps recorded not-run and never passed; the fault injected stops the
# Streaming Integrator, the trainee's fix lets it start; training-server
# listens until SIGTERM.
. "$TOP_SRCDIR/tests/cli/lib.sh"

ID=sp-4.4.0-to-si-1.1.0
S=$T/state
TD=$S/training/$ID
SB=$TD/sandbox
J=$TD/session/journal
W="--checklists $TOP_SRCDIR/checklists --state-dir $S"

# The servers the run starts are stopped at the end, whatever happens.
stop_servers() {
	for f in "$SB/wso2si-1.1.0/wso2/server/runtime.pid" "$T/server.pid"; do
		[ -f "$f" ] && kill "$(cat "$f")" 2> /dev/null
	done
	rm -rf "$T"
}
trap stop_servers EXIT

# The trainee's part of the manual steps: the worker's data source and
# the driver into the Streaming Integrator (unless already there), the
# editor's and the Business Rules data sources into the Tooling.
copy_datasources() {
	if ! grep -q WSO2_PERSISTENCE_DB "$SB/wso2si-1.1.0/conf/server/deployment.yaml"; then
		cat >> "$SB/wso2si-1.1.0/conf/server/deployment.yaml" <<'EOT'
    # Copied from the Stream Processor worker
    - name: WSO2_PERSISTENCE_DB
      description: The datasource used for periodic state persistence
      jndiConfig:
        name: jdbc/WSO2PersistenceDB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:mariadb://127.0.0.1:3306/training_sp_worker_db?useSSL=false'
          username: wso2sp
          password: wso2sp
          driverClassName: org.mariadb.jdbc.Driver
          maxPoolSize: 10
EOT
		cp "$SB/wso2sp-4.4.0/lib/mariadb-java-client-2.7.2.jar" "$SB/wso2si-1.1.0/lib/"
	fi
	cp "$SB/wso2sp-4.4.0/lib/mariadb-java-client-2.7.2.jar" "$SB/wso2si-tooling-1.1.0/lib/"
	sed -i -e 's|jdbc:h2:${sys:carbon.home}/wso2/${sys:wso2.runtime}/database/SAMPLE_DB;DB_CLOSE_ON_EXIT=FALSE|jdbc:mariadb://127.0.0.1:3306/training_sp_worker_db?useSSL=false|' \
	    -e 's|jdbc:h2:${sys:carbon.home}/wso2/${sys:wso2.runtime}/database/BUSINESS_RULES_DB;DB_CLOSE_ON_EXIT=FALSE|jdbc:mariadb://127.0.0.1:3306/training_sp_dashboard_db?useSSL=false\&sessionVariables=sql_mode=ANSI|' \
	    "$SB/wso2si-tooling-1.1.0/conf/server/deployment.yaml"
}

# var NAME: its value in the training session's journal (the last one).
var() {
	awk -F '\t' -v n="name=$1" '$4 == "var" && $5 == n { v = $6 } END { sub(/^value=/, "", v); print v }' "$J"
}

# result STEP: the status of the step's last result.
result() {
	awk -F '\t' -v s="step=$1" '$4 == "step-result" && $5 == s { v = $6 } END { sub(/^status=/, "", v); print v }' "$J"
}

cat > "$T/answers.yaml" <<EOF
guide: $ID
answers:
  sp-db-server: "yes"
  keep-analytics-dashboard: "no"
  sp-dashboard-db-server: "yes"
  custom-widgets: "no"
acknowledge:
  - {step: other-sp-dbs, note: "the rest is H2, in the copy of the home"}
  - {step: download-si, note: "extracted in the sandbox"}
  - {step: copy-worker-datasources, note: "WSO2_PERSISTENCE_DB and the driver copied"}
  - {step: copy-editor-datasources, note: "SAMPLE_DB copied to the Tooling"}
  - {step: copy-business-rules-datasource, note: "BUSINESS_RULES_DB set in the Tooling"}
  - {step: simulate-events, note: "events sent to each application"}
EOF

# ---- Refusals before anything is built ----
wiz $W check $ID --fault si-yaml-tab
expect_rc 2 "--fault without --training is refused"
expect_in "$T/err" "add --training" "and says to add --training"
wiz $W run $ID --training --fault no-such-fault --answers "$T/answers.yaml"
expect_rc 2 "a fault not in training.yaml is refused"
expect_in "$T/err" "no training fault 'no-such-fault' (the faults: si-yaml-tab)" "naming the choices"
[ ! -e "$SB" ] && ok "nothing was built for it" || not_ok "a sandbox was built for an unknown fault"
wiz --help
expect_not_in "$T/out" "training-server" "training-server is not in --help's list"

# ---- The sandbox and the training session ----
wiz $W check $ID --training
expect_in "$T/out" "Training sandbox built in " "check --training builds the sandbox"
[ -f "$SB/.wso2-upgrade-wizard-sandbox" ] && ok "the sandbox holds the marker" ||
    not_ok "no marker in $SB"
expect_in "$J" "	training	sandbox=$(cd "$SB" && pwd -P)" "the training event names the sandbox"
expect_eq "$(var SP_HOME)" "$(cd "$SB" && pwd -P)/wso2sp-4.4.0" "SP_HOME is set to the sandbox"
expect_eq "$(var BACKUP_DIR)" "$(cd "$SB" && pwd -P)/backups" "BACKUP_DIR is set to the sandbox"
expect_in "$J" "name=SI_HOME	value=$(cd "$SB" && pwd -P)/wso2si-1.1.0	source=training" \
    "the variables are recorded with source training"
SI_PORT=$(var SI_PORT)
SP_PORT=$(var SP_PORT)
case $SI_PORT in
''|*[!0-9]*) not_ok "SI_PORT is a port: '$SI_PORT'" ;;
*) [ "$SI_PORT" != "$SP_PORT" ] && ok "SP_PORT and SI_PORT are two ports ($SP_PORT, $SI_PORT)" ||
    not_ok "SP_PORT and SI_PORT are the same" ;;
esac
expect_in "$SB/wso2si-1.1.0/conf/server/deployment.yaml" "port: $SI_PORT" \
    "the Streaming Integrator's deployment.yaml has the port chosen"
expect_in "$T/out" "[pass]" "the checks run on the sandbox"
[ ! -e "$S/$ID" ] && ok "no real session is made" || not_ok "a real session was made in $S/$ID"

# ---- Reset: an edit in the sandbox is gone ----
SIDDHI=$SB/wso2sp-4.4.0/wso2/worker/deployment/siddhi-files/TemperatureAnalytics.siddhi
cp "$SIDDHI" "$T/siddhi.orig"
echo "-- an edit by the trainee" >> "$SIDDHI"
touch "$SB/wso2sp-4.4.0/extra-file"
wiz $W check $ID --training
expect_in "$SIDDHI" "an edit by the trainee" "without --reset the sandbox is kept"
wiz $W check $ID --training --reset
expect_in "$T/out" "Training sandbox built in " "--reset builds it again"
if cmp -s "$SIDDHI" "$T/siddhi.orig" && [ ! -e "$SB/wso2sp-4.4.0/extra-file" ]; then
	ok "after the reset the edit and the new file are gone"
else
	not_ok "the reset kept the trainee's changes"
fi
expect_eq "$(count_events "$J" training)" 1 "the reset session has one training event"

# A folder without the marker is never removed.
mv "$SB/.wso2-upgrade-wizard-sandbox" "$T/marker"
wiz $W check $ID --training --reset
expect_rc 2 "a sandbox without its marker is not reset"
expect_in "$T/err" "nothing was removed" "and the message says nothing was removed"
[ -f "$SIDDHI" ] && ok "the folder is still there" || not_ok "the folder was removed"
mv "$T/marker" "$SB/.wso2-upgrade-wizard-sandbox"

# ---- A path variable outside the sandbox is refused ----
mkdir -p "$T/outside"
sed "s|^guide: .*|&\nvariables:\n  BACKUP_DIR: $T/outside|" "$T/answers.yaml" > "$T/outside.yaml"
wiz $W run $ID --training --answers "$T/outside.yaml"
expect_rc 2 "run --training with BACKUP_DIR outside the sandbox is refused"
expect_in "$T/err" "BACKUP_DIR must be inside the sandbox" "the message names the variable and the sandbox"
expect_eq "$(count_events "$J" step-start)" 0 "and nothing ran"

# ---- run --training to the end ----
copy_datasources
( cd "$T" && find . -path ./state -prune -o -print | sort ) > "$S/outside-before"
wiz $W run $ID --training --answers "$T/answers.yaml"
expect_rc 0 "run --training completes the guide once the trainee's copies are done"
expect_eq "$(result copy-sp-home)" done "the copy of the home ran"
[ -f "$SB/backups/wso2sp-4.4.0/bin/worker.sh" ] && ok "into the sandbox's backups folder" ||
    not_ok "no copy of the home in $SB/backups"
n_si=$(ls "$SB/wso2si-1.1.0/wso2/server/deployment/siddhi-files/"*.siddhi 2> /dev/null | wc -l)
expect_eq "$n_si" 3 "the three Siddhi applications were copied into the sandbox's Streaming Integrator"
expect_eq "$(result start-si)" done "the Streaming Integrator started"
expect_in "$SB/wso2si-1.1.0/wso2/server/logs/carbon.log" "WSO2 Streaming Integrator started in" \
    "its stand-in wrote the line the guide waits for"
expect_eq "$(result si-running)" pass "and its port answered"
( cd "$T" && find . -path ./state -prune -o -print | sort ) > "$S/outside-after"
if cmp -s "$S/outside-before" "$S/outside-after"; then
	ok "nothing outside the training folder was created or removed"
else
	not_ok "the run changed files outside the sandbox"
	diff "$S/outside-before" "$S/outside-after" | sed 's/^/# /' | head
fi

# The database steps: no database configured, so not run, never passed.
for s in dump-sp-db sp-db-backup; do
	expect_eq "$(result "$s")" not-run "$s is recorded not-run"
done
expect_in "$J" "evidence=not run: no database configured for training (would run: Dump the database sp_db." \
    "the evidence says what it would have run"
if awk -F '\t' '$4 == "step-result"' "$J" | grep -E 'step=(dump-sp-db|sp-db-backup)	status=(pass|done)' > /dev/null; then
	not_ok "a database step was recorded as passed"
else
	ok "no database step is recorded as passed or done"
fi
expect_in "$T/out" "[not run]" "run shows them as not run"
wiz $W status $ID --training
expect_in "$T/out" "not run (training): 2" "status counts them apart"
sh "$SB/wso2si-1.1.0/bin/stop.sh"

# ---- The fault: the Streaming Integrator does not start, then does ----
wiz $W run $ID --training --fault si-yaml-tab --answers "$T/answers.yaml"
expect_in "$T/out" "with fault 'si-yaml-tab'" "--fault builds the sandbox again with the fault"
expect_in "$J" "fault=si-yaml-tab" "the training event records the fault"
tab=$(printf '\t')
expect_in "$SB/wso2si-1.1.0/conf/server/deployment.yaml" "$tab- name: WSO2_PERSISTENCE_DB" \
    "the Streaming Integrator's deployment.yaml has the tab"
copy_datasources
wiz $W run $ID --training --answers "$T/answers.yaml"
expect_rc 1 "with the fault the run stops"
expect_in "$T/out" "Stopped at stage 6, step 'start-si'" "at the start of the Streaming Integrator"
expect_eq "$(result start-si)" failed "start-si failed"
expect_in "$SB/wso2si-1.1.0/wso2/server/logs/carbon.log" "cannot start any token (line" \
    "carbon.log says why, with the line"
sed -i "s/^$tab- name: WSO2_PERSISTENCE_DB/    - name: WSO2_PERSISTENCE_DB/" \
    "$SB/wso2si-1.1.0/conf/server/deployment.yaml"
wiz $W run $ID --training --answers "$T/answers.yaml"
expect_rc 0 "after the trainee's fix the run completes"
expect_eq "$(result start-si)" done "start-si is done"
sh "$SB/wso2si-1.1.0/bin/stop.sh"

# ---- training-server ----
"$WIZARD" training-server "$SI_PORT" "$T/server.log" "the server is up" > "$T/server.out" 2>&1 &
echo $! > "$T/server.pid"
i=0
while [ $i -lt 50 ] && ! grep -q "the server is up" "$T/server.log" 2> /dev/null; do
	sleep 0.1
	i=$((i + 1))
done
expect_in "$T/server.log" "the server is up" "training-server appends its line to the log once listening"
expect_in "$T/server.out" "the server is up" "and prints it"
wiz training-server "$SI_PORT"
expect_rc 1 "a second one on the same port exits 1"
wiz training-server not-a-port
expect_rc 2 "a bad port is a usage error"
kill -TERM "$(cat "$T/server.pid")"
i=0
while [ $i -lt 50 ] && kill -0 "$(cat "$T/server.pid")" 2> /dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$(cat "$T/server.pid")" 2> /dev/null; then
	not_ok "training-server still runs after SIGTERM"
else
	wait "$(cat "$T/server.pid")"
	expect_eq "$?" 0 "training-server stops on SIGTERM"
fi
rm -f "$T/server.pid"

echo "1..$n"
