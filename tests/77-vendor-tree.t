#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# Vendor trees (issue 15, item 4): a base of the family plus a commit of
# the vendor's own that touches the core near a hunk of the core patch.
# On stand-in trees written here (tests/standin.sh):
#  - the commit changed the hunk's context, not its lines: the core patch
#    is merged three-way (the blobs it was written against are in the
#    tree's history), the series is complete and says so, and applies to
#    the vendor tree;
#  - the commit changed the lines the hunk changes: refused, exit 1,
#    naming the file, the hunk and the vendor's commit; nothing written;
#  - a tree whose history lacks those blobs is not a tree of the family:
#    refused as before ("not laid out like"), nothing written;
#  - the last core patch (it removes the old calls) conflicting with the
#    vendor's commit once the rest of the series is built: refused the
#    same way, naming the vendor's commit, not one of the series'.
set -eu
. "$(dirname "$0")/tap.sh"
# make series is python3 -m lifecycle series (the package at the top)
PYTHONPATH=$TOP${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

plan 15

tmp=$(mktemp -d)
name=lc-vendor-test-$$
out=$TOP/drivers-out/$name
trap 'rm -rf "$tmp" "$out" "$out.lock"' EXIT
series() {
	VFIO_LC_CORE_PATCHES=$tmp/core python3 -m lifecycle series --name "$name" "$1" >"$tmp/log" 2>&1
}
last() { tail -n 1 "$1"; }

. "$TOP/tests/standin.sh"
# the base, and the core patch 0001 written against it
standin_tree "$tmp/base"
standin_commit "$tmp/base" "Linux 6.0.1"
standin_core_patch "$tmp/base" "$tmp/core"
# the last core patch, on 0001: the old calls out of vfio.h
sed -i -e '/vfio_init_group_dev\|vfio_uninit_group_dev/d' -e '/^			 const struct vfio_device_ops \*ops);$/d' "$tmp/base/include/linux/vfio.h"
git -C "$tmp/base" commit -q -a -m "vfio: Add struct device to vfio_device"
mkdir "$tmp/core16"
git -C "$tmp/base" format-patch -q -o "$tmp/core16" HEAD~2
mv "$tmp/core16/0002-"*.patch "$tmp/core16/0016-vfio-Add-struct-device-to-vfio_device.patch"
git -C "$tmp/base" checkout -q -
git -C "$tmp/base" branch -q -D core

# vendor DIR SED SUBJECT: a clone of the base with the vendor's commit
# SUBJECT, SED run on include/linux/vfio.h
vendor() {
	git clone -q "$tmp/base" "$1"
	git -C "$1" config user.name "Vendor Dev"
	git -C "$1" config user.email "dev@vendor.example"
	sed -i "$2" "$1/include/linux/vfio.h"
	git -C "$1" commit -q -a -m "$3"
}

# 1. the context changed (the first line; the patch appends after the
# third): merged
vendor "$tmp/ctx" 's/^void vfio_init_group_dev(struct vfio_device \*device, struct device \*dev,$/void vfio_init_group_dev(struct vfio_device *device, struct device *parent,/' \
	"vendor: name the parent device"
git clone -q "$tmp/ctx" "$tmp/ctx0"
GIT_INDEX_FILE=$tmp/idx git -C "$tmp/ctx" read-tree HEAD
GIT_INDEX_FILE=$tmp/idx git -C "$tmp/ctx" apply --cached --check "$tmp/core/0001-"*.patch 2>/dev/null && rc=1 || rc=0
ok "$rc" "the vendor's commit: the core patch does not apply as it is"
series "$tmp/ctx" && rc=0 || rc=$?
is "$rc" 0 "context changed near a hunk: exit 0"
grep -q '^  merged: 0001-vfio-Add-helpers-for-the-vfio_device-life-cycle.patch (three-way' "$tmp/log" && rc=0 || rc=1
ok "$rc" "the survey names the patch merged three-way"
tr '\n' ' ' <"$out/series/0000-cover-letter.patch" | grep -q 'Merged three-way, as this tree changed near their hunks: *0001-vfio-Add-helpers' && rc=0 || rc=1
ok "$rc" "the cover letter says so"
# the series applies to the vendor tree and keeps the vendor's line
git -C "$tmp/ctx" am -q "$out/series"/000[1-9]-*.patch && rc=0 || rc=1
ok "$rc" "the series applies to the vendor tree (git am)"
grep -q 'struct device \*parent,$' "$tmp/ctx/include/linux/vfio.h" &&
	grep -q '^void vfio_put_device(struct vfio_device \*device);$' "$tmp/ctx/include/linux/vfio.h" && rc=0 || rc=1
ok "$rc" "the vendor's change and the core patch's both in the result"

# 2. the lines the hunk changes: the patch appends after the last line,
# the vendor changed it
rm -rf "$out" "$out.lock"
vendor "$tmp/conf" 's/^void vfio_uninit_group_dev(struct vfio_device \*device);$/void vfio_uninit_group_dev(struct vfio_device *device) __cold;/' \
	"vendor: the uninit is cold"
series "$tmp/conf" && rc=0 || rc=$?
is "$rc" 1 "a conflict: exit 1"
grep -q "0001-vfio-Add-helpers-for-the-vfio_device-life-cycle.patch conflicts with this tree: include/linux/vfio.h, hunk \"@@ -1,3 +1,7 @@\", against the tree's commit [0-9a-f]\{12\} (\"vendor: the uninit is cold\")" "$tmp/log" && rc=0 || rc=1
ok "$rc" "a conflict: the file, the hunk and the vendor's commit named"
[ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "a conflict: nothing written"
like "$(last "$tmp/log")" '^  RESULT   bad input \(exit 1\): refused; nothing written' "a conflict: the last line says so"

# 3. a tree whose history never had the base's vfio.h: not of the family
mkdir "$tmp/other"
standin_tree "$tmp/other" "/* another layout */
$STANDIN_OLD_H"
standin_commit "$tmp/other" "Linux 6.0.1 elsewhere"
series "$tmp/other" && rc=0 || rc=$?
grep -q "does not apply: this tree (core in drivers/vfio/vfio_main.c) is not laid out like" "$tmp/log" && [ "$rc" -eq 1 ] && rc=0 || rc=1
ok "$rc" "a tree without the base's blobs: not laid out like the family, exit 1"
[ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "and nothing written"

# 4. the last core patch in the way of the vendor's commit of case 1
rm -rf "$out" "$out.lock"
VFIO_LC_CORE_PATCHES=$tmp/core16 python3 -m lifecycle series --name "$name" "$tmp/ctx0" >"$tmp/log" 2>&1 && rc=0 || rc=$?
is "$rc" 1 "the last core patch conflicts: exit 1"
grep -q "0016-vfio-Add-struct-device-to-vfio_device.patch conflicts with this tree: include/linux/vfio.h, hunk \"@@ -1,6 +1,3 @@\", against the tree's commit [0-9a-f]\{12\} (\"vendor: name the parent device\"); a three-way merge did not resolve it; nothing was written" "$tmp/log" && rc=0 || rc=1
ok "$rc" "the last core patch conflicts: the file, the hunk and the vendor's commit named"
[ ! -e "$out" ] && rc=0 || rc=1
ok "$rc" "the last core patch conflicts: nothing written"
