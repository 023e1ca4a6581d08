#!/bin/sh
# make series KERNEL=<tree>: the conversion series for a kernel tree, as
# git format-patch files in drivers-out/<name>/series/.
#
#   01     the core helpers (core-patch/<family>/, hand-written; the
#          patches its series file gives the role "helpers")
#   02..   one patch per driver group (scripts/series-drivers.tsv order),
#          converted by the semantic patches (scripts/cocci-convert.sh)
#          A driver the rules leave to a human takes the hand-written
#          patches of its row instead: core-patch/<family>/hand/<row>-*.patch
#          or --hand DIR (same names), when they apply to this tree.
#   then   the rename of vfio_device_put()/vfio_device_try_get()
#          (cocci/vfio_rename_registration.cocci)
#   last   the family's other core patches, in its series order
#          (struct device in vfio_device, and what it needs), only once no
#          driver uses the old calls any more: they remove them.  (A core
#          directory without a series file: 0001-*.patch are the helpers,
#          the other NNNN-*.patch the last ones.)
#
# The user's tree is only read: the work is a repository under the output
# whose objects are the tree's own (alternates, nothing copied, a shallow
# tree included) and whose index takes the changes (no work tree, so
# nothing big is written).  Commit dates are the base commit's, so two
# runs give the same bytes.
#
# The output is built in drivers-out/.<name>.tmp.XXXXXX and renamed into
# place only when complete (make check's drivers-out/<name>/check/ moves
# along): a refusal, a failure or an interrupt leaves the previous output
# as it was, and two runs on one output never overlap (the second refuses).
#
# Usage: scripts/series-kernel.sh [--name NAME] [--hand DIR|--no-hand] [--cc]
#                                 [--branch NAME] KERNEL
#   --branch  also write the series as branch NAME of KERNEL, as b4 prep
#             keeps it (scripts/series-branch.py; refs only)
#   --cc   To:/Cc: lines from the tree's scripts/get_maintainer.pl
#   NAME   the output's name; by default KERNEL's basename with any
#          character but letters, digits, . _ - made a -, and "modules"
#          (make convert's) made "modules-series"
# Through make, errors name KERNEL= and HAND= (the variables make passes
# in the environment) rather than the options.
# Exit (and the last line, "  RESULT   <outcome> (exit N)"): 0 series
# written (or nothing to do); 1 bad input, nothing written; 3 series
# written, but something needs a human (a driver the rules refuse, core
# patches held back: listed); 5 a tool failed, the previous output left.
set -eu
. "$(dirname "$0")/lib.sh"
unset CDPATH

# ------------------------------------------------ ends, clean and unclean
ended=
tmpd=
old=
dest=
sdir=
# finish CODE TEXT: the last line (outcome) and exit
finish() {
	ended=yes
	outcome "$@"
}
die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&6
	finish "$LC_EXIT_INPUT" "refused; nothing written${dest:+, ${dest#"$LC_TOP"/} as it was}"
}
tool_failed() {
	printf '%s: error: tool failure: %s\n' "${0##*/}" "$*" >&6
	finish "$LC_EXIT_TOOL" "nothing written${dest:+, ${dest#"$LC_TOP"/} as it was}"
}
# cleanup: no temporary directory left; an output half swapped goes back
# shellcheck disable=SC2317 # cleanup, on_exit, on_signal: from the traps
cleanup() {
	if [ -n "$tmpd" ] && [ -d "$tmpd" ]; then
		# not in place yet: the previous output (and its check/) goes back
		if [ -n "$old" ] && [ -d "$old" ]; then
			[ ! -d "$tmpd/check" ] || [ -e "$old/check" ] || mv "$tmpd/check" "$old/check"
			[ -e "$dest" ] || mv "$old" "$dest"
		fi
		rm -rf "$tmpd"
	fi
	# in place: the previous output goes
	[ -z "$old" ] || [ ! -d "$old" ] || [ ! -d "$dest" ] || rm -rf "$old"
	[ -z "$sdir" ] || rm -rf "$sdir"
}
# shellcheck disable=SC2317
on_exit() {
	oe_rc=$?
	cleanup
	if [ -z "$ended" ]; then
		ended=yes
		printf '%s: error: tool failure: a command failed (exit %s)\n' "${0##*/}" "$oe_rc" >&6
		outcome "$LC_EXIT_TOOL" "a command failed (exit $oe_rc); nothing written${dest:+, ${dest#"$LC_TOP"/} as it was}"
	fi
}
# shellcheck disable=SC2317
on_signal() {
	trap - EXIT INT TERM
	cleanup
	printf '  %-8s %s (exit %s): %s\n' RESULT interrupted "$1" "nothing written${dest:+, ${dest#"$LC_TOP"/} as it was}" >&7
	exit "$1"
}
trap on_exit EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# as_typed OPTION VAR VALUE: how the user gave VALUE: "VAR=VALUE" when
# make passed it (make exports its command-line variables), else
# "OPTION VALUE"
as_typed() {
	if [ "$(printenv "$2" 2>/dev/null || true)" = "$3" ]; then
		echo "$2=$3"
	else
		echo "${1:+$1 }$3"
	fi
}

