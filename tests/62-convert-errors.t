#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# make convert on bad input: a clear message, a non-zero exit, and nothing
# written (a previous result in drivers-out/modules/ stays as it was).
set -eu
. "$(dirname "$0")/tap.sh"
plan 6

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A tree of the old world: a Makefile and a vfio.h with the old API.
mkdir -p "$tmp/old/include/linux" "$tmp/notk"
: >"$tmp/old/Makefile"
echo 'void vfio_init_group_dev(struct vfio_device *d);' >"$tmp/old/include/linux/vfio.h"
o=$TOP/drivers-out/modules/lcserial
new=$([ -d "$o" ] || echo yes)
mkdir -p "$o"
echo convert >"$o/.vfio-lifecycle-output"
echo keep >"$o/sentinel"

run() { (cd "$TOP" && python3 -m lifecycle convert "$@" 2>&1); }

out=$(run M=examples/lcserial KERNEL="$tmp/old") && rc=0 || rc=$?
is "$rc" 1 "old-API target: exit 1"
like "$out" 'still has the old vfio core API' "old-API target: says why"
is "$(cat "$o/sentinel")" keep "old-API target: drivers-out untouched"

out=$(run M=examples/lcserial KERNEL="$tmp/notk") && rc=0 || rc=$?
like "$rc:$out" '^1:.*is not a kernel tree' "not a kernel tree: exit 1, says so"

out=$(run M="$tmp/no-such-module") && rc=0 || rc=$?
like "$rc:$out" '^1:.*no such directory' "missing module directory: exit 1, says so"

out=$(run M="$tmp/notk") && rc=0 || rc=$?
like "$rc:$out" '^1:.*has no \.c files' "module without sources: exit 1, says so"
rm -f "$o/sentinel"
[ -z "$new" ] || rm -rf "$o"
tap_exit
