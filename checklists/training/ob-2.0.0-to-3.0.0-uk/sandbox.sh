#!/bin/sh
# sandbox.sh: builds the training sandbox of the Open Banking 2.0.0 to 3.0.0
# (UK) guide in DIR, as `sh sandbox.sh DIR` (DIR exists and is empty), with
# WIZARD (the program), IS_PORT, APIM_PORT, SI_PORT, OBBI_PORT (free ports on
# 127.0.0.1) and WIZARD_SANDBOX_FAULT (empty, merge-fails, short-column or
# dcr-underscore) in the environment. See TRAINING-CONTRACT in
# doc/checklist-format.md and training.yaml beside this file.
#
# What it builds, as the homes look before the upgrade:
#   wso2-ob-2.0.0/     API Manager 3.1.0, Identity Server 5.10.0 (Key
#                      Manager) and Open Banking Business Intelligence 2.0.0,
#                      their deployment.toml/deployment.yaml pointing to the
#                      training databases, keystores, start scripts
#   downloads/         the product archives the stages extract
#   ob-3.0.0/          the install folder, with API Manager 3.2.0 (Stage 1 is
#                      done by following WSO2's own documents)
#   wso2-files/        what the WSO2 team provides: accelerators and toolkits
#                      (with their merge.sh), migration clients and tools,
#                      database scripts, workflow.txt, lifecycle.txt
#   backups/           the backup folder
#   tools/bin/keytool  a keytool for the sandbox's keystores
#   db/                the seeds of the training databases, and the scripts
#                      that drop them
# The start scripts run "$WIZARD training-server PORT LOG LINE" in the
# foreground: it holds the port and writes the server's "started" line.
# Everything written here refers only to files inside DIR.
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
for v in IS_PORT APIM_PORT SI_PORT OBBI_PORT; do
	eval "p=\${$v:-}"
	case $p in
	''|*[!0-9]*) die "$v must be a port number (it is '$p')" ;;
	esac
done
FAULT=${WIZARD_SANDBOX_FAULT:-}
case $FAULT in
''|merge-fails|short-column|dcr-underscore) ;;
*) die "unknown fault '$FAULT' (merge-fails, short-column, dcr-underscore)" ;;
esac
for tool in zip sha256sum base64; do
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

# The training databases: the names the configuration files point to.
DB_URL_BASE="jdbc:mysql://localhost:3306"
DB_OPTS="autoReconnect=true&amp;useSSL=false"

# ---- Keystores ---------------------------------------------------------
# A keystore of the sandbox is a text file that tools/bin/keytool reads and
# changes: its entries, and the SHA-256 of its password (the products'
# default, wso2carbon). keystore FILE WHAT ENTRY...
keystore() {
	ks_file=$1 ks_what=$2
	shift 2
	{
		echo "WSO2-TRAINING-KEYSTORE 1"
		echo "# $ks_what: a stand-in for a JKS keystore in a training sandbox."
		echo "# tools/bin/keytool lists, exports and imports its entries."
		echo "integrity: $(printf %s wso2carbon | sha256sum | cut -c1-64)"
		for e in "$@"; do
			echo "entry: $e"
		done
	} | put "$ks_file"
}
CERT_DN="CN=localhost, OU=WSO2, O=WSO2, L=Mountain View, ST=CA, C=US"
# security DIR PRODUCT: the two keystores of a product.
security() {
	keystore "$1/wso2carbon.jks" "wso2carbon.jks of $2" \
	    "PrivateKeyEntry wso2carbon $CERT_DN"
	keystore "$1/client-truststore.jks" "client-truststore.jks of $2" \
	    "trustedCertEntry wso2carbon $CERT_DN" \
	    "trustedCertEntry digicertglobalrootca CN=DigiCert Global Root CA, OU=www.digicert.com, O=DigiCert Inc, C=US" \
	    "trustedCertEntry openbankingtestroot CN=OpenBanking Root CA, OU=Test Publishing Bank, O=OpenBanking, C=GB"
}

# ---- Start scripts -----------------------------------------------------
# server HOME SCRIPT PORT LOG PRODUCT READY [HOOK]: the start script of a
# product (HOME/bin/SCRIPT). It runs in the foreground until stopped, its
# process id in HOME/wso2carbon.pid; "SCRIPT stop" stops it. LOG is
# relative to HOME; READY is the line written once the port is held; HOOK,
# shell code run before, sees the arguments in "$@".
server() {
	put "$1/bin/$2" <<EOF
#!/bin/sh
# $2: starts $5 from this home. A training stand-in: the
# server holds 127.0.0.1 port $3 (its HTTPS port) until stopped and writes
# its log to $4. "sh $2 stop" stops the server
# started from this home.
CARBON_HOME=\$(cd "\$(dirname "\$0")/.." && pwd)
PID_FILE=\$CARBON_HOME/wso2carbon.pid
LOG=\$CARBON_HOME/$4
now() { date '+%Y-%m-%d %H:%M:%S,000'; }
log() { echo "[\$(now)]  \$*" >> "\$LOG"; }
# Is the server of this home running? (The process named in the pid file
# must be this home's server: a stale pid file names another process.)
running() {
	[ -f "\$PID_FILE" ] && pid=\$(cat "\$PID_FILE") &&
	    ps -ww -p "\$pid" -o args= 2>/dev/null | grep -qF -- "\$LOG"
}
mkdir -p "\$(dirname "\$LOG")"
case \${1:-} in
stop|--stop)
	if ! running; then
		echo "$2: no server is running from \$CARBON_HOME" >&2
		rm -f "\$PID_FILE"
		exit 1
	fi
	echo "Stopping $5 (process \$pid)"
	kill -TERM "\$pid" || exit 1
	rm -f "\$PID_FILE"
	log "INFO {org.wso2.carbon.core.ServerManagement} - Shutdown complete"
	exit 0 ;;
esac
if running; then
	echo "$2: $5 is already running from \$CARBON_HOME (process \$pid)" >&2
	exit 1
fi
echo "CARBON_HOME environment variable is set to \$CARBON_HOME"
echo "Starting $5 \$*"
log "INFO {org.wso2.carbon.core.internal.CarbonCoreActivator} - Starting WSO2 Carbon (\$*)"
${7:-}
echo \$\$ > "\$PID_FILE"
exec "$WIZARD" training-server $3 "\$LOG" "[\$(now)]  INFO $6"
EOF
	chmod 755 "$1/bin/$2"
}
CARBON_READY='{org.wso2.carbon.core.internal.StartupFinalizerServiceComponent} - WSO2 Carbon started in 41 sec'

