#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# Our C is kernel style: checkpatch (from the test kernel's tree) is clean,
# and the guest program builds warning-free.
set -eu
. "$(dirname "$0")/tap.sh"
plan 3

KOUT=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --print-dir)
CHECKPATCH=$(dirname "$(dirname "$KOUT")")/linux-6.1/scripts/checkpatch.pl
[ -f "$CHECKPATCH" ] || bail "no checkpatch.pl at $CHECKPATCH (run 10-test-kernel.t)"

# Our own programs: --strict.  Fixtures imitate drivers found in the wild
# (NULL comparisons and the like are part of the patterns they test), and
# the expected outputs follow them: errors and warnings only.
own=$(cd "$TOP" && git ls-files '*.c' '*.h' | grep -v '^tests/cocci/')
fixtures=$(cd "$TOP" && git ls-files 'tests/cocci/*.c')
# shellcheck disable=SC2086 # one word per file
out=$(cd "$TOP" && perl "$CHECKPATCH" --no-tree --strict -f --terse $own 2>&1) &&
	rc=0 || rc=$?
is "$rc:$out" "0:" "checkpatch --strict clean on $(echo "$own" | wc -w) C files"
# shellcheck disable=SC2086
out=$(cd "$TOP"; perl "$CHECKPATCH" --no-tree -f --terse $fixtures 2>&1 |
	grep -E 'ERROR|WARNING') || true
is "$out" "" "checkpatch: no errors or warnings in $(echo "$fixtures" | wc -w) fixtures"

tmp=$(mktemp -d)
out=$(make -s -C "$TOP/qemu/guest" O="$tmp" 2>&1) && rc=0 || rc=$?
is "$rc:$out" "0:" "guest program builds with -Wall -Wextra -Werror"
rm -rf "$tmp"
tap_exit
