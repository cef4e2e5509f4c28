# servers.sh: a private PostgreSQL and a private MariaDB for the database
# tests, sourced by them (". servers.sh"). Installs nothing: it needs the
# postgresql and mariadb-server packages (initdb, pg_ctl, psql, mariadbd,
# mariadb-install-db, mariadb-admin, mariadb) and openssl for TLS.
#
# Both servers run from one temporary folder, as an unprivileged user when
# run as root (PostgreSQL refuses root), listening on 127.0.0.1 only, on
# ports found by trying to bind (a server that cannot bind is started again
# on another port). Each has:
#   - a test user with a password, owning (PostgreSQL) or granted all on
#     (MariaDB) openbank_apimgtdb, openbank_openbankingdb and wizard_scratch;
#   - a user without privileges, allowed to read SP_APP only;
#   - the WSO2 tables of apimgt-*.sql and openbanking-*.sql;
#   - TLS offered with a throw-away self-signed certificate (DB_TLS=yes).
# Exported:
#   DB_DIR             the temporary folder (removed on exit)
#   DB_SCRATCH         a database the test user may fill and empty
#   DB_TLS             yes if both servers offer TLS, no otherwise
#   PG_HOST PG_PORT PG_USER PG_PASSWORD PG_NOPRIV_USER PG_NOPRIV_PASSWORD
#   PG_BIN PG_SOCKET_DIR   (the superuser "postgres" may connect through the
#                          socket without a password)
#   PG_STOP PG_START   commands: stop the server at once (pg_ctl stop -m
#                      immediate), start it again on the same port
#   MY_HOST MY_PORT MY_USER MY_PASSWORD MY_NOPRIV_USER MY_NOPRIV_PASSWORD
#   MY_SOCKET          (the user running this connects through it, as
#                      root could, without a password)
#   MY_STOP MY_START   the same for MariaDB (kill -KILL, start again)
# Shell functions for the sourcing test: pg_admin ARGS (psql as postgres),
# my_admin ARGS (mariadb with root's rights).
#
# Both servers are stopped and the folder removed on exit, whatever happens:
# this file owns the EXIT, INT, TERM and HUP traps, so a test that needs
# cleaning up keeps its files under $DB_DIR, and names the processes it
# runs in the background in DB_KILL_ON_EXIT (they are killed first). A
# signal is handled at once only while the shell waits in "wait": run a
# long test program in the background and wait for it. If the servers
# cannot be started, it prints a TAP "not ok" line with the reason and the
# servers' logs, and exits 1.

: "${TOP_SRCDIR:?}"

db_ms() {
	date +%s%3N
}
db_t0=$(db_ms)
DB_KILL_ON_EXIT=""

db_fail() {
	echo "not ok 1 - start the database servers: $1"
	for db_log in "$DB_DIR/pg/server.log" "$DB_DIR/my/error.log" \
	    "$DB_DIR/logs/"*; do
		[ -s "$db_log" ] || continue
		echo "# $(basename "$(dirname "$db_log")")/$(basename "$db_log"):"
		# The errors first (a bootstrap's is followed by pages of help).
		grep -i -m 5 'error' "$db_log" | sed 's/^/#   error: /'
		tail -n 15 "$db_log" | sed 's/^/#   /'
	done
	exit 1
}

# db_wait_gone PID: wait (at most 10 s) until the process is gone or a
# zombie.
db_wait_gone() {
	db_i=0
	while [ "$db_i" -lt 100 ] && kill -0 "$1" 2>/dev/null; do
		case $(ps -o stat= -p "$1" 2>/dev/null) in
		Z*) return 0 ;;
		esac
		sleep 0.1
		db_i=$((db_i + 1))
	done
}

db_servers_stop() {
	[ -n "$DB_DIR" ] && [ -d "$DB_DIR" ] || return 0
	for db_pid in $DB_KILL_ON_EXIT; do
		kill -KILL "$db_pid" 2>/dev/null
	done
	if [ -f "$DB_DIR/pg/data/postmaster.pid" ]; then
		$db_as "$PG_BIN/pg_ctl" -D "$DB_DIR/pg/data" stop -m immediate \
		    -w -t 10 >/dev/null 2>&1
	fi
	if [ -f "$DB_DIR/my/run/mariadbd.pid" ]; then
		db_pid=$(cat "$DB_DIR/my/run/mariadbd.pid")
		kill -KILL "$db_pid" 2>/dev/null && db_wait_gone "$db_pid"
	fi
	rm -rf "$DB_DIR"
}

