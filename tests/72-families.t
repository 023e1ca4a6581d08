#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The base family comes from the tree, not from its version: on stand-in
# trees of each shape (written here: a Makefile, a vfio.h and empty files
# where the real trees have files), lifecycle/series/family.py names the family
# and why, make series picks that family's core-patch directory through
# core-patch/families.tsv, and refuses the 5.13/5.14 shape (init without
# uninit) and layouts no row knows, naming what is missing, writing
# nothing.  A broken table is a tool failure (exit 5), not a verdict.
# A whole run on the 5.15 shape: the family's not-ported.txt in the cover
# letter; the rename reaches the export and the callers outside
# drivers/vfio that the 5.15-5.19 families have.
set -eu
. "$(dirname "$0")/tap.sh"
# make series is python3 -m lifecycle series (the package at the top)
PYTHONPATH=$TOP${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

plan 42

tmp=$(mktemp -d)
name=lc-families-test-$$
out=$TOP/drivers-out/$name
trap 'rm -rf "$tmp" "$out" "$out.lock"' EXIT
fam() { python3 -m lifecycle.series.family "$@" >"$tmp/out" 2>"$tmp/err"; }
series() {
	python3 -m lifecycle series --name "$name" "$1" >"$tmp/log" 2>&1
}

# mktree DIR VERSION.PATCHLEVEL CORE OPS FEATURE...: a kernel-shaped tree.
# CORE is vfio.c, vfio_main.c or -; OPS open_device, open or -; FEATURE:
# init uninit pci_core mdev_bridge vfio_h.
mktree() {
	d=$1 v=$2 c=$3 o=$4
	shift 4
	mkdir -p "$d/include/linux" "$d/drivers/vfio/pci" "$d/drivers/vfio/mdev" "$d/samples/lc"
	printf 'VERSION = %s\nPATCHLEVEL = %s\nSUBLEVEL = 0\n' "${v%.*}" "${v#*.}" >"$d/Makefile"
	h=$d/include/linux/vfio.h
	echo '/* a stand-in vfio.h: struct vfio_device_ops and the old calls */' >"$h"
	echo 'struct vfio_device_ops {' >>"$h"
	echo '	char	*name;' >>"$h"
	case "$o" in
	open_device) printf '\tint\t(*open_device)(struct vfio_device *vdev);\n\tvoid\t(*close_device)(struct vfio_device *vdev);\n' >>"$h" ;;
	open) printf '\tint\t(*open)(struct vfio_device *vdev);\n\tvoid\t(*release)(struct vfio_device *vdev);\n' >>"$h" ;;
	esac
	echo '};' >>"$h"
	for f in "$@"; do
		case "$f" in
		init) echo 'void vfio_init_group_dev(struct vfio_device *device, struct device *dev, const struct vfio_device_ops *ops);' >>"$h" ;;
		uninit) echo 'void vfio_uninit_group_dev(struct vfio_device *device);' >>"$h" ;;
		pci_core) echo '/* stand-in */' >"$d/drivers/vfio/pci/vfio_pci_core.c" ;;
		mdev_bridge) echo '/* stand-in */' >"$d/drivers/vfio/mdev/vfio_mdev.c" ;;
		vfio_h) echo '/* stand-in */' >"$d/drivers/vfio/vfio.h" ;;
		esac
	done
	[ "$c" = - ] || echo '/* stand-in core */' >"$d/drivers/vfio/$c"
	# a driver in the old form, so that make series has something to do
	cat >"$d/samples/lc/lc_old.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/vfio.h>

void lc_old_probe(struct vfio_device *vdev, struct device *dev,
		  const struct vfio_device_ops *ops)
{
	vfio_init_group_dev(vdev, dev, ops);
}
EOF
	git -C "$d" init -q
	git -C "$d" config user.name "Test Maintainer"
	git -C "$d" config user.email "test@example.org"
	git -C "$d" add -A
	git -C "$d" commit -q -m "Linux $v"
}

