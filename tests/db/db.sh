#!/bin/sh
# db.sh: the database layer (tests/unit/test-db) against real servers.
. "$(dirname "$0")/lib.sh"
db_program test-db
