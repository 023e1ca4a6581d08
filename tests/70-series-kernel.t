#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# make series KERNEL=: the survey refuses bad trees clearly and writes
# nothing; on a small tree of the old form (built here: a 6.0-style
# vfio.h, a core with the registration helpers, two drivers written here,
# one where the driver table expects it and one where it does not) it
# writes a series that applies in order, names each patch the way the
# table or the directory says, renames the registration helpers, and comes
# out byte for byte the same on a second run, the user's tree untouched.
# Then a driver the rules refuse: the last core patch (which removes the
# old calls) is held back until a hand-written patch for its row converts
# it; a hand patch that does not apply is not used; --cc adds the
# recipients get_maintainer.pl names.  Last, a parent-owned structure
# defined in a header, in a directory no row claims: the completion its
# @release signals goes into the header, in the driver's own patch.
# (The real Linux 6.0.1 base is not in CI; its run is measured locally.)
set -eu
. "$(dirname "$0")/tap.sh"
# make series is python3 -m lifecycle series (the package at the top)
PYTHONPATH=$TOP${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

plan 36

tmp=$(mktemp -d)
name=lc-series-test-$$
out=$TOP/drivers-out/$name
trap 'rm -rf "$tmp" "$out" "$out.lock"' EXIT
series() {
	VFIO_LC_CORE_PATCHES=${PATCHES:-} python3 -m lifecycle series --name "$name" "$@" >"$tmp/log" 2>&1
}
PATCHES=

. "$TOP/tests/standin.sh"
# mktree DIR VFIO_H: a minimal kernel-shaped git tree
mktree() {
	standin_tree "$1" "$2"
	standin_commit "$1" "Linux 6.0.1"
}
OLD_H=$STANDIN_OLD_H

# 1. not a kernel tree
mkdir -p "$tmp/empty"
series "$tmp/empty" && rc=0 || rc=$?
is "$rc" 1 "not a kernel tree: exit 1"
grep -q 'is not a kernel tree' "$tmp/log" && rc=0 || rc=1
ok "$rc" "not a kernel tree: says so"
[ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "not a kernel tree: nothing written"

# 2. a kernel tree without git
mktree "$tmp/k" "$OLD_H"
cp -r "$tmp/k" "$tmp/nogit"
rm -rf "$tmp/nogit/.git"
series "$tmp/nogit" && rc=0 || rc=$?
is "$rc" 1 "no git: exit 1"
grep -q 'is not a git tree' "$tmp/log" && rc=0 || rc=1
ok "$rc" "no git: says so"

# 3. uncommitted changes
echo '/* local change */' >>"$tmp/k/samples/vfio-mdev/mtty.c"
series "$tmp/k" && rc=0 || rc=$?
is "$rc" 1 "dirty tree: exit 1"
grep -q 'uncommitted changes' "$tmp/log" && [ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "dirty tree: says so, writes nothing"
git -C "$tmp/k" checkout -q -- samples/vfio-mdev/mtty.c

# 4. a base family without core patches (the family is the layout, not
# the version: core-patch/families.tsv has no row for this one)
git -C "$tmp/k" mv drivers/vfio/vfio_main.c drivers/vfio/vfio.c
git -C "$tmp/k" commit -q -a -m "the core in vfio.c, no struct vfio_device_ops"
series "$tmp/k" && rc=0 || rc=$?
is "$rc" 1 "unknown base family: exit 1"
grep -q 'no core patches for this base family' "$tmp/log" && rc=0 || rc=1
ok "$rc" "unknown base family: says so"
git -C "$tmp/k" reset -q --hard HEAD~1

# 5. already converted, nothing old left
mktree "$tmp/new" 'struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
					const struct vfio_device_ops *ops);
void vfio_free_device(struct vfio_device *device);'
rm "$tmp/new/drivers/vfio/lcdirect/lc_direct.c" "$tmp/new/samples/vfio-mdev/mtty.c"
git -C "$tmp/new" commit -q -a -m "converted"
series "$tmp/new" && rc=0 || rc=$?
is "$rc" 0 "already converted: exit 0"
grep -q 'already converted' "$tmp/log" && [ ! -e "$out/series" ] && rc=0 || rc=1
ok "$rc" "already converted: says so, no series"

# 6. the whole run, with a core patch made for this small tree
br=$(git -C "$tmp/k" rev-parse --abbrev-ref HEAD)
standin_core_patch "$tmp/k" "$tmp/core"
git -C "$tmp/k" checkout -q "$br"
git -C "$tmp/k" branch -q -D core
head_before=$(git -C "$tmp/k" rev-parse HEAD)
PATCHES=$tmp/core
series "$tmp/k" && rc=0 || rc=$?
is "$rc" 0 "series: exit 0"
ls "$out/series" >"$tmp/list"
is "$(paste -sd' ' - <"$tmp/list")" "0000-cover-letter.patch 0001-vfio-Add-helpers-for-the-vfio_device-life-cycle.patch 0002-vfio-mtty-Use-the-new-device-life-cycle-helpers.patch 0003-vfio-lcdirect-Use-the-new-device-life-cycle-helpers.patch 0004-vfio-Rename-vfio_device_put-and-vfio_device_try_get.patch" \
	"series: core, table-named driver, directory-named driver, rename"
grep -q 'gives the final tree' "$tmp/log" && rc=0 || rc=1
ok "$rc" "series: verified to apply in order and give the final tree"
base=$(git -C "$tmp/k" rev-parse HEAD)
grep -q "^base-commit: $base" "$out/series/0000-cover-letter.patch" && rc=0 || rc=1
ok "$rc" "cover letter: base-commit trailer"
grep -q 'Signed-off-by: Test Maintainer <test@example.org>' "$out/series/0002-"*.patch && rc=0 || rc=1
ok "$rc" "driver patch: signed off from git config"
cat "$out/series/0002-"*.patch | tr '\n' ' ' | grep -q 'lcr_init_dev() (@init) reserves its share of lcr_avail' && rc=0 || rc=1
ok "$rc" "driver patch: the message says what @init now sets up"
grep -q '^+static void vfio_device_put_registration' "$out/series/0004-"*.patch && rc=0 || rc=1
ok "$rc" "rename patch: the definition renamed"
# the records conversion.txt is rendered from go beside it
python3 -m lifecycle.convert.verdict render "$out/conversion.json" >"$tmp/rendered" 2>&1 &&
	cmp -s "$tmp/rendered" "$out/conversion.txt" &&
	[ "$(python3 -c 'import json, sys; print(sorted(json.loads(l)["status"] for l in open(sys.argv[1])))' "$out/conversion.json")" = "['converted', 'converted']" ] && rc=0 || rc=1
ok "$rc" "conversion.json beside conversion.txt: a record per file, the text rendered from them"
cp -r "$out/series" "$tmp/first"
series "$tmp/k" || true
diff -r "$tmp/first" "$out/series" >/dev/null && rc=0 || rc=1
ok "$rc" "a second run gives byte-identical patches"
[ "$(git -C "$tmp/k" rev-parse HEAD)" = "$head_before" ] &&
	[ -z "$(git -C "$tmp/k" status --porcelain)" ] && rc=0 || rc=1
ok "$rc" "the user's tree is untouched (same HEAD, clean)"
# 7. a driver the rules refuse, in the hisi_acc row's directory, and a
# last core patch that removes the old calls
git -C "$tmp/k" checkout -q -b refused
mkdir -p "$tmp/k/drivers/vfio/pci/hisilicon"
cp "$TOP/tests/cocci/in/lc_runtime_ops.c" "$tmp/k/drivers/vfio/pci/hisilicon/lcr.c"
git -C "$tmp/k" add -A
git -C "$tmp/k" commit -q -m "lcr: a driver with ops chosen at run time"
# the core patch of the end, made on top of core 0001 and the rename
git -C "$tmp/k" checkout -q -b post
git -C "$tmp/k" am -q "$tmp/core"/0001-*.patch
sed -i 's/vfio_device_put(/vfio_device_put_registration(/; s/vfio_device_try_get(/vfio_device_try_get_registration(/' "$tmp/k/drivers/vfio/vfio_main.c"
git -C "$tmp/k" commit -q -a -m "rename"
grep -v -e 'vfio_init_group_dev' -e 'vfio_uninit_group_dev' -e '^			 const struct vfio_device_ops \*ops);$' \
	"$tmp/k/include/linux/vfio.h" >"$tmp/vfio.h"
mv "$tmp/vfio.h" "$tmp/k/include/linux/vfio.h"
git -C "$tmp/k" commit -q -a -m "vfio: Add struct device to vfio_device"
mkdir -p "$tmp/core2"
cp "$tmp/core"/0001-*.patch "$tmp/core2/"
git -C "$tmp/k" format-patch -q -N --stdout HEAD~1 >"$tmp/core2/0016-vfio-Add-struct-device-to-vfio_device.patch"
# a conversion of lcr by hand, on the base
git -C "$tmp/k" checkout -q refused
git -C "$tmp/k" checkout -q -b byhand
cat >"$tmp/k/drivers/vfio/pci/hisilicon/lcr.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
#include <linux/vfio.h>

struct lcr_state {
	struct vfio_device vdev;
	bool fast;
};

static const struct vfio_device_ops lcr_slow_ops = {
	.name = "lcr-slow",
	.release = vfio_free_device,
};

static const struct vfio_device_ops lcr_fast_ops = {
	.name = "lcr-fast",
	.release = vfio_free_device,
};

static int lcr_probe(struct device *dev)
{
	bool fast = dev_to_node(dev) == 0;
	struct lcr_state *st;
	int ret;

	st = vfio_alloc_device(lcr_state, vdev, dev,
			       fast ? &lcr_fast_ops : &lcr_slow_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	st->fast = fast;
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		vfio_put_device(&st->vdev);
	return ret;
}
EOF
git -C "$tmp/k" commit -q -a -m "lcr: Use the new device life cycle helpers"
mkdir -p "$tmp/hand" "$tmp/badhand"
git -C "$tmp/k" format-patch -q -N --stdout HEAD~1 >"$tmp/hand/hisi_acc-0001-lcr-by-hand.patch"
sed 's/lcr_state {$/lcr_old_state {/' "$tmp/hand/hisi_acc-0001-lcr-by-hand.patch" >"$tmp/badhand/hisi_acc-0001-lcr-stale.patch"
git -C "$tmp/k" checkout -q refused
git -C "$tmp/k" branch -q -D post byhand

PATCHES=$tmp/core2
series "$tmp/k" && rc=0 || rc=$?
is "$rc" 3 "refused driver: exit 3"
grep -q 'held back: vfio: Add struct device to vfio_device' "$tmp/log" &&
	grep -q 'still use the old calls: drivers/vfio/pci/hisilicon/lcr.c' "$tmp/log" && rc=0 || rc=1
ok "$rc" "refused driver: the last core patch is held back, and why"
set -- "$out/series"/*struct-device*.patch
[ -e "$1" ] && rc=1 || rc=0
ok "$rc" "refused driver: no struct device patch in the series"
grep -q '^Held back: the core patches' "$out/series/0000-cover-letter.patch" && rc=0 || rc=1
ok "$rc" "refused driver: the cover letter says what was held back"

series --hand "$tmp/hand" "$tmp/k" && rc=0 || rc=$?
is "$rc" 0 "hand patch: exit 0"
find "$out/series" -name '*.patch' -printf '%f\n' | sort | sed 's/^[0-9]*-//' | paste -sd' ' - >"$tmp/list"
is "$(cat "$tmp/list")" "cover-letter.patch vfio-Add-helpers-for-the-vfio_device-life-cycle.patch lcr-Use-the-new-device-life-cycle-helpers.patch vfio-mtty-Use-the-new-device-life-cycle-helpers.patch vfio-lcdirect-Use-the-new-device-life-cycle-helpers.patch vfio-Rename-vfio_device_put-and-vfio_device_try_get.patch vfio-Add-struct-device-to-vfio_device.patch" \
	"hand patch: in its row (hisi_acc, before mtty), struct device last"
grep -q "^Written by hand (from $tmp/hand/)" "$out/series/0002-"*.patch &&
	grep -q 'Signed-off-by: Test Maintainer' "$out/series/0002-"*.patch && rc=0 || rc=1
ok "$rc" "hand patch: marked as written by hand, signed off"
left=$(git -C "$out/tree" grep -n -w -e vfio_init_group_dev -e vfio_uninit_group_dev HEAD |
	grep -v -c ':[0-9]*: \*' || true)
is "$left" 0 "hand patch: no old call left in the final tree"
grep -q 'gives the final tree' "$tmp/log" && rc=0 || rc=1
ok "$rc" "hand patch: the series verified"

series --hand "$tmp/badhand" "$tmp/k" && rc=0 || rc=$?
is "$rc" 3 "stale hand patch: exit 3"
grep -q 'hisi_acc-0001-lcr-stale.patch does not apply to this tree: not used' "$tmp/log" && rc=0 || rc=1
ok "$rc" "stale hand patch: says it does not apply, not used"

# --cc: the tree's get_maintainer.pl (a stand-in here) names the recipients
mkdir -p "$tmp/k/scripts"
cat >"$tmp/k/scripts/get_maintainer.pl" <<'EOF'
#!/usr/bin/perl
print "Ann Maintainer <ann\@example.org> (maintainer:LCR)\n";
print "Rob Reviewer <rob\@example.org> (reviewer:LCR)\n";
print "lcr\@lists.example.org (open list:LCR)\n";
EOF
chmod +x "$tmp/k/scripts/get_maintainer.pl"
git -C "$tmp/k" add -A
git -C "$tmp/k" commit -q -m "scripts: get_maintainer.pl"
series --hand "$tmp/hand" --cc "$tmp/k" && rc=0 || rc=$?
sed -n '/^Subject:/,/^$/p' "$out/series/0002-"*.patch >"$tmp/hdr"
grep -q '^To: Ann Maintainer <ann@example.org>$' "$tmp/hdr" &&
	grep -q '^Cc: Rob Reviewer <rob@example.org>,$' "$tmp/hdr" &&
	grep -q '^ lcr@lists.example.org$' "$tmp/hdr" && [ "$rc" -eq 0 ] && rc=0 || rc=1
ok "$rc" "--cc: To: the maintainer, Cc: reviewer and list, in the mail headers"

# 10. parent-owned, the structure in a header, in no row's directory
mkdir -p "$tmp/k/drivers/vfio/lcph"
cp "$TOP/tests/cocci/groups/lcparent_hdr/in/"* "$tmp/k/drivers/vfio/lcph/"
git -C "$tmp/k" add -A
git -C "$tmp/k" commit -q -m "lcph: a channel the parent owns"
series --hand "$tmp/hand" "$tmp/k" && rc=0 || rc=$?
is "$rc" 0 "parent-owned in a header: exit 0"
set -- "$out/series"/*-vfio-lcph-Use-the-new-device-life-cycle-helpers.patch
files=$(sed -n 's|^diff --git a/\([^ ]*\) .*|\1|p' "$1" 2>/dev/null | paste -sd' ' -)
is "$files" "drivers/vfio/lcph/lcph.h drivers/vfio/lcph/lcph_ops.c" \
	"parent-owned in a header: one patch, header and driver"
grep -q '^+	struct completion vdev_released;$' "$1" &&
	grep -q '^+	wait_for_completion(&ch->vdev_released);$' "$1" &&
	grep -q '^+	complete(&ch->vdev_released);$' "$1" && rc=0 || rc=1
ok "$rc" "parent-owned in a header: member added, @release completes it, puts wait"
tap_exit