DB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wizard-db.XXXXXX") ||
    { echo "not ok 1 - start the database servers: no temporary folder"; exit 1; }
trap 'db_servers_stop' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# Who runs the servers; who runs this (MariaDB lets this user, through the
# socket, do what root may).
db_me=$(id -un)
db_as=""
if [ "$(id -u)" = 0 ]; then
	id nobody >/dev/null 2>&1 || db_fail "there is no user 'nobody' to run the servers as"
	command -v setpriv >/dev/null 2>&1 || db_fail "setpriv not found (util-linux)"
	db_group=$(id -gn nobody)
	db_as="setpriv --reuid=nobody --regid=$db_group --clear-groups --"
fi

PG_BIN=""
for db_d in /usr/lib/postgresql/*/bin; do
	[ -x "$db_d/initdb" ] && PG_BIN=$db_d
done
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null 2>&1; then
	PG_BIN=$(dirname "$(command -v initdb)")
fi
[ -n "$PG_BIN" ] || db_fail "initdb not found: install the postgresql package"
for db_p in mariadbd mariadb-install-db mariadb-admin mariadb; do
	command -v "$db_p" >/dev/null 2>&1 || [ -x "/usr/sbin/$db_p" ] ||
	    db_fail "$db_p not found: install the mariadb-server package"
done
db_mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)

chmod 755 "$DB_DIR"
mkdir -p "$DB_DIR/pg/run" "$DB_DIR/my/run" "$DB_DIR/my/tmp" "$DB_DIR/tls" \
    "$DB_DIR/bin" "$DB_DIR/logs"
if [ -n "$db_as" ]; then
	chown -R "nobody:$db_group" "$DB_DIR/pg" "$DB_DIR/my"
fi

db_secret() {
	printf 'pw-%s' "$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')"
}
PG_HOST=127.0.0.1
PG_USER=wizard
PG_PASSWORD=$(db_secret)
PG_NOPRIV_USER=wizard_np
PG_NOPRIV_PASSWORD=$(db_secret)
PG_SOCKET_DIR=$DB_DIR/pg/run
MY_HOST=127.0.0.1
MY_USER=wizard
MY_PASSWORD=$(db_secret)
MY_NOPRIV_USER=wizard_np
MY_NOPRIV_PASSWORD=$(db_secret)
MY_SOCKET=$DB_DIR/my/run/mariadbd.sock
DB_SCRATCH=wizard_scratch

# Create both data folders at once.
$db_as "$PG_BIN/initdb" -D "$DB_DIR/pg/data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync \
    > "$DB_DIR/logs/initdb.log" 2>&1 &
db_initdb=$!
# MariaDB's temporary files go in a folder of its own: in the shared /tmp
# they are named by process id and thread, and another MariaDB on the same
# machine can hold one of the same name ("Could not remove temporary
# table"), which makes the bootstrap abort.
$db_as mariadb-install-db --no-defaults --datadir="$DB_DIR/my/data" \
    --tmpdir="$DB_DIR/my/tmp" --auth-root-authentication-method=socket \
    --auth-root-socket-user="$db_me" --skip-test-db --skip-name-resolve \
    --innodb-log-file-size=8M > "$DB_DIR/logs/mariadb-install-db.log" 2>&1 &
db_install=$!
DB_TLS=no
if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -days 2 -subj /CN=127.0.0.1 -keyout "$DB_DIR/tls/server.key" \
    -out "$DB_DIR/tls/server.crt" > "$DB_DIR/logs/openssl.log" 2>&1; then
	DB_TLS=yes
	chmod 600 "$DB_DIR/tls/server.key"
	[ -z "$db_as" ] || chown -R "nobody:$db_group" "$DB_DIR/tls"
fi
wait "$db_initdb" || db_fail "initdb failed"
wait "$db_install" || db_fail "mariadb-install-db failed"

cat >> "$DB_DIR/pg/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DB_DIR/pg/run'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 16MB
max_connections = 40
EOF
if [ "$DB_TLS" = yes ]; then
	cat >> "$DB_DIR/pg/data/postgresql.conf" <<EOF
ssl = on
ssl_cert_file = '$DB_DIR/tls/server.crt'
ssl_key_file = '$DB_DIR/tls/server.key'
EOF
fi

# The start and stop commands, also used by the tests.
cat > "$DB_DIR/bin/pg-start" <<EOF
#!/bin/sh
exec $db_as "$PG_BIN/pg_ctl" -D "$DB_DIR/pg/data" -l "$DB_DIR/pg/server.log" \
    -w -t 20 start >> "$DB_DIR/logs/pg_ctl.log" 2>&1
EOF
cat > "$DB_DIR/bin/pg-stop" <<EOF
#!/bin/sh
exec $db_as "$PG_BIN/pg_ctl" -D "$DB_DIR/pg/data" stop -m immediate \
    -w -t 20 >> "$DB_DIR/logs/pg_ctl.log" 2>&1
EOF
db_my_tls=""
if [ "$DB_TLS" = yes ]; then
	db_my_tls="--ssl-cert=$DB_DIR/tls/server.crt --ssl-key=$DB_DIR/tls/server.key"
fi
# The MariaDB start command waits (20 s at most) until the server answers;
# it fails at once if the server dies (a port in use). The server's own
# handshake limit (connect_timeout, 10 s) is multiplied by TEST_TIME_FACTOR:
# under valgrind a client's TLS handshake can outlast it ("TLS/SSL error:
# Connection reset by peer").
db_my_connect_timeout=$((10 * ${TEST_TIME_FACTOR:-1}))
cat > "$DB_DIR/bin/my-start" <<EOF
#!/bin/sh
$db_as "$db_mariadbd" --no-defaults --datadir="$DB_DIR/my/data" \\
    --tmpdir="$DB_DIR/my/tmp" --socket="$MY_SOCKET" --port="\$(cat "$DB_DIR/my/port")" \\
    --bind-address=127.0.0.1 --pid-file="$DB_DIR/my/run/mariadbd.pid" \\
    --log-error="$DB_DIR/my/error.log" --skip-name-resolve --skip-log-bin \\
    --innodb-buffer-pool-size=16M --innodb-log-file-size=8M \\
    --innodb-flush-log-at-trx-commit=0 $db_my_tls \\
    --connect-timeout=$db_my_connect_timeout \\
    < /dev/null >> "$DB_DIR/logs/mariadbd.out" 2>&1 &
pid=\$!
i=0
while [ \$i -lt 200 ]; do
	kill -0 \$pid 2>/dev/null || exit 1
	mariadb-admin --no-defaults --socket="$MY_SOCKET" -u "$db_me" \\
	    --connect-timeout=1 ping > /dev/null 2>&1 && exit 0
	sleep 0.1
	i=\$((i + 1))
done
exit 1
EOF
cat > "$DB_DIR/bin/my-stop" <<EOF
#!/bin/sh
pid=\$(cat "$DB_DIR/my/run/mariadbd.pid") || exit 1
kill -KILL "\$pid" || exit 1
i=0
while [ \$i -lt 100 ] && kill -0 "\$pid" 2>/dev/null; do
	case \$(ps -o stat= -p "\$pid" 2>/dev/null) in
	Z*) break ;;
	esac
	sleep 0.1
	i=\$((i + 1))
done
EOF
chmod 755 "$DB_DIR/bin/"*
PG_START=$DB_DIR/bin/pg-start
PG_STOP=$DB_DIR/bin/pg-stop
MY_START=$DB_DIR/bin/my-start
MY_STOP=$DB_DIR/bin/my-stop

# A port somewhere in 20000-59999, different for every try and every run.
db_port() {
	echo $((20000 + ($$ * 7919 + $(date +%N | sed 's/^0*//;s/^$/0/') / 1000 + $1 * 7411) % 40000))
}

