#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The semantic patches run as the kernel runs its own: make coccicheck
# MODE=report COCCI=<rule> in a kernel tree (Debian's 6.1, already
# converted) and on an external directory of old-form code (M=).
set -eu
. "$(dirname "$0")/tap.sh"
plan 5

KOUT=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --print-dir)
KSRC=$(dirname "$(dirname "$KOUT")")/linux-6.1
[ -f "$KSRC/scripts/coccicheck" ] || bail "no kernel tree at $KSRC (run 10-test-kernel.t)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# coccicheck RULE DIR: the report lines.  The rules import their Python
# from cocci/lclib: PYTHONPATH on make's command line reaches spatch (make
# exports command-line variables to the coccicheck script), as
# cocci/README.md tells a user to run them.
# A failed run (spatch stopping at an import, say) is no "nothing found":
# its last lines come back instead, and no assertion can pass on them.
coccicheck() {
	if _cc=$(make -s -C "$KSRC" coccicheck MODE=report COCCI="$1" M="$2" \
		PYTHONPATH="$TOP/cocci" 2>&1); then
		printf '%s\n' "$_cc" | grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' || true
	else
		printf 'make coccicheck FAILED: %s\n' "$(printf '%s\n' "$_cc" | tail -n 3 | paste -sd' ' -)"
	fi
}

out=$(coccicheck "$TOP/cocci/vfio_alloc_device.cocci" drivers/vfio)
is "$out" "" "6.1 drivers/vfio: no old-form site (the tree is converted)"
out=$(coccicheck "$TOP/cocci/vfio_alloc_device.cocci" samples/vfio-mdev)
is "$out" "" "6.1 samples/vfio-mdev: no old-form site"

cp -r "$TOP/tests/cocci/in" "$tmp/old"
out=$(coccicheck "$TOP/cocci/vfio_alloc_device.cocci" "$tmp/old")
want=$(cd "$tmp/old" && grep -v '^ *\(\*\|/[*/]\)' lc_direct.c | grep -cE '\<(vfio_init_group_dev|vfio_uninit_group_dev)\(')
is "$(printf '%s\n' "$out" | grep -c 'lc_direct.c:.*old vfio life cycle')" "$want" \
	"fixtures: every old call of lc_direct.c is listed ($want)"

# vfio_init_release.cocci: state set up after vfio_alloc_device() is a
# candidate for @init at the minimal level, and gone at the idiomatic one.
(cd "$tmp/old" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 --level minimal \
	--out "$tmp/min" lc_direct.c lc_reserve.c >/dev/null 2>&1) || true
(cd "$tmp/old" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 \
	--out "$tmp/idi" lc_direct.c lc_reserve.c >/dev/null 2>&1) || true
rm -rf "$tmp/min/.cocci" "$tmp/idi/.cocci"
out=$(coccicheck "$TOP/cocci/vfio_init_release.cocci" "$tmp/min")
is "$(printf '%s\n' "$out" | grep -c 'an @init callback could own it')" 2 \
	"minimal level: both probes reported as @init candidates"
out=$(coccicheck "$TOP/cocci/vfio_init_release.cocci" "$tmp/idi")
is "$out" "" "idiomatic level: nothing left to report"
tap_exit
