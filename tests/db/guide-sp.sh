#!/bin/sh
# guide-sp.sh: the Stream Processor 4.4.0 to Streaming Integrator 1.1.0
# guide (checklists/sp-4.4.0-to-si-1.1.0.yaml) run from end to end with
# `run --answers` over a fake but realistic product tree: a Stream Processor
# 4.4.0 home whose worker, editor and dashboard deployment.yaml point at the
# private MariaDB of servers.sh, the Streaming Integrator and its Tooling as
# an operator left them after the manual steps, and the Analytics Dashboard.
#
# The run stops at the first manual step it is not told about (importing
# the dashboard dump): the test imports the wizard's own dump there, and the
# run goes on to the end, starting the fake Streaming Integrator (it logs
# the Siddhi applications it finds and holds its HTTPS port with
# tests/helpers/listen). Then: the copies against tests/data/guide-sp/expected, the
# dumps, the journal, and a second session over the same tree, which stops
# at the Siddhi copy without changing a byte.
#
# Speaks TAP. Run by hand: TOP_SRCDIR=. TOP_BUILDDIR=. WIZARD=src/wso2-upgrade-wizard
# sh tests/db/guide-sp.sh
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${WIZARD:=$TOP_BUILDDIR/src/wso2-upgrade-wizard}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
. "$TOP_SRCDIR/tests/cli/lib.sh"
. "$TOP_SRCDIR/tests/db/guide-lib.sh"
guide_start

ID=sp-4.4.0-to-si-1.1.0
EXP=$TOP_SRCDIR/tests/data/guide-sp/expected
SP=$T/opt/wso2sp-4.4.0
SI=$T/opt/wso2si-1.1.0
TOOL=$T/opt/wso2si-tooling-1.1.0
AD=$T/opt/analytics-dashboard-1.0.0
BK=$T/backups
S=$T/state

# The databases: the worker's persistence database, the Stream Processor's
# dashboard database and the (empty) Analytics Dashboard database.
my_admin > "$T/setup.log" 2>&1 <<SQL || { not_ok "create the databases: $(cat "$T/setup.log")"; done_testing; exit 1; }
CREATE DATABASE sp_worker_db;
CREATE DATABASE sp_dashboard_db;
CREATE DATABASE ad_dashboard_db;
GRANT ALL ON sp_worker_db.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
GRANT ALL ON sp_dashboard_db.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
GRANT ALL ON ad_dashboard_db.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
USE sp_worker_db;
CREATE TABLE PERSISTENCE_TABLE (ID INT PRIMARY KEY, SIDDHI_APP_NAME VARCHAR(100) NOT NULL,
  REVISION VARCHAR(100) NOT NULL, SNAPSHOT LONGBLOB);
INSERT INTO PERSISTENCE_TABLE VALUES (1, 'TemperatureAnalytics', '1733580000000_TemperatureAnalytics', 'state-1');
USE sp_dashboard_db;
CREATE TABLE DASHBOARD_RESOURCE (ID INT AUTO_INCREMENT PRIMARY KEY, URL VARCHAR(100) NOT NULL,
  OWNER VARCHAR(100), NAME VARCHAR(256) NOT NULL, DESCRIPTION VARCHAR(1000),
  PARENT_ID INT DEFAULT 0, LANDING_PAGE VARCHAR(100), CONTENT LONGBLOB);
INSERT INTO DASHBOARD_RESOURCE (URL, OWNER, NAME, DESCRIPTION, LANDING_PAGE, CONTENT)
VALUES ('temperature', 'admin', 'Temperature', 'Rooms over 30 degrees', 'home', '{"pages":[]}');
SQL

JDBC_WORKER="jdbc:mariadb://$MY_HOST:$MY_PORT/sp_worker_db?useSSL=false"
JDBC_DASH="jdbc:mariadb://$MY_HOST:$MY_PORT/sp_dashboard_db?useSSL=false"
JDBC_AD="jdbc:mariadb://$MY_HOST:$MY_PORT/ad_dashboard_db?useSSL=false"

# Ports: the worker's is closed (it is stopped), the Streaming
# Integrator's answers once the test starts it.
SP_PORT=$(free_port)
SI_PORT=$(free_port "$SP_PORT")

