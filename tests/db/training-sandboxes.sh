#!/bin/sh
# training-sandboxes.sh: the training sandboxes of the EI and Open Banking
# guides (checklists/training/<id>/), built and walked: sandbox.sh run as
# the contract says (sh sandbox.sh DIR, with WIZARD_SANDBOX_FAULT, WIZARD
# and the port variables), WIZARD a wrapper whose "training-server" is
# tests/helpers/listen (the same behaviour; the test stops every one left
# running, as guide-lib.sh does); the seeds loaded into the
# private PostgreSQL and MariaDB of servers.sh; an answers file made from
# training.yaml's variables (${SANDBOX} and the ports put in); the guide run
# with `run ID --answers FILE` and its `path:` first on PATH, stopping where
# a person acts as the trainee would. Checked: every action ran in the
# sandbox, which changed only where the guide changes it, and nothing
# outside the sandbox and the state folder changed; then each fault: the
# sandbox built with it, the step failing with the expected message, the
# recovery the fault's text gives, the step passing. Last, the program's own
# training mode (--training, --fault) loads each training.yaml and builds
# each sandbox and fault.
#
# Speaks TAP. Run by hand: TOP_SRCDIR=. TOP_BUILDDIR=. WIZARD=src/wso2-upgrade-wizard
# sh tests/db/training-sandboxes.sh
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${WIZARD:=$TOP_BUILDDIR/src/wso2-upgrade-wizard}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
. "$TOP_SRCDIR/tests/cli/lib.sh"
for tool in zip unzip tar bash; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool not found"
		exit 0
	fi
done
. "$TOP_SRCDIR/tests/db/guide-lib.sh"
guide_start

TR=$TOP_SRCDIR/checklists/training
W=$T/work
mkdir -p "$W" "$T/bin"
export TEST_DB_PASSWORD=$MY_PASSWORD

# The program the sandboxes run: "training-server" is the listen helper
# (the same behaviour, tests/helpers/listen.c), anything else the program.
WRAP=$T/bin/wizard
cat > "$WRAP" <<EOF
#!/bin/sh
if [ "\$1" = training-server ]; then
	shift
	echo \$\$ >> "$PIDS"
	exec "$LISTEN" "\$@"
fi
exec "$WIZARD" "\$@"
EOF
chmod 755 "$WRAP"

# training_vars ID: training.yaml's variables, one "NAME VALUE" a line.
training_vars() {
	awk '/^variables:/ { on = 1; next } /^[^ #]/ { on = 0 }
	    on && /^  [A-Z_][A-Z0-9_]*: / { sub(/^  /, ""); sub(/: /, " "); print }' \
	    "$TR/$1/training.yaml"
}

# build ID DIR FAULT: run ID's sandbox.sh into DIR (made here) with FAULT,
# each port variable given a free port; SB is DIR, and SUBST the sed
# program putting ${SANDBOX} and the ports into a value.
build() {
	mkdir -p "$2"
	# The wizard may mark the folder as a sandbox before sandbox.sh runs:
	# the fault's sandboxes are built so.
	[ -z "$3" ] || : > "$2/.wso2-upgrade-wizard-sandbox"
	SB=$2
	SUBST="s|\\\${SANDBOX}|$2|g"
	b_env=""
	b_taken=""
	for b_v in $(sed -n 's/^ports: *\[\(.*\)\]$/\1/p' "$TR/$1/training.yaml" | tr ',' ' '); do
		b_p=$(free_port)
		while case " $b_taken " in *" $b_p "*) true ;; *) false ;; esac; do
			b_p=$(free_port)
		done
		b_taken="$b_taken $b_p"
		eval "$b_v=$b_p"
		b_env="$b_env $b_v=$b_p"
		SUBST="$SUBST; s|\\\${$b_v}|$b_p|g"
	done
	if env WIZARD_SANDBOX_FAULT="$3" WIZARD="$WRAP" $b_env \
	    sh "$TR/$1/sandbox.sh" "$2" > "$W/sandbox.out" 2>&1; then
		ok "$1: sandbox.sh built the sandbox${3:+ with the fault $3}"
		# Self-contained: nothing in it names the source tree.
		if grep -rlF -- "$TOP_SRCDIR" "$2" > "$W/sandbox.refs"; then
			not_ok "$1: the sandbox refers to the source tree"
			sed 's/^/# /' "$W/sandbox.refs" | head -5
		else
			ok "$1: nothing in the sandbox refers to the source tree"
		fi
	else
		not_ok "$1: sandbox.sh${3:+ with the fault $3} failed"
		sed 's/^/# /' "$W/sandbox.out"
	fi
}

# answer_vars ID: the variables part of an answers file, from training.yaml.
answer_vars() {
	echo "variables:"
	training_vars "$1" | while read -r av_n av_v; do
		echo "  $av_n: \"$(echo "$av_v" | sed "$SUBST")\""
	done
}

# answer_dbs ID: the databases of training.yaml on the private MariaDB.
answer_dbs() {
	echo "databases:"
	awk '/^databases:/ { on = 1; next } /^[^ #]/ { on = 0 }
	    on && /^  [a-z_]*: / { n = $1; sub(/:$/, "", n)
		match($0, /name: [A-Za-z0-9_]*/); print n, substr($0, RSTART + 6, RLENGTH - 6) }' \
	    "$TR/$1/training.yaml" | while read -r ad_n ad_d; do
		echo "  $ad_n: {engine: mariadb, host: $MY_HOST, port: $MY_PORT, name: $ad_d, user: $MY_USER, password_env: TEST_DB_PASSWORD}"
	done
}