# The Identity Server's migration runs: the IS migration client (-Dmigrate
# -Dcomponent=identity) and the Open Banking migration tool
# (-DobMigrationSpec=UK) log what they find and do.
IS_MIGRATION_HOOK='for a in "$@"; do
	case $a in
	-Dmigrate)
		if ls "$CARBON_HOME"/repository/components/dropins/org.wso2.carbon.is.migration-*.jar > /dev/null 2>&1 &&
		    [ -f "$CARBON_HOME/migration-resources/migration-config.yaml" ]; then
			log "INFO {org.wso2.carbon.is.migration.MigrationClientImpl} - ............................................Migration starts..."
			log "INFO {org.wso2.carbon.is.migration.MigrationClientImpl} - Migration config: $CARBON_HOME/migration-resources/migration-config.yaml"
			log "INFO {org.wso2.carbon.is.migration.MigrationClientImpl} - ............................................Migration completed."
		else
			log "WARN {org.wso2.carbon.is.migration.MigrationClientImpl} - -Dmigrate given but no migration client in repository/components/dropins: nothing migrated"
		fi ;;
	-DobMigrationSpec=*)
		cfg=$CARBON_HOME/openbanking-migration-resources/migration-config.yaml
		if [ -f "$cfg" ] && grep -q "^migrationEnable: \"true\"" "$cfg"; then
			log "INFO {com.wso2.openbanking.migration.OBMigrationClient} - Open Banking migration (${a#*=}) started"
			log "INFO {com.wso2.openbanking.migration.OBMigrationClient} - Open Banking migration completed"
		else
			log "WARN {com.wso2.openbanking.migration.OBMigrationClient} - migrationEnable is not \"true\" in $cfg: nothing migrated"
		fi ;;
	esac
done'

# carbon HOME SCRIPT VERSION PRODUCT PORT: an API Manager or Identity
# Server home (its deployment.toml is written by the caller).
carbon() {
	hook=""
	case $4 in *Identity*) hook=$IS_MIGRATION_HOOK ;; esac
	server "$1" "$2" "$5" repository/logs/wso2carbon.log "$4 $3" "$CARBON_READY" "$hook"
	echo "WSO2 $4 v$3" | put "$1/bin/version.txt"
	mkdir -p "$1/repository/components/dropins" "$1/repository/components/lib" \
	    "$1/repository/logs" "$1/repository/deployment/server"
	security "$1/repository/resources/security" "$4 $3"
	printf 'Copyright (c) WSO2 LLC. (https://www.wso2.com).\nWSO2 %s %s: a training sandbox stand-in.\n' "$4" "$3" \
	    | put "$1/README.txt"
}

# ---- Configuration files -----------------------------------------------
# db NAME: the JDBC URL of a training database.
db() {
	echo "$DB_URL_BASE/$1?$DB_OPTS"
}

# toml_apim_old: deployment.toml of API Manager 3.1.0 (Open Banking 2.0.0).
toml_apim_old() {
	cat <<EOF
# deployment.toml of WSO2 API Manager 3.1.0 in WSO2 Open Banking 2.0.0
# (training sandbox: the databases are the training databases the seeds in
# db/ create; the HTTPS port is $APIM_PORT).
[server]
hostname = "localhost"
node_ip = "127.0.0.1"
server_role = "default"
offset = 0

[super_admin]
username = "admin@wso2.com"
password = "\$secret{admin_password}"
create_admin_account = true

[user_store]
type = "database_unique_id"

[database.apim_db]
type = "mysql"
url = "$(db training_apimgtdb)"
username = "wso2carbon"
password = "\$secret{apim_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.shared_db]
type = "mysql"
url = "$(db training_govregdb)"
username = "wso2carbon"
password = "\$secret{shared_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.config]
type = "mysql"
url = "$(db training_am_configdb)"
username = "wso2carbon"
password = "\$secret{config_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.user]
type = "mysql"
url = "$(db training_userdb)"
username = "wso2carbon"
password = "\$secret{user_db}"
driver = "com.mysql.cj.jdbc.Driver"

[[datasource]]
id = "WSO2OB_DB"
url = "$(db training_openbankingdb)"
username = "wso2carbon"
password = "\$secret{ob_db}"
driver = "com.mysql.cj.jdbc.Driver"

[keystore.tls]
file_name = "wso2carbon.jks"
type = "JKS"
password = "\$secret{keystore_password}"
alias = "wso2carbon"
key_password = "\$secret{keystore_password}"

[apim.key_manager]
service_url = "https://localhost:$IS_PORT/services/"
type = "WSO2-IS"

[[apim.gateway.environment]]
name = "Production and Sandbox"
type = "hybrid"
display_in_api_console = true
service_url = "https://localhost:\${mgt.transport.https.port}/services/"
https_endpoint = "https://localhost:\${https.nio.port}"

[open_banking.dcr]
use_softwareIdForAppName = false
EOF
}

# toml_is_old: deployment.toml of Identity Server 5.10.0 as Key Manager.
toml_is_old() {
	cat <<EOF
# deployment.toml of WSO2 Identity Server 5.10.0 as Key Manager in WSO2 Open
# Banking 2.0.0 (training sandbox: the databases are the training databases
# the seeds in db/ create; the HTTPS port is $IS_PORT).
[server]
hostname = "localhost"
node_ip = "127.0.0.1"
base_path = "https://\$ref{server.hostname}:\${carbon.management.port}"
offset = 3

[super_admin]
username = "admin@wso2.com"
password = "\$secret{admin_password}"
create_admin_account = true

[user_store]
type = "database_unique_id"

[database.identity_db]
type = "mysql"
url = "$(db training_apimgtdb)"
username = "wso2carbon"
password = "\$secret{identity_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.shared_db]
type = "mysql"
url = "$(db training_govregdb)"
username = "wso2carbon"
password = "\$secret{shared_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.config]
type = "mysql"
url = "$(db training_iskm_configdb)"
username = "wso2carbon"
password = "\$secret{config_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.user]
type = "mysql"
url = "$(db training_userdb)"
username = "wso2carbon"
password = "\$secret{user_db}"
driver = "com.mysql.cj.jdbc.Driver"

[[datasource]]
id = "WSO2OB_DB"
url = "$(db training_openbankingdb)"
username = "wso2carbon"
password = "\$secret{ob_db}"
driver = "com.mysql.cj.jdbc.Driver"

[keystore.primary]
file_name = "wso2carbon.jks"
type = "JKS"
password = "\$secret{keystore_password}"
alias = "wso2carbon"
key_password = "\$secret{keystore_password}"

[open_banking.identity]
consent_mgt_url = "https://localhost:$IS_PORT/api/openbanking/consent"
EOF
}

