#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# Golden tests of conversions that span files: a mid-layer library, its
# header and its callers (cocci/vfio_midlayer_*.cocci through
# python3 -m lifecycle convert-files).  For each tests/cocci/groups/G/:
#   in/          the old-style files (written here); the .c files are
#                given to the converter, which must find the rest itself
#   verdicts     the report it must print (target API left out);
#                verdicts.API, when present, for that target API alone
#   expected.API/ every file of in/ as it must come out; without it, every
#                file must come out unchanged (a refused group)
# and a second run over the output must change nothing.
set -eu
. "$(dirname "$0")/tap.sh"

G=$TOP/tests/cocci/groups
groups=$(find "$G" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)
n=0
for g in $groups; do
	files=$(find "$G/$g/in" \( -type f -o -type l \) | wc -l)
	n=$((n + 2 * (2 + files)))
done
plan $n

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for api in 6.1 6.2; do
	for g in $groups; do
		o=$tmp/$api-$g
		# shellcheck disable=SC2046 # file names without blanks, one per word
		(cd "$G/$g/in" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
			--out "$o" $(find . -maxdepth 1 -name '*.c' -printf '%f\n' | LC_ALL=C sort) \
			>/dev/null 2>&1) || true
		got=$(sed 's/, target [0-9.]*//' "$o/.cocci/conversion.txt" 2>/dev/null || true)
		vf=$G/$g/verdicts
		[ ! -f "$vf.$api" ] || vf=$vf.$api
		is "$got" "$(cat "$vf")" "$api $g: verdicts"
		for f in $(find "$G/$g/in" \( -type f -o -type l \) -printf '%f\n' | LC_ALL=C sort); do
			if [ -d "$G/$g/expected.$api" ]; then
				ref=$G/$g/expected.$api/$f
			else
				ref=$G/$g/in/$f
			fi
			# a file the converter did not write (a header it left
			# alone) is the input, unchanged
			res=$o/$f
			[ -e "$res" ] || res=$G/$g/in/$f
			d=$(diff -u "$ref" "$res" 2>&1) && rc=0 || rc=1
			ok "$rc" "$api $g: $f matches ${ref#"$TOP"/}"
			[ "$rc" -eq 0 ] || printf '%s\n' "$d" | head -n 40 | sed 's/^/#   /'
		done
		# Idempotent: nothing left to convert in the output.
		# shellcheck disable=SC2046
		(cd "$o" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
			--out "$tmp/again" $(find . -maxdepth 1 -name '*.c' -printf '%f\n' | LC_ALL=C sort) \
			>/dev/null 2>&1) || true
		rc=0
		if [ -d "$G/$g/expected.$api" ]; then
			grep -qv ': nothing to convert' "$tmp/again/.cocci/conversion.txt" && rc=1
		fi
		for f in "$o"/*.c; do
			cmp -s "$f" "$tmp/again/${f##*/}" || rc=1
		done
		ok "$rc" "$api $g: a second run changes nothing"
		rm -rf "$tmp/again"
	done
done
tap_exit