# seed_my DIR: load DIR/db's MariaDB seed into the private MariaDB (the
# training databases dropped first), and give the test user its rights.
seed_my() {
	if my_admin < "$1/db/drop-mariadb.sql" > "$W/seed.log" 2>&1 &&
	    my_admin < "$1/db/seed-mariadb.sql" >> "$W/seed.log" 2>&1 &&
	    my_admin -e "GRANT ALL ON \`training\\_%\`.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost'" >> "$W/seed.log" 2>&1; then
		ok "the MariaDB seed of $(basename "$1") loads"
	else
		not_ok "the MariaDB seed of $1"
		sed 's/^/# /' "$W/seed.log"
	fi
}
my() {
	my_admin -N -e "$1" 2>&1 | tr '\t' ' '
}
pg() { # DATABASE SQL
	pg_admin -d "$1" -tA -c "$2" 2>&1
}

# tree DIR FILE: every file, link and folder under DIR, with its type, mode
# and SHA-256 (a file's), sorted by path.
tree() {
	(cd "$1" && {
		find . \( -type f -o -type l -o -type d \) -printf 'm\t%p\t%y %m\n'
		find . -type f -exec sha256sum -- {} + |
		    sed 's/^\([0-9a-f]*\)  \(.*\)$/h\t\2\t\1/'
	} | awk -F '\t' '$1 == "m" { m[$2] = $3 } $1 == "h" { h[$2] = $3 }
	    END { for (p in m) print m[p], (p in h ? h[p] : "-"), p }' |
	    sort -k 4) > "$2"
}
# outside FILE: the test's folder, but for the sandboxes, the states and the
# test's own files (work/, out, err, pids).
outside() {
	(cd "$T" && find . -mindepth 1 \( -path ./sb -o -path ./state -o -path ./work -o \
	    -path ./out -o -path ./err -o -path ./pids -o -path ./same.diff \) -prune -o \
	    \( -type f -o -type d -o -type l \) -printf '%y %m %s %T@ %p\n' | sort) > "$1"
}
# changed BEFORE AFTER: the paths added, removed or changed, one a line.
changed() {
	diff "$1" "$2" | sed -n 's/^[<>] [a-z] [0-9]* [^ ]* \(.*\)$/\1/p' | sort -u
}
# kept_outside NAME: nothing outside the sandboxes and states changed.
kept_outside() {
	outside "$W/outside-after"
	if cmp -s "$W/outside-before" "$W/outside-after"; then
		ok "$1: nothing outside the sandbox and the state folder changed"
	else
		not_ok "$1: files outside the sandbox and the state folder changed"
		diff "$W/outside-before" "$W/outside-after" | sed 's/^/# /' | head -20
	fi
}
# status_of JOURNAL STEP: the status of STEP's last result.
status_of() {
	grep "	step-result	step=$2	" "$1" | tail -n 1 |
	    sed -n 's/.*	status=\([^	]*\).*/\1/p'
}
# evidence_of JOURNAL STEP: STEP's last result line.
result_of() {
	grep "	step-result	step=$2	" "$1" | tail -n 1
}
# step_log STATE ID STEP: the newest log of STEP in the session.
step_log() {
	ls -t "$1/$2/logs/"*"-$3.log" 2>/dev/null | head -n 1
}

outside "$W/outside-before"

# ===================== EI 7.0 Micro Integrator ==========================
ID=ei-7.0-mi-to-apim-4.0.0-mi
build $ID "$T/sb/ei" ""
EI=$SB/wso2ei-7.0.0/micro-integrator
MI=$SB/wso2mi-4.0.0
S=$T/state/ei
tree "$SB" "$W/ei-before"

# The seeds: both engines, the guide on MariaDB.
seed_my "$SB"
expect_eq "$(my "SELECT COUNT(*) FROM training_mi_userdb.UM_USER")" 3 "EI: the user store has its three users"
pg_admin -d postgres -f "$SB/db/seed-postgresql.sql" > "$W/pg.log" 2>&1
got=$(pg training_mi_userdb "SELECT COUNT(*) FROM um_user; SELECT COUNT(*) FROM um_user_role" | tr '\n' ' ')
expect_eq "$got" "3 3 " "EI: the PostgreSQL seed makes the user store, with its users and roles"
unzip -q -o "$SB/downloads/migration-scripts-EI70X_to_APIM400.zip" postgresql.sql -d "$W/eipg"
if pg_admin -d training_mi_userdb -f "$W/eipg/postgresql.sql" > "$W/pg.log" 2>&1 &&
    [ "$(pg training_mi_userdb "SELECT COUNT(DISTINCT um_user_id) FROM um_user WHERE um_user_id <> 'NONE'")" = 3 ]; then
	ok "EI: the PostgreSQL migration script of the sandbox runs on the PostgreSQL seed"
else
	not_ok "EI: the PostgreSQL migration script"
	sed 's/^/# /' "$W/pg.log"
fi
if pg_admin -d postgres -f "$SB/db/seed-postgresql.sql" > "$W/pg.log" 2>&1; then
	not_ok "EI: the PostgreSQL seed loads twice"
else
	expect_in "$W/pg.log" "already exists" "EI: the PostgreSQL seed stops at a table that exists, changing nothing"
fi

ei_answers() { # FILE
	{
		echo "guide: $ID"
		answer_vars $ID
		cat <<EOF
answers:
  ei-uses-db: "yes"
  install-method: binary
  user-store-kind: jdbc
  custom-dropins: "yes"
  custom-lib-jars: "yes"
  internal-apis-customized: "yes"
  has-encrypted-passwords: "yes"
  migrate-flag: "110"
  uses-hl7: "yes"
EOF
		answer_dbs $ID
		echo "acknowledge:"
		for s in other-ei-dbs install-binary update-apim-mi download-schema-scripts \
		    copy-lib-jars copy-configuration move-internal-apis download-migration-tool update-ei; do
			echo "  - {step: $s, note: \"done in the training sandbox\"}"
		done
	} > "$1"
}
ack() { # FILE STEP
	echo "  - {step: $2, note: \"done in the training sandbox\"}" >> "$1"
}
ei_run() {
	wiz --checklists "$TOP_SRCDIR/checklists" --state-dir "$S" run $ID --answers "$W/ei.yaml"
}
# run_stops STEP NAME: the run stopped for a person at STEP.
run_stops() {
	if [ "$rc" = 1 ] && grep -qF "step '$1':" "$T/out"; then
		ok "$2"
	else
		not_ok "$2: exit $rc"
		grep -E "\[(fail|error|failed)\]" "$T/out" | sed 's/^/# /' | head -10
		tail -n 4 "$T/out" | sed 's/^/# out: /'
		sed 's/^/# err: /' "$T/err" | head -5
	fi
}

