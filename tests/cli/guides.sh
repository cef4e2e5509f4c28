#!/bin/sh
# guides.sh: the guides the program ships (checklists/*.yaml) against their
# source documents, through the traces in tests/guides.
#
# For every checklists/ID.yaml:
#   - `validate` accepts it (exit 0);
#   - tests/guides/ID.trace exists;
#   - every trace line is REF<TAB>STEP-ID[ STEP-ID...] (`#` lines and blank
#     lines are comments), names only steps of the checklist, and REF is the
#     `ref` of at least one of the steps it names;
#   - every step has a `ref`;
#   - every step is named by at least one trace line, except the wizard's own
#     steps: those whose ref starts with "Wizard:" (checks and notes the
#     wizard adds that are in no document, such as a product home's check or
#     a note on the document's errors). They are listed, not failed.
# And every tests/guides/*.trace belongs to a checklist.
#
# For the guides named in WHY_GUIDES (below), every step of kind check,
# action, manual or question has a non-empty `why` (what the step protects
# against, shown in training); info steps need none. Each guide named there
# must exist.
#
# The steps are read from the YAML file itself (block style, as the guides
# are written: a flow-style step is reported as such), so the trace is
# checked even when the checklist does not validate; when it does, `show`
# must list the same steps with the same refs, which proves the reading.
# Each failing line is reported with its FILE:LINE.
. "$TOP_SRCDIR/tests/cli/lib.sh"

# The guides (checklist ids) whose every non-info step must have a `why`;
# a guide is added here once all its steps have one.
WHY_GUIDES="ob-2.0.0-to-3.0.0-uk sp-4.4.0-to-si-1.1.0 ei-7.0-mi-to-apim-4.0.0-mi"

LISTS=$TOP_SRCDIR/checklists
TRACES=$TOP_SRCDIR/tests/guides
TAB=$(printf '\t')

