#!/bin/sh
# guide-ei.sh: the EI 7.0 Micro Integrator to API-M 4.0.0 Micro Integrator
# guide (checklists/ei-7.0-mi-to-apim-4.0.0-mi.yaml) run from end to end
# with `run --answers` over a fake but realistic product tree: the EI 7.0
# Micro Integrator, with a JDBC user store in the private MariaDB of
# servers.sh, carbon applications, synapse artifacts, custom bundles in
# dropins, keystores and encrypted passwords; the API-M 4.0.0 Micro
# Integrator as shipped; the migration scripts and the migration tool as
# downloaded.
#
# One session, stopped where a person must do something the later steps
# check (configure the user store, put the decrypted secrets in [secrets],
# delete the plain-text files, add the HL7 jars): the test does it as the
# operator would and the run goes on. The fake start script of EI 7.0
# records how it was started, decrypts (base64) the secrets with the flag,
# prints the ready line and holds the management port until stopped. Then:
# the copies against tests/data/guide-ei/expected, the backups, the dump,
# the schema change, the journal; and a second session over the same tree,
# whose copies (overwrite: true) leave every file byte for byte the same.
#
# Speaks TAP. Run by hand: TOP_SRCDIR=. TOP_BUILDDIR=. WIZARD=src/wso2-upgrade-wizard
# sh tests/db/guide-ei.sh
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${WIZARD:=$TOP_BUILDDIR/src/wso2-upgrade-wizard}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
. "$TOP_SRCDIR/tests/cli/lib.sh"
. "$TOP_SRCDIR/tests/db/guide-lib.sh"
guide_start

ID=ei-7.0-mi-to-apim-4.0.0-mi
EXP=$TOP_SRCDIR/tests/data/guide-ei/expected
EI=$T/opt/wso2ei-7.0.0/micro-integrator
MI=$T/opt/wso2mi-4.0.0
BK=$T/backups
DL=$T/downloads
S=$T/state
REC=$T/records
mkdir -p "$BK" "$T/backups2" "$DL" "$REC"

my() {
	MYSQL_PWD=$MY_PASSWORD mariadb --no-defaults -N --host="$MY_HOST" \
	    --port="$MY_PORT" --user="$MY_USER" "$@"
}

# The JDBC user store of the EI 7.0 Micro Integrator.
my_admin > "$T/setup.log" 2>&1 <<SQL || { not_ok "create the database: $(cat "$T/setup.log")"; done_testing; exit 1; }
CREATE DATABASE wso2_mi_userdb;
GRANT ALL ON wso2_mi_userdb.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
USE wso2_mi_userdb;
CREATE TABLE UM_USER (UM_ID INTEGER NOT NULL AUTO_INCREMENT, UM_USER_NAME VARCHAR(255) NOT NULL,
  UM_USER_PASSWORD VARCHAR(255) NOT NULL, UM_SALT_VALUE VARCHAR(31), UM_REQUIRE_CHANGE BOOLEAN DEFAULT FALSE,
  UM_CHANGED_TIME TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, UM_TENANT_ID INTEGER DEFAULT 0,
  PRIMARY KEY (UM_ID, UM_TENANT_ID), UNIQUE (UM_USER_NAME, UM_TENANT_ID));
CREATE TABLE UM_ROLE (UM_ID INTEGER NOT NULL AUTO_INCREMENT, UM_ROLE_NAME VARCHAR(255) NOT NULL,
  UM_TENANT_ID INTEGER DEFAULT 0, UM_SHARED_ROLE BOOLEAN DEFAULT FALSE,
  PRIMARY KEY (UM_ID, UM_TENANT_ID), UNIQUE (UM_ROLE_NAME, UM_TENANT_ID));
INSERT INTO UM_USER (UM_USER_NAME, UM_USER_PASSWORD, UM_TENANT_ID) VALUES
  ('admin', 'aGFzaC1vZi1hZG1pbg==', -1234), ('ops', 'aGFzaC1vZi1vcHM=', -1234);