# Start each server, on another port while the port is taken.
# db_port_taken LOG: did the server fail because its port is taken?
db_port_taken() {
	[ "$db_try" -lt 10 ] && grep -q 'Address already in use' "$1"
}
db_try=0
while :; do
	PG_PORT=$(db_port "$db_try")
	echo "port = $PG_PORT" >> "$DB_DIR/pg/data/postgresql.conf"
	[ ! -f "$DB_DIR/pg/server.log" ] || : > "$DB_DIR/pg/server.log"
	"$PG_START" && break
	db_port_taken "$DB_DIR/pg/server.log" || db_fail "PostgreSQL did not start"
	db_try=$((db_try + 1))
done
db_try=0
while :; do
	MY_PORT=$(db_port "$((db_try + 20))")
	db_try=$((db_try + 1))
	[ "$MY_PORT" != "$PG_PORT" ] || continue
	echo "$MY_PORT" > "$DB_DIR/my/port"
	[ ! -f "$DB_DIR/my/error.log" ] || : > "$DB_DIR/my/error.log"
	"$MY_START" && break
	db_port_taken "$DB_DIR/my/error.log" || db_fail "MariaDB did not start"
done
"$PG_BIN/pg_isready" -q -h "$PG_SOCKET_DIR" -p "$PG_PORT" -t 10 ||
    db_fail "PostgreSQL does not answer"