# toml_apim_new: deployment.toml of API Manager 3.2.0, 4.0.0 and 4.2.0 as
# shipped, with the training databases.
toml_apim_new() {
	cat <<EOF
# deployment.toml of WSO2 API Manager $1, as shipped, with the Open Banking
# training databases.
[server]
hostname = "localhost"
#offset=0
node_ip = "127.0.0.1"
server_role = "default"

[super_admin]
username = "admin"
password = "admin"
create_admin_account = true

[user_store]
type = "database_unique_id"

[database.apim_db]
url = "$(db training_apimgtdb)"
username = "wso2carbon"
password = "\$secret{apim_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.shared_db]
url = "$(db training_govregdb)"
username = "wso2carbon"
password = "\$secret{shared_db}"

[keystore.tls]
file_name =  "wso2carbon.jks"
type =  "JKS"
password =  "wso2carbon"
alias =  "wso2carbon"
key_password =  "wso2carbon"

#[[apim.gateway.environment]]
#name = "Production"
[[apim.gateway.environment]]
name = "Default"
type = "hybrid"
display_in_api_console = true
description = "This is a hybrid gateway that handles both production and sandbox token traffic."
show_as_token_endpoint_url = true
service_url = "https://localhost:\${mgt.transport.https.port}/services/"
username= "\${admin.username}"
password= "\${admin.password}"
ws_endpoint = "ws://localhost:9099"
wss_endpoint = "wss://localhost:8099"
http_endpoint = "http://localhost:\${http.nio.port}"
https_endpoint = "https://localhost:\${https.nio.port}"

#[apim.cache.gateway_token]
#enable = true

[apim.sync_runtime_artifacts.gateway]
gateway_labels =["Default"]

[apim.devportal]
#url = "https://localhost:\${mgt.transport.https.port}/devportal"
EOF
}

# toml_is_toolkit: the UK toolkit's deployment.toml for the Identity Server.
toml_is_toolkit() {
	cat <<EOF
# wso2is-5.11.0-deployment-uk.toml: the UK toolkit's deployment.toml for the
# Identity Server, with the Open Banking training databases.
[server]
hostname = "localhost"
node_ip = "127.0.0.1"
base_path = "https://\$ref{server.hostname}:\${carbon.management.port}"
offset = 3

[super_admin]
username = "admin@wso2.com"
password = "wso2123"
create_admin_account = true

[database.identity_db]
url = "$(db training_apimgtdb)"
username = "wso2carbon"
password = "\$secret{identity_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.user]
url = "$(db training_userdb)"
username = "wso2carbon"
password = "\$secret{user_db}"

[[datasource]]
id = "WSO2OB_DB"
url = "$(db training_openbankingdb)"
username = "wso2carbon"
password = "\$secret{ob_db}"
driver = "com.mysql.cj.jdbc.Driver"

[open_banking.identity]
# The consent management endpoints
consent_mgt_url = "https://localhost:$IS_PORT/api/openbanking/consent"

[oauth.token_validation]
# validate the scopes of the token
validate_scopes = true
EOF
}

# toml_apim_toolkit: the UK toolkit's deployment.toml for API Manager.
toml_apim_toolkit() {
	cat <<EOF
# wso2am-4.0.0-deployment-uk.toml: the UK toolkit's deployment.toml for API
# Manager, with the Open Banking training databases.
[server]
hostname = "localhost"
node_ip = "127.0.0.1"
server_role = "default"

[database.apim_db]
url = "$(db training_apimgtdb)"
username = "wso2carbon"
password = "\$secret{apim_db}"
driver = "com.mysql.cj.jdbc.Driver"

[database.config]
url = "$(db training_am_configdb)"
username = "wso2carbon"
password = "\$secret{config_db}"

[realm_manager]
data_source = "WSO2USER_DB"   # the user store's datasource

[open_banking.dcr]
# Dynamic client registration
use_softwareIdForAppName = true
jwks_url_sandbox = "https://keystore.openbankingtest.org.uk/0015800001HQQrZAAX/0015800001HQQrZAAX.jwks"
jwks_url_production = "https://keystore.openbankingtest.org.uk/0015800001HQQrZAAX/0015800001HQQrZAAX.jwks"

[open_banking.dcr.registration]
validator = "com.wso2.openbanking.uk.dcr.UKRegistrationValidatorImpl"

# The gateway of Open Banking
[open_banking.gateway]
# Mutual TLS
client_transport_cert_header_name = "x-wso2-mutual-auth-cert"
EOF
}

# ---- The Open Banking 2.0.0 installation -------------------------------
OB2=$SB/wso2-ob-2.0.0
OLD_APIM_HOME=$OB2/wso2am-3.1.0
OLD_IS_HOME=$OB2/wso2is-5.10.0
OBBI_HOME=$OB2/wso2-obbi-2.0.0
carbon "$OLD_APIM_HOME" wso2server.sh 3.1.0 "API Manager" "$APIM_PORT"
toml_apim_old | put "$OLD_APIM_HOME/repository/conf/deployment.toml"
echo "ob accelerator gateway 2.0.0" | put "$OLD_APIM_HOME/repository/components/dropins/com.wso2.finance.open.banking.gateway-2.0.0.jar"
carbon "$OLD_IS_HOME" wso2server.sh 5.10.0 "Identity Server" "$IS_PORT"
toml_is_old | put "$OLD_IS_HOME/repository/conf/deployment.toml"
echo "ob identity 2.0.0" | put "$OLD_IS_HOME/repository/components/dropins/com.wso2.finance.open.banking.identity-2.0.0.jar"
printf '<!-- api-manager.xml of the Key Manager (Open Banking 2.0.0) -->\n<APIManager>\n    <AuthManager><ServerURL>https://localhost:%s/services/</ServerURL></AuthManager>\n</APIManager>\n' "$APIM_PORT" \
    | put "$OLD_IS_HOME/repository/conf/api-manager.xml"

