#!/bin/sh
# sql.sh: the "sql" and "sql_script" actions (tests/unit/test-sqlkinds)
# against the private PostgreSQL and MariaDB of servers.sh. Speaks TAP. Run
# by hand from the build folder: TOP_SRCDIR=.. TOP_BUILDDIR=. sh ../tests/db/sql.sh
# (TOP_SRCDIR and TOP_BUILDDIR default to this file's source tree).

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
export TOP_SRCDIR TOP_BUILDDIR
export LC_ALL=C.UTF-8
: "${CMOCKA_MESSAGE_OUTPUT:=TAP}"
export CMOCKA_MESSAGE_OUTPUT

if [ ! -x "$TOP_BUILDDIR/tests/unit/test-sqlkinds" ]; then
	echo "not ok 1 - $TOP_BUILDDIR/tests/unit/test-sqlkinds is not built"
	exit 1
fi
. "$TOP_SRCDIR/tests/db/servers.sh"
# In the background, so that a signal stops the servers at once.
"$TOP_BUILDDIR/tests/unit/test-sqlkinds" &
DB_KILL_ON_EXIT=$!
wait "$DB_KILL_ON_EXIT"
rc=$?
DB_KILL_ON_EXIT=""
exit $rc