INSERT INTO UM_ROLE (UM_ROLE_NAME, UM_TENANT_ID) VALUES ('admin', -1234), ('Internal/everyone', -1234);
SQL
JDBC_USERDB="jdbc:mysql://$MY_HOST:$MY_PORT/wso2_mi_userdb?useSSL=false&amp;allowPublicKeyRetrieval=true"
MI_PORT=$(free_port)

# ---- The Micro Integrator of EI 7.0.0 ----
mkdir -p "$EI/bin" "$EI/conf/security" "$EI/lib" "$EI/dropins" \
    "$EI/repository/deployment/server/carbonapps" \
    "$EI/repository/deployment/server/synapse-configs/default/api" \
    "$EI/repository/deployment/server/synapse-configs/default/sequences" \
    "$EI/repository/deployment/client/modules" \
    "$EI/repository/resources/security" "$EI/repository/logs"
cat > "$EI/conf/deployment.toml" <<EOF
[server]
hostname = "mi.example.internal"
offset = "0"

[user_store]
type = "database"   # the JDBC user store
read_only = false

[[datasource]]
id = "WSO2CarbonDB"
url = "$JDBC_USERDB"   # the user store database
username = "$MY_USER"
password = "\$secret{userstore.db.password}"
driver = "com.mysql.cj.jdbc.Driver"
pool_options.maxActive = 50

[[datasource]]
id = "WSO2_COORDINATION_DB"
url = "jdbc:h2:./repository/database/WSO2_COORDINATION_DB;DB_CLOSE_ON_EXIT=FALSE"
username = "wso2carbon"
password = "wso2carbon"

[keystore.primary]
file_name = "repository/resources/security/wso2carbon.jks"
password = "\$secret{keystore.password}"
alias = "wso2carbon"
key_password = "\$secret{keystore.password}"

[truststore]
file_name = "repository/resources/security/client-truststore.jks"
password = "wso2carbon"
EOF
cat > "$EI/conf/internal-apis.xml" <<'EOF'
<internalApis>
    <api name="ManagementApi" protocol="https">
        <!-- customised: JWT tokens last 30 minutes -->
        <handlers><handler class="org.wso2.micro.integrator.management.apis.security.handler.JWTTokenSecurityHandler"><tokenExpiry>1800</tokenExpiry></handler></handlers>
    </api>
</internalApis>
EOF
# The secrets, "encrypted" (base64 in this stand-in).
printf 'keystore.password=%s\nuserstore.db.password=%s\n' \
    "$(printf wso2carbon | base64)" "$(printf db-secret-2019 | base64)" \
    > "$EI/conf/security/cipher-text.properties"
printf 'HealthcareAPI.backend.token=%s\n' "$(printf 'Bearer 6f1c2e' | base64)" \
    > "$EI/conf/security/secure-vault.properties"
printf 'mariadb-java-client 2.7.2\n' > "$EI/lib/mariadb-java-client-2.7.2.jar"
printf 'bundle org.example.mediator.custom 1.0.0\n' > "$EI/dropins/org.example.mediator.custom_1.0.0.jar"
printf 'bundle com.acme.inbound.kafka 2.3.0\r\n' > "$EI/dropins/com.acme.inbound.kafka_2.3.0.jar"
printf 'PK\003\004 carbon application HealthcareCompositeExporter 1.0.0\n\000\001\002\377\376 artifacts.xml\n' \
    > "$EI/repository/deployment/server/carbonapps/HealthcareCompositeExporter_1.0.0.car"
printf 'PK\003\004 carbon application StockQuoteCApp 2.1.0, no final newline' \
    > "$EI/repository/deployment/server/carbonapps/StockQuoteCApp_2.1.0.car"
cat > "$EI/repository/deployment/server/synapse-configs/default/api/HealthcareAPI.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<api context="/healthcare" name="HealthcareAPI" xmlns="http://ws.apache.org/ns/synapse">
    <resource methods="GET" uri-template="/querydoctor/{category}">
        <inSequence>
            <send><endpoint key="QueryDoctorEP"/></send>
        </inSequence>
        <outSequence><send/></outSequence>
    </resource>
