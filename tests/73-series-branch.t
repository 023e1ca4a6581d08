#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# BRANCH=<name>: the series make series KERNEL= wrote becomes a branch of
# the user's repository in the form b4 prep keeps (an empty cover commit
# with b4's tracking section first, then the series' own commits), with
# refs only: the user's work tree, index and HEAD untouched.  Debian's b4
# renders the same patches from it (subject, message, diff) as the series
# in drivers-out.  A rerun is a no-op; an existing branch elsewhere, a
# missing series and a base that is no longer HEAD are refused, nothing
# written.  The tree is a small kernel-shaped stand-in (as in 70).
set -eu
. "$(dirname "$0")/tap.sh"
# make series is python3 -m lifecycle series (the package at the top)
PYTHONPATH=$TOP${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

plan 41

tmp=$(mktemp -d)
name=lc-branch-test-$$
out=$TOP/drivers-out/$name
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp" "$out" "$out.lock"' EXIT
# the tree's name is the series' name (make series KERNEL= names its
# output so), which the script finds by itself
k=$tmp/$name
branch() {
	python3 -m lifecycle.series.branch --kernel "$k" "$@" >"$tmp/log" 2>&1
}
K() { git -C "$k" "$@"; }
command -v b4 >/dev/null 2>&1 || bail "no b4 (apt-get install b4; scripts/deps.sh)"

# a kernel-shaped tree of the old form, two drivers
mkdir -p "$k/include/linux" "$k/drivers/vfio/lcdirect" "$k/samples/vfio-mdev"
printf 'VERSION = 6\nPATCHLEVEL = 0\nSUBLEVEL = 1\n' >"$k/Makefile"
cat >"$k/include/linux/vfio.h" <<'EOF'
void vfio_init_group_dev(struct vfio_device *device, struct device *dev,
			 const struct vfio_device_ops *ops);
void vfio_uninit_group_dev(struct vfio_device *device);
EOF
cat >"$k/drivers/vfio/vfio_main.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/vfio.h>

static void vfio_device_put(struct vfio_device *device)
{
	complete(&device->comp);
}
EOF
# an error path that says why before it undoes: a hunk there starts below
# the label, which only the tree's diff=cpp keeps out of its header
sed 's/^err_uninit:$/&\n\tdev_dbg(\&mdev->dev, "no registers\\n");\n\tdev_dbg(\&mdev->dev, "count %d\\n", lcd_count);\n\tdev_dbg(\&mdev->dev, "error %d\\n", ret);/' \
	"$TOP/tests/cocci/in/lc_direct.c" >"$k/drivers/vfio/lcdirect/lc_direct.c"
cp "$TOP/tests/cocci/in/lc_reserve.c" "$k/samples/vfio-mdev/mtty.c"
# a stand-in get_maintainer.pl: make series CC_MAINTAINERS=1 (--cc) puts
# the recipients in the mails' headers, b4 keeps them in the cover letter
mkdir -p "$k/scripts"
cat >"$k/scripts/get_maintainer.pl" <<'EOF'
#!/usr/bin/perl
print "Ann Maintainer <ann\@example.org> (maintainer:LCR)\n";
print "Rob Reviewer <rob\@example.org> (reviewer:LCR)\n";
print "lcr\@lists.example.org (open list:LCR)\n";
EOF
chmod +x "$k/scripts/get_maintainer.pl"
# the kernel's own: hunk headers name the C function, not a label
printf '*.c   diff=cpp\n*.h   diff=cpp\n' >"$k/.gitattributes"
K init -q -b master
K config user.name "Test Maintainer"
K config user.email "test@example.org"
K add -A
GIT_AUTHOR_DATE=2022-10-05T12:00:00Z GIT_COMMITTER_DATE=2022-10-05T12:00:00Z \
	K commit -q -m "Linux 6.0.1"
# the core patch, made for this small tree
K checkout -q -b core
cat >>"$k/include/linux/vfio.h" <<'EOF'
struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops);
void vfio_free_device(struct vfio_device *device);
void vfio_put_device(struct vfio_device *device);
EOF
K commit -q -a -m "vfio: Add helpers for the vfio_device life cycle"
mkdir -p "$tmp/core"
K format-patch -q -o "$tmp/core" HEAD~1
K checkout -q master
K branch -q -D core
VFIO_LC_CORE_PATCHES=$tmp/core python3 -m lifecycle series --cc "$k" >"$tmp/series.log" 2>&1 ||
	bail "make series failed: $(tail -n 5 "$tmp/series.log")"