# ---- The Stream Processor 4.4.0 home ------------------------------------
mkdir -p "$SP/bin" "$SP/lib" "$SP/conf/worker" "$SP/conf/editor" \
    "$SP/conf/dashboard" "$SP/conf/manager" \
    "$SP/wso2/worker/deployment/siddhi-files" "$SP/wso2/worker/database" \
    "$SP/wso2/editor/deployment/workspace" \
    "$SP/wso2/dashboard/deployment/web-ui-apps/portal/extensions/widgets/RoomTemperature" \
    "$SP/resources/security"
for p in worker editor dashboard manager; do
	cat > "$SP/bin/$p.sh" <<EOF
#!/bin/sh
# Starts the $p profile of WSO2 Stream Processor 4.4.0.
echo "the $p is not started in this test" >&2
exit 1
EOF
	chmod 755 "$SP/bin/$p.sh"
done
cat > "$SP/release-notes.html" <<'EOF'
<!DOCTYPE html>
<html>
<head><title>WSO2 Stream Processor 4.4.0 Release Notes</title></head>
<body>
<h1>WSO2 Stream Processor 4.4.0 Release Notes</h1>
<p>The WSO2 Stream Processor v4.4.0 team is pleased to announce the release.</p>
</body>
</html>
EOF
printf 'mariadb-java-client 2.7.2\n' > "$SP/lib/mariadb-java-client-2.7.2.jar"
printf 'H2 database file\n' > "$SP/wso2/worker/database/WSO2_METRICS_DB.h2.db"
printf 'keystore of the Stream Processor\n' > "$SP/resources/security/wso2carbon.jks"

cat > "$SP/conf/worker/deployment.yaml" <<EOF
################################################################################
#   Copyright (c) 2018, WSO2 Inc. (http://www.wso2.org) All Rights Reserved
################################################################################

  # Carbon Configuration Parameters
wso2.carbon:
  type: wso2-sp
  id: wso2-sp
  name: WSO2 Stream Processor

wso2.transport.http:
  listenerConfigurations:
    - id: "msf4j-https"
      host: "0.0.0.0"
      port: $SP_PORT
      scheme: https

  # Datasource Configurations
wso2.datasources:
  dataSources:
    # carbon metrics data source
    - name: WSO2_METRICS_DB
      description: The datasource used for dashboard feature
      jndiConfig:
        name: jdbc/WSO2MetricsDB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:h2:\${sys:carbon.home}/wso2/worker/database/metrics;AUTO_SERVER=TRUE'
          username: wso2carbon
          password: wso2carbon
          driverClassName: org.h2.Driver
          maxPoolSize: 30
          idleTimeout: 60000
          connectionTestQuery: SELECT 1
          validationTimeout: 30000
          isAutoCommit: false

    - name: WSO2_PERSISTENCE_DB
      description: The datasource used for periodic state persistence
      jndiConfig:
        name: jdbc/WSO2PersistenceDB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_WORKER'
          username: $MY_USER
          password: '\${sec:persistence.db.password}'
          driverClassName: org.mariadb.jdbc.Driver
          maxPoolSize: 10
          idleTimeout: 60000
          connectionTestQuery: SELECT 1
          validationTimeout: 30000
          isAutoCommit: false

state.persistence:
  enabled: true
  intervalInMin: 1
  revisionsToKeep: 2
  persistenceStore: org.wso2.carbon.stream.processor.core.persistence.DBPersistenceStore
  config:
    datasource: WSO2_PERSISTENCE_DB
    table: PERSISTENCE_TABLE
EOF
cat > "$SP/conf/editor/deployment.yaml" <<EOF
# Editor profile of WSO2 Stream Processor 4.4.0
wso2.carbon:
  type: wso2-sp
  id: wso2-sp-editor

wso2.datasources:
  dataSources:
    - name: WSO2_CARBON_DB
      description: The datasource used by the registry and user manager
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:h2:\${sys:carbon.home}/wso2/\${sys:wso2.runtime}/database/WSO2_CARBON_DB;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000'
          username: wso2carbon
          password: wso2carbon
          driverClassName: org.h2.Driver
    # The sample data source the Siddhi applications of the editor use
    - name: SAMPLE_DB
      description: The datasource of the rdbms store samples
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: "$JDBC_WORKER"
          username: $MY_USER
          password: wso2carbon
          driverClassName: org.mariadb.jdbc.Driver
EOF
cat > "$SP/conf/dashboard/deployment.yaml" <<EOF
# Dashboard profile of WSO2 Stream Processor 4.4.0
wso2.carbon:
  type: wso2-sp
  id: wso2-sp-dashboard