</api>
EOF
cat > "$EI/repository/deployment/server/synapse-configs/default/sequences/fault.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- EI 7.0.0: the fault sequence, customised -->
<sequence name="fault" xmlns="http://ws.apache.org/ns/synapse">
    <log level="full"><property name="MESSAGE" value="Executing default 'fault' sequence (EI 7.0 custom)"/></log>
    <drop/>
</sequence>
EOF
printf 'addressing module 1.6.1-wso2v38 (EI 7.0.0)\n' \
    > "$EI/repository/deployment/client/modules/addressing-1.6.1-wso2v38.mar"
printf 'JKS EI 7.0.0 wso2carbon.jks, key wso2carbon, replaced by the CA certificate of 2025\n' \
    > "$EI/repository/resources/security/wso2carbon.jks"
printf 'JKS EI 7.0.0 client-truststore.jks with 97 trusted certificates\n' \
    > "$EI/repository/resources/security/client-truststore.jks"
printf 'JKS EI 7.0.0 partner-truststore.jks\n' > "$EI/repository/resources/security/partner-truststore.jks"
printf 'PKCS12 EI 7.0.0 sample keystore, not a JKS file\n' > "$EI/repository/resources/security/sample.p12"
# The start script: in the foreground, as the guide's server_run wants.
# With the migration tool in dropins and -Dmigrate.from.product.version it
# writes the decrypted values; it records where and how it was started.
cat > "$EI/bin/micro-integrator.sh" <<EOF
#!/bin/sh
# Starts the Micro Integrator of WSO2 EI 7.0.0 (a stand-in for the test).
home=\$(cd "\$(dirname "\$0")/.." && pwd)
echo "cwd=\$(pwd) args=\$*" >> "$REC/micro-integrator"
log=\$home/repository/logs/wso2carbon.log
for a in "\$@"; do
	case \$a in
	-Dmigrate.from.product.version=110|-Dmigrate.from.product.version=mi110)
		if [ -f "\$home/dropins/org.wso2.mi.migration-1.2.0.jar" ]; then
			mkdir -p "\$home/migration"
			for f in secure-vault cipher-text; do
				while IFS== read -r k v; do
					printf '%s=%s\n' "\$k" "\$(printf %s "\$v" | base64 -d)"
				done < "\$home/conf/security/\$f.properties" > "\$home/migration/\$f-decrypted.properties"
			done
			echo "INFO {MigrationClient} - decrypted values written to \$home/migration" >> "\$log"
		fi ;;
	esac
done
echo "[2026-12-07 10:00:00,000]  INFO {org.wso2.micro.integrator.initializer.StartupFinalizer} - WSO2 Micro Integrator started in 6.41 seconds" >> "\$log"
echo "WSO2 Micro Integrator started in 6.41 seconds"
echo \$\$ >> "$PIDS"
exec "$LISTEN" $MI_PORT
EOF
chmod 755 "$EI/bin/micro-integrator.sh"

# ---- The Micro Integrator of API-M 4.0.0, as shipped ----
mkdir -p "$MI/bin" "$MI/conf" "$MI/lib" "$MI/dropins" \
    "$MI/repository/deployment/server/carbonapps" \
    "$MI/repository/deployment/server/synapse-configs/default/sequences" \
    "$MI/repository/deployment/client/modules" \
    "$MI/repository/resources/security" "$MI/repository/logs"
printf '#!/bin/sh\n# Starts the Micro Integrator 4.0.0 of API-M 4.0.0.\nexit 1\n' > "$MI/bin/micro-integrator.sh"
chmod 755 "$MI/bin/micro-integrator.sh"
cat > "$MI/conf/deployment.toml" <<'EOF'
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
cat > "$MI/repository/deployment/server/synapse-configs/default/sequences/fault.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<sequence name="fault" xmlns="http://ws.apache.org/ns/synapse">
    <log level="full"/>
    <drop/>
</sequence>
EOF
cat > "$MI/repository/deployment/server/synapse-configs/default/sequences/main.xml" <<'EOF'
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
cp -a "$MI/repository/deployment" "$T/pristine-deployment"

