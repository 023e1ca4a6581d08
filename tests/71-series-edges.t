#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# make series KERNEL=: the edges (issue 17).  On small kernel-shaped trees
# written here, with a core patch 0001 and a last core patch that removes
# the old calls:
#  - a file as KERNEL, a directory that is not there, HAND= as make's
#    user typed it: clear errors naming what was typed, nothing written;
#  - a shallow tree reached through a symlinked parent, with a space, a (
#    and a + in its path: accepted, the name made safe and printed, the
#    tree's objects not copied;
#  - a header that names the old calls only in a comment and a string does
#    not hold anything back; a header that still calls them in its code
#    (the rules convert .c files only) holds the last core patch back,
#    listed with its line, exit 3;
#  - a refusal (user.name unset) and an interrupt leave the previous
#    series as it was, no temporary directory behind; make check's
#    check/ directory survives a new series;
#  - two runs on one output: the second refuses, the first completes;
#  - a tree with part of the series applied gets the rest of it;
#  - every run's last line says its outcome.
set -eu
. "$(dirname "$0")/tap.sh"
# make series is python3 -m lifecycle series (the package at the top)
PYTHONPATH=$TOP${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

plan 44

tmp=$(mktemp -d)
sfx=$$
name=lc-t$sfx
out=$TOP/drivers-out/$name
D=$TOP/drivers-out
trap 'rm -rf "$tmp" "$D/lc-t$sfx" "$D/lc-t$sfx.lock" "$D/.lc-t$sfx".* "$D/lc-e$sfx" "$D/lc-e$sfx.lock" "$D/.lc-e$sfx".* "$D/lc-c-x$sfx" "$D/lc-c-x$sfx.lock"' EXIT
S="python3 -m lifecycle series"
# series LOG ARGS...: a run with the core patches made here
series() {
	sr_log=$1
	shift
	VFIO_LC_CORE_PATCHES=$tmp/core $S "$@" >"$sr_log" 2>&1
}
last() { tail -n 1 "$1"; }
tmps() { find "$TOP/drivers-out" -maxdepth 1 -name ".$name.*" | grep -c . || true; }

. "$TOP/tests/standin.sh"
# mktree DIR: a minimal kernel-shaped git tree of the old form, two commits
mktree() {
	standin_tree "$1"
	# names the old calls in a comment and a string only
	cat >"$1/drivers/vfio/lcdirect/lc_note.h" <<'EOF'
/* TODO: vfio_alloc_device() once we need no vfio_init_group_dev() */
#define LC_NOTE "vfio_uninit_group_dev"
EOF
	standin_commit "$1" "Linux 6.0"
	echo "lc" >"$1/README"
	standin_commit "$1" "Linux 6.0.1"
}
mktree "$tmp/k"
# core patches: 0001 the helpers; 0016, on 0001 and the rename, removes
# the old calls
standin_core_patch "$tmp/k" "$tmp/core"
sed -i 's/vfio_device_put(/vfio_device_put_registration(/; s/vfio_device_try_get(/vfio_device_try_get_registration(/' "$tmp/k/drivers/vfio/vfio_main.c"
git -C "$tmp/k" commit -q -a -m "rename"
sed -i -e '/vfio_init_group_dev\|vfio_uninit_group_dev/d' -e '/^			 const struct vfio_device_ops \*ops);$/d' "$tmp/k/include/linux/vfio.h"
git -C "$tmp/k" commit -q -a -m "vfio: Add struct device to vfio_device"
git -C "$tmp/k" format-patch -q -N --stdout HEAD~1 >"$tmp/core/0016-vfio-Add-struct-device-to-vfio_device.patch"
git -C "$tmp/k" checkout -q -
git -C "$tmp/k" branch -q -D core

# 1. what a make user typed, and nothing written
: >"$tmp/afile"
series "$tmp/log" "$tmp/afile" && rc=0 || rc=$?
is "$rc" 1 "a file as KERNEL: exit 1"
grep -q "afile is a file, not a kernel tree directory" "$tmp/log" && rc=0 || rc=1
ok "$rc" "a file as KERNEL: says it is a file"
KERNEL=$tmp/nothere series "$tmp/log" "$tmp/nothere" && rc=0 || rc=$?
grep -q "KERNEL=$tmp/nothere: no such directory" "$tmp/log" && [ "$rc" -eq 1 ] && rc=0 || rc=1
ok "$rc" "a missing KERNEL=: named as make's user typed it, exit 1"
HAND=$tmp/nohand series "$tmp/log" --hand "$tmp/nohand" "$tmp/k" && rc=0 || rc=$?
grep -q "HAND=$tmp/nohand: no such directory" "$tmp/log" && ! grep -q -e '--hand' "$tmp/log" &&
	[ "$rc" -eq 1 ] && rc=0 || rc=1
ok "$rc" "a missing HAND=: named HAND=, not --hand"
is "$(last "$tmp/log")" "  RESULT   bad input (exit 1): refused; nothing written" "bad input: the last line says so"
# a vfio.h of no known API: bad input, said in the last line too
git clone -q "$tmp/k" "$tmp/noapi"
echo '/* no vfio_device life cycle here */' >"$tmp/noapi/include/linux/vfio.h"
git -C "$tmp/noapi" -c user.name=T -c user.email=t@example.org commit -q -a -m "no API"
series "$tmp/log" "$tmp/noapi" && rc=0 || rc=$?
grep -q 'unknown vfio API' "$tmp/log" && [ "$rc" -eq 1 ] &&
	[ "$(last "$tmp/log")" = "  RESULT   bad input (exit 1): refused; nothing written" ] && rc=0 || rc=1
ok "$rc" "a vfio.h of no known API: exit 1, the reason, the last line"
is "$(cd "$TOP" && python3 -c 'import sys; from lifecycle.common import out_name; print(*map(out_name, sys.argv[1:]))' /x/modules '/x/a b+c(1)')" \
	"modules-series a-b-c-1-" "names: modules is make convert's, bad characters made -"

# code_only (cocci/lclib/ctext.py): only the code's words count
cat >"$tmp/words.c" <<'EOF'
/* vfio_init_group_dev() was here; // not this either */
static const char *m = "vfio_init_group_dev(\"x\")", c = '"';
// vfio_uninit_group_dev() \
   vfio_uninit_group_dev() still the comment
int f(void) { return vfio_init_group_dev(0); } /* vfio_uninit_group_dev */
EOF
got=$(cd "$TOP/cocci" && python3 -m lclib.ctext --refs 'vfio_init_group_dev|vfio_uninit_group_dev' "$tmp/words.c") || true
is "$got" "$tmp/words.c:5:int f(void) { return vfio_init_group_dev(0); } /* vfio_uninit_group_dev */" \
	"ctext: a call in code counts, comments and strings do not"

# 2. a shallow tree through a symlinked parent, space ( + in the path
mkdir -p "$tmp/a b(c)"
git clone -q --depth 1 "file://$tmp/k" "$tmp/a b(c)/lc+t$sfx"
K=$tmp/ln/lc+t$sfx
ln -s "$tmp/a b(c)" "$tmp/ln"
git -C "$K" config user.name "Test Maintainer"
git -C "$K" config user.email "test@example.org"
[ -f "$K/.git/shallow" ] || bail "git clone --depth 1 gave no shallow tree"
series "$tmp/log" "$K" && rc=0 || rc=$?
is "$rc" 0 "symlinked, shallow, odd path: exit 0"
is "$(last "$tmp/log")" "  RESULT   done (exit 0): 5 patches in drivers-out/$name/series/" "done: the last line says so"
grep -q "^  output: drivers-out/$name/$" "$tmp/log" && rc=0 || rc=1
ok "$rc" "the safe name is printed"
find "$out/series" -name '*.patch' -printf '%f\n' | sort | paste -sd' ' - >"$tmp/list"
is "$(cat "$tmp/list")" "0000-cover-letter.patch 0001-vfio-Add-helpers-for-the-vfio_device-life-cycle.patch 0002-vfio-mtty-Use-the-new-device-life-cycle-helpers.patch 0003-vfio-lcdirect-Use-the-new-device-life-cycle-helpers.patch 0004-vfio-Rename-vfio_device_put-and-vfio_device_try_get.patch 0005-vfio-Add-struct-device-to-vfio_device.patch" \
	"the whole series: a comment and a string naming the old calls hold nothing back"
is "$(find "$out/tree/.git/objects" -name '*.pack' | grep -c . || true)" 0 \
	"the shallow tree's objects are not copied"
cp -r "$out/series" "$tmp/s1"
mkdir -p "$out/check/o-x86_64"
echo build >"$out/check/o-x86_64/marker"

# 3. a refusal leaves the previous series
git -C "$K" config --unset user.name
HOME=$tmp GIT_CONFIG_NOSYSTEM=1 series "$tmp/log" "$K" && rc=0 || rc=$?
git -C "$K" config user.name "Test Maintainer"
grep -q 'user.name/user.email are not set' "$tmp/log" && [ "$rc" -eq 1 ] && rc=0 || rc=1
ok "$rc" "user.name unset: refused, exit 1"
diff -r "$tmp/s1" "$out/series" >/dev/null && [ -f "$out/check/o-x86_64/marker" ] && rc=0 || rc=1
ok "$rc" "user.name unset: the previous series and check/ as they were"

# 4. a header that calls an old call in its code; two runs at once
cat >"$K/drivers/vfio/lcdirect/lc_inline.h" <<'EOF'
/* still the old way */
static inline void lc_setup(struct vfio_device *vdev, struct device *dev,
			    const struct vfio_device_ops *ops)
{
	vfio_init_group_dev(vdev, dev, ops);
}
EOF
git -C "$K" add -A
git -C "$K" commit -q -m "lcdirect: a helper in a header"
series "$tmp/logA" "$K" &
pa=$!
i=0
while [ "$(tmps)" -eq 0 ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
series "$tmp/logB" "$K" && rc=0 || rc=$?
wait $pa && rca=0 || rca=$?
grep -q "drivers-out/$name is in use by another run" "$tmp/logB" && [ "$rc" -eq 1 ] && rc=0 || rc=1
ok "$rc" "two runs at once: the second refuses, exit 1"
is "$rca" 3 "two runs at once: the first completes (exit 3: a header still calls the old calls)"
grep -q "held back: vfio: Add struct device to vfio_device" "$tmp/logA" &&
	grep -q "^    drivers/vfio/lcdirect/lc_inline.h:5:	vfio_init_group_dev(vdev, dev, ops);$" "$tmp/logA" && rc=0 || rc=1
ok "$rc" "a header calling an old call: the last core patch held back, file and line listed"
grep -q 'lc_note.h' "$tmp/logA" && rc=1 || rc=0
ok "$rc" "the header naming them in a comment and a string is not listed"
set -- "$out/series"/*struct-device*.patch
[ -e "$1" ] && rc=1 || rc=0
ok "$rc" "held back: no struct device patch in the series"
grep -q '^Held back: the core patches' "$out/series/0000-cover-letter.patch" && rc=0 || rc=1
ok "$rc" "held back: the cover letter says so"
like "$(last "$tmp/logA")" '^  RESULT   needs a human \(exit 3\): 4 patches' "needs a human: the last line says so"
[ -f "$out/check/o-x86_64/marker" ] && rc=0 || rc=1
ok "$rc" "a new series keeps make check's check/"
is "$(tmps)" 0 "no temporary directory left"

# 5. an interrupt leaves the previous series
cp -r "$out/series" "$tmp/s2"
# the script itself in the background ($! its pid, not a subshell's)
VFIO_LC_CORE_PATCHES=$tmp/core $S "$K" >"$tmp/log" 2>&1 &
pa=$!
i=0
while [ "$(tmps)" -eq 0 ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM $pa
wait $pa && rc=0 || rc=$?
is "$rc" 143 "TERM: exit 143"
diff -r "$tmp/s2" "$out/series" >/dev/null && [ -f "$out/check/o-x86_64/marker" ] && rc=0 || rc=1
ok "$rc" "TERM: the previous series and check/ as they were"
is "$(tmps)" 0 "TERM: no temporary directory left"
like "$(last "$tmp/log")" '^  RESULT   interrupted \(exit 143\)' "TERM: the last line says so"
# the trap runs once the command in hand ends: here a git whose output a
# shell function sends to a file (G mailinfo >pinfo); the last line still
# reaches the user
mkdir "$tmp/gitw"
cat >"$tmp/gitw/git" <<EOF
#!/bin/sh
case " \$* " in *" mailinfo "*) kill -TERM \$PPID ;; esac
exec $(command -v git) "\$@"
EOF
chmod +x "$tmp/gitw/git"
PATH=$tmp/gitw:$PATH series "$tmp/log" "$K" && rc=0 || rc=$?
is "$rc:$(last "$tmp/log")" "143:  RESULT   interrupted (exit 143): nothing written, drivers-out/$name as it was" \
	"TERM while a function's output goes to a file: exit 143, the last line says so"
diff -r "$tmp/s2" "$out/series" >/dev/null && [ "$(tmps)" -eq 0 ] && rc=0 || rc=1
ok "$rc" "TERM while a function's output goes to a file: the previous series, no temporary directory"

# 6. part of the series in the tree already: the rest of it
name=lc-e$sfx
out=$TOP/drivers-out/$name
half() {
	rm -rf "${tmp:?}/$name"
	git clone -q "$tmp/k" "$tmp/$name"
	git -C "$tmp/$name" config user.name "Test Maintainer"
	git -C "$tmp/$name" config user.email "test@example.org"
	for p in "$@"; do
		git -C "$tmp/$name" am -q "$tmp/s1/$p"-*.patch
	done
}
# the helpers and the lcdirect driver in
half 0001 0003
series "$tmp/log" "$tmp/$name" && rc=0 || rc=$?
is "$rc" 0 "helpers and a driver in: exit 0"
grep -q '^  state:  half converted: the core helpers (.*/core helpers) are in, 1 driver file(s) still use the old calls, the rename is not, 0 of 1 last core patch(es) in$' "$tmp/log" && rc=0 || rc=1
ok "$rc" "helpers and a driver in: the state said"
find "$out/series" -name '*.patch' -printf '%f\n' | sort | paste -sd' ' - >"$tmp/list"
is "$(cat "$tmp/list")" "0000-cover-letter.patch 0001-vfio-mtty-Use-the-new-device-life-cycle-helpers.patch 0002-vfio-Rename-vfio_device_put-and-vfio_device_try_get.patch 0003-vfio-Add-struct-device-to-vfio_device.patch" \
	"helpers and a driver in: the other driver, the rename, the last core patch"
# the same changes as in the whole series (the headers differ: number, commit)
diffs() { sed -n '/^diff --git/,$p' "$@"; }
[ "$(diffs "$tmp/s1/0002-"*.patch)" = "$(diffs "$out/series/0001-"*.patch)" ] &&
	[ "$(diffs "$tmp/s1/0005-"*.patch)" = "$(diffs "$out/series/0003-"*.patch)" ] && rc=0 || rc=1
ok "$rc" "helpers and a driver in: the patches are those of the whole series"
grep -q 'This tree has part of it already' "$out/series/0000-cover-letter.patch" && rc=0 || rc=1
ok "$rc" "helpers and a driver in: the cover letter says where it goes on from"
# everything but the last core patch in
half 0001 0002 0003 0004
series "$tmp/log" "$tmp/$name" && rc=0 || rc=$?
is "$rc" 0 "all but the last core patch in: exit 0"
find "$out/series" -name '*.patch' -printf '%f\n' | sort | paste -sd' ' - >"$tmp/list"
is "$(cat "$tmp/list")" "0000-cover-letter.patch 0001-vfio-Add-struct-device-to-vfio_device.patch" \
	"all but the last core patch in: the last core patch"
# the core patch does not fit: the rest held back, exit 3
half 0001
# a vendor's own names: 0001 no longer applies in reverse, and the last
# core patch's context is gone
sed -i 's/(struct vfio_device \*device);$/(struct vfio_device *vdev);/' "$tmp/$name/include/linux/vfio.h"
git -C "$tmp/$name" commit -q -a -m "vendor names"
series "$tmp/log" "$tmp/$name" && rc=0 || rc=$?
is "$rc" 3 "a core that fits neither: exit 3"
grep -q '^  held back: the rename and the last core patches$' "$tmp/log" && rc=0 || rc=1
ok "$rc" "a core that fits neither: the rename and the last core patches held back, said"
# all of it in
half 0001 0002 0003 0004 0005
series "$tmp/log" "$tmp/$name" && rc=0 || rc=$?
is "$rc" 0 "all in: exit 0"
like "$(last "$tmp/log")" '^  RESULT   done \(exit 0\): nothing to do' "all in: nothing to do"
is "$(tmps)" 0 "no temporary directory left at the end"
# make check KERNEL= finds the output under the name make series gave it
# (a + made a -), and waits for no make series on it: the lock refuses
mkdir -p "$tmp/lc-c+x$sfx" "$D/lc-c-x$sfx/series"
: >"$D/lc-c-x$sfx/series/0000-cover-letter.patch"
out=$(cd "$TOP" && python3 -m lifecycle check "$tmp/lc-c+x$sfx" 2>&1) && rc=0 || rc=$?
like "$rc:$out" "^1:.*lc-c-x$sfx/series/0000-cover-letter.patch has no base-commit" \
	"make check KERNEL=<a+b>: the series of drivers-out/a-b is found"
git -C "$tmp/lc-c+x$sfx" init -q
git -C "$tmp/lc-c+x$sfx" -c user.name=t -c user.email=t@e commit -q --allow-empty -m base
printf 'base-commit: %s\n' "$(git -C "$tmp/lc-c+x$sfx" rev-parse HEAD)" \
	>"$D/lc-c-x$sfx/series/0000-cover-letter.patch"
: >"$D/lc-c-x$sfx/series/0001-x.patch"
out=$(cd "$TOP" && flock "$D/lc-c-x$sfx.lock" python3 -m lifecycle check "$tmp/lc-c+x$sfx" 2>&1) && rc=0 || rc=$?
like "$rc:$out" "^1:.*lc-c-x$sfx is in use by another run" "make check while make series holds the output: refused"

tap_exit
