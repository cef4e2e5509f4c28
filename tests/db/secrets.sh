#!/bin/sh
# secrets.sh: the database passwords of the tests are written nowhere. A
# guide over both private servers (tests/db/servers.sh) runs to the end:
# server versions, tables, a query with no rows, SQL that writes with bound
# parameters, a dump of each database and the check of each dump. Then its
# status, its report in all four formats (-o), and the terminal: the
# finished session opened in tmux, the setup screen, a connection test with
# the password typed, a check run again, its log, the report screen; every
# screen is captured. No file the program wrote (state folder: journal,
# snapshot, lock, logs, backups and dumps; the reports), no output of the
# commands and no screen capture holds either password; and a wrong
# password, refused by the server, is shown nowhere either.
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${WIZARD:=$TOP_BUILDDIR/src/wso2-upgrade-wizard}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
. "$TOP_SRCDIR/tests/tui/lib.sh"
. "$TOP_SRCDIR/tests/db/servers.sh"
# Both owners of the exit trap: the terminal's and the servers'.
trap 'tui_cleanup; db_servers_stop' EXIT

CHECKLISTS=$T/cl
OUT=$T/outputs
CAP=$T/screens
mkdir -p "$CHECKLISTS" "$OUT" "$T/backups"
: > "$CAP"

# wiz ARGS...: the program, its stdout and stderr kept (appended) in $OUT.
wcount=0
wiz() {
	wcount=$((wcount + 1))
	"$WIZARD" --checklists "$CHECKLISTS" --state-dir "$STATE" "$@" \
	    > "$OUT/$wcount.out" 2> "$OUT/$wcount.err"
	rc=$?
}

# snap: the screen now, added to the captures.
snap() {
	screen >> "$CAP"
	echo "----" >> "$CAP"
}

cat > "$CHECKLISTS/secrets.yaml" <<'EOY'
guide:
  id: secrets
  title: "Work on both databases"
  source: "tests/db/secrets.sh"
  from: "1"
  to: "2"
databases:
  - name: pgdb
    title: "the PostgreSQL scratch database"
  - name: mydb
    title: "the MariaDB scratch database"
stages:
  - id: checks
    title: "Checks"
    steps:
      - id: pg-version
        kind: check
        type: db_server_version
        title: "PostgreSQL is recent enough"
        ref: "1"
        with: {database: pgdb, min: {postgresql: "12"}}
      - id: my-version
        kind: check
        type: db_server_version
        title: "MariaDB is recent enough"
        ref: "2"
        with: {database: mydb, min: {mariadb: "10.3"}}
  - id: work
    title: "Write, dump, check"
    steps:
      - id: pg-create
        kind: action
        type: sql
        title: "A table on PostgreSQL"
        ref: "3"
        with:
          database: pgdb
          sql: "CREATE TABLE IF NOT EXISTS secrets_probe (name VARCHAR(200))"
      - id: pg-insert
        kind: action
        type: sql
        title: "A row on PostgreSQL, bound"
        ref: "4"
        with:
          database: pgdb
          sql: "INSERT INTO secrets_probe (name) VALUES ($1)"
          params: ["a row"]
      - id: my-create
        kind: action
        type: sql
        title: "A table on MariaDB"
        ref: "5"
        with:
          database: mydb
          sql: "CREATE TABLE IF NOT EXISTS secrets_probe (name VARCHAR(200))"
      - id: my-insert
        kind: action
        type: sql
        title: "A row on MariaDB, bound"
        ref: "6"
        with:
          database: mydb
          sql: "INSERT INTO secrets_probe (name) VALUES (?)"
          params: ["a row"]
      - id: pg-table
        kind: check
        type: db_table_exists
        title: "The PostgreSQL table is there"
        ref: "7"
        with: {database: pgdb, table: secrets_probe, column: name}
      - id: my-none
        kind: check
        type: db_no_rows
        title: "No row on MariaDB says 'nothing'"
        ref: "8"
        with:
          database: mydb
          sql: "SELECT name FROM secrets_probe WHERE name = 'nothing'"
      - id: pg-dump
        kind: action
        type: db_dump
        title: "Dump PostgreSQL"
        ref: "9"
        with: {database: pgdb}
      - id: my-dump
        kind: action
        type: db_dump
        title: "Dump MariaDB"
        ref: "10"
        with: {database: mydb}
      - id: pg-dumped
        kind: check
        type: db_backup_present
        title: "The PostgreSQL dump is complete"
        ref: "11"
        with: {database: pgdb}
      - id: my-dumped
        kind: check
        type: db_backup_present
        title: "The MariaDB dump is complete"
        ref: "12"
        with: {database: mydb}
EOY

cat > "$T/answers.yaml" <<EOA
guide: secrets
databases:
  pgdb: {engine: postgresql, host: $PG_HOST, port: $PG_PORT, name: $DB_SCRATCH,
         user: $PG_USER, password_env: PG_TEST_PASSWORD}
  mydb: {engine: mariadb, host: $MY_HOST, port: $MY_PORT, name: $DB_SCRATCH,
         user: $MY_USER, password_env: MY_TEST_PASSWORD}
