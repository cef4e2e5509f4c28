#!/bin/sh
# sandbox.sh DIR: the training sandbox of the Stream Processor 4.4.0 to
# Streaming Integrator 1.1.0 guide, as the homes look before the upgrade:
# the Stream Processor 4.4.0 (worker, editor and dashboard profiles, three
# Siddhi applications), the Streaming Integrator 1.1.0 and its Tooling as
# freshly extracted, the Analytics Dashboard, an empty backups folder, and
# the SQL that creates the training databases.
#
# Environment (doc/checklist-format.md, "Training mode"): WIZARD, the
# program (its training-server is the servers' stand-in), SP_PORT and
# SI_PORT (free loopback ports), WIZARD_SANDBOX_FAULT (empty, or
# si-yaml-tab: the worker's data source pasted into the Streaming
# Integrator's deployment.yaml with a tab, so that it does not start).
set -eu
dir=${1:?usage: sh sandbox.sh DIR}
: "${WIZARD:?WIZARD must name the program}"
: "${SP_PORT:?SP_PORT must be a port}"
: "${SI_PORT:?SI_PORT must be a port}"
fault=${WIZARD_SANDBOX_FAULT:-}
case $fault in
''|si-yaml-tab) ;;
*) echo "sandbox.sh: unknown fault '$fault' (the faults: si-yaml-tab)" >&2; exit 2 ;;
esac
case $dir in
/*) ;;
*) echo "sandbox.sh: DIR must be an absolute path: $dir" >&2; exit 2 ;;
esac

SP=$dir/wso2sp-4.4.0
SI=$dir/wso2si-1.1.0
TOOL=$dir/wso2si-tooling-1.1.0
AD=$dir/analytics-dashboard-1.0.0
DB_HOST=127.0.0.1
DB_PORT=3306
JDBC_WORKER="jdbc:mariadb://$DB_HOST:$DB_PORT/training_sp_worker_db?useSSL=false"
JDBC_DASH="jdbc:mariadb://$DB_HOST:$DB_PORT/training_sp_dashboard_db?useSSL=false"
JDBC_AD="jdbc:mariadb://$DB_HOST:$DB_PORT/training_ad_dashboard_db?useSSL=false"

# ---- The Stream Processor 4.4.0 home ------------------------------------
mkdir -p "$SP/bin" "$SP/lib" "$SP/conf/worker" "$SP/conf/editor" \
    "$SP/conf/dashboard" "$SP/conf/manager" \
    "$SP/wso2/worker/deployment/siddhi-files" "$SP/wso2/worker/database" \
    "$SP/wso2/worker/logs" "$SP/wso2/editor/deployment/workspace" \
    "$SP/wso2/dashboard/deployment/web-ui-apps/portal/extensions/widgets/RoomTemperature" \
    "$SP/resources/security"

# The worker: reads its HTTPS port from deployment.yaml, as the product
# does, and holds it in the foreground until stopped.
cat > "$SP/bin/worker.sh" <<EOF
#!/bin/sh
# Starts the worker profile of WSO2 Stream Processor 4.4.0 (a training
# stand-in: it listens on the worker's HTTPS port until stopped with
# sh $SP/bin/worker-stop.sh).
home=$SP
conf=\$home/conf/worker/deployment.yaml
port=\$(sed -n 's/^[[:space:]]*port:[[:space:]]*//p' "\$conf" | head -n 1)
echo "\$\$" > "\$home/wso2/worker/runtime.pid"
exec "$WIZARD" training-server "\$port" "\$home/wso2/worker/logs/carbon.log" \
    "[\$(date '+%Y-%m-%d %H:%M:%S'),000]  INFO {org.wso2.carbon.kernel.internal.CarbonStartupHandler} - WSO2 Stream Processor started"
EOF
cat > "$SP/bin/worker-stop.sh" <<EOF
#!/bin/sh
# Stops the worker started with worker.sh.
pidfile=$SP/wso2/worker/runtime.pid
[ -f "\$pidfile" ] || { echo "the worker is not running (no \$pidfile)" >&2; exit 1; }
kill "\$(cat "\$pidfile")" && rm -f "\$pidfile"
EOF
for p in editor dashboard manager; do
	cat > "$SP/bin/$p.sh" <<EOF
