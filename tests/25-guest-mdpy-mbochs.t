#!/bin/sh
# mdpy and mbochs in the QEMU guest: create/open/use/close/remove + module
# unload, several rounds each, with kmemleak and KASAN watching.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 4
N=${LC_CYCLES:-3}

guest_run mdpy-mbochs --tests mdpy,mbochs --cycles "$N"
is "$(guest_result)" "RESULT: PASS" "harness passes"
is "$(guest_count '^ok [0-9]+ - mdpy round')" "$N" "$N mdpy rounds ok"
is "$(guest_count '^ok [0-9]+ - mbochs round')" "$N" "$N mbochs rounds ok"
is "$(guest_count '^not ok ')" 0 "no round failed"
tap_exit