ei_answers "$W/ei.yaml"
ei_run
run_stops rdbms-user-store "EI: the run stops at the RDBMS user store, the schema updated"
got=$(my "SELECT COUNT(*) FROM training_mi_userdb.UM_USER WHERE UM_USER_ID <> 'NONE'")
expect_eq "$got" 3 "EI: the migration script unzipped in the sandbox ran on the training database"
# The trainee: the user store in the new deployment.toml, the driver in lib.
ei_user_store() {
{
	echo
	echo "[user_store]"
	echo "type = \"database_unique_id\""
	echo
	sed -n '/^\[\[datasource\]\]/,/^$/p' "$EI/conf/deployment.toml" | sed '/WSO2_COORDINATION_DB/,$d'
} >> "$MI/conf/deployment.toml"
cp "$EI/lib/mariadb-java-client-2.7.2.jar" "$MI/lib/"
}
ei_user_store
ack "$W/ei.yaml" rdbms-user-store
ei_run
run_stops encrypt-secrets "EI: the run stops at encrypting the secrets, the EI 7.0 server run with the migration tool"
J=$S/$ID/journal
if grep -q '^keystore.password=wso2carbon$' "$EI/migration/cipher-text-decrypted.properties" 2>/dev/null &&
    grep -q '^HealthcareAPI.backend.token=Bearer 6f1c2e9a-training$' "$EI/migration/secure-vault-decrypted.properties" 2>/dev/null; then
	ok "EI: the start script with the migration tool decrypted both files into migration/"
else
	not_ok "EI: the decrypted files"
	ls -l "$EI/migration" 2>&1 | sed 's/^/# /'
fi
expect_in "$EI/repository/logs/wso2carbon.log" "WSO2 Micro Integrator started in" \
    "EI: the server's log has the line the server_run step waited for"
expect_eq "$(status_of "$J" decrypt-passwords)" done "EI: the migration run is done"
if [ -e "$EI/wso2carbon.pid" ] && kill -0 "$(cat "$EI/wso2carbon.pid")" 2>/dev/null; then
	not_ok "EI: the migration run's server still runs"
else
	ok "EI: the migration run's server was stopped"
fi
# The trainee: the plain-text values under [secrets].
{
	echo
	echo "[secrets]"
	cat "$EI/migration/"*-decrypted.properties | while IFS='=' read -r k v; do
		printf '"%s" = "[%s]"\n' "$k" "$v"
	done
} >> "$MI/conf/deployment.toml"
ack "$W/ei.yaml" encrypt-secrets
ei_run
run_stops delete-decrypted-files "EI: the run stops at deleting the plain-text files"
rm -f "$EI/migration/secure-vault-decrypted.properties" "$EI/migration/cipher-text-decrypted.properties"
ack "$W/ei.yaml" delete-decrypted-files
ei_run
run_stops add-hl7-jars "EI: the run stops at the HL7 jars"
printf 'bundle org.wso2.carbon.business.messaging.hl7.transport 4.0.0\n' \
    > "$MI/dropins/org.wso2.carbon.business.messaging.hl7.transport_4.0.0.jar"
ack "$W/ei.yaml" add-hl7-jars
ei_run
expect_rc 0 "EI: the run completes the guide in the sandbox"
bad=$(grep "	step-result	" "$J" | grep -v "	status=\(pass\|done\)	" |
    sed 's/.*	step=\([^	]*\)	status=\([^	]*\)	.*/\1=\2/' | sort -u | tr '\n' ' ')
expect_eq "$bad" "decrypted-files=fail " \
    "EI: every check passed and every action was done (but the decrypted files, deleted by the trainee: drift)"
bad=""
for s in extract-schema-scripts run-schema-script copy-carbonapps copy-deployment copy-dropins \
    copy-keystores copy-migration-tool decrypt-passwords remove-migration-tool dump-ei-db; do
	[ "$(status_of "$J" $s)" = done ] || bad="$bad $s"
done
expect_eq "$bad" "" "EI: each of the guide's actions ran"

# The sandbox changed only where the guide and the trainee change it.
tree "$SB" "$W/ei-after"
changed "$W/ei-before" "$W/ei-after" > "$W/ei-changed"
cat > "$W/ei-want" <<'EOF'
./backups/migration-scripts-EI70X_to_APIM400
./backups/migration-scripts-EI70X_to_APIM400/mssql.sql
./backups/migration-scripts-EI70X_to_APIM400/mysql.sql
./backups/migration-scripts-EI70X_to_APIM400/oracle.sql
./backups/migration-scripts-EI70X_to_APIM400/postgresql.sql
./wso2ei-7.0.0/micro-integrator/migration
./wso2ei-7.0.0/micro-integrator/repository/logs/wso2carbon.log
./wso2ei-7.0.0/micro-integrator/wso2carbon.pid
./wso2mi-4.0.0/conf/deployment.toml
./wso2mi-4.0.0/dropins/com.acme.inbound.kafka_2.3.0.jar
./wso2mi-4.0.0/dropins/org.example.mediator.custom_1.0.0.jar
./wso2mi-4.0.0/dropins/org.wso2.carbon.business.messaging.hl7.transport_4.0.0.jar
./wso2mi-4.0.0/lib/mariadb-java-client-2.7.2.jar
./wso2mi-4.0.0/repository/deployment/client/modules/addressing-1.6.1-wso2v38.mar
./wso2mi-4.0.0/repository/deployment/server/carbonapps/HealthcareCompositeExporter_1.0.0.car
./wso2mi-4.0.0/repository/deployment/server/carbonapps/StockQuoteCApp_2.1.0.car
./wso2mi-4.0.0/repository/deployment/server/synapse-configs/default/api
./wso2mi-4.0.0/repository/deployment/server/synapse-configs/default/api/HealthcareAPI.xml
./wso2mi-4.0.0/repository/deployment/server/synapse-configs/default/endpoints
./wso2mi-4.0.0/repository/deployment/server/synapse-configs/default/endpoints/QueryDoctorEP.xml
./wso2mi-4.0.0/repository/deployment/server/synapse-configs/default/sequences/fault.xml
./wso2mi-4.0.0/repository/resources/security/client-truststore.jks
./wso2mi-4.0.0/repository/resources/security/wso2carbon.jks
EOF
if cmp -s "$W/ei-want" "$W/ei-changed"; then
	ok "EI: the sandbox changed only where the guide and the trainee change it"