name=
hand=
cc=no
branch=
while [ $# -gt 0 ]; do
	case "$1" in
	--name)
		[ $# -ge 2 ] || die "--name needs a name"
		name=$2
		shift 2 ;;
	--hand)
		[ $# -ge 2 ] || die "--hand needs a directory"
		ht=$(as_typed --hand HAND "$2")
		[ ! -e "$2" ] || [ -d "$2" ] || die "$ht is a file, not a directory of hand-written patches"
		hand=$(cd -- "$2" 2>/dev/null && pwd) || die "$ht: no such directory"
		shift 2 ;;
	--no-hand) hand=none; shift ;;
	--cc) cc=yes; shift ;;
	--branch)
		[ $# -ge 2 ] || die "--branch needs a name"
		branch=$2
		bt=$(as_typed --branch BRANCH "$2")
		git check-ref-format --branch "$branch" >/dev/null 2>&1 ||
			die "$bt is not a valid branch name"
		shift 2 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: make series KERNEL=<kernel git tree>"
need_cmd git spatch python3
kt=$(as_typed "" KERNEL "$1")
[ -e "$1" ] || die "$kt: no such directory"
[ -d "$1" ] || die "$kt is a file, not a kernel tree directory (KERNEL= is the top directory of a kernel git tree)"
# physical: a symlink to the tree, or in its path, is the tree
kernel=$(cd -P -- "$1" 2>/dev/null && pwd -P) || die "$kt: cannot enter it"
# the name comes from the path as typed (a symlink's own name)
kname=$(cd -- "$1" && pwd)

# ---------------------------------------------------------------- survey
step SURVEY "$kernel"
if [ ! -f "$kernel/Makefile" ] || ! grep -q '^VERSION *=' "$kernel/Makefile" ||
	[ ! -d "$kernel/include/linux" ]; then
	die "$kernel is not a kernel tree (no top-level Makefile with VERSION, no include/linux/)"
fi
top=$(git -C "$kernel" rev-parse --show-toplevel 2>/dev/null) ||
	die "$kernel is not a git tree: the series is built on its HEAD commit (git init && git add -A && git commit first)"
top=$(cd -P -- "$top" && pwd -P)
[ "$top" = "$kernel" ] || die "$kernel is inside the git tree $top, not its top: give the top"
git -C "$kernel" rev-parse -q --verify HEAD >/dev/null || die "$kernel: no commit yet"
dirty=$(git -C "$kernel" status --porcelain --untracked-files=no | head -n 5)
[ -z "$dirty" ] || die "$kernel has uncommitted changes (commit or stash them; the series is built on HEAD):
$dirty"
[ -f "$kernel/include/linux/vfio.h" ] || die "$kernel has no include/linux/vfio.h: no vfio in this tree"
# target-api.sh says why it cannot tell (bad input, as here)
api=$(sh "$LC_TOP/scripts/target-api.sh" "$kernel") ||
	die "$kernel: include/linux/vfio.h has a vfio API the series cannot start from"
ver=$(sed -n 's/^VERSION *= *//p' "$kernel/Makefile" | head -n 1)
lvl=$(sed -n 's/^PATCHLEVEL *= *//p' "$kernel/Makefile" | head -n 1)
# the base family from the tree's layout, never from the version (vendor
# trees backport): scripts/lcfamily.py reads core-patch/families.tsv;
# family names the core-patch directory from here on
fam_rc=0
fam=$(python3 "$LC_TOP/scripts/lcfamily.py" "$kernel") || fam_rc=$?
case "$fam_rc" in
0) ;;
1) finish "$LC_EXIT_INPUT" "refused (the base family, above); nothing written${dest:+, ${dest#"$LC_TOP"/} as it was}" ;;
*) tool_failed "scripts/lcfamily.py on $kernel (exit $fam_rc)" ;;
esac
family=$(echo "$fam" | cut -f 2)
core=$(echo "$fam" | cut -f 3)
[ "$family" != none ] || family=$ver.$lvl
OLD_RE=$LC_OLD_RE
sdir=$(mktemp -d)
# the core and the pci-core library define the old calls; the drivers use
# them (in their code: a comment or a string naming one does not count)
old_files=$(git -C "$kernel" grep -l -w -E "$OLD_RE" HEAD -- '*.c' |
	sed 's/^HEAD://' | grep -v -x -e "$core" -e drivers/vfio/pci/vfio_pci_core.c || true)
if [ -n "$old_files" ]; then
	mkdir "$sdir/of"
	echo "$old_files" | tr '\n' '\0' | xargs -0 git -C "$kernel" archive HEAD -- | tar -x -C "$sdir/of"
	rc=0
	(cd "$sdir/of" && echo "$old_files" | tr '\n' '\0' | python3 -m lclib.ctext --refs "$OLD_RE" -) >"$sdir/of.refs" || rc=$?
	[ "$rc" -le 1 ] || tool_failed "python3 -m lclib.ctext on the tree's files (exit $rc)"
	old_files=$(cut -d: -f1 "$sdir/of.refs" | uniq)
fi
echo "  base:   $(git -C "$kernel" log -1 --format='%h %s') (Linux $ver.$lvl, vfio core API: $api, core: ${core:-none})"
echo "  family: $(echo "$fam" | cut -f 1) -> core-patch/$family, $(echo "$fam" | cut -f 4)"
echo "  old-API files: $(echo "$old_files" | grep -c . || true)"
patches=${VFIO_LC_CORE_PATCHES:-$LC_TOP/core-patch/$family}
# the family's patches in the order they apply (its series file names
# each with its role; a family laid out like another, core-patch/<family>/
# derive, takes that family's patches with its own paths): materialised in
# $sdir/core under the numbered names the stages below order by
derived=
if [ -f "$patches/series" ] || [ -f "$patches/derive" ]; then
	derived=$(python3 "$LC_TOP/scripts/lccorepatch.py" "$patches" "$sdir/core") ||
		tool_failed "scripts/lccorepatch.py on ${patches#"$LC_TOP"/}"
	[ ! -f "$patches/derive" ] ||
		echo "  core:   ${patches#"$LC_TOP"/} derives its patches: $derived ($(grep -c '^path' "$patches/derive") path(s) renamed)"
	patches=$sdir/core
