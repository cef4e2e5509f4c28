#!/bin/sh
# dcr.sh: the check db_dcr_names (tests/unit/test-dcrkind) on both engines,
# with the two databases on one server and on two.
. "$(dirname "$0")/lib.sh"
db_program test-dcrkind
