#!/bin/sh
# wizard.sh: the program's commands over real databases: settings from the
# answers file, the server's version in `check`, passwords from a named
# variable and never written, the server's own refusal, Oracle checks
# reported by the operator, discovery named in the message.
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${WIZARD:=$TOP_BUILDDIR/src/wso2-upgrade-wizard}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
. "$TOP_SRCDIR/tests/cli/lib.sh"
. "$TOP_SRCDIR/tests/db/servers.sh"
# servers.sh owns the EXIT trap: keep the scratch folder under DB_DIR.
T=$DB_DIR/cli
mkdir -p "$T" "$HOME"
S=$T/state

# answers ENGINE FILE [EXTRA]: settings for apimgt and openbanking on one
# server, reporting on Oracle.
answers() {
	if [ "$1" = pg ]; then
		eng=postgresql host=$PG_HOST port=$PG_PORT user=$PG_USER
	else
		eng=mariadb host=$MY_HOST port=$MY_PORT user=$MY_USER
	fi
	cat > "$2" <<EOT
guide: dbguide
databases:
  apimgt: {engine: $eng, host: $host, port: $port, name: openbank_apimgtdb,
           user: $user, password_env: TEST_DB_PASSWORD}
  openbanking: {url: "jdbc:$( [ "$eng" = postgresql ] && echo postgresql || echo mariadb)://$host:$port/openbank_openbankingdb?x=1&amp;y=2",
                user: $user, password_env: TEST_DB_PASSWORD}
  reporting: {engine: oracle, host: ora.example, port: 1521, name: STATS}
$3
EOT
}

for e in pg my; do
	if [ $e = pg ]; then pw=$PG_PASSWORD; ver=PostgreSQL; else
		pw=$MY_PASSWORD; ver=MariaDB; fi
	rm -rf "$S"
	answers $e "$T/a.yaml"

	rm -f "$T"/ld.*
	TEST_DB_PASSWORD=$pw LD_DEBUG=libs LD_DEBUG_OUTPUT=$T/ld wiz \
	    --checklists "$DATA/db" --state-dir "$S" check dbguide \
	    --answers "$T/a.yaml"
	expect_rc 1 "$e: check finds the blocker"
	# The engine's client library is loaded when its database is used,
	# the other engine's not (tests/cli/libraries.sh: neither when no
	# database is).
	if [ $e = pg ]; then lib=libpq other='libmariadb|libmysqlclient'; else
		lib='libmariadb|libmysqlclient' other=libpq; fi
	cat "$T"/ld.* > "$T/ld" 2> /dev/null
	if grep -Eq "calling init: .*/($lib)\.so" "$T/ld" &&
	    ! grep -Eq "find library=($other)\.so" "$T/ld"; then
		ok "$e: its client library is loaded, the other engine's not"
	else
		not_ok "$e: the client libraries loaded are not as expected"
		grep -E "find library=|calling init:" "$T/ld" | sed 's/^/# /' |
		    head -40
	fi
	expect_in "$T/out" "database apimgt: " "$e: check names the database"
	expect_in "$T/out" ": $ver " "$e: check reports the server's version"
	# The text joined again where it was wrapped.
	tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/out1"
	expect_in "$T/out1" "255 characters, at least 4096 needed" \
	    "$e: the short column is found"
	expect_in "$T/out" "not connected to; its checks show the query" \
	    "$e: Oracle is not connected to"
	expect_in "$T/out" "USER_TAB_COLUMNS WHERE TABLE_NAME = 'ACCOUNTS_RAW_DATA' AND COLUMN_NAME = 'IS_FRAUD'" \
	    "$e: the operator's query is shown"
	expect_in "$T/out" "admin_DefaultApplication_PRODUCTION" \
	    "$e: the rows found are shown"
	[ ! -e "$S/dbguide" ] && ok "$e: check writes nothing" ||
	    not_ok "$e: check wrote a session"

	# A run stops at the blocker; the password is nowhere in the state.
	TEST_DB_PASSWORD=$pw wiz --checklists "$DATA/db" --state-dir "$S" run \
	    dbguide --answers "$T/a.yaml"
	expect_rc 1 "$e: run stops"
	expect_in "$T/out" "sp-metadata-length" "$e: at the short column"
	expect_in "$S/dbguide/journal" "	db	" "$e: the settings are in the journal"
	expect_in "$S/dbguide/session.yaml" "password_env: TEST_DB_PASSWORD" \
	    "$e: the snapshot names the variable"
	if grep -rqF -- "$pw" "$S" "$T/out" "$T/err"; then
		not_ok "$e: the password was written somewhere"
		grep -rlF -- "$pw" "$S" "$T/out" "$T/err" | sed 's/^/# /'
	else
		ok "$e: the password is in no file, log or output"
	fi

	# Waive the column (to reach the Oracle check): it asks for a report.
	answers $e "$T/a2.yaml" 'waive:
  - {step: sp-metadata-length, reason: "altered in the next stage"}'
	TEST_DB_PASSWORD=$pw wiz --checklists "$DATA/db" --state-dir "$S" run \
	    dbguide --answers "$T/a2.yaml"
	expect_rc 1 "$e: run stops at the Oracle check"
	expect_in "$T/out" "reporting-columns" "$e: the stop names it"
	expect_in "$T/out" "under 'reported:'" "$e: and says how to report it"

	answers $e "$T/a3.yaml" 'waive:
  - {step: sp-metadata-length, reason: "altered in the next stage"}