# Open Banking Business Intelligence 2.0.0: its worker.
server "$OBBI_HOME" worker.sh "$OBBI_PORT" wso2/worker/logs/carbon.log \
    "Open Banking Business Intelligence 2.0.0 (worker)" \
    '{org.wso2.carbon.kernel.internal.CarbonStartupHandler} - WSO2 Stream Processor started in 7.211 sec'
echo "WSO2 Open Banking Business Intelligence v2.0.0" | put "$OBBI_HOME/bin/version.txt"
put "$OBBI_HOME/conf/worker/deployment.yaml" <<EOF
# deployment.yaml of the Open Banking Business Intelligence 2.0.0 worker
# (training sandbox: the reporting databases are the training databases).
wso2.carbon:
  id: wso2-obbi-worker
  name: WSO2 Open Banking Business Intelligence Worker

wso2.transport.http:
  listenerConfigurations:
    - id: "msf4j-https"
      host: "0.0.0.0"
      port: $OBBI_PORT
      scheme: https
      keyStoreFile: "\${carbon.home}/resources/security/wso2carbon.jks"
      keyStorePassword: wso2carbon

wso2.datasources:
  dataSources:
    - name: OB_REPORTING_DB
      description: The raw reporting data
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:mysql://localhost:3306/training_reporting_statsdb?useSSL=false'
          username: wso2carbon
          password: wso2carbon
          driverClassName: com.mysql.jdbc.Driver
          maxPoolSize: 50
    - name: OB_REPORTING_SUMMARIZED_DB
      description: The summarized reporting data
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:mysql://localhost:3306/training_reporting_summarizeddb?useSSL=false'
          username: wso2carbon
          password: wso2carbon
          driverClassName: com.mysql.jdbc.Driver
          maxPoolSize: 50
EOF
security "$OBBI_HOME/resources/security" "Open Banking Business Intelligence 2.0.0"
echo "siddhi app" | put "$OBBI_HOME/wso2/worker/deployment/siddhi-files/OBAccountsRawDataApp.siddhi"

DOWNLOADS=$SB/downloads
INSTALL_DIR=$SB/ob-3.0.0
WSO2_FILES=$SB/wso2-files
mkdir -p "$DOWNLOADS" "$INSTALL_DIR" "$WSO2_FILES" "$SB/backups" || exit 1

# API Manager 3.2.0: Stage 1 extracts it while following WSO2's documents.
carbon "$INSTALL_DIR/wso2am-3.2.0" wso2server.sh 3.2.0 "API Manager" "$APIM_PORT"
toml_apim_new 3.2.0 | put "$INSTALL_DIR/wso2am-3.2.0/repository/conf/deployment.toml"

# ---- The archives ------------------------------------------------------
Z=$SB/.build
mkdir -p "$Z" || exit 1
# mkzip NAME OUT: zip the folder Z/NAME into OUT.
mkzip() {
	(cd "$Z" && zip -qry "$2" "$1") || die "cannot make $2"
}
carbon "$Z/wso2is-5.11.0" wso2server.sh 5.11.0 "Identity Server" "$IS_PORT"
toml_is_toolkit | put "$Z/wso2is-5.11.0/repository/conf/deployment.toml"
mkzip wso2is-5.11.0 "$DOWNLOADS/wso2is-5.11.0.zip"
carbon "$Z/wso2am-4.0.0" api-manager.sh 4.0.0 "API Manager" "$APIM_PORT"
toml_apim_new 4.0.0 | put "$Z/wso2am-4.0.0/repository/conf/deployment.toml"
mkzip wso2am-4.0.0 "$DOWNLOADS/wso2am-4.0.0.zip"
carbon "$Z/wso2is-6.1.0" wso2server.sh 6.1.0 "Identity Server" "$IS_PORT"
toml_is_toolkit | put "$Z/wso2is-6.1.0/repository/conf/deployment.toml"
mkzip wso2is-6.1.0 "$DOWNLOADS/wso2is-6.1.0.zip"
carbon "$Z/wso2am-4.2.0" api-manager.sh 4.2.0 "API Manager" "$APIM_PORT"
toml_apim_new 4.2.0 | put "$Z/wso2am-4.2.0/repository/conf/deployment.toml"
mkzip wso2am-4.2.0 "$DOWNLOADS/wso2am-4.2.0.zip"
SI=$Z/wso2si-4.0.0
server "$SI" server.sh "$SI_PORT" wso2/server/logs/carbon.log "Streaming Integrator 4.0.0" \
    '{org.wso2.carbon.kernel.internal.CarbonStartupHandler} - WSO2 Streaming Integrator started in 6.482 sec'
echo "WSO2 Streaming Integrator v4.0.0" | put "$SI/bin/version.txt"
put "$SI/conf/server/deployment.yaml" <<EOF
# deployment.yaml of WSO2 Streaming Integrator 4.0.0, as shipped
wso2.carbon:
  id: wso2-si
  name: WSO2 Streaming Integrator
EOF
mkdir -p "$SI/lib" "$SI/deployment/siddhi-files"
security "$SI/resources/security" "Streaming Integrator 4.0.0"
mkzip wso2si-4.0.0 "$DOWNLOADS/wso2si-4.0.0.zip"