S=$out/series
base=$(K rev-parse HEAD)

# 1. no series
mkdir "$tmp/noseries"
branch --series "$tmp/noseries" --branch lc && rc=0 || rc=$?
is "$rc" 1 "no series: exit 1"
like "$(cat "$tmp/log")" 'no series in .*run make series KERNEL=' "no series: says so and what to run"
K rev-parse -q --verify refs/heads/lc >/dev/null && rc=1 || rc=0
ok "$rc" "no series: no branch written"

# 2. the branch, refs only
K status --porcelain >"$tmp/status.before"
idx=$(sha256sum <"$k/.git/index")
headref=$(K symbolic-ref HEAD)
objs=$(find "$k/.git/objects" -type f | wc -l)
branch --branch lc && rc=0 || rc=$?
is "$rc" 0 "branch: exit 0 (the series found from the tree's name)"
like "$(cat "$tmp/log")" '^  BRANCH   lc: the b4 cover letter and 4 patches on' "branch: says what it wrote"
tip=$(K rev-parse -q --verify refs/heads/lc || echo none)
K status --porcelain >"$tmp/status.after"
[ "$(K rev-parse HEAD)" = "$base" ] && [ "$(K symbolic-ref HEAD)" = "$headref" ] &&
	[ "$(sha256sum <"$k/.git/index")" = "$idx" ] &&
	cmp -s "$tmp/status.before" "$tmp/status.after" && rc=0 || rc=1
ok "$rc" "branch: the user's HEAD, index and work tree untouched"
[ "$(find "$k/.git/objects" -type f | wc -l)" -gt "$objs" ] && rc=0 || rc=1
ok "$rc" "branch: the series' objects are in the user's repository"
is "$(K rev-list --count "$base..lc")" 5 "branch: cover and 4 patches on the base"
cover=$(K rev-list --reverse "$base..lc" | head -n 1)
[ "$(K rev-parse "$cover^{tree}")" = "$(K rev-parse "$base^{tree}")" ] &&
	[ "$(K rev-parse "$cover^")" = "$base" ] && rc=0 || rc=1
ok "$rc" "cover: an empty commit right on the base"
K show -s --format=%B "$cover" >"$tmp/cover"
is "$(head -n 1 "$tmp/cover")" "vfio: Move the drivers to the vfio_device life cycle" "cover: the cover letter's subject first"
sed -n '/^--- b4-submit-tracking ---$/,$p' "$tmp/cover" | sed 1,2d >"$tmp/track.json"
trk=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["series"]; print(s["revision"], s["base-branch"], s["prefixes"], s["change-id"])' "$tmp/track.json" 2>&1 || true)
like "$trk" '^1 master \[\] [0-9]{8}-lc-[0-9a-f]{12}$' "cover: b4's tracking JSON (revision 1, base branch, change-id)"
git -C "$out/tree" log --format='%an <%ae> %ad%n%B' "$base..HEAD" >"$tmp/want"
K log --format='%an <%ae> %ad%n%B' "$cover..lc" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" && rc=0 || rc=1
ok "$rc" "commits: the series' authors, author dates and messages"
is "$(K rev-parse 'lc^{tree}')" "$(git -C "$out/tree" rev-parse 'HEAD^{tree}')" "commits: the series' final tree"
grep -q '^To: Ann Maintainer <ann@example.org>$' "$tmp/cover" &&
	grep -q '^Cc: Rob Reviewer <rob@example.org>$' "$tmp/cover" &&
	grep -q '^Cc: lcr@lists.example.org$' "$tmp/cover" && rc=0 || rc=1
ok "$rc" "cover: the cover letter's recipients as To:/Cc: trailers"
is "$(K config branch.lc.b4-prep-cover-strategy)" commit "config: the branch's b4 cover strategy, as b4 prep -n sets it"

