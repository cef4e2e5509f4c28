#!/bin/sh
# run.sh: build every libFuzzer harness of tests/fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined) and run each for FUZZ_SECONDS
# seconds on its seed corpus. `make fuzz` runs it; by hand, from a
# configured build folder:
#
#   TOP_SRCDIR=SRC TOP_BUILDDIR=BUILD sh SRC/tests/fuzz/run.sh [NAME...]
#
# NAME is a harness (checklist answers journal snapshot toml yamledit
# jdbc; all when none is given). Environment: FUZZ_SECONDS (60),
# FUZZ_BUILD_ONLY=1 (build, do not run), CC (clang), FUZZ_CFLAGS and
# FUZZ_LIBS (the libraries' flags; pkg-config's by default).
#
# What each run finds goes to BUILD/tests/fuzz/out/NAME/: new inputs in
# corpus/ (the seed corpus is only read), a crash in crash-* (replay it
# with BUILD/tests/fuzz/libfuzzer/fuzz-NAME FILE), the log in log. Ends
# with one line per harness: executions, and crashes (0 or 1: a run stops
# at its first). Exit status 1 when any crashed.

: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}"
CC=${CC:-clang}
seconds=${FUZZ_SECONDS:-60}
all="checklist answers journal snapshot toml yamledit jdbc"
names=${*:-$all}

if ! command -v "$CC" > /dev/null 2>&1; then
	echo "run.sh: $CC is not installed: libFuzzer needs clang" >&2
	exit 2
fi
if [ ! -f "$TOP_BUILDDIR/config.h" ]; then
	echo "run.sh: no config.h in $TOP_BUILDDIR: configure first" >&2
	exit 2
fi
if [ -z "${FUZZ_LIBS+set}" ]; then
	FUZZ_CFLAGS="$(pkg-config --cflags yaml-0.1 libpq 2> /dev/null) $(mariadb_config --cflags 2> /dev/null || mysql_config --cflags)"
	FUZZ_LIBS="$(pkg-config --libs yaml-0.1 libpq 2> /dev/null || echo -lyaml -lpq) $(mariadb_config --libs 2> /dev/null || mysql_config --libs)"
fi

out=$TOP_BUILDDIR/tests/fuzz/libfuzzer
mkdir -p "$out/obj" || exit 2
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -std=c11 -I$TOP_BUILDDIR -I$TOP_SRCDIR/src $FUZZ_CFLAGS"
cflags="$cflags -DLOCALEDIR=\"/nonexistent\" -DCHECKLISTDIR=\"/nonexistent\""

# The engine: every file of src/ but the program's (main.c, cmd*.c).
objs=""
for c in "$TOP_SRCDIR"/src/*.c; do
	b=$(basename "$c" .c)
	case $b in main|cmd|cmd-*) continue ;; esac
	o=$out/obj/$b.o
	if [ ! -f "$o" ] || [ "$c" -nt "$o" ] ||
	    [ "$TOP_BUILDDIR/config.h" -nt "$o" ]; then
		echo "  CC  $b.c"
		# shellcheck disable=SC2086
		$CC $cflags $san -fsanitize=fuzzer-no-link -c "$c" -o "$o" ||
		    exit 2
	fi
	objs="$objs $o"
done
for n in $names; do
	echo "  LD  fuzz-$n"
	# shellcheck disable=SC2086
	$CC $cflags $san -fsanitize=fuzzer -DFUZZ_SRCDIR="\"$TOP_SRCDIR\"" \
	    "$TOP_SRCDIR/tests/fuzz/fuzz-$n.c" $objs $FUZZ_LIBS \
	    -o "$out/fuzz-$n" || exit 2
done
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

summary=""
status=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for n in $names; do
	d=$TOP_BUILDDIR/tests/fuzz/out/$n
	mkdir -p "$d/corpus"
	echo "fuzz-$n: $seconds s"
	"$out/fuzz-$n" -max_total_time="$seconds" -print_final_stats=1 \
	    -max_len=262144 -timeout=20 -rss_limit_mb=2048 \
	    -artifact_prefix="$d/" "$d/corpus" "$TOP_SRCDIR/tests/fuzz/$n" \
	    > "$d/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)
	crashes=$(find "$d" -maxdepth 1 -name 'crash-*' -newer "$d/corpus" | wc -l)
	[ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
	[ "$rc" -ne 0 ] && status=1
	line=$(printf '%-10s %12s executions in %s s, crashes: %s' "$n" \
	    "${execs:-?}" "$seconds" "$crashes")
	echo "$line"
	[ "$rc" -ne 0 ] && tail -40 "$d/log"
	summary="$summary$line
"
done
printf '\n%s' "$summary"
exit $status
