#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The series (make series KERNEL=) as a maintainer reads it, on a small
# kernel-shaped tree written here: an ABI entry's @ABI_DATE@/@ABI_KVER@
# become the base's month and the release after it; the 6.0 core patches
# have struct device among the private members, @init and @release
# documented first, no comment left about both life cycles, the ABI date
# left to the series.
set -eu
. "$(dirname "$0")/tap.sh"

plan 7

tmp=$(mktemp -d)
name=lc-series-msg-$$
out=$TOP/drivers-out/$name
trap 'rm -rf "$tmp" "$out" "$out.lock"' EXIT
series() {
	VFIO_LC_CORE_PATCHES=$tmp/core sh "$TOP/scripts/series-kernel.sh" --name "$name" "$@" >"$tmp/log" 2>&1
}
at() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -C "$tmp/k" commit -q "$2" "$3"; }

# the tree: the base, then the commit that brings the lookup
mkdir -p "$tmp/k/include/linux" "$tmp/k/drivers/vfio" "$tmp/k/samples/vfio-mdev"
printf 'VERSION = 6\nPATCHLEVEL = 0\nSUBLEVEL = 1\n' >"$tmp/k/Makefile"
cat >"$tmp/k/include/linux/vfio.h" <<'EOF'
void vfio_init_group_dev(struct vfio_device *device, struct device *dev,
			 const struct vfio_device_ops *ops);
void vfio_uninit_group_dev(struct vfio_device *device);
EOF
cat >"$tmp/k/drivers/vfio/vfio_main.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/vfio.h>

static void vfio_device_put(struct vfio_device *device)
{
	complete(&device->comp);
}

static bool vfio_device_try_get(struct vfio_device *device)
{
	return refcount_inc_not_zero(&device->refcount);
}
EOF
cp "$TOP/tests/cocci/in/lc_reserve.c" "$tmp/k/samples/vfio-mdev/mtty.c"
git -C "$tmp/k" init -q
git -C "$tmp/k" config user.name "Test Maintainer"
git -C "$tmp/k" config user.email "test@example.org"
git -C "$tmp/k" add -A
at 2022-09-20T12:00:00Z -m "Linux 6.0"
cat >>"$tmp/k/drivers/vfio/vfio_main.c" <<'EOF'

void vfio_lookup(struct vfio_device *device)
{
	if (vfio_device_try_get(device))
		vfio_device_put(device);
}
EOF
at 2022-10-05T12:00:00Z -a "-mvfio: Look devices up by reference"

# the core patch, made for this tree: the helpers, an ABI entry, a fix of
# the lookup
git -C "$tmp/k" checkout -q -b core
cat >>"$tmp/k/include/linux/vfio.h" <<'EOF'
struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops);
void vfio_free_device(struct vfio_device *device);
void vfio_put_device(struct vfio_device *device);
EOF
mkdir -p "$tmp/k/Documentation/ABI/testing"
printf 'What:\t\t/sys/.../vfio-dev/vfioX/\nDate:\t\t@ABI_DATE@\nKernelVersion:\t@ABI_KVER@\nContact:\tkvm@vger.kernel.org\n' \
	>"$tmp/k/Documentation/ABI/testing/sysfs-devices-vfio-dev"
sed -i 's/^void vfio_lookup(/\/* a reference for the caller *\/\n&/' "$tmp/k/drivers/vfio/vfio_main.c"
git -C "$tmp/k" add -A
at 2022-10-06T12:00:00Z -a "-mvfio: Add helpers for the vfio_device life cycle

The helpers.

Fixes-pickaxe: vfio_lookup(struct vfio_device *device)"
mkdir -p "$tmp/core"
git -C "$tmp/k" format-patch -q -o "$tmp/core" HEAD~1
git -C "$tmp/k" checkout -q -
git -C "$tmp/k" branch -q -D core

# 1. a tree with history
series "$tmp/k" && rc=0 || rc=$?
is "$rc" 0 "series: exit 0"
p1=$(ls "$out/series/"0001-*.patch)
like "$(cat "$p1")" "^\\+Date:		October 2022\$" "ABI entry: Date: is the base's month"
like "$(cat "$p1")" "^\\+KernelVersion:	6\\.1\$" "ABI entry: KernelVersion: is the release after the base"

# 4. the 6.0 core patches as a reviewer asked for them
c16=$TOP/core-patch/6.0/0016-vfio-Add-struct-device-to-vfio_device.patch
c01=$TOP/core-patch/6.0/0001-vfio-Add-helpers-for-the-vfio_device-life-cycle.patch
is "$(sed -n '/^diff --git a\/include\/linux\/vfio.h/,/^diff/p' "$c16" |
	sed -n '/Members below here are private/,/^+	struct device device;$/p' | tail -n 1)" "+	struct device device;" \
	"core 0016: struct device is among the core's private members"
like "$(sed -n '/struct vfio_device_ops - /,/\* @open_device: /p' "$c01" | tr -d '\n+*' | tr -s ' \t' ' ')" \
	"callbacks @init: .*@release: .*Mandatory for drivers that allocate with vfio_alloc_device\\(\\): its last call must be vfio_free_device\\(\\).* @open_device: " \
	"core 0001: @init/@release documented first, @release mandatory with vfio_alloc_device(), vfio_free_device() its last call"
is "$(grep -c '^-/\* The core device.s own state, whichever life cycle' "$c16")" 1 \
	"core 0016: the comment about both life cycles goes with the last user of the old one"
like "$(cat "$c16")" "^\+Date:		@ABI_DATE@\$" "core 0016: the ABI date is left to the series (the base's month)"

tap_exit