#!/bin/sh
# Starts the $p profile of WSO2 Stream Processor 4.4.0.
echo "the $p profile is not started in this training sandbox" >&2
exit 1
EOF
done
chmod 755 "$SP"/bin/*.sh
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
printf 'PK (stand-in for the MariaDB Connector/J 2.7.2 jar)\n' > "$SP/lib/mariadb-java-client-2.7.2.jar"
printf 'H2 database file (stand-in)\n' > "$SP/wso2/worker/database/WSO2_METRICS_DB.h2.db"
printf 'keystore of the Stream Processor (stand-in)\n' > "$SP/resources/security/wso2carbon.jks"
printf 'truststore of the Stream Processor (stand-in)\n' > "$SP/resources/security/client-truststore.jks"

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
      keyStoreFile: "\${carbon.home}/resources/security/wso2carbon.jks"

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
          username: wso2sp
          password: wso2sp
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
          username: wso2sp
          password: wso2sp
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
          username: wso2sp
          password: wso2sp
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
          username: wso2sp
          password: wso2sp
          driverClassName: org.mariadb.jdbc.Driver
EOF
printf '# Manager profile: not used in this setup\nwso2.carbon:\n  id: wso2-sp-manager\n' \
    > "$SP/conf/manager/deployment.yaml"

# The Siddhi applications of the worker, and a file beside them that is
# not one.
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
cat > "$SP/wso2/worker/deployment/siddhi-files/StockQuoteAlerts.siddhi" <<'EOF'
@App:name('StockQuoteAlerts')
@App:description('Large trades of expensive stocks')

define stream StockStream (symbol string, price float, volume long);

@sink(type = 'log')
define stream AlertStream (symbol string, price float);

from StockStream[price > 100 and volume > 1000]
select symbol, price
insert into AlertStream;
EOF
cat > "$SP/wso2/worker/deployment/siddhi-files/OrderEnrichment.siddhi" <<'EOF'
@App:name('OrderEnrichment')
@App:description('Orders joined with their customers')

define stream OrderStream (orderId string, customerId string, amount double);
define table CustomerTable (customerId string, name string, tier string);

@sink(type = 'log', prefix = 'EnrichedOrder')
define stream EnrichedOrderStream (orderId string, name string, tier string, amount double);

from OrderStream as o join CustomerTable as c
    on o.customerId == c.customerId
select o.orderId, c.name, c.tier, o.amount
insert into EnrichedOrderStream;
EOF
printf 'Siddhi applications of the production worker.\n' \
    > "$SP/wso2/worker/deployment/siddhi-files/README.txt"
printf 'export default class RoomTemperature {}\n' \
    > "$SP/wso2/dashboard/deployment/web-ui-apps/portal/extensions/widgets/RoomTemperature/widget.js"

# ---- The Streaming Integrator 1.1.0, freshly extracted -------------------
mkdir -p "$SI/bin" "$SI/lib" "$SI/conf/server" \
    "$SI/wso2/server/deployment/siddhi-files" "$SI/wso2/server/logs" \
    "$SI/wso2/server/database" "$SI/resources/security"
printf 'keystore of the Streaming Integrator (stand-in)\n' > "$SI/resources/security/wso2carbon.jks"
printf 'truststore of the Streaming Integrator (stand-in)\n' > "$SI/resources/security/client-truststore.jks"
printf 'PK (stand-in for the H2 1.4.199 jar)\n' > "$SI/lib/h2-1.4.199.jar"
{
	cat <<EOF
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
      keyStoreFile: "\${carbon.home}/resources/security/wso2carbon.jks"

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
          jdbcUrl: 'jdbc:h2:\${sys:carbon.home}/wso2/\${sys:wso2.runtime}/database/metrics;AUTO_SERVER=TRUE'
          username: wso2carbon
          password: wso2carbon
          driverClassName: org.h2.Driver
          maxPoolSize: 30
EOF
	if [ "$fault" = si-yaml-tab ]; then
		# Pasted by a colleague: the entry's "- name:" line indented
		# with a tab.
		printf '\t- name: WSO2_PERSISTENCE_DB\n'
		cat <<EOF
      description: The datasource used for periodic state persistence
      jndiConfig:
        name: jdbc/WSO2PersistenceDB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_WORKER'
          username: wso2sp
          password: wso2sp
          driverClassName: org.mariadb.jdbc.Driver
          maxPoolSize: 10
EOF
	fi
} > "$SI/conf/server/deployment.yaml"
if [ "$fault" = si-yaml-tab ]; then
	cp "$SP/lib/mariadb-java-client-2.7.2.jar" "$SI/lib/"
fi

# The start script: reads deployment.yaml as the server does (a tab
# stops it; a data source whose JDBC driver has no jar in lib stops it),
# deploys the Siddhi applications, then holds its HTTPS port.
cat > "$SI/bin/server.sh" <<EOF
#!/bin/sh
# Starts WSO2 Streaming Integrator 1.1.0 (a training stand-in) in the
# foreground; stop it with sh $SI/bin/stop.sh.
home=$SI
conf=\$home/conf/server/deployment.yaml
log=\$home/wso2/server/logs/carbon.log
now() { date '+%Y-%m-%d %H:%M:%S,000'; }
say() { echo "[\$(now)] \$*" >> "\$log"; echo "[\$(now)] \$*"; }
say " INFO {org.wso2.carbon.launcher.extensions.OSGiLibBundleDeployerUtils} - Starting WSO2 Streaming Integrator 1.1.0"
tab=\$(printf '\t')
line=\$(grep -n "\$tab" "\$conf" | head -n 1 | cut -d: -f1)
if [ -n "\$line" ]; then
	say "ERROR {org.wso2.carbon.config.provider.ConfigProviderImpl} - Error while reading \$conf: while scanning for the next token found character '\\\\t(TAB)' that cannot start any token (line \$line)" >&2
	say "ERROR {org.wso2.carbon.kernel.internal.CarbonStartupHandler} - WSO2 Streaming Integrator could not start" >&2
	exit 1
fi
for drv in \$(sed -n 's/^[[:space:]]*driverClassName:[[:space:]]*//p' "\$conf" | tr -d "'\"" | sort -u); do
	case \$drv in
	org.mariadb.jdbc.Driver) jar=mariadb-java-client ;;
	org.postgresql.Driver) jar=postgresql ;;
	com.mysql.*) jar=mysql-connector ;;
	*) continue ;;
	esac
	if ! ls "\$home/lib/\$jar"*.jar > /dev/null 2>&1; then
		say "ERROR {org.wso2.carbon.datasource.core.DataSourceManager} - Error in loading data sources: Cannot load JDBC driver class '\$drv': no \$jar jar in \$home/lib" >&2
		say "ERROR {org.wso2.carbon.kernel.internal.CarbonStartupHandler} - WSO2 Streaming Integrator could not start" >&2
		exit 1
	fi
