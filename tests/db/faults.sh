#!/bin/sh
# faults.sh: database faults through the program (`run ID --answers FILE`
# on tests/data/dbfaults/dbfaults.yaml), on PostgreSQL and on MariaDB: the
# server killed (kill -KILL) while a check's query runs, a server that
# takes the connection and never answers (the connect timeout), a wrong
# password, a privilege taken away (REVOKE) and a user without rights on
# the table a catalogue check reads. Each time: the step is
# recorded as an error (could not run), never a pass, with a message
# naming the database and holding the server's own text; the session
# still loads (status, report), what was recorded before is unchanged (the
# journal only grew) and nothing after the step ran; once the fault is
# removed, the next run finishes the guide. The query timeout too, as the
# answers file sets it (query_timeout: 1 s for a query of 3 s; then 20 s,
# and the guide finishes). A server that stops answering mid-query is the
# engine's, in tests/unit/test-db.c (tests/db/db.sh): it is given up on
# only past the query timeout and a grace period.
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${WIZARD:=$TOP_BUILDDIR/src/wso2-upgrade-wizard}"
export TOP_SRCDIR TOP_BUILDDIR WIZARD
. "$TOP_SRCDIR/tests/cli/lib.sh"
. "$TOP_SRCDIR/tests/db/servers.sh"
# servers.sh owns the EXIT trap: everything goes under DB_DIR, and the
# processes started here are named in DB_KILL_ON_EXIT.
T=$DB_DIR/faults
export HOME="$T/home"
mkdir -p "$T" "$HOME"
LISTEN=$TOP_BUILDDIR/tests/helpers/listen
CL="--checklists $DATA/dbfaults"
J=dbfaults/journal

if [ ! -x "$LISTEN" ]; then
	not_ok "$LISTEN is not built (make check builds it)"
	echo "1..$n"
	exit 1
fi

# answers E FILE SLEEP [PORT [TIMEOUT]]: the settings of apimgt on engine
# E's server (or on PORT of 127.0.0.1; empty: the server's), the slow query
# sleeping SLEEP seconds, with a query_timeout of TIMEOUT seconds if given.
answers() {
	if [ "$1" = pg ]; then
		a_eng=postgresql a_port=$PG_PORT a_user=$PG_USER
	else
		a_eng=mariadb a_port=$MY_PORT a_user=$MY_USER
	fi
	cat > "$2" <<EOT
guide: dbfaults
variables: {SLEEP: "$3"}
databases:
  apimgt: {engine: $a_eng, host: 127.0.0.1, port: ${4:-$a_port},
           name: openbank_apimgtdb, user: $a_user,
           password_env: TEST_DB_PASSWORD${5:+, query_timeout: $5}}
EOT
}

# run_as E S ANSWERS [PASSWORD]: `run` in state folder S with engine E's
# password (or PASSWORD); out, err and rc as wiz leaves them.
run_as() {
	if [ "$1" = pg ]; then ra_pw=$PG_PASSWORD; else ra_pw=$MY_PASSWORD; fi
	TEST_DB_PASSWORD=${4:-$ra_pw} "$WIZARD" $CL --state-dir "$2" run \
	    dbfaults --answers "$3" > "$T/out" 2> "$T/err"
	rc=$?
}

# status_of S STEP: the status of STEP's last result in S's journal.
status_of() {
	awk -F '\t' -v s="step=$2" '$4 == "step-result" && $5 == s {
		for (i = 6; i <= NF; i++)
			if ($i ~ /^status=/) st = substr($i, 8)
	} END { print st }' "$1/$J"
}

# reason_of S STEP: the reason of STEP's last result, %0A as spaces.
reason_of() {
	awk -F '\t' -v s="step=$2" '$4 == "step-result" && $5 == s {
		for (i = 6; i <= NF; i++)
			if ($i ~ /^reason=/) r = substr($i, 8)
	} END { print r }' "$1/$J" | sed 's/%0A/ /g'
}