reported:
  - {step: reporting-columns, result: pass, evidence: "IS_FRAUD VARCHAR2(10), run by the DBA, CHG-9"}'
	TEST_DB_PASSWORD=$pw wiz --checklists "$DATA/db" --state-dir "$S" run \
	    dbguide --answers "$T/a3.yaml"
	expect_rc 0 "$e: the report completes the guide"
	expect_in "$S/dbguide/journal" "run by the DBA, CHG-9" \
	    "$e: the report is in the journal"
	expect_in "$S/dbguide/session.yaml" "reported: true" \
	    "$e: marked as reported in the snapshot"

	# Reporting a check that runs here is refused.
	answers $e "$T/a4.yaml" 'reported:
  - {step: server-version, result: pass, evidence: "looked at it"}'
	rm -rf "$S"
	TEST_DB_PASSWORD=$pw wiz --checklists "$DATA/db" --state-dir "$S" run \
	    dbguide --answers "$T/a4.yaml"
	expect_rc 1 "$e: a report of a check run here stops"
	expect_in "$T/out" "it is run here, not reported" "$e: and says why"

	# The wrong password: the server's own refusal, nothing lost.
	rm -rf "$S"
	TEST_DB_PASSWORD="wrong-$pw" wiz --checklists "$DATA/db" --state-dir "$S" \
	    check dbguide --answers "$T/a.yaml"
	expect_rc 1 "$e: a wrong password blocks"
	if [ $e = pg ]; then
		expect_in "$T/out" "password authentication failed" \
		    "$e: the server's own message"
	else
		expect_in "$T/out" "Access denied" "$e: the server's own message"
	fi
	expect_not_in "$T/out" "wrong-$pw" "$e: the wrong password is not shown"
done

# A password in the answers file is refused, with its place.
cat > "$T/bad.yaml" <<EOT
guide: dbguide
databases:
  apimgt: {engine: mysql, name: x, password: secret}
EOT
wiz --checklists "$DATA/db" --state-dir "$S" check dbguide --answers "$T/bad.yaml"
expect_rc 2 "a password in the answers file is refused"
expect_in "$T/err" "bad.yaml:3:36: a password is never read from an answers file" \
    "with its place"

# No settings: discovery in the product's file is named for confirmation.
mkdir -p "$T/conf"
cat > "$T/conf/deployment.toml" <<EOT
[database.apim_db]
url = "jdbc:postgresql://$PG_HOST:$PG_PORT/openbank_apimgtdb"
username = "$PG_USER"
password = "\$secret{apim_db_password}"
EOT
cat > "$T/d.yaml" <<EOT
guide: dbguide
variables: {CONF: "$T/conf"}
EOT
rm -rf "$S"
wiz --checklists "$DATA/db" --state-dir "$S" run dbguide --answers "$T/d.yaml"
expect_rc 1 "without settings the run stops"
expect_in "$T/out" "the database apimgt (openbank_apimgtdb) has no settings" \
    "it says which database"
expect_in "$T/out" "deployment.toml:1 names apim_db (postgresql://$PG_USER@$PG_HOST:$PG_PORT/openbank_apimgtdb)" \
    "and what discovery found"

echo "1..$n"
