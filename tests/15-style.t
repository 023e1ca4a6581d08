#!/bin/sh
# Our C is kernel style: checkpatch (from the test kernel's tree) is clean,
# and the guest program builds warning-free.
set -eu
. "$(dirname "$0")/tap.sh"
plan 2

KOUT=$(sh "$TOP/scripts/test-kernel.sh" --print-dir)
CHECKPATCH=$(dirname "$(dirname "$KOUT")")/linux-6.1/scripts/checkpatch.pl
[ -f "$CHECKPATCH" ] || bail "no checkpatch.pl at $CHECKPATCH (run 10-test-kernel.t)"

files=$(cd "$TOP" && git ls-files '*.c' '*.h')
# shellcheck disable=SC2086 # one word per file
out=$(cd "$TOP" && perl "$CHECKPATCH" --no-tree --strict -f --terse $files 2>&1) &&
	rc=0 || rc=$?
is "$rc:$out" "0:" "checkpatch --strict clean on $(echo "$files" | wc -w) C files"

tmp=$(mktemp -d)
out=$(make -s -C "$TOP/check/guest" O="$tmp" 2>&1) && rc=0 || rc=$?
is "$rc:$out" "0:" "guest program builds with -Wall -Wextra -Werror"
rm -rf "$tmp"
tap_exit
