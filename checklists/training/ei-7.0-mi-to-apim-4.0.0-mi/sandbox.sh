#!/bin/sh
# sandbox.sh: builds the training sandbox of the EI 7.0 Micro Integrator to
# API-M 4.0.0 Micro Integrator guide in DIR, as `sh sandbox.sh DIR` (DIR
# exists and is empty), with WIZARD (the program), MI_PORT (a free port on
# 127.0.0.1) and WIZARD_SANDBOX_FAULT (empty or html-jar) in the
# environment. See doc/checklist-format.md and training.yaml beside this
# file.
#
# What it builds, as the homes look before the upgrade:
#   wso2ei-7.0.0/micro-integrator/  the Micro Integrator of EI 7.0.0: a JDBC
#                      user store in the training database, carbon
#                      applications, synapse artifacts, custom bundles in
#                      dropins, a JDBC driver in lib, keystores, secrets
#                      encrypted with the cipher tool and secure vault, a
#                      customised internal-apis.xml, its start script
#   wso2mi-4.0.0/      the Micro Integrator of API-M 4.0.0, as shipped
#   downloads/         the database migration scripts and the migration
#                      tool (org.wso2.mi.migration-1.2.0.jar)
#   backups/           the backup folder
#   github/            the address the migration tool is downloaded from,
#                      .../raw/... (the jar) and .../blob/... (its web page)
#   db/                the seeds of the training database, and the scripts
#                      that drop it
# The start script runs "$WIZARD training-server MI_PORT LOG LINE" in the
# foreground: it holds the management port and writes the "started" line.
# In this sandbox the "encrypted" secrets are base64: the migration run
# decodes them as the migration tool decrypts them.
set -u