fi
# shown PATH: a core or hand patch as the user finds it (its file in its
# family's directory, and its role)
shown() {
	case "$1" in
	"$sdir/core") echo "core-patch/$family" ;;
	"$sdir/core"/*)
		sh_rel=${1#"$sdir/core/"}
		sh_o=$(awk -F '\t' -v r="$sh_rel" '$1 == r || index($1, r "/") == 1 { print $2; exit }' "$sdir/core/.origin")
		sh_f=$(awk -F '\t' -v r="$sh_rel" '$1 == r && $3 != "" { print $3 " (" $4 ")"; exit }' "$sdir/core/.origin")
		echo "core-patch/${sh_o:-$family}/${sh_f:-$sh_rel}${sh_o:+$([ "$sh_o" = "$family" ] || echo " (paths as in $family)")}"
		;;
	*) echo "${1#"$LC_TOP"/}" ;;
	esac
}
# the last core patches: struct device in vfio_device and what it needs
post=$(find "$patches" -maxdepth 1 -name '00[0-9][0-9]-*.patch' ! -name '0001-*' 2>/dev/null | sort)

# sort_post REPO INDEX: $post against INDEX (a git index of REPO, not
# changed): post_in the patches already in (they apply in reverse),
# post_todo those to apply, in order; post_bad the first that does
# neither.  $sdir/post.index: INDEX with post_todo applied.
sort_post() {
	cp "$2" "$sdir/post.index"
	post_in=
	post_todo=
	post_bad=
	post_why=
	for sp_p in $post; do
		if GIT_INDEX_FILE=$sdir/post.index git -C "$1" apply --cached --check -R "$sp_p" 2>/dev/null; then
			post_in="$post_in $sp_p"
		elif apply_on "$sdir/post.index" "$1" "$sp_p"; then
			post_todo="$post_todo $sp_p"
		else
			post_bad=$sp_p
			post_why=$(conflict_of "$sdir/post.index" "$1" "$sp_p" "${base:-}")
			break
		fi
	done
}
# named PATH: a patch's file name, a core patch's as its family's
# directory has it (not the numbered name of $sdir/core)
named() {
	case "$1" in
	"$sdir/core"/*)
		awk -F '\t' -v r="${1#"$sdir/core/"}" '$1 == r { print ($3 != "" ? $3 : $1); f = 1; exit }
			END { if (!f) print r }' "$sdir/core/.origin" ;;
	*) echo "${1##*/}" ;;
	esac
}
# apply_on INDEX REPO PATCH [NAME]: PATCH on INDEX (a git index of REPO),
# as it is or, where the tree changed near a hunk (a vendor tree's commit),
# by a three-way merge with the blobs the patch was written against, which
# the tree's history has.  A merged patch is listed (NAME, by default its
# file name) in $sdir/merged.  On a conflict: fails, INDEX as it was.
apply_on() {
	GIT_INDEX_FILE=$1 git -C "$2" apply --cached "$3" 2>/dev/null && return 0
	cp "$1" "$1.3way"
	if GIT_INDEX_FILE=$1.3way git -C "$2" apply --cached --3way "$3" >/dev/null 2>&1; then
		mv "$1.3way" "$1"
		am_n=${4:-$(named "$3")}
		grep -qxF "$am_n" "$sdir/merged" 2>/dev/null || echo "$am_n" >>"$sdir/merged"
		return 0
	fi
	rm -f "$1.3way"
	return 1
}
# conflict_of INDEX REPO PATCH [BASE]: where PATCH conflicts with the tree
# (INDEX, REPO): the file, the hunk and the tree's newest commit on its
# lines; with BASE, only BASE and its ancestors are the tree's (not the
# series' own commits on it)
conflict_of() {
	co_err=$(GIT_INDEX_FILE=$1 git -C "$2" apply --cached --check "$3" 2>&1 | sed -n 's/^error: patch failed: //p' | head -n 1)
	co_file=${co_err%:*}
	co_line=${co_err##*:}
	[ -n "$co_err" ] || { echo "git apply gave no hunk"; return 0; }
	co_hunk=$(awk -v f="$co_file" -v l="$co_line" '
		/^diff --git / { in_f = ($3 == "a/" f) }
		in_f && /^@@ / { split($2, o, ","); if (-o[1] == l) { print; exit } }' "$3")
	co_len=$(echo "$co_hunk" | sed -n 's/^@@ -[0-9]*,\([0-9]*\) .*/\1/p')
	co_c=
	for co_b in $(git -C "$2" blame --porcelain -L "$co_line,+${co_len:-1}" HEAD -- "$co_file" 2>/dev/null |
		awk '/^[0-9a-f]{40} / { c = $1 } /^committer-time / { print $2, c }' | sort -rn | cut -d' ' -f2 | uniq); do
		if [ -z "${4:-}" ] || git -C "$2" merge-base --is-ancestor "$co_b" "$4"; then
			co_c=$co_b
			break
		fi
	done
	[ -n "$co_c" ] || co_c=$(git -C "$2" log -1 --format=%H "${4:-HEAD}" -- "$co_file")
	co_where="at line $co_line"
	[ -z "$co_hunk" ] || co_where="\"$co_hunk\""
	echo "$co_file, hunk $co_where, against the tree's commit $(git -C "$2" log -1 --format='%h ("%s")' --abbrev=12 "$co_c")"
}
# subjects PATCH...: their subjects, ";"-separated
subjects() {
	for sj_p in "$@"; do
		git mailinfo /dev/null /dev/null <"$sj_p" | sed -n 's/^Subject: //p'
	done | paste -sd';' -
}

resume=
state=
case "$api" in
old)
	[ -n "$old_files" ] || die "$kernel: the core has the old API but no driver uses it: nothing to convert"
	if [ ! -d "$patches" ] || ! ls "$patches"/0001-*.patch >/dev/null 2>&1; then
		die "$kernel: Linux $family with the core in $core: no core patches for this base family (supported: $(find "$LC_TOP/core-patch" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | paste -sd' ' -))"
	fi
	# the core patches must fit this tree's layout: checked on a scratch
	# index, before anything is written
	chk=$sdir/check.index
	GIT_INDEX_FILE=$chk git -C "$kernel" read-tree HEAD
	for p in "$patches"/0001-*.patch; do
		if ! GIT_INDEX_FILE=$chk git -C "$kernel" apply --cached --check "$p" 2>"$chk.err"; then
			# a vendor tree's commit near a hunk: merged where git can
			apply_on "$chk" "$kernel" "$p" && continue
			if git -C "$kernel" cat-file -e "$(sed -n 's/^index \([0-9a-f]*\)\.\..*/\1/p' "$p" | head -n 1)" 2>/dev/null; then
				die "$(shown "$p") conflicts with this tree: $(conflict_of "$chk" "$kernel" "$p"); a three-way merge did not resolve it; nothing was written"
			fi
			err=$(head -n 3 "$chk.err")
			die "$(shown "$p") does not apply: this tree (core in $core) is not laid out like the Linux $family family the core patches were written for; nothing was written
$err"
		fi
	done
	[ ! -s "$sdir/merged" ] || echo "  merged: $(paste -sd' ' "$sdir/merged") (three-way: the tree changed near their hunks)"
	target=6.1
	;;
*)
	# The helpers are in the core.  A tree of a family with core patches
	# whose core still defines the old calls is this series half applied:
	# it goes on from where the tree is, when the tree's core is recognised
	# (core patch 0001 is in: it applies in reverse; or the last core
	# patches apply on it as they are).
	defined=no
	if [ -d "$patches" ] && ls "$patches"/0001-*.patch >/dev/null 2>&1; then
		git -C "$kernel" show "HEAD:include/linux/vfio.h" >"$sdir/vfio.h"
		rc=0
		python3 -m lclib.ctext --refs "$OLD_RE" "$sdir/vfio.h" >/dev/null || rc=$?
		case "$rc" in
		0) defined=yes ;;
		1) ;;
		*) tool_failed "python3 -m lclib.ctext on include/linux/vfio.h (exit $rc)" ;;
		esac
	fi
	renamed=yes
	! git -C "$kernel" grep -q -w -e vfio_device_put -e vfio_device_try_get HEAD -- drivers/vfio include/linux || renamed=no
	if [ "$defined" = yes ]; then
		chk=$sdir/check.index
		GIT_INDEX_FILE=$chk git -C "$kernel" read-tree HEAD
		in1=yes
		for p in $(find "$patches" -maxdepth 1 -name '0001-*.patch' | sort -r); do
			GIT_INDEX_FILE=$chk git -C "$kernel" apply --cached -R "$p" 2>/dev/null || in1=no
		done
		GIT_INDEX_FILE=$chk git -C "$kernel" read-tree HEAD
		sort_post "$kernel" "$chk"
		ndrv=$(echo "$old_files" | grep -c . || true)
		if [ "$in1" = yes ] || { [ -n "$post" ] && [ -z "$post_bad" ]; }; then
			resume=yes
			state="the core helpers ($(shown "$patches") helpers) are in, $ndrv driver file(s) still use the old calls, the rename $([ "$renamed" = yes ] && echo 'is done' || echo 'is not'), $(echo "$post_in" | wc -w) of $(echo "$post" | wc -w) last core patch(es) in"
			echo "  state:  half converted: $state"
			if [ -z "$old_files" ] && [ "$renamed" = yes ] && [ -z "$post_todo" ] && [ -z "$post_bad" ]; then
				finish "$LC_EXIT_OK" "nothing to do: $state"
			fi
		else
			state="the core helpers are in, $ndrv driver file(s) still use the old calls, but this core matches neither the helpers of core-patch/$family nor its last core patches"
			echo "  state:  $state"
		fi
	fi
	if [ -z "$old_files" ] && [ -z "$resume" ] && [ "$defined" = no ]; then
		echo "$kernel is already converted (vfio core API $api) and no driver uses the old calls: nothing to do"
		finish "$LC_EXIT_OK" "nothing to do"
	fi
	echo "  the core is already converted ($api): only the drivers still in the old form get patches${resume:+, then the rest of the series}"
	target=$api
	;;