# ---- The downloads: the migration scripts and the migration tool ----
mkdir -p "$T/zip"
cat > "$T/zip/mysql.sql" <<'EOF'
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
printf -- '-- the same for PostgreSQL\nALTER TABLE UM_USER ADD COLUMN IF NOT EXISTS UM_USER_ID CHAR(36);\n' > "$T/zip/postgresql.sql"
printf -- '-- the same for Oracle\nALTER TABLE UM_USER ADD UM_USER_ID CHAR(36)\n/\n' > "$T/zip/oracle.sql"
(cd "$T/zip" && zip -q "$DL/migration-scripts-EI70X_to_APIM400.zip" mysql.sql postgresql.sql oracle.sql)
printf 'PK\003\004 migration client org.wso2.mi.migration 1.2.0\n' > "$DL/org.wso2.mi.migration-1.2.0.jar"

# ---- The answers ----
# answers FILE BACKUP_DIR CUSTOM_DROPINS: the manual steps that need
# nothing of the test are acknowledged; the others are added with ack.
answers() {
	cat > "$1" <<EOF
guide: $ID
variables:
  EI_MI_HOME: $EI
  APIM_MI_HOME: $MI
  BACKUP_DIR: $2
  DOWNLOAD_DIR: $DL
  SCHEMA_SCRIPT: $2/migration-scripts-EI70X_to_APIM400/mysql.sql
  MI_PORT: "$MI_PORT"
answers:
  ei-uses-db: "yes"
  install-method: binary
  user-store-kind: jdbc
  custom-dropins: "$3"
  custom-lib-jars: "yes"
  internal-apis-customized: "yes"
  has-encrypted-passwords: "yes"
  migrate-flag: "110"
  uses-hl7: "yes"
databases:
  ei_db: {engine: mariadb, host: $MY_HOST, port: $MY_PORT, name: wso2_mi_userdb,
          user: $MY_USER, password_env: TEST_DB_PASSWORD}
acknowledge:
  - {step: other-ei-dbs, note: "the coordination database is H2, inside the home"}
  - {step: install-binary, note: "wso2mi-4.0.0.zip unzipped, JDK 11.0.21"}
  - {step: update-apim-mi, note: "update level 4.0.0.112"}
  - {step: download-schema-scripts, note: "downloaded, SHA-256 checked"}
  - {step: copy-lib-jars, note: "mariadb-java-client-2.7.2.jar copied"}
  - {step: copy-configuration, note: "[server] and [[datasource]] carried over with the user store"}
  - {step: move-internal-apis, note: "tokenExpiry 1800 set under [management_api.jwt_token_security_handler]"}
  - {step: download-migration-tool, note: "from the WSO2_EI repository"}
  - {step: update-ei, note: "EI 7.0.0 at its last update level"}
EOF
}
# ack FILE STEP NOTE
ack() {
	echo "  - {step: $2, note: \"$3\"}" >> "$1"
}
# run_to STEP NAME: run the session; it stops for a person at STEP.
run_to() {
	TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
	    --state-dir "$S" run $ID --answers "$T/a.yaml"
	if [ "$rc" = 1 ] && grep -qF "step '$1':" "$T/out"; then
		ok "$2"
	else
		not_ok "$2: exit $rc"
		grep -E "Stopped|\[(fail|error|failed)\]" "$T/out" | sed 's/^/# /' | head -10
	fi
}

answers "$T/a.yaml" "$BK" yes
TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
    --state-dir "$S" check $ID --answers "$T/a.yaml"
expect_rc 0 "every prerequisite check passes on the tree"

snapshot "$T/tree-before"
run_to rdbms-user-store "the run stops at the RDBMS user store, the schema updated"
J=$S/$ID/journal

# The operator: the user store and its data source in the new
# deployment.toml, the driver in lib.
cat >> "$MI/conf/deployment.toml" <<EOF

[user_store]
type = "database_unique_id"