done
for f in "\$home"/wso2/server/deployment/siddhi-files/*.siddhi; do
	[ -f "\$f" ] || continue
	say " INFO {org.wso2.carbon.streaming.integrator.core.internal.StreamProcessorService} - Siddhi App \$(basename "\$f" .siddhi) deployed successfully"
done
port=\$(sed -n 's/^[[:space:]]*port:[[:space:]]*//p' "\$conf" | head -n 1)
echo "\$\$" > "\$home/wso2/server/runtime.pid"
exec "$WIZARD" training-server "\$port" "\$log" \
    "[\$(now)]  INFO {org.wso2.carbon.kernel.internal.CarbonStartupHandler} - WSO2 Streaming Integrator started in 4.210 sec"
EOF
cat > "$SI/bin/stop.sh" <<EOF
#!/bin/sh
# Stops the Streaming Integrator started with server.sh.
pidfile=$SI/wso2/server/runtime.pid
[ -f "\$pidfile" ] || { echo "the Streaming Integrator is not running (no \$pidfile)" >&2; exit 1; }
kill "\$(cat "\$pidfile")" && rm -f "\$pidfile"
EOF
chmod 755 "$SI/bin/server.sh" "$SI/bin/stop.sh"

# ---- The Streaming Integrator Tooling 1.1.0, freshly extracted ----------
mkdir -p "$TOOL/bin" "$TOOL/lib" "$TOOL/conf/server" "$TOOL/wso2/server/database"
cat > "$TOOL/bin/tooling.sh" <<'EOF'
#!/bin/sh
# Starts WSO2 Streaming Integrator Tooling 1.1.0.
echo "the Tooling's editor is not started in this training sandbox" >&2
exit 1
EOF
chmod 755 "$TOOL/bin/tooling.sh"
printf 'PK (stand-in for the H2 1.4.199 jar)\n' > "$TOOL/lib/h2-1.4.199.jar"
cat > "$TOOL/conf/server/deployment.yaml" <<'EOF'
# WSO2 Streaming Integrator Tooling 1.1.0
wso2.carbon:
  type: wso2-si-tooling
  id: wso2-si-tooling

wso2.datasources:
  dataSources:
    - name: SAMPLE_DB
      description: The datasource of the rdbms store samples
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:h2:${sys:carbon.home}/wso2/${sys:wso2.runtime}/database/SAMPLE_DB;DB_CLOSE_ON_EXIT=FALSE'
          username: wso2carbon
          password: wso2carbon
          driverClassName: org.h2.Driver
    - name: BUSINESS_RULES_DB
      description: The datasource used for the business rules manager
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:h2:${sys:carbon.home}/wso2/${sys:wso2.runtime}/database/BUSINESS_RULES_DB;DB_CLOSE_ON_EXIT=FALSE'
          username: wso2carbon
          password: wso2carbon
          driverClassName: org.h2.Driver