esac

uname=$(git -C "$kernel" config user.name || true)
umail=$(git -C "$kernel" config user.email || true)
if [ -z "$uname" ] || [ -z "$umail" ]; then
	die "git config user.name/user.email are not set: they sign the patches (Signed-off-by)"
fi
if [ "$cc" = yes ] && [ ! -x "$kernel/scripts/get_maintainer.pl" ]; then
	die "--cc: $kernel has no scripts/get_maintainer.pl"
fi

if [ -n "$name" ]; then
	case "$name" in
	modules) die "--name modules: drivers-out/modules/ is make convert's" ;;
	.* | *[!A-Za-z0-9._-]*) die "--name $name: letters, digits, . _ - only, not a leading ." ;;
	esac
else
	name=$(out_name "$kname")
fi
dest=$LC_TOP/drivers-out/$name
echo "  output: drivers-out/$name/"
# ------------------------------------------------------------ the output
# Nothing was written so far.  One run per output at a time.
lock_out "$dest"
tmpd=$(mktemp -d "$LC_TOP/drivers-out/.$name.tmp.XXXXXX")
work=$tmpd/tree
step REPO "drivers-out/$name/tree (the tree's objects, no checkout)"
kgit=$(git -C "$kernel" rev-parse --git-common-dir)
kgit=$(cd "$kernel" && cd -P -- "$kgit" && pwd -P)
git -c init.defaultBranch=lc init -q --template= "$work"
mkdir -p "$work/.git/objects/info"
echo "$kgit/objects" >"$work/.git/objects/info/alternates"
# a shallow tree's history ends at its grafts
[ ! -f "$kgit/shallow" ] || cp "$kgit/shallow" "$work/.git/shallow"
G() { git -C "$work" "$@"; }
G update-ref HEAD "$(git -C "$kernel" rev-parse HEAD)"
G read-tree HEAD
base=$(G rev-parse HEAD)
when=$(G log -1 --format=%cI "$base")
# for the ABI entries of core patches: the month of the base, the release
# after its VERSION.PATCHLEVEL
abi_date=$(LC_ALL=C G log -1 --date=format:'%B %Y' --format=%cd "$base")
abi_kver=$ver.$((lvl + 1))
GIT_AUTHOR_NAME=$uname GIT_AUTHOR_EMAIL=$umail GIT_AUTHOR_DATE=$when
GIT_COMMITTER_NAME=$uname GIT_COMMITTER_EMAIL=$umail GIT_COMMITTER_DATE=$when
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE
sob="Signed-off-by: $uname <$umail>"
# built here, renamed to $dest when complete
out=$tmpd

# commit SUBJECT BODYFILE [TRAILER]: commit the index on HEAD; TRAILER
# (e.g. a Fixes: line) goes in the sign-off's block, before it.
commit() {
	{
		echo "$1"
		echo
		cat "$2"
		echo
		[ -z "${3:-}" ] || echo "$3"
		echo "$sob"
	} >"$out/msg"
	c=$(G commit-tree "$(G write-tree)" -p "$(G rev-parse HEAD)" -F "$out/msg")
	G update-ref HEAD "$c"
	step COMMIT "$1"
}

# put FILE SRC: FILE (path in the tree) takes the content of SRC.
put() {
	h=$(G hash-object -w --path "$1" "$2")
	G update-index --add --cacheinfo "100644,$h,$1"
}

# apply_patch PATCH NOTE: PATCH (git format-patch) on the index, committed
# with its own subject and message, NOTE appended.
apply_patch() {
	step APPLY "$(shown "$1")"
	# an ABI entry's Date: and KernelVersion: are the base's, not the
	# day the patch was written
	sed -e "s/@ABI_DATE@/$abi_date/g" -e "s/@ABI_KVER@/$abi_kver/g" "$1" >"$out/apatch"
	# checked before: a patch that does not apply now is a failure
	apply_on "$work/.git/index" "$work" "$out/apatch" "$(named "$1")" || tool_failed "$(shown "$1") does not apply to $kernel after the checks that it does"
	G mailinfo "$out/pmsg" "$out/ppatch" <"$1" >"$out/pinfo"
	ps=$(sed -n 's/^Subject: //p' "$out/pinfo")
	# a fix says which commit brought the bug: "Fixes-pickaxe: CODE" in
	# its message is the code whose arrival (git log -S) did
	pick=$(sed -n 's/^Fixes-pickaxe: //p' "$out/pmsg" | head -n 1)
	fixes=
	nofix=
	if [ -n "$pick" ]; then
		fixes=$(fixes_line "$pick" "$(G apply --numstat "$out/apatch" | cut -f 3)") ||
			tool_failed "git log -S on $kernel (for the Fixes: line of $(shown "$1"))"
		case "$fixes" in
		Fixes:*) ;;
		*) nofix=$fixes fixes= ;;
		esac
	fi
	# the user sends it and signs it off, like every patch here
	{
		grep -v -e '^Signed-off-by: ' -e '^Fixes-pickaxe: ' "$out/pmsg" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
		[ -z "$nofix" ] || printf '\n%s\n' "$nofix" | fold -s -w 72 | sed 's/ *$//'
		echo
		echo "$2" | fold -s -w 72 | sed 's/ *$//'
	} >"$out/pbody"
	commit "$ps" "$out/pbody" "$fixes"
}

# fixes_line CODE FILES: "Fixes: <sha> ("subject")" for the first commit
# of the user's tree that added CODE to FILES, or why there is none: a
# commit without parents (a one-commit base, the graft of a shallow
# clone) is where the history starts, not where the bug came in.
fixes_line() {
	# shellcheck disable=SC2086 # one path per word
	fc=$(git -C "$kernel" log -S"$1" --reverse --format=%H HEAD -- $2) || return 1
	fc=$(echo "$fc" | head -n 1)
	if [ -n "$fc" ] && git -C "$kernel" rev-parse -q --verify "$fc^" >/dev/null; then
		git -C "$kernel" log -1 --abbrev=12 --format='Fixes: %h ("%s")' "$fc" || return 1
	elif [ -n "$fc" ]; then
		echo "The base has no history to name the commit that introduced this."
	else
		echo "The base's history does not show the commit that introduced this."
	fi
}

