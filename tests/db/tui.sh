#!/bin/sh
# tui.sh: the setup screen's databases, driven in tmux over the private
# PostgreSQL: settings typed field by field (a query timeout refused, then
# one recorded), "test" asking for the password
# without echo and saying what the server is, discovery offered from the
# product's deployment.toml and confirmed, the report of an Oracle query.
# The password is never on the screen, in the journal or the snapshot.
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${WIZARD:=$TOP_BUILDDIR/src/wso2-upgrade-wizard}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
. "$TOP_SRCDIR/tests/tui/lib.sh"
. "$TOP_SRCDIR/tests/db/servers.sh"
# Both owners of the exit trap: the terminal's and the servers'.
trap 'tui_cleanup; db_servers_stop' EXIT

CHECKLISTS=$DATA/db
J=$STATE/dbguide/journal
mkdir -p "$T/conf"
cat > "$T/conf/deployment.toml" <<EOT
[database.apim_db]
type = "postgres"
url = "jdbc:postgresql://$PG_HOST:$PG_PORT/openbank_apimgtdb?sslmode=disable"
username = "$PG_USER"
password = "\$secret{apim_db_password}"
EOT

expect_screen() {
	if wait_for "$1" "${3:-10}"; then
		ok "$2"
	else
		not_ok "$2: '$1' not on the screen"
		screen | sed 's/^/# /'
	fi
}

start --guide dbguide
wait_for "Stages"
keys s
expect_screen "Databases" "the setup screen lists the databases"
expect_screen "(not set)" "a database without settings says so"

# The variable CONF first (the first row), then down to apimgt.
keys Home Enter
wait_for "The folder holding" && keys C-u "$T/conf" Enter
wait_for "CONF is set to"
keys Down
expect_screen "d discover" "a database row offers test and discover"
keys d
expect_screen "apim_db" "discovery finds the datasource"
expect_screen "password encrypted" "and says its password is encrypted"
keys Enter
expect_screen "are recorded (discovered" "the discovered settings are recorded"

# Test: the password is asked without echo.
keys t
expect_screen "Database password" "the password is asked"
keys "$PG_PASSWORD"
sleep 0.3
if screen | grep -qF -- "$PG_PASSWORD"; then
	not_ok "the typed password is shown"
else
	ok "the typed password is not shown"
fi
keys Enter
expect_screen "Connected to apimgt: PostgreSQL" "test says what the server is"

# A wrong password: the server's own refusal, asked again.
keys Down
expect_screen "openbank_openbankingdb" "on the second database"
keys Enter
wait_for "The database engine" && keys Enter
wait_for "The host" && keys C-u "$PG_HOST" Enter
wait_for "The port" && keys C-u "$PG_PORT" Enter
wait_for "name on the" && keys C-u openbank_openbankingdb Enter
wait_for "The user" && keys C-u "$PG_USER" Enter
wait_for "TLS" && keys Enter
wait_for "environment variable" && keys Enter
wait_for "query timeout" && keys C-u 0 Enter
expect_screen "'0' is not a query timeout" "a query timeout of 0 s is refused"
wait_for "The query timeout" && keys C-u 45 Enter
expect_screen "The settings of openbanking are recorded" "typed settings are recorded"
keys t
expect_screen "Database password" "the password is asked for the second"
keys "not-$PG_PASSWORD" Enter
expect_screen "password authentication failed" "a wrong one: the server's words, asked again"
keys "$PG_PASSWORD" Enter
expect_screen "Connected to openbanking: PostgreSQL" "the right one connects"

keys q
wait_for "Leave" 3 && keys y
wait_exit 10
if grep -rqF -- "$PG_PASSWORD" "$STATE"; then
	not_ok "a password was written in the state folder"
else
	ok "no password in the journal, snapshot or logs"
fi
if grep -q "	db	.*source=discovered .*deployment.toml:1" "$J" &&
    grep -q "ask_password=yes" "$J"; then
	ok "the journal records where the settings came from"
else
	not_ok "the journal does not record the discovery"
	grep "	db	" "$J" | sed 's/^/# /'
fi
if grep "	db	" "$J" | grep "name=openbanking" | grep -q "	query_timeout=45"; then
	ok "the query timeout typed is recorded with the settings"
else
	not_ok "the query timeout typed is not in the journal"
	grep "	db	" "$J" | sed 's/^/# /'
fi
done_testing
