#!/bin/sh
# python3 -m lifecycle qemu --kernel-out: the guest tests on a kernel built
# elsewhere (here the base test kernel named by its directory, as a user
# names their own base), and a clear refusal of a directory that is not a
# built kernel.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 4

KOUT=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --print-dir)
guest_run kernel-out --kernel-out "$KOUT" --tests mtty --cycles 2
is "$(guest_result)" "RESULT: PASS" "--kernel-out DIR: harness passes"
is "$(guest_count '^ok [0-9]+ - mtty round')" 2 "--kernel-out DIR: 2 mtty rounds ok"

tmp=$(mktemp -d)
out=$(PYTHONPATH="$TOP" python3 -m lifecycle qemu --kernel-out "$tmp" --tests mtty 2>&1) && rc=0 || rc=$?
rm -rf "$tmp"
is "$rc" 2 "--kernel-out on an empty directory: refused (exit 2)"
like "$out" 'needs arch/x86/boot/bzImage and modules installed' "and says what is missing"
tap_exit