# applies_on_head PATCH...: they apply in order to the index (scratch copy)
applies_on_head() {
	cp "$work/.git/index" "$out/scratch.index"
	for a in "$@"; do
		if ! GIT_INDEX_FILE=$out/scratch.index G apply --cached "$a" 2>/dev/null; then
			rm -f "$out/scratch.index"
			echo "${a##*/}"
			return 1
		fi
	done
	rm -f "$out/scratch.index"
}

# ------------------------------------------------------- 01: core patches
if [ "$api" = old ]; then
	for p in "$patches"/0001-*.patch; do
		apply_patch "$p" "From vfio-lifecycle's core-patch/$family."
	done
fi

# ------------------------------------------- fixes before the conversion
# A driver whose remove never unregisters the vfio_device that probe
# registers gets that fix as its own patch, made by a rule and committed
# just before its group's conversion (or hand-written patches), which
# then goes on top: fixes/<file> is the fixed file, fixes/<file>.why the
# rule's line, fixes/<file>.diff the fix for the hand-written patches'
# check.
fixd=$out/fixes
fix_files=
for f in $(echo "$old_files" | grep '\.c$' || true); do
	mkdir -p "$fixd/$(dirname "$f")"
	G show ":$f" >"$fixd/$f.in"
	# not in $(...): a failing spatch ends the run (exit 5)
	if missing_unregister "$fixd/$f.in" "$fixd/$f" "$fixd/$f.log" "$f" >"$fixd/$f.why"; then
		diff -u --label "a/$f" --label "b/$f" "$fixd/$f.in" "$fixd/$f" >"$fixd/$f.diff" || true
		fix_files="$fix_files $f"
		echo "  fix:    $f: $(cut -d' ' -f1 "$fixd/$f.why")() never unregisters its vfio_device: a patch of its own first"
	else
		rm -f "$fixd/$f.why"
	fi
	rm -f "$fixd/$f.in"
done
# fix_diffs FILE...: the fixes of those files, for applies_on_head
fix_diffs() {
	for fd_f in "$@"; do
		case " $fix_files " in *" $fd_f "*) echo "$fixd/$fd_f.diff" ;; esac
	done
}
fixed_done=
# emit_fix FILE PREFIX: FILE's fix as a commit of its own (once)
emit_fix() {
	case " $fix_files " in *" $1 "*) ;; *) return 0 ;; esac
	case " $fixed_done " in *" $1 "*) return 0 ;; esac
	fixed_done="$fixed_done $1"
	ef_why=$(cat "$fixd/$1.why")
	put "$1" "$fixd/$1"
	python3 "$LC_TOP/scripts/lcfixmsg.py" unregister body "$ef_why" >"$out/body" ||
		tool_failed "scripts/lcfixmsg.py on $1 ($ef_why)"
	# the registration came in with the bug: its commit is the Fixes:
	ef_call=$(echo "$ef_why" | cut -d' ' -f3)
	ef_mem=$(echo "$ef_why" | cut -d' ' -f5)
	ef_st=$(echo "$ef_why" | cut -d' ' -f9-)
	ef_fix=$(fixes_line "$ef_call(&$ef_st->$ef_mem)" "$1") ||
		tool_failed "git log -S on $kernel (for the Fixes: line of the fix of $1)"
	case "$ef_fix" in
	Fixes:*) ;;
	*) printf '\n%s\n' "$ef_fix" | fold -s -w 72 | sed 's/ *$//' >>"$out/body"; ef_fix= ;;
	esac
	printf '\n%s\n' "Generated by: cocci/vfio_missing_unregister.cocci (vfio-lifecycle)" >>"$out/body"
	commit "$(prefix "$1" "$2"): $(python3 "$LC_TOP/scripts/lcfixmsg.py" unregister subject "$ef_why")" "$out/body" "$ef_fix"
}

# ------------------------------------------------ drivers done by hand
# <row>-NNNN-*.patch: the row's patches, in order; a row goes whole or
# not at all, and only for files that still use the old calls.
[ -n "$hand" ] || hand=$patches/hand
{ [ "$hand" != none ] && [ -d "$hand" ]; } || hand=
hand_rows=
hand_files=
if [ -n "$hand" ]; then
	for row in $(find "$hand" -maxdepth 1 -name '*-[0-9][0-9][0-9][0-9]-*.patch' -printf '%f\n' |
		sed 's/-[0-9][0-9][0-9][0-9]-.*//' | sort -u); do
		rp=$(find "$hand" -maxdepth 1 -name "$row-[0-9][0-9][0-9][0-9]-*.patch" | sort)
		# shellcheck disable=SC2086 # one patch per word
		rf=$(cat $rp | G apply --numstat - 2>/dev/null | cut -f 3 | sort -u)
		if [ -z "$rf" ] || ! echo "$old_files" | grep -q -x -F "$rf"; then
			echo "  hand:   $row: its files do not use the old calls here: not used"
			continue
		fi
		# shellcheck disable=SC2086,SC2046 # one patch per word
		if bad=$(applies_on_head $(fix_diffs $rf) $rp); then
			hand_rows="$hand_rows $row"
			hand_files="$hand_files $rf"
			echo "  hand:   $row: $(echo "$rp" | grep -c .) hand-written patch(es) from $(shown "$hand") replace the rules for $(echo "$rf" | paste -sd' ' -)"
		else
			echo "  hand:   $row: $bad does not apply to this tree: not used (the rules' result stands)"
		fi
	done
fi
# shellcheck disable=SC2086 # one path per word
conv_files=$(echo "$old_files" | grep -v -x -F "$(printf '%s\n' $hand_files)" || true)
[ -n "$hand_files" ] || conv_files=$old_files

# ---------------------------------------------------------- conversion
src=$out/src
mkdir -p "$src"
conv=$out/conv
report=$conv/.cocci/conversion.txt
records=$conv/.cocci/conversion.json
if [ -n "$conv_files" ]; then
	dirs=$(echo "$conv_files" | xargs -n 1 dirname | sort -u)
	# shellcheck disable=SC2086 # one directory per word
	G archive HEAD $dirs | tar -x -C "$src"
	# the conversion goes on top of the fixes
	for f in $fix_files; do
		[ ! -f "$src/$f" ] || cp "$fixd/$f" "$src/$f"
	done
	step CONVERT "$(echo "$conv_files" | grep -c .) files, target API $target"
	set +e
	# shellcheck disable=SC2086 # one path per word
	(cd "$src" && PYTHONPATH=$LC_TOP:$PYTHONPATH python3 -m lifecycle convert-files --target "$target" --out "$conv" $conv_files) >"$out/convert.log" 2>&1
	crc=$?
	set -e
	[ "$crc" -eq 0 ] || [ "$crc" -eq 3 ] || tool_failed "the conversion (convert-files) failed (exit $crc); its log ends:
$(tail -n 15 "$out/convert.log")"
else
	mkdir -p "$conv/.cocci"
	: >"$report"
	: >"$records"
