#!/bin/sh
# mtty in the QEMU guest: create/open/use/close/remove + module unload,
# the vfio-dev node of each registration,
# several rounds, with kmemleak and KASAN watching.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 6
N=${LC_CYCLES:-5}

guest_run mtty --tests mtty --cycles "$N"
is "$(guest_result)" "RESULT: PASS" "harness passes"
is "$(guest_count '^ok [0-9]+ - mtty round')" "$N" "$N mtty rounds ok"
is "$(guest_count '^not ok ')" 0 "no round failed"
# The UART scratch round trip really went through the mdev's BAR0.
like "$(cat "$GUEST_LOG")" '^# 6c1fe0a4-[0-9a-f-]+: group [0-9]+, vendor [0-9a-f]{4} device [0-9a-f]{4}' \
	"mdev was opened through its VFIO group"
# Linux 6.1: the vfio_device's own struct device, node and class entry
is "$(guest_count "^# vfio-dev node: [a-z-]+: checked in $N of $N rounds")" 1 \
	"vfio-dev node present while registered, gone after, every round"
like "$(cat "$GUEST_LOG")" '^# [0-9a-f:.-]+: vfio-dev/vfio[0-9]+' "the node is vfio-dev/vfioN"
tap_exit