# An accelerator or toolkit NAME whose carbon-home holds the files listed
# on stdin (one path a line). Its bin/merge.sh copies them into the product
# home (the folder above the accelerator's), file by file, saying what it
# does; a file missing from carbon-home stops it with an error.
accel() {
	put "$Z/$1/bin/merge.sh" <<'EOF'
#!/bin/bash
# merge.sh: merges this Open Banking accelerator (or toolkit) into the
# product home it was extracted into: every file of carbon-home/, listed in
# bin/merge-files.txt, is copied into the product home. Run it from the
# accelerator's bin folder, with the product stopped.
ACC_HOME=$(cd "$(dirname "$0")/.." && pwd)
PRODUCT_HOME=$(cd "$ACC_HOME/.." && pwd)
NAME=$(basename "$ACC_HOME")
if [ ! -f "$PRODUCT_HOME/bin/version.txt" ]; then
	echo "[ERROR] $PRODUCT_HOME is not a WSO2 product home (no bin/version.txt): extract $NAME inside the product home" >&2
	exit 1
fi
echo "[INFO] Merging $NAME into $PRODUCT_HOME ($(cat "$PRODUCT_HOME/bin/version.txt"))"
n=0
while IFS= read -r f; do
	[ -n "$f" ] || continue
	if [ ! -f "$ACC_HOME/carbon-home/$f" ]; then
		echo "[ERROR] $ACC_HOME/carbon-home/$f is missing: the $NAME folder is incomplete ($n files merged so far; nothing else was changed)" >&2
		exit 1
	fi
	mkdir -p "$PRODUCT_HOME/$(dirname "$f")" &&
	    cp "$ACC_HOME/carbon-home/$f" "$PRODUCT_HOME/$f" || {
		echo "[ERROR] cannot copy $f into $PRODUCT_HOME ($n files merged so far)" >&2
		exit 1
	}
	echo "[INFO] Copied $f"
	n=$((n + 1))
done < "$ACC_HOME/bin/merge-files.txt"
echo "[INFO] $NAME merged: $n files copied into $PRODUCT_HOME"
EOF
	chmod 755 "$Z/$1/bin/merge.sh"
	: > "$Z/$1/bin/merge-files.txt"
	while read -r f; do
		echo "$f" >> "$Z/$1/bin/merge-files.txt"
		case $f in
		*.sql) ;;
		*) echo "$f of $1" | put "$Z/$1/carbon-home/$f" ;;
		esac
	done
	echo "WSO2 Open Banking $1" | put "$Z/$1/README.txt"
}
accel wso2-obiam-accelerator-3.0.0 <<EOF
repository/components/dropins/com.wso2.openbanking.accelerator.identity-3.0.0.jar
repository/components/dropins/com.wso2.openbanking.accelerator.consent.mgt.service-3.0.0.jar
repository/components/lib/com.wso2.openbanking.accelerator.common-3.0.0.jar
dbscripts/open-banking/consent/mysql.sql
dbscripts/open-banking/consent/postgresql.sql
dbscripts/open-banking/consent/oracle.sql
dbscripts/open-banking/consent/mssql.sql
EOF
CONSENT=$Z/wso2-obiam-accelerator-3.0.0/carbon-home/dbscripts/open-banking/consent
put "$CONSENT/mysql.sql" <<'EOF'
-- Open Banking 3.0.0 consent management tables (MySQL), a part of them.
CREATE TABLE IF NOT EXISTS OB_CONSENT (
  CONSENT_ID VARCHAR(255) NOT NULL,
  RECEIPT JSON NOT NULL,
  CREATED_TIME INT NOT NULL,
  UPDATED_TIME INT NOT NULL,
  CLIENT_ID VARCHAR(255) NOT NULL,
  CONSENT_TYPE VARCHAR(64) NOT NULL,
  CURRENT_STATUS VARCHAR(64) NOT NULL,
  PRIMARY KEY (CONSENT_ID)
) ENGINE INNODB;
CREATE TABLE IF NOT EXISTS OB_CONSENT_ATTRIBUTE (
  CONSENT_ID VARCHAR(255) NOT NULL,
  ATT_KEY VARCHAR(255) NOT NULL,
  ATT_VALUE VARCHAR(1023) NOT NULL,
  PRIMARY KEY (CONSENT_ID, ATT_KEY),
  CONSTRAINT FK_ID_OB_CONSENT_ATTRIBUTE FOREIGN KEY (CONSENT_ID) REFERENCES OB_CONSENT (CONSENT_ID)
) ENGINE INNODB;
EOF
put "$CONSENT/postgresql.sql" <<'EOF'
-- Open Banking 3.0.0 consent management tables (PostgreSQL), a part of them.
CREATE TABLE IF NOT EXISTS OB_CONSENT (
  CONSENT_ID VARCHAR(255) NOT NULL,
  RECEIPT JSON NOT NULL,
  CREATED_TIME INTEGER NOT NULL,
  UPDATED_TIME INTEGER NOT NULL,
  CLIENT_ID VARCHAR(255) NOT NULL,
  CONSENT_TYPE VARCHAR(64) NOT NULL,
  CURRENT_STATUS VARCHAR(64) NOT NULL,
  PRIMARY KEY (CONSENT_ID)
);
CREATE TABLE IF NOT EXISTS OB_CONSENT_ATTRIBUTE (
  CONSENT_ID VARCHAR(255) NOT NULL,
  ATT_KEY VARCHAR(255) NOT NULL,
  ATT_VALUE VARCHAR(1023) NOT NULL,
  PRIMARY KEY (CONSENT_ID, ATT_KEY),
  CONSTRAINT FK_ID_OB_CONSENT_ATTRIBUTE FOREIGN KEY (CONSENT_ID) REFERENCES OB_CONSENT (CONSENT_ID)
);
EOF
echo "-- Open Banking 3.0.0 consent management tables (Oracle): not used in the training sandbox" | put "$CONSENT/oracle.sql"
echo "-- Open Banking 3.0.0 consent management tables (SQL Server): not used in the training sandbox" | put "$CONSENT/mssql.sql"
accel wso2-obam-accelerator-3.0.0 <<EOF
repository/components/dropins/com.wso2.openbanking.accelerator.gateway-3.0.0.jar
repository/components/lib/com.wso2.openbanking.accelerator.common-3.0.0.jar
EOF
accel wso2-obiam-toolkit-uk-1.0.0 <<EOF
repository/components/dropins/com.wso2.openbanking.uk.identity-1.0.0.jar
repository/components/dropins/com.wso2.openbanking.uk.consent.extensions-1.0.0.jar
repository/components/lib/com.wso2.openbanking.uk.common-1.0.0.jar
EOF
toml_is_toolkit | put "$Z/wso2-obiam-toolkit-uk-1.0.0/repository/resources/wso2is-5.11.0-deployment-uk.toml"
accel wso2-obam-toolkit-uk-1.0.0 <<EOF
repository/components/dropins/com.wso2.openbanking.uk.gateway-1.0.0.jar
repository/components/lib/com.wso2.openbanking.uk.common-1.0.0.jar
EOF
toml_apim_toolkit | put "$Z/wso2-obam-toolkit-uk-1.0.0/repository/resources/wso2am-4.0.0-deployment-uk.toml"
accel wso2-obbi-accelerator-3.0.0 <<EOF
lib/com.wso2.openbanking.accelerator.bi-3.0.0.jar
EOF
put "$Z/wso2-obbi-accelerator-3.0.0/repository/resources/wso2si-4.0.0-deployment.yaml" <<EOF
# deployment.yaml of the Streaming Integrator, from the Business
# Intelligence accelerator (training sandbox: the training databases).
wso2.carbon:
  id: wso2-obbi
  name: WSO2 Open Banking Business Intelligence

