#!/bin/sh
# Assemble the test guest's initramfs: busybox, /init, the guest programs,
# the test kernel's modules and the negative-control modules (built here
# against that kernel).  Writes a newc cpio to the path given.
#
# Usage: qemu/mkinitramfs.sh KERNEL_BUILD_DIR OUTPUT.cpio
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 2 ] || die "usage: $0 KERNEL_BUILD_DIR OUTPUT.cpio"
KOUT=$1
CPIO=$2
BUSYBOX=/bin/busybox
need_cmd cpio make gcc
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing; run 'make deps' (busybox-static)"
# ldd fails on a static binary: a dynamic busybox would not run in the guest.
if ldd "$BUSYBOX" >/dev/null 2>&1; then
	die "$BUSYBOX is dynamically linked; run 'make deps' (busybox-static)"
fi
krel=$(cat "$KOUT/include/config/kernel.release") ||
	die "$KOUT is not a built kernel tree"

GUEST_O=$LC_CACHE/guest
step CC "vfio-exerciser"
make -s -C "$LC_TOP/qemu/guest" O="$GUEST_O" >/dev/null

# Negative controls: build in the cache, never in the repository.
NEG_O=$LC_CACHE/negative
step KMOD "negative controls"
rm -rf "$NEG_O"
mkdir -p "$NEG_O"
cp "$LC_TOP"/qemu/negative/Kbuild "$LC_TOP"/qemu/negative/*.c "$NEG_O"/
make -s -C "$KOUT" M="$NEG_O" CC="ccache gcc" modules >/dev/null

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" \
	"$root/lib/modules/$krel/extra"
cp "$BUSYBOX" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$LC_TOP/qemu/guest/init" "$root/init"
chmod 755 "$root/init"
mkdir -p "$root/etc"
cp "$LC_TOP/qemu/guest/judge-log.awk" "$root/etc/lc-judge-log.awk"
cp "$LC_TOP/qemu/kernel/known-core-warnings" "$root/etc/lc-known-core-warnings"
cp "$GUEST_O/vfio-exerciser" "$root/bin/"
cp -a "$KOUT/mods/lib/modules/$krel/." "$root/lib/modules/$krel/"
cp "$NEG_O"/*.ko "$root/lib/modules/$krel/extra/"

step CPIO "${CPIO}"
mkdir -p "$(dirname "$CPIO")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$CPIO.tmp"
mv "$CPIO.tmp" "$CPIO"
