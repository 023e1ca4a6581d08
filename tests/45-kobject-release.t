#!/bin/sh
# Negative control for the kobj flavour, found on the stock 6.1 kernel: an
# mdev parent module embeds struct mdev_type (and its kobject) in static
# data, so unloading it while the kobject release is delayed frees memory
# under a pending timer.  The harness must fail the run.  This is also why
# the kobj flavour keeps mdev modules loaded.
set -eu
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/guest.sh"
plan 3

guest_run kobj-unload --flavour kobj --unload --tests mtty --cycles 1 --timeout 400
is "$GUEST_RC" 1 "harness exits 1"
like "$(guest_result)" '^RESULT: FAIL: ' "run fails"
# Either debugobjects catches the live timer in freed memory, or the timer
# fires there: both show up as a fault or warning inside run_timer_softirq.
like "$(cat "$GUEST_LOG")" '(ODEBUG: .*timer_list|RIP: [0-9a-f]+:run_timer_softirq)' \
	"a timer in freed module memory was caught"
tap_exit