wso2.datasources:
  dataSources:
    - name: OB_REPORTING_DB
      definition:
        type: RDBMS
        configuration:
          jdbcUrl: 'jdbc:mysql://localhost:3306/training_reporting_statsdb?useSSL=false'
          username: wso2carbon
          password: wso2carbon
          driverClassName: com.mysql.jdbc.Driver
EOF
accel wso2-obbi-toolkit-uk-1.0.0 <<EOF
deployment/siddhi-files/UKReportingApp.siddhi
deployment/siddhi-files/UKSummarizationApp.siddhi
EOF
for a in wso2-obiam-accelerator-3.0.0 wso2-obam-accelerator-3.0.0 \
    wso2-obiam-toolkit-uk-1.0.0 wso2-obam-toolkit-uk-1.0.0 \
    wso2-obbi-accelerator-3.0.0 wso2-obbi-toolkit-uk-1.0.0; do
	mkzip "$a" "$WSO2_FILES/$a.zip"
done
# merge-fails: the IS toolkit the WSO2 team sent first lacks a jar its
# merge.sh copies; the complete one was sent again.
if [ "$FAULT" = merge-fails ]; then
	mkdir -p "$WSO2_FILES/resent" || exit 1
	mv "$WSO2_FILES/wso2-obiam-toolkit-uk-1.0.0.zip" "$WSO2_FILES/resent/" || exit 1
	rm -f "$Z/wso2-obiam-toolkit-uk-1.0.0/carbon-home/repository/components/lib/com.wso2.openbanking.uk.common-1.0.0.jar"
	mkzip wso2-obiam-toolkit-uk-1.0.0 "$WSO2_FILES/wso2-obiam-toolkit-uk-1.0.0.zip"
fi

echo "connector" | put "$Z/wso2is-extensions-1.6.8/dropins/wso2is.key.manager.core-1.6.8.jar"
echo "connector" | put "$Z/wso2is-extensions-1.6.8/dropins/wso2is.notification.event.handlers-1.6.8.jar"
mkzip wso2is-extensions-1.6.8 "$WSO2_FILES/wso2is-extensions-1.6.8.zip"
# The IS migration client: its dropins jar and migration-resources.
echo "migration client" | put "$Z/wso2is-migration-1.1.163/dropins/org.wso2.carbon.is.migration-1.1.163.jar"
put "$Z/wso2is-migration-1.1.163/migration-resources/migration-config.yaml" <<'EOF'
# migration-config.yaml of the WSO2 Identity Server migration client
# (wso2is-migration-1.1.163), migrating 5.10.0 to 5.11.0.
migrationEnable: "true"
currentVersion: "5.10.0"
migrateVersion: "5.11.0"
continueOnError: "true"
batchUpdate: "true"
ignoreForInactiveTenants: "false"
migrateTenantRange: "false"
migrationStartingTenantID: "1"
migrationEndingTenantID: "1"

versions:
  # 5.9.0 to 5.10.0
  -
    version: "5.9.0"
    migratorConfigs:
    -
      name: "MigrationValidator"
      order: 1
    -
      name: "SchemaMigrator"
      order: 5
      parameters:
        location: "step1"
        schema: "identity"
    -
      name: "SchemaMigrator"
      order: 6
      parameters:
        location: "step2"
        schema: "identity"
    # Portal applications of the tenants
    -
      name: "TenantPortalMigrator"
      order: 10
  # 5.10.0 to 5.11.0
  -
    version: "5.10.0"
    migratorConfigs:
    -
      name: "MigrationValidator"
      order: 2
    -
      name: "SchemaMigrator"
      order: 5
      parameters:
        location: "step1"
        schema: "identity"
    -
      name: "SchemaMigrator"
      order: 6
      parameters:
        location: "step2"
        schema: "identity"
    -
      name: "KeyStorePasswordMigrator"
      order: 8
    # Portal applications of the tenants
    -
      name: "TenantPortalMigrator"
      order: 11
    -
      name: "UserIDMigrator"
      order: 12
      parameters:
        reuseExistingIds: "true"
  # 5.11.0 to 6.0.0
  -
    version: "5.11.0"
    migratorConfigs:
    -
      name: "MigrationValidator"
      order: 1
    -
      name: "SchemaMigrator"
      order: 5
      parameters:
        location: "step1"
        schema: "identity"
    -
      name: "SchemaMigrator"
      order: 6
      parameters:
        location: "step2"
        schema: "identity"
    # Portal applications of the tenants
    -
      name: "TenantPortalMigrator"
      order: 10
EOF
mkzip wso2is-migration-1.1.163 "$WSO2_FILES/wso2is-migration-1.1.163.zip"
echo "migration client" | put "$Z/wso2am-migration-4.2.0.54/dropins/org.wso2.carbon.apimgt.migrate.client-4.2.0.54.jar"
mkzip wso2am-migration-4.2.0.54 "$WSO2_FILES/wso2am-migration-4.2.0.54.zip"
# The Open Banking migration tool.
OBM=$Z/wso2-openbanking-migration-1.0.0
echo "ob migration" | put "$OBM/dropins/com.wso2.openbanking.migration-1.0.0.jar"
put "$OBM/openbanking-migration-resources/migration-config.yaml" <<'EOF'
# migration-config.yaml of the WSO2 Open Banking migration tool 1.0.0.
# Set migrationEnable to "true" to migrate at the next start with
# -DobMigrationSpec=UK.
migrationEnable: "false"

# The database the Open Banking data is read from and written to.
dataSource: "jdbc/WSO2OB_DB"
versions:
  - version: "2.0.0"
    migratorConfigs:
      - name: "ConsentMigrator"   # consents to the 3.0.0 tables
        order: 1
      - name: "DCRMigrator"
        order: 2