EOA
# The dump tools of the servers' own installation first.
PATH=$PG_BIN:$PATH
export PG_TEST_PASSWORD="$PG_PASSWORD" MY_TEST_PASSWORD="$MY_PASSWORD" PATH

# ---- The whole guide, from the command line ----
# Before the run, the table and the dumps are missing: check says so.
wiz check secrets --answers "$T/answers.yaml"
expect_eq "$rc" 1 "check, before the run, finds the table and the dumps missing"
if grep -q "\[pass\] PostgreSQL" "$OUT/$wcount.out" &&
    grep -q "\[pass\] MariaDB" "$OUT/$wcount.out"; then
	ok "check connected to both servers"
else
	not_ok "check could not connect"
	sed 's/^/# /' "$OUT/$wcount.out" "$OUT/$wcount.err" | tail -30
fi
wiz run secrets --answers "$T/answers.yaml"
expect_eq "$rc" 0 "run completes the guide"
if [ "$rc" -ne 0 ]; then
	sed 's/^/# /' "$OUT/$wcount.out" "$OUT/$wcount.err" | tail -30
fi
J=$STATE/secrets/journal
for s in pg-version my-version pg-create pg-insert my-create my-insert \
    pg-table my-none pg-dump my-dump pg-dumped my-dumped; do
	if grep -q "step=$s	status=\(pass\|done\)" "$J" 2> /dev/null; then
		ok "$s ran"
	else
		not_ok "$s has no passing or done result"
	fi
done
ndumps=$(ls "$STATE/secrets/backup/dumps" 2> /dev/null | wc -l)
if [ "$ndumps" -ge 2 ]; then
	ok "the dumps are in the state folder ($ndumps files)"
else
	not_ok "only $ndumps dumps in $STATE/secrets/backup/dumps"
fi
wiz status secrets
expect_eq "$rc" 0 "status"
for f in text markdown html yaml; do
	wiz report secrets --format $f -o "$T/report.$f"
	expect_eq "$rc" 0 "the $f report"
done

# A wrong password: the server's refusal is shown, the password is not.
WRONG=wrong-$PG_PASSWORD-x
PG_TEST_PASSWORD=$WRONG wiz check secrets --answers "$T/answers.yaml"
expect_eq "$rc" 1 "a wrong password blocks the check"
if grep -qF "password authentication failed" "$OUT/$wcount.out"; then
	ok "with the server's own message"
else
	not_ok "no 'password authentication failed' in the output"
fi

# ---- The terminal: the finished session, every screen captured ----
start -s 100x40 --guide secrets
if wait_for "Stages" 15; then
	ok "the terminal opens the session"
else
	not_ok "the terminal did not open the session"
	screen | sed 's/^/# /'
fi
snap
# The setup screen: the databases, a connection test of each (the
# passwords from their variables; tests/db/tui.sh types one).
keys s
wait_for "Databases" && snap
keys End Up
sleep 0.3
snap
keys t
wait_for "Connected to mydb" 10
snap
keys Up
sleep 0.3
keys t
wait_for "Connected to pgdb" 10
snap
if grep -q "Connected to mydb" "$CAP" && grep -q "Connected to pgdb" "$CAP"; then
	ok "the setup screen connected to both databases"
else
	not_ok "a connection test did not succeed on the setup screen"
	screen | sed 's/^/# /'
fi
keys Escape
wait_for "Stages" 5
snap
# A check run again, its log, the next steps.
keys Enter
sleep 0.5
snap
keys Enter
sleep 0.5
snap
keys r
wait_re "[Pp]ass" 15
snap
keys l
sleep 0.5
snap
keys Escape
sleep 0.3
i=0
while [ $i -lt 14 ]; do
	keys ']'
	sleep 0.25
	snap
	i=$((i + 1))
done
keys Escape
sleep 0.3
keys Escape
sleep 0.3
keys o
sleep 1
snap
keys PgDn
sleep 0.3
snap
keys Escape
sleep 0.3
keys q
wait_for "Leave" 3 && keys y
wait_exit 10
ncap=$(grep -c '^----$' "$CAP")
if [ "$ncap" -ge 20 ]; then
	ok "$ncap screens captured"
else
	not_ok "only $ncap screens captured"
fi

# ---- Nothing holds a password ----
files=$(find "$STATE" "$T/backups" -type f | wc -l)
if [ "$files" -ge 8 ]; then
	ok "$files files written in the state folder"
else
	not_ok "only $files files in the state folder"
fi
for pw in "$PG_PASSWORD" "$MY_PASSWORD" "$WRONG"; do
	hits=$(grep -rlF -- "$pw" "$STATE" "$T/backups" "$T"/report.* "$OUT" \
	    "$CAP" 2> /dev/null)
	if [ -z "$hits" ]; then
		ok "password ${pw%"${pw#???}"}... is in no file, output or screen"
	else
		not_ok "a password is written in: $(echo $hits)"
	fi
done
# The test would see one: each place it greps is read as it should be.
for f in "$T/report.text" "$T/report.html" "$T/report.markdown" \
    "$T/report.yaml" "$J"; do
	if grep -qF "$PG_USER" "$f"; then
		ok "$(basename "$f") names the user, so it was read"
	else
		not_ok "$(basename "$f") does not name $PG_USER"
	fi
done

done_testing
