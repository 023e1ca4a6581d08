#!/bin/sh
# End to end on an out-of-tree driver written here in the old life cycle:
# make convert converts it, it builds against Debian 6.1 with W=1 and
# sparse clean, and the converted module passes the guest life-cycle test
# (create/open/use/close/remove + unload) under kmemleak and KASAN.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 8
N=${LC_CYCLES:-5}
OUT=$TOP/drivers-out/lcserial

sum() { find "$TOP/examples/lcserial" -type f | LC_ALL=C sort | xargs cat | sha256sum; }
before=$(sum)
out=$(cd "$TOP" && sh scripts/convert-module.sh M=examples/lcserial 2>&1) && rc=0 || rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
is "$rc" 0 "convert + build succeed"
like "$out" 'lcserial.c: converted \(minimal, target 6.1\)' "the driver was converted"
like "$out" 'built with W=1 C=2 \(sparse\), 0 warning' "W=1 and sparse clean"

# The patch replaces the old calls and gives the ops their @release.
p=$(cat "$OUT/lcserial.patch")
like "$p" '^\+.*vfio_alloc_device\(lcserial_state, vdev, &mdev->dev,' "patch allocates through the core"
like "$p" '^\+	\.release = vfio_free_device,' "patch adds the @release"
# The original example is untouched.
is "$(sum)" "$before" "examples/lcserial left untouched"

guest_run lcserial --extra-ko "$OUT/tree/lcserial.ko" --tests xmdev-lcserial --cycles "$N"
is "$(guest_result)" "RESULT: PASS" "converted module passes in the guest"
is "$(guest_count '^ok [0-9]+ - lcserial round')" "$N" "$N lcserial rounds ok"
tap_exit
