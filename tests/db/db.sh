#!/bin/sh
# db.sh: the database layer's tests (tests/unit/test-db) against the private
# PostgreSQL and MariaDB of servers.sh. Speaks TAP. Run by hand from the
# build folder: TOP_SRCDIR=.. TOP_BUILDDIR=. sh ../tests/db/db.sh
# (TOP_SRCDIR and TOP_BUILDDIR default to this file's source tree).

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
export TOP_SRCDIR TOP_BUILDDIR
export LC_ALL=C.UTF-8
: "${CMOCKA_MESSAGE_OUTPUT:=TAP}"
export CMOCKA_MESSAGE_OUTPUT

if [ ! -x "$TOP_BUILDDIR/tests/unit/test-db" ]; then
	echo "not ok 1 - $TOP_BUILDDIR/tests/unit/test-db is not built"
	exit 1
fi
. "$TOP_SRCDIR/tests/db/servers.sh"
# In the background, so that a signal stops the servers at once.
"$TOP_BUILDDIR/tests/unit/test-db" &
DB_KILL_ON_EXIT=$!
wait "$DB_KILL_ON_EXIT"
rc=$?
DB_KILL_ON_EXIT=""
exit $rc
