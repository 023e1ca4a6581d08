#!/bin/sh
# make series without KERNEL=: the embedded examples are converted, built
# and booted together, and a report says so.  With KERNEL= naming no tree,
# the in-tree generator (tests/70-series-kernel.t) refuses clearly and
# writes nothing.
set -eu
. "$(dirname "$0")/tap.sh"
plan 7

out=$(cd "$TOP" && CYCLES=3 make -s series 2>&1) && rc=0 || rc=$?
is "$rc" 0 "make series (examples) succeeds"
r=$(cat "$TOP/drivers-out/examples/report.txt")
printf '%s\n' "$r" | sed 's/^/# /'
n=$(find "$TOP/examples" -mindepth 1 -maxdepth 1 -type d | wc -l)
is "$(printf '%s\n' "$r" | grep -cE '^[a-z0-9_]+ +(idiomatic|minimal|parent-owned|converted) +ok ')" "$n" "all $n examples converted (any level) and built"
like "$r" '^guest \(3 rounds each, kmemleak \+ KASAN\): RESULT: PASS$' "all examples pass in one guest"
like "$out" '  REPORT   drivers-out/examples/report.txt' "progress ends with the report"

before=$(find "$TOP/drivers-out" | LC_ALL=C sort | sha256sum)
out=$(cd "$TOP" && make -s series KERNEL=/nonexistent 2>&1) && rc=0 || rc=$?
like "$rc $out" '^[1-9][0-9]* ' "KERNEL= fails"
like "$out" 'lifecycle series: error: (KERNEL=)?/nonexistent: no such directory' "KERNEL= says why"
is "$(find "$TOP/drivers-out" | LC_ALL=C sort | sha256sum)" "$before" "and writes nothing"
tap_exit
