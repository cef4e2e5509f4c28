#!/bin/sh
# dbchecks.sh: the database checks (tests/unit/test-dbchecks): column
# length, table exists, no rows, server version.
. "$(dirname "$0")/lib.sh"
db_program test-dbchecks
