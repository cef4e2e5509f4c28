# lib.sh: what the database test scripts share, sourced by them. A script
# runs one cmocka program against the private PostgreSQL and MariaDB of
# servers.sh:
#
#   . "$(dirname "$0")/lib.sh"
#   db_program test-db
#
# Speaks TAP. Run by hand from the build folder:
# TOP_SRCDIR=.. TOP_BUILDDIR=. sh ../tests/db/NAME.sh (TOP_SRCDIR and
# TOP_BUILDDIR default to this file's source tree).

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
export TOP_SRCDIR TOP_BUILDDIR
export LC_ALL=C.UTF-8
: "${CMOCKA_MESSAGE_OUTPUT:=TAP}"
export CMOCKA_MESSAGE_OUTPUT

# db_program NAME: start the servers, run tests/unit/NAME, exit with its
# status.
db_program() {
	if [ ! -x "$TOP_BUILDDIR/tests/unit/$1" ]; then
		echo "not ok 1 - $TOP_BUILDDIR/tests/unit/$1 is not built"
		exit 1
	fi
	. "$TOP_SRCDIR/tests/db/servers.sh"
	# In the background, so that a signal stops the servers at once.
	"$TOP_BUILDDIR/tests/unit/$1" &
	DB_KILL_ON_EXIT=$!
	wait "$DB_KILL_ON_EXIT"
	db_rc=$?
	DB_KILL_ON_EXIT=""
	exit $db_rc
}
