#!/bin/sh
# dbchecks.sh: the database checks on large tables, in PostgreSQL and
# MariaDB (private servers, started as tests/db/servers.sh does), beside
# the same queries run by psql and mariadb on the command line.
#
# SP_APP and SP_INBOUND_AUTH get BENCH_ROWS rows (default 1,000,000): each
# an oauth2 application named owner<N>_sw<N>_PRODUCTION with the client id
# client<N>. OB_DCR_DETAILS gets BENCH_DCR_ROWS registrations (default:
# as many as applications) of the first of them. The check reads each
# table once (the registrations, the oauth2 service providers, the names
# without '_') and matches them in memory; RESULTS.md says more.
#
# The checks, each alone in a guide of one step, timed with `check`:
#   db_column_length  SP_APP.APP_NAME at least 255 (information_schema);
#   db_no_rows        SP_APP names holding "_": every row matches, so the
#                     whole million is read and counted (50 shown);
#   db_dcr_names      the DCR rule over both databases.
# The client runs the same SQL (the values in place of the bound
# parameters), its output to /dev/null; both connect over TCP to 127.0.0.1
# with the password. Each side is timed BENCH_DB_RUNS times (default 5),
# the median kept. Target: the wizard within 1.1x of the client.
. "$TOP_SRCDIR/tests/bench/lib.sh"
: "${BENCH_ROWS:=1000000}" "${BENCH_DB_RUNS:=5}"
: "${BENCH_DCR_ROWS:=$BENCH_ROWS}"
rm -rf "$B"
. "$TOP_SRCDIR/tests/db/servers.sh"
# servers.sh owns the EXIT trap: the scratch folder lives under DB_DIR.
B=$DB_DIR/bench
mkdir -p "$B/guides"
N=$BENCH_ROWS
D=$BENCH_DCR_ROWS
[ "$D" -le "$N" ] || D=$N

# Fill the tables (as the administrator: it is quicker than the check).
t0=$(date +%s%N)
pg_admin -d openbank_apimgtdb > "$B/fill-pg.log" 2>&1 <<EOT || { echo "# PostgreSQL fill failed:"; sed 's/^/#   /' "$B/fill-pg.log"; exit 2; }
INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME, USER_STORE, USERNAME, AUTH_TYPE)
    SELECT 10000000 + g, -1234, 'owner' || g || '_sw' || g || '_PRODUCTION',
    'PRIMARY', 'admin', 'default' FROM generate_series(1, $N) AS g;
INSERT INTO SP_INBOUND_AUTH (ID, TENANT_ID, INBOUND_AUTH_KEY,
    INBOUND_AUTH_TYPE, INBOUND_CONFIG_TYPE, APP_ID)
    SELECT 10000000 + g, -1234, 'client' || g, 'oauth2', 'standardAPP',
    10000000 + g FROM generate_series(1, $N) AS g;
ANALYZE SP_APP;
ANALYZE SP_INBOUND_AUTH;
\\connect openbank_openbankingdb
INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, APPLICATION_ID,
    SOFTWARE_ID, CLID_ISSUED_AT)
    SELECT 10000000 + g, 'client' || g, '{"software_id":"sw' || g || '"}',
    g::text, 'sw' || g, 1600000000 FROM generate_series(1, $D) AS g;
ANALYZE OB_DCR_DETAILS;
EOT
t1=$(date +%s%N)
my_admin > "$B/fill-my.log" 2>&1 <<EOT || { echo "# MariaDB fill failed:"; sed 's/^/#   /' "$B/fill-my.log"; exit 2; }
USE openbank_apimgtdb;
INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME, USER_STORE, USERNAME, AUTH_TYPE)
    SELECT 10000000 + seq, -1234, CONCAT('owner', seq, '_sw', seq,
    '_PRODUCTION'), 'PRIMARY', 'admin', 'default' FROM seq_1_to_$N;
INSERT INTO SP_INBOUND_AUTH (ID, TENANT_ID, INBOUND_AUTH_KEY,
    INBOUND_AUTH_TYPE, INBOUND_CONFIG_TYPE, APP_ID)
    SELECT 10000000 + seq, -1234, CONCAT('client', seq), 'oauth2',
    'standardAPP', 10000000 + seq FROM seq_1_to_$N;