wso2.datasources:
  dataSources:
    - name: WSO2_DASHBOARD_DB
      description: The datasource used for dashboard feature
      jndiConfig:
        name: jdbc/DASHBOARD_DB
        useJndiReference: true
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_DASH'
          username: $MY_USER
          password: wso2carbon
          driverClassName: org.mariadb.jdbc.Driver
          maxPoolSize: 20
    - name: BUSINESS_RULES_DB
      description: The datasource used for the business rules manager
      jndiConfig:
        name: jdbc/BusinessRulesDB
        useJndiReference: true
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_DASH&sessionVariables=sql_mode=ANSI'
          username: $MY_USER
          password: wso2carbon
          driverClassName: org.mariadb.jdbc.Driver
EOF
printf '# Manager profile: not used in this setup\nwso2.carbon:\n  id: wso2-sp-manager\n' \
    > "$SP/conf/manager/deployment.yaml"

# Siddhi applications: three of them (one with CRLF line ends, one without a
# final newline), and files beside them that are not Siddhi applications.
cat > "$SP/wso2/worker/deployment/siddhi-files/TemperatureAnalytics.siddhi" <<'EOF'
@App:name('TemperatureAnalytics')
@App:description('Rooms over 30 degrees, per minute')

@source(type = 'http', receiver.url = 'http://0.0.0.0:8006/temperature', @map(type = 'json'))
define stream TemperatureStream (roomNo string, temp double);

@sink(type = 'log', prefix = 'HighTemperature')
define stream HighTemperatureStream (roomNo string, avgTemp double);

@store(type = 'rdbms', datasource = 'WSO2_PERSISTENCE_DB')
define table RoomTable (roomNo string, avgTemp double);

from TemperatureStream#window.time(1 min)
select roomNo, avg(temp) as avgTemp
group by roomNo
having avgTemp > 30.0
insert into HighTemperatureStream;
EOF
printf '%s\r\n' "@App:name('StockQuoteAlerts')" \
    "define stream StockStream (symbol string, price float, volume long);" \
    "@sink(type = 'log')" \
    "define stream AlertStream (symbol string, price float);" \
    "from StockStream[price > 100 and volume > 1000]" \
    "select symbol, price" \
    "insert into AlertStream;" \
    > "$SP/wso2/worker/deployment/siddhi-files/StockQuoteAlerts.siddhi"
printf "@App:name('Échantillon')\n-- déploiement: données en UTF-8, no final newline\ndefine stream S (a string);" \
    > "$SP/wso2/worker/deployment/siddhi-files/Echantillon.siddhi"
printf 'Siddhi applications of the production worker.\n' \
    > "$SP/wso2/worker/deployment/siddhi-files/README.txt"
printf '@App:name(%s)\n' "'OldTemperatureAnalytics'" \
    > "$SP/wso2/worker/deployment/siddhi-files/TemperatureAnalytics.siddhi.bak"
printf 'export default class RoomTemperature {}\n' \
    > "$SP/wso2/dashboard/deployment/web-ui-apps/portal/extensions/widgets/RoomTemperature/widget.js"

# ---- The Streaming Integrator 1.1.0 and its Tooling, as the operator left
# them after the manual steps (data sources copied, driver jars in lib) ----
mkdir -p "$SI/bin" "$SI/lib" "$SI/conf/server" "$SI/wso2/server/deployment/siddhi-files" \
    "$SI/wso2/server/logs" "$SI/resources/security"
cat > "$SI/conf/server/deployment.yaml" <<EOF
# Carbon Configuration Parameters
wso2.carbon:
  type: wso2-si
  id: wso2-si
  name: WSO2 Streaming Integrator

wso2.transport.http:
  listenerConfigurations:
    - id: "msf4j-https"
      host: "0.0.0.0"
      port: $SI_PORT
      scheme: https

wso2.datasources:
  dataSources:
    - name: WSO2_METRICS_DB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:h2:\${sys:carbon.home}/wso2/\${sys:wso2.runtime}/database/metrics;AUTO_SERVER=TRUE'
          username: wso2carbon
          password: wso2carbon
          driverClassName: org.h2.Driver
    # Copied from the Stream Processor worker
    - name: WSO2_PERSISTENCE_DB
      description: The datasource used for periodic state persistence
      jndiConfig:
        name: jdbc/WSO2PersistenceDB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_WORKER'
          username: $MY_USER
          password: '\${sec:persistence.db.password}'
          driverClassName: org.mariadb.jdbc.Driver
          maxPoolSize: 10