die() {
	echo "sandbox.sh: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: sh sandbox.sh DIR"
case $1 in
/*) SB=$1 ;;
*) SB=$(cd "$1" 2>/dev/null && pwd) || die "$1: no such folder" ;;
esac
[ -d "$SB" ] || die "$SB: no such folder"
# Empty, but for the marker the wizard may have put there first.
[ -z "$(ls -A "$SB" | grep -vx '\.wso2-upgrade-wizard-sandbox')" ] || die "$SB is not empty"
HERE=$(cd "$(dirname "$0")" && pwd)
: "${WIZARD:?the environment must name the program in WIZARD}"
case ${MI_PORT:-} in
''|*[!0-9]*) die "MI_PORT must be a port number (it is '${MI_PORT:-}')" ;;
esac
FAULT=${WIZARD_SANDBOX_FAULT:-}
case $FAULT in
''|html-jar) ;;
*) die "unknown fault '$FAULT' (html-jar)" ;;
esac
for tool in zip base64; do
	command -v "$tool" > /dev/null 2>&1 ||
	    die "$tool is needed to build the sandbox (install the zip and coreutils packages)"
done
for f in seed-mariadb.sql seed-postgresql.sql; do
	[ -f "$HERE/$f" ] || die "$HERE/$f is missing"
done

# put FILE: stdin into FILE, making its folder.
put() {
	mkdir -p "$(dirname "$1")" || exit 1
	cat > "$1" || exit 1
}
# enc TEXT: TEXT "encrypted" (base64, in this sandbox).
enc() {
	printf %s "$1" | base64 | tr -d '\n'
}

EI=$SB/wso2ei-7.0.0/micro-integrator
MI=$SB/wso2mi-4.0.0
DL=$SB/downloads
JDBC_USERDB="jdbc:mysql://localhost:3306/training_mi_userdb?useSSL=false&amp;allowPublicKeyRetrieval=true"
mkdir -p "$SB/backups" "$DL" || exit 1

# ---- The Micro Integrator of EI 7.0.0 ----------------------------------
mkdir -p "$EI/bin" "$EI/conf/security" "$EI/lib" "$EI/dropins" \
    "$EI/repository/deployment/server/carbonapps" \
    "$EI/repository/deployment/server/synapse-configs/default/api" \
    "$EI/repository/deployment/server/synapse-configs/default/sequences" \
    "$EI/repository/deployment/server/synapse-configs/default/endpoints" \
    "$EI/repository/deployment/client/modules" \
    "$EI/repository/resources/security" "$EI/repository/logs" || exit 1
put "$EI/conf/deployment.toml" <<EOF
# deployment.toml of the Micro Integrator of WSO2 EI 7.0.0 (training
# sandbox: the user store is in the training database the seeds in db/
# create; the management API, 9164 with offset 0 in EI 7.0.0, listens on
# port $MI_PORT in this sandbox).
[server]
hostname = "mi.example.internal"
offset = "0"

[user_store]
type = "database"   # the JDBC user store
read_only = false

[[datasource]]
id = "WSO2CarbonDB"
url = "$JDBC_USERDB"   # the user store database
username = "wso2carbon"
password = "\$secret{userstore.db.password}"
driver = "com.mysql.cj.jdbc.Driver"
pool_options.maxActive = 50

[[datasource]]
id = "WSO2_COORDINATION_DB"
url = "jdbc:h2:./repository/database/WSO2_COORDINATION_DB;DB_CLOSE_ON_EXIT=FALSE"
username = "wso2carbon"
password = "wso2carbon"

[transport.http]
listener.port = 8290
sender.warn_on_http_500 = "*"

[keystore.primary]
file_name = "repository/resources/security/wso2carbon.jks"
password = "\$secret{keystore.password}"
alias = "wso2carbon"
key_password = "\$secret{keystore.password}"

[truststore]
file_name = "repository/resources/security/client-truststore.jks"
password = "wso2carbon"
EOF
put "$EI/conf/internal-apis.xml" <<'EOF'
<internalApis>
    <api name="ManagementApi" protocol="https">
        <!-- customised: JWT tokens last 30 minutes -->
        <handlers>
            <handler class="org.wso2.micro.integrator.management.apis.security.handler.JWTTokenSecurityHandler">
                <tokenExpiry>1800</tokenExpiry>
            </handler>
        </handlers>
        <cors><enabled>true</enabled><allowedOrigins>https://ops.example.internal</allowedOrigins></cors>
    </api>
</internalApis>
EOF
# The secrets: the cipher tool's (server configuration) and secure vault's
# (synapse configurations).
{
	echo "# cipher-text.properties: values encrypted with the cipher tool"
	echo "keystore.password=$(enc wso2carbon)"
	echo "userstore.db.password=$(enc training-userstore-db)"
} | put "$EI/conf/security/cipher-text.properties"
{
	echo "# secure-vault.properties: the secrets of the synapse configurations"
	echo "HealthcareAPI.backend.token=$(enc 'Bearer 6f1c2e9a-training')"
	echo "StockQuote.partner.password=$(enc training-partner)"
} | put "$EI/conf/security/secure-vault.properties"
printf 'MariaDB Connector/J 2.7.2 (mariadb-java-client-2.7.2.jar): the JDBC driver of the user store\n' \
    > "$EI/lib/mariadb-java-client-2.7.2.jar"
printf 'EI 7.0.0 jar as shipped: %s\n' commons-codec-1.14.0.wso2v1 > "$EI/lib/commons-codec-1.14.0.wso2v1.jar"
printf 'bundle org.example.mediator.custom 1.0.0 (a custom class mediator)\n' \
    > "$EI/dropins/org.example.mediator.custom_1.0.0.jar"
printf 'bundle com.acme.inbound.kafka 2.3.0 (a custom inbound endpoint)\n' \
    > "$EI/dropins/com.acme.inbound.kafka_2.3.0.jar"
printf 'PK\003\004 carbon application HealthcareCompositeExporter 1.0.0\nartifacts.xml HealthcareAPI QueryDoctorEP\n' \
    > "$EI/repository/deployment/server/carbonapps/HealthcareCompositeExporter_1.0.0.car"
printf 'PK\003\004 carbon application StockQuoteCApp 2.1.0\nartifacts.xml StockQuoteProxy\n' \
    > "$EI/repository/deployment/server/carbonapps/StockQuoteCApp_2.1.0.car"
put "$EI/repository/deployment/server/synapse-configs/default/api/HealthcareAPI.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<api context="/healthcare" name="HealthcareAPI" xmlns="http://ws.apache.org/ns/synapse">
    <resource methods="GET" uri-template="/querydoctor/{category}">
        <inSequence>
            <header name="Authorization" expression="wso2:vault-lookup('HealthcareAPI.backend.token')" scope="transport"/>
            <send><endpoint key="QueryDoctorEP"/></send>
        </inSequence>
        <outSequence><send/></outSequence>
    </resource>
</api>
EOF
put "$EI/repository/deployment/server/synapse-configs/default/endpoints/QueryDoctorEP.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<endpoint name="QueryDoctorEP" xmlns="http://ws.apache.org/ns/synapse">
    <http method="get" uri-template="http://backend.example.internal:9090/healthcare/{uri.var.category}"/>
</endpoint>
EOF
put "$EI/repository/deployment/server/synapse-configs/default/sequences/fault.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- EI 7.0.0: the fault sequence, customised -->
<sequence name="fault" xmlns="http://ws.apache.org/ns/synapse">
    <log level="full"><property name="MESSAGE" value="Executing default 'fault' sequence (EI 7.0 custom)"/></log>
    <drop/>
</sequence>
EOF
printf 'addressing module 1.6.1-wso2v38 (EI 7.0.0)\n' \
    > "$EI/repository/deployment/client/modules/addressing-1.6.1-wso2v38.mar"
printf 'JKS EI 7.0.0 wso2carbon.jks: key wso2carbon, the certificate of mi.example.internal signed by the company CA\n' \
    > "$EI/repository/resources/security/wso2carbon.jks"
printf 'JKS EI 7.0.0 client-truststore.jks: 97 trusted certificates, with the company CA and the partner backends\n' \
    > "$EI/repository/resources/security/client-truststore.jks"
printf 'PKCS12 EI 7.0.0 sample keystore, not a JKS file\n' > "$EI/repository/resources/security/sample.p12"
echo "WSO2 Enterprise Integrator v7.0.0 (Micro Integrator)" | put "$EI/bin/version.txt"

# The start script, in the foreground as the guide's server_run wants. With
# the migration tool in dropins and -Dmigrate.from.product.version it writes
# the decrypted values to migration/. "micro-integrator.sh stop" stops it.
put "$EI/bin/micro-integrator.sh" <<EOF
#!/bin/sh
# micro-integrator.sh: starts the Micro Integrator of WSO2 EI 7.0.0 from
# this home. A training stand-in: the server holds 127.0.0.1 port $MI_PORT
# (its management API) until stopped and writes its log to
# repository/logs/wso2carbon.log. "sh micro-integrator.sh stop" stops the
# server started from this home.
CARBON_HOME=\$(cd "\$(dirname "\$0")/.." && pwd)
PID_FILE=\$CARBON_HOME/wso2carbon.pid
LOG=\$CARBON_HOME/repository/logs/wso2carbon.log
now() { date '+%Y-%m-%d %H:%M:%S,000'; }
log() { echo "[\$(now)]  \$*" >> "\$LOG"; }
running() {
	[ -f "\$PID_FILE" ] && pid=\$(cat "\$PID_FILE") &&
	    ps -ww -p "\$pid" -o args= 2>/dev/null | grep -qF -- "\$LOG"
}
mkdir -p "\$(dirname "\$LOG")"
case \${1:-} in
stop|--stop)
	if ! running; then
		echo "micro-integrator.sh: no server is running from \$CARBON_HOME" >&2
		rm -f "\$PID_FILE"
		exit 1
	fi
	echo "Stopping the Micro Integrator (process \$pid)"
	kill -TERM "\$pid" || exit 1
	rm -f "\$PID_FILE"
	log "INFO {org.wso2.micro.integrator.initializer.ServiceComponent} - Shutdown complete"
	exit 0 ;;
esac
if running; then
	echo "micro-integrator.sh: the Micro Integrator is already running from \$CARBON_HOME (process \$pid)" >&2
	exit 1
fi
echo "CARBON_HOME environment variable is set to \$CARBON_HOME"
echo "Starting the Micro Integrator of WSO2 EI 7.0.0 \$*"
log "INFO {org.wso2.micro.integrator.initializer.ServiceComponent} - Starting WSO2 Micro Integrator (\$*)"
TOOL=\$CARBON_HOME/dropins/org.wso2.mi.migration-1.2.0.jar
for a in "\$@"; do
	case \$a in
	-Dmigrate.from.product.version=*)
		if [ ! -f "\$TOOL" ]; then
			log "WARN {org.wso2.micro.integrator.initializer.ServiceComponent} - \$a given but the migration tool is not in dropins: nothing decrypted"
		elif [ "\$(head -c 2 "\$TOOL")" != PK ]; then
			log "ERROR {org.eclipse.osgi.internal.framework.EquinoxContainer} - Error reading bundle \$TOOL: java.util.zip.ZipException: zip END header not found"
			log "WARN {org.wso2.mi.migration.MigrationClient} - the migration tool did not start: nothing decrypted"
		else
			case \$a in
			*=110|*=mi110)
				mkdir -p "\$CARBON_HOME/migration"
				for f in secure-vault cipher-text; do
					grep -v '^#' "\$CARBON_HOME/conf/security/\$f.properties" | while IFS='=' read -r k v; do
						[ -n "\$k" ] || continue
						printf '%s=%s\n' "\$k" "\$(printf %s "\$v" | base64 -d)"
					done > "\$CARBON_HOME/migration/\$f-decrypted.properties"
				done
				log "INFO {org.wso2.mi.migration.MigrationClient} - Decrypted values written to \$CARBON_HOME/migration" ;;
			*)
				log "WARN {org.wso2.mi.migration.MigrationClient} - unknown product version in \$a: nothing decrypted" ;;
			esac
		fi ;;
	esac
done
echo \$\$ > "\$PID_FILE"
exec "$WIZARD" training-server $MI_PORT "\$LOG" "[\$(now)]  INFO {org.wso2.micro.integrator.initializer.StartupFinalizer} - WSO2 Micro Integrator started in 6.41 seconds"
EOF
chmod 755 "$EI/bin/micro-integrator.sh"

# ---- The Micro Integrator of API-M 4.0.0, as shipped --------------------
mkdir -p "$MI/bin" "$MI/conf" "$MI/lib" "$MI/dropins" \
    "$MI/repository/deployment/server/carbonapps" \
    "$MI/repository/deployment/server/synapse-configs/default/sequences" \
    "$MI/repository/deployment/client/modules" \
    "$MI/repository/resources/security" "$MI/repository/logs" || exit 1
put "$MI/bin/micro-integrator.sh" <<'EOF'
#!/bin/sh
# micro-integrator.sh of the Micro Integrator 4.0.0 of API-M 4.0.0 (training
# sandbox): this guide does not start it.
echo "The Micro Integrator 4.0.0 is not started in this training sandbox." >&2
exit 1
EOF
chmod 755 "$MI/bin/micro-integrator.sh"
echo "WSO2 Micro Integrator v4.0.0" | put "$MI/bin/version.txt"
put "$MI/conf/deployment.toml" <<'EOF'
[server]
hostname = "localhost"

[keystore.primary]
file_name = "repository/resources/security/wso2carbon.jks"
password = "wso2carbon"
alias = "wso2carbon"
key_password = "wso2carbon"

[truststore]
file_name = "repository/resources/security/client-truststore.jks"
password = "wso2carbon"
alias = "symmetric.key.value"
algorithm = "AES"
EOF
put "$MI/repository/deployment/server/synapse-configs/default/sequences/fault.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<sequence name="fault" xmlns="http://ws.apache.org/ns/synapse">
    <log level="full"/>
    <drop/>
</sequence>
EOF
put "$MI/repository/deployment/server/synapse-configs/default/sequences/main.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Micro Integrator 4.0.0: the main sequence, as shipped -->
<sequence name="main" xmlns="http://ws.apache.org/ns/synapse">
    <in><log level="full"/><drop/></in>
    <out><send/></out>
</sequence>
EOF
printf 'addressing module 1.6.1-wso2v40 (Micro Integrator 4.0.0)\n' \
    > "$MI/repository/deployment/client/modules/addressing-1.6.1-wso2v40.mar"
printf 'JKS Micro Integrator 4.0.0 wso2carbon.jks, as shipped\n' > "$MI/repository/resources/security/wso2carbon.jks"
printf 'JKS Micro Integrator 4.0.0 client-truststore.jks, as shipped\n' \
    > "$MI/repository/resources/security/client-truststore.jks"
printf 'PKCS12 Micro Integrator 4.0.0 sample keystore, not a JKS file\n' > "$MI/repository/resources/security/sample.p12"

# ---- The downloads -------------------------------------------------------
Z=$SB/.build
mkdir -p "$Z/scripts" "$Z/tool/META-INF" "$Z/tool/org/wso2/mi/migration" || exit 1
put "$Z/scripts/mysql.sql" <<'EOF'
-- Micro Integrator: EI 7.0.x to API-M 4.0.0, the user store (MySQL)
ALTER TABLE UM_USER ADD COLUMN IF NOT EXISTS UM_USER_ID CHAR(36) NOT NULL DEFAULT 'NONE';
UPDATE UM_USER SET UM_USER_ID = UUID() WHERE UM_USER_ID = 'NONE';
ALTER TABLE UM_USER ADD UNIQUE INDEX IF NOT EXISTS UM_USER_ID_UNIQUE (UM_USER_ID);
CREATE TABLE IF NOT EXISTS UM_UUID_DOMAIN_MAPPER (
  UM_ID INTEGER NOT NULL AUTO_INCREMENT,
  UM_USER_ID VARCHAR(255) NOT NULL,
  UM_DOMAIN_ID INTEGER NOT NULL,
  UM_TENANT_ID INTEGER DEFAULT 0,
  PRIMARY KEY (UM_ID),
  UNIQUE (UM_USER_ID)
) ENGINE INNODB;
EOF
put "$Z/scripts/postgresql.sql" <<'EOF'
-- Micro Integrator: EI 7.0.x to API-M 4.0.0, the user store (PostgreSQL)
ALTER TABLE UM_USER ADD COLUMN IF NOT EXISTS UM_USER_ID CHAR(36) NOT NULL DEFAULT 'NONE';
UPDATE UM_USER SET UM_USER_ID = md5(random()::text || clock_timestamp()::text)::uuid WHERE UM_USER_ID = 'NONE';
CREATE UNIQUE INDEX IF NOT EXISTS UM_USER_ID_UNIQUE ON UM_USER (UM_USER_ID);
CREATE TABLE IF NOT EXISTS UM_UUID_DOMAIN_MAPPER (
  UM_ID SERIAL,
  UM_USER_ID VARCHAR(255) NOT NULL,
  UM_DOMAIN_ID INTEGER NOT NULL,
  UM_TENANT_ID INTEGER DEFAULT 0,
  PRIMARY KEY (UM_ID),
  UNIQUE (UM_USER_ID)
);
EOF
printf -- '-- the same for Oracle (not used in the training sandbox)\nALTER TABLE UM_USER ADD UM_USER_ID CHAR(36)\n/\n' > "$Z/scripts/oracle.sql"
printf -- '-- the same for SQL Server (not used in the training sandbox)\nALTER TABLE UM_USER ADD UM_USER_ID CHAR(36);\n' > "$Z/scripts/mssql.sql"
(cd "$Z/scripts" && zip -q "$DL/migration-scripts-EI70X_to_APIM400.zip" mysql.sql postgresql.sql oracle.sql mssql.sql) ||
    die "cannot make $DL/migration-scripts-EI70X_to_APIM400.zip"
# The migration tool: a jar (a zip file), at the "raw" address; at the
# "blob" address, the web page about it.
printf 'Manifest-Version: 1.0\nBundle-SymbolicName: org.wso2.mi.migration\nBundle-Version: 1.2.0\n' \
    > "$Z/tool/META-INF/MANIFEST.MF"
printf 'migration client of the training sandbox\n' > "$Z/tool/org/wso2/mi/migration/MigrationClient.class"
GH=$SB/github/wso2-docs/WSO2_EI
mkdir -p "$GH/raw/master/migration-client" "$GH/blob/master/migration-client" || exit 1
(cd "$Z/tool" && zip -qr "$GH/raw/master/migration-client/org.wso2.mi.migration-1.2.0.jar" META-INF org) ||
    die "cannot make the migration tool's jar"
put "$GH/blob/master/migration-client/org.wso2.mi.migration-1.2.0.jar" <<'EOF'
<!DOCTYPE html>
<html lang="en" data-color-mode="auto">
  <head>
    <meta charset="utf-8">
    <title>WSO2_EI/migration-client/org.wso2.mi.migration-1.2.0.jar at master · wso2-docs/WSO2_EI · GitHub</title>
  </head>
  <body>
    <a href="/wso2-docs/WSO2_EI/raw/master/migration-client/org.wso2.mi.migration-1.2.0.jar">View raw</a>
    <p>(Sorry about that, but we can't show files that are this big right now.)</p>
  </body>
</html>
EOF
# html-jar: the tool was downloaded from the address the document gives
# (the web page), not from the raw address.
if [ "$FAULT" = html-jar ]; then
	cp "$GH/blob/master/migration-client/org.wso2.mi.migration-1.2.0.jar" "$DL/" || exit 1
else
	cp "$GH/raw/master/migration-client/org.wso2.mi.migration-1.2.0.jar" "$DL/" || exit 1
fi
rm -rf "$Z"

# ---- The seeds of the training database ---------------------------------
mkdir -p "$SB/db" || exit 1
cp "$HERE/seed-mariadb.sql" "$HERE/seed-postgresql.sql" "$SB/db/" || exit 1
printf -- '-- drop-mariadb.sql: drops the training database of db/seed-mariadb.sql\n-- (and everything in it), so that the seed can be loaded again.\nDROP DATABASE IF EXISTS training_mi_userdb;\n' \
    > "$SB/db/drop-mariadb.sql"
printf -- '-- drop-postgresql.sql: drops the training database of db/seed-postgresql.sql\n-- (and everything in it), so that the seed can be loaded again. Run it\n-- connected to another database (postgres).\nDROP DATABASE IF EXISTS training_mi_userdb;\n' \
    > "$SB/db/drop-postgresql.sql"
exit 0