# steps_of FILE: one line per step of the stages,
# "LINE<TAB>ID<TAB>REF<TAB>KIND<TAB>WHY" (REF and KIND empty when the step has
# none; WHY 1 when it has a non-empty `why`, else 0);
# "ERROR<TAB>LINE<TAB>message" for what cannot be read.
steps_of() {
	awk '
	function indent(s) { match(s, /^ */); return RLENGTH }
	function unquote(v) {
		sub(/^[ \t]+/, "", v)
		if (v ~ /^"/) {
			v = substr(v, 2); sub(/"[ \t]*$/, "", v)
			gsub(/\\"/, "\"", v); gsub(/\\\\/, "\\", v)
		} else if (v ~ /^\047/) {
			v = substr(v, 2); sub(/\047[ \t]*$/, "", v)
			gsub(/\047\047/, "\047", v)
		} else {
			sub(/[ \t]+#.*$/, "", v); sub(/[ \t]+$/, "", v)
		}
		return v
	}
	function flush() {
		if (sline) print sline "\t" sid "\t" sref "\t" skind "\t" (swhy != "" ? 1 : 0)
		sline = 0; sid = ""; sref = ""; skind = ""; swhy = ""; wblock = 0
	}
	function key(s, k,   t) {
		t = s; sub(/^ *(- )?/, "", t)
		if (index(t, k ": ") == 1 || t == k ":") return unquote(substr(t, length(k) + 2))
		return "\001"
	}
	/^[ \t]*(#.*)?$/ { next }
	{
		ind = indent($0)
		if (ind == 0) {
			flush(); item = -1; steps = -1
			instages = ($0 ~ /^stages:[ \t]*$/)
			next
		}
		if (!instages) next
		if (item >= 0 && (ind < item || (ind == item && $0 !~ /^ *- /))) {
			flush(); item = -1; steps = -1
		}
		if (item < 0 && steps < 0) {
			if ($0 ~ /^ *(- )?steps:[ \t]*$/) { steps = ind + ($0 ~ /^ *- / ? 2 : 0) }
			next
		}
		if (item < 0) {
			if ($0 ~ /^ *- / && ind >= steps) item = ind
			else { steps = -1; if ($0 ~ /^ *(- )?steps:[ \t]*$/) steps = ind; next }
		}
		if (ind == item) {
			flush()
			if ($0 ~ /^ *- *\{/) { print "ERROR\t" NR "\ta flow-style step ({...}): write it in block style"; next }
			sline = NR
		} else if (ind != item + 2) {
			# The first line of a block-style why (why: > or |) fills it.
			if (wblock && ind > item + 2) { swhy = "x"; wblock = 0 }
			next
		}
		wblock = 0
		v = key($0, "id"); if (v != "\001") sid = v
		v = key($0, "ref"); if (v != "\001") sref = v
		v = key($0, "kind"); if (v != "\001") skind = v
		v = key($0, "why")
		if (v ~ /^#/) v = ""	# a comment only: null
		if (v ~ /^[>|][-+0-9]*$/) wblock = 1
		else if (v != "\001") swhy = v
	}
	END { flush() }
	' "$1"
}

# shown_steps: "ID<TAB>REF" for each step `show` printed (in $T/out).
shown_steps() {
	awk '
	/^  [0-9]+\.[0-9]+  \[[^]]*\] / {
		if (id != "") print id "\t" ref
		id = $NF; ref = ""; next
	}
	/^Stage [0-9]+: / { if (id != "") print id "\t" ref; id = "" ; next }
	id != "" && ref == "" && /^        ref: / { ref = substr($0, 14) }
	END { if (id != "") print id "\t" ref }
	' "$T/out"
}

found=0
for file in "$LISTS"/*.yaml; do
	[ -f "$file" ] || continue
	found=1
	id=$(basename "$file" .yaml)
	rel=checklists/$id.yaml
	trace=$TRACES/$id.trace
	trel=tests/guides/$id.trace

	wiz validate "$file"
	expect_rc 0 "$id: validate $rel"
	valid=$rc

	steps_of "$file" > "$T/steps"
	bad=0
	while IFS="$TAB" read -r a b c; do
		if [ "$a" = ERROR ]; then
			not_ok "$rel:$b: $c"
			bad=1
		fi
	done < "$T/steps"
	grep -v '^ERROR' "$T/steps" > "$T/steps.ok"
	# LINE, ID, REF only: read(1) would merge the empty fields around an
	# empty REF.
	cut -f 1-3 "$T/steps.ok" > "$T/steps.ref"
	nsteps=$(wc -l < "$T/steps.ok")
	if [ "$nsteps" -gt 0 ] && [ "$bad" -eq 0 ]; then
		ok "$id: $nsteps steps read from $rel"
	elif [ "$nsteps" -eq 0 ]; then
		not_ok "$id: no step read from $rel"
	fi

	# Ids and refs of every step.
	bad=0
	while IFS="$TAB" read -r line sid sref; do
		if [ -z "$sid" ]; then
			not_ok "$rel:$line: a step without an id"
			bad=1
		elif [ -z "$sref" ]; then
			not_ok "$rel:$line: step '$sid' has no ref"
			bad=1
		fi
	done < "$T/steps.ref"
	[ "$bad" -eq 0 ] && ok "$id: every step has an id and a ref"

	# A why on every check, action, manual and question step.
	case " $WHY_GUIDES " in
	*" $id "*)
		awk -F '\t' '$4 != "info" && $5 != 1 {
			print $1 "\t" ($2 == "" ? "?" : $2) "\t" ($4 == "" ? "no kind" : $4)
		}' "$T/steps.ok" > "$T/whyless"
		nwhy=$(awk -F '\t' '$4 != "info" && $5 == 1' "$T/steps.ok" | wc -l)
		while IFS="$TAB" read -r line sid skind; do
			not_ok "$rel:$line: step '$sid' ($skind) has no why"
		done < "$T/whyless"
		[ -s "$T/whyless" ] ||
		    ok "$id: all $nwhy check, action, manual and question steps have a why"
		;;
	*)
		echo "# $id: whys not checked (not in WHY_GUIDES)"
		;;
	esac

	# What show prints is what was read.
	if [ "$valid" -eq 0 ]; then
		wiz --checklists "$LISTS" show "$id"
		expect_rc 0 "$id: show"
		shown_steps > "$T/shown"
		cut -f 2,3 "$T/steps.ok" > "$T/read"
		if cmp -s "$T/shown" "$T/read"; then
			ok "$id: show lists the same steps with the same refs"
		else
			not_ok "$id: show and $rel differ (< show, > file)"
			diff "$T/shown" "$T/read" | sed 's/^/# /' | head -20
		fi
	else
		echo "# $id: show not compared: $rel does not validate"
	fi

	if [ ! -f "$trace" ]; then
		not_ok "$id: no trace $trel"
		continue
	fi
	ok "$id: trace $trel exists"

	# Every trace line: REF<TAB>IDS, ids known, REF one of theirs.
	: > "$T/named"
	bad=0
	lines=0
	ln=0
	while IFS= read -r tl || [ -n "$tl" ]; do
		ln=$((ln + 1))
		case $tl in
		'#'* | '') continue ;;
		esac
		lines=$((lines + 1))
		case $tl in
		*"$TAB"*) ;;
		*)
			not_ok "$trel:$ln: not REF<TAB>STEP-ID...: $tl"
			bad=1
			continue
			;;
		esac
		ref=${tl%%"$TAB"*}
		ids=${tl#*"$TAB"}
		if [ -z "$ref" ]; then
			not_ok "$trel:$ln: no REF before the tab"
			bad=1
		fi
		set -f
		# shellcheck disable=SC2086
		set -- $ids
		set +f
		if [ $# -eq 0 ]; then
			not_ok "$trel:$ln: '$ref' names no step"
			bad=1
			continue
		fi
		refok=0
		for sid in "$@"; do
			sref=$(awk -F '\t' -v i="$sid" '$2 == i { print $3; exit }' "$T/steps.ok")
			if ! awk -F '\t' -v i="$sid" '$2 == i { f = 1 } END { exit !f }' "$T/steps.ok"; then
				not_ok "$trel:$ln: step '$sid' is not in $rel"
				bad=1
				continue
			fi
			echo "$sid" >> "$T/named"
			[ "$sref" = "$ref" ] && refok=1
		done
		if [ "$refok" -eq 0 ] && [ -n "$ref" ]; then
			not_ok "$trel:$ln: '$ref' is the ref of none of the steps it names ($*)"
			bad=1
		fi
	done < "$trace"
	if [ "$lines" -eq 0 ]; then
		not_ok "$trel: no trace line"
	elif [ "$bad" -eq 0 ]; then
		ok "$id: all $lines trace lines name steps of the checklist by their ref"
	fi

	# Every step is traced, but the wizard's own.
	bad=0
	own=0
	while IFS="$TAB" read -r line sid sref; do
		[ -n "$sid" ] || continue
		case $sref in
		Wizard:*)
			own=$((own + 1))
			echo "# $rel:$line: '$sid' is the wizard's own ($sref)"
			continue
			;;
		esac
		if ! grep -qxF -- "$sid" "$T/named"; then
			not_ok "$rel:$line: step '$sid' ($sref) is named by no line of $trel"
			bad=1
		fi
	done < "$T/steps.ref"
	[ "$bad" -eq 0 ] &&
	    ok "$id: every step is traced ($own of the wizard's own not needing it)"
done
[ "$found" -eq 1 ] || not_ok "no checklists/*.yaml in $LISTS"

# Every guide WHY_GUIDES names is there: a misspelt id checks nothing.
for id in $WHY_GUIDES; do
	if [ -f "$LISTS/$id.yaml" ]; then
		ok "WHY_GUIDES: checklists/$id.yaml exists"
	else
		not_ok "WHY_GUIDES names $id: no checklists/$id.yaml"
	fi
done

# No trace without its checklist.
for trace in "$TRACES"/*.trace; do
	[ -f "$trace" ] || continue
	id=$(basename "$trace" .trace)
	if [ -f "$LISTS/$id.yaml" ]; then
		ok "tests/guides/$id.trace has its checklist"
	else
		not_ok "tests/guides/$id.trace: no checklists/$id.yaml"
	fi
done

done_testing