else
	not_ok "EI: the sandbox's changes"
	diff "$W/ei-want" "$W/ei-changed" | sed 's/^/# /' | head -30
fi
if cmp -s "$EI/repository/resources/security/wso2carbon.jks" "$MI/repository/resources/security/wso2carbon.jks" &&
    cmp -s "$EI/repository/deployment/server/synapse-configs/default/sequences/fault.xml" \
    "$MI/repository/deployment/server/synapse-configs/default/sequences/fault.xml"; then
	ok "EI: the keystores and the artifacts are the old ones"
else
	not_ok "EI: the copied keystores and artifacts"
fi
kept_outside EI
if grep -rqF -- "$MY_PASSWORD" "$S" "$T/out" "$SB"; then
	not_ok "EI: the database password is written somewhere"
else
	ok "EI: the database password is in no file of the session or the sandbox, nor shown"
fi

# ---- EI fault html-jar ----
build $ID "$T/sb/ei-html-jar" html-jar
seed_my "$SB"
EI=$SB/wso2ei-7.0.0/micro-integrator
MI=$SB/wso2mi-4.0.0
S=$T/state/ei-html-jar
J=$S/$ID/journal
# The trainee has configured the user store (the run goes on to the
# encrypted passwords).
ei_user_store
ei_answers "$W/ei.yaml"
ack "$W/ei.yaml" rdbms-user-store
ei_run
log=$(step_log "$S" $ID migration-tool-downloaded)
if [ "$rc" = 1 ] && [ "$(status_of "$J" migration-tool-downloaded)" = fail ] &&
    grep -qF "org.wso2.mi.migration-1.2.0.jar begins with: <!DOCTYPE html>" "$log"; then
	ok "EI html-jar: the check of the migration tool fails, showing the web page"
else
	not_ok "EI html-jar: exit $rc, $(status_of "$J" migration-tool-downloaded)"
	sed 's/^/# /' "$log" 2>/dev/null | head -10
fi
expect_eq "$(status_of "$J" copy-migration-tool)" "" "EI html-jar: the run stopped before copying the tool"
# The recovery: the jar from the raw address.
cp "$SB/github/wso2-docs/WSO2_EI/raw/master/migration-client/org.wso2.mi.migration-1.2.0.jar" "$SB/downloads/"
ei_run
run_stops encrypt-secrets "EI html-jar: after the recovery the run goes on to encrypting the secrets"
expect_eq "$(status_of "$J" migration-tool-downloaded)" pass "EI html-jar: after the download from the raw address the check passes"
expect_eq "$(status_of "$J" decrypt-passwords)" done "EI html-jar: the migration run is done"
if [ -f "$EI/migration/cipher-text-decrypted.properties" ]; then
	ok "EI html-jar: the migration tool wrote the decrypted files"
else
	not_ok "EI html-jar: no decrypted files"
fi
rm -f "$EI/migration/"*-decrypted.properties

echo "# EI took $(($(db_ms) - db_t0)) ms from the start"
# ========================= Open Banking 2.0.0 ============================
ID=ob-2.0.0-to-3.0.0-uk
GUIDE=$TOP_SRCDIR/checklists/$ID.yaml
export OB_KEYSTORE_PASSWORD=wso2carbon OB_TRUSTSTORE_PASSWORD=wso2carbon
manual_steps=$(awk '/^      - id: /{id=$3} /^        kind: manual$/{print id}' "$GUIDE")

# ob_answers FILE DCR SHORT [STEP-LEFT-OUT...]
ob_answers() {
	oa_f=$1 oa_dcr=$2 oa_short=$3
	shift 3
	{
		echo "guide: $ID"
		answer_vars $ID
		cat <<EOF
answers:
  dcr-apps-found: "$oa_dcr"
  sp-metadata-short: "$oa_short"
  symmetric-key: "no"
  apim-400-stopped: "no"
  is-step4-applies: "no"
  migrate-user-stores: "no"
  apim-step4-applies: "no"
  secure-vault: "no"
  secondary-user-store: "no"
  reporting-upgrade-needed: "no"
EOF
		answer_dbs $ID
		echo "acknowledge:"
		for m in $manual_steps; do
			case " $* " in *" $m "*) continue ;; esac
			echo "  - {step: $m, note: \"done in the training sandbox\"}"
		done
	} > "$oa_f"
}
ob_run() { # ANSWERS
	PATH=$SB/tools/bin:$PATH wiz --checklists "$TOP_SRCDIR/checklists" \
	    --state-dir "$S" run $ID --answers "$1"
}
# ob_to_stage4 NAME: run to the end of Stage 3 (or further), doing the two
# steps of Stages 2 and 3 that are the trainee's.
ob_to_stage4() {
	ob_run "$W/ob1.yaml"
	run_stops s2-migrate-5110 "$1: the run stops where the trainee copies the IS migration client"
	unzip -q -o "$SB/wso2-files/wso2is-migration-1.1.163.zip" -d "$W/ismig"
	cp "$W/ismig/wso2is-migration-1.1.163/dropins/"*.jar "$SB/ob-3.0.0/wso2is-5.11.0/repository/components/dropins/"
	cp -R "$W/ismig/wso2is-migration-1.1.163/migration-resources" "$SB/ob-3.0.0/wso2is-5.11.0/"
	ob_run "$W/ob2.yaml"
	run_stops s3-gateway-environment "$1: the run stops where the trainee renames the gateway environment"
	A400=$SB/ob-3.0.0/wso2am-4.0.0/repository/conf/deployment.toml
	sed 's/^name = "Default"$/name = "Production and Sandbox"/' "$A400" > "$W/a400" &&
	    cat "$W/a400" > "$A400"
	ob_run "$W/ob3.yaml"
}