# 1. one stand-in per family shape: detection and why
mktree "$tmp/k515" 5.15 vfio.c open_device init uninit pci_core mdev_bridge
fam "$tmp/k515" && rc=0 || rc=$?
is "$rc" 0 "5.15 shape: detected"
is "$(cut -f 1-3 "$tmp/out")" "5.15	5.15	drivers/vfio/vfio.c" "5.15 shape: family 5.15, core-patch/5.15, core vfio.c"
like "$(cut -f 4 "$tmp/out")" 'without a private vfio.h.*ops open_device/close_device.*mdev bridge' "5.15 shape: says why"

mktree "$tmp/k517" 5.17 vfio.c open_device init uninit pci_core mdev_bridge vfio_h
fam "$tmp/k517" && rc=0 || rc=$?
is "$(cut -f 1-3 "$tmp/out")" "5.16	5.16	drivers/vfio/vfio.c" "5.16-5.18 shape: family 5.16, core-patch/5.16"
like "$(cut -f 4 "$tmp/out")" 'with its private vfio.h and the mdev bridge.*drivers/vfio/vfio.h' "5.16-5.18 shape: says why"

# 5.19: the same files but no mdev bridge; its core patches are 6.0's
mktree "$tmp/k519" 5.19 vfio.c open_device init uninit pci_core vfio_h
fam "$tmp/k519" && rc=0 || rc=$?
is "$(cut -f 1-3 "$tmp/out")" "5.19	5.19	drivers/vfio/vfio.c" "5.19 shape (no mdev bridge): family 5.19, core-patch/5.19"
like "$(cut -f 4 "$tmp/out")" 'no mdev bridge.*the 6.0 core with its old file name' "5.19 shape: says why"

mktree "$tmp/k60" 6.0 vfio_main.c open_device init uninit pci_core vfio_h
fam "$tmp/k60" && rc=0 || rc=$?
is "$(cut -f 1-3 "$tmp/out")" "6.0	6.0	drivers/vfio/vfio_main.c" "6.0 shape: family 6.0"

# the version is only a label: a 5.15-shaped tree that calls itself 6.0
mktree "$tmp/kfake" 6.0 vfio.c open_device init uninit pci_core mdev_bridge
fam "$tmp/kfake" && rc=0 || rc=$?
is "$(cut -f 1-2 "$tmp/out")" "5.15	5.15" "the version is a label: a 5.15 layout labelled 6.0 is 5.15"

# 2. refusals: 5.13/5.14 (init without uninit), unknown layouts
mktree "$tmp/k513" 5.13 vfio.c open init mdev_bridge
fam "$tmp/k513" && rc=0 || rc=$?
is "$rc" 1 "5.13/5.14 shape: refused (exit 1)"
like "$(cat "$tmp/err")" 'vfio_init_group_dev\(\) without vfio_uninit_group_dev\(\)' "5.13/5.14 shape: the reason is init without uninit"
is "$(cat "$tmp/out")" "" "5.13/5.14 shape: nothing on stdout"

mktree "$tmp/kodd" 5.15 vfio.c open init uninit pci_core
fam "$tmp/kodd" && rc=0 || rc=$?
is "$rc" 1 "unknown layout (uninit but ops open/release): refused"
like "$(cat "$tmp/err")" 'matches no row .*closest: 5\.1[56], which also needs: ops open_device/close_device' "unknown layout: names what is missing"

mktree "$tmp/knocore" 5.15 - open_device init uninit
fam "$tmp/knocore" && rc=0 || rc=$?
is "$rc" 1 "no core file: refused"
like "$(cat "$tmp/err")" 'which also needs: core in drivers/vfio/' "no core file: names the missing core"

