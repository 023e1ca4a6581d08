#!/bin/sh
# vfio-pci in no-IOMMU mode on QEMU's edu device: bind via driver_override,
# open, config space, BAR0, VFIO_DEVICE_RESET, close, unbind; several rounds.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 6
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
tap_exit