ANALYZE TABLE SP_APP, SP_INBOUND_AUTH;
USE openbank_openbankingdb;
INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, APPLICATION_ID,
    SOFTWARE_ID, CLID_ISSUED_AT)
    SELECT 10000000 + seq, CONCAT('client', seq), CONCAT('{"software_id":"sw',
    seq, '"}'), seq, CONCAT('sw', seq), 1600000000 FROM seq_1_to_$D;
ANALYZE TABLE OB_DCR_DETAILS;
EOT
t2=$(date +%s%N)
echo "# $N applications and $D registrations in each engine: PostgreSQL" \
    "$(( (t1 - t0) / 1000000 )) ms, MariaDB $(( (t2 - t1) / 1000000 )) ms"

# One guide a check: guide ID STEP-KEYS DATABASES (the check's only: a
# session connects to each database of its guide).
APIM='  - {name: apimgt, title: "openbank_apimgtdb"}'
OB='  - {name: openbanking, title: "openbank_openbankingdb"}'
guide() {
	cat > "$B/guides/$1.yaml" <<EOT
guide: {id: $1, title: "Benchmark: $1", source: "tests/bench/dbchecks.sh", from: "1", to: "2"}
databases:
$3
stages:
  - id: only
    title: "The only stage"
    steps:
      - id: the-check
        kind: check
        title: "$1"
        ref: "1"
$2
EOT
}
guide bench-column '        type: db_column_length
        with: {database: apimgt, table: SP_APP, column: APP_NAME, min: 255}' "$APIM"
guide bench-norows '        type: db_no_rows
        with:
          database: apimgt
          sql: "SELECT APP_NAME FROM SP_APP WHERE APP_NAME LIKE '"'"'%!_%'"'"' ESCAPE '"'"'!'"'"'"' "$APIM"
guide bench-dcr '        type: db_dcr_names
        with: {database: apimgt, dcr_database: openbanking}' "$APIM
$OB"

# The client's SQL: the same statements, the values written in.
# column.sql (PostgreSQL; MariaDB's differs in the schema and column_type).
cat > "$B/column-pg.sql" <<'EOT'
SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND LOWER(table_name) = LOWER('SP_APP') AND LOWER(column_name) = LOWER('APP_NAME');
EOT
cat > "$B/column-my.sql" <<'EOT'
SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND LOWER(table_name) = LOWER('SP_APP') AND LOWER(column_name) = LOWER('APP_NAME');
EOT
echo "SELECT APP_NAME FROM SP_APP WHERE APP_NAME LIKE '%!_%' ESCAPE '!';" > "$B/norows.sql"
# dcr-ob-*.sql: the registrations; dcr-apim.sql: the oauth2 service
# providers and the names without '_', as the check asks for them.
cat > "$B/dcr-ob-pg.sql" <<'EOT'
SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = current_schema() AND LOWER(table_name) = 'ob_dcr_details' AND LOWER(column_name) = 'software_id';
EOT
cat > "$B/dcr-ob-my.sql" <<'EOT'
SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND LOWER(table_name) = 'ob_dcr_details' AND LOWER(column_name) = 'software_id';
EOT
for e in pg my; do
	echo "SELECT CLIENT_ID, SOFTWARE_ID, CASE WHEN SOFTWARE_ID IS NULL OR TRIM(SOFTWARE_ID) = '' THEN REQUEST END FROM OB_DCR_DETAILS ORDER BY CLIENT_ID;" >> "$B/dcr-ob-$e.sql"
done
cat > "$B/dcr-apim.sql" <<'EOT'
SELECT i.INBOUND_AUTH_KEY, a.APP_NAME, a.TENANT_ID FROM SP_INBOUND_AUTH i JOIN SP_APP a ON a.ID = i.APP_ID WHERE i.INBOUND_AUTH_TYPE = 'oauth2';
SELECT APP_NAME, TENANT_ID FROM SP_APP WHERE APP_NAME NOT LIKE '%!_%' ESCAPE '!';
EOT

