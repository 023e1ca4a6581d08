#!/bin/sh
# The kobj flavour: every kobject release delayed by 1-4 s.  mtty rounds
# (module kept loaded, see qemu/kernel/kobject-release.config) and vfio-pci
# rounds must still pass with kmemleak and KASAN watching.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 4
N=${LC_CYCLES:-3}

guest_run kobj --flavour kobj --tests mtty,pci --cycles "$N"
is "$(guest_result)" "RESULT: PASS" "harness passes on the kobj kernel"
is "$(guest_count '^ok [0-9]+ - (mtty|vfio-pci) round')" "$((2 * N))" "$N mtty + $N vfio-pci rounds ok"
is "$(guest_count '^not ok ')" 0 "no round failed"
# The watcher was really on: releases were delayed during the run.
like "$(cat "$GUEST_LOG")" "kobject: '[^']+' \(.*\): kobject_release, parent .* \(delayed [0-9]+\)" \
	"kobject releases were delayed"
tap_exit
