#!/bin/sh
# sql.sh: the "sql" and "sql_script" actions (tests/unit/test-sqlkinds).
. "$(dirname "$0")/lib.sh"
db_program test-sqlkinds