# 3. b4 on the branch, in a throwaway clone
git clone -q -b lc "$k" "$tmp/c"
git -C "$tmp/c" config user.name "Test Maintainer"
git -C "$tmp/c" config user.email "test@example.org"
git -C "$tmp/c" config branch.lc.b4-prep-cover-strategy commit
# in a tree with a Kconfig, b4 would pick its web endpoint, which wants
# signed mails; -o sends nothing either way
git -C "$tmp/c" config sendemail.smtpserver /bin/false
info=$(cd "$tmp/c" && b4 prep --show-info 2>&1) && rc=0 || rc=$?
printf '%s\n' "$info" | grep -q '^cover-subject: vfio: Move the drivers to the vfio_device life cycle$' &&
	printf '%s\n' "$info" | grep -q "^base-commit: $base$" &&
	[ "$(printf '%s\n' "$info" | grep -c '^commit-')" -eq 4 ] && [ "$rc" -eq 0 ] && rc=0 || rc=1
ok "$rc" "b4 prep --show-info: a prep branch, its cover, base and 4 commits"
[ "$rc" -eq 0 ] || printf '%s\n' "$info" | sed 's/^/#   /'
(cd "$tmp/c" && b4 send --no-sign -o "$tmp/b4") >"$tmp/b4.log" 2>&1 && rc=0 || rc=$?
is "$rc" 0 "b4 send -o: exit 0"
set -- "$tmp/b4"/*.eml
is "$#" 5 "b4 send -o: cover letter and 4 patches"
# what a reviewer sees: subject, message, diff (mail headers, the
# signature and the diffstat's bars differ)
view() {
	git mailinfo "$2.msg" "$2.patch" <"$1" >"$2.info"
	{
		sed -n 's/^Subject: //p' "$2.info"
		cat "$2.msg"
		# the diffstat's summary (its bars follow the terminal width),
		# the diff without the blank lines before the signature
		grep -E '^ [0-9]+ files? changed' "$2.patch"
		sed -n '/^diff --git /,$p' "$2.patch" | sed '/^-- $/,$d' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
	} >"$2"
	rm -f "$2.info"
	rm -f "$2.msg" "$2.patch"
}
same=0
for f in "$S"/00[0-9][0-9]-*.patch; do
	case "$f" in */0000-cover-letter.patch) continue ;; esac
	n=${f##*/}
	n=${n%%-*}
	n=$((1${n} - 10000))
	g=$(grep -l "^Subject: \[PATCH 0*$n/4\]" "$tmp/b4"/*.eml | head -n 1)
	[ -n "$g" ] || { diag "no b4 patch $n/4"; continue; }
	view "$f" "$tmp/want.$n"
	view "$g" "$tmp/got.$n"
	if cmp -s "$tmp/want.$n" "$tmp/got.$n"; then same=$((same + 1)); else diff "$tmp/want.$n" "$tmp/got.$n" | head -n 10 | sed 's/^/# /'; fi
done
is "$same" 4 "b4 renders the 4 patches as drivers-out has them (subject, message, diff)"
g=$(grep -l '^Subject: \[PATCH 0/4\] vfio: Move the drivers to the vfio_device life cycle$' "$tmp/b4"/*.eml | head -n 1)
grep -q '^This series moves the vfio drivers of this tree to the vfio_device life$' "${g:-/dev/null}" &&
	grep -q "^base-commit: $base" "${g:-/dev/null}" && rc=0 || rc=1
ok "$rc" "b4 renders the cover letter: subject, text, base-commit"
sed -n '/^To:/,/^[^ TC]/p' "${g:-/dev/null}" | tr -d '\n' >"$tmp/dests"
like "$(cat "$tmp/dests")" '^To: Ann Maintainer <ann@example.org>Cc: Rob Reviewer <rob@example.org>, +lcr@lists.example.org' \
	"b4 sends to the cover letter's recipients"

# 4. a rerun with the same series: nothing to do
branch --branch lc && rc=0 || rc=$?
is "$rc" 0 "rerun: exit 0"
like "$(cat "$tmp/log")" 'lc already holds this series.*nothing to do' "rerun: says there is nothing to do"
is "$(K rev-parse lc)" "$tip" "rerun: the branch unchanged"

# make series ... BRANCH=: the same branch from the make target, and a
# bad name refused before anything is written
(cd "$TOP" && VFIO_LC_CORE_PATCHES=$tmp/core make -s series KERNEL="$k" BRANCH=lc5) \
	>"$tmp/make.log" 2>&1 && rc=0 || rc=$?
is "$rc:$(K rev-parse 'lc5^{tree}' 2>/dev/null)" "0:$(K rev-parse 'lc^{tree}')" \
	"make series BRANCH=: the branch, with the same final tree"
before=$(find "$out" -printf "%p %T@ %s\n" | sort | sha256sum)
(cd "$TOP" && VFIO_LC_CORE_PATCHES=$tmp/core make -s series KERNEL="$k" BRANCH='lc..6') \
	>"$tmp/make.log" 2>&1 && rc=0 || rc=$?
is "$rc:$(grep -c 'BRANCH=lc\.\.6 is not a valid branch name' "$tmp/make.log"):$(grep -cE 'RESULT +bad input \(exit 1\)' "$tmp/make.log")" \
	"2:1:1" "make series BRANCH=<bad name>: refused, the outcome said"
is "$(find "$out" -printf "%p %T@ %s\n" | sort | sha256sum)" "$before" "and the output is as it was"

# 5. a branch of that name elsewhere
K branch other "$base"
branch --branch other && rc=0 || rc=$?
is "$rc" 1 "existing branch elsewhere: exit 1"
like "$(cat "$tmp/log")" 'branch other exists already and points elsewhere.*branch -D other' \
	"existing branch elsewhere: says so and how to delete it"
is "$(K rev-parse other)" "$base" "existing branch elsewhere: left as it was"

# 6. a clone that does not hold the series (a patch changed since)
mkdir "$tmp/stale"
cp "$S"/*.patch "$tmp/stale/"
sed -i 's/^Subject: \[PATCH 2\/4\] vfio\/mtty: Use/Subject: [PATCH 2\/4] vfio\/mtty: Move to/' "$tmp/stale"/0002-*.patch
branch --series "$tmp/stale" --tree "$out/tree" --branch lc3 && rc=0 || rc=$?
is "$rc" 1 "a clone without this series: exit 1"
like "$(cat "$tmp/log")" 'patch 2 \(0002-.*\) is not the commit .*rerun make series' "a clone without this series: says which patch"
K rev-parse -q --verify refs/heads/lc3 >/dev/null && rc=1 || rc=0
ok "$rc" "a clone without this series: no branch written"
cp "$S"/*.patch "$tmp/stale/"
sed -i 's/^From: Test Maintainer </From: Other Author </' "$tmp/stale"/0003-*.patch
branch --series "$tmp/stale" --tree "$out/tree" --branch lc3 && rc=0 || rc=$?
like "$rc:$(cat "$tmp/log")" '^1:.*patch 3 \(0003-.*\) is not the commit' "a patch by another author: refused"

# 7. not a branch name; the branch checked out
branch --branch 'lc..x' && rc=0 || rc=$?
like "$rc:$(cat "$tmp/log")" '^1:.*BRANCH=lc\.\.x is not a valid branch name' "a bad branch name: refused"
branch --branch master && rc=0 || rc=$?
like "$rc:$(cat "$tmp/log")" '^1:.*master exists already: it is the branch checked out' "the checked-out branch: refused"

# 8. no identity to make the cover commit with
K config --unset user.name
K config --unset user.email
mkdir "$tmp/home"
HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1 env -u EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
	-u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL python3 -m lifecycle.series.branch \
	--kernel "$k" --branch lc4 >"$tmp/log" 2>&1 && rc=0 || rc=$?
like "$rc:$(cat "$tmp/log")" '^1:.*user.name/user.email are not set' "no identity: refused, says so"
K rev-parse -q --verify refs/heads/lc4 >/dev/null && rc=1 || rc=0
ok "$rc" "no identity: no branch written"
K config user.name "Test Maintainer"
K config user.email "test@example.org"

# 9. the base is no longer the tree's HEAD
echo '/* later */' >>"$k/drivers/vfio/vfio_main.c"
K commit -q -a -m later
branch --branch lc2 && rc=0 || rc=$?
is "$rc" 1 "base no longer HEAD: exit 1"
like "$(cat "$tmp/log")" "the series is built on ${base%"${base#????????????}"}, but .* HEAD is .* now: rerun make series" \
	"base no longer HEAD: says so and what to do"
K rev-parse -q --verify refs/heads/lc2 >/dev/null && rc=1 || rc=0
ok "$rc" "base no longer HEAD: no branch written"
tap_exit