pg_admin() {
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" \
	    -U postgres "$@"
}
# shellcheck disable=SC2120
my_admin() {
	mariadb --no-defaults --socket="$MY_SOCKET" -u "$db_me" "$@"
}

# Users, databases, tables: one psql for PostgreSQL, one mariadb client.
pg_admin -d postgres > "$DB_DIR/logs/setup-pg.log" 2>&1 <<EOF || db_fail "cannot set PostgreSQL up: $(cat "$DB_DIR/logs/setup-pg.log")"
CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
CREATE ROLE $PG_NOPRIV_USER LOGIN PASSWORD '$PG_NOPRIV_PASSWORD';
CREATE DATABASE openbank_apimgtdb OWNER $PG_USER;
CREATE DATABASE openbank_openbankingdb OWNER $PG_USER;
CREATE DATABASE $DB_SCRATCH OWNER $PG_USER;
\\connect $DB_SCRATCH
ALTER SCHEMA public OWNER TO $PG_USER;
\\connect openbank_openbankingdb
ALTER SCHEMA public OWNER TO $PG_USER;
\\connect openbank_openbankingdb $PG_USER
\\i '$TOP_SRCDIR/tests/db/openbanking-postgresql.sql'
\\connect openbank_apimgtdb
ALTER SCHEMA public OWNER TO $PG_USER;
\\connect openbank_apimgtdb $PG_USER
\\i '$TOP_SRCDIR/tests/db/apimgt-postgresql.sql'
GRANT SELECT ON SP_APP TO $PG_NOPRIV_USER;
EOF

my_admin > "$DB_DIR/logs/setup-my.log" 2>&1 <<EOF || db_fail "cannot set MariaDB up: $(cat "$DB_DIR/logs/setup-my.log")"
CREATE DATABASE openbank_apimgtdb;
CREATE DATABASE openbank_openbankingdb;
CREATE DATABASE $DB_SCRATCH;
CREATE USER '$MY_USER'@'127.0.0.1' IDENTIFIED BY '$MY_PASSWORD';
CREATE USER '$MY_USER'@'localhost' IDENTIFIED BY '$MY_PASSWORD';
CREATE USER '$MY_NOPRIV_USER'@'127.0.0.1' IDENTIFIED BY '$MY_NOPRIV_PASSWORD';
GRANT ALL ON openbank_apimgtdb.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
GRANT ALL ON openbank_openbankingdb.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
GRANT ALL ON $DB_SCRATCH.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
USE openbank_apimgtdb;
SOURCE $TOP_SRCDIR/tests/db/apimgt-mysql.sql;
USE openbank_openbankingdb;
SOURCE $TOP_SRCDIR/tests/db/openbanking-mysql.sql;
GRANT SELECT ON openbank_apimgtdb.SP_APP TO '$MY_NOPRIV_USER'@'127.0.0.1';
EOF

export DB_DIR DB_SCRATCH DB_TLS PG_HOST PG_PORT PG_USER PG_PASSWORD \
    PG_NOPRIV_USER PG_NOPRIV_PASSWORD PG_BIN PG_SOCKET_DIR PG_STOP PG_START \
    MY_HOST MY_PORT MY_USER MY_PASSWORD MY_NOPRIV_USER MY_NOPRIV_PASSWORD \
    MY_SOCKET MY_STOP MY_START
echo "# PostgreSQL on $PG_HOST:$PG_PORT, MariaDB on $MY_HOST:$MY_PORT" \
    "(TLS: $DB_TLS), ready in $(($(db_ms) - db_t0)) ms"