EOF

# ---- The Analytics Dashboard, extracted ---------------------------------
mkdir -p "$AD/bin" "$AD/conf/portal" \
    "$AD/wso2/portal/deployment/web-ui-apps/analytics-dashboard/extensions/widgets"
printf '#!/bin/sh\necho "the Analytics Dashboard is not started in this training sandbox" >&2\nexit 1\n' \
    > "$AD/bin/portal.sh"
chmod 755 "$AD/bin/portal.sh"
cat > "$AD/conf/portal/deployment.yaml" <<EOF
# WSO2 Analytics Dashboard 1.0.0
wso2.datasources:
  dataSources:
    - name: WSO2_DASHBOARD_DB
      description: The datasource used for dashboard feature
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: '$JDBC_AD'
          username: wso2sp
          password: wso2sp
          driverClassName: org.mariadb.jdbc.Driver
EOF

mkdir -p "$dir/backups"

# ---- The training databases ---------------------------------------------
mkdir -p "$dir/db"
cat > "$dir/db/seed-mariadb.sql" <<'EOF'
-- The training databases of the Stream Processor guide (MariaDB or MySQL):
--   mariadb -u root < db/seed-mariadb.sql
CREATE DATABASE IF NOT EXISTS training_sp_worker_db;
CREATE DATABASE IF NOT EXISTS training_sp_dashboard_db;
CREATE DATABASE IF NOT EXISTS training_ad_dashboard_db;
USE training_sp_worker_db;
CREATE TABLE IF NOT EXISTS PERSISTENCE_TABLE (ID INT PRIMARY KEY,
  SIDDHI_APP_NAME VARCHAR(100) NOT NULL, REVISION VARCHAR(100) NOT NULL,
  SNAPSHOT LONGBLOB);
INSERT INTO PERSISTENCE_TABLE VALUES
  (1, 'TemperatureAnalytics', '1733580000000_TemperatureAnalytics', 'state-1'),
  (2, 'StockQuoteAlerts', '1733580000000_StockQuoteAlerts', 'state-2');
USE training_sp_dashboard_db;
CREATE TABLE IF NOT EXISTS DASHBOARD_RESOURCE (ID INT AUTO_INCREMENT PRIMARY KEY,
  URL VARCHAR(100) NOT NULL, OWNER VARCHAR(100), NAME VARCHAR(256) NOT NULL,
  DESCRIPTION VARCHAR(1000), PARENT_ID INT DEFAULT 0,
  LANDING_PAGE VARCHAR(100), CONTENT LONGBLOB);
INSERT INTO DASHBOARD_RESOURCE (URL, OWNER, NAME, DESCRIPTION, LANDING_PAGE, CONTENT)
  VALUES ('temperature', 'admin', 'Temperature', 'Rooms over 30 degrees', 'home', '{"pages":[]}');
EOF
cat > "$dir/db/seed-postgresql.sql" <<'EOF'
-- The training databases of the Stream Processor guide (PostgreSQL):
--   psql -U postgres -f db/seed-postgresql.sql
CREATE DATABASE training_sp_worker_db;
CREATE DATABASE training_sp_dashboard_db;
CREATE DATABASE training_ad_dashboard_db;
\connect training_sp_worker_db
CREATE TABLE PERSISTENCE_TABLE (ID INT PRIMARY KEY,
  SIDDHI_APP_NAME VARCHAR(100) NOT NULL, REVISION VARCHAR(100) NOT NULL,
  SNAPSHOT BYTEA);
INSERT INTO PERSISTENCE_TABLE VALUES
  (1, 'TemperatureAnalytics', '1733580000000_TemperatureAnalytics', 'state-1'),
  (2, 'StockQuoteAlerts', '1733580000000_StockQuoteAlerts', 'state-2');
\connect training_sp_dashboard_db
CREATE TABLE DASHBOARD_RESOURCE (ID SERIAL PRIMARY KEY,
  URL VARCHAR(100) NOT NULL, OWNER VARCHAR(100), NAME VARCHAR(256) NOT NULL,
  DESCRIPTION VARCHAR(1000), PARENT_ID INT DEFAULT 0,
  LANDING_PAGE VARCHAR(100), CONTENT BYTEA);
INSERT INTO DASHBOARD_RESOURCE (URL, OWNER, NAME, DESCRIPTION, LANDING_PAGE, CONTENT)
  VALUES ('temperature', 'admin', 'Temperature', 'Rooms over 30 degrees', 'home', '{"pages":[]}');
EOF