EOF
RMS=$OBM/openbanking-migration-resources/reporting-migration-scripts/uk
put "$RMS/mysql.sql" <<'EOF'
-- Reporting data migration to Open Banking 3.0.0 (UK), MySQL.
ALTER TABLE ACCOUNTS_RAW_DATA ADD COLUMN CONSENT_TYPE VARCHAR(50);
UPDATE ACCOUNTS_RAW_DATA SET CONSENT_TYPE = 'accounts';
EOF
put "$RMS/postgresql.sql" <<'EOF'
-- Reporting data migration to Open Banking 3.0.0 (UK), PostgreSQL.
ALTER TABLE ACCOUNTS_RAW_DATA ADD COLUMN CONSENT_TYPE VARCHAR(50);
UPDATE ACCOUNTS_RAW_DATA SET CONSENT_TYPE = 'accounts';
EOF
echo "-- Reporting data migration (Oracle): not used in the training sandbox" | put "$RMS/oracle.sql"
echo "-- Reporting data migration (SQL Server): not used in the training sandbox" | put "$RMS/mssql.sql"
mkzip wso2-openbanking-migration-1.0.0 "$WSO2_FILES/wso2-openbanking-migration-1.0.0.zip"

echo "<WorkFlowExtensions>
    <ApplicationCreation executor=\"org.wso2.carbon.apimgt.impl.workflow.ApplicationCreationSimpleWorkflowExecutor\"/>
</WorkFlowExtensions>" | put "$WSO2_FILES/workflow.txt"
echo "<aspect name=\"APILifeCycle\" class=\"org.wso2.carbon.governance.registry.extensions.aspects.DefaultLifeCycle\"/>" \
    | put "$WSO2_FILES/lifecycle.txt"
DBS=$WSO2_FILES/db-scripts/upgrading-from-400-to-420/apimgt
put "$DBS/mysql.sql" <<'EOF'
-- API Manager 4.0.0 to 4.2.0, the API Manager database (MySQL), a part of it.
CREATE TABLE IF NOT EXISTS AM_API_OPERATION_POLICY (
  POLICY_UUID VARCHAR(45) NOT NULL,
  POLICY_NAME VARCHAR(300) NOT NULL,
  PRIMARY KEY (POLICY_UUID)
) ENGINE INNODB;
ALTER TABLE IDN_OAUTH_CONSUMER_APPS ADD COLUMN BYPASS_CLIENT_CREDENTIALS CHAR(1) DEFAULT '0';
EOF
put "$DBS/postgresql.sql" <<'EOF'
-- API Manager 4.0.0 to 4.2.0, the API Manager database (PostgreSQL), a part of it.
CREATE TABLE IF NOT EXISTS AM_API_OPERATION_POLICY (
  POLICY_UUID VARCHAR(45) NOT NULL,
  POLICY_NAME VARCHAR(300) NOT NULL,
  PRIMARY KEY (POLICY_UUID)
);
ALTER TABLE IDN_OAUTH_CONSUMER_APPS ADD COLUMN BYPASS_CLIENT_CREDENTIALS CHAR(1) DEFAULT '0';
EOF
echo "-- API Manager 4.0.0 to 4.2.0 (Oracle): not used in the training sandbox" | put "$DBS/oracle.sql"
echo "-- API Manager 4.0.0 to 4.2.0 (SQL Server): not used in the training sandbox" | put "$DBS/mssql.sql"
# The documents the stages follow, as the WSO2 team sends them (their
# names; the wizard's steps say which of their steps to follow).
for d in "Upgrade IS as Key Manager 5.10.0 to IS 5.10.0 for APIM 3.1.0 to 3.2.0.md" \
    upgrading-from-310-to-320.md migrating-to-5110.md upgrading-from-320-to-400.md \
    migrating-to-610.md upgrading-from-400-to-420.md; do
	printf '# %s\n\nThe WSO2 team'"'"'s document (training sandbox: its title only).\nThe wizard'"'"'s steps say which of its steps to follow.\n' "$d" \
	    | put "$WSO2_FILES/$d"
done
rm -rf "$Z"

# ---- keytool -------------------------------------------------------------
put "$SB/tools/bin/keytool" <<'EOF'
#!/bin/sh
# keytool: the JDK's keytool for the keystores of this training sandbox
# (text files starting "WSO2-TRAINING-KEYSTORE"): -list, -export
# (-exportcert), -import (-importcert; into a keystore that does not exist,
# it makes one with the password given), with -alias, -keystore, -file,
# -noprompt, -rfc, and the store password as -storepass PASS or
# -storepass:env NAME. A wrong password fails as the real one does. It never
# prints a password.
die() {
	echo "keytool error: $*" >&2
	exit 1
}
cmd="" alias="" keystore="" file="" pass="" havepass=0
while [ $# -gt 0 ]; do
	case $1 in
	-export|-exportcert) cmd=export ;;
	-import|-importcert) cmd=import ;;
	-list) cmd=list ;;
	-noprompt|-rfc|-v) ;;
	-alias|-keystore|-file|-storepass|-storepass:env)
		[ $# -ge 2 ] || die "java.lang.Exception: $1 needs a value"
		case $1 in
		-alias) alias=$2 ;;
		-keystore) keystore=$2 ;;
		-file) file=$2 ;;
		-storepass) pass=$2 havepass=1 ;;
		-storepass:env)
			case $2 in
			''|[0-9]*|*[!A-Za-z0-9_]*) die "java.lang.Exception: '$2' is not an environment variable name" ;;
			esac
			eval "pass=\${$2-}"
			eval "[ -n \"\${$2+x}\" ]" || die "java.lang.RuntimeException: Cannot find environment variable: $2"
			havepass=1 ;;
		esac
		shift ;;
	*) echo "Illegal option:  $1" >&2; echo "keytool -list|-export|-import [OPTION]..." >&2; exit 1 ;;
	esac
	shift
done
[ -n "$cmd" ] || die "java.lang.Exception: give -list, -export or -import"
: "${keystore:=$HOME/.keystore}"
[ -n "$alias" ] || alias=mykey
if [ ! -f "$keystore" ] && [ "$cmd" != import ]; then
	die "java.lang.Exception: Keystore file does not exist: $keystore"
fi
if [ -f "$keystore" ] && [ "$(head -n 1 "$keystore")" != "WSO2-TRAINING-KEYSTORE 1" ]; then
	die "java.io.IOException: Invalid keystore format ($keystore)"
fi
if [ "$havepass" = 0 ]; then
	if [ -t 0 ]; then
		printf 'Enter keystore password:  ' >&2
		stty -echo 2>/dev/null
		IFS= read -r pass
		stty echo 2>/dev/null
		echo >&2
	else
		die "java.lang.Exception: no keystore password (give -storepass:env NAME)"
	fi
