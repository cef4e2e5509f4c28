#!/bin/sh
# libraries.sh: the database client libraries (libpq, MariaDB Connector/C)
# and what they bring in (OpenSSL, GnuTLS, Kerberos, LDAP, SASL) are not
# loaded by a run that touches no database: --version, validate, show,
# list, and run and status of a guide without databases, each under the
# dynamic loader's LD_DEBUG=libs. A client library that cannot be loaded
# (a file that is no library; a library without the functions) makes the
# database step "could not run", with the library named and the loader's
# reason, never a pass and never a crash. That they are loaded when a
# database is used is in tests/db/wizard.sh (real servers).
. "$TOP_SRCDIR/tests/cli/lib.sh"

L=$TOP_SRCDIR/checklists
# What a run that touches no database must not load.
unwanted='libpq|libmariadb|libmysqlclient|libssl|libcrypto|libgnutls|libkrb5|libgssapi|libldap|libsasl2'

# loads NAME ARGS...: run the program with LD_DEBUG=libs, the loader's
# report in $T/ld.*; not ok if it loaded one of $unwanted (or if the
# report does not show even libyaml, which every run loads: LD_DEBUG did
# not work, and the check would say nothing).
loads() {
	l_name=$1
	shift
	rm -f "$T"/ld.*
	LD_DEBUG=libs LD_DEBUG_OUTPUT=$T/ld "$WIZARD" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	if ! cat "$T"/ld.* 2> /dev/null | grep -q 'find library=libyaml'; then
		not_ok "$l_name: LD_DEBUG=libs reported no library (exit $rc)"
		sed 's/^/# err: /' "$T/err" | head -10
	elif cat "$T"/ld.* | grep -E "find library=($unwanted)" > "$T/found"
	then
		not_ok "$l_name loads a database library"
		sed 's/^/# /' "$T/found" | head -10
	else
		ok "$l_name loads no database library (exit $rc)"
	fi
}

loads "--version" --version
loads "validate of the shipped guides" validate "$L"/*.yaml
largest=$(ls -S "$L"/*.yaml | head -n 1)
loads "show of the largest guide" --checklists "$L" show \
    "$(basename "$largest" .yaml)"

mkdir -p "$T/guides" "$T/sb"
cat > "$T/guides/nodb.yaml" <<EOT
guide:
  id: nodb
  title: "A guide without databases"
  source: "tests/cli/libraries.sh"
  from: "1"
  to: "2"
stages:
  - id: only
    title: "The only stage"
    steps:
      - id: here
        kind: check
        type: path_exists
        title: "The sandbox is there"
        ref: "1"
        with: {path: "$T/sb"}
EOT
echo "guide: nodb" > "$T/nodb-answers.yaml"
CL="--checklists $L:$T/guides"
loads "run of a guide without databases" $CL --state-dir "$T/state" run nodb \
    --answers "$T/nodb-answers.yaml"
[ "$rc" -eq 0 ] && ok "and the run finished the guide" ||
    not_ok "the run of nodb exited $rc"
loads "status of its session" $CL --state-dir "$T/state" status nodb
loads "list" $CL --state-dir "$T/state" list

# A client library that cannot be loaded, on a database step. The loader
# looks in LD_LIBRARY_PATH first; nothing listens on port 9 (and nothing
# gets as far as connecting).
mkdir -p "$T/lib"
: > "$T/lib/libpq.so.5"
yaml_lib=$(ldd "$WIZARD" 2> /dev/null | sed -n 's/^.*libyaml[^ ]* => \([^ ]*\) .*$/\1/p' | sed -n 1p)
for e in postgresql mariadb; do
	cat > "$T/$e.yaml" <<EOT
guide: dbfaults
variables: {SLEEP: "0"}
databases:
  apimgt: {engine: $e, host: 127.0.0.1, port: 9, name: apimgt, user: wso2,
           password_env: TEST_DB_PASSWORD}
EOT
done

rm -rf "$T/s1"
TEST_DB_PASSWORD=libraries-secret LD_LIBRARY_PATH=$T/lib wiz \
    --checklists "$DATA/dbfaults" --state-dir "$T/s1" run dbfaults \
    --answers "$T/postgresql.yaml"
expect_rc 1 "a libpq that is no library: the run stops"
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/out1"
expect_in "$T/out1" "[could not run]" "the step could not run"
expect_in "$T/out1" "cannot load the PostgreSQL client library libpq.so.5:" \
    "the message names the library"
expect_in "$T/out1" "$T/lib/libpq.so.5: file too short" \
    "and gives the loader's reason"
expect_in "$T/s1/dbfaults/journal" "cannot load the PostgreSQL client library" \
    "the journal records it"
expect_in "$T/s1/dbfaults/journal" "step=slow-query	status=error" \
    "as an error (could not run)"
expect_not_in "$T/s1/dbfaults/journal" "status=pass" "no step passed"
wiz --checklists "$DATA/dbfaults" --state-dir "$T/s1" status dbfaults
expect_rc 0 "the session still loads (status)"

if [ -z "$yaml_lib" ] || [ ! -f "$yaml_lib" ]; then
	ok "a library without the functions # SKIP ldd did not name the program's libyaml"
else
	# A real library, under MariaDB Connector/C's soname, without its
	# functions.
	cp "$yaml_lib" "$T/lib/libmariadb.so.3"
	rm -rf "$T/s2"
	TEST_DB_PASSWORD=libraries-secret LD_LIBRARY_PATH=$T/lib wiz \
	    --checklists "$DATA/dbfaults" --state-dir "$T/s2" run dbfaults \
	    --answers "$T/mariadb.yaml"
	expect_rc 1 "a Connector/C without its functions: the run stops"
	tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/out1"
	expect_in "$T/out1" "[could not run]" "the step could not run"
	expect_in "$T/out1" "client library libmariadb.so.3 has no function mysql_" \
	    "the message names the library and the function"
	expect_in "$T/out1" "undefined symbol: mysql_" \
	    "and gives the loader's reason"
fi
if grep -rqF libraries-secret "$T/s1" "$T/s2" "$T/out" "$T/err" 2> /dev/null; then
	not_ok "the password was written somewhere"
else
	ok "the password is in no file or output"
fi

echo "1..$n"