[[datasource]]
id = "WSO2CarbonDB"
url = "$JDBC_USERDB"
username = "$MY_USER"
password = "\$secret{userstore.db.password}"
driver = "com.mysql.cj.jdbc.Driver"
pool_options.maxActive = 50
EOF
cp "$EI/lib/mariadb-java-client-2.7.2.jar" "$MI/lib/"
ack "$T/a.yaml" rdbms-user-store "[user_store] and WSO2CarbonDB configured, driver copied"
run_to encrypt-secrets "the run stops at encrypting the secrets, the passwords decrypted"

if cmp -s "$EXP/migration/cipher-text-decrypted.properties" "$EI/migration/cipher-text-decrypted.properties" &&
    cmp -s "$EXP/migration/secure-vault-decrypted.properties" "$EI/migration/secure-vault-decrypted.properties"; then
	ok "the migration run wrote both decrypted files"
else
	not_ok "the decrypted files differ from the expected ones"
	ls -l "$EI/migration" 2>&1 | sed 's/^/# /'
fi
expect_eq "$(cat "$REC/micro-integrator" 2>&1)" "cwd=$EI args=-Dmigrate.from.product.version=110" \
    "EI 7.0 was started once, in its home, with the flag answered"
if "$LISTEN" "$MI_PORT" > /dev/null 2>&1 & lp=$!; sleep 0.2; kill -0 $lp 2>/dev/null; then
	kill $lp; wait $lp 2>/dev/null
	ok "the migration run was stopped: its port is free again"
else
	not_ok "something still listens on the management port"
fi
# The operator: the plain-text values under [secrets] (the cipher tool
# would encrypt them at the next start).
{
	echo
	echo "[secrets]"
	cat "$EI/migration/"*-decrypted.properties | while IFS== read -r k v; do
		printf '"%s" = "[%s]"\n' "$k" "$v"
	done
} >> "$MI/conf/deployment.toml"
ack "$T/a.yaml" encrypt-secrets "the values put under [secrets], ciphertool.sh -Dconfigure run"
run_to delete-decrypted-files "the run stops at deleting the plain-text files"
shred -u "$EI/migration/secure-vault-decrypted.properties" "$EI/migration/cipher-text-decrypted.properties"
ack "$T/a.yaml" delete-decrypted-files "shredded"
run_to add-hl7-jars "the run stops at the HL7 jars"
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/out-drift"
expect_in "$T/out-drift" "Drift: check 'decrypted-files' passed before and does not pass now; its stage was complete and stays so" \
    "the files deleted by hand are drift of a complete stage: reported, not blocking"
printf 'bundle org.wso2.carbon.business.messaging.hl7.transport 4.0.0\n' \
    > "$MI/dropins/org.wso2.carbon.business.messaging.hl7.transport_4.0.0.jar"
ack "$T/a.yaml" add-hl7-jars "the HL7 transport bundle added, transport enabled"

TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
    --state-dir "$S" run $ID --answers "$T/a.yaml"
expect_rc 0 "the run completes the guide"
if grep -rqF -- "$MY_PASSWORD" "$S" "$T/out"; then
	not_ok "the database password is written in the session or shown"
else
	ok "the database password is in no file of the session, nor shown"
fi

# decrypted-files: passed, then failed on resume once the files were
# shredded (drift, recorded as such).
expect_results "$J" "the journal has the result of each of the 47 steps that apply and are not infos" <<'EOF'
ei-mi-home pass
ei-uses-db answer=yes
dump-ei-db done
ei-db-backup pass
other-ei-dbs acknowledged
install-method answer=binary
install-binary acknowledged
apim-mi-home pass
update-apim-mi acknowledged
user-store-kind answer=jdbc
download-schema-scripts acknowledged
extract-schema-scripts done
schema-script-chosen pass
user-store-db-backup pass
run-schema-script done
rdbms-user-store acknowledged
rdbms-user-store-configured pass
carbonapps-in-ei pass
copy-carbonapps done
copy-deployment done
deployment-copied pass
custom-dropins answer=yes
copy-dropins done
custom-lib-jars answer=yes
copy-lib-jars acknowledged
copy-keystores done
keystores-copied pass
copy-configuration acknowledged
configuration-copied pass
internal-apis-customized answer=yes
move-internal-apis acknowledged
has-encrypted-passwords answer=yes
download-migration-tool acknowledged
migration-tool-downloaded pass
update-ei acknowledged
copy-migration-tool done
migrate-flag answer=110
ei-mi-stopped pass
decrypt-passwords done
decrypted-files fail
encrypt-secrets acknowledged
secrets-configured pass
remove-migration-tool done
delete-decrypted-files acknowledged
uses-hl7 answer=yes
add-hl7-jars acknowledged
hl7-jars-present pass
EOF