# The client commands, as scripts for timeit.
cat > "$B/pg-client" <<EOT
#!/bin/sh
# pg-client DB FILE...: run the files through psql, one connection each.
db=\$1; shift
for f; do
	PGPASSWORD='$PG_PASSWORD' "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 \\
	    -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "\$db" -f "\$f" || exit 1
done
EOT
cat > "$B/my-client" <<EOT
#!/bin/sh
db=\$1; shift
for f; do
	MYSQL_PWD='$MY_PASSWORD' mariadb --no-defaults -B -N -h "$MY_HOST" \\
	    -P "$MY_PORT" -u "$MY_USER" "\$db" < "\$f" || exit 1
done
EOT
# The DCR check reads both databases: two connections, one after the other.
cat > "$B/pg-dcr" <<EOT
#!/bin/sh
"$B/pg-client" openbank_openbankingdb "$B/dcr-ob-pg.sql" &&
exec "$B/pg-client" openbank_apimgtdb "$B/dcr-apim.sql"
EOT
cat > "$B/my-dcr" <<EOT
#!/bin/sh
"$B/my-client" openbank_openbankingdb "$B/dcr-ob-my.sql" &&
exec "$B/my-client" openbank_apimgtdb "$B/dcr-apim.sql"
EOT
chmod 700 "$B/pg-client" "$B/my-client" "$B/pg-dcr" "$B/my-dcr"

for e in pg my; do
	if [ $e = pg ]; then
		eng=postgresql host=$PG_HOST port=$PG_PORT user=$PG_USER
		pw=$PG_PASSWORD label=PostgreSQL
	else
		eng=mariadb host=$MY_HOST port=$MY_PORT user=$MY_USER
		pw=$MY_PASSWORD label=MariaDB
	fi
	for g in bench-column bench-norows bench-dcr; do
		{
			echo "guide: $g"
			echo "databases:"
			echo "  apimgt: {engine: $eng, host: $host, port: $port, name: openbank_apimgtdb, user: $user, password_env: BENCH_DB_PASSWORD}"
			[ $g != bench-dcr ] ||
			    echo "  openbanking: {engine: $eng, host: $host, port: $port, name: openbank_openbankingdb, user: $user, password_env: BENCH_DB_PASSWORD}"
		} > "$B/a-$e-$g.yaml"
	done
	export BENCH_DB_PASSWORD="$pw"
	for g in bench-column bench-norows bench-dcr; do
		case $g in
		bench-column) name="db_column_length"
			client="$B/$e-client openbank_apimgtdb $B/column-$e.sql" ;;
		bench-norows) name="db_no_rows, $N rows"
			client="$B/$e-client openbank_apimgtdb $B/norows.sql" ;;
		bench-dcr) name="db_dcr_names, $D of $N"
			client="$B/$e-dcr" ;;
		esac
		# shellcheck disable=SC2086
		timed "$BENCH_DB_RUNS" $client
		c_med=$t_med c_rc=$t_rc c_cpu=$t_cpu
		timed "$BENCH_DB_RUNS" -o "$B/out-$e-$g" "$WIZARD" --checklists \
		    "$B/guides" --state-dir "$B/state" check "$g" --answers \
		    "$B/a-$e-$g.yaml"
		echo "# $label $name: client median $c_med ms (exit $c_rc," \
		    "processor $c_cpu ms); wizard median $t_med ms (exit" \
		    "$t_rc, processor $t_cpu ms, peak $t_peak kB)"
		if [ "$c_rc" -ne 0 ] || [ "$t_rc" -gt 1 ] ||
		    ! grep -q 'the-check' "$B/out-$e-$g"; then
			sed 's/^/#   /' "$B/out-$e-$g" | head -n 20
			result "$label $name: wizard / client" \
			    "failed (exit $t_rc, client $c_rc)" "<= 1.1x" -
			continue
		fi
		grep -E '^\s*\[|rows|applications' "$B/out-$e-$g" | head -n 3 |
		    sed 's/^/#   /'
		r=$(ratio "$t_med" "$c_med")
		result "$label $name: wizard / client" \
		    "$r ($t_med / $c_med ms)" "<= 1.1x" "$(below "$r" 1.1)"
	done
done