fi
cp "$report" "$out/conversion.txt"
# the typed records conversion.txt is rendered from: what this script
# decides, it reads there (scripts/lcverdict.py), never in the text
cp "$records" "$out/conversion.json"

# converted files and, for a mid-layer, the members that go together;
# the files the rules refused (they need a human)
converted=$(python3 "$LC_TOP/scripts/lcverdict.py" paths "$records" --status converted) ||
	tool_failed "scripts/lcverdict.py could not read $records"
refused=$(python3 "$LC_TOP/scripts/lcverdict.py" paths "$records" --status not-converted) ||
	tool_failed "scripts/lcverdict.py could not read $records"
# the kernel style of what the rules added (lclib/style.py)
# shellcheck disable=SC2086 # one path per word, as conv_files
style_pass "$src" "$conv" "$out/style.log" $converted
groups=$conv/.cocci/groups
[ -f "$groups" ] || : >"$groups"

# body FILE...: what the conversion did, from the records: their code,
# level and fields choose each paragraph, in the words of scripts/messages/
body() {
	for f in "$@"; do
		python3 "$LC_TOP/scripts/lcmessage.py" --record "$records" "$f" "$conv/$f" ||
			tool_failed "scripts/lcmessage.py --record on $f"
		echo
	done | fold -s -w 72 | sed 's/ *$//' | sed '$d' >"$out/body"
	# the kernel's way for a generated patch: name the semantic patches,
	# once (the ones cocci-convert.sh ran for these records)
	sps=$(python3 "$LC_TOP/scripts/lcmessage.py" --rules "$records" "$@") ||
		tool_failed "scripts/lcmessage.py --rules on $*"
	printf '\n%s\n' "Generated by: $sps (vfio-lifecycle)" | fold -s -w 72 | sed 's/ *$//' >>"$out/body"
}

# cc_hdr PATCH LIST: To:/Cc: headers before the end of PATCH's mail
# headers, from get_maintainer.pl --roles lines: To: the maintainers and
# supporters, Cc: reviewers, lists and the rest.
cc_hdr() {
	awk -v list="$2" '
		BEGIN {
			while ((getline l < list) > 0) {
				# "Name <mail> (role:...)" or "list@host (open list:...)"
				r = l; sub(/^[^(]*\(/, "", r)
				a = l; sub(/ *\(.*$/, "", a)
				if (a == "" || a in seen) continue
				seen[a] = 1
				if (r ~ /^(maintainer|supporter)/) to = to (to == "" ? "" : ",\n ") a
				else cc = cc (cc == "" ? "" : ",\n ") a
			}
		}
		!done && /^$/ {
			if (to != "") print "To: " to
			if (cc != "") print "Cc: " cc
			done = 1
		}
		{ print }
	' "$1" >"$1.new" && mv "$1.new" "$1"
}

# prefix FILE FALLBACK: the subject prefix the file's history uses.
prefix() {
	p=$(git -C "$kernel" log -n 30 --no-merges --format=%s HEAD -- "$1" 2>/dev/null |
		sed -n 's/^\([A-Za-z0-9_/.-]*\): .*/\1/p' | sort | uniq -c | sort -rn | awk 'NR == 1 && $1 >= 2 { print $2 }')
	echo "${p:-$2}"
}

done_files=
summary=$out/summary
: >"$summary"
claim() {
	for f in $1; do
		case " $done_files " in *" $f "*) continue ;; esac
		echo "$f"
	done
}
tab=$(printf '\t')
while IFS=$tab read -r gname globs gprefix garch; do
	case "$gname" in '' | '#'*) continue ;; esac
	for f in $fix_files; do
		for g in $globs; do
			# shellcheck disable=SC2254 # the globs are patterns
			case "$f" in $g) emit_fix "$f" "$gprefix" ;; esac
		done
	done
	byhand=
	case " $hand_rows " in
	*" $gname "*)
		for p in $(find "$hand" -maxdepth 1 -name "$gname-[0-9][0-9][0-9][0-9]-*.patch" | sort); do
			apply_patch "$p" "Written by hand (from $(shown "$hand")/): the semantic patches leave this driver to a human."
			hf=$(G apply --numstat "$p" | cut -f 3 | paste -sd' ' -)
			done_files="$done_files $hf"
		done
		byhand=yes
		echo "$gname	$garch	$(echo "$hand_files" | tr ' ' '\n' | while read -r f; do
			for g in $globs; do
				# shellcheck disable=SC2254
				case "$f" in $g) echo "$f" ;; esac
			done
		done | sort -u | paste -sd' ' -) (by hand)" >>"$summary"
		;;
	esac
	mine=
	for f in $converted; do
		for g in $globs; do
			# shellcheck disable=SC2254 # the globs are patterns
			case "$f" in $g) mine="$mine $f" ;; esac
		done
	done
	# a group goes whole: a mid-layer library, its header and every
	# caller; a parent-owned driver and the header of its structure
	for f in $mine; do
		grp=$(grep -w -F "$f" "$groups" | head -n 1 || true)
		[ -z "$grp" ] || mine="$mine $grp"
	done
	mine=$(claim "$(echo "$mine" | tr ' ' '\n' | sort -u)")
	if [ -z "$mine" ]; then
		[ -z "$byhand" ] || continue
		left=$(for f in $old_files $converted; do for g in $globs; do
			# shellcheck disable=SC2254
			case "$f" in $g) echo "$f" ;; esac; done; done)
		if [ -n "$left" ] && echo "$left" | grep -q -v -x -F "$(echo "$done_files" | tr ' ' '\n')"; then
			echo "$gname	-	not converted: $(echo "$left" | paste -sd' ' -) (see conversion.txt)" >>"$summary"
		elif [ -n "$left" ]; then
			echo "$gname	-	converted with the patch before it (one mid-layer)" >>"$summary"
		fi
		continue
	fi
	# a member another row's globs match (a mid-layer's caller): its fix
	# too goes before the conversion
	for f in $mine; do emit_fix "$f" "$gprefix"; done
	for f in $mine; do put "$f" "$conv/$f"; done
	first=$(echo "$mine" | head -n 1)
	# shellcheck disable=SC2086 # one path per word
	body $mine
	subj="$(prefix "$first" "$gprefix"): Use the new device life cycle helpers"
	commit "$subj" "$out/body"
	done_files="$done_files $(echo "$mine" | tr '\n' ' ')"
	echo "$gname	$garch	$(echo "$mine" | paste -sd' ' -)" >>"$summary"
done <"$LC_TOP/scripts/series-drivers.tsv"