# keep S: remember S's journal before a fault (in journal.before).
keep() {
	cp "$1/$J" "$T/journal.before"
}

# after_fault E S STEP WHAT TEXT [BEFORE]: the checks every fault shares.
# The step is an error with the database named and TEXT (the server's own
# words) in the output and in the journal; the journal only grew: by the
# checks before the step that passed (BEFORE, "step:pass,..."; a resumed
# run checks them again) and the step; the session loads; the password is
# nowhere.
after_fault() {
	af_e=$1 af_s=$2 af_step=$3 af_what=$4
	expect_rc 1 "$af_e: $af_what: the run stops"
	echo "# $af_e: $af_what: $(reason_of "$af_s" "$af_step")"
	tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/out1"
	expect_in "$T/out1" "$af_step: " "$af_e: $af_what: the step is named"
	expect_in "$T/out1" "[could not run]" \
	    "$af_e: $af_what: shown as could not run"
	expect_in "$T/out1" "$5" "$af_e: $af_what: the server's own text is shown"
	expect_in "$T/out1" "/openbank_apimgtdb" \
	    "$af_e: $af_what: the database is named"
	expect_eq "$(status_of "$af_s" "$af_step")" error \
	    "$af_e: $af_what: recorded as an error, not a pass"
	af_r=$(reason_of "$af_s" "$af_step")
	case $af_r in
	*"$5"*) ok "$af_e: $af_what: the journal holds the server's text" ;;
	*) not_ok "$af_e: $af_what: the reason is '$af_r'" ;;
	esac
	# Append-only: what was there before is there still, byte for byte;
	# after it, the step's start and result only.
	af_size=$(wc -c < "$T/journal.before")
	if cmp -s -n "$af_size" "$T/journal.before" "$af_s/$J"; then
		ok "$af_e: $af_what: the journal before the fault is unchanged"
	else
		not_ok "$af_e: $af_what: the journal before the fault changed"
	fi
	af_new=$(tail -c +"$((af_size + 1))" "$af_s/$J" | awk -F '\t' '
	    $4 == "step-result" { st = ""
		for (i = 6; i <= NF; i++)
			if ($i ~ /^status=/) st = substr($i, 8)
		printf "%s:%s,", substr($5, 6), st }')
	expect_eq "$af_new" "$6$af_step:error," \
	    "$af_e: $af_what: nothing else ran, or changed"
	"$WIZARD" $CL --state-dir "$af_s" status dbfaults > "$T/status" 2>&1
	expect_eq "$?" 0 "$af_e: $af_what: the session loads (status)"
	rm -f "$T/report"
	"$WIZARD" $CL --state-dir "$af_s" report dbfaults --format yaml \
	    -o "$T/report" > "$T/report.out" 2>&1
	expect_eq "$?" 0 "$af_e: $af_what: the session loads (report)"
	expect_in "$T/report" "$af_step" "$af_e: $af_what: the report has the step"
	[ -f "$T/report" ] || sed 's/^/# /' "$T/report.out"
	af_st=$(awk -v id="$af_step" '$0 ~ "- id: " id "$" { f = 1 }
	    f && /status:/ { print $NF; exit }' "$T/report" 2>/dev/null)
	expect_eq "$af_st" error "$af_e: $af_what: the report says error"
	if grep -rqF -e "$PG_PASSWORD" -e "$MY_PASSWORD" "$af_s" "$T/out" \
	    "$T/err" "$T/status" "$T/report"; then
		not_ok "$af_e: $af_what: a password was written"
	else
		ok "$af_e: $af_what: no password in the state or the output"
	fi
}

# passes E S WHAT: the run after the fault finishes the guide.
passes() {
	expect_rc 0 "$1: $3: once removed, the next run finishes the guide"
	for p_step in slow-query metadata-length no-space-apps; do
		[ "$(status_of "$2" "$p_step")" = pass ] ||
		    not_ok "$1: $3: $p_step is $(status_of "$2" "$p_step")"
	done
}

# The server that never answers: one for both engines, listening on a port
# the system picks.
: > "$T/listen.out"
"$LISTEN" --silent 0 > "$T/listen.out" 2>&1 &
silent_pid=$!
DB_KILL_ON_EXIT=$silent_pid
i=0
while [ $i -lt 50 ] && ! grep -q port "$T/listen.out"; do
	sleep 0.1
	i=$((i + 1))
done
SILENT_PORT=$(sed -n 's/^listening on 127.0.0.1 port //p' "$T/listen.out")

# The connect timeout: both engines at once, in the background (10 s
# each) while the other faults are tried; looked at in the end.
for e in pg my; do
	S=$T/$e-timeout
	answers $e "$T/$e-ok.yaml" 0
	run_as $e "$S" "$T/$e-ok.yaml"
	expect_rc 0 "$e: without a fault the guide passes"
	rm -rf "$S"
	# A session to compare with: one run stopped by a wrong password.
	run_as $e "$S" "$T/$e-ok.yaml" wrong
	cp "$S/$J" "$T/$e-journal.before"
	answers $e "$T/$e-silent.yaml" 0 "$SILENT_PORT"
	(
		t0=$(db_ms)
		TEST_DB_PASSWORD=x "$WIZARD" $CL --state-dir "$S" run dbfaults \
		    --answers "$T/$e-silent.yaml" > "$T/$e-silent.out" \
		    2> "$T/$e-silent.err"
		echo "$? $(($(db_ms) - t0))" > "$T/$e-silent.rc"
	) &
	eval "timeout_$e=\$!"
done

for e in pg my; do
	if [ $e = pg ]; then
		pw=$PG_PASSWORD
		text_pw="password authentication failed for user \"$PG_USER\""
		# Over TLS (the default, prefer) libpq says "SSL connection
		# has been closed unexpectedly".
		text_kill="closed unexpectedly"
		text_priv="permission denied for table sp_app"
	else
		pw=$MY_PASSWORD
		text_pw="Access denied for user '$MY_USER'@'127.0.0.1'"
		text_kill="Lost connection to server during query"
		text_priv="SELECT command denied to user '$MY_USER'@'127.0.0.1' for table \`openbank_apimgtdb\`.\`SP_APP\`"
	fi
	answers $e "$T/$e-ok.yaml" 0
	answers $e "$T/$e-slow.yaml" 30

	# A wrong password.
	S=$T/$e-password
	run_as $e "$S" "$T/$e-ok.yaml" "wrong-$pw"
	keep "$S"
	run_as $e "$S" "$T/$e-ok.yaml" "wrong-$pw"
	after_fault $e "$S" slow-query "wrong password" "$text_pw"
	expect_not_in "$T/out" "wrong-$pw" "$e: wrong password: it is not shown"
	run_as $e "$S" "$T/$e-ok.yaml"
	passes $e "$S" "wrong password"

	# The server killed while the slow query runs (the first step), then
	# started again.
	S=$T/$e-killed
	run_as $e "$S" "$T/$e-ok.yaml" "wrong-$pw"
	keep "$S"
	TEST_DB_PASSWORD=$pw "$WIZARD" $CL --state-dir "$S" run dbfaults \
	    --answers "$T/$e-slow.yaml" > "$T/out" 2> "$T/err" &
	wiz_pid=$!
	DB_KILL_ON_EXIT="$silent_pid $wiz_pid"
	# Until the query is seen running on the server.
	i=0
	while [ $i -lt $((100 * ${TEST_TIME_FACTOR:-1})) ]; do
		if [ $e = pg ]; then
			q=$(pg_admin -At -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg\\_sleep%' AND state = 'active' AND pid <> pg_backend_pid()")
		else
			q=$(my_admin -N -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(%' AND ID <> CONNECTION_ID()")
		fi
		[ "$q" = 1 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	expect_eq "$q" 1 "$e: server killed: the slow query runs"
	if [ $e = pg ]; then
		server_pid=$(head -n 1 "$DB_DIR/pg/data/postmaster.pid")
	else
		server_pid=$(cat "$DB_DIR/my/run/mariadbd.pid")
	fi
	# Its own processes, which outlive it for a moment: the server starts
	# again only once they are gone (PostgreSQL refuses while its shared
	# memory is still in use).
	children=$(ps -o pid= --ppid "$server_pid" 2>/dev/null)
	kill -KILL "$server_pid"
	wait "$wiz_pid"
	rc=$?
	DB_KILL_ON_EXIT=$silent_pid
	after_fault $e "$S" slow-query "server killed" "$text_kill"
	expect_in "$T/out1" "was lost" "$e: server killed: says the connection was lost"
	db_wait_gone "$server_pid"
	for c in $children; do
		db_wait_gone "$c"
		kill -KILL "$c" 2>/dev/null && db_wait_gone "$c"
	done
	if [ $e = pg ]; then
		# A killed postmaster nobody reaps stays a zombie, which
		# PostgreSQL takes for a running server: its lock files go.
		rm -f "$DB_DIR/pg/data/postmaster.pid" \
		    "$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT" \
		    "$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT.lock"
		"$PG_START"
	else
		"$MY_START"
	fi
	rc=$?
	expect_eq "$rc" 0 "$e: server killed: started again"
	if [ "$rc" -ne 0 ]; then
		tail -n 5 "$DB_DIR/logs/pg_ctl.log" "$DB_DIR/pg/server.log" \
		    2>/dev/null | sed 's/^/# /'
	fi
	run_as $e "$S" "$T/$e-ok.yaml"
	passes $e "$S" "server killed"

	# The privilege to read SP_APP taken away (the third step's table).
	S=$T/$e-revoked
	if [ $e = pg ]; then
		pg_admin -d openbank_apimgtdb -c "REVOKE SELECT ON sp_app FROM $PG_USER"
	else
		my_admin -e "REVOKE ALL ON openbank_apimgtdb.* FROM '$MY_USER'@'127.0.0.1'; GRANT SELECT ON openbank_apimgtdb.SP_METADATA TO '$MY_USER'@'127.0.0.1'"
	fi
	# Twice: the first run passes the first two steps and stops at the
	# third; the second runs the third only.
	run_as $e "$S" "$T/$e-ok.yaml"
	expect_eq "$(status_of "$S" metadata-length)" pass \
	    "$e: privilege revoked: the steps before it passed"
	keep "$S"
	run_as $e "$S" "$T/$e-ok.yaml"
	after_fault $e "$S" no-space-apps "privilege revoked" "$text_priv" \
	    "slow-query:pass,metadata-length:pass,"
	if [ $e = pg ]; then
		pg_admin -d openbank_apimgtdb -c "GRANT SELECT ON sp_app TO $PG_USER"
	else
		my_admin -e "REVOKE SELECT ON openbank_apimgtdb.SP_METADATA FROM '$MY_USER'@'127.0.0.1'; GRANT ALL ON openbank_apimgtdb.* TO '$MY_USER'@'127.0.0.1'"
	fi
	run_as $e "$S" "$T/$e-ok.yaml"
	passes $e "$S" "privilege revoked"

	# A user without rights on the table the column check reads
	# (information_schema does not list it to that user: not "no table",
	# which would fail the check, or pass one that wants it absent).
	S=$T/$e-nopriv
	if [ $e = pg ]; then
		np_user=$PG_NOPRIV_USER np_pw=$PG_NOPRIV_PASSWORD
		text_np="permission denied for table sp_metadata"
	else
		np_user=$MY_NOPRIV_USER np_pw=$MY_NOPRIV_PASSWORD
		text_np="SELECT command denied to user '$MY_NOPRIV_USER'@'127.0.0.1' for table \`openbank_apimgtdb\`.\`SP_METADATA\`"
	fi
	sed "s/user: [a-z_]*,/user: $np_user,/" "$T/$e-ok.yaml" > "$T/$e-np.yaml"
	run_as $e "$S" "$T/$e-np.yaml" "$np_pw"
	keep "$S"
	run_as $e "$S" "$T/$e-np.yaml" "$np_pw"
	after_fault $e "$S" metadata-length "user without rights" "$text_np" \
	    "slow-query:pass,"
	expect_in "$T/out1" "the user may not read the table SP_METADATA" \
	    "$e: user without rights: says the user may not read the table"
	expect_not_in "$T/out1" "no table" \
	    "$e: user without rights: does not say the table is missing"
	run_as $e "$S" "$T/$e-ok.yaml"
	passes $e "$S" "user without rights"

	# The query timeout the answers file gives the database: the slow
	# query (3 s) past 1 s is cancelled by the server; with 20 s it
	# passes, and the report shows the timeout used.
	S=$T/$e-qtimeout
	if [ $e = pg ]; then
		text_qt="canceling statement due to statement timeout"
	else
		text_qt="max_statement_time exceeded"
	fi
	answers $e "$T/$e-qt1.yaml" 3 "" 1
	answers $e "$T/$e-qt20.yaml" 3 "" 20
	run_as $e "$S" "$T/$e-qt1.yaml" "wrong-$pw"
	keep "$S"
	t0=$(db_ms)
	run_as $e "$S" "$T/$e-qt1.yaml"
	ms=$(($(db_ms) - t0))
	after_fault $e "$S" slow-query "query timeout" "$text_qt"
	expect_in "$T/out1" "ran longer than the query timeout (1 s)" \
	    "$e: query timeout: says the statement ran longer than the 1 s timeout"
	if [ "$ms" -lt 2900 ]; then
		ok "$e: query timeout: given up before the query's 3 s ($ms ms)"
	else
		not_ok "$e: query timeout: the run took $ms ms, the query's whole 3 s"
	fi
	expect_eq "$(awk -F '\t' '$4 == "db" { for (i = 5; i <= NF; i++)
	    if ($i ~ /^query_timeout=/) v = substr($i, 15) } END { print v }' \
	    "$S/$J")" 1 "$e: query timeout: recorded with the settings"
	run_as $e "$S" "$T/$e-qt20.yaml"
	passes $e "$S" "query timeout"
	"$WIZARD" $CL --state-dir "$S" report dbfaults > "$T/report" 2>&1
	tr '\n' ' ' < "$T/report" | tr -s ' ' > "$T/report1"
	expect_in "$T/report1" "query timeout 20 s" \
	    "$e: query timeout: the report's values show the 20 s used"
done

# The connect timeout's runs, started first.
wait "$timeout_pg" "$timeout_my"
for e in pg my; do
	S=$T/$e-timeout
	if [ $e = pg ]; then text="timeout expired"; else
		text="Lost connection to server at 'handshake: reading initial communication packet'"; fi
	read -r rc ms < "$T/$e-silent.rc"
	echo "# $e: the silent server: exit $rc after $ms ms"
	cp "$T/$e-silent.out" "$T/out"
	cp "$T/$e-silent.err" "$T/err"
	cp "$T/$e-journal.before" "$T/journal.before"
	after_fault $e "$S" slow-query "connect timeout" "$text"
	expect_in "$T/out1" "could not connect to the database apimgt" \
	    "$e: connect timeout: says it could not connect to apimgt"
	expect_in "$T/out1" "(no answer within the connect timeout of 10 s)" \
	    "$e: connect timeout: says it waited the connect timeout"
	if [ "$ms" -ge 9000 ] && [ "$ms" -lt $((10000 * (1 + ${TEST_TIME_FACTOR:-1}))) ]; then
		ok "$e: connect timeout: given up after the 10 s timeout"
	else
		not_ok "$e: connect timeout: given up after $ms ms, not about 10 s"
	fi
	run_as $e "$S" "$T/$e-ok.yaml"
	passes $e "$S" "connect timeout"
done
kill -KILL "$silent_pid" 2>/dev/null
wait "$silent_pid" 2>/dev/null
DB_KILL_ON_EXIT=""

echo "1..$n"
