#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# qemu/guest/judge-log.awk, the kernel-log judge of the guest and of
# lifecycle qemu, on logs written here: a known core warning is counted, an
# unknown one fails, so does a KASAN report; a failed allocation's dump
# (what fault injection provokes) is not a finding.
set -eu
. "$(dirname "$0")/tap.sh"
plan 5

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
judge() {
	awk -v known="$TOP/qemu/kernel/known-core-warnings" \
		-f "$TOP/qemu/guest/judge-log.awk" "$1"
}
cat >"$tmp/known.log" <<'LOG'
[    5.94] ------------[ cut here ]------------
[    5.94] WARNING: CPU: 0 PID: 31 at drivers/vfio/vfio_main.c:179 vfio_group_release+0x71/0x90
[    5.94] Call Trace:
[    5.94]  device_release+0x93/0x200
[    5.94]  vfio_create_group+0x338/0x4f0
[    5.95] ---[ end trace 0000000000000000 ]---
LOG
is "$(judge "$tmp/known.log" | cut -c1-17)" "KNOWN: vfio core:" "a known core warning: counted as known"

sed 's/vfio_create_group+0x338/lcx_probe+0x12/' "$tmp/known.log" >"$tmp/other-path.log"
is "$(judge "$tmp/other-path.log" | grep -c '^BAD: ')" 2 "the same WARN reached from a driver: WARNING and Call Trace fail"

cat >"$tmp/kasan.log" <<'LOG'
[    7.10] ==================================================================
[    7.10] BUG: KASAN: use-after-free in lcx_release+0x20/0x40 [lcx]
[    7.11] Call Trace:
LOG
is "$(judge "$tmp/kasan.log" | grep -c '^BAD: ')" 2 "a KASAN report fails"

cat >"$tmp/alloc.log" <<'LOG'
[    7.53] vfio-exerciser: vmalloc error: size 2097152, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null)
[    7.53] Call Trace:
[    7.53]  <TASK>
[    7.53]  warn_alloc.cold+0x7d/0x17f
[    7.53]  </TASK>
[    7.60] WARNING: CPU: 0 PID: 1 at drivers/x.c:1 lcx+0x1/0x2
LOG
judge "$tmp/alloc.log" >"$tmp/out"
is "$(grep -c '^BAD: ' "$tmp/out")" 1 "a failed allocation's dump is not a finding"
like "$(cat "$tmp/out")" 'BAD: .*WARNING: .*lcx' "but a warning after it still is"
tap_exit