fi
got=$(printf %s "$pass" | sha256sum | cut -c1-64)
if [ ! -f "$keystore" ]; then
	[ ${#pass} -ge 6 ] || die "java.lang.Exception: Keystore password must be at least 6 characters"
	{
		echo "WSO2-TRAINING-KEYSTORE 1"
		echo "# $(basename "$keystore"): made by keytool -import in a training sandbox."
		echo "integrity: $got"
	} > "$keystore" || die "java.io.IOException: cannot write $keystore"
fi
want=$(sed -n 's/^integrity: //p' "$keystore")
[ "$want" = "$got" ] ||
    die "java.io.IOException: Keystore was tampered with, or password was incorrect"
entry=$(grep "^entry: [A-Za-z]* $alias " "$keystore" | head -n 1)
case $cmd in
list)
	n=$(grep -c '^entry: ' "$keystore")
	echo "Keystore type: JKS"
	echo "Keystore provider: SUN"
	echo
	echo "Your keystore contains $n entries"
	echo
	sed -n 's/^entry: \([A-Za-z]*\) \([^ ]*\) .*/\2, \1/p' "$keystore" ;;
export)
	[ -n "$entry" ] || die "java.lang.Exception: Alias <$alias> does not exist"
	[ -n "$file" ] || die "java.lang.Exception: give -file"
	dn=${entry#entry: * "$alias" }
	{
		echo "-----BEGIN CERTIFICATE-----"
		printf '%s\n' "$dn" | base64
		echo "-----END CERTIFICATE-----"
	} > "$file" || die "java.io.FileNotFoundException: $file (cannot write)"
	echo "Certificate stored in file <$file>" ;;
import)
	[ -n "$file" ] || die "java.lang.Exception: give -file"
	[ -f "$file" ] || die "java.io.FileNotFoundException: $file (No such file or directory)"
	[ -z "$entry" ] || die "java.lang.Exception: Certificate not imported, alias <$alias> already exists"
	dn=$(sed -n '/BEGIN CERTIFICATE/,/END CERTIFICATE/p' "$file" | sed '1d;$d' | base64 -d 2>/dev/null)
	[ -n "$dn" ] || die "java.lang.Exception: Input not an X.509 certificate"
	tmp=$keystore.keytool.$$
	{ cat "$keystore"; echo "entry: trustedCertEntry $alias $dn"; } > "$tmp" &&
	    mv "$tmp" "$keystore" || { rm -f "$tmp"; die "java.io.IOException: cannot write $keystore"; }
	echo "Certificate was added to keystore" ;;
esac
EOF
chmod 755 "$SB/tools/bin/keytool"

# ---- The seeds of the training databases --------------------------------
mkdir -p "$SB/db" || exit 1
# seed IN OUT: the seed, with the fault if one is asked for.
seed() {
	case $FAULT in
	short-column)
		sed 's/^\tVALUE VARCHAR(4096) NOT NULL,$/\tVALUE VARCHAR(1024) NOT NULL,/' "$1" > "$2" ;;
	dcr-underscore)
		sed 's/pZ7rKq2mWx9LdT4vNb8sEa/tpp2_pisp_app_01/g' "$1" > "$2" ;;
	*)
		cp "$1" "$2" ;;
	esac || die "cannot write $2"
}
seed "$HERE/seed-mariadb.sql" "$SB/db/seed-mariadb.sql"
seed "$HERE/seed-postgresql.sql" "$SB/db/seed-postgresql.sql"
# dcr-underscore: what renaming the service provider in the Management
# Console (and registering the software id again) does, in SQL.
if [ "$FAULT" = dcr-underscore ]; then
	rename_sql() { # USE-APIMGT USE-OPENBANKING
		cat <<EOF
-- The rename the guide asks for, of the DCR application of client id
-- c9Tpp2PaymentsClientId02: its service provider (SP_APP, and the OAuth
-- application of the same name) and its software id (SP_METADATA,
-- OB_DCR_DETAILS) become tpp2pispapp01, without an underscore.
$1
UPDATE SP_APP SET APP_NAME = 'tpp2admin_tpp2pispapp01_PRODUCTION',
    DESCRIPTION = 'Service Provider for application tpp2admin_tpp2pispapp01_PRODUCTION'
    WHERE APP_NAME = 'tpp2admin_tpp2_pisp_app_01_PRODUCTION' AND TENANT_ID = -1234;
UPDATE IDN_OAUTH_CONSUMER_APPS SET APP_NAME = 'tpp2admin_tpp2pispapp01_PRODUCTION'
    WHERE CONSUMER_KEY = 'c9Tpp2PaymentsClientId02';
UPDATE SP_METADATA SET VALUE = 'tpp2pispapp01'
    WHERE NAME = 'software_id' AND VALUE = 'tpp2_pisp_app_01';
$2
UPDATE OB_DCR_DETAILS SET SOFTWARE_ID = 'tpp2pispapp01',
    REQUEST = REPLACE(REQUEST, '"tpp2_pisp_app_01"', '"tpp2pispapp01"')
    WHERE CLIENT_ID = 'c9Tpp2PaymentsClientId02';
EOF
	}
	{
		echo "-- rename-dcr-app-mariadb.sql: for the training databases of seed-mariadb.sql."
		rename_sql "USE training_apimgtdb;" "USE training_openbankingdb;"
	} > "$SB/db/rename-dcr-app-mariadb.sql"
	{
		echo "-- rename-dcr-app-postgresql.sql: for the training databases of seed-postgresql.sql."
		echo "\\set ON_ERROR_STOP on"
		rename_sql "\\connect training_apimgtdb" "\\connect training_openbankingdb"
	} > "$SB/db/rename-dcr-app-postgresql.sql"
fi
DBNAMES="training_apimgtdb training_openbankingdb training_userdb training_govregdb training_am_configdb training_iskm_configdb training_reporting_statsdb training_reporting_summarizeddb"
{
	echo "-- drop-mariadb.sql: drops the training databases of db/seed-mariadb.sql"
	echo "-- (and everything in them), so that the seed can be loaded again."
	for d in $DBNAMES; do
		echo "DROP DATABASE IF EXISTS $d;"
	done
} > "$SB/db/drop-mariadb.sql"
{
	echo "-- drop-postgresql.sql: drops the training databases of"
	echo "-- db/seed-postgresql.sql (and everything in them), so that the seed can"
	echo "-- be loaded again. Run it connected to another database (postgres)."
	for d in $DBNAMES; do
		echo "DROP DATABASE IF EXISTS $d;"
	done
} > "$SB/db/drop-postgresql.sql"
exit 0
