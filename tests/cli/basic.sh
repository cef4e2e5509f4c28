#!/bin/sh
# basic.sh: --help, --version, and the usage errors (exit 2).
. "$TOP_SRCDIR/tests/cli/lib.sh"

wiz --help
expect_rc 0 "--help"
for c in list show validate check run status; do
	expect_in "$T/out" "  $c " "--help lists $c"
done

wiz --version
expect_rc 0 "--version"
expect_in "$T/out" "wso2-upgrade-wizard 0." "--version prints the name and version"

wiz frobnicate
expect_rc 2 "an unknown command"
expect_in "$T/err" "unknown command 'frobnicate'" "the unknown command is named"

wiz --frob list
expect_rc 2 "an unknown option"
expect_in "$T/err" "unknown option '--frob'" "the unknown option is named"

wiz
expect_rc 2 "no command, not on a terminal"
expect_in "$T/err" "the wizard needs a terminal" "no command and no terminal says what to do"

wiz show
expect_rc 2 "show without its argument"
expect_in "$T/err" "usage: wso2-upgrade-wizard show ID" "the usage of show is printed"

wiz --answers x.yaml show example --checklists "$DATA"
expect_rc 2 "an option the command does not take"

wiz --state-dir
expect_rc 2 "an option without its value"
expect_in "$T/err" "--state-dir needs a value" "the option is named"

done_testing