build $ID "$T/sb/ob" ""
S=$T/state/ob
J=$S/$ID/journal
tree "$SB" "$W/ob-before"

# The seeds: PostgreSQL loaded and looked at, with the sandbox's PostgreSQL
# scripts; the guide on MariaDB.
if pg_admin -d postgres -f "$SB/db/seed-postgresql.sql" > "$W/pg.log" 2>&1; then
	ok "OB: the PostgreSQL seed loads"
else
	not_ok "OB: the PostgreSQL seed"
	sed 's/^/# /' "$W/pg.log" | head -20
fi
got=$(pg training_apimgtdb "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'sp_metadata' AND column_name = 'value'; SELECT COUNT(*) FROM sp_app; SELECT COUNT(*) FROM sp_inbound_auth" | tr '\n' ' ')
got="$got$(pg training_openbankingdb "SELECT COUNT(*) FROM ob_dcr_details") "
got="$got$(pg training_userdb "SELECT COUNT(*) FROM um_user") "
got="$got$(pg training_reporting_statsdb "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'accounts_raw_data' AND column_name IN ('tra_decision', 'exemption', 'is_fraud'); SELECT COUNT(*) FROM uk_additional_raw_data" | tr '\n' ' ')"
got="$got$(pg training_reporting_summarizeddb "SELECT COUNT(*) FROM accounts_summary")"
expect_eq "$got" "4096 5 5 3 5 3 1 2" "OB: the PostgreSQL training databases hold the WSO2 tables and their rows"
D=$W/obpg
mkdir -p "$D"
(cd "$D" && unzip -q -o "$SB/wso2-files/wso2-obiam-accelerator-3.0.0.zip" &&
    unzip -q -o "$SB/wso2-files/wso2-openbanking-migration-1.0.0.zip")
if pg_admin -d training_openbankingdb -f "$D/wso2-obiam-accelerator-3.0.0/carbon-home/dbscripts/open-banking/consent/postgresql.sql" > "$W/pg.log" 2>&1 &&
    pg_admin -d training_apimgtdb -f "$SB/wso2-files/db-scripts/upgrading-from-400-to-420/apimgt/postgresql.sql" >> "$W/pg.log" 2>&1 &&
    pg_admin -d training_reporting_statsdb -f "$D/wso2-openbanking-migration-1.0.0/openbanking-migration-resources/reporting-migration-scripts/uk/postgresql.sql" >> "$W/pg.log" 2>&1 &&
    [ "$(pg training_reporting_statsdb "SELECT DISTINCT consent_type FROM accounts_raw_data")" = accounts ]; then
	ok "OB: the sandbox's PostgreSQL scripts (consent tables, API-M 4.2.0, reporting) run on the PostgreSQL seed"
else
	not_ok "OB: the sandbox's PostgreSQL scripts"
	sed 's/^/# /' "$W/pg.log" | head -20
fi
pg_admin -d postgres -f "$SB/db/drop-postgresql.sql" > "$W/pg.log" 2>&1
expect_eq "$(pg postgres "SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'training\\_%' AND datname <> 'training_mi_userdb'")" 0 \
    "OB: drop-postgresql.sql drops the training databases"
seed_my "$SB"
got=$(my "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'training_apimgtdb' AND TABLE_NAME = 'SP_METADATA' AND COLUMN_NAME = 'VALUE'")
expect_eq "$got" 4096 "OB: without a fault, SP_METADATA.VALUE holds 4096"

ob_answers "$W/ob1.yaml" no no s2-migrate-5110 s3-gateway-environment
ob_answers "$W/ob2.yaml" no no s3-gateway-environment
ob_answers "$W/ob3.yaml" no no
ob_to_stage4 OB
expect_rc 0 "OB: the run completes the guide in the sandbox"
IS_HOME=$SB/ob-3.0.0/wso2is-6.1.0
APIM_HOME=$SB/ob-3.0.0/wso2am-4.2.0
SI_HOME=$SB/ob-3.0.0/wso2si-4.0.0
fails=$(grep "	step-result	" "$J" | grep -v "	status=\(pass\|done\)	" |
    sed 's/.*	step=\([^	]*\)	status=\([^	]*\)	.*/\1=\2/' | tr '\n' ' ')
expect_eq "$fails" "s1-old-apim-stopped=warn s2-migration-config-present=fail s2-is-511-port-free=fail s2-is-stopped=fail " \
    "OB: every check passed and every action was done, but the drift of Stages 1 and 2 that Stage 3 made (servers started, migration files removed), seen by the third run"
bad=""
awk '/^      - id: /{id=$3; getline; if ($2 == "action") print id}' "$GUIDE" > "$W/ob-actions"
while read -r s; do
	case $s in sp-metadata-widen|s3-start-apim-400-after|s4-apim-realm-manager|s6-upgrade-reporting) continue ;; esac
	[ "$(status_of "$J" "$s")" = done ] || bad="$bad $s"
done < "$W/ob-actions"
expect_eq "$bad" "" "OB: each action of the guide (but those a \"no\" answer leaves out) ran"

# merge.sh: said what it copied, and the files are in the product homes.
bad=""
for s in s4-merge-apim-accelerator s4-merge-is-accelerator s4-merge-apim-toolkit \
    s4-merge-is-toolkit s6-merge-bi-accelerator s6-merge-bi-toolkit; do
	grep -q "\[INFO\] .* merged: [0-9]* files copied into " "$(step_log "$S" $ID $s)" 2>/dev/null || bad="$bad $s"
