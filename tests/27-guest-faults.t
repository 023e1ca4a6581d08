#!/bin/sh
# Fault injection on the mdev create path (fail-nth + failslab) in the QEMU
# guest: every slab allocation of mtty's create fails once, in turn; a
# failed create leaves no device, a survived one is removed, kmemleak and
# KASAN stay quiet, and mtty still works afterwards.  The kernel-core
# warnings this reaches in Debian 6.1 are the known ones, counted.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 6

guest_run faults --tests faults-mtty --cycles 1
is "$(guest_result)" "RESULT: PASS" "harness passes"
line=$(grep -E '^# faults: mtty: [0-9]+ allocations' "$GUEST_LOG" | tr -d '\r' || true)
diag "$line"
n=$(echo "$line" | sed -n 's/.*mtty: \([0-9]*\) allocations.*/\1/p')
clean=$(echo "$line" | sed -n 's/.*, \([0-9]*\) failed the create cleanly.*/\1/p')
ok "$([ "${n:-0}" -ge 20 ] && echo 0 || echo 1)" "fail-nth reached the create path's allocations (${n:-0})"
ok "$([ "${clean:-0}" -ge 1 ] && echo 0 || echo 1)" "some creates failed, none left a device (${clean:-0})"
is "$(guest_count '^ok [0-9]+ - faults round')" 1 "every injected failure handled"
is "$(guest_count '^ok [0-9]+ - mtty round')" 1 "mtty works after the faults"
like "$GUEST_OUT" 'KNOWN +[0-9]+x vfio core: ' "the known vfio-core warning is reported, not hidden"
tap_exit