# 3. the table is data: another table, another answer; a broken one is a
# tool failure
printf 'x\tcore=vfio.c init uninit\tmine\tmy family\n' >"$tmp/t.tsv"
fam --table "$tmp/t.tsv" "$tmp/k515" && rc=0 || rc=$?
is "$(cut -f 1-2 "$tmp/out")" "x	mine" "--table: the family comes from the table"
printf 'x\tcore=vfio.c bogus\tmine\tmy family\n' >"$tmp/bad.tsv"
fam --table "$tmp/bad.tsv" "$tmp/k515" && rc=0 || rc=$?
is "$rc" 5 "a table with an unknown feature: tool failure (exit 5)"
like "$(cat "$tmp/err")" 'unknown feature bogus' "a broken table: says which feature"
fam --table "$tmp/none.tsv" "$tmp/k515" && rc=0 || rc=$?
is "$rc" 5 "a missing table: tool failure (exit 5)"
fam "$tmp/nowhere" && rc=0 || rc=$?
is "$rc" 1 "no such tree: exit 1"

# 4. make series picks the family's core patches (they do not fit these
# stand-ins, so it stops there, having written nothing)
series "$tmp/k515" && rc=0 || rc=$?
grep -q '^  family: 5.15 -> core-patch/5.15, the core in vfio.c' "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 5.15 shape: the survey names the family and why"
grep -q 'core-patch/5.15/vfio-Add-helpers-for-the-vfio_device-life-cycle.patch (helpers) does not apply' "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 5.15 shape: core-patch/5.15 is the one tried"
[ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "series, 5.15 shape: nothing written"

series "$tmp/k517" && rc=0 || rc=$?
grep -q "^  family: 5.16 -> core-patch/5.16, " "$tmp/log" && grep -q "core-patch/5.16/vfio-Add-helpers-for-the-vfio_device-life-cycle.patch (helpers)" "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 5.16-5.18 shape: family 5.16, core-patch/5.16 tried"

series "$tmp/k519" && rc=0 || rc=$?
grep -q "^  family: 5.19 -> core-patch/5.19, " "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 5.19 shape: family 5.19"
grep -q '^  core:   core-patch/5.19 derives its patches: 5.19 <- 6.0 (1 path(s) renamed)$' "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 5.19 shape: the survey says the core patches are 6.0's, a path renamed"
grep -q 'core-patch/6.0/vfio-Add-helpers-for-the-vfio_device-life-cycle.patch (helpers) (paths as in 5.19) does not apply' "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 5.19 shape: 6.0's helpers with 5.19's paths is the one tried, named as the user finds it"
grep -q '/core/0001-\|/core)' "$tmp/log" && rc=1 || rc=0
ok "$rc" "series, 5.19 shape: no temporary path in what the user reads"

series "$tmp/k60" && rc=0 || rc=$?
grep -q '^  family: 6.0 -> core-patch/6.0, ' "$tmp/log" && grep -q 'core-patch/6.0/vfio-Add-helpers-for-the-vfio_device-life-cycle.patch (helpers)' "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 6.0 shape: core-patch/6.0 tried"

series "$tmp/k513" && rc=0 || rc=$?
is "$rc" 1 "series, 5.13/5.14 shape: exit 1"
grep -q 'no core patches for this base family: vfio_init_group_dev() without vfio_uninit_group_dev()' "$tmp/log" && rc=0 || rc=1
ok "$rc" "series, 5.13/5.14 shape: the reason"
[ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "series, 5.13/5.14 shape: nothing written"

series "$tmp/kodd" && rc=0 || rc=$?
is "$rc" 1 "series, unknown layout: exit 1"
grep -q 'which also needs: ops open_device/close_device' "$tmp/log" && [ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "series, unknown layout: names what is missing, writes nothing"

# 6. a whole run on the 5.15 shape, with a family directory made here: a
# core patch made for this stand-in, a removal patch, and not-ported.txt,
# which the cover letter carries
mktree "$tmp/kfull" 5.15 vfio.c open_device init uninit pci_core mdev_bridge
cp "$TOP/tests/cocci/in/lc_direct.c" "$tmp/kfull/samples/lc/lc_old.c"
# as in 5.15-5.19: the registration count is exported, used outside
# drivers/vfio
cat >"$tmp/kfull/drivers/vfio/vfio.c" <<'EOF2'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/vfio.h>

void vfio_device_put(struct vfio_device *device)
{
	if (refcount_dec_and_test(&device->refcount))
		complete(&device->comp);
}
EXPORT_SYMBOL_GPL(vfio_device_put);
EOF2
mkdir -p "$tmp/kfull/drivers/gpu/lcuser"
cat >"$tmp/kfull/drivers/gpu/lcuser/lcuser.c" <<'EOF2'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/vfio.h>

void lcuser_done(struct vfio_device *device)
{
	vfio_device_put(device);
}
EOF2
git -C "$tmp/kfull" add -A
git -C "$tmp/kfull" commit -q -m "a driver of the direct form, a user of the exported count"
git -C "$tmp/kfull" checkout -q -b core
cat >>"$tmp/kfull/include/linux/vfio.h" <<'EOF2'
struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops);
void vfio_free_device(struct vfio_device *device);
void vfio_put_device(struct vfio_device *device);
EOF2
git -C "$tmp/kfull" commit -q -a -m "vfio: Add helpers for the vfio_device life cycle"
sed -i '/vfio_init_group_dev\|vfio_uninit_group_dev/d' "$tmp/kfull/include/linux/vfio.h"
git -C "$tmp/kfull" commit -q -a -m "vfio: Remove the old device life cycle calls"
mkdir -p "$tmp/fam"
git -C "$tmp/kfull" format-patch -q -o "$tmp/fam" HEAD~2..HEAD~1
git -C "$tmp/kfull" format-patch -q --start-number 2 -o "$tmp/fam" HEAD~1
git -C "$tmp/kfull" checkout -q -
git -C "$tmp/kfull" branch -q -D core
echo 'Not ported: the stand-in note of this family.' >"$tmp/fam/not-ported.txt"
VFIO_LC_CORE_PATCHES=$tmp/fam python3 -m lifecycle series --name "$name" "$tmp/kfull" >"$tmp/log" 2>&1 && rc=0 || rc=$?
is "$rc" 0 "whole run, 5.15 shape: exit 0"
ls "$out/series" >"$tmp/list"
is "$(paste -sd' ' - <"$tmp/list")" "0000-cover-letter.patch 0001-vfio-Add-helpers-for-the-vfio_device-life-cycle.patch 0002-samples-lc-Use-the-new-device-life-cycle-helpers.patch 0003-vfio-Rename-vfio_device_put-and-vfio_device_try_get.patch 0004-vfio-Remove-the-old-device-life-cycle-calls.patch" \
	"whole run: core, the driver, the rename, the removal last"
grep -q '^+EXPORT_SYMBOL_GPL(vfio_device_put_registration);$' "$out/series/0003-"*.patch && rc=0 || rc=1
ok "$rc" "rename: the export renamed too"
grep -q '^+	vfio_device_put_registration(device);$' "$out/series/0003-"*.patch &&
	grep -q '^+++ b/drivers/gpu/lcuser/lcuser.c$' "$out/series/0003-"*.patch && rc=0 || rc=1
ok "$rc" "rename: the caller outside drivers/vfio renamed too"
grep -q '^Not ported: the stand-in note of this family.$' "$out/series/0000-cover-letter.patch" && rc=0 || rc=1
ok "$rc" "whole run: the cover letter says what the family's core patches leave out"
grep -q 'old calls left' "$tmp/log" && rc=1 || rc=0
ok "$rc" "whole run: no old call left"
rm -rf "$out"

# 5. every directory the table names exists and has its first core patch
bad=$(grep -v '^#' "$TOP/core-patch/families.tsv" | cut -f 3 | sort -u | while read -r d; do
	case "$d" in - | none) continue ;; esac
	python3 -m lifecycle.series.corepatch "$TOP/core-patch/$d" "$tmp/eff-$d" >/dev/null 2>&1 || { echo "$d"; continue; }
	ls "$tmp/eff-$d"/0001-*.patch >/dev/null 2>&1 || echo "$d"
done)
is "$bad" "" "families.tsv names only core-patch directories that exist and have (or derive) their first core patch"

tap_exit