done
expect_eq "$bad" "" "OB: each merge.sh said what it merged"
bad=""
for f in "$IS_HOME/repository/components/dropins/com.wso2.openbanking.accelerator.identity-3.0.0.jar" \
    "$IS_HOME/repository/components/lib/com.wso2.openbanking.uk.common-1.0.0.jar" \
    "$IS_HOME/dbscripts/open-banking/consent/mysql.sql" \
    "$APIM_HOME/repository/components/dropins/com.wso2.openbanking.uk.gateway-1.0.0.jar" \
    "$SI_HOME/lib/com.wso2.openbanking.accelerator.bi-3.0.0.jar" \
    "$SI_HOME/deployment/siddhi-files/UKReportingApp.siddhi"; do
	[ -f "$f" ] || bad="$bad $f"
done
expect_eq "$bad" "" "OB: the merged files are in the product homes"
# keytool: the certificates exported, and imported into the truststores.
ent() { # KEYSTORE ALIAS
	grep -c "^entry: trustedCertEntry $2 " "$1"
}
got="$(ent "$IS_HOME/repository/resources/security/client-truststore.jks" wso2) $(ent "$SI_HOME/resources/security/client-truststore.jks" wso2) $(ent "$SI_HOME/resources/security/client-truststore.jks" wso2apim) $(ent "$APIM_HOME/repository/resources/security/client-truststore.jks" wso2)"
expect_eq "$got" "1 1 1 1" "OB: keytool imported each certificate into its truststore"
if [ -f "$SI_HOME/resources/security/publickeySI.pem" ] && [ -f "$IS_HOME/repository/resources/security/publickeyIAM.pem" ] &&
    [ -f "$APIM_HOME/repository/resources/security/publickeyIAM.pem" ]; then
	ok "OB: keytool exported the certificates"
else
	not_ok "OB: the exported certificates"
fi
KS=$SI_HOME/resources/security/wso2carbon.jks
OB_KEYSTORE_PASSWORD=wrong-$$-pass "$SB/tools/bin/keytool" -list -keystore "$KS" -storepass:env OB_KEYSTORE_PASSWORD > "$W/kt" 2>&1
kt=$?
if [ $kt -ne 0 ] && grep -qF "Keystore was tampered with, or password was incorrect" "$W/kt" && ! grep -qF "wrong-$$-pass" "$W/kt"; then
	ok "OB: keytool refuses a wrong password without showing it"
else
	not_ok "OB: keytool with a wrong password: exit $kt, $(cat "$W/kt")"
fi
# The servers: their logs, and the stop scripts.
expect_in "$SI_HOME/wso2/server/logs/carbon.log" "WSO2 Streaming Integrator started in" \
    "OB: the Streaming Integrator's log has its started line"
expect_in "$IS_HOME/repository/logs/wso2carbon.log" "Open Banking migration completed" \
    "OB: the Identity Server ran the Open Banking migration (migrationEnable set by the guide)"
expect_in "$SB/ob-3.0.0/wso2is-5.11.0/repository/logs/wso2carbon.log" "Migration completed" \
    "OB: Identity Server 5.11.0 ran the IS migration client the trainee copied"
if sh "$APIM_HOME/bin/api-manager.sh" stop > "$W/stop" 2>&1 && [ ! -e "$APIM_HOME/wso2carbon.pid" ] &&
    sleep 0.3 && ! bash -c "exec 3<>/dev/tcp/127.0.0.1/$APIM_PORT" 2>/dev/null; then
	ok "OB: API Manager 4.2.0's stop script stops the server the guide left running"
else
	not_ok "OB: the stop script: $(cat "$W/stop")"
fi
expect_in "$APIM_HOME/repository/logs/wso2carbon.log" "Shutdown complete" "OB: the stop is in the server's log"

# The sandbox changed only where the guide and the trainee change it: the
# new homes, the backups, the migration tool extracted; the rest as built.
tree "$SB" "$W/ob-after"
changed "$W/ob-before" "$W/ob-after" | grep -v \
    -e '^\./ob-3\.0\.0/wso2\(is-5\.11\.0\|am-4\.0\.0\|is-6\.1\.0\|am-4\.2\.0\|si-4\.0\.0\)\(/\|$\)' \
    -e '^\./backups/ob2-\(wso2am-3\.1\.0\|wso2is-5\.10\.0\|obbi-2\.0\.0\)-home\.tar\.gz$' \
    -e '^\./wso2-files/wso2-openbanking-migration-1\.0\.0\(/\|$\)' > "$W/ob-other"
if [ -s "$W/ob-other" ]; then
	not_ok "OB: the sandbox changed elsewhere"
	sed 's/^/# /' "$W/ob-other" | head -20
else
	ok "OB: the sandbox changed only in the new homes, the backups and the extracted migration tool"
fi
got=$(ls "$SB/backups" | tr '\n' ' ')
expect_eq "$got" "ob2-obbi-2.0.0-home.tar.gz ob2-wso2am-3.1.0-home.tar.gz ob2-wso2is-5.10.0-home.tar.gz " \
    "OB: the backup folder holds the archives of the three old homes"
kept_outside OB
if grep -rqF -- "$MY_PASSWORD" "$S" "$T/out" "$SB"; then
	not_ok "OB: the database password is written somewhere"
else
	ok "OB: the database password is in no file of the session or the sandbox, nor shown"
fi
guide_kill_servers

echo "# OB's walk done $(($(db_ms) - db_t0)) ms from the start"
# ---- OB fault merge-fails ----
build $ID "$T/sb/ob-merge-fails" merge-fails
S=$T/state/ob-merge-fails
J=$S/$ID/journal
seed_my "$SB"
ob_answers "$W/ob1.yaml" no no s2-migrate-5110 s3-gateway-environment
ob_answers "$W/ob2.yaml" no no s3-gateway-environment
ob_answers "$W/ob3.yaml" no no
ob_to_stage4 "OB merge-fails"
IS_HOME=$SB/ob-3.0.0/wso2is-6.1.0
LIBJAR=repository/components/lib/com.wso2.openbanking.uk.common-1.0.0.jar
log=$(step_log "$S" $ID s4-merge-is-toolkit)
if [ "$rc" = 1 ] && [ "$(status_of "$J" s4-merge-is-toolkit)" = failed ] &&
    grep -qF "carbon-home/$LIBJAR is missing: the wso2-obiam-toolkit-uk-1.0.0 folder is incomplete" "$log"; then
	ok "OB merge-fails: merge.sh of the IS toolkit fails, naming the missing file"