# converted files no row claims: a patch each
for f in $(claim "$converted"); do
	grp=$(grep -w -F "$f" "$groups" | head -n 1 || true)
	# shellcheck disable=SC2086
	mine=$(claim "$(printf '%s\n' "$f" $grp | sort -u)")
	[ -n "$mine" ] || continue
	for m in $mine; do emit_fix "$m" "$(dirname "$m" | sed 's|^drivers/||')"; done
	for m in $mine; do put "$m" "$conv/$m"; done
	# shellcheck disable=SC2086 # one path per word
	body $mine
	commit "$(prefix "$f" "$(dirname "$f" | sed 's|^drivers/||')"): Use the new device life cycle helpers" "$out/body"
	done_files="$done_files $(echo "$mine" | tr '\n' ' ')"
	echo "$(basename "$f" .c)	-	$(echo "$mine" | paste -sd' ' -)" >>"$summary"
done

# the fixes of files no row claims and no conversion took
for f in $fix_files; do emit_fix "$f" "$(dirname "$f" | sed 's|^drivers/||')"; done

# ------------------------------------------------------- 14: the rename
if { [ "$api" = old ] || [ -n "$resume" ]; } && G grep --cached -q -w -e vfio_device_put -e vfio_device_try_get -- '*.c' '*.h'; then
	for f in $(G grep --cached -l -w -e vfio_device_put -e vfio_device_try_get -- '*.c' '*.h'); do
		G show ":$f" >"$out/rename.c"
		spatch --very-quiet -D patch --no-includes --include-headers \
			--sp-file "$LC_TOP/cocci/vfio_rename_registration.cocci" "$out/rename.c" \
			-o "$out/rename.out.c" >"$out/rename.log" 2>&1 || tool_failed "spatch (cocci/vfio_rename_registration.cocci) failed on $f; its log ends:
$(tail -n 15 "$out/rename.log")"
		[ -f "$out/rename.out.c" ] && put "$f" "$out/rename.out.c"
		rm -f "$out/rename.c" "$out/rename.out.c"
	done
	cat >"$out/body" <<'EOF'
vfio_device_put() and vfio_device_try_get() count the registrations of a
vfio_device, not references to the object, which vfio_put_device() now
drops. Name them for what they do: vfio_device_put_registration() and
vfio_device_try_get_registration().

Generated by: cocci/vfio_rename_registration.cocci (vfio-lifecycle)
EOF
	commit "vfio: Rename vfio_device_put() and vfio_device_try_get()" "$out/body"
fi

# ---------------------------------------- 15: struct device in vfio_device
# code_refs INDEX FILE: in FILE, FILE:LINE:TEXT for each line of a .c or
# .h file of INDEX (an index of the work repository) whose code, not its
# comments or strings, names an old call.
code_refs() {
	cr_d=$out/final
	rm -rf "$cr_d"
	mkdir -p "$cr_d"
	: >"$2"
	cr_rc=0
	GIT_INDEX_FILE=$1 G grep --cached -l -z -w -E "$OLD_RE" -- '*.c' '*.h' >"$out/refs.list" || cr_rc=$?
	[ "$cr_rc" -le 1 ] || tool_failed "git grep on the final tree (exit $cr_rc)"
	if [ -s "$out/refs.list" ]; then
		GIT_INDEX_FILE=$1 G checkout-index -z --stdin --prefix="$cr_d/" <"$out/refs.list"
		cr_rc=0
		(cd "$cr_d" && python3 -m lclib.ctext --refs "$OLD_RE" - <"$out/refs.list") >"$2" || cr_rc=$?
		[ "$cr_rc" -le 1 ] || tool_failed "python3 -m lclib.ctext on the final tree (exit $cr_rc)"
	fi
	rm -rf "$cr_d" "$out/refs.list"
}

# The last core patches remove the old calls: only when no driver is left
# using them, and only all of them.  Whatever the conversion said, the
# tree they give is checked: no .c or .h file anywhere may still name an
# old call in its code.
held=
held_what="the core patches that give vfio_device its struct device and remove the old calls"
left_refs=
if { [ "$api" = old ] || [ -n "$resume" ]; } && [ -n "$post" ]; then
	sort_post "$work" "$work/.git/index"
	# what the rules refused ($refused, from the records) holds them back
	if [ -n "$post_bad" ] && [ "$api" = old ]; then
		# a vendor tree's commit in the way: no half a series
		die "$(shown "$post_bad") conflicts with this tree: $post_why; a three-way merge did not resolve it; nothing was written"
	elif [ -n "$post_bad" ]; then
		held="$(named "$post_bad") conflicts with this tree ($post_why)"
	elif [ -n "$refused" ]; then
		held="these files still use the old calls: $(echo "$refused" | paste -sd' ' -)"
	elif [ -n "$post_todo" ]; then
		code_refs "$sdir/post.index" "$out/left"
		left_refs=$(cat "$out/left")
		if [ -n "$left_refs" ]; then
			held="these files would still call them: $(echo "$left_refs" | cut -d: -f1 | uniq | paste -sd' ' -)"
		fi
	fi
	# shellcheck disable=SC2086 # one patch per word
	[ -z "$post_in" ] || echo "  already in the tree: $(subjects $post_in)"
	if [ -z "$held" ]; then
		for p in $post_todo; do
			apply_patch "$p" "From vfio-lifecycle's core-patch/$family."
		done
	else
		post_in=
		# shellcheck disable=SC2086 # one patch per word
		echo "  held back: $(subjects $post_todo ${post_bad:+$post_bad})"
		echo "    ($held)"
		[ -z "$left_refs" ] || echo "$left_refs" | sed 's/^/    /'
	fi
elif [ -n "$state" ] && [ -z "$resume" ]; then
	held="this tree's core is not what they were written for ($state)"
	held_what="the rename and the last core patches (they remove the old calls)"
	echo "  held back: the rename and the last core patches"
	echo "    ($held)"
fi

# ----------------------------------------------------------- the series
n=$(G rev-list --count "$base..HEAD")
if [ "$n" -eq 0 ]; then
	# nothing that can be done: the previous output stays
	if [ -z "$held" ] && [ -z "$refused" ]; then
		finish "$LC_EXIT_OK" "nothing to do; drivers-out/$name as it was"
	fi
	echo "  needs a human:"
	[ -z "$refused" ] || echo "$refused" | sed 's/^/    /'
	finish "$LC_EXIT_HUMAN" "no patch: nothing the rules or the core patches could do${held:+ ($held_what held back)}; drivers-out/$name as it was"
fi
step FORMAT "drivers-out/$name/series"
# the tree's own .gitattributes (diff=cpp for .c and .h): the hunk headers
# name the function as in a checked-out tree (and as b4 renders them); the
# work repository has no checkout, so git reads them from info/attributes
mkdir -p "$work/.git/info"
G show HEAD:.gitattributes >"$work/.git/info/attributes" 2>/dev/null ||
	rm -f "$work/.git/info/attributes"
G format-patch -q --cover-letter --base="$base" --signature=vfio-lifecycle \
	-o "$out/series" "$base..HEAD"