# The copies, byte for byte.
same_tree "$EXP/apim-deployment" "$MI/repository/deployment" \
    "the new repository/deployment is the old one merged into the shipped one, byte for byte"
same_tree "$EXP/apim-dropins" "$MI/dropins" "the new dropins has the custom bundles (and the HL7 one)"
same_tree "$EXP/apim-security" "$MI/repository/resources/security" \
    "the new keystores are the old JKS files; the PKCS12 file is the new one's"
same_tree "$EXP/ei-dropins" "$EI/dropins" "the migration tool is out of the old dropins"
[ ! -e "$EI/migration/cipher-text-decrypted.properties" ] && ok "the plain-text files are gone" ||
    not_ok "a plain-text file is left"

# saved_of JOURNAL STEP ORIGINAL: where the session saved ORIGINAL for STEP.
saved_of() {
	awk -F '\t' -v s="step=$2" -v o="original=$3" '
	$4 == "backup" { hs = 0; ho = 0; sv = ""
		for (i = 5; i <= NF; i++) { if ($i == s) hs = 1; if ($i == o) ho = 1
			if ($i ~ /^saved=/) sv = substr($i, 7) }
		if (hs && ho) print sv }' "$1"
}
for k in wso2carbon.jks client-truststore.jks; do
	f=$(saved_of "$J" copy-keystores "$MI/repository/resources/security/$k")
	case $f in
	"$S/$ID/backup/"*) if cmp -s "$EXP/backup-keystores/$k" "$f"; then
		ok "the shipped $k is saved in the session's backup folder"
	else
		not_ok "the saved $k differs from the shipped one"
	fi ;;
	*) not_ok "no backup of the shipped $k: '$f'" ;;
	esac
done
f=$(saved_of "$J" remove-migration-tool "$EI/dropins/org.wso2.mi.migration-1.2.0.jar")
if [ -n "$f" ] && cmp -s "$EXP/backup-removed/org.wso2.mi.migration-1.2.0.jar" "$f"; then
	ok "the removed migration tool is in the session's backup folder"
else
	not_ok "the removed migration tool is not in the backup folder: '$f'"
fi
f=$(saved_of "$J" copy-deployment "$MI/repository/deployment")
if [ -n "$f" ]; then
	# As shipped, with the carbon applications of copy-carbonapps.
	cp "$EXP/apim-deployment/server/carbonapps/"*.car "$T/pristine-deployment/server/carbonapps/"
	same_tree "$T/pristine-deployment" "$f" "repository/deployment was saved before cp -a"
else
	not_ok "no backup of repository/deployment before cp -a"
fi
expect_in "$(ls "$S/$ID/logs/"*-deployment-copied.log | tail -n 1)" "compared: 5 files" \
    "the check compared the 5 files of the old folder"

# The dump, the backup check on it, the schema change.
f=$(ls "$S/$ID/backup/dumps/"ei_db-*.sql 2>/dev/null)
if [ "$(echo "$f" | grep -c .)" = 1 ] && head -n 5 "$f" | grep -q '^-- MariaDB dump' &&
    grep -q '^CREATE DATABASE .*`wso2_mi_userdb`' "$f" &&
    grep -q '^INSERT INTO `UM_USER`' "$f" && ! grep -q 'UM_USER_ID' "$f" &&
    tail -n 1 "$f" | grep -q '^-- Dump completed'; then
	ok "one complete dump of the user store, taken before its schema changed"
