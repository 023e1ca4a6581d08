#!/bin/sh
# vfio-pci in no-IOMMU mode on QEMU's edu device: bind via driver_override,
# open, config space, BAR0, VFIO_DEVICE_RESET, close, unbind; several rounds.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 9
N=${LC_CYCLES:-5}

guest_run vfio-pci --tests pci --cycles "$N"
is "$(guest_result)" "RESULT: PASS" "harness passes"
is "$(guest_count '^ok [0-9]+ - vfio-pci round')" "$N" "$N vfio-pci rounds ok"
is "$(guest_count '^not ok ')" 0 "no round failed"
like "$(cat "$GUEST_LOG")" '^# [0-9a-f:.]+: noiommu group [0-9]+' \
	"edu was opened through /dev/vfio/noiommu-N"
# Linux 6.1: the vfio_device's own struct device, node and class entry
is "$(guest_count "^# vfio-dev node: [a-z-]+: checked in $N of $N rounds")" 1 \
	"vfio-dev node present while registered, gone after, every round"
like "$(cat "$GUEST_LOG")" '^# [0-9a-f:.-]+: vfio-dev/vfio[0-9]+' "the node is vfio-dev/vfioN"

# make check boots on QEMU's virtual clock (--virtual-clock: guest time
# jumps over idle periods, so the 1 s bus-reset sleeps of Linux 6.0 cost
# no wall time): the rounds must pass there too, and QEMU must have been
# started with the instruction counter.
V=20
t0=$(date +%s)
guest_run vfio-pci-vclock --tests pci --cycles "$V" --virtual-clock
wall=$(( $(date +%s) - t0 ))
is "$(guest_result)" "RESULT: PASS" "virtual clock: harness passes"
is "$(guest_count '^ok [0-9]+ - vfio-pci round')" "$V" "virtual clock: $V vfio-pci rounds ok"
like "$GUEST_OUT" '^  QEMU .*-icount shift=auto,sleep=off' "virtual clock: QEMU runs on the instruction counter"
gt=$(grep -a -o '^\[ *[0-9]*\.' "$GUEST_LOG" | tail -n 1 | tr -dc '0-9')
diag "virtual clock: $V rounds, guest clock at the end ${gt}s, wall ${wall}s"
tap_exit