cover=$(ls "$out/series"/0000-*.patch)
{
	echo "This series moves the vfio drivers of this tree to the vfio_device life"
	echo "cycle: the core allocates the driver's state (vfio_alloc_device()), the"
	echo "driver sets it up in @init and tears it down in @release, and the object"
	echo "is dropped with vfio_put_device()."
	echo
	if [ -n "$resume" ]; then
		echo "This tree has part of it already ($state): the series goes on from" | fold -s -w 72 | sed 's/ *$//'
		echo "there."
		echo
	fi
	echo "  group      arch     files"
	# a row longer than checkpatch's 75 columns goes on, under its files
	while IFS=$tab read -r g a fl; do
		printf '  %-10s %-8s %s\n' "$g" "$a" "$fl"
	done <"$summary" | awk '
		length($0) <= 75 { print; next }
		{
			ind = sprintf("%22s", ""); line = substr($0, 1, 22); first = 1
			rest = substr($0, 23); gsub(/\(by hand\)/, "(by\001hand)", rest)
			n = split(rest, w, " ")
			for (i = 1; i <= n; i++) {
				sub(/\001/, " ", w[i])
				if (!first && length(line) + 1 + length(w[i]) > 75) { print line; line = ind; first = 1 }
				line = line (first ? "" : " ") w[i]; first = 0
			}
			print line
		}'
	if [ -n "$refused" ]; then
		echo
		echo "Not converted (need a human; the reasons are in conversion.txt):"
		echo "$refused" | sed 's/^/  /'
	fi
	if [ -n "$held" ]; then
		echo
		echo "Held back: $held_what, as $held." | fold -s -w 72 | sed 's/ *$//'
	fi
	if [ -s "$sdir/merged" ]; then
		echo
		echo "Merged three-way, as this tree changed near their hunks: $(paste -sd' ' "$sdir/merged")." | fold -s -w 72 | sed 's/ *$//'
	fi
	if [ -n "$fix_files" ]; then
		echo
		echo "Fixed first, each in a patch of its own before its conversion (cocci/vfio_missing_unregister.cocci: a remove that never unregistered the vfio_device probe registered):$fix_files." | fold -s -w 72 | sed 's/ *$//'
	fi
	# what the family's core patches leave out, and why
	[ ! -f "$patches/not-ported.txt" ] || { echo; cat "$patches/not-ported.txt"; }
	echo
	echo "Generated by vfio-lifecycle: core-patch/$family for the core, the"
	echo "semantic patches in cocci/ for the drivers and the rename${hand_rows:+;}"
	[ -z "$hand_rows" ] || echo "written by hand:$hand_rows (marked so in their messages)."
} >"$out/blurb"
awk -v blurb="$out/blurb" '
	/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < blurb) > 0) print l; next }
	{ sub(/\*\*\* SUBJECT HERE \*\*\*/, "vfio: Move the drivers to the vfio_device life cycle"); print }
' "$cover" >"$cover.new" && mv "$cover.new" "$cover"
rm -f "$out/msg" "$out/body" "$out/blurb" "$out/pmsg" "$out/ppatch" "$out/pinfo" "$out/pbody" "$out/apatch"

# --cc: the tree's own get_maintainer.pl names the recipients of each
# patch (To: its maintainers, Cc: the rest); the cover letter gets them all.
if [ "$cc" = yes ]; then
	step CC "scripts/get_maintainer.pl on each patch"
	: >"$out/cc.all"
	for p in "$out/series"/00[0-9][0-9]-*.patch; do
		case "$p" in */0000-cover-letter.patch) continue ;; esac
		(cd "$kernel" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--no-rolestats --roles "$p" 2>/dev/null) >"$out/cc.one" || true
		cc_hdr "$p" "$out/cc.one"
		cat "$out/cc.one" >>"$out/cc.all"
	done
	sort -u "$out/cc.all" >"$out/cc.one"
	cc_hdr "$cover" "$out/cc.one"
	rm -f "$out/cc.one" "$out/cc.all"
fi

# The series must give this tree when applied in order to the base.
step VERIFY "the series applies to $base and gives the final tree"
GIT_INDEX_FILE=$out/verify.index
export GIT_INDEX_FILE
G read-tree "$base"
for p in "$out/series"/00[0-9][0-9]-*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	G apply --cached "$p" || tool_failed "${p##*/} does not apply in order: the series is broken"
done
[ "$(G write-tree)" = "$(G rev-parse 'HEAD^{tree}')" ] || tool_failed "the series does not give the final tree"
unset GIT_INDEX_FILE
rm -f "$out/verify.index"

# what still names an old call in its code, and which of those files only
# define them (the core, the pci-core library and their headers)
code_refs "$work/.git/index" "$out/left"
users=$(grep -v -e "^$core:" -e '^drivers/vfio/pci/vfio_pci_core.c:' \
	-e '^include/linux/vfio.h:' -e '^include/linux/vfio_pci_core.h:' "$out/left" |
	cut -d: -f1 | uniq | grep -v -x -F "$refused" || true)
rm -f "$out/left"

# ------------------------------------------------------ into its place
# The old output goes only now, make check's build directories kept.
if [ -e "$dest" ] || [ -L "$dest" ]; then
	old=$LC_TOP/drivers-out/.$name.old.$$
	rm -rf "$old"
	mv "$dest" "$old"
	[ ! -d "$old/check" ] || mv "$old/check" "$tmpd/check"
fi
mv "$tmpd" "$dest"
tmpd=
[ -z "$old" ] || rm -rf "$old"
old=
out=$dest
work=$dest/tree

echo "  $n patches + cover letter in drivers-out/$name/series/ (base $base)"
rc=$LC_EXIT_OK
why=
if [ -n "$refused" ]; then
	echo "  needs a human:"
	echo "$refused" | sed 's/^/    /'
	rc=$LC_EXIT_HUMAN
	why="drivers the rules refuse (see conversion.txt)"
fi
if [ -n "$users" ]; then
	echo "  needs a human: still calling the old calls, not converted:"
	echo "$users" | sed 's/^/    /'
	rc=$LC_EXIT_HUMAN
	why="${why:+$why; }files still calling the old calls"
fi
if [ -n "$held" ]; then
	rc=$LC_EXIT_HUMAN
	why="${why:+$why; }$held_what held back"
fi
# BRANCH=: the series also as a branch of the user's tree, in the form
# b4 prep keeps it (refs and objects only: work tree, index, HEAD untouched)
if [ -n "$branch" ]; then
	step BRANCH "$branch in $kernel"
	brc=0
	python3 "$LC_TOP/scripts/series-branch.py" --kernel "$kernel" --series "$out/series" \
		--tree "$work" --branch "$branch" || brc=$?
	case "$brc" in
	0) ;;
	1) finish "$LC_EXIT_INPUT" "$n patches in drivers-out/$name/series/, but $bt was refused (above)" ;;
	*) tool_failed "scripts/series-branch.py (exit $brc); the series is in drivers-out/$name/series/" ;;
	esac
fi
if [ "$rc" -eq 0 ]; then
	finish "$rc" "$n patches in drivers-out/$name/series/"
fi
finish "$rc" "$n patches in drivers-out/$name/series/; $why"