EOF
printf 'mariadb-java-client 2.7.2\n' > "$SI/lib/mariadb-java-client-2.7.2.jar"
# The start script: logs each Siddhi application it deploys, then holds
# the HTTPS port in the foreground.
cat > "$SI/bin/server.sh" <<EOF
#!/bin/sh
# Starts WSO2 Streaming Integrator 1.1.0 (a stand-in for the test).
home=\$(cd "\$(dirname "\$0")/.." && pwd)
log=\$home/wso2/server/logs/carbon.log
for f in "\$home"/wso2/server/deployment/siddhi-files/*.siddhi; do
	[ -f "\$f" ] || continue
	n=\$(basename "\$f" .siddhi)
	echo "[2026-12-07 10:00:00,000]  INFO {org.wso2.carbon.streaming.integrator.core.internal.StreamProcessorService} - Siddhi App \$n deployed successfully" >> "\$log"
done
echo "[2026-12-07 10:00:01,000]  INFO {org.wso2.carbon.kernel.internal.CarbonStartupHandler} - WSO2 Streaming Integrator started in 4.210 sec" >> "\$log"
echo \$\$ >> "$PIDS"
exec "$LISTEN" $SI_PORT
EOF
chmod 755 "$SI/bin/server.sh"

mkdir -p "$TOOL/bin" "$TOOL/lib" "$TOOL/conf/server" "$TOOL/wso2/server"
printf '#!/bin/sh\n# Starts WSO2 Streaming Integrator Tooling 1.1.0.\nexit 1\n' > "$TOOL/bin/tooling.sh"
chmod 755 "$TOOL/bin/tooling.sh"
cat > "$TOOL/conf/server/deployment.yaml" <<EOF
# WSO2 Streaming Integrator Tooling 1.1.0
wso2.carbon:
  id: wso2-si-tooling

wso2.datasources:
  dataSources:
    - name: SAMPLE_DB
      description: Copied from the Stream Processor editor
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_WORKER'
          username: $MY_USER
          password: wso2carbon
          driverClassName: org.mariadb.jdbc.Driver
    - name: BUSINESS_RULES_DB
      description: The datasource used for the business rules manager
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: "$JDBC_DASH&sessionVariables=sql_mode=ANSI"
          username: $MY_USER
          password: wso2carbon
          driverClassName: org.mariadb.jdbc.Driver
EOF
printf 'mariadb-java-client 2.7.2\n' > "$TOOL/lib/mariadb-java-client-2.7.2.jar"

# ---- The Analytics Dashboard, extracted, its widget copied ----
mkdir -p "$AD/bin" "$AD/conf/portal" \
    "$AD/wso2/portal/deployment/web-ui-apps/analytics-dashboard/extensions/widgets/RoomTemperature"
cat > "$AD/conf/portal/deployment.yaml" <<EOF
# WSO2 Analytics Dashboard
wso2.datasources:
  dataSources:
    - name: WSO2_DASHBOARD_DB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_AD'
          username: $MY_USER
          password: wso2carbon
          driverClassName: org.mariadb.jdbc.Driver
EOF
cp "$SP/wso2/dashboard/deployment/web-ui-apps/portal/extensions/widgets/RoomTemperature/widget.js" \
    "$AD/wso2/portal/deployment/web-ui-apps/analytics-dashboard/extensions/widgets/RoomTemperature/"

# ---- The answers ----
# answers FILE BACKUP_DIR IMPORT_DONE(yes/no)
answers() {
	cat > "$1" <<EOF
guide: $ID
variables:
  SP_HOME: $SP
  SI_HOME: $SI
  SI_TOOLING_HOME: $TOOL
  AD_HOME: $AD
  BACKUP_DIR: $2
  SP_PORT: "$SP_PORT"
  SI_PORT: "$SI_PORT"
answers:
  sp-db-server: "yes"
  keep-analytics-dashboard: "yes"
  sp-dashboard-db-server: "yes"
  custom-widgets: "yes"
databases:
  sp_db: {engine: mariadb, host: $MY_HOST, port: $MY_PORT, name: sp_worker_db,
          user: $MY_USER, password_env: TEST_DB_PASSWORD}
  sp_dashboard_db: {url: "$JDBC_DASH", user: $MY_USER, password_env: TEST_DB_PASSWORD}
  ad_dashboard_db: {url: "$JDBC_AD", user: $MY_USER, password_env: TEST_DB_PASSWORD}
acknowledge:
  - {step: other-sp-dbs, note: "the editor's SAMPLE_DB is sp_worker_db, dumped above; the rest is H2"}
  - {step: download-si, note: "wso2si-1.1.0.zip and wso2si-tooling-1.1.0.zip, checksums verified"}
  - {step: copy-worker-datasources, note: "WSO2_PERSISTENCE_DB and the MariaDB driver copied"}
  - {step: copy-editor-datasources, note: "SAMPLE_DB copied to the Tooling"}
  - {step: copy-business-rules-datasource, note: "BUSINESS_RULES_DB set in the Tooling"}
  - {step: download-ad, note: "analytics-dashboard 1.0.0 from GitHub"}
  - {step: extract-ad, note: "unzipped to /opt"}
  - {step: copy-custom-widgets, note: "RoomTemperature copied"}
  - {step: monitor-si-in-ad, note: "statistics enabled, CHG-4711"}
  - {step: simulate-events, note: "five events per application, outputs as before"}
EOF
	if [ "$3" = yes ]; then
		echo '  - {step: import-dashboard-dump, note: "imported into ad_dashboard_db"}' >> "$1"
	fi
}

mkdir -p "$BK" "$T/backups2"
snapshot "$T/tree-before"

# ---- First session, up to the import of the dashboard dump ----
answers "$T/a1.yaml" "$BK" no
TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
    --state-dir "$S" check $ID --answers "$T/a1.yaml"
expect_rc 0 "every prerequisite check passes on the tree"
[ ! -e "$S/$ID" ] && ok "check writes no session" || not_ok "check wrote a session"
TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
    --state-dir "$S" run $ID --answers "$T/a1.yaml"
expect_rc 1 "the run stops for a person"
expect_in "$T/out" "import-dashboard-dump" "at the import of the dashboard dump"
J=$S/$ID/journal

# The operator's part: import the wizard's dump into the Analytics
# Dashboard's database, under its name. The run starts the Streaming
# Integrator.
dump=$(ls "$S/$ID/backup/dumps/"sp_dashboard_db-*.sql 2>/dev/null | head -n 1)
if [ -n "$dump" ] &&
    sed 's/`sp_dashboard_db`/`ad_dashboard_db`/g' "$dump" |
    MYSQL_PWD=$MY_PASSWORD mariadb --no-defaults --host="$MY_HOST" \
    --port="$MY_PORT" --user="$MY_USER" > "$T/import.log" 2>&1; then
	ok "the dashboard dump imports into the Analytics Dashboard's database"
else
	not_ok "import the dashboard dump '$dump': $(cat "$T/import.log" 2>/dev/null)"
fi

# ---- The same session, to the end ----
answers "$T/a2.yaml" "$BK" yes
TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
    --state-dir "$S" run $ID --answers "$T/a2.yaml"
expect_rc 0 "the run completes the guide"
expect_not_in "$T/out" "$MY_PASSWORD" "the password is not shown"
if grep -rqF -- "$MY_PASSWORD" "$S"; then
	not_ok "the password is written in the session"
else
	ok "the password is in no file of the session"
fi

# Every step has a result in the journal: the steps of the guide, each
# with its final status.
expect_results "$J" "the journal has the result of each of the 41 steps that apply and are not infos" <<'EOF'
sp-home pass
sp-version pass
sp-worker-stopped pass
sp-db-server answer=yes
dump-sp-db done
sp-db-backup pass
other-sp-dbs acknowledged
copy-sp-home done
sp-home-copied pass
download-si acknowledged
si-home pass
si-tooling-home pass
sp-worker-conf pass
copy-worker-datasources acknowledged
worker-datasources-copied pass
sp-editor-conf pass
copy-editor-datasources acknowledged
editor-datasources-copied pass
sp-dashboard-conf pass
copy-business-rules-datasource acknowledged
business-rules-datasource-copied pass
siddhi-files-in-sp pass
copy-siddhi-files done
siddhi-files-in-si pass
keep-analytics-dashboard answer=yes
download-ad acknowledged
extract-ad acknowledged
ad-home pass
sp-dashboard-db-conf pass
sp-dashboard-db-server answer=yes
dump-sp-dashboard-db done
sp-dashboard-db-dumped pass
import-dashboard-dump acknowledged
ad-dashboard-tables pass
custom-widgets answer=yes
copy-custom-widgets acknowledged
monitor-si-in-ad acknowledged
start-si done
si-running pass
siddhi-apps-deployed pass
simulate-events acknowledged
EOF
expect_in "$J" "five events per application" "the acknowledgements' notes are in the journal"
expect_in "$J" "found: $SP/conf/worker/deployment.yaml" "the evidence names the worker's file"

# The copies, byte for byte.
same_tree "$EXP/si-siddhi-files" "$SI/wso2/server/deployment/siddhi-files" \
    "the Streaming Integrator has exactly the three Siddhi applications, byte for byte"
same_tree "$SP" "$BK/wso2sp-4.4.0" "the backup copy of the Stream Processor home is complete and exact"
modes_kept "$SP" "$BK/wso2sp-4.4.0" "the backup copy keeps the scripts' modes"
if cmp -s "$EXP/si-carbon.log" "$SI/wso2/server/logs/carbon.log"; then
	ok "the Streaming Integrator deployed the copied applications"
else
	not_ok "carbon.log differs from the expected one"
	diff "$EXP/si-carbon.log" "$SI/wso2/server/logs/carbon.log" | sed 's/^/# /'
fi

# The dumps: named after the guide's databases, complete, of the right
# database, and judged so by the backup checks.
for d in sp_db:sp_worker_db:PERSISTENCE_TABLE sp_dashboard_db:sp_dashboard_db:DASHBOARD_RESOURCE; do
	lname=${d%%:*}; rest=${d#*:}; dbname=${rest%%:*}; table=${rest#*:}
	f=$(ls "$S/$ID/backup/dumps/$lname"-*.sql 2>/dev/null)
	if [ "$(echo "$f" | grep -c .)" = 1 ] &&
	    head -n 5 "$f" | grep -q '^-- MariaDB dump' &&
	    grep -q "^CREATE DATABASE .*\`$dbname\`" "$f" &&
	    grep -q "^INSERT INTO \`$table\`" "$f" &&
	    tail -n 1 "$f" | grep -q '^-- Dump completed'; then
		ok "one complete dump of $dbname, named for $lname"
	else
		not_ok "the dump of $dbname: '$f'"
	fi
done
expect_in "$T/results" "sp-db-backup pass" "the backup check passed on the worker's dump"
expect_in "$T/results" "sp-dashboard-db-dumped pass" "the backup check passed on the dashboard's dump"
n_rows=$(MYSQL_PWD=$MY_PASSWORD mariadb --no-defaults -N --host="$MY_HOST" --port="$MY_PORT" \
    --user="$MY_USER" -e 'SELECT NAME FROM ad_dashboard_db.DASHBOARD_RESOURCE' 2>&1)
expect_eq "$n_rows" "Temperature" "the Analytics Dashboard's database has the imported dashboard"

# Nothing in the Stream Processor home changed; the second session.
snapshot "$T/tree-after"
if diff "$T/tree-before" "$T/tree-after" > "$T/tree.diff"; then
	not_ok "the run changed nothing at all"
else
	# Only the copies, the Streaming Integrator's log and the backups.
	if grep '^[<>]' "$T/tree.diff" | grep -v -e "^> . ... .* opt/wso2si-1.1.0/wso2/server/deployment/siddhi-files/" \
	    -e "^> . ... .* opt/wso2si-1.1.0/wso2/server/logs/carbon.log\$" -e "^> . ... .* backups/" > "$T/tree.other"; then
		not_ok "the run changed files it should not have"
		sed 's/^/# /' "$T/tree.other" | head -20
	else
		ok "the run changed only the Streaming Integrator's Siddhi files and the backup folder"
	fi
fi

# ---- A second session over the same tree (a new backup folder) ----
answers "$T/a3.yaml" "$T/backups2" yes
TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
    --state-dir "$T/state2" run $ID --answers "$T/a3.yaml"
expect_rc 1 "a second session stops at the Siddhi copy"
expect_in "$T/out" "copy-siddhi-files" "it names the step"
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/out1"
expect_in "$T/out1" "already exist; nothing was changed" "and says the targets are there"
same_tree "$EXP/si-siddhi-files" "$SI/wso2/server/deployment/siddhi-files" \
    "the Siddhi applications are byte for byte unchanged the second time"
same_tree "$SP" "$T/backups2/wso2sp-4.4.0" "the second copy of the home is exact too"
snapshot "$T/tree-again"
if diff "$T/tree-after" "$T/tree-again" | grep '^[<>]' | grep -v "^> . ... .* backups2/" > "$T/tree2.other"; then
	not_ok "the second session changed files outside its backup folder"
	sed 's/^/# /' "$T/tree2.other" | head -20
else
	ok "the second session changed nothing but its new backup folder"
fi

done_testing
