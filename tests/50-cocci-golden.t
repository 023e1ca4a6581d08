#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# Golden tests of the semantic patches, in the style of Coccinelle's own
# suite: tests/cocci/in/X.c (old-style input written here) is converted for
# each target API and compared with tests/cocci/expected/X.<api>.c; the
# converter's verdict for the file is compared with the first line of
# tests/cocci/expected/X.verdict ("converted", "nothing", "not converted");
# a second line there names the level a converted file must reach
# ("idiomatic": set-up in @init, tear-down in @release; "minimal";
# "parent-owned": vfio_init_device()).  X.<api>.verdict, when present,
# holds the verdict for that target API alone.
# Every converted output is converted again: nothing more may change.
set -eu
. "$(dirname "$0")/tap.sh"

IN=$TOP/tests/cocci/in
EXP=$TOP/tests/cocci/expected
inputs=$(find "$IN" -maxdepth 1 -name '*.c' -printf '%f\n' | LC_ALL=C sort)
n=0
# verdict_file X API
verdict_file() {
	if [ -f "$EXP/$1.$2.verdict" ]; then echo "$EXP/$1.$2.verdict"; else echo "$EXP/$1.verdict"; fi
}
for api in 6.1 6.2; do
	for f in $inputs; do
		n=$((n + 3))
		[ -z "$(sed -n 2p "$(verdict_file "${f%.c}" $api)")" ] || n=$((n + 1))
	done
done
plan $n

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for api in 6.1 6.2; do
	for f in $inputs; do
		x=${f%.c}
		vf=$(verdict_file "$x" $api)
		want=$(head -n 1 "$vf")
		(cd "$IN" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
			--out "$tmp/$api" "$f" >/dev/null 2>&1) || true
		got=$(sed -n "s|^$f: ||p" "$tmp/$api/.cocci/conversion.txt" | head -n 1)
		case "$got" in
		converted*) got=converted ;;
		"nothing to convert"*) got=nothing ;;
		NOT\ CONVERTED*) got="not converted" ;;
		esac
		is "$got" "$want" "$api $x: verdict"
		level=$(sed -n 2p "$vf")
		if [ -n "$level" ]; then
			gotl=$(sed -n "s|^$f: converted (\([a-z-]*\).*|\1|p" "$tmp/$api/.cocci/conversion.txt")
			is "$gotl" "$level" "$api $x: level"
		fi

		# Not converted and nothing-to-convert files must come out untouched.
		if [ "$want" = converted ]; then
			ref=$EXP/$x.$api.c
		else
			ref=$IN/$f
		fi
		d=$(diff -u "$ref" "$tmp/$api/$f" 2>&1) && rc=0 || rc=1
		ok "$rc" "$api $x: output matches ${ref#"$TOP"/}"
		[ "$rc" -eq 0 ] || printf '%s\n' "$d" | head -n 40 | sed 's/^/#   /'

		# Idempotent: the output has nothing left to convert.
		(cd "$tmp/$api" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
			--out "$tmp/again-$api" "$f" >/dev/null 2>&1) || true
		if [ "$want" = "not converted" ]; then
			cmp -s "$IN/$f" "$tmp/again-$api/$f" && rc=0 || rc=1
		else
			v=$(sed -n "s|^$f: ||p" "$tmp/again-$api/.cocci/conversion.txt")
			case "$v" in "nothing to convert"*) v=nothing ;; esac
			[ "$v" = nothing ] && cmp -s "$tmp/$api/$f" "$tmp/again-$api/$f" && rc=0 || rc=1
		fi
		ok "$rc" "$api $x: a second run changes nothing"
	done
done
tap_exit
