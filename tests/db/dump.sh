#!/bin/sh
# dump.sh: the db_dump action and the db_backup_present check
# (tests/unit/test-dumpkinds) against the private PostgreSQL and MariaDB of
# servers.sh. Adds a database to dump on each server, wizard_dump (the
# apimgt tables and rows, and a row whose text holds lines that look like a
# dump's own statements), and two commands the test restores dumps with, as
# the servers' administrators. Speaks TAP. Run by hand from the build
# folder: TOP_SRCDIR=.. TOP_BUILDDIR=. sh ../tests/db/dump.sh

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
export TOP_SRCDIR TOP_BUILDDIR
export LC_ALL=C.UTF-8
: "${CMOCKA_MESSAGE_OUTPUT:=TAP}"
export CMOCKA_MESSAGE_OUTPUT

if [ ! -x "$TOP_BUILDDIR/tests/unit/test-dumpkinds" ]; then
	echo "not ok 1 - $TOP_BUILDDIR/tests/unit/test-dumpkinds is not built"
	exit 1
fi
. "$TOP_SRCDIR/tests/db/servers.sh"

DUMP_DB=wizard_dump
# A description with a newline, a tab, quotes, a backslash and lines that
# would name other databases if a dump did not escape them.
DUMP_TEXT=$(printf 'first line\nCREATE DATABASE not_this_one;\n\\connect not_this_one\nUSE `not_this_one`;\ttab, '"'"'quotes'"'"', "double", back\\slash, \303\251')

# PostgreSQL: the text between dollar quotes, as it is.
pg_admin -d postgres > "$DB_DIR/logs/dump-setup-pg.log" 2>&1 <<SQL ||
CREATE DATABASE $DUMP_DB OWNER $PG_USER;
\\connect $DUMP_DB
ALTER SCHEMA public OWNER TO $PG_USER;
\\connect $DUMP_DB $PG_USER
\\i '$TOP_SRCDIR/tests/db/apimgt-postgresql.sql'
INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME, USER_STORE, USERNAME, AUTH_TYPE, DESCRIPTION)
VALUES (6, -1234, 'dump_test_app', 'PRIMARY', 'admin', 'default', \$d\$$DUMP_TEXT\$d\$);
SQL
    { echo "not ok 1 - set up $DUMP_DB on PostgreSQL: $(cat "$DB_DIR/logs/dump-setup-pg.log")"; exit 1; }

# MariaDB: the text with its backslashes and quotes escaped.
dump_my_text=$(printf '%s' "$DUMP_TEXT" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")
my_admin > "$DB_DIR/logs/dump-setup-my.log" 2>&1 <<SQL ||
CREATE DATABASE $DUMP_DB;
GRANT ALL ON $DUMP_DB.* TO '$MY_USER'@'127.0.0.1', '$MY_USER'@'localhost';
USE $DUMP_DB;
SOURCE $TOP_SRCDIR/tests/db/apimgt-mysql.sql;
INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME, USER_STORE, USERNAME, AUTH_TYPE, DESCRIPTION)
VALUES (6, -1234, 'dump_test_app', 'PRIMARY', 'admin', 'default', '$dump_my_text');
SQL
    { echo "not ok 1 - set up $DUMP_DB on MariaDB: $(cat "$DB_DIR/logs/dump-setup-my.log")"; exit 1; }

# The administrators' clients, as commands the test can run.
DUMP_PG_ADMIN=$DB_DIR/bin/dump-pg-admin
DUMP_MY_ADMIN=$DB_DIR/bin/dump-my-admin
printf '#!/bin/sh\nexec "%s/psql" -X -q -v ON_ERROR_STOP=1 -h "%s" -p "%s" -U postgres "$@"\n' \
    "$PG_BIN" "$PG_SOCKET_DIR" "$PG_PORT" > "$DUMP_PG_ADMIN"
printf '#!/bin/sh\nexec mariadb --no-defaults --socket="%s" -u "%s" "$@"\n' \
    "$MY_SOCKET" "$(id -un)" > "$DUMP_MY_ADMIN"
chmod 755 "$DUMP_PG_ADMIN" "$DUMP_MY_ADMIN"
export DUMP_DB DUMP_PG_ADMIN DUMP_MY_ADMIN DUMP_TEXT

# In the background, so that a signal stops the servers at once.
"$TOP_BUILDDIR/tests/unit/test-dumpkinds" &
DB_KILL_ON_EXIT=$!
wait "$DB_KILL_ON_EXIT"
rc=$?
DB_KILL_ON_EXIT=""
exit $rc