else
	not_ok "the dump of wso2_mi_userdb: '$f'"
fi
expect_in "$T/results" "ei-db-backup pass" "the backup check passed on it"
got=$(my -e "SELECT COUNT(*) FROM wso2_mi_userdb.UM_USER WHERE UM_USER_ID <> 'NONE'; SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'wso2_mi_userdb' AND TABLE_NAME = 'UM_UUID_DOMAIN_MAPPER'" 2>&1 | tr '\n' ' ')
expect_eq "$got" "2 1 " "the migration script gave every user an id and made the mapper table"
same_tree "$T/zip" "$BK/migration-scripts-EI70X_to_APIM400" "the scripts were unzipped where SCHEMA_SCRIPT points"

# Nothing else changed in the tree.
snapshot "$T/tree-after"
diff "$T/tree-before" "$T/tree-after" | grep '^[<>]' | grep -v \
    -e "^[<>] . ... .* opt/wso2mi-4.0.0/repository/deployment" \
    -e "^[<>] . ... .* opt/wso2mi-4.0.0/repository/resources/security/[a-z0-9-]*.jks$" \
    -e "^[<>] . ... .* opt/wso2mi-4.0.0/dropins/" \
    -e "^[<>] . ... .* opt/wso2mi-4.0.0/conf/deployment.toml$" \
    -e "^[<>] . ... .* opt/wso2mi-4.0.0/lib/mariadb-java-client-2.7.2.jar$" \
    -e "^[<>] . ... .* opt/wso2ei-7.0.0/micro-integrator/migration$" \
    -e "^[<>] . ... .* opt/wso2ei-7.0.0/micro-integrator/repository/logs/wso2carbon.log$" \
    -e "^> . ... .* backups/" > "$T/tree.other"
if [ -s "$T/tree.other" ]; then
	not_ok "the session changed files it should not have"
	sed 's/^/# /' "$T/tree.other" | head -20
else
	ok "the session changed only what the guide and the operator change"
fi

# ---- A second session over the same tree: the dropins are carried over
# already; everything else runs again ----
answers "$T/a2.yaml" "$T/backups2" no
for s in rdbms-user-store encrypt-secrets add-hl7-jars; do
	ack "$T/a2.yaml" $s "done in the first session"
done
ack "$T/a2.yaml" delete-decrypted-files "shredded again"
TEST_DB_PASSWORD=$MY_PASSWORD wiz --checklists "$TOP_SRCDIR/checklists" \
    --state-dir "$T/state2" run $ID --answers "$T/a2.yaml"
expect_rc 0 "a second session completes the guide too"
expect_eq "$(count_events "$T/state2/$ID/journal" step-start copy-dropins)" 0 \
    "without copying the dropins again"
same_tree "$EXP/apim-deployment" "$MI/repository/deployment" \
    "repository/deployment is byte for byte the same after the second copy"
same_tree "$EXP/apim-security" "$MI/repository/resources/security" \
    "the keystores are byte for byte the same after the second copy"
same_tree "$EXP/apim-dropins" "$MI/dropins" "dropins is unchanged"
same_tree "$EXP/ei-dropins" "$EI/dropins" "the migration tool is out of the old dropins again"
f=$(saved_of "$T/state2/$ID/journal" copy-keystores "$MI/repository/resources/security/wso2carbon.jks")
if [ -n "$f" ] && cmp -s "$EXP/apim-security/wso2carbon.jks" "$f"; then
	ok "the second session saved the keystore it replaced (the copied one)"
else
	not_ok "the second session's backup of wso2carbon.jks: '$f'"
fi
expect_eq "$(grep -c . "$REC/micro-integrator")" 2 "EI 7.0 was started once more"
expect_eq "$(my -e "SELECT COUNT(*) FROM wso2_mi_userdb.UM_USER WHERE UM_USER_ID <> 'NONE'" 2>&1)" 2 \
    "the migration script ran again without harm"
rm -f "$EI/migration/"*-decrypted.properties

done_testing
