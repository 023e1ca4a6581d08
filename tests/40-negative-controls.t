#!/bin/sh
# Negative controls: planted bugs must make the harness fail, for the right
# reason.  A harness that passed here could not catch a bad conversion.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 16

# name tests expected-result-ERE expected-log-ERE
control() {
	guest_run "neg-$1" --tests "$2" --cycles 1 ${4:+--timeout "$4"}
	is "$GUEST_RC" 1 "$1: harness exits 1"
	like "$(guest_result)" "$3" "$1: fails for the right reason"
}

control leak leak '^RESULT: FAIL: guest: kmemleak: [1-9][0-9]* unreferenced'
like "$(cat "$GUEST_LOG")" 'unreferenced object 0x[0-9a-f]+ \(size 192\)' "leak: the 192-byte object is reported"
like "$(cat "$GUEST_LOG")" '^ +6c 6c 6c 6c 6c 6c 6c 6c' "leak: with the planted contents"

control uaf uaf '^RESULT: FAIL: guest: dmesg: .*BUG: KASAN: (slab-)?use-after-free'
like "$(cat "$GUEST_LOG")" 'lc_planted_uaf_init' "uaf: KASAN report points at the planted code"

control double-free double_free '^RESULT: FAIL: guest: dmesg: .*(double-free|invalid-free)'

# A hung guest is a failure within the timeout, not a hang of the test.
t0=$(date +%s)
control hang hang '^RESULT: FAIL: timeout: ' 60
el=$(( $(date +%s) - t0 ))
ok "$([ "$el" -lt 90 ]; echo $?)" "hang: harness returned in ${el}s (< 90s)"

# A round that fails inside the exerciser fails the run (no such mdev type).
control badtype badtype '^RESULT: FAIL: guest: badtype: .*exited 1'

# A misspelt test name is an error, not an empty run that passes.
control bogus bogus '^RESULT: FAIL: guest: harness: unknown test'
tap_exit