else
	not_ok "OB merge-fails: exit $rc, $(result_of "$J" s4-merge-is-toolkit | cut -f5- | cut -c1-300)"
	sed 's/^/# /' "$log" 2>/dev/null | head -10
fi
if [ -f "$IS_HOME/repository/components/dropins/com.wso2.openbanking.uk.identity-1.0.0.jar" ] &&
    [ ! -e "$IS_HOME/$LIBJAR" ]; then
	ok "OB merge-fails: it failed half-way (the dropins merged, not the lib jar)"
else
	not_ok "OB merge-fails: not half-way"
fi
expect_eq "$(status_of "$J" s4-is-toolkit-toml-present)" "" "OB merge-fails: nothing after the failed step ran"
# The recovery: the toolkit completed from the zip sent again.
unzip -q -o "$SB/wso2-files/resent/wso2-obiam-toolkit-uk-1.0.0.zip" -d "$IS_HOME"
ob_run "$W/ob3.yaml"
expect_rc 0 "OB merge-fails: after the recovery the run goes on to the end"
expect_eq "$(status_of "$J" s4-merge-is-toolkit)" done "OB merge-fails: merge.sh of the IS toolkit is done"
if [ -f "$IS_HOME/$LIBJAR" ]; then
	ok "OB merge-fails: the missing jar is merged"
else
	not_ok "OB merge-fails: the jar is not in the product home"
fi
guide_kill_servers

echo "# merge-fails done $(($(db_ms) - db_t0)) ms from the start"
# ---- OB fault short-column ----
build $ID "$T/sb/ob-short-column" short-column
S=$T/state/ob-short-column
J=$S/$ID/journal
seed_my "$SB"
got=$(my "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'training_apimgtdb' AND TABLE_NAME = 'SP_METADATA' AND COLUMN_NAME = 'VALUE'")
expect_eq "$got" 1024 "OB short-column: the seed makes SP_METADATA.VALUE VARCHAR(1024)"
# The trainee sees the warning, answers yes, and the guide's remedy runs.
ob_answers "$W/ob1.yaml" no yes s2-migrate-5110
ob_run "$W/ob1.yaml"
run_stops s2-migrate-5110 "OB short-column: with the answer yes, the run goes on to Stage 2"
if [ "$(status_of "$J" sp-metadata-length)" = warn ] && result_of "$J" sp-metadata-length | grep -q 1024; then
	ok "OB short-column: the check of SP_METADATA.VALUE warns, naming 1024"
else
	not_ok "OB short-column: $(result_of "$J" sp-metadata-length | cut -f5- | cut -c1-300)"
fi
got="$(status_of "$J" sp-metadata-length) $(status_of "$J" sp-metadata-widen) $(status_of "$J" sp-metadata-length-after)"
expect_eq "$got" "warn done pass" "OB short-column: the ALTER ran, and the check after it passes"
got=$(my "SELECT CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'training_apimgtdb' AND TABLE_NAME = 'SP_METADATA' AND COLUMN_NAME = 'VALUE'")
expect_eq "$got" "4096 NO" "OB short-column: SP_METADATA.VALUE is VARCHAR(4096) NOT NULL"
if pg_admin -d postgres -f "$SB/db/seed-postgresql.sql" > "$W/pg.log" 2>&1 &&
    [ "$(pg training_apimgtdb "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'sp_metadata' AND column_name = 'value'")" = 1024 ]; then
	ok "OB short-column: the PostgreSQL seed has the short column too"
else
	not_ok "OB short-column: the PostgreSQL seed"
fi
pg_admin -d postgres -f "$SB/db/drop-postgresql.sql" > "$W/pg.log" 2>&1

# ---- OB fault dcr-underscore ----
build $ID "$T/sb/ob-dcr-underscore" dcr-underscore
S=$T/state/ob-dcr-underscore
J=$S/$ID/journal
seed_my "$SB"
# The trainee answers yes but acknowledges the rename without doing it.
ob_answers "$W/ob1.yaml" yes no s2-migrate-5110
ob_run "$W/ob1.yaml"
if [ "$(status_of "$J" dcr-no-underscore)" = warn ] &&
    result_of "$J" dcr-no-underscore | grep -qF "tpp2_pisp_app_01"; then
	ok "OB dcr-underscore: the DCR check warns, naming the software id"
else
	not_ok "OB dcr-underscore: $(result_of "$J" dcr-no-underscore | cut -f5- | cut -c1-300)"
fi
if [ "$rc" = 1 ] && [ "$(status_of "$J" dcr-no-underscore-after)" = fail ] && grep -qF "dcr-no-underscore-after" "$T/out"; then
	ok "OB dcr-underscore: the check after the rename fails, and the run stops there"
else
	not_ok "OB dcr-underscore: exit $rc, $(status_of "$J" dcr-no-underscore-after)"
fi
# The recovery: the rename, in the training databases.
if my_admin < "$SB/db/rename-dcr-app-mariadb.sql" > "$W/rename.log" 2>&1; then
	ok "OB dcr-underscore: the rename script runs"
else
	not_ok "OB dcr-underscore: the rename script: $(cat "$W/rename.log")"
fi
ob_run "$W/ob1.yaml"
run_stops s2-migrate-5110 "OB dcr-underscore: after the rename the run goes on to Stage 2"
expect_eq "$(status_of "$J" dcr-no-underscore-after)" pass "OB dcr-underscore: the check after the rename passes"
if pg_admin -d postgres -f "$SB/db/seed-postgresql.sql" > "$W/pg.log" 2>&1 &&
    pg_admin -d postgres -f "$SB/db/rename-dcr-app-postgresql.sql" >> "$W/pg.log" 2>&1 &&
    [ "$(pg training_openbankingdb "SELECT software_id FROM ob_dcr_details WHERE client_id = 'c9Tpp2PaymentsClientId02'")" = tpp2pispapp01 ] &&
    [ "$(pg training_apimgtdb "SELECT COUNT(*) FROM sp_app WHERE app_name = 'tpp2admin_tpp2pispapp01_PRODUCTION'")" = 1 ]; then
	ok "OB dcr-underscore: the PostgreSQL seed and rename script do the same"
