#!/bin/sh
# The embedded default of 'make series' (no KERNEL=): convert every driver
# under examples/, build each against the Debian 6.1 test kernel, run all of
# them in one QEMU guest, and write drivers-out/examples/report.txt.
#
# examples/<name>/guest-test names the guest test kind (xmdev: mdev parent
# M, type M-1; xpci: vfio-pci variant driver M).
set -eu
. "$(dirname "$0")/lib.sh"

CYCLES=${CYCLES:-5}
out=$LC_TOP/drivers-out/examples
rm -rf "$out"
mkdir -p "$out"
report=$out/report.txt
t0=$(date +%s)
kos=
tests=
fail=0
{
	echo "vfio-lifecycle: examples series"
	echo
	printf '%-12s %-14s %-10s %s\n' driver conversion build guest-test
} >"$report"

for d in "$LC_TOP"/examples/*/; do
	name=$(basename "$d")
	[ -f "$d/guest-test" ] || die "$d has no guest-test file"
	kind=$(cat "$d/guest-test")
	rc=0
	(cd "$LC_TOP" && python3 -m lifecycle convert M="$d") || rc=$?
	# the level the converter reached: idiomatic, minimal, parent-owned
	conv=$(sed -n 's/^[^ ]*: converted (\([a-z-]*\).*/\1/p' \
		"$LC_TOP/drivers-out/modules/$name/conversion.log" 2>/dev/null | head -n 1)
	[ -n "$conv" ] || conv=converted
	[ "$rc" -eq 3 ] && conv="needs-human"
	build=ok
	[ "$rc" -eq 4 ] && build=FAILED
	[ "$rc" -eq 0 ] || fail=1
	if [ "$build" = ok ] && [ -f "$LC_TOP/drivers-out/modules/$name/tree/$name.ko" ]; then
		kos="$kos --extra-ko $LC_TOP/drivers-out/modules/$name/tree/$name.ko"
		tests="$tests${tests:+,}$kind-$name"
	fi
	printf '%-12s %-14s %-10s %s\n' "$name" "$conv" "$build" "$kind-$name" >>"$report"
done

guest=skipped
if [ -n "$tests" ]; then
	rc=0
	# shellcheck disable=SC2086 # $kos holds option pairs
	sh "$LC_TOP/check/qemu-run.sh" $kos --tests "$tests" --cycles "$CYCLES" \
		--log "$out/guest.log" >"$out/guest.txt" 2>&1 || rc=$?
	cat "$out/guest.txt"
	guest=$(tail -n 1 "$out/guest.txt")
	[ "$rc" -eq 0 ] || fail=1
fi
{
	echo
	echo "guest ($CYCLES rounds each, kmemleak + KASAN): $guest"
	echo "patches: drivers-out/modules/<driver>/<driver>.patch"
	echo "time: $(( $(date +%s) - t0 ))s"
} >>"$report"
step REPORT "drivers-out/examples/report.txt"
cat "$report"
exit "$fail"