else
	not_ok "OB dcr-underscore: PostgreSQL"
	sed 's/^/# /' "$W/pg.log" | head -10
fi
pg_admin -d postgres -f "$SB/db/drop-postgresql.sql" > "$W/pg.log" 2>&1
# The other recovery the fault's text gives: a waiver with its reason, in
# a sandbox made again (as the trainee resets it).
build $ID "$T/sb/ob-dcr-underscore-waived" dcr-underscore
seed_my "$SB"
S=$T/state/ob-dcr-underscore-waived
J=$S/$ID/journal
ob_answers "$W/ob1.yaml" yes no s2-migrate-5110
cat >> "$W/ob1.yaml" <<EOF
waive:
  - {step: dcr-no-underscore-after, reason: "the TPP registers again after the migration, with a new software id"}
EOF
ob_run "$W/ob1.yaml"
run_stops s2-migrate-5110 "OB dcr-underscore: with the check after the rename waived, the run goes on to Stage 2"
expect_eq "$(count_events "$J" waive dcr-no-underscore-after)" 1 "OB dcr-underscore: the waiver is in the journal"

# ---- With the program's own training mode ----
# The program loads each training.yaml and builds the sandbox with its own
# training-server: the prerequisite checks pass in it; each fault is
# accepted and built (a run with an answers file naming nothing stops at the
# first question).
CS=$T/state/core
for id in ei-7.0-mi-to-apim-4.0.0-mi ob-2.0.0-to-3.0.0-uk; do
	wiz --checklists "$TOP_SRCDIR/checklists" --state-dir "$CS" check $id --training
	expect_rc 0 "$id: check --training builds the sandbox and its prerequisite checks pass"
	expect_in "$T/out" "Nothing blocks the upgrade." "$id: nothing blocks the upgrade in the sandbox"
	echo "guide: $id" > "$W/none.yaml"
	for f in $(sed -n 's/^  - id: //p' "$TR/$id/training.yaml"); do
		wiz --checklists "$TOP_SRCDIR/checklists" --state-dir "$CS" run $id --training \
		    --fault "$f" --answers "$W/none.yaml"
		CSB=$CS/training/$id/sandbox
		case $f in
		html-jar) head -n 1 "$CSB/downloads/org.wso2.mi.migration-1.2.0.jar" > "$W/fault" ;;
		merge-fails) ls "$CSB/wso2-files/resent" > "$W/fault" 2>&1 ;;
		short-column) grep "^	VALUE VARCHAR" "$CSB/db/seed-mariadb.sql" > "$W/fault" ;;
		dcr-underscore) grep -c tpp2_pisp_app_01 "$CSB/db/rename-dcr-app-mariadb.sql" > "$W/fault" ;;
		esac
		case $rc:$f:$(cat "$W/fault") in
		"1:html-jar:<!DOCTYPE html>"|"1:merge-fails:wso2-obiam-toolkit-uk-1.0.0.zip"|\
		"1:short-column:	VALUE VARCHAR(1024) NOT NULL,"|1:dcr-underscore:[1-9]*)
			if grep -q "	training	.*	fault=$f\(	\|$\)" "$CS/training/$id/session/journal"; then
				ok "$id: --fault $f builds the sandbox with the fault, recorded in the training session"
			else
				not_ok "$id: --fault $f is not in the training session's journal"
			fi ;;
		*)
			not_ok "$id: --fault $f: exit $rc, $(cat "$W/fault")"
			sed 's/^/# /' "$T/err" | head -5 ;;
		esac
	done
done

# An unknown fault is refused, and so is a folder that is not empty.
mkdir -p "$T/sb/bad"
if env WIZARD_SANDBOX_FAULT=no-such-fault WIZARD="$WRAP" IS_PORT=1 APIM_PORT=2 SI_PORT=3 OBBI_PORT=4 \
    sh "$TR/$ID/sandbox.sh" "$T/sb/bad" > "$W/bad.out" 2>&1; then
	not_ok "OB: an unknown fault is built"
else
	expect_in "$W/bad.out" "unknown fault 'no-such-fault'" "OB: sandbox.sh refuses an unknown fault, naming it"
fi
for id in $ID ei-7.0-mi-to-apim-4.0.0-mi; do
	echo "kept" > "$T/sb/bad/kept"
	if env WIZARD="$WRAP" IS_PORT=1 APIM_PORT=2 SI_PORT=3 OBBI_PORT=4 MI_PORT=5 \
	    sh "$TR/$id/sandbox.sh" "$T/sb/bad" > "$W/bad.out" 2>&1; then
		not_ok "$id: sandbox.sh builds into a folder that is not empty"
	elif grep -qF "is not empty" "$W/bad.out" && [ "$(ls -A "$T/sb/bad")" = kept ]; then
		ok "$id: sandbox.sh refuses a folder that is not empty, and leaves it as it was"
	else
		not_ok "$id: sandbox.sh with a folder that is not empty: $(cat "$W/bad.out")"
	fi
done

# Every fault of training.yaml is one sandbox.sh knows.
bad=""
for id in $ID ei-7.0-mi-to-apim-4.0.0-mi; do
	for f in $(sed -n 's/^  - id: //p' "$TR/$id/training.yaml"); do
		grep -q "^''|.*$f" "$TR/$id/sandbox.sh" || bad="$bad $id:$f"
	done
done
expect_eq "$bad" "" "each fault of training.yaml is handled by its sandbox.sh"
echo "# the whole test, databases included, took $(($(db_ms) - db_t0)) ms"
done_testing
